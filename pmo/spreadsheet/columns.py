"""Find the header row below any title rows, map its columns to fields, guess the kind.

>>> normalise("Likelihood (1-5)*"), normalise("Risk\\nOwner"), normalise("L x I")
('likelihood', 'risk owner', 'l x i')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmo.spreadsheet.fields import FIELDS, GENERIC, SHEET_WORDS
from pmo.spreadsheet.maps import Mapping
from pmo.spreadsheet.read import Sheet

#: The header row is looked for in this many rows from the top.
HEADER_SEARCH_ROWS = 30

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[^a-z0-9%]+")


def normalise(header: object) -> str:
    """A header as compared: one line, lower case, no brackets or punctuation."""
    if header is None:
        return ""
    text = " ".join(str(header).split()).lower()
    text = _BRACKETS.sub(" ", text).replace("%", " % ").replace("×", " x ")
    return " ".join(_PUNCT.sub(" ", text).split()).replace(" %", "").strip()


def _matches(header: str, wanted: str) -> bool:
    if wanted.startswith("re:"):
        return re.search(wanted[3:], header) is not None
    return header == wanted


@dataclass(slots=True)
class Layout:
    """How a sheet is read: its kind, its header row and each column's field."""

    sheet: Sheet
    kind: str
    header_row: int
    #: Column index → field (only mapped columns).
    fields: dict[int, str] = field(default_factory=dict)
    #: Column index → header text of columns not imported.
    unmapped: dict[int, str] = field(default_factory=dict)

    def column_of(self, name: str) -> int | None:
        for column, mapped in self.fields.items():
            if mapped == name:
                return column
        return None


def assign(headers: list[str], columns: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Column index → field: each field takes the leftmost column of its earliest header."""
    taken: dict[int, str] = {}
    for name, wanted in columns.items():
        found = None
        for want in wanted:
            found = next(
                (i for i, h in enumerate(headers) if h and i not in taken and _matches(h, want)),
                None,
            )
            if found is not None:
                break
        if found is not None:
            taken[found] = name
    return dict(sorted(taken.items()))


def find_header(
    sheet: Sheet, mapping: Mapping, kinds: list[str]
) -> tuple[int, str, dict[int, str]] | None:
    """The header row, kind and column fields that explain the most columns (None: none)."""
    best: tuple[tuple[int, int, int], int, str, dict[int, str]] | None = None
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        headers = [normalise(v) if isinstance(v, str) else "" for v in row]
        if sum(1 for h in headers if h) < 2:
            continue
        for kind in kinds:
            found = assign(headers, mapping.columns.get(kind, {}))
            distinct = sum(1 for f in found.values() if f not in GENERIC)
            if len(found) < 2 or (distinct == 0 and len(kinds) > 1):
                continue
            hint = 1 if sheet_kind(sheet.name) == kind else 0
            rank = (len(found) + distinct + hint, hint, -r)
            if best is None or rank > best[0]:
                best = (rank, r, kind, found)
    return None if best is None else (best[1], best[2], best[3])


def sheet_kind(name: str | None) -> str | None:
    """The kind a sheet's name says (``Risk Register`` → risks), if any."""
    if not name:
        return None
    low = name.lower()
    for word, kind in SHEET_WORDS.items():
        if word in low:
            return kind
    return None


def layout(sheet: Sheet, mapping: Mapping, kind: str | None) -> Layout | None:
    """Read a sheet's layout; None when no header row fits (or none of ``kind``)."""
    kinds = [kind] if kind else list(FIELDS)
    found = find_header(sheet, mapping, kinds)
    if found is None:
        return None
    row, chosen, fields = found
    unmapped = {
        i: str(v).strip()
        for i, v in enumerate(sheet.rows[row])
        if v is not None and str(v).strip() and i not in fields
    }
    return Layout(sheet, chosen, row, fields, unmapped)
