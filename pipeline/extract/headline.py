"""Headline fields of each logical document: who, where, which year, overall score,
level, rank, date and number of the document.

The agency is decided for the whole file first: OCR spells one agency several ways
(คอน / ดอน / ตอน), so every mention is clustered, and the spelling with most support
wins — a spelling printed in a title block (with อำเภอ/จังหวัด) or under a signature
counts more than one in running text.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from normalizers import agencies, dates, doc_numbers, gazetteer, numbers, places
from pipeline.extract import (
    statement_indices, statement_levels, statement_overall, statement_ranks, statements,
)
from pipeline.extract.statements import plausible_fiscal_year
from pipeline.flags import new_flag
from pipeline.segment import MEMO, NOT_ITA_RESULTS, OTHER_MEMO, Document, Line, squeezed, squeezed_map
from pipeline.valuebox import value_box
from schemas.records import (
    AgencyRecord,
    EvidenceRecord,
    FlagRecord,
    IndexScoreRecord,
    RankRecord,
    ReportRecord,
    YearResultRecord,
)

# ---------------------------------------------------------------- agency


@dataclass(frozen=True)
class Mention:
    agency: agencies.Agency
    line_index: int  # in the file's line list
    weight: float


_JOIN_WITHIN = 300  # a line of prose; a longer one (bad input, one huge line) is not searched again per name


def _mentions(docs: list[Document]) -> list[tuple[int, Mention]]:
    """(doc index, mention) for every agency mention in the file, weighted by where it
    stands: a title block or a signature is stronger evidence than running text."""
    out = []
    wrapped: dict[int, agencies.Agency] = {}  # mention index -> the name read across the line break
    k = 0
    for doc in docs:
        for i, line in enumerate(doc.lines):
            found, spaced = _line_agencies(line.text)
            for ag in found:
                if len(ag.base) < 2:
                    continue
                if ag.end == len(line.text) and i + 1 < len(doc.lines):
                    joined = agencies.find_agencies(line.text + doc.lines[i + 1].text)
                elif len(line.text) <= _JOIN_WITHIN and re.match(r" [\u0e01-\u0e4e]", line.text[ag.end : ag.end + 2]):
                    # a space OCR put inside the name ("สถาบันเทคโนโลยีพระจอม เกล้า…")
                    joined = agencies.find_agencies(line.text[: ag.end] + line.text[ag.end + 1 :])
                else:
                    joined = []
                whole = next((j for j in joined if j.start == ag.start), None)
                if whole is not None and whole.base != ag.base:
                    wrapped[len(out)] = whole
                elif id(ag) in spaced:
                    wrapped[len(out)] = spaced[id(ag)]
                after = line.text[ag.end : ag.end + 40]
                before = line.text[: ag.start]
                weight = 1.0
                if agencies.is_assessor(ag):
                    continue  # the assessor (ป.ป.ช.), named in every ITA document
                if re.search(r"ส่วนราชการ\s*$", before) or not (before + after).strip():
                    weight += 3.0  # a memo's header, or a title line that is the name alone
                if re.search(r"อำเภอ|อ\.|จังหวัด|จ\.", after):
                    weight += 3.0  # title block (name, district, province): typed with care
                if re.search(r"(นายก|ปลัด|ผู้ว่าการ|อธิการบดี|อธิบดี|ผู้อำนวยการ|เลขาธิการ)\s*$", before) \
                        and len(before) < 20:
                    weight += 1.0  # signature block: the agency's own officials
                if statements.another_agency_before(before):
                    weight = 0.25  # "รองลงมาคือ X", "สำหรับในอำเภอเดียวกัน X": named as another agency
                out.append((doc.index, Mention(ag, k, weight)))
            k += 1
    # A name at the end of a line may go on in the next (a PDF wraps "…ลำ" / "พะยอม"), or
    # after a space OCR put in it ("สถาบันเทคโนโลยีพระจอม เกล้า…", "วิเชตนค ร"): read it whole
    # where the whole name is written elsewhere in the file.
    bases = {m.agency.base for n, (_, m) in enumerate(out) if n not in wrapped}
    for n, whole in wrapped.items():
        if whole.base in bases:
            d, m = out[n]
            out[n] = (d, Mention(whole, m.line_index, m.weight))
    return out


def _line_agencies(text: str) -> tuple[list[agencies.Agency], dict[int, agencies.Agency]]:
    """(agencies named on a line, {id of one of them: the longer name it may be the start
    of}). OCR of Word's distributed justification spaces a name's letters apart
    ("องค์ การบริหารส่ วนตำบลวิเชตนค ร"). A local administration's name found only once
    the spaces between Thai letters are taken out counts where a space stood inside its
    type label (a label is never written spaced, while "…กรม โทร." squeezed would be กรมโทร);
    its place name is read up to its first space, as an unspaced line's is. A place name
    that goes on past an OCR space ("…วิเชตนค ร", "…หนอ งน้าใส") may be that longer name
    or be followed by a real word ("…หนองน้าใส งานนิติการ"): the name up to the next
    space is offered to the caller, which takes it where the file writes it elsewhere."""
    found = agencies.find_agencies(text)
    tight, at = squeezed_map(text)
    if tight == text:
        return found, {}
    spaced: dict[int, agencies.Agency] = {}
    extra = []
    for ag in agencies.find_agencies(tight):
        if ag.type not in places.LOCAL_TYPES:  # a type label and a place name, as above
            continue
        start = at[ag.start]
        label_end = ag.end - len(ag.base)
        # where the place name crosses a space of the line as written
        cuts = [k for k in range(label_end + 2, ag.end) if at[k] > at[k - 1] + 1] + [ag.end]

        def upto(k: int, ag=ag, start=start) -> agencies.Agency:
            drop = ag.end - k
            return dataclasses.replace(ag, name=ag.name[: len(ag.name) - drop],
                                       base=ag.base[: len(ag.base) - drop],
                                       raw=text[start: at[k - 1] + 1], start=start, end=at[k - 1] + 1)

        over = [f for f in found if start < f.end and f.start < at[ag.end - 1] + 1]
        if not over and at[label_end - 1] - start > label_end - 1 - ag.start:
            extra.append(short := upto(cuts[0]))
            if len(cuts) > 1:
                spaced[id(short)] = upto(cuts[1])
        elif len(over) == 1 and over[0].start == start and over[0].type == ag.type:
            longer = next((upto(k) for k in cuts if at[k - 1] + 1 > over[0].end), None)
            if longer is not None and longer.base.startswith(over[0].base):
                spaced[id(over[0])] = longer
    return sorted(found + extra, key=lambda a: a.start), spaced


_LEADING_VOWELS = "เแโใไ"


def _same_agency(a: agencies.Agency, b: agencies.Agency) -> bool:
    """Two mentions name the same agency when their place names are one or two OCR
    slips apart (ดอน/คอน, โพนทอง/พนหอง), or one is the other cut short where OCR
    turned the rest into Latin letters (พนทong → พนท, of โพนทอง) or a line break
    cut it (…ทุ่ง / สะแบง). Different types are different agencies, however close the
    names: the อบต. and the เทศบาลตำบล of one place are two agencies, and OCR does not turn
    one type label into the other."""
    if a.type != b.type:
        return False
    if a.base == b.base:
        return True
    longest = max(len(a.base), len(b.base))
    if a.type not in places.LOCAL_TYPES:
        return agencies.same_national_name(a.base, b.base)
    if Levenshtein.distance(a.base, b.base) <= max(1, longest // 3):
        return True
    if gazetteer.skeleton(a.base) == gazetteer.skeleton(b.base):  # นำอ้อม / น้าอ้อน: look-alikes only
        return True
    short, long_ = sorted((a.base.lstrip(_LEADING_VOWELS), b.base.lstrip(_LEADING_VOWELS)), key=len)
    return len(short) >= 3 and long_.startswith(short)


def _province_word_garbled(a: agencies.Agency, b: agencies.Agency) -> bool:
    """A provincial office whose จังหวัด OCR garbled (จูงหวัด) reads as a department: in a
    statement it is the same office where the names are a slip apart."""
    return {a.type, b.type} == {"PROVINCIAL_OFFICE", "DEPARTMENT"} and agencies.same_national_name(a.base, b.base)


def _clusters(mentions: list[Mention]) -> list[list[Mention]]:
    """Single-linkage: a mention joins the first cluster holding a spelling close to
    its own (so ดอย joins via ดอน even when the cluster started with คอน)."""
    clusters: list[list[Mention]] = []
    for m in mentions:
        for c in clusters:
            if any(_same_agency(other.agency, m.agency) for other in c):
                c.append(m)
                break
        else:
            clusters.append([m])
    return clusters


def _best_spelling(cluster: list[Mention]) -> agencies.Agency:
    support: dict[str, float] = {}
    first: dict[str, agencies.Agency] = {}
    for m in cluster:
        support[m.agency.name] = support.get(m.agency.name, 0.0) + m.weight
        first.setdefault(m.agency.name, m.agency)
    # a public organisation read without its "(องค์การมหาชน)" where OCR garbled it is the
    # whole name read short: its support goes to the whole name
    for name in list(support):
        whole = [n for n in support if n != name and agencies.without_public_org(n) == name]
        if whole:
            support[whole[0]] += support.pop(name)
    # a national agency's long name cut short by a line break (a signature's
    # "อธิบดีสำนักงานปลัดกระทรวงการ" over "อุดมศึกษา วิทยาศาสตร์ วิจัยและ" over "นวัตกรรม")
    # is the whole read short, however often the signatures cut it: its support goes to
    # the longest spelling it starts that is written twice or more (once is a name with
    # the next word glued on: "…ลาดกระบังความเห็น"), where the longer ones it starts are
    # starts of that
    written = {name: sum(1 for m in cluster if m.agency.name == name) for name in support}
    for name in sorted(support, key=len):
        if first[name].type in places.LOCAL_TYPES:
            continue
        wholes = sorted((n for n in support if n != name and written.get(n, 0) >= 2
                         and agencies.start_of(first[name], first[n])), key=len)
        if wholes and all(agencies.start_of(first[w], first[wholes[-1]]) for w in wholes[:-1]):
            support[wholes[-1]] += support.pop(name)
    # a local administration's place that exists nowhere (ชัยฏมิ) is OCR's, not the name,
    # where another spelling's place exists
    best = max(support, key=lambda name: (_place_exists(first[name]), support[name], -list(first).index(name)))
    return first[best]


def _place_exists(agency: agencies.Agency) -> bool:
    """Whether a local administration's place name is a place of the gazetteer (one a
    national agency does not have: True)."""
    from normalizers.gazetteer import resolve_place

    levels = agencies.PLACE_LEVELS.get(agency.type)
    return levels is None or all(
        resolve_place(part, levels=levels) is not None or resolve_place(part.removeprefix("เมือง"), levels=levels)
        is not None for part in agency.base.split("-"))


@dataclass(frozen=True)
class AgencyChoice:
    agency: agencies.Agency | None
    raw: str | None
    variants: tuple[str, ...]  # the chosen agency's spellings in this document (canonical form)
    others: tuple[str, ...] = ()  # other agencies named in this document (canonical form)
    written: tuple[str, ...] = ()  # the chosen agency's spellings in the whole file, as written


def choose_agencies(docs: list[Document]) -> dict[int, AgencyChoice]:
    """The agency of each document, decided on the whole file's evidence."""
    tagged = _mentions(docs)
    clusters = _clusters([m for _, m in tagged])
    if not clusters:
        return {d.index: AgencyChoice(None, None, ()) for d in docs}
    cluster_of = {id(m): c_i for c_i, c in enumerate(clusters) for m in c}
    total = [sum(m.weight for m in c) for c in clusters]
    main = max(range(len(clusters)), key=lambda i: (total[i], -i))
    # a name cut short (a signature's "สำนักงานคณ") gives way to the whole it is the start of
    longer = [i for i, c in enumerate(clusters)
              if agencies.start_of(_best_spelling(clusters[main]), _best_spelling(c))]
    if longer:
        main = max(longer, key=lambda i: (len(_best_spelling(clusters[i]).name), total[i]))
    choices = {}
    for doc in docs:
        own = [m for d, m in tagged if d == doc.index]
        in_main = [m for m in own if cluster_of[id(m)] == main]
        if in_main or not own:
            c_i = main
        else:  # this document is about another agency (all its mentions say so)
            c_i = max({cluster_of[id(m)] for m in own}, key=lambda i: total[i])
        chosen = _best_spelling(clusters[c_i])
        raw_m = next((m for m in own if cluster_of[id(m)] == c_i), None)
        # spellings in this document, compared by canonical name (อบต./องค์กร… are not variants)
        variants = tuple(dict.fromkeys(m.agency.name for m in own if cluster_of[id(m)] == c_i))
        # the own name cut short ("สำนักงานคณ" of สำนักงานคณะกรรมการอาหารและยา) is no other agency
        others = tuple(dict.fromkeys(m.agency.name for m in own if cluster_of[id(m)] != c_i
                                     and not agencies.start_of(m.agency, chosen)))
        written = tuple(dict.fromkeys(" ".join(m.agency.raw.split()) for m in clusters[c_i]))
        choices[doc.index] = AgencyChoice(chosen, raw_m.agency.raw if raw_m else None, variants, others,
                                          written)
    return choices


