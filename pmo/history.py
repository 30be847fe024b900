"""The records as they stood: which state of the repository a reporting date reads.

For a reporting date D before today, in a git repository, the records are read as they
stood in the last commit on the current branch's first-parent history whose commit time,
in its committer's own offset, falls on or before D; for D today or later, the working
tree (uncommitted edits included). Without git, or without a commit that old, the working
tree is read and a note says so (:attr:`Resolution.notes`). Records are matched by id,
never by path, so files may move between commits.

>>> # load_as_of(root, dt.date(2024, 7, 10)).portfolio.source.commit
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pmo.git import Commit, GitError, Repo, find
from pmo.load import LoadResult, load
from pmo.portfolio import Portfolio, SourceState
from pmo.source import RECORDS_DIR, SETTINGS_FILE, CommitTree, Source, WorkingTree, is_record_name

if TYPE_CHECKING:
    from pmo.cache import Store


class RevisionNotFound(Exception):
    """A REV that names no commit (the message has a did-you-mean where one fits)."""


@dataclass(slots=True)
class Resolution:
    """The source a reporting date reads, and what to tell the user about the choice."""

    source: Source
    notes: list[str] = field(default_factory=list)


def _repo(root: Path, notes: list[str], day: dt.date | None) -> Repo | None:
    """The git repository holding ``root``; None (with a note when a date wanted one)."""
    try:
        repo = find(root)
    except GitError as exc:
        if day is not None:
            notes.append(f"{exc}; reading the records as they are now, not as they stood on {day}")
        return None
    if repo is None and day is not None:
        notes.append(
            "the records are not in a git repository; reading them as they are now, "
            f"not as they stood on {day}"
        )
    return repo


def _holds_records(repo: Repo, commit: Commit) -> bool:
    paths = [f"{repo.prefix}{SETTINGS_FILE}", f"{repo.prefix}{RECORDS_DIR}"]
    try:
        return bool(repo.tree(commit.sha, paths))
    except GitError:
        return False


def commit_on(repo: Repo, day: dt.date) -> tuple[Commit | None, Commit | None]:
    """The last commit of HEAD's first-parent history made on or before ``day`` (in its
    committer's own offset), or None; and the oldest commit, when none is that old."""
    oldest = None
    if repo.head is None:
        return None, None
    for commit in repo.log("HEAD"):  # one process, read to the end only when none is found
        if commit.day <= day:
            return commit, None
        oldest = commit
    return None, oldest


def resolve(root: Path, day: dt.date, today: dt.date | None = None) -> Resolution:
    """Which source reports as of ``day`` read: a commit's tree, or the working tree."""
    today = today or dt.date.today()
    working = WorkingTree(root)
    if day >= today:
        return Resolution(working)
    notes: list[str] = []
    repo = _repo(root, notes, day)
    if repo is None:
        return Resolution(working, notes)
    if repo.head is None:
        notes.append(
            f"the git repository has no commit yet; reading the records as they are now, "
            f"not as they stood on {day}"
        )
        return Resolution(working, notes)
    try:
        found, first = commit_on(repo, day)
    except GitError as exc:
        notes.append(f"{exc}; reading the records as they are now, not as they stood on {day}")
        return Resolution(working, notes)
    if found is None:
        if repo.shallow:
            since = f" (to {first.day})" if first is not None else ""
            notes.append(
                f"this is a shallow clone: its history goes back only{since}, after {day}; "
                "reading the records as they are now (fetch the full history: git fetch "
                "--unshallow)"
            )
        else:
            since = f" (the first is from {first.day})" if first is not None else ""
            notes.append(
                f"no commit on or before {day}{since}; reading the records as they are now"
            )
        return Resolution(working, notes)
    if not _holds_records(repo, found):
        notes.append(
            f"commit {found.short} ({found.day}), the last on or before {day}, holds no "
            "records; reading the records as they are now"
        )
        return Resolution(working, notes)
    tree = CommitTree(root, repo, found)
    tree.state = replace(tree.state, as_of=day)
    return Resolution(tree, notes)


