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
    """Columns and rows of cells; ``section`` rows group the rows after them (e.g. programmes).

    How the columns give way where room is short: ``limits`` cuts long text in plain-text
    output (with an ellipsis); on a terminal, ``shrink`` columns share the room left by
    the others (never narrower than their value) and ``drop`` columns are left out, in
    that order, while the table would still not fit. Other columns are never cut.
    """

    columns: list[str]
    title: str | None = None
    rows: list[list[Cell]] = field(default_factory=list)
    #: Row index → section heading shown before that row.
    sections: dict[int, str] = field(default_factory=dict)
    #: Columns to right-align (numbers).
    numeric: set[str] = field(default_factory=set)
    caption: str | None = None
    #: Column → the most characters plain-text output shows of it.
    limits: dict[str, int] = field(default_factory=dict)
    #: Column → the least width it may shrink to on a narrow terminal.
    shrink: dict[str, int] = field(default_factory=dict)
    #: Columns left out on a terminal too narrow for the table, first to go first.
    drop: tuple[str, ...] = ()

    def add(self, *cells: CellLike) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} cells, got {len(cells)}")
        self.rows.append([_cell(c) for c in cells])

    def section(self, heading: str) -> None:
        self.sections[len(self.rows)] = heading

    def without(self, names: set[str]) -> Table:
        """The same table without some columns."""
        keep = [j for j, c in enumerate(self.columns) if c not in names]
        rows = [[row[j] for j in keep] for row in self.rows]
        drop = tuple(d for d in self.drop if d not in names)
        return Table(
            [self.columns[j] for j in keep], self.title, rows, dict(self.sections), self.numeric,
            self.caption, self.limits, self.shrink, drop,
        )  # fmt: skip


def short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> short("Outline business case to CSWACE", 12)
    'Outline bus…'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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


def to_csv(table: Table) -> str:
    """CSV for spreadsheets: UTF-8 text (the £ sign intact), one header row, no markup."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_plain(cell.text) for cell in row])
    return buffer.getvalue()


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
    limits = [table.limits.get(c) for c in table.columns]
    texts = [
        [
            cell.text if limit is None else short(cell.text, limit)
            for cell, limit in zip(row, limits, strict=True)
        ]
        for row in table.rows
    ]
    widths = [len(c) for c in table.columns]
    for row_text in texts:
        for j, text in enumerate(row_text):
            widths[j] = max(widths[j], len(text))

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
    for i, row_text in enumerate(texts):
        if i in table.sections:
            lines.append(f"[{table.sections[i]}]")
        lines.append(fmt(row_text))
    if table.caption:
        lines.append(table.caption)
    return "\n".join(lines) + "\n"


def _natural(table: Table, j: int) -> int:
    return max([len(table.columns[j]), *(len(row[j].text) for row in table.rows)])


def _fit(table: Table, width: int) -> dict[int, int] | None:
    """Widths of the shrinking columns so the table fits ``width``; None if it cannot."""
    # Each column costs its width plus 2 (its right padding and the separator).
    shrink = [j for j, c in enumerate(table.columns) if c in table.shrink]
    fixed = sum(_natural(table, j) for j in range(len(table.columns)) if j not in shrink)
    room = width - fixed - 2 * len(table.columns)
    least = {j: table.shrink[table.columns[j]] for j in shrink}
    if room < sum(least.values()):
        return None
    want = {j: max(least[j], _natural(table, j)) for j in shrink}
    out = dict(least)
    room -= sum(out.values())
    while room > 0 and any(out[j] < want[j] for j in shrink):
        for j in shrink:
            if room > 0 and out[j] < want[j]:
                out[j] += 1
                room -= 1
    return out


def to_rich(table: Table, width: int | None = None) -> Any:
    """A rich table for a terminal ``width`` columns wide: one line per row.

    Long text is cut with an ellipsis in the ``shrink`` columns, which share the room the
    others leave; while it would still not fit, the ``drop`` columns are left out in turn.
    Rich is imported only here, when a terminal table is wanted.
    """
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    room = width or 10**6
    fit = _fit(table, room)
    for name in table.drop:
        if fit is not None:
            break
        table = table.without({name})
        fit = _fit(table, room)
    out = RichTable(
        title=table.title, caption=table.caption, header_style="bold", box=box.SIMPLE_HEAD,
        pad_edge=False, padding=(0, 1, 0, 0),
    )  # fmt: skip
    for j, column in enumerate(table.columns):
        size = (fit or {}).get(j) or table.shrink.get(column) or _natural(table, j)
        out.add_column(
            column, justify="right" if column in table.numeric else "left", no_wrap=True,
            overflow="ellipsis", min_width=size, max_width=size,
        )  # fmt: skip
    for i, row in enumerate(table.rows):
        if i in table.sections:
            out.add_section()
            out.add_row(Text(table.sections[i], style="bold underline"))
        out.add_row(*(Text(cell.text, style=cell.style or "") for cell in row))
    return out


def print_rich(table: Table) -> None:
    """Print a table to the terminal with rich, fitted to its width (colour where it has it)."""
    from rich.console import Console

    console = Console()
    console.print(to_rich(table, console.width))


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
