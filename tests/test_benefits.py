"""Benefits realisation: the rating of a benefit at its thresholds, profiles, disbenefits,
units other than money, the benefits dimension, and `pmo benefits` in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmo.asof import planned_by, realised_by
from pmo.cli import app
from pmo.load import load
from pmo.rag import benefit_of, rate
from pmo.records import Benefit, Planned, Realised, Settings, Update
from tests.test_rag import AS_OF, D, portfolio, project, upd
from tests.test_status_cli import PEOPLE, repo

Golden = Callable[[str, str], None]
DAY = dt.timedelta(days=1)


def benefit(**kw: Any) -> Benefit:
    base: dict[str, Any] = {"id": "b1", "title": "Savings"}
    base.update(kw)
    return Benefit(**base)


def planned_1000(realised: str, **kw: Any) -> Benefit:
    """£1,000 planned by the reporting date; ``realised`` realised by then."""
    return benefit(
        target=Decimal(4000),
        profile=[Planned(date=AS_OF - DAY, value=Decimal(1000)),
                 Planned(date=AS_OF + DAY, value=Decimal(3000))],
        realised=[Realised(date=AS_OF, value=Decimal(realised))],
        **kw,
    )  # fmt: skip


def five() -> Settings:
    settings = Settings()
    settings.rag_scale = "five"
    return settings


# --- the rating of one benefit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("realised", "three", "five_point"),
    [
        ("1200", "green", "green"),  # ahead
        ("1000", "green", "green"),
        ("901", "green", "green"),
        ("900", "green", "green"),  # 10% behind: not more than benefit_amber_pct
        ("899.99", "amber", "amber-green"),
        ("850", "amber", "amber-green"),  # 15%: the top of the lower third
        ("849", "amber", "amber"),
        ("800", "amber", "amber"),  # 20%
        ("799", "amber", "amber-red"),
        ("751", "amber", "amber-red"),
        ("750", "amber", "amber-red"),  # 25% behind: not more than benefit_red_pct
        ("749.99", "red", "red"),
        ("0", "red", "red"),
    ],
)
def test_benefit_thresholds_at_and_either_side(realised: str, three: str, five_point: str) -> None:
    b = planned_1000(realised)
    assert benefit_of(b, AS_OF, Settings()).rating == three
    assert benefit_of(b, AS_OF, five()).rating == five_point


def test_benefit_reason_names_the_figures() -> None:
    d = benefit_of(planned_1000("700"), AS_OF, Settings())
    assert d.reasons == [
        "benefit b1 (Savings) realised £700 of £1k planned by 2010-10-20, 30.0% behind"
    ]
    assert benefit_of(planned_1000("1000"), AS_OF, Settings()).reasons == []


def test_benefit_thresholds_come_from_settings() -> None:
    settings = Settings()
    settings.thresholds.benefit_amber_pct = Decimal(5)
    settings.thresholds.benefit_red_pct = Decimal(8)
    assert benefit_of(planned_1000("950"), AS_OF, settings).rating == "green"
    assert benefit_of(planned_1000("949"), AS_OF, settings).rating == "amber"
    assert benefit_of(planned_1000("919"), AS_OF, settings).rating == "red"


def test_profile_and_realisations_either_side_of_the_reporting_date() -> None:
    b = benefit(
        target=Decimal(300),
        profile=[Planned(date=D(2010, 9, 30), value=Decimal(100)),
                 Planned(date=D(2010, 12, 31), value=Decimal(200))],
        realised=[Realised(date=D(2010, 9, 30), value=Decimal(100)),
                  Realised(date=D(2010, 10, 21), value=Decimal(50)),
                  Realised(date=D(2011, 1, 15), value=Decimal(100))],
    )  # fmt: skip
    # On the reporting date: the October 21 realisation and the December plan do not count yet.
    assert (planned_by(b, AS_OF), realised_by(b, AS_OF)) == (100, 100)
    assert benefit_of(b, AS_OF, Settings()).rating == "green"
    # On the day before a profile date it is not planned yet; on the date it is.
    assert planned_by(b, D(2010, 12, 30)) == 100
    assert planned_by(b, D(2010, 12, 31)) == 300
    assert benefit_of(b, D(2010, 12, 31), Settings()).rating == "red"  # 150 of 300
    assert benefit_of(b, D(2011, 1, 15), Settings()).rating == "amber"  # 250 of 300: 16.7%
    # A realisation after the date does not rescue the date.
    late = benefit(profile=[Planned(date=AS_OF, value=Decimal(10))],
                   realised=[Realised(date=AS_OF + DAY, value=Decimal(10))])  # fmt: skip
    assert benefit_of(late, AS_OF, Settings()).rating == "red"
    assert benefit_of(late, AS_OF + DAY, Settings()).rating == "green"


def test_without_a_profile_the_whole_target_is_planned_on_the_due_date() -> None:
    due_tomorrow = benefit(target=Decimal(100), due=AS_OF + DAY)
    assert planned_by(due_tomorrow, AS_OF) == 0
    assert benefit_of(due_tomorrow, AS_OF, Settings()).rating == "green"
    due_today = benefit(target=Decimal(100), due=AS_OF)
    assert planned_by(due_today, AS_OF) == 100
    assert benefit_of(due_today, AS_OF, Settings()).rating == "red"
    # No plan at all: no evidence.
    assert benefit_of(benefit(target=Decimal(100)), AS_OF, Settings()).rating is None
    assert benefit_of(benefit(due=AS_OF), AS_OF, Settings()).rating is None
    assert planned_by(benefit(), AS_OF) is None


@pytest.mark.parametrize(
    ("realised", "expected"),
    [("0", "green"), ("100", "green"), ("110", "green"), ("110.01", "amber"),
     ("125", "amber"), ("125.01", "red")],
)  # fmt: skip
def test_disbenefit_is_rated_on_realising_more_than_planned(realised: str, expected: str) -> None:
    """Without a profile a disbenefit allows its whole target from the start."""
    b = benefit(type="disbenefit", target=Decimal(100), due=AS_OF + 400 * DAY,
                realised=[Realised(date=AS_OF, value=Decimal(realised))])  # fmt: skip
    assert planned_by(b, AS_OF) == 100
    d = benefit_of(b, AS_OF, Settings())
    assert d.rating == expected
    if expected != "green":
        assert d.reasons[0].startswith("disbenefit b1 (Savings) realised £")
        assert d.reasons[0].endswith("more")


def test_disbenefit_realised_before_any_is_planned_is_red() -> None:
    b = benefit(type="disbenefit", target=Decimal(10), unit="staff",
                profile=[Planned(date=AS_OF + DAY, value=Decimal(10))],
                realised=[Realised(date=AS_OF, value=Decimal(1))])  # fmt: skip
    d = benefit_of(b, AS_OF, Settings())
    assert d.rating == "red"
    assert d.reasons == ["disbenefit b1 (Savings) realised 1 staff with none planned by 2010-10-20"]


def test_units_other_than_money() -> None:
    b = benefit(target=Decimal(30), unit="posts", baseline=Decimal(0),
                profile=[Planned(date=AS_OF, value=Decimal(20))],
                realised=[Realised(date=AS_OF, value=Decimal("14.5"))])  # fmt: skip
    d = benefit_of(b, AS_OF, Settings())
    assert d.rating == "red"  # 27.5% behind
    assert d.reasons == [
        "benefit b1 (Savings) realised 14.5 posts of 20 posts planned by 2010-10-20, 27.5% behind"
    ]


# --- the benefits dimension ---------------------------------------------------------------------


def test_benefits_dimension_feeds_the_derived_rating_and_the_watermelon() -> None:
    p = project(updates=[upd(AS_OF, "green")], benefits=[planned_1000("700")])
    r = rate(p, portfolio(p), AS_OF)
    assert (r.benefits.rating, r.derived, r.watermelon) == ("red", "red", True)
    assert r.schedule.rating is None and r.cost.rating is None and r.risk.rating is None
    honest = project(updates=[upd(AS_OF, "green")], benefits=[planned_1000("950")])
    assert not rate(honest, portfolio(honest), AS_OF).watermelon


def test_benefits_dimension_is_the_worst_benefit_and_none_without_a_plan() -> None:
    worse = planned_1000("700", id="b2")
    p = project(benefits=[planned_1000("880"), worse, benefit(id="b3", target=Decimal(5))])
    r = rate(p, portfolio(p), AS_OF)
    assert r.benefits.rating == "red"
    assert [reason.split(" (")[0] for reason in r.benefits.reasons] == ["benefit b2", "benefit b1"]
    nothing = project(benefits=[benefit(target=Decimal(5))])
    assert rate(nothing, portfolio(nothing), AS_OF).benefits.rating is None


def test_programme_rolls_up_benefits_of_its_open_projects() -> None:
    from pmo.records import Programme

    prog = Programme(kind="programme", id="prog", name="Prog", lead="lee",
                     updates=[Update(date=AS_OF, rag="green", summary="s")])  # fmt: skip
    behind = project(id="p1", benefits=[planned_1000("700")])
    r = rate(prog, portfolio(prog, behind), AS_OF)
    assert r.benefits.rating == "red" and r.watermelon
    assert r.benefits.reasons[0].startswith("p1: benefit b1 (Savings) realised £700")


def test_closed_work_is_judged_on_its_benefits_as_they_stood_on_closing() -> None:
    p = project(closed=AS_OF - 10 * DAY, updates=[upd(AS_OF - 10 * DAY, "green")],
                benefits=[benefit(target=Decimal(100), due=AS_OF)])  # fmt: skip
    r = rate(p, portfolio(p), AS_OF)
    assert r.benefits.rating == "green" and not r.watermelon  # not yet due when it closed
    # `pmo benefits` follows the benefit after closing.
    assert benefit_of(p.benefits[0], AS_OF, Settings()).rating == "red"


def test_five_point_benefits_make_a_five_point_derived_rating() -> None:
    p = project(updates=[upd(AS_OF, "amber")], benefits=[planned_1000("780")])  # 22% behind
    assert rate(p, portfolio(p), AS_OF).derived == "amber"
    r = rate(p, portfolio(p, settings=five()), AS_OF)
    assert (r.derived, r.watermelon) == ("amber-red", True)


# --- pmo benefits ---------------------------------------------------------------------------------

PROGRAMME = """\
kind: programme
id: prog
name: The Programme
lead: lee
required_return: "25:1"
budget: {approved: £100k}
"""
ALPHA = """\
kind: project
id: alpha
name: Alpha | One
programme: prog
lead: lee
budget: {approved: £60k, forecast: £60k}
benefits:
  - id: alpha-b1
    title: Savings
    owner: kim
    type: cashable
    baseline: £0
    target: £2m
    due: 2011-03-31
    profile: [{date: 2010-09-30, value: 1250000.50}, {date: 2011-03-31, value: 749999.50}]
    realised: [{date: 2010-09-30, value: "£250,000.25"}, {date: 2010-12-01, value: £100k}]
  - id: alpha-b2
    title: "Staff travel | further"
    type: disbenefit
    target: £50k
    realised: [{date: 2010-06-30, value: £20k}]
  - id: alpha-b3
    title: "=HYPERLINK(\\"x\\") homes"
    type: non-cashable
    target: 40
    unit: homes
    due: 2010-09-30
    realised: [{date: 2010-09-30, value: 30}]
