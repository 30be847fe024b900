"""The dashboard site behind ``pmo site``: static pages for the board, built from the reports.

A registry of page kinds, like :mod:`pmo.charts`: each module in :data:`PAGES` has
``NAME`` and ``pages(data) -> Iterable[Page]``, reading :class:`~pmo.site.data.SiteData`
(every report built once). Adding a kind of page is one module, one template and one
line here (and one in :data:`NAV` if it has a place in the navigation).

:func:`build` renders every page through the sandboxed HTML templates
(:mod:`pmo.site.render`), draws the charts the pages show (the papers' through
matplotlib, in parallel, each once: a chart file is named by its content and kept between
builds), writes the stylesheet and the script, and removes the pages of an earlier build
that are gone (it keeps a list of what it wrote, ``.pmo-site``; a folder not written by
``pmo site`` is refused unless empty). Pages work from ``file://`` and any static host:
links are relative, nothing is fetched, and a Content-Security-Policy forbids the rest.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Iterable
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
        [__version__, chart.name, chart.title, chart.alt, chart.data, list(chart.size)],
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


def build(data: SiteData, out: Path) -> Built:
    """Write the site for ``data`` into the folder ``out``."""
    from pmo.atomic import write_atomic
    from pmo.parallel import pmap
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

    wanted: dict[str, Chart] = {}
    for page in pages:
        wanted.update(page.charts)
    kept = set(before or ())
    fresh = [
        (path, chart)
        for path, chart in wanted.items()
        if path not in kept or not (out / path).is_file()
    ]
    drawings = pmap(_draw, [chart for _, chart in fresh], "Drawing charts", min_jobs=8)
    for (path, _), svg in zip(fresh, drawings, strict=True):
        write_atomic(out / path, svg, durable=False)

    env = environment(data.currency, data.pf.settings.risk_bands)
    site = {
        "name": data.name,
        "as_of": data.as_of,
        "nav": NAV,
        "commit": data.pf.source.commit,
        "paths": data.paths,
    }
    written = []
    for page in pages:
        base = base_of(page.path)
        html = env.get_template(page.template).render(
            site=site, page=page, base=base, **page.context
        )
        write_atomic(out / page.path, html.encode("utf-8"), durable=False)
        written.append(page.path)
    from pmo.site.index import filter_css

    assets = {
        "assets/site.css": (ASSETS / "site.css").read_text(encoding="utf-8") + filter_css(data),
        "assets/site.js": (ASSETS / "site.js").read_text(encoding="utf-8"),
    }
    for path, text in assets.items():
        write_atomic(out / path, text.encode("utf-8"), durable=False)

    now = [*written, *wanted, *assets]
    removed = []
    for rel in sorted(set(before or ()) - set(now)):
        target = _inside(out, rel)
        if target is not None and target.is_file() and not target.is_symlink():
            target.unlink()
            removed.append(rel)
    listing = "# The files pmo site wrote here; it removes them when they are gone.\n"
    write_atomic(out / MANIFEST, (listing + "\n".join(now) + "\n").encode("utf-8"), durable=False)
    return Built(written, sorted(wanted), len(fresh), removed)
