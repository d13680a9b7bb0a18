"""Ranks as statements give them: "อันดับที่ 14 จาก 26 หน่วยงาน", "ลำดับที่ 908", "อันดับ 2 ของอำเภอ",
each with the group it is a rank in (the scope: country, province, district, agency group) and
the group's size where said; OCR's misreads of the cue words tolerated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from normalizers import numbers
from pipeline.extract.statements import (
    Claim, _words, claim_year, other_agency_before, without_specks, words_around,
)
from pipeline.segment import Document

if TYPE_CHECKING:
    from pipeline.extract.statements import IsOther

# อันดับ / ลำดับ and ที่ as OCR reads it (ุที or ูที: "อันดับูที ๒๐๒", ทิ, ท alone, a speck after it: "ที่.๓,๐๗๐"); a rank's
# number, its thousands commas kept
_CUE = r"(?:อันดับ|ลำดับ)\s*(?:[ุู]?ท[ีิ]?่?)?\s*(?:[.,'](?=\s*[0-9๐-๙]))?\s*"
_NUMBER = r"[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*"

_RANK = re.compile(
    # a speck OCR read as a letter before the number ("ที่ ฒ๗๓๔๗"); the group's total
    # or ที่ read as Latin letters ("อันดับ Ni ๓,๔๗๓")
    _CUE + r"(?:[ก-ฮ](?=[0-9๐-๙])|[A-Za-z]{1,3}\s?(?=[0-9๐-๙]))?(" + _NUMBER + ")"
    # (a total glued to a sign or a Latin letter is some other number OCR cut: "จาก ๙? หน่วยงาน")
    r"(?:\s*จาก(?:ทั้งหมด)?\s*(" + _NUMBER + r")(?![^\s\u0e01-\u0e4e().,])\s*(?:หน่วยงาน|แห่ง|อปท\.?)?)?"
)

# "… อันดับ 2 ของอำเภอ และ 76 ของจังหวัด": a second rank in another group (และ spaced by OCR,
# "แล ะ 76", or a speck after it read as a comma, "และ,56"; และ as OCR may
# read it in Latin letters, "LAY ๙๓ ของจังหวัด": then only before a group it knows; ที่ with its
# tone lost, "และเป็นอันดับที ๒,๒๕๑ ของประเทศ", as _CUE reads it)
_RANK_AND = re.compile(r"\s*(?:แ\s?ล\s?ะ|,|(?P<misread>[A-Za-z]{2,4}(?=\s*[0-9๐-๙])))\s*,?\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)?\s*(?:ท[ีิ]\u0e48?)?\s*(?P<n>[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*)\s*(?=ของ|ใน)")

# (ใน read as ไน: "อยู่ไนอันดับที่ 69 จาก 76 …"; ได้ with its ไ or its tone lost: "ด้ลำดับที๘,๐๘๙", or
# its ด read as ต: "ไต้ลำดับที่"; อยู่ and เป็น with their marks lost: "อยูใน", "เปนอันดับ")
_RANK_CONTEXT = re.compile(
    r"ผลการประเมิน|อยู\u0e48?\s?[ใไ]น\s?(?:ลำดับ|อันดับ)|ไ[ดต]\u0e49?(?:ลำดับ|อันดับ)|(?<![\u0e01-\u0e4e])ด\u0e49(?:ลำดับ|อันดับ)|เป\u0e47?น(?:ลำดับ|อันดับ)|คว้า|ติดอันดับ|ITA|คะแนน"
)

# a rank phrase cut by a line break: the rank, or its group, is on the next line
# a rank phrase cut by a line break: the line ends inside it, before the rank's number,
# its total, its group, or a second rank after "และ"
_RANK_CUT = re.compile(
    r"(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*(?:[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:(?:ของ|ใน|จาก)\s*(?:[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*"
    r"(?:หน่วยงาน|แห่ง)?\s*)?)?)?$"
    r"|(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*[0-9๐-๙].{0,60}(?:และ|,)\s*(?:เป็น)?\s*$"
    # ("… อันดับ 2 ของอำเภอ และ 76 ของ" / "จังหวัด": the second rank's group on the next line)
    r"|(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*[0-9๐-๙].{0,60}และ\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)?\s*(?:ที่)?\s*"
    r"[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:ของ|ใน)?\s*$"
)

# a rank on a line of its own, with its group: a statement of the document's result
# ("อันดับที่ 14 จาก 26 หน่วยงานประเภท…" under the score); a ranked list's "ลำดับที่ 1
# การเปิดเผยข้อมูล" names no group
_RANK_ALONE = re.compile(
    r"\s*" + _CUE + _NUMBER + r"\s*(?:จาก\s*[0-9๐-๙]|(?:ของ|ใน)\s*(?:ประเทศ|จังหวัด|อำเภอ|"
    r"หน่วยงาน|กลุ่ม))"
)

# the next line goes on with the rank phrase: its total or group, or a second rank (not
# a year after จาก or ใน: "ได้ลำดับที่ ๒,๗๙๖" over "จากปีงบประมาณ ๒๕๖๐ ได้…" compares years)
_RANK_GOES_ON = re.compile(r"\s*(?:จาก(?!\s*ปี)|ของ|ใน(?!ปี)|หน่วยงาน|ประเภท|กลุ่ม|สังกัด|[0-9๐-๙])")

_SECOND_RANK_NEXT = re.compile(r"\s*แ\s?ล\s?ะ\s*[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:ของ|ใน)")

# (glued to the rank: "๑๐๐จำก ๑๔๖ หน่วยงาน", its sara aa read as sara am)
_FROM_MISREAD = re.compile(
    r"(" + _CUE + _NUMBER + r")\s*([A-Za-z]{2,4}|(?!จาก\s)จ[\u0e01-\u0e4e]{1,3})\s+"
    r"(?=[0-9๐-๙](?:[0-9๐-๙]|,(?=[0-9๐-๙]))*\s*(?:หน่วยงาน|แห่ง))"
)

_FROM_AND_TOTAL_MISREAD = re.compile(
    r"(" + _CUE + _NUMBER + r")\s*([A-Za-z]{2,4})\s+([^\s0-9๐-๙]{1,4}\s*(?:หน่วยงาน|แห่ง))"
)

# "อันดับที่ ๓๐ จาก Ke หน่วยงาน": the group's total is there, OCR left no digit of it
# (or two short runs before its group: "จาก ab uve ของหน่วยงานประเภท…")
_TOTAL_UNREAD = re.compile(
    r"\s*จาก\s*(?:ทั้งหมด)?\s*([^\s0-9๐-๙]{1,4}(?:\s+[^\s0-9๐-๙]{1,4})?)\s*(?:หน่วยงาน|แห่ง|(?=ของ))"
)

# a total whose digits OCR read in part as Latin letters ("จาก I11หน่วยงาน")
_TOTAL_LATIN = re.compile(r"(จาก\s*)((?=[0-9๐-๙IlO|o,]*[0-9๐-๙])(?=[0-9๐-๙,]*[IlO|o])[0-9๐-๙IlO|o][0-9๐-๙IlO|o,]{1,5})(?=\s*(?:หน่วยงาน|แห่ง))")
_LATIN_DIGITS = str.maketrans("IlO|o", "11010")
# จาก after a rank with something there that no reading makes a total of ("จาก ๔?๙ หน่วยงาน",
# "จาก 1/1 แห่ง"): stated, unreadable (not a year: "จากปีงบประมาณ …" compares years)
_TOTAL_UNPARSED = re.compile(r"\s*จาก(?!\s*(?:ปี|เดิม|คะแนน|การ|ผล))\s*(\S{1,8}?)\s*(?:หน่วยงาน|แห่ง|อปท)")

_NEXT_RANK = re.compile(r"\s*(?:และ|,)\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)")

_SCOPE = re.compile(r"\s*(?:ของ|ใน|จาก)?\s*(?:ทั้ง)?([^\s,()]{2,40}(?:\s(?!แ\s?ล\s?ะ|[A-Za-z]{2,4}\s*[0-9๐-๙])[^\s,()0-9๐-๙]{2,30})?)")


# marks above and below a letter, which OCR adds, drops or swaps ("ปุระเภท" for ประเภท)
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _scope(raw: str | None) -> str | None:
    if not raw:
        return None
    squeezed = re.sub(r"\s+", "", raw)
    # the word that comes first says what the group is: "หน่วยงานประเภทองค์การบริหารส่วน
    # จังหวัด" is a type of agency (ประเภท), not a province; "ของจังหวัด…" a province
    hits = [(squeezed.find(w), scope) for scope, words in _words()["rank_scopes"].items()
            for w in words if w in squeezed]
    if not hits:  # the group's words with a mark OCR added or lost ("หน่วยงานปุระเภทส่วนราชการ")
        bare = _MARKS.sub("", squeezed)
        hits = [(bare.find(b), scope) for scope, words in _words()["rank_scopes"].items()
                for w in words if len(b := _MARKS.sub("", w)) >= 4 and b in bare]
    if not hits:  # the group's first word with one letter OCR misread ("ของประเทค", "ของจังหวค")
        bare = _MARKS.sub("", squeezed)
        near = {scope for scope, words in _words()["rank_scopes"].items() for w in words
                if len(b := _MARKS.sub("", w)) >= 5
                and Levenshtein.distance(b, bare[: len(b)]) <= 1}
        return near.pop() if len(near) == 1 else None
    return min(hits)[1] if hits else None


# "ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น 8,261 หน่วยงาน": the agencies graded that year
_GRADED = re.compile(r"(?:เข้ารับการประเมิน|ร่วมประเมิน|ร่วมรับการประเมิน)\s*(?:ทั้งสิ้น|ทั้งหมด|รวม)?\s*(" + _NUMBER + r")\s*หน่วยงาน")


def graded_count(doc: Document) -> int | None:
    """The number of agencies the document says were graded in its year, or None."""
    m = _GRADED.search(doc.text)
    return numbers.parse_rank(m.group(1)) if m else None


def implausible_rank(rank: int, rank_of: int | None, graded: int | None = None) -> str | None:
    """Why a rank cannot be right, or None: above its group's stated size, above the
    agencies the document says were graded that year, or above the number the ITA grades
    in a year at most (an OCR digit doubled: 29045 for 2905)."""
    most = _words()["most_agencies_graded"]["value"]
    if rank_of is not None and rank > rank_of:
        return f"rank {rank:,} is above its group's size {rank_of:,}"
    if graded is not None and rank > graded:
        return f"rank {rank:,} is above the {graded:,} agencies graded that year, as the document states"
    if rank > most:
        return f"rank {rank:,} is above the {most:,} agencies the ITA grades in a year at most"
    return None


# short pieces of a word OCR cut with spaces (at most three letters each)
_SCOPE_PIECES = re.compile(r"(?:\s[^\s,()0-9๐-๙A-Za-z]{1,3}(?![^\s,()]))+")


def _scope_after(text: str, pos: int, total_group: str | None) -> tuple[str | None, str | None, int]:
    """(scope, the group's words, where they end) of the words after a rank."""
    if speck := re.compile(r"\s*[,.](?=\s*(?:ของ|ใน))").match(text, pos):
        pos = speck.end()  # "อันดับ 1, ของอำเภอ": a speck OCR read as a comma
    m = _SCOPE.match(text, pos)
    raw, end = None, pos
    if m and re.match(r"\s*(?:ของ|ใน|จาก)", text[pos:]) and not re.match(r"(?:และ|ได้|ด้วย|คะแนน)", m.group(1)):
        raw, end = m.group(1).strip(), m.end()
        # "ของอำผาอและ๔๓ของจังหวัด": the group ends where a second rank begins
        cut = re.split(r"และ(?=\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)?\s*(?:ที่)?\s*[0-9๐-๙])", raw)[0]
        if cut and cut != raw:
            raw, end = cut, text.index(cut, m.start(1)) + len(cut)
        elif raw.endswith("และ") and len(raw) > 3 and re.match(
                r"\s*(?:เป็น)?\s*(?:อันดับ|ลำดับ)?\s*(?:ที่)?\s*[0-9๐-๙]", text[end:]):
            raw, end = raw[:-3], end - 3  # "ของอำเภอและ ๙๓ ของจังหวัด": และ glued, the number after a space
    raw = raw or total_group
    if raw and _scope(raw) is None and (pieces := _SCOPE_PIECES.match(text, end)):
        # "ของประ เท ศ": OCR's spaces cut the group's word into short pieces past the two read
        longer = raw + pieces.group()
        if _scope(longer) is not None:
            return _scope(longer), re.sub(r"\s+", "", longer), pieces.end()
    return _scope(raw), raw, end


# อันดับ / ลำดับ as OCR breaks them: a mark lost, added or read as another (อนดับ, อั้นดับ, ลํวดับ, ลดับ,
# ลำตดับ, ล้าดับ, a tone mark on its ั: ลำตั๊บ), อ read as ด or จ (ดันดับ, จันดับ), ด as ค (อันคับ), ล as ส with its sara am kept (สำดับ: สดับ is a word),
# ด read as ต; ระดับ is none of them
_RANK_WORD_OCR = re.compile(
    r"[อดจ][\u0e31\u0e34\u0e38]?[\u0e48-\u0e4b]?[นมบ]\s?[ดตค]\u0e31?บ|ล[\u0e33\u0e4d\u0e32ว\u0e48\u0e49]{0,3}\s?ต?[ดต]\u0e31?[\u0e48-\u0e4b]?บ"
    r"|ส(?:\u0e33|\u0e4d\u0e32)[ดต]\u0e31?บ"
)
# จาก split by OCR before a total ("อันดับที53 จ าก 146"): same length mended
_FROM_SPLIT = re.compile(r"(?<=[0-9๐-๙] )จ าก(?=\s*[0-9๐-๙])")
# ของ after a rank read with a tone mark ("๓,๓๕๘ ข้องประเทศ"; ข้อง is a word elsewhere), or with ข
# read as ช ("๔,๑๑๒ ชองประเทศ"; ชอง is a word elsewhere)
_OF_MISREAD = re.compile(r"(?<=[0-9๐-๙] )(?:ข[\u0e48\u0e49]|ช)อง|(?<=[0-9๐-๙])(?:ข[\u0e48\u0e49]|ช)อง")
# the three digits after a thousands comma OCR read as a space ("1 094 ของประเทศ")
_SPACED_THOUSANDS = re.compile(r" ([0-9๐-๙]{3})(?![0-9๐-๙,.])(?=\s*(?:ของ|ใน|จาก|$))")
# ของ split by OCR after a rank ("101 ขอ งจังหวัด", "๑๓๒ ขอ ง จังหวัด"): same length mended
_OF_SPLIT = re.compile(r"(?<=[0-9๐-๙])\s?ขอ ง(?=\s?\S)")
# a rank's digits OCR split by a space before its total ("อันดับที่ 2 59 จาก 2,240")
_SPLIT_RANK = re.compile("(" + _CUE + r")([0-9๐-๙]{1,2}) ([0-9๐-๙]{1,2})(?=\s*จาก\s*[0-9๐-๙])")
# a rank's thousands comma read as a point ("อันดับที่ 4.112 ของประเทศ")
_POINT_FOR_COMMA = re.compile("(" + _CUE + r")([0-9๐-๙]{1,2})\.([0-9๐-๙]{3})(?![0-9๐-๙.,])")
# a rank with digits OCR read as Latin letters ("9O8", "1,9O8"), and one whose digits OCR set
# apart before a 0 ("9 08": no number begins with 0)
_LATIN_RUN = r"[0-9๐-๙](?:[0-9๐-๙IlO|o]|,(?=[0-9๐-๙IlO|o]))*"
_RANK_LATIN = re.compile("(" + _CUE + ")((?=" + _LATIN_RUN + r"(?![A-Za-z]))[0-9๐-๙][0-9๐-๙,]*[IlO|o]"
                         r"(?:[0-9๐-๙IlO|o]|,(?=[0-9๐-๙IlO|o]))*)(?![A-Za-z])")
_ZERO_SPLIT = re.compile("(" + _CUE + r")([0-9๐-๙]{1,3}) ([0๐][0-9๐-๙]{1,2})(?![0-9๐-๙.,])")
# a total's digits set apart by OCR ("จาก 8 8 หน่วยงาน", "จาก ๑ ๒๖ แห่ง")
_SPLIT_TOTAL = re.compile(r"(จาก\s*)([0-9๐-๙]{1,2}) ([0-9๐-๙]{1,3})(?=\s*(?:หน่วยงาน|แห่ง))")
# a rank, a space, a number and its group's word, no จาก between ("อันดับที่2891 82หน่วยงาน")
_FROM_AS_DIGITS = re.compile("(" + _CUE + r")([0-9๐-๙]{2,6}) ([0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})?)(?=\s*(?:หน่วยงาน|แห่ง))")
# a thousands comma after a rank whose digits OCR garbled ("ลำดับที่๓, ☐ ๖๕ จาก" for ๓,๐๖๕):
# the number goes on past what can be read
_CUT_THOUSANDS = re.compile(r",\s*[^\s\u0e01-\u0e4e]{0,3}\s*[0-9๐-๙]")
# a thousands comma OCR doubled ("1,,950")
_DOUBLED_COMMA = re.compile(r"(?<=[0-9๐-๙]),,(?=[0-9๐-๙]{3})")


def mend_rank_words(text: str) -> str:
    """A line with OCR's readings of อันดับ / ลำดับ, a doubled thousands comma and a split
    จาก put right, for the rank patterns."""
    def word(m: re.Match) -> str:
        return "อันดับ" if m.group()[0] in "อดจ" else "ลำดับ"
    text = _OF_MISREAD.sub("ของ ", _FROM_SPLIT.sub("จาก ", _DOUBLED_COMMA.sub(",", _RANK_WORD_OCR.sub(word, text))))
    text = _OF_SPLIT.sub(lambda m: m.group().replace("ขอ ง", "ของ "), text)
    return text


# how far after a rank another agency's name may begin and still be the one ranked
# ("อันดับ 1 ของจังหวัด ได้แก่ X", its ได้แก่ garbled)
_RANKED_AGENCY_WITHIN = 35


_GROUP_WORD = re.compile(r"ประเภท|กลุ่ม|สังกัด|หน่วยงาน|จาก\s*[0-9๐-๙]")
# a clause of its own between the rank and the name: "…ของหน่วยงานประเภทเทศบาลตำบล
# และเผยแพร่บนเว็บไซต์ของอบต.…" names the agency of something else, not the one ranked
_NEW_CLAUSE = re.compile(r"และ|ซึ่ง")


def _agency_follows(text: str, end: int, is_other: IsOther | None) -> bool:
    """Whether another agency is named right after a rank and its group: the rank is that
    agency's (the words between may be OCR's garble of ได้แก่ / คือ)."""
    if is_other is None:
        return False
    from normalizers import agencies

    window = text[end : end + _RANKED_AGENCY_WITHIN + 40]
    return any(a.start <= _RANKED_AGENCY_WITHIN and is_other(a)
               and not _GROUP_WORD.search(window, 0, a.start)  # "หน่วยงานประเภทองค์การบริหารส่วนตำบล": the group
               and not _NEW_CLAUSE.search(window, 0, a.start)
               for a in agencies.find_agencies(window))


def _not_theirs(text: str, pos: int, after: str, is_other: IsOther | None) -> str | None:
    """Why a rank after another agency's name and score is not that agency's: its group names
    a kind of agency the other is not ("รองลงมาคือ สถาบันวิจัย… (องค์การมหาชน) ได้ 89.95 คะแนน
    อยู่ในอันดับที่ 2,133 จาก 2,240 หน่วยงานประเภทเทศบาลตำบล", a wrapped line OCR joined to
    the line before: a rank among tambon municipalities is not the institute's). None where
    the group fits the other agency or names no kind."""
    from normalizers import agencies

    found = agencies.find_agencies(text[max(0, pos - 70) : pos]) if is_other is not None else []
    if not found or not is_other(found[-1]):
        return None
    group = re.split(r"\s+และ|[,()]", after)[0]
    kinds = agencies.types_named(group)
    if not kinds or found[-1].type in kinds:
        return None
    return (f"it follows {found[-1].name}'s score, but its group ({group.strip()}) is no group of "
            "that agency: taken as the document's own rank")


# ได้แก่ / คือ before the agency ranked, its tone marks as OCR reads them ("ได้แก้เทศบาล…")
_NAMED_NEXT = re.compile(r"ได\u0e49?แก[\u0e48\u0e49]?|คือ")

_TOTAL_AFTER = re.compile(r"\s*จาก(?:ทั้งหมด)?\s*(" + _NUMBER + r")\s*(?:หน่วยงาน|แห่ง|อปท\.?)?")

_DIGIT_SPECKS = re.compile(r"\t[0-9๐-๙]{1,2}\s*$")
_PROSE_CELL_CHARS = 20

_SPECK_CELLS = re.compile(r"\t[^\tA-Za-z0-9๐-๙]{1,2}\s*$")


def _doubtful(rank: int, line) -> str | None:
    """Why a rank's digits are in doubt: OCR read the number with low confidence (a rank
    has nothing beside it to bear its digits out, as a level does a score's)."""
    if str(rank) in line.doubtful:
        return f"OCR read the number {rank:,} with low confidence: a digit may be misread"
    return None


def rank_claims(doc: Document, fy: int | None, is_other: IsOther | None = None) -> list[Claim]:
    """Each rank stated, with its group ("อันดับที่ 14 จาก 26 หน่วยงานสังกัด…": of 26;
    "ของประเทศ": the country; "ของอำเภอ", "ของจังหวัด")."""
    out = []
    joined_next = False
    others_rank = False  # the line before ended with a rank of another agency
    for i, line in enumerate(doc.lines):
        if joined_next:  # read with the line before
            joined_next = False
            continue
        after_others, others_rank = others_rank, False
        text = mend_rank_words(without_specks(line.text))
        if "\t" in text and re.search(r"อันดับ|ลำดับ", text) and "\t" not in (bare := _SPECK_CELLS.sub("", text)):
            text = bare  # "ได้ลำดับที๕,๓๑๑<tab>เษ": a short line of prose with a cell of specks
        elif ("\t" in text and len(first := text.split("\t", 1)[0]) >= _PROSE_CELL_CHARS
              and _RANK.search(first) and "\t" not in (bare := _DIGIT_SPECKS.sub("", text))):
            # "และเป็นอันดับที่ 7,282 ของประเทศ<tab>๕๙": a sentence stating its rank whole, then
            # specks far to its right that OCR read as two digits (no table's row: its first
            # cell is the sentence)
            text = bare
        mended = text != without_specks(line.text)  # positions moved: no span
        before = mend_rank_words(doc.lines[i - 1].text)[-20:] if i else ""  # "… และเป็น" / "อันดับที่ 2,441 ของประเทศ"
        if "\t" in text:
            continue
        alone = _RANK_ALONE.match(_FROM_MISREAD.sub(r"\1 จาก ", text))  # ("อันดับที่24 ann 82หน่วยงาน")
        if not _RANK_CONTEXT.search(before + text) and not (alone and _RANK_CONTEXT.search(doc.text)):
            continue
        if i + 1 < len(doc.lines) and "\t" not in doc.lines[i + 1].text and (
                (_RANK_CUT.search(text) and (re.search(r"(?:อันดับ|ลำดับ)\s*(?:ที่)?\s*$|(?:ของ|ใน|จาก|และ|เป็น)\s*$", text)
                                              or _RANK_GOES_ON.match(doc.lines[i + 1].text)))
                or (_RANK.search(text) and _SECOND_RANK_NEXT.match(doc.lines[i + 1].text))):
            # (a line ending with a whole rank, the next going on with a second one and no rank
            # word of its own: "… อันดับ 2 ของอำเภอ" / "และ 76 ของจังหวัด")
            text += " " + mend_rank_words(doc.lines[i + 1].text)  # "… และเป็นอันดับที่" / "5,543 ของประเทศ"
            joined_next = True
        # "อันดับที่ ๔,๐๐๓ VIN ๕,๓๐๐ หน่วยงาน": OCR turned จาก into Latin letters (or จกก);
        # the total and its group are read, and the reading is flagged
        # "จาก I11หน่วยงาน": a total with digits OCR read as Latin letters (I, l, | for 1; O, o
        # for 0): read, and the reading flagged
        latin_total = {}
        for lt in _TOTAL_LATIN.finditer(text):
            digits = lt.group(2).translate(_LATIN_DIGITS)
            latin_total[digits] = f"'{lt.group(2)}' read as {digits}"
        if latin_total:
            text, mended = _TOTAL_LATIN.sub(lambda lt: lt.group(1) + lt.group(2).translate(_LATIN_DIGITS), text), True
        # "อันดับที่ ๓๗ VIN Ke หน่วยงาน…": จาก and its total both misread (the total is lost, the
        # group after it read)
        text = _FROM_AND_TOTAL_MISREAD.sub(r"\1 จาก \3", text)
        misread_from = [m.group(2) for m in _FROM_MISREAD.finditer(text)]
        text = _FROM_MISREAD.sub(r"\1 จาก ", text)
        # the split digits read as one number, and the reading flagged
        split = {m.group(2) + m.group(3): f"'{m.group(2)} {m.group(3)}' read as one number"
                 for m in _SPLIT_RANK.finditer(text)}
        if split:
            text, mended = _SPLIT_RANK.sub(r"\1\2\3", text), True
        # "อันดับที่2891 82หน่วยงาน" for "28 จาก 82": จาก read as digits glued to the rank; the
        # rank is the one shorter reading (one or two digits dropped) within the total, flagged
        def from_as_digits(fd: re.Match) -> str:
            total = numbers.parse_rank(fd.group(3))
            fits = [fd.group(2)[:-k] for k in (1, 2) if len(fd.group(2)) > k and total is not None
                    and (numbers.parse_rank(fd.group(2)[:-k]) or total + 1) <= total]
            if total is None or (numbers.parse_rank(fd.group(2)) or 0) <= total or len(fits) != 1:
                return fd.group()
            split[fits[0]] = f"'{fd.group(2)} {fd.group(3)}': จาก read as '{fd.group(2)[len(fits[0]):]}'"
            return f"{fd.group(1)}{fits[0]} จาก {fd.group(3)}"
        if (glued := _FROM_AS_DIGITS.sub(from_as_digits, text)) != text:
            text, mended = glued, True

        def point_for_comma(pc: re.Match) -> str:
            split[f"{pc.group(2)},{pc.group(3)}"] = f"'{pc.group(2)}.{pc.group(3)}': its thousands comma read as a point"
            return f"{pc.group(1)}{pc.group(2)},{pc.group(3)}"
        if (commad := _POINT_FOR_COMMA.sub(point_for_comma, text)) != text:
            text, mended = commad, True  # "อันดับที่ 4.112 ของประเทศ": a rank has no decimals
        for rl in _RANK_LATIN.finditer(text):  # "ลำดับที่ 9O8": 0 read as O (I, l for 1)
            split[rl.group(2).translate(_LATIN_DIGITS)] = f"'{rl.group(2)}' read as {rl.group(2).translate(_LATIN_DIGITS)}"
        if (latin := _RANK_LATIN.sub(lambda rl: rl.group(1) + rl.group(2).translate(_LATIN_DIGITS), text)) != text:
            text, mended = latin, True
        for zs in _ZERO_SPLIT.finditer(text):  # "ลำดับที่ 9 08": no number begins with 0
            split[zs.group(2) + zs.group(3)] = f"'{zs.group(2)} {zs.group(3)}' read as one number"
        if (zeros := _ZERO_SPLIT.sub(r"\1\2\3", text)) != text:
            text, mended = zeros, True
        for st in _SPLIT_TOTAL.finditer(text):
            latin_total[st.group(2) + st.group(3)] = f"'{st.group(2)} {st.group(3)}' read as one number"
        if (joined := _SPLIT_TOTAL.sub(r"\1\2\3", text)) != text:
            text, mended = joined, True  # "จาก 8 8 หน่วยงาน": the total's digits set apart
        consumed = 0
        for m in _RANK.finditer(text):
            if m.start() < consumed:
                continue
            rank = numbers.parse_rank(m.group(1))
            total = numbers.parse_rank(m.group(2)) if m.group(2) else None
            commas = None
            num_end = m.end()
            total_end = m.end() if m.group(2) else None  # where a total read ends
            if (spaced := _SPACED_THOUSANDS.match(text, m.end(1))) and len(m.group(1)) <= 3 and not m.group(2):
                num_end = spaced.end()
                # "อันดับที่ 1 094 ของประเทศ": the thousands comma read as a space
                rank = numbers.parse_rank(m.group(1) + spaced.group(1))
                commas = f"'{m.group(1)} {spaced.group(1)}' read as one number"
                if (of := _TOTAL_AFTER.match(text, num_end)) and (t := numbers.parse_rank(of.group(1))):
                    total, num_end = t, of.end()  # "๒ ๑๓๓ จาก ๒,๒๔๐ หน่วยงาน…": its total after it
                    total_end = num_end
            if rank is None and "," in m.group(1):
                # "๖,๔,๙๗", "๒,๑๑๑๙": commas OCR misplaced or a digit doubled; the digits
                # are read where the total allows them, and the reading is flagged
                rank = numbers.parse_rank(m.group(1).replace(",", ""))
                commas = f"'{m.group(1)}' has its commas out of place"
                if rank is not None and total is not None and rank > total:
                    rank = None
            if rank is None:
                continue
            commas = commas or split.get(m.group(1))
            if not commas and not m.group(2) and (cut := _CUT_THOUSANDS.match(text, m.end(1))):
                commas = f"'{m.group(1)}{cut.group()}': the digits after its thousands comma are unreadable"
            after_total = total_end or m.end()
            theirs_not = _not_theirs(text, m.start(), text[after_total : after_total + 60], is_other)
            if (other_agency_before(text, m.start(), is_other) and not theirs_not) or (
                    (after_others or others_rank) and re.search(r"และ\s*(?:เป็น)?\s*$", text[: m.start()])):
                # "… อบต.ท่าโพธิได้ 87.76 คะแนนอยู่ในอันดับที่ 16 …" / "…และเป็นอันดับที่ 6,448":
                # a rank joined by และ to another agency's rank is that agency's too
                others_rank = True
                continue
            if _NAMED_NEXT.search(text[m.end() : m.end() + 30]):
                continue  # "อันดับ 1 (ของจังหวัด) ได้แก่ …": another agency's place
            # the group's words end where the next rank begins, also where a wrapped line
            # was joined without a space ("…ส่วนตำบลและเป็นอันดับที่ …")
            nxt = _NEXT_RANK.search(text, m.end())
            upto = text[: nxt.start()] if nxt else text
            group_after_total = None
            if total_end is not None:
                # the group's words up to the next clause; OCR may split them ("หน่วยงา นประเภท…")
                words = re.split(r"\s+และ|[,()]", upto[total_end : total_end + 40])[0].strip()
                group_after_total = words if len(words) >= 2 and not re.match(r"และ|ได้|ด้วย", words) else None
            lost = None if total_end is not None else (
                _TOTAL_UNREAD.match(text, m.end()) or _TOTAL_UNPARSED.match(text, m.end()))
            scope, raw, pos = _scope_after(upto, num_end, group_after_total)
            if lost and lost.end() <= len(upto) and (after_lost := _scope_after(upto, lost.end(), None))[0]:
                scope, raw, pos = after_lost  # "จาก o> แห่ง ของหน่วยงานประเภท…": the group after the lost total
            if _agency_follows(upto, pos, is_other):
                continue  # "อันดับ 1 ของจังหวัด Aun องค์การบริหารส่วนตำบลหนองไทร": ได้แก่ misread
            if total and scope is None and raw is None:
                raw = f"จาก {total}"
            group_lost = None
            if scope is None and raw is None and (lost_group := _scope(text[m.end() : m.end() + 25])):
                # "๓,๓๕๘ ข้อ งประเทศ": a group word is there, its ของ/ใน unreadable
                group_lost = f"the words of its group ({lost_group}) are unreadable"
            elif scope is None and raw is not None and not total:
                group_lost = f"its group '{raw}' names no group known"  # "ของอำผาอ": อำเภอ misread
            # a letter between the cue and the number (the pattern's optional speck)
            cue_end = re.search(r"(?:อันดับ|ลำดับ|ท[ีิ]่?)\s*(?:[A-Za-z]{1,3}\s?)?$", text[: m.start(1)])
            speck = text[m.start(1) - 1] if cue_end is None else None
            year = claim_year(text, m.start(), m.end(), fy)
            if not commas and m.group(2) and m.group(2) in latin_total:
                commas = latin_total[m.group(2)]  # the total's digits: the stored total may be wrong
            if not commas and (doubt := _doubtful(rank, line)):
                commas = doubt  # the digits themselves: the stored number may be wrong
            out.append(Claim("rank", rank, year, "rank_cue", 2, words_around(text, m.start(), m.end()), line,
                             rank_of=total, scope=scope, scope_raw=raw,
                             unreadable=f"จาก {lost.group(1)}" if lost else (
                                 f"'{misread_from[0]}' read as จาก" if misread_from and total else (
                                     f"'{speck}' before the number, dropped" if speck else commas or group_lost)),
                             value_doubtful=commas is not None,
                             total_lost=bool(lost) and not (misread_from or speck or commas or group_lost),
                             attributed=theirs_not,
                             span=m.span(1) if m.end(1) <= len(line.text) and not mended else None))
            while (more := _RANK_AND.match(text, pos)) is not None:
                r2 = numbers.parse_rank(more.group("n"))
                s2, raw2, end = _scope_after(text, more.end(), None)
                if r2 is None or raw2 is None or (more.group("misread") and s2 is None):
                    break
                doubt = _doubtful(r2, line)
                out.append(Claim("rank", r2, year, "rank_and", 2, words_around(text, more.start(), end),
                                 line, scope=s2, scope_raw=raw2, unreadable=doubt, value_doubtful=doubt is not None,
                                 span=more.span("n") if more.end("n") <= len(line.text) and not mended else None))
                pos = end
            consumed = pos
    return out
