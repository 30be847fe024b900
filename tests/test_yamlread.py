"""The safe YAML reader: plain data, exact numbers, and a located problem for hostile input."""

from __future__ import annotations

from decimal import Decimal

from pmo.yamlread import MAX_DEPTH, MAX_FILE_BYTES, read_bytes, read_text


def codes(text: str) -> list[str]:
    return [p.code for p in read_text(text).problems]


def test_core_schema_scalars() -> None:
    data = read_text(
        "a: 1\nb: 2.50\nc: ~\nd: null\ne: true\nf: no\ng: '3'\nh: 2010-01-01\ni: 007\nj:\n"
    ).data
    assert data == {
        "a": 1,
        "b": Decimal("2.50"),
        "c": None,
        "d": None,
        "e": True,
        "f": "no",
        "g": "3",
        "h": "2010-01-01",
        "i": 7,
        "j": None,
    }


def test_keys_are_text() -> None:
    assert read_text("2010: a\ntrue: b\n").data == {"2010": "a", "true": "b"}


def test_duplicate_key_is_located() -> None:
    problems = read_text("a: 1\nb: 2\na: 3\n").problems
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "duplicate-key")]


def test_anchor_and_alias_rejected() -> None:
    assert codes("a: &x 1\nb: *x\n") == ["yaml-anchor", "yaml-alias"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    result = read_text("\n".join(lines) + "\n")
    assert result.data is None
    assert "yaml-alias" in [p.code for p in result.problems]


def test_any_tag_rejected() -> None:
    for text in [
        "a: !!str 3\n",
        "a: !custom x\n",
        "a: !!python/object:os.system {}\n",
        "!!map {}\n",
    ]:
        assert "yaml-tag" in codes(text), text


def test_tab_indentation_named() -> None:
    problems = read_text("a:\n\t- b\n").problems
    assert [(p.line, p.code) for p in problems] == [(2, "yaml-tab")]


def test_syntax_error_located() -> None:
    problems = read_text("a: [1, 2\nb: 3\n").problems
    assert len(problems) == 1
    assert problems[0].code == "yaml-syntax"
    assert problems[0].line == 2


def test_bom_and_crlf_are_fine() -> None:
    result = read_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    assert result.problems == []
    assert result.data == {"a": 1, "b": "x"}


def test_invalid_utf8_located() -> None:
    problems = read_bytes(b"a: ok\nb: caf\xe9\n").problems
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 7, "encoding")]


def test_nesting_is_bounded() -> None:
    # The top-level mapping is the first level.
    inner = MAX_DEPTH - 1
    assert read_text("a: " + "[" * inner + "]" * inner).problems == []
    deeper = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert codes(deeper) == ["too-deep"]
    absurd = "[" * 100_000
    assert codes(absurd) == ["too-deep"]


def test_huge_file_refused_before_parsing() -> None:
    result = read_bytes(b"a: " + b"x" * MAX_FILE_BYTES)
    assert [p.code for p in result.problems] == ["file-too-large"]


def test_one_document_per_file() -> None:
    assert codes("a: 1\n---\nb: 2\n") == ["multiple-documents"]


def test_empty_and_comment_only_give_no_data() -> None:
    for text in ["", "# just a comment\n", "---\n"]:
        result = read_text(text)
        assert result.data is None
        assert result.problems == []


def test_locations_of_keys_and_values() -> None:
    result = read_text("kind: project\nrisks:\n  - id: r1\n    likelihood: 3\n", locate=True)
    assert result.locations is not None and result.key_locations is not None
    assert result.locations[("risks", 0, "likelihood")] == (4, 17)
    assert result.key_locations[("risks", 0, "likelihood")] == (4, 5)
    assert result.locations[("risks", 0)] == (3, 5)
