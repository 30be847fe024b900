"""``pmo paper`` and ``pmo report``: board papers and reports rendered through templates."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmo.cli.common import (
    PROBLEMS,
    AsOfOption,
    RootOption,
    app,
    fail,
    portfolio,
    reporting_date,
    repository,
)

if TYPE_CHECKING:
    from pmo.charts import Chart
    from pmo.documents import Meta
    from pmo.reports.paper import PaperContext


class Target(StrEnum):
    docx = "docx"
    html = "html"
    pdf = "pdf"


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
        "instead of markdown. Default output file: ID.EXT.",
    ),
]


def _render(name: str, context: dict[str, Any], root: Path) -> str:
    from pmo.templating import TemplateError, TemplateNotFound, render

    try:
        return render(name, context, root)
    except TemplateNotFound as exc:
        from pmo.model import did_you_mean

        fail(
            f"no template '{exc.name}'{did_you_mean(exc.name, exc.available)}; "
            f"available: {', '.join(exc.available) or 'none'}"
        )
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        raise typer.Exit(PROBLEMS) from None


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _umask_mode())  # mkstemp makes 0600; a paper is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def convert(markdown: str, target: Target, out: Path, meta: Meta, charts: dict[str, Chart]) -> None:
    """Write the document ``target`` of ``markdown`` and its charts to ``out`` (atomically)."""
    from pmo.documents import convert as to_document

    write_atomic(out, to_document(markdown, target.value, meta, charts))


def _emit(
    text: str,
    output: Path | None,
    to: Target | None,
    default_stem: str,
    meta: Meta | None = None,
    charts: dict[str, Chart] | None = None,
) -> None:
    if to is not None:
        from pmo.documents import Meta

        out = output or Path(f"{default_stem}.{to.value}")
        convert(text, to, out, meta or Meta(default_stem), charts or {})
        print(f"pmo: wrote {out}", file=sys.stderr)
    elif output is not None:
        write_atomic(output, text.encode("utf-8"))
        print(f"pmo: wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _pictures(charts: dict[str, Chart], to: Target | None, output: Path | None) -> dict[str, str]:
    """What the template places for each chart: a ``chart:`` picture in a document; beside a
    markdown file, an SVG written next to it; on standard output, nothing (Mermaid stays)."""
    from pmo.templating import Md

    if to is not None:
        placed: dict[str, str] = {n: Md(f"![{c.title}](chart:{n})") for n, c in charts.items()}
        return placed
    if output is None:
        return {}
    from pmo.charts import render

    out: dict[str, str] = {}
    for name, chart in charts.items():
        picture = output.with_name(f"{output.stem}-{name}.svg")
        write_atomic(picture, render(chart, "svg"))
        out[name] = Md(f"![{chart.title}]({picture.name})")
    return out


def _meta(context: PaperContext, folder: Path, reference: str | None) -> Meta:
    from pmo.documents import Meta
    from pmo.templating import date

    h = context.header
    path = None
    if reference is not None:
        path = folder / reference
        if not path.is_file():
            fail(f"the paper's reference document {reference} is not a file in {folder}", PROBLEMS)
    elif (folder / "templates" / "reference.docx").is_file():
        path = folder / "templates" / "reference.docx"
    return Meta(
        title=h.title,
        classification=h.classification or "Unrestricted",
        subtitle=f"{h.board} – {date(h.meeting)}",
        author=h.author,
        date=h.meeting.isoformat(),
        reference=path,
    )


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
    """Render a board paper, every figure computed as of its meeting date, with its charts.

    Markdown by default (with -o, the charts are written beside it as SVG); --to docx, pdf
    or html writes a document with the charts as pictures. The paper's template (default
    board-paper) comes from the repository's templates/ folder, else the built-ins.
    Template errors are reported as PATH:LINE: error: template-error MESSAGE (exit 1).

    Example: pmo paper cyp-oss-2010-10 -o build/cyp-oss-2010-10.md
    """
    from pmo.reports.paper import build_paper

    folder = repository(root)
    pf = portfolio(folder)
    if paper_id not in pf.papers:
        from pmo.model import did_you_mean

        fail(f"no paper '{paper_id}'{did_you_mean(paper_id, list(pf.papers))}")
    from pmo.charts import build_charts

    record = pf.papers[paper_id]
    context = build_paper(pf, paper_id)
    charts = build_charts(context)
    values = {
        "paper": context,
        "as_of": context.as_of,
        "target": to.value if to is not None else "md",
        "charts": _pictures(charts, to, output),
    }
    text = _render(template or record.template, values, folder)
    meta = _meta(context, folder, record.reference) if to is not None else None
    _emit(text, output, to, paper_id, meta, charts)


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
    paper ID). See README, "Templates", for the fields and filters.

    Example: pmo report highlight csw-adults --as-of 2010-10-20
    """
    from pmo.reports.highlight import build_highlight
    from pmo.reports.risks import build_register
    from pmo.reports.status import build

    folder = repository(root)
    pf = portfolio(folder)
    day = reporting_date(pf, as_of)
    context: dict[str, Any] = {
        "as_of": day,
        "name": pf.settings.name,
        "id": id_,
        "target": to.value if to is not None else "md",
    }
    programme = project = None
    if id_ is not None:
        if id_ in pf.programmes:
            programme = id_
        elif id_ in pf.projects:
            project = id_
        elif id_ in pf.papers:
            from pmo.reports.paper import build_paper

            context["paper"] = build_paper(pf, id_)
        else:
            from pmo.model import did_you_mean

            known = [*pf.programmes, *pf.projects, *pf.papers]
            fail(f"no programme, project or paper '{id_}'{did_you_mean(id_, known)}")
    if programme or project:
        context["highlight"] = build_highlight(pf, programme or project or "", day)
    elif template == "highlight":
        fail("the highlight report needs a project id, e.g. pmo report highlight csw-adults")
    status = build(pf, day, programme=programme)
    if project is not None:
        status.programmes = []
        status.projects = [r for r in status.projects if r.id == project]
    context["status"] = status
    context["register"] = build_register(pf, day, project=project, programme=programme)
    text = _render(template, context, folder)
    _emit(text, output, to, f"{template}-{id_}" if id_ else template)
