"""An edit's quick check refuses exactly what validating the whole repository would refuse.

:func:`pmo.validate.check_edit` validates only the files an edit writes and runs the
per-record rules only on the records that differ; these tests compare it with validating
everything before and after (:func:`pmo.validate.validate_with`), over random repositories,
damaged or not, and random edits: files damaged, files swapped for others' contents (ids
claimed twice, claims moving between files), files emptied, files added before and after
the others, and the edits pmo's own commands make.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st

from pmo.edit.apply import (
    EditError,
    EditRefused,
    _error_key,
    add_item,
    added_errors,
    append_update,
    close_item,
    mark_done,
    new_work,
    rescore,
)
from pmo.problems import Problem
from pmo.validate import Snapshot, assembled, check_edit, snapshot, validate_with
from tests.damage import any_damage, byte_edit, invalidating
from tests.strategies import Repo, repositories


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="pmo-editcheck-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def keys(problems: list[Problem]) -> Counter[tuple[str, str, str]]:
    return Counter(_error_key(p) for p in problems)


def quick(snap: Snapshot, overrides: dict[str, bytes]) -> list[Problem]:
    checked = check_edit(snap, assembled(snap), overrides)
    return added_errors(checked.before, checked.after)


def whole(snap: Snapshot, overrides: dict[str, bytes]) -> list[Problem]:
    before = validate_with(snap, None, locate=False)
    after = validate_with(snap, overrides, locate=False)
    return added_errors(before.problems, after.problems)


@st.composite
def edits(draw: st.DrawFn, repo: Repo) -> dict[str, bytes]:
    """New bytes for one to three record files, some of them new files."""
    files = repo.files
    records = sorted(rel for rel in files if rel.startswith("records/"))
    out: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["damage", "bytes", "swap", "empty", "add", "same"]))
        rel = draw(st.sampled_from(records))
        raw = out.get(rel, files[rel])
        if how == "damage" and rel not in out and rel in repo.data:
            one = Repo({rel: raw}, repo.scale, {rel: repo.data[rel]})
            out[rel] = draw(invalidating(one)).repo.files[rel]
        elif how in ("damage", "bytes"):
            out[rel] = draw(byte_edit(raw))
        elif how == "swap":  # another file's record here: its ids claimed twice
            out[rel] = files[draw(st.sampled_from(records))]
        elif how == "empty":
            out[rel] = b""
        elif how == "add":  # a copy sorted before or after every other file
            name = draw(st.sampled_from(["records/0-first.yaml", "records/zz/last.yaml"]))
            out[name] = raw
        else:
            out[rel] = raw
        event(how)
    return out


#: More examples than the default profile's: each is quick, and the equivalence is the point.
#: (No "explain" phase: it reruns a failure hundreds of times.)
QUICK = settings(
    max_examples=max(25, settings.default.max_examples),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)


@QUICK
@given(data=st.data())
def test_the_quick_check_adds_the_errors_a_whole_validation_adds(
    scratch: Path, data: st.DataObject
) -> None:
    repo = data.draw(repositories(max_projects=3))
    if data.draw(st.booleans(), label="damaged repository"):
        repo = data.draw(any_damage(repo))
    root = repo.write(scratch / "repo")
    snap = snapshot(root)
    overrides = data.draw(edits(repo), label="edit")
    fast, full = quick(snap, overrides), whole(snap, overrides)
    event("refused" if full else "accepted")
    assert keys(fast) == keys(full), ([str(p) for p in fast], [str(p) for p in full])


#: The edits pmo's commands make, each a function of the repository (raising EditError when
#: it does not apply).
def _commands(root: Path) -> list[tuple[str, object]]:
    from pmo.load import load

    pf = load(root).portfolio
    work = list(pf.work())
    person = next(iter(pf.people), "nobody")
    out: list[tuple[str, object]] = []
    for w in work[:2]:
        out.append(("update", lambda w=w: append_update(root, w.id, {"rag": "red"}, dry_run=True)))
        for owner in (person, "no-such-person"):
            risk = {"title": "T", "owner": owner, "likelihood": 2, "impact": 3}
            out.append(
                (
                    f"add risk ({owner})",
                    lambda w=w, r=risk: add_item(root, "risk", w.id, r, dry_run=True),
                )
            )
        for m in w.milestones[:1]:
            out.append(("done", lambda m=m: mark_done(root, m.id, dry_run=True)))
        for r in w.risks[:1]:
            out.append(("rescore", lambda r=r: rescore(root, r.id, 5, 5, dry_run=True)))
            out.append(("close", lambda r=r: close_item(root, r.id, dry_run=True)))
    if work:
        new = {"name": "New", "lead": person, "programme": work[0].id}
        out.append(
            ("new", lambda: new_work(root, "project", work[0].id + "-new", new, dry_run=True))
        )
    return out


@settings(QUICK, max_examples=max(8, settings.default.max_examples))
@given(data=st.data())
def test_each_command_refuses_as_a_whole_validation_would(
    scratch: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every edit command, on repositories damaged or not: refused (and with the same
    problems) exactly when validating everything before and after finds an added error."""
    import pmo.validate

    repo = data.draw(repositories(max_projects=3))
    if data.draw(st.booleans(), label="damaged repository"):
        repo = data.draw(any_damage(repo))
    root = repo.write(scratch / "repo")
    for name, edit in _commands(root):
        outcomes = []
        for checker in ("quick", "whole"):
            if checker == "whole":  # every edit refused by the quick check goes to the whole one
                monkeypatch.setattr(pmo.validate, "check_edit", _always_added)
            try:
                changes = edit()  # type: ignore[operator]
                outcomes.append(("written", [c.after for c in changes]))
            except EditRefused as exc:
                outcomes.append(("refused", [str(p) for p in exc.problems]))
            except EditError as exc:
                outcomes.append(("misuse", [str(exc)]))
            monkeypatch.undo()
        event(f"{name}: {outcomes[0][0]}")
        assert outcomes[0] == outcomes[1], name


