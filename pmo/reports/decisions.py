"""The decision log: decisions taken by the reporting date, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.asof import decision_known
from pmo.portfolio import Portfolio
from pmo.reports.rows import DecisionRow, decision_row
from pmo.scope import Scope, select
from pmo.tabular import Table


@dataclass(slots=True)
class DecisionLog:
    """The decision log as of a date, newest first."""

    as_of: dt.date
    rows: list[DecisionRow]
    scope: Scope = field(default_factory=Scope)
    by: str | None = None
    since: dt.date | None = None

    def table(self) -> Table:
        return decisions_table(self)

    def csv_table(self) -> Table:
        return decisions_csv_table(self)

    def data(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "decisions": [decision_json(r) for r in self.rows]}


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    by: str | None = None,
    since: dt.date | None = None,
) -> DecisionLog:
    """Decisions of the work in ``scope`` taken on or before ``as_of`` (and on or after
    ``since``), newest first; ``by`` keeps those taken by that board or person."""
    rows = [
        decision_row(pf, work, d)
        for work in select(pf, scope)
        for d in work.decisions
        if decision_known(d, as_of)
        and (since is None or d.date >= since)
        and (by is None or d.by == by)
    ]
    rows.sort(key=lambda row: row.decision.id)
    rows.sort(key=lambda row: row.decision.date, reverse=True)
    return DecisionLog(as_of, rows, scope or Scope(), by, since)


def _title(log: DecisionLog) -> str:
    parts = [log.scope.describe(), f"by {log.by}" if log.by else ""]
    parts.append(f"since {log.since}" if log.since else "")
    filters = ", ".join(p for p in parts if p)
    return f"Decision log as of {log.as_of}" + (f" ({filters})" if filters else "")


def decisions_table(log: DecisionLog) -> Table:
    """The decision log for reading (terminal, plain text or markdown)."""
    table = Table(
        ["Date", "ID", "Decision", "Work", "By", "Outcome"],
        title=_title(log),
        caption=f"{formats.plural(len(log.rows), 'decision')}.",
        shrink={"Decision": 16, "Outcome": 16, "By": 10, "Work": 10},
        # A narrow terminal keeps the date, id, decision and outcome.
        drop=("By", "Work"),
    )
    for row in log.rows:
        d = row.decision
        table.add(d.date.isoformat(), d.id, d.title, row.work_id, row.by, d.outcome)
    return table


def decisions_csv_table(log: DecisionLog) -> Table:
    """The decision log for spreadsheets."""
    table = Table(["Date", "ID", "Decision", "Project", "Programme", "By", "Outcome"])
    for row in log.rows:
        d = row.decision
        table.add(
            d.date.isoformat(), d.id, d.title, row.work_id, row.programme_id, row.by, d.outcome
        )
    return table


def decision_json(row: DecisionRow) -> dict[str, Any]:
    d = row.decision
    return {
        "id": d.id,
        "date": d.date.isoformat(),
        "title": d.title,
        "project": row.work_id,
        "programme": row.programme_id,
        "by": d.by,
        "by_name": row.by,
        "outcome": d.outcome,
        "description": d.description,
    }
