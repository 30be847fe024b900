"""Damage to a valid repository, as Hypothesis strategies.

:func:`invalidating` draws one damage that surely makes a record file invalid (deleted
required key, misspelt key, wrong type, broken reference, truncation, invalid bytes,
broken indentation, a tag, an anchor and alias); :func:`any_damage` draws any number of
damages of any sort, including random byte edits, that may or may not leave it valid.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from pmo import records
from pmo.dump import _yaml, dumps_data
from pmo.schema import _hints, _unwrap
from tests.strategies import Repo

KINDS = [
    "delete-required",
    "misspell-key",
    "change-type",
    "break-reference",
    "truncate",
    "invalid-bytes",
    "break-indentation",
    "add-tag",
    "add-alias",
]

#: Reference keys of each record class.
REFERENCES: dict[type[Any], tuple[str, ...]] = {
    records.Programme: ("lead", "sponsor", "depends_on"),
    records.Project: ("lead", "sponsor", "depends_on", "programme"),
    records.Milestone: ("owner", "depends_on"),
    records.Risk: ("owner",),
    records.Action: ("owner",),
    records.Issue: ("owner",),
    records.Decision: ("by",),
    records.Benefit: ("owner",),
    records.Board: ("chair", "members"),
    records.Paper: ("board", "author", "contact", "scope", "previous"),
}


@dataclass
class Damaged:
    """The damaged repository, which file was damaged, and how."""

    repo: Repo
    path: str
    how: str


def mappings(data: Any, cls: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every mapping inside ``data`` with the record class that validates it."""
    if isinstance(data, dict) and dataclasses.is_dataclass(cls):
        yield data, cls
        hints = _hints(cls)
        for key, value in data.items():
            if key in hints:
                yield from mappings(value, _unwrap(hints[key]))
    elif isinstance(data, list):
        for item in data:
            yield from mappings(item, cls)


def slots(data: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key or index) holding a value inside ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield data, key
            yield from slots(value)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield data, i
            yield from slots(value)


def required(cls: Any) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


