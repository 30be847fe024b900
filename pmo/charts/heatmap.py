"""Risk heat map: likelihood against impact, each cell coloured by its band and worded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmo.charts import Chart
from pmo.charts.palette import RATING_COLOURS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext

NAME = "heatmap"
BAND_WORDS = {"red": "HIGH", "amber": "MEDIUM", "green": "LOW"}


def band(score: int, bands: dict[str, int]) -> str:
    """red, amber or green for a likelihood × impact score."""
    if score >= bands["red"]:
        return "red"
    return "amber" if score >= bands["amber"] else "green"


def build(paper: PaperContext) -> Chart | None:
    if not paper.key_risks:
        return None
    cells: dict[str, list[str]] = {}
    for r in paper.key_risks:
        cells.setdefault(f"{r.likelihood}x{r.impact}", []).append(r.id)
    bands = dict(paper.risk_bands)
    said = "; ".join(
        f"{len(ids)} at likelihood {key.split('x')[0]}, impact {key.split('x')[1]} "
        f"({BAND_WORDS[band(int(key.split('x')[0]) * int(key.split('x')[1]), bands)]})"
        for key, ids in sorted(cells.items(), key=lambda kv: kv[0], reverse=True)
    )
    alt = (
        f"Risk heat map of the {len(paper.key_risks)} key risks: likelihood (1 to 5, up) "
        f"against impact (1 to 5, across). Cells scoring {bands['red']} or more are red "
        f"and labelled HIGH, {bands['amber']} or more amber (MEDIUM), the rest green (LOW); "
        f"each cell gives the number of key risks in it. {said}."
    )
    data = {"bands": bands, "cells": dict(sorted(cells.items()))}
    return Chart(NAME, "Key risks by likelihood and impact", alt, data, size=(4.6, 3.6))


def draw(chart: Chart) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    bands = chart.data["bands"]
    cells = chart.data["cells"]
    figure = Figure(figsize=chart.size, layout="constrained")
    ax = figure.add_subplot()
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            b = band(likelihood * impact, bands)
            colour = RATING_COLOURS[b][0]
            ax.add_patch(
                Rectangle(
                    (impact - 0.5, likelihood - 0.5),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor="white",
                    lw=2,
                    alpha=0.35,
                )
            )
            ids = cells.get(f"{likelihood}x{impact}", [])
            ax.text(
                impact,
                likelihood + 0.3,
                BAND_WORDS[b],
                ha="center",
                va="center",
                fontsize=5.5,
                color="#333333",
            )
            if ids:
                ax.add_patch(
                    Rectangle(
                        (impact - 0.5, likelihood - 0.5),
                        1,
                        1,
                        fill=False,
                        edgecolor="black",
                        lw=1.2,
                    )
                )
                noun = "risk" if len(ids) == 1 else "risks"
                ax.text(
                    impact,
                    likelihood - 0.05,
                    f"{len(ids)}",
                    ha="center",
                    va="center",
                    fontsize=11,
                    fontweight="bold",
                )
                ax.text(impact, likelihood - 0.33, noun, ha="center", va="center", fontsize=6)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Impact (1 low – 5 high)")
    ax.set_ylabel("Likelihood (1 low – 5 high)")
    ax.set_aspect("equal")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return figure


# --- the same chart as light SVG text (see pmo.charts.svg) ---

#: A cell's side, and the room left of and below the grid for the axes' words.
SVG_CELL, SVG_LEFT, SVG_BELOW = 76, 70, 56


def tint(colour: str, alpha: float = 0.35) -> str:
    """``colour`` at ``alpha`` over white, as one opaque colour (as :func:`draw` shades).

    >>> tint("#D55E00")
    '#F0C7A6'
    """
    parts = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * alpha):02X}" for c in parts)


def svg(chart: Chart, *, ident: str = NAME) -> str:
    """The chart as an ``<svg>`` element: :func:`draw`'s shaded cells, band words and
    counts (each counted cell outlined, its risks' ids in its tooltip) and the axes."""
    from pmo.charts import svg as s

    bands, cells = chart.data["bands"], chart.data["cells"]
    c, left, top = SVG_CELL, SVG_LEFT, 8
    side = 5 * c
    w, h = left + side + 12, top + side + SVG_BELOW
    out = s.start(ident, w, h, chart.title, chart.alt)
    outlined = []
    for likelihood in range(1, 6):
        y = top + (5 - likelihood) * c
        out.append(s.label(left - 12, y + c / 2 + 5, str(likelihood), size=13, anchor="end"))
        for impact in range(1, 6):
            x = left + (impact - 1) * c
            b = band(likelihood * impact, bands)
            ids = cells.get(f"{likelihood}x{impact}", [])
            out.append(
                f'<rect x="{s.num(x + 1.5)}" y="{s.num(y + 1.5)}" width="{c - 3}" '
                f'height="{c - 3}" fill="{tint(RATING_COLOURS[b][0])}"/>'
            )
            out.append(s.label(x + c / 2, y + 17, BAND_WORDS[b], size=10.5, anchor="middle",
                               fill="#333333"))  # fmt: skip
            if ids:
                noun = "risk" if len(ids) == 1 else "risks"
                tip = f"{len(ids)} {noun} at likelihood {likelihood}, impact {impact}: "
                outlined.append(
                    f'<rect x="{s.num(x + 1.5)}" y="{s.num(y + 1.5)}" width="{c - 3}" '
                    f'height="{c - 3}" fill="none" stroke="#000" stroke-width="2">'
                    f"<title>{s.esc(tip + ', '.join(ids))}</title></rect>"
                )
                out.append(s.label(x + c / 2, y + c / 2 + 10, str(len(ids)), size=24,
                                   anchor="middle", bold=True))  # fmt: skip
                out.append(s.label(x + c / 2, y + c - 9, noun, size=11, anchor="middle"))
    out.extend(outlined)
    bottom = top + side
    axes = f'<path d="M{left - 4} {top}V{bottom}H{left + side}" fill="none" stroke="#333333"/>'
    out.append(axes)
    for impact in range(1, 6):
        centre = left + (impact - 0.5) * c
        out.append(s.label(centre, bottom + 20, str(impact), size=13, anchor="middle"))
    out.append(s.label(left + side / 2, bottom + 44, "Impact (1 low – 5 high)", size=13,
                       anchor="middle"))  # fmt: skip
    mid = top + side / 2
    out.append(
        f'<g transform="translate(20 {s.num(mid)}) rotate(-90)">'
        f"{s.label(0, 0, 'Likelihood (1 low – 5 high)', size=13, anchor='middle')}</g>"
    )
    out.append("</svg>")
    return "\n".join(out)
