"""The financial summary: each piece of work's approved budget, forecast and spend, totalled.

Totals add the rows that have the figure; the total variance adds the rows' variances
over the approved budgets of those rows. A programme's own budget is kept apart: it is
often the pot its projects are funded from, so adding it would count money twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from pmo import formats
from pmo.records import Programme, Work
from pmo.reports.rows import FinanceRow, finance_row


@dataclass(slots=True)
class Finance:
    """Project rows, their total, and programmes' own budgets."""

    rows: list[FinanceRow] = field(default_factory=list)
    total: FinanceRow | None = None
    programmes: list[FinanceRow] = field(default_factory=list)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def build(work: Iterable[Work]) -> Finance:
    """The financial summary of some programmes and projects."""
    out = Finance()
    for w in work:
        row = finance_row(w)
        if row is not None:
            (out.programmes if isinstance(w, Programme) else out.rows).append(row)
    if out.rows:
        varied = [r for r in out.rows if r.variance is not None]
        variance = _sum(r.variance for r in varied)
        base = _sum(r.approved for r in varied)
        out.total = FinanceRow(
            id="total",
            name="Total",
            approved=_sum(r.approved for r in out.rows),
            forecast=_sum(r.forecast for r in out.rows),
            spent=_sum(r.spent for r in out.rows),
            variance=variance,
            variance_pct=formats.ratio_pct(variance, base)
            if variance is not None and base
            else None,
        )
    return out
