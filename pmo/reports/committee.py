"""The committee-report fields of a board paper, laid out as UK council reports put them.

What :func:`pmo.reports.paper.build_paper` adds for the shape of a UK council committee
report (the open issues, decisions taken and totals come from the issues, decisions and
benefits reports):

- **Committee**: the paper's optional committee-report fields, with its implications in
  the order reports give them (financial, legal, equalities, risk, climate, then the rest
  as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmo.portfolio import Portfolio
from pmo.records import Paper

#: Implications in the order committee reports put them; others follow as written.
IMPLICATION_ORDER = ("financial", "legal", "equalities", "risk", "climate")
#: What each ``purpose:`` reads as on the paper.
PURPOSES = {"decision": "For decision", "noting": "For noting", "information": "For information"}


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
    )


def _heading(key: str) -> str:
    """``financial`` → Financial: the first letter in capitals, the rest as written (HR)."""
    return key[:1].upper() + key[1:]
