"""Headline fields of each logical document: who, where, which year, overall score,
level, rank, date and number of the document.

The agency is decided for the whole file first: OCR spells one agency several ways
(คอน / ดอน / ตอน), so every mention is clustered, and the spelling with most support
wins — a spelling printed in a title block (with อำเภอ/จังหวัด) or under a signature
counts more than one in running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from normalizers import agencies, dates, numbers
from pipeline.segment import MEMO, Document, Line
from schemas.catalog import load_catalog
from schemas.records import FlagRecord, ReportRecord, YearResultRecord

# ---------------------------------------------------------------- agency


@dataclass(frozen=True)
class Mention:
    agency: agencies.Agency
    line_index: int  # in the file's line list
    weight: float


def _mentions(docs: list[Document]) -> list[tuple[int, Mention]]:
    """(doc index, mention) for every agency mention in the file, weighted by where it
    stands: a title block or a signature is stronger evidence than running text."""
    out = []
    wrapped: dict[int, agencies.Agency] = {}  # mention index -> the name read across the line break
    k = 0
    for doc in docs:
        for i, line in enumerate(doc.lines):
            for ag in agencies.find_agencies(line.text):
                if len(ag.base) < 2:
                    continue
                if ag.end == len(line.text) and i + 1 < len(doc.lines):
                    joined = agencies.find_agencies(line.text + doc.lines[i + 1].text)
                    whole = next((j for j in joined if j.start == ag.start), None)
                    if whole is not None and whole.base != ag.base:
                        wrapped[len(out)] = whole
                after = line.text[ag.end : ag.end + 40]
                before = line.text[: ag.start]
                weight = 1.0
                if re.search(r"อำเภอ|อ\.|จังหวัด|จ\.", after):
                    weight += 3.0  # title block (name, district, province): typed with care
                if re.search(r"(นายก|ปลัด)\s*$", before) and len(before) < 20:
                    weight += 1.0  # signature block: the agency's own officials
                out.append((doc.index, Mention(ag, k, weight)))
            k += 1
    # A name at the end of a line may go on in the next (a PDF wraps "…ลำ" / "พะยอม"):
    # read it whole where the whole name is written elsewhere in the file.
    bases = {m.agency.base for n, (_, m) in enumerate(out) if n not in wrapped}
    for n, whole in wrapped.items():
        if whole.base in bases:
            d, m = out[n]
            out[n] = (d, Mention(whole, m.line_index, m.weight))
    return out


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
    if Levenshtein.distance(a.base, b.base) <= max(1, longest // 3):
        return True
    short, long_ = sorted((a.base.lstrip(_LEADING_VOWELS), b.base.lstrip(_LEADING_VOWELS)), key=len)
    return len(short) >= 3 and long_.startswith(short)


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
    best = max(support, key=lambda name: (support[name], -list(first).index(name)))
    return first[best]


@dataclass(frozen=True)
class AgencyChoice:
    agency: agencies.Agency | None
    raw: str | None
    variants: tuple[str, ...]  # the chosen agency's spellings in this document (canonical form)
    others: tuple[str, ...] = ()  # other agencies named in this document (canonical form)


def choose_agencies(docs: list[Document]) -> dict[int, AgencyChoice]:
    """The agency of each document, decided on the whole file's evidence."""
    tagged = _mentions(docs)
    clusters = _clusters([m for _, m in tagged])
    if not clusters:
        return {d.index: AgencyChoice(None, None, ()) for d in docs}
    cluster_of = {id(m): c_i for c_i, c in enumerate(clusters) for m in c}
    total = [sum(m.weight for m in c) for c in clusters]
    main = max(range(len(clusters)), key=lambda i: (total[i], -i))
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
        others = tuple(dict.fromkeys(m.agency.name for m in own if cluster_of[id(m)] != c_i))
        choices[doc.index] = AgencyChoice(chosen, raw_m.agency.raw if raw_m else None, variants, others)
    return choices


# ---------------------------------------------------------------- scores and level

