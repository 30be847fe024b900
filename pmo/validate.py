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
from typing import TYPE_CHECKING

from pmo.check import PER_RECORD, check, check_references, unusable_ids
from pmo.load import (
    RECORDS_DIR,
    FileRecord,
    KeyPath,
    LoadResult,
    Locator,
    Mark,
    assemble,
    load,
    long_lived,
    read_all,
    read_record_file,
    remembered,
)
from pmo.portfolio import Portfolio
from pmo.problems import Problem, sort_key
from pmo.records import Settings
from pmo.source import MAX_FILES

if TYPE_CHECKING:
    from pmo.cache import Outcome, Store

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
    #: The cache the files were read through (None when it is off).
    store: Store | None = None

    def remember(self, outcomes: Mapping[str, tuple[str, Outcome]]) -> None:
        """Keep in the cache what validating some new contents gave (an edit just written),
        so the next command reads them from it."""
        store = self.store
        if store is None or not store.active or not outcomes:
            return
        from pmo.cache import encode

        for key, outcome in outcomes.values():
            store.put(key, encode(outcome))
        store.save()


def snapshot(root: Path) -> Snapshot:
    """Read the settings and every record file of the repository at ``root`` (through the
    cache: only files changed since the last run are validated)."""
    with long_lived():
        reading = read_all(root)
    loaded = LoadResult(
        Portfolio(root),
        [],
        reading.locator,
        store=reading.store,
        outcomes=reading.outcomes,
    )
    loaded.save_cache()
    return Snapshot(
        root, reading.settings, reading.problems, reading.files, reading.locator, reading.store
    )


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


# ---- an edit, checked as far as it can change anything -------------------------------------

#: A portfolio assembled, and the problems of its files and of ids used twice.
Assembled = tuple[Portfolio, list[Problem]]


def assembled(snap: Snapshot) -> Assembled:
    """The snapshot assembled into a portfolio, with the problems of its files and of ids
    used twice (placed at 1:1: for deciding, not showing)."""
    return assemble(snap.root, snap.settings, snap.files, _Unlocated(snap.root))


@dataclass(slots=True)
class EditCheck:
    """The errors of a repository before and after an edit, as far as the edit can change
    them (every other problem is the same before and after, so the errors an edit adds
    are the same as a whole validation finds: :func:`pmo.edit.apply.added_errors`)."""

    before: list[Problem]
    after: list[Problem]
    #: Each record file the edit writes: its cache key and what validating its content gave.
    outcomes: dict[str, tuple[str, Outcome]]


def check_edit(
    snap: Snapshot,
    before: Assembled,
    overrides: Mapping[str, bytes],
    as_of: dt.date | None = None,
) -> EditCheck:
    """Check an edit (``overrides``: new bytes of files below records/) against ``snap``.

    Only what the edit can change is checked: the files it writes are validated (the
    others' problems come from the cache and cannot change), the rules that look across
    records run in full on both sides, and the rules of :data:`pmo.check.PER_RECORD` run
    only on the programmes and projects that differ (a record edited, added, removed, or
    claimed or not by a duplicate id); so do the references, when every id names what it
    named before. ``before``: :func:`assembled` of ``snap``.
    """
    from pmo.load import _dressed, _validate
    from pmo.source import blob_id

    root = snap.root
    outcomes: dict[str, tuple[str, Outcome]] = {}
    new: dict[str, FileRecord] = {}
    for rel, raw in overrides.items():
        if rel.startswith(f"{RECORDS_DIR}/"):
            outcome = _validate(root, rel, raw)
            outcomes[rel] = (f"r:{blob_id(raw)}", outcome)
            shown = snap.locator.label(rel)
            new[rel] = FileRecord(rel, outcome.record, _dressed(shown, outcome.problems))
    files = [new.pop(fr.path, fr) for fr in snap.files] + list(new.values())
    files.sort(key=lambda fr: fr.path)
    unlocated = _Unlocated(root)
    # Each side: every file's own problems and the duplicate ids (from assembling), then
    # the rules. (Problems of the snapshot as a whole, pmo.yaml's, are the same on both.)
    pf_before, found_before = before
    pf_after, found_after = assemble(root, snap.settings, files, unlocated)
    changed = _changed(pf_before, pf_after)
    unusable_before, unusable_after = unusable_ids(pf_before, {}), unusable_ids(pf_after, overrides)
    narrowed = PER_RECORD
    if pf_before.id_kinds == pf_after.id_kinds and unusable_before == unusable_after:
        # Every id names what it named: a reference from a record the edit did not change
        # finds what it found, so references need checking only in the records it changed.
        narrowed |= {check_references}
    found_before = found_before + check(
        pf_before, unlocated, as_of or pf_before.as_of(), only=changed, narrowed=narrowed,
        unusable=unusable_before,
    )  # fmt: skip
    found_after += check(
        pf_after, unlocated, as_of or pf_after.as_of(), overrides, only=changed,
        narrowed=narrowed, unusable=unusable_after,
    )  # fmt: skip
    errors = [p for p in found_before if p.severity == "error"]
    return EditCheck(errors, [p for p in found_after if p.severity == "error"], outcomes)


def _changed(one: Portfolio, other: Portfolio) -> frozenset[str]:
    """The programmes and projects that are not the very same record in both portfolios."""
    ids: set[str] = set()
    for a, b in ((one, other), (other, one)):
        ids.update(w.id for w in a.work() if b.find_work(w.id) is not w)
    return frozenset(ids)
