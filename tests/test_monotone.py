"""Derived ratings are monotone: making the evidence worse never makes a rating better.

Worse evidence: a milestone un-achieved, its baseline earlier or its forecast later; the
work's end forecast later; a risk likelier, graver, nearer, overdue for review, reopened or
new; more forecast or spend, a smaller budget; less of a benefit realised or more of it
planned (more of a disbenefit realised, less of it allowed), a benefit due earlier.

Each rule on its own (schedule, cost, risk, benefits: pure functions, hundreds of examples
drawn on and either side of every threshold), then whole portfolios (every dimension and
the derived rating, of every programme and project, on two dates).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pmo import rag
from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.records import (
    Benefit,
    Budget,
    Milestone,
    Planned,
    Project,
    Realised,
    Risk,
    RiskBands,
    Settings,
    Thresholds,
    Work,
)
from tests.strategies import AS_OF, edges, repositories

Worsening = Callable[[Portfolio], None]


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="pmo-mono-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def worsenings(pf: Portfolio, draw: st.DrawFn) -> list[tuple[str, Worsening]]:
    """Every way to make one piece of evidence worse (each a function that does it)."""
    out: list[tuple[str, Worsening]] = []

    def on(work_id: str, change: Callable[[Work], None]) -> Worsening:
        return lambda p: change(p.work_by_id(work_id))  # type: ignore[attr-defined]

    for work in pf.work():
        wid = work.id
        for i, m in enumerate(work.milestones):
            if m.actual is not None:
                out.append(
                    ("un-achieve a milestone", on(wid, _item(("milestones", i), actual=_none)))
                )
            days = dt.timedelta(days=draw(st.integers(1, 400)))
            if m.forecast is not None and m.baseline - days < m.forecast:
                earlier = _item(("milestones", i), baseline=lambda old, d=days: old - d)
                out.append(("earlier baseline", on(wid, earlier)))
        for i, r in enumerate(work.risks):
            if r.likelihood < 5:
                up = draw(st.integers(r.likelihood + 1, 5))
                raise_ = _item(("risks", i), likelihood=lambda old, up=up: max(old, up))
                out.append(("likelier risk", on(wid, raise_)))
            if r.impact < 5:
                up = draw(st.integers(r.impact + 1, 5))
                raise_ = _item(("risks", i), impact=lambda old, up=up: max(old, up))
                out.append(("graver risk", on(wid, raise_)))
            if r.status == "closed":
                reopen = _item(("risks", i), status=lambda old: "open", closed=_none)
                out.append(("reopened risk", on(wid, reopen)))
        budget = work.budget
        if budget is not None:
            more = Decimal(draw(st.integers(1, 10**9)))
            if budget.forecast is not None:
                out.append(("higher forecast", on(wid, _budget(forecast=_plus(more)))))
            if budget.actual is not None:
                out.append(("higher spend", on(wid, _budget(actual=_plus(more)))))
            if budget.approved is not None and budget.approved > 0:
                pct = Decimal(draw(st.sampled_from([0, 4, 6, 9, 12, 20, 35, 60])))
                target = (budget.approved * (100 + pct) / 100).quantize(Decimal("0.01"))
                if budget.forecast is None or target > budget.forecast:
                    over = _budget(forecast=lambda old, t=target: t if old is None else max(old, t))
                    out.append((f"forecast {pct}% over", on(wid, over)))
            if budget.approved is not None and budget.approved >= 2:
                less = Decimal(draw(st.integers(1, int(budget.approved) - 1)))
                smaller = _budget(approved=lambda old, less=less: min(old, less))
                out.append(("smaller budget", on(wid, smaller)))
        for i, b in enumerate(work.benefits):
            more = Decimal(draw(st.integers(1, 10**7)))
            harm = b.type == "disbenefit"
            for j, _ in enumerate(b.realised):
                # Less realised of a benefit, more of a disbenefit.
                change = _plus(more) if harm else _plus(-more)
                out.append(("realised worse", on(wid, _nested(i, "realised", j, change))))
            for j, _ in enumerate(b.profile):
                # More planned of a benefit, less of a disbenefit.
                change = _plus(-more) if harm else _plus(more)
                out.append(("planned worse", on(wid, _nested(i, "profile", j, change))))
            if not b.profile and b.target is not None and b.target >= 0:
                change = _plus(-more) if harm else _plus(more)
                out.append(("target worse", on(wid, _item(("benefits", i), target=change))))
                if b.due is not None and not harm:
                    days = dt.timedelta(days=draw(st.integers(1, 400)))
                    earlier = _item(("benefits", i), due=lambda old, d=days: old - d)
                    out.append(("benefit due earlier", on(wid, earlier)))
        # One more open risk (a first one gives evidence where there was none).
        new = Risk(
            id="zz-new-risk",
            title="New",
            owner=work.lead,
            likelihood=draw(st.integers(1, 5)),
            impact=draw(st.integers(1, 5)),
        )
        out.append(("new open risk", on(wid, lambda w, new=new: w.risks.append(new))))
    return out


# Each change is a function of the current value, so a step applied after other steps
# still only makes things worse (a value captured when the steps were drawn might not).
Change = Callable[[Any], Any]


def _none(old: object) -> None:
    return None


def _plus(more: Decimal) -> Change:
    return lambda old: old + more


def _item(where: tuple[str, int], **changes: Change) -> Callable[[Work], None]:
    attr, index = where

    def change(work: Work) -> None:
        items = getattr(work, attr)
        item = items[index]
        new = {name: f(getattr(item, name)) for name, f in changes.items()}
        items[index] = dataclasses.replace(item, **new)

    return change


def _nested(index: int, key: str, entry: int, change: Change) -> Callable[[Work], None]:
    """Change the ``value`` of entry ``entry`` of a benefit's ``key`` list (profile, realised)."""

    def apply(work: Work) -> None:
        b = work.benefits[index]
        items = list(getattr(b, key))
        items[entry] = dataclasses.replace(items[entry], value=change(items[entry].value))
        work.benefits[index] = dataclasses.replace(b, **{key: items})

    return apply


