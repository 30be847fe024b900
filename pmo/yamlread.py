"""Safe YAML reading: plain data from ruamel.yaml's C parser events, problems instead of errors.

Only plain YAML is accepted: one document, string keys, no anchors or aliases, no tags,
no duplicate keys, bounded nesting. Scalars resolve as YAML 1.2's core schema, except that
numbers with a fraction become exact ``Decimal`` values (money is held exactly) and dates
stay text (the models parse ``YYYY-MM-DD`` strictly).

The same walk can record where every node starts (``locations``); validation asks for it
only for files that have a problem, so the common path pays nothing for it.

>>> read_text("a: 1\\nb: [x, 2.50]\\n").data
{'a': 1, 'b': ['x', Decimal('2.50')]}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from _ruamel_yaml import CParser
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

#: The deepest nesting of mappings and lists in one file (the top-level mapping is level 1).
MAX_DEPTH = 32
#: The largest record file, in bytes.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The most values (text, numbers, mappings, lists) in one file: a file of a million tiny
#: values would otherwise take minutes and gigabytes to read and check.
MAX_NODES = 100_000
#: A plain whole number longer than this is read as text (Python's own conversion limit).
MAX_INT_DIGITS = 4300

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")


@dataclass(slots=True)
class YamlProblem:
    """A problem found while reading YAML: position (1-based), stable code and message."""

    line: int
    column: int
    code: str
    message: str


@dataclass(slots=True)
class ReadResult:
    """What reading one file gave: the data (None if unreadable) and the problems."""

    data: Any
    problems: list[YamlProblem] = field(default_factory=list)
    #: node start of every key path (only when asked for); keys: ``key_locations``
    locations: dict[KeyPath, Mark] | None = None
    key_locations: dict[KeyPath, Mark] | None = None


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar, per the YAML 1.2 core schema, floats exact."""
    if not text:
        return None
    if text[0] not in _MAYBE_SPECIAL:
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT_RE.fullmatch(text):
        # Python will not convert more than 4,300 digits; such a number is kept as text.
        return int(text) if len(text) <= MAX_INT_DIGITS else text
    if _FLOAT_RE.fullmatch(text):
        return Decimal(text)
    return text


def decode(raw: bytes) -> tuple[str | None, YamlProblem | None]:
    """Bytes to text: UTF-8, an optional BOM stripped; else a located ``encoding`` problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, YamlProblem(
            line,
            column,
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )


def read_bytes(raw: bytes, *, locate: bool = False) -> ReadResult:
    """Read a file's bytes: size limit, encoding, then :func:`read_text`."""
    if len(raw) > MAX_FILE_BYTES:
        return ReadResult(
            None,
            [
                YamlProblem(
                    1,
                    1,
                    "file-too-large",
                    f"the file is {len(raw):,} bytes; a record file may be at most "
                    f"{MAX_FILE_BYTES:,} bytes (split it into several files)",
                )
            ],
        )
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return ReadResult(None, [problem])
    return read_text(text, locate=locate)


