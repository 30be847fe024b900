"""Budget by workstream: approved, forecast outturn and spent to date, side by side."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pmo.charts import Chart
from pmo.charts.palette import BLUE, ORANGE, SKY, money_short

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext

NAME = "budget"
SERIES = (
    ("approved", "Approved", BLUE, ""),
    ("forecast", "Forecast outturn", ORANGE, "///"),
    ("spent", "Spent to date", SKY, "..."),
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def build(paper: PaperContext) -> Chart | None:
    rows = [
        {
            "name": r.name,
            "approved": _text(r.approved),
            "forecast": _text(r.forecast),
            "spent": _text(r.spent),
        }
        for r in paper.finance.rows
    ]
    if not rows:
        return None
    over = [
        str(r["name"])
        for r in rows
        if r["approved"] and r["forecast"] and Decimal(r["forecast"]) > Decimal(r["approved"])
    ]
    alt = (
        f"Bar chart of money by workstream for {len(rows)} workstreams: approved budget "
        f"(solid blue bar), forecast outturn (orange bar with diagonal hatching) and spent "
        f"to date (sky blue bar with dots), each labelled with its amount."
    )
    if over:
        alt += f" Forecast above approved: {', '.join(over)}."
    return Chart(
        NAME,
        "Budget by workstream",
        alt,
        {"currency": paper.currency, "rows": rows},
        size=(6.5, 1.0 + 0.42 * len(rows)),
    )


def draw(chart: Chart) -> Figure:
    from matplotlib.figure import Figure

    rows, currency = chart.data["rows"], chart.data["currency"]
    figure = Figure(figsize=chart.size, layout="constrained")
    ax = figure.add_subplot()
    height = 0.26
    top = max((float(r[k]) for r in rows for k, *_ in SERIES if r[k] is not None), default=1.0)
    for j, (key, name, (colour, word), hatch) in enumerate(SERIES):
        ys = [i + (j - 1) * height for i in range(len(rows))]
        values = [float(r[key]) if r[key] is not None else 0.0 for r in rows]
        ax.barh(
            ys,
            values,
            height=height,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            lw=0.3,
            label=f"{name} ({word})",
        )
        for y, r in zip(ys, rows, strict=True):
            if r[key] is not None:
                label = money_short(r[key], currency)
                ax.text(float(r[key]) + top * 0.01, y, label, va="center", fontsize=6)
    ax.set_yticks(range(len(rows)), [r["name"] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_major_formatter(lambda v, _pos: money_short(v, currency))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#E5E5E5", lw=0.6)
    ax.set_axisbelow(True)
    figure.legend(loc="outside lower center", ncols=3, fontsize=6.5, frameon=False)
    return figure
