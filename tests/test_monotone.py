"""Derived ratings are monotone: making the evidence worse never makes a rating better.

Worse evidence: a milestone un-achieved or its baseline earlier; a risk likelier, graver,
reopened or new; more forecast or spend, a smaller budget; less of a benefit realised or
more of it planned (more of a disbenefit realised, less of it allowed), a benefit due earlier.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pmo.load import load
from pmo.portfolio import Portfolio
from pmo.records import Risk, Work
from tests.strategies import AS_OF, repositories

rag = pytest.importorskip("pmo.rag")

Worsening = Callable[[Portfolio], None]


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="pmo-mono-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def worsenings(pf: Portfolio, draw: st.DrawFn) -> list[tuple[str, Worsening]]:
    """Every way to make one piece of evidence worse (each a function that does it)."""
    out: list[tuple[str, Worsening]] = []

    def on(work_id: str, change: Callable[[Work], None]) -> Worsening:
        return lambda p: change(p.work_by_id(work_id))  # type: ignore[attr-defined]

    for work in pf.work():
        wid = work.id
        for i, m in enumerate(work.milestones):
            if m.actual is not None:
                out.append(
                    ("un-achieve a milestone", on(wid, _item(("milestones", i), actual=_none)))
                )
            days = dt.timedelta(days=draw(st.integers(1, 400)))
            if m.forecast is not None and m.baseline - days < m.forecast:
                earlier = _item(("milestones", i), baseline=lambda old, d=days: old - d)
                out.append(("earlier baseline", on(wid, earlier)))
        for i, r in enumerate(work.risks):
            if r.likelihood < 5:
                up = draw(st.integers(r.likelihood + 1, 5))
                raise_ = _item(("risks", i), likelihood=lambda old, up=up: max(old, up))
                out.append(("likelier risk", on(wid, raise_)))
            if r.impact < 5:
                up = draw(st.integers(r.impact + 1, 5))
                raise_ = _item(("risks", i), impact=lambda old, up=up: max(old, up))
                out.append(("graver risk", on(wid, raise_)))
            if r.status == "closed":
                reopen = _item(("risks", i), status=lambda old: "open", closed=_none)
                out.append(("reopened risk", on(wid, reopen)))
        budget = work.budget
        if budget is not None:
            more = Decimal(draw(st.integers(1, 10**9)))
            if budget.forecast is not None:
                out.append(("higher forecast", on(wid, _budget(forecast=_plus(more)))))
            if budget.actual is not None:
                out.append(("higher spend", on(wid, _budget(actual=_plus(more)))))
            if budget.approved is not None and budget.approved > 0:
                pct = Decimal(draw(st.sampled_from([0, 4, 6, 9, 12, 20, 35, 60])))
                target = (budget.approved * (100 + pct) / 100).quantize(Decimal("0.01"))
                if budget.forecast is None or target > budget.forecast:
                    over = _budget(forecast=lambda old, t=target: t if old is None else max(old, t))
                    out.append((f"forecast {pct}% over", on(wid, over)))
            if budget.approved is not None and budget.approved >= 2:
                less = Decimal(draw(st.integers(1, int(budget.approved) - 1)))
                smaller = _budget(approved=lambda old, less=less: min(old, less))
                out.append(("smaller budget", on(wid, smaller)))
        for i, b in enumerate(work.benefits):
            more = Decimal(draw(st.integers(1, 10**7)))
            harm = b.type == "disbenefit"
            for j, _ in enumerate(b.realised):
                # Less realised of a benefit, more of a disbenefit.
                change = _plus(more) if harm else _plus(-more)
                out.append(("realised worse", on(wid, _nested(i, "realised", j, change))))
            for j, _ in enumerate(b.profile):
                # More planned of a benefit, less of a disbenefit.
                change = _plus(-more) if harm else _plus(more)
                out.append(("planned worse", on(wid, _nested(i, "profile", j, change))))
            if not b.profile and b.target is not None and b.target >= 0:
                change = _plus(-more) if harm else _plus(more)
                out.append(("target worse", on(wid, _item(("benefits", i), target=change))))
                if b.due is not None and not harm:
                    days = dt.timedelta(days=draw(st.integers(1, 400)))
                    earlier = _item(("benefits", i), due=lambda old, d=days: old - d)
                    out.append(("benefit due earlier", on(wid, earlier)))
        # One more open risk (a first one gives evidence where there was none).
        new = Risk(
            id="zz-new-risk",
            title="New",
            owner=work.lead,
            likelihood=draw(st.integers(1, 5)),
            impact=draw(st.integers(1, 5)),
        )
        out.append(("new open risk", on(wid, lambda w, new=new: w.risks.append(new))))
    return out


# Each change is a function of the current value, so a step applied after other steps
# still only makes things worse (a value captured when the steps were drawn might not).
Change = Callable[[Any], Any]


def _none(old: object) -> None:
    return None


def _plus(more: Decimal) -> Change:
    return lambda old: old + more


def _item(where: tuple[str, int], **changes: Change) -> Callable[[Work], None]:
    attr, index = where

    def change(work: Work) -> None:
        items = getattr(work, attr)
        item = items[index]
        new = {name: f(getattr(item, name)) for name, f in changes.items()}
        items[index] = dataclasses.replace(item, **new)

    return change


def _nested(index: int, key: str, entry: int, change: Change) -> Callable[[Work], None]:
    """Change the ``value`` of entry ``entry`` of a benefit's ``key`` list (profile, realised)."""

    def apply(work: Work) -> None:
        b = work.benefits[index]
        items = list(getattr(b, key))
        items[entry] = dataclasses.replace(items[entry], value=change(items[entry].value))
        work.benefits[index] = dataclasses.replace(b, **{key: items})

    return apply


