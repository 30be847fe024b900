"""HTML for the site: a sandboxed Jinja environment with autoescape on, and the site's filters.

Every value a template prints is HTML-escaped by Jinja's autoescape (markupsafe), so record
text stays text, its hidden characters (a bidi override, a zero-width space) shown as
escapes; only :class:`markupsafe.Markup` made here (an inline SVG chart drawn by
:mod:`pmo.charts`, a paper's body from :mod:`pmo.documents.html`) is placed as written.
The templates run in Jinja's immutable sandbox, reading attributes of pmo's own plain data
only. The filters are one-liners over :mod:`pmo.formats`, the only formatters.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmo import formats
from pmo.asof import BAND_LABELS, risk_band
from pmo.inert import unhidden
from pmo.rag import RANK

if TYPE_CHECKING:
    from jinja2 import Environment

    from pmo.records import RiskBands

#: The site's own templates (``NAME.html.j2``), shipped inside the package.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def rating_key(value: object) -> str:
    """The CSS name of a rating (``amber-green``), or ``none`` for anything else: a rating's
    word as ``pmo status`` prints it (``AMBER-GREEN``, ``AMBER/GREEN``) counts too.

    >>> rating_key("AMBER/GREEN"), rating_key("red"), rating_key("no update"), rating_key(None)
    ('amber-green', 'red', 'none', 'none')
    """
    text = str(value or "").lower().replace("/", "-")
    return text if text in RANK else "none"


def filters(currency: str, bands: RiskBands) -> dict[str, Callable[..., Any]]:
    """The site's template filters: :mod:`pmo.formats` in the portfolio's currency, and the
    CSS names of ratings and risk bands."""

    def money(value: object, style: str = "full", *, signed: bool = False) -> str:
        return formats.money(value, currency, style, signed=signed)

    def quantity(value: Decimal | None, unit: str | None, style: str = "brief") -> str:
        return formats.quantity(value, unit, currency, style)

    def band(score: int) -> str:
        return risk_band(score, bands)

    def band_label(score: int) -> str:
        return BAND_LABELS[risk_band(score, bands)]

    return {
        "money": money,
        "quantity": quantity,
        "percent": formats.percent,
        "number": formats.number,
        "ratio": formats.ratio,
        "date": formats.date,
        "rating": formats.rating,
        "rating_key": rating_key,
        "trend": formats.trend,
        "plural": formats.plural,
        "days": formats.days,
        "band": band,
        "band_label": band_label,
        "iso": formats.iso,
    }


#: What the site's own templates may read attributes of (:func:`pmo.sandbox.safe_type`).
_SITE_MODULES = ("pmo.records", "pmo.reports", "pmo.rag", "pmo.scope", "pmo.site")
_SITE_JINJA = {
    ("jinja2.utils", "Namespace"),
    ("jinja2.runtime", "LoopContext"),
    ("jinja2.environment", "TemplateModule"),
}


def _unhidden(value: Any) -> Any:
    """Record text with its hidden characters (bidi overrides, zero-width spaces, controls)
    shown as escapes; autoescape then escapes its HTML. Markup made here is left as it is."""
    return unhidden(value) if type(value) is str else value


def environment(currency: str, bands: RiskBands) -> Environment:
    """The site's sandboxed environment over its own templates; HTML autoescaped."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from pmo.sandbox import safe_type

    checked: dict[tuple[type, str], bool] = {}

    class Sandbox(ImmutableSandboxedEnvironment):
        """Attributes only of pmo's plain data and simple values. Whether an attribute is
        safe depends only on the object's type and the attribute's name, so each answer is
        kept (a site reads the same few attributes of thousands of rows)."""

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            key = (type(obj), attr)
            found = checked.get(key)
            if found is None:
                found = super().is_safe_attribute(obj, attr, value) and safe_type(
                    obj, _SITE_MODULES, _SITE_JINJA
                )
                checked[key] = found
            return found

    env = Sandbox(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_unhidden,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    env.filters.update(filters(currency, bands))
    return env
