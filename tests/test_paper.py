"""Board papers and templated reports: goldens, computed figures, overrides, escaping, sandbox."""

from __future__ import annotations

import datetime as dt
import doctest
import os
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo.reports.paper
import pmo.templating
from pmo.cli import app
from pmo.load import load
from pmo.reports.paper import add_months, build_paper, cycles_on, next_meeting
from pmo.templating import builtin_dir

Golden = Callable[[str, str], None]


def test_doctests() -> None:
    for module in (pmo.templating, pmo.reports.paper):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0


# --- goldens of every built-in template on the bundled records -----------------------


def test_board_paper_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    result = runner.invoke(app, ["paper", "cyp-oss-2010-10", "--root", str(bundled)])
    assert result.exit_code == 0, result.stderr
    golden("paper-cyp-oss-2010-10.md", result.stdout)


def test_closing_paper_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    result = runner.invoke(app, ["paper", "kent-cabinet-2008-01", "--root", str(bundled)])
    assert result.exit_code == 0, result.stderr
    golden("paper-kent-cabinet-2008-01.md", result.stdout)


@pytest.mark.parametrize(
    ("template", "id_"),
    [("highlight", "csw-adults"), ("risk-register", "csw"), ("status", None)],
)
def test_report_goldens(
    runner: CliRunner, bundled: Path, golden: Golden, template: str, id_: str | None
) -> None:
    args = ["report", template, *([id_] if id_ else []), "--as-of", "2010-10-20"]
    result = runner.invoke(app, [*args, "--root", str(bundled)])
    assert result.exit_code == 0, result.stderr
    golden(f"report-{template}.md", result.stdout)


def test_every_builtin_template_has_a_golden() -> None:
    names = sorted(p.name for p in builtin_dir().glob("*.md.j2"))
    assert names == [
        "board-paper.md.j2",
        "highlight.md.j2",
        "risk-register.md.j2",
        "status.md.j2",
    ]


# --- a small repository with known figures ---------------------------------------------


PEOPLE = """\
kind: people
people:
  - id: ann
    name: Ann Lead
    role: Programme Manager
    organisation: Shire
    phone: "01234 567890"
    email: ann@shire.example
  - {id: bob, name: Bob Owner, role: Director}
"""

BOARD = """\
kind: board
id: board
name: Joint Board
chair: bob
members: [bob]
meets: quarterly
"""

PROGRAMME = """\
kind: programme
id: prog
name: Shared Services
lead: ann
budget: {approved: £1m, forecast: £1.1m, actual: £400k}
updates:
  - {date: 2010-03-01, rag: green, summary: Started.}
"""

ALPHA = """\
kind: project
id: alpha
name: Alpha
programme: prog
lead: ann
budget: {approved: 100000, forecast: 110000, actual: 50000}
updates:
  - {date: 2010-03-01, rag: green, summary: Going well.}
  - date: 2010-05-20
    rag: amber
    summary: Slipping.
    decisions_needed: [Approve extra £10k]
  - {date: 2010-07-01, rag: red, summary: After the meeting; must not count.}
milestones:
  - {id: alpha-m1, title: Design done, baseline: 2010-03-15, actual: 2010-03-10}
  - {id: alpha-m2, title: Build done, baseline: 2010-04-15, actual: 2010-04-20}
  - {id: alpha-m3, title: Test done, baseline: 2010-05-01}
  - {id: alpha-m4, title: Pilot live, baseline: 2010-06-30, forecast: 2010-08-31}
  - {id: alpha-m5, title: Roll-out, baseline: 2010-12-31}
  - {id: alpha-m6, title: Done after, baseline: 2010-04-01, actual: 2010-06-15}
risks:
  - id: alpha-r1
    title: Supplier fails
    owner: bob
    likelihood: 4
    impact: 4
    raised: 2010-04-10
    actions:
      - {action: Find a second supplier, owner: bob, due: 2010-07-01}
      - {action: Old action, owner: bob, due: 2010-03-01, done: 2010-03-02}
  - {id: alpha-r2, title: Staff leave, owner: ann, likelihood: 2, impact: 2, raised: 2010-01-10,
     status: closed, closed: 2010-04-30}
  - {id: alpha-r3, title: Raised later, owner: ann, likelihood: 5, impact: 5, raised: 2010-06-10}
benefits:
  - id: alpha-b1
    title: Savings
    target: £200k
    realised: [{date: 2010-04-01, value: £50k}, {date: 2010-07-01, value: £50k}]
  - {id: alpha-b2, title: Sites live, target: 10, unit: sites,
     realised: [{date: 2010-05-01, value: 3}]}
"""

