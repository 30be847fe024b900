"""``pmo site``: the dashboard site the board can open, as static HTML in a folder."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmo.cli.common import (
    PROBLEMS,
    AsOfOption,
    RootOption,
    app,
    fail,
    note_at_end,
    portfolio,
    reporting_date,
    repository,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from pmo.portfolio import Portfolio
    from pmo.records import Paper


@app.command()
def site(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the site into this folder (new, empty, or an earlier pmo site). "
            "Default: build/site in the repository.",
            file_okay=False,
            metavar="DIR",
        ),
    ] = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Write the portfolio as a static site for the board: status with filters, a page per
    programme and project (ratings and every reason, milestone timeline, risks, issues,
    decisions, budget, benefits, rating history), the risk register and heat map,
    milestones, issues, decisions, benefits, changes since the last paper, and every board
    paper (as of its meeting, with its charts).

    The pages open from the folder (file://) or any static host, with no server and nothing
    fetched. Rebuilding into the same folder redraws only the charts that changed and
    removes the pages of work that is gone.

    Example: pmo site -o build/site --as-of 2010-10-20
    """
    from pmo.cli.output import default_output
    from pmo.site import SiteError, build
    from pmo.site.data import SiteData

    folder = repository(root)
    pf = portfolio(folder, as_of)
    day = reporting_date(pf, as_of)
    out = output if output is not None else default_output(folder, "site")
    data = SiteData(pf, day, root=folder, paper_portfolio=_papers_as_they_stood(folder, pf))
    try:
        built = build(data, out)
    except SiteError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the site in {out}: {exc.strerror or exc}", PROBLEMS)
    for problem in data.problems:
        print(problem, file=sys.stderr)
    removed = f", removed {len(built.removed)} gone" if built.removed else ""
    print(
        f"pmo: wrote {len(built.pages)} pages and {len(built.charts)} charts "
        f"({built.drawn} drawn){removed} in {out}; open {out / 'index.html'}",
        file=sys.stderr,
    )
    if data.problems:
        raise typer.Exit(PROBLEMS)


def _papers_as_they_stood(folder: Path, current: Portfolio) -> Callable[[Paper], Portfolio]:
    """Each paper's portfolio as ``pmo paper`` reads it: the records as they stood on its
    meeting (once per meeting date; the site's own records when they are the same)."""
    from pmo.history import resolve
    from pmo.load import load, open_cache

    today = dt.date.today()
    seen: dict[dt.date, Portfolio] = {}
    said: set[str] = set()

    def portfolio_of(paper: Paper) -> Portfolio:
        day = paper.meeting
        if day not in seen:
            found = current
            if day < today:
                resolution = resolve(folder, day, today)
                for note in resolution.notes:
                    if note not in said:
                        said.add(note)
                        note_at_end(note)
                state = resolution.source.state
                if not (state.working_tree and current.source.working_tree) and (
                    state.commit != current.source.commit
                ):
                    store = open_cache(folder)
                    found = load(folder, source=resolution.source, store=store).portfolio
            seen[day] = found
        pf = seen[day]
        if paper.id not in pf.papers:  # written after its meeting's commit
            pf.papers[paper.id] = paper
        return pf

    return portfolio_of
