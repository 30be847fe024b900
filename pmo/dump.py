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
import re
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


#: Characters the emitter would write raw where the parser reads them as something else
#: (NEL, the Unicode line and paragraph separators, a lone CR, controls, a BOM): text holding
#: any is written double-quoted, where they are escapes.
_AWKWARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: Text left to the emitter inside flow collections; any other is quoted there, as the
#: emitter's idea of what may be plain in flow style differs from the parser's (``1?``, ``:0``).
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.()/-]*(?<! )")


def _str_style(value: str, compact: bool) -> str | None:
    if _AWKWARD.search(value):
        return '"'
    if value[:1] == ":" or (compact and not _FLOW_PLAIN.fullmatch(value)):
        return "'"
    return None  # plain if it reads back as this text, else quoted: the emitter decides


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = format(value, "f")
    kind = "float" if "." in text else "int"
    return representer.represent_scalar(f"tag:yaml.org,2002:{kind}", text)


def _yaml(compact: bool = False) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import SafeRepresenter

    class Representer(SafeRepresenter):  # type: ignore[misc]
        """The safe representer with exact money and careful quoting (a private registry)."""

        def ignore_aliases(self, data: Any) -> bool:
            return (
                True  # never anchors and aliases, which pmo refuses (a shared date would get one)
            )

        def represent_str(self, value: str) -> Any:
            style = _str_style(value, compact)
            return self.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Representer.add_representer(Decimal, _represent_decimal)
    Representer.add_representer(str, Representer.represent_str)
    yaml: Any = YAML(typ="safe", pure=True)
    yaml.Representer = Representer
    yaml.default_flow_style = None if compact else False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 1 << 30  # one line per value: no folding, no trailing blanks
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dumps_data(data: Any, *, compact: bool = False) -> str:
    """Plain data as block-style YAML text (see the module docstring).

    ``compact``: innermost mappings and lists in flow style, one to a line
    (``- {id: m1, title: Go live, baseline: 2011-04-01}``).
    """
    buffer = io.StringIO()
    _yaml(compact).dump(data, buffer)
    return buffer.getvalue()


def dumps(obj: Any, *, compact: bool = False) -> str:
    """A record (or the settings) as the YAML text of its file."""
    return dumps_data(to_data(obj), compact=compact)