def _budget(**changes: Change) -> Callable[[Work], None]:
    def change(work: Work) -> None:
        assert work.budget is not None
        new = {name: f(getattr(work.budget, name)) for name, f in changes.items()}
        work.budget = dataclasses.replace(work.budget, **new)

    return change


def _work_by_id(self: Portfolio, work_id: str) -> Work:
    return self.programmes.get(work_id) or self.projects[work_id]


Portfolio.work_by_id = _work_by_id  # type: ignore[attr-defined]


def not_better(after: str | None, before: str | None) -> bool:
    """``after`` is the same as or worse than ``before`` (no rating before: anything goes)."""
    if before is None:
        return True
    return after is not None and rag.RANK[after] >= rag.RANK[before]


@settings(max_examples=settings.default.max_examples * 2)  # no commands: cheap
@given(data=st.data())
def test_worse_evidence_never_gives_a_better_derived_rating(
    scratch: Path, data: st.DataObject
) -> None:
    repo = data.draw(repositories())
    root = repo.write(scratch / "repo") if not (scratch / "repo").exists() else None
    if root is None:
        shutil.rmtree(scratch / "repo")
        root = repo.write(scratch / "repo")
    pf = load(root).portfolio
    choices = worsenings(pf, data.draw)
    assume(choices)
    steps = data.draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3), label="worse")
    days = [AS_OF, data.draw(st.dates(dt.date(2005, 1, 1), dt.date(2016, 12, 31)))]
    current = pf
    for name, step in steps:  # each step on its own must not make anything better
        worse = copy.deepcopy(current)
        step(worse)
        for on in days:
            before, after = rag.rate_all(current, on), rag.rate_all(worse, on)
            for wid, was in before.items():
                now = after[wid]
                for dim in ("derived", "schedule", "cost", "risk", "benefits"):
                    old = was.derived if dim == "derived" else getattr(was, dim).rating
                    new = now.derived if dim == "derived" else getattr(now, dim).rating
                    assert not_better(new, old), (wid, dim, old, new, name, on)
        current = worse
