"""What moved between two states of the records: the report behind ``pmo changes``.

:func:`build` compares two loaded portfolios (two commits, or a commit and the working
tree; see :mod:`pmo.history`) and nothing in between: every programme, project and nested
item is matched by id, whichever file holds it, and each is added, removed, or changed in
some of its fields (:mod:`pmo.diff`). A programme's or project's declared and derived
ratings are compared as each state rated it on its own date. The changes are grouped by
programme and project, in the order of the later state.

>>> # build(before, after, since, until, Scope(programme="csw")).data()["changes"][0]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.diff import FieldChange, as_text, compare, values, words, work_values
from pmo.portfolio import Portfolio, SourceState
from pmo.rag import rate
from pmo.records import ITEM_KINDS, Work
from pmo.scope import Scope, programme_of, select
from pmo.tabular import Table


@dataclass(slots=True)
class Group:
    """The changes of one record or item (a programme, a project, a milestone...)."""

    record: str
    id: str
    kind: str
    title: str
    changes: list[FieldChange]


@dataclass(slots=True)
class ChangesReport:
    """What moved between the state on ``since`` and the state on ``until``."""

    since: dt.date
    until: dt.date
    since_source: SourceState
    until_source: SourceState
    currency: str
    changes: list[FieldChange] = field(default_factory=list)
    #: Programme or project id → (its name, its programme's id).
    works: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Programme id → its name.
    programmes: dict[str, str] = field(default_factory=dict)
    #: Person id → name (either state).
    people: dict[str, str] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)
    #: Files that could not be read in one state (``path@commit``): what they hold is left out.
    unreadable: list[str] = field(default_factory=list)

    def groups(self) -> list[Group]:
        """The changes of each record or item, in report order."""
        out: dict[str, Group] = {}
        for c in self.changes:
            group = out.get(c.id)
            if group is None:
                group = out[c.id] = Group(c.record, c.id, c.kind, c.title, [])
            group.changes.append(c)
        return list(out.values())

    def words(self, group: Group) -> list[str]:
        """A group's changes in words (names for people, money in the currency)."""
        return words(group.changes, self.currency, self.name)

    def name(self, id_: str) -> str:
        """A person's, programme's or project's name (its id when unknown)."""
        found = self.people.get(id_)
        if found is None:
            found = self.works[id_][0] if id_ in self.works else id_
        return found

    def programme_of(self, record: str) -> str:
        return self.works.get(record, (record, record))[1]

    def table(self) -> Table:
        return changes_table(self)

    def csv_table(self) -> Table:
        return changes_csv_table(self)

    def data(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "changes": [c.as_json() for c in self.changes],
            "sources": {"since": self.since_source.as_json(), "until": self.until_source.as_json()},
            "source": self.until_source.as_json(),
        }


def _ratings(w: Work, pf: Portfolio, on: dt.date) -> tuple[str | None, str | None]:
    rating = rate(w, pf, on)
    return rating.declared, rating.derived


def _items(work: Iterable[Work]) -> dict[str, tuple[str, str, Any]]:
    """Every nested item of ``work``: id → (kind, holder id, the item)."""
    out: dict[str, tuple[str, str, Any]] = {}
    for w in work:
        for kind in ITEM_KINDS:
            for item in getattr(w, kind.key):
                out.setdefault(item.id, (kind.name, w.id, item))
    return out


def _item_ids(work: Work | None) -> list[str]:
    return [item.id for kind in ITEM_KINDS for item in getattr(work, kind.key)] if work else []


def build(
    before: Portfolio,
    after: Portfolio,
    since: dt.date,
    until: dt.date,
    scope: Scope | None = None,
    *,
    ratings: bool = True,
) -> ChangesReport:
    """What moved from ``before`` (the records as they stood on ``since``) to ``after``
    (on ``until``), for the work in ``scope`` in either state.

    ``ratings``: compare each programme's and project's declared and derived ratings too
    (as each state rated it on its own date). The report's sources are the two portfolios'.
    """
    scope = scope or Scope()
    old = {w.id: w for w in select(before, scope)}
    new = {w.id: w for w in select(after, scope)}
    report = ChangesReport(
        since, until, before.source, after.source, after.settings.currency, scope=scope
    )
    for pf in (before, after):
        report.people.update({pid: p.name for pid, p in pf.people.items()})
        report.programmes.update({pid: p.name for pid, p in pf.programmes.items()})
        for w in pf.work():
            report.works[w.id] = (w.name, programme_of(w))
    old_items, new_items = _items(old.values()), _items(new.values())
    changes: list[FieldChange] = []
    for wid in [*new, *(wid for wid in old if wid not in new)]:
        a, b = old.get(wid), new.get(wid)
        kind = "programme" if wid in (after.programmes if b else before.programmes) else "project"
        rated = ratings and a is not None and b is not None
        va = vb = None
        if a is not None:
            va = work_values(a, _ratings(a, before, since) if rated else None)
        if b is not None:
            vb = work_values(b, _ratings(b, after, until) if rated else None)
        changes += compare(wid, wid, kind, va, vb, (b or a).name)  # type: ignore[union-attr]
        if a is not None and a == b:  # unchanged: only what the dates move can differ
            ids = [x.id for x in a.benefits if any(since < r.date <= until for r in x.realised)]
        else:
            ids = [*_item_ids(b), *(i for i in _item_ids(a) if i not in new_items)]
        for id_ in ids:
            changes += _item_changes(id_, old_items.get(id_), new_items.get(id_), since, until)
    report.changes = _readable(changes, before, after, report.unreadable)
    return report


