"""Mutation testing of the rules and the report builders (``make mutate``; docs/mutation.md).

Each group of modules is mutated by mutmut in a copy of the repository under
``build/mutate/GROUP``, and each of its mutants runs only against the group's tests (the
mapping below) that call the function it changes, fastest first, up to the first failure.
Then this script adds up the results per module, writes ``build/mutate/report.md`` (every
survivor with its diff) and, with ``--write-docs``, the score table of docs/mutation.md.

It exits 1 when a module is under its goal (:data:`GOALS`) or a survivor is neither killed
nor listed as equivalent in docs/mutation.md (by function and changed line, so the list
holds while line numbers move); 0 otherwise.

    python scripts/mutate.py [--jobs N] [--group NAME ...] [--sample K] [--write-docs]
    python scripts/mutate.py --rerun [--group NAME ...]   # the survivors, after new tests
    python scripts/mutate.py --report-only                # the last run's report again
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "mutate"
DOC = ROOT / "docs" / "mutation.md"

#: Group → (the modules mutated, the tests their mutants run against). A mutant runs the
#: tests of its group that call the function it changes (mutmut records which in a first,
#: clean run), so a group lists every test file that asserts what its modules decide.
MAPPING: dict[str, tuple[list[str], list[str]]] = {
    "rules": (
        ["pmo/rag.py", "pmo/asof.py"],
        [
            "tests/test_rag.py",
            "tests/test_boundaries.py",
            "tests/test_monotone.py",
            "tests/test_explain.py",
            "tests/test_status_cli.py",
            "tests/test_risks.py",
            "tests/test_raid.py",
            "tests/test_benefits.py",
            "tests/test_paper.py",
            "tests/test_validate_cli.py",
            "tests/test_reports.py",
        ],
    ),
    "checks": (
        ["pmo/check.py"],
        [
            "tests/test_examples.py",
            "tests/test_validate_cli.py",
            "tests/test_validate_with.py",
            "tests/test_boundaries.py",
            "tests/test_benefits.py",
            # Single tests of larger files (their property tests would run for every mutant):
            "tests/test_edit_check.py::test_only_narrows_the_per_record_rules_and_no_other",
            "tests/test_output_injection.py::test_validate_warns_of_hidden_and_look_alike_characters",
        ],
    ),
    "scope-formats": (
        ["pmo/scope.py", "pmo/formats.py"],
        [
            "tests/test_formats.py",
            "tests/test_status_cli.py",
            "tests/test_risks.py",
            "tests/test_raid.py",
            "tests/test_benefits.py",
            "tests/test_currency.py",
            "tests/test_reports.py",
        ],
    ),
    "reports": (
        ["pmo/reports/*"],
        [
            "tests/test_reports.py",
            "tests/test_hostile.py",
            "tests/test_boundaries.py",
            "tests/test_status_cli.py",
            "tests/test_risks.py",
            "tests/test_raid.py",
            "tests/test_benefits.py",
            "tests/test_explain.py",
            "tests/test_paper.py",
            "tests/test_tables.py",
            "tests/test_currency.py",
            "tests/test_machine_output.py",
            "tests/test_changes.py",
            "tests/test_history_cli.py",
            "tests/test_paper_history.py",
            # The paper's charts read its ratings, money and benefits (not its documents):
            "tests/test_documents.py::test_chart_data_goldens",
            "tests/test_documents.py::test_new_sections_open_issues_decisions_taken_and_totals",
        ],
    ),
}

#: The least share of mutants killed, per module (the rest: at least REPORTS_GOAL).
GOALS = {"pmo/rag.py": 90.0, "pmo/asof.py": 90.0, "pmo/check.py": 90.0}
REPORTS_GOAL = 80.0

KILLED = {"killed", "timeout"}
SKIPPED = {"skipped", "caught by type check"}
#: Not run yet (a run stopped before it reached them): neither killed nor survived.
NOT_RUN = {"not checked", "check was interrupted by user"}
#: Not in the sample and not run: left out of the score (a sampled module says so).
NOT_SAMPLED = "not sampled"
#: Every status that is not a survivor to explain.
DECIDED = KILLED | SKIPPED | NOT_RUN | {NOT_SAMPLED}

#: ``--sample K``: the mutants run, by the last digit of their number (mutmut numbers the
#: mutants of each function 1, 2, 3, ... in the order of its operators), so a sample takes
#: every K-th mutant of every function: each kind of change, everywhere.
SAMPLES = {2: "[02468]", 5: "[05]", 10: "0"}


def sample_pattern(k: int) -> str:
    """The mutmut name pattern of a 1-in-``k`` sample."""
    return f"*__mutmut_*{SAMPLES[k]}"


@dataclass
class Mutant:
    name: str
    module: str
    status: str
    #: The function mutated (``pmo.rag.rate``) and the changed lines, stripped.
    function: str = ""
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    diff: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.function, " ".join(self.old), " ".join(self.new))


def files_of(root: Path) -> list[str]:
    """The repository's files (tracked, and new ones not ignored)."""
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line and (root / line).is_file()]


