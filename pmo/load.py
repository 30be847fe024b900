"""Find a records repository, read every record file, and assemble the portfolio.

Reading is per file (:func:`read_record_file`): bytes → YAML data → record, with
problems located at ``file:line:col``. Assembly indexes every id and reports clashes.
Bad user data never raises out of here: it comes back as problems.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmo.portfolio import Origin, Portfolio
from pmo.problems import Problem, Severity
from pmo.records import ITEM_KINDS, Board, Paper, People, Programme, Project, Settings

if TYPE_CHECKING:  # the YAML parser is imported only when a file must be parsed
    from pmo.cache import Entry
    from pmo.yamlread import ReadResult

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

SETTINGS_FILE = "pmo.yaml"
RECORDS_DIR = "records"
TEMPLATES_DIR = "templates"
#: The most record files one repository may hold.
MAX_FILES = 50_000


class RepositoryNotFound(Exception):
    """No folder holding pmo.yaml or records/ at or above the start folder."""


def find_root(start: Path | None = None) -> Path:
    """Walk up from ``start`` (default: the working folder) to the repository root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / RECORDS_DIR).is_dir():
            return folder
    raise RepositoryNotFound(
        f"no records repository found at or above {here} (looked for {SETTINGS_FILE} or "
        f"{RECORDS_DIR}/); run 'pmo init' to make one, or pass --root DIR"
    )


