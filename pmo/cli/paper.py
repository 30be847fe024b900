"""``pmo paper``: a board paper rendered through its template, as of its meeting date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pmo.cli.common import PROBLEMS, RootOption, app, fail, portfolio, repository
from pmo.convert import Target

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to this file (atomically) instead of standard output.",
        dir_okay=False,
    ),
]
ToOption = Annotated[
    Target | None,
    typer.Option(
        "--to",
        help="Convert the markdown with pandoc to docx, html or pdf (needs pandoc; "
        "pdf also needs a LaTeX engine). Default output file: build/ID.EXT in the "
        "repository.",
    ),
]


def render(name: str, context: dict[str, Any], root: Path, currency: str) -> str:
    """Render template ``name``; exit 2 for an unknown template, 1 for a template error."""
    from pmo.templating import TemplateError, TemplateNotFound
    from pmo.templating import render as run

    try:
        return run(name, context, root, currency)
    except TemplateNotFound as exc:
        from pmo.suggest import did_you_mean

        fail(
            f"no template '{exc.name}'{did_you_mean(exc.name, exc.available)}; "
            f"available: {', '.join(exc.available) or 'none'}"
        )
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        raise typer.Exit(PROBLEMS) from None


def deliver(
    text: str, output: Path | None, to: Target | None, default_stem: str, root: Path
) -> None:
    """Write rendered markdown to ``output`` (or standard output), converted ``to`` a format
    (by default to ``build/STEM.EXT`` in the repository at ``root``)."""
    from pmo.cli.output import default_output, write

    if to is None:
        write(text, output)
        return
    from pmo.convert import ConversionError, convert

    try:
        data = convert(text, to)
    except ConversionError as exc:
        fail(str(exc), 2 if exc.missing else PROBLEMS)
    write(data, output or default_output(root, f"{default_stem}.{to.value}"))


@app.command()
def paper(
    paper_id: Annotated[str, typer.Argument(help="The id of a kind: paper record.")],
    output: OutputOption = None,
    to: ToOption = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", help="Render with this template instead of the paper's template:."
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Render a board paper as markdown, every figure computed as of its meeting date.

    The paper's template (default board-paper) comes from the repository's templates/
    folder, else the built-ins. Template errors are reported as PATH:LINE: error:
    template-error MESSAGE (exit 1).

    Example: pmo paper cyp-oss-2010-10 -o build/cyp-oss-2010-10.md
    """
    from pmo.reports.paper import build_paper

    folder = repository(root)
    pf = portfolio(folder)
    if paper_id not in pf.papers:
        from pmo.suggest import did_you_mean

        fail(f"no paper '{paper_id}'{did_you_mean(paper_id, list(pf.papers))}")
    context = build_paper(pf, paper_id)
    name = template or pf.papers[paper_id].template
    text = render(name, {"paper": context, "as_of": context.as_of}, folder, pf.settings.currency)
    deliver(text, output, to, paper_id, folder)
