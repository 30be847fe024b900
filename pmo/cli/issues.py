"""``pmo issues``: the issues log as of a date."""

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
    fail,
    portfolio,
    reporting_date,
    scope,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit


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
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
) -> None:
    """The issues log: open issues, most urgent priority first, then oldest first.

    Example: pmo issues --priority high --format csv > issues.csv
    """
    from pmo.reports import issues as report
    from pmo.reports.rows import PRIORITIES

    if priority is not None and priority.lower() not in PRIORITIES:
        from pmo.suggest import did_you_mean

        fail(
            f"--priority {priority}: not a priority{did_you_mean(priority, PRIORITIES)}; "
            f"expected one of {', '.join(PRIORITIES)}"
        )
    pf = portfolio(root, as_of)
    chosen = scope(pf, project=project, programme=programme, owner=owner)
    log = report.build(
        pf,
        reporting_date(pf, as_of),
        chosen,
        priority=priority.lower() if priority else None,
        include_closed=include_closed,
    )
    emit(log, fmt, bom=bom)
