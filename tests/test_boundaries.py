"""Every rule at its boundary and a day (or a unit) either side, through every copy of it.

Each rule is asked where it turns: on the threshold and one either side, in the function
that decides it and in each report or check that shows it (the dashboard, ``pmo show``,
the logs, ``pmo validate``), so a ``>`` turned ``>=`` in any one place fails here.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo import asof
from pmo.cli import app
from pmo.dump import dumps_data
from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.rag import rate
from pmo.records import (
    Action,
    Budget,
    Issue,
    Milestone,
    Programme,
    Project,
    Risk,
    Settings,
    Update,
)
from pmo.reports import finance, highlight, issues, risks
from pmo.reports.rows import risk_row, state_of
from pmo.scope import Scope
from pmo.validate import validate

D = dt.date
AS_OF = D(2010, 10, 20)
DAY = dt.timedelta(days=1)


def ago(days: int) -> str:
    return (AS_OF - days * DAY).isoformat()


def ahead(days: int) -> str:
    return (AS_OF + days * DAY).isoformat()


def repo(root: Path, *works: dict[str, Any], settings: dict[str, Any] | None = None) -> Path:
    """A repository: people ann and bob, programme ``prog`` and the given work records."""
    (root / "records").mkdir(parents=True)
    (root / "pmo.yaml").write_text(
        dumps_data({"as_of": AS_OF, **(settings or {})}), encoding="utf-8"
    )
    people = {
        "kind": "people",
        "people": [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}],
    }
    (root / "records" / "people.yaml").write_text(dumps_data(people), encoding="utf-8")
    records = [w for w in works if w.get("kind") == "programme"]
    if not records:
        records = [{"kind": "programme", "id": "prog", "name": "Prog", "lead": "ann"}]
    records += [w for w in works if w.get("kind") != "programme"]
    for w in records:
        data = {"lead": "ann", "name": w["id"].upper(), **w}
        (root / "records" / f"{w['id']}.yaml").write_text(dumps_data(data), encoding="utf-8")
    return root


def project(id_: str = "p1", **kw: Any) -> dict[str, Any]:
    return {"kind": "project", "id": id_, "programme": "prog", **kw}


def cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), (args, result.output)
    return result


def as_json(*args: str) -> Any:
    return json.loads(cli(*args, "--format", "json").stdout)


# --- schedule: slip of a milestone and of the work's end, both thresholds ------------------

SLIPS = [(29, "green"), (30, "green"), (31, "amber"), (89, "amber"), (90, "amber"), (91, "red")]


@pytest.mark.parametrize(("slip", "expected"), SLIPS)
@pytest.mark.parametrize("what", ["milestone", "end"])
def test_slip_turns_amber_after_slip_amber_days_and_red_after_slip_red_days(
    tmp_path: Path, what: str, slip: int, expected: str
) -> None:
    """Defaults: slip_amber_days 30, slip_red_days 90 ("more than" both)."""
    if what == "milestone":
        work = project(milestones=[{"id": "m1", "title": "M", "baseline": ahead(10),
                                    "forecast": ahead(10 + slip)}])  # fmt: skip
    else:
        work = project(start=ago(100), end=ahead(10), forecast_end=ahead(10 + slip))
    root = repo(tmp_path, work)
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert (p1["schedule"]["rating"], p1["derived_rag"]) == (expected, expected)
    assert bool(p1["schedule"]["reasons"]) is (expected != "green")


@pytest.mark.parametrize(
    ("slip", "expected"),
    [(4, "green"), (5, "green"), (6, "amber"), (19, "amber"), (20, "amber"), (21, "red")],
)
def test_end_slip_thresholds_come_from_settings(tmp_path: Path, slip: int, expected: str) -> None:
    root = repo(
        tmp_path,
        project(start=ago(100), end=ago(5), forecast_end=(AS_OF + (slip - 5) * DAY).isoformat()),
        settings={"thresholds": {"slip_amber_days": 5, "slip_red_days": 20}},
    )
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert p1["schedule"]["rating"] == expected


@pytest.mark.parametrize(("late", "expected"), [(0, "green"), (1, "amber"), (7, "amber"),
                                                (8, "red")])  # fmt: skip
def test_overdue_red_days_from_settings(tmp_path: Path, late: int, expected: str) -> None:
    milestone = {"id": "m1", "title": "M", "baseline": ago(late)}
    root = repo(
        tmp_path, project(milestones=[milestone]), settings={"thresholds": {"overdue_red_days": 7}}
    )
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert (p1["schedule"]["rating"], p1["overdue_milestones"]) == (expected, int(late > 0))


# --- stale: the dashboard's flag and validate's warning, one day either side -----------------


@pytest.mark.parametrize(("age", "stale"), [(44, False), (45, False), (46, True)])
def test_stale_flag_and_stale_warning_turn_on_the_same_day(
    tmp_path: Path, age: int, stale: bool
) -> None:
    """Stale after stale_after_days (45): the status flag, show's flag and validate's
    warning (located at the update's date) agree on the day."""
    update = {"date": ago(age), "rag": "green", "summary": "S"}
    root = repo(tmp_path, project(updates=[update]))
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert p1["stale"] is stale
    shown = cli("show", "p1", "--root", str(root)).stdout
    assert ("STALE" in shown) is stale
    warnings = [p for p in validate(root).problems if p.code == "stale-update"]
    if stale:
        (w,) = warnings
        assert (w.path, w.line, w.severity) == ("records/p1.yaml", 7, "warning")
        assert w.message == f"the latest update of 'p1' is {age} days old (stale after 45)"
    else:
        assert warnings == []


@pytest.mark.parametrize(("age", "stale"), [(9, False), (10, False), (11, True)])
def test_stale_after_days_from_settings(tmp_path: Path, age: int, stale: bool) -> None:
    update = {"date": ago(age), "rag": "green", "summary": "S"}
    root = repo(tmp_path, project(updates=[update]), settings={"stale_after_days": 10})
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert p1["stale"] is stale
    codes = [p.code for p in validate(root).problems]
    assert ("stale-update" in codes) is stale


def test_closed_work_gives_no_stale_warning(tmp_path: Path) -> None:
    update = {"date": ago(300), "rag": "green", "summary": "S"}
    root = repo(tmp_path, project(start=ago(400), closed=ago(1), updates=[update]))
    assert [p.code for p in validate(root).problems] == []
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert p1["stale"] is False


def test_the_stale_warning_names_the_latest_update_not_the_last_listed(tmp_path: Path) -> None:
    updates = [
        {"date": ago(60), "rag": "green", "summary": "Latest."},
        {"date": ago(90), "rag": "amber", "summary": "Older, listed last."},
    ]
    root = repo(tmp_path, project(updates=updates))
    (w,) = [p for p in validate(root).problems if p.code == "stale-update"]
    assert (w.line, w.message) == (7, "the latest update of 'p1' is 60 days old (stale after 45)")


# --- issues: raised after the reporting date, closed on it ---------------------------------


@pytest.mark.parametrize(
    ("raised", "closed", "open_"),
    [
        (AS_OF, None, True),
        (AS_OF + DAY, None, False),  # raised after the reporting date: not yet
        (None, None, True),
        (AS_OF - DAY, AS_OF, False),  # closed on the day: closed
        (AS_OF - DAY, AS_OF + DAY, True),  # closed after it: open then
    ],
)
def test_issue_open_on_the_reporting_date(
    raised: dt.date | None, closed: dt.date | None, open_: bool
) -> None:
    issue = Issue(
        id="i1", title="I", raised=raised, status="closed" if closed else "open", closed=closed
    )
    assert asof.issue_open(issue, AS_OF) is open_
    assert asof.issue_known(issue, AS_OF) is (raised is None or raised <= AS_OF)


def test_an_issue_raised_after_the_reporting_date_is_in_no_report(tmp_path: Path) -> None:
    """Not in the log (even with --all), nor in show, nor in the highlight report."""
    items = [
        {"id": "i-today", "title": "Raised today", "raised": ago(0)},
        {"id": "i-tomorrow", "title": "Raised tomorrow", "raised": ahead(1)},
        {"id": "i-closed", "title": "Closed today", "raised": ago(9), "status": "closed",
         "closed": ago(0)},
    ]  # fmt: skip
    root = repo(tmp_path, project(issues=items))
    logged = as_json("issues", "--root", str(root))["issues"]
    assert [i["id"] for i in logged] == ["i-today"]
    every = as_json("issues", "--all", "--root", str(root))["issues"]
    assert sorted(i["id"] for i in every) == ["i-closed", "i-today"]
    shown = cli("show", "p1", "--root", str(root)).stdout
    assert "i-today" in shown
    assert "i-tomorrow" not in shown and "i-closed" not in shown
    pf = load(root).portfolio
    lit = highlight.build(pf, pf.projects["p1"], AS_OF)
    assert [r.id for r in lit.issues] == ["i-today"]
    page = cli("report", "highlight", "p1", "--root", str(root)).stdout
    assert "Raised today" in page
    assert "Raised tomorrow" not in page and "Closed today" not in page


def test_a_programmes_highlight_lists_its_own_issues_only(tmp_path: Path) -> None:
    """Its projects' issues are in their own highlight reports, not the programme's."""
    prog = {"kind": "programme", "id": "prog", "name": "Prog",
            "issues": [{"id": "prog-i1", "title": "Programme issue"}]}  # fmt: skip
    root = repo(tmp_path, prog, project(issues=[{"id": "p1-i1", "title": "Project issue"}]))
    pf = load(root).portfolio
    assert [r.id for r in highlight.build(pf, pf.programmes["prog"], AS_OF).issues] == ["prog-i1"]
    assert [r.id for r in highlight.build(pf, pf.projects["p1"], AS_OF).issues] == ["p1-i1"]
    # The issues log of the programme has both: it is the log, not the highlight.
    log = issues.build(pf, AS_OF, Scope(programme="prog"))
    assert sorted(r.id for r in log.rows) == ["p1-i1", "prog-i1"]


def test_a_programmes_highlight_has_its_own_and_its_projects_risks_only(tmp_path: Path) -> None:
    r = {"id": "p1-r1", "title": "R", "owner": "bob", "likelihood": 2, "impact": 3}
    o = {"id": "o-r1", "title": "O", "owner": "bob", "likelihood": 2, "impact": 3}
    root = repo(
        tmp_path,
        {"kind": "programme", "id": "prog", "name": "Prog"},
        {"kind": "programme", "id": "other", "name": "Other", "risks": [o]},
        project(risks=[r]),
    )
    pf = load(root).portfolio
    report = highlight.build(pf, pf.programmes["prog"], AS_OF)
    assert (report.kind, report.programme, [row.id for row in report.risks]) == (
        "programme",
        None,
        ["p1-r1"],
    )
    text = cli("report", "highlight", "prog", "--root", str(root)).stdout
    assert "**Programme:** Prog\n" in text


def test_a_projects_highlight_names_a_programme_with_no_record_by_its_id(tmp_path: Path) -> None:
    root = repo(tmp_path, project(programme="ghost"))
    pf = load(root).portfolio  # an unknown programme is a problem, but reports still run
    report = highlight.build(pf, pf.projects["p1"], AS_OF)
    assert (report.kind, report.programme) == ("project", "ghost")


# --- risks: the JSON's assessments, actions on closed risks --------------------------------


def test_risk_json_keeps_likelihood_and_impact_apart(tmp_path: Path) -> None:
    """Every assessment has likelihood ≠ impact, so a swap anywhere shows."""
    r = {"id": "r1", "title": "R", "owner": "bob", "likelihood": 2, "impact": 5,
         "inherent": {"likelihood": 4, "impact": 5},
         "target": {"likelihood": 1, "impact": 3}}  # fmt: skip
    root = repo(tmp_path, project(risks=[r]))
    (got,) = as_json("risks", "--root", str(root))["risks"]
    assert (got["likelihood"], got["impact"], got["score"]) == (2, 5, 10)
    assert got["inherent"] == {"likelihood": 4, "impact": 5, "score": 20}
    assert got["target"] == {"likelihood": 1, "impact": 3, "score": 3}
    assert (got["reduced_by"], got["to_target"]) == (10, 7)
    heat = as_json("risks", "--heatmap", "--root", str(root))["heatmap"]
    (cell,) = [c for c in heat if c["count"]]
    assert (cell["likelihood"], cell["impact"], cell["risks"]) == (2, 5, ["r1"])


@pytest.mark.parametrize(
    ("due", "done", "overdue"),
    [
        (AS_OF, None, False),  # due today: not yet overdue
        (AS_OF - DAY, None, True),
        (AS_OF - DAY, AS_OF, False),  # done on the day
        (AS_OF - DAY, AS_OF + DAY, True),  # done after the day: still open then
        (None, None, False),
    ],
)
def test_action_overdue_on_the_reporting_date(
    due: dt.date | None, done: dt.date | None, overdue: bool
) -> None:
    action = Action(action="Act", due=due, done=done)
    assert asof.action_overdue(action, AS_OF) is overdue
    assert asof.action_open(action, AS_OF) is (done is None or done > AS_OF)
    assert asof.action_done_by(action, AS_OF) == (done if done and done <= AS_OF else None)
    open_risk = Risk(id="r", title="R", owner="o", likelihood=1, impact=1, actions=[action])
    closed_risk = Risk(id="r", title="R", owner="o", likelihood=1, impact=1, actions=[action],
                       status="closed", closed=AS_OF)  # fmt: skip
    assert asof.risk_action_overdue(open_risk, action, AS_OF) is overdue
    assert asof.risk_action_overdue(closed_risk, action, AS_OF) is False


def test_actions_on_a_closed_risk_are_never_overdue(tmp_path: Path) -> None:
    """Not counted in the register (nor its JSON), and no action-overdue warning."""
    late = {"action": "Chase", "owner": "bob", "due": ago(10)}
    risks_ = [
        {"id": "r-open", "title": "Open", "owner": "bob", "likelihood": 3, "impact": 3,
         "actions": [late]},
        {"id": "r-closed", "title": "Closed", "owner": "bob", "likelihood": 3, "impact": 3,
         "raised": ago(90), "status": "closed", "closed": ago(1), "actions": [late]},
    ]  # fmt: skip
    root = repo(tmp_path, project(risks=risks_))
    got = {r["id"]: r for r in as_json("risks", "--all", "--root", str(root))["risks"]}
    assert (got["r-open"]["overdue_actions"], got["r-closed"]["overdue_actions"]) == (1, 0)
    assert got["r-open"]["actions"][0]["overdue"] is True
    assert got["r-closed"]["actions"][0]["overdue"] is False
    overdue = [p for p in validate(root).problems if p.code == "action-overdue"]
    assert [(p.line, p.message) for p in overdue] == [
        (15, "action on risk 'r-open' was due on 2010-10-10 (10 days ago): Chase")
    ]
    pf = load(root).portfolio
    rows = {r.id: r for r in risks.build(pf, AS_OF, include_closed=True).rows}
    assert (rows["r-open"].overdue_actions, rows["r-closed"].overdue_actions) == (1, 0)
    closed = risk_row(pf, pf.projects["p1"], pf.projects["p1"].risks[1], AS_OF)
    assert (closed.open, closed.open_actions, closed.mitigations) == (False, 1, ["Chase"])


@pytest.mark.parametrize(("review", "overdue"), [(1, True), (0, False), (-1, False)])
def test_review_overdue_the_day_after_it_is_due(tmp_path: Path, review: int, overdue: bool) -> None:
    r = {"id": "r1", "title": "R", "owner": "bob", "likelihood": 1, "impact": 2,
         "review": ago(review)}  # fmt: skip
    root = repo(tmp_path, project(risks=[r]))
    (got,) = as_json("risks", "--root", str(root))["risks"]
    assert got["review_overdue"] is overdue
    codes = [p.code for p in validate(root).problems]
    assert ("review-overdue" in codes) is overdue
    only = as_json("risks", "--review-overdue", "--root", str(root))["risks"]
    assert [x["id"] for x in only] == (["r1"] if overdue else [])


@pytest.mark.parametrize(
    ("likelihood", "impact", "band", "escalate"),
    [(1, 5, "green", False), (2, 4, "amber", False), (3, 5, "red", True), (4, 4, "red", True),
     (2, 3, "green", False), (3, 3, "amber", False)],
)  # fmt: skip
def test_bands_and_escalation_at_their_scores(
    likelihood: int, impact: int, band: str, escalate: bool
) -> None:
    """Defaults: amber from 8, red and escalated from 15 (at or above)."""
    pf = Portfolio(root=Path("."), settings=Settings())
    work = Project(kind="project", id="p1", name="P", programme="prog", lead="ann")
    r = Risk(id="r1", title="R", owner="ann", likelihood=likelihood, impact=impact)
    row = risk_row(pf, work, r, AS_OF)
    assert (row.band, row.escalate) == (band, escalate)


def test_a_status_score_is_coloured_by_the_repositorys_bands(tmp_path: Path) -> None:
    """16 is red by default (from 15), amber where the bands are red 20, amber 12."""
    from pmo.reports import status
    from pmo.tabular import RAG_STYLE

    r = {"id": "r1", "title": "R", "owner": "bob", "likelihood": 4, "impact": 4}
    settings = {"risk_bands": {"red": 20, "amber": 12}}
    root = repo(tmp_path, project(risks=[r]), settings=settings)
    table = status.build(load(root).portfolio, AS_OF).table()
    [row] = [row for row in table.rows if row[0].text == "p1"]
    score = row[status.COLUMNS.index("Score")]
    assert (score.text, score.style) == ("16", RAG_STYLE["amber"])


@pytest.mark.parametrize(
    ("ahead", "state"),
    [
        (-1, "overdue 20 days"),
        (0, "overdue 20 days (forecast today)"),
        (1, "overdue 20 days (forecast in 1 day)"),
        (2, "overdue 20 days (forecast in 2 days)"),
    ],
)
def test_a_milestone_past_its_baseline_says_when_it_is_forecast(ahead: int, state: str) -> None:
    m = Milestone(id="m1", title="M", baseline=AS_OF - 20 * DAY, forecast=AS_OF + ahead * DAY)
    assert state_of(m, AS_OF) == state


# --- money: variances over the approved budget ----------------------------------------------


def test_finance_variance_is_over_the_approved_budget_of_the_rows_that_have_one() -> None:
    """Row: forecast less approved, over approved. Total: the rows' variances over the
    approved budgets of the rows with a variance (a row with no forecast is left out of
    both; a programme's own budget is kept apart)."""

    def work(id_: str, **money: int) -> Project:
        budget = Budget(**{k: Decimal(v) for k, v in money.items()})
        return Project(kind="project", id=id_, name=id_, programme="prog", lead="a", budget=budget)

    own = Budget(approved=Decimal(10**6), forecast=Decimal(2 * 10**6))
    prog = Programme(kind="programme", id="prog", name="Prog", lead="a", budget=own)
    summary = finance.build(
        [
            prog,
            work("a", approved=100_000, forecast=110_000, actual=5),
            work("b", approved=50_000),
            work("c", approved=200_000, forecast=195_000),
            work("d", forecast=7_000),
        ]
    )
    rows = {r.id: r for r in summary.rows}
    assert (rows["a"].variance, rows["a"].variance_pct) == (Decimal(10_000), Decimal("10.0"))
    assert (rows["b"].variance, rows["b"].variance_pct) == (None, None)
    assert (rows["c"].variance, rows["c"].variance_pct) == (Decimal(-5_000), Decimal("-2.5"))
    assert (rows["d"].variance, rows["d"].approved) == (None, None)
    total = summary.total
    assert total is not None
    assert (total.approved, total.forecast, total.spent) == (350_000, 312_000, 5)
    # 5,000 over the 300,000 approved of rows a and c: 1.7% (not 1.4% of 350,000).
    assert (total.variance, total.variance_pct) == (Decimal(5_000), Decimal("1.7"))
    assert [p.id for p in summary.programmes] == ["prog"]
    assert summary.programmes[0].variance_pct == Decimal("100.0")


def test_finance_with_no_variance_has_none_in_total() -> None:
    w = Project(kind="project", id="a", name="A", programme="p", lead="x",
                budget=Budget(approved=Decimal(100)))  # fmt: skip
    total = finance.build([w]).total
    assert total is not None
    assert (total.approved, total.forecast, total.variance, total.variance_pct) == (
        100,
        None,
        None,
        None,
    )
    assert finance.build([]).total is None


# --- the rating of work closed, rated as it stood -----------------------------------------


def test_rate_counts_open_risks_and_overdue_milestones_of_a_programme_and_its_projects(
    tmp_path: Path,
) -> None:
    prog = {
        "kind": "programme",
        "id": "prog",
        "name": "Prog",
        "milestones": [{"id": "pm1", "title": "Late", "baseline": ago(3)}],
        "risks": [{"id": "pr1", "title": "R", "owner": "ann", "likelihood": 2, "impact": 2}],
    }
    p1 = project(
        milestones=[
            {"id": "m1", "title": "Late too", "baseline": ago(1)},
            {"id": "m2", "title": "Next", "baseline": ahead(4)},
        ],
        risks=[
            {"id": "r1", "title": "R", "owner": "ann", "likelihood": 3, "impact": 4},
            {
                "id": "r2",
                "title": "Shut",
                "owner": "ann",
                "likelihood": 5,
                "impact": 5,
                "status": "closed",
                "closed": ago(1),
            },
        ],
    )
    closed = project("p2", start=ago(200), closed=ago(2),
                     milestones=[{"id": "m3", "title": "Late", "baseline": ago(50)}])  # fmt: skip
    root = repo(tmp_path, prog, p1, closed)
    pf = load(root).portfolio
    r = rate(pf.programmes["prog"], pf, AS_OF)
    assert (r.overdue_milestones, r.open_risks, r.top_risk_score) == (2, 2, 12)
    assert r.next_milestone is not None and r.next_milestone.id == "m2"
    p2 = rate(pf.projects["p2"], pf, AS_OF)
    assert p2.closed and not p2.stale
    # Judged as it stood on closing: 48 days late then (red), not 50.
    assert p2.schedule.reasons == ["milestone m3 (Late) 48 days overdue (due 2010-08-31)"]


# --- what counts on the reporting date, seen from a later one ---------------------------------


def test_a_milestone_achieved_after_the_reporting_date_was_not_achieved_then(
    tmp_path: Path,
) -> None:
    ms = [{"id": "m1", "title": "Done later", "baseline": ago(30), "actual": ago(5)}]
    root = repo(tmp_path, project(milestones=ms))
    (before,) = as_json("milestones", "--all", "--as-of", ago(10), "--root", str(root))[
        "milestones"
    ]
    assert (before["actual"], before["state"], before["overdue_days"]) == (
        None,
        "overdue 20 days",
        20,
    )
    (after,) = as_json("milestones", "--all", "--root", str(root))["milestones"]
    assert (after["actual"], after["state"], after["overdue_days"]) == (ago(5), "done", 0)
    shown = cli("show", "p1", "--as-of", ago(10), "--root", str(root)).stdout
    assert ago(5) not in shown and "overdue 20 days" in shown


@pytest.mark.parametrize(("day", "counts"), [(-1, False), (0, False), (1, True), (30, True),
                                             (31, False)])  # fmt: skip
def test_a_reporting_period_is_after_its_start_and_up_to_its_day(day: int, counts: bool) -> None:
    """``between(day, since, on)``: since < day <= on (a paper's period since the last)."""
    since, on = AS_OF, AS_OF + 30 * DAY
    assert asof.between(AS_OF + day * DAY, since, on) is counts
    assert asof.between(None, since, on) is False


def test_the_dimensions_worse_than_declared_come_worst_first() -> None:
    """Evidence that schedule is amber-red and risk red, declared green: risk first."""
    from pmo.rag import flags_of, worse_than_declared

    settings = Settings(rag_scale="five", escalation_score=12)
    late = [Milestone(id="m1", title="M", baseline=AS_OF - 25 * DAY)]  # amber-red
    near = [Risk(id="r1", title="R", owner="a", likelihood=4, impact=4,
                 proximity=AS_OF + 10 * DAY)]  # fmt: skip
    work = Project(kind="project", id="p1", name="P", programme="prog", lead="a",
                   milestones=late, risks=near,
                   updates=[Update(date=AS_OF, rag="green", summary="Fine.")])  # fmt: skip
    pf = Portfolio(root=Path("."), settings=settings)
    pf.projects["p1"] = work
    r = rate(work, pf, AS_OF)
    assert [(n, d.rating) for n, d in worse_than_declared(r)] == [
        ("risk", "red"), ("schedule", "amber-red")
    ]  # fmt: skip
    (flag,) = flags_of(r, 45)
    assert flag.dimensions == ["risk", "schedule"]
    assert flag.evidence[0] == (
        "declared GREEN is better than the evidence (RED): risk RED, schedule AMBER/RED"
    )


# --- ratings of the smallest amounts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "forecast", "rating", "reasons"),
    [
        (0, 5, None, []),  # no approved budget: no evidence
        (1, 1, "green", []),
        (1, 2, "red", ["forecast £2 is 100.0% over approved £1"]),
        (100_000, "100000.01", "green", ["forecast £100k is 0.0% over approved £100k"]),
        (100_000, 100_000, "green", []),
        (100_000, 99_000, "green", []),
    ],
)
def test_cost_of_the_smallest_budgets_and_overspends(
    approved: int, forecast: int | str, rating: str | None, reasons: list[str]
) -> None:
    from pmo.rag import cost_of

    budget = Budget(approved=Decimal(approved), forecast=Decimal(forecast))
    got = cost_of(budget, Settings())
    assert (got.rating, got.reasons) == (rating, reasons)