# ---------------------------------------------------------------- scores, level, rank
# Which words state the result, and which numbers beside them are not it, is
# pipeline/extract/statements.py; here the document's own year's values are taken.

_DOC_NUMBER = re.compile(r"^ที่\s+(.+?)\s+(?:ลง)?วันที่")
# a code in Latin letters before the digits: OCR's reading of a Thai one ("UN" for ขก)
_LATIN_CODE = re.compile(r"[A-Za-z]{1,4}\.?\s?[0-9๐-๙]")
_DOC_DATE = re.compile(r"วันที่\s*(.{6,40})$")  # (OCR may drop the space: "408วันที่18 ตุลาคม 2567")
# ที่ glued to the number by OCR ("ที่ชย ๗๒๒๒๕/๓๐๘ วันที่ …"): only a number of the official
# shape (a province code, digits, a slash) is taken. The bold label may lose its tone mark
# or read its vowel wrong (ที, ทิ), and the slash may be lost ("ทีชย 81367 317"). A code
# letter with a mark is a misread code (ชูป for ชบ): no number rather than a wrong one.
_GLUED_DOC_NUMBER = re.compile(
    r"^ท[ีิ]่?\s*([ก-ฮ]{2,3}\.?\s?[0-9๐-๙]{3,})(\s?/\s?|\s)([0-9๐-๙]+)(?![0-9๐-๙])"
)


def _first_of_year(claims: list[statements.Claim], fy: int | None, year: int | None):
    """(value, line) of the strongest claim for `year` (default: the own year)."""
    if year is None or year == fy:
        reading = statements.choose(claims, fy)
        return (reading.claim.value, reading.claim.line) if reading.claim else None
    mine = [c for c in claims if c.year == year]
    if not mine:
        return None
    best = max(mine, key=lambda c: c.strength)
    return best.value, best.line


