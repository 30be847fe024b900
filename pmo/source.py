"""Where records are read from: the working tree or one commit's tree, through one interface.

A source lists ``pmo.yaml`` and every record file with its *content id* (the git blob id:
SHA-1 of ``"blob <size>\\0"`` and the bytes, for files on disk too), and reads the bytes of
the files asked for. The cache is keyed by content id, so a file content validated once is
reused whichever commit, or the working tree, holds it.

Only regular files inside the repository are read. On disk every file is opened without
following links and without blocking, checked with ``fstat`` and read up to a bound, so a
FIFO, a device, a link (to ``/dev/zero``, or out of the repository) or a huge sparse file is
a located problem, never a hang or a huge read. Symbolic links are never followed, for files
and folders alike, in the working tree and in commits: each is a ``symlink`` error at its
path, and its target is neither read nor named. Hidden files and folders are skipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pmo.portfolio import SourceState
from pmo.problems import Problem

if TYPE_CHECKING:  # git is needed only to read a commit
    from pmo.git import Commit, Repo, TreeEntry

SETTINGS_FILE = "pmo.yaml"
RECORDS_DIR = "records"
#: The most record files one repository may hold.
MAX_FILES = 50_000
#: The largest record file, in bytes (the same bound as :data:`pmo.yamlread.MAX_FILE_BYTES`).
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Bytes kept in memory from listing the working tree, so that files to validate are not
#: read twice; beyond this they are read again (and hashed again) when wanted.
KEEP_BYTES = 64 * 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_DIR_FLAGS |= getattr(os, "O_CLOEXEC", 0)


def blob_id(raw: bytes) -> str:
    """The git blob id of ``raw``: what ``git hash-object`` prints for a file of these bytes."""
    h = hashlib.sha1(b"blob %d\0" % len(raw), usedforsecurity=False)
    h.update(raw)
    return h.hexdigest()


def is_record_name(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


def _problem(rel: str, code: str, message: str) -> Problem:
    return Problem(rel, 1, 1, "error", code, message)


def too_large(rel: str, size: int) -> Problem:
    return _problem(
        rel,
        "file-too-large",
        f"the file is {size:,} bytes; a record file may be at most {MAX_FILE_BYTES:,} bytes "
        "(split it into several files)",
    )


def symlink(rel: str, folder: bool = False) -> Problem:
    what = "folder" if folder else "file"
    return _problem(
        rel,
        "symlink",
        f"this is a symbolic link; pmo reads only regular files inside the repository and "
        f"never follows links (put the {what} itself here)",
    )


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def not_a_file(rel: str, mode: int) -> Problem:
    what = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return _problem(rel, "not-a-file", f"this is {what}; pmo reads only regular files")


def unreadable(rel: str, exc: OSError, folder: bool = False) -> Problem:
    why = exc.strerror or str(exc)
    what = "folder" if folder else "file"
    return _problem(rel, "unreadable", f"cannot read this {what}: {why}")


@dataclass(slots=True)
class Listing:
    """What a source holds: pmo.yaml and record files by content id, and what could not be read.

    ``files`` and ``failed`` are keyed by path relative to the repository root; a file is in
    one of them. ``problems`` are about folders and the repository as a whole.
    """

    settings: str | None = None
    settings_problem: Problem | None = None
    files: dict[str, str] = field(default_factory=dict)
    failed: dict[str, Problem] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def paths(self) -> list[str]:
        """Every record file listed (readable or not), sorted."""
        return sorted([*self.files, *self.failed])

    def fingerprint(self) -> bytes:
        """One hash of every path and content id: equal only when nothing changed."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{SETTINGS_FILE}\0{self.settings}\0".encode())
        for rel in sorted(self.files):
            h.update(f"{rel}\0{self.files[rel]}\0".encode())
        for rel in sorted(self.failed):
            h.update(f"{rel}\0!{self.failed[rel]}\0".encode())
        for p in self.problems:
            h.update(f"{p}\0".encode())
        return h.digest()


class Source(Protocol):
    """The working tree or one commit's tree: listed by content id, read by path."""

    #: The repository root on disk (templates and the cache are found from it).
    root: Path
    #: Which state this is (commit or working tree).
    state: SourceState

    def listing(self) -> Listing: ...

    def read(self, rels: Sequence[str]) -> dict[str, bytes | Problem]: ...

    def label(self, rel: str) -> str:
        """How a path is shown in problems: ``records/x.yaml`` or ``records/x.yaml@abc1234``."""
        ...