def _budget(**changes: Change) -> Callable[[Work], None]:
    def change(work: Work) -> None:
        assert work.budget is not None
        new = {name: f(getattr(work.budget, name)) for name, f in changes.items()}
        work.budget = dataclasses.replace(work.budget, **new)

    return change


def _work_by_id(self: Portfolio, work_id: str) -> Work:
    return self.programmes.get(work_id) or self.projects[work_id]


Portfolio.work_by_id = _work_by_id  # type: ignore[attr-defined]


def not_better(after: str | None, before: str | None) -> bool:
    """``after`` is the same as or worse than ``before`` (no rating before: anything goes)."""
    if before is None:
        return True
    return after is not None and rag.RANK[after] >= rag.RANK[before]


@settings(max_examples=settings.default.max_examples * 2)  # no commands: cheap
@given(data=st.data())
def test_worse_evidence_never_gives_a_better_derived_rating(
    scratch: Path, data: st.DataObject
) -> None:
    repo = data.draw(repositories())
    root = repo.write(scratch / "repo") if not (scratch / "repo").exists() else None
    if root is None:
        shutil.rmtree(scratch / "repo")
        root = repo.write(scratch / "repo")
    pf = load(root).portfolio
    choices = worsenings(pf, data.draw)
    assume(choices)
    days = [AS_OF, data.draw(st.dates(dt.date(2005, 1, 1), dt.date(2016, 12, 31)))]
    # Every way to make the evidence worse, each on its own; then a few, one after another.
    for name, step in choices:
        compare(pf, step, name, days)
    steps = data.draw(st.lists(st.sampled_from(choices), min_size=2, max_size=3), label="worse")
    current = pf
    for name, step in steps:  # each step on top of the others must not make anything better
        current = compare(current, step, name, days)


