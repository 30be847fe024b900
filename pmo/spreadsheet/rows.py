"""A sheet's data rows → values per field, each problem located at its cell.

Blank rows are skipped. A row whose cells all say one thing (a band merged across the
row, or a lone heading in the first column) is a section row: when it names a
programme or project, the rows below it belong there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmo.spreadsheet import values
from pmo.spreadsheet.columns import Layout, normalise
from pmo.spreadsheet.fields import FIELDS
from pmo.spreadsheet.maps import Mapping
from pmo.spreadsheet.resolve import Resolver
from pmo.types import ValueProblem


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A problem in a sheet: ``FILE:SHEET!CELL: error: CODE message``."""

    where: str
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        # Cell text and sheet names are the sheet's: no terminal escape or line break of
        # theirs reaches the terminal (or a CI log) as it is.
        return inert(f"{self.where}: {self.severity}: {self.code} {self.message}")


_CELL = re.compile(r"!(?P<col>[A-Z]+)(?P<row>\d+)$|:(?P<crow>\d+):(?P<ccol>\d+)$")


def location_key(problem: CellProblem) -> tuple[str, int, int]:
    """Sort key: the sheet, then the row, then the column of a problem's cell.

    >>> p = CellProblem("f.xlsx:Risks!AA3", "error", "x", "")
    >>> location_key(p), location_key(CellProblem("f.csv:12:3", "error", "x", ""))
    (('f.xlsx:Risks', 3, 27), ('f.csv', 12, 3))
    """
    m = _CELL.search(problem.where)
    if m is None:
        return (problem.where, 0, 0)
    if m["col"]:
        col = 0
        for letter in m["col"]:
            col = col * 26 + ord(letter) - 64
        return (problem.where[: m.start()], int(m["row"]), col)
    return (problem.where[: m.start()], int(m["crow"]), int(m["ccol"]))


def inert(text: str) -> str:
    r"""``text`` with every control or format character written as an escape.

    >>> inert("Jos\x1b[31mParry\nx")
    'Jos\\x1b[31mParry\\nx'
    """
    from pmo.inert import line

    return line(text)


@dataclass(slots=True)
class RawRow:
    """One data row as read: field → cell value, and field → cell location."""

    number: int
    cells: dict[str, Any]
    where: dict[str, str]
    #: Location of the row itself (its first cell), for problems of the whole row.
    at: str
    #: The text of the section row above, if any, and where it is.
    section: str | None = None
    section_at: str = ""


@dataclass(slots=True)
class Row:
    """One data row read: field → value (None: the cell is empty)."""

    number: int
    values: dict[str, Any]
    where: dict[str, str]
    at: str
    section: str | None = None

    def cell(self, name: str) -> str:
        """Where the field's cell is (the row's first cell when the sheet has no such column)."""
        return self.where.get(name, self.at)


