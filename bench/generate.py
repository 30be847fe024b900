"""Generate a deterministic synthetic pmo records repository for benchmarks and tests."""

from __future__ import annotations

import argparse
import bisect
import importlib
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

# Ordinal range covered by the date-string cache (wide enough for every generated date).
_BASE = date(2010, 1, 1).toordinal()
_ISO: list[str] = [date.fromordinal(_BASE + i).isoformat() for i in range(366 * 40)]
_MONTH_ENDS: list[int] = [
    (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).toordinal()
    for y in range(2010, 2040)
    for m in range(1, 13)
]

RAGS = ("green", "amber", "red")
DIMENSIONS = ("schedule", "cost", "scope", "resources", "benefits")
RESPONSES = ("treat", "treat", "treat", "tolerate", "transfer", "terminate", "take")
CATEGORIES = (
    "commercial",
    "financial",
    "technical",
    "people",
    "partnership",
    "legal",
    "reputational",
    "delivery",
    "information",
    "safety",
)
TAGS = (
    "digital",
    "estates",
    "health",
    "social-care",
    "housing",
    "transport",
    "education",
    "skills",
    "net-zero",
    "data",
    "commercial",
    "workforce",
    "safeguarding",
    "regeneration",
    "procurement",
)
FIRST_NAMES = (
    "Alex", "Amara", "Bethan", "Chloé", "Daniel", "Deepa", "Eilidh", "Fatima", "Gareth",
    "Hannah", "Idris", "Jos", "Kwame", "Laura", "Mei", "Monica", "Niamh", "Oliver", "Priya",
    "Rhys", "Siân", "Tomasz", "Uma", "Victor", "Wen", "Yusuf", "Zoë", "Gereint", "Ruth", "Sam",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Baker", "Chowdhury", "Davies", "Evans", "Fogarty", "Green", "Hughes", "Iqbal",
    "Jones", "Kowalski", "Li", "Morgan", "Nowak", "O'Brien", "Parry", "Quinn", "Roberts",
    "Stoneman", "Thomas", "Underwood", "Vaughan", "Williams", "Xu", "Young", "Zielińska",
)  # fmt: skip
ROLES = (
    "Programme Manager",
    "Project Manager",
    "Head of Service",
    "Finance Business Partner",
    "Senior Responsible Owner",
    "Business Analyst",
    "Commercial Lead",
    "Technical Architect",
    "Change Manager",
    "PMO Analyst",
)
ORGANISATIONS = (
    "County Council",
    "City Council",
    "Integrated Care Board",
    "Police and Crime Commissioner",
    "Fire and Rescue Service",
)
THEMES = (
    "Digital Services",
    "Estates Rationalisation",
    "Adult Social Care",
    "Children's Services",
    "Net Zero",
    "Highways",
    "Customer Access",
    "Workforce",
    "Housing Growth",
    "Waste",
    "Libraries",
    "Public Health",
    "Schools Capital",
    "Economic Development",
    "Data & Insight",
)
OBJECTS = (
    "Case Management System",
    "Depot Consolidation",
    "Falls Pathway",
    "Contact Centre",
    "Data Platform",
    "Fleet Electrification",
    "Extra Care Housing",
    "Library Hubs",
    "School Expansion",
    "Bus Priority Corridor",
    "Payroll Replacement",
    "Records Digitisation",
    "Hybrid Working",
    "Heat Network",
    "Reablement Service",
    "Kerbside Recycling",
    "Youth Hubs",
    "Planning Portal",
    "Telecare Upgrade",
    "Network Refresh",
)
PAST = (
    "Procured",
    "Designed",
    "Agreed",
    "Delivered",
    "Tested",
    "Migrated",
    "Consulted on",
    "Piloted",
    "Rolled out",
    "Evaluated",
)
VERBS = (
    "Procure",
    "Design",
    "Agree",
    "Deliver",
    "Test",
    "Migrate",
    "Consult on",
    "Pilot",
    "Roll out",
    "Evaluate",
)
NOUNS = (
    "the supplier framework",
    "the business case",
    "the data migration plan",
    "the pooled budget",
    "the staff consultation",
    "the pilot sites",
    "the training programme",
    "the interim service",
    "the planning application",
    "the benefits register",
    "the risk workshop",
    "the go-live readiness review",
)
PHASES = (
    "Delivery",
    "Design work",
    "Procurement",
    "Mobilisation",
    "The build",
    "Testing",
    "The pilot",
    "Implementation",
    "Data migration",
    "Stakeholder engagement",
)
CONDITIONS = (
    "on track",
    "slightly behind plan",
    "behind plan",
    "ahead of plan",
    "at risk",
    "back on track",
)
CAUSES = (
    "supplier capacity is constrained",
    "the pooled budget is not yet agreed",
    "recruitment to key posts has slipped",
    "partners have confirmed their funding",
    "the design authority asked for changes",
    "inflation is pushing up tender prices",
    "the pilot results are encouraging",
    "a dependency on the network refresh remains",
)
RISK_CAUSES = (
    "Supplier market is thin",
    "Key staff may leave",
    "Partner funding is not confirmed",
    "Legacy data quality is poor",
    "Construction inflation continues",
    "Planning consent may be challenged",
    "Cyber threat level is raised",
    "Demand grows faster than forecast",
    "Legislation may change",
    "Integration with health systems is complex",
)
RISK_EFFECTS = (
    "delay to go-live",
    "cost overrun",
    "loss of benefits",
    "reputational damage",
    "service disruption",
    "failure of the procurement",
    "reduced stakeholder support",
)
MILESTONE_STAGES = (
    "Strategic outline case approved",
    "Supplier appointed",
    "Design complete",
    "Full business case approved",
    "Build complete",
    "User acceptance testing complete",
    "Go-live",
    "Handover to business as usual",
)
BOARDS = (
    ("portfolio-board", "Portfolio Board"),
    ("investment-committee", "Investment Committee"),
    ("design-authority", "Design Authority"),
    ("delivery-board", "Delivery Board"),
    ("audit-risk-committee", "Audit and Risk Committee"),
    ("transformation-board", "Transformation Board"),
    ("digital-board", "Digital Board"),
    ("estates-board", "Estates Board"),
)
MONEY_STYLES = ("k", "m", "comma", "plain", "pound-comma", "m", "k")


