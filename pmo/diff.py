"""What changed between two versions of a record: field by field, and in words for people.

Two states of the repository (two commits, or a commit and the working tree) hold each
programme, project and nested item (milestone, risk, issue, decision, benefit) by id.
:func:`compare` lists what moved between two versions of one of them as
:class:`FieldChange` values (the records format's ``pmo changes`` entries: dotted fields,
values as dates, exact decimals or plain scalars), and :func:`words` says them the way a
programme office would ("forecast moved 31 Oct 2007 → 30 Nov 2007 (+30 days)",
"rescored 12 → 16", "budget forecast £1.15m → £1.25m (+8.7%)"), every figure through
:mod:`pmo.formats`. ``pmo changes``, ``pmo history`` and the paper's "Changes since the
previous paper" all read these.

>>> from pmo.records import Risk
>>> a = Risk(id="r1", title="T", owner="ann", likelihood=3, impact=4)
>>> b = Risk(id="r1", title="T", owner="ann", likelihood=4, impact=4)
>>> found = compare("p1", "r1", "risk", values("risk", a), values("risk", b))
>>> [(c.field, c.before, c.after) for c in found], words(found)
([('likelihood', 3, 4)], ['rescored 12 → 16'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal
from typing import Any

from pmo import formats
from pmo.asof import realised_by
from pmo.records import Work

#: A field's value: a date, an exact amount, a score or count, text, a flag, or nothing.
Value = dt.date | Decimal | int | str | bool | None

#: The fields compared for each kind, in the order they are told.
FIELDS: dict[str, tuple[str, ...]] = {
    "work": (
        "name",
        "programme",
        "lead",
        "sponsor",
        "start",
        "end",
        "forecast_end",
        "closed",
        "budget.approved",
        "budget.forecast",
        "budget.actual",
        "rag",
        "derived_rag",
    ),
    "milestone": ("title", "owner", "baseline", "forecast", "actual", "gate"),
    "risk": ("title", "owner", "likelihood", "impact", "proximity", "response", "status", "closed"),
    "issue": ("title", "owner", "priority", "raised", "status", "closed"),
    "decision": ("title", "date", "by", "outcome"),
    "benefit": ("title", "owner", "type", "baseline", "target", "unit", "due", "realised"),
}

#: Fields that hold a person's id (told by name).
PEOPLE = frozenset(("lead", "sponsor", "owner", "by"))
#: Fields that hold an amount (money, or a benefit's number in its unit).
AMOUNTS = frozenset(("budget.approved", "budget.forecast", "budget.actual", "baseline", "target"))
AMOUNTS |= {"realised"}
#: Fields that hold a rating.
RATINGS = frozenset(("rag", "derived_rag"))
#: How a field is named in words.
LABELS = {
    "forecast_end": "forecast end",
    "budget.approved": "budget approved",
    "budget.forecast": "budget forecast",
    "budget.actual": "spend",
    "rag": "declared rating",
    "derived_rag": "derived rating",
    "name": "name",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One change between two states: a record or item added, removed, or one field changed.

    ``record`` is the programme or project holding the change (the work itself for its
    own fields); ``values`` holds the item's fields in the state it is found in (after, or
    before when removed), so an addition can be told with its due date or score.
    """

    record: str
    id: str
    kind: str
    change: str  # "added" | "removed" | "changed"
    field: str | None = None
    before: Value = None
    after: Value = None
    title: str = ""
    values: dict[str, Value] = _field(default_factory=dict, compare=False, repr=False)

    def as_json(self) -> dict[str, Any]:
        """``{"record", "id", "kind", "change", "field", "before", "after"}``."""
        return {
            "record": self.record,
            "id": self.id,
            "kind": self.kind,
            "change": self.change,
            "field": self.field,
            "before": as_json(self.before),
            "after": as_json(self.after),
        }


