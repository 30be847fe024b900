"""One self-contained HTML file: styles and SVG charts inline, nothing fetched, a print stylesheet.

Every piece of text is HTML-escaped; links are kept only for http(s) and mailto; the
charts are SVG data URIs with alt text and a numbered caption. Rating cells carry a
class that shades them, and keep their words.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

from pmo.charts import render
from pmo.charts.palette import RATING_TINTS
from pmo.documents import Meta, figure_numbers
from pmo.documents.blocks import (
    Block,
    Code,
    Heading,
    ListBlock,
    PageBreak,
    Para,
    Picture,
    Rule,
    Run,
    Table,
    plain,
    rating_of,
)

if TYPE_CHECKING:
    from pmo.charts import Chart

STYLE = """
:root { color-scheme: light; }
body { font-family: Arial, "Liberation Sans", "Helvetica Neue", Helvetica, sans-serif;
  font-size: 11pt; line-height: 1.45; color: #111; max-width: 46em; margin: 2em auto;
  padding: 0 1.2em; }
header.running { display: flex; justify-content: space-between; font-size: 9pt;
  color: #444; border-bottom: 1px solid #bbb; padding-bottom: .3em; margin-bottom: 1.5em; }
h1 { font-size: 1.5em; margin: 1.2em 0 .4em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; }
h3 { font-size: 1.05em; margin: 1.1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: 10pt; }
th, td { border: 1px solid #999; padding: .25em .45em; vertical-align: top; text-align: left; }
th { background: #d9d9d9; }
td.right, th.right { text-align: right; }
td.center, th.center { text-align: center; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; font-style: italic; }
code, pre { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
hr { border: 0; border-top: 1px solid #999; margin: 1.5em 0; }
.page-break { break-after: page; }
@media print {
  @page { size: A4; margin: 2cm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  a { color: inherit; }
}
"""


def write(blocks: list[Block], meta: Meta, charts: dict[str, Chart]) -> bytes:
    ratings = "\n".join(
        f"td.rating-{name} {{ background: #{tint}; }}" for name, tint in RATING_TINTS.items()
    )
    main = body(blocks, charts)
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="classification" content="{escape(meta.classification)}">
<title>{escape(meta.title)}</title>
<style>{STYLE}{ratings}
</style>
</head>
<body>
<header class="running"><span>{escape(meta.subtitle)}</span>\
<strong>Classification: {escape(meta.classification)}</strong></header>
<main>
{main}
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def body(
    blocks: list[Block], charts: dict[str, Chart], sources: dict[str, str] | None = None
) -> str:
    """The document's blocks as HTML elements (what goes inside ``<main>``): each chart an
    SVG data URI, or the address ``sources`` gives for it (a site's chart file)."""
    numbers = figure_numbers(charts, list(blocks))
    return "\n".join(_block(b, charts, numbers, sources) for b in blocks)


def _runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        piece = escape(r.text, quote=False)
        if r.code:
            piece = f"<code>{piece}</code>"
        if r.italic:
            piece = f"<em>{piece}</em>"
        if r.bold:
            piece = f"<strong>{piece}</strong>"
        if r.href:
            piece = f'<a href="{escape(r.href)}">{piece}</a>'
        out.append(piece + ("<br>" if r.newline else ""))
    return "".join(out)


def _block(
    block: Block,
    charts: dict[str, Chart],
    numbers: dict[str, int],
    sources: dict[str, str] | None = None,
) -> str:
    if isinstance(block, Heading):
        level = min(block.level, 4)
        return f"<h{level}>{_runs(block.runs)}</h{level}>"
    if isinstance(block, Para):
        return f"<p>{_runs(block.runs)}</p>"
    if isinstance(block, ListBlock):
        items = "".join(
            "<li>" + "".join(_inner(b, charts, numbers, sources) for b in item) + "</li>"
            for item in block.items
        )
        if block.ordered:
            start = f' start="{block.start}"' if block.start != 1 else ""
            return f"<ol{start}>{items}</ol>"
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Picture):
        chart = charts.get(block.name)
        if chart is None:
            return f"<p>{escape(block.alt)}</p>"
        if sources is not None and block.name in sources:
            src = escape(sources[block.name])
        else:
            svg = base64.b64encode(render(chart, "svg")).decode("ascii")
            src = f"data:image/svg+xml;base64,{svg}"
        return (
            f'<figure id="figure-{numbers.get(block.name, 0)}">'
            f'<img src="{src}" alt="{escape(chart.alt)}">'
            f"<figcaption>Figure {numbers.get(block.name, 0)}: {escape(chart.title)}"
            f"</figcaption></figure>"
        )
    if isinstance(block, Code):
        return f"<pre><code>{escape(block.text)}</code></pre>"
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    if isinstance(block, Rule):
        return "<hr>"
    return ""


def _inner(
    block: Block,
    charts: dict[str, Chart],
    numbers: dict[str, int],
    sources: dict[str, str] | None = None,
) -> str:
    """A block inside a list item: a paragraph is its text alone (a tight list)."""
    if isinstance(block, Para):
        return _runs(block.runs)
    return _block(block, charts, numbers, sources)


def _table(table: Table) -> str:
    def cls(j: int, extra: str = "") -> str:
        names = [n for n in (table.align[j] if j < len(table.align) else "", extra) if n]
        names = [n for n in names if n != "left"]
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(f'<th scope="col"{cls(j)}>{_runs(c)}</th>' for j, c in enumerate(table.header))
    rows = []
    for row in table.rows:
        cells = []
        for j, c in enumerate(row):
            rating = rating_of(plain(c))
            cells.append(f"<td{cls(j, f'rating-{rating}' if rating else '')}>{_runs(c)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
