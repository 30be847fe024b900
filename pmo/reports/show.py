"""One programme or project in full, behind ``pmo show``: ratings with their reasons, and the rest.

The rating history is a small timeline (one line per update on or before the as-of
date); each derived dimension lists the evidence behind it, so a watermelon explains itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmo import formats
from pmo.asof import actual_by, decision_known, issue_open, risk_open, updates_on
from pmo.inert import line, lines
from pmo.portfolio import Portfolio
from pmo.rag import Rating, dimensions, flags_of, rate, trend_of
from pmo.records import Programme, Work
from pmo.reports import benefits
from pmo.reports.rows import rating_json, risk_row, state_of
from pmo.scope import Scope, programme_of
from pmo.tabular import Table, md_escape, to_markdown, to_text


@dataclass(slots=True)
class ShowReport:
    """Everything about one piece of work at a date."""

    as_of: dt.date
    work: Work
    kind: str
    rating: Rating
    pf: Portfolio

    def document(self, *, markdown: bool) -> str:
        return render(self, markdown=markdown)

    def data(self) -> dict[str, Any]:
        return to_data(self)


def build(pf: Portfolio, work: Work, as_of: dt.date) -> ShowReport:
    kind = "programme" if isinstance(work, Programme) else "project"
    return ShowReport(as_of, work, kind, rate(work, pf, as_of), pf)


def _label(rating: str | None) -> str:
    return rating.upper() if rating else "none"


def history(report: ShowReport) -> Table:
    """The declared ratings over time, oldest first, with the trend at each update."""
    table = Table(["Date", "Declared", "Trend", "Summary"])
    previous: str | None = None
    for u in updates_on(report.work, report.as_of):
        trend = trend_of(u.rag, previous)
        table.add(str(u.date), _label(u.rag), formats.trend(trend, "arrow"), u.summary)
        previous = u.rag
    return table


def render(report: ShowReport, markdown: bool = False) -> str:
    """The report as plain text, or as markdown with record text escaped.

    In plain text every record text is one line with its hidden characters shown as
    escapes (:func:`pmo.inert.line`), but a description, which may run to several lines,
    is indented: no line of record text starts a line of the output.
    """
    esc: Callable[[object], str] = md_escape if markdown else line
    tab: Callable[[Table], str] = to_markdown if markdown else to_text
    w, r, pf, on = report.work, report.rating, report.pf, report.as_of
    cur = pf.settings.currency
    out: list[str] = []

    def heading(text: str) -> None:
        out.append("")
        out.append(f"## {text}" if markdown else f"{text}\n{'-' * len(text)}")

    title = esc(f"{w.name} ({w.id}), {report.kind}")
    out.append(f"# {title}" if markdown else f"{title}\n{'=' * len(title)}")
    out.append("")
    facts = [
        ("As of", str(on)),
        ("Lead", pf.person_name(w.lead)),
        ("Sponsor", pf.person_name(w.sponsor)),
        ("Programme", getattr(w, "programme", None) or ""),
        ("Dates", f"{w.start or '?'} to {w.end or '?'}"
         + (f" (forecast end {w.forecast_end})" if w.forecast_end else "")),
        ("Closed", str(w.closed) if r.closed else ""),
    ]  # fmt: skip
    if isinstance(w, Programme):
        facts.append(("Projects", ", ".join(p.id for p in pf.projects_of(w.id))))
    for key, value in facts:
        if value:
            out.append(f"- {key}: {esc(value)}" if markdown else f"{key + ':':<11}{esc(value)}")
    if w.description:
        out.append("")
        out.append(esc(w.description) if markdown else _indented(w.description))

    heading("Rating")
    flags = [f for f, on_ in (("WATERMELON", r.watermelon), ("STALE", r.stale)) if on_]
    age = f"{formats.days(r.age_days)} ago" if r.age_days is not None else "no update yet"
    facts_of_rating = [
        f"Declared: {_label(r.declared)}"
        + (
            f" ({formats.trend(r.trend, 'arrow')} {r.trend} from {_label(r.previous)})"
            if r.trend
            else ""
        ),
        f"Derived: {_label(r.derived)}",
        f"Last update: {r.last_update or 'none'} ({age})",
    ]
    if flags:
        facts_of_rating.append("Flags: " + ", ".join(flags))
    for flag in flags_of(r, pf.settings.stale_after_days):
        # The first line says which dimensions; their reasons follow below, per dimension.
        facts_of_rating.append(f"{flag.name.upper()}: {flag.evidence[0]}")
    out.extend(f"- {esc(text)}" if markdown else esc(text) for text in facts_of_rating)
    for name, d in dimensions(r):
        name = name.capitalize()
        out.append("")
        out.append(f"{name}: {_label(d.rating)}" if d.rating else f"{name}: no evidence")
        out.extend(f"- {esc(reason)}" for reason in d.reasons)

    heading("History")
    out.append(tab(history(report)).rstrip("\n"))

    latest = updates_on(w, on)
    if latest:
        u = latest[-1]
        for label, items in (
            ("Achievements", u.achievements),
            ("Next steps", u.next_steps),
            ("Decisions needed", u.decisions_needed),
        ):
            if items:
                heading(f"{label} ({u.date})")
                out.extend(f"- {esc(item)}" for item in items)

    if w.milestones:
        heading("Milestones")
        t = Table(["Milestone", "Title", "Baseline", "Forecast", "Actual", "State"])
        for m in sorted(w.milestones, key=lambda m: (m.due, m.id)):
            actual = str(actual_by(m, on) or "")
            t.add(m.id, m.title, str(m.baseline), str(m.due), actual, state_of(m, on))
        out.append(tab(t).rstrip("\n"))

    risks = sorted((x for x in w.risks if risk_open(x, on)), key=lambda x: (-x.score, x.id))
    heading("Open risks")
    if risks:
        t = Table(["Risk", "Title", "Owner", "L", "I", "Score", "Band", "Review"])
        for x in risks:
            row = risk_row(pf, w, x, on)
            t.add(x.id, x.title, row.owner, x.likelihood, x.impact, x.score, row.band.upper(),
                  str(x.review or ""))  # fmt: skip
        out.append(tab(t).rstrip("\n"))
    else:
        out.append("None.")

    issues = [i for i in w.issues if issue_open(i, on)]
    heading("Open issues")
    if issues:
        t = Table(["Issue", "Title", "Owner", "Priority", "Raised"])
        for i in issues:
            t.add(i.id, i.title, pf.person_name(i.owner), i.priority, str(i.raised or ""))
        out.append(tab(t).rstrip("\n"))
    else:
        out.append("None.")

    decisions = [x for x in w.decisions if decision_known(x, on)]
    if decisions:
        heading("Decisions")
        t = Table(["Date", "Decision", "By", "Outcome"])
        for dec in sorted(decisions, key=lambda x: x.date):
            t.add(str(dec.date), dec.title, dec.by or "", dec.outcome or "")
        out.append(tab(t).rstrip("\n"))

    heading("Budget")
    b = w.budget
    if b is not None and any(v is not None for v in (b.approved, b.forecast, b.actual)):
        for key, value in (("Approved", b.approved), ("Forecast", b.forecast),
                           ("Actual", b.actual)):  # fmt: skip
            if value is not None:
                text = f"{key}: {formats.money(value, cur, 'brief')}"
                out.append(f"- {text}" if markdown else text)
    else:
        out.append("None recorded.")

    # A programme's benefits include its projects': "are we on track for the target?"
    scope = Scope(programme=w.id) if isinstance(w, Programme) else Scope(project=w.id)
    found = benefits.build(pf, on, scope)
    if found.rows:
        heading("Benefits")
        columns = ["Benefit", "Title", "Type", "Target", "Planned", "Realised", "Rating", "Due"]
        t = Table(["Work", *columns] if isinstance(w, Programme) else columns)
        for benefit in found.rows:
            cells = [
                benefit.id,
                benefit.title,
                benefit.type or "",
                formats.quantity(benefit.target, benefit.unit, cur) or formats.NONE,
                formats.quantity(benefit.planned, benefit.unit, cur) or formats.NONE,
                formats.quantity(benefit.realised, benefit.unit, cur),
                _label(benefit.rating) if benefit.rating else "no plan",
                str(benefit.due or ""),
            ]
            t.add(*([benefit.work_id, *cells] if isinstance(w, Programme) else cells))
        out.append(tab(t).rstrip("\n"))
        out.append("")
        total = found.total
        note = f"Planned and realised to {on}; realised after it does not count yet."
        if total.count > 1 or isinstance(w, Programme):
            note += (
                f" Money benefits{', net of disbenefits' if total.disbenefits else ''}: "
                f"{formats.money(total.realised, cur, 'brief')} realised of "
                f"{formats.money(total.target, cur, 'brief')}"
                + (
                    f" ({formats.money(total.planned, cur, 'brief')} planned)."
                    if total.planned is not None
                    else "."
                )
            )
        if total.return_on_cost is not None and total.cashable_target:
            note += f" Return on cost: {total.describe_return(cur)}."
        out.append(esc(note))
    return "\n".join(out) + "\n"


def _indented(text: str) -> str:
    """Text of several lines, each indented by two spaces and shown inert."""
    return "\n".join(f"  {lines(part)}".rstrip() for part in text.strip("\n").split("\n"))


def to_data(report: ShowReport) -> dict[str, Any]:
    """The rating and its reasons (the fields of a ``pmo status`` entry) and the history."""
    w = report.work
    programme = programme_of(w) if report.kind == "project" else None
    return {
        "as_of": report.as_of.isoformat(),
        report.kind: rating_json(w, report.rating, programme),
        "history": [
            {"date": u.date.isoformat(), "rag": u.rag, "summary": u.summary}
            for u in updates_on(w, report.as_of)
        ],
    }
