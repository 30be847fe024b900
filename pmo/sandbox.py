"""The template sandbox: what a template may reach, read, build and spend.

A template is code from the records repository, so it runs in Jinja's immutable sandbox
with five more walls:

- **attributes** only of pmo's plain data and simple values (no interpreter internals);
- **files**: templates are read only as regular files directly in a templates folder,
  never through a link, a device or a pipe (:class:`Loader`);
- **sizes**: repetition (``*``), exponents, padding (``center``, ``'%09999d'|format``),
  joins, slices and string methods are bounded (:data:`MAX_TEXT` characters), and so is
  the output (:data:`MAX_OUTPUT`);
- **depth**: calls (macros, recursive loops) nest at most :data:`MAX_DEPTH` deep, and
  Python's own recursion limit stops a template that includes itself;
- **budgets**: rendering may use :data:`CPU_SECONDS` of processor time (a timer signal) and
  :data:`MEMORY_BYTES` more memory (an address-space limit) where the platform allows.

Every breach raises an exception :func:`pmo.templating.render` turns into a
``template-error`` at the template's file and line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import do_batch, do_center, do_format, sync_do_join, sync_do_slice
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pmo.source import read_regular

#: The most a template may repeat a string or list with ``*``, and the largest exponent.
MAX_REPEAT = 100_000
MAX_EXPONENT = 64
#: The longest text one filter or string method may make, in characters.
MAX_TEXT = 1_000_000
#: The longest output a template may give, in characters.
MAX_OUTPUT = 32 * 1024 * 1024
#: How deep calls (macros, recursive loops) may nest.
MAX_DEPTH = 40
#: Processor time a rendering may use, in seconds.
CPU_SECONDS = 20.0
#: Memory a rendering may take beyond what the process already holds, in bytes.
MEMORY_BYTES = 512 * 1024 * 1024


class OverBudget(Exception):
    """A template used more time, memory, depth or room than it may."""


# ---------------------------------------------------------------------------------------
# The sandbox


_SAFE_MODULE_PREFIXES = ("pmo.records", "pmo.reports", "pmo.rag", "pmo.scope", "pmo.templating")
_JINJA_TYPES = {("jinja2.utils", "Namespace"), ("jinja2.runtime", "LoopContext")}
_SAFE_TYPES = (str, int, float, bool, Decimal, dt.date, list, tuple, dict, type(None))
#: String methods that make text as long as an argument says.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def safe_type(
    obj: Any,
    modules: tuple[str, ...] = _SAFE_MODULE_PREFIXES,
    jinja: frozenset[tuple[str, str]] | set[tuple[str, str]] = _JINJA_TYPES,
) -> bool:
    """May a template read attributes of ``obj``: a simple value, one of Jinja's own
    ``jinja`` types, or plain data from the ``modules`` (never a callable)?"""
    kind = type(obj)
    if isinstance(obj, _SAFE_TYPES) and kind.__module__ in ("builtins", "datetime", "decimal"):
        return True
    if (kind.__module__, kind.__name__) in jinja:
        return True
    return kind.__module__.startswith(modules) and not callable(obj)


def _bounded(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise SecurityError(f"{what} would make {size:,} characters; the most is {MAX_TEXT:,}")


class Sandbox(ImmutableSandboxedEnvironment):
    """Attributes only of pmo's plain data and simple values; bounded repetition, text and
    call depth."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.depth = 0

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return safe_type(obj)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent larger than {MAX_EXPONENT}")
            return operator.pow(left, right)
        if operator_ == "%":
            if isinstance(left, str):
                _check_format(left, right if isinstance(right, tuple) else (right,))
            return operator.mod(left, right)
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * times > MAX_REPEAT
            ):
                raise SecurityError(f"repetition longer than {MAX_REPEAT}")
        return operator.mul(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(__obj, "__name__", ""), args)
        __self.depth += 1
        try:
            if __self.depth > MAX_DEPTH:
                raise SecurityError(
                    f"calls nested more than {MAX_DEPTH} deep (a macro calling itself?)"
                )
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self.depth -= 1


def _check_str_method(text: str, name: str, args: tuple[Any, ...]) -> None:
    if name in _WIDTH_METHODS and args and isinstance(args[0], int):
        _bounded(args[0], f"{name}()")
    elif name == "expandtabs":
        width = args[0] if args and isinstance(args[0], int) else 8
        _bounded(len(text) + text.count("\t") * width, "expandtabs()")
    elif name == "join" and args:
        _bounded(_joined_size(args[0], len(text)), "join()")
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        count = text.count(args[0]) if isinstance(args[0], str) and args[0] else len(text) + 1
        _bounded(len(text) + count * len(args[1]), "replace()")


