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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from normalizers import agencies, numbers, thai
from pipeline.segment import Document, Line
from pipeline.valuebox import cell_span
from schemas.catalog import IndexDef, load_catalog, pre_2562

_DATA = Path(__file__).resolve().parents[1] / "data" / "statements.json"


@lru_cache(maxsize=None)
def _words() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
    span: tuple[int, int] | None = None  # where in line.text the value was read (None: not known)


IsOther = Callable[[agencies.Agency], bool]  # is this mention another agency than the document's?

_D = "[0-9๐-๙]"
_YEAR = f"([๒2][๕5]{_D}{{2}})"
# (พ.ศ. as OCR may read it: "ปี wa. ๒๕๖๔")
_YEAR_NAMED = re.compile(rf"(?:พ\s?\.\s?ศ\s?\.|ปี|ปีงบประมาณ)\s*(?:พ\s?\.\s?ศ\s?\.|[^\s0-9๐-๙]{{1,3}}\.)?\s*{_YEAR}(?!{_D})")
_SCORE = re.compile(r"(?<![0-9๐-๙.,/])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙/]|[.,][0-9๐-๙])")
# what may follow a score: its unit, a level, the rest of the sentence
_AFTER_SCORE = re.compile(
    r"\s*(?:คะแนน(?!ขึ้นไป)|อยู่ใน|ระดับ|ถือ|ซึ่ง|และ|เป็น|จาก|ผ่าน|[,)]|$)"
)
# OCR puts spaces inside words ("ผลการประ เมิน"): the cue words allow one
_OVERALL_CUE = re.compile(r"I\s?T\s?A|ภาพรวม|ผลคะแนนการประ\s?เมิน|ผลการประ\s?เ\s?มิ\s?น|ไอ\s?ที\s?เอ")
# what names the ITA after a score ("ทำคะแนนได้ 94.04 คะแนน ในการประเมินคุณธรรมและความโปร่งใส (ITA)")
_OVERALL_AFTER = re.compile(_OVERALL_CUE.pattern + r"|ประ\s?เมินคุณธรรม")
_SCORE_CUE = re.compile(
    r"มี\s*(?:ผล)?คะแนน|ได้รับคะแนน|ได้คะแนน|ได้ผล(?=\s*$)|คะแนนรวม|ผลคะแนน|ทำคะแนนได้|ด้วยคะแนน(?:เฉลี่ย)?|"
    r"คะแนนที่ได้|คะแนน(?=\s*(?:ITA\s*)?(?:เท่ากับ|อยู่ที่)?\s*(?:ร้อยละ)?\s*$)|ได้(?=\s*$)"
)
# a tool, an indicator, a threshold, a rank, a share between the cue and the number
_NOT_OVERALL_FIXED = (
    r"IIT|EIT|OIT|ตัวชี้วัด|เครื่องมือ|แบบวัด|แบบตรวจ|ส่วนที่|น้อยกว่า|มากกว่า|ไม่ต่ำกว่า|ลำดับ|"
    r"ร้อยละ(?!\s*$)"
)
_CUE_WINDOW = 90  # characters before a number searched for its cue


@lru_cache(maxsize=None)
def _not_overall() -> re.Pattern[str]:
    return re.compile(_NOT_OVERALL_FIXED + "|" + _alt(_words()["not_own_score"]))


# the country's result named shortly before a number, whatever cue follows it
_NATIONAL_WINDOW = 45


@lru_cache(maxsize=None)
def _national() -> re.Pattern[str]:
    return re.compile(_alt(_words()["national"]))


@lru_cache(maxsize=None)
def _earlier() -> re.Pattern[str]:
    return re.compile(_alt(_words()["earlier_year"]))


@lru_cache(maxsize=None)
def _own_year_words() -> re.Pattern[str]:
    return re.compile(_alt(_words()["own_year"]))


@lru_cache(maxsize=None)
def _other_agency_words() -> re.Pattern[str]:
    return re.compile(_alt(_words()["other_agency"]))


def _year(text: str) -> int:
    return int(numbers.to_arabic_digits(text))


# a year a result is stated for is one the ITA graded or the few around it; Tesseract
# reads ๒๕๖๗ as ๒๕๒๕, which no statement is about (and `reports` does not take)
FISCAL_YEARS = range(2550, 2601)


def plausible_fiscal_year(year: int | None) -> bool:
    return year is not None and year in FISCAL_YEARS


