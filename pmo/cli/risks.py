"""``pmo risks``: the risk register (or its heat map) as of a date."""

from __future__ import annotations

from typing import Annotated

import typer

from pmo.cli.common import (
    AllOption,
    AsOfOption,
    OwnerOption,
    ProgrammeOption,
    ProjectOption,
    RootOption,
    app,
    portfolio,
    reporting_date,
    scope,
    unknown,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit


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
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
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
    chosen = scope(pf, project=project, programme=programme, owner=owner)
    if category is not None:
        known = report.categories(pf)
        if category.lower() not in {c.lower() for c in known}:
            unknown("--category", category, known, "category")
    register = report.build(
        pf,
        reporting_date(pf, as_of),
        chosen,
        category=category,
        min_score=min_score,
        include_closed=include_closed,
        review_overdue=review_overdue,
    )
    if heat:
        from pmo.reports.heatmap import HeatMap

        emit(HeatMap(register), fmt, bom=bom)
    else:
        emit(register, fmt, bom=bom)
