""" "Did you mean ...?": the option a mistyped word was most likely meant to be.

>>> did_you_mean("csw-adult", ["csw-adults", "csw-waste"])
"; did you mean 'csw-adults'?"
>>> did_you_mean("CSW-Waste", ["csw-adults", "csw-waste"])
"; did you mean 'csw-waste'?"
>>> did_you_mean("zzz", ["csw-adults"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike a word and an option must be (difflib's ratio) to be suggested.
CUTOFF = 0.6


def closest(word: str, options: Iterable[object]) -> str | None:
    """The option ``word`` was most likely meant to be (the same letters in another case,
    else a close spelling), or None."""
    choices = [str(o) for o in options]
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=CUTOFF)
    return matches[0] if matches else None


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """``"; did you mean 'x'?"`` when one of ``options`` is close to ``word``, else ``""``."""
    meant = closest(word, options)
    return f"; did you mean '{meant}'?" if meant else ""