def as_json(value: Value) -> Any:
    """A value as JSON carries it: ISO dates, exact decimal text, scalars as they are."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return formats.exact(value)
    return value


def as_text(value: Value) -> str:
    """A value for CSV: as JSON carries it, nothing as ""."""
    shown = as_json(value)
    if shown is None:
        return ""
    if isinstance(shown, bool):
        return "true" if shown else "false"
    return str(shown)


def values(kind: str, obj: Any, on: dt.date | None = None) -> dict[str, Value]:
    """The compared fields of a record or item (``kind``: "work" for a programme or
    project); a benefit's ``realised`` is the sum realised on or before ``on``."""
    out: dict[str, Value] = {}
    for name in FIELDS[kind]:
        if name.startswith("budget."):
            budget = obj.budget
            out[name] = getattr(budget, name[7:]) if budget is not None else None
        elif name == "realised":
            out[name] = realised_by(obj, on) if on is not None and obj.realised else None
        elif name in RATINGS:
            continue  # given by the caller (a rating needs the whole portfolio)
        else:
            out[name] = getattr(obj, name, None)
    if kind == "benefit":
        out["_money"] = obj.unit is None
    return out


def work_values(
    work: Work, ratings: tuple[str | None, str | None] | None = None
) -> dict[str, Value]:
    """A programme's or project's compared fields, with its declared and derived rating."""
    out = values("work", work)
    if ratings is not None:
        out["rag"], out["derived_rag"] = ratings
    return out


def compare(
    record: str,
    id_: str,
    kind: str,
    before: dict[str, Value] | None,
    after: dict[str, Value] | None,
    title: str = "",
) -> list[FieldChange]:
    """What changed between two versions (None: absent from that state)."""
    if before is None and after is None:
        return []
    if before is None:
        return [FieldChange(record, id_, kind, "added", title=title, values=after or {})]
    if after is None:
        return [FieldChange(record, id_, kind, "removed", title=title, values=before)]
    shape = "work" if kind in ("programme", "project") else kind
    out = []
    for name in FIELDS[shape]:
        if name not in before or name not in after:
            continue
        a, b = before[name], after[name]
        if not _same(a, b):
            out.append(FieldChange(record, id_, kind, "changed", name, a, b, title, after))
    return out


