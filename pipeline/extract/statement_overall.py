"""Overall scores as statements give them (pipeline/extract/statements.py has the shared Claim):
a number after a score cue, its strength by its context, and the numbers that are not the
agency's overall score: national averages, other agencies' scores, list markers, counters,
index scores, earlier years.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from normalizers import numbers
from pipeline.extract.statement_indices import index_claims
from pipeline.extract.statements import (
    _PROSE_CELL, FEWEST_PLAUSIBLE, LIST_ITEM_YEAR, OVERALL_CUE, SCORE, THAI_LETTER, YEAR, YEAR_NAMED, Claim, _words, alt, claim_year,
    level_labels, mend_years, names_unreadable_year, not_own_score, other_agency_before, own_year_or_none, spaced,
    table_claims, without_specks, words_around,
)
from pipeline.segment import Document, running_lines

if TYPE_CHECKING:
    from pipeline.extract.statements import IsOther

# the unit after a score, with a tone mark OCR put on a letter ("87.80คะแน่น", "93.20ค่ะแนน"), its ค
# read as ด ("84.10 ดะแนน"), a speck under its ค read as a lower vowel ("86.83 คุะแนน")
# or a space inside it ("83.37 คะ แนน")
_POINTS = "[คด][\u0e38\u0e39]?[\u0e48\u0e49]? ?ะ ?แ[\u0e48\u0e49]? ?น[\u0e48\u0e49]? ?น"

# what may follow a score: its unit, a level, the rest of the sentence
_AFTER_SCORE = re.compile(
    # (ซึง: OCR lost the tone; "๗๑.๓๖ร ะดับ": ระดับ split by OCR; "เด้วยคะแนน๙๐.๕๗ F": a speck
    # read as a letter ends the line)
    rf"\s*(?:{_POINTS}(?!ขึ้นไป)|อยู่ใน|ร\s?ะดับ|{spaced('ระดับ')}|ถือ|ซึ่?ง|และ|เป็น|จาก|ผ่าน|[,)]|[A-Za-z]\s*$|$"
    # (ระดับ read as Latin capitals before its label: "คะแนน ๘๐.๔๐ IHU ต้อง")
    r"|(?!ITA|IIT|EIT|OIT)[A-Z]{2,4}\s+(?=[\u0e01-\u0e4e]|[A-F]{1,2}(?![A-Za-z]))"
    # (a speck OCR read as a short run of small Latin letters before the unit: "๘๒.๖๗ oes คะแนน")
    rf"|[a-z]{{1,4}}\s+(?={_POINTS}))"
)
# the score's unit after it, past such a speck
_UNIT_NEXT = re.compile(rf"\s*(?:[a-z]{{1,4}}\s+)?{_POINTS}")

# what names the ITA after a score ("ทำคะแนนได้ 94.04 คะแนน ในการประเมินคุณธรรมและความโปร่งใส (ITA)")
_OVERALL_AFTER = re.compile(OVERALL_CUE.pattern + r"|ประ\s?เมินคุณธรรม")

# (ได้ also with its tone mark lost on a scan: "เมื่อเทียบกับปี๒๕๖๕ที่ได๘๒.๘๕คะแนน")
_SCORE_CUE = re.compile(
    r"มี\s*(?:ผล)?คะแนน|ได้รับคะแนน|ได้คะแนน|ได้ผล(?=\s*$)|คะแนนรวม|ผลคะแนน|ทำคะแนนได้|ด้วยคะแนน(?:เฉลี่ย)?|"
    # (their letters spaced apart by OCR: "ด้ วยค ะ แนน")
    + "|".join(spaced(w) for w in ("ได้รับคะแนน", "ได้คะแนน", "คะแนนรวม", "ทำคะแนนได้", "ด้วยคะแนน")) + "|"
    r"คะแนนที่ได้|คะแนน(?=\s*(?:ITA\s*)?(?:เท่ากับ|อยู่ที่)?\s*(?:ร้อยละ)?\s*$)|ได\u0e49?(?=\s*$)"
)

# a tool, an indicator, a threshold, a rank, a share between the cue and the number (ร้อยละ
# as a word: not inside a place's name, ตำบลสร้อยละคร)
_NOT_OVERALL_FIXED = (
    r"IIT|EIT|OIT|ตัวชี้วัด|เครื่องมือ|แบบวัด|แบบตรวจ|ส่วนที่|น้อยกว่า|มากกว่า|ไม่ต่ำกว่า|ลำดับ|"
    r"ร้อยละ(?!\s*$|[\u0e01-\u0e2e])"
)

_CUE_WINDOW = 90  # characters before a number searched for its cue

# (พ.ศ. as OCR may read it, as YEAR_NAMED reads it: "ซึ่งเมื่อปี WA, ๒๕๕๘")
_WHEN_YEAR = re.compile(r"(?:เมื่อ|เทียบกับ)\s*(?=ปี)(?:" + YEAR_NAMED.pattern + ")")


@lru_cache(maxsize=None)
def _not_overall() -> re.Pattern[str]:
    return re.compile(_NOT_OVERALL_FIXED + "|" + not_own_score().pattern)

def _names_not_overall(text: str) -> bool:
    """Whether `text` holds words that make a number no overall score, not counting a word a
    place's name opens with (หน้า of หน้าพระธาตุ is no page: "องค์การบริหารส่วนตำบลหน้าพระธาตุ
    ผ่านการประเมิน ด้วยคะแนน" / "๙๘.๗๙ คะแนน")."""
    hits = list(_not_overall().finditer(text))
    if not hits:
        return False
    from normalizers import agencies

    bases = {text.find(a.base, a.start) for a in agencies.find_agencies(text)}
    return any(h.start() not in bases for h in hits)


