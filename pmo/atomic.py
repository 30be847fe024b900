"""Crash-safe writes and a repository lock: a file is either the old one or the new one, never half.

:func:`write_atomic` writes a hidden temporary file in the same folder (a dot-file, so the
loader never reads it as a record), flushes it to disk, renames it over the target and
flushes the folder. :func:`locked` holds an exclusive ``fcntl.flock`` on ``<root>/.pmo.lock``
for the length of an edit (``msvcrt.locking`` on Windows): a second ``pmo`` waits for the
first (at most :data:`WAIT_SECONDS`, ``--wait``), saying who holds it (the holder writes its
pid and command into the lock file), then reads what it wrote. The lock file is opened
without following a link. The operating system drops the lock when a process dies, so a
crash never leaves it held; the next edit removes a temporary file a crash left.

:func:`write_changes` writes an edit's files: only inside the repository, never through a
link, and only if each file is still what the edit read (an editor may have saved it while
the edit was being validated): else nothing is written (:class:`Blocked`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with locked(folder):
...     write_atomic(folder / "a.yaml", b"kind: people\\n")
>>> (folder / "a.yaml").read_bytes()
b'kind: people\\n'
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

if sys.platform == "win32":  # pragma: no cover - not exercised by the test suite
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


#: The lock file at the root of a records repository (kept out of git by ``pmo init``).
LOCK_FILE = ".pmo.lock"
#: Temporary files are ``.<name>.<pid>.pmo-tmp`` beside their target.
TMP_SUFFIX = ".pmo-tmp"
#: How long an edit waits for another to let go of the lock, in seconds (``--wait``).
WAIT_SECONDS = 10.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_LOCK_FLAGS |= getattr(os, "O_CLOEXEC", 0)


class Blocked(Exception):
    """An edit cannot go ahead: the lock is held too long or is not a plain file, a file
    changed since the edit read it, or a path leads outside the repository. Nothing was
    written."""


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it: ``pid 123 (pmo update ...) since 10:02:03``."""
    try:
        raw = os.pread(fd, 1024, 0)
    except OSError:
        raw = b""
    fields = dict(
        line.split(" ", 1) for line in raw.decode("utf-8", "replace").splitlines() if " " in line
    )
    if "pid" not in fields:
        return "another process"
    from pmo.inert import line

    command = f" ({line(fields['command'])})" if fields.get("command") else ""
    since = f" since {line(fields['since'])}" if fields.get("since") else ""
    return f"pid {line(fields['pid'])}{command}{since}"


def _mark(fd: int) -> None:
    """Write who holds the lock (pid, command, since when) into the lock file."""
    import datetime as dt

    command = " ".join(["pmo", *sys.argv[1:]])
    command = command if len(command) <= 200 else command[:199] + "…"
    since = dt.datetime.now().isoformat(timespec="seconds")
    text = f"pid {os.getpid()}\ncommand {command}\nsince {since}\n".encode()
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, text, 0)


