r"""Values for ``pmo set`` and the cycle commands: read as the loader reads them, shown inert.

Text is taken as typed (keeping the style it was written in: quoted, folded or literal);
any other value is read as YAML reads a plain scalar and checked against the field's type,
so ``likelihood=4`` is written ``4``, ``due=2011-01-31`` a date, ``gate=yes`` ``true``, and
money as written (``£1.3m``). What cannot be read is written as given, for the validation
to report in the loader's words.

>>> print(shown("Costs" + chr(27) + "[2J up" + chr(10) + "5%"))
Costs\x1b[2J up\n5%
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, get_args

from pmo.edit.apply import EditError
from pmo.edit.fields import Field, entry_field, fields_of, key_order
from pmo.inert import line


def shown(value: Any, limit: int = 60) -> str:
    """A value on one line for a message: control characters escaped, long text cut."""
    from collections.abc import Mapping

    if value is None:
        text = "null"
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k}: {shown(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(shown(v, limit) for v in value) + "]"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, Decimal):
        text = f"{value:f}"
    else:
        text = str(value)
    text = line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def typed(tp: Any, shape: str, raw: Any, old: Any = None) -> Any:
    """What to write for ``raw`` in a field of type ``tp``: text as given, other values typed.

    ``raw`` is text as typed (or data as YAML read it). A value the type does not accept is
    returned as it is, for the validation to report in the loader's words.
    """
    from pydantic import ValidationError
    from ruamel.yaml.scalarstring import LiteralScalarString

    from pmo.schema import adapter
    from pmo.yamlread import resolve_plain

    if shape == "text":
        if not isinstance(raw, str):
            return raw
        if "\n" in raw:
            return LiteralScalarString(raw)
        if (
            isinstance(old, str)
            and type(old) is not str
            and type(old).__name__ != "PlainScalarString"
        ):
            # Keep the style it was written in: quoted, or a folded or literal block.
            return type(old)(raw)
        return raw
    if isinstance(raw, str):
        raw = resolve_plain(raw.strip())
    try:
        value = adapter(tp).validate_python(raw)
    except ValidationError:
        return raw
    if isinstance(value, bool | int | dt.date) and not isinstance(value, Decimal):
        return value
    return raw  # money as written: 425000, 1.5, £1.3m


def item_type(field: Field) -> Any:
    return get_args(field.type)[0]


def items_of(field: Field, text: str) -> list[Any]:
    """The items of a list value: ``[a, b]`` as YAML; ids and tags split at commas; else
    one item (a recommendation or a next step may hold a comma)."""
    from pmo.edit.ops import FLOW_LISTS
    from pmo.types import Id

    stripped = text.strip()
    if stripped.startswith("["):
        raw = yaml_value(stripped)
        values = raw if isinstance(raw, list) else [raw]
    elif item_type(field) == Id or field.name in FLOW_LISTS:
        values = [v.strip() for v in stripped.split(",") if v.strip()]
    else:
        values = [text]
    assert field.item is not None
    return [typed(item_type(field), field.item, v) for v in values]


def yaml_value(text: str) -> Any:
    """A value written in YAML (``{a: 1}``, ``[x, y]``), read as the loader reads it."""
    from pmo.yamlread import read_text

    result = read_text(f"v: {text}\n")
    if result.problems or not isinstance(result.data, dict):
        raise EditError(f"'{shown(text)}' is not a YAML value")
    return result.data["v"]


def mapping_of(cls: type[Any], data: Any) -> Any:
    """A new flow mapping of ``data`` for a mapping of class ``cls`` (keys in format order)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(data, dict):
        return data  # the validation says what is wrong
    known = fields_of(cls)
    node = CommentedMap()
    for key in sorted(data, key=lambda k: (key_order(cls) + (str(k),)).index(str(k))):
        value, field = data[key], known.get(str(key))
        if field is not None and field.shape == "map" and field.of is not None:
            value = mapping_of(field.of, value)
        elif field is not None and field.shape == "dict":
            value = free_mapping(field, value)
        elif field is not None and field.shape == "list" and isinstance(value, list):
            item = field.item or "scalar"
            seq = CommentedSeq(
                mapping_of(field.of, v) if field.of else typed(item_type(field), item, v)
                for v in value
            )
            seq.fa.set_flow_style()
            value = seq
        elif field is not None:
            value = typed(field.type, field.shape, value)
        node[key] = value
    node.fa.set_flow_style()
    return node


def free_mapping(field: Field, data: Any) -> Any:
    """A new block mapping of any keys for a ``dict`` field (values typed as it says)."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(data, dict):
        return data  # the validation says what is wrong
    node = CommentedMap()
    for key, value in data.items():
        entry = entry_field(field, str(key))
        if entry.shape == "map" and entry.of is not None:
            node[key] = mapping_of(entry.of, value)
        else:
            node[key] = typed(entry.type, entry.shape, value)
    node.fa.set_block_style()
    return node
