"""Build templates/reference.docx: the Word reference document `pmo paper --to docx` writes through.

A4 portrait, 2 cm margins, Arial, black headings, the styles the writer uses (Normal,
Heading 1-4, List Bullet, List Paragraph, Caption, Table Grid, No Spacing). Copy it to a
records repository's templates/ (or name one with a paper's `reference:`) and restyle it
in Word to change how papers look. Run: python scripts/make_reference_docx.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"


def main() -> None:
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
    black = RGBColor(0, 0, 0)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    sizes = {"Title": 18, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5, "Heading 4": 11}
    for name, size in sizes.items():
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = black
        style.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 8)
        style.paragraph_format.space_after = Pt(6)
    caption = doc.styles["Caption"]
    caption.font.name = "Arial"
    caption.font.size = Pt(9)
    caption.font.italic = True
    caption.font.bold = False
    caption.font.color.rgb = black
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(8.5)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.revision = "", "pmo", "", 1
    props.created = props.modified = dt.datetime(2010, 1, 1)
    doc.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
