r"""People-written markdown made inert through a real parser: the one sanitiser of paper text.

A paper's summary, sections, options and recommendations are markdown written by people.
:func:`sanitise` parses it with markdown-it (CommonMark with tables and strikethrough, raw
HTML off, as :mod:`pmo.documents.blocks` reads a paper) and writes it out again as plain
markdown, so what comes out is only what the parser understood, in one canonical spelling:

- every piece of text is escaped, so nothing in it is markup again: raw HTML shows as text
  (``<`` is written ``&lt;``), an entity (``&#115;``, ``&colon;``) is decoded once and the
  ``&`` of the result escaped, and hidden characters show as escapes (``\x1b``);
- a link survives only to ``http:``, ``https:`` or ``mailto:`` (else its text stays);
  an image only when it is one of the paper's own charts (``chart:NAME`` or a sibling
  ``NAME.svg``; else its description stays): entity-encoded schemes, reference-style links
  and references defined anywhere (a blockquote included) are all resolved by the parser
  first, and checked as what they are;
- reference definitions are never written out, code fences are always closed, and no line
  of text starts a list, heading, quote, code block or GitHub workflow command.

>>> print(sanitise("[a](java&#115;cript:alert(1)) [b][r] <b>x</b>\n\n> [r]: https://example.org"))
a [b](https://example.org) &lt;b>x&lt;/b>
>>> print(sanitise("First.\n\n- a\n- b\n\n(a) lettered\n\nSecond.", number=2))
2.1 First.
<BLANKLINE>
- a
- b
<BLANKLINE>
(a) lettered
<BLANKLINE>
2.2 Second.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pmo.inert import hidden, line, lines

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

#: Link targets kept (everything else keeps only its text).
SCHEMES = ("http://", "https://", "mailto:")
#: Image sources kept: the paper's own charts, by name or as the SVG file beside the paper.
_CHART = re.compile(r"chart:[a-z0-9][a-z0-9-]{0,63}|[A-Za-z0-9][A-Za-z0-9_-]{0,200}\.svg", re.A)
#: Characters that are markup anywhere in a line.
_SPECIAL = re.compile(r"[\\`*_\[\]|~]")
_ENTITY_LIKE = re.compile(r"&(?=#|[A-Za-z0-9]+;)")
#: What would make a line of text start a block (or a workflow command): escaped.
_LINE_START = re.compile(r"^([-+=>#])|^(\d{1,9})([.)])|^(:)(?=:)", re.M)
_EDGE_SPACES = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_LETTERED = re.compile(r"\(\w+\)\s")
_BACKTICKS = re.compile(r"`+")


def parser() -> Any:
    """The markdown parser papers are read with (CommonMark, tables, strikethrough, no HTML);
    every link is taken as a link, for :func:`allowed_link` to keep or drop its target."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def sanitise(text: object, *, number: object = None) -> str:
    """``text`` as inert markdown; with ``number``, its top-level paragraphs numbered
    ``N.1``, ``N.2``, ... as in a committee report (lists, headings, tables, quotes, code
    and lettered ``(a)`` paragraphs are not)."""
    from markdown_it.tree import SyntaxTreeNode

    if text is None:
        return ""
    source = str(text).replace("\r\n", "\n").replace("\r", "\n")
    tree = SyntaxTreeNode(parser().parse(source))
    writer = _Writer(None if number is None else str(number))
    return "\n\n".join(b for b in (writer.block(c, top=True) for c in tree.children) if b)


def allowed_link(href: str) -> bool:
    """Is ``href`` a link target a paper may carry?"""
    return href.lower().startswith(SCHEMES) or bool(_CHART.fullmatch(href))


def escape_text(text: str) -> str:
    """Text that reads as itself in markdown: every markup character escaped."""
    text = _SPECIAL.sub(r"\\\g<0>", text)
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    if any(hidden(c) for c in text if c != "\t"):
        # The escape's backslash is itself escaped, so it reads back as written.
        text = "".join(line(c).replace("\\", "\\\\", 1) if hidden(c) and c != "\t" else c
                       for c in text)  # fmt: skip
    return text


def _line_starts(text: str) -> str:
    def start(m: re.Match[str]) -> str:
        if m.group(1):
            return "\\" + m.group(1)
        if m.group(2):
            return f"{m.group(2)}\\{m.group(3)}"
        return "\\:"

    text = _EDGE_SPACES.sub(lambda m: m.group(0).replace(" ", "&#32;").replace("\t", "&#9;"), text)
    return _LINE_START.sub(start, text)


def _code_span(content: str, in_table: bool) -> str:
    if not content:
        return ""
    content = line(content)  # hidden characters and "##[" shown as escapes
    if in_table:  # GitHub splits table cells at a | even inside code
        content = content.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(content)), default=0) + 1)
    edge = content[0] in "` " or content[-1] in "` "
    pad = " " if edge and content.strip(" ") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _indent(text: str, first: str, rest: str) -> str:
    parts = text.split("\n")
    return "\n".join([first + parts[0], *((rest + x) if x else x for x in parts[1:])])


