"""One record's timeline through git: the report behind ``pmo history ID``.

:func:`build` turns the versions of a programme, project, milestone, risk, issue, decision
or benefit (:mod:`pmo.versions`: the id as each commit held it) into dated entries, one
per commit that changed it: each forecast move with its days, each rescoring, each budget
change, items added and removed, new updates (for a programme or project, its items'
changes too). For a milestone, and for a programme's or project's end date, it counts the
re-forecasts and the drift since the first date recorded ("re-forecast 4 times, +183
days").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.diff import FieldChange, compare, values, words, work_values
from pmo.records import ITEM_KINDS
from pmo.tabular import Table
from pmo.versions import Version


@dataclass(slots=True)
class Entry:
    """What one commit changed."""

    commit: str
    date: dt.datetime
    changes: list[FieldChange] = field(default_factory=list)
    #: The file holding the id could not be read at this commit (``path@sha``).
    problem: str | None = None


@dataclass(slots=True)
class Drift:
    """How far a date moved over the history: re-forecasts and days since the first."""

    id: str
    title: str
    #: "end" (a programme's or project's) or "due" (a milestone's).
    field: str
    baseline: dt.date
    current: dt.date
    reforecasts: int

    @property
    def days(self) -> int:
        return (self.current - self.baseline).days

    def words(self) -> str:
        times = {1: "re-forecast once"}.get(
            self.reforecasts, f"re-forecast {self.reforecasts} times"
        )
        what = "end" if self.field == "end" else "due"
        if not self.reforecasts:
            return f"{self.title}: {what} {formats.date(self.current, 'short')}, never re-forecast"
        return (
            f"{self.title}: {times}, {formats.shift(self.days)} "
            f"({what} {formats.date(self.baseline, 'short')} → "
            f"{formats.date(self.current, 'short')})"
        )


@dataclass(slots=True)
class Timeline:
    """The history of one id."""

    id: str
    kind: str
    title: str
    record: str
    currency: str
    entries: list[Entry] = field(default_factory=list)
    drifts: list[Drift] = field(default_factory=list)
    #: Id → name of people, programmes and projects.
    people: dict[str, str] = field(default_factory=dict)
    #: Item id → "kind title", for the table's Item column.
    items: dict[str, str] = field(default_factory=dict)

    def name(self, id_: str) -> str:
        """A person's (or programme's, project's) name: its id when unknown."""
        return self.people.get(id_, id_)

    def said(self, changes: list[FieldChange]) -> list[tuple[str, list[str]]]:
        """(item, phrases) for each record or item an entry changed."""
        grouped: dict[str, list[FieldChange]] = {}
        for c in changes:
            grouped.setdefault(c.id if c.kind != "update" else self.id, []).append(c)
        out = []
        for item_id, found in grouped.items():
            item = "" if item_id == self.id else self.items.get(item_id, item_id)
            out.append((item, words(found, self.currency, self.name)))
        return out

    def table(self) -> Table:
        table = Table(
            ["Date", "Commit", "Item", "What changed"],
            title=f"History of {self.kind} {self.id} ({self.title})",
            caption=". ".join(d.words() for d in self.drifts) + ("." if self.drifts else "")
            or f"{formats.plural(len(self.entries), 'commit')} changed it.",
            limits={"Item": 40},
            shrink={"Item": 12, "What changed": 30},
            drop=("Commit", "Item"),
            wrap=frozenset({"What changed"}),
        )
        for e in self.entries:
            day = formats.date(e.date.date(), "iso")
            if e.problem is not None:
                table.add(day, e.commit[:7], "", f"{e.problem} could not be read")
            for item, said in self.said(e.changes):
                for phrase in said:
                    table.add(day, e.commit[:7], item, phrase)
        if not any(str(row[2]) for row in table.rows):
            return table.without({"Item"})  # one item's own history
        return table

    def csv_table(self) -> Table:
        table = Table(["Date", "Commit", "ID", "Kind", "Change", "Field", "Before", "After"])
        from pmo.diff import as_text

        for e in self.entries:
            for c in e.changes:
                table.add(e.date.isoformat(), e.commit, c.id, c.kind, c.change, c.field or "",
                          as_text(c.before), as_text(c.after))  # fmt: skip
        return table

    def data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "record": self.record,
            "entries": [
                {
                    "commit": e.commit,
                    "date": e.date.isoformat(),
                    "problem": e.problem,
                    "changes": [c.as_json() for c in e.changes],
                    "words": ["; ".join(said) for _, said in self.said(e.changes)],
                }
                for e in self.entries
            ],
            "drift": [
                {
                    "id": d.id,
                    "field": d.field,
                    "baseline": d.baseline.isoformat(),
                    "current": d.current.isoformat(),
                    "reforecasts": d.reforecasts,
                    "drift_days": d.days,
                }
                for d in self.drifts
            ],
        }


def _title(item: Any) -> str:
    return str(getattr(item, "title", None) or getattr(item, "name", ""))


