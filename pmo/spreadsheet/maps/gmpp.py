"""The UK Government Major Projects Portfolio (GMPP) annual-report CSVs, as projects.

``pmo import gmpp_2023_24.csv --map gmpp --update`` reads one year's file: each row is a
project of its department's programme (``dept-dft``, created when new), with its senior
responsible owner as lead (created when new; "Unknown SRO" before 2024-25, when the
reports began to name them), start and end, whole-life cost as approved budget, the
GMPP ID as its reference, and the IPA's Delivery Confidence Assessment, with the first
sentence of the department's commentary, as an update dated when the ratings stand
(SOURCE.md beside the files, else 31 March of the year the file names). Published cells
that hold no value (exemptions, "N/A", "not yet in a position to...") are left empty, and
an empty cell keeps what an earlier year said; ranges ("Low: ..., Mid: ...") give their
mid value. Import the years oldest first, with ``--update`` after the first.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

NAME = "gmpp"
KIND = "projects"
#: Only these headers: the office headers would read a narrative column as a field.
OVERLAY = False
UNKNOWN_SRO = "Unknown SRO"
NO_COMMENTARY = "No commentary published."

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "projects": {
        "ref": (r"re:^gmpp id", r"re:^major projects? id", r"re:^project id"),
        "name": (r"re:^project name",),
        "programme": (r"re:^department$", r"re:^department organisation", r"re:^dept"),
        "tags": (r"re:^annual report category",),
        "description": (r"re:^description", r"re:^project description"),
        "rag": (r"re:^ipa delivery confidence", r"re:^nista delivery confidence"),
        "summary": (r"re:^departmental commentary",),
        "start": (r"re:^project start date", r"re:^start date"),
        "end": (r"re:^project end date", r"re:^end date"),
        "approved": (r"re:^total baseline whole life", r"re:^whole life cost"),
        "lead": (r"re:^senior responsible owner", r"re:^sro name"),
    }
}

DEPARTMENTS: dict[str, str] = {
    "BEIS": "Department for Business, Energy and Industrial Strategy",
    "BIS": "Department for Business, Innovation and Skills",
    "CO": "Cabinet Office",
    "DBT": "Department for Business and Trade",
    "DCMS": "Department for Culture, Media and Sport",
    "DECC": "Department of Energy and Climate Change",
    "DEFRA": "Department for Environment, Food and Rural Affairs",
    "DEFRA & DFT": "Department for Environment, Food and Rural Affairs and Department for "
    "Transport (joint)",
    "DESNZ": "Department for Energy Security and Net Zero",
    "DFE": "Department for Education",
    "DFT": "Department for Transport",
    "DHSC": "Department of Health and Social Care",
    "DLUHC": "Department for Levelling Up, Housing and Communities",
    "DSIT": "Department for Science, Innovation and Technology",
    "DWP": "Department for Work and Pensions",
    "FCDO": "Foreign, Commonwealth and Development Office",
    "HMLR": "HM Land Registry",
    "HMRC": "HM Revenue and Customs",
    "HMT": "HM Treasury",
    "HO": "Home Office",
    "MHCLG": "Ministry of Housing, Communities and Local Government",
    "MOD": "Ministry of Defence",
    "MOJ": "Ministry of Justice",
    "NCA": "National Crime Agency",
    "ONS": "Office for National Statistics",
    "VOA": "Valuation Office Agency",
}


def programme_id(code: str) -> str:
    return "dept-" + (re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-") or "unknown")


OPTIONS: dict[str, Any] = {
    "new_people": True,
    "new_programmes": True,
    "blank_keeps": True,
    "programme_names": {programme_id(c): n for c, n in DEPARTMENTS.items()},
}

#: "Low: 1,200.50, Mid: 20,300.00" → each label and its value (commas inside a number kept).
_LABELLED = re.compile(r"\b(low|mid|high)\s*:\s*(.+?)\s*(?=[,;]\s*(?:low|mid|high)\s*:|$)")
_NA = {"na", "n/a", "n.a.", "not applicable", "none", "-", "nil", "tbc", "tbd", "0"}
_NOT_YET = (
    "not in a position",
    "not yet in a position",
    "planning stage",
    "early planning",
    "armp adjustment",
    "did not provide",
)
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9£\"'(])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"
)
_RATING_RUN_ON = re.compile(
    r"(.*?\b(?:is|at|to|remains|of)\s+(?:amber\s*/\s*green|amber\s*/\s*red|amber|green|red))"
    r"\s+(?!(?:amber|green|red)\b)(?=[A-Z][a-z])",
    re.IGNORECASE,
)


def one_line(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u200b", "").split())


def usable(text: str) -> bool:
    """Does a cell hold a value (not blank, "N/A", an exemption, "not yet available")?"""
    low = one_line(text).lower()
    if not low or low in _NA:
        return False
    if "exempt" in low or re.match(r"section\s*\d+", low):
        return False
    return not any(phrase in low for phrase in _NOT_YET)


def ranged(text: str) -> str:
    """A "Low: x, Mid: y, High: z" cell → its mid value (else high, else low)."""
    labelled: dict[str, str] = dict(_LABELLED.findall(one_line(text).lower()))
    for key in ("mid", "high", "low"):
        if key in labelled:
            return labelled[key].strip()
    return text


def rating(text: str) -> str | None:
    low = re.sub(r"\s*[/\\-]\s*", "-", one_line(text).lower())
    low = low.replace("amber green", "amber-green").replace("amber red", "amber-red")
    return low if low in ("green", "amber-green", "amber", "amber-red", "red") else None


def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of a commentary (a line break before a capital ends one too)."""
    head = re.split(r"[ \t]*\n\s*(?=[A-Z0-9(\u2022-])", text.strip(), maxsplit=1)[0]
    sentence = _SENTENCE_END.split(one_line(head), maxsplit=1)[0].strip()
    m = _RATING_RUN_ON.match(sentence)
    if m:
        sentence = m.group(1) + "."
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def date_text(text: str) -> str | None:
    """A published date cell → text the importer reads, or None (no usable date)."""
    cell = ranged(text)
    if not usable(cell):
        return None
    m = re.search(
        r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?:st|nd|rd|th)? [A-Za-z]+,? \d{4}",
        cell,
    )
    if m:
        return m.group(0)
    return cell if re.fullmatch(r"\d{5}(\.0+)?", one_line(cell)) else None


