"""Milestones across the portfolio behind ``pmo milestones``: what is due, slipped or late.

>>> import datetime as dt
>>> from pmo.records import Milestone
>>> m = Milestone(id="m1", title="Go live", baseline=dt.date(2010, 9, 30),
...               forecast=dt.date(2010, 10, 31))
>>> state_of(m, dt.date(2010, 11, 2))
'overdue 2 days'
>>> state_of(m, dt.date(2010, 10, 31))
'due today'
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from pmo.asof import achieved, is_closed, overdue_days
from pmo.portfolio import Portfolio
from pmo.records import Milestone, Work
from pmo.tabular import Cell, Table, to_csv, to_markdown, to_text


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def state_of(m: Milestone, on: dt.date) -> str:
    """``done``, ``overdue N days``, ``due today`` or ``due in N days`` at ``on``."""
    if achieved(m, on):
        return "done"
    late = overdue_days(m, on)
    if late:
        return f"overdue {_days(late)}"
    ahead = (m.due - on).days
    return "due today" if ahead == 0 else f"due in {_days(ahead)}"


@dataclass(slots=True)
class MilestoneRow:
    work: Work
    milestone: Milestone
    state: str
    overdue_days: int
    slip_days: int


@dataclass(slots=True)
class MilestoneReport:
    """Milestones not achieved by the as-of date (or all of them), soonest due first."""

    as_of: dt.date
    rows: list[MilestoneRow] = field(default_factory=list)
    within: int | None = None
    overdue_only: bool = False


def build(
    pf: Portfolio,
    as_of: dt.date,
    *,
    within: int | None = None,
    overdue: bool = False,
    programme: str | None = None,
    include_done: bool = False,
) -> MilestoneReport:
    """Open milestones of open work at ``as_of``: ``within`` N days keeps those due on or
    before ``as_of + N`` (overdue ones included); ``overdue`` keeps only the overdue ones.
    ``include_done`` adds milestones already achieved (and those of closed work).
    """
    report = MilestoneReport(as_of, within=within, overdue_only=overdue)
    horizon = as_of + dt.timedelta(days=within) if within is not None else None
    for work in pf.work():
        if programme is not None and work.id != programme:
            owner = getattr(work, "programme", None)
            if owner != programme:
                continue
        if is_closed(work, as_of) and not include_done:
            continue
        for m in work.milestones:
            done = achieved(m, as_of)
            if done and not include_done:
                continue
            late = overdue_days(m, as_of)
            if overdue and not late:
                continue
            if horizon is not None and (done or m.due > horizon):
                continue
            report.rows.append(
                MilestoneRow(work, m, state_of(m, as_of), late, (m.due - m.baseline).days)
            )
    report.rows.sort(key=lambda r: (r.milestone.due, r.work.id, r.milestone.id))
    return report


def to_table(report: MilestoneReport) -> Table:
    what = "Overdue milestones" if report.overdue_only else "Milestones"
    if report.within is not None:
        what += f" due within {_days(report.within)}"
    table = Table(
        ["Work", "Milestone", "Title", "Baseline", "Forecast", "Actual", "Slip", "State", "Gate"],
        title=f"{what} as of {report.as_of}",
        numeric={"Slip"},
        caption=f"{len(report.rows)} milestones",
    )
    for row in report.rows:
        m = row.milestone
        state_style = "bold red" if row.overdue_days else None
        table.add(
            row.work.id,
            m.id,
            m.title,
            str(m.baseline),
            str(m.due),
            str(m.actual) if m.actual and m.actual <= report.as_of else "",
            Cell(f"{row.slip_days}d" if row.slip_days else "", "dark_orange"),
            Cell(row.state, state_style),
            "gate" if m.gate else "",
        )
    return table


def render_text(report: MilestoneReport) -> str:
    return to_text(to_table(report))


def render_markdown(report: MilestoneReport) -> str:
    return to_markdown(to_table(report))


def render_csv(report: MilestoneReport) -> str:
    return to_csv(to_table(report))


def render_json(report: MilestoneReport) -> str:
    data: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "milestones": [
            {
                "id": r.milestone.id,
                "title": r.milestone.title,
                "work": r.work.id,
                "baseline": r.milestone.baseline.isoformat(),
                "forecast": r.milestone.due.isoformat(),
                "actual": (
                    r.milestone.actual.isoformat()
                    if r.milestone.actual and r.milestone.actual <= report.as_of
                    else None
                ),
                "slip_days": r.slip_days,
                "overdue_days": r.overdue_days,
                "state": r.state,
                "gate": r.milestone.gate,
            }
            for r in report.rows
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