def find_overall(doc: Document, fy: int | None, year: int | None = None,
                 is_other: statements.IsOther | None = None) -> tuple[float, Line] | None:
    """(overall score, the line it stands on): the number the text names as the ITA /
    overall result of the document's own year. With `year`, the result the document
    quotes for that (earlier) year."""
    return _first_of_year(statement_overall.overall_claims(doc, fy, is_other), fy, year)


def find_level(doc: Document, fy: int | None, year: int | None = None,
               is_other: statements.IsOther | None = None) -> tuple[str, Line] | None:
    """(level, the line it stands on) after a level cue, for the own year (or `year`)."""
    return _first_of_year(statement_levels.level_claims(doc, fy, is_other), fy, year)


def find_quoted_results(doc: Document, fy: int | None,
                        claims: list[statements.Claim] | None = None) -> list[YearResultRecord]:
    """Results the document quotes for earlier years, in prose ("จากปีงบประมาณ พ.ศ.๒๕๖๖ …
    ได้รับผลการประเมินอยู่ในระดับ B (๘๗.๔๐ คะแนน)", "ปี 2560 ได้ 77.57 คะแนน") or in a table
    of past years; report_id left empty."""
    if claims is None:
        claims = statement_overall.overall_claims(doc, fy) + statement_levels.level_claims(doc, fy)
    out = []
    for y in statements.quoted_years(claims, fy):
        of_year = [c for c in claims if c.year == y]
        overall = max((c for c in of_year if c.field == "overall_score"), key=lambda c: c.strength, default=None)
        level = max((c for c in of_year if c.field == "level"), key=lambda c: c.strength, default=None)
        if overall or level:
            first = overall or level
            out.append(YearResultRecord(
                report_id="", fiscal_year=y, quoted=True,
                overall_score=overall.value if overall else None, level=level.value if level else None,
                page=first.line.page_no, **claim_box(first),
                words=" | ".join(dict.fromkeys(c.words for c in (overall, level) if c)),
            ))
    return out


def find_ranks(doc: Document, fy: int | None) -> list[tuple[int, int]]:
    """(rank, page) each time the document states its own year's rank."""
    return [(c.value, c.line.page_no) for c in statement_ranks.rank_claims(doc, fy) if statements.own_year(c, fy)]


# "ประจำปี 2564" without งบประมาณ, as news pages write the fiscal year (the letters OCR
# spaced apart in a tracked font, "ป ระจำปี พ . ศ .", are read by read_fiscal_year's
# second pass, _tight_year). พ.ศ. in a bold or tracked font may come garbled ("wia."): up
# to four letters and a point, no digit, between งบประมาณ and the year still stand for
# it; its พ read and the rest garbled, digits too ("ประจำปีพ91. ๒๕๖๕", "พ11. 2568")
# (the era's พ may come as digits or Latin letters on a scan: "ประจำปีงบประมาณ 14.ศ. ๒๕๖๗")
# (พ.ศ. read as Latin letters: "ประจำปี" / "wid. ๒๕๖๕", a line break between)
_PER_YEAR = re.compile(r"ประจำปี\s*(?:งบประมาณ)?\s*(?:พ\.ศ\.|(?<=ณ )[^\s0-9๐-๙]{1,4}\.|พ[^\s.]{1,3}\.|[A-Za-z]{2,3}\.|"
                       r"(?<=ณ )[0-9A-Za-z]{1,2}\.\s?ศ\.)?\s*"
                       r"([๒2][๕5][0-9๐-๙]{2})(?![0-9๐-๙])")


def find_fiscal_year(doc: Document) -> int | None:
    return read_fiscal_year(doc)[0]


def read_fiscal_year(doc: Document) -> tuple[int | None, str | None, str | None]:
    """(fiscal year, rule, words): a year after ประจำปี(งบประมาณ) in the head, else any
    ปีงบประมาณ / ปี พ.ศ. phrase of the head, else the year of an "(ITA) ๒๕๖๖" title or
    running header, else a phrase of the whole document."""
    # each text is built only when the one before gave no year (most heads give it)
    for lines, where in ((doc.lines[:20], "head"), (doc.lines, "body")):
        if where == "body":  # "การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๖", a running header or
            # title whose ประจำปีงบประมาณ line OCR garbled ("พ.ศ. ado", "พ11. 2568")
            for line in doc.lines[:20]:
                if (m := _ITA_YEAR.search(line.text)) and plausible_fiscal_year(
                        year := int(numbers.to_arabic_digits(m.group(1)))):
                    return year, "ita_year_head", line.text[:200]
        # as written, then with OCR's spaces inside Thai words and พ . ศ . taken out
        # ("ป ระจำปี พ . ศ . ๒๕๖๔", Word's distributed justification); a ประจำปี phrase so
        # read before any looser phrase as written ("(เทียบกับปีงบประมาณ พ . ศ . ๒๕๖๖")
        for tight in (False, True):
            text = "\n".join(_tight_year(line.text) if tight else line.text for line in lines)
            for m in _PER_YEAR.finditer(text):
                if plausible_fiscal_year(year := int(numbers.to_arabic_digits(m.group(1)))):
                    return year, f"per_year_{where}", _line_of(text, m.start())
        for tight in (False, True):
            # a table row's ปีงบประมาณ is a measure's period, which names the next year
            plain = "\n".join(_tight_year(line.text) if tight else line.text for line in lines
                              if "\t" not in line.text)
            if plausible_fiscal_year(year := dates.find_fiscal_year(plain)):
                return year, f"fiscal_year_{where}", None
    return None, None, None


_ITA_YEAR = re.compile(r"\(\s?ITA\s?\)\s*(?:ประจำปี\s*)?([๒2][๕5][0-9๐-๙]{2})(?![0-9๐-๙])")
_SPACED_ERA = re.compile(r"พ\s*\.\s*ศ\s*\.")


# ปี before งบประมาณ with its vowel misread or doubled by OCR ("ประจำปิงบประมาณ",
# "ประจำปีิงบประมาณ" on a Chromium grid page's bold title)
_GARBLED_YEAR_WORD = re.compile(r"ป(?:[\u0e34\u0e35\u0e37]{2}|\u0e34|\u0e37)(?=งบประมาณ)")


def _tight_year(text: str) -> str:
    return _GARBLED_YEAR_WORD.sub("ปี", _SPACED_ERA.sub("พ.ศ.", squeezed(text)))


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)][:200]


# A memo's number without its label, as OCR leaves it when the bold ที่ / วันที่ are
# misread ("n ชม 76835 127\tJun 4 กันยายน 2566"): province code, 4-5 digit office code,
# then the running number after a slash that OCR may have lost.
_BARE_DOC_NUMBER = re.compile(
    r"(?<![\u0e01-\u0e4e])([ก-ฮ]{2}\.?\s?[0-9๐-๙]{4,5})(?:\s*/\s*|\s+)([0-9๐-๙]{1,4}(?![0-9๐-๙])|-)?"
)  # (the running number may be glued to วันที่: "นม๘๘๑๖๙/๔๔๑วันที่ ๒๙…")
# the office's number and the memo's running number of a memo's ที่ line; OCR may lose the
# slash ("นว 83346 408", "จบ๗๒๐๓๓๖๖๔") or double a digit ("๗๗๘๙๒๐/๕๘๔"): for the date
# beside it, a run of five digits or more near the line's start (a phone number is in fours)
_OFFICE_NUMBER = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{4,5}\s?/\s?[0-9๐-๙]{1,4}(?![0-9๐-๙])"
                            r"|(?<![0-9๐-๙])[0-9๐-๙]{5,}(?:\s?/?\s?[0-9๐-๙]{1,4}(?![0-9๐-๙]))?")
