"""Thailand's provinces, districts (อำเภอ/เขต) and sub-districts (ตำบล/แขวง), for checking
the place a local administration is named after.

The names are vendored in normalizers/data/gazetteer.tsv (one `code<TAB>name` line per
unit; the DOPA code's length tells the level: 2 province, 4 district, 6 sub-district,
and its prefix the parent). They come from the `geothai` package's data (GeoThai/data,
CC BY 4.0, from the Department of Provincial Administration; attribution in
normalizers/data/GAZETTEER_NOTICE): a 180 kB file read once, instead of a runtime
dependency on a package of which we use only the names. Rebuild with
`python -m normalizers.gazetteer --build` where geothai is installed.

`resolve_place` finds the unit a written name means, tolerating OCR's look-alike letters
(คอน/ดอน/ตอน) only where the variant exists in the stated district or province;
`read_district` reads a written district name as the one district of its province it can
be an OCR reading of (a look-alike, one letter slipped, a name cut short), or as unknown.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "gazetteer.tsv"
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Letters Tesseract and broken PDF fonts confuse with each other: each group folds to its
# first letter in a place name's skeleton.
# (samples/data/garbles.json holds the swaps the generator plants, seen in real OCR)
LOOKALIKES = ("ดคตฅ", "บปษ", "ผฝพฟ", "ถภฤ", "ขชซฃ", "ฎฏ", "ลส", "รวธ", "งจ", "นม", "ทห", "อฮ",
              "เแ", "โไ")
_FOLD = {ch: group[0] for group in LOOKALIKES for ch in group}
# The look-alikes Tesseract swaps most in place names (น้ำอ้อม read น้าอ้อน, ป่าชิง ป่าซิง):
# with sara am read as sara aa and marks lost, the only confusions trusted to correct a
# short name (under 6 letters) with no district or province to narrow it
COMMON_SWAPS = ("นม", "ชซ")
_COMMON_FOLD = {ch: group[0] for group in COMMON_SWAPS for ch in group}
_MIN_COMMON = 4  # letters: a shorter name (ดอน, นา) is one of too many
_DISTRICT_PREFIXES = ("อำเภอ", "เขต", "กิ่งอำเภอ")


@dataclass(frozen=True)
class Unit:
    code: str  # DOPA code: 2 digits province, 4 district, 6 sub-district
    name: str  # official Thai name, without อำเภอ/เขต/ตำบล


@dataclass(frozen=True)
class Place:
    """A place name resolved against the gazetteer. `level` 'subdistrict', 'district' or
    'province'; `name` the official spelling; `corrected` True when the written name was
    an OCR variant of it; `district`/`province` the units it lies in."""

    code: str
    level: str
    name: str
    district: str | None
    province: str
    corrected: bool


@dataclass(frozen=True)
class _Gazetteer:
    units: dict[str, Unit]  # code -> unit
    by_name: dict[str, tuple[str, ...]]  # exact name -> codes
    by_skeleton: dict[str, tuple[str, ...]]  # skeleton -> codes


def skeleton(name: str) -> str:
    """A place name with marks dropped, sara am folded to sara aa, look-alike letters
    folded: two spellings OCR confuses have one skeleton."""
    name = unicodedata.normalize("NFC", name).replace("\u0e33", "\u0e32")
    name = re.sub(f"[{_MARKS}\\s\\-]", "", name)
    return "".join(_FOLD.get(ch, ch) for ch in name)


def _common_key(name: str) -> str:
    """A name as OCR's most common slips leave it: marks dropped, sara am as sara aa,
    COMMON_SWAPS folded (a narrower skeleton)."""
    name = unicodedata.normalize("NFC", name).replace("\u0e33", "\u0e32")
    name = re.sub(f"[{_MARKS}\\s\\-]", "", name)
    return "".join(_COMMON_FOLD.get(ch, ch) for ch in name)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    units: dict[str, Unit] = {}
    by_name: dict[str, list[str]] = {}
    by_skeleton: dict[str, list[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, names = line.split("\t")
        alternatives = names.split("|")
        units[code] = Unit(code, alternatives[0])
        for name in alternatives:
            keys = {name}
            if len(code) == 4:  # เมืองเชียงใหม่ is also written อำเภอเมือง
                keys |= {name.removeprefix(p) for p in _DISTRICT_PREFIXES}
            for key in keys:
                by_name.setdefault(key, []).append(code)
                by_skeleton.setdefault(skeleton(key), []).append(code)
    return _Gazetteer(
        units,
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_skeleton.items()},
    )


def _bare_district(name: str) -> str:
    for p in _DISTRICT_PREFIXES:
        name = name.removeprefix(p)
    return name


def province_code(province: str | None) -> str | None:
    g = _gazetteer()
    if not province:
        return None
    return next((c for c in g.by_name.get(province, ()) if len(c) == 2), None)


def _place(code: str, corrected: bool) -> Place:
    g = _gazetteer()
    unit = g.units[code]
    level = {2: "province", 4: "district", 6: "subdistrict"}[len(code)]
    district = _bare_district(g.units[code[:4]].name) if len(code) >= 4 else None
    return Place(code, level, unit.name if len(code) != 4 else _bare_district(unit.name),
                 district, g.units[code[:2]].name, corrected)


def _in_scope(code: str, district: str | None, province: str | None) -> bool:
    g = _gazetteer()
    if province and g.units[code[:2]].name != province:
        return False
    if district and len(code) >= 4:
        return _bare_district(g.units[code[:4]].name) == _bare_district(district)
    return True


def resolve_place(
    name: str,
    district: str | None = None,
    province: str | None = None,
    levels: tuple[str, ...] = ("subdistrict",),
) -> Place | None:
    """The unit of one of `levels` that `name` means, within `district` / `province` where
    given. An exact name in scope wins; then an OCR variant (same skeleton) in scope,
    where it is the only one; then the exact name anywhere when the stated district or
    province is itself unknown or misread. None: the place exists nowhere we can tell."""
    g = _gazetteer()
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        return None
    lengths = {{"province": 2, "district": 4, "subdistrict": 6}[lv] for lv in levels}

    def pick(codes: tuple[str, ...], scoped: bool) -> list[str]:
        return [c for c in codes
                if len(c) in lengths and (not scoped or _in_scope(c, district, province))]

    exact = pick(g.by_name.get(name, ()), True)
    if exact:
        return _place(exact[0], False)
    variants = pick(g.by_skeleton.get(skeleton(name), ()), True)
    names = {g.units[c].name for c in variants}
    # an OCR variant of exactly one name in scope (without a district or province: in
    # the country) is that name: กระเบือง with its tone mark lost is กระเบื้อง; a shorter
    # one only by the commonest slips (นำอ้อน: the only such name is น้ำอ้อม)
    if len(names) == 1 and (district or province or len(skeleton(name)) >= 6 or (
            len(key := _common_key(name)) >= _MIN_COMMON and key == _common_key(next(iter(names))))):
        return _place(variants[0], True)
    anywhere = pick(g.by_name.get(name, ()), False)
    if anywhere and not province_code(province):  # no province, or one we cannot read
        return _place(anywhere[0], False)
    return None


def province_of_district(name: str | None) -> str | None:
    """The province of the one district named exactly `name` (as the gazetteer spells it,
    อำเภอ left out), or None where no district or several in different provinces are."""
    g = _gazetteer()
    codes = [c for c in g.by_name.get(unicodedata.normalize("NFC", name or "").strip(), ()) if len(c) == 4]
    provinces = {g.units[c[:2]].name for c in codes}
    return provinces.pop() if len(provinces) == 1 else None


@dataclass(frozen=True)
class DistrictReading:
    """A district name as written, read against the province's districts. `name` the
    official spelling (None: none fits); `how` 'exact', 'variant' (OCR look-alikes or
    marks), 'slip' (one letter added, lost or changed), 'cut' (the start of exactly
    one district's name: a line break or a space cut it) or 'unknown'."""

    name: str | None
    how: str


_MIN_CUT = 3  # letters of a cut name: fewer say nothing (อ., a speck)


def read_district(name: str, province: str | None) -> DistrictReading:
    """The district of `province` a written district name means. Only a name that fits
    exactly one district of the province is read as it (a 'slip' or a 'cut' among two
    candidates is 'unknown'); without a known province, only an exact or look-alike
    match anywhere."""
    g = _gazetteer()
    name = _bare_district(unicodedata.normalize("NFC", name or "").strip())
    if not name:
        return DistrictReading(None, "unknown")
    if name == "เมือง":  # อำเภอเมือง: the province's capital district, as written
        return DistrictReading(name, "exact")
    place = resolve_place(name, None, province, ("district",))
    if place is not None:
        return DistrictReading(place.name, "variant" if place.corrected else "exact")
    pcode = province_code(province)
    if pcode is None:
        return DistrictReading(None, "unknown")
    names = {_bare_district(u.name) for c, u in g.units.items() if len(c) == 4 and c[:2] == pcode}
    skel = skeleton(name)
    slips = {n for n in names if len(skel) >= 4 and one_edit(skeleton(n), skel)}
    if len(slips) == 1:
        return DistrictReading(slips.pop(), "slip")
    cuts = {n for n in names if len(skel) >= _MIN_CUT and skeleton(n).startswith(skel) and n != name}
    if len(cuts) == 1 and not slips:
        return DistrictReading(cuts.pop(), "cut")
    return DistrictReading(None, "unknown")


def one_edit(a: str, b: str) -> bool:
    """Whether two strings are one insertion, deletion or substitution apart."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def subdistricts_in(district: str, province: str) -> list[str]:
    """Official names of the sub-districts of a district (empty when it is unknown)."""
    g = _gazetteer()
    codes = [c for c in g.by_name.get(_bare_district(district), ())
             if len(c) == 4 and _in_scope(c, None, province)]
    return [u.name for code in codes for c, u in g.units.items() if len(c) == 6 and c[:4] == code]


def _build(out: Path) -> None:
    """Write the vendored file from the installed geothai package (dev-time only)."""
    import json

    import geothai

    data = Path(geothai.__file__).parent / "_data"
    rows = []
    for file in ("provinces.json", "districts.json", "subdistricts.json"):
        for row in json.loads((data / file).read_text(encoding="utf-8")):
            code, name = row[0], unicodedata.normalize("NFC", row[1])
            # "ปอภาร (ปอพาน)": an official name and the other spelling in use
            m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
            rows.append(f"{code}\t{m.group(1)}|{m.group(2)}" if m else f"{code}\t{name}")
    from importlib.metadata import version as _version

    version = _version("geothai")
    header = (f"# Thai provinces, districts, sub-districts: DOPA code<TAB>name[|other spelling]."
              f"\n# From geothai {version} (GeoThai/data, CC BY 4.0): see GAZETTEER_NOTICE.\n")
    out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        _build(_DATA)
    else:
        print(__doc__)