@pytest.mark.parametrize(
    ("planned", "realised", "rating", "reason"),
    [
        (1, 0, "red", "realised 0 homes of 1 home planned by 2010-10-20, 100.0% behind"),
        ("0.5", 0, "red", "realised 0 homes of 0.5 homes planned by 2010-10-20, 100.0% behind"),
        (0, 0, "green", None),
        (2, 2, "green", None),
    ],
)  # fmt: skip
def test_benefit_of_the_smallest_plans(
    planned: int | str, realised: int, rating: str, reason: str | None
) -> None:
    from pmo.rag import benefit_of
    from pmo.records import Benefit, Realised

    b = Benefit(id="b1", title="B", unit="homes", target=Decimal(planned), due=AS_OF,
                realised=[Realised(date=AS_OF, value=Decimal(realised))])  # fmt: skip
    got = benefit_of(b, AS_OF, Settings())
    assert (got.rating, got.reasons) == (rating, [f"benefit b1 (B) {reason}"] if reason else [])


def test_a_disbenefit_realised_with_none_planned_is_red() -> None:
    from pmo.rag import benefit_of
    from pmo.records import Benefit, Planned, Realised

    b = Benefit(id="d1", title="D", type="disbenefit",
                profile=[Planned(date=AS_OF + DAY, value=Decimal(10))],
                realised=[Realised(date=AS_OF, value=Decimal(3))])  # fmt: skip
    got = benefit_of(b, AS_OF, Settings())
    assert (got.rating, got.reasons) == (
        "red", ["disbenefit d1 (D) realised £3 with none planned by 2010-10-20"]
    )  # fmt: skip


