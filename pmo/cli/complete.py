"""Shell completion of record ids and ``pmo set`` keys, read through the cache and kept fast.

Every id of a repository, with its kind and title, is kept in a small JSON index beside the
cache (``<cache>.ids.json``), stamped with the size and mtime of every record file. A
completion reads the index and stats the files; only when a file was added, removed or
changed does it load the repository (through the cache, so only changed files are parsed)
and rewrite the index. Completion never fails: on any trouble it offers nothing.

The callbacks are passed to Typer as ``autocompletion=``; each takes the click context (for
``--root`` and the arguments already given) and the word being completed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

#: Bumped when the index's layout changes.
INDEX_LAYOUT = 1
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
    return cache.with_name(f"{cache.stem}.ids.json")


def _stamps(root: Path) -> dict[str, list[int]]:
    from pmo.load import record_files

    stamps = {}
    for path in record_files(root):
        st = path.stat()
        stamps[path.relative_to(root).as_posix()] = [st.st_size, st.st_mtime_ns]
    return stamps


def _header(root: Path) -> list[Any]:
    import pmo

    return [INDEX_LAYOUT, pmo.__version__, str(root)]


def _titles(root: Path) -> dict[str, list[str]]:
    """Every id → [kind, title], and every risk action ``RISK/N`` → ["action", text]."""
    from pmo.edit.cycle import action_ref
    from pmo.edit.setting import shown
    from pmo.load import load

    pf = load(root).portfolio
    found: dict[str, list[str]] = {i: [k, ""] for i, k in pf.id_kinds.items()}
    for work in pf.work():
        found[work.id][1] = shown(work.name, 50)
    for board in pf.boards.values():
        found[board.id][1] = shown(board.name, 50)
    for paper in pf.papers.values():
        found[paper.id][1] = shown(paper.title, 50)
    for person in pf.people.values():
        found[person.id][1] = shown(person.name, 50)
    for work in pf.work():
        for attr in ("milestones", "risks", "issues", "decisions", "benefits"):
            for item in getattr(work, attr):
                found[item.id][1] = shown(item.title, 50)
        for risk in work.risks:
            for i, action in enumerate(risk.actions):
                found[action_ref(risk.id, i)] = ["action", shown(action.action, 50)]
    return found


def known_ids(root: Path) -> dict[str, list[str]]:
    """Every id of the repository at ``root`` → [kind, title] (from the index when fresh)."""
    from pmo import cache
    from pmo.atomic import write_atomic

    stamps = _stamps(root)
    path = index_path(root)
    try:
        stored = json.loads(path.read_bytes())
        if stored["header"] == _header(root) and stored["stamps"] == stamps:
            ids: dict[str, list[str]] = stored["ids"]
            return ids
    except (OSError, ValueError, KeyError, TypeError):
        pass
    ids = _titles(root)
    if cache.enabled():
        data = {"header": _header(root), "stamps": stamps, "ids": ids}
        # A cache folder that cannot be written: complete from the records each time.
        with contextlib.suppress(OSError):
            write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return ids


def ids(*kinds: str) -> Callable[..., Candidates]:
    """A completion callback offering the ids of ``kinds`` (every kind when none given)."""

    def complete(ctx: typer.Context, incomplete: str) -> Candidates:
        try:
            root = _root(ctx)
            if root is None:
                return []
            return [
                (id_, f"{kind}: {title}" if title else kind)
                for id_, (kind, title) in known_ids(root).items()
                if id_.startswith(incomplete) and (not kinds or kind in kinds)
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
        if field.shape == "map":
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
            known = known_ids(root).get(target) if root is not None else None
            if known is None:
                return []
            cls = record_class(known[0])
        if "=" in incomplete:
            key, _, value = incomplete.partition("=")
            return _value_candidates(cls, key.rstrip("+-"), value)
        return _key_candidates(cls, incomplete)
    except Exception:  # completion must never break the shell
        return []
