"""Words a person can act on: plain help, no library wording, plurals right."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path
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


_EDIT_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (["add", "risk", "awk", "--title", "T", "--owner", "bobb", "--likelihood", "3",
          "--impact", "3"], "(in the lines the edit would add below: owner: bobb)"),
        (["done", "awk-m3", "--date", "2011-02-01"],
         "(in the lines the edit would add below: actual: 2011-02-01)"),
        (["done", "awk-m1", "--date", "2011-02-01"],
         "(as the edit would change this line: actual: 2011-02-01)"),
        (["add", "issue", "awk", "--id", "awk-m1", "--title", "Clash"],  # issues: [] → a list
         "(as the edit would change this line: - id: awk-m1)"),
    ],
)  # fmt: skip
def test_a_refused_edit_points_at_lines_the_file_has(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str],
    quoted: str,
) -> None:  # fmt: skip
    import shutil

    monkeypatch.setenv("PMO_INTERACTIVE", "0")
    repo = tmp_path / "repo"
    shutil.copytree(_EDIT_FIXTURE, repo)
    result = runner.invoke(app, [*args, "--root", str(repo)])
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if not line.startswith("pmo:")]
    assert problems and quoted in problems[0]
    for line in problems:
        path, number, column = line.split(":")[:3]
        text = (repo / path).read_text().splitlines()
        assert 1 <= int(number) <= len(text), line
        assert 1 <= int(column) <= len(text[int(number) - 1]) + 1, line


def test_outputs_default_under_build(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    """``pmo paper --to docx`` without -o writes build/ID.docx in the repository (which
    ``pmo init`` keeps out of git), wherever in it the command is run."""
    monkeypatch.chdir(bundled / "records")
    result = runner.invoke(app, ["paper", "cyp-oss-2010-10", "--to", "docx"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "pmo: wrote ../build/cyp-oss-2010-10.docx"
    assert (bundled / "build/cyp-oss-2010-10.docx").read_bytes().startswith(b"PK")  # a zip
    monkeypatch.chdir(bundled)
    result = runner.invoke(app, ["report", "status", "--to", "html"])
    assert result.stderr.splitlines()[0] == "pmo: wrote build/status.html"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["risks", "--min-score", "30"],
         "Invalid value for '--min-score': '30' must be at most 25"),
        (["risks", "--min-score", "lots"], "'lots' must be a whole number"),
        (["add", "risk", "awk", "--title", "T", "--owner", "bob", "--likelihood", "0",
          "--impact", "2"], "Invalid value for '--likelihood': '0' must be at least 1"),
        (["update", "awk", "--rag", "purple", "--summary", "S"],
         "Invalid value for '--rag': 'purple' is not one of 'green', 'amber', 'red'"),
        (["status", "--as-of", "2010-13-01"],
         "Invalid value for '--as-of': '2010-13-01' is not a date written YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_misuse_is_told_in_words(
    tmp_path: Path, runner: CliRunner, args: list[str], said: str
) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(_EDIT_FIXTURE, repo)
    result = runner.invoke(app, [*args, "--root", str(repo)])
    assert result.exit_code == 2
    assert said in result.stderr
    assert not _LIBRARY.search(result.stderr)


@pytest.mark.parametrize("module", ["pmo.problems", "pmo.check"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0
