"""Benefits realisation behind ``pmo benefits``: each benefit's plan against what was realised.

Every benefit in scope as it stood on the reporting date: its target, planned to date (its
``profile`` up to the date; see :func:`pmo.asof.planned_by`), realised to date, the
variance, realised as a percentage of plan and its rating (:func:`pmo.rag.benefit_of`).
Then totals, per programme and for the portfolio:

- **Totals** add the benefits counted in money; a disbenefit's amounts are taken off
  (the totals are net). Benefits in other units (homes, posts, stars) cannot be added
  and are left out of the totals.
- **Return on cost** is a programme's cashable benefit targets over its approved budget:
  the programme's own approved budget when it records one (it is the pot its projects
  are funded from), else the sum of its projects' approved budgets. It is shown against
  the programme's ``required_return`` when it sets one. The portfolio's return adds the
  programmes' cashable targets and budgets. It counts all the benefits of the work in
  scope, whoever owns them (``--owner`` filters the rows, not the return).

Benefits of closed work still count: benefits are mostly realised after the work closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from pmo import formats
from pmo.portfolio import Portfolio
from pmo.records import Programme, Work
from pmo.reports.rows import BenefitRow, benefit_row
from pmo.scope import Scope, programme_of, select
from pmo.tabular import RAG_STYLE, Cell, Table


@dataclass(slots=True)
class BenefitTotals:
    """The money benefits of a programme (or of the portfolio) added up, net of disbenefits,
    and the return on cost."""

    id: str
    name: str
    #: How many money benefits are added up, and how many of them are disbenefits.
    count: int = 0
    disbenefits: int = 0
    target: Decimal = Decimal(0)
    #: None when none of the benefits added up has a plan.
    planned: Decimal | None = None
    realised: Decimal = Decimal(0)
    #: Cashable benefit targets, and the approved budget they are a return on.
    cashable_target: Decimal = Decimal(0)
    approved: Decimal | None = None
    required_return: Decimal | None = None

    @property
    def variance(self) -> Decimal | None:
        """Realised less planned (negative: behind plan)."""
        return None if self.planned is None else self.realised - self.planned

    @property
    def realised_pct(self) -> Decimal | None:
        """Realised as a percentage of the target."""
        return formats.ratio_pct(self.realised, self.target) if self.target else None

    @property
    def plan_pct(self) -> Decimal | None:
        """Realised as a percentage of planned to date."""
        return formats.ratio_pct(self.realised, self.planned) if self.planned else None

    @property
    def return_on_cost(self) -> Decimal | None:
        """Cashable targets over the approved budget, to two decimal places (None: no budget)."""
        if not self.approved or self.approved <= 0:
            return None
        with localcontext() as ctx:  # money is below 10^15 to 6 places: 60 digits always do
            ctx.prec = 60
            return (self.cashable_target / self.approved).quantize(Decimal("0.01"))

    @property
    def return_met(self) -> bool | None:
        """Whether the return on cost reaches the required return (None: nothing to compare)."""
        if self.required_return is None or not self.approved or self.approved <= 0:
            return None
        return self.cashable_target >= self.required_return * self.approved

    def add(self, row: BenefitRow) -> None:
        """Count a money benefit in (a disbenefit is taken off)."""
        sign = -1 if row.disbenefit else 1
        self.count += 1
        self.disbenefits += row.disbenefit
        self.target += sign * (row.target or 0)
        if row.planned is not None:
            self.planned = (self.planned or Decimal(0)) + sign * row.planned
        self.realised += sign * row.realised

    def describe_return(self, currency: str) -> str:
        """The return on cost in words ("" when there is no approved budget)."""
        ratio = self.return_on_cost
        if ratio is None:
            return ""
        cashable = formats.money(self.cashable_target, currency, "brief")
        approved = formats.money(self.approved, currency, "brief")
        text = f"{formats.ratio(ratio)} ({cashable} cashable on {approved} approved"
        if self.required_return is not None:
            verdict = "met" if self.return_met else "not met"
            text += f"; required {formats.ratio(self.required_return)}: {verdict}"
        return text + ")"


@dataclass(slots=True)
class BenefitsReport:
    """The benefits in scope at a date, and their totals per programme and overall."""

    as_of: dt.date
    currency: str
    rows: list[BenefitRow] = field(default_factory=list)
    #: One per programme with work in scope, in portfolio order.
    programmes: list[BenefitTotals] = field(default_factory=list)
    total: BenefitTotals = field(default_factory=lambda: BenefitTotals("total", "Portfolio"))
    scope: Scope = field(default_factory=Scope)

    def table(self) -> Table:
        return to_table(self)

    def csv_table(self) -> Table:
        return to_csv_table(self)

    def data(self) -> dict[str, Any]:
        return to_data(self)


def build(
    pf: Portfolio,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    work: Iterable[Work] | None = None,
) -> BenefitsReport:
    """The benefits of the work in ``scope`` (or of ``work``, as a paper chooses it) at
    ``as_of``, in portfolio and record order; benefits owned by ``scope.owner`` only (a
    benefit with no owner is its work's lead's)."""
    scope = scope or Scope()
    chosen = list(work) if work is not None else select(pf, scope)
    report = BenefitsReport(as_of, pf.settings.currency, scope=scope)
    groups: dict[str, list[Work]] = {}
    for w in chosen:
        groups.setdefault(programme_of(w), []).append(w)
    for pid, members in groups.items():
        programme = pf.programmes.get(pid)
        totals = BenefitTotals(pid, programme.name if programme is not None else pid)
        if isinstance(programme, Programme):
            totals.required_return = programme.required_return
        totals.approved = _approved(programme, members)
        for w in members:
            for b in w.benefits:
                row = benefit_row(pf, w, b, as_of)
                if b.type == "cashable" and b.unit is None and b.target is not None:
                    totals.cashable_target += b.target
                if not scope.owns(row.owner_id):
                    continue
                report.rows.append(row)
                if row.money:
                    totals.add(row)
        report.programmes.append(totals)
        _add_up(report.total, totals)
    if len(report.programmes) == 1:  # the total is that programme's
        report.total.required_return = report.programmes[0].required_return
    return report


def _approved(programme: Work | None, members: list[Work]) -> Decimal | None:
    """The budget a programme's benefits are a return on: its own approved budget when the
    programme is in scope and records one, else its projects' approved budgets added up."""
    if programme is not None and any(w is programme for w in members):
        own = programme.budget.approved if programme.budget is not None else None
        if own is not None:
            return own
    known = [
        w.budget.approved
        for w in members
        if w is not programme and w.budget is not None and w.budget.approved is not None
    ]
    return sum(known, Decimal(0)) if known else None