# a line that goes on with the sentence of the line before
_GOES_ON_LINE = re.compile(r"\s*(?:โดย|อยู่ที่|มี|ซึ่ง|คือ|เท่ากับ)")

# the country's result named shortly before a number, whatever cue follows it
_NATIONAL_WINDOW = 45


@lru_cache(maxsize=None)
def _national() -> re.Pattern[str]:
    return re.compile(alt(_words()["national"]))


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
    cues = [m for r in (OVERALL_CUE, _SCORE_CUE) for m in r.finditer(window)]
    if not cues:
        return 0, ""
    last = max(cues, key=lambda m: m.end())
    if _not_overall().search(window[last.end() :]):
        return 0, ""
    in_line = window[window.rfind("\n") + 1 :]
    # a number opening its line is read with the tail of the line before, where a wrapped
    # "…ระดับประเทศโดยมีคะแนนเฉลี่ยภาพรวม" / "๘๓.๗๘ คะแนน" left the country's words
    near = in_line if in_line.strip() else window
    if _national().search(near[-_NATIONAL_WINDOW:]):
        return 0, ""  # "ผลการประเมินภาพรวมระดับประเทศ โดยมีคะแนนเฉลี่ยภาพรวม ๘๑.๒๕": the country's
    if in_line.strip() and _GOES_ON_LINE.match(in_line) and not _WHEN_YEAR.search(mend_years(in_line)) \
            and _national().search(window[: len(window) - len(in_line)][-_NATIONAL_WINDOW:]):
        # "สรุปผลการประเมินภาพรวมระดับประเทศ" / "โดยมีคะแนนเฉลี่ยภาพรวม 82.34": wrapped (not
        # "ซึ่งเมื่อปี พ.ศ. ๒๕๕๘ …ได้๘๓.๒๘ คะแนน" under the country's average: a year's statement of its own)
        return 0, ""
    if "\t" in line:  # a table row: its first cell must say "overall"
        first_cell = line.split("\t", 1)[0]
        if _not_overall().search(first_cell) or not re.search(r"ภาพรวม|คะแนนรวม|ITA", first_cell):
            return 0, ""
        return 2, "table_overall_row"
    strong = [c for c in cues if c.re is OVERALL_CUE and c.end() <= last.start()]
    if last.re is _SCORE_CUE:
        since = max((c.end() for c in strong), default=0)
        # "เมื่อปี พ.ศ. 2563 … ได้ 71.24", "เมื่อเทียบกับปี๒,๕๖๔ที่ได้ …" open a statement of its own: a list of the tools
        # a print joined before it ("3. แบบตรวจการเปิดเผยข้อมูลสาธารณะ ซึ่งเมื่อปี …") is not its subject
        since = max([since] + [y.end() for y in _WHEN_YEAR.finditer(mend_years(window), 0, last.start())])
        if re.search(_NOT_OVERALL_FIXED, window[since : last.start()]):
            return 0, ""  # "(IIT) … คะแนนรวม ๘๙.๔๙": a tool's total
        line_start = max(since, window.rfind("\n", 0, last.start()) + 1)
        if _names_not_overall(window[line_start : last.start()]):
            return 0, ""  # "ค่าเฉลี่ยระดับประเทศ … ได้ 87.55": in this line, not the line before
    if strong or last.re is OVERALL_CUE:
        return 2, "named_overall"
    return 1, "score_cue_only"


