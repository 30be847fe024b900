"""The charts as light SVG (``svg(chart)`` of each chart module), read back with an XML parser.

On the bundled papers (goldens of the SVG text, read by hand when they change) and on
awkward data: nothing to draw, one item, long names, zero budgets, hostile text. Each SVG
must parse, describe itself (title and alt text), say its values and words, escape every
record text, refer to nothing outside itself, and be the same bytes every time.
"""

from __future__ import annotations

import doctest
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmo.charts.budget
import pmo.charts.dashboard as dashboard
import pmo.charts.heatmap
import pmo.charts.svg
from pmo.charts import MODULES, Chart, build_charts, module, render
from pmo.charts.palette import money_short
from pmo.load import load
from pmo.reports.paper import build_paper

Golden = Callable[[str, str], None]
NS = "{http://www.w3.org/2000/svg}"
BUNDLED_PAPERS = ["cyp-oss-2010-10", "kent-cabinet-2008-01"]
HOSTILE = "<script>alert('x')</script> & \"Q\" \x1b[2J\u202eevil\u200b ::add-mask::"


def test_doctests() -> None:
    for mod in (pmo.charts.svg, pmo.charts.budget, pmo.charts.heatmap):
        result = doctest.testmod(mod)
        assert result.attempted and not result.failed


def parse(chart: Chart) -> ET.Element:
    """The chart's SVG file, parsed, after the checks every chart must pass."""
    data = render(chart, "svg")
    assert data == render(chart, "svg"), "the same chart is always the same bytes"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    text = data.decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", text)
    root = ET.fromstring(data)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    w, h = (float(v) for v in root.get("viewBox", "").split()[2:])
    assert (root.get("width"), root.get("height")) == (f"{w:g}", f"{h:g}")
    assert 100 < w <= 800 and 60 < h < 2000, (w, h)
    ids = {e.get("id") for e in root.iter()}
    assert set((root.get("aria-labelledby") or "").split()) <= ids
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    for e in root.iter():
        assert e.tag.removeprefix(NS) not in ("script", "foreignObject", "image", "a", "use")
        for name, value in e.attrib.items():
            assert not name.startswith("on") and "href" not in name, (e.tag, name)
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value), value
            assert "nan" not in value.lower() and "inf" not in value.lower(), (name, value)
    return root


def words(root: ET.Element) -> list[str]:
    """Every text the chart shows (a ``<text>`` element's own words, without its tooltip)."""
    out = []
    for e in root.iter(f"{NS}text"):
        own = (e.text or "") + "".join(
            (c.text or "") * (c.tag != f"{NS}title") + (c.tail or "") for c in e
        )
        out.append(own)
    return out


def tips(root: ET.Element) -> list[str]:
    """The tooltips: the full words of shortened labels, a cell's risks."""
    return [
        t.text or "" for e in root.iter() if e.tag != f"{NS}svg" for t in e.findall(f"{NS}title")
    ]


def described(root: ET.Element, chart: Chart) -> None:
    assert root.findtext(f"{NS}title") == chart.title
    assert root.findtext(f"{NS}desc") == chart.alt


@pytest.fixture(scope="module")
def papers() -> dict[str, dict[str, Chart]]:
    root = Path(__file__).resolve().parent.parent
    pf = load(root).portfolio
    return {p: build_charts(build_paper(pf, p)) for p in BUNDLED_PAPERS}


@pytest.mark.parametrize("paper", BUNDLED_PAPERS)
def test_svg_goldens(papers: dict[str, dict[str, Chart]], golden: Golden, paper: str) -> None:
    for name, chart in papers[paper].items():
        golden(f"charts-svg/{paper}-{name}.svg", render(chart, "svg").decode("utf-8"))


def test_every_chart_of_the_bundled_papers_says_its_values(
    papers: dict[str, dict[str, Chart]],
) -> None:
    charts = papers["cyp-oss-2010-10"]
    assert list(charts) == list(MODULES)
    for chart in charts.values():
        described(parse(chart), chart)

    root = parse(charts["dashboard"])
    shown = words(root)
    for row in charts["dashboard"].data["rows"]:
        assert row["name"] in shown
    assert "RED ⚠" in shown and shown.count("GREEN") > 10
    assert {"Declared", "Derived", "Schedule", "Cost", "Risk"} <= set(shown)
    assert any("⚠ marks evidence worse" in w for w in shown)

    root = parse(charts["heatmap"])
    shown = words(root)
    assert shown.count("HIGH") + shown.count("MEDIUM") + shown.count("LOW") == 25
    for key, ids in charts["heatmap"].data["cells"].items():
        assert str(len(ids)) in shown
        likelihood, impact = key.split("x")
        assert any(f"likelihood {likelihood}, impact {impact}: {', '.join(ids)}" in t
                   for t in tips(root))  # fmt: skip
    assert "Impact (1 low – 5 high)" in shown and "Likelihood (1 low – 5 high)" in shown

    chart = charts["budget"]
    shown = words(parse(chart))
    for row in chart.data["rows"]:
        assert row["name"] in shown
        for key in ("approved", "forecast", "spent"):
            assert money_short(row[key], chart.data["currency"]) in shown
    for legend in ("Approved (blue)", "Forecast outturn (orange)", "Spent to date (sky blue)"):
        assert legend in shown

    chart = charts["benefits"]
    root = parse(chart)
    shown = words(root)
    for row in chart.data["rows"]:
        said = f"{row['realised_text']} of {row['target_text']} ({row['realised_pct']}%)"
        assert said in shown
        assert row["title"] in shown or row["title"] in tips(root)
    assert "Realised to date (green)" in shown and "Target (black outline)" in shown
    assert ("Planned to date (black tick)" in shown) == chart.data["planned"]

    chart = charts["timeline"]
    root = parse(chart)
    shown = words(root)
    for row in chart.data["milestones"]:
        assert row["label"] in shown or row["label"] in tips(root)
    assert any(w.startswith("Meeting 20 Oct 2010") for w in shown)
    assert "OVERDUE 82 days" in shown


