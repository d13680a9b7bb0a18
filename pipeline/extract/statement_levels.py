"""Levels as statements name them (pipeline/extract/statements.py has the shared Claim and the
catalog's labels): a label after a level cue, lookalikes that name a part of the assessment
rather than its result, labels wrapped to the next line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.extract.statements import (
    LONGEST_LABEL, OVERALL_CUE, THAI_LETTER, Claim, claim_year, labels_read, level_labels, lookalike_by_score, names_unreadable_year,
    only_level, other_agency_before, own_year_or_none, table_claims, without_specks, words_around, LIST_ITEM_YEAR,
)
from normalizers import numbers
from pipeline.segment import Document
from schemas.catalog import load_catalog

if TYPE_CHECKING:
    from pipeline.extract.statements import IsOther

_LEVEL_CUE = re.compile(
    # (อยู่ในระดับ with its ใน garbled: "อยู่ นประดับ"; ประเมิน with a speck read as a tone: "ประเมิ่น")
    # (ประเมิน with its เมิ garbled: "ระดับผลการประ18น"; อยู่ใน read as Latin after the score's
    # unit: "คะแนน agi lu ระดับ")
    r"(?:ระดับผลการประ(?:เมิ|[^\s]{1,3})น|ระดับการประเมิน|อยู่ในระดับ|(?<=คะแนน)\s*(?:[a-z]{1,4}\s){1,2}ระดับ(?!ผล|การ)|อยู่\s?[^\s0-9๐-๙]{1,3}ระดับ(?!ผล|การ)|ผลการประเมิ\u0e48?นระดับ|คว้าระดับ|ได้รับระดับ|ได้ระดับ|"
    r"ผ่านการประเมินในระดับ|ผ่านการประเมินระดับ|ในระดับ(?!ผล|การ)|"
    # (ระดับ whose ร OCR lost where a line break cut "… ใน" / "ะดับผ่านดี", or "… คะแนน๘๖.๘๐" /
    # "ะดับ ผ่าน": no word starts with ะ)
    r"ใน\s?ะดับ(?!ผล|การ)|(?:(?<=[0-9๐-๙])|(?<=คะแนน)|(?<=คะแนน[:;,.])|(?<=ค[\u0e48\u0e49]ะแนน)|(?<=คะแน[\u0e48\u0e49]น)|(?<=ITA)|(?<=[()]))"
    r"\s*ร?ะดับ(?!ผล|การ)|"  # (คะแนน with a tone mark OCR put on it: "ค่ะแนนระดับสูง")
    # "คว้า AA"; "คว้า" / "sea A": ระดับ garbled by OCR into a short run of letters, before a Latin label
    # ("คว้าระ au A": ระดับ cut, its end read as letters: two short runs)
    r"คว้า\s*(?P<junk>(?:[^\s0-9๐-๙]{1,4}\s+){1,2})?(?=[A-F]{1,2}(?![A-Za-z]))|"
    # ระดับ read as Latin capitals after the score's unit, before a Latin label ("คะแนน WAU A")
    r"(?<=คะแนน)\s*(?P<junk2>(?!ITA|IIT|EIT|OIT)[A-Z]{2,4}\s+)(?=[A-F]{1,2}(?![A-Za-z]))|"
    # or after the score, before a Latin or a Thai label ("คะแนน ๘๐.๔๐ IHU ต้อง" / "ปรับปรุง")
    r"(?<=[0-9๐-๙]{2}[.][0-9๐-๙]{2})\s+(?P<junk4>(?!ITA|IIT|EIT|OIT)[A-Z]{2,4}\s+)(?=[A-F]{1,2}(?![A-Za-z])|[\u0e01-\u0e4e])|"
    # ระดับ cut after ระ, its end read as Latin letters, before a label ("อยู่ในระ YAU ผ่านดี", "ระ au A")
    r"อยู่ในระ\s?(?P<junk3>[A-Za-z]{2,4}\s+)(?=[\u0e01-\u0e4e]|[A-F]{1,2}(?![A-Za-z]))|"
    # ระดับ after words OCR garbled past reading as a cue ("คว๊าระดับ ผ่าน", "ค่วำระดับ 8" for
    # คว้าระดับ): a loose cue, read only where the own score's level bears its label out
    r"(?P<loose>ระดับ)(?!ผล|การ|ประเทศ))"
    r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]?"  # (a speck read as a mark on บ: "ระดับู “สูงมาก”")
    r"\s*[:.\-!|]?\s*(?:คือ)?\s*[“\"'‘]?"  # (":" or a speck OCR read as ".", "-", "!" or "|")
)

_TOOL_NAMED = re.compile(r"IIT|EIT|OIT|ตัวชี้วัด|ดัชน|เครื่องมือ|แบบวัด|แบบตรวจ")  # (ดัชนี with its vowel lost)

# the words before a level cue on a line that goes on with the line before's statement: its
# score ("79.82อยู่ในระดับสูง"), "ได้คะแนน …", or nothing (the cue wrapped: "… 95.52อยู่" /
# "ในระดับสูงมาก")
_GOES_ON_WITH_SCORE = re.compile(r"\s*(?:ได้)?\s*(?:คะแนน[^0-9๐-๙]*)?[0-9๐-๙.,\s]*")

_LEVEL_CUE_CHARS = 18

_LATIN_OPENS = re.compile(r"\s*[A-Za-z]{2}")  # the longest level cue (ระดับผลการประเมิน), for cues cut by a line break

# a label OCR could not read: a short run of Latin letters or one or two digits, maybe set apart
# (ผ่าน as "NIU", A as "4", B as "3", AA as "22", A as "2 6"), or nothing, before the sentence goes on with its score, "(" or ด้วย, or the
# line ends (so not "ระดับ 3 ดาว", a level of another scale), its quotes closed or not ("ระดับ
# “Aa”" for “สูง”); the level is then the score's
# ("… คะแนน อยู่ใน" / "ระดับ" / next line: the A of "ระดับA" lost)
# the words a sentence goes on with after its level: ด้วย also with its mark lost or split
# by OCR ("เด้ วยคะแนน"), ดังรายละเอียด, ซึ่ง
_GOES_ON = r"ด\u0e49?\s?ว\s?ย|ดัง|ซึ่ง|ซึง"
_UNREADABLE_LABEL = re.compile(
    r"(?:[A-Za-z]{1,4}|[0-9](?:\s?[0-9])?|[^\s\u0e01-\u0e4e0-9๐-๙A-Za-z()]{1,2})?[”\"’']?[\s.,]*(?=$|\(|[0-9๐-๙]{2,3}[.,][0-9๐-๙]|"
    + _GOES_ON + ")"
    # a Latin label OCR read as one or two Thai letters, glued to the words that go on
    # ("“กเด้วยคะแนน", "1“ เด้วย", "คว้าระดับ/เผลการประเมิน …"): not a word of its own
    r"|[0-9]?[^\s\u0e01-\u0e4e0-9๐-๙A-Za-z()]{0,2}\s?[\u0e01-\u0e4e]{1,2}(?=" + _GOES_ON + "|ผลการ)"
    # one letter alone: before the words that go on, a score, or at the line's end ("คว้าระดับค ผลการ…",
    # "อยู่ในระดับค"); "A (" read as a sign and a letter glued to the score ("ระดับ /เ๘๘.๔๒")
    r"|[\u0e01-\u0e2e](?=\s(?:" + _GOES_ON + r"|ผลการ|ประจำ|[0-9๐-๙]{2,3}[.,][0-9๐-๙])|\s*$)"
    r"|[^\s\u0e01-\u0e4e0-9๐-๙A-Za-z()]{1,2}[\u0e01-\u0e4e]{1,2}(?=\s?[0-9๐-๙]{2,3}[.,][0-9๐-๙])"
    # a sign alone before the result's name ("คว้าระดับ / ผลการประเมิน…": A read as a slash), or a
    # sign and a vowel or a letter ending the line ("…ผลการประเมินระดับ/เ")
    r"|[^\s\u0e01-\u0e4e0-9๐-๙A-Za-z()]{1,2}\s+(?=ผลการ)"
    r"|[^\s\u0e01-\u0e4e0-9๐-๙A-Za-z()]{1,2}[\u0e01-\u0e4e]{1,2}\s*$"
)  # (or a sign: "ระดับ ☐ ด้วยคะแนน 75.49")

# (a pre-2562 announcement puts "ถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงาน", 43 letters,
# between its score and "อยู่ในระดับ")
_SCORE_BEFORE_CUE = 50
_SCORE_AFTER_LABEL = 6
# (the result's name may stand between: "คว้าระดับ A ผลการประเมิน … (ITA) ด้วยคะแนน 89.87")
_BETWEEN_LABEL_AND_SCORE = re.compile(
    r"[\s(]*(?:ผลการประเมิน[^0-9๐-๙]{0,70}?)?(?:ด\u0e49?\s?ว\s?ย)?\s*(?:คะแนน)?\s*(?:เฉลี่ย)?\s*"
)


def _names_a_part(before: str, in_line: str, previous: str) -> bool:
    """Whether the words before a level cue name a tool or an index (in this line, with
    no overall cue after it; or on the line before, when this line only goes on with
    "ได้คะแนน …")."""
    window = before[-60:]
    part = None
    for part in _TOOL_NAMED.finditer(window):
        pass
    if part is not None and not OVERALL_CUE.search(window[part.end() :]):
        return True
    if (re.match(r"\s*(?:ได้)?คะแนน", in_line) or _GOES_ON_WITH_SCORE.fullmatch(in_line)) \
            and _TOOL_NAMED.search(previous) and not OVERALL_CUE.search(previous):
        return True
    return False


# what may stand before a cue on its line when its score ends the line before ("ได้คะแนน
# ๙๐.๕๕" / "คะแนนอยู่ในระดับ …"): the score's unit, a speck
_ONLY_UNIT = re.compile(r"\s*(?:คะแนน)?\s*.?\s*")


def _score_beside(doc: Document, i: int, cue_at: int, label_end: int, scores: list[Claim]) -> Claim | None:
    """The score stated beside a level cue on line i whose label is unreadable (cue_at: where
    the cue starts in the line, negative where it began on the line before; label_end: where
    the unreadable label ends): the closest before the cue in its clause, else right after it."""
    line, prev = doc.lines[i], doc.lines[i - 1] if i else None
    nxt = doc.lines[i + 1] if i + 1 < len(doc.lines) else None
    before, after = [], []
    for c in scores:
        if c.span is None:
            continue
        if c.line is line and c.span[1] <= cue_at and cue_at - c.span[1] <= _SCORE_BEFORE_CUE:
            before.append((cue_at - c.span[1], c))
        elif c.line is prev and _ONLY_UNIT.fullmatch(line.text[: max(cue_at, 0)]) \
                and len(prev.text) - c.span[1] + max(cue_at, 0) <= _SCORE_BEFORE_CUE:
            before.append((len(prev.text) - c.span[1] + max(cue_at, 0), c))
        elif c.line is line and c.span[0] >= label_end and _BETWEEN_LABEL_AND_SCORE.fullmatch(
                line.text[label_end : c.span[0]]):
            after.append((c.span[0] - label_end, c))
        elif c.line is nxt and _BETWEEN_LABEL_AND_SCORE.fullmatch(line.text[label_end:]) \
                and c.span[0] <= _SCORE_AFTER_LABEL:  # "… ระดับ “กเด้วยคะแนน" / "90.55 ซึ่ง…"
            after.append((c.span[0], c))
    for near in (before, after):
        if near:
            return min(near, key=lambda x: x[0])[1]
    return None


def _level_of_score(doc: Document, i: int, cue_at: int, label_end: int, year: int | None, fy: int | None,
                    scores: list[Claim], words: str) -> Claim | None:
    """The level the year's scale gives the score stated beside a cue whose label OCR could
    not read, where the scale gives that score one level only (2567+: ผ่าน and ผ่านดี share
    a range, told apart by the tools: none). The claim is weak (a read label wins) and keeps
    its rule, level_from_score."""
    c = _score_beside(doc, i, cue_at, label_end, [x for x in scores if x.strength == 2])
    if c is None and own_year_or_none(year, fy):
        # no score beside it ("… ด้วยคะแนนเฉลี่ย ๗๔.๗๙ คะแนน" / "ในปีนี้มี…" / "และได้รับผลการประเมินระดับ @"):
        # the document's own score, where it states one only
        own = {x.value: x for x in scores if x.strength == 2 and own_year_or_none(x.year, fy)}
        c = next(iter(own.values())) if len(own) == 1 else None
    if c is None or (c.year or fy) != (year or fy):
        return None  # (a weak score, flagged itself, gives no level)
    scale_year = c.year if c.year and c.year > 0 else fy
    level = only_level(float(c.value), scale_year) if scale_year else None
    if level is None:
        return None
    return Claim("level", level, c.year, "level_from_score", 1, words, doc.lines[i])


def _own_score_level(beside: Claim | None, year: int | None, fy: int | None, scale_year: int,
                     scores: list[Claim] | None) -> str | None:
    """The level the year's scale gives the strong score stated beside a cue, else (a claim of
    the own year) the document's one strong own-year score: None where there is none, or two."""
    if beside is None and own_year_or_none(year, fy):
        own = {x.value for x in scores or () if x.strength == 2 and own_year_or_none(x.year, fy)}
        return only_level(float(next(iter(own))), scale_year) if len(own) == 1 else None
    if beside is None or beside.strength != 2:
        return None
    return only_level(float(beside.value), scale_year)


