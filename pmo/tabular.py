"""One table, four renderings: rich (terminal), markdown, CSV and plain text.

Reports build a :class:`Table` of text cells (each with an optional style) and hand it to
a renderer; no report formats rows itself. Record text is escaped for markdown here, so a
``|`` or a ``<script>`` in a title cannot break a table or reach a reader's browser.

>>> t = Table(["Project", "RAG"])
>>> t.add("Waste | Recycling", Cell("red", "red"))
>>> print(to_markdown(t), end="")
| Project | RAG |
|---|---|
| Waste \\| Recycling | red |
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md_escape(text: object) -> str:
    """Make record text inert in markdown: no HTML, no table breaks, no links; one line."""
    if text is None:
        return ""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = value.replace("&", "&amp;")
    return " ".join(value.split("\n")).strip()


@dataclass(slots=True)
class Cell:
    """A cell's text and an optional rich style (a colour, "bold red", ...)."""

    text: str
    style: str | None = None

    def __str__(self) -> str:
        return self.text


CellLike = Cell | str | int | None


def _cell(value: CellLike) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell("" if value is None else str(value))


@dataclass(slots=True)
class Table:
    """Columns and rows of cells; ``section`` rows group the rows after them (e.g. programmes)."""

    columns: list[str]
    title: str | None = None
    rows: list[list[Cell]] = field(default_factory=list)
    #: Row index → section heading shown before that row.
    sections: dict[int, str] = field(default_factory=dict)
    #: Columns to right-align (numbers).
    numeric: set[str] = field(default_factory=set)
    caption: str | None = None

    def add(self, *cells: CellLike) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} cells, got {len(cells)}")
        self.rows.append([_cell(c) for c in cells])

    def section(self, heading: str) -> None:
        self.sections[len(self.rows)] = heading


def to_markdown(table: Table, *, escape: bool = True) -> str:
    """A GitHub-flavoured markdown table; record text escaped, section rows in bold."""
    esc = md_escape if escape else (lambda s: str(s).replace("|", "\\|"))
    align = ["---:" if c in table.numeric else "---" for c in table.columns]
    lines = [
        "| " + " | ".join(esc(c) for c in table.columns) + " |",
        "|" + "|".join(align) + "|",
    ]
    blank = [""] * (len(table.columns) - 1)
    for i, row in enumerate(table.rows):
        if i in table.sections:
            lines.append("| " + " | ".join([f"**{esc(table.sections[i])}**", *blank]) + " |")
        lines.append("| " + " | ".join(esc(cell.text) for cell in row) + " |")
    out = "\n".join(lines) + "\n"
    if table.title:
        out = f"**{esc(table.title)}**\n\n" + out
    if table.caption:
        out += f"\n{esc(table.caption)}\n"
    return out


def to_csv(table: Table, *, section_column: str | None = None) -> str:
    """CSV for spreadsheets: UTF-8 text (the £ sign intact), one header row, no markup."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = ([section_column] if section_column else []) + table.columns
    writer.writerow(header)
    current = ""
    for i, row in enumerate(table.rows):
        current = table.sections.get(i, current)
        prefix = [current] if section_column else []
        writer.writerow(prefix + [_plain(cell.text) for cell in row])
    return buffer.getvalue()


#: The byte-order mark Excel on Windows needs to read a CSV file as UTF-8 (else "£" garbles).
BOM = "\ufeff"


def with_bom(text: str, bom: bool) -> str:
    """``text`` with a leading byte-order mark when ``bom`` (``--bom``), else as it is."""
    return BOM + text if bom else text


def _plain(text: str) -> str:
    # A leading = + - @ makes spreadsheets run a formula: neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("£", ""))
    except ValueError:
        return False
    return True


def to_text(table: Table) -> str:
    """Plain aligned columns: fast for thousands of rows, and readable without colour."""
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        for j, cell in enumerate(row):
            widths[j] = max(widths[j], len(cell.text))

    def fmt(cells: list[str]) -> str:
        parts = [
            c.rjust(widths[j]) if table.columns[j] in table.numeric else c.ljust(widths[j])
            for j, c in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = []
    if table.title:
        lines.append(table.title)
    lines.append(fmt(table.columns))
    lines.append(fmt(["-" * w for w in widths]))
    for i, row in enumerate(table.rows):
        if i in table.sections:
            lines.append(f"[{table.sections[i]}]")
        lines.append(fmt([cell.text for cell in row]))
    if table.caption:
        lines.append(table.caption)
    return "\n".join(lines) + "\n"


def to_rich(table: Table) -> Any:
    """A rich Table (rich is imported only here, when a terminal table is wanted)."""
    from rich.table import Table as RichTable
    from rich.text import Text

    out = RichTable(title=table.title, caption=table.caption, header_style="bold")
    for column in table.columns:
        out.add_column(column, justify="right" if column in table.numeric else "left")
    for i, row in enumerate(table.rows):
        if i in table.sections:
            out.add_section()
            out.add_row(Text(table.sections[i], style="bold underline"))
        out.add_row(*(Text(cell.text, style=cell.style or "") for cell in row))
    return out


def print_rich(table: Table) -> None:
    """Print a table to the terminal with rich (colour only where the terminal has it)."""
    from rich.console import Console

    Console().print(to_rich(table))


#: Terminal colour of each rating and risk band.
RAG_STYLE = {
    "green": "bold green",
    "amber-green": "bold chartreuse3",
    "amber": "bold dark_orange",
    "amber-red": "bold orange_red1",
    "red": "bold red",
}


def rag_cell(rating: str | None, label: str | None = None) -> Cell:
    """A rating as a coloured cell whose text also says it (readable without colour)."""
    if rating is None:
        return Cell(label or "-")
    return Cell(label or rating.upper(), RAG_STYLE.get(rating))
