"""The cache of validated records: same answers warm as cold, and invalidated by any change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo
from pmo import cache
from pmo.cli import app
from pmo.load import load
from pmo.source import blob_id
from pmo.validate import validate

EXAMPLES = Path(__file__).resolve().parent / "examples"
REPOS = sorted(
    p for kind in ("valid", "invalid") for p in (EXAMPLES / kind).iterdir() if p.is_dir()
)

PROJECT = """\
kind: project
id: {id}
name: {name}
programme: prog
lead: ann
start: 2024-04-01
"""


def small_repo(root: Path) -> Path:
    """A repository of a programme, a person and one project."""
    (root / "records").mkdir(parents=True)
    (root / "pmo.yaml").write_text("name: Test\nas_of: 2025-01-31\n", encoding="utf-8")
    (root / "records" / "people.yaml").write_text(
        "kind: people\npeople:\n  - id: ann\n    name: Ann\n", encoding="utf-8"
    )
    (root / "records" / "prog.yaml").write_text(
        "kind: programme\nid: prog\nname: Prog\nlead: ann\n", encoding="utf-8"
    )
    (root / "records" / "p1.yaml").write_text(
        PROJECT.format(id="p1", name="Alpha"), encoding="utf-8"
    )
    return root


def copy_repo(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


@pytest.mark.parametrize("repo", REPOS, ids=[p.name for p in REPOS])
def test_warm_run_says_exactly_what_the_cold_run_said(
    runner: CliRunner, repo: Path, tmp_path: Path
) -> None:
    root = copy_repo(repo, tmp_path / repo.name)
    cold = runner.invoke(app, ["validate", "--root", str(root)])
    assert cache.cache_path(root).is_file()
    warm = runner.invoke(app, ["validate", "--root", str(root)])
    fresh = runner.invoke(app, ["validate", "--no-cache", "--root", str(root)])
    assert (warm.stdout, warm.exit_code) == (cold.stdout, cold.exit_code)
    assert (fresh.stdout, fresh.exit_code) == (cold.stdout, cold.exit_code)


def test_bundled_repository_warm_restores_every_file(bundled: Path) -> None:
    cold = validate(bundled)
    assert cold.loaded.fresh == cold.files  # every record file validated
    warm = validate(bundled)
    assert warm.loaded.fresh == 0
    assert warm.problems == cold.problems
    assert warm.loaded.portfolio.projects == cold.loaded.portfolio.projects
    assert warm.loaded.portfolio.origins == cold.loaded.portfolio.origins


def test_warm_run_locates_problems_without_parsing(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = validate(bundled)
    assert first.problems, "the bundled records should carry a warning or two to locate"
    import pmo.yamlread

    def no_parsing(raw: bytes, *, locate: bool = False) -> object:
        raise AssertionError("a warm run parsed a file")

    monkeypatch.setattr(pmo.yamlread, "read_bytes", no_parsing)
    assert validate(bundled).problems == first.problems


def test_same_size_same_mtime_edit_is_caught_by_the_hash(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    target = root / "records" / "p1.yaml"
    assert load(root).portfolio.projects["p1"].name == "Alpha"
    st = target.stat()
    target.write_text(PROJECT.format(id="p1", name="Omega"), encoding="utf-8")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert target.stat().st_size == st.st_size
    assert target.stat().st_mtime_ns == st.st_mtime_ns
    again = load(root)
    assert again.fresh == 1
    assert again.portfolio.projects["p1"].name == "Omega"


def test_a_touched_file_is_not_read_again_an_edited_one_is(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    target = root / "records" / "p1.yaml"
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert load(root).fresh == 0  # the key is the content (its git blob id), not the mtime
    target.write_text(PROJECT.format(id="p1", name="Alphb"), encoding="utf-8")
    assert load(root).fresh == 1
    assert load(root).fresh == 0


def keys(root: Path) -> set[str]:
    return set(cache.Store(root).stored())


def test_new_and_deleted_files(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    assert set(load(root).portfolio.projects) == {"p1"}
    (root / "records" / "p2.yaml").write_text(PROJECT.format(id="p2", name="B"), encoding="utf-8")
    added = load(root)
    assert added.fresh == 1
    assert set(added.portfolio.projects) == {"p1", "p2"}
    (root / "records" / "p1.yaml").unlink()
    removed = load(root)
    assert removed.fresh == 0
    assert set(removed.portfolio.projects) == {"p2"}


def test_a_file_moved_or_copied_is_not_validated_again(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    (root / "records" / "sub").mkdir()
    (root / "records" / "p1.yaml").rename(root / "records" / "sub" / "moved.yaml")
    moved = load(root)
    assert moved.fresh == 0
    assert moved.portfolio.origins["p1"] == ("records/sub/moved.yaml", ())


def test_a_file_that_becomes_invalid_reports_its_problem(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    assert validate(root).problems == []
    (root / "records" / "p1.yaml").write_text(
        PROJECT.format(id="p1", name="Alpha") + "colour: red\n", encoding="utf-8"
    )
    problems = validate(root).problems
    assert [(p.path, p.line, p.code) for p in problems] == [("records/p1.yaml", 7, "unknown-key")]
    assert validate(root).problems == problems


def test_settings_change_is_seen(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    assert load(root).portfolio.settings.stale_after_days != 7
    (root / "pmo.yaml").write_text(
        "name: Test\nas_of: 2025-01-31\nstale_after_days: 7\n", encoding="utf-8"
    )
    assert load(root).portfolio.settings.stale_after_days == 7


def test_a_new_pmo_version_ignores_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    assert load(root).fresh == 0
    monkeypatch.setattr(pmo, "__version__", pmo.__version__ + ".post1")
    assert keys(root) == set()
    assert load(root).fresh == 3
    assert load(root).fresh == 0


def test_a_new_format_version_ignores_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    monkeypatch.setattr(pmo, "FORMAT_VERSION", pmo.FORMAT_VERSION + 1)
    assert load(root).fresh == 3


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a cache at all", b"\x97\xa9pmo-cache\xc4", b"\x80\x04K\x01.", b"\x91\x01"],
    ids=["empty", "text", "truncated", "a-pickle", "wrong-shape"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    root = small_repo(tmp_path / "repo")
    expected = load(root).portfolio.projects
    cache.cache_path(root).write_bytes(damage)
    rebuilt = load(root)
    assert rebuilt.fresh == 3
    assert rebuilt.portfolio.projects == expected
    assert len(keys(root)) == 4  # three record files and pmo.yaml


def test_a_cache_half_written_by_a_crash_is_ignored(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    path = cache.cache_path(root)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert load(root).fresh == 3


def test_an_unwritable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    root = small_repo(tmp_path / "repo")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PMO_CACHE_DIR", str(blocker / "cache"))
    assert load(root).fresh == 3
    assert load(root).fresh == 3  # nothing could be stored, nothing is restored
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_no_cache_neither_reads_nor_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    root = small_repo(tmp_path / "repo")
    assert runner.invoke(app, ["--no-cache", "validate", "--root", str(root)]).exit_code == 0
    assert not cache.cache_path(root).exists()
    assert runner.invoke(app, ["validate", "--no-cache", "--root", str(root)]).exit_code == 0
    assert not cache.cache_path(root).exists()
    monkeypatch.setenv("PMO_NO_CACHE", "1")
    assert load(root).fresh == 3
    assert not cache.cache_path(root).exists()
    monkeypatch.delenv("PMO_NO_CACHE")
    assert runner.invoke(app, ["validate", "--root", str(root)]).exit_code == 0
    assert cache.cache_path(root).is_file()


def test_the_cache_lives_outside_the_repository(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    assert root not in cache.cache_path(root).parents
    assert sorted(p.name for p in root.iterdir()) == ["pmo.yaml", "records"]


def test_files_read_in_parallel_give_the_same_answer(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = validate(bundled)
    monkeypatch.setenv("PMO_JOBS", "2")
    together = validate(bundled, use_cache=False)
    assert together.problems == alone.problems
    assert together.loaded.portfolio.projects == alone.loaded.portfolio.projects


def test_a_warm_load_needs_neither_the_yaml_parser_nor_pydantic(bundled: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from pmo.load import load; "
        f"r = load(Path({str(bundled)!r})); "
        "print(r.fresh, sorted(m for m in ('pydantic', 'pmo.schema', '_ruamel_yaml', "
        "'pmo.yamlread') if m in sys.modules))"
    )
    env = {**os.environ}
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout.split()[0] != "0"
    warm = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert warm.stdout.strip() == "0 []"


def test_a_damaged_entry_is_read_afresh(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    raw = cache.cache_path(root).read_bytes()
    payload = cache.Store(root).payload(f"r:{blob_id((root / 'records/p1.yaml').read_bytes())}")
    at = raw.index(payload) + payload.index(b"Alpha")
    cache.cache_path(root).write_bytes(raw[:at] + b"Omega" + raw[at + 5 :])  # same length
    again = load(root)
    assert again.fresh == 1  # p1.yaml: its entry no longer matches its digest
    assert again.portfolio.projects["p1"].name == "Alpha"
    assert load(root).fresh == 0


def test_rewriting_the_cache_keeps_unchanged_entries_as_they_were(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    load(root)
    before = cache.Store(root)
    (root / "records" / "p2.yaml").write_text(PROJECT.format(id="p2", name="B"), encoding="utf-8")
    load(root)
    after = cache.Store(root)
    for key in before.stored():
        assert after.payload(key) == before.payload(key)
    assert len(after.stored()) == len(before.stored()) + 1


def test_an_unchanged_repository_revalidates_without_restoring_records(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    from pmo.validate import cached_validation

    cold = runner.invoke(app, ["validate", "--root", str(bundled)])
    first = validate(bundled)
    assert cached_validation(bundled) == (first.problems, first.files)

    def no_loading(*args: object, **kwargs: object) -> object:
        raise AssertionError("records were loaded")

    monkeypatch.setattr("pmo.validate.load", no_loading)
    warm = runner.invoke(app, ["validate", "--root", str(bundled)])
    assert (warm.stdout, warm.exit_code) == (cold.stdout, cold.exit_code)


def test_the_last_validation_is_not_reused_after_a_change_or_for_another_day(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from pmo.validate import cached_validation

    root = small_repo(tmp_path / "repo")
    validate(root)
    assert cached_validation(root) == ([], 3)
    assert cached_validation(root, dt.date(2025, 1, 31)) == ([], 3)  # the pinned as_of
    assert cached_validation(root, dt.date(2025, 2, 1)) is None
    (root / "records" / "p1.yaml").write_text(
        PROJECT.format(id="p1", name="Alpha") + "colour: red\n", encoding="utf-8"
    )
    assert cached_validation(root) is None
    problems = validate(root).problems
    assert [p.code for p in problems] == ["unknown-key"]
    assert cached_validation(root) == (problems, 3)
    (root / "records" / "p9.yaml").write_text(PROJECT.format(id="p9", name="N"), encoding="utf-8")
    assert cached_validation(root) is None
    (root / "records" / "p9.yaml").unlink()
    assert cached_validation(root) == (problems, 3)