class Tagged:
    """A value the dumper writes with a ``!x`` tag."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _dump(data: Any, flow: bool = False, aliases: bool = False) -> str:
    """YAML text as pmo.dump writes it (all in flow style if ``flow``), with ``Tagged`` tags."""
    yaml = _yaml()
    if flow:
        yaml.default_flow_style = True

    def tagged(rep: Any, value: Tagged) -> Any:
        node = rep.represent_data(value.value)
        node.tag = "!x"
        return node

    yaml.Representer.add_representer(Tagged, tagged)
    if aliases:  # a mapping or list used twice is written &id001 ... *id001
        from ruamel.yaml.representer import SafeRepresenter

        yaml.Representer.ignore_aliases = SafeRepresenter.ignore_aliases
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _misspell(draw: st.DrawFn, key: str) -> str:
    how = draw(st.integers(0, 4))
    if how == 0 and len(key) > 1:
        i = draw(st.integers(0, len(key) - 2))
        return key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    if how == 1 and len(key) > 1:
        i = draw(st.integers(0, len(key) - 1))
        return key[:i] + key[i + 1 :]
    if how == 2:
        i = draw(st.integers(0, len(key) - 1))
        return key[:i] + key[i] + key[i:]
    if how == 3:
        return key.capitalize() if key != key.capitalize() else key.upper()
    return key.replace("_", "-") if "_" in key else key + "s"


def _class_of(data: Any) -> Any:
    return records.KINDS[data["kind"]]


def _references(data: Any) -> list[tuple[dict[str, Any], str]]:
    return [
        (m, key)
        for m, c in mappings(data, _class_of(data))
        for key in REFERENCES.get(c, ())
        if key in m and m[key] not in (None, [])
    ]


@st.composite
def invalidating(draw: st.DrawFn, repo: Repo, how: str | None = None) -> Damaged:
    """One damage (of kind ``how``, or any) that surely leaves one record file invalid."""
    if how is None:
        how = draw(st.sampled_from(KINDS))
    paths = repo.record_paths
    if how == "break-reference":  # a file that has references, if there is one
        paths = [p for p in paths if _references(repo.data[p])] or paths
    rel = draw(st.sampled_from(paths))
    data = copy.deepcopy(repo.data[rel])
    cls = _class_of(data)
    text: str | None = None
    raw: bytes | None = None

    if how == "break-reference":
        refs = _references(data)
        if not refs:
            how = "delete-required"
        else:
            target, key = draw(st.sampled_from(refs))
            missing = "zz-no-such-" + draw(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
            if isinstance(target[key], list):
                target[key][draw(st.integers(0, len(target[key]) - 1))] = missing
            else:
                target[key] = missing
    if how == "delete-required":
        choices = [(m, key) for m, c in mappings(data, cls) for key in required(c) if key in m]
        target, key = draw(st.sampled_from(choices))
        del target[key]
    elif how == "misspell-key":
        choices = [(m, c, key) for m, c in mappings(data, cls) for key in m]
        target, c, key = draw(st.sampled_from(choices))
        names = {f.name for f in dataclasses.fields(c)}
        wrong = _misspell(draw, key)
        if wrong in names or wrong in target or wrong == key:
            wrong = key + "x"
        # Rebuild the mapping with the key renamed, in place and in order.
        items = [(wrong if k == key else k, v) for k, v in target.items()]
        target.clear()
        target.update(items)
    elif how == "change-type":
        container, key = draw(st.sampled_from(list(slots(data))))
        value = container[key]
        container[key] = ["x"] if isinstance(value, dict) else {"x": 1}
    elif how == "truncate":
        flow = _dump(data, flow=True).rstrip()
        assert flow.endswith("}")
        text = flow[: draw(st.integers(0, len(flow) - 1))]
    elif how == "invalid-bytes":
        raw = dumps_data(data).encode("utf-8")
        bad = draw(st.sampled_from([b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80"]))
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + bad + raw[at:]
    elif how == "break-indentation":
        lines = dumps_data(data).split("\n")
        keys = [i for i, line in enumerate(lines) if i > 0 and re.match(r"[a-z_]+:", line)]
        if keys:
            i = draw(st.sampled_from(keys))
            lines[i] = draw(st.sampled_from([" ", "\t"])) + lines[i]
            text = "\n".join(lines)
        else:  # a people file with one key: indent the list under it wrongly instead
            text = "\n".join(" " + line if line.startswith("  - ") else line for line in lines)
            text = "kind: people\n people:\n" + text.split("\n", 2)[2]
    elif how == "add-tag":
        container, key = draw(st.sampled_from(list(slots(data))))
        container[key] = Tagged(container[key])
    elif how == "add-alias":
        shared = [c[k] for c, k in slots(data) if isinstance(c[k], dict | list) and c[k]]
        if shared:
            value = draw(st.sampled_from(shared))
            inside = {id(c) for c, _ in slots(value)} | {id(value)}
            leaves = [
                (c, k)
                for c, k in slots(data)
                if not isinstance(c[k], dict | list) and id(c) not in inside
            ]
        else:
            value, leaves = ["x"], []
            data["aliased"] = value
        if leaves:
            container, key = draw(st.sampled_from(leaves))
            container[key] = value  # a second use of the same object: &id001 ... *id001
        else:
            data["again"] = value
    if raw is None:
        if text is None:
            text = _dump(data, aliases=how == "add-alias")
        raw = text.encode("utf-8")
    files = dict(repo.files)
    files[rel] = raw
    return Damaged(Repo(files, repo.scale, repo.data), rel, how)


@st.composite
def byte_edit(draw: st.DrawFn, raw: bytes) -> bytes:
    """One random edit of a file's bytes: insert, delete, replace, duplicate, truncate, swap."""
    n = len(raw)
    at = draw(st.integers(0, n))
    end = draw(st.integers(at, min(n, at + 64)))
    how = draw(st.integers(0, 6))
    if how == 0:
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if how == 1:
        return raw[:at] + raw[end:]
    if how == 2:
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[end:]
    if how == 3:
        return raw[:end] + raw[at:end] + raw[end:]
    if how == 4:
        return raw[:at]
    if how == 5:
        lines = raw.split(b"\n")
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    snippet = draw(
        st.sampled_from(
            [b"&a ", b"*a", b"!x ", b"? ", b"- ", b": ", b"{", b"]", b"\t", b"---\n", b"'", b'"']
        )
    )
    return raw[:at] + snippet + raw[at:]


@st.composite
def any_damage(draw: st.DrawFn, repo: Repo) -> Repo:
    """Any number of damages of any sort, to record files and pmo.yaml alike."""
    files = dict(repo.files)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            damaged = draw(invalidating(Repo(files, repo.scale, repo.data)))
            files = damaged.repo.files
        else:
            rel = draw(st.sampled_from(sorted(files)))
            files[rel] = draw(byte_edit(files[rel]))
    return Repo(files, repo.scale, repo.data)
