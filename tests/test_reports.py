"""Every report in every text format, and each filter, on the bundled records: golden files.

One golden file per command (``tests/golden/reports/COMMAND.txt``) holds each of its views
(:mod:`tests.views`: every format of every report the command shows, read off the command
line) and each filter and date, with the exit code: so a word, a column, a figure or a
filter of any report that changes shows in review (``pytest --update-goldens`` rewrites
them; read the diff). The same on tests/fixtures/rules, a portfolio built to reach every
rule of the ratings on the five-point scale.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.gitrepo import commit, git
from tests.views import templates, views

#: The reports each command shows of the bundled records (every format of each).
BUNDLED: dict[str, list[list[str]]] = {
    "status": [[], ["--explain", "csw"], ["--explain", "csw-procurement"], ["--explain", "ks-hr"]],
    "show": [["csw"], ["csw-waste"], ["ks-children"]],
    "milestones": [[], ["--all"]],
    "risks": [[], ["--all"], ["--heatmap"]],
    "issues": [[], ["--all"]],
    "paper": [["cyp-oss-2010-10"]],
    "report": templates("csw-waste", "cyp-oss-2010-10"),
    "changes": [[], ["--since", "2010-06-15", "--until", "2010-09-15"]],
    "history": [["csw-waste"]],
}
#: Filters and other dates, as JSON (the data decides; the formats are above).
FILTERS: dict[str, list[list[str]]] = {
    "status": [
        ["--programme", "kent-swindon"],
        ["--rag", "red", "--rag", "none"],
        ["--lead", "jane-halliwell"],
        ["--fail-on", "amber"],
        ["--fail-on", "red", "--programme", "kent-swindon"],
        ["--as-of", "2010-06-30"],
    ],
    "show": [["csw-hr", "--as-of", "2010-06-30"]],
    "milestones": [
        ["--within", "30"],
        ["--overdue"],
        ["--programme", "csw", "--all"],
        ["--programme", "kent-swindon", "--all", "--as-of", "2010-06-30"],
    ],
    "risks": [
        ["--min-score", "12"],
        ["--category", "Financial"],
        ["--review-overdue"],
        ["--owner", "virginia-rennie"],
        ["--project", "csw-waste", "--all", "--as-of", "2011-03-31"],
        ["--heatmap", "--programme", "csw", "--min-score", "9"],
    ],
    "issues": [
        ["--priority", "high"],
        ["--owner", "doug-jones"],
        ["--project", "csw-procurement", "--all"],
        ["--all", "--as-of", "2010-06-30"],
    ],
    "decisions": [
        ["--by", "cswace"],
        ["--since", "2010-09-01"],
        ["--programme", "csw", "--as-of", "2010-07-31"],
    ],
    "benefits": [
        ["--programme", "csw"],
        ["--owner", "oliver-mills"],
        ["--as-of", "2012-03-31"],
    ],
}
#: Views that are files (documents, the workbook) or a terminal are read back elsewhere.
TEXT = ("table", "text", "markdown", "csv", "json", "github")


def command_lines(command: str) -> list[list[str]]:
    lines = [args for kind, args in views(BUNDLED) if args[0] == command and kind in TEXT]
    lines += [[command, *args, "--format", "json"] for args in FILTERS.get(command, [])]
    return lines


COMMANDS = sorted({args[0] for kind, args in views(BUNDLED) if kind in TEXT})


def in_git(root: Path, path: str, then: str, now: str) -> Path:
    """``root`` made a git repository of two dated commits: on 1 June 2010 with
    ``then`` in place of ``now`` in ``path``, on 1 October 2010 as it is (for the views of
    ``pmo changes`` and ``pmo history``)."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert now in text, (path, now)
    git(root, "init", "-q", "-b", "main")
    commit(root, "2010-06-01T12:00:00+01:00", {path: text.replace(now, then, 1)})
    commit(root, "2010-10-01T12:00:00+01:00", {path: text})
    return root


def run(root: Path, args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--root", str(root)], env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), args
    assert result.exit_code in (0, 1), (args, result.output)
    said = "".join(f"[stderr] {line}\n" for line in result.stderr.splitlines())
    return f"$ pmo {' '.join(args)}\n[exit {result.exit_code}]\n{said}{result.stdout}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_view_of_the_bundled_records(
    bundled: Path, golden: Callable[[str, str], None], command: str
) -> None:
    in_git(bundled, "records/csw/waste.yaml", "forecast: £120k", "forecast: £135k")
    golden(f"reports/{command}.txt", "".join(run(bundled, args) for args in command_lines(command)))


#: A portfolio built to reach every rule of the ratings on the five-point scale.
RULES_ROOT = Path(__file__).resolve().parent / "fixtures" / "rules"
RULES: dict[str, list[list[str]]] = {
    "status": [[]] + [["--explain", w] for w in ("prog", "late", "cost", "cost2", "risky", "ben",
                                                   "stale", "quiet", "closed", "green", "other")],
    "show": [["prog"], ["late"], ["risky"], ["ben"], ["closed"], ["stale"]],
    "milestones": [["--all"]],
    "risks": [["--all"], ["--heatmap"]],
    "issues": [["--all"]],
    "paper": [["board-2010-10"]],
    "report": templates("risky", "board-2010-10"),
    "changes": [[]],
    "history": [["cost"]],
}  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_view_of_every_rule(
    tmp_path: Path, golden: Callable[[str, str], None], command: str
) -> None:
    root = tmp_path / "rules"
    shutil.copytree(RULES_ROOT, root)  # out of pmo's own git history
    in_git(root, "records/cost.yaml", "forecast: 205000", "forecast: 212000")
    lines = [args for kind, args in views(RULES) if args[0] == command and kind in TEXT]
    golden(f"reports/rules-{command}.txt", "".join(run(root, args) for args in lines))


def test_the_goldens_cover_every_command_with_a_format() -> None:
    """A new report command gets a golden file (run pytest --update-goldens and read it)."""
    with_format = {args[0] for kind, args in views({}) if kind in ("json", "github")}
    assert with_format <= set(COMMANDS)
