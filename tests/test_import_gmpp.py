"""``pmo import --map gmpp`` on the six published GMPP years: real, messy data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pmo.load import load
from pmo.validate import validate
from tests.conftest import GMPP_DATA

pytestmark = pytest.mark.skipif(
    GMPP_DATA is None, reason="the shared GMPP data is not beside the repo"
)


@pytest.fixture(scope="module")
def gmpp(gmpp_history: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made by importing every year, oldest first (the last commit of the
    history: the same imports), its reporting date pinned."""
    repo = tmp_path_factory.mktemp("gmpp") / "repo"
    shutil.copytree(gmpp_history, repo, ignore=shutil.ignore_patterns(".git"))
    (repo / "pmo.yaml").write_text(
        "name: GMPP\nrag_scale: five\nas_of: 2026-03-31\nstale_after_days: 366\n"
    )
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
