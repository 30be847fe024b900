"""A page per programme and per project: ratings with every reason, milestones, the logs, money.

The ratings and their reasons are ``pmo status --explain``'s (:mod:`pmo.reports.explain`);
the milestone timeline is :mod:`pmo.charts.timeline`'s chart, drawn as inline SVG; the
rows of milestones, risks, issues, decisions and benefits are the reports' (read from
:class:`~pmo.site.data.SiteData`, each built once). A programme's page covers its own
items and its projects'.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from pmo.asof import latest_update, updates_on
from pmo.charts import timeline
from pmo.rag import flags_of, trend_of
from pmo.records import Programme, Work
from pmo.reports import explain, finance
from pmo.reports.rows import MilestoneRow, finance_row
from pmo.site import Page
from pmo.site.data import SiteData
from pmo.site.index import row as status_row
from pmo.site.render import rating_key

NAME = "work"


def reasons(data: SiteData, work: Work) -> list[dict[str, Any]]:
    """The rating's explanation (``--explain``), one entry per part: its rating and evidence."""
    rating = data.ratings[work.id]
    settings = data.pf.settings
    why = explain.Explanation(
        data.as_of, work, rating, settings, flags_of(rating, settings.stale_after_days)
    )
    parts: list[dict[str, Any]] = []
    for part, cell, evidence in explain.to_table(why, csv=True).rows:
        if parts and parts[-1]["part"] == part.text:
            parts[-1]["evidence"].append(evidence.text)
            continue
        flag = cell.text == "flag"
        parts.append(
            {
                "part": part.text,
                "rating": cell.text,
                "key": "flag" if flag else rating_key(cell.text),
                "evidence": [evidence.text] if evidence.text else [],
            }
        )
    return parts


def timeline_svg(data: SiteData, work: Work, rows: list[MilestoneRow]) -> Markup | None:
    """The milestone timeline of ``rows``: overdue first (latest first), then the most recently
    achieved, then those due, soonest first, up to the chart's limit (keeping room for six
    due); None when there is nothing to draw."""
    overdue = sorted((r for r in rows if r.days_overdue and not r.actual),
                     key=lambda r: (-r.days_overdue, r.id))  # fmt: skip
    achieved = sorted((r for r in rows if r.actual), key=lambda r: (r.actual or r.due, r.id))
    due = sorted((r for r in rows if not r.actual and not r.days_overdue),
                 key=lambda r: (r.due, r.id))  # fmt: skip
    achieved = achieved[-max(0, timeline.LIMIT - len(overdue) - min(len(due), 6)) :]
    own = isinstance(work, Programme)
    chart = timeline.chart(
        data.as_of, overdue, achieved, due,
        title=f"Milestone timeline: {work.name}",
        marker="the reporting date",
        label=None if own else (lambda r: r.title),
    )  # fmt: skip
    if chart is None:
        return None
    return Markup(timeline.svg(chart, ident="timeline", marker="Reporting date"))


def _page(data: SiteData, work: Work) -> Page:
    pf, on = data.pf, data.as_of
    programme = isinstance(work, Programme)
    kind = "programme" if programme else "project"
    milestones = sorted(data.milestone_rows(work), key=lambda r: (r.due, r.work_id, r.id))
    status = data.status
    projects = []
    if programme:
        projects = [status_row(r) for r in status.projects if r.programme == work.id]
    parent = None if programme else getattr(work, "programme", None)
    history = []
    previous: str | None = None
    for u in updates_on(work, on):
        history.append({"entry": u, "trend": trend_of(u.rag, previous)})
        previous = u.rag
    history.reverse()
    members = [p for p in pf.projects.values() if p.programme == work.id] if programme else []
    money = {
        "own": finance_row(work),
        "projects": finance.build(members) if programme else None,
    }
    totals = next((t for t in data.benefits.programmes if t.id == work.id), None)
    crumbs = [("index.html", "Portfolio status")]
    if parent is not None and parent in data.paths:
        crumbs.append((data.paths[parent], pf.programmes[parent].name))
    return Page(
        data.paths[work.id],
        work.name,
        "work.html.j2",
        {
            "work": work,
            "kind": kind,
            "programme": programme,
            "parent": parent,
            "parent_name": status.programme_names.get(parent, parent) if parent else None,
            "rating": data.ratings[work.id],
            "reasons": reasons(data, work),
            "latest": latest_update(work, on),
            "history": history,
            "projects": projects,
            "milestones": milestones,
            "timeline": timeline_svg(data, work, milestones),
            "risks": data.rows_of(data.risks.rows, work),
            "issues": data.rows_of(data.issues.rows, work),
            "decisions": data.rows_of(data.decisions.rows, work),
            "benefits": data.rows_of(data.benefits.rows, work),
            "benefit_totals": totals if programme else None,
            "money": money,
            "lead": pf.person_name(work.lead),
            "sponsor": pf.person_name(work.sponsor),
            "currency": data.currency,
        },
        section="index.html",
        crumbs=crumbs,
    )


def pages(data: SiteData) -> Iterator[Page]:
    for work in data.pf.work():
        yield _page(data, work)