def money_text(text: str) -> str | None:
    """A £m cell → pounds, or None; negative amounts are ignored as the converter did."""
    cell = one_line(ranged(text)).replace("£", "").replace(",", "").replace(" ", "")
    cell = re.sub(r"(?i)m$", "", cell)
    if not re.fullmatch(r"\d+(?:\.\d+)?", cell):
        return None
    return f"{Decimal(cell) * 1000000:f}"


def lead_name(text: str) -> str:
    names = [one_line(p) for p in re.split(r"\s*(?:,|;|\n|\s&\s|\band\b)\s*", text)]
    names = [n for n in names if n]
    return names[0] if names and usable(text) else UNKNOWN_SRO


def category_tags(text: str) -> str:
    category = one_line(text)
    if not usable(category):
        return "gmpp"
    m = re.search(r"\(([A-Za-z]{2,6})\)\s*$", category)
    tag = re.sub(r"[^a-z0-9]+", "-", (m.group(1) if m else category).lower()).strip("-")
    return f"gmpp, {tag}" if tag else "gmpp"


def rated_at(path: Path) -> dt.date:
    """When a file's ratings stand: SOURCE.md's table, else 31 March of the year it names."""
    source = path.parent / "SOURCE.md"
    if source.is_file():
        text = source.read_text(encoding="utf-8", errors="replace")
        pattern = rf"\|\s*{re.escape(path.name)}\s*\|\s*(\d{{4}}-\d{{2}}-\d{{2}})\s*\|"
        m = re.search(pattern, text)
        if m:
            return dt.date.fromisoformat(m.group(1))
    m = re.search(r"(\d{4})[_-](\d{2,4})", path.stem)
    if m is None:
        return dt.date(dt.date.today().year, 3, 31)
    first, tail = int(m.group(1)), int(m.group(2)[-2:])
    end = first // 100 * 100 + tail
    return dt.date(end + 100 if end <= first else end, 3, 31)


def prepare(rows: list[Any], context: Any) -> list[Any]:
    """Clean each published row; rows without a project name, and repeats, are dropped."""
    day = rated_at(context.path)
    seen: set[str] = set()
    out = []
    for row in rows:
        cells = {
            k: (one_line(str(v)) if k != "summary" and v is not None else v)
            for k, v in row.cells.items()
        }
        name = cells.get("name") or ""
        if not name or not usable(name):
            continue
        key = (cells.get("ref") or "").upper() or re.sub(r"[^a-z0-9]", "", name.lower())
        if key in seen:
            continue
        seen.add(key)
        code = one_line(str(cells.get("programme") or "")).upper() or "UNKNOWN"
        cells["programme"] = programme_id(code)
        cells["tags"] = category_tags(str(cells.get("tags") or ""))
        description = str(cells.get("description") or "")
        cells["description"] = description if usable(description) else None
        rag = rating(str(cells.get("rag") or ""))
        cells["rag"] = rag
        commentary = str(cells.get("summary") or "")
        cells["summary"] = (
            (first_sentence(commentary) if usable(commentary) else NO_COMMENTARY) if rag else None
        )
        cells["update_date"] = day
        for key in ("start", "end"):
            cells[key] = date_text(str(cells.get(key) or ""))
        if cells["start"] and cells["end"]:
            from pmo.spreadsheet.values import parse_date

            try:
                if parse_date(cells["end"]) <= parse_date(cells["start"]):
                    cells["end"] = None
            except ValueError:
                pass
        cells["approved"] = money_text(str(cells.get("approved") or ""))
        cells["lead"] = lead_name(str(cells.get("lead") or ""))
        row.cells = cells
        row.where.setdefault("update_date", row.at)
        out.append(row)
    return out
