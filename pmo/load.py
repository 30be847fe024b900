"""Read a records repository from a source and assemble the portfolio.

One pass: the source lists every file by content id (:mod:`pmo.source`: the working tree or
one commit); the cache (:mod:`pmo.cache`) gives the outcome of every content it has seen;
the rest are read once and validated (in parallel when many); then every record is
assembled and each id indexed. Problems are located at ``file:line:col``
(``file@commit:line:col`` for a commit). Bad user data never raises out of here: it comes
back as problems.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmo.locate import KeyPath, Locator, Mark, _find_mark, locate_files
from pmo.portfolio import Origin, Portfolio
from pmo.problems import Problem
from pmo.records import ITEM_KINDS, Board, Paper, People, Programme, Project, Settings
from pmo.source import (
    MAX_FILES,
    RECORDS_DIR,
    SETTINGS_FILE,
    Listing,
    Source,
    WorkingTree,
    blob_id,
    read_regular,
    record_paths,
)

if TYPE_CHECKING:  # the YAML parser and the cache are imported only when needed
    from pmo.cache import Outcome, Store

__all__ = [
    "MAX_FILES",
    "RECORDS_DIR",
    "SETTINGS_FILE",
    "KeyPath",
    "Locator",
    "Mark",
    "_find_mark",
    "locate_files",
]

TEMPLATES_DIR = "templates"


class RepositoryNotFound(Exception):
    """No folder holding pmo.yaml or records/ at or above the start folder."""


def is_repository(folder: Path) -> bool:
    """True when ``folder`` holds pmo.yaml or a records/ folder (links count: they are
    reported as problems when read)."""
    return (folder / SETTINGS_FILE).exists() or (folder / RECORDS_DIR).is_dir()


def find_root(start: Path | None = None) -> Path:
    """Walk up from ``start`` (default: the working folder) to the repository root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_repository(folder):
            return folder
    raise RepositoryNotFound(
        f"no records repository found at or above {here} (looked for {SETTINGS_FILE} or "
        f"{RECORDS_DIR}/); run 'pmo init' to make one, or pass --root DIR"
    )


