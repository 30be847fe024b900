"""Write a council-style RAID log of N risks for the import benchmark (deterministic).

Title rows and a merged banner above the headers, owners and workstreams by name, dates
as dates and as text, "3 - Possible" scores, two mitigating actions a risk: what
``pmo import`` meets in a real office, at the size of a large programme's log.

Usage: ``python bench/import_sheet.py OUT.xlsx --rows 5000 --root RECORDS_REPO``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

LABELS = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")


def main(argv: list[str] | None = None) -> int:
    from openpyxl import Workbook

    from pmo.load import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--root", type=Path, required=True, help="the repository imported into")
    args = parser.parse_args(argv)
    pf = load(args.root).portfolio
    people = sorted(p.name for p in pf.people.values())
    projects = sorted(w.name for w in pf.projects.values())
    book = Workbook()
    ws = book.active
    ws.title = "RAID Log"
    ws.append(["Corporate Risk Register"])
    ws.append([f"Last updated: {dt.date(2010, 10, 1):%d/%m/%Y}"])
    ws.append([])
    ws.append(
        [
            "Ref",
            "Risk Description",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Mitigating Actions",
            "Date Raised",
            "Next Review",
            "Workstream",
        ]
    )
    ws.merge_cells("A1:J1")
    for i in range(args.rows):
        likelihood, impact = i % 5 + 1, (i // 5) % 5 + 1
        raised = dt.date(2010, 1, 1) + dt.timedelta(days=i % 270)
        ws.append(
            [
                f"R{i + 1:05d}",
                f"Risk {i + 1}: partners withdraw from shared service {i % 97}",
                people[i % len(people)],
                f"{likelihood} - {LABELS[likelihood - 1]}",
                impact,
                likelihood * impact,
                f"Agree MoU (owner: {people[(i + 3) % len(people)]}; due: 2010-12-01)\n"
                "Monthly check-in with partners",
                raised if i % 2 else raised.strftime("%d/%m/%Y"),
                "01/11/2010",
                projects[i % len(projects)],
            ]
        )
    book.save(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
