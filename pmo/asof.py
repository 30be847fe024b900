"""The portfolio as it stood on a date: which updates, actuals, risks and issues count yet.

Every report asks these questions the same way, so a report for a past date reads as it
would have on that day. Pure functions of a record and a date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter

from pmo.records import Action, Benefit, Decision, Issue, Milestone, Risk, RiskBands, Update, Work


def updates_on(work: Work, on: dt.date) -> list[Update]:
    """The updates dated on or before ``on``, oldest first (the file may list them in any order)."""
    dated = [u for u in work.updates if u.date <= on]
    dated.sort(key=_DATE)
    return dated


_DATE = attrgetter("date")


def latest_update(work: Work, on: dt.date) -> Update | None:
    """The declared status at ``on``: the latest update on or before it."""
    dated = updates_on(work, on)
    return dated[-1] if dated else None


def achieved(milestone: Milestone, on: dt.date) -> bool:
    """Whether the milestone had been achieved by ``on``."""
    return milestone.actual is not None and milestone.actual <= on


def not_achieved(milestones: list[Milestone], on: dt.date) -> list[Milestone]:
    """The milestones not achieved by ``on`` (:func:`achieved`), in their order."""
    return [m for m in milestones if m.actual is None or m.actual > on]


def actual_by(milestone: Milestone, on: dt.date) -> dt.date | None:
    """The date the milestone was achieved, if that was by ``on`` (else None: not yet)."""
    return milestone.actual if achieved(milestone, on) else None


def between(day: dt.date | None, since: dt.date, on: dt.date) -> bool:
    """Whether ``day`` fell after ``since`` and on or before ``on`` (a reporting period)."""
    return day is not None and since < day <= on


def overdue_days(milestone: Milestone, on: dt.date) -> int:
    """Days late on ``on``: not achieved, counted from the earlier of its baseline and its
    forecast (0 if neither has passed).

    A milestone re-forecast later is still late from its agreed (baseline) date; one brought
    forward is late from its forecast.

    >>> m = Milestone(id="m1", title="M", baseline=dt.date(2010, 6, 30),
    ...               forecast=dt.date(2010, 12, 31))
    >>> overdue_days(m, dt.date(2010, 10, 20)), overdue_days(m, dt.date(2010, 6, 30))
    (112, 0)
    """
    if achieved(milestone, on):
        return 0
    return max(0, (on - min(milestone.baseline, milestone.due)).days)


def overdue_count(milestones: list[Milestone], on: dt.date) -> int:
    """How many of the milestones are late on ``on`` (:func:`overdue_days` above 0)."""
    return sum(
        1
        for m in milestones
        if (m.actual is None or m.actual > on)
        and (m.baseline if m.forecast is None else min(m.baseline, m.forecast)) < on
    )


def is_closed(work: Work, on: dt.date) -> bool:
    """Whether the programme or project had closed by ``on``."""
    return work.closed is not None and work.closed <= on


def is_stale(work: Work, on: dt.date, stale_after_days: int) -> bool:
    """Open work whose latest update is older than ``stale_after_days``; with no update at
    all, work that started longer ago than that. Closed work is never stale."""
    return stale_since(work, on, stale_after_days, latest_update(work, on))


def stale_since(work: Work, on: dt.date, stale_after_days: int, latest: Update | None) -> bool:
    """:func:`is_stale`, given the latest update on or before ``on`` (:func:`latest_update`)."""
    if is_closed(work, on):
        return False
    if latest is not None:
        return (on - latest.date).days > stale_after_days
    return work.start is not None and (on - work.start).days > stale_after_days


def risk_known(risk: Risk, on: dt.date) -> bool:
    """Whether the risk had been raised by ``on`` (a risk with no raised date always counts)."""
    return risk.raised is None or risk.raised <= on


def risk_open(risk: Risk, on: dt.date) -> bool:
    """Whether the risk was open on ``on``: raised by then and not yet closed."""
    if not risk_known(risk, on):
        return False
    if risk.status == "closed":
        return risk.closed is not None and risk.closed > on
    return True


def open_risks(risks: list[Risk], on: dt.date) -> list[Risk]:
    """The risks open on ``on`` (:func:`risk_open`), in their order."""
    return [
        r
        for r in risks
        if (r.raised is None or r.raised <= on)
        and (r.status != "closed" or (r.closed is not None and r.closed > on))
    ]


def issue_known(issue: Issue, on: dt.date) -> bool:
    """Whether the issue had been raised by ``on`` (an issue with no raised date always counts)."""
    return issue.raised is None or issue.raised <= on


def issue_open(issue: Issue, on: dt.date) -> bool:
    """Whether the issue was open on ``on``: raised by then and not yet closed."""
    if not issue_known(issue, on):
        return False
    if issue.status == "closed":
        return issue.closed is not None and issue.closed > on
    return True


def action_done_by(action: Action, on: dt.date) -> dt.date | None:
    """The date the action was done, if that was by ``on``."""
    return action.done if action.done is not None and action.done <= on else None


def action_open(action: Action, on: dt.date) -> bool:
    return action.done is None or action.done > on


def action_overdue(action: Action, on: dt.date) -> bool:
    return action_open(action, on) and action.due is not None and action.due < on


def review_overdue(risk: Risk, on: dt.date) -> bool:
    """An open risk whose next review date has passed."""
    return risk_open(risk, on) and risk.review is not None and risk.review < on


def risk_band(score: int, bands: RiskBands) -> str:
    """The band of a likelihood × impact score: ``red``, ``amber`` or ``green``.

    >>> [risk_band(s, RiskBands()) for s in (7, 8, 14, 15)]
    ['green', 'amber', 'amber', 'red']
    """
    if score >= bands.red:
        return "red"
    if score >= bands.amber:
        return "amber"
    return "green"


#: What a risk register calls each band.
BAND_LABELS = {"red": "high", "amber": "medium", "green": "low"}


def escalated(risk: Risk, on: dt.date, escalation_score: int) -> bool:
    """An open risk scoring at or above ``escalation_score``: for the programme board."""
    return risk_open(risk, on) and risk.score >= escalation_score


def risk_action_overdue(risk: Risk, action: Action, on: dt.date) -> bool:
    """An action past due on a risk still open (actions on closed risks are never overdue)."""
    return risk_open(risk, on) and action_overdue(action, on)


def issue_age(issue: Issue, on: dt.date) -> int | None:
    """Days since the issue was raised (None when no raised date is recorded)."""
    return None if issue.raised is None else max(0, (on - issue.raised).days)


def decision_known(decision: Decision, on: dt.date) -> bool:
    """Whether the decision had been taken by ``on``."""
    return decision.date <= on


def realised_by(benefit: Benefit, on: dt.date) -> Decimal:
    """What the benefit had realised by ``on``: the sum of its realisations dated by then."""
    return sum((r.value for r in benefit.realised if r.date <= on), Decimal(0))


def planned_by(benefit: Benefit, on: dt.date) -> Decimal | None:
    """What the benefit was planned to have realised by ``on`` (None: it has no plan).

    With a ``profile``: the sum of its entries dated on or before ``on``. Without one, a
    benefit plans its whole ``target`` on its ``due`` date (nothing before), and a
    disbenefit allows its whole ``target`` from the start.

    >>> b = Benefit(id="b1", title="B", target=Decimal(100), due=dt.date(2012, 3, 31))
    >>> planned_by(b, dt.date(2012, 3, 30)), planned_by(b, dt.date(2012, 3, 31))
    (Decimal('0'), Decimal('100'))
    """
    if benefit.profile:
        return sum((p.value for p in benefit.profile if p.date <= on), Decimal(0))
    if benefit.target is None:
        return None
    if benefit.type == "disbenefit":
        return benefit.target
    if benefit.due is None:
        return None
    return benefit.target if benefit.due <= on else Decimal(0)


def risk_near(risk: Risk, on: dt.date, near_days: int) -> bool:
    """Whether the risk's proximity (when it could happen) is ``near_days`` or fewer away
    on ``on``, or has passed."""
    return risk.proximity is not None and (risk.proximity - on).days <= near_days
