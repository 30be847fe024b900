"""The docs cover the CLI: every command has help with an example, and a README section."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pmo.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _group() -> Any:
    return typer.main.get_command(app)


def commands() -> list[str]:
    return sorted(_group().commands)


def test_there_are_commands() -> None:
    assert {"validate", "schema"} <= set(commands())


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"^#+ .*`pmo {re.escape(name)}\b", README, re.MULTILINE), (
        f"README.md has no heading for `pmo {name}`"
    )


def _options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command and subcommand."""
    found = []

    def walk(group: Any, prefix: str) -> None:
        for name, command in sorted(group.commands.items()):
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
                continue
            for param in command.params:
                if param.param_type_name == "option" and param.name != "help":
                    found.append((f"{prefix}{name}", "/".join(param.opts)))

    walk(_group(), "")
    return found


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    names = option.split("/")
    assert any(re.search(rf"`[^`]*{re.escape(n)}\b", README) for n in names), (
        f"README.md never mentions `pmo {command}`'s {option}"
    )


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`pmo {name} --help` shows no example"
    command = _group().commands[name]
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"`pmo {name} {param.opts[0]}` has no help text"
