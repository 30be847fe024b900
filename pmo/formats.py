"""How values read to people: money, percentages, numbers, dates, ratings, trends, counts.

The only formatters in pmo: reasons, tables, ``pmo show`` and the template filters
(:mod:`pmo.templating`) all call these, so a figure reads the same everywhere. Money
takes the portfolio's currency (``currency:`` in pmo.yaml).

>>> money(Decimal(1234567)), money(Decimal(1234567), "USD", "short")
('£1,234,567', '$1.2m')
>>> money(Decimal(1150000), style="brief"), money(Decimal(-1500), "EUR", "brief")
('£1.15m', '-€1.5k')
>>> percent(Decimal("4.25")), date(dt.date(2008, 1, 14)), rating("amber-green")
('+4.3%', '14 January 2008', 'AMBER/GREEN')
>>> days(1), plural(3, "project"), plural(1, "risk")
('1 day', '3 projects', '1 risk')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

#: What "nothing" reads as in a table or a paper.
NONE = "–"

#: Currency code → symbol written before the amount (others: the code and a space).
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}

_SCALES = ((Decimal(10**9), "bn"), (Decimal(10**6), "m"), (Decimal(1000), "k"))


def symbol(currency: str) -> str:
    """The prefix of an amount: ``£`` for GBP, ``CHF `` for a currency without a symbol."""
    return SYMBOLS.get(currency, f"{currency} ")


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    raise ValueError(f"{what} needs an amount, not {type(value).__name__}")


#: Room for any ratio of two amounts of money (the default 28 digits could overflow).
_WIDE = Context(prec=60)
_PLACES = [Decimal(1).scaleb(-places) for places in range(4)]


def _round(amount: Decimal, places: int) -> Decimal:
    step = _PLACES[places] if places < len(_PLACES) else Decimal(1).scaleb(-places)
    return amount.quantize(step, rounding=ROUND_HALF_UP, context=_WIDE)


def _trim(amount: Decimal, places: int) -> str:
    text = f"{_round(amount, places):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(
    value: object, currency: str = "GBP", style: str = "full", *, signed: bool = False
) -> str:
    """An amount in the portfolio currency; nothing (None) is "–".

    Styles: ``full`` £1,234,567 (whole units); ``short`` £1.2m, £425k, £950 (papers);
    ``brief`` £1.15m, £135k, £950.5 (reasons and ``pmo show``: up to two decimals).
    ``signed`` writes a plus sign on increases (variances).

    >>> money(Decimal("-12500.4")), money(25000, signed=True), money(3750000, style="short")
    ('-£12,500', '+£25,000', '£3.8m')
    >>> money(None), money(Decimal(950), style="brief"), money(135000, "CHF", "brief")
    ('–', '£950', 'CHF 135k')
    >>> money(999999, style="short"), money(999999, style="brief"), money(999499, style="short")
    ('£1m', '£1m', '£999k')
    >>> money(Decimal("0.4"), signed=True), money(Decimal("-0.4"))  # no sign on what shows 0
    ('£0', '£0')
    """
    if value is None or value == "":
        return NONE
    amount = _decimal(value, "money")
    text = _unsigned_money(abs(amount), symbol(currency), style)
    if not any(c in "123456789" for c in text.removeprefix(symbol(currency))):
        return text
    return ("-" if amount < 0 else "+" if signed and amount > 0 else "") + text


def _unsigned_money(amount: Decimal, prefix: str, style: str) -> str:
    if style == "full":
        return f"{prefix}{int(_round(amount, 0)):,}"
    if style not in ("short", "brief"):
        raise ValueError(f"money style must be 'full', 'short' or 'brief', not {style!r}")
    for i, (size, suffix) in enumerate(_SCALES):
        if amount >= size:
            places = 2 if style == "brief" else 0 if suffix == "k" else 1
            if i and _round(amount / size, places) >= 1000:  # £999,999 is £1m, not £1,000k
                size, suffix = _SCALES[i - 1]
            scaled = amount / size
            if style == "brief":
                text = f"{_round(scaled, 2).normalize():f}"
            elif suffix == "k":
                text = f"{int(_round(scaled, 0)):,}"
            else:
                text = _trim(scaled, 1)
            return f"{prefix}{text}{suffix}"
    text = f"{amount.normalize():f}" if style == "brief" else f"{int(_round(amount, 0)):,}"
    return f"{prefix}{text}"


def quantity(value: Decimal | None, unit: str | None, currency: str, style: str = "brief") -> str:
    """A benefit's amount: money in the currency, or a number in its own ``unit``.

    >>> quantity(Decimal("120.0"), "homes", "GBP"), quantity(Decimal(2e5), None, "GBP")
    ('120 homes', '£200k')
    >>> quantity(Decimal(1), "stars", "GBP"), quantity(Decimal(1), "properties", "GBP")
    ('1 star', '1 property')
    """
    if value is None:
        return ""
    return counted(value, unit) if unit else money(value, currency, style)


def counted(value: Decimal | None, unit: str) -> str:
    """A number in its ``unit``, singular for one: ``1 star``, ``2 stars``; nothing is "–"."""
    if value is None:
        return NONE
    return f"{number(value)} {singular(unit) if abs(value) == 1 else unit}"


#: Units written in the plural that are the same in the singular.
_SAME = frozenset({"series", "species", "news", "means", "premises", "headquarters", "gas"})


def singular(unit: str) -> str:
    """A unit written in the plural (as records give it) for a count of one.

    >>> [singular(u) for u in ("homes", "businesses", "properties", "kg", "series", "FTEs")]
    ['home', 'business', 'property', 'kg', 'series', 'FTE']
    """
    *head, last = unit.split(" ")
    word = last.lower()
    if word in _SAME or len(word) < 3 or not word.endswith("s"):
        return unit
    if word.endswith(("ss", "us", "is")):
        return unit
    if word.endswith("ies"):
        last = last[:-3] + ("Y" if last.endswith("IES") else "y")
    elif _adds_es(word):
        last = last[:-2]
    else:
        last = last[:-1]
    return " ".join([*head, last])


def _adds_es(word: str) -> bool:
    """Is the plural ``word`` its singular and "es" (boxes, buses, waltzes), not "s" (houses,
    sizes)?"""
    if word.endswith(("sses", "shes", "ches", "xes")):
        return True
    for end in ("uses", "zes"):
        if word.endswith(end):
            before = word[-len(end) - 1 : -len(end)]  # "" (in every string) for "uses"
            return before not in "aeiou"
    return False


def percent(value: object, *, signed: bool = True) -> str:
    """A percentage to one decimal place, halves rounded up: ``+4.2%``; nothing is "–".

    >>> percent(Decimal("4.166")), percent(-10), percent(0), percent(Decimal("13.35"), signed=False)
    ('+4.2%', '-10.0%', '0.0%', '13.4%')
    """
    if value is None:
        return NONE
    amount = _round(_decimal(value, "percent"), 1)
    sign = "+" if signed and amount > 0 else ""
    return f"{sign}{amount:f}%"


def ratio_pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal place; None when ``whole`` is 0.

    >>> ratio_pct(Decimal(53000), Decimal(750000)), ratio_pct(Decimal(1), Decimal(0))
    (Decimal('7.1'), None)
    """
    if whole == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return _round(part / whole * 100, 1)


