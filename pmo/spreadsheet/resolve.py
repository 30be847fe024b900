"""People, programmes, projects and boards named in cells: by id or by name, any case.

A name the records do not know is a problem with a "did you mean"; with a mapping that
creates them (GMPP's senior responsible owners, its departments), it is a new record.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pmo.portfolio import Portfolio
from pmo.types import ID_RE, ValueProblem


def slugify(text: str, limit: int = 64) -> str:
    """An id made from a name: ``Monica Fogarty`` → ``monica-fogarty``.

    >>> slugify("Crossrail / Elizabeth Line (Phase 2)")
    'crossrail-elizabeth-line-phase-2'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut[: cut.rindex("-")] if "-" in cut[limit // 2 :] else cut
    return slug.strip("-")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(slots=True)
class NewRecord:
    """A person or programme the import creates: its id, name and first values."""

    kind: str
    id: str
    name: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Resolver:
    """Look up ids by id or name; hand out new ids unique across the repository."""

    pf: Portfolio
    new_people: bool = False
    new_programmes: bool = False
    programme_names: dict[str, str] = field(default_factory=dict)
    created: dict[str, NewRecord] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    _names: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pf = self.pf
        self.taken = set(pf.id_kinds)
        tables: dict[str, list[tuple[str, str]]] = {
            "person": [(p.id, p.name) for p in pf.people.values()],
            "work": [(w.id, w.name) for w in pf.work()],
            "programme": [(p.id, p.name) for p in pf.programmes.values()],
            "board": [(b.id, b.name) for b in pf.boards.values()],
        }
        for what, pairs in tables.items():
            index: dict[str, list[str]] = {}
            for id_, name in pairs:
                index.setdefault(_key(name), []).append(id_)
            self._names[what] = index

    def claim(self, wanted: str, fallback: str) -> str:
        """A new id from ``wanted``, made unique with ``-2``, ``-3``...; taken from now on."""
        base = slugify(wanted) or fallback
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            suffix = f"-{n}"
            candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate

    def _find(self, text: str, what: str, ids: Any, label: str) -> str:
        if text in ids or text.lower() in ids:
            return text if text in ids else text.lower()
        for made in self.created.values():
            if made.kind == what and (_key(made.name) == _key(text) or made.id == text):
                return made.id
        found = self._names[what].get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueProblem(
                f"ambiguous-{label}",
                f"'{text}' names {len(found)} {label}s ({', '.join(found)}); write the id",
            )
        raise LookupError(text)

    def _unknown(self, text: str, what: str, ids: Any, label: str) -> ValueProblem:
        hint = _hint(text, [*self._display(what), *ids])
        return ValueProblem(f"unknown-{label}", f"'{text}' is not a {label} in the records{hint}")

    def _display(self, what: str) -> list[str]:
        pf = self.pf
        if what == "person":
            return [p.name for p in pf.people.values()]
        if what == "programme":
            return [p.name for p in pf.programmes.values()]
        if what == "board":
            return [b.name for b in pf.boards.values()]
        return [w.name for w in pf.work()]

    def person(self, value: object) -> str:
        text = _text(value)
        try:
            return self._find(text, "person", self.pf.people, "person")
        except LookupError:
            if not self.new_people:
                raise self._unknown(text, "person", self.pf.people, "person") from None
        id_ = self.claim(text, "person")
        self.created[id_] = NewRecord("person", id_, text)
        return id_

    def work(self, value: object) -> str:
        text = _text(value)
        ids = {**self.pf.programmes, **self.pf.projects}
        try:
            return self._find(text, "work", ids, "project")
        except LookupError:
            raise self._unknown(text, "work", ids, "project") from None

    def programme(self, value: object) -> str:
        text = _text(value)
        try:
            return self._find(text, "programme", self.pf.programmes, "programme")
        except LookupError:
            if not self.new_programmes:
                raise self._unknown(text, "programme", self.pf.programmes, "programme") from None
        id_ = text if ID_RE.fullmatch(text) and text not in self.taken else self.claim(text, "p")
        self.taken.add(id_)
        self.created[id_] = NewRecord("programme", id_, self.programme_names.get(id_, text))
        return id_

    def rag(self, value: object) -> str:
        """A rating, on the portfolio's scale (amber-green only with rag_scale: five)."""
        from pmo.spreadsheet.values import parse_rag

        rating = parse_rag(value)
        if self.pf.settings.rag_scale == "three" and rating not in ("green", "amber", "red"):
            raise ValueProblem(
                "invalid-rag",
                f"'{_text(value)}' is a five-point rating; this portfolio uses green, amber "
                "and red (rag_scale: five in pmo.yaml allows it)",
            )
        return rating

    def decider(self, value: object) -> str:
        """A board or a person, by id or name."""
        text = _text(value)
        try:
            return self._find(text, "board", self.pf.boards, "board")
        except LookupError:
            pass
        try:
            return self._find(text, "person", self.pf.people, "person")
        except LookupError:
            ids = {**self.pf.boards, **self.pf.people}
            raise ValueProblem(
                "unknown-decider",
                f"'{text}' is not a board or person in the records"
                f"{_hint(text, [*self._display('board'), *self._display('person'), *ids])}",
            ) from None


def _text(value: object) -> str:
    return " ".join(str(value).split())


def _hint(text: str, options: list[str]) -> str:
    from pmo.suggest import closest

    by_key = {_key(o): o for o in options}
    meant = closest(_key(text), list(by_key))
    return f"; did you mean '{by_key[meant]}'?" if meant else ""
