"""pmo.inert's quick checks agree with the slow ones they stand in for."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from pmo import inert


def test_every_cyrillic_and_greek_letter_is_seen_by_the_quick_check() -> None:
    """suspicious() looks for mixed scripts only in text the quick pattern matches: it
    must match every letter whose name says Cyrillic or Greek, or a look-alike slips by."""
    missed = [
        f"U+{i:04X}"
        for i in range(sys.maxunicode + 1)
        if chr(i).isalpha()
        and unicodedata.name(chr(i), "").split(" ", 1)[0] in ("CYRILLIC", "GREEK")
        and not inert._CYRILLIC_GREEK.search(chr(i))
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Payroll", None),
        ("Waste £120k – café", None),
        ("Αθήνα office", None),
        ("P\u0430yroll", "'P\u0430yroll' mixes Latin and Cyrillic letters (\\u0430)"),
        ("\u1d66eta", "'\u1d66eta' mixes Latin and Greek letters (\\u1d66)"),
        ("x\u3164y", "it holds a hidden character (\\u3164)"),
        ("Pay\u200broll £", "it holds a hidden character (\\u200b)"),
        ("tab\there", "it holds a hidden character (\\t)"),
    ],
)
def test_suspicious(text: str, said: str | None) -> None:
    assert inert.suspicious(text) == said
