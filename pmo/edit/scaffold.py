"""New files: a whole records repository (``pmo init``) and a programme or project record.

A new repository checks itself: a pre-commit hook that runs the ``pmo`` installed on the
machine (``language: system``: nothing to download, so it works offline) and a GitHub
workflow that installs the same pmo the way it was installed here (:func:`install_spec`).

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
import json
import shlex
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmo import DISTRIBUTION, __version__
from pmo.atomic import write_atomic

#: The id of the pre-commit hook (also in this project's ``.pre-commit-hooks.yaml``).
HOOK_ID = "pmo-validate"
#: Where a new repository keeps the pmo wheel its CI installs, when pmo came from a wheel file.
WHEEL_DIR = ".github/pmo"
#: The workflow's install line when no source CI can reach is known (edit it, or --install).
PLACEHOLDER = f"{DISTRIBUTION} @ git+https://github.com/YOUR-ORG/pmo@v{__version__}"


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


def _dump(item: Any) -> str:
    from pmo.edit.roundtrip import Indent, make_yaml

    out = io.StringIO()
    make_yaml(Indent()).dump(item, out)
    return out.getvalue()


def people_text(people: list[Mapping[str, Any]]) -> str:
    """A new ``kind: people`` file listing ``people``, one flow mapping a line.

    >>> print(people_text([{"id": "ann", "name": "Ann Lee", "role": "Chair"}]), end="")
    kind: people
    people:
      - {id: ann, name: Ann Lee, role: Chair}
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from pmo.edit.fields import key_order
    from pmo.edit.ops import new_item
    from pmo.records import Person

    items = CommentedSeq(new_item(p, key_order(Person), flow=True) for p in people)
    items.fa.set_block_style()
    body = CommentedMap(kind="people", people=items)
    return _dump(body)


def board_text(id_: str, values: Mapping[str, Any]) -> str:
    """The YAML text of a new board.

    >>> print(board_text("jpsg", {"name": "Steering Group", "chair": "ann",
    ...                           "members": ["ann", "bob"], "meets": "monthly"}), end="")
    kind: board
    id: jpsg
    name: Steering Group
    chair: ann
    members: [ann, bob]
    meets: monthly
    """
    from pmo.edit.fields import key_order
    from pmo.edit.ops import new_item
    from pmo.records import Board

    return _dump(new_item({"kind": "board", "id": id_, **values}, key_order(Board)))


def _board_word(board_name: str | None) -> str:
    """How a report addresses its board: the Committee, the Cabinet, the Board."""
    name = (board_name or "").lower()
    for word in ("committee", "cabinet", "panel", "council", "group", "executive"):
        if word in name:
            return word.capitalize()
    return "Board"


#: The people-written sections a new paper starts with: heading, what to write.
PAPER_SECTIONS = (
    ("Background", "why this comes to the {board} now, and what it has decided before."),
    ("Progress", "what has been done since the last report, and what comes next; pmo adds "
     "the dashboard, milestones, risks and money after the sections."),
)  # fmt: skip
#: The implications a committee report sets out, and what each asks of its author.
PAPER_IMPLICATIONS = (
    ("financial", "the cost, how it is funded, and the view of the finance officer."),
    ("legal", "the powers relied on, and the view of the legal officer."),
    ("equalities", "the effect on people with protected characteristics."),
    ("risk", "the risks of the recommendation and of not taking it."),
    ("climate", "the effect on the council's climate commitments."),
)