_OFFICE_NUMBER_WITHIN = 40
# or the ที่ label opening the line and a running number after a slash, whatever OCR made
# of the office's number ("ที พล ส่ต ๐๒/๒๐๐ TUN ๒๐ สิงหาคม ๒๕๖๕"; not a sentence "ที่ ๒๕ ตุลาคม …")
_NUMBER_LABEL = re.compile(r"^\s*ท[ีิ]่?\s[^/]{2,16}/\s?[0-9๐-๙]{1,4}(?![0-9๐-๙])")


def _one_day(text: str):
    """The first date in `text` that names one day, or None."""
    return next((f.start for f in dates.find_dates(text) if f.error is None and f.start == f.end), None)


def find_doc_number_and_date(doc: Document):
    """(document number, date) from a memo's ที่ … วันที่ … line; when OCR garbled the
    labels, from a line in the head that holds a number of the official shape and a date."""
    number = doc_date = None
    for line in doc.lines[:8]:
        text = line.text.strip()
        if number is None and (m := _DOC_NUMBER.match(text)):
            number = None if _LATIN_CODE.match(m.group(1)) else m.group(1).strip(" /-")
        elif number is None and (m := _GLUED_DOC_NUMBER.match(text)):
            separator = m.group(2) if "/" in m.group(2) else "/"  # a lost slash put back
            number = f"{m.group(1)}{separator}{m.group(3)}"
        d = _DOC_DATE.search(line.text)
        if d and doc_date is None:
            parsed = dates.parse_date(d.group(1))
            if parsed is not None and parsed.error is None and parsed.start == parsed.end:
                doc_date = parsed.start
    if doc_date is None:
        # the date beside the number, its วันที่ label misread ("TUN ๒๗ พฤศจิกายน ๒๕๖๘"),
        # however garbled the number's own label and code ("NAT ๗๕๐๗๘/๕๕๕\tJUN ๓๐ …")
        for line in doc.lines[:8]:
            m = _OFFICE_NUMBER.search(line.text, 0, _OFFICE_NUMBER_WITHIN) or _NUMBER_LABEL.match(line.text)
            if m and (doc_date := _one_day(line.text[m.end():])) is not None:
                break
    if number is None and doc.doc_type in (MEMO, OTHER_MEMO):
        for line in doc.lines[:8]:
            m = _BARE_DOC_NUMBER.search(line.text)
            day = _one_day(line.text[m.end():]) if m else None
            if m and day is not None:
                number = f"{m.group(1)}/{m.group(2)}" if m.group(2) and m.group(2) != "-" else m.group(1)
                doc_date = doc_date or day
                break
    # the province code and the number stand apart ("สข ๘๔๑๓๒/๖๔๓"); OCR often drops the space
    return (_CODE_GLUED.sub(r"\1 ", number) if number else None), doc_date


_CODE_GLUED = re.compile(r"^([ก-ฮ]{2,3})(?=[0-9๐-๙])")

# A memo's number whose bold code OCR misread: with a mark among its letters ("ทีชูบ๗๙๖๙๒/๑๕๑")
# or as Latin letters ("NUN ๘๙๘๒๙/๒๗", "i wa 85005 409"); the office's five digits and
# the running number stand as printed, the slash perhaps lost.
_MARKED_CODE_NUMBER = re.compile(
    r"^ท[ีิ]่?\s*([ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*[ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*)\s?"
    r"([0-9๐-๙]{5})(?:\s?/\s?|\s)([0-9๐-๙]{1,4})(?![0-9๐-๙])")
_LATIN_CODE_NUMBER = re.compile(
    r"^(?:ท[ีิ]่?\s*)?(?:[A-Za-z]{1,4}\.?\s){0,2}[A-Za-z]{1,4}\.?\s?"
    r"([0-9๐-๙]{2}[,.]?[0-9๐-๙]{3})(?:\s?/\s?|\s)([0-9๐-๙]{1,4})(?![0-9๐-๙])")
# the same inside a line the ที่ line was joined to ("…โทร. ๐ ๔๓๒๗-๖๙๓๔ NUN ๘๘๑๖๙/๔๔๑ TUN ๒๙ …"):
# only with its slash, and a date after it
_LATIN_CODE_NUMBER_IN_LINE = re.compile(
    r"(?<![A-Za-z])[A-Za-z]{2,4}\s?([0-9๐-๙]{5})\s?/\s?([0-9๐-๙]{1,4})(?![0-9๐-๙])")
_SLASH_LOST = re.compile(r"([ก-ฮ]{2,3}\.?) ?([0-9๐-๙]{5}) ([0-9๐-๙]{1,4})")
_SPECKED_NUMBER = re.compile(r"([ก-ฮ]{2}) ?([0-9๐-๙])[,.]([0-9๐-๙]{4}) ?/ ?([0-9๐-๙]{1,4})(?![0-9๐-๙])")
_MIXED_DIGITS = re.compile(r"[0-9][๐-๙]|[๐-๙][0-9]")
# a day, a word that may be a month OCR garbled ("๘ จั้นวาคม๒๕๖๔", "๑๑ ธินวาคม ๒๕๖๘"), a year
_GARBLED_DATE = re.compile(
    r"(?<![0-9๐-๙])([0-9๐-๙]{1,2})\s{0,3}([\u0e01-\u0e4e]{4,12})\s{0,3}(?:พ\.\s?ศ\.\s?)?"
    r"([0-9๐-๙]{4})(?![0-9๐-๙])")


