"""Word documents through a reference document: its styles, margins and page size are used.

Headings use the reference's Heading 1-3 styles; tables are sized to their content
(:mod:`pmo.documents.layout`), their header rows repeat on every page and rating cells
are shaded in the rating's colour while still saying it in words; the charts are PNG
pictures at print resolution with alt text and a numbered caption. The header carries
the classification; the footer "Page N of M".
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    from pmo.charts import Chart

HEADER_FILL = "D9D9D9"
LINK_COLOUR = "0563C1"


def builtin_reference() -> Path:
    """The built-in reference document (templates/reference.docx)."""
    from pmo.templating import builtin_dir

    return builtin_dir() / "reference.docx"


def write(blocks: list[Block], meta: Meta, charts: dict[str, Chart]) -> bytes:
    import docx

    from pmo.source import read_regular

    reference = meta.reference or builtin_reference()
    raw, _ = read_regular(str(reference), reference)  # never a link, a device or a huge file
    doc = docx.Document(io.BytesIO(raw)) if raw is not None else docx.Document()
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    _header_footer(doc, meta)
    _properties(doc, meta)
    numbers = figure_numbers(charts, list(blocks))
    for block in blocks:
        _block(doc, block, charts, numbers, 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _properties(doc: Document, meta: Meta) -> None:
    props = doc.core_properties
    props.title = meta.title
    props.subject = meta.subtitle
    props.author = meta.author or ""
    props.last_modified_by = ""
    props.keywords = meta.classification
    props.revision = 1
    if meta.date:
        when = dt.datetime.fromisoformat(meta.date)
        props.created = when
        props.modified = when


def _header_footer(doc: Document, meta: Meta) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Pt, Twips

    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    for p in header.paragraphs[1:]:
        p._element.getparent().remove(p._element)
    first.text = ""
    first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    tabs = first.paragraph_format.tab_stops
    for twips in (4680, 9360):  # the Header style's own centre and right tabs
        tabs.add_tab_stop(Twips(twips), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Pt(TEXT_WIDTH_PT - 1), WD_TAB_ALIGNMENT.RIGHT)
    first.add_run(f"{meta.subtitle}\t")
    first.add_run(f"Classification: {meta.classification}").bold = True
    footer = section.footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.text = ""
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("Page ")
    _field(para, "PAGE", "1")
    para.add_run(" of ")
    _field(para, "NUMPAGES", "1")


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _style(doc: Document, name: str, fallback: str = "Normal") -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles[fallback]


def _block(
    doc: Document, block: Block, charts: dict[str, Chart], numbers: dict[str, int], depth: int
) -> None:
    if isinstance(block, Heading):
        para = doc.add_paragraph(style=_style(doc, f"Heading {min(block.level, 4)}"))
        _runs(para, block.runs)
        para.paragraph_format.keep_with_next = True
    elif isinstance(block, Para):
        _runs(doc.add_paragraph(style=_style(doc, "Normal")), block.runs)
    elif isinstance(block, ListBlock):
        _list(doc, block, charts, numbers, depth)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Picture):
        _picture(doc, block, charts, numbers)
    elif isinstance(block, Code):
        para = doc.add_paragraph(style=_style(doc, "No Spacing"))
        run = para.add_run(block.text.rstrip("\n"))
        run.font.name = "Consolas"
    elif isinstance(block, PageBreak):
        doc.add_page_break()  # type: ignore[no-untyped-call]
    elif isinstance(block, Rule):
        _rule(doc.add_paragraph())


def _runs(para: Paragraph, runs: list[Run], size: float | None = None) -> None:
    from docx.shared import Pt, RGBColor

    for r in runs:
        run = para.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.code:
            run.font.name = "Consolas"
        if r.href:
            run.underline = True
            run.font.color.rgb = RGBColor.from_string(LINK_COLOUR)
        if size is not None:
            run.font.size = Pt(size)
        if r.newline:
            run.add_break()


def _list(
    doc: Document,
    block: ListBlock,
    charts: dict[str, Chart],
    numbers: dict[str, int],
    depth: int,
) -> None:
    from docx.shared import Pt

    for n, item in enumerate(block.items, start=block.start):
        for k, inner in enumerate(item):
            if isinstance(inner, Para):
                style = "List Paragraph" if block.ordered or k else "List Bullet"
                para = doc.add_paragraph(style=_style(doc, style))
                fmt = para.paragraph_format
                fmt.left_indent = Pt(18 + 18 * depth)
                if block.ordered and k == 0:
                    fmt.first_line_indent = Pt(-18)
                    para.add_run(f"{n}.\t")
                    fmt.tab_stops.add_tab_stop(Pt(18 + 18 * depth))
                fmt.space_after = Pt(3)
                _runs(para, inner.runs)
            else:
                _block(doc, inner, charts, numbers, depth + 1)


def _table(doc: Document, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = [plain(c) for c in table.header]
    rows = [[plain(c) for c in row] for row in table.rows]
    widths, size = fit_table(header, rows, TEXT_WIDTH_PT)
    out = doc.add_table(rows=1 + len(rows), cols=len(header))
    out.style = _style(doc, "Table Grid", "Normal Table")
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    _fixed_layout(out, widths)
    aligns = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for i, cells in enumerate([table.header, *table.rows]):
        row = out.rows[i]
        _row_properties(row, header=i == 0)
        for j, width in enumerate(widths):
            cell = row.cells[j]
            cell.width = Pt(width)
            runs = cells[j] if j < len(cells) else []
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.space_before = Pt(0)
            if j < len(table.align) and table.align[j] in aligns:
                para.alignment = aligns[table.align[j]]
            if i == 0:
                runs = [Run(r.text, True, r.italic, r.code, r.href, r.newline) for r in runs]
                _shade(cell, HEADER_FILL)
            elif (rating := rating_of(plain(runs))) is not None:
                _shade(cell, RATING_TINTS[rating])
            _runs(para, runs, size)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _fixed_layout(table: Any, widths: list[float]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(round(sum(widths) * 20)))
    width.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(round(w * 20)))


def _row_properties(row: Any, header: bool) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _picture(
    doc: Document, block: Picture, charts: dict[str, Chart], numbers: dict[str, int]
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches

    chart = charts.get(block.name)
    if chart is None:
        doc.add_paragraph(block.alt)
        return
    png = render(chart, "png", PRINT_DPI)
    width = min(chart.size[0], TEXT_WIDTH_PT / 72)
    doc.add_picture(io.BytesIO(png), width=Inches(width))
    para = doc.paragraphs[-1]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = True
    for doc_pr in para._p.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        doc_pr.set("descr", chart.alt)
        doc_pr.set("title", chart.title)
    caption = doc.add_paragraph(style=_style(doc, "Caption"))
    caption.add_run(f"Figure {numbers.get(block.name, 0)}: {chart.title}")


def _rule(para: Paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "999999")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
