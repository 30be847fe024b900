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
    FileRecord,
    LoadResult,
    Locator,
    assemble,
    load,
    read_record_file,
    read_settings,
    record_files,
)
from pmo.problems import Problem, sort_key
from pmo.records import Settings
from pmo.yamlread import KeyPath, Mark


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


@dataclass(slots=True)
class Snapshot:
    """A repository's settings and record files, read once.

    An edit validates the repository twice, as it is and as the edit would leave it;
    a snapshot reads every file once for both, and the second check reuses the first's
    parsed source locations (only the edited files are read again).
    """

    root: Path
    settings: Settings
    problems: list[Problem]
    files: list[FileRecord]
    locator: Locator


def snapshot(root: Path) -> Snapshot:
    """Read the settings and every record file of the repository at ``root``."""
    locator = Locator(root)
    settings, problems = read_settings(root, locator)
    paths = record_files(root)
    if len(paths) > MAX_FILES:
        problems.append(
            Problem(
                RECORDS_DIR,
                1,
                1,
                "error",
                "too-many-files",
                f"{len(paths):,} record files; pmo reads at most {MAX_FILES:,}",
            )
        )
        paths = paths[:MAX_FILES]
    files = [read_record_file(root, path, locator) for path in paths]
    return Snapshot(root, settings, problems, files, locator)


class _Unlocated(Locator):
    """Places every problem at 1:1, parsing nothing: for when only the problems matter."""

    def mark(self, rel: str, path: KeyPath, *, at_key: bool = False) -> Mark:
        return (1, 1)


def validate_with(
    root: Path | Snapshot,
    overrides: Mapping[str, bytes] | None = None,
    as_of: dt.date | None = None,
    *,
    locate: bool = True,
) -> Validation:
    """Validate the repository as it would be with some record files replaced or added.

    ``overrides`` maps paths relative to the root (``records/...``) to their new bytes;
    nothing is written. Problems in those files are located in the new bytes. This is how
    an edit is checked before it is saved. ``root`` may be a :class:`Snapshot` already read.
    ``locate=False`` places the cross-record problems at 1:1 instead of parsing files for
    their positions (much faster when there are many warnings and only the yes/no matters).
    """
    snap = root if isinstance(root, Snapshot) else snapshot(root)
    base = snap.root
    overrides = overrides or {}
    locator = snap.locator
    files = snap.files
    if overrides:
        locator = locator.fork()
        new = {
            rel: read_record_file(base, base / rel, locator, raw)
            for rel, raw in overrides.items()
            if rel.startswith(f"{RECORDS_DIR}/")
        }
        files = [new.pop(fr.path, fr) for fr in files] + list(new.values())
        files.sort(key=lambda fr: fr.path)
    if not locate:
        locator = _Unlocated(base)
    portfolio, clashes = assemble(base, snap.settings, files, locator)
    loaded = LoadResult(portfolio, snap.problems + clashes, locator)
    found = loaded.problems + check(portfolio, locator, as_of or portfolio.as_of())
    found.sort(key=sort_key)
    return Validation(loaded, found, len(portfolio.files))