def test_a_rating_names_its_work(tmp_path: Path) -> None:
    root = repo(tmp_path, project())
    pf = load(root).portfolio
    assert rate(pf.projects["p1"], pf, AS_OF).work_id == "p1"
    assert rate(pf.programmes["prog"], pf, AS_OF).work_id == "prog"


def test_stale_after_days_must_not_be_negative(tmp_path: Path) -> None:
    root = repo(tmp_path, project(), settings={"stale_after_days": -1})
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 1
    assert "pmo.yaml:1:1: error: invalid-threshold stale_after_days (-1) must not be below 0" in (
        result.stdout
    )


# --- risks at their days ---------------------------------------------------------------------


def risk_dimension(settings: Settings, **kw: Any) -> Any:
    from pmo.rag import risk_of

    fields: dict[str, Any] = {"id": "r1", "title": "R", "owner": "a", "likelihood": 4,
                              "impact": 4, **kw}  # fmt: skip
    return risk_of([Risk(**fields)], AS_OF, settings)


def test_an_escalated_risk_near_today_and_overdue_for_review_says_both() -> None:
    got = risk_dimension(Settings(), proximity=AS_OF, review=AS_OF - DAY)
    assert (got.rating, got.reasons) == (
        "red",
        ["risk r1 (R) scores 16, at or above escalation 15; its proximity 2010-10-20 is 0 days "
         "away and its review was due 2010-10-19"],
    )  # fmt: skip
    passed = risk_dimension(Settings(), proximity=AS_OF - DAY)
    assert passed.reasons == [
        "risk r1 (R) scores 16, at or above escalation 15; its proximity 2010-10-19 has passed"
    ]


