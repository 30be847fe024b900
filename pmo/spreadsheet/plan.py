"""Rows read from a sheet → edits of the records: new items, and changes with ``--update``.

A row is matched to what the records hold by id, then by the sheet's own reference, then
by title (any case) within its programme or project. An unmatched row is added, with the
id ``pmo add`` would give it unless the sheet gives one; a matched row that differs is a
problem unless ``--update`` is given, when exactly the differing fields are changed (an
emptied cell removes the field). Every problem is collected; none stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pmo import records
from pmo.edit import ops
from pmo.edit.apply import next_id
from pmo.portfolio import Portfolio
from pmo.records import ITEM_KIND
from pmo.spreadsheet.fields import FIELDS, KINDS
from pmo.spreadsheet.files import Files
from pmo.spreadsheet.resolve import Resolver
from pmo.spreadsheet.rows import CellProblem, Row
from pmo.spreadsheet.values import money_text

RECORD_CLASSES: dict[str, type[Any]] = {
    "milestones": records.Milestone,
    "risks": records.Risk,
    "issues": records.Issue,
    "decisions": records.Decision,
    "benefits": records.Benefit,
}
#: Pairs of sheet fields that make one nested assessment of a risk.
ASSESSMENTS = {
    "inherent": ("inherent_likelihood", "inherent_impact"),
    "target": ("target_likelihood", "target_impact"),
}


class ImportFailed(Exception):
    """Problems in the sheet: nothing is written."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the sheet")
        self.problems = problems


@dataclass(slots=True)
class Options:
    """What the command line adds: ``--update``, a default project, the reporting date."""

    update: bool = False
    project: str | None = None
    blank_keeps: bool = False


@dataclass(slots=True)
class Tally:
    """What the import did, per kind: added, changed, unchanged."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, kind: str) -> None:
        self.counts[f"{kind} {what}"] += 1

    def render(self) -> str:
        singular = {"people": "person"}
        parts = []
        for key, n in sorted(self.counts.items()):
            noun, _, verb = key.partition(" ")
            noun = noun if n != 1 else singular.get(noun, noun.removesuffix("s"))
            parts.append(f"{n} {noun} {verb}")
        return ", ".join(parts) if parts else "nothing to import"


# ---- values: sheet fields ⇄ record keys ------------------------------------------------


def record_values(kind: str, row: Row, problems: list[CellProblem]) -> dict[str, Any]:
    """The row's values under the record's keys (derived, id and project fields left out)."""
    spec = FIELDS[kind]
    out: dict[str, Any] = {}
    for name, value in row.values.items():
        if spec[name].derived or name in ("id", "project"):
            continue
        if any(name in pair for pair in ASSESSMENTS.values()):
            continue
        out[name] = value
    for key, (lk, ik) in ASSESSMENTS.items():
        if lk not in row.values and ik not in row.values:
            continue
        pair = (row.values.get(lk), row.values.get(ik))
        if None in pair and pair != (None, None):
            missing = lk if pair[0] is None else ik
            problems.append(
                CellProblem(
                    row.cell(missing),
                    "error",
                    "missing-value",
                    f"{key} needs both a likelihood and an impact",
                )
            )
            continue
        out[key] = None if pair == (None, None) else {"likelihood": pair[0], "impact": pair[1]}
    return out


def _default(cls: type[Any], key: str) -> Any:
    for f in dataclasses.fields(cls):
        if f.name == key:
            if f.default is not dataclasses.MISSING:
                return f.default
            if f.default_factory is not dataclasses.MISSING:
                return f.default_factory()
    return None


def plain(value: Any) -> Any:
    """A record's value for comparing with a sheet's: nested records as dicts, no Nones."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) not in (None, [])
        }
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v not in (None, [])}
    return value


def differences(cls: type[Any], old: Any, new: dict[str, Any], keep_blank: bool) -> list[str]:
    """The keys whose sheet value differs from the record's (an empty cell: the default)."""
    out = []
    for key, value in new.items():
        before = plain(getattr(old, key, None))
        if value is None:
            if keep_blank or before in (None, [], plain(_default(cls, key))):
                continue
            out.append(key)
        elif plain(value) != before:
            out.append(key)
    return out


