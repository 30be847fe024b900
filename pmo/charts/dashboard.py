"""Ratings dashboard: one row per programme or project, a coloured and worded cell per rating."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmo.charts import Chart
from pmo.charts.palette import NONE_COLOUR, RATING_COLOURS, label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext

NAME = "dashboard"
COLUMNS = ("declared", "derived", "schedule", "cost", "risk", "benefits")
HEADINGS = ("Declared", "Derived", "Schedule", "Cost", "Risk", "Benefits")


def build(paper: PaperContext) -> Chart | None:
    if not paper.dashboard:
        return None
    rows: list[dict[str, Any]] = []
    for r in paper.dashboard:
        ratings = {"declared": r.declared, "derived": r.derived, **r.dimensions}
        rows.append(
            {
                "name": r.name,
                "programme": r.kind == "programme",
                "ratings": {c: ratings.get(c) for c in COLUMNS},
                "watermelon": r.watermelon,
                "closed": r.closed,
            }
        )
    worse = [r["name"] for r in rows if r["watermelon"]]
    said = "; ".join(
        f"{r['name']}: declared {label(r['ratings']['declared'])}, "
        f"derived {label(r['ratings']['derived'])}"
        for r in rows
    )
    alt = (
        f"Ratings dashboard of {len(rows)} programmes and workstreams, each rating a cell "
        f"coloured green, amber or red and labelled with its word. {said}."
    )
    if worse:
        alt += f" Evidence worse than declared (marked with a warning sign): {', '.join(worse)}."
    height = 0.3 + 0.27 * (len(rows) + 1.6)
    return Chart(
        NAME, "Ratings dashboard", alt, {"columns": list(COLUMNS), "rows": rows}, size=(6.5, height)
    )


def draw(chart: Chart) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    rows = chart.data["rows"]
    figure = Figure(figsize=chart.size)
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    n = len(rows)
    name_width, cell = 2.7, 0.65
    ax.set_xlim(0, name_width + cell * len(COLUMNS) + 0.05)
    ax.set_ylim(n + 1.6, -0.1)
    for j, heading in enumerate(HEADINGS):
        ax.text(
            name_width + cell * (j + 0.5),
            0.45,
            heading,
            ha="center",
            va="center",
            fontweight="bold",
        )
    for i, row in enumerate(rows):
        y = i + 1
        name = row["name"] + (" (closed)" if row["closed"] else "")
        ax.text(
            0.02,
            y + 0.45,
            name if len(name) <= 36 else name[:34] + "…",
            va="center",
            fontweight="bold" if row["programme"] else "normal",
        )
        for j, column in enumerate(COLUMNS):
            rating = row["ratings"][column]
            colour = RATING_COLOURS.get(rating or "", NONE_COLOUR)[0]
            x = name_width + cell * j
            ax.add_patch(
                Rectangle(
                    (x + 0.03, y + 0.06), cell - 0.06, 0.78, facecolor=colour, edgecolor="white"
                )
            )
            text = label(rating) if rating else "–"
            if column == "derived" and row["watermelon"]:
                text += " ⚠"
            ax.text(
                x + cell / 2,
                y + 0.45,
                text,
                ha="center",
                va="center",
                fontsize=6.5 if len(text) > 7 else 7.5,
                color="black",  # 4.5:1 or more on every rating colour, as in svg()
                fontweight="bold",
            )
    ax.text(
        0.02,
        n + 1.1,
        "Each cell is coloured by its rating and says it in words; "
        "⚠ marks evidence worse than the declared rating.",
        fontsize=6.5,
        color="#333333",
        va="center",
    )
    return figure


# --- the same chart as light SVG text (see pmo.charts.svg) ---

#: The SVG's width, a rating cell's width and a row's height.
SVG_WIDTH, SVG_CELL, SVG_ROW = 800, 90, 30


def svg(chart: Chart, *, ident: str = NAME) -> str:
    """The chart as an ``<svg>`` element: :func:`draw`'s cells, words and note. The cells'
    words are dark, which every rating colour holds at 4.5:1 or more."""
    from pmo.charts import svg as s

    rows = chart.data["rows"]
    names = SVG_WIDTH - SVG_CELL * len(COLUMNS) - 4
    top = 34
    bottom = top + SVG_ROW * len(rows)
    out = s.start(ident, SVG_WIDTH, bottom + 34, chart.title, chart.alt)
    for j, heading in enumerate(HEADINGS):
        x = names + SVG_CELL * (j + 0.5)
        out.append(s.label(x, 22, heading, size=13, anchor="middle", bold=True))
    for i, row in enumerate(rows):
        y = top + SVG_ROW * i
        name = row["name"] + (" (closed)" if row["closed"] else "")
        out.append(s.label(4, y + 20, name, size=13, room=names - 14, bold=row["programme"]))
        for j, column in enumerate(COLUMNS):
            rating = row["ratings"][column]
            colour = RATING_COLOURS.get(rating or "", NONE_COLOUR)[0]
            x = names + SVG_CELL * j
            out.append(
                f'<rect x="{s.num(x + 2)}" y="{s.num(y + 2)}" width="{SVG_CELL - 4}" '
                f'height="{SVG_ROW - 4}" fill="{colour}"/>'
            )
            text = label(rating) if rating else "–"
            if column == "derived" and row["watermelon"]:
                text += " ⚠"
            size = 11 if len(text) > 7 else 12
            out.append(s.label(x + SVG_CELL / 2, y + 19.5, text, size=size, anchor="middle",
                               bold=True))  # fmt: skip
    note = ("Each cell is coloured by its rating and says it in words; "
            "⚠ marks evidence worse than the declared rating.")  # fmt: skip
    out.append(s.label(4, bottom + 22, note, size=11.5, fill=s.MUTED))
    out.append("</svg>")
    return "\n".join(out)
