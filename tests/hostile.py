"""A records repository whose every piece of text is hostile, for the renderer tests.

Every text field of every kind of record holds the hostile text (:data:`MARKUP`: a table
break, HTML, markdown, a newline; :data:`HOSTILE`: that and terminal controls, a bidi
override and a line that forges a CI workflow command), and many start the way a
spreadsheet formula does. Ids and dates are ordinary, so every report has rows: overdue
and upcoming milestones, open and closed risks with actions, issues, decisions,
benefits, and a board paper with every committee part, in a git repository whose history
moves a milestone and rescores a risk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmo.dump import dumps_data
from tests.gitrepo import commit, git

#: A line record text must never start in a terminal, a text file or a CI log: a GitHub
#: Actions workflow command (a newline in the text would otherwise forge it).
FORGED = "::error file=x::FORGED"
#: What record text must not do in markdown, HTML, CSV and documents: break a table
#: (``|``, a newline), open HTML, format or link, run as a formula (:data:`FORMULAS`).
MARKUP = f"A|B <script>alert(1)</script> & *x* [l](javascript:x)\n{FORGED} `c` #h"
#: And what it must not do in a terminal or a log: clear the screen, ring, return the
#: carriage, reverse the text.
HOSTILE = f"{MARKUP} \x1b[2J\x07\r\u202e!"
#: Cells a spreadsheet would run as formulas.
FORMULAS = ("=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(1)", "\t=1")

Text = Callable[..., str]


def texts(text: str) -> Text:
    """``h(n)``: the text, after a formula now and then (cells that start with one)."""

    def h(n: int = 0) -> str:
        return f"{FORMULAS[n % len(FORMULAS)]} {text}" if n else text

    return h


def work(h: Text, kind: str, id_: str, **extra: Any) -> dict[str, Any]:
    p = id_
    return {
        "kind": kind,
        "id": id_,
        "name": h(1),
        "lead": "ann",
        "sponsor": "bob",
        "description": h(),
        "start": "2009-01-01",
        "end": "2011-01-01",
        "forecast_end": "2011-06-30",
        "tags": [h(2)],
        "budget": {"approved": 100000, "forecast": 120000, "actual": 50000},
        "updates": [
            {"date": "2010-06-01", "rag": "green", "summary": h(3)},
            {
                "date": "2010-10-01",
                "rag": "amber",
                "summary": h(4),
                "achievements": [h()],
                "next_steps": [h(1)],
                "decisions_needed": [h(2)],
            },
        ],
        "milestones": [
            {
                "id": f"{p}-m1",
                "title": h(1),
                "description": h(),
                "baseline": "2010-09-01",
                "owner": "bob",
                "gate": True,
            },
            {"id": f"{p}-m2", "title": h(2), "baseline": "2010-11-01", "forecast": "2011-03-01"},
            {"id": f"{p}-m3", "title": h(3), "baseline": "2010-08-01", "actual": "2010-10-01"},
        ],
        "risks": [
            {
                "id": f"{p}-r1",
                "title": h(1),
                "description": h(),
                "owner": "bob",
                "category": h(2),
                "likelihood": 4,
                "impact": 5,
                "response": "treat",
                "inherent": {"likelihood": 5, "impact": 5},
                "target": {"likelihood": 2, "impact": 2},
                "proximity": "2010-11-01",
                "raised": "2010-01-01",
                "review": "2010-10-01",
                "actions": [
                    {"action": h(3), "owner": "ann", "due": "2010-10-01"},
                    {"action": h(4), "due": "2010-12-01"},
                ],
            },
            {
                "id": f"{p}-r2",
                "title": h(2),
                "owner": "ann",
                "likelihood": 2,
                "impact": 3,
                "raised": "2010-02-01",
                "status": "closed",
                "closed": "2010-09-01",
            },
        ],
        "issues": [
            {
                "id": f"{p}-i1",
                "title": h(1),
                "description": h(),
                "owner": "bob",
                "raised": "2010-07-01",
                "priority": "high",
            },
            {
                "id": f"{p}-i2",
                "title": h(2),
                "raised": "2010-03-01",
                "status": "closed",
                "closed": "2010-09-01",
                "resolution": h(3),
            },
        ],
        "decisions": [
            {
                "id": f"{p}-d1",
                "title": h(1),
                "date": "2010-09-15",
                "by": "board",
                "outcome": h(2),
                "description": h(3),
            },
        ],
        "benefits": [
            {
                "id": f"{p}-b1",
                "title": h(1),
                "description": h(),
                "owner": "bob",
                "type": "cashable",
                "measure": h(2),
                "target": 200000,
                "due": "2012-03-31",
                "profile": [
                    {"date": "2010-03-31", "value": 50000},
                    {"date": "2011-03-31", "value": 150000},
                ],
                "realised": [{"date": "2010-06-30", "value": 20000}],
            },
            {
                "id": f"{p}-b2",
                "title": h(3),
                "type": "non-cashable",
                "unit": h(4),
                "target": 10,
                "due": "2010-06-30",
                "realised": [{"date": "2010-05-01", "value": 4}],
            },
            {
                "id": f"{p}-b3",
                "title": h(),
                "type": "disbenefit",
                "target": 1000,
                "realised": [{"date": "2010-05-01", "value": 3000}],
            },
        ],
        **extra,
    }


def hostile_repository(root: Path, text: str = HOSTILE) -> Path:
    """Write the hostile repository below ``root`` (programme ``prog``, project ``p1``,
    paper ``paper``), every text field ``text``, committed in git (a first state on 1 June
    2010, the last on 15 October 2010), and return ``root``."""
    h = texts(text)
    people = [
        {"id": "ann", "name": h(1), "role": h(2), "organisation": h(3), "email": h(4),
         "phone": h()},
        {"id": "bob", "name": h(2)},
    ]  # fmt: skip
    paper = {
        "kind": "paper",
        "id": "paper",
        "board": "board",
        "meeting": "2010-10-20",
        "title": h(1),
        "author": "ann",
        "classification": h(2),
        "scope": ["prog"],
        "summary": h(),
        "recommendations": [h(3), h()],
        "sections": [{"heading": h(4), "body": h()}, {"heading": h(), "body": h(1), "after": True}],
        "contact": ["ann", "bob"],
        "purpose": "decision",
        "decision_maker": h(1),
        "key_decision": True,
        "forward_plan_ref": h(2),
        "wards": [h(3)],
        "exempt": h(4),
        "implications": {"financial": h(), "legal": h(1), h(2): h(3)},
        "options": [{"title": h(4), "body": h(), "recommended": True}, {"title": h(1)}],
        "consultation": h(2),
        "background_papers": [h(3)],
        "appendices": [h(4)],
        "cover": True,
    }
    files: dict[str, Any] = {
        "records/people.yaml": {"kind": "people", "people": people},
        "records/board.yaml": {
            "kind": "board",
            "id": "board",
            "name": h(3),
            "chair": "ann",
            "members": ["ann", "bob"],
            "meets": "monthly",
            "description": h(),
        },
        "records/prog.yaml": work(h, "programme", "prog"),
        "records/p1.yaml": work(h, "project", "p1", programme="prog"),
        "records/paper.yaml": paper,
    }
    settings = {"name": h(4), "as_of": "2010-10-20", "rag_scale": "five"}
    files["pmo.yaml"] = settings
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    # The first state: p1's second milestone forecast earlier, its first risk scored lower.
    first = {rel: dumps_data(data) for rel, data in files.items()}
    earlier = dumps_data(files["records/p1.yaml"]).replace(
        "forecast: 2011-03-01", "forecast: 2010-12-01"
    )
    first["records/p1.yaml"] = earlier.replace("likelihood: 4", "likelihood: 3", 1)
    commit(root, "2010-06-01T12:00:00+01:00", first)
    commit(root, "2010-10-15T12:00:00+01:00", {rel: dumps_data(d) for rel, d in files.items()})
    return root


def cells(row: str) -> int:
    """The number of cells of a markdown table row (a ``|`` escaped by ``\\`` is text)."""
    count, escaped = 0, False
    for c in row.strip():
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "|":
            count += 1
    return count - 1


def tables(markdown: str) -> list[list[str]]:
    """The markdown's tables (runs of lines starting with ``|``), outside fenced code."""
    found: list[list[str]] = []
    fenced = False
    current: list[str] = []
    for line in markdown.split("\n"):  # only \n, \r\n and \r end a markdown line
        line = line.removesuffix("\r")
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append(line)
            continue
        if current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def assert_tables_keep_their_columns(markdown: str, what: object = "") -> None:
    """Every row of every markdown table has as many cells as its header, and the line
    after the header is its delimiter row."""
    for rows in tables(markdown):
        width = cells(rows[0])
        assert len(rows) >= 2 and set(rows[1]) <= set("|-: "), (what, rows[:2])
        for row in rows:
            assert cells(row) == width, (what, rows[0], row)