def repair_doc_number_and_date(doc: Document, number: str | None, doc_date, province: str | None,
                               local: bool):
    """(number, date, [(words, why)]) where the memo's head holds what find_doc_number_and_date
    could not read: a code with a stray mark that is a province's code, a code misread as
    Latin letters or one letter off the province's own (a local administration writes its
    province's code: normalizers/doc_numbers.py), a month garbled. Every value so read is
    returned with the words it came from, for a flag."""
    doubts = []
    if number is not None and (m := _SLASH_LOST.fullmatch(number)):  # "พล 77446 722", as the
        number = f"{m.group(1)} {m.group(2)}/{m.group(3)}"  # glued reading puts it back
    if number is not None and _MIXED_DIGITS.search(number):  # "๘๔๗๗๖9": a digit misread
        doubts.append((number, f"เลขที่ {number} มีเลขไทยปนเลขอารบิก (the number mixes Thai and Arabic "
                               "digits: OCR misread one of them)"))
    if doc.doc_type not in (MEMO, OTHER_MEMO):
        return number, doc_date, doubts
    head = [line.text.strip() for line in doc.lines[:8]]
    # a speck read as a comma or point after the office number's first digit ("นศ ๗.๑๔๒๔/๔๑๓",
    # "ที่ นศ ๗,๑๔๒๔/๔๑๓ Jun ๕ ธันวาคม"; an office number is five digits or ๐๘๐๘.๓): left out, flagged
    specked = _SPECKED_NUMBER.fullmatch(number) if number else next(
        (m for t in head if (m := _SPECKED_NUMBER.match(re.sub(r"^ท[ีิื]่?\s*", "", t))) and t.startswith("ท")), None)
    if specked:
        number = f"{specked.group(1)} {specked.group(2)}{specked.group(3)}/{specked.group(4)}"
        doubts.append((specked.group(0), f"เลขที่ '{specked.group(0)}' มีจุดหรือจุลภาคในเลขหน่วยงาน อ่านเป็น "
                                         f"{number} (a speck inside the office's number, left out)"))
    own = doc_numbers.province_code(province) if local else None
    if number is None:
        for text in head:
            # (a local administration whose province's code is known: its letters alone, no look-alike)
            mended = doc_numbers.code_without_marks if own else doc_numbers.code_by_lookalike
            if (m := _MARKED_CODE_NUMBER.match(text)) and (code := mended(m.group(1))):
                number = f"{code} {m.group(2)}/{m.group(3)}"
                doubts.append((text, f"รหัส '{m.group(1)}' อ่านเป็น {code} (the number's code was read "
                                     f"with a stray mark or a look-alike letter, '{m.group(1)}'; {code}, a "
                                     "province's code, is taken)"))
                break
            m = _LATIN_CODE_NUMBER.match(text) or next(
                (m for m in _LATIN_CODE_NUMBER_IN_LINE.finditer(text) if _one_day(text[m.end():])), None)
            if own and m:
                number = f"{own} {re.sub('[,.]', '', m.group(1))}/{m.group(2)}"
                doc_date = doc_date or _one_day(text[m.end():])
                doubts.append((text, f"รหัสหน้าเลขที่อ่านไม่ได้ ใช้รหัสจังหวัด{province} {own} (the number's "
                                     f"code was misread as Latin letters; {own}, the code of the agency's "
                                     f"province, is taken)"))
                break
    elif local and (code := doc_numbers.code_of_province(number.split(" ")[0], province)):
        written = number.split(" ")[0]
        number = code + number[len(written):]
        doubts.append((next((t for t in head if written in t), written),
                       f"รหัส '{written}' ไม่ใช่รหัสจังหวัด ใช้ {code} ของจังหวัด{province} (the number's code "
                       f"'{written}' is no province's code and one letter off {code}, the code of the "
                       "agency's province: taken as a misread)"))
    elif not (local and own) and (code := doc_numbers.code_by_lookalike(written := number.split(" ")[0])):
        # no province's code as read, one look-alike letter or a stray mark off one
        # ("สฏ", "สฏู" for สฎ, "ปร" for บร): the province's code, flagged
        number = code + number[len(written):]
        doubts.append((_number_line(head, written),
                       f"รหัส '{written}' ไม่ใช่รหัสจังหวัด อ่านเป็น {code} (the number's code '{written}' "
                       f"is no province's code; {code}, one look-alike letter or mark off it, is taken)"))
    elif local and not doc_numbers.is_province_code(written := number.split(" ")[0]) \
            and re.fullmatch("[ก-ฮ]{2}", written):
        # a local administration writes its province's code: this one is misread
        doubts.append((_number_line(head, written),
                       f"รหัส '{written}' ไม่ใช่รหัสจังหวัด (the number's code '{written}' is no province's "
                       "code, which a local administration writes: OCR may have misread it)"))
    elif own and (written := number.split(" ")[0]) != own and doc_numbers.is_province_code(written):
        # another province's code: a misread (นบ for นม) that no letter rule can tell
        doubts.append((_number_line(head, written),
                       f"รหัส '{written}' ไม่ใช่รหัสของจังหวัด{province} ({own}) (the number's code is another "
                       "province's, where a local administration writes its own: OCR may have misread it)"))
    if doc_date is None:
        for text in head:
            if not (_OFFICE_NUMBER.search(text, 0, _OFFICE_NUMBER_WITHIN) or "วัน" in text):
                continue
            for m in _GARBLED_DATE.finditer(squeezed(text)):
                if (day := _garbled_day(m)) is not None:
                    doc_date = day
                    doubts.append((text, f"วันที่อ่านจากชื่อเดือนที่อ่านไม่ชัด '{m.group(2)}' (the date's month "
                                         f"is garbled, '{m.group(2)}': read as {day.isoformat()})"))
                    break
            if doc_date is not None:
                break
    return number, doc_date, doubts


def _number_line(head: list[str], code: str) -> str:
    """The head's line where `code` stands before digits (the number's line), else the code."""
    return next((t for t in head if re.search(re.escape(code) + r"\s?[0-9๐-๙]", t)), code)


def _garbled_day(m: re.Match):
    """The date of a _GARBLED_DATE match whose word is a garbled month, or None."""
    month = dates.garbled_month(m.group(2))
    year = int(numbers.to_arabic_digits(m.group(3)))
    if month is None or not plausible_fiscal_year(year):
        return None
    try:
        return datetime.date(dates.be_to_ce(year), month, int(numbers.to_arabic_digits(m.group(1))))
    except ValueError:
        return None


_WRAPPED_PLACE = re.compile(r"(?:อำเภอ|จังหวัด|(?<![\u0e01-\u0e4e])[อจ]\.)\s*$")


def _next_text(doc: Document, i: int) -> str:
    """The next line's text, for a phrase that a PDF or a scan wrapped."""
    return doc.lines[i + 1].text if i + 1 < len(doc.lines) else ""


def _without_others(text: str, is_other) -> str:
    """The text with other agencies' names blanked: the จังหวัดนครสวรรค์ of "ได้แก่
    องค์การบริหารส่วนจังหวัดนครสวรรค์" is that agency's, not the document's place."""
    if is_other is None:
        return text
    for a in agencies.find_agencies(text):
        if is_other(a):
            text = text[: a.start] + " " * (a.end - a.start) + text[a.end :]
    return text


def _place(doc: Document, all_docs: list[Document], is_other=None):
    """District and province stated in this document, else elsewhere in the file (not in
    another agency's name)."""
    def search(d: Document, squeeze: bool):
        district = province = None
        for i, line in enumerate(d.lines):
            text = line.text
            if _WRAPPED_PLACE.search(text):  # "… อำเภอเสนา จังหวัด" / "พระนครศรีอยุธยา"
                text += _next_text(d, i)
            if squeeze:  # OCR's spaces inside Thai words: "อำ เภอแจ้ห่ม จัง หวัดลำปาง"
                if (tight := squeezed(text)) == text:
                    continue
                text = tight
            d_here = None if district else places.find_district(text)
            p_here = None if province else places.find_province(text)
            if (d_here or p_here) and is_other is not None:  # (find_agencies only where a place is named)
                text = _without_others(text, is_other)
                d_here = d_here and places.find_district(text)
                p_here = p_here and places.find_province(text)
            district, province = district or d_here, province or p_here
        return district, province

    district = province = None
    for other in (doc, *(d for d in all_docs if d is not doc)):
        for squeeze in (False, True):  # as written first
            if district is not None and province is not None:
                return district, province
            d2, p2 = search(other, squeeze)
            district, province = district or d2, province or p2
    # a province OCR garbled past reading ("อำเภอประโคนชัย จัจั:งหวัดบุรีรัมย์"): the one its
    # district lies in, where the district's line states a province, or names that
    # province after it with จังหวัด read as Latin ("อำเภอเชียงของ Fonda เชียงราย")
    if province is None and district and (
            name := gazetteer.province_of_district(gazetteer.read_district(district, None).name)) and any(
            district in line.text and (_PROVINCE_WORD.search(line.text) or name in line.text.split(district, 1)[1])
            for line in doc.lines):
        province = places.Province(name, district, True, 100.0)
    return district, province


_PROVINCE_WORD = re.compile(r"ง\S{0,2}ห\S{0,2}[ดต]")  # จังหวัด, its first letters garbled


# ---------------------------------------------------------------- the documents


