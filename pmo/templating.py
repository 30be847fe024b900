"""Markdown templates for papers and reports: Jinja's sandbox, strict names, escaped record text.

Templates are found first in the records repository's ``templates/NAME.md.j2`` (which
overrides a built-in of the same name or adds a new one), then among the built-ins that
ship with pmo. They run in Jinja's immutable sandbox, where an undefined name is an error
and attribute access is limited to pmo's own plain data and simple values, so a hostile
template reaches no files, modules or interpreter internals.

Every value a template prints with ``{{ ... }}`` is escaped for markdown (see
:func:`pmo.tabular.md_escape`): record text cannot break a table or get HTML through.
Only the output of ``table``, ``gantt``, ``markdown`` and ``numbered`` is passed as
written; ``markdown`` and ``numbered`` are for the people-written parts of a paper, which
they rewrite through a markdown parser with an allow-list of links (:mod:`pmo.sanitise`).
The filters for template authors are :mod:`pmo.formats`'s (money in the portfolio's
currency):

>>> f = filters("GBP")
>>> f["money"](1234567), f["money"](1234567, "short"), f["date"](dt.date(2008, 1, 14))
('£1,234,567', '£1.2m', '14 January 2008')
>>> filters("USD")["money"](120000)
'$120,000'
"""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmo import formats
from pmo.inert import line
from pmo.tabular import Table, md_escape, to_markdown

if TYPE_CHECKING:
    from jinja2 import Environment

#: Where a repository keeps its own templates.
TEMPLATES_DIR = "templates"
#: The file name of template NAME.
SUFFIX = ".md.j2"


class Md(str):
    """Text that is already markdown (a rendered table, a sanitised people-written body).

    The output hook passes it through as written; every other string is escaped.
    Concatenating it with anything gives a plain ``str`` again, which is escaped.
    """

    __slots__ = ()


class TemplateError(Exception):
    """A template could not be loaded or rendered; says which file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: error: template-error {self.message}"


class TemplateNotFound(Exception):
    """No template of that name in the repository or among the built-ins."""

    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.available = available


# ---------------------------------------------------------------------------------------
# Filters: one-liners over pmo.formats (the only formatters), and the markdown helpers


def filters(currency: str) -> dict[str, Callable[..., Any]]:
    """The filters of a portfolio whose money is in ``currency``."""

    def money(value: object, style: str = "full", *, signed: bool = False) -> str:
        return formats.money(value, currency, style, signed=signed)

    return {
        "money": money,
        "percent": formats.percent,
        "number": formats.number,
        "counted": formats.counted,
        "ratio": formats.ratio,
        "date": formats.date,
        "rating": formats.rating,
        "trend": formats.trend,
        "plural": formats.plural,
        "days": formats.days,
        "shift": formats.shift,
        "markdown": markdown,
        "numbered": numbered,
        "md": md,
    }


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Sequence[str] = (),
    total: Sequence[object] | None = None,
) -> Md:
    """A markdown table through :func:`pmo.tabular.to_markdown`; every cell escaped.

    ``total`` is a last row (for sums); ``numeric`` names the right-aligned columns.

    >>> print(table(["Project", "Spent"], [["Waste | Recycling", "£1"]], ["Spent"]), end="")
    | Project | Spent |
    |---|---:|
    | Waste \\| Recycling | £1 |
    """
    out = Table(list(columns), numeric=set(numeric))
    for row in rows:
        out.add(*(_text(v) for v in row))
    if total is not None:
        out.add(*(_text(v) for v in total))
    return Md(to_markdown(out))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return formats.date(value)
    return str(value)


_MERMAID_UNSAFE = re.compile(r"[:#;%{}\[\]<>`\"\\|]")


def gantt(title: str, sections: Iterable[Any]) -> Md:
    """A Mermaid gantt chart: a section per project, each milestone a point on its due date.

    ``sections`` is ``[(section title, [(milestone id, title, date), ...]), ...]`` (or
    objects with ``name`` and ``milestones`` so); titles lose Mermaid's syntax characters.

    >>> day = dt.date(2010, 5, 1)
    >>> print(gantt("Plan", [("Waste: phase #1", [("m1", "Depot; sold", day)])]), end="")
    ```mermaid
    gantt
        title Plan
        dateFormat YYYY-MM-DD
        section Waste phase 1
        Depot sold :milestone, m1, 2010-05-01, 0d
    ```
    """
    lines = ["```mermaid", "gantt", f"    title {_mermaid(title)}", "    dateFormat YYYY-MM-DD"]
    for section in sections:
        heading, items = (
            (section.name, section.milestones) if hasattr(section, "milestones") else section
        )
        body = [
            f"    {_mermaid(name) or ident} :milestone, {_mermaid(ident)}, {when.isoformat()}, 0d"
            for ident, name, when in items
        ]
        if body:
            lines.append(f"    section {_mermaid(heading) or '-'}")
            lines.extend(body)
    lines.append("```")
    return Md("\n".join(lines) + "\n")


def _mermaid(text: str) -> str:
    return " ".join(_MERMAID_UNSAFE.sub("", line(str(text))).split())


def markdown(text: object) -> Md:
    """People-written markdown, kept as markdown but made inert (:func:`pmo.sanitise.sanitise`):
    no raw HTML, links only to http(s) and mailto, every code fence closed.

    >>> print(markdown("**Note** <script>x</script> [a](java&#115;cript:alert(1))"))
    **Note** &lt;script>x&lt;/script> a
    """
    from pmo.sanitise import sanitise

    return Md(sanitise(text))


def numbered(text: object, number: object) -> Md:
    """A people-written body, made inert, with its plain paragraphs numbered ``N.1``, ``N.2``, ...

    Lists, headings, tables, quotes and code are left unnumbered, as in a committee report.

    >>> print(numbered("First.\\n\\n- a\\n- b\\n\\nSecond.", 2))
    2.1 First.
    <BLANKLINE>
    - a
    - b
    <BLANKLINE>
    2.2 Second.
    """
    from pmo.sanitise import sanitise

    return Md(sanitise(text, number=number))


def md(value: object) -> Md:
    """Escape a value for markdown explicitly (what ``{{ }}`` does by default)."""
    return Md(md_escape(value))


GLOBALS: dict[str, Any] = {"table": table, "gantt": gantt}


# ---------------------------------------------------------------------------------------
# The environment


def builtin_dir() -> Path:
    """The built-in templates: ``pmo/templates`` in an installed wheel, else the source tree's."""
    package = Path(__file__).resolve().parent
    installed = package / TEMPLATES_DIR
    if os.path.isdir(installed):  # (False, not an error, where the user may not look)
        return installed
    return package.parent / TEMPLATES_DIR


