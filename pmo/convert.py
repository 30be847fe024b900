"""Markdown into Word, HTML or PDF with pandoc, which reads and fetches nothing but its input."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from enum import StrEnum
from pathlib import Path

PANDOC_HELP = (
    "pandoc is not installed; install it with `apt-get install pandoc` (or `brew install "
    "pandoc`) or from https://pandoc.org/installing.html, or omit --to to get markdown"
)

#: Replaces every image by its description, so a conversion reads no local or remote file.
_NO_IMAGES_LUA = "function Image(el) return el.caption end\n"


class Target(StrEnum):
    """What a paper or report can be converted to."""

    docx = "docx"
    html = "html"
    pdf = "pdf"


class ConversionError(Exception):
    """The conversion failed: no pandoc (``missing``), or pandoc's own message."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def convert(markdown: str, target: Target) -> bytes:
    """The markdown converted to ``target`` by pandoc.

    Pandoc runs with ``--sandbox`` (it reads and fetches nothing but its input). Pandoc
    releases before 3 cannot find their own data files under ``--sandbox`` for some formats
    (docx); for those the conversion is run again without it, with a filter that drops every
    image (keeping its description), so nothing outside the paper is read either way.
    """
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ConversionError(PANDOC_HELP, missing=True)
    source = markdown.encode("utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch, f"out.{target.value}")
        command = [pandoc, "--from", "gfm", "--output", str(out)]
        if target is not Target.pdf:  # pandoc picks the PDF route from the file name
            command[1:1] = ["--to", target.value, "--standalone"]
        done = subprocess.run([*command, "--sandbox"], input=source, capture_output=True)
        detail = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 and "Could not find data file" in detail:
            lua = Path(scratch, "no-images.lua")
            lua.write_text(_NO_IMAGES_LUA, encoding="utf-8")
            done = subprocess.run(
                [*command, "--lua-filter", str(lua)], input=source, capture_output=True
            )
            detail = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            raise ConversionError(f"pandoc could not convert to {target.value}: {detail}")
        return out.read_bytes()
