"""The records: one plain dataclass per kind and nested item of the records format.

These classes are what every report reads. They import no pydantic: :mod:`pmo.schema`
validates YAML data into them, and a warm cache restores them without validating again.
Field names, order and defaults follow ``docs/format.md``; ``__pydantic_config__``
makes unknown keys errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pmo.types import Date, Id, Money, Rag, Ratio, RiskScore, Score, ValueProblem

_FORBID: Any = {"extra": "forbid"}

Response = Literal["treat", "tolerate", "transfer", "terminate", "take"]
Status = Literal["open", "closed"]
Priority = Literal["critical", "high", "medium", "low"]
RagScale = Literal["three", "five"]
#: Cashable: money that can be taken out of budgets; non-cashable: value that cannot (time
#: freed, better outcomes); disbenefit: an outcome counted against the work.
BenefitType = Literal["cashable", "non-cashable", "disbenefit"]


@dataclass(kw_only=True, slots=True)
class Person:
    """Someone who leads, owns or decides; referenced everywhere by ``id``."""

    __pydantic_config__ = _FORBID
    id: Id
    name: str
    role: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(kw_only=True, slots=True)
class People:
    """A ``kind: people`` file: a list of people."""

    __pydantic_config__ = _FORBID
    kind: Literal["people"]
    people: list[Person] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Board:
    """A governance board or committee that meets and receives papers."""

    __pydantic_config__ = _FORBID
    kind: Literal["board"]
    id: Id
    name: str
    description: str | None = None
    chair: Id | None = None
    members: list[Id] = field(default_factory=list)
    meets: str | None = None


@dataclass(kw_only=True, slots=True)
class Budget:
    """Money for a piece of work: approved (baseline), forecast outturn and actual spend."""

    __pydantic_config__ = _FORBID
    approved: Money | None = None
    forecast: Money | None = None
    actual: Money | None = None


@dataclass(kw_only=True, slots=True)
class Update:
    """A dated status report declared by the lead."""

    __pydantic_config__ = _FORBID
    date: Date
    rag: Rag
    schedule: Rag | None = None
    cost: Rag | None = None
    scope: Rag | None = None
    resources: Rag | None = None
    benefits: Rag | None = None
    summary: str
    achievements: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    decisions_needed: list[str] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Milestone:
    """A dated point of delivery; ``forecast`` defaults to ``baseline``, ``owner`` to the lead."""

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    title: str
    description: str | None = None
    baseline: Date
    forecast: Date | None = None
    actual: Date | None = None
    owner: Id | None = None
    depends_on: list[Id] = field(default_factory=list)
    gate: bool = False

    @property
    def due(self) -> dt.date:
        """The date the milestone is expected: its forecast, else its baseline."""
        return self.forecast or self.baseline


@dataclass(kw_only=True, slots=True)
class Assessment:
    """A likelihood and impact pair (inherent or target)."""

    __pydantic_config__ = _FORBID
    likelihood: Score
    impact: Score

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(kw_only=True, slots=True)
class Action:
    """A mitigating action on a risk."""

    __pydantic_config__ = _FORBID
    action: str
    owner: Id | None = None
    due: Date | None = None
    done: Date | None = None


@dataclass(kw_only=True, slots=True)
class Risk:
    """Something that may happen; scored on current likelihood × impact."""

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    title: str
    description: str | None = None
    owner: Id
    category: str | None = None
    likelihood: Score
    impact: Score
    inherent: Assessment | None = None
    target: Assessment | None = None
    response: Response | None = None
    proximity: Date | None = None
    raised: Date | None = None
    review: Date | None = None
    status: Status = "open"
    closed: Date | None = None
    actions: list[Action] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(kw_only=True, slots=True)
class Issue:
    """A problem that has happened."""

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    title: str
    description: str | None = None
    owner: Id | None = None
    raised: Date | None = None
    priority: Priority = "medium"
    status: Status = "open"
    closed: Date | None = None
    resolution: str | None = None


@dataclass(kw_only=True, slots=True)
class Decision:
    """A decision taken, by a board (or a person), on a date."""

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    title: str
    date: Date
    by: Id | None = None
    outcome: str | None = None
    description: str | None = None


@dataclass(kw_only=True, slots=True)
class Realised:
    """A benefit realised by a date."""

    __pydantic_config__ = _FORBID
    date: Date
    value: Money


@dataclass(kw_only=True, slots=True)
class Planned:
    """An entry of a benefit's profile: the amount planned for the period ending on ``date``."""

    __pydantic_config__ = _FORBID
    date: Date
    value: Money