def to_yaml(key: str, value: Any, unit: bool = False, *, plain: bool = False) -> Any:
    """A value as written into a record file (money as ``£425k``, lists in their style).

    ``plain``: nested values as plain dicts and lists (for :mod:`emit`, which styles them).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, Decimal):
        if not unit:
            return money_text(value)
        return int(value) if value == value.to_integral_value() else f"{value:f}"
    if isinstance(value, dt.date):
        # A new object each time: ruamel.yaml writes a value shared by two places as an
        # anchor and an alias, which the records format forbids.
        return dt.date(value.year, value.month, value.day)
    if plain and isinstance(value, dict):
        return {k: to_yaml(k, v, plain=True) for k, v in value.items() if v is not None}
    if plain and isinstance(value, list):
        return [to_yaml(key, v, plain=True) for v in value]
    if isinstance(value, dict):
        item = CommentedMap((k, to_yaml(k, v)) for k, v in value.items() if v is not None)
        item.fa.set_flow_style()
        return item
    if isinstance(value, list):
        seq = CommentedSeq(to_yaml(key, v) for v in value)
        if key in ops.FLOW_LISTS:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return value


def write_changes(node: Any, values: dict[str, Any], keys: list[str], order: Any) -> None:
    """Set (or, for an emptied cell, remove) each of ``keys`` of a record's node."""
    unit = values.get("unit") is not None or node.get("unit") is not None
    for key in keys:
        value = values[key]
        if value is None or value == []:
            if key in node:
                del node[key]
        else:
            ops.set_value(node, key, to_yaml(key, value, unit and key == "target"), order)


def _changed(keys: list[str], old: Any, new: dict[str, Any]) -> str:
    key = keys[0]
    before = plain(getattr(old, key, None))
    after = plain(new[key])

    def show(v: Any) -> str:
        if v is None or v == []:
            return "(empty)"
        text = str(v if not isinstance(v, dt.date) else v.isoformat())
        return text if len(text) <= 30 else text[:27] + "..."

    more = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
    return f"{key} {show(before)} → {show(after)}{more}"


# ---- items: milestones, risks, issues, decisions, benefits ---------------------------


