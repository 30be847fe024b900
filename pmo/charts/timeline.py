"""Milestone timeline: baseline, forecast and actual dates; the meeting a line; overdue marked."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmo.charts import Chart
from pmo.charts.palette import BLACK, BLUE, GREEN, GREY, VERMILION, day

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext
    from pmo.reports.rows import MilestoneRow

NAME = "timeline"
#: The most milestones drawn (the overdue first, then achieved, then due).
LIMIT = 24


def _row(m: MilestoneRow, status: str) -> dict[str, object]:
    return {
        "id": m.id,
        "label": f"{m.work}: {m.title}",
        "baseline": m.baseline.isoformat(),
        "forecast": m.due.isoformat(),
        "actual": m.actual.isoformat() if m.actual else None,
        "status": status,
        "days_overdue": m.days_overdue,
    }


def build(paper: PaperContext) -> Chart | None:
    rows = [_row(m, "overdue") for m in paper.overdue]
    rows += [_row(m, "achieved") for m in paper.achieved]
    rows += [_row(m, "due") for m in paper.due]
    if not rows:
        return None
    rows = rows[:LIMIT]
    overdue = [r for r in rows if r["status"] == "overdue"]
    alt = (
        f"Milestone timeline of {len(rows)} milestones. Each has its baseline date (open "
        f"black circle), its forecast (blue diamond) and, once achieved, its actual date "
        f"(green square); a grey line joins baseline to forecast or actual. A dashed black "
        f"line marks the meeting on {day(paper.as_of)}."
    )
    if overdue:
        listed = "; ".join(f"{r['label']} ({r['days_overdue']} days)" for r in overdue)
        alt += f" Overdue, drawn in vermilion and labelled OVERDUE: {listed}."
    data = {"as_of": paper.as_of.isoformat(), "milestones": rows}
    return Chart(
        NAME, "Milestones reported in this paper", alt, data, size=(6.5, 1.2 + 0.25 * len(rows))
    )


def _num(day: dt.date) -> float:
    """Matplotlib's number for a date: days since its epoch, 1 January 1970."""
    return float(day.toordinal() - EPOCH)


EPOCH = dt.date(1970, 1, 1).toordinal()


def draw(chart: Chart) -> Figure:
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    rows = chart.data["milestones"]
    as_of_day = dt.date.fromisoformat(chart.data["as_of"])
    as_of = _num(as_of_day)
    figure = Figure(figsize=chart.size, layout="constrained")
    ax = figure.add_subplot()
    for i, r in enumerate(rows):
        base = _num(dt.date.fromisoformat(r["baseline"]))
        fore = _num(dt.date.fromisoformat(r["forecast"]))
        act = _num(dt.date.fromisoformat(r["actual"])) if r["actual"] else None
        end = act if act is not None else fore
        late = r["status"] == "overdue"
        ax.plot([base, end], [i, i], color=VERMILION[0] if late else GREY[0], lw=1.5, zorder=1)
        ax.plot(base, i, "o", mfc="white", mec=BLACK[0], ms=5, zorder=3)
        if act is None:
            ax.plot(fore, i, "D", color=VERMILION[0] if late else BLUE[0], ms=5, zorder=3)
        else:
            ax.plot(act, i, "s", color=GREEN[0], ms=5, zorder=3)
        if late:
            ax.annotate(
                f"OVERDUE {r['days_overdue']} days",
                (max(end, as_of), i),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color=VERMILION[0],
                fontweight="bold",
            )
    ax.axvline(as_of, color=BLACK[0], ls="--", lw=1)
    ax.text(as_of, -0.9, f" Meeting {day(as_of_day)}", fontsize=7, va="bottom")
    labels = [r["label"] if len(r["label"]) <= 58 else r["label"][:56] + "…" for r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.set_ylim(len(rows) - 0.4, -1.0)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#E5E5E5", lw=0.6)
    ax.tick_params(axis="x", labelsize=7)
    right = max(
        max(_num(dt.date.fromisoformat(r["actual"] or r["forecast"])) for r in rows),
        as_of,
    )
    late = any(r["status"] == "overdue" for r in rows)
    ax.set_xlim(right=right + (60 if late else 15))
    handles = [
        Line2D(
            [], [], marker="o", mfc="white", mec=BLACK[0], ls="", label="Baseline (open circle)"
        ),
        Line2D([], [], marker="D", color=BLUE[0], ls="", label="Forecast (blue diamond)"),
        Line2D([], [], marker="s", color=GREEN[0], ls="", label="Achieved (green square)"),
        Line2D([], [], marker="D", color=VERMILION[0], ls="", label="Overdue (vermilion)"),
        Line2D([], [], color=BLACK[0], ls="--", label="Meeting date (dashed)"),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=6.5, frameon=False)
    return figure
