"""Money reads in the portfolio's currency in every output (one formatter: pmo.formats)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=[("USD", "$"), ("EUR", "€"), ("CHF", "CHF ")])
def dollars(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """The bundled records with their money in another currency (and no pound sign left in
    them, so every one in an output was put there by pmo)."""
    code, symbol = request.param
    shutil.copytree(ROOT / "records", tmp_path / "records")
    for path in (tmp_path / "records").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("£", ""), encoding="utf-8")
    settings = (ROOT / "pmo.yaml").read_text(encoding="utf-8")
    (tmp_path / "pmo.yaml").write_text(
        settings.replace("currency: GBP", f"currency: {code}"), encoding="utf-8"
    )
    return tmp_path, symbol


#: Every command and format that can print an amount of money.
OUTPUTS = [
    ["status", "--format", "json"],
    ["status", "--format", "markdown"],
    ["status", "--format", "csv"],
    ["status"],
    ["show", "csw-procurement"],
    ["show", "csw-procurement", "--format", "markdown"],
    ["show", "csw-procurement", "--format", "json"],
    ["show", "csw", "--format", "markdown"],
    ["paper", "cyp-oss-2010-10"],
    ["paper", "kent-cabinet-2008-01"],
    ["report", "highlight", "csw-adults"],
    ["report", "highlight", "csw"],
    ["report", "status"],
    ["report", "risk-register"],
    ["risks", "--format", "json"],
    ["milestones", "--format", "csv"],
]


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: " ".join(a))
def test_no_pound_sign_outside_gbp(dollars: tuple[Path, str], args: list[str]) -> None:
    root, symbol = dollars
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "£" not in result.stdout
    computed = re.findall(r"(?<![\w£$€])([£$€]|CHF )\d", result.stdout)
    assert set(computed) <= {symbol}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "csw-procurement"], "forecast {s}102k is 13.3% over approved {s}90k"),
        (["paper", "cyp-oss-2010-10"], "{s}750,000"),
        (["report", "highlight", "csw-adults"], "Approved {s}120,000"),
    ],
)
def test_amounts_in_the_currency(dollars: tuple[Path, str], args: list[str], expected: str) -> None:
    root, symbol = dollars
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert expected.format(s=symbol) in result.stdout