_YEAR_IN_TEXT = re.compile(r"(?:พ\.ศ\.|ปี|ปีงบประมาณ)\s*([๒2][๕5][๐-๙0-9]{2})")
_SCORE = re.compile(r"(?<![0-9๐-๙.,])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙]|[.,][0-9๐-๙])")
# Words that say "this number is the overall result" …
_OVERALL_CUE = re.compile(r"ITA|ภาพรวม|ผลคะแนนการประเมิน|ผลการประเมิน")
# … and words that say "a score", which count only where no tool or indicator is named.
_SCORE_CUE = re.compile(r"มี\s*(?:ผล)?คะแนน|ได้รับคะแนน|ได้คะแนน|คะแนนรวม|ผลคะแนน")
# A tool, indicator, threshold or rank between the cue and the number: not the overall.
_NOT_OVERALL = re.compile(
    r"IIT|EIT|OIT|ตัวชี้วัด|เครื่องมือ|แบบวัด|แบบตรวจ|ส่วนที่|น้อยกว่า|มากกว่า|ไม่ต่ำกว่า|"
    r"เป้าหมาย|เกณฑ์|ลำดับ|ร้อยละ"
)
_AFTER_SCORE = re.compile(r"\s*(?:คะแนน(?!ขึ้นไป)|อยู่ในระดับ|ระดับ|\)|$)")
_CUE_WINDOW = 90  # characters before a number searched for its cue
_LEVEL_CUE = re.compile(
    r"(?:ระดับผลการประเมิน|ระดับการประเมิน|อยู่ในระดับ|ผลการประเมินระดับ)\s*:?\s*(?:คือ)?"
)
_LEVEL_OR = re.compile(r"\s*(?:หรือ|/)\s*")
_RANK = re.compile(r"ลำดับที่\s*([0-9๐-๙][0-9๐-๙,]*)")
_RANK_CONTEXT = re.compile(r"ผลการประเมิน|อยู่ในลำดับ|จาก|ของหน่วยงาน|ได้ลำดับ")
_DOC_NUMBER = re.compile(r"^ที่\s+(.+?)\s+(?:ลง)?วันที่")
# a code in Latin letters before the digits: OCR's reading of a Thai one ("UN" for ขก)
_LATIN_CODE = re.compile(r"[A-Za-z]{1,4}\.?\s?[0-9๐-๙]")
_DOC_DATE = re.compile(r"วันที่\s+(.{6,40})$")
# ที่ glued to the number by OCR ("ที่ชย ๗๒๒๒๕/๓๐๘ วันที่ …"): only a number of the official
# shape (a province code, digits, a slash) is taken. The bold label may lose its tone mark
# or read its vowel wrong (ที, ทิ), and the slash may be lost ("ทีชย 81367 317"). A code
# letter with a mark is a misread code (ชูป for ชบ): no number rather than a wrong one.
_GLUED_DOC_NUMBER = re.compile(
    r"^ท[ีิ]่?\s*([ก-ฮ]{2,3}\.?\s?[0-9๐-๙]{3,})(\s?/\s?|\s)([0-9๐-๙]+)(?![0-9๐-๙])"
)


def _year_before(text: str, pos: int) -> int | None:
    """The last year named before `pos` in a line ("ปี พ.ศ. ๒๕๖๖ ได้คะแนน …")."""
    years = [m for m in _YEAR_IN_TEXT.finditer(text, 0, pos)]
    return int(numbers.to_arabic_digits(years[-1].group(1))) if years else None


def _other_year(text: str, pos: int, fy: int | None, want: int | None = None) -> bool:
    """Whether the clause before `pos` speaks of a year other than `want` (default: the
    document's own year `fy`, which an unnamed year also means). A quoted earlier
    result ("ปีงบประมาณ พ.ศ.๒๕๖๖ … ระดับ B (๘๗.๔๐ คะแนน)") must name its year."""
    year = _year_before(text, pos)
    if want is None or want == fy:
        return fy is not None and year is not None and year != fy
    return year != want


