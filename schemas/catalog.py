"""The ITA catalog: what the NACC framework says per fiscal year, with how sure we are.

The data lives in schemas/ita_catalog.json (built by schemas/build_catalog.py from the
team reference and schemas/data/); `ITA_CATALOG=FILE` reads another catalog file instead
(a year added as data, for a test or before a rebuild). It is the only source of the
year rules: tool weights, which indicators make each tool, level scales and labels, OIT
lists; checks and extractors ask it, they hold no copy. Every fact carries the confidence tag of the reference (P, D, S+, S1;
"unknown" where the reference has no source). Guesses ([G]) are never in the catalog:
where the reference only guesses, the field is null or the list is empty.

    from schemas.catalog import load_catalog
    cat = load_catalog()
    cat.indicator_name(4, 2567)          # 'การใช้ทรัพย์สินของราชการ'
    cat.level_for(93.71, 2567, {"IIT": 90.45, "EIT": 88.58, "OIT": 100})  # 'ผ่านดี'
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict

CATALOG_PATH = Path(__file__).with_name("ita_catalog.json")

Tool = Literal["IIT", "EIT", "OIT"]
TOOLS: tuple[Tool, ...] = ("IIT", "EIT", "OIT")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SubIndicator(_Model):
    code: str  # '9.1' … '10.2'
    name_th: str | None
    confidence: str
    source: str


class Indicator(_Model):
    number: int
    name_th: str
    tool: Tool
    confidence: str
    source: str
    tool_confidence: str
    sub_indicators: tuple[SubIndicator, ...] = ()


class IndexDef(_Model):
    """One of the five indices (ดัชนี) of the ITA before 2562, which had no tools or
    indicators."""

    number: int  # 1-5, the order the NACC lists them in
    code: str  # 'transparency' …: stable, language-neutral
    name_th: str
    name_en: str
    aliases: tuple[str, ...] = ()  # shorter ways reports print the name
    confidence: str
    source: str


class IitItem(_Model):
    code: str  # 'I1' … (the reference writes i1; stored upper-case like measures.question_code)
    text_th: str | None  # None: the reference has no reliable wording
    indicator: int | None
    confidence: str
    source: str


class OitItem(_Model):
    code: str  # 'O1' …
    name_th: str
    sub_indicator: str | None  # None: grouping unknown for that year
    confidence: str
    source: str


class Weights(_Model):
    IIT: float
    EIT: float
    OIT: float
    tool_indicators: dict[Tool, tuple[int, ...]]
    tool_from_indicators: str
    indicator_from_subindicators: str
    eit_parts: str | None
    # {"EIT_PART1": w1, "EIT_PART2": w2} where the year's EIT is stated as its two parts
    eit_part_weights: dict[str, float] | None = None
    confidence: str
    source: str


class LevelBand(_Model):
    label: str | None  # None: the reference does not know this band's label
    min: float
    max: float
    requires_each_tool_min: float | None = None  # 2567+: every tool must reach this
    confidence: str
    note: str | None = None


class LevelScale(_Model):
    kind: str  # the scale's name in the data: letter, pass_2566, five_level, five_index, …
    confidence: str
    source: str
    bands: tuple[LevelBand, ...]


class YearCatalog(_Model):
    fiscal_year: int
    indicators: tuple[Indicator, ...]  # empty: not known for that year
    iit_items: tuple[IitItem, ...]
    eit_items: tuple[IitItem, ...]
    oit_items: tuple[OitItem, ...]
    oit_list_status: Literal["complete", "partial", "fragmentary", "unknown"]
    oit_list_source: str
    weights: Weights | None
    levels: LevelScale | None
    notes: tuple[str, ...]
    indices: tuple[IndexDef, ...] = ()  # the five-index framework (before 2562); empty after


    def indicator(self, number: int) -> Indicator | None:
        return next((ind for ind in self.indicators if ind.number == number), None)

    def oit_item(self, code: str) -> OitItem | None:
        return next((it for it in self.oit_items if it.code == code), None)


class PassMark(_Model):
    overall_min: float
    confidence: str


class Catalog(_Model):
    description: str
    generated_from: tuple[str, ...]
    confidence_tags: dict[str, str]
    sources: dict[str, str]
    pass_mark: PassMark
    not_nacc_ita: tuple[str, ...]
    years: dict[int, YearCatalog]

    def year(self, fy: int) -> YearCatalog | None:
        return self.years.get(fy)

    def all_level_labels(self) -> tuple[str, ...]:
        """Every level label of every year the catalog knows (deduplicated)."""
        return tuple(sorted({lab for fy in self.years for lab in self.level_labels(fy)}))

    def indices(self) -> tuple[IndexDef, ...]:
        """The five-index framework's indices (the same in every year that had it)."""
        return next((yc.indices for yc in self.years.values() if yc.indices), ())

    def indicator_name(self, number: int, fy: int | None = None) -> str | None:
        """Official name of indicator `number` in fiscal year `fy` (any known year when
        fy is None or unknown to the catalog)."""
        years = [self.years[fy]] if fy in self.years else list(self.years.values())
        for yc in years:
            ind = yc.indicator(number)
            if ind is not None:
                return ind.name_th
        return None

    def indicator_names(self, number: int) -> tuple[str, ...]:
        """Every official name indicator `number` had in any year (deduplicated)."""
        names = {ind.name_th for yc in self.years.values() for ind in yc.indicators if ind.number == number}
        return tuple(sorted(names))

    def weights_for(self, fy: int | None) -> Weights | None:
        """The tool weights and tool -> indicators of fiscal year `fy`; for a year the
        catalog has no weights for (2562, the five-index years, a year not stated), the
        nearest year's that has them (the later one on a tie; the latest for None), so
        a report is still checked by the framework of its time. None: no year has any."""
        best = self._nearest(fy, [y for y, yc in self.years.items() if yc.weights is not None])
        return self.years[best].weights if best is not None else None

    def eit_part_weights(self, fy: int | None) -> dict[str, float]:
        """EIT part -> its weight in EIT (2566: ½ each, EIT stated as two parts); for
        another year the nearest year's that states them (see weights_for); {}: none."""
        best = self._nearest(fy, [y for y, yc in self.years.items() if yc.weights and yc.weights.eit_part_weights])
        return dict(self.years[best].weights.eit_part_weights) if best is not None else {}

    @staticmethod
    def _nearest(fy: int | None, years: list[int]) -> int | None:
        """fy if among `years`, else the nearest of them (the later on a tie; the latest for None)."""
        if not years or fy in years:
            return fy if years else None
        return max(years) if fy is None else min(years, key=lambda y: (abs(y - fy), -y))

    def tool_indicators(self, fy: int | None = None) -> dict[Tool, tuple[int, ...]]:
        """Tool -> the numbers of its indicators in `fy` (see weights_for)."""
        w = self.weights_for(fy)
        return dict(w.tool_indicators) if w else {}

    def tool_of(self, number: int, fy: int | None = None) -> Tool | None:
        """The tool indicator `number` belongs to in `fy` (see weights_for)."""
        return next((t for t, ns in self.tool_indicators(fy).items() if number in ns), None)

    def last_five_index_year(self) -> int | None:
        """The last year of the five-index framework (the ITA before tools and indicators)."""
        return max((fy for fy, yc in self.years.items() if yc.indices), default=None)

    def level_scale(self, fy: int) -> LevelScale | None:
        yc = self.years.get(fy)
        return yc.levels if yc else None

    def level_labels(self, fy: int) -> tuple[str, ...]:
        """The level labels of that year's scale, best first; () when unknown."""
        scale = self.level_scale(fy)
        if scale is None:
            return ()
        return tuple(b.label for b in scale.bands if b.label is not None)

    def level_for(self, score: float, fy: int, tool_scores: Mapping[str, float] | None = None) -> str | None:
        """The level the catalog's scale gives `score` in `fy`, or None when the catalog
        is not sure: no scale for that year, a band whose label is unknown (2566 < 85),
        or a 2567+ rule that needs IIT/EIT/OIT scores that were not given."""
        scale = self.level_scale(fy)
        if scale is None or not (0.0 <= score <= 100.0):
            return None
        for band in sorted(scale.bands, key=lambda b: (-b.min, -(b.requires_each_tool_min or 0.0))):
            if score < band.min:
                continue
            if band.requires_each_tool_min is not None:
                if not tool_scores or any(t not in tool_scores for t in TOOLS):
                    return None  # cannot tell ผ่านดีเยี่ยม / ผ่านดี / ผ่าน apart
                if any(tool_scores[t] < band.requires_each_tool_min for t in TOOLS):
                    continue
            return band.label
        return None

    def possible_levels(self, score: float, fy: int) -> set[str]:
        """Every known label whose score range holds `score` in `fy`, per-tool conditions
        aside (what can be said when the tool scores are not known); empty when the
        catalog does not know the label for that score."""
        scale = self.level_scale(fy)
        if scale is None:
            return set()
        return {b.label for b in scale.bands if b.label is not None and b.min <= score <= b.max + 0.005}


def load_catalog(path: str | None = None) -> Catalog:
    """Load and validate the catalog: `path`, else $ITA_CATALOG, else the committed one
    (cached per file)."""
    return _load(str(path or os.environ.get("ITA_CATALOG") or CATALOG_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> Catalog:
    return Catalog.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


def pre_2562() -> dict:
    """The five-index framework of 2557-2561 as the statement reader and the generator
    use it: {"indices": [{"number", "name"}], "levels": [{"label", "min", "max"}]}, from
    the catalog (schemas/data/ita_2557_2561.json through build_catalog)."""
    cat = load_catalog()
    scale = cat.level_scale(cat.last_five_index_year())
    return {"indices": [{"number": ix.number, "name": ix.name_th} for ix in cat.indices()],
            "levels": [{"label": b.label, "min": b.min, "max": b.max} for b in scale.bands]}


def pre_2562_level(score: float) -> str:
    """The level the 2557-2561 scale gives a score."""
    return next(b["label"] for b in pre_2562()["levels"] if score >= b["min"])
