"""PDF through Typst, compiled in-process (the ``typst`` wheel): no LaTeX, no external program.

Every piece of record text goes into the Typst source as a string literal (``#"..."``),
so nothing in it is read as markup or code. The compiler's root is a private temporary
folder holding only the source and the chart pictures: it can read nothing else.
A4, 2 cm margins, the classification in the header, "Page N of M" in the footer; fonts:
Arial or Liberation Sans where installed, else DejaVu Sans (which ships with matplotlib,
so ⚠ £ – é always have a glyph).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from pmo.charts import PRINT_DPI, render
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
from pmo.documents.layout import TEXT_WIDTH_PT, fit_table

if TYPE_CHECKING:
    from pmo.charts import Chart


#: The page set-up, with $title, $author, $date, $classification and $subtitle to fill in.
PREAMBLE = Path(__file__).with_name("preamble.typ")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def string(text: str) -> str:
    """A Typst string literal holding ``text`` exactly (the only way text reaches Typst:
    never as markup, so no ``#``, ``$`` or ``@`` in it is read as code; control characters
    as ``\\u{..}`` escapes).

    >>> string('a "b" \\\\ #c')
    '"a \\\\"b\\\\" \\\\\\\\ #c"'
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    escaped = _CONTROL.sub(lambda m: f"\\u{{{ord(m.group(0)):x}}}", escaped)
    return f'"{escaped}"'


def write(blocks: list[Block], meta: Meta, charts: dict[str, Chart]) -> bytes:
    import typst

    from pmo.charts.palette import setup

    numbers = figure_numbers(charts, list(blocks))
    with tempfile.TemporaryDirectory(prefix="pmo-typst-") as scratch:
        root = Path(scratch)
        for name in numbers:
            (root / f"{name}.png").write_bytes(render(charts[name], "png", PRINT_DPI))
        date = ""
        if meta.date:
            d = dt.date.fromisoformat(meta.date)
            date = f", date: datetime(year: {d.year}, month: {d.month}, day: {d.day})"
        source = Template(PREAMBLE.read_text(encoding="utf-8")).substitute(
            title=string(meta.title),
            author=string(meta.author or ""),
            date=date,
            classification=string(f"Classification: {meta.classification}"),
            subtitle=string(meta.subtitle),
        )
        body = "\n".join(_block(b, charts, numbers) for b in blocks)
        (root / "main.typ").write_text(source + "\n" + body, encoding="utf-8")
        setup()  # only for matplotlib's font folder below
        pdf = typst.compile(
            str(root / "main.typ"),
            root=str(root),
            font_paths=[_matplotlib_fonts()],
            timestamp=int(dt.datetime.fromisoformat(meta.date or "2000-01-01").timestamp()),
        )
    assert isinstance(pdf, bytes)
    return pdf


def _matplotlib_fonts() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def _runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        piece = f"#{string(r.text)}" if not r.code else f"#raw({string(r.text)})"
        if r.bold:
            piece = f"#strong[{piece}]"
        if r.italic:
            piece = f"#emph[{piece}]"
        if r.href:
            piece = f"#link({string(r.href)})[{piece}]"
        out.append(piece + (" \\\n" if r.newline else ""))
    return "".join(out)


def _block(block: Block, charts: dict[str, Chart], numbers: dict[str, int]) -> str:
    if isinstance(block, Heading):
        return f"#heading(level: {min(block.level, 4)})[{_runs(block.runs)}]\n"
    if isinstance(block, Para):
        return _runs(block.runs) + "\n"
    if isinstance(block, ListBlock):
        items = ", ".join(
            "[" + "\n".join(_block(b, charts, numbers) for b in item) + "]" for item in block.items
        )
        if block.ordered:
            return f"#enum(start: {block.start}, {items})\n"
        return f"#list({items})\n"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Picture):
        chart = charts.get(block.name)
        if chart is None or block.name not in numbers:
            return f"#{string(block.alt)}\n"
        width = min(chart.size[0] * 72, TEXT_WIDTH_PT)
        return (
            f'#figure(image("{block.name}.png", width: {width:.1f}pt, alt: {string(chart.alt)}), '
            f"caption: [{_runs([Run(chart.title)])}], supplement: [Figure])\n"
        )
    if isinstance(block, Code):
        return f"#raw(block: true, {string(block.text)})\n"
    if isinstance(block, PageBreak):
        return "#pagebreak(weak: true)\n"
    if isinstance(block, Rule):
        return "#line(length: 100%, stroke: 0.5pt + luma(150))\n"
    return ""


def _table(table: Table) -> str:
    header = [plain(c) for c in table.header]
    rows = [[plain(c) for c in row] for row in table.rows]
    widths, size = fit_table(header, rows, TEXT_WIDTH_PT)
    columns = ", ".join(f"{w:.2f}fr" for w in widths)
    align = ", ".join({"right": "right", "center": "center"}.get(a, "left") for a in table.align)
    cells = []
    for row in table.rows:
        for j in range(len(header)):
            runs = row[j] if j < len(row) else []
            content = f"[{_runs(runs)}]"
            rating = rating_of(plain(runs))
            if rating is not None:
                content = f'table.cell(fill: rgb("#{RATING_TINTS[rating]}"))' + content
            cells.append(content)
    head = ", ".join(f"[{_runs(c)}]" for c in table.header)
    return (
        f"#block(breakable: true, text(size: {size}pt, table(columns: ({columns},), "
        f"align: ({align},), fill: (x, y) => if y == 0 {{ luma(217) }}, "
        f"table.header(repeat: true, {head}), {', '.join(cells)})))\n"
    )
