"""Milestones across the portfolio behind ``pmo milestones``: what is due, slipped or late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.asof import achieved, is_closed
from pmo.portfolio import Portfolio
from pmo.reports.rows import MilestoneRow, milestone_row
from pmo.scope import Scope, select
from pmo.tabular import Cell, Table


@dataclass(slots=True)
class MilestoneReport:
    """Milestones not achieved by the as-of date (or all of them), soonest due first."""

    as_of: dt.date
    rows: list[MilestoneRow] = field(default_factory=list)
    within: int | None = None
    overdue_only: bool = False

    def table(self) -> Table:
        return to_table(self)

    def csv_table(self) -> Table:
        return to_table(self)

    def data(self) -> dict[str, Any]:
        return to_data(self)


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    within: int | None = None,
    overdue: bool = False,
    include_done: bool = False,
) -> MilestoneReport:
    """Open milestones of open work in ``scope`` at ``as_of``: ``within`` N days keeps those
    due on or before ``as_of + N`` (overdue ones included); ``overdue`` keeps only the
    overdue ones. ``include_done`` adds milestones already achieved (and those of closed work).
    """
    report = MilestoneReport(as_of, within=within, overdue_only=overdue)
    horizon = as_of + dt.timedelta(days=within) if within is not None else None
    for work in select(pf, scope):
        if is_closed(work, as_of) and not include_done:
            continue
        for m in work.milestones:
            done = achieved(m, as_of)
            if done and not include_done:
                continue
            row = milestone_row(pf, work, m, as_of)
            if overdue and not row.days_overdue:
                continue
            if horizon is not None and (done or m.due > horizon):
                continue
            report.rows.append(row)
    report.rows.sort(key=lambda r: (r.due, r.work_id, r.id))
    return report


def to_table(report: MilestoneReport) -> Table:
    what = "Overdue milestones" if report.overdue_only else "Milestones"
    if report.within is not None:
        what += f" due within {formats.days(report.within)}"
    table = Table(
        ["Work", "Milestone", "Title", "Baseline", "Forecast", "Actual", "Slip", "State", "Gate"],
        title=f"{what} as of {report.as_of}",
        numeric={"Slip"},
        caption=f"{formats.plural(len(report.rows), 'milestone')}.",
        shrink={"Title": 16, "Work": 10},
        # A narrow terminal keeps the id, forecast, slip and state.
        drop=("Work", "Gate", "Actual", "Baseline", "Title"),
    )
    for row in report.rows:
        state_style = "bold red" if row.days_overdue else None
        table.add(
            row.work_id,
            row.id,
            row.title,
            str(row.baseline),
            str(row.due),
            str(row.actual or ""),
            Cell(f"{row.slip_days}d" if row.slip_days else "", "dark_orange"),
            Cell(row.state, state_style),
            "gate" if row.gate else "",
        )
    return table


def to_data(report: MilestoneReport) -> dict[str, Any]:
    """``{"as_of": ..., "milestones": [...]}``."""
    return {
        "as_of": report.as_of.isoformat(),
        "milestones": [
            {
                "id": r.id,
                "title": r.title,
                "work": r.work_id,
                "baseline": r.baseline.isoformat(),
                "forecast": r.due.isoformat(),
                "actual": formats.iso(r.actual),
                "slip_days": r.slip_days,
                "overdue_days": r.days_overdue,
                "state": r.state,
                "gate": r.gate,
            }
            for r in report.rows
        ],
    }
