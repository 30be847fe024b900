"""The loaded portfolio: every record by id, where each came from, and the settings.

Light to import (no YAML parser, no pydantic), so reports on a warm cache start fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo.records import Board, Paper, Person, Programme, Project, Settings, Work


@dataclass(frozen=True, slots=True)
class SourceState:
    """Which state of the repository was read: one commit, or the working tree.

    ``commit`` is the full SHA (None for the working tree), ``date`` the commit's time in
    its committer's offset (None for the working tree); ``as_of`` is the reporting date the
    state was chosen for, when it was chosen by date.
    """

    commit: str | None = None
    date: dt.datetime | None = None
    working_tree: bool = True
    as_of: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        """``{"commit": SHA or null, "date": ISO 8601 or null, "working_tree": bool}``."""
        return {
            "commit": self.commit,
            "date": self.date.isoformat() if self.date is not None else None,
            "working_tree": self.working_tree,
        }


#: Where a record or nested item came from: file (relative to the root) and key path in it.
Origin = tuple[str, tuple[str | int, ...]]


@dataclass(slots=True)
class Portfolio:
    """Every record of a repository, indexed by id, in a stable order (path, then position)."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    programmes: dict[str, Programme] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    boards: dict[str, Board] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    #: Every id (records and nested items: milestones, risks, ...) → its origin.
    origins: dict[str, Origin] = field(default_factory=dict)
    #: Every id → what it names: "programme", "project", "person", "milestone", "risk", ...
    id_kinds: dict[str, str] = field(default_factory=dict)
    #: Nested item id (milestone, risk, issue, decision, benefit) → its programme or project.
    parents: dict[str, str] = field(default_factory=dict)
    #: Relative paths of every record file read.
    files: list[str] = field(default_factory=list)
    #: Which state of the repository this is (a commit, or the working tree).
    source: SourceState = field(default_factory=SourceState)
    #: Programme id → its projects, built when first asked (see :meth:`projects_of`).
    _children: dict[str, list[Project]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _children_of: int = field(default=-1, init=False, repr=False, compare=False)

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The reporting date: the pinned ``as_of`` of pmo.yaml, else ``today``."""
        return self.settings.as_of or today or dt.date.today()

    def work(self) -> Iterator[Work]:
        """Every programme, then every project."""
        yield from self.programmes.values()
        yield from self.projects.values()

    def projects_of(self, programme_id: str) -> list[Project]:
        """The projects of a programme, in portfolio order.

        Indexed once for all programmes (asking for every programme's projects would
        otherwise scan every project each time); built again when projects were added.
        """
        if self._children is None or self._children_of != len(self.projects):
            children: dict[str, list[Project]] = {}
            for p in self.projects.values():
                children.setdefault(p.programme, []).append(p)
            self._children, self._children_of = children, len(self.projects)
        return list(self._children.get(programme_id, ()))

    def find_work(self, id_: str) -> Work | None:
        return self.programmes.get(id_) or self.projects.get(id_)

    def person_name(self, person_id: str | None) -> str:
        """A person's name, or their id when unknown, or "" for nobody."""
        if person_id is None:
            return ""
        person = self.people.get(person_id)
        return person.name if person is not None else person_id

    def owner_of(self, item_id: str) -> Work | None:
        """The programme or project that holds a nested item (milestone, risk, issue, ...)."""
        parent = self.parents.get(item_id)
        return self.find_work(parent) if parent is not None else None

    def summary(self) -> dict[str, Any]:
        return {
            "programmes": len(self.programmes),
            "projects": len(self.projects),
            "people": len(self.people),
            "boards": len(self.boards),
            "papers": len(self.papers),
            "files": len(self.files),
        }
