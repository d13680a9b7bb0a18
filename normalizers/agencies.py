"""Agency names, districts and provinces in ITA reports.

A local administration is a type name (องค์การบริหารส่วนตำบล, เทศบาลตำบล, …, or an
abbreviation such as อบต.) followed by a place name: "องค์การบริหารส่วนตำบลดอน",
"อบต.ทุ่งฮั้ว", "เทศบาลตำบลท่าเดื่อ-มืดกา". Every other ITA agency group is a leading
word and a free name ("กรมการปกครอง", "มหาวิทยาลัยราชภัฏเชียงใหม่", "สำนักงานสาธารณสุข
จังหวัดลำปาง"), a whole name (การไฟฟ้าส่วนภูมิภาค) or a short form (สสวท., มทร.อีสาน).
All of it — kinds, garbles seen (องค์กร… for องค์การ…), short forms, the assessors that
every document names — is data: normalizers/data/agency_types.json.

Provinces are checked against pythainlp's province list and corrected with a
garble-tolerant fuzzy match (rapidfuzz on NFC Thai; never
rapidfuzz.utils.default_process, which mangles Thai marks).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from normalizers.gazetteer import skeleton
from normalizers.places import (
    DATA, LOCAL_TYPES, MARKS, MAX_NAME, NAME_CHARS, PLACE_STOPS, _data, canonical_province, cut_at,
    province_in_run,
)
from normalizers.thai import normalize


@dataclass(frozen=True)
class Agency:
    """One agency mention. `name` is the canonical full name (type label +
    place name, e.g. "องค์การบริหารส่วนตำบลดอน"), `raw` the text as written,
    `type` a key of agency_types.json's type_groups (SAO, TAMBON_MUNICIPALITY, …,
    DEPARTMENT, UNIVERSITY, …); `base` what tells it from other agencies of its type
    (the place name of a local administration, the name without its leading word
    otherwise); start/end the span of raw. `province`/`district`: the place its own
    name states (สำนักงานสาธารณสุขจังหวัดลำปาง, อบจ.ลำปาง), else None."""

    name: str
    raw: str
    type: str
    base: str
    start: int
    end: int
    province: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class _TypeTable:
    pattern: re.Pattern[str]
    type_by_key: dict[str, tuple[str, str]]  # written form → (type, label)
    stop_words: tuple[str, ...]
    trailing_words: tuple[str, ...]
    generic_starts: tuple[str, ...]
    max_name_length: int


def _tolerant(name: str) -> str:
    """Regex for a type name as OCR writes it: marks may be missing, and sara
    am may come decomposed (ํา) or as sara aa."""
    parts: list[str] = []
    for ch in name:
        if ch == "\u0e33":
            parts.append("(?:\u0e33|\u0e4d\u0e32|\u0e32)")
        elif re.match(f"[{MARKS}]", ch):
            parts.append(f"{ch}?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _fuzzy(name: str) -> list[str]:
    """Regex pieces, one per letter, for a whole name as OCR may garble it: marks
    optional, each letter also matched by its look-alikes (ธนาคาวออมสิน for
    ธนาคารออมสิน), spaces optional."""
    from normalizers.gazetteer import LOOKALIKES

    group_of = {ch: group for group in LOOKALIKES for ch in group}
    parts: list[str] = []
    for ch in name:
        if ch in group_of:
            parts.append(f"[{group_of[ch]}]")
        elif ch == " ":
            parts.append(r"\s?")
        else:
            parts.append(_tolerant(ch))
    return parts


def _trie_regex(words: list[list[str]]) -> str:
    """One regex for many alternatives (each a list of pieces), common beginnings
    factored out: a line is scanned once per letter, not once per name. A longer
    alternative is tried before a shorter one that it extends."""
    trie: dict = {}
    for pieces in words:
        node = trie
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [piece + emit(child) for piece, child in node.items() if piece]
        branches.sort(key=len, reverse=True)
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(trie)


def _key(written: str) -> str:
    """Lookup key of a written type name: marks and sara am/aa folded."""
    written = written.replace("\u0e4d\u0e32", "\u0e32").replace("\u0e33", "\u0e32")
    return re.sub(f"[{MARKS}\\s]", "", written)


@lru_cache(maxsize=1)
def _table() -> _TypeTable:
    data = json.loads(DATA.read_text(encoding="utf-8"))
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
        trailing_words=tuple(data["name_trailing_words"]),
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
        f"(?P<base>[{NAME_CHARS}]{{0,{MAX_NAME}}}(?:-[{NAME_CHARS}]{{1,{MAX_NAME}}})*)"
    )


def _cut_place_name(base: str, table: _TypeTable) -> str:
    """The place name ends where glued prose begins (…ดอนอำเภอ…, …คอนประจำปี…); a
    hyphen joins two places' names (ท่าเดื่อ-มืดกา)."""
    if "-" in base:
        parts = [_cut_place_name(p, table) for p in base.split("-")]
        kept = []
        for part, whole in zip(parts, base.split("-")):
            if not part:
                break
            kept.append(part)
            if part != whole:  # prose began inside this part
                break
        return "-".join(kept)
    m = _first_of(table.stop_words).search(base, 1)
    base = base[: m.start()] if m else base
    for word in table.trailing_words:  # "แม่งอนได้": the place and the next word, glued
        if base.endswith(word) and len(base) > len(word) + 1 and not _known_place(base) \
                and _known_place(base[: -len(word)]):
            base = base[: -len(word)]
            break
    if base.startswith(table.generic_starts) and not _known_place(base):
        return ""  # prose (…ตำบลที่ได้รับ…), unless a real place is so named (ต.ที่วัง)
    if len(base.replace("-", "")) > table.max_name_length:
        return ""
    return base


