"""``pmo paper``: a board paper rendered through its template, as of its meeting date."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmo.cli import complete
from pmo.cli.common import PROBLEMS, RootOption, app, fail, portfolio, repository
from pmo.documents import Target

if TYPE_CHECKING:
    from pmo.charts import Chart
    from pmo.documents import Meta
    from pmo.portfolio import Portfolio
    from pmo.records import Paper
    from pmo.reports.paper import PaperContext

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
        help="Write a Word (docx), PDF or self-contained HTML document with charts "
        "instead of markdown. Default output file: build/ID.EXT in the repository.",
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
        from pmo.inert import line

        print(line(str(exc)), file=sys.stderr)
        raise typer.Exit(PROBLEMS) from None


def deliver(
    text: str,
    output: Path | None,
    to: Target | None,
    default_stem: str,
    root: Path,
    meta: Meta | None = None,
    charts: dict[str, Chart] | None = None,
) -> None:
    """Write rendered markdown to ``output`` (or standard output), or the document ``to``
    made of it and its charts (by default to ``build/STEM.EXT`` in the repository)."""
    from pmo.cli.output import default_output, write

    if to is None:
        write(text, output)
        return
    from pmo.documents import Meta, convert

    document = convert(text, to.value, meta or Meta(default_stem), charts or {})
    write(document, output or default_output(root, f"{default_stem}.{to.value}"))


def pictures(charts: dict[str, Chart], to: Target | None, output: Path | None) -> dict[str, str]:
    """What the template places for each chart: a ``chart:`` picture in a document; beside a
    markdown file, an SVG written next to it; on standard output (or a device), nothing
    (Mermaid stays)."""
    from pmo.tabular import md_escape
    from pmo.templating import Md

    if to is not None:
        placed: dict[str, str] = {
            n: Md(f"![{md_escape(c.title)}](chart:{n})") for n, c in charts.items()
        }
        return placed
    from pmo.cli.output import is_stream, write

    if output is None or is_stream(output):  # nothing beside /dev/stdout
        return {}
    from pmo.charts import render

    out: dict[str, str] = {}
    for name, chart in charts.items():
        picture = output.with_name(f"{output.stem}-{name}.svg")
        write(render(chart, "svg"), picture, say=False)
        out[name] = Md(f"![{md_escape(chart.title)}]({picture.name})")
    return out


def reference_document(folder: Path, rel: str) -> Path:
    """A Word reference document of the repository: a regular file inside it, never through
    a link (exit 1 otherwise)."""
    from pathlib import PurePosixPath

    from pmo.source import read_regular

    path = folder / rel
    inside = os.path.realpath(path.parent) + os.sep
    if (
        PurePosixPath(rel).is_absolute()
        or ".." in PurePosixPath(rel).parts
        or not inside.startswith(os.path.realpath(folder) + os.sep)
    ):
        fail(f"the paper's reference document {rel} is not inside the repository", PROBLEMS)
    if not os.path.lexists(path):
        fail(f"the paper's reference document {rel} is not a file in {folder}", PROBLEMS)
    _, problem = read_regular(rel, path)
    if problem is not None:
        fail(f"the paper's reference document {rel}: {problem.message}", PROBLEMS)
    return path


def meta_of(context: PaperContext, folder: Path, reference: str | None) -> Meta:
    """The document's title, classification and header line, and its Word reference."""
    from pmo.documents import Meta
    from pmo.formats import date

    h = context.header
    path = None
    if reference is not None:
        path = reference_document(folder, reference)
    elif os.path.lexists(folder / "templates" / "reference.docx"):
        path = reference_document(folder, "templates/reference.docx")
    return Meta(
        title=h.title,
        classification=h.classification or "Unrestricted",
        subtitle=f"{h.board} – {date(h.meeting)}",
        author=h.author,
        date=h.meeting.isoformat(),
        reference=path,
    )


def previous_state(folder: Path, pf: Portfolio, record: Paper) -> Portfolio | None:
    """The records as they stood at the start of the paper's period, when git holds them
    (else None: the changes come from dated facts alone). Names the working tree's state
    by HEAD's commit when they are the same, so the paper's footnote is the same on the
    day and when rendered again later."""
    from dataclasses import replace

    from pmo.cli.common import warn_errors
    from pmo.history import load_before, settled
    from pmo.load import open_cache
    from pmo.reports.paper import since_of

    pf.source = replace(settled(folder, pf.source), as_of=pf.source.as_of)
    loaded = load_before(folder, since_of(pf, record), store=open_cache(folder))
    if loaded is None:
        return None
    warn_errors(loaded)
    return loaded.portfolio


@app.command()
def paper(
    paper_id: Annotated[
        str,
        typer.Argument(
            help="The id of a kind: paper record.", autocompletion=complete.ids("paper")
        ),
    ],
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
    """Render a board paper, every figure computed as of its meeting date, with its charts.

    Markdown by default (with -o, the charts are written beside it as SVG); --to docx, pdf
    or html writes a document with the charts as pictures. The paper's template (default
    board-paper) comes from the repository's templates/ folder, else the built-ins.
    Template errors are reported as PATH:LINE: error: template-error MESSAGE (exit 1).

    Example: pmo paper cyp-oss-2010-10 -o build/cyp-oss-2010-10.md
    """
    from pmo.charts import build_charts
    from pmo.reports.paper import build_paper

    folder = repository(root)
    pf = portfolio(folder, paper=paper_id)
    if paper_id not in pf.papers:
        from pmo.suggest import did_you_mean

        fail(f"no paper '{paper_id}'{did_you_mean(paper_id, list(pf.papers))}")
    record = pf.papers[paper_id]
    context = build_paper(pf, paper_id, previous_state(folder, pf, record))
    charts = build_charts(context)
    values = {
        "paper": context,
        "as_of": context.as_of,
        "target": to.value if to is not None else "md",
        "charts": pictures(charts, to, output),
    }
    text = render(template or record.template, values, folder, pf.settings.currency)
    meta = meta_of(context, folder, record.reference) if to is not None else None
    deliver(text, output, to, paper_id, folder, meta, charts)
