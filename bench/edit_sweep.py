"""Sweep every edit command over a copy of a records repository and count the lines each removes.

Usage: python bench/edit_sweep.py [REPO]   (default: this project's bundled records)

Copies the repository to a temporary git repository, then runs, one process each: an update
and an issue for every programme and project, a budget forecast (`pmo set`), `reforecast`
then `done` for every open milestone, `realise` for every benefit, and for every risk
`rescore`, `rescore --review`, `set category=`, an action added and done, and `close`. After
each edit it reads `git diff --numstat` and reports any edit that failed or removed more
lines than it must (update: none; add: one, an empty `[]` or a flow item grown; done, close,
reforecast, realise, set: one; rescore: two). Exit status 1 if any did.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
MOST_REMOVED = {
    "update": 0, "add": 1, "done": 1, "close": 1, "rescore": 2, "reforecast": 1, "realise": 1,
    "set": 1,
}  # fmt: skip


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def commands(root: Path) -> list[list[str]]:
    from pmo.load import load

    pf = load(root).portfolio
    today = pf.as_of()
    found: list[list[str]] = []
    for work in pf.work():
        found.append(["update", work.id, "--rag", "amber", "--summary", "Sweep: an update"])
        found.append(["add", "issue", work.id, "--title", "Sweep issue"])
        if work.budget is not None:
            found.append(["set", work.id, "budget.forecast=£1.5m"])
        for m in work.milestones:
            if m.actual is None:
                later = (m.forecast or m.baseline) + dt.timedelta(days=14)
                found.append(["reforecast", m.id, later.isoformat()])
                found.append(["done", m.id])
        for b in work.benefits:
            if all(r.date != today for r in b.realised):
                found.append(["realise", b.id, "--value", "1000"])
        for risk in work.risks:
            found.append(["rescore", risk.id, "--likelihood", "1", "--impact", "1"])
            found.append(["rescore", risk.id, "--review", (today + dt.timedelta(30)).isoformat()])
            found.append(["set", risk.id, "category=swept"])
            if risk.status == "open":
                found.append(["add", "action", risk.id, "--action", "Sweep action",
                              "--owner", risk.owner, "--due", today.isoformat()])  # fmt: skip
                found.append(["done", f"{risk.id}/{len(risk.actions) + 1}"])
                found.append(["close", risk.id])
    return found


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if (source / "pmo.yaml").is_file():
            shutil.copy(source / "pmo.yaml", root / "pmo.yaml")
        shutil.copytree(source / "records", root / "records")
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(
            root,
            "-c",
            "user.name=sweep",
            "-c",
            "user.email=sweep@example.org",
            "commit",
            "-qm",
            "start",
        )
        todo = commands(root)
        bad = 0
        for args in todo:
            run = subprocess.run(
                [sys.executable, "-m", "pmo", *args, "--root", str(root)],
                capture_output=True,
                text=True,
                check=False,
            )
            git(root, "add", "-A")
            stat = git(root, "diff", "--cached", "--numstat").split()
            removed = int(stat[1]) if stat else 0
            if run.returncode != 0 or removed > MOST_REMOVED[args[0]]:
                bad += 1
                print(f"{' '.join(args)}: exit {run.returncode}, {removed} lines removed")
                print(run.stderr, end="")
            git(root, "-c", "user.name=sweep", "-c", "user.email=sweep@example.org",
                "commit", "-qm", " ".join(args), "--allow-empty")  # fmt: skip
        print(f"{len(todo)} edits, {bad} failed or removed more lines than they must")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
