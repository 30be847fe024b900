"""Writing one sheet of the exported workbook with openpyxl: styles, widths, drop-downs.

Text is written as text: a title starting with ``=`` stays a title (never a formula), and
characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from pmo.spreadsheet.export import (
    BAND_WORDS,
    DATE_FORMAT,
    HEADER_FILL,
    MONEY_FORMAT,
    PENCE_FORMAT,
    RAG_COLOURS,
    RAG_WORDS,
    WIDE,
    SheetSpec,
)

#: The workbook's font (LibreOffice shows its metric twin, Carlito).
FONT = "Calibri"
#: Points per line of wrapped text, for row heights (Excel and LibreOffice do not fit
#: a row to its wrapped text when a file is opened, so each row is given its height).
LINE_HEIGHT = 13


def _text(value: Any) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def write_sheet(book: Any, spec: SheetSpec, office: str, on: dt.date) -> Any:
    """Write ``spec`` as a sheet of ``book``, a write-only workbook (rows are streamed to
    the file as they are made, so a sheet of 100,000 rows holds no cells in memory).

    What the sheet's top holds (its properties, frozen header, column widths) is set before
    the first row; each row's height before the row.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    ws = book.create_sheet(spec.title)
    header_font = Font(name=FONT, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    fills = {
        k: (PatternFill("solid", fgColor=f), Font(name=FONT, bold=True, color=c))
        for k, (f, c) in RAG_COLOURS.items()
    }
    middle = Alignment(horizontal="center", vertical="top")
    final = _widths(spec)
    for j, width in enumerate(final, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(width, 8)
    ws.freeze_panes = "A2"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    # Each cell's styles, set in order; every combination is set once through openpyxl
    # (which looks each style up in the workbook) and copied to the cells that share it.
    styled: dict[tuple[Any, ...], Any] = {}
    for i, row in enumerate(spec.rows, start=2):
        lines = max(
            (
                _lines(_shown(v), final[j])
                for j, (c, v) in enumerate(zip(spec.columns, row, strict=True))
                if c.wide and c.header not in spec.formulas
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[i].height = LINE_HEIGHT * min(lines, 12)
        cells = []
        for column, value in zip(spec.columns, row, strict=True):
            cell = WriteOnlyCell(ws)
            cells.append(cell)
            steps: list[tuple[str, Any]] = [("alignment", wrap if column.wide else top)]
            formula = spec.formulas.get(column.header)
            if formula is not None:
                cell.value = formula.format(row=i)
                if column.kind == "band":
                    steps.append(("alignment", middle))
                _style(cell, steps, styled)
                continue
            kind = column.kind
            if isinstance(value, tuple):
                kind, value = value
            if value is None or value == "":
                _style(cell, steps, styled)
                continue
            if kind in ("rag", "band"):
                words = RAG_WORDS if kind == "rag" else BAND_WORDS
                cell.value = words.get(value, str(value))
                fill, font = fills.get(value, (None, None))
                if fill is not None:
                    steps += [("fill", fill), ("font", font)]
                steps.append(("alignment", middle))
            elif isinstance(value, dt.date):
                cell.value = value
                steps.append(("number_format", DATE_FORMAT))
            elif kind in ("money", "amount") and isinstance(value, Decimal):
                cell.value = value
                whole = value == value.to_integral_value()
                steps.append(("number_format", MONEY_FORMAT if whole else PENCE_FORMAT))
            elif kind == "percent" and isinstance(value, Decimal):
                cell.value = value
                steps.append(("number_format", "0.0%"))
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                cell.value = value
                if column.kind == "number":
                    steps.append(("alignment", middle))
            else:
                cell.value = _text(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if kind == "flag":
                    steps.append(("alignment", middle))
            _style(cell, steps, styled)
        ws.append(cells)
    last = max(len(spec.rows) + 1, 2)
    for j, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        if column.choices:
            listed = ",".join(column.choices)
            dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            dv.error = f"Choose one of: {', '.join(column.choices)}"
            dv.errorTitle = column.header
            dv.add(f"{letter}2:{letter}{max(last, 1000)}")
            ws.data_validations.append(dv)
        if column.kind == "band":
            area = f"{letter}2:{letter}{max(last, 1000)}"
            for band, word in BAND_WORDS.items():
                fill, font = fills[band]
                ws.conditional_formatting.add(
                    area, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill, font=font)
                )
    if spec.columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(spec.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.oddHeader.center.text = f"{_text(office)}: {spec.title} as of {on:%d %B %Y}"
    ws.oddFooter.center.text = "Page &P of &N"
    return ws


def _widths(spec: SheetSpec) -> list[int]:
    """Each column's width in characters: its longest line (wide columns up to WIDE, the
    others up to 30), and room for its header."""
    widths = [len(c.header) + 2 for c in spec.columns]
    for row in spec.rows:
        for j, (column, value) in enumerate(zip(spec.columns, row, strict=True)):
            shown = _shown(value)
            if column.header in spec.formulas:
                widths[j] = max(widths[j], len(shown) + 2)
                continue
            if (value[1] if isinstance(value, tuple) else value) in (None, ""):
                continue
            longest = max((len(line) for line in shown.split("\n")), default=0)
            widths[j] = max(widths[j], min(longest, WIDE) + 2)
    return [min(w, WIDE if c.wide else 30) for c, w in zip(spec.columns, widths, strict=True)]


def _style(cell: Any, steps: list[tuple[str, Any]], styled: dict[tuple[Any, ...], Any]) -> None:
    """Set ``steps`` (style name, value) on ``cell``, or copy them from a cell given the same."""
    key = tuple((name, value if isinstance(value, str) else id(value)) for name, value in steps)
    found = styled.get(key)
    if found is None:
        for name, value in steps:
            setattr(cell, name, value)
        styled[key] = copy.copy(cell._style)
    else:
        cell._style = copy.copy(found)


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        value = value[1]
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "00/00/00000"
    if isinstance(value, Decimal):
        return f"£{value:,.0f}"
    return str(value)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    usable = max(int(width * 1.1) - 2, 1)
    return sum(max(1, -(-len(line) // usable)) for line in text.split("\n")) if text else 1
