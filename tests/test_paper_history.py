"""Papers from history: "Changes since the previous paper" from the records at the two
meetings, a footnote naming the commit read, and a past paper rendered again byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo.cli.common
import pmo.history
from pmo.cli import app
from tests.gitrepo import ALPHA_HEAD, MAR, alpha, commit, git, project, story, story_base, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    story(root)
    return root


def paper(runner: CliRunner, root: Path, paper_id: str, *args: str) -> str:
    result = runner.invoke(app, ["paper", paper_id, "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def changes_section(text: str) -> str:
    start = text.index("Changes since")
    return text[start : text.index("**For further information")]


def test_changes_come_from_the_records_at_the_two_meetings(repo: Path, runner: CliRunner) -> None:
    section = changes_section(paper(runner, repo, "feb"))
    assert "The records as they stood on 31 January 2024 compared with" in section
    assert "| Design agreed | Alpha | 31 Oct 2024 | 30 Nov 2024 | +30 days |" in section
    assert "| Staff leave | Alpha | 12 | 16 |" in section
    assert "- New: Supplier fails (Alpha; owner Bob Jones; score 10)" in section
    assert "| Alpha | Forecast outturn | £1,150,000 | £1,250,000 | +8.7% |" in section
    assert "| Alpha | Target: Savings | £1,000,000 | £1,200,000 | +20.0% |" in section
    assert "| Alpha | GREEN | AMBER ↓ worsening | RED | RED |" in section
    assert "- Lead vacant (Alpha): new issue (priority medium)" in section
    march = changes_section(paper(runner, repo, "mar"))
    assert "| Design agreed | Alpha | 30 Nov 2024 | 31 Jan 2025 | +62 days |" in march
    assert "- Closed 15 Mar 2024: Supplier fails (Alpha)" in march
    assert "- Lead vacant (Alpha): closed 18 Mar 2024" in march
    assert "- Beta: project removed" in march


def test_without_history_the_dated_facts_are_used(
    repo: Path, tmp_path: Path, runner: CliRunner
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    text = paper(runner, plain, "mar")
    section = changes_section(text)
    assert "compared with" not in section and "Re-forecast" not in section
    assert "- Closed 15 Mar 2024: Supplier fails (Alpha)" in section  # a dated fact
    assert text.rstrip().endswith(
        "*Figures from the records in the working tree, not committed to git.*"
    )


def test_the_footnote_names_the_commits_read(repo: Path, runner: CliRunner) -> None:
    shas = [git(repo, "rev-parse", f"HEAD~{n}") for n in (2, 1)]
    text = paper(runner, repo, "feb")
    assert text.rstrip().endswith(
        f"*Figures from the records at commit {shas[1][:10]} of 15 February 2024. Changes "
        f"since the previous report compared with the records at commit {shas[0][:10]} of 10 "
        "January 2024.*"
    )
    for to in ("docx", "html", "pdf"):  # the footnote is in every document
        out = repo / f"feb.{to}"
        paper(runner, repo, "feb", "--to", to, "-o", str(out))
        assert out.stat().st_size > 0
    html = (repo / "feb.html").read_text(encoding="utf-8")
    assert f"Figures from the records at commit {shas[1][:10]}" in html
    from docx import Document

    words = "\n".join(p.text for p in Document(str(repo / "feb.docx")).paragraphs)
    assert f"records at commit {shas[1][:10]} of 15 February 2024" in words
    from pypdf import PdfReader

    pdf = "".join(page.extract_text() for page in PdfReader(str(repo / "feb.pdf")).pages)
    assert shas[1][:10] in pdf.replace("\n", "")


def frozen(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Make ``day`` today for pmo's choice of records (the working tree on or after today)."""

    class Day(dt.date):
        @classmethod
        def today(cls) -> Day:
            return cls(day.year, day.month, day.day)

    fake = types.SimpleNamespace(date=Day, datetime=dt.datetime, timedelta=dt.timedelta)
    monkeypatch.setattr(pmo.cli.common, "dt", fake)
    monkeypatch.setattr(pmo.history, "dt", fake)