_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\d+|\*)?(?:\.(\d+|\*))?")


def _check_format(text: str, args: Iterable[Any]) -> None:
    """Refuse a ``%`` format whose widths or precisions would make a huge text."""
    for width, precision in _FORMAT_SPEC.findall(text):
        for n in (width, precision):
            if n.isdigit():
                _bounded(int(n), "a % format")
            elif n == "*":
                for arg in args:
                    if isinstance(arg, int):
                        _bounded(abs(arg), "a % format")


def _joined_size(items: Any, separator: int) -> int:
    if not isinstance(items, list | tuple | str):
        return 0  # an iterator: the sandbox's ranges are bounded; the memory budget does the rest
    size = separator * max(len(items) - 1, 0)
    for item in items:
        size += len(item) if isinstance(item, str) else len(str(item))
        if size > MAX_TEXT:
            break
    return size


@pass_eval_context
def _join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    if attribute is None:
        value = list(value) if not isinstance(value, list | tuple | str) else value
        _bounded(_joined_size(value, len(str(d))), "join")
    joined: str = sync_do_join(eval_ctx, value, d, attribute)
    _bounded(len(joined), "join")
    return joined


def _center(value: str, width: int = 80) -> str:
    _bounded(width, "center")
    return do_center(value, width)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_format(str(value), args)
    return do_format(value, *args, **kwargs)


def _slice(value: Any, slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    if slices > MAX_REPEAT:
        raise SecurityError(f"slice into {slices:,} parts; the most is {MAX_REPEAT:,}")
    return sync_do_slice(value, slices, fill_with)


def _batch(value: Any, linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    if fill_with is not None and linecount > MAX_REPEAT:
        raise SecurityError(f"batches of {linecount:,}; the most is {MAX_REPEAT:,}")
    return do_batch(value, linecount, fill_with)


#: Jinja's own filters, bounded.
BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "join": _join,
    "center": _center,
    "format": _format,
    "slice": _slice,
    "batch": _batch,
}


# ---------------------------------------------------------------------------------------
# Reading templates


class Loader(BaseLoader):
    """Templates from folders, first match wins, each read as a regular file directly in its
    folder: never through a link (the folder's or the file's), never a device or a pipe."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if "/" in template or "\\" in template or template.startswith("."):
            raise TemplateNotFound(template)
        for folder in self.folders:
            path = folder / template
            if not os.path.lexists(path):
                continue
            if os.path.islink(folder):
                raise SecurityError(f"{folder} is a symbolic link; pmo never follows one")
            raw, problem = read_regular(str(path), path)
            if raw is None:
                assert problem is not None
                raise SecurityError(f"{template}: {problem.message}")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SecurityError(f"{template} is not UTF-8 text ({exc.reason})") from None
            return text, str(path), lambda: True
        raise TemplateNotFound(template)


# ---------------------------------------------------------------------------------------
# Budgets


def _memory_in_use() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as f:
            pages = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """Run the block with :data:`CPU_SECONDS` of processor time and :data:`MEMORY_BYTES` of
    memory more than the process holds; past either, :class:`OverBudget` or MemoryError.

    The time is a ``SIGPROF`` timer (main thread, POSIX only), the memory an ``RLIMIT_AS``
    (where /proc tells how much is in use); both are put back as they were afterwards.
    """
    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old_handler: Any = None
    if timer:

        def expired(signum: int, frame: Any) -> None:
            raise OverBudget(f"took more than {CPU_SECONDS:g} seconds of processor time")

        old_handler = signal.signal(signal.SIGPROF, expired)
        # Fires again every tenth of a second in case an except clause swallowed it.
        signal.setitimer(signal.ITIMER_PROF, CPU_SECONDS, 0.1)
    limited = None
    try:
        import resource

        in_use = _memory_in_use()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if in_use is not None:
            wanted = in_use + MEMORY_BYTES
            if (soft == resource.RLIM_INFINITY or wanted < soft) and (
                hard == resource.RLIM_INFINITY or wanted <= hard
            ):
                resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
                limited = (resource, soft, hard)
    except (ImportError, ValueError, OSError):
        limited = None
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, old_handler)
        if limited is not None:
            module, soft, hard = limited
            module.setrlimit(module.RLIMIT_AS, (soft, hard))
