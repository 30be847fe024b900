"""Page geometry and table column widths sized to their content (no word broken mid-word).

Text is measured with Helvetica's metrics (Arial's are the same), the font the documents
use. A column is at least as wide as its longest word and at most as wide as its longest
cell; the page width left over goes to the columns with the most text.
"""

from __future__ import annotations

from collections.abc import Sequence

#: A4 portrait, in points, and the margins every document uses.
PAGE_WIDTH_PT = 595.3
PAGE_HEIGHT_PT = 841.9
MARGIN_PT = 56.7  # 2 cm
TEXT_WIDTH_PT = PAGE_WIDTH_PT - 2 * MARGIN_PT
#: Left plus right padding of a table cell.
CELL_PADDING_PT = 12.0
#: Where Arial is missing, Word and LibreOffice set DejaVu Sans, up to this much wider:
#: a column's longest word is given this much more room.
WIDE_FONT_FACTOR = 1.16
#: Bold DejaVu Sans is wider still: words are measured bold and this much wider again.
BOLD_SAFETY = 1.08
#: Font sizes a table may be set in, largest first; the first at which every word fits wins.
TABLE_SIZES = (10.0, 9.0, 8.0)
#: Cells this short (dates, amounts, ratings) are kept on one line when the table allows.
KEEP_WHOLE = 11

# Helvetica advance widths (1/1000 em) of ASCII 32..126, regular and bold.
_REGULAR = (
    "278 278 355 556 556 889 667 222 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 222 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 278 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 278 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
REGULAR = [int(w) for w in _REGULAR.split()]
BOLD = [int(w) for w in _BOLD.split()]
_WIDE = {"⚠": 1000, "—": 1000, "–": 556, "£": 556, "…": 1000, "↑": 600, "↓": 600, "→": 1000}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size``.

    >>> round(text_width("Workstream", 10), 1)
    53.9
    """
    table = BOLD if bold else REGULAR
    units = 0
    for ch in text:
        code = ord(ch)
        units += table[code - 32] if 32 <= code < 127 else _WIDE.get(ch, 600)
    return units * size / 1000


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    available: float = TEXT_WIDTH_PT,
    size: float = 10.0,
    keep: int = 0,
    safety: float = 1.0,
) -> tuple[list[float], bool]:
    """Widths in points filling ``available``, and whether every word fits unbroken.

    Each column starts at its longest word (or its longest cell of at most ``keep``
    characters, such as a date, kept on one line), measured ``safety`` times wider; the
    width left over is handed out a little at a time to whichever column then shortens
    the table most.

    >>> widths, fits = column_widths(["Name", "Summary"], [["HR", "A long summary " * 20]])
    >>> fits, round(sum(widths)), widths[0] < widths[1]
    (True, 482, True)
    """
    count = len(header)
    least = [0.0] * count
    natural = [0.0] * count
    cells: list[list[float]] = []
    for bold, row in [(True, header), *((False, r) for r in rows)]:
        line = []
        for j in range(count):
            cell = row[j] if j < len(row) else ""
            words = [cell] if len(cell) <= keep else (cell.split() or [""])
            widest = max(text_width(w, size, True) for w in words)
            least[j] = max(least[j], widest * BOLD_SAFETY * safety)
            full = text_width(cell, size, bold)
            natural[j] = max(natural[j], full)
            line.append(full)
        cells.append(line)
    least = [w + CELL_PADDING_PT for w in least]
    natural = [max(n + CELL_PADDING_PT, m) for n, m in zip(natural, least, strict=True)]
    if sum(least) > available:
        scale = available / sum(least)
        return [w * scale for w in least], False
    if sum(natural) <= available:
        scale = available / sum(natural)
        return [w * scale for w in natural], True
    widths = list(least)
    step = max((available - sum(least)) / 200, 0.5)

    def height(ws: list[float]) -> float:
        return sum(
            max(max(1.0, c / (w - CELL_PADDING_PT)) for c, w in zip(line, ws, strict=True))
            for line in cells
        )

    while sum(widths) + step <= available:
        best, best_height = -1, height(widths)
        for j in range(count):
            if widths[j] >= natural[j]:
                continue
            widths[j] += step
            h = height(widths)
            widths[j] -= step
            if h < best_height - 1e-9 or best < 0:
                best, best_height = j, h
        if best < 0:
            break
        widths[best] += step
    spare = available - sum(widths)
    return [w + spare * w / sum(widths) for w in widths], True


def fit_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], available: float = TEXT_WIDTH_PT
) -> tuple[list[float], float]:
    """Column widths filling ``available`` and the largest of :data:`TABLE_SIZES` at which
    every word fits even in a font :data:`WIDE_FONT_FACTOR` wider than Arial."""
    widths: list[float] = []
    size = TABLE_SIZES[-1]
    for keep in (KEEP_WHOLE, 0):
        for size in TABLE_SIZES:
            widths, fits = column_widths(header, rows, available, size, keep, WIDE_FONT_FACTOR)
            if fits:
                return widths, size
    return widths, size