@pytest.mark.parametrize(("raised", "rating"), [(0, "amber"), (1, None), (-1, "amber")])
def test_a_risk_raised_on_the_reporting_date_counts(raised: int, rating: str | None) -> None:
    got = risk_dimension(Settings(), raised=AS_OF + raised * DAY)
    assert got.rating == rating


@pytest.mark.parametrize(
    ("escalation", "likelihood", "impact", "expected"),
    # The band from escalation to 25 in thirds: 2..25 is 23 wide, so 10 (8 over) is in the
    # middle third (3 × 8 = 24 > 23), 9 (7 over) in the lowest, 25 (23 over) in the top.
    [(2, 2, 5, "amber"), (2, 3, 3, "amber-green"), (2, 5, 5, "amber-red"),
     (15, 4, 4, "amber-green"), (15, 4, 5, "amber"), (15, 5, 5, "amber-red")],
)  # fmt: skip
def test_an_escalated_risk_is_graded_by_the_third_of_its_band(
    escalation: int, likelihood: int, impact: int, expected: str
) -> None:
    settings = Settings(rag_scale="five", escalation_score=escalation)
    got = risk_dimension(settings, likelihood=likelihood, impact=impact)
    assert got.rating == expected


@pytest.mark.parametrize(("closed", "is_closed"), [(-1, True), (0, True), (1, False)])
def test_work_closed_on_the_reporting_date_is_closed(
    tmp_path: Path, closed: int, is_closed: bool
) -> None:
    update = {"date": ago(100), "rag": "green", "summary": "S"}
    root = repo(tmp_path, project(start=ago(200), closed=ahead(closed), updates=[update]))
    (p1,) = as_json("status", "--root", str(root))["projects"]
    assert (p1["closed"], p1["stale"]) == (is_closed, not is_closed)


