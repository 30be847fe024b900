"""The portfolio dashboard behind ``pmo status``: a :class:`StatusReport`, then its renderings.

:func:`build` rates every programme and project at the as-of date (:mod:`pmo.rag`) and
applies the filters; the ``render_*`` functions turn the result into a table (rich or
plain text), markdown, CSV or the JSON of the records format's "Machine-readable output".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pmo.asof import risk_band
from pmo.portfolio import Portfolio
from pmo.rag import RANK, TREND_ARROW, Dimension, Rating, rate
from pmo.records import RiskBands, Work
from pmo.tabular import RAG_STYLE, Cell, Table, rag_cell, to_csv, to_markdown, to_text

#: Above this many rows the terminal table is printed as plain text (rich is slow on huge tables).
RICH_MAX_ROWS = 200


@dataclass(slots=True)
class StatusRow:
    """One programme or project on the dashboard."""

    kind: str  # "programme" or "project"
    id: str
    name: str
    programme: str | None
    lead: str
    lead_name: str
    rating: Rating


@dataclass(slots=True)
class StatusReport:
    """The dashboard at a date: programme rows, project rows and totals over the projects."""

    as_of: dt.date
    rag_scale: str
    currency: str
    bands: RiskBands = field(default_factory=RiskBands)
    programmes: list[StatusRow] = field(default_factory=list)
    projects: list[StatusRow] = field(default_factory=list)
    #: Programme id → its name (also for projects whose programme is not a known record).
    programme_names: dict[str, str] = field(default_factory=dict)

    def groups(self) -> list[tuple[str, StatusRow | None, list[StatusRow]]]:
        """(programme id, its row if shown, its project rows), in portfolio order."""
        order: list[str] = [row.id for row in self.programmes]
        for row in self.projects:
            if row.programme is not None and row.programme not in order:
                order.append(row.programme)
        own = {row.id: row for row in self.programmes}
        return [
            (pid, own.get(pid), [r for r in self.projects if r.programme == pid]) for pid in order
        ]

    def totals(self) -> dict[str, Any]:
        """Counts over the project rows: by declared and derived rating, stale, watermelons."""
        return {
            "projects": len(self.projects),
            "declared": _count(r.rating.declared for r in self.projects),
            "derived": _count(r.rating.derived for r in self.projects),
            "stale": sum(r.rating.stale for r in self.projects),
            "watermelon": sum(r.rating.watermelon for r in self.projects),
        }


def _count(ratings: Iterable[str | None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rating in ratings:
        key = rating or "none"
        counts[key] = counts.get(key, 0) + 1
    order = [*reversed(RANK), "none"]
    return {k: counts[k] for k in sorted(counts, key=order.index)}


def _row(kind: str, work: Work, programme: str | None, pf: Portfolio, as_of: dt.date) -> StatusRow:
    return StatusRow(
        kind=kind,
        id=work.id,
        name=work.name,
        programme=programme,
        lead=work.lead,
        lead_name=pf.person_name(work.lead),
        rating=rate(work, pf, as_of),
    )


def _keep(row: StatusRow, rags: set[str] | None, lead: str | None) -> bool:
    if rags is not None and (row.rating.declared or "none") not in rags:
        return False
    return lead is None or row.lead == lead


def build(
    pf: Portfolio,
    as_of: dt.date,
    *,
    programme: str | None = None,
    rags: Iterable[str] | None = None,
    lead: str | None = None,
) -> StatusReport:
    """The dashboard at ``as_of``, optionally for one programme, some declared ratings
    (``"none"`` for work with no update yet) or one lead (a person id).

    Filters apply to programme and project rows alike; a project whose programme row is
    filtered out is still grouped under its programme's name.
    """
    wanted = set(rags) if rags is not None else None
    report = StatusReport(
        as_of, pf.settings.rag_scale, pf.settings.currency, pf.settings.risk_bands
    )
    for prog in pf.programmes.values():
        report.programme_names[prog.id] = prog.name
        if programme is not None and prog.id != programme:
            continue
        row = _row("programme", prog, None, pf, as_of)
        if _keep(row, wanted, lead):
            report.programmes.append(row)
    known = list(pf.programmes)
    projects = sorted(
        pf.projects.values(),
        key=lambda p: known.index(p.programme) if p.programme in known else len(known),
    )
    for proj in projects:
        report.programme_names.setdefault(proj.programme, proj.programme)
        if programme is not None and proj.programme != programme:
            continue
        row = _row("project", proj, proj.programme, pf, as_of)
        if _keep(row, wanted, lead):
            report.projects.append(row)
    return report


def fails(report: StatusReport, threshold: str) -> list[StatusRow]:
    """Projects at or below ``threshold``: their declared or derived rating, whichever is worse."""
    limit = RANK[threshold]
    return [
        row
        for row in report.projects
        if max(RANK.get(row.rating.declared or "", -1), RANK.get(row.rating.derived or "", -1))
        >= limit
    ]


# --- rendering ---------------------------------------------------------------------------

#: Columns of the dashboard (short headers keep the table readable in 120 columns).
COLUMNS = [
    "ID",
    "Name",
    "Lead",
    "Declared",
    "Derived",
    "Trend",
    "Sched",
    "Cost",
    "Risk",
    "Next milestone",
    "Due",
    "Late",
    "Age",
    "Flags",
]
#: Longest name and milestone title shown in the table (the full text is in JSON and show).
NAME_WIDTH, TITLE_WIDTH = 28, 32


def short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> short("Outline business case to CSWACE", 12)
    'Outline bus…'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _trend_cell(trend: str | None, words: bool) -> Cell:
    if trend is None:
        return Cell("")
    style = {"up": "green", "down": "red"}.get(trend)
    return Cell(trend if words else TREND_ARROW[trend], style)


def _dim_cell(d: Dimension) -> Cell:
    return rag_cell(d.rating)


def _age_cell(r: Rating) -> Cell:
    if r.closed:
        return Cell("closed")
    text = "never" if r.age_days is None else f"{r.age_days}d"
    return Cell(text, "bold red" if r.stale else None)


def flags(r: Rating) -> list[str]:
    """Words for the row's flags: WATERMELON, STALE, CLOSED."""
    out = []
    if r.watermelon:
        out.append("WATERMELON")
    if r.stale:
        out.append("STALE")
    if r.closed:
        out.append("CLOSED")
    return out


