"""Value types of the records format (id, date, money, rag, score), importable without pydantic.

Each type is an ``Annotated`` alias whose marker teaches pydantic how to validate it only
when pydantic builds a schema, so the lightweight record classes in :mod:`pmo.records`
(and every command that reads a warm cache) never import pydantic.

>>> parse_money("£3.6m")
Decimal('3600000')
>>> parse_money("3,600,000")
Decimal('3600000')
>>> normalise_rag("Amber/Green")
'amber-green'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import CoreSchema

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MONEY_RE = re.compile(
    r"(?P<sign>-)?\s*(?P<cur>[£$€])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<mult>k|m|bn|b)?",
    re.IGNORECASE | re.ASCII,  # only the digits 0-9: "£৪00k" is not £400k
)
#: Money is less than this in magnitude (a thousand trillion) ...
MONEY_LIMIT = Decimal(10**15)
#: ... and is held to at most six decimal places (more are an error).
MONEY_PLACES = 6
_MONEY_QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)
_MULTIPLIERS = {
    "k": Decimal(1000),
    "m": Decimal(1000000),
    "bn": Decimal(10**9),
    "b": Decimal(10**9),
}

#: The earliest and latest dates a record may hold: a date outside is surely a typo (or a
#: "no date" sentinel such as 9999-12-31: write null), and reports do date arithmetic
#: (a board's next meeting, a window of days) that must stay within the calendar.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)

RAG_THREE = ("green", "amber", "red")
RAG_FIVE = ("green", "amber-green", "amber", "amber-red", "red")
#: Order of every rating, best first: a larger number is a worse rating.
RAG_ORDER = {"green": 0, "amber-green": 1, "amber": 2, "amber-red": 3, "red": 4}


class ValueProblem(ValueError):
    """A value that does not fit its type; ``code`` is the stable problem code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_id(value: object) -> str:
    """An id: ``[a-z0-9][a-z0-9-]{0,63}``; a whole number YAML read as int is taken as text."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str):
        raise ValueProblem("invalid-id", f"an id must be text, not {_describe(value)}")
    if ID_RE.fullmatch(value) is None:
        hint = value.strip().lower().replace(" ", "-").replace("_", "-")
        extra = f"; did you mean '{hint}'?" if ID_RE.fullmatch(hint) else ""
        raise ValueProblem(
            "invalid-id",
            f"'{value}' is not a valid id: lower-case letters, digits and '-', "
            f"starting with a letter or digit, at most 64 characters{extra}",
        )
    return value


def parse_date(value: object) -> dt.date:
    """A calendar date written ``YYYY-MM-DD``, from :data:`DATE_MIN` to :data:`DATE_MAX`."""
    if isinstance(value, dt.datetime):
        return check_date_range(value.date())
    if isinstance(value, dt.date):
        return check_date_range(value)
    if isinstance(value, str) and DATE_RE.fullmatch(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueProblem("invalid-date", f"'{value}' is not a real date") from None
        return check_date_range(day)
    raise ValueProblem(
        "invalid-date", f"expected a date written YYYY-MM-DD, got {_describe(value)}"
    )


def check_date_range(day: dt.date) -> dt.date:
    """``day`` if it is from :data:`DATE_MIN` to :data:`DATE_MAX`, else a ``ValueProblem``.

    >>> check_date_range(dt.date(9999, 12, 31))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pmo.types.ValueProblem: 9999-12-31 is outside the dates pmo accepts ...; write null for no date
    """
    if DATE_MIN <= day <= DATE_MAX:
        return day
    raise ValueProblem(
        "invalid-date",
        f"{day} is outside the dates pmo accepts ({DATE_MIN} to {DATE_MAX}); "
        "write null for no date",
    )


def parse_money(value: object) -> Decimal:
    """Money, held exactly: ``425000``, ``£425k``, ``£3.6m``, ``£1.2bn``, ``3,600,000``."""
    if isinstance(value, bool):
        raise ValueProblem("invalid-money", f"expected an amount of money, got {_describe(value)}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueProblem("invalid-money", f"expected an amount of money, got {value}")
        return _bounded_money(value)
    if isinstance(value, int):
        return _bounded_money(Decimal(value))
    if isinstance(value, float):
        return _bounded_money(Decimal(repr(value)))
    if isinstance(value, str):
        match = _MONEY_RE.fullmatch(value.strip())
        if match is not None:
            try:
                amount = _bounded_money(Decimal(match["num"].replace(",", "")), exact=False)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
            else:
                mult = match["mult"]
                if mult:
                    amount *= _MULTIPLIERS[mult.lower()]
                    if amount == amount.to_integral_value():
                        amount = amount.quantize(Decimal(1))
                return _bounded_money(amount.copy_negate() if match["sign"] else amount)
    raise ValueProblem(
        "invalid-money",
        f"{_describe(value)} is not an amount of money (write e.g. 425000, £425k, £3.6m, "
        "£1.2bn or 3,600,000)",
    )


def _bounded_money(amount: Decimal, *, exact: bool = True) -> Decimal:
    """``amount`` if it is within the limits of money, exactly; else a ``ValueProblem``.

    An amount beyond :data:`MONEY_LIMIT`, or with more than :data:`MONEY_PLACES` decimal
    places, is refused: reports do arithmetic and formatting on money, and a value such as
    ``1e999999999`` would overflow the one or take for ever over the other.

    ``exact=False`` checks the size only (a number before its ``k``/``m``/``bn``).
    Nothing here rounds to the decimal context, so nothing can overflow it.

    >>> _bounded_money(Decimal("1.500000000"))
    Decimal('1.500000')
    """
    if not amount.is_zero() and amount.adjusted() >= 15:  # |amount| >= 10^15, computed exactly
        raise ValueProblem(
            "invalid-money", f"{_describe(amount)} is too large an amount (the limit is ±10^15)"
        )
    if not exact:
        return amount
    held = amount.quantize(_MONEY_QUANTUM)
    if held != amount:
        raise ValueProblem(
            "invalid-money",
            f"{_describe(amount)} has more than {MONEY_PLACES} decimal places",
        )
    return held if amount.as_tuple().exponent < -MONEY_PLACES else amount  # type: ignore[operator]


def normalise_rag(value: object) -> str:
    """A RAG rating in its canonical spelling: lower case, ``amber/green`` → ``amber-green``."""
    if isinstance(value, str):
        text = value.strip().lower().replace("/", "-").replace(" ", "-").replace("_", "-")
        if text in RAG_ORDER:
            return text
    raise ValueProblem(
        "invalid-rag",
        f"{_describe(value)} is not a rating; expected one of {', '.join(RAG_FIVE)}",
    )


def parse_score(value: object) -> int:
    """A likelihood or impact score: a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueProblem("invalid-score", f"expected a whole number 1..5, got {_describe(value)}")
    # Range first: int() of a value such as Decimal("1e999999999") would never finish.
    if not 1 <= value <= 5 or value != int(value):
        raise ValueProblem("invalid-score", f"expected a whole number 1..5, got {_describe(value)}")
    return int(value)


