"""Safe reading: only regular files inside the repository; links, devices, FIFOs, huge files and
unreadable folders are located problems, never a hang, a huge read or an echo of a secret."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.source import MAX_FILE_BYTES, WorkingTree, blob_id
from pmo.validate import validate

SECRET = "token-3f9c2a-do-not-echo"


def small(root: Path) -> Path:
    (root / "records").mkdir(parents=True)
    (root / "pmo.yaml").write_text("name: T\n", encoding="utf-8")
    (root / "records" / "people.yaml").write_text(
        "kind: people\npeople:\n  - {id: ann, name: Ann}\n", encoding="utf-8"
    )
    return root


def problems_of(root: Path) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in validate(root).problems]


def run_pmo(*args: str) -> subprocess.CompletedProcess[str]:
    """pmo in its own process, guarded against a hang (the guard is no timing assertion)."""
    env = {**os.environ, "PMO_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pmo", *args], capture_output=True, text=True, timeout=120, env=env
    )


def as_user(user: str, args: list[str]) -> tuple[int, str, str]:
    """``pmo ARGS`` run by ``user``: in a forked child that drops to that user (pmo's modules
    are already imported: the other user cannot read this interpreter's files)."""
    import pickle
    import pwd

    entry = pwd.getpwnam(user)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            result = CliRunner().invoke(app, args)
            payload = pickle.dumps((result.exit_code, result.stdout, result.stderr))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    exit_code, stdout, stderr = pickle.loads(data)
    return exit_code, stdout, stderr


def test_blob_ids_are_gits() -> None:
    assert blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_a_link_out_of_the_repository_is_an_error_and_its_target_is_not_echoed(
    tmp_path: Path,
) -> None:
    root = small(tmp_path / "repo")
    secret = tmp_path / "credentials"
    secret.write_text(f"{SECRET}: yes\n", encoding="utf-8")
    (root / "records" / "creds.yaml").symlink_to(secret)
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", "github"])
    assert result.exit_code == 1
    assert "records/creds.yaml" in result.stdout and "symlink" in result.stdout
    assert SECRET not in result.output and str(secret) not in result.output


def test_links_inside_the_repository_are_not_followed_either(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    (root / "shared").mkdir()
    (root / "shared" / "board.yaml").write_text("kind: board\nid: b\nname: B\n", encoding="utf-8")
    (root / "records" / "board.yaml").symlink_to(root / "shared" / "board.yaml")
    (root / "records" / "more").symlink_to(root / "shared", target_is_directory=True)
    assert problems_of(root) == [
        ("records/board.yaml", "symlink"),
        ("records/more", "symlink"),  # a linked folder is not skipped silently
    ]


def test_records_itself_a_link_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    real = small(tmp_path / "elsewhere")
    root.mkdir()
    (root / "records").symlink_to(real / "records", target_is_directory=True)
    assert problems_of(root) == [("records", "symlink")]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/stdin"])
def test_a_record_linked_to_a_device_is_not_read(tmp_path: Path, target: str) -> None:
    root = small(tmp_path / "repo")
    (root / "records" / "dev.yaml").symlink_to(target)
    result = run_pmo("validate", "--root", str(root))
    assert result.returncode == 1
    assert "records/dev.yaml:1:1: error: symlink" in result.stdout


def test_a_fifo_named_yaml_does_not_hang(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    os.mkfifo(root / "records" / "pipe.yaml")
    result = run_pmo("validate", "--root", str(root))
    assert result.returncode == 1
    assert "records/pipe.yaml:1:1: error: not-a-file this is a named pipe" in result.stdout
    status = run_pmo("status", "--root", str(root))
    assert status.returncode == 0, status.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_in_the_repository_is_not_read(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    os.mknod(root / "records" / "zero.yaml", 0o600 | 0o020000, os.makedev(1, 5))
    assert problems_of(root) == [("records/zero.yaml", "not-a-file")]


def test_a_huge_sparse_file_is_refused_from_its_size(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    with open(root / "records" / "huge.yaml", "wb") as handle:
        handle.truncate(6 * 1024**3)  # 6 GiB of nothing: sparse, no disk used
    result = run_pmo("validate", "--root", str(root))
    assert result.returncode == 1
    assert "huge.yaml:1:1: error: file-too-large the file is 6,442,450,944 bytes" in result.stdout


def test_a_file_at_the_bound_is_read_and_one_past_is_not(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    big = root / "records" / "big.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES - 3) + b"\n")
    tree = WorkingTree(root)
    assert "records/big.yaml" in tree.listing().files
    big.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES - 2) + b"\n")
    assert tree.listing().failed["records/big.yaml"].code == "file-too-large"


def test_root_without_pmo_yaml_or_records_is_misuse(tmp_path: Path, runner: CliRunner) -> None:
    for command in (["validate"], ["status"], ["risks"]):
        result = runner.invoke(app, [*command, "--root", str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert "not a records repository" in result.stderr
    assert runner.invoke(app, ["validate", "--root", "/"]).exit_code == 2


# ---- a second local user: what root cannot see as unreadable ---------------------------------

OTHER = "pmo-test-other"


@pytest.fixture(scope="module")
def other_user() -> str:
    if os.geteuid() != 0 or shutil.which("runuser") is None or shutil.which("useradd") is None:
        pytest.skip("needs root, useradd and runuser to act as a second user")
    if subprocess.run(["id", OTHER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--no-create-home", OTHER], check=True, capture_output=True)
    return OTHER


def shared_copy(tmp_path: Path) -> Path:
    """A repository another user can reach (the folders on the way opened to all)."""
    base = Path("/tmp") / f"pmo-shared-{os.getpid()}-{tmp_path.name}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(mode=0o755)
    root = small(base / "repo")
    for folder, dirs, files in os.walk(base):
        for name in dirs:
            os.chmod(Path(folder, name), 0o755)
        for name in files:
            os.chmod(Path(folder, name), 0o644)
    return root


def test_unreadable_folders_and_files_are_problems(
    tmp_path: Path, other_user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shared_copy(tmp_path)
    monkeypatch.setenv("PMO_NO_CACHE", "1")
    try:
        for args in (["validate"], ["status"]):  # everything imported before the fork
            assert CliRunner().invoke(app, [*args, "--root", str(root)]).exit_code == 0
        (root / "records" / "locked").mkdir(mode=0o700)
        (root / "records" / "locked" / "p.yaml").write_text("kind: people\npeople: []\n")
        secret = root / "records" / "secret.yaml"
        secret.write_text("kind: people\npeople: []\n")
        secret.chmod(0o600)
        code, out, err = as_user(other_user, ["validate", "--root", str(root)])
        assert code == 1, out + err
        assert "records/locked:1:1: error: unreadable cannot read this folder" in out
        assert "records/secret.yaml:1:1: error: unreadable cannot read this file" in out
        code, out, err = as_user(other_user, ["status", "--root", str(root)])
        assert code == 0, err
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_the_size_bound_is_the_readers() -> None:
    from pmo import yamlread

    assert MAX_FILE_BYTES == yamlread.MAX_FILE_BYTES
