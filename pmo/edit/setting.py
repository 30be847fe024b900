"""``pmo set``: change any field of any record or nested item, found by its id.

An assignment is ``KEY=VALUE`` (set), ``KEY=`` (remove an optional key), ``KEY+=VALUE`` (add
to a list) or ``KEY-=VALUE`` (take from a list). Keys go through mappings with dots
(``budget.forecast``, ``inherent.likelihood``) and into lists of items that have no id by
number, counting from 1 (``sections.2.body``, ``realised.1.value``). What a key is comes
from the record classes (:mod:`pmo.edit.fields`); a value is written as the user typed it
where the loader reads it back the same, and the record is validated by the loader's own
models before anything is written (then :func:`pmo.edit.apply.apply` checks the whole
repository, as for every edit).

>>> parse_assignment("budget.forecast=£1.3m")
Assignment(text='budget.forecast=£1.3m', keys=('budget', 'forecast'), op='=', value='£1.3m')
>>> parse_assignment("tags-=old").op
'-='
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmo.edit.apply import Change, EditError, _edit, _unknown, apply
from pmo.edit.fields import (
    Field,
    action_class,
    entry_field,
    fields_of,
    has_id,
    key_order,
    record_class,
)
from pmo.edit.values import free_mapping, item_type, items_of, mapping_of, shown, typed, yaml_value
from pmo.portfolio import Portfolio

_ASSIGNMENT = re.compile(r"(?P<key>[^=]+?)(?P<op>[+-]?=)(?P<value>.*)", re.S)
_KEY = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True)
class Assignment:
    """One ``KEY=VALUE`` of ``pmo set``: the dotted key split, the operator, the value text."""

    text: str
    keys: tuple[str, ...]
    op: str
    value: str

    @property
    def key(self) -> str:
        return ".".join(self.keys)

    def __str__(self) -> str:
        return f"{self.key}{self.op}{shown(self.value, 30)}"


def parse_assignment(text: str) -> Assignment:
    """``KEY=VALUE``, ``KEY+=VALUE``, ``KEY-=VALUE`` or ``KEY=`` (EditError otherwise)."""
    m = _ASSIGNMENT.fullmatch(text)
    keys = tuple(k.strip() for k in m["key"].split(".")) if m else ()
    if m is None or not all(_KEY.fullmatch(k) for k in keys):
        raise EditError(
            f"'{shown(text)}' is not KEY=VALUE (also KEY+=VALUE and KEY-=VALUE for lists, "
            "KEY= to remove a key)"
        )
    return Assignment(text, keys, m["op"], m["value"])


# ---- applying assignments -------------------------------------------------------------------


def _field(cls: type[Any], name: str, a: Assignment, where: str) -> Field:
    from pmo.suggest import did_you_mean

    known = fields_of(cls)
    if name not in known:
        hint = did_you_mean(name.replace("-", "_"), known) or did_you_mean(name, known)
        label = f"{where} has" if where else f"a {cls.__name__.lower()} has"
        raise EditError(f"{a}: {label} no key '{shown(name, 40)}'{hint}")
    if name == "kind":
        raise EditError(f"{a}: the kind of a record cannot be changed")
    return known[name]


def _index(items: Any, segment: str, a: Assignment, where: str) -> int:
    n = len(items) if items is not None else 0
    if not segment.isdigit() or not 1 <= int(segment) <= n:
        count = f"{n} item{'s' if n != 1 else ''}"
        raise EditError(f"{a}: {where} has {count}; number them from 1 ({where}.1.KEY=...)")
    return int(segment) - 1


def _command_for(field: Field, target: str) -> str:
    assert field.of is not None
    kind = field.of.__name__.lower()
    if kind == "person":
        return "pmo new person ID"
    if kind == "update":
        return f"pmo update {target}"
    return f"pmo add {kind} {target}"


def _order(owner: type[Any] | None) -> tuple[str, ...]:
    return key_order(owner) if owner is not None else ()


def assign(node: Any, cls: type[Any], a: Assignment, target: str) -> str:
    """Apply one assignment to a record's round-trip mapping; returns what it did."""
    from ruamel.yaml.comments import CommentedMap

    from pmo.edit import ops

    container: Any = node
    owner: type[Any] | None = cls  # the class of ``container``; None: any keys (``free``)
    free: Field | None = None
    maps: list[tuple[Any, Field]] = []  # (mapping holding a map, that map's field)

    def field_at(name: str, where: str) -> Field:
        if free is not None:
            return entry_field(free, name)
        assert owner is not None
        return _field(owner, name, a, where)

    for i, segment in enumerate(a.keys[:-1]):
        where = ".".join(a.keys[: i + 1])
        if not isinstance(container, CommentedMap):  # a list of mappings: pick an item
            container = container[_index(container, segment, a, ".".join(a.keys[:i]))]
            continue
        field = field_at(segment, ".".join(a.keys[:i]))
        child = container.get(segment)
        if field.shape in ("map", "dict") and (field.of is not None or field.shape == "dict"):
            if child is None:
                if a.op != "=" or not a.value:
                    raise EditError(f"{a}: {where} is not set")
                child = CommentedMap()
                if field.shape == "map":
                    child.fa.set_flow_style()  # {likelihood: 4, impact: 3}, as the format shows
                ops.set_value(container, segment, child, _order(owner))
            maps.append((container, field))
            container = child
            owner, free = (field.of, None) if field.shape == "map" else (None, field)
        elif field.shape == "list":
            index = _index(child, a.keys[i + 1], a, where)
            if has_id(field.of):
                assert field.of is not None
                raise EditError(f"{a}: change a {field.of.__name__.lower()} by its own id")
            if i + 2 == len(a.keys):  # KEY.N=...: the item itself
                return _assign_item(child, field, index, a)
            if field.item != "map" or field.of is None:
                raise EditError(f"{a}: the items of {where} have no keys")
            container, owner, free = child, field.of, None
        else:
            raise EditError(f"{a}: {where} is a single value; it has no keys")
    field = field_at(a.keys[-1], ".".join(a.keys[:-1]))
    done = _assign_field(container, _order(owner), field, a, target)
    if a.op == "=" and not a.value:
        # A mapping the removal left empty (``budget: {}``) goes too, when optional.
        while maps and not len(container):
            holder, map_field = maps.pop()
            if map_field.required:
                break
            ops.remove_entry(holder, map_field.name)
            container = holder
    return done