def _work_changes(before: Version | None, after: Version) -> list[FieldChange]:
    """A programme's or project's own changes, its items' and its new updates."""
    a, b = before.item if before is not None else None, after.item
    wid = b.id
    out = compare(wid, wid, after.kind or "project", work_values(a) if a else None,
                  work_values(b), b.name)  # fmt: skip
    if a is None:
        return out
    old = {i.id: (k.name, i) for k in ITEM_KINDS for i in getattr(a, k.key)}
    new = {i.id: (k.name, i) for k in ITEM_KINDS for i in getattr(b, k.key)}
    for id_ in [*new, *(i for i in old if i not in new)]:
        ka, ia = old.get(id_, (None, None))
        kb, ib = new.get(id_, (None, None))
        kind = str(kb or ka)
        out += compare(wid, id_, kind, values(kind, ia, after.commit.day) if ia else None,
                       values(kind, ib, after.commit.day) if ib else None,
                       _title(ib or ia))  # fmt: skip
    dated = {u.date for u in a.updates}
    for u in sorted(b.updates, key=lambda u: u.date):
        if u.date not in dated:
            out.append(FieldChange(wid, wid, "update", "added", "updates", None, u.date,
                                   b.name, {"date": u.date, "rag": u.rag}))  # fmt: skip
    return out


def _changes(before: Version | None, after: Version) -> list[FieldChange]:
    if after.kind in ("programme", "project"):
        return _work_changes(before, after)
    assert after.kind is not None and after.holder is not None
    holder = after.holder.id
    day = after.commit.day
    va = values(after.kind, before.item, day) if before is not None else None
    found = compare(holder, after.item.id, after.kind, va, values(after.kind, after.item, day),
                    _title(after.item))  # fmt: skip
    if before is not None and before.holder is not None and before.holder.id != holder:
        found.insert(0, FieldChange(holder, after.item.id, after.kind, "changed", "record",
                                    before.holder.id, holder, _title(after.item)))  # fmt: skip
    return found


def build(
    id_: str,
    versions: list[Version],
    currency: str = "GBP",
    people: dict[str, str] | None = None,
    *,
    since: dt.date | None = None,
) -> Timeline:
    """The timeline of ``id_`` from its versions (oldest first); ``since``: only the
    entries of commits made on or after it (those before are compared with, not shown).
    The drift counts every version given."""
    known = [v for v in versions if v.item is not None]
    latest = known[-1] if known else None
    timeline = Timeline(
        id_,
        latest.kind or "record" if latest else "record",
        _title(latest.item) if latest else id_,
        latest.holder.id if latest and latest.holder else id_,
        currency,
        people=dict(people or {}),
    )
    previous: Version | None = None
    for v in versions:
        if v.problem is not None:
            if since is None or v.commit.day >= since:
                timeline.entries.append(Entry(v.commit.sha, v.commit.time, problem=v.problem))
            continue
        if v.item is None:
            if previous is not None and previous.item is not None:
                holder = previous.holder.id if previous.holder else id_
                kind = previous.kind or "record"
                gone = FieldChange(holder, id_, kind, "removed", title=_title(previous.item))
                if since is None or v.commit.day >= since:
                    timeline.entries.append(Entry(v.commit.sha, v.commit.time, [gone]))
            previous = v
            continue
        if previous is not None and previous.item is v.item:
            continue  # the same content: nothing changed
        base = previous if previous is not None and previous.item is not None else None
        found = _changes(base, v)
        if found and (since is None or v.commit.day >= since):
            timeline.entries.append(Entry(v.commit.sha, v.commit.time, found))
        previous = v
        _name_items(timeline, v)
    timeline.drifts = drifts(known)
    return timeline


def _name_items(timeline: Timeline, v: Version) -> None:
    if v.kind in ("programme", "project"):
        for k in ITEM_KINDS:
            for item in getattr(v.item, k.key):
                timeline.items[item.id] = f"{k.name} {item.title}"
    else:
        timeline.items[v.item.id] = f"{v.kind} {_title(v.item)}"


def _dates(known: list[Version], pick: Any) -> list[dt.date]:
    out: list[dt.date] = []
    for v in known:
        day = pick(v)
        if day is not None and (not out or out[-1] != day):
            out.append(day)
    return out


def drifts(known: list[Version]) -> list[Drift]:
    """The end date's drift (a programme or project) or the due date's (a milestone); for
    a programme or project, also each of its milestones that moved."""
    if not known:
        return []
    latest = known[-1]
    out: list[Drift] = []
    if latest.kind in ("programme", "project"):
        ends = _dates(known, lambda v: v.item.forecast_end or v.item.end)
        firsts = [v.item.end for v in known if v.item.end is not None]
        if ends:
            base = firsts[0] if firsts else ends[0]
            out.append(Drift(latest.item.id, latest.item.name, "end", base, ends[-1],
                             len(ends) - 1))  # fmt: skip
        for m in latest.item.milestones:
            mine = [_milestone(v.item, m.id) for v in known]
            found = [x for x in mine if x is not None]
            dues: list[dt.date] = []
            for x in found:
                if not dues or dues[-1] != x.due:
                    dues.append(x.due)
            if len(dues) > 1:
                out.append(Drift(m.id, m.title, "due", found[0].baseline, dues[-1],
                                 len(dues) - 1))  # fmt: skip
    elif latest.kind == "milestone":
        dues = _dates(known, lambda v: v.item.due)
        out.append(Drift(latest.item.id, latest.item.title, "due", known[0].item.baseline,
                         dues[-1], len(dues) - 1))  # fmt: skip
    return out


def _milestone(work: Any, id_: str) -> Any:
    return next((m for m in work.milestones if m.id == id_), None)