def template_dirs(root: Path | None) -> list[Path]:
    """Where templates are looked up, first match wins: the repository's, then the built-ins."""
    dirs = []
    if root is not None and os.path.lexists(root / TEMPLATES_DIR):
        dirs.append(root / TEMPLATES_DIR)
    dirs.append(builtin_dir())
    return dirs


def available(root: Path | None) -> list[str]:
    """Names of every template a repository can use (its own and the built-ins)."""
    names = {
        p.name[: -len(SUFFIX)]
        for folder in template_dirs(root)
        if folder.is_dir()
        for p in folder.glob(f"*{SUFFIX}")
        if not p.name.startswith(".")
    }
    return sorted(names)


def locate(name: str, root: Path | None) -> Path:
    """The file of template ``name`` (repository first, then built-in)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or ".." in name:
        raise TemplateNotFound(name, available(root))
    for folder in template_dirs(root):
        if not os.access(folder, os.R_OK | os.X_OK, effective_ids=True):
            raise TemplateError(str(folder), None, "cannot read this folder of templates")
        path = folder / f"{name}{SUFFIX}"
        if os.path.lexists(path):  # what it is, the loader checks (and refuses a link)
            return path
    raise TemplateNotFound(name, available(root))


def _finalize(value: object) -> str:
    if isinstance(value, Md):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return formats.date(value)
    return md_escape(value)


def environment(root: Path | None, currency: str = "GBP") -> Environment:
    """A sandboxed Jinja environment (:mod:`pmo.sandbox`) over the repository's templates,
    then the built-ins; money in ``currency``."""
    from jinja2 import StrictUndefined

    from pmo.sandbox import BOUNDED_FILTERS, Loader, Sandbox

    env = Sandbox(
        loader=Loader(template_dirs(root)),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    env.filters.update(BOUNDED_FILTERS)
    env.filters.update(filters(currency))
    env.globals.update(GLOBALS)
    return env


def render(
    name: str,
    context: dict[str, Any],
    root: Path | None,
    currency: str = "GBP",
    env: Environment | None = None,
) -> str:
    """Render template ``name`` with ``context`` (money in ``currency``) within the sandbox's
    budgets; any template fault → :class:`TemplateError`. ``env``: an :func:`environment` of
    the same root and currency, kept by a caller that renders many (its compiled templates
    are kept with it)."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound as Missing
    from jinja2 import TemplateSyntaxError

    from pmo import sandbox

    path = locate(name, root)
    env = env or environment(root, currency)
    running: Any = None
    try:
        with sandbox.budget():
            template = env.get_template(path.name)
            out: list[str] = []
            size = 0
            running = template.generate(context)
            for chunk in running:
                size += len(chunk)
                if size > sandbox.MAX_OUTPUT:
                    raise sandbox.OverBudget(
                        f"the output is longer than {sandbox.MAX_OUTPUT:,} characters"
                    )
                out.append(chunk)
            return "".join(out)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            exc.filename or str(path), exc.lineno, exc.message or str(exc)
        ) from None
    except (JinjaError, ValueError, TypeError, ArithmeticError, LookupError) as exc:
        file, line = _template_frame(exc, str(path))
        message = str(exc) or type(exc).__name__
        if isinstance(exc, Missing):
            message = f"no template '{exc.name}' in {', '.join(map(str, template_dirs(root)))}"
        raise TemplateError(file, line, message) from None
    except (sandbox.OverBudget, MemoryError, RecursionError) as exc:
        file, line = _template_frame(exc, str(path))
        if line is None:  # stopped between two pieces of output: where the template was
            file, line = _paused_at(running, env, file)
        if isinstance(exc, MemoryError):
            message = f"used more than {sandbox.MEMORY_BYTES // 2**20} MiB of memory"
        elif isinstance(exc, RecursionError):
            message = "templates nested too deep (a macro or include calling itself?)"
        else:
            message = str(exc)
        raise TemplateError(file, line, message) from None


def _paused_at(generator: Any, env: Environment, default: str) -> tuple[str, int | None]:
    """The template file and line a paused rendering generator stands at."""
    inner = getattr(generator, "gi_yieldfrom", None)
    frame = getattr(inner, "gi_frame", None)
    if frame is None:
        return default, None
    name = frame.f_globals.get("__file__") or default
    template = frame.f_globals.get("__jinja_template__")
    if template is not None:
        return template.filename or name, template.get_corresponding_lineno(frame.f_lineno)
    return name, None


def _template_frame(exc: BaseException, default: str) -> tuple[str, int | None]:
    """The innermost template file and line in a rendering error's traceback."""
    found: tuple[str, int | None] = (default, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(SUFFIX):
            found = (frame.filename, frame.lineno)
    return found
