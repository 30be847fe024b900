"""``pmo schema``: the JSON Schema of the records, for editors' YAML language servers."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from pmo.cli.common import app, fail


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
    from pmo.schema import SCHEMA_KINDS, json_schema
    from pmo.suggest import did_you_mean

    if kind is not None and kind not in SCHEMA_KINDS:
        fail(
            f"unknown kind '{kind}'{did_you_mean(kind, SCHEMA_KINDS)}; "
            f"expected one of {', '.join(SCHEMA_KINDS)}"
        )
    print(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
