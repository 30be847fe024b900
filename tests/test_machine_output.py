"""The machine contract, version 2: money as exact decimal text, and every report's JSON
saying which state of the records it read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.gitrepo import STORY_DATES, git, story, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

#: Every report with JSON output (a paper has its footnote instead).
REPORTS = [
    ["status"],
    ["status", "--explain", "alpha"],
    ["show", "alpha"],
    ["milestones", "--all"],
    ["risks", "--all"],
    ["risks", "--heatmap"],
    ["issues", "--all"],
    ["decisions"],
    ["benefits"],
    ["changes", "--since", "2024-01-31"],
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("machine") / "story"
    story(root)
    return root


@pytest.mark.parametrize("args", REPORTS, ids=lambda a: "-".join(a[:2]))
def test_every_report_says_its_source(repo: Path, runner: CliRunner, args: list[str]) -> None:
    sha = git(repo, "rev-parse", "HEAD~1")
    until = ["--until", "2024-02-20"] if args[0] == "changes" else ["--as-of", "2024-02-20"]
    result = runner.invoke(app, [*args, *until, "--root", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == {"commit": sha, "date": STORY_DATES[1], "working_tree": False}
    today = runner.invoke(app, [*args, "--root", str(repo), "--format", "json"])
    assert json.loads(today.stdout)["source"] == {
        "commit": None,
        "date": None,
        "working_tree": True,
    }


def test_history_says_the_commit_it_read_to(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "alpha", "--root", str(repo), "--format", "json"])
    assert json.loads(result.stdout)["source"]["commit"] == git(repo, "rev-parse", "HEAD")


def test_status_entries_carry_dates_and_budget_as_exact_decimals(
    repo: Path, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["status", "--root", str(repo), "--format", "json",
                                 "--as-of", "2024-03-25"])  # fmt: skip
    data = json.loads(result.stdout)
    alpha = next(p for p in data["projects"] if p["id"] == "alpha")
    assert (alpha["start"], alpha["end"], alpha["forecast_end"]) == (
        "2024-01-01",
        "2024-12-31",
        "2025-03-31",
    )
    assert alpha["budget"] == {"approved": "1000000", "forecast": "1250000", "actual": None}
    prog = data["programmes"][0]
    assert (prog["start"], prog["end"], prog["forecast_end"], prog["budget"]) == (
        None, None, None, None
    )  # fmt: skip
    exact = tmp_path / "exact"
    shutil.copytree(repo, exact, ignore=shutil.ignore_patterns(".git"))
    text = (exact / "records" / "alpha.yaml").read_text()
    write(exact, {"records/alpha.yaml": text.replace("forecast: £1.25m", "forecast: 1250000.50")})
    result = runner.invoke(app, ["status", "--root", str(exact), "--format", "json"])
    alpha = next(p for p in json.loads(result.stdout)["projects"] if p["id"] == "alpha")
    assert alpha["budget"]["forecast"] == "1250000.50"
