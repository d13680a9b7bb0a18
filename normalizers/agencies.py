"""Agency names, districts and provinces in ITA reports.

An agency mention is a type name (องค์การบริหารส่วนตำบล, เทศบาลตำบล, …, or an
abbreviation such as อบต.) followed by a place name: "องค์การบริหารส่วนตำบลดอน",
"อบต.ทุ่งฮั้ว". The type table, with the garbles we have seen (องค์กร… for
องค์การ…), is data: normalizers/data/agency_types.json.

Provinces are checked against pythainlp's province list and corrected with a
garble-tolerant fuzzy match (rapidfuzz on NFC Thai; never
rapidfuzz.utils.default_process, which mangles Thai marks).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from normalizers.thai import normalize

_DATA = Path(__file__).parent / "data" / "agency_types.json"
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Letters a place name is made of: Thai letters and marks, not ฯ ๆ or digits.
_NAME_CHARS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_MAX_NAME = 40  # characters; longer runs are prose, cut anyway


@dataclass(frozen=True)
class Agency:
    """One agency mention. `name` is the canonical full name (type label +
    place name, e.g. "องค์การบริหารส่วนตำบลดอน"), `raw` the text as written,
    `type` one of SAO, TAMBON_MUNICIPALITY, TOWN_MUNICIPALITY,
    CITY_MUNICIPALITY, PAO; `base` the place name; start/end the span of raw."""

    name: str
    raw: str
    type: str
    base: str
    start: int
    end: int


@dataclass(frozen=True)
class Province:
    """A province name checked against the official list. `name` is the
    canonical name, `raw` what was written, `corrected` True when they differ
    (beyond spacing/normalisation), `score` the match score 0–100."""

    name: str
    raw: str
    corrected: bool
    score: float


# --------------------------------------------------------------------------
# Type table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _TypeTable:
    pattern: re.Pattern[str]
    type_by_key: dict[str, tuple[str, str]]  # written form → (type, label)
    stop_words: tuple[str, ...]
    generic_starts: tuple[str, ...]
    max_name_length: int


def _tolerant(name: str) -> str:
    """Regex for a type name as OCR writes it: marks may be missing, and sara
    am may come decomposed (ํา) or as sara aa."""
    parts: list[str] = []
    for ch in name:
        if ch == "\u0e33":
            parts.append("(?:\u0e33|\u0e4d\u0e32|\u0e32)")
        elif re.match(f"[{_MARKS}]", ch):
            parts.append(f"{ch}?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _key(written: str) -> str:
    """Lookup key of a written type name: marks and sara am/aa folded."""
    written = written.replace("\u0e4d\u0e32", "\u0e32").replace("\u0e33", "\u0e32")
    return re.sub(f"[{_MARKS}\\s]", "", written)


@lru_cache(maxsize=1)
def _table() -> _TypeTable:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    type_by_key: dict[str, tuple[str, str]] = {}
    full: list[str] = []
    abbreviations: list[str] = []
    for entry in data["types"]:
        for name in entry["names"]:
            type_by_key[_key(name)] = (entry["type"], entry["label"])
            full.append(name)
        for abbr in entry["abbreviations"]:
            type_by_key[_key(abbr)] = (entry["type"], entry["label"])
            abbreviations.append(abbr)
    full_alt = "|".join(_tolerant(n) for n in sorted(full, key=len, reverse=True))
    return _TypeTable(
        pattern=_build_pattern(full_alt, abbreviations, data["titles_before_abbreviation"]),
        type_by_key=type_by_key,
        stop_words=tuple(data["name_stop_words"]),
        generic_starts=tuple(data["generic_name_starts"]),
        max_name_length=int(data["max_name_length"]),
    )


def _build_pattern(full_alt: str, abbreviations: list[str], titles: list[str]) -> re.Pattern[str]:
    def alt(abbrs: list[str]) -> str:
        return "|".join(re.escape(a[:-1]) + r"\.\s?" for a in abbrs) or "(?!)"

    # อบต./อบจ. with their dot are distinctive anywhere (ของอบต.ดอน); two-letter
    # ones (ทต. ทม. ทน.) end ordinary words (ตัวแทน.), so they must start a word
    # or follow a title (ปลัดทต.…). Lookbehinds need a fixed width: one per title.
    long_abbr = alt([a for a in abbreviations if len(a) > 3])
    short_abbr = alt([a for a in abbreviations if len(a) <= 3])
    title_lookbehinds = "|".join(f"(?<={re.escape(t)})" for t in titles)
    return re.compile(
        f"(?P<type>{full_alt}|{long_abbr}"
        f"|(?:(?<![\u0e01-\u0e4e])|{title_lookbehinds})(?:{short_abbr}))"
        f"(?P<base>[{_NAME_CHARS}]{{0,{_MAX_NAME}}})"
    )


def _cut_place_name(base: str, table: _TypeTable) -> str:
    """The place name ends where glued prose begins (…ดอนอำเภอ…, …คอนประจำปี…)."""
    end = len(base)
    for word in table.stop_words:
        at = base.find(word, 1)
        if 0 < at < end:
            end = at
    base = base[:end]
    if any(base.startswith(word) for word in table.generic_starts):
        return ""
    if len(base) > table.max_name_length:
        return ""
    return base


def find_agencies(text: str) -> list[Agency]:
    """Every agency mention in text order. A bare type name with no place name
    ("หน่วยงานประเภทองค์การบริหารส่วนตำบล") is not an agency. Works inside
    titles: "นายกองค์การบริหารส่วนตำบลคอน" names อบต.คอน."""
    table = _table()
    agencies: list[Agency] = []
    for m in table.pattern.finditer(text):
        base = _cut_place_name(m["base"], table)
        if len(base) < 1 or not re.search("[\u0e01-\u0e2e]", base):
            continue
        found = table.type_by_key.get(_key(m["type"]))
        if found is None:
            continue
        agency_type, label = found
        base_clean = normalize(base)
        end = m.start("base") + len(base)
        agencies.append(
            Agency(
                name=label + base_clean,
                raw=text[m.start() : end],
                type=agency_type,
                base=base_clean,
                start=m.start(),
                end=end,
            )
        )
    return agencies


def parse_agency(text: str) -> Agency | None:
    """The first agency mentioned in text, or None."""
    agencies = find_agencies(text)
    return agencies[0] if agencies else None


# --------------------------------------------------------------------------
# Districts
# --------------------------------------------------------------------------

_DISTRICT = re.compile(
    f"(?:อำเภอ|(?<![\u0e01-\u0e4e])อ\\.)\\s?(?P<name>[{_NAME_CHARS}]{{1,{_MAX_NAME}}})"
)
_PLACE_STOPS = ("จังหวัด", "ตำบล", "อำเภอ", "ประจำ")


def _cut_at(name: str, stops: tuple[str, ...]) -> str:
    end = len(name)
    for word in stops:
        at = name.find(word, 1)
        if 0 < at < end:
            end = at
    # "อำเภอวังเหนือ จ.ลำปาง" has a space; "อ.เมืองจ.ลำปาง" does not.
    glued = re.search("(?<=.)จ\\.", name)
    return name[: glued.start()] if glued and glued.start() < end else name[:end]


def find_district(text: str) -> str | None:
    """The district (อำเภอ) name after อำเภอ or อ., or None."""
    for m in _DISTRICT.finditer(text):
        name = _cut_at(m["name"], _PLACE_STOPS)
        if name:
            return normalize(name)
    return None


# --------------------------------------------------------------------------
# Provinces
# --------------------------------------------------------------------------

_BANGKOK = "กรุงเทพมหานคร"
_BANGKOK_ALIASES = ("กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม.", "กทม")
_PROVINCE_PREFIX = re.compile(r"^\s*(?:จังหวัด|จ\.)\s?")
_PROVINCE_AFTER = re.compile(
    f"(?:จังหวัด|(?<![\u0e01-\u0e4e])จ\\.)\\s?(?P<name>[{_NAME_CHARS}]{{2,30}}ฯ?)"
)
_BANGKOK_IN_TEXT = re.compile("กรุงเทพมหานคร|กรุงเทพฯ|(?<![\u0e01-\u0e4e])กทม\\.?")
_MIN_SCORE_LONG = 80.0  # names of 6+ letters: one or two garbled characters
_MIN_SCORE_SHORT = 88.0  # ตาก, น่าน, เลย: a single wrong letter is another word
_AMBIGUOUS_GAP = 3.0
# Each mention costs ~2,000 fuzzy comparisons; a page that names จังหวัด 50 times
# without a recognisable province is not a page whose province we can tell.
_MAX_PROVINCE_MENTIONS = 50


@lru_cache(maxsize=1)
def _provinces() -> tuple[tuple[str, str, str], ...]:
    """(canonical Thai name, NFC form with marks stripped, English name)."""
    from pythainlp.corpus import provinces

    rows = []
    for row in provinces(details=True):
        name = unicodedata.normalize("NFC", row["name_th"])
        rows.append((name, _strip_marks(name), row.get("name_en", "")))
    return tuple(rows)


def _strip_marks(text: str) -> str:
    return re.sub(f"[{_MARKS}]", "", text)


def _score(written: str, province: str, province_bare: str) -> float:
    # OCR drops tone marks and upper vowels; a mark-less match is nearly as good.
    exact = fuzz.ratio(written, province, processor=None)
    bare = fuzz.ratio(_strip_marks(written), province_bare, processor=None) * 0.97
    return max(exact, bare)


def canonical_province(name: str) -> Province | None:
    """The official province a written name means, or None. Accepts
    "จังหวัดลำปาง", "จ.ลำปาง", garbles ("ปัตตาน"), English names and
    กรุงเทพฯ / กทม. for กรุงเทพมหานคร."""
    written = normalize(name or "").strip()
    written = _PROVINCE_PREFIX.sub("", written).strip("*_ ()[]:;,.")
    if not written or len(written) > 40:
        return None
    if written in _BANGKOK_ALIASES or written.lower() == "bangkok":
        return Province(_BANGKOK, name, written != _BANGKOK, 100.0)
    scored: list[tuple[float, str]] = []
    for province, bare, english in _provinces():
        if written == province or (english and written.lower() == english.lower()):
            return Province(province, name, written != province, 100.0)
        scored.append((_score(written, province, bare), province))
    scored.sort(reverse=True)
    best_score, best = scored[0]
    second_score = scored[1][0] if len(scored) > 1 else 0.0
    threshold = _MIN_SCORE_LONG if len(best) >= 6 else _MIN_SCORE_SHORT
    if best_score < threshold or best_score - second_score < _AMBIGUOUS_GAP:
        return None
    return Province(best, name, True, round(best_score, 1))


def _province_in_run(run: str) -> Province | None:
    """A name after จังหวัด may run on into prose ("ลำปางประจำปี"): the province
    is the best-matching prefix of the run."""
    for province, _, _ in sorted(_provinces(), key=lambda p: len(p[0]), reverse=True):
        if run.startswith(province):
            return Province(province, run[: len(province)], False, 100.0)
    candidates = []
    for length in range(2, len(run) + 1):
        found = canonical_province(run[:length])
        if found is not None:
            candidates.append((found.score, length, found))
    if not candidates:
        return None
    _, _, best = max(candidates, key=lambda c: (c[0], -c[1]))
    return best


def find_province(text: str) -> Province | None:
    """The first province named after จังหวัด / จ. (garbles corrected), else
    Bangkok if named; None when no province can be recognised."""
    for k, m in enumerate(_PROVINCE_AFTER.finditer(text)):
        if k == _MAX_PROVINCE_MENTIONS:
            break
        found = _province_in_run(m["name"])
        if found is not None:
            return found
    bangkok = _BANGKOK_IN_TEXT.search(text)
    if bangkok:
        return Province(_BANGKOK, bangkok.group(), bangkok.group() != _BANGKOK, 100.0)
    return None
