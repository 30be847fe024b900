"""The rest of the RAID log: the issues log (by priority and age) and the decision log.

Like the risk register: build a result as of a date (:func:`build_issues`,
:func:`build_decisions`), then render it as a table, markdown, CSV or JSON.
Issues raised and decisions taken after the reporting date do not count yet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pmo.asof import decision_known, issue_age, issue_open
from pmo.portfolio import Portfolio
from pmo.records import Decision, Issue, Work
from pmo.reports.risks import programme_of
from pmo.tabular import Cell, Table, to_csv, to_markdown

#: Issue priorities, most urgent first.
PRIORITIES = ("critical", "high", "medium", "low")
PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}
PRIORITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "bold dark_orange",
    "low": "green",
}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _filters(**named: str | None) -> str:
    return ", ".join(f"{k} {v}" for k, v in named.items() if v is not None)


# --- issues ----------------------------------------------------------------------------------


@dataclass(slots=True)
class IssueRow:
    """One issue as of the log's date."""

    issue: Issue
    work_id: str
    programme_id: str
    owner_name: str
    open: bool
    #: Days since raised, as of the log's date (None when no raised date).
    age: int | None

    @property
    def status(self) -> str:
        return "open" if self.open else "closed"


@dataclass(slots=True)
class IssueLog:
    """The issues log: open issues (``include_closed``: closed too), most urgent first."""

    as_of: dt.date
    rows: list[IssueRow]
    project: str | None = None
    programme: str | None = None
    owner: str | None = None
    priority: str | None = None
    include_closed: bool = False


def issue_key(row: IssueRow) -> tuple[int, int, int, str]:
    """Open before closed, then priority (critical first), then age (oldest first), then id."""
    age = row.age if row.age is not None else -1
    return (not row.open, PRIORITY_RANK[row.issue.priority], -age, row.issue.id)


def _works(pf: Portfolio, project: str | None, programme: str | None) -> list[Work]:
    return [
        w
        for w in pf.work()
        if (project is None or w.id == project)
        and (programme is None or programme_of(w) == programme)
    ]


def build_issues(
    pf: Portfolio,
    as_of: dt.date,
    *,
    project: str | None = None,
    programme: str | None = None,
    owner: str | None = None,
    priority: str | None = None,
    include_closed: bool = False,
) -> IssueLog:
    """The issues open on ``as_of`` (``include_closed``: every issue raised by then).

    ``priority`` keeps issues of that priority or more urgent (``high``: critical and high).
    """
    rows = []
    for work in _works(pf, project, programme):
        for issue in work.issues:
            if issue.raised is not None and issue.raised > as_of:
                continue
            is_open = issue_open(issue, as_of)
            if not include_closed and not is_open:
                continue
            if owner is not None and issue.owner != owner:
                continue
            if priority is not None and PRIORITY_RANK[issue.priority] > PRIORITY_RANK[priority]:
                continue
            rows.append(
                IssueRow(
                    issue=issue,
                    work_id=work.id,
                    programme_id=programme_of(work),
                    owner_name=pf.person_name(issue.owner),
                    open=is_open,
                    age=issue_age(issue, as_of),
                )
            )
    rows.sort(key=issue_key)
    return IssueLog(as_of, rows, project, programme, owner, priority, include_closed)


def issues_table(log: IssueLog) -> Table:
    """The issues log for reading (terminal or markdown)."""
    columns = ["ID", "Issue", "Work", "Owner", "Priority", "Raised", "Age (days)"]
    if log.include_closed:
        columns.append("Status")
    filters = _filters(
        project=log.project, programme=log.programme, owner=log.owner, priority=log.priority
    )
    table = Table(
        columns,
        title=f"Issues as of {log.as_of}" + (f" ({filters})" if filters else ""),
        numeric={"Age (days)"},
    )
    for row in log.rows:
        i = row.issue
        cells: list[Cell | str | int | None] = [
            i.id,
            i.title,
            row.work_id,
            row.owner_name,
            Cell(i.priority, PRIORITY_STYLE[i.priority]),
            _date(i.raised),
            row.age,
        ]
        if log.include_closed:
            cells.append(row.status)
        table.add(*cells)
    n = sum(1 for row in log.rows if row.open)
    table.caption = f"{n} open {'issue' if n == 1 else 'issues'}."
    return table


def issues_csv_table(log: IssueLog) -> Table:
    """The issues log for spreadsheets."""
    table = Table(
        [
            "ID",
            "Issue",
            "Project",
            "Programme",
            "Owner",
            "Priority",
            "Raised",
            "Age (days)",
            "Status",
            "Closed",
            "Resolution",
        ]
    )
    for row in log.rows:
        i = row.issue
        table.add(
            i.id,
            i.title,
            row.work_id,
            row.programme_id,
            row.owner_name,
            i.priority,
            _date(i.raised),
            row.age,
            row.status,
            _date(i.closed) if not row.open else None,
            i.resolution if not row.open else None,
        )
    return table