_YEAR_LEADS_LINE = re.compile(rf"\s*[^\s0-9๐-๙]{{0,2}}\s*{_YEAR}(?!{_D})")


_SPECK_CELL = re.compile(r"\t(?![A-Z]{1,2}\s*(?:\t|$))[^\t0-9๐-๙]{1,2}(?=\t|$)")
_PROSE_CELL = 20


def without_specks(text: str) -> str:
    """A line of prose that OCR gave a cell of specks at its end ("… ระดับ A<tab>น"):
    the specks dropped, so that it reads as prose, not as a table row."""
    if "\t" not in text or len(text.split("\t", 1)[0]) < _PROSE_CELL:
        return text  # a table's row: its cells are short
    cleaned = _SPECK_CELL.sub("", text).rstrip()
    return cleaned if "\t" not in cleaned else text


def words_around(text: str, start: int, end: int) -> str:
    """The words a value was read from: its clause, cut to a readable length."""
    return text[max(0, start - 80) : end + 30].strip()


def claim_year(text: str, start: int, end: int, fy: int | None) -> int | None:
    """The year the words around a value name for it: a year right after it ("77.57
    คะแนน ในปี 2560"), "ปีนี้" (own), "จากเดิม / ปีที่แล้ว" (the year before), else the last
    year named before it in the line. None: no year named (the document's own)."""
    after = re.match(
        rf"\s*(?:คะแนน)?\s*\)?\s*\(?\s*(?:ใน|เมื่อ|ของ)?\s*(?:ปี|ประจำปี)\s*(?:งบประมาณ)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*{_YEAR}",
        text[end : end + 40],
    )
    if after and plausible_fiscal_year(_year(after.group(1))):
        return _year(after.group(1))
    before = text[max(0, start - 30) : start]
    if _own_year_words().search(before):
        return None
    if _earlier().search(before) and not _YEAR_NAMED.search(before):
        return fy - 1 if fy else -1  # -1: an earlier year whose number is not known
    years = [y for m in _YEAR_NAMED.finditer(text, 0, start) if plausible_fiscal_year(y := _year(m.group(1)))]
    if years:
        return years[-1]
    # a line of a list of past results whose ปี OCR misread ("รี๒๕๖๓ดั้๗๗.๓๑ คะแนน")
    lead = _YEAR_LEADS_LINE.match(text, 0, start)
    return _year(lead.group(1)) if lead and plausible_fiscal_year(_year(lead.group(1))) else None


def _is_list_marker_or_counter(text: str, m: re.Match) -> bool:
    """'1)' '๑.' at the start of a line or item, a page counter ('หน้า 1/3', '- 2 -')."""
    before = text[: m.start()]
    if (len(m.group(1)) <= 2 and re.search(r"(?:^|\s)$", before)
            and re.match(r"[.)]\s*\S", text[m.end() :]) and "(" not in before[-6:]):
        return True  # "1) ดัชนี…", "๒. ผล…"
    if text[m.end() : m.end() + 1] == ")" and "(" not in before[-12:]:
        return True  # "1)" with no "(" opened before it
    if re.search(r"หน้า\s*(?:ที่)?\s*$|-\s*$", before):
        return True
    return False


def _overall_strength(context: str, line: str) -> tuple[int, str]:
    """(strength, rule) of the number after `context` as the overall score: 2 = named
    as the ITA / overall result, 1 = "a score" with nothing else named, 0 = not it."""
    window = context[-_CUE_WINDOW:]
    cues = [m for r in (_OVERALL_CUE, _SCORE_CUE) for m in r.finditer(window)]
    if not cues:
        return 0, ""
    last = max(cues, key=lambda m: m.end())
    if _not_overall().search(window[last.end() :]):
        return 0, ""
    in_line = window[window.rfind("\n") + 1 :]
    if _national().search(in_line[-_NATIONAL_WINDOW:]):
        return 0, ""  # "ผลการประเมินภาพรวมระดับประเทศ โดยมีคะแนนเฉลี่ยภาพรวม ๘๑.๒๕": the country's
    if "\t" in line:  # a table row: its first cell must say "overall"
        first_cell = line.split("\t", 1)[0]
        if _not_overall().search(first_cell) or not re.search(r"ภาพรวม|คะแนนรวม|ITA", first_cell):
            return 0, ""
        return 2, "table_overall_row"
    strong = [c for c in cues if c.re is _OVERALL_CUE and c.end() <= last.start()]
    if last.re is _SCORE_CUE:
        since = max((c.end() for c in strong), default=0)
        if re.search(_NOT_OVERALL_FIXED, window[since : last.start()]):
            return 0, ""  # "(IIT) … คะแนนรวม ๘๙.๔๙": a tool's total
        line_start = max(since, window.rfind("\n", 0, last.start()) + 1)
        if _not_overall().search(window[line_start : last.start()]):
            return 0, ""  # "ค่าเฉลี่ยระดับประเทศ … ได้ 87.55": in this line, not the line before
    if strong or last.re is _OVERALL_CUE:
        return 2, "named_overall"
    return 1, "score_cue_only"


