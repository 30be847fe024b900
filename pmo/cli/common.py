"""The Typer app and what every command shares: --root, --as-of, errors and exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, get_args

import typer
from typer.core import TyperGroup

from pmo import __version__
from pmo.cli import complete

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pmo.load import LoadResult
    from pmo.portfolio import Portfolio
    from pmo.records import Work
    from pmo.scope import Scope


def plain_help(command: Any) -> None:
    """Help in words, not Python types: ``--owner ID``, ``--title TEXT``, ``--impact 1-5``,
    ``--rag [green|amber|red]``, ``PROJECT`` (never ``<str>``, ``<list[str]>``, ``<int range>``).

    Gives every option that takes a value, and every argument, a metavar of its own.
    """
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)
    for param in command.params:
        _errors_in_words(param)
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = param.name.upper()
            param.display_type_rich = lambda ctx: ""  # the name says it all
        elif param.param_type_name == "option" and not (param.is_flag or param.count):
            if param.metavar is None:
                param.metavar = _metavar(param)
            if _range(param) != (None, None):
                param._get_number_range_help_str = lambda: None  # the metavar says it


def _errors_in_words(param: Any) -> None:
    """A bad value of ``param`` is told in pmo's words, with the value given ("'30' must
    be at most 25"), not the validation library's ("Input should be less than or equal to
    25", "Value error, ...")."""
    if getattr(param, "_pmo_words", False):
        return
    process = param.process_value

    def process_value(ctx: Any, value: Any) -> Any:
        try:
            return process(ctx, value)
        except typer.BadParameter as exc:
            from pmo.problems import in_words

            words = in_words(exc.message)
            shown = value[-1] if isinstance(value, list | tuple) and value else value
            exc.message = f"'{shown}' {words}" if words.startswith("must") else words
            raise

    param.process_value = process_value
    param._pmo_words = True


def _range(param: Any) -> tuple[Any, Any]:
    kind = getattr(param, "type", None)  # (typer before 0.20: click's types)
    low = getattr(param, "min", getattr(kind, "min", None))
    return low, getattr(param, "max", getattr(kind, "max", None))


def _metavar(param: Any) -> str:
    """What an option's value is, in a word (or its choices, or its range)."""
    desc = getattr(param, "type_descriptor", None)
    kind: Any = getattr(param, "type", None)
    choices = desc.choices if desc is not None else getattr(kind, "choices", None)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    low, high = _range(param)
    if low is not None and high is not None:
        return f"{low}-{high}"
    if desc is not None and desc.is_path:
        return str(desc.path_type).upper()
    if hasattr(kind, "file_okay"):
        return "DIR" if not kind.file_okay else "FILE" if not kind.dir_okay else "PATH"
    if (desc is not None and int in (desc.annotation, *get_args(desc.annotation))) or (
        getattr(kind, "name", "") == "integer"
    ):
        return "N"
    help_ = (param.help or "").lower()
    if param.name in _ID_OPTIONS or " id" in help_ or help_.startswith("id"):
        return "ID"
    return "TEXT"


#: Options whose value is an id (of a person, a programme, a project, a milestone, ...).
_ID_OPTIONS = {"id", "owner", "lead", "sponsor", "programme", "project", "depends_on", "by"}


