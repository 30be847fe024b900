"""The Typer app and what every command shares: --root, --as-of, errors and exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from pmo import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pmo.portfolio import Portfolio

app = typer.Typer(
    name="pmo",
    help="A programme-management-office toolkit over plain-text YAML records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

#: Exit codes: 0 fine, 1 problems found, 2 the command was misused.
OK, PROBLEMS, MISUSE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        print(f"pmo {__version__}")
        raise typer.Exit(OK)


def _no_cache(value: bool) -> bool:
    if value:
        from pmo import cache

        cache.disabled = True
    return value


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        callback=_no_cache,
        help="Read every record file afresh; neither use nor update the cache "
        "(also: PMO_NO_CACHE=1).",
    ),
]


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """A programme-management-office toolkit over plain-text YAML records."""
    from pmo import cache

    cache.disabled = bool(no_cache)  # a command's own --no-cache may still turn it off


RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The records repository (default: walk up from here to pmo.yaml or records/).",
        file_okay=False,
    ),
]


def parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from pmo.types import ValueProblem, check_date_range

    try:
        return check_date_range(dt.date.fromisoformat(value))
    except ValueProblem as exc:
        raise typer.BadParameter(exc.message) from None
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Report as the portfolio stood on this date (YYYY-MM-DD); "
        "default: as_of in pmo.yaml, else today.",
        metavar="DATE",
    ),
]


def fail(message: str, code: int = MISUSE) -> NoReturn:
    """Print ``pmo: error: message`` on stderr and exit (2: misuse, by default)."""
    print(f"pmo: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def repository(root: Path | None) -> Path:
    """The repository root: --root if given, else found by walking up from here."""
    from pmo.load import RepositoryNotFound, find_root, is_repository

    if root is not None:
        if not root.is_dir():
            fail(f"--root {root}: no such folder")
        if not is_repository(root):
            fail(
                f"--root {root}: not a records repository (it has neither pmo.yaml nor a "
                f"records/ folder); run 'pmo init {root}' to make one"
            )
        return root.resolve()
    try:
        return find_root()
    except RepositoryNotFound as exc:
        fail(str(exc))


def portfolio(
    root: Path | None, as_of: str | None = None, *, paper: str | None = None
) -> Portfolio:
    """Load the repository for a report, as it stood on the reporting date (--as-of, else the
    paper's meeting, else as_of in pmo.yaml, else today; see README, "History"): what loaded
    is reported even when some records have errors, with a warning on stderr."""
    from pmo.history import resolve
    from pmo.load import load, open_cache, settings_of

    where = repository(root)
    day = parse_as_of(as_of)
    today = dt.date.today()
    store = open_cache(where)
    current = None
    if day is None and paper is not None:
        current = load(where, store=store)
        found = current.portfolio.papers.get(paper)
        day = found.meeting if found is not None else None
    if day is None:
        day = settings_of(where, store).as_of or today
    loaded = current
    if day < today:
        resolution = resolve(where, day, today)
        for note in resolution.notes:
            note_at_end(note)
        if not resolution.source.state.working_tree:
            loaded = load(where, source=resolution.source, store=store)
            if paper is not None and current is not None and paper not in loaded.portfolio.papers:
                _graft_paper(loaded.portfolio, current.portfolio, paper)
    if loaded is None:
        loaded = load(where, store=store)
    pf = loaded.portfolio
    pf.source = replace(pf.source, as_of=day)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors and not pf.source.working_tree:
        for p in errors[:10]:
            print(p, file=sys.stderr)
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        print(f"pmo: warning: the records at commit {pf.source.commit and pf.source.commit[:7]} "
              f"had errors{more}; what loaded is reported", file=sys.stderr)  # fmt: skip
    elif errors:
        noun = "error" if len(errors) == 1 else "errors"
        print(
            f"pmo: warning: {len(errors)} {noun} in the records; run 'pmo validate'",
            file=sys.stderr,
        )
    return pf


def note_at_end(message: str) -> None:
    """``pmo: note: MESSAGE`` on stderr when the command ends (after its output or error)."""

    def say() -> None:
        print(f"pmo: note: {message}", file=sys.stderr)

    try:
        from typer.main import get_current_context  # type: ignore[attr-defined]

        ctx = get_current_context(silent=True)
    except ImportError:
        ctx = None
    if ctx is None:
        say()
    else:
        ctx.call_on_close(say)


def _graft_paper(pf: Portfolio, current: Portfolio, paper: str) -> None:
    """A paper written after its meeting's commit: its text from the working tree."""
    pf.papers[paper] = current.papers[paper]
    pf.origins.setdefault(paper, current.origins[paper])
    pf.id_kinds.setdefault(paper, "paper")
    note_at_end(f"paper {paper} is not in that commit; its text is read from the working tree")


def unknown(option: str, value: str, options: Iterable[str], what: str = "id") -> NoReturn:
    """Exit 2: ``OPTION VALUE: no such WHAT; did you mean ...?``."""
    from pmo.model import did_you_mean

    fail(f"{option} {value}: no such {what}{did_you_mean(value, options)}")


def reporting_date(pf: Portfolio, as_of: str | None) -> dt.date:
    """The reporting date: --as-of if given, else the date the records were read for (see
    :func:`portfolio`), else pmo.yaml's pinned as_of, else today."""
    return parse_as_of(as_of) or pf.source.as_of or pf.as_of()