def another_agency_before(text: str) -> bool:
    """Whether the words right before a name say it is another agency ("รองลงมาคือ",
    "ได้แก่", "สำหรับในอำเภอเดียวกัน")."""
    return bool(_other_agency_words().search(text[-25:]))


def _other_agency_before(text: str, pos: int, is_other: IsOther | None) -> bool:
    """Whether the words just before `pos` speak of another agency ("รองลงมาคือ
    เทศบาลตำบลหนองแก ได้ 95.99 คะแนน")."""
    window = text[max(0, pos - 70) : pos]
    if is_other is not None:
        found = agencies.find_agencies(window)
        if found:
            return is_other(found[-1])
    return bool(_other_agency_words().search(window))


def overall_claims(doc: Document, fy: int | None, is_other: IsOther | None = None) -> list[Claim]:
    out = []
    previous = ""
    # a number the index reader takes for one of the five indices' scores (2557-2561) is
    # not the overall, whatever cue follows it ("… 78.01 อยู่ในระดับสูง" / "ผลการประเมิน…")
    index_scores = {(id(c.line), c.score) for c in index_claims(doc, fy)}
    for i, line in enumerate(doc.lines):
        text = without_specks(line.text)
        following = doc.lines[i + 1].text if i + 1 < len(doc.lines) else ""
        unreadable = numbers.unreadable_scores(text)  # "ITA ๙๒ ๘๒ คะแนน" (point lost): not 82
        for m in _SCORE.finditer(text):
            if not _AFTER_SCORE.match(text, m.end()) or _is_list_marker_or_counter(text, m):
                continue
            if any(a <= m.start() < b for a, b, _ in unreadable):
                continue
            if "." not in m.group(1) and not re.match(r"\s*คะแนน", text[m.end() :]):
                continue  # a whole number is a score only when called one
            if len(m.group(1)) == 1:
                continue  # "ได9คะแนน๙๔.๔๗": a letter OCR read as a digit, not a one-digit score
            # a line that names its year before the number starts its own statement: a tool
            # named in the line before (a list of the tools) does not make it a tool's score
            own_statement = _YEAR_NAMED.search(text, 0, m.start()) and re.search(_NOT_OVERALL_FIXED, previous)
            before = text[: m.start()] if own_statement else previous + "\n" + text[: m.start()]
            strength, rule = _overall_strength(before, text)
            if strength == 1 and _OVERALL_AFTER.search((text[m.end() :] + " " + following)[:80]):
                strength, rule = 2, "named_overall_after"  # "ทำคะแนนได้ 91.57 คะแนน ในการประเมิน … (ITA)"
            value = numbers.parse_score(m.group(1))
            if not strength or value is None or _other_agency_before(text, m.start(), is_other):
                continue
            if (id(line), value) in index_scores:
                continue
            out.append(Claim("overall_score", value, claim_year(text, m.start(), m.end(), fy), rule,
                             strength, words_around(text, m.start(), m.end()), line, span=m.span(1)))
        previous = text
    return out + [c for c in table_claims(doc) if c.field == "overall_score"]


# ---------------------------------------------------------------- levels


def level_labels(scale_year: int | None = None) -> list[str]:
    cat = load_catalog()
    labels = {lab for fy in cat.years if fy > LAST_FIVE_INDEX_YEAR for lab in cat.level_labels(fy)}
    labels.add("ไม่ผ่าน")  # said of a 2566 result below 85, where the catalog knows no label
    if scale_year is None or scale_year <= LAST_FIVE_INDEX_YEAR:
        labels |= _pre_2562()
    return sorted(labels, key=len, reverse=True)  # longest first: ผ่านดีเยี่ยม before ผ่าน


