"""``pmo changes``: what moved between two states of the records, from real git repositories."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.history import load_as_of
from pmo.reports import changes
from tests.gitrepo import FEB, MAR, STORY_DATES, alpha, commit, git, new_repo, project, story, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    story(root)
    return root


def run(runner: CliRunner, root: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["changes", "--root", str(root), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def as_json(runner: CliRunner, root: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(runner, root, *args, "--format", "json").stdout)
    return data


def test_json_is_exactly_the_formats(repo: Path, runner: CliRunner) -> None:
    shas = [git(repo, "rev-parse", f"HEAD~{n}") for n in (2, 1)]
    data = as_json(runner, repo, "--since", "2024-01-31", "--until", "2024-02-29")
    assert data["since"] == "2024-01-31" and data["until"] == "2024-02-29"
    assert data["changes"] == [
        {"record": "alpha", "id": "alpha", "kind": "project", "change": "changed",
         "field": "budget.forecast", "before": "1150000", "after": "1250000"},
        {"record": "alpha", "id": "alpha", "kind": "project", "change": "changed",
         "field": "rag", "before": "green", "after": "amber"},
        {"record": "alpha", "id": "alpha-m1", "kind": "milestone", "change": "changed",
         "field": "forecast", "before": None, "after": "2024-11-30"},
        {"record": "alpha", "id": "alpha-r1", "kind": "risk", "change": "changed",
         "field": "likelihood", "before": 3, "after": 4},
        {"record": "alpha", "id": "alpha-r2", "kind": "risk", "change": "added",
         "field": None, "before": None, "after": None},
        {"record": "alpha", "id": "alpha-i1", "kind": "issue", "change": "added",
         "field": None, "before": None, "after": None},
        {"record": "alpha", "id": "alpha-b1", "kind": "benefit", "change": "changed",
         "field": "target", "before": "1000000", "after": "1200000"},
    ]  # fmt: skip
    assert data["source"] == {"commit": shas[1], "date": STORY_DATES[1], "working_tree": False}
    assert data["sources"]["since"] == {
        "commit": shas[0],
        "date": STORY_DATES[0],
        "working_tree": False,
    }


def test_words_for_people_grouped_by_programme_and_project(repo: Path, runner: CliRunner) -> None:
    out = run(runner, repo, "--since", "2024-01-31", "--until", "2024-03-31").stdout
    assert out.splitlines()[0] == "Changes from 31 January 2024 to 31 March 2024"
    assert "[Shared Services]" in out
    for said in [
        "forecast moved 31 Oct 2024 → 31 Jan 2025 (+92 days)",
        "rescored 12 → 16",
        "budget forecast £1.15m → £1.25m (+8.7%)",
        "forecast end moved 31 Dec 2024 → 31 Mar 2025 (+90 days)",
        "target £1m → £1.2m (+20.0%)",
        "declared rating GREEN → AMBER",
        "project removed",
    ]:
        assert said in out, said
    # Added and closed between the two states: told as new (then closed), never twice.
    assert "risk Supplier fails" in out and out.count("Supplier fails") == 1
    markdown = run(runner, repo, "--since", "2024-01-31", "--format", "markdown").stdout
    assert "| Alpha | milestone Design agreed | forecast moved 31 Oct 2024" in markdown


def test_csv_has_one_row_per_change(repo: Path, runner: CliRunner) -> None:
    out = run(runner, repo, "--since", "2024-01-31", "--until", "2024-02-29", "--format", "csv")
    lines = out.stdout.splitlines()
    assert lines[0] == "Programme,Record,ID,Kind,Change,Field,Before,After,In words"
    assert "prog,alpha,alpha-r1,risk,changed,likelihood,3,4,rescored 12 → 16" in lines
    assert len(lines) == 8


def test_only_the_two_states_are_read(repo: Path, runner: CliRunner) -> None:
    """A value changed and changed back in between is no change."""
    commit(repo, "2024-04-10T12:00:00+00:00", {"records/alpha.yaml": alpha(forecast="£9m")})
    commit(repo, "2024-04-20T12:00:00+00:00", {"records/alpha.yaml": git_show(repo, "HEAD~1")})
    data = as_json(runner, repo, "--since", "2024-04-01", "--until", "2024-04-30")
    assert [c for c in data["changes"] if c["field"] != "derived_rag"] == []


def git_show(root: Path, rev: str) -> str:
    return git(root, "show", f"{rev}:records/alpha.yaml") + "\n"


def test_revisions_and_a_bad_one(repo: Path, runner: CliRunner) -> None:
    git(repo, "tag", "jan", "HEAD~2")
    by_rev = as_json(runner, repo, "--since", "jan", "--until", "HEAD~1")
    by_date = as_json(runner, repo, "--since", "2024-01-31", "--until", "2024-02-29")
    assert by_rev["changes"] == by_date["changes"]
    assert by_rev["since"] == "2024-01-10"  # a revision stands for its commit's day
    bad = run(runner, repo, "--since", "jna", code=2)
    assert "--since jna: no such branch, tag or commit; did you mean 'jan'?" in bad.stderr
    bad = run(runner, repo, "--until", "mian", code=2)
    assert "did you mean 'main'?" in bad.stderr
    assert "not a date" in run(runner, repo, "--since", "2024-02-30", code=2).stderr
    later = run(runner, repo, "--since", "2024-03-31", "--until", "2024-01-31", code=2)
    assert "is after --until" in later.stderr


def test_default_since_is_the_latest_paper_before_until(repo: Path, runner: CliRunner) -> None:
    result = run(runner, repo, "--until", "2024-03-25", "--format", "json")
    assert json.loads(result.stdout)["since"] == "2024-02-29"  # the February paper
    assert "since paper feb" in result.stderr
    for paper in ("jan", "feb", "mar"):
        (repo / "records" / "papers" / f"{paper}.yaml").unlink()
    commit(repo, "2024-03-21T12:00:00+00:00")
    result = run(runner, repo, "--until", "2024-03-25", "--format", "json")
    assert json.loads(result.stdout)["since"] == "2024-02-24"  # 30 days before


def test_today_is_the_working_tree(repo: Path, runner: CliRunner) -> None:
    write(repo, {"records/alpha.yaml": alpha(**FEB).replace("name: Alpha", "name: Alpha II")})
    data = as_json(runner, repo, "--since", "2024-03-31")
    assert data["until"] == dt.date.today().isoformat()
    assert data["source"] == {"commit": None, "date": None, "working_tree": True}
    named = [c for c in data["changes"] if c["field"] == "name"]
    assert named == [{"record": "alpha", "id": "alpha", "kind": "project", "change": "changed",
                      "field": "name", "before": "Alpha", "after": "Alpha II"}]  # fmt: skip


def test_scope_options(repo: Path, runner: CliRunner) -> None:
    data = as_json(runner, repo, "--since", "2024-01-31", "--project", "beta")
    assert [(c["id"], c["change"]) for c in data["changes"]] == [("beta", "removed")]
    data = as_json(runner, repo, "--since", "2024-01-31", "--programme", "prog")
    assert {c["record"] for c in data["changes"]} - {"prog"} == {"alpha", "beta"}
    bad = run(runner, repo, "--project", "alpah", "--since", "2024-01-31", code=2)
    assert "--project alpah: no such project; did you mean 'alpha'?" in bad.stderr
    bad = run(runner, repo, "--project", "prog", "--since", "2024-01-31", code=2)
    assert "that is a programme; use --programme prog" in bad.stderr


def test_a_date_before_the_first_commit_has_nothing_recorded(repo: Path, runner: CliRunner) -> None:
    result = run(runner, repo, "--since", "2023-06-01", "--until", "2024-01-31")
    assert "no commit on or before 2023-06-01 (the first is from 2024-01-10)" in result.stderr
    assert "new project (end 31 Dec 2024, budget £1m)" in result.stdout
    assert "Read: no records (before the first commit)" in result.stdout


def test_not_a_repository_and_shallow_clones(repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    result = run(runner, plain, code=2)
    assert "not in a git repository" in result.stderr
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    result = run(runner, shallow, "--since", "2024-01-31", code=2)
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    run(runner, shallow, "--since", "2024-03-25")  # within what was fetched


def test_a_detached_head_compares_its_own_history(repo: Path, runner: CliRunner) -> None:
    git(repo, "checkout", "-q", "HEAD~1")
    data = as_json(runner, repo, "--since", "2024-01-31", "--until", "2024-03-31")
    assert "beta" not in {c["id"] for c in data["changes"]}  # removed only in March


def test_merges_are_followed_by_their_first_parent(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    git(root, "checkout", "-q", "-b", "side")
    commit(root, "2024-01-15T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "250000")})
    git(root, "checkout", "-q", "main")
    commit(root, "2024-01-20T12:00:00+00:00", {"records/p2.yaml": project("Beta", id_="p2")})
    git(root, "merge", "-q", "--no-ff", "-m", "merge", "side", when="2024-02-01T12:00:00+00:00")
    before_merge = as_json(runner, root, "--since", "2024-01-10", "--until", "2024-01-25")
    assert [(c["id"], c["change"]) for c in before_merge["changes"]] == [("p2", "added")]
    after_merge = as_json(runner, root, "--since", "2024-01-25", "--until", "2024-02-02")
    assert [(c["field"], c["after"]) for c in after_merge["changes"]] == [
        ("budget.approved", "250000")
    ]


def test_a_renamed_file_is_the_same_record(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    git(root, "mv", "records/p1.yaml", "records/alpha.yaml")
    commit(root, "2024-02-01T12:00:00+00:00", {"records/alpha.yaml": project("Alpha", "120000")})
    data = as_json(runner, root, "--since", "2024-01-15", "--until", "2024-02-15")
    assert [(c["id"], c["change"], c["field"]) for c in data["changes"]] == [
        ("p1", "changed", "budget.approved")
    ]


def test_a_commit_holding_an_invalid_record(tmp_path: Path, runner: CliRunner) -> None:
    """Its problems are located in the commit; what it held is neither added nor removed."""
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    sha = commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": "kind: project\nid: [\n"})
    commit(root, "2024-03-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "150000")})
    result = run(runner, root, "--since", "2024-01-15", "--until", "2024-02-15", "--format", "json")
    assert f"records/p1.yaml@{sha[:7]}:" in result.stderr
    assert f"records/p1.yaml@{sha[:7]} could not be read" in result.stderr
    assert json.loads(result.stdout)["changes"] == []
    result = run(runner, root, "--since", "2024-01-15", "--until", "2024-03-15", "--format", "json")
    assert [c["field"] for c in json.loads(result.stdout)["changes"]] == ["budget.approved"]


def mid_january_to_mid_february(root: Path) -> changes.ChangesReport:
    """The changes report between the records of 15 January and 15 February 2024."""
    since, until = dt.date(2024, 1, 15), dt.date(2024, 2, 15)
    before, _ = load_as_of(root, since)
    after, _ = load_as_of(root, until)
    return changes.build(before.portfolio, after.portfolio, since, until, ratings=False)


def test_an_item_moved_to_another_project(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    item = "milestones:\n  - {id: m1, title: Go live, baseline: 2024-06-30}\n"
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha") + item,
           "records/p2.yaml": project("Beta", id_="p2")})  # fmt: skip
    later = item.replace("}", ", forecast: 2024-07-31}")
    commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha"),
           "records/p2.yaml": project("Beta", id_="p2") + later})  # fmt: skip
    report = mid_january_to_mid_february(root)
    assert [(c.record, c.id, c.change, c.field, c.before, c.after) for c in report.changes] == [
        ("p2", "m1", "changed", "record", "p1", "p2"),  # the move first
        ("p2", "m1", "changed", "forecast", None, dt.date(2024, 7, 31)),
    ]
    moved = report.changes[0]
    assert (moved.kind, moved.title, moved.values["baseline"]) == (
        "milestone",
        "Go live",
        dt.date(2024, 6, 30),
    )
    assert report.words(report.groups()[0]) == [
        "moved from Alpha to Beta",
        "forecast moved 30 Jun 2024 → 31 Jul 2024 (+31 days)",
    ]


def test_a_programme_new_between_the_two_states_is_a_programme(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    other = "kind: programme\nid: other\nname: Other\nlead: ann\n"
    commit(root, "2024-02-01T12:00:00+00:00", {"records/other.yaml": other})
    report = mid_january_to_mid_february(root)
    assert [(c.id, c.kind, c.change) for c in report.changes] == [("other", "programme", "added")]
    assert report.words(report.groups()[0]) == ["new programme"]


def test_the_library_call(repo: Path) -> None:
    """``changes.build(before, after, since, until, scope)`` over two loaded states."""
    before, _ = load_as_of(repo, dt.date(2024, 1, 31))
    after, _ = load_as_of(repo, dt.date(2024, 2, 29))
    report = changes.build(
        before.portfolio, after.portfolio, dt.date(2024, 1, 31), dt.date(2024, 2, 29)
    )
    said = {g.id: report.words(g) for g in report.groups()}
    assert said["alpha-m1"] == ["forecast moved 31 Oct 2024 → 30 Nov 2024 (+30 days)"]
    assert said["alpha-r1"] == ["rescored 12 → 16"]
    assert said["alpha-r2"] == ["new risk (score 10)"]


@pytest.mark.parametrize("width", [48, 60, 80, 120])
def test_a_terminal_wraps_what_changed_and_never_cuts_it(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    from tests.test_tables import header_of, on_terminal

    args = ["changes", "--root", str(repo), "--since", "2024-01-31", "--until", "2024-03-31"]
    text = on_terminal(runner, monkeypatch, args, width)
    assert all(len(line) <= width for line in text.splitlines())
    assert "What changed" in header_of(text)
    flat = " ".join(text.split())
    assert "forecast moved 31 Oct 2024 → 31 Jan 2025 (+92 days)" in flat
    history = on_terminal(runner, monkeypatch, ["history", "alpha", "--root", str(repo)], width)
    assert all(len(line) <= width for line in history.splitlines())
    assert "re-forecast 2 times, +92 days" in " ".join(history.split())


def test_people_and_programmes_by_name_and_an_unknown_id_as_itself(
    repo: Path, runner: CliRunner
) -> None:
    """A risk's new owner, a project's new lead (an id naming nobody) and its new programme
    read by name in ``pmo changes`` and ``pmo history``; an id naming nothing reads as itself."""
    text = (
        alpha(**MAR)
        .replace("programme: prog", "programme: dig")
        .replace("lead: ann", "lead: carol")
        .replace("owner: ann, likelihood", "owner: bob, likelihood")
    )
    digital = "kind: programme\nid: dig\nname: Digital\nlead: bob\n"
    commit(
        repo,
        "2024-04-10T12:00:00+00:00",
        {"records/alpha.yaml": text, "records/dig.yaml": digital},
    )
    said = [
        "moved from programme Shared Services to Digital",
        "lead Ann Smith → carol",
        "owner Ann Smith → Bob Jones",
    ]
    out = run(runner, repo, "--since", "2024-03-31", "--until", "2024-04-30").stdout
    lines = [line.split("  ")[-1].strip() for line in out.splitlines()]
    assert all(s in lines for s in said), out
    history = runner.invoke(app, ["history", "alpha", "--root", str(repo)], env={"COLUMNS": "200"})
    assert history.exit_code == 0, history.output
    lines = [line.split("  ")[-1].strip() for line in history.stdout.splitlines()]
    assert all(s in lines for s in said), history.stdout


def test_a_file_unreadable_in_the_working_tree_is_named_without_a_commit(
    repo: Path, runner: CliRunner
) -> None:
    write(repo, {"records/alpha.yaml": "kind: project\nid: [\n"})
    result = run(runner, repo, "--since", "2024-03-31", "--format", "json")
    assert "records/alpha.yaml could not be read" in result.stderr
    assert "records/alpha.yaml@" not in result.stderr
    assert [c for c in json.loads(result.stdout)["changes"] if c["record"] == "alpha"] == []


def test_a_change_in_the_working_tree_as_plain_text(repo: Path, runner: CliRunner) -> None:
    long = "Alpha, renamed to a name longer than its column"
    write(repo, {"records/alpha.yaml": alpha(**FEB).replace("name: Alpha", f"name: {long}")})
    lines = run(runner, repo, "--since", "2024-03-31").stdout.splitlines()
    assert lines[-1].startswith("4 records or items changed. Read: commit ")
    assert lines[-1].endswith(") and the working tree.")
    assert lines[4].startswith("Alpha, renamed to a name lo…  ")  # cut at 28 columns


def test_a_narrow_terminal_leaves_out_the_work_column_first(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_tables import header_of, on_terminal

    args = ["changes", "--root", str(repo), "--since", "2024-01-31", "--until", "2024-03-31"]
    assert header_of(on_terminal(runner, monkeypatch, args, 50)) == ["Item", "What changed"]
    assert header_of(on_terminal(runner, monkeypatch, args, 100)) == [
        "Work",
        "Item",
        "What changed",
    ]


def test_a_record_unreadable_in_the_earlier_state_is_not_new(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Its risk and itself are left out (not "new"); the file is named with its commit."""
    root = new_repo(tmp_path / "repo")
    risk = "risks:\n  - {id: r1, title: Staff leave, owner: ann, likelihood: 3, impact: 4}\n"
    sha = commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": "kind: project\nid: [\n"})
    beta = project("Beta", id_="p2")
    readable = {"records/p1.yaml": project("Alpha") + risk, "records/p2.yaml": beta}
    commit(root, "2024-02-01T12:00:00+00:00", readable)
    result = run(runner, root, "--since", "2024-01-15", "--until", "2024-02-15", "--format", "json")
    assert f"records/p1.yaml@{sha[:7]} could not be read" in result.stderr
    assert [(c["id"], c["change"]) for c in json.loads(result.stdout)["changes"]] == [
        ("prog", "changed"),  # its derived rating, now it has projects
        ("p2", "added"),
    ]


def test_a_programme_removed_comes_before_its_projects(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    (root / "records" / "prog.yaml").unlink()
    commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "150000")})
    dates = ["--since", "2024-01-15", "--until", "2024-02-15"]
    rows = run(runner, root, *dates, "--format", "csv").stdout.splitlines()[1:]
    assert [row.split(",")[1:5] for row in rows] == [
        ["prog", "prog", "programme", "removed"],
        ["p1", "p1", "project", "changed"],
    ]
    lines = run(runner, root, *dates).stdout.splitlines()
    assert lines[3] == "[Prog]" and "programme removed" in lines[4]


