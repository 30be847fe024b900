"""Realistic messy spreadsheets built in code, as programme offices keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

RISK_HEADERS = [
    "Ref",
    "Risk Description",
    "Risk Owner",
    "Likelihood (1-5)",
    "Impact (1-5)",
    "Score",
    "RAG",
    "Mitigating Actions",
    "Date Raised",
    "Next Review",
    "Workstream",
    "Notes",
]


def workbook(
    path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None
) -> Path:
    """Write ``sheets`` (name → rows) to ``path``; ``merges``: name → ranges to merge."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(name, []):
            ws.merge_cells(cells)
    book.save(path)
    return path


def council_raid_log(path: Path, extra: list[list[Any]] | None = None) -> Path:
    """A council's RAID log: title rows, a merged banner, blank rows, a workstream section
    row merged across the sheet, dates as dates and as text, names instead of ids."""
    rows: list[list[Any]] = [
        ["Coventry, Solihull & Warwickshire: Corporate Risk Register"],
        ["Last updated: 01/10/2010", None, None, "Owner: Programme Office"],
        [],
        RISK_HEADERS,
        ["ADULT SERVICES"] * len(RISK_HEADERS),
        [
            "AS-01",
            "Health partners withdraw from the pooled budget",
            "monica fogarty",
            "3 - Possible",
            "Major",
            12,
            "Amber",
            "Agree MoU (owner: Jos Parry; due: 01/12/2010)\nMonthly check-ins with the PCTs",
            dt.datetime(2010, 5, 1),
            "01/11/2010",
            None,
            "raised at the July board",
        ],
        [],
        [
            "AS-02",
            "Care home market fails",
            "Jos Parry",
            4,
            "4 - major",
            15,
            "red",
            None,
            "14 Jan 2010",
            "2010-12-01",
            "csw-adults",
            None,
        ],
        [
            "WST-07",
            "Landfill tax rises faster than planned",
            "DOUG JONES",
            "likely",
            "Severe",
            20,
            "High",
            None,
            "7 June 2010",
            None,
            "Waste Treatment",
            None,
        ],
        *(extra or []),
    ]
    return workbook(path, {"RAID Log": rows}, {"RAID Log": ["A1:L1", "A5:L5"]})
