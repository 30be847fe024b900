"""Light SVG for charts: record text escaped and measured, a chart's outer element, a legend.

Plain string building, no matplotlib (a site draws hundreds of charts; matplotlib takes
~0.2 s of CPU for each). Text is measured with Arial's advance widths (Liberation Sans and
Helvetica share them) to lay labels out and to shorten a long one, whose full text is kept
in a ``<title>`` (a tooltip). Every text is :func:`pmo.inert.line` then XML-escaped, so
nothing a record says becomes markup; nothing outside the SVG is referred to. Numbers are
written with fixed precision, so the same chart is always the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: The fonts charts are written in (metric-compatible: the widths below hold for each).
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
#: Text (the site's), secondary text (7:1 on white) and grid lines.
INK, MUTED, GRID = "#0B0C0C", "#484949", "#D9D9D9"
#: The XML declaration a chart file starts with.
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

# Arial's advance widths of the printable ASCII characters (space to ~), in 1/1000 em.
_ASCII = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
#: Bold Arial is about this much wider, on average over words.
_BOLD = 1.08


def _advance(c: str) -> int:
    o = ord(c)
    if 32 <= o < 127:
        return _ASCII[o - 32]
    if o >= 0x1100 and (
        0x2E80 <= o <= 0xA4CF
        or 0xAC00 <= o <= 0xD7A3
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFF60
        or 0x1F300 <= o <= 0x1FAFF
        or o >= 0x20000
    ):
        return 1000  # CJK, Hangul, full-width forms, emoji: a whole em
    return 620  # any other letter: a wide Latin one, to be safe  # fmt: skip


def width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` is, in pixels, at font size ``size``.

    >>> width("HR", 10), round(width("HR", 10, bold=True), 2), width("東京", 10)
    (14.44, 15.6, 20.0)
    """
    total = sum(_advance(c) for c in text) * size / 1000
    return total * _BOLD if bold else total


def fit(text: str, size: float, room: float, *, bold: bool = False) -> str:
    """``text`` as it fits in ``room`` pixels: itself, or shortened with an ellipsis.

    >>> fit("Waste Treatment", 12, 200), fit("Waste Treatment", 12, 60)
    ('Waste Treatment', 'Waste Tr…')
    """
    if width(text, size, bold=bold) <= room:
        return text
    budget = room - width("…", size, bold=bold)
    used, cut = 0.0, 0
    scale = size / 1000 * (_BOLD if bold else 1.0)
    for i, c in enumerate(text):
        used += _advance(c) * scale
        if used > budget:
            cut = i
            break
    return text[:cut].rstrip() + "…"


def esc(text: object) -> str:
    """Record text as SVG text or an attribute's value: hidden characters shown as escapes
    (:func:`pmo.inert.line`: an XML file cannot hold most controls), markup escaped."""
    from pmo.inert import line

    return escape(line(text))


def num(value: float) -> str:
    """A coordinate, to a tenth, without trailing zeros.

    >>> num(12.0), num(12.46), num(-0.04)
    ('12', '12.5', '0')
    """
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def label(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    room: float | None = None,
    anchor: str = "start",
    bold: bool = False,
    fill: str = INK,
) -> str:
    """A ``<text>`` element of ``text`` at (x, y) (its baseline), shortened to ``room``
    pixels if given, with the full text as its ``<title>`` when shortened."""
    from pmo.inert import line

    text = line(text)  # measured as it is shown: a hidden character as its escape
    shown = text if room is None else fit(text, size, room, bold=bold)
    tip = f"<title>{esc(text)}</title>" if shown != text else ""
    attrs = f'x="{num(x)}" y="{num(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size != 12:
        attrs += f' font-size="{num(size)}"'
    if bold:
        attrs += ' font-weight="bold"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    return f"<text {attrs}>{tip}{esc(shown)}</text>"


def start(ident: str, w: float, h: float, title: str, alt: str) -> list[str]:
    """The opening of a chart's ``<svg>``: a ``viewBox`` (it scales to its box; ``width``
    and ``height`` give its natural size), role ``img`` labelled by its title and
    described by its alt text."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {num(w)} {num(h)}" '
        f'width="{num(w)}" height="{num(h)}" role="img" '
        f'aria-labelledby="{esc(ident)}-title {esc(ident)}-desc" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">',
        f'<title id="{esc(ident)}-title">{esc(title)}</title>',
        f'<desc id="{esc(ident)}-desc">{esc(alt)}</desc>',
        f'<rect width="{num(w)}" height="{num(h)}" fill="#fff"/>',
    ]


def legend(items: Sequence[tuple[str, str]], centre: float, y: float, *, size: float = 12) -> str:
    """A legend on one line centred on ``centre``: each item a mark (SVG drawn in a 14 × 14
    box around (7, 0)) and its words."""
    gap, mark = 24, 20
    widths = [mark + width(words, size) for _, words in items]
    x = centre - (sum(widths) + gap * (len(items) - 1)) / 2
    out = []
    for (drawn, words), w in zip(items, widths, strict=True):
        out.append(
            f'<g transform="translate({num(x)} {num(y)})">{drawn}'
            f"{label(mark, size * 0.35, words, size=size)}</g>"
        )
        x += w + gap
    return "\n".join(out)
