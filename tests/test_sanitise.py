"""People-written markdown comes out inert: smuggled links, raw HTML, references, escapes."""

from __future__ import annotations

import doctest
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import pmo.inert
import pmo.sanitise
from pmo.cli import app
from pmo.sanitise import leaks, sanitise
from tests.test_paper import make_repo


def test_doctests() -> None:
    for module in (pmo.sanitise, pmo.inert):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0


#: Each way the red team got a live link through, and a few more.
SMUGGLED = [
    "[a](java&#115;cript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](data&colon;text/html;base64,PHNjcmlwdD4=)",
    "[a](data:image/png;base64,iVBORw0KGgo=)",
    "[a](JaVaScRiPt:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](vbscript:msgbox(1))",
    "[a](file:///etc/passwd)",
    "[a](//evil.example/x)",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a][r]\n\n[r]: java&#115;cript:alert(1)",
    "> [r]: javascript:alert(1)\n\n[a][r]",
    "> > [r]: data:text/html,x\n\n[a][r] and [r]",
    "- [r]: javascript:alert(1)\n\n[a][r]",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>a</a>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- hidden -->",
    "![x](http://tracker.example/pixel.png)",
    "![x](/etc/passwd)",
    "![x](chart:../../secret)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "!<http://example.org/x.png>",
    "Text\x1b]52;c;cHduZWQ=\x07 and \u202eevil\u200b",
    "::add-mask::secret\n::error file=x::forged",
    "##[error]forged",
    "```\nunclosed fence that would swallow the paper",
    "`##[warning]` in code",
    "    ::error::in an indented code block",
]


@pytest.mark.parametrize("source", SMUGGLED)
def test_smuggled_markup_comes_out_inert(source: str) -> None:
    out = sanitise(source)
    assert leaks(out) == [], out
    assert sanitise(out) == out  # what comes out is already canonical


def test_what_is_kept_and_what_is_dropped() -> None:
    out = sanitise(
        "**Bold** *it* ~~old~~ `code` [site](https://example.org/a_(b)) "
        "[mail](mailto:clerk@example.gov.uk) [chart](cyp-oss-budget.svg) ![Budget](chart:budget) "
        "[bad](javascript:alert(1)) ![pixel](https://t.example/p.png)"
    )
    assert out == (
        "**Bold** *it* ~~old~~ `code` [site](https://example.org/a_%28b%29) "
        "[mail](mailto:clerk@example.gov.uk) [chart](cyp-oss-budget.svg) ![Budget](chart:budget) "
        "bad pixel"
    )


def test_references_are_resolved_and_never_written_out() -> None:
    out = sanitise("See [the plan][p].\n\n> [p]: https://example.org/plan\n> Quoted.")
    assert out == "See [the plan](https://example.org/plan).\n\n> Quoted."
    # A body cannot define a reference the rest of the paper would use.
    assert "[p]:" not in sanitise("[p]: https://evil.example\n\nText.")


def test_text_that_looks_like_markup_stays_text() -> None:
    out = sanitise("- a\n\n1986\\. A good year\n\n\\# not a heading\n\n&lt;b&gt; &amp;copy;")
    assert out == "- a\n\n1986\\. A good year\n\n\\# not a heading\n\n&lt;b> &amp;copy;"
    assert sanitise("&#32;&#32;&#32;&#32;indented") == "&#32;&#32;&#32;&#32;indented"


def test_fences_are_closed_and_cannot_swallow_what_follows() -> None:
    assert sanitise("```\ncode") == "```\ncode\n```"
    assert sanitise("````\n```\nstill code") == "````\n```\nstill code\n````"


def test_paragraphs_numbered_as_a_committee_report() -> None:
    out = sanitise("First.\n\n(a) lettered\n\n> quoted\n\n| a |\n|---|\n| 1 |\n\nNext.", number=3)
    assert out == "3.1 First.\n\n(a) lettered\n\n> quoted\n\n| a |\n|---|\n| 1 |\n\n3.2 Next."


