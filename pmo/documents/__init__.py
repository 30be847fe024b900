"""Board papers and reports as documents people circulate: Word, PDF and HTML, with charts.

:func:`convert` turns a rendered paper's markdown (see :mod:`pmo.documents.blocks`) and
its charts (:mod:`pmo.charts`) into the bytes of a ``.docx`` (python-docx, through a
reference document), a ``.pdf`` (Typst, compiled in-process: no LaTeX) or a
self-contained ``.html``. Each writer is one module with ``write(blocks, meta, charts)``.
Nothing outside the paper is read: images other than the paper's own charts are dropped
(their description kept), and links other than http(s) and mailto become plain text.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmo.charts import Chart


class Target(StrEnum):
    """What a paper or report can be written as, besides markdown."""

    docx = "docx"
    html = "html"
    pdf = "pdf"


#: Writers by target name.
WRITERS = {"docx": "docx", "pdf": "typst", "html": "html"}
#: The built-in Word reference document's file name (also what a repository overrides).
REFERENCE_DOCX = "reference.docx"


@dataclass(slots=True)
class Meta:
    """What a document says about itself: title, classification, the header line."""

    title: str
    classification: str = "Unrestricted"
    #: Shown in the header beside the classification (the board and meeting date).
    subtitle: str = ""
    author: str | None = None
    #: The meeting (or reporting) date, as an ISO date: the document's creation date.
    date: str | None = None
    #: A Word reference document (styles, margins) for docx.
    reference: Path | None = None


def convert(markdown: str, target: str, meta: Meta, charts: dict[str, Chart]) -> bytes:
    """The document ``target`` (docx, pdf or html) of ``markdown`` with its ``charts``."""
    from pmo.documents.blocks import parse
    from pmo.inert import line

    # The title, author and classification are record text, shown inert like any other.
    meta = replace(
        meta, title=line(meta.title), classification=line(meta.classification),
        subtitle=line(meta.subtitle), author=None if meta.author is None else line(meta.author),
    )  # fmt: skip
    writer = importlib.import_module(f"pmo.documents.{WRITERS[target]}")
    data: bytes = writer.write(parse(markdown), meta, charts)
    return data


def figure_numbers(charts: dict[str, Chart], blocks: list[object]) -> dict[str, int]:
    """Figure numbers of the charts, in the order the document places them."""
    from pmo.documents.blocks import ListBlock, Picture

    out: dict[str, int] = {}

    def walk(items: list[object]) -> None:
        for b in items:
            if isinstance(b, Picture) and b.name in charts and b.name not in out:
                out[b.name] = len(out) + 1
            elif isinstance(b, ListBlock):
                for item in b.items:
                    walk(list(item))

    walk(blocks)
    return out