def test_a_past_paper_renders_again_byte_for_byte(
    repo: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """February's paper rendered on its day, from a clean checkout of that day's commit, is
    the paper rendered today from history, although the records have moved on since."""
    on_the_day = tmp_path / "on-the-day"
    git(tmp_path, "clone", "-q", str(repo), str(on_the_day))
    git(on_the_day, "checkout", "-q", "HEAD~1")  # 15 February: the last commit before the 29th
    # Since then: another re-forecast and a new budget, uncommitted edits too.
    april = alpha(**{**MAR, "forecast": "£2m", "m1": ", forecast: 2025-06-30"})
    commit(repo, "2024-04-05T12:00:00+00:00", {"records/alpha.yaml": april})
    write(repo, {"records/alpha.yaml": alpha(**{**MAR, "forecast": "£3m"})})
    later = paper(runner, repo, "feb")
    with monkeypatch.context() as m:
        frozen(m, dt.date(2024, 2, 29))
        then = paper(runner, on_the_day, "feb")
    assert then == later
    assert "at commit" in then  # a clean checkout is named by its commit
    for to in ("html", "docx"):
        paper(runner, repo, "feb", "--to", to, "-o", str(tmp_path / f"later.{to}"))
        with monkeypatch.context() as m:
            frozen(m, dt.date(2024, 2, 29))
            paper(runner, on_the_day, "feb", "--to", to, "-o", str(tmp_path / f"then.{to}"))
        if to == "html":
            assert (tmp_path / "later.html").read_bytes() == (tmp_path / "then.html").read_bytes()
    # The test can fail: without history the paper would show what was recorded later.
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert paper(runner, plain, "feb") != later


def test_on_the_day_an_uncommitted_edit_is_said(
    repo: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, {"records/alpha.yaml": alpha(**{**MAR, "forecast": "£3m"})})
    frozen(monkeypatch, dt.date(2024, 3, 31))
    text = paper(runner, repo, "mar")
    assert "£3,000,000" in text
    assert "*Figures from the records in the working tree, not committed to git." in text


def test_changes_to_a_programme_budget_a_baseline_and_an_impact(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A programme's approved budget, a milestone re-baselined (no forecast), a risk whose
    impact alone moved: each in the paper's changes since the previous one."""
    root = story_base(tmp_path / "repo")
    prog = "kind: programme\nid: prog\nname: Shared Services\nlead: ann\nbudget: {approved: %s}\n"
    commit(root, "2024-01-10T12:00:00+00:00",
           {"records/prog.yaml": prog % "£5m", "records/alpha.yaml": alpha()})  # fmt: skip
    moved = alpha().replace("baseline: 2024-10-31", "baseline: 2024-11-15")
    moved = moved.replace("likelihood: 3, impact: 4", "likelihood: 3, impact: 5")
    commit(root, "2024-02-15T12:00:00+00:00",
           {"records/prog.yaml": prog % "£6m", "records/alpha.yaml": moved})  # fmt: skip
    section = changes_section(paper(runner, root, "feb"))
    assert "| Staff leave | Alpha | 12 | 15 |" in section
    assert (
        "| Design agreed | Alpha | 31 Oct 2024 | 15 Nov 2024 | +15 days (re-baselined) |" in section
    )
    assert "| Shared Services | Approved budget | £5,000,000 | £6,000,000 | +20.0% |" in section


ITEMS = (
    ALPHA_HEAD
    + """\
milestones:
  - {{id: alpha-m1, title: Design agreed, baseline: 2024-10-31{m1}}}
  - {{id: alpha-m2, title: Build done, baseline: 2024-11-30{m2}}}
risks:
  - {{id: alpha-r1, title: Staff leave, owner: ann, likelihood: 3, impact: 4}}{r9}
benefits:
  - {{id: alpha-b1, title: Homes, target: {homes}, unit: homes, due: 2025-03-31}}{b2}
issues:
  - {{id: alpha-i1, title: Lead vacant, owner: ann, raised: 2024-01-08{closed}}}
"""
)


def test_items_new_closed_and_removed_and_the_biggest_move_first(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = story_base(tmp_path / "repo")
    old_risk = "\n  - {id: alpha-r9, title: Old risk, owner: bob, likelihood: 2, impact: 2}"
    new_benefit = "\n  - {id: alpha-b2, title: Fewer visits, target: 100, unit: visits}"
    one = ITEMS.format(m1="", m2="", r9=old_risk, homes=40, b2="", closed="")
    closed = ", status: closed, closed: 2024-02-01"
    two = ITEMS.format(m1=", forecast: 2024-11-15", m2=", forecast: 2025-01-09", r9="",
                       homes=50, b2=new_benefit, closed=closed)  # fmt: skip
    gamma = "kind: project\nid: gamma\nname: Gamma\nprogramme: prog\nlead: bob\n"
    commit(root, "2024-01-10T12:00:00+00:00", {"records/alpha.yaml": one})
    commit(root, "2024-02-15T12:00:00+00:00",
           {"records/alpha.yaml": two, "records/gamma.yaml": gamma})  # fmt: skip
    section = changes_section(paper(runner, root, "feb"))
    moved = section.index("| Build done | Alpha | 30 Nov 2024 | 9 Jan 2025 | +40 days |")
    assert moved < section.index("| Design agreed | Alpha | 31 Oct 2024 | 15 Nov 2024 | +15 days |")
    assert "| Alpha | Target: Homes | 40 homes | 50 homes | +25.0% |" in section
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert items == [
        "- Lead vacant (Alpha): closed 1 Feb 2024",
        "- Fewer visits (Alpha): new benefit (target 100 visits)",
        "- Old risk (Alpha): risk removed",
        "- Gamma: new project",
    ]


def test_an_issue_closed_with_no_date_is_among_the_items(tmp_path: Path, runner: CliRunner) -> None:
    root = story_base(tmp_path / "repo")
    state = {"m1": "", "m2": "", "r9": "", "homes": 40, "b2": ""}
    open_, closed = (
        ITEMS.format(**state, closed=""),
        ITEMS.format(**state, closed=", status: closed"),
    )
    commit(root, "2024-01-10T12:00:00+00:00", {"records/alpha.yaml": open_})
    commit(root, "2024-02-15T12:00:00+00:00", {"records/alpha.yaml": closed})
    section = changes_section(paper(runner, root, "feb"))
    assert [line for line in section.splitlines() if line.startswith("- ")] == [
        "- Lead vacant (Alpha): closed"
    ]


FULL = (
    ALPHA_HEAD
    + """\
end: 2025-06-30
budget: {{approved: 1000000, forecast: {forecast}}}
updates:
  - {{date: 2024-01-05, rag: green, summary: Started}}
milestones:
  - {{id: alpha-m1, title: Design agreed, baseline: {m1}, forecast: 2024-11-30}}
  - {{id: alpha-m2, title: Survey done, baseline: 2024-02-10{m2}}}{m3}
risks:
  - {{id: alpha-r1, title: Staff leave, owner: ann, likelihood: {l1}, impact: {i1}}}
  - {{id: alpha-r2, title: Costs rise, owner: bob, likelihood: {l2}, impact: {l2}}}{more_risks}
issues:
  - {{id: alpha-i1, title: Lead vacant, owner: ann, raised: 2024-01-08,
     priority: {priority}}}{benefits}
"""
)
HOMES = "\nbenefits:\n  - {{id: alpha-b0, title: Homes, target: {}, unit: homes}}"
JANUARY = {"forecast": 1000000, "m1": "2024-10-31", "m2": "", "m3": "", "l1": 2, "i1": 4,
           "l2": 3, "more_risks": "", "priority": "medium",
           "benefits": HOMES.format(40)}  # fmt: skip
FEBRUARY = {
    "forecast": 1500000,  # the cost now red
    "m1": "2024-12-15",  # re-baselined; its forecast (the date it is due) unchanged
    "m2": ", forecast: 2024-03-15",  # its baseline fell in the period: re-forecast
    "m3": "\n  - {id: alpha-m3, title: Go live, baseline: 2024-12-31}",
    "l1": 4, "i1": 2,  # rescored to the same score
    "l2": 4,  # 9 → 16
    "more_risks": "\n  - {id: alpha-r3, title: Supplier fails, owner: bob, likelihood: 2,"
    " impact: 5, raised: 2024-02-20}\n  - {id: alpha-r4, title: Data loss, owner: bob,"
    " likelihood: 2, impact: 2, raised: 2024-02-05}",
    "priority": "high",
    "benefits": HOMES.format(50)  # 40 → 50 homes
    + "\n  - {id: alpha-b1, title: Savings, type: cashable, target: 1000000, due: 2025-03-31}",
}  # fmt: skip


@pytest.fixture
def between_papers(tmp_path: Path) -> Path:
    """The February paper of Shared Services and Digital (in euros), its records committed
    on 10 January and 15 February: see each change's comment in :data:`FEBRUARY`. Outside
    the paper: another programme's budget moved, and a project closed on 5 January (before
    the previous meeting) had its budget moved too."""
    root = story_base(tmp_path / "repo")
    feb = "kind: paper\nid: feb\nboard: brd\nmeeting: 2024-02-29\ntitle: February report\n"
    feb += "author: ann\n"
    other = "kind: programme\nid: other\nname: Other\nlead: bob\nbudget: {approved: %s}\n"

    def closed(budget: str) -> str:
        return project("Closed early", budget, "a-closed") + "closed: 2024-01-05\n"

    commit(root, "2024-01-10T12:00:00+00:00", {
        "pmo.yaml": "name: Story\ncurrency: EUR\n",
        "records/papers/feb.yaml": feb + "scope: [prog, dig]\n",
        "records/other.yaml": other % "1000000",
        "records/a-closed.yaml": closed("100000"),
        "records/alpha.yaml": FULL.format(**JANUARY),
    })  # fmt: skip
    programme = "kind: programme\nid: prog\nname: Shared Services\nlead: ann\n"
    commit(root, "2024-02-15T12:00:00+00:00", {
        "records/prog.yaml": programme + "budget: {approved: 5000000}\n",
        "records/dig.yaml": "kind: programme\nid: dig\nname: Digital\nlead: bob\n",
        "records/other.yaml": other % "2000000",
        "records/a-closed.yaml": closed("120000"),
        "records/alpha.yaml": FULL.format(**FEBRUARY),
    })  # fmt: skip
    return root


def test_the_changes_between_two_papers_and_only_those(
    between_papers: Path, runner: CliRunner
) -> None:
    lines = changes_section(paper(runner, between_papers, "feb")).splitlines()
    assert "| Alpha | GREEN | GREEN → no change | GREEN | RED |" in lines  # then: January's
    assert "| Costs rise | Alpha | 9 | 16 |" in lines
    assert not [line for line in lines if line.startswith("| Staff leave")]  # still 8
    raised = [line for line in lines if line.startswith("- Raised")]
    assert raised == [
        "- Raised 5 Feb 2024: Data loss (Alpha; owner Bob Jones; score 4)",
        "- Raised 20 Feb 2024: Supplier fails (Alpha; owner Bob Jones; score 10)",
    ]
    moved = [line for line in lines if line.startswith(("| Design", "| Survey", "| Go live"))]
    assert moved == ["| Survey done | Alpha | 10 Feb 2024 | 15 Mar 2024 | +34 days |"]
    assert not [line for line in lines if "Survey done" in line and "Slipped" in line]
    figures = ("| Approved budget |", "| Forecast outturn |")
    budgets = [line for line in lines if any(f in line for f in figures)]
    assert budgets == [
        "| Shared Services | Approved budget | – | €5,000,000 | – |",
        "| Alpha | Forecast outturn | €1,000,000 | €1,500,000 | +50.0% |",
    ]
    items = [line for line in lines if line.startswith("- ") and not line.startswith("- Raised")]
    assert items == [
        "- Digital: new programme",
        "- Go live (Alpha): new milestone (due 31 Dec 2024)",
        "- Savings (Alpha): new benefit (target €1m)",
    ]


def test_the_changes_say_which_record_each_is(between_papers: Path) -> None:
    """The ids behind each line (for a repository's own templates and the site)."""
    from pmo.cli.common import portfolio
    from pmo.cli.paper import previous_state
    from pmo.reports.paper import build_paper

    pf = portfolio(between_papers, paper="feb")
    c = build_paper(pf, "feb", previous_state(between_papers, pf, pf.papers["feb"])).changes
    assert [(r.id, r.before, r.after) for r in c.reforecast] == [
        ("alpha-m2", dt.date(2024, 2, 10), dt.date(2024, 3, 15))
    ]
    assert [(r.id, r.before, r.after) for r in c.rescored] == [("alpha-r2", 9, 16)]
    assert [(f.id, f.title, f.what) for f in c.budgets] == [
        ("prog", "Shared Services", "approved budget"),
        ("alpha", "Alpha", "forecast outturn"),
    ]
    assert [(f.id, f.title, f.what, f.unit) for f in c.targets] == [
        ("alpha-b0", "Homes", "target", "homes")
    ]
    assert [(i.kind, i.id) for i in c.items] == [
        ("programme", "dig"),
        ("milestone", "alpha-m3"),
        ("benefit", "alpha-b1"),
    ]
    assert [m.id for m in c.milestones_slipped] == []
