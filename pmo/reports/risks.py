"""The risk register: open risks across the portfolio, scored, banded and ordered, as of a date.

Ordering: current score (likelihood × impact), highest first; then proximity, soonest
first (risks without one after those with one); then id. Bands come from
``pf.settings.risk_bands`` (red from 15, amber from 8 by default) and risks scoring at
or above ``pf.settings.escalation_score`` (15) are escalated to the programme board.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pmo import formats
from pmo.asof import BAND_LABELS, action_done_by, risk_action_overdue, risk_known, risk_open
from pmo.portfolio import Portfolio
from pmo.records import RiskBands
from pmo.reports.rows import RiskRow, risk_row
from pmo.scope import Scope, select
from pmo.tabular import RAG_STYLE, Cell, Table


@dataclass(slots=True)
class RiskRegister:
    """The register as of a date: its rows, in order, and what selected them."""

    as_of: dt.date
    rows: list[RiskRow]
    bands: RiskBands = field(default_factory=RiskBands)
    escalation_score: int = 15
    scope: Scope = field(default_factory=Scope)
    category: str | None = None
    min_score: int | None = None
    include_closed: bool = False
    review_overdue: bool = False

    @property
    def escalated(self) -> list[RiskRow]:
        return [row for row in self.rows if row.escalate]

    def describe_filters(self) -> str:
        """The filters in words, e.g. ``programme csw, score ≥ 8`` ("" when none)."""
        parts = [self.scope.describe()]
        if self.category is not None:
            parts.append(f"category {self.category}")
        if self.min_score is not None:
            parts.append(f"score ≥ {self.min_score}")
        if self.review_overdue:
            parts.append("review overdue")
        if self.include_closed:
            parts.append("closed included")
        return ", ".join(p for p in parts if p)

    def table(self) -> Table:
        return register_table(self)

    def csv_table(self) -> Table:
        return register_csv_table(self)

    def data(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "risks": [row_json(row, self.as_of) for row in self.rows],
        }


def order_key(row: RiskRow) -> tuple[int, bool, dt.date, str]:
    """Highest score first, then soonest proximity (none last), then id."""
    proximity = row.risk.proximity
    return (-row.score, proximity is None, proximity or dt.date.max, row.id)


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    category: str | None = None,
    min_score: int | None = None,
    include_closed: bool = False,
    review_overdue: bool = False,
) -> RiskRegister:
    """The risk register as of ``as_of``: open risks of the work in ``scope``
    (``include_closed``: closed ones too), owned by the scope's owner if it names one.

    ``category`` matches case-insensitively; ``min_score`` keeps risks scoring at least
    that; ``review_overdue`` keeps only the risks whose review date has passed. Risks
    raised after ``as_of`` never count.
    """
    scope = scope or Scope()
    rows: list[RiskRow] = []
    for work in select(pf, scope):
        for risk in work.risks:
            if not risk_known(risk, as_of) or not scope.owns(risk.owner):
                continue
            if not include_closed and not risk_open(risk, as_of):
                continue
            if category is not None and (risk.category or "").lower() != category.lower():
                continue
            if min_score is not None and risk.score < min_score:
                continue
            row = risk_row(pf, work, risk, as_of)
            if review_overdue and not row.review_overdue:
                continue
            rows.append(row)
    rows.sort(key=order_key)
    settings = pf.settings
    return RiskRegister(
        as_of, rows, settings.risk_bands, settings.escalation_score, scope, category,
        min_score, include_closed, review_overdue,
    )  # fmt: skip


def categories(pf: Portfolio) -> list[str]:
    """Every risk category used in the portfolio, sorted."""
    return sorted({r.category for w in pf.work() for r in w.risks if r.category})


# --- rendering -------------------------------------------------------------------------------

COLUMNS = [
    "ID",
    "Risk",
    "Work",
    "Owner",
    "Category",
    "L",
    "I",
    "Score",
    "Inherent → now → target",
    "Response",
    "Next review",
    "Actions",
    "Board",
]

CSV_COLUMNS = [
    "ID",
    "Risk",
    "Project",
    "Programme",
    "Owner",
    "Category",
    "Likelihood",
    "Impact",
    "Score",
    "Band",
    "Inherent score",
    "Target score",
    "Movement",
    "Response",
    "Proximity",
    "Next review",
    "Review overdue",
    "Open actions",
    "Overdue actions",
    "Escalate",
    "Status",
]


def band_cell(score: int, band: str) -> Cell:
    """A score as a coloured cell that also says its band: ``16 high``."""
    return Cell(f"{score} {BAND_LABELS[band]}", RAG_STYLE.get(band))


def _review_cell(row: RiskRow) -> Cell:
    review = row.risk.review
    if review is None:
        return Cell("-")
    if row.review_overdue:
        return Cell(f"{review} OVERDUE", "bold red")
    return Cell(review.isoformat())


def _actions_cell(row: RiskRow) -> Cell:
    if row.overdue_actions:
        return Cell(f"{row.open_actions} ({row.overdue_actions} overdue)", "bold red")
    return Cell(str(row.open_actions))


def title(register: RiskRegister, what: str = "Risk register") -> str:
    """``Risk register as of 2010-10-20 (programme csw)``."""
    filters = register.describe_filters()
    return f"{what} as of {register.as_of}" + (f" ({filters})" if filters else "")


def caption(register: RiskRegister) -> str:
    """How many risks, how many escalated, and what the bands mean."""
    bands = register.bands
    return (
        f"{formats.plural(len(register.rows), 'risk')}; {len(register.escalated)} for the "
        f"programme board (score ≥ {register.escalation_score}). Bands: high ≥ {bands.red}, "
        f"medium {bands.amber}–{bands.red - 1}, low below {bands.amber}."
    )


def register_table(register: RiskRegister) -> Table:
    """The register for reading: terminal (coloured), plain text or markdown."""
    columns = [*COLUMNS, "Status"] if register.include_closed else list(COLUMNS)
    # A narrow terminal keeps the id, score, next review, actions and board escalation
    # (and the status, with closed risks included, in place of the actions).
    drop = ["Inherent → now → target", "Category", "Response", "Owner", "L", "I", "Work", "Risk"]
    if register.include_closed:
        drop.append("Actions")
    table = Table(
        columns,
        title=title(register),
        numeric={"L", "I", "Score"},
        caption=caption(register),
        shrink={"Risk": 16, "Work": 10, "Owner": 10, "Category": 8, "Response": 6},
        drop=tuple(drop),
    )
    for row in register.rows:
        r = row.risk
        cells: list[Cell | str | int | None] = [
            r.id,
            r.title,
            row.work_id,
            row.owner,
            r.category,
            r.likelihood,
            r.impact,
            band_cell(row.score, row.band),
            row.path,
            r.response,
            _review_cell(row),
            _actions_cell(row),
            Cell("ESCALATE", "bold red") if row.escalate else "",
        ]
        if register.include_closed:
            cells.append(row.status)
        table.add(*cells)
    return table


def register_csv_table(register: RiskRegister) -> Table:
    """The register for spreadsheets: one value per column, numbers as numbers."""
    table = Table(list(CSV_COLUMNS))
    for row in register.rows:
        r = row.risk
        table.add(
            r.id,
            r.title,
            row.work_id,
            row.programme_id,
            row.owner,
            r.category,
            r.likelihood,
            r.impact,
            row.score,
            row.label,
            row.inherent_score,
            row.target_score,
            row.movement,
            r.response,
            formats.iso(r.proximity),
            formats.iso(r.review),
            "yes" if row.review_overdue else "no",
            row.open_actions,
            row.overdue_actions,
            "yes" if row.escalate else "no",
            row.status,
        )
    return table


def _assessment(score: int | None, likelihood: int | None, impact: int | None) -> Any:
    if score is None:
        return None
    return {"likelihood": likelihood, "impact": impact, "score": score}


def row_json(row: RiskRow, as_of: dt.date) -> dict[str, Any]:
    """One risk as a JSON object (the fields of the records format's contract, and more)."""
    r = row.risk
    return {
        "id": r.id,
        "title": r.title,
        "project": row.work_id,
        "programme": row.programme_id,
        "owner": r.owner,
        "owner_name": row.owner,
        "category": r.category,
        "likelihood": r.likelihood,
        "impact": r.impact,
        "score": row.score,
        "band": row.band,
        "band_label": row.label,
        "escalate": row.escalate,
        "status": row.status,
        # A risk closed after the reporting date was open then: its closing is not known yet.
        "closed": None if row.open else formats.iso(r.closed),
        "inherent": _assessment(
            row.inherent_score,
            r.inherent.likelihood if r.inherent else None,
            r.inherent.impact if r.inherent else None,
        ),
        "target": _assessment(
            row.target_score,
            r.target.likelihood if r.target else None,
            r.target.impact if r.target else None,
        ),
        "reduced_by": row.reduced_by,
        "to_target": row.to_target,
        "response": r.response,
        "proximity": formats.iso(r.proximity),
        "raised": formats.iso(r.raised),
        "review": formats.iso(r.review),
        "review_overdue": row.review_overdue,
        "open_actions": row.open_actions,
        "overdue_actions": row.overdue_actions,
        "actions": [
            {
                "action": a.action,
                "owner": a.owner,
                "due": formats.iso(a.due),
                "done": formats.iso(action_done_by(a, as_of)),
                "overdue": risk_action_overdue(r, a, as_of),
            }
            for a in r.actions
        ],
    }
