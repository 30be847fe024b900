"""The monthly cycle: ``pmo set``, ``realise``, ``reforecast``, ``add action``, new people,
boards and papers.

Each command is a thin skin over :mod:`pmo.edit` and makes its edit as every edit command
does (validated first, atomic, locked, minimal; ``--dry-run`` shows the diff). Missing
required values are asked for at a terminal, never when piped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from pmo.cli import complete
from pmo.cli.common import RootOption, app, repository
from pmo.cli.edit import (
    WAIT,
    Ask,
    DateOption,
    DryRunOption,
    WaitOption,
    _date,
    _text,
    add_app,
    ask_missing,
    file_option,
    new_app,
    parse_date,
    relative_file,
    run,
)


def _person(help_: str, name: str) -> Any:
    return typer.Option(name, help=help_, autocompletion=complete.ids("person"))


# ---- pmo set ------------------------------------------------------------------------------


@app.command("set")
def set_(
    id_: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A record or item id (project, milestone, risk, person, board, paper...), "
            "or a risk's action as RISK/N.",
            autocompletion=complete.ids(),
        ),
    ],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="KEY=VALUE...",
            help="KEY=VALUE sets a key (dotted into mappings: budget.forecast=£1.3m); KEY= "
            "removes it; KEY+=VALUE and KEY-=VALUE add to and take from a list.",
            autocompletion=complete.keys,
        ),
    ],
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Set any field of any record or nested item, found by its id.

    Values are read as the records format reads them (dates YYYY-MM-DD, money such as £1.3m,
    scores 1..5); every assignment is checked before anything is written, and either all of
    them are made or none.

    Example: pmo set csw-adults budget.approved=£240k budget.forecast=£245k
    """
    from pmo.edit.setting import set_fields

    base = repository(root)
    run(lambda: set_fields(base, id_, assignments, dry_run=dry_run), dry_run)


# ---- pmo realise, reforecast ---------------------------------------------------------------