def _level_labels() -> list[str]:
    cat = load_catalog()
    labels = {lab for fy in range(2562, 2570) for lab in cat.level_labels(fy)}
    labels |= {"AA", "A", "B", "C", "D", "E", "F", "ผ่าน", "ไม่ผ่าน"}
    return sorted(labels, key=len, reverse=True)  # longest first: ผ่านดีเยี่ยม before ผ่าน


def _overall_strength(context: str, line: str) -> int:
    """How surely the number after `context` is the overall score: 2 = named as the
    ITA / overall result, 1 = "a score" with nothing else named, 0 = not it."""
    window = context[-_CUE_WINDOW:]
    cues = [m for r in (_OVERALL_CUE, _SCORE_CUE) for m in r.finditer(window)]
    if not cues:
        return 0
    last = max(cues, key=lambda m: m.end())
    if _NOT_OVERALL.search(window[last.end() :]):
        return 0
    if "\t" in line:  # a table row: its first cell must say "overall"
        first_cell = line.split("\t", 1)[0]
        if _NOT_OVERALL.search(first_cell) or not re.search(r"ภาพรวม|คะแนนรวม|ITA", first_cell):
            return 0
    strong = [c for c in cues if c.re is _OVERALL_CUE and c.end() <= last.start()]
    if last.re is _SCORE_CUE:
        since = max((c.end() for c in strong), default=0)
        if _NOT_OVERALL.search(window[since : last.start()]):
            return 0  # "(IIT) … คะแนนรวม ๘๙.๔๙": a tool's total
    return 2 if strong or last.re is _OVERALL_CUE else 1


def find_overall(doc: Document, fy: int | None, year: int | None = None) -> tuple[float, Line] | None:
    """(overall score, the line it stands on): the number the text names as the ITA / overall result
    of the document's own year ("ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน", "มี คะแนน
    ๘๖.๑๗ คะแนน อยู่ในระดับ …"). The previous line counts as context, so a total
    under a tool's heading ("(IIT)" / "คะแนนรวม ๘๙.๔๙ คะแนน") is not taken. With
    `year`, the result the document quotes for that (earlier) year."""
    best: tuple[int, float, Line] | None = None
    previous = ""
    for line in doc.lines:
        text = line.text
        unreadable = numbers.unreadable_scores(text)  # "ITA ๙๒ ๘๒ คะแนน": not 82
        for m in _SCORE.finditer(text):
            if not _AFTER_SCORE.match(text, m.end()) or _other_year(text, m.start(), fy, year):
                continue
            if any(a <= m.start() < b for a, b, _ in unreadable):
                continue
            strength = _overall_strength(previous + "\n" + text[: m.start()], text)
            value = numbers.parse_score(m.group(1))
            if strength and value is not None and (best is None or strength > best[0]):
                best = (strength, value, line)
        previous = text
        if best and best[0] == 2:
            break
    return (best[1], best[2]) if best else None


def find_level(doc: Document, fy: int | None, year: int | None = None) -> tuple[str, Line] | None:
    """(level, the line it stands on) after a level cue; of alternatives ("A หรือ ผ่าน") the one on the
    fiscal year's scale. A label off that scale is kept only when nothing better is
    stated (the check for it belongs to the flags). With `year`, the level quoted for
    that (earlier) year."""
    labels = _level_labels()
    scale_year = year or fy
    valid = set(load_catalog().level_labels(scale_year)) if scale_year else set()
    fallback = None
    for i, line in enumerate(doc.lines):
        # a cue cut by a line break ("… ๘๙.๔๙ คะแนน อยู่" / "ในระดับ A"): read with the
        # end of the line before; a cue wholly on that line was read there
        tail = doc.lines[i - 1].text.rstrip()[-_LEVEL_CUE_CHARS:] if i else ""
        text = tail + line.text
        for cue in _LEVEL_CUE.finditer(text):
            if cue.end() <= len(tail) or _other_year(text, cue.start(), fy, year):
                continue
            rest = text[cue.end() :].lstrip("\t :")
            if len(rest) < _LONGEST_LABEL and "\t" not in rest:
                rest += _next_text(doc, i)  # a label wrapped onto the next line (ต้อง / ปรับปรุง)
            for label in _labels_at(rest, labels):
                if not valid or label in valid:
                    return label, line
                fallback = fallback or (label, line)
    return fallback


