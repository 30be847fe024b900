"""The rows reports share: one milestone, risk, issue, decision, money and benefit row each.

A row is a record as it stood on a reporting date, with the figures every report shows
about it worked out once (days overdue, score band, age, variance ...). Rows name people
and work by name for reading (``owner``, ``work``) and keep the ids (``owner_id``,
``work_id``) and the record itself for everything else. Templates see these fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pmo import formats
from pmo.asof import (
    BAND_LABELS,
    achieved,
    action_open,
    action_overdue,
    actual_by,
    escalated,
    issue_age,
    issue_open,
    overdue_days,
    planned_by,
    realised_by,
    review_overdue,
    risk_band,
    risk_open,
)
from pmo.portfolio import Portfolio
from pmo.rag import Dimension, Rating, benefit_of
from pmo.records import Benefit, Decision, Issue, Milestone, Risk, Work
from pmo.scope import programme_of

# --- milestones ------------------------------------------------------------------------------


def state_of(m: Milestone, on: dt.date) -> str:
    """``done``, ``overdue N days``, ``due today`` or ``due in N days`` at ``on``; a milestone
    past its baseline but re-forecast later is overdue from its baseline, and says when it
    is now forecast.

    >>> m = Milestone(id="m1", title="Go live", baseline=dt.date(2010, 9, 30),
    ...               forecast=dt.date(2010, 10, 31))
    >>> state_of(m, dt.date(2010, 11, 2)), state_of(m, dt.date(2010, 10, 20))
    ('overdue 33 days', 'overdue 20 days (forecast in 11 days)')
    >>> state_of(m, dt.date(2010, 9, 30))
    'due in 31 days'
    """
    if achieved(m, on):
        return "done"
    late = overdue_days(m, on)
    ahead = (m.due - on).days
    if late:
        if ahead > 0:
            return f"overdue {formats.days(late)} (forecast in {formats.days(ahead)})"
        if ahead == 0:
            return f"overdue {formats.days(late)} (forecast today)"
        return f"overdue {formats.days(late)}"
    return "due today" if ahead == 0 else f"due in {formats.days(ahead)}"


@dataclass(slots=True)
class MilestoneRow:
    """A milestone as it stood on the reporting date."""

    milestone: Milestone
    id: str
    title: str
    work_id: str
    #: The name of the programme or project holding it.
    work: str
    #: The name of its owner (the work's lead when it names none).
    owner: str
    baseline: dt.date
    due: dt.date
    #: The date achieved, if achieved by the reporting date.
    actual: dt.date | None
    #: Days late on the reporting date, from the earlier of its baseline and forecast
    #: (0: not overdue; see :func:`pmo.asof.overdue_days`).
    days_overdue: int
    #: Days its due date is after its baseline (negative: brought forward).
    slip_days: int
    gate: bool
    state: str


def milestone_row(pf: Portfolio, work: Work, m: Milestone, on: dt.date) -> MilestoneRow:
    return MilestoneRow(
        milestone=m,
        id=m.id,
        title=m.title,
        work_id=work.id,
        work=work.name,
        owner=pf.person_name(m.owner or work.lead),
        baseline=m.baseline,
        due=m.due,
        actual=actual_by(m, on),
        days_overdue=overdue_days(m, on),
        slip_days=(m.due - m.baseline).days,
        gate=m.gate,
        state=state_of(m, on),
    )


@dataclass(slots=True)
class GanttSection:
    """One programme's or project's milestones for a gantt chart: (id, title, date) each."""

    name: str
    milestones: list[tuple[str, str, dt.date]]


def gantt_section(name: str, rows: list[MilestoneRow]) -> GanttSection:
    """Milestone rows as a gantt section, soonest due first: each a point on its actual,
    else its due date."""
    ordered = sorted(rows, key=lambda r: (r.due, r.id))
    return GanttSection(name, [(r.id, r.title, r.actual or r.due) for r in ordered])


# --- risks -----------------------------------------------------------------------------------


def movement(score: int, inherent: int | None, target: int | None) -> str:
    """How a current score stands against its inherent score and towards its target.

    >>> movement(12, 16, 6), movement(12, 9, 12), movement(12, None, None)
    ('down 4 from 16; 6 above target 6', 'up 3 from 9; at target', '')
    """
    parts = []
    if inherent is not None:
        if score < inherent:
            parts.append(f"down {inherent - score} from {inherent}")
        elif score > inherent:
            parts.append(f"up {score - inherent} from {inherent}")
        else:
            parts.append(f"level with inherent {inherent}")
    if target is not None:
        parts.append(f"{score - target} above target {target}" if score > target else "at target")
    return "; ".join(parts)


@dataclass(slots=True)
class RiskRow:
    """A risk as it stood on the reporting date, scored and banded."""

    risk: Risk
    work_id: str
    work: str
    #: The programme of the owning work (the work itself when it is a programme).
    programme_id: str
    #: The owner's name.
    owner: str
    score: int
    #: ``red``, ``amber`` or ``green``; :attr:`label` says it in words (high, medium, low).
    band: str
    #: Open on the reporting date (False only for closed risks listed on request).
    open: bool
    #: Open and at or above the escalation score: for the programme board.
    escalate: bool
    review_overdue: bool
    open_actions: int
    overdue_actions: int
    #: The text of the actions open on the reporting date.
    mitigations: list[str]
    #: Scores before controls (inherent) and aimed for (target), when recorded.
    inherent_score: int | None
    target_score: int | None

    @property
    def id(self) -> str:
        return self.risk.id

    @property
    def title(self) -> str:
        return self.risk.title

    @property
    def likelihood(self) -> int:
        return self.risk.likelihood

    @property
    def impact(self) -> int:
        return self.risk.impact

    @property
    def response(self) -> str | None:
        return self.risk.response

    @property
    def label(self) -> str:
        return BAND_LABELS[self.band]

    @property
    def status(self) -> str:
        return "open" if self.open else "closed"

    @property
    def reduced_by(self) -> int | None:
        """How far the score has come down from inherent (negative: it has risen)."""
        return None if self.inherent_score is None else self.inherent_score - self.score

    @property
    def to_target(self) -> int | None:
        """How far the score still is above target (0 when at or below it)."""
        return None if self.target_score is None else max(0, self.score - self.target_score)

    @property
    def movement(self) -> str:
        return movement(self.score, self.inherent_score, self.target_score)

    @property
    def path(self) -> str:
        """Inherent → current → target scores, ``-`` where not recorded: ``16 → 12 → 6``."""
        scores = (self.inherent_score, self.score, self.target_score)
        return " → ".join("-" if s is None else str(s) for s in scores)


def risk_row(pf: Portfolio, work: Work, risk: Risk, on: dt.date) -> RiskRow:
    settings = pf.settings
    score = risk.score
    pending = [a for a in risk.actions if action_open(a, on)]
    is_open = risk_open(risk, on)
    # (An action is overdue only on a risk still open: risk_action_overdue.)
    overdue = sum(1 for a in pending if action_overdue(a, on)) if is_open else 0
    return RiskRow(
        risk=risk,
        work_id=work.id,
        work=work.name,
        programme_id=programme_of(work),
        owner=pf.person_name(risk.owner),
        score=score,
        band=risk_band(score, settings.risk_bands),
        open=is_open,
        escalate=escalated(risk, on, settings.escalation_score),
        review_overdue=review_overdue(risk, on),
        open_actions=len(pending),
        overdue_actions=overdue,
        mitigations=[a.action for a in pending],
        inherent_score=risk.inherent.score if risk.inherent else None,
        target_score=risk.target.score if risk.target else None,
    )


# --- issues and decisions --------------------------------------------------------------------

#: Issue priorities, most urgent first.
PRIORITIES = ("critical", "high", "medium", "low")
PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}


@dataclass(slots=True)
class IssueRow:
    """An issue as it stood on the reporting date."""

    issue: Issue
    work_id: str
    work: str
    programme_id: str
    #: The owner's name ("" when none is recorded).
    owner: str
    open: bool
    #: Days since raised, on the reporting date (None when no raised date).
    age: int | None

    @property
    def id(self) -> str:
        return self.issue.id

    @property
    def title(self) -> str:
        return self.issue.title

    @property
    def priority(self) -> str:
        return self.issue.priority

    @property
    def raised(self) -> dt.date | None:
        return self.issue.raised

    @property
    def status(self) -> str:
        return "open" if self.open else "closed"


def issue_row(pf: Portfolio, work: Work, issue: Issue, on: dt.date) -> IssueRow:
    return IssueRow(
        issue=issue,
        work_id=work.id,
        work=work.name,
        programme_id=programme_of(work),
        owner=pf.person_name(issue.owner),
        open=issue_open(issue, on),
        age=issue_age(issue, on),
    )


def issue_order(row: IssueRow) -> tuple[int, int, int, str]:
    """Open before closed, then priority (critical first), then age (oldest first), then id."""
    age = row.age if row.age is not None else -1
    return (not row.open, PRIORITY_RANK[row.priority], -age, row.id)


@dataclass(slots=True)
class DecisionRow:
    """A decision taken by the reporting date."""

    decision: Decision
    work_id: str
    work: str
    programme_id: str
    #: The name of the board or person that took it ("" when not recorded).
    by: str

    @property
    def id(self) -> str:
        return self.decision.id

    @property
    def title(self) -> str:
        return self.decision.title

    @property
    def date(self) -> dt.date:
        return self.decision.date

    @property
    def outcome(self) -> str | None:
        return self.decision.outcome


def decider_name(pf: Portfolio, id_: str | None) -> str:
    """A board's name, else a person's name, else the id itself."""
    if id_ is None:
        return ""
    board = pf.boards.get(id_)
    return board.name if board is not None else pf.person_name(id_)


def decision_row(pf: Portfolio, work: Work, d: Decision) -> DecisionRow:
    return DecisionRow(d, work.id, work.name, programme_of(work), decider_name(pf, d.by))


# --- money and benefits ----------------------------------------------------------------------


@dataclass(slots=True)
class FinanceRow:
    """Money for one piece of work: approved, forecast outturn, spent, and the variance."""

    id: str
    name: str
    approved: Decimal | None
    forecast: Decimal | None
    spent: Decimal | None
    #: Forecast less approved.
    variance: Decimal | None
    #: The variance as a percentage of approved.
    variance_pct: Decimal | None


def finance_row(work: Work) -> FinanceRow | None:
    """The work's money, or None when it records neither an approved nor a forecast figure."""
    budget = work.budget
    if budget is None or (budget.approved is None and budget.forecast is None):
        return None
    variance = pct = None
    if budget.approved is not None and budget.forecast is not None:
        variance = budget.forecast - budget.approved
        pct = formats.ratio_pct(variance, budget.approved)
    return FinanceRow(
        work.id, work.name, budget.approved, budget.forecast, budget.actual, variance, pct
    )


