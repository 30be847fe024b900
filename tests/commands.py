"""Helpers for the property tests: run every pmo command that exists, snapshot a tree."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import typer
from typer.testing import CliRunner, Result

from pmo.cli import app


def registered() -> set[str]:
    """The names of the commands this build of pmo has."""
    group = typer.main.get_command(app)
    return set(getattr(group, "commands", {}))


#: More options, works and papers with the ci and thorough Hypothesis profiles; every
#: report in every output format in all of them (the default profile: every `make test`).
FULL = os.environ.get("HYPOTHESIS_PROFILE", "default") in ("ci", "thorough")
#: Every format of the table reports and of ``pmo show``.
TABLES = ("table", "json", "markdown", "csv")
DOCUMENTS = ("text", "markdown", "json")


def read_commands(root: Path, full: bool = FULL) -> list[list[str]]:
    """The read-only commands that exist, each report in each of its formats, on ``root``."""
    from pmo.load import load

    have = registered()
    pf = load(root).portfolio
    programmes, projects = list(pf.programmes), list(pf.projects)
    work = [*programmes[:1], *projects[:1]] + ([*programmes[1:2], *projects[1:2]] if full else [])
    candidates: list[list[str]] = [
        ["validate"],
        ["validate", "--format", "json"],
        ["validate", "--format", "github", "--strict"],
    ]
    if full:
        candidates.append(["schema"])
        candidates += [["milestones", "--overdue"], ["milestones", "--within", "30"]]
        candidates += [["risks", "--review-overdue"], ["status", "--fail-on", "red"]]
    for f in TABLES:
        candidates += [["status", "--format", f], ["milestones", "--all", "--format", f]]
        candidates += [["risks", "--all", "--format", f], ["risks", "--heatmap", "--format", f]]
        candidates += [["issues", "--all", "--format", f], ["decisions", "--format", f]]
        candidates += [["benefits", "--format", f]]
        candidates += [["status", "--explain", w, "--format", f] for w in work]
    for w in work:
        candidates += [["show", w, "--format", f] for f in DOCUMENTS]
        candidates += [["report", "highlight", w]]
    candidates += [["report", "status"], ["report", "risk-register"]]
    candidates += [["paper", p] for p in list(pf.papers)[: 2 if full else 1]]
    out = []
    for args in candidates:
        if args[0] not in have:
            continue
        if args[0] != "schema":
            args = [*args, "--root", str(root)]
        out.append(args)
    return out


def invoke(runner: CliRunner, args: list[str]) -> Result:
    """Run ``pmo ARGS``; fail the test on any exception other than a clean exit."""
    result = runner.invoke(app, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"pmo {' '.join(args)} raised {result.exception!r}\n{result.output}"
        ) from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    return result


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file below ``root``: modification time (ns) and SHA-256 of its bytes."""
    found: dict[str, tuple[int, str]] = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(root).as_posix()] = (path.stat().st_mtime_ns, digest)
    return found


def edit_commands(root: Path, *, dry_run: bool) -> list[list[str]]:
    """One run of each editing command that exists, on the first record it applies to."""
    from pmo.asof import achieved
    from pmo.load import load

    have = registered()
    pf = load(root).portfolio
    as_of = pf.as_of()
    work = list(pf.work())
    person = next(iter(pf.people), None)
    out: list[list[str]] = []
    if work:
        w = work[0]
        out.append(["update", w.id, "--rag", "amber", "--summary", "Edited by a property test."])
        if person is not None:
            out.append(
                ["add", "risk", w.id, "--title", "T", "--owner", person]
                + ["--likelihood", "2", "--impact", "3"]
            )
    for w in work:
        m = next((m for m in w.milestones if not achieved(m, as_of)), None)
        if m is not None:
            out.append(["done", m.id, "--date", as_of.isoformat()])
            break
    for w in work:
        r = next((r for r in w.risks if r.status == "open"), None)
        if r is not None:
            out.append(["rescore", r.id, "--likelihood", "1", "--impact", "1"])
            break
    first = [args for args in out if args[0] in have]
    tail = ["--root", str(root)] + (["--dry-run"] if dry_run else [])
    return [[*args, *tail] for args in first]
