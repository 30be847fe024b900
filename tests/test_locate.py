"""Locating only the asked-for nodes gives exactly the marks of a full located read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmo.load import _find_mark
from pmo.yamlread import locate_bytes, read_bytes

HERE = Path(__file__).resolve().parent
FILES = sorted(
    [
        *HERE.glob("examples/*/*/records/*.yaml"),
        *HERE.glob("examples/*/*/pmo.yaml"),
        *(HERE.parent / "records").rglob("*.yaml"),
    ]
)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE.parent)) for p in FILES])
def test_locate_bytes_agrees_with_a_full_located_read(path: Path) -> None:
    raw = path.read_bytes()
    full = read_bytes(raw, locate=True)
    wanted = [*(full.locations or {}), *(full.key_locations or {}), ()]
    # Paths that do not exist fall back to their deepest existing ancestor.
    wanted += [(*p, "no-such-key") for p in list(full.locations or {})[:50]]
    wanted += [(*p, 999) for p in list(full.locations or {})[:50]]
    for keys in wanted:
        light = locate_bytes(raw, [keys])
        for at_key in (False, True):
            assert _find_mark(light, keys, at_key) == _find_mark(full, keys, at_key), (keys, at_key)


def test_many_paths_at_once() -> None:
    raw = (HERE.parent / "records").rglob("*.yaml").__next__().read_bytes()
    full = read_bytes(raw, locate=True)
    assert full.locations
    light = locate_bytes(raw, list(full.locations))
    assert light.locations == full.locations
