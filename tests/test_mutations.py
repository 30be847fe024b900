"""Damaged repositories: every invalidating damage is reported in its file; nothing crashes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmo.validate import validate
from tests.commands import edit_commands, invoke, read_commands, snapshot
from tests.damage import KINDS, any_damage, invalidating
from tests.strategies import repositories

#: The problem codes each damage must give (at least one of them), where that is certain.
EXPECTED = {
    "delete-required": {"missing-key", "missing-kind"},
    "misspell-key": {"unknown-key", "missing-kind"},
    "break-reference": {"unknown-reference"},
    "truncate": {"yaml-syntax", "empty-file"},
    "invalid-bytes": {"encoding"},
    "break-indentation": {"yaml-syntax", "yaml-tab"},
    "add-tag": {"yaml-tag"},
    "add-alias": {"yaml-anchor", "yaml-alias"},
}


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="pmo-mut-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def fresh(scratch: Path) -> Path:
    root = scratch / "repo"
    if root.exists():
        shutil.rmtree(root)
    return root


@pytest.mark.parametrize("how", KINDS)
@settings(max_examples=max(3, settings.default.max_examples // 3))
@given(data=st.data())
def test_invalidating_damage_is_reported_in_the_damaged_file(
    scratch: Path, how: str, data: st.DataObject
) -> None:
    """`pmo validate` exits 1 with at least one error located in the damaged file."""
    repo = data.draw(repositories(max_projects=2))
    damaged = data.draw(invalidating(repo, how), label="damage")
    event(damaged.how)
    root = damaged.repo.write(fresh(scratch))
    errors = [p for p in validate(root).problems if p.severity == "error"]
    here = [p.code for p in errors if p.path == damaged.path]
    assert here, (damaged.how, [str(p) for p in errors])
    expected = EXPECTED.get(damaged.how)
    if expected:
        assert set(here) & expected, (damaged.how, [str(p) for p in errors])
    result = invoke(CliRunner(), ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{damaged.path}:" in result.output


@given(data=st.data())
def test_no_command_raises_or_writes_on_any_damage(scratch: Path, data: st.DataObject) -> None:
    """Whatever the damage, every read-only command answers (exit 0, 1 or 2) and writes nothing."""
    repo = data.draw(repositories(max_projects=2))
    damaged = data.draw(any_damage(repo), label="damaged")
    root = damaged.write(fresh(scratch))
    before = snapshot(root)
    runner = CliRunner()
    for args in read_commands(root) + edit_commands(root, dry_run=True):
        invoke(runner, args)
    assert snapshot(root) == before