def read_regular(
    rel: str, name: str | Path, dir_fd: int | None = None
) -> tuple[bytes | None, Problem | None]:
    """A regular file's bytes (at most :data:`MAX_FILE_BYTES`), never following a link.

    Opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked with ``fstat`` before reading: a
    link, FIFO, device or socket is a problem, not read; so is a file larger than the bound
    (found from its size, or from reading one byte past it, for files that grow).
    """
    try:
        fd = os.open(name, _OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, symlink(rel)
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket
            return None, not_a_file(rel, stat.S_IFSOCK)
        return None, unreadable(rel, exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, not_a_file(rel, st.st_mode)
        if st.st_size > MAX_FILE_BYTES:
            return None, too_large(rel, st.st_size)
        chunks = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, max(st.st_size + 1, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
        if len(raw) > MAX_FILE_BYTES:
            return None, too_large(rel, len(raw))
        return raw, None
    except OSError as exc:
        return None, unreadable(rel, exc)
    finally:
        os.close(fd)


class WorkingTree:
    """The files on disk under ``root``: pmo.yaml and ``records/``, uncommitted edits included."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = SourceState(None, None, True)
        self._kept: dict[str, bytes] = {}

    def label(self, rel: str) -> str:
        return rel

    def walk(self, problems: list[Problem]) -> Iterator[tuple[str, str, int]]:
        """``(rel, name, folder fd)`` of every record file name under records/, in no order.

        Folders that cannot be read, and folders that are links, are problems; hidden
        folders and files are skipped. The fds are valid only until the next step.
        """
        base = self.root / RECORDS_DIR
        try:
            st = os.lstat(base)
        except FileNotFoundError:
            return
        except OSError as exc:
            problems.append(unreadable(RECORDS_DIR, exc, folder=True))
            return
        if stat.S_ISLNK(st.st_mode):
            problems.append(symlink(RECORDS_DIR, folder=True))
            return
        if not stat.S_ISDIR(st.st_mode):
            problems.append(not_a_file(RECORDS_DIR, st.st_mode))
            return

        def failed(exc: OSError) -> None:
            where = Path(exc.filename) if exc.filename else base
            try:
                rel = where.relative_to(self.root).as_posix()
            except ValueError:
                rel = RECORDS_DIR
            problems.append(unreadable(rel, exc, folder=True))

        for folder, dirs, files, fd in os.fwalk(base, onerror=failed, follow_symlinks=False):
            rel_folder = Path(folder).relative_to(self.root).as_posix()
            keep = []
            for name in dirs:
                if name.startswith("."):
                    continue
                rel = f"{rel_folder}/{name}"
                try:
                    if stat.S_ISLNK(os.lstat(name, dir_fd=fd).st_mode):
                        problems.append(symlink(rel, folder=True))
                        continue
                    os.close(os.open(name, _DIR_FLAGS, dir_fd=fd))  # can it be listed?
                except OSError as exc:
                    problems.append(unreadable(rel, exc, folder=True))
                    continue
                keep.append(name)
            dirs[:] = keep
            for name in files:
                if is_record_name(name):
                    yield f"{rel_folder}/{name}", name, fd

    def listing(self) -> Listing:
        """Read and hash pmo.yaml and every record file (kept for :meth:`read`, up to a bound)."""
        listing = Listing()
        self._kept.clear()
        kept = 0
        raw, problem = read_regular(SETTINGS_FILE, self.root / SETTINGS_FILE)
        if raw is not None:
            listing.settings = blob_id(raw)
            self._kept[SETTINGS_FILE] = raw
        elif problem is not None and not (
            problem.code == "unreadable" and not os.path.lexists(self.root / SETTINGS_FILE)
        ):
            listing.settings_problem = problem
        found: list[str] = []
        for rel, name, fd in self.walk(listing.problems):
            found.append(rel)
            raw, problem = read_regular(rel, name, dir_fd=fd)
            if raw is None:
                assert problem is not None
                listing.failed[rel] = problem
                continue
            listing.files[rel] = blob_id(raw)
            if kept + len(raw) <= KEEP_BYTES:
                self._kept[rel] = raw
                kept += len(raw)
        listing.problems.sort(key=lambda p: (p.path, p.code))
        if len(found) > MAX_FILES:
            bounded(listing, len(found))
        listing.files = dict(sorted(listing.files.items()))
        return listing

    def read(self, rels: Sequence[str]) -> dict[str, bytes | Problem]:
        """The bytes of each file (kept from listing, else read afresh)."""
        out: dict[str, bytes | Problem] = {}
        for rel in rels:
            raw = self._kept.get(rel)
            if raw is None:
                path = self.root / rel
                if not _inside(path.parent, self.root):  # a folder swapped for a link
                    out[rel] = symlink(rel, folder=True)
                    continue
                got, problem = read_regular(rel, path)
                if got is None:
                    assert problem is not None
                    out[rel] = problem
                    continue
                raw = got
            out[rel] = raw
        return out

    def forget(self) -> None:
        """Drop the bytes kept from listing."""
        self._kept.clear()


def _inside(folder: Path, root: Path) -> bool:
    real = os.path.realpath(folder)
    return real == str(root) or real.startswith(str(root).rstrip(os.sep) + os.sep)


class CommitTree:
    """One commit's tree, read through git in batch mode (nothing is checked out)."""

    def __init__(self, root: Path, repo: Repo, commit: Commit) -> None:
        self.root = root
        self.repo = repo
        self.commit = commit
        self.state = SourceState(commit.sha, commit.time, False)
        self._oids: dict[str, str] = {}

    def label(self, rel: str) -> str:
        return f"{rel}@{self.commit.short}"

    def listing(self) -> Listing:
        """pmo.yaml and every record file of the commit, from one ``git ls-tree``."""
        listing = Listing()
        prefix = self.repo.prefix
        entries = self.repo.tree(
            self.commit.sha, [f"{prefix}{SETTINGS_FILE}", f"{prefix}{RECORDS_DIR}"]
        )
        found = 0
        for entry in entries:
            if not entry.path.startswith(prefix):
                continue
            rel = entry.path[len(prefix) :]
            if rel == SETTINGS_FILE:
                problem = _entry_problem(self.label(rel), entry)
                if problem is None:
                    listing.settings = entry.oid
                    self._oids[rel] = entry.oid
                else:
                    listing.settings_problem = problem
                continue
            parts = rel.split("/")
            if parts[0] != RECORDS_DIR or any(p.startswith(".") for p in parts[1:]):
                continue
            if not is_record_name(parts[-1]):
                continue
            found += 1
            problem = _entry_problem(self.label(rel), entry)
            if problem is None:
                listing.files[rel] = entry.oid
                self._oids[rel] = entry.oid
            else:
                listing.failed[rel] = problem
        if found > MAX_FILES:
            bounded(listing, found, self.label(RECORDS_DIR))
        listing.files = dict(sorted(listing.files.items()))
        return listing

    def read(self, rels: Sequence[str]) -> dict[str, bytes | Problem]:
        """The blobs of ``rels``, all through one ``git cat-file --batch``."""
        from pmo.git import GitError

        wanted = {rel: self._oids[rel] for rel in rels if rel in self._oids}
        try:
            blobs = self.repo.blobs(wanted.values())
        except GitError as exc:
            blobs, why = {}, str(exc)
        else:
            why = "git could not read it"
        out: dict[str, bytes | Problem] = {}
        for rel in rels:
            raw = blobs.get(wanted.get(rel, ""))
            if raw is None:
                out[rel] = _problem(self.label(rel), "unreadable", f"cannot read it: {why}")
            elif len(raw) > MAX_FILE_BYTES:
                out[rel] = too_large(self.label(rel), len(raw))
            else:
                out[rel] = raw
        return out


def _entry_problem(rel: str, entry: TreeEntry) -> Problem | None:
    from pmo.git import FILE_MODES, LINK_MODE

    if entry.mode == LINK_MODE:
        return symlink(rel)
    if entry.mode not in FILE_MODES:
        return _problem(rel, "not-a-file", "this is not a regular file (a submodule?)")
    if entry.size is not None and entry.size > MAX_FILE_BYTES:
        return too_large(rel, entry.size)
    return None


def bounded(listing: Listing, count: int, where: str = RECORDS_DIR) -> None:
    """Keep the first :data:`MAX_FILES` record files (by path) and say so."""
    keep = set(listing.paths()[:MAX_FILES])
    listing.files = {rel: oid for rel, oid in listing.files.items() if rel in keep}
    listing.failed = {rel: p for rel, p in listing.failed.items() if rel in keep}
    message = f"{count:,} record files; pmo reads at most {MAX_FILES:,}"
    listing.problems.append(_problem(where, "too-many-files", message))


def record_paths(root: Path) -> list[str]:
    """Every record file under ``root/records`` (relative paths, sorted), nothing read."""
    return sorted(rel for rel, _, _ in WorkingTree(root).walk([]))
