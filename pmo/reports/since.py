"""A board paper's "Changes since the previous paper": what moved between the two meetings.

With the records in git (:func:`changes_between` given ``before``, the records as they
stood at the previous meeting), the changes come from the two states, through the changes
report (:mod:`pmo.reports.changes`): milestones re-forecast with the days moved, risks
rescored, budget (approved and forecast) and benefit-target changes, ratings, risks and
other items new, closed or removed. Without history, from dated facts alone: ratings
that moved between the two dates, risks raised and closed between them, milestones
achieved, and milestones *slipped* (not achieved by the meeting although a date they were
due fell between the meetings); a forecast moved later with no date passing is not seen.
Both ways, milestones achieved between the meetings are listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from pmo.asof import achieved, between
from pmo.diff import FieldChange, words
from pmo.portfolio import Portfolio, SourceState
from pmo.rag import rate, trend_of
from pmo.records import Risk, Work
from pmo.reports import changes as changes_report
from pmo.reports.rows import MilestoneRow, milestone_row
from pmo.scope import Scope


@dataclass(slots=True)
class Movement:
    """A rating that moved between the previous meeting and this one."""

    id: str
    name: str
    declared_before: str | None
    declared_now: str | None
    derived_before: str | None
    derived_now: str | None
    trend: str | None


@dataclass(slots=True)
class RiskChange:
    """A risk raised or closed since the previous paper (``date`` None: not recorded)."""

    id: str
    title: str
    work: str
    owner: str
    score: int
    date: dt.date | None


@dataclass(slots=True)
class Reforecast:
    """A milestone whose due date moved between the meetings."""

    id: str
    title: str
    work: str
    before: dt.date
    after: dt.date
    #: Moved by a new baseline (an agreed date), not by a forecast.
    rebaselined: bool = False

    @property
    def days(self) -> int:
        return (self.after - self.before).days


@dataclass(slots=True)
class Rescore:
    """A risk whose score moved between the meetings."""

    id: str
    title: str
    work: str
    before: int
    after: int


@dataclass(slots=True)
class Figure:
    """An amount that moved: a budget figure, or a benefit's target (in ``unit``, or money)."""

    id: str
    title: str
    work: str
    #: What moved: "approved budget", "forecast outturn", "target".
    what: str
    before: Decimal | None
    after: Decimal | None
    unit: str | None = None

    @property
    def change_pct(self) -> Decimal | None:
        if self.before is None or self.after is None or self.before == 0:
            return None
        from pmo.formats import ratio_pct

        return ratio_pct(self.after - self.before, self.before)


@dataclass(slots=True)
class ItemChange:
    """Any other item new, closed or removed (milestones, issues, decisions, benefits)."""

    kind: str
    id: str
    title: str
    work: str
    #: What happened, in words ("new issue (priority high)", "closed 3 Oct 2010").
    words: str


@dataclass(slots=True)
class Changes:
    """What changed between the previous meeting (exclusive) and this one (inclusive)."""

    since: dt.date
    previous_paper: str | None
    ratings: list[Movement] = field(default_factory=list)
    risks_raised: list[RiskChange] = field(default_factory=list)
    risks_closed: list[RiskChange] = field(default_factory=list)
    milestones_completed: list[MilestoneRow] = field(default_factory=list)
    milestones_slipped: list[MilestoneRow] = field(default_factory=list)
    #: The records at the previous meeting were read from history (the lists below are
    #: filled only then).
    from_history: bool = False
    #: The state read for the previous meeting.
    before: SourceState | None = None
    reforecast: list[Reforecast] = field(default_factory=list)
    rescored: list[Rescore] = field(default_factory=list)
    budgets: list[Figure] = field(default_factory=list)
    targets: list[Figure] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.ratings
            or self.risks_raised
            or self.risks_closed
            or self.milestones_completed
            or self.milestones_slipped
            or self.reforecast
            or self.rescored
            or self.budgets
            or self.targets
            or self.items
        )


def changes_between(
    pf: Portfolio,
    work: list[Work],
    since: dt.date,
    on: dt.date,
    previous: str | None,
    before: Portfolio | None = None,
) -> Changes:
    """What changed after ``since`` up to and including ``on`` (see the module); with
    ``before`` (the records as they stood on ``since``), from the two states."""
    out = Changes(since=since, previous_paper=previous)
    for w in work:
        then = before.find_work(w.id) if before is not None else w
        if then is not None:
            a, b = rate(then, before or pf, since), rate(w, pf, on)
            if (a.declared, a.derived) != (b.declared, b.derived):
                trend = trend_of(b.declared, a.declared)
                out.ratings.append(
                    Movement(w.id, w.name, a.declared, b.declared, a.derived, b.derived, trend)
                )
        for m in w.milestones:
            if between(m.actual, since, on):
                out.milestones_completed.append(milestone_row(pf, w, m, on))
        if before is None:
            _dated(out, pf, w, since, on)
    if before is not None:
        _from_history(out, before, pf, work, since, on)
    else:
        out.milestones_slipped.sort(key=lambda m: (m.baseline, m.id))
    out.risks_raised.sort(key=lambda c: (c.date or on, c.id))
    out.risks_closed.sort(key=lambda c: (c.date or on, c.id))
    out.milestones_completed.sort(key=lambda m: (m.actual or m.due, m.id))
    return out


def _dated(out: Changes, pf: Portfolio, w: Work, since: dt.date, on: dt.date) -> None:
    """Risks raised and closed, milestones slipped: from their dates alone."""
    for r in w.risks:
        if r.raised is not None and between(r.raised, since, on):
            out.risks_raised.append(_risk_change(pf, w, r, r.raised))
        if r.status == "closed" and r.closed is not None and between(r.closed, since, on):
            out.risks_closed.append(_risk_change(pf, w, r, r.closed))
    for m in w.milestones:
        if _missed(m, since, on):
            out.milestones_slipped.append(milestone_row(pf, w, m, on))