"""
OTHER = """\
kind: programme
id: other
name: Other Programme
lead: kim
budget: {approved: £10k}
benefits:
  - {id: other-b1, title: Time released, type: non-cashable, target: £5k, due: 2012-01-01}
"""


@pytest.fixture
def ben_repo(tmp_path: Path) -> Path:
    root = repo(
        tmp_path,
        {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "alpha.yaml": ALPHA, "z-other.yaml": OTHER},
    )
    problems = load(root).problems
    assert [p for p in problems if p.severity == "error"] == []
    return root


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["benefits", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_the_format_with_exact_decimal_strings(runner: CliRunner, ben_repo: Path) -> None:
    data = json.loads(run(runner, "--root", str(ben_repo), "--format", "json"))
    assert data["as_of"] == "2010-10-20"
    b1 = data["benefits"][0]
    required = {"id", "title", "project", "owner", "type", "unit", "target",
                "planned_to_date", "realised_to_date", "rating"}  # fmt: skip
    assert required <= set(b1)
    assert {k: b1[k] for k in required} == {
        "id": "alpha-b1",
        "title": "Savings",
        "project": "alpha",
        "owner": "kim",
        "type": "cashable",
        "unit": None,
        "target": "2000000",
        "planned_to_date": "1250000.50",  # only the September entry counts yet
        "realised_to_date": "250000.25",  # December's £100k does not count yet
        "rating": "red",
    }
    assert b1["variance"] == "-1000000.25"
    homes = data["benefits"][2]
    assert (homes["unit"], homes["target"], homes["planned_to_date"]) == ("homes", "40", "40")
    assert homes["rating"] == "amber"  # 30 of 40: 25% behind
    other = data["benefits"][3]
    assert (other["planned_to_date"], other["rating"]) == ("0", "green")
    assert set(data["totals"]) >= {"target", "planned_to_date", "realised_to_date"}


def test_totals_are_net_of_disbenefits_and_leave_out_other_units(
    runner: CliRunner, ben_repo: Path
) -> None:
    data = json.loads(run(runner, "--root", str(ben_repo), "--format", "json"))
    prog = data["programmes"][0]
    assert prog["id"] == "prog"
    # Savings less the disbenefit (whose whole £50k target is allowed from the start).
    assert (prog["target"], prog["planned_to_date"], prog["realised_to_date"]) == (
        "1950000", "1200000.50", "230000.25"
    )  # fmt: skip
    assert (prog["count"], prog["disbenefits"]) == (2, 1)
    total = data["totals"]
    assert (total["target"], total["planned_to_date"]) == ("1955000", "1200000.50")
    assert total["count"] == 3


def test_return_on_cost_against_the_required_return(runner: CliRunner, ben_repo: Path) -> None:
    data = json.loads(run(runner, "--root", str(ben_repo), "--format", "json"))
    prog, other = data["programmes"]
    # The programme's own approved budget (£100k) is the pot; its projects' are not added.
    assert (prog["cashable_target"], prog["approved_budget"]) == ("2000000", "100000")
    assert (prog["return_on_cost"], prog["required_return"], prog["return_met"]) == (
        "20.00", "25", False
    )  # fmt: skip
    assert (other["return_on_cost"], other["return_met"]) == ("0.00", None)
    # The portfolio adds the programmes up: £2m on £110k.
    assert data["totals"]["return_on_cost"] == "18.18"
    # Exactly at the required multiple is met.
    text = (ben_repo / "records" / "prog.yaml").read_text().replace("£100k", "£80k")
    (ben_repo / "records" / "prog.yaml").write_text(text)
    data = json.loads(run(runner, "--root", str(ben_repo), "--format", "json"))
    assert data["programmes"][0]["return_met"] is True


def test_without_its_own_budget_a_programme_returns_on_its_projects(
    runner: CliRunner, ben_repo: Path
) -> None:
    path = ben_repo / "records" / "prog.yaml"
    path.write_text(path.read_text().replace("budget: {approved: £100k}\n", ""))
    data = json.loads(run(runner, "--root", str(ben_repo), "--format", "json"))
    assert (data["programmes"][0]["approved_budget"], data["programmes"][0]["return_on_cost"]) == (
        "60000", "33.33"
    )  # fmt: skip


def test_filters(runner: CliRunner, ben_repo: Path) -> None:
    root = str(ben_repo)
    mine = json.loads(run(runner, "--root", root, "--owner", "kim", "--format", "json"))
    assert [b["id"] for b in mine["benefits"]] == ["alpha-b1", "other-b1"]  # kim leads other
    led = json.loads(run(runner, "--root", root, "--owner", "lee", "--format", "json"))
    assert [b["id"] for b in led["benefits"]] == ["alpha-b2", "alpha-b3"]  # the lead's by default
    # The return on cost still counts every benefit of the work in scope.
    assert led["programmes"][0]["cashable_target"] == "2000000"
    one = json.loads(run(runner, "--root", root, "--programme", "other", "--format", "json"))
    assert [b["id"] for b in one["benefits"]] == ["other-b1"]
    alpha = json.loads(run(runner, "--root", root, "--project", "alpha", "--format", "json"))
    assert len(alpha["benefits"]) == 3
    assert alpha["programmes"][0]["approved_budget"] == "60000"  # the project alone
    later = json.loads(run(runner, "--root", root, "--as-of", "2010-12-01", "--format", "json"))
    assert later["benefits"][0]["realised_to_date"] == "350000.25"
    result = runner.invoke(app, ["benefits", "--root", root, "--owner", "kin"])
    assert result.exit_code == 2
    assert "no such person; did you mean 'kim'?" in result.stderr


def test_table_markdown_and_csv(runner: CliRunner, ben_repo: Path) -> None:
    root = str(ben_repo)
    table = run(runner, "--root", root)
    assert "Benefits as of 2010-10-20" in table
    assert "[The Programme]" in table and "[Portfolio]" in table
    assert "2 money benefits, net" in table
    assert (
        "Return on cost, The Programme: 20:1 (£2m cashable on £100k approved; "
        "required 25:1: not met)." in table
    )
    assert "Benefits in other units are not added into the totals." in table
    md = run(runner, "--root", root, "--format", "markdown")
    assert "| alpha | alpha-b1 | Savings | Kim Jones | cashable | £2m | £1.25m | £250k |" in md
    assert "| Staff travel \\| further |" in md  # a | in record text cannot add a column
    rows = list(csv.reader(io.StringIO(run(runner, "--root", root, "--format", "csv"))))
    assert rows[0][:4] == ["Programme", "Work", "Benefit", "Title"]
    by_id = {r[2]: r for r in rows[1:]}
    assert by_id["alpha-b1"][7:12] == ["0", "2000000", "1250000.50", "250000.25", "-1000000.25"]
    assert by_id["alpha-b3"][3].startswith("'=")  # a formula is neutralised
    assert by_id["alpha-b3"][6] == "homes"
    assert len(rows) == 5  # no total rows


def test_bundled_goldens(runner: CliRunner, bundled: Path, golden: Golden) -> None:
    root = str(bundled)
    golden("benefits/table.txt", run(runner, "--root", root))
    golden("benefits/table.md", run(runner, "--root", root, "--format", "markdown"))
    golden("benefits/table.csv", run(runner, "--root", root, "--format", "csv"))
    golden("benefits/data.json", run(runner, "--root", root, "--format", "json"))


def test_bundled_csw_meets_its_five_to_one_return(runner: CliRunner, bundled: Path) -> None:
    data = json.loads(run(runner, "--root", str(bundled), "--programme", "csw", "--format", "json"))
    csw = data["programmes"][0]
    assert (csw["cashable_target"], csw["approved_budget"]) == ("3750000", "750000")
    assert (csw["return_on_cost"], csw["required_return"], csw["return_met"]) == (
        "5.00", "5", True
    )  # fmt: skip


# --- validation ---------------------------------------------------------------------------------


def test_benefit_validation(runner: CliRunner, tmp_path: Path) -> None:
    root = repo(tmp_path, {"people.yaml": PEOPLE, "prog.yaml": """\
        kind: programme
        id: prog
        name: P
        lead: lee
        benefits:
          - id: prog-b1
            title: B
            type: cashable
            unit: homes
            target: 5
            due: 2010-01-01
            profile:
              - {date: 2009-01-01, value: -1}
              - {date: 2011-01-01, value: 3}
        """})  # fmt: skip
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "records/prog.yaml:9:11: error: cashable-unit benefit 'prog-b1' is cashable" in lines[0]
    codes = [line.split(": ")[2].split()[0] for line in lines]
    assert codes == ["cashable-unit", "profile-target", "negative-benefit", "profile-after-due"]
    assert "records/prog.yaml:13:35: warning: negative-benefit" in result.stdout
    assert "adds up to 2 homes, not its target of 5 homes" in result.stdout


@pytest.mark.parametrize(
    ("settings", "message"),
    [("thresholds: {slip_red_days: 20}\n", "slip_red_days (20) must not be below its amber"),
     ("thresholds: {benefit_amber_pct: 30}\n", "benefit_red_pct (25) must not be below its amber"),
     ("thresholds: {risk_near_days: -1}\n", "risk_near_days (-1) must not be below 0")],
)  # fmt: skip
def test_thresholds_in_the_wrong_order_are_errors(
    runner: CliRunner, tmp_path: Path, settings: str, message: str
) -> None:
    root = repo(tmp_path, {"people.yaml": PEOPLE}, settings)
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "pmo.yaml:1:" in result.stdout and "invalid-threshold" in result.stdout
    assert message in result.stdout


@pytest.mark.parametrize(("value", "ok"), [("5", True), ('"5:1"', True), ("2.5", True),
                                           ("0", False), ('"five to one"', False)])  # fmt: skip
def test_required_return(runner: CliRunner, tmp_path: Path, value: str, ok: bool) -> None:
    root = repo(tmp_path, {"people.yaml": PEOPLE,
                           "prog.yaml": f"kind: programme\nid: prog\nname: P\nlead: lee\n"
                                        f"required_return: {value}\n"})  # fmt: skip
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert (result.exit_code == 0) is ok, result.stdout
    if not ok:
        assert "records/prog.yaml:5:18: error: invalid-ratio" in result.stdout


@pytest.mark.parametrize(("width", "kept", "dropped"), [
    (200, ["Work", "Owner", "Type", "Due"], []),
    (150, ["Work", "Type", "Variance", "Of plan", "Due"], ["Owner"]),
    (90, ["Benefit", "Target", "Planned", "Realised", "Variance", "Rating"], ["Work", "Of plan"]),
    (80, ["Benefit", "Target", "Planned", "Realised", "Rating"], ["Work", "Variance", "Of plan"]),
])  # fmt: skip
def test_rich_table_fits_the_terminal(
    bundled: Path, width: int, kept: list[str], dropped: list[str]
) -> None:
    """Columns give way in order; ids, amounts and ratings are never cut."""
    from rich.console import Console

    from pmo.reports import benefits
    from pmo.tabular import to_rich

    pf = load(bundled).portfolio
    console = Console(record=True, width=width, color_system=None)
    console.print(to_rich(benefits.build(pf, pf.as_of()).table(), width))
    lines = console.export_text().splitlines()
    header = next(line for line in lines if line.lstrip().startswith(("Work ", "Benefit ")))
    assert all(f" {name} " in f" {header} " for name in kept)
    assert not any(f" {name} " in f" {header} " for name in dropped)
    assert all(len(line) <= width for line in lines)
    assert any("csw-transformation-b1" in line and "30 practitioners" in line for line in lines)


def test_extreme_amounts_do_not_overflow(runner: CliRunner, tmp_path: Path) -> None:
    """Amounts at the limits of money (the largest realisations on the smallest plan and
    budget) print in every format, not crash."""
    realised = "".join("      - {date: 2010-01-01, value: 999999999999999}\n" for _ in range(100))
    programme = (
        "kind: programme\nid: prog\nname: P\nlead: lee\nbudget: {approved: 0.000001}\n"
        "benefits:\n  - id: prog-b1\n    title: B\n    type: cashable\n"
        "    target: 999999999999999\n    profile: [{date: 2010-01-01, value: 0.000001}]\n"
        "    realised:\n" + realised
    )
    root = repo(tmp_path, {"people.yaml": PEOPLE, "prog.yaml": programme})
    assert [p for p in load(root).problems if p.severity == "error"] == []
    for fmt in ("table", "json", "csv", "markdown"):
        run(runner, "--root", str(root), "--format", fmt)
    data = json.loads(run(runner, "--root", str(root), "--format", "json"))
    assert data["totals"]["return_on_cost"] == "999999999999999000000.00"
    assert data["benefits"][0]["rating"] == "green"
    assert "9999999999999990000000000.0%" in run(runner, "--root", str(root))


def test_ratios_beyond_the_decimal_context_do_not_overflow() -> None:
    """Totals add many benefits: their ratios can pass the 28 digits of the default context."""
    from pmo import formats
    from pmo.reports.benefits import BenefitTotals

    huge = Decimal(10) ** 25
    assert formats.ratio_pct(huge, Decimal("0.000001")) == Decimal(10) ** 33
    assert formats.percent(Decimal(10) ** 33).startswith("+1000000000000000000000000000000000")
    assert formats.ratio(Decimal("1e40")) == "1" + "0" * 40 + ":1"
    t = BenefitTotals("p", "P", cashable_target=huge, approved=Decimal("0.000001"))
    assert t.return_on_cost == Decimal(10) ** 31


def test_show_of_a_programme_answers_are_we_on_track(runner: CliRunner, bundled: Path) -> None:
    """`pmo show` of a programme lists its projects' benefits, the total and the return."""
    result = runner.invoke(app, ["show", "csw", "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    benefits_part = result.stdout.split("\nBenefits\n--------\n")[1]
    assert benefits_part.count("\ncsw-") == 10  # every workstream's benefit, by work
    assert (
        "Money benefits: £47k realised of £3.75m (£55k planned). Return on cost: 5:1 (£3.75m "
        "cashable on £750k approved; required 5:1: met)." in benefits_part
    )


def test_a_filtered_table_says_its_filter_and_only_the_units_it_holds(
    runner: CliRunner, ben_repo: Path
) -> None:
    table = run(runner, "--root", str(ben_repo), "--programme", "other")
    assert table.splitlines()[0] == "Benefits as of 2010-10-20 (programme other)"
    assert "other units" not in table  # its one benefit is in money


def test_a_benefit_with_no_plan_has_no_variance_in_the_csv(
    runner: CliRunner, tmp_path: Path
) -> None:
    project = ALPHA.split("benefits:")[0] + "benefits:\n  - {id: alpha-b9, title: Unplanned}\n"
    root = repo(tmp_path, {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "alpha.yaml": project})
    rows = list(csv.DictReader(io.StringIO(run(runner, "--root", str(root), "--format", "csv"))))
    assert [(r["Benefit"], r["Planned to date"], r["Variance"]) for r in rows] == [
        ("alpha-b9", "", "")
    ]


def test_a_variance_of_less_than_one_in_a_unit_is_signed() -> None:
    from pmo.reports.benefits import _amount

    assert _amount(Decimal("0.5"), "homes", "GBP", signed=True) == "+0.5"
    assert _amount(Decimal("-0.5"), "homes", "GBP", signed=True) == "-0.5"
    assert _amount(Decimal("0"), "homes", "GBP", signed=True) == "0"


ONE = """\
kind: project
id: p1
name: One
programme: prog
lead: lee
budget: {approved: 1000}
benefits:
  - {id: over, title: Over plan, type: cashable, target: 1000, due: 2010-06-30,
     realised: [{date: 2010-07-01, value: 1200}]}
  - {id: harm, title: More harm, type: disbenefit, target: 500,
     realised: [{date: 2010-07-01, value: 700}]}
  - {id: less-harm, title: Less harm, type: disbenefit, target: 500,
     realised: [{date: 2010-07-01, value: 300}]}
  - {id: even, title: On plan, target: 100, due: 2010-06-30,
     realised: [{date: 2010-07-01, value: 100}]}
  - {id: open, title: No target, type: non-cashable}
  - {id: harm-even, title: Harm as planned, type: disbenefit, target: 500,
     realised: [{date: 2010-07-01, value: 500}]}
  - {id: harm-one, title: Harm by one, type: disbenefit, target: 500,
     realised: [{date: 2010-07-01, value: 501}]}
"""
TWO = """\
kind: project
id: p2
name: Two
programme: ghost
lead: lee
benefits:
  - {id: ghostly, title: Elsewhere, type: cashable, target: 50, due: 2010-06-30,
     realised: [{date: 2010-07-01, value: 20}]}
"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Benefits over and under plan, disbenefits over and under, one on plan, one with no
    type, no target and no plan, and one of a programme with no record."""
    from tests.test_status_cli import PROGRAMME

    files = {"people.yaml": PEOPLE, "prog.yaml": PROGRAMME, "p1.yaml": ONE, "p2.yaml": TWO}
    return repo(tmp_path, files)


def test_the_benefits_table_colours_a_variance_by_whether_it_is_worse(mixed: Path) -> None:
    """More harm than planned is red, less is not; a shortfall is red; none is plain."""
    from pmo.reports import benefits
    from pmo.tabular import Cell

    table = benefits.to_table(benefits.build(load(mixed).portfolio, AS_OF))
    rows = {str(row[1]): row for row in table.rows if str(row[0])}
    styles = {k: row[8].style for k, row in rows.items() if isinstance(row[8], Cell)}
    assert styles == {"over": None, "harm": "red", "less-harm": None, "even": None,
                      "open": None, "harm-even": None, "harm-one": "red",
                      "ghostly": "red"}  # fmt: skip
    assert (str(rows["open"][10]), str(rows["even"][4]), str(rows["over"][9])) == (
        "no plan",
        "",
        "120.0%",
    )
    assert [table.sections[i] for i in sorted(table.sections)] == [
        "The Programme",
        "ghost",
        "Portfolio",
    ]
    totals = [[str(c) for c in row] for row in table.rows if not str(row[0])]
    assert [row[1:2] + row[5:10] for row in totals] == [
        ["Total", "-£900", "-£900", "-£701", "+£199", "77.9%"],  # disbenefits taken off
        ["Total", "£50", "£50", "£20", "-£30", "40.0%"],
        ["Total", "-£850", "-£850", "-£681", "+£169", "80.1%"],
    ]


def test_the_benefits_csv_leaves_what_is_not_known_empty(mixed: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["benefits", "--root", str(mixed), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    open_, even = rows[4], rows[3]
    assert (open_["Benefit"], open_["Target"], open_["Realised to date"], open_["Rating"]) == (
        "open",
        "",
        "0",
        "",
    )
    assert (even["Benefit"], even["Type"]) == ("even", "")
    data = json.loads(
        runner.invoke(app, ["benefits", "--root", str(mixed), "--format", "json"]).stdout
    )
    assert data["totals"]["disbenefits"] == 4  # the portfolio's: both programmes added up
    assert data["totals"]["target"] == "-850"


def test_a_return_on_cost_with_no_approved_budget_is_no_words() -> None:
    from pmo.reports.benefits import BenefitTotals

    assert BenefitTotals("p", "P").describe_return("GBP") == ""
