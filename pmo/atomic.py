"""Crash-safe writes and a repository lock: a file is either the old one or the new one, never half.

:func:`write_atomic` writes a hidden temporary file in the same folder (a dot-file, so the
loader never reads it as a record), flushes it to disk, renames it over the target and
flushes the folder. :func:`locked` holds an exclusive ``fcntl.flock`` on ``<root>/.pmo.lock``
for the length of an edit (``msvcrt.locking`` on Windows): a second ``pmo`` waits for the
first, then reads what it wrote. The operating system drops the lock when a process dies,
so a crash never leaves it held; the next edit removes a temporary file a crash left.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with locked(folder):
...     write_atomic(folder / "a.yaml", b"kind: people\\n")
>>> (folder / "a.yaml").read_bytes()
b'kind: people\\n'
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
from collections.abc import Iterator
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - not exercised by the test suite
    import msvcrt

    def _lock(fd: int) -> None:
        while True:  # LK_LOCK retries for ten seconds, then raises: keep waiting
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


#: The lock file at the root of a records repository (kept out of git by ``pmo init``).
LOCK_FILE = ".pmo.lock"
#: Temporary files are ``.<name>.<pid>.pmo-tmp`` beside their target.
TMP_SUFFIX = ".pmo-tmp"


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the repository's edit lock (blocking until it is free)."""
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        yield
    finally:
        # Closing the descriptor releases the lock.
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data`` atomically: every file pmo writes goes
    through here. The file keeps the old one's mode; a new one gets ``mode`` (default
    0o644, less the umask). The temporary file is created afresh (never through a link
    someone left in its place). ``durable``: flush file and folder to disk before returning
    (off for what can be rebuilt, such as the cache).
    """
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}{TMP_SUFFIX}"
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, mode)
    except FileExistsError:  # debris of an earlier process with this pid
        tmp.unlink()
        fd = os.open(tmp, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_folder(folder)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporary files an interrupted write of ``path`` left behind; call under the lock.

    Every write happens under the lock, so while it is held no other write is under way
    and any ``.<name>.<pid>.pmo-tmp`` beside ``path`` is debris.
    """
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed
