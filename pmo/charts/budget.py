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


# --- the same chart as light SVG text (see pmo.charts.svg) ---

#: The SVG's width, a bar's thickness and the gap between workstreams.
SVG_WIDTH, SVG_BAR, SVG_GAP = 760, 11, 16


def ticks(top: float) -> list[float]:
    """Round amounts (whole units) from 0 to ``top`` for the money axis, eight at most.

    >>> ticks(172_500)
    [0.0, 25000.0, 50000.0, 75000.0, 100000.0, 125000.0, 150000.0]
    >>> ticks(0.0), ticks(3.0)
    ([0.0], [0.0, 1.0, 2.0, 3.0])
    """
    if top < 1:
        return [0.0]
    power = 10.0 ** (len(str(int(top))) - 1)
    step = next(
        (
            m * p
            for p in (max(power / 10, 1.0), power)
            for m in (1, 2, 2.5, 5)
            if top / (m * p) <= 7
        ),
        power * 10,
    )
    return [step * i for i in range(int(top / step + 1e-9) + 1)]


def svg(chart: Chart, *, ident: str = NAME) -> str:
    """The chart as an ``<svg>`` element: :func:`draw`'s three bars a workstream (the
    forecast hatched, the spent dotted, as in print), each labelled with its amount, the
    money axis and the legend."""
    from pmo.charts import svg as s

    rows, currency = chart.data["rows"], chart.data["currency"]
    names = min(max((s.width(r["name"], 12.5) for r in rows), default=0), 240)
    left, right, top = names + 18, SVG_WIDTH - 14, 8
    values = [float(r[k]) for r in rows for k, *_ in SERIES if r[k] is not None]
    most = max([*values, 0.0])
    scale = (right - left) / (most * 1.15 or 1.0)
    group = SVG_BAR * len(SERIES) + SVG_GAP
    bottom = top + group * len(rows)
    out = s.start(ident, SVG_WIDTH, bottom + 66, chart.title, chart.alt)
    fills = _patterns(ident)
    out.append(fills["defs"])
    for t in ticks(most * 1.15):
        x = s.num(left + t * scale)
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{s.GRID}"/>')
        out.append(s.label(left + t * scale, bottom + 18, money_short(t, currency), size=11.5,
                           anchor="middle", fill=s.MUTED))  # fmt: skip
    for i, r in enumerate(rows):
        y = top + group * i + SVG_GAP / 2
        out.append(s.label(left - 8, y + SVG_BAR * 1.5 + 4.5, r["name"], size=12.5,
                           room=names, anchor="end"))  # fmt: skip
        for j, (key, *_) in enumerate(SERIES):
            if r[key] is None:
                continue
            value = max(float(r[key]), 0.0)
            by = y + SVG_BAR * j
            out.append(
                f'<rect x="{left}" y="{s.num(by)}" width="{s.num(value * scale)}" '
                f'height="{SVG_BAR - 1}" fill="{fills[key]}"/>'
            )
            out.append(s.label(left + value * scale + 4, by + SVG_BAR - 2,
                               money_short(r[key], currency), size=11))  # fmt: skip
    out.append(f'<path d="M{s.num(left)} {top}V{bottom}" stroke="#333333"/>')
    items = [
        (f'<rect x="0" y="-5" width="14" height="10" fill="{fills[key]}"/>', f"{name} ({word})")
        for key, name, (_, word), _ in SERIES
    ]
    out.append(s.legend(items, SVG_WIDTH / 2, bottom + 50))
    out.append("</svg>")
    return "\n".join(out)


def _patterns(ident: str) -> dict[str, str]:
    """The fills of the three series (plain, hatched, dotted) and the ``<defs>`` they need."""
    from pmo.charts.svg import esc

    hatch, dots = esc(f"{ident}-hatch"), esc(f"{ident}-dots")
    (approved, _), (forecast, _), (spent, _) = (colour for _, _, colour, _ in SERIES)
    defs = (
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{forecast}"/><path d="M-1 1l2-2M0 6l6-6M5 7l2-2" '
        f'stroke="#fff" stroke-width="1.2"/></pattern>'
        f'<pattern id="{dots}" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="{spent}"/><circle cx="2.5" cy="2.5" r="1" '
        f'fill="#fff"/></pattern></defs>'
    )
    return {
        "defs": defs,
        "approved": approved,
        "forecast": f"url(#{hatch})",
        "spent": f"url(#{dots})",
    }
