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
    RECORDS_DIR,
    FileRecord,
    KeyPath,
    LoadResult,
    Locator,
    Mark,
    assemble,
    load,
    read_all,
    read_record_file,
    remembered,
)
from pmo.portfolio import Portfolio
from pmo.problems import Problem, sort_key
from pmo.records import Settings
from pmo.source import MAX_FILES

#: The name of the last validation's verdict among the cache's extra data.
VERDICT = "validation"


@dataclass(slots=True)
class Validation:
    """The outcome of validating a repository: its problems, sorted, and the files read."""

    loaded: LoadResult
    problems: list[Problem]
    files: int


def _verdict(fingerprint: bytes, day: dt.date, problems: list[Problem], files: int) -> bytes:
    import msgspec

    rows = [[p.path, p.line, p.column, p.severity, p.code, p.message] for p in problems]
    return bytes(msgspec.msgpack.encode([fingerprint, day.isoformat(), rows, files]))


def _read_verdict(payload: bytes) -> tuple[bytes, dt.date, list[Problem], int] | None:
    import msgspec

    try:
        fingerprint, day, rows, files = msgspec.msgpack.decode(
            payload, type=tuple[bytes, str, list[tuple[str, int, int, str, str, str]], int]
        )
        problems = [Problem(*row) for row in rows]  # type: ignore[arg-type]
        if any(p.severity not in ("error", "warning") for p in problems):
            return None
        return fingerprint, dt.date.fromisoformat(day), problems, files
    except (msgspec.DecodeError, ValueError, TypeError):
        return None


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
    store = loaded.store
    if store is not None and store.active and len(pf.files) <= MAX_FILES:
        fingerprint = loaded.listing.fingerprint()
        store.set_extra(VERDICT, _verdict(fingerprint, day, problems, len(pf.files)))
    loaded.save_cache()  # with the marks the checks found
    return Validation(loaded, problems, len(pf.files))


def cached_validation(root: Path, as_of: dt.date | None = None) -> tuple[list[Problem], int] | None:
    """The problems and file count of the last validation, when no file has changed since
    and it was as of the same date; else None (then call :func:`validate`).

    The problems depend only on the files, the date and the version of pmo (the cache is
    dropped on a new version), so nothing needs re-reading: a warm ``pmo validate`` of an
    unchanged repository restores no record at all.
    """
    found = remembered(root)
    if found is None or found.settings is None:
        return None
    payload = found.extra.get(VERDICT)
    verdict = _read_verdict(payload) if payload is not None else None
    if verdict is None:
        return None
    fingerprint, day, problems, files = verdict
    if fingerprint != found.fingerprint or files != found.files:
        return None
    if day != (as_of or found.settings.as_of or dt.date.today()):
        return None
    return problems, files


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
    """Read the settings and every record file of the repository at ``root`` (through the
    cache: only files changed since the last run are validated)."""
    reading = read_all(root)
    loaded = LoadResult(
        Portfolio(root),
        [],
        reading.locator,
        store=reading.store,
        outcomes=reading.outcomes,
    )
    loaded.save_cache()
    return Snapshot(root, reading.settings, reading.problems, reading.files, reading.locator)


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
