"""``pmo history ID``: a record's timeline from the commits that changed it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.gitrepo import MAR, alpha, commit, git, new_repo, project, story

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    story(root)
    return root


def run(runner: CliRunner, root: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["history", "--root", str(root), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def test_a_milestones_reforecasts_and_drift(repo: Path, runner: CliRunner) -> None:
    out = run(runner, repo, "alpha-m1").stdout
    lines = out.splitlines()
    assert lines[0] == "History of milestone alpha-m1 (Design agreed)"
    assert "2024-01-10" in lines[3] and "new milestone (due 31 Oct 2024)" in lines[3]
    assert (
        "2024-02-15" in lines[4]
        and "forecast moved 31 Oct 2024 → 30 Nov 2024 (+30 days)" in lines[4]
    )
    assert (
        "2024-03-20" in lines[5]
        and "forecast moved 30 Nov 2024 → 31 Jan 2025 (+62 days)" in lines[5]
    )
    assert "Design agreed: re-forecast 2 times, +92 days (due 31 Oct 2024 → 31 Jan 2025)." in out
    data = json.loads(run(runner, repo, "alpha-m1", "--format", "json").stdout)
    drift = {"id": "alpha-m1", "field": "due", "baseline": "2024-10-31", "current": "2025-01-31"}
    assert data["drift"] == [{**drift, "reforecasts": 2, "drift_days": 92}]
    assert [e["date"][:10] for e in data["entries"]] == ["2024-01-10", "2024-02-15", "2024-03-20"]
    assert data["entries"][1]["changes"] == [
        {"record": "alpha", "id": "alpha-m1", "kind": "milestone", "change": "changed",
         "field": "forecast", "before": None, "after": "2024-11-30"}
    ]  # fmt: skip
    assert data["source"]["commit"] == git(repo, "rev-parse", "HEAD")


def test_a_projects_timeline_holds_its_items(repo: Path, runner: CliRunner) -> None:
    out = run(runner, repo, "alpha").stdout
    for said in [
        "new project (end 31 Dec 2024, budget £1m)",
        "budget forecast £1.15m → £1.25m (+8.7%)",
        "update of 10 Feb 2024: declared AMBER",
        "risk Staff leave         rescored 12 → 16",
        "benefit Savings          target £1m → £1.2m (+20.0%)",
        "forecast end moved 31 Dec 2024 → 31 Mar 2025 (+90 days)",
        "issue Lead vacant        closed 18 Mar 2024",
    ]:
        assert said in out, said
    assert "Alpha: re-forecast once, +90 days (end 31 Dec 2024 → 31 Mar 2025)." in out
    assert "Design agreed: re-forecast 2 times, +92 days" in out


def test_a_risk_and_a_benefit(repo: Path, runner: CliRunner) -> None:
    risk = run(runner, repo, "alpha-r1", "--format", "markdown").stdout
    assert "| 2024-02-15 |" in risk and "rescored 12 → 16" in risk
    benefit = json.loads(run(runner, repo, "alpha-b1", "--format", "json").stdout)
    assert benefit["entries"][-1]["words"] == ["target £1m → £1.2m (+20.0%)"]
    removed = run(runner, repo, "beta").stdout
    assert "project removed" in removed


def test_since_and_until_window_the_commits(repo: Path, runner: CliRunner) -> None:
    out = run(runner, repo, "alpha-m1", "--since", "2024-02-01").stdout
    assert "new milestone" not in out  # it stood so before the window
    assert "2024-02-15" in out and "2024-03-20" in out
    out = run(runner, repo, "alpha-m1", "--until", "2024-02-01").stdout
    assert "2024-02-15" not in out


def test_files_renamed_and_items_moved(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    item = "milestones:\n  - {{id: m1, title: Go live, baseline: 2024-06-30{}}}\n"
    alpha, beta = project("Alpha"), project("Beta", id_="p2")
    first = {"records/p1.yaml": alpha + item.format(""), "records/p2.yaml": beta}
    commit(root, "2024-01-01T12:00:00+00:00", first)
    git(root, "mv", "records/p1.yaml", "records/renamed.yaml")
    renamed = {"records/renamed.yaml": alpha + item.format(", forecast: 2024-07-31")}
    commit(root, "2024-02-01T12:00:00+00:00", renamed)
    moved = {
        "records/renamed.yaml": alpha,
        "records/p2.yaml": beta + item.format(", forecast: 2024-08-31"),
    }
    commit(root, "2024-03-01T12:00:00+00:00", moved)
    out = run(runner, root, "m1").stdout
    assert "forecast moved 30 Jun 2024 → 31 Jul 2024 (+31 days)" in out
    lines = [line for line in out.splitlines() if line.startswith("2024-03-01")]
    assert [line.split("  ")[-1] for line in lines] == [
        "moved from Alpha to Beta",
        "forecast moved 31 Jul 2024 → 31 Aug 2024 (+31 days)",
    ]
    assert "re-forecast 2 times, +62 days" in out


def test_a_commit_holding_an_invalid_record(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    sha = commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": "kind: project\nid: p1\n["})
    commit(root, "2024-03-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "150000")})
    out = run(runner, root, "p1").stdout
    assert f"records/p1.yaml@{sha[:7]} could not be read" in out
    assert "budget approved £100k → £150k (+50.0%)" in out  # compared across the bad commit
    since = run(runner, root, "p1", "--since", "2024-02-01").stdout  # that commit's day
    assert f"records/p1.yaml@{sha[:7]} could not be read" in since


def test_bad_input(repo: Path, tmp_path: Path, runner: CliRunner) -> None:
    assert "did you mean 'alpha'?" in run(runner, repo, "alpah", code=2).stderr
    assert "ann is a person" in run(runner, repo, "ann", code=2).stderr
    assert "not a date" in run(runner, repo, "alpha", "--since", "2024-02-30", code=2).stderr
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert "not in a git repository" in run(runner, plain, "alpha", code=2).stderr
    fresh = new_repo(tmp_path / "fresh")  # no commit yet
    assert "pmo history reads" in run(runner, fresh, "prog", code=2).stderr
    (repo / "records" / "gamma.yaml").write_text(project("Gamma", id_="gamma"))
    assert "commit it first" in run(runner, repo, "gamma", code=1).stderr


def test_shallow_clones_say_where_history_starts(
    repo: Path, tmp_path: Path, runner: CliRunner
) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    result = run(runner, shallow, "alpha-m1")
    assert "shallow clone" in result.stderr
    assert "forecast moved" not in result.stdout  # one commit: nothing moved within it


def test_merges_are_followed_by_their_first_parent(tmp_path: Path, runner: CliRunner) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    git(root, "checkout", "-q", "-b", "side")
    commit(root, "2024-01-15T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "250000")})
    commit(root, "2024-01-16T12:00:00+00:00", {"records/p1.yaml": project("Alpha", "300000")})
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "merge", "side", when="2024-02-01T12:00:00+00:00")
    data = json.loads(run(runner, root, "p1", "--format", "json").stdout)
    assert [(e["date"][:10], e["words"]) for e in data["entries"]] == [
        ("2024-01-01", ["new project (budget £100k)"]),
        ("2024-02-01", ["budget approved £100k → £300k (+200.0%)"]),
    ]


def git_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every process started from now on (its command line)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, args: Any, *rest: Any, **kw: Any) -> None:
            started.append(list(args))
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    return started


def test_cheap_a_few_processes_whatever_the_number_of_commits(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = git_processes(monkeypatch)
    run(runner, repo, "alpha")
    few = len(started)
    for month in range(4, 12):
        forecast = f", forecast: 2025-{month:02d}-28"
        commit(repo, f"2024-{month:02d}-10T12:00:00+00:00",
               {"records/alpha.yaml": alpha(**{**MAR, "m1": forecast})})  # fmt: skip
    started.clear()
    out = run(runner, repo, "alpha").stdout
    assert "re-forecast 10 times" in out
    assert len(started) == few <= 8, started  # no process per commit or per file


def test_a_detached_head_and_a_date_before_the_first_commit(repo: Path, runner: CliRunner) -> None:
    git(repo, "checkout", "-q", "HEAD~1")
    out = run(runner, repo, "alpha-m1").stdout
    assert "30 Nov 2024" in out and "31 Jan 2025" not in out  # March is not in its history
    before = run(runner, repo, "alpha-m1", "--until", "2023-12-31", code=1)
    assert "not in the records in the commits asked for" in before.stderr


def test_history_as_text_cuts_long_items_and_names_the_unreadable_commit(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = new_repo(tmp_path / "repo")
    long = "A milestone whose title is longer than forty characters"
    one = project("Alpha") + f"milestones:\n  - {{id: m1, title: {long}, baseline: 2024-06-30}}\n"
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": one})
    sha = commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": "kind: project\nid: p1\n["})
    moved = one.replace("baseline: 2024-06-30", "baseline: 2024-06-30, forecast: 2024-07-31")
    commit(root, "2024-03-01T12:00:00+00:00", {"records/p1.yaml": moved})
    lines = run(runner, root, "p1").stdout.splitlines()
    [bad] = [line for line in lines if "could not be read" in line]
    assert bad.split()[:3] == ["2024-02-01", sha[:7], f"records/p1.yaml@{sha[:7]}"]  # no item
    [item] = [line for line in lines if "forecast moved" in line]
    assert "milestone A milestone whose title is lo… " in item  # 40 columns


def test_a_narrow_terminal_leaves_out_the_commit_then_the_item(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_tables import header_of, on_terminal

    args = ["history", "alpha", "--root", str(repo)]
    assert header_of(on_terminal(runner, monkeypatch, args, 60)) == ["Date", "Item", "What changed"]
    assert header_of(on_terminal(runner, monkeypatch, args, 45)) == ["Date", "What changed"]


def _alpha(milestone: str, risks: str, realised: str = "", updates: str = "") -> str:
    """Alpha with a milestone, ``risks`` (YAML flow items) and a benefit realised by then."""
    return (
        project("Alpha")
        + updates
        + f"milestones:\n  - {{id: m1, title: Go live, {milestone}}}\n"
        + f"risks: [{risks}]\n"
        + "benefits:\n  - {id: b1, title: Savings, type: cashable, target: 100000, "
        f"due: 2025-03-31, realised: [{{date: 2023-12-15, value: 10000}}{realised}]}}\n"
    )


R1 = "{id: r1, title: Staff leave, owner: ann, likelihood: 3, impact: 4}"
R2 = "{id: r2, title: Supplier fails, owner: ann, likelihood: 2, impact: 5}"


@pytest.fixture
def moves(tmp_path: Path) -> Path:
    """January: Alpha (p1) holds m1, r1, r2 and b1 (£10k realised); Beta (p2). February:
    m1 re-baselined 30 Jun → 31 Jul with a forecast of 31 Aug, r1 removed, £5k more
    realised (and £7k dated December), an amber update. March: r2 moved to Beta, m1 forecast
    30 Sep. April: r2 removed from Beta."""
    root = new_repo(tmp_path / "repo")
    beta = project("Beta", id_="p2")
    later = ", {date: 2024-01-20, value: 5000}, {date: 2024-12-01, value: 7000}"
    update = "updates:\n  - {date: 2024-01-31, rag: amber, summary: Late}\n"
    jan = _alpha("baseline: 2024-06-30", f"{R1}, {R2}")
    feb = _alpha("baseline: 2024-07-31, forecast: 2024-08-31", R2, later, update)
    feb = feb.replace("risks:", "  - {id: m2, title: Handover, baseline: 2024-09-30}\nrisks:")
    mar = _alpha("baseline: 2024-07-31, forecast: 2024-09-30", "", later, update)
    mar = mar.replace(
        "risks:",
        "  - {id: m2, title: Handover, baseline: 2024-09-30, forecast: 2024-10-31}\nrisks:",
    )
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": jan, "records/p2.yaml": beta})
    commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": feb})
    commit(root, "2024-03-01T12:00:00+00:00",
           {"records/p1.yaml": mar, "records/p2.yaml": beta + f"risks: [{R2}]\n"})  # fmt: skip
    commit(root, "2024-04-01T12:00:00+00:00", {"records/p2.yaml": beta})
    return root


def _entries(runner: CliRunner, root: Path, id_: str) -> dict[str, list[dict[str, Any]]]:
    data = json.loads(run(runner, root, id_, "--format", "json").stdout)
    return {e["date"][:10]: e["changes"] for e in data["entries"]}


def test_a_projects_items_removed_realised_rebaselined_and_its_updates(
    moves: Path, runner: CliRunner
) -> None:
    def change(id_: str, kind: str, what: str, field: str | None, *values: Any) -> Any:
        before, after = values or (None, None)
        return {"record": "p1", "id": id_, "kind": kind, "change": what, "field": field,
                "before": before, "after": after}  # fmt: skip

    february = _entries(runner, moves, "p1")["2024-02-01"]
    assert february == [
        change("m1", "milestone", "changed", "baseline", "2024-06-30", "2024-07-31"),
        change("m1", "milestone", "changed", "forecast", None, "2024-08-31"),
        change("m2", "milestone", "added", None),
        change("b1", "benefit", "changed", "realised", "10000", "15000"),  # not December's
        change("r1", "risk", "removed", None),
        change("p1", "update", "added", "updates", None, "2024-01-31"),
    ]
    data = json.loads(run(runner, moves, "p1", "--format", "json").stdout)
    assert [(d["id"], d["field"], d["baseline"], d["current"]) for d in data["drift"]] == [
        ("m1", "due", "2024-06-30", "2024-09-30"),  # from the first baseline, not the re-set one
        ("m2", "due", "2024-09-30", "2024-10-31"),  # re-forecast once
    ]
    assert data["entries"][1]["words"][0] == (
        "baseline moved 30 Jun 2024 → 31 Jul 2024 (+31 days); "
        "forecast moved 31 Jul 2024 → 31 Aug 2024 (+31 days)"
    )  # one item's phrases, together
    assert data["entries"][1]["words"][-1] == "update of 31 Jan 2024: declared AMBER"
    benefit = _entries(runner, moves, "b1")["2024-02-01"]
    assert [(c["field"], c["before"], c["after"]) for c in benefit] == [
        ("realised", "10000", "15000")
    ]


def test_a_risk_moved_then_removed_is_held_by_its_last_project(
    moves: Path, runner: CliRunner
) -> None:
    assert json.loads(run(runner, moves, "r2", "--format", "json").stdout)["record"] == "p2"
    entries = _entries(runner, moves, "r2")
    assert entries["2024-03-01"] == [
        {"record": "p2", "id": "r2", "kind": "risk", "change": "changed", "field": "record",
         "before": "p1", "after": "p2"}
    ]  # fmt: skip
    assert entries["2024-04-01"] == [
        {"record": "p2", "id": "r2", "kind": "risk", "change": "removed", "field": None,
         "before": None, "after": None}
    ]  # fmt: skip
    out = run(runner, moves, "r2").stdout
    assert "2024-04-01" in out and "risk removed" in out
    assert "risk removed" in run(runner, moves, "r2", "--since", "2024-04-01").stdout
    beta = project("Beta", id_="p2")
    commit(moves, "2024-05-01T12:00:00+00:00", {"records/p2.yaml": beta + f"risks: [{R2}]\n"})
    back = _entries(runner, moves, "r2")["2024-05-01"]
    assert [(c["change"], c["field"]) for c in back] == [("added", None)]  # new again


def test_a_record_invalid_in_a_commit_is_unread_not_removed(moves: Path, runner: CliRunner) -> None:
    broken = (moves / "records" / "p1.yaml").read_text().replace("risks: []", "risks:")
    sha = commit(moves, "2024-05-01T12:00:00+00:00", {"records/p1.yaml": broken})
    out = run(runner, moves, "p1").stdout
    assert f"records/p1.yaml@{sha[:7]} could not be read" in out
    assert "project removed" not in out


def test_long_changes_wrap_on_a_narrow_terminal(
    moves: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_tables import on_terminal

    out = on_terminal(runner, monkeypatch, ["history", "p1", "--root", str(moves)], 60)
    assert "baseline moved 30 Jun 2024 → 31\n" in out and "Jul 2024 (+31 days)" in out
    assert "declared\n" in out and "AMBER" in out
    assert "31…" not in out and "declared…" not in out  # wrapped, not cut


def test_a_timeline_with_no_readable_version_is_named_by_its_id() -> None:
    import datetime as dt

    from pmo.git import Commit
    from pmo.reports.timeline import build
    from pmo.versions import Version

    when = dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)
    bad = Version(Commit("a" * 40, when), "records/x.yaml", problem="records/x.yaml@aaaaaaa")
    timeline = build("x1", [bad])
    assert (timeline.kind, timeline.title, timeline.record) == ("record", "x1", "x1")
    assert timeline.currency == "GBP"  # unless told
    assert [e.problem for e in timeline.entries] == ["records/x.yaml@aaaaaaa"]


def test_a_programme_an_item_added_later_and_a_window_from_a_commits_day(
    repo: Path, runner: CliRunner
) -> None:
    """A programme's history is a programme's; a risk new in February has no entry before it
    and is held by its project; --since a commit's own day includes that commit."""
    prog = json.loads(run(runner, repo, "prog", "--format", "json").stdout)
    assert (prog["kind"], prog["record"]) == ("programme", "prog")
    assert [[c["kind"] for c in e["changes"]] for e in prog["entries"]] == [["programme"]]
    risk = json.loads(run(runner, repo, "alpha-r2", "--format", "json").stdout)
    assert (risk["kind"], risk["record"]) == ("risk", "alpha")
    assert [(e["date"][:10], e["words"]) for e in risk["entries"]] == [
        ("2024-02-15", ["new risk (score 10)"]),
        ("2024-03-20", ["closed 15 Mar 2024"]),
    ]
    lines = run(runner, repo, "alpha").stdout.splitlines()
    assert any(line.startswith("2024-02-15") and line.endswith("new risk (score 10)")
               and "risk Supplier fails" in line for line in lines)  # fmt: skip
    window = run(runner, repo, "alpha-m1", "--since", "2024-02-15").stdout
    assert "2024-02-15" in window and "forecast moved 31 Oct 2024 → 30 Nov 2024" in window
    # The programme's own items are named in its history, as a project's are.
    prog = "kind: programme\nid: prog\nname: Shared Services\nlead: ann\nrisks:\n"
    risk = "  - {{id: prog-r1, title: Budget cut, owner: ann, likelihood: {}, impact: 4}}\n"
    commit(repo, "2024-04-10T12:00:00+00:00", {"records/prog.yaml": prog + risk.format(2)})
    commit(repo, "2024-05-10T12:00:00+00:00", {"records/prog.yaml": prog + risk.format(3)})
    lines = run(runner, repo, "prog").stdout.splitlines()
    [rescored] = [line for line in lines if line.startswith("2024-05-10")]
    assert "risk Budget cut" in rescored and rescored.endswith("rescored 8 → 12")
    # A programme with a forecast end and no end drifts from its first forecast.
    for when, end in (("2024-06-10", "2025-03-31"), ("2024-07-10", "2025-06-30")):
        text = prog + risk.format(3) + f"forecast_end: {end}\n"
        commit(repo, f"{when}T12:00:00+00:00", {"records/prog.yaml": text})
    drift = json.loads(run(runner, repo, "prog", "--format", "json").stdout)["drift"]
    assert [(d["field"], d["baseline"], d["current"]) for d in drift] == [
        ("end", "2025-03-31", "2025-06-30")
    ]
    # Given an end, then a new one: the drift is from the first end recorded.
    for when, end in (("2024-08-10", "2025-01-31"), ("2024-09-10", "2025-02-28")):
        text = prog + risk.format(3) + f"end: {end}\nforecast_end: 2025-06-30\n"
        commit(repo, f"{when}T12:00:00+00:00", {"records/prog.yaml": text})
    drift = json.loads(run(runner, repo, "prog", "--format", "json").stdout)["drift"]
    assert [(d["baseline"], d["current"]) for d in drift] == [("2025-01-31", "2025-06-30")]


def test_the_narrowest_history_table_that_shows_the_item(moves: Path) -> None:
    from pmo.reports.timeline import build
    from pmo.tabular import fit, shown
    from pmo.versions import versions

    table = shown(build("p1", versions(moves, "p1")).table())
    width = next(w for w in range(20, 300) if "Item" in fit(table, w).table.columns)
    assert fit(table, width).table.columns == ["Date", "Item", "What changed"]
    assert fit(table, width).widths == [10, 12, 30]  # Item and What changed at their least
