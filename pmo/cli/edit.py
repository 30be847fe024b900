"""``pmo new``, ``add``, ``update``, ``done``, ``close``, ``rescore``: edit the records.

Every edit keeps the rest of the file as it was (comments, order, quoting, blank lines), is
validated before anything is written, and is written atomically under a lock; the logic
lives in :mod:`pmo.edit`. Missing required values are asked for when a person is at a
terminal (``PMO_INTERACTIVE=1`` forces asking, ``0`` forbids it); otherwise the command
lists what is missing and exits 2.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmo.cli import complete
from pmo.cli.common import MISUSE, PROBLEMS, RootOption, app, fail, repository

if TYPE_CHECKING:
    from pmo.edit.apply import Change


class Rag(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    amber_green = "amber-green"
    amber_red = "amber-red"


class Response(StrEnum):
    treat = "treat"
    tolerate = "tolerate"
    transfer = "transfer"
    terminate = "terminate"
    take = "take"


class Priority(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"


def interactive() -> bool:
    """May we ask for missing values? ``PMO_INTERACTIVE`` (1/0) decides, else a terminal."""
    forced = os.environ.get("PMO_INTERACTIVE")
    if forced is not None:
        return forced.strip().lower() in {"1", "true", "yes"}
    return sys.stdin.isatty()


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` → date, or a usage error."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class Ask:
    """A required value: its option, prompt text and how to read an answer."""

    option: str
    prompt: str
    choices: type[StrEnum] | None = None
    score: bool = False
    date: bool = False
    money: bool = False


def ask_missing(values: dict[str, Any], wanted: dict[str, Ask]) -> None:
    """Fill in every missing required value by asking, or exit 2 listing them all."""
    missing = [key for key in wanted if values.get(key) in (None, "")]
    if not missing:
        return
    if not interactive():
        options = ", ".join(wanted[key].option for key in missing)
        what = "a required value" if len(missing) == 1 else "required values"
        fail(f"missing {what}: {options} (run at a terminal to be asked for them)")
    for key in missing:
        ask = wanted[key]
        values[key] = typer.prompt(ask.prompt, type=ask.choices, value_proc=_reader(ask))


def _reader(ask: Ask) -> Callable[[str], Any]:
    """How a prompt answer is read: a choice, a score 1..5, a date, money, or text."""

    def read(answer: str) -> Any:
        answer = str(answer).strip()
        if ask.choices is not None:
            options = [c.value for c in ask.choices]
            if answer.lower() not in options:
                raise typer.BadParameter(f"'{answer}' is not one of {', '.join(options)}")
            return answer.lower()
        if ask.score:
            if not (answer.isascii() and answer.isdigit()) or not 1 <= int(answer) <= 5:
                raise typer.BadParameter(f"'{answer}' is not a whole number from 1 to 5")
            return int(answer)
        if ask.date:
            return parse_date(answer)
        if ask.money:
            from pmo.types import ValueProblem, parse_money

            try:
                parse_money(answer)
            except ValueProblem as exc:
                raise typer.BadParameter(exc.message) from None
        if not answer:
            raise typer.BadParameter("a value is needed")
        return answer

    return read


def run(edit: Callable[[], list[Change]], dry_run: bool) -> None:
    """Run an edit; report what changed, or why it was refused (exit 1) or misused (exit 2)."""
    from pmo.atomic import Blocked
    from pmo.edit.apply import EditError, EditRefused

    try:
        changes = edit()
    except EditError as exc:
        fail(str(exc), MISUSE)
    except Blocked as exc:  # the lock held too long, a file changed under the edit
        fail(str(exc), PROBLEMS)
    except OSError as exc:  # a read-only folder, a full disk: nothing half-written
        fail(f"cannot write the records: {exc}", MISUSE)
    except EditRefused as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        fail(f"refused: {exc}; nothing was written", PROBLEMS)
    report_changes(changes, dry_run)


def report_changes(changes: list[Change], dry_run: bool) -> None:
    """What an edit changed: a line each (the diffs too, for a dry run), shown inert."""
    from pmo.inert import line, lines

    for change in changes:
        if dry_run:
            sys.stdout.write(lines(change.diff()))
        summary = line(f"{change.path}: {change.summary}")
        print(summary, file=sys.stderr if dry_run else sys.stdout)
    if dry_run:
        print("pmo: dry run: nothing was written", file=sys.stderr)


DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
]


def _wait(value: float) -> float:
    """``--wait``: how long this edit waits for another to let go of the lock."""
    from pmo import atomic

    if value < 0:
        raise typer.BadParameter("must be 0 or more seconds")
    atomic.WAIT_SECONDS = value
    return value


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        metavar="SECONDS",
        callback=_wait,
        help="Wait at most this long for another edit of the records to finish (default 10).",
    ),
]
#: The default of ``--wait`` (see :data:`pmo.atomic.WAIT_SECONDS`).
WAIT = 10.0
DateOption = Annotated[
    dt.date | None,
    typer.Option(
        "--date",
        parser=parse_date,
        metavar="DATE",
        help="YYYY-MM-DD; default: the reporting date (as_of in pmo.yaml if pinned, else today).",
    ),
]


def _value(choice: StrEnum | None) -> str | None:
    return choice.value if choice is not None else None


def _number(text: str | None) -> str | int | None:
    """A whole number as a number (``40``), anything else (``£1.2m``) as text."""
    digits = text is not None and text.strip().isascii() and text.strip().isdigit()
    return int(text) if text is not None and digits else text


def _text(help_: str, *names: str) -> Any:
    return typer.Option(*names, help=help_)


def _ref(help_: str, name: str, *kinds: str) -> Any:
    """An option naming a record: its ids complete in the shell."""
    return typer.Option(name, help=help_, autocompletion=complete.ids(*kinds))


def _date(help_: str, name: str) -> Any:
    return typer.Option(name, parser=parse_date, metavar="DATE", help=help_)


def _choice(help_: str, name: str) -> Any:
    return typer.Option(name, case_sensitive=False, help=help_)


def _score(help_: str, name: str) -> Any:
    return typer.Option(name, min=1, max=5, help=help_)


# ---- pmo new programme|project (person, board, paper: pmo.cli.cycle) ---------------------


new_app = typer.Typer(
    help="Create a record: a programme, project, person, board or paper.\n\n"
    "Example: pmo new project csw-waste --programme csw --name Waste --lead gereint-stoneman",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new_app, name="new")

NewIdArg = Annotated[str, typer.Argument(metavar="ID", help="The new id, e.g. csw-waste.")]


def file_option(default: str) -> Any:
    return typer.Option("--file", help=f"The file to write, below records/ (default: {default}).")


def relative_file(base: Path, file: Path | None) -> str | None:
    """``--file`` as a path relative to the repository root (exit 2 when outside it).

    Only the part of the path up to the repository is resolved: a link below it is kept as
    written, for the edit to refuse (pmo never writes through a link).
    """
    if file is None:
        return None
    path = Path(os.path.abspath(file))
    for above in [*reversed(path.parents), path]:
        if os.path.realpath(above) == str(base):
            return path.relative_to(above).as_posix()
    fail(f"--file {file} is outside the repository {base}")


def _new_work(
    kind: str,
    id_: str,
    values: dict[str, Any],
    file: Path | None,
    root: Path | None,
    dry_run: bool,
) -> None:
    from pmo.edit.apply import new_work

    base = repository(root)
    wanted = {"name": Ask("--name", "Name")}
    if kind == "project":
        wanted["programme"] = Ask("--programme", "Programme (id)")
    wanted["lead"] = Ask("--lead", "Lead (person id)")
    ask_missing(values, wanted)
    rel = relative_file(base, file)
    run(lambda: new_work(base, kind, id_, values, path=rel, dry_run=dry_run), dry_run)


NameOption = Annotated[str | None, _text("Its name (required).", "--name")]
LeadOption = Annotated[str | None, _ref("The lead, a person id (required).", "--lead", "person")]
SponsorOption = Annotated[str | None, _ref("The sponsor (a person id).", "--sponsor", "person")]
WorkDescriptionOption = Annotated[str | None, _text("A description.", "--description")]
StartOption = Annotated[dt.date | None, _date("Start date.", "--start")]
EndOption = Annotated[dt.date | None, _date("Agreed end date.", "--end")]


@new_app.command("programme")
def new_programme(
    id_: NewIdArg,
    name: NameOption = None,
    lead: LeadOption = None,
    sponsor: SponsorOption = None,
    description: WorkDescriptionOption = None,
    start: StartOption = None,
    end: EndOption = None,
    file: Annotated[Path | None, file_option("records/ID/programme.yaml")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Create a programme record file.

    Example: pmo new programme csw --name "CSW Sub-Regional Programme" --lead mike-attwood
    """
    values: dict[str, Any] = {
        "name": name, "description": description, "lead": lead, "sponsor": sponsor,
        "start": start, "end": end,
    }  # fmt: skip
    _new_work("programme", id_, values, file, root, dry_run)