class _Group(TyperGroup):
    """The ``pmo`` command group, its help in words (:func:`plain_help`): each command is
    made plain when it is looked up to run, so a run pays only for its own command."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            plain_help(command)
        return command


app = typer.Typer(
    cls=_Group,
    name="pmo",
    help="A programme-management-office toolkit over plain-text YAML records.",
    epilog="Each command's help: pmo COMMAND --help. In full, in pmo's repository: README.md, "
    "docs/reference.md (every command) and docs/format.md (the records).",
    no_args_is_help=True,
    add_completion=True,
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
        raise typer.BadParameter(exc.message, param_hint="'--as-of'") from None
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date written YYYY-MM-DD", param_hint="'--as-of'"
        ) from None


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
    """Print ``pmo: error: message`` on stderr, on one line and inert, and exit (2: misuse,
    by default)."""
    say(f"pmo: error: {message}")
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


#: Set by :func:`pmo.cli.main`: what a command loads is kept here to the end of the
#: process, which then ends without freeing it object by object (see ``main``).
kept: list[object] | None = None


def portfolio(
    root: Path | None, as_of: str | None = None, *, paper: str | None = None
) -> Portfolio:
    """Load the repository for a report, as it stood on the reporting date (--as-of, else the
    paper's meeting, else as_of in pmo.yaml, else today; see docs/reference.md, "History"):
    what loaded is reported even when some records have errors, with a warning on stderr."""
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
    if kept is not None:
        kept.extend((current, loaded))
    pf = loaded.portfolio
    pf.source = replace(pf.source, as_of=day)
    warn_errors(loaded)
    from pmo.cli.output import read_from

    read_from(pf.source)
    return pf


def warn_errors(loaded: LoadResult) -> None:
    """Say on stderr that the records read had errors: a commit's located (the first ten),
    the working tree's counted (``pmo validate`` locates them)."""
    pf = loaded.portfolio
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors and not pf.source.working_tree:
        for p in errors[:10]:
            print(p, file=sys.stderr)  # a Problem prints itself inert
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        print(f"pmo: warning: the records at commit {pf.source.commit and pf.source.commit[:7]} "
              f"had errors{more}; what loaded is reported", file=sys.stderr)  # fmt: skip
    elif errors:
        noun = "error" if len(errors) == 1 else "errors"
        print(
            f"pmo: warning: {len(errors)} {noun} in the records; run 'pmo validate'",
            file=sys.stderr,
        )


def say(message: str) -> None:
    """One line on stderr, with record text in it shown inert (see :mod:`pmo.inert`)."""
    from pmo.inert import line

    print(line(message), file=sys.stderr)


def note_at_end(message: str) -> None:
    """``pmo: note: MESSAGE`` on stderr when the command ends (after its output or error)."""

    def note() -> None:
        say(f"pmo: note: {message}")

    try:
        from typer.main import get_current_context  # type: ignore[attr-defined]

        ctx = get_current_context(silent=True)
    except ImportError:
        ctx = None
    if ctx is None:
        note()
    else:
        ctx.call_on_close(note)


def _graft_paper(pf: Portfolio, current: Portfolio, paper: str) -> None:
    """A paper written after its meeting's commit: its text from the working tree."""
    pf.papers[paper] = current.papers[paper]
    pf.origins.setdefault(paper, current.origins[paper])
    pf.id_kinds.setdefault(paper, "paper")
    note_at_end(f"paper {paper} is not in that commit; its text is read from the working tree")


def work_of(pf: Portfolio, work_id: str, option: str) -> Work:
    """The programme or project ``work_id`` given to ``option``; exit 2 otherwise (naming
    the work that holds it when it is a milestone, risk, ...)."""
    work = pf.find_work(work_id)
    if work is not None:
        return work
    owner = pf.owner_of(work_id)
    if owner is not None:
        kind = pf.id_kinds.get(work_id, "item")
        fail(f"{option} {work_id}: that is a {kind} of '{owner.id}'; try {option} {owner.id}")
    unknown(option, work_id, [w.id for w in pf.work()], "programme or project")


def unknown(option: str, value: str, options: Iterable[str], what: str = "id") -> NoReturn:
    """Exit 2: ``OPTION VALUE: no such WHAT; did you mean ...?``."""
    from pmo.suggest import did_you_mean

    fail(f"{option} {value}: no such {what}{did_you_mean(value, options)}")


ProjectOption = Annotated[
    str | None,
    typer.Option(
        "--project", help="Only this project (a project id).", metavar="ID",
        autocompletion=complete.ids("project"),
    ),
]  # fmt: skip
ProgrammeOption = Annotated[
    str | None,
    typer.Option(
        "--programme", "-p", help="Only this programme and its projects (a programme id).",
        metavar="ID", autocompletion=complete.ids("programme"),
    ),
]  # fmt: skip
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner", help="Only entries owned by this person (a person id).", metavar="ID",
        autocompletion=complete.ids("person"),
    ),
]  # fmt: skip
LeadOption = Annotated[
    str | None,
    typer.Option(
        "--lead", help="Only work led by this person (a person id).", metavar="ID",
        autocompletion=complete.ids("person"),
    ),
]  # fmt: skip
AllOption = Annotated[
    bool, typer.Option("--all", help="Include closed entries (as of the reporting date).")
]


def scope(
    pf: Portfolio,
    *,
    project: str | None = None,
    programme: str | None = None,
    lead: str | None = None,
    owner: str | None = None,
) -> Scope:
    """The scope the filter options name; exit 2 (with a did-you-mean) for an unknown id."""
    from pmo.scope import Scope, unknown_ids

    if project is not None and project in pf.programmes:
        fail(f"--project {project}: that is a programme; use --programme {project}")
    if programme is not None and programme in pf.projects:
        fail(f"--programme {programme}: that is a project; use --project {programme}")
    chosen = Scope(project=project, programme=programme, lead=lead, owner=owner)
    bad = unknown_ids(pf, chosen)
    if bad is not None:
        option, value, known = bad
        what = {"--project": "project", "--programme": "programme"}.get(option, "person")
        unknown(option, value, known, what)
    return chosen


def reporting_date(pf: Portfolio, as_of: str | None) -> dt.date:
    """The reporting date: --as-of if given, else the date the records were read for (see
    :func:`portfolio`), else pmo.yaml's pinned as_of, else today."""
    return parse_as_of(as_of) or pf.source.as_of or pf.as_of()