# a score whose decimals OCR set apart from its point ("ได้85. 24คะแนน"): read whole, the
# space moved behind it so that the line keeps its length (else 24 is read as the score)
_POINT_SPACED = re.compile(r"(?<![0-9๐-๙.,])([0-9๐-๙]{2,3})\. ([0-9๐-๙]{2})(?![0-9๐-๙])(?=\s*คะแ)")


# a score whose two digits before the point OCR set apart ("ได้๗ ๑.๗๘ คะแนน" for ๗๑.๗๘): one
# digit glued to the cue, one before the point; read whole, the space moved behind it
_TENS_SPACED = re.compile(r"(?<=[\u0e01-\u0e4e])([0-9๐-๙]) ([0-9๐-๙]\.[0-9๐-๙]{2})(?![0-9๐-๙])(?=\s*คะแ)")


# a score's point read with a space before it or as a comma ("ได้ 84 .10 คะแนน", "84,10 คะแนน":
# two decimals after a comma are no thousands); the line keeps its length
_POINT_SPACED_BEFORE = re.compile(r"(?<![0-9๐-๙.,])([0-9๐-๙]{2}) \.([0-9๐-๙]{2})(?![0-9๐-๙])(?=\s*คะแ)")
_POINT_AS_COMMA = re.compile(r"(?<![0-9๐-๙.,])([0-9๐-๙]{2}),([0-9๐-๙]{2})(?![0-9๐-๙,])(?=\s*คะแ)")


def mend_point(text: str) -> str:
    text = _POINT_AS_COMMA.sub(r"\1.\2", _POINT_SPACED_BEFORE.sub(r"\1.\2 ", text))
    return _TENS_SPACED.sub(r"\1\2 ", _POINT_SPACED.sub(r"\1.\2 ", text))


# a year named, at most a short word OCR garbled ("ได้" read as "IA", "ที่ได้" as "ที่ได"),
# then the score (or a year whose first digit OCR lost: "เมื่อเทียบกับปี ๕๖๔ UA ๘๓.๕๔ คะแนน")
_YEAR_THEN_SCORE = re.compile(
    rf"ปี(?:งบประมาณ)?\s*(?:พ\s?\.\s?ศ\s?\.)?\s*(?:{YEAR}|[๕5][0-9๐-๙]{{2}})\s*(?:[^\s0-9๐-๙]{{1,6}}\s*)?$"
)
# the next item of a list of past years whose ปี OCR garbled ("ปี๒๕๖๑ ได้ …" over
# "โ ๒๕๖๒ A ๙๐.๑๔ คะแนน"): a year opening its line after one or two other signs, a lone 1 or
# nothing (ปี lost: "1 2557 a 71.59คะแนน", "2558 A 77.69คะแนน"), under a line that opens with
# ปี and a year, or with a year whose result was read
_LIST_YEAR_THEN_SCORE = re.compile(rf"^\s*(?:1(?=\s)|[^\s0-9๐-๙]{{0,2}})\s*{YEAR}\s*(?:[^\s0-9๐-๙]{{1,6}}\s*)?$")
_LIST_ITEM_YEAR = re.compile(LIST_ITEM_YEAR)


# a gap OCR read as a tab between a score and its unit ("นครราชสีม 87.50<tab>คะแนน ถือว่า…"):
# prose, not a table's row (same length, so spans keep)
_TAB_BEFORE_UNIT = re.compile(r"(?<=[0-9๐-๙])\t(?=\s*" + _POINTS + ")")


