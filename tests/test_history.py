"""Reading the records as they stood: real git repositories with commits at set dates."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.history import RevisionNotFound, load_as_of, load_rev, resolve, walk
from pmo.load import load
from pmo.source import CommitTree, WorkingTree
from tests.gitrepo import BASE, commit, git, new_repo, project, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TODAY = dt.date.today()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Jan: Alpha (£100k); Feb: Beta (£150k); uncommitted: Gamma (£200k)."""
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-10T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    commit(root, "2024-02-10T12:00:00+00:00", {"records/p1.yaml": project("Beta", "150000")})
    write(root, {"records/p1.yaml": project("Gamma", "200000")})
    return root


def name_on(root: Path, day: dt.date) -> str:
    loaded, _ = load_as_of(root, day)
    return loaded.portfolio.projects["p1"].name


def test_a_past_date_reads_the_last_commit_on_or_before_it(repo: Path) -> None:
    assert name_on(repo, dt.date(2024, 1, 10)) == "Alpha"
    assert name_on(repo, dt.date(2024, 1, 31)) == "Alpha"
    assert name_on(repo, dt.date(2024, 2, 10)) == "Beta"  # the commit of that very day
    assert name_on(repo, dt.date(2024, 6, 1)) == "Beta"  # uncommitted edits are not history
    assert name_on(repo, TODAY) == "Gamma"  # today: the working tree
    assert name_on(repo, TODAY + dt.timedelta(days=30)) == "Gamma"


def test_the_state_read_is_carried_by_the_portfolio(repo: Path) -> None:
    past, notes = load_as_of(repo, dt.date(2024, 1, 31))
    sha = git(repo, "rev-parse", "HEAD~1")
    assert notes == []
    assert past.portfolio.source.as_json() == {
        "commit": sha,
        "date": "2024-01-10T12:00:00+00:00",
        "working_tree": False,
    }
    now, _ = load_as_of(repo, TODAY)
    assert now.portfolio.source.as_json() == {"commit": None, "date": None, "working_tree": True}


