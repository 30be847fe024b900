"""Resource bounds (docs/reference.md, "Limits"): accepted at each limit, refused beyond it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo.source
from pmo.cli import app
from pmo.schema import validate_record
from pmo.types import DATE_MAX, MONEY_LIMIT, ValueProblem, parse_date, parse_money, parse_score
from pmo.validate import validate
from pmo.yamlread import MAX_DEPTH, MAX_FILE_BYTES, MAX_INT_DIGITS, MAX_NODES, read_bytes, read_text

BOARD = "kind: board\nid: b1\nname: Board\n"


def codes(text: str) -> list[str]:
    return [p.code for p in read_text(text).problems]


def nested(depth: int) -> str:
    """A file whose deepest value sits ``depth`` levels down (the top mapping is level 1)."""
    return "x: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_largest_file_is_accepted_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    description = "a" * (MAX_FILE_BYTES - len(BOARD) - len("description: \n"))
    at_limit = (BOARD + f"description: {description}\n").encode()
    assert len(at_limit) == MAX_FILE_BYTES
    result = read_bytes(at_limit)
    assert result.problems == [] and result.data["description"] == description
    over = read_bytes(at_limit + b"\n")
    assert [p.code for p in over.problems] == ["file-too-large"]
    assert over.data is None
    assert f"at most {MAX_FILE_BYTES:,} bytes" in over.problems[0].message


def test_too_large_file_is_an_error_located_in_it(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "big.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    result = CliRunner().invoke(app, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "records/big.yaml:1:1: error: file-too-large" in result.output


def test_deepest_nesting_is_accepted_and_one_level_more_is_refused() -> None:
    assert codes(nested(MAX_DEPTH)) == []
    deeper = read_text(nested(MAX_DEPTH + 1))
    assert [p.code for p in deeper.problems] == ["too-deep"]
    assert (deeper.problems[0].line, deeper.problems[0].column) == (1, 4 + MAX_DEPTH - 1)
    assert deeper.data is None


def test_block_nesting_counts_the_same() -> None:
    lines = [f"{'  ' * i}k{i}:" for i in range(MAX_DEPTH)]
    assert codes("\n".join(lines) + " 1\n") == []
    lines = [f"{'  ' * i}k{i}:" for i in range(MAX_DEPTH + 1)]
    assert codes("\n".join(lines) + " 1\n") == ["too-deep"]


def test_most_values_in_a_file_are_accepted_and_one_more_is_refused() -> None:
    # The top-level list is one value; it holds the rest.
    assert codes("[" + "1," * (MAX_NODES - 2) + "1]") == []
    over = read_text("[" + "1," * (MAX_NODES - 1) + "1]")
    assert [p.code for p in over.problems] == ["too-many-values"]
    assert over.data is None
    assert f"more than {MAX_NODES:,} values" in over.problems[0].message


def test_most_record_files_are_read_and_more_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pmo.source, "MAX_FILES", 3)
    (tmp_path / "records").mkdir()
    for i in range(3):
        (tmp_path / "records" / f"b{i}.yaml").write_text(f"kind: board\nid: b{i}\nname: B\n")
    assert validate(tmp_path).problems == []
    (tmp_path / "records" / "b3.yaml").write_text("kind: board\nid: b3\nname: B\n")
    result = validate(tmp_path)
    assert [(p.path, p.code) for p in result.problems] == [("records", "too-many-files")]
    assert "4 record files; pmo reads at most 3" in result.problems[0].message
    assert result.files == 3
    cli = CliRunner().invoke(app, ["validate", "--root", str(tmp_path)])
    assert cli.exit_code == 1


# Bugs found by fuzzing (tests/fuzz-regressions/ holds the inputs), with their limits.


def test_whole_number_too_long_for_python_is_read_as_text() -> None:
    digits = "7" * (MAX_INT_DIGITS + 1)
    result = read_text(f"a: {digits}\nb: {digits[:-1]}\n")
    assert result.problems == []  # was a misleading yaml-syntax error at 1:1
    assert result.data["a"] == digits
    assert result.data["b"] == int(digits[:-1])


@pytest.mark.parametrize("value", ["1e999999999", "1e-999999999", "0.1234567", "1e15", "-1e15"])
def test_money_beyond_its_limits_is_refused(value: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        parse_money(read_text(f"x: {value}").data["x"])
    assert problem.value.code == "invalid-money"


def test_money_at_its_limits_is_held_exactly() -> None:
    top = MONEY_LIMIT - Decimal("0.000001")
    assert parse_money(top) == top
    assert parse_money(-top) == -top
    assert parse_money("£999999999.999999") == Decimal("999999999.999999")
    assert str(parse_money(Decimal("1.50000000"))) == "1.500000"  # bounded digits


@pytest.mark.parametrize("value", ["1e999999999", "-1e999999999", "5.0000000001", "1e-999999999"])
def test_score_of_a_huge_or_fractional_number_is_refused_at_once(value: str) -> None:
    # int(Decimal("1e999999999")) never finished: validating such a likelihood hung.
    with pytest.raises(ValueProblem) as problem:
        parse_score(read_text(f"x: {value}").data["x"])
    assert problem.value.code == "invalid-score"
    assert len(problem.value.message) < 100


def test_money_spelt_with_a_huge_number_and_a_multiplier_is_refused() -> None:
    # Decimal("9" * 2_000_000) * 1000 overflowed the decimal context: an exception, not a problem.
    with pytest.raises(ValueProblem):
        parse_money("£" + "9" * 2_000_000 + "k")


def test_unknown_key_is_named_with_a_suggestion() -> None:
    # pydantic reports a dataclass's unknown key as "unexpected_keyword_argument": it was
    # shown as "invalid-value ... Unexpected keyword argument" with no suggestion.
    _, problems = validate_record({"kind": "board", "id": "b", "name": "n", "chiar": "ann"})
    assert [(p.path, p.code, p.at_key) for p in problems] == [(("chiar",), "unknown-key", True)]
    assert problems[0].message == "unknown key 'chiar' in a board; did you mean 'chair'?"


def test_unknown_key_message_is_bounded() -> None:
    record, problems = validate_record({"kind": "board", "id": "b", "name": "n", "k" * 10**6: 1})
    assert record is None
    assert [p.code for p in problems] == ["unknown-key"]
    assert len(problems[0].message) < 200


@pytest.mark.parametrize(
    ("text", "ok"),
    [("1900-01-01", True), ("2999-12-31", True), ("1899-12-31", False), ("3000-01-01", False)],
)
def test_dates_are_accepted_from_1900_to_2999(text: str, ok: bool) -> None:
    for value in (text, dt.date.fromisoformat(text)):
        if ok:
            assert parse_date(value) == dt.date.fromisoformat(text)
        else:
            with pytest.raises(ValueProblem, match="write null for no date"):
                parse_date(value)


def test_paper_at_the_last_date_renders_and_beyond_it_is_an_error(tmp_path: Path) -> None:
    # A meeting on 9999-12-01 crashed `pmo paper` (its next meeting is in year 10000).
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "p.yaml").write_text("kind: people\npeople: [{id: ann, name: Ann}]\n")
    (tmp_path / "records" / "b.yaml").write_text("kind: board\nid: b\nname: B\nmeets: yearly\n")
    paper = "kind: paper\nid: x\nboard: b\nmeeting: {}\ntitle: T\n"
    runner = CliRunner()
    (tmp_path / "records" / "x.yaml").write_text(paper.format(DATE_MAX))
    assert runner.invoke(app, ["paper", "x", "--root", str(tmp_path)]).exit_code == 0
    (tmp_path / "records" / "x.yaml").write_text(paper.format("9999-12-01"))
    result = runner.invoke(app, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "records/x.yaml:4:10: error: invalid-date 9999-12-01 is outside" in result.output
    assert not isinstance(
        runner.invoke(app, ["paper", "x", "--root", str(tmp_path)]).exception, ValueError
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--as-of", "2999-12-31", "--within", "36500"], 0),
        (["--as-of", "1900-01-01", "--within", "0"], 0),
        (["--as-of", "3000-01-01"], 2),
        (["--within", "36501"], 2),
    ],
)
def test_report_dates_and_windows_stay_within_the_calendar(
    tmp_path: Path, args: list[str], code: int
) -> None:
    (tmp_path / "records").mkdir()
    result = CliRunner().invoke(app, ["milestones", *args, "--root", str(tmp_path)])
    assert not isinstance(result.exception, OverflowError)
    assert result.exit_code == code, result.output


def test_dump_never_writes_anchors_for_shared_values() -> None:
    # One date object used twice was written as '&id001 1900-01-01' ... '*id001'.
    from pmo.dump import dumps_data

    day = dt.date(1900, 1, 1)
    text = dumps_data({"a": day, "b": day, "c": [1], "d": None})
    assert "&" not in text and "*" not in text
    assert read_text(text).data == {"a": "1900-01-01", "b": "1900-01-01", "c": [1], "d": None}


def test_a_dry_run_edit_writes_nothing_not_even_the_lock(tmp_path: Path) -> None:
    # `pmo rescore ... --dry-run` created .pmo.lock in the repository (found by the
    # "no command writes anything" property).
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "p.yaml").write_text("kind: people\npeople: [{id: ann, name: Ann}]\n")
    (tmp_path / "records" / "w.yaml").write_text(
        "kind: programme\nid: w\nname: W\nlead: ann\n"
        "risks: [{id: r1, title: R, owner: ann, likelihood: 3, impact: 3}]\n"
    )
    before = sorted(p.name for p in tmp_path.rglob("*"))
    args = ["rescore", "r1", "--likelihood", "1", "--impact", "1", "--dry-run"]
    result = CliRunner().invoke(app, [*args, "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
