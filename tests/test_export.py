"""``pmo export``: the workbook read back as a person would find it, and its round trips."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pmo.cli import app
from pmo.load import load

SHEETS = ["Status", "Milestones", "Risks", "Issues", "Decisions", "Benefits", "Budget"]


def export(runner: CliRunner, repo: Path, path: Path, *args: str) -> Path:
    result = runner.invoke(app, ["export", str(path), "--root", str(repo), *args])
    assert result.exit_code == 0, result.output
    return path


def header(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1]]


def column(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    return header(ws).index(name) + 1


def test_the_workbook_reads_as_a_person_would_want(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    book = load_workbook(export(runner, bundled, tmp_path / "pack.xlsx", "--as-of", "2010-10-20"))
    assert book.sheetnames == SHEETS
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws["A1"].font.bold
        assert ws.column_dimensions["A"].width >= 8
    status = book["Status"]
    rating = column(status, "Rating")
    waste = next(r for r in status.iter_rows(min_row=2) if r[2].value == "csw-waste")
    assert waste[rating - 1].value == "Red"
    assert waste[rating - 1].fill.fgColor.rgb.endswith("C00000")
    # Every dimension of the derived rating, as `pmo status` shows them.
    procurement = next(r for r in status.iter_rows(min_row=2) if r[2].value == "csw-procurement")
    dimensions = ("Schedule", "Cost", "Risk", "Benefits")
    got = {d: procurement[column(status, d) - 1].value for d in dimensions}
    assert got == {"Schedule": "Red", "Cost": "Red", "Risk": "Green", "Benefits": "Amber"}
    last = waste[column(status, "Last update") - 1]
    assert isinstance(last.value, dt.datetime) and last.number_format == "dd/mm/yyyy"
    budget = book["Budget"]
    approved = budget.cell(row=2, column=column(budget, "Approved"))
    assert isinstance(approved.value, int | float) and "£" in approved.number_format
    risks = book["Risks"]
    assert risks.cell(row=2, column=column(risks, "Likelihood")).value.split(" - ")[0] in "12345"
    listed = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in risks.data_validations.dataValidation
    }
    likelihood = risks.cell(row=1, column=column(risks, "Likelihood")).column_letter
    assert (
        listed[f"{likelihood}2"]
        == '"1 - Rare,2 - Unlikely,3 - Possible,4 - Likely,5 - Almost certain"'
    )
    status_col = risks.cell(row=1, column=column(risks, "Status")).column_letter
    assert listed[f"{status_col}2"] == '"Open,Closed"'
    ratings = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in status.data_validations.dataValidation
    }
    assert ratings[f"{status.cell(row=1, column=rating).column_letter}2"] == (
        '"Red,Amber/Red,Amber,Amber/Green,Green"'
    )


def test_record_text_is_never_a_formula(bundled: Path, runner: CliRunner, tmp_path: Path) -> None:
    path = bundled / "records/csw/hr.yaml"
    path.write_text(path.read_text().replace("title: ", "title: '=HYPERLINK(\"http://x\")' #", 1))
    book = load_workbook(export(runner, bundled, tmp_path / "x.xlsx"))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    evil = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert evil and all(c.data_type == "s" for c in evil)


def test_export_then_import_unchanged_changes_nothing(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    book = export(runner, bundled, tmp_path / "pack.xlsx")
    before = {p: p.read_bytes() for p in bundled.rglob("*.yaml")}
    result = runner.invoke(app, ["import", str(book), "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    assert "65 risks unchanged" in result.output
    assert not re.search(r"\d+ \w+ (added|changed)", result.output), result.output
    assert {p: p.read_bytes() for p in bundled.rglob("*.yaml")} == before


def test_edit_in_excel_then_import_changes_exactly_what_was_edited(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = export(runner, bundled, tmp_path / "pack.xlsx")
    book = load_workbook(path)
    risks = book["Risks"]
    row = next(r for r in risks.iter_rows(min_row=2) if r[1].value == "csw-hr-r1")
    row[column(risks, "Impact") - 1].value = "5 - Severe"
    issues = book["Issues"]
    issue = issues.cell(row=2, column=column(issues, "Priority"))
    issue_id = issues.cell(row=2, column=column(issues, "ID")).value
    issue.value = "Critical" if issue.value != "Critical" else "Low"
    budget = book["Budget"]
    adults = next(r for r in budget.iter_rows(min_row=2) if r[1].value == "csw-adults")
    adults[column(budget, "Forecast") - 1].value = 130000
    book.save(path)
    before = {p: p.read_text() for p in bundled.rglob("*.yaml")}
    result = runner.invoke(app, ["import", str(path), "--update", "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    changed = {p: (before[p], p.read_text()) for p in before if p.read_text() != before[p]}
    lines = []
    for old, new in changed.values():
        lines += [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(lines) == 3, lines
    assert (
        "budget: {approved: £120k, forecast: £125k, actual: £48k}",
        "budget: {approved: £120k, forecast: £130k, actual: £48k}",
    ) in lines
    pf = load(bundled).portfolio
    hr = next(r for r in pf.projects["csw-hr"].risks if r.id == "csw-hr-r1")
    assert hr.impact == 5
    owner = pf.owner_of(issue_id)
    assert next(i for i in owner.issues if i.id == issue_id).priority == issue.value.lower()


def _strip_risks(repo: Path) -> None:
    from pmo.edit.roundtrip import Document

    for path in (repo / "records").rglob("*.yaml"):
        doc = Document.from_bytes(path.read_bytes())
        if isinstance(doc.data, dict) and "risks" in doc.data:
            del doc.data["risks"]
            path.write_bytes(doc.encode())


@pytest.mark.parametrize("as_of", ["2010-10-20", "2011-06-30"])
def test_export_then_import_into_a_repository_without_risks_gives_the_same_register(
    bundled: Path, runner: CliRunner, tmp_path: Path, as_of: str
) -> None:
    path = export(runner, bundled, tmp_path / "pack.xlsx", "--as-of", as_of)
    register = runner.invoke(
        app, ["risks", "--all", "--format", "json", "--as-of", as_of, "--root", str(bundled)]
    ).stdout
    empty = tmp_path / "empty"
    shutil.copytree(bundled, empty)
    _strip_risks(empty)
    assert not any(w.risks for w in load(empty).portfolio.work())
    result = runner.invoke(app, ["import", str(path), "--sheet", "Risks", "--root", str(empty)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        app, ["risks", "--all", "--format", "json", "--as-of", as_of, "--root", str(empty)]
    ).stdout
    assert json.loads(again)["risks"] == json.loads(register)["risks"]
    assert json.loads(register)["risks"]


@pytest.mark.parametrize(
    "command", [["status"], ["milestones"], ["risks"], ["issues"], ["decisions"]]
)
def test_csv_carries_a_bom_for_excel_when_asked(
    bundled: Path, runner: CliRunner, command: list[str]
) -> None:
    args = [*command, "--format", "csv", "--root", str(bundled)]
    plain = runner.invoke(app, args).stdout_bytes
    marked = runner.invoke(app, [*args, "--bom"]).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain
    misuse = runner.invoke(app, [*command, "--bom", "--root", str(bundled)])
    assert misuse.exit_code == 2 and "--bom is for --format csv" in misuse.output
