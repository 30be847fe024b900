"""The benchmark runner behind ``make bench``: pmo against the C YAML parse floor, per size.

For each size (``BENCH_SIZES``, default ``100 1000 10000`` projects) it generates a synthetic
portfolio once into ``build/bench/N`` (see generate.py), then times, each in a fresh process,
in rounds (every command once, then again, ...: ``BENCH_REPEAT`` rounds, default 3, 1 for the
cold figures at 10,000) keeping each command's fastest run:

- the floors: reading the same files with PyYAML's C loader (``yaml.load``, CSafeLoader),
  with ruamel.yaml's C parser (events drained) and with rapidyaml (C++ tree only), where
  installed (see floor_parse.py);
- ``pmo validate`` cold (empty cache: it parses, validates, and writes the cache) and warm
  (nothing changed since);
- ``pmo status``, ``pmo risks`` and ``pmo paper`` (warm), each skipped, and said so, when
  that command does not exist in this pmo;
- shell completion of a milestone id (``pmo done PROJECT-m<TAB>``, warm: the id index beside
  the cache already built);
- check-jsonschema validating the same files against ``pmo schema`` (a peer), when installed;
- peak memory (maximum resident set) of each;
- the bundled board paper with its five charts as docx, pdf and html (``pmo paper --to``),
  beside the same paper as markdown (goal: each document under 3 s).
- `pmo import` of a council RAID log of BENCH_IMPORT_ROWS risks (default 5,000; see
  import_sheet.py) into the bundled records, goal under 5 s.

- ``pmo site`` (issue 13's goal: under 10 s for 1,000 projects), cold into an empty folder
  and rebuilt into the same one (its chart files kept), for sizes up to ``BENCH_SITE_MAX``
  (default 1,000).

- history (issue 17's goal): on a repository of the same size with a year of weekly commits
  (history.py), ``pmo status --as-of <26 weeks ago>`` warm (it reads that commit's tree
  through git) against ``pmo status`` warm (the working tree), CPU time; sizes up to
  ``BENCH_HISTORY_MAX`` (default 1,000). On the same repository, ``pmo changes --since <26
  weeks ago>`` and ``pmo history <a project>`` (a year of weekly commits), warm, each as a
  ratio to ``pmo status`` warm.

Each figure is also given as a ratio to the floor (PyYAML's C loader: the fastest C parse that
yields Python data), all measured in the same run. Start-up is measured apart: ``pmo status``
on the bundled records against a minimal one-command Typer app (floor_app.py).

Usage: ``python bench/run.py [--sizes "100 1000"] [--repeat N] [--markdown]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUILD = REPO / "build" / "bench"
PYTHON = sys.executable
PMO = [PYTHON, "-m", "pmo"]
#: Every child runs as an installed pmo would: with its modules' bytecode cached.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Run:
    """One timed process: wall seconds, CPU seconds (its own and its children's), peak RSS."""

    wall: float
    cpu: float
    rss_mb: float
    code: int


def timed(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` with output discarded; its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV, cwd=REPO
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


@dataclass
class Job:
    """A command to time: its argv, environment, and what to do before each run."""

    argv: list[str]
    env: dict[str, str] | None = None
    before: Callable[[], None] | None = None


def interleaved(jobs: dict[str, Job], repeat: int) -> dict[str, Run]:
    """Each job's fastest of ``repeat`` runs, taken in rounds (a, b, c, a, b, c, ...).

    The machine's load changes over a benchmark; running the jobs in turn exposes every
    job to the same conditions, so their ratios hold even when the absolute figures move.
    """
    runs: dict[str, list[Run]] = {label: [] for label in jobs}
    for _ in range(repeat):
        for label, job in jobs.items():
            if job.before is not None:
                job.before()
            runs[label].append(timed(job.argv, job.env))
    out = {}
    for label, taken in runs.items():
        fastest = min(taken, key=lambda r: r.wall)
        out[label] = Run(
            fastest.wall, min(r.cpu for r in taken), max(r.rss_mb for r in taken), fastest.code
        )
    return out


def has_command(name: str) -> bool:
    result = subprocess.run([*PMO, name, "--help"], capture_output=True, cwd=REPO)
    return result.returncode == 0


def has_module(name: str) -> bool:
    result = subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True)
    return result.returncode == 0


def ensure_portfolio(size: int) -> Path:
    out = BUILD / str(size)
    if not (out / "records").is_dir():
        print(f"generating {size:,} projects into {out} ...", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(HERE / "generate.py"), str(out), "--projects", str(size), "--force"],
            check=True,
        )
    return out


def first_project(root: Path) -> str:
    """The id of a project of a generated portfolio (its first file's name)."""
    for path in sorted((root / "records").rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines()[:5]:
            if line == "kind: project":
                return path.stem
    return ""


def first_paper(root: Path) -> str | None:
    papers = root / "records" / "papers"
    for path in sorted(papers.glob("*.yaml")) if papers.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("id: "):
                return line[4:].strip()
    return None


def ensure_history(size: int) -> Path:
    out = BUILD / f"history-{size}"
    stamp = out / ".pmo-bench-day"
    today = time.strftime("%Y-%m-%d")
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != today:
        print(f"generating {size:,} projects with a year of weekly commits ...", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(HERE / "history.py"), str(out), "--projects", str(size)], check=True
        )
        stamp.write_text(today, encoding="utf-8")
    return out


def measure_history(
    size: int, repeat: int, commands: dict[str, bool]
) -> tuple[str, dict[str, Run]]:
    """``pmo status --as-of <26 weeks ago>`` warm against ``pmo status`` warm (working tree);
    where they exist, ``pmo changes --since <26 weeks ago>`` (that commit against the working
    tree) and ``pmo history <a project>`` (its year of weekly commits), warm."""
    import datetime as dt

    root = ensure_history(size)
    cache_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    env = {**ENV, "PMO_CACHE_DIR": str(cache_dir)}
    env.pop("PMO_NO_CACHE", None)
    past = (dt.date.today() - dt.timedelta(weeks=26)).isoformat()
    now = [*PMO, "status", "--root", str(root)]
    jobs = {"now": now, "then": [*now, "--as-of", past]}
    if commands.get("changes"):
        jobs["changes"] = [*PMO, "changes", "--root", str(root), "--since", past]
    if commands.get("history"):
        jobs["history"] = [*PMO, "history", first_project(root), "--root", str(root)]
    for argv in jobs.values():  # warm each
        timed(argv, env)
    runs = interleaved({k: Job(argv, env) for k, argv in jobs.items()}, max(repeat, 5))
    shutil.rmtree(cache_dir, ignore_errors=True)
    return past, runs


@dataclass
class Row:
    label: str
    runs: dict[int, Run | str]  # size → run, or why it was skipped


def measure_size(
    size: int, repeat: int, commands: dict[str, bool], peers: dict[str, bool]
) -> dict[str, Run | str]:
    """Every figure for one portfolio size."""
    root = ensure_portfolio(size)
    cache_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    env = {**ENV, "PMO_CACHE_DIR": str(cache_dir)}
    env.pop("PMO_NO_CACHE", None)
    results: dict[str, Run | str] = {}
    floor = [PYTHON, str(HERE / "floor_parse.py")]

    def clear() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    # Round one: the floors and the cold runs (each starts from an empty cache).
    cold = {
        "floor: PyYAML C loader": Job([*floor, "pyyaml", str(root)]),
        "floor: ruamel C events": Job([*floor, "ruamel-events", str(root)]),
    }
    if peers["ryml"]:
        cold["floor: rapidyaml tree"] = Job([*floor, "ryml", str(root)])
    cold["pmo validate (cold)"] = Job([*PMO, "validate", "--root", str(root)], env, clear)
    cold["pmo validate --no-cache"] = Job([*PMO, "validate", "--no-cache", "--root", str(root)])
    results.update(interleaved(cold, repeat))
    if not peers["ryml"]:
        results["floor: rapidyaml tree"] = "not installed"
    # Round two: with the cache in place, nothing changed since.
    timed([*PMO, "validate", "--root", str(root)], env)
    warm = {"pmo validate (warm)": Job([*PMO, "validate", "--root", str(root)], env)}
    for name in ("status", "risks", "paper"):
        label = f"pmo {name} (warm)"
        if not commands[name]:
            results[label] = "not in this pmo"
            continue
        argv = [*PMO, name, "--root", str(root)]
        if name == "paper":
            paper = first_paper(root)
            if paper is None:
                results[label] = "no paper in the records"
                continue
            argv.append(paper)
        warm[label] = Job(argv, env)
    if has_command("set"):
        # Shell completion of an id (the index beside the cache built once before).
        words = f"pmo done --root {root} {first_project(root)}-m"
        complete = {**env, "_PMO_COMPLETE": "complete_bash", "COMP_WORDS": words}
        complete["COMP_CWORD"] = "4"
        timed(PMO, complete)
        warm["pmo: complete an id (warm)"] = Job(PMO, complete)
    else:
        results["pmo: complete an id (warm)"] = "not in this pmo"
    results.update(interleaved(warm, max(repeat, 3 if size >= 10_000 else 5)))
    peer_max = int(os.environ.get("BENCH_PEER_MAX", "1000"))
    if peers["check-jsonschema"] and size > peer_max:
        results["check-jsonschema (peer)"] = f"skipped above {peer_max:,} (BENCH_PEER_MAX)"
    elif peers["check-jsonschema"]:
        schema = cache_dir / "record.schema.json"
        schema.write_text(
            subprocess.run(
                [*PMO, "schema"], capture_output=True, text=True, check=True, cwd=REPO
            ).stdout,
            encoding="utf-8",
        )
        files = sorted(str(p) for p in (root / "records").rglob("*.yaml"))
        exe = shutil.which("check-jsonschema") or str(Path(PYTHON).parent / "check-jsonschema")
        results.update(
            interleaved(
                {"check-jsonschema (peer)": Job([exe, "--schemafile", str(schema), *files])}, 1
            )
        )
    else:
        results["check-jsonschema (peer)"] = "not installed"
    shutil.rmtree(cache_dir, ignore_errors=True)
    order = [
        "floor: PyYAML C loader",
        "floor: ruamel C events",
        "floor: rapidyaml tree",
        "pmo validate (cold)",
        "pmo validate --no-cache",
        "pmo validate (warm)",
        "pmo status (warm)",
        "pmo risks (warm)",
        "pmo paper (warm)",
        "pmo: complete an id (warm)",
        "check-jsonschema (peer)",
    ]
    return {label: results[label] for label in order}


def startup(repeat: int) -> dict[str, Run]:
    """Start-up: a bare Typer app against ``pmo --version`` and ``pmo status`` (bundled)."""
    cache_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    env = {**ENV, "PMO_CACHE_DIR": str(cache_dir)}
    jobs = {
        "python -c pass": Job([PYTHON, "-c", "pass"]),
        "floor: one-command Typer app": Job([PYTHON, str(HERE / "floor_app.py")]),
        "pmo --version": Job([*PMO, "--version"], env),
    }
    for name in ("status", "validate"):
        if has_command(name):
            timed([*PMO, name, "--root", str(REPO)], env)  # fill the cache
            jobs[f"pmo {name}, bundled records (warm)"] = Job(
                [*PMO, name, "--root", str(REPO)], env
            )
    out = interleaved(jobs, repeat)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return out


#: The paper ``documents`` times: the bundled one with all five charts.
DOCUMENT_PAPER = "cyp-oss-2010-10"


def documents(repeat: int) -> dict[str, Run]:
    """The bundled paper with its charts as docx, pdf and html, beside its markdown (warm)."""
    cache_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    out_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-papers-"))
    env = {**ENV, "PMO_CACHE_DIR": str(cache_dir)}
    base = [*PMO, "paper", DOCUMENT_PAPER, "--root", str(REPO)]
    timed(base, env)  # fill the cache
    jobs = {"pmo paper (markdown, to stdout)": Job(base, env)}
    for target in ("docx", "pdf", "html"):
        jobs[f"pmo paper --to {target}"] = Job(
            [*base, "--to", target, "-o", str(out_dir / f"paper.{target}")], env
        )
    out = interleaved(jobs, repeat)
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    return out


def measure_import(rows: int, repeat: int) -> dict[str, Run]:
    """``pmo import`` of a council RAID log of ``rows`` risks into the bundled records,
    beside two floors: reading the workbook, and validating the records it makes."""
    out = BUILD / "import"
    out.mkdir(parents=True, exist_ok=True)
    repo = out / "repo"
    book = out / f"raid-{rows}.xlsx"

    def fresh() -> None:
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir()
        shutil.copy(REPO / "pmo.yaml", repo / "pmo.yaml")
        shutil.copytree(REPO / "records", repo / "records")

    fresh()
    if not book.exists():
        subprocess.run(
            [
                PYTHON,
                str(HERE / "import_sheet.py"),
                str(book),
                "--rows",
                str(rows),
                "--root",
                str(repo),
            ],
            check=True,
            cwd=REPO,
        )
    after = out / "after"
    shutil.rmtree(after, ignore_errors=True)
    shutil.copytree(repo, after)
    subprocess.run(
        [*PMO, "import", str(book), "--root", str(after)], check=True, capture_output=True, cwd=REPO
    )
    read = (
        "from python_calamine import CalamineWorkbook as W; "
        f"W.from_path({str(book)!r}).get_sheet_by_index(0).to_python()"
    )
    env = {**ENV, "PMO_NO_CACHE": "1"}
    return interleaved(
        {
            "floor: read the workbook (python-calamine)": Job([PYTHON, "-c", read]),
            "floor: pmo validate of the records imported": Job(
                [*PMO, "validate", "--root", str(after)], env
            ),
            f"pmo import, {rows:,} rows": Job(
                [*PMO, "import", str(book), "--root", str(repo)], env, fresh
            ),
        },
        repeat,
    )


def measure_site(size: int, repeat: int) -> dict[str, Run]:
    """``pmo site`` for the portfolio of ``size`` projects (the records' cache warm): cold,
    into an empty folder (every page written, every paper's chart drawn; once), and
    rebuilt into the same folder (the charts kept: what a CI with a cached folder pays)."""
    root = ensure_portfolio(size)
    cache_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    out = Path(tempfile.mkdtemp(prefix="pmo-bench-site-")) / "site"
    env = {**ENV, "PMO_CACHE_DIR": str(cache_dir)}
    env.pop("PMO_NO_CACHE", None)
    timed([*PMO, "validate", "--root", str(root)], env)  # fill the records' cache
    argv = [*PMO, "site", "--root", str(root), "-o", str(out)]
    results = interleaved(
        {"pmo site, cold": Job(argv, env, lambda: shutil.rmtree(out, ignore_errors=True))}, 1
    )
    results.update(interleaved({"pmo site, rebuilt": Job(argv, env)}, repeat))
    pages = sum(1 for _ in out.rglob("*.html"))
    charts = sum(1 for _ in out.glob("charts/*.svg"))
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(out.parent, ignore_errors=True)
    results[f"{pages:,} pages, {charts:,} chart files"] = results["pmo site, rebuilt"]
    return results


def table(sizes: list[int], results: dict[int, dict[str, Run | str]]) -> str:
    """Markdown: per size, wall seconds and CPU seconds (each ×floor) and peak memory."""
    head = "| measure | " + " | ".join(f"{n:,} projects" for n in sizes)
    lines = [head + " |", "|---" * (len(sizes) + 1) + "|"]
    for label in results[sizes[0]]:
        cells = []
        for n in sizes:
            run = results[n][label]
            floor = results[n]["floor: PyYAML C loader"]
            if isinstance(run, str):
                cells.append(run)
            elif run.code not in (0, 1):
                cells.append(f"failed (exit {run.code})")
            elif isinstance(floor, Run):
                cells.append(
                    f"{run.wall:.2f} s ×{run.wall / floor.wall:.2f}; "
                    f"CPU {run.cpu:.2f} s ×{run.cpu / floor.cpu:.2f}; {run.rss_mb:.0f} MB"
                )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


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
        help="runs per figure, the fastest kept (env BENCH_REPEAT; 10,000 runs once)",
    )
    args = parser.parse_args(argv)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "pmo")], check=True, env=ENV)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(HERE)], check=True, env=ENV)
    sizes = [int(s) for s in args.sizes.split()]
    commands = {
        name: has_command(name) for name in ("status", "risks", "paper", "changes", "history")
    }
    peers = {
        "ryml": has_module("ryml"),
        "check-jsonschema": bool(
            shutil.which("check-jsonschema") or (Path(PYTHON).parent / "check-jsonschema").exists()
        ),
    }
    for name, present in commands.items():
        if not present:
            print(f"note: 'pmo {name}' does not exist in this pmo yet; skipped", file=sys.stderr)
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load:.1f} at start; each figure is the "
        f"fastest of {args.repeat} interleaved rounds (cold figures at 10,000 projects: 1; "
        f"warm: at least 3, 5 below 10,000; start-up: {max(args.repeat, 10)})\n"
    )
    up = startup(max(args.repeat, 10))
    floor_app = up["floor: one-command Typer app"].wall
    print("| start-up | s | ×Typer floor | MB |\n|---|---|---|---|")
    for label, run in up.items():
        print(f"| {label} | {run.wall:.3f} | ×{run.wall / floor_app:.2f} | {run.rss_mb:.0f} |")
    print()
    if commands["paper"]:
        papers = documents(max(args.repeat, 3))
        md = papers["pmo paper (markdown, to stdout)"]
        print(f"| {DOCUMENT_PAPER}, 5 charts | s | CPU s | ×markdown | MB |")
        print("|---|---|---|---|---|")
        for label, run in papers.items():
            print(
                f"| {label} | {run.wall:.2f} | {run.cpu:.2f} | ×{run.wall / md.wall:.1f} "
                f"| {run.rss_mb:.0f} |"
            )
        slowest = max(r.wall for label, r in papers.items() if "--to" in label)
        print(f"\npaper with charts to a document: slowest {slowest:.2f} s (goal < 3 s)\n")
    results: dict[int, dict[str, Run | str]] = {}
    for n in sizes:
        results[n] = measure_size(n, 1 if n >= 10_000 else args.repeat, commands, peers)
        print(f"done: {n:,} projects", file=sys.stderr)
    print(table(sizes, results))
    print()
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
    imported = measure_import(rows, args.repeat)
    base = imported["floor: pmo validate of the records imported"]
    print("| import | wall s | ×validate | CPU s | MB |\n|---|---|---|---|---|")
    for label, run in imported.items():
        print(
            f"| {label} | {run.wall:.2f} | ×{run.wall / base.wall:.2f} | {run.cpu:.2f} | "
            f"{run.rss_mb:.0f} |"
        )
    took = imported[f"pmo import, {rows:,} rows"]
    print(
        f"\npmo import of {rows:,} rows: {took.wall:.2f} s wall, {took.cpu:.2f} s CPU "
        f"(goal < 5 s; exit {took.code})\n"
    )
    for n in sizes:
        r = results[n]
        floor, cold, warm = (
            r["floor: PyYAML C loader"],
            r["pmo validate (cold)"],
            r["pmo validate (warm)"],
        )
        if isinstance(floor, Run) and isinstance(cold, Run) and isinstance(warm, Run):
            peak = max(x.rss_mb for x in r.values() if isinstance(x, Run))
            print(
                f"{n:,} projects: validate cold ×{cold.wall / floor.wall:.2f} of the floor in "
                f"wall time, ×{cold.cpu / floor.cpu:.2f} in CPU time (goal ≤ 1.5); warm "
                f"{cold.wall / warm.wall:.1f}× faster than cold in wall time, "
                f"{cold.cpu / warm.cpu:.1f}× in CPU time (goal ≥ 10); peak memory {peak:.0f} MB "
                f"(goal < 2,048)"
            )
    site_max = int(os.environ.get("BENCH_SITE_MAX", "1000"))
    for n in sizes:
        if n > site_max or not has_command("site"):
            continue
        site = measure_site(n, args.repeat)
        cold, warm = site["pmo site, cold"], site["pmo site, rebuilt"]
        made = next(label for label in site if label.endswith("chart files"))
        print(
            f"{n:,} projects, pmo site ({made}): cold {cold.wall:.2f} s wall, CPU "
            f"{cold.cpu:.2f} s, {cold.rss_mb:.0f} MB; rebuilt (charts kept) {warm.wall:.2f} s "
            f"wall, CPU {warm.cpu:.2f} s, {warm.rss_mb:.0f} MB (goal < 10 s; exit "
            f"{cold.code}, {warm.code})"
        )
    history_max = int(os.environ.get("BENCH_HISTORY_MAX", "1000"))
    for n in sizes:
        if n > history_max or not commands["status"]:
            continue
        past, runs = measure_history(n, args.repeat, commands)
        now, then = runs["now"], runs["then"]
        print(
            f"{n:,} projects, a year of weekly commits: pmo status --as-of {past} (a commit) "
            f"warm {then.wall:.2f} s, CPU {then.cpu:.2f} s; pmo status (working tree) warm "
            f"{now.wall:.2f} s, CPU {now.cpu:.2f} s: ×{then.cpu / now.cpu:.2f} in CPU time "
            f"(goal ≤ 1.5), ×{then.wall / now.wall:.2f} in wall time"
        )
        said = {
            "changes": f"pmo changes --since {past} (a commit and the working tree)",
            "history": "pmo history PROJECT (52 weekly commits)",
        }
        for label, what in said.items():
            got = runs.get(label)
            if got is None:
                print(f"{n:,} projects: {label}: skipped (no such command in this pmo)")
                continue
            print(
                f"{n:,} projects: {what} warm {got.wall:.2f} s, CPU {got.cpu:.2f} s: "
                f"×{got.cpu / now.cpu:.2f} of pmo status warm in CPU time, "
                f"×{got.wall / now.wall:.2f} in wall time"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