def _changed(key: str, old: Any, new: Any) -> str:
    if old is None:
        return f"{key} = {shown(new)}"
    if shown(old) == shown(new):
        return f"{key} {shown(new)} (unchanged)"
    return f"{key} {shown(old)} → {shown(new)}"


def _assign_item(items: Any, field: Field, index: int, a: Assignment) -> str:
    """``KEY.N=VALUE`` or ``KEY.N=`` on a list of values."""
    from pmo.edit import ops

    old = items[index]
    if a.op != "=":
        raise EditError(f"{a}: {a.op} adds to or takes from a list: {'.'.join(a.keys[:-1])}{a.op}")
    if not a.value:
        ops.remove_entry(items, index)
        return f"{a.key} removed (was {shown(old)})"
    if field.of is not None:
        items[index] = mapping_of(field.of, yaml_value(a.value))
    else:
        assert field.item is not None
        items[index] = typed(item_type(field), field.item, a.value, old)
    return _changed(a.key, old, items[index])


def _assign_field(
    container: Any, order: Sequence[str], field: Field, a: Assignment, target: str
) -> str:
    from pmo.edit import ops

    name = field.name
    old = container.get(name)
    if a.op == "=" and not a.value:
        if name not in container:
            raise EditError(f"{a}: {a.key} is not set; there is nothing to remove")
        if field.required:
            raise EditError(f"{a}: {a.key} is required; it cannot be removed")
        if field.shape == "list" and has_id(field.of):
            raise EditError(f"{a}: {a.key} holds records with ids; it is not removed whole")
        ops.remove_entry(container, name)
        return f"{a.key} removed (was {shown(old)})"
    if a.op == "=":
        if field.shape == "list":
            if field.item == "map":
                raise EditError(
                    f"{a}: {a.key} is a list of mappings: add one with {a.key}+={{KEY: VALUE}}, "
                    f"change one with {a.key}.N.KEY=VALUE"
                )
            return _replace_list(container, order, field, a)
        if field.shape == "map" and field.of is not None:
            new = mapping_of(field.of, yaml_value(a.value))
        elif field.shape == "dict":
            new = free_mapping(field, yaml_value(a.value))
        else:
            new = typed(field.type, field.shape, a.value, old)
        ops.set_value(container, name, new, order)
        return _changed(a.key, old, new)
    if field.shape != "list":
        raise EditError(f"{a}: {a.op} adds to or takes from a list; {a.key} is not a list")
    if field.item == "map":
        assert field.of is not None
        if a.op == "-=":
            raise EditError(f"{a}: to remove an item of {a.key}, name it: {a.key}.N=")
        if has_id(field.of) or field.of.__name__ == "Update":
            raise EditError(f"{a}: add to {a.key} with {_command_for(field, target)}")
        ops.append_entry(
            container, name, mapping_of(field.of, yaml_value(a.value)), key_order(field.of), order
        )
        return f"{a.key} + {shown(a.value)}"
    return _add_or_take(container, order, field, a)


