"""Helpers for the site's tests: a repository of hostile text, and a reader of the pages.

:func:`hostile_repository` copies the bundled records and puts :data:`HOSTILE` into every
piece of free text (names, titles, summaries, descriptions, mitigations, sections ...).
:func:`read_page` parses a written page into its tags, text and ids; :func:`problems_of`
says what is wrong with one (structure for accessibility, anything injected, links).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

#: Text that would run script, add elements, break attributes, evaluate a template, link to
#: script or add markdown markup if any of it were taken as code.
HOSTILE = (
    "<script>alert('x')</script><img src=x onerror=alert(1)>\"' onmouseover=\"alert(2)"
    " {{ 7*7 }} [link](javascript:alert(3)) </main><h1>Injected</h1>"
)
#: Keys whose string values (or list of strings) are free text in the records.
TEXT_KEYS = {
    "name", "title", "summary", "description", "outcome", "resolution", "action", "measure",
    "heading", "body", "role", "organisation", "meets", "category", "achievements",
    "next_steps", "decisions_needed", "recommendations", "ref", "consultation",
}  # fmt: skip


def _poison(data: Any) -> Any:
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in TEXT_KEYS and isinstance(value, str):
                out[key] = f"{value} {HOSTILE}"
            elif key in TEXT_KEYS and isinstance(value, list):
                out[key] = [f"{v} {HOSTILE}" if isinstance(v, str) else _poison(v) for v in value]
            else:
                out[key] = _poison(value)
        return out
    if isinstance(data, list):
        return [_poison(v) for v in data]
    return data


def hostile_repository(dest: Path) -> Path:
    """A copy of the bundled repository with :data:`HOSTILE` in every piece of free text."""
    from ruamel.yaml import YAML

    dest.mkdir(parents=True)
    shutil.copy(ROOT / "pmo.yaml", dest / "pmo.yaml")
    shutil.copytree(ROOT / "records", dest / "records")
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    for path in [dest / "pmo.yaml", *sorted((dest / "records").rglob("*.yaml"))]:
        data = yaml.load(path.read_text(encoding="utf-8"))
        with path.open("w", encoding="utf-8") as f:
            yaml.dump(_poison(data), f)
    return dest


@dataclass
class Page:
    """What a page is made of: every start tag (name, attributes), its text and ids."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def named(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if "id" in values:
            self.page.ids.add(values["id"])

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def pages_of(site: Path) -> list[str]:
    """Every page of a written site, as paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _target(site: Path, page: str, link: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link from ``page`` points at (None: not a file link)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    here = (site / page).parent
    path = (here / unquote(parts.path)).resolve() if parts.path else (site / page).resolve()
    return path, parts.fragment


def problems_of(site: Path, page: str) -> list[str]:
    """What is wrong with one page: its structure for accessibility (one h1, a main
    landmark, a skip link, lang, captions and header scopes, alt text), anything that is
    not the site's own markup (scripts, handlers, inline styles, outside addresses), and
    links that lead nowhere."""
    found: list[str] = []
    doc = read_page(site / page)

    def say(text: str) -> None:
        found.append(f"{page}: {text}")

    html = doc.named("html")
    if not html or html[0].get("lang") != "en-GB":
        say("the html element has no lang='en-GB'")
    if len(doc.named("h1")) != 1:
        say(f"{len(doc.named('h1'))} h1 elements, not one")
    mains = doc.named("main")
    if len(mains) != 1 or mains[0].get("id") != "main":
        say("not exactly one main element with id 'main'")
    first = doc.tags[[t for t, _ in doc.tags].index("body") + 1] if doc.named("body") else None
    if first is None or first[0] != "a" or first[1].get("href") != "#main":
        say("the first thing in the body is not a skip link to #main")
    tables = doc.named("table")
    if len(doc.named("caption")) != len(tables) and "papers/" not in page:
        say(f"{len(tables)} tables but {len(doc.named('caption'))} captions")
    for attrs in doc.named("th"):
        if "scope" not in attrs:
            say(f"a table header cell without scope: {attrs}")
    for attrs in doc.named("img"):
        if not attrs.get("alt"):
            say(f"an image without alt text: {attrs.get('src', '')[:60]}")
    for attrs in doc.named("svg"):
        if attrs.get("role") != "img" or not attrs.get("aria-labelledby"):
            say("a chart without role='img' and a label")
    for tag, attrs in doc.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                say(f"an event handler attribute: <{tag} {name}={value!r}>")
            if name == "style":
                say(f"an inline style: <{tag} style={value!r}>")
            if name in ("href", "src") and value.strip().lower().startswith(
                ("javascript:", "vbscript:", "file:")
            ):
                say(f"a script or file address: <{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "form", "base"):
            say(f"an unexpected <{tag}>")
    scripts = doc.named("script")
    if [s.get("src", "").rsplit("/", 1)[-1] for s in scripts] != ["site.js"]:
        say(f"scripts other than the site's own: {scripts}")
    for tag, attrs in doc.tags:
        resource = attrs.get("src") if tag in ("img", "script") else None
        if tag == "link":
            resource = attrs.get("href")
        if resource and not resource.startswith("data:") and urlsplit(resource).scheme:
            say(f"a resource from outside the folder: <{tag}> {resource}")
    for tag, attrs in doc.tags:
        link = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
        if not link or link.startswith(("data:", "mailto:")):
            continue
        target = _target(site, page, link)
        if target is None:
            continue
        path, fragment = target
        if site.resolve() not in (path, *path.parents):
            say(f"a link out of the site: {link}")
        elif not path.is_file():
            say(f"a link to a missing file: {link}")
        elif fragment and path.suffix == ".html" and fragment not in read_page(path).ids:
            say(f"a link to a missing anchor: {link}")
    return found