def test_the_day_of_a_commit_is_its_committers_own(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-03-01T09:00:00+00:00", {"records/p1.yaml": project("Early")})
    # 23:30 in Paris on the 10th (22:30 UTC): made on the 10th.
    commit(root, "2024-03-10T23:30:00+01:00", {"records/p1.yaml": project("Late evening")})
    # 00:30 in Paris on the 12th (23:30 UTC on the 11th): made on the 12th.
    commit(root, "2024-03-12T00:30:00+01:00", {"records/p1.yaml": project("After midnight")})
    assert name_on(root, dt.date(2024, 3, 9)) == "Early"
    assert name_on(root, dt.date(2024, 3, 10)) == "Late evening"
    assert name_on(root, dt.date(2024, 3, 11)) == "Late evening"
    assert name_on(root, dt.date(2024, 3, 12)) == "After midnight"


def test_reports_read_history_through_the_cli(repo: Path, runner: CliRunner) -> None:
    def budget(*args: str) -> str:
        result = runner.invoke(app, ["status", "--root", str(repo), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        return next(p["name"] for p in json.loads(result.stdout)["projects"])

    assert budget("--as-of", "2024-01-20") == "Alpha"
    assert budget("--as-of", "2024-03-01") == "Beta"
    assert budget() == "Gamma"
    write(repo, {"pmo.yaml": "name: History test\nas_of: 2024-01-20\n"})
    assert budget() == "Alpha"  # the pinned date of the working tree's pmo.yaml
    show = runner.invoke(app, ["show", "p1", "--root", str(repo), "--as-of", "2024-03-01"])
    assert "Beta" in show.stdout and "Gamma" not in show.stdout


def test_a_paper_reads_the_records_of_its_meeting(repo: Path, runner: CliRunner) -> None:
    write(
        repo,
        {
            "records/board.yaml": "kind: board\nid: brd\nname: Board\nmeets: monthly\n",
            "records/paper.yaml": "kind: paper\nid: jan\nboard: brd\nmeeting: 2024-01-31\n"
            "title: January\n",
        },
    )  # written after the meeting: its text comes from the working tree
    result = runner.invoke(app, ["paper", "jan", "--root", str(repo)])
    assert result.exit_code == 0, result.output
    assert "Alpha" in result.stdout
    assert "Gamma" not in result.stdout and "Beta" not in result.stdout
    assert "paper jan is not in that commit" in result.stderr


def test_without_git_or_history_the_working_tree_is_read_and_said_once(
    repo: Path, tmp_path: Path, runner: CliRunner
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    for root, said in [
        (plain, "the records are not in a git repository"),
        (repo, "no commit on or before 2023-12-31 (the first is from 2024-01-10)"),
    ]:
        result = runner.invoke(app, ["status", "--root", str(root), "--as-of", "2023-12-31"])
        assert result.exit_code == 0, result.output
        assert result.stderr.count("pmo: note:") == 1, result.stderr
        assert said in result.stderr
        assert "Gamma" in result.stdout


def test_an_empty_repository_and_untracked_records(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    write(root, {"records/p1.yaml": project("Untracked")})
    loaded, notes = load_as_of(root, dt.date(2024, 1, 1))
    assert loaded.portfolio.source.working_tree
    assert notes and "no commit yet" in notes[0]
    outer = new_repo(tmp_path / "outer")
    commit(outer, "2024-01-01T12:00:00+00:00", {"README": "not records\n"})
    inner = outer / "sub"
    write(inner, {"pmo.yaml": "name: Inner\n", "records/p1.yaml": project("Untracked")})
    loaded, notes = load_as_of(inner, dt.date(2024, 6, 1))
    assert loaded.portfolio.projects["p1"].name == "Untracked"
    assert "holds no records" in notes[0]


def test_a_repository_in_a_subfolder_of_the_git_work_tree(tmp_path: Path) -> None:
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    write(top / "office", {"pmo.yaml": "name: Inner\n", **BASE})
    inner = top / "office"
    commit(top, "2024-01-10T12:00:00+00:00", {"office/records/p1.yaml": project("Inner")})
    assert name_on(inner, dt.date(2024, 2, 1)) == "Inner"


def test_a_shallow_clone_says_how_far_back_history_goes(repo: Path, tmp_path: Path) -> None:
    commit(repo, "2024-03-10T12:00:00+00:00")  # Gamma, committed
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    loaded, notes = load_as_of(shallow, dt.date(2024, 1, 20))
    assert loaded.portfolio.source.working_tree
    assert len(notes) == 1
    assert "shallow clone" in notes[0] and "2024-03-10" in notes[0]
    assert name_on(shallow, dt.date(2024, 3, 20)) == "Gamma"  # within what was fetched


def test_a_detached_head_reads_its_own_history(repo: Path) -> None:
    git(repo, "stash", "-q")
    git(repo, "checkout", "-q", "HEAD~1")
    assert name_on(repo, dt.date(2024, 6, 1)) == "Alpha"  # Feb's commit is not in its history


def test_merges_are_walked_by_first_parent(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    git(root, "checkout", "-q", "-b", "feature")
    commit(root, "2024-01-15T12:00:00+00:00", {"records/p2.yaml": project("Side", id_="p2")})
    git(root, "checkout", "-q", "main")
    commit(root, "2024-01-20T12:00:00+00:00", {"records/p1.yaml": project("Beta")})
    git(root, "merge", "-q", "--no-ff", "-m", "merge", "feature", when="2024-02-01T12:00:00+00:00")
    on_16th, _ = load_as_of(root, dt.date(2024, 1, 16))
    assert set(on_16th.portfolio.projects) == {"p1"}  # the side branch was not merged yet
    assert on_16th.portfolio.projects["p1"].name == "Alpha"
    on_2nd, _ = load_as_of(root, dt.date(2024, 2, 2))
    assert set(on_2nd.portfolio.projects) == {"p1", "p2"}


def test_records_are_matched_by_id_across_renames(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    git(root, "mv", "records/p1.yaml", "records/moved.yaml")
    commit(root, "2024-02-01T12:00:00+00:00")
    before, _ = load_as_of(root, dt.date(2024, 1, 15))
    after, _ = load_as_of(root, dt.date(2024, 2, 15))
    assert before.portfolio.origins["p1"][0] == "records/p1.yaml"
    assert after.portfolio.origins["p1"][0] == "records/moved.yaml"
    assert after.fresh == 0  # the same content: validated once, whichever path holds it
    assert before.portfolio.projects == after.portfolio.projects


def test_a_commit_holding_an_invalid_record_is_located_and_reported_on(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = new_repo(tmp_path / "repo")
    bad = project("Alpha") + "colour: red\n"
    sha = commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": bad})
    commit(root, "2024-02-01T12:00:00+00:00", {"records/p1.yaml": project("Fixed")})
    result = runner.invoke(app, ["status", "--root", str(root), "--as-of", "2024-01-15"])
    assert result.exit_code == 0, result.output
    assert f"records/p1.yaml@{sha[:7]}:8:1: error: unknown-key" in result.stderr
    assert "Prog" in result.stdout  # what loaded is reported
    loaded, _ = load_as_of(root, dt.date(2024, 1, 15))
    assert [str(p).split(": ")[0] for p in loaded.problems] == [f"records/p1.yaml@{sha[:7]}:8:1"]


def test_a_link_or_huge_file_in_a_commit_is_a_problem_not_a_read(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    (root / "records" / "link.yaml").symlink_to("/etc/passwd")
    sha = commit(root, "2024-01-01T12:00:00+00:00", {"records/p1.yaml": project("Alpha")})
    loaded, _ = load_as_of(root, dt.date(2024, 1, 15))
    found = [(p.path, p.code) for p in loaded.problems]
    assert found == [(f"records/link.yaml@{sha[:7]}", "symlink")]
    assert "root:" not in str(loaded.problems)


def test_load_rev_and_a_clear_error_for_a_bad_rev(repo: Path) -> None:
    git(repo, "tag", "v1", "HEAD~1")
    assert load_rev(repo, "v1").portfolio.projects["p1"].name == "Alpha"
    assert load_rev(repo, "main").portfolio.projects["p1"].name == "Beta"
    sha = git(repo, "rev-parse", "HEAD~1")
    assert load_rev(repo, sha[:8]).portfolio.source.commit == sha
    with pytest.raises(
        RevisionNotFound, match="mian: no such branch, tag or commit; did you mean 'main'"
    ):
        load_rev(repo, "mian")
    with pytest.raises(RevisionNotFound, match="no such branch"):
        load_rev(repo, "--output=/tmp/x")


def test_walk_gives_each_commit_and_the_blob_of_each_record(repo: Path) -> None:
    commit(repo, "2024-03-01T12:00:00+00:00", {"records/p2.yaml": project("New", id_="p2")})
    git(repo, "rm", "-q", "records/prog.yaml")
    commit(repo, "2024-04-01T12:00:00+00:00")
    points = list(walk(repo, dt.date(2024, 2, 1)))
    assert [p.commit.day.isoformat() for p in points] == ["2024-02-10", "2024-03-01", "2024-04-01"]
    for point in points:
        expected = {
            line.split("\t")[1]: line.split()[2]
            for line in git(repo, "ls-tree", "-r", point.commit.sha).splitlines()
        }
        assert point.files == expected
    assert "records/prog.yaml" not in points[-1].files
    assert [p.commit.day.isoformat() for p in walk(repo, until=dt.date(2024, 1, 31))] == [
        "2024-01-10"
    ]


def test_a_commit_and_the_working_tree_share_the_cache(repo: Path) -> None:
    git(repo, "checkout", "-q", "--", ".")  # the working tree as the last commit
    now = load(repo)
    assert now.fresh == 3
    resolution = resolve(repo, dt.date(2024, 3, 1))
    assert isinstance(resolution.source, CommitTree)
    assert load(repo, source=resolution.source).fresh == 0
    assert isinstance(resolve(repo, TODAY).source, WorkingTree)


def test_a_users_git_configuration_does_not_change_what_is_read(repo: Path) -> None:
    for key, value in [
        ("color.ui", "always"),
        ("log.showSignature", "true"),
        ("log.decorate", "full"),
        ("core.quotepath", "on"),
    ]:
        git(repo, "config", key, value)
    write(repo, {"records/naïve é.yaml": project("Accented", id_="p3")})
    commit(repo, "2024-03-01T12:00:00+00:00")
    assert name_on(repo, dt.date(2024, 1, 31)) == "Alpha"
    on_march, _ = load_as_of(repo, dt.date(2024, 3, 2))
    assert on_march.portfolio.origins["p3"][0] == "records/naïve é.yaml"
    assert [p.commit.day.isoformat() for p in walk(repo)][-1] == "2024-03-01"
