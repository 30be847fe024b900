"""The issues log and the decision log: order, the reporting date, filters and formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.reports import decisions, issues
from pmo.reports.decisions import DecisionLog
from pmo.reports.issues import IssueLog
from pmo.scope import Scope


def _split(filters: dict[str, Any]) -> Scope:
    keys = ("project", "programme", "owner")
    return Scope(**{k: filters.pop(k) for k in keys if k in filters})


def build_issues(pf: Portfolio, as_of: dt.date, **filters: Any) -> IssueLog:
    return issues.build(pf, as_of, _split(filters), **filters)


def build_decisions(pf: Portfolio, as_of: dt.date, **filters: Any) -> DecisionLog:
    return decisions.build(pf, as_of, _split(filters), **filters)


AS_OF = dt.date(2010, 10, 20)

PEOPLE = """\
kind: people
people:
  - {id: ann, name: Ann Able}
  - {id: bob, name: Bob Baker}
"""
BOARD = """\
kind: board
id: exec
name: Executive Board
"""


def write_repo(root: Path, works: dict[str, dict[str, Any]]) -> Path:
    """Programme ``prog`` and ``other``; ``works`` maps an id to extra keys (issues, ...)."""
    (root / "records").mkdir(parents=True)
    (root / "pmo.yaml").write_text("as_of: 2010-10-20\n", encoding="utf-8")
    (root / "records" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / "records" / "exec.yaml").write_text(BOARD, encoding="utf-8")
    for id_, extra in works.items():
        data: dict[str, Any] = {"id": id_, "name": f"Work {id_}", "lead": "ann", **extra}
        data.setdefault("kind", "project" if "programme" in data else "programme")
        (root / "records" / f"{id_}.yaml").write_text(json.dumps(data), encoding="utf-8")
    return root


def portfolio(root: Path) -> Portfolio:
    loaded = load(root)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return loaded.portfolio


def issue(id_: str, priority: str, raised: str | None, **extra: Any) -> dict[str, Any]:
    data = {"id": id_, "title": f"Issue {id_}", "owner": "ann", "priority": priority, **extra}
    if raised is not None:
        data["raised"] = raised
    return data


@pytest.fixture
def issues_repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path,
        {
            "prog": {
                "issues": [
                    issue("low-old", "low", "2010-01-01"),
                    issue("high-new", "high", "2010-10-01"),
                    issue("high-old", "high", "2010-09-01", owner="bob"),
                    issue("crit", "critical", "2010-10-19"),
                    issue("med-undated", "medium", None),
                    issue("med", "medium", "2010-10-20"),
                ]
            },
            "p1": {
                "programme": "prog",
                "issues": [
                    issue("future", "critical", "2010-10-21"),
                    issue("closed", "high", "2010-08-01", status="closed", closed="2010-10-01",
                          resolution="Fixed with £5k"),
                    issue("closed-later", "low", "2010-08-01", status="closed",
                          closed="2010-11-01", resolution="Fixed in November"),
                ],
            },
            "other": {"issues": [issue("elsewhere", "medium", "2010-10-10")]},
        },
    )  # fmt: skip


def issue_ids(log: Any) -> list[str]:
    return [row.issue.id for row in log.rows]


def test_issues_by_priority_then_age(issues_repo: Path) -> None:
    log = build_issues(portfolio(issues_repo), AS_OF)
    assert issue_ids(log) == [
        "crit",
        "high-old",
        "high-new",
        "elsewhere",
        "med",
        "med-undated",
        "low-old",
        "closed-later",
    ]
    ages = {row.issue.id: row.age for row in log.rows}
    assert (ages["high-old"], ages["med"], ages["med-undated"]) == (49, 0, None)


def test_issues_with_closed_and_filters(issues_repo: Path) -> None:
    pf = portfolio(issues_repo)
    everything = build_issues(pf, AS_OF, include_closed=True)
    assert issue_ids(everything)[-1] == "closed"
    assert "future" not in issue_ids(everything)
    assert issue_ids(build_issues(pf, AS_OF, project="p1", include_closed=True)) == [
        "closed-later",
        "closed",
    ]
    assert "elsewhere" not in issue_ids(build_issues(pf, AS_OF, programme="prog"))
    assert issue_ids(build_issues(pf, AS_OF, owner="bob")) == ["high-old"]
    assert issue_ids(build_issues(pf, AS_OF, priority="high")) == ["crit", "high-old", "high-new"]


def test_issues_formats(issues_repo: Path, runner: CliRunner) -> None:
    root = str(issues_repo)
    out = runner.invoke(
        app, ["issues", "--project", "p1", "--all", "--format", "json", "--root", root]
    )
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["as_of"] == "2010-10-20"
    closed = data["issues"][1]
    assert (closed["id"], closed["status"], closed["resolution"]) == (
        "closed",
        "closed",
        "Fixed with £5k",
    )
    assert data["issues"][0]["status"] == "open"  # closed only after the reporting date
    out = runner.invoke(app, ["issues", "--all", "--format", "csv", "--root", root])
    rows = list(csv.reader(io.StringIO(out.stdout_bytes.decode("utf-8"))))
    assert rows[0][:6] == ["ID", "Issue", "Project", "Programme", "Owner", "Priority"]
    assert rows[-1][-3:-2] + rows[-1][-1:] == ["closed", "Fixed with £5k"]
    out = runner.invoke(app, ["issues", "--format", "markdown", "--root", root])
    lines = out.stdout.splitlines()
    assert lines[0] == "**Issues as of 2010-10-20**"
    assert lines[4] == "| crit | Issue crit | prog | Ann Able | critical | 2010-10-19 | 1 |"
    assert lines[-1] == "8 open issues."
    out = runner.invoke(app, ["issues", "--root", root], env={"COLUMNS": "200"})
    assert out.exit_code == 0
    assert "high-old" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--priority", "hihg"], "--priority hihg: not a priority; did you mean 'high'?"),
        (["--project", "P1"], "--project P1: no such project; did you mean 'p1'?"),
        (["--owner", "zed"], "--owner zed: no such person"),
    ],
)
def test_issues_misuse(issues_repo: Path, runner: CliRunner, args: list[str], message: str) -> None:
    out = runner.invoke(app, ["issues", *args, "--root", str(issues_repo)])
    assert out.exit_code == 2
    assert out.stderr.startswith(f"pmo: error: {message}")


@pytest.fixture
def decisions_repo(tmp_path: Path) -> Path:
    def decision(id_: str, date: str, by: str | None = "exec") -> dict[str, Any]:
        data = {"id": id_, "title": f"Decision {id_}", "date": date, "outcome": "Agreed: £1m"}
        if by is not None:
            data["by"] = by
        return data

    return write_repo(
        tmp_path,
        {
            "prog": {"decisions": [decision("d-b", "2010-09-01"), decision("d-old", "2010-01-01"),
                                   decision("d-future", "2010-10-21")]},
            "p1": {"programme": "prog", "decisions": [decision("d-a", "2010-09-01", "bob"),
                                                      decision("d-new", "2010-10-20")]},
            "other": {"decisions": [decision("d-other", "2010-05-01", None)]},
        },
    )  # fmt: skip


def test_decisions_newest_first(decisions_repo: Path) -> None:
    pf = portfolio(decisions_repo)
    log = build_decisions(pf, AS_OF)
    assert [r.decision.id for r in log.rows] == ["d-new", "d-a", "d-b", "d-other", "d-old"]
    assert [r.by for r in log.rows] == [
        "Executive Board",
        "Bob Baker",
        "Executive Board",
        "",
        "Executive Board",
    ]
    later = build_decisions(pf, dt.date(2010, 10, 21))
    assert later.rows[0].decision.id == "d-future"
    since = build_decisions(pf, AS_OF, since=dt.date(2010, 9, 1), programme="prog")
    assert [r.decision.id for r in since.rows] == ["d-new", "d-a", "d-b"]
    assert [r.decision.id for r in build_decisions(pf, AS_OF, by="bob").rows] == ["d-a"]
    assert [r.decision.id for r in build_decisions(pf, AS_OF, project="p1").rows] == [
        "d-new",
        "d-a",
    ]


def test_decisions_formats(decisions_repo: Path, runner: CliRunner) -> None:
    root = str(decisions_repo)
    out = runner.invoke(app, ["decisions", "--by", "exec", "--format", "json", "--root", root])
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert [d["id"] for d in data["decisions"]] == ["d-new", "d-b", "d-old"]
    assert data["decisions"][0]["project"] == "p1"
    assert data["decisions"][0]["outcome"] == "Agreed: £1m"
    out = runner.invoke(app, ["decisions", "--format", "csv", "--root", root])
    rows = list(csv.reader(io.StringIO(out.stdout_bytes.decode("utf-8"))))
    assert rows[0] == ["Date", "ID", "Decision", "Project", "Programme", "By", "Outcome"]
    assert rows[1] == ["2010-10-20", "d-new", "Decision d-new", "p1", "prog", "Executive Board",
                       "Agreed: £1m"]  # fmt: skip
    out = runner.invoke(
        app, ["decisions", "--since", "2010-09-01", "--format", "markdown", "--root", root]
    )
    assert out.stdout.splitlines()[0] == "**Decision log as of 2010-10-20 (since 2010-09-01)**"
    assert out.stdout.splitlines()[-1] == "3 decisions."
    out = runner.invoke(app, ["decisions", "--by", "exek", "--root", root])
    assert out.exit_code == 2
    assert out.stderr.startswith(
        "pmo: error: --by exek: no such board or person; did you mean 'exec'?"
    )
    out = runner.invoke(app, ["decisions", "--since", "01/09/2010", "--root", root])
    assert out.exit_code == 2


def test_bundled_issues_and_decisions(bundled: Path, runner: CliRunner, golden: Any) -> None:
    out = runner.invoke(app, ["issues", "--format", "markdown", "--root", str(bundled)])
    assert out.exit_code == 0, out.stderr
    golden("issues-log.md", out.stdout)
    out = runner.invoke(app, ["decisions", "--format", "markdown", "--root", str(bundled)])
    assert out.exit_code == 0, out.stderr
    golden("decision-log.md", out.stdout)


def test_report_modules_import_light() -> None:
    """The reports and their commands import no pydantic, rich, jinja2 or YAML parser."""
    import subprocess
    import sys

    code = (
        "import sys, pmo.reports.risks, pmo.reports.issues, pmo.reports.decisions, pmo.cli.risks\n"
        "print(sorted(m for m in ('pydantic', 'rich', 'jinja2', 'ruamel.yaml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_filtered_decision_logs_title_names_its_filters(bundled: Path, runner: CliRunner) -> None:
    args = ["decisions", "--root", str(bundled), "--by", "csw-reference-group"]
    result = runner.invoke(app, [*args, "--programme", "csw", "--since", "2010-09-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Decision log as of 2010-10-20 (programme csw, by csw-reference-group, since 2010-09-01)"
    )


def test_an_issue_closed_after_the_reporting_date_has_no_closing_in_the_csv(
    issues_repo: Path, runner: CliRunner
) -> None:
    args = ["issues", "--project", "p1", "--all", "--format", "csv", "--root", str(issues_repo)]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    later, closed = rows["closed-later"], rows["closed"]
    assert (later["Status"], later["Closed"], later["Resolution"]) == ("open", "", "")
    assert (closed["Status"], closed["Closed"], closed["Resolution"]) == (
        "closed",
        "2010-10-01",
        "Fixed with £5k",
    )
    as_json = ["issues", "--project", "p1", "--all", "--format", "json", "--root", str(issues_repo)]
    data = json.loads(runner.invoke(app, as_json).stdout)
    found = {i["id"]: i for i in data["issues"]}
    assert (found["closed-later"]["closed"], found["closed-later"]["resolution"]) == (None, None)
    assert found["closed"]["closed"] == "2010-10-01"


def test_a_filtered_issue_logs_title_names_them(issues_repo: Path, runner: CliRunner) -> None:
    args = ["--root", str(issues_repo), "--programme", "prog", "--priority", "high"]
    result = runner.invoke(app, ["issues", *args])
    assert result.exit_code == 0, result.output
    title = result.stdout.splitlines()[0]
    assert title == "Issues as of 2010-10-20 (programme prog, priority high)"
