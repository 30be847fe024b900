"""`pmo status`, `pmo show` and `pmo milestones` through the CLI, on the bundled records and
on small repositories built for one rule each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner

from pmo.cli import app

Golden = Callable[[str, str], None]

REQUIRED = {
    "id": str,
    "name": str,
    "programme": str,
    "rag": (str, type(None)),
    "derived_rag": (str, type(None)),
    "trend": (str, type(None)),
    "stale": bool,
    "watermelon": bool,
    "overdue_milestones": int,
    "open_risks": int,
    "top_risk_score": (int, type(None)),
}


def repo(tmp_path: Path, records: dict[str, str], settings: str = "as_of: 2010-10-20\n") -> Path:
    (tmp_path / "pmo.yaml").write_text(settings, encoding="utf-8")
    for name, text in records.items():
        path = tmp_path / "records" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return tmp_path


PEOPLE = """\
kind: people
people:
  - {id: lee, name: Lee Smith}
  - {id: kim, name: Kim Jones}
"""
PROGRAMME = """\
kind: programme
id: prog
name: The Programme
lead: lee
"""


def project_of(id_: str = "p1", body: str = "", programme: str = "prog") -> str:
    """A project of ``programme`` led by lee, named as its id in capitals, then ``body``."""
    return (
        f"kind: project\nid: {id_}\nname: {id_.upper()}\nprogramme: {programme}\nlead: lee\n" + body
    )


def small(tmp_path: Path, project: str, settings: str = "as_of: 2010-10-20\n") -> Path:
    return repo(
        tmp_path,
        {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "p.yaml": project},
        settings,
    )


def status_json(runner: CliRunner, root: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["status", "--root", str(root), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_json_shape(runner: CliRunner, bundled: Path) -> None:
    data = status_json(runner, bundled)
    assert data["as_of"] == "2010-10-20"
    projects = data["projects"]
    assert isinstance(projects, list) and projects
    for entry in projects:
        for key, kind in REQUIRED.items():
            assert isinstance(entry[key], kind), (entry["id"], key)
        assert entry["trend"] in ("up", "down", "same", None)
    programmes = data["programmes"]
    assert isinstance(programmes, list)
    assert {p["id"] for p in programmes} == {"csw", "kent-swindon"}
    assert "programme" not in programmes[0]


def test_bundled_story_has_red_stale_and_watermelon(runner: CliRunner, bundled: Path) -> None:
    data = status_json(runner, bundled)
    projects = {p["id"]: p for p in data["projects"]}  # type: ignore[attr-defined]
    assert any(p["rag"] == "red" for p in projects.values())
    assert any(p["stale"] for p in projects.values())
    melons = [p for p in projects.values() if p["watermelon"]]
    assert melons
    show = runner.invoke(app, ["show", melons[0]["id"], "--root", str(bundled)])
    assert show.exit_code == 0
    assert "WATERMELON" in show.stdout
    assert "is better than the evidence" in show.stdout


def test_table_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    result = runner.invoke(app, ["status", "--root", str(bundled)])
    assert result.exit_code == 0
    golden("status/table.txt", result.stdout)


def test_markdown_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    result = runner.invoke(app, ["status", "--root", str(bundled), "--format", "markdown"])
    assert result.exit_code == 0
    golden("status/table.md", result.stdout)


def test_show_golden(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    result = runner.invoke(app, ["show", "csw-waste", "--root", str(bundled)])
    assert result.exit_code == 0
    golden("status/show-csw-waste.txt", result.stdout)


def test_csv_has_programme_column_and_trend_words(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["status", "--root", str(bundled), "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Programme,ID,Name,Lead,Declared,Derived,Trend")
    waste = next(line for line in lines if ",csw-waste," in line)
    assert waste.startswith("CSW Sub-Regional Programme,csw-waste,")
    assert ",down," in waste


def test_as_of_in_the_past(runner: CliRunner, bundled: Path) -> None:
    early = status_json(runner, bundled, "--as-of", "2010-05-01")
    csw = {p["id"]: p for p in early["projects"]}  # type: ignore[attr-defined]
    assert csw["csw-waste"]["rag"] is None
    assert csw["csw-waste"]["overdue_milestones"] == 0
    later = status_json(runner, bundled, "--as-of", "2010-09-01")
    waste = {p["id"]: p for p in later["projects"]}["csw-waste"]  # type: ignore[attr-defined]
    assert waste["rag"] == "amber"
    assert waste["last_update"] == "2010-08-13"


def test_filters(runner: CliRunner, bundled: Path) -> None:
    data = status_json(runner, bundled, "--programme", "kent-swindon")
    assert {p["programme"] for p in data["projects"]} == {"kent-swindon"}  # type: ignore[attr-defined]
    assert [p["id"] for p in data["programmes"]] == ["kent-swindon"]  # type: ignore[attr-defined]
    red = status_json(runner, bundled, "--rag", "RED")
    assert red["projects"] and all(p["rag"] == "red" for p in red["projects"])  # type: ignore[attr-defined]
    led = status_json(runner, bundled, "--lead", "tom-baverstock")
    assert [p["id"] for p in led["projects"]] == ["csw-waste"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "cws"], "--programme cws: no such programme; did you mean 'csw'?"),
        (["--rag", "purple"], "--rag: 'purple' is not a rating"),
        (["--fail-on", "none"], "--fail-on: expected a rating"),
        (["--lead", "nobody"], "--lead nobody: no such person"),
    ],
)
def test_misuse_exits_2(runner: CliRunner, bundled: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["status", "--root", str(bundled), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("pmo: error: ")
    assert message in result.stderr


def test_fail_on(runner: CliRunner, bundled: Path) -> None:
    red = runner.invoke(app, ["status", "--root", str(bundled), "--fail-on", "red"])
    assert red.exit_code == 1
    assert "csw-waste" in red.stderr
    closed = ["status", "--root", str(bundled), "--programme", "kent-swindon"]
    assert runner.invoke(app, [*closed, "--fail-on", "red"]).exit_code == 0
    # ks-children declared amber at its last update: at or below amber fails.
    assert runner.invoke(app, [*closed, "--fail-on", "amber"]).exit_code == 1


def test_fail_on_counts_derived_rating(runner: CliRunner, tmp_path: Path) -> None:
    root = small(tmp_path, """\
        kind: project
        id: p1
        name: P1
        programme: prog
        lead: lee
        updates: [{date: 2010-10-19, rag: green, summary: Fine.}]
        milestones: [{id: p1-m1, title: Late, baseline: 2010-09-01}]
        """)  # fmt: skip
    result = runner.invoke(app, ["status", "--root", str(root), "--fail-on", "red"])
    assert result.exit_code == 1
    assert "WATERMELON" in result.stdout


def test_fail_on_green_fails_every_rated_project_and_no_unrated_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A project with only a declared rating, or only a derived one, is at green or worse;
    one with neither is at no rating and never fails."""
    work = "kind: project\nid: {}\nname: P\nprogramme: prog\nlead: lee\n"
    root = repo(
        tmp_path,
        {
            "people.yaml": PEOPLE,
            "prog.yaml": PROGRAMME,
            "none.yaml": work.format("p-none"),
            "declared.yaml": work.format("p-declared")
            + "updates: [{date: 2010-10-19, rag: green, summary: Fine.}]\n",
            "derived.yaml": work.format("p-derived")
            + "milestones: [{id: m1, title: Done, baseline: 2010-09-01, actual: 2010-09-01}]\n",
        },
    )
    data = json.loads(
        runner.invoke(app, ["status", "--root", str(root), "--format", "json"]).stdout
    )
    rated = {p["id"]: (p["rag"], p["derived_rag"]) for p in data["projects"]}
    assert rated == {
        "p-none": (None, None),
        "p-declared": ("green", None),
        "p-derived": (None, "green"),
    }
    result = runner.invoke(app, ["status", "--root", str(root), "--fail-on", "green"])
    assert result.exit_code == 1
    assert "pmo: 2 projects at green or worse: p-declared, p-derived" in result.stderr
    again = runner.invoke(app, ["status", "--root", str(root), "--fail-on", "amber-green"])
    assert again.exit_code == 0, again.stderr


