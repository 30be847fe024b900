"""Edits of one record's round-trip data: append an update or an item, mark done, close, rescore.

Each function changes a ruamel.yaml ``CommentedMap`` in place, touching as little as it can:
new keys go where the records format lists them, new list items take the style (flow or
block) of their siblings, and a comment or blank line that closed the list stays at its end.

>>> from pmo.edit.roundtrip import Document
>>> doc = Document.parse("kind: project\\nmilestones:\\n  - {id: m1, baseline: 2010-01-01}\\n")
>>> import datetime as dt
>>> set_value(doc.data["milestones"][0], "actual", dt.date(2010, 2, 1), MILESTONE_KEYS)
>>> print(doc.render(), end="")
kind: project
milestones:
  - {id: m1, baseline: 2010-01-01, actual: 2010-02-01}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pmo import records


def _keys(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


#: The order of keys in a programme or project, as the records format lists them.
WORK_KEYS = tuple(dict.fromkeys(("kind", "id", "name", "programme", *_keys(records.Work))))
UPDATE_KEYS = _keys(records.Update)
MILESTONE_KEYS = _keys(records.Milestone)
RISK_KEYS = _keys(records.Risk)
ISSUE_KEYS = _keys(records.Issue)
DECISION_KEYS = _keys(records.Decision)
BENEFIT_KEYS = _keys(records.Benefit)
PERSON_KEYS = _keys(records.Person)

#: Lists of ids, written ``[a, b]`` as the records format shows them.
FLOW_LISTS = frozenset({"depends_on", "tags", "members", "scope"})

#: List key in a work record → the key order of its items.
ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "updates": UPDATE_KEYS,
    **{kind.key: _keys(kind.cls) for kind in records.ITEM_KINDS},
}


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _chain(node: Any) -> list[tuple[Any, Any]]:
    """The slots (container, key or index) down the last elements of a block collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    chain: list[tuple[Any, Any]] = []
    while isinstance(node, CommentedMap | CommentedSeq) and len(node) and not _is_flow(node):
        last: Any = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        chain.append((node, last))
        node = node[last]
    return chain


def _where(container: Any) -> int:
    """Index of the end-of-line comment in a ``ca.items`` entry: 2 in mappings, 0 in lists."""
    from ruamel.yaml.comments import CommentedMap

    return 2 if isinstance(container, CommentedMap) else 0


def _token(slot: tuple[Any, Any]) -> Any:
    container, key = slot
    entry = container.ca.items.get(key)
    return entry[_where(container)] if entry else None


def _is_block_scalar(value: Any) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _take_trailing(node: Any) -> str:
    """Detach the blank lines and comments after the last line of ``node``; return them."""
    return _take_trailing_chain(_chain(node))


def _slot_chain(container: Any, key: Any) -> list[tuple[Any, Any]]:
    """The slots from one entry of ``container`` down to the last line of its value."""
    return [(container, key), *_chain(container[key])]


def _take_trailing_chain(chain: list[tuple[Any, Any]]) -> str:
    """Detach the blank lines and comments after the last slot of ``chain``; return them."""
    for slot in reversed(chain):
        token = _token(slot)
        if token is None:
            continue
        container, key = slot
        if _is_block_scalar(container[key]):
            # A block scalar ends with its own line break: all of the token trails it.
            own, rest = "", token.value
        else:
            own, _, rest = token.value.partition("\n")
        if not rest:
            return ""
        if own.strip():
            token.value = own + "\n"
        else:
            entry = container.ca.items[key]
            entry[_where(container)] = None
            if not any(entry):
                del container.ca.items[key]
        return str(rest)
    return ""


def _put_trailing(node: Any, text: str) -> None:
    """Attach ``text`` (blank lines and comments) after the last line of ``node``."""
    _put_trailing_chain(_chain(node), text)


def _put_trailing_chain(chain: list[tuple[Any, Any]], text: str) -> None:
    """Attach ``text`` (blank lines and comments) after the last slot of ``chain``."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not text or not chain:
        return
    container, key = slot = chain[-1]
    token = _token(slot)
    if token is not None:
        token.value = token.value.rstrip("\n") + "\n" + text
        return
    new = CommentToken("\n" + text, CommentMark(0), None)
    if isinstance(container, CommentedMap):
        container.ca.items[key] = [None, None, new, None]
    else:
        container.ca.items[key] = [new, None, None, None]


def _position(mapping: Any, key: str, order: Sequence[str]) -> int:
    """Where ``key`` belongs in ``mapping``: after the last present key listed before it."""
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = list(mapping)
    position = len(keys)
    for i in range(len(keys) - 1, -1, -1):
        if rank.get(keys[i], -1) < mine:
            return i + 1
        position = i
    return position


def set_value(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key``: in place when present, else inserted where the format lists it."""
    if key in mapping:
        mapping[key] = value
        return
    position = _position(mapping, key, order)
    keys = list(mapping)
    if position == len(keys) and keys and not _is_flow(mapping):
        # Appending after the last key: the comment that ended the block moves down.
        trailing = _take_trailing(mapping)
        mapping.insert(position, key, value)
        _put_trailing(mapping, trailing)
        return
    mapping.insert(position, key, value)


