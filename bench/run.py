"""The benchmark runner behind ``make bench``: every figure a whole process, CPU beside wall.

For each size (``BENCH_SIZES``, default ``100 1000 10000`` projects) it generates a synthetic
portfolio once into ``build/bench/N`` (generate.py) and times, each in a fresh process, in
interleaved rounds keeping each job's fastest run (timing.py):

- reading: the C parse floors (floor_parse.py), ``pmo validate`` cold, ``--no-cache`` and
  warm, and check-jsonschema as a peer, as ratios to PyYAML's C loader;
- every command of :data:`COMMANDS`, warm, as ratios (CPU) to the warm load (floor_load.py:
  a process that only restores the records from the cache);
- an edit (``pmo update``) on a copy of the portfolio against a warm ``pmo status`` there;

and apart: start-up (``pmo status`` on the bundled records against a one-command Typer app,
floor_app.py), the bundled paper as docx, pdf and html, ``pmo import`` of a RAID log of
``BENCH_IMPORT_ROWS`` rows (default 5,000; import_sheet.py), and history (history.py: the
portfolio with a year of weekly commits; ``pmo status --as-of`` a past date, ``pmo changes``
and ``pmo history`` against ``pmo status``, sizes up to ``BENCH_HISTORY_MAX``, default
10,000), and ``pmo site`` cold and rebuilt, sizes up to ``BENCH_SITE_MAX`` (default 1,000).
Each goal is printed with whether it was met.

The tables are printed and written into docs/performance.md between its ``bench:start`` and
``bench:end`` marks (``--no-write``: printed only).

Usage: ``python bench/run.py [--sizes "100 1000"] [--repeat N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from apart import DOCUMENT_PAPER, documents, history, importing, startup
from timing import (
    ENV,
    HERE,
    PMO,
    PYTHON,
    REPO,
    Job,
    Results,
    Run,
    has_command,
    has_module,
    interleaved,
    load_average,
    private_cache,
    timed,
)

BUILD = REPO / "build" / "bench"
DOC = REPO / "docs" / "performance.md"


@dataclass
class Command:
    """A command timed warm at every size: its label and its arguments (``{root}``,
    ``{project}``, ``{programme}``, ``{paper}``, ``{milestone}`` and ``{out}`` are filled
    in), and environment variables to set."""

    label: str
    args: str
    env: dict[str, str] = field(default_factory=dict)
    #: Run as the ``pmo`` console script (shell completion answers only to its own name).
    script: bool = False

    @property
    def name(self) -> list[str]:
        """The command's words (``pmo NAME --help`` tells whether it exists)."""
        return self.args.split()[:1]


#: Shell completion of a milestone id (the id index beside the cache already built).
COMPLETE = {
    "_PMO_COMPLETE": "complete_bash",
    "COMP_WORDS": "pmo done --root {root} {milestone}",
    "COMP_CWORD": "4",
}

#: Every command timed at each size, warm, against the warm load. Adding one is one line;
#: a command this pmo does not have yet is shown as "not in this pmo".
COMMANDS = [
    Command("pmo status", "status --root {root}"),
    Command("pmo risks", "risks --root {root}"),
    Command("pmo issues", "issues --root {root}"),
    Command("pmo decisions", "decisions --root {root}"),
    Command("pmo milestones", "milestones --root {root}"),
    Command("pmo show PROJECT", "show {project} --root {root}"),
    Command("pmo benefits", "benefits --root {root}"),
    Command("pmo paper (markdown)", "paper {paper} --root {root}"),
    Command("pmo export (xlsx)", "export {out}/export.xlsx --root {root}"),
    Command("complete an id (pmo done PROJECT-m<TAB>)", "", COMPLETE, script=True),
    Command("pmo site", "site -o {out}/site --root {root}"),
    # pmo changes and pmo history need commits: see HISTORY_COMMANDS in apart.py.
]

