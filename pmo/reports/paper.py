"""Board papers: everything a paper computes, as of its meeting date, built before rendering.

:func:`build_paper` turns a ``kind: paper`` record into a :class:`PaperContext` of plain
values (dashboard, milestones, key risks, finance, benefits, decisions needed, changes
since the previous paper, contact officers); a template (:mod:`pmo.templating`) only
lays them out. The rules, all as the portfolio stood on the meeting date:

- **Scope**: the paper's ``scope`` (programmes with all their projects, or single
  projects); empty means everything. Work closed on or before the previous paper's
  meeting is left out (that paper reported it); other closed work is shown as closed,
  with its money and benefits, but has no milestones due or overdue, no key risks and
  no decisions needed.
- **Previous paper**: ``previous:``, else the same board's latest paper whose meeting is
  before this one. With none, "since the previous paper" means one board cycle back.
- **Next meeting**: ``next_meeting:``, else the meeting date plus the board's cadence
  (``meets``: monthly 1, bi-monthly 2, quarterly 3, half-yearly 6, annually 12 months;
  anything else 3 months).
- **Milestones achieved**: achieved after the previous meeting, up to this one.
  **Due**: not achieved by the meeting and due from the meeting to the next.
  **Overdue**: not achieved and due before the meeting.
- **Key risks**: open risks at or above the escalation score; if fewer than
  :data:`KEY_RISKS`, the highest-scoring open risks up to that many.
- **Finance**: each project's approved budget, forecast outturn and spend to date;
  variance is forecast less approved (and as a percentage of approved). Totals add
  the rows that have the figure; the total variance adds the rows' variances over the
  approved budgets of those rows. A programme's own budget is shown apart (it is often
  the pot the projects are funded from, so adding it would count money twice).
  The records keep no history of budgets: money is as currently recorded.
- **Benefits**: target against the sum realised on or before the meeting.
- **Decisions needed**: from each piece of work's latest update on or before the meeting.
- **Changes since the previous paper**: declared or derived ratings that moved between
  the two meeting dates; risks raised and closed between them; milestones achieved
  between them; milestones *slipped*: not achieved by the meeting although a date
  they were due (baseline or forecast) fell between the two meetings. The records keep
  only the current forecast, so a forecast moved later with no date passing is not seen.
- **Contact officers**: ``contact:`` (person ids), else the author.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pmo.asof import achieved, action_open, is_closed, latest_update, overdue_days
from pmo.portfolio import Portfolio
from pmo.rag import RANK, Rating, rate, trend_of
from pmo.records import Board, Milestone, Paper, Programme, Project, Work
from pmo.reports.committee import (
    BenefitTotal,
    Committee,
    DecisionTaken,
    IssueRow,
    benefits_total,
    committee_of,
    decisions_taken,
    open_issues,
)
from pmo.reports.risks import RiskRow, build_register

#: At least this many key risks are shown when fewer reach the escalation score.
KEY_RISKS = 5
#: Months between meetings, by the board's ``meets:`` word.
CADENCE_MONTHS = {
    "weekly": 0,
    "fortnightly": 0,
    "monthly": 1,
    "bi-monthly": 2,
    "bimonthly": 2,
    "quarterly": 3,
    "half-yearly": 6,
    "six-monthly": 6,
    "annually": 12,
    "yearly": 12,
}
DEFAULT_CADENCE_MONTHS = 3


class PaperNotFound(Exception):
    """No paper record with that id."""


@dataclass(slots=True)
class Contact:
    """A contact officer: who to ask about the paper."""

    id: str
    name: str
    role: str | None
    organisation: str | None
    phone: str | None
    email: str | None


@dataclass(slots=True)
class Header:
    """The committee-report header block."""

    paper_id: str
    board_id: str
    board: str
    meeting: dt.date
    title: str
    author: str | None
    author_role: str | None
    classification: str | None


@dataclass(slots=True)
class DashboardRow:
    """One programme or project on the paper's dashboard."""

    kind: str
    id: str
    name: str
    programme: str | None
    lead: str
    declared: str | None
    derived: str | None
    trend: str | None
    summary: str | None
    last_update: dt.date | None
    stale: bool
    watermelon: bool
    closed: bool
    #: Why the derived rating is what it is: the reasons of the dimensions worse than declared.
    reasons: list[str]
    #: The derived rating of each dimension: schedule, cost, risk.
    dimensions: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class MilestoneRow:
    """A milestone with the figures the paper shows about it."""

    id: str
    title: str
    work_id: str
    work: str
    owner: str
    baseline: dt.date
    due: dt.date
    actual: dt.date | None
    #: Days late against its due date on the meeting date (0: not overdue).
    days_overdue: int
    #: Days its due date is after its baseline (negative: brought forward).
    slip_days: int
    gate: bool


