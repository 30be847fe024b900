"""One table, four renderings: rich (terminal), markdown, CSV and plain text.

Reports build a :class:`Table` of text cells (each with an optional style) and hand it to
a renderer; no report formats rows itself. Record text is made inert here for each
rendering (:mod:`pmo.inert`): escaped for markdown, so a ``|`` or a ``<script>`` in a title
cannot break a table or reach a reader's browser; shown with its control, bidi and
zero-width characters as escapes on a terminal and in text, so it cannot move the cursor,
reverse a line or start a line of its own; and never a formula in CSV.

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
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from pmo.inert import csv_cell, line

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md_escape(text: object) -> str:
    r"""Make record text inert in markdown: no HTML, no table breaks, no links, no workflow
    command; one line, hidden characters shown as escapes.

    >>> print(md_escape("::error::<b>x</b> & [y](javascript:z)\nnext\x1b"))
    \:\:error::\<b\>x\</b\> &amp; \[y\](javascript:z) next\x1b
    """
    if text is None:
        return ""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    value = " ".join(value.split("\n")).strip()
    value = _MD_SPECIAL.sub(r"\\\1", value)
    if value.startswith("::"):
        value = "\\:\\:" + value[2:]
    return line(value.replace("&", "&amp;"))


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
    that order, while the table would still not fit (see :func:`fit`). Other columns are
    never cut: the columns that carry a report's verdict are those it never drops.
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
    #: ``shrink`` columns whose text wraps onto more lines on a terminal instead of being
    #: cut (a sentence that is the verdict: what changed).
    wrap: frozenset[str] = frozenset()

    def add(self, *cells: CellLike) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} cells, got {len(cells)}")
        self.rows.append(
            [Cell(c) if type(c) is str else c if type(c) is Cell else _cell(c) for c in cells]
        )

    def section(self, heading: str) -> None:
        self.sections[len(self.rows)] = heading

    def without(self, names: set[str]) -> Table:
        """The same table without some columns."""
        keep = [j for j, c in enumerate(self.columns) if c not in names]
        rows = [[row[j] for j in keep] for row in self.rows]
        drop = tuple(d for d in self.drop if d not in names)
        return Table(
            [self.columns[j] for j in keep], self.title, rows, dict(self.sections), self.numeric,
            self.caption, self.limits, self.shrink, drop, self.wrap,
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
    writer.writerow([csv_cell(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(cell.text) for cell in row])
    return buffer.getvalue()


#: The byte-order mark Excel on Windows needs to read a CSV file as UTF-8 (else "£" garbles).
BOM = "\ufeff"


def with_bom(text: str, bom: bool) -> str:
    """``text`` with a leading byte-order mark when ``bom`` (``--bom``), else as it is."""
    return BOM + text if bom else text


def to_text(table: Table) -> str:
    """Plain aligned columns: fast for thousands of rows, and readable without colour.

    Every cell is one line, hidden characters shown as escapes (:func:`pmo.inert.line`).
    """
    table = shown(table)
    # Column by column (cut, measured), then each line formatted in one call.
    columns: list[list[str]] = []
    widths: list[int] = []
    for j, name in enumerate(table.columns):
        column = [row[j].text for row in table.rows]
        limit = table.limits.get(name)
        if limit is not None:
            column = [t if len(t) <= limit else short(t, limit) for t in column]
        columns.append(column)
        widths.append(max(len(name), max(map(len, column), default=0)))
    line = "  ".join(
        f"{{:{'>' if name in table.numeric else '<'}{width}}}"
        for name, width in zip(table.columns, widths, strict=True)
    )
    lines = [table.title] if table.title else []
    lines.append(line.format(*table.columns).rstrip())
    lines.append(line.format(*("-" * w for w in widths)).rstrip())
    rows = zip(*columns, strict=True) if columns else ([] for _ in table.rows)
    for i, cells in enumerate(rows):
        if i in table.sections:
            lines.append(f"[{table.sections[i]}]")
        lines.append(line.format(*cells).rstrip())
    if table.caption:
        lines.append(table.caption)
    return "\n".join(lines) + "\n"


def _natural(table: Table, j: int) -> int:
    return max([len(table.columns[j]), *(len(row[j].text) for row in table.rows)])


#: Between two columns of a terminal table: a space of padding and one of rule.
GAP = 2


@dataclass(slots=True)
class Fitted:
    """A table laid out for a terminal: the columns kept, their widths, the width in all."""

    table: Table
    widths: list[int]

    @property
    def width(self) -> int:
        return sum(self.widths) + GAP * (len(self.widths) - 1)


def _widths(table: Table, width: int) -> list[int] | None:
    """Each column's width so the table fits ``width``, shrinking the ``shrink`` columns
    (never below their least); None if it cannot fit."""
    natural = [_natural(table, j) for j in range(len(table.columns))]
    shrink = table.shrink
    least = {j: min(natural[j], shrink[c]) for j, c in enumerate(table.columns) if c in shrink}
    out = [least.get(j, n) for j, n in enumerate(natural)]
    room = width - sum(out) - GAP * (len(out) - 1)
    if room < 0:
        return None
    # Share what is left out a character at a time, so every shrinking column grows alike.
    while room > 0 and any(out[j] < natural[j] for j in least):
        for j in least:
            if room > 0 and out[j] < natural[j]:
                out[j] += 1
                room -= 1
    return out


def fit(table: Table, width: int) -> Fitted:
    """The table laid out for a terminal ``width`` columns wide.

    The ``shrink`` columns give way first (down to their least width), then the ``drop``
    columns are left out one by one. A table still too wide after every drop keeps its
    least widths: it is printed wider than the terminal, which wraps its lines, rather
    than cropped (a column cut off at the right edge would vanish without a trace).

    >>> t = Table(["ID", "Title", "RAG"], shrink={"Title": 5}, drop=("Title",))
    >>> t.add("csw-waste", "Residual waste treatment", "RED")
    >>> fit(t, 30).widths, fit(t, 20).widths, fit(t, 10).widths
    ([9, 14, 3], [9, 3], [9, 3])
    """
    widths = _widths(table, width)
    for name in table.drop:
        if widths is not None:
            break
        table = table.without({name})
        widths = _widths(table, width)
    if widths is None:
        widths = _widths(table, 10**9) or []
        widths = [
            min(w, table.shrink.get(c, w)) for w, c in zip(widths, table.columns, strict=True)
        ]
    return Fitted(table, widths)


def to_rich(table: Table, width: int | None = None) -> Any:
    """A rich renderable of the table laid out for a terminal ``width`` columns wide
    (:func:`fit`): one line per row, long text cut with an ellipsis.

    A section heading takes a line of its own across the whole table. Rich is imported
    only here, when a terminal table is wanted.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    fitted = fit(shown(table), width or 10**9)
    table = fitted.table

    def part(rows: range, *, first: bool, last: bool) -> RichTable:
        # Text, never a str: rich would read "[link=...]" in a str as markup.
        out = RichTable(
            title=Text(table.title) if first and table.title else None,
            caption=Text(table.caption) if last and table.caption else None,
            show_header=first, header_style="bold", box=box.SIMPLE_HEAD, show_edge=False,
            pad_edge=False, padding=(0, 1, 0, 0),
        )  # fmt: skip
        for column, size in zip(table.columns, fitted.widths, strict=True):
            wraps = column in table.wrap
            out.add_column(
                Text(column), justify="right" if column in table.numeric else "left",
                no_wrap=not wraps, overflow="fold" if wraps else "ellipsis", min_width=size,
                max_width=size,
            )  # fmt: skip
        for i in rows:
            out.add_row(*(Text(cell.text, style=cell.style or "") for cell in table.rows[i]))
        return out

    if not table.sections:
        return part(range(len(table.rows)), first=True, last=True)
    # Title and header first; then each section: its heading, then its rows.
    parts: list[Any] = [] if 0 not in table.sections else [part(range(0), first=True, last=False)]
    starts = sorted({0, *table.sections, len(table.rows)})
    for lo, hi in itertools.pairwise(starts):
        if lo in table.sections:
            heading = Text(table.sections[lo], style="bold underline", no_wrap=True)
            heading.truncate(fitted.width, overflow="ellipsis")
            if lo:
                parts.append(Text(""))
            parts.append(heading)
        parts.append(part(range(lo, hi), first=not parts, last=hi == len(table.rows)))
    return Group(*parts)


def shown(table: Table) -> Table:
    """The table as a terminal shows it: every text on one line, hidden characters escaped."""
    from dataclasses import replace

    return replace(
        table,
        columns=[line(c) for c in table.columns],
        title=line(table.title) if table.title else None,
        rows=[
            [c if line(c.text) is c.text else Cell(line(c.text), c.style) for c in row]
            for row in table.rows
        ],
        sections={i: line(s) for i, s in table.sections.items()},
        numeric={line(c) for c in table.numeric},
        caption=line(table.caption) if table.caption else None,
        limits={line(c): n for c, n in table.limits.items()},
        shrink={line(c): n for c, n in table.shrink.items()},
        drop=tuple(line(c) for c in table.drop),
        wrap=frozenset(line(c) for c in table.wrap),
    )


def print_rich(table: Table, console: Any = None) -> None:
    """Print a table to a terminal with rich, fitted to its width (colour where it has it)."""
    if console is None:
        from rich.console import Console

        console = Console()
    width = max(console.width, fit(shown(table), console.width).width)
    console.print(to_rich(table, console.width), width=width, crop=False)


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