@dataclass(slots=True)
class Planner:
    """Turns rows into edits of :class:`Files`, collecting problems and a tally."""

    pf: Portfolio
    files: Files
    resolver: Resolver
    options: Options
    problems: list[CellProblem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    #: What each row matched or made (kind, id) → the row's first cell, to catch duplicates.
    seen: dict[tuple[str, str], str] = field(default_factory=dict)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def error(self, where: str, code: str, message: str) -> None:
        self.problems.append(CellProblem(where, "error", code, message))

    def _parent(self, row: Row, item_id: str | None) -> str | None:
        if row.values.get("project"):
            return str(row.values["project"])
        if item_id is not None and item_id in self.pf.parents:
            return self.pf.parents[item_id]
        return row.section or self.options.project

    def _duplicate(self, key: tuple[str, str], row: Row) -> bool:
        if key in self.seen:
            self.error(
                row.at,
                "duplicate-row",
                f"this row is the same {key[0]} as the row at {self.seen[key]}",
            )
            return True
        self.seen[key] = row.at
        return False

    def new_id(self, parent: str, letter: str) -> str:
        """The id ``pmo add`` would give, counting ids this import has already given."""
        key = (parent, letter)
        if key not in self.numbers:
            self.numbers[key] = int(next_id(self.pf, parent, letter).rsplit(letter, 1)[1])
        while f"{parent}-{letter}{self.numbers[key]}" in self.resolver.taken:
            self.numbers[key] += 1
        made = f"{parent}-{letter}{self.numbers[key]}"
        self.resolver.taken.add(made)
        return made

    def match(self, kind: str, work: records.Work, row: Row) -> Any:
        """The item of ``work`` this row is: by id, by the sheet's reference, by title."""
        items = getattr(work, KINDS[kind][1])
        id_ = row.values.get("id")
        if id_:
            return next((i for i in items if i.id == id_), None)
        ref = row.values.get("ref")
        if ref:
            found = next((i for i in items if i.ref == ref), None)
            if found is not None:
                return found
        title = row.values.get("title")
        if title:
            low = " ".join(str(title).split()).casefold()
            return next((i for i in items if " ".join(i.title.split()).casefold() == low), None)
        return None

    def item(self, kind: str, row: Row) -> None:
        item_kind = KINDS[kind][0]
        cls = RECORD_CLASSES[kind]
        id_ = row.values.get("id")
        parent = self._parent(row, id_)
        if parent is None:
            self.error(
                row.cell("project"),
                "missing-project",
                f"which programme or project holds this {item_kind}? Add a "
                "Workstream column or a section row, or give --project",
            )
            return
        work = self.pf.find_work(parent)
        if work is None:  # pragma: no cover - the resolver gives known ids only
            return
        if id_ and self.pf.parents.get(id_, parent) != parent:
            self.error(
                row.cell("id"),
                "moved-item",
                f"{item_kind} {id_} belongs to {self.pf.parents[id_]}, not {parent}; "
                "pmo import does not move items",
            )
            return
        if id_ and id_ in self.pf.id_kinds and self.pf.id_kinds[id_] != item_kind:
            self.error(
                row.cell("id"),
                "duplicate-id",
                f"'{id_}' is already the id of a {self.pf.id_kinds[id_]}",
            )
            return
        values = record_values(kind, row, self.problems)
        existing = self.match(kind, work, row)
        key_id = (
            existing.id if existing is not None else id_ or f"new:{parent}:{values.get('title')}"
        )
        if self._duplicate((item_kind, str(key_id).casefold()), row):
            return
        if existing is None:
            self.add_item(kind, row, parent, values)
        else:
            self.change_item(kind, cls, row, existing, values)

    def _required(self, kind: str, row: Row, values: dict[str, Any]) -> bool:
        ok = True
        for name, spec in FIELDS[kind].items():
            if spec.required and name != "project" and row.values.get(name) is None:
                label = "the sheet has no column for it" if name not in row.where else "empty"
                self.error(row.cell(name), "missing-value", f"{name} is required ({label})")
                ok = False
        return ok

    def add_item(self, kind: str, row: Row, parent: str, values: dict[str, Any]) -> None:
        item_kind, list_key = KINDS[kind]
        if not self._required(kind, row, values):
            return
        id_ = row.values.get("id") or self.new_id(parent, ITEM_KIND[item_kind].letter)
        self.resolver.taken.add(id_)
        item = {"id": id_, **{k: v for k, v in values.items() if v is not None}}
        if kind in ("risks", "issues"):
            item.setdefault("raised", self.pf.as_of())
        unit = item.get("unit") is not None
        yaml_values = {
            k: to_yaml(k, v, unit and k == "target", plain=True) for k, v in item.items()
        }
        rel, node = self.files.node(parent)
        self.files.fast.append(node, list_key, yaml_values)
        self.files.note(rel, f"added {item_kind}")
        self.tally.add("added", kind)

    def change_item(
        self, kind: str, cls: type[Any], row: Row, old: Any, values: dict[str, Any]
    ) -> None:
        item_kind, list_key = KINDS[kind]
        for name, spec in FIELDS[kind].items():
            if spec.required and name in row.where and row.values.get(name) is None:
                self.error(row.cell(name), "missing-value", f"{name} is required (empty)")
                return
        keys = differences(cls, old, values, self.options.blank_keeps)
        if not keys:
            self.tally.add("unchanged", kind)
            return
        if not self.options.update:
            cell = row.cell(_sheet_field(keys[0]))
            self.error(
                cell,
                "exists",
                f"{item_kind} {old.id} is in the records and this row changes "
                f"{_changed(keys, old, values)}; use --update to change it",
            )
            return
        rel, node = self.files.node(old.id)
        write_changes(node, values, keys, ops.ITEM_KEYS[list_key])
        self.files.note(rel, f"changed {item_kind}")
        self.tally.add("changed", kind)


def _sheet_field(key: str) -> str:
    return ASSESSMENTS[key][0] if key in ASSESSMENTS else key
