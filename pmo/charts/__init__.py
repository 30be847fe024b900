"""Charts for board papers: a registry of chart modules, each drawn from a paper's computed data.

Each chart module (``dashboard``, ``timeline``, ``heatmap``, ``budget``, ``benefits``) has
``NAME``, ``build(paper) -> Chart | None`` (the chart's data as plain JSON-able values,
its title and its alt text; None when the paper has nothing to draw) and
``draw(chart) -> Figure`` (matplotlib on its Agg backend, for the PNG pictures of Word and
PDF documents) and ``svg(chart) -> str`` (the same chart as light SVG text, built with
:mod:`pmo.charts.svg`: what HTML documents, the site and markdown papers show; a site
draws hundreds). Adding a chart is one module and one line in :data:`MODULES`. Golden files
hold :attr:`Chart.data`, and the SVG of the bundled papers' charts.

Colours are the Okabe-Ito colour-blind-safe palette (:mod:`pmo.charts.palette`), and
every colour is also said in words: in the picture (labels, legends) and in the alt text.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from pmo.reports.paper import PaperContext

#: The chart modules, in the order a paper shows them.
MODULES = ("dashboard", "timeline", "heatmap", "budget", "benefits")
#: Print resolution of the PNG pictures in Word and PDF documents.
PRINT_DPI = 200

Format = Literal["svg", "png"]


@dataclass(slots=True)
class Chart:
    """A chart's data, title and alt text: everything needed to draw it or describe it."""

    name: str
    title: str
    alt: str
    data: dict[str, Any] = field(default_factory=dict)
    #: Width and height in inches at which it is drawn (and placed on an A4 page).
    size: tuple[float, float] = (6.5, 3.5)


class ChartModule(Protocol):
    NAME: str

    def build(self, paper: PaperContext) -> Chart | None: ...

    def draw(self, chart: Chart) -> Figure: ...

    def svg(self, chart: Chart) -> str: ...


def module(name: str) -> ChartModule:
    """The chart module called ``name``."""
    if name not in MODULES:
        raise KeyError(name)
    found: ChartModule = importlib.import_module(f"pmo.charts.{name}")  # type: ignore[assignment]
    return found


def build_charts(paper: PaperContext) -> dict[str, Chart]:
    """Every chart the paper has data for, by name, in :data:`MODULES` order."""
    out = {}
    for name in MODULES:
        chart = module(name).build(paper)
        if chart is not None:
            chart.title, chart.alt, chart.data = (
                _inert(chart.title),
                _inert(chart.alt),
                _inert(chart.data),
            )
            out[name] = chart
    return out


def _inert(value: Any) -> Any:
    """Every text in a chart's data shown inert (:func:`pmo.inert.line`): no control
    character reaches a picture (an SVG cannot even hold one)."""
    from pmo.inert import line

    if isinstance(value, str):
        return line(value)
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_inert(v) for v in value)
    return value


def render(chart: Chart, fmt: Format, dpi: int = PRINT_DPI) -> bytes:
    """The chart as an SVG file (the module's light ``svg``) or PNG bytes (matplotlib, at
    ``dpi``); reproducible: no dates or versions in the file."""
    import io

    from pmo.charts.palette import setup

    if fmt == "svg":
        from pmo.charts.svg import DECLARATION

        return (DECLARATION + module(chart.name).svg(chart) + "\n").encode("utf-8")

    setup()
    import matplotlib.pyplot as plt

    figure = module(chart.name).draw(chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