def test_work_of_a_programme_with_no_record_is_under_its_id(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = new_repo(tmp_path / "repo")
    ghost = project("Alpha", programme="ghost")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": ghost})
    more = ghost.replace("100000", "150000")
    commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": more})
    lines = run(runner, root, "--since", "2024-01-15", "--until", "2024-02-15").stdout.splitlines()
    assert lines[3] == "[ghost]"
    assert lines[4].startswith("Alpha") and "budget approved £100k → £150k" in lines[4]


PEOPLE = "kind: people\npeople:\n  - {id: ann, name: Ann Able}\n  - {id: bob, name: Bob Best}\n"
RISK = "risks:\n  - {{id: r1, title: Staff leave, owner: {owner}, likelihood: 3, impact: 4}}\n"
ISSUE = "issues:\n  - {id: i1, title: Lead vacant, owner: ann, raised: 2024-01-20}\n"
GAMMA_BENEFIT = (
    "benefits:\n  - {id: b1, title: Savings, type: cashable, target: 10000, due: 2025-03-31, "
    "realised: [{date: 2024-01-15, value: 100}, {date: 2024-02-15, value: 500}]}\n"
)


def _programme(id_: str, name: str, budget: str) -> str:
    return f"kind: programme\nid: {id_}\nname: {name}\nlead: ann\nbudget: {{approved: {budget}}}\n"


def _project(id_: str, name: str, programme: str, budget: int, extra: str = "") -> str:
    return project(name, str(budget), id_, programme) + extra


@pytest.fixture
def two_programmes(tmp_path: Path) -> Path:
    """1 January: Prog (Alpha Infrastructure Works with a risk owned by Ann; Gamma, unchanged
    after, with £100 realised on 15 January and £500 on 15 February) and Other (Beta).
    1 February: both programmes' and Alpha's and Beta's budgets up, the risk now Bob's, an
    issue new."""
    root = new_repo(tmp_path / "repo")
    alpha_name = "Alpha Infrastructure Works"
    first = {
        "records/people.yaml": PEOPLE,
        "records/prog.yaml": _programme("prog", "Prog", "£1m"),
        "records/other.yaml": _programme("other", "Other", "£2m"),
        "records/p1.yaml": _project("p1", alpha_name, "prog", 100000, RISK.format(owner="ann")),
        "records/p2.yaml": _project("p2", "Beta", "other", 200000),
        "records/p3.yaml": _project("p3", "Gamma", "prog", 100000, GAMMA_BENEFIT),
    }
    commit(root, "2024-01-01T12:00:00+00:00", first)
    p1 = _project("p1", alpha_name, "prog", 150000, RISK.format(owner="bob") + ISSUE)
    second = {
        "records/prog.yaml": _programme("prog", "Prog", "£1.5m"),
        "records/other.yaml": _programme("other", "Other", "£2.5m"),
        "records/p1.yaml": p1,
        "records/p2.yaml": _project("p2", "Beta", "other", 250000),
    }
    commit(root, "2024-02-01T12:00:00+00:00", second)
    return root


def test_two_programmes_each_its_own_changes_first_and_people_by_name_in_the_csv(
    two_programmes: Path, runner: CliRunner
) -> None:
    """In the order of the later state, each programme's own change before its projects';
    a benefit of unchanged work realised on the last day of the period; a person by name."""
    dates = ["--since", "2024-01-15", "--until", "2024-02-15"]
    out = run(runner, two_programmes, *dates, "--format", "csv").stdout
    rows = [row[:6] + row[8:] for row in csv.reader(io.StringIO(out))][1:]
    assert rows == [
        ["other", "other", "other", "programme", "changed", "budget.approved",
         "budget approved £2m → £2.5m (+25.0%)"],
        ["other", "p2", "p2", "project", "changed", "budget.approved",
         "budget approved £200k → £250k (+25.0%)"],
        ["prog", "prog", "prog", "programme", "changed", "budget.approved",
         "budget approved £1m → £1.5m (+50.0%)"],
        ["prog", "p1", "p1", "project", "changed", "budget.approved",
         "budget approved £100k → £150k (+50.0%)"],
        ["prog", "p1", "r1", "risk", "changed", "owner", "owner Ann Able → Bob Best"],
        ["prog", "p1", "i1", "issue", "added", "", "new issue (priority medium)"],
        ["prog", "p3", "b1", "benefit", "changed", "realised", "realised £100 → £600 (+500.0%)"],
    ]  # fmt: skip
    lines = run(runner, two_programmes, *dates).stdout.splitlines()
    assert [line for line in lines if line.startswith("[")] == ["[Other]", "[Prog]"]


def test_a_filtered_changes_title_and_a_single_change(
    two_programmes: Path, runner: CliRunner
) -> None:
    args = ["--since", "2024-01-15", "--until", "2024-02-15", "--project", "p2"]
    lines = run(runner, two_programmes, *args).stdout.splitlines()
    assert lines[0] == "Changes from 15 January 2024 to 15 February 2024 (project p2)"
    assert lines[-1].startswith("1 record or item changed. Read: commit ")


def test_the_narrowest_changes_table_that_shows_the_work(two_programmes: Path) -> None:
    from pmo.tabular import fit, shown

    table = shown(changes.changes_table(mid_january_to_mid_february(two_programmes)))
    width = next(w for w in range(20, 200) if "Work" in fit(table, w).table.columns)
    assert fit(table, width).widths == [10, 16, 30]  # Work and Item at their least
