"""A rendered paper's markdown as a few plain blocks, the one input every document writer reads.

The markdown is parsed with markdown-it (CommonMark with tables; raw HTML off, so record
text stays text). Images become :class:`Picture` only for ``chart:NAME`` addresses (the
paper's own charts, drawn in memory); any other image is kept as its description, so a
conversion never reads a file or fetches a URL. A paragraph that is exactly ``\\newpage``
is a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PAGE_BREAK = "\\newpage"
_RATING = re.compile(
    r"^(?:\d+\s+)?\**(GREEN|AMBER/GREEN|AMBER/RED|AMBER|RED)\**(?:\s*⚠)?(?:\s*[↑↓→].*)?$"
)


@dataclass(slots=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    #: A line break after this run (a hard break).
    newline: bool = False


@dataclass(slots=True)
class Heading:
    level: int
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class Para:
    runs: list[Run]


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: list[list[Block]] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    #: "left", "right" or "center" for each column.
    align: list[str]

    def text(self, cell: list[Run]) -> str:
        return "".join(r.text for r in cell)


@dataclass(slots=True)
class Picture:
    """One of the paper's charts, by name."""

    name: str
    alt: str


@dataclass(slots=True)
class Code:
    text: str


@dataclass(slots=True)
class Rule:
    pass


@dataclass(slots=True)
class PageBreak:
    pass


Block = Heading | Para | ListBlock | Table | Picture | Code | Rule | PageBreak


def rating_of(text: str) -> str | None:
    """The rating a table cell shows (``AMBER/GREEN``, ``16 RED``, ``RED ⚠``), as a key.

    >>> rating_of("AMBER/GREEN"), rating_of("16 RED"), rating_of("RED ⚠"), rating_of("Redbridge")
    ('amber-green', 'red', 'red', None)
    """
    found = _RATING.match(text.strip())
    return found.group(1).lower().replace("/", "-") if found else None


def parse(markdown: str) -> list[Block]:
    """The blocks of ``markdown``."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    tokens = parser.parse(markdown)
    blocks, _ = _blocks(tokens, 0, None)
    return blocks


def _blocks(tokens: list[Any], i: int, until: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        t = tokens[i]
        if until is not None and t.type == until:
            return out, i + 1
        if t.type == "heading_open":
            out.append(Heading(int(t.tag[1]), inline(tokens[i + 1])))
            i += 3
        elif t.type == "paragraph_open":
            out.append(_paragraph(tokens[i + 1]))
            i += 3
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            ordered = t.type == "ordered_list_open"
            block = ListBlock(ordered, int(t.attrs.get("start", 1) or 1))
            close = t.type.replace("_open", "_close")
            i += 1
            while tokens[i].type != close:
                item, i = _blocks(tokens, i + 1, "list_item_close")
                block.items.append(item)
            out.append(block)
            i += 1
        elif t.type == "table_open":
            table, i = _table(tokens, i + 1)
            out.append(table)
        elif t.type in ("fence", "code_block"):
            out.append(Code(t.content))
            i += 1
        elif t.type == "hr":
            out.append(Rule())
            i += 1
        elif t.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            out.extend(inner)
        else:
            i += 1
    return out, i


def _paragraph(token: Any) -> Block:
    children = token.children or []
    if token.content.strip() == PAGE_BREAK:
        return PageBreak()
    if len(children) == 1 and children[0].type == "image":
        src = str(children[0].attrs.get("src", ""))
        if src.startswith("chart:"):
            return Picture(src[len("chart:") :], children[0].content)
    return Para(inline(token))


def _table(tokens: list[Any], i: int) -> tuple[Table, int]:
    header: list[list[Run]] = []
    rows: list[list[list[Run]]] = []
    align: list[str] = []
    row: list[list[Run]] = []
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            style = str(t.attrs.get("style", "") or "")
            if t.type == "th_open":
                align.append(style.replace("text-align:", "") or "left")
            row.append(inline(tokens[i + 1]))
        elif t.type == "tr_close":
            if not header:
                header = row
            else:
                rows.append(row)
        i += 1
    return Table(header, rows, align), i + 1


def inline(token: Any) -> list[Run]:
    """The runs of an inline token (bold, italic, code, links; images as their text)."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for c in token.children or []:
        kind = c.type
        if kind == "text":
            runs.append(Run(c.content, bold > 0, italic > 0, False, href))
        elif kind == "code_inline":
            runs.append(Run(c.content, bold > 0, italic > 0, True, href))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            target = str(c.attrs.get("href", ""))
            href = target if target.startswith(("http://", "https://", "mailto:")) else None
        elif kind == "link_close":
            href = None
        elif kind == "image":
            runs.append(Run(c.content, bold > 0, italic > 0))
        elif kind == "softbreak":
            runs.append(Run(" "))
        elif kind == "hardbreak" and runs:
            runs[-1].newline = True
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        last = out[-1] if out else None
        if (
            last is not None
            and not last.newline
            and (last.bold, last.italic, last.code, last.href) == (r.bold, r.italic, r.code, r.href)
        ):
            last.text += r.text
            last.newline = r.newline
        else:
            out.append(r)
    return out


def plain(runs: list[Run]) -> str:
    """The text of some runs."""
    return "".join(r.text for r in runs)