# a line that opens a year's statement and stops before its score ("ซึ่งเมื่อปี พ.ศ. 2565 …",
# "เมื่อเทียบกับปี 2565"), and a line that opens with the score's cue ("ที่ได้ ", "ได้คะแนน ")
_YEAR_OPENER = re.compile(
    r"\s*(?:ซึ่ง|ทั้งนี้)?\s*(?:เมื่อ|เมื่อเทียบกับ|เทียบกับ|ใน|จาก)\s*(?=ปี)(?:" + YEAR_NAMED.pattern + r")"
    r"(?!.*[0-9๐-๙]{2}[.,][0-9๐-๙]{2})"
)
_CUE_OPENS_LINE = re.compile(r"\s*(?:ที่)?\s*(?:ได\u0e49?|ได้รับ|ได้คะแนน|ได้รับคะแนน)\s*$")


def _label_end(before: str) -> bool:
    """Whether the words before a number on its line are a level label or its end ("ปรับปรุง"
    of ต้อง / ปรับปรุง), and nothing else."""
    words = before.strip().strip("(").strip()
    return len(words) >= 2 and any(lab.endswith(words) for lab in level_labels())


def _called_a_score(text: str, m: re.Match, previous: str) -> bool:
    """Whether a number with decimals is called a score by its unit alone ("…ทำคะแนนไตด้79.30
    คะแนน": the cue before it garbled past reading): no cue in the words before it (a cue there
    that did not call it the result had its reasons), nor words that make it another number."""
    if "." not in m.group(1) or not re.match(rf"\s*{_POINTS}", text[m.end() :]):
        return False
    window = (previous + "\n" + text[: m.start()])[-_CUE_WINDOW:]
    if OVERALL_CUE.search(window) or _SCORE_CUE.search(window) or _not_overall().search(window):
        return False
    return not _national().search(window[-_NATIONAL_WINDOW:])


