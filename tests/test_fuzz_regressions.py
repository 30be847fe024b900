"""Replay every input in tests/fuzz-regressions/: each is answered with problems, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.schema import validate_record
from pmo.validate import validate
from pmo.yamlread import read_bytes
from tests.commands import invoke, read_commands, snapshot

HERE = Path(__file__).resolve().parent / "fuzz-regressions"
CASES = sorted(p for p in HERE.iterdir() if p.name != "README.md")
BASE = {
    "pmo.yaml": b"name: Fuzz\nas_of: 2010-10-20\n",
    "records/people.yaml": b"kind: people\npeople:\n  - {id: ann, name: Ann}\n",
    "records/prog.yaml": b"kind: programme\nid: prog\nname: P\nlead: ann\n",
}


def test_there_are_regression_cases() -> None:
    assert CASES


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
@pytest.mark.parametrize("as_settings", [False, True], ids=["record", "settings"])
def test_regression_input_is_answered_with_problems(
    tmp_path: Path, case: Path, as_settings: bool
) -> None:
    raw = case.read_bytes()
    result = read_bytes(raw)
    if result.data is not None:
        validate_record(result.data)
    for rel, text in BASE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(text)
    target = "pmo.yaml" if as_settings else "records/case.yaml"
    (tmp_path / target).write_bytes(raw)
    problems = validate(tmp_path).problems
    assert any(p.path == target and p.severity == "error" for p in problems)
    before = snapshot(tmp_path)
    runner = CliRunner()
    for args in read_commands(tmp_path):
        invoke(runner, args)
    assert snapshot(tmp_path) == before