@lru_cache(maxsize=8)
def _first_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern whose first match in a text is where the first of `words` begins (the
    least of their str.find, in one scan)."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _known_place(name: str) -> bool:
    from normalizers.gazetteer import resolve_place

    return resolve_place(name, levels=("subdistrict", "district")) is not None


def find_agencies(text: str) -> list[Agency]:
    """Every agency mention in text order. A bare type name with no place name
    ("หน่วยงานประเภทองค์การบริหารส่วนตำบล") is not an agency. Works inside
    titles: "นายกองค์การบริหารส่วนตำบลคอน" names อบต.คอน. Where a local
    administration and a named agency overlap, the one starting first (then the
    longer) is kept."""
    return list(_find_agencies(text))


# A report's lines come back in file after file (a template's headings, the assessor's
# name) and a line is searched again by the headline and the statements: the agencies
# of a text are kept (Agency is frozen; each caller gets a list of its own). On the
# bench's small files ~40% of the searches were of a text searched before.
@lru_cache(maxsize=4096)
def _find_agencies(text: str) -> tuple[Agency, ...]:
    found = _find_local(text) + find_named(text)
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    # the name of an ITA agency group (หน่วยงานประเภทกรุงเทพมหานครและเมืองพัทยา) names no agency
    groups = [(m.start(), m.end()) for m in _group_names().finditer(text)]
    out: list[Agency] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        if any(g0 <= a.start and a.end <= g1 for g0, g1 in groups):
            continue
        out.append(a)
    return tuple(out)


@lru_cache(maxsize=1)
def _group_names() -> re.Pattern[str]:
    names = {g for g in _data()["type_groups"].values() if len(g) > 12}
    return re.compile("|".join(re.escape(g) for g in sorted(names, key=len, reverse=True)))


def _find_local(text: str) -> list[Agency]:
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
        province = None
        if agency_type == "PAO":  # อบจ. is named after its province
            p = canonical_province(base_clean)
            province = p.name if p else None
        agencies.append(
            Agency(
                name=label + base_clean,
                raw=text[m.start() : end],
                type=agency_type,
                base=base_clean,
                start=m.start(),
                end=end,
                province=province,
            )
        )
    return agencies


def parse_agency(text: str) -> Agency | None:
    """The first agency mentioned in text, or None."""
    agencies = find_agencies(text)
    return agencies[0] if agencies else None

_PUBLIC_ORG = re.compile(r"\s?\(องค์การมหาชน\)")

_NAME_END_PLACE = re.compile("จังหวัด|อำเภอ")

_FIXED_PROVINCE = {"BANGKOK": "กรุงเทพมหานคร", "PATTAYA": "ชลบุรี"}

# กรุงเทพมหานคร in an address (…เขตปทุมวัน กรุงเทพมหานคร ๑๐๓๓๐, จังหวัดกรุงเทพมหานคร)
_ADDRESS_BEFORE = re.compile(r"(?:จังหวัด|จ\.|เขต\S*|แขวง\S*)\s*$")

_ADDRESS_AFTER = re.compile(r"\s*[0-9๐-๙]{5}")