_LONGEST_LABEL = 25  # ต้องปรับปรุงโดยด่วน and some room
_LEVEL_CUE_CHARS = 18  # the longest level cue (ระดับผลการประเมิน), for cues cut by a line break


# A level letter that OCR read as the Latin digit it looks like ("อยู่ในระดับ 8" for B,
# "ระดับผลการประเมิน : 0" for D), alone after a level cue: no level is a number. The
# level-against-score check still catches a letter read wrong.
_LEVEL_LOOKALIKE = re.compile(r"([80])(?![0-9๐-๙.,/A-Za-z])")
_LEVEL_OF_LOOKALIKE = {"8": "B", "0": "D"}


def _labels_at(rest: str, labels: list[str]) -> list[str]:
    """Level labels at the start of `rest`, with alternatives joined by หรือ or /."""
    found = []
    while True:
        label = next(
            (lab for lab in labels
             if rest.startswith(lab) and not re.match(r"[A-Za-z]", rest[len(lab) : len(lab) + 1])),
            None,
        )
        if label is None and not found and (m := _LEVEL_LOOKALIKE.match(rest)):
            label = _LEVEL_OF_LOOKALIKE[m.group(1)]
            rest = label + rest[1:]
        if label is None:
            return found
        found.append(label)
        joiner = _LEVEL_OR.match(rest, len(label))
        if not joiner:
            return found
        rest = rest[joiner.end() :]


_QUOTED_YEARS_BACK = 5  # an analysis compares with the last few years at most


def find_quoted_results(doc: Document, fy: int | None) -> list[YearResultRecord]:
    """Results the document quotes for earlier years ("จากปีงบประมาณ พ.ศ.๒๕๖๖ …
    ได้รับผลการประเมินอยู่ในระดับ B (๘๗.๔๐ คะแนน)"), report_id left empty."""
    if fy is None:
        return []
    years = sorted({
        int(numbers.to_arabic_digits(y))
        for line in doc.lines for y in _YEAR_IN_TEXT.findall(line.text)
    })
    out = []
    for y in years:
        if not fy - _QUOTED_YEARS_BACK <= y < fy:
            continue
        overall, level = find_overall(doc, fy, y), find_level(doc, fy, y)
        if overall or level:
            out.append(YearResultRecord(
                report_id="", fiscal_year=y, quoted=True,
                overall_score=overall[0] if overall else None, level=level[0] if level else None,
                page=(overall or level)[1].page_no, bbox=(overall or level)[1].bbox,
            ))
    return out


def find_ranks(doc: Document, fy: int | None) -> list[tuple[int, int]]:
    """(rank, page) each time the document states its own year's rank."""
    out = []
    for line in doc.lines:
        if "\t" in line.text or not _RANK_CONTEXT.search(line.text):
            continue
        for m in _RANK.finditer(line.text):
            if not _other_year(line.text, m.start(), fy):
                rank = numbers.parse_rank(m.group(1))
                if rank is not None:
                    out.append((rank, line.page_no))
    return out



def find_fiscal_year(doc: Document) -> int | None:
    head = "\n".join(line.text for line in doc.lines[:20])
    return dates.find_fiscal_year(head) or dates.find_fiscal_year(doc.text)


