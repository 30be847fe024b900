"""The formatters at their edges: each scale, rounding and style of money, percentages,
numbers, dates, ratings and trends; and the one Scope every report filters by."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pmo import formats
from pmo.portfolio import Portfolio
from pmo.records import Programme, Project
from pmo.scope import Scope, programme_of, select, unknown_ids

D = Decimal


@pytest.mark.parametrize(
    ("value", "currency", "style", "expected"),
    [
        (D("999.5"), "GBP", "full", "£1,000"),  # halves round up
        (D("999.49"), "GBP", "full", "£999"),
        (D(-1234567), "GBP", "full", "-£1,234,567"),
        (0, "GBP", "full", "£0"),
        (D(999), "GBP", "short", "£999"),
        (D("999.5"), "GBP", "short", "£1,000"),
        (D(1000), "GBP", "short", "£1k"),
        (D(425499), "GBP", "short", "£425k"),
        (D(999_499), "GBP", "short", "£999k"),
        (D(999_500), "GBP", "short", "£1m"),  # rounds to a thousand thousand: a million
        (D(999_999), "GBP", "brief", "£1m"),
        (D(999_994), "GBP", "brief", "£999.99k"),
        (D(999_950_000), "GBP", "short", "£1bn"),
        (D(999_949_999), "GBP", "short", "£999.9m"),
        (D(1_000_000), "GBP", "short", "£1m"),
        (D(1_250_000), "GBP", "short", "£1.3m"),  # one place, halves up
        (D(1_240_000), "GBP", "short", "£1.2m"),
        (D(10**9), "USD", "short", "$1bn"),
        (D(2_500_000_000), "EUR", "short", "€2.5bn"),
        (D(950), "GBP", "brief", "£950"),
        (D("950.50"), "GBP", "brief", "£950.5"),
        (D(1500), "GBP", "brief", "£1.5k"),
        (D(1_155_000), "GBP", "brief", "£1.16m"),
        (D(-1_155_000), "CHF", "brief", "-CHF 1.16m"),
        (D(3_000_000_000), "GBP", "brief", "£3bn"),
        (None, "GBP", "full", "–"),
        ("", "GBP", "full", "–"),
    ],
)
def test_money(value: object, currency: str, style: str, expected: str) -> None:
    assert formats.money(value, currency, style) == expected


def test_money_signed_and_refused() -> None:
    assert formats.money(D(25000), signed=True) == "+£25,000"
    assert formats.money(D(-25000), signed=True) == "-£25,000"
    assert formats.money(0, signed=True) == "£0"
    assert formats.money(1, signed=True) == "+£1"  # the smallest increase is signed
    assert formats.money(1.5, style="brief") == "£1.5"
    with pytest.raises(ValueError, match="money style must be 'full', 'short' or 'brief'"):
        formats.money(1, style="long")
    with pytest.raises(ValueError, match="money needs an amount, not bool"):
        formats.money(True)
    with pytest.raises(ValueError, match="money needs an amount, not str"):
        formats.money("12")
    assert formats.symbol("GBP") == "£" and formats.symbol("JPY") == "JPY "


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (D("4.25"), True, "+4.3%"),
        (D("4.24"), True, "+4.2%"),
        (D("-4.25"), True, "-4.3%"),
        (0, True, "0.0%"),
        (D("0.04"), True, "0.0%"),  # rounds to nothing: no sign
        (D("0.05"), True, "+0.1%"),
        (12, False, "12.0%"),
        (None, True, "–"),
    ],
)
def test_percent(value: object, signed: bool, expected: str) -> None:
    assert formats.percent(value, signed=signed) == expected


def test_ratios_and_exact_amounts() -> None:
    assert formats.ratio_pct(D(1), D(3)) == D("33.3")
    assert formats.ratio_pct(D(2), D(3)) == D("66.7")
    assert formats.ratio_pct(D(-1), D(8)) == D("-12.5")
    assert formats.ratio_pct(D(5), D(0)) is None
    assert formats.ratio(D("4.95")) == "5:1"
    assert formats.ratio(D("4.94")) == "4.9:1"
    assert formats.ratio(D("0.25")) == "0.3:1"
    assert formats.exact(D("-0.50")) == "-0.50"
    assert formats.ratio(3) == "3:1" and formats.ratio(None) == "–"
    with pytest.raises(ValueError, match=r"^ratio needs an amount, not str$"):
        formats.ratio("4")


@pytest.mark.parametrize(
    ("count", "expected"),
    [(-2, "-2 days"), (-1, "-1 day"), (0, "no change"), (1, "+1 day"), (2, "+2 days")],
)
def test_shift_around_no_change(count: int, expected: str) -> None:
    assert formats.shift(count) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1250.00"), "1,250"),
        (D(-1250), "-1,250"),
        (D("1234.5"), "1,234.5"),
        (D("-1234.05"), "-1,234.05"),
        (D("0.5"), "0.5"),
        (7, "7"),
        (None, "–"),
    ],
)
def test_number(value: object, expected: str) -> None:
    assert formats.number(value) == expected


def test_quantity() -> None:
    assert formats.quantity(D(120), "homes", "GBP") == "120 homes"
    assert formats.quantity(D(1500), None, "USD") == "$1.5k"
    assert formats.quantity(D(1500), None, "USD", "full") == "$1,500"
    assert formats.quantity(None, "homes", "GBP") == ""


@pytest.mark.parametrize(
    ("style", "expected"),
    [("long", "5 March 2010"), ("short", "5 Mar 2010"), ("month", "March 2010"),
     ("iso", "2010-03-05")],
)  # fmt: skip
def test_date(style: str, expected: str) -> None:
    assert formats.date(dt.date(2010, 3, 5), style) == expected


def test_date_refused_and_iso() -> None:
    with pytest.raises(ValueError, match="date style must be"):
        formats.date(dt.date(2010, 3, 5), "us")
    with pytest.raises(ValueError, match="date needs a date, not str"):
        formats.date("2010-03-05")
    assert formats.date(None, "iso") == "–"
    assert formats.iso(dt.date(2010, 3, 5)) == "2010-03-05"
    assert formats.iso(None) is None


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("amber-green", "label", "AMBER/GREEN"),
        ("amber-green", "circle", "🟡 AMBER/GREEN"),
        ("amber", "circle", "🟠 AMBER"),
        ("amber-red", "circle", "🟤 AMBER/RED"),
        ("green", "circle", "🟢 GREEN"),
        ("red", "word", "Red"),
        ("amber-red", "word", "Amber/Red"),
        ("blue", "circle", "⚪ BLUE"),
        (None, "circle", "–"),
        ("", "word", "–"),
    ],
)
def test_rating(value: object, style: str, expected: str) -> None:
    assert formats.rating(value, style) == expected


def test_rating_style_refused() -> None:
    with pytest.raises(ValueError, match="rating style must be 'label', 'circle' or 'word'"):
        formats.rating("red", "colour")


@pytest.mark.parametrize(
    ("value", "words", "arrow"),
    [("up", "↑ improving", "↑"), ("down", "↓ worsening", "↓"), ("same", "→ no change", "→"),
     (None, "–", ""), ("sideways", "–", "")],
)  # fmt: skip
def test_trend(value: str | None, words: str, arrow: str) -> None:
    assert formats.trend(value) == words
    assert formats.trend(value, "arrow") == arrow


def test_plural_and_days() -> None:
    assert formats.plural(0, "risk") == "0 risks"
    assert formats.plural(1, "risk") == "1 risk"
    assert formats.plural(2, "child", "children") == "2 children"
    assert formats.plural(1, "child", "children") == "1 child"
    assert (formats.days(0), formats.days(1), formats.days(2)) == ("0 days", "1 day", "2 days")


# --- scope ---------------------------------------------------------------------------------


def portfolio() -> Portfolio:
    pf = Portfolio(root=Path("."))
    for id_, lead in (("p2", "ann"), ("p1", "bob")):
        pf.programmes[id_] = Programme(kind="programme", id=id_, name=id_, lead=lead)
    projects = [("x", "p1", "ann"), ("y", "p2", "bob"), ("z", "gone", "ann"), ("w", "p2", "ann")]
    for id_, programme, lead in projects:
        pf.projects[id_] = Project(kind="project", id=id_, name=id_, programme=programme,
                                   lead=lead)  # fmt: skip
    from pmo.records import Person

    pf.people["ann"] = Person(id="ann", name="Ann")
    pf.people["bob"] = Person(id="bob", name="Bob")
    return pf


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(), ["p2", "p1", "y", "w", "x", "z"]),  # programmes as loaded, projects grouped
        (Scope(programme="p2"), ["p2", "y", "w"]),
        (Scope(project="w"), ["w"]),
        (Scope(programme="p2", project="x"), []),
        (Scope(ids=("p1", "w")), ["p1", "w", "x"]),
        (Scope(ids=("z",)), ["z"]),
        (Scope(lead="ann"), ["p2", "w", "x", "z"]),
        (Scope(programme="p2", lead="bob"), ["y"]),
        (Scope(owner="ann"), ["p2", "p1", "y", "w", "x", "z"]),  # owner filters items only
    ],
)
def test_select(scope: Scope, expected: list[str]) -> None:
    assert [w.id for w in select(portfolio(), scope)] == expected


def test_scope_owns_describes_and_names_unknown_ids() -> None:
    assert Scope().owns(None) and Scope().owns("ann")
    assert Scope(owner="ann").owns("ann") and not Scope(owner="ann").owns("bob")
    assert not Scope(owner="ann").owns(None)
    assert Scope().describe() == ""
    assert Scope(ids=("a", "b"), lead="ann").describe() == "a, b, lead ann"
    assert Scope(project="x", programme="p1", owner="bob").describe() == (
        "project x, programme p1, owner bob"
    )
    pf = portfolio()
    assert programme_of(pf.projects["x"]) == "p1" and programme_of(pf.programmes["p2"]) == "p2"
    assert unknown_ids(pf, Scope(project="x", programme="p1", lead="ann", owner="bob")) is None
    assert unknown_ids(pf, Scope(project="q")) == ("--project", "q", ["w", "x", "y", "z"])
    assert unknown_ids(pf, Scope(programme="p9")) == ("--programme", "p9", ["p1", "p2"])
    assert unknown_ids(pf, Scope(lead="cat")) == ("--lead", "cat", ["ann", "bob"])
    assert unknown_ids(pf, Scope(owner="cat")) == ("--owner", "cat", ["ann", "bob"])
    # The first unknown is named, in the order the options are listed.
    assert unknown_ids(pf, Scope(project="q", programme="p9"))[:2] == ("--project", "q")  # type: ignore[index]


@pytest.mark.parametrize(
    ("amount", "expected"), [(425499, "£425k"), (425500, "£426k"), (999, "£999"), (1000, "£1k")]
)
def test_short_thousands_round_half_up(amount: int, expected: str) -> None:
    assert formats.money(D(amount), style="short") == expected


@pytest.mark.parametrize("name", ["money", "percent", "ratio", "number"])
def test_a_formatter_given_no_amount_says_which_it_is(name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} needs an amount, not str$"):
        getattr(formats, name)("4")


@pytest.mark.parametrize("style", ["full", "short"])
def test_an_amount_shown_as_zero_has_no_sign(style: str) -> None:
    assert formats.money(Decimal("0.4"), style=style, signed=True) == "£0"
    assert formats.money(Decimal("-0.4"), style=style, signed=True) == "£0"
    assert formats.money(Decimal("0.6"), style=style, signed=True) == "+£1"
    assert formats.money(Decimal("-0.6"), style=style) == "-£1"


@pytest.mark.parametrize(
    ("unit", "one"),
    [
        ("homes", "home"),
        ("Homes", "Home"),
        ("PROPERTIES", "PROPERTY"),
        ("properties", "property"),
        ("boxes", "box"),
        ("watches", "watch"),
        ("dishes", "dish"),
        ("classes", "class"),
        ("businesses", "business"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("class", "class"),
        ("ks", "ks"),
        ("kg", "kg"),
        ("series", "series"),
        ("Premises", "Premises"),
        ("fixes", "fix"),
        ("waltzes", "waltz"),
        ("buzzes", "buzz"),
        ("prizes", "prize"),
        ("buses", "bus"),
        ("bonuses", "bonus"),
        ("houses", "house"),
        ("causes", "cause"),
        ("uses", "use"),
        ("gas", "gas"),
        ("sizes", "size"),
        ("kms", "km"),
        ("TV series", "TV series"),
        ("FTEs", "FTE"),
        ("care homes", "care home"),
        ("hours of support", "hours of support"),
        ("visits per week", "visits per week"),
        ("school places", "school place"),
        ("new  places", "new  place"),
    ],
)
def test_the_singular_of_a_unit(unit: str, one: str) -> None:
    assert formats.singular(unit) == one
