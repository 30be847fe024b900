"""``pmo export``: the portfolio as an Excel workbook a programme office can work in.

Sheets Status, Milestones, Risks, Issues, Decisions, Benefits and Budget, each built from
the report behind the matching command as of one date. Header rows are frozen and
filtered, dates are dates, money is a number in £, ratings are spelled out and filled in
their colour, and rating, likelihood, impact, status and priority columns offer their
values in a drop-down. The item sheets read back with ``pmo import`` (``--update`` to take
edits): their headers are ones the importer knows, and derived columns (Score, Rating,
State, Age) are checked, never imported. Record text is written as text, never as a
formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmo.portfolio import Portfolio
from pmo.spreadsheet.values import IMPACT_LABELS, LIKELIHOOD_LABELS, score_label

#: Fill and font colour of each rating (and risk band), as a board paper shows them.
RAG_COLOURS: dict[str, tuple[str, str]] = {
    "red": ("C00000", "FFFFFF"),
    "amber-red": ("F4B183", "000000"),
    "amber": ("FFC000", "000000"),
    "amber-green": ("C5E0B3", "000000"),
    "green": ("00B050", "FFFFFF"),
}
RAG_WORDS = {
    "red": "Red",
    "amber-red": "Amber/Red",
    "amber": "Amber",
    "amber-green": "Amber/Green",
    "green": "Green",
}
BAND_WORDS = {"red": "High", "amber": "Medium", "green": "Low"}
HEADER_FILL = "1F4E78"
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"£"#,##0;-"£"#,##0'
PENCE_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
#: Width (characters) of a column of free text, which wraps.
WIDE = 48


@dataclass(slots=True)
class Column:
    """A column: its header, how wide, and what its cells are (text, date, money, ...)."""

    header: str
    kind: str = "text"
    #: Values offered in a drop-down (data validation), if any.
    choices: Sequence[str] = ()
    wide: bool = False


@dataclass(slots=True)
class SheetSpec:
    """One sheet: its columns and rows of values (a rating as ``("rag", "amber")``)."""

    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    #: Excel formulas for derived columns, by header: ``{row}`` is the row number.
    formulas: dict[str, str] = field(default_factory=dict)


def _date(day: dt.date | None) -> dt.date | None:
    return day


def _ids(values: list[str]) -> str:
    return ", ".join(values)


def status_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    from pmo.asof import latest_update
    from pmo.reports import status

    report = status.build(pf, on)
    rag = [RAG_WORDS[r] for r in RAG_WORDS]
    spec = SheetSpec(
        "Status",
        [
            Column("Kind"),
            Column("Programme"),
            Column("ID"),
            Column("Name", wide=True),
            Column("Lead"),
            Column("Rating", "rag", rag),
            Column("Derived", "rag"),
            Column("Trend", "flag"),
            Column("Schedule", "rag"),
            Column("Cost", "rag"),
            Column("Risk", "rag"),
            Column("Benefits", "rag"),
            Column("Last update", "date"),
            Column("Age (days)", "number"),
            Column("Stale", "flag"),
            Column("Watermelon", "flag"),
            Column("Open risks", "number"),
            Column("Overdue milestones", "number"),
            Column("Summary", wide=True),
        ],
    )
    for row in [*report.programmes, *report.projects]:
        r = row.rating
        latest = latest_update(row.work, on)
        spec.rows.append(
            [
                row.kind.title(),
                row.programme or row.id,
                row.id,
                row.name,
                row.lead_name,
                ("rag", r.declared),
                ("rag", r.derived),
                r.trend or "",
                ("rag", r.schedule.rating),
                ("rag", r.cost.rating),
                ("rag", r.risk.rating),
                ("rag", r.benefits.rating),
                r.last_update,
                r.age_days,
                "Yes" if r.stale else "",
                "Yes" if r.watermelon else "",
                r.open_risks,
                r.overdue_milestones,
                latest.summary if latest else "",
            ]
        )
    return spec


def milestones_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    from pmo.reports import milestones

    report = milestones.build(pf, on, include_done=True)
    spec = SheetSpec(
        "Milestones",
        [
            Column("Workstream"),
            Column("ID"),
            Column("Ref"),
            Column("Milestone", wide=True),
            Column("Description", wide=True),
            Column("Owner"),
            Column("Baseline", "date"),
            Column("Forecast", "date"),
            Column("Actual", "date"),
            Column("Gate", "flag", ("Yes", "No")),
            Column("Depends on", wide=True),
            Column("State"),
            Column("Slip (days)", "number"),
        ],
    )
    for row in report.rows:
        m = row.milestone
        spec.rows.append(
            [
                row.work_id,
                m.id,
                m.ref,
                m.title,
                m.description,
                _person(pf, m.owner),
                m.baseline,
                m.forecast,
                m.actual,
                "Yes" if m.gate else "No",
                _ids(m.depends_on),
                row.state,
                row.slip_days,
            ]
        )
    return spec


def _person(pf: Portfolio, id_: str | None) -> str:
    return pf.person_name(id_) if id_ else ""


def risks_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    from pmo.reports import risks
    from pmo.spreadsheet.rows import action_text

    register = risks.build(pf, on, include_closed=True)
    likelihood = [score_label(i, LIKELIHOOD_LABELS) for i in range(1, 6)]
    impact = [score_label(i, IMPACT_LABELS) for i in range(1, 6)]
    spec = SheetSpec(
        "Risks",
        [
            Column("Workstream"),
            Column("ID"),
            Column("Ref"),
            Column("Risk", wide=True),
            Column("Description", wide=True),
            Column("Owner"),
            Column("Category"),
            Column("Likelihood", choices=likelihood),
            Column("Impact", choices=impact),
            Column("Score", "number"),
            Column("Rating", "band"),
            Column("Inherent likelihood", choices=likelihood),
            Column("Inherent impact", choices=impact),
            Column("Target likelihood", choices=likelihood),
            Column("Target impact", choices=impact),
            Column("Response", choices=("Treat", "Tolerate", "Transfer", "Terminate", "Take")),
            Column("Proximity", "date"),
            Column("Raised", "date"),
            Column("Next review", "date"),
            Column("Status", choices=("Open", "Closed")),
            Column("Closed", "date"),
            Column("Mitigating actions", wide=True),
        ],
    )
    for row in register.rows:
        k = row.risk

        def pair(a: Any, part: str) -> str | None:
            if a is None:
                return None
            labels = LIKELIHOOD_LABELS if part == "likelihood" else IMPACT_LABELS
            return score_label(getattr(a, part), labels)

        spec.rows.append(
            [
                row.work_id,
                k.id,
                k.ref,
                k.title,
                k.description,
                _person(pf, k.owner),
                k.category,
                score_label(k.likelihood, LIKELIHOOD_LABELS),
                score_label(k.impact, IMPACT_LABELS),
                row.score,
                ("band", row.band),
                pair(k.inherent, "likelihood"),
                pair(k.inherent, "impact"),
                pair(k.target, "likelihood"),
                pair(k.target, "impact"),
                (k.response or "").title(),
                k.proximity,
                k.raised,
                k.review,
                k.status.title(),
                k.closed,
                "\n".join(action_text(a, pf.person_name) for a in k.actions),
            ]
        )
    bands = pf.settings.risk_bands
    spec.formulas = {
        "Score": '=IFERROR(VALUE(LEFT(H{row},1))*VALUE(LEFT(I{row},1)),"")',
        "Rating": f'=IF(J{{row}}="","",IF(J{{row}}>={bands.red},"High",'
        f'IF(J{{row}}>={bands.amber},"Medium","Low")))',
    }
    return spec


def issues_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    from pmo.reports import issues

    log = issues.build(pf, on, include_closed=True)
    spec = SheetSpec(
        "Issues",
        [
            Column("Workstream"),
            Column("ID"),
            Column("Ref"),
            Column("Issue", wide=True),
            Column("Description", wide=True),
            Column("Owner"),
            Column("Priority", choices=("Critical", "High", "Medium", "Low")),
            Column("Raised", "date"),
            Column("Status", choices=("Open", "Closed")),
            Column("Closed", "date"),
            Column("Resolution", wide=True),
            Column("Age (days)", "number"),
        ],
    )
    for row in log.rows:
        i = row.issue
        spec.rows.append(
            [
                row.work_id,
                i.id,
                i.ref,
                i.title,
                i.description,
                _person(pf, i.owner),
                i.priority.title(),
                i.raised,
                i.status.title(),
                i.closed,
                i.resolution,
                row.age,
            ]
        )
    return spec


def decisions_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    from pmo.reports import decisions

    log = decisions.build(pf, on)
    spec = SheetSpec(
        "Decisions",
        [
            Column("Workstream"),
            Column("ID"),
            Column("Ref"),
            Column("Decision", wide=True),
            Column("Date", "date"),
            Column("By"),
            Column("Outcome", wide=True),
            Column("Description", wide=True),
        ],
    )
    for row in log.rows:
        d = row.decision
        spec.rows.append(
            [row.work_id, d.id, d.ref, d.title, d.date, row.by, d.outcome, d.description]
        )
    return spec


def benefits_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    spec = SheetSpec(
        "Benefits",
        [
            Column("Workstream"),
            Column("ID"),
            Column("Ref"),
            Column("Benefit", wide=True),
            Column("Description", wide=True),
            Column("Owner"),
            Column("Measure", wide=True),
            Column("Target", "amount"),
            Column("Unit"),
            Column("Due", "date"),
            Column("Realised to date", "amount"),
        ],
    )
    from pmo.asof import realised_by

    for work in pf.work():
        for b in work.benefits:
            realised = realised_by(b, on)
            money = b.unit is None
            spec.rows.append(
                [
                    work.id,
                    b.id,
                    b.ref,
                    b.title,
                    b.description,
                    _person(pf, b.owner),
                    b.measure,
                    ("money" if money else "number", b.target),
                    b.unit,
                    b.due,
                    ("money" if money else "number", realised),
                ]
            )
    return spec


def budget_sheet(pf: Portfolio, on: dt.date) -> SheetSpec:
    spec = SheetSpec(
        "Budget",
        [
            Column("Programme"),
            Column("ID"),
            Column("Project", wide=True),
            Column("Approved", "money"),
            Column("Forecast", "money"),
            Column("Actual", "money"),
            Column("Variance", "money"),
            Column("Variance %", "percent"),
        ],
    )
    from pmo.reports.rows import finance_row

    for work in pf.projects.values():
        r = finance_row(work)
        if r is None:
            continue
        pct = r.variance_pct / 100 if r.variance_pct is not None else None  # a fraction
        spec.rows.append(
            [work.programme, r.id, r.name, r.approved, r.forecast, r.spent, r.variance, pct]
        )
    return spec


#: The sheets, in order: adding one is one function and one line.
SHEETS: list[Callable[[Portfolio, dt.date], SheetSpec]] = [
    status_sheet,
    milestones_sheet,
    risks_sheet,
    issues_sheet,
    decisions_sheet,
    benefits_sheet,
    budget_sheet,
]


def workbook_bytes(pf: Portfolio, on: dt.date) -> bytes:
    """The workbook as of ``on``, as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    from pmo.spreadsheet.xlsx import write_sheet

    book = Workbook(write_only=True)
    for make in SHEETS:
        write_sheet(book, make(pf, on), pf.settings.name, on)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
