"""``pmo risks``, ``pmo issues`` and ``pmo decisions``: the RAID log as of a date."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    RootOption,
    app,
    fail,
    parse_as_of,
    portfolio,
    reporting_date,
    unknown,
)

if TYPE_CHECKING:
    from pmo.portfolio import Portfolio
    from pmo.tabular import Table


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        help="table (terminal, coloured), markdown, csv (for spreadsheets) or json.",
    ),
]
ProjectOption = Annotated[
    str | None,
    typer.Option("--project", help="Only this project's entries (a project id).", metavar="ID"),
]
ProgrammeOption = Annotated[
    str | None,
    typer.Option(
        "--programme",
        help="Only this programme's entries and its projects' (a programme id).",
        metavar="ID",
    ),
]
OwnerOption = Annotated[
    str | None,
    typer.Option("--owner", help="Only entries owned by this person (a person id).", metavar="ID"),
]
AllOption = Annotated[
    bool, typer.Option("--all", help="Include closed entries (as of the reporting date).")
]


def _check_ids(
    pf: Portfolio,
    project: str | None,
    programme: str | None,
    owner: str | None,
) -> None:
    from pmo.reports.risks import unknown_filter

    if project is not None and project in pf.programmes:
        fail(f"--project {project}: that is a programme; use --programme {project}")
    if programme is not None and programme in pf.projects:
        fail(f"--programme {programme}: that is a project; use --project {programme}")
    bad = unknown_filter(pf, project=project, programme=programme, owner=owner)
    if bad is not None:
        unknown(*bad)


#: Larger terminal tables print as plain aligned text (see :func:`pmo.tabular.to_text`).
RICH_MAX_ROWS = 500

#: Terminal columns of free text, given room to wrap in a wide terminal.
WIDE = {"Risk", "Issue", "Decision", "Outcome"}


def _emit(
    fmt: Format,
    make_table: Callable[[], Table],
    make_csv_table: Callable[[], Table],
    make_json: Callable[[], str],
) -> None:
    """Build only the rendering asked for (each costs as much as the report itself)."""
    from pmo.tabular import to_csv, to_markdown

    if fmt is Format.csv:
        sys.stdout.write(to_csv(make_csv_table()))
        return
    if fmt is Format.json:
        sys.stdout.write(make_json())
        return
    table = make_table()

    if fmt is Format.table and len(table.rows) > RICH_MAX_ROWS:
        from pmo.tabular import to_text

        # rich lays out ~5 ms a row: plain aligned columns print thousands at once.
        sys.stdout.write(to_text(table))
    elif fmt is Format.table:
        from rich.console import Console

        from pmo.tabular import to_rich

        console = Console()
        rich_table = to_rich(table)
        if console.width >= 120:
            for column in rich_table.columns:
                if column.header in WIDE:
                    column.min_width = 24
        console.print(rich_table)
    else:
        sys.stdout.write(to_markdown(table))


@app.command()
def risks(
    root: RootOption = None,
    project: ProjectOption = None,
    programme: ProgrammeOption = None,
    owner: OwnerOption = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help="Only risks of this category (any case).", metavar="NAME"),
    ] = None,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score",
            min=1,
            max=25,
            help="Only risks scoring at least this (likelihood × impact, 1-25).",
        ),
    ] = None,
    include_closed: AllOption = False,
    review_overdue: Annotated[
        bool,
        typer.Option("--review-overdue", help="Only risks whose next review date has passed."),
    ] = False,
    heat: Annotated[
        bool,
        typer.Option(
            "--heatmap",
            help="Show the 5×5 likelihood-by-impact heat map of the selected risks instead.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The risk register: open risks across the portfolio, highest score first.

    Each risk shows its owning project or programme, owner, category, likelihood, impact
    and score with its band (high, medium, low; bands set in pmo.yaml), movement against
    its inherent score and towards its target, response, next review (OVERDUE flagged)
    and open actions (overdue flagged). Risks at or above the escalation score are
    marked ESCALATE for the programme board. Ties in score go to the nearest proximity.

    Example: pmo risks --programme csw --min-score 8 --format markdown
    """
    from pmo.reports import risks as report

    pf = portfolio(root, as_of)
    _check_ids(pf, project, programme, owner)
    if category is not None:
        known = report.categories(pf)
        if category.lower() not in {c.lower() for c in known}:
            unknown("--category", category, known, "category")
    register = report.build_register(
        pf,
        reporting_date(pf, as_of),
        project=project,
        programme=programme,
        owner=owner,
        category=category,
        min_score=min_score,
        include_closed=include_closed,
        review_overdue=review_overdue,
    )
    if heat:
        _emit(
            fmt,
            lambda: report.heatmap_table(register),
            lambda: report.heatmap_csv_table(register),
            lambda: report.heatmap_json(register),
        )
    else:
        _emit(
            fmt,
            lambda: report.register_table(register),
            lambda: report.register_csv_table(register),
            lambda: report.render_json(register),
        )


@app.command()
def issues(
    root: RootOption = None,
    project: ProjectOption = None,
    programme: ProgrammeOption = None,
    owner: OwnerOption = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            help="Only issues of this priority or more urgent: critical, high, medium, low.",
            metavar="LEVEL",
        ),
    ] = None,
    include_closed: AllOption = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The issues log: open issues, most urgent priority first, then oldest first.

    Example: pmo issues --priority high --format csv > issues.csv
    """
    from pmo.reports import raid

    if priority is not None and priority.lower() not in raid.PRIORITIES:
        from pmo.model import did_you_mean

        fail(
            f"--priority {priority}: not a priority{did_you_mean(priority, raid.PRIORITIES)}; "
            f"expected one of {', '.join(raid.PRIORITIES)}"
        )
    pf = portfolio(root, as_of)
    _check_ids(pf, project, programme, owner)
    log = raid.build_issues(
        pf,
        reporting_date(pf, as_of),
        project=project,
        programme=programme,
        owner=owner,
        priority=priority.lower() if priority else None,
        include_closed=include_closed,
    )
    _emit(
        fmt,
        lambda: raid.issues_table(log),
        lambda: raid.issues_csv_table(log),
        lambda: raid.issues_json(log),
    )


@app.command()
def decisions(
    root: RootOption = None,
    project: ProjectOption = None,
    programme: ProgrammeOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Only decisions taken by this board or person (an id).", metavar="ID"
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only decisions taken on or after this date.", metavar="DATE"),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The decision log: decisions taken by the reporting date, newest first.

    Example: pmo decisions --programme csw --since 2010-07-01 --format markdown
    """
    from pmo.reports import raid

    since_date = parse_as_of(since)
    pf = portfolio(root, as_of)
    _check_ids(pf, project, programme, None)
    if by is not None and by not in pf.boards and by not in pf.people:
        unknown("--by", by, [*pf.boards, *pf.people])
    log = raid.build_decisions(
        pf,
        reporting_date(pf, as_of),
        project=project,
        programme=programme,
        by=by,
        since=since_date,
    )
    _emit(
        fmt,
        lambda: raid.decisions_table(log),
        lambda: raid.decisions_csv_table(log),
        lambda: raid.decisions_json(log),
    )
