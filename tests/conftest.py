"""Shared fixtures: the CLI runner, the bundled repository, golden files with an update flag."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from typer.testing import CliRunner

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE: default (fast, every `make test`),
# ci (more examples), thorough (`make fuzz`, before each release), mutate (`make mutate`).
_SLOW_OK = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.function_scoped_fixture,  # tests make a fresh folder per example
]
# `make test` is reproducible: the default profile draws the same examples every run, so a
# red CI is never a coin toss. The ci and thorough profiles explore afresh each run.
settings.register_profile(
    "default", max_examples=6, deadline=None, suppress_health_check=_SLOW_OK, derandomize=True
)
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile(
    "thorough", max_examples=400, deadline=None, suppress_health_check=_SLOW_OK
)
# `make mutate`: the default's examples, but a failure is not shrunk (a mutant is killed by
# the first failing example; shrinking it could take minutes).
settings.register_profile(
    "mutate",
    parent=settings.get_profile("default"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    database=None,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A private copy of the bundled example repository (pmo.yaml, records/)."""
    dest = tmp_path / "bundled"
    dest.mkdir()
    shutil.copy(ROOT / "pmo.yaml", dest / "pmo.yaml")
    shutil.copytree(ROOT / "records", dest / "records")
    return dest


_DATE_MASKS = [
    # Today's date changes every day; pinned dates (as_of) do not and are kept.
    (re.compile(r"generated \d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?"), "generated <DATE>"),
]


def mask(text: str) -> str:
    """Mask what changes from run to run (generation timestamps)."""
    for pattern, replacement in _DATE_MASKS:
        text = pattern.sub(replacement, text)
    return text


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare with tests/golden/NAME (rewrite: --update-goldens)."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        text = mask(text)
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-goldens")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert text == path.read_text(encoding="utf-8"), (
            f"output differs from {path}; if the change is right, run pytest --update-goldens"
        )

    return check


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own, empty cache folder (never the user's)."""
    folder = tmp_path_factory.mktemp("pmo-cache")
    monkeypatch.setenv("PMO_CACHE_DIR", str(folder))
    monkeypatch.delenv("PMO_NO_CACHE", raising=False)
    from pmo import cache

    monkeypatch.setattr(cache, "disabled", False)
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `make mutate`, a mutant's tests run fastest first (the first to fail kills it):
    mutmut records each test's duration in mutmut-stats.json, beside the tests it runs."""
    if not os.environ.get("MUTANT_UNDER_TEST", "").startswith("pmo."):
        return
    stats = Path("mutmut-stats.json")
    if stats.is_file():
        import json

        durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
        items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


#: The GMPP annual-report data (read-only, beside the repository), or None.
GMPP_DATA = next(
    (
        p
        for p in (ROOT.parent / "shared/data/gmpp", Path("/work/shared/data/gmpp"))
        if (p / "gmpp_2020_21.csv").exists()
    ),
    None,
)
#: The published years, oldest first, and the day each year's figures stand (SOURCE.md).
GMPP_YEARS = {
    "2020_21": "2021-03-31",
    "2021_22": "2022-03-31",
    "2022_23": "2023-03-31",
    "2023_24": "2024-03-31",
    "2024_25": "2025-03-31",
    "2025_26": "2026-03-31",
}


@pytest.fixture(scope="session")
def gmpp_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of the GMPP years: each imported (``pmo import --map gmpp``, oldest
    first) and committed on the day its figures stand."""
    if GMPP_DATA is None:
        pytest.skip("the shared GMPP data is not beside the repository")
    from pmo.cli import app
    from tests.gitrepo import commit, git

    repo = tmp_path_factory.mktemp("gmpp-history")
    (repo / "records").mkdir()
    (repo / "pmo.yaml").write_text("name: GMPP\nrag_scale: five\nstale_after_days: 366\n")
    git(repo, "init", "-q", "-b", "main")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as m:
        m.setenv("PMO_CACHE_DIR", str(tmp_path_factory.mktemp("gmpp-cache")))
        for i, (year, day) in enumerate(GMPP_YEARS.items()):
            args = ["import", str(GMPP_DATA / f"gmpp_{year}.csv"), "--map", "gmpp"]
            result = runner.invoke(app, [*args, "--root", str(repo), *(["--update"] * bool(i))])
            assert result.exit_code == 0, result.output
            commit(repo, f"{day}T12:00:00+01:00", message=f"GMPP {year}, as published")
    return repo