def overall_claims(doc: Document, fy: int | None, is_other: IsOther | None = None) -> list[Claim]:
    out = []
    previous = ""
    # a number the index reader takes for one of the five indices' scores (2557-2561) is
    # not the overall, whatever cue follows it ("… 78.01 อยู่ในระดับสูง" / "ผลการประเมิน…")
    index_scores = {(id(c.line), c.score) for c in index_claims(doc, fy)}
    # a page's running header ("การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๕") names the ITA
    # on every page: it is no sentence that the next page's first line ends
    running = running_lines(list(doc.lines))
    item_above = False  # the line before is an item of a list of past years (its ปี read or not)
    for i, line in enumerate(doc.lines):
        text = _TAB_BEFORE_UNIT.sub(" ", mend_point(without_specks(line.text)))
        garbled_item = False
        mended, mended_previous = mend_years(text), mend_years(previous)  # (pure: once a line)
        # the sentence may go on in the next line, not across a page break (the next page's
        # running header "รายงานผลการประเมิน ITA …" names the ITA but goes on with nothing)
        following = doc.lines[i + 1].text if i + 1 < len(doc.lines) and doc.lines[i + 1].page_no == line.page_no else ""
        unreadable = numbers.unreadable_scores(text)  # "ITA ๙๒ ๘๒ คะแนน" (point lost): not 82
        for m in SCORE.finditer(text):
            if not _AFTER_SCORE.match(text, m.end()) or _is_list_marker_or_counter(text, m):
                continue
            if any(a <= m.start() < b for a, b, _ in unreadable):
                continue
            if "." not in m.group(1) and not re.match(rf"\s*{_POINTS}", text[m.end() :]):
                continue  # a whole number is a score only when called one
            if len(m.group(1)) == 1:
                continue  # "ได9คะแนน๙๔.๔๗": a letter OCR read as a digit, not a one-digit score
            # a line that names its year before the number starts its own statement: a tool
            # named in the line before (a list of the tools) does not make it a tool's score
            own_statement = YEAR_NAMED.search(text, 0, m.start()) and re.search(_NOT_OVERALL_FIXED, previous)
            before = text[: m.start()] if own_statement else previous + "\n" + text[: m.start()]
            cell = text[text.rfind("\t", 0, m.start()) + 1 : m.start()]
            if "\t" in text[: m.start()] and len(cell) >= _PROSE_CELL:
                # a sentence OCR split into cells on a skewed scan ("คะแนน<tab>ะเมิน ITA ด้วยคะแนน
                # เฉลี่ย78.69"): the number's own cell is prose, read as prose
                strength, rule = _overall_strength(cell, cell)
            else:
                strength, rule = _overall_strength(before, text)
            if strength == 1 and _OVERALL_AFTER.search((text[m.end() :] + " " + following)[:80]):
                strength, rule = 2, "named_overall_after"  # "ทำคะแนนได้ 91.57 คะแนน ในการประเมิน … (ITA)"
            value = numbers.parse_score(m.group(1))
            # the next item of a list of past years whose ปี OCR garbled ("U 2563ได้86.48 คะแนน")
            year_opens_item = bool(_LIST_YEAR_THEN_SCORE.match(mended[: m.start()]))
            list_item = year_opens_item and bool(item_above or _LIST_ITEM_YEAR.match(mended_previous))
            if (strength == 1 and rule == "score_cue_only" and value is not None
                    and (_YEAR_THEN_SCORE.search(mended, 0, m.start()) or list_item)
                    and _UNIT_NEXT.match(text, m.end())):
                strength, rule = 2, "year_then_score"  # "ปี2565ได้90.89 คะแนน": a year's result, as a list gives it
            if (not strength and value is not None and value >= FEWEST_PLAUSIBLE
                    and (_YEAR_THEN_SCORE.search(mended, 0, m.start()) or list_item)
                    and _UNIT_NEXT.match(text, m.end())
                    and not _not_overall().search(text, max(0, m.start() - 12), m.start())):
                # "ปี๒๕๖๔ IA ๘๔.๘๙ คะแนน": a year's result whose ได้ OCR misread (and a speck before
                # its unit: "เมื่อเทียบกับปี๒๕๖๓ AL ๘๒.๖๗ oes คะแนน"); a list's item
                # whose ปี OCR garbled under an item whose ปี it garbled too ("i] 2564 ,ด้84.84 คะแนน"
                # / "i] 2565 A 91.30 คะแนน"): the list goes on
                strength, rule = 2, "year_then_score"
            if not strength and _called_a_score(text, m, previous):  # "ทำคะแนนไตด้79.30 คะแนน": its cue garbled
                strength, rule = 1, "score_unit_only"
                if _OVERALL_AFTER.search((text[m.end() :] + " " + following)[:80]):
                    strength, rule = 2, "named_overall_after"
            if not strength or value is None or other_agency_before(text, m.start(), is_other):
                continue
            if (id(line), value) in index_scores:
                continue
            year = claim_year(text, m.start(), m.end(), fy)
            if year is None and previous and (not THAI_LETTER.search(text, 0, m.start())
                                              or _label_end(text[: m.start()])):
                # a score opening its line ("(๗๙.๔๓ คะแนน)"), or after the end of a level label
                # wrapped to it ("ปรับปรุง 81.19 คะแนน)"), ends the sentence of the line before,
                # and is of the year that sentence names
                shift = len(previous) + 1
                year = claim_year(previous + " " + text, shift + m.start(), shift + m.end(), fy)
            elif year is None and previous and _YEAR_OPENER.match(mended_previous) \
                    and _CUE_OPENS_LINE.match(text[: m.start()]):
                # "ซึ่งเมื่อปี พ.ศ. 2565 เทศบาลตำบลหนองบัว" / "ได้ 84.10 คะแนน": a line that opens with
                # the cue ends the statement of an earlier year the line above opened (and gave
                # no score of its own)
                shift = len(previous) + 1
                year = claim_year(previous + " " + text, shift + m.start(), shift + m.end(), fy)
            if rule == "score_unit_only" and not own_year_or_none(year, fy):
                continue  # (an earlier year's result is quoted with words that say so)
            if own_year_or_none(year, fy) and names_unreadable_year(text, m.start()):
                strength, rule = 1, rule + "_year_unreadable"
            out.append(Claim("overall_score", value, year, rule,
                             strength, words_around(text, m.start(), m.end()), line, span=m.span(1)))
            garbled_item |= bool(year and year > 0 and year_opens_item)
        previous = "" if line.text.strip() in running else text
        item_above = garbled_item or bool(_LIST_ITEM_YEAR.match(mended))
    return out + [c for c in table_claims(doc) if c.field == "overall_score"]