def q(text: str) -> str:
    """Quote free text as a YAML double-quoted scalar (JSON escaping is valid YAML)."""
    return _ENCODE(text)


def ds(ordinal: int) -> str:
    """Return the ISO date for a day ordinal."""
    return _ISO[ordinal - _BASE]


def _decimal_text(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    digits = len(str(unit)) - 1
    tail = f"{frac:0{digits}d}".rstrip("0")
    return f"{whole}.{tail}" if tail else str(whole)


def money(value: int, rng: random.Random) -> str:
    """Spell a whole-pound amount in one of the accepted money forms, exactly."""
    style = rng.choice(MONEY_STYLES)
    if value >= 1_000_000_000 and value % 10_000_000 == 0:
        return "£" + _decimal_text(value, 1_000_000_000) + "bn"
    if style == "m" and value >= 1_000_000 and value % 10_000 == 0:
        return "£" + _decimal_text(value, 1_000_000) + "m"
    if style in ("k", "m") and value % 1000 == 0:
        return f"£{value // 1000}k"
    if style == "comma":
        return f'"{value:,}"'
    if style == "pound-comma":
        return f'"£{value:,}"'
    return str(value)


def month_ends_up_to(ordinal: int, count: int) -> list[int]:
    """Return the last ``count`` month-end ordinals on or before ``ordinal``."""
    idx = bisect.bisect_right(_MONTH_ENDS, ordinal)
    return _MONTH_ENDS[max(0, idx - count) : idx]


def step_rag(rag: int, rng: random.Random) -> int:
    """Move a rag index (0 green .. 2 red) by at most one step."""
    roll = rng.random()
    if roll < 0.12:
        return max(0, rag - 1)
    if roll < 0.22:
        return min(2, rag + 1)
    return rag


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@dataclass
class Stats:
    """Running totals of what was written."""

    files: int = 0
    projects: int = 0
    milestones: int = 0
    risks: int = 0
    bytes: int = 0


@dataclass
class TextPools:
    """Pre-quoted free-text fragments, so the hot loop mostly picks rather than formats."""

    summaries: list[str]
    achievements: list[str]
    next_steps: list[str]
    decisions: list[str]
    risk_titles: list[str]
    risk_descriptions: list[str]
    actions: list[str]
    issues: list[str]
    outcomes: list[str]

    @classmethod
    def build(cls, rng: random.Random, size: int = 400) -> TextPools:
        def pick(seq: tuple[str, ...]) -> str:
            return rng.choice(seq)

        summaries = [
            q(f"{pick(PHASES)} is {pick(CONDITIONS)}; {pick(CAUSES)}.") for _ in range(size)
        ]
        achievements = [q(f"{pick(PAST)} {pick(NOUNS)}") for _ in range(size)]
        next_steps = [q(f"{pick(VERBS)} {pick(NOUNS)}") for _ in range(size)]
        decisions = [
            q(f"Approve {pick(NOUNS)} (up to £{rng.randint(2, 400)}k)") for _ in range(size)
        ]
        risk_titles = [
            q(f"{pick(RISK_CAUSES)}, leading to {pick(RISK_EFFECTS)}") for _ in range(size)
        ]
        risk_descriptions = [
            q(
                f"Because {pick(CAUSES)}, there is a risk that {pick(NOUNS)} slips, "
                f"resulting in {pick(RISK_EFFECTS)}."
            )
            for _ in range(size)
        ]
        actions = [q(f"{pick(VERBS)} {pick(NOUNS)}") for _ in range(size)]
        issues = [q(f"{pick(CAUSES).capitalize()}") for _ in range(size)]
        outcomes = [
            q(f"Agreed to {pick(VERBS).lower()} {pick(NOUNS)} subject to conditions")
            for _ in range(size)
        ]
        return cls(
            summaries,
            achievements,
            next_steps,
            decisions,
            risk_titles,
            risk_descriptions,
            actions,
            issues,
            outcomes,
        )


@dataclass
class Portfolio:
    """The shared context every record generator draws from."""

    rng: random.Random
    as_of: int
    people: list[str]
    senior: list[str]
    boards: list[str]
    pools: TextPools


def write(path: Path, text: str, stats: Stats) -> None:
    data = text.encode("utf-8")
    path.write_bytes(data)
    stats.files += 1
    stats.bytes += len(data)


def gen_people(rng: random.Random, count: int) -> tuple[str, list[str]]:
    ids = [f"p-{i:04d}" for i in range(1, count + 1)]
    lines = ["kind: people", "people:"]
    for pid in ids:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        org = f"{rng.choice(('Northshire', 'Westmere', 'Eastborough'))} {rng.choice(ORGANISATIONS)}"
        lines.append(
            f"  - {{id: {pid}, name: {q(name)}, role: {q(rng.choice(ROLES))}, "
            f"organisation: {q(org)}}}"
        )
    return "\n".join(lines) + "\n", ids


def gen_board(rng: random.Random, bid: str, name: str, senior: list[str]) -> str:
    members = rng.sample(senior, k=min(len(senior), rng.randint(4, 8)))
    return (
        f"kind: board\nid: {bid}\nname: {q(name)}\nchair: {members[0]}\n"
        f"members: {flow_list(members)}\nmeets: {rng.choice(('monthly', 'quarterly'))}\n"
    )


@dataclass
class ProjectFacts:
    """What the programme and paper records need to know about a generated project."""

    pid: str
    start: int
    end: int
    approved: int


def gen_project(
    pf: Portfolio, pid: str, name: str, programme: str, earlier: list[str], stats: Stats
) -> tuple[str, ProjectFacts]:
    rng = pf.rng
    pools = pf.pools
    as_of = pf.as_of
    lead = rng.choice(pf.people)
    sponsor = rng.choice(pf.senior)
    start = as_of - rng.randint(400, 5 * 365)
    end = start + rng.randint(540, 5 * 365)
    closed: int | None = None
    if end < as_of - 30 and rng.random() < 0.6:
        closed = min(as_of, end + rng.randint(0, 60))
    forecast_end: int | None = None
    if closed is None and rng.random() < 0.4:
        forecast_end = end + rng.randint(14, 300)

    description = (
        f"{name}: {rng.choice(CAUSES)}; the project will "
        f"{rng.choice(VERBS).lower()} {rng.choice(NOUNS)}."
    )
    out: list[str] = [
        "kind: project",
        f"id: {pid}",
        f"name: {q(name)}",
        f"programme: {programme}",
        f"description: {q(description)}",
        f"lead: {lead}",
        f"sponsor: {sponsor}",
        f"start: {ds(start)}",
        f"end: {ds(end)}",
    ]
    if forecast_end is not None:
        out.append(f"forecast_end: {ds(forecast_end)}")
    out.append(f"closed: {ds(closed) if closed is not None else 'null'}")

    if rng.random() < 0.01:
        approved = rng.randint(10, 300) * 10_000_000
    else:
        approved = int(10 ** rng.uniform(5, 7.8))
        approved = approved - approved % (5000 if approved < 1_000_000 else 100_000)
    forecast = int(approved * rng.uniform(0.9, 1.35))
    forecast -= forecast % 1000
    horizon = (closed or as_of) - start
    elapsed = min(1.0, max(0.0, horizon / max(1, end - start)))
    spent = int(forecast * elapsed * rng.uniform(0.7, 1.05))
    spent -= spent % 1000
    out.append(
        f"budget: {{approved: {money(approved, rng)}, forecast: {money(forecast, rng)}, "
        f"actual: {money(spent, rng)}}}"
    )
    deps = rng.sample(earlier[-20:], k=min(len(earlier), rng.choice((0, 0, 1, 1, 2))))
    out.append(f"depends_on: {flow_list(deps)}")
    out.append(f"tags: {flow_list(rng.sample(TAGS, k=rng.randint(1, 3)))}")

    # Updates: twelve monthly reports; some projects report late (stale), closed ones stop.
    last = closed if closed is not None else as_of
    if closed is None and rng.random() < 0.2:
        last = as_of - 31 * rng.randint(1, 3)
    dims = [
        d for d, p in zip(DIMENSIONS, (0.7, 0.55, 0.15, 0.15, 0.1), strict=True) if rng.random() < p
    ]
    rag = rng.choice((0, 0, 1, 1, 1, 2))
    out.append("updates:")
    for when in month_ends_up_to(last, 12):
        rag = step_rag(rag, rng)
        out.append(f"  - date: {ds(when)}\n    rag: {RAGS[rag]}")
        for dim in dims:
            out.append(f"    {dim}: {RAGS[step_rag(rag, rng)]}")
        out.append(f"    summary: {rng.choice(pools.summaries)}")
        out.append(
            f"    achievements: {flow_list(rng.sample(pools.achievements, rng.randint(1, 3)))}"
        )
        out.append(f"    next_steps: {flow_list(rng.sample(pools.next_steps, rng.randint(1, 2)))}")
        if rng.random() < 0.15:
            out.append(f"    decisions_needed: [{rng.choice(pools.decisions)}]")

    # Milestones: eight, evenly spread with jitter, each depending on the one before.
    out.append("milestones:")
    span = end - start
    prev_forecast = start
    prev_actual: int | None = start
    for k in range(1, 9):
        baseline = start + span * (2 * k - 1) // 16 + rng.randint(-10, 10)
        slip = 0 if rng.random() < 0.5 else rng.randint(-14, 120)
        fc = max(baseline + slip, prev_forecast + 1)
        actual: int | None = None
        if closed is not None:
            fc = min(fc, closed)
            actual = min(closed, max(prev_actual or start, fc + rng.randint(-5, 10)))
        elif prev_actual is not None and fc <= as_of and rng.random() < 0.88:
            actual = min(as_of, max(prev_actual, fc + rng.randint(-5, 10)))
        mid = f"{pid}-m{k}"
        out.append(
            f"  - id: {mid}\n    title: {q(MILESTONE_STAGES[k - 1])}\n"
            f"    baseline: {ds(baseline)}\n    forecast: {ds(fc)}\n"
            f"    actual: {ds(actual) if actual is not None else 'null'}"
        )
        if rng.random() < 0.5:
            out.append(f"    owner: {rng.choice(pf.people)}")
        if k > 1:
            dep = [f"{pid}-m{k - 1}"]
            if k > 2 and rng.random() < 0.2:
                dep.insert(0, f"{pid}-m{rng.randint(1, k - 2)}")
            out.append(f"    depends_on: {flow_list(dep)}")
        out.append(f"    gate: {'true' if k in (4, 8) else 'false'}")
        prev_forecast = fc
        prev_actual = actual

    # Risks: ten, some closed, each with one to three actions.
    out.append("risks:")
    latest = closed if closed is not None else as_of
    for k in range(1, 11):
        raised = rng.randint(start, max(start, latest - 10))
        li, im = rng.randint(1, 5), rng.randint(1, 5)
        ili, iim = min(5, li + rng.randint(0, 2)), min(5, im + rng.randint(0, 1))
        tli, tim = max(1, li - rng.randint(0, 2)), max(1, im - rng.randint(0, 1))
        is_closed = closed is not None or rng.random() < 0.3
        risk_closed = rng.randint(raised + 1, max(raised + 1, latest)) if is_closed else 0
        if is_closed:
            review = rng.randint(raised, risk_closed)
        elif rng.random() < 0.15:
            review = max(raised + 1, as_of - rng.randint(1, 120))
        else:
            review = as_of + rng.randint(1, 90)
        out.append(
            f"  - id: {pid}-r{k}\n    title: {rng.choice(pools.risk_titles)}\n"
            f"    description: {rng.choice(pools.risk_descriptions)}\n"
            f"    owner: {rng.choice(pf.people)}\n    category: {rng.choice(CATEGORIES)}\n"
            f"    likelihood: {li}\n    impact: {im}\n"
            f"    inherent: {{likelihood: {ili}, impact: {iim}}}\n"
            f"    target: {{likelihood: {tli}, impact: {tim}}}\n"
            f"    response: {rng.choice(RESPONSES)}\n"
            f"    proximity: {ds(raised + rng.randint(60, 720))}\n"
            f"    raised: {ds(raised)}\n    review: {ds(review)}\n"
            f"    status: {'closed' if is_closed else 'open'}"
        )
        if is_closed:
            out.append(f"    closed: {ds(risk_closed)}")
        out.append("    actions:")
        for _ in range(rng.randint(1, 3)):
            due = raised + rng.randint(14, 400)
            done = "null"
            if due <= as_of and rng.random() < (0.97 if as_of - due > 180 else 0.75):
                done = ds(min(as_of, max(raised, due + rng.randint(-20, 30))))
            out.append(
                f"      - {{action: {rng.choice(pools.actions)}, owner: {rng.choice(pf.people)}, "
                f"due: {ds(due)}, done: {done}}}"
            )

    out.append("issues:")
    for k in range(1, 3):
        raised = rng.randint(start, max(start, latest - 5))
        status = "closed" if closed is not None or rng.random() < 0.4 else "open"
        line = (
            f"  - {{id: {pid}-i{k}, title: {rng.choice(pools.issues)}, "
            f"owner: {rng.choice(pf.people)}, raised: {ds(raised)}, "
            f"priority: {rng.choice(('high', 'medium', 'low'))}, status: {status}"
        )
        if status == "closed":
            line += f", closed: {ds(rng.randint(raised, max(raised, latest)))}"
        out.append(line + "}")

    out.append("decisions:")
    for k in range(1, 3):
        out.append(
            f"  - {{id: {pid}-d{k}, title: {rng.choice(pools.decisions)}, "
            f"date: {ds(rng.randint(start, latest))}, by: {rng.choice(pf.boards)}, "
            f"outcome: {rng.choice(pools.outcomes)}}}"
        )

    out.append("benefits:")
    due = end + rng.randint(90, 720)
    target = approved * rng.randint(110, 300) // 100
    target -= target % 1000
    realised: list[str] = []
    when = start + 365
    while when <= as_of and len(realised) < 3:
        realised.append(f"{{date: {ds(when)}, value: {money(target // 10, rng)}}}")
        when += 365
    out.append(
        f"  - id: {pid}-b1\n    title: {q('Cashable savings from ' + name)}\n"
        f"    owner: {sponsor}\n    measure: Cashable saving\n    target: {money(target, rng)}\n"
        f"    due: {ds(due)}\n    realised: {flow_list(realised)}"
    )
    hours = rng.randint(2, 200) * 500
    out.append(
        f"  - id: {pid}-b2\n    title: {q('Staff time released by ' + name)}\n"
        f"    owner: {lead}\n    measure: Staff hours released\n    target: {hours}\n"
        f"    unit: hours\n    due: {ds(due)}\n    realised: []"
    )

    stats.projects += 1
    stats.milestones += 8
    stats.risks += 10
    return "\n".join(out) + "\n", ProjectFacts(pid, start, end, approved)


def gen_programme(
    pf: Portfolio, prg: str, name: str, facts: list[ProjectFacts], lead: str, sponsor: str
) -> str:
    rng = pf.rng
    start = min(f.start for f in facts)
    end = max(f.end for f in facts)
    total = sum(f.approved for f in facts)
    lines = [
        "kind: programme",
        f"id: {prg}",
        f"name: {q(name)}",
        f"description: {q(f'{name}: {len(facts)} projects delivering the strategy.')}",
        f"lead: {lead}",
        f"sponsor: {sponsor}",
        f"start: {ds(start)}",
        f"end: {ds(end)}",
        f"budget: {{approved: {money(total, rng)}}}",
        f"tags: {flow_list(rng.sample(TAGS, k=2))}",
        "updates:",
    ]
    rag = rng.choice((0, 1, 1, 2))
    for when in month_ends_up_to(pf.as_of, 12)[2::3]:
        rag = step_rag(rag, rng)
        lines.append(
            f"  - {{date: {ds(when)}, rag: {RAGS[rag]}, summary: {rng.choice(pf.pools.summaries)}}}"
        )
    return "\n".join(lines) + "\n"


def gen_paper(
    pf: Portfolio,
    paper_id: str,
    board: str,
    meeting: int,
    title: str,
    author: str,
    scope: str,
) -> str:
    rng = pf.rng
    body = (
        f"Progress since the last meeting:\n\n- {rng.choice(CAUSES).capitalize()}.\n"
        f"- {rng.choice(CAUSES).capitalize()}.\n\nThe board is asked to note the position."
    )
    ask = f"The board is asked to {rng.choice(VERBS).lower()} {rng.choice(NOUNS)}."
    risks = rng.choice(pf.pools.risk_descriptions)
    return (
        f"kind: paper\nid: {paper_id}\nboard: {board}\nmeeting: {ds(meeting)}\n"
        f"title: {q(title)}\nauthor: {author}\nclassification: official\n"
        f"scope: [{scope}]\ntemplate: board-paper\n"
        f"summary: {rng.choice(pf.pools.summaries)}\n"
        f"recommendations: [{q('The board is asked to note progress.')}, {q(ask)}]\n"
        f"sections:\n"
        f"  - {{heading: Context, body: {q(body)}}}\n"
        f"  - {{heading: {q('Risks and issues')}, body: {risks}}}\n"
    )


def generate(out_dir: Path, projects: int, seed: int, files_per_project: int, as_of: date) -> Stats:
    rng = random.Random(seed)
    stats = Stats()
    records = out_dir / "records"
    records.mkdir(parents=True, exist_ok=True)
    as_of_o = as_of.toordinal()

    write(
        out_dir / "pmo.yaml",
        f"name: {q(f'Synthetic Portfolio ({projects} projects, seed {seed})')}\n"
        f"currency: GBP\nrag_scale: three\nas_of: {as_of.isoformat()}\nstale_after_days: 45\n",
        stats,
    )
    people_text, people = gen_people(rng, projects // 5 + 20)
    write(records / "people.yaml", people_text, stats)
    senior = people[:20]

    n_programmes = max(1, -(-projects // 25))
    n_boards = min(len(BOARDS), 3 + n_programmes // 10)
    (records / "boards").mkdir(exist_ok=True)
    board_ids = []
    for bid, bname in BOARDS[:n_boards]:
        write(records / "boards" / f"{bid}.yaml", gen_board(rng, bid, bname, senior), stats)
        board_ids.append(bid)

    pf = Portfolio(rng, as_of_o, people, senior, board_ids, TextPools.build(rng))
    width = max(5, len(str(projects)))
    pwidth = max(3, len(str(n_programmes)))
    (records / "programmes").mkdir(exist_ok=True)
    (records / "papers").mkdir(exist_ok=True)
    for g in range(n_programmes):
        prg = f"prg-{g + 1:0{pwidth}d}"
        theme = THEMES[g % len(THEMES)]
        prg_name = f"{theme} Programme" + (f" {g // len(THEMES) + 1}" if g >= len(THEMES) else "")
        board = board_ids[g % len(board_ids)]
        folder = records / prg
        folder.mkdir(exist_ok=True)
        first = g * projects // n_programmes
        last = (g + 1) * projects // n_programmes
        earlier: list[str] = []
        facts: list[ProjectFacts] = []
        for i in range(first, last):
            pid = f"prj-{i + 1:0{width}d}"
            name = f"{rng.choice(OBJECTS)} {i + 1}"
            text, fact = gen_project(pf, pid, name, prg, earlier, stats)
            write(folder / f"{pid}.yaml", text, stats)
            facts.append(fact)
            earlier.append(pid)
            for j in range(2, files_per_project + 1):
                hr_id = f"{pid}-hr{j}"
                meeting = as_of_o - 28 * (j - 2) - rng.randint(0, 6)
                author = rng.choice(senior)
                title = f"{name}: highlight report"
                paper = gen_paper(pf, hr_id, board, meeting, title, author, pid)
                write(folder / f"{hr_id}.yaml", paper, stats)
        lead = rng.choice(senior)
        sponsor = rng.choice(senior)
        write(
            records / "programmes" / f"{prg}.yaml",
            gen_programme(pf, prg, prg_name, facts, lead, sponsor),
            stats,
        )
        paper_id = f"paper-{prg}-{as_of.year}-{as_of.month:02d}"
        paper = gen_paper(
            pf,
            paper_id,
            board,
            as_of_o - rng.randint(0, 20),
            f"{prg_name}: progress report",
            lead,
            prg,
        )
        write(records / "papers" / f"{paper_id}.yaml", paper, stats)
    return stats


# --------------------------------------------------------------------------- self-check


def _str(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def check(out_dir: Path) -> int:
    """Parse every generated file with PyYAML and check ids, references and date order."""
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:
        print("check: PyYAML not installed; skipped", file=sys.stderr)
        return 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs: list[tuple[Path, dict[str, Any]]] = []
    problems: list[str] = []
    for path in sorted((out_dir / "records").rglob("*.yaml")):
        with path.open("rb") as fh:
            doc = yaml.load(fh, Loader=loader)
        if not isinstance(doc, dict) or "kind" not in doc:
            problems.append(f"{path}: not a record")
            continue
        docs.append((path, doc))
    ids: dict[str, str] = {}
    people: set[str] = set()
    kinds: dict[str, set[str]] = {}

    def add(ident: object, where: Path, kind: str) -> None:
        key = _str(ident)
        if key in ids:
            problems.append(f"{where}: duplicate id {key}")
        ids[key] = kind
        kinds.setdefault(kind, set()).add(key)

    for path, doc in docs:
        kind = doc["kind"]
        if kind == "people":
            for person in doc["people"]:
                add(person["id"], path, "person")
                people.add(person["id"])
            continue
        add(doc["id"], path, kind)
        for section in ("milestones", "risks", "issues", "decisions", "benefits"):
            for item in doc.get(section) or []:
                add(item["id"], path, section)

    def need(ref: object, kind: str, where: Path) -> None:
        if _str(ref) not in kinds.get(kind, set()):
            problems.append(f"{where}: unresolved {kind} reference {ref}")

    as_of = yaml.safe_load((out_dir / "pmo.yaml").read_text(encoding="utf-8"))["as_of"]
    for path, doc in docs:
        kind = doc["kind"]
        if kind in ("project", "programme"):
            for ref in (doc["lead"], doc.get("sponsor")):
                if ref is not None:
                    need(ref, "person", path)
            if kind == "project":
                need(doc["programme"], "programme", path)
                for dep in doc.get("depends_on") or []:
                    need(dep, "project", path)
            if doc["end"] <= doc["start"]:
                problems.append(f"{path}: end not after start")
            for upd in doc.get("updates") or []:
                if upd["date"] > as_of:
                    problems.append(f"{path}: update after as_of")
            for ms in doc.get("milestones") or []:
                if ms.get("actual") and ms["actual"] > as_of:
                    problems.append(f"{path}: {ms['id']} actual after as_of")
                for dep in ms.get("depends_on") or []:
                    need(dep, "milestones", path)
            for risk in doc.get("risks") or []:
                need(risk["owner"], "person", path)
                if risk["status"] == "closed" and not risk["raised"] < risk["closed"] <= as_of:
                    problems.append(f"{path}: {risk['id']} closed date out of order")
                for act in risk.get("actions") or []:
                    need(act["owner"], "person", path)
                    if act["done"] is not None and act["done"] > as_of:
                        problems.append(f"{path}: {risk['id']} action done after as_of")
            for dec in doc.get("decisions") or []:
                need(dec["by"], "board", path)
        elif kind == "board":
            for ref in [doc["chair"], *doc["members"]]:
                need(ref, "person", path)
        elif kind == "paper":
            need(doc["board"], "board", path)
            need(doc["author"], "person", path)
            for ref in doc["scope"]:
                if _str(ref) not in ids:
                    problems.append(f"{path}: unresolved scope {ref}")
    for line in problems[:20]:
        print(f"check: {line}", file=sys.stderr)
    print(f"check: parsed {len(docs)} record files, {len(ids)} ids, {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder to write pmo.yaml and records/ into")
    parser.add_argument("--projects", type=int, required=True, help="number of projects")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--files-per-project",
        type=int,
        default=1,
        help="record files per project: the project itself plus N-1 project-scoped "
        "highlight-report papers (default 1)",
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=date(2025, 6, 30),
        help="pinned reporting date (default 2025-06-30)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing records/")
    parser.add_argument("--check", action="store_true", help="read the output back with PyYAML")
    args = parser.parse_args(argv)
    if args.projects < 1 or args.files_per_project < 1:
        parser.error("--projects and --files-per-project must be at least 1")
    if not date(2015, 1, 1) <= args.as_of <= date(2034, 12, 31):
        parser.error("--as-of must be between 2015 and 2034")
    out: Path = args.out_dir
    records = out / "records"
    if records.exists() and any(records.iterdir()):
        if not args.force:
            parser.error(f"{records} is not empty (use --force to replace it)")
        shutil.rmtree(records)

    began = time.perf_counter()
    stats = generate(out, args.projects, args.seed, args.files_per_project, args.as_of)
    took = time.perf_counter() - began
    print(
        f"{out}: {stats.files} files, {stats.projects} projects, {stats.milestones} milestones, "
        f"{stats.risks} risks, {stats.bytes} bytes in {took:.2f}s"
    )
    if args.check:
        return check(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
