"""Every board paper as a page, and a list of them: ``pmo paper --to html`` inside the site.

Each paper is built as ``pmo paper`` builds it (as of its meeting, from the records as they
stood then when the site is given them), rendered through its template, and written by
:mod:`pmo.documents.html` with its charts (:mod:`pmo.charts`, drawn as light SVG files,
each once). This is the heavy part of a site, so a paper's page is made when it is written (in
parallel with the others). The paper's headings go one level down, under the page's own
title. A paper exempt from publication (``exempt:``, Schedule 12A) is listed, not published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pmo.records import Paper
from pmo.site import Page, base_of, chart_path
from pmo.site.data import SiteData

NAME = "papers"

#: Template environments by repository and currency, kept for the papers of one process.
_ENVIRONMENTS: dict[tuple[Path | None, str], Any] = {}


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def scrolling_tables(body: str) -> str:
    """Each table of a paper's HTML in a region that scrolls sideways on a narrow screen and
    takes the keyboard's focus (so it can be scrolled without a mouse).

    >>> print(scrolling_tables("<p>x</p><table><tr><td>1</td></tr></table>"))
    <p>x</p><div class="table-wrap" role="region" tabindex="0" aria-label="Table 1">\
<table><tr><td>1</td></tr></table></div>
    """
    count = 0

    def wrap(found: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return (
            f'<div class="table-wrap" role="region" tabindex="0" aria-label="Table {count}">'
            f"{found.group(0)}</div>"
        )

    return _TABLE.sub(wrap, body)


_PICTURE = re.compile(r'(<figure id="figure-(\d+)">)(<img [^>]*>)')


def scrolling_figures(body: str) -> str:
    """Each chart of a paper's HTML in a region that takes the keyboard's focus: on a narrow
    screen the chart keeps its natural size, so its words stay readable, and scrolls
    sideways (the site's stylesheet).

    >>> print(scrolling_figures('<figure id="figure-2"><img src="c.svg" alt="A"></figure>'))
    <figure id="figure-2"><div class="chart-scroll" role="region" tabindex="0" \
aria-label="Figure 2"><img src="c.svg" alt="A"></div></figure>
    """
    return _PICTURE.sub(
        r'\1<div class="chart-scroll" role="region" tabindex="0" aria-label="Figure \2">\3</div>',
        body,
    )


def make(data: SiteData, paper: Paper, page: Page) -> None:
    """Build, render and lay out one paper into its page (a notice instead of its body,
    and a problem, when its template fails)."""
    from pmo.charts import build_charts
    from pmo.documents import html
    from pmo.documents.blocks import Heading, parse
    from pmo.reports.paper import build_paper
    from pmo.templating import Md, TemplateError, TemplateNotFound, environment, render

    pf = data.paper_portfolio(paper) if data.paper_portfolio is not None else data.pf
    context = build_paper(pf, paper.id)
    charts = build_charts(context)
    values = {
        "paper": context,
        "as_of": context.as_of,
        "target": "html",
        "charts": {n: Md(f"![{c.title}](chart:{n})") for n, c in charts.items()},
    }
    currency = pf.settings.currency
    key = (data.root, currency)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = environment(data.root, currency)
    body = error = None
    try:
        text = render(paper.template, values, data.root, currency, _ENVIRONMENTS[key])
    except TemplateError as exc:
        error = str(exc)
    except TemplateNotFound as exc:
        error = f"paper {paper.id}: error: no template '{exc.name}'"
    if error is not None:
        page.problems.append(error)
        charts = {}
    else:
        blocks = parse(text)
        for block in blocks:
            if isinstance(block, Heading):
                block.level = min(block.level + 1, 6)
        base = base_of(page.path)
        sources = {name: base + chart_path(chart) for name, chart in charts.items()}
        body = Markup(scrolling_figures(scrolling_tables(html.body(blocks, charts, sources))))
    page.context.update(header=context.header, body=body, error=error)
    page.charts = {chart_path(chart): chart for chart in charts.values()}


def pages(data: SiteData) -> Iterator[Page]:
    papers = sorted(data.pf.papers.values(), key=lambda p: (p.meeting, p.id), reverse=True)
    listed = []
    for paper in papers:
        board = data.pf.boards.get(paper.board)
        published = paper.exempt is None
        path = f"papers/{paper.id}.html"
        listed.append(
            {
                "paper": paper,
                "board": board.name if board is not None else paper.board,
                "path": path if published else None,
            }
        )
        if published:
            yield Page(
                path,
                paper.title,
                "paper.html.j2",
                {"paper": paper},
                section="papers/index.html",
                crumbs=[("papers/index.html", "Board papers")],
                make=partial(make, data, paper),
            )
    yield Page(
        "papers/index.html",
        "Board papers",
        "papers.html.j2",
        {"papers": listed},
        section="papers/index.html",
    )
