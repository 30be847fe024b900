"""Coverage-guided fuzz target (atheris) for the markdown sanitiser: any text as a paper body.

Run it with ``make fuzz`` (``make fuzz-markdown``: FUZZ_SECONDS, default 300). Each input,
decoded as UTF-8, is sanitised (:func:`pmo.sanitise.sanitise`, with and without paragraph
numbers) and must come out inert: read again by a parser with raw HTML on, it holds no raw
HTML, no link but http(s), mailto and the paper's charts, no image but the paper's charts,
no hidden character and no workflow command; sanitising it again keeps it so; and the HTML
document made from it links nowhere else. A finding is saved under ``build/fuzz/findings/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import atheris
from findings import record

with atheris.instrument_imports():
    import pmo.documents.blocks
    import pmo.documents.html
    import pmo.sanitise
    from pmo.documents import Meta

SEEDS = [
    "[a](java&#115;cript:alert(1)) [b](&#x6A;avascript:x) [c](javascript&colon;x)",
    "[x][r]\n\n> [r]: data&colon;text/html,x\n\n- [y][r]\n\n| a | b |\n|---|--:|\n| `c|d` | 1 |",
    "**Bold** *it* ~~s~~ <script>x</script> ![c](chart:budget) ![t](http://t/p.png)\n```\nx",
    "::error::x\n##[warning]y \x1b[2J \u202e \u200b\n\n1) one\n2) two\n\n> quote\n> > deeper",
]
_URL = re.compile(r'(?:href|src)="([^"]*)"')


def _exercise(text: str) -> None:
    for number in (None, "4"):
        out = pmo.sanitise.sanitise(text, number=number)
        found = pmo.sanitise.leaks(out)
        if found:
            raise AssertionError(f"not inert: {found} in {out!r}")
        again = pmo.sanitise.sanitise(out)
        if pmo.sanitise.leaks(again):
            raise AssertionError(f"not inert when sanitised again: {again!r}")
    page = pmo.documents.html.write(pmo.documents.blocks.parse(out), Meta("Fuzz"), {})
    for url in _URL.findall(page.decode("utf-8")):
        if not url.startswith(("http://", "https://", "mailto:")):
            raise AssertionError(f"the HTML links to {url!r}")


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        _exercise(text)
    except Exception:
        record("markdown", "md", data)


def main() -> None:
    corpus = next((Path(a) for a in sys.argv[1:] if not a.startswith("-")), None)
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(SEEDS):
            (corpus / f"seed-{i}.md").write_text(seed, encoding="utf-8")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