def record_files(root: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below ``records/``, sorted, hidden folders and files skipped."""
    return [root / rel for rel in record_paths(root)]


@dataclass(slots=True)
class FileRecord:
    """One record file, read: its record (None when unusable) and its own problems."""

    path: str
    record: Any
    problems: list[Problem] = field(default_factory=list)


def read_record_file(
    root: Path, path: Path, locator: Locator, raw: bytes | None = None
) -> FileRecord:
    """Read and validate one record file; problems are located in it.

    ``raw``: the file's bytes when they are not (yet) on disk, e.g. an edit being checked.
    """
    rel = path.relative_to(root).as_posix()
    if raw is None:
        got, problem = read_regular(rel, path)
        if got is None:
            assert problem is not None
            return FileRecord(rel, None, [problem])
        raw = got
    else:
        from pmo.yamlread import read_bytes

        locator.remember(rel, read_bytes(raw, locate=True))
    return read_record_bytes(rel, raw, locator)


def read_record_bytes(rel: str, raw: bytes, locator: Locator) -> FileRecord:
    """Validate one record file's bytes (``rel``: its path relative to the root)."""
    from pmo.yamlread import read_bytes

    shown = locator.label(rel)
    result = read_bytes(raw)
    problems = [
        Problem(shown, p.line, p.column, "error", p.code, p.message) for p in result.problems
    ]
    if result.data is None and not problems:
        message = "the file holds no record (it is empty or only comments)"
        problems.append(Problem(shown, 1, 1, "error", "empty-file", message))
    if any(p.code != "duplicate-key" for p in problems):
        # The data is not what the author meant; fix the YAML first.
        return FileRecord(rel, None, problems)
    from pmo.schema import validate_record

    record, field_problems = validate_record(result.data)
    for fp in field_problems:
        problems.append(
            locator.problem(rel, fp.path, "error", fp.code, fp.message, at_key=fp.at_key)
        )
    return FileRecord(rel, record, problems)


def read_settings_bytes(raw: bytes, locator: Locator) -> tuple[Settings, list[Problem]]:
    """``pmo.yaml``'s bytes, validated; defaults when unusable."""
    from pmo.yamlread import read_bytes

    shown = locator.label(SETTINGS_FILE)
    result = read_bytes(raw)
    problems = [
        Problem(shown, p.line, p.column, "error", p.code, p.message) for p in result.problems
    ]
    if result.data is None or problems:
        return Settings(), problems
    if not isinstance(result.data, dict):
        return Settings(), [
            Problem(shown, 1, 1, "error", "not-a-mapping", "pmo.yaml must be a mapping")
        ]
    from pmo.schema import validate_as

    settings, field_problems = validate_as(Settings, result.data)
    for fp in field_problems:
        problems.append(
            locator.problem(SETTINGS_FILE, fp.path, "error", fp.code, fp.message, at_key=fp.at_key)
        )
    return (settings or Settings()), problems


def read_settings(root: Path, locator: Locator) -> tuple[Settings, list[Problem]]:
    """``pmo.yaml`` on disk, validated; defaults when absent or unusable."""
    path = root / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return Settings(), []
    raw, problem = read_regular(SETTINGS_FILE, path)
    if raw is None:
        assert problem is not None
        return Settings(), [problem]
    return read_settings_bytes(raw, locator)


def assemble(
    root: Path, settings: Settings, files: Iterable[FileRecord], locator: Locator
) -> tuple[Portfolio, list[Problem]]:
    """Index every record and nested id; a second use of an id is a ``duplicate-id`` error."""
    pf = Portfolio(root=root, settings=settings)
    problems: list[Problem] = []

    def claim(id_: str, kind: str, origin: Origin) -> bool:
        first = pf.origins.get(id_)
        if first is not None:
            line, _ = locator.mark(*first)
            problems.append(
                locator.problem(
                    origin[0],
                    (*origin[1], "id"),
                    "error",
                    "duplicate-id",
                    f"id '{id_}' is already used by the {pf.id_kinds[id_]} at "
                    f"{locator.label(first[0])}:{line}",
                )
            )
            return False
        pf.origins[id_] = origin
        pf.id_kinds[id_] = kind
        return True

    for fr in files:
        pf.files.append(fr.path)
        rec = fr.record
        problems.extend(fr.problems)
        if rec is None:
            continue
        rel = fr.path
        if isinstance(rec, People):
            for i, person in enumerate(rec.people):
                if claim(person.id, "person", (rel, ("people", i))):
                    pf.people[person.id] = person
            continue
        if not claim(rec.id, rec.kind, (rel, ())):
            continue
        if isinstance(rec, Board):
            pf.boards[rec.id] = rec
        elif isinstance(rec, Paper):
            pf.papers[rec.id] = rec
        else:
            if isinstance(rec, Programme):
                pf.programmes[rec.id] = rec
            elif isinstance(rec, Project):
                pf.projects[rec.id] = rec
            for item_kind in ITEM_KINDS:
                for i, item in enumerate(getattr(rec, item_kind.key)):
                    if claim(item.id, item_kind.name, (rel, (item_kind.key, i))):
                        pf.parents[item.id] = rec.id
    return pf, problems


# ---- one pass: list → cache → read and validate what is new → assemble ---------------------


def _bare(problems: list[Problem]) -> list[tuple[int, int, str, str, str]]:
    return [(p.line, p.column, p.severity, p.code, p.message) for p in problems]


def _dressed(shown: str, bare: list[tuple[int, int, str, str, str]]) -> list[Problem]:
    return [Problem(shown, line, col, sev, code, msg) for line, col, sev, code, msg in bare]  # type: ignore[arg-type]


def _validate(root: Path, rel: str, raw: bytes, settings: bool = False) -> Outcome:
    """Validate one file's bytes on their own: the outcome the cache keeps for this content."""
    from pmo.cache import Outcome

    locator = Locator(root, given={rel: raw})
    if settings:
        record, problems = read_settings_bytes(raw, locator)
    else:
        fr = read_record_bytes(rel, raw, locator)
        record, problems = fr.record, fr.problems
    return Outcome(record, _bare(problems), locator.marks.get(rel, {}))


def _validate_job(job: tuple[Path, str, bytes]) -> bytes:
    """:func:`_validate` in a worker: the outcome travels once, already encoded."""
    from pmo.cache import encode

    return encode(_validate(*job))


@dataclass(slots=True)
class LoadResult:
    """A loaded portfolio and every problem found on the way (file-level and clashes)."""

    portfolio: Portfolio
    problems: list[Problem]
    locator: Locator
    #: Files validated afresh (not restored from the cache).
    fresh: int = 0
    caching: bool = False
    #: What was listed (paths and content ids).
    listing: Listing = field(default_factory=Listing)
    #: The cache, opened (None when off).
    store: Store | None = None
    #: Each file's cache key and outcome (to store the marks found later).
    outcomes: dict[str, tuple[str, Outcome]] = field(default_factory=dict)

    def locate(self, id_: str, *keys: str | int) -> tuple[str, int, int]:
        """Where a record, nested item or one of its fields is: (path, line, column).

        ``locate("csw-adults-r1", "likelihood")`` → ``("records/csw/adults.yaml", 98, 17)``.
        Raises KeyError for an id that does not exist.
        """
        rel, path = self.portfolio.origins[id_]
        line, column = self.locator.mark(rel, (*path, *keys))
        return rel, line, column

    def save_cache(self) -> None:
        """Store what was read (and every mark found) for the next run, when anything changed."""
        store = self.store
        if store is None or not store.active:
            return
        if self.locator.new_marks:
            for rel, (key, outcome) in self.outcomes.items():
                marks = self.locator.marks.get(rel)
                if marks and marks != outcome.marks:
                    outcome.marks = dict(marks)
                    store.remark(key, outcome)
            self.locator.new_marks = False
        store.save()


def load(
    root: Path,
    *,
    use_cache: bool | None = None,
    save: bool = True,
    source: Source | None = None,
    store: Store | None = None,
) -> LoadResult:
    """Read a whole repository from ``source`` (default: its working tree) and assemble it.

    Contents seen before come from the cache (see :mod:`pmo.cache`; ``use_cache`` overrides
    whether it is used); the rest are validated, in parallel when there are many. With
    ``save`` false the caller saves the cache (:meth:`LoadResult.save_cache`) when done.
    """
    with long_lived():
        result = _load(root, source if source is not None else WorkingTree(root), use_cache, store)
    if save:
        result.save_cache()
    return result


@contextmanager
def long_lived() -> Iterator[None]:
    """Within, build objects that live as long as the command (the records read).

    Millions of small objects, none of them cyclic garbage: the cyclic collector is paused
    while they are made, then they are frozen out of its sight (later collections skip
    them), and its young generation is made roomy (:func:`_roomy_young_generation`).
    """
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_on:
            gc.freeze()
            _roomy_young_generation()
            gc.enable()


#: The young generation of the cyclic garbage collector once records are loaded.
YOUNG_GENERATION = 100_000


def _roomy_young_generation() -> None:
    """Collect cyclic garbage every 100,000 new objects, not every 700 (Python's default).

    What a report builds from the records (rows, cells, reasons: a dozen objects a risk)
    lives until it is printed and holds no cycles. With the default thresholds the
    collector rescans it as it grows (a full collection every 70,000 new objects): at
    10,000 projects that cost more than building the risk register itself. A larger young
    generation makes collections rare and each one cheap; cyclic garbage still goes.
    """
    young, middle, old = gc.get_threshold()
    if 0 < young < YOUNG_GENERATION:
        gc.set_threshold(YOUNG_GENERATION, middle, old)


@dataclass(slots=True)
class Reading:
    """Every file of a source, read (through the cache): before assembly."""

    settings: Settings
    #: Problems of pmo.yaml, of folders and of the repository as a whole.
    problems: list[Problem]
    #: Every record file, by path.
    files: list[FileRecord]
    locator: Locator
    listing: Listing
    store: Store | None
    outcomes: dict[str, tuple[str, Outcome]]
    fresh: int


def open_cache(root: Path, use_cache: bool | None = None) -> Store | None:
    """The cache of ``root``, opened; None when turned off."""
    from pmo import cache

    caching = cache.enabled() if use_cache is None else use_cache
    return cache.Store(root) if caching else None


def read_all(
    root: Path,
    source: Source | None = None,
    *,
    use_cache: bool | None = None,
    store: Store | None = None,
) -> Reading:
    """List the source, take what the cache knows, read and validate the rest (once each)."""
    source = source if source is not None else WorkingTree(root)
    if store is None:
        store = open_cache(root, use_cache)
    listing = source.listing()
    locator = Locator(root, source)
    outcomes: dict[str, tuple[str, Outcome]] = {}
    files: dict[str, FileRecord] = {
        rel: FileRecord(rel, None, [problem]) for rel, problem in listing.failed.items()
    }
    todo: list[tuple[str, str]] = []  # (rel, key)
    wanted = dict(listing.files)
    if listing.settings is not None:
        wanted[SETTINGS_FILE] = listing.settings
    for rel, oid in wanted.items():
        key = f"{'s' if rel == SETTINGS_FILE else 'r'}:{oid}"
        outcome = store.get(key) if store is not None else None
        if outcome is None:
            todo.append((rel, key))
        else:
            outcomes[rel] = (key, outcome)
    fresh = sum(1 for rel, _ in todo if rel != SETTINGS_FILE)
    if todo:
        _read_new(root, source, todo, outcomes, files, store)
    for rel, (_, outcome) in outcomes.items():
        locator.marks[rel] = dict(outcome.marks)
        if rel != SETTINGS_FILE:
            shown = source.label(rel)
            files[rel] = FileRecord(rel, outcome.record, _dressed(shown, outcome.problems))
    if isinstance(source, WorkingTree):
        source.forget()
    settings, problems = Settings(), list(listing.problems)
    if listing.settings_problem is not None:
        problems.insert(0, listing.settings_problem)
    elif SETTINGS_FILE in outcomes:
        outcome = outcomes[SETTINGS_FILE][1]
        if isinstance(outcome.record, Settings):
            settings = outcome.record
        problems[:0] = _dressed(source.label(SETTINGS_FILE), outcome.problems)
    elif SETTINGS_FILE in files:  # pmo.yaml listed but unreadable now
        problems[:0] = files.pop(SETTINGS_FILE).problems
    ordered = [files[rel] for rel in sorted(files)]
    return Reading(settings, problems, ordered, locator, listing, store, outcomes, fresh)


def _load(root: Path, source: Source, use_cache: bool | None, store: Store | None) -> LoadResult:
    reading = read_all(root, source, use_cache=use_cache, store=store)
    portfolio, clashes = assemble(root, reading.settings, reading.files, reading.locator)
    portfolio.source = source.state
    store = reading.store
    return LoadResult(
        portfolio,
        reading.problems + clashes,
        reading.locator,
        fresh=reading.fresh,
        caching=store is not None and store.active,
        listing=reading.listing,
        store=store,
        outcomes=reading.outcomes,
    )


def _read_new(
    root: Path,
    source: Source,
    todo: list[tuple[str, str]],
    outcomes: dict[str, tuple[str, Outcome]],
    files: dict[str, FileRecord],
    store: Store | None,
) -> None:
    """Read the files the cache did not have, once, and validate them (in parallel if many)."""
    from pmo.cache import decode, encode
    from pmo.parallel import pmap, workers

    got = source.read([rel for rel, _ in todo])
    jobs: list[tuple[Path, str, bytes, bool]] = []
    for rel, _ in todo:
        raw = got.get(rel)
        if isinstance(raw, bytes):
            jobs.append((root, rel, raw, rel == SETTINGS_FILE))
        elif raw is not None:
            files[rel] = FileRecord(rel, None, [raw])
    records = [job[:3] for job in jobs if not job[3]]
    done: list[tuple[Outcome, bytes | None]] = []
    if workers(len(records)) > 1:
        from pmo.records import KINDS
        from pmo.schema import adapter

        for cls in KINDS.values():  # built once here, shared by every forked worker
            adapter(cls)
        payloads = pmap(_validate_job, records, "Reading records")
        done = [(decode(payload)[0], payload) for payload in payloads]
    else:
        done = [(o, None) for o in pmap(lambda job: _validate(*job), records, "Reading records")]
    for job in jobs:
        if job[3]:
            done.append((_validate(root, SETTINGS_FILE, job[2], settings=True), None))
            records.append(job[:3])
    for (_, rel, raw), (outcome, payload) in zip(records, done, strict=True):
        # The key is the content validated (the file may have changed since it was listed).
        key = f"{'s' if rel == SETTINGS_FILE else 'r'}:{blob_id(raw)}"
        outcomes[rel] = (key, outcome)
        if store is not None and store.active:
            store.put(key, payload if payload is not None else encode(outcome))


def settings_of(root: Path, store: Store | None = None) -> Settings:
    """The working tree's ``pmo.yaml`` (from the cache when its content was seen before);
    defaults when absent or unusable."""
    raw, _ = read_regular(SETTINGS_FILE, root / SETTINGS_FILE)
    if raw is None:
        return Settings()
    key = f"s:{blob_id(raw)}"
    outcome = store.get(key) if store is not None else None
    if outcome is None:
        from pmo.cache import encode

        outcome = _validate(root, SETTINGS_FILE, raw, settings=True)
        if store is not None:
            store.put(key, encode(outcome))
    return outcome.record if isinstance(outcome.record, Settings) else Settings()


@dataclass(slots=True)
class Remembered:
    """What the cache remembers of a repository, beside the fingerprint of its files now."""

    fingerprint: bytes
    settings: Settings | None
    extra: dict[str, bytes]
    files: int
    store: Store


def remembered(root: Path) -> Remembered | None:
    """The cache's extra data for ``root`` and the fingerprint of its working tree now (every
    file listed and hashed, none validated); None when the cache is off or empty."""
    from pmo import cache

    if not cache.enabled():
        return None
    store = cache.Store(root)
    if not store.active or not store.extra:
        return None
    listing = WorkingTree(root).listing()
    settings = None
    if listing.settings is not None:
        outcome = store.get(f"s:{listing.settings}")
        if outcome is None or not isinstance(outcome.record, Settings):
            return None
        settings = outcome.record
    elif listing.settings_problem is None:
        settings = Settings()
    return Remembered(listing.fingerprint(), settings, store.extra, len(listing.paths()), store)
