"""The decisions page: the decision log (``pmo decisions``), newest first."""

from __future__ import annotations

from collections.abc import Iterator

from pmo.site import Page
from pmo.site.data import SiteData

NAME = "decisions"


def pages(data: SiteData) -> Iterator[Page]:
    yield Page(
        "decisions.html", "Decisions", "log.html.j2",
        {"rows": data.decisions.rows, "log": "decisions"}, section="decisions.html",
    )  # fmt: skip
