"""The library under ``pmo set``: fields read from the record classes, assignments, removals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
from dataclasses import dataclass, field
from typing import Any

import pytest

import pmo.cli.complete
import pmo.edit.cycle
import pmo.edit.fields
import pmo.edit.newrecords
import pmo.edit.setting
import pmo.edit.values
from pmo import records
from pmo.edit.apply import EditError
from pmo.edit.fields import describe, fields_of, item_kinds, record_class
from pmo.edit.ops import remove_entry
from pmo.edit.roundtrip import Document
from pmo.edit.setting import assign, parse_assignment
from pmo.edit.values import shown
from pmo.records import ITEM_KINDS
from pmo.types import Date, Money


@pytest.mark.parametrize(
    "module",
    [
        pmo.edit.fields, pmo.edit.setting, pmo.edit.values, pmo.edit.cycle,
        pmo.edit.newrecords, pmo.cli.complete,
    ],
)  # fmt: skip
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


def _classes() -> list[type[Any]]:
    """Every record class and every class nested in one."""
    seen: list[type[Any]] = []
    todo: list[type[Any]] = list(records.KINDS.values())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        todo.extend(f.of for f in fields_of(cls).values() if f.of is not None)
    return seen


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_every_field_of_every_class_is_known(cls: type[Any]) -> None:
    """The keys pmo set takes are the record classes' own, none listed by hand."""
    assert list(fields_of(cls)) == [f.name for f in dataclasses.fields(cls)]
    for f in fields_of(cls).values():
        assert describe(f)


def test_the_kinds_are_the_loaders() -> None:
    assert set(item_kinds()) == {*(k.name for k in ITEM_KINDS), "person"}
    for kind in ("programme", "project", "board", "paper", "person", "risk", "benefit"):
        assert record_class(kind).__name__.lower() == kind


@pytest.mark.parametrize(
    ("text", "keys", "op", "value"),
    [
        ("title=A = B", ("title",), "=", "A = B"),
        ("tags+=x", ("tags",), "+=", "x"),
        ("tags-=x", ("tags",), "-=", "x"),
        ("next-meeting=2011-01-01", ("next-meeting",), "=", "2011-01-01"),
        ("description=", ("description",), "=", ""),
        ("summary=line\nline", ("summary",), "=", "line\nline"),
        ("sections.2.body=x", ("sections", "2", "body"), "=", "x"),
        ("a+=b+=c", ("a",), "+=", "b+=c"),
    ],
)
def test_assignments(text: str, keys: tuple[str, ...], op: str, value: str) -> None:
    a = parse_assignment(text)
    assert (a.keys, a.op, a.value) == (keys, op, value)


@pytest.mark.parametrize("text", ["title", "=x", "a..b=1", ".a=1", "+=x"])
def test_not_assignments(text: str) -> None:
    with pytest.raises(EditError, match="is not KEY=VALUE"):
        parse_assignment(text)


def test_shown_is_one_inert_line() -> None:
    assert shown("a\x1b[31mb\nc\x07") == "a\\x1b[31mb\\nc\\x07"
    assert shown("x" * 100, 10) == "xxxxxxxxx…"
    assert shown({"a": [dt.date(2011, 1, 1), True, None]}) == "{a: [2011-01-01, true, null]}"


# ---- a mapping of any keys (the v2 paper's implications), ready before it lands ----------


@dataclass(kw_only=True, slots=True)
class Cost:
    __pydantic_config__ = {"extra": "forbid"}  # noqa: RUF012
    amount: Money
    due: Date | None = None


@dataclass(kw_only=True, slots=True)
class Report:
    __pydantic_config__ = {"extra": "forbid"}  # noqa: RUF012
    kind: str
    id: str
    implications: dict[str, str] = field(default_factory=dict)
    costs: dict[str, Cost] = field(default_factory=dict)
    wards: list[str] = field(default_factory=list)


def _run(text: str, *assignments: str) -> tuple[str, list[str]]:
    doc = Document.parse(text)
    done = [assign(doc.data, Report, parse_assignment(a), "r1") for a in assignments]
    return doc.render(), done


def test_a_mapping_of_any_keys() -> None:
    text = "kind: report\nid: r1\n"
    out, done = _run(
        text,
        "implications.financial=Within budget.",
        "implications.legal=Powers: the Local Government Act 2000.",
        "costs.build.amount=£1.2m",
        "costs.build.due=2012-03-31",
        "wards=[Abbey, Earlsdon]",
    )
    assert out == (
        "kind: report\nid: r1\nimplications:\n  financial: Within budget.\n"
        "  legal: 'Powers: the Local Government Act 2000.'\n"
        "costs:\n  build: {amount: £1.2m, due: 2012-03-31}\nwards:\n  - Abbey\n  - Earlsdon\n"
    )
    assert done[0] == "implications.financial = Within budget."
    out, _ = _run(out, "implications.financial=", "implications.legal=", "costs.build.due=")
    assert out == (
        "kind: report\nid: r1\ncosts:\n  build: {amount: £1.2m}\nwards:\n  - Abbey\n  - Earlsdon\n"
    )
    out, _ = _run(out, "implications={equalities: None identified.}")
    assert "implications:\n  equalities: None identified.\n" in out


# ---- removing entries keeps what surrounds them ----------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((("m",), "b"), "m:\n  a: 1   # a\n\n  # about c\n  c: 3\nz: 0\n"),
        ((("m",), "a"), "m:\n  b: 2   # b\n\n  # about c\n  c: 3\nz: 0\n"),
        ((("m",), "c"), "m:\n  a: 1   # a\n  b: 2   # b\n\n  # about c\nz: 0\n"),
        (((), "m"), "z: 0\n"),
    ],
)
def test_remove_entry_keeps_blank_lines_and_comments(
    path: tuple[tuple[str, ...], str], expected: str
) -> None:
    doc = Document.parse("m:\n  a: 1   # a\n  b: 2   # b\n\n  # about c\n  c: 3\nz: 0\n")
    node = doc.data
    for key in path[0]:
        node = node[key]
    remove_entry(node, path[1])
    assert doc.render() == expected


def test_remove_a_list_item_between_blank_lines() -> None:
    doc = Document.parse("l:\n- a\n\n- {b: 1}\n\n- c\n# end\nz: 0\n")
    remove_entry(doc.data["l"], 1)
    assert doc.render() == "l:\n- a\n\n- c\n# end\nz: 0\n"
    remove_entry(doc.data["l"], 1)
    assert doc.render() == "l:\n- a\n# end\nz: 0\n"
