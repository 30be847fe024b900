"""The ratings engine: declared and derived RAG ratings of a programme or project at a date.

Pure functions of the records and an as-of date (see docs/format.md, "Derived ratings"). Every
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
from pmo.asof import (
    is_closed,
    not_achieved,
    open_risks,
    overdue_count,
    overdue_days,
    planned_by,
    realised_by,
    review_overdue,
    risk_near,
    stale_since,
    updates_on,
)
from pmo.portfolio import Portfolio
from pmo.records import Benefit, Budget, Milestone, Programme, Risk, Settings, Work
from pmo.types import RAG_ORDER

#: Rank of every rating, best first: a larger number is a worse rating.
RANK = RAG_ORDER


def worst(*ratings: str | None) -> str | None:
    """The worst of some ratings, ignoring ``None`` (no evidence); ``None`` if none is given."""
    found = None
    for r in ratings:
        if r is not None and (found is None or RANK[r] > RANK[found]):
            found = r
    return found


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
    """One derived dimension: its rating (``None`` = no evidence) and the reasons behind it,
    each with the rating that finding alone gives (``levels``, in step with ``reasons``)."""

    rating: str | None
    reasons: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)

    def add(self, level: str, reason: str) -> None:
        """Record a finding: it makes the rating at least ``level``."""
        if self.rating is None or RANK[level] > RANK[self.rating]:
            self.rating = level
        self.reasons.append(reason)
        self.levels.append(level)

    def worse_than(self, declared: str | None) -> list[str]:
        """The reasons whose finding alone is worse than ``declared`` (all without one)."""
        if declared is None:
            return list(self.reasons)
        return [
            r for r, lvl in zip(self.reasons, self.levels, strict=True) if better(declared, lvl)
        ]


def _one(rating: str, reason: str) -> Dimension:
    return Dimension(rating, [reason], [rating])


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
    benefits: Dimension
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


def graded(over: Decimal | int, width: Decimal | int, scale: str) -> str:
    """An amber finding on the rating scale: on the five-point scale, graded by where it
    falls in its band (``over`` the amber threshold, out of the band's ``width`` up to the
    red one): the lower third amber-green, the middle third amber, the upper third amber-red.

    >>> [graded(d, 30, "five") for d in (1, 10, 11, 20, 21, 30)]
    ['amber-green', 'amber-green', 'amber', 'amber', 'amber-red', 'amber-red']
    >>> graded(29, 30, "three")
    'amber'
    """
    if scale != "five":
        return "amber"
    if 3 * over <= width:
        return "amber-green"
    if 3 * over <= 2 * width:
        return "amber"
    return "amber-red"


def schedule_of(work: Work, on: dt.date, settings: Settings) -> Dimension:
    """Schedule from milestones not achieved by ``on`` and the forecast end of the work.

    A milestone is late from the earlier of its baseline and forecast (re-forecasting does
    not make it less late). Red: a milestone late by more than ``overdue_red_days``, or a
    milestone or the work's end forecast more than ``slip_red_days`` after its baseline.
    Amber: a milestone late (a milestone due on ``on`` is not yet late), or forecast more
    than ``slip_amber_days`` after its baseline. Green: milestones but none of these.
    ``None``: no milestones and no end dates (no evidence).
    """
    limits, scale = settings.thresholds, settings.rag_scale
    out = Dimension(None)
    evidence = bool(work.milestones)

    def slipped(slip: int) -> str | None:
        if slip > limits.slip_red_days:
            return "red"
        if slip > limits.slip_amber_days:
            width = limits.slip_red_days - limits.slip_amber_days
            return graded(slip - limits.slip_amber_days, width, scale)
        return None

    pending = not_achieved(work.milestones, on)
    for m in sorted(pending, key=lambda m: (m.due, m.id)) if len(pending) > 1 else pending:
        late = overdue_days(m, on)
        if late > 0:
            if late > limits.overdue_red_days:
                found = "red"
            else:
                found = graded(late, limits.overdue_red_days, scale)
            when = (
                f"due {m.due}"
                if m.due == m.baseline
                else f"baseline {m.baseline}, forecast {m.due}"
            )
            out.add(found, f"{_title(m)} {formats.days(late)} overdue ({when})")
        slip = (m.due - m.baseline).days
        found_slip = slipped(slip)
        if found_slip is not None:
            out.add(
                found_slip,
                f"{_title(m)} slipped {formats.days(slip)} "
                f"(baseline {m.baseline}, forecast {m.due})",
            )
    if work.end is not None and work.forecast_end is not None:
        evidence = True
        slip = (work.forecast_end - work.end).days
        found_slip = slipped(slip)
        if found_slip is not None:
            out.add(
                found_slip,
                f"end forecast {work.forecast_end}, {formats.days(slip)} "
                f"after the agreed {work.end}",
            )
    if not evidence:
        return Dimension(None)
    out.rating = out.rating or "green"
    return out


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
    approved_ = budget.approved
    # Compared exactly: 100 × (outturn − approved) against pct × approved.
    over = (outturn - approved_) * 100
    forecast = budget.forecast

    def text() -> str:  # the reason, in words (only when one is given)
        what = "forecast" if outturn == forecast else "actual spend"
        spent = formats.money(outturn, settings.currency, "brief")
        approved = formats.money(approved_, settings.currency, "brief")
        if over > 0:
            pct = formats.percent(formats.ratio_pct(outturn - approved_, approved_), signed=False)
            return f"{what} {spent} is {pct} over approved {approved}"
        return f"{what} {spent} within approved {approved}"

    if over > limits.cost_red_pct * approved_:
        return _one("red", text())
    if over > limits.cost_amber_pct * approved_:
        width = (limits.cost_red_pct - limits.cost_amber_pct) * approved_
        return _one(
            graded(over - limits.cost_amber_pct * approved_, width, settings.rag_scale), text()
        )
    return _one("green", text()) if over > 0 else Dimension("green")


def worst_money(*amounts: Decimal | None) -> Decimal | None:
    known = [a for a in amounts if a is not None]
    return max(known) if known else None


def risk_of(risks: list[Risk], on: dt.date, settings: Settings) -> Dimension:
    """Risk from the risks open on ``on`` at or above the escalation score.

    Risks below ``escalation_score`` never move the rating. An open risk at or above it is
    amber; red when it is near (its ``proximity`` ``risk_near_days`` or fewer away, or
    passed) or neglected (its review overdue). Green with no such risk when some risk had
    been raised by then; ``None`` when the register was empty (no evidence).
    """
    known = [r for r in risks if r.raised is None or r.raised <= on]
    if not known:
        return Dimension(None, [])
    escalation = settings.escalation_score
    near_days = settings.thresholds.risk_near_days
    high = [r for r in open_risks(known, on) if r.score >= escalation]
    out = Dimension("green")
    for r in sorted(high, key=lambda r: (-r.score, r.id)) if len(high) > 1 else high:
        why = []
        if risk_near(r, on, near_days):
            assert r.proximity is not None
            ahead = (r.proximity - on).days
            if ahead < 0:
                why.append(f"its proximity {r.proximity} has passed")
            else:
                why.append(f"its proximity {r.proximity} is {formats.days(ahead)} away")
        if review_overdue(r, on):
            why.append(f"its review was due {r.review}")
        scale = settings.rag_scale
        found = "red" if why else graded(r.score - escalation, 25 - escalation, scale)
        text = f"risk {r.id} ({r.title}) scores {r.score}, at or above escalation {escalation}"
        out.add(found, text + ("; " + " and ".join(why) if why else ""))
    return out


def benefit_of(benefit: Benefit, on: dt.date, settings: Settings) -> Dimension:
    """One benefit: realised by ``on`` against planned by ``on`` (:func:`pmo.asof.planned_by`).

    Red: realised behind planned by more than ``benefit_red_pct`` of planned; amber: by
    more than ``benefit_amber_pct``; green otherwise (and while nothing is planned yet). A
    disbenefit is rated the other way: realised *ahead* of planned is what counts, and any
    disbenefit realised with none planned is red. ``None``: no plan (no profile, and no
    target with a due date).
    """
    planned = planned_by(benefit, on)
    if planned is None:
        return Dimension(None, [])
    realised = realised_by(benefit, on)
    harm = benefit.type == "disbenefit"
    gap = realised - planned if harm else planned - realised
    if gap <= 0:
        return Dimension("green", [])
    limits = settings.thresholds
    cur = settings.currency
    name = f"{'disbenefit' if harm else 'benefit'} {benefit.id} ({benefit.title})"
    got = formats.quantity(realised, benefit.unit, cur) or "0"
    plan = formats.quantity(planned, benefit.unit, cur) or "0"
    if planned <= 0:
        return _one("red", f"{name} realised {got} with none planned by {on}")
    pct = formats.percent(formats.ratio_pct(gap, planned), signed=False)
    if harm:
        text = f"{name} realised {got} against {plan} planned by {on}, {pct} more"
    else:
        text = f"{name} realised {got} of {plan} planned by {on}, {pct} behind"
    # Compared exactly: 100 × gap against pct × planned.
    over = gap * 100
    if over > limits.benefit_red_pct * planned:
        return _one("red", text)
    if over > limits.benefit_amber_pct * planned:
        width = (limits.benefit_red_pct - limits.benefit_amber_pct) * planned
        return _one(
            graded(over - limits.benefit_amber_pct * planned, width, settings.rag_scale), text
        )
    return Dimension("green")


def benefits_of(work: Work, on: dt.date, settings: Settings) -> Dimension:
    """Benefits: the worst of the work's benefits (:func:`benefit_of`), their reasons worst
    first; ``None`` when no benefit has a plan."""
    found = [benefit_of(b, on, settings) for b in work.benefits]
    out = Dimension(worst(*(d.rating for d in found)))
    for d in sorted(found, key=lambda d: -RANK[d.rating or "green"]):
        for level, reason in zip(d.levels, d.reasons, strict=True):
            out.add(level, reason)
    return out


def _rolled(own: Dimension, children: list[tuple[str, Dimension]]) -> Dimension:
    out = Dimension(worst(own.rating, *(d.rating for _, d in children)))
    out.reasons, out.levels = list(own.reasons), list(own.levels)
    for child_id, d in children:
        if d.rating is not None and d.rating != "green":
            for level, reason in zip(d.levels, d.reasons, strict=True):
                out.add(level, f"{child_id}: {reason}")
    return out


#: The four derived dimensions of one programme or project at one date.
Evidence = tuple[Dimension, Dimension, Dimension, Dimension]


@dataclass(slots=True)
class Seen:
    """What a programme's or project's own records show on one date: its evidence, its late
    milestones, its milestones still to come, and its open risks."""

    evidence: Evidence
    overdue: int
    upcoming: list[Milestone]
    risks: list[Risk]


#: What was seen already, by (the work's identity, date): see :func:`rate`.
Memo = dict[tuple[int, dt.date], Seen]


def seen_on(work: Work, on: dt.date, settings: Settings, memo: Memo | None = None) -> Seen:
    """:class:`Seen` of ``work`` on ``on`` (from ``memo`` when found there)."""
    key = (id(work), on)
    found = memo.get(key) if memo is not None else None
    if found is None:
        evidence = (
            schedule_of(work, on, settings),
            cost_of(work.budget, settings),
            risk_of(work.risks, on, settings),
            benefits_of(work, on, settings),
        )
        upcoming = [m for m in not_achieved(work.milestones, on) if m.due >= on]
        overdue = overdue_count(work.milestones, on)
        found = Seen(evidence, overdue, upcoming, open_risks(work.risks, on))
        if memo is not None:
            memo[key] = found
    return found


def rate(work: Work, pf: Portfolio, as_of: dt.date, *, memo: Memo | None = None) -> Rating:
    """Rate a programme or project as it stood on ``as_of``.

    Declared: the latest update on or before ``as_of``; trend against the update before
    it. Derived: the worst of schedule, cost, risk and benefits. Closed work is judged on
    its evidence as it stood on the day it closed (benefits included: ``pmo benefits``
    follows them after that), and is never stale.

    A programme is rated on its own evidence (its milestones, budget, risks and benefits)
    *and* rolled up from its projects still open on ``as_of``: each of its dimensions is
    the worst of its own and theirs, its reasons name the project they came from, and its
    counts (overdue milestones, open risks, top score, next milestone) cover them too.
    On the three-point scale every amber is plain amber.

    ``memo``: a dict shared by the ratings of one report, so a project's evidence is found
    once for its own row and its programme's (see :func:`rate_all`).
    """
    settings = pf.settings
    closed = is_closed(work, as_of)
    on = min(as_of, work.closed) if closed and work.closed is not None else as_of
    dated = updates_on(work, as_of)
    latest = dated[-1] if dated else None
    before = dated[-2] if len(dated) > 1 else None
    declared = latest.rag if latest else None
    previous = before.rag if before else None

    own = seen_on(work, on, settings, memo)
    schedule, cost, risk, benefits = own.evidence
    overdue, upcoming, risks = own.overdue, list(own.upcoming), list(own.risks)
    if isinstance(work, Programme):
        children = [p for p in pf.projects_of(work.id) if not is_closed(p, as_of)]
        found = [(p.id, seen_on(p, as_of, settings, memo)) for p in children]
        schedule = _rolled(schedule, [(pid, f.evidence[0]) for pid, f in found])
        cost = _rolled(cost, [(pid, f.evidence[1]) for pid, f in found])
        risk = _rolled(risk, [(pid, f.evidence[2]) for pid, f in found])
        benefits = _rolled(benefits, [(pid, f.evidence[3]) for pid, f in found])
        for p, (_, f) in zip(children, found, strict=True):
            # Their milestones as of the programme's own date, their risks as of as_of.
            if on != as_of:
                f = Seen(f.evidence, overdue_count(p.milestones, on), [], f.risks)
                f.upcoming = [m for m in not_achieved(p.milestones, on) if m.due >= on]
            overdue += f.overdue
            upcoming.extend(f.upcoming)
            risks.extend(f.risks)

    derived = worst(schedule.rating, cost.rating, risk.rating, benefits.rating)
    age = (as_of - latest.date).days if latest else None
    stale = stale_since(work, as_of, settings.stale_after_days, latest)
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
        benefits=benefits,
        watermelon=declared is not None and derived is not None and better(declared, derived),
        stale=stale,
        last_update=latest.date if latest else None,
        age_days=age,
        closed=closed,
        next_milestone=next_m,
        overdue_milestones=overdue,
        open_risks=len(risks),
        top_risk_score=max((r.score for r in risks), default=None),
    )


#: The derived dimensions, in the order reports show them.
DIMENSIONS = ("schedule", "cost", "risk", "benefits")


def dimensions(rating: Rating) -> list[tuple[str, Dimension]]:
    """The rating's derived dimensions by name, in :data:`DIMENSIONS` order."""
    return [(name, getattr(rating, name)) for name in DIMENSIONS]


