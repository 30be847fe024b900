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
  **Due**: not achieved by the meeting, not overdue, and due from the meeting to the next.
  **Overdue**: not achieved and late on the meeting date, counted from the earlier of its
  baseline and forecast (a milestone re-forecast later is late from its baseline).
- **Key risks**: open risks at or above the escalation score; if fewer than
  :data:`KEY_RISKS`, the highest-scoring open risks up to that many.
- **Finance**: each project's approved budget, forecast outturn and spend to date;
  variance is forecast less approved (and as a percentage of approved). Totals add
  the rows that have the figure; the total variance adds the rows' variances over the
  approved budgets of those rows. A programme's own budget is shown apart (it is often
  the pot the projects are funded from, so adding it would count money twice).
  The records keep no history of budgets: money is as currently recorded.
- **Benefits**: target, planned to the meeting (the profile) and the sum realised on or
  before it, each benefit rated; a total row of the money benefits (net of disbenefits)
  with the return on cost (see :mod:`pmo.reports.benefits`).
- **Decisions needed**: from each piece of work's latest update on or before the meeting.
- **Changes since the previous paper** (:mod:`pmo.reports.since`): with the records in
  git, from the records as they stood at the two meetings: ratings, milestones
  re-forecast (days moved), risks rescored, budget and benefit-target changes, items
  new, closed and removed. Without history, from dated facts alone (ratings, risks
  raised and closed, milestones achieved and slipped).
- **Source**: a footnote names the state of the records read (a commit, or the working
  tree), so a paper can be rendered again exactly.
- **Contact officers**: ``contact:`` (person ids), else the author.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from pmo.asof import achieved, between, is_closed, latest_update, overdue_days
from pmo.portfolio import Portfolio, SourceState
from pmo.rag import Rating, rate, worse_than_declared
from pmo.records import Board, Paper, Programme, Project, Thresholds, Work
from pmo.reports import benefits, decisions, finance, issues, risks
from pmo.reports.benefits import BenefitTotals
from pmo.reports.committee import Committee, committee_of
from pmo.reports.finance import Finance
from pmo.reports.rows import (
    BenefitRow,
    DecisionRow,
    GanttSection,
    IssueRow,
    MilestoneRow,
    RiskRow,
    gantt_section,
    milestone_row,
)
from pmo.reports.since import Changes, changes_between
from pmo.scope import Scope, select

#: At least this many key risks are shown when fewer reach the escalation score.
KEY_RISKS = 5
#: Months between meetings, by the board's ``meets:`` word.
CADENCE_MONTHS = {
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
#: Boards that meet more often than monthly: days between meetings.
CADENCE_DAYS = {"weekly": 7, "fortnightly": 14}


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
class DecisionNeeded:
    """A decision a lead has asked the board for."""

    work_id: str
    work: str
    decision: str
    asked: dt.date


@dataclass(slots=True)
class Section:
    """A people-written section (markdown)."""

    heading: str
    body: str
    #: Placed after the computed parts.
    after: bool = False


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
    key_risks: list[RiskRow]
    escalation_score: int
    finance: Finance
    benefits: list[BenefitRow]
    #: The money benefits added up, net of disbenefits, with the return on cost.
    benefit_totals: BenefitTotals
    #: The derived ratings' thresholds (the paper says what amber and red mean).
    thresholds: Thresholds
    decisions: list[DecisionNeeded]
    changes: Changes
    contacts: list[Contact]
    gantt: list[GanttSection]
    # Committee-report parts (pmo.reports.committee).
    issues: list[IssueRow] = field(default_factory=list)
    decisions_taken: list[DecisionRow] = field(default_factory=list)
    committee: Committee = field(default_factory=Committee)
    #: The portfolio's currency (pmo.yaml), for amounts outside the templates (charts).
    currency: str = "GBP"
    #: The lowest score of the red and amber risk bands (for the heat map).
    risk_bands: dict[str, int] = field(default_factory=lambda: {"red": 15, "amber": 8})
    #: Which records the paper was computed from, in a sentence (its footnote).
    source: str = ""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end.

    >>> add_months(dt.date(2010, 11, 30), 3)
    datetime.date(2011, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cycles_on(day: dt.date, board: Board | None, cycles: int = 1) -> dt.date:
    """``day`` moved on by ``cycles`` of the board's meetings (back, when negative): days for
    a board meeting weekly or fortnightly (:data:`CADENCE_DAYS`), else months
    (:data:`CADENCE_MONTHS`; 3 when the board or its ``meets:`` is not known)."""
    words = board.meets.strip().lower().replace(" ", "-") if board and board.meets else ""
    if words in CADENCE_DAYS:
        return day + dt.timedelta(days=CADENCE_DAYS[words] * cycles)
    return add_months(day, CADENCE_MONTHS.get(words, DEFAULT_CADENCE_MONTHS) * cycles)


def next_meeting(paper: Paper, board: Board | None) -> dt.date:
    """The paper's ``next_meeting``, else the meeting plus the board's cadence."""
    return paper.next_meeting or cycles_on(paper.meeting, board)


def previous_paper(pf: Portfolio, paper: Paper) -> Paper | None:
    """``previous:``, else the same board's latest paper meeting before this one."""
    if paper.previous is not None:
        return pf.papers.get(paper.previous)
    earlier = [
        p for p in pf.papers.values() if p.board == paper.board and p.meeting < paper.meeting
    ]
    return max(earlier, key=lambda p: (p.meeting, p.id)) if earlier else None


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
            "benefits": rating.benefits.rating,
        },
    )


