"""The docs cover the CLI and hold together: every command has help with an example, a
short README section and a full one in docs/reference.md; every option is named in one of
the two; the README stays short; every relative link lands; docs/format.md keeps the
shared records format's headings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pmo.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
#: Every markdown file whose relative links must land: the README and docs/*.md.
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The README is the newcomer's: what pmo is, install, a tour, the jobs, a short section
#: per command. The rest goes in docs/.
README_MAX_LINES = 350
#: The shared records format that docs/format.md copies (beside the repository, as on the
#: development machine; CI has no copy, and the test that needs it skips).
SHARED_FORMAT = next(
    (
        p
        for p in (ROOT.parent / "shared/records-format.md", Path("/work/shared/records-format.md"))
        if p.is_file()
    ),
    None,
)


def _group() -> Any:
    return typer.main.get_command(app)


def commands() -> list[str]:
    return sorted(_group().commands)


def _has_heading(text: str, name: str) -> bool:
    return re.search(rf"^#+ .*`pmo {re.escape(name)}\b", text, re.MULTILINE) is not None


def test_there_are_commands() -> None:
    assert {"validate", "schema"} <= set(commands())


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name: str) -> None:
    assert _has_heading(README, name), f"README.md has no heading for `pmo {name}`"


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_reference(name: str) -> None:
    assert _has_heading(REFERENCE, name), f"docs/reference.md has no heading for `pmo {name}`"


def _options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command and subcommand."""
    found = []

    def walk(group: Any, prefix: str) -> None:
        for name, command in sorted(group.commands.items()):
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
                continue
            for param in command.params:
                if param.param_type_name == "option" and param.name != "help":
                    found.append((f"{prefix}{name}", "/".join(param.opts)))

    walk(_group(), "")
    return found


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_documented(command: str, option: str) -> None:
    """Every option is named in backticks in README.md or docs/reference.md (the README
    names the common ones and those that matter; the reference names every one)."""
    names = option.split("/")
    assert any(
        re.search(rf"`[^`]*{re.escape(n)}\b", text) for n in names for text in (README, REFERENCE)
    ), f"neither README.md nor docs/reference.md names `pmo {command}`'s {option}"


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`pmo {name} --help` shows no example"
    command = _group().commands[name]
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"`pmo {name} {param.opts[0]}` has no help text"


def test_the_readme_is_short() -> None:
    lines = len(README.splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): move detail to docs/"
    )


def test_the_help_names_the_docs(runner: CliRunner) -> None:
    help_ = runner.invoke(app, ["--help"]).stdout
    assert "docs/reference.md" in help_ and "docs/format.md" in help_
    for path in re.findall(r"docs/[a-z-]+\.md", help_):
        assert (ROOT / path).is_file(), f"`pmo --help` names {path}, which does not exist"


# Links -----------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _prose(text: str) -> str:
    """The text without fenced code blocks and code spans (their brackets are not links)."""
    return _CODE.sub("", _FENCE.sub("", text))


def slugs(text: str) -> set[str]:
    """The anchors GitHub gives a markdown file's headings: the heading's text in lower
    case, punctuation dropped, spaces as hyphens; a repeated one gets -1, -2, ..."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in _FENCE.sub("", text).splitlines():
        heading = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1))  # a link: its text
        slug = re.sub(r"[^\w\- ]", "", words.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(path: Path) -> list[str]:
    """Every relative link (and image) in a markdown file that points at no file, or at a
    heading its file does not have."""
    broken = []
    for target in _LINK.findall(_prose(path.read_text(encoding="utf-8"))):
        if _SCHEME.match(target):
            continue  # http:, https:, mailto: (and a paper's chart: images) are not files
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif (
            anchor
            and linked.suffix == ".md"
            and anchor not in slugs(linked.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    return broken


def test_the_slugs_are_githubs() -> None:
    text = "# `pmo set ID KEY=VALUE...`\n## pmo.yaml: every setting\n## A b\n## A b\n"
    text += "```\n# not a heading\n```\n### `pmo paper PAPER_ID`: board papers\n"
    assert slugs(text) == {
        "pmo-set-id-keyvalue",
        "pmoyaml-every-setting",
        "a-b",
        "a-b-1",
        "pmo-paper-paper_id-board-papers",
    }


def test_broken_links_are_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Here\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n[ok](other.md#here) [ok](#top) ![ok](other.md) [web](https://x.org/none)\n"
        "`[code](none.md)`\n```\n[fenced](none.md)\n```\n"
        "[gone](none.md) [no heading](other.md#there) [nor here](#bottom)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "none.md: no such file",
        "other.md#there: no heading #there in other.md",
        "#bottom: no heading #bottom in page.md",
    ]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_lands(path: Path) -> None:
    assert broken_links(path) == []


# The records format ----------------------------------------------------------------------


def _headings(text: str) -> list[str]:
    return [line.rstrip() for line in _FENCE.sub("", text).splitlines() if line.startswith("#")]


@pytest.mark.skipif(SHARED_FORMAT is None, reason="the shared records format is not beside")
def test_the_format_doc_keeps_the_shared_headings() -> None:
    """docs/format.md is the project's copy of the shared records format: every heading of
    the shared text is there (pmo's own reading and extensions come after it)."""
    assert SHARED_FORMAT is not None
    ours = set(_headings((ROOT / "docs/format.md").read_text(encoding="utf-8")))
    missing = [h for h in _headings(SHARED_FORMAT.read_text(encoding="utf-8")) if h not in ours]
    assert missing == [], f"docs/format.md lacks these headings of {SHARED_FORMAT}"
