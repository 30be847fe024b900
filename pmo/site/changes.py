"""The changes page: what changed since the last board paper.

The page reads :func:`since_last_paper` only, the one place the site asks what changed,
so a fuller history of changes can replace that function's body without touching the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from pmo.portfolio import Portfolio
from pmo.records import Paper
from pmo.reports.paper import DEFAULT_CADENCE_MONTHS, add_months
from pmo.reports.since import Changes, changes_between
from pmo.site import Page
from pmo.site.data import SiteData

NAME = "changes"


@dataclass(slots=True)
class SiteChanges:
    """The changes between the last paper's meeting (or a board cycle back) and the site's date."""

    changes: Changes
    #: The last paper before the site's date, if any.
    paper: Paper | None
    board: str | None


def last_paper(pf: Portfolio, as_of: dt.date) -> Paper | None:
    """The paper whose meeting is the latest before ``as_of`` (a paper for a meeting on the
    site's date is the one being written, not the last one)."""
    earlier = [p for p in pf.papers.values() if p.meeting < as_of]
    return max(earlier, key=lambda p: (p.meeting, p.id)) if earlier else None


def since_last_paper(pf: Portfolio, as_of: dt.date) -> SiteChanges:
    """What changed across the portfolio after the last paper's meeting up to ``as_of``
    (without a paper: in the :data:`~pmo.reports.paper.DEFAULT_CADENCE_MONTHS` months before
    it), by the rules of a paper's "changes since the previous paper"
    (:mod:`pmo.reports.since`): from the two states when git holds the earlier one
    (re-forecasts, rescorings, budget and target changes, items new and closed), else from
    dated facts alone."""
    from pmo.history import load_before

    paper = last_paper(pf, as_of)
    since = paper.meeting if paper is not None else add_months(as_of, -DEFAULT_CADENCE_MONTHS)
    work = [w for w in pf.work() if not (w.closed and w.closed <= since)]
    then = load_before(pf.root, since)  # the records as they stood then, when git has them
    before = then.portfolio if then is not None else None
    previous = paper.id if paper is not None else None
    changes = changes_between(pf, work, since, as_of, previous, before)
    board = None
    if paper is not None:
        found = pf.boards.get(paper.board)
        board = found.name if found is not None else paper.board
    return SiteChanges(changes, paper, board)


def pages(data: SiteData) -> Iterator[Page]:
    found = since_last_paper(data.pf, data.as_of)
    paper = found.paper
    yield Page(
        "changes.html",
        "Changes since the last paper",
        "changes.html.j2",
        {
            "changes": found.changes,
            "paper": paper,
            "board": found.board,
            "paper_path": f"papers/{paper.id}.html" if paper is not None else None,
            "months": DEFAULT_CADENCE_MONTHS,
        },
        section="changes.html",
    )