@dataclass(slots=True)
class BenefitRow:
    """A benefit's target and plan against what had been realised by the reporting date."""

    id: str
    title: str
    work_id: str
    work: str
    programme_id: str
    #: The owner's name (the work's lead when it names none); :attr:`owner_id` their id.
    owner: str
    owner_id: str
    #: ``cashable``, ``non-cashable``, ``disbenefit``, or None when not recorded.
    type: str | None
    measure: str | None
    #: ``None`` for money; else the unit of target, plan and realised.
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    #: Planned to be realised by the reporting date (None: the benefit has no plan).
    planned: Decimal | None
    realised: Decimal
    #: Realised less planned (None with no plan): negative is behind, except for a
    #: disbenefit, where positive (more harm than planned) is worse.
    variance: Decimal | None
    #: Realised as a percentage of planned-to-date.
    plan_pct: Decimal | None
    due: dt.date | None
    #: The benefit's rating (None: no plan) and why (see :func:`pmo.rag.benefit_of`).
    rating: str | None
    reasons: list[str]

    @property
    def money(self) -> bool:
        """Whether the benefit is counted in money (it has no ``unit``)."""
        return self.unit is None

    @property
    def disbenefit(self) -> bool:
        return self.type == "disbenefit"


def benefit_row(pf: Portfolio, work: Work, b: Benefit, on: dt.date) -> BenefitRow:
    realised = realised_by(b, on)
    planned = planned_by(b, on)
    rated = benefit_of(b, on, pf.settings)
    owner = b.owner or work.lead
    return BenefitRow(
        id=b.id,
        title=b.title,
        work_id=work.id,
        work=work.name,
        programme_id=programme_of(work),
        owner=pf.person_name(owner),
        owner_id=owner,
        type=b.type,
        measure=b.measure,
        unit=b.unit,
        baseline=b.baseline,
        target=b.target,
        planned=planned,
        realised=realised,
        variance=None if planned is None else realised - planned,
        plan_pct=formats.ratio_pct(realised, planned) if planned else None,
        due=b.due,
        rating=rated.rating,
        reasons=rated.reasons,
    )


