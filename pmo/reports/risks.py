"""The risk register: open risks across the portfolio, scored, banded and ordered, as of a date.

Build a :class:`RiskRegister` with :func:`build_register` (filters included), then render
it: a terminal or markdown table, CSV for spreadsheets, JSON for machines, or the 5×5
likelihood-by-impact heat map (:func:`heatmap`). Light to import: no pydantic, no rich.

Ordering: current score (likelihood × impact), highest first; then proximity, soonest
first (risks without one after those with one); then id. Bands come from
``pf.settings.risk_bands`` (red from 15, amber from 8 by default) and risks scoring at
or above ``pf.settings.escalation_score`` (15) are escalated to the programme board.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from pmo.asof import (
    BAND_LABELS,
    action_open,
    escalated,
    risk_action_overdue,
    risk_band,
    risk_known,
    risk_open,
)
from pmo.asof import review_overdue as is_review_overdue
from pmo.portfolio import Portfolio
from pmo.records import Project, Risk, RiskBands, Work
from pmo.tabular import RAG_STYLE, Cell, Table, to_csv, to_markdown

#: Likelihood and impact run 1..5.
SCALE = range(1, 6)


@dataclass(slots=True)
class RiskRow:
    """One risk of the register, with everything computed as of the register's date."""

    risk: Risk
    #: The programme or project that holds the risk.
    work_id: str
    work_name: str
    #: The programme of the owning work (the work itself when it is a programme).
    programme_id: str
    owner_name: str
    score: int
    #: ``red``, ``amber`` or ``green``; :attr:`label` says it in words (high, medium, low).
    band: str
    #: Open on the reporting date (False only for closed risks listed with ``--all``).
    open: bool
    #: Open and at or above the escalation score: for the programme board.
    escalate: bool
    review_overdue: bool
    open_actions: int
    overdue_actions: int
    #: Scores before controls (inherent) and aimed for (target), when recorded.
    inherent_score: int | None
    target_score: int | None

    @property
    def label(self) -> str:
        return BAND_LABELS[self.band]

    @property
    def status(self) -> str:
        return "open" if self.open else "closed"

    @property
    def reduced_by(self) -> int | None:
        """How far the score has come down from inherent (negative: it has risen)."""
        return None if self.inherent_score is None else self.inherent_score - self.score

    @property
    def to_target(self) -> int | None:
        """How far the score still is above target (0 when at or below it)."""
        return None if self.target_score is None else max(0, self.score - self.target_score)

    @property
    def movement(self) -> str:
        """Movement in words: against inherent, then towards target (see :func:`movement`)."""
        return movement(self.score, self.inherent_score, self.target_score)

    @property
    def path(self) -> str:
        """Inherent → current → target scores, ``-`` where not recorded: ``16 → 12 → 6``."""
        return " → ".join(
            "-" if s is None else str(s)
            for s in (self.inherent_score, self.score, self.target_score)
        )


def movement(score: int, inherent: int | None, target: int | None) -> str:
    """How a current score stands against its inherent score and towards its target.

    >>> movement(12, 16, 6)
    'down 4 from 16; 6 above target 6'
    >>> movement(12, 9, 12)
    'up 3 from 9; at target'
    >>> movement(12, None, None)
    ''
    """
    parts = []
    if inherent is not None:
        if score < inherent:
            parts.append(f"down {inherent - score} from {inherent}")
        elif score > inherent:
            parts.append(f"up {score - inherent} from {inherent}")
        else:
            parts.append(f"level with inherent {inherent}")
    if target is not None:
        parts.append(f"{score - target} above target {target}" if score > target else "at target")
    return "; ".join(parts)


@dataclass(slots=True)
class RiskRegister:
    """The register as of a date: its rows, in order, and what selected them."""

    as_of: dt.date
    rows: list[RiskRow]
    bands: RiskBands = field(default_factory=RiskBands)
    escalation_score: int = 15
    project: str | None = None
    programme: str | None = None
    owner: str | None = None
    category: str | None = None
    min_score: int | None = None
    include_closed: bool = False
    review_overdue: bool = False

    @property
    def escalated(self) -> list[RiskRow]:
        return [row for row in self.rows if row.escalate]

    def describe_filters(self) -> str:
        """The filters in words, e.g. ``programme csw, score ≥ 8`` ("" when none)."""
        parts = []
        for name, value in (
            ("project", self.project),
            ("programme", self.programme),
            ("owner", self.owner),
            ("category", self.category),
        ):
            if value is not None:
                parts.append(f"{name} {value}")
        if self.min_score is not None:
            parts.append(f"score ≥ {self.min_score}")
        if self.review_overdue:
            parts.append("review overdue")
        if self.include_closed:
            parts.append("closed included")
        return ", ".join(parts)


def programme_of(work: Work) -> str:
    """The programme a piece of work belongs to (a programme belongs to itself)."""
    return work.programme if isinstance(work, Project) else work.id


