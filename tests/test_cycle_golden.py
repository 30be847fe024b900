"""Golden diffs: each monthly-cycle command on the awkward fixture changes only the lines it must.

The fixture has comments, flow and block styles, a CRLF board with three-space indentation,
a people file whose items sit flush left, and a paper with a byte-order mark. A diff shows a
carriage return as ``␍``, so a golden file says which line ends were written.
"""

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
BOARD = "records/board.yaml"
TEAM = "records/team/people.yaml"
PEOPLE = "records/people.yaml"
PAPER = "records/papers/brd-2011-01.yaml"
PROG = "records/prog.yaml"

#: name → (command, the one file it changes or creates)
CASES: dict[str, tuple[list[str], str]] = {
    "set-in-place": (["set", "awk-m3", "forecast=2011-04-30", "title=Third: revised"], AWKWARD),
    "set-flow-item-grows": (
        ["set", "awk-r1", "likelihood=2", "inherent.likelihood=4", "inherent.impact=4",
         "response=treat"],
        AWKWARD,
    ),
    "set-nested-block-map": (
        ["set", "awk", "budget.approved=£120k", "budget.forecast=£1.3m", "budget.actual=40000"],
        AWKWARD,
    ),
    "set-remove-keys": (["set", "awk", "closed=", "tags-=one", "budget.forecast="], AWKWARD),
    "set-remove-before-blank": (["set", "awk", "tags="], AWKWARD),
    "set-add-to-flow-list": (["set", "awk", "tags+=three,four"], AWKWARD),
    "set-block-item-new-keys": (
        ["set", "awk-r2", "description=Two lines:\nthe cause, then the effect.",
         "review=2011-02-01", "category=supply"],
        AWKWARD,
    ),
    "set-action": (["set", "awk-r2/1", "due=2011-02-28", "owner=cat"], AWKWARD),
    "set-crlf-board": (
        ["set", "brd", "members+=dev", "meets=quarterly", "name=Awkward Board (renamed)"], BOARD
    ),
    "set-crlf-board-remove-member": (["set", "brd", "members-=cat"], BOARD),
    "set-person-block": (["set", "cat", "email=cat@example.org", "phone=01926 412378"], TEAM),
    "set-person-flow": (["set", "ann", "role=Programme Director"], PEOPLE),
    "set-paper-bom-section": (
        ["set", "brd-2011-01", "sections.1.body=New background.\n\nSecond paragraph.\n",
         "recommendations+=The Board is asked to approve the budget."],
        PAPER,
    ),
    "set-paper-bom-add-section": (
        ["set", "brd-2011-01", "summary=What this is: a summary",
         "sections+={heading: Risks, body: See the register.}", "sections.2="],
        PAPER,
    ),
    "add-action-block": (
        ["add", "action", "awk-r2", "--action", "Escalate: to the board", "--owner", "cat",
         "--due", "2011-02-15"],
        AWKWARD,
    ),
    "add-action-to-flow-risk": (
        ["add", "action", "awk-r1", "--action", "Call the supplier", "--owner", "ann",
         "--due", "2011-02-01"],
        AWKWARD,
    ),
    "done-action": (["done", "awk-r2/1", "--date", "2011-01-10"], AWKWARD),
    "realise-flow": (["realise", "prog-b1", "--value", "£150k", "--date", "2011-01-14"], PROG),
    "reforecast-block": (["reforecast", "awk-m3", "2011-04-30"], AWKWARD),
    "reforecast-flow": (["reforecast", "awk-m2", "2011-02-15"], AWKWARD),
    "reforecast-before-null": (["reforecast", "awk-m1", "2011-01-31"], AWKWARD),
    "rescore-review": (["rescore", "awk-r2", "--review", "2011-02-01"], AWKWARD),
    "rescore-review-flow": (
        ["rescore", "awk-r1", "--likelihood", "2", "--impact", "2", "--review", "2011-02-01"],
        AWKWARD,
    ),
    "new-person-block": (
        ["new", "person", "eve", "--name", "Eve Ray", "--role", "Analyst", "--organisation",
         "Warwickshire County Council", "--email", "eve@example.org"],
        TEAM,
    ),
    "new-person-flow": (
        ["new", "person", "fay", "--name", "Fay Orr", "--role", "Clerk", "--organisation",
         "Solihull MBC"],
        PEOPLE,
    ),
    "new-board": (
        ["new", "board", "jsg", "--name", "Joint Steering Group", "--chair", "ann",
         "--member", "ann", "--member", "dev", "--meets", "monthly"],
        "records/jsg.yaml",
    ),
    "new-paper": (
        ["new", "paper", "brd-2011-04", "--board", "brd", "--meeting", "2011-04-13",
         "--title", "Progress: April", "--author", "cat"],
        "records/papers/brd-2011-04.yaml",
    ),
}  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime (the edit lock aside)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".pmo.lock"
    }