_LEVEL_CUE = re.compile(
    r"(?:ระดับผลการประเมิน|ระดับการประเมิน|อยู่ในระดับ|ผลการประเมินระดับ|คว้าระดับ|ได้รับระดับ|ได้ระดับ|"
    r"ผ่านการประเมินในระดับ|ผ่านการประเมินระดับ|ในระดับ(?!ผล|การ)|(?:(?<=[0-9๐-๙])|(?<=คะแนน)|(?<=ITA)|(?<=[()]))\s*ระดับ(?!ผล|การ))"
    r"\s*[:.]?\s*(?:คือ)?\s*[“\"'‘]?"  # (":" or a speck OCR read as ".")
)
def _pre_2562() -> set[str]:
    return {b["label"] for b in pre_2562()["levels"]}  # สูง is not สูงสุด, ต่ำ not ต่ำกว่า


_LEVEL_OR = re.compile(r"\s*(?:หรือ|/)\s*")
_LEVEL_LOOKALIKE = re.compile(r"([806])(?![0-9๐-๙.,/A-Za-z])")
_LEVEL_OF_LOOKALIKE = {"8": "B", "0": "D", "6": "C"}  # Tesseract's Thai reads B, D, C so
_TOOL_NAMED = re.compile(r"IIT|EIT|OIT|ตัวชี้วัด|ดัชนี|เครื่องมือ|แบบวัด|แบบตรวจ")
_LONGEST_LABEL = 25  # ต้องปรับปรุงโดยด่วน and some room
_LEVEL_CUE_CHARS = 18  # the longest level cue (ระดับผลการประเมิน), for cues cut by a line break
_NOT_A_LEVEL_AFTER = re.compile(r"\s*(?:ขึ้นไป|จำนวน|มีเพียง|มีจำนวน|[0-9๐-๙]+\s*(?:หน่วยงาน|แห่ง))")


def _names_a_part(before: str, in_line: str, previous: str) -> bool:
    """Whether the words before a level cue name a tool or an index (in this line, with
    no overall cue after it; or on the line before, when this line only goes on with
    "ได้คะแนน …")."""
    window = before[-60:]
    part = None
    for part in _TOOL_NAMED.finditer(window):
        pass
    if part is not None and not _OVERALL_CUE.search(window[part.end() :]):
        return True
    if re.match(r"\s*(?:ได้)?คะแนน", in_line) and _TOOL_NAMED.search(previous) and not _OVERALL_CUE.search(previous):
        return True
    return False


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
    return next((lab for lab in labels if len(text) == len(lab) and _label_at(text, lab)), None)


def labels_at(rest: str, labels: list[str]) -> list[str]:
    """Level labels at the start of `rest`, with alternatives joined by หรือ or /."""
    found = []
    while True:
        label = next(
            (lab for lab in labels
             if _label_at(rest, lab) and not re.match(r"[A-Za-z]", rest[len(lab) : len(lab) + 1])
             and not (lab in _pre_2562() and re.match(r"[\u0e01-\u0e4e]", rest[len(lab) : len(lab) + 1]))),
            None,
        )
        if label is None and not found and (m := _LEVEL_LOOKALIKE.match(rest)):
            label = _LEVEL_OF_LOOKALIKE[m.group(1)]
            rest = label + rest[1:]
        if label is None:
            return found
        if _NOT_A_LEVEL_AFTER.match(rest, len(label)):
            return found  # a threshold ("ระดับ A ขึ้นไป") or a count of agencies at a level
        found.append(label)
        joiner = _LEVEL_OR.match(rest, len(label))
        if not joiner:
            return found
        rest = rest[joiner.end() :]


