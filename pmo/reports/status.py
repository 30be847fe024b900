"""The portfolio dashboard behind ``pmo status``: every programme and project rated.

:func:`build` rates the programmes and projects in scope at the as-of date (:mod:`pmo.rag`)
into a :class:`StatusReport`; its table, CSV table and data are what ``pmo status`` prints
(see :mod:`pmo.reports`), the data being the records format's "Machine-readable output".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.asof import risk_band
from pmo.portfolio import Portfolio
from pmo.rag import RANK, Memo, Rating, rate
from pmo.records import RiskBands, Work
from pmo.reports.rows import rating_json
from pmo.scope import Scope, programme_of, select
from pmo.tabular import RAG_STYLE, Cell, Table, rag_cell


@dataclass(slots=True)
class StatusRow:
    """One programme or project on the dashboard."""

    kind: str  # "programme" or "project"
    work: Work
    id: str
    name: str
    programme: str | None
    lead_name: str
    rating: Rating


@dataclass(slots=True)
class StatusReport:
    """The dashboard at a date: programme rows, project rows and totals over the projects."""

    as_of: dt.date
    bands: RiskBands = field(default_factory=RiskBands)
    programmes: list[StatusRow] = field(default_factory=list)
    projects: list[StatusRow] = field(default_factory=list)
    #: Programme id → its name (also for projects whose programme is not a known record).
    programme_names: dict[str, str] = field(default_factory=dict)

    def groups(self) -> list[tuple[str, StatusRow | None, list[StatusRow]]]:
        """(programme id, its row if shown, its project rows), in portfolio order."""
        own = {row.id: row for row in self.programmes}
        members: dict[str, list[StatusRow]] = {pid: [] for pid in own}
        for row in self.projects:
            if row.programme is not None:
                members.setdefault(row.programme, []).append(row)
        return [(pid, own.get(pid), rows) for pid, rows in members.items()]

    def table(self) -> Table:
        return to_table(self)

    def csv_table(self) -> Table:
        return to_csv_table(self)

    def data(self) -> dict[str, Any]:
        return to_data(self)

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


def _row(
    kind: str, work: Work, programme: str | None, pf: Portfolio, as_of: dt.date, memo: Memo
) -> StatusRow:
    return StatusRow(
        kind=kind,
        work=work,
        id=work.id,
        name=work.name,
        programme=programme,
        lead_name=pf.person_name(work.lead),
        rating=rate(work, pf, as_of, memo=memo),
    )


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    rags: Iterable[str] | None = None,
) -> StatusReport:
    """The dashboard at ``as_of`` of the work in ``scope``, optionally only work whose
    declared rating is one of ``rags`` (``"none"`` for work with no update yet).

    A project whose programme row is left out is still grouped under its programme's name.
    """
    wanted = set(rags) if rags is not None else None
    report = StatusReport(as_of, pf.settings.risk_bands)
    report.programme_names = {p.id: p.name for p in pf.programmes.values()}
    memo: Memo = {}
    for work in select(pf, scope):
        kind = "programme" if work.id in pf.programmes else "project"
        programme = None if kind == "programme" else programme_of(work)
        if programme is not None:
            report.programme_names.setdefault(programme, programme)
        row = _row(kind, work, programme, pf, as_of, memo)
        if wanted is None or (row.rating.declared or "none") in wanted:
            (report.programmes if kind == "programme" else report.projects).append(row)
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
    "Ben",
    "Score",
    "Next milestone",
    "Due",
    "Late",
    "Age",
    "Flags",
]


#: Columns left out, in this order, on a terminal too narrow for the table: at 80 columns
#: ID, Declared, Derived, Late, Age and Flags stay.
DROP = ("Score", "Lead", "Name", "Next milestone", "Due", "Trend", "Ben", "Risk", "Cost", "Sched")


def _trend_cell(trend: str | None, words: bool) -> Cell:
    if trend is None:
        return Cell("")
    style = {"up": "green", "down": "red"}.get(trend)
    return Cell(trend if words else formats.trend(trend, "arrow"), style)


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


def _cells(row: StatusRow, report: StatusReport, words: bool) -> list[Cell]:
    r = row.rating
    m = r.next_milestone
    score = r.top_risk_score
    band_style = None
    if score is not None:
        band_style = RAG_STYLE.get(risk_band(score, report.bands))
    name_style = "bold" if row.kind == "programme" else None
    return [
        Cell(row.id, name_style),
        Cell(row.name, name_style),
        Cell(row.lead_name),
        rag_cell(r.declared, None if r.declared else "no update"),
        rag_cell(r.derived),
        _trend_cell(r.trend, words),
        rag_cell(r.schedule.rating),
        rag_cell(r.cost.rating),
        rag_cell(r.risk.rating),
        rag_cell(r.benefits.rating),
        Cell("" if score is None else str(score), band_style),
        Cell("" if m is None else m.title),
        Cell(str(m.due) if m else ""),
        Cell(str(r.overdue_milestones), "bold red" if r.overdue_milestones else None),
        _age_cell(r),
        Cell(" ".join(flags(r)), "bold magenta" if r.watermelon else None),
    ]


def to_table(report: StatusReport, *, words: bool = False) -> Table:
    """The dashboard as a :class:`~pmo.tabular.Table`: a section per programme, the
    programme's own row first; totals in the caption. ``words``: trends as words, not
    arrows. Plain text cuts names at 28 and milestone titles at 32 characters; a narrow
    terminal shrinks them, then leaves out the columns in ``drop`` order: at 80 columns
    the id, the declared and derived ratings, late milestones, age and flags stay, and are
    never cut.
    """
    table = Table(
        list(COLUMNS),
        title=f"Portfolio status as of {report.as_of}",
        numeric={"Score", "Late"},
        caption=totals_line(report),
        limits={"Name": 28, "Next milestone": 32},
        shrink={"Name": 12, "Lead": 8, "Next milestone": 12},
        drop=DROP,
    )
    for pid, own, rows in report.groups():
        if own is None and not rows:
            continue
        table.section(report.programme_names[pid])  # build() names every programme
        if own is not None:
            table.add(*_cells(own, report, words))
        for row in rows:
            table.add(*_cells(row, report, words))
    return table


def totals_line(report: StatusReport) -> str:
    """One line: how many projects at each declared and derived rating, stale, watermelons."""
    t = report.totals()

    def counts(by: dict[str, int]) -> str:
        shown = [f"{n} {k.upper() if k != 'none' else 'none'}" for k, n in by.items()]
        return ", ".join(shown) if shown else "none"

    return (
        f"{formats.plural(t['projects'], 'project')}. Declared: {counts(t['declared'])}. "
        f"Derived: {counts(t['derived'])}. Stale: {t['stale']}. Watermelons: {t['watermelon']}."
    )


def to_csv_table(report: StatusReport) -> Table:
    """The dashboard for spreadsheets: a Programme column first, trends as words, no totals."""
    table = to_table(report, words=True)
    out = Table(["Programme", *table.columns])
    programme = ""
    for i, row in enumerate(table.rows):
        programme = table.sections.get(i, programme)
        out.rows.append([Cell(programme), *row])
    return out


def to_data(report: StatusReport) -> dict[str, Any]:
    """``{"as_of", "projects", "programmes", "totals"}`` as plain data."""
    return {
        "as_of": report.as_of.isoformat(),
        "projects": [rating_json(r.work, r.rating, r.programme) for r in report.projects],
        "programmes": [rating_json(r.work, r.rating, None) for r in report.programmes],
        "totals": report.totals(),
    }
