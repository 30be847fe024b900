"""Example repositories in tests/examples/: valid ones are clean, invalid ones say what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app

EXAMPLES = Path(__file__).resolve().parent / "examples"
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def test_examples_are_found() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 15


@pytest.mark.parametrize("repo", VALID, ids=[p.name for p in VALID])
def test_valid_example_has_no_problems(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--strict", "--root", str(repo)])
    assert result.stdout == ""
    assert result.exit_code == 0


@pytest.mark.parametrize("repo", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_problems(
    runner: CliRunner, repo: Path, golden: Callable[[str, str], None]
) -> None:
    """The expected problems of each invalid example live in tests/golden/examples/NAME.txt."""
    result = runner.invoke(app, ["validate", "--root", str(repo)])
    assert result.stdout, "an invalid example must report at least one problem"
    has_error = any(": error: " in line for line in result.stdout.splitlines())
    assert result.exit_code == (1 if has_error else 0)
    golden(f"examples/{repo.name}.txt", result.stdout)
    strict = runner.invoke(app, ["validate", "--strict", "--root", str(repo)])
    assert strict.exit_code == 1