def _worse_reasons(rating: Rating) -> list[str]:
    """The findings rated worse than declared, in the dimensions rated worse (red ones first)."""
    return [r for _, d in worse_than_declared(rating) for r in d.worse_than(rating.declared)]


def key_risks(pf: Portfolio, work: list[Work], on: dt.date) -> list[RiskRow]:
    """Open risks at or above the escalation score, or at least the top :data:`KEY_RISKS`."""
    ids = {w.id for w in work}
    if not ids:
        return []
    # The register of the paper's work only (not the whole portfolio's), then exactly it.
    register = risks.build(pf, on, Scope(ids=tuple(sorted(ids))))
    rows = [r for r in register.rows if r.work_id in ids]
    # Highest score first, so the escalated (a score at or above the line) come first.
    return rows[: max(KEY_RISKS, sum(r.escalate for r in rows))]


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


def since_of(pf: Portfolio, paper: Paper) -> dt.date:
    """The start of the paper's period: the previous paper's meeting, else one board cycle
    before its own."""
    prev = previous_paper(pf, paper)
    if prev is not None:
        return prev.meeting
    return cycles_on(paper.meeting, pf.boards.get(paper.board), -1)


def source_note(now: SourceState, before: SourceState | None = None) -> str:
    """The paper's footnote: which records its figures come from.

    >>> source_note(SourceState(None, None, True))
    'Figures from the records in the working tree, not committed to git.'
    >>> note = source_note(SourceState(None, None, True), SourceState(None, None, False))
    >>> print(note.partition("git. ")[2])
    Changes since the previous report: no commit held the records then.
    """
    from pmo.formats import date

    def state(s: SourceState) -> str:
        if s.commit is None:
            return "the records in the working tree, not committed to git"
        when = f" of {date(s.date.date())}" if s.date is not None else ""
        return f"the records at commit {s.commit[:10]}{when}"

    text = f"Figures from {state(now)}."
    if before is not None:
        if before.commit is None and not before.working_tree:
            text += " Changes since the previous report: no commit held the records then."
        else:
            text += f" Changes since the previous report compared with {state(before)}."
    return text


def build_paper(pf: Portfolio, paper_id: str, before: Portfolio | None = None) -> PaperContext:
    """Compute everything paper ``paper_id`` shows, as of its meeting date; ``before``: the
    records as they stood at the start of its period (:func:`since_of`), when history has
    them, for the changes since the previous paper."""
    paper = pf.papers.get(paper_id)
    if paper is None:
        raise PaperNotFound(paper_id)
    on = paper.meeting
    board = pf.boards.get(paper.board)
    prev = previous_paper(pf, paper)
    since = since_of(pf, paper)
    in_scope = Scope(ids=tuple(paper.scope))
    work = [
        w
        for w in select(pf, in_scope)
        if prev is None or not (w.closed and w.closed <= prev.meeting)
    ]
    live = [w for w in work if not is_closed(w, on)]
    author = pf.people.get(paper.author) if paper.author else None

    dashboard = [_dashboard_row(pf, w, rate(w, pf, on), on) for w in work]
    rows = [(w, m) for w in work for m in w.milestones]
    live_rows = [(w, m) for w in live for m in w.milestones]
    upcoming = next_meeting(paper, board)
    achieved_rows = sorted(
        (milestone_row(pf, w, m, on) for w, m in rows if between(m.actual, since, on)),
        key=lambda r: (r.actual or r.due, r.id),
    )
    due_rows = sorted(
        (
            milestone_row(pf, w, m, on)
            for w, m in live_rows
            if not achieved(m, on) and on <= m.due <= upcoming and not overdue_days(m, on)
        ),
        key=lambda r: (r.due, r.id),
    )
    overdue_rows = sorted(
        (milestone_row(pf, w, m, on) for w, m in live_rows if overdue_days(m, on) > 0),
        key=lambda r: (-r.days_overdue, r.id),
    )
    needed = [
        DecisionNeeded(w.id, w.name, text, latest.date)
        for w in live
        if (latest := latest_update(w, on)) is not None
        for text in latest.decisions_needed
    ]
    shown: dict[str, list[MilestoneRow]] = {}
    for row in [*overdue_rows, *achieved_rows, *due_rows]:
        shown.setdefault(row.work_id, []).append(row)
    gantt = [gantt_section(w.name, ms) for w in work if (ms := shown.get(w.id))]
    benefit_report = benefits.build(pf, on, work=work)
    work_ids, live_ids = {w.id for w in work}, {w.id for w in live}
    taken = decisions.build(pf, on, in_scope).rows
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
        finance=finance.build(work),
        benefits=benefit_report.rows,
        benefit_totals=benefit_report.total,
        thresholds=pf.settings.thresholds,
        decisions=needed,
        changes=changes_between(pf, work, since, on, prev.id if prev is not None else None, before),
        contacts=contacts_of(pf, paper.contact or ([paper.author] if paper.author else [])),
        gantt=gantt,
        issues=[r for r in issues.build(pf, on, in_scope).rows if r.work_id in live_ids],
        decisions_taken=sorted(
            (r for r in taken if r.work_id in work_ids and between(r.date, since, on)),
            key=lambda r: (r.date, r.id),
        ),
        committee=committee_of(pf, paper),
        currency=pf.settings.currency,
        risk_bands={"red": pf.settings.risk_bands.red, "amber": pf.settings.risk_bands.amber},
        source=source_note(pf.source, before.source if before is not None else None),
    )
