"""Districts and provinces named in ITA reports, and the check of a local administration's
place against the gazetteer (normalizers/gazetteer.py): an OCR variant resolves to the place
that exists in that district, a place that exists nowhere is reported.
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

DATA = Path(__file__).parent / "data" / "agency_types.json"

MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"

# Letters a place name is made of: Thai letters and marks, not ฯ ๆ or digits.
NAME_CHARS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"

MAX_NAME = 40  # characters; longer runs are prose, cut anyway


@dataclass(frozen=True)
class Province:
    """A province name checked against the official list. `name` is the
    canonical name, `raw` what was written, `corrected` True when they differ
    (beyond spacing/normalisation), `score` the match score 0–100."""

    name: str
    raw: str
    corrected: bool
    score: float

# OCR writes อำเภอ's sara am with a nikhahit before it ("อํำเภอ") or as sara aa
# ("อาเภอ") and its ภ as a look-alike ("อำเกอ"), and drops จังหวัด's marks ("จงหวด") or reads
# one as another sign ("จ4งหวัด")
_DISTRICT_WORD = "อ\u0e4d?(?:ำ|\u0e4dา|า)เ[ภถก]อ"
_DISTRICT = re.compile(
    f"(?:{_DISTRICT_WORD}|(?<![\u0e01-\u0e4e])อ\\.)\\s?(?P<name>[{NAME_CHARS}]{{1,{MAX_NAME}}})"
)

PLACE_STOPS = ("จังหวัด", "ตำบล", "อำเภอ", "ประจำ")


def cut_at(name: str, stops: tuple[str, ...]) -> str:
    end = len(name)
    for word in stops:
        at = name.find(word, 1)
        if 0 < at < end:
            end = at
    # "อำเภอวังเหนือ จ.ลำปาง" has a space; "อ.เมืองจ.ลำปาง" does not.
    glued = re.search("(?<=.)จ\\.", name)
    return name[: glued.start()] if glued and glued.start() < end else name[:end]


# จังหวัด glued to the district before it, its จั doubled and a colon read in
# ("อำเภอปักธงชัยจัจ:งหวัดนครราชสีมา", "…พิสัยจจั:งหวัด…", "…ชัย จัจั:งหวัด…"): seen on
# 200- and 300-dpi scans of every engine
_GARBLED_PROVINCE_WORD = re.compile("(?<=[\u0e01-\u0e4e])\\s?จ[\u0e31จ]{1,3}:?\\s?ง(?=ห)")


def unglue_province_word(text: str) -> str:
    """The text with a garbled จังหวัด glued to the word before it written as " จังหวัด"."""
    return _GARBLED_PROVINCE_WORD.sub(" จัง", text)


def find_district(text: str) -> str | None:
    """The district (อำเภอ) name after อำเภอ or อ., or None. After อ. alone only a name
    the gazetteer knows: OCR reads a list's "๓." as "อ." ("อ. การใช้อำนาจ")."""
    from normalizers.gazetteer import read_district

    text = unglue_province_word(text)
    for m in _DISTRICT.finditer(text):
        name = cut_at(m["name"], PLACE_STOPS)
        if not name or name.startswith(tuple(_data()["not_district_names"])):
            continue
        if m.group().startswith("อ.") and read_district(name, None).how == "unknown":
            continue
        return normalize(name)
    return None

_BANGKOK = "กรุงเทพมหานคร"

_BANGKOK_ALIASES = ("กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม.", "กทม")

_PROVINCE_PREFIX = re.compile(r"^\s*(?:จังหวัด|จ\.)\s?")

_PROVINCE_AFTER = re.compile(
    f"(?:จ[^\\sง]?งห\u0e27\u0e31?ด|(?<![\u0e01-\u0e4e])จ\\.)\\s?(?P<name>[{NAME_CHARS}]{{2,30}}ฯ?)"
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
    return re.sub(f"[{MARKS}]", "", text)


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


@lru_cache(maxsize=1)
def _provinces_longest_first() -> tuple[str, ...]:
    """The province names, longest first (sorted once, not at every run read)."""
    return tuple(p for p, _, _ in sorted(_provinces(), key=lambda p: len(p[0]), reverse=True))


def province_in_run(run: str) -> Province | None:
    """A name after จังหวัด may run on into prose ("ลำปางประจำปี"): the province
    is the best-matching prefix of the run."""
    for province in _provinces_longest_first():
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
    for k, m in enumerate(_PROVINCE_AFTER.finditer(unglue_province_word(text))):
        if k == _MAX_PROVINCE_MENTIONS:
            break
        found = province_in_run(m["name"])
        if found is not None:
            return found
    bangkok = _BANGKOK_IN_TEXT.search(text)
    if bangkok:
        return Province(_BANGKOK, bangkok.group(), bangkok.group() != _BANGKOK, 100.0)
    return None

LOCAL_TYPES = frozenset({"PAO", "SAO", "TAMBON_MUNICIPALITY", "TOWN_MUNICIPALITY", "CITY_MUNICIPALITY"})


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))
