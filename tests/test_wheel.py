"""The wheel as built for users: its name, its contents, and that it installs and runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from pmo import DISTRIBUTION, __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pmo's wheel, built from this source tree with the installed build backend."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_is_named_for_pypi_and_ships_the_templates(wheel: Path) -> None:
    assert wheel.name == f"pmo_toolkit-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (ROOT / "templates").glob("*.md.j2")}
    assert templates and {f"pmo/templates/{t}" for t in templates} <= names
    site = {
        f"pmo/site/{p.relative_to(ROOT / 'pmo/site').as_posix()}"
        for p in (ROOT / "pmo/site").rglob("*.*")
        if p.suffix in (".j2", ".css", ".js")
    }
    assert site and site <= names  # pmo site's templates and assets  # fmt: skip
    info = f"pmo_toolkit-{__version__}.dist-info"
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata
    entry_points = zipfile.ZipFile(wheel).read(f"{info}/entry_points.txt").decode()
    assert "pmo = pmo.cli:main" in entry_points
    assert not any(n.startswith(("tests/", "records/", "bench/")) for n in names)


def test_the_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    """Installed into a new venv (its dependencies lent by this one, so no download), the
    wheel's own ``pmo`` runs, and renders a report with the templates it ships."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # A plain path line: the dependencies, not this checkout's editable pmo (a .pth of its own).
    (Path(site) / "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pmo = venv / "bin" / "pmo"

    version = subprocess.run([pmo, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"pmo {__version__}\n")
    where = subprocess.run(
        [python, "-c", "import pmo, pmo.templating as t; print(pmo.__file__, t.builtin_dir())"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert str(ROOT) not in where and str(venv) in where

    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "pmo.yaml", repo)
    shutil.copytree(ROOT / "records", repo / "records")
    report = subprocess.run(
        [pmo, "report", "risk-register"], capture_output=True, text=True, cwd=repo
    )
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("# Risk register – 20 October 2010\n")
