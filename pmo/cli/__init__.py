"""The ``pmo`` command line: a thin skin over the library, one module per command.

Each module in :data:`COMMANDS` registers its commands on the Typer ``app`` when imported;
adding a command is one module and one line here. Command modules import their heavy
machinery inside the command body, so every ``pmo`` invocation pays only for what it runs:
a run of ``pmo NAME`` imports only ``pmo.cli.NAME`` when that module registers ``NAME``
(every module otherwise), and Typer builds only that command.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pmo.cli import common

if TYPE_CHECKING:
    from pmo.cli.common import app as app

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


def register(names: Iterable[str] = COMMANDS) -> None:
    """Import command modules (each registers its commands on the app)."""
    for name in names:
        importlib.import_module(f"pmo.cli.{name}")


def __getattr__(name: str) -> Any:
    """``pmo.cli.app``: the app with every command registered."""
    if name == "app":
        register()
        return common.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``pmo`` console script."""
    app = common.app
    commands, groups = app.registered_commands, app.registered_groups
    common.kept = []
    try:
        _only(sys.argv[1:])
        app()
    except SystemExit as exc:
        _end(exc.code)
        raise
    except BrokenPipeError:  # e.g. `pmo status | head`
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _end(code: object) -> None:
    """End the process at once, its output flushed, when it loaded records and nothing is
    left to run at exit (no exit handler, no other thread).

    Freeing the records object by object serves no one as the process ends, and takes
    0.2 s at 10,000 projects (a tenth of a warm ``pmo status``).
    """
    import atexit
    import threading

    handlers = getattr(atexit, "_ncallbacks", None)
    if not common.kept or not (code is None or isinstance(code, int)) or handlers is None:
        return
    if handlers() or threading.active_count() != 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the usual ending says so
        return
    os._exit(code or 0)


def _only(args: list[str]) -> None:
    """Register the commands, leaving registered only the one about to run when it is ours.

    Typer builds every registered command (its parameters, from its signature and type
    hints) on each run; for ``pmo status`` on small records that was a third of its time.
    ``pmo --help``, shell completion and a mistyped command (which gets a "did you mean")
    still see them all.
    """
    from typer.main import get_command_name

    app = common.app
    name = next((a for a in args if not a.startswith("-")), None)
    if name is None or any(k.endswith("_COMPLETE") for k in os.environ):
        register()
        return
    register([name] if name in COMMANDS else COMMANDS)

    def chosen() -> tuple[list[Any], list[Any]]:
        commands = [
            c
            for c in app.registered_commands
            if (c.name or get_command_name(c.callback.__name__ if c.callback else "")) == name
        ]
        return commands, [g for g in app.registered_groups if g.name == name]

    commands, groups = chosen()
    if not (commands or groups):  # not in a module of its own name: look in them all
        register()
        commands, groups = chosen()
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


__all__ = ["COMMANDS", "app", "main", "register"]