def compare(current: Portfolio, step: Worsening, name: str, days: list[dt.date]) -> Portfolio:
    """Make ``current`` worse by ``step``; no dimension of any work rated better on ``days``."""
    worse = copy.deepcopy(current)
    step(worse)
    for on in days:
        before, after = rag.rate_all(current, on), rag.rate_all(worse, on)
        for wid, was in before.items():
            now = after[wid]
            for dim in ("derived", "schedule", "cost", "risk", "benefits"):
                old = was.derived if dim == "derived" else getattr(was, dim).rating
                new = now.derived if dim == "derived" else getattr(now, dim).rating
                assert not_better(new, old), (wid, dim, old, new, name, on)
    return worse


# --- each rule on its own ----------------------------------------------------------------

#: The rules are pure functions of a few records: hundreds of examples cost well under a
#: second, so even the default profile explores every threshold.
CHEAP = max(300, settings.default.max_examples)
DAY = dt.timedelta(days=1)


@st.composite
def rule_settings(draw: st.DrawFn) -> Settings:
    """Settings with thresholds, bands and escalation anywhere they are allowed."""
    slip_amber = draw(st.integers(0, 60))
    cost_amber = draw(st.integers(0, 20))
    benefit_amber = draw(st.integers(0, 40))
    amber_band = draw(st.integers(2, 12))
    return Settings(
        rag_scale=draw(st.sampled_from(["three", "five"])),
        escalation_score=draw(st.integers(1, 25)),
        risk_bands=RiskBands(red=draw(st.integers(amber_band + 1, 25)), amber=amber_band),
        thresholds=Thresholds(
            overdue_red_days=draw(st.integers(0, 60)),
            slip_amber_days=slip_amber,
            slip_red_days=draw(st.integers(slip_amber, 150)),
            risk_near_days=draw(st.integers(0, 120)),
            cost_amber_pct=Decimal(cost_amber),
            cost_red_pct=Decimal(draw(st.integers(cost_amber, 40))),
            benefit_amber_pct=Decimal(benefit_amber),
            benefit_red_pct=Decimal(draw(st.integers(benefit_amber, 80))),
        ),
    )


def days_near(draw: st.DrawFn, *limits: int) -> int:
    """A number of days on or either side of one of ``limits`` (or 0), or a few, or many."""
    return draw(st.one_of(st.sampled_from(edges(0, *limits)), st.integers(0, 400)))


def rank(rating: str | None) -> int:
    return -1 if rating is None else rag.RANK[rating]


def assert_not_better(after: str | None, before: str | None, why: object) -> None:
    assert not_better(after, before), (before, after, why)