# ระดับ with a space OCR put before its last letter, or that letter lost ("คะแนน ระดั บ8",
# "คะแนน ระดั 8"), or its vowel read as other marks ("ในระดู้บ A"): mended keeping the line's
# length (and every position in it)
_CUT_LEVEL_WORD = re.compile(r"ระดั(?: บ| (?!บ))|ระด(?!ั)[\u0e34-\u0e39\u0e47-\u0e4c]{1,2}บ|ร ะดับ")


# the cue's words with OCR's spaces between their letters (Word's distributed justification
# on a scan: "ร ะดับผลการปร ะเมิน", "อยู่ใน ร ะดับ"): read with the spaces moved after them
_SPACED_CUE = re.compile("|".join(" ?".join(w) for w in ("ระดับผลการประเมิน", "อยู่ในระดับ", "ระดับ")))


def _mend_level_word(text: str) -> str:
    def mend(m: re.Match) -> str:
        return "ระดับ".ljust(len(m.group())) if m.group() != "ระดั " else "ระดับ"

    def unspace(m: re.Match) -> str:
        return m.group().replace(" ", "").ljust(len(m.group()))
    return _SPACED_CUE.sub(unspace, _CUT_LEVEL_WORD.sub(mend, text))


def level_claims(doc: Document, fy: int | None, is_other: IsOther | None = None,
                 scores: list[Claim] | None = None) -> list[Claim]:
    """Every level a cue states, with the year its words name. Of alternatives ("A หรือ
    ผ่าน") the one on that year's scale. With `scores` (the overall claims), a cue whose
    label OCR could not read gives the level the scale gives the score stated beside it."""
    out = []
    for i, line in enumerate(doc.lines):
        # a cue cut by a line break ("… ๘๙.๔๙ คะแนน อยู่" / "ในระดับ A"): read with the
        # end of the line before; a cue wholly on that line was read there
        tail = _mend_level_word(doc.lines[i - 1].text.rstrip())[-_LEVEL_CUE_CHARS:] if i else ""
        text = tail + _mend_level_word(line.text)
        for cue in _LEVEL_CUE.finditer(text):
            if cue.end() <= len(tail):
                continue
            bare = re.match(r"ร?ะดับ(?!ผล|การ)", cue.group().lstrip()) is not None
            if bare and "\t" in without_specks(line.text):
                continue
            if _names_a_part(text[: cue.start()], line.text[: max(0, cue.start() - len(tail))],
                             doc.lines[i - 1].text if i else ""):
                continue  # "IIT 89.49 ระดับ A", "ดัชนีความโปร่งใส / ได้คะแนน … อยู่ในระดับสูงมาก": a part's
            at = cue.start() - len(tail)  # the line's own words name the year (a list's "ปี 2563 …")
            year = claim_year(line.text, at, at, fy) if at >= 0 else claim_year(text, cue.start(), cue.start(), fy)
            scale_year = year if year and year > 0 else fy
            rest = text[cue.end() :].lstrip("\t :,.")  # (specks before the label: "ระดับ, .,สูงมาก")
            labels = level_labels(scale_year)
            found, garbled = labels_read(rest, labels)
            garbled |= any(cue.group(g) is not None for g in ("junk", "junk2", "junk3", "junk4"))
            loose = cue.group("loose") is not None
            cut = False
            if len(rest) < LONGEST_LABEL and "\t" not in rest and i + 1 < len(doc.lines):
                # a label wrapped onto the next line (ต้อง / ปรับปรุง)
                wrapped, wrapped_garbled = labels_read(rest + doc.lines[i + 1].text, labels)
                if wrapped and (not found or len(wrapped[0]) > len(found[0])):
                    found, garbled = wrapped, wrapped_garbled
                elif found and not wrapped and rest.rstrip() == found[0] \
                        and _LATIN_OPENS.match(doc.lines[i + 1].text):
                    # the label ends its line and the next opens with Latin letters OCR made of
                    # Thai ones ("ระดับ “สูง" / "NIA”" for สูงมาก): maybe a longer label cut
                    cut = garbled = True
            if not found and loose:
                continue  # ("ระดับกรม", a line ending ระดับ: no level is said)
            if not found and scores and not other_agency_before(text, cue.start(), is_other) \
                    and (junk := _UNREADABLE_LABEL.match(rest)) and rest[: junk.end()].strip() not in labels:
                label_end = len(text) - len(rest) + junk.end() - len(tail)
                derived = _level_of_score(doc, i, cue.start() - len(tail), label_end, year, fy, scores,
                                          words_around(text, cue.start(), cue.end() + junk.end()))
                if derived is not None:
                    out.append(derived)
                continue
            if not found or other_agency_before(text, cue.start(), is_other):
                continue
            valid = set(load_catalog().level_labels(scale_year)) if scale_year else set()
            label = next((lab for lab in found if lab in valid), found[0])
            beside = _score_beside(doc, i, at, at + 1, scores) if scores and at >= 0 else None
            if beside is not None and (beside.year or fy) != (year or fy):
                beside = None
            by_score = False
            if beside is not None:
                read = label
                label = lookalike_by_score(rest, label, float(beside.value), scale_year)  # "ระดับ0" by 72.30: C
                by_score = label != read
                whole = only_level(float(beside.value), scale_year) if cut and scale_year else None
                if whole is not None and whole != label and whole.startswith(label):
                    label, by_score = whole, True  # "สูง" / "NIA”" beside 97.15 (2560): สูงมาก
            strength = 2 if (not valid or label in valid) and not garbled and not by_score and not loose else 1
            if garbled and beside is not None and beside.strength == 2 and THAI_LETTER.match(label) \
                    and scale_year and label == only_level(float(beside.value), scale_year):
                strength = 2  # "dos ปรับปรุง" beside 77.83 (2567): the word the score's level is, the two bear each other out
            elif loose:
                # "คว๊าระดับ ผ่าน" in a 2566 report of 86.76: the score's level, so the two, read apart,
                # bear each other out; else a loose ระดับ says nothing ("ผู้บริหารระดับสูง")
                if garbled or by_score or not scale_year \
                        or label != _own_score_level(beside, year, fy, scale_year, scores):
                    continue
                strength = 2
            if own_year_or_none(year, fy) and at >= 0 and names_unreadable_year(line.text, at):
                strength, garbled = 1, True  # "ในปี ๒๕๒๑ อยู่ในระดับ …": of which year?
            at = len(text) - len(rest) - len(tail)  # the label's place in line.text
            rule = ("level_from_score" if by_score else "level_cue_garbled" if garbled
                    else "level_cue_loose" if loose else "level_cue")
            out.append(Claim("level", label, year, rule, strength,
                             words_around(text, cue.start(), cue.end() + len(label)), line,
                             span=(at, at + len(label)) if at >= 0 and rest.startswith(label) else None))
    return out + _garbled_cue_list_levels(doc, out) + [c for c in table_claims(doc) if c.field == "level"]


