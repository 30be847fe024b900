"""Waiting and racing: a bounded, talkative wait for the lock; a lock file that is a link; an
editor saving a file while pmo edits it; writes through links or into hidden folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.atomic import Blocked, locked, write_changes
from pmo.cli import app
from pmo.edit.apply import Change, EditError, _open, apply
from pmo.portfolio import Portfolio

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"
AWKWARD = "records/awkward.yaml"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMO_INTERACTIVE", "0")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _update(runner: CliRunner, repo: Path, *extra: str) -> tuple[int, str]:
    args = ["update", "awk", "--rag", "amber", "--summary", "Waited", "--root", str(repo)]
    result = runner.invoke(app, [*args, *extra])
    return result.exit_code, result.stderr


# ---- the lock -----------------------------------------------------------------------------


def _hold(repo: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the repository's lock for ``seconds``."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from pmo.atomic import locked
        with locked(Path({str(repo)!r})):
            print("held", flush=True)
            time.sleep({seconds})
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, "update", "awk"], stdout=subprocess.PIPE, text=True,
        env=_env(),
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_an_edit_waits_a_bounded_time_and_says_who_holds_the_lock(
    runner: CliRunner, repo: Path
) -> None:
    before = (repo / AWKWARD).read_bytes()
    holder = _hold(repo, 60)
    try:
        code, err = _update(runner, repo, "--wait", "0.3")
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert code == 1, err
    who = f"pid {holder.pid} (pmo update awk) since "
    assert f"pmo: waiting for the lock held by {who}" in err
    assert f"pmo: error: the records are locked by {who}" in err
    assert "gave up after 0.3 seconds (wait longer with --wait SECONDS)" in err
    assert (repo / AWKWARD).read_bytes() == before


def test_an_edit_goes_ahead_when_the_lock_is_let_go(runner: CliRunner, repo: Path) -> None:
    holder = _hold(repo, 0.5)
    try:
        code, err = _update(runner, repo, "--wait", "60")
    finally:
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert code == 0, err
    assert "pmo: waiting for the lock held by pid" in err
    assert "Waited" in (repo / AWKWARD).read_text(encoding="utf-8")


def test_the_lock_file_says_who_holds_it(repo: Path) -> None:
    with locked(repo):
        text = (repo / ".pmo.lock").read_text(encoding="utf-8")
    assert text.startswith(f"pid {os.getpid()}\ncommand pmo")
    assert "\nsince 20" in text


def test_a_negative_wait_is_misuse(runner: CliRunner, repo: Path) -> None:
    code, err = _update(runner, repo, "--wait", "-1")
    assert code == 2 and "must be 0 or more seconds" in err


@pytest.mark.parametrize("kind", ["dangling link", "link to a file", "pipe"])
def test_a_lock_file_that_is_not_a_plain_file_is_refused(
    runner: CliRunner, repo: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "elsewhere" / "created-by-pmo"
    target.parent.mkdir()
    if kind == "dangling link":
        (repo / ".pmo.lock").symlink_to(target)
    elif kind == "link to a file":
        target.write_text("mine\n")
        (repo / ".pmo.lock").symlink_to(target)
    else:
        os.mkfifo(repo / ".pmo.lock")
    code, err = _update(runner, repo)
    assert code == 1, err
    assert "symbolic link" in err if "link" in kind else "not a regular file" in err
    if kind == "dangling link":
        assert not target.exists()
    elif kind == "link to a file":
        assert target.read_text() == "mine\n"


# ---- a file changed while the edit was under way ------------------------------------------


def _editor_saves(path: Path, text: str) -> None:
    """Another program (a separate process, as an editor is) saves ``path``."""
    code = f"from pathlib import Path; Path({str(path)!r}).write_text({text!r})"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_editor_saving_the_file_during_an_edit_is_never_overwritten(repo: Path) -> None:
    saved = (repo / AWKWARD).read_text(encoding="utf-8").replace("Keep going", "Editor's words")

    def plan(pf: Portfolio) -> list[Change]:
        raw, doc = _open(repo, AWKWARD)
        doc.data["name"] = "Changed by pmo"
        _editor_saves(repo / AWKWARD, saved)  # while pmo validates its edit
        return [Change(AWKWARD, raw, doc.encode(), "renamed")]

    with pytest.raises(Blocked, match="changed on disk while pmo was editing it"):
        apply(repo, plan)
    assert (repo / AWKWARD).read_text(encoding="utf-8") == saved


def test_a_file_created_by_another_program_during_pmo_new_is_kept(repo: Path) -> None:
    new = "records/team/west.yaml"

    def plan(pf: Portfolio) -> list[Change]:
        _editor_saves(repo / new, "kind: people\npeople: []\n")
        return [Change(new, None, b"kind: programme\nid: west\nname: W\nlead: ann\n", "new")]

    with pytest.raises(Blocked, match="was created by another program"):
        apply(repo, plan)
    assert (repo / new).read_text() == "kind: people\npeople: []\n"


def test_the_last_check_is_made_just_before_the_rename(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving after the first check (between two files' renames) still wins."""
    import pmo.atomic

    saved = "# the editor's version\n" + (repo / AWKWARD).read_text(encoding="utf-8")
    real = pmo.atomic._temporary
    calls = []

    def temporary(path: Path, data: bytes, mode: int | None, durable: bool) -> Path:
        calls.append(path)
        if path.name == "awkward.yaml":
            _editor_saves(path, saved)
        return real(path, data, mode, durable)

    monkeypatch.setattr(pmo.atomic, "_temporary", temporary)
    before = (repo / AWKWARD).read_bytes()
    with pytest.raises(Blocked):
        write_changes(repo, [(AWKWARD, before, b"kind: project\n")])
    assert (repo / AWKWARD).read_text(encoding="utf-8") == saved
    assert not [p for p in (repo / "records").iterdir() if p.name.endswith(".pmo-tmp")]