def report_id(file_id: str, doc_index: int) -> str:
    return f"{file_id[:16]}-{doc_index}"


@dataclass(frozen=True)
class Headline:
    """A document's headline record and the evidence the checks need about it."""

    report: ReportRecord
    agency: AgencyChoice
    ranks: tuple[tuple[int, int, str | None], ...]  # every (rank, page, group) stated for its year
    year_results: tuple[YearResultRecord, ...]  # its own year's result and quoted earlier ones
    flags: tuple[FlagRecord, ...]
    evidence: tuple[EvidenceRecord, ...] = ()
    rank_rows: tuple[RankRecord, ...] = ()
    index_scores: tuple[IndexScoreRecord, ...] = ()
    agency_record: AgencyRecord | None = None  # the agencies row the report links to
    unknown_place: str | None = None  # a local administration's place that exists nowhere


def claim_box(c) -> dict:
    """bbox and box_kind of a claim's value (pipeline/valuebox.py): its own glyphs
    where its span (or, without one, its value as printed) maps to them."""
    printed = None if c.span else str(getattr(c, "value", getattr(c, "score", "")))
    box, kind = value_box(c.line, c.span, printed)
    return {"bbox": box, "box_kind": kind}


def _evidence(rid: str, fy: int | None, claim: statements.Claim, chosen: bool) -> EvidenceRecord:
    return EvidenceRecord(
        report_id=rid, field=claim.field, value=str(claim.value),
        fiscal_year=claim.year if claim.year and claim.year > 0 else fy,
        rule=claim.rule, words=claim.words[:300], page=claim.line.page_no, **claim_box(claim),
        chosen=chosen,
    )


def _flag(file_id: str, rid: str, kind: str, severity: str, message: str, evidence: str | None,
          page: int | None) -> FlagRecord:
    return new_flag(kind, message, file_id=file_id, report_id=rid, evidence=evidence, page=page,
                    severity=severity)


_FIELD_THAI = {"overall_score": "คะแนนรวม", "level": "ระดับผลการประเมิน", "rank": "ลำดับที่"}


def _statement_flags(file_id: str, rid: str, field: str, reading: statements.Reading) -> list[FlagRecord]:
    """value_conflict: the document states its own year's value twice, differently;
    weak_evidence: the value was read from words that do not name the ITA result."""
    out = []
    c = reading.claim
    if c is None:
        return out
    if reading.conflicts:
        values = [c.value] + [x.value for x in reading.conflicts]
        out.append(_flag(
            file_id, rid, "value_conflict", "warning",
            f"{_FIELD_THAI[field]}ของปีนี้ระบุไว้ไม่ตรงกัน: {', '.join(map(str, dict.fromkeys(values)))} "
            f"({field} of the report's own year is stated with different values; kept {c.value}, "
            "the first and strongest statement)",
            " | ".join(f"p.{x.line.page_no}: {x.words}" for x in (c, *reading.conflicts))[:1000],
            reading.conflicts[0].line.page_no,
        ))
    if c.rule == "level_from_score":  # the label printed beside the score was not read: a stated
        # level that does not fit the score (a planted D beside 70.99) would pass unseen
        out.append(_flag(
            file_id, rid, "weak_evidence", "info",
            f"{_FIELD_THAI[field]} {c.value} ได้จากคะแนนตามเกณฑ์ของปี เพราะอ่านระดับที่พิมพ์ไว้ไม่ได้ "
            f"({field} {c.value} is the level the score has on its year's scale: the label printed "
            "beside it could not be read)",
            c.words, c.line.page_no,
        ))
    elif c.strength < 2:
        out.append(_flag(
            file_id, rid, "weak_evidence", "info",
            f"{_FIELD_THAI[field]} {c.value} อ่านจากข้อความที่ไม่ได้ระบุว่าเป็นผลการประเมิน ITA "
            f"({field} {c.value} was read from words that do not name it the ITA result: rule {c.rule})",
            c.words, c.line.page_no,
        ))
    return out


