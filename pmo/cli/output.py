"""How every command prints: one ``--format`` option, one :func:`emit`, one :func:`write`.

A report (:mod:`pmo.reports`) is printed as a table (rich in a terminal, plain aligned
text when piped or when larger than :data:`RICH_MAX_ROWS`), plain text, markdown, CSV or
JSON; ``-o`` and ``--to`` outputs are written atomically through :func:`write`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from pmo.portfolio import SourceState
    from pmo.reports import DocumentReport, TableReport


class Format(StrEnum):
    """Every output format; each command offers those that fit it."""

    table = "table"
    text = "text"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    github = "github"


#: What each format is, for the --format help.
_HELP = {
    Format.table: "table (rich in a terminal, plain text when piped)",
    Format.text: "text",
    Format.markdown: "markdown",
    Format.csv: "csv (for spreadsheets)",
    Format.json: "json",
    Format.github: "github (Actions annotations)",
}

#: Above this many rows a terminal table is printed as plain text (rich lays out ~5 ms a row).
RICH_MAX_ROWS = 200


def _option(*formats: Format) -> Any:
    """The ``--format`` option offering ``formats``."""
    names = [f.value for f in formats]

    def parse(value: str) -> Format:
        if value not in names:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(names)}")
        return Format(value)

    listed = ", ".join(_HELP[f] for f in formats[:-1]) + f" or {_HELP[formats[-1]]}"
    return typer.Option(
        "--format",
        parser=parse,
        metavar="[" + "|".join(names) + "]",
        help=listed[0].upper() + listed[1:] + ".",
    )


#: ``--format`` of the table reports (status, milestones, risks, issues, decisions, ...).
TableFormat = Annotated[Format, _option(Format.table, Format.markdown, Format.csv, Format.json)]
#: ``--format`` of a report that reads as a document (``pmo show``).
DocumentFormat = Annotated[Format, _option(Format.text, Format.markdown, Format.json)]
#: ``--format`` of problems (``pmo validate``).
ProblemFormat = Annotated[Format, _option(Format.text, Format.json, Format.github)]


BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="Start CSV output with a byte-order mark, so Excel on Windows reads it as UTF-8.",
    ),
]


def emit(report: TableReport | DocumentReport, fmt: Format, *, bom: bool = False) -> None:
    """Print ``report`` on standard output in ``fmt`` (CSV with a byte-order mark: ``bom``)."""
    from pmo.reports import DocumentReport

    if bom and fmt is not Format.csv:
        from pmo.cli.common import fail

        fail("--bom is for --format csv")
    if fmt is Format.json:
        from pmo.inert import json_text

        data = report.data()
        source = _read()
        if source is not None and "source" not in data:
            data = {**data, "source": source}
        text = json_text(data)
    elif isinstance(report, DocumentReport):
        text = report.document(markdown=fmt is Format.markdown)
    else:
        text = render_table(report, fmt)
        if bom:
            from pmo.tabular import with_bom

            text = with_bom(text, bom)
    if text:
        sys.stdout.write(text)


def read_from(state: SourceState) -> None:
    """Remember which state of the records this command read: every report's JSON says it
    (``"source": {"commit", "date", "working_tree"}``; see docs/reference.md, "History")."""
    ctx = _context()
    if ctx is not None:
        ctx.meta["pmo.source"] = state.as_json()


def _read() -> dict[str, Any] | None:
    ctx = _context()
    return ctx.meta.get("pmo.source") if ctx is not None else None


def _context() -> Any:
    """The running command's context (None outside a command: a library call)."""
    from typer.main import get_current_context  # type: ignore[attr-defined]

    return get_current_context(silent=True)


def terminal() -> Any:
    """A rich console when standard output is a terminal, else None (piped, redirected)."""
    if not sys.stdout.isatty():
        return None
    from rich.console import Console

    return Console()


def render_table(report: TableReport, fmt: Format) -> str:
    """The report in a table format; a terminal table is printed here and "" returned.

    Every table command behaves alike: ``--format table`` is drawn with rich, fitted to
    the terminal's width, when standard output is a terminal, and is plain aligned text
    when piped or redirected (or longer than :data:`RICH_MAX_ROWS` rows).
    """
    from pmo import tabular

    if fmt is Format.csv:
        return tabular.to_csv(report.csv_table())
    table = report.table()
    if fmt is Format.markdown:
        return tabular.to_markdown(table)
    if fmt is Format.table and len(table.rows) <= RICH_MAX_ROWS:
        console = terminal()
        if console is not None:
            tabular.print_rich(table, console)
            return ""
    return tabular.to_text(table)


#: Where files a command writes without being told where go, in the repository
#: (``pmo init`` puts it in .gitignore).
BUILD_DIR = "build"


def default_output(root: Path, name: str) -> Path:
    """``build/NAME`` in the repository at ``root``, as a path from here when it is below."""
    import os

    path = root / BUILD_DIR / name
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return Path(os.path.relpath(path)) if path.is_absolute() else path


def is_stream(path: Path) -> bool:
    """Is ``path`` a device, pipe or socket (``/dev/stdout``, ``/dev/null``): written into,
    never replaced?"""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def write(data: str | bytes, output: Path | None, *, say: bool = True) -> None:
    """Write ``data`` to ``output`` atomically (saying so on stderr, unless not ``say``), else
    to standard output. A device or pipe is written straight into. Any failure (a folder on
    the way that is a file, no permission, a full disk) is ``pmo: error: cannot write
    OUTPUT: why`` and exit 1, with nothing half-written."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from pmo.atomic import write_atomic

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if is_stream(output):
            with open(output, "wb") as stream:
                stream.write(raw)
        else:
            write_atomic(output, raw)
    except OSError as exc:
        from pmo.cli.common import fail

        fail(f"cannot write {output}: {_why(output, exc)}", 1)
    if say:
        from pmo.cli.common import say as tell

        tell(f"pmo: wrote {output}")


def _why(output: Path, exc: OSError) -> str:
    """Why ``output`` could not be written, in words: a folder on its way that is a file."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        for above in reversed(output.parents):
            if above.exists() and not above.is_dir():
                return f"{above} is a file, not a folder"
    return exc.strerror or str(exc)
