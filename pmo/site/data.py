"""The one view of the portfolio every page of the site reads: each report built once.

:class:`SiteData` builds the status dashboard, the risk register, the issue and decision
logs, the milestones and the benefits once, for the whole portfolio as of the site's date,
and groups their rows by programme and project; a page picks its rows from here (never by
building a report per page, which would cost a pass over the portfolio per page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pmo.portfolio import Portfolio
from pmo.rag import Rating
from pmo.records import Paper, Work
from pmo.reports import benefits as benefits_report
from pmo.reports import decisions as decisions_report
from pmo.reports import issues as issues_report
from pmo.reports import milestones as milestones_report
from pmo.reports import risks as risks_report
from pmo.reports import status as status_report
from pmo.reports.rows import MilestoneRow
from pmo.scope import programme_of


class HasWork(Protocol):
    @property
    def work_id(self) -> str: ...


R = TypeVar("R", bound=HasWork)


@dataclass
class SiteData:
    """The portfolio as of the site's date, and each report of it."""

    pf: Portfolio
    as_of: dt.date
    #: The repository (for a paper's own templates), when known.
    root: Path | None = None
    #: The portfolio as it stood on a paper's meeting (what ``pmo paper`` reads).
    paper_portfolio: Callable[[Paper], Portfolio] | None = None
    #: Problems met while building (a paper whose template fails), each one line.
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.pf.settings.name

    @property
    def currency(self) -> str:
        return self.pf.settings.currency

    @cached_property
    def status(self) -> status_report.StatusReport:
        return status_report.build(self.pf, self.as_of)

    @cached_property
    def ratings(self) -> dict[str, Rating]:
        rows = [*self.status.programmes, *self.status.projects]
        return {row.id: row.rating for row in rows}

    @cached_property
    def risks(self) -> risks_report.RiskRegister:
        return risks_report.build(self.pf, self.as_of)

    @cached_property
    def issues(self) -> issues_report.IssueLog:
        return issues_report.build(self.pf, self.as_of)

    @cached_property
    def decisions(self) -> decisions_report.DecisionLog:
        return decisions_report.build(self.pf, self.as_of)

    @cached_property
    def milestones(self) -> milestones_report.MilestoneReport:
        """Every milestone, achieved or not (a work page shows them all)."""
        return milestones_report.build(self.pf, self.as_of, include_done=True)

    @cached_property
    def open_milestones(self) -> milestones_report.MilestoneReport:
        """Milestones not achieved, of work still open (``pmo milestones``)."""
        return milestones_report.build(self.pf, self.as_of)

    @cached_property
    def benefits(self) -> benefits_report.BenefitsReport:
        return benefits_report.build(self.pf, self.as_of)

    @cached_property
    def programme_of(self) -> dict[str, str]:
        """Work id → the id of its programme (a programme's is its own)."""
        return {w.id: programme_of(w) for w in self.pf.work()}

    @cached_property
    def paths(self) -> dict[str, str]:
        """Work id → its page in the site."""
        out = {w.id: f"programmes/{w.id}.html" for w in self.pf.programmes.values()}
        out.update((w.id, f"projects/{w.id}.html") for w in self.pf.projects.values())
        return out

    def kind(self, work_id: str) -> str:
        return "programme" if work_id in self.pf.programmes else "project"

    def rows_of(self, rows: Iterable[R], work: Work) -> list[R]:
        """The rows of ``work``: a project's own; a programme's and all its projects'."""
        index = self._index(id(rows), rows)
        if work.id in self.pf.programmes:
            return index.get(("programme", work.id), [])
        return index.get(("work", work.id), [])

    def _index(self, key: int, rows: Iterable[R]) -> dict[tuple[str, str], list[R]]:
        cache: dict[int, Any] = self.__dict__.setdefault("_indexes", {})
        if key not in cache:
            index: dict[tuple[str, str], list[R]] = {}
            for row in rows:
                index.setdefault(("work", row.work_id), []).append(row)
                programme = self.programme_of.get(row.work_id, row.work_id)
                index.setdefault(("programme", programme), []).append(row)
            cache[key] = (rows, index)  # keep ``rows`` alive: its id stays its own
        found: dict[tuple[str, str], list[R]] = cache[key][1]
        return found

    def milestone_rows(self, work: Work) -> list[MilestoneRow]:
        return self.rows_of(self.milestones.rows, work)
