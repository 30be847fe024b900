"""A cache of validated files, keyed by content (the git blob id): data only, every entry checked.

An entry holds what validating one file's content gave: its record, its own problems
(without a path: the same content may sit at several paths, or in several commits) and
every ``line:column`` asked of it so far. Entries are MessagePack (msgspec), decoded into
the record classes by type, so nothing in the cache can run code; each carries a BLAKE2b
digest of its key and bytes, checked before it is decoded, so a damaged entry (a flipped
byte, a truncation) is read afresh, never trusted.

The cache lives outside the repository (``$PMO_CACHE_DIR``, else ``$XDG_CACHE_HOME/pmo``,
else ``~/.cache/pmo``), one file per repository. A folder is used only when it is ours:
owned by this user, not writable by group or others, not inside the repository (or the git
work tree holding it); otherwise pmo says why once on stderr and reads every file afresh.
Folders are created 0700, files 0600. The cache is ignored across versions of pmo, of the
records format, of Python and of the modules that shape records; written atomically;
failing to write it is no error. ``PMO_NO_CACHE=1`` (or ``pmo --no-cache``) turns it off.

Restoring needs only msgspec and the record classes: no YAML parser, no pydantic.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pmo

#: Bumped whenever the layout of the cache file changes.
LAYOUT = 4
MAGIC = "pmo-cache"
#: Modules whose source shapes what is cached (records, their validation, their problems).
_SHAPERS = (
    "records.py",
    "types.py",
    "schema.py",
    "yamlread.py",
    "load.py",
    "locate.py",
    "problems.py",
    "check.py",
    "asof.py",
)
#: Entries not used in this many saves are dropped.
KEEP_SAVES = 64

#: Set by ``pmo --no-cache``.
disabled = False

Mark = tuple[int, int]
#: (key path, at_key) → (line, column)
Marks = dict[tuple[tuple[str | int, ...], bool], Mark]
#: A problem without its path: line, column, severity, code, message.
Bare = tuple[int, int, str, str, str]

_said: set[str] = set()


def say_once(message: str) -> None:
    """Print ``pmo: note: message`` on stderr, once per process."""
    if message not in _said:
        _said.add(message)
        from pmo.inert import line

        print(line(f"pmo: note: {message}"), file=sys.stderr)


@dataclass(slots=True)
class Outcome:
    """What validating one file's content gave."""

    record: Any
    problems: list[Bare]
    marks: Marks = field(default_factory=dict)


def _codec() -> Any:
    import msgspec

    return msgspec


_decoders: dict[str, Any] = {}


def _decoder(kind: str) -> Any:
    found = _decoders.get(kind)
    if found is None:
        import msgspec

        from pmo.records import KINDS, Settings

        classes = {**KINDS, "settings": Settings}
        if kind == "entry":
            found = msgspec.msgpack.Decoder(
                tuple[
                    str,
                    msgspec.Raw,
                    list[tuple[int, int, str, str, str]],
                    list[tuple[list[str | int], bool, int, int]],
                ]
            )
        elif kind == "file":
            found = msgspec.msgpack.Decoder(
                tuple[str, bytes, str, int, list[tuple[str, bytes, bytes, int]], bytes, bytes]
            )
        else:
            found = msgspec.msgpack.Decoder(classes[kind])
        _decoders[kind] = found
    return found


def encode(outcome: Outcome, raw_record: Any = None) -> bytes:
    """An entry's bytes (``raw_record``: the record already encoded, reused as it is)."""
    msgspec = _codec()
    record = outcome.record
    kind = "" if record is None else getattr(record, "kind", "settings")
    marks = [
        [list(path), at_key, line, col] for (path, at_key), (line, col) in outcome.marks.items()
    ]
    body = raw_record if raw_record is not None else record
    return bytes(msgspec.msgpack.encode([kind, body, outcome.problems, marks]))


def decode(payload: bytes) -> tuple[Outcome, Any]:
    """An entry's outcome, and its record still encoded (to re-encode it with new marks)."""
    kind, raw, problems, marks = _decoder("entry").decode(payload)
    record = _decoder(kind).decode(raw) if kind else None
    return Outcome(
        record,
        [tuple(p) for p in problems],  # type: ignore[misc]
        {(tuple(path), at_key): (line, col) for path, at_key, line, col in marks},
    ), raw


def digest(key: str, payload: bytes) -> bytes:
    h = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16)
    h.update(b"\0")
    h.update(payload)
    return h.digest()


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


def _work_tree(root: Path) -> Path:
    """The git work tree holding ``root`` (the nearest folder with a ``.git``), else ``root``."""
    for folder in (root, *root.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return root


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _make_private(folder: Path) -> None:
    """Create ``folder`` and any missing parent, each 0700 whatever the umask."""
    missing = []
    here = folder
    while not os.path.lexists(here) and here != here.parent:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)


def usable_dir(root: Path) -> Path | None:
    """The cache folder, when it is safe to use for ``root``; else None (said once, why)."""
    folder = cache_dir()
    real = os.path.realpath(folder)
    top = os.path.realpath(_work_tree(root.resolve()))
    if _inside(real, top) or _inside(real, os.path.realpath(root)):
        say_once(
            f"not using the cache folder {folder}: it is inside the repository, which could "
            "ship a cache of its own; reading every file afresh (set PMO_CACHE_DIR elsewhere)"
        )
        return None
    try:
        _make_private(Path(real))
        st = os.stat(real)
    except OSError:
        return None  # cannot be made: every run is cold, as with --no-cache
    if not stat.S_ISDIR(st.st_mode):
        return None
    if st.st_uid != os.geteuid():
        say_once(
            f"not using the cache folder {folder}: it belongs to another user; reading every "
            "file afresh (set PMO_CACHE_DIR to a folder of your own)"
        )
        return None
    if st.st_mode & 0o022:
        say_once(
            f"not using the cache folder {folder}: others can write to it (mode "
            f"{stat.S_IMODE(st.st_mode):o}); reading every file afresh (chmod 700 it, or set "
            "PMO_CACHE_DIR to a private folder)"
        )
        return None
    return Path(real)


