"""Cell values as people type them → values of the records format, or a located problem.

Every parser takes a cell's value (text, a number, a date) and returns the value, or
raises :class:`~pmo.types.ValueProblem`; the money, date-range, rating and id rules are
those of :mod:`pmo.types`.

>>> parse_date("14 Jan 2008"), parse_date("01/10/2010"), parse_date("2010-10-01 00:00:00")
(datetime.date(2008, 1, 14), datetime.date(2010, 10, 1), datetime.date(2010, 10, 1))
>>> parse_likelihood("3 - Possible"), parse_impact("major"), parse_likelihood(4.0)
(3, 4, 4)
>>> parse_rag("AMBER/GREEN"), parse_rag("R"), parse_money("£ 1,250"), parse_money(425000.0)
('amber-green', 'red', Decimal('1250'), Decimal('425000'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo import types
from pmo.types import ValueProblem

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.A)
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", re.A)
_WORDY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{2}|\d{4})", re.A)
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.A)
#: Excel's day 0, for day numbers in a CSV (1900 date system, after its leap-year bug).
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: Words of the usual five-point scales, each to its score.
LIKELIHOOD_WORDS = {
    "rare": 1,
    "very unlikely": 1,
    "remote": 1,
    "unlikely": 2,
    "possible": 3,
    "likely": 4,
    "probable": 4,
    "almost certain": 5,
    "very likely": 5,
    "certain": 5,
}
IMPACT_WORDS = {
    "insignificant": 1,
    "negligible": 1,
    "minimal": 1,
    "minor": 2,
    "moderate": 3,
    "significant": 3,
    "major": 4,
    "serious": 4,
    "severe": 5,
    "catastrophic": 5,
    "critical": 5,
}
LEVEL_WORDS = {"very low": 1, "low": 2, "medium": 3, "med": 3, "high": 4, "very high": 5}
#: How a score is spelled out in an exported workbook (and read back).
LIKELIHOOD_LABELS = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACT_LABELS = ("Insignificant", "Minor", "Moderate", "Major", "Severe")

STATUS_WORDS = {
    "open": "open",
    "live": "open",
    "active": "open",
    "current": "open",
    "ongoing": "open",
    "new": "open",
    "closed": "closed",
    "close": "closed",
    "resolved": "closed",
    "complete": "closed",
    "completed": "closed",
    "done": "closed",
    "retired": "closed",
}
PRIORITY_WORDS = {
    "critical": "critical",
    "urgent": "critical",
    "high": "high",
    "medium": "medium",
    "med": "medium",
    "moderate": "medium",
    "low": "low",
}
RESPONSE_WORDS = {
    "treat": "treat",
    "reduce": "treat",
    "mitigate": "treat",
    "tolerate": "tolerate",
    "accept": "tolerate",
    "retain": "tolerate",
    "transfer": "transfer",
    "share": "transfer",
    "insure": "transfer",
    "terminate": "terminate",
    "avoid": "terminate",
    "take": "take",
    "exploit": "take",
    "enhance": "take",
}
BOOL_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "x": True,
    "1": True,
    "✓": True,
    "gate": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "-": False,
}
RAG_LETTERS = {"r": "red", "a": "amber", "g": "green", "ag": "amber-green", "ar": "amber-red"}


def shown(value: object) -> str:
    """A cell value quoted for a message."""
    text = " ".join(str(value).split())
    return f"'{text if len(text) <= 40 else text[:37] + '...'}'"


def parse_text(value: object) -> str:
    """Text, its outer blanks and line ends tidied; a whole number without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def parse_id(value: object) -> str:
    return types.parse_id(parse_text(value))


def _day(year: int, month: int, day: int, value: object) -> dt.date:
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not 1 <= month <= 12:
        raise ValueProblem(
            "invalid-date", f"{shown(value)}: {month} is not a month (dates are day/month/year)"
        )
    try:
        return types.check_date_range(dt.date(year, month, day))
    except ValueError:
        raise ValueProblem("invalid-date", f"{shown(value)} is not a real date") from None


