"""What each kind of sheet can hold: its fields, how each cell is read, which are required.

A field is a key of the records format (``title``, ``likelihood``), a part of one
(``inherent_likelihood`` → ``inherent.likelihood``, ``approved`` → ``budget.approved``),
``project`` (the owning programme or project), or a column the sheet derives itself
(``score``, ``band``), which is checked and never imported.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The kinds ``pmo import --kind`` takes, each with the item kind and list key it writes.
KINDS: dict[str, tuple[str, str]] = {
    "projects": ("project", ""),
    "updates": ("update", "updates"),
    "milestones": ("milestone", "milestones"),
    "risks": ("risk", "risks"),
    "issues": ("issue", "issues"),
    "decisions": ("decision", "decisions"),
    "benefits": ("benefit", "benefits"),
}


@dataclass(frozen=True, slots=True)
class Field:
    """How a cell of this field is read (a parser name of :mod:`values`) and what it is."""

    parser: str
    required: bool = False
    #: Derived by the sheet (a score, a band, a state): checked or skipped, never imported.
    derived: bool = False


def _f(parser: str, required: bool = False) -> Field:
    return Field(parser, required)


_DERIVED = Field("text", derived=True)
_ITEM = {"id": _f("id"), "ref": _f("text"), "project": _f("work")}

FIELDS: dict[str, dict[str, Field]] = {
    "risks": {
        **_ITEM,
        "title": _f("text", True),
        "description": _f("text"),
        "owner": _f("person", True),
        "category": _f("text"),
        "likelihood": _f("likelihood", True),
        "impact": _f("impact", True),
        "score": Field("number", derived=True),
        "band": _DERIVED,
        "inherent_likelihood": _f("likelihood"),
        "inherent_impact": _f("impact"),
        "target_likelihood": _f("likelihood"),
        "target_impact": _f("impact"),
        "response": _f("response"),
        "proximity": _f("date"),
        "raised": _f("date"),
        "review": _f("date"),
        "status": _f("status"),
        "closed": _f("date"),
        "actions": _f("actions"),
    },
    "issues": {
        **_ITEM,
        "title": _f("text", True),
        "description": _f("text"),
        "owner": _f("person"),
        "raised": _f("date"),
        "priority": _f("priority"),
        "status": _f("status"),
        "closed": _f("date"),
        "resolution": _f("text"),
        "age": _DERIVED,
    },
    "milestones": {
        **_ITEM,
        "title": _f("text", True),
        "description": _f("text"),
        "baseline": _f("date", True),
        "forecast": _f("date"),
        "actual": _f("date"),
        "owner": _f("person"),
        "depends_on": _f("ids"),
        "gate": _f("bool"),
        "state": _DERIVED,
        "slip": _DERIVED,
    },
    "decisions": {
        **_ITEM,
        "title": _f("text", True),
        "date": _f("date", True),
        "by": _f("decider"),
        "outcome": _f("text"),
        "description": _f("text"),
    },
    "benefits": {
        **_ITEM,
        "title": _f("text", True),
        "description": _f("text"),
        "owner": _f("person"),
        "measure": _f("text"),
        "target": _f("amount"),
        "unit": _f("text"),
        "due": _f("date"),
        "realised": _DERIVED,
    },
    "updates": {
        "project": _f("work", True),
        "date": _f("date"),
        "rag": _f("rag", True),
        "schedule": _f("rag"),
        "cost": _f("rag"),
        "scope": _f("rag"),
        "resources": _f("rag"),
        "benefits": _f("rag"),
        "summary": _f("text", True),
        "achievements": _f("lines"),
        "next_steps": _f("lines"),
        "decisions_needed": _f("lines"),
    },
    "projects": {
        "id": _f("id"),
        "ref": _f("text"),
        "name": _f("text", True),
        "programme": _f("programme"),
        "description": _f("text"),
        "lead": _f("person", True),
        "sponsor": _f("person"),
        "start": _f("date"),
        "end": _f("date"),
        "forecast_end": _f("date"),
        "closed": _f("date"),
        "approved": _f("money"),
        "forecast": _f("money"),
        "actual": _f("money"),
        "tags": _f("words"),
        # The latest status, written as an update of the project when the row rates it.
        "update_date": _f("date"),
        "rag": _f("rag"),
        "summary": _f("text"),
        "variance": _DERIVED,
        "variance_pct": _DERIVED,
        "derived_rag": _DERIVED,
    },
}

#: Fields shared by several kinds: they say little about which kind a sheet holds.
GENERIC = frozenset({"id", "ref", "project", "title", "description", "owner", "status", "name"})

#: Sheet-name words that name a kind (``RAID Log`` is read for its headers).
SHEET_WORDS: dict[str, str] = {
    "risk": "risks",
    "issue": "issues",
    "milestone": "milestones",
    "decision": "decisions",
    "benefit": "benefits",
    "update": "updates",
    "highlight": "updates",
    "project": "projects",
    "tracker": "projects",
    "budget": "projects",
    "finance": "projects",
}
