"""``pmo import`` as a library call: read → lay out → read rows → plan → apply, all or nothing.

``import_file(root, Path("raid.xlsx"), "raid.xlsx", Request(kind="risks"))`` imports a
sheet into the repository at ``root`` and returns a :class:`Result`, or raises
:class:`~pmo.spreadsheet.plan.ImportFailed` listing every problem (nothing written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo.spreadsheet.columns import Layout, layout, sheet_kind
from pmo.spreadsheet.fields import FIELDS
from pmo.spreadsheet.maps import Mapping
from pmo.spreadsheet.read import ReadError, Sheet, read_sheets
from pmo.spreadsheet.rows import CellProblem, RawRow, Row, raw_rows, read_rows


@dataclass(slots=True)
class Request:
    """What ``pmo import`` was asked: kind, sheet, mapping and options."""

    kind: str | None = None
    sheet: str | None = None
    mapping: Mapping | None = None
    update: bool = False
    project: str | None = None
    dry_run: bool = False


@dataclass(slots=True)
class Result:
    """What an import did: the changes (written unless a dry run), warnings, a tally."""

    changes: list[Any] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)
    tally: str = ""
    #: Sheets of the workbook left alone, with why.
    skipped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Context:
    """What a mapping's ``prepare`` may want: the file and the sheet."""

    path: Path
    sheet: Sheet
    kind: str


def choose(sheets: list[Sheet], request: Request) -> tuple[list[Layout], list[str]]:
    """The sheets to import, laid out; and the sheets skipped, with why."""
    from pmo.spreadsheet.maps import default

    mapping = request.mapping or default()
    kind = request.kind or mapping.kind
    left: list[Sheet] = []
    if request.sheet is not None:
        found = [s for s in sheets if s.name == request.sheet]
        if not found:
            from pmo.suggest import did_you_mean

            names = [s.name or "" for s in sheets]
            raise ReadError(
                f"--sheet {request.sheet}: no such sheet"
                f"{did_you_mean(request.sheet, names)}; the sheets are "
                f"{', '.join(names)}"
            )
        sheets = found
    elif len(sheets) > 1:
        named = [
            s
            for s in sheets
            if sheet_kind(s.name) is not None and (kind is None or sheet_kind(s.name) == kind)
        ]
        left = [s for s in sheets if s not in (named or sheets[:1])]
        sheets = named or sheets[:1]
    layouts: list[Layout] = []
    skipped: list[str] = []
    for sheet in left:
        skipped.append(f"{sheet.label()}: not named for a kind (give --sheet to read it)")
    for sheet in sheets:
        found_layout = layout(sheet, mapping, kind or sheet_kind(sheet.name))
        if found_layout is None and kind is None:
            found_layout = layout(sheet, mapping, None)
        if found_layout is None:
            why = f"no header row of {kind}" if kind else "no header row pmo knows"
            skipped.append(f"{sheet.label()}: {why} in its first rows")
            continue
        layouts.append(found_layout)
    if not layouts:
        raise ReadError(
            "; ".join(skipped)
            + (" (give --kind, or --map with the sheet's headers)" if skipped else "")
        )
    return layouts, skipped


def mapping_text(layouts: list[Layout]) -> str:
    """What ``--show-mapping`` prints: each sheet's kind, header row and column fields."""
    from pmo.spreadsheet.read import column_letter

    lines = []
    for lay in layouts:
        spec = FIELDS[lay.kind]
        lines.append(f"{lay.sheet.label()}: {lay.kind}, header row {lay.header_row + 1}")
        columns = sorted({**lay.fields, **lay.unmapped})
        header = lay.sheet.rows[lay.header_row]
        for c in columns:
            text = " ".join(str(header[c]).split())
            text = text if len(text) <= 40 else text[:37] + "..."
            name = lay.fields.get(c)
            if name is None:
                what = "(not imported)"
            elif spec[name].derived:
                what = f"{name} (derived: checked, not imported)"
            else:
                what = name + (" (required)" if spec[name].required else "")
            lines.append(f"  {column_letter(c):>3}  {text:<40}  → {what}")
        missing = [n for n, f in spec.items() if f.required and n not in lay.fields.values()]
        if missing:
            lines.append(f"  no column for: {', '.join(missing)}")
    return "\n".join(lines) + "\n"


