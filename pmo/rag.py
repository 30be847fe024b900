"""The ratings engine: declared and derived RAG ratings of a programme or project at a date.

Pure functions of the records and an as-of date (see README, "Derived ratings"). Every
rule asks :mod:`pmo.asof` what counted on the date, so a rating for a past date reads as
it would have on that day.

>>> worst("green", None, "amber")
'amber'
>>> worst("amber-red", "red", "amber")
'red'
>>> worst() is None
True
>>> trend_of("amber", "red")
'up'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from pmo import formats
from pmo.asof import achieved, is_closed, is_stale, overdue_days, risk_band, risk_open, updates_on
from pmo.portfolio import Portfolio
from pmo.records import Budget, Milestone, Programme, Risk, Settings, Work
from pmo.types import RAG_ORDER

#: Rank of every rating, best first: a larger number is a worse rating.
RANK = RAG_ORDER


def worst(*ratings: str | None) -> str | None:
    """The worst of some ratings, ignoring ``None`` (no evidence); ``None`` if none is given."""
    known = [r for r in ratings if r is not None]
    return max(known, key=RANK.__getitem__) if known else None


def better(a: str, b: str) -> bool:
    """Whether rating ``a`` is strictly better than rating ``b`` (on the five-point order)."""
    return RANK[a] < RANK[b]


def trend_of(current: str | None, previous: str | None) -> str | None:
    """``up`` (better), ``down`` (worse), ``same``, or ``None`` when either is unknown."""
    if current is None or previous is None:
        return None
    if RANK[current] < RANK[previous]:
        return "up"
    if RANK[current] > RANK[previous]:
        return "down"
    return "same"


@dataclass(slots=True)
class Dimension:
    """One derived dimension: its rating (``None`` = no evidence) and the reasons behind it."""

    rating: str | None
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Rating:
    """Everything the dashboard says about one programme or project at a date."""

    work_id: str
    declared: str | None
    previous: str | None
    trend: str | None
    derived: str | None
    schedule: Dimension
    cost: Dimension
    risk: Dimension
    watermelon: bool
    stale: bool
    last_update: dt.date | None
    age_days: int | None
    closed: bool
    next_milestone: Milestone | None
    overdue_milestones: int
    open_risks: int
    top_risk_score: int | None


def _title(m: Milestone) -> str:
    return f"milestone {m.id} ({m.title})"


def schedule_of(work: Work, on: dt.date, settings: Settings) -> Dimension:
    """Schedule from milestones not achieved by ``on`` and the forecast end of the work.

    Red: a milestone overdue by more than ``overdue_red_days``. Amber: any milestone
    overdue (due before ``on``; one due on ``on`` is not yet overdue), or a milestone or the
    work's end forecast more than ``slip_amber_days`` after its baseline. Green: milestones
    but none of these. ``None``: no milestones and no end dates (no evidence).
    """
    limits = settings.thresholds
    reasons: list[str] = []
    rating: str | None = None
    evidence = bool(work.milestones)
    for m in sorted(work.milestones, key=lambda m: (m.due, m.id)):
        if achieved(m, on):
            continue
        late = overdue_days(m, on)
        if late > limits.overdue_red_days:
            rating = worst(rating, "red")
            reasons.append(f"{_title(m)} {formats.days(late)} overdue (due {m.due})")
        elif late > 0:
            rating = worst(rating, "amber")
            reasons.append(f"{_title(m)} {formats.days(late)} overdue (due {m.due})")
        slip = (m.due - m.baseline).days
        if slip > limits.slip_amber_days:
            rating = worst(rating, "amber")
            reasons.append(
                f"{_title(m)} slipped {formats.days(slip)} "
                f"(baseline {m.baseline}, forecast {m.due})"
            )
    if work.end is not None and work.forecast_end is not None:
        evidence = True
        slip = (work.forecast_end - work.end).days
        if slip > limits.slip_amber_days:
            rating = worst(rating, "amber")
            reasons.append(
                f"end forecast {work.forecast_end}, {formats.days(slip)} "
                f"after the agreed {work.end}"
            )
    if not evidence:
        return Dimension(None, [])
    return Dimension(rating or "green", reasons)


def cost_of(budget: Budget | None, settings: Settings) -> Dimension:
    """Cost from the forecast outturn against the approved budget.

    The outturn is the forecast, or the actual spend when that is higher (money already
    spent cannot be un-spent). Red: more than ``cost_red_pct`` over approved; amber: more
    than ``cost_amber_pct``; green otherwise. ``None``: no approved budget or no forecast.
    """
    if budget is None or budget.approved is None or budget.approved <= 0:
        return Dimension(None, [])
    outturn = worst_money(budget.forecast, budget.actual)
    if outturn is None:
        return Dimension(None, [])
    limits = settings.thresholds
    over = (outturn - budget.approved) / budget.approved * 100
    what = "forecast" if outturn == budget.forecast else "actual spend"
    spent = formats.money(outturn, settings.currency, "brief")
    approved = formats.money(budget.approved, settings.currency, "brief")
    if over > 0:
        text = f"{what} {spent} is {formats.percent(over, signed=False)} over approved {approved}"
    else:
        text = f"{what} {spent} within approved {approved}"
    if over > limits.cost_red_pct:
        return Dimension("red", [text])
    if over > limits.cost_amber_pct:
        return Dimension("amber", [text])
    return Dimension("green", [text] if over > 0 else [])


def worst_money(*amounts: Decimal | None) -> Decimal | None:
    known = [a for a in amounts if a is not None]
    return max(known) if known else None


def risk_of(risks: list[Risk], on: dt.date, settings: Settings) -> Dimension:
    """Risk from the risks open on ``on``, by score band (``risk_bands``).

    The rating is the band of the highest open score: red at or above ``risk_bands.red``,
    amber at or above ``risk_bands.amber``, else green. Green with no open risks when some
    risk had been raised by then; ``None`` when the register was empty (no evidence).
    """
    known = [r for r in risks if r.raised is None or r.raised <= on]
    if not known:
        return Dimension(None, [])
    open_ = sorted((r for r in known if risk_open(r, on)), key=lambda r: (-r.score, r.id))
    rating = "green"
    reasons: list[str] = []
    for r in open_:
        band = risk_band(r.score, settings.risk_bands)
        if band != "green":
            rating = worst(rating, band) or rating
            reasons.append(f"risk {r.id} ({r.title}) scores {r.score} ({band})")
    return Dimension(rating, reasons)


def _rolled(own: Dimension, children: list[tuple[str, Dimension]]) -> Dimension:
    rating = worst(own.rating, *(d.rating for _, d in children))
    reasons = list(own.reasons)
    for child_id, d in children:
        if d.rating is not None and d.rating != "green":
            reasons.extend(f"{child_id}: {r}" for r in d.reasons)
    return Dimension(rating, reasons)


def rate(work: Work, pf: Portfolio, as_of: dt.date) -> Rating:
    """Rate a programme or project as it stood on ``as_of``.

    Declared: the latest update on or before ``as_of``; trend against the update before
    it. Derived: the worst of schedule, cost and risk. Closed work is judged on its
    evidence as it stood on the day it closed, and is never stale.

    A programme is rated on its own evidence (its milestones, budget and risks) *and*
    rolled up from its projects still open on ``as_of``: each of its dimensions is the
    worst of its own and theirs, its reasons name the project they came from, and its
    counts (overdue milestones, open risks, top score, next milestone) cover them too.
    """
    settings = pf.settings
    closed = is_closed(work, as_of)
    on = min(as_of, work.closed) if closed and work.closed is not None else as_of
    dated = updates_on(work, as_of)
    latest = dated[-1] if dated else None
    before = dated[-2] if len(dated) > 1 else None
    declared = latest.rag if latest else None
    previous = before.rag if before else None

    schedule = schedule_of(work, on, settings)
    cost = cost_of(work.budget, settings)
    risk = risk_of(work.risks, on, settings)

    milestones = list(work.milestones)
    risks = [r for r in work.risks if risk_open(r, on)]
    if isinstance(work, Programme):
        children = [p for p in pf.projects_of(work.id) if not is_closed(p, as_of)]
        schedule = _rolled(schedule, [(p.id, schedule_of(p, as_of, settings)) for p in children])
        cost = _rolled(cost, [(p.id, cost_of(p.budget, settings)) for p in children])
        risk = _rolled(risk, [(p.id, risk_of(p.risks, as_of, settings)) for p in children])
        for p in children:
            milestones.extend(p.milestones)
            risks.extend(r for r in p.risks if risk_open(r, as_of))

    derived = worst(schedule.rating, cost.rating, risk.rating)
    age = (as_of - latest.date).days if latest else None
    stale = is_stale(work, as_of, settings.stale_after_days)

    upcoming = [m for m in milestones if not achieved(m, on) and m.due >= on]
    next_m = min(upcoming, key=lambda m: (m.due, m.id)) if upcoming else None
    return Rating(
        work_id=work.id,
        declared=declared,
        previous=previous,
        trend=trend_of(declared, previous),
        derived=derived,
        schedule=schedule,
        cost=cost,
        risk=risk,
        watermelon=declared is not None and derived is not None and better(declared, derived),
        stale=stale,
        last_update=latest.date if latest else None,
        age_days=age,
        closed=closed,
        next_milestone=next_m,
        overdue_milestones=sum(1 for m in milestones if overdue_days(m, on) > 0),
        open_risks=len(risks),
        top_risk_score=max((r.score for r in risks), default=None),
    )


def rate_all(pf: Portfolio, as_of: dt.date) -> dict[str, Rating]:
    """Every programme and project rated at ``as_of``, by id."""
    return {w.id: rate(w, pf, as_of) for w in pf.work()}


__all__ = [
    "RANK",
    "Dimension",
    "Rating",
    "better",
    "cost_of",
    "rate",
    "rate_all",
    "risk_of",
    "schedule_of",
    "trend_of",
    "worst",
]
