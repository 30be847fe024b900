"""``pmo report``: any template rendered as the portfolio stood on the reporting date."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pmo.cli import complete
from pmo.cli.common import AsOfOption, RootOption, app, fail, portfolio, reporting_date, repository
from pmo.cli.paper import OutputOption, ToOption, deliver, render


@app.command()
def report(
    template: Annotated[
        str,
        typer.Argument(
            help="A template: highlight, risk-register, status, or one in the "
            "repository's templates/ folder."
        ),
    ],
    id_: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="highlight: a project (or programme); status and risk-register: a "
            "programme or project to limit the report to; a paper id gives templates "
            "the paper too.",
            autocompletion=complete.ids("programme", "project", "paper"),
        ),
    ] = None,
    output: OutputOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Render a report through a template, as the portfolio stood on the reporting date.

    Templates get: as_of, name (the portfolio's), id, status (the dashboard), register
    (the risk register), highlight (for a programme or project ID) and paper (for a
    paper ID). See docs/reference.md, "Templates", for the fields and filters.

    Example: pmo report highlight csw-adults --as-of 2010-10-20
    """
    from pmo.reports import highlight, risks, status
    from pmo.scope import Scope

    folder = repository(root)
    pf = portfolio(folder, as_of)
    day = reporting_date(pf, as_of)
    context: dict[str, Any] = {
        "as_of": day,
        "name": pf.settings.name,
        "id": id_,
        "target": to.value if to is not None else "md",
    }
    scope = Scope()
    if id_ is not None:
        work = pf.find_work(id_)
        if work is not None:
            scope = Scope(programme=id_) if id_ in pf.programmes else Scope(project=id_)
            context["highlight"] = highlight.build(pf, work, day)
        elif id_ in pf.papers:
            from pmo.cli.paper import previous_state
            from pmo.reports.paper import build_paper

            context["paper"] = build_paper(pf, id_, previous_state(folder, pf, pf.papers[id_]))
        else:
            from pmo.suggest import did_you_mean

            known = [*pf.programmes, *pf.projects, *pf.papers]
            fail(f"no programme, project or paper '{id_}'{did_you_mean(id_, known)}")
    if template == "highlight" and "highlight" not in context:
        fail("the highlight report needs a project id, e.g. pmo report highlight csw-adults")
    context["status"] = status.build(pf, day, scope)
    context["register"] = risks.build(pf, day, scope)
    text = render(template, context, folder, pf.settings.currency)
    deliver(text, output, to, f"{template}-{id_}" if id_ else template, folder)