class _Writer:
    """Markdown out of markdown-it's syntax tree, one block at a time."""

    def __init__(self, number: str | None) -> None:
        self.number = number
        self.count = 0
        self.in_table = False

    def block(self, node: SyntaxTreeNode, *, top: bool = False) -> str:
        kind = node.type
        if kind == "paragraph":
            body = self.inline(node.children[0]) if node.children else ""
            if top and self.number is not None and body and not _LETTERED.match(body):
                self.count += 1
                body = f"{self.number}.{self.count} {body}"
            return body
        if kind == "heading":
            level = int(node.tag[1])
            runs = self.runs(node.children[0].children) if node.children else ""
            text = _line_starts(runs.replace("\\\n", " ").replace("\n", " "))
            if text.endswith("#"):  # not a closing sequence
                text = text[:-1] + "\\#"
            return "#" * level + " " + text
        if kind in ("bullet_list", "ordered_list"):
            return self.items(node)
        if kind == "blockquote":
            inner = self.blocks(node.children, "\n\n")
            if not inner:
                return ""
            return "\n".join(f"> {x}" if x else ">" for x in inner.split("\n"))
        if kind in ("fence", "code_block"):
            content = lines(node.content)
            if content and not content.endswith("\n"):
                content += "\n"
            fence = "`" * max([3, *(len(r) + 1 for r in _BACKTICKS.findall(content))])
            return f"{fence}\n{content}{fence}"
        if kind == "hr":
            return "***"
        if kind == "table":
            return self.table(node)
        if node.children:
            return self.blocks(node.children, "\n\n")
        return _line_starts(escape_text(node.content)) if node.content else ""

    def blocks(self, nodes: list[SyntaxTreeNode], gap: str) -> str:
        return gap.join(b for b in (self.block(n) for n in nodes) if b)

    def items(self, node: SyntaxTreeNode) -> str:
        ordered = node.type == "ordered_list"
        # A list right after another of its kind must differ in its marker, or they join.
        previous = node.previous_sibling
        other = previous is not None and previous.type == node.type
        start = int(node.attrs.get("start", 1) or 1) if ordered else 0
        tight = all(
            p.hidden for item in node.children for p in item.children if p.type == "paragraph"
        )
        items = []
        for i, item in enumerate(node.children):
            bullet = "+ " if other else "- "
            marker = f"{start + i}{')' if other else '.'} " if ordered else bullet
            body = self.blocks(item.children, "\n" if tight else "\n\n")
            items.append(_indent(body, marker, " " * len(marker)) if body else marker.rstrip())
        return ("\n" if tight else "\n\n").join(items)

    def table(self, node: SyntaxTreeNode) -> str:
        rows = [tr for part in node.children for tr in part.children]
        if not rows:
            return ""
        header = rows[0].children
        align = []
        for cell in header:
            style = str(cell.attrs.get("style", "") or "")
            align.append(
                {"text-align:left": ":--", "text-align:center": ":-:", "text-align:right": "--:"}
                .get(style, "---")
            )  # fmt: skip

        def row(cells: list[SyntaxTreeNode]) -> str:
            texts = [self.inline(c.children[0]) if c.children else "" for c in cells]
            texts += [""] * (len(header) - len(texts))
            return "| " + " | ".join(t.replace("\n", " ") for t in texts[: len(header)]) + " |"

        self.in_table = True
        try:
            out = [row(header), "|" + "|".join(align) + "|"]
            out += [row(r.children) for r in rows[1:]]
        finally:
            self.in_table = False
        return "\n".join(out)

    def inline(self, node: SyntaxTreeNode) -> str:
        return _line_starts(self.runs(node.children))

    def runs(self, nodes: list[SyntaxTreeNode]) -> str:
        out = []
        for n in nodes:
            kind = n.type
            if kind == "text":
                out.append(escape_text(n.content))
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("\\\n")
            elif kind == "code_inline":
                out.append(_code_span(n.content, self.in_table))
            elif kind == "em":
                out.append(f"*{self.runs(n.children)}*")
            elif kind == "strong":
                out.append(f"**{self.runs(n.children)}**")
            elif kind == "s":
                out.append(f"~~{self.runs(n.children)}~~")
            elif kind == "link":
                inner = self.runs(n.children)
                href = str(n.attrs.get("href", ""))
                if allowed_link(href) and not href.startswith("chart:"):
                    if out and out[-1].endswith("!"):  # or "![...](...)" is an image
                        out[-1] = out[-1][:-1] + "\\!"
                    target = href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
                    out.append(f"[{inner}]({target})")
                else:
                    out.append(inner)
            elif kind == "image":
                alt = escape_text(n.content)
                src = str(n.attrs.get("src", ""))
                out.append(f"![{alt}]({src})" if _CHART.fullmatch(src) else alt)
            elif n.children:
                out.append(self.runs(n.children))
            else:
                out.append(escape_text(n.content))
        return "".join(out)


def leaks(markdown: str) -> list[str]:
    """What in ``markdown`` would not be inert, read by a parser with raw HTML on: raw HTML,
    links and images outside the allow-list, hidden characters, workflow commands. Empty for
    anything :func:`sanitise` gives (the property ``make fuzz`` and the tests check)."""
    md = parser()
    md.options["html"] = True
    found = []
    for token in md.parse(markdown):
        for t in [token, *(token.children or [])]:
            if t.type in ("html_block", "html_inline"):
                found.append(f"raw HTML {t.content!r}")
            elif t.type == "link_open" and not allowed_link(str(t.attrs.get("href", ""))):
                found.append(f"a link to {t.attrs.get('href')!r}")
            elif t.type == "image" and not _CHART.fullmatch(str(t.attrs.get("src", ""))):
                found.append(f"an image from {t.attrs.get('src')!r}")
    if any(hidden(c) for c in markdown if c not in "\n\t"):
        found.append("a hidden character")
    for text in markdown.split("\n"):
        if text.lstrip().startswith("::") or "##[" in text:
            found.append(f"a workflow command in {text!r}")
    return found