def worse_than_declared(rating: Rating) -> list[tuple[str, Dimension]]:
    """The dimensions rated worse than the declared rating (every rated one when nothing is
    declared), worst first."""
    found = [(n, d) for n, d in dimensions(rating) if d.rating is not None]
    if rating.declared is not None:
        found = [(n, d) for n, d in found if better(rating.declared, d.rating or "green")]
    return sorted(found, key=lambda nd: -RANK[nd[1].rating or "green"])


@dataclass(slots=True)
class Flag:
    """A flag on a rating (``watermelon``, ``stale``), with the dimensions and the evidence
    that raised it."""

    name: str
    dimensions: list[str]
    evidence: list[str]


def flags_of(rating: Rating, stale_after_days: int) -> list[Flag]:
    """Why each of the rating's flags is up: a watermelon names the dimensions rated worse
    than declared and their reasons; stale names the last update and its age."""
    out: list[Flag] = []
    if rating.watermelon:
        worse = worse_than_declared(rating)
        label = ", ".join(f"{n} {formats.rating(d.rating)}" for n, d in worse)
        evidence = [
            f"declared {formats.rating(rating.declared)} is better than the evidence "
            f"({formats.rating(rating.derived)}): {label}"
        ]
        evidence += [f"{n}: {reason}" for n, d in worse for reason in d.worse_than(rating.declared)]
        out.append(Flag("watermelon", [n for n, _ in worse], evidence))
    if rating.stale:
        if rating.last_update is None:
            text = f"no update yet, and the work started more than {stale_after_days} days ago"
        else:
            text = (
                f"the last update, of {rating.last_update}, is "
                f"{formats.days(rating.age_days or 0)} old (stale after {stale_after_days})"
            )
        out.append(Flag("stale", [], [text]))
    return out


def rate_all(pf: Portfolio, as_of: dt.date) -> dict[str, Rating]:
    """Every programme and project rated at ``as_of``, by id."""
    memo: Memo = {}
    return {w.id: rate(w, pf, as_of, memo=memo) for w in pf.work()}


__all__ = [
    "DIMENSIONS",
    "RANK",
    "Dimension",
    "Evidence",
    "Flag",
    "Memo",
    "Rating",
    "Seen",
    "benefit_of",
    "benefits_of",
    "better",
    "cost_of",
    "dimensions",
    "flags_of",
    "graded",
    "rate",
    "rate_all",
    "risk_of",
    "schedule_of",
    "seen_on",
    "trend_of",
    "worse_than_declared",
    "worst",
]
