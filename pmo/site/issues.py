"""The issues page: the issues log (``pmo issues``), most urgent first."""

from __future__ import annotations

from collections.abc import Iterator

from pmo.site import Page
from pmo.site.data import SiteData

NAME = "issues"


def pages(data: SiteData) -> Iterator[Page]:
    yield Page(
        "issues.html", "Issues", "log.html.j2",
        {"rows": data.issues.rows, "log": "issues"}, section="issues.html",
    )  # fmt: skip