def _open_lock(root: Path) -> int:
    path = root / LOCK_FILE
    try:
        fd = os.open(path, _LOCK_FLAGS, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Blocked(
                f"{path} is a symbolic link; pmo never follows one (remove it: pmo makes "
                "its own lock file)"
            ) from None
        if isinstance(exc, PermissionError) and os.path.lexists(path):
            raise Blocked(
                f"cannot open the lock file {path}: {exc.strerror} (it belongs to another "
                "user: ask them, or remove it)"
            ) from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise Blocked(f"{path} is not a regular file; remove it (pmo makes its own lock file)")
    return fd


@contextlib.contextmanager
def locked(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the repository's edit lock, waiting at most ``wait`` seconds (default
    :data:`WAIT_SECONDS`) for another edit to let go of it; :class:`Blocked` after that."""
    wait = WAIT_SECONDS if wait is None else wait
    fd = _open_lock(root)
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            from pmo.inert import line

            print(line(f"pmo: waiting for the lock held by {holder}"), file=sys.stderr)
            deadline = time.monotonic() + wait
            pause = 0.02
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise Blocked(
                        f"the records are locked by {_holder(fd)}; gave up after {wait:g} "
                        "seconds (wait longer with --wait SECONDS)"
                    )
                time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
                pause = min(pause * 2, 0.25)
        _mark(fd)
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


def _temporary(path: Path, data: bytes, mode: int | None, durable: bool) -> Path:
    """``data`` in a new temporary file beside ``path`` (its mode: ``path``'s, else ``mode``,
    else 0o644 less the umask), flushed to disk if ``durable``."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}{TMP_SUFFIX}"
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
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
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data`` atomically: every file pmo writes goes
    through here. The file keeps the old one's mode; a new one gets ``mode`` (default
    0o644, less the umask). The temporary file is created afresh (never through a link
    someone left in its place). ``durable``: flush file and folder to disk before returning
    (off for what can be rebuilt, such as the cache). A folder, device or pipe at ``path``
    is never replaced (OSError).
    """
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise OSError(errno.EEXIST, "it exists and is not a regular file", str(path))
    tmp = _temporary(path, data, mode, durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_folder(tmp.parent)


# ---- an edit's files: inside the repository, and unchanged since read ---------------------


def check_inside(root: Path, rel: str) -> Path:
    """``root/rel``, if it is a path inside the repository that passes through no link."""
    posix = PurePosixPath(rel)
    if not posix.parts or posix.is_absolute() or ".." in posix.parts:
        raise Blocked(f"{rel} is not a path inside the repository; nothing was written")
    here = root
    for part in posix.parts:
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            break  # what is missing is made as a folder (or is the file itself)
        if stat.S_ISLNK(st.st_mode):
            shown = here.relative_to(root).as_posix()
            raise Blocked(
                f"{shown} is a symbolic link: pmo writes only inside the repository and never "
                "through a link; nothing was written"
            )
    return root / rel


def _check_unchanged(path: Path, rel: str, before: bytes | None) -> None:
    from pmo.source import read_regular

    if before is None:
        if os.path.lexists(path):
            raise Blocked(
                f"{rel} was created by another program while pmo was editing; "
                "nothing was written: run the command again"
            )
        return
    now, problem = read_regular(rel, path)
    if now != before:
        why = f" ({problem.message})" if problem is not None else ""
        raise Blocked(
            f"{rel} changed on disk while pmo was editing it (saved by another program?){why}; "
            "nothing was written: run the command again"
        )


def _replace_unchanged(path: Path, rel: str, data: bytes, before: bytes | None) -> None:
    tmp = _temporary(path, data, None, True)
    try:
        if before is None:
            try:
                os.link(tmp, path)  # fails if anything is there by now
            except FileExistsError:
                raise Blocked(
                    f"{rel} was created by another program while pmo was editing; "
                    "nothing was written: run the command again"
                ) from None
            except OSError:  # a file system without hard links
                _check_unchanged(path, rel, None)
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
        else:
            _check_unchanged(path, rel, before)
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(tmp.parent)


def write_changes(root: Path, changes: Iterable[tuple[str, bytes | None, bytes]]) -> None:
    """Write an edit's files (``(rel, bytes read, bytes to write)``; None: a new file), under
    the lock, each atomically, and only if every path is inside the repository (no link on
    the way) and every file is still as the edit read it: an editor saving a file while the
    edit was validated is never overwritten (:class:`Blocked`; the check is made again just
    before each rename, and a new file is made with a link, which fails if one appeared).
    """
    items = list(changes)
    for rel, before, _ in items:
        _check_unchanged(check_inside(root, rel), rel, before)
    for rel, before, after in items:
        path = root / rel
        remove_stale_temporaries(path)
        _replace_unchanged(path, rel, after, before)


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