@dataclass(slots=True)
class KeyRisk:
    """A key risk with its owner and the mitigating actions open on the meeting date."""

    id: str
    title: str
    work_id: str
    work: str
    owner: str
    likelihood: int
    impact: int
    score: int
    band: str
    escalate: bool
    response: str | None
    mitigations: list[str]


@dataclass(slots=True)
class FinanceRow:
    """Money for one piece of work."""

    id: str
    name: str
    approved: Decimal | None
    forecast: Decimal | None
    spent: Decimal | None
    variance: Decimal | None
    variance_pct: Decimal | None


@dataclass(slots=True)
class Finance:
    """The financial summary: project rows, their totals, and programmes' own budgets."""

    rows: list[FinanceRow] = field(default_factory=list)
    total: FinanceRow | None = None
    programmes: list[FinanceRow] = field(default_factory=list)


@dataclass(slots=True)
class BenefitRow:
    """A benefit's target against what had been realised by the meeting."""

    id: str
    title: str
    work: str
    owner: str
    measure: str | None
    #: ``None`` for money; else the unit of target and realised.
    unit: str | None
    target: Decimal | None
    realised: Decimal
    realised_pct: Decimal | None
    due: dt.date | None
    #: Planned to be realised by the meeting (the benefit's ``profile``, when it has one).
    planned: Decimal | None = None


@dataclass(slots=True)
class DecisionNeeded:
    """A decision a lead has asked the board for."""

    work_id: str
    work: str
    decision: str
    asked: dt.date


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
    """A risk raised or closed since the previous paper."""

    id: str
    title: str
    work: str
    owner: str
    score: int
    date: dt.date


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

    @property
    def any(self) -> bool:
        return bool(
            self.ratings
            or self.risks_raised
            or self.risks_closed
            or self.milestones_completed
            or self.milestones_slipped
        )


@dataclass(slots=True)
class Section:
    """A people-written section (markdown)."""

    heading: str
    body: str
    #: Placed after the computed parts.
    after: bool = False


@dataclass(slots=True)
class GanttSection:
    """One project's milestones for the Mermaid gantt chart (the paper's: those it lists)."""

    name: str
    milestones: list[tuple[str, str, dt.date]]


