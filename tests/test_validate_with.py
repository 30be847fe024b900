"""validate_with: the repository as an edit would leave it, validated without writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmo.validate import snapshot, validate, validate_with

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edit"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


def test_without_overrides_it_is_validate(repo: Path) -> None:
    assert validate_with(repo).problems == validate(repo).problems
    assert validate_with(repo).problems  # the fixture has warnings: the test can fail


def test_an_override_replaces_a_file_and_is_located_in_its_new_text(repo: Path) -> None:
    people = b"kind: people\npeople:\n  - {id: ann, name: Ann Lee}\n\n  - {id: cy, name: Cy}\n"
    result = validate_with(repo, {"records/people.yaml": people})
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert errors == [
        "records/awkward.yaml:40:10: error: unknown-reference person 'bob' does not exist",
    ]
    assert (repo / "records/people.yaml").read_bytes() != people  # nothing written
    assert sorted(result.loaded.portfolio.people) == ["ann", "cat", "cy", "dev"]


def test_an_override_can_add_a_file(repo: Path) -> None:
    new = b"kind: project\nid: prog-new\nname: New\nprogramme: prog\nlead: ann\nlead: bob\n"
    result = validate_with(repo, {"records/new.yaml": new})
    assert result.files == 7
    assert [(p.path, p.line, p.code) for p in result.problems if p.severity == "error"] == [
        ("records/new.yaml", 6, "duplicate-key")
    ]
    assert not (repo / "records/new.yaml").exists()


def test_a_snapshot_is_read_once_and_validated_twice(repo: Path) -> None:
    read = snapshot(repo)
    (repo / "records/people.yaml").unlink()  # the snapshot does not see later changes
    before = validate_with(read)
    after = validate_with(read, {"records/prog.yaml": b"kind: programme\nid: prog\n"})
    assert "ann" in before.loaded.portfolio.people
    assert not [p for p in before.problems if p.severity == "error"]
    assert [(p.path, p.code) for p in after.problems if p.severity == "error"] == [
        # (awkward.yaml's programme is now unusable: no knock-on "does not exist")
        ("records/prog.yaml", "missing-key"),
        ("records/prog.yaml", "missing-key"),
    ]
    # Unlocated: the same problems, all at 1:1.
    blind = validate_with(read, None, locate=False)
    assert {(p.line, p.column) for p in blind.problems} == {(1, 1)}
    assert sorted((p.path, p.code, p.message) for p in blind.problems) == sorted(
        (p.path, p.code, p.message) for p in before.problems
    )


def test_a_reference_to_an_id_of_a_file_only_an_override_holds_is_excused(repo: Path) -> None:
    """The ids of a file that cannot be read into records come from the edit's bytes, not
    the disk: a new programme missing its name and a new project of it give the missing
    keys and no knock-on "does not exist"."""
    programme = b"kind: programme\nid: fresh\nlead: ann\n"
    project = b"kind: project\nid: fresh-a\nname: A\nprogramme: fresh\nlead: ann\n"
    result = validate_with(repo, {"records/fresh.yaml": programme, "records/fresh-a.yaml": project})
    assert [(p.path, p.code) for p in result.problems if p.severity == "error"] == [
        ("records/fresh.yaml", "missing-key")
    ]


def test_only_the_ids_of_files_that_cannot_be_read_excuse_a_reference(repo: Path) -> None:
    """A line reading ``id: ghost`` in a usable record's description declares nothing: a
    lead named ``ghost`` does not exist."""
    text = (repo / "records/prog.yaml").read_text(encoding="utf-8")
    text = text.replace("lead: ann\n", "lead: ghost\ndescription: |\n  id: ghost\n", 1)
    result = validate_with(repo, {"records/prog.yaml": text.encode()})
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert errors == [
        "records/prog.yaml:4:7: error: unknown-reference person 'ghost' does not exist"
    ]


def test_a_link_among_the_unusable_files_hides_no_other_files_ids(repo: Path) -> None:
    """A record file that is a link is not read (its own error); the unusable files after it
    still excuse the references to their ids."""
    (repo / "records/0-link.yaml").symlink_to(repo / "records/prog.yaml")
    (repo / "records/fresh.yaml").write_text("kind: programme\nid: fresh\nlead: ann\n")
    (repo / "records/fresh-a.yaml").write_text(
        "kind: project\nid: fresh-a\nname: A\nprogramme: fresh\nlead: ann\n"
    )
    result = validate(repo)
    codes = [(p.path, p.code) for p in result.problems if p.severity == "error"]
    assert ("records/fresh.yaml", "missing-key") in codes
    assert any(path == "records/0-link.yaml" for path, _ in codes)
    assert [c for c in codes if c[1] == "unknown-reference"] == []