def record_files(root: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below ``records/``, sorted, hidden folders and files skipped."""
    base = root / RECORDS_DIR
    found: list[Path] = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder, name)
            for name in files
            if name.endswith((".yaml", ".yml")) and not name.startswith(".")
        )
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def bounded_record_files(root: Path, problems: list[Problem]) -> list[Path]:
    """:func:`record_files`, at most :data:`MAX_FILES` of them (beyond: a problem)."""
    paths = record_files(root)
    if len(paths) > MAX_FILES:
        message = f"{len(paths):,} record files; pmo reads at most {MAX_FILES:,}"
        problems.append(Problem(RECORDS_DIR, 1, 1, "error", "too-many-files", message))
        paths = paths[:MAX_FILES]
    return paths


class Locator:
    """Turns a key path inside a file into ``line:column``, parsing a file only when asked.

    Every answer is remembered per file (:attr:`marks`, kept in the cache), so a warm run
    locates its problems without parsing. Inside :meth:`deferred`, problems are located
    together at the end, each file parsed once.
    """

    #: Parsed files kept for locating (the most recent ones), to bound memory.
    KEEP = 16

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, ReadResult] = {}
        #: Files read from bytes given (not necessarily on disk): kept, never re-read.
        self._pinned: dict[str, ReadResult] = {}
        #: file → {(key path, at_key): mark}, every mark found so far
        self.marks: dict[str, dict[tuple[KeyPath, bool], Mark]] = {}
        #: True when a mark was found by parsing (the cache is then worth rewriting)
        self.new_marks = False
        self._pending: list[tuple[Problem, str, KeyPath, bool]] | None = None

    def fork(self) -> Locator:
        """A locator that starts with what this one has parsed; what it learns stays its own."""
        twin = Locator(self.root)
        twin._cache = dict(self._cache)
        twin._pinned = dict(self._pinned)
        twin.marks = {rel: dict(memo) for rel, memo in self.marks.items()}
        return twin

    def remember(self, rel: str, result: ReadResult) -> None:
        """Locate in ``result`` (a located read of bytes that may not be on disk) for ``rel``."""
        if result.locations is not None:
            self._pinned[rel] = result
            self.marks.pop(rel, None)

    def _keep(self, rel: str, result: ReadResult) -> None:
        self._cache[rel] = result
        while len(self._cache) > self.KEEP:
            del self._cache[next(iter(self._cache))]

    def _parsed(self, rel: str) -> ReadResult | None:
        result = self._pinned.get(rel) or self._cache.get(rel)
        if result is None:
            from pmo.yamlread import read_bytes

            try:
                raw = (self.root / rel).read_bytes()
            except OSError:
                return None
            result = read_bytes(raw, locate=True)
            self._keep(rel, result)
        return result

    def mark(self, rel: str, path: KeyPath, *, at_key: bool = False) -> Mark:
        memo = self.marks.get(rel)
        if memo is None:
            memo = self.marks[rel] = {}
        found = memo.get((path, at_key))
        if found is not None:
            return found
        result = self._parsed(rel)
        found = _find_mark(result, path, at_key) if result is not None else (1, 1)
        memo[(path, at_key)] = found
        self.new_marks = True
        return found

    def problem(
        self,
        rel: str,
        path: KeyPath,
        severity: Severity,
        code: str,
        message: str,
        *,
        at_key: bool = False,
    ) -> Problem:
        if self._pending is not None:
            memo = self.marks.get(rel)
            found = memo.get((path, at_key)) if memo is not None else None
            if found is None:
                placeholder = Problem(rel, 0, 0, severity, code, message)
                self._pending.append((placeholder, rel, path, at_key))
                return placeholder
            return Problem(rel, found[0], found[1], severity, code, message)
        line, column = self.mark(rel, path, at_key=at_key)
        return Problem(rel, line, column, severity, code, message)

    @contextmanager
    def deferred(self) -> Iterator[Callable[[list[Problem]], list[Problem]]]:
        """Within, :meth:`problem` defers locating; call the given function to locate all.

        >>> # with locator.deferred() as locate: problems = locate(list(rules()))
        """
        outer = self._pending
        self._pending = []
        try:
            yield self._resolve
        finally:
            self._pending = outer

    def _resolve(self, problems: list[Problem]) -> list[Problem]:
        pending, self._pending = self._pending or [], []
        by_file: dict[str, list[tuple[KeyPath, bool]]] = {}
        for _, rel, path, at_key in pending:
            by_file.setdefault(rel, []).append((path, at_key))
        if type(self).mark is Locator.mark:  # (a subclass may locate its own way)
            locate_files(self, by_file)
        located: dict[int, Problem] = {}
        for placeholder, rel, path, at_key in pending:
            line, column = self.mark(rel, path, at_key=at_key)
            p = placeholder
            located[id(p)] = Problem(p.path, line, column, p.severity, p.code, p.message)
        return [located.get(id(p), p) for p in problems]


def _find_mark(result: ReadResult, path: KeyPath, at_key: bool) -> Mark:
    locations = result.locations or {}
    if at_key and result.key_locations and path in result.key_locations:
        return result.key_locations[path]
    for end in range(len(path), -1, -1):
        mark = locations.get(path[:end])
        if mark is not None:
            return mark
    return (1, 1)


def _marks_of(root: Path, rel: str, wanted: list[tuple[KeyPath, bool]]) -> list[Mark]:
    """The marks of ``wanted`` key paths in one file (parsing it once)."""
    from pmo.yamlread import locate_bytes

    try:
        raw = (root / rel).read_bytes()
    except OSError:
        return [(1, 1)] * len(wanted)
    result = locate_bytes(raw, [path for path, _ in wanted])
    return [_find_mark(result, path, at_key) for path, at_key in wanted]


def locate_files(locator: Locator, by_file: dict[str, list[tuple[KeyPath, bool]]]) -> None:
    """Find every wanted mark not yet known, each file parsed once (in parallel when many)."""
    todo: list[tuple[str, list[tuple[KeyPath, bool]]]] = []
    for rel, wanted in by_file.items():
        memo = locator.marks.setdefault(rel, {})
        missing = list(dict.fromkeys(w for w in wanted if w not in memo))
        if missing and rel in locator._pinned:  # bytes not on disk: locate in them
            for path, at_key in missing:
                locator.mark(rel, path, at_key=at_key)
        elif missing:
            todo.append((rel, missing))
    if not todo:
        return
    from pmo.parallel import pmap

    jobs = [(locator.root, rel, wanted) for rel, wanted in todo]
    results = pmap(_marks_job, jobs, "Locating problems")
    for (rel, wanted), marks in zip(todo, results, strict=True):
        memo = locator.marks[rel]
        for key, mark in zip(wanted, marks, strict=True):
            memo[key] = mark
    locator.new_marks = True


def _marks_job(job: tuple[Path, str, list[tuple[KeyPath, bool]]]) -> list[Mark]:
    return _marks_of(*job)


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
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return FileRecord(rel, None, [Problem(rel, 1, 1, "error", "unreadable", str(exc))])
    else:
        from pmo.yamlread import read_bytes

        locator.remember(rel, read_bytes(raw, locate=True))
    return read_record_bytes(rel, raw, locator)


def read_record_bytes(rel: str, raw: bytes, locator: Locator) -> FileRecord:
    """Validate one record file's bytes (``rel``: its path relative to the root)."""
    from pmo.yamlread import read_bytes

    result = read_bytes(raw)
    problems = [Problem(rel, p.line, p.column, "error", p.code, p.message) for p in result.problems]
    if result.data is None and not problems:
        message = "the file holds no record (it is empty or only comments)"
        problems.append(Problem(rel, 1, 1, "error", "empty-file", message))
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


def _read_stamped(path: Path) -> tuple[bytes, int, int]:
    """A file's bytes, and its size and mtime (ns) as they were when read."""
    with open(path, "rb") as handle:
        raw = handle.read()
        st = os.fstat(handle.fileno())
    return raw, len(raw), st.st_mtime_ns


_Fresh = tuple[FileRecord, "Entry | None"]


def _fresh(root: Path, rel: str, locator: Locator) -> _Fresh:
    """Read and validate one file, with the cache entry that records the outcome."""
    from pmo.cache import Entry, digest, pack

    try:
        raw, size, mtime_ns = _read_stamped(root / rel)
    except OSError as exc:
        return FileRecord(rel, None, [Problem(rel, 1, 1, "error", "unreadable", str(exc))]), None
    fr = read_record_bytes(rel, raw, locator)
    blob = pack(fr.record, fr.problems)
    return fr, Entry(size, mtime_ns, digest(raw), blob, locator.marks.get(rel, {}))


def _fresh_job(job: tuple[Path, str]) -> tuple[FileRecord | None, Entry | None]:
    """:func:`_fresh` in a worker: the outcome travels once, already pickled in the entry."""
    root, rel = job
    fr, entry = _fresh(root, rel, Locator(root))
    return (None, entry) if entry is not None else (fr, None)


def read_settings(root: Path, locator: Locator) -> tuple[Settings, list[Problem]]:
    """``pmo.yaml``, validated; defaults when absent or unusable."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Settings(), [Problem(SETTINGS_FILE, 1, 1, "error", "unreadable", str(exc))]
    from pmo.yamlread import read_bytes

    result = read_bytes(raw)
    problems = [
        Problem(SETTINGS_FILE, p.line, p.column, "error", p.code, p.message)
        for p in result.problems
    ]
    if result.data is None or problems:
        return Settings(), problems
    from pmo.schema import validate_as

    if not isinstance(result.data, dict):
        return Settings(), [
            Problem(SETTINGS_FILE, 1, 1, "error", "not-a-mapping", "pmo.yaml must be a mapping")
        ]
    settings, field_problems = validate_as(Settings, result.data)
    for fp in field_problems:
        problems.append(
            locator.problem(SETTINGS_FILE, fp.path, "error", fp.code, fp.message, at_key=fp.at_key)
        )
    return (settings or Settings()), problems


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
                    f"id '{id_}' is already used by the {pf.id_kinds[id_]} at {first[0]}:{line}",
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


def _settings_entry(
    root: Path, locator: Locator, old: dict[str, Entry], new: dict[str, Entry]
) -> tuple[Settings, list[Problem]]:
    """``pmo.yaml`` through the cache (its entry holds the Settings)."""
    from pmo.cache import Entry, digest, pack

    path = root / SETTINGS_FILE
    try:
        raw, size, mtime_ns = _read_stamped(path)
    except OSError:
        return read_settings(root, locator)
    key = digest(raw)
    entry = old.get(SETTINGS_FILE)
    if entry is not None and (entry.size, entry.mtime_ns, entry.digest) == (size, mtime_ns, key):
        outcome = entry.outcome()
        if outcome is not None and isinstance(outcome[0], Settings):
            locator.marks[SETTINGS_FILE] = entry.marks
            new[SETTINGS_FILE] = entry
            return outcome
    settings, problems = read_settings(root, locator)
    new[SETTINGS_FILE] = Entry(
        size, mtime_ns, key, pack(settings, problems), locator.marks.get(SETTINGS_FILE, {})
    )
    return settings, problems


@dataclass(slots=True)
class LoadResult:
    """A loaded portfolio and every problem found on the way (file-level and clashes)."""

    portfolio: Portfolio
    problems: list[Problem]
    locator: Locator
    #: The cache entries of this load (empty when the cache is off).
    entries: dict[str, Any] = field(default_factory=dict)
    #: Files validated afresh (not restored from the cache).
    fresh: int = 0
    #: True when the cache must be rewritten (something changed, or the cache is off).
    stale: bool = False
    caching: bool = False
    #: What else the cache keeps (see :func:`pmo.validate.validate`).
    extra: dict[str, Any] = field(default_factory=dict)

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
        if not self.caching or not (self.stale or self.locator.new_marks):
            return
        from pmo import cache

        for rel, entry in self.entries.items():
            entry.marks = self.locator.marks.get(rel, entry.marks)
        cache.write(self.locator.root, self.entries, self.extra)
        self.stale = False
        self.locator.new_marks = False


def load(root: Path, *, use_cache: bool | None = None, save: bool = True) -> LoadResult:
    """Read a whole repository: settings, every record file, then assemble.

    Unchanged files come from the cache (see :mod:`pmo.cache`; ``use_cache`` overrides
    whether it is used); the rest are validated, in parallel when there are many. With
    ``save`` false the caller saves the cache (:meth:`LoadResult.save_cache`) when done.
    """
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of small objects, none of them cyclic garbage
    try:
        result = _load(root, use_cache)
    finally:
        if gc_was_on:
            # What was loaded lives as long as the command: later collections skip it.
            gc.freeze()
            gc.enable()
    if save:
        result.save_cache()
    return result


def _load(root: Path, use_cache: bool | None) -> LoadResult:
    from pmo import cache

    caching = cache.enabled() if use_cache is None else use_cache
    old, extra = cache.read_all(root) if caching else ({}, {})
    new: dict[str, Entry] = {}
    locator = Locator(root)
    settings, problems = _settings_entry(root, locator, old, new)
    paths = bounded_record_files(root, problems)
    rels = [path.relative_to(root).as_posix() for path in paths]
    files: list[FileRecord | None] = [None] * len(rels)
    todo: list[int] = []
    if old:
        from pmo.cache import digest

        for i, (rel, path) in enumerate(zip(rels, paths, strict=True)):
            entry = old.get(rel)
            if entry is None:
                todo.append(i)
                continue
            try:
                raw, size, mtime_ns = _read_stamped(path)
            except OSError:
                todo.append(i)
                continue
            outcome = None
            if (entry.size, entry.mtime_ns, entry.digest) == (size, mtime_ns, digest(raw)):
                outcome = entry.outcome()
            if outcome is not None:
                files[i] = FileRecord(rel, *outcome)
                locator.marks[rel] = entry.marks
                new[rel] = entry
            else:
                todo.append(i)
    else:
        todo = list(range(len(rels)))
    from pmo.parallel import pmap, workers

    if workers(len(todo)) > 1:
        from pmo.records import KINDS
        from pmo.schema import adapter

        for cls in KINDS.values():  # built once here, shared by every forked worker
            adapter(cls)
        done = pmap(_fresh_job, [(root, rels[i]) for i in todo], "Reading records")
        fresh: list[_Fresh] = []
        for i, (fr, entry) in zip(todo, done, strict=True):
            if fr is None:
                assert entry is not None
                outcome = entry.outcome()
                assert outcome is not None
                fr = FileRecord(rels[i], *outcome)
            fresh.append((fr, entry))
    else:
        fresh = pmap(lambda i: _fresh(root, rels[i], locator), todo, "Reading records")
    for i, (fr, entry) in zip(todo, fresh, strict=True):
        files[i] = fr
        if entry is not None:
            new[fr.path] = entry
            if entry.marks:
                locator.marks[fr.path] = entry.marks
    read = [fr for fr in files if fr is not None]
    portfolio, clashes = assemble(root, settings, read, locator)
    stale = bool(todo) or set(new) != set(old) or SETTINGS_FILE not in old
    return LoadResult(
        portfolio,
        problems + clashes,
        locator,
        new,
        fresh=len(todo),
        stale=stale,
        caching=caching,
        extra=extra,
    )


def unchanged(root: Path) -> tuple[dict[str, Entry], dict[str, Any]] | None:
    """The cache of ``root`` when no file was added, removed or changed since; else None.

    Reads and hashes every file, as :func:`load` does, but restores no record.
    """
    from pmo import cache

    if not cache.enabled():
        return None
    old, extra = cache.read_all(root)
    if not old:
        return None
    paths = record_files(root)
    if len(paths) > MAX_FILES:
        return None
    wanted = [(path.relative_to(root).as_posix(), path) for path in paths]
    if (root / SETTINGS_FILE).is_file():
        wanted.append((SETTINGS_FILE, root / SETTINGS_FILE))
    if len(wanted) != len(old):
        return None
    for rel, path in wanted:
        entry = old.get(rel)
        if entry is None:
            return None
        try:
            raw, size, mtime_ns = _read_stamped(path)
        except OSError:
            return None
        if (entry.size, entry.mtime_ns, entry.digest) != (size, mtime_ns, cache.digest(raw)):
            return None
    return old, extra