def level_claims(doc: Document, fy: int | None, is_other: IsOther | None = None) -> list[Claim]:
    """Every level a cue states, with the year its words name. Of alternatives ("A หรือ
    ผ่าน") the one on that year's scale."""
    out = []
    for i, line in enumerate(doc.lines):
        # a cue cut by a line break ("… ๘๙.๔๙ คะแนน อยู่" / "ในระดับ A"): read with the
        # end of the line before; a cue wholly on that line was read there
        tail = doc.lines[i - 1].text.rstrip()[-_LEVEL_CUE_CHARS:] if i else ""
        text = tail + line.text
        for cue in _LEVEL_CUE.finditer(text):
            if cue.end() <= len(tail):
                continue
            bare = cue.group().lstrip().startswith("ระดับ") and not re.match(r"ระดับ(?:ผล|การ)", cue.group().lstrip())
            if bare and "\t" in without_specks(line.text):
                continue
            if _names_a_part(text[: cue.start()], line.text[: max(0, cue.start() - len(tail))],
                             doc.lines[i - 1].text if i else ""):
                continue  # "IIT 89.49 ระดับ A", "ดัชนีความโปร่งใส / ได้คะแนน … อยู่ในระดับสูงมาก": a part's
            at = cue.start() - len(tail)  # the line's own words name the year (a list's "ปี 2563 …")
            year = claim_year(line.text, at, at, fy) if at >= 0 else claim_year(text, cue.start(), cue.start(), fy)
            scale_year = year if year and year > 0 else fy
            rest = text[cue.end() :].lstrip("\t :")
            labels = level_labels(scale_year)
            found = labels_at(rest, labels)
            if len(rest) < _LONGEST_LABEL and "\t" not in rest and i + 1 < len(doc.lines):
                # a label wrapped onto the next line (ต้อง / ปรับปรุง)
                wrapped = labels_at(rest + doc.lines[i + 1].text, labels)
                if wrapped and (not found or len(wrapped[0]) > len(found[0])):
                    found = wrapped
            if not found or _other_agency_before(text, cue.start(), is_other):
                continue
            valid = set(load_catalog().level_labels(scale_year)) if scale_year else set()
            label = next((lab for lab in found if lab in valid), found[0])
            strength = 2 if (not valid or label in valid) else 1
            at = len(text) - len(rest) - len(tail)  # the label's place in line.text
            out.append(Claim("level", label, year, "level_cue", strength,
                             words_around(text, cue.start(), cue.end() + len(label)), line,
                             span=(at, at + len(label)) if at >= 0 and rest.startswith(label) else None))
    return out + [c for c in table_claims(doc) if c.field == "level"]


# ---------------------------------------------------------------- ranks

_RANK = re.compile(
    r"(?:อันดับ|ลำดับ)\s*(?:ุ?ท[ีิ]่?)?\s*([0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*)"  # ที่ as OCR reads it (ุที, ทิ)
    r"(?:\s*จาก(?:ทั้งหมด)?\s*([0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*)\s*(?:หน่วยงาน|แห่ง|อปท\.?)?)?"
)
# "… อันดับ 2 ของอำเภอ และ 76 ของจังหวัด": a second rank in another group
_RANK_AND = re.compile(r"\s*(?:และ|,)\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)?\s*(?:ที่)?\s*([0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*)\s*(?=ของ|ใน)")
_RANK_CONTEXT = re.compile(
    r"ผลการประเมิน|อยู่ใน(?:ลำดับ|อันดับ)|ได้(?:ลำดับ|อันดับ)|เป็น(?:ลำดับ|อันดับ)|คว้า|ติดอันดับ|ITA|คะแนน"
)
# a rank phrase cut by a line break: the rank, or its group, is on the next line
# a rank phrase cut by a line break: the line ends inside it, before the rank's number,
# its total, its group, or a second rank after "และ"
_RANK_CUT = re.compile(
    r"(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*(?:[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:(?:ของ|ใน|จาก)\s*(?:[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*"
    r"(?:หน่วยงาน|แห่ง)?\s*)?)?)?$"
    r"|(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*[0-9๐-๙].{0,60}(?:และ|,)\s*(?:เป็น)?\s*$"
)
# a rank on a line of its own, with its group: a statement of the document's result
# ("อันดับที่ 14 จาก 26 หน่วยงานประเภท…" under the score); a ranked list's "ลำดับที่ 1
# การเปิดเผยข้อมูล" names no group
_RANK_ALONE = re.compile(
    r"\s*(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:จาก\s*[0-9๐-๙]|(?:ของ|ใน)\s*(?:ประเทศ|จังหวัด|อำเภอ|"
    r"หน่วยงาน|กลุ่ม))"
)
# the next line goes on with the rank phrase: its total or group, or a second rank
_RANK_GOES_ON = re.compile(r"\s*(?:จาก|ของ|ใน(?!ปี)|หน่วยงาน|ประเภท|กลุ่ม|สังกัด|[0-9๐-๙])")
_FROM_MISREAD = re.compile(
    r"((?:อันดับ|ลำดับ)\s*(?:ุ?ท[ีิ]่?)?\s*[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*)\s+([A-Za-z]{2,4})\s+"
    r"(?=[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:หน่วยงาน|แห่ง))"
)
# "อันดับที่ ๓๐ จาก Ke หน่วยงาน": the group's total is there, OCR left no digit of it
_TOTAL_UNREAD = re.compile(r"\s*จาก\s*(?:ทั้งหมด)?\s*([^\s0-9๐-๙]{1,4})\s*(?:หน่วยงาน|แห่ง)")
_NEXT_RANK = re.compile(r"\s*(?:และ|,)\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)")
_SCOPE = re.compile(r"\s*(?:ของ|ใน|จาก)?\s*(?:ทั้ง)?([^\s,()]{2,40}(?:\s(?!และ)[^\s,()0-9๐-๙]{2,30})?)")