def read_text(text: str, *, locate: bool = False) -> ReadResult:
    """Read one YAML document from text into plain data, collecting problems."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    result = ReadResult(None)
    if locate:
        result.locations = {}
        result.key_locations = {}
    else:
        try:
            data = _plain(text)
        except Exception:  # a syntax error: the full walk below reports it
            data = _UNUSUAL
        if data is not _UNUSUAL:
            result.data = data
            return result
    try:
        _walk(text, result)
    except _Stop:
        pass
    except Exception as exc:  # the C parser's scanner, parser and reader errors
        result.data = None
        result.problems.append(_syntax_problem(exc, text))
    return result


def _plain(text: str) -> Any:
    """The fast path: plain data from a file with nothing unusual in it, else ``_UNUSUAL``.

    Anything :func:`_walk` would report (an anchor, alias, tag, duplicate key, a mapping
    as a key, deep nesting, several documents) makes it give up, and the full walk reads
    the file again, so every problem is found, worded and located exactly as before.
    """
    get = CParser(text).get_event
    scalar, map_start, seq_start = ScalarEvent, MappingStartEvent, SequenceStartEvent
    map_end, seq_end = MappingEndEvent, SequenceEndEvent
    no_key = _NO_KEY
    resolve = resolve_plain
    root: Any = None
    container: Any = None  # the open mapping or sequence (None: at the top)
    is_map = False
    key: Any = no_key
    stack: list[tuple[Any, bool]] = []
    documents = 0
    nodes = 0
    while True:
        event = get()
        cls = type(event)
        if cls is scalar or cls is map_start or cls is seq_start:
            nodes += 1
            if nodes > MAX_NODES:  # the full walk reports too-many-values
                return _UNUSUAL
        if cls is scalar:
            if event.anchor is not None or event.ctag is not None:
                return _UNUSUAL
            if is_map:
                if key is no_key:
                    key = event.value
                    if key in container:
                        return _UNUSUAL
                    continue
                container[key] = event.value if event.style else resolve(event.value)
                key = no_key
            elif container is not None:
                container.append(event.value if event.style else resolve(event.value))
            else:
                root = event.value if event.style else resolve(event.value)
        elif cls is map_start or cls is seq_start:
            if event.anchor is not None or event.ctag is not None or len(stack) >= MAX_DEPTH:
                return _UNUSUAL
            new: Any = {} if cls is map_start else []
            if is_map:
                if key is no_key:
                    return _UNUSUAL
                container[key] = new
            elif container is not None:
                container.append(new)
            else:
                root = new
            stack.append((container, is_map))
            container, is_map, key = new, cls is map_start, no_key
        elif cls is map_end or cls is seq_end:
            container, is_map = stack.pop()
            key = no_key
        elif cls is StreamEndEvent:
            return root
        elif cls is AliasEvent:
            return _UNUSUAL
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                return _UNUSUAL


def locate_bytes(raw: bytes, paths: Iterable[KeyPath]) -> ReadResult:
    """Where the nodes along ``paths`` start: as ``read_bytes(raw, locate=True)`` would say.

    Only the nodes on the way to each path are located, and no data is built, so this is
    cheaper than a full located read; a file with anything unusual gets the full read.
    """
    prefixes: set[KeyPath] = {()}
    for path in paths:
        prefixes.update(path[:end] for end in range(1, len(path) + 1))
    if len(raw) <= MAX_FILE_BYTES:
        text, _ = decode(raw)
        if text is not None:
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            try:
                found = _locate(text, prefixes)
            except Exception:  # a syntax error: the full read reports it
                found = None
            if found is not None:
                return ReadResult(None, [], found[0], found[1])
    return read_bytes(raw, locate=True)


def _locate(
    text: str, prefixes: set[KeyPath]
) -> tuple[dict[KeyPath, Mark], dict[KeyPath, Mark]] | None:
    """Marks of the nodes in ``prefixes`` (and of their keys); None when the file is unusual."""
    get = CParser(text).get_event
    scalar, map_start, seq_start = ScalarEvent, MappingStartEvent, SequenceStartEvent
    map_end, seq_end = MappingEndEvent, SequenceEndEvent
    locations: dict[KeyPath, Mark] = {}
    key_locations: dict[KeyPath, Mark] = {}
    # Frames of located containers: [path, is_map, pending key (None: expecting a key) or
    # next index, keys seen]
    frames: list[list[Any]] = []
    skip = 0  # depth inside a container nobody asked about
    documents = 0
    while True:
        event = get()
        cls = type(event)
        if skip:
            if cls is map_start or cls is seq_start:
                skip += 1
                if len(frames) + skip > MAX_DEPTH:
                    return None
            elif cls is map_end or cls is seq_end:
                skip -= 1
            elif cls is AliasEvent:
                return None
            continue
        if cls is scalar:
            if not frames:
                continue
            top = frames[-1]
            if top[1]:
                if top[2] is None:  # a key
                    key = event.value
                    if key in top[3]:
                        return None
                    top[3].add(key)
                    top[2] = key
                    child = top[0] + (key,)
                    if child in prefixes:
                        key_locations[child] = _mark(event)
                    continue
                child = top[0] + (top[2],)
                top[2] = None
            else:
                child = top[0] + (top[2],)
                top[2] += 1
            if child in prefixes:
                locations[child] = _mark(event)
        elif cls is map_start or cls is seq_start:
            if len(frames) >= MAX_DEPTH:
                return None
            if frames:
                top = frames[-1]
                if top[1]:
                    if top[2] is None:
                        return None  # a mapping as a key
                    child = top[0] + (top[2],)
                    top[2] = None
                else:
                    child = top[0] + (top[2],)
                    top[2] += 1
            else:
                child = ()
            if child in prefixes:
                locations[child] = _mark(event)
                frames.append([child, cls is map_start, None if cls is map_start else 0, set()])
            else:
                skip = 1
        elif cls is map_end or cls is seq_end:
            frames.pop()
        elif cls is StreamEndEvent:
            return locations, key_locations
        elif cls is AliasEvent:
            return None
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None


class _Stop(Exception):
    """Reading cannot go on (the problem is already recorded)."""


def _syntax_problem(exc: Exception, text: str) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    lines = text.split("\n")
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip(" \t"))] or "'\\t'" in str(problem):
        tab_col = bad_line.find("\t") + 1 if "\t" in bad_line else column
        return YamlProblem(
            line, tab_col, "yaml-tab", "a tab character in indentation; YAML indents with spaces"
        )
    message = f"{context}, {problem}" if context else str(problem)
    return YamlProblem(line, column, "yaml-syntax", f"YAML syntax error: {message}")


def _walk(text: str, result: ReadResult) -> None:
    """Turn the parser's events into plain data; problems go into ``result``."""
    problems = result.problems
    locations = result.locations
    key_locations = result.key_locations
    get = CParser(text).get_event
    # Frames: [container, is_mapping, pending key (mappings), key path (if locating)]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    documents = 0
    nodes = 0

    def problem(event: Any, code: str, message: str) -> None:
        mark = event.start_mark
        problems.append(YamlProblem(mark.line + 1, mark.column + 1, code, message))

    def path_of(frame: list[Any]) -> KeyPath:
        return frame[3]  # type: ignore[no-any-return]

    def child_path() -> KeyPath:
        top = stack[-1]
        if top[1]:
            return path_of(top) + (top[2],)
        return path_of(top) + (len(top[0]),)

    def add(value: Any, event: Any) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        top = stack[-1]
        if top[1]:
            key = top[2]
            if key is _NO_KEY:  # this node is a key
                if not isinstance(value, str):
                    problem(event, "yaml-key", "a mapping key must be plain text")
                    raise _Stop
                if value in top[0]:
                    problem(event, "duplicate-key", f"duplicate key '{value}' in this mapping")
                    top[2] = _DUPLICATE
                else:
                    top[2] = value
                    if key_locations is not None:
                        key_locations[path_of(top) + (value,)] = _mark(event)
                return
            if key is not _DUPLICATE:
                top[0][key] = value
            top[2] = _NO_KEY
        else:
            top[0].append(value)

    while True:
        event = get()
        name = event.__class__.__name__
        if name in _NODE_EVENTS:
            nodes += 1
            if nodes > MAX_NODES:
                problem(
                    event,
                    "too-many-values",
                    f"more than {MAX_NODES:,} values in one file; split it into several files",
                )
                raise _Stop
        if name == "ScalarEvent":
            if event.anchor is not None:
                problem(event, "yaml-anchor", "YAML anchors (&name) are not allowed in records")
            if event.tag is not None:
                problem(event, "yaml-tag", f"YAML tags ({event.tag}) are not allowed in records")
            if stack and stack[-1][1] and stack[-1][2] is _NO_KEY:
                value = event.value  # a key: always its text (`2010:` is the key '2010')
            else:
                value = resolve_plain(event.value) if not event.style else event.value
                if locations is not None and stack:
                    locations[child_path()] = _mark(event)
            add(value, event)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            if event.anchor is not None:
                problem(event, "yaml-anchor", "YAML anchors (&name) are not allowed in records")
            if event.tag is not None:
                problem(event, "yaml-tag", f"YAML tags ({event.tag}) are not allowed in records")
            if stack and stack[-1][1] and stack[-1][2] is _NO_KEY:
                problem(event, "yaml-key", "a mapping key must be plain text")
                raise _Stop
            if len(stack) >= MAX_DEPTH:
                problem(event, "too-deep", f"nesting deeper than {MAX_DEPTH} levels is not allowed")
                raise _Stop
            path: KeyPath = ()
            if locations is not None:
                path = child_path() if stack else ()
                locations[path] = _mark(event)
            container: Any = {} if name == "MappingStartEvent" else []
            add(container, event)
            stack.append([container, name == "MappingStartEvent", _NO_KEY, path])
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
        elif name == "AliasEvent":
            problem(
                event, "yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed in records"
            )
            raise _Stop
        elif name == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                problem(event, "multiple-documents", "a record file holds one YAML document")
                raise _Stop
        elif name == "StreamEndEvent":
            break
    if have_root:
        result.data = root


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NODE_EVENTS = frozenset(("ScalarEvent", "MappingStartEvent", "SequenceStartEvent", "AliasEvent"))
_NO_KEY: Any = _Marker("<no key>")
_UNUSUAL: Any = _Marker("<unusual>")
_DUPLICATE: Any = _Marker("<duplicate>")


def _mark(event: Any) -> Mark:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)
