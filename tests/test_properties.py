"""Properties over valid repositories of any shape: round trip, clean validation, order."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pmo.load
import pmo.source
from pmo.dump import dumps
from pmo.load import Locator, load, read_record_file, read_settings, record_files
from pmo.rag import dimensions, rate_all
from pmo.validate import validate
from tests.commands import edit_commands, invoke, read_commands, snapshot
from tests.hostile import assert_tables_keep_their_columns
from tests.strategies import AS_OF, Repo, repositories


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder for one test function (Hypothesis runs many examples in it)."""
    path = Path(tempfile.mkdtemp(prefix="pmo-prop-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def fresh(scratch: Path, name: str = "repo") -> Path:
    path = scratch / name
    if path.exists():
        shutil.rmtree(path)
    return path


def records_by_file(root: Path) -> dict[str, Any]:
    locator = Locator(root)
    out: dict[str, Any] = {}
    for path in record_files(root):
        fr = read_record_file(root, path, locator)
        assert not fr.problems, fr.problems
        out[fr.path] = fr.record
    return out


@given(repo=repositories())
def test_round_trip_load_dump_load(scratch: Path, repo: Repo) -> None:
    """load → dump → load gives the same records, settings and portfolio."""
    root = repo.write(fresh(scratch))
    first = records_by_file(root)
    settings, problems = read_settings(root, Locator(root))
    assert not problems
    again = fresh(scratch, "again")
    (again / "records").mkdir(parents=True)
    (again / "pmo.yaml").write_text(dumps(settings), encoding="utf-8")
    for rel, record in first.items():
        (again / rel).parent.mkdir(parents=True, exist_ok=True)
        (again / rel).write_text(dumps(record), encoding="utf-8")
    assert records_by_file(again) == first
    assert read_settings(again, Locator(again)) == (settings, [])
    a, b = load(root).portfolio, load(again).portfolio
    for attr in ("settings", "programmes", "projects", "people", "boards", "papers", "origins"):
        assert getattr(a, attr) == getattr(b, attr), attr


@given(repo=repositories())
def test_valid_repository_validates_clean_and_every_command_succeeds(
    scratch: Path, repo: Repo
) -> None:
    """No errors (warnings are fine); every read-only command exits 0 and writes nothing."""
    root = repo.write(fresh(scratch))
    result = validate(root)
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert errors == []
    assert result.files == len(repo.record_paths)
    explored(root)
    runner = CliRunner()
    before = snapshot(root)
    for args in read_commands(root):
        outcome = invoke(runner, args)
        if "--strict" not in args and "--fail-on" not in args:
            assert outcome.exit_code == 0, (args, outcome.output)
        if outcome.exit_code == 0:
            well_formed(args, outcome.stdout)
    assert snapshot(root) == before
    for args in edit_commands(root, dry_run=False):  # each edit keeps the repository valid
        outcome = invoke(runner, args)
        assert outcome.exit_code == 0, (args, outcome.output)
        errors = [str(p) for p in validate(root).problems if p.severity == "error"]
        assert errors == [], args


def explored(root: Path) -> None:
    """Say what the example reaches (``pytest --hypothesis-show-statistics``): how much work,
    and each rating of each dimension on the reporting date."""
    pf = load(root).portfolio
    event(f"{min(len(pf.programmes) + len(pf.projects), 3)}+ programmes and projects")
    for r in rate_all(pf, AS_OF).values():
        for name, d in dimensions(r):
            event(f"{name} {d.rating}")
        event(f"stale {r.stale}")


def well_formed(args: list[str], out: str) -> None:
    """JSON parses; CSV rows and markdown table rows have their header's number of cells."""
    fmt = args[args.index("--format") + 1] if "--format" in args else None
    if fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows and all(len(row) == len(rows[0]) for row in rows), args
    elif fmt == "markdown" or args[0] in ("paper", "report"):
        assert_tables_keep_their_columns(out, args)


def commands(root: Path) -> list[list[str]]:
    """The read-only commands, each in one format (JSON where it has it): the order of
    files changes what is read, not how it is shown."""
    return [a for a in read_commands(root) if "--format" not in a or "json" in a]


def shuffled_walk(rng: random.Random) -> Any:
    real = os.fwalk

    def walk(
        top: Any, *args: Any, **kwargs: Any
    ) -> Iterator[tuple[str, list[str], list[str], int]]:
        for folder, dirs, files, fd in real(top, *args, **kwargs):
            rng.shuffle(dirs)  # in place: the loader's pruning still steers the walk
            rng.shuffle(files)
            yield folder, dirs, files, fd

    return walk


@settings(max_examples=max(4, settings.default.max_examples // 2))
@given(repo=repositories(), rng=st.randoms(use_true_random=False))
def test_output_does_not_depend_on_directory_order(
    scratch: Path, repo: Repo, rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written in another order and listed in another order: the same output."""
    outputs = []
    for name in ("one", "two"):
        order = list(repo.files)
        rng.shuffle(order)
        root = repo.write(fresh(scratch, name), order)
        with monkeypatch.context() as patch:
            patch.setattr(pmo.source.os, "fwalk", shuffled_walk(rng))
            runner = CliRunner()
            outputs.append(
                {" ".join(args[:-1]): invoke(runner, args).output for args in commands(root)}
            )
    assert outputs[0] == outputs[1]
