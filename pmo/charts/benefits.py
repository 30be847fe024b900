"""Benefits: realised to date against target (and against planned, once benefits have a profile).

Benefits are counted in money and in other units, so each is drawn as a share of its own
target; the labels give the amounts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pmo.charts import Chart
from pmo.charts.palette import BLACK, GREEN
from pmo.formats import quantity

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext
    from pmo.reports.rows import BenefitRow

NAME = "benefits"


def _row(b: BenefitRow, currency: str) -> dict[str, object]:
    target = b.target or Decimal(0)

    def pct(v: Decimal | None) -> float | None:
        return None if v is None or not target else round(float(v / target * 100), 1)

    return {
        "title": b.title,
        "unit": b.unit,
        "target": format(target, "f"),
        "realised": format(b.realised, "f"),
        "planned": format(b.planned, "f") if b.planned is not None else None,
        "realised_pct": pct(b.realised),
        "planned_pct": pct(b.planned),
        "target_text": quantity(b.target, b.unit, currency, "short"),
        "realised_text": quantity(b.realised, b.unit, currency, "short"),
    }


def build(paper: PaperContext) -> Chart | None:
    rows = [_row(b, paper.currency) for b in paper.benefits if b.target]
    if not rows:
        return None
    planned = any(r["planned"] is not None for r in rows)
    said = "; ".join(
        f"{r['title']}: {r['realised_text']} of {r['target_text']} ({r['realised_pct']}%)"
        for r in rows
    )
    alt = (
        f"Bar chart of {len(rows)} benefits, each as a share of its own target (the full "
        f"width, outlined in black): realised to date as a solid green bar"
        + (", planned to date as a black tick" if planned else "")
        + f". {said}."
    )
    return Chart(
        NAME,
        "Benefits realised against target",
        alt,
        {"planned": planned, "rows": rows},
        size=(6.5, 1.0 + 0.34 * len(rows)),
    )


def draw(chart: Chart) -> Figure:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = chart.data["rows"]
    figure = Figure(figsize=chart.size, layout="constrained")
    ax = figure.add_subplot()
    ys = range(len(rows))
    ax.barh(ys, [100] * len(rows), height=0.6, fill=False, edgecolor=BLACK[0], lw=0.8)
    ax.barh(ys, [min(r["realised_pct"] or 0, 100) for r in rows], height=0.6, color=GREEN[0])
    for y, r in zip(ys, rows, strict=True):
        if r["planned_pct"] is not None:
            ax.plot([r["planned_pct"]] * 2, [y - 0.38, y + 0.38], color=BLACK[0], lw=2)
        ax.text(
            101.5,
            y,
            f"{r['realised_text']} of {r['target_text']} ({r['realised_pct']}%)",
            va="center",
            fontsize=6.5,
        )
    labels = [r["title"] if len(r["title"]) <= 46 else r["title"][:44] + "…" for r in rows]
    ax.set_yticks(list(ys), labels, fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 185)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100% of target"])
    ax.tick_params(axis="x", labelsize=6.5)
    handles: list[Artist] = [
        Patch(facecolor=GREEN[0], label="Realised to date (green)"),
        Patch(fill=False, edgecolor=BLACK[0], label="Target (black outline)"),
    ]
    if chart.data["planned"]:
        handles.append(Line2D([], [], color=BLACK[0], lw=2, label="Planned to date (black tick)"))
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=6.5, frameon=False)
    return figure
