r"""Record text made harmless wherever pmo shows it: terminals, text, JSON and CSV.

Record text and file names are written by people pmo does not trust. On a terminal an
escape sequence can clear the screen or write the clipboard, a bidi override can reverse
what a line seems to say, a zero-width character can make two names look the same, and a
newline can start a line pmo never wrote (a fake ``PATH:LINE:COL: error``, or a GitHub
Actions workflow command such as ``::add-mask::``). So every character Python does not
call printable (controls, format characters such as bidi overrides and zero-width spaces,
line and paragraph separators, spaces other than the plain one) and the invisible Hangul
fillers is shown as an escape (``\x1b``, ``\u202e``), and the two starts of a workflow
command are broken: ``::`` at the start of a line and ``##[`` anywhere.

>>> print(line("Waste\x1b[2J\u202e\nrecords/x.yaml:1:1: error: forged"))
Waste\x1b[2J\u202e\nrecords/x.yaml:1:1: error: forged
>>> print(line("::add-mask::secret ##[error]x"))
\x3a:add-mask::secret ##\x5berror]x
>>> print(lines("first\n  ::error::second"))
first
  \x3a:error::second
>>> csv_cell("=HYPERLINK(1)"), csv_cell("\t=1+1"), csv_cell("-12.5"), csv_cell("-1+2")
("'=HYPERLINK(1)", "'\\t=1+1", '-12.5', "'-1+2")
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

#: Letters that show as nothing (Hangul fillers) though Python calls them printable.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_FILLER = re.compile("[\u115f\u1160\u3164\uffa0]")
#: The Greek and Cyrillic blocks (with their extensions): only text holding one of their
#: letters can mix them with Latin look-alikes.
_CYRILLIC_GREEK = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1d26-\u1d2b\u1d66-\u1d6a\u1f00-\u1fff"
    "\u2de0-\u2dff\ua640-\ua69f\uab65]"
)
_COMMAND = re.compile(r"^(\s*):(?=:)|##\[", re.MULTILINE)


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    o = ord(c)
    if o < 0x100:
        return f"\\x{o:02x}"
    if o < 0x10000:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


def hidden(c: str) -> bool:
    """Is ``c`` a character pmo shows as an escape (not printable, or an invisible letter)?"""
    return not c.isprintable() or c in _FILLERS


def _escaped(text: str, keep: str) -> str:
    """``text`` with its hidden characters but those in ``keep`` escaped; ``text`` itself when
    it has none (the common case, fast)."""
    if text.isprintable() and not _FILLER.search(text):
        return text
    return "".join(_escape(c) if hidden(c) and c not in keep else c for c in text)


def _visible(text: str, keep: str) -> str:
    """Hidden characters escaped (:func:`_escaped`) and workflow commands broken."""
    text = _escaped(text, keep)
    if ":" in text or "##[" in text:
        text = _COMMAND.sub(_break_command, text)
    return text


def unhidden(text: str) -> str:
    r"""``text`` with its hidden characters shown as escapes, newlines and tabs kept: for a
    web page, where a bidi override or a zero-width space misleads as on a terminal (and a
    workflow command means nothing).

    >>> print(unhidden("Pay\u200broll \u202eevil\nnext"))
    Pay\u200broll \u202eevil
    next
    """
    return _escaped(text, "\n\t")


def _break_command(m: re.Match[str]) -> str:
    return "##\\x5b" if m.group(0) == "##[" else m.group(1) + "\\x3a"


def plain(text: str) -> bool:
    """Nothing in ``text`` to show otherwise (the common case, checked fast): then
    :func:`line` gives ``text`` itself."""
    return text.isprintable() and ":" not in text and "##[" not in text and not _FILLER.search(text)


def line(text: object) -> str:
    """``text`` on one line, every hidden character escaped (a newline too) and workflow
    commands broken: for table cells, messages, file names."""
    if isinstance(text, str) and plain(text):
        return text
    return _visible("" if text is None else str(text), "")


def lines(text: object) -> str:
    """Like :func:`line`, but newlines (and tabs) kept: for text shown as a block."""
    return _visible("" if text is None else str(text), "\n\t")


def suspicious(text: str) -> str | None:
    r"""Why ``text`` (an id, a name, a title) may mislead a reader, or None.

    Hidden characters (controls, bidi overrides, zero-width spaces) and words that mix
    Latin letters with Cyrillic or Greek look-alikes (``Pаyroll`` with a Cyrillic ``а``).

    >>> suspicious("Pay\u200broll")
    'it holds a hidden character (\\u200b)'
    >>> suspicious("P\u0430yroll"), suspicious("Αθήνα office")
    ("'Pаyroll' mixes Latin and Cyrillic letters (\\u0430)", None)
    """
    if text.isascii() and text.isprintable():  # the common case, at C speed
        return None
    if not text.isprintable() or _FILLER.search(text):
        found = [c for c in dict.fromkeys(text) if hidden(c) and c != " "]
        if found:
            shown = ", ".join(_escape(c) for c in found[:5])
            what = "a hidden character" if len(found) == 1 else "hidden characters"
            return f"it holds {what} ({shown})"
    if text.isascii() or not _CYRILLIC_GREEK.search(text):
        return None
    for word in re.findall(r"\w+", text):
        scripts: dict[str, list[str]] = {}
        for c in word:
            if c.isalpha():
                script = unicodedata.name(c, "").split(" ", 1)[0]
                scripts.setdefault(script, []).append(c)
        mixed = [s for s in ("CYRILLIC", "GREEK") if s in scripts]
        if "LATIN" in scripts and mixed:
            odd = dict.fromkeys(c for s in mixed for c in scripts[s])
            shown = ", ".join(_escape(c) for c in list(odd)[:5])
            names = " and ".join(s.capitalize() for s in mixed)
            return f"'{word}' mixes Latin and {names} letters ({shown})"
    return None


_JSON_HIDDEN = re.compile("[\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]")  # fmt: skip


def json_text(data: Any) -> str:
    r"""``data`` as indented JSON text: non-ASCII kept (``£``), but the characters a terminal
    acts on (DEL, C1 controls, bidi, zero-width, separators) and the ``[`` of a workflow
    command's ``##[`` written as ``\uXXXX`` escapes, so the data is exactly the same and
    the text is inert.

    >>> print(json_text({"name": "£1 \u202eevil"}), end="")
    {
      "name": "£1 \u202eevil"
    }
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = _JSON_HIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    # "##[" can only be inside a string, where "[" may be written as an escape.
    return text.replace("##[", "##\\u005b") + "\n"


#: What makes a spreadsheet read a cell as a formula (or shift it to one).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[-+]?[£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?", re.ASCII)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet cannot run: text that would start a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a line break, or their full-width forms) gets a leading ``'``;
    plain numbers (``-12.5``, ``+3``) stay numbers. Hidden characters are escaped as on a
    terminal, a newline too: one row is one line, whoever reads it."""
    if text[:1] in _FORMULA_START and not _NUMBER.fullmatch(text):
        text = "'" + text
    elif plain(text):
        return text
    return _visible(text, "")
