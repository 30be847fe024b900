"""A project's one-page highlight report, computed as of a date and built before rendering.

:func:`build_highlight` gathers the project's rating (:mod:`pmo.rag`), its latest
update's summary, achievements, next steps and decisions needed, its milestones (with a
gantt), its open risks (highest score first, from the risk register) and open issues, and
its money. Everything counts as it stood on the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmo.asof import achieved, issue_open, latest_update
from pmo.portfolio import Portfolio
from pmo.rag import Rating, rate
from pmo.records import Issue, Programme, Project, Update, Work
from pmo.reports.paper import (
    FinanceRow,
    GanttSection,
    KeyRisk,
    MilestoneRow,
    finance_row,
    key_risk_row,
    milestone_row,
)
from pmo.reports.risks import build_register

_PRIORITY = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class WorkNotFound(Exception):
    """No programme or project with that id."""


@dataclass(slots=True)
class IssueRow:
    """An issue open on the as-of date."""

    id: str
    title: str
    owner: str
    priority: str
    raised: dt.date | None


@dataclass(slots=True)
class HighlightContext:
    """Everything the highlight template is given."""

    as_of: dt.date
    kind: str
    id: str
    name: str
    programme: str | None
    lead: str
    sponsor: str | None
    rating: Rating
    update: Update | None
    milestones: list[MilestoneRow]
    risks: list[KeyRisk]
    issues: list[IssueRow]
    finance: FinanceRow | None
    gantt: list[GanttSection] = field(default_factory=list)


def build_highlight(pf: Portfolio, work_id: str, as_of: dt.date) -> HighlightContext:
    """The highlight report of programme or project ``work_id`` as of ``as_of``."""
    work: Work | None = pf.find_work(work_id)
    if work is None:
        raise WorkNotFound(work_id)
    register = build_register(
        pf,
        as_of,
        project=work.id if isinstance(work, Project) else None,
        programme=work.id if isinstance(work, Programme) else None,
    )
    milestones = sorted(work.milestones, key=lambda m: (m.due, m.id))
    programme = None
    if isinstance(work, Project):
        parent = pf.programmes.get(work.programme)
        programme = parent.name if parent is not None else work.programme
    issues = sorted(
        (i for i in work.issues if issue_open(i, as_of)),
        key=lambda i: (_PRIORITY[i.priority], i.raised or dt.date.min, i.id),
    )
    return HighlightContext(
        as_of=as_of,
        kind="programme" if isinstance(work, Programme) else "project",
        id=work.id,
        name=work.name,
        programme=programme,
        lead=pf.person_name(work.lead),
        sponsor=pf.person_name(work.sponsor) or None,
        rating=rate(work, pf, as_of),
        update=latest_update(work, as_of),
        milestones=[milestone_row(pf, work, m, as_of) for m in milestones],
        risks=[key_risk_row(pf, row, as_of) for row in register.rows],
        issues=[_issue_row(pf, work, i) for i in issues],
        finance=finance_row(work),
        gantt=[
            GanttSection(
                work.name,
                [
                    (m.id, m.title, m.actual if achieved(m, as_of) and m.actual else m.due)
                    for m in milestones
                ],
            )
        ]
        if milestones
        else [],
    )


def _issue_row(pf: Portfolio, work: Work, issue: Issue) -> IssueRow:
    return IssueRow(
        id=issue.id,
        title=issue.title,
        owner=pf.person_name(issue.owner or work.lead),
        priority=issue.priority,
        raised=issue.raised,
    )