@dataclass(frozen=True)
class _Lead:
    kind: str  # 'fixed' (a whole name), 'named' (a leading word; the name goes on)
    expansion: str  # the canonical text the lead stands for
    type: str
    label: str  # generic word of the kind ("" for whole names)
    regional: str  # '', 'office', 'keep'
    generic: bool  # only the label itself was matched: free_name_rejects apply


@dataclass(frozen=True)
class _NamedTable:
    pattern: re.Pattern[str]
    leads: dict[str, _Lead]  # _key(written lead) -> lead
    fixed: dict[str, str]  # canonical whole name -> type
    fixed_by_skeleton: dict[str, _Lead]  # skeleton of a whole name -> its lead (garbled forms)
    labels: tuple[str, ...]  # longest first
    stop_words: tuple[str, ...]
    rejects: tuple[str, ...]
    assessors: frozenset[str]
    max_length: int


@lru_cache(maxsize=1)
def _named_table() -> _NamedTable:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    leads: dict[str, _Lead] = {}
    full: list[str] = []
    abbrs: list[str] = []
    prefix_of: dict[str, _Lead] = {}
    for kind in data["named_kinds"]:
        for prefix in kind["prefixes"]:
            lead = _Lead("named", prefix, kind["type"], kind["label"], kind.get("regional", ""),
                         prefix == kind["label"])
            # a longer prefix of another kind wins; the same prefix keeps its first kind
            if _key(prefix) not in leads:
                leads[_key(prefix)] = prefix_of[prefix] = lead
                full.append(prefix)
    for short, expansion in data["prefix_abbreviations"].items():
        base = max((p for p in prefix_of if expansion.startswith(p)), key=len)
        leads[_key(short)] = _Lead("named", expansion, prefix_of[base].type, prefix_of[base].label,
                                   prefix_of[base].regional, False)
        abbrs.append(short)
    fixed: dict[str, str] = {}
    by_skeleton: dict[str, _Lead | None] = {}
    for entry in data["fixed_names"]:
        fixed[entry["name"]] = entry["type"]
        lead = _Lead("fixed", entry["name"], entry["type"], "", "", False)
        leads[_key(entry["name"])] = lead
        full.append(entry["name"])
        skel = skeleton(entry["name"])
        by_skeleton[skel] = None if skel in by_skeleton else lead  # ambiguous: neither
        for short in entry["abbreviations"]:
            leads[_key(short)] = lead
            abbrs.append(short)
    labels = {k["label"] for k in data["named_kinds"]}
    # whole names may be garbled (a look-alike letter); a leading word may not, as a
    # garbled one would match ordinary words
    full_alt = _trie_regex([(_fuzzy(n) if n in fixed else [_tolerant(ch) for ch in n])
                            for n in set(full)])
    # a short form ends with a dot or is Latin: it must not be the end of a longer word
    abbr_alt = "|".join(re.escape(a) for a in sorted(set(abbrs), key=len, reverse=True))
    titles = "|".join(f"(?<={re.escape(t)})" for t in data["titles_before_abbreviation"])
    # every match begins with one of these letters: checked first at each position of a
    # line, before the look-behinds and the trie's ~40 first letters (~5% of a small file)
    first = _first_letters([_fuzzy(n)[0] if n in fixed else _tolerant(n[0]) for n in set(full)], abbrs)
    pattern = re.compile(
        (f"(?=[{''.join(map(re.escape, sorted(first)))}])" if first else "")
        + f"(?:(?<!องค์)(?<!องค)(?P<full>{full_alt})"
        f"|(?:(?<![\u0e01-\u0e4eA-Za-z.])|{titles})(?P<abbr>{abbr_alt}))"
    )
    return _NamedTable(
        pattern=pattern, leads=leads, fixed=fixed,
        fixed_by_skeleton={k: v for k, v in by_skeleton.items() if v is not None},
        labels=tuple(sorted(labels, key=len, reverse=True)),
        stop_words=tuple(data["free_name_stop_words"]),
        rejects=tuple(data["free_name_rejects"]),
        assessors=frozenset(data["assessors"]),
        max_length=int(data["max_free_name_length"]),
    )

def _first_letters(first_pieces: list[str], abbrs: list[str]) -> set[str]:
    """The letters a match of the named pattern can begin with: of each name's first regex
    piece (_fuzzy, _tolerant: a letter, a class of look-alikes, sara am's three forms) and
    of each short form. Empty (no check) where a piece is anything else (optional)."""
    out = {a[0] for a in abbrs}
    for piece in first_pieces:
        if len(piece) == 1 or (piece.startswith("\\") and len(piece) == 2):
            out.add(piece[-1])
        elif piece == "(?:\u0e33|\u0e4d\u0e32|\u0e32)":
            out.update("\u0e33\u0e4d\u0e32")
        elif re.fullmatch(r"\[[^\]\\^-]+\]", piece):
            out.update(piece[1:-1])
        else:
            return set()
    return out


