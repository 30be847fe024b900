"""Edits of a records repository, made safely: under a lock, validated first, written atomically.

Every edit is a *plan*: a function of the loaded portfolio that returns the new bytes of the
files it changes (:class:`Change`). :func:`apply` takes the repository lock, loads and
validates the repository as it is, runs the plan, validates the repository as it would be,
and refuses (:class:`EditRefused`) when the edit adds an error; errors already in the
records do not block an unrelated edit. Only then are the files written, each atomically.

The public operations — :func:`append_update`, :func:`add_item`, :func:`mark_done`,
:func:`close_item`, :func:`rescore`, :func:`new_work` — each return the changes made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pmo.atomic import locked, write_changes
from pmo.formats import plural
from pmo.portfolio import Portfolio
from pmo.problems import Problem
from pmo.records import ITEM_KIND
from pmo.tabular import short

if TYPE_CHECKING:
    from pmo.validate import Snapshot


class EditError(Exception):
    """The edit cannot be made as asked (unknown id, already done, unreadable file)."""


class EditRefused(Exception):
    """The edit would leave the records with new errors; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"the edit would add {plural(len(problems), 'error')} to the records")
        self.problems = problems


@dataclass(slots=True)
class Change:
    """One file an edit changes: its path (relative to the root), old and new bytes."""

    path: str
    before: bytes | None
    after: bytes
    #: What was done, e.g. ``added risk csw-adults-r7``.
    summary: str

    def diff(self) -> str:
        """A unified diff of the change, as ``git diff`` would show it."""
        import difflib

        old = (self.before or b"").decode("utf-8").splitlines(keepends=True)
        new = self.after.decode("utf-8").splitlines(keepends=True)
        source = f"a/{self.path}" if self.before is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, source, f"b/{self.path}"))


Plan = Callable[[Portfolio], list[Change]]


def _error_key(problem: Problem) -> tuple[str, str, str]:
    # A message may cite another place (``... at records/x.yaml:12``); lines move in an edit.
    return (problem.path, problem.code, _LINE_REF.sub(r"\1", problem.message))


_LINE_REF = re.compile(r"(\.ya?ml):\d+")


def added_errors(before: Iterable[Problem], after: Iterable[Problem]) -> list[Problem]:
    """Errors in ``after`` that ``before`` did not have (compared without line numbers).

    >>> old = Problem("records/a.yaml", 3, 1, "error", "duplicate-id", "at records/b.yaml:4")
    >>> moved = Problem("records/a.yaml", 9, 1, "error", "duplicate-id", "at records/b.yaml:7")
    >>> added_errors([old], [moved])
    []
    """
    seen = Counter(_error_key(p) for p in before if p.severity == "error")
    added = []
    for problem in after:
        if problem.severity != "error":
            continue
        key = _error_key(problem)
        if seen[key]:
            seen[key] -= 1
        else:
            added.append(problem)
    return added


def apply(
    root: Path, plan: Plan, *, as_of: dt.date | None = None, dry_run: bool = False
) -> list[Change]:
    """Run ``plan`` under the lock; validate; write its changes unless refused or ``dry_run``.

    The records are read through the cache, and the edit is checked as far as it can
    change anything (:func:`pmo.validate.check_edit`); only when that finds an added error
    is everything validated, to say where (and that whole validation decides).
    """
    from pmo.validate import assembled, check_edit, snapshot

    # A dry run writes nothing, not even the lock file (writes are atomic renames, so
    # reading without the lock never sees half a file).
    with contextlib.nullcontext() if dry_run else locked(root):
        read = snapshot(root)
        before = assembled(read)
        changes = plan(before[0])
        overrides = {c.path: c.after for c in changes}
        # Only errors decide, and they are compared without positions: no file is parsed
        # for line numbers unless the edit is refused.
        checked = check_edit(read, before, overrides, as_of)
        if added_errors(checked.before, checked.after):
            refused = _refusal(read, changes, as_of)
            if refused:
                raise EditRefused(refused)
        if not dry_run:
            # refused (atomic.Blocked) if a file changed since it was read
            write_changes(root, [(c.path, c.before, c.after) for c in changes])
            read.remember(checked.outcomes)
    return changes


