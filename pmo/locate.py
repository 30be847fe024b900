"""Where in a file a problem is: key paths inside a record file turned into ``line:column``.

A :class:`Locator` parses a file only when a position is asked for, remembers every answer
(kept in the cache with the file's content, so a warm run locates without parsing), and
inside :meth:`Locator.deferred` locates many problems together, each file parsed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pmo.problems import Problem, Severity
from pmo.source import Source, WorkingTree

if TYPE_CHECKING:  # the YAML parser is imported only when a file must be parsed
    from pmo.yamlread import ReadResult

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column


class Locator:
    """Turns a key path inside a file into ``line:column``, parsing a file only when asked.

    Every answer is remembered per file (:attr:`marks`, kept in the cache), so a warm run
    locates its problems without parsing. Inside :meth:`deferred`, problems are located
    together at the end, each file parsed once. Bytes come from the source read (the
    working tree by default), or from bytes given (:meth:`remember`, ``given``).
    """

    #: Parsed files kept for locating (the most recent ones), to bound memory.
    KEEP = 16

    def __init__(
        self, root: Path, source: Source | None = None, given: dict[str, bytes] | None = None
    ) -> None:
        self.root = root
        self.source = source
        self._given = given or {}
        self._cache: dict[str, ReadResult] = {}
        #: Files read from bytes given (not necessarily on disk): kept, never re-read.
        self._pinned: dict[str, ReadResult] = {}
        #: file → {(key path, at_key): mark}, every mark found so far
        self.marks: dict[str, dict[tuple[KeyPath, bool], Mark]] = {}
        #: True when a mark was found by parsing (the cache is then worth rewriting)
        self.new_marks = False
        self._pending: list[tuple[Problem, str, KeyPath, bool]] | None = None

    def label(self, rel: str) -> str:
        """How ``rel`` is shown in a problem (``records/x.yaml@abc1234`` for a commit)."""
        return self.source.label(rel) if self.source is not None else rel

    def read(self, rels: Sequence[str]) -> dict[str, bytes]:
        """The bytes of each file that can be read."""
        out = {rel: self._given[rel] for rel in rels if rel in self._given}
        rest = [rel for rel in rels if rel not in out]
        if rest:
            source = self.source if self.source is not None else WorkingTree(self.root)
            for rel, got in source.read(rest).items():
                if isinstance(got, bytes):
                    out[rel] = got
        return out

    def fork(self) -> Locator:
        """A locator that starts with what this one has parsed; what it learns stays its own."""
        twin = Locator(self.root, self.source, self._given)
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

            raw = self.read([rel]).get(rel)
            if raw is None:
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
        shown = self.label(rel)
        if self._pending is not None:
            memo = self.marks.get(rel)
            found = memo.get((path, at_key)) if memo is not None else None
            if found is None:
                placeholder = Problem(shown, 0, 0, severity, code, message)
                self._pending.append((placeholder, rel, path, at_key))
                return placeholder
            return Problem(shown, found[0], found[1], severity, code, message)
        line, column = self.mark(rel, path, at_key=at_key)
        return Problem(shown, line, column, severity, code, message)

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


def _marks_of(raw: bytes | None, wanted: list[tuple[KeyPath, bool]]) -> list[Mark]:
    """The marks of ``wanted`` key paths in one file's bytes (parsing it once)."""
    if raw is None:
        return [(1, 1)] * len(wanted)
    from pmo.yamlread import locate_bytes

    result = locate_bytes(raw, [path for path, _ in wanted])
    return [_find_mark(result, path, at_key) for path, at_key in wanted]


def locate_files(locator: Locator, by_file: dict[str, list[tuple[KeyPath, bool]]]) -> None:
    """Find every wanted mark not yet known, each file read and parsed once (in parallel
    when many)."""
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

    raws = locator.read([rel for rel, _ in todo])
    jobs = [(raws.get(rel), wanted) for rel, wanted in todo]
    results = pmap(_marks_job, jobs, "Locating problems")
    for (rel, wanted), marks in zip(todo, results, strict=True):
        memo = locator.marks[rel]
        for key, mark in zip(wanted, marks, strict=True):
            memo[key] = mark
    locator.new_marks = True


def _marks_job(job: tuple[bytes | None, list[tuple[KeyPath, bool]]]) -> list[Mark]:
    return _marks_of(*job)
