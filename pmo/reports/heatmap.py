"""The risk heat map: the register's risks counted by likelihood and impact, 5 × 5."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pmo import formats
from pmo.asof import BAND_LABELS, risk_band
from pmo.reports.risks import RiskRegister, title
from pmo.tabular import Cell, Table

#: Likelihood and impact run 1..5.
SCALE = range(1, 6)

#: Heat map cell colours (a background, so the count reads on it).
HEAT_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on dark_orange",
    "green": "black on green",
}


@dataclass(slots=True)
class HeatMap:
    """The heat map of a register (its filters and date)."""

    register: RiskRegister

    def counts(self) -> list[list[int]]:
        """``counts[likelihood - 1][impact - 1]``: how many risks in each cell."""
        counts = [[0] * 5 for _ in SCALE]
        for row in self.register.rows:
            counts[row.likelihood - 1][row.impact - 1] += 1
        return counts

    def table(self) -> Table:
        """The 5×5 matrix: likelihood 5 (top) to 1 down, impact 1 to 5 across; each cell
        says its band's initial (H, M, L) and its count, so it reads without colour too."""
        register, counts = self.register, self.counts()
        bands = register.bands
        table = Table(
            ["Likelihood / Impact", *(str(i) for i in SCALE)],
            title=title(register, "Risk heat map"),
            caption=f"{formats.plural(len(register.rows), 'risk')}. H high (score ≥ "
            f"{bands.red}), M medium ({bands.amber}–{bands.red - 1}), L low (below {bands.amber}).",
        )
        for likelihood in reversed(SCALE):
            cells: list[Cell | str | int | None] = [str(likelihood)]
            for impact in SCALE:
                band = risk_band(likelihood * impact, bands)
                count = counts[likelihood - 1][impact - 1]
                cells.append(Cell(f"{BAND_LABELS[band][0].upper()} {count}", HEAT_STYLE[band]))
            table.add(*cells)
        return table

    def csv_table(self) -> Table:
        """One row per likelihood, one count per impact column."""
        counts = self.counts()
        table = Table(["Likelihood", *(f"Impact {i}" for i in SCALE)])
        for likelihood in reversed(SCALE):
            table.add(str(likelihood), *(counts[likelihood - 1][i - 1] for i in SCALE))
        return table

    def data(self) -> dict[str, Any]:
        """``{"as_of", "total", "heatmap": [{likelihood, impact, score, band, count, risks}]}``."""
        register = self.register
        ids: dict[tuple[int, int], list[str]] = {}
        for row in register.rows:
            ids.setdefault((row.likelihood, row.impact), []).append(row.id)
        cells = []
        for likelihood in SCALE:
            for impact in SCALE:
                here = ids.get((likelihood, impact), [])
                score = likelihood * impact
                cells.append(
                    {
                        "likelihood": likelihood,
                        "impact": impact,
                        "score": score,
                        "band": risk_band(score, register.bands),
                        "count": len(here),
                        "risks": here,
                    }
                )
        return {"as_of": register.as_of.isoformat(), "total": len(register.rows), "heatmap": cells}
