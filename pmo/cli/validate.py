"""``pmo validate``: check every record, problems located at ``file:line:col``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    NoCacheOption,
    RootOption,
    app,
    parse_as_of,
    repository,
)
from pmo.cli.output import Format, ProblemFormat


@app.command()
def validate(
    root: RootOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    fmt: ProblemFormat = Format.text,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every record: syntax, fields, references, dates, cycles, staleness.

    Prints each problem as PATH:LINE:COL: error|warning: CODE message, then a summary
    on stderr. Exit status: 0 no errors, 1 errors found (or warnings with --strict),
    2 misuse. Unchanged files are not read again: their outcome comes from a cache
    (see docs/performance.md, "Speed and the cache"); --no-cache reads everything afresh.

    Example: pmo validate --strict --format github
    """
    from pmo.problems import RENDERERS, exit_code, summary
    from pmo.validate import cached_validation
    from pmo.validate import validate as run

    where, day = repository(root), parse_as_of(as_of)
    known = cached_validation(where, day)  # nothing changed since the last validation
    if known is not None:
        problems, files = known
    else:
        result = run(where, day)
        problems, files = result.problems, result.files
    sys.stdout.write(RENDERERS[fmt](problems))
    print(summary(problems, files), file=sys.stderr)
    raise typer.Exit(exit_code(problems, strict=strict))
