"""The benefits page: each benefit's plan against what was realised (``pmo benefits``), and
the money benefits added up per programme with their return on cost."""

from __future__ import annotations

from collections.abc import Iterator

from pmo.site import Page
from pmo.site.data import SiteData

NAME = "benefits"


def pages(data: SiteData) -> Iterator[Page]:
    report = data.benefits
    yield Page(
        "benefits.html",
        "Benefits",
        "benefits.html.j2",
        {
            "rows": report.rows,
            "programmes": [t for t in report.programmes if t.count or t.cashable_target],
            "total": report.total,
            "currency": data.currency,
        },
        section="benefits.html",
    )
