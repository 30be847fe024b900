"""The ``pmo`` command line: a thin skin over the library, one module per command group.

Command modules import their heavy machinery inside the command body, so every ``pmo``
invocation pays only for what it runs.
"""

from __future__ import annotations

import sys

from pmo.cli.common import app

# Each import registers its commands on ``app``.
from pmo.cli import validate as _validate  # noqa: F401  isort: skip
from pmo.cli import edit as _edit  # noqa: F401  isort: skip
from pmo.cli import status as _status  # noqa: F401  isort: skip
from pmo.cli import risks as _risks  # noqa: F401  isort: skip
from pmo.cli import paper as _paper  # noqa: F401  isort: skip
from pmo.cli import spreadsheet as _spreadsheet  # noqa: F401  isort: skip


def main() -> None:
    """Entry point of the ``pmo`` console script."""
    try:
        app()
    except BrokenPipeError:  # e.g. `pmo status | head`
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
