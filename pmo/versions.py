"""One record's versions through history: the programme, project or item with an id, as each
commit held it, whichever file held it (files move, items move between projects).

Cheap: the commits and the blob id of every file in each come from :func:`pmo.history.walk`
(three git processes, no blob read); the walk then goes back from the newest commit and
reads a blob only where a file that held the id (or, while the id is not found, a file
that changed) differs from the commit after it: through the cache when its content was
seen before, else through one ``git cat-file --batch`` process for the whole walk, and a
blob is parsed only when its bytes hold the id. A commit whose file holding the id cannot
be read is a version with a problem, not a stop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmo.git import BlobReader, Commit
from pmo.history import _walk, commit_at
from pmo.records import ITEM_KINDS, Programme, Project
from pmo.source import SETTINGS_FILE

if TYPE_CHECKING:
    from pmo.cache import Outcome, Store


@dataclass(frozen=True, slots=True)
class Version:
    """The id as one commit held it (``item`` None: not in that commit's records)."""

    commit: Commit
    #: The file holding it.
    path: str | None = None
    #: The programme or project holding it (the work itself for a programme or project).
    holder: Programme | Project | None = None
    #: The record or item with the id.
    item: Any = None
    #: "programme", "project", "milestone", "risk", "issue", "decision" or "benefit".
    kind: str | None = None
    #: The file that held it could not be read at this commit (``path@sha``).
    problem: str | None = None


def find_in(record: Any, id_: str) -> tuple[Programme | Project, Any, str] | None:
    """(holder, item, kind) when ``record`` is or holds the id, else None."""
    if not isinstance(record, Programme | Project):
        return None
    if record.id == id_:
        return record, record, record.kind
    for kind in ITEM_KINDS:
        for item in getattr(record, kind.key):
            if item.id == id_:
                return record, item, kind.name
    return None


_UNREADABLE = "unreadable"


class _Blobs:
    """Blob outcomes through the cache, else read (once) and validated when they hold the id."""

    def __init__(self, root: Path, reader: BlobReader, store: Store | None, id_: str) -> None:
        self.root, self.reader, self.store = root, reader, store
        self.needle = id_.encode("ascii", "replace")
        self.id = id_
        self.seen: dict[str, Outcome | None] = {}

    def look(self, rel: str, oid: str) -> tuple[Programme | Project, Any, str] | str | None:
        """Where the id is in this blob; None when it is not; ``_UNREADABLE`` when the blob
        names the id but could not be read as a record."""
        if oid in self.seen:
            outcome = self.seen[oid]
        else:
            outcome = self._outcome(rel, oid)
            self.seen[oid] = outcome
        if outcome is None:
            return None
        if outcome.record is None:
            return _UNREADABLE
        return find_in(outcome.record, self.id)

    def _outcome(self, rel: str, oid: str) -> Outcome | None:
        key = f"r:{oid}"
        outcome = self.store.get(key) if self.store is not None else None
        if outcome is not None:
            if outcome.record is None and not self._names_id(oid):
                return None
            return outcome
        raw = self.reader.read(oid)
        if raw is None or self.needle not in raw:
            return None
        from pmo.cache import encode
        from pmo.load import _validate

        outcome = _validate(self.root, rel, raw)
        if self.store is not None:
            self.store.put(key, encode(outcome))
        return outcome

    def _names_id(self, oid: str) -> bool:
        raw = self.reader.read(oid)
        return raw is not None and self.needle in raw


def versions(
    root: Path,
    id_: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    hint: str | None = None,
    store: Store | None = None,
) -> list[Version]:
    """The id in every first-parent commit of HEAD from ``since`` to ``until``, oldest first.

    ``hint``: the file that holds it now (looked at first in the newest commit). Raises
    :class:`pmo.history.RevisionNotFound` without git or a commit.
    """
    repo, tip = commit_at(root, "HEAD")
    points = list(_walk(repo, tip, since, until))
    out: list[Version] = []
    with BlobReader(repo.top) as reader:
        blobs = _Blobs(root, reader, store, id_)
        later: dict[str, str] | None = None
        path: str | None = None
        last: Version | None = None
        for point in reversed(points):
            files = point.files
            if later is not None and path is not None and files.get(path) == later.get(path):
                assert last is not None
                version = Version(point.commit, last.path, last.holder, last.item, last.kind,
                                  last.problem and f"{path}@{point.commit.short}")  # fmt: skip
            else:
                version = _search(blobs, point.commit, files, later, path, hint)
            out.append(version)
            later, last = files, version
            path = version.path
    out.reverse()
    return out


def _search(
    blobs: _Blobs,
    commit: Commit,
    files: dict[str, str],
    later: dict[str, str] | None,
    path: str | None,
    hint: str | None,
) -> Version:
    """Find the id in one commit: the file that held it first, then the files that differ
    from the commit after (every file, in the newest)."""
    first = path if path is not None else hint if later is None else None
    order = [first] if first is not None and first in files else []
    for rel, oid in files.items():
        if rel != first and rel != SETTINGS_FILE and (later is None or later.get(rel) != oid):
            order.append(rel)
    unreadable: str | None = None
    for rel in order:
        got = blobs.look(rel, files[rel])
        if got == _UNREADABLE:
            if rel in (path, first):
                return Version(commit, rel, problem=f"{rel}@{commit.short}")
            unreadable = unreadable or rel
            continue
        if isinstance(got, tuple):
            holder, item, kind = got
            return Version(commit, rel, holder, item, kind)
    if unreadable is not None:  # it may be in there: not read is not removed
        return Version(commit, unreadable, problem=f"{unreadable}@{commit.short}")
    return Version(commit)
