"""The GMPP years as a history: one commit per annual report, on the day its figures stand.

End dates and whole-life costs are checked against the published files (the values below
are read from the CSVs by hand: £m as published), each year through ``--as-of``, and the
movements between years through ``pmo changes`` and ``pmo history``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.conftest import GMPP_DATA, GMPP_YEARS

pytestmark = pytest.mark.skipif(
    GMPP_DATA is None, reason="the shared GMPP data is not beside the repo"
)

GDF = "geological-disposal-facility-programme-gdf"
SRP = "sellafield-product-and-residue-store-retreatment-plant"
SMART = "smart-metering-implementation-programme"

#: (end date, whole-life cost in £m) as each year's file publishes them.
PUBLISHED: dict[str, dict[str, tuple[str, str]]] = {
    GDF: {
        "2020_21": ("2040-12-31", "12743.00"),
        "2021_22": ("2040-12-31", "20300"),
        "2022_23": ("2050-03-31", "20300"),
        "2023_24": ("2050-03-31", "20300"),
        "2024_25": ("2050-03-31", "20300.00"),  # "Mid: 20,300.00, High: 53,300.00"
        "2025_26": ("2050-03-31", "26350.29"),  # "Low: 20,300.00, Mid: 26,350.29, ..."
    },
    SRP: {
        "2020_21": ("2026-11-02", "763.98"),
        "2021_22": ("2029-08-20", "1278"),
        "2022_23": ("2029-10-09", "1380"),
        "2023_24": ("2029-10-09", "1433"),
        "2024_25": ("2030-04-01", "1471.12"),
        "2025_26": ("2031-06-24", "1432.89"),
    },
    SMART: {
        "2020_21": ("2025-06-30", "20136.95"),
        "2021_22": ("2025-12-31", "20147"),
        "2022_23": ("2025-12-31", "20177"),
        "2023_24": ("2025-12-31", "20177"),
        "2024_25": ("2030-12-31", "20177"),
        "2025_26": ("2030-12-31", "20176.55"),
    },
}


def pounds(millions: str) -> Decimal:
    return Decimal(millions) * 1_000_000


def invoke(runner: CliRunner, root: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--root", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("year", list(GMPP_YEARS))
def test_each_year_reads_as_published(gmpp_history: Path, runner: CliRunner, year: str) -> None:
    day = GMPP_YEARS[year]
    data = invoke(runner, gmpp_history, "status", "--as-of", day)
    assert data["source"]["date"][:10] == day and not data["source"]["working_tree"]
    entries = {p["id"]: p for p in data["projects"]}
    for project, years in PUBLISHED.items():
        end, cost = years[year]
        assert entries[project]["end"] == end, (project, year)
        assert Decimal(entries[project]["budget"]["approved"]) == pounds(cost), (project, year)
    # A day later in the year reads the same report; a day before it, the year before.
    later = invoke(runner, gmpp_history, "status", "--as-of", f"{day[:4]}-09-30")
    assert later["source"] == data["source"]


def test_movements_between_years(gmpp_history: Path, runner: CliRunner) -> None:
    data = invoke(runner, gmpp_history, "changes", "--since", "2022-03-31", "--until", "2023-03-31")
    assert (data["since"], data["until"]) == ("2022-03-31", "2023-03-31")
    moved = {(c["id"], c["field"]): (c["before"], c["after"]) for c in data["changes"]}
    assert moved[(SRP, "end")] == ("2029-08-20", "2029-10-09")
    assert moved[(SRP, "budget.approved")] == ("1278000000", "1380000000")
    assert moved[(GDF, "end")] == ("2040-12-31", "2050-03-31")
    assert (SMART, "end") not in moved  # unchanged between these two reports
    args = ["--since", "2022-03-31", "--until", "2023-03-31", "--project", SRP]
    words = runner.invoke(app, ["changes", "--root", str(gmpp_history), *args])
    assert "end moved 20 Aug 2029 → 9 Oct 2029 (+50 days)" in words.stdout
    assert "budget approved £1.28bn → £1.38bn (+8.0%)" in words.stdout
    # Every year's movements, as published: the end dates and costs of the two reports.
    years = list(GMPP_YEARS)
    for before, after in itertools.pairwise(years):
        data = invoke(runner, gmpp_history, "changes", "--since", GMPP_YEARS[before],
                      "--until", GMPP_YEARS[after], "--project", SRP)  # fmt: skip
        fields = {c["field"]: (c["before"], c["after"]) for c in data["changes"]}
        (end_a, cost_a), (end_b, cost_b) = PUBLISHED[SRP][before], PUBLISHED[SRP][after]
        assert fields.get("end", (end_a, end_a)) == (end_a, end_b)
        cost = fields.get("budget.approved")
        assert cost is not None and (Decimal(cost[0]), Decimal(cost[1])) == (
            pounds(cost_a), pounds(cost_b)
        )  # fmt: skip


def test_an_end_dates_drift_over_the_years(gmpp_history: Path, runner: CliRunner) -> None:
    data = invoke(runner, gmpp_history, "history", SRP)
    ends = [end for end, _ in PUBLISHED[SRP].values()]
    first, last = dt.date.fromisoformat(ends[0]), dt.date.fromisoformat(ends[-1])
    assert data["drift"][0] == {
        "id": SRP, "field": "end", "baseline": ends[0], "current": ends[-1],
        "reforecasts": len(set(ends)) - 1, "drift_days": (last - first).days,
    }  # fmt: skip
    assert [e["date"][:10] for e in data["entries"]][:1] == ["2021-03-31"]
