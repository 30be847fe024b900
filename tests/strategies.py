"""Hypothesis strategies: valid records repositories of any shape, and damage to them.

:func:`repositories` draws a :class:`Repo`: the bytes of ``pmo.yaml`` and of every record
file, valid by construction (ids unique across the repository, every reference resolves,
dates in order, no dependency cycles). Shapes vary: every kind and nested item, both rating
scales (ratings in any accepted spelling), money in every accepted spelling, unicode text,
long texts, block or flow style, ``.yaml`` or ``.yml`` in nested folders.

Dates and amounts are drawn where the rules turn: mostly near the reporting date, and at
each threshold, a day (or a pound) either side of it (:class:`Limits`): milestones overdue
and slipped around ``overdue_red_days``, ``slip_amber_days`` and ``slip_red_days``, updates
around ``stale_after_days``, risk proximities around ``risk_near_days``, risk scores around
the escalation score and the bands, forecasts around the cost percentages and benefits
realised around the benefit percentages. Every repository has a programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pmo.dump import dumps_data
from pmo.types import DATE_MAX, DATE_MIN, ID_RE, RAG_FIVE, RAG_THREE

AS_OF = dt.date(2010, 10, 20)


@dataclass
class Repo:
    """A records repository as bytes: ``files`` maps a path relative to the root to content."""

    files: dict[str, bytes]
    scale: str
    data: dict[str, Any] = field(default_factory=dict)  # path → the plain data written

    def write(self, root: Path, order: list[str] | None = None) -> Path:
        """Write every file below ``root`` (in ``order``, if given) and return ``root``."""
        root.mkdir(parents=True, exist_ok=True)
        (root / "records").mkdir(exist_ok=True)
        for rel in order or list(self.files):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.files[rel])
        return root

    @property
    def record_paths(self) -> list[str]:
        return [rel for rel in self.files if rel.startswith("records/")]


# --- values ----------------------------------------------------------------------------

#: Any text YAML can hold: every character but lone surrogates.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
WORDS = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "P", "S", "M")), min_size=1, max_size=30
)
texts = st.one_of(
    WORDS,
    st.text(ANY_CHAR, max_size=40),
    WORDS,
    st.text(ANY_CHAR, max_size=40),
    st.text(ANY_CHAR, min_size=200, max_size=800),  # long texts, now and then
    st.sampled_from(["null", "true", "2010-01-01", "1.5", "0x1F", "- x", "a: b", "#", "'", '"']),
)
short_texts = st.one_of(WORDS, st.text(ANY_CHAR, max_size=20))
#: Any date of a decade around the reporting date; any the records accept, up to their
#: limits, too (see :meth:`Limits.near` for dates where the rules turn).
dates = st.one_of(
    st.dates(dt.date(2005, 1, 1), dt.date(2015, 12, 31)),
    st.dates(DATE_MIN, DATE_MAX),
    st.sampled_from([DATE_MIN, DATE_MAX]),
)


def edges(*values: int | Decimal) -> list[int]:
    """Each value and the whole numbers either side of it (none below 0)."""
    return sorted({int(v) + d for v in values for d in (-1, 0, 1) if int(v) + d >= 0})


#: The scores likelihood × impact can give, and the pairs that give each.
PAIRS: dict[int, list[tuple[int, int]]] = {}
for _l in range(1, 6):
    for _i in range(1, 6):
        PAIRS.setdefault(_l * _i, []).append((_l, _i))


@dataclass
class Limits:
    """The thresholds of a drawn repository (its settings, else the defaults), and values
    drawn on and either side of them."""

    overdue_red_days: int = 30
    slip_amber_days: int = 30
    slip_red_days: int = 90
    risk_near_days: int = 90
    stale_after_days: int = 45
    cost_amber_pct: int = 5
    cost_red_pct: int = 10
    benefit_amber_pct: int = 10
    benefit_red_pct: int = 25
    escalation_score: int = 15
    band_red: int = 15
    band_amber: int = 8

    def days(self, *names: str) -> st.SearchStrategy[int]:
        """A number of days: on or either side of the named thresholds, few, or any."""
        turning = edges(0, *(getattr(self, n) for n in names))
        return st.one_of(st.sampled_from(turning), st.integers(0, 10), st.integers(0, 400))

    def near(self, *names: str, sign: int = 0) -> st.SearchStrategy[dt.date]:
        """A date the named thresholds (days) away from the reporting date, before it
        (``sign`` -1), after it (1) or either (0); now and then any date at all."""

        @st.composite
        def draw_date(draw: st.DrawFn) -> dt.date:
            if draw(st.integers(0, 9)) == 0:
                return draw(dates)
            days = draw(self.days(*names))
            way = sign or draw(st.sampled_from([-1, 1]))
            return AS_OF + dt.timedelta(days=way * days)

        return draw_date()

    def score(self) -> st.SearchStrategy[tuple[int, int]]:
        """A likelihood and impact scoring on or either side of the escalation score or a
        band boundary (the nearest scores the 5 × 5 grid has), or any pair."""

        @st.composite
        def draw_pair(draw: st.DrawFn) -> tuple[int, int]:
            if draw(st.booleans()):
                return draw(st.integers(1, 5)), draw(st.integers(1, 5))
            target = draw(st.sampled_from([self.escalation_score, self.band_red, self.band_amber]))
            below = [s for s in PAIRS if s < target]
            above = [s for s in PAIRS if s >= target]
            options = ([max(below)] if below else []) + ([min(above)] if above else [])
            return draw(st.sampled_from(PAIRS[draw(st.sampled_from(options))]))

        return draw_pair()

    def pct(self, *names: str) -> st.SearchStrategy[int]:
        """A percentage on the named thresholds, or a common one."""
        turning = sorted({int(getattr(self, n)) for n in names} | {0, 50, 100})
        return st.sampled_from(turning)


def date_value(day: dt.date) -> st.SearchStrategy[Any]:
    """A date as YAML can give it: a plain date or quoted text."""
    return st.sampled_from([day, day.isoformat()])


@st.composite
def money(draw: st.DrawFn) -> Any:
    """An amount of money in one of the accepted spellings."""
    pounds = draw(st.integers(0, 10**11))
    style = draw(st.sampled_from(["int", "pence", "commas", "k", "m", "bn", "symbol", "neg"]))
    if style == "int":
        return pounds
    if style == "pence":
        return Decimal(pounds) / 100
    if style == "commas":
        return f"£{pounds:,}" if draw(st.booleans()) else f"{pounds:,}"
    if style in ("k", "m", "bn"):
        whole = draw(st.integers(0, 999))
        frac = draw(st.sampled_from(["", ".5", ".25", ".1"]))
        sym = draw(st.sampled_from(["£", "$", "€", ""]))
        suffix = draw(st.sampled_from([style, style.upper()]))
        return f"{sym}{whole}{frac}{suffix}"
    if style == "symbol":
        return f"£{pounds}"
    return f"-£{pounds % 100000}k"


@st.composite
def spelt(draw: st.DrawFn, amount: int) -> Any:
    """A whole amount of money in one of the spellings that give exactly it."""
    options: list[Any] = [amount, f"£{amount:,}", f"{amount:,}", f"£{amount}", Decimal(amount)]
    if amount % 1000 == 0:
        options.append(f"£{amount // 1000}k")
    if amount % 100_000 == 0:
        options.append(f"£{Decimal(amount) / 10**6}m")
    return draw(st.sampled_from(options))


@st.composite
def budgets(draw: st.DrawFn, limits: Limits | None = None) -> dict[str, Any]:
    """A budget: amounts in any spelling, or a forecast and spend on or a pound either side
    of the cost thresholds (or other percentages over the approved sum)."""
    limits = limits or Limits()
    budget: dict[str, Any] = {}
    if draw(st.integers(0, 3)) == 0:
        for key in ("approved", "forecast", "actual"):
            maybe(draw, budget, key, money())
        return budget
    approved = draw(st.integers(1, 10**4)) * draw(st.sampled_from([100, 1000, 100_000]))
    budget["approved"] = draw(spelt(approved))
    over = st.one_of(
        st.sampled_from(sorted({limits.cost_amber_pct, limits.cost_red_pct})),
        st.sampled_from([-50, -20, 0, 4, 5, 6, 10, 11, 20, 50, 200]),
    )
    for key in ("forecast", "actual"):
        if draw(st.booleans()):
            exact = approved * (100 + draw(over)) // 100
            budget[key] = draw(spelt(max(0, exact + draw(st.sampled_from([-1, 0, 1])))))
    return budget


def rag(scale: str) -> st.SearchStrategy[str]:
    """A rating on the scale, in any accepted spelling."""
    values = RAG_THREE if scale == "three" else RAG_FIVE

    def spell(value: str, how: int) -> str:
        if how == 1:
            value = value.upper()
        elif how == 2:
            value = value.title().replace("-", "/")
        elif how == 3:
            value = value.replace("-", " ")
        return value

    return st.builds(spell, st.sampled_from(values), st.integers(0, 3))


ID_BASES = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)


class Ids:
    """Fresh ids, unique across the repository."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.used: set[str] = set()

    def new(self) -> str:
        value: str = self.draw(ID_BASES)
        n = len(self.used)
        while value in self.used:  # unique by construction, not by filtering
            value = f"{value[:50]}-{n}"
            n += 1
        assert ID_RE.fullmatch(value)
        self.used.add(value)
        return value