def _scope(raw: str | None) -> str | None:
    if not raw:
        return None
    squeezed = re.sub(r"\s+", "", raw)
    # the word that comes first says what the group is: "หน่วยงานประเภทองค์การบริหารส่วน
    # จังหวัด" is a type of agency (ประเภท), not a province; "ของจังหวัด…" a province
    hits = [(squeezed.find(w), scope) for scope, words in _words()["rank_scopes"].items()
            for w in words if w in squeezed]
    return min(hits)[1] if hits else None


def _scope_after(text: str, pos: int, total_group: str | None) -> tuple[str | None, str | None, int]:
    """(scope, the group's words, where they end) of the words after a rank."""
    if speck := re.compile(r"\s*[,.](?=\s*(?:ของ|ใน))").match(text, pos):
        pos = speck.end()  # "อันดับ 1, ของอำเภอ": a speck OCR read as a comma
    m = _SCOPE.match(text, pos)
    raw, end = None, pos
    if m and re.match(r"\s*(?:ของ|ใน|จาก)", text[pos:]) and not re.match(r"(?:และ|ได้|ด้วย|คะแนน)", m.group(1)):
        raw, end = m.group(1).strip(), m.end()
    raw = raw or total_group
    return _scope(raw), raw, end


def rank_claims(doc: Document, fy: int | None, is_other: IsOther | None = None) -> list[Claim]:
    """Each rank stated, with its group ("อันดับที่ 14 จาก 26 หน่วยงานสังกัด…": of 26;
    "ของประเทศ": the country; "ของอำเภอ", "ของจังหวัด")."""
    out = []
    joined_next = False
    for i, line in enumerate(doc.lines):
        if joined_next:  # read with the line before
            joined_next = False
            continue
        text = without_specks(line.text)
        before = doc.lines[i - 1].text[-20:] if i else ""  # "… และเป็น" / "อันดับที่ 2,441 ของประเทศ"
        if "\t" in text:
            continue
        if not _RANK_CONTEXT.search(before + text) and not (_RANK_ALONE.match(text) and _RANK_CONTEXT.search(doc.text)):
            continue
        if _RANK_CUT.search(text) and i + 1 < len(doc.lines) and "\t" not in doc.lines[i + 1].text \
                and (re.search(r"(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*$|(?:ของ|ใน|จาก|และ|เป็น)\s*$", text)
                     or _RANK_GOES_ON.match(doc.lines[i + 1].text)):
            text += " " + doc.lines[i + 1].text  # "… และเป็นอันดับที่" / "5,543 ของประเทศ"
            joined_next = True
        # "อันดับที่ ๔,๐๐๓ VIN ๕,๓๐๐ หน่วยงาน": OCR turned จาก into Latin letters; the
        # total and its group are read, and the reading is flagged
        misread_from = [m.group(2) for m in _FROM_MISREAD.finditer(text)]
        text = _FROM_MISREAD.sub(r"\1 จาก ", text)
        consumed = 0
        for m in _RANK.finditer(text):
            if m.start() < consumed:
                continue
            rank = numbers.parse_rank(m.group(1))
            if rank is None or _other_agency_before(text, m.start(), is_other):
                continue
            if re.search(r"ได้แก่|คือ", text[m.end() : m.end() + 30]):
                continue  # "อันดับ 1 (ของจังหวัด) ได้แก่ …": another agency's place
            total = numbers.parse_rank(m.group(2)) if m.group(2) else None
            # the group's words end where the next rank begins, also where a wrapped line
            # was joined without a space ("…ส่วนตำบลและเป็นอันดับที่ …")
            nxt = _NEXT_RANK.search(text, m.end())
            upto = text[: nxt.start()] if nxt else text
            group_after_total = None
            if m.group(2):
                # the group's words up to the next clause; OCR may split them ("หน่วยงา นประเภท…")
                words = re.split(r"\s+และ|[,()]", upto[m.end() : m.end() + 40])[0].strip()
                group_after_total = words if len(words) >= 2 and not re.match(r"และ|ได้|ด้วย", words) else None
            scope, raw, pos = _scope_after(upto, m.end(), group_after_total)
            if total and scope is None and raw is None:
                raw = f"จาก {total}"
            lost = None if m.group(2) else _TOTAL_UNREAD.match(text, m.end())
            year = claim_year(text, m.start(), m.end(), fy)
            out.append(Claim("rank", rank, year, "rank_cue", 2, words_around(text, m.start(), m.end()), line,
                             rank_of=total, scope=scope, scope_raw=raw,
                             unreadable=f"จาก {lost.group(1)}" if lost else (
                                 f"'{misread_from[0]}' read as จาก" if misread_from and total else None),
                             span=m.span(1) if m.end(1) <= len(line.text) else None))
            while (more := _RANK_AND.match(text, pos)) is not None:
                r2 = numbers.parse_rank(more.group(1))
                s2, raw2, end = _scope_after(text, more.end(), None)
                if r2 is None or raw2 is None:
                    break
                out.append(Claim("rank", r2, year, "rank_and", 2, words_around(text, more.start(), end),
                                 line, scope=s2, scope_raw=raw2,
                                 span=more.span(1) if more.end(1) <= len(line.text) else None))
                pos = end
            consumed = pos
    return out