def parse_date(value: object) -> dt.date:
    """A date: a spreadsheet date, or text 2010-10-01, 01/10/2010, 1.10.10, 14 Jan 2008."""
    if isinstance(value, dt.datetime):
        return types.check_date_range(value.date())
    if isinstance(value, dt.date):
        return types.check_date_range(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 400000 and float(value).is_integer():
            return types.check_date_range(EXCEL_EPOCH + dt.timedelta(days=int(value)))
        raise ValueProblem("invalid-date", f"{shown(value)} is not a date")
    text = " ".join(str(value).split()).lower()
    if (m := _ISO.fullmatch(text)) is not None:
        return _day(int(m[1]), int(m[2]), int(m[3]), value)
    if (m := _DMY.fullmatch(text)) is not None:
        return _day(int(m[3]), int(m[2]), int(m[1]), value)
    if (m := _WORDY.fullmatch(text)) is not None and m[2][:3] in MONTHS:
        return _day(int(m[3]), MONTHS[m[2][:3]], int(m[1]), value)
    if (m := _MONTH_FIRST.fullmatch(text)) is not None and m[1][:3] in MONTHS:
        return _day(int(m[3]), MONTHS[m[1][:3]], int(m[2]), value)
    if text.isascii() and text.isdigit() and len(text) == 5:
        return parse_date(int(text))
    raise ValueProblem(
        "invalid-date",
        f"{shown(value)} is not a date (write e.g. 01/10/2010, 2010-10-01 or 1 Oct 2010)",
    )


def _score(value: object, words: dict[str, int], what: str) -> int:
    if isinstance(value, bool):
        raise ValueProblem("invalid-score", f"{shown(value)} is not a {what} score (1-5)")
    if isinstance(value, int | float | Decimal):
        if float(value).is_integer() and 1 <= value <= 5:
            return int(value)
        raise ValueProblem("invalid-score", f"{shown(value)} is not a {what} score (1-5)")
    text = " ".join(str(value).split()).lower()
    m = re.match(r"(\d+)(?:\.0+)?(?:\s*[-–:.)(]\s*|\s+|$)(.*)", text, re.A)
    if m is not None:
        if 1 <= int(m[1]) <= 5:
            return int(m[1])
    else:
        word = text.strip(" ()")
        if word in words:
            return words[word]
        if word in LEVEL_WORDS:
            return LEVEL_WORDS[word]
    raise ValueProblem(
        "invalid-score",
        f"{shown(value)} is not {'an' if what == 'impact' else 'a'} {what} score "
        f"(a whole number 1-5, e.g. '3 - "
        f"{LIKELIHOOD_LABELS[2] if what == 'likelihood' else IMPACT_LABELS[2]}')",
    )


def parse_likelihood(value: object) -> int:
    return _score(value, LIKELIHOOD_WORDS, "likelihood")


def parse_impact(value: object) -> int:
    return _score(value, IMPACT_WORDS, "impact")


def parse_number(value: object) -> int | Decimal:
    """A number a sheet computed (a score): whole numbers as int."""
    try:
        amount = types.parse_money(value if not isinstance(value, str) else value.strip())
    except ValueProblem:
        raise ValueProblem("invalid-number", f"{shown(value)} is not a number") from None
    return int(amount) if amount == amount.to_integral_value() else amount


def parse_money(value: object) -> Decimal:
    """Money: a number, or text £425k, £3.6m, £1.2bn, 3,600,000, £ 1,250.50."""
    if isinstance(value, float):
        return types.parse_money(Decimal(repr(value)).normalize() + 0)
    if isinstance(value, str):
        value = re.sub(r"(?<=[£$€])\s+|\s+(?=[kKmMbB])", "", value.strip())
    amount = types.parse_money(value)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def parse_rag(value: object) -> str:
    """A rating in any case: Red, AMBER/GREEN, amber green, R, A/G."""
    text = " ".join(str(value).split()).lower()
    letters = text.replace("/", "").replace("-", "").replace(" ", "")
    if letters in RAG_LETTERS:
        return RAG_LETTERS[letters]
    return types.normalise_rag(text)


def _choice(words: dict[str, str], what: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = " ".join(str(value).split()).lower()
        text = re.sub(r"^\d+\s*[-–:.)]\s*", "", text)
        if text in words:
            return words[text]
        from pmo.suggest import did_you_mean

        options = sorted(set(words.values()), key=list(words.values()).index)
        raise ValueProblem(
            f"invalid-{what}",
            f"{shown(value)} is not a {what}{did_you_mean(text, words)}; "
            f"expected one of {', '.join(options)}",
        )

    return parse


parse_status = _choice(STATUS_WORDS, "status")
parse_priority = _choice(PRIORITY_WORDS, "priority")
parse_response = _choice(RESPONSE_WORDS, "response")


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = parse_text(value).lower()
    if text in BOOL_WORDS:
        return BOOL_WORDS[text]
    raise ValueProblem("invalid-bool", f"{shown(value)} is not yes or no")


def parse_lines(value: object, *, semicolons: bool = True) -> list[str]:
    """A list typed one per line (bullets dropped), or separated by ``;``."""
    text = parse_text(value)
    parts = text.split("\n") if "\n" in text or not semicolons else text.split(";")
    return [p.strip().lstrip("•*-–·").strip() for p in parts if p.strip().lstrip("•*-–·").strip()]


def parse_words(value: object) -> list[str]:
    """Tags: separated by commas, semicolons or line ends."""
    return [w.strip() for w in re.split(r"[,;\n]", parse_text(value)) if w.strip()]


def parse_ids(value: object) -> list[str]:
    return [types.parse_id(w.lower()) for w in parse_words(value)]


#: Parser name (see :mod:`pmo.spreadsheet.fields`) → parser that needs no records.
PLAIN: dict[str, Callable[[object], Any]] = {
    "text": parse_text,
    "id": parse_id,
    "date": parse_date,
    "likelihood": parse_likelihood,
    "impact": parse_impact,
    "number": parse_number,
    "money": parse_money,
    "amount": parse_money,
    "rag": parse_rag,
    "status": parse_status,
    "priority": parse_priority,
    "response": parse_response,
    "bool": parse_bool,
    "lines": parse_lines,
    "words": parse_words,
    "ids": parse_ids,
}


def score_label(score: int, labels: tuple[str, ...]) -> str:
    """A score spelled out as the export writes it: ``3 - Possible``."""
    return f"{score} - {labels[score - 1]}"


def money_text(amount: Decimal) -> str:
    """Money as written into a record: compact where exact (``£425k``, ``£3.6m``).

    >>> [money_text(Decimal(n)) for n in ("425000", "3600000", "1234567", "950", "12.50")]
    ['£425k', '£3.6m', '£1,234,567', '£950', '£12.50']
    """
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for size, suffix in ((Decimal(10**9), "bn"), (Decimal(10**6), "m"), (Decimal(1000), "k")):
        if value >= size:
            scaled = value / size
            if scaled == scaled.quantize(Decimal("0.01")):
                return f"{sign}£{scaled.normalize():f}{suffix}"
    if value == value.to_integral_value():
        return f"{sign}£{value.quantize(Decimal(1)):,}"
    return f"{sign}£{value:,.2f}" if value.as_tuple().exponent == -2 else f"{sign}£{value:,}"  # type: ignore[operator]
