"""Coverage-guided fuzz target (atheris) for the cache reader: any bytes as a cache file.

Run it with ``make fuzz`` (``make fuzz-cache``: FUZZ_SECONDS, default 300). Each input is
used one of two ways: as the whole cache file of a small repository, which is then
validated and must give exactly the answer of a cold run (a damaged cache is re-read, never
trusted, never a traceback); or, when it starts with ``E:``, as one entry's bytes stored
with a correct digest (so the typed decoder behind the digest is reached), which must
restore a record or be refused, never raise. A finding is saved under
``build/fuzz/findings/``.

(Digests are compared with ``hmac.compare_digest``, which the fuzzer's comparison tracing
does not see: with a plain ``==`` it learns each computed digest and writes it into its
next input, forging entries as only someone who can write the private cache folder could.)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris
from findings import record

with atheris.instrument_imports():
    import pmo.cache
    import pmo.load
    import pmo.validate

BASE = {
    "pmo.yaml": b"name: Fuzz\nas_of: 2010-10-20\n",
    "records/people.yaml": b"kind: people\npeople:\n  - {id: ann, name: Ann}\n",
    "records/prog.yaml": b"kind: programme\nid: prog\nname: P\nlead: ann\n",
    "records/proj.yaml": b"kind: project\nid: pj\nname: J\nprogramme: prog\nlead: ann\n"
    b"budget: {approved: 1.5m}\nmilestones:\n  - {id: pj-m1, title: M, baseline: 2010-01-01}\n"
    b"colour: red\n",
}
_root = Path(tempfile.mkdtemp(prefix="pmo-fuzz-cache-"))
_cache = Path(tempfile.mkdtemp(prefix="pmo-fuzz-cache-dir-"))
os.environ["PMO_CACHE_DIR"] = str(_cache)
os.environ.pop("PMO_NO_CACHE", None)
for _rel, _text in BASE.items():
    (_root / _rel).parent.mkdir(parents=True, exist_ok=True)
    (_root / _rel).write_bytes(_text)
_PATH = pmo.cache.cache_path(_root)


def _answer() -> tuple[object, ...]:
    checked = pmo.validate.validate(_root)
    pf = checked.loaded.portfolio
    return pf.settings, pf.programmes, pf.projects, pf.people, pf.origins, checked.problems


_COLD = _answer()
_SEED = _PATH.read_bytes()


def _exercise(data: bytes) -> None:
    if data.startswith(b"E:"):
        store = pmo.cache.Store(_root)
        store.put("r:fuzz", data[2:])  # stored with a correct digest
        outcome = store.get("r:fuzz")
        assert outcome is None or isinstance(outcome.problems, list)
        return
    _PATH.write_bytes(data)
    got = _answer()
    if got != _COLD:
        diff = [f"{a!r}\n  cold: {b!r}" for a, b in zip(got, _COLD, strict=True) if a != b]
        raise AssertionError("a damaged cache changed the answer:\n" + "\n".join(diff))


def test_one_input(data: bytes) -> None:
    try:
        _exercise(data)
    except Exception:
        record("cache", "bin", data)


def main() -> None:
    corpus = next((Path(a) for a in sys.argv[1:] if not a.startswith("-")), None)
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        (corpus / "valid-cache").write_bytes(_SEED)
        store = pmo.cache.Store(_root)
        for i, key in enumerate(store.stored()):
            (corpus / f"valid-entry-{i}").write_bytes(b"E:" + store.payload(key))
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(_root, ignore_errors=True)
        shutil.rmtree(_cache, ignore_errors=True)


if __name__ == "__main__":
    main()