def _lines(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n", "␍\n").splitlines(keepends=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_diff(
    name: str, repo: Path, runner: CliRunner, golden: Callable[[str, str], None]
) -> None:
    args, target = CASES[name]
    before = snapshot(repo)
    result = runner.invoke(app, [*args, "--root", str(repo)])
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    assert {k for k in after if after[k][0] != before.get(k, (None,))[0]} == {target}
    assert not [str(p) for p in validate(repo).problems if p.severity == "error"]
    old = _lines(before[target][0]) if target in before else []
    new = _lines(after[target][0])
    source = f"a/{target}" if target in before else "/dev/null"
    diff = "".join(difflib.unified_diff(old, new, source, f"b/{target}"))
    golden(f"cycle/{name}.diff", diff)


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith(("add-", "new-person"))])
def test_adding_removes_no_line(name: str, repo: Path, runner: CliRunner) -> None:
    """Adding an action or a person only adds lines (a flow risk's one line aside)."""
    args, target = CASES[name]
    old = (repo / target).read_text().splitlines()
    assert runner.invoke(app, [*args, "--root", str(repo)]).exit_code == 0
    new = (repo / target).read_text().splitlines()
    removed = [line for line in difflib.ndiff(old, new) if line.startswith("- ")]
    assert len(removed) <= (1 if "flow" in name else 0), removed


def test_line_ends_and_byte_order_mark_are_kept(repo: Path, runner: CliRunner) -> None:
    for name in ("set-crlf-board", "set-paper-bom-section"):
        assert runner.invoke(app, [*CASES[name][0], "--root", str(repo)]).exit_code == 0
    board = (repo / BOARD).read_bytes()
    assert board.count(b"\n") == board.count(b"\r\n") > 10
    assert (repo / PAPER).read_bytes().startswith(b"\xef\xbb\xbf# A paper")


def test_a_sequence_of_cycle_edits_keeps_every_comment(repo: Path, runner: CliRunner) -> None:
    comments = [
        line.split("#", 1)[1]
        for path in (AWKWARD, BOARD, TEAM, PAPER)
        for line in (repo / path).read_text(encoding="utf-8-sig").splitlines()
        if "#" in line and "://" not in line
    ]
    for name in (
        "set-flow-item-grows", "set-nested-block-map", "add-action-block", "done-action",
        "reforecast-block", "rescore-review", "set-crlf-board", "set-crlf-board-remove-member",
        "new-person-block", "set-paper-bom-add-section", "set-remove-keys",
    ):  # fmt: skip
        result = runner.invoke(app, [*CASES[name][0], "--root", str(repo)])
        assert result.exit_code == 0, (name, result.output)
    text = "".join(
        (repo / p).read_text(encoding="utf-8-sig") for p in (AWKWARD, BOARD, TEAM, PAPER)
    )
    missing = [c for c in comments if c not in text]
    # Only the comment on the member taken out of the board goes with it.
    assert missing == [" from the team file"]
    assert not [str(p) for p in validate(repo).problems if p.severity == "error"]
