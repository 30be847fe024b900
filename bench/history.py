"""Generate a synthetic records repository with a year of weekly git commits (for ``make bench``).

The portfolio of generate.py, as it stands on the last day, is rewound week by week: each
project reports every four weeks (its own phase), so at each weekly commit about a quarter
of the project files change (updates dated after the week removed, spend so far scaled to
the week); papers appear once their meeting is near. Commits are dated a week apart, the
last one on ``--end`` (default: today), so ``pmo status`` reads the working tree and
``pmo status --as-of <a past date>`` reads a commit.

Usage: ``python bench/history.py OUT --projects 1000 [--weeks 52] [--end YYYY-MM-DD]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

_UPDATE = re.compile(r"^  - date: (\d{4}-\d{2}-\d{2})$")
_ACTUAL = re.compile(r"actual: ([^,}]+)\}$")
_MEETING = re.compile(r"^meeting: (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def rewind_project(text: str, day: date, share: float) -> str:
    """A project file as it stood on ``day``: later updates dropped, spend scaled."""
    out: list[str] = []
    in_updates = skipping = False
    for line in text.split("\n"):
        if line == "updates:":
            in_updates = True
        elif in_updates and not line.startswith(" "):
            in_updates = skipping = False
        if in_updates:
            found = _UPDATE.match(line)
            if found is not None:
                skipping = date.fromisoformat(found.group(1)) > day
            if skipping:
                continue
        if line.startswith("budget: {") and share < 1:
            line = _ACTUAL.sub(lambda m: f"actual: {_scaled(m.group(1), share)}}}", line)
        out.append(line)
    return "\n".join(out)


def _scaled(money: str, share: float) -> str:
    digits = re.sub(r"[^0-9.]", "", money)
    try:
        value = float(digits) * {"k": 1e3, "m": 1e6, "bn": 1e9}.get(re.sub(r"[^a-z]", "", money), 1)
    except ValueError:
        return money
    return str(int(value * share) // 1000 * 1000)


def build(out: Path, projects: int, weeks: int, end: date, seed: int) -> None:
    """Write the final portfolio into a scratch folder, then commit it week by week."""
    scratch = Path(tempfile.mkdtemp(prefix="pmo-history-"))
    try:
        generate.generate(scratch, projects, seed, 1, end)
        final = {
            p.relative_to(scratch).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(scratch.rglob("*.yaml"))
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # No pinned date: a report without --as-of reads the working tree (today).
    final["pmo.yaml"] = re.sub(r"^as_of: .*\n", "", final["pmo.yaml"], flags=re.MULTILINE)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    git = ["git", "-C", str(out), "-c", "core.fsyncMethod=batch", "-c", "gc.auto=0"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True, env=env)
    written: dict[str, str] = {}
    for week in range(weeks):
        day = end - timedelta(weeks=weeks - 1 - week)
        for rel, text in final.items():
            phase = zlib.crc32(rel.encode()) % 4
            if "/prj-" in rel and not rel.endswith(("-hr2.yaml",)):
                reported = week - (week - phase) % 4 if week >= phase else 0
                as_of = end - timedelta(weeks=weeks - 1 - reported)
                share = min(1.0, (reported + 1) / weeks)
                text = rewind_project(text, as_of, share) if week < weeks - 1 else text
            elif rel.startswith("records/papers/") or "-hr" in rel:
                meeting = _MEETING.search(text)
                if meeting and date.fromisoformat(meeting.group(1)) > day + timedelta(days=14):
                    continue
            if written.get(rel) != text:
                path = out / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written[rel] = text
        stamp = datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC).isoformat()
        when = {**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run([*git, "add", "-A"], check=True, env=when)
        subprocess.run(
            [*git, "commit", "-q", "--allow-empty", "-m", f"Week of {day.isoformat()}"],
            check=True,
            env=when,
        )
    subprocess.run([*git, "gc", "-q"], check=True, env=env)  # packed, as a clone would be


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--projects", type=int, required=True, help="number of projects")
    parser.add_argument("--weeks", type=int, default=52, help="weekly commits (default 52)")
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        default=date.today(),
        help="the date of the last commit (default: today)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    build(args.out_dir, args.projects, args.weeks, args.end, args.seed)
    print(f"{args.out_dir}: {args.weeks} weekly commits in {time.perf_counter() - began:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
