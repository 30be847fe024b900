"""Loading a repository: discovery, file order, source locations, assembly of ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmo.load import RepositoryNotFound, find_root, load, record_files


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_find_root_walks_up_to_pmo_yaml_or_records(tmp_path: Path) -> None:
    write(tmp_path, "pmo.yaml", "name: X\n")
    deep = tmp_path / "records" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()
    other = tmp_path / "elsewhere"
    (other / "records").mkdir(parents=True)
    assert find_root(other / "records") == other.resolve()


def test_find_root_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(RepositoryNotFound, match="pmo init"):
        find_root(tmp_path)


def test_record_files_sorted_skipping_hidden(tmp_path: Path) -> None:
    for rel in ["records/b.yaml", "records/a/z.yml", "records/.hidden.yaml", "records/.git/x.yaml",
                "records/notes.txt", "records/a/c.yaml"]:  # fmt: skip
        write(tmp_path, rel, "kind: people\n")
    found = [p.relative_to(tmp_path).as_posix() for p in record_files(tmp_path)]
    assert found == ["records/a/c.yaml", "records/a/z.yml", "records/b.yaml"]


def test_every_record_item_and_field_is_located(bundled: Path) -> None:
    loaded = load(bundled)
    pf = loaded.portfolio
    for id_ in ["csw", "csw-adults", "gereint-stoneman", "cswace", "cyp-oss-2010-10"]:
        assert id_ in pf.origins
    rel, line, column = loaded.locate("csw-adults")
    assert rel == "records/csw/adults.yaml"
    text = (bundled / rel).read_text(encoding="utf-8").splitlines()
    # Each nested item and field points at its own text.
    for work in pf.work():
        for risk in work.risks:
            rel, line, column = loaded.locate(risk.id, "likelihood")
            lines = (bundled / rel).read_text(encoding="utf-8").splitlines()
            assert lines[line - 1][column - 1 :].startswith(str(risk.likelihood)), risk.id
            rel, line, column = loaded.locate(risk.id, "id")
            assert lines[line - 1][column - 1 :].startswith(risk.id)
    assert text


def test_assembly_indexes_every_kind(bundled: Path) -> None:
    pf = load(bundled).portfolio
    assert len(pf.programmes) >= 2
    assert len(pf.projects) >= 12
    milestones = sum(len(w.milestones) for w in pf.work())
    risks = sum(len(w.risks) for w in pf.work())
    assert milestones >= 50
    assert risks >= 50
    assert all(len(p.updates) >= 3 for p in pf.projects.values())
    assert pf.people and pf.boards and pf.papers
    assert pf.parents["csw-adults-r1"] == "csw-adults"
    assert pf.id_kinds["csw-adults-m1"] == "milestone"
    assert pf.settings.as_of is not None