def test_untrusted_text_is_inert_in_markdown(runner: CliRunner, tmp_path: Path) -> None:
    root = small(tmp_path, """\
        kind: project
        id: p1
        name: "Bad | <script>alert(1)</script>"
        programme: prog
        lead: lee
        """)  # fmt: skip
    result = runner.invoke(app, ["status", "--root", str(root), "--format", "markdown"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("| p1 "))
    assert "<script>" not in row
    assert row.count(" | ") == 15  # 16 cells: the | in the name did not add a column


def test_five_point_scale_labels(runner: CliRunner, tmp_path: Path) -> None:
    root = small(tmp_path, """\
        kind: project
        id: p1
        name: P1
        programme: prog
        lead: lee
        updates:
          - {date: 2010-09-01, rag: amber/red, summary: Worse.}
          - {date: 2010-10-01, rag: Amber-Green, summary: Better.}
        """, "as_of: 2010-10-20\nrag_scale: five\n")  # fmt: skip
    data = status_json(runner, root)
    (p1,) = data["projects"]  # type: ignore[misc]
    assert (p1["rag"], p1["trend"]) == ("amber-green", "up")
    text = runner.invoke(app, ["status", "--root", str(root)]).stdout
    assert "AMBER-GREEN" in text


def test_broken_records_still_report_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    root = small(tmp_path, "kind: project\nid: p1\nname: P1\nprogramme: prog\nlead: lee\n")
    (root / "records" / "bad.yaml").write_text("kind: project\nid: [\n", encoding="utf-8")
    result = runner.invoke(app, ["status", "--root", str(root), "--format", "json"])
    assert result.exit_code == 0
    assert "pmo: warning: 1 error in the records; run 'pmo validate'" in result.stderr
    assert [p["id"] for p in json.loads(result.stdout)["projects"]] == ["p1"]


def test_show_reasons_and_misuse(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["show", "csw-waste", "--root", str(bundled)])
    assert (
        "csw-waste-m2 (Joint options appraisal for residual waste treatment) 50 days overdue"
        in (result.stdout)
    )
    assert "forecast £135k is 22.7% over approved £110k" in result.stdout
    typo = runner.invoke(app, ["show", "csw-wast", "--root", str(bundled)])
    assert typo.exit_code == 2
    assert "did you mean 'csw-waste'?" in typo.stderr
    item = runner.invoke(app, ["show", "csw-waste-m2", "--root", str(bundled)])
    assert item.exit_code == 2
    assert (
        "pmo show csw-waste-m2: that is a milestone of 'csw-waste'; try pmo show csw-waste"
        in item.stderr
    )


def test_show_json_and_markdown(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["show", "csw", "--root", str(bundled), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["programme"]["id"] == "csw"
    assert data["history"][0]["date"] == "2010-05-14"
    md = runner.invoke(app, ["show", "csw", "--root", str(bundled), "--format", "markdown"])
    assert md.stdout.startswith("# CSW Sub-Regional Programme (csw), programme\n")


def test_milestones(runner: CliRunner, bundled: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = runner.invoke(
            app, ["milestones", "--root", str(bundled), "--format", "json", *args]
        )
        assert result.exit_code == 0, result.output
        return [m["id"] for m in json.loads(result.stdout)["milestones"]]

    overdue = ids("--overdue")
    assert "csw-waste-m2" in overdue
    assert all(i.startswith("csw") for i in overdue)
    soon = ids("--within", "37")
    assert "csw-m3" in soon  # due 2010-11-26, exactly 37 days on
    assert "csw-m3" not in ids("--within", "36")
    assert set(overdue) <= set(ids("--within", "0"))
    assert "csw-adults-m1" not in ids()  # achieved
    assert "csw-adults-m1" in ids("--all")


def test_milestone_due_today_via_cli(runner: CliRunner, tmp_path: Path) -> None:
    root = small(tmp_path, """\
        kind: project
        id: p1
        name: P1
        programme: prog
        lead: lee
        milestones: [{id: p1-m1, title: Today, baseline: 2010-10-20}]
        """)  # fmt: skip
    result = runner.invoke(app, ["milestones", "--root", str(root), "--format", "json"])
    (m,) = json.loads(result.stdout)["milestones"]
    assert (m["state"], m["overdue_days"]) == ("due today", 0)
    assert (
        runner.invoke(app, ["milestones", "--root", str(root), "--overdue"]).stdout.count("p1-m1")
        == 0
    )


def test_milestones_filtered_past_the_ones_left_out(runner: CliRunner, tmp_path: Path) -> None:
    """A milestone left out (not overdue, beyond the horizon, achieved) does not hide the
    ones after it in the file; the library's defaults are every open milestone."""
    import datetime as dt

    from pmo.load import load
    from pmo.reports import milestones

    root = small(tmp_path, project_of(body="""\
milestones:
  - {id: far, title: Far, baseline: 2011-06-30}
  - {id: done, title: Done, baseline: 2010-09-15, actual: 2010-09-15}
  - {id: late, title: Late, baseline: 2010-09-01}
  - {id: soon, title: Soon, baseline: 2010-10-30}
"""))  # fmt: skip

    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["milestones", "--root", str(root), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return [m["id"] for m in json.loads(result.stdout)["milestones"]]

    assert ids("--overdue") == ["late"]
    assert ids("--within", "30") == ["late", "soon"]
    report = milestones.build(load(root).portfolio, dt.date(2010, 10, 20))
    assert [r.id for r in report.rows] == ["late", "soon", "far"]


def test_rich_table_colours_and_labels(bundled: Path) -> None:
    from rich.console import Console

    from pmo.load import load
    from pmo.reports import status as report
    from pmo.scope import Scope
    from pmo.tabular import to_rich

    pf = load(bundled).portfolio
    result = report.build(pf, pf.as_of(), Scope(programme="csw"))
    table = result.table()
    waste = next(row for row in table.rows if row[0].text == "csw-waste")
    declared = waste[table.columns.index("Declared")]
    assert (declared.text, declared.style) == ("RED", "bold red")
    console = Console(record=True, width=250, color_system=None)
    console.print(to_rich(table, 250))
    text = console.export_text()
    assert "WATERMELON" in text
    assert "STALE" in text
    assert "9 projects. Declared: 2 RED" in text


@pytest.mark.parametrize(
    "module",
    [
        "pmo.rag",
        "pmo.reports.rows",
        "pmo.formats",
        "pmo.scope",
        "pmo.tabular",
        "pmo.asof",
        "pmo.types",
    ],
)
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0


@pytest.mark.parametrize(("width", "has_name", "has_lead"), [(200, True, True), (150, True, True),
                                                            (120, False, False)])  # fmt: skip
def test_rich_table_fits_the_terminal(
    bundled: Path, width: int, has_name: bool, has_lead: bool
) -> None:
    from rich.console import Console

    from pmo.load import load
    from pmo.reports import status as report
    from pmo.tabular import to_rich

    pf = load(bundled).portfolio
    console = Console(record=True, width=width, color_system=None)
    console.print(to_rich(report.build(pf, pf.as_of()).table(), width))
    lines = console.export_text().splitlines()
    header = next(line for line in lines if line.lstrip().startswith("ID "))
    assert ("Name" in header) is has_name
    assert ("Lead" in header) is has_lead
    assert "Flags" in header  # never cut
    assert all(len(line) <= width for line in lines)
    assert any("WATERMELON" in line for line in lines)


def status_text(runner: CliRunner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["status", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_filtered_table_keeps_each_project_under_its_programme(
    runner: CliRunner, bundled: Path
) -> None:
    # Declared red: two CSW projects, not the CSW programme's own row (amber).
    text = status_text(runner, bundled, "--rag", "red")
    assert "[CSW Sub-Regional Programme]" in text
    ids = [line.split()[0] for line in text.splitlines()[3:-1] if not line.startswith("[")]
    assert ids == ["csw-planning", "csw-waste"]
    # Only a Kent project: the CSW programme, empty, is left out and Kent still shown.
    text = status_text(runner, bundled, "--lead", "andrew-ireland")
    assert "CSW" not in text and "[Kent/Swindon Improvement Partnership]" in text
    assert "ks-adults" in text


def test_an_empty_selection_has_no_counts_to_show(runner: CliRunner, bundled: Path) -> None:
    text = status_text(runner, bundled, "--programme", "kent-swindon", "--rag", "red")
    assert text.splitlines()[-1] == (
        "0 projects. Declared: none. Derived: none. Stale: 0. Watermelons: 0."
    )


def test_a_filtered_milestone_lists_title_says_what_it_holds(
    runner: CliRunner, bundled: Path
) -> None:
    def first_line(*args: str) -> str:
        result = runner.invoke(app, ["milestones", "--root", str(bundled), *args])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[0]

    assert first_line("--within", "60") == "Milestones due within 60 days as of 2010-10-20"
    assert first_line("--overdue") == "Overdue milestones as of 2010-10-20"


def test_show_of_work_with_two_flags_and_a_benefit_with_no_plan(
    runner: CliRunner, tmp_path: Path
) -> None:
    project = project_of(
        body="""\
updates:
  - {date: 2010-06-01, rag: green, summary: Fine.}
milestones:
  - {id: p1-m1, title: Go live, baseline: 2010-05-01}
benefits:
  - {id: p1-b1, title: Unplanned}
"""
    )
    result = runner.invoke(app, ["show", "p1", "--root", str(small(tmp_path, project))])
    assert result.exit_code == 0, result.output
    assert "Flags: WATERMELON, STALE" in result.stdout
    [row] = [line for line in result.stdout.splitlines() if "p1-b1" in line]
    # Its type, not recorded, is an empty column.
    assert re.split(r"\s{2,}", row) == ["p1-b1", "Unplanned", "–", "–", "£0", "no plan"]


def test_a_project_of_a_programme_with_no_record_is_under_its_id(
    runner: CliRunner, tmp_path: Path
) -> None:
    project = project_of(programme="ghost")
    root = repo(tmp_path, {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "p.yaml": project})
    text = status_text(runner, root)
    assert "[ghost]" in text and "[The Programme]" in text


def test_rag_none_is_the_work_with_no_update_yet(runner: CliRunner, tmp_path: Path) -> None:
    rated = project_of(body="updates:\n  - {date: 2010-10-01, rag: green, summary: Fine.}\n")
    unrated = project_of("p2")
    root = repo(
        tmp_path,
        {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "p1.yaml": rated, "p2.yaml": unrated},
    )
    data = status_json(runner, root, "--rag", "none")
    assert [p["id"] for p in data["projects"]] == ["p2"]  # type: ignore[index]


SHOWN = """\
kind: project
id: p1
name: Depot_works *phase 1*
programme: prog
lead: lee
end: 2011-03-31
description: "  First line, indented as written.\\nThen phase X"
updates:
  - {date: 2010-10-01, rag: amber, summary: Waiting for gateway X}
issues:
  - {id: i1, title: No date, owner: kim}
decisions:
  - {id: d1, title: Go ahead, date: 2010-05-01, outcome: Agreed}
benefits:
  - {id: b1, title: Savings, type: cashable, target: 100}
  - {id: b2, title: More savings, type: cashable, target: 200}
"""


def test_show_as_plain_text_of_what_is_not_known(runner: CliRunner, tmp_path: Path) -> None:
    """Record text as written (no markdown escapes), a start not known, a description of two
    lines indented, an issue not dated, a decision by no one, two benefits with no plan."""
    root = small(tmp_path, SHOWN)
    result = runner.invoke(app, ["show", "p1", "--root", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Depot_works *phase 1* (p1), project"
    assert "Dates:     ? to 2011-03-31" in lines
    start = lines.index("    First line, indented as written.")
    assert lines[start + 1 : start + 3] == ["  Then phase X", ""]
    assert lines[lines.index("History") + 4].endswith("Waiting for gateway X")
    [issue] = [line for line in lines if line.startswith("i1 ")]
    assert issue.split() == ["i1", "No", "date", "Kim", "Jones", "medium"]
    [decision] = [line for line in lines if line.startswith("2010-05-01 ")]
    assert decision.split() == ["2010-05-01", "Go", "ahead", "Agreed"]
    assert lines[-1].endswith(" Money benefits: £0 realised of £300.")
