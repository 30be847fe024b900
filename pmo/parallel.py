"""Map a function over many jobs, across the machine's cores when there are enough jobs.

Worker processes are forked (Linux only), so they share the parent's imported modules and
built validators; elsewhere, or for few jobs, the map runs in this process. ``PMO_JOBS``
sets the number of processes (1: never fork).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")

#: Fewer jobs than this run in this process: forking costs more than it saves.
MIN_JOBS = 400


def workers(jobs: int, min_jobs: int = MIN_JOBS) -> int:
    """How many processes to use for ``jobs`` jobs (one when fewer than ``min_jobs``)."""
    wanted = os.environ.get("PMO_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        count = int(wanted)
    else:
        if jobs < min_jobs:
            return 1
        count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if sys.platform != "linux":
        return 1
    return max(1, min(count, jobs))


def pmap(
    fn: Callable[[J], R], jobs: Sequence[J], label: str = "", *, min_jobs: int = MIN_JOBS
) -> list[R]:
    """``[fn(job) for job in jobs]``, in order, in several processes when it pays: from
    ``min_jobs`` jobs (fewer for heavy jobs, such as drawing charts).

    With a ``label``, a progress bar shows on an interactive stderr once it takes 1 s.
    """
    from pmo.progress import Progress

    count = workers(len(jobs), min_jobs)
    with Progress(len(jobs) if label else 0, label) as progress:
        if count > 1:
            import multiprocessing

            chunk = max(1, min(64, len(jobs) // (count * 8)))
            try:
                with multiprocessing.get_context("fork").Pool(count) as pool:
                    results = []
                    for result in pool.imap(fn, jobs, chunksize=chunk):
                        results.append(result)
                        progress.advance()
                    return results
            except OSError:  # cannot fork (limits, sandbox): do it here
                pass
        results = []
        for job in jobs:
            results.append(fn(job))
            progress.advance()
        return results