@dataclass(kw_only=True, slots=True)
class Benefit:
    """An outcome the work should deliver: money, or a number in ``unit``.

    ``target``, ``profile`` and ``realised`` are amounts of the benefit counted from its
    ``baseline`` (the measure before the work, shown for context); a disbenefit's are
    amounts of harm, so realising more of one than planned is worse.
    """

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    title: str
    description: str | None = None
    owner: Id | None = None
    type: BenefitType | None = None
    measure: str | None = None
    baseline: Money | None = None
    target: Money | None = None
    unit: str | None = None
    due: Date | None = None
    profile: list[Planned] = field(default_factory=list)
    realised: list[Realised] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Work:
    """The body shared by programmes and projects."""

    __pydantic_config__ = _FORBID
    id: Id
    #: The item's reference in an outside register (a council's RAID log), kept on import.
    ref: str | None = None
    name: str
    description: str | None = None
    lead: Id
    sponsor: Id | None = None
    start: Date | None = None
    end: Date | None = None
    forecast_end: Date | None = None
    closed: Date | None = None
    budget: Budget | None = None
    depends_on: list[Id] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)


@dataclass(kw_only=True, slots=True)
class Programme(Work):
    """A programme: groups projects (workstreams)."""

    kind: Literal["programme"]
    #: The return on cost the programme must show: cashable benefit targets over its
    #: approved budget, as a ratio to one (``5`` or ``"5:1"``: £5 saved for each £1 spent).
    required_return: Ratio | None = None


@dataclass(kw_only=True, slots=True)
class Project(Work):
    """A project (workstream) of a programme."""

    kind: Literal["project"]
    programme: Id


@dataclass(kw_only=True, slots=True)
class Section:
    """A people-written section of a paper: a heading and a markdown body."""

    __pydantic_config__ = _FORBID
    heading: str
    body: str = ""
    #: Place the section after the computed parts (dashboard, milestones, money...).
    after: bool = False


Purpose = Literal["decision", "noting", "information"]


@dataclass(kw_only=True, slots=True)
class Option:
    """An option the board could take (one of them is usually doing nothing)."""

    __pydantic_config__ = _FORBID
    title: str
    body: str = ""
    #: The option the report recommends.
    recommended: bool = False


@dataclass(kw_only=True, slots=True)
class Paper:
    """A board paper to render: people write the narrative, ``pmo`` computes the rest."""

    __pydantic_config__ = _FORBID
    kind: Literal["paper"]
    id: Id
    board: Id
    meeting: Date
    title: str
    author: Id | None = None
    classification: str | None = None
    scope: list[Id] = field(default_factory=list)
    template: str = "board-paper"
    summary: str | None = None
    recommendations: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    previous: Id | None = None
    next_meeting: Date | None = None
    contact: list[Id] = field(default_factory=list)
    # Committee-report fields (records format version 2, "Papers"); all optional.
    purpose: Purpose | None = None
    decision_maker: str | None = None
    key_decision: bool | None = None
    forward_plan_ref: str | None = None
    wards: list[str] = field(default_factory=list)
    #: The Schedule 12A paragraph (Local Government Act 1972) that makes the paper exempt.
    exempt: str | None = None
    #: Heading (financial, legal, equalities, risk, climate, or any other) → markdown.
    implications: dict[str, str] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    consultation: str | None = None
    background_papers: list[str] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    #: Start with an agenda management sheet (a cover sheet).
    cover: bool = False
    #: A Word reference document for ``--to docx`` (a path from the repository's root).
    reference: str | None = None


Record = Programme | Project | People | Board | Paper

#: ``kind:`` value → record class.
KINDS: dict[str, type[Any]] = {
    "programme": Programme,
    "project": Project,
    "people": People,
    "board": Board,
    "paper": Paper,
}