@settings(max_examples=CHEAP)
@given(data=st.data())
def test_more_overspend_never_gives_a_better_cost_rating(data: st.DataObject) -> None:
    """A higher forecast or spend, or a smaller approved budget: cost no better."""
    s = data.draw(rule_settings())
    t = s.thresholds
    approved = data.draw(st.integers(1, 10**6)) * 100
    over = data.draw(st.sampled_from(edges(t.cost_amber_pct, t.cost_red_pct, 50)))
    amount = st.builds(
        lambda delta: Decimal(max(0, approved * (100 + over) // 100 + delta)),
        st.sampled_from([-1, 0, 1, -approved // 2]),
    )
    budget = Budget(
        approved=Decimal(approved),
        forecast=data.draw(st.none() | amount),
        actual=data.draw(st.none() | amount),
    )
    more = Decimal(data.draw(st.sampled_from([1, 100, approved // 20 + 1, approved])))
    worse = [
        dataclasses.replace(budget, forecast=(budget.forecast or 0) + more),
        dataclasses.replace(budget, actual=(budget.actual or 0) + more),
    ]
    if approved > more:
        worse.append(dataclasses.replace(budget, approved=budget.approved - more))
    before = rag.cost_of(budget, s).rating
    for after in worse:
        assert_not_better(rag.cost_of(after, s).rating, before, (budget, after))


@st.composite
def milestones(draw: st.DrawFn, s: Settings) -> Milestone:
    """A milestone due around the reporting date, late and slipped around the thresholds."""
    t = s.thresholds
    late = days_near(draw, t.overdue_red_days)
    baseline = AS_OF + draw(st.sampled_from([-1, 1])) * late * DAY
    slip = days_near(draw, t.slip_amber_days, t.slip_red_days) * draw(st.sampled_from([1, 1, -1]))
    actual = draw(st.none() | st.sampled_from([AS_OF, AS_OF - DAY, AS_OF + DAY, baseline]))
    return Milestone(
        id=f"m{draw(st.integers(0, 9))}",
        title="M",
        baseline=baseline,
        forecast=draw(st.none() | st.just(baseline + slip * DAY)),
        actual=actual,
    )


@settings(max_examples=CHEAP)
@given(data=st.data())
def test_later_delivery_never_gives_a_better_schedule_rating(data: st.DataObject) -> None:
    """A milestone un-achieved, its baseline earlier or its (later) forecast later; the
    work's end forecast later: schedule no better."""
    s = data.draw(rule_settings())
    t = s.thresholds
    work = Project(
        kind="project", id="p", name="P", programme="prog", lead="lee",
        milestones=data.draw(st.lists(milestones(s), max_size=3)),
    )  # fmt: skip
    if data.draw(st.booleans()):
        work.end = AS_OF + data.draw(st.integers(-200, 200)) * DAY
        slip = days_near(data.draw, t.slip_amber_days, t.slip_red_days)
        work.forecast_end = work.end + slip * data.draw(st.sampled_from([1, 1, -1])) * DAY
    more = data.draw(st.sampled_from([1, 2, 30])) * DAY
    worse: list[tuple[str, Work]] = []
    for i, m in enumerate(work.milestones):

        def changed(name: str, i: int = i, **kw: Any) -> None:
            items = list(work.milestones)
            items[i] = dataclasses.replace(items[i], **kw)
            worse.append((name, dataclasses.replace(work, milestones=items)))

        if m.actual is not None:
            changed("un-achieved", actual=None)
        changed("baseline earlier", baseline=m.baseline - more)
        if m.forecast is not None and m.forecast >= m.baseline:
            changed("forecast later", forecast=m.forecast + more)
    if work.forecast_end is not None and work.end is not None:
        later_end = work.forecast_end + more
        worse.append(("end forecast later", dataclasses.replace(work, forecast_end=later_end)))
    for on in (AS_OF, AS_OF + data.draw(st.integers(-90, 90)) * DAY):
        before = rag.schedule_of(work, on, s).rating
        for name, after in worse:
            assert_not_better(rag.schedule_of(after, on, s).rating, before, (name, on, work))


@st.composite
def risks(draw: st.DrawFn, s: Settings) -> Risk:
    """A risk scoring around the escalation score, near and reviewed around its limits."""
    near = s.thresholds.risk_near_days
    raised = draw(st.none() | st.sampled_from([AS_OF - 100 * DAY, AS_OF, AS_OF + DAY]))
    closed = draw(st.none() | st.sampled_from([AS_OF - DAY, AS_OF, AS_OF + DAY]))
    ahead = days_near(draw, near) * draw(st.sampled_from([1, -1]))
    return Risk(
        id=f"r{draw(st.integers(0, 9))}",
        title="R",
        owner="lee",
        likelihood=draw(st.integers(1, 5)),
        impact=draw(st.integers(1, 5)),
        proximity=draw(st.none() | st.just(AS_OF + ahead * DAY)),
        review=draw(st.none() | st.sampled_from([AS_OF - DAY, AS_OF, AS_OF + DAY])),
        raised=raised if closed is None or raised is None else min(raised, closed),
        status="open" if closed is None else "closed",
        closed=closed,
    )


@settings(max_examples=CHEAP)
@given(data=st.data())
def test_graver_risks_never_give_a_better_risk_rating(data: st.DataObject) -> None:
    """A risk likelier, graver, nearer, overdue for review, reopened or raised earlier;
    one more risk: risk no better."""
    s = data.draw(rule_settings())
    register = data.draw(st.lists(risks(s), max_size=3))
    worse: list[tuple[str, list[Risk]]] = [("one more", [*register, data.draw(risks(s))])]
    for i, r in enumerate(register):

        def changed(name: str, i: int = i, **kw: Any) -> None:
            items = list(register)
            items[i] = dataclasses.replace(items[i], **kw)
            worse.append((name, items))

        if r.likelihood < 5:
            changed("likelier", likelihood=r.likelihood + 1)
        if r.impact < 5:
            changed("graver", impact=r.impact + 1)
        if r.proximity is not None:
            changed("nearer", proximity=r.proximity - DAY)
        if r.review is not None:
            changed("review earlier", review=r.review - DAY)
        if r.status == "closed":
            changed("reopened", status="open", closed=None)
        if r.raised is not None:
            changed("raised earlier", raised=r.raised - DAY)
    before = rag.risk_of(register, AS_OF, s).rating
    for name, after in worse:
        assert_not_better(rag.risk_of(after, AS_OF, s).rating, before, (name, register, after))


@settings(max_examples=CHEAP)
@given(data=st.data())
def test_less_realised_never_gives_a_better_benefit_rating(data: st.DataObject) -> None:
    """Less of a benefit realised or more of it planned (a disbenefit: more realised, less
    allowed), or a benefit due earlier: benefits no better."""
    s = data.draw(rule_settings())
    t = s.thresholds
    harm = data.draw(st.booleans())
    planned = data.draw(st.integers(0, 10**4)) * 100
    when = st.sampled_from([AS_OF - 30 * DAY, AS_OF - DAY, AS_OF, AS_OF + DAY])
    if data.draw(st.booleans()):
        profile = [Planned(date=data.draw(when), value=Decimal(planned))]
        target, due = None, None
    else:
        profile, target, due = [], Decimal(planned), data.draw(when)
    pct = data.draw(st.sampled_from(edges(t.benefit_amber_pct, t.benefit_red_pct, 100)))
    way = 1 if harm else -1
    realised = max(0, planned * (100 + way * pct) // 100 + data.draw(st.sampled_from([-1, 0, 1])))
    benefit = Benefit(
        id="b",
        title="B",
        type="disbenefit" if harm else data.draw(st.sampled_from([None, "cashable"])),
        target=target,
        due=due,
        profile=profile,
        realised=[Realised(date=data.draw(when), value=Decimal(realised))],
    )
    more = Decimal(data.draw(st.sampled_from([1, 100, planned // 10 + 1])))
    sign = 1 if harm else -1
    got = benefit.realised[0]
    worse = [
        ("realised", [dataclasses.replace(got, value=got.value + sign * more)], "realised"),
    ]
    if profile:
        entry = dataclasses.replace(profile[0], value=profile[0].value - sign * more)
        worse.append(("planned", [entry], "profile"))
    changes: list[tuple[str, Any]] = [
        (name, dataclasses.replace(benefit, **{key: value})) for name, value, key in worse
    ]
    if target is not None:
        changes.append(("target", dataclasses.replace(benefit, target=target - sign * more)))
        if due is not None and not harm:
            changes.append(("due earlier", dataclasses.replace(benefit, due=due - DAY)))
    before = rag.benefit_of(benefit, AS_OF, s).rating
    for name, after in changes:
        assert_not_better(rag.benefit_of(after, AS_OF, s).rating, before, (name, benefit, after))