# --- ratings as JSON -------------------------------------------------------------------------


def dimension_json(d: Dimension) -> dict[str, Any]:
    return {"rating": d.rating, "reasons": list(d.reasons)}


def budget_json(work: Work) -> dict[str, str | None] | None:
    """``{"approved", "forecast", "actual"}``, each the exact amount as text or null; null
    without a budget."""
    b = work.budget
    if b is None:
        return None
    return {
        "approved": formats.exact(b.approved),
        "forecast": formats.exact(b.forecast),
        "actual": formats.exact(b.actual),
    }


def rating_json(work: Work, rating: Rating, programme: str | None) -> dict[str, Any]:
    """A programme's or project's rating as the records format's machine-readable entry
    (plus extra fields); ``programme`` None for a programme's own entry."""
    m = rating.next_milestone
    out: dict[str, Any] = {
        "id": work.id,
        "name": work.name,
        "programme": programme,
        "rag": rating.declared,
        "derived_rag": rating.derived,
        "trend": rating.trend,
        "stale": rating.stale,
        "watermelon": rating.watermelon,
        "overdue_milestones": rating.overdue_milestones,
        "open_risks": rating.open_risks,
        "top_risk_score": rating.top_risk_score,
        "lead": work.lead,
        "previous_rag": rating.previous,
        "schedule": dimension_json(rating.schedule),
        "cost": dimension_json(rating.cost),
        "risk": dimension_json(rating.risk),
        "benefits": dimension_json(rating.benefits),
        "last_update": formats.iso(rating.last_update),
        "age_days": rating.age_days,
        "closed": rating.closed,
        "next_milestone": (
            {"id": m.id, "title": m.title, "due": m.due.isoformat()} if m is not None else None
        ),
        "start": formats.iso(work.start),
        "end": formats.iso(work.end),
        "forecast_end": formats.iso(work.forecast_end),
        "budget": budget_json(work),
    }
    if programme is None:
        del out["programme"]
    return out
