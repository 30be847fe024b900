"""The schema of the records: validating YAML data into the record classes; JSON Schema.

Each problem pydantic finds becomes a :class:`FieldProblem` that names the key path
inside the file, so the loader can point at ``file:line:col``. Nothing here raises on
bad user data.
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass, fields, is_dataclass
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import Field, TypeAdapter, ValidationError

from pmo import records
from pmo.problems import in_words
from pmo.suggest import closest, did_you_mean
from pmo.types import ValueProblem, _describe
from pmo.yamlread import KeyPath


@dataclass(slots=True)
class FieldProblem:
    """A problem at a key path inside one file's data. ``at_key``: point at the key itself."""

    path: KeyPath
    code: str
    message: str
    at_key: bool = False
    #: For unknown keys: the key probably meant; for missing keys: the missing key.
    suggestion: str | None = None


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(cls: Any) -> TypeAdapter[Any]:
    """The (cached) pydantic adapter that validates plain data into ``cls``."""
    found = _ADAPTERS.get(cls)
    if found is None:
        found = _ADAPTERS[cls] = TypeAdapter(cls)
    return found


def validate_record(data: Any) -> tuple[Any, list[FieldProblem]]:
    """Validate one file's top-level data into a record; on failure, the record is None."""
    if not isinstance(data, dict):
        return None, [
            FieldProblem(
                (),
                "not-a-mapping",
                f"a record file must be a mapping with 'kind:' at the top, not {_describe(data)}",
            )
        ]
    kind = data.get("kind")
    if kind is None:
        return None, [
            FieldProblem(
                (), "missing-kind", f"no 'kind:'; expected one of {', '.join(records.KINDS)}"
            )
        ]
    cls = records.KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return None, [
            FieldProblem(
                ("kind",),
                "unknown-kind",
                f"unknown kind {_describe(kind)}{did_you_mean(str(kind), records.KINDS)}; "
                f"expected one of {', '.join(records.KINDS)}",
            )
        ]
    return validate_as(cls, data)


def validate_as(cls: type[Any], data: Any) -> tuple[Any, list[FieldProblem]]:
    """Validate ``data`` into ``cls``; problems carry key paths relative to ``data``."""
    try:
        return adapter(cls).validate_python(data), []
    except ValidationError as exc:
        problems = [_problem(cls, error) for error in exc.errors(include_url=False)]
    # A misspelt key explains the "missing" key it was meant to be: report it once.
    meant = {
        (*p.path[:-1], p.suggestion) for p in problems if p.code == "unknown-key" and p.suggestion
    }
    return None, [
        p for p in problems if not (p.code == "missing-key" and (*p.path, p.suggestion) in meant)
    ]


def _problem(cls: type[Any], error: Any) -> FieldProblem:
    loc: KeyPath = tuple(error["loc"])
    kind = error["type"]
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        owner = _class_at(cls, loc[:-1])
        known = [f.name for f in fields(owner)] if owner is not None else []
        name = str(loc[-1])
        where = _label(owner)
        shown = name if len(name) <= 40 else name[:37] + "..."
        meant = closest(name, known)
        return FieldProblem(
            loc,
            "unknown-key",
            f"unknown key '{shown}'{where}{did_you_mean(name, known)}",
            at_key=True,
            suggestion=meant,
        )
    if kind in {"missing", "missing_argument", "missing_keyword_only_argument"}:
        owner = _class_at(cls, loc[:-1])
        return FieldProblem(
            loc[:-1],
            "missing-key",
            f"required key '{loc[-1]}' is missing{_label(owner)}",
            suggestion=str(loc[-1]),
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        given = error.get("input")
        hint = did_you_mean(str(given), options) if isinstance(given, str) else ""
        return FieldProblem(
            loc,
            "invalid-choice",
            f"{_describe(given)} is not allowed for '{loc[-1]}'{hint}; expected {expected}",
        )
    if kind in {"dataclass_type", "dict_type", "model_type"}:
        return FieldProblem(
            loc,
            "invalid-type",
            f"'{_last_name(loc)}' must be a mapping, not {_describe(error.get('input'))}",
        )
    if kind == "list_type":
        return FieldProblem(
            loc,
            "invalid-type",
            f"'{_last_name(loc)}' must be a list, not {_describe(error.get('input'))}",
        )
    wanted = _WANTED.get(kind)
    if wanted is not None:
        return FieldProblem(
            loc,
            "invalid-type",
            f"'{_last_name(loc)}' must be {wanted}, not {_describe(error.get('input'))}",
        )
    raised = error.get("ctx", {}).get("error")
    if kind == "value_error" and isinstance(raised, ValueProblem):
        return FieldProblem(loc, raised.code, raised.message)
    if kind.startswith("invalid-") or kind in {"yaml-key"}:
        return FieldProblem(loc, kind, error["msg"])
    return FieldProblem(loc, "invalid-value", f"'{_last_name(loc)}' {in_words(error['msg'])}")


#: pydantic's error type → what the value must be, in words.
_WANTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "float_type": "a number",
    "float_parsing": "a number",
}


def _last_name(loc: KeyPath) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "value"


_LABELS = {
    "Settings": " in pmo.yaml",
    "Thresholds": " in thresholds",
    "RiskBands": " in risk_bands",
}


def _label(owner: type[Any] | None) -> str:
    if owner is None:
        return ""
    if owner.__name__ in _LABELS:
        return _LABELS[owner.__name__]
    name = owner.__name__.lower()
    return f" in {'a' if name[0] not in 'aeiou' else 'an'} {name}"


def _class_at(cls: type[Any], path: KeyPath) -> type[Any] | None:
    """The record class that validates the mapping at ``path`` below ``cls``."""
    current: Any = cls
    for part in path:
        if isinstance(part, int):
            continue
        if not is_dataclass(current):
            return None
        hints = _hints(current)  # type: ignore[arg-type]
        if part not in hints:
            return None
        current = _unwrap(hints[part])
    return current if is_dataclass(current) else None  # type: ignore[return-value]


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls, vars(records), include_extras=False)


def _unwrap(tp: Any) -> Any:
    """``list[X]`` → X, ``X | None`` → X."""
    while True:
        origin = get_origin(tp)
        if origin in (list, tuple):
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


SCHEMA_KINDS = {**records.KINDS, "settings": records.Settings}


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one kind (or ``settings`` for ``pmo.yaml``), or of any record file.

    The schema of any record file picks the record's branch by its ``kind`` (``if``/
    ``then``), so an editor or check-jsonschema reports a typo in a project as an
    unexpected key of a project, not as a mismatch with every other kind.
    """
    if kind is not None:
        schema = adapter(SCHEMA_KINDS[kind]).json_schema()
        title = "pmo.yaml settings" if kind == "settings" else f"pmo record: kind {kind}"
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
    any_record: Any = Annotated[
        Union[tuple(records.KINDS.values())],  # type: ignore[valid-type]  # noqa: UP007
        Field(discriminator="kind"),
    ]
    defs = adapter(any_record).json_schema()["$defs"]
    branches = [
        {
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {"$ref": f"#/$defs/{cls.__name__}"},
        }
        for name, cls in records.KINDS.items()
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pmo record file",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(records.KINDS)}},
        "allOf": branches,
        "$defs": defs,
    }