def make_row(pf: Portfolio, work: Work, risk: Risk, as_of: dt.date) -> RiskRow:
    """One risk's row as of ``as_of``."""
    settings = pf.settings
    score = risk.score
    return RiskRow(
        risk=risk,
        work_id=work.id,
        work_name=work.name,
        programme_id=programme_of(work),
        owner_name=pf.person_name(risk.owner),
        score=score,
        band=risk_band(score, settings.risk_bands),
        open=risk_open(risk, as_of),
        escalate=escalated(risk, as_of, settings.escalation_score),
        review_overdue=is_review_overdue(risk, as_of),
        open_actions=sum(1 for a in risk.actions if action_open(a, as_of)),
        overdue_actions=sum(1 for a in risk.actions if risk_action_overdue(risk, a, as_of)),
        inherent_score=risk.inherent.score if risk.inherent else None,
        target_score=risk.target.score if risk.target else None,
    )


def order_key(row: RiskRow) -> tuple[int, int, dt.date, str]:
    """Highest score first, then soonest proximity (none last), then id."""
    proximity = row.risk.proximity
    return (-row.score, proximity is None, proximity or dt.date.max, row.risk.id)


def build_register(
    pf: Portfolio,
    as_of: dt.date,
    *,
    project: str | None = None,
    programme: str | None = None,
    owner: str | None = None,
    category: str | None = None,
    min_score: int | None = None,
    include_closed: bool = False,
    review_overdue: bool = False,
) -> RiskRegister:
    """The risk register as of ``as_of``: open risks (``include_closed``: closed ones too).

    ``project`` keeps the risks of that project; ``programme`` those of the programme and
    of its projects; ``owner`` a person id; ``category`` matches case-insensitively;
    ``min_score`` keeps risks scoring at least that; ``review_overdue`` keeps only the
    risks whose review date has passed. Risks raised after ``as_of`` never count.
    The caller checks that the ids exist (see :func:`unknown_filter`).
    """
    rows: list[RiskRow] = []
    for work in pf.work():
        if project is not None and work.id != project:
            continue
        if programme is not None and programme_of(work) != programme:
            continue
        for risk in work.risks:
            if not risk_known(risk, as_of):
                continue
            if not include_closed and not risk_open(risk, as_of):
                continue
            if owner is not None and risk.owner != owner:
                continue
            if category is not None and (risk.category or "").lower() != category.lower():
                continue
            if min_score is not None and risk.score < min_score:
                continue
            row = make_row(pf, work, risk, as_of)
            if review_overdue and not row.review_overdue:
                continue
            rows.append(row)
    rows.sort(key=order_key)
    return RiskRegister(
        as_of=as_of,
        rows=rows,
        bands=pf.settings.risk_bands,
        escalation_score=pf.settings.escalation_score,
        project=project,
        programme=programme,
        owner=owner,
        category=category,
        min_score=min_score,
        include_closed=include_closed,
        review_overdue=review_overdue,
    )


def categories(pf: Portfolio) -> list[str]:
    """Every risk category used in the portfolio, sorted."""
    return sorted({r.category for w in pf.work() for r in w.risks if r.category})


def unknown_filter(
    pf: Portfolio,
    *,
    project: str | None = None,
    programme: str | None = None,
    owner: str | None = None,
) -> tuple[str, str, list[str]] | None:
    """The first filter naming no such record: (option, value, the ids it could be)."""
    if project is not None and project not in pf.projects:
        return ("--project", project, sorted(pf.projects))
    if programme is not None and programme not in pf.programmes:
        return ("--programme", programme, sorted(pf.programmes))
    if owner is not None and owner not in pf.people:
        return ("--owner", owner, sorted(pf.people))
    return None


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


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


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


def title(register: RiskRegister) -> str:
    """``Risk register as of 2010-10-20 (programme csw)``."""
    filters = register.describe_filters()
    return f"Risk register as of {register.as_of}" + (f" ({filters})" if filters else "")


def caption(register: RiskRegister) -> str:
    """How many risks, how many escalated, and what the bands mean."""
    n = len(register.rows)
    noun = "risk" if n == 1 else "risks"
    bands = register.bands
    return (
        f"{n} {noun}; {len(register.escalated)} for the programme board "
        f"(score ≥ {register.escalation_score}). Bands: high ≥ {bands.red}, "
        f"medium {bands.amber}–{bands.red - 1}, low below {bands.amber}."
    )


