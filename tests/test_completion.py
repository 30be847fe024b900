"""Shell completion: commands, options, record ids (through a fresh-checked index) and set keys."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import pmo.load
from pmo.cli import app, complete

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def context(**params: Any) -> typer.Context:
    ctx = typer.Context(typer.main.get_command(app))
    ctx.params = dict(params)
    return ctx


def values(candidates: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in candidates]


def shell(runner: CliRunner, words: str, cwd: Path) -> list[str]:
    """What zsh would be offered for the command line ``words`` (run in ``cwd``)."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(
            app,
            [],
            prog_name="pmo",
            env={"_PMO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words},
        )
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    found = (
        re.match(r"(?:_arguments '\*: :\(\()?\"([^\"]*)\"", line)
        for line in result.stdout.splitlines()
    )
    return [m[1] for m in found if m]


def test_ids_of_the_kinds_asked_for(repo: Path) -> None:
    ctx = context(root=str(repo))
    assert values(complete.ids("milestone", "action")(ctx, "awk-")) == [
        "awk-m1", "awk-m2", "awk-m3", "awk-r2/1",
    ]  # fmt: skip
    assert values(complete.ids("person")(ctx, "")) == ["ann", "bob", "cat", "dev"]
    assert complete.ids("person")(ctx, "c") == [("cat", "person: Cat Ng")]
    assert values(complete.ids("board", "paper")(ctx, "b")) == ["brd", "brd-2011-01"]
    assert len(complete.ids()(ctx, "")) == 15  # 14 ids and an action


def test_the_index_is_reused_until_a_file_changes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context(root=str(repo))
    complete.ids()(ctx, "")
    assert complete.index_path(repo).is_file()
    loads = []
    real = pmo.load.load

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pmo.load, "load", counting)
    assert "awk-r2" in values(complete.ids("risk")(ctx, ""))
    assert loads == []  # answered from the index
    people = repo / "records/people.yaml"
    people.write_text(people.read_text() + "  - {id: zoe, name: Zoe Hart}\n")
    assert complete.ids("person")(ctx, "z") == [("zoe", "person: Zoe Hart")]
    assert len(loads) == 1
    (repo / "records/board.yaml").unlink()
    assert complete.ids("board")(ctx, "") == []
    assert len(loads) == 2


def test_without_the_cache_nothing_is_kept(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMO_NO_CACHE", "1")
    assert values(complete.ids("risk")(context(root=str(repo)), "")) == ["awk-r1", "awk-r2"]
    assert not complete.index_path(repo).exists()


def test_completion_never_fails(tmp_path: Path, repo: Path) -> None:
    assert complete.ids()(context(root=str(tmp_path / "nowhere")), "") == []
    complete.index_path(repo).parent.mkdir(parents=True, exist_ok=True)
    complete.index_path(repo).write_text("{not json")
    assert values(complete.ids("board")(context(root=str(repo)), "")) == ["brd"]
    (repo / "records/board.yaml").write_text("kind: board\nid: [unclosed\n")
    assert complete.ids("board")(context(root=str(repo)), "") == []
    assert complete.keys(context(root=str(repo), id_="nothing"), "") == []


def test_titles_are_inert(repo: Path) -> None:
    people = repo / "records/people.yaml"
    people.write_text(people.read_text() + '  - {id: zed, name: "Zed\\e[2J\\nQ"}\n')
    ((_, help_),) = complete.ids("person")(context(root=str(repo)), "zed")
    assert help_ == "person: Zed\\x1b[2J\\nQ"


def test_set_keys_come_from_the_record_classes(repo: Path) -> None:
    ctx = context(root=str(repo), id_="awk-r1")
    offered = dict(complete.keys(ctx, ""))
    assert offered["likelihood="] == "a score 1..5"
    assert offered["inherent."] == "a mapping (likelihood, impact)"
    assert offered["actions+="].startswith("add to a list of mappings")
    assert "kind=" not in offered
    assert values(complete.keys(ctx, "inherent.i")) == ["inherent.impact="]
    assert values(complete.keys(ctx, "response=t")) == [
        "response=treat", "response=tolerate", "response=transfer", "response=terminate",
        "response=take",
    ]  # fmt: skip
    assert values(complete.keys(context(root=str(repo), id_="awk-m1"), "gate=")) == [
        "gate=true", "gate=false",
    ]  # fmt: skip
    assert values(complete.keys(context(root=str(repo), id_="awk-r2/1"), "d")) == [
        "due=", "done=",
    ]  # fmt: skip
    assert values(complete.keys(context(root=str(repo), id_="awk"), "budget.f")) == [
        "budget.forecast="
    ]


def test_the_shell_is_offered_commands_options_and_ids(repo: Path, runner: CliRunner) -> None:
    assert sorted(shell(runner, "pmo re", repo)) == ["realise", "reforecast", "report", "rescore"]
    assert "--review" in shell(runner, "pmo rescore awk-r1 --", repo)
    assert shell(runner, "pmo done awk-r", repo) == ["awk-r2/1"]
    assert shell(runner, "pmo close awk-", repo) == ["awk-r1", "awk-r2"]
    assert shell(runner, "pmo add risk a", repo) == ["awk"]
    assert shell(runner, "pmo add decision awk --by b", repo) == ["bob", "brd"]
    assert shell(runner, "pmo new paper p --board ", repo) == ["brd"]
    assert shell(runner, "pmo set awk-m1 ga", repo) == ["gate="]
    assert shell(runner, "pmo paper b", repo) == ["brd-2011-01"]
    assert shell(runner, "pmo show a", repo) == ["awk"]
    assert shell(runner, "pmo risks --owner c", repo) == ["cat"]
    assert shell(runner, "pmo status --programme ", repo) == ["prog"]


def test_completion_can_be_installed(runner: CliRunner) -> None:
    help_ = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_ and "--show-completion" in help_
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="pmo")
    assert script.exit_code == 0
    assert "_PMO_COMPLETE=complete_bash" in script.stdout
