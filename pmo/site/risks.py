"""The risk register page: the heat map of open risks, then the register (``pmo risks``)."""

from __future__ import annotations

from collections.abc import Iterator

from pmo.asof import BAND_LABELS, risk_band
from pmo.reports.heatmap import SCALE, HeatMap
from pmo.site import Page
from pmo.site.data import SiteData

NAME = "risks"


def heat_rows(data: SiteData) -> list[dict[str, object]]:
    """The heat map's rows, likelihood 5 (top) to 1: each cell's band and count."""
    register = data.risks
    counts = HeatMap(register).counts()
    rows = []
    for likelihood in reversed(SCALE):
        cells = []
        for impact in SCALE:
            band = risk_band(likelihood * impact, register.bands)
            cells.append(
                {
                    "impact": impact,
                    "band": band,
                    "label": BAND_LABELS[band],
                    "count": counts[likelihood - 1][impact - 1],
                }
            )
        rows.append({"likelihood": likelihood, "cells": cells})
    return rows


def pages(data: SiteData) -> Iterator[Page]:
    register = data.risks
    yield Page(
        "risks.html",
        "Risk register",
        "risks.html.j2",
        {
            "rows": register.rows,
            "heat": heat_rows(data),
            "bands": register.bands,
            "escalation_score": register.escalation_score,
            "escalated": len(register.escalated),
        },
        section="risks.html",
    )