def exact(value: Decimal | None) -> str | None:
    """An amount as the exact decimal text JSON carries (``"1250000.50"``), or None.

    >>> exact(Decimal("1250000.50")), exact(Decimal(3750000)), exact(None)
    ('1250000.50', '3750000', None)
    """
    return None if value is None else f"{value:f}"


def ratio(value: object) -> str:
    """A return on cost, to one decimal place: ``4.7:1``, ``5:1``; nothing is "–".

    >>> ratio(Decimal(5)), ratio(Decimal("1.26")), ratio(Decimal("4.98")), ratio(None)
    ('5:1', '1.3:1', '5:1', '–')
    """
    if value is None:
        return NONE
    return f"{_trim(_decimal(value, 'ratio'), 1)}:1"


def number(value: object) -> str:
    """A number with thousands separators and no trailing zeros: ``1,250`` or ``2.5``.

    >>> number(Decimal("1250.00")), number(Decimal("2.50")), number(None), number(Decimal("-0.5"))
    ('1,250', '2.5', '–', '-0.5')
    """
    if value is None:
        return NONE
    amount = _decimal(value, "number").normalize()
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):f}".partition(".")
    return f"{sign}{int(whole):,}.{frac}"


def date(value: object, style: str = "long") -> str:
    """A date the British way: ``long`` 14 January 2008, ``short`` 14 Jan 2008, ``month``
    January 2008, ``iso`` 2008-01-14; nothing is "–".

    >>> date(dt.date(2010, 10, 1), "short"), date(None)
    ('1 Oct 2010', '–')
    """
    if value is None:
        return NONE
    if not isinstance(value, dt.date):
        raise ValueError(f"date needs a date, not {type(value).__name__}")
    if style == "long":
        return f"{value.day} {value:%B %Y}"
    if style == "short":
        return f"{value.day} {value:%b %Y}"
    if style == "month":
        return f"{value:%B %Y}"
    if style == "iso":
        return value.isoformat()
    raise ValueError(f"date style must be 'long', 'short', 'month' or 'iso', not {style!r}")