# --- date order: a later date on the same day is in order, a day before is not --------------

ORDERS = [
    ("end", lambda d: project(start=ago(100), end=d), "end {} is before start"),
    ("forecast_end", lambda d: project(start=ago(100), forecast_end=d),
     "forecast_end {} is before start"),
    ("closed", lambda d: project(start=ago(100), closed=d), "closed {} is before start"),
    ("risk", lambda d: project(risks=[{"id": "r1", "title": "R", "owner": "ann",
     "likelihood": 2, "impact": 2, "raised": ago(100), "status": "closed", "closed": d}]),
     "closed {} is before raised"),
    ("issue", lambda d: project(issues=[{"id": "i1", "title": "I", "raised": ago(100),
     "status": "closed", "closed": d}]), "closed {} is before raised"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "work", "message"), ORDERS, ids=[o[0] for o in ORDERS])
@pytest.mark.parametrize(("days", "in_order"), [(99, True), (100, True), (101, False)])
def test_dates_on_the_same_day_are_in_order(
    tmp_path: Path, name: str, work: Any, message: str, days: int, in_order: bool
) -> None:
    """``pmo validate``: a later date equal to the earlier one is fine, a day before it is a
    ``date-order`` error."""
    root = repo(tmp_path, work(ago(days)))
    result = cli("validate", "--root", str(root))
    errors = [line for line in result.stdout.splitlines() if "date-order" in line]
    if in_order:
        assert (result.exit_code, errors) == (0, [])
    else:
        (line,) = errors
        assert result.exit_code == 1
        assert line.startswith("records/p1.yaml:") and message.format(ago(days)) in line


