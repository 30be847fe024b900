"""Board papers as Word, PDF and HTML, read back: pictures, shading, header rows, widths, text.

Chart goldens hold each chart's data (what it draws), never pixels.
"""

from __future__ import annotations

import doctest
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmo.documents.blocks
import pmo.documents.layout
import pmo.documents.typst
from pmo.charts import MODULES, build_charts, render
from pmo.cli import app
from pmo.documents.layout import CELL_PADDING_PT, text_width
from pmo.load import load
from pmo.reports.paper import build_paper

Golden = Callable[[str, str], None]
BUNDLED_PAPERS = ["cyp-oss-2010-10", "kent-cabinet-2008-01"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_doctests() -> None:
    for module in (pmo.documents.blocks, pmo.documents.layout, pmo.documents.typst):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0


def _write(runner: CliRunner, root: Path, paper: str, target: str, out: Path) -> Path:
    result = runner.invoke(
        app, ["paper", paper, "--to", target, "-o", str(out), "--root", str(root)]
    )
    assert result.exit_code == 0, result.stderr
    return out


# --- charts: their data, as goldens ---------------------------------------------------


@pytest.mark.parametrize("paper", BUNDLED_PAPERS)
def test_chart_data_goldens(bundled: Path, golden: Golden, paper: str) -> None:
    charts = build_charts(build_paper(load(bundled).portfolio, paper))
    data = {name: {"title": c.title, "alt": c.alt, "data": c.data} for name, c in charts.items()}
    golden(f"charts-{paper}.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def test_charts_draw_as_svg_and_png_and_say_their_colours(bundled: Path) -> None:
    charts = build_charts(build_paper(load(bundled).portfolio, "cyp-oss-2010-10"))
    assert list(charts) == list(MODULES)
    for chart in charts.values():
        svg = render(chart, "svg")
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert render(chart, "png", 50)[:8] == b"\x89PNG\r\n\x1a\n"
        assert render(chart, "svg") == svg  # reproducible: no dates or ids that change
    # Every colour is also said in words, in the alt text.
    assert "vermilion" in charts["timeline"].alt and "OVERDUE" in charts["timeline"].alt
    assert "blue" in charts["budget"].alt and "orange" in charts["budget"].alt
    assert "HIGH" in charts["heatmap"].alt and "red" in charts["heatmap"].alt
    assert "green" in charts["benefits"].alt
    assert "warning sign" in charts["dashboard"].alt


def test_benefits_chart_takes_planned_values_when_present(bundled: Path) -> None:
    paper = build_paper(load(bundled).portfolio, "cyp-oss-2010-10")
    for row in paper.benefits:  # as if no benefit had a profile
        row.planned = None
    assert "planned" not in build_charts(paper)["benefits"].alt
    paper.benefits[0].planned = paper.benefits[0].target / 2 if paper.benefits[0].target else None
    chart = build_charts(paper)["benefits"]
    assert chart.data["planned"] is True
    assert chart.data["rows"][0]["planned_pct"] == 50.0
    assert "planned to date as a black tick" in chart.alt
    assert render(chart, "png", 50)[:4] == b"\x89PNG"


# --- Word ------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", BUNDLED_PAPERS)
def test_docx_reads_back(runner: CliRunner, bundled: Path, tmp_path: Path, paper: str) -> None:
    import docx
    from docx.shared import Pt

    out = _write(runner, bundled, paper, "docx", tmp_path / "p.docx")
    doc = docx.Document(str(out))
    context = build_paper(load(bundled).portfolio, paper)
    charts = build_charts(context)
    # Pictures: one per chart, each with alt text, and a numbered caption.
    pictures = doc.inline_shapes
    assert len(pictures) == len(charts)
    described = [s._inline.docPr.get("descr") for s in pictures]
    assert described == [c.alt for c in charts.values()]
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [f"Figure {i}: {c.title}" for i, c in enumerate(charts.values(), 1)]
    # Header with the classification, footer with page numbers.
    section = doc.sections[0]
    assert "Classification: Unrestricted" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert abs(section.page_width - Pt(595.3)) < Pt(1)  # A4 portrait
    assert doc.core_properties.title == context.header.title
    for table in doc.tables:
        rows = table._tbl.findall(f"{W}tr")
        # The header row repeats on every page.
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        widths = [int(c.get(f"{W}w")) / 20 for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(widths) <= 482 + 1  # within the A4 text width
        for row in table.rows:
            for j, cell in enumerate(row.cells):
                for word in cell.text.split():
                    # No word broken mid-word (Arial's metrics are Helvetica's).
                    assert text_width(word, 10, True) <= widths[j] - CELL_PADDING_PT + 0.5, (
                        word,
                        widths[j],
                    )
    # Rating cells are shaded and still say the rating in words.
    shaded = [
        cell.text
        for table in doc.tables
        for row in table.rows[1:]
        for cell in row.cells
        if cell._tc.find(f"{W}tcPr/{W}shd") is not None
    ]
    assert shaded and all(any(w in t for w in ("GREEN", "AMBER", "RED")) for t in shaded)


def test_docx_reference_document_from_repository_and_paper(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    import docx
    from docx.shared import Pt

    def reference(path: Path, font: str) -> None:
        doc = docx.Document(
            str(Path(pmo.documents.__file__).parents[2] / "templates" / "reference.docx")
        )
        doc.styles["Normal"].font.name = font
        doc.styles["Normal"].font.size = Pt(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))

    def normal_font(out: Path) -> str:
        return str(docx.Document(str(out)).styles["Normal"].font.name)

    assert (
        normal_font(_write(runner, bundled, "kent-cabinet-2008-01", "docx", tmp_path / "a.docx"))
        == "Arial"
    )
    reference(bundled / "templates" / "reference.docx", "Georgia")
    assert (
        normal_font(_write(runner, bundled, "kent-cabinet-2008-01", "docx", tmp_path / "b.docx"))
        == "Georgia"
    )
    reference(bundled / "styles" / "kent.docx", "Verdana")
    paper = bundled / "records" / "papers" / "kent-cabinet-2008-01.yaml"
    paper.write_text(
        paper.read_text(encoding="utf-8") + "reference: styles/kent.docx\n", encoding="utf-8"
    )
    assert (
        normal_font(_write(runner, bundled, "kent-cabinet-2008-01", "docx", tmp_path / "c.docx"))
        == "Verdana"
    )
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("styles/kent.docx", "styles/gone.docx"),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["paper", "kent-cabinet-2008-01", "--to", "docx", "--root", str(bundled)]
    )
    assert result.exit_code == 1
    assert "reference document styles/gone.docx is not a file" in result.stderr


# --- PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", BUNDLED_PAPERS)
def test_pdf_reads_back(runner: CliRunner, bundled: Path, tmp_path: Path, paper: str) -> None:
    import pypdf

    out = _write(runner, bundled, paper, "pdf", tmp_path / "p.pdf")
    reader = pypdf.PdfReader(str(out))
    pages = [p.extract_text() for p in reader.pages]
    count = len(pages)
    for number, text in enumerate(pages, 1):
        assert "Classification: Unrestricted" in text
        assert f"Page {number} of {count}" in text
    everything = "\n".join(pages).replace("\xa0", " ")
    context = build_paper(load(bundled).portfolio, paper)
    assert context.header.title in everything.replace("\n", " ")
    assert "£" in everything and "–" in everything
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert reader.metadata is not None and reader.metadata.title == context.header.title
    for n, chart in enumerate(build_charts(context).values(), 1):
        assert f"Figure {n}: {chart.title}" in everything


def test_pdf_unicode_and_hostile_text(runner: CliRunner, bundled: Path, tmp_path: Path) -> None:
    """⚠ £ – é come out as themselves; Typst markup in record text stays text."""
    import pypdf

    paper = bundled / "records" / "papers" / "kent-cabinet-2008-01.yaml"
    text = paper.read_text(encoding="utf-8")
    text = text.replace(
        "  - heading: Introduction\n",
        '  - heading: "Café ⚠ £5 – #pagebreak() $x$ *y* = \\\\ @ref"\n'
        '    body: "#read(\\"/etc/passwd\\")"\n'
        "  - heading: Introduction\n",
    )
    paper.write_text(text, encoding="utf-8")
    out = _write(runner, bundled, "kent-cabinet-2008-01", "pdf", tmp_path / "p.pdf")
    everything = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "Café ⚠ £5 – #pagebreak() $x$ *y* = \\ @ref" in everything
    assert '#read("/etc/passwd")' in everything and "root:" not in everything


# --- HTML ------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.mark.parametrize("paper", BUNDLED_PAPERS)
def test_html_is_self_contained(
    runner: CliRunner, bundled: Path, tmp_path: Path, paper: str
) -> None:
    out = _write(runner, bundled, paper, "html", tmp_path / "p.html")
    text = out.read_text(encoding="utf-8")
    parsed = _Collect()
    parsed.feed(text)
    context = build_paper(load(bundled).portfolio, paper)
    assert parsed.title == context.header.title
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    images = [a for t, a in parsed.tags if t == "img"]
    charts = build_charts(context)
    assert len(images) == len(charts)
    for attrs, chart in zip(images, charts.values(), strict=True):
        assert (attrs.get("src") or "").startswith("data:image/svg+xml;base64,")
        assert attrs.get("alt") == chart.alt
    # Nothing fetched: no address outside the file but links people wrote (none here).
    for _, attrs in parsed.tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value or value.startswith(("data:", "#")), value
    assert "@media print" in text and "@page { size: A4" in text
    assert "Classification: Unrestricted" in text
    assert 'class="rating-' in text or "rating-" in text


# --- committee-report shape -------------------------------------------------------------

COMMITTEE = """\
purpose: decision
decision_maker: Cabinet
key_decision: true
forward_plan_ref: FP/2008/001
wards: [All wards]
exempt: "3"
cover: true
consultation: Legal and Finance have been consulted.
implications:
  climate: No climate implications.
  legal: The partnership agreement has ended.
  Procurement: None.
  financial: Within the agreed budget.
options:
  - {title: Do nothing, body: The partnership lapses.}
  - {title: Extend the partnership, recommended: true}
background_papers: [SBC Benefits Review 2007]
appendices: [Appendix 1 – SBC Benefits Review 2007]
sections:
  - heading: Conclusion after
    after: true
    body: Placed after the computed parts.
"""


def test_committee_fields_render_where_reports_put_them(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    paper = bundled / "records" / "papers" / "kent-cabinet-2008-01.yaml"
    text = paper.read_text(encoding="utf-8").replace(
        "sections:\n",
        COMMITTEE.split("sections:\n")[0] + "sections:\n" + COMMITTEE.split("sections:\n")[1],
        1,
    )
    paper.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["paper", "kent-cabinet-2008-01", "--root", str(bundled)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Agenda management sheet")
    assert "| Key decision | Yes (Forward Plan reference FP/2008/001) |" in out
    assert "| Exempt information | Yes: Schedule 12A, paragraph 3 |" in out
    assert "\\newpage" not in out  # page breaks only in documents
    assert (
        "**Part B: exempt information.**" in out and "paragraph 3 of Part 1 of Schedule 12A" in out
    )
    assert "**Purpose:** For decision" in out and "**Wards affected:** All wards" in out
    # Implications in report order: financial, legal, (equalities, risk,) climate, then others.
    order = [out.index(f" {h}\n") for h in ("Financial", "Legal", "Climate", "Procurement")]
    assert order == sorted(order)
    assert out.index("Options considered") > out.index("Financial summary")
    assert "Option 2: Extend the partnership** (recommended)" in out
    assert out.index("Conclusion after") > out.index("Financial summary")
    assert out.index("## Background papers") > out.index("Implications")
    assert "- Appendix 1 – SBC Benefits Review 2007" in out
    # In a document the cover sheet is a page of its own.
    import pypdf

    pdf = _write(runner, bundled, "kent-cabinet-2008-01", "pdf", tmp_path / "c.pdf")
    first = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    assert "Agenda management sheet" in first and "Recommendation" not in first


def test_new_sections_open_issues_decisions_taken_and_totals(
    runner: CliRunner, bundled: Path
) -> None:
    result = runner.invoke(app, ["paper", "cyp-oss-2010-10", "--root", str(bundled)])
    out = result.stdout
    assert (
        "Open issues" in out
        and "| Regional Spatial Strategies revoked on 6 July 2010 | Strategic Planning | "
        "Doug Jones | High | 106 |"
        in out
    )
    assert "Decisions taken since the previous report" in out
    assert "| 8 Oct 2010 | Fund allocation for school improvement |" in out
    assert "| **Total (money)** | | **£3,750,000** | **£55,000** | **£47,000** | |" in out
    assert "| **Total** | **£750,000** |" in out