# --- awkward data --------------------------------------------------------------------------


def dashboard_row(name: str, **ratings: str | None) -> dict[str, Any]:
    full = {c: ratings.get(c, "green") for c in dashboard.COLUMNS}
    return {"name": name, "programme": False, "ratings": full, "watermelon": False, "closed": False}


def budget_row(name: str, *values: str | None) -> dict[str, Any]:
    return dict(zip(("name", "approved", "forecast", "spent"), (name, *values), strict=True))


def benefit_row(title: str, realised: float, planned: float | None = None) -> dict[str, Any]:
    return {
        "title": title, "unit": None, "target": "1000", "realised": str(realised),
        "planned": None if planned is None else str(planned), "realised_pct": realised / 10,
        "planned_pct": None if planned is None else planned / 10,
        "target_text": "£1k", "realised_text": f"£{realised:g}",
    }  # fmt: skip


def milestone(label: str, status: str = "due", late: int = 0) -> dict[str, Any]:
    return {"id": "m", "label": label, "baseline": "2010-01-01", "forecast": "2010-03-01",
            "actual": "2010-02-20" if status == "achieved" else None, "status": status,
            "days_overdue": late}  # fmt: skip


def make(name: str, items: list[dict[str, Any]]) -> Chart:
    data: dict[str, Any] = {
        "dashboard": {"columns": ["declared"], "rows": items},
        "heatmap": {"bands": {"red": 15, "amber": 8}, "cells": {}},
        "budget": {"currency": "GBP", "rows": items},
        "benefits": {"planned": any(i.get("planned") for i in items), "rows": items},
        "timeline": {"as_of": "2010-03-13", "milestones": items},
    }[name]
    if name == "heatmap":
        data["cells"] = {f"{i % 5 + 1}x{5 - i % 5}": [item["id"]] for i, item in enumerate(items)}
    return Chart(name, f"A {name} chart", f"What the {name} chart shows.", data)


def items_of(name: str, labels: list[str]) -> list[dict[str, Any]]:
    build = {
        "dashboard": lambda t: dashboard_row(t, derived="red", cost=None),
        "heatmap": lambda t: {"id": t},
        "budget": lambda t: budget_row(t, "120000", "150000.50", "30000"),
        "benefits": lambda t: benefit_row(t, 250, 400),
        "timeline": lambda t: milestone(t, "overdue", 12),
    }[name]
    return [build(t) for t in labels]


@pytest.mark.parametrize("name", MODULES)
def test_nothing_and_one_item_draw(name: str) -> None:
    for items in ([], items_of(name, ["Only one"])):
        if name == "timeline" and not items:
            continue  # a timeline of nothing is never built (it has no dates to span)
        chart = make(name, items)
        root = parse(chart)
        described(root, chart)
        if items and name != "heatmap":
            assert "Only one" in words(root)


@pytest.mark.parametrize("name", MODULES)
def test_long_names_are_shortened_with_the_full_text_as_a_tooltip(name: str) -> None:
    long = "Reduce the cost of externally commissioned residential placements " * 4
    wide = "東京都庁舎の共同調達と施設管理の統合による経費削減計画" * 2
    chart = make(name, items_of(name, [long.strip(), wide, "Short"]))
    root = parse(chart)
    if name == "heatmap":
        assert any(long.strip() in t for t in tips(root))
        return
    shown = words(root)
    assert "Short" in shown
    for full in (long.strip(), wide):
        assert full not in shown and full in tips(root)
        cut = next(w for w in shown if w.endswith("…") and full.startswith(w[:-1]))
        assert pmo.charts.svg.width(cut, 13) < 320


def test_zero_and_missing_budgets_draw_without_nonsense() -> None:
    chart = make("budget", [budget_row("Nothing yet", "0", "0", "0"),
                            budget_row("Unknown", None, None, None)])  # fmt: skip
    root = parse(chart)
    shown = words(root)
    assert shown.count("£0") == 4  # three bars' labels and the axis's one tick
    assert "Nothing yet" in shown and "Unknown" in shown


def test_benefits_beyond_their_target_or_below_nothing_stay_in_their_box() -> None:
    rows = [benefit_row("Over", 1500, 1200), benefit_row("Under", -50)]
    root = parse(make("benefits", rows))
    bars = [e for e in root.iter(f"{NS}rect") if e.get("fill") == "#009E73"]
    outline = [e for e in root.iter(f"{NS}rect") if e.get("stroke") == "#000000"]
    assert len(bars) == 2  # "Over"'s bar and the legend's mark: "Under" has none
    assert bars[0].get("width") == outline[0].get("width")
    assert "£1500 of £1k (150.0%)" in words(root)


@pytest.mark.parametrize("name", MODULES)
def test_hostile_text_is_text(name: str) -> None:
    chart = make(name, items_of(name, [HOSTILE]))
    chart.title, chart.alt = HOSTILE, HOSTILE
    data = render(chart, "svg").decode("utf-8")
    assert "<script" not in data and "&lt;script&gt;" in data
    root = parse(chart)
    shown = words(root) + tips(root) + [root.findtext(f"{NS}title") or ""]
    assert any("<script>alert('x')</script> & \"Q\" \\x1b[2J\\u202eevil\\u200b" in w for w in shown)


@pytest.mark.parametrize("name", MODULES)
def test_each_module_draws_svg(name: str) -> None:
    assert callable(module(name).svg)
