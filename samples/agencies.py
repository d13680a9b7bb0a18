"""Agencies of every ITA group for generated reports: local administrations (อบต.,
เทศบาล, อบจ.) named after a real sub-district of a real district (the gazetteer), and
national, provincial and other agencies from samples/data/agencies.json."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normalizers import gazetteer

DATA = Path(__file__).resolve().parent / "data"

# kind -> (canonical prefix, abbreviation, head's title, clerk's title, rank category, how many)
KINDS = {
    "อบต.": ("องค์การบริหารส่วนตำบล", "อบต.", "นายกองค์การบริหารส่วนตำบล",
             "ปลัดองค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล", 5300),
    "ทต.": ("เทศบาลตำบล", "ทต.", "นายกเทศมนตรีตำบล", "ปลัดเทศบาลตำบล", "เทศบาลตำบล", 2240),
    "ทม.": ("เทศบาลเมือง", "ทม.", "นายกเทศมนตรีเมือง", "ปลัดเทศบาลเมือง", "เทศบาลเมือง", 195),
    "ทน.": ("เทศบาลนคร", "ทน.", "นายกเทศมนตรีนคร", "ปลัดเทศบาลนคร", "เทศบาลนคร", 30),
}
# kind -> reports.agency_type as the pipeline writes it (normalizers/data/agency_types.json)
TYPE_CODES = {"อบต.": "SAO", "ทต.": "TAMBON_MUNICIPALITY", "ทม.": "TOWN_MUNICIPALITY",
              "ทน.": "CITY_MUNICIPALITY"}
# leading words of non-local names: what follows tells one agency from another
_LABELS = ("มหาวิทยาลัย", "สถาบัน", "สำนักงาน", "กรม", "โรงพยาบาล", "ที่ทำการ", "องค์การบริหารส่วนจังหวัด")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Agency:
    kind: str  # key of KINDS (local) or of agencies.json's kinds (DEPARTMENT, …)
    place: str  # local: the tambon/town name; other: the name without its leading word
    district: str | None  # as the documents state it (None: a national agency states none)
    province: str | None
    province_code: str
    name: str = ""  # the full name of a non-local agency
    short: str = ""  # its short form, if it has one

    @property
    def local(self) -> bool:
        return self.kind in KINDS

    @property
    def _spec(self) -> dict:
        return load("agencies")["kinds"][self.kind]

    @property
    def prefix(self) -> str:
        return KINDS[self.kind][0] if self.local else self.name[: len(self.name) - len(self.place)]

    @property
    def full_name(self) -> str:
        return self.prefix + self.place if self.local else self.name

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind] if self.local else self.kind

    @property
    def short_name(self) -> str:
        return KINDS[self.kind][1] + self.place if self.local else (self.short or self.name)

    def _title(self, title: str) -> str:
        return title if title.endswith(self.full_name) else title + self.full_name

    @property
    def head_title(self) -> str:
        return KINDS[self.kind][2] + self.place if self.local else self._title(self._spec["head"])

    @property
    def clerk_title(self) -> str:
        return KINDS[self.kind][3] + self.place if self.local else self._title(self._spec["clerk"])

    @property
    def category(self) -> str:
        return KINDS[self.kind][4] if self.local else self._spec["category"]

    @property
    def category_size(self) -> int:
        return KINDS[self.kind][5] if self.local else self._spec["size"]

    @property
    def units(self) -> list[str]:
        """Divisions a memo comes from (ส่วนราชการ … สำนักปลัด)."""
        if self.local:
            return ["สำนักปลัด", "งานนิติการ สำนักปลัด", "กองยุทธศาสตร์และงบประมาณ"]
        return self._spec["unit"]

    @property
    def place_line(self) -> str:
        """Where the agency is, as a title block writes it after the name ("" for one
        whose name says it or that states none)."""
        if self.district and self.province:
            return f" อำเภอ{self.district} จังหวัด{self.province}"
        return ""


def place_name(rng: random.Random) -> str:
    places = load("places")
    while True:
        name = rng.choice(places["name_heads"]) + rng.choice(places["name_tails"])
        if not any(a in name for a in places["avoid"]):
            return name


def _named(kind: str, name: str, short: str, district, province, code) -> Agency:
    label = next((w for w in _LABELS if name.startswith(w) and len(name) > len(w)), "")
    return Agency(kind, name[len(label):], district, province, code, name, short)


def draw_agency(rng: random.Random) -> Agency:
    places = load("places")
    prov = rng.choice(places["provinces"])
    district = rng.choice(prov["districts"])
    weights = load("agencies")["weights"]
    kind = rng.choices(list(weights), weights=list(weights.values()))[0]
    if kind in KINDS:
        # a town (เมือง/นคร) municipality is usually named after its district; others
        # after a real sub-district of the district (the pipeline checks the gazetteer)
        tambons = gazetteer.subdistricts_in(district, prov["name"])
        if kind in ("ทม.", "ทน.") and rng.random() < 0.7:
            place = district
        else:
            place = rng.choice(tambons) if tambons else place_name(rng)
        return Agency(kind, place, district, prov["name"], prov["code"])
    spec = load("agencies")["kinds"][kind]
    if kind == "PAO":
        return _named(kind, spec["province_named"] + prov["name"], spec["short_prefix"] + prov["name"],
                      None, prov["name"], prov["code"])
    if kind == "PROVINCIAL_OFFICE":
        return _named(kind, rng.choice(spec["prefixes"]) + prov["name"], "", None, prov["name"],
                      prov["code"])
    if kind == "HOSPITAL":  # a community hospital is named after its district
        return _named(kind, spec["district_named"] + district, "", district, prov["name"], prov["code"])
    name, short = rng.choice(spec["names"])
    province = {"BANGKOK": "กรุงเทพมหานคร", "PATTAYA": "ชลบุรี"}.get(kind)  # its name says where
    return _named(kind, name, short, None, province, prov["code"])


def person(rng: random.Random) -> str:
    people = load("people")
    if rng.random() < 0.5:
        return "นาย" + rng.choice(people["given_male"]) + " " + rng.choice(people["family"])
    title = rng.choice(["นาง", "นางสาว"])
    return title + rng.choice(people["given_female"]) + " " + rng.choice(people["family"])
