"""The issues log: open issues, most urgent first, then oldest first, as of a date.

Issues raised after the reporting date do not count yet; one closed after it was open then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.asof import issue_known
from pmo.portfolio import Portfolio
from pmo.reports.rows import PRIORITY_RANK, IssueRow, issue_order, issue_row
from pmo.scope import Scope, select
from pmo.tabular import Cell, Table

PRIORITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "bold dark_orange",
    "low": "green",
}


@dataclass(slots=True)
class IssueLog:
    """The issues log: open issues (``include_closed``: closed too), most urgent first."""

    as_of: dt.date
    rows: list[IssueRow]
    scope: Scope = field(default_factory=Scope)
    priority: str | None = None
    include_closed: bool = False

    def table(self) -> Table:
        return issues_table(self)

    def csv_table(self) -> Table:
        return issues_csv_table(self)

    def data(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "issues": [issue_json(r) for r in self.rows]}


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    priority: str | None = None,
    include_closed: bool = False,
) -> IssueLog:
    """The issues open on ``as_of`` (``include_closed``: every issue raised by then) of the
    work in ``scope``; ``priority`` keeps that priority or more urgent (``high``: critical
    and high)."""
    scope = scope or Scope()
    rows = [
        issue_row(pf, work, issue, as_of)
        for work in select(pf, scope)
        for issue in work.issues
        if issue_known(issue, as_of)
        and scope.owns(issue.owner)
        and (priority is None or PRIORITY_RANK[issue.priority] <= PRIORITY_RANK[priority])
    ]
    if not include_closed:
        rows = [row for row in rows if row.open]
    rows.sort(key=issue_order)
    return IssueLog(as_of, rows, scope, priority, include_closed)


def _title(log: IssueLog) -> str:
    filters = ", ".join(
        p for p in (log.scope.describe(), log.priority and f"priority {log.priority}") if p
    )
    return f"Issues as of {log.as_of}" + (f" ({filters})" if filters else "")


def issues_table(log: IssueLog) -> Table:
    """The issues log for reading (terminal, plain text or markdown)."""
    columns = ["ID", "Issue", "Work", "Owner", "Priority", "Raised", "Age (days)"]
    if log.include_closed:
        columns.append("Status")
    n = sum(1 for row in log.rows if row.open)
    table = Table(
        columns,
        title=_title(log),
        numeric={"Age (days)"},
        caption=f"{formats.plural(n, 'open issue')}.",
        shrink={"Issue": 16, "Work": 10, "Owner": 10},
        # A narrow terminal keeps the id, priority and age.
        drop=("Raised", "Owner", "Work", "Issue"),
    )
    for row in log.rows:
        cells: list[Cell | str | int | None] = [
            row.id,
            row.title,
            row.work_id,
            row.owner,
            Cell(row.priority, PRIORITY_STYLE[row.priority]),
            formats.iso(row.raised),
            row.age,
        ]
        if log.include_closed:
            cells.append(row.status)
        table.add(*cells)
    return table


def issues_csv_table(log: IssueLog) -> Table:
    """The issues log for spreadsheets."""
    table = Table(
        ["ID", "Issue", "Project", "Programme", "Owner", "Priority", "Raised", "Age (days)",
         "Status", "Closed", "Resolution"]
    )  # fmt: skip
    for row in log.rows:
        i = row.issue
        table.add(
            row.id, row.title, row.work_id, row.programme_id, row.owner, row.priority,
            formats.iso(row.raised), row.age, row.status,
            formats.iso(i.closed) if not row.open else None,
            i.resolution if not row.open else None,
        )  # fmt: skip
    return table


def issue_json(row: IssueRow) -> dict[str, Any]:
    i = row.issue
    return {
        "id": row.id,
        "title": row.title,
        "project": row.work_id,
        "programme": row.programme_id,
        "owner": i.owner,
        "owner_name": row.owner,
        "priority": row.priority,
        "raised": formats.iso(row.raised),
        "age_days": row.age,
        "status": row.status,
        "closed": formats.iso(i.closed) if not row.open else None,
        "resolution": i.resolution if not row.open else None,
    }
