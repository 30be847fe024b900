"""Coverage-guided fuzz target (atheris) for the loader: bytes → YAML → record → validate.

Run it with ``make fuzz`` (a fixed budget, FUZZ_SECONDS, default 300). Every input that
makes pmo raise is saved once per distinct traceback under ``build/fuzz/findings/`` and the
fuzzer carries on; copy a finding into ``tests/fuzz-regressions/`` once the bug is fixed
(``tests/test_fuzz_regressions.py`` replays every file there).

Each input is used three ways: read as YAML and validated as a record on its own; read
again with locations; and written into a small valid repository (as one record file, or
as ``pmo.yaml`` when its first byte is odd) that is then validated whole, rated, and
reported on (status, milestones, risk register, and every board paper it holds).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris
from findings import record

with atheris.instrument_imports():
    import pmo.asof
    import pmo.check
    import pmo.load
    import pmo.schema
    import pmo.types
    import pmo.validate
    import pmo.yamlread
    from pmo.yamlread import read_bytes

BASE = {
    "pmo.yaml": b"name: Fuzz\nas_of: 2010-10-20\n",
    "records/people.yaml": b"kind: people\npeople:\n  - {id: ann, name: Ann}\n",
    "records/board.yaml": b"kind: board\nid: brd\nname: B\nmeets: monthly\n",
    "records/prog.yaml": b"kind: programme\nid: prog\nname: P\nlead: ann\n",
}
_root = Path(tempfile.mkdtemp(prefix="pmo-fuzz-"))
for _rel, _text in BASE.items():
    (_root / _rel).parent.mkdir(parents=True, exist_ok=True)
    (_root / _rel).write_bytes(_text)

with atheris.instrument_imports():
    import pmo.rag as _rag
    import pmo.reports.milestones as _milestones
    import pmo.reports.paper as _paper
    import pmo.reports.risks as _risks
    import pmo.reports.status as _status


def _exercise(data: bytes) -> None:
    result = read_bytes(data)
    if result.data is not None:
        pmo.schema.validate_record(result.data)
    located = read_bytes(data, locate=True)
    assert [p.code for p in located.problems] == [p.code for p in result.problems]
    settings = bool(data) and data[0] & 1
    target = _root / ("pmo.yaml" if settings else "records/fuzz.yaml")
    target.write_bytes(data)
    try:
        checked = pmo.validate.validate(_root)
        for p in checked.problems:
            assert p.line >= 1 and p.column >= 1, p
            assert p.severity in ("error", "warning"), p
        pf = checked.loaded.portfolio
        on = pf.as_of()
        _rag.rate_all(pf, on)
        _status.build(pf, on).data()
        _milestones.build(pf, on, include_done=True, within=400).data()
        _risks.build(pf, on, include_closed=True).data()
        for paper_id in pf.papers:
            _paper.build_paper(pf, paper_id)
    finally:
        if settings:
            target.write_bytes(BASE["pmo.yaml"])
        else:
            target.unlink()


def test_one_input(data: bytes) -> None:
    try:
        _exercise(data)
    except Exception:
        record("crash", "yaml", data)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(_root, ignore_errors=True)


if __name__ == "__main__":
    main()
