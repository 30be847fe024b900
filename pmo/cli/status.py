"""``pmo status``: the portfolio dashboard."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    LeadOption,
    ProgrammeOption,
    RootOption,
    app,
    fail,
    portfolio,
    reporting_date,
    scope,
    work_of,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit


def parse_rating(value: str, option: str) -> str:
    """A rating given to an option (any case; ``none`` for no update), or exit 2."""
    from pmo.types import ValueProblem, normalise_rag

    if value.lower() == "none":
        return "none"
    try:
        return normalise_rag(value)
    except ValueProblem as exc:
        fail(f"{option}: {exc.message}")


@app.command()
def status(
    root: RootOption = None,
    as_of: AsOfOption = None,
    programme: ProgrammeOption = None,
    rag: Annotated[
        list[str] | None,
        typer.Option(
            "--rag",
            help="Only work whose declared rating is this (repeatable; 'none': no update yet).",
            metavar="RATING",
        ),
    ] = None,
    lead: LeadOption = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="Instead of the dashboard, explain one programme's or project's rating: "
            "each dimension and flag with the evidence behind it.",
            metavar="ID",
        ),
    ] = None,
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any project's declared or derived rating is this or worse "
            "(red, amber, ...): a CI gate.",
            metavar="RATING",
        ),
    ] = None,
) -> None:
    """The portfolio dashboard: declared and derived ratings, trend, schedule, cost, risk,
    next and overdue milestones, the age of each update, stale and watermelon flags.

    A watermelon is work declared better than its evidence says; stale work has not
    reported for more than stale_after_days. Programmes have their own row, rolled up
    from their projects. --explain ID names the dimension and evidence behind every
    rating and flag of one programme or project.

    Example: pmo status --as-of 2010-10-20 --programme csw --fail-on red
    """
    from pmo.reports import status as report

    if explain is not None:
        _explain(root, explain, as_of, fmt)
        return

    threshold = parse_rating(fail_on, "--fail-on") if fail_on is not None else None
    if threshold == "none":
        fail("--fail-on: expected a rating such as red or amber")
    rags = [parse_rating(r, "--rag") for r in rag] if rag else None
    pf = portfolio(root, as_of)
    chosen = scope(pf, programme=programme, lead=lead)
    result = report.build(pf, reporting_date(pf, as_of), chosen, rags=rags)
    emit(result, fmt, bom=bom)
    if threshold is not None:
        failing = report.fails(result, threshold)
        if failing:
            from pmo.formats import plural

            print(
                f"pmo: {plural(len(failing), 'project')} at {threshold} or worse: "
                + ", ".join(row.id for row in failing),
                file=sys.stderr,
            )
            raise typer.Exit(1)


def _explain(root: Path | None, work_id: str, as_of: str | None, fmt: Format) -> None:
    """Print why one programme or project is rated as it is (``--explain``)."""
    from pmo.reports import explain

    pf = portfolio(root, as_of)
    work = work_of(pf, work_id, "--explain")
    emit(explain.build(pf, work, reporting_date(pf, as_of)), fmt)
