"""Golden diffs: each edit command on an awkward file changes only the lines it must."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.validate import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"
AWKWARD = "records/awkward.yaml"

CASES: dict[str, list[str]] = {
    "update": [
        "update", "awk", "--rag", "red", "--summary", "Supplier failed: re-procuring",
        "--achievement", "Contract terminated", "--next", "Re-tender by March",
        "--next", "Brief the board", "--decision", "Approve re-procurement",
    ],
    "update-dimensions": [
        "update", "awk", "--rag", "amber", "--schedule", "red", "--cost", "green",
        "--summary", "On budget, late", "--date", "2011-01-10",
    ],
    "add-risk": [
        "add", "risk", "awk", "--title", "Key staff leave", "--owner", "bob",
        "--likelihood", "4", "--impact", "3", "--response", "treat", "--review", "2011-02-01",
    ],
    "add-milestone": [
        "add", "milestone", "awk", "--title", "Go live", "--baseline", "2011-06-30",
        "--depends-on", "awk-m3", "--gate",
    ],
    "add-issue": [
        "add", "issue", "awk", "--title", "Server room flooded", "--priority", "high",
        "--owner", "ann",
    ],
    "add-decision": [
        "add", "decision", "awk", "--title", "Extend the pilot", "--by", "ann",
        "--outcome", "Agreed: 'yes', with # conditions",
    ],
    "add-benefit": [
        "add", "benefit", "awk", "--title", "Fewer admissions", "--target", "40",
        "--unit", "admissions", "--due", "2012-03-31",
    ],
    "done-null": ["done", "awk-m1", "--date", "2011-01-05"],
    "done-add-line": ["done", "awk-m3"],
    "done-flow": ["done", "awk-m2", "--date", "2011-01-14"],
    "close-flow-risk": ["close", "awk-r1", "--date", "2011-01-12"],
    "close-block-risk": ["close", "awk-r2"],
    "rescore-flow": ["rescore", "awk-r1", "--likelihood", "5", "--impact", "5"],
    "rescore-block": ["rescore", "awk-r2", "--likelihood", "1", "--impact", "3"],
}  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".pmo.lock"
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_diff(
    name: str, repo: Path, runner: CliRunner, golden: Callable[[str, str], None]
) -> None:
    before = _snapshot(repo)
    result = runner.invoke(app, [*CASES[name], "--root", str(repo)])
    assert result.exit_code == 0, result.output
    after = _snapshot(repo)
    # Only the awkward file changed, and the repository still validates.
    assert {k for k in after if after[k] != before.get(k)} == {AWKWARD}
    assert not [p for p in validate(repo).problems if p.severity == "error"]
    old = before[AWKWARD].decode().splitlines(keepends=True)
    new = after[AWKWARD].decode().splitlines(keepends=True)
    diff = "".join(difflib.unified_diff(old, new, f"a/{AWKWARD}", f"b/{AWKWARD}"))
    golden(f"edit/{name}.diff", diff)


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith(("update", "add-"))])
def test_appending_removes_no_line(name: str, repo: Path, runner: CliRunner) -> None:
    """Adding an update or an item only adds lines (an empty ``[]`` list aside)."""
    old = (repo / AWKWARD).read_text().splitlines()
    assert runner.invoke(app, [*CASES[name], "--root", str(repo)]).exit_code == 0
    new = (repo / AWKWARD).read_text().splitlines()
    removed = [line for line in difflib.ndiff(old, new) if line.startswith("- ")]
    assert removed in ([], ["- issues: []"])


def test_each_edit_of_a_sequence_keeps_the_others(repo: Path, runner: CliRunner) -> None:
    """Edits one after another on the same file each land; comments survive them all."""
    for name in ("update", "add-risk", "done-null", "close-block-risk", "rescore-flow"):
        assert runner.invoke(app, [*CASES[name], "--root", str(repo)]).exit_code == 0
    text = (repo / AWKWARD).read_text()
    for kept in (
        "# The awkward project: every style pmo must keep when it edits a file.",
        'name: "Awkward: a project"     # quoted, with a comment',
        "closed: null",
        "  - Keep going   # trailing comment",
        "# Milestones, in date order",
        "  forecast: 2011-03-15   # slipped",
        "# The end of the file.",
        '- {id: awk-r1, title: "Quoted title", owner: ann, likelihood: 5, impact: 5}',
    ):
        assert kept in text
    assert text.count("- date:") == 2
    assert "Key staff leave" in text
    assert not [p for p in validate(repo).problems if p.severity == "error"]