@dataclass(kw_only=True, slots=True)
class Thresholds:
    """Where the derived ratings turn amber and red (see docs/format.md, "Derived ratings")."""

    __pydantic_config__ = _FORBID
    #: A milestone overdue by more than this many days makes schedule red (any overdue: amber).
    overdue_red_days: int = 30
    #: A milestone forecast more than this many days after its baseline makes schedule amber.
    slip_amber_days: int = 30
    #: Forecast over approved budget by more than this percentage: cost amber.
    cost_amber_pct: Decimal = Decimal(5)
    #: Forecast over approved budget by more than this percentage: cost red.
    cost_red_pct: Decimal = Decimal(10)
    #: A milestone (or the work's end) forecast more than this many days after its baseline:
    #: schedule red.
    slip_red_days: int = 90
    #: An open risk at or above the escalation score whose proximity is this many days away
    #: or fewer (or has passed): risk red.
    risk_near_days: int = 90
    #: Realised behind planned-to-date by more than this percentage: benefits amber.
    benefit_amber_pct: Decimal = Decimal(10)
    #: Realised behind planned-to-date by more than this percentage: benefits red.
    benefit_red_pct: Decimal = Decimal(25)

    def __post_init__(self) -> None:
        pairs = (
            ("overdue_red_days", 0, self.overdue_red_days),
            ("slip_amber_days", 0, self.slip_amber_days),
            ("risk_near_days", 0, self.risk_near_days),
            ("cost_amber_pct", 0, self.cost_amber_pct),
            ("benefit_amber_pct", 0, self.benefit_amber_pct),
            ("slip_red_days", self.slip_amber_days, self.slip_red_days),
            ("cost_red_pct", self.cost_amber_pct, self.cost_red_pct),
            ("benefit_red_pct", self.benefit_amber_pct, self.benefit_red_pct),
        )
        for name, least, value in pairs:
            if value < least:
                what = "0" if least == 0 else f"its amber threshold ({least})"
                raise ValueProblem(
                    "invalid-threshold", f"thresholds: {name} ({value}) must not be below {what}"
                )


@dataclass(kw_only=True, slots=True)
class RiskBands:
    """Risk score bands (likelihood × impact), each the lowest score in the band.

    A score at or above ``red`` is red (high), at or above ``amber`` amber (medium), else
    green (low); so ``amber`` must be below ``red``.
    """

    __pydantic_config__ = _FORBID
    red: RiskScore = 15
    amber: RiskScore = 8

    def __post_init__(self) -> None:
        if self.amber >= self.red:
            raise ValueProblem(
                "invalid-bands",
                f"risk_bands: amber ({self.amber}) must be below red ({self.red})",
            )


@dataclass(kw_only=True, slots=True)
class Settings:
    """``pmo.yaml``: settings for the portfolio; every key has a default."""

    __pydantic_config__ = _FORBID
    name: str = "Programme Office"
    currency: str = "GBP"
    rag_scale: RagScale = "three"
    as_of: Date | None = None
    stale_after_days: int = 45
    thresholds: Thresholds = field(default_factory=Thresholds)
    risk_bands: RiskBands = field(default_factory=RiskBands)
    #: Open risks scoring at or above this are escalated to the programme board.
    escalation_score: RiskScore = 15

    def __post_init__(self) -> None:
        if self.stale_after_days < 0:
            raise ValueProblem(
                "invalid-threshold",
                f"stale_after_days ({self.stale_after_days}) must not be below 0",
            )


@dataclass(frozen=True, slots=True)
class ItemKind:
    """A kind of item nested in a programme or project that has an id of its own."""

    #: The kind's name, as ids are described ("milestone").
    name: str
    #: The list that holds such items in a programme or project ("milestones").
    key: str
    cls: type[Any]
    #: Generated ids are ``<parent>-<letter><n>``.
    letter: str


#: Every nested item kind. The loader indexes them by id and the edit commands add them:
#: a new kind is a field of :class:`Work`, a line here, its report and its command.
ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind("milestone", "milestones", Milestone, "m"),
    ItemKind("risk", "risks", Risk, "r"),
    ItemKind("issue", "issues", Issue, "i"),
    ItemKind("decision", "decisions", Decision, "d"),
    ItemKind("benefit", "benefits", Benefit, "b"),
)
#: Item kind name → its kind.
ITEM_KIND: dict[str, ItemKind] = {k.name: k for k in ITEM_KINDS}
