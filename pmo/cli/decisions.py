"""``pmo decisions``: the decision log as of a date."""

from __future__ import annotations

from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    ProgrammeOption,
    ProjectOption,
    RootOption,
    app,
    parse_as_of,
    portfolio,
    reporting_date,
    scope,
    unknown,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit


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
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
) -> None:
    """The decision log: decisions taken by the reporting date, newest first.

    Example: pmo decisions --programme csw --since 2010-07-01 --format markdown
    """
    from pmo.reports import decisions as report

    since_date = parse_as_of(since)
    pf = portfolio(root, as_of)
    chosen = scope(pf, project=project, programme=programme)
    if by is not None and by not in pf.boards and by not in pf.people:
        unknown("--by", by, [*pf.boards, *pf.people], "board or person")
    log = report.build(pf, reporting_date(pf, as_of), chosen, by=by, since=since_date)
    emit(log, fmt, bom=bom)
