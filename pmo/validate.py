"""Validation of a whole repository: load every file, then run the cross-record rules.

>>> from pathlib import Path
>>> result = validate(Path("records-that-do-not-exist"))
>>> result.files, result.problems
(0, [])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pmo.check import check
from pmo.load import (
    MAX_FILES,
    RECORDS_DIR,
    LoadResult,
    Locator,
    assemble,
    load,
    read_record_file,
    read_settings,
    record_files,
)
from pmo.problems import Problem, sort_key


@dataclass(slots=True)
class Validation:
    """The outcome of validating a repository: its problems, sorted, and the files read."""

    loaded: LoadResult
    problems: list[Problem]
    files: int


def validate(root: Path, as_of: dt.date | None = None) -> Validation:
    """Every problem in the repository at ``root``, as of ``as_of`` (default: pinned or today)."""
    loaded = load(root)
    pf = loaded.portfolio
    problems = loaded.problems + check(pf, loaded.locator, as_of or pf.as_of())
    problems.sort(key=sort_key)
    return Validation(loaded, problems, len(pf.files))


def validate_with(
    root: Path, overrides: Mapping[str, bytes], as_of: dt.date | None = None
) -> Validation:
    """Validate the repository as it would be with some record files replaced or added.

    ``overrides`` maps paths relative to ``root`` (``records/...``) to their new bytes;
    nothing is written. Problems in those files are located in the new bytes. This is how
    an edit is checked before it is saved.
    """
    locator = Locator(root)
    settings, problems = read_settings(root, locator)
    on_disk = {p.relative_to(root).as_posix(): p for p in record_files(root)}
    wanted = set(on_disk) | {rel for rel in overrides if rel.startswith(f"{RECORDS_DIR}/")}
    rels = sorted(wanted)[:MAX_FILES]
    files = [read_record_file(root, root / rel, locator, overrides.get(rel)) for rel in rels]
    portfolio, clashes = assemble(root, settings, files, locator)
    loaded = LoadResult(portfolio, problems + clashes, locator)
    found = loaded.problems + check(portfolio, locator, as_of or portfolio.as_of())
    found.sort(key=sort_key)
    return Validation(loaded, found, len(portfolio.files))