def _same(a: Value, b: Value) -> bool:
    """Equal values of different types (an amount written 1e5 and 100000 is one amount)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    return a == b


# --- in words ---------------------------------------------------------------------------


Names = Callable[[str], str]


def _label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " "))


def _quantity(value: Value, values: dict[str, Value], currency: str) -> str:
    if not isinstance(value, Decimal | int):
        return formats.NONE
    amount = Decimal(value)
    if values.get("_money", True) is False and values.get("unit"):
        return formats.quantity(amount, str(values["unit"]), currency)
    return formats.money(amount, currency, "brief")


def _shown(name: str, value: Value, values: dict[str, Value], currency: str, names: Names) -> str:
    if value is None:
        return formats.NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return formats.date(value, "short")
    if name in AMOUNTS:
        return _quantity(value, values, currency)
    if name in RATINGS:
        return formats.rating(value)
    if name in PEOPLE:
        return names(str(value))
    if isinstance(value, str) and name in ("title", "name", "outcome"):
        return f"'{value}'"
    return str(value)


def score(values: dict[str, Value]) -> int | None:
    likelihood, impact = values.get("likelihood"), values.get("impact")
    if isinstance(likelihood, int) and isinstance(impact, int):
        return likelihood * impact
    return None


def _added(change: FieldChange, currency: str) -> str:
    v = change.values
    detail = ""
    if change.kind == "milestone":
        due = v.get("forecast") or v.get("baseline")
        detail = f" (due {_shown('due', due, v, currency, str)})"
    elif change.kind == "risk":
        detail = f" (score {score(v)})"
    elif change.kind == "benefit" and v.get("target") is not None:
        detail = f" (target {_quantity(v.get('target'), v, currency)})"
    elif change.kind == "issue" and v.get("priority"):
        detail = f" (priority {v['priority']})"
    elif change.kind == "decision" and isinstance(v.get("date"), dt.date):
        detail = f" (on {_shown('date', v['date'], v, currency, str)})"
    elif change.kind in ("programme", "project"):
        parts = []
        if isinstance(v.get("end"), dt.date):
            parts.append(f"end {_shown('end', v['end'], v, currency, str)}")
        if v.get("budget.approved") is not None:
            parts.append(f"budget {_quantity(v['budget.approved'], v, currency)}")
        detail = f" ({', '.join(parts)})" if parts else ""
    return f"new {change.kind}{detail}"


def _one(change: FieldChange, currency: str, names: Names) -> str:
    name, a, b, v = change.field or "", change.before, change.after, change.values
    label = _label(name)
    if name in ("record", "programme"):
        what = "programme " if name == "programme" else ""
        return f"moved from {what}{names(str(a))} to {names(str(b))}"
    if name == "actual":
        if b is None:
            return f"no longer achieved (was {_shown(name, a, v, currency, names)})"
        return f"achieved {_shown(name, b, v, currency, names)}"
    if name == "status":
        return "closed" if b == "closed" else "reopened"
    if name == "closed" and a is None and b is not None:
        return f"closed {_shown(name, b, v, currency, names)}"
    if a is None and change.kind == "milestone" and name == "forecast":
        a = v.get("baseline")  # no forecast: due on the baseline
    elif a is None and name == "forecast_end":
        a = v.get("end")  # no forecast end: due to end on the end date
    shown_a = _shown(name, a, v, currency, names)
    shown_b = _shown(name, b, v, currency, names)
    if a is None:
        return f"{label} set to {shown_b}"
    if b is None:
        return f"{label} cleared (was {shown_a})"
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return f"{label} moved {shown_a} → {shown_b} ({formats.shift((b - a).days)})"
    if name in AMOUNTS and isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
        pct = formats.ratio_pct(Decimal(b) - Decimal(a), Decimal(a))
        tail = f" ({formats.percent(pct)})" if pct is not None else ""
        return f"{label} {shown_a} → {shown_b}{tail}"
    if name in ("title", "name"):
        return f"renamed {shown_a} → {shown_b}"
    return f"{label} {shown_a} → {shown_b}"


def words(
    changes: Iterable[FieldChange], currency: str = "GBP", names: Names | None = None
) -> list[str]:
    """The changes of one record or item in words, one phrase each; a likelihood and an
    impact that moved together are one rescoring, a status and a closing date one closing."""
    names = names or (lambda person: person)
    found = list(changes)
    fields = {c.field: c for c in found}
    out: list[str] = []
    rescored = False
    for change in found:
        if change.kind == "update":
            when, rag = change.values.get("date"), change.values.get("rag")
            out.append(f"update of {formats.date(when, 'short')}: declared {formats.rating(rag)}")
            continue
        if change.change == "added":
            out.append(_added(change, currency))
            continue
        if change.change == "removed":
            out.append(f"{change.kind} removed")
            continue
        if change.field in ("likelihood", "impact"):
            if not rescored:
                rescored = True
                out.append(_rescored(fields, change.values))
            continue
        if change.field == "closed" and "status" in fields:
            continue  # told with the status
        if change.field == "status" and change.after == "closed" and "closed" in fields:
            when = fields["closed"].after
            if isinstance(when, dt.date):
                out.append(f"closed {formats.date(when, 'short')}")
                continue
        out.append(_one(change, currency, names))
    return out


def _rescored(fields: dict[str | None, FieldChange], now: dict[str, Value]) -> str:
    def part(name: str, when: str) -> Value:
        c = fields.get(name)
        if c is not None:
            return c.before if when == "before" else c.after
        return now.get(name)

    la, lb = part("likelihood", "before"), part("likelihood", "after")
    ia, ib = part("impact", "before"), part("impact", "after")
    if isinstance(la, int) and isinstance(ia, int) and isinstance(lb, int) and isinstance(ib, int):
        return f"rescored {la * ia} → {lb * ib}"
    return "rescored"
