"""``pmo changes``: what moved between two states of the records in git."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmo.cli.common import (
    ProgrammeOption,
    ProjectOption,
    RootOption,
    app,
    fail,
    note_at_end,
    repository,
    unknown,
    warn_errors,
)
from pmo.cli.output import BomOption, Format, TableFormat, emit, read_from

if TYPE_CHECKING:
    from pmo.cache import Store
    from pmo.history import State
    from pmo.portfolio import Portfolio
    from pmo.scope import Scope

#: Without a paper before --until, --since defaults to this many days before it.
DEFAULT_DAYS = 30

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="The earlier state: a date (YYYY-MM-DD: the records as they stood that day) or "
        "a revision (branch, tag or commit); default: the latest paper's meeting before "
        "--until, else 30 days before it.",
        metavar="DATE|REV",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="The later state: a date or a revision; default: as_of in pmo.yaml, else today "
        "(the working tree).",
        metavar="DATE|REV",
    ),
]


def state(root: Path, point: str, option: str, store: Store | None) -> State:
    """The records at ``point`` (a date or a revision); exit 2 when there is no such state."""
    from pmo.cli.common import parse_as_of
    from pmo.history import NoHistory, RevisionNotFound, parse_point, state_at, state_on

    try:
        if parse_point(point) is not None or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", point):
            try:
                day = parse_as_of(point)
            except typer.BadParameter as exc:
                fail(f"{option} {exc.message}")
            assert day is not None
            return state_on(root, day, store=store)
        return state_at(root, point, store=store)
    except (NoHistory, RevisionNotFound) as exc:
        fail(f"{option} {point}: {exc}" if isinstance(exc, NoHistory) else f"{option} {exc}")


def default_since(pf: Portfolio, until: dt.date) -> tuple[dt.date, str]:
    """The latest paper's meeting before ``until``, else :data:`DEFAULT_DAYS` before it."""
    earlier = [p for p in pf.papers.values() if p.meeting < until]
    if earlier:
        latest = max(earlier, key=lambda p: (p.meeting, p.id))
        return latest.meeting, f"since paper {latest.id} ({latest.meeting})"
    return until - dt.timedelta(days=DEFAULT_DAYS), f"since {DEFAULT_DAYS} days before"


def chosen_scope(
    before: Portfolio, after: Portfolio, project: str | None, programme: str | None
) -> Scope:
    """The scope the options name, in either state; exit 2 for an id neither holds."""
    from pmo.scope import Scope

    for option, value, kind in (("--project", project, "projects"),
                                ("--programme", programme, "programmes")):  # fmt: skip
        if value is None:
            continue
        known = {**getattr(before, kind), **getattr(after, kind)}
        if value not in known:
            other = "programmes" if kind == "projects" else "projects"
            if value in getattr(after, other) or value in getattr(before, other):
                fail(f"{option} {value}: that is a {other[:-1]}; "
                     f"use --{other[:-1]} {value}")  # fmt: skip
            unknown(option, value, sorted(known), kind[:-1])
    return Scope(project=project, programme=programme)


@app.command()
def changes(
    since: SinceOption = None,
    until: UntilOption = None,
    programme: ProgrammeOption = None,
    project: ProjectOption = None,
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
    root: RootOption = None,
) -> None:
    """What moved between two states of the records in git: milestones re-forecast (with
    the days moved), risks rescored, budgets, benefit targets, ratings, items added,
    closed and removed, grouped by programme and project.

    Only the two states are read, whatever lies between. A date reads the records as they
    stood that day (the last commit on or before it; today or later, the working tree); a
    revision reads that commit.

    Example: pmo changes --since 2024-07-31 --programme csw
    """
    from pmo.load import open_cache, settings_of
    from pmo.reports import changes as report

    where = repository(root)
    store = open_cache(where)
    if until is None:  # the reporting date: as_of pinned in pmo.yaml, else today
        until = (settings_of(where, store).as_of or dt.date.today()).isoformat()
    after = state(where, until, "--until", store)
    if since is None:
        day, why = default_since(after.portfolio, after.day)
        before = state(where, day.isoformat(), "--since", store)
        note_at_end(f"changes {why} ({day} to {after.day})")
    else:
        before = state(where, since, "--since", store)
    if before.day > after.day:
        fail(f"--since {since} ({before.day}) is after --until ({after.day})")
    for s in (before, after):
        for note in s.notes:
            note_at_end(note)
        warn_errors(s.loaded)
    if store is not None:
        store.save()
    chosen = chosen_scope(before.portfolio, after.portfolio, project, programme)
    result = report.build(before.portfolio, after.portfolio, before.day, after.day, chosen)
    for label in result.unreadable:
        note_at_end(f"{label} could not be read; the records it holds are left out")
    read_from(after.portfolio.source)
    emit(result, fmt, bom=bom)
