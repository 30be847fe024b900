"""``pmo site`` in a real browser: every page loaded in headless Chromium from its folder.

For every page of the bundled records' site, and of the same records with hostile text in
every field: no console error, no request leaving the folder, no dialog, every link leading
to a file that is there, nothing wider than a phone's screen, and axe-core finding no
serious or critical accessibility violation. Then the filters (with and without
JavaScript) and the keyboard. Skipped, saying why, where Chromium, Playwright or npm is
missing (see tests/browser.py); CI has them (.ci/run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from pmo.cli import app
from tests.browser import FLAGS, axe_source, chromium
from tests.site_checks import hostile_repository, pages_of

ROOT = Path(__file__).resolve().parent.parent
#: The phone width every page must fit (wide tables scroll inside their own region).
PHONE = 360


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=path, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled records' site and the hostile one."""
    base = tmp_path_factory.mktemp("sites")
    out = {}
    for name, repo in (("bundled", ROOT), ("hostile", hostile_repository(base / "repo"))):
        result = CliRunner().invoke(app, ["site", "--root", str(repo), "-o", str(base / name)])
        assert result.exit_code == 0, result.output
        out[name] = base / name
    return out


@dataclass
class Visit:
    """What happened while a page was open."""

    tab: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def visit(
    browser: Any, site: Path, page: str, *, javascript: bool = True, width: int = 1280
) -> Visit:
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}
    )
    tab = context.new_page()
    seen = Visit(tab)
    folder = site.resolve().as_uri() + "/"
    tab.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: seen.errors.append(str(e)))
    tab.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))

    def request(r: Any) -> None:
        if not (r.url.startswith(folder) or r.url.startswith("data:")):
            seen.outside.append(r.url)

    tab.on("request", request)
    # Nothing may reach the network; anything that tries is recorded above and stopped here.
    tab.route("http*://**/*", lambda route: route.abort())
    tab.goto((site / page).resolve().as_uri(), wait_until="load")
    return seen


def serious(tab: Any, axe: str) -> list[str]:
    """axe-core's serious and critical violations on the open page, one line each."""
    tab.evaluate(axe)
    result = tab.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
        "'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def broken_links(tab: Any, site: Path) -> list[str]:
    hrefs = tab.eval_on_selector_all(
        "a[href], link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
    )
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme != "file":
            continue
        path = Path(unquote(parts.path))
        if site.resolve() not in path.parents or not path.is_file():
            out.append(href)
    return out


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_every_page_loads_cleanly_passes_axe_and_fits_a_phone(
    browser: Any, sites: dict[str, Path], which: str
) -> None:
    axe = axe_source()
    site = sites[which]
    problems: list[str] = []
    for page in pages_of(site):
        seen = visit(browser, site, page)
        tab = seen.tab
        problems += [f"{page}: console: {e}" for e in seen.errors]
        problems += [f"{page}: request out of the folder: {u}" for u in seen.outside]
        problems += [f"{page}: dialog: {d}" for d in seen.dialogs]
        problems += [f"{page}: broken link: {h}" for h in broken_links(tab, site)]
        problems += [f"{page}: axe: {v}" for v in serious(tab, axe)]
        tab.set_viewport_size({"width": PHONE, "height": 800})
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE:
            problems.append(f"{page}: {width}px wide on a {PHONE}px phone")
        tab.context.close()
    assert problems == []


def _shown(tab: Any) -> int:
    return int(
        tab.evaluate(
            "() => [...document.querySelectorAll('#status tr[data-kind=project]')]"
            ".filter(r => r.getClientRects().length > 0).length"
        )
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_the_filters_work_with_and_without_javascript(
    browser: Any, sites: dict[str, Path], javascript: bool
) -> None:
    seen = visit(browser, sites["bundled"], "index.html", javascript=javascript)
    tab = seen.tab
    assert _shown(tab) == 15
    tab.click("label[for=f-declared-red]")
    assert _shown(tab) == 2  # the two projects declared red
    tab.click("label[for=f-programme-kent-swindon]")
    assert _shown(tab) == 0
    tab.click("label[for=f-declared-all]")
    assert _shown(tab) == 6  # Kent/Swindon's projects
    count = tab.inner_text("#filter-count")
    assert count == ("Showing 6 of 15 projects." if javascript else "15 projects.")
    assert seen.errors == []
    tab.context.close()


def test_a_filtered_address_opens_filtered(browser: Any, sites: dict[str, Path]) -> None:
    context = browser.new_context()
    tab = context.new_page()
    url = (sites["bundled"] / "index.html").resolve().as_uri() + "?derived=red&programme=csw"
    tab.goto(url)
    assert _shown(tab) == 3
    assert tab.inner_text("#filter-count") == "Showing 3 of 15 projects."
    context.close()


def test_the_keyboard_reaches_the_skip_link_first_and_it_leads_to_main(
    browser: Any, sites: dict[str, Path]
) -> None:
    tab = visit(browser, sites["bundled"], "projects/csw-waste.html").tab
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.textContent") == "Skip to main content"
    assert tab.evaluate("() => getComputedStyle(document.activeElement).left") == "0px"
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "main"
    # The scrollable tables are reachable by keyboard, and show where the focus is.
    tab.focus(".table-wrap")
    assert tab.evaluate("() => document.activeElement.getAttribute('role')") == "region"
    tab.context.close()


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_the_charts_of_a_paper_and_a_project_are_drawn(
    browser: Any, sites: dict[str, Path], which: str
) -> None:
    """Every chart of every paper loads (an SVG file Chromium can draw) and takes room on
    the page; on a phone it keeps its natural size, inside a region that scrolls sideways
    and takes the keyboard's focus."""
    site = sites[which]
    papers = sorted(p for p in pages_of(site) if p.startswith("papers/") and "index" not in p)
    assert papers
    drawn = "els => els.map(e => [e.complete && e.naturalWidth, e.getBoundingClientRect().height])"
    for page in papers:
        tab = visit(browser, site, page).tab
        found = tab.eval_on_selector_all(".paper figure img", drawn)
        assert found and all(w and w > 100 and h > 50 for w, h in found), (page, found)
        tab.set_viewport_size({"width": PHONE, "height": 800})
        shown = "els => els.map(e => e.getBoundingClientRect().width - e.naturalWidth)"
        natural = tab.eval_on_selector_all(".paper figure img", shown)
        assert all(abs(d) < 1 for d in natural), (page, natural)
        tab.focus(".paper .chart-scroll")
        assert tab.evaluate("() => document.activeElement.getAttribute('role')") == "region"
        tab.context.close()
    if which == "bundled":
        tab = visit(browser, site, "projects/csw-waste.html").tab
        box = tab.eval_on_selector("svg.chart", "e => e.getBoundingClientRect().height")
        assert box > 100
        tab.context.close()
