"""Cross-record rules: references, date order, dependency cycles, stale work, benefits.

Each rule is a plain function ``rule(ctx) -> Iterable[Problem]`` in :data:`RULES`;
:func:`check` runs them all. Adding a rule is writing one function and listing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from pmo import formats
from pmo.asof import (
    action_overdue,
    is_closed,
    is_stale,
    latest_update,
    review_overdue,
    risk_open,
)
from pmo.inert import suspicious
from pmo.load import Locator
from pmo.portfolio import Origin, Portfolio
from pmo.problems import Problem, Severity
from pmo.records import ITEM_KINDS, Project, Work
from pmo.suggest import did_you_mean
from pmo.types import RAG_THREE


@dataclass(slots=True)
class Context:
    """What every rule gets: the portfolio, the reporting date and a way to locate problems."""

    pf: Portfolio
    as_of: dt.date
    locator: Locator
    #: Ids declared in files that could not be read into records (see :func:`unusable_ids`).
    unusable: frozenset[str] = frozenset()
    #: When given, the rules of :data:`PER_RECORD` look only at these programmes and projects.
    only: frozenset[str] | None = None

    def problem(
        self,
        origin: Origin,
        keys: tuple[str | int, ...],
        severity: Severity,
        code: str,
        message: str,
    ) -> Problem:
        return self.locator.problem(origin[0], origin[1] + keys, severity, code, message)

    def origin(self, id_: str) -> Origin:
        return self.pf.origins[id_]


Rule = Callable[[Context], Iterable[Problem]]

_DECLARED_ID = re.compile(r"""(?m)(?:^[ \t-]*|[{,][ \t]*)id[ \t]*:[ \t]*["']?([^\s"',}\]#]+)""")


def unusable_ids(pf: Portfolio, sources: Mapping[str, bytes]) -> frozenset[str]:
    r"""The ids declared in record files that could not be read into records.

    Such a file has its own error already (a bad value, a YAML mistake); a reference to one
    of its ids is not a second mistake, so it is not reported as "does not exist" (one bad
    money value gives one error, not one more for every project of the programme). The ids
    are read from the text, so even a file that is not valid YAML gives them up.

    >>> from pathlib import Path
    >>> pf = Portfolio(Path("."), files=["records/csw/programme.yaml"])
    >>> text = b"kind: programme\nid: csw\nbudget: {approved: lots}\nrisks:\n  - {id: csw-r1}\n"
    >>> sorted(unusable_ids(pf, {"records/csw/programme.yaml": text}))
    ['csw', 'csw-r1']
    """
    usable = {origin[0] for origin in pf.origins.values()}
    found: set[str] = set()
    for rel in pf.files:
        if rel in usable:
            continue
        raw = sources.get(rel)
        if raw is None:
            from pmo.source import read_regular

            raw, _ = read_regular(rel, pf.root / rel)  # never a link, a device or a huge file
            if raw is None:
                continue
        found.update(_DECLARED_ID.findall(raw.decode("utf-8", "replace")))
    return frozenset(found)


def _ref(
    ctx: Context,
    origin: Origin,
    keys: tuple[str | int, ...],
    value: str | None,
    wanted: tuple[str, ...],
    label: str,
) -> Iterator[Problem]:
    """A reference must name an existing id of one of the ``wanted`` kinds."""
    if value is None:
        return
    kind = ctx.pf.id_kinds.get(value)
    if kind in wanted or (kind is None and value in ctx.unusable):
        return
    if kind is None:
        candidates = [i for i, k in ctx.pf.id_kinds.items() if k in wanted]
        message = f"{label} '{value}' does not exist{did_you_mean(value, candidates)}"
    else:
        message = f"{label} '{value}' is a {kind}, not a {' or '.join(wanted)}"
    yield ctx.problem(origin, keys, "error", "unknown-reference", message)


def _work_items(ctx: Context) -> Iterator[tuple[Work, Origin]]:
    only = ctx.only
    for work in ctx.pf.work():
        if only is None or work.id in only:
            yield work, ctx.origin(work.id)


def check_references(ctx: Context) -> Iterator[Problem]:
    """Every person, programme, project, milestone, board and paper named must exist."""
    pf = ctx.pf
    person = ("person",)
    for work, origin in _work_items(ctx):
        if isinstance(work, Project):
            yield from _ref(
                ctx, origin, ("programme",), work.programme, ("programme",), "programme"
            )
        yield from _ref(ctx, origin, ("lead",), work.lead, person, "person")
        yield from _ref(ctx, origin, ("sponsor",), work.sponsor, person, "person")
        for i, dep in enumerate(work.depends_on):
            yield from _ref(
                ctx, origin, ("depends_on", i), dep, ("project", "programme"), "project"
            )
        for i, m in enumerate(work.milestones):
            yield from _ref(ctx, origin, ("milestones", i, "owner"), m.owner, person, "person")
            for j, dep in enumerate(m.depends_on):
                yield from _ref(
                    ctx,
                    origin,
                    ("milestones", i, "depends_on", j),
                    dep,
                    ("milestone",),
                    "milestone",
                )
        for i, r in enumerate(work.risks):
            yield from _ref(ctx, origin, ("risks", i, "owner"), r.owner, person, "person")
            for j, a in enumerate(r.actions):
                yield from _ref(
                    ctx, origin, ("risks", i, "actions", j, "owner"), a.owner, person, "person"
                )
        for i, issue in enumerate(work.issues):
            yield from _ref(ctx, origin, ("issues", i, "owner"), issue.owner, person, "person")
        for i, d in enumerate(work.decisions):
            yield from _ref(ctx, origin, ("decisions", i, "by"), d.by, ("board", "person"), "board")
        for i, b in enumerate(work.benefits):
            yield from _ref(ctx, origin, ("benefits", i, "owner"), b.owner, person, "person")
    for board in pf.boards.values():
        origin = ctx.origin(board.id)
        yield from _ref(ctx, origin, ("chair",), board.chair, person, "person")
        for i, member in enumerate(board.members):
            yield from _ref(ctx, origin, ("members", i), member, person, "person")
    for paper in pf.papers.values():
        origin = ctx.origin(paper.id)
        yield from _ref(ctx, origin, ("board",), paper.board, ("board",), "board")
        yield from _ref(ctx, origin, ("author",), paper.author, person, "person")
        for i, c in enumerate(paper.contact):
            yield from _ref(ctx, origin, ("contact", i), c, person, "person")
        for i, s in enumerate(paper.scope):
            yield from _ref(ctx, origin, ("scope", i), s, ("programme", "project"), "scope")
        yield from _ref(ctx, origin, ("previous",), paper.previous, ("paper",), "paper")


def _order(
    ctx: Context,
    origin: Origin,
    keys: tuple[str | int, ...],
    earlier: dt.date | None,
    later: dt.date | None,
    message: str,
) -> Iterator[Problem]:
    if earlier is not None and later is not None and later < earlier:
        yield ctx.problem(origin, keys, "error", "date-order", message.format(earlier, later))


def check_dates(ctx: Context) -> Iterator[Problem]:
    """Dates in order; nothing achieved, closed or decided after the reporting date."""
    as_of = ctx.as_of
    for work, origin in _work_items(ctx):
        yield from _order(
            ctx, origin, ("end",), work.start, work.end, "end {1} is before start {0}"
        )
        yield from _order(
            ctx, origin, ("forecast_end",), work.start, work.forecast_end,
            "forecast_end {1} is before start {0}",
        )  # fmt: skip
        yield from _order(
            ctx, origin, ("closed",), work.start, work.closed, "closed {1} is before start {0}"
        )
        for i, m in enumerate(work.milestones):
            if m.actual is not None and m.actual > as_of:
                yield ctx.problem(
                    origin, ("milestones", i, "actual"), "error", "future-date",
                    f"milestone achieved on {m.actual}, after the reporting date {as_of}",
                )  # fmt: skip
        for i, r in enumerate(work.risks):
            keys: tuple[str | int, ...] = ("risks", i)
            yield from _order(
                ctx,
                origin,
                (*keys, "closed"),
                r.raised,
                r.closed,
                "closed {1} is before raised {0}",
            )
            if r.status == "closed" and r.closed is None:
                yield ctx.problem(
                    origin, (*keys, "status"), "error", "missing-closed-date",
                    "a closed risk needs the date it closed (closed: YYYY-MM-DD)",
                )  # fmt: skip
            if r.status == "open" and r.closed is not None:
                yield ctx.problem(
                    origin, (*keys, "closed"), "error", "status-conflict",
                    f"the risk has a closed date ({r.closed}) but its status is open",
                )  # fmt: skip
        for i, issue in enumerate(work.issues):
            yield from _order(
                ctx, origin, ("issues", i, "closed"), issue.raised, issue.closed,
                "closed {1} is before raised {0}",
            )  # fmt: skip
        seen: dict[dt.date, int] = {}
        for i, u in enumerate(work.updates):
            if u.date in seen:
                yield ctx.problem(
                    origin, ("updates", i, "date"), "warning", "duplicate-update",
                    f"'{work.id}' has two updates dated {u.date} (the other is update "
                    f"{seen[u.date] + 1}); the one later in the file is the declared status",
                )  # fmt: skip
            seen[u.date] = i


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each dependency cycle once (iterative depth-first search, no recursion limit)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    found: list[list[str]] = []
    for start in graph:
        if colour[start] != WHITE:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        path = [start]
        colour[start] = GREY
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in graph:
                    continue
                if colour[child] == GREY:
                    found.append([*path[path.index(child) :], child])
                elif colour[child] == WHITE:
                    colour[child] = GREY
                    path.append(child)
                    stack.append((child, iter(graph[child])))
                    break
            else:
                colour[node] = BLACK
                stack.pop()
                path.pop()
    return found


def check_cycles(ctx: Context) -> Iterator[Problem]:
    """No project depends on itself, however indirectly; nor does any milestone."""
    pf = ctx.pf
    projects = {w.id: list(w.depends_on) for w in pf.work()}
    for cycle in _cycles(projects):
        yield ctx.problem(
            ctx.origin(cycle[0]), ("depends_on",), "error", "dependency-cycle",
            "projects depend on each other in a cycle: " + " → ".join(cycle),
        )  # fmt: skip
    milestones = {m.id: list(m.depends_on) for w in pf.work() for m in w.milestones}
    for cycle in _cycles(milestones):
        yield ctx.problem(
            ctx.origin(cycle[0]), ("depends_on",), "error", "dependency-cycle",
            "milestones depend on each other in a cycle: " + " → ".join(cycle),
        )  # fmt: skip


def check_freshness(ctx: Context) -> Iterator[Problem]:
    """Warnings: stale status updates, overdue risk reviews, overdue risk actions."""
    as_of = ctx.as_of
    stale_days = ctx.pf.settings.stale_after_days
    for work, origin in _work_items(ctx):
        if is_closed(work, as_of):
            continue
        latest = latest_update(work, as_of)
        if latest is not None and is_stale(work, as_of, stale_days):
            yield ctx.problem(
                origin, ("updates", work.updates.index(latest), "date"), "warning",
                "stale-update",
                f"the latest update of '{work.id}' is "
                f"{formats.days((as_of - latest.date).days)} old (stale after {stale_days})",
            )  # fmt: skip
        for i, r in enumerate(work.risks):
            if review_overdue(r, as_of):
                assert r.review is not None
                yield ctx.problem(
                    origin, ("risks", i, "review"), "warning", "review-overdue",
                    f"risk '{r.id}' was due for review on {r.review} "
                    f"({formats.days((as_of - r.review).days)} ago)",
                )  # fmt: skip
            if not risk_open(r, as_of):
                continue
            for j, a in enumerate(r.actions):
                if action_overdue(a, as_of):
                    assert a.due is not None
                    yield ctx.problem(
                        origin, ("risks", i, "actions", j, "due"), "warning", "action-overdue",
                        f"action on risk '{r.id}' was due on {a.due} "
                        f"({formats.days((as_of - a.due).days)} ago): {a.action}",
                    )  # fmt: skip


def check_scale(ctx: Context) -> Iterator[Problem]:
    """On the three-point scale, only green, amber and red are ratings."""
    if ctx.pf.settings.rag_scale == "five":
        return
    dimensions = ("rag", "schedule", "cost", "scope", "resources", "benefits")
    for work, origin in _work_items(ctx):
        for i, update in enumerate(work.updates):
            for name in dimensions:
                value = getattr(update, name)
                if value is not None and value not in RAG_THREE:
                    yield ctx.problem(
                        origin, ("updates", i, name), "error", "invalid-rag",
                        f"'{value}' is a five-point rating; this portfolio uses the three-point "
                        "scale (green, amber, red): set rag_scale: five in pmo.yaml to use it",
                    )  # fmt: skip


def check_benefits(ctx: Context) -> Iterator[Problem]:
    """A cashable benefit is money; amounts are positive; a profile adds up to the target by
    the due date (warnings, except a cashable benefit in another unit)."""
    cur = ctx.pf.settings.currency
    for work, origin in _work_items(ctx):
        for i, b in enumerate(work.benefits):
            keys: tuple[str | int, ...] = ("benefits", i)
            if b.type == "cashable" and b.unit is not None:
                yield ctx.problem(
                    origin, (*keys, "unit"), "error", "cashable-unit",
                    f"benefit '{b.id}' is cashable, so it is money: remove 'unit: {b.unit}', "
                    "or make it non-cashable",
                )  # fmt: skip
            amounts: list[tuple[tuple[str | int, ...], Decimal | None]] = [
                (("target",), b.target),
                (("baseline",), b.baseline),
            ]
            amounts += [(("profile", j, "value"), p.value) for j, p in enumerate(b.profile)]
            for where, value in amounts:
                if value is not None and value < 0:
                    yield ctx.problem(
                        origin, (*keys, *where), "warning", "negative-benefit",
                        f"benefit '{b.id}' has a negative amount ({formats.number(value)}); "
                        "record harm as type: disbenefit with positive amounts",
                    )  # fmt: skip
            if not b.profile:
                continue
            planned = sum((p.value for p in b.profile), Decimal(0))
            if b.target is not None and planned != b.target:
                total = formats.quantity(planned, b.unit, cur)
                target = formats.quantity(b.target, b.unit, cur)
                yield ctx.problem(
                    origin, (*keys, "profile"), "warning", "profile-target",
                    f"the profile of benefit '{b.id}' adds up to {total}, "
                    f"not its target of {target}",
                )  # fmt: skip
            for j, p in enumerate(b.profile):
                if b.due is not None and p.date > b.due:
                    yield ctx.problem(
                        origin, (*keys, "profile", j, "date"), "warning", "profile-after-due",
                        f"benefit '{b.id}' plans {formats.quantity(p.value, b.unit, cur)} "
                        f"on {p.date}, after it is due ({b.due})",
                    )  # fmt: skip


def check_lookalikes(ctx: Context) -> Iterator[Problem]:
    """Names and titles hold no hidden characters (controls, bidi overrides, zero-width
    spaces) and no words mixing Latin with Cyrillic or Greek look-alikes (ids cannot: they
    are ASCII); pmo shows such characters as escapes, but a reader may still be misled."""
    pf = ctx.pf
    works = [work for work, _ in _work_items(ctx)]  # narrowed for an edit (PER_RECORD)
    texts = [(x.id, "name", x.name) for x in pf.people.values()]
    texts += [(x.id, "name", x.name) for x in pf.boards.values()]
    texts += [(x.id, "name", x.name) for x in works]
    texts += [(x.id, "title", x.title) for x in pf.papers.values()]
    texts += [
        (item.id, "title", item.title)
        for work in works
        for kind in ITEM_KINDS
        for item in getattr(work, kind.key)
    ]
    for id_, key, text in texts:
        why = suspicious(text)
        if why is not None and id_ in pf.origins:
            yield ctx.problem(
                ctx.origin(id_),
                (key,),
                "warning",
                "hidden-character",
                f"the {key} of '{id_}': {why}",
            )


RULES: list[Rule] = [
    check_references,
    check_dates,
    check_cycles,
    check_freshness,
    check_scale,
    check_benefits,
    check_lookalikes,
]

#: Rules whose problems with a programme or project depend on that record alone (and the
#: settings and date): an edit need run them only on the records it changes. Every other
#: rule looks across records and always runs in full.
PER_RECORD: frozenset[Rule] = frozenset(
    {check_dates, check_freshness, check_scale, check_benefits, check_lookalikes}
)


def check(
    pf: Portfolio,
    locator: Locator,
    as_of: dt.date,
    sources: Mapping[str, bytes] | None = None,
    *,
    only: frozenset[str] | None = None,
    narrowed: frozenset[Rule] = PER_RECORD,
    unusable: frozenset[str] | None = None,
) -> list[Problem]:
    """Run every rule over the portfolio.

    ``sources``: the bytes of files not (yet) on disk, e.g. an edit being checked.
    ``only``: the programmes and projects the ``narrowed`` rules (default
    :data:`PER_RECORD`) look at (default: all); the other rules look at the whole
    portfolio. ``unusable``: :func:`unusable_ids`, when already known.
    """
    if unusable is None:
        unusable = unusable_ids(pf, sources or {})
    ctx = Context(pf, as_of, locator, unusable)
    narrow = ctx if only is None else replace(ctx, only=only)
    with locator.deferred() as locate:  # each file parsed at most once to locate problems
        return locate(
            [problem for rule in RULES for problem in rule(narrow if rule in narrowed else ctx)]
        )
