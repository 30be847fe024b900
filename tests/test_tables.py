"""Every table command alike: rich fitted to an 80-column terminal, plain text when piped."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.tabular import Cell, Table, fit

Golden = Callable[[str, str], None]

#: Each table command, and the columns that carry its verdict: they stay at 80 columns.
TABLES: dict[str, tuple[list[str], list[str]]] = {
    "status": (["status"], ["ID", "Declared", "Derived", "Late", "Age", "Flags"]),
    "milestones": (["milestones"], ["Milestone", "Forecast", "Slip", "State"]),
    "risks": (["risks"], ["ID", "Score", "Next review", "Actions", "Board"]),
    "risks-all": (["risks", "--all"], ["ID", "Score", "Next review", "Board", "Status"]),
    "heatmap": (["risks", "--heatmap"], ["Likelihood / Impact", "1", "5"]),
    "issues": (["issues"], ["ID", "Priority", "Age (days)"]),
    "issues-all": (["issues", "--all"], ["ID", "Priority", "Age (days)", "Status"]),
    "decisions": (["decisions"], ["Date", "ID", "Decision", "Outcome"]),
    "explain": (["status", "--explain", "csw-procurement"], ["Part", "Rating", "Evidence"]),
    "benefits": (["benefits"], ["Benefit", "Target", "Realised", "Rating"]),
}


def _recording(width: int) -> Any:
    from rich.console import Console

    return Console(width=width, file=io.StringIO(), record=True, color_system=None)


def on_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int
) -> str:
    """What ``pmo ARGS`` shows on a terminal ``width`` columns wide (no colour)."""
    import pmo.cli.output

    console = _recording(width)
    monkeypatch.setattr(pmo.cli.output, "terminal", lambda: console)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # drawn on the console, not written as text
    return "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())


def header_of(text: str) -> list[str]:
    """The column names on the header line (above the rule)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
    return [name.strip() for name in lines[rule - 1].split("  ") if name.strip()]


