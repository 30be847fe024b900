"""``pmo site``: every page written, structured for accessibility, linked, and record text inert.

The pages are read back as HTML here; tests/test_site_browser.py loads them in Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import markupsafe
import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.site_checks import HOSTILE, hostile_repository, pages_of, problems_of, read_page

ROOT = Path(__file__).resolve().parent.parent


def write_site(runner: CliRunner, repo: Path, out: Path, *more: str) -> str:
    result = runner.invoke(app, ["site", "--root", str(repo), "-o", str(out), *more])
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled records' site."""
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(CliRunner(), ROOT, out)
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the bundled records with hostile text in every piece of free text."""
    base = tmp_path_factory.mktemp("hostile")
    repo = hostile_repository(base / "repo")
    out = base / "site"
    write_site(CliRunner(), repo, out)
    return out


def test_every_page_is_written(site: Path) -> None:
    from pmo.load import load

    pf = load(ROOT).portfolio
    expected = {
        "index.html", "risks.html", "milestones.html", "issues.html", "decisions.html",
        "benefits.html", "changes.html", "papers/index.html",
        *(f"programmes/{p}.html" for p in pf.programmes),
        *(f"projects/{p}.html" for p in pf.projects),
        *(f"papers/{p}.html" for p in pf.papers),
    }  # fmt: skip
    assert set(pages_of(site)) == expected
    assert (site / "assets/site.css").is_file() and (site / "assets/site.js").is_file()
    listed = (site / ".pmo-site").read_text(encoding="utf-8").splitlines()
    assert expected <= set(listed)


@pytest.mark.parametrize("kind", ["site", "hostile_site"])
def test_every_page_is_accessible_in_structure_and_its_links_resolve(
    kind: str, request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(kind)
    problems = [p for page in pages_of(out) for p in problems_of(out, page)]
    assert problems == []


def test_hostile_text_is_shown_as_text_on_every_page(hostile_site: Path) -> None:
    for page in pages_of(hostile_site):
        raw = (hostile_site / page).read_text(encoding="utf-8")
        doc = read_page(hostile_site / page)
        assert len(doc.named("h1")) == 1, page  # no injected heading
        assert "<script>alert" not in raw and "<img src=x" not in raw, page
        text = " ".join(doc.text)
        assert "alert('x')" in text, page  # the hostile text is on every page, as text
        assert "{{ 7*7 }}" in text, page  # and no template evaluated it
    # The text is there, escaped, where it was written: a project's name and a risk's title.
    waste = (hostile_site / "projects/csw-waste.html").read_text(encoding="utf-8")
    assert str(markupsafe.escape(HOSTILE)) in waste
    for page in ("projects/csw-waste.html", "risks.html"):
        assert HOSTILE in " ".join(read_page(hostile_site / page).text)
    # The office's name is in every page's title, as text.
    index = read_page(hostile_site / "index.html")
    assert HOSTILE in " ".join(index.text)


def test_the_status_page_has_filters_for_every_programme_and_rating(site: Path) -> None:
    doc = read_page(site / "index.html")
    radios = {(a["name"], a["value"]) for a in doc.named("input") if a.get("type") == "radio"}
    assert {("programme", "csw"), ("programme", "kent-swindon"), ("programme", "all")} <= radios
    assert {("declared", "red"), ("declared", "amber"), ("declared", "green")} <= radios
    assert {("derived", "red"), ("derived", "all")} <= radios
    rows = [a for a in doc.named("tr") if a.get("data-kind") == "project"]
    assert len(rows) == 15
    css = (site / "assets/site.css").read_text(encoding="utf-8")
    chosen = "main:has(#f-programme-csw:checked) #status"
    assert f'{chosen} tbody[data-programme]:not([data-programme="csw"])' in css
    assert '#f-declared-red:checked) #status tr[data-declared]:not([data-declared="red"])' in css


def test_a_project_page_explains_its_rating_and_draws_its_timeline(site: Path) -> None:
    page = (site / "projects/csw-waste.html").read_text(encoding="utf-8")
    text = " ".join(read_page(site / "projects/csw-waste.html").text)
    # Every reason of pmo status --explain.
    assert "milestone csw-waste-m2 (Joint options appraisal for residual waste treatment) " \
           "50 days overdue" in text  # fmt: skip
    assert "the worst of schedule, cost, risk and benefits" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "OVERDUE 50 days" in page
    assert re.search(r"<desc id=\"timeline-desc\">Milestone timeline of \d+ milestones", page)
    for heading in ("Rating and why", "Milestones", "Risks", "Issues", "Decisions", "Budget",
                    "Benefits", "Rating history"):  # fmt: skip
        assert f">{heading}</h2>" in page


def test_a_programme_page_lists_its_projects_and_their_items(site: Path) -> None:
    text = " ".join(read_page(site / "programmes/csw.html").text)
    assert "Waste Treatment" in text and "WATERMELON" in text
    doc = read_page(site / "programmes/csw.html")
    links = {a["href"] for a in doc.named("a")}
    assert "../projects/csw-waste.html" in links


def test_a_paper_is_its_document_with_its_charts(site: Path) -> None:
    doc = read_page(site / "papers/cyp-oss-2010-10.html")
    images = doc.named("img")
    assert images and all(i["src"].startswith("../charts/") for i in images)
    assert all((site / "papers" / i["src"]).resolve().is_file() for i in images)
    svg = (site / "papers" / images[0]["src"]).resolve().read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<script" not in svg
    text = " ".join(doc.text)
    assert "Classification:" in text and "Recommendation" in text


def test_changes_since_the_last_paper(site: Path) -> None:
    text = " ".join(read_page(site / "changes.html").text)
    # The bundled records stand on 20 October 2010, the day of a meeting: the last paper
    # before it is July's.
    assert "14 July 2010" in text
    assert "Ratings that moved" in text


def test_as_of_a_date(runner: CliRunner, tmp_path: Path) -> None:
    write_site(runner, ROOT, tmp_path / "s", "--as-of", "2010-08-01")
    text = " ".join(read_page(tmp_path / "s/index.html").text)
    assert "Portfolio as of 1 August 2010" in text


def test_a_rebuild_draws_no_chart_again_and_removes_gone_pages(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    write_site(runner, bundled, out)
    assert (out / "projects/csw-hr.html").is_file()
    said = write_site(runner, bundled, out)
    assert "and 12 charts (0 drawn)" in said and "removed" not in said
    (bundled / "records/csw/hr.yaml").unlink()
    said = write_site(runner, bundled, out)
    assert "removed" in said
    assert not (out / "projects/csw-hr.html").exists()
    listed = (out / ".pmo-site").read_text(encoding="utf-8")
    assert all((out / rel).is_file() for rel in listed.splitlines()[1:])


def test_a_folder_not_written_by_pmo_site_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["site", "--root", str(ROOT), "-o", str(out)])
    assert result.exit_code == 2
    assert "is not empty and holds no site written by pmo site" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_forged_list_cannot_remove_files_outside_the_site(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    out.mkdir()
    (out / ".pmo-site").write_text("../precious.txt\n/etc/passwd\nindex.html\n", "utf-8")
    write_site(runner, ROOT, out)
    assert outside.read_text(encoding="utf-8") == "keep"


def test_an_exempt_paper_is_listed_but_not_published(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    paper = bundled / "records/papers/cyp-oss-2010-07.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "exempt: '3'\n", encoding="utf-8")
    write_site(runner, bundled, tmp_path / "s")
    assert not (tmp_path / "s/papers/cyp-oss-2010-07.html").exists()
    text = " ".join(read_page(tmp_path / "s/papers/index.html").text)
    assert "exempt from publication (Schedule 12A, paragraph 3)" in text


def test_a_paper_whose_template_fails_is_reported_and_exits_1(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    (bundled / "templates").mkdir()
    (bundled / "templates/board-paper.md.j2").write_text("{{ nope.nothing }}\n", "utf-8")
    result = runner.invoke(app, ["site", "--root", str(bundled), "-o", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert re.search(r"board-paper\.md\.j2:1: error: template-error", result.stderr)
    text = " ".join(read_page(tmp_path / "s/papers/cyp-oss-2010-10.html").text)
    assert "This paper could not be rendered" in text
    assert (tmp_path / "s/index.html").is_file()  # the rest is written


def test_the_default_folder_is_build_site(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(app, ["site", "--root", str(bundled)])
    assert result.exit_code == 0, result.output
    assert (bundled / "build/site/index.html").is_file()


def test_the_timeline_svg_escapes_and_describes_itself() -> None:
    from pmo.charts import Chart, timeline

    rows = [
        {"id": "m1", "label": "<b>&", "baseline": "2010-01-01", "forecast": "2010-03-01",
         "actual": None, "status": "overdue", "days_overdue": 12},
        {"id": "m2", "label": "Done", "baseline": "2010-02-01", "forecast": "2010-02-01",
         "actual": "2010-02-03", "status": "achieved", "days_overdue": 0},
    ]  # fmt: skip
    chart = Chart("timeline", "T <i>", "Alt & more", {"as_of": "2010-03-13", "milestones": rows})
    svg = timeline.svg(chart, ident="t1")
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "T &lt;i&gt;" in svg
    assert (
        'aria-labelledby="t1-title t1-desc"' in svg and '<desc id="t1-desc">Alt &amp; more' in svg
    )
    assert "OVERDUE 12 days" in svg


def test_the_html_writer_places_a_chart_where_it_is_given(tmp_path: Path) -> None:
    from pmo.charts import Chart
    from pmo.documents import html as writer
    from pmo.documents.blocks import parse

    chart = Chart("heatmap", "Heat", "Alt", {"bands": {"red": 15, "amber": 8}, "cells": {}})
    body = writer.body(
        parse("![Heat](chart:heatmap)\n"), {"heatmap": chart}, {"heatmap": "c/h.svg"}
    )
    assert '<img src="c/h.svg" alt="Alt">' in body


def test_filter_styles_are_written_only_for_plain_ids() -> None:
    from pmo.site import index

    assert index._SAFE.fullmatch('x"] { } body { display:none') is None


def test_papers_are_as_of_their_meeting(site: Path) -> None:
    text = " ".join(read_page(site / "papers/kent-cabinet-2008-01.html").text)
    assert "every figure is as of 14 January 2008" in text
    assert dt.date(2008, 1, 14).isoformat()  # the meeting date of the bundled paper


def test_site_needs_a_repository(runner: CliRunner, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path, ignore_errors=True)
    tmp_path.mkdir()
    result = runner.invoke(app, ["site", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a records repository" in result.stderr


def test_doctests() -> None:
    import doctest

    import pmo.site.papers
    import pmo.site.render

    for module in (pmo.site.render, pmo.site.papers):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed


def test_changes_come_from_history_when_git_has_it(runner: CliRunner, tmp_path: Path) -> None:
    """With the records in git, the changes page compares the records as they stood at the
    last paper's meeting with today's: re-forecasts, rescorings and budgets are there."""
    from tests.gitrepo import story

    root = tmp_path / "story"
    story(root)
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["site", "--root", str(root), "-o", str(out), "--as-of", "2024-03-20"]
    )
    assert result.exit_code == 0, result.output
    page = read_page(out / "changes.html")
    text = " ".join(page.text)
    assert "Milestones re-forecast" in text and "reforecast-table" in page.ids
    assert "30 Nov 2024 31 Jan 2025 +62" in text
    assert "Beta: project removed" in text
