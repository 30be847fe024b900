"""The record files an import edits: each opened once, edited in place, rendered at the end.

New items are written by :class:`~pmo.spreadsheet.emit.Appender` (fast); changes to items
already in the records go through ruamel.yaml's round trip (:mod:`pmo.edit.ops`).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pmo.edit.apply import Change, EditError
from pmo.portfolio import Portfolio
from pmo.spreadsheet.emit import Appender


class Files:
    """The record files an import edits, each opened once; their changes at the end."""

    def __init__(self, root: Path, pf: Portfolio) -> None:
        self.root = root
        self.pf = pf
        self.docs: dict[str, tuple[bytes | None, Any]] = {}
        self.notes: dict[str, Counter[str]] = defaultdict(Counter)
        #: New items, written fast when the files are rendered (see :mod:`emit`).
        self.fast = Appender()

    def doc(self, rel: str) -> Any:
        if rel not in self.docs:
            from pmo.edit.roundtrip import Document
            from pmo.source import read_regular

            raw, problem = read_regular(rel, self.root / rel)  # never a link or a device
            if raw is None:
                assert problem is not None
                raise EditError(f"{rel} cannot be edited: {problem.message}")
            try:
                self.docs[rel] = (raw, Document.from_bytes(raw))
            except Exception as exc:  # ruamel.yaml's parser errors, a bad encoding
                raise EditError(f"{rel} cannot be edited: {exc}; run 'pmo validate'") from None
        return self.docs[rel][1]

    def create(self, rel: str, text: str) -> Any:
        from pmo.edit.roundtrip import Document

        if rel in self.docs or os.path.lexists(self.root / rel):
            raise EditError(f"{rel} already exists; pmo import never overwrites a file")
        self.docs[rel] = (None, Document.parse(text))
        return self.docs[rel][1]

    def node(self, id_: str) -> tuple[str, Any]:
        """The file holding ``id_`` and its round-trip node (a work record or an item)."""
        rel, keys = self.pf.origins[id_]
        node = self.doc(rel).data
        for key in keys:
            node = node[key]
        return rel, node

    def note(self, rel: str, what: str) -> None:
        self.notes[rel][what] += 1

    def changes(self) -> list[Change]:
        out = []
        for rel, (raw, doc) in self.docs.items():
            after = self.fast.encode(doc)
            if after == raw:
                continue
            summary = ", ".join(_counted(what, n) for what, n in self.notes[rel].items())
            out.append(Change(rel, raw, after, summary or "changed"))
        return out


def _counted(what: str, n: int) -> str:
    """``added risk`` ×3 → ``added 3 risks``."""
    if n == 1:
        return what
    verb, _, noun = what.partition(" ")
    return f"{verb} {n} {'people' if noun == 'person' else noun + 's'}"
