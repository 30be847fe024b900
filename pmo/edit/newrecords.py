"""New people, boards and papers: where each goes, and the edit that puts it there.

A person joins a ``kind: people`` file: the one that already lists most people of the same
organisation, else the one nearest the top of ``records/`` (then the one with most people),
else a new ``records/people.yaml``. A board
goes beside the other boards, a paper beside its board's last paper (else beside any paper);
with none to go by, ``records/boards/ID.yaml`` and ``records/papers/ID.yaml``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pmo.edit.apply import Change, EditError, _open, apply
from pmo.edit.fields import key_order
from pmo.portfolio import Portfolio
from pmo.records import Paper, People, Person


def _free(pf: Portfolio, id_: str) -> None:
    if id_ in pf.id_kinds:
        raise EditError(f"id '{id_}' is already used by a {pf.id_kinds[id_]}")


def check_new_path(root: Path, rel: str) -> None:
    """A new record file must be a .yaml file below records/ that does not exist yet, in no
    hidden folder (the loader would never read it) and through no link."""
    from pmo.atomic import Blocked, check_inside

    parts = PurePosixPath(rel).parts
    if parts[:1] != ("records",) or ".." in parts or not rel.endswith((".yaml", ".yml")):
        raise EditError(f"{rel}: a record file must be a .yaml file below records/")
    if any(part.startswith(".") for part in parts):
        raise EditError(
            f"{rel}: a hidden file or folder; pmo never reads one, so the record would be invisible"
        )
    try:
        check_inside(root, rel)
    except Blocked as exc:
        raise EditError(str(exc).removesuffix("; nothing was written")) from None
    if os.path.lexists(root / rel):
        raise EditError(f"{rel} already exists; pmo new never overwrites a file")


def people_file(pf: Portfolio, organisation: str | None) -> str | None:
    """The people file a new person of ``organisation`` joins (None: there is none)."""
    files: Counter[str] = Counter()
    colleagues: Counter[str] = Counter()
    wanted = (organisation or "").strip().lower()
    for person in pf.people.values():
        rel = pf.origins[person.id][0]
        files[rel] += 1
        if wanted and (person.organisation or "").strip().lower() == wanted:
            colleagues[rel] += 1
    if not files:
        return None
    return min(files, key=lambda rel: (-colleagues[rel], rel.count("/"), -files[rel], rel))


def _folder_of(pf: Portfolio, ids: list[str], default: str) -> str:
    folders = Counter(PurePosixPath(pf.origins[i][0]).parent.as_posix() for i in ids)
    if not folders:
        return default
    return min(folders, key=lambda f: (-folders[f], f))


def board_path(pf: Portfolio, id_: str) -> str:
    """Where a new board's file goes: beside most other boards, else records/boards/."""
    return f"{_folder_of(pf, list(pf.boards), 'records/boards')}/{id_}.yaml"


def last_paper(pf: Portfolio, board: str, meeting: Any) -> Paper | None:
    """The board's latest paper for a meeting before ``meeting``."""
    earlier = [p for p in pf.papers.values() if p.board == board and p.meeting < meeting]
    return max(earlier, key=lambda p: (p.meeting, p.id), default=None)


def paper_path(pf: Portfolio, id_: str, board: str, meeting: Any) -> str:
    """Where a new paper's file goes: beside its board's last paper, else beside most papers."""
    last = last_paper(pf, board, meeting)
    ids = [last.id] if last is not None else list(pf.papers)
    return f"{_folder_of(pf, ids, 'records/papers')}/{id_}.yaml"


def new_person(
    root: Path,
    id_: str,
    values: Mapping[str, Any],
    *,
    path: str | None = None,
    dry_run: bool = False,
) -> list[Change]:
    """Add a person to a people file (``path``, or the one :func:`people_file` picks)."""
    from pmo.edit import ops
    from pmo.edit.scaffold import people_text

    person = {"id": id_, **{k: v for k, v in values.items() if v is not None}}

    def plan(pf: Portfolio) -> list[Change]:
        _free(pf, id_)
        rel = path or people_file(pf, person.get("organisation")) or "records/people.yaml"
        if not (root / rel).exists():
            check_new_path(root, rel)
            return [Change(rel, None, people_text([person]).encode(), f"added person {id_}")]
        raw, doc = _open(root, rel)
        if not isinstance(doc.data, Mapping) or doc.data.get("kind") != "people":
            raise EditError(f"{rel} is not a people file (kind: people)")
        ops.append_entry(doc.data, "people", person, key_order(Person), key_order(People))
        return [Change(rel, raw, doc.encode(), f"added person {id_}")]

    return apply(root, plan, dry_run=dry_run)


def new_board(
    root: Path,
    id_: str,
    values: Mapping[str, Any],
    *,
    path: str | None = None,
    dry_run: bool = False,
) -> list[Change]:
    """Create a board's record file."""
    from pmo.edit.scaffold import board_text

    def plan(pf: Portfolio) -> list[Change]:
        _free(pf, id_)
        rel = path or board_path(pf, id_)
        check_new_path(root, rel)
        return [Change(rel, None, board_text(id_, values).encode(), f"created board {id_}")]

    return apply(root, plan, dry_run=dry_run)


def new_paper(
    root: Path,
    id_: str,
    values: Mapping[str, Any],
    *,
    path: str | None = None,
    dry_run: bool = False,
) -> list[Change]:
    """Create a board paper, scaffolded with the parts people write, ready to fill in.

    Its scope, classification and contact officers follow the board's last paper.
    """
    from pmo.edit.scaffold import paper_text

    def plan(pf: Portfolio) -> list[Change]:
        _free(pf, id_)
        board = pf.boards.get(values["board"])
        rel = path or paper_path(pf, id_, values["board"], values["meeting"])
        check_new_path(root, rel)
        last = last_paper(pf, values["board"], values["meeting"])
        text = paper_text(id_, values, board.name if board else None, last)
        return [Change(rel, None, text.encode(), f"created paper {id_}")]

    return apply(root, plan, dry_run=dry_run)
