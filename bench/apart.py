"""The figures of ``make bench`` taken apart from the portfolio sizes.

Start-up (``pmo status`` on the bundled records against a one-command Typer app), the
bundled board paper as docx, pdf and html, ``pmo import`` of a council RAID log, and history
(``pmo status --as-of`` a past date, ``pmo changes`` and ``pmo history`` on a year of
weekly commits, against ``pmo status``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import (
    ENV,
    HERE,
    PMO,
    PYTHON,
    REPO,
    Job,
    Results,
    has_command,
    interleaved,
    private_cache,
    timed,
)

BUILD = REPO / "build" / "bench"


def startup(repeat: int) -> Results:
    """A bare Typer app against ``pmo --version``, and warm commands on the bundled records."""
    cache, env = private_cache()
    jobs = {
        "python -c pass": Job([PYTHON, "-c", "pass"]),
        "floor: one-command Typer app": Job([PYTHON, str(HERE / "floor_app.py")]),
        "pmo --version": Job([*PMO, "--version"], env),
    }
    for name in ("status", "validate"):
        timed([*PMO, name, "--root", str(REPO)], env)  # fill the cache
        jobs[f"pmo {name}, bundled records (warm)"] = Job([*PMO, name, "--root", str(REPO)], env)
    out: Results = dict(interleaved(jobs, repeat))
    shutil.rmtree(cache, ignore_errors=True)
    return out


#: The paper ``documents`` times: the bundled one with all five charts.
DOCUMENT_PAPER = "cyp-oss-2010-10"


def documents(repeat: int) -> Results:
    """The bundled paper with its charts as docx, pdf and html, beside its markdown (warm)."""
    cache, env = private_cache()
    out_dir = Path(tempfile.mkdtemp(prefix="pmo-bench-papers-"))
    base = [*PMO, "paper", DOCUMENT_PAPER, "--root", str(REPO)]
    timed(base, env)
    jobs = {"pmo paper (markdown, to stdout)": Job(base, env)}
    for target in ("docx", "pdf", "html"):
        argv = [*base, "--to", target, "-o", str(out_dir / f"paper.{target}")]
        timed(argv, env)
        jobs[f"pmo paper --to {target}"] = Job(argv, env)
    out: Results = dict(interleaved(jobs, repeat))
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    return out


def importing(rows: int, repeat: int) -> Results:
    """``pmo import`` of a council RAID log of ``rows`` risks into the bundled records,
    beside reading the workbook and validating the records it makes."""
    out = BUILD / "import"
    out.mkdir(parents=True, exist_ok=True)
    repo, book, after = out / "repo", out / f"raid-{rows}.xlsx", out / "after"

    def fresh() -> None:
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir()
        shutil.copy(REPO / "pmo.yaml", repo / "pmo.yaml")
        shutil.copytree(REPO / "records", repo / "records")

    fresh()
    if not book.exists():
        script = [PYTHON, str(HERE / "import_sheet.py"), str(book), "--rows", str(rows)]
        subprocess.run([*script, "--root", str(repo)], check=True, cwd=REPO)
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
    jobs = {
        "floor: read the workbook (python-calamine)": Job([PYTHON, "-c", read]),
        "floor: pmo validate of the records imported": Job(
            [*PMO, "validate", "--root", str(after)], env
        ),
        f"pmo import, {rows:,} rows": Job(
            [*PMO, "import", str(book), "--root", str(repo)], env, fresh
        ),
    }
    return dict(interleaved(jobs, repeat))


#: Every command timed on a repository with a year of weekly commits (history.py), warm,
#: against ``pmo status`` there; ``{past}`` is 26 weeks ago, ``{project}`` a project's id.
#: Adding one is one line; a command this pmo does not have yet is shown as such.
HISTORY_COMMANDS = [
    ("pmo status --as-of PAST (a commit)", "status --root {root} --as-of {past}"),
    ("pmo changes --since PAST", "changes --root {root} --since {past}"),
    ("pmo history PROJECT (52 commits)", "history {project} --root {root}"),
]


def history(size: int, repeat: int) -> Results:
    """Each of :data:`HISTORY_COMMANDS` and ``pmo status`` (the working tree), warm, on
    ``size`` projects with a year of weekly commits."""
    out = BUILD / f"history-{size}"
    stamp = out / ".pmo-bench-day"
    today = time.strftime("%Y-%m-%d")
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != today:
        print(f"generating {size:,} projects with a year of weekly commits ...", file=sys.stderr)
        script = [PYTHON, str(HERE / "history.py"), str(out), "--projects", str(size)]
        subprocess.run(script, check=True)
        stamp.write_text(today, encoding="utf-8")
    cache, env = private_cache()
    fill = {
        "root": str(out),
        "past": (dt.date.today() - dt.timedelta(weeks=26)).isoformat(),
        "project": next(p.stem for p in sorted((out / "records").rglob("prj-*.yaml"))),
    }
    now = [*PMO, "status", "--root", str(out)]
    jobs = {"pmo status (working tree)": Job(now, env)}
    missing: Results = {}
    for label, args in HISTORY_COMMANDS:
        words = args.split()
        if not has_command(words[0]):
            missing[label] = "not in this pmo"
            continue
        jobs[label] = Job([*PMO, *(w.format(**fill) for w in words)], env)
    for job in jobs.values():  # warm each
        timed(job.argv, env)
    runs: Results = {**interleaved(jobs, max(repeat, 5)), **missing}
    shutil.rmtree(cache, ignore_errors=True)
    return {label: runs[label] for label in ["pmo status (working tree)", *dict(HISTORY_COMMANDS)]}
