"""Internally consistent ITA scores (the NACC model), before any defect is planted.

Indicator scores are drawn unrounded; each tool is the mean of its indicators, the overall
0.3·IIT + 0.3·EIT + 0.4·OIT from the unrounded tools; everything is published rounded to
two decimals, as ITAS does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from schemas.catalog import load_catalog

# OIT indicators are means of sub-indicator percentages of yes/no items: they land on
# "round" values far more often than survey scores do.
OIT_VALUES = [100.0, 100.0, 100.0, 97.5, 95.0, 93.75, 91.67, 90.0, 87.5, 85.0, 80.0, 75.0,
              70.0, 62.5]


def r2(x: float) -> float:
    """Round half up to 2 decimals (published scores), immune to binary noise."""
    return float(f"{x + 1e-9:.2f}")


@dataclass
class YearScores:
    fiscal_year: int
    indicators: dict[int, float]  # unrounded
    eit_split: float = 0.0  # EIT part 1 − part 2 (0: no parts printed)
    tools: dict[str, float] = field(default_factory=dict)
    overall: float = 0.0

    def published_indicators(self) -> dict[int, float]:
        return {k: r2(v) for k, v in self.indicators.items()}

    def published_tools(self) -> dict[str, float]:
        out = {t: r2(v) for t, v in self.tools.items()}
        if self.eit_split:
            out["EIT_PART1"] = r2(self.tools["EIT"] + self.eit_split / 2)
            out["EIT_PART2"] = r2(self.tools["EIT"] - self.eit_split / 2)
        return out

    @property
    def published_overall(self) -> float:
        return r2(self.overall)

    def level(self) -> str | None:
        tools = {t: r2(self.tools[t]) for t in ("IIT", "EIT", "OIT")}
        return load_catalog().level_for(self.published_overall, self.fiscal_year, tools)


def year_model(fy: int) -> tuple[dict[str, float], dict[str, tuple[int, ...]]]:
    """(tool weights, tool -> its indicators) for fiscal year fy, from the catalog
    (schemas/ita_catalog.json; the nearest year's where it has none for fy)."""
    w = load_catalog().weights_for(fy)
    return ({"IIT": w.IIT, "EIT": w.EIT, "OIT": w.OIT},
            {t: tuple(ns) for t, ns in w.tool_indicators.items()})


def _survey_score(rng: random.Random, centre: float) -> float:
    return min(100.0, max(40.0, rng.gauss(centre, 6.0)))


def draw_year(rng: random.Random, fy: int, quality: float, eit_parts: bool) -> YearScores:
    """Scores for one agency-year. quality ~ the agency's typical indicator level (60–98)."""
    while True:
        ind = {n: _survey_score(rng, quality) for n in range(1, 9)}
        for n in (9, 10):
            ind[n] = rng.choice(OIT_VALUES) if quality > 80 else rng.choice(OIT_VALUES[5:])
        ys = YearScores(fy, ind)
        weights, tool_inds = year_model(fy)
        ys.tools = {t: sum(ind[n] for n in ns) / len(ns) for t, ns in tool_inds.items()}
        ys.overall = sum(weights[t] * ys.tools[t] for t in weights)
        if eit_parts:
            # part 1 and part 2 average to the EIT (md §6: EIT = (part1 + part2) / 2)
            room = min(100 - ys.tools["EIT"], ys.tools["EIT"] - 40) * 2
            ys.eit_split = rng.uniform(-min(room, 20), min(room, 20))
        if ys.level() is not None:  # e.g. 2566 below 85 has no known label: redraw
            return ys
        quality = min(97.0, quality + 2)


def previous_year(rng: random.Random, current: YearScores, eit_parts: bool = False) -> YearScores:
    """Last year's scores for a comparison table: usually a bit lower."""
    q = sum(current.indicators[n] for n in range(1, 9)) / 8 - rng.uniform(-2, 8)
    return draw_year(rng, current.fiscal_year - 1, max(55.0, min(97.0, q)), eit_parts)
