"""Rows of status updates and of projects → edits: new projects, changed ones, updates.

A project row may carry its latest status (a RAG and a commentary): it becomes a dated
update of the project. People and programmes the sheet names but the records lack are
created only by a mapping that says so (GMPP's senior responsible owners, departments).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmo import records
from pmo.edit import ops
from pmo.spreadsheet.plan import Planner, _changed, differences, to_yaml, write_changes
from pmo.spreadsheet.rows import Row

UPDATE_FIELDS = (
    "rag",
    "schedule",
    "cost",
    "scope",
    "resources",
    "benefits",
    "summary",
    "achievements",
    "next_steps",
    "decisions_needed",
)
WORK_FIELDS = (
    "name",
    "ref",
    "programme",
    "description",
    "lead",
    "sponsor",
    "start",
    "end",
    "forecast_end",
    "closed",
    "tags",
)
BUDGET_FIELDS = ("approved", "forecast", "actual")


def update_row(p: Planner, row: Row) -> None:
    """A status update of a programme or project: added, or changed with --update."""
    parent = row.values.get("project") or row.section or p.options.project
    if parent is None:
        p.error(
            row.cell("project"),
            "missing-project",
            "which programme or project is this update for? Add a Project column",
        )
        return
    values = {k: row.values[k] for k in UPDATE_FIELDS if k in row.values}
    put_update(p, row, str(parent), values, row.values.get("date"), None)


def put_update(
    p: Planner, row: Row, parent: str, values: dict[str, Any], day: dt.date | None, doc: Any
) -> None:
    """Add the update of ``parent`` dated ``day`` (default: the reporting date), or change it.

    ``doc`` is the round-trip node of a project this import creates (None: in the records).
    """
    day = day or p.pf.as_of()
    for name in ("rag", "summary"):
        if values.get(name) is None:
            p.error(
                row.cell(name),
                "missing-value",
                f"a status update needs its {name} ({_why(row, name)})",
            )
            return
    if p._duplicate(("update", f"{parent}@{day}"), row):
        return
    work = p.pf.find_work(parent) if doc is None else None
    old = next((i for i, u in enumerate(work.updates) if u.date == day), None) if work else None
    if old is None:
        item = {
            "date": day,
            **{k: to_yaml(k, v, plain=True) for k, v in values.items() if v not in (None, [])},
        }
        rel, node = p.files.node(parent) if doc is None else ("", doc)
        p.files.fast.append(node, "updates", item)
        if rel:
            p.files.note(rel, "added update")
        p.tally.add("added", "updates")
        return
    assert work is not None
    keys = differences(records.Update, work.updates[old], values, p.options.blank_keeps)
    if not keys:
        p.tally.add("unchanged", "updates")
        return
    if not p.options.update:
        p.error(
            row.cell(keys[0]),
            "exists",
            f"{parent} has an update dated {day} and this row changes "
            f"{_changed(keys, work.updates[old], values)}; use --update to change it",
        )
        return
    rel, node = p.files.node(parent)
    write_changes(node["updates"][old], values, keys, ops.UPDATE_KEYS)
    p.files.note(rel, "changed update")
    p.tally.add("changed", "updates")


def _match_work(p: Planner, row: Row) -> records.Work | None:
    id_ = row.values.get("id")
    if id_:
        return p.pf.find_work(id_)
    ref = row.values.get("ref")
    if ref:
        found = next((w for w in p.pf.work() if w.ref == ref), None)
        if found is not None:
            return found
    name = row.values.get("name")
    if name:
        low = " ".join(str(name).split()).casefold()
        return next((w for w in p.pf.work() if " ".join(w.name.split()).casefold() == low), None)
    return None


def project_row(p: Planner, row: Row) -> None:
    """A project: created (a new file beside its programme's), or changed with --update."""
    values = {k: row.values[k] for k in WORK_FIELDS if k in row.values}
    budget = {k: row.values[k] for k in BUDGET_FIELDS if k in row.values}
    status: dict[str, Any] = {k: row.values[k] for k in ("rag", "summary") if k in row.values}
    existing = _match_work(p, row)
    key = existing.id if existing is not None else row.values.get("id") or row.values.get("name")
    if p._duplicate(("project", str(key).casefold()), row):
        return
    doc = None
    if existing is None:
        doc = new_project(p, row, values, budget)
        if doc is None:
            return
        parent = str(doc["id"])
    else:
        parent = existing.id
        change_project(p, row, existing, values, budget)
    if status.get("rag") is not None:
        put_update(p, row, parent, status, row.values.get("update_date"), doc)


def new_project(p: Planner, row: Row, values: dict[str, Any], budget: dict[str, Any]) -> Any:
    from pmo.edit.apply import work_path
    from pmo.edit.scaffold import work_text

    missing = [k for k in ("name", "lead", "programme") if values.get(k) is None]
    for name in missing:
        why = "empty" if name in row.where else "the sheet has no column for it"
        p.error(row.cell(name), "missing-value", f"a new project needs its {name} ({why})")
    if missing:
        return None
    id_ = row.values.get("id")
    if id_ and id_ in p.resolver.taken:
        p.error(row.cell("id"), "duplicate-id", f"'{id_}' is already used by another record")
        return None
    id_ = id_ or p.resolver.claim(str(values["name"]), "project")
    p.resolver.taken.add(id_)
    programme = str(values["programme"])
    made = p.resolver.created.get(programme)
    if made is not None:
        made.values.setdefault("lead", values["lead"])
    body = {k: to_yaml(k, v) for k, v in values.items() if v not in (None, []) and k != "programme"}
    body = {"programme": programme, **body}
    money = {k: to_yaml(k, v) for k, v in budget.items() if v is not None}
    if money:
        body["budget"] = money
    rel = work_path(p.pf, "project", id_, programme)
    n = 1
    while rel in p.files.docs or (p.files.root / rel).exists():
        n += 1
        rel = rel.rsplit("/", 1)[0] + f"/{id_}-{n}.yaml"
    doc = p.files.create(rel, work_text("project", id_, body))
    p.files.note(rel, f"created project {id_}")
    p.tally.add("added", "projects")
    return doc.data


def change_project(
    p: Planner, row: Row, old: records.Work, values: dict[str, Any], budget: dict[str, Any]
) -> None:
    if isinstance(old, records.Programme):
        values = {k: v for k, v in values.items() if k != "programme"}
    keys = differences(type(old), old, values, p.options.blank_keeps)
    before = old.budget or records.Budget()
    money = differences(records.Budget, before, budget, p.options.blank_keeps)
    for name in ("name", "lead"):
        if name in keys and values.get(name) is None:
            p.error(row.cell(name), "missing-value", f"{name} is required (empty)")
            return
    if not keys and not money:
        p.tally.add("unchanged", "projects")
        return
    if not p.options.update:
        first = keys[0] if keys else money[0]
        what = _changed(keys, old, values) if keys else _changed(money, before, budget)
        p.error(
            row.cell(first),
            "exists",
            f"{old.id} is in the records and this row changes {what}; use --update to change it",
        )
        return
    rel, node = p.files.node(old.id)
    write_changes(node, values, keys, ops.WORK_KEYS)
    if money:
        if not isinstance(node.get("budget"), dict):
            ops.set_value(node, "budget", to_yaml("budget", {}), ops.WORK_KEYS)
        write_changes(node["budget"], budget, money, ("approved", "forecast", "actual"))
        if not node["budget"]:
            del node["budget"]
    p.files.note(rel, f"changed {old.id}")
    p.tally.add("changed", "projects")


def create_records(p: Planner) -> None:
    """Write the people and programmes the import made (a mapping that creates them)."""
    from pmo.edit.scaffold import work_text

    people = [r for r in p.resolver.created.values() if r.kind == "person"]
    if people:
        first = next(iter(p.pf.people), None)
        if first is not None:
            rel, _ = p.pf.origins[first]
            data = p.files.doc(rel).data
        else:
            rel = "records/people.yaml"
            data = p.files.create(rel, "kind: people\npeople: []\n").data
        for person in people:
            values = {"id": person.id, "name": person.name, **person.values}
            p.files.fast.append(data, "people", values, ops.PERSON_KEYS)
            p.files.note(rel, "added person")
            p.tally.add("added", "people")
    for made in p.resolver.created.values():
        if made.kind != "programme":
            continue
        if "lead" not in made.values:
            continue  # named by no new project: nothing refers to it
        rel = f"records/{made.id}/programme.yaml"
        body = {"name": made.name, **made.values}
        p.files.create(rel, work_text("programme", made.id, body))
        p.files.note(rel, f"created programme {made.id}")
        p.tally.add("added", "programmes")


def _why(row: Row, name: str) -> str:
    return "empty" if name in row.where else "the sheet has no column for it"
