"""Shell completion of record ids and ``pmo set`` keys, read through the cache and kept fast.

Every id of a repository, with its kind and title, is kept in an index beside the cache
(``<cache>.ids``): a header line, then one sorted line per id, so a completion reads one
file and finds the ids starting with what was typed by bisection, without parsing the rest.
The header holds a hash of the path, size and mtime of every record file: only when a file
was added, removed or changed does a completion load the repository (through the cache, so
only changed files are parsed) and rewrite the index. Completion never fails: on any trouble
it offers nothing.

The callbacks are passed to Typer as ``autocompletion=``; each takes the click context (for
``--root`` and the arguments already given) and the word being completed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

#: Bumped when the index's layout changes.
INDEX_LAYOUT = 2
Candidates = list[tuple[str, str]]


def _root(ctx: typer.Context | None) -> Path | None:
    from pmo.load import RepositoryNotFound, find_root

    while ctx is not None:  # --root is an option of the command, not of the group
        root = ctx.params.get("root")
        if root is not None:
            return Path(root).resolve() if Path(root).is_dir() else None
        ctx = ctx.parent  # type: ignore[assignment]
    try:
        return find_root()
    except RepositoryNotFound:
        return None


def index_path(root: Path) -> Path:
    """Where the id index of ``root`` is kept: beside its cache."""
    from pmo.cache import cache_path

    cache = cache_path(root)
    return cache.with_name(f"{cache.stem}.ids")


def _walk(folder: str, found: list[str]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, found)
            elif entry.name.endswith((".yaml", ".yml")):
                st = entry.stat()
                found.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}")


def stamp(root: Path) -> str:
    """A hash of the path, size and mtime of every record file of ``root``."""
    import hashlib

    import pmo

    found: list[str] = []
    with contextlib.suppress(OSError):
        _walk(str(root / "records"), found)
    found.sort()
    head = f"{INDEX_LAYOUT}\0{pmo.__version__}\0{root}\n"
    return hashlib.blake2b((head + "\n".join(found)).encode(), digest_size=16).hexdigest()


def _lines(root: Path) -> list[str]:
    """``id\tkind\ttitle`` for every id, and ``RISK/N\taction\ttext`` for every action."""
    from pmo.edit.cycle import action_ref
    from pmo.edit.values import shown
    from pmo.load import load

    pf = load(root).portfolio
    titles: dict[str, str] = {}
    for work in pf.work():
        titles[work.id] = work.name
        for attr in ("milestones", "risks", "issues", "decisions", "benefits"):
            for item in getattr(work, attr):
                titles[item.id] = item.title
    titles.update({b.id: b.name for b in pf.boards.values()})
    titles.update({p.id: p.title for p in pf.papers.values()})
    titles.update({p.id: p.name for p in pf.people.values()})
    lines = [
        f"{id_}\t{kind}\t{shown(titles.get(id_, ''), 50)}" for id_, kind in pf.id_kinds.items()
    ]
    for work in pf.work():
        for risk in work.risks:
            for i, action in enumerate(risk.actions):
                lines.append(f"{action_ref(risk.id, i)}\taction\t{shown(action.action, 50)}")
    lines.sort()
    return lines


def _first(data: bytes, lo: int, key: bytes) -> int:
    """The offset of the first line at or after ``lo`` not less than ``key`` (lines sorted)."""
    hi = len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = max(data.rfind(b"\n", lo, mid) + 1, lo)
        stop = data.find(b"\n", start)
        if data[start:stop] < key:
            lo = stop + 1
        else:
            hi = start
    return lo


class Index:
    """The ids of a repository: sorted ``id\tkind\ttitle`` lines, searched in place."""

    def __init__(self, data: bytes, start: int = 0) -> None:
        self.data = data
        self.start = start

    @classmethod
    def of(cls, root: Path) -> Index:
        """The index of ``root``: read when fresh, else rebuilt (and kept, cache allowing)."""
        from pmo import cache
        from pmo.atomic import write_atomic

        now = stamp(root).encode()
        path = index_path(root)
        from pmo.source import read_regular

        raw = read_regular(path.name, path)[0] or b""  # never a link, a pipe or a huge file
        if raw.startswith(now + b"\n"):
            return cls(raw, len(now) + 1)
        body = "".join(f"{line}\n" for line in _lines(root)).encode()
        if cache.enabled():
            # A cache folder that cannot be written: complete from the records each time.
            with contextlib.suppress(OSError):
                write_atomic(path, now + b"\n" + body)
        return cls(body)

    def starting(self, prefix: str) -> Iterator[tuple[str, str, str]]:
        """(id, kind, title) of every id that starts with ``prefix``, in order."""
        key = prefix.encode()
        at = _first(self.data, self.start, key)
        while at < len(self.data) and self.data.startswith(key, at):
            stop = self.data.find(b"\n", at)
            id_, kind, title = self.data[at:stop].decode().split("\t", 2)
            yield id_, kind, title
            at = stop + 1

    def kind(self, id_: str) -> str | None:
        """The kind of one id, or None."""
        for _, kind, _ in self.starting(f"{id_}\t"):
            return kind
        return None


def ids(*kinds: str) -> Callable[..., Candidates]:
    """A completion callback offering the ids of ``kinds`` (every kind when none given)."""

    def complete(ctx: typer.Context, incomplete: str) -> Candidates:
        try:
            root = _root(ctx)
            if root is None:
                return []
            return [
                (id_, f"{kind}: {title}" if title else kind)
                for id_, kind, title in Index.of(root).starting(incomplete)
                if not kinds or kind in kinds
            ]
        except Exception:  # completion must never break the shell
            return []

    return complete


def _key_candidates(cls: type[Any], incomplete: str) -> Candidates:
    from pmo.edit.fields import describe, fields_of

    *parents, last = incomplete.split(".")
    for name in parents:
        field = fields_of(cls).get(name)
        if field is None or field.shape != "map" or field.of is None:
            return []
        cls = field.of
    prefix = ".".join(parents) + "." if parents else ""
    found: Candidates = []
    for name, field in fields_of(cls).items():
        if not name.startswith(last) or name == "kind":
            continue
        help_ = describe(field)
        if field.shape in ("map", "dict"):
            found.append((f"{prefix}{name}.", help_))
            continue
        found.append((f"{prefix}{name}=", help_))
        if field.shape == "list":
            found.append((f"{prefix}{name}+=", f"add to {help_}"))
    return found


def _value_candidates(cls: type[Any], key: str, incomplete: str) -> Candidates:
    from pmo.edit.fields import fields_of

    *parents, last = key.split(".")
    for name in parents:
        field = fields_of(cls).get(name)
        if field is None or field.of is None:
            return []
        cls = field.of
    field = fields_of(cls).get(last)
    if field is None:
        return []
    choices = field.choices or (("true", "false") if field.type is bool else ())
    return [(f"{key}={c}", "") for c in choices if c.startswith(incomplete)]


def keys(ctx: typer.Context, incomplete: str) -> Candidates:
    """Completion of ``pmo set ID KEY=VALUE``: the keys of the record named, and choices."""
    try:
        from pmo.edit.cycle import parse_action_ref
        from pmo.edit.fields import action_class, record_class

        target = ctx.params.get("id_") or ""
        if parse_action_ref(target) is not None:
            cls = action_class()
        else:
            root = _root(ctx)
            kind = Index.of(root).kind(target) if root is not None else None
            if kind is None:
                return []
            cls = record_class(kind)
        if "=" in incomplete:
            key, _, value = incomplete.partition("=")
            return _value_candidates(cls, key.rstrip("+-"), value)
        return _key_candidates(cls, incomplete)
    except Exception:  # completion must never break the shell
        return []
