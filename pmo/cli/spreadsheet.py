"""``pmo import`` and ``pmo export``: spreadsheets in (.xlsx, .csv) and a workbook out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmo.cli.common import MISUSE, PROBLEMS, AsOfOption, RootOption, app, fail, repository
from pmo.cli.edit import WAIT, WaitOption


class Kind(StrEnum):
    projects = "projects"
    updates = "updates"
    milestones = "milestones"
    risks = "risks"
    issues = "issues"
    decisions = "decisions"
    benefits = "benefits"


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The spreadsheet: .xlsx or .csv.")],
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind",
            case_sensitive=False,
            help="What the sheet holds; default: guessed from its name and headers.",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help="The sheet to import; default: the only one, or each sheet named "
            "for a kind (Risks, Issues, ...).",
        ),
    ] = None,
    map_: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="MAP",
            help="Which header is which field: a MAP.yaml file (kind, columns, "
            "defaults) or a named mapping (gmpp); default: the headers offices use.",
        ),
    ] = None,
    show_mapping: Annotated[
        bool,
        typer.Option(
            "--show-mapping",
            help="Print the kind, header row and field of each column; import nothing.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes as a diff; write nothing.")
    ] = False,
    wait: WaitOption = WAIT,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Change items already in the records (matched by id, reference or "
            "title) where the sheet differs; without it such rows are problems.",
        ),
    ] = False,
    project: Annotated[
        str | None,
        typer.Option(
            "--project", metavar="ID", help="The programme or project that holds rows naming none."
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Import a RAID log, tracker or status sheet from Excel (.xlsx) or CSV into the records.

    The header row is found below any title rows; columns are matched by the headers
    offices use (Ref, Risk Description, Risk Owner, Likelihood, Impact, Workstream, ...).
    Values are read as people type them: dates as dates or 01/10/2010 or 1 Oct 2010,
    "3 - Possible" as 3, £425k, ratings in any case, people and projects by id or name.
    All or nothing: every bad cell is listed as FILE:SHEET!CELL: error: CODE message and
    nothing is written (exit 1). Otherwise each row is written into its project's file,
    validated, atomically and under a lock, comments kept.

    Example: pmo import raid-log.xlsx --kind risks --project csw-adults --dry-run
    """
    from pmo.atomic import Blocked
    from pmo.edit.apply import EditError, EditRefused
    from pmo.inert import lines
    from pmo.spreadsheet.importer import Request, choose, import_file, mapping_text
    from pmo.spreadsheet.maps import MapError, load
    from pmo.spreadsheet.plan import ImportFailed
    from pmo.spreadsheet.read import ReadError, read_sheets
    from pmo.spreadsheet.rows import inert, location_key

    shown = str(file)
    try:
        mapping = load(map_)
        request = Request(kind.value if kind else None, sheet, mapping, update, project, dry_run)
        if show_mapping:
            layouts, skipped = choose(read_sheets(file, shown), request)
            sys.stdout.write(mapping_text(layouts))
            for why in skipped:
                print(inert(f"pmo: skipped {why}"), file=sys.stderr)
            return
        base = repository(root)
        if project is not None:
            _check_project(base, project)
        result = import_file(base, file, shown, request)
    except (MapError, ReadError) as exc:
        fail(inert(str(exc)), MISUSE)
    except ImportFailed as exc:
        for problem in sorted(exc.problems, key=location_key):
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        fail(
            f"{errors} problem{'s' if errors != 1 else ''} in {shown}; nothing was written",
            PROBLEMS,
        )
    except EditError as exc:
        fail(str(exc), MISUSE)
    except EditRefused as exc:
        for refused in exc.problems:
            print(refused, file=sys.stderr)
        fail("refused: the import would add errors to the records; nothing was written", PROBLEMS)
    except Blocked as exc:  # the lock held too long, a file changed under the import
        fail(str(exc), PROBLEMS)
    except OSError as exc:
        fail(f"cannot write the records: {exc}", MISUSE)
    for why in result.skipped:
        print(inert(f"pmo: skipped {why}"), file=sys.stderr)
    for warning in sorted(result.warnings, key=location_key):
        print(warning, file=sys.stderr)
    for change in result.changes:
        if dry_run:
            sys.stdout.write(lines(change.diff()))
        print(inert(f"{change.path}: {change.summary}"), file=sys.stderr if dry_run else sys.stdout)
    print(inert(f"pmo: {shown}: {result.tally}"), file=sys.stderr)
    if dry_run:
        print("pmo: dry run: nothing was written", file=sys.stderr)


def _check_project(root: Path, project: str) -> None:
    from pmo.cli.common import unknown
    from pmo.load import load

    pf = load(root).portfolio
    if pf.find_work(project) is None:
        unknown("--project", project, [w.id for w in pf.work()], "programme or project")


@app.command()
def export(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The workbook to write (.xlsx).")],
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Export the portfolio as an Excel workbook: Status, Milestones, Risks, Issues,
    Decisions, Benefits and Budget, as of the reporting date.

    Headers frozen and filtered, real dates, money in £, ratings spelled out and filled
    in their colour, drop-downs on rating, likelihood, impact, priority and status. Edit
    an item sheet and bring it back with pmo import --update: only what was edited changes.

    Example: pmo export board-pack.xlsx --as-of 2010-10-20
    """
    from pmo.cli.common import portfolio, reporting_date
    from pmo.cli.output import write
    from pmo.spreadsheet.export import workbook_bytes

    if file.suffix.lower() != ".xlsx":
        fail(f"{file}: pmo export writes an Excel workbook; name it .xlsx")
    pf = portfolio(root, as_of)
    write(workbook_bytes(pf, reporting_date(pf, as_of)), file)
