"""Problems in a user's records: values with a source location, and their renderings.

A :class:`Problem` is data, never an exception. The exit status of every checking
command is decided here, in :func:`exit_code`. Every rendering is inert (:mod:`pmo.inert`):
a path or message holding a newline, an escape sequence or a workflow command stays on its
own line, shown, and is never acted on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from pmo.formats import plural
from pmo.inert import json_text, line

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where (path relative to the repository root, 1-based line and column)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        """``PATH:LINE:COL: SEVERITY: CODE message`` on one line, hidden characters escaped."""
        where = f"{line(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {line(self.code)} {line(self.message)}"


def sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    return (problem.path, problem.line, problem.column, problem.code, problem.message)


def exit_code(problems: Iterable[Problem], *, strict: bool = False) -> int:
    """0 when nothing fails, 1 when an error (or, with ``strict``, a warning) is found."""
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(p.severity in failing for p in problems) else 0


def summary(problems: Sequence[Problem], files: int) -> str:
    """A one-line summary, e.g. ``2 errors, 1 warning in 31 files``."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    parts = [plural(errors, "error"), plural(warnings, "warning")]
    return f"{', '.join(parts)} in {plural(files, 'file')}"


_LIBRARY_PREFIX = re.compile(r"^(Value error|Assertion failed), *")
_LIBRARY_PHRASES = (
    (re.compile(r"^Input should be less than or equal to (.*)$"), r"must be at most \1"),
    (re.compile(r"^Input should be greater than or equal to (.*)$"), r"must be at least \1"),
    (re.compile(r"^Input should be a valid integer.*$"), "must be a whole number"),
    (re.compile(r"^Input should be a valid (decimal|number).*$"), "must be a number"),
    (re.compile(r"^Input should"), "must"),
)


def in_words(message: str) -> str:
    """A validation library's message in pmo's words: no "Value error," prefix, "must"
    for "Input should", no trailing full stop.

    >>> in_words("Value error, 'purple' is not one of 'green', 'red'.")
    "'purple' is not one of 'green', 'red'"
    >>> in_words("Input should be less than or equal to 25")
    'must be at most 25'
    >>> in_words("Input should be a valid integer, unable to parse string as an integer")
    'must be a whole number'
    """
    message = _LIBRARY_PREFIX.sub("", message.strip())
    for pattern, words in _LIBRARY_PHRASES:
        message, n = pattern.subn(words, message)
        if n:
            break
    return message.removesuffix(".")


def render_text(problems: Sequence[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def render_json(problems: Sequence[Problem]) -> str:
    return json_text([asdict(p) for p in problems])


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = line(text)
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: one ``::error file=...`` line per problem."""
    lines = []
    for p in problems:
        props = (
            f"file={_escape_github(p.path, prop=True)},line={p.line},col={p.column},"
            f"title={_escape_github(p.code, prop=True)}"
        )
        lines.append(f"::{p.severity} {props}::{_escape_github(p.message)}\n")
    return "".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