_ATOMS = st.sampled_from(
    ["[", "]", "(", ")", "<", ">", "!", "*", "_", "`", "~", "#", "-", "+", "=", "|", "\\", "&",
     ";", "#x6A;", "&#115;", "&colon;", "javascript:", "data:", "http://a.example/", "mailto:x@y",
     "chart:x", "a.svg", " ", "\n", "\n\n", "> ", "- ", "1. ", "    ", "\t", "word", "::", "##[",
     "\x1b", "\u202e", "\u200b", "\r", "```", "[r]: ", '"', "<script>", "0"]
)  # fmt: skip


@given(st.lists(_ATOMS, max_size=40).map("".join))
def test_anything_comes_out_inert(source: str) -> None:
    out = sanitise(source)
    assert leaks(out) == [], (source, out)
    assert leaks(sanitise(out)) == []


_WORD = st.text("abcdefghij£0123456789,.'", min_size=1, max_size=8)
_PROSE = st.lists(
    st.one_of(
        _WORD,
        _WORD.map(lambda w: f"*{w}*"),
        _WORD.map(lambda w: f"**{w}**"),
        _WORD.map(lambda w: f"[{w}](https://example.org/{w})"),
    ),
    min_size=1,
    max_size=8,
).map(" ".join)
_BLOCK = st.one_of(
    _PROSE,
    st.lists(_PROSE, min_size=1, max_size=3).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(_PROSE, min_size=1, max_size=3).map(lambda xs: "\n".join(f"1. {x}" for x in xs)),
    _PROSE.map(lambda x: f"## {x}"),
    _PROSE.map(lambda x: f"> {x}"),
)


@given(st.lists(_BLOCK, min_size=1, max_size=5).map("\n\n".join))
def test_prose_means_what_it_meant(source: str) -> None:
    """What people usually write reads the same after sanitising, and sanitising twice
    changes nothing."""
    out = sanitise(source)
    md = pmo.sanitise.parser()
    assert md.render(out) == md.render(source)
    assert sanitise(out) == out


# ---- through pmo paper, to every target ----------------------------------------------------


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action", "formaction")]


def _hostile_paper(tmp_path: Path) -> Path:
    body = "\\n\\n".join(s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                         for s in SMUGGLED)  # fmt: skip
    body = body.replace("\x1b", "\\e").replace("\x07", "\\a")
    body = body.replace("\u202e", "\\u202e").replace("\u200b", "\\u200b")
    paper = (
        "kind: paper\nid: p-2\nboard: board\nmeeting: 2010-05-31\ntitle: Second report\n"
        f'scope: [prog]\nsummary: "{SMUGGLED[0]} {SMUGGLED[11]}"\n'
        "recommendations: ['[x](javascript:alert(1))']\n"
        f'sections:\n  - heading: Annex\n    body: "{body}"\n'
    )
    return make_repo(tmp_path / "repo", **{"records/p-2.yaml": paper})


def test_a_paper_of_smuggled_links_is_inert_in_markdown_and_html(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = _hostile_paper(tmp_path)
    result = runner.invoke(app, ["paper", "p-2", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert leaks(result.stdout) == [] and "javascript" in result.stdout  # shown, not linked
    out = tmp_path / "p.html"
    result = runner.invoke(
        app, ["paper", "p-2", "--to", "html", "-o", str(out), "--root", str(root)]
    )
    assert result.exit_code == 0, result.stderr
    page = _Attributes()
    page.feed(out.read_text(encoding="utf-8"))
    assert "script" not in page.tags and "iframe" not in page.tags
    for url in page.urls:
        assert url.startswith(("https://", "http://", "mailto:", "data:image/svg+xml;base64,")), url


def test_a_paper_of_smuggled_links_is_inert_in_word(runner: CliRunner, tmp_path: Path) -> None:
    root = _hostile_paper(tmp_path)
    out = tmp_path / "p.docx"
    result = runner.invoke(
        app, ["paper", "p-2", "--to", "docx", "-o", str(out), "--root", str(root)]
    )
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as docx:
        rels = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".rels"))
        body = docx.read("word/document.xml").decode("utf-8")
    assert "javascript:" not in rels and "file:" not in rels and "data:" not in rels
    assert "\x1b" not in body and "\u202e" not in body and "\\x1b" in body
