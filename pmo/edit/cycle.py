"""The monthly cycle's edits: risk actions added and done, benefits realised, milestones reforecast.

Actions have no ids in the records format: an action is named by its risk's id and its place
in the risk's list of actions, counting from 1 (``csw-adults-r1/2`` is the second action of
risk ``csw-adults-r1``). Every edit here is a plan run by :func:`pmo.edit.apply.apply`.

>>> parse_action_ref("csw-adults-r1/2")
('csw-adults-r1', 2)
>>> parse_action_ref("csw-adults-r1") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pmo.edit.apply import Change, EditError, _edit, _origin, apply
from pmo.edit.fields import action_class, key_order
from pmo.portfolio import Portfolio
from pmo.records import Benefit, Milestone, Realised, Risk

_ACTION_REF = re.compile(r"(?P<risk>[a-z0-9][a-z0-9-]{0,63})/(?P<n>[1-9][0-9]{0,5})")


def parse_action_ref(text: str) -> tuple[str, int] | None:
    """``RISK/N`` → (risk id, N); None for anything else."""
    m = _ACTION_REF.fullmatch(text)
    return (m["risk"], int(m["n"])) if m else None


def action_ref(risk_id: str, index: int) -> str:
    """The reference of the action at list ``index`` (from 0) of a risk: ``RISK/N``."""
    return f"{risk_id}/{index + 1}"


def _item(pf: Portfolio, id_: str, attr: str) -> Any:
    """The loaded milestone, risk or benefit ``id_`` (already known to be one)."""
    work = pf.owner_of(id_)
    assert work is not None
    return next(item for item in getattr(work, attr) if item.id == id_)


def list_actions(risk: Risk) -> str:
    """Each action of a loaded risk with its reference, for a message."""
    from pmo.edit.values import shown

    parts = []
    for i, a in enumerate(risk.actions):
        state = f"done {a.done}" if a.done else f"due {a.due}" if a.due else "open"
        parts.append(f"{action_ref(risk.id, i)} ({shown(a.action, 40)}, {state})")
    return ", ".join(parts)


def risk_is_not_done(pf: Portfolio, risk_id: str) -> EditError:
    """What ``pmo done RISK`` says: name one of its actions (or close the risk)."""
    risk = _item(pf, risk_id, "risks")
    if risk.actions:
        return EditError(
            f"'{risk_id}' is a risk: name the action that is done, one of {list_actions(risk)}"
        )
    return EditError(f"'{risk_id}' is a risk with no actions; to close it: pmo close {risk_id}")


def action_index(risk: Any, risk_id: str, n: int) -> int:
    """The list index of action ``n`` of a risk's round-trip mapping (EditError if none)."""
    actions = risk.get("actions") or []
    if not 1 <= n <= len(actions):
        count = f"{len(actions)} action{'s' if len(actions) != 1 else ''}"
        raise EditError(f"risk {risk_id} has {count}; there is no action {risk_id}/{n}")
    return n - 1


def _not_after(pf: Portfolio, when: dt.date, what: str) -> None:
    if when > pf.as_of():
        raise EditError(
            f"{what} on {when} is after the reporting date {pf.as_of()}; record it when it "
            "has happened (or give --date)"
        )


# ---- actions --------------------------------------------------------------------------------


def add_action(
    root: Path, risk_id: str, values: Mapping[str, Any], *, dry_run: bool = False
) -> list[Change]:
    """Append a mitigating action (``action``, ``owner``, ``due``) to a risk."""
    from pmo.edit import ops

    item = {k: v for k, v in values.items() if v is not None}

    def plan(pf: Portfolio) -> list[Change]:
        def change(risk: Any) -> str:
            if risk.get("status") == "closed":
                raise EditError(f"risk {risk_id} is closed; it takes no new actions")
            ops.append_entry(
                risk, "actions", item, key_order(action_class()), key_order(Risk),
                flow_when_new=True,
            )  # fmt: skip
            return f"added action {action_ref(risk_id, len(risk['actions']) - 1)} to {risk_id}"

        return _edit(root, pf, risk_id, ("risk",), "risk", change)

    return apply(root, plan, dry_run=dry_run)


def action_done(
    root: Path, ref: str, date: dt.date | None = None, *, dry_run: bool = False
) -> list[Change]:
    """Record that a risk's action was done (``done:``), on ``date`` (default: as-of)."""
    from pmo.edit import ops

    parsed = parse_action_ref(ref)
    if parsed is None:
        raise EditError(f"'{ref}' is not an action: name one as RISK/N, e.g. csw-adults-r1/2")
    risk_id, n = parsed

    def plan(pf: Portfolio) -> list[Change]:
        when = date or pf.as_of()
        _not_after(pf, when, f"action {ref} done")

        def change(risk: Any) -> str:
            action = risk["actions"][action_index(risk, risk_id, n)]
            if action.get("done") is not None:
                raise EditError(f"action {ref} was already done on {action['done']}")
            ops.set_value(action, "done", when, key_order(action_class()))
            return f"action {ref} done on {when}"

        return _edit(root, pf, risk_id, ("risk",), "risk", change)

    return apply(root, plan, dry_run=dry_run)


