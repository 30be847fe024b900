"""`pmo validate` and `pmo schema` through the CLI: formats, exit codes, discovery, misuse."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from pmo.cli import app
from pmo.load import record_files
from pmo.yamlread import read_bytes

EXAMPLES = Path(__file__).resolve().parent / "examples"
UNKNOWN_REF = EXAMPLES / "invalid" / "unknown-reference"


@pytest.fixture
def chdir(tmp_path: Path) -> Iterator[None]:
    old = Path.cwd()
    yield
    os.chdir(old)


def test_bundled_records_validate_without_errors(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["validate", "--root", str(bundled)])
    assert result.exit_code == 0, result.stdout
    assert ": error: " not in result.stdout
    assert "0 errors" in result.stderr


def test_text_format_is_path_line_col(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--root", str(UNKNOWN_REF)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("records/a.yaml:4:12: error: unknown-reference ")
    assert "did you mean 'prog'?" in first
    assert result.stderr.strip() == "11 errors, 0 warnings in 4 files"


def test_json_format(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", "--root", str(UNKNOWN_REF)])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert len(problems) == 11
    assert problems[0] == {
        "path": "records/a.yaml",
        "line": 4,
        "column": 12,
        "severity": "error",
        "code": "unknown-reference",
        "message": "programme 'progr' does not exist; did you mean 'prog'?",
    }


def test_github_format(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "github", "--root", str(UNKNOWN_REF)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == (
        "::error file=records/a.yaml,line=4,col=12,title=unknown-reference::"
        "programme 'progr' does not exist; did you mean 'prog'?"
    )


def test_strict_makes_warnings_fail(runner: CliRunner) -> None:
    repo = str(EXAMPLES / "invalid" / "warnings-only")
    assert runner.invoke(app, ["validate", "--root", repo]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict", "--root", repo]).exit_code == 1


def test_as_of_moves_the_reporting_date(runner: CliRunner) -> None:
    repo = str(EXAMPLES / "invalid" / "warnings-only")
    result = runner.invoke(app, ["validate", "--strict", "--as-of", "2010-10-15", "--root", repo])
    assert result.exit_code == 0, result.stdout


def test_finds_root_by_walking_up(runner: CliRunner, bundled: Path, chdir: None) -> None:
    os.chdir(bundled / "records" / "csw")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert f"in {len(record_files(bundled))} files" in result.stderr


def test_no_repository_is_misuse(runner: CliRunner, tmp_path: Path, chdir: None) -> None:
    os.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "no records repository found" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "xml", "--root", str(UNKNOWN_REF)],
        ["validate", "--root", "/no/such/folder"],
        ["validate", "--as-of", "20/10/2010", "--root", str(UNKNOWN_REF)],
        ["validate", "--no-such-option"],
        ["schema", "projet"],
        ["no-such-command"],
    ],
)
def test_misuse_exits_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_schema_unknown_kind_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "projet"])
    assert "did you mean 'project'?" in result.stderr


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_schema_accepts_every_bundled_record(runner: CliRunner, bundled: Path) -> None:
    """What editors check as people type agrees with pmo: every bundled file is schema-valid."""
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    files = record_files(bundled)
    assert files
    for path in files:
        data = _jsonable(read_bytes(path.read_bytes()).data)
        errors = list(validator.iter_errors(data))
        assert errors == [], (path, errors[:1])


def test_schema_rejects_unknown_key(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema", "project"]).stdout)
    record = {"kind": "project", "id": "p", "name": "P", "programme": "x", "lead": "a"}
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "leed": "a"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "id": "Not An Id"}, schema)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (  # a typo in a project: one error, naming the key (not "'programme' was expected")
            {"kind": "project", "id": "p", "name": "P", "programme": "x", "lead": "a",
             "budgett": 3},
            "Additional properties are not allowed ('budgett' was unexpected)",
        ),
        (
            {"kind": "programme", "id": "p", "name": "P", "lead": "a", "start": "01/04/2010"},
            "'01/04/2010' is not valid",
        ),
        ({"kind": "projet", "id": "p"}, "'projet' is not one of ['programme', 'project', "),
        ({"id": "p"}, "'kind' is a required property"),
    ],
)  # fmt: skip
def test_the_record_schema_picks_the_branch_by_kind(
    runner: CliRunner, record: dict[str, Any], message: str
) -> None:
    """Editors and check-jsonschema say what is wrong with the record as the kind it is."""
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    (error,) = jsonschema.Draft202012Validator(schema).iter_errors(record)
    assert error.message.startswith(message), error.message


def test_settings_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema", "settings"]).stdout)
    jsonschema.validate({"name": "Office", "rag_scale": "five", "as_of": "2010-10-20"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rag_scale": "seven"}, schema)
