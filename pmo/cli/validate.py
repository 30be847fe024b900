"""``pmo validate`` and ``pmo schema``: check the records; describe them for editors."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from pmo.cli.common import (
    AsOfOption,
    NoCacheOption,
    RootOption,
    app,
    fail,
    parse_as_of,
    repository,
)


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    root: RootOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    fmt: Annotated[
        ProblemFormat,
        typer.Option("--format", help="text, json, or github (Actions annotations)."),
    ] = ProblemFormat.text,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every record: syntax, fields, references, dates, cycles, staleness.

    Prints each problem as PATH:LINE:COL: error|warning: CODE message, then a summary
    on stderr. Exit status: 0 no errors, 1 errors found (or warnings with --strict),
    2 misuse. Unchanged files are not read again: their outcome comes from a cache
    (see README, "Speed and the cache"); --no-cache reads everything afresh.

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
    sys.stdout.write(RENDERERS[fmt.value](problems))
    print(summary(problems, files), file=sys.stderr)
    raise typer.Exit(exit_code(problems, strict=strict))


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="programme, project, people, board, paper or settings (pmo.yaml); "
            "default: any record file."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the records, for editors' YAML language servers.

    Example: pmo schema > .pmo/record.schema.json, then put
    '# yaml-language-server: $schema=../.pmo/record.schema.json' atop a record file.
    """
    from pmo.model import SCHEMA_KINDS, did_you_mean, json_schema

    if kind is not None and kind not in SCHEMA_KINDS:
        fail(
            f"unknown kind '{kind}'{did_you_mean(kind, SCHEMA_KINDS)}; "
            f"expected one of {', '.join(SCHEMA_KINDS)}"
        )
    print(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
