"""Writing one sheet of the exported workbook with openpyxl: styles, widths, drop-downs.

Text is written as text: a title starting with ``=`` stays a title (never a formula), and
characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

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
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = book.create_sheet(spec.title)
    header_font = Font(name=FONT, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [len(c.header) + 2 for c in spec.columns]
    for j, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=j, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fills = {
        k: (PatternFill("solid", fgColor=f), Font(name=FONT, bold=True, color=c))
        for k, (f, c) in RAG_COLOURS.items()
    }
    for i, row in enumerate(spec.rows, start=2):
        for j, (column, value) in enumerate(zip(spec.columns, row, strict=True), start=1):
            cell = ws.cell(row=i, column=j)
            cell.alignment = wrap if column.wide else top
            formula = spec.formulas.get(column.header)
            if formula is not None:
                cell.value = formula.format(row=i)
                shown = _shown(value)
                if column.kind == "band":
                    cell.alignment = Alignment(horizontal="center", vertical="top")
                widths[j - 1] = max(widths[j - 1], len(shown) + 2)
                continue
            kind = column.kind
            if isinstance(value, tuple):
                kind, value = value
            if value is None or value == "":
                continue
            if kind in ("rag", "band"):
                words = RAG_WORDS if kind == "rag" else BAND_WORDS
                cell.value = words.get(value, str(value))
                fill, font = fills.get(value, (None, None))
                if fill is not None:
                    cell.fill, cell.font = fill, font
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif kind in ("money", "amount") and isinstance(value, Decimal):
                cell.value = value
                cell.number_format = (
                    PENCE_FORMAT if value != value.to_integral_value() else MONEY_FORMAT
                )
            elif kind == "percent" and isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "0.0%"
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                cell.value = value
                if column.kind == "number":
                    cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.value = _text(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if kind == "flag":
                    cell.alignment = Alignment(horizontal="center", vertical="top")
            longest = max((len(line) for line in _shown(value).split("\n")), default=0)
            widths[j - 1] = max(widths[j - 1], min(longest, WIDE) + 2)
    final = [min(w, WIDE if c.wide else 30) for c, w in zip(spec.columns, widths, strict=True)]
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
    for j, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(final[j - 1], 8)
        last = max(len(spec.rows) + 1, 2)
        if column.choices:
            listed = ",".join(column.choices)
            dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            dv.error = f"Choose one of: {', '.join(column.choices)}"
            dv.errorTitle = column.header
            dv.add(f"{letter}2:{letter}{max(last, 1000)}")
            ws.add_data_validation(dv)
        if column.kind == "band":
            area = f"{letter}2:{letter}{max(last, 1000)}"
            for band, word in BAND_WORDS.items():
                fill, font = fills[band]
                ws.conditional_formatting.add(
                    area, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill, font=font)
                )
    ws.freeze_panes = "A2"
    if spec.columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(spec.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = f"{_text(office)}: {spec.title} as of {on:%d %B %Y}"
    ws.oddFooter.center.text = "Page &P of &N"
    return ws


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