# a list of past years' results whose ระดับ OCR garbled ("ปี๒๕๖๐ได้๗๙.๗๒คะแนน THU สูง"): the
# line's year, its score and unit, one to four signs, and a label ending the line
_LIST_LINE = re.compile(
    rf"{LIST_ITEM_YEAR}\D{{0,8}}?(?P<score>[0-9๐-๙]{{1,3}}\.[0-9๐-๙]{{1,2}})\s*คะแนน"
    r"\s*(?P<junk>[^\s0-9๐-๙]{1,4})\s+(?P<label>\S{1,12})\s*$")


def _garbled_cue_list_levels(doc: Document, found: list[Claim]) -> list[Claim]:
    """The levels of a past-years list's lines whose ระดับ OCR garbled: taken only where the
    label is the one level that year's scale gives the line's own score (the two, read
    apart, bear each other out), as a weak claim."""
    out = []
    read = {id(c.line) for c in found}
    for line in doc.lines:
        m = _LIST_LINE.match(line.text)
        if m is None or id(line) in read or m.group("junk") in level_labels(None):
            continue
        year = claim_year(line.text, m.start("score"), m.end("score"), None)
        score = numbers.parse_score(m.group("score"))
        if not year or score is None or m.group("label") != only_level(score, year):
            continue  # (only_level gives a label of that year's scale, or none)
        out.append(Claim("level", m.group("label"), year, "level_cue_garbled", 1, line.text.strip(), line,
                         span=(m.start("label"), m.end("label"))))
    return out