def new_item(values: Mapping[str, Any], order: Sequence[str], *, flow: bool = False) -> Any:
    """A mapping of ``values`` in format order, leaving out empty ones."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = CommentedMap()
    for key in order:
        value = values.get(key)
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, list):
            seq = CommentedSeq(value)
            if flow or key in FLOW_LISTS:
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
            value = seq
        item[key] = value
    if flow:
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    return item


def append_item(
    work: Any, list_key: str, values: Mapping[str, Any], order: Sequence[str] | None = None
) -> Any:
    """Append an item to ``work[list_key]`` (creating the list where the format puts it).

    ``order`` is the key order of the new item (default: the records format's for
    ``list_key``; e.g. :data:`PERSON_KEYS` for ``people``).
    """
    return append_entry(work, list_key, values, order or ITEM_KEYS[list_key], WORK_KEYS)


def append_entry(
    mapping: Any,
    list_key: str,
    values: Mapping[str, Any],
    order: Sequence[str],
    mapping_order: Sequence[str],
    *,
    flow_when_new: bool = False,
) -> Any:
    """Append a mapping of ``values`` (keys in ``order``) to the list ``mapping[list_key]``.

    The list is created where ``mapping_order`` puts it; the item takes its siblings' style
    (the first item of a new list is a flow mapping with ``flow_when_new``).
    """
    from ruamel.yaml.comments import CommentedSeq

    items = mapping.get(list_key)
    if items is None or not isinstance(items, CommentedSeq):
        # A new list, made whole before it goes in: what closed the mapping stays last.
        item = new_item(values, order, flow=flow_when_new)
        items = CommentedSeq([item])
        items.fa.set_block_style()
        if list_key in mapping:
            mapping[list_key] = items  # e.g. ``risks:`` or ``risks: null``
        else:
            set_value(mapping, list_key, items, mapping_order)
        return item
    # Match the siblings' style: all flow items → a flow item. An empty flow list
    # (``risks: []``) becomes a block list.
    flow = bool(len(items)) and all(_is_flow(i) for i in items)
    if not len(items) and _is_flow(items):
        items.fa.set_block_style()
    item = new_item(values, order, flow=flow)
    if _is_flow(items):
        items.append(item)
        return item
    trailing = _take_trailing(items) if len(items) else ""
    items.append(item)
    _put_trailing(items, trailing)
    return item


def append_value(items: Any, value: Any) -> None:
    """Append a value to a list, keeping the comment or blank line that closed it at its end."""
    if _is_flow(items) or not len(items):
        items.append(value)
        return
    trailing = _take_trailing(items)
    items.append(value)
    _put_trailing(items, trailing)


def remove_entry(container: Any, key: Any) -> None:
    """Remove a key of a mapping (or an item of a list, by index) and nothing else.

    The blank lines and comments after the removed entry, which ruamel.yaml keeps with it,
    stay where they were: after the entry before it, or before the entry after it. Where
    blank lines were on both sides of the entry, one gap is kept.
    """
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    keys: list[Any] = list(container) if isinstance(container, CommentedMap) else []
    position = keys.index(key) if keys else key
    flow = _is_flow(container)
    trailing = "" if flow else _take_trailing_chain(_slot_chain(container, key))
    del container[key]
    if flow or not len(container):
        return
    gap = position == 0  # nothing before the entry but the key holding the collection
    if position > 0:
        chain = _slot_chain(container, keys[position - 1] if keys else position - 1)
        before = _take_trailing_chain(chain)
        gap = before.endswith("\n\n") or before == "\n"
        if gap and not before.strip() and position == len(container):
            before = trailing  # the gap led to the entry now gone: what followed it stays
        elif trailing.strip() or not gap:
            before += trailing
        _put_trailing_chain(chain, before)
    elif trailing.strip():
        after = keys[1] if keys else 0
        entry = container.ca.items.setdefault(after, [None, None, None, None])
        text = trailing.lstrip("\n")  # no blank line straight after the holding key
        entry[1] = [CommentToken(text, CommentMark(0), None), *(entry[1] or [])]
        return
    # A blank line kept before the next entry (after a flow item) is one gap too many.
    following = keys[position + 1] if keys and position + 1 < len(keys) else None
    if not keys and position < len(container):
        following = position
    entry = container.ca.items.get(following) if following is not None else None
    if gap and entry and entry[1] and not any(t.value.strip() for t in entry[1]):
        entry[1] = None


def find_item(work: Any, list_key: str, item_id: str) -> Any:
    """The item of ``work[list_key]`` whose ``id`` is ``item_id``."""
    for item in work.get(list_key) or []:
        if isinstance(item, Mapping) and item.get("id") == item_id:
            return item
    raise KeyError(item_id)


def mark_done(milestone: Any, date: dt.date) -> None:
    """Record the date a milestone was achieved (``actual:``)."""
    set_value(milestone, "actual", date, MILESTONE_KEYS)


def close_item(item: Any, date: dt.date, order: Sequence[str], resolution: str | None) -> None:
    """Close a risk or issue: ``status: closed`` and the ``closed:`` date."""
    set_value(item, "status", "closed", order)
    set_value(item, "closed", date, order)
    if resolution is not None and "resolution" in order:
        set_value(item, "resolution", resolution, order)


def rescore(risk: Any, likelihood: int, impact: int) -> None:
    """A risk's current likelihood and impact."""
    set_value(risk, "likelihood", likelihood, RISK_KEYS)
    set_value(risk, "impact", impact, RISK_KEYS)