def raw_rows(layout: Layout) -> list[RawRow]:
    """The data rows below the header: blank rows, repeated headers and sections skipped."""
    sheet = layout.sheet
    header = [normalise(v) for v in sheet.rows[layout.header_row]]
    out: list[RawRow] = []
    section: str | None = None
    section_at = ""
    for r in range(layout.header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        filled = [v for v in row if v is not None]
        if not filled:
            continue
        if [normalise(v) for v in row[: len(header)]] == header:
            continue  # the header printed again (a second page, a pasted block)
        if _is_section(row, layout):
            section = values.parse_text(filled[0])
            section_at = sheet.where(r, next(c for c, v in enumerate(row) if v is not None))
            continue
        cells = {name: row[c] if c < len(row) else None for c, name in layout.fields.items()}
        if all(v is None for v in cells.values()):
            continue  # only unmapped columns (notes) filled
        where = {name: sheet.where(r, c) for c, name in layout.fields.items()}
        first = next(c for c, v in enumerate(row) if v is not None)
        out.append(RawRow(r, cells, where, sheet.where(r, first), section, section_at))
    return out


def _is_section(row: list[Any], layout: Layout) -> bool:
    """A band merged across the row, or one text in a column no row can do without."""
    filled = [(c, v) for c, v in enumerate(row) if v is not None]
    texts = {values.parse_text(v) for _, v in filled}
    if len(texts) != 1 or not isinstance(filled[0][1], str) or len(layout.fields) < 2:
        return False
    if len(filled) > 1:
        return True
    name = layout.fields.get(filled[0][0])
    return name is None or not FIELDS[layout.kind][name].required


def _parsers(resolver: Resolver) -> dict[str, Callable[[object], Any]]:
    return {
        **values.PLAIN,
        "person": resolver.person,
        "work": resolver.work,
        "programme": resolver.programme,
        "decider": resolver.decider,
        "rag": resolver.rag,
        "actions": lambda v: parse_actions(v, resolver),
    }


def read_rows(
    raws: list[RawRow], kind: str, mapping: Mapping, resolver: Resolver
) -> tuple[list[Row], list[CellProblem]]:
    """Parse every cell; every problem is listed (nothing stops at the first)."""
    parsers = _parsers(resolver)
    spec = FIELDS[kind]
    rows: list[Row] = []
    problems: list[CellProblem] = []
    noted: set[str] = set()
    for raw in raws:
        parsed: dict[str, Any] = {}
        for name, value in raw.cells.items():
            if value is None:
                value = mapping.defaults.get(name)
            if value is None:
                parsed[name] = None
                continue
            try:
                parsed[name] = parsers[spec[name].parser](value)
            except ValueProblem as exc:
                problems.append(
                    CellProblem(raw.where.get(name, raw.at), "error", exc.code, exc.message)
                )
        for name, value in mapping.defaults.items():
            if name not in raw.cells:
                try:
                    parsed[name] = parsers[spec[name].parser](value)
                except ValueProblem as exc:
                    problems.append(
                        CellProblem(
                            raw.at,
                            "error",
                            exc.code,
                            f"the mapping's default {name}: {exc.message}",
                        )
                    )
        section = None
        if raw.section is not None and "project" in spec:
            try:
                section = resolver.work(raw.section)
            except ValueProblem:
                if raw.section_at not in noted:
                    noted.add(raw.section_at)
                    problems.append(
                        CellProblem(
                            raw.section_at,
                            "warning",
                            "section-row",
                            f"'{raw.section}' names no programme or project; row skipped",
                        )
                    )
        rows.append(Row(raw.number, parsed, raw.where, raw.at, section))
    return rows, problems


_ACTION_NOTE = re.compile(r"^(?P<text>.*?)\s*\((?P<note>[^()]*\b(?:owner|due|done)\s*:[^()]*)\)$")


def parse_actions(value: object, resolver: Resolver) -> list[dict[str, Any]]:
    """Mitigating actions, one a line: ``Agree MoU (owner: Jos Parry; due: 2010-12-01)``."""
    out: list[dict[str, Any]] = []
    for line in values.parse_lines(value, semicolons=False):
        action: dict[str, Any] = {"action": line}
        m = _ACTION_NOTE.match(line)
        if m is not None and m["text"]:
            action["action"] = m["text"]
            for part in m["note"].split(";"):
                key, _, text = part.partition(":")
                key, text = key.strip().lower(), text.strip()
                if not text:
                    continue
                if key == "owner":
                    action["owner"] = resolver.person(text)
                elif key in ("due", "done"):
                    action[key] = values.parse_date(text)
        out.append(action)
    return out


def action_text(action: Any, names: Callable[[str | None], str]) -> str:
    """One mitigating action as the export writes it (and :func:`parse_actions` reads it)."""
    notes = []
    if action.owner:
        notes.append(f"owner: {names(action.owner)}")
    for key in ("due", "done"):
        day: dt.date | None = getattr(action, key)
        if day is not None:
            notes.append(f"{key}: {day.isoformat()}")
    return f"{action.action} ({'; '.join(notes)})" if notes else str(action.action)
