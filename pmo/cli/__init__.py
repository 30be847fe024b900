"""The ``pmo`` command line: a thin skin over the library, one module per command.

Each module in :data:`COMMANDS` registers its commands on the Typer ``app`` when imported;
adding a command is one module and one line here. Command modules import their heavy
machinery inside the command body, so every ``pmo`` invocation pays only for what it runs.
"""

from __future__ import annotations

import importlib
import sys

from pmo.cli.common import app

#: The command modules, in the order ``pmo --help`` lists their commands.
COMMANDS = (
    "init",
    "validate",
    "schema",
    "edit",
    "cycle",
    "status",
    "show",
    "milestones",
    "risks",
    "issues",
    "decisions",
    "benefits",
    "changes",
    "history",
    "paper",
    "site",
    "report",
    "spreadsheet",
)

for _name in COMMANDS:
    importlib.import_module(f"pmo.cli.{_name}")


def main() -> None:
    """Entry point of the ``pmo`` console script."""
    try:
        app()
    except BrokenPipeError:  # e.g. `pmo status | head`
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = ["app", "main"]
