"""The dashboard site behind ``pmo site``: static pages for the board, built from the reports.

A registry of page kinds, like :mod:`pmo.charts`: each module in :data:`PAGES` has
``NAME`` and ``pages(data) -> Iterable[Page]``, reading :class:`~pmo.site.data.SiteData`
(every report built once). Adding a kind of page is one module, one template and one
line here (and one in :data:`NAV` if it has a place in the navigation).

:func:`build` renders every page through the sandboxed HTML templates
(:mod:`pmo.site.render`), draws the charts the pages show (the papers' as light SVG files,
:func:`pmo.charts.render`, each once: a chart file is named by its content and kept
between builds), writes the stylesheet and the script, and removes the pages of an earlier build
that are gone (it keeps a list of what it wrote, ``.pmo-site``; a folder not written by
``pmo site`` is refused unless empty). Pages work from ``file://`` and any static host:
links are relative, nothing is fetched, and a Content-Security-Policy forbids the rest.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pmo.charts import Chart
    from pmo.site.data import SiteData

#: The page kinds, in the order they are built.
PAGES = (
    "index",
    "work",
    "risks",
    "milestones",
    "issues",
    "decisions",
    "benefits",
    "changes",
    "papers",
)
#: The navigation: a page's path and its label, in order.
NAV = (
    ("index.html", "Status"),
    ("risks.html", "Risks"),
    ("milestones.html", "Milestones"),
    ("issues.html", "Issues"),
    ("decisions.html", "Decisions"),
    ("benefits.html", "Benefits"),
    ("changes.html", "Changes"),
    ("papers/index.html", "Papers"),
)
#: The list of files a build wrote, kept in the site's folder.
MANIFEST = ".pmo-site"
ASSETS = Path(__file__).resolve().parent / "assets"


class SiteError(Exception):
    """The site cannot be written where asked (the message says why)."""


@dataclass(slots=True)
class Page:
    """One page: where it goes, its title, its template and what the template is given."""

    path: str
    title: str
    template: str
    context: dict[str, Any]
    #: The :data:`NAV` entry it belongs to.
    section: str
    #: The trail from the home page to it: (path, label) of each page above it.
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    #: Chart files it shows (see :func:`chart_path`): path in the site → the chart.
    charts: dict[str, Chart] = field(default_factory=dict)
    #: Fills in the context and charts when the page is written (for heavy pages, such as
    #: papers: built in the worker that writes them).
    make: Callable[[Page], None] | None = None
    #: Problems met making it, one line each.
    problems: list[str] = field(default_factory=list)


class PageModule(Protocol):
    NAME: str

    def pages(self, data: SiteData) -> Iterable[Page]: ...


def module(name: str) -> PageModule:
    """The page module called ``name``."""
    if name not in PAGES:
        raise KeyError(name)
    found: PageModule = importlib.import_module(f"pmo.site.{name}")  # type: ignore[assignment]
    return found


@dataclass(slots=True)
class Built:
    """What a build wrote: the pages, the chart files (and how many were drawn afresh), and
    the files of the earlier build it removed."""

    pages: list[str]
    charts: list[str]
    drawn: int
    removed: list[str]


def chart_path(chart: Chart) -> str:
    """Where a chart's SVG goes: ``charts/NAME-HASH.svg``, named by everything that draws it,
    so an unchanged chart is never drawn twice."""
    from pmo import __version__

    key = json.dumps(
        [__version__, "svg", chart.name, chart.title, chart.alt, chart.data, list(chart.size)],
        sort_keys=True,
        default=str,
    )
    return f"charts/{chart.name}-{hashlib.sha256(key.encode()).hexdigest()[:20]}.svg"


def base_of(path: str) -> str:
    """The way back to the site's top from a page: ``""`` or ``"../"``."""
    return "../" * path.count("/")


def _draw(chart: Chart) -> bytes:
    from pmo.charts import render

    return render(chart, "svg")