#: The goals (issue 17): the largest ratio of each to its floor, CPU time.
GOALS = {
    "validate cold ÷ PyYAML floor": 1.5,
    "validate warm ÷ cold (1,000)": 0.1,
    "status, risks ÷ warm load (10,000)": 1.5,
    "update ÷ status (1,000)": 1.5,
    "status --as-of ÷ status (1,000)": 1.5,
    "status, bundled ÷ Typer app": 1.3,
}


def ensure_portfolio(size: int) -> Path:
    out = BUILD / str(size)
    if not (out / "records").is_dir():
        print(f"generating {size:,} projects into {out} ...", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(HERE / "generate.py"), str(out), "--projects", str(size), "--force"],
            check=True,
        )
    return out


def ids(root: Path) -> dict[str, str]:
    """A project, its programme, a paper and a milestone id of a generated portfolio."""
    code = (
        "import json, sys; from pathlib import Path; from pmo.load import load; "
        "pf = load(Path(sys.argv[1])).portfolio; w = next(iter(pf.projects.values())); "
        "print(json.dumps({'project': w.id, 'programme': w.programme, "
        "'paper': next(iter(pf.papers), ''), 'milestone': w.id + '-m'}))"
    )
    import json

    out = subprocess.run(
        [PYTHON, "-c", code, str(root)], capture_output=True, text=True, check=True, env=ENV
    )
    found: dict[str, str] = json.loads(out.stdout)
    return found


def reading(size: int, root: Path, repeat: int) -> Results:
    """The parse floors, ``pmo validate`` cold, without the cache and warm, and the peer."""
    cache, env = private_cache()
    floor = [PYTHON, str(HERE / "floor_parse.py")]
    jobs = {
        "floor: PyYAML C loader": Job([*floor, "pyyaml", str(root)]),
        "floor: ruamel C events": Job([*floor, "ruamel-events", str(root)]),
    }
    if has_module("ryml"):
        jobs["floor: rapidyaml tree"] = Job([*floor, "ryml", str(root)])
    jobs["pmo validate (cold)"] = Job(
        [*PMO, "validate", "--root", str(root)], env, lambda: shutil.rmtree(cache, True)
    )
    jobs["pmo validate --no-cache"] = Job([*PMO, "validate", "--no-cache", "--root", str(root)])
    out: Results = dict(interleaved(jobs, repeat))
    out.setdefault("floor: rapidyaml tree", "not installed")
    timed([*PMO, "validate", "--root", str(root)], env)
    warm = {"pmo validate (warm)": Job([*PMO, "validate", "--root", str(root)], env)}
    out.update(interleaved(warm, max(repeat, 3)))
    out["check-jsonschema (peer)"] = peer(size, root, cache)
    shutil.rmtree(cache, ignore_errors=True)
    return out


def peer(size: int, root: Path, scratch: Path) -> Run | str:
    exe = shutil.which("check-jsonschema") or str(Path(PYTHON).parent / "check-jsonschema")
    limit = int(os.environ.get("BENCH_PEER_MAX", "1000"))
    if not Path(exe).exists():
        return "not installed"
    if size > limit:
        return f"skipped above {limit:,} (BENCH_PEER_MAX)"
    schema = scratch / "record.schema.json"
    got = subprocess.run([*PMO, "schema"], capture_output=True, text=True, check=True, cwd=REPO)
    schema.write_text(got.stdout, encoding="utf-8")
    files = sorted(str(p) for p in (root / "records").rglob("*.yaml"))
    return interleaved({"peer": Job([exe, "--schemafile", str(schema), *files])}, 1)["peer"]


