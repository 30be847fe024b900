"""The committee-report parts of a board paper: open issues, decisions taken, totals, cover.

What :func:`pmo.reports.paper.build_paper` adds for the shape of a UK council committee
report, each computed as of the meeting date like the rest of the paper:

- **Open issues**: issues of the work in scope open on the meeting date, by priority
  (critical first) then age (oldest first); age is days since raised.
- **Decisions taken**: decisions dated after the previous meeting, up to this one.
- **Benefits total**: the money benefits' targets and realised amounts added up (benefits
  counted in other units cannot be added to money or to each other, so they stay out).
- **Committee**: the paper's optional committee-report fields, with its implications in
  the order reports give them (financial, legal, equalities, risk, climate, then the rest
  as written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from pmo.asof import issue_age, issue_open
from pmo.portfolio import Portfolio
from pmo.records import Paper, Work

#: Issue priorities, most pressing first.
PRIORITY_ORDER = ("critical", "high", "medium", "low")
#: Implications in the order committee reports put them; others follow as written.
IMPLICATION_ORDER = ("financial", "legal", "equalities", "risk", "climate")
#: What each ``purpose:`` reads as on the paper.
PURPOSES = {"decision": "For decision", "noting": "For noting", "information": "For information"}


@dataclass(slots=True)
class IssueRow:
    """An issue open on the meeting date."""

    id: str
    title: str
    work_id: str
    work: str
    owner: str
    priority: str
    raised: dt.date | None
    #: Days since raised, on the meeting date (None: no raised date recorded).
    age_days: int | None


@dataclass(slots=True)
class DecisionTaken:
    """A decision taken between the previous meeting and this one."""

    id: str
    title: str
    work: str
    date: dt.date
    by: str | None
    outcome: str | None


@dataclass(slots=True)
class BenefitTotal:
    """The money benefits added up: target, realised to date, and planned when profiled."""

    count: int
    target: Decimal
    realised: Decimal
    realised_pct: Decimal | None
    planned: Decimal | None = None


@dataclass(slots=True)
class Implication:
    """One implication of the recommendation (financial, legal, ...)."""

    heading: str
    body: str


@dataclass(slots=True)
class OptionRow:
    """An option considered."""

    title: str
    body: str
    recommended: bool


@dataclass(slots=True)
class Committee:
    """The paper's committee-report fields, ready to lay out."""

    purpose: str | None = None
    purpose_text: str | None = None
    decision_maker: str | None = None
    key_decision: bool | None = None
    forward_plan_ref: str | None = None
    wards: list[str] = field(default_factory=list)
    exempt: str | None = None
    implications: list[Implication] = field(default_factory=list)
    options: list[OptionRow] = field(default_factory=list)
    consultation: str | None = None
    background_papers: list[str] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    cover: bool = False
    #: Names of the board's members (the cover sheet's "Elected Members").
    members: list[str] = field(default_factory=list)
    chair: str | None = None


def open_issues(pf: Portfolio, work: list[Work], on: dt.date) -> list[IssueRow]:
    """Issues open on ``on``: critical first, then the oldest."""
    rows = [
        IssueRow(
            id=i.id,
            title=i.title,
            work_id=w.id,
            work=w.name,
            owner=pf.person_name(i.owner or w.lead),
            priority=i.priority,
            raised=i.raised,
            age_days=issue_age(i, on),
        )
        for w in work
        for i in w.issues
        if issue_open(i, on)
    ]
    rows.sort(key=lambda r: (PRIORITY_ORDER.index(r.priority), -(r.age_days or 0), r.id))
    return rows


def decisions_taken(
    pf: Portfolio, work: list[Work], since: dt.date, on: dt.date
) -> list[DecisionTaken]:
    """Decisions dated after ``since`` up to and including ``on``, oldest first."""
    rows = []
    for w in work:
        for d in w.decisions:
            if since < d.date <= on:
                by = None
                if d.by is not None:
                    board = pf.boards.get(d.by)
                    by = board.name if board is not None else pf.person_name(d.by)
                rows.append(DecisionTaken(d.id, d.title, w.name, d.date, by, d.outcome))
    rows.sort(key=lambda r: (r.date, r.id))
    return rows


class BenefitLike(Protocol):
    """What a benefits total reads of each row (:class:`pmo.reports.paper.BenefitRow`)."""

    @property
    def unit(self) -> str | None: ...
    @property
    def target(self) -> Decimal | None: ...
    @property
    def realised(self) -> Decimal: ...
    @property
    def planned(self) -> Decimal | None: ...


def benefits_total(rows: Sequence[BenefitLike]) -> BenefitTotal | None:
    """The money rows (``unit`` None, with a target) of a benefits table, added up."""
    money = [r for r in rows if r.unit is None and r.target]
    if not money:
        return None
    target = sum((r.target or Decimal(0) for r in money), Decimal(0))
    realised = sum((r.realised for r in money), Decimal(0))
    planned_values = [r.planned for r in money]
    planned = (
        sum((p for p in planned_values if p is not None), Decimal(0))
        if any(p is not None for p in planned_values)
        else None
    )
    pct = (realised / target * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return BenefitTotal(len(money), target, realised, pct, planned)


def committee_of(pf: Portfolio, paper: Paper) -> Committee:
    """The committee-report fields of ``paper``, implications in report order."""
    known = {k.lower(): (k, v) for k, v in paper.implications.items()}
    ordered = [known.pop(name) for name in IMPLICATION_ORDER if name in known]
    ordered += list(known.values())
    board = pf.boards.get(paper.board)
    return Committee(
        purpose=paper.purpose,
        purpose_text=PURPOSES.get(paper.purpose) if paper.purpose else None,
        decision_maker=paper.decision_maker,
        key_decision=paper.key_decision,
        forward_plan_ref=paper.forward_plan_ref,
        wards=list(paper.wards),
        exempt=paper.exempt,
        implications=[Implication(_heading(k), v) for k, v in ordered],
        options=[OptionRow(o.title, o.body, o.recommended) for o in paper.options],
        consultation=paper.consultation,
        background_papers=list(paper.background_papers),
        appendices=list(paper.appendices),
        cover=paper.cover,
        members=[pf.person_name(m) for m in board.members] if board is not None else [],
        chair=pf.person_name(board.chair) if board is not None and board.chair else None,
    )


def _heading(key: str) -> str:
    """``financial`` → Financial; a heading someone wrote in capitals stays as written."""
    return key[:1].upper() + key[1:] if key[:1].islower() else key