def prepare(group: str, modules: list[str], tests: list[str]) -> Path:
    """A fresh copy of the repository for ``group``, its pyproject telling mutmut what to
    mutate and which tests to map."""
    here = BUILD / group
    if here.exists():
        shutil.rmtree(here)
    for rel in files_of(ROOT):
        dest = here / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    missing = [t for t in tests if not (ROOT / t.partition("::")[0]).is_file()]
    if missing:
        print(f"mutate: TEMPORARY: skipping missing test files {missing}", flush=True)
        tests = [t for t in tests if t not in missing]
    pyproject = (here / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = re.sub(r"(?ms)^\[tool\.mutmut\].*?(?=^\[)", "", pyproject)
    config = [
        "[tool.mutmut]",
        'source_paths = ["pmo/"]',
        f"only_mutate = {json.dumps(modules)}",
        'also_copy = ["pmo.yaml", "records", "templates", "README.md", "docs"]',
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
        # Mutants are forked from a server that has only collected the tests: a process
        # that has run them holds threads (Typst's, git's feeders) a fork would deadlock on.
        'process_isolation = "forkserver"',
        "",
    ]
    (here / "pyproject.toml").write_text(pyproject + "\n" + "\n".join(config), encoding="utf-8")
    return here


def sync(group: str) -> Path:
    """Bring the group's copy up to date with the repository (tests, fixtures, templates,
    sources), keeping mutmut's results: for :func:`run` of the survivors only.

    When a source changed, mutmut's map of which tests call which function is dropped, so
    the next run collects it whole: mutmut collects it again only for new tests, and a new
    or changed function would run against those alone (its mutants "surviving")."""
    here = BUILD / group
    for rel in files_of(ROOT):
        source, dest = ROOT / rel, here / rel
        if rel == "pyproject.toml" or (dest.is_file() and dest.read_bytes() == source.read_bytes()):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
        if rel.startswith("pmo/"):
            (here / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    return here


def run(here: Path, jobs: int, names: list[str] | None = None, *, whole: bool = False) -> None:
    """mutmut on the copy at ``here``: every mutant, or ``names`` (patterns); ``whole``:
    this is the group's run (a sample), so its time is kept for the score."""
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutate", "PY_COLORS": "0", "PMO_JOBS": "1"}
    log = here / "mutmut.log"
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(
            [str(mutmut), "run", "--max-children", str(jobs), *(names or [])],
            cwd=here,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        ).returncode
    took = time.monotonic() - start
    print(f"mutate: {here.name}: mutmut finished in {took / 60:.1f} min (log: {log})", flush=True)
    if names is None or whole:  # the group's run: its time, for the score (:func:`run_time`)
        (here / "took").write_text(f"{took:.0f}\n", encoding="utf-8")
    if code != 0:
        raise SystemExit(f"mutate: mutmut failed in {here} (exit {code}); see {log}")


def run_time(groups: list[str]) -> float | None:
    """The seconds the last whole runs of ``groups`` took, added up (None: one is unknown)."""
    files = [BUILD / group / "took" for group in groups]
    if not all(f.is_file() for f in files):
        return None
    return sum(float(f.read_text(encoding="utf-8")) for f in files)


def results(group: str) -> list[Mutant]:
    """Every mutant of the group, with its status and, for survivors, its diff."""
    here = BUILD / group
    found: list[Mutant] = []
    sample_file = here / "sample"
    sample = int(sample_file.read_text(encoding="utf-8")) if sample_file.is_file() else None
    cwd = Path.cwd()
    os.chdir(here)  # mutmut reads its configuration from the working directory
    try:
        from mutmut import configuration
        from mutmut.mutation.diff_apply import get_diff_for_mutant
        from mutmut.stats import status_by_exit_code

        configuration.reset_config()
        for meta in sorted((here / "mutants").rglob("*.py.meta")):
            module = meta.relative_to(here / "mutants").as_posix().removesuffix(".meta")
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            for name, code in sorted(codes.items()):
                m = Mutant(name, module, status_by_exit_code[code])
                if code is None and sample and not fnmatch.fnmatch(name, sample_pattern(sample)):
                    m.status = NOT_SAMPLED
                if m.status not in DECIDED:
                    m.diff = get_diff_for_mutant(name, path=module)
                    describe(m)
                found.append(m)
    finally:
        os.chdir(cwd)
    return found


#: Lines too common to tell one mutant from another: keyed with the line before them.
BARE = {"continue", "break", "pass", "return", "return None"}


def describe(m: Mutant) -> None:
    """The function and the changed lines of a mutant, from its diff."""
    body = m.diff.splitlines()[2:]
    m.old = [line[1:].strip() for line in body if line.startswith("-")]
    m.new = [line[1:].strip() for line in body if line.startswith("+")]
    if len(m.old) == 1 and m.old[0] in BARE:  # which `continue`: the line before says
        first = next(i for i, line in enumerate(body) if line.startswith("-"))
        before = body[first - 1][1:].strip() if first > 0 else ""
        if not before.startswith("@@"):
            m.old, m.new = [before, *m.old], [before, *m.new]
    dotted, _, _ = m.name.partition("__mutmut_")
    prefix, _, last = dotted.rpartition(".")
    m.function = f"{prefix}.{last.removeprefix('x_').replace('xǁ', '').replace('ǁ', '.')}"


def equivalents() -> dict[tuple[str, str, str], str]:
    """The survivors docs/mutation.md explains: (function, old, new) → why."""
    out: dict[tuple[str, str, str], str] = {}
    if not DOC.is_file():
        return out
    row = re.compile(r"^\| `([^`]+)` \| `(.*?)` \| `(.*?)` \| (.+) \|$")
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if match:
            function, old, new, why = (g.replace("\\|", "|") for g in match.groups())
            out[(function, old, new)] = why
    return out


def goal(module: str) -> float:
    return GOALS.get(module, REPORTS_GOAL)


def interval(killed: int, ran: int) -> tuple[float, float]:
    """The 95% Wilson interval of the share killed, in percent, from a sample."""
    z, p = 1.96, killed / ran
    centre = (p + z * z / (2 * ran)) / (1 + z * z / ran)
    half = z * math.sqrt(p * (1 - p) / ran + z * z / (4 * ran * ran)) / (1 + z * z / ran)
    return 100 * (centre - half), 100 * (centre + half)


def shown(killed: int, ran: int, whole: bool, sampled: bool) -> str:
    """A score as the table shows it: "not run", or the percentage, "(partial)" when some
    mutants did not run, and, of a sample, its 95% interval."""
    if not ran:
        return "not run"
    text = f"{100.0 * killed / ran:.1f}%"
    if sampled:
        low, high = interval(killed, ran)
        text += f" (sample: {low:.0f}–{high:.0f}%)"
    return text + ("" if whole else " (partial)")


def score_table(mutants: list[Mutant]) -> tuple[str, bool]:
    """The score per module as a markdown table, and whether every goal is met.

    The score is the share of the mutants run that were killed (the equivalent ones count
    as not killed); a module whose run stopped before all its mutants says how many ran,
    and has not met its goal."""
    known = equivalents()
    by_module: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_module.setdefault(m.module, []).append(m)
    lines = [
        "| Module | Mutants | Run | Killed | Equivalent | Survived | No tests | Score | Goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    met = True
    counts = [0, 0, 0, 0, 0, 0]
    for module in sorted(by_module):
        sampled = any(m.status == NOT_SAMPLED for m in by_module[module])
        ms = [m for m in by_module[module] if m.status not in SKIPPED | {NOT_SAMPLED}]
        ran = [m for m in ms if m.status not in NOT_RUN]
        k = sum(m.status in KILLED for m in ran)
        none = sum(m.status == "no tests" for m in ran)
        eq = sum(m.status not in DECIDED and m.key in known for m in ran)
        alive = len(ran) - k - none - eq
        score = 100.0 * k / len(ran) if ran else 0.0
        whole = len(ran) == len(ms)
        met &= whole and score >= goal(module)
        counts = [
            a + b for a, b in zip(counts, [len(ms), len(ran), k, eq, alive, none], strict=True)
        ]
        lines.append(
            f"| {module} | {len(ms)} | {len(ran)} | {k} | {eq} | {alive} | {none} "
            f"| {shown(k, len(ran), whole, sampled)} | {goal(module):.0f}% |"
        )
    total, ran_, killed = counts[0], counts[1], counts[2]
    sampled = any(m.status == NOT_SAMPLED for m in mutants)
    lines.append(
        f"| **all** | {total} | {ran_} | {killed} | {counts[3]} | {counts[4]} | {counts[5]} "
        f"| {shown(killed, ran_, ran_ == total, sampled)} | |"
    )
    return "\n".join(lines), met


def stale(
    known: dict[tuple[str, str, str], str], mutants: list[Mutant]
) -> list[tuple[str, str, str]]:
    """Rows of docs/mutation.md, of the modules run whole, that explain no survivor now: the
    mutant is killed, or the code it changed is gone. To remove, so the list says only what
    holds. (A module with mutants not run, or not sampled, may hold the survivor unseen.)"""
    partial = {m.module for m in mutants if m.status in NOT_RUN or m.status == NOT_SAMPLED}
    run = {m.module.removesuffix(".py").replace("/", ".") + "." for m in mutants}
    run -= {module.removesuffix(".py").replace("/", ".") + "." for module in partial}
    used = {m.key for m in mutants if m.status not in DECIDED}
    return [k for k in known if k not in used and any(k[0].startswith(p) for p in run)]


def report(mutants: list[Mutant], took: float | None) -> tuple[str, bool, list[Mutant]]:
    known = equivalents()
    survivors = [m for m in mutants if m.status not in DECIDED]
    unexplained = [m for m in survivors if m.key not in known]
    unused = stale(known, mutants)
    table, met = score_table(mutants)
    out = [
        "# Mutation testing report",
        "",
        "Made by `make mutate` (scripts/mutate.py)"
        + (f" in {took / 60:.0f} minutes." if took else "."),
        "",
        table,
        "",
        f"{len(survivors)} survivors, {len(unexplained)} not listed as equivalent in "
        "docs/mutation.md.",
        "",
    ]
    for m in survivors:
        why = known.get(m.key)
        out += [
            f"## {m.name} ({m.status}{', equivalent' if why else ''})",
            "",
            f"Row for docs/mutation.md: {doc_row(m, why or 'WHY')}",
            "",
            "```diff",
            m.diff,
            "```",
            "",
        ]
    if unused:
        out += ["## Rows of docs/mutation.md that explain no survivor now (to remove)", ""]
        out += [f"- `{function}`: `{old}` → `{new}`" for function, old, new in unused]
    return "\n".join(out), met, unexplained


def doc_row(m: Mutant, why: str) -> str:
    def code(lines: list[str]) -> str:
        return "`" + " ".join(lines).replace("|", "\\|") + "`"

    return f"| `{m.function}` | {code(m.old)} | {code(m.new)} | {why} |"


def write_docs(table: str, took: float | None, command: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = "<!-- score: start -->", "<!-- score: end -->"
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    minutes = f", its group runs {took / 60:.0f} minutes added up, on this machine" if took else ""
    body = f"{start}\nScore of {when} (`{command}`{minutes}):\n\n{table}\n"
    if "(partial)" in table:
        body += (
            "\nPartial: a run stopped before all its mutants ran (the Run column); a partial "
            "score is of the mutants run and meets no goal.\n"
        )
    body += end
    text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    DOC.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--group", action="append", choices=sorted(MAPPING), help="only these")
    parser.add_argument("--report-only", action="store_true", help="re-read the last run")
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="run the last run's survivors not listed as equivalent again, against the tests now",
    )
    parser.add_argument(
        "--sample",
        type=int,
        choices=sorted(SAMPLES),
        help="run 1 in K of the mutants of every function (an estimate, with its interval)",
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/mutation.md")
    args = parser.parse_args()
    groups = args.group or list(MAPPING)
    start = time.monotonic()
    for group in groups:
        if args.rerun:
            known = equivalents()
            names = [
                m.name for m in results(group) if m.status not in DECIDED and m.key not in known
            ]
            if names:
                run(sync(group), args.jobs, names)
        elif not args.report_only:
            modules, tests = MAPPING[group]
            here = prepare(group, modules, tests)
            if args.sample:
                (here / "sample").write_text(f"{args.sample}\n", encoding="utf-8")
                run(here, args.jobs, [sample_pattern(args.sample)], whole=True)
            else:
                run(here, args.jobs)
    took = run_time(groups) if args.report_only or args.rerun else time.monotonic() - start
    mutants = [m for group in groups for m in results(group)]
    text, met, unexplained = report(mutants, took)
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "report.md").write_text(text, encoding="utf-8")
    table, _ = score_table(mutants)
    print(table)
    if args.write_docs and not args.group:
        write_docs(
            table,
            took,
            "make mutate"
            if not args.report_only
            else "scripts/mutate.py --group GROUP for each group, then --report-only --write-docs",
        )
    print(f"mutate: report with every survivor's diff: {BUILD / 'report.md'}")
    if unexplained:
        print(f"mutate: {len(unexplained)} survivors neither killed nor listed as equivalent")
    if not met:
        print("mutate: a module is under its goal")
    return 0 if met and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
