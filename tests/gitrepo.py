"""Real git repositories with commits at set dates, for the history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROJECT = """\
kind: project
id: {id}
name: {name}
programme: prog
lead: ann
start: 2024-01-01
budget: {{approved: {budget}}}
"""

BASE = {
    "records/people.yaml": "kind: people\npeople:\n  - id: ann\n    name: Ann\n",
    "records/prog.yaml": "kind: programme\nid: prog\nname: Prog\nlead: ann\n",
}


def git(root: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``root``; ``when``: the author and committer date (ISO 8601 with offset)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(root: Path, when: str, files: dict[str, str] | None = None, message: str = "") -> str:
    """Write ``files``, commit everything at ``when``; the new commit's SHA."""
    write(root, files or {})
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message or f"records at {when}", when=when)
    return git(root, "rev-parse", "HEAD")


def project(name: str, budget: str = "100000", id_: str = "p1") -> str:
    return PROJECT.format(id=id_, name=name, budget=budget)


def new_repo(root: Path) -> Path:
    """An empty git repository on branch main, with pmo.yaml and the base records written."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, {"pmo.yaml": "name: History test\n", **BASE})
    return root
