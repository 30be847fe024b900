"""``pmo show``: one programme or project in full."""

from __future__ import annotations

from typing import Annotated

import typer

from pmo.cli import complete
from pmo.cli.common import AsOfOption, RootOption, app, portfolio, reporting_date, work_of
from pmo.cli.output import DocumentFormat, Format, emit


@app.command()
def show(
    work_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A programme or project id.",
            autocompletion=complete.ids("programme", "project"),
        ),
    ],
    root: RootOption = None,
    as_of: AsOfOption = None,
    fmt: DocumentFormat = Format.text,
) -> None:
    """One programme or project in full: its rating history as a timeline, each derived
    dimension with the evidence behind it, milestones, open risks and issues, decisions
    needed, budget and benefits.

    Example: pmo show csw-waste --as-of 2010-10-20
    """
    from pmo.reports import show as report

    pf = portfolio(root, as_of)
    work = work_of(pf, work_id, "pmo show")
    emit(report.build(pf, work, reporting_date(pf, as_of)), fmt)