def check_derived(kind: str, rows: list[Row], bands: Any) -> list[CellProblem]:
    """Warnings where a sheet's own Score or band disagrees with likelihood × impact."""
    from pmo.asof import risk_band

    if kind != "risks":
        return []
    out = []
    words = {
        "red": "red",
        "high": "red",
        "r": "red",
        "amber": "amber",
        "medium": "amber",
        "med": "amber",
        "a": "amber",
        "green": "green",
        "low": "green",
        "g": "green",
    }
    for row in rows:
        lk, ik = row.values.get("likelihood"), row.values.get("impact")
        if lk is None or ik is None:
            continue
        score = row.values.get("score")
        if score is not None and score != lk * ik:
            out.append(
                CellProblem(
                    row.cell("score"),
                    "warning",
                    "score-mismatch",
                    f"the sheet's score {score} is not likelihood × impact = {lk} × {ik} = "
                    f"{lk * ik}; the score is not imported",
                )
            )
        band = row.values.get("band")
        said = words.get(" ".join(str(band).split()).lower()) if band is not None else None
        if said is not None and said != risk_band(lk * ik, bands):
            out.append(
                CellProblem(
                    row.cell("band"),
                    "warning",
                    "band-mismatch",
                    f"the sheet says {band} but a score of {lk * ik} is "
                    f"{risk_band(lk * ik, bands)} in pmo's bands",
                )
            )
    return out


def import_file(root: Path, path: Path, shown: str, request: Request) -> Result:
    """Import a spreadsheet into the records at ``root``; raises ``ImportFailed`` on problems."""
    from pmo.edit.apply import apply
    from pmo.spreadsheet.files import Files
    from pmo.spreadsheet.maps import default
    from pmo.spreadsheet.plan import ImportFailed, Options, Planner
    from pmo.spreadsheet.resolve import Resolver
    from pmo.spreadsheet.work import create_records, project_row, update_row

    mapping = request.mapping or default()
    layouts, skipped = choose(read_sheets(path, shown), request)
    prepared: list[tuple[Layout, list[RawRow]]] = []
    for lay in layouts:
        raws = raw_rows(lay)
        if mapping.prepare is not None:
            raws = mapping.prepare(raws, Context(path, lay.sheet, lay.kind))
        prepared.append((lay, raws))
    result = Result(skipped=skipped)
    options = Options(request.update, request.project, mapping.blank_keeps)

    def plan(pf: Any) -> list[Any]:
        resolver = Resolver(
            pf, mapping.new_people, mapping.new_programmes, dict(mapping.programme_names)
        )
        planner = Planner(pf, Files(root, pf), resolver, options)
        for lay, raws in prepared:
            rows, problems = read_rows(raws, lay.kind, mapping, resolver)
            planner.problems += problems
            planner.problems += check_derived(lay.kind, rows, pf.settings.risk_bands)
            bad = {p.where for p in problems if p.severity == "error"}
            for row in rows:
                if row.at in bad or any(w in bad for w in row.where.values()):
                    continue  # its bad cells are reported; matching it would only add noise
                if lay.kind == "updates":
                    update_row(planner, row)
                elif lay.kind == "projects":
                    project_row(planner, row)
                else:
                    planner.item(lay.kind, row)
        create_records(planner)
        if any(p.severity == "error" for p in planner.problems):
            raise ImportFailed(planner.problems)
        result.warnings = planner.problems
        result.tally = planner.tally.render()
        return planner.files.changes()

    result.changes = apply(root, plan, dry_run=request.dry_run)
    return result