def maybe(draw: st.DrawFn, out: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    """Set ``out[key]`` to a drawn value, or leave the key out."""
    if draw(st.booleans()):
        out[key] = draw(strategy)


def later(draw: st.DrawFn, start: dt.date, days: int = 900) -> dt.date:
    return min(DATE_MAX, start + dt.timedelta(days=draw(st.integers(0, days))))


@st.composite
def benefit_plan(draw: st.DrawFn, limits: Limits, kind: str | None) -> dict[str, Any]:
    """A benefit's plan (a profile, or a target due on a date) and what it realised by the
    reporting date: behind (a disbenefit: ahead of) plan on or a pound either side of the
    benefit thresholds, or by a common percentage."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        profile = [
            (draw(limits.near()), draw(st.integers(0, 10**4)) * 100)
            for _ in range(draw(st.integers(1, 3)))
        ]
        out["profile"] = [
            {"date": draw(date_value(d)), "value": draw(spelt(v))} for d, v in profile
        ]
        planned = sum(v for d, v in profile if d <= AS_OF)
        maybe(draw, out, "target", spelt(sum(v for _, v in profile)))
    else:
        target = draw(st.integers(0, 10**4)) * 100
        due = draw(limits.near())
        out["target"], out["due"] = draw(spelt(target)), draw(date_value(due))
        planned = target if kind == "disbenefit" or due <= AS_OF else 0
    pct = draw(limits.pct("benefit_amber_pct", "benefit_red_pct"))
    way = 1 if kind == "disbenefit" else -1
    realised = max(0, planned * (100 + way * pct) // 100 + draw(st.sampled_from([-1, 0, 1])))
    entries = [(draw(limits.near(sign=-1)), realised)]
    if draw(st.booleans()):  # realised after the reporting date: does not count yet
        entries.append((AS_OF + dt.timedelta(draw(st.integers(1, 400))), 100))
    out["realised"] = [{"date": draw(date_value(d)), "value": draw(spelt(v))} for d, v in entries]
    return out


# --- records ---------------------------------------------------------------------------


@st.composite
def repositories(draw: st.DrawFn, max_projects: int = 4) -> Repo:
    """A valid records repository (see the module docstring)."""
    ids = Ids(draw)
    scale = draw(st.sampled_from(["three", "five"]))
    ratings = rag(scale)
    settings: dict[str, Any] = {"name": draw(short_texts), "as_of": AS_OF, "rag_scale": scale}
    limits = Limits()
    if draw(st.booleans()):
        settings["stale_after_days"] = draw(st.integers(1, 400))
        slip_amber = draw(st.integers(0, 90))
        cost_amber = draw(st.integers(0, 20))
        benefit_amber = draw(st.integers(0, 50))
        settings["thresholds"] = {
            "overdue_red_days": draw(st.integers(0, 90)),
            "slip_amber_days": slip_amber,
            "slip_red_days": draw(st.integers(slip_amber, 200)),
            "risk_near_days": draw(st.integers(0, 200)),
            "cost_amber_pct": cost_amber,
            "cost_red_pct": draw(st.integers(cost_amber, 50)),
            "benefit_amber_pct": benefit_amber,
            "benefit_red_pct": draw(st.integers(benefit_amber, 100)),
        }
        settings["risk_bands"] = {
            "red": draw(st.integers(10, 25)),
            "amber": draw(st.integers(2, 9)),
        }
        settings["escalation_score"] = draw(st.integers(1, 25))
        limits = Limits(
            **settings["thresholds"],
            stale_after_days=settings["stale_after_days"],
            escalation_score=settings["escalation_score"],
            band_red=settings["risk_bands"]["red"],
            band_amber=settings["risk_bands"]["amber"],
        )
    near = limits.near

    people = [ids.new() for _ in range(draw(st.integers(1, 6)))]
    persons = st.sampled_from(people)
    person_records = []
    for pid in people:
        person: dict[str, Any] = {"id": pid, "name": draw(texts)}
        for key in ("role", "organisation", "email", "phone"):
            maybe(draw, person, key, short_texts)
        person_records.append(person)

    boards = []
    for _ in range(draw(st.integers(0, 2))):
        board: dict[str, Any] = {"kind": "board", "id": ids.new(), "name": draw(short_texts)}
        maybe(draw, board, "chair", persons)
        maybe(draw, board, "members", st.lists(persons, max_size=4))
        maybe(draw, board, "meets", short_texts)
        maybe(draw, board, "description", texts)
        boards.append(board)
    deciders = st.sampled_from(people + [b["id"] for b in boards])

    milestone_ids: list[str] = []

    def work(kind: str, earlier: list[str], programmes: list[str]) -> dict[str, Any]:
        w: dict[str, Any] = {
            "kind": kind,
            "id": ids.new(),
            "name": draw(texts),
            "lead": draw(persons),
        }
        if kind == "project":
            w["programme"] = draw(st.sampled_from(programmes))
        else:
            maybe(draw, w, "required_return", st.sampled_from([5, "5:1", 2.5, " 3 : 1 "]))
        maybe(draw, w, "description", texts)
        maybe(draw, w, "sponsor", persons)
        # Started long enough ago to be stale without an update, or not quite.
        start = draw(near("stale_after_days", sign=-1))
        if draw(st.booleans()):
            w["start"] = draw(date_value(start))
            if draw(st.booleans()):
                # The agreed end near the reporting date; its forecast slipped around the
                # slip thresholds (or brought forward, not before the start).
                end = max(start, draw(near()))
                w["end"] = draw(date_value(end))
                if draw(st.booleans()):
                    slip = draw(limits.days("slip_amber_days", "slip_red_days"))
                    if draw(st.integers(0, 4)) == 0:
                        slip = -min(slip, (end - start).days)
                    w["forecast_end"] = draw(date_value(min(DATE_MAX, end + dt.timedelta(slip))))
            else:
                maybe(draw, w, "forecast_end", date_value(later(draw, start)))
            if draw(st.integers(0, 4)) == 0:
                w["closed"] = draw(date_value(max(start, draw(near()))))
        maybe(draw, w, "budget", budgets(limits))
        if earlier and draw(st.booleans()):
            w["depends_on"] = draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True))
        maybe(draw, w, "tags", st.lists(short_texts, max_size=3))
        updates = []
        for _ in range(draw(st.integers(0, 3))):
            u: dict[str, Any] = {
                "date": draw(date_value(draw(near("stale_after_days", sign=-1)))),
                "rag": draw(ratings),
                "summary": draw(texts),
            }
            for dim in ("schedule", "cost", "scope", "resources", "benefits"):
                maybe(draw, u, dim, ratings)
            for key in ("achievements", "next_steps", "decisions_needed"):
                maybe(draw, u, key, st.lists(short_texts, max_size=3))
            updates.append(u)
        if updates:
            w["updates"] = updates
        nested: dict[str, list[dict[str, Any]]] = {}
        for _ in range(draw(st.integers(0, 3))):
            # Due around the reporting date, overdue around overdue_red_days ...
            baseline = draw(near("overdue_red_days"))
            m: dict[str, Any] = {
                "id": ids.new(),
                "title": draw(texts),
                "baseline": draw(date_value(baseline)),
            }
            if draw(st.booleans()):  # ... and re-forecast around the slip thresholds
                slip = draw(limits.days("slip_amber_days", "slip_red_days"))
                if draw(st.integers(0, 4)) == 0:
                    slip = -slip  # brought forward
                due = min(DATE_MAX, max(DATE_MIN, baseline + dt.timedelta(slip)))
                m["forecast"] = draw(date_value(due))
            if draw(st.booleans()):
                m["actual"] = draw(date_value(min(AS_OF, draw(near()))))
            maybe(draw, m, "owner", persons)
            maybe(draw, m, "description", texts)
            maybe(draw, m, "gate", st.booleans())
            if milestone_ids and draw(st.booleans()):
                m["depends_on"] = draw(
                    st.lists(st.sampled_from(milestone_ids), max_size=2, unique=True)
                )
            milestone_ids.append(m["id"])
            nested.setdefault("milestones", []).append(m)
        for _ in range(draw(st.integers(0, 3))):
            likelihood, impact = draw(limits.score())
            r: dict[str, Any] = {
                "id": ids.new(),
                "title": draw(texts),
                "owner": draw(persons),
                "likelihood": likelihood,
                "impact": impact,
            }
            for key in ("inherent", "target"):
                if draw(st.booleans()):
                    r[key] = {
                        "likelihood": draw(st.integers(1, 5)),
                        "impact": draw(st.integers(1, 5)),
                    }
            maybe(
                draw,
                r,
                "response",
                st.sampled_from(["treat", "tolerate", "transfer", "terminate", "take"]),
            )
            maybe(draw, r, "category", short_texts)
            maybe(draw, r, "proximity", date_value(draw(near("risk_near_days"))))
            maybe(draw, r, "review", date_value(draw(near())))
            raised = draw(near())
            maybe(draw, r, "raised", date_value(raised))
            if draw(st.integers(0, 3)) == 0:
                r["status"] = "closed"
                r["closed"] = draw(date_value(max(raised, draw(near()))))
            actions = []
            for _ in range(draw(st.integers(0, 2))):
                a: dict[str, Any] = {"action": draw(texts)}
                maybe(draw, a, "owner", persons)
                maybe(draw, a, "due", date_value(draw(near())))
                maybe(draw, a, "done", date_value(draw(near())))
                actions.append(a)
            if actions:
                r["actions"] = actions
            nested.setdefault("risks", []).append(r)
        for _ in range(draw(st.integers(0, 2))):
            raised = draw(near())
            i: dict[str, Any] = {"id": ids.new(), "title": draw(texts)}
            maybe(draw, i, "owner", persons)
            maybe(draw, i, "raised", date_value(raised))
            maybe(draw, i, "priority", st.sampled_from(["critical", "high", "medium", "low"]))
            if draw(st.booleans()):
                i["status"] = "closed"
                i["closed"] = draw(date_value(max(raised, draw(near()))))
                maybe(draw, i, "resolution", texts)
            nested.setdefault("issues", []).append(i)
        for _ in range(draw(st.integers(0, 2))):
            d: dict[str, Any] = {
                "id": ids.new(),
                "title": draw(texts),
                "date": draw(date_value(draw(near()))),
            }
            maybe(draw, d, "by", deciders)
            maybe(draw, d, "outcome", texts)
            nested.setdefault("decisions", []).append(d)
        for _ in range(draw(st.integers(0, 2))):
            b: dict[str, Any] = {"id": ids.new(), "title": draw(texts)}
            maybe(draw, b, "owner", persons)
            maybe(draw, b, "measure", short_texts)
            maybe(draw, b, "baseline", money())
            maybe(draw, b, "target", money())
            maybe(draw, b, "unit", short_texts)
            kinds = ["cashable", "non-cashable", "disbenefit"]
            # A cashable benefit is money (a unit is the error cashable-unit).
            maybe(draw, b, "type", st.sampled_from(kinds[1:] if "unit" in b else kinds))
            if draw(st.booleans()):
                b.update(draw(benefit_plan(limits, b.get("type"))))
                nested.setdefault("benefits", []).append(b)
                continue
            maybe(draw, b, "due", date_value(draw(dates)))
            if draw(st.booleans()):
                b["profile"] = draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {"date": dates.flatmap(date_value), "value": money()}
                        ),
                        max_size=3,
                    )
                )
            if draw(st.booleans()):
                b["realised"] = draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {"date": dates.flatmap(date_value), "value": money()}
                        ),
                        max_size=2,
                    )
                )
            nested.setdefault("benefits", []).append(b)
        w.update(nested)
        return w

    works: list[dict[str, Any]] = []
    programmes: list[str] = []
    for _ in range(draw(st.sampled_from([1, 2, 1, 1, 0]))):  # mostly one; now and then none
        programme = work("programme", [x["id"] for x in works], programmes)
        programmes.append(programme["id"])
        works.append(programme)
    if programmes:
        for _ in range(draw(st.integers(0, max_projects))):
            works.append(work("project", [x["id"] for x in works], programmes))
    work_ids = [w["id"] for w in works]

    papers: list[dict[str, Any]] = []
    if boards:
        for _ in range(draw(st.integers(0, 2))):
            paper: dict[str, Any] = {
                "kind": "paper",
                "id": ids.new(),
                "board": draw(st.sampled_from([b["id"] for b in boards])),
                "meeting": draw(date_value(draw(dates))),
                "title": draw(texts),
            }
            maybe(draw, paper, "author", persons)
            maybe(draw, paper, "classification", short_texts)
            if work_ids:
                maybe(
                    draw,
                    paper,
                    "scope",
                    st.lists(st.sampled_from(work_ids), max_size=2, unique=True),
                )
            maybe(draw, paper, "summary", texts)
            maybe(draw, paper, "recommendations", st.lists(texts, max_size=2))
            maybe(
                draw,
                paper,
                "sections",
                st.lists(
                    st.fixed_dictionaries({"heading": short_texts}, optional={"body": texts}),
                    max_size=2,
                ),
            )
            if papers:
                maybe(draw, paper, "previous", st.sampled_from([p["id"] for p in papers]))
            maybe(draw, paper, "next_meeting", date_value(draw(dates)))
            maybe(draw, paper, "contact", st.lists(persons, max_size=2))
            papers.append(paper)

    # People in one file or split in two.
    split = draw(st.integers(0, len(person_records)))
    people_files = [person_records[:split], person_records[split:]]
    records: list[dict[str, Any]] = [
        {"kind": "people", "people": chunk} for chunk in people_files if chunk
    ]
    records += boards + works + papers

    folders = st.sampled_from(["", "a/", "b/", "a/c/", "Ünï cødé/", "x y/"])
    names = st.from_regex(r"[a-z0-9][a-z0-9_ -]{0,12}", fullmatch=True)
    files: dict[str, bytes] = {"pmo.yaml": write_yaml(draw, settings)}
    data: dict[str, Any] = {"pmo.yaml": settings}
    for rec in records:
        folder, name, ext = draw(st.tuples(folders, names, st.sampled_from([".yaml", ".yml"])))
        rel = f"records/{folder}{name}{ext}"
        if rel in files:  # unique by construction
            rel = f"records/{folder}{name}-{len(files)}{ext}"
        files[rel] = write_yaml(draw, rec)
        data[rel] = rec
    return Repo(files, scale, data)


def write_yaml(draw: st.DrawFn, data: Any) -> bytes:
    """YAML bytes of plain data: block style, or compact (inner collections in flow style)."""
    text = dumps_data(data, compact=draw(st.sampled_from([False, False, True])))
    if draw(st.integers(0, 9)) == 0:
        text = "# a comment\n" + text
    return text.encode("utf-8")
