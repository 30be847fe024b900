"""Each value type of the records format: ids, dates, money, ratings and scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pmo.types import (
    RAG_ORDER,
    ValueProblem,
    normalise_rag,
    parse_date,
    parse_id,
    parse_money,
    parse_score,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£425k", Decimal("425000")),
        ("£3.6m", Decimal("3600000")),
        ("£1.2bn", Decimal("1200000000")),
        ("£2,013.02m", Decimal("2013020000")),
        ("3,600,000", Decimal("3600000")),
        ("£0.5k", Decimal("500")),
        ("£1,234.56", Decimal("1234.56")),
        ("-£20k", Decimal("-20000")),
        ("£ 425K", Decimal("425000")),
        (425000, Decimal("425000")),
        (Decimal("2013.02"), Decimal("2013.02")),
    ],
)
def test_money_spellings_are_held_exactly(text: object, expected: Decimal) -> None:
    value = parse_money(text)
    assert value == expected
    assert isinstance(value, Decimal)


def test_money_keeps_pence_exactly() -> None:
    assert parse_money("£0.10") + parse_money("£0.20") == Decimal("0.30")


@pytest.mark.parametrize("bad", ["lots", "£1.2x", "1,23", "£", "", True, None, [1], "12,34,567"])
def test_money_rejects_non_amounts(bad: object) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_money(bad)
    assert info.value.code == "invalid-money"


def test_date_must_be_iso_and_real() -> None:
    assert parse_date("2010-10-20") == dt.date(2010, 10, 20)
    assert parse_date(dt.date(2010, 1, 1)) == dt.date(2010, 1, 1)
    for bad in ["20/10/2010", "2010-10-32", "2010-02-30", 20101020, "2010-1-1", None]:
        with pytest.raises(ValueProblem) as info:
            parse_date(bad)
        assert info.value.code == "invalid-date"


def test_id_pattern_and_hint() -> None:
    assert parse_id("csw-adults") == "csw-adults"
    assert parse_id(2010) == "2010"
    assert parse_id("a" * 64) == "a" * 64
    with pytest.raises(ValueProblem, match="did you mean 'csw-adults'"):
        parse_id("CSW Adults")
    for bad in ["-lead", "a" * 65, "a_b", "", "é", 1.5]:
        with pytest.raises(ValueProblem):
            parse_id(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("green", "green"),
        ("Green", "green"),
        ("AMBER", "amber"),
        ("amber/green", "amber-green"),
        ("Amber/Red", "amber-red"),
        ("amber-red", "amber-red"),
        (" red ", "red"),
    ],
)
def test_rag_spellings(text: str, expected: str) -> None:
    assert normalise_rag(text) == expected


def test_rag_rejects_other_words() -> None:
    for bad in ["purple", "", None, 3, "amber green red"]:
        with pytest.raises(ValueProblem):
            normalise_rag(bad)


def test_five_point_scale_order() -> None:
    order = sorted(RAG_ORDER, key=RAG_ORDER.__getitem__)
    assert order == ["green", "amber-green", "amber", "amber-red", "red"]


def test_score_is_whole_one_to_five() -> None:
    assert [parse_score(n) for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert parse_score(Decimal("3.0")) == 3
    for bad in [0, 6, Decimal("2.5"), "3", True, None]:
        with pytest.raises(ValueProblem):
            parse_score(bad)