def load_as_of(
    root: Path, day: dt.date, *, today: dt.date | None = None, save: bool = True
) -> tuple[LoadResult, list[str]]:
    """The records as they stood on ``day``, and the notes about the choice (see module)."""
    resolution = resolve(root, day, today)
    loaded = load(root, source=resolution.source, save=save)
    if resolution.source.state.working_tree:
        loaded.portfolio.source = replace(loaded.portfolio.source, as_of=day)
    return loaded, resolution.notes


def load_before(
    root: Path, day: dt.date, *, today: dt.date | None = None, store: Store | None = None
) -> LoadResult | None:
    """The records as they stood on ``day`` when history holds them (the commit of that day,
    or the working tree for today or later); None when it does not (no git, no commit that
    old, a shallow clone): then the caller falls back on dated facts alone."""
    resolution = resolve(root, day, today)
    if resolution.notes:
        return None
    loaded = load(root, source=resolution.source, store=store, save=False)
    loaded.portfolio.source = replace(loaded.portfolio.source, as_of=day)
    return loaded


def settled(root: Path, state: SourceState) -> SourceState:
    """A working-tree state whose pmo.yaml and record files are exactly HEAD's, named by
    HEAD's commit (``working_tree`` stays true); any other state as it is. A paper rendered
    from a clean checkout on its day so names the same commit as one rendered later."""
    if not state.working_tree or state.commit is not None:
        return state
    try:
        repo = find(root)
        if repo is None or repo.head is None:
            return state
        head = next(repo.log("HEAD", "-n", "1"), None)
        if head is None:
            return state
        now = WorkingTree(root).listing()
        then = CommitTree(root, repo, head).listing()
    except GitError:
        return state
    same = (now.files, now.settings) == (then.files, then.settings)
    if not same or now.failed or then.failed or now.problems:
        return state
    return replace(state, commit=head.sha, date=head.time)


def commit_at(root: Path, rev: str) -> tuple[Repo, Commit]:
    """The commit ``rev`` names (branch, tag, SHA...); RevisionNotFound with a did-you-mean."""
    try:
        repo = find(root)
    except GitError as exc:
        raise RevisionNotFound(f"{rev}: {exc}") from None
    if repo is None:
        raise RevisionNotFound(f"{rev}: {root} is not in a git repository")
    try:
        commit = repo.commit(rev)
        if commit is None:
            from pmo.suggest import did_you_mean

            hint = did_you_mean(rev, repo.refs())
            raise RevisionNotFound(f"{rev}: no such branch, tag or commit{hint}")
    except GitError as exc:
        raise RevisionNotFound(f"{rev}: {exc}") from None
    return repo, commit


def load_rev(root: Path, rev: str, *, save: bool = True) -> LoadResult:
    """The records as they stand in commit ``rev``; RevisionNotFound when there is none."""
    repo, commit = commit_at(root, rev)
    return load(root, source=CommitTree(root, repo, commit), save=save)


@dataclass(frozen=True, slots=True)
class Point:
    """One commit of the history and the blob id of every record file (and pmo.yaml) in it."""

    commit: Commit
    files: dict[str, str]

    def source(self, root: Path, repo: Repo) -> CommitTree:
        """This state as a source, to load (most files will be in the cache)."""
        return CommitTree(root, repo, self.commit)


def walk(
    root: Path, since: dt.date | None = None, until: dt.date | None = None, rev: str = "HEAD"
) -> Iterator[Point]:
    """First-parent commits of ``rev`` made from ``since`` to ``until`` (inclusive, in each
    committer's offset), oldest first, each with the blob id of every record file.

    Cheap: one ``git log`` for the commits, one ``ls-tree`` for the first, one
    ``git log --raw`` for what each later commit changed; no blob is read. Raises
    RevisionNotFound when ``rev`` names nothing or there is no git repository.
    """
    repo, tip = commit_at(root, rev)
    yield from _walk(repo, tip, since, until)


