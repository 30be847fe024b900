"""Every board paper as a page, and a list of them: ``pmo paper --to html`` inside the site.

Each paper is built as ``pmo paper`` builds it (as of its meeting, from the records as they
stood then when the site is given them), rendered through its template, and written by
:mod:`pmo.documents.html` with its charts (:mod:`pmo.charts`, drawn once each by the site's
build, as SVG files). The paper's headings go one level down, under the page's own title.
A paper exempt from publication (``exempt:``, Schedule 12A) is listed but not published.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from pmo.records import Paper
from pmo.site import Page, base_of, chart_path
from pmo.site.data import SiteData

NAME = "papers"


def paper_page(data: SiteData, paper: Paper) -> Page:
    """The page of one paper (a notice instead of its body when its template fails)."""
    from pmo.charts import build_charts
    from pmo.documents import html
    from pmo.documents.blocks import Heading, parse
    from pmo.reports.paper import build_paper
    from pmo.templating import Md, TemplateError, TemplateNotFound, render

    path = f"papers/{paper.id}.html"
    pf = data.paper_portfolio(paper) if data.paper_portfolio is not None else data.pf
    context = build_paper(pf, paper.id)
    charts = build_charts(context)
    values = {
        "paper": context,
        "as_of": context.as_of,
        "target": "html",
        "charts": {n: Md(f"![{c.title}](chart:{n})") for n, c in charts.items()},
    }
    body = error = None
    try:
        text = render(paper.template, values, data.root, pf.settings.currency)
    except TemplateError as exc:
        error = str(exc)
    except TemplateNotFound as exc:
        error = f"{paper.id}: error: no template '{exc.name}'"
    if error is not None:
        data.problems.append(error)
        charts = {}
    else:
        blocks = parse(text)
        for block in blocks:
            if isinstance(block, Heading):
                block.level = min(block.level + 1, 6)
        base = base_of(path)
        sources = {name: base + chart_path(chart) for name, chart in charts.items()}
        body = Markup(html.body(blocks, charts, sources))
    header = context.header
    return Page(
        path,
        paper.title,
        "paper.html.j2",
        {"paper": paper, "header": header, "body": body, "error": error},
        section="papers/index.html",
        crumbs=[("papers/index.html", "Board papers")],
        charts={chart_path(chart): chart for chart in charts.values()},
    )


def pages(data: SiteData) -> Iterator[Page]:
    papers = sorted(data.pf.papers.values(), key=lambda p: (p.meeting, p.id), reverse=True)
    listed = []
    for paper in papers:
        board = data.pf.boards.get(paper.board)
        published = paper.exempt is None
        listed.append(
            {
                "paper": paper,
                "board": board.name if board is not None else paper.board,
                "path": f"papers/{paper.id}.html" if published else None,
            }
        )
        if published:
            yield paper_page(data, paper)
    yield Page(
        "papers/index.html",
        "Board papers",
        "papers.html.j2",
        {"papers": listed},
        section="papers/index.html",
    )