@pytest.mark.parametrize(("days", "future"), [(-1, False), (0, False), (1, True)])
def test_a_milestone_achieved_on_the_reporting_date_is_not_in_the_future(
    tmp_path: Path, days: int, future: bool
) -> None:
    milestone = {"id": "m1", "title": "M", "baseline": ago(10), "actual": ahead(days)}
    root = repo(tmp_path, project(milestones=[milestone]))
    result = cli("validate", "--root", str(root))
    errors = [line for line in result.stdout.splitlines() if "future-date" in line]
    assert (result.exit_code, len(errors)) == ((1, 1) if future else (0, 0))
    if future:
        assert f"milestone achieved on {ahead(days)}, after the reporting date" in errors[0]


def test_a_closed_programme_counts_its_open_projects_milestones_as_of_its_closing(
    tmp_path: Path,
) -> None:
    """A programme closed 30 days ago is rated as it stood then, its projects' milestones
    too: one due 10 days ago was still to come (its next milestone), not yet overdue."""
    programme = {"kind": "programme", "id": "prog", "name": "Prog", "closed": ago(30)}
    milestone = {"id": "m1", "title": "Handover", "baseline": ago(10)}
    later = {"id": "m2", "title": "Sign-off", "baseline": ago(5), "actual": ago(2)}
    root = repo(tmp_path, programme, project(milestones=[milestone, later]))
    data = as_json("status", "--root", str(root))
    (prog,) = data["programmes"]
    (p1,) = data["projects"]
    assert (p1["overdue_milestones"], p1["next_milestone"]) == (1, None)
    assert prog["closed"] is True
    assert prog["overdue_milestones"] == 0
    assert prog["next_milestone"]["id"] == "m1"


