"""``pmo benefits``: benefits realisation as of a date."""

from __future__ import annotations

from pmo.cli.common import (
    AsOfOption,
    OwnerOption,
    ProgrammeOption,
    ProjectOption,
    RootOption,
    app,
    portfolio,
    reporting_date,
    scope,
)
from pmo.cli.output import Format, TableFormat, emit


@app.command()
def benefits(
    root: RootOption = None,
    as_of: AsOfOption = None,
    programme: ProgrammeOption = None,
    project: ProjectOption = None,
    owner: OwnerOption = None,
    fmt: TableFormat = Format.table,
) -> None:
    """Benefits realisation: each benefit's target, planned to date (its profile), realised
    to date, variance, percentage of plan and rating; totals per programme and for the
    portfolio (money, net of disbenefits); each programme's return on cost (cashable
    targets over approved budget) against its required return.

    Example: pmo benefits --programme csw --as-of 2011-03-31 --format markdown
    """
    from pmo.reports import benefits as report

    pf = portfolio(root, as_of)
    chosen = scope(pf, project=project, programme=programme, owner=owner)
    emit(report.build(pf, reporting_date(pf, as_of), chosen), fmt)
