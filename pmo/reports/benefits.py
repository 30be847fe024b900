"""Benefits: each benefit's target against what had been realised by the reporting date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pmo.portfolio import Portfolio
from pmo.records import Work
from pmo.reports.rows import BenefitRow, benefit_row


def build(pf: Portfolio, work: Iterable[Work], on: dt.date) -> list[BenefitRow]:
    """The benefits of some programmes and projects, as they stood on ``on``, in record order."""
    return [benefit_row(pf, w, b, on) for w in work for b in w.benefits]