@pytest.mark.parametrize("name", TABLES)
def test_piped_output_is_plain_text(
    runner: CliRunner, bundled: Path, golden: Golden, name: str
) -> None:
    args, _ = TABLES[name]
    result = runner.invoke(app, [*args, "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    assert "─" not in result.stdout and "\x1b" not in result.stdout  # no box, no colour
    golden(f"tables/{name}.txt", result.stdout)


@pytest.mark.parametrize("name", TABLES)
def test_80_columns_keep_the_verdict(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, golden: Golden, name: str
) -> None:
    args, verdict = TABLES[name]
    text = on_terminal(runner, monkeypatch, [*args, "--root", str(bundled)], 80)
    assert all(len(line) <= 80 for line in text.splitlines())
    header = header_of(text)
    assert [c for c in verdict if c not in header] == []
    golden(f"tables/{name}-80.txt", text)


def styled(table: Table) -> str:
    """The table as text with each cell's colour marked ``[style]text[/]``, row by row."""
    lines = []
    for i, row in enumerate(table.rows):
        if i in table.sections:
            lines.append(f"## {table.sections[i]}")
        cells = [f"[{c.style}]{c.text}[/]" if c.style else c.text for c in row]
        lines.append(" | ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", TABLES)
def test_a_terminal_shows_the_colours_of_each_table(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, golden: Golden, name: str
) -> None:
    """Every colour a table command gives its cells (a rating, a trend, a stale age, a hot
    score): the words say it too, the colour is what a reader sees first."""
    golden(f"tables/{name}-colours.txt", styled(drawn_table(runner, monkeypatch, bundled, name)))


def drawn_table(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, name: str
) -> Table:
    """The table ``pmo`` draws on a terminal for ``TABLES[name]``."""
    import pmo.cli.output
    import pmo.tabular

    drawn: list[Table] = []
    monkeypatch.setattr(pmo.cli.output, "terminal", lambda: _recording(200))
    monkeypatch.setattr(pmo.tabular, "print_rich", lambda table, console: drawn.append(table))
    args, _ = TABLES[name]
    result = runner.invoke(app, [*args, "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    [table] = drawn
    return table


def test_the_narrowest_terminal_showing_every_column(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, golden: Golden
) -> None:
    """Each table at the narrowest terminal that still shows all its columns: its long
    columns at their least widths (one column fewer below it); a table that keeps every
    column, at its least widths."""
    from pmo.tabular import shown

    def widths(table: Table, width: int) -> str:
        laid = fit(table, width)
        return ", ".join(f"{c} {w}" for c, w in zip(table.columns, laid.widths, strict=True))

    lines = []
    for name in TABLES:
        table = shown(drawn_table(runner, monkeypatch, bundled, name))
        if not table.drop:  # never leaves a column out (explain, the heat map): its least
            lines.append(f"{name} keeps every column, at least: {widths(table, 20)}")
            continue
        width = next(w for w in range(20, 400) if fit(table, w).table.columns == table.columns)
        assert fit(table, width - 1).table.columns != table.columns
        lines.append(f"{name} at {width}: {widths(table, width)}")
    golden("tables/narrowest.txt", "\n".join(lines) + "\n")


def test_status_at_80_columns_shows_watermelons_and_stale_work(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    text = on_terminal(runner, monkeypatch, ["status", "--root", str(bundled)], 80)
    assert "WATERMELON" in text and "STALE" in text


@pytest.mark.parametrize("width", [100, 120, 160, 250])
@pytest.mark.parametrize("name", TABLES)
def test_wider_terminals_fit_and_keep_the_verdict(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, name: str, width: int
) -> None:
    args, verdict = TABLES[name]
    text = on_terminal(runner, monkeypatch, [*args, "--root", str(bundled)], width)
    assert all(len(line) <= width for line in text.splitlines())
    assert set(verdict) <= set(header_of(text))


def test_a_cut_cell_says_so_with_an_ellipsis(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    text = on_terminal(runner, monkeypatch, ["decisions", "--root", str(bundled)], 80)
    assert "School improvement, …" in text  # Outcome cut with an ellipsis, never cropped


def test_a_terminal_too_narrow_for_the_verdict_wraps_rather_than_hides(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    text = on_terminal(runner, monkeypatch, ["risks", "--root", str(bundled)], 40)
    # Wider than the terminal (which wraps the lines): every verdict column is still there.
    assert {"ID", "Score", "Next review", "Actions", "Board"} <= set(header_of(text))
    assert "ESCALATE" in text


@pytest.mark.parametrize(
    ("width", "header"),
    [
        (60, ["ID", "Issue", "Priority", "Age (days)"]),
        (50, ["ID", "Priority", "Age (days)"]),
    ],
)
def test_a_narrow_terminal_leaves_out_the_issues_work_then_title(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path, width: int, header: list[str]
) -> None:
    text = on_terminal(runner, monkeypatch, ["issues", "--root", str(bundled)], width)
    assert header_of(text) == header


def test_a_narrow_terminal_leaves_out_the_milestones_title_before_its_verdict(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    text = on_terminal(runner, monkeypatch, ["milestones", "--root", str(bundled)], 60)
    assert header_of(text) == ["Milestone", "Forecast", "Slip", "State"]


def test_section_headings_span_the_table(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    text = on_terminal(runner, monkeypatch, ["status", "--root", str(bundled)], 80)
    assert "\nCSW Sub-Regional Programme\n" in text  # not cut to the ID column's width
    assert "\nKent/Swindon Improvement Partnership\n" in text


def test_long_tables_are_plain_text_even_on_a_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    import pmo.cli.output

    monkeypatch.setattr(pmo.cli.output, "RICH_MAX_ROWS", 5)
    monkeypatch.setattr(pmo.cli.output, "terminal", lambda: _recording(80))
    result = runner.invoke(app, ["risks", "--root", str(bundled)])
    assert result.stdout.splitlines()[1].startswith("ID ")


# ---- the fitter -----------------------------------------------------------------------


def _table() -> Table:
    t = Table(
        ["ID", "Title", "Owner", "RAG"],
        shrink={"Title": 6, "Owner": 4},
        drop=("Owner", "Title"),
    )
    t.add("csw-waste", "Residual waste treatment", "Doug Jones", Cell("RED", "bold red"))
    return t


@pytest.mark.parametrize(
    ("width", "columns", "widths"),
    [
        (100, ["ID", "Title", "Owner", "RAG"], [9, 24, 10, 3]),
        (40, ["ID", "Title", "Owner", "RAG"], [9, 12, 10, 3]),  # shrinking share the room
        (28, ["ID", "Title", "Owner", "RAG"], [9, 6, 4, 3]),  # each at its least
        (27, ["ID", "Title", "RAG"], [9, 11, 3]),  # Owner goes first
        (22, ["ID", "Title", "RAG"], [9, 6, 3]),
        (21, ["ID", "RAG"], [9, 3]),  # then Title
        (5, ["ID", "RAG"], [9, 3]),  # too narrow even so: wider than asked, nothing hidden
    ],
)
def test_fit_shrinks_then_drops_then_overflows(
    width: int, columns: list[str], widths: list[int]
) -> None:
    fitted = fit(_table(), width)
    assert (fitted.table.columns, fitted.widths) == (columns, widths)
    assert fitted.width <= width or columns == ["ID", "RAG"]
