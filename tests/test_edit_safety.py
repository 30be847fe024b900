"""Edits are atomic and serialised: concurrent pmo runs all land; a killed write loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pmo.atomic import locked, write_atomic
from pmo.load import load
from pmo.validate import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"
AWKWARD = "records/awkward.yaml"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PMO_INTERACTIVE", None)
    return env


def test_concurrent_updates_all_land(repo: Path) -> None:
    n = 8
    commands = [
        ["update", "awk", "--rag", "amber", "--summary", f"Concurrent update {i}"]
        + ["--date", f"2011-01-{i + 1:02d}", "--root", str(repo)]
        for i in range(n)
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pmo", *c],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        for c in commands
    ]
    results = [(p.wait(), p.stderr.read() if p.stderr else b"") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream is not None:
                stream.close()
    assert [code for code, _ in results] == [0] * n, results
    text = (repo / AWKWARD).read_text()
    for i in range(n):
        assert text.count(f"summary: Concurrent update {i}\n") == 1
    project = load(repo).portfolio.projects["awk"]
    assert len(project.updates) == n + 1
    assert not [p for p in validate(repo).problems if p.severity == "error"]
    assert "# The end of the file." in text


CRASH = textwrap.dedent(
    """
    import os, sys, time

    real_write = os.write

    def half_then_hang(fd, data):
        if "awkward.yaml" not in os.readlink(f"/proc/self/fd/{fd}"):  # the cache, say
            return real_write(fd, data)
        written = real_write(fd, bytes(data[: len(data) // 2]))
        print("half written", flush=True)
        time.sleep(600)  # killed long before this ends
        return written

    os.write = half_then_hang
    from pmo.cli import main

    sys.argv = ["pmo", "update", "awk", "--rag", "red", "--summary", "Never lands",
                "--root", sys.argv[1]]
    main()
    """
)


def test_a_write_killed_midway_leaves_the_old_file(repo: Path) -> None:
    target = repo / AWKWARD
    original = target.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH, str(repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    line = proc.stdout.readline()
    if line != "half written\n":
        proc.kill()
        pytest.fail(f"the writer did not start: {proc.stderr.read()}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    # The old file is intact, byte for byte; the half-written temporary file is hidden.
    assert target.read_bytes() == original
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "awkward.yaml"]
    leftovers = [
        n
        for n in leftovers
        if n not in {"people.yaml", "prog.yaml", "board.yaml", "team", "papers"}
    ]
    assert leftovers == [f".awkward.yaml.{proc.pid}.pmo-tmp"]
    assert 0 < (target.parent / leftovers[0]).stat().st_size < len(original)
    # It is never read as a record, and the dead process's lock is gone: edits go on.
    checked = validate(repo)
    assert checked.files == 6
    assert not [p for p in checked.problems if p.severity == "error"]
    done = subprocess.run(
        [sys.executable, "-m", "pmo", "done", "awk-m1", "--root", str(repo)],
        capture_output=True,
        env=_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"actual: 2011-01-15" in target.read_bytes()
    # ... and that edit, holding the lock, cleared the debris of the killed one.
    assert not (target.parent / leftovers[0]).exists()


def test_write_atomic_keeps_the_mode_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old\n")
    path.chmod(0o600)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_write_atomic_cleans_up_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old\n")

    def broken(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_the_lock_is_a_hidden_file_at_the_root(repo: Path) -> None:
    with locked(repo):
        assert (repo / ".pmo.lock").exists()
    assert validate(repo).files == 6
