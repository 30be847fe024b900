"""A fuzz target's findings: each distinct crash (by exception and frames) kept once."""

from __future__ import annotations

import hashlib
import os
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Where findings go (``FUZZ_FINDINGS``, else build/fuzz/findings).
FINDINGS = Path(os.environ.get("FUZZ_FINDINGS", HERE.parent / "build" / "fuzz" / "findings"))

_seen: set[str] = set()


def record(prefix: str, suffix: str, data: bytes) -> None:
    """Call in an ``except`` block: the input as ``PREFIX-KEY.SUFFIX`` and its traceback
    beside it, the first time this crash is seen; re-raised with ``FUZZ_STOP_ON_CRASH``."""
    kind, _, tb = sys.exc_info()
    where = [f"{Path(f.filename).name}:{f.lineno}" for f in traceback.extract_tb(tb)]
    signature = f"{kind.__name__ if kind else '?'} " + " ".join(where)
    key = hashlib.sha1(signature.encode()).hexdigest()[:12]
    if key not in _seen:
        _seen.add(key)
        FINDINGS.mkdir(parents=True, exist_ok=True)
        (FINDINGS / f"{prefix}-{key}.{suffix}").write_bytes(data)
        (FINDINGS / f"{prefix}-{key}.txt").write_text(traceback.format_exc())
        print(f"\nFINDING {key}: {signature}", file=sys.stderr)
    if os.environ.get("FUZZ_STOP_ON_CRASH"):
        raise
