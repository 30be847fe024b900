"""Round-trip YAML: load a record file, change it, and write back only the lines that changed.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow or block style and
blank lines. What it cannot keep (the spelling of ``null``, an indentation it was not told
about) is kept by :func:`merge`: the edit is applied as a line diff to the original text, so
every line the edit did not touch stays byte for byte. The file's indentation is measured
(:func:`measure_indent`), and CRLF line ends and a byte-order mark are kept.

>>> doc = Document.parse("kind: project  # a comment\\nclosed: null\\ntags: [a]\\n")
>>> doc.data["tags"].append("b")
>>> print(doc.render(), end="")
kind: project  # a comment
closed: null
tags: [a, b]
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

BOM = "\ufeff"

_KEY_ONLY = re.compile(
    r"^(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)(?P<key>[^\s#\-][^#]*?):[ ]*(#.*)?$"
)
_ITEM = re.compile(r"^(?P<indent>[ ]*)-[ ]+(?P<rest>\S)")


@dataclass(frozen=True, slots=True)
class Indent:
    """Block indentation, as ruamel.yaml names it: mapping, sequence and dash offset."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def measure_indent(text: str) -> Indent:
    """The indentation a file uses, measured from its lines (the most common of each kind).

    >>> measure_indent("a:\\n    b: 1\\nc:\\n- x\\n")
    Indent(mapping=4, sequence=2, offset=0)
    >>> measure_indent("a: 1\\n")
    Indent(mapping=2, sequence=4, offset=2)
    """
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    previous: re.Match[str] | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous is not None:
            key_column = len(previous["indent"]) + len(previous["dashes"])
            item = _ITEM.match(line)
            if item is not None and indent >= key_column:
                offset = indent - key_column
                content = item.start("rest")
                sequences[(content - key_column, offset)] += 1
            elif item is None and indent > key_column:
                mappings[indent - key_column] += 1
        previous = _KEY_ONLY.match(line)
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    if sequences:
        sequence, offset = sequences.most_common(1)[0][0]
    else:
        sequence, offset = mapping + 2, mapping
    return Indent(mapping, max(sequence, offset + 2), offset)


def _represent_decimal(representer: Any, value: Any) -> Any:
    """An exact decimal (money such as ``1.5``) as a plain YAML number, never a float."""
    return representer.represent_scalar("tag:yaml.org,2002:float", f"{value:f}")


def make_yaml(indent: Indent) -> Any:
    from decimal import Decimal

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.representer.add_representer(Decimal, _represent_decimal)
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long line
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


class Document:
    """One YAML file held for a round-trip edit: change ``data``, then :meth:`render`."""

    def __init__(self, text: str, *, bom: bool, crlf: bool, indent: Indent) -> None:
        self.original = text  # without BOM, with "\n" line ends
        self.bom = bom
        self.crlf = crlf
        self.indent = indent
        self._yaml = make_yaml(indent)
        self.data: Any = self._yaml.load(text)
        # What ruamel.yaml writes of the file unchanged (dumping does not change the data).
        self._baseline = self._dump(self.data)

    @classmethod
    def parse(cls, text: str) -> Document:
        """A document from a file's text (BOM and CRLF are remembered and put back)."""
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        crlf = "\r\n" in text
        if crlf:
            text = text.replace("\r\n", "\n")
        return cls(text, bom=bom, crlf=crlf, indent=measure_indent(text))

    @classmethod
    def from_bytes(cls, raw: bytes) -> Document:
        return cls.parse(raw.decode("utf-8"))

    def _dump(self, data: Any) -> str:
        out = io.StringIO()
        self._yaml.dump(data, out)
        return out.getvalue()

    def render(self) -> str:
        """The file's new text: the original with only the edited lines changed."""
        edited = self._dump(self.data)
        text = merge(self.original, self._baseline, edited)
        if text != edited and not _same_data(text, edited):
            text = edited  # the merge could not be trusted: take ruamel's whole rendering
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (BOM if self.bom else "") + text

    def encode(self) -> bytes:
        return self.render().encode("utf-8")


def _same_data(a: str, b: str) -> bool:
    from pmo.yamlread import read_text

    first, second = read_text(a), read_text(b)
    return not first.problems and not second.problems and first.data == second.data


def _conflict(change: tuple[int, int, int, list[str]], start: int, end: int) -> bool:
    """Does ``change`` overlap the cluster ``[start, end)``? Two insertions at one place do."""
    return change[0] < end or change[0] == change[1] == start == end


def merge(original: str, baseline: str, edited: str) -> str:
    """Apply the change ``baseline`` → ``edited`` to ``original`` (a three-way line merge).

    ``baseline`` is ruamel.yaml's rendering of the unchanged file: where it differs from
    ``original`` (say ``null`` written as nothing), the original lines are kept, unless the
    edit touches the same lines, in which case the edited lines win there.

    >>> merge("a: null\\nb: 1\\n", "a:\\nb: 1\\n", "a:\\nb: 2\\n")
    'a: null\\nb: 2\\n'
    >>> merge("a: null\\nb: 1\\n", "a:\\nb: 1\\n", "a: 3\\nb: 1\\n")
    'a: 3\\nb: 1\\n'
    """
    if original == baseline:
        return edited
    base = baseline.splitlines(keepends=True)
    ours = original.splitlines(keepends=True)
    theirs = edited.splitlines(keepends=True)
    # Ranges of ``base`` each side changed: (start, end, side, replacement lines).
    changes: list[tuple[int, int, int, list[str]]] = []
    for side, other in ((0, ours), (1, theirs)):
        matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                # line for line: each line is its own change, so edits nearby keep the rest
                changes.extend((i, i + 1, side, [other[j1 + i - i1]]) for i in range(i1, i2))
            elif tag != "equal":
                changes.append((i1, i2, side, other[j1:j2]))
    changes.sort(key=lambda c: (c[0], c[1]))
    # Cluster changes that overlap or touch; a cluster either side alone changed takes
    # that side's lines; where both changed, the edit wins.
    out: list[str] = []
    position = 0
    index = 0
    while index < len(changes):
        start, end = changes[index][0], changes[index][1]
        cluster = [changes[index]]
        index += 1
        while index < len(changes) and _conflict(changes[index], start, end):
            end = max(end, changes[index][1])
            cluster.append(changes[index])
            index += 1
        out.extend(base[position:start])
        sides = {c[2] for c in cluster}
        winner = 1 if 1 in sides else 0
        cursor = start
        for c_start, c_end, side, lines in cluster:
            if side != winner:
                continue
            out.extend(base[cursor:c_start])
            out.extend(lines)
            cursor = c_end
        out.extend(base[cursor:end])
        position = end
    out.extend(base[position:])
    return "".join(out)
