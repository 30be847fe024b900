"""Every flag names its dimension and evidence: `pmo status --explain`, `pmo show`, the status
JSON's benefits dimension, and the paper's list of late milestones."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.load import load
from pmo.reports.paper import build_paper
from tests.test_paper import make_repo
from tests.test_status_cli import small

Golden = Callable[[str, str], None]

BEHIND = """\
kind: project
id: p1
name: P1
programme: prog
lead: lee
updates:
  - {date: 2010-08-01, rag: green, summary: Fine.}
milestones:
  - {id: p1-m1, title: Go live, baseline: 2010-09-10, forecast: 2010-12-01}
benefits:
  - id: p1-b1
    title: Savings
    type: cashable
    target: £100k
    profile: [{date: 2010-09-30, value: £40k}, {date: 2011-03-31, value: £60k}]
    realised: [{date: 2010-09-30, value: £25k}]
"""


def invoke(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def test_explain_names_every_dimension_and_flag(runner: CliRunner, tmp_path: Path) -> None:
    root = str(small(tmp_path, BEHIND))
    out = invoke(runner, "status", "--root", root, "--explain", "p1")
    lines = out.splitlines()
    assert lines[0] == "Why P1 (p1) is rated as it is, as of 2010-10-20"
    part = {line.split()[0]: line for line in lines[3:] if line[:1] != " "}
    assert "the update of 2010-08-01, 80 days before" in part["Declared"]
    assert "RED" in part["Schedule"] and "40 days overdue (baseline 2010-09-10" in part["Schedule"]
    assert "no evidence: no approved budget" in part["Cost"]
    assert "no evidence: no risk raised by then" in part["Risk"]
    assert "realised £25k of £40k planned by 2010-10-20, 37.5% behind" in part["Benefits"]
    watermelon = part["WATERMELON"]
    assert "declared GREEN is better than the evidence (RED): schedule RED, benefits RED" in (
        watermelon
    )
    assert "the last update, of 2010-08-01, is 80 days old (stale after 45)" in part["STALE"]


def test_explain_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    root = str(small(tmp_path, BEHIND))
    data = json.loads(invoke(runner, "status", "--root", root, "--explain", "p1", "--format",
                             "json"))  # fmt: skip
    assert (data["id"], data["rag"], data["derived_rag"]) == ("p1", "green", "red")
    assert data["benefits"]["rating"] == "red"
    assert data["cost"] == {"rating": None, "reasons": []}
    assert [(f["flag"], f["dimensions"]) for f in data["flags"]] == [
        ("watermelon", ["schedule", "benefits"]),
        ("stale", []),
    ]
    md = invoke(runner, "status", "--root", root, "--explain", "p1", "--format", "markdown")
    assert "| Benefits | RED | benefit p1-b1 (Savings) realised £25k" in md
    rows = list(csv.reader(io.StringIO(invoke(runner, "status", "--root", root, "--explain",
                                              "p1", "--format", "csv"))))  # fmt: skip
    assert rows[0] == ["Part", "Rating", "Evidence"]
    # In CSV every evidence row says its part and rating (no blank continuation cells).
    assert all(row[0] and row[1] for row in rows[1:])


def test_explain_unknown_ids(runner: CliRunner, tmp_path: Path) -> None:
    root = str(small(tmp_path, BEHIND))
    err = invoke(runner, "status", "--root", root, "--explain", "p11", code=2)
    assert "--explain p11: no such programme or project; did you mean 'p1'?" in err
    err = invoke(runner, "status", "--root", root, "--explain", "p1-b1", code=2)
    assert "--explain p1-b1: that is a benefit of 'p1'; try --explain p1" in err


def test_explain_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    root = str(bundled)
    golden("status/explain-csw.txt", invoke(runner, "status", "--root", root, "--explain", "csw"))
    golden(
        "status/explain-csw-procurement.json",
        invoke(runner, "status", "--root", root, "--explain", "csw-procurement", "--format",
               "json"),
    )  # fmt: skip


def test_show_names_flags_with_their_dimensions(runner: CliRunner, tmp_path: Path) -> None:
    root = str(small(tmp_path, BEHIND))
    out = invoke(runner, "show", "p1", "--root", root)
    assert (
        "WATERMELON: declared GREEN is better than the evidence (RED): schedule RED, benefits RED"
        in out
    )
    assert "STALE: the last update, of 2010-08-01, is 80 days old (stale after 45)" in out
    assert "Benefits: RED\n- benefit p1-b1 (Savings) realised £25k of £40k planned" in out
    assert "p1-b1    Savings  cashable  £100k   £40k     £25k      RED" in out


def test_status_json_has_the_benefits_dimension(runner: CliRunner, bundled: Path) -> None:
    data = json.loads(invoke(runner, "status", "--root", str(bundled), "--format", "json"))
    for entry in data["projects"] + data["programmes"]:
        for dim in ("schedule", "cost", "risk", "benefits"):
            assert set(entry[dim]) == {"rating", "reasons"}
    procurement = next(e for e in data["projects"] if e["id"] == "csw-procurement")
    assert procurement["benefits"]["rating"] == "amber"
    assert procurement["benefits"]["reasons"] == [
        "benefit csw-procurement-b1 (Collective savings from joint procurement) realised £35k of "
        "£45k planned by 2010-10-20, 22.2% behind"
    ]


@pytest.mark.parametrize("scale", ["three", "five"])
def test_bundled_watermelons(runner: CliRunner, bundled: Path, scale: str) -> None:
    """The measured change of issue 16: on the bundled records only Procurement (and the CSW
    programme over it) is a watermelon at the October 2010 meeting, on its schedule, cost
    and benefits; no longer on medium risks."""
    settings = bundled / "pmo.yaml"
    settings.write_text(settings.read_text().replace("rag_scale: three", f"rag_scale: {scale}"))
    data = json.loads(invoke(runner, "status", "--root", str(bundled), "--format", "json"))
    flagged = [e["id"] for e in data["programmes"] + data["projects"] if e["watermelon"]]
    assert flagged == ["csw", "csw-procurement"]
    for as_of in ("2006-03-31", "2006-10-31", "2007-06-30"):  # risk-only watermelons before
        data = json.loads(invoke(runner, "status", "--root", str(bundled), "--as-of", as_of,
                                 "--format", "json"))  # fmt: skip
        assert not [e["id"] for e in data["projects"] if e["watermelon"]], as_of


def test_paper_lists_a_re_forecast_milestone_as_late_from_its_baseline(tmp_path: Path) -> None:
    gamma = """\
kind: project
id: gamma
name: Gamma
programme: prog
lead: ann
milestones:
  - {id: gamma-m1, title: Re-forecast, baseline: 2010-05-01, forecast: 2010-07-31}
"""
    root = make_repo(tmp_path / "repo", **{"records/gamma.yaml": gamma})
    paper = build_paper(load(root).portfolio, "p-2")  # meeting 31 May 2010
    late = {m.id: m.days_overdue for m in paper.overdue}
    assert late["gamma-m1"] == 30  # since its baseline, though forecast for July
    assert "gamma-m1" not in [m.id for m in paper.due]  # listed once, among the late ones


@pytest.mark.parametrize(
    ("date", "when"), [("2010-10-20", "that day"), ("2010-10-19", "1 day before")]
)
def test_explain_says_how_old_the_declared_rating_is(
    runner: CliRunner, tmp_path: Path, date: str, when: str
) -> None:
    root = str(small(tmp_path, BEHIND.replace("2010-08-01", date)))
    out = invoke(runner, "status", "--root", root, "--explain", "p1")
    assert f"the update of {date}, {when}" in out
