"""Errors instead of silence: money in any digits but 0-9, and every way an output or edit
cannot be written (a file where a folder should be, a read-only folder, a full disk, a lock
of another user's) is a clear ``pmo: error:``, never a traceback or a half-written file."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.templating import builtin_dir
from pmo.types import ValueProblem, parse_money
from tests.test_cache_safety import other_user  # noqa: F401 (a fixture)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.mark.parametrize(
    "text", ["£৪00k", "£١٢٣", "１２３", "£4٠0", "৪", "12.৫", "£1,২00", "1.5m\u0663"]
)
def test_money_is_written_in_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_money(text)
    assert caught.value.code == "invalid-money"
    assert parse_money("£400k") == Decimal(400000)


def test_money_in_other_digits_is_an_error_at_its_line(runner: CliRunner, bundled: Path) -> None:
    waste = bundled / "records/csw/waste.yaml"
    text = waste.read_text(encoding="utf-8")
    waste.write_text(text.replace("approved: £110k", "approved: £৪00k"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(bundled)])
    assert result.exit_code == 1
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "approved: £110k" in x)
    assert f"records/csw/waste.yaml:{line}:" in result.stdout
    assert "invalid-money '£৪00k' is not an amount of money" in result.stdout


def test_a_spreadsheet_cell_in_other_digits_is_refused() -> None:
    from pmo.spreadsheet import values

    for bad in ("£৪00k", "১"):
        with pytest.raises(ValueProblem):
            values.parse_money(bad)
    with pytest.raises(ValueProblem):
        values.parse_likelihood("৪")
    assert values.parse_likelihood("4 - likely") == 4


# ---- outputs -----------------------------------------------------------------------------


OUTPUTS = [
    ["paper", "cyp-oss-2010-10", "-o"],
    ["paper", "cyp-oss-2010-10", "--to", "docx", "-o"],
    ["report", "highlight", "csw-waste", "-o"],
    ["export"],
]


def _out(args: list[str], target: Path) -> list[str]:
    if args == ["export"]:
        return ["export", str(target.with_suffix(".xlsx"))]
    return [*args, str(target)]


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: "-".join(a[:3]))
def test_an_output_under_a_regular_file_is_a_clear_error(
    runner: CliRunner, bundled: Path, tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "notes").write_text("mine\n")
    result = runner.invoke(app, [*_out(args, tmp_path / "notes" / "x.md"), "--root", str(bundled)])
    assert result.exit_code == 1, result.output
    assert f"pmo: error: cannot write {tmp_path / 'notes'}" in result.stderr
    assert f"{tmp_path / 'notes'} is a file, not a folder" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (tmp_path / "notes").read_text() == "mine\n"


def test_an_output_that_is_a_folder_is_a_clear_error(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    (tmp_path / "x.xlsx").mkdir()
    result = runner.invoke(app, ["export", str(tmp_path / "x.xlsx"), "--root", str(bundled)])
    assert result.exit_code == 1
    assert "it exists and is not a regular file" in result.stderr


def _full_device(folder: Path) -> Path:
    """A character device like /dev/full (every write: no space left on device)."""
    path = folder / "full"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        with open(path, "wb") as probe:
            probe.write(b"x")
    except PermissionError:
        pytest.skip("cannot make a device node here")
    except OSError:
        return path
    pytest.skip("the device node does not behave as /dev/full")


def test_a_full_device_is_a_clear_error_and_is_not_replaced(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    full = _full_device(tmp_path)
    for args in (
        ["paper", "cyp-oss-2010-10", "-o"],
        ["paper", "cyp-oss-2010-10", "--to", "pdf", "-o"],
    ):
        result = runner.invoke(app, [*args, str(full), "--root", str(bundled)])
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"pmo: error: cannot write {full}: No space left on device\n"
        )
        assert stat.S_ISCHR(os.lstat(full).st_mode)  # still the device, not a file over it
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bundled", "full"]  # no charts


@contextlib.contextmanager
def _small_disk(folder: Path) -> Iterator[Path]:
    """A file system of 64 KiB (tmpfs), to fill."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_a_clear_error_and_leaves_the_old_file(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    with _small_disk(tmp_path / "small") as disk:
        old = disk / "board.docx"
        old.write_bytes(b"the old paper\n")
        args = ["paper", "cyp-oss-2010-10", "--to", "docx", "-o", str(old)]
        result = runner.invoke(app, [*args, "--root", str(bundled)])
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"pmo: error: cannot write {old}: No space left on device\n"
        )
        assert old.read_bytes() == b"the old paper\n"
        assert [p.name for p in disk.iterdir()] == ["board.docx"]  # no temporary left


