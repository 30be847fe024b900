"""Whatever a sheet holds, ``pmo import`` lists problems or imports: it never crashes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmo.cli import app
from pmo.validate import validate
from tests.spreadsheets import RISK_HEADERS, workbook

ROOT = Path(__file__).resolve().parent.parent

CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
    st.sampled_from(["3 - Possible", "Jos Parry", "csw-hr", "01/10/2010", "£1.2m", "High"]),
    st.integers(-10, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(dt.date(1800, 1, 1), dt.date(3000, 1, 1)),
)


@given(rows=st.lists(st.lists(CELL, min_size=len(RISK_HEADERS), max_size=len(RISK_HEADERS)),
                     min_size=1, max_size=4))  # fmt: skip
def test_any_sheet_is_imported_or_refused_cleanly(tmp_path_factory: object, rows: list) -> None:  # type: ignore[type-arg]
    base = Path(tmp_path_factory.mktemp("prop"))  # type: ignore[attr-defined]
    repo = base / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "pmo.yaml", repo / "pmo.yaml")
    shutil.copytree(ROOT / "records", repo / "records")
    book = workbook(base / "x.xlsx", {"Risks": [RISK_HEADERS, *rows]})
    result = CliRunner().invoke(app, ["import", str(book), "--root", str(repo)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 0:
        assert [p for p in validate(repo).problems if p.severity == "error"] == []
    else:
        assert "Traceback" not in result.output


@given(raw=st.binary(max_size=300))
def test_any_csv_bytes_are_imported_or_refused_cleanly(
    tmp_path_factory: object, raw: bytes
) -> None:
    base = Path(tmp_path_factory.mktemp("csv"))  # type: ignore[attr-defined]
    repo = base / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "pmo.yaml", repo / "pmo.yaml")
    shutil.copytree(ROOT / "records", repo / "records")
    path = base / "x.csv"
    path.write_bytes(b"Risk,Owner,Likelihood,Impact,Workstream\n" + raw)
    result = CliRunner().invoke(app, ["import", str(path), "--root", str(repo)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
