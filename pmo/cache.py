"""A cache of validated records, per file, so an unchanged repository loads without parsing.

Each record file's entry is keyed by its path relative to the root, its size, its mtime
(nanoseconds) and a BLAKE2b digest of its bytes: all four must match for the entry to be
used, so any edit, even one that keeps the size and restores the mtime, is caught. An entry
holds the validated record, the file's own problems (already located) and every
``line:column`` asked of that file so far (so a warm run locates problems without parsing).

The cache lives outside the repository (``$PMO_CACHE_DIR``, else ``$XDG_CACHE_HOME/pmo``,
else ``~/.cache/pmo``), one file per repository named by a hash of the root's path, so a
repository cannot ship a cache of its own. It is safe to delete; it is never trusted across
versions of pmo, of the records format, of Python, or of the source of the modules that shape
records; a corrupt or unreadable cache is ignored and rebuilt; it is written atomically
(a temporary file, then a rename); failing to write it is not an error. ``PMO_NO_CACHE=1``
(or ``pmo --no-cache``) turns it off.

Restoring needs only :mod:`pickle` and the record classes: no YAML parser, no pydantic.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pmo

#: Bumped whenever the layout of the cache file changes.
LAYOUT = 3
#: Modules whose source shapes what is cached (records, their validation, their problems).
_SHAPERS = ("records.py", "types.py", "schema.py", "yamlread.py", "load.py", "problems.py")

#: Set by ``pmo --no-cache``.
disabled = False

Mark = tuple[int, int]
#: (key path, at_key) → (line, column)
Marks = dict[tuple[tuple[str | int, ...], bool], Mark]


@dataclass(slots=True)
class Entry:
    """One file's cached outcome: its key (size, mtime, digest) and what reading it gave.

    The outcome is kept pickled (``blob``), so rewriting the cache after a change costs
    only the changed files, and files validated in worker processes arrive ready to store.
    """

    size: int
    mtime_ns: int
    digest: bytes
    #: pickle of (record or None, the file's problems); for pmo.yaml the record is Settings
    blob: bytes
    marks: Marks = field(default_factory=dict)

    def outcome(self) -> tuple[Any, list[Any]] | None:
        """(record, problems), or None when the blob cannot be restored."""
        try:
            record, problems = pickle.loads(self.blob)
        except Exception:  # a damaged entry: the file is read afresh
            return None
        if not isinstance(problems, list):
            return None
        return record, problems


def pack(record: Any, problems: list[Any]) -> bytes:
    """The blob of an entry."""
    return pickle.dumps((record, problems), protocol=pickle.HIGHEST_PROTOCOL)


def digest(raw: bytes) -> bytes:
    """The content hash of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def enabled() -> bool:
    """False when turned off by ``--no-cache`` or ``PMO_NO_CACHE``."""
    return not disabled and os.environ.get("PMO_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """Where caches are kept: ``$PMO_CACHE_DIR``, ``$XDG_CACHE_HOME/pmo`` or ``~/.cache/pmo``."""
    explicit = os.environ.get("PMO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "pmo"


def cache_path(root: Path) -> Path:
    """The cache file of the repository at ``root``."""
    name = hashlib.sha256(os.fsencode(str(root.resolve()))).hexdigest()[:24]
    return cache_dir() / f"{name}.pickle"


def header() -> tuple[Any, ...]:
    """What must match for a cache to be trusted: versions, and the shaping modules' source."""
    here = Path(pmo.__file__).parent
    stamps: list[tuple[str, int, int]] = []
    for name in _SHAPERS:
        try:
            st = (here / name).stat()
        except OSError:
            continue
        stamps.append((name, st.st_size, st.st_mtime_ns))
    return (
        "pmo-cache",
        LAYOUT,
        pmo.__version__,
        pmo.FORMAT_VERSION,
        sys.version_info[:2],
        tuple(stamps),
    )


def read(root: Path) -> dict[str, Entry]:
    """The cached entries of ``root``'s files; empty when absent, stale or corrupt."""
    return read_all(root)[0]


def read_all(root: Path) -> tuple[dict[str, Entry], dict[str, Any]]:
    """The cached entries of ``root``'s files and what else was kept (e.g. the last
    validation); both empty when the cache is absent, stale or corrupt."""
    try:
        raw = cache_path(root).read_bytes()
    except OSError:
        return {}, {}
    try:
        stored = pickle.loads(raw)
    except Exception:  # corrupt, truncated, or from classes that changed: start afresh
        return {}, {}
    if (
        not isinstance(stored, tuple)
        or len(stored) != 4
        or stored[0] != header()
        or stored[1] != str(root.resolve())
        or not isinstance(stored[2], dict)
        or not isinstance(stored[3], dict)
    ):
        return {}, {}
    return stored[2], stored[3]


def fingerprint(entries: dict[str, Entry]) -> bytes:
    """One hash of every file's key: equal only when no file was added, removed or changed."""
    h = hashlib.blake2b(digest_size=16)
    for rel in sorted(entries):
        entry = entries[rel]
        h.update(f"{rel}\0{entry.size}\0{entry.mtime_ns}\0".encode())
        h.update(entry.digest)
    return h.digest()


def write(root: Path, entries: dict[str, Entry], extra: dict[str, Any] | None = None) -> bool:
    """Store ``entries`` atomically; False (and no error) when the cache cannot be written."""
    from pmo.atomic import write_atomic

    try:
        stored = (header(), str(root.resolve()), entries, extra or {})
        data = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(cache_path(root), data, mode=0o600)
        return True
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return False


def clear(root: Path) -> bool:
    """Delete ``root``'s cache; True when there was one."""
    try:
        cache_path(root).unlink()
        return True
    except OSError:
        return False
