"""Append many items to record files quickly: ruamel.yaml places them, this module writes them.

ruamel.yaml renders about 15,000 lines a second; a 5,000-row RAID log adds 50,000. So each
new item goes through :func:`pmo.edit.ops.append_item` as a one-key placeholder (it finds
the item's place, its block or flow style, and moves a closing comment after it), and
its text is written here, in the style ruamel.yaml would write it, when the file is
rendered. The result is read back and validated by :func:`pmo.edit.apply.apply` like any
edit.

>>> scalar("£425k"), scalar("Risk: partners withdraw"), scalar("2010-10-01"), scalar("yes")
('£425k', "'Risk: partners withdraw'", "'2010-10-01'", 'yes')
>>> scalar("a, b", flow=True), scalar("two\\nlines")
("'a, b'", '"two\\\\nlines"')
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from pmo.edit import ops
from pmo.yamlread import resolve_plain

_TOKENS = itertools.count(1)
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@` \t")
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}.*")
_PRINTABLE = re.compile(r"[\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}
_PLACEHOLDER = re.compile(r"pmo-import-placeholder-\d+")


def scalar(value: Any, *, flow: bool = False) -> str:
    """A scalar as ruamel.yaml writes it: plain where that reads back the same, else quoted."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    if "\n" not in text and _PRINTABLE.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    return '"' + "".join(_escape(c) for c in text) + '"'


def _escape(char: str) -> str:
    """One character inside a double-quoted scalar: printable as it is, else escaped."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _PRINTABLE.fullmatch(char):
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code <= 0xFF
        else f"\\u{code:04x}"
        if code <= 0xFFFF
        else f"\\U{code:08x}"
    )


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and any(c in text for c in ",[]{}:#?"):
        return False
    if not _PRINTABLE.fullmatch(text) or _DATE_LIKE.fullmatch(text):
        return False
    return bool(resolve_plain(text) == text)


def flow_text(value: Any) -> str:
    """A value inside a flow collection: ``{a: 1, b: [x, y]}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return scalar(value, flow=True)


def block_lines(values: Mapping[str, Any], keys: Sequence[str], offset: int) -> list[str]:
    """An item's lines as a block mapping (nested lists ``offset`` in from their key)."""
    lines = []
    for key in keys:
        value = values[key]
        if isinstance(value, Mapping):
            lines.append(f"{key}: {flow_text(value)}")
        elif isinstance(value, list):
            if key in ops.FLOW_LISTS:
                lines.append(f"{key}: {flow_text(value)}")
            else:
                lines.append(f"{key}:")
                pad = " " * offset
                lines += [
                    f"{pad}- {flow_text(v) if isinstance(v, Mapping) else scalar(v)}" for v in value
                ]
        else:
            lines.append(f"{key}: {scalar(value)}")
    return lines


#: ``  - id: pmo-import-placeholder-7``: a placeholder as a block item.
_BLOCK = re.compile(r"(?P<lead> *-(?: +))(?P<key>\w+): (?P<token>pmo-import-placeholder-\d+)")


class Appender:
    """New items of an import: placed by ruamel.yaml, written here when a file is rendered.

    Items appended one after another to the same list share one placeholder.
    """

    def __init__(self) -> None:
        #: Placeholder → the items it stands for (values, keys in order), and its key.
        self.pending: dict[str, tuple[list[tuple[dict[str, Any], list[str]]], str]] = {}

    def append(
        self,
        node: Any,
        list_key: str,
        values: Mapping[str, Any],
        order: Sequence[str] | None = None,
    ) -> None:
        """Append an item to ``node[list_key]``, as :func:`pmo.edit.ops.append_item` would."""
        order = order or ops.ITEM_KEYS[list_key]
        keys = [k for k in order if values.get(k) not in (None, [], "")]
        items = node.get(list_key)
        last = items[-1] if isinstance(items, list) and len(items) else None
        if isinstance(last, Mapping) and len(last) == 1:
            token = next(iter(last.values()))
            if isinstance(token, str) and token in self.pending:
                self.pending[token][0].append((dict(values), keys))
                return
        token = f"pmo-import-placeholder-{next(_TOKENS)}"
        ops.append_item(node, list_key, {keys[0]: token}, order)
        self.pending[token] = ([(dict(values), keys)], keys[0])

    def encode(self, doc: Any) -> bytes:
        """The document's new bytes, each placeholder replaced by its items' text."""
        text = doc.render()
        if not self.pending or "pmo-import-placeholder-" not in text:
            return bytes(text.encode("utf-8"))
        eol = "\r\n" if doc.crlf else "\n"
        out = []
        for line in text.split(eol):
            found = _PLACEHOLDER.search(line)
            if found is None:
                out.append(line)
                continue
            items, first = self.pending[found.group()]
            block = _BLOCK.fullmatch(line)
            if block is not None and block["key"] == first:
                lead = block["lead"]
                for values, keys in items:
                    body = block_lines(values, keys, doc.indent.offset)
                    out.append(lead + body[0])
                    out += [" " * len(lead) + rest for rest in body[1:]]
                continue
            flows = [flow_text({k: values[k] for k in keys}) for values, keys in items]
            placeholder = f"{{{first}: {found.group()}}}"
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") and stripped[2:] == placeholder:
                lead = line[: len(line) - len(stripped) + 2]
                out += [lead + flow for flow in flows]  # flow items of a block list
            elif placeholder in line:
                out.append(line.replace(placeholder, ", ".join(flows)))  # a flow list
            else:  # ruamel.yaml writes a one-key mapping in a flow list without braces
                out.append(line.replace(placeholder[1:-1], ", ".join(flows)))
        return eol.join(out).encode("utf-8")
