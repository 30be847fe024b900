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
    pass

PANDOC_HELP = (
    "pandoc is not installed; install it with `apt-get install pandoc` (or `brew install "
    "pandoc`) or from https://pandoc.org/installing.html, or omit --to to get markdown"
)


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
        help="Convert the markdown with pandoc to docx, html or pdf (needs pandoc; "
        "pdf also needs a LaTeX engine). Default output file: ID.EXT.",
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


#: Replaces every image by its description, so a conversion reads no local or remote file.
_NO_IMAGES_LUA = "function Image(el) return el.caption end\n"


def convert(markdown: str, target: Target, out: Path) -> None:
    """Convert markdown with pandoc into ``out`` (atomically); exit 2 without pandoc.

    Pandoc runs with ``--sandbox`` (it reads and fetches nothing but its input). Pandoc
    releases before 3 cannot find their own data files under ``--sandbox`` for some formats
    (docx); for those the conversion is run again without it, with a filter that drops every
    image (keeping its description), so nothing outside the paper is read either way.
    """
    import shutil
    import subprocess
    import tempfile

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        fail(PANDOC_HELP)
    folder = out.parent if str(out.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.stem}.", suffix=f".{target.value}")
    os.close(fd)
    command = [pandoc, "--from", "gfm", "--output", tmp]
    if target is not Target.pdf:  # pandoc picks the PDF route from the file name
        command[1:1] = ["--to", target.value, "--standalone"]
    source = markdown.encode("utf-8")
    try:
        done = subprocess.run([*command, "--sandbox"], input=source, capture_output=True)
        detail = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 and "Could not find data file" in detail:
            with tempfile.TemporaryDirectory() as scratch:
                lua = Path(scratch, "no-images.lua")
                lua.write_text(_NO_IMAGES_LUA, encoding="utf-8")
                done = subprocess.run(
                    [*command, "--lua-filter", str(lua)], input=source, capture_output=True
                )
            detail = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            fail(f"pandoc could not convert to {target.value}: {detail}", PROBLEMS)
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _emit(text: str, output: Path | None, to: Target | None, default_stem: str) -> None:
    if to is not None:
        out = output or Path(f"{default_stem}.{to.value}")
        convert(text, to, out)
        print(f"pmo: wrote {out}", file=sys.stderr)
    elif output is not None:
        write_atomic(output, text.encode("utf-8"))
        print(f"pmo: wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


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
    pf = portfolio(folder, paper=paper_id)
    if paper_id not in pf.papers:
        from pmo.model import did_you_mean

        fail(f"no paper '{paper_id}'{did_you_mean(paper_id, list(pf.papers))}")
    context = build_paper(pf, paper_id)
    name = template or pf.papers[paper_id].template
    text = _render(name, {"paper": context, "as_of": context.as_of}, folder)
    _emit(text, output, to, paper_id)


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
    pf = portfolio(folder, as_of)
    day = reporting_date(pf, as_of)
    context: dict[str, Any] = {"as_of": day, "name": pf.settings.name, "id": id_}
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