def _walk(repo: Repo, tip: Commit, since: dt.date | None, until: dt.date | None) -> Iterator[Point]:
    commits = [
        c
        for c in repo.log(tip.sha)
        if (since is None or c.day >= since) and (until is None or c.day <= until)
    ]
    commits.reverse()
    if not commits:
        return
    prefix = repo.prefix
    paths = [f"{prefix}{SETTINGS_FILE}", f"{prefix}{RECORDS_DIR}"]

    def wanted(path: str) -> str | None:
        if not path.startswith(prefix):
            return None
        rel = path[len(prefix) :]
        if rel == SETTINGS_FILE:
            return rel
        parts = rel.split("/")
        if parts[0] != RECORDS_DIR or any(p.startswith(".") for p in parts[1:]):
            return None
        return rel if is_record_name(parts[-1]) else None

    files: dict[str, str] = {}
    for entry in repo.tree(commits[0].sha, paths):
        rel = wanted(entry.path)
        if rel is not None:
            files[rel] = entry.oid
    yield Point(commits[0], dict(files))
    changes = repo.changes(commits[0].sha, commits[-1].sha, paths)
    for commit in commits[1:]:
        for change in changes.get(commit.sha, []):
            rel = wanted(change.path)
            if rel is None:
                continue
            if change.status == "D":
                files.pop(rel, None)
            else:
                files[rel] = change.oid
        yield Point(commit, dict(files))


# --- two states to compare (pmo changes) ----------------------------------------------------


class NoHistory(Exception):
    """The question needs git history the repository does not have (the message says why)."""


@dataclass(slots=True)
class State:
    """The records as they stood at one point: on a date, or at a revision."""

    loaded: LoadResult
    #: The date the state stands for (for a revision: its commit's day).
    day: dt.date
    notes: list[str] = field(default_factory=list)
    #: No commit was that old: nothing was recorded then (an empty portfolio).
    empty: bool = False

    @property
    def portfolio(self) -> Portfolio:
        return self.loaded.portfolio


def parse_point(text: str) -> dt.date | None:
    """``text`` as a date (YYYY-MM-DD), or None when it is a revision (a branch, tag, SHA)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def state_on(
    root: Path, day: dt.date, *, today: dt.date | None = None, store: Store | None = None
) -> State:
    """The records as they stood on ``day`` (today or later: the working tree).

    Before the first commit nothing was recorded: the state is empty, with a note. Raises
    NoHistory without git, without a commit, or in a shallow clone that does not reach
    back so far.
    """
    today = today or dt.date.today()
    if day >= today:
        loaded = load(root, store=store, save=False)
        loaded.portfolio.source = replace(loaded.portfolio.source, as_of=day)
        return State(loaded, day)
    repo = _repo_or_raise(root, day)
    if repo.head is None:
        raise NoHistory(f"the git repository has no commit yet, so nothing stood on {day}")
    try:
        found, first = commit_on(repo, day)
    except GitError as exc:
        raise NoHistory(str(exc)) from None
    if found is None:
        if repo.shallow:
            reach = f" (to {first.day})" if first is not None else ""
            raise NoHistory(
                f"this is a shallow clone: its history goes back only{reach}, after {day} "
                "(fetch the full history: git fetch --unshallow)"
            )
        return _empty(root, day, first)
    loaded = load(root, source=CommitTree(root, repo, found), store=store, save=False)
    loaded.portfolio.source = replace(loaded.portfolio.source, as_of=day)
    return State(loaded, day)


def state_at(root: Path, rev: str, *, store: Store | None = None) -> State:
    """The records as they stand in commit ``rev``; RevisionNotFound when there is none."""
    repo, commit = commit_at(root, rev)
    loaded = load(root, source=CommitTree(root, repo, commit), store=store, save=False)
    return State(loaded, commit.day)


def _repo_or_raise(root: Path, day: dt.date) -> Repo:
    try:
        repo = find(root)
    except GitError as exc:
        raise NoHistory(str(exc)) from None
    if repo is None:
        raise NoHistory(
            f"the records are not in a git repository, so how they stood on {day} is not known"
        )
    return repo


def _empty(root: Path, day: dt.date, first: Commit | None) -> State:
    from pmo.locate import Locator

    pf = Portfolio(root=root, source=SourceState(None, None, False, day))
    since = f" (the first is from {first.day})" if first is not None else ""
    note = f"no commit on or before {day}{since}: nothing was recorded then"
    return State(LoadResult(pf, [], Locator(root)), day, [note], empty=True)
