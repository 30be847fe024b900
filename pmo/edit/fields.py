"""The fields of every record and nested item, read from the record classes in :mod:`pmo.records`.

``pmo set`` and shell completion ask here what a key of a record is: text, another value
(a date, money, a score, true or false), a mapping of further keys, or a list. Nothing is
listed by hand: a field added to a record class is settable at once.

>>> from pmo import records
>>> field_of(records.Risk, "likelihood").shape, field_of(records.Risk, "likelihood").required
('scalar', True)
>>> field_of(records.Work, "budget").of is records.Budget
True
>>> sorted(item_kinds())
['benefit', 'decision', 'issue', 'milestone', 'person', 'risk']
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pmo import records


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record class: how its value is read and whether it may be left out.

    ``shape`` is ``text`` (taken as written), ``scalar`` (read as YAML reads it: a number,
    a date, true or false, money), ``map`` (a mapping of the keys of the class ``of``),
    ``list`` (whose items have the shape ``item`` and, for mappings, the class ``of``) or
    ``dict`` (a mapping of any keys whose values have the shape ``item``).
    """

    name: str
    #: The annotated type, as the loader validates it (``X | None`` unwrapped).
    type: Any
    shape: str
    required: bool
    of: type[Any] | None = None
    item: str | None = None
    #: The values a ``Literal`` field allows (``response``, ``status``, ...), else empty.
    choices: tuple[str, ...] = ()


def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _optional(tp: Any) -> Any:
    """``X | None`` → X."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _base(tp: Any) -> Any:
    """``Annotated[X, ...]`` → X."""
    return get_args(tp)[0] if get_origin(tp) is typing.Annotated else tp


def _shape(tp: Any) -> tuple[str, type[Any] | None, tuple[str, ...]]:
    base = _base(tp)
    if get_origin(base) is Literal:
        return "text", None, tuple(str(a) for a in get_args(base))
    if base is str:
        return "text", None, ()
    if dataclasses.is_dataclass(base):
        return "map", base, ()  # type: ignore[return-value]
    return "scalar", None, ()


_FIELDS: dict[type[Any], dict[str, Field]] = {}


def fields_of(cls: type[Any]) -> dict[str, Field]:
    """Every key of a record class, in the order the records format lists them."""
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = _fields(cls)
    return known


def _fields(cls: type[Any]) -> dict[str, Field]:
    hints = _hints(cls)
    found: dict[str, Field] = {}
    for f in dataclasses.fields(cls):
        tp = _optional(hints[f.name])
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if get_origin(tp) is list:
            item_tp = get_args(tp)[0]
            shape, of, choices = _shape(item_tp)
            found[f.name] = Field(f.name, tp, "list", required, of, shape, choices)
        elif get_origin(tp) is dict:  # any keys, e.g. a paper's implications by heading
            shape, of, choices = _shape(get_args(tp)[1])
            found[f.name] = Field(f.name, tp, "dict", required, of, shape, choices)
        else:
            shape, of, choices = _shape(tp)
            found[f.name] = Field(f.name, tp, shape, required, of, None, choices)
    return found


def entry_field(field: Field, key: str) -> Field:
    """The field of one key of a ``dict`` field (``implications.financial``)."""
    value_tp = get_args(field.type)[1]
    return Field(key, value_tp, field.item or "scalar", False, field.of, None, field.choices)


def field_of(cls: type[Any], name: str) -> Field:
    """One key of a record class (KeyError when it has none of that name)."""
    return fields_of(cls)[name]


def key_order(cls: type[Any]) -> tuple[str, ...]:
    """The order of keys in a mapping of ``cls``, as the records format lists them."""
    from pmo.edit.ops import WORK_KEYS

    if issubclass(cls, records.Work):
        return WORK_KEYS
    return tuple(fields_of(cls))


def list_item_class(cls: type[Any], name: str) -> type[Any]:
    """The class of the items of a list of mappings (``Risk.actions`` → ``Action``)."""
    of: type[Any] | None = field_of(cls, name).of
    assert of is not None, f"{cls.__name__}.{name} is not a list of mappings"
    return of


def has_id(cls: type[Any] | None) -> bool:
    """Items of this class are found by their own id (milestones, risks, people, ...)."""
    return cls is not None and "id" in fields_of(cls)


@functools.cache
def item_kinds() -> dict[str, type[Any]]:
    """Nested item kind → class, for every list in a record whose items have ids.

    The kind is the class's name in lower case, as the loader names ids (``milestone``,
    ``risk``, ``person``, ...).
    """
    kinds: dict[str, type[Any]] = {}
    for cls in records.KINDS.values():
        for f in fields_of(cls).values():
            if f.shape == "list" and has_id(f.of):
                assert f.of is not None
                kinds[f.of.__name__.lower()] = f.of
    return kinds


def record_class(kind: str) -> type[Any]:
    """The class of a record or nested item of a kind the loader names (``risk``, ``board``)."""
    cls: type[Any] = records.KINDS.get(kind) or item_kinds()[kind]
    return cls


#: What an action is, for messages and completion (actions have no ids of their own).
ACTION = "action"


def action_class() -> type[Any]:
    """The class of a risk's actions."""
    return list_item_class(records.Risk, "actions")


_WORDS = {
    "parse_id": "an id",
    "parse_date": "a date, YYYY-MM-DD",
    "parse_money": "money, e.g. £1.2m",
    "normalise_rag": "a rating: green, amber, red",
    "parse_score": "a score 1..5",
    "parse_risk_score": "a score 1..25",
}


def _describe_type(tp: Any, choices: tuple[str, ...]) -> str:
    if choices:
        return " | ".join(choices)
    for meta in getattr(tp, "__metadata__", ()):
        func = getattr(meta, "func", None)
        if func is not None and func.__name__ in _WORDS:
            return _WORDS[func.__name__]
    base = _base(tp)
    return {str: "text", bool: "true or false", int: "a whole number"}.get(base, "a number")


def describe(field: Field) -> str:
    """What a field holds, in words: ``a date, YYYY-MM-DD``, ``a list of ids``, ...

    >>> describe(field_of(records.Risk, "response"))
    'treat | tolerate | transfer | terminate | take'
    >>> describe(field_of(records.Board, "members"))
    'a list of: an id'
    """
    if field.shape == "map":
        return f"a mapping ({', '.join(fields_of(field.of))})" if field.of else "a mapping"
    if field.shape == "dict":
        return f"a mapping of any keys to {describe(entry_field(field, ''))}"
    if field.shape == "list":
        if field.of is not None:
            return f"a list of mappings ({', '.join(fields_of(field.of))})"
        return f"a list of: {_describe_type(get_args(field.type)[0], field.choices)}"
    return _describe_type(field.type, field.choices)
