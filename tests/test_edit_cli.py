"""The editing commands: init, new, add, update, done, close, rescore; prompts and refusals."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pmo.cli import app
from pmo.load import load
from pmo.validate import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"
AWKWARD = "records/awkward.yaml"


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


def _errors(repo: Path) -> list[str]:
    return [str(p) for p in validate(repo).problems if p.severity == "error"]


# ---- update -------------------------------------------------------------------------


def test_update_dates_by_the_pinned_as_of(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["update", "awk", "--rag", "green", "--summary", "Fine", "--root", str(repo)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{AWKWARD}: added the 2011-01-15 update of awk\n"
    latest = load(repo).portfolio.projects["awk"].updates[-1]
    assert (latest.date, latest.rag, latest.summary) == (dt.date(2011, 1, 15), "green", "Fine")


def test_update_dates_today_without_a_pinned_as_of(repo: Path, runner: CliRunner) -> None:
    (repo / "pmo.yaml").write_text("name: Edit fixture\n")
    result = runner.invoke(
        app, ["update", "prog", "--rag", "AMBER", "--summary", "Mobilising", "--root", str(repo)]
    )
    assert result.exit_code == 0, result.output
    latest = load(repo).portfolio.programmes["prog"].updates[-1]
    assert (latest.date, latest.rag) == (dt.date.today(), "amber")


def test_update_prompts_with_choices_at_a_terminal(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["update", "awk", "--root", str(repo)],
        input="purple\nAmber\nSlipping a little\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "Overall RAG (green, amber, red, amber-green, amber-red):" in result.output
    assert "'purple' is not one of green, amber, red, amber-green, amber-red" in result.output
    latest = load(repo).portfolio.projects["awk"].updates[-1]
    assert (latest.rag, latest.summary) == ("amber", "Slipping a little")


def test_update_without_a_terminal_lists_what_is_missing(repo: Path, runner: CliRunner) -> None:
    before = (repo / AWKWARD).read_bytes()
    result = invoke(runner, repo, "update", "awk")
    assert result.exit_code == 2
    assert "pmo: error: missing required values: --rag, --summary" in result.stderr
    assert (repo / AWKWARD).read_bytes() == before


# ---- add ------------------------------------------------------------------------------


def test_add_risk_generates_the_next_id(repo: Path, runner: CliRunner) -> None:
    args = ["add", "risk", "awk", "--title", "T", "--owner", "bob", "--likelihood", "2"]
    result = invoke(runner, repo, *args, "--impact", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{AWKWARD}: added risk awk-r3 to awk\n"
    risk = load(repo).portfolio.projects["awk"].risks[-1]
    assert (risk.id, risk.owner, risk.score, risk.raised) == (
        "awk-r3",
        "bob",
        10,
        dt.date(2011, 1, 15),
    )
    assert invoke(runner, repo, *args, "--impact", "1").stdout.endswith("risk awk-r4 to awk\n")


def test_add_with_an_id_in_use_is_refused(repo: Path, runner: CliRunner) -> None:
    before = (repo / AWKWARD).read_bytes()
    result = invoke(runner, repo, "add", "issue", "awk", "--id", "awk-m1", "--title", "Clash")
    assert result.exit_code == 1
    assert "error: duplicate-id id 'awk-m1' is already used by the milestone" in result.stderr
    assert (
        "refused: the edit would add 1 error to the records; nothing was written" in result.stderr
    )
    assert (repo / AWKWARD).read_bytes() == before


def test_add_refuses_an_unknown_owner_and_writes_nothing(repo: Path, runner: CliRunner) -> None:
    before = (repo / AWKWARD).read_bytes()
    result = invoke(
        runner, repo, "add", "risk", "awk", "--title", "T", "--owner", "bobb",
        "--likelihood", "3", "--impact", "3",
    )  # fmt: skip
    assert result.exit_code == 1
    # The file has no line 47 (where the new risk's owner would be): the problem points at
    # the line the risk would follow, and quotes the line it would have written.
    assert result.stderr.splitlines()[0] == (
        "records/awkward.yaml:44:1: error: unknown-reference person 'bobb' does not exist; "
        "did you mean 'bob'? (in the lines the edit would add below: owner: bobb)"
    )
    assert (repo / AWKWARD).read_bytes() == before


def test_add_without_a_terminal_lists_every_missing_value(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "add", "risk", "awk", "--title", "Only a title")
    assert result.exit_code == 2
    assert "missing required values: --owner, --likelihood, --impact" in result.stderr


def test_add_risk_prompts_until_the_answers_are_good(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["add", "risk", "awk", "--root", str(repo)],
        input="Key staff leave\nbob\n7\n4\nhigh\n3\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "'7' is not a whole number from 1 to 5" in result.output
    assert "'high' is not a whole number from 1 to 5" in result.output
    risk = load(repo).portfolio.projects["awk"].risks[-1]
    assert (risk.title, risk.owner, risk.likelihood, risk.impact) == (
        "Key staff leave",
        "bob",
        4,
        3,
    )


def test_add_milestone_prompts_for_a_date(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["add", "milestone", "prog", "--title", "Board sign-off", "--root", str(repo)],
        input="31/03/2011\n2011-03-31\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "'31/03/2011' is not a date written YYYY-MM-DD" in result.output
    milestone = load(repo).portfolio.programmes["prog"].milestones[0]
    assert (milestone.id, milestone.baseline) == ("prog-m1", dt.date(2011, 3, 31))


def test_options_are_checked_before_anything_runs(repo: Path, runner: CliRunner) -> None:
    for args in (
        ["add", "risk", "awk", "--likelihood", "6"],
        ["add", "issue", "awk", "--title", "t", "--priority", "urgent"],
        ["add", "milestone", "awk", "--title", "t", "--baseline", "next week"],
        ["update", "awk", "--rag", "purple", "--summary", "s"],
    ):
        assert invoke(runner, repo, *args).exit_code == 2, args
    assert _errors(repo) == []


@pytest.mark.parametrize(
    ("kind", "args", "attr", "check"),
    [
        ("issue", ["--priority", "High", "--owner", "ann"], "issues", ("priority", "high")),
        (
            "decision",
            ["--by", "ann", "--outcome", "Agreed"],
            "decisions",
            ("date", dt.date(2011, 1, 15)),
        ),
        (
            "benefit",
            ["--target", "£1.2m", "--due", "2012-03-31"],
            "benefits",
            ("target", 1_200_000),
        ),
        ("milestone", ["--baseline", "2011-06-30", "--gate"], "milestones", ("gate", True)),
    ],
)
def test_add_each_kind(
    repo: Path, runner: CliRunner, kind: str, args: list[str], attr: str, check: tuple[str, object]
) -> None:
    result = invoke(runner, repo, "add", kind, "awk", "--title", f"A new {kind}", *args)
    assert result.exit_code == 0, result.output
    item = getattr(load(repo).portfolio.projects["awk"], attr)[-1]
    assert item.title == f"A new {kind}"
    assert getattr(item, check[0]) == check[1]
    assert _errors(repo) == []


def test_pre_existing_errors_do_not_block_an_unrelated_edit(repo: Path, runner: CliRunner) -> None:
    (repo / "records/prog.yaml").write_text("kind: programme\nid: prog\nname: P\nlead: nobody\n")
    assert len(_errors(repo)) == 1
    result = invoke(runner, repo, "rescore", "awk-r1", "--likelihood", "1", "--impact", "1")
    assert result.exit_code == 0, result.output
    assert len(_errors(repo)) == 1


# ---- done, close, rescore -----------------------------------------------------------------


def test_done_sets_the_actual_date(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "done", "awk-m3", "--date", "2011-01-10")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{AWKWARD}: milestone awk-m3 achieved on 2011-01-10\n"
    assert load(repo).portfolio.projects["awk"].milestones[2].actual == dt.date(2011, 1, 10)


def test_done_after_the_reporting_date_is_refused(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "done", "awk-m3", "--date", "2011-02-01")
    assert result.exit_code == 1
    assert "error: future-date milestone achieved on 2011-02-01" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "awk-m9"], "no milestone 'awk-m9'; did you mean 'awk-m3'?"),
        (["done", "awk-r1"], "'awk-r1' is a risk with no actions; to close it: pmo close awk-r1"),
        (["done", "awk-r2"], "'awk-r2' is a risk: name the action that is done, one of "
         "awk-r2/1 (Do it, due 2010-12-01)"),
        (["done", "awk-i1"], "no milestone 'awk-i1'"),
        (["close", "awk"], "'awk' is a project, not a risk or issue"),
        (["rescore", "awk-r7", "--likelihood", "1", "--impact", "1"], "no risk 'awk-r7'"),
        (["update", "awkk", "--rag", "red", "--summary", "s"], "no programme or project 'awkk'"),
        (["add", "risk", "nope", "--title", "t", "--owner", "ann", "--likelihood", "1",
          "--impact", "1"], "no programme or project 'nope'"),
        (["close", "awk-r1", "--resolution", "Fixed"], "--resolution is for issues"),
    ],
)  # fmt: skip
def test_misuse_exits_2_and_writes_nothing(
    repo: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    before = (repo / AWKWARD).read_bytes()
    result = invoke(runner, repo, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("pmo: error: ")
    assert message in result.stderr
    assert (repo / AWKWARD).read_bytes() == before


def test_done_twice_and_close_twice_are_misuse(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "done", "awk-m2").exit_code == 0
    again = invoke(runner, repo, "done", "awk-m2")
    assert again.exit_code == 2
    assert "milestone awk-m2 was already achieved on 2011-01-15" in again.stderr
    assert invoke(runner, repo, "close", "awk-r2").exit_code == 0
    assert "risk awk-r2 is already closed" in invoke(runner, repo, "close", "awk-r2").stderr


def test_close_an_issue_with_a_resolution(repo: Path, runner: CliRunner) -> None:
    assert invoke(runner, repo, "add", "issue", "awk", "--title", "Leak").exit_code == 0
    result = invoke(runner, repo, "close", "awk-i1", "--resolution", "Pipe replaced")
    assert result.exit_code == 0, result.output
    issue = load(repo).portfolio.projects["awk"].issues[0]
    assert (issue.status, issue.closed, issue.resolution) == (
        "closed", dt.date(2011, 1, 15), "Pipe replaced",
    )  # fmt: skip


def test_rescore_prompts_for_scores(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["rescore", "awk-r2", "--likelihood", "5", "--root", str(repo)],
        input="0\n5\n",
        env={"PMO_INTERACTIVE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "risk awk-r2 rescored 2×2 → 5×5" in result.stdout
    assert load(repo).portfolio.projects["awk"].risks[1].score == 25


def test_dry_run_shows_the_diff_and_writes_nothing(repo: Path, runner: CliRunner) -> None:
    before = (repo / AWKWARD).read_bytes()
    result = invoke(
        runner, repo, "rescore", "awk-r1", "--likelihood", "1", "--impact", "2", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"--- a/{AWKWARD}\n+++ b/{AWKWARD}\n")
    assert (
        '-- {id: awk-r1, title: "Quoted title", owner: ann, likelihood: 3, impact: 4}\n'
        in result.stdout
    )
    assert (
        '+- {id: awk-r1, title: "Quoted title", owner: ann, likelihood: 1, impact: 2}\n'
        in result.stdout
    )
    assert "nothing was written" in result.stderr
    assert (repo / AWKWARD).read_bytes() == before


# ---- new --------------------------------------------------------------------------------


def test_new_project_goes_beside_its_programme(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "new", "project", "prog-web", "--programme", "prog", "--name", "Web: site",
        "--lead", "ann", "--start", "2011-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/web.yaml: created project prog-web\n"
    assert (repo / "records/web.yaml").read_text() == (
        "kind: project\nid: prog-web\nname: 'Web: site'\nprogramme: prog\nlead: ann\n"
        "start: 2011-01-01\n"
    )
    assert _errors(repo) == []
    again = invoke(runner, repo, "new", "project", "prog-web", "--programme", "prog",
                   "--name", "W", "--lead", "ann")  # fmt: skip
    assert again.exit_code == 2
    assert "id 'prog-web' is already used by a project" in again.stderr


def test_new_programme_and_refusals(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, repo, "new", "programme", "west", "--name", "West", "--lead", "bob")
    assert result.exit_code == 0, result.output
    assert (repo / "records/west/programme.yaml").is_file()
    unknown = invoke(runner, repo, "new", "project", "west-x", "--programme", "wets",
                     "--name", "X", "--lead", "bob")  # fmt: skip
    assert unknown.exit_code == 1
    assert "programme 'wets' does not exist; did you mean 'west'?" in unknown.stderr
    assert not (repo / "records/wets").exists()
    taken = invoke(runner, repo, "new", "programme", "east", "--name", "E", "--lead", "bob",
                   "--file", str(repo / "records/awkward.yaml"))  # fmt: skip
    assert taken.exit_code == 2
    assert "records/awkward.yaml already exists; pmo new never overwrites a file" in taken.stderr
    outside = invoke(runner, repo, "new", "programme", "east", "--name", "E", "--lead", "bob",
                     "--file", str(repo.parent / "east.yaml"))  # fmt: skip
    assert outside.exit_code == 2
    assert "is outside the repository" in outside.stderr
    missing = invoke(runner, repo, "new", "project", "east-a", "--name", "A")
    assert missing.exit_code == 2
    assert "missing required values: --programme, --lead" in missing.stderr


# ---- init --------------------------------------------------------------------------------


def test_init_creates_a_repository_that_validates(tmp_path: Path, runner: CliRunner) -> None:
    dest = tmp_path / "office"
    result = runner.invoke(app, ["init", str(dest), "--name", "CSW: Programme Office"])
    assert result.exit_code == 0, result.output
    for rel in (
        "pmo.yaml", "records/people.yaml", "records/example/programme.yaml",
        "records/example/setup.yaml", "templates/README.md", ".pre-commit-config.yaml",
        ".github/workflows/pmo.yml", ".gitignore",
    ):  # fmt: skip
        assert (dest / rel).is_file(), rel
    checked = validate(dest)
    assert checked.problems == []
    pf = checked.loaded.portfolio
    assert pf.settings.name == "CSW: Programme Office"
    assert (len(pf.programmes), len(pf.projects), len(pf.people)) == (1, 1, 2)
    assert "id: pmo-validate" in (dest / ".pre-commit-config.yaml").read_text()
    assert "run: pmo validate --format github" in (dest / ".github/workflows/pmo.yml").read_text()
    # Edits work in it straight away.
    assert invoke(runner, dest, "done", "example-setup-m1").exit_code == 0


def test_init_refuses_to_overwrite_anything(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already holds .gitignore; pmo init never overwrites anything" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore"]
    assert (tmp_path / ".gitignore").read_text() == "mine\n"


def test_init_settings_list_every_setting_with_its_default(tmp_path: Path) -> None:
    """Uncommenting every setting of the new pmo.yaml gives exactly the defaults."""
    from dataclasses import fields

    from pmo.edit.scaffold import init_repo
    from pmo.records import RiskBands, Settings, Thresholds
    from pmo.schema import validate_as
    from pmo.yamlread import read_text

    init_repo(tmp_path, name="Office")
    text = (tmp_path / "pmo.yaml").read_text()
    uncommented = re.sub(r"(?m)^# ( *[a-z_]+:.*)$", r"\1", text)
    data = read_text(uncommented).data
    settings, problems = validate_as(Settings, data)
    assert problems == []
    assert settings == Settings(name="Office")
    assert set(data) == {f.name for f in fields(Settings)}
    assert set(data["thresholds"]) == {f.name for f in fields(Thresholds)}
    assert set(data["risk_bands"]) == {f.name for f in fields(RiskBands)}


def test_new_dry_run_shows_the_whole_file(repo: Path, runner: CliRunner) -> None:
    result = invoke(
        runner, repo, "new", "programme", "west", "--name", "West", "--lead", "bob", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- /dev/null\n+++ b/records/west/programme.yaml\n@@ -0,0 +1,4 @@\n"
        "+kind: programme\n+id: west\n+name: West\n+lead: bob\n"
    )
    assert not (repo / "records/west").exists()


def test_a_failed_write_is_a_clear_error(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmo.atomic

    def full(path: Path, data: bytes, mode: int | None, durable: bool) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pmo.atomic, "_temporary", full)
    before = (repo / AWKWARD).read_bytes()
    result = invoke(runner, repo, "done", "awk-m3")
    assert result.exit_code == 2
    assert result.stderr == (
        "pmo: error: cannot write the records: [Errno 28] No space left on device\n"
    )
    assert (repo / AWKWARD).read_bytes() == before


def test_edits_of_the_bundled_records_only_add_lines(bundled: Path, runner: CliRunner) -> None:
    import difflib

    errors_before = len(_errors(bundled))
    files = sorted(bundled.rglob("*.yaml"))
    before = {p: p.read_text() for p in files}
    for args in (
        ["update", "csw-adults", "--rag", "amber", "--summary", "Heads of terms: agreed"],
        ["add", "risk", "csw-waste", "--title", "Gate fees rise", "--owner", "jos-parry",
         "--likelihood", "3", "--impact", "3"],
        ["add", "decision", "csw", "--title", "Fund the falls teams", "--by", "cswace"],
    ):  # fmt: skip
        result = invoke(runner, bundled, *args)
        assert result.exit_code == 0, result.output
    changed = [p for p in files if p.read_text() != before[p]]
    assert {p.relative_to(bundled).as_posix() for p in changed} == {
        "records/csw/adults.yaml", "records/csw/waste.yaml", "records/csw/programme.yaml",
    }  # fmt: skip
    for path in changed:
        diff = difflib.ndiff(before[path].splitlines(), path.read_text().splitlines())
        assert not [line for line in diff if line.startswith("- ")], path
    assert len(_errors(bundled)) == errors_before


def test_pmo_interactive_0_never_asks(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["rescore", "awk-r1", "--root", str(repo)],
        input="1\n1\n",
        env={"PMO_INTERACTIVE": "0"},
    )
    assert result.exit_code == 2
    assert "missing required values: --likelihood, --impact" in result.stderr


def test_the_templates_note_names_real_templates(tmp_path: Path) -> None:
    from pmo.edit.scaffold import repository_files

    note = repository_files("Office", dt.date(2011, 1, 1))["templates/README.md"]
    named = re.findall(r"`([a-z-]+\.md\.j2)`", note)
    assert named
    builtin = Path(__file__).resolve().parent.parent / "templates"
    assert [n for n in named if not (builtin / n).is_file()] == []
