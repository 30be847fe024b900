"""Which part of the portfolio a report covers: one :class:`Scope`, one :func:`select`.

Every report and command filters the same way: by programme (the programme and its
projects), by project, by a paper's list of ids, by lead (of the work) and by owner (of
an item: a risk, an issue). :func:`select` gives the programmes and projects in scope in
the portfolio's order: programmes as loaded, then projects grouped by their programme.

>>> from pmo.portfolio import Portfolio
>>> from pathlib import Path
>>> Scope(programme="csw", owner="ann").describe()
'programme csw, owner ann'
>>> select(Portfolio(Path(".")), Scope())
[]
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from pmo.portfolio import Portfolio
from pmo.records import Project, Work


def programme_of(work: Work) -> str:
    """The programme a piece of work belongs to (a programme belongs to itself)."""
    return work.programme if isinstance(work, Project) else work.id


@dataclass(frozen=True, slots=True)
class Scope:
    """What to report on; every field left None (or empty) keeps everything."""

    #: A project id: that project only.
    project: str | None = None
    #: A programme id: the programme and its projects.
    programme: str | None = None
    #: A paper's scope: programmes (with all their projects) and single projects.
    ids: tuple[str, ...] = ()
    #: A person id: only work they lead.
    lead: str | None = None
    #: A person id: only items (risks, issues) they own.
    owner: str | None = None

    def holds(self, work: Work) -> bool:
        """Whether a programme or project is in scope."""
        programme = programme_of(work)
        if self.programme is not None and programme != self.programme:
            return False
        if self.project is not None and work.id != self.project:
            return False
        if self.ids and work.id not in self.ids and programme not in self.ids:
            return False
        return self.lead is None or work.lead == self.lead

    def owns(self, owner: str | None) -> bool:
        """Whether an item with this owner is in scope."""
        return self.owner is None or owner == self.owner

    def describe(self) -> str:
        """The scope in words, e.g. ``programme csw, owner ann`` ("" for everything)."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "ids" and value:
                parts.append(", ".join(value))
            elif value is not None and f.name != "ids":
                parts.append(f"{f.name} {value}")
        return ", ".join(parts)


def select(pf: Portfolio, scope: Scope | None = None) -> list[Work]:
    """The programmes and projects in ``scope``: programmes in the order loaded, then
    projects grouped by their programme (projects of an unknown programme last)."""
    scope = scope or Scope()
    programmes: list[Work] = [p for p in pf.programmes.values() if scope.holds(p)]
    position = {pid: i for i, pid in enumerate(pf.programmes)}
    projects = sorted(
        (p for p in pf.projects.values() if scope.holds(p)),
        key=lambda p: position.get(p.programme, len(position)),
    )
    return [*programmes, *projects]


def unknown_ids(pf: Portfolio, scope: Scope) -> tuple[str, str, list[str]] | None:
    """The first id in ``scope`` naming no such record: (option, value, the ids it could be)."""
    checks = (
        ("--project", scope.project, pf.projects),
        ("--programme", scope.programme, pf.programmes),
        ("--lead", scope.lead, pf.people),
        ("--owner", scope.owner, pf.people),
    )
    for option, value, known in checks:
        if value is not None and value not in known:
            return option, value, sorted(known)
    return None