def commands(root: Path, repeat: int) -> Results:
    """The warm load and every command of :data:`COMMANDS`, warm."""
    cache, env = private_cache()
    out_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-out-"))
    fill = {**ids(root), "root": str(root), "out": str(out_dir)}
    timed([*PMO, "validate", "--root", str(root)], env)  # fill the cache
    jobs = {"floor: warm load": Job([PYTHON, str(HERE / "floor_load.py"), str(root)], env)}
    missing: Results = {}
    for command in COMMANDS:
        if command.name and not has_command(*command.name):
            missing[command.label] = "not in this pmo"
            continue
        base = [str(Path(PYTHON).parent / "pmo")] if command.script else PMO
        argv = [*base, *(a.format(**fill) for a in command.args.split())]
        job_env = {**env, **{k: v.format(**fill) for k, v in command.env.items()}}
        timed(argv, job_env)  # warm (an id index, a chart cache...)
        jobs[command.label] = Job(argv, job_env)
    out: Results = {**interleaved(jobs, repeat), **missing}
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    return {label: out[label] for label in ["floor: warm load", *(c.label for c in COMMANDS)]}


def edit(size: int, root: Path, repeat: int) -> Results:
    """``pmo update`` on a copy of the portfolio against a warm ``pmo status`` there."""
    copy = BUILD / f"edit-{size}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    cache, env = private_cache()
    project = ids(copy)["project"]
    timed([*PMO, "validate", "--root", str(copy)], env)  # fill the cache
    update = [*PMO, "update", project, "--rag", "amber", "--summary", "Bench", "--root", str(copy)]
    timed(update, env)
    jobs = {
        "pmo status (the copy)": Job([*PMO, "status", "--root", str(copy)], env),
        "pmo update PROJECT": Job(update, env),
    }
    out: Results = dict(interleaved(jobs, repeat))
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(copy, ignore_errors=True)
    return out


def site(size: int, root: Path, repeat: int) -> Results:
    """``pmo site`` (records' cache warm): cold, into an empty folder (every page written,
    every paper's charts drawn; once), and rebuilt into the same folder (the charts kept:
    what a CI with a cached folder pays)."""
    cache, env = private_cache()
    out = Path(tempfile.mkdtemp(prefix="pmo-bench-site-")) / "site"
    timed([*PMO, "validate", "--root", str(root)], env)  # fill the records' cache
    argv = [*PMO, "site", "--root", str(root), "-o", str(out)]
    results: Results = dict(
        interleaved({"pmo site, cold": Job(argv, env, lambda: shutil.rmtree(out, True))}, 1)
    )
    results.update(interleaved({"pmo site, rebuilt": Job(argv, env)}, repeat))
    pages = sum(1 for _ in out.rglob("*.html"))
    charts = sum(1 for _ in out.glob("charts/*.svg"))
    results["floor: warm load"] = interleaved(
        {"load": Job([PYTHON, str(HERE / "floor_load.py"), str(root)], env)}, repeat
    )["load"]
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out.parent, ignore_errors=True)
    print(f"site at {size:,} projects: {pages:,} pages, {charts:,} chart files", file=sys.stderr)
    return results


# ---- printing ---------------------------------------------------------------------------


def cell(run: Run | str, floor: Run | str | None) -> str:
    """``wall s; CPU s ×ratio; MB`` (the ratio of CPU times to ``floor``)."""
    if isinstance(run, str):
        return run
    if run.code not in (0, 1):
        return f"failed (exit {run.code})"
    ratio = f" ×{run.cpu / floor.cpu:.2f}" if isinstance(floor, Run) and floor.cpu else ""
    return f"{run.wall:.2f} s; CPU {run.cpu:.2f} s{ratio}; {run.rss_mb:.0f} MB"


