"""Record text and file names cannot act on a terminal, forge a line, run a workflow command or
a spreadsheet formula: every output shows them inert (escapes visible, data intact in JSON)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app

#: A name that clears the screen, writes the clipboard (OSC 52), reverses text, hides a
#: character, and starts three lines of its own: a fake problem and two workflow commands.
HOSTILE = (
    "Evil\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202eX\u200bY\n"
    "records/x.yaml:1:1: error: forged\n::add-mask::secret ##[error]z"
)
#: The same in a YAML double-quoted scalar.
HOSTILE_YAML = (
    '"Evil\\e]52;c;cHduZWQ=\\a\\e[2J\\u202eX\\u200bY\\n'
    'records/x.yaml:1:1: error: forged\\n::add-mask::secret ##[error]z"'
)
FORMULAS = {
    "programme": '\'=HYPERLINK("http://evil.example","x")\'',
    "risk": "\"\\t=cmd|' /C calc'!A0\"",
    "milestone": "\"\\r@SUM(1+1)*cmd|' /C calc'!A0\"",
    "person": "\"+1+cmd|' /C calc'!A0\"",
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def hostile(bundled: Path) -> Path:
    """The bundled repository with hostile text in names, titles and a file name."""
    records = bundled / "records"
    _replace(records / "csw/waste.yaml", "name: Waste Treatment", f"name: {HOSTILE_YAML}")
    _replace(
        records / "csw/waste.yaml",
        "title: Residual treatment capacity gap from 2013 exposes partners to rising landfill tax",
        f"title: {FORMULAS['risk']}",
    )
    _replace(
        records / "csw/waste.yaml",
        "title: Stock-take of treatment and disposal capacity",
        f"title: {FORMULAS['milestone']}",
    )
    _replace(
        records / "csw/programme.yaml",
        "name: CSW Sub-Regional Programme",
        f"name: {FORMULAS['programme']}",
    )
    _replace(records / "people.yaml", "name: Tom Baverstock", f"name: {FORMULAS['person']}")
    return bundled


def assert_inert(text: str, *, github: bool = False) -> None:
    """No raw escape, bidi or zero-width character; no forged problem line; no workflow
    command but a --format github line pmo wrote itself."""
    for c in ("\x1b", "\x07", "\u202e", "\u200b", "\r"):
        assert c not in text, (repr(c), text[:2000])
    for line in text.split("\n"):
        assert not line.startswith("records/x.yaml:1:1: error: forged"), line
        assert "##[" not in line, line
        if line.lstrip().startswith("::"):
            assert github and re.match(r"::(error|warning) file=[^:]*::", line), line


def _strings(data: object) -> set[str]:
    if isinstance(data, dict):
        return {s for v in data.values() for s in _strings(v)}
    if isinstance(data, list):
        return {s for v in data for s in _strings(v)}
    return {data} if isinstance(data, str) else set()


READS = [
    ["status"],
    ["status", "--explain", "csw-waste"],
    ["show", "csw-waste"],
    ["milestones"],
    ["risks"],
    ["issues"],
    ["decisions"],
    ["benefits"],
]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize("args", READS, ids=lambda a: "-".join(a))
def test_reports_show_record_text_inert(
    runner: CliRunner, hostile: Path, args: list[str], fmt: str
) -> None:
    if args[0] == "show":
        fmt = {"table": "text", "csv": "text"}.get(fmt, fmt)
    result = runner.invoke(app, [*args, "--format", fmt, "--root", str(hostile)])
    assert result.exit_code in (0, 1), result.output
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    if fmt == "json" and args[0] in ("status", "show"):
        assert HOSTILE in _strings(json.loads(result.stdout))  # the data itself is intact
    if fmt == "csv":
        for row in csv.reader(io.StringIO(result.stdout)):
            for cell in row:
                assert cell[:1] not in ("=", "+", "@", "\t", "\r", "\n"), (cell, row)
                assert not cell.startswith("-") or re.fullmatch(r"-[£$€]?[\d,.]+%?", cell), cell


def test_every_csv_column_is_neutralised(runner: CliRunner, hostile: Path) -> None:
    result = runner.invoke(app, ["risks", "--format", "csv", "--root", str(hostile)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    waste = [r for r in rows if r["ID"] == "csw-waste-r1"]
    assert waste[0]["Risk"] == "'\\t=cmd|' /C calc'!A0"  # the tab shown, after the quote
    result = runner.invoke(app, ["status", "--format", "csv", "--root", str(hostile)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["Programme"] for r in rows if r["ID"].startswith("csw")} == {
        '\'=HYPERLINK("http://evil.example","x")'
    }
    assert "'+1+cmd|' /C calc'!A0" in {r["Lead"] for r in rows}
    args = ["milestones", "--all", "--format", "csv", "--root", str(hostile)]
    result = runner.invoke(app, args)
    assert "'\\r@SUM(1+1)" in result.stdout  # the CR shown, after the quote


def test_a_terminal_gets_colour_but_no_escape_from_the_records(
    runner: CliRunner, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=400, color_system="truecolor")
    monkeypatch.setattr("pmo.cli.output.terminal", lambda: console)
    result = runner.invoke(app, ["status", "--root", str(hostile)])
    assert result.exit_code == 0, result.output
    shown = buffer.getvalue()
    assert "csw-waste" in shown and "\\x1b]52;c;cHduZWQ=\\x07" in shown
    # Only rich's own colour codes (SGR, ESC [ ... m) reach the terminal.
    assert re.findall(r"\x1b(?!\[[0-9;]*m)", shown) == []
    assert_inert(re.sub(r"\x1b\[[0-9;]*m", "", shown))


def test_show_text_escapes_and_indents(runner: CliRunner, hostile: Path) -> None:
    waste = hostile / "records/csw/waste.yaml"
    _replace(
        waste,
        "description: >-\n  Takes stock",
        "description: |-\n  ::error::forged\n  records/x.yaml:1:1: error: forged\n  Takes stock",
    )
    result = runner.invoke(app, ["show", "csw-waste", "--root", str(hostile)])
    assert_inert(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Evil\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\u202eX\\u200bY\\n")
    assert "  \\x3a:error::forged" in lines
    assert "  records/x.yaml:1:1: error: forged" in lines  # indented: not a problem line


FILE_NAME = "evil\x1b[2J\u202e\n::error::forged.yaml"


@pytest.fixture
def hostile_file(bundled: Path) -> Path:
    """A broken record file whose name holds an escape, a bidi override and a workflow command."""
    (bundled / "records" / FILE_NAME).write_text("kind: [unclosed\n", encoding="utf-8")
    _replace(bundled / "records/csw/waste.yaml", "name: Waste Treatment", f"name: {HOSTILE_YAML}")
    return bundled


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_shows_paths_and_messages_inert(
    runner: CliRunner, hostile_file: Path, fmt: str
) -> None:
    result = runner.invoke(app, ["validate", "--format", fmt, "--root", str(hostile_file)])
    assert result.exit_code == 1, result.output
    assert_inert(result.stdout, github=fmt == "github")
    assert_inert(result.stderr)
    if fmt == "json":
        problems = json.loads(result.stdout)
        assert f"records/{FILE_NAME}" in {p["path"] for p in problems}  # exact in the data
    else:
        assert "evil\\x1b[2J\\u202e\\n" in result.stdout
    if fmt == "github":
        assert len(result.stdout.splitlines()) == len(
            json.loads(
                runner.invoke(
                    app, ["validate", "--format", "json", "--root", str(hostile_file)]
                ).stdout
            )
        )


def test_validate_warns_of_hidden_and_look_alike_characters(
    runner: CliRunner, bundled: Path
) -> None:
    waste = bundled / "records/csw/waste.yaml"
    _replace(waste, "name: Waste Treatment", 'name: "Waste\\u200bTreatment"')
    _replace(
        waste,
        "title: Stock-take of treatment and disposal capacity",
        "title: Stock-take of tre\u0430tment capacity",  # a Cyrillic а
    )
    _replace(
        bundled / "records/people.yaml", "name: Tom Baverstock", 'name: "Tom \\u202eBaverstock"'
    )
    result = runner.invoke(app, ["validate", "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    found = [line for line in result.stdout.splitlines() if "hidden-character" in line]
    assert len(found) == 3, found
    assert any("the name of 'csw-waste': it holds a hidden character (\\u200b)" in f for f in found)
    assert any("'treаtment' mixes Latin and Cyrillic letters (\\u0430)" in f for f in found)
    assert any(f.startswith("records/people.yaml:") and "\\u202e" in f for f in found)


def test_errors_and_notes_on_stderr_are_inert(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["show", "x\x1b[2J\n::error::y", "--root", str(bundled)])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert "x\\x1b[2J\\n" in result.stderr
