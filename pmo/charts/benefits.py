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


# --- the same chart as light SVG text (see pmo.charts.svg) ---

#: The SVG's width, a row's height and a bar's thickness.
SVG_WIDTH, SVG_ROW, SVG_BAR = 760, 34, 20


def svg(chart: Chart, *, ident: str = NAME) -> str:
    """The chart as an ``<svg>`` element: :func:`draw`'s outlined targets, green realised
    bars, black planned ticks and amounts, and the legend. The columns are laid out by the
    widths of their words: the titles get what the amounts and bars leave (shortened
    beyond that, the full title in a tooltip)."""
    from pmo.charts import svg as s

    rows = chart.data["rows"]
    said = [f"{r['realised_text']} of {r['target_text']} ({r['realised_pct']}%)" for r in rows]
    amounts = min(max((s.width(t, 12) for t in said), default=0), 250)
    titles = min(max((s.width(r["title"], 12.5) for r in rows), default=0), 300)
    titles = min(titles, SVG_WIDTH - amounts - 260)
    left = titles + 16
    bar = SVG_WIDTH - left - amounts - 24
    top = 8
    bottom = top + SVG_ROW * len(rows)
    out = s.start(ident, SVG_WIDTH, bottom + 66, chart.title, chart.alt)
    for pct in (0, 25, 50, 75, 100):
        x = s.num(left + bar * pct / 100)
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{s.GRID}"/>')
        words = "100% of target" if pct == 100 else f"{pct}%"
        anchor = "start" if pct == 100 else "middle"
        shift = -8 if pct == 100 else 0
        out.append(s.label(left + bar * pct / 100 + shift, bottom + 18, words, size=11.5,
                           anchor=anchor, fill=s.MUTED))  # fmt: skip
    for i, (r, text) in enumerate(zip(rows, said, strict=True)):
        y = top + SVG_ROW * i + (SVG_ROW - SVG_BAR) / 2
        middle = y + SVG_BAR / 2
        out.append(s.label(left - 8, middle + 4.5, r["title"], size=12.5, room=titles,
                           anchor="end"))  # fmt: skip
        share = min(max(r["realised_pct"] or 0.0, 0.0), 100.0)
        if share:
            out.append(
                f'<rect x="{s.num(left)}" y="{s.num(y)}" width="{s.num(bar * share / 100)}" '
                f'height="{SVG_BAR}" fill="{GREEN[0]}"/>'
            )
        out.append(
            f'<rect x="{s.num(left)}" y="{s.num(y)}" width="{s.num(bar)}" height="{SVG_BAR}" '
            f'fill="none" stroke="{BLACK[0]}"/>'
        )
        if r["planned_pct"] is not None:
            px = s.num(left + bar * min(max(r["planned_pct"], 0.0), 100.0) / 100)
            out.append(
                f'<line x1="{px}" y1="{s.num(y - 4)}" x2="{px}" y2="{s.num(y + SVG_BAR + 4)}" '
                f'stroke="{BLACK[0]}" stroke-width="3"/>'
            )
        out.append(s.label(left + bar + 8, middle + 4, text, size=12, room=amounts + 12))
    out.append(f'<path d="M{s.num(left)} {top}V{bottom}" stroke="#333333"/>')
    items = [
        (f'<rect x="0" y="-6" width="14" height="12" fill="{GREEN[0]}"/>',
         "Realised to date (green)"),
        (f'<rect x="0.5" y="-5.5" width="13" height="11" fill="none" stroke="{BLACK[0]}"/>',
         "Target (black outline)"),
    ]  # fmt: skip
    if chart.data["planned"]:
        items.append(
            (f'<line x1="7" y1="-7" x2="7" y2="7" stroke="{BLACK[0]}" stroke-width="3"/>',
             "Planned to date (black tick)")
        )  # fmt: skip
    out.append(s.legend(items, SVG_WIDTH / 2, bottom + 50))
    out.append("</svg>")
    return "\n".join(out)
