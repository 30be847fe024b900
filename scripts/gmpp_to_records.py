"""Convert the UK Government Major Projects Portfolio (GMPP) CSVs into a pmo records repository."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

DEFAULT_DATA_DIR = Path("/work/shared/data/gmpp")
AS_OF = date(2026, 3, 31)
UNKNOWN_SRO = "Unknown SRO"
NO_COMMENTARY = "No commentary published."
ID_MAX = 64

# Canonical field -> regexes matched against the header's first line, lower-cased and with
# whitespace collapsed. The first matching column wins.
HEADER_PATTERNS: dict[str, tuple[str, ...]] = {
    "gmpp_id": (r"^gmpp id", r"^major projects? id", r"^project id"),
    "name": (r"^project name",),
    "department": (r"^department$", r"^department / organisation", r"^dept"),
    "category": (r"^annual report category",),
    "description": (r"^description", r"^project description"),
    "ipa_dca": (r"^ipa delivery confidence", r"^nista delivery confidence"),
    "sro_dca": (r"^sro delivery confidence",),
    "commentary": (r"^departmental commentary",),
    "start": (r"^project - start date", r"^start date"),
    "end": (r"^project - end date", r"^end date"),
    "wlc": (r"whole life cost(?!.*narrative)", r"^total baseline whole life"),
    "sro": (r"^senior responsible owner", r"^sro name"),
}
REQUIRED_FIELDS = ("name",)

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
T = TypeVar("T")
RAGS = ("green", "amber-green", "amber", "amber-red", "red")
MONTHS = {
    name: i + 1
    for i, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\b")
_UK_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_LONG_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})\b")
_LABELLED = re.compile(r"\b(low|mid|high)\s*:\s*([^,;]+)")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_UNSAFE_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_RATING_RUN_ON = re.compile(
    r"(.*?\b(?:is|at|to|remains|of)\s+(?:amber\s*/\s*green|amber\s*/\s*red|amber|green|red))"
    r"\s+(?!(?:amber|green|red)\b)(?=[A-Z][a-z])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9£\"'(])"  # ". Next"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"  # "end.Next", published without the space
)


# --------------------------------------------------------------------------- reporting


@dataclass
class Report:
    """Counts of everything cleaned, skipped or written, for the closing summary."""

    files: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    headers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    missing_fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    skipped: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def skip(self, where: str, why: str) -> None:
        self.add("rows skipped")
        self.add(f"rows skipped: {why}")
        if len(self.skipped) < 20:
            self.skipped.append(f"{where}: {why}")

    def section(self, prefix: str) -> list[tuple[str, int]]:
        return sorted(
            ((k[len(prefix) :], v) for k, v in self.counts.items() if k.startswith(prefix)),
            key=lambda kv: (-kv[1], kv[0]),
        )

    def render(self) -> str:
        lines = ["GMPP conversion report", "", "Files:"]
        lines += [f"  {f}" for f in self.files]
        lines += ["", "Header variants per field (distinct column titles across files):"]
        for name in HEADER_PATTERNS:
            variants = self.headers.get(name, set())
            absent = self.missing_fields.get(name, [])
            note = f"; absent in {', '.join(absent)}" if absent else ""
            lines.append(f"  {name}: {len(variants)} variant(s){note}")
        groups = (
            ("Cell cleaning:", "clean: "),
            ("Ratings (IPA Delivery Confidence Assessment):", "rating: "),
            ("Start dates:", "start: "),
            ("End dates:", "end: "),
            ("Whole life cost:", "wlc: "),
            ("Commentary:", "commentary: "),
            ("SRO names:", "sro: "),
            ("Departments:", "department: "),
            ("Projects:", "project: "),
            ("Rows skipped:", "rows skipped: "),
            ("Written:", "written: "),
        )
        for title, prefix in groups:
            items = self.section(prefix)
            if items:
                lines += ["", title]
                lines += [f"  {k}: {v}" for k, v in items]
        if self.skipped:
            lines += ["", "First skipped rows:"] + [f"  {s}" for s in self.skipped]
        return "\n".join(lines)


# --------------------------------------------------------------------------- cleaning


def clean_text(value: str) -> str:
    """Normalise a cell: line endings, non-breaking and zero-width spaces, outer blanks."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def classify(text: str) -> str:
    """Why a cell holds no usable value: blank, na, exempt, not-ready, or other text."""
    low = one_line(text).lower()
    if not low:
        return "blank"
    if low in {"na", "n/a", "n.a.", "not applicable", "none", "-", "nil", "tbc", "tbd"}:
        return "not applicable"
    if "exempt" in low or re.match(r"section\s*\d+", low):
        return "exempt (FOI section)"
    if any(
        phrase in low
        for phrase in (
            "not in a position",
            "not yet in a position",
            "planning stage",
            "early planning",
            "armp adjustment",
            "did not provide",
        )
    ):
        return "not yet available"
    return "other text"