# ---------------------------------------------------------------- tables of results by year

_YEAR_CELL = re.compile(rf"^\s*(?:ปี(?:งบประมาณ)?)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*{_YEAR}\s*$")
_SCORE_CELL = re.compile(r"^\s*([0-9๐-๙]{1,3}\.[0-9๐-๙]{1,2})\s*(?:คะแนน)?\s*$")


def table_claims(doc: Document) -> list[Claim]:
    """Results in a table of past years: a row per year ("2564\t85.20\tB"), or a row
    of years under which a row of scores and one of levels stand."""
    out = []
    labels = level_labels()
    if not re.search(r"ITA|คุณธรรมและความโปร่งใส", doc.text):
        return out
    lines = doc.lines
    for i, line in enumerate(lines):
        cells = line.text.split("\t")
        if len(cells) < 2:
            continue
        y = _YEAR_CELL.match(cells[0])
        if y:  # one row per year
            year = _year(y.group(1))
            for j, cell in enumerate(cells[1:], 1):
                if (s := _SCORE_CELL.match(cell)) and (v := numbers.parse_score(s.group(1))) is not None:
                    out.append(Claim("overall_score", v, year, "year_table_row", 2, line.text, line,
                                     span=cell_span(line.text, j, s.span(1))))
                    break
            for j, cell in enumerate(cells[1:], 1):
                if (label := label_of_cell(cell, labels)) is not None:
                    out.append(Claim("level", label, year, "year_table_row", 2, line.text, line,
                                     span=cell_span(line.text, j)))
                    break
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


# ---------------------------------------------------------------- choosing


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


# ---------------------------------------------------------------- the indices before 2562


def _letters(text: str) -> str:
    return re.sub(r"[^\u0e01-\u0e4e]", "", text)


@dataclass(frozen=True)
class IndexClaim:
    number: int
    name_raw: str
    score: float | None
    level: str | None
    year: int | None
    line: Line
    span: tuple[int, int] | None = None  # where in line.text the score was read


# the framework changed in 2562: a later report that names an index quotes the old
# framework at most, and its numbers are not that year's index scores
LAST_FIVE_INDEX_YEAR = load_catalog().last_five_index_year()
_INDEX_NUMBER = re.compile(r"(?<![0-9๐-๙.,/])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙]|[.,/][0-9๐-๙])")
# a number is an index's score where its context says so: a score word before it, a
# level or คะแนน after it, or a table cell of its own ("๔ ตัวชี้วัด", "ตัวชี้วัดที่ ๑.๑" are not)
_INDEX_SCORE_BEFORE = re.compile(r"(?:คะแนน|ร้อยละ|เท่ากับ|ได้)[^0-9๐-๙\t]{0,12}$")
_INDEX_SCORE_AFTER = re.compile(r"\s*(?:คะแนน|%|อยู่ใน|ระดับ)")
# a short name without ดัชนี ("ความโปร่งใส") is an index only where a list item or a
# table cell starts with it: "คุณธรรมและความโปร่งใส" in a title names no index
_ITEM_START = re.compile(r"(?:^|\t)\W*(?:[0-9๐-๙]{1,2}\W{0,3})?\s*$")
_NEXT_LINE_MAX = 80  # a score on the line after the name stands on a short line of its own