def _new_list(field: Field, values: Sequence[Any], flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    from pmo.edit.ops import FLOW_LISTS

    seq = CommentedSeq(values)
    if flow or field.name in FLOW_LISTS:
        seq.fa.set_flow_style()
    else:
        seq.fa.set_block_style()
    return seq


def _replace_list(container: Any, order: Sequence[str], field: Field, a: Assignment) -> str:
    from pmo.edit import ops

    old = container.get(field.name)
    values = items_of(field, a.value)
    flow = bool(old is not None and ops._is_flow(old))
    ops.set_value(container, field.name, _new_list(field, values, flow), order)
    return f"{a.key} {shown(list(old or []))} → {shown(values)}"


def _add_or_take(container: Any, order: Sequence[str], field: Field, a: Assignment) -> str:
    from pmo.edit import ops
    from pmo.suggest import did_you_mean

    items = container.get(field.name)
    present = [str(v) for v in items or []]
    values = items_of(field, a.value)
    if a.op == "+=":
        for value in values:
            if str(value) in present:
                raise EditError(f"{a}: {a.key} already has '{shown(value)}'")
            if items is None:
                items = _new_list(field, [], flow=False)
                ops.set_value(container, field.name, items, order)
            ops.append_value(items, value)
            present.append(str(value))
        return f"{a.key} + {', '.join(shown(v) for v in values)}"
    for value in values:
        if str(value) not in present:
            hint = did_you_mean(str(value), present)
            raise EditError(f"{a}: {a.key} has no '{shown(value)}'{hint}")
        ops.remove_entry(items, present.index(str(value)))
        present.remove(str(value))
    if items is not None and not len(items) and not field.required:
        ops.remove_entry(container, field.name)
    return f"{a.key} − {', '.join(shown(v) for v in values)}"


# ---- the edit -------------------------------------------------------------------------------


def _blame(path: tuple[str | int, ...], parsed: Sequence[Assignment]) -> str:
    """The assignment a problem at ``path`` comes from (the longest shared key prefix)."""
    keys = tuple(str(p + 1) if isinstance(p, int) else p for p in path)

    def shared(a: Assignment) -> int:
        n = 0
        for x, y in zip(a.keys, keys, strict=False):
            if x != y:
                break
            n += 1
        return n

    best = max(parsed, key=shared)
    return str(best) if shared(best) or len(parsed) == 1 else ".".join(keys)


def check_node(
    after: bytes, keys: tuple[str | int, ...], cls: type[Any], parsed: Sequence[Assignment]
) -> None:
    """Validate the edited record as the loader would; EditError naming the assignment."""
    from pmo.schema import validate_as
    from pmo.yamlread import read_bytes

    data = read_bytes(after).data
    for key in keys:
        data = data[key]
    _, problems = validate_as(cls, data)
    if problems:
        raise EditError("; ".join(f"{_blame(p.path, parsed)}: {p.message}" for p in problems))


def set_fields(
    root: Path, target: str, assignments: Sequence[str], *, dry_run: bool = False
) -> list[Change]:
    """Apply ``KEY=VALUE`` assignments to the record or item ``target`` (an id, or an
    action ``RISK/N``), all or nothing."""
    from pmo.edit.cycle import action_index, parse_action_ref

    parsed = [parse_assignment(text) for text in assignments]
    if not parsed:
        raise EditError("nothing to set: give one or more KEY=VALUE")
    ref = parse_action_ref(target)

    def plan(pf: Portfolio) -> list[Change]:
        kinds: tuple[str, ...] = ("risk",)
        if ref is not None:
            found, cls = ref[0], action_class()
        else:
            found, kinds = target, tuple(sorted(set(pf.id_kinds.values())))
            if target not in pf.id_kinds:
                raise _unknown(target, pf, kinds, "record or item")
            cls = record_class(pf.id_kinds[target])
        done: list[str] = []

        def change(node: Any) -> str:
            if ref is not None:
                index = action_index(node, *ref)
                node = node["actions"][index]
            done.extend(assign(node, cls, a, found) for a in parsed)
            return f"{target}: " + "; ".join(done)

        changes = _edit(root, pf, found, kinds, "record or item" if ref is None else "risk", change)
        keys = pf.origins[found][1]
        if ref is not None:
            keys = (*keys, "actions", ref[1] - 1)
        check_node(changes[0].after, keys, cls, parsed)
        return changes

    return apply(root, plan, dry_run=dry_run)