@dataclass(slots=True)
class PaperContext:
    """Everything a paper template is given, computed as of the meeting date."""

    header: Header
    as_of: dt.date
    summary: str | None
    recommendations: list[str]
    sections: list[Section]
    previous_meeting: dt.date | None
    next_meeting: dt.date
    dashboard: list[DashboardRow]
    achieved: list[MilestoneRow]
    due: list[MilestoneRow]
    overdue: list[MilestoneRow]
    key_risks: list[KeyRisk]
    escalation_score: int
    finance: Finance
    benefits: list[BenefitRow]
    decisions: list[DecisionNeeded]
    changes: Changes
    contacts: list[Contact]
    gantt: list[GanttSection]
    # Committee-report parts (pmo.reports.committee).
    issues: list[IssueRow] = field(default_factory=list)
    decisions_taken: list[DecisionTaken] = field(default_factory=list)
    benefits_total: BenefitTotal | None = None
    committee: Committee = field(default_factory=Committee)
    #: The lowest score of the red and amber risk bands (for the heat map).
    risk_bands: dict[str, int] = field(default_factory=lambda: {"red": 15, "amber": 8})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end.

    >>> add_months(dt.date(2010, 11, 30), 3)
    datetime.date(2011, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cadence_months(board: Board | None) -> int:
    """Months between the board's meetings (see :data:`CADENCE_MONTHS`; default 3)."""
    if board is None or board.meets is None:
        return DEFAULT_CADENCE_MONTHS
    words = board.meets.strip().lower().replace(" ", "-")
    return CADENCE_MONTHS.get(words, DEFAULT_CADENCE_MONTHS) or 1


def next_meeting(paper: Paper, board: Board | None) -> dt.date:
    """The paper's ``next_meeting``, else the meeting plus the board's cadence."""
    return paper.next_meeting or add_months(paper.meeting, cadence_months(board))


def previous_paper(pf: Portfolio, paper: Paper) -> Paper | None:
    """``previous:``, else the same board's latest paper meeting before this one."""
    if paper.previous is not None:
        return pf.papers.get(paper.previous)
    earlier = [
        p for p in pf.papers.values() if p.board == paper.board and p.meeting < paper.meeting
    ]
    return max(earlier, key=lambda p: (p.meeting, p.id)) if earlier else None


def scope_work(pf: Portfolio, scope: list[str]) -> list[Work]:
    """Programmes named in the scope (or all, for an empty scope), then projects in scope."""
    if scope:
        wanted = set(scope)
        programmes: list[Work] = [p for p in pf.programmes.values() if p.id in wanted]
    else:
        programmes = list(pf.programmes.values())
    known = [p.id for p in programmes]
    projects = sorted(
        pf.in_scope(scope),
        key=lambda p: known.index(p.programme) if p.programme in known else len(known),
    )
    return [*programmes, *projects]


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def milestone_row(pf: Portfolio, work: Work, m: Milestone, on: dt.date) -> MilestoneRow:
    return MilestoneRow(
        id=m.id,
        title=m.title,
        work_id=work.id,
        work=work.name,
        owner=pf.person_name(m.owner or work.lead),
        baseline=m.baseline,
        due=m.due,
        actual=m.actual if achieved(m, on) else None,
        days_overdue=overdue_days(m, on),
        slip_days=(m.due - m.baseline).days,
        gate=m.gate,
    )


def finance_row(work: Work) -> FinanceRow | None:
    budget = work.budget
    if budget is None or (budget.approved is None and budget.forecast is None):
        return None
    variance = None
    if budget.approved is not None and budget.forecast is not None:
        variance = budget.forecast - budget.approved
    return FinanceRow(
        id=work.id,
        name=work.name,
        approved=budget.approved,
        forecast=budget.forecast,
        spent=budget.actual,
        variance=variance,
        variance_pct=_pct(variance, budget.approved)
        if variance is not None and budget.approved is not None
        else None,
    )


def finance_of(work: list[Work]) -> Finance:
    """The financial summary of some work: project rows and totals, programmes apart."""
    out = Finance()
    for w in work:
        row = finance_row(w)
        if row is None:
            continue
        (out.programmes if isinstance(w, Programme) else out.rows).append(row)
    if out.rows:

        def total(values: list[Decimal | None]) -> Decimal | None:
            known = [v for v in values if v is not None]
            return sum(known, Decimal(0)) if known else None

        varied = [r for r in out.rows if r.variance is not None]
        variance = total([r.variance for r in varied])
        base = total([r.approved for r in varied])
        out.total = FinanceRow(
            id="total",
            name="Total",
            approved=total([r.approved for r in out.rows]),
            forecast=total([r.forecast for r in out.rows]),
            spent=total([r.spent for r in out.rows]),
            variance=variance,
            variance_pct=_pct(variance, base) if variance is not None and base else None,
        )
    return out


def key_risks(pf: Portfolio, work: list[Work], on: dt.date) -> list[KeyRisk]:
    """Open risks at or above the escalation score, or at least the top :data:`KEY_RISKS`."""
    ids = {w.id for w in work}
    rows = [r for r in build_register(pf, on).rows if r.work_id in ids]
    chosen = [r for r in rows if r.escalate]
    if len(chosen) < KEY_RISKS:
        chosen = rows[: max(KEY_RISKS, len(chosen))]
    return [key_risk_row(pf, r, on) for r in chosen]


def key_risk_row(pf: Portfolio, row: RiskRow, on: dt.date) -> KeyRisk:
    risk = row.risk
    return KeyRisk(
        id=risk.id,
        title=risk.title,
        work_id=row.work_id,
        work=row.work_name,
        owner=row.owner_name,
        likelihood=risk.likelihood,
        impact=risk.impact,
        score=row.score,
        band=row.band,
        escalate=row.escalate,
        response=risk.response,
        mitigations=[a.action for a in risk.actions if action_open(a, on)],
    )


def benefits_of(pf: Portfolio, work: list[Work], on: dt.date) -> list[BenefitRow]:
    """Each benefit's target against the sum realised on or before ``on``."""
    rows = []
    for w in work:
        for b in w.benefits:
            realised = sum((r.value for r in b.realised if r.date <= on), Decimal(0))
            profile = getattr(b, "profile", None)  # records format v2 (planned realisation)
            planned = (
                sum((p.value for p in profile if p.date <= on), Decimal(0)) if profile else None
            )
            rows.append(
                BenefitRow(
                    id=b.id,
                    title=b.title,
                    work=w.name,
                    owner=pf.person_name(b.owner or w.lead),
                    measure=b.measure,
                    unit=b.unit,
                    target=b.target,
                    realised=realised,
                    realised_pct=_pct(realised, b.target) if b.target else None,
                    due=b.due,
                    planned=planned,
                )
            )
    return rows


def changes_between(
    pf: Portfolio, work: list[Work], since: dt.date, on: dt.date, previous: str | None
) -> Changes:
    """What changed after ``since`` up to and including ``on`` (see the module's rules)."""
    out = Changes(since=since, previous_paper=previous)
    for w in work:
        before, now = rate(w, pf, since), rate(w, pf, on)
        if (before.declared, before.derived) != (now.declared, now.derived):
            out.ratings.append(
                Movement(
                    w.id,
                    w.name,
                    before.declared,
                    now.declared,
                    before.derived,
                    now.derived,
                    trend_of(now.declared, before.declared),
                )
            )
        for r in w.risks:
            if r.raised is not None and since < r.raised <= on:
                out.risks_raised.append(_risk_change(pf, w, r.id, r.raised, on))
            if r.status == "closed" and r.closed is not None and since < r.closed <= on:
                out.risks_closed.append(_risk_change(pf, w, r.id, r.closed, on))
        for m in w.milestones:
            if m.actual is not None and since < m.actual <= on:
                out.milestones_completed.append(milestone_row(pf, w, m, on))
            elif not achieved(m, on) and (
                since < m.baseline <= on or (m.forecast is not None and since < m.forecast <= on)
            ):
                out.milestones_slipped.append(milestone_row(pf, w, m, on))
    out.risks_raised.sort(key=lambda c: (c.date, c.id))
    out.risks_closed.sort(key=lambda c: (c.date, c.id))
    out.milestones_completed.sort(key=lambda m: (m.actual or m.due, m.id))
    out.milestones_slipped.sort(key=lambda m: (m.baseline, m.id))
    return out


def _risk_change(pf: Portfolio, work: Work, risk_id: str, when: dt.date, on: dt.date) -> RiskChange:
    risk = next(r for r in work.risks if r.id == risk_id)
    return RiskChange(
        id=risk.id,
        title=risk.title,
        work=work.name,
        owner=pf.person_name(risk.owner),
        score=risk.score,
        date=when,
    )


def _dashboard_row(pf: Portfolio, w: Work, rating: Rating, on: dt.date) -> DashboardRow:
    latest = latest_update(w, on)
    return DashboardRow(
        kind="programme" if isinstance(w, Programme) else "project",
        id=w.id,
        name=w.name,
        programme=w.programme if isinstance(w, Project) else None,
        lead=pf.person_name(w.lead),
        declared=rating.declared,
        derived=rating.derived,
        trend=rating.trend,
        summary=latest.summary if latest is not None else None,
        last_update=rating.last_update,
        stale=rating.stale,
        watermelon=rating.watermelon,
        closed=rating.closed,
        reasons=_worse_reasons(rating),
        dimensions={
            "schedule": rating.schedule.rating,
            "cost": rating.cost.rating,
            "risk": rating.risk.rating,
        },
    )


def _worse_reasons(rating: Rating) -> list[str]:
    """The reasons of the derived dimensions rated worse than declared (red ones first)."""
    dims = [rating.schedule, rating.cost, rating.risk]
    if rating.declared is not None:
        dims = [d for d in dims if d.rating is not None and RANK[d.rating] > RANK[rating.declared]]
    dims.sort(key=lambda d: -RANK[d.rating or "green"])
    return [reason for d in dims for reason in d.reasons]


def contacts_of(pf: Portfolio, ids: list[str]) -> list[Contact]:
    out = []
    for pid in ids:
        person = pf.people.get(pid)
        if person is None:
            out.append(Contact(pid, pid, None, None, None, None))
        else:
            out.append(
                Contact(
                    pid, person.name, person.role, person.organisation, person.phone, person.email
                )
            )
    return out


def build_paper(pf: Portfolio, paper_id: str) -> PaperContext:
    """Compute everything paper ``paper_id`` shows, as of its meeting date."""
    paper = pf.papers.get(paper_id)
    if paper is None:
        raise PaperNotFound(paper_id)
    on = paper.meeting
    board = pf.boards.get(paper.board)
    prev = previous_paper(pf, paper)
    cycle = cadence_months(board)
    since = prev.meeting if prev is not None else add_months(on, -cycle)
    work = [
        w
        for w in scope_work(pf, paper.scope)
        if prev is None or not (w.closed and w.closed <= prev.meeting)
    ]
    live = [w for w in work if not is_closed(w, on)]
    author = pf.people.get(paper.author) if paper.author else None

    dashboard = [_dashboard_row(pf, w, rate(w, pf, on), on) for w in work]
    rows = [(w, m) for w in work for m in w.milestones]
    live_rows = [(w, m) for w in live for m in w.milestones]
    upcoming = next_meeting(paper, board)
    achieved_rows = sorted(
        (
            milestone_row(pf, w, m, on)
            for w, m in rows
            if m.actual is not None and since < m.actual <= on
        ),
        key=lambda r: (r.actual or r.due, r.id),
    )
    due_rows = sorted(
        (
            milestone_row(pf, w, m, on)
            for w, m in live_rows
            if not achieved(m, on) and on <= m.due <= upcoming
        ),
        key=lambda r: (r.due, r.id),
    )
    overdue_rows = sorted(
        (milestone_row(pf, w, m, on) for w, m in live_rows if overdue_days(m, on) > 0),
        key=lambda r: (-r.days_overdue, r.id),
    )
    decisions = [
        DecisionNeeded(w.id, w.name, text, latest.date)
        for w in live
        if (latest := latest_update(w, on)) is not None
        for text in latest.decisions_needed
    ]
    shown: dict[str, list[MilestoneRow]] = {}
    for row in [*overdue_rows, *achieved_rows, *due_rows]:
        shown.setdefault(row.work_id, []).append(row)
    gantt = [
        GanttSection(
            w.name,
            [(r.id, r.title, r.actual or r.due) for r in sorted(ms, key=lambda r: (r.due, r.id))],
        )
        for w in work
        if (ms := shown.get(w.id))
    ]
    benefit_rows = benefits_of(pf, work, on)
    return PaperContext(
        header=Header(
            paper_id=paper.id,
            board_id=paper.board,
            board=board.name if board is not None else paper.board,
            meeting=on,
            title=paper.title,
            author=author.name if author else paper.author,
            author_role=author.role if author else None,
            classification=(paper.classification or "unrestricted").capitalize(),
        ),
        as_of=on,
        summary=paper.summary,
        recommendations=list(paper.recommendations),
        sections=[Section(s.heading, s.body, s.after) for s in paper.sections],
        previous_meeting=prev.meeting if prev is not None else None,
        next_meeting=upcoming,
        dashboard=dashboard,
        achieved=achieved_rows,
        due=due_rows,
        overdue=overdue_rows,
        key_risks=key_risks(pf, live, on),
        escalation_score=pf.settings.escalation_score,
        finance=finance_of(work),
        benefits=benefit_rows,
        decisions=decisions,
        changes=changes_between(pf, work, since, on, prev.id if prev is not None else None),
        contacts=contacts_of(pf, paper.contact or ([paper.author] if paper.author else [])),
        gantt=gantt,
        issues=open_issues(pf, live, on),
        decisions_taken=decisions_taken(pf, work, since, on),
        benefits_total=benefits_total(benefit_rows),
        committee=committee_of(pf, paper),
        risk_bands={"red": pf.settings.risk_bands.red, "amber": pf.settings.risk_bands.amber},
    )