def normalise_rag(text: str) -> str | None:
    low = re.sub(r"\s*[/\\-]\s*", "-", one_line(text).lower())
    low = low.replace("amber green", "amber-green").replace("amber red", "amber-red")
    return low if low in RAGS else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> tuple[date | None, str]:
    """Parse a GMPP date cell; returns the date (or None) and the form it was in."""
    cell = one_line(text)
    low = cell.lower()
    labelled = dict((k, v) for k, v in _LABELLED.findall(low))
    if labelled:
        for key in ("mid", "high", "low"):
            if key in labelled:
                found, _ = parse_date(labelled[key])
                if found is not None:
                    return found, "Low/Mid/High range (" + key + " used)"
        return None, "Low/Mid/High range (unparseable)"
    m = _ISO_DATE.search(cell)
    if m:
        form = "YYYY-MM-DD HH:MM:SS" if m.group(4) else "YYYY-MM-DD"
        found = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return found, form if found else form + " (invalid)"
    m = _UK_DATE.search(cell)
    if m:
        found = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return found, "DD/MM/YYYY" if found else "DD/MM/YYYY (invalid)"
    m = _LONG_DATE.search(low)
    if m and m.group(2) in MONTHS:
        found = _make_date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        return found, "D Month YYYY" if found else "D Month YYYY (invalid)"
    if re.fullmatch(r"\d{5}(\.0+)?", cell) and 20000 < float(cell) < 80000:
        return date(1899, 12, 30) + timedelta(days=int(float(cell))), "spreadsheet serial"
    return None, classify(cell)


def parse_money(text: str) -> tuple[Decimal | None, str]:
    """Parse a £m cell; returns the amount in £m (or None) and the form it was in."""
    cell = one_line(text)
    labelled = dict((k, v) for k, v in _LABELLED.findall(cell.lower()))
    if labelled:
        for key in ("mid", "high", "low"):
            if key in labelled:
                found, _ = parse_money(labelled[key])
                if found is not None:
                    return found, "Low/Mid/High range (" + key + " used)"
        return None, "Low/Mid/High range (unparseable)"
    bare = cell.replace("£", "").replace(",", "").replace(" ", "")
    bare = re.sub(r"(?i)m$", "", bare)
    if _NUMBER.match(bare):
        form = ("£" if "£" in cell else "") + ("1,234.5" if "," in cell else "1234.5")
        amount = Decimal(bare)
        if amount < 0:
            return None, "negative (ignored)"
        return amount, form
    return None, classify(cell)


def first_sentence(text: str, limit: int = 300) -> str:
    # A line break before a capital ends a sentence too (cells often omit the full stop).
    head = re.split(r"[ \t]*\n\s*(?=[A-Z0-9(\u2022-])", text.strip(), maxsplit=1)[0]
    sentence = _SENTENCE_END.split(one_line(head), maxsplit=1)[0].strip()
    # "... rating at 21/22-Q4 is Amber In 21/22 the programme ..." lacks its full stop.
    m = _RATING_RUN_ON.match(sentence)
    if m:
        sentence = m.group(1) + "."
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


