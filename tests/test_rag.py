"""The ratings engine at its boundaries: thresholds, as-of dates, scales, roll-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pmo import formats
from pmo.portfolio import Portfolio
from pmo.rag import RANK, Rating, cost_of, rate, worst
from pmo.records import Budget, Milestone, Programme, Project, Risk, Settings, Update
from pmo.types import RAG_FIVE

D = dt.date
AS_OF = D(2010, 10, 20)


def project(**kw: object) -> Project:
    base: dict[str, object] = {
        "kind": "project",
        "id": "p1",
        "name": "P1",
        "programme": "prog",
        "lead": "lee",
    }
    base.update(kw)
    return Project(**base)  # type: ignore[arg-type]


def portfolio(*works: Project | Programme, settings: Settings | None = None) -> Portfolio:
    pf = Portfolio(root=Path("."), settings=settings or Settings())
    for w in works:
        if isinstance(w, Programme):
            pf.programmes[w.id] = w
        else:
            pf.projects[w.id] = w
    return pf


def rated(p: Project, on: dt.date = AS_OF, settings: Settings | None = None) -> Rating:
    return rate(p, portfolio(p, settings=settings), on)


def upd(day: dt.date, rag: str) -> Update:
    return Update(date=day, rag=rag, summary="s")


def ms(due: dt.date, baseline: dt.date | None = None, actual: dt.date | None = None) -> Milestone:
    return Milestone(id="m1", title="M", baseline=baseline or due, forecast=due, actual=actual)


def risk(likelihood: int, impact: int, **kw: object) -> Risk:
    return Risk(id="r1", title="R", owner="lee", likelihood=likelihood, impact=impact, **kw)  # type: ignore[arg-type]


def test_five_point_scale_is_ordered_best_first() -> None:
    assert sorted(RAG_FIVE, key=RANK.__getitem__) == [
        "green", "amber-green", "amber", "amber-red", "red"
    ]  # fmt: skip
    assert worst("amber-green", "amber") == "amber"
    assert worst("amber", "amber-red") == "amber-red"
    assert worst("green", "amber-green") == "amber-green"
    assert worst(None, None) is None


def test_milestone_due_today_is_not_overdue_and_is_next() -> None:
    r = rated(project(milestones=[ms(AS_OF)]))
    assert r.schedule.rating == "green"
    assert r.overdue_milestones == 0
    assert r.next_milestone is not None and r.next_milestone.due == AS_OF


def test_milestone_one_day_overdue_is_amber() -> None:
    r = rated(project(milestones=[ms(AS_OF - dt.timedelta(days=1))]))
    assert r.schedule.rating == "amber"
    assert r.overdue_milestones == 1
    assert r.next_milestone is None
    assert r.schedule.reasons == ["milestone m1 (M) 1 day overdue (due 2010-10-19)"]


@pytest.mark.parametrize(("days", "expected"), [(30, "amber"), (31, "red")])
def test_overdue_red_is_more_than_threshold(days: int, expected: str) -> None:
    r = rated(project(milestones=[ms(AS_OF - dt.timedelta(days=days))]))
    assert r.schedule.rating == expected
    assert f"{days} days overdue" in r.schedule.reasons[0]


def test_achieved_milestone_is_not_overdue_but_actual_after_as_of_does_not_count() -> None:
    due = AS_OF - dt.timedelta(days=40)
    done_later = project(milestones=[ms(due, actual=AS_OF + dt.timedelta(days=1))])
    assert rated(done_later).schedule.rating == "red"
    done = project(milestones=[ms(due, actual=AS_OF)])
    assert rated(done).schedule.rating == "green"
    assert rated(done).overdue_milestones == 0


@pytest.mark.parametrize(("slip", "expected"), [(30, "green"), (31, "amber")])
def test_slip_amber_is_more_than_threshold(slip: int, expected: str) -> None:
    due = AS_OF + dt.timedelta(days=100)
    m = ms(due, baseline=due - dt.timedelta(days=slip))
    assert rated(project(milestones=[m])).schedule.rating == expected


def test_forecast_end_slip_counts() -> None:
    p = project(end=D(2012, 3, 31), forecast_end=D(2012, 5, 1))
    r = rated(p)
    assert r.schedule.rating == "amber"
    assert r.schedule.reasons == ["end forecast 2012-05-01, 31 days after the agreed 2012-03-31"]


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [("100000", "green"), ("105000", "green"), ("105001", "amber"), ("110000", "amber"),
     ("110001", "red"), ("90000", "green")],
)  # fmt: skip
def test_cost_thresholds_are_more_than(forecast: str, expected: str) -> None:
    d = cost_of(Budget(approved=Decimal(100000), forecast=Decimal(forecast)), Settings())
    assert d.rating == expected


def test_cost_reason_and_actual_above_forecast() -> None:
    d = cost_of(Budget(approved=Decimal(110000), forecast=Decimal(135000)), Settings())
    assert d.reasons == ["forecast £135k is 22.7% over approved £110k"]
    spent = Budget(approved=Decimal(100), forecast=Decimal(100), actual=Decimal(120))
    d = cost_of(spent, Settings())
    assert d.rating == "red"
    assert d.reasons == ["actual spend £120 is 20.0% over approved £100"]


def test_cost_without_evidence_is_none() -> None:
    assert cost_of(None, Settings()).rating is None
    assert cost_of(Budget(approved=Decimal(100)), Settings()).rating is None
    assert cost_of(Budget(forecast=Decimal(100)), Settings()).rating is None


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected"),
    [(3, 5, "amber"), (2, 4, "green"), (1, 5, "green"), (4, 4, "amber"), (2, 3, "green"),
     (3, 3, "green"), (2, 5, "green"), (5, 5, "amber")],
)  # fmt: skip
def test_risk_below_escalation_never_moves_the_rating(
    likelihood: int, impact: int, expected: str
) -> None:
    """Scores 9 and 10 (medium) are green; a 3×5 at the escalation score (15) is amber, not
    red on its first day."""
    r = rated(project(risks=[risk(likelihood, impact)]))
    assert r.risk.rating == expected
    assert r.top_risk_score == likelihood * impact


def test_risk_below_escalation_stays_green_even_near_and_neglected() -> None:
    near = risk(2, 5, proximity=AS_OF, review=AS_OF - dt.timedelta(days=100))
    assert rated(project(risks=[near])).risk.rating == "green"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(-1, "red"), (0, "red"), (89, "red"), (90, "red"), (91, "amber"), (400, "amber")],
)
def test_escalated_risk_is_red_when_near(days: int, expected: str) -> None:
    """Proximity within risk_near_days (90) of the date, or passed: red; further: amber."""
    r = rated(project(risks=[risk(3, 5, proximity=AS_OF + dt.timedelta(days=days))]))
    assert r.risk.rating == expected
    if expected == "red":
        assert "proximity" in r.risk.reasons[0]


@pytest.mark.parametrize(("days", "expected"), [(-1, "red"), (0, "amber"), (1, "amber")])
def test_escalated_risk_is_red_when_its_review_is_overdue(days: int, expected: str) -> None:
    """Neglected: its next review date is before the reporting date."""
    r = rated(project(risks=[risk(4, 4, review=AS_OF + dt.timedelta(days=days))]))
    assert r.risk.rating == expected
    assert r.risk.reasons[0].startswith("risk r1 (R) scores 16, at or above escalation 15")
    assert ("review was due" in r.risk.reasons[0]) is (expected == "red")


def test_risk_near_days_and_escalation_score_come_from_settings() -> None:
    settings = Settings()
    settings.thresholds.risk_near_days = 10
    p = project(risks=[risk(3, 5, proximity=AS_OF + dt.timedelta(days=11))])
    assert rated(p, settings=settings).risk.rating == "amber"
    settings.thresholds.risk_near_days = 11
    assert rated(p, settings=settings).risk.rating == "red"
    settings.escalation_score = 16
    assert rated(p, settings=settings).risk.rating == "green"


def test_risks_raised_after_or_closed_before_as_of() -> None:
    later = risk(5, 5, raised=AS_OF + dt.timedelta(days=1))
    assert rated(project(risks=[later])).risk.rating is None
    assert rated(project(risks=[later])).open_risks == 0
    closed_later = risk(5, 5, status="closed", closed=AS_OF + dt.timedelta(days=1))
    assert rated(project(risks=[closed_later])).risk.rating == "amber"
    closed = risk(5, 5, status="closed", closed=AS_OF)
    r = rated(project(risks=[closed]))
    assert (r.risk.rating, r.open_risks, r.top_risk_score) == ("green", 0, None)


def test_project_with_no_updates() -> None:
    r = rated(project())
    assert (r.declared, r.previous, r.trend, r.derived) == (None, None, None, None)
    assert (r.watermelon, r.stale, r.last_update, r.age_days) == (False, False, None, None)


@pytest.mark.parametrize(("days", "stale"), [(45, False), (46, True)])
def test_no_update_is_stale_once_work_has_run_past_the_limit(days: int, stale: bool) -> None:
    assert rated(project(start=AS_OF - dt.timedelta(days=days))).stale is stale


@pytest.mark.parametrize(("age", "stale"), [(0, False), (45, False), (46, True)])
def test_stale_is_older_than_stale_after_days(age: int, stale: bool) -> None:
    r = rated(project(updates=[upd(AS_OF - dt.timedelta(days=age), "green")]))
    assert r.stale is stale
    assert r.age_days == age


def test_closed_work_is_never_stale() -> None:
    p = project(updates=[upd(D(2009, 1, 1), "green")], closed=D(2009, 3, 1))
    before = rated(p, D(2009, 2, 20))  # 50 days old, not yet closed
    assert before.stale and not before.closed
    after = rated(p, D(2011, 1, 1))
    assert after.closed and not after.stale


def test_closed_work_is_judged_as_it_stood_on_closing() -> None:
    p = project(milestones=[ms(D(2009, 1, 20))], closed=D(2009, 2, 1))
    r = rated(p, D(2011, 1, 1))
    assert r.schedule.reasons == ["milestone m1 (M) 12 days overdue (due 2009-01-20)"]


def test_as_of_before_any_update() -> None:
    p = project(updates=[upd(D(2010, 6, 1), "red"), upd(D(2010, 5, 1), "green")])
    r = rated(p, D(2010, 4, 30))
    assert (r.declared, r.trend, r.last_update) == (None, None, None)
    r = rated(p, D(2010, 5, 31))
    assert (r.declared, r.previous, r.trend) == ("green", None, None)
    r = rated(p, D(2010, 6, 1))
    assert (r.declared, r.previous, r.trend) == ("red", "green", "down")


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [("amber", "amber-green", "up"), ("amber-green", "amber", "down"), ("red", "red", "same"),
     ("amber-red", "red", "down"), ("red", "green", "up")],
)  # fmt: skip
def test_trend(before: str, after: str, trend: str) -> None:
    p = project(updates=[upd(D(2010, 9, 1), before), upd(D(2010, 10, 1), after)])
    assert rated(p).trend == trend


def test_watermelon_when_declared_better_than_derived() -> None:
    late = ms(AS_OF - dt.timedelta(days=10))  # amber
    green = rated(project(updates=[upd(AS_OF, "green")], milestones=[late]))
    assert green.derived == "amber" and green.watermelon
    # On the five-point scale amber-green is still better than amber.
    ag = rated(project(updates=[upd(AS_OF, "amber-green")], milestones=[late]))
    assert ag.watermelon
    honest = rated(project(updates=[upd(AS_OF, "amber")], milestones=[late]))
    assert not honest.watermelon
    gloomy = rated(project(updates=[upd(AS_OF, "red")], milestones=[late]))
    assert not gloomy.watermelon
    no_evidence = rated(project(updates=[upd(AS_OF, "green")]))
    assert no_evidence.derived is None and not no_evidence.watermelon


def test_thresholds_come_from_settings() -> None:
    settings = Settings()
    settings.thresholds.overdue_red_days = 5
    p = project(milestones=[ms(AS_OF - dt.timedelta(days=6))])
    assert rated(p, settings=settings).schedule.rating == "red"
    settings.escalation_score = 9
    assert rated(project(risks=[risk(3, 3)]), settings=settings).risk.rating == "amber"


def test_programme_rolls_up_its_open_projects() -> None:
    prog = Programme(kind="programme", id="prog", name="Prog", lead="lee",
                     updates=[upd(AS_OF, "green")])  # fmt: skip
    red = project(id="p1", milestones=[ms(AS_OF - dt.timedelta(days=40))],
                  risks=[risk(4, 4)])  # fmt: skip
    shut = project(id="p2", budget=Budget(approved=Decimal(1), forecast=Decimal(9)),
                   closed=D(2010, 1, 1))  # fmt: skip
    pf = portfolio(prog, red, shut)
    r = rate(prog, pf, AS_OF)
    assert r.derived == "red" and r.watermelon
    assert r.schedule.reasons == ["p1: milestone m1 (M) 40 days overdue (due 2010-09-10)"]
    assert r.cost.rating is None  # the closed project's overrun no longer counts
    assert (r.overdue_milestones, r.open_risks, r.top_risk_score) == (1, 1, 16)


# --- calibration (issue 16) ---------------------------------------------------------------------


@pytest.mark.parametrize(("slip", "expected"), [(89, "amber"), (90, "amber"), (91, "red")])
def test_slip_red_is_more_than_slip_red_days(slip: int, expected: str) -> None:
    """Forecast later than baseline by more than slip_red_days (90): red, before any date passes."""
    due = AS_OF + dt.timedelta(days=200)
    r = rated(project(milestones=[ms(due, baseline=due - dt.timedelta(days=slip))]))
    assert r.schedule.rating == expected
    assert r.overdue_milestones == 0


@pytest.mark.parametrize(("slip", "expected"), [(90, "amber"), (91, "red")])
def test_end_slip_red(slip: int, expected: str) -> None:
    end = D(2012, 3, 31)
    p = project(end=end, forecast_end=end + dt.timedelta(days=slip))
    assert rated(p).schedule.rating == expected


def test_a_milestone_re_forecast_123_days_is_red_not_amber_for_ever() -> None:
    baseline = AS_OF + dt.timedelta(days=30)
    r = rated(project(milestones=[ms(baseline + dt.timedelta(days=123), baseline=baseline)]))
    assert r.schedule.rating == "red"
    assert r.schedule.reasons == [
        "milestone m1 (M) slipped 123 days (baseline 2010-11-19, forecast 2011-03-22)"
    ]


@pytest.mark.parametrize(("days", "expected"), [(0, "green"), (1, "amber"), (30, "amber"),
                                                (31, "red")])  # fmt: skip
def test_re_forecast_milestone_is_overdue_from_its_baseline(days: int, expected: str) -> None:
    """Past its baseline and not achieved: late by the days since the baseline, even though
    it is re-forecast to 20 days from now (slip thresholds set out of the way)."""
    settings = Settings()
    settings.thresholds.slip_amber_days = settings.thresholds.slip_red_days = 365
    baseline, forecast = AS_OF - dt.timedelta(days=days), AS_OF + dt.timedelta(days=20)
    r = rated(project(milestones=[ms(forecast, baseline=baseline)]), settings=settings)
    assert r.schedule.rating == expected
    assert r.overdue_milestones == (1 if days else 0)
    if days:
        assert r.schedule.reasons == [
            f"milestone m1 (M) {formats.days(days)} overdue "
            f"(baseline {baseline}, forecast {forecast})"
        ]


def test_brought_forward_milestone_is_overdue_from_its_forecast() -> None:
    m = ms(AS_OF - dt.timedelta(days=5), baseline=AS_OF + dt.timedelta(days=30))
    r = rated(project(milestones=[m]))
    assert (r.schedule.rating, r.overdue_milestones) == ("amber", 1)


FIVE_POINT = [
    # (finding, three-point, five-point) at each edge of each third of the amber band
    ("late", 1, "amber-green"), ("late", 10, "amber-green"), ("late", 11, "amber"),
    ("late", 20, "amber"), ("late", 21, "amber-red"), ("late", 30, "amber-red"),
    ("late", 31, "red"),
    ("slip", 31, "amber-green"), ("slip", 50, "amber-green"), ("slip", 51, "amber"),
    ("slip", 70, "amber"), ("slip", 71, "amber-red"), ("slip", 90, "amber-red"),
    ("slip", 91, "red"),
]  # fmt: skip


@pytest.mark.parametrize(("finding", "days", "expected"), FIVE_POINT)
def test_five_point_schedule_uses_every_point(finding: str, days: int, expected: str) -> None:
    five = Settings(rag_scale="five")
    if finding == "late":
        m = ms(AS_OF - dt.timedelta(days=days))
    else:
        due = AS_OF + dt.timedelta(days=200)
        m = ms(due, baseline=due - dt.timedelta(days=days))
    assert rated(project(milestones=[m]), settings=five).schedule.rating == expected
    three = "red" if expected == "red" else "amber"
    assert rated(project(milestones=[m])).schedule.rating == three


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [("315001", "amber-green"), ("320000", "amber-green"), ("320001", "amber"),
     ("325000", "amber"), ("325001", "amber-red"), ("330000", "amber-red"), ("330001", "red"),
     ("315000", "green")],
)  # fmt: skip
def test_five_point_cost_uses_every_point(forecast: str, expected: str) -> None:
    budget = Budget(approved=Decimal(300000), forecast=Decimal(forecast))
    assert cost_of(budget, Settings(rag_scale="five")).rating == expected


@pytest.mark.parametrize(("likelihood", "impact", "expected"),
                         [(3, 5, "amber-green"), (4, 4, "amber-green"), (4, 5, "amber"),
                          (5, 5, "amber-red"), (3, 4, "green")])  # fmt: skip
def test_five_point_risk_uses_every_point(likelihood: int, impact: int, expected: str) -> None:
    r = rated(project(risks=[risk(likelihood, impact)]), settings=Settings(rag_scale="five"))
    assert r.risk.rating == expected
    near = risk(likelihood, impact, proximity=AS_OF)
    r = rated(project(risks=[near]), settings=Settings(rag_scale="five"))
    assert r.risk.rating == ("green" if expected == "green" else "red")


def test_five_point_watermelon_between_ambers() -> None:
    five = Settings(rag_scale="five")
    late = ms(AS_OF - dt.timedelta(days=25))  # amber-red
    r = rated(project(updates=[upd(AS_OF, "amber")], milestones=[late]), settings=five)
    assert (r.derived, r.watermelon) == ("amber-red", True)
    r = rated(project(updates=[upd(AS_OF, "amber")], milestones=[late]))
    assert (r.derived, r.watermelon) == ("amber", False)


def test_flags_name_the_dimension_and_evidence() -> None:
    from pmo.rag import flags_of

    late = ms(AS_OF - dt.timedelta(days=40))
    p = project(updates=[upd(AS_OF - dt.timedelta(days=50), "green")], milestones=[late],
                risks=[risk(2, 2)])  # fmt: skip
    r = rated(p)
    watermelon, stale = flags_of(r, 45)
    assert (watermelon.name, watermelon.dimensions) == ("watermelon", ["schedule"])
    assert watermelon.evidence == [
        "declared GREEN is better than the evidence (RED): schedule RED",
        "schedule: milestone m1 (M) 40 days overdue (due 2010-09-10)",
    ]
    assert stale.name == "stale"
    assert stale.evidence == ["the last update, of 2010-08-31, is 50 days old (stale after 45)"]
