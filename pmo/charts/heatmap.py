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