def _add_up(total: BenefitTotals, part: BenefitTotals) -> None:
    total.count += part.count
    total.disbenefits += part.disbenefits
    total.target += part.target
    if part.planned is not None:
        total.planned = (total.planned or Decimal(0)) + part.planned
    total.realised += part.realised
    total.cashable_target += part.cashable_target
    if part.approved is not None:
        total.approved = (total.approved or Decimal(0)) + part.approved


# --- rendering ---------------------------------------------------------------------------

COLUMNS = [
    "Work",
    "Benefit",
    "Title",
    "Owner",
    "Type",
    "Target",
    "Planned",
    "Realised",
    "Variance",
    "Of plan",
    "Rating",
    "Due",
]
NUMERIC = {"Target", "Planned", "Realised", "Variance", "Of plan"}


def _amount(
    value: Decimal | None,
    unit: str | None,
    currency: str,
    *,
    signed: bool = False,
    named: bool = False,
) -> str:
    """Money in the currency, or a number (with its unit when ``named``: the target says it,
    so the other columns stay narrow)."""
    if value is None:
        return formats.NONE
    if unit:
        sign = "+" if signed and value > 0 else ""
        return sign + (formats.counted(value, unit) if named else formats.number(value))
    return formats.money(value, currency, "brief", signed=signed)


def _rating_cell(rating: str | None) -> Cell:
    if rating is None:
        return Cell("no plan")
    return Cell(formats.rating(rating), RAG_STYLE.get(rating))


def _variance_style(row: BenefitRow) -> str | None:
    if row.variance is None:
        return None
    worse = row.variance > 0 if row.disbenefit else row.variance < 0  # none is not worse
    return "red" if worse else None


def _total_cells(t: BenefitTotals, label: str, currency: str) -> list[Cell]:
    def money(value: Decimal | None) -> str:
        return formats.money(value, currency, "brief")

    return [
        Cell(""),
        Cell(label, "bold"),
        Cell(formats.plural(t.count, "money benefit") + (", net" if t.disbenefits else "")),
        Cell(""),
        Cell(""),
        Cell(money(t.target), "bold"),
        Cell(money(t.planned), "bold"),
        Cell(money(t.realised), "bold"),
        Cell(formats.money(t.variance, currency, "brief", signed=True), "bold"),
        Cell(formats.percent(t.plan_pct, signed=False), "bold"),
        Cell(""),
        Cell(""),
    ]