def parse_risk_score(value: object) -> int:
    """A likelihood × impact score (a band edge or the escalation score): a whole number 1..25."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueProblem(
            "invalid-score", f"expected a whole number 1..25, got {_describe(value)}"
        )
    if value != int(value) or not 1 <= int(value) <= 25:
        raise ValueProblem("invalid-score", f"expected a whole number 1..25, got {value}")
    return int(value)


_RATIO_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?::\s*1)?", re.ASCII)


def parse_ratio(value: object) -> Decimal:
    """A return required on cost, as a ratio to one: ``5``, ``5.5`` or ``"5:1"``; above zero.

    >>> parse_ratio("5:1"), parse_ratio(2.5)
    (Decimal('5'), Decimal('2.5'))
    """
    amount: Decimal | None = None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        match = _RATIO_RE.fullmatch(value.strip())
        if match is not None and len(match["num"]) <= 12:
            amount = Decimal(match["num"])
    if amount is None or not amount.is_finite() or not 0 < amount < 10**6:
        raise ValueProblem(
            "invalid-ratio",
            f"expected a return such as 5 or '5:1' (above 0, below a million), "
            f"got {_describe(value)}",
        )
    return amount


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return "a number of more than 40 digits"
    return repr(value)


class _Checked:
    """Annotation marker: validate with ``func``; describe with ``json_schema``."""

    def __init__(self, func: Callable[[object], object], json_schema: dict[str, Any]) -> None:
        self.func = func
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import PydanticCustomError, core_schema

        func = self.func

        def validate(value: object) -> object:
            try:
                return func(value)
            except ValueProblem as problem:
                raise PydanticCustomError(problem.code, problem.message) from None

        return core_schema.no_info_plain_validator_function(validate)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return dict(self.json_schema)


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


_RAG_PATTERN = "^(" + "|".join(_any_case(r).replace("\\-", "[-/]") for r in RAG_FIVE) + ")$"

Id = Annotated[str, _Checked(parse_id, {"type": "string", "pattern": f"^{ID_RE.pattern}$"})]
Date = Annotated[
    dt.date,
    _Checked(parse_date, {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Money = Annotated[
    Decimal,
    _Checked(
        parse_money,
        {
            "anyOf": [
                {"type": "number"},
                {
                    "type": "string",
                    "pattern": "^-?\\s*[£$€]?\\s*[0-9][0-9,]*(\\.[0-9]+)?\\s*([kKmM]|[bB][nN]?)?$",
                },
            ]
        },
    ),
]
Rag = Annotated[str, _Checked(normalise_rag, {"type": "string", "pattern": _RAG_PATTERN})]
Score = Annotated[int, _Checked(parse_score, {"type": "integer", "minimum": 1, "maximum": 5})]
#: A required return on cost, as a ratio to one (``5`` or ``"5:1"``).
Ratio = Annotated[
    Decimal,
    _Checked(
        parse_ratio,
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*(:\\s*1)?\\s*$"},
            ]
        },
    ),
]
#: A likelihood × impact score, 1..25 (band edges and the escalation score in pmo.yaml).
RiskScore = Annotated[
    int, _Checked(parse_risk_score, {"type": "integer", "minimum": 1, "maximum": 25})
]
