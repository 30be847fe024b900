"""Milestone timeline: baseline, forecast and actual dates; the meeting a line; overdue marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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


def _row(
    m: MilestoneRow, status: str, label: Callable[[MilestoneRow], str] | None = None
) -> dict[str, object]:
    return {
        "id": m.id,
        "label": label(m) if label is not None else f"{m.work}: {m.title}",
        "baseline": m.baseline.isoformat(),
        "forecast": m.due.isoformat(),
        "actual": m.actual.isoformat() if m.actual else None,
        "status": status,
        "days_overdue": m.days_overdue,
    }


def build(paper: PaperContext) -> Chart | None:
    return chart(paper.as_of, paper.overdue, paper.achieved, paper.due)


def chart(
    as_of: dt.date,
    overdue: Sequence[MilestoneRow],
    achieved: Sequence[MilestoneRow],
    due: Sequence[MilestoneRow],
    *,
    title: str = "Milestones reported in this paper",
    marker: str = "the meeting",
    label: Callable[[MilestoneRow], str] | None = None,
) -> Chart | None:
    """The timeline of some milestone rows (overdue first, then achieved, then due, up to
    :data:`LIMIT`) as of a date, which ``marker`` names in the alt text; ``label`` words
    each row (default: its work's name and its title)."""
    rows = [_row(m, "overdue", label) for m in overdue]
    rows += [_row(m, "achieved", label) for m in achieved]
    rows += [_row(m, "due", label) for m in due]
    if not rows:
        return None
    rows = rows[:LIMIT]
    late = [r for r in rows if r["status"] == "overdue"]
    alt = (
        f"Milestone timeline of {len(rows)} milestones. Each has its baseline date (open "
        f"black circle), its forecast (blue diamond) and, once achieved, its actual date "
        f"(green square); a grey line joins baseline to forecast or actual. A dashed black "
        f"line marks {marker} on {day(as_of)}."
    )
    if late:
        listed = "; ".join(f"{r['label']} ({r['days_overdue']} days)" for r in late)
        alt += f" Overdue, drawn in vermilion and labelled OVERDUE: {listed}."
    data = {"as_of": as_of.isoformat(), "milestones": rows}
    return Chart(NAME, title, alt, data, size=(6.5, 1.2 + 0.25 * len(rows)))


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


# --- the same chart as light SVG text (a site draws hundreds: matplotlib takes ~0.1 s each) ---

#: Width of the SVG's coordinate space, its label column, and the height of a row.
SVG_WIDTH, SVG_LABELS, SVG_ROW = 800, 290, 22
#: A darker vermilion for words (4.5:1 on white, as text needs); marks keep the palette's.
_LATE_TEXT = "#A34400"


def svg(chart: Chart, *, ident: str = "timeline", marker: str = "Meeting") -> str:
    """The chart as an inline ``<svg>`` element: the marks, colours and legend of
    :func:`draw`, its title and alt text as the SVG's ``<title>`` and ``<desc>`` (so it
    reads as one image with that description). ``ident`` makes its ids unique in a page;
    ``marker`` labels the dashed line (a paper's meeting by default). All text is escaped
    (:func:`pmo.charts.svg.esc`)."""
    from pmo.charts.svg import esc as escape
    from pmo.charts.svg import label as text
    from pmo.charts.svg import start

    rows = chart.data["milestones"]
    as_of = dt.date.fromisoformat(chart.data["as_of"])
    days = [as_of] + [
        dt.date.fromisoformat(r[key]) for r in rows for key in ("baseline", "forecast", "actual")
        if r[key]
    ]  # fmt: skip
    first, last = min(days), max(days)
    first = dt.date(first.year, first.month, 1)
    span = max((last - first).days, 28)
    left, right = SVG_LABELS + 12, SVG_WIDTH - 130
    top = 30
    bottom = top + SVG_ROW * len(rows)
    height = bottom + 84

    def x(when: dt.date) -> float:
        return round(left + (when - first).days / span * (right - left), 1)

    out = start(ident, SVG_WIDTH, height, chart.title, chart.alt)
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if span / 30.4 / s <= 8), 120)
    tick = first
    while tick <= last + dt.timedelta(days=1):
        tx = x(tick)
        out.append(f'<line x1="{tx}" y1="{top - 4}" x2="{tx}" y2="{bottom}" stroke="#E5E5E5"/>')
        out.append(
            f'<text x="{tx}" y="{bottom + 16}" text-anchor="middle" fill="#333">'
            f'{tick:%b}<tspan x="{tx}" dy="14">{tick.year}</tspan></text>'
        )
        month = tick.month - 1 + step
        tick = dt.date(tick.year + month // 12, month % 12 + 1, 1)
    mx = x(as_of)
    out.append(
        f'<line x1="{mx}" y1="{top - 8}" x2="{mx}" y2="{bottom}" stroke="{BLACK[0]}" '
        f'stroke-dasharray="5 3"/>'
    )
    anchor = "end" if mx > (left + right) / 2 else "start"
    shift = -4 if anchor == "end" else 4
    out.append(
        f'<text x="{mx + shift}" y="{top - 12}" text-anchor="{anchor}" font-size="11">'
        f"{escape(marker)} {escape(day(as_of))}</text>"
    )
    for i, r in enumerate(rows):
        cy = top + SVG_ROW * i + SVG_ROW // 2
        out.append(text(SVG_LABELS, cy + 4, str(r["label"]), size=12, room=SVG_LABELS - 6,
                        anchor="end"))  # fmt: skip
        base = x(dt.date.fromisoformat(r["baseline"]))
        fore = x(dt.date.fromisoformat(r["forecast"]))
        act = x(dt.date.fromisoformat(r["actual"])) if r["actual"] else None
        end = act if act is not None else fore
        late = r["status"] == "overdue"
        line = VERMILION[0] if late else GREY[0]
        out.append(
            f'<line x1="{base}" y1="{cy}" x2="{end}" y2="{cy}" stroke="{line}" stroke-width="2"/>'
        )
        out.append(
            f'<circle cx="{base}" cy="{cy}" r="4" fill="#fff" stroke="{BLACK[0]}" '
            f'stroke-width="1.5"/>'
        )
        if act is None:
            colour = VERMILION[0] if late else BLUE[0]
            out.append(
                f'<path d="M{fore} {cy - 5.5}l5.5 5.5l-5.5 5.5l-5.5 -5.5z" fill="{colour}"/>'
            )
        else:
            out.append(f'<rect x="{act - 4.5}" y="{cy - 4.5}" width="9" height="9" '
                       f'fill="{GREEN[0]}"/>')  # fmt: skip
        if late:
            out.append(
                f'<text x="{max(end, mx) + 8}" y="{cy + 4}" font-size="11" font-weight="bold" '
                f'fill="{_LATE_TEXT}">OVERDUE {r["days_overdue"]} days</text>'
            )
    legend = bottom + 50
    items = (
        ("Baseline (open circle)", f'<circle cx="6" cy="0" r="4" fill="#fff" '
         f'stroke="{BLACK[0]}" stroke-width="1.5"/>'),
        ("Forecast (blue diamond)", f'<path d="M6 -5.5l5.5 5.5l-5.5 5.5l-5.5 -5.5z" '
         f'fill="{BLUE[0]}"/>'),
        ("Achieved (green square)", f'<rect x="1.5" y="-4.5" width="9" height="9" '
         f'fill="{GREEN[0]}"/>'),
        ("Overdue (vermilion)", f'<path d="M6 -5.5l5.5 5.5l-5.5 5.5l-5.5 -5.5z" '
         f'fill="{VERMILION[0]}"/>'),
        (f"{marker} (dashed)", f'<line x1="0" y1="0" x2="12" y2="0" stroke="{BLACK[0]}" '
         f'stroke-dasharray="4 2"/>'),
    )  # fmt: skip
    for i, (words, mark) in enumerate(items):
        lx, ly = 10 + (i % 3) * 220, legend + (i // 3) * 18
        out.append(
            f'<g transform="translate({lx} {ly})">{mark}'
            f'<text x="18" y="4" font-size="11" fill="#0B0C0C">{escape(words)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
