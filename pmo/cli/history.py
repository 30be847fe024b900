"""``pmo history ID``: one record's timeline from the commits that changed it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pmo.cli import complete
from pmo.cli.common import RootOption, app, fail, note_at_end, parse_as_of, repository
from pmo.cli.output import BomOption, Format, TableFormat, emit, read_from

#: What ``pmo history`` follows.
FOLLOWED = ("programme", "project", "milestone", "risk", "issue", "decision", "benefit")


@app.command()
def history(
    record_id: Annotated[
        str,
        typer.Argument(
            help="The id of a programme, project, milestone, risk, issue, decision or benefit.",
            metavar="ID",
            autocompletion=complete.ids(*FOLLOWED),
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only commits made on or after this date.", metavar="DATE"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only commits made on or before this date.", metavar="DATE"),
    ] = None,
    fmt: TableFormat = Format.table,
    bom: BomOption = False,
    root: RootOption = None,
) -> None:
    """A record's timeline from the commits that changed it: each forecast move with its
    days, each rescoring, each budget change, items added and removed, new updates, dated
    by commit; for a milestone, and a programme's or project's end date, how many times it
    was re-forecast and how far it has drifted since first recorded.

    Commits on the current branch (first-parent) are read; uncommitted edits are not.

    Example: pmo history csw-adults-m1
    """
    from pmo.history import RevisionNotFound
    from pmo.load import load, open_cache
    from pmo.portfolio import SourceState
    from pmo.reports import timeline
    from pmo.versions import versions

    where = repository(root)
    first, last = _day(since, "--since"), _day(until, "--until")
    store = open_cache(where)
    now = load(where, store=store, save=False).portfolio
    kind = now.id_kinds.get(record_id)
    if kind is not None and kind not in FOLLOWED:
        fail(f"{record_id} is a {kind}; pmo history follows programmes, projects and their "
             "milestones, risks, issues, decisions and benefits")  # fmt: skip
    hint = now.origins[record_id][0] if record_id in now.origins else None
    try:
        found = versions(where, record_id, until=last, hint=hint, store=store)
    except RevisionNotFound as exc:
        message = str(exc).removeprefix("HEAD: ")
        fail(f"pmo history reads the records' git history: {message}")
    if store is not None:
        store.save()
    when = " in the commits asked for" if since or until else " in any commit"
    if not any(v.item is not None for v in found):
        if kind is None:
            from pmo.suggest import did_you_mean

            ids = [i for i, k in now.id_kinds.items() if k in FOLLOWED]
            fail(f"no programme, project or item '{record_id}' now or in any commit"
                 f"{did_you_mean(record_id, ids)}")  # fmt: skip
        fail(f"{record_id} is not in the records{when}; commit it first", 1)
    people = {w.id: w.name for w in now.work()}
    people.update({pid: p.name for pid, p in now.people.items()})
    result = timeline.build(record_id, found, now.settings.currency, people, since=first)
    # Nothing in the window, not even its removal: say so rather than show nothing.
    window = [v for v in found if first is None or v.commit.day >= first]
    if not result.entries and not any(v.item is not None for v in window):
        fail(f"{record_id} is not in the records{when}; commit it first", 1)
    _shallow_note(where)
    tip = found[-1].commit
    read_from(SourceState(tip.sha, tip.time, False))
    emit(result, fmt, bom=bom)


def _day(value: str | None, option: str) -> dt.date | None:
    try:
        return parse_as_of(value)
    except typer.BadParameter as exc:
        fail(f"{option} {exc.message}")


def _shallow_note(where: Path) -> None:
    from pmo.git import GitError, find

    try:
        repo = find(where)
    except GitError:
        return
    if repo is not None and repo.shallow:
        note_at_end(
            "this is a shallow clone: the history shown starts at its oldest commit "
            "(fetch the full history: git fetch --unshallow)"
        )