def register_table(register: RiskRegister) -> Table:
    """The register for reading: terminal (coloured) or markdown."""
    columns = [*COLUMNS, "Status"] if register.include_closed else list(COLUMNS)
    table = Table(columns, title=title(register), numeric={"L", "I", "Score"})
    for row in register.rows:
        r = row.risk
        cells: list[Cell | str | int | None] = [
            r.id,
            r.title,
            row.work_id,
            row.owner_name,
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
    table.caption = caption(register)
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
            row.owner_name,
            r.category,
            r.likelihood,
            r.impact,
            row.score,
            row.label,
            row.inherent_score,
            row.target_score,
            row.movement,
            r.response,
            _date(r.proximity),
            _date(r.review),
            "yes" if row.review_overdue else "no",
            row.open_actions,
            row.overdue_actions,
            "yes" if row.escalate else "no",
            row.status,
        )
    return table


def render_markdown(register: RiskRegister) -> str:
    """The register as a markdown table (record text escaped), with its caption."""
    return to_markdown(register_table(register))


def render_csv(register: RiskRegister) -> str:
    """The register as CSV: UTF-8, one header row, no markup."""
    return to_csv(register_csv_table(register))


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
        "owner_name": row.owner_name,
        "category": r.category,
        "likelihood": r.likelihood,
        "impact": r.impact,
        "score": row.score,
        "band": row.band,
        "band_label": row.label,
        "escalate": row.escalate,
        "status": row.status,
        # A risk closed after the reporting date was open then: its closing is not known yet.
        "closed": None if row.open else _date(r.closed) or None,
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
        "proximity": _date(r.proximity) or None,
        "raised": _date(r.raised) or None,
        "review": _date(r.review) or None,
        "review_overdue": row.review_overdue,
        "open_actions": row.open_actions,
        "overdue_actions": row.overdue_actions,
        "actions": [
            {
                "action": a.action,
                "owner": a.owner,
                "due": _date(a.due) or None,
                "done": _date(a.done) if a.done is not None and a.done <= as_of else None,
                "overdue": risk_action_overdue(r, a, as_of),
            }
            for a in r.actions
        ],
    }


def render_json(register: RiskRegister) -> str:
    """``{"as_of": ..., "risks": [...]}`` as the records format specifies."""
    data = {
        "as_of": register.as_of.isoformat(),
        "risks": [row_json(row, register.as_of) for row in register.rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- heat map --------------------------------------------------------------------------------


def heatmap(register: RiskRegister) -> list[list[int]]:
    """Counts of the register's risks by likelihood and impact: ``counts[l - 1][i - 1]``.

    >>> reg = RiskRegister(dt.date(2010, 10, 20), [])
    >>> heatmap(reg) == [[0] * 5 for _ in range(5)]
    True
    """
    counts = [[0] * 5 for _ in SCALE]
    for row in register.rows:
        counts[row.risk.likelihood - 1][row.risk.impact - 1] += 1
    return counts


#: Heat map cell colours (a background, so the count reads on it).
HEAT_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on dark_orange",
    "green": "black on green",
}


def heatmap_table(register: RiskRegister) -> Table:
    """The 5×5 matrix: likelihood 5 (top) to 1 down, impact 1 to 5 across; each cell says
    its band's initial (H, M, L) and its count, so it reads without colour too."""
    counts = heatmap(register)
    columns = ["Likelihood / Impact", *(str(i) for i in SCALE)]
    filters = register.describe_filters()
    table = Table(
        columns,
        title=f"Risk heat map as of {register.as_of}" + (f" ({filters})" if filters else ""),
    )
    for likelihood in reversed(SCALE):
        cells: list[Cell | str | int | None] = [str(likelihood)]
        for impact in SCALE:
            band = risk_band(likelihood * impact, register.bands)
            count = counts[likelihood - 1][impact - 1]
            text = f"{BAND_LABELS[band][0].upper()} {count}"
            cells.append(Cell(text, HEAT_STYLE[band]))
        table.add(*cells)
    bands = register.bands
    table.caption = (
        f"{len(register.rows)} risks. H high (score ≥ {bands.red}), "
        f"M medium ({bands.amber}–{bands.red - 1}), L low (below {bands.amber})."
    )
    return table


def heatmap_json(register: RiskRegister) -> str:
    """``{"as_of": ..., "heatmap": [{likelihood, impact, score, band, count, risks}]}``."""
    cells = []
    for likelihood in SCALE:
        for impact in SCALE:
            ids = [
                row.risk.id
                for row in register.rows
                if row.risk.likelihood == likelihood and row.risk.impact == impact
            ]
            cells.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "score": likelihood * impact,
                    "band": risk_band(likelihood * impact, register.bands),
                    "count": len(ids),
                    "risks": ids,
                }
            )
    data = {"as_of": register.as_of.isoformat(), "total": len(register.rows), "heatmap": cells}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def heatmap_csv_table(register: RiskRegister) -> Table:
    """The heat map for spreadsheets: one row per likelihood, one count per impact column."""
    counts = heatmap(register)
    table = Table(["Likelihood", *(f"Impact {i}" for i in SCALE)])
    for likelihood in reversed(SCALE):
        table.add(str(likelihood), *(counts[likelihood - 1][i - 1] for i in SCALE))
    return table