# A memo's number without its label, as OCR leaves it when the bold ที่ / วันที่ are
# misread ("n ชม 76835 127\tJun 4 กันยายน 2566"): province code, 4-5 digit office code,
# then the running number after a slash that OCR may have lost.
_BARE_DOC_NUMBER = re.compile(
    r"(?<![\u0e01-\u0e4e])([ก-ฮ]{2}\.?\s?[0-9๐-๙]{4,5})(?:\s*/\s*|\s+)([0-9๐-๙]{1,4}\b|-)?"
)
# the office's number and the memo's running number of a memo's ที่ line
_OFFICE_NUMBER = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{4,5}\s?/\s?[0-9๐-๙]{1,4}(?![0-9๐-๙])")


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
            m = _OFFICE_NUMBER.search(line.text)
            if m and (doc_date := _one_day(line.text[m.end():])) is not None:
                break
    if number is None and doc.doc_type == MEMO:
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


_WRAPPED_PLACE = re.compile(r"(?:อำเภอ|จังหวัด|(?<![\u0e01-\u0e4e])[อจ]\.)\s*$")


def _next_text(doc: Document, i: int) -> str:
    """The next line's text, for a phrase that a PDF or a scan wrapped."""
    return doc.lines[i + 1].text if i + 1 < len(doc.lines) else ""


def _place(doc: Document, all_docs: list[Document]):
    """District and province stated in this document, else elsewhere in the file."""
    def search(d: Document):
        district = province = None
        for i, line in enumerate(d.lines):
            text = line.text
            if _WRAPPED_PLACE.search(text):  # "… อำเภอเสนา จังหวัด" / "พระนครศรีอยุธยา"
                text += _next_text(d, i)
            district = district or agencies.find_district(text)
            province = province or agencies.find_province(text)
        return district, province

    district, province = search(doc)
    for other in all_docs:
        if district is not None and province is not None:
            break
        d2, p2 = search(other)
        district, province = district or d2, province or p2
    return district, province


# ---------------------------------------------------------------- the documents


def report_id(file_id: str, doc_index: int) -> str:
    return f"{file_id[:16]}-{doc_index}"


@dataclass(frozen=True)
class Headline:
    """A document's headline record and the evidence the checks need about it."""

    report: ReportRecord
    agency: AgencyChoice
    ranks: tuple[tuple[int, int], ...]  # every (rank, page) stated for the document's year
    year_results: tuple[YearResultRecord, ...]  # its own year's result and quoted earlier ones
    flags: tuple[FlagRecord, ...]


def extract_headlines(file_id: str, docs: list[Document]) -> list[Headline]:
    choices = choose_agencies(docs)
    out = []
    for doc in docs:
        flags = []
        rid = report_id(file_id, doc.index)
        fy = find_fiscal_year(doc)
        choice = choices[doc.index]
        ranks = find_ranks(doc, fy)
        overall, level, rank = find_overall(doc, fy), find_level(doc, fy), (ranks[0] if ranks else None)
        number, doc_date = find_doc_number_and_date(doc)
        district, province = _place(doc, docs)
        ag = choice.agency
        report = ReportRecord(
            report_id=rid,
            file_id=file_id,
            doc_index=doc.index,
            doc_type=doc.doc_type,
            agency_name=ag.name if ag else None,
            agency_name_raw=choice.raw,
            agency_type=ag.type if ag else None,
            district=district,
            province=province.name if province else None,
            fiscal_year=fy,
            doc_date=doc_date,
            doc_number=number,
            overall_score=overall[0] if overall else None,
            level=level[0] if level else None,
            rank=rank[0] if rank else None,
            first_page=doc.first_page,
            last_page=doc.last_page,
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
        years = [
            YearResultRecord(
                report_id=rid, fiscal_year=fy, quoted=False, overall_score=report.overall_score,
                level=report.level, rank=report.rank,
                page=(overall or level)[1].page_no if overall or level else rank[1],
                bbox=(overall or level)[1].bbox if overall or level else None,
            )
        ] if fy and (overall or level or rank) else []
        years += [q.model_copy(update={"report_id": rid}) for q in find_quoted_results(doc, fy)]
        out.append(Headline(report, choice, tuple(ranks), tuple(years), tuple(flags)))
    return out