@new_app.command("project")
def new_project(
    id_: NewIdArg,
    name: NameOption = None,
    programme: Annotated[
        str | None, _ref("The programme it belongs to (required).", "--programme", "programme")
    ] = None,
    lead: LeadOption = None,
    sponsor: SponsorOption = None,
    description: WorkDescriptionOption = None,
    start: StartOption = None,
    end: EndOption = None,
    file: Annotated[
        Path | None, file_option("beside the programme's file, named by the id")
    ] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Create a project (workstream) record file.

    Example: pmo new project csw-waste --programme csw --name "Waste" --lead gereint-stoneman
    """
    values: dict[str, Any] = {
        "name": name, "programme": programme, "description": description, "lead": lead,
        "sponsor": sponsor, "start": start, "end": end,
    }  # fmt: skip
    _new_work("project", id_, values, file, root, dry_run)


# ---- pmo add ... ------------------------------------------------------------------------

add_app = typer.Typer(
    help="Add a milestone, risk, issue, decision or benefit to a programme or project, "
    "or an action to a risk.\n\n"
    "Example: pmo add risk csw-adults --title 'PCTs withdraw' --owner jos-parry "
    "--likelihood 3 --impact 4",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(add_app, name="add")

ParentArg = Annotated[
    str,
    typer.Argument(
        metavar="PARENT",
        help="The programme or project it belongs to.",
        autocompletion=complete.ids("programme", "project"),
    ),
]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="Its id; default: the next free PARENT-<letter><n>, e.g. PARENT-r7."),
]
TitleOption = Annotated[str | None, _text("Its title (required).", "--title")]
DescriptionOption = Annotated[str | None, _text("A description.", "--description")]


def _add(
    kind: str,
    parent: str,
    values: dict[str, Any],
    wanted: dict[str, Ask],
    root: Path | None,
    dry_run: bool,
) -> None:
    from pmo.edit.apply import add_item

    base = repository(root)
    ask_missing(values, wanted)
    run(lambda: add_item(base, kind, parent, values, dry_run=dry_run), dry_run)


@add_app.command("risk")
def add_risk(
    parent: ParentArg,
    id_: IdOption = None,
    title: TitleOption = None,
    description: DescriptionOption = None,
    owner: Annotated[
        str | None, _ref("Its owner, a person id (required).", "--owner", "person")
    ] = None,
    category: Annotated[str | None, _text("A category, e.g. partnership.", "--category")] = None,
    likelihood: Annotated[int | None, _score("Likelihood 1..5 (required).", "--likelihood")] = None,
    impact: Annotated[int | None, _score("Impact 1..5 (required).", "--impact")] = None,
    response: Annotated[Response | None, _choice("The response.", "--response")] = None,
    proximity: Annotated[dt.date | None, _date("When it could happen.", "--proximity")] = None,
    raised: Annotated[
        dt.date | None, _date("Date raised; default: reporting date.", "--raised")
    ] = None,
    review: Annotated[dt.date | None, _date("Next review due.", "--review")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add a risk. Missing required values are asked for at a terminal.

    Example: pmo add risk csw-adults --title "PCTs withdraw" --owner jos-parry --likelihood 3 --impact 4
    """  # noqa: E501
    values = {
        "id": id_, "title": title, "description": description, "owner": owner,
        "category": category, "likelihood": likelihood, "impact": impact,
        "response": _value(response), "proximity": proximity, "raised": raised,
        "review": review,
    }  # fmt: skip
    wanted = {
        "title": Ask("--title", "Title"),
        "owner": Ask("--owner", "Owner (person id)"),
        "likelihood": Ask("--likelihood", "Likelihood (1-5)", score=True),
        "impact": Ask("--impact", "Impact (1-5)", score=True),
    }
    _add("risk", parent, values, wanted, root, dry_run)


@add_app.command("milestone")
def add_milestone(
    parent: ParentArg,
    id_: IdOption = None,
    title: TitleOption = None,
    description: DescriptionOption = None,
    baseline: Annotated[dt.date | None, _date("The agreed date (required).", "--baseline")] = None,
    forecast: Annotated[dt.date | None, _date("The forecast date.", "--forecast")] = None,
    owner: Annotated[str | None, _ref("Its owner; default: the lead.", "--owner", "person")] = None,
    depends_on: Annotated[
        list[str] | None,
        _ref("A milestone it depends on (repeatable).", "--depends-on", "milestone"),
    ] = None,
    gate: Annotated[bool, typer.Option("--gate", help="A board decision gate.")] = False,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add a milestone. Missing required values are asked for at a terminal.

    Example: pmo add milestone csw-adults --title "Pooled budget agreed" --baseline 2011-01-31
    """
    values = {
        "id": id_, "title": title, "description": description, "baseline": baseline,
        "forecast": forecast, "owner": owner, "depends_on": depends_on or None,
        "gate": True if gate else None,
    }  # fmt: skip
    wanted = {
        "title": Ask("--title", "Title"),
        "baseline": Ask("--baseline", "Baseline date (YYYY-MM-DD)", date=True),
    }
    _add("milestone", parent, values, wanted, root, dry_run)


@add_app.command("issue")
def add_issue(
    parent: ParentArg,
    id_: IdOption = None,
    title: TitleOption = None,
    description: DescriptionOption = None,
    owner: Annotated[str | None, _ref("Its owner, a person id.", "--owner", "person")] = None,
    priority: Annotated[
        Priority | None, _choice("Priority (default medium).", "--priority")
    ] = None,
    raised: Annotated[
        dt.date | None, _date("Date raised; default: reporting date.", "--raised")
    ] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add an issue (a problem that has happened).

    Example: pmo add issue csw-waste --title "Site lease delayed" --priority high --owner ann-lee
    """
    values = {
        "id": id_, "title": title, "description": description, "owner": owner,
        "priority": _value(priority), "raised": raised,
    }  # fmt: skip
    _add("issue", parent, values, {"title": Ask("--title", "Title")}, root, dry_run)


@add_app.command("decision")
def add_decision(
    parent: ParentArg,
    id_: IdOption = None,
    title: TitleOption = None,
    date: DateOption = None,
    by: Annotated[
        str | None, _ref("Who decided: a board or person id.", "--by", "board", "person")
    ] = None,
    outcome: Annotated[str | None, _text("What was decided.", "--outcome")] = None,
    description: DescriptionOption = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Record a decision.

    Example: pmo add decision csw-adults --title "Falls pathway approved" --by cswace
    """
    values = {
        "id": id_, "title": title, "date": date, "by": by, "outcome": outcome,
        "description": description,
    }  # fmt: skip
    _add("decision", parent, values, {"title": Ask("--title", "Title")}, root, dry_run)


@add_app.command("benefit")
def add_benefit(
    parent: ParentArg,
    id_: IdOption = None,
    title: TitleOption = None,
    description: DescriptionOption = None,
    owner: Annotated[str | None, _ref("Its owner, a person id.", "--owner", "person")] = None,
    measure: Annotated[str | None, _text("How it is measured.", "--measure")] = None,
    target: Annotated[
        str | None, _text("Target: money (£1.2m) or a number with --unit.", "--target")
    ] = None,
    unit: Annotated[str | None, _text("Unit of a numeric target.", "--unit")] = None,
    due: Annotated[dt.date | None, _date("When it is due.", "--due")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add a benefit.

    Example: pmo add benefit csw-adults --title "Fewer care home admissions" --target 40 --unit admissions
    """  # noqa: E501
    values = {
        "id": id_, "title": title, "description": description, "owner": owner,
        "measure": measure, "target": _number(target), "unit": unit, "due": due,
    }  # fmt: skip
    _add("benefit", parent, values, {"title": Ask("--title", "Title")}, root, dry_run)


# ---- pmo update, done, close, rescore -----------------------------------------------------


def _rag(help_: str, name: str) -> Any:
    return _choice(help_, name)


@app.command()
def update(
    work: Annotated[
        str,
        typer.Argument(
            metavar="PROJECT",
            help="A project or programme id.",
            autocompletion=complete.ids("project", "programme"),
        ),
    ],
    rag: Annotated[Rag | None, _rag("Overall rating (required).", "--rag")] = None,
    summary: Annotated[str | None, _text("One-paragraph summary (required).", "--summary")] = None,
    achievement: Annotated[
        list[str] | None, typer.Option("--achievement", help="An achievement (repeatable).")
    ] = None,
    next_step: Annotated[
        list[str] | None, typer.Option("--next", help="A next step (repeatable).")
    ] = None,
    decision: Annotated[
        list[str] | None, typer.Option("--decision", help="A decision needed (repeatable).")
    ] = None,
    date: DateOption = None,
    schedule: Annotated[Rag | None, _rag("Schedule rating.", "--schedule")] = None,
    cost: Annotated[Rag | None, _rag("Cost rating.", "--cost")] = None,
    scope: Annotated[Rag | None, _rag("Scope rating.", "--scope")] = None,
    resources: Annotated[Rag | None, _rag("Resources rating.", "--resources")] = None,
    benefits: Annotated[Rag | None, _rag("Benefits rating.", "--benefits")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Append a dated status update to a project (or programme).

    Example: pmo update csw-adults --rag amber --summary "Pooled budget slipping" --next "Take heads of terms to PCT boards"
    """  # noqa: E501
    from pmo.edit.apply import append_update

    base = repository(root)

    values: dict[str, Any] = {
        "date": date, "rag": _value(rag), "schedule": _value(schedule), "cost": _value(cost),
        "scope": _value(scope), "resources": _value(resources), "benefits": _value(benefits),
        "summary": summary, "achievements": achievement or None,
        "next_steps": next_step or None, "decisions_needed": decision or None,
    }  # fmt: skip
    ask_missing(
        values,
        {
            "rag": Ask("--rag", "Overall RAG", choices=Rag),
            "summary": Ask("--summary", "Summary"),
        },
    )
    run(lambda: append_update(base, work, values, dry_run=dry_run), dry_run)


@app.command()
def done(
    item: Annotated[
        str,
        typer.Argument(
            metavar="MILESTONE|ACTION",
            help="A milestone id, or a risk's action as RISK/N (csw-adults-r1/2: its second).",
            autocompletion=complete.ids("milestone", "action"),
        ),
    ],
    date: DateOption = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Mark a milestone achieved (its actual: date) or a risk's action done (its done: date).

    Example: pmo done csw-adults-m1 --date 2010-10-15
    """
    from pmo.edit.apply import mark_done
    from pmo.edit.cycle import action_done, parse_action_ref

    base = repository(root)
    if parse_action_ref(item) is not None:
        run(lambda: action_done(base, item, date, dry_run=dry_run), dry_run)
    else:
        run(lambda: mark_done(base, item, date, dry_run=dry_run), dry_run)


@app.command()
def close(
    item: Annotated[
        str,
        typer.Argument(
            metavar="RISK|ISSUE",
            help="A risk or issue id.",
            autocompletion=complete.ids("risk", "issue"),
        ),
    ],
    date: DateOption = None,
    resolution: Annotated[str | None, _text("How an issue was resolved.", "--resolution")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Close a risk or issue (status: closed, closed: date).

    Example: pmo close csw-adults-r2 --date 2010-10-20
    """
    from pmo.edit.apply import close_item

    base = repository(root)
    run(lambda: close_item(base, item, date, resolution, dry_run=dry_run), dry_run)


@app.command()
def rescore(
    risk: Annotated[
        str, typer.Argument(metavar="RISK", help="A risk id.", autocompletion=complete.ids("risk"))
    ],
    likelihood: Annotated[int | None, _score("New likelihood 1..5.", "--likelihood")] = None,
    impact: Annotated[int | None, _score("New impact 1..5.", "--impact")] = None,
    review: Annotated[
        dt.date | None,
        _date("Its next review date (with --review alone, the scores stay).", "--review"),
    ] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Set a risk's current likelihood and impact, and its next review date.

    Example: pmo rescore csw-adults-r1 --likelihood 2 --impact 4 --review 2011-01-31
    """
    from pmo.edit.apply import rescore as run_rescore

    base = repository(root)
    values: dict[str, Any] = {"likelihood": likelihood, "impact": impact}
    if review is None or likelihood is not None or impact is not None:
        ask_missing(
            values,
            {
                "likelihood": Ask("--likelihood", "Likelihood (1-5)", score=True),
                "impact": Ask("--impact", "Impact (1-5)", score=True),
            },
        )
    run(
        lambda: run_rescore(
            base, risk, values["likelihood"], values["impact"], review=review, dry_run=dry_run
        ),
        dry_run,
    )
