"""Why a programme or project is rated as it is, behind ``pmo status --explain ID``.

One row per piece of evidence: the declared rating and the update it comes from, the
derived rating, each dimension (schedule, cost, risk, benefits) with every reason behind
it (or what its rating means when nothing is wrong), then each flag (WATERMELON, STALE)
with the dimensions and evidence that raised it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pmo import formats
from pmo.portfolio import Portfolio
from pmo.rag import Dimension, Flag, Rating, dimensions, flags_of, rate
from pmo.records import Settings, Work
from pmo.reports.rows import dimension_json
from pmo.tabular import Cell, Table, rag_cell


@dataclass(slots=True)
class Explanation:
    """One piece of work's rating at a date and the evidence behind every part of it."""

    as_of: dt.date
    work: Work
    rating: Rating
    settings: Settings
    flags: list[Flag]

    def table(self) -> Table:
        return to_table(self)

    def csv_table(self) -> Table:
        return to_table(self, csv=True)

    def data(self) -> dict[str, Any]:
        return to_data(self)


def build(pf: Portfolio, work: Work, as_of: dt.date) -> Explanation:
    rating = rate(work, pf, as_of)
    return Explanation(
        as_of, work, rating, pf.settings, flags_of(rating, pf.settings.stale_after_days)
    )


def clear(name: str, d: Dimension, settings: Settings) -> str:
    """What a dimension with no reasons means: green with nothing wrong, or no evidence."""
    t = settings.thresholds
    if d.rating is None:
        return {
            "schedule": "no evidence: no milestones and no end dates",
            "cost": "no evidence: no approved budget, or neither a forecast nor spend",
            "risk": "no evidence: no risk raised by then",
            "benefits": "no evidence: no benefit with a plan (a profile, or a target and due date)",
        }[name]
    return {
        "schedule": f"no milestone late, none forecast more than {formats.days(t.slip_amber_days)}"
        " after its baseline",
        "cost": "forecast outturn within the approved budget",
        "risk": f"no open risk scoring {settings.escalation_score} (the escalation score) or more",
        "benefits": f"no benefit behind its plan by more than {t.benefit_amber_pct}%",
    }[name]


def to_table(report: Explanation, *, csv: bool = False) -> Table:
    """The explanation as a table: Part, Rating, Evidence (one row per reason)."""
    r, w = report.rating, report.work
    table = Table(
        ["Part", "Rating", "Evidence"],
        title=f"Why {w.name} ({w.id}) is rated as it is, as of {report.as_of}",
        # On a narrow terminal the evidence wraps; the part and its rating always show.
        shrink={"Evidence": 30},
        wrap=frozenset({"Evidence"}),
    )

    def add(part: str, rating: Cell | str, lines: list[str]) -> None:
        for i, line in enumerate(lines):  # every part has a line at least (a reason, "clear")
            table.add(part if i == 0 or csv else "", rating if i == 0 or csv else "", line)

    if r.declared is None:
        add("Declared", rag_cell(None, "no update"), ["no update on or before the date"])
    else:
        age = r.age_days or 0
        when = f"the update of {r.last_update}, " + (
            "that day" if age == 0 else f"{formats.days(age)} before"
        )
        add("Declared", rag_cell(r.declared), [when])
    add("Derived", rag_cell(r.derived), ["the worst of schedule, cost, risk and benefits"])
    for name, d in dimensions(r):
        add(name.capitalize(), rag_cell(d.rating), d.reasons or [clear(name, d, report.settings)])
    for flag in report.flags:
        add(flag.name.upper(), Cell("flag", "bold magenta"), flag.evidence)
    if r.closed:
        add("CLOSED", "flag", [f"closed {w.closed}: judged as it stood that day"])
    return table


def to_data(report: Explanation) -> dict[str, Any]:
    """``{"as_of", "id", "name", "rag", "derived_rag", <dimensions>, "flags"}``."""
    r = report.rating
    out: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "id": report.work.id,
        "name": report.work.name,
        "rag": r.declared,
        "derived_rag": r.derived,
    }
    for name, d in dimensions(r):
        out[name] = dimension_json(d)
    out["flags"] = [
        {"flag": f.name, "dimensions": f.dimensions, "evidence": f.evidence} for f in report.flags
    ]
    return out
