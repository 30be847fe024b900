"""``pmo status``, ``pmo show`` and ``pmo milestones``: the portfolio dashboard and its detail."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    RootOption,
    app,
    fail,
    portfolio,
    reporting_date,
    unknown,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        help="table (rich in a terminal, plain text when piped), json, markdown or csv.",
    ),
]


def _rating(value: str, option: str) -> str:
    from pmo.types import ValueProblem, normalise_rag

    if value.lower() == "none":
        return "none"
    try:
        return normalise_rag(value)
    except ValueProblem as exc:
        fail(f"{option}: {exc.message}")


def _write(text: str) -> None:
    sys.stdout.write(text)


@app.command()
def status(
    root: RootOption = None,
    as_of: AsOfOption = None,
    programme: Annotated[
        str | None,
        typer.Option("--programme", "-p", help="Only this programme and its projects (an id)."),
    ] = None,
    rag: Annotated[
        list[str] | None,
        typer.Option(
            "--rag",
            help="Only work whose declared rating is this (repeatable; 'none': no update yet).",
        ),
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only work led by this person (an id).")
    ] = None,
    fmt: FormatOption = Format.table,
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
    from their projects.

    Example: pmo status --as-of 2010-10-20 --programme csw --fail-on red
    """
    from pmo.reports import status as report

    threshold = _rating(fail_on, "--fail-on") if fail_on is not None else None
    if threshold == "none":
        fail("--fail-on: expected a rating such as red or amber")
    rags = [_rating(r, "--rag") for r in rag] if rag else None
    pf = portfolio(root, as_of)
    on = reporting_date(pf, as_of)
    if programme is not None and programme not in pf.programmes:
        unknown("--programme", programme, pf.programmes, "programme")
    if lead is not None and lead not in pf.people:
        unknown("--lead", lead, pf.people, "person")
    result = report.build(pf, on, programme=programme, rags=rags, lead=lead)

    if fmt is Format.json:
        _write(report.render_json(result))
    elif fmt is Format.markdown:
        _write(report.render_markdown(result))
    elif fmt is Format.csv:
        _write(report.render_csv(result))
    else:
        rows = len(result.projects) + len(result.programmes)
        if sys.stdout.isatty() and rows <= report.RICH_MAX_ROWS:
            report.print_rich(result)
        else:
            _write(report.render_text(result))

    if threshold is not None:
        failing = report.fails(result, threshold)
        if failing:
            print(
                f"pmo: {len(failing)} project(s) at {threshold} or worse: "
                + ", ".join(row.id for row in failing),
                file=sys.stderr,
            )
            raise typer.Exit(1)


@app.command()
def show(
    work_id: Annotated[str, typer.Argument(metavar="ID", help="A programme or project id.")],
    root: RootOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        ShowFormat, typer.Option("--format", help="text, markdown or json.")
    ] = ShowFormat.text,
) -> None:
    """One programme or project in full: its rating history as a timeline, each derived
    dimension with the evidence behind it, milestones, open risks and issues, decisions
    needed, budget and benefits.

    Example: pmo show csw-waste --as-of 2010-10-20
    """
    from pmo.reports import show as report

    pf = portfolio(root, as_of)
    on = reporting_date(pf, as_of)
    work = pf.find_work(work_id)
    if work is None:
        owner = pf.owner_of(work_id)
        if owner is not None:
            fail(f"'{work_id}' is a {pf.id_kinds.get(work_id, 'item')} of '{owner.id}'; "
                 f"try 'pmo show {owner.id}'")  # fmt: skip
        unknown("show", work_id, [w.id for w in pf.work()], "programme or project")
        return
    result = report.build(pf, work, on)
    if fmt is ShowFormat.json:
        _write(report.render_json(result))
    else:
        _write(report.render(result, markdown=fmt is ShowFormat.markdown))


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
    programme: Annotated[
        str | None,
        typer.Option("--programme", "-p", help="Only this programme and its projects (an id)."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include achieved milestones and closed work.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Milestones across the portfolio not yet achieved, soonest due first: what is due,
    slipped (forecast after baseline) or late.

    Example: pmo milestones --within 60
    """
    from pmo.reports import milestones as report

    pf = portfolio(root, as_of)
    on = reporting_date(pf, as_of)
    if programme is not None and programme not in pf.programmes:
        unknown("--programme", programme, pf.programmes, "programme")
    result = report.build(
        pf, on, within=within, overdue=overdue, programme=programme, include_done=all_
    )
    if fmt is Format.json:
        _write(report.render_json(result))
    elif fmt is Format.markdown:
        _write(report.render_markdown(result))
    elif fmt is Format.csv:
        _write(report.render_csv(result))
    elif sys.stdout.isatty() and len(result.rows) <= 200:
        from pmo.tabular import print_rich

        print_rich(report.to_table(result))
    else:
        _write(report.render_text(result))