_FREE = re.compile(f"[{NAME_CHARS}]+(?:-[{NAME_CHARS}]+)*")


def _free_tail(text: str, at: int, table: _NamedTable) -> str:
    """The free part of a name from `at`: Thai letters up to a space, punctuation or a
    word that begins the prose after the name (…ได้รับผลการประเมิน)."""
    m = _FREE.match(text, at)
    if not m:
        return ""
    tail = m.group()[: table.max_length]
    m = _first_of(table.stop_words).search(tail)
    end = m.start() if m else len(tail)
    phone = _PHONE.search(text, at, at + end + _PHONE_REACH)
    if phone is not None and phone.start() - at < end:
        end = phone.start() - at  # "…เลขานุการกรมโทร. ๐-๗๒๔๖-๑๐๗๗": the telephone's label, no name
    return tail[:end]


# a telephone or fax number's label glued to a name (โทรคมนาคม, โทรทัศน์ in names are no label)
_PHONE = re.compile(r"โทร(?:ศัพท์|สาร)?\s*\.?\s*[0-9๐-๙]")
_PHONE_REACH = 16


def _base_of(name: str, table: _NamedTable) -> str:
    """What tells an agency from others of its type: its name without the leading word."""
    for label in table.labels:
        if name.startswith(label) and len(name) > len(label):
            return name[len(label) :]
    return name


def find_named(text: str) -> list[Agency]:
    """Agencies of the non-local groups (กรม…, สำนักงาน…, สถาบัน…, มหาวิทยาลัย…, state
    enterprises, courts, hospitals, Bangkok, Pattaya) and their short forms, in text
    order. Assessors (ป.ป.ช.) are found too (`is_assessor`): the caller decides."""
    table = _named_table()
    out: list[Agency] = []
    for m in table.pattern.finditer(text):
        written = m["full"] or m["abbr"]
        lead = table.leads.get(_key(written))
        garbled = False
        if lead is None and m["full"]:
            lead = table.fixed_by_skeleton.get(skeleton(written))
            garbled = True
        if lead is None:
            continue
        start, end = m.start(), m.end()
        province = district = None
        agency_type = lead.type
        if lead.kind == "fixed":
            # a garbled whole name keeps its spelling, so that the variants are seen;
            # canonical_name() gives the name it stands for
            name = normalize(written) if garbled else lead.expansion
        else:
            tail = _free_tail(text, end, table)
            if tail and not re.match("[\u0e01-\u0e2e\u0e40-\u0e44]", tail):
                continue  # "องค์กรมีส่วนร่วม": a word that only ends in the lead
            if lead.label and tail.startswith(lead.label):
                continue  # a title before the name (เลขานุการกรม + กรมควบคุมโรค): read the name
            if lead.generic and (len(tail) < 2 or tail.startswith(table.rejects)):
                continue  # "สถาบันพระมหากษัตริย์", "สำนักงานปลัด…" of a municipality
            if not lead.generic and not tail and not lead.expansion.endswith(("จังหวัด", "อำเภอ")):
                continue
            name = lead.expansion + tail
            end += len(tail)
            # the place in the name: a regional office keeps it, others end before it
            label_end = len(lead.label)
            place = _NAME_END_PLACE.search(name, label_end)
            if place is not None:
                if lead.regional:
                    run = name[place.end() :]
                    if place.group() == "จังหวัด":
                        found = province_in_run(run) if run else None
                        keep = found.raw if found else ""
                        province = found.name if found else None
                    else:
                        keep = cut_at(run, PLACE_STOPS)
                        district = normalize(keep) if keep else None
                    cut = place.end() + len(keep)
                    if lead.regional == "office":
                        agency_type = "PROVINCIAL_OFFICE" if province else "DISTRICT_OFFICE"
                    if not keep:
                        cut = place.start()
                else:
                    cut = place.start()
                end -= len(name) - cut
                name = name[:cut]
            suffix = _PUBLIC_ORG.match(text, end)
            spaced = None if suffix else _spaced_public_org(text, end, len(name), table)
            if suffix or spaced:
                if spaced:
                    name += spaced[0]
                end = suffix.end() if suffix else spaced[1]
                name += " (องค์การมหาชน)"
                agency_type = "PUBLIC_ORGANIZATION"
            name = normalize(name)
            if len(name) <= len(lead.label) + 1:
                continue
            agency_type = table.fixed.get(name, agency_type)
        province = province or _FIXED_PROVINCE.get(agency_type)
        if agency_type == "BANGKOK" and (_ADDRESS_BEFORE.search(text, max(0, start - 40), start)
                                         or _ADDRESS_AFTER.match(text, end)):
            continue  # กรุงเทพมหานคร in an address: the province, not the agency
        out.append(Agency(name=name, raw=text[start:end], type=agency_type,
                          base=_base_of(name, table), start=start, end=end,
                          province=province, district=district))
    return out


