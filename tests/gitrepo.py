"""Real git repositories with commits at set dates, for the history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROJECT = """\
kind: project
id: {id}
name: {name}
programme: {programme}
lead: ann
start: 2024-01-01
budget: {{approved: {budget}}}
"""

BASE = {
    "records/people.yaml": "kind: people\npeople:\n  - id: ann\n    name: Ann\n",
    "records/prog.yaml": "kind: programme\nid: prog\nname: Prog\nlead: ann\n",
}


def git(root: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``root``; ``when``: the author and committer date (ISO 8601 with offset)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(root: Path, when: str, files: dict[str, str] | None = None, message: str = "") -> str:
    """Write ``files``, commit everything at ``when``; the new commit's SHA."""
    write(root, files or {})
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message or f"records at {when}", when=when)
    return git(root, "rev-parse", "HEAD")


def project(name: str, budget: str = "100000", id_: str = "p1", programme: str = "prog") -> str:
    return PROJECT.format(id=id_, name=name, budget=budget, programme=programme)


def new_repo(root: Path) -> Path:
    """An empty git repository on branch main, with pmo.yaml and the base records written."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, {"pmo.yaml": "name: History test\n", **BASE})
    return root


# --- a programme's story over three months (pmo changes, pmo history, papers) -------------

STORY_BASE = {
    "pmo.yaml": "name: Story\n",
    "records/people.yaml": "kind: people\npeople:\n"
    "  - {id: ann, name: Ann Smith}\n  - {id: bob, name: Bob Jones}\n",
    "records/prog.yaml": "kind: programme\nid: prog\nname: Shared Services\nlead: ann\n",
    "records/board.yaml": "kind: board\nid: brd\nname: Programme Board\nmeets: monthly\n",
    "records/papers/jan.yaml": "kind: paper\nid: jan\nboard: brd\nmeeting: 2024-01-31\n"
    "title: January report\nauthor: ann\n",
    "records/papers/feb.yaml": "kind: paper\nid: feb\nboard: brd\nmeeting: 2024-02-29\n"
    "title: February report\nauthor: ann\n",
    "records/papers/mar.yaml": "kind: paper\nid: mar\nboard: brd\nmeeting: 2024-03-31\n"
    "title: March report\nauthor: ann\n",
}

#: The first lines of Alpha in every story (the rest is each story's own).
ALPHA_HEAD = """\
kind: project
id: alpha
name: Alpha
programme: prog
lead: ann
start: 2024-01-01
"""
ALPHA = (
    ALPHA_HEAD
    + """\
end: 2024-12-31{forecast_end}
budget: {{approved: £1m, forecast: {forecast}}}
updates:
  - {{date: 2024-01-05, rag: green, summary: Started well}}{updates}
milestones:
  - {{id: alpha-m1, title: Design agreed, baseline: 2024-10-31{m1}}}
risks:
  - {{id: alpha-r1, title: Staff leave, owner: ann, likelihood: {l1}, impact: 4}}{risks}
benefits:
  - {{id: alpha-b1, title: Savings, type: cashable, target: {target}, due: 2025-03-31}}{issues}
"""
)

BETA = """\
kind: project
id: beta
name: Beta
programme: prog
lead: bob
start: 2024-01-01
end: 2024-06-30
budget: {approved: £200k}
"""


def alpha(**kw: str) -> str:
    """Alpha as it stands at one point of the story (see :func:`story`)."""
    values = {"forecast_end": "", "forecast": "£1.15m", "updates": "", "m1": "", "l1": "3",
              "risks": "", "target": "£1m", "issues": ""}  # fmt: skip
    values.update(kw)
    return ALPHA.format(**values)


FEB = {
    "forecast": "£1.25m",
    "updates": "\n  - {date: 2024-02-10, rag: amber, summary: Design late}",
    "m1": ", forecast: 2024-11-30",
    "l1": "4",
    "risks": "\n  - {id: alpha-r2, title: Supplier fails, owner: bob, likelihood: 2, impact: 5}",
    "target": "£1.2m",
    "issues": "\nissues:\n  - {id: alpha-i1, title: Lead vacant, owner: ann, raised: 2024-02-12}",
}
MAR = {
    **FEB,
    "forecast_end": "\nforecast_end: 2025-03-31",
    "m1": ", forecast: 2025-01-31",
    "risks": "\n  - {id: alpha-r2, title: Supplier fails, owner: bob, likelihood: 2, impact: 5,"
    " status: closed, closed: 2024-03-15}",
    "issues": "\nissues:\n  - {id: alpha-i1, title: Lead vacant, owner: ann, raised: 2024-02-12,"
    " status: closed, closed: 2024-03-18}",
}

#: When each state of the story was committed.
STORY_DATES = (
    "2024-01-10T12:00:00+00:00",
    "2024-02-15T12:00:00+00:00",
    "2024-03-20T12:00:00+00:00",
)


def story_base(root: Path) -> Path:
    """An empty git repository with the story's people, programme, board and papers written
    (not committed): for stories of one's own."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, STORY_BASE)
    return root


def story(root: Path) -> list[str]:
    """A repository in three commits: January (Alpha and Beta start); 15 February (Alpha's
    design milestone re-forecast 31 Oct → 30 Nov, a risk rescored 12 → 16, forecast outturn
    £1.15m → £1.25m, a new risk and issue, the benefit target £1m → £1.2m, an amber update);
    20 March (the milestone re-forecast to 31 Jan 2025, a forecast end, the new risk and the
    issue closed, Beta removed). The commits' SHAs, oldest first."""
    story_base(root)
    shas = [
        commit(root, STORY_DATES[0], {"records/alpha.yaml": alpha(), "records/beta.yaml": BETA})
    ]
    shas.append(commit(root, STORY_DATES[1], {"records/alpha.yaml": alpha(**FEB)}))
    (root / "records" / "beta.yaml").unlink()
    shas.append(commit(root, STORY_DATES[2], {"records/alpha.yaml": alpha(**MAR)}))
    return shas
