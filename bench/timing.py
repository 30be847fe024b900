"""Timing whole processes for ``make bench``: wall time, CPU time and peak memory, in rounds.

Every figure is a separate process (so start-up counts, as it does for a user); CPU time is
the process's own plus its children's (git, forked workers); memory is the peak resident
set. Jobs are run in rounds (a, b, c, a, b, c, ...) so each meets the same machine load,
and each keeps its fastest run: on a shared machine ratios taken this way hold even when
the absolute figures move.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
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
    """Each job's fastest of ``repeat`` runs, taken in rounds (a, b, c, a, b, c, ...):
    the fastest wall time, the least CPU time, the largest peak memory."""
    runs: dict[str, list[Run]] = {label: [] for label in jobs}
    for _ in range(repeat):
        for label, job in jobs.items():
            if job.before is not None:
                job.before()
            runs[label].append(timed(job.argv, job.env))
    out = {}
    for label, taken in runs.items():
        fastest = min(taken, key=lambda r: r.wall)
        worst = max(r.code for r in taken)
        out[label] = Run(
            fastest.wall, min(r.cpu for r in taken), max(r.rss_mb for r in taken), worst
        )
    return out


def has_command(*words: str) -> bool:
    """Whether this pmo has the command ``pmo WORDS...``."""
    result = subprocess.run([*PMO, *words, "--help"], capture_output=True, cwd=REPO)
    return result.returncode == 0


def has_module(name: str) -> bool:
    result = subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True)
    return result.returncode == 0


def private_cache() -> tuple[Path, dict[str, str]]:
    folder = Path(tempfile.mkdtemp(prefix="pmo-bench-cache-"))
    env = {**ENV, "PMO_CACHE_DIR": str(folder)}
    env.pop("PMO_NO_CACHE", None)
    return folder, env


#: A result: a timed run, or why there is none.
Results = dict[str, Run | str]


def load_average() -> float:
    return os.getloadavg()[0]
