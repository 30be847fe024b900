"""Words a person can act on: plain help, no library wording, plurals right."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pmo.cli import app


def _commands(group: Any = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    group = group or typer.main.get_command(app)
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


#: What Python or the CLI library would say in help, never a person.
_TYPE_WORDS = re.compile(r"<[a-z][^>]*>|list\[|int range|\[\d+<=x|\bTEXT\.\.\.|INTEGER")


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_speaks_in_words_not_types(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    # (PARENT-<letter><n> in the help of --id is a pattern, not a type)
    text = result.stdout.replace("<letter><n>", "")
    assert _TYPE_WORDS.findall(text) == [], text


def test_help_names_values_plainly(runner: CliRunner) -> None:
    text = runner.invoke(app, ["add", "risk", "--help"]).stdout
    for shown in ("PARENT ", "--owner ID", "--title TEXT", "--likelihood 1-5", "--root DIR",
                  "--response [treat|tolerate|transfer|terminate|take]"):  # fmt: skip
        assert shown in text


def _record_classes() -> list[type[Any]]:
    from pmo.schema import SCHEMA_KINDS, _hints, _unwrap

    seen: list[type[Any]] = []

    def walk(cls: Any) -> None:
        if is_dataclass(cls) and cls not in seen:
            seen.append(cls)  # type: ignore[arg-type]
            for hint in _hints(cls).values():  # type: ignore[arg-type]
                walk(_unwrap(hint))

    for cls in SCHEMA_KINDS.values():
        walk(cls)
    return seen


_WRONG = ["abc", "", 3.7, -1, True, [1], {"a": 1}, None, "2010-13-01", 10**30]
_LIBRARY = re.compile(r"Input should|Value error|Assertion failed|Decimal input|pydantic|type=")


@pytest.mark.parametrize("cls", _record_classes(), ids=lambda c: c.__name__)
def test_no_library_wording_in_problems(cls: type[Any]) -> None:
    """Any wrong value in any field is told in pmo's words, never pydantic's."""
    from pmo.schema import validate_as

    for f in fields(cls):
        for value in _WRONG:
            _, problems = validate_as(cls, {f.name: value})
            for p in problems:
                assert not _LIBRARY.search(p.message), (cls.__name__, f.name, value, p.message)


def test_summaries_count_in_words() -> None:
    from pmo.problems import Problem, summary

    one = [Problem("records/a.yaml", 1, 1, "error", "x", "m")]
    assert summary(one, 1) == "1 error, 0 warnings in 1 file"
    assert summary(one * 2, 3) == "2 errors, 0 warnings in 3 files"
