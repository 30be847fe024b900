"""Records back to YAML: record dataclasses → plain data → block-style YAML that reads back equal.

:func:`to_data` turns a record (or any nested item, or the settings) into plain data in
the order of the records format, leaving out every key that holds its default (``None``,
an empty list, ``status: open``, ...); :func:`dumps` writes that data as safe, block-style
YAML: dates as ``YYYY-MM-DD``, money as plain numbers (exact: ``1.50`` stays ``1.50``),
text quoted only where YAML needs it. What :func:`dumps` writes, ``pmo`` reads back as
the same record, normalised (``Amber/Green`` is written ``amber-green``, ``£3.6m`` as
``3600000``).

>>> from pmo.records import Person, People
>>> print(dumps(People(kind="people", people=[Person(id="ann", name="Ann Smith")])), end="")
kind: people
people:
  - id: ann
    name: Ann Smith
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import MISSING, fields, is_dataclass
from decimal import Decimal
from typing import Any


def to_data(obj: Any) -> Any:
    """Plain data (dicts, lists, text, numbers, dates) of a record, item or value.

    Keys come in the order of the records format with ``kind`` first; a key whose value
    equals its default is left out.
    """
    if is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        if hasattr(obj, "kind"):
            out["kind"] = obj.kind
        for f in fields(obj):
            if f.name == "kind":
                continue
            value = getattr(obj, f.name)
            if f.default is not MISSING and value == f.default:
                continue
            if f.default_factory is not MISSING and value == f.default_factory():
                continue
            out[f.name] = to_data(value)
        return out
    if isinstance(obj, list | tuple):
        return [to_data(item) for item in obj]
    if isinstance(obj, dt.datetime):
        return obj.date()
    return obj


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = format(value, "f")
    kind = "float" if "." in text else "int"
    return representer.represent_scalar(f"tag:yaml.org,2002:{kind}", text)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml: Any = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 1 << 30  # one line per value: no folding, no trailing blanks
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def dumps_data(data: Any) -> str:
    """Plain data as block-style YAML text (see the module docstring)."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def dumps(obj: Any) -> str:
    """A record (or the settings) as the YAML text of its file."""
    return dumps_data(to_data(obj))