def _always_added(
    snap: Snapshot, before: object, overrides: dict[str, bytes], as_of: object = None
) -> object:
    """A check that always finds an added error: the edit is then decided by the whole
    validation alone."""
    from pmo.validate import EditCheck

    error = Problem("x", 1, 1, "error", "x", "x")
    return EditCheck([], [error], {})


def test_only_narrows_the_per_record_rules_and_no_other(bundled: Path) -> None:
    """``check(..., only=...)``: the rules of PER_RECORD look at those records alone; every
    other rule (a new one too) still looks at the whole portfolio."""
    from pmo import check as rules
    from pmo.load import load

    (bundled / "records" / "zz-broken.yaml").write_text(
        "kind: project\nid: zz-broken\nname: Broken\nprogramme: nowhere\nlead: nobody\n"
        "start: 2010-06-01\nend: 2010-01-01\n",
        encoding="utf-8",
    )
    loaded = load(bundled)
    pf, day = loaded.portfolio, loaded.portfolio.as_of()
    each = {
        rule: [str(p) for p in rule(rules.Context(pf, day, loaded.locator))] for rule in rules.RULES
    }
    across = sorted(p for rule in rules.RULES if rule not in rules.PER_RECORD for p in each[rule])
    alone = sorted(p for rule in rules.PER_RECORD for p in each[rule])
    assert any("unknown-reference" in p for p in across)  # the test can fail
    assert any("date-order" in p for p in alone)
    narrowed = sorted(str(p) for p in rules.check(pf, loaded.locator, day, only=frozenset()))
    assert narrowed == across
    mine = rules.check(pf, loaded.locator, day, only=frozenset({"zz-broken"}))
    assert sorted(str(p) for p in mine) == sorted(
        across + [p for p in alone if "zz-broken.yaml" in p]
    )