@app.command()
def realise(
    benefit: Annotated[
        str,
        typer.Argument(
            metavar="BENEFIT", help="A benefit id.", autocompletion=complete.ids("benefit")
        ),
    ],
    value: Annotated[
        str | None, _text("The amount realised: money (£200k) or a number (required).", "--value")
    ] = None,
    date: DateOption = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Record a benefit realised: adds {date, value} to its realised: list.

    Example: pmo realise csw-adults-b1 --value £200k --date 2011-03-31
    """
    from pmo.edit.cycle import realise as run_realise

    base = repository(root)
    values: dict[str, Any] = {"value": value}
    ask_missing(values, {"value": Ask("--value", "Amount realised (e.g. £200k)", money=True)})
    run(lambda: run_realise(base, benefit, values["value"], date, dry_run=dry_run), dry_run)


@app.command()
def reforecast(
    milestone: Annotated[
        str,
        typer.Argument(
            metavar="MILESTONE", help="A milestone id.", autocompletion=complete.ids("milestone")
        ),
    ],
    date: Annotated[
        dt.date,
        typer.Argument(metavar="DATE", parser=parse_date, help="The new forecast, YYYY-MM-DD."),
    ],
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Move a milestone's forecast date, and say how far it slips.

    The slip is shown against the previous forecast and against the baseline (the agreed
    date), with a note when it passes the slip that turns the schedule amber.

    Example: pmo reforecast csw-adults-m2 2011-01-31
    """
    from pmo.edit.cycle import reforecast as run_reforecast

    base = repository(root)
    run(lambda: run_reforecast(base, milestone, date, dry_run=dry_run), dry_run)


# ---- pmo add action --------------------------------------------------------------------------


@add_app.command("action")
def add_action(
    risk: Annotated[
        str,
        typer.Argument(
            metavar="RISK", help="The risk it mitigates.", autocompletion=complete.ids("risk")
        ),
    ],
    action: Annotated[str | None, _text("What will be done (required).", "--action")] = None,
    owner: Annotated[str | None, _person("Who does it, a person id (required).", "--owner")] = None,
    due: Annotated[dt.date | None, _date("When it is due (required).", "--due")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add a mitigating action to a risk; it is then RISK/N (N: its place in the list).

    Example: pmo add action csw-adults-r1 --action "Agree MoU with PCTs" --owner monica-fogarty --due 2010-12-01
    """  # noqa: E501
    from pmo.edit.cycle import add_action as run_add_action

    base = repository(root)
    values: dict[str, Any] = {"action": action, "owner": owner, "due": due}
    ask_missing(
        values,
        {
            "action": Ask("--action", "Action"),
            "owner": Ask("--owner", "Owner (person id)"),
            "due": Ask("--due", "Due date (YYYY-MM-DD)", date=True),
        },
    )
    run(lambda: run_add_action(base, risk, values, dry_run=dry_run), dry_run)


# ---- pmo new person, board, paper ----------------------------------------------------------

NewIdArg = Annotated[str, typer.Argument(metavar="ID", help="The new id, e.g. jos-parry.")]


@new_app.command("person")
def new_person(
    id_: NewIdArg,
    name: Annotated[str | None, _text("Their name (required).", "--name")] = None,
    role: Annotated[str | None, _text("Their role or job title (required).", "--role")] = None,
    organisation: Annotated[
        str | None, _text("Their organisation (required).", "--organisation")
    ] = None,
    email: Annotated[str | None, _text("Their email address.", "--email")] = None,
    phone: Annotated[str | None, _text("Their telephone number.", "--phone")] = None,
    file: Annotated[
        Path | None, file_option("the people file listing most of their organisation")
    ] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Add a person to a people file.

    Example: pmo new person jos-parry --name "Jos Parry" --role "Chief Executive" --organisation "Coventry City Council"
    """  # noqa: E501
    from pmo.edit.newrecords import new_person as run_new_person

    base = repository(root)
    values: dict[str, Any] = {
        "name": name, "role": role, "organisation": organisation, "email": email, "phone": phone,
    }  # fmt: skip
    ask_missing(
        values,
        {
            "name": Ask("--name", "Name"),
            "role": Ask("--role", "Role"),
            "organisation": Ask("--organisation", "Organisation"),
        },
    )
    rel = relative_file(base, file)
    run(lambda: run_new_person(base, id_, values, path=rel, dry_run=dry_run), dry_run)


@new_app.command("board")
def new_board(
    id_: NewIdArg,
    name: Annotated[str | None, _text("Its name (required).", "--name")] = None,
    chair: Annotated[str | None, _person("Its chair, a person id (required).", "--chair")] = None,
    member: Annotated[
        list[str] | None, _person("A member, a person id (repeatable).", "--member")
    ] = None,
    meets: Annotated[str | None, _text("How often it meets, e.g. quarterly.", "--meets")] = None,
    description: Annotated[str | None, _text("What it is for.", "--description")] = None,
    file: Annotated[Path | None, file_option("beside the other boards")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Create a board (or committee) record file.

    Example: pmo new board jpsg --name "Joint Partnership Steering Group" --chair jos-parry --member jos-parry --member monica-fogarty --meets monthly
    """  # noqa: E501
    from pmo.edit.newrecords import new_board as run_new_board

    base = repository(root)
    values: dict[str, Any] = {
        "name": name, "description": description, "chair": chair, "members": member or None,
        "meets": meets,
    }  # fmt: skip
    ask_missing(values, {"name": Ask("--name", "Name"), "chair": Ask("--chair", "Chair")})
    rel = relative_file(base, file)
    run(lambda: run_new_board(base, id_, values, path=rel, dry_run=dry_run), dry_run)


@new_app.command("paper")
def new_paper(
    id_: NewIdArg,
    board: Annotated[
        str | None,
        typer.Option(
            "--board", help="The board it goes to (required).", autocompletion=complete.ids("board")
        ),
    ] = None,
    meeting: Annotated[
        dt.date | None, _date("The date of the meeting (required).", "--meeting")
    ] = None,
    title: Annotated[str | None, _text("Its title (required).", "--title")] = None,
    author: Annotated[
        str | None, _person("Who writes it, a person id (required).", "--author")
    ] = None,
    file: Annotated[Path | None, file_option("beside the board's last paper")] = None,
    root: RootOption = None,
    dry_run: DryRunOption = False,
    wait: WaitOption = WAIT,
) -> None:
    """Create a board paper with the parts of a committee report ready to fill in.

    The header is filled in; the summary, recommendations and sections (background,
    progress, financial and legal implications) hold "[To be written: ...]" for people to
    replace. Scope, classification and contacts follow the board's last paper.

    Example: pmo new paper cyp-oss-2011-01 --board cyp-oss --meeting 2011-01-19 --title "Sub-Regional Working Progress Report" --author monica-fogarty
    """  # noqa: E501
    from pmo.edit.newrecords import new_paper as run_new_paper

    base = repository(root)
    values: dict[str, Any] = {"board": board, "meeting": meeting, "title": title, "author": author}
    ask_missing(
        values,
        {
            "board": Ask("--board", "Board (id)"),
            "meeting": Ask("--meeting", "Meeting date (YYYY-MM-DD)", date=True),
            "title": Ask("--title", "Title"),
            "author": Ask("--author", "Author (person id)"),
        },
    )
    rel = relative_file(base, file)
    run(lambda: run_new_paper(base, id_, values, path=rel, dry_run=dry_run), dry_run)
