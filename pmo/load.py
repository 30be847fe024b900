"""Find a records repository, read every record file, and assemble the portfolio.

Reading is per file (:func:`read_record_file`): bytes → YAML data → record, with
problems located at ``file:line:col``. Assembly indexes every id and reports clashes.
Bad user data never raises out of here: it comes back as problems.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo.portfolio import Origin, Portfolio
from pmo.problems import Problem, Severity
from pmo.records import Board, Paper, People, Programme, Project, Settings
from pmo.yamlread import KeyPath, Mark, ReadResult, read_bytes

SETTINGS_FILE = "pmo.yaml"
RECORDS_DIR = "records"
TEMPLATES_DIR = "templates"
#: The most record files one repository may hold.
MAX_FILES = 50_000
NESTED = ("milestones", "risks", "issues", "decisions", "benefits")
NESTED_KIND = {
    "milestones": "milestone",
    "risks": "risk",
    "issues": "issue",
    "decisions": "decision",
    "benefits": "benefit",
}


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


class Locator:
    """Turns a key path inside a file into ``line:column``, parsing a file only when asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, ReadResult] = {}

    def fork(self) -> Locator:
        """A locator that starts with what this one has parsed; what it learns stays its own."""
        twin = Locator(self.root)
        twin._cache = dict(self._cache)
        return twin

    def remember(self, rel: str, result: ReadResult) -> None:
        if result.locations is not None:
            self._cache[rel] = result

    def mark(self, rel: str, path: KeyPath, *, at_key: bool = False) -> Mark:
        result = self._cache.get(rel)
        if result is None:
            try:
                raw = (self.root / rel).read_bytes()
            except OSError:
                return (1, 1)
            result = read_bytes(raw, locate=True)
            self._cache[rel] = result
        locations = result.locations or {}
        if at_key and result.key_locations and path in result.key_locations:
            return result.key_locations[path]
        for end in range(len(path), -1, -1):
            mark = locations.get(path[:end])
            if mark is not None:
                return mark
        return (1, 1)

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
        line, column = self.mark(rel, path, at_key=at_key)
        return Problem(rel, line, column, severity, code, message)


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
        locator.remember(rel, read_bytes(raw, locate=True))
    result = read_bytes(raw)
    problems = [Problem(rel, p.line, p.column, "error", p.code, p.message) for p in result.problems]
    if result.data is None and not problems:
        message = "the file holds no record (it is empty or only comments)"
        problems.append(Problem(rel, 1, 1, "error", "empty-file", message))
    if any(p.code != "duplicate-key" for p in problems):
        # The data is not what the author meant; fix the YAML first.
        return FileRecord(rel, None, problems)
    from pmo.model import validate_record

    record, field_problems = validate_record(result.data)
    for fp in field_problems:
        problems.append(
            locator.problem(rel, fp.path, "error", fp.code, fp.message, at_key=fp.at_key)
        )
    return FileRecord(rel, record, problems)


def read_settings(root: Path, locator: Locator) -> tuple[Settings, list[Problem]]:
    """``pmo.yaml``, validated; defaults when absent or unusable."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Settings(), [Problem(SETTINGS_FILE, 1, 1, "error", "unreadable", str(exc))]
    result = read_bytes(raw)
    problems = [
        Problem(SETTINGS_FILE, p.line, p.column, "error", p.code, p.message)
        for p in result.problems
    ]
    if result.data is None or problems:
        return Settings(), problems
    from pmo.model import validate_as

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
            for attr in NESTED:
                for i, item in enumerate(getattr(rec, attr)):
                    if claim(item.id, NESTED_KIND[attr], (rel, (attr, i))):
                        pf.parents[item.id] = rec.id
    return pf, problems


@dataclass(slots=True)
class LoadResult:
    """A loaded portfolio and every problem found on the way (file-level and clashes)."""

    portfolio: Portfolio
    problems: list[Problem]
    locator: Locator

    def locate(self, id_: str, *keys: str | int) -> tuple[str, int, int]:
        """Where a record, nested item or one of its fields is: (path, line, column).

        ``locate("csw-adults-r1", "likelihood")`` → ``("records/csw/adults.yaml", 98, 17)``.
        Raises KeyError for an id that does not exist.
        """
        rel, path = self.portfolio.origins[id_]
        line, column = self.locator.mark(rel, (*path, *keys))
        return rel, line, column


def load(root: Path) -> LoadResult:
    """Read a whole repository: settings, every record file, then assemble."""
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
    portfolio, clashes = assemble(root, settings, files, locator)
    return LoadResult(portfolio, problems + clashes, locator)