def extract_headlines(file_id: str, docs: list[Document]) -> list[Headline]:
    choices = choose_agencies(docs)
    out = []
    for doc in docs:
        flags = []
        rid = report_id(file_id, doc.index)
        fy, fy_rule, fy_words = read_fiscal_year(doc)
        choice = choices[doc.index]
        own = choice.agency

        def is_other(mention: agencies.Agency, own=own, variants=frozenset(choice.variants)) -> bool:
            # a name cut to a letter by an OCR space ("เทศบาลเมืองม ารวิชัย") names no agency,
            # as in _mentions; a spelling the file's evidence put with the own agency is the own,
            # though the spelling chosen is an OCR slip of it ("อบต.นาแก้วปีนี้ได้ …" beside a
            # chosen นำแก้ว: the next words glued to นาแก้ว, one slip from นำแก้ว)
            return own is not None and len(mention.base) >= 2 and mention.name not in variants \
                and not _same_agency(mention, own) and not _province_word_garbled(mention, own)

        if doc.doc_type in NOT_ITA_RESULTS:  # no result to read: the headline's who and when only
            overall_c, level_c, rank_c = [], [], []
        else:
            sdoc = statements.mend_ocr(doc)  # (the same length a line: boxes and spans keep)
            overall_c = statement_overall.overall_claims(sdoc, fy, is_other)
            level_c = statement_levels.level_claims(sdoc, fy, is_other, overall_c)
            rank_c = statement_ranks.rank_claims(sdoc, fy, is_other)
        if fy is None:  # no fiscal year stated: the latest year a result is stated for
            named = [c.year for c in overall_c + level_c
                     if c.year and plausible_fiscal_year(c.year) and c.strength == 2]
            if named:
                fy, fy_rule, fy_words = max(named), "latest_result_year", next(
                    c.words for c in overall_c + level_c if c.year == max(named))
        overall = statements.choose(overall_c, fy)
        level = statements.choose(level_c, fy)
        own_ranks = [c for c in rank_c if statements.own_year(c, fy)]
        rank = own_ranks[0] if own_ranks else None
        number, doc_date = find_doc_number_and_date(doc)
        district, province = _place(doc, docs, is_other)
        ag, agency, unknown_place = _agency_record(choice, district, province.name if province else None)
        if agency is not None:
            district, province_name = agency.district, agency.province
        else:
            province_name = province.name if province else None
            district = read_district(district, province_name)
        number, doc_date, doubts = repair_doc_number_and_date(
            doc, number, doc_date, province_name, ag is not None and ag.type in places.LOCAL_TYPES)
        flags += [_flag(file_id, rid, "weak_evidence", "warning", why, words, doc.first_page) for words, why in doubts]
        if district is not None and province_name and gazetteer.read_district(district, province_name).how == "unknown":
            flags.append(_flag(
                file_id, rid, "unknown_place", "warning",
                f"ไม่พบอำเภอ '{district}' ในจังหวัด{province_name} ในทำเนียบพื้นที่ (no district of that "
                "name, nor one OCR could have misread as it, in the province: the district or the "
                "province is misread)", f"อำเภอ{district} จังหวัด{province_name}", doc.first_page,
            ))
        report = ReportRecord(
            report_id=rid,
            file_id=file_id,
            doc_index=doc.index,
            doc_type=doc.doc_type,
            agency_name=ag.name if ag else None,
            agency_name_raw=choice.raw,
            agency_type=ag.type if ag else None,
            district=district,
            province=province_name,
            fiscal_year=fy,
            doc_date=doc_date,
            doc_number=number,
            overall_score=overall.value,
            level=level.value,
            rank=rank.value if rank else None,
            rank_of=rank.rank_of if rank else None,
            rank_scope=rank.scope if rank else None,
            first_page=doc.first_page,
            last_page=doc.last_page,
            agency_id=agency.agency_id if agency else None,
        )
        for name, value in (("agency", ag), ("fiscal year", fy)):
            if value is None:
                flags.append(
                    FlagRecord(
                        file_id=file_id, report_id=rid, kind="missing_field", severity="warning",
                        message=f"ไม่พบ{'ชื่อหน่วยงาน' if name == 'agency' else 'ปีงบประมาณ'} "
                        f"({name} not found in this document)",
                        page=doc.first_page,
                    )
                )
        if ag is not None and (better := agencies.misread_name(ag)) is not None:
            flags.append(_flag(
                file_id, rid, "weak_evidence", "info",
                f"ชื่อหน่วยงาน '{ag.name}' อาจอ่านผิด (เช่น '{better}') (the agency's name reads like a "
                f"misread: one look-alike letter or mark changed gives '{better}', which reads as fewer words)",
                _agency_words(doc, choice.raw) if choice.raw else ag.name, doc.first_page,
            ))
        spellings = [a for n in choice.written + choice.others for a in agencies.find_agencies(n)[:1]]
        if ag is not None and (whole := agencies.cut_name(ag, spellings)) is not None:
            flags.append(_flag(
                file_id, rid, "weak_evidence", "warning",
                f"ชื่อหน่วยงาน '{ag.name}' อาจถูกตัด (the agency's name may be cut short: it is the start "
                f"of '{whole}')", _agency_words(doc, choice.raw) if choice.raw else ag.name, doc.first_page,
            ))
        if fy_rule == "latest_result_year":
            flags.append(_flag(
                file_id, rid, "weak_evidence", "info",
                f"ไม่พบปีงบประมาณ ใช้ปีล่าสุดที่ระบุผลการประเมิน {fy} (no fiscal year stated; "
                f"{fy}, the latest year a result is stated for, is taken)", fy_words, doc.first_page,
            ))
        if fy_rule == "fiscal_year_body":
            # no year in the head: the body's first ปีงบประมาณ may be a measure's period,
            # which names the next year
            flags.append(_flag(
                file_id, rid, "weak_evidence", "info",
                f"ปีงบประมาณ {fy} อ่านจากเนื้อความ ไม่ใช่ส่วนหัว (fiscal year {fy} read from the body, not the "
                "head: a measure's period there may name another year)",
                _year_words(doc, fy) or str(fy), doc.first_page,
            ))
        for c in (c for c in rank_c if c.unreadable and statements.own_year(c, fy)):
            if c.total_lost:  # the rank is stored without the size of its group, which the page states
                flags.append(_flag(
                    file_id, rid, "weak_evidence", "info",
                    f"ลำดับที่ {c.value}: อ่านจำนวนหน่วยงานทั้งหมดไม่ได้ ({c.unreadable}) (rank {c.value}: the size "
                    "of its group is stated but unreadable, and is not stored; check the page)",
                    c.words, c.line.page_no,
                ))
                continue
            if c.value_doubtful:  # the rank's own digits: the stored number may be wrong
                flags.append(_flag(
                    file_id, rid, "weak_evidence", "warning",
                    f"ลำดับที่ {c.value}: ตัวเลขอ่านไม่ชัด ({c.unreadable}) (rank {c.value}: its digits are "
                    "partly unreadable; check the page)",
                    c.words, c.line.page_no,
                ))
                continue
            flags.append(_flag(
                file_id, rid, "weak_evidence", "info",
                f"ลำดับที่ {c.value}: อ่านข้อความของกลุ่มไม่ชัด ({c.unreadable}) (rank {c.value}: the words of "
                "its group are partly unreadable: the total is not stored where it could not be read, "
                "and is read past a misread จาก)",
                c.words, c.line.page_no,
            ))
        for c in (c for c in rank_c if c.attributed and statements.own_year(c, fy)):
            flags.append(_flag(
                file_id, rid, "weak_evidence", "warning",
                f"ลำดับที่ {c.value:,} อยู่ต่อจากคะแนนของหน่วยงานอื่น (rank {c.value:,}: {c.attributed})",
                c.words, c.line.page_no,
            ))
        graded = statement_ranks.graded_count(doc)
        for c in rank_c:
            own_graded = graded if statements.own_year(c, fy) else None  # (that year's count)
            if (why := statement_ranks.implausible_rank(c.value, c.rank_of, own_graded)) and c.year != -1:
                flags.append(_flag(
                    file_id, rid, "weak_evidence", "warning",
                    f"ลำดับที่ {c.value:,} เป็นไปไม่ได้ (rank {c.value:,} cannot be right: {why}; a digit misread?)",
                    c.words, c.line.page_no,
                ))
        flags += _statement_flags(file_id, rid, "overall_score", overall)
        flags += _statement_flags(file_id, rid, "level", level)
        evidence = [_evidence(rid, fy, r.claim, True) for r in (overall, level) if r.claim]
        evidence += [_evidence(rid, fy, c, False) for r in (overall, level) for c in r.conflicts]
        if rank:
            evidence.append(_evidence(rid, fy, rank, True))
        if ag is not None and choice.raw:
            evidence.append(EvidenceRecord(
                report_id=rid, field="agency", value=ag.name, fiscal_year=fy, rule="mentions_clustered",
                words=_agency_words(doc, choice.raw), page=doc.first_page, chosen=True,
            ))
        if fy is not None:
            evidence.append(EvidenceRecord(
                report_id=rid, field="fiscal_year", value=str(fy), fiscal_year=fy, rule=fy_rule,
                words=fy_words or _year_words(doc, fy), page=doc.first_page, chosen=True,
            ))
        first = overall.claim or level.claim
        years = [
            YearResultRecord(
                report_id=rid, fiscal_year=fy, quoted=False, overall_score=report.overall_score,
                level=report.level, rank=report.rank,
                page=first.line.page_no if first else rank.line.page_no,
                **(claim_box(first) if first else {}),
                words=first.words if first else rank.words,
            )
        ] if fy and (first or rank) else []
        quoted = find_quoted_results(doc, fy, overall_c + level_c) if doc.doc_type not in NOT_ITA_RESULTS else []
        for kept, *others in statements.quoted_conflicts(overall_c + level_c, fy):
            flags.append(_flag(
                file_id, rid, "value_conflict", "warning",
                f"ผลปี {kept.year} ที่อ้างถึงระบุไว้ไม่ตรงกัน: {', '.join(str(c.value) for c in (kept, *others))} "
                f"({kept.field} quoted for {kept.year} is stated with different values; kept {kept.value})",
                " | ".join(f"p.{c.line.page_no}: {c.words}" for c in (kept, *others))[:1000],
                others[0].line.page_no,
            ))
            evidence += [_evidence(rid, fy, c, False) for c in others]
        years += [q.model_copy(update={"report_id": rid}) for q in quoted]
        for q in quoted:  # a quoted score with a digit lost ("ในปี2563ได้7.02 คะแนน" for 71.02)
            if q.overall_score is not None and not statements.level_fits(q.overall_score, q.level, q.fiscal_year, {}) \
                    and (why := statements.implausible_overall(
                        q.overall_score, [overall.value] if overall.value is not None else [])):  # (35.10 for 78.10)
                flags.append(_flag(
                    file_id, rid, "weak_evidence", "warning",
                    f"คะแนนของปี {q.fiscal_year} ที่อ้างถึง {q.overall_score:g} ไม่น่าเป็นไปได้ "
                    f"(the score quoted for {q.fiscal_year}, {q.overall_score:g}, is unlikely: {why})",
                    q.words, q.page,
                ))
        for q in quoted:  # a quoted level from weak evidence: flagged as the own year's is
            c = max((c for c in level_c if c.year == q.fiscal_year), key=lambda c: c.strength, default=None)
            if c is not None and c.strength < 2 and c.value == q.level:
                flags.append(_flag(
                    file_id, rid, "weak_evidence", "info",
                    f"ระดับของปี {q.fiscal_year} ({c.value}) ได้จากคะแนนตามเกณฑ์ของปี เพราะอ่านระดับที่พิมพ์ไว้ไม่ได้ "
                    f"(level {c.value} quoted for {q.fiscal_year} is the level its score has on that year's scale: "
                    "the label printed beside it could not be read)" if c.rule == "level_from_score" else
                    f"ระดับของปี {q.fiscal_year} ({c.value}) อ่านจากข้อความที่ OCR อ่านได้ไม่ชัด (level {c.value} quoted "
                    f"for {q.fiscal_year} was read from garbled words: rule {c.rule})",
                    c.words, c.line.page_no,
                ))
        flags += _digit_lost_flags(file_id, rid, overall_c, {(y.fiscal_year, y.overall_score) for y in years}, fy)
        rank_rows = tuple(
            RankRecord(
                report_id=rid, fiscal_year=c.year if c.year and c.year > 0 else fy,
                quoted=not statements.own_year(c, fy), rank=c.value, rank_of=c.rank_of, scope=c.scope,
                scope_raw=c.scope_raw, words=c.words[:300], page=c.line.page_no, **claim_box(c),
            )
            for c in rank_c if (c.year is None or c.year > 0)
        )
        ranks = tuple((c.value, c.line.page_no, c.scope or c.scope_raw) for c in own_ranks)
        index_scores, index_flags = _index_scores(
            file_id, rid, fy, statement_indices.index_claims(doc, fy) if doc.doc_type not in NOT_ITA_RESULTS else [])
        flags += index_flags
        out.append(Headline(report, choice, ranks, tuple(years), tuple(flags), tuple(evidence), rank_rows,
                            index_scores, agency, unknown_place))
    return out


