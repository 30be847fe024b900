"""The milestones page: what is overdue, on a timeline, and every milestone not yet achieved."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from pmo.charts import timeline
from pmo.site import Page
from pmo.site.data import SiteData

NAME = "milestones"


def pages(data: SiteData) -> Iterator[Page]:
    rows = data.open_milestones.rows
    overdue = sorted((r for r in rows if r.days_overdue), key=lambda r: (-r.days_overdue, r.id))
    chart = timeline.chart(
        data.as_of,
        overdue,
        [],
        [],
        title="The most overdue milestones",
        marker="the reporting date",
    )
    svg = (
        Markup(timeline.svg(chart, ident="overdue", marker="Reporting date"))
        if chart is not None
        else None
    )
    yield Page(
        "milestones.html",
        "Milestones",
        "milestones.html.j2",
        {"rows": rows, "overdue": len(overdue), "timeline": svg, "limit": timeline.LIMIT},
        section="milestones.html",
    )
