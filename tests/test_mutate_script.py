"""scripts/mutate.py's own arithmetic: the sample it takes and the score it gives."""

from __future__ import annotations

import fnmatch
import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


@functools.cache
def mutate() -> ModuleType:
    """The script as a module (its dataclasses need it in sys.modules while it loads)."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "mutate.py"
    spec = importlib.util.spec_from_file_location("mutate_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("k", "taken"), [(2, [2, 4, 6, 8, 10]), (5, [5, 10]), (10, [10])])
def test_a_sample_takes_every_kth_mutant_of_a_function(k: int, taken: list[int]) -> None:
    pattern = mutate().sample_pattern(k)
    names = [f"pmo.rag.x_rate__mutmut_{i}" for i in range(1, 11)]
    assert [i for i, n in enumerate(names, 1) if fnmatch.fnmatch(n, pattern)] == taken


def test_the_interval_of_a_sampled_score() -> None:
    m = mutate()
    low, high = m.interval(85, 100)
    assert (round(low), round(high)) == (77, 91)
    assert m.shown(85, 100, True, True) == "85.0% (sample: 77–91%)"
    assert m.shown(85, 100, True, False) == "85.0%"
    assert m.shown(3, 4, False, False) == "75.0% (partial)"


def test_mutants_outside_the_sample_are_left_out_of_the_score() -> None:
    m = mutate()
    mutants = [
        m.Mutant("pmo.x.x_f__mutmut_5", "pmo/x.py", "killed"),
        m.Mutant("pmo.x.x_f__mutmut_10", "pmo/x.py", "killed"),
        m.Mutant("pmo.x.x_f__mutmut_1", "pmo/x.py", m.NOT_SAMPLED),
    ]
    table, met = m.score_table(mutants)
    assert "| pmo/x.py | 2 | 2 | 2 | 0 | 0 | 0 | 100.0% (sample: 34–100%) | 80% |" in table
    assert met


def test_a_row_that_explains_no_survivor_now_is_stale() -> None:
    """Of the modules run only: a row of another module's function is not judged."""
    m = mutate()
    survivor = m.Mutant("pmo.formats.x_f__mutmut_1", "pmo/formats.py", "survived", "pmo.formats.f")
    killed = m.Mutant("pmo.formats.x_g__mutmut_1", "pmo/formats.py", "killed", "pmo.formats.g")
    known = {
        ("pmo.formats.f", "", ""): "why",  # explains the survivor
        ("pmo.formats.g", "a", "b"): "why",  # its mutant is killed now
        ("pmo.rag.h", "a", "b"): "why",  # pmo/rag.py was not run
    }
    assert m.stale(known, [survivor, killed]) == [("pmo.formats.g", "a", "b")]
    unsampled = m.Mutant("pmo.formats.x_g__mutmut_2", "pmo/formats.py", m.NOT_SAMPLED)
    assert m.stale(known, [survivor, killed, unsampled]) == []  # formats.py is not whole
