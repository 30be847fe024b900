"""New files: a whole records repository (``pmo init``) and a programme or project record.

>>> import datetime as dt
>>> print(work_text("project", "csw-waste", {"name": "Waste", "programme": "csw",
...                                          "lead": "ann", "start": dt.date(2010, 4, 1)}), end="")
kind: project
id: csw-waste
name: Waste
programme: csw
lead: ann
start: 2010-04-01
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmo import __version__
from pmo.atomic import write_atomic

#: Where ``pmo`` itself is published: the pre-commit hook and the CI workflow install it from here.
PMO_REPOSITORY = "https://example.org/your-org/pmo"
#: The hook id in this project's ``.pre-commit-hooks.yaml``.
HOOK_ID = "pmo-validate"


def work_text(kind: str, id_: str, values: Mapping[str, Any]) -> str:
    """The YAML text of a new programme or project (keys in the records format's order)."""
    from pmo.edit.ops import WORK_KEYS, new_item
    from pmo.edit.roundtrip import Indent, make_yaml

    body = {"kind": kind, "id": id_, **values}
    if kind != "project":
        body.pop("programme", None)
    item = new_item(body, WORK_KEYS)
    out = io.StringIO()
    make_yaml(Indent()).dump(item, out)
    return out.getvalue()


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    import json

    from pmo.yamlread import read_text

    if "\n" not in text and read_text(f"v: {text}\n").data == {"v": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def _settings_text(name: str) -> str:
    from pmo.records import Settings

    s = Settings()
    t, b = s.thresholds, s.risk_bands
    return f"""\
# Settings of this records repository. Every key is optional: a commented line shows
# the setting's default; remove the '# ' to change it.
name: {_scalar(name)}
# The currency of every money value.
# currency: {s.currency}
# three (green, amber, red) or five (adds amber-green and amber-red).
# rag_scale: {s.rag_scale}
# Pin the reporting date (archives, demos); default: today.
# as_of: null
# A status update older than this many days is stale.
# stale_after_days: {s.stale_after_days}
# Open risks scoring this or more (likelihood x impact) go to the programme board.
# escalation_score: {s.escalation_score}
# Where the derived ratings turn amber and red:
# thresholds:
#   # a milestone overdue (past its baseline) by more days: schedule red (at all: amber)
#   overdue_red_days: {t.overdue_red_days}
#   # a milestone forecast more days after its baseline: schedule amber
#   slip_amber_days: {t.slip_amber_days}
#   # forecast over the approved budget by more than this percentage: cost amber
#   cost_amber_pct: {t.cost_amber_pct}
#   # ... by more than this percentage: cost red
#   cost_red_pct: {t.cost_red_pct}
#   # a milestone (or the end) forecast more days after its baseline: schedule red
#   slip_red_days: {t.slip_red_days}
#   # an escalated risk whose proximity is this many days away or fewer: risk red
#   risk_near_days: {t.risk_near_days}
#   # realised behind planned-to-date by more than this percentage: benefits amber
#   benefit_amber_pct: {t.benefit_amber_pct}
#   # ... by more than this percentage: benefits red
#   benefit_red_pct: {t.benefit_red_pct}
# Risk score bands, each the lowest score in the band:
# risk_bands:
#   red: {b.red}
#   amber: {b.amber}
"""


def repository_files(name: str, today: dt.date) -> dict[str, str]:
    """Every file of a new records repository: relative path → text."""

    def later(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    return {
        "pmo.yaml": _settings_text(name),
        "records/people.yaml": """\
# Everyone the records name: leads, sponsors, owners, board chairs and members.
# Ids are lower-case words joined by hyphens, used everywhere else to refer to a person.
kind: people
people:
  - {id: programme-manager, name: Programme Manager, role: Programme Manager}
  - {id: senior-sponsor, name: Senior Sponsor, role: Senior Responsible Owner}
""",
        "records/example/programme.yaml": f"""\
# A programme groups projects (workstreams). Rename it, or delete this folder once
# your own programme is in place.
kind: programme
id: example
name: Example Programme
lead: programme-manager
sponsor: senior-sponsor
start: {today}
end: {later(days=365)}
""",
        "records/example/setup.yaml": f"""\
# A project: status updates, milestones, risks and issues of one workstream.
# Add to it from the command line: pmo update, pmo add risk, pmo done, pmo close.
kind: project
id: example-setup
name: Set up the programme office
programme: example
lead: programme-manager
sponsor: senior-sponsor
start: {today}
end: {later(days=90)}
updates:
  - date: {today}
    rag: green
    summary: Records repository created; first projects being added.
    next_steps:
      - Add every project of the programme with pmo new project
milestones:
  - id: example-setup-m1
    title: Every project has a first status update
    baseline: {later(days=30)}
risks:
  - id: example-setup-r1
    title: Leads do not keep their status updates current
    owner: programme-manager
    likelihood: 3
    impact: 3
    response: treat
    raised: {today}
    review: {later(days=30)}
""",
        "templates/README.md": """\
# Templates

A template here named `NAME.md.j2` overrides pmo's built-in template of the same name
(`board-paper.md.j2`, `highlight.md.j2`, `risk-register.md.j2`, `status.md.j2`) or adds a
new one for `pmo report NAME`. Leave this folder without templates to use the built-in
ones; see the pmo README.
""",
        ".pre-commit-config.yaml": f"""\
# Check the records before every commit:
#   pip install pre-commit && pre-commit install
repos:
  - repo: {PMO_REPOSITORY}    # where you host pmo
    rev: v{__version__}
    hooks:
      - id: {HOOK_ID}          # or pmo-validate-strict: warnings fail too
""",
        ".github/workflows/pmo.yml": f"""\
# Validate the records on every push and pull request; problems show on the changed lines.
name: pmo
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # where you host pmo:
      - run: pip install "pmo @ git+{PMO_REPOSITORY}@v{__version__}"
      - run: pmo validate --format github
""",
        ".gitignore": """\
# pmo's edit lock and any temporary file an interrupted write left behind
.pmo.lock
.*.pmo-tmp
""",
    }


class ScaffoldError(Exception):
    """The folder already holds a repository or one of the files."""


def init_repo(
    dest: Path, *, name: str = "Programme Office", today: dt.date | None = None
) -> list[str]:
    """Create a records repository in ``dest``; returns the files written (relative paths).

    Writes nothing if ``dest`` already holds any of the files, ``pmo.yaml`` or ``records/``.
    """
    files = repository_files(name, today or dt.date.today())
    clashes = sorted(
        rel for rel in (*files, "records") if (dest / rel).exists() or (dest / rel).is_symlink()
    )
    if clashes:
        raise ScaffoldError(
            f"{dest} already holds {', '.join(clashes)}; pmo init never overwrites anything"
        )
    for rel, text in files.items():
        write_atomic(dest / rel, text.encode("utf-8"))
    return list(files)