# "(องค์การมหาชน)" with the spaces OCR puts between letters ("(องค์ก ารมหาชน )")
_SPACED_PUBLIC_ORG = re.compile(r"\(\s*" + r"\s?".join("องค์การมหาชน") + r"\s*\)")
_SPACED_PUBLIC_ORG_REACH = 60  # characters between a name's cut and its "(องค์การมหาชน)"


def _spaced_public_org(text: str, end: int, name_length: int, table: _NamedTable) -> tuple[str, int] | None:
    """A public organisation's name cut at a space OCR put inside it ("สถาบันวิจัย ดาราศา
    สตร์แห่ง ชาติ (องค์ก ารมหาชน )"): its rest, spaces dropped, and where its
    "(องค์การมหาชน)" ends, where only Thai letters and spaces (no word that begins the
    prose after a name) stand between the cut and that suffix. None otherwise."""
    window = text[end : end + _SPACED_PUBLIC_ORG_REACH]
    m = _SPACED_PUBLIC_ORG.search(window)
    if m is None:
        return None
    rest = window[: m.start()]
    squeezed = rest.replace(" ", "")
    if (not re.fullmatch(r"[\u0e01-\u0e4e ]*", rest) or name_length + len(squeezed) > table.max_length
            or any(word in squeezed for word in table.stop_words)):
        return None
    return squeezed, end + m.end()


# a name's start long enough to be one agency's alone (ศาลปกคร of ศาลปกครอง; not คณ, which
# begins every คณะกรรมการ…)
_SHORTEST_CUT = 4


def without_public_org(name: str) -> str:
    """The name without its "(องค์การมหาชน)"."""
    return _PUBLIC_ORG.sub("", name)


