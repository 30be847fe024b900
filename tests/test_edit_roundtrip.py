"""Round-trip editing: indentation is measured, line ends and BOM kept, untouched lines kept."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest

import pmo.atomic
import pmo.edit.apply
import pmo.edit.ops
import pmo.edit.roundtrip
import pmo.edit.scaffold
from pmo.edit import ops
from pmo.edit.roundtrip import Document, Indent, measure_indent, merge

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.mark.parametrize(
    "module", [pmo.atomic, pmo.edit.ops, pmo.edit.roundtrip, pmo.edit.scaffold, pmo.edit.apply]
)
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  b: 1\nl:\n  - x\n", Indent(2, 4, 2)),
        ("a:\n    b: 1\nl:\n- x\n", Indent(4, 2, 0)),
        ("l:\n    -   x\n", Indent(2, 8, 4)),
        ("a: 1\n", Indent(2, 4, 2)),
        ("l:\n  - id: a\n    sub:\n      - y\n", Indent(2, 4, 2)),
    ],
)
def test_measure_indent(text: str, expected: Indent) -> None:
    assert measure_indent(text) == expected


def _record_files() -> list[Path]:
    return sorted((ROOT / "records").rglob("*.yaml")) + sorted(FIXTURE.rglob("*.yaml"))


@pytest.mark.parametrize("path", _record_files(), ids=lambda p: p.name)
def test_an_unchanged_file_renders_byte_for_byte(path: Path) -> None:
    raw = path.read_bytes()
    assert Document.from_bytes(raw).encode() == raw


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeffkind: project\r\nid: p  # c\r\nclosed: null\r\nmilestones:\r\n  - id: m\r\n"
    doc = Document.parse(text)
    ops.set_value(doc.data["milestones"][0], "actual", dt.date(2011, 1, 2), ops.MILESTONE_KEYS)
    out = doc.render()
    assert out.startswith("\ufeff")
    assert out == text + "    actual: 2011-01-02\r\n"
    assert "\n" not in out.replace("\r\n", "")


def test_merge_keeps_the_original_where_the_edit_did_not_reach() -> None:
    original = "a: null\nb: ~\nc: 1\n"
    baseline = "a:\nb:\nc: 1\n"
    assert merge(original, baseline, "a:\nb:\nc: 2\n") == "a: null\nb: ~\nc: 2\n"
    assert merge(original, baseline, "a:\nb: 5\nc: 1\n") == "a: null\nb: 5\nc: 1\n"
    assert merge(original, baseline, "a:\nb:\nc: 1\nd: 4\n") == "a: null\nb: ~\nc: 1\nd: 4\n"
    # The same: nothing to merge.
    assert merge("x: 1\n", "x: 1\n", "x: 2\n") == "x: 2\n"


def test_a_new_key_goes_where_the_format_lists_it() -> None:
    doc = Document.parse("kind: project\nid: p\nname: P\nlead: a\nmilestones: []\n")
    ops.set_value(doc.data, "sponsor", "b", ops.WORK_KEYS)
    ops.set_value(doc.data, "programme", "g", ops.WORK_KEYS)
    assert doc.render() == (
        "kind: project\nid: p\nname: P\nprogramme: g\nlead: a\nsponsor: b\nmilestones: []\n"
    )


def test_appending_moves_the_closing_comment_down() -> None:
    text = "updates:\n  - date: 2010-01-01\n    summary: s  # mine\n\n# next\nrisks: []\n"
    doc = Document.parse(text)
    ops.append_item(doc.data, "updates", {"date": dt.date(2010, 2, 1), "summary": "t"})
    assert doc.render() == (
        "updates:\n  - date: 2010-01-01\n    summary: s  # mine\n"
        "  - date: 2010-02-01\n    summary: t\n\n# next\nrisks: []\n"
    )


def test_flow_lists_take_flow_items() -> None:
    doc = Document.parse("risks: [{id: a, title: A}]\n")
    ops.append_item(doc.data, "risks", {"id": "b", "title": "B"})
    assert doc.render() == "risks: [{id: a, title: A}, {id: b, title: B}]\n"


def test_text_that_looks_like_yaml_is_quoted() -> None:
    doc = Document.parse("updates: []\n")
    for summary in ("yes", "null", "1.5", "a: b", "# not a comment", "[x]", "- item"):
        ops.append_item(doc.data, "updates", {"summary": summary})
    from pmo.yamlread import read_text

    data = read_text(doc.render()).data
    assert [u["summary"] for u in data["updates"]] == [
        "yes", "null", "1.5", "a: b", "# not a comment", "[x]", "- item",
    ]  # fmt: skip


NEW = "  - date: 2010-02-01\n    summary: new\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # a literal block scalar ends the last item; the blank line and comment stay last
            "updates:\n  - summary: |\n      one\n      two\n\n# next\nrisks: []\n",
            "updates:\n  - summary: |\n      one\n      two\n" + NEW + "\n# next\nrisks: []\n",
        ),
        (  # a folded block scalar at the end of the file
            "updates:\n  - summary: >-\n      one\n      two\n",
            "updates:\n  - summary: >-\n      one\n      two\n" + NEW,
        ),
        (  # a nested block list ends the last item; two blank lines
            "updates:\n  - next_steps:\n      - a\n\n\n# next\nrisks: []\n",
            "updates:\n  - next_steps:\n      - a\n" + NEW + "\n\n# next\nrisks: []\n",
        ),
        (  # a flow list ends the last item
            "updates:\n  - next_steps: [a, b]\n\n# next\nrisks: []\n",
            "updates:\n  - next_steps: [a, b]\n" + NEW + "\n# next\nrisks: []\n",
        ),
        (  # an empty key
            "kind: project\nupdates:\nrisks: []\n",
            "kind: project\nupdates:\n" + NEW + "risks: []\n",
        ),
        (  # a document start and a comment above it
            "# head\n---\nupdates:\n  - date: 2010-01-01\n",
            "# head\n---\nupdates:\n  - date: 2010-01-01\n" + NEW,
        ),
    ],
)
def test_appending_after_awkward_endings(before: str, after: str) -> None:
    doc = Document.parse(before)
    ops.append_item(doc.data, "updates", {"date": dt.date(2010, 2, 1), "summary": "new"})
    assert doc.render() == after
