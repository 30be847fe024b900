"""A programme's or project's one-page highlight report, computed as of a date.

:func:`build` gathers the work's rating (:mod:`pmo.rag`), its latest update's summary,
achievements, next steps and decisions needed, its milestones (with a gantt), its open
risks (highest score first, as the risk register orders them) and open issues, and its
money. Everything counts as it stood on the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmo.portfolio import Portfolio
from pmo.rag import Rating, rate
from pmo.records import Project, Update, Work
from pmo.reports import issues, risks
from pmo.reports.rows import (
    FinanceRow,
    GanttSection,
    IssueRow,
    MilestoneRow,
    RiskRow,
    finance_row,
    gantt_section,
    milestone_row,
)
from pmo.scope import Scope


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
    risks: list[RiskRow]
    issues: list[IssueRow]
    finance: FinanceRow | None
    gantt: list[GanttSection] = field(default_factory=list)


def build(pf: Portfolio, work: Work, as_of: dt.date) -> HighlightContext:
    """The highlight report of a programme or project as of ``as_of``."""
    from pmo.asof import latest_update

    scope = Scope(project=work.id) if isinstance(work, Project) else Scope(programme=work.id)
    milestones = [
        milestone_row(pf, work, m, as_of)
        for m in sorted(work.milestones, key=lambda m: (m.due, m.id))
    ]
    programme = None
    if isinstance(work, Project):
        parent = pf.programmes.get(work.programme)
        programme = parent.name if parent is not None else work.programme
    return HighlightContext(
        as_of=as_of,
        kind="project" if isinstance(work, Project) else "programme",
        id=work.id,
        name=work.name,
        programme=programme,
        lead=pf.person_name(work.lead),
        sponsor=pf.person_name(work.sponsor) or None,
        rating=rate(work, pf, as_of),
        update=latest_update(work, as_of),
        milestones=milestones,
        risks=risks.build(pf, as_of, scope).rows,
        issues=[r for r in issues.build(pf, as_of, scope).rows if r.work_id == work.id],
        finance=finance_row(work),
        gantt=[gantt_section(work.name, milestones)] if milestones else [],
    )