def same_national_name(a: str, b: str) -> bool:
    """Whether two bases of national agencies' names (the words after the type: กรม…,
    สำนักงาน…) are one name as OCR reads it: marks and look-alike letters folded
    (ขันพิ่นฐาน / ขั้นพื้นฐาน), "(องค์การมหาชน)" aside, then a slip or two per ten letters
    (ราชภัฏเชียงใหม่ / ราชภัฏเชียงราย are two), or one cut short by a line break or a
    skewed scan (ศาลปกคร / ศาลปกครอง)."""
    a, b = (skeleton(_PUBLIC_ORG.sub("", x)) for x in (a, b))
    if Levenshtein.distance(a, b) <= max(1, max(len(a), len(b)) // 10):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= _SHORTEST_CUT and long_.startswith(short)


_PROVINCE_WORD = skeleton("จังหวัด")


def start_of(part: Agency, whole: Agency) -> bool:
    """Whether `part` is `whole`'s name cut short (a line break, a skewed scan): same
    type, its skeleton a strict start of the whole's. A provincial office cut at or inside
    its จังหวัด ("สำนักงานสาธารณสุขจัง") lost the word its type is read from: any type."""
    a, b = (skeleton(_PUBLIC_ORG.sub("", x.name)) for x in (part, whole))
    if not (len(a) < len(b) and b.startswith(a)):
        return False
    if part.type == whole.type:
        return True
    at = b.find(_PROVINCE_WORD)
    return whole.type == "PROVINCIAL_OFFICE" and at > 0 and at <= len(a) < at + len(_PROVINCE_WORD)


def spellings_apart(names: list[str]) -> list[str]:
    """The spellings of one agency's name that differ in their letters: marks above and
    below a letter (which OCR and some text layers drop or swap: ขันพิ่นฐาน / ขั้นพื้นฐาน), sara
    am read as sara aa (น้า / น้ำ), "(องค์การมหาชน)", and a name cut short (ศาลปกคร) are no
    other spelling. The first of each kept."""
    keys: dict[str, str] = {}
    for name in names:
        key = _MARK.sub("", _PUBLIC_ORG.sub("", name)).replace("\u0e33", "\u0e32").replace(" ", "")
        keys.setdefault(key, name)
    whole = [k for k in keys if not any(o != k and o.startswith(k) and len(k) >= _SHORTEST_CUT for o in keys)]
    return [keys[k] for k in whole]


def cut_name(agency: Agency, spellings: list[Agency]) -> str | None:
    """A longer name that a national agency's name as read is the start of (another
    spelling in the file, or a name the data lists) where the name itself is not listed:
    "สำนักงานคณ" of สำนักงานคณะกรร… on a skewed scan. None: no sign of a cut."""
    if agency.type in LOCAL_TYPES or is_known_name(agency) or agency.name in _named_table().fixed:
        return None
    mine = skeleton(_PUBLIC_ORG.sub("", agency.name))
    longer = [s.name for s in spellings if s.type == agency.type]
    longer += [name for (kind, _), name in _known_names().items() if kind == agency.type]
    for name in longer:
        whole = skeleton(_PUBLIC_ORG.sub("", name))
        if len(whole) > len(mine) and whole.startswith(mine):
            return name
    return None


def canonical_name(agency: Agency) -> Agency:
    """The agency under its whole name from the data when it was written garbled, and
    with its province spelled right where its name states one (…จังหวัดสุราษฎว์ธานี)."""
    table = _named_table()
    if agency.type in LOCAL_TYPES or agency.name in table.fixed:
        return agency
    at = agency.name.rfind("จังหวัด")
    if agency.province and at >= 0 and agency.name[at + 7 :] != agency.province:
        name = agency.name[: at + 7] + agency.province
        return Agency(name, agency.raw, agency.type, _base_of(name, table), agency.start,
                      agency.end, agency.province, agency.district)
    lead = table.fixed_by_skeleton.get(skeleton(agency.name)) or _cut_at_space(agency.name) \
        or _spaced_name_slipped(agency.name)
    if lead is None or lead.type != agency.type:
        known = _known_names().get((agency.type, skeleton(agency.name)))
        if known is None or known == agency.name:
            return agency
        return Agency(known, agency.raw, agency.type, _base_of(known, table),
                      agency.start, agency.end, agency.province, agency.district)
    return Agency(lead.expansion, agency.raw, agency.type, _base_of(lead.expansion, table),
                  agency.start, agency.end, agency.province, agency.district)


def _cut_at_space(name: str):
    """The whole name (its lead) of which `name` is the part before the first space, where
    exactly one whole name of the data starts so: a free name ends at a space, and OCR's
    specks in the rest of the name ("…การอุดมศึกษา 4วิทยาศาสตร์") keep the whole from
    matching."""
    table = _named_table()
    whole = [n for n in table.fixed if " " in n and n.split(" ", 1)[0] == name]
    return table.leads.get(_key(whole[0])) if len(whole) == 1 else None


_SPACED_NAME_SLIPS = 2


def _spaced_name_slipped(name: str):
    """The whole name (its lead) of the one listed name with spaces that `name` is, read with
    its spaces lost and at most two slips ("…การอุดมศึกษาวิวิทยาศาสตร์" for "…การอุดมศึกษา
    วิทยาศาสตร์ วิจัยและนวัตกรรม", a syllable doubled), whole or cut at a later space:
    compared by skeleton, its first word read whole."""
    table = _named_table()
    got = skeleton(name.replace(" ", ""))
    found = []
    for whole in (n for n in table.fixed if " " in n):
        want = skeleton(whole.replace(" ", ""))
        if not got.startswith(skeleton(whole.split(" ", 1)[0])) or len(got) > len(want) + _SPACED_NAME_SLIPS:
            continue
        ends = range(max(1, len(got) - _SPACED_NAME_SLIPS), min(len(want), len(got) + _SPACED_NAME_SLIPS) + 1)
        if min(Levenshtein.distance(got, want[:k]) for k in ends) <= _SPACED_NAME_SLIPS:
            found.append(whole)
    return table.leads.get(_key(found[0])) if len(found) == 1 else None


_KNOWN_NAMES = Path(__file__).parent / "data" / "agency_names.json"


@lru_cache(maxsize=1)
def _known_names() -> dict[tuple[str, str], str]:
    """(type, skeleton) -> the one listed name of that type with that skeleton
    (data/agency_names.json); a skeleton two names share gives neither."""
    out: dict[tuple[str, str], str | None] = {}
    data = json.loads(_KNOWN_NAMES.read_text(encoding="utf-8"))
    for agency_type, names in data.items():
        if agency_type.startswith("_"):
            continue
        for name in names:
            key = (agency_type, skeleton(name))
            out[key] = None if key in out and out[key] != name else name
    return {k: v for k, v in out.items() if v is not None}


def is_known_name(agency: Agency) -> bool:
    return _known_names().get((agency.type, skeleton(agency.name))) == agency.name


def is_assessor(agency: Agency) -> bool:
    """The body that assesses or oversees (ป.ป.ช., ป.ป.ท., กรมส่งเสริมการปกครองท้องถิ่น), or
    its long name cut by a line the text did not join ("…ป้องกันและปราบปรามการ" / "ทุจริต…")."""
    assessors = _named_table().assessors
    name = agency.name
    return name in assessors or len(name) >= _CUT_ASSESSOR_CHARS and any(a.startswith(name) for a in assessors)


# a cut name this long is one assessor's alone (สำนักงานคณะกรรมการป้องกันและปราบปราม: 35)
_CUT_ASSESSOR_CHARS = 30

# what a local administration's place name may be, by type
PLACE_LEVELS = {
    "SAO": ("subdistrict",),
    "TAMBON_MUNICIPALITY": ("subdistrict", "district"),
    "TOWN_MUNICIPALITY": ("subdistrict", "district", "province"),
    "CITY_MUNICIPALITY": ("subdistrict", "district", "province"),
    "PAO": ("province",),
}


@dataclass(frozen=True)
class PlaceCheck:
    """A local administration's place name against the gazetteer. `agency` the agency
    with its place spelled as the gazetteer does (an OCR variant corrected); `code` the
    DOPA code of the place (joined by '-' for a hyphenated name); `unknown` the part of
    the name that exists nowhere in the stated district/province (None: all known, or
    not a local administration)."""

    agency: Agency
    code: str | None
    unknown: str | None


def check_place(agency: Agency, district: str | None, province: str | None) -> PlaceCheck:
    from normalizers import gazetteer

    agency = canonical_name(agency)
    levels = PLACE_LEVELS.get(agency.type)
    if agency.type == "PAO" and agency.province and agency.province != agency.base:
        # อบจ.เขียงใหม่: the province's name corrected (canonical_province's fuzzy match)
        agency = Agency(agency.name[: len(agency.name) - len(agency.base)] + agency.province,
                        agency.raw, agency.type, agency.province, agency.start, agency.end,
                        agency.province, agency.district)
    if levels is None:
        code = None
        if agency.type == "PROVINCIAL_OFFICE" or agency.type == "BANGKOK":
            code = gazetteer.province_code(agency.province or province)
        return PlaceCheck(agency, code, None)
    if district and province:
        # a misread district must not hide the place: read as the district it is (อุทอง
        # for อู่ทอง), or dropped where it is none of the province's
        found = gazetteer.resolve_place(district, None, province, ("district",))
        district = found.name if found else None
    parts, codes = [], []
    for part in agency.base.split("-"):
        bare = part.removeprefix("เมือง") if part.startswith("เมือง") and len(part) > 6 else part
        place = gazetteer.resolve_place(part, district, province, levels)
        if place is None and bare != part:
            place = gazetteer.resolve_place(bare, district, province, levels)
        if place is None:
            return PlaceCheck(agency, None, part)
        parts.append(place.name if place.corrected else part)
        codes.append(place.code)
    base = "-".join(parts)
    if base != agency.base:
        label = agency.name[: len(agency.name) - len(agency.base)]
        agency = Agency(label + base, agency.raw, agency.type, base, agency.start, agency.end,
                        agency.province, agency.district)
    return PlaceCheck(agency, "-".join(codes), None)


def type_group(agency_type: str | None) -> str | None:
    """The ITA agency group (Thai) of a type code."""
    data = _data()
    return data["type_groups"].get(agency_type or "")


def types_named(words: str) -> set[str]:
    """The agency types a group's words name ("หน่วยงานประเภทเทศบาลตำบล": the tambon
    municipalities; "ส่วนราชการระดับกรม": the departments), by their type names or ITA groups."""
    data = _data()
    squeezed = re.sub(r"\s+", "", words)
    named = {e["type"] for e in data["types"] for n in e["names"] if n in squeezed}
    return named | {t for t, g in data["type_groups"].items() if re.sub(r"\s+", "", g) in squeezed}


def abbreviations_of(agency: Agency) -> list[str]:
    """Short forms of an agency's name from the data (อบต.ดอน, สสวท.)."""
    data = _data()
    out = []
    for entry in data["types"]:
        if entry["type"] == agency.type and agency.type in LOCAL_TYPES:
            out += [a + agency.base for a in entry["abbreviations"]]
    for entry in data["fixed_names"]:
        if entry["name"] == agency.name:
            out += entry["abbreviations"]
    for short, expansion in data["prefix_abbreviations"].items():
        if agency.name.startswith(expansion) and len(agency.name) > len(expansion):
            out.append(short + agency.name[len(expansion) :])
    return list(dict.fromkeys(out))

# types whose names are a place name that other provinces may have too
_NAMED_AFTER_A_PLACE = LOCAL_TYPES | {"HOSPITAL", "DISTRICT_OFFICE"}


def agency_key(agency_type: str, name: str, province: str | None, code: str | None) -> str:
    """The agencies table's stable key: the same in every run and for every OCR spelling
    of one agency. A local administration whose place the gazetteer knows is keyed by
    that place's code; any other by its name's skeleton (marks dropped, look-alike
    letters folded, as OCR confuses them), with its province where the name is a place
    name other provinces may share (a local administration, a hospital, a district
    office)."""
    import hashlib

    from normalizers import gazetteer

    if code and agency_type in LOCAL_TYPES:  # one local administration of a type per place
        ident = f"{agency_type}|code:{code}"
    elif agency_type in _NAMED_AFTER_A_PLACE:  # ทต.ดอน, รพ.บ้านนา: one per province at most
        ident = f"{agency_type}|{gazetteer.skeleton(name)}|{province or ''}"
    else:  # a national name (or one with its province in it): the same with or without
        ident = f"{agency_type}|{gazetteer.skeleton(name)}"
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]