def previous_files(out: Path) -> list[str] | None:
    """The files an earlier build wrote in ``out`` (None: no earlier build there)."""
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"{out / MANIFEST}: cannot read it ({exc})") from None
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _inside(out: Path, rel: str) -> Path | None:
    """``out / rel`` when ``rel`` is a plain relative path that stays inside ``out``."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        return None
    return out.joinpath(*parts)


@dataclass(slots=True)
class _Build:
    """A build under way: what each page job reads (forked workers inherit it)."""

    pages: list[Page]
    env: Any
    site: dict[str, Any]
    out: Path
    #: Chart files an earlier build wrote (reused when still there).
    kept: set[str]
    #: Chart files this process has drawn.
    drawn: set[str] = field(default_factory=set)


_BUILD: _Build | None = None


def _write_page(index: int) -> tuple[str, list[str], list[str], list[str]]:
    """Make, draw and write page ``index`` of the build under way: its path, its chart
    files, those of them drawn now, and its problems."""
    from pmo.atomic import write_atomic

    job = _BUILD
    assert job is not None
    page = job.pages[index]
    if page.make is not None:
        page.make(page)
    drawn = []
    for path, chart in page.charts.items():
        if path in job.drawn or (path in job.kept and (job.out / path).is_file()):
            continue  # drawn by this process already, or by an earlier build
        write_atomic(job.out / path, _draw(chart), durable=False)
        job.drawn.add(path)
        drawn.append(path)
    html = job.env.get_template(page.template).render(
        site=job.site, page=page, base=base_of(page.path), **page.context
    )
    write_atomic(job.out / page.path, html.encode("utf-8"), durable=False)
    return page.path, sorted(page.charts), drawn, page.problems


def build(data: SiteData, out: Path) -> Built:
    """Write the site for ``data`` into the folder ``out``; the problems met (a paper whose
    template fails) are added to ``data.problems``."""
    global _BUILD
    from pmo.atomic import write_atomic
    from pmo.parallel import pmap
    from pmo.site.index import filter_css
    from pmo.site.render import environment

    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder")
    before = previous_files(out)
    if before is None and out.is_dir() and any(out.iterdir()):
        raise SiteError(
            f"{out} is not empty and holds no site written by pmo site; "
            "choose a new or empty folder"
        )
    pages = [page for name in PAGES for page in module(name).pages(data)]
    site = {
        "name": data.name,
        "as_of": data.as_of,
        "nav": NAV,
        "commit": data.pf.source.commit,
        "paths": data.paths,
    }
    env = environment(data.currency, data.pf.settings.risk_bands)
    _BUILD = _Build(pages, env, site, out, set(before or ()))
    # Papers (built, rendered and drawn when written) first, shared out one or two at a
    # time; then the many light pages.
    heavy = [i for i, page in enumerate(pages) if page.make is not None]
    light = [i for i, page in enumerate(pages) if page.make is None]
    try:
        results = pmap(_write_page, heavy, "Writing board papers", min_jobs=2)
        results += pmap(_write_page, light, "Writing pages")
    finally:
        _BUILD = None
    written = [path for path, _, _, _ in results]
    charts = sorted({chart for _, paths, _, _ in results for chart in paths})
    for _, _, _, problems in results:
        data.problems.extend(problems)

    assets = {
        "assets/site.css": (ASSETS / "site.css").read_text(encoding="utf-8") + filter_css(data),
        "assets/site.js": (ASSETS / "site.js").read_text(encoding="utf-8"),
    }
    for path, text in assets.items():
        write_atomic(out / path, text.encode("utf-8"), durable=False)

    now = [*written, *charts, *assets]
    removed = []
    for rel in sorted(set(before or ()) - set(now)):
        target = _inside(out, rel)
        if target is not None and target.is_file() and not target.is_symlink():
            target.unlink()
            removed.append(rel)
    listing = "# The files pmo site wrote here; it removes them when they are gone.\n"
    write_atomic(out / MANIFEST, (listing + "\n".join(now) + "\n").encode("utf-8"), durable=False)
    drawn = {path for _, _, paths, _ in results for path in paths}
    return Built(written, charts, len(drawn), removed)