def _missed(m: object, since: dt.date, on: dt.date) -> bool:
    """Not achieved by ``on`` (so not achieved in the period either), though its baseline or
    forecast fell in the period."""
    from pmo.records import Milestone

    assert isinstance(m, Milestone)
    return not achieved(m, on) and (
        between(m.baseline, since, on) or between(m.forecast, since, on)
    )


def _risk_change(pf: Portfolio, work: Work, risk: Risk, when: dt.date | None) -> RiskChange:
    return RiskChange(risk.id, risk.title, work.name, pf.person_name(risk.owner), risk.score, when)


def _from_history(
    out: Changes, before: Portfolio, pf: Portfolio, work: list[Work], since: dt.date, on: dt.date
) -> None:
    """The lists only history can fill, from the changes report over the two states."""
    out.from_history, out.before = True, before.source
    ids = {w.id for w in work}
    scope = Scope(ids=tuple(sorted(ids)))
    report = changes_report.build(before, pf, since, on, scope, ratings=False)
    moved: set[str] = set()
    for group in report.groups():
        if group.record not in ids and group.record in pf.projects:
            continue  # work the paper leaves out (closed before the previous meeting)
        w = pf.find_work(group.record) or before.find_work(group.record)
        work_name = w.name if w is not None else group.record
        fields = {c.field: c for c in group.changes}
        if group.kind == "milestone":
            _milestone(out, fields, work_name, moved)
        elif group.kind == "risk":
            _risk(out, pf, before, group.changes, fields, w)
        elif group.kind in ("programme", "project"):
            for name, what in (("budget.approved", "approved budget"),
                               ("budget.forecast", "forecast outturn")):  # fmt: skip
                c = fields.get(name)
                if c is not None:
                    out.budgets.append(Figure(c.id, work_name, work_name, what, _amount(c.before),
                                              _amount(c.after)))  # fmt: skip
        elif group.kind == "benefit" and "target" in fields:
            c = fields["target"]
            unit = c.values.get("unit") if c.values.get("_money") is False else None
            out.targets.append(Figure(c.id, group.title, work_name, "target", _amount(c.before),
                                      _amount(c.after), str(unit) if unit else None))  # fmt: skip
        whole = group.changes[0].change in ("added", "removed")
        if group.kind in ("milestone", "issue", "benefit") or (
            whole and group.kind in ("risk", "programme", "project")
        ):
            if group.kind == "risk" and group.changes[0].change == "added":
                continue  # told among the risks raised
            _item(out, report, group.kind, group.id, group.title, work_name, group.changes)
    for w in work:
        for m in w.milestones:
            if m.id not in moved and _missed(m, since, on):
                out.milestones_slipped.append(milestone_row(pf, w, m, on))
    out.milestones_slipped.sort(key=lambda m: (m.baseline, m.id))
    out.reforecast.sort(key=lambda r: (-abs(r.days), r.id))


def _amount(value: object) -> Decimal | None:
    return Decimal(value) if isinstance(value, Decimal | int) else None


def _milestone(
    out: Changes,
    fields: dict[str | None, FieldChange],
    work_name: str,
    moved: set[str],
) -> None:
    if "forecast" not in fields and "baseline" not in fields:
        return
    c = fields.get("forecast") or fields["baseline"]
    v = c.values
    now = v.get("forecast") or v.get("baseline")
    old_forecast = fields["forecast"].before if "forecast" in fields else v.get("forecast")
    old_baseline = fields["baseline"].before if "baseline" in fields else v.get("baseline")
    was = old_forecast or old_baseline
    if isinstance(was, dt.date) and isinstance(now, dt.date) and was != now:
        moved.add(c.id)
        rebaselined = "forecast" not in fields
        out.reforecast.append(Reforecast(c.id, c.title, work_name, was, now, rebaselined))


def _risk(
    out: Changes,
    pf: Portfolio,
    before: Portfolio,
    changes: list[FieldChange],
    fields: dict[str | None, FieldChange],
    w: Work | None,
) -> None:
    first = changes[0]
    holder = pf.owner_of(first.id) or before.owner_of(first.id)
    risk = _find_risk(holder, first.id)
    if risk is None or w is None:
        return
    if first.change == "added":
        out.risks_raised.append(_risk_change(pf, w, risk, risk.raised))
        return
    if first.change == "removed":
        return  # told among the other items
    if "likelihood" in fields or "impact" in fields:
        old = _find_risk(before.owner_of(first.id), first.id)
        if old is not None and old.score != risk.score:
            out.rescored.append(Rescore(risk.id, risk.title, w.name, old.score, risk.score))
    status = fields.get("status")
    if status is not None and status.after == "closed":
        out.risks_closed.append(_risk_change(pf, w, risk, risk.closed))


def _find_risk(work: Work | None, id_: str) -> Risk | None:
    return next((r for r in work.risks if r.id == id_), None) if work is not None else None


def _item(
    out: Changes,
    report: changes_report.ChangesReport,
    kind: str,
    id_: str,
    title: str,
    work_name: str,
    found: list[FieldChange],
) -> None:
    """New, closed and removed items (a milestone's re-forecast and a target are told apart)."""
    told = [
        c
        for c in found
        if c.change in ("added", "removed") or (c.field in ("status", "closed") and kind == "issue")
    ]
    if told:
        said = "; ".join(words(told, report.currency, report.name))
        out.items.append(ItemChange(kind, id_, title, work_name, said))