def to_table(report: BenefitsReport) -> Table:
    """The benefits as a table: a section per programme ending in its total row, then the
    portfolio's total; the returns on cost in the caption. A benefit in another unit names
    it in the Target column. On a narrow terminal titles and owners shrink, then Owner,
    Type, Due, Work, Of plan and Variance give way in that order: ids, amounts and ratings
    are never cut."""
    cur = report.currency
    scope = report.scope.describe()
    table = Table(
        list(COLUMNS),
        title=f"Benefits as of {report.as_of}" + (f" ({scope})" if scope else ""),
        numeric=NUMERIC,
        caption=caption(report),
        limits={"Title": 40},
        shrink={"Title": 12, "Owner": 10},
        drop=("Owner", "Type", "Due", "Work", "Of plan", "Variance"),
    )
    for totals in report.programmes:
        rows = [r for r in report.rows if r.programme_id == totals.id]
        if not rows:
            continue
        table.section(totals.name)
        for r in rows:
            table.add(
                r.work_id,
                r.id,
                r.title,
                r.owner,
                r.type or "",
                _amount(r.target, r.unit, cur, named=True),
                _amount(r.planned, r.unit, cur),
                _amount(r.realised, r.unit, cur),
                Cell(_amount(r.variance, r.unit, cur, signed=True), _variance_style(r)),
                formats.percent(r.plan_pct, signed=False),
                _rating_cell(r.rating),
                str(r.due or ""),
            )
        if totals.count:
            table.rows.append(_total_cells(totals, "Total", cur))
    if len([t for t in report.programmes if t.count]) > 1:
        table.section("Portfolio")
        table.rows.append(_total_cells(report.total, "Total", cur))
    return table


def caption(report: BenefitsReport) -> str:
    """The line under the table: how many benefits, and each return on cost."""
    parts = [
        formats.plural(len(report.rows), "benefit")
        + f"; planned and realised are to {report.as_of}, the variance is realised less planned."
    ]
    returns = [t for t in report.programmes if t.return_on_cost is not None]
    for t in returns:
        parts.append(f"Return on cost, {t.name}: {t.describe_return(report.currency)}.")
    if len(returns) > 1 and report.total.return_on_cost is not None:
        parts.append(f"Portfolio: {report.total.describe_return(report.currency)}.")
    if any(not r.money for r in report.rows):
        parts.append("Benefits in other units are not added into the totals.")
    return " ".join(parts)


def to_csv_table(report: BenefitsReport) -> Table:
    """One row per benefit for spreadsheets: amounts as plain exact numbers, the unit in its
    own column (empty for money), no total rows."""
    table = Table(
        ["Programme", "Work", "Benefit", "Title", "Owner", "Type", "Unit", "Baseline", "Target",
         "Planned to date", "Realised to date", "Variance", "% of plan", "Rating", "Due"]
    )  # fmt: skip
    for r in report.rows:
        table.add(
            r.programme_id,
            r.work_id,
            r.id,
            r.title,
            r.owner,
            r.type or "",
            r.unit or "",
            formats.exact(r.baseline) or "",
            formats.exact(r.target) or "",
            formats.exact(r.planned) or "",
            formats.exact(r.realised) or "",
            formats.exact(r.variance) or "",
            "" if r.plan_pct is None else f"{r.plan_pct:f}",
            r.rating or "",
            str(r.due or ""),
        )
    return table


def _totals_json(t: BenefitTotals) -> dict[str, Any]:
    return {
        "target": formats.exact(t.target),
        "planned_to_date": formats.exact(t.planned),
        "realised_to_date": formats.exact(t.realised),
        "variance": formats.exact(t.variance),
        "count": t.count,
        "disbenefits": t.disbenefits,
        "cashable_target": formats.exact(t.cashable_target),
        "approved_budget": formats.exact(t.approved),
        "return_on_cost": formats.exact(t.return_on_cost),
        "required_return": formats.exact(t.required_return),
        "return_met": t.return_met,
    }


def row_json(r: BenefitRow) -> dict[str, Any]:
    """A benefit as the records format's ``pmo benefits`` entry (plus extra fields)."""
    return {
        "id": r.id,
        "title": r.title,
        "project": r.work_id,
        "owner": r.owner_id,
        "type": r.type,
        "unit": r.unit,
        "target": formats.exact(r.target),
        "planned_to_date": formats.exact(r.planned),
        "realised_to_date": formats.exact(r.realised),
        "rating": r.rating,
        "programme": r.programme_id,
        "measure": r.measure,
        "baseline": formats.exact(r.baseline),
        "variance": formats.exact(r.variance),
        "due": formats.iso(r.due),
        "reasons": list(r.reasons),
    }


def to_data(report: BenefitsReport) -> dict[str, Any]:
    """``{"as_of", "benefits", "totals", "programmes"}``: amounts as exact decimal strings."""
    return {
        "as_of": report.as_of.isoformat(),
        "benefits": [row_json(r) for r in report.rows],
        "totals": _totals_json(report.total),
        "programmes": [{"id": t.id, "name": t.name, **_totals_json(t)} for t in report.programmes],
    }
