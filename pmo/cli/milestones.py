"""``pmo milestones``: what is due, slipped or late across the portfolio."""

from __future__ import annotations

from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    ProgrammeOption,
    RootOption,
    app,
    portfolio,
    reporting_date,
    scope,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit


@app.command()
def milestones(
    root: RootOption = None,
    as_of: AsOfOption = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            min=0,
            max=36500,  # a century: the window's end must stay within the calendar
            metavar="DAYS",
            help="Only milestones due within DAYS of the as-of date (overdue ones included).",
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue milestones.")] = False,
    programme: ProgrammeOption = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include achieved milestones and closed work.")
    ] = False,
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
) -> None:
    """Milestones across the portfolio not yet achieved, soonest due first: what is due,
    slipped (forecast after baseline) or late.

    Example: pmo milestones --within 60
    """
    from pmo.reports import milestones as report

    pf = portfolio(root, as_of)
    chosen = scope(pf, programme=programme)
    result = report.build(
        pf, reporting_date(pf, as_of), chosen, within=within, overdue=overdue, include_done=all_
    )
    emit(result, fmt, bom=bom)