def slugify(text: str, limit: int = ID_MAX) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit]
        if "-" in slug[limit // 2 :]:
            slug = slug[: slug.rindex("-")]
        slug = slug.strip("-")
    return slug


class IdRegistry:
    """Hands out ids unique across the whole repository."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str, fallback: str) -> str:
        base = slugify(wanted) or fallback
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            suffix = f"-{n}"
            candidate = base[: ID_MAX - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate


# --------------------------------------------------------------------------- YAML output


def yq(text: str) -> str:
    """Quote text as YAML: JSON escaping plus escapes for YAML-unsafe code points."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yid(ident: str) -> str:
    """Write an id plain where that cannot be misread, else quoted."""
    if re.fullmatch(r"[a-z][a-z0-9-]*", ident) and ident not in YAML_WORDS:
        return ident
    return yq(ident)


def money_text(amount_m: Decimal) -> str:
    return f"£{amount_m:,}m"


# --------------------------------------------------------------------------- reading


@dataclass
class YearFile:
    """One annual report's CSV."""

    path: Path
    label: str
    rated_at: date


@dataclass
class Sighting:
    """One project's row in one annual report."""

    year: YearFile
    where: str
    gmpp_id: str
    name: str
    department: str
    category: str
    description: str
    ipa_dca: str
    sro_dca: str
    commentary: str
    start: str
    end: str
    wlc: str
    sro: str


@dataclass
class Project:
    """A GMPP project across every annual report it appears in."""

    key: str
    sightings: list[Sighting] = field(default_factory=list)


def read_source_dates(data_dir: Path) -> dict[str, date]:
    """'ratings stand at' dates from SOURCE.md's table, where it has one."""
    found: dict[str, date] = {}
    source = data_dir / "SOURCE.md"
    if not source.exists():
        return found
    text = source.read_text(encoding="utf-8", errors="replace")
    for m in re.finditer(r"\|\s*([\w.-]+\.csv)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|", text):
        try:
            found[m.group(1)] = date.fromisoformat(m.group(2))
        except ValueError:
            continue
    return found


def discover(data_dir: Path, report: Report) -> list[YearFile]:
    source_dates = read_source_dates(data_dir)
    years: list[YearFile] = []
    for path in sorted(data_dir.glob("*.csv")):
        m = re.search(r"(\d{4})[_-](\d{2,4})", path.stem)
        if path.name in source_dates:
            rated_at = source_dates[path.name]
        elif m:
            first = int(m.group(1))
            tail = int(m.group(2)[-2:])
            end_year = first // 100 * 100 + tail
            if end_year <= first:
                end_year += 100
            rated_at = date(end_year, 3, 31)
        else:
            report.add("clean: files skipped (no year in the name)")
            continue
        label = f"{rated_at.year - 1}-{rated_at.year % 100:02d}"
        years.append(YearFile(path, label, rated_at))
    years.sort(key=lambda y: y.rated_at)
    return years


csv.field_size_limit(2**31 - 1)


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    try:
        return raw.decode("utf-8"), "UTF-8 (no BOM)"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def map_header(header: list[str], year: YearFile, report: Report) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        norm = one_line(clean_text(title).split("\n")[0]).lower()
        for name, patterns in HEADER_PATTERNS.items():
            if name in columns:
                continue
            if any(re.search(p, norm) for p in patterns):
                columns[name] = index
                report.headers[name].add(norm)
                break
    for name in HEADER_PATTERNS:
        if name not in columns:
            report.missing_fields[name].append(year.label)
    return columns


def read_year(year: YearFile, report: Report) -> list[Sighting]:
    try:
        raw = year.path.read_bytes()
    except OSError as exc:
        report.add("clean: files unreadable")
        report.files.append(f"{year.path.name}: unreadable ({exc})")
        return []
    text, encoding = decode(raw)
    report.add(f"clean: files in {encoding}")
    if "\ufffd" in text:
        report.add("clean: undecodable bytes replaced")
    if "\x00" in text:
        report.add("clean: NUL characters removed")
        text = text.replace("\x00", "")
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # keep what was read; the rest of the file is unreadable
            report.skip(f"{year.path.name}:{reader.line_num}", f"CSV error ({exc})")
            break
        rows.append(row)
    if not rows:
        report.files.append(f"{year.path.name}: empty")
        return []
    header, body = rows[0], rows[1:]
    columns = map_header(header, year, report)
    report.files.append(
        f"{year.path.name}: {encoding}, {len(body)} rows, {len(header)} columns, "
        f"ratings at {year.rated_at}"
    )
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        for n in range(len(body)):
            report.skip(f"{year.path.name}:{n + 2}", f"file lacks column {missing[0]}")
        return []
    sightings: list[Sighting] = []
    for n, row in enumerate(body, start=2):
        where = f"{year.path.name}:{n}"
        try:
            if not any(cell.strip() for cell in row):
                report.skip(where, "blank row")
                continue
            if len(row) < len(header):
                report.add("clean: short rows padded")
                row = row + [""] * (len(header) - len(row))
            elif len(row) > len(header):
                report.add("clean: long rows truncated")

            def cell(name: str, row: list[str] = row) -> str:
                index = columns.get(name)
                return clean_text(row[index]) if index is not None else ""

            name = one_line(cell("name"))
            if not name or classify(name) != "other text":
                report.skip(where, "no project name")
                continue
            sightings.append(
                Sighting(
                    year=year,
                    where=where,
                    gmpp_id=one_line(cell("gmpp_id")),
                    name=name,
                    department=one_line(cell("department")),
                    category=one_line(cell("category")),
                    description=cell("description"),
                    ipa_dca=cell("ipa_dca"),
                    sro_dca=cell("sro_dca"),
                    commentary=cell("commentary"),
                    start=cell("start"),
                    end=cell("end"),
                    wlc=cell("wlc"),
                    sro=cell("sro"),
                )
            )
        except Exception as exc:  # never let one bad row stop the conversion
            report.skip(where, f"unreadable row ({type(exc).__name__})")
    return sightings


def name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def group_projects(sightings: Iterable[Sighting], report: Report) -> list[Project]:
    """Join a project's rows across years: by GMPP ID, else by its name."""
    projects: dict[str, Project] = {}
    by_name: dict[str, str] = {}
    for s in sightings:
        key = f"id:{s.gmpp_id.upper()}" if s.gmpp_id else ""
        if not key:
            report.add("project: rows without a GMPP ID (joined by name)")
            key = by_name.get(name_key(s.name), f"name:{name_key(s.name)}")
        project = projects.setdefault(key, Project(key))
        if any(o.year is s.year for o in project.sightings):
            report.add("project: duplicate rows in one year (first kept for the update)")
        project.sightings.append(s)
        by_name.setdefault(name_key(s.name), key)
    for project in projects.values():
        names = {name_key(s.name) for s in project.sightings}
        if len(names) > 1:
            report.add("project: renamed between years (joined by GMPP ID)")
    return list(projects.values())


# --------------------------------------------------------------------------- building


def department_code(raw: str) -> str:
    return one_line(raw).upper() or "UNKNOWN"


def category_tag(category: str) -> str | None:
    if not category or classify(category) != "other text":
        return None
    m = re.search(r"\(([A-Za-z]{2,6})\)\s*$", category)
    return slugify(m.group(1) if m else category) or None


def split_sros(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\n|\s&\s|\band\b)\s*", text)
    return [one_line(p) for p in parts if one_line(p)]


@dataclass
class Person:
    """A person record."""

    pid: str
    name: str
    role: str
    organisation: str


def shouting(name: str) -> bool:
    """Tell whether a name was published in capitals only."""
    return any(c.isalpha() for c in name) and name == name.upper() and name != name.lower()


def pick_name(project: Project, report: Report) -> str:
    latest = project.sightings[-1].name
    if not shouting(latest):
        return latest
    for s in reversed(project.sightings):
        if not shouting(s.name):
            report.add("project: published in capitals only lately (earlier case kept)")
            return s.name
    report.add("project: published in capitals only (kept as published)")
    return latest


def latest_value(
    project: Project, getter: str, parse: Callable[[str], tuple[T | None, str]], report: Report
) -> T | None:
    """Return the latest parseable value, counting the form of every cell."""
    chosen: T | None = None
    for s in project.sightings:
        value, form = parse(getattr(s, getter))
        report.add(f"{getter}: {form}")
        if value is not None:
            chosen = value
    return chosen


def build_project(
    project: Project,
    registry: IdRegistry,
    people: dict[str, Person],
    person_ids: dict[str, str],
    report: Report,
    rating: str,
) -> tuple[str, str, str, int]:
    """Return (programme code, project id, YAML text, updates written)."""
    project.sightings.sort(key=lambda s: s.year.rated_at)
    latest = project.sightings[-1]
    dept = department_code(latest.department)
    if len({department_code(s.department) for s in project.sightings}) > 1:
        report.add("project: moved department between years (filed under the latest)")
    programme_id = "dept-" + (slugify(dept) or "unknown")
    display = pick_name(project, report)
    pid = registry.claim(display, "gmpp-project")
    if pid != slugify(display):
        report.add("project: id made unique or shortened")

    start = latest_value(project, "start", parse_date, report)
    end = latest_value(project, "end", parse_date, report)
    if start and end and end <= start:
        report.add("project: end not after start (end dropped)")
        end = None
    wlc = latest_value(project, "wlc", parse_money, report)

    # Senior responsible owner: the latest named one; joint SROs each get a person record.
    lead = ""
    org = DEPARTMENTS.get(dept, dept)
    for s in project.sightings:
        if not s.sro:
            continue
        kind = classify(s.sro)
        if kind != "other text":
            report.add(f"sro: {kind}")
            continue
        names = split_sros(s.sro)
        if len(names) > 1:
            report.add("sro: joint SROs (first is the lead)")
        for i, name in enumerate(names):
            person = ensure_person(name, org, people, person_ids, registry, joint=i > 0)
            if i == 0:
                lead = person.pid
        report.add("sro: named")
    if not lead:
        report.add("project: lead is Unknown SRO")
        lead = ensure_person(UNKNOWN_SRO, "", people, person_ids, registry, joint=False).pid

    description = ""
    for s in project.sightings:
        if s.description and (classify(s.description) == "other text" or not description):
            description = s.description
    ids = sorted({s.gmpp_id for s in project.sightings if s.gmpp_id})
    years = ", ".join(s.year.label for s in project.sightings)
    trailer = f"GMPP ID: {', '.join(ids) or 'none'}. Reported in {years}."
    description = f"{description}\n\n{trailer}" if description else trailer

    tags = ["gmpp"]
    tag = category_tag(latest.category)
    if tag:
        tags.append(tag)

    lines = [
        "kind: project",
        f"id: {yid(pid)}",
        f"name: {yq(display)}",
        f"programme: {yid(programme_id)}",
        f"description: {yq(description)}",
        f"lead: {yid(lead)}",
    ]
    if start:
        lines.append(f"start: {start.isoformat()}")
    if end:
        lines.append(f"end: {end.isoformat()}")
    if wlc is not None:
        lines += ["budget:", f"  approved: {yq(money_text(wlc))}"]
    lines.append(f"tags: [{', '.join(yid(t) for t in tags)}]")

    update_lines: list[str] = []
    seen_dates: set[date] = set()
    for s in project.sightings:
        if s.year.rated_at in seen_dates:
            continue
        rag = normalise_rag(s.ipa_dca)
        if rag is not None:
            report.add(f"rating: IPA {rag}")
        else:
            report.add(f"rating: IPA {classify(s.ipa_dca)}")
            if rating == "ipa-then-sro" and (rag := normalise_rag(s.sro_dca)) is not None:
                report.add("rating: SRO rating used in place of the IPA's")
            else:
                if normalise_rag(s.sro_dca) is not None:
                    report.add("rating: IPA missing but an SRO rating was published")
                report.add("rating: update skipped (no usable rating)")
                continue
        seen_dates.add(s.year.rated_at)
        kind = classify(s.commentary)
        if kind == "other text":
            summary = first_sentence(s.commentary)
            report.add("commentary: first sentence used")
        else:
            summary = NO_COMMENTARY
            report.add(f"commentary: {kind} (summary '{NO_COMMENTARY}')")
        update_lines += [
            f"  - date: {s.year.rated_at.isoformat()}",
            f"    rag: {rag}",
            f"    summary: {yq(summary)}",
        ]
    if update_lines:
        lines.append("updates:")
        lines += update_lines
    else:
        report.add("project: no update (no usable rating in any year)")
        lines.append("updates: []")
    return dept, pid, "\n".join(lines) + "\n", len(update_lines) // 3


def ensure_person(
    name: str,
    organisation: str,
    people: dict[str, Person],
    person_ids: dict[str, str],
    registry: IdRegistry,
    joint: bool,
) -> Person:
    slug = slugify(name) or "unknown-sro"
    if slug in person_ids:
        return people[person_ids[slug]]
    pid = registry.claim(slug, "person")
    role = "Senior Responsible Owner" + (" (joint)" if joint else "")
    if name == UNKNOWN_SRO:
        role = "Senior Responsible Owner (not published)"
    person = Person(pid, name, role, organisation)
    people[pid] = person
    person_ids[slug] = pid
    return person


def programme_text(code: str, pid: str, project_ids: list[str], lead: str) -> str:
    full = DEPARTMENTS.get(code, code)
    about = f"Government Major Projects Portfolio projects reported by {full} ({code})"
    return (
        "kind: programme\n"
        f"id: {yid(pid)}\n"
        f"name: {yq(full)}\n"
        f"description: {yq(f'{about}: {len(project_ids)} project(s).')}\n"
        f"lead: {yid(lead)}\n"
        "tags: [gmpp]\n"
    )


def people_text(people: dict[str, Person]) -> str:
    lines = ["kind: people", "people:"]
    for person in sorted(people.values(), key=lambda p: p.pid):
        entry = f"  - {{id: {yid(person.pid)}, name: {yq(person.name)}, role: {yq(person.role)}"
        if person.organisation:
            entry += f", organisation: {yq(person.organisation)}"
        lines.append(entry + "}")
    return "\n".join(lines) + "\n"


def convert(data_dir: Path, out_dir: Path, rating: str, report: Report) -> None:
    years = discover(data_dir, report)
    if not years:
        raise SystemExit(f"error: no GMPP CSV files found in {data_dir}")
    sightings: list[Sighting] = []
    for year in years:
        sightings += read_year(year, report)
    projects = group_projects(sightings, report)

    registry = IdRegistry()
    people: dict[str, Person] = {}
    person_ids: dict[str, str] = {}
    # Programme ids are claimed first so no project or person can take one.
    for s in sightings:
        code = department_code(s.department)
        if not one_line(s.department):
            report.add("department: missing (filed under UNKNOWN)")
        elif code != one_line(s.department):
            report.add(f"department: case normalised ({one_line(s.department)} -> {code})")
    codes = sorted({department_code(p.sightings[-1].department) for p in projects})
    programme_ids = {c: registry.claim("dept-" + (slugify(c) or "unknown"), "dept") for c in codes}
    projects.sort(
        key=lambda p: (p.sightings[-1].department.upper(), name_key(p.sightings[-1].name))
    )

    records = out_dir / "records"
    records.mkdir(parents=True, exist_ok=True)
    by_programme: dict[str, list[str]] = defaultdict(list)
    files_written = 0
    updates = 0
    for project in projects:
        try:
            dept, pid, text, n_updates = build_project(
                project, registry, people, person_ids, report, rating
            )
        except Exception as exc:  # report and carry on: one bad project must not stop the rest
            for s in project.sightings:
                report.skip(s.where, f"could not convert ({type(exc).__name__}: {exc})")
            continue
        folder = records / programme_ids[dept]
        folder.mkdir(exist_ok=True)
        (folder / f"{pid}.yaml").write_text(text, encoding="utf-8", newline="\n")
        by_programme[dept].append(pid)
        files_written += 1
        updates += n_updates

    unknown = ensure_person(UNKNOWN_SRO, "", people, person_ids, registry, joint=False).pid
    (records / "programmes").mkdir(exist_ok=True)
    for code, project_ids in sorted(by_programme.items()):
        prg = programme_ids[code]
        text = programme_text(code, prg, project_ids, unknown)
        (records / "programmes" / f"{prg}.yaml").write_text(text, encoding="utf-8", newline="\n")
        files_written += 1
    (records / "people.yaml").write_text(people_text(people), encoding="utf-8", newline="\n")
    (out_dir / "pmo.yaml").write_text(
        "name: UK Government Major Projects Portfolio (GMPP annual reports)\n"
        "currency: GBP\n"
        "rag_scale: five            # 2020-21 used the five-point IPA scale\n"
        f"as_of: {AS_OF.isoformat()}\n"
        "stale_after_days: 366      # the GMPP publishes ratings once a year\n",
        encoding="utf-8",
        newline="\n",
    )
    files_written += 2
    report.add("written: programmes", len(by_programme))
    report.add("written: projects", sum(len(v) for v in by_programme.values()))
    report.add("written: updates", updates)
    report.add("written: people", len(people))
    report.add("written: files", files_written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder to write pmo.yaml and records/ into")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="GMPP CSV folder")
    parser.add_argument(
        "--rating",
        choices=("ipa", "ipa-then-sro"),
        default="ipa",
        help="update rating: the IPA's assessment only (default), or the SRO's where the "
        "IPA published none",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing records/")
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    if not args.data_dir.is_dir():
        parser.error(f"{args.data_dir} is not a folder")
    records = out / "records"
    if records.exists() and any(records.iterdir()):
        if not args.force:
            parser.error(f"{records} is not empty (use --force to replace it)")
        shutil.rmtree(records)
    report = Report()
    convert(args.data_dir, out, args.rating, report)
    print(report.render())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