_ONE_DECIMAL = re.compile(r"[0-9๐-๙]{2,3}[.][0-9๐-๙]")


def _digit_lost_flags(file_id: str, rid: str, claims: list[statements.Claim], stored: set, fy: int | None):
    """weak_evidence: a stored score printed with one decimal digit in a document that
    prints its scores with two ("2563 93.7" beside "92.02"): OCR may have lost a digit."""
    written = {id(c): c.line.text[c.span[0]: c.span[1]] if c.span else "" for c in claims}
    if not any(re.fullmatch(r"[0-9๐-๙]{2,3}[.][0-9๐-๙]{2}", w) for w in written.values()):
        return []
    out = []
    for c in claims:
        year = c.year if c.year and c.year > 0 else fy
        if _ONE_DECIMAL.fullmatch(written[id(c)]) and (year, c.value) in stored:
            out.append(_flag(
                file_id, rid, "weak_evidence", "info",
                f"คะแนน {written[id(c)]} (ปี {year}) มีทศนิยมหลักเดียว ขณะที่คะแนนอื่นมีสองหลัก (the score of {year} is "
                "printed with one decimal digit where the document prints two: OCR may have lost a digit)",
                c.words, c.line.page_no,
            ))
    return out


def _index_scores(file_id: str, rid: str, fy: int | None, claims: list[statement_indices.IndexClaim]):
    """One row per index and year, the first statement's; a later statement of the same
    index and year with another score is a value_conflict, not a second row."""
    kept: dict[tuple[int, int | None], statement_indices.IndexClaim] = {}
    flags = []
    for c in claims:
        if c.year is not None and c.year <= 0:
            continue
        year = c.year or fy
        first = kept.setdefault((c.number, year), c)
        if first is not c and first.score != c.score:
            flags.append(_flag(
                file_id, rid, "value_conflict", "warning",
                f"{c.name_raw}: {first.score:g} (หน้า {first.line.page_no}) และ {c.score:g} (หน้า {c.line.page_no}) "
                f"(index {c.number} stated twice with different scores; kept the first)",
                f"p.{first.line.page_no}: {first.line.text.strip()[:200]} | p.{c.line.page_no}: {c.line.text.strip()[:200]}",
                c.line.page_no))
    rows = tuple(
        IndexScoreRecord(report_id=rid, fiscal_year=year, index_no=c.number, index_name=c.name_raw, score=c.score,
                         level=c.level, page=c.line.page_no, **claim_box(c))
        for (_, year), c in kept.items()
    )
    return rows, flags


def _agency_words(doc: Document, raw: str) -> str:
    """The first line of the document that names the agency as it was read."""
    return next((line.text[:200] for line in doc.lines if raw in line.text), raw)


def _year_words(doc: Document, fy: int) -> str | None:
    """The first line naming the year, for the evidence of a fiscal year."""
    for digits in (str(fy), numbers.to_thai_digits(fy)):
        for line in doc.lines:
            if digits in line.text:
                return line.text[:200]
    return None


def read_district(district: str | None, province: str | None) -> str | None:
    """The district as the gazetteer spells it where the written name is an OCR reading
    of exactly one district of the province (แมริม → แม่ริม, หนองหทาน → หนองหาน, a name
    cut short); else as written (an unknown one is flagged by the caller)."""
    if not district:
        return district
    return gazetteer.read_district(district, province).name or district


def _named_after_district(ag: agencies.Agency, district: str | None, province: str | None) -> agencies.Agency:
    """An agency other than a local administration named after its district (a hospital,
    โรงพยาบาลพยุหะคีรี in อำเภอพยุหะคีรี) with its name spelled as the gazetteer spells the
    district, where OCR misread it (พ่ยุหะคีรี: a mark; พยุหะคคีรี: a letter doubled)."""
    if not district or ag.type in agencies.LOCAL_TYPES or ag.base == district or not ag.name.endswith(ag.base):
        return ag
    if gazetteer.read_district(district, province).how != "exact":
        return ag  # only a district the gazetteer knows by that name corrects a name
    a, b = gazetteer.skeleton(ag.base), gazetteer.skeleton(district)
    if len(b) < 4 or not (a == b or gazetteer.one_edit(a, b)):
        return ag
    name = ag.name[: len(ag.name) - len(ag.base)] + district
    return agencies.Agency(name, ag.raw, ag.type, district, ag.start, ag.end, ag.province, ag.district)


def _agency_record(choice: AgencyChoice, district: str | None, province: str | None):
    """(the agency with its place checked, its agencies row, the place name the gazetteer
    does not know or None). A place the agency's own name states (สำนักงานสาธารณสุข
    จังหวัดลำปาง) is its place; else the district and province the document states."""
    ag = choice.agency
    if ag is None:
        return None, None, None
    district, province = ag.district or district, ag.province or province
    district = read_district(district, province)
    check = agencies.check_place(ag, district, province)
    ag = _named_after_district(check.agency, district, province)
    record = AgencyRecord(
        agency_id=agencies.agency_key(ag.type, ag.name, province, check.code),
        agency_type=ag.type,
        agency_group=agencies.type_group(ag.type),
        name=ag.name,
        abbreviations=agencies.abbreviations_of(ag),
        spellings=list(dict.fromkeys((*choice.written, ag.name))),
        district=district,
        province=province,
        gazetteer_code=check.code,
    )
    return ag, record, check.unknown