def _refusal(read: Snapshot, changes: list[Change], as_of: dt.date | None) -> list[Problem]:
    """The errors the edit would add, found by validating the whole repository before and
    after it, each placed in the file as it is now (:func:`on_disk`)."""
    from pmo.validate import validate_with

    overrides = {c.path: c.after for c in changes}
    before = validate_with(read, None, as_of, locate=False)
    located = validate_with(read, overrides, as_of)
    edited = {c.path: c for c in changes}
    return [on_disk(p, edited.get(p.path)) for p in added_errors(before.problems, located.problems)]


def on_disk(problem: Problem, change: Change | None) -> Problem:
    r"""A problem found in a file as an edit would leave it, placed in the file as it is.

    A refused edit writes nothing, so its problems must point at lines the file has: a
    line the edit keeps is found where it is now; a problem in what the edit would add or
    change points at the place of the edit and quotes the line it would have written.

    >>> change = Change("r.yaml", b"a: 1\nb: 2\n", b"a: 1\nb: 2\nc: bobb\n", "added c")
    >>> print(on_disk(Problem("r.yaml", 3, 4, "error", "unknown-reference", "no bobb"), change))
    r.yaml:2:1: error: unknown-reference no bobb (in the lines the edit would add below: c: bobb)
    """
    if change is None:
        return problem
    new = change.after.decode("utf-8", "replace").splitlines()
    quoted = short(new[problem.line - 1].strip(), 60) if 0 < problem.line <= len(new) else ""
    if change.before is None:
        return replace(problem, message=f"{problem.message} (in the file the edit would create)")
    old = change.before.decode("utf-8", "replace").splitlines()
    at = problem.line - 1
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if not j1 <= at < j2:
            continue
        if tag == "equal":
            return replace(problem, line=i1 + at - j1 + 1)
        if i1 == i2:  # only added lines
            where = "in the lines the edit would add below"
            return replace(
                problem, line=max(i1, 1), column=1, message=f"{problem.message} ({where}: {quoted})"
            )
        line = i1 + min(at - j1, i2 - i1 - 1)
        where = "as the edit would change this line"
        return replace(
            problem, line=line + 1, column=1, message=f"{problem.message} ({where}: {quoted})"
        )
    return problem


# ---- finding things -------------------------------------------------------------------


def _unknown(id_: str, pf: Portfolio, kinds: Sequence[str], label: str) -> EditError:
    from pmo.suggest import did_you_mean

    known = pf.id_kinds.get(id_)
    if known is not None:
        return EditError(f"'{id_}' is a {known}, not a {label}")
    options = [i for i, k in pf.id_kinds.items() if k in kinds]
    return EditError(f"no {label} '{id_}'{did_you_mean(id_, options)}")


def _origin(pf: Portfolio, id_: str, kinds: Sequence[str], label: str) -> tuple[str, Any]:
    if pf.id_kinds.get(id_) not in kinds:
        raise _unknown(id_, pf, kinds, label)
    return pf.origins[id_]


def _open(root: Path, rel: str) -> tuple[bytes, Any]:
    from pmo.edit.roundtrip import Document
    from pmo.source import read_regular

    raw, problem = read_regular(rel, root / rel)  # never a link, a device or a huge file
    if raw is None:
        assert problem is not None
        raise EditError(f"{rel} cannot be edited: {problem.message}")
    try:
        return raw, Document.from_bytes(raw)
    except Exception as exc:  # ruamel.yaml's parser errors, a bad encoding
        raise EditError(f"{rel} cannot be edited: {exc}; run 'pmo validate'") from None