def iso(value: dt.date | None) -> str | None:
    """A date as ISO text for JSON and CSV, or None."""
    return value.isoformat() if value is not None else None


_CIRCLES = {"green": "🟢", "amber-green": "🟡", "amber": "🟠", "amber-red": "🟤", "red": "🔴"}


def rating(value: object, style: str = "label") -> str:
    """A RAG rating: ``label`` AMBER/GREEN, ``circle`` 🟠 AMBER, ``word`` Amber/Green;
    nothing is "–".

    >>> rating("red", "circle"), rating(None), rating("amber-red", "word")
    ('🔴 RED', '–', 'Amber/Red')
    """
    if value is None or value == "":
        return NONE
    text = str(value)
    label = text.upper().replace("-", "/")
    if style == "label":
        return label
    if style == "circle":
        return f"{_CIRCLES.get(text, '⚪')} {label}"
    if style == "word":
        return "/".join(part.capitalize() for part in text.split("-"))
    raise ValueError(f"rating style must be 'label', 'circle' or 'word', not {style!r}")


#: Trend arrows: the word (up, down, same) is in JSON and CSV, the arrow in tables.
TREND_ARROW = {"up": "↑", "down": "↓", "same": "→"}
_TRENDS = {"up": "↑ improving", "down": "↓ worsening", "same": "→ no change"}


def trend(value: object, style: str = "words") -> str:
    """A rating's direction since the previous update: ``words`` ↑ improving,
    ``arrow`` ↑; nothing is "–" (words) or "" (arrow)."""
    if style == "arrow":
        return TREND_ARROW.get(str(value), "") if value is not None else ""
    return _TRENDS.get(str(value), NONE) if value is not None else NONE


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 project``, ``2 projects`` (``nouns``: an irregular plural)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def days(count: int) -> str:
    """``1 day``, ``30 days``."""
    return plural(count, "day")


def shift(count: int) -> str:
    """How far a date moved: ``+30 days``, ``-1 day``, ``no change``.

    >>> shift(30), shift(-1), shift(0)
    ('+30 days', '-1 day', 'no change')
    """
    if count == 0:
        return "no change"
    return f"{'+' if count > 0 else '-'}{days(abs(count))}"
