"""The site's home page: the portfolio's status (``pmo status``), with filters and totals.

The filters (programme, declared rating, derived rating) are radio buttons that drive the
stylesheet (:func:`filter_css`), so they work without JavaScript; the script adds a count
of what is shown and keeps the choice in the page's address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pmo.rag import RANK
from pmo.reports.status import StatusRow, flags
from pmo.site import Page
from pmo.site.data import SiteData
from pmo.site.render import rating_key

NAME = "index"
#: Ratings worst first, then no rating: the order of the filters and the totals.
ORDER = [*reversed(RANK), "none"]


def _key(rating: str | None) -> str:
    return rating_key(rating)


def row(r: StatusRow) -> dict[str, Any]:
    """What the template shows of a dashboard row."""
    return {
        "row": r,
        "rating": r.rating,
        "declared": _key(r.rating.declared),
        "derived": _key(r.rating.derived),
        "flags": flags(r.rating),
    }


def options(data: SiteData) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices: (value, label) of each programme, and of each rating shown."""
    status = data.status
    rows = [*status.programmes, *status.projects]
    found = {
        "declared": {_key(r.rating.declared) for r in rows},
        "derived": {_key(r.rating.derived) for r in rows},
    }
    out: dict[str, list[tuple[str, str]]] = {
        "programme": [(pid, status.programme_names.get(pid, pid)) for pid, _, _ in status.groups()]
    }
    for name, present in found.items():
        out[name] = [
            (k, "No rating" if k == "none" else k.upper().replace("-", "/"))
            for k in ORDER
            if k in present
        ]
    return out


def pages(data: SiteData) -> Iterator[Page]:
    status = data.status
    groups = [
        {
            "id": pid,
            "name": status.programme_names.get(pid, pid),
            "own": row(own) if own is not None else None,
            "rows": [row(r) for r in rows],
        }
        for pid, own, rows in status.groups()
        if own is not None or rows
    ]
    escalated = len(data.risks.escalated)
    overdue = sum(1 for m in data.open_milestones.rows if m.days_overdue)
    yield Page(
        "index.html",
        "Portfolio status",
        "index.html.j2",
        {
            "groups": groups,
            "totals": status.totals(),
            "filters": options(data),
            "open_risks": len(data.risks.rows),
            "escalated": escalated,
            "escalation_score": data.pf.settings.escalation_score,
            "overdue": overdue,
            "stale_after": data.pf.settings.stale_after_days,
        },
        section="index.html",
    )


_SAFE = re.compile(r"[a-z0-9-]+")


def filter_css(data: SiteData) -> str:
    """The stylesheet rules that make the filters work: a checked choice hides the rows
    (and the programme sections) that do not match it."""
    lines = ["", "/* The status filters of this portfolio (written by pmo site). */"]
    table = "#status"
    for name, choices in options(data).items():
        for value, _ in choices:
            if not _SAFE.fullmatch(value):  # ids and ratings are [a-z0-9-]; never write others
                continue
            chosen = f"main:has(#f-{name}-{value}:checked)"
            if name == "programme":
                lines.append(
                    f'{chosen} {table} tbody[data-programme]:not([data-programme="{value}"]) '
                    "{ display: none; }"
                )
            else:
                lines.append(
                    f'{chosen} {table} tr[data-{name}]:not([data-{name}="{value}"]), '
                    f'{chosen} {table} tbody:not(:has(tr[data-{name}="{value}"])) '
                    "{ display: none; }"
                )
    return "\n".join(lines) + "\n"