def test_every_dependency_cycle_is_found(tmp_path: Path) -> None:
    """A cycle reached from a project outside it (p1 → p2 ⇄ p3) and one after it (p4 ⇄ p5):
    each reported once, at the first project of the cycle."""
    root = repo(
        tmp_path,
        project("p1", depends_on=["p2"]),
        project("p2", depends_on=["p3"]),
        project("p3", depends_on=["p2"]),
        project("p4", depends_on=["p5"]),
        project("p5", depends_on=["p4"]),
    )
    cycles = sorted(
        (p.path, p.message) for p in validate(root).problems if p.code == "dependency-cycle"
    )
    assert cycles == [
        ("records/p2.yaml", "projects depend on each other in a cycle: p2 → p3 → p2"),
        ("records/p4.yaml", "projects depend on each other in a cycle: p4 → p5 → p4"),
    ]


def test_a_closed_project_does_not_end_the_freshness_warnings(tmp_path: Path) -> None:
    """Closed work gets no stale warning; work after it still does."""
    old = {"date": ago(300), "rag": "green", "summary": "S"}
    review = {"id": "r1", "title": "R", "owner": "ann", "likelihood": 2, "impact": 2,
              "review": ago(5)}  # fmt: skip
    root = repo(
        tmp_path,
        project("p1", start=ago(400), closed=ago(1), updates=[old]),
        project("p2", updates=[old], risks=[review]),
    )
    found = sorted((p.path, p.code) for p in validate(root).problems)
    assert found == [
        ("records/p2.yaml", "review-overdue"),
        ("records/p2.yaml", "stale-update"),
    ]


def test_a_closed_risk_does_not_end_the_action_warnings_of_the_risks_after_it(
    tmp_path: Path,
) -> None:
    late = {"action": "Chase", "owner": "bob", "due": ago(10)}
    risks_ = [
        {"id": "r-closed", "title": "Closed", "owner": "bob", "likelihood": 3, "impact": 3,
         "raised": ago(90), "status": "closed", "closed": ago(1), "actions": [late]},
        {"id": "r-open", "title": "Open", "owner": "bob", "likelihood": 3, "impact": 3,
         "actions": [late]},
    ]  # fmt: skip
    root = repo(tmp_path, project(risks=risks_))
    overdue = [p.message for p in validate(root).problems if p.code == "action-overdue"]
    assert overdue == ["action on risk 'r-open' was due on 2010-10-10 (10 days ago): Chase"]


@pytest.mark.parametrize(
    ("target", "negative"), [("-1", True), ("-0.01", True), ("0", False), ("0.5", False)]
)
def test_a_benefit_amount_is_negative_below_zero(
    tmp_path: Path, target: str, negative: bool
) -> None:
    benefit = {"id": "b1", "title": "B", "type": "non-cashable", "unit": "hours",
               "target": Decimal(target), "due": ahead(100)}  # fmt: skip
    root = repo(tmp_path, project(benefits=[benefit]))
    found = [p for p in validate(root).problems if p.code == "negative-benefit"]
    assert len(found) == (1 if negative else 0)


@pytest.mark.parametrize(("actual", "done"), [(-1, True), (0, True), (1, False)])
def test_a_milestone_achieved_on_the_reporting_date_is_done(
    tmp_path: Path, actual: int, done: bool
) -> None:
    ms = [{"id": "m1", "title": "M", "baseline": ago(30), "actual": ahead(actual)}]
    root = repo(tmp_path, project(milestones=ms))
    (m,) = as_json("milestones", "--all", "--as-of", ago(0), "--root", str(root))["milestones"]
    if done:
        assert (m["actual"], m["state"], m["overdue_days"]) == (ahead(actual), "done", 0)
    else:
        assert (m["actual"], m["state"], m["overdue_days"]) == (None, "overdue 30 days", 30)


