"""``pmo import --map gmpp`` on the six published GMPP years: real, messy data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.load import load
from pmo.validate import validate

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = [ROOT.parent / "shared/data/gmpp", Path("/work/shared/data/gmpp")]
DATA = next((p for p in CANDIDATES if (p / "gmpp_2020_21.csv").exists()), None)
YEARS = ["2020_21", "2021_22", "2022_23", "2023_24", "2024_25", "2025_26"]

pytestmark = pytest.mark.skipif(DATA is None, reason="the shared GMPP data is not beside the repo")


@pytest.fixture(scope="module")
def gmpp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made by importing every year, oldest first."""
    assert DATA is not None
    repo = tmp_path_factory.mktemp("gmpp")
    (repo / "records").mkdir()
    (repo / "pmo.yaml").write_text(
        "name: GMPP\nrag_scale: five\nas_of: 2026-03-31\nstale_after_days: 366\n"
    )
    runner = CliRunner()
    for i, year in enumerate(YEARS):
        args = ["import", str(DATA / f"gmpp_{year}.csv"), "--map", "gmpp", "--root", str(repo)]
        result = runner.invoke(app, args + (["--update"] if i else []))
        assert result.exit_code == 0, result.output
    return repo


def test_every_year_imports_and_validates(gmpp: Path) -> None:
    pf = load(gmpp).portfolio
    # The converter this mapping replaced made 368 projects and 722 updates of these files.
    assert len(pf.projects) == 368
    assert sum(len(p.updates) for p in pf.projects.values()) == 722
    assert [p for p in validate(gmpp).problems if p.severity == "error"] == []


def test_the_ratings_stand_on_the_dates_source_md_gives(gmpp: Path) -> None:
    pf = load(gmpp).portfolio
    dates = {u.date for p in pf.projects.values() for u in p.updates}
    assert dates == {dt.date(y, 3, 31) for y in range(2021, 2027)}
    # The five-point scale of 2020-21 is kept.
    assert any(u.rag == "amber-green" for p in pf.projects.values() for u in p.updates)


def test_projects_carry_their_department_sro_and_gmpp_id(gmpp: Path) -> None:
    pf = load(gmpp).portfolio
    assert "dept-dft" in pf.programmes
    assert pf.programmes["dept-dft"].name == "Department for Transport"
    named = [p for p in pf.projects.values() if p.lead != "unknown-sro"]
    assert len(named) > 150  # SROs are published from 2024-25
    # The GMPP ID is the reference (a few rows were published without one).
    assert sum(1 for p in pf.projects.values() if p.ref) > 350
    assert all(p.budget is None or p.budget.approved >= 0 for p in pf.projects.values())
