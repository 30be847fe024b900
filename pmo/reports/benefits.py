"""Benefits: each benefit's target against what had been realised by the reporting date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pmo import formats
from pmo.portfolio import Portfolio
from pmo.records import Work
from pmo.reports.rows import BenefitRow, benefit_row


def build(pf: Portfolio, work: Iterable[Work], on: dt.date) -> list[BenefitRow]:
    """The benefits of some programmes and projects, as they stood on ``on``, in record order."""
    return [benefit_row(pf, w, b, on) for w in work for b in w.benefits]


@dataclass(slots=True)
class BenefitTotal:
    """The money benefits added up: target, realised to date, and planned when profiled."""

    count: int
    target: Decimal
    realised: Decimal
    realised_pct: Decimal | None
    planned: Decimal | None = None


def total(rows: Sequence[BenefitRow]) -> BenefitTotal | None:
    """The money rows (no ``unit``, with a target) added up; benefits counted in other units
    cannot be added to money or to each other, so they stay out. None without any."""
    money = [r for r in rows if r.unit is None and r.target]
    if not money:
        return None
    target = sum((r.target or Decimal(0) for r in money), Decimal(0))
    realised = sum((r.realised for r in money), Decimal(0))
    planned_values = [r.planned for r in money if r.planned is not None]
    planned = sum(planned_values, Decimal(0)) if planned_values else None
    return BenefitTotal(len(money), target, realised, formats.ratio_pct(realised, target), planned)
