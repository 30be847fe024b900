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
    SETTINGS_FILE,
    FileRecord,
    KeyPath,
    LoadResult,
    Locator,
    Mark,
    assemble,
    bounded_record_files,
    load,
    read_record_file,
    read_settings,
    unchanged,
)
from pmo.problems import Problem, sort_key
from pmo.records import Settings


@dataclass(slots=True)
class Validation:
    """The outcome of validating a repository: its problems, sorted, and the files read."""

    loaded: LoadResult
    problems: list[Problem]
    files: int


def validate(
    root: Path, as_of: dt.date | None = None, *, use_cache: bool | None = None
) -> Validation:
    """Every problem in the repository at ``root``, as of ``as_of`` (default: pinned or today).

    ``use_cache``: restore unchanged files from the cache (default: unless turned off).
    """
    loaded = load(root, use_cache=use_cache, save=False)
    pf = loaded.portfolio
    day = as_of or pf.as_of()
    problems = loaded.problems + check(pf, loaded.locator, day)
    problems.sort(key=sort_key)
    if loaded.caching and len(pf.files) <= MAX_FILES:
        from pmo.cache import fingerprint

        verdict = (fingerprint(loaded.entries), day, problems, len(pf.files))
        if loaded.extra.get("validation") != verdict:
            loaded.extra["validation"] = verdict
            loaded.stale = True
    loaded.save_cache()  # with the marks the checks found
    return Validation(loaded, problems, len(pf.files))


def cached_validation(root: Path, as_of: dt.date | None = None) -> tuple[list[Problem], int] | None:
    """The problems and file count of the last validation, when no file has changed since
    and it was as of the same date; else None (then call :func:`validate`).

    The problems depend only on the files, the date and the version of pmo (the cache is
    dropped on a new version), so nothing needs re-reading: a warm ``pmo validate`` of an
    unchanged repository restores no record at all.
    """
    from pmo.cache import fingerprint

    found = unchanged(root)
    if found is None:
        return None
    entries, extra = found
    verdict = extra.get("validation")
    if not isinstance(verdict, tuple) or len(verdict) != 4:
        return None
    print_, day, problems, files = verdict
    if print_ != fingerprint(entries):
        return None
    if as_of is None:
        settings = entries.get(SETTINGS_FILE)
        outcome = settings.outcome() if settings is not None else (Settings(), [])
        if outcome is None or not isinstance(outcome[0], Settings):
            return None
        as_of = outcome[0].as_of or dt.date.today()
    if day != as_of:
        return None
    return list(problems), files


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
    paths = bounded_record_files(root, problems)
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
    found = loaded.problems + check(portfolio, locator, as_of or portfolio.as_of(), overrides)
    found.sort(key=sort_key)
    return Validation(loaded, found, len(portfolio.files))