def paper_text(
    id_: str, values: Mapping[str, Any], board_name: str | None, last: Any = None
) -> str:
    """A new board paper: the header filled in, and every part people write ready to fill in.

    ``last`` (the board's previous paper) lends its scope, classification and contacts.
    """
    meeting: dt.date = values["meeting"]
    board = _board_word(board_name)
    when = f"{meeting.day} {meeting:%B %Y}"
    lines = [
        f"# A paper for {_comment(board_name or values['board'])}, {when}.",
        "# pmo writes the dashboard, milestones, risks, money and the changes since the last",
        "# paper, as of the meeting date. People write the parts below: replace every",
        '# "[To be written: ...]", delete a section not needed, add others in the same shape.',
        f"# See it as it will be circulated: pmo paper {id_}",
        "kind: paper",
        f"id: {id_}",
        f"board: {values['board']}",
        f"meeting: {meeting}",
        f"title: {_scalar(values['title'])}",
        f"author: {values['author']}",
        f"classification: {_scalar(last.classification if last and last.classification else 'unrestricted')}",  # noqa: E501
    ]
    if last is not None and last.scope:
        lines.append(f"scope: [{', '.join(last.scope)}]   # programmes or projects reported on")
    else:
        lines.append(
            "# scope: [ID, ...]          # programmes or projects reported on; default: all"
        )
    if last is not None and last.contact:
        lines.append(f"contact: [{', '.join(last.contact)}]   # contact officers")
    else:
        lines.append("# contact: [ID, ...]        # contact officers; default: the author")
    if last is not None:
        lines.append(f"previous: {last.id}")
    lines += [
        "# next_meeting: YYYY-MM-DD   # the board's next meeting (for what falls due before it)",
        "purpose: noting              # decision, noting or information",
        "# decision_maker: ...        # who takes the decision, for a key decision",
        "# key_decision: true         # and forward_plan_ref: the forward plan's reference",
        "# wards: [All wards]         # the wards affected",
        "# exempt: ...                # a Part B paper: the Schedule 12A paragraph",
        "# cover: true                # start with an agenda management sheet",
        "summary: >-",
        "  [To be written: one paragraph: what this report is for, and what the",
        f"  {board} is asked to do.]",
        "recommendations:",
        f"  - {_scalar(f'The {board} is asked to [to be written: note, comment on or approve ...].')}",  # noqa: E501
        "sections:",
    ]
    for heading, hint in PAPER_SECTIONS:
        body = textwrap.wrap(f"[To be written: {hint.format(board=board)}]", 80)
        lines += [f"  - heading: {heading}", "    body: |", *(f"      {b}" for b in body)]
    lines += [
        "options:",
        "  - title: Do nothing",
        "    body: '[To be written: what would happen if the board did nothing.]'",
        "  - title: '[To be written: the recommended option]'",
        "    recommended: true",
        "consultation: |",
        "  [To be written: who was consulted, and what they said.]",
        "implications:",
    ]
    for name, hint in PAPER_IMPLICATIONS:
        lines += [f"  {name}: |", f"    [To be written: {hint}]"]
    lines += ["background_papers: []       # published papers relied on", "# appendices: []"]
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    """Text safe on a comment line (one line)."""
    return " ".join(str(text).split())


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
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


def repository_files(name: str, today: dt.date, install: str = PLACEHOLDER) -> dict[str, str]:
    """Every file of a new records repository: relative path → text.

    ``install``: what the CI workflow gives ``pip install`` to get pmo.
    """

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
ones. The fields, filters and limits of templates are in pmo's documentation:
docs/reference.md, "Templates".
""",
        ".pre-commit-config.yaml": f"""\
# Check the records before every commit with the pmo installed on this machine
# (nothing is downloaded, so it works offline): pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: {HOOK_ID}
        name: pmo validate
        entry: pmo validate   # or: pmo validate --strict (warnings fail too)
        language: system
        always_run: true      # a deleted or renamed record can break the others
        pass_filenames: false
        require_serial: true
""",
        ".github/workflows/pmo.yml": f"""\
# Validate the records on every push and pull request; problems show on the changed lines.
# Optionally, publish the dashboard site from the default branch (the site job, below).
name: pmo
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: pmo reads earlier versions of the records
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: {_scalar("pip install " + shlex.quote(install))}
      - run: pmo validate --format github
  # Publish the dashboard site (pmo site) to GitHub Pages from the default branch. Off
  # until you turn it on: whoever can see the Pages site can read it (public, unless your
  # plan makes Pages private), so publish only records that may be published.
  #   1. Settings > Pages > Build and deployment > Source: GitHub Actions
  #   2. Settings > Secrets and variables > Actions > Variables: PMO_PUBLISH_SITE = true
  site:
    needs: validate
    if: >-
      vars.PMO_PUBLISH_SITE == 'true' && github.event_name == 'push' &&
      github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - uses: actions/cache@v4  # the last site: charts that did not change are not redrawn
        with:
          path: build/site
          key: pmo-site-${{{{ github.sha }}}}
          restore-keys: pmo-site-
      - run: {_scalar("pip install " + shlex.quote(install))}
      - run: pmo site -o build/site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: build/site
      - id: deployment
        uses: actions/deploy-pages@v4
""",
        ".gitignore": """\