def by_size(sizes: list[int], results: dict[int, Results], floor: str) -> str:
    """One row a measure, one column a size; ratios of CPU time to the row ``floor``."""
    lines = [
        "| measure | " + " | ".join(f"{n:,} projects" for n in sizes) + " |",
        "|---" * (len(sizes) + 1) + "|",
    ]
    for label in results[sizes[0]]:
        cells = [cell(results[n][label], results[n].get(floor)) for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def small(title: str, results: Results, floor: str) -> str:
    """A table of one column of results, ratios of CPU time to the row ``floor``."""
    lines = [f"| {title} | wall s | CPU s | ×floor CPU | ×floor wall | MB |"]
    lines.append("|---|---|---|---|---|---|")
    base = results[floor]
    for label, run in results.items():
        if isinstance(run, str) or not isinstance(base, Run):
            lines.append(f"| {label} | {run} | | | | |")
            continue
        lines.append(
            f"| {label} | {run.wall:.3f} | {run.cpu:.3f} | ×{run.cpu / base.cpu:.2f} | "
            f"×{run.wall / base.wall:.2f} | {run.rss_mb:.0f} |"
        )
    return "\n".join(lines)


def verdict(name: str, value: float | None, detail: str) -> str:
    goal = GOALS[name]
    if value is None:
        return f"- {name}: not measured"
    met = "met" if value <= goal else "NOT met"
    return f"- {name} ≤ {goal}: **×{value:.2f}**, {met} ({detail})"


def ratio(a: Run | str | None, b: Run | str | None) -> float | None:
    return a.cpu / b.cpu if isinstance(a, Run) and isinstance(b, Run) and b.cpu else None


def write_doc(text: str, path: Path = DOC) -> None:
    """Put ``text`` between the bench:start and bench:end marks of ``path``."""
    doc = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.DOTALL)
    if not pattern.search(doc):
        print(f"note: {path} has no bench:start/bench:end marks; not written", file=sys.stderr)
        return
    path.write_text(pattern.sub(lambda m: m[1] + text + "\n" + m[2], doc), encoding="utf-8")
    print(f"wrote the tables into {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "100 1000 10000"),
        help="projects per portfolio, space-separated (env BENCH_SIZES)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(os.environ.get("BENCH_REPEAT", "3")),
        help="rounds per figure, the fastest kept (env BENCH_REPEAT)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    for folder in (REPO / "pmo", HERE):
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(folder)], check=True, env=ENV)
    sizes = [int(s) for s in args.sizes.split()]
    began, load = time.time(), load_average()
    out: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        out.append(text)

    up = startup(max(args.repeat, 10))
    papers = documents(max(args.repeat, 3))
    read: dict[int, Results] = {}
    warm: dict[int, Results] = {}
    edits: dict[int, Results] = {}
    for n in sizes:
        root = ensure_portfolio(n)
        rounds = 1 if n >= 10_000 else args.repeat
        read[n] = reading(n, root, rounds)
        warm[n] = commands(root, max(args.repeat, 3 if n >= 10_000 else 5))
        edits[n] = edit(n, root, max(args.repeat, 3 if n >= 10_000 else 5))
        print(f"done: {n:,} projects", file=sys.stderr)
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
    imported = importing(rows, args.repeat)
    history_max = int(os.environ.get("BENCH_HISTORY_MAX", "10000"))
    histories = {n: history(n, args.repeat) for n in sizes if n <= history_max}
    site_max = int(os.environ.get("BENCH_SITE_MAX", "1000"))
    sites = {
        n: site(n, ensure_portfolio(n), args.repeat)
        for n in sizes
        if n <= site_max and has_command("site")
    }

    say(
        f'Measured {dt.date.today()} with `BENCH_SIZES="{args.sizes}" BENCH_REPEAT='
        f"{args.repeat} make bench`: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load:.1f} at the start and "
        f"{load_average():.1f} at the end ({(time.time() - began) / 60:.0f} minutes). Each "
        f"figure is a whole process, the fastest of {args.repeat} or more interleaved rounds "
        "(cold figures at 10,000 projects: one); CPU time is the process's and its children's."
    )
    say()
    say("**Goals** (ratios of CPU time; wall time moves with the machine's load):")
    say()
    n1k = 1000 if 1000 in sizes else sizes[-1]
    n10k = 10_000 if 10_000 in sizes else sizes[-1]
    for n in sizes:
        r = read[n]
        cold = ratio(r["pmo validate (cold)"], r["floor: PyYAML C loader"])
        if n >= 1000:  # (at 100 projects start-up is most of it)
            say(verdict("validate cold ÷ PyYAML floor", cold, f"{n:,} projects"))
    r = read[n1k]
    warm_cold = ratio(r["pmo validate (warm)"], r["pmo validate (cold)"])
    say(verdict("validate warm ÷ cold (1,000)", warm_cold, f"{n1k:,} projects"))
    w = warm[n10k]
    for label in ("pmo status", "pmo risks"):
        run = w[label]
        peak = f"peak memory {run.rss_mb:.0f} MB, goal < 1,024" if isinstance(run, Run) else ""
        found = ratio(run, w["floor: warm load"])
        say(verdict("status, risks ÷ warm load (10,000)", found, f"{label}, {n10k:,}; {peak}"))
    e = edits[n1k]
    found = ratio(e["pmo update PROJECT"], e["pmo status (the copy)"])
    say(verdict("update ÷ status (1,000)", found, f"{n1k:,} projects"))
    if n1k in histories:
        h = histories[n1k]
        found = ratio(h["pmo status --as-of PAST (a commit)"], h["pmo status (working tree)"])
        detail = f"{n1k:,} projects, a year of weekly commits, 26 weeks back"
        say(verdict("status --as-of ÷ status (1,000)", found, detail))
    app, ours = up["floor: one-command Typer app"], up["pmo status, bundled records (warm)"]
    walls = (
        f"wall time ×{ours.wall / app.wall:.2f}"
        if isinstance(ours, Run) and isinstance(app, Run)
        else ""
    )
    say(verdict("status, bundled ÷ Typer app", ratio(ours, app), walls))
    done = [r for label, r in papers.items() if "--to" in label and isinstance(r, Run)]
    took = imported[f"pmo import, {rows:,} rows"]
    assert isinstance(took, Run)
    say(
        "- paper with five charts to docx, pdf or html under 3 s: slowest "
        f"{max(r.wall for r in done):.2f} s wall, {max(r.cpu for r in done):.2f} s CPU"
    )
    say(f"- pmo import of {rows:,} rows under 5 s: {took.wall:.2f} s wall, {took.cpu:.2f} s CPU")
    for n, built in sites.items():
        cold, again = built["pmo site, cold"], built["pmo site, rebuilt"]
        if isinstance(cold, Run) and isinstance(again, Run):
            say(
                f"- pmo site, {n:,} projects, under 10 s: cold {cold.wall:.2f} s wall, "
                f"{cold.cpu:.2f} s CPU; rebuilt (its charts kept) {again.wall:.2f} s wall, "
                f"{again.cpu:.2f} s CPU"
            )
    say()
    say("**Every command, warm**, ratio of CPU time to the warm load (a process that only "
        "restores the records from the cache, `bench/floor_load.py`):")  # fmt: skip
    say()
    say(by_size(sizes, warm, "floor: warm load"))
    say()
    say("**An edit**, `pmo update` on a copy of the portfolio, ratio of CPU time to a warm "
        "`pmo status` of the same copy:")  # fmt: skip
    say()
    say(by_size(sizes, edits, "pmo status (the copy)"))
    say()
    say("**Reading and validating**, ratio of CPU time to PyYAML's C loader reading the same "
        "files into Python data:")  # fmt: skip
    say()
    say(by_size(sizes, read, "floor: PyYAML C loader"))
    say()
    if histories:
        say(
            "**History**, on the same portfolio with a year of weekly commits "
            "(`bench/history.py`), ratio of CPU time to a warm `pmo status` of its working "
            "tree (PAST: 26 weeks ago):"
        )
        say()
        say(by_size(list(histories), histories, "pmo status (working tree)"))
        say()
    say(small("start-up", up, "floor: one-command Typer app"))
    say()
    say(small(f"{DOCUMENT_PAPER}, 5 charts", papers, "pmo paper (markdown, to stdout)"))
    say()
    say(small("import", imported, "floor: pmo validate of the records imported"))
    if sites:
        say()
        say("**The site**, `pmo site` into an empty folder and rebuilt into the same one, "
            "ratio of CPU time to the warm load:")  # fmt: skip
        say()
        say(by_size(list(sites), sites, "floor: warm load"))
    if not args.no_write:
        write_doc("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