def test_a_file_changed_under_the_cli_is_exit_1_and_kept(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmo.atomic

    saved = "# saved by an editor\n" + (repo / AWKWARD).read_text(encoding="utf-8")
    real = pmo.atomic._check_unchanged

    def check(path: Path, rel: str, before: bytes | None) -> None:
        if rel == AWKWARD and (repo / AWKWARD).read_text(encoding="utf-8") != saved:
            _editor_saves(repo / AWKWARD, saved)
        real(path, rel, before)

    monkeypatch.setattr(pmo.atomic, "_check_unchanged", check)
    code, err = _update(runner, repo)
    assert code == 1
    assert err == (
        f"pmo: error: {AWKWARD} changed on disk while pmo was editing it (saved by another "
        "program?); nothing was written: run the command again\n"
    )
    assert (repo / AWKWARD).read_text(encoding="utf-8") == saved


# ---- where an edit may write ----------------------------------------------------------------


def test_pmo_new_never_writes_through_a_linked_folder(
    runner: CliRunner, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "records" / "west").symlink_to(outside)
    args = ["new", "programme", "west", "--name", "West", "--lead", "ann", "--root", str(repo)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "records/west is a symbolic link" in result.stderr
    result = runner.invoke(app, [*args, "--file", str(repo / "records/west/p.yaml")])
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    (repo / "records" / "inside").symlink_to(repo / "records" / "team")
    result = runner.invoke(app, [*args, "--file", str(repo / "records/inside/west.yaml")])
    assert result.exit_code == 2 and "records/inside is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
    assert not (repo / "records/team/west.yaml").exists()


@pytest.mark.parametrize("file", ["records/.drafts/west.yaml", "records/team/.west.yaml"])
def test_pmo_new_never_writes_a_hidden_record(runner: CliRunner, repo: Path, file: str) -> None:
    args = [
        "new",
        "programme",
        "west",
        "--name",
        "West",
        "--lead",
        "ann",
        "--file",
        str(repo / file),
    ]
    result = runner.invoke(app, [*args, "--root", str(repo)])
    assert result.exit_code == 2
    assert "a hidden file or folder; pmo never reads one" in result.stderr
    assert not (repo / file).exists()


def test_writes_refuse_paths_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "records" / "out").symlink_to(outside)
    for rel in ("records/out/x.yaml", "../outside/x.yaml", str(outside / "x.yaml")):
        with pytest.raises(Blocked):
            write_changes(repo, [(rel, None, b"kind: people\n")])
    assert list(outside.iterdir()) == []


def test_an_edit_never_reads_a_linked_or_special_record_file(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: project\nid: awk\n")
    (repo / "records" / "link.yaml").symlink_to(secret)
    with pytest.raises(EditError, match="symbolic link"):
        _open(repo, "records/link.yaml")
    os.mkfifo(repo / "records" / "pipe.yaml")
    with pytest.raises(EditError, match="named pipe"):
        _open(repo, "records/pipe.yaml")


def test_the_importer_and_completion_never_read_through_a_link(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmo.cli.complete import Index, index_path
    from pmo.load import load
    from pmo.spreadsheet.files import Files

    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: project\nid: awk\n")
    (repo / "records" / "link.yaml").symlink_to(secret)
    files = Files(repo, load(repo).portfolio)
    with pytest.raises(EditError, match="symbolic link"):
        files.doc("records/link.yaml")
    monkeypatch.setenv("PMO_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)
    os.mkfifo(index_path(repo))  # a pipe where the id index is kept: no hang
    ids = [i for i, _, _ in Index.of(repo).starting("aw")]
    assert ids[:1] == ["awk"]
