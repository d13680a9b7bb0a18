"""Statements of a result, as agencies and the press write them: which number is the
agency's own overall score for which year, which label its level, which rank in which
group — each kept with the words it was read from and the rule that took it.

A document says its result many ways ("ได้รับผลการประเมิน ITA 93.71 คะแนน", "ทำคะแนนได้
86.48", "คะแนน 98.32 ระดับ AA", "คว้าระดับ AA", "ปี 2560 ได้ 77.57 คะแนน" quoted beside this
year's) and prints numbers that are not its result beside them: national averages,
other agencies' scores, list markers "1)", page counters "หน้า 1/3", counts of agencies.
Every candidate is a `Claim` with the year its words name; the headline takes the own
year's strongest claim and the quoted years' claims go to `year_results`. The word lists
are data: pipeline/data/statements.json.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from normalizers import agencies, numbers
from pipeline.segment import Document, Line
from pipeline.valuebox import cell_span
from schemas.catalog import load_catalog, pre_2562

DATA = Path(__file__).resolve().parents[1] / "data" / "statements.json"


@lru_cache(maxsize=None)
def _words() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def alt(words) -> str:
    """The words as one pattern, each with its tone marks free: OCR drops them, adds them and
    puts them on the wrong letter ("ค่ะแนนเฉลียของหน่วยงานทัวประเทศ"); and spaces it puts
    between letters allowed."""
    return "|".join(_tones_free(w) for w in sorted(words, key=len, reverse=True))


_TONE_MARK = re.compile("[\u0e48-\u0e4b]")


def _tones_free(word: str) -> str:
    """(and a space OCR put between two letters: "รองลงม าคือ")"""
    bare = _TONE_MARK.sub("", word)
    return "".join(re.escape(ch) + ("[\u0e48-\u0e4b]?" if "\u0e01" <= ch <= "\u0e4e" else "")
                   + (" ?" if k + 1 < len(bare) and not _MARK_NEXT.match(bare, k + 1) else "")
                   for k, ch in enumerate(bare))


_MARK_NEXT = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e ]")


@lru_cache(maxsize=1)
def not_own_score() -> re.Pattern[str]:
    """Words that make the number after them no score of the agency's own (a change, a
    national or group average, a rank, a page)."""
    return re.compile(alt(_words()["not_own_score"]))


@dataclass(frozen=True)
class Claim:
    """One statement of a result. `year` is the year its words name (None: none, so
    the document's own); `strength` 2 where the words name the ITA / overall result,
    1 where they only say "a score"."""

    field: str  # 'overall_score', 'level' or 'rank'
    value: float | str | int
    year: int | None
    rule: str
    strength: int
    words: str
    line: Line
    rank_of: int | None = None
    scope: str | None = None  # rank group: 'country', 'province', 'district', 'group' or None
    scope_raw: str | None = None
    unreadable: str | None = None  # a part of the statement that is there but could not be read
    value_doubtful: bool = False  # the unreadable part is in the value's own digits
    total_lost: bool = False  # the unreadable part is a rank group's total only (not stored; flagged)
    span: tuple[int, int] | None = None  # where in line.text the value was read (None: not known)
    attributed: str | None = None  # why a rank said after another agency's name is taken as the own

IsOther = Callable[[agencies.Agency], bool]  # is this mention another agency than the document's?

_D = "[0-9๐-๙]"
THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")

YEAR = f"([๒2][๕5]{_D}{{2}})"
# a line that opens with ปี and its year: an item of a list of past years' results
LIST_ITEM_YEAR = rf"^\s*ปี(?:งบประมาณ)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*{YEAR}"

# (พ.ศ. as OCR may read it: "ปี wa. ๒๕๖๔")
YEAR_NAMED = re.compile(
    rf"(?:พ\s?\.\s?ศ\s?\.|[ปบ]ี[\u0e48\u0e49]?|ปีงบประมาณ|ป(?=[๒2][๕5])|(?<![^\s])[A-Za-z]{{2,3}}\.)\s*(?:พ\s?\.\s?ศ\s?\.?|พ\.\.|(?:[^\s0-9๐-๙][^\s.,]{{0,2}}[.,]\s?){{1,2}})?\s*{YEAR}(?!{_D})"
)  # ("พ. A. ๒๕๖๗": both letters misread; "wa. ๒๕๕๙": พ.ศ. read as Latin letters, ปี lost;
#    "เทียบกับบี 2565": ป read as บ; "ปี พ91. ๒๕๖๓": ศ read as digits; "ปี WA, ๒๕๕๘": its last point read as a comma; "พ.ศ ๒๕๖๓": its last point lost; "ในป๒๕๖๗": the
#    vowel of ปี lost, the year glued to it; "ปี่2566": a speck read as a tone mark on it;
#    "ปี พ.. ๒๕๖๒": ศ lost between the points)

SCORE = re.compile(r"(?<![0-9๐-๙.,/])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙/]|[.,][0-9๐-๙])")

_CLUSTER = re.compile("[^\u0e31\u0e34-\u0e3a\u0e47-\u0e4e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")


def spaced(word: str) -> str:
    """A pattern of `word` with a space allowed between any two of its letters (a letter and
    its marks kept together): OCR spaces the letters of a scanned Word page's justified lines
    apart ("ผลการปร ะเมิน", "ด้ วยค ะ แนน")."""
    return " ?".join(re.escape(c) for c in _CLUSTER.findall(word))


# OCR puts spaces inside words ("ผลการประ เมิน"): the cue words allow one
OVERALL_CUE = re.compile(r"I\s?T\s?A|ภาพ\s?รวม|ผลคะแนนการประ\s?เมิน|ผลการ\s?ป\s?ระ\s?เ\s?มิ\s?[น1]|ไอ\s?ที\s?เอ|"
                         + spaced("ผลการประเมิน"))
# (น of ประเมิน read as 1: "ได้รับผลการประเมิ1อยู่ในระดับ …")


@lru_cache(maxsize=None)
def _earlier() -> re.Pattern[str]:
    return re.compile(alt(_words()["earlier_year"]))


@lru_cache(maxsize=None)
def _own_year_words() -> re.Pattern[str]:
    return re.compile(alt(_words()["own_year"]))


@lru_cache(maxsize=None)
def _other_agency_words() -> re.Pattern[str]:
    return re.compile(alt(_words()["other_agency"]))


def _year(text: str) -> int:
    return int(numbers.to_arabic_digits(text))

# a year a result is stated for is one the ITA graded or the few around it; Tesseract
# reads ๒๕๖๗ as ๒๕๒๕, which no statement is about (and `reports` does not take)
FISCAL_YEARS = range(2550, 2601)


def plausible_fiscal_year(year: int | None) -> bool:
    return year is not None and year in FISCAL_YEARS

# (its words before the year read as Latin letters: "Vad Tut 2565ได้…" for ทั้งนี้ในปี; its ปี read
# as a lone 1 before a space: "1 2556 A 73.85 คะแนน")
_YEAR_LEADS_LINE = re.compile(rf"\s*(?:[A-Za-z]{{2,4}}\s+){{0,2}}(?:1(?=\s)|[^\s0-9๐-๙]{{0,2}})\s*{YEAR}(?!{_D})")

_SPECK_CELL = re.compile(r"\t(?![A-Z]{1,2}\s*(?:\t|$))[^\t0-9๐-๙]{1,2}(?=\t|$)")

_PROSE_CELL = 20

_SCORE_AND_UNIT = re.compile(r"[0-9๐-๙]\s*คะแนน\s*$")


def without_specks(text: str) -> str:
    """A line of prose that OCR gave a cell of specks at its end ("… ระดับ A<tab>น"):
    the specks dropped, so that it reads as prose, not as a table row."""
    first = text.split("\t", 1)[0]
    if "\t" not in text or (len(first) < _PROSE_CELL and not _SCORE_AND_UNIT.search(first)):
        return text  # a table's row: its cells are short (not a score and its unit: "86.79 คะแนน<tab>น")
    cleaned = _SPECK_CELL.sub("", text).rstrip()
    return cleaned if "\t" not in cleaned else text


# แ that OCR read as two sara e ("คะเเนน"), the typists' habit too: read as แ, the Thai run it is
# in padded with a space after it, so that the line keeps its length (and the numbers after
# it their places)
_DOUBLE_E = re.compile("(\u0e40 ?\u0e40)([\u0e01-\u0e4e]*)")


# ระดับ with its ด read as ต, or its vowel lost before a space (its place taken by the vowel)
_LEVEL_WORD_SLIP = re.compile("ระตับ|ระดบ ")
# ระดับ with a speck read as a lower vowel under its ร ("คะแนนรุะดับสูง"): the vowel dropped, a
# space after the word keeps the line's length
_LEVEL_WORD_MARK = re.compile("ร[\u0e38\u0e39]ะดับ")


def mend_letters(text: str) -> str:
    text = _DOUBLE_E.sub(lambda m: "แ" + m.group(2) + " " * (len(m.group(1)) - 1), text)
    return _LEVEL_WORD_MARK.sub("ระดับ ", _LEVEL_WORD_SLIP.sub("ระดับ", text))


def mend_ocr(doc: Document) -> Document:
    """The document with what OCR does to the letters of statements' words mended in its
    lines' text (each line keeps its length): the statement readers' input."""
    lines = tuple(line if (t := mend_letters(line.text)) == line.text else replace(line, text=t)
                  for line in doc.lines)
    return doc if all(a is b for a, b in zip(lines, doc.lines)) else replace(doc, lines=lines)


def words_around(text: str, start: int, end: int) -> str:
    """The words a value was read from: its clause, cut to a readable length."""
    return text[max(0, start - 80) : end + 30].strip()


# a year OCR broke with a comma or a point ("ปี๒๕๕,๘"), or with a space between its century
# and its two last digits ("ปี 25 63") or before its last digit ("ปี พ.ศ. 256 6"): the speck
# moved behind it, so that the line keeps its length (and every position in it); a year with
# a digit lost ("๒๕ ๗") stays unread
_YEAR_WITH_COMMA = re.compile(
    r"(ปี\s*(?:พ\s?\.\s?ศ\s?\.)?\s*)(?:([0-9๐-๙]{1,3})[,.]([0-9๐-๙]{1,3})(?![0-9๐-๙,])"
    r"|([๒2][๕5]) ([0-9๐-๙]{2})(?![0-9๐-๙]|[.,][0-9๐-๙])"
    r"|([๒2][๕5][0-9๐-๙]) ([0-9๐-๙])(?![0-9๐-๙]|[.,][0-9๐-๙]))"
)


# a speck between a year and its ได้ read as a digit ("ปี25661ได้79.80 คะแนน", a list's line
# whose ปี OCR misread too: "ขี25671ได้69.91"): the speck made a space, the line keeps its length
_YEAR_SPECK_DIGIT = re.compile(r"((?:ปี|^\s*[^\s0-9๐-๙]{1,2})\s*(?:พ\s?\.\s?ศ\s?\.)?\s*)([๒2][๕5][0-9๐-๙]{2})[1lI|](?=\s*ได)")


def mend_years(text: str) -> str:
    def mend(m: re.Match) -> str:
        digits = (m.group(2) or m.group(4) or m.group(6)) + (m.group(3) or m.group(5) or m.group(7))
        if len(digits) == 4 and plausible_fiscal_year(_year(digits)):
            return m.group(1) + digits + " "
        return m.group()

    def speck(m: re.Match) -> str:
        return m.group(1) + m.group(2) + " " if plausible_fiscal_year(_year(m.group(2))) else m.group()
    return _YEAR_SPECK_DIGIT.sub(speck, _YEAR_WITH_COMMA.sub(mend, text))


@lru_cache(maxsize=None)
def _compared() -> re.Pattern[str]:
    return re.compile(alt(_words()["compared_with"]))


_GARBLED_YEAR = re.compile(
    r"(?:ปี(?:งบประมาณ)?|พ\s?\.\s?ศ\s?\.)\s*(?:พ\s?\.\s?ศ\s?\.)?\s*[0-9๐-๙][0-9๐-๙,.]*"
    # a year OCR read as Latin letters ("ทั้งนี้ในปี weed ได้๖๖.๓๔"), not พ.ศ. so read before one ("ปี wa. ๒๕๖๔")
    r"|ปี\s*[A-Za-z]{2,6}(?![A-Za-z]|\.?\s*(?:พ|[0-9๐-๙]))"
)


def names_unreadable_year(text: str, start: int) -> bool:
    """Whether the last year the words before `start` name is one OCR left unreadable
    ("ในปี ๒๕๒๑ ได้ …": ๒๕๖๑ misread): the value may be of any year, so it is weak
    evidence of the own year's."""
    last = None
    for last in _GARBLED_YEAR.finditer(mend_years(text), 0, start):
        pass
    if last is None:
        return False
    digits = re.sub(r"[^0-9๐-๙]", "", last.group())
    return not (len(digits) == 4 and plausible_fiscal_year(_year(digits)))


def own_year_or_none(year: int | None, fy: int | None) -> bool:
    return year is None or year == fy


# a year whose first digit OCR lost ("เมื่อเทียบกับปี ๕๖๔ …" for ๒๕๖๔): three digits that
# begin with 5 right after ปี
_YEAR_LEAD_LOST = re.compile(r"ปี\s*(?:งบประมาณ)?\s*(?:พ\s?\.\s?ศ\s?\.?)?\s*([๕5][0-9๐-๙]{2})(?![0-9๐-๙.,])")


def _lead_lost_year(before: str, fy: int | None) -> int | None:
    """The year the last ปี in `before` names where OCR lost its first digit (2 is the
    only first digit a Buddhist-era year of the ITA has), if that is a year no later than
    the document's own."""
    last = None
    for last in _GARBLED_YEAR.finditer(before):
        pass
    m = _YEAR_LEAD_LOST.match(before, last.start()) if last else None
    if m is None or m.end() != last.end():
        return None
    year = 2000 + _year(m.group(1))
    return year if plausible_fiscal_year(year) and (fy is None or year <= fy) else None


def claim_year(text: str, start: int, end: int, fy: int | None) -> int | None:
    """The year the words around a value name for it: a year right after it ("77.57
    คะแนน ในปี 2560"), "ปีนี้" (own), "จากเดิม / ปีที่แล้ว" (the year before), else the last
    year named before it in the line. None: no year named (the document's own). -1: an
    earlier year whose number OCR garbled ("เมื่อเทียบกับปี๒,๕๖๒๓ ที่ได้ …"): not the own."""
    text = mend_years(text)
    after = re.match(
        rf"\s*(?:คะแนน)?\s*\)?\s*\(?\s*(?:ใน|เมื่อ|ของ)?\s*(?:ปี|ประจำปี)\s*(?:งบประมาณ)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*{YEAR}",
        text[end : end + 40],
    )
    if after and plausible_fiscal_year(_year(after.group(1))):
        return _year(after.group(1))
    before = text[max(0, start - 30) : start]
    if _own_year_words().search(before):
        return None
    if _earlier().search(before) and not YEAR_NAMED.search(before):
        return fy - 1 if fy else -1  # -1: an earlier year whose number is not known
    years = [y for m in YEAR_NAMED.finditer(text, 0, start) if plausible_fiscal_year(y := _year(m.group(1)))]
    if (lost := _lead_lost_year(before, fy)) is not None:
        return lost
    if (_compared().search(before) and _GARBLED_YEAR.search(before)
            and not any(_year(m.group(1)) in years for m in YEAR_NAMED.finditer(before))):
        return -1  # compared with a year that cannot be read: some earlier year's result
    if years:
        return years[-1]
    # a line of a list of past results whose ปี OCR misread ("รี๒๕๖๓ดั้๗๗.๓๑ คะแนน")
    lead = _YEAR_LEADS_LINE.match(text, 0, start)
    return _year(lead.group(1)) if lead and plausible_fiscal_year(_year(lead.group(1))) else None


def another_agency_before(text: str) -> bool:
    """Whether the words right before a name say it is another agency ("รองลงมาคือ",
    "ได้แก่", "สำหรับในอำเภอเดียวกัน")."""
    return bool(_other_agency_words().search(text[-25:]))


def other_agency_before(text: str, pos: int, is_other: IsOther | None) -> bool:
    """Whether the words just before `pos` speak of another agency ("รองลงมาคือ
    เทศบาลตำบลหนองแก ได้ 95.99 คะแนน")."""
    window = text[max(0, pos - 70) : pos]
    if is_other is not None:
        found = agencies.find_agencies(window)
        if found:
            return is_other(found[-1])
    return bool(_other_agency_words().search(window))


def level_labels(scale_year: int | None = None) -> list[str]:
    """Every level label of the scales since 2562, with those of 2557-2561 for such a
    year or none, longest first (ผ่านดีเยี่ยม before ผ่าน)."""
    cat = load_catalog()
    old = scale_year is None or scale_year <= LAST_FIVE_INDEX_YEAR
    # a statement's every cue and number asks (~40 times a small file): worked out once
    # for the catalog in force (load_catalog keeps it; another ITA_CATALOG is another)
    known = _LEVEL_LABELS.get((id(cat), old))
    if known is None or known[0] is not cat:
        labels = {lab for fy in cat.years if fy > LAST_FIVE_INDEX_YEAR for lab in cat.level_labels(fy)}
        labels.add("ไม่ผ่าน")  # said of a 2566 result below 85, where the catalog knows no label
        if old:
            labels |= _pre_2562()
        known = _LEVEL_LABELS[(id(cat), old)] = (cat, tuple(sorted(labels, key=len, reverse=True)))
    return list(known[1])


_LEVEL_LABELS: dict[tuple[int, bool], tuple[object, tuple[str, ...]]] = {}


def _pre_2562() -> set[str]:
    return {b["label"] for b in pre_2562()["levels"]}  # สูง is not สูงสุด, ต่ำ not ต่ำกว่า

_LEVEL_OR = re.compile(r"\s*(?:หรือ|/)\s*")

_LEVEL_LOOKALIKE = re.compile(r"(13|[806]|3(?=\s+[\u0e01-\u0e2e])(?!\s*(?:ดาว|ระดับ|ชั้น|ขั้น|อันดับ|ปี|คน|แห่ง)))"
                              r"(?![0-9๐-๙.,/A-Za-z])")

# Tesseract's Thai reads B, D, C so; B also as 13 ("อยู่ในระดับ 13"), rarer: read as garbled
# (weak evidence); and a bold B as 3 where the sentence goes on with a word ("อยู่ในระดับ 3
# หน่วยงานได้ดำเนินการ…" on a CSS-grid print's scan), also weak. Not 3 before a unit or a
# count, a level of other scales ("ระดับ 3 ดาว")
_LEVEL_OF_LOOKALIKE = {"8": "B", "0": "D", "6": "C", "13": "B", "3": "B"}
_WEAK_LOOKALIKE = {"13", "3"}
# a digit that looks like more than one level's letter (a round 0 is D or C, the C's gap
# lost): the letter the year's scale gives the score stated beside it, where it is one of them
_LOOKALIKE_ALSO = {"0": ("D", "C")}


def lookalike_by_score(rest: str, label: str, score: float | None, year: int | None) -> str:
    """The level a look-alike digit at the start of `rest` stands for, told by the score
    beside it where the digit looks like several letters (else `label`, as read)."""
    m = _LEVEL_LOOKALIKE.match(rest)
    if m is None or score is None or year is None or label != _LEVEL_OF_LOOKALIKE[m.group(1)]:
        return label
    fits = [x for x in _LOOKALIKE_ALSO.get(m.group(1), ()) if x in load_catalog().possible_levels(score, year)]
    return fits[0] if len(fits) == 1 else label

LONGEST_LABEL = 25  # ต้องปรับปรุงโดยด่วน and some room

_NOT_A_LEVEL_AFTER = re.compile(r"\s*(?:ขึ้นไป|จำนวน|มีเพียง|มีจำนวน|[0-9๐-๙]+\s*(?:หน่วยงาน|แห่ง))")

# marks below and above a consonant that a text layer or OCR gives one for another
# (LibreOffice's lowered glyphs: สูง as ส่ง, ต้อง as ตุอง): a level label is matched with
# them folded, so that the label read after a level cue is the scale's own word
# (and OCR's sara i for sara ii: ผ่านดิ for ผ่านดี)
_SWAPPED_MARKS = str.maketrans({"\u0e38": "\u0e39", "\u0e48": "\u0e39", "\u0e49": "\u0e39", "\u0e34": "\u0e35"})


def fold_marks(text: str) -> str:
    return text.translate(_SWAPPED_MARKS)


def _label_at(rest: str, lab: str) -> bool:
    head = rest[: len(lab)]
    return head == lab or (len(head) == len(lab) and fold_marks(head) == fold_marks(lab))


def label_of_cell(cell: str, labels: list[str]) -> str | None:
    """The level label a table cell holds (marks folded as after a cue), or None."""
    text = cell.strip().strip("“”\"")
    text = _CELL_SPECK.sub("", text) or text  # "สูงมาก a", "A ว": a speck OCR read beside the label
    return next((lab for lab in labels if len(text) == len(lab) and _label_at(text, lab)), None)


_CELL_SPECK = re.compile(r"(?<=[\u0e01-\u0e4e])\s+[^\s\u0e01-\u0e4e0-9๐-๙]$|(?<=[A-F])\s+[\u0e01-\u0e2e]$")


_ANY_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


@lru_cache(maxsize=None)
def _level_goes_on_bare() -> tuple[str, ...]:
    return tuple(_ANY_MARK.sub("", w) for w in _words()["after_level"])


def _goes_on_at(rest: str, n: int) -> bool:
    """Whether the words after a label at `n` are the sentence going on ("ด้วย", "ซึ่ง", …),
    compared without marks, which OCR adds and drops ("ผ่านดั้งรายละเอียด")."""
    return _ANY_MARK.sub("", rest[n : n + 14]).startswith(_level_goes_on_bare())


def _garbled_label(rest: str, labels: list[str]) -> tuple[str | None, int]:
    """(a Thai label `rest` starts with as OCR garbled it, its length in `rest`): the label's
    skeleton (marks dropped, look-alike letters folded: ต้องปรับปรง, ผ่านดีเยียม) read
    exactly, or with one letter lost or changed for a label of six letters or more."""
    from normalizers.gazetteer import one_edit, skeleton

    run = _THAI_RUN.match(rest)
    if not run:
        return None, 0
    for lab in labels:
        if not THAI_LETTER.match(lab) or len(skeleton(lab)) < 3:
            continue
        want = skeleton(lab)
        ns = range(len(lab) - 3, min(len(run.group()), len(lab) + 3) + 1)
        # the label whole with its marks lost before one with a letter lost (ผ่านดีเยียม is
        # ผ่านดีเยี่ยม whole, not ผ่านดีเยีย with ม left over)
        for exact in (True, False):
            for n in ns:
                got = skeleton(run.group()[:n])
                if got == want if exact else (len(want) >= 6 and one_edit(got, want)):
                    if not THAI_LETTER.match(rest, n) or _goes_on_at(rest, n):
                        return lab, n
    return None, 0


def read_label(rest: str, labels: list[str]) -> tuple[str | None, bool, int]:
    """(the level label at the start of `rest`, whether it was read from garbled letters,
    its length in `rest`). A label followed by Thai letters that do not begin the words
    after a level ("ด้วย", "ซึ่ง", … in statements.json) is not read as itself: OCR may have
    cut a longer label (ผ่านดีเยียม is not ผ่านดี) — it is read as the label its letters
    spell, garbled, or as the shorter label marked garbled (weak evidence)."""
    for lab in labels:
        if not _label_at(rest, lab) or re.match(r"[A-Za-z]", rest[len(lab) : len(lab) + 1]):
            continue
        if not THAI_LETTER.match(lab) or not THAI_LETTER.match(rest, len(lab)) \
                or _goes_on_at(rest, len(lab)):
            return lab, False, len(lab)
        if lab in _pre_2562():
            continue  # สูง is not สูงกว่า, ต่ำ not ต่ำกว่า: no label
        longer, n = _garbled_label(rest, [x for x in labels if len(x) > len(lab) and x.startswith(lab)])
        if longer:
            return longer, not _marks_only(rest[:n], longer), n
        return lab, True, len(lab)
    if (m := _LATIN_LABEL_GLUED.match(rest)) and m.group(1) in labels:
        return m.group(1), True, len(m.group(1))
    label, n = _garbled_label(rest, labels)
    if label is None:
        label, n = _label_by_its_end(rest, labels)
        return label, label is not None, n
    return label, not _marks_only(rest[:n], label), n


# a Latin label glued to the next word OCR read as Latin letters ("คว้าระดับ Awa การประเมิน" for
# "A ผลการประเมิน"): the capitals are the label, read from garbled letters
_LATIN_LABEL_GLUED = re.compile(r"([A-F]{1,2})[a-z]{1,3}(?![A-Za-z])")


# a label of two words whose first word OCR read as a short run of other letters ("dos
# ปรับปรุง" for ต้องปรับปรุง): its second word, five letters or more, read whole after it
_LOST_WORD = re.compile(r"[^\s0-9๐-๙]{1,4}")
_LABEL_END_LETTERS = 5


def _label_by_its_end(rest: str, labels: list[str]) -> tuple[str | None, int]:
    """(a long label whose first word is garbled, its length in `rest`), or (None, 0)."""
    for lab in labels:
        for head in range(2, 5):  # the first word: ต้อง, ผ่าน
            tail = lab[head:]
            if not THAI_LETTER.match(lab) or len(_ANY_MARK.sub("", tail)) < _LABEL_END_LETTERS:
                continue
            for lost in range(1, 5):  # the letters read for the first word, and a space
                at = lost + (rest[lost : lost + 1] == " ")
                if _LOST_WORD.fullmatch(rest[:lost]) is None or not _label_at(rest[at:], tail):
                    continue
                if not THAI_LETTER.match(rest, at + len(tail)) or _goes_on_at(rest, at + len(tail)):
                    return lab, at + len(tail)
    return None, 0


def _marks_only(read: str, label: str) -> bool:
    """Whether a label read differs from the scale's word only in tone marks OCR dropped
    (ผ่านดีเยียม): its letters and vowels all there, so it is that label, not a weak reading
    (a vowel or a letter lost, ต้องปรับปรง, is)."""
    from normalizers.gazetteer import skeleton

    return _TONE.sub("", read) == _TONE.sub("", label) and skeleton(read) == skeleton(label)


_TONE = re.compile("[\u0e47-\u0e4e]")  # tone marks, thanthakhat, maitaikhu: what OCR drops most


def labels_at(rest: str, labels: list[str]) -> list[str]:
    """Level labels at the start of `rest`, with alternatives joined by หรือ or /."""
    return labels_read(rest, labels)[0]


def labels_read(rest: str, labels: list[str]) -> tuple[list[str], bool]:
    """(labels_at, whether any of them was read from garbled letters)."""
    found = []
    garbled = False
    while True:
        label, bad, n = read_label(rest, labels)
        if label is not None and n != len(label):
            rest = label + rest[n:]  # the label as the scale writes it, for what follows
        garbled |= bad
        if label is None and not found and (m := _LEVEL_LOOKALIKE.match(rest)):
            label = _LEVEL_OF_LOOKALIKE[m.group(1)]
            garbled |= m.group(1) in _WEAK_LOOKALIKE
            rest = label + rest[len(m.group(1)) :]
        if label is None:
            return found, garbled
        if _NOT_A_LEVEL_AFTER.match(rest, len(label)):
            return found, garbled  # a threshold ("ระดับ A ขึ้นไป") or a count of agencies at a level
        found.append(label)
        joiner = _LEVEL_OR.match(rest, len(label))
        if not joiner:
            return found, garbled
        rest = rest[joiner.end() :]

# (a speck OCR read as a few Latin letters beside the year: "2566 ice")
# (a speck OCR read as a quote or a point before the year: "' 2559")
_YEAR_CELL = re.compile(rf"^\s*(?:['`’‘\".,:;|]\s*)?(?:ปี(?:งบประมาณ)?)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*{YEAR}(?:\s+[a-z]{{1,3}})?\s*$")

_SCORE_CELL = re.compile(r"^\s*([0-9๐-๙]{1,3}\.[0-9๐-๙]{1,2})\s*(?:คะแนน)?\s*$")
# a score cell whose point OCR read as a comma ("80,10": two decimals, no thousands)
_SCORE_CELL_COMMA = re.compile(r"^\s*([0-9๐-๙]{2},[0-9๐-๙]{2})\s*(?:คะแนน)?\s*$")
# two cells of a past-years row OCR read as one, where it saw no gap: the year and the score
# ("2564 80.10"), the score and the level ("80.10 B")
_YEAR_SCORE_CELL = re.compile(rf"^\s*{YEAR}\s+([0-9๐-๙]{{2,3}}\.[0-9๐-๙]{{2}})\s*$")
_SCORE_LEVEL_CELL = re.compile(r"^\s*([0-9๐-๙]{2,3}\.[0-9๐-๙]{2})\s+(\S.{0,30}?)\s*$")


# a cell alone, never after a cue in prose (where 4 and 5 are counts): A read as 4, B as 5
_CELL_LOOKALIKE = {"4": "A", "5": "B"}


def _lookalike_cell(cell: str, score: float | None, year: int) -> str | None:
    """A level cell OCR read as the digit its letter looks like ("8" or "3" for B), read as the
    letter only where the row's score lies in that level's band of the year's scale."""
    m = re.fullmatch(r"\s*([806453])\s*", cell)
    if m is None or score is None:
        return None
    label = lookalike_by_score(cell.strip(), _LEVEL_OF_LOOKALIKE.get(m.group(1)) or _CELL_LOOKALIKE[m.group(1)],
                               score, year)
    return label if label in load_catalog().possible_levels(score, year) else None


def only_level(score: float, year: int) -> str | None:
    """The level the year's scale gives `score`, where it gives one only (per-tool
    conditions aside: from 2567 ผ่าน and ผ่านดี share a range, told apart by the tools)."""
    levels = load_catalog().possible_levels(score, year)
    return next(iter(levels)) if len(levels) == 1 else None


def _partial_label_cell(cell: str, score: float | None, year: int) -> str | None:
    """A level cell OCR read in part ("ง" for สูง), with one letter misread ("บานกลาง") or, a
    Latin label, as one or two Thai letters ("เซ" for C):
    read as the level the year's scale gives the row's score, where that is one level whose
    letters hold the cell's, in order (a dash, no level stated, holds no letter), or that
    is the cell's but for one letter."""
    from normalizers.gazetteer import one_edit, skeleton

    text = cell.strip().strip("“”\"")
    if score is None or not re.fullmatch(r"[\u0e01-\u0e4e]{1,12}", text):
        return None
    label = only_level(score, year)
    if label is None:
        return None
    if re.fullmatch(r"[A-F]{1,2}", label):  # a Latin letter OCR read as one or two Thai ones ("เซ" for C)
        return label if len(text) <= 2 else None
    if len(text) > 4:  # a whole label with one letter misread ("บานกลาง" for ปานกลาง)
        got, want = skeleton(text), skeleton(label)
        return label if len(want) >= 5 and (got == want or one_edit(got, want)) else None
    rest = iter(label)
    return label if all(ch in rest for ch in text) else None


# the header of a table of past years' level column, its ร OCR may lose ("ะดับ")
_LEVEL_HEADER = re.compile(r"\tร?ะดับ\s*$")
_HEADER_REACH = 6  # rows between a row and its table's header


# a level cell OCR emptied, or read as a digit or a bar or two that looks like no level's letter
# ("1" for A; 8, 0, 6, 4, 5, 3 count only inside their letter's band: _lookalike_cell); a dash
# (or its readings "=", "_", "~") is no level stated
_EMPTIED_CELL = re.compile(r"^\s*[1279๑๒๗๙|!]{0,2}\s*$")


def _emptied_label_cell(lines, i: int, cells: list[str], score: float, year: int) -> str | None:
    """The level of a row of a table of past years whose level cell OCR left empty ("2563<tab>
    94.92<tab>", a lone Latin letter lost; a level not stated is a dash): the level the year's
    scale gives the row's score, where that is one level. Only under a header that names a
    level column, with as many cells."""
    if len(cells) < 3 or not _EMPTIED_CELL.match(cells[-1]):
        return None
    for above in reversed(lines[max(0, i - _HEADER_REACH) : i]):
        if _LEVEL_HEADER.search(above.text) and len(above.text.split("\t")) == len(cells):
            return only_level(score, year)
    return None


# a Latin level cell OCR read with a space inside ("A A"): AA spaced, or A read twice
_SPACED_LATIN_CELL = re.compile(r"^\s*([A-F])\s+\1\s*$")


def _spaced_latin_cell(cell: str, score: float, year: int) -> str | None:
    """The one of the two levels a spaced Latin cell may be that the year's scale gives the
    row's score (89.87 in 2565: A, not AA), else None."""
    if (m := _SPACED_LATIN_CELL.match(cell)) is None:
        return None
    label = only_level(score, year)
    return label if label in (m.group(1), m.group(1) * 2) else None


# a score cell whose point OCR read as a space ("๙๕ ๓๔" for ๙๕.๓๔)
_POINT_LOST_CELL = re.compile(r"^\s*([0-9๐-๙]{2}) ([0-9๐-๙]{2})\s*$")


def _point_lost_cell(line: Line, cells: list[str], year: int, labels: list[str]) -> Claim | None:
    """The score of a row of a table of past years whose point OCR lost, read where the
    row's level cell is a level the year's scale gives that score (so the two bear each
    other out; else nothing is read)."""
    for j, cell in enumerate(cells[1:], 1):
        if (m := _POINT_LOST_CELL.match(cell)) is None:
            continue
        v = numbers.parse_score(f"{m.group(1)}.{m.group(2)}")
        stated = [lab for c in cells[j + 1 :] if (lab := label_of_cell(c, labels)) is not None]
        if v is not None and stated and stated[0] in load_catalog().possible_levels(v, year):
            return Claim("overall_score", v, year, "year_table_row_point_lost", 2, line.text, line,
                         span=cell_span(line.text, j, (m.start(1), m.end(2))))
    return None


# a year cell OCR read as its last two digits ("63" for 2563)
_TWO_DIGIT_CELL = re.compile(r"^\s*([0-9๐-๙]{2})\s*$")


def _year_cut_short(lines: list[Line], i: int, cell: str) -> int | None:
    """The year of a row of a table of past years whose year cell OCR cut to its last two
    digits: the year between the rows above and below it (2562 / "63" / 2564), where the
    two digits are that year's; else None (no guess at the table's first or last row)."""
    m = _TWO_DIGIT_CELL.match(cell)
    if m is None or i == 0 or i + 1 >= len(lines):
        return None
    around = [_YEAR_CELL.match(lines[k].text.split("\t")[0]) for k in (i - 1, i + 1)]
    if not all(around) or "\t" not in lines[i - 1].text or "\t" not in lines[i + 1].text:
        return None
    before, after = (_year(y.group(1)) for y in around)
    year = before + 1
    return year if after == year + 1 and year % 100 == _year(m.group(1)) else None


def _split_merged_cells(cells: list[str], labels: list[str]) -> list[str]:
    """A past-years row's cells, where OCR read two as one ("2564 80.10" / "B", "2564" /
    "80.10 B"): split again when the first holds a year and a score, or a score cell holds a
    score and a level label; else as they are."""
    if len(cells) < 2 or len(cells) > 4:
        return cells
    if m := _YEAR_SCORE_CELL.match(cells[0]):
        cells = [m.group(1), m.group(2), *cells[1:]]
    if _YEAR_CELL.match(cells[0]):
        for j, cell in enumerate(cells[1:], 1):
            if (m := _SCORE_LEVEL_CELL.match(cell)) and label_of_cell(m.group(2), labels) is not None:
                return [*cells[:j], m.group(1), m.group(2), *cells[j + 1 :]]
    return cells


def table_claims(doc: Document) -> list[Claim]:
    """Results in a table of past years: a row per year ("2564\t85.20\tB"), or a row
    of years under which a row of scores and one of levels stand."""
    out = []
    labels = level_labels()
    if not re.search(r"ITA|คุณธรรมและความโปร่งใส", doc.text):
        return out
    lines = doc.lines
    for i, line in enumerate(lines):
        cells = _split_merged_cells(line.text.split("\t"), labels)
        if len(cells) < 2:
            continue
        # (cells split again stand where no column is: their values' spans are not known)
        row_span = cell_span if len(cells) == line.text.count("\t") + 1 else (lambda *_: None)
        y = _YEAR_CELL.match(cells[0])
        year = _year(y.group(1)) if y else _year_cut_short(lines, i, cells[0])
        if year is not None:  # one row per year
            score = None
            for j, cell in enumerate(cells[1:], 1):
                if (s := _SCORE_CELL.match(cell) or _SCORE_CELL_COMMA.match(cell)) and (
                        v := numbers.parse_score(s.group(1).replace(",", "."))) is not None:
                    out.append(Claim("overall_score", v, year, "year_table_row", 2, line.text, line,
                                     span=row_span(line.text, j, s.span(1))))
                    score = v
                    break
            else:
                if (c := _point_lost_cell(line, cells, year, labels)) is not None:
                    out.append(c)
                    score = c.value
            for j, cell in enumerate(cells[1:], 1):
                if (label := label_of_cell(cell, labels) or _lookalike_cell(cell, score, year)) is not None:
                    # (a 3 for B is a weaker look-alike than 8: taken as the score's level, weak)
                    weak = label_of_cell(cell, labels) is None and cell.strip() in _WEAK_LOOKALIKE
                    out.append(Claim("level", label, year, "level_from_score" if weak else "year_table_row",
                                     1 if weak else 2, line.text, line, span=row_span(line.text, j)))
                    break
            else:
                if score is not None and ((label := _partial_label_cell(cells[-1], score, year)) is not None or (
                        (label := _emptied_label_cell(lines, i, cells, score, year)) is not None) or (
                        (label := _spaced_latin_cell(cells[-1], score, year)) is not None)):
                    out.append(Claim("level", label, year, "level_from_score", 1, line.text, line,
                                     span=row_span(line.text, len(cells) - 1)))
            continue
        years = [_YEAR_CELL.match(c) for c in cells[1:]]
        if sum(1 for x in years if x) >= 2:  # a header row of years
            for below in lines[i + 1 : i + 4]:
                row = below.text.split("\t")
                if len(row) != len(cells):
                    continue
                for j, (yx, cell) in enumerate(zip(years, row[1:]), 1):
                    if not yx:
                        continue
                    year = _year(yx.group(1))
                    if (s := _SCORE_CELL.match(cell)) and re.search(r"คะแนน|ITA", row[0]):
                        v = numbers.parse_score(s.group(1))
                        if v is not None:
                            out.append(Claim("overall_score", v, year, "year_table_column", 2,
                                             f"{line.text} / {below.text}", below,
                                             span=cell_span(below.text, j, s.span(1))))
                    elif (label := label_of_cell(cell, labels)) is not None and "ระดับ" in row[0]:
                        out.append(Claim("level", label, year, "year_table_column", 2,
                                         f"{line.text} / {below.text}", below, span=cell_span(below.text, j)))
    return out


@dataclass(frozen=True)
class Reading:
    """The value taken for one field of the own year, the claim it came from, and the
    own-year claims that state another value."""

    claim: Claim | None
    conflicts: tuple[Claim, ...] = ()

    @property
    def value(self):
        return self.claim.value if self.claim else None


def own_year(claim: Claim, fy: int | None) -> bool:
    return claim.year is None or claim.year == fy


def choose(claims: list[Claim], fy: int | None) -> Reading:
    """The strongest own-year claim (the first in the document among equals); the other
    strong own-year claims with another value are conflicts, not silently dropped."""
    own = [c for c in claims if own_year(c, fy)]
    if not own:
        return Reading(None)
    best = max(c.strength for c in own)
    chosen = next(c for c in own if c.strength == best)
    conflicts = tuple(
        c for c in own if c.strength == 2 and c.value != chosen.value
        and not (c.field == "rank" and (c.scope, c.scope_raw) != (chosen.scope, chosen.scope_raw))
        and not (c.field == "level" and _passed_words(c.value, chosen.value))
    )
    return Reading(chosen, conflicts)


def _passed_words(a, b) -> bool:
    """"อยู่ในระดับผ่านและบรรลุค่าเป้าหมาย" beside "ระดับ ผ่านดี": ผ่าน is also the word
    "passed", which every passing level is."""
    return {a, b} & {"ผ่าน"} != set() and all(str(x).startswith("ผ่าน") for x in (a, b))


def quoted_conflicts(claims: list[Claim], fy: int | None) -> list[tuple[Claim, ...]]:
    """Claims of one earlier year and one field that state different values (the prose
    says 88.00 for 2565, the table of past years 89.00): each group, the kept one first."""
    out = []
    for year in quoted_years(claims, fy):
        for field in ("overall_score", "level"):
            mine = [c for c in claims if c.year == year and c.field == field]
            if not mine:
                continue
            kept = max(mine, key=lambda c: c.strength)
            other = [c for c in mine if c.value != kept.value and c.strength == 2
                     and not (field == "level" and _passed_words(c.value, kept.value))]
            if other:
                out.append((kept, *other))
    return out


def quoted_years(claims: list[Claim], fy: int | None, back: int = 10) -> list[int]:
    """Earlier years the claims name (at most `back` years before the own)."""
    if fy is None:
        return []
    return sorted({c.year for c in claims if c.year and fy - back <= c.year < fy})

# the framework changed in 2562: a later report that names an index quotes the old
# framework at most, and its numbers are not that year's index scores
LAST_FIVE_INDEX_YEAR = load_catalog().last_five_index_year()

# an overall below this share of the median of the report's other scores (tools,
# indicators, quoted years, indices) is out of line with them: OCR dropped or misread a
# digit (8.83 for 90.28), or another number was taken
FAR_BELOW_SHARE = 0.6

# ITA overall scores are printed with two digits before the point (or 100.00); a result
# under 10 is a digit lost more likely than a result
FEWEST_PLAUSIBLE = 10.0


def level_fits(value: float, level: str | None, fy: int | None, tools: dict[str, float]) -> bool:
    """Whether the stated level is the one the year's scale gives `value` (so the two,
    read apart, bear each other out)."""
    if level is None or fy is None:
        return False
    cat = load_catalog()
    return level == cat.level_for(value, fy, tools) or level in cat.possible_levels(value, fy)


def implausible_overall(value: float, others: list[float]) -> str | None:
    """Why an overall score that nothing corroborates is unlikely given the report's
    other scores, or None."""
    if value < FEWEST_PLAUSIBLE:
        return f"fewer than two digits before the point ({value:g}): a digit lost?"
    if others and value < FAR_BELOW_SHARE * (middle := statistics.median(others)):
        return f"{value:g} is far below the report's other scores (median {middle:g})"
    return None