def test_an_edit_on_a_full_disk_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    with _small_disk(tmp_path / "small") as disk:
        repo = disk / "repo"
        shutil.copytree(FIXTURE, repo)
        before = (repo / "records/awkward.yaml").read_bytes()
        (repo / ".pmo.lock").touch()
        with contextlib.suppress(OSError), open(disk / "filler", "wb", buffering=0) as fill:
            while True:
                fill.write(b"x" * 512)
        args = ["update", "awk", "--rag", "red", "--summary", "Full", "--root", str(repo)]
        result = runner.invoke(app, args, env={"PMO_INTERACTIVE": "0"})
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("pmo: error: cannot write the records: ")
        assert "No space left on device" in result.stderr
        assert (repo / "records/awkward.yaml").read_bytes() == before


# ---- as another user: a read-only folder, someone else's lock -------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pmo-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _as(user: tuple[int, int]) -> Iterator[None]:
    """Run the block as ``user`` (effective ids), so permissions apply as they do to them."""
    os.setegid(user[1])
    os.seteuid(user[0])
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_read_only_folder_is_a_clear_error(
    runner: CliRunner,
    shared_tmp: Path,
    other_user: tuple[int, int],  # noqa: F811
) -> None:
    repo = shared_tmp / "repo"
    shutil.copytree(FIXTURE, repo)
    (shared_tmp / "papers").mkdir(mode=0o755)  # root's: the other user may not write in it
    out = shared_tmp / "papers" / "brief.md"
    args = ["report", "highlight", "awk", "-o", str(out), "--root", str(repo)]
    assert runner.invoke(app, args[:3] + args[-2:]).exit_code == 0  # imports what it needs
    with _as(other_user):
        if not os.access(builtin_dir(), os.R_OK | os.X_OK, effective_ids=True):
            pytest.skip("pmo's own templates are not readable by another user here")
        result = runner.invoke(app, ["--no-cache", *args])
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.stderr.startswith(f"pmo: error: cannot write {out}: Permission denied\n")
    assert list((shared_tmp / "papers").iterdir()) == []


def test_an_unreadable_folder_of_templates_is_a_clear_error(
    runner: CliRunner,
    shared_tmp: Path,
    other_user: tuple[int, int],  # noqa: F811
) -> None:
    repo = shared_tmp / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / "templates").mkdir(mode=0o700)  # root's: the other user may not look inside
    args = ["--no-cache", "report", "highlight", "awk", "--root", str(repo)]
    assert runner.invoke(app, args[1:]).exit_code == 0  # imports what it needs
    with _as(other_user):
        result = runner.invoke(app, args)
    assert result.exit_code == 1, (result.output, result.exception)
    said = f"{repo / 'templates'}: error: template-error cannot read this folder of templates\n"
    assert said in result.stderr
    assert "Traceback" not in result.output


def test_a_lock_file_of_another_user_is_a_clear_error(
    runner: CliRunner,
    shared_tmp: Path,
    other_user: tuple[int, int],  # noqa: F811
) -> None:
    repo = shared_tmp / "repo"
    shutil.copytree(FIXTURE, repo)
    for path in [repo, *repo.rglob("*")]:
        os.chown(path, *other_user)
    (repo / ".pmo.lock").write_text("")  # root's, 0644: the other user may not open it to write
    os.chmod(repo / ".pmo.lock", 0o644)
    args = ["update", "awk", "--rag", "red", "--summary", "Theirs", "--root", str(repo)]
    runner.invoke(app, [*args, "--dry-run"], env={"PMO_INTERACTIVE": "0"})  # imports
    before = (repo / "records/awkward.yaml").read_bytes()
    with _as(other_user):
        result = runner.invoke(app, ["--no-cache", *args], env={"PMO_INTERACTIVE": "0"})
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.stderr == (
        f"pmo: error: cannot open the lock file {repo / '.pmo.lock'}: Permission denied "
        "(it belongs to another user: ask them, or remove it)\n"
    )
    assert (repo / "records/awkward.yaml").read_bytes() == before