def issues_json(log: IssueLog) -> str:
    """``{"as_of": ..., "issues": [...]}``."""
    items = [
        {
            "id": row.issue.id,
            "title": row.issue.title,
            "project": row.work_id,
            "programme": row.programme_id,
            "owner": row.issue.owner,
            "owner_name": row.owner_name,
            "priority": row.issue.priority,
            "raised": _date(row.issue.raised),
            "age_days": row.age,
            "status": row.status,
            "closed": _date(row.issue.closed) if not row.open else None,
            "resolution": row.issue.resolution if not row.open else None,
        }
        for row in log.rows
    ]
    data = {"as_of": log.as_of.isoformat(), "issues": items}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- decisions -------------------------------------------------------------------------------


@dataclass(slots=True)
class DecisionRow:
    """One decision of the log."""

    decision: Decision
    work_id: str
    programme_id: str
    #: The board's or person's name that took it ("" when not recorded).
    by_name: str


@dataclass(slots=True)
class DecisionLog:
    """The decision log as of a date, newest first."""

    as_of: dt.date
    rows: list[DecisionRow]
    project: str | None = None
    programme: str | None = None
    by: str | None = None
    since: dt.date | None = None


def decider_name(pf: Portfolio, id_: str | None) -> str:
    """A board's name, else a person's name, else the id itself."""
    if id_ is None:
        return ""
    board = pf.boards.get(id_)
    return board.name if board is not None else pf.person_name(id_)


def build_decisions(
    pf: Portfolio,
    as_of: dt.date,
    *,
    project: str | None = None,
    programme: str | None = None,
    by: str | None = None,
    since: dt.date | None = None,
) -> DecisionLog:
    """Decisions taken on or before ``as_of`` (and on or after ``since``), newest first.

    ``by`` keeps decisions taken by that board or person.
    """
    rows = [
        DecisionRow(d, work.id, programme_of(work), decider_name(pf, d.by))
        for work in _works(pf, project, programme)
        for d in work.decisions
        if decision_known(d, as_of)
        and (since is None or d.date >= since)
        and (by is None or d.by == by)
    ]
    rows.sort(key=lambda row: row.decision.id)
    rows.sort(key=lambda row: row.decision.date, reverse=True)
    return DecisionLog(as_of, rows, project, programme, by, since)


def decisions_table(log: DecisionLog) -> Table:
    """The decision log for reading (terminal or markdown)."""
    filters = _filters(
        project=log.project, programme=log.programme, by=log.by, since=_date(log.since)
    )
    table = Table(
        ["Date", "ID", "Decision", "Work", "By", "Outcome"],
        title=f"Decision log as of {log.as_of}" + (f" ({filters})" if filters else ""),
    )
    for row in log.rows:
        d = row.decision
        table.add(d.date.isoformat(), d.id, d.title, row.work_id, row.by_name, d.outcome)
    n = len(log.rows)
    table.caption = f"{n} {'decision' if n == 1 else 'decisions'}."
    return table


def decisions_csv_table(log: DecisionLog) -> Table:
    """The decision log for spreadsheets."""
    table = Table(["Date", "ID", "Decision", "Project", "Programme", "By", "Outcome"])
    for row in log.rows:
        d = row.decision
        table.add(
            d.date.isoformat(), d.id, d.title, row.work_id, row.programme_id, row.by_name, d.outcome
        )
    return table


def decisions_json(log: DecisionLog) -> str:
    """``{"as_of": ..., "decisions": [...]}``."""
    items: list[dict[str, Any]] = [
        {
            "id": row.decision.id,
            "date": row.decision.date.isoformat(),
            "title": row.decision.title,
            "project": row.work_id,
            "programme": row.programme_id,
            "by": row.decision.by,
            "by_name": row.by_name,
            "outcome": row.decision.outcome,
            "description": row.decision.description,
        }
        for row in log.rows
    ]
    data = {"as_of": log.as_of.isoformat(), "decisions": items}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_issues_markdown(log: IssueLog) -> str:
    return to_markdown(issues_table(log))


def render_issues_csv(log: IssueLog) -> str:
    return to_csv(issues_csv_table(log))


def render_decisions_markdown(log: DecisionLog) -> str:
    return to_markdown(decisions_table(log))


def render_decisions_csv(log: DecisionLog) -> str:
    return to_csv(decisions_csv_table(log))
