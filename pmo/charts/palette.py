"""Colours for charts and rating cells: Okabe-Ito (colour-blind safe), each with its name.

Ratings keep their conventional meaning (green, amber, red) in hues that stay apart for
the common colour-vision deficiencies, and every use also prints the rating's word.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

#: The Okabe-Ito palette: hex colour and the word for it.
BLUE = ("#0072B2", "blue")
ORANGE = ("#E69F00", "orange")
SKY = ("#56B4E9", "sky blue")
GREEN = ("#009E73", "bluish green")
YELLOW = ("#F0E442", "yellow")
VERMILION = ("#D55E00", "vermilion")
PURPLE = ("#CC79A7", "reddish purple")
GREY = ("#7F7F7F", "grey")
BLACK = ("#000000", "black")

#: A rating's strong colour (charts) and its colour word.
RATING_COLOURS: dict[str, tuple[str, str]] = {
    "green": ("#009E73", "green"),
    "amber-green": ("#8FCB6B", "light green"),
    "amber": ("#E69F00", "amber"),
    "amber-red": ("#EE7733", "orange-red"),
    "red": ("#D55E00", "red"),
}
#: A rating's light tint (table cells, where black text must stay readable).
RATING_TINTS: dict[str, str] = {
    "green": "B3E3CF",
    "amber-green": "D9EDBF",
    "amber": "F8D98F",
    "amber-red": "F9C09A",
    "red": "F2B08A",
}
#: Grey for "no rating".
NONE_COLOUR = ("#DDDDDD", "light grey")


def label(rating: str | None) -> str:
    """The word a rating is written as: AMBER/GREEN, or "NONE"."""
    return rating.upper().replace("-", "/") if rating else "NONE"


def setup() -> None:
    """Matplotlib on Agg with DejaVu Sans (ships with matplotlib, so every glyph is there);
    no mathematics in text."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.titlesize": 9,
            "svg.hashsalt": "pmo",
            "svg.fonttype": "path",
            # Record text is text: "$" never starts mathematics ("$120k to $150k").
            "text.parse_math": False,
            "figure.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def money_short(value: Decimal | float | int | str, currency: str) -> str:
    """£1.2m, £425k, £950 in ``currency`` (charts' labels)."""
    from pmo.formats import money

    return money(Decimal(str(value)), currency, "short")


def day(value: str | dt.date) -> str:
    """1 Oct 2010."""
    when = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{when.day} {when:%b %Y}"