_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# tone marks and upper/lower vowels Tesseract drops most (bold headings: เรื่อง → เรอง)
_LOST_MARKS = ("\u0e48", "\u0e49", "\u0e34", "\u0e35", "\u0e31", "\u0e38", "\u0e39")


def _word_count(text: str) -> int:
    from normalizers.thai import _tokenize

    try:
        return len([t for t in _tokenize(text) if t.strip()])
    except Exception:  # a tokenizer failure costs the check, not the page
        return 0


def misread_name(agency: Agency) -> str | None:
    """For an agency other than a local administration (those are checked against the
    gazetteer), a reading of its name that splits into fewer dictionary words when one
    letter is read as its look-alike or one mark is dropped or put back ("เทคโมโลยี" →
    "เทคโนโลยี", "มหาวิทยาลิ๊ย" → "มหาวิทยาลิย", "พัฒนาทีดิน" → "พัฒนาที่ดิน"): the name as
    read looks damaged. None when no such
    reading exists (measured: none of the 114 names of the generator's and the catalog's
    lists, 319 of 339 names with one look-alike letter swapped). There is no list of
    every ITA agency to check a name against; this only says that a name reads worse
    than a one-letter change of it."""
    from normalizers.gazetteer import LOOKALIKES

    if agency.type in LOCAL_TYPES or not agency.base or len(agency.base) > 80:
        return None
    if agency.name in _named_table().fixed or is_known_name(agency):
        return None  # a whole name the data lists is spelled right
    if agency.type in _NAMED_AFTER_A_PLACE:
        from normalizers.gazetteer import resolve_place

        place = resolve_place(agency.base, levels=("subdistrict", "district"))
        if place is not None and not place.corrected:
            return None  # a hospital named after a place the gazetteer has, spelled so (วารินชำราบ)
    base = agency.base
    words = _word_count(base)
    if words <= 1:
        return None
    alternatives = {ch: [c for c in g if c != ch] for g in LOOKALIKES for ch in g}
    best, fewest = None, words
    for i, ch in enumerate(base):
        variants = [base[:i] + c + base[i + 1 :] for c in alternatives.get(ch, ())]
        if _MARK.match(ch):
            variants.append(base[:i] + base[i + 1 :])
        if re.match("[\u0e01-\u0e2e\u0e31\u0e34-\u0e39]", ch) and not _MARK.match(base[i + 1 : i + 2] or "x"):
            # a mark OCR lost (ที่ดิน read as ทีดิน): each one put back after a letter or vowel
            variants += [base[: i + 1] + mark + base[i + 1 :] for mark in _LOST_MARKS]
        for v in variants:
            if (n := _word_count(v)) < fewest:
                best, fewest = v, n
    if best is None:
        return None
    return agency.name[: len(agency.name) - len(base)] + best if agency.name.endswith(base) else best