def _index_named(text: str) -> tuple[IndexDef, int] | None:
    """The index a line names and the position in `text` just after the name."""
    indices = load_catalog().indices()
    key = _letters(thai.normalize(text))
    for ix in indices:
        at = key.find(_letters(ix.name_th))
        if at >= 0:
            return ix, _after_letters(text, at + len(_letters(ix.name_th)))
    for ix in indices:
        for alias in sorted(ix.aliases, key=len, reverse=True):
            for m in re.finditer(re.escape(alias), text):
                if _ITEM_START.search(text[: m.start()]):
                    return ix, m.end()
    return None


def _after_letters(text: str, n_letters: int) -> int:
    """The position in `text` after its first `n_letters` Thai letters."""
    seen = 0
    for i, ch in enumerate(text):
        if "\u0e01" <= ch <= "\u0e4e":
            seen += 1
            if seen == n_letters:
                return i + 1
    return len(text)


def _index_score_and_level(rest: str, labels: list[str], following: str = "") -> tuple[float, str | None, int] | None:
    """(score, level, where the score starts) in `rest`; `following`, the next line, may
    hold the rest of a level label wrapped at the line's end (สูง / มาก)."""
    for m in _INDEX_NUMBER.finditer(rest):
        before = rest[: m.start()]
        cell = re.search(r"(?:^|\t)\s*$", before) and re.match(r"\s*(?:\t|$)", rest[m.end():])
        if not (cell or _INDEX_SCORE_BEFORE.search(before) or _INDEX_SCORE_AFTER.match(rest, m.end())):
            continue
        value = numbers.parse_score(m.group(1))
        if value is None:
            continue
        after = rest[m.end():]
        lv = re.match(r"[^0-9๐-๙]{0,30}?(?:ระดับ|\t)\s*[“\"']?", after)
        found = labels_at(after[lv.end():], labels) if lv else []
        if lv and following and len(after[lv.end():].strip()) < _LONGEST_LABEL and "\t" not in after:
            wrapped = labels_at(after[lv.end():].strip() + following.strip(), labels)
            if wrapped and (not found or len(wrapped[0]) > len(found[0])):
                found = wrapped
        return value, (found[0] if found else None), m.start()
    return None


def index_claims(doc: Document, fy: int | None) -> list[IndexClaim]:
    """Scores of the five indices of the 2557-2561 framework, as a list ("๑) ดัชนีความโปร่งใส"
    with "ได้คะแนนเท่ากับร้อยละ 87.62 อยู่ในระดับสูงมาก" on the same or the next line) or as
    table rows ("ดัชนีความโปร่งใส <tab> 87.62 <tab> สูงมาก"); none for a report of 2562 or
    later (it can only quote the old framework)."""
    if fy is not None and fy > LAST_FIVE_INDEX_YEAR:
        return []
    labels = level_labels(LAST_FIVE_INDEX_YEAR)
    out = []
    lines = doc.lines
    for i, line in enumerate(lines):
        hit = _index_named(line.text)
        if hit is None:
            continue
        ix, end = hit
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        after_next = lines[i + 2].text if i + 2 < len(lines) else ""
        at, text, start = line, line.text, end
        read = _index_score_and_level(line.text[end:], labels, "" if _index_named(nxt) else nxt)
        if read is None and nxt and len(nxt) <= _NEXT_LINE_MAX and _index_named(nxt) is None:
            at, text, start = lines[i + 1], nxt, 0
            read = _index_score_and_level(text, labels, "" if _index_named(after_next) else after_next)
        if read is None:
            continue
        score, level, pos = read
        number = _INDEX_NUMBER.match(text, start + pos)
        out.append(IndexClaim(ix.number, ix.name_th, score, level,
                              claim_year(text, start + pos, start + pos, fy), at,
                              span=number.span(1) if number else None))
    return out


# ---------------------------------------------------------------- plausibility

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