BETA = """\
kind: project
id: beta
name: Beta | Two
programme: prog
lead: bob
budget: {approved: 50000, forecast: 45000, actual: 10000}
updates:
  - {date: 2010-03-01, rag: amber, summary: "Watch <script>alert(1)</script> | this"}
  - {date: 2010-05-25, rag: green, summary: Recovered.}
risks:
  - {id: beta-r1, title: Minor, owner: bob, likelihood: 2, impact: 3, raised: 2010-02-01}
"""

PREVIOUS = """\
kind: paper
id: p-1
board: board
meeting: 2010-03-31
title: First report
author: bob
"""

PAPER = """\
kind: paper
id: p-2
board: board
meeting: 2010-05-31
title: Second report
author: bob
classification: restricted
scope: [prog]
summary: A summary.
recommendations: [Note the report., Approve the plan.]
sections:
  - heading: Context
    body: |
      First paragraph.

      Second <b>bold</b> paragraph with [a link](javascript:alert(1)).
"""


def make_repo(root: Path, **extra: str) -> Path:
    files = {
        "records/people.yaml": PEOPLE,
        "records/board.yaml": BOARD,
        "records/prog.yaml": PROGRAMME,
        "records/alpha.yaml": ALPHA,
        "records/beta.yaml": BETA,
        "records/p-1.yaml": PREVIOUS,
        "records/p-2.yaml": PAPER,
        "pmo.yaml": "name: Test Office\n",
        **extra,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    loaded = load(root)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return root


def test_header_previous_and_next_meeting(repo: Path) -> None:
    paper = build_paper(load(repo).portfolio, "p-2")
    assert paper.header.board == "Joint Board"
    assert paper.header.author == "Bob Owner"
    assert paper.header.author_role == "Director"
    assert paper.header.classification == "Restricted"
    assert paper.previous_meeting == dt.date(2010, 3, 31)  # the board's latest paper before
    assert paper.changes.previous_paper == "p-1"
    assert paper.next_meeting == dt.date(2010, 8, 31)  # quarterly: three months on


def test_next_meeting_defaults() -> None:
    from pmo.records import Board, Paper

    paper = Paper(kind="paper", id="p", board="b", meeting=dt.date(2010, 1, 31), title="t")
    monthly = Board(kind="board", id="b", name="B", meets="monthly")
    assert next_meeting(paper, monthly) == dt.date(2010, 2, 28)
    assert next_meeting(paper, Board(kind="board", id="b", name="B", meets="when needed")) == (
        dt.date(2010, 4, 30)
    )
    assert next_meeting(paper, None) == dt.date(2010, 4, 30)
    weekly = Board(kind="board", id="b", name="B", meets="Weekly")
    fortnightly = Board(kind="board", id="b", name="B", meets="fortnightly")
    assert next_meeting(paper, weekly) == dt.date(2010, 2, 7)
    assert next_meeting(paper, fortnightly) == dt.date(2010, 2, 14)
    assert cycles_on(paper.meeting, fortnightly, -1) == dt.date(2010, 1, 17)
    assert cycles_on(paper.meeting, monthly, -1) == dt.date(2009, 12, 31)
    paper.next_meeting = dt.date(2010, 3, 3)
    assert next_meeting(paper, monthly) == dt.date(2010, 3, 3)
    assert add_months(dt.date(2010, 12, 15), 1) == dt.date(2011, 1, 15)


def test_dashboard_as_of_the_meeting(repo: Path) -> None:
    paper = build_paper(load(repo).portfolio, "p-2")
    rows = {r.id: r for r in paper.dashboard}
    assert list(rows) == ["prog", "alpha", "beta"]
    assert rows["alpha"].declared == "amber"  # the July update is after the meeting
    assert rows["alpha"].trend == "down"
    assert rows["alpha"].summary == "Slipping."
    assert rows["beta"].declared == "green" and rows["beta"].trend == "up"


def test_milestones_since_previous_due_and_overdue(repo: Path) -> None:
    paper = build_paper(load(repo).portfolio, "p-2")
    # Achieved after 31 March up to 31 May; m1 (10 March) was before, m6 (15 June) after.
    assert [m.id for m in paper.achieved] == ["alpha-m2"]
    # Due from the meeting to the next (31 August): m4 forecast 31 August counts.
    assert [(m.id, m.slip_days) for m in paper.due] == [("alpha-m4", 62)]
    # Overdue at the meeting: m3 (due 1 May, 30 days) and m6 (due 1 April, done only in June).
    assert [(m.id, m.days_overdue) for m in paper.overdue] == [("alpha-m6", 60), ("alpha-m3", 30)]


def test_key_risks_and_mitigations(repo: Path) -> None:
    paper = build_paper(load(repo).portfolio, "p-2")
    # Fewer than five at the escalation score (15): the top open ones, highest first;
    # alpha-r3 was raised after the meeting and alpha-r2 had closed.
    assert [(r.id, r.score, r.band) for r in paper.key_risks] == [
        ("alpha-r1", 16, "red"),
        ("beta-r1", 6, "green"),
    ]
    assert paper.key_risks[0].mitigations == ["Find a second supplier"]
    assert paper.key_risks[0].owner == "Bob Owner"


def test_finance_totals_and_variance(repo: Path) -> None:
    finance = build_paper(load(repo).portfolio, "p-2").finance
    assert [(r.id, r.variance, r.variance_pct) for r in finance.rows] == [
        ("alpha", Decimal(10000), Decimal("10.0")),
        ("beta", Decimal(-5000), Decimal("-10.0")),
    ]
    total = finance.total
    assert total is not None
    assert (total.approved, total.forecast, total.spent) == (
        Decimal(150000),
        Decimal(155000),
        Decimal(60000),
    )
    assert total.variance == Decimal(5000)
    assert total.variance_pct == Decimal("3.3")
    # The programme's own budget is apart, not added into the total.
    assert [(r.id, r.approved, r.variance_pct) for r in finance.programmes] == [
        ("prog", Decimal(1000000), Decimal("10.0"))
    ]


def test_benefits_realised_by_the_meeting(repo: Path) -> None:
    benefits = {b.id: b for b in build_paper(load(repo).portfolio, "p-2").benefits}
    assert benefits["alpha-b1"].realised == Decimal(50000)  # July's £50k is after the meeting
    assert (benefits["alpha-b2"].realised, benefits["alpha-b2"].unit) == (Decimal(3), "sites")


def test_decisions_needed_and_contacts(repo: Path) -> None:
    paper = build_paper(load(repo).portfolio, "p-2")
    assert [(d.work_id, d.decision) for d in paper.decisions] == [("alpha", "Approve extra £10k")]
    assert [c.name for c in paper.contacts] == ["Bob Owner"]  # default: the author


def test_changes_since_previous(repo: Path) -> None:
    changes = build_paper(load(repo).portfolio, "p-2").changes
    assert changes.since == dt.date(2010, 3, 31)
    moved = {m.id: (m.declared_before, m.declared_now, m.trend) for m in changes.ratings}
    assert moved["alpha"] == ("green", "amber", "down")
    assert moved["beta"] == ("amber", "green", "up")
    assert [r.id for r in changes.risks_raised] == ["alpha-r1"]
    assert [r.id for r in changes.risks_closed] == ["alpha-r2"]
    assert [m.id for m in changes.milestones_completed] == ["alpha-m2"]
    # Missed dates that fell between the meetings: m6 (1 April) and m3 (1 May).
    assert [m.id for m in changes.milestones_slipped] == ["alpha-m6", "alpha-m3"]


def test_rendered_paper_figures(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["paper", "p-2", "--root", str(repo)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "**To:** Joint Board – 31 May 2010" in out
    assert "1. Note the report.\n2. Approve the plan." in out
    assert "1.1 First paragraph." in out
    assert (
        "| **Total** | **£150,000** | **£155,000** | **£60,000** | **+£5,000** | **+3.3%** |" in out
    )
    assert "| Beta \\| Two | £50,000 | £45,000 | £10,000 | -£5,000 | -10.0% |" in out
    # Target, planned to date (no plan: –), realised, rating (none without a plan).
    assert "| Savings | Alpha | £200,000 | – | £50,000 | – |" in out
    assert "| Sites live | Alpha | 10 sites | – | 3 sites | – |" in out
    assert "| **Total (money)** | | **£200,000** | **–** | **£50,000** | |" in out
    assert ": £50,000 realised of the £200,000 target (25.0%)." in out
    assert ":milestone, alpha-m4, 2010-08-31, 0d" in out
    assert "Bob Owner, Director" in out


def test_empty_sections_are_left_out(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["paper", "p-1", "--root", str(repo)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    # p-1 has no summary, classification or recommendations; nothing was overdue on
    # 31 March 2010 and no update asked for a decision.
    for absent in ("Summary:", "Recommendation", "Decisions needed", "Overdue"):
        assert absent not in out
    assert "**Classification:** Unrestricted" in out  # the default when none is given
    for present in ("Programme dashboard", "Financial summary", "Benefits", "Key risks"):
        assert present in out


# --- escaping ----------------------------------------------------------------------


def test_record_text_cannot_break_tables_or_inject_html(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["paper", "p-2", "--root", str(repo)])
    out = result.stdout
    assert "<script" not in out and "<b>" not in out
    assert "javascript:" not in out.replace("#blocked-javascript:", "")
    row = next(line for line in out.splitlines() if line.startswith("| Beta"))
    # Five columns: six unescaped pipes.
    assert row.replace("\\|", "").count("|") == 6
    assert "Second &lt;b>bold&lt;/b> paragraph" in out


def test_markdown_filter_closes_an_open_fence() -> None:
    assert pmo.templating.markdown("```\ncode").endswith("\n```")


# --- overrides, template choice and errors ------------------------------------------


def test_repository_template_overrides_builtin(runner: CliRunner, tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        **{"templates/board-paper.md.j2": "OWN {{ paper.header.title }} {{ as_of|date }}\n"},
    )
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OWN Second report 31 May 2010\n"


def test_paper_template_field_and_new_template(runner: CliRunner, tmp_path: Path) -> None:
    paper = PAPER + "template: brief\n"
    root = make_repo(
        tmp_path / "repo",
        **{
            "records/p-2.yaml": paper,
            "templates/brief.md.j2": "{{ paper.finance.total.forecast|money('short') }}\n",
        },
    )
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "£155k\n"
    result = runner.invoke(app, ["report", "brief", "p-2", "--root", str(root)])
    assert result.stdout == "£155k\n"


def test_unknown_template_and_paper(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["report", "hilight", "alpha", "--root", str(repo)])
    assert result.exit_code == 2
    assert "no template 'hilight'; did you mean 'highlight'?" in result.stderr
    result = runner.invoke(app, ["paper", "p-3", "--root", str(repo)])
    assert result.exit_code == 2
    assert "no paper 'p-3'" in result.stderr
    result = runner.invoke(app, ["report", "highlight", "--root", str(repo)])
    assert result.exit_code == 2 and "needs a project id" in result.stderr


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("ok\n{% if %}\n", 2, "Expected an expression"),
        ("ok\nok\n{{ nosuchname }}\n", 3, "'nosuchname' is undefined"),
        ("{{ paper.header.nosuch }}\n", 1, "has no attribute 'nosuch'"),
        ("a\n{{ 5|money('huge') }}\n", 2, "money style must be"),
        ("{{ as_of|money }}\n", 1, "money needs an amount"),
    ],
)
def test_template_errors_name_file_and_line(
    runner: CliRunner, tmp_path: Path, source: str, line: int, message: str
) -> None:
    root = make_repo(tmp_path / "repo", **{"templates/board-paper.md.j2": source})
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 1
    path = root / "templates" / "board-paper.md.j2"
    assert result.stderr.startswith(f"{path}:{line}: error: template-error ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- the sandbox ----------------------------------------------------------------------


HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ paper.__class__.__init__.__globals__ }}",
    "{{ table.__globals__['os'].system('touch PWNED') }}",
    "{{ money.__globals__ }}",
    "{{ paper.header.meeting.__class__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{% include '../secret.txt' %}",
    "{% include '/etc/passwd' %}",
    "{{ 'x' * 100000000 }}",
    "{{ 2 ** 1000000000 }}",
    "{% set n = 1000000000 %}{{ 10 ** n }}",
    "{{ range(10**9)|list|length }}",
    "{{ paper.sections.append(1) }}",
    "{{ paper.finance.rows.pop() }}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_template_reaches_nothing(runner: CliRunner, tmp_path: Path, source: str) -> None:
    root = make_repo(tmp_path / "repo", **{"templates/board-paper.md.j2": source + "\n"})
    (root / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.stdout
    assert "template-error" in result.stderr
    assert "TOP SECRET" not in result.stdout
    assert "root:" not in result.stdout
    assert not (tmp_path / "PWNED").exists()


# --- output files and documents ----------------------------------------------------------


def test_output_file_is_written_and_reported(runner: CliRunner, repo: Path) -> None:
    out = repo / "build" / "p-2.md"
    result = runner.invoke(app, ["paper", "p-2", "-o", str(out), "--root", str(repo)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"pmo: wrote {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Joint Board – 31 May 2010")
    # The charts are written beside it as SVG and linked; no temporary is left behind.
    pictures = sorted(p.name for p in out.parent.iterdir() if p.suffix == ".svg")
    assert pictures == [
        "p-2-benefits.svg",
        "p-2-budget.svg",
        "p-2-dashboard.svg",
        "p-2-heatmap.svg",
        "p-2-timeline.svg",
    ]
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["p-2.md", *pictures])
    for name in pictures:
        assert f"]({name})" in text
    assert "```mermaid" in text  # markdown keeps what renders on GitHub


@pytest.mark.parametrize("target", ["docx", "pdf", "html"])
def test_documents_need_no_external_program(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, target: str
) -> None:
    """No pandoc, no LaTeX, nothing on PATH: every format is written in-process."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["paper", "p-2", "--to", target, "--root", str(repo)])
    assert result.exit_code == 0, result.stderr
    out = repo / "build" / f"p-2.{target}"
    assert f"pmo: wrote {os.path.relpath(out)}" in result.stderr
    assert out.stat().st_size > 1000
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


@pytest.mark.parametrize("target", ["html", "docx", "pdf"])
def test_documents_read_no_local_file(
    runner: CliRunner, repo: Path, tmp_path: Path, target: str
) -> None:
    """A people-written section cannot make a document embed a file from the machine."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nTOP-SECRET-BYTES")
    paper = repo / "records" / "p-2.yaml"
    text = paper.read_text(encoding="utf-8")
    hostile = (
        f'sections:\n  - heading: Annex\n    body: "See ![the plan]({secret}) and '
        f'![x](chart:../../secret) and [f](file://{secret}) here."\n'
    )
    paper.write_text(text.replace("sections:\n", hostile, 1), encoding="utf-8")
    out = tmp_path / f"paper.{target}"
    result = runner.invoke(
        app, ["paper", "p-2", "--to", target, "-o", str(out), "--root", str(repo)]
    )
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    if target == "docx":
        with zipfile.ZipFile(out) as docx:
            media = [n for n in docx.namelist() if n.startswith("word/media/")]
            assert len(media) == 5  # the five charts, nothing else
            for name in media:
                assert b"TOP-SECRET-BYTES" not in docx.read(name)
            body = docx.read("word/document.xml").decode("utf-8")
        assert "the plan" in body and "file://" not in body
    elif target == "html":
        assert b"the plan" in data
        assert str(secret).encode() not in data.replace(b"![the plan]", b"")
    assert b"TOP-SECRET-BYTES" not in data


# --- filters ------------------------------------------------------------------------------


def test_filters() -> None:
    from pmo.templating import filters

    f = filters("GBP")
    money, date, rating, trend, percent = (f[n] for n in ("money", "date", "rating", "trend",
                                                          "percent"))  # fmt: skip
    assert money(Decimal("1234567.5")) == "£1,234,568"
    assert money(Decimal(1234567), "short") == "£1.2m"
    assert money(Decimal(2000000), "short") == "£2m"
    assert money(None) == "–"
    assert filters("USD")["money"](Decimal(120000)) == "$120,000"
    assert date(dt.date(2008, 1, 14)) == "14 January 2008"
    assert date(dt.date(2008, 1, 4), "short") == "4 Jan 2008"
    assert rating("amber-red") == "AMBER/RED"
    assert rating("amber-red", "word") == "Amber/Red"
    assert rating("green", "circle") == "🟢 GREEN"
    assert trend("down") == "↓ worsening" and trend(None) == "–"
    assert percent(Decimal("3.33")) == "+3.3%"


def test_report_as_of_overrides_the_pinned_date(runner: CliRunner, bundled: Path) -> None:
    """--as-of wins over pmo.yaml's as_of (it used to be ignored when a date was pinned)."""
    result = runner.invoke(
        app, ["report", "status", "--as-of", "2010-07-01", "--root", str(bundled)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("status at 1 July 2010")


COMMITTEE = """\
purpose: decision
decision_maker: Cabinet
exempt: "3"
appendices: [Appendix 1 – Review of 2009]
wards: [Abbey, Castle]
background_papers: [Review of 2009]
options:
  - {title: Do nothing, body: The partnership lapses.}
  - {title: Extend the partnership, recommended: true}
forward_plan_ref: FP/2010/007
key_decision: true
cover: true
consultation: Legal and Finance have been consulted.
implications:
  climate: No climate implications.
  legal: The agreement ends.
  HR: Two posts move.
  procurement: None.
  financial: Within budget.
"""


def test_committee_fields_in_the_paper(runner: CliRunner, tmp_path: Path) -> None:
    """Purpose, wards, background papers, options, the forward plan reference, consultation
    and implications: each implication's heading capitalised (as written when it starts
    with a capital), in committee order."""
    root = make_repo(tmp_path / "repo", **{"records/p-2.yaml": PAPER + COMMITTEE})
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    lines = text.splitlines()
    assert "Legal and Finance have been consulted." in text
    for line in [
        "| Key decision | Yes (Forward Plan reference FP/2010/007) |",
        "| Consultation already undertaken | See the report's Consultation section |",
        "| Purpose | For decision |",
        "| Wards affected | Abbey, Castle |",
        "| Background papers | Review of 2009 |",
        "**9.1 Option 1: Do nothing**",
        "**9.2 Option 2: Extend the partnership** (recommended)",
        "The partnership lapses.",  # an option's body
        "| Decision maker | Cabinet |",
        "**Decision maker:** Cabinet",
        "| Exempt information | Yes: Schedule 12A, paragraph 3 |",
        "- Appendix 1 – Review of 2009",
    ]:
        assert line in lines, line
    assert lines[lines.index("## Appendices") + 2] == "- Appendix 1 – Review of 2009"
    start = next(i for i, line in enumerate(lines) if line.endswith(". Implications"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    headings = [line.split(" ", 2)[2] for line in lines[start:end] if line.startswith("### ")]
    assert headings == ["Financial", "Legal", "Climate", "HR", "Procurement"]
    bodies = [line for line in lines[start:end] if line and not line.startswith("#")]
    assert bodies == [
        "Within budget.",
        "The agreement ends.",
        "No climate implications.",
        "Two posts move.",
        "None.",
    ]


def test_a_board_meeting_every_two_months_written_with_a_space() -> None:
    from pmo.records import Board, Paper

    paper = Paper(kind="paper", id="p", board="b", meeting=dt.date(2010, 5, 31), title="T")
    board = Board(kind="board", id="b", name="B", meets=" Bi Monthly ")
    assert next_meeting(paper, board) == dt.date(2010, 7, 31)


GAMMA = """\
kind: project
id: gamma
name: Gamma
programme: prog
lead: ann
milestones:
  - {id: gamma-m1, title: A day late, baseline: 2010-05-30}
  - {id: gamma-m2, title: Due on the day, baseline: 2010-05-31}
"""
CLOSED_THEN = """\
kind: project
id: closed-then
name: Closed at the previous meeting
programme: prog
lead: ann
closed: 2010-03-31
"""
CLOSED_AFTER = CLOSED_THEN.replace("closed-then", "closed-after").replace(
    "2010-03-31", "2010-04-01"
)


def test_the_papers_work_and_milestones_at_their_boundaries(tmp_path: Path) -> None:
    """Work closed by the previous meeting is left out (closed the day after, it is in);
    a milestone one day overdue at the meeting is overdue, one due that day is due."""
    root = make_repo(
        tmp_path / "repo",
        **{
            "records/gamma.yaml": GAMMA,
            "records/closed-then.yaml": CLOSED_THEN,
            "records/closed-after.yaml": CLOSED_AFTER,
        },
    )
    paper = build_paper(load(root).portfolio, "p-2")
    names = [r.id for r in paper.dashboard]
    assert "closed-after" in names and "closed-then" not in names
    assert [(r.id, r.days_overdue) for r in paper.overdue if r.work_id == "gamma"] == [
        ("gamma-m1", 1)
    ]
    assert [r.id for r in paper.due if r.work_id == "gamma"] == ["gamma-m2"]


def test_a_paper_of_a_board_author_and_contact_with_no_record(tmp_path: Path) -> None:
    """Named by their ids (each is also a validation error)."""
    text = PAPER.replace("board: board", "board: ghost-board").replace("author: bob", "author: zed")
    root = make_repo(tmp_path / "repo", **{"records/p-2.yaml": text + "contact: [ann, kim]\n"})
    paper = build_paper(load(root).portfolio, "p-2")
    assert (paper.header.board, paper.header.author, paper.header.author_role) == (
        "ghost-board",
        "zed",
        None,
    )
    assert [(c.id, c.name, c.role) for c in paper.contacts] == [
        ("ann", "Ann Lead", "Programme Manager"),
        ("kim", "kim", None),
    ]


def test_a_section_after_the_computed_parts_and_the_papers_currency(
    runner: CliRunner, tmp_path: Path
) -> None:
    after = "  - heading: Conclusion\n    after: true\n    body: Said last.\n"
    root = make_repo(
        tmp_path / "repo",
        **{"records/p-2.yaml": PAPER + after, "pmo.yaml": "name: Test Office\ncurrency: EUR\n"},
    )
    assert build_paper(load(root).portfolio, "p-2").currency == "EUR"
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert "Context" in headings[2] and "Conclusion" in headings[-1]


def test_the_paper_of_a_repositorys_own_risk_bands_and_of_no_author(tmp_path: Path) -> None:
    """The heat map's bands are the repository's; a paper with no author and no contact has
    no contact (not one of no one); a paper not in the records is named when not found."""
    from pmo.charts import heatmap
    from pmo.reports.paper import PaperNotFound

    no_author = PAPER.replace("author: bob\n", "")
    bands = "name: Test Office\nrisk_bands: {red: 10, amber: 5}\n"
    root = make_repo(tmp_path / "repo", **{"pmo.yaml": bands, "records/p-2.yaml": no_author})
    pf = load(root).portfolio
    paper = build_paper(pf, "p-2")
    assert paper.contacts == []
    chart = heatmap.build(paper)
    assert chart is not None and chart.data["bands"] == {"red": 10, "amber": 5}
    assert "Cells scoring 10 or more are red" in chart.alt
    with pytest.raises(PaperNotFound, match=r"^p-9$"):
        build_paper(pf, "p-9")


def _risky(scores: list[int]) -> str:
    """A project of the paper's programme with an open risk of each score (impact 5)."""
    risks = "".join(
        f"  - {{id: g-r{i}, title: R{i}, owner: bob, likelihood: {s // 5}, impact: 5, "
        f"raised: 2010-01-01}}\n"
        for i, s in enumerate(scores)
    )
    return "kind: project\nid: gamma\nname: Gamma\nprogramme: prog\nlead: ann\nrisks:\n" + risks


@pytest.mark.parametrize(
    ("scores", "key"),
    [
        ([5, 20, 5, 10, 5, 5, 5], ["g-r1", "alpha-r1", "g-r3", "beta-r1", "g-r0"]),  # the top five
        ([20] * 6 + [10], ["g-r0", "g-r1", "g-r2", "g-r3", "g-r4", "g-r5", "alpha-r1"]),
    ],
)
def test_key_risks_are_the_escalated_or_the_top_five(
    tmp_path: Path, scores: list[int], key: list[str]
) -> None:
    """At least five; more when more are at the escalation score (15), and then only those."""
    root = make_repo(tmp_path / "repo", **{"records/gamma.yaml": _risky(scores)})
    paper = build_paper(load(root).portfolio, "p-2")
    assert [r.id for r in paper.key_risks] == key
