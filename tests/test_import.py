"""``pmo import``: messy council workbooks and CSV files into the records, all or nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pmo.cli import app
from pmo.load import load
from pmo.validate import validate
from tests.spreadsheets import RISK_HEADERS, council_raid_log, workbook


def run(runner: CliRunner, repo: Path, *args: str) -> Result:
    return runner.invoke(app, ["import", *args, "--root", str(repo)])


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*.yaml"))}


def errors(repo: Path) -> list[str]:
    return [str(p) for p in validate(repo).problems if p.severity == "error"]


def test_a_council_raid_log_is_imported_into_each_projects_file(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    adults = bundled / "records/csw/adults.yaml"
    adults.write_text("# Adult Services: kept by Helen Marsh\n" + adults.read_text())
    book = council_raid_log(tmp_path / "raid.xlsx")
    result = run(runner, bundled, str(book))
    assert result.exit_code == 0, result.output
    assert "3 risks added" in result.output
    pf = load(bundled).portfolio
    r5 = next(r for r in pf.projects["csw-adults"].risks if r.ref == "AS-01")
    # The id pmo add would give, the sheet's own reference kept; names, words and dates read.
    assert r5.id == "csw-adults-r5"
    assert (r5.owner, r5.likelihood, r5.impact) == ("monica-fogarty", 3, 4)
    assert (r5.raised, r5.review) == (dt.date(2010, 5, 1), dt.date(2010, 11, 1))
    assert [(a.action, a.owner, a.due) for a in r5.actions] == [
        ("Agree MoU", "jos-parry", dt.date(2010, 12, 1)),
        ("Monthly check-ins with the PCTs", None, None),
    ]
    r6 = next(r for r in pf.projects["csw-adults"].risks if r.ref == "AS-02")
    assert (r6.id, r6.raised, r6.review) == (
        "csw-adults-r6",
        dt.date(2010, 1, 14),
        dt.date(2010, 12, 1),
    )
    waste = next(r for r in pf.projects["csw-waste"].risks if r.ref == "WST-07")
    assert (waste.owner, waste.likelihood, waste.impact) == ("doug-jones", 4, 5)
    assert adults.read_text().startswith("# Adult Services: kept by Helen Marsh\n")
    assert errors(bundled) == []


def test_every_bad_cell_is_listed_and_nothing_is_written(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    bad = [
        [
            "AS-03",
            "Bad row",
            "Jos Pary",
            "7",
            "x",
            None,
            None,
            None,
            "31/02/2010",
            None,
            "Adult Servics",
            None,
        ]
    ]
    book = council_raid_log(tmp_path / "raid.xlsx", extra=bad)
    before = snapshot(bundled)
    result = run(runner, bundled, str(book))
    assert result.exit_code == 1
    out = result.output
    where = f"{book}:'RAID Log'!"
    assert (
        f"{where}C10: error: unknown-person 'Jos Pary' is not a person in the records; "
        "did you mean 'Jos Parry'?" in out
    )
    assert f"{where}D10: error: invalid-score '7'" in out
    assert f"{where}E10: error: invalid-score 'x'" in out
    assert f"{where}I10: error: invalid-date '31/02/2010' is not a real date" in out
    assert (
        f"{where}K10: error: unknown-project 'Adult Servics' is not a project in the "
        "records; did you mean 'Adult Services'?" in out
    )
    assert "5 problems" in out and "nothing was written" in out
    assert snapshot(bundled) == before


def test_the_sheets_score_and_rag_are_checked_not_imported(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    wrong = [
        [
            "AS-04",
            "Score typed by hand",
            "Jos Parry",
            2,
            2,
            6,
            "Red",
            None,
            None,
            None,
            "csw-adults",
            None,
        ]
    ]
    result = run(runner, bundled, str(council_raid_log(tmp_path / "raid.xlsx", extra=wrong)))
    assert result.exit_code == 0, result.output
    assert (
        "!F10: warning: score-mismatch the sheet's score 6 is not likelihood × impact = "
        "2 × 2 = 4" in result.output
    )
    assert (
        "!G10: warning: band-mismatch the sheet says Red but a score of 4 is green" in result.output
    )


def test_show_mapping_says_what_it_guessed_and_writes_nothing(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    before = snapshot(bundled)
    result = run(runner, bundled, str(council_raid_log(tmp_path / "raid.xlsx")), "--show-mapping")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("raid.xlsx:'RAID Log': risks, header row 4")
    assert any("Risk Description" in ln and "→ title (required)" in ln for ln in lines)
    assert any("Score" in ln and "derived: checked, not imported" in ln for ln in lines)
    assert any("Notes" in ln and "(not imported)" in ln for ln in lines)
    assert snapshot(bundled) == before


def test_an_existing_item_changes_only_with_update(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    first = council_raid_log(tmp_path / "raid.xlsx")
    assert run(runner, bundled, str(first)).exit_code == 0
    again = run(runner, bundled, str(first))
    assert again.exit_code == 0 and "3 risks unchanged" in again.output
    rows = [
        RISK_HEADERS[:5] + ["Workstream"],
        ["AS-02", "Care home market fails", "Jos Parry", 2, 4, "Adult Services"],
    ]
    edited = workbook(tmp_path / "edited.xlsx", {"Risks": rows})
    before = snapshot(bundled)
    refused = run(runner, bundled, str(edited))
    assert refused.exit_code == 1
    assert (
        "Risks!D2: error: exists risk csw-adults-r6 is in the records and this row "
        "changes likelihood 4 → 2; use --update to change it" in refused.output
    )
    assert snapshot(bundled) == before
    done = run(runner, bundled, str(edited), "--update")
    assert done.exit_code == 0, done.output
    diff = subprocess.run(
        ["diff", "-", str(bundled / "records/csw/adults.yaml")],
        input=before["records/csw/adults.yaml"],
        capture_output=True,
    ).stdout
    assert diff.decode().splitlines()[1:] == ["<     likelihood: 4", "---", ">     likelihood: 2"]


def test_the_kind_is_guessed_and_values_read_as_typed(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    rows = [
        ["Issue Log"],
        [],
        ["Issue No", "Issue Title", "Owner", "Priority", "Date Raised", "Status", "Workstream"],
        ["I-9", "Payroll supplier late", "jane halliwell", "HIGH", "01/09/10", "Open", "HR"],
    ]
    result = run(runner, bundled, str(workbook(tmp_path / "log.xlsx", {"Sheet1": rows})))
    assert result.exit_code == 0, result.output
    issue = load(bundled).portfolio.projects["csw-hr"].issues[-1]
    assert (issue.ref, issue.owner, issue.priority, issue.raised) == (
        "I-9",
        "jane-halliwell",
        "high",
        dt.date(2010, 9, 1),
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_every_encoding_excel_saves(
    bundled: Path, runner: CliRunner, tmp_path: Path, encoding: str
) -> None:
    text = (
        "Benefit,Owner,Target,Due,Workstream\r\n"
        "Cashable saving from shared fleet,Doug Jones,£1.2m,31/03/2012,Waste Treatment\r\n"
    )
    path = tmp_path / "benefits.csv"
    path.write_bytes(text.encode(encoding))
    result = run(runner, bundled, str(path))
    assert result.exit_code == 0, result.output
    benefit = load(bundled).portfolio.projects["csw-waste"].benefits[-1]
    assert (benefit.title, str(benefit.target)) == ("Cashable saving from shared fleet", "1200000")


def test_csv_problems_are_located_by_row_and_column(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Milestone,Baseline,Workstream\nGo live,30/13/2011,csw-hr\n")
    result = run(runner, bundled, str(path), "--kind", "milestones")
    assert result.exit_code == 1
    assert f"{path}:2:2: error: invalid-date '30/13/2011': 13 is not a month" in result.output


def test_a_map_file_overrides_the_headers(bundled: Path, runner: CliRunner, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "kind: decisions\ncolumns:\n  title: What was agreed\n"
        "  date: [When]\ndefaults:\n  project: csw-waste\n"
    )
    rows = [["What was agreed", "When", "Forum"], ["Go to tender", "20 Oct 2010", "CSWACE"]]
    book = workbook(tmp_path / "d.xlsx", {"Decisions": rows})
    result = run(runner, bundled, str(book), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    decision = load(bundled).portfolio.projects["csw-waste"].decisions[-1]
    assert (decision.title, decision.date, decision.by) == (
        "Go to tender",
        dt.date(2010, 10, 20),
        "cswace",
    )


def test_updates_and_a_project_tracker(bundled: Path, runner: CliRunner, tmp_path: Path) -> None:
    highlight = [
        ["Monthly highlight report"],
        [],
        ["Project", "Status date", "Overall RAG", "Commentary", "Next steps"],
        [
            "Adult Services",
            "31/10/2010",
            "AMBER",
            "Budget agreed in principle.",
            "Sign S75\nBrief PCT boards",
        ],
    ]
    result = run(runner, bundled, str(workbook(tmp_path / "h.xlsx", {"Highlight": highlight})))
    assert result.exit_code == 0, result.output
    update = load(bundled).portfolio.projects["csw-adults"].updates[-1]
    assert (update.date, update.rag, update.next_steps) == (
        dt.date(2010, 10, 31),
        "amber",
        ["Sign S75", "Brief PCT boards"],
    )
    tracker = [
        [
            "Project Name",
            "Programme",
            "Project Manager",
            "Start Date",
            "Budget",
            "RAG",
            "Commentary",
        ],
        [
            "Shared Fleet",
            "CSW Sub-Regional Programme",
            "Doug Jones",
            "01/11/2010",
            "£250k",
            "Green",
            "Mobilising.",
        ],
    ]
    result = run(runner, bundled, str(workbook(tmp_path / "t.xlsx", {"Tracker": tracker})))
    assert result.exit_code == 0, result.output
    fleet = load(bundled).portfolio.projects["shared-fleet"]
    assert (fleet.programme, fleet.lead, str(fleet.budget.approved)) == (
        "csw",
        "doug-jones",
        "250000",
    )
    assert (bundled / "records/csw/shared-fleet.yaml").exists()
    assert fleet.updates[0].rag == "green"
    assert errors(bundled) == []


def test_no_project_says_how_to_give_one(bundled: Path, runner: CliRunner, tmp_path: Path) -> None:
    rows = [["Risk", "Owner", "Likelihood", "Impact"], ["Server room floods", "Jos Parry", 2, 3]]
    book = workbook(tmp_path / "r.xlsx", {"Risks": rows})
    refused = run(runner, bundled, str(book))
    assert refused.exit_code == 1 and "missing-project" in refused.output
    result = run(runner, bundled, str(book), "--project", "csw-hr")
    assert result.exit_code == 0, result.output
    assert load(bundled).portfolio.projects["csw-hr"].risks[-1].title == "Server room floods"


def test_misuse_exits_2(bundled: Path, runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, bundled, str(tmp_path / "missing.xlsx")).exit_code == 2
    (tmp_path / "x.txt").write_text("hello")
    assert run(runner, bundled, str(tmp_path / "x.txt")).exit_code == 2
    book = council_raid_log(tmp_path / "raid.xlsx")
    wrong = run(runner, bundled, str(book), "--sheet", "RAID log")
    assert wrong.exit_code == 2 and "did you mean 'RAID Log'?" in wrong.output
    assert run(runner, bundled, str(book), "--map", "gmp").exit_code == 2


def test_a_two_row_header_under_merged_group_headings(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    rows = [
        ["Strategic Risk Register 2010/11"],
        ["Ref", "Risk", "Owner", "Current score", None, "Target score", None, "Workstream"],
        [None, None, None, "Likelihood", "Impact", "Target likelihood", "Target impact", None],
        ["SR1", "Shared ICT contract collapses", "Phil Mayhew", 4, 3, 2, 2, "Procurement"],
    ]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3"]
    book = workbook(tmp_path / "sr.xlsx", {"Strategic Risks": rows}, {"Strategic Risks": merges})
    shown = run(runner, bundled, str(book), "--show-mapping")
    assert "risks, header row 3" in shown.stdout, shown.output
    result = run(runner, bundled, str(book))
    assert result.exit_code == 0, result.output
    risk = load(bundled).portfolio.projects["csw-procurement"].risks[-1]
    assert (risk.ref, risk.owner, risk.likelihood, risk.impact) == ("SR1", "phil-mayhew", 4, 3)
    assert risk.target is not None and (risk.target.likelihood, risk.target.impact) == (2, 2)


def test_cell_text_cannot_reach_the_terminal_as_escapes(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "evil.csv"
    path.write_text("Risk,Owner,Likelihood,Impact,Workstream\n"
                    "Flood,\x1b[2J\x1b[31mJos,2,3,csw-hr\n")  # fmt: skip
    result = run(runner, bundled, str(path), "--dry-run")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[31mJos" in result.output


def test_dry_run_shows_the_diff_and_writes_nothing(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    before = snapshot(bundled)
    result = run(runner, bundled, str(council_raid_log(tmp_path / "raid.xlsx")), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+  - id: csw-adults-r5\n+    ref: AS-01\n" in result.stdout
    assert snapshot(bundled) == before


def test_a_row_without_id_or_ref_is_matched_by_its_title_in_any_case(
    bundled: Path, runner: CliRunner, tmp_path: Path
) -> None:
    risk = next(r for r in load(bundled).portfolio.projects["csw-hr"].risks)
    rows = [
        ["Risk", "Owner", "Likelihood", "Impact", "Workstream"],
        [risk.title.upper(), risk.owner, risk.likelihood, risk.impact, "HR"],
    ]
    # Matched in capitals (not added as a new risk), and the capitals are a change.
    shouted = run(runner, bundled, str(workbook(tmp_path / "t.xlsx", {"Risks": rows})))
    assert shouted.exit_code == 1
    assert f"exists risk {risk.id} is in the records and this row changes title" in (shouted.output)
    rows[1][0] = risk.title
    same = run(runner, bundled, str(workbook(tmp_path / "t.xlsx", {"Risks": rows})))
    assert same.exit_code == 0 and "1 risk unchanged" in same.output, same.output
    rows[1][2] = risk.likelihood % 5 + 1
    changed = run(runner, bundled, str(workbook(tmp_path / "t.xlsx", {"Risks": rows})), "--update")
    assert changed.exit_code == 0 and "1 risk changed" in changed.output, changed.output
    again = next(r for r in load(bundled).portfolio.projects["csw-hr"].risks if r.id == risk.id)
    assert again.likelihood == risk.likelihood % 5 + 1