def _cells(row: StatusRow, report: StatusReport, words: bool, full: bool) -> list[Cell]:
    r = row.rating
    m = r.next_milestone
    score = r.top_risk_score
    band_style = None
    if score is not None:
        band_style = RAG_STYLE.get(risk_band(score, report.bands))
    name_style = "bold" if row.kind == "programme" else None
    return [
        Cell(row.id, name_style),
        Cell(row.name if full else short(row.name, NAME_WIDTH), name_style),
        Cell(row.lead_name),
        rag_cell(r.declared, None if r.declared else "no update"),
        rag_cell(r.derived),
        _trend_cell(r.trend, words),
        _dim_cell(r.schedule),
        _dim_cell(r.cost),
        Cell("" if score is None else str(score), band_style),
        Cell("" if m is None else m.title if full else short(m.title, TITLE_WIDTH)),
        Cell(str(m.due) if m else ""),
        Cell(str(r.overdue_milestones), "bold red" if r.overdue_milestones else None),
        _age_cell(r),
        Cell(" ".join(flags(r)), "bold magenta" if r.watermelon else None),
    ]


def to_table(report: StatusReport, *, words: bool = False, full: bool = False) -> Table:
    """The dashboard as a :class:`~pmo.tabular.Table`: a section per programme, the
    programme's own row first; totals in the caption. ``words``: trends as words, not
    arrows; ``full``: names and milestone titles not cut short.
    """
    table = Table(
        list(COLUMNS),
        title=f"Portfolio status as of {report.as_of}",
        numeric={"Risk", "Late"},
        caption=totals_line(report),
    )
    for pid, own, rows in report.groups():
        if own is None and not rows:
            continue
        table.section(report.programme_names.get(pid, pid))
        if own is not None:
            table.add(*_cells(own, report, words, full))
        for row in rows:
            table.add(*_cells(row, report, words, full))
    return table


#: Columns that may shrink (cut with an ellipsis) on a narrow terminal, and their least width.
_SHRINK = {"Name": 12, "Lead": 8, "Next milestone": 12}
#: Columns left out, in this order, while the table would still not fit the terminal.
_DROP = ("Lead", "Name")


def _without(table: Table, drop: set[str]) -> Table:
    keep = [j for j, c in enumerate(table.columns) if c not in drop]
    out = Table([table.columns[j] for j in keep], title=table.title, caption=table.caption,
                 numeric=table.numeric, sections=dict(table.sections))  # fmt: skip
    out.rows = [[row[j] for j in keep] for row in table.rows]
    return out


