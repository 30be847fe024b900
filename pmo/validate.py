"""Validation of a whole repository: load every file, then run the cross-record rules.

>>> from pathlib import Path
>>> result = validate(Path("records-that-do-not-exist"))
>>> result.files, result.problems
(0, [])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmo.check import check
from pmo.load import LoadResult, load
from pmo.problems import Problem, sort_key


@dataclass(slots=True)
class Validation:
    """The outcome of validating a repository: its problems, sorted, and the files read."""

    loaded: LoadResult
    problems: list[Problem]
    files: int


def validate(
    root: Path, as_of: dt.date | None = None, *, use_cache: bool | None = None
) -> Validation:
    """Every problem in the repository at ``root``, as of ``as_of`` (default: pinned or today).

    ``use_cache``: restore unchanged files from the cache (default: unless turned off).
    """
    loaded = load(root, use_cache=use_cache, save=False)
    pf = loaded.portfolio
    problems = loaded.problems + check(pf, loaded.locator, as_of or pf.as_of())
    loaded.save_cache()  # with the marks the checks found
    problems.sort(key=sort_key)
    return Validation(loaded, problems, len(pf.files))
