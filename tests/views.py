"""Every view of every report, read off the command line, for the renderer and golden tests.

A view is a command line that shows a report and how its output is read: every command
with a ``--format`` option in each of its formats (``table`` also drawn by rich on a
terminal), every command with ``--to`` as markdown and as each document, and the exported
workbook. A new report command, format, document target or template is a new view
without editing this file; a command that needs arguments gets them from the caller's
``arguments`` (several lists: several reports).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer

from pmo.cli import app
from pmo.documents import Target

ROOT = Path(__file__).resolve().parent.parent


def templates(work: str, paper: str) -> list[list[str]]:
    """``pmo report`` arguments for every built-in template: ``work`` (a paper's template:
    ``paper``)."""
    return [
        [p.name.removesuffix(".md.j2"), paper if p.name.startswith("board-paper") else work]
        for p in sorted((ROOT / "templates").glob("*.md.j2"))
    ]


def views(arguments: dict[str, list[list[str]]]) -> Iterator[tuple[str, list[str]]]:
    """(how the output is read, the command line) for every report in every form."""
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        params = {p.name: p for p in command.params}
        if "fmt" in params:
            formats = str(params["fmt"].metavar).strip("[]").split("|")
            for args in arguments.get(name, [[]]):
                for fmt in formats:
                    yield fmt, [name, *args, "--format", fmt]
                    if fmt == "table":
                        yield "rich", [name, *args, "--format", fmt]
        if "to" in params:
            for args in arguments.get(name, [[]]):
                yield "markdown", [name, *args]
                for target in Target:
                    yield target.value, [name, *args, "--to", target.value]
    yield "xlsx", ["export"]
