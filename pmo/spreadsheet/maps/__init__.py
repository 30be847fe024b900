"""Column mappings: which header means which field, as same-shaped modules in a registry.

A mapping module has ``NAME``, ``KIND`` (the kind it imports, or None to guess) and
``COLUMNS`` (kind → field → headers), and may have ``OPTIONS`` (see :class:`Mapping`)
and ``prepare(rows, context)``, which cleans raw rows before they are read. Adding one
is one file here and one line in :data:`REGISTRY`. ``pmo import --map FILE.yaml`` reads
the same shape from YAML (``kind``, ``columns``, ``defaults``), on top of the office
headers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Named mappings (``pmo import --map NAME``) → their module.
REGISTRY: dict[str, str] = {
    "office": "pmo.spreadsheet.maps.office",
    "gmpp": "pmo.spreadsheet.maps.gmpp",
}


class MapError(Exception):
    """A mapping that cannot be used (unknown name, unreadable or malformed YAML)."""


@dataclass(slots=True)
class Mapping:
    """Headers per field, per kind; constant values; how rows are cleaned first."""

    name: str
    kind: str | None = None
    columns: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Field → value for rows whose cell is empty (e.g. ``project: csw-adults``).
    defaults: dict[str, Any] = field(default_factory=dict)
    #: ``prepare(rows, context)``: clean or drop raw rows before they are read.
    prepare: Callable[..., Any] | None = None
    #: Create people named in the sheet who are not in the records.
    new_people: bool = False
    #: Create programmes named in the sheet that are not in the records.
    new_programmes: bool = False
    #: An empty cell leaves the field as it is (rather than clearing it) with --update.
    blank_keeps: bool = False
    #: Programme id → name, for programmes created by the import.
    programme_names: dict[str, str] = field(default_factory=dict)


def default() -> Mapping:
    """The headers offices use: the mapping every import starts from."""
    module = importlib.import_module(REGISTRY["office"])

    return Mapping("office", None, {k: dict(v) for k, v in module.COLUMNS.items()})


def named(name: str) -> Mapping:
    """A mapping of :data:`REGISTRY`, on top of the office headers."""
    if name not in REGISTRY:
        from pmo.suggest import did_you_mean

        raise MapError(
            f"--map {name}: no such mapping{did_you_mean(name, REGISTRY)} "
            f"(named mappings: {', '.join(REGISTRY)}; or give a .yaml file)"
        )
    module = importlib.import_module(REGISTRY[name])
    base = default()
    if module.NAME == "office":
        return base
    options = dict(getattr(module, "OPTIONS", {}))
    return Mapping(
        name,
        module.KIND,
        _overlay(base.columns, module.COLUMNS)
        if getattr(module, "OVERLAY", True)
        else {k: dict(v) for k, v in module.COLUMNS.items()},
        prepare=getattr(module, "prepare", None),
        **options,
    )


def _overlay(
    base: dict[str, dict[str, tuple[str, ...]]], top: dict[str, dict[str, tuple[str, ...]]]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """``top``'s headers first for each field it names; ``base`` fills in the rest."""
    out = {k: dict(v) for k, v in base.items()}
    for kind, columns in top.items():
        for name, headers in columns.items():
            out.setdefault(kind, {})[name] = (*headers, *out.get(kind, {}).get(name, ()))
    return out


def load(spec: str | None) -> Mapping:
    """``--map``: None (the office headers), a registered name, or a YAML file."""
    if spec is None:
        return default()
    if not spec.lower().endswith((".yaml", ".yml")):
        return named(spec)
    return from_yaml(Path(spec))


def from_yaml(path: Path) -> Mapping:
    """A mapping file: ``kind``, ``columns: {field: header or [headers]}``, ``defaults``."""
    from pmo.spreadsheet.fields import FIELDS
    from pmo.yamlread import read_text

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MapError(f"--map {path}: {exc.strerror or exc}") from None
    result = read_text(text)
    if result.problems:
        first = result.problems[0]
        raise MapError(f"--map {path}: not a mapping file ({first.message})")
    data = result.data
    if not isinstance(data, dict):
        raise MapError(f"--map {path}: expected a mapping with kind: and columns:")
    unknown = set(data) - {"kind", "columns", "defaults"}
    if unknown:
        raise MapError(
            f"--map {path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            "expected kind, columns, defaults"
        )
    kind = data.get("kind")
    if kind not in FIELDS:
        raise MapError(f"--map {path}: kind must be one of {', '.join(FIELDS)}")
    columns: dict[str, tuple[str, ...]] = {}
    for name, headers in (data.get("columns") or {}).items():
        if name not in FIELDS[kind]:
            from pmo.suggest import did_you_mean

            raise MapError(
                f"--map {path}: {kind} have no field '{name}'"
                f"{did_you_mean(str(name), FIELDS[kind])}"
            )
        given = headers if isinstance(headers, list) else [headers]
        columns[str(name)] = tuple(str(h) for h in given)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - set(FIELDS[kind]):
        raise MapError(f"--map {path}: defaults must map {kind} fields to values")
    from pmo.spreadsheet.columns import normalise

    own = {kind: {k: tuple(normalise(h) for h in v) for k, v in columns.items()}}
    base = default()
    mapping = Mapping(path.name, kind, _overlay(base.columns, own))
    # The file's headers are the only ones for the fields it names.
    for name, headers in own[kind].items():
        mapping.columns[kind][name] = headers
    mapping.defaults = {str(k): v for k, v in defaults.items()}
    return mapping