def _edit(
    root: Path, pf: Portfolio, id_: str, kinds: Sequence[str], label: str,
    change: Callable[[Any], str],
) -> list[Change]:  # fmt: skip
    """Open the file holding ``id_``, apply ``change`` to its node, return the Change."""
    rel, keys = _origin(pf, id_, kinds, label)
    raw, doc = _open(root, rel)
    node = doc.data
    try:
        for key in keys:
            node = node[key]
    except (KeyError, IndexError, TypeError):
        node = None
    if node is None or node.get("id") != id_:
        raise EditError(f"{rel} changed while it was read; try again")
    summary = change(node)
    return [Change(rel, raw, doc.encode(), summary)]


def next_id(pf: Portfolio, parent: str, letter: str) -> str:
    """The next free id for an item of ``parent``: ``<parent>-<letter><n>``.

    ``n`` is one more than the highest such number in use anywhere in the repository.
    """
    pattern = re.compile(rf"{re.escape(parent)}-{letter}(\d+)")
    numbers = [int(m[1]) for i in pf.id_kinds if (m := pattern.fullmatch(i))]
    n = max(numbers, default=0) + 1
    while f"{parent}-{letter}{n}" in pf.id_kinds:
        n += 1
    return f"{parent}-{letter}{n}"


# ---- operations -----------------------------------------------------------------------

WORK = ("programme", "project")


def append_update(
    root: Path, work_id: str, values: Mapping[str, Any], *, dry_run: bool = False
) -> list[Change]:
    """Append a dated status update to a programme or project (``date`` defaults to as-of)."""
    from pmo.edit import ops

    def plan(pf: Portfolio) -> list[Change]:
        update = {"date": pf.as_of(), **{k: v for k, v in values.items() if v is not None}}

        def change(work: Any) -> str:
            ops.append_item(work, "updates", update)
            return f"added the {update['date']} update of {work_id}"

        return _edit(root, pf, work_id, WORK, "programme or project", change)

    return apply(root, plan, dry_run=dry_run)


def add_item(
    root: Path, kind: str, parent: str, values: Mapping[str, Any], *, dry_run: bool = False
) -> list[Change]:
    """Add a milestone, risk, issue, decision or benefit to a programme or project.

    A missing ``id`` is generated (:func:`next_id`); risks and issues are ``raised`` and
    decisions dated on the reporting date unless given.
    """
    from pmo.edit import ops

    item_kind = ITEM_KIND[kind]
    list_key, letter = item_kind.key, item_kind.letter

    def plan(pf: Portfolio) -> list[Change]:
        item = {k: v for k, v in values.items() if v is not None}
        item.setdefault("id", next_id(pf, parent, letter))
        if kind in ("risk", "issue"):
            item.setdefault("raised", pf.as_of())
        if kind == "decision":
            item.setdefault("date", pf.as_of())

        def change(work: Any) -> str:
            ops.append_item(work, list_key, item)
            return f"added {kind} {item['id']} to {parent}"

        return _edit(root, pf, parent, WORK, "programme or project", change)

    return apply(root, plan, dry_run=dry_run)


def mark_done(
    root: Path, milestone_id: str, date: dt.date | None = None, *, dry_run: bool = False
) -> list[Change]:
    """Record that a milestone was achieved (``actual:``), on ``date`` (default: as-of)."""
    from pmo.edit import ops

    def plan(pf: Portfolio) -> list[Change]:
        when = date or pf.as_of()
        if pf.id_kinds.get(milestone_id) == "risk":
            from pmo.edit.cycle import risk_is_not_done

            raise risk_is_not_done(pf, milestone_id)

        def change(milestone: Any) -> str:
            if milestone.get("actual") is not None:
                raise EditError(
                    f"milestone {milestone_id} was already achieved on {milestone['actual']}"
                )
            ops.mark_done(milestone, when)
            return f"milestone {milestone_id} achieved on {when}"

        return _edit(root, pf, milestone_id, ("milestone",), "milestone", change)

    return apply(root, plan, dry_run=dry_run)