def test_a_profile_with_no_target_has_nothing_to_add_up_to(tmp_path: Path) -> None:
    benefit = {"id": "b1", "title": "B", "type": "cashable", "due": ahead(100),
               "profile": [{"date": ahead(50), "value": Decimal(1000)}]}  # fmt: skip
    root = repo(tmp_path, project(benefits=[benefit]))
    assert [p.code for p in validate(root).problems] == []


def test_a_hidden_character_in_a_persons_or_boards_name_is_found_at_the_name(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, project())
    people = root / "records" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("name: Bob", 'name: "Bo\\u200bb"'),
        encoding="utf-8",
    )
    board = 'kind: board\nid: brd\nname: "Board\\u202e"\nchair: ann\n'
    (root / "records" / "board.yaml").write_text(board, encoding="utf-8")
    found = [
        (p.path, p.line, p.message) for p in validate(root).problems if p.code == "hidden-character"
    ]
    line = next(
        n for n, text in enumerate(people.read_text().splitlines(), 1) if "Bo\\u200bb" in text
    )
    assert sorted(found) == [
        ("records/board.yaml", 3, "the name of 'brd': it holds a hidden character (\\u202e)"),
        ("records/people.yaml", line, "the name of 'bob': it holds a hidden character (\\u200b)"),
    ]


def test_a_profile_entry_after_the_due_date_in_its_unit(tmp_path: Path) -> None:
    benefit = {"id": "b1", "title": "B", "type": "non-cashable", "unit": "hours",
               "target": Decimal(1000), "due": ahead(100),
               "profile": [{"date": ahead(101), "value": Decimal(1000)}]}  # fmt: skip
    root = repo(tmp_path, project(benefits=[benefit]))
    (p,) = validate(root).problems
    assert (p.code, p.message) == (
        "profile-after-due",
        f"benefit 'b1' plans 1,000 hours on {ahead(101)}, after it is due ({ahead(100)})",
    )


@pytest.mark.parametrize(("due", "upcoming"), [(29, True), (30, True), (31, False)])
def test_a_closed_programmes_project_milestone_due_on_its_closing_day_was_to_come(
    tmp_path: Path, due: int, upcoming: bool
) -> None:
    """Due on the day the programme closed (30 days ago): still to come then, not late."""
    programme = {"kind": "programme", "id": "prog", "name": "Prog", "closed": ago(30)}
    milestone = {"id": "m0", "title": "Go live", "baseline": ago(due)}
    root = repo(tmp_path, programme, project(milestones=[milestone]))
    (prog,) = as_json("status", "--root", str(root))["programmes"]
    assert prog["overdue_milestones"] == (0 if upcoming else 1)
    assert (prog["next_milestone"] or {}).get("id") == ("m0" if upcoming else None)


def test_a_hidden_character_in_a_papers_or_items_title_is_found_at_the_title(
    tmp_path: Path,
) -> None:
    milestone = {"id": "m1", "title": "Go\u200b live", "baseline": ahead(10)}
    root = repo(tmp_path, project(milestones=[milestone]))
    (root / "records" / "board.yaml").write_text(
        "kind: board\nid: brd\nname: Board\nchair: ann\n", encoding="utf-8"
    )
    paper = f'kind: paper\nid: pp\nboard: brd\nmeeting: {ahead(5)}\ntitle: "Re\\u202eport"\n'
    (root / "records" / "paper.yaml").write_text(paper, encoding="utf-8")
    found = sorted(
        (p.path, p.message) for p in validate(root).problems if p.code == "hidden-character"
    )
    assert found == [
        ("records/p1.yaml", "the title of 'm1': it holds a hidden character (\\u200b)"),
        ("records/paper.yaml", "the title of 'pp': it holds a hidden character (\\u202e)"),
    ]
    (p,) = [p for p in validate(root).problems if p.path == "records/paper.yaml"]
    assert (p.line, p.severity) == (5, "warning")
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 0  # warnings only
    assert "records/paper.yaml:5:8: warning: hidden-character the title of 'pp'" in result.stdout


@pytest.mark.parametrize("count", [2, 3])
def test_late_milestones_are_given_in_the_order_they_fell_due(tmp_path: Path, count: int) -> None:
    """Listed latest first in the file, the reasons name them earliest first."""
    ms = [{"id": f"m{i}", "title": f"M{i}", "baseline": ago(5 * i)} for i in range(1, count + 1)]
    root = repo(tmp_path, project(milestones=ms))
    (p1,) = as_json("status", "--root", str(root))["projects"]
    named = [reason.split(" ")[1] for reason in p1["schedule"]["reasons"]]
    assert named == [f"m{i}" for i in range(count, 0, -1)]


@pytest.mark.parametrize("count", [2, 3])
def test_escalated_risks_are_given_highest_score_first(tmp_path: Path, count: int) -> None:
    """Listed lowest score first in the file, the reasons name them highest first."""
    rs = [{"id": f"r{i}", "title": f"R{i}", "owner": "ann", "likelihood": 5, "impact": 3 + i}
          for i in range(count)]  # fmt: skip
    root = repo(tmp_path, project(risks=rs))
    (p1,) = as_json("status", "--root", str(root))["projects"]
    named = [reason.split(" ")[1] for reason in p1["risk"]["reasons"]]
    assert named == [f"r{i}" for i in range(count - 1, -1, -1)]