def cache_path(root: Path, folder: Path | None = None) -> Path:
    """The cache file of the repository at ``root``."""
    name = hashlib.sha256(os.fsencode(str(root.resolve()))).hexdigest()[:24]
    return (folder or cache_dir()) / f"{name}.pmo-cache"


def header() -> bytes:
    """What must match for a cache to be trusted: versions, and the shaping modules' source."""
    here = Path(pmo.__file__).parent
    stamps: list[list[Any]] = []
    for name in _SHAPERS:
        try:
            st = (here / name).stat()
        except OSError:
            continue
        stamps.append([name, st.st_size, st.st_mtime_ns])
    parts = [MAGIC, LAYOUT, pmo.__version__, pmo.FORMAT_VERSION, list(sys.version_info[:2]), stamps]
    return bytes(_codec().msgpack.encode(parts))


def _read_private(path: Path) -> bytes | None:
    """The bytes of our own regular cache file (not a link, not writable by others)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (
            not stat.S_ISREG(st.st_mode)
            or st.st_uid != os.geteuid()
            or st.st_mode & 0o022
            or st.st_size > 2**31
        ):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


class Store:
    """One repository's cache, opened: entries by key (checked and decoded when asked for)."""

    def __init__(self, root: Path, *, use: bool = True) -> None:
        self.root = root
        self.folder = usable_dir(root) if use else None
        #: key → (digest, payload, generation)
        self._entries: dict[str, tuple[bytes, bytes, int]] = {}
        self._records: dict[str, Any] = {}  # key → the record still encoded
        self.extra: dict[str, bytes] = {}
        self.generation = 0
        self.used: set[str] = set()
        self.changed = False
        if self.folder is not None:
            self._open()

    @property
    def active(self) -> bool:
        return self.folder is not None

    def _open(self) -> None:
        assert self.folder is not None
        raw = _read_private(cache_path(self.root, self.folder))
        if not raw:
            return
        try:
            magic, head, root, generation, entries, extra, check = _decoder("file").decode(raw)
        except Exception:  # damaged framing or a stranger's file: start afresh
            return
        if magic != MAGIC or head != header() or root != str(self.root.resolve()):
            return
        self.generation = generation
        self._entries = {key: (dig, payload, gen) for key, dig, payload, gen in entries}
        if extra and hmac.compare_digest(digest("extra", extra), check):
            with contextlib.suppress(Exception):
                decoded = _codec().msgpack.decode(extra, type=dict[str, bytes])
                self.extra = decoded

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def stored(self) -> list[str]:
        """Every key stored (entries not yet checked)."""
        return list(self._entries)

    def payload(self, key: str) -> bytes:
        """The stored bytes of one entry (for tests and tools)."""
        return self._entries[key][1]

    def get(self, key: str) -> Outcome | None:
        """The outcome stored under ``key``, or None (absent, damaged, or not decodable)."""
        found = self._entries.get(key)
        if found is None:
            return None
        dig, payload, _ = found
        if not hmac.compare_digest(digest(key, payload), dig):
            del self._entries[key]
            self.changed = True
            return None
        try:
            outcome, raw = decode(payload)
        except Exception:  # checked, yet not ours to decode (e.g. written by a bug): re-read
            del self._entries[key]
            self.changed = True
            return None
        self._records[key] = raw
        self.used.add(key)
        return outcome

    def put(self, key: str, payload: bytes) -> None:
        """Store an entry's bytes (see :func:`encode`)."""
        self._entries[key] = (digest(key, payload), payload, self.generation + 1)
        self.used.add(key)
        self.changed = True

    def remark(self, key: str, outcome: Outcome) -> None:
        """Store ``outcome`` (with new marks) under ``key``, reusing its encoded record."""
        self.put(key, encode(outcome, self._records.get(key)))

    def set_extra(self, name: str, payload: bytes) -> None:
        if self.extra.get(name) != payload:
            self.extra[name] = payload
            self.changed = True

    def save(self) -> bool:
        """Write the cache atomically when anything changed; False when it cannot be written."""
        if self.folder is None or not self.changed:
            return False
        msgspec = _codec()
        generation = self.generation + 1
        oldest = generation - KEEP_SAVES
        entries = []
        for key, (dig, payload, gen) in self._entries.items():
            if key in self.used:
                gen = generation
            if gen >= oldest:
                entries.append((key, dig, payload, gen))
        extra = bytes(msgspec.msgpack.encode(self.extra)) if self.extra else b""
        stored = (
            MAGIC,
            header(),
            str(self.root.resolve()),
            generation,
            entries,
            extra,
            digest("extra", extra) if extra else b"",
        )
        from pmo.atomic import write_atomic

        try:
            data = msgspec.msgpack.encode(stored)
            write_atomic(cache_path(self.root, self.folder), data, mode=0o600, durable=False)
        except (OSError, TypeError, ValueError):
            return False
        self.generation = generation
        self.changed = False
        return True


def clear(root: Path) -> bool:
    """Delete ``root``'s cache; True when there was one."""
    try:
        cache_path(root).unlink()
        return True
    except OSError:
        return False