def close_item(
    root: Path,
    item_id: str,
    date: dt.date | None = None,
    resolution: str | None = None,
    *,
    dry_run: bool = False,
) -> list[Change]:
    """Close a risk or an issue on ``date`` (default: as-of); issues may take a resolution."""
    from pmo.edit import ops

    def plan(pf: Portfolio) -> list[Change]:
        when = date or pf.as_of()
        kind = pf.id_kinds.get(item_id, "")
        order = ops.RISK_KEYS if kind == "risk" else ops.ISSUE_KEYS
        if resolution is not None and kind == "risk":
            raise EditError("--resolution is for issues; a risk has no resolution")

        def change(item: Any) -> str:
            if item.get("status") == "closed":
                raise EditError(f"{kind} {item_id} is already closed")
            ops.close_item(item, when, order, resolution)
            return f"{kind} {item_id} closed on {when}"

        return _edit(root, pf, item_id, ("risk", "issue"), "risk or issue", change)

    return apply(root, plan, dry_run=dry_run)


def rescore(
    root: Path,
    risk_id: str,
    likelihood: int | None,
    impact: int | None,
    *,
    review: dt.date | None = None,
    dry_run: bool = False,
) -> list[Change]:
    """Set a risk's current likelihood and impact, and (``review``) its next review date.

    The scores are given together or not at all (a review may leave them as they are).
    """
    from pmo.edit import ops

    if (likelihood is None) != (impact is None):
        raise EditError("give both --likelihood and --impact, or neither")
    if likelihood is None and review is None:
        raise EditError("nothing to change: give --likelihood and --impact, or --review")

    def plan(pf: Portfolio) -> list[Change]:
        def change(risk: Any) -> str:
            done = []
            if likelihood is not None and impact is not None:
                old = f"{risk.get('likelihood')}×{risk.get('impact')}"
                ops.rescore(risk, likelihood, impact)
                done.append(f"rescored {old} → {likelihood}×{impact}")
            if review is not None:
                ops.set_value(risk, "review", review, ops.RISK_KEYS)
                done.append(f"next review {review}")
            return f"risk {risk_id} " + "; ".join(done)

        return _edit(root, pf, risk_id, ("risk",), "risk", change)

    return apply(root, plan, dry_run=dry_run)


def work_path(pf: Portfolio, kind: str, id_: str, programme: str | None) -> str:
    """Where a new programme or project file goes, relative to the root.

    A programme: ``records/<id>/programme.yaml``. A project: beside its programme's file,
    named by its id without the programme's prefix (``csw-adults`` → ``adults.yaml``).
    """
    if kind == "programme" or programme is None:
        return f"records/{id_}/programme.yaml"
    origin = pf.origins.get(programme)
    folder = PurePosixPath(origin[0]).parent if origin else PurePosixPath("records", programme)
    name = id_.removeprefix(f"{programme}-") or id_
    return (folder / f"{name}.yaml").as_posix()


def new_work(
    root: Path,
    kind: str,
    id_: str,
    values: Mapping[str, Any],
    *,
    path: str | None = None,
    dry_run: bool = False,
) -> list[Change]:
    """Create a programme or project record file; refuses to overwrite a file."""
    from pmo.edit.scaffold import work_text

    def plan(pf: Portfolio) -> list[Change]:
        if id_ in pf.id_kinds:
            raise EditError(f"id '{id_}' is already used by a {pf.id_kinds[id_]}")
        from pmo.edit.newrecords import check_new_path

        rel = path or work_path(pf, kind, id_, values.get("programme"))
        check_new_path(root, rel)
        text = work_text(kind, id_, values)
        return [Change(rel, None, text.encode("utf-8"), f"created {kind} {id_}")]

    return apply(root, plan, dry_run=dry_run)
