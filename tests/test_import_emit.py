"""The import's fast writer of new items reads back exactly as pmo.edit.ops would write them."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmo.edit import ops
from pmo.edit.roundtrip import Document
from pmo.spreadsheet.emit import Appender
from pmo.spreadsheet.plan import to_yaml
from pmo.yamlread import read_text

FILE = """\
kind: project  # a comment
id: p
name: P
lead: x
risks:
  - id: p-r1
    title: First
    owner: x
    likelihood: 1
    impact: 1
  # closing comment of the risks
issues:
  - {id: p-i1, title: An issue}
"""


def both(list_key: str, values: dict[str, Any], text: str = FILE) -> tuple[str, str]:
    """The file with ``values`` appended by ops.append_item, and by the Appender."""
    slow = Document.parse(text)
    ops.append_item(slow.data, list_key, {k: to_yaml(k, v) for k, v in values.items()})
    fast = Document.parse(text)
    appender = Appender()
    appender.append(fast.data, list_key, {k: to_yaml(k, v) for k, v in values.items()})
    return slow.render(), appender.encode(fast).decode()


RISK = {
    "id": "p-r2",
    "ref": "R-7",
    "title": "Partners withdraw: a risk",
    "owner": "x",
    "likelihood": 3,
    "impact": 4,
    "inherent": {"likelihood": 4, "impact": 5},
    "raised": dt.date(2010, 5, 1),
    "actions": [
        {"action": "Agree MoU, then sign", "owner": "x", "due": dt.date(2010, 12, 1)},
        {"action": "yes"},
    ],
}


@pytest.mark.parametrize(
    ("list_key", "values"),
    [
        ("risks", RISK),
        ("issues", {"id": "p-i2", "title": "Payroll late; supplier 'X'", "priority": "high"}),
        (
            "milestones",
            {
                "id": "p-m1",
                "title": "Go live",
                "baseline": dt.date(2011, 1, 1),
                "depends_on": ["p-m0", "q-m1"],
            },
        ),
        (
            "updates",
            {
                "date": dt.date(2010, 10, 1),
                "rag": "amber",
                "summary": "£425k: agreed",
                "next_steps": ["Sign S75", "Brief boards"],
            },
        ),
    ],
)
def test_the_fast_writer_writes_what_ops_writes(list_key: str, values: dict[str, Any]) -> None:
    slow, fast = both(list_key, values)
    assert fast == slow
    assert "# closing comment of the risks" in fast


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@given(title=TEXT, description=TEXT, action=TEXT)
def test_any_text_reads_back_as_written(title: str, description: str, action: str) -> None:
    values = {
        "id": "p-r2",
        "title": title,
        "description": description,
        "owner": "x",
        "likelihood": 2,
        "impact": 2,
        "actions": [{"action": action}],
    }
    flow = FILE.replace(
        "risks:\n  - id: p-r1\n    title: First\n    owner: x\n    likelihood: 1\n    impact: 1\n",
        "risks:\n  - {id: p-r1}\n",
    )
    for text in (FILE, flow):
        _, fast = both("risks", values, text)
        read = read_text(fast)
        assert read.problems == [], fast
        assert read.data["risks"][-1] == values
        assert read.data["issues"] == [{"id": "p-i1", "title": "An issue"}]


def many(list_key: str, items: list[dict[str, Any]], text: str = FILE) -> tuple[str, str]:
    """The file with ``items`` appended one by one, by ops.append_item and by the Appender."""
    slow = Document.parse(text)
    fast = Document.parse(text)
    appender = Appender()
    for values in items:
        ops.append_item(slow.data, list_key, {k: to_yaml(k, v) for k, v in values.items()})
        appender.append(fast.data, list_key, {k: to_yaml(k, v) for k, v in values.items()})
    return slow.render(), appender.encode(fast).decode()


ISSUES = [{"id": f"p-i{n}", "title": f"Issue {n}: late", "priority": "high"} for n in (2, 3, 4)]


@pytest.mark.parametrize(
    "text",
    [
        FILE,  # block items, a closing comment
        FILE.replace("issues:\n  - {id: p-i1, title: An issue}\n", ""),  # a new list
        FILE.replace("  - {id: p-i1, title: An issue}\n", "  []\n"),  # an empty flow list
        FILE.replace("\n  - {id: p-i1, title: An issue}\n", " [{id: p-i1, title: An issue}]\n"),
    ],
    ids=["flow items", "new list", "empty flow list", "flow list"],
)
def test_items_appended_in_a_row_share_a_placeholder_and_read_the_same(text: str) -> None:
    slow, fast = many("issues", ISSUES, text)
    assert fast.count("\n") == slow.count("\n")
    assert read_text(fast).data == read_text(slow).data
    assert "placeholder" not in fast


def test_risks_appended_in_a_row_are_written_as_ops_writes_them() -> None:
    risks = [{**copy.deepcopy(RISK), "id": f"p-r{n}", "title": f"Risk {n}"} for n in (2, 3, 4)]
    slow, fast = many("risks", risks)
    assert fast == slow


def test_a_date_shared_by_many_rows_is_never_an_alias() -> None:
    risks = [{**RISK, "id": f"p-r{n}", "title": f"Risk {n}"} for n in (2, 3, 4)]
    slow, fast = many("risks", risks)
    assert "&id" not in slow and "&id" not in fast
