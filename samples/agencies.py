"""Invented local administrative organisations (LAOs) in real provinces and districts."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
KIND_WEIGHTS = {"อบต.": 0.62, "ทต.": 0.28, "ทม.": 0.08, "ทน.": 0.02}


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Agency:
    kind: str  # key of KINDS
    place: str  # the tambon/town name the agency is named after
    district: str
    province: str
    province_code: str

    @property
    def prefix(self) -> str:
        return KINDS[self.kind][0]

    @property
    def full_name(self) -> str:
        return self.prefix + self.place

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind]

    @property
    def short_name(self) -> str:
        return KINDS[self.kind][1] + self.place

    @property
    def head_title(self) -> str:
        return KINDS[self.kind][2] + self.place

    @property
    def clerk_title(self) -> str:
        return KINDS[self.kind][3] + self.place

    @property
    def category(self) -> str:
        return KINDS[self.kind][4]

    @property
    def category_size(self) -> int:
        return KINDS[self.kind][5]


def place_name(rng: random.Random) -> str:
    places = load("places")
    while True:
        name = rng.choice(places["name_heads"]) + rng.choice(places["name_tails"])
        if not any(a in name for a in places["avoid"]):
            return name


def draw_agency(rng: random.Random) -> Agency:
    places = load("places")
    prov = rng.choice(places["provinces"])
    district = rng.choice(prov["districts"])
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    # a town (เมือง/นคร) municipality is usually named after its district
    place = district if kind in ("ทม.", "ทน.") and rng.random() < 0.7 else place_name(rng)
    return Agency(kind, place, district, prov["name"], prov["code"])


def person(rng: random.Random) -> str:
    people = load("people")
    if rng.random() < 0.5:
        return "นาย" + rng.choice(people["given_male"]) + " " + rng.choice(people["family"])
    title = rng.choice(["นาง", "นางสาว"])
    return title + rng.choice(people["given_female"]) + " " + rng.choice(people["family"])