def _unusable(pf: Portfolio) -> set[str]:
    """Files read that gave no record (their problems were printed when loaded)."""
    used = {rel for rel, _ in pf.origins.values()}
    return {rel for rel in pf.files if rel not in used}


def _label(pf: Portfolio, rel: str) -> str:
    commit = pf.source.commit
    return f"{rel}@{commit[:7]}" if commit is not None else rel


def _readable(
    changes: list[FieldChange], before: Portfolio, after: Portfolio, unreadable: list[str]
) -> list[FieldChange]:
    """Leave out what seems added only because its file could not be read before (or
    removed, after): the file's path is listed in ``unreadable`` instead."""
    lost_before, lost_after = _unusable(before), _unusable(after)
    if not lost_before and not lost_after:
        return changes
    kept = []
    for c in changes:
        if c.change == "added" and (rel := after.origins.get(c.id, ("", ()))[0]) in lost_before:
            label = _label(before, rel)
        elif c.change == "removed" and (rel := before.origins.get(c.id, ("", ()))[0]) in lost_after:
            label = _label(after, rel)
        else:
            kept.append(c)
            continue
        if label not in unreadable:
            unreadable.append(label)
    return kept


def _item_changes(
    id_: str,
    old: tuple[str, str, Any] | None,
    new: tuple[str, str, Any] | None,
    since: dt.date,
    until: dt.date,
) -> list[FieldChange]:
    """An item's changes; one that moved to another programme or project says so first."""
    kind, holder, item = new if new is not None else old  # type: ignore[misc]
    va = values(kind, old[2], since) if old is not None else None
    vb = values(kind, new[2], until) if new is not None else None
    found = compare(holder, id_, kind, va, vb, item.title)
    if old is not None and new is not None and old[1] != new[1]:
        moved = FieldChange(
            holder, id_, kind, "changed", "record", old[1], new[1], item.title, vb or {}
        )
        found.insert(0, moved)
    return found


# --- rendering ---------------------------------------------------------------------------


def _period(report: ChangesReport) -> str:
    return f"{formats.date(report.since)} to {formats.date(report.until)}"


def _state(source: SourceState) -> str:
    if source.commit is None:
        return "the working tree" if source.working_tree else "no records (before the first commit)"
    when = formats.date(source.date.date(), "short") if source.date is not None else ""
    return f"commit {source.commit[:7]} ({when})"


def changes_table(report: ChangesReport) -> Table:
    """The changes for reading: a section per programme, a row per record or item."""
    scope = report.scope.describe()
    table = Table(
        ["Work", "Item", "What changed"],
        title=f"Changes from {_period(report)}" + (f" ({scope})" if scope else ""),
        caption=(
            f"{formats.plural(len(report.groups()), 'record or item', 'records or items')} "
            f"changed. Read: {_state(report.since_source)} and {_state(report.until_source)}."
        ),
        limits={"Work": 28, "Item": 40},
        shrink={"Work": 10, "Item": 16, "What changed": 30},
        drop=("Work",),
        wrap=frozenset({"What changed"}),
    )
    section = None
    for group in _sorted(report):
        programme = report.programme_of(group.record)
        if programme != section:
            section = programme
            table.section(report.programmes.get(programme, programme))
        work = report.works.get(group.record, (group.record, ""))[0]
        item = "" if group.kind in ("programme", "project") else f"{group.kind} {group.title}"
        for said in report.words(group):
            table.add(work, item, said)
    return table


def _sorted(report: ChangesReport) -> list[Group]:
    """Groups by programme (in the order first met), the programme's own first."""
    groups = report.groups()
    order: dict[str, int] = {}
    for g in groups:
        order.setdefault(report.programme_of(g.record), len(order))
    return sorted(
        groups,
        key=lambda g: (
            order[report.programme_of(g.record)],
            g.record != report.programme_of(g.record),
        ),
    )


def changes_csv_table(report: ChangesReport) -> Table:
    """One row per change, values as JSON carries them, and the change in words."""
    table = Table(
        ["Programme", "Record", "ID", "Kind", "Change", "Field", "Before", "After", "In words"]
    )
    for group in _sorted(report):
        for change in group.changes:
            told = words([change], report.currency, report.name)
            table.add(
                report.programme_of(group.record),
                change.record,
                change.id,
                change.kind,
                change.change,
                change.field or "",
                as_text(change.before),
                as_text(change.after),
                "; ".join(told),
            )
    return table
