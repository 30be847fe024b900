"""The risk register and heat map: ordering, scoring, band edges, filters, every output format."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import pmo.reports.rows as rows_module
from pmo.asof import risk_band
from pmo.cli import app
from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.records import RiskBands
from pmo.reports.heatmap import HeatMap
from pmo.reports.risks import RiskRegister, build
from pmo.reports.rows import movement
from pmo.scope import Scope
from pmo.tabular import to_csv


def build_register(pf: Portfolio, as_of: dt.date, **filters: Any) -> RiskRegister:
    """The register through the library, the scope's filters split from the register's."""
    keys = ("project", "programme", "owner")
    scope = Scope(**{k: filters.pop(k) for k in keys if k in filters})
    return build(pf, as_of, scope, **filters)


AS_OF = dt.date(2010, 10, 20)

PEOPLE = """\
kind: people
people:
  - {id: ann, name: Ann Able}
  - {id: bob, name: Bob Baker}
  - {id: cat, name: Cat Cole}
"""


def risk(id_: str, likelihood: int, impact: int, **extra: Any) -> dict[str, Any]:
    """A risk record as plain data (owner ann unless given)."""
    return {"id": id_, "title": f"Risk {id_}", "owner": "ann", "likelihood": likelihood,
            "impact": impact, **extra}  # fmt: skip


def write_repo(
    root: Path,
    *,
    settings: str = "as_of: 2010-10-20\n",
    programme_risks: list[dict[str, Any]] | None = None,
    projects: dict[str, list[dict[str, Any]]] | None = None,
    other: list[dict[str, Any]] | None = None,
) -> Path:
    """A small repository: programme ``prog`` (projects ``p1``, ``p2``...) and ``other``."""
    (root / "records").mkdir(parents=True)
    (root / "pmo.yaml").write_text(settings, encoding="utf-8")
    (root / "records" / "people.yaml").write_text(PEOPLE, encoding="utf-8")

    def work(kind: str, id_: str, risks: list[dict[str, Any]], programme: str | None) -> None:
        data: dict[str, Any] = {"kind": kind, "id": id_, "name": f"Work {id_}", "lead": "ann"}
        if programme:
            data["programme"] = programme
        data["risks"] = risks
        # JSON is YAML: the safe reader takes it as flow style.
        (root / "records" / f"{id_}.yaml").write_text(json.dumps(data), encoding="utf-8")

    work("programme", "prog", programme_risks or [], None)
    for pid, risks in (projects or {}).items():
        work("project", pid, risks, "prog")
    work("programme", "other", other or [], None)
    return root


def portfolio(root: Path) -> Portfolio:
    loaded = load(root)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    return loaded.portfolio


def ids(register: Any) -> list[str]:
    return [row.risk.id for row in register.rows]


# --- ordering and scoring -----------------------------------------------------------------------


def test_order_is_score_then_proximity_then_id(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("a", 3, 4, proximity="2011-01-01"),
            risk("b", 4, 3, proximity="2010-12-01"),
            risk("c", 2, 5),  # 10, no proximity
            risk("d", 5, 5),
            risk("e", 1, 1),
        ],
        projects={"p1": [risk("f", 3, 4), risk("g", 2, 5, proximity="2010-11-01")]},
    )
    register = build_register(portfolio(root), AS_OF)
    # 25; 12 (b soonest, then a, then f with no proximity); 10 (g has proximity, c none); 1
    assert ids(register) == ["d", "b", "a", "f", "g", "c", "e"]
    assert [row.score for row in register.rows] == [25, 12, 12, 12, 10, 10, 1]


@pytest.mark.parametrize(
    ("score", "band"),
    [(1, "green"), (7, "green"), (8, "amber"), (14, "amber"), (15, "red"), (25, "red")],
)
def test_default_band_edges(score: int, band: str) -> None:
    assert risk_band(score, RiskBands()) == band


@pytest.mark.parametrize(
    ("likelihood", "impact", "band", "label"),
    [(2, 2, "green", "low"), (1, 5, "amber", "medium"), (3, 3, "amber", "medium"),
     (2, 5, "red", "high"), (4, 3, "red", "high")],
)  # fmt: skip
def test_bands_from_pmo_yaml(
    tmp_path: Path, likelihood: int, impact: int, band: str, label: str
) -> None:
    root = write_repo(
        tmp_path,
        settings="as_of: 2010-10-20\nrisk_bands: {red: 10, amber: 5}\n",
        programme_risks=[risk("r", likelihood, impact)],
    )
    (row,) = build_register(portfolio(root), AS_OF).rows
    assert (row.band, row.label) == (band, label)


def test_escalation_at_the_configured_score(tmp_path: Path) -> None:
    risks = [risk("r15", 3, 5), risk("r10", 2, 5), risk("r12", 3, 4)]
    root = write_repo(tmp_path / "default", programme_risks=risks)
    register = build_register(portfolio(root), AS_OF)
    assert {r.risk.id: r.escalate for r in register.rows} == {
        "r15": True,
        "r12": False,
        "r10": False,
    }
    root = write_repo(
        tmp_path / "custom",
        settings="as_of: 2010-10-20\nescalation_score: 12\n",
        programme_risks=risks,
    )
    register = build_register(portfolio(root), AS_OF)
    assert [r.risk.id for r in register.escalated] == ["r15", "r12"]


def test_closed_risks_are_never_escalated(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path, programme_risks=[risk("x", 5, 5, status="closed", closed="2010-10-01")]
    )
    (row,) = build_register(portfolio(root), AS_OF, include_closed=True).rows
    assert (row.status, row.escalate) == ("closed", False)


def test_movement_against_inherent_and_towards_target(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("down", 3, 4, inherent={"likelihood": 4, "impact": 4},
                 target={"likelihood": 2, "impact": 3}),
            risk("up", 4, 4, inherent={"likelihood": 3, "impact": 4}),
            risk("at", 2, 3, target={"likelihood": 2, "impact": 3}),
            risk("none", 1, 2),
        ],
    )  # fmt: skip
    rows = {r.risk.id: r for r in build_register(portfolio(root), AS_OF).rows}
    assert (rows["down"].reduced_by, rows["down"].to_target) == (4, 6)
    assert rows["down"].movement == "down 4 from 16; 6 above target 6"
    assert rows["down"].path == "16 → 12 → 6"
    assert rows["up"].movement == "up 4 from 12"
    assert rows["up"].reduced_by == -4
    assert rows["at"].movement == "at target"
    assert rows["at"].to_target == 0
    assert rows["none"].path == "- → 2 → -"
    assert movement(9, 9, None) == "level with inherent 9"


# --- the reporting date -------------------------------------------------------------------------


def test_open_on_the_reporting_date(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("open", 2, 2),
            risk("future", 5, 5, raised="2010-10-21"),
            risk("raised-today", 2, 2, raised="2010-10-20"),
            risk("closed-before", 3, 3, status="closed", closed="2010-10-19"),
            risk("closed-after", 3, 3, status="closed", closed="2010-10-21"),
        ],
    )
    pf = portfolio(root)
    assert ids(build_register(pf, AS_OF)) == ["closed-after", "open", "raised-today"]
    everything = build_register(pf, AS_OF, include_closed=True)
    assert ids(everything) == ["closed-after", "closed-before", "open", "raised-today"]
    assert [r.status for r in everything.rows] == ["open", "closed", "open", "open"]
    assert ids(build_register(pf, dt.date(2010, 10, 21))) == ["future", "open", "raised-today"]


def test_review_and_actions_as_of(tmp_path: Path) -> None:
    actions = [
        {"action": "done in time", "due": "2010-10-01", "done": "2010-09-30"},
        {"action": "done later", "due": "2010-10-01", "done": "2010-10-25"},
        {"action": "due today", "due": "2010-10-20"},
        {"action": "no due date"},
    ]
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("late", 2, 2, review="2010-10-19", actions=actions),
            risk("today", 2, 2, review="2010-10-20"),
            risk("none", 2, 2),
        ],
    )
    rows = {r.risk.id: r for r in build_register(portfolio(root), AS_OF).rows}
    assert [rows[k].review_overdue for k in ("late", "today", "none")] == [True, False, False]
    # "done later" is still open (and overdue) on 20 October; "due today" is not yet overdue.
    assert (rows["late"].open_actions, rows["late"].overdue_actions) == (3, 1)


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture
def filtered(tmp_path: Path) -> Portfolio:
    return portfolio(
        write_repo(
            tmp_path,
            programme_risks=[risk("prog-r", 3, 3, category="Financial", owner="bob")],
            projects={
                "p1": [
                    risk("p1-r", 2, 4, category="financial", review="2010-10-01"),
                    risk("p1-low", 1, 1, category="people"),
                ],
                "p2": [risk("p2-r", 4, 4, owner="cat", category="people")],
            },
            other=[risk("other-r", 5, 5, owner="bob")],
        )
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["other-r", "p2-r", "prog-r", "p1-r", "p1-low"]),
        ({"project": "p1"}, ["p1-r", "p1-low"]),
        ({"programme": "prog"}, ["p2-r", "prog-r", "p1-r", "p1-low"]),
        ({"programme": "other"}, ["other-r"]),
        ({"owner": "bob"}, ["other-r", "prog-r"]),
        ({"category": "FINANCIAL"}, ["prog-r", "p1-r"]),
        ({"min_score": 9}, ["other-r", "p2-r", "prog-r"]),
        ({"min_score": 10}, ["other-r", "p2-r"]),
        ({"review_overdue": True}, ["p1-r"]),
        ({"programme": "prog", "owner": "ann", "category": "people"}, ["p1-low"]),
    ],
)
def test_filters(filtered: Portfolio, filters: dict[str, Any], expected: list[str]) -> None:
    register = build_register(filtered, AS_OF, **filters)
    assert ids(register) == expected


# --- heat map -----------------------------------------------------------------------------------


def test_heatmap_counts(filtered: Portfolio) -> None:
    counts = HeatMap(build_register(filtered, AS_OF)).counts()
    expected = [[0] * 5 for _ in range(5)]
    for likelihood, impact in [(5, 5), (4, 4), (3, 3), (2, 4), (1, 1)]:
        expected[likelihood - 1][impact - 1] += 1
    assert counts == expected
    assert HeatMap(build_register(filtered, AS_OF, programme="other")).counts()[4][4] == 1
    assert sum(map(sum, HeatMap(build_register(filtered, AS_OF, programme="other")).counts())) == 1


def test_heatmap_cells_count_and_band(tmp_path: Path, runner: CliRunner) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[risk("a", 3, 5), risk("b", 3, 5), risk("c", 2, 4), risk("d", 1, 3)],
    )
    out = runner.invoke(app, ["risks", "--heatmap", "--format", "markdown", "--root", str(root)])
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[2] == "| Likelihood / Impact | 1 | 2 | 3 | 4 | 5 |"
    assert lines[4] == "| 5 | L 0 | M 0 | H 0 | H 0 | H 0 |"
    assert lines[6] == "| 3 | L 0 | L 0 | M 0 | M 0 | H 2 |"
    assert lines[7] == "| 2 | L 0 | L 0 | L 0 | M 1 | M 0 |"
    assert lines[8] == "| 1 | L 0 | L 0 | L 1 | L 0 | L 0 |"
    data = json.loads(
        runner.invoke(app, ["risks", "--heatmap", "--format", "json", "--root", str(root)]).stdout
    )
    cell = next(c for c in data["heatmap"] if (c["likelihood"], c["impact"]) == (3, 5))
    assert cell == {"likelihood": 3, "impact": 5, "score": 15, "band": "red", "count": 2,
                    "risks": ["a", "b"]}  # fmt: skip
    assert data["total"] == 4
    rows = list(csv.reader(io.StringIO(
        runner.invoke(app, ["risks", "--heatmap", "--format", "csv", "--root", str(root)]).stdout
    )))  # fmt: skip
    assert rows[0] == ["Likelihood", "Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"]
    assert rows[3] == ["3", "0", "0", "0", "0", "2"]


# --- output formats -----------------------------------------------------------------------------


def test_json_format(filtered: Portfolio) -> None:
    data = build_register(filtered, AS_OF, project="p1").data()
    assert data["as_of"] == "2010-10-20"
    first = data["risks"][0]
    assert {k: first[k] for k in ("id", "title", "project", "owner", "likelihood", "impact",
                                  "score", "status", "review_overdue")} == {
        "id": "p1-r", "title": "Risk p1-r", "project": "p1", "owner": "ann", "likelihood": 2,
        "impact": 4, "score": 8, "status": "open", "review_overdue": True,
    }  # fmt: skip
    assert first["programme"] == "prog"
    assert first["band"] == "amber"
    assert first["escalate"] is False
    assert data["risks"][1]["review_overdue"] is False


def test_json_through_the_cli_with_all(tmp_path: Path, runner: CliRunner) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("gone", 5, 5, status="closed", closed="2010-09-01"),
            risk("here", 1, 2),
            risk("later", 1, 1, status="closed", closed="2010-11-01"),
        ],
    )
    out = runner.invoke(app, ["risks", "--format", "json", "--root", str(root)])
    assert out.exit_code == 0
    risks = json.loads(out.stdout)["risks"]
    # "later" was open on 20 October; that it closed on 1 November is not known yet.
    assert [(r["id"], r["closed"]) for r in risks] == [("here", None), ("later", None)]
    out = runner.invoke(app, ["risks", "--all", "--format", "json", "--root", str(root)])
    risks = json.loads(out.stdout)["risks"]
    assert [(r["id"], r["status"], r["closed"]) for r in risks] == [
        ("gone", "closed", "2010-09-01"),
        ("here", "open", None),
        ("later", "open", None),
    ]


def test_csv_opens_cleanly(tmp_path: Path, runner: CliRunner) -> None:
    root = write_repo(
        tmp_path,
        programme_risks=[
            risk("money", 3, 4, title="Overspend of £25k | **bold** <b>x</b>"),
            risk("formula", 2, 2, title='=HYPERLINK("http://x")'),
        ],
    )
    out = runner.invoke(app, ["risks", "--format", "csv", "--root", str(root)])
    assert out.exit_code == 0
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0][:3] == ["ID", "Risk", "Project"]
    assert sum(1 for r in rows if r[0] == "ID") == 1
    assert rows[1][1] == "Overspend of £25k | **bold** <b>x</b>"  # no markup added, £ intact
    assert rows[2][1] == '\'=HYPERLINK("http://x")'  # cannot run as a formula
    header = rows[0]
    assert rows[1][header.index("Score")] == "12"
    assert rows[1][header.index("Band")] == "medium"
    assert rows[1][header.index("Review overdue")] == "no"
    # UTF-8 bytes, CRLF rows (RFC 4180), exactly what the library renders.
    assert out.stdout_bytes.decode("utf-8") == to_csv(
        build_register(portfolio(root), AS_OF).csv_table()
    )


def test_markdown_escapes_record_text(tmp_path: Path, runner: CliRunner) -> None:
    root = write_repo(
        tmp_path, programme_risks=[risk("x", 3, 4, title="A | B <script>alert(1)</script>")]
    )
    out = runner.invoke(app, ["risks", "--format", "markdown", "--root", str(root)])
    assert out.exit_code == 0
    row = next(line for line in out.stdout.splitlines() if line.startswith("| x |"))
    assert "<script>" not in out.stdout
    assert "A \\| B \\<script\\>" in row
    assert row.count(" | ") == 12  # 13 cells: the title's | did not add a column


def test_table_format_prints_every_risk(filtered: Portfolio, runner: CliRunner) -> None:
    out = runner.invoke(app, ["risks", "--root", str(filtered.root)], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.stderr
    for id_ in ("other-r", "p2-r", "prog-r", "p1-r", "p1-low"):
        assert id_ in out.stdout
    assert "ESCALATE" in out.stdout
    assert "OVERDUE" in out.stdout
    assert "5 risks; 2 for the programme board" in out.stdout


# --- golden files of the bundled records --------------------------------------------------------


def test_bundled_register_markdown(bundled: Path, runner: CliRunner, golden: Any) -> None:
    out = runner.invoke(app, ["risks", "--format", "markdown", "--root", str(bundled)])
    assert out.exit_code == 0, out.stderr
    golden("risks-register.md", out.stdout)


def test_bundled_heatmap_markdown(bundled: Path, runner: CliRunner, golden: Any) -> None:
    out = runner.invoke(app, ["risks", "--heatmap", "--format", "markdown", "--root", str(bundled)])
    assert out.exit_code == 0, out.stderr
    golden("risks-heatmap.md", out.stdout)


def test_bundled_heatmap_agrees_with_the_register(bundled: Path, runner: CliRunner) -> None:
    data = json.loads(
        runner.invoke(app, ["risks", "--format", "json", "--root", str(bundled)]).stdout
    )
    cells = json.loads(
        runner.invoke(
            app, ["risks", "--heatmap", "--format", "json", "--root", str(bundled)]
        ).stdout
    )["heatmap"]
    assert sum(c["count"] for c in cells) == len(data["risks"]) > 0
    for c in cells:
        assert c["count"] == sum(
            1
            for r in data["risks"]
            if (r["likelihood"], r["impact"]) == (c["likelihood"], c["impact"])
        )
    scores = [r["score"] for r in data["risks"]]
    assert scores == sorted(scores, reverse=True)


# --- misuse -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "P1"], "pmo: error: --project P1: no such project; did you mean 'p1'?"),
        (["--project", "p9"], "pmo: error: --project p9: no such project\n"),
        (["--programme", "prg"],
         "pmo: error: --programme prg: no such programme; did you mean 'prog'?"),
        (["--owner", "anne"], "pmo: error: --owner anne: no such person; did you mean 'ann'?"),
        (["--category", "finacial"],
         "pmo: error: --category finacial: no such category; did you mean 'financial'?"),
        (["--project", "prog"], "pmo: error: --project prog: that is a programme; use --programme"),
        (["--programme", "p2"], "pmo: error: --programme p2: that is a project; use --project"),
    ],
)  # fmt: skip
def test_unknown_ids_exit_2(
    filtered: Portfolio, runner: CliRunner, args: list[str], message: str
) -> None:
    out = runner.invoke(app, ["risks", *args, "--root", str(filtered.root)])
    assert out.exit_code == 2
    assert out.stderr.startswith(message)
    assert out.stdout == ""


@pytest.mark.parametrize(
    "args", [["--min-score", "0"], ["--min-score", "26"], ["--as-of", "2010-02-30"]]
)
def test_bad_option_values_exit_2(filtered: Portfolio, runner: CliRunner, args: list[str]) -> None:
    out = runner.invoke(app, ["risks", *args, "--root", str(filtered.root)])
    assert out.exit_code == 2
    assert "Traceback" not in out.output


def test_as_of_option_overrides_pmo_yaml(filtered: Portfolio, runner: CliRunner) -> None:
    out = runner.invoke(
        app, ["risks", "--format", "json", "--as-of", "2010-09-01", "--root", str(filtered.root)]
    )
    data = json.loads(out.stdout)
    assert data["as_of"] == "2010-09-01"
    assert [r["review_overdue"] for r in data["risks"]] == [False] * 5


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ("risk_bands: {red: 8, amber: 8}\n", "invalid-bands"),
        ("risk_bands: {red: 26}\n", "invalid-score"),
        ("escalation_score: 0\n", "invalid-score"),
    ],
)
def test_settings_are_checked(tmp_path: Path, runner: CliRunner, settings: str, code: str) -> None:
    root = write_repo(tmp_path, settings=settings)
    out = runner.invoke(app, ["validate", "--root", str(root)])
    assert out.exit_code == 1
    assert "pmo.yaml:1:" in out.stdout and f"error: {code} " in out.stdout


def test_doctests() -> None:
    result = doctest.testmod(rows_module)
    assert result.attempted > 0 and result.failed == 0


def test_large_terminal_table_prints_as_plain_columns(tmp_path: Path, runner: CliRunner) -> None:
    root = write_repo(tmp_path, programme_risks=[risk(f"r{i}", 1 + i % 5, 2) for i in range(501)])
    out = runner.invoke(app, ["risks", "--root", str(root)])
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Risk register as of 2010-10-20"
    assert lines[1].split()[:3] == ["ID", "Risk", "Work"]
    assert "┃" not in out.stdout and "│" not in out.stdout
    assert len(lines) == 3 + 501 + 1  # title, header, rule, rows, caption
    assert lines[3].startswith("r104 ")  # score 10, then id order


def test_a_filtered_registers_title_names_every_filter(runner: CliRunner, bundled: Path) -> None:
    args = ["--programme", "csw", "--category", "Financial", "--min-score", "8"]
    result = runner.invoke(app, ["risks", "--root", str(bundled), *args, "--review-overdue"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Risk register as of 2010-10-20 "
        "(programme csw, category Financial, score ≥ 8, review overdue)"
    )
    result = runner.invoke(app, ["risks", "--root", str(bundled), "--all", "--min-score", "20"])
    assert result.stdout.splitlines()[0] == (
        "Risk register as of 2010-10-20 (score ≥ 20, closed included)"
    )


def test_the_score_filter_passes_over_low_risks_to_the_high_ones_after_them(
    tmp_path: Path,
) -> None:
    root = write_repo(tmp_path, projects={"p1": [risk("r1", 1, 2), risk("r2", 4, 4)]})
    register = build_register(portfolio(root), AS_OF, min_score=8)
    assert ids(register) == ["r2"]