# what pmo writes by default (papers, reports), pmo's edit lock and any temporary
# file an interrupted write left behind
build/
.pmo.lock
.*.pmo-tmp
""",
    }


@dataclass(frozen=True, slots=True)
class Install:
    """How CI can install the pmo that runs here: a ``pip install`` argument, and the wheel
    file to copy into the new repository (when pmo was installed from a wheel file)."""

    spec: str
    wheel: Path | None = None


def install_spec(dist: Any = None) -> Install | None:
    """How CI can install this same pmo, from how it was installed here (PEP 610's
    ``direct_url.json``); None when it came from a folder CI cannot reach (a checkout).

    From a git URL: that URL at the exact commit. From a wheel's URL: that URL. From a
    wheel file: the wheel, copied into the repository. From a package index: this version.

    >>> class Dist:
    ...     version = "0.2.0"
    ...     def read_text(self, name):
    ...         return ('{"url": "https://git.example/pmo", "vcs_info": '
    ...                 '{"vcs": "git", "commit_id": "4f3e2a1", "requested_revision": "v0.2.0"}}')
    >>> install_spec(Dist()).spec
    'pmo-toolkit @ git+https://git.example/pmo@4f3e2a1'
    """
    if dist is None:
        from importlib.metadata import PackageNotFoundError, distribution

        try:
            dist = distribution(DISTRIBUTION)
        except PackageNotFoundError:
            return None
    text = dist.read_text("direct_url.json")
    if text is None:
        return Install(f"{DISTRIBUTION}=={dist.version}")
    try:
        direct = json.loads(text)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        return None
    scheme, _, rest = url.partition("://")
    if scheme == "file":
        from urllib.parse import unquote, urlsplit

        wheel = Path(unquote(urlsplit(url).path))
        if "archive_info" in direct and wheel.suffix == ".whl" and wheel.is_file():
            return Install(f"{WHEEL_DIR}/{wheel.name}", wheel)
        return None
    if scheme not in ("https", "http", "ssh"):
        return None
    # Never write a password or token into a file that will be committed.
    host, _, path = rest.partition("/")
    user, at, bare = host.rpartition("@")
    if at and ":" in user:
        url = f"{scheme}://{bare}/{path}"
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id")
        if vcs.get("vcs") != "git" or not isinstance(commit, str):
            return None
        return Install(f"{DISTRIBUTION} @ git+{url}@{commit}")
    return Install(f"{DISTRIBUTION} @ {url}")


class ScaffoldError(Exception):
    """The folder already holds a repository or one of the files."""


def init_repo(
    dest: Path,
    *,
    name: str = "Programme Office",
    today: dt.date | None = None,
    install: Install | None = None,
) -> list[str]:
    """Create a records repository in ``dest``; returns the files written (relative paths).

    ``install``: how its CI workflow installs pmo (default: :data:`PLACEHOLDER`). Writes
    nothing if ``dest`` already holds any of the files, ``pmo.yaml`` or ``records/``.
    """
    files: dict[str, str | bytes] = {
        **repository_files(name, today or dt.date.today(), install.spec if install else PLACEHOLDER)
    }
    if install is not None and install.wheel is not None:
        files[install.spec] = install.wheel.read_bytes()
    clashes = sorted(
        rel for rel in (*files, "records") if (dest / rel).exists() or (dest / rel).is_symlink()
    )
    if clashes:
        raise ScaffoldError(
            f"{dest} already holds {', '.join(clashes)}; pmo init never overwrites anything"
        )
    for rel, data in files.items():
        write_atomic(dest / rel, data.encode("utf-8") if isinstance(data, str) else data)
    return list(files)


def git_init(dest: Path) -> str:
    """Make ``dest`` a git repository unless it is inside one; says what was done."""
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=dest, capture_output=True, text=True
        )
    except OSError:
        return "git was not found: run git init in it yourself"
    if inside.returncode == 0:
        top = Path(inside.stdout.strip())
        if top.resolve() == dest.resolve():
            return "already a git repository"
        return (
            f"inside the git repository at {top}: pre-commit and GitHub look for "
            ".pre-commit-config.yaml and .github/ there, not here"
        )
    done = subprocess.run(["git", "init", "--quiet"], cwd=dest, capture_output=True, text=True)
    if done.returncode != 0:
        return f"git init failed: {done.stderr.strip() or done.returncode}"
    return "initialised a git repository"
