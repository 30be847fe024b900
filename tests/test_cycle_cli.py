"""The monthly cycle's commands through the CLI: set, realise, reforecast, add action, done
RISK/N, rescore --review, new person|board|paper; what each writes, and every refusal."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pmo.cli import app
from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.validate import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.fixture(autouse=True)
def _no_forced_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMO_INTERACTIVE", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def invoke(runner: CliRunner, repo: Path, *args: str, **kwargs: object) -> Result:
    return runner.invoke(app, [*args, "--root", str(repo)], **kwargs)  # type: ignore[arg-type]


def portfolio(repo: Path) -> Portfolio:
    return load(repo).portfolio


def _errors(repo: Path) -> list[str]:
    return [str(p) for p in validate(repo).problems if p.severity == "error"]


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".pmo.lock"
    }


# ---- pmo set: every kind of record and item -------------------------------------------------


@pytest.mark.parametrize(
    ("target", "assignment", "read"),
    [
        ("prog", "sponsor=bob", lambda pf: pf.programmes["prog"].sponsor == "bob"),
        ("awk", "end=2012-03-31", lambda pf: pf.projects["awk"].end == dt.date(2012, 3, 31)),
        ("awk", "budget.approved=£1.2m",
         lambda pf: pf.projects["awk"].budget.approved == Decimal(1_200_000)),
        ("awk-m2", "gate=true", lambda pf: pf.projects["awk"].milestones[1].gate is True),
        ("awk-m1", "depends_on+=awk-m2",
         lambda pf: pf.projects["awk"].milestones[0].depends_on == ["awk-m2"]),
        ("awk-r2", "target.likelihood=1",
         lambda pf: pf.projects["awk"].risks[1].target is None),  # refused: see below
        ("awk-r2", "proximity=2011-06-30",
         lambda pf: pf.projects["awk"].risks[1].proximity == dt.date(2011, 6, 30)),
        ("awk-r2/1", "action=Do it now",
         lambda pf: pf.projects["awk"].risks[1].actions[0].action == "Do it now"),
        ("ann", "email=ann@example.org", lambda pf: pf.people["ann"].email == "ann@example.org"),
        ("cat", "phone=01926412378", lambda pf: pf.people["cat"].phone == "01926412378"),
        ("brd", "chair=cat", lambda pf: pf.boards["brd"].chair == "cat"),
        ("brd-2011-01", "next_meeting=2011-04-13",
         lambda pf: pf.papers["brd-2011-01"].next_meeting == dt.date(2011, 4, 13)),
        ("prog-b1", "realised.1.value=£110k",
         lambda pf: pf.programmes["prog"].benefits[0].realised[0].value == Decimal(110_000)),
        ("prog-b1", "unit=", lambda pf: pf.programmes["prog"].benefits[0].unit is None),
    ],
)  # fmt: skip
def test_set_any_field_of_any_kind(
    repo: Path, runner: CliRunner, target: str, assignment: str, read: object
) -> None:
    result = invoke(runner, repo, "set", target, assignment)
    if assignment == "target.likelihood=1":
        assert result.exit_code == 2
        assert "required key 'impact' is missing in an assessment" in result.stderr
    elif assignment == "unit=":
        assert result.exit_code == 2
        assert "unit is not set; there is nothing to remove" in result.stderr
    else:
        assert result.exit_code == 0, result.output
    assert read(portfolio(repo))  # type: ignore[operator]
    assert _errors(repo) == []


def test_set_issue_and_decision(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "add", "issue", "awk", "--title", "Leak").exit_code == 0
    assert invoke(runner, repo, "add", "decision", "awk", "--title", "Go").exit_code == 0
    result = invoke(runner, repo, "set", "awk-i1", "priority=critical", "owner=bob")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("records/awkward.yaml: awk-i1: priority = critical; owner = bob\n")
    result = invoke(runner, repo, "set", "awk-d1", "by=brd", "outcome=Agreed")
    assert result.exit_code == 0, result.output
    awk = portfolio(repo).projects["awk"]
    assert (awk.issues[0].priority, awk.decisions[0].by) == ("critical", "brd")


def test_set_says_what_it_changed(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "set", "awk", "budget.forecast=£1.3m", "tags+=three", "tags-=one",
        "description=Multi\nline",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "records/awkward.yaml: awk: budget.forecast £110k → £1.3m; tags + three; tags − one; "
        "description = Multi\\nline\n"
    )
    awk = portfolio(repo).projects["awk"]
    assert (awk.tags, awk.description) == (["two", "three"], "Multi\nline")


def test_set_values_are_read_as_the_loader_reads_them(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "set", "awk-m3", "title=2011", "description=yes", "gate=true",
        "baseline=2011-02-28",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    m3 = portfolio(repo).projects["awk"].milestones[2]
    assert (m3.title, m3.description, m3.gate, m3.baseline) == (
        "2011", "yes", True, dt.date(2011, 2, 28),
    )  # fmt: skip
    text = (repo / "records/awkward.yaml").read_text()
    assert "  title: '2011'\n" in text and "  gate: true\n" in text
    assert "  baseline: 2011-02-28\n" in text


def test_set_whole_lists_and_mappings(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "set", "brd", "members=ann,cat,dev", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = invoke(runner, repo, "set", "awk-r1", "inherent={likelihood: 4, impact: 5}")
    assert result.exit_code == 0, result.output
    assert portfolio(repo).projects["awk"].risks[0].inherent.score == 20  # type: ignore[union-attr]
    assert invoke(runner, repo, "set", "brd", "members=[ann, dev]").exit_code == 0
    assert portfolio(repo).boards["brd"].members == ["ann", "dev"]


def test_set_removing_the_last_key_of_a_mapping_removes_it(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "set", "awk", "budget.approved=", "budget.forecast=")
    assert result.exit_code == 0, result.output
    assert "budget" not in (repo / "records/awkward.yaml").read_text()
    assert portfolio(repo).projects["awk"].budget is None


def test_set_a_renamed_id_must_not_leave_references(repo: Path, runner: CliRunner) -> None:
    before = _files(repo)
    result = invoke(runner, repo, "set", "cat", "id=cath")
    assert result.exit_code == 1
    assert "unknown-reference person 'cat' does not exist; did you mean 'cath'?" in result.stderr
    assert _files(repo) == before
    assert invoke(runner, repo, "set", "awk-m3", "id=awk-m9").exit_code == 0
    assert "awk-m9" in portfolio(repo).id_kinds


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["set", "awk-r9", "likelihood=3"], 2,
         "no record or item 'awk-r9'; did you mean 'awk-r2'?"),
        (["set", "awk-r2", "likelyhood=3"], 2,
         "likelyhood=3: a risk has no key 'likelyhood'; did you mean 'likelihood'?"),
        (["set", "awk", "budget.forcast=1"], 2,
         "budget.forcast=1: budget has no key 'forcast'; did you mean 'forecast'?"),
        (["set", "awk", "next-steps+=x"], 2, "a project has no key 'next-steps'"),
        (["set", "awk-r2", "likelihood=7"], 2, "likelihood=7: expected a whole number 1..5, got 7"),
        (["set", "awk-r2", "response=treated"], 2,
         "response=treated: 'treated' is not allowed for 'response'; did you mean 'treat'?"),
        (["set", "awk-m1", "baseline=31/12/2010"], 2,
         "expected a date written YYYY-MM-DD, got '31/12/2010'"),
        (["set", "awk", "budget.approved=lots"], 2, "'lots' is not an amount of money"),
        (["set", "awk-r2", "title="], 2, "title=: title is required; it cannot be removed"),
        (["set", "awk", "kind=programme"], 2, "the kind of a record cannot be changed"),
        (["set", "awk", "name+=x"], 2,
         "name+=x: += adds to or takes from a list; name is not a list"),
        (["set", "awk", "tags+=one"], 2, "tags+=one: tags already has 'one'"),
        (["set", "awk", "tags-=on"], 2, "tags-=on: tags has no 'on'; did you mean 'one'?"),
        (["set", "awk", "milestones="], 2, "milestones holds records with ids"),
        (["set", "awk", "milestones+={id: x}"], 2, "add to milestones with pmo add milestone awk"),
        (["set", "awk", "updates+={rag: red}"], 2, "add to updates with pmo update awk"),
        (["set", "awk", "milestones.1.title=x"], 2, "change a milestone by its own id"),
        (["set", "awk", "title.x=1"], 2, "a project has no key 'title'"),
        (["set", "awk", "name.x=1"], 2, "name.x=1: name is a single value; it has no keys"),
        (["set", "awk", "updates.3.rag=red"], 2, "updates has 1 item; number them from 1"),
        (["set", "awk-r1/1", "done=2011-01-01"], 2, "risk awk-r1 has 0 actions"),
        (["set", "awk-r2", "inherent.likelihood="], 2, "inherent.likelihood=: inherent is not set"),
        (["set", "awk", "sections=x"], 2, "a project has no key 'sections'"),
        (["set", "brd-2011-01", "sections=x"], 2, "sections is a list of mappings"),
        (["set", "awk", "bogus"], 2, "'bogus' is not KEY=VALUE"),
        (["set", "awk-r2", "owner=bobb"], 1, "person 'bobb' does not exist; did you mean 'bob'?"),
        (["set", "awk-m1", "actual=2011-02-01"], 1, "future-date milestone achieved on 2011-02-01"),
        (["set", "awk", "end=2000-01-01", "start=2010-01-01"], 1, "end 2000-01-01 is before start"),
    ],
)  # fmt: skip
def test_set_refusals_write_nothing(
    repo: Path, runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    before = _files(repo)
    result = invoke(runner, repo, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    if code == 2:
        assert result.stderr.startswith("pmo: error: ")
    else:
        assert "refused: the edit would add 1 error to the records; nothing was written" in (
            result.stderr
        )
    assert _files(repo) == before


def test_set_is_all_or_nothing(repo: Path, runner: CliRunner) -> None:
    before = _files(repo)
    result = invoke(runner, repo, "set", "awk-r2", "likelihood=4", "impact=9")
    assert result.exit_code == 2
    assert "impact=9: expected a whole number 1..5, got 9" in result.stderr
    assert _files(repo) == before


def test_set_needs_an_assignment(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "set", "awk").exit_code == 2


def test_set_output_is_inert(repo: Path, runner: CliRunner) -> None:
    """Record text echoed in a summary cannot carry a terminal escape."""
    result = invoke(runner, repo, "set", "awk", "description=\x1b[2Jgone")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "description = \\x1b[2Jgone" in result.stdout


# ---- actions ------------------------------------------------------------------------------


def test_add_action_then_done(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "add", "action", "awk-r2", "--action", "Escalate", "--owner", "cat",
        "--due", "2011-02-15",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/awkward.yaml: added action awk-r2/2 to awk-r2\n"
    result = invoke(runner, repo, "done", "awk-r2/2", "--date", "2011-01-14")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/awkward.yaml: action awk-r2/2 done on 2011-01-14\n"
    actions = portfolio(repo).projects["awk"].risks[1].actions
    assert [(a.action, a.owner, a.due, a.done) for a in actions] == [
        ("Do it", "ann", dt.date(2010, 12, 1), None),
        ("Escalate", "cat", dt.date(2011, 2, 15), dt.date(2011, 1, 14)),
    ]
    # The overdue first action is done by the reporting date by default; its warning goes.
    assert "action-overdue" in {p.code for p in validate(repo).problems}
    assert invoke(runner, repo, "done", "awk-r2/1").exit_code == 0
    assert "action-overdue" not in {p.code for p in validate(repo).problems}


def test_add_action_prompts_at_a_terminal(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["add", "action", "awk-r1", "--root", str(repo)],
        input="Call the supplier\nann\nnext week\n2011-02-01\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "'next week' is not a date written YYYY-MM-DD" in result.output
    action = portfolio(repo).projects["awk"].risks[0].actions[0]
    assert (action.action, action.owner, action.due) == (
        "Call the supplier", "ann", dt.date(2011, 2, 1),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "action", "awk-r2", "--action", "A"], 2,
         "missing required values: --owner, --due"),
        (["add", "action", "awk-m1", "--action", "A", "--owner", "ann", "--due", "2011-02-01"], 2,
         "'awk-m1' is a milestone, not a risk"),
        (["add", "action", "awk-r2", "--action", "A", "--owner", "zed", "--due", "2011-02-01"], 1,
         "person 'zed' does not exist"),
        (["done", "awk-r2/2"], 2, "risk awk-r2 has 1 action; there is no action awk-r2/2"),
        (["done", "awk-r2/1", "--date", "2011-02-01"], 2,
         "action awk-r2/1 done on 2011-02-01 is after the reporting date 2011-01-15"),
        (["done", "awk-r9/1"], 2, "no risk 'awk-r9'"),
        (["done", "awk-r2"], 2,
         "name the action that is done, one of awk-r2/1 (Do it, due 2010-12-01)"),
    ],
)  # fmt: skip
def test_action_refusals_write_nothing(
    repo: Path, runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    before = _files(repo)
    result = invoke(runner, repo, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _files(repo) == before


def test_actions_of_a_closed_risk_and_done_twice(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "done", "awk-r2/1", "--date", "2011-01-02").exit_code == 0
    again = invoke(runner, repo, "done", "awk-r2/1")
    assert again.exit_code == 2
    assert "action awk-r2/1 was already done on 2011-01-02" in again.stderr
    assert invoke(runner, repo, "close", "awk-r2").exit_code == 0
    before = _files(repo)
    closed = invoke(
        runner, repo, "add", "action", "awk-r2", "--action", "A", "--owner", "ann",
        "--due", "2011-02-01",
    )  # fmt: skip
    assert closed.exit_code == 2
    assert "risk awk-r2 is closed; it takes no new actions" in closed.stderr
    assert _files(repo) == before


# ---- benefits, milestones, reviews ------------------------------------------------------------


def test_realise_adds_a_dated_amount(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "realise", "prog-b1", "--value", "£150k")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "records/prog.yaml: benefit prog-b1: £150k realised on 2011-01-15; £250k to date of £1.2m\n"
    )
    realised = portfolio(repo).programmes["prog"].benefits[0].realised
    assert [(r.date, r.value) for r in realised] == [
        (dt.date(2010, 12, 31), Decimal(100_000)), (dt.date(2011, 1, 15), Decimal(150_000)),
    ]  # fmt: skip


def test_realise_a_counted_benefit_and_prompts(repo: Path, runner: CliRunner) -> None:
    args = ["add", "benefit", "awk", "--title", "Fewer admissions", "--target", "40"]
    assert invoke(runner, repo, *args, "--unit", "admissions").exit_code == 0
    result = runner.invoke(
        app,
        ["realise", "awk-b1", "--root", str(repo)],
        input="a few\n12\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "'a few' is not an amount of money" in result.output  # asked again
    assert "12 admissions realised on 2011-01-15; 12 admissions to date of 40 admissions" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["realise", "prog-b1", "--value", "lots"],
         "--value lots: 'lots' is not an amount of money"),
        (["realise", "prog-b1", "--value", "1", "--date", "2010-12-31"],
         "already has a realisation dated 2010-12-31 (realised.1); to change it: pmo set prog-b1 "
         "realised.1.value=AMOUNT"),
        (["realise", "prog-b1", "--value", "1", "--date", "2011-03-31"],
         "is after the reporting date 2011-01-15"),
        (["realise", "prog-b2", "--value", "1"], "no benefit 'prog-b2'; did you mean 'prog-b1'?"),
        (["realise", "prog-b1"], "missing a required value: --value"),
        (["reforecast", "awk-m3", "2011-03-15"], "milestone awk-m3 is already due on 2011-03-15"),
        (["reforecast", "awk-r1", "2011-03-15"], "'awk-r1' is a risk, not a milestone"),
        (["reforecast", "awk-m3", "soon"], "'soon' is not a date written YYYY-MM-DD"),
        (["rescore", "awk-r1", "--review", "2011-02-01", "--likelihood", "2"],
         "missing a required value: --impact"),
    ],
)  # fmt: skip
def test_cycle_refusals_write_nothing(
    repo: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    before = _files(repo)
    result = invoke(runner, repo, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert _files(repo) == before


def test_reforecast_shows_the_slip(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "reforecast", "awk-m3", "2011-04-30")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "records/awkward.yaml: milestone awk-m3 forecast 2011-03-15 → 2011-04-30: 46 days later "
        "than the previous forecast (2011-03-15); 60 days later than the baseline (2011-03-01): "
        "beyond the 30-day slip that turns schedule amber\n"
    )
    result = invoke(runner, repo, "reforecast", "awk-m2", "2011-01-31", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 day earlier than the previous due date, the baseline (2011-02-01)" in result.stderr
    assert portfolio(repo).projects["awk"].milestones[2].forecast == dt.date(2011, 4, 30)


def test_reforecast_an_achieved_milestone_is_misuse(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "done", "awk-m2", "--date", "2011-01-10").exit_code == 0
    result = invoke(runner, repo, "reforecast", "awk-m2", "2011-03-01")
    assert result.exit_code == 2
    assert "milestone awk-m2 was achieved on 2011-01-10; it has no forecast" in result.stderr


def test_rescore_review_alone_keeps_the_scores(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "rescore", "awk-r2", "--review", "2011-02-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/awkward.yaml: risk awk-r2 next review 2011-02-01\n"
    risk = portfolio(repo).projects["awk"].risks[1]
    assert (risk.score, risk.review) == (4, dt.date(2011, 2, 1))
    result = invoke(
        runner, repo, "rescore", "awk-r2", "--likelihood", "3", "--impact", "3",
        "--review", "2011-03-01",
    )  # fmt: skip
    assert result.stdout.endswith("risk awk-r2 rescored 2×2 → 3×3; next review 2011-03-01\n")


# ---- new person, board, paper ----------------------------------------------------------------


def test_new_person_joins_the_file_of_their_organisation(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "new", "person", "eve", "--name", "Eve Ray", "--role", "Analyst",
        "--organisation", "warwickshire county council",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/team/people.yaml: added person eve\n"
    result = invoke(
        runner, repo, "new", "person", "fay", "--name", "Fay Orr", "--role", "Clerk",
        "--organisation", "Solihull MBC", "--email", "fay@example.org", "--phone", "0121 704 6000",
    )  # fmt: skip
    assert result.stdout == "records/people.yaml: added person fay\n"
    fay = portfolio(repo).people["fay"]
    assert (fay.name, fay.role, fay.organisation, fay.email, fay.phone) == (
        "Fay Orr", "Clerk", "Solihull MBC", "fay@example.org", "0121 704 6000",
    )  # fmt: skip


def test_new_person_in_a_new_or_chosen_file(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "office"
    (root / "records").mkdir(parents=True)
    args = ["new", "person", "ann", "--name", "Ann", "--role", "R", "--organisation", "O"]
    result = invoke(runner, root, *args)
    assert result.exit_code == 0, result.output
    assert (root / "records/people.yaml").read_text() == (
        "kind: people\npeople:\n  - {id: ann, name: Ann, role: R, organisation: O}\n"
    )
    result = invoke(
        runner, root, "new", "person", "bob", "--name", "Bob", "--role", "R", "--organisation",
        "O", "--file", str(root / "records/more.yaml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(portfolio(root).people) == ["ann", "bob"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["new", "person", "ann", "--name", "A", "--role", "R", "--organisation", "O"], 2,
         "id 'ann' is already used by a person"),
        (["new", "person", "zed", "--name", "Z"], 2,
         "missing required values: --role, --organisation"),
        (["new", "person", "zed", "--name", "Z", "--role", "R", "--organisation", "O",
          "--file", "REPO/records/board.yaml"], 2, "records/board.yaml is not a people file"),
        (["new", "person", "Zed Q", "--name", "Z", "--role", "R", "--organisation", "O"], 1,
         "'Zed Q' is not a valid id"),
        (["new", "board", "brd", "--name", "B", "--chair", "ann"], 2,
         "id 'brd' is already used by a board"),
        (["new", "board", "b2", "--name", "B", "--chair", "annn"], 1,
         "person 'annn' does not exist; did you mean 'ann'?"),
        (["new", "board", "b2", "--name", "B"], 2, "missing a required value: --chair"),
        (["new", "board", "b2", "--name", "B", "--chair", "ann", "--file",
          "REPO/records/prog.yaml"],
         2, "records/prog.yaml already exists; pmo new never overwrites a file"),
        (["new", "paper", "p2", "--board", "brdd", "--meeting", "2011-04-13", "--title", "T",
          "--author", "ann"], 1, "board 'brdd' does not exist; did you mean 'brd'?"),
        (["new", "paper", "p2", "--board", "brd"], 2,
         "missing required values: --meeting, --title, --author"),
        (["new", "paper", "p2", "--board", "brd", "--meeting", "2011-04-13", "--title", "T",
          "--author", "ann", "--file", "REPO/elsewhere/p2.yaml"], 2,
         "elsewhere/p2.yaml: a record file must be a .yaml file below records/"),
    ],
)  # fmt: skip
def test_new_refusals_write_nothing(
    repo: Path, runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    before = _files(repo)
    result = invoke(runner, repo, *(a.replace("REPO", str(repo)) for a in args))
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert _files(repo) == before


def test_new_board_goes_beside_the_boards(bundled: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, bundled, "new", "board", "csw-leaders", "--name", "CSW Leaders", "--chair",
        "jos-parry", "--member", "jos-parry", "--meets", "quarterly",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/boards/csw-leaders.yaml: created board csw-leaders\n"


def test_new_paper_follows_the_boards_last_paper(bundled: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, bundled, "new", "paper", "cyp-oss-2011-01", "--board", "cyp-oss", "--meeting",
        "2011-01-19", "--title", "Sub-Regional Working Progress Report", "--author",
        "monica-fogarty",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/papers/cyp-oss-2011-01.yaml: created paper cyp-oss-2011-01\n"
    paper = portfolio(bundled).papers["cyp-oss-2011-01"]
    assert paper.previous == "cyp-oss-2010-10"
    assert (paper.scope, paper.contact) == (["csw"], ["gereint-stoneman", "simon-robson"])
    assert [s.heading for s in paper.sections] == ["Background", "Progress"]
    assert list(paper.implications) == ["financial", "legal", "equalities", "risk", "climate"]
    assert paper.options[0].title == "Do nothing"
    assert paper.purpose == "noting"
    assert paper.recommendations == [
        "The Committee is asked to [to be written: note, comment on or approve ...]."
    ]
    # It renders as it stands: the parts to write show as such.
    rendered = runner.invoke(app, ["paper", "cyp-oss-2011-01", "--root", str(bundled)])
    assert rendered.exit_code == 0, rendered.output
    assert "## 1. Background" in rendered.stdout
    assert "[To be written: why this comes to the Committee now" in rendered.stdout


def test_new_paper_prompts_at_a_terminal(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["new", "paper", "brd-2011-04", "--root", str(repo)],
        input="brd\n13/04/2011\n2011-04-13\nProgress: April\ncat\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    paper = portfolio(repo).papers["brd-2011-04"]
    assert (paper.board, paper.meeting, paper.title, paper.author) == (
        "brd", dt.date(2011, 4, 13), "Progress: April", "cat",
    )  # fmt: skip


def test_new_programme_and_project_are_subcommands(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "new", "programme", "west", "--name", "W", "--programme", "x")
    assert result.exit_code == 2
    assert "No such option: --programme" in result.output
    assert "programme" in runner.invoke(app, ["new", "--help"]).stdout