def to_rich(report: StatusReport, width: int | None = None) -> Any:
    """A rich table for the terminal: one line per row, long text cut to fit ``width``.

    Ratings, dates, numbers and flags are never cut; names, leads and milestone titles
    share what room is left, and on a narrow terminal the Lead then the Name column are
    left out.
    """
    from rich import box

    from pmo.tabular import to_rich as rich_table

    table = to_table(report, full=True)

    def natural(t: Table, j: int) -> int:
        return max([len(t.columns[j]), *(len(row[j].text) for row in t.rows)])

    def widths(t: Table) -> dict[int, int] | None:
        # Each column costs its width plus 2 (right padding and a separator).
        fixed = sum(natural(t, j) for j, c in enumerate(t.columns) if c not in _SHRINK)
        room = (width or 10**6) - fixed - 2 * len(t.columns)
        shrink = [j for j, c in enumerate(t.columns) if c in _SHRINK]
        if room < sum(_SHRINK[t.columns[j]] for j in shrink):
            return None
        want = {j: natural(t, j) for j in shrink}
        out = {j: _SHRINK[t.columns[j]] for j in shrink}
        room -= sum(out.values())
        while room > 0 and any(out[j] < want[j] for j in shrink):
            for j in shrink:
                if room > 0 and out[j] < want[j]:
                    out[j] += 1
                    room -= 1
        return out

    fit = widths(table)
    for name in _DROP:
        if fit is not None:
            break
        table = _without(table, {name})
        fit = widths(table)
    out = rich_table(table)
    out.box = box.SIMPLE_HEAD
    out.pad_edge = False
    out.padding = (0, 1, 0, 0)
    for j, column in enumerate(out.columns):
        column.no_wrap = True
        column.overflow = "ellipsis"
        name = table.columns[j]
        size = fit[j] if fit is not None and j in fit else _SHRINK.get(name) or natural(table, j)
        column.min_width = column.max_width = size
    return out


def print_rich(report: StatusReport) -> None:
    """Print the dashboard with rich (colour where the terminal has it)."""
    from rich.console import Console

    console = Console()
    console.print(to_rich(report, console.width))


def totals_line(report: StatusReport) -> str:
    """One line: how many projects at each declared and derived rating, stale, watermelons."""
    t = report.totals()

    def counts(by: dict[str, int]) -> str:
        shown = [f"{n} {k.upper() if k != 'none' else 'none'}" for k, n in by.items()]
        return ", ".join(shown) if shown else "none"

    return (
        f"{t['projects']} projects. Declared: {counts(t['declared'])}. "
        f"Derived: {counts(t['derived'])}. Stale: {t['stale']}. Watermelons: {t['watermelon']}."
    )


def render_text(report: StatusReport) -> str:
    """Plain aligned text (no colour): for pipes, files and very large portfolios."""
    return to_text(to_table(report))


def render_markdown(report: StatusReport) -> str:
    """A markdown table (record text escaped) with the totals line under it."""
    return to_markdown(to_table(report, full=True))


def render_csv(report: StatusReport) -> str:
    """CSV with a Programme column first; trends as words, text in full; no totals."""
    table = to_table(report, words=True, full=True)
    table.caption = None
    return to_csv(table, section_column="Programme")


def _dimension_json(d: Dimension) -> dict[str, Any]:
    return {"rating": d.rating, "reasons": list(d.reasons)}


def row_json(row: StatusRow) -> dict[str, Any]:
    """One row as the records format's machine-readable entry (plus extra fields)."""
    r = row.rating
    m = r.next_milestone
    out: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "programme": row.programme,
        "rag": r.declared,
        "derived_rag": r.derived,
        "trend": r.trend,
        "stale": r.stale,
        "watermelon": r.watermelon,
        "overdue_milestones": r.overdue_milestones,
        "open_risks": r.open_risks,
        "top_risk_score": r.top_risk_score,
        "lead": row.lead,
        "previous_rag": r.previous,
        "schedule": _dimension_json(r.schedule),
        "cost": _dimension_json(r.cost),
        "risk": _dimension_json(r.risk),
        "last_update": r.last_update.isoformat() if r.last_update else None,
        "age_days": r.age_days,
        "closed": r.closed,
        "next_milestone": (
            {"id": m.id, "title": m.title, "due": m.due.isoformat()} if m is not None else None
        ),
    }
    if row.kind == "programme":
        del out["programme"]
    return out


def to_json_data(report: StatusReport) -> dict[str, Any]:
    """``{"as_of", "projects", "programmes", "totals"}`` as plain data."""
    return {
        "as_of": report.as_of.isoformat(),
        "projects": [row_json(r) for r in report.projects],
        "programmes": [row_json(r) for r in report.programmes],
        "totals": report.totals(),
    }


def render_json(report: StatusReport) -> str:
    return json.dumps(to_json_data(report), indent=2, ensure_ascii=False) + "\n"
