"""Start-up stays light: a warm ``pmo status`` imports none of the heavy dependencies.

The documents (matplotlib, python-docx, typst), the spreadsheets (openpyxl,
python-calamine), the templates (jinja2, markdown-it), rich, and the YAML parser and the
schema (a warm run reads the cache) are imported only by the commands that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app

#: Imported by none of the commands below (top-level module names).
HEAVY = (
    "matplotlib",
    "numpy",
    "PIL",
    "docx",
    "lxml",
    "typst",
    "openpyxl",
    "python_calamine",
    "jinja2",
    "markdown_it",
    "rich",
    "ruamel",
    "yaml",
)

RUN = """
import atexit, json, sys
sys.argv = ["pmo", *json.loads(sys.argv[1])]
atexit.register(lambda: sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n"))
from pmo.cli import main
main()
"""


def imported(args: list[str]) -> set[str]:
    """The modules a ``pmo ARGS`` process has imported when it ends (output piped)."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_pmo_version_imports_nothing_heavy_nor_the_cache() -> None:
    found = tops(imported(["--version"]))
    assert found.isdisjoint(HEAVY), sorted(found & set(HEAVY))
    assert "msgspec" not in found  # the cache is read only by commands that load records


@pytest.mark.parametrize("command", ["status", "risks", "milestones", "issues", "decisions"])
def test_a_warm_report_imports_nothing_heavy(bundled: Path, command: str) -> None:
    root = ["--root", str(bundled)]
    imported([command, *root])  # fill the cache
    found = imported([command, *root])
    assert tops(found).isdisjoint(HEAVY), sorted(tops(found) & set(HEAVY))
    # Nor the schema (no file is validated), nor any other command's module.
    assert "pmo.schema" not in found and "pmo.yamlread" not in found
    others = {m for m in found if m.startswith("pmo.cli.")} - {
        "pmo.cli.common",
        "pmo.cli.complete",
        "pmo.cli.output",
        f"pmo.cli.{command}",
    }
    assert not others, sorted(others)


def test_a_report_ends_at_once_with_all_its_output_and_its_exit_status(
    bundled: Path, runner: CliRunner
) -> None:
    """``pmo`` ends a report without freeing what it loaded: its output is whole and its
    exit status kept (as printed through the app, in-process)."""
    args = ["status", "--format", "json", "--fail-on", "red", "--root", str(bundled)]
    expected = runner.invoke(app, args)
    assert expected.exit_code == 1  # a red project: the test can fail
    done = subprocess.run([sys.executable, "-m", "pmo", *args], capture_output=True, text=True)
    assert done.returncode == 1
    assert json.loads(done.stdout) == json.loads(expected.stdout)
    assert done.stdout == expected.stdout
