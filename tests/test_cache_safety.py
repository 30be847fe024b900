"""A cache nobody else can plant: shared folders, umask 000, a cache inside the checkout, other
users' folders and files, and damage at any byte (never a traceback, never a different answer)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmo import cache
from pmo.cli import app
from pmo.load import load
from pmo.validate import validate
from tests.test_cache import small_repo

OTHER = "pmo-test-other"


class Boom:
    """Unpickling this writes a file: proof that a planted pickle ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.marker, "pwned"))


def plant(folder: Path, root: Path, marker: Path) -> None:
    """Every file a cache of ``root`` might be read from, holding a pickle that would run."""
    payload = pickle.dumps(Boom(marker))
    name = cache.cache_path(root, folder).name
    for candidate in (name, name.replace(".pmo-cache", ".pickle")):
        (folder / candidate).write_bytes(payload)


def test_a_shared_sticky_cache_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    root = small_repo(tmp_path / "repo")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    marker = tmp_path / "ran"
    plant(shared, root, marker)
    monkeypatch.setenv("PMO_CACHE_DIR", str(shared))
    before = sorted(p.name for p in shared.iterdir())
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "not using the cache folder" in result.stderr and "mode 1777" in result.stderr
    assert not marker.exists()
    assert sorted(p.name for p in shared.iterdir()) == before  # nothing written there either
    assert load(root).fresh == 3 and load(root).fresh == 3  # behaves as --no-cache


def test_a_planted_pickle_in_our_own_folder_is_data_that_fails_to_decode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path / "repo")
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    plant(folder, root, marker)
    monkeypatch.setenv("PMO_CACHE_DIR", str(folder))
    assert load(root).fresh == 3
    assert not marker.exists()
    assert load(root).fresh == 0


def test_umask_000_still_makes_private_folders_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path / "repo")
    monkeypatch.delenv("PMO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / "cache"))
    old = os.umask(0)
    try:
        assert load(root).fresh == 3
    finally:
        os.umask(old)
    for folder in (tmp_path / "home", tmp_path / "home" / "cache", cache.cache_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(cache.cache_path(root).stat().st_mode) == 0o600
    assert load(root).fresh == 0


def test_a_world_writable_cache_folder_made_earlier_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = small_repo(tmp_path / "repo")
    folder = tmp_path / "old-cache"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("PMO_CACHE_DIR", str(folder))
    cache._said.clear()
    load(root)
    load(root)
    said = capsys.readouterr().err
    assert said.count("pmo: note: not using the cache folder") == 1  # said once
    assert "others can write to it (mode 777)" in said
    assert list(folder.iterdir()) == []


def test_a_cache_inside_the_checkout_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    checkout = tmp_path / "checkout"
    root = small_repo(checkout / "office")
    (checkout / ".git").mkdir()  # the records sit in a subfolder of a git work tree
    monkeypatch.delenv("PMO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(checkout / ".cache"))
    folder = checkout / ".cache" / "pmo"
    folder.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "ran"
    plant(folder, root, marker)  # shipped by a pull request
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "it is inside the repository" in result.stderr
    assert not marker.exists()
    assert load(root).fresh == 3


def test_a_cache_file_that_is_a_link_or_writable_by_others_is_ignored(
    tmp_path: Path,
) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    path = cache.cache_path(root)
    path.chmod(0o666)
    assert load(root).fresh == 3  # ignored, then replaced by a private one
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    target = tmp_path / "elsewhere"
    path.rename(target)
    path.symlink_to(target)
    assert load(root).fresh == 3


@pytest.fixture(scope="module")
def other_user() -> tuple[int, int]:
    import pwd
    import shutil
    import subprocess

    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root and useradd for a second user")
    if subprocess.run(["id", OTHER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--no-create-home", OTHER], check=True, capture_output=True)
    entry = pwd.getpwnam(OTHER)
    return entry.pw_uid, entry.pw_gid


def test_a_cache_folder_or_file_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other_user: tuple[int, int], runner: CliRunner
) -> None:
    root = small_repo(tmp_path / "repo")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, *other_user)
    monkeypatch.setenv("PMO_CACHE_DIR", str(theirs))
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert "it belongs to another user" in result.stderr
    assert list(theirs.iterdir()) == []
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    monkeypatch.setenv("PMO_CACHE_DIR", str(mine))
    load(root)
    os.chown(cache.cache_path(root), *other_user)  # a file of theirs in a folder of mine
    assert load(root).fresh == 3


# ---- damage: a flipped byte anywhere, a truncation anywhere ----------------------------------


def _answer(root: Path) -> tuple[object, ...]:
    checked = validate(root)
    pf = checked.loaded.portfolio
    return (pf.settings, pf.programmes, pf.projects, pf.people, pf.origins, checked.problems)


@pytest.fixture
def warm(tmp_path: Path) -> tuple[Path, bytes, tuple[object, ...]]:
    root = small_repo(tmp_path / "repo")
    (root / "records" / "p1.yaml").write_text(
        "kind: project\nid: p1\nname: Alpha\nprogramme: prog\nlead: ann\nstart: 2024-04-01\n"
        "budget: {approved: £1.25m}\ncolour: red\n",
        encoding="utf-8",
    )
    cold = _answer(root)
    return root, cache.cache_path(root).read_bytes(), cold


def _damaged(root: Path, raw: bytes, cold: tuple[object, ...]) -> None:
    cache.cache_path(root).write_bytes(raw)
    assert _answer(root) == cold  # re-read where damaged, never a different report


def test_every_flipped_byte_is_caught(warm: tuple[Path, bytes, tuple[object, ...]]) -> None:
    root, raw, cold = warm
    step = max(1, len(raw) // 400)
    for at in range(0, len(raw), step):
        _damaged(root, raw[:at] + bytes([raw[at] ^ 0x55]) + raw[at + 1 :], cold)


def test_every_truncation_is_caught(warm: tuple[Path, bytes, tuple[object, ...]]) -> None:
    root, raw, cold = warm
    step = max(1, len(raw) // 100)
    for end in range(0, len(raw), step):
        _damaged(root, raw[:end], cold)


@settings(max_examples=max(20, settings.default.max_examples * 4))
@given(data=st.data())
def test_flipped_bits_anywhere_never_change_the_answer(
    warm: tuple[Path, bytes, tuple[object, ...]], data: st.DataObject
) -> None:
    root, raw, cold = warm
    damaged = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        damaged[at] ^= data.draw(st.integers(1, 255))
    _damaged(root, bytes(damaged), cold)