# ---- benefits -------------------------------------------------------------------------------


def _amount(value: Decimal, benefit: Benefit, currency: str) -> str:
    from pmo.formats import quantity

    return quantity(value, benefit.unit, currency)


def realise(
    root: Path, benefit_id: str, value: str, date: dt.date | None = None, *, dry_run: bool = False
) -> list[Change]:
    """Add a realisation (``date``, ``value``) to a benefit's ``realised:`` list."""
    from pmo.edit import ops
    from pmo.edit.values import typed
    from pmo.types import Money, ValueProblem, parse_money

    try:
        amount = parse_money(value)
    except ValueProblem as exc:
        raise EditError(f"--value {value}: {exc.message}") from None

    def plan(pf: Portfolio) -> list[Change]:
        when = date or pf.as_of()
        _not_after(pf, when, f"benefit {benefit_id} realised")
        _origin(pf, benefit_id, ("benefit",), "benefit")
        benefit = _item(pf, benefit_id, "benefits")
        for i, r in enumerate(benefit.realised):
            if r.date == when:
                raise EditError(
                    f"benefit {benefit_id} already has a realisation dated {when} "
                    f"(realised.{i + 1}); to change it: pmo set {benefit_id} "
                    f"realised.{i + 1}.value=AMOUNT"
                )
        entry = {"date": when, "value": typed(Money, "scalar", value)}
        total = sum((r.value for r in benefit.realised), amount)
        currency = pf.settings.currency

        def change(node: Any) -> str:
            ops.append_entry(
                node, "realised", entry, key_order(Realised), key_order(Benefit),
                flow_when_new=True,
            )  # fmt: skip
            of = f" of {_amount(benefit.target, benefit, currency)}" if benefit.target else ""
            return (
                f"benefit {benefit_id}: {_amount(amount, benefit, currency)} realised on {when}; "
                f"{_amount(total, benefit, currency)} to date{of}"
            )

        return _edit(root, pf, benefit_id, ("benefit",), "benefit", change)

    return apply(root, plan, dry_run=dry_run)


# ---- milestones -----------------------------------------------------------------------------


def _days(n: int, than: str) -> str:
    if n == 0:
        return f"the same as {than}"
    word = "later" if n > 0 else "earlier"
    return f"{abs(n)} day{'s' if abs(n) != 1 else ''} {word} than {than}"


def slip(milestone: Milestone, new: dt.date, slip_amber_days: int) -> str:
    """What moving a milestone's forecast to ``new`` does, against before and the baseline.

    >>> m = Milestone(id="m1", title="T", baseline=dt.date(2011, 3, 1),
    ...               forecast=dt.date(2011, 3, 15))
    >>> for part in slip(m, dt.date(2011, 4, 30), 30).split("; "):
    ...     print(part)
    46 days later than the previous forecast (2011-03-15)
    60 days later than the baseline (2011-03-01): beyond the 30-day slip that turns schedule amber
    """
    previous = milestone.forecast or milestone.baseline
    was = "the previous forecast" if milestone.forecast else "the previous due date, the baseline"
    parts = [f"{_days((new - previous).days, was)} ({previous})"]
    if milestone.forecast is not None:
        parts.append(
            f"{_days((new - milestone.baseline).days, 'the baseline')} ({milestone.baseline})"
        )
    text = "; ".join(parts)
    if (new - milestone.baseline).days > slip_amber_days:
        text += f": beyond the {slip_amber_days}-day slip that turns schedule amber"
    return text


def reforecast(
    root: Path, milestone_id: str, date: dt.date, *, dry_run: bool = False
) -> list[Change]:
    """Set a milestone's ``forecast:``; the summary says how far it slips."""
    from pmo.edit import ops
    from pmo.edit.ops import MILESTONE_KEYS

    def plan(pf: Portfolio) -> list[Change]:
        _origin(pf, milestone_id, ("milestone",), "milestone")
        m = _item(pf, milestone_id, "milestones")
        if m.actual is not None:
            raise EditError(
                f"milestone {milestone_id} was achieved on {m.actual}; it has no forecast"
            )
        if date == (m.forecast or m.baseline):
            raise EditError(f"milestone {milestone_id} is already due on {date}; nothing changes")
        moved = slip(m, date, pf.settings.thresholds.slip_amber_days)

        def change(node: Any) -> str:
            ops.set_value(node, "forecast", date, MILESTONE_KEYS)
            return f"milestone {milestone_id} forecast {m.forecast or m.baseline} → {date}: {moved}"

        return _edit(root, pf, milestone_id, ("milestone",), "milestone", change)

    return apply(root, plan, dry_run=dry_run)
