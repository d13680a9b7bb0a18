"""Split a file's pages into logical documents and say what kind each is.

One file often holds several documents: a cover memo (บันทึกข้อความ) and its attached
analysis, or a memo and a progress report. A new document starts at a memo heading,
or at a report title followed soon by the fiscal year or the agency — a title
repeated inside a document (as table headers often are) starts nothing.

Agencies file other evidence beside their ITA results (procurement reports, forms
asking to publish information, memos about anything else). What a document is about
is read from its title or, for a memo, its subject (เรื่อง); the wordings are in
pipeline/data/doc_types.json. Such a document gets its own doc_type (NOT_ITA_RESULTS)
and extraction reads no score, indicator, measure or OIT item from it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from pipeline.pages import Box, Glyph, PageResult, doubtful_numbers
from schemas import vocab
from schemas.vocab import DocType

# document types: the DocType vocabulary (schemas/vocab.py); the short names are its members
MEMO, O42, O43, ANNOUNCEMENT, OTHER = DocType.MEMO, DocType.O42, DocType.O43, DocType.ANNOUNCEMENT, DocType.OTHER
PROCUREMENT, PUBLICATION_FORM, OTHER_MEMO = DocType.PROCUREMENT, DocType.PUBLICATION_FORM, DocType.OTHER_MEMO
# documents that hold no ITA result: nothing but the headline is read from them
NOT_ITA_RESULTS = vocab.NOT_ITA_RESULTS


@dataclass(frozen=True)
class Line:
    page_no: int
    text: str
    bbox: Box | None = None  # where the line stands on its page, when the reader knows
    # its page's glyphs (all of them, shared by the page's lines): pipeline/valuebox.py
    # finds a value's own among those in `bbox`
    glyphs: tuple[Glyph, ...] = field(default=(), repr=False, compare=False)
    # the numbers on its page OCR read with low confidence (pages.doubtful_numbers): a
    # value read from one of them is flagged where nothing else bears it out
    doubtful: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True)
class Document:
    index: int
    doc_type: DocType
    lines: tuple[Line, ...]

    @property
    def first_page(self) -> int:
        return self.lines[0].page_no

    @property
    def last_page(self) -> int:
        return self.lines[-1].page_no

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_MEMO_HEAD = re.compile(r"^\W*บันทึกข้อความ\W*$")


# OCR of Thai distributed justification (Word's "thai" alignment) puts spaces inside
# words: "รายงานก า รวิ เคราะห์", "ประกา ศอง ค์การ", "ปร ะจำปีงบป ระมาณ". Headings and
# cue words are matched on the line with the spaces between Thai letters taken out.
_SPACE_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])")


def squeezed(text: str) -> str:
    """`text` without the spaces between two Thai letters (see _SPACE_IN_THAI)."""
    return _SPACE_IN_THAI.sub("", text)


def squeezed_map(text: str) -> tuple[str, list[int]]:
    """(squeezed(text), where each of its characters stands in `text`, plus len(text)
    at the end): a span found in the squeezed text is read back as written."""
    pieces: list[str] = []
    kept: list[int] = []
    start = 0
    for m in _SPACE_IN_THAI.finditer(text):  # the text between the dropped spaces, in slices
        pieces.append(text[start:m.start()])
        kept.extend(range(start, m.start()))
        start = m.end()
    pieces.append(text[start:])
    kept.extend(range(start, len(text)))
    return "".join(pieces), kept + [len(text)]


def _memo_head(text: str) -> bool:
    return bool(_MEMO_HEAD.match(squeezed(text)))
# Titles that open a report (not a memo). Matched at the start of a short line.
_TITLE_WORDS = ("แบบรายงาน", "รายงานการวิเคราะห์", "รายงานผลการดำเนิน", "รายงานความก้าวหน้า",
                "การวิเคราะห์ผลการประเมิน", "มาตรการส่งเสริมคุณธรรม")
_REPORT_TITLE = re.compile(r"^\W*(" + "|".join(_TITLE_WORDS) + ")")
# a title OCR garbled by a letter ("รายงานลการดำเนินการ…"): its opening words as like
# one of them as this (the long ones only: a letter off in a short word is another word);
# two letters off a long one ("รายงาม5 ลการดำเนิน…" on a noisy 200-dpi scan: 0.88) still are
# where OCR left a digit or a Latin letter among its Thai letters and the word's end stands
# whole in it; a clean title of other words is another title (รายงานผลการวิเคราะห์ผลการ
# จัดซื้อ…, a procurement analysis, is 0.89 like รายงานการวิเคราะห์)
_TITLE_LIKE = 0.9
_TITLE_LIKE_GARBLED = 0.85
_TITLE_END_CHARS = 5

_TITLE_LIKE_MIN_CHARS = 15
_OPENING_EVIDENCE = re.compile(
    r"ป[ีิื]{1,2}งบประมาณ|พ\s?\.\s?ศ\s?\.|องค์การบริหารส่วน|องค์กรบริหารส่วน|เทศบาล|อบต\.|จังหวัด"
)  # (OCR reads ปี as ปิ or ปีื, and spaces พ.ศ. as พ .ศ.)
_MIN_LINES_BEFORE_SPLIT = 12  # a document shorter than this is still its own title block
_TITLE_LOOKAHEAD = 8  # the year or agency must follow a report title within this many lines
_TITLE_BLOCK_MAX_CHARS = 130  # a title with the year in it, or "agency, district, province"
_TABLE_ROW_CELLS = 3  # a line of this many cells is a table's row (a title block has one; a speck may add one)
_LIST_ITEM = re.compile(r"^\W*[0-9๐-๙]{1,2}[.)]")
# a signature block names the agency too, but under a name, not under a title
_SIGNATURE = re.compile(r"^\W*(?:ปลัด|รองปลัด|นายก|รองนายก|หัวหน้า|ผู้อำนวยการ|\()")

# doc_type keywords, strongest first: (pattern, doc_type)
_TYPE_HINTS = [
    (re.compile(r"O\s*43|ความก้าวหน้า|รายงานผลการดำเนินการ|รายงานผลการดำเนินงานตามมาตรการ"
                r"|ดำเนินการแล้ว|อยู่ระหว่างดำเนินการ|☑"), O43),
    (re.compile(r"O\s*42|การวิเคราะห์ผลการประเมิน|มาตรการส่งเสริมคุณธรรม|มาตรการ"), O42),
]


_ANALYSIS_TITLE = re.compile(r"O\s*42|การวิเคราะห์ผลการประเมิน")
_OPENING_LINES = 5
# a news page's heading; a browser's print may put the page's title before it on the same
# line ("การประเมิน … (ITA) ๒๕๖๕ ข่าวประชาสัมพันธ์ ๙ ธันวาคม ๒๕๖๕"): ข่าวประชาสัมพันธ์ is a
# heading wherever it stands, ประกาศ only at a line's start ("ได้ประกาศผล" is prose)
_ANNOUNCED = re.compile(
    r"^(?:\W+\w{1,2}\W{0,2}|\W*[0-9A-Za-z]{1,2}\W+|\W*)(?:ป[\u0e38\u0e39]?ระกาศ|ข่าว|ประชาสัมพันธ์)|ข่?าวประชาสัมพันธ์"
    r"|^\W*1 ?ระกาศ", re.M
)
# (OCR drops ข่าว's tone, and reads the specks before a heading as a sign and a letter or
# two: ". ปประกาศ…", ". ไปประกาศ…", a digit or Latin letter and a space: "4 ประกาศ…", or a
# vowel below ป: "ปูระกาศ", or ป itself read as 1: "1 ระกาศองค์การ…"; a line that opens with a
# word, "ได้ประกาศผล", is prose)
# (matched on the opening squeezed: "ประกา ศอง ค์การบริหารส่วนตำบล…")


@lru_cache(maxsize=1)
def _topics() -> dict:
    """pipeline/data/doc_types.json, its patterns compiled."""
    data = json.loads((Path(__file__).parent / "data" / "doc_types.json").read_text(encoding="utf-8"))

    def compiled(patterns: list[str]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in patterns))

    return {
        "not_ita": {DocType(kind): compiled(spec["title"]) for kind, spec in data["not_ita_results"].items()
                    if not kind.startswith("_")},
        "ita": compiled(data["ita_title"]["patterns"]),
        "result": compiled(data["result_subject"]["patterns"]),
    }


def not_ita_kind(title: str) -> DocType | None:
    """The NOT_ITA_RESULTS doc_type a title or subject names, or None: a title that
    names the integrity assessment itself is never one of them."""
    topics = _topics()
    if topics["ita"].search(title):
        return None
    for kind, pattern in topics["not_ita"].items():
        if pattern.search(title):
            return kind
    return None


def page_lines(pages: list[PageResult]) -> list[Line]:
    out = []
    for p in pages:
        texts = p.text.split("\n")
        boxes = p.line_boxes if len(p.line_boxes) == len(texts) else (None,) * len(texts)
        doubtful = doubtful_numbers(p.glyphs, p.glyph_confs)
        out += [Line(p.page_no, text, box, p.glyphs, doubtful) for text, box in zip(texts, boxes) if text.strip()]
    return out


# a line among the first or last few of a page, the same on several pages: a running
# header or footer ("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
_RUNNING_EDGE_LINES = 3


def running_lines(lines: list[Line]) -> set[str]:
    """Texts printed at the head or foot of two pages or more: running headers and
    footers, which name the year or the agency on every page but open nothing."""
    by_page: dict[int, list[str]] = {}
    for line in lines:
        by_page.setdefault(line.page_no, []).append(line.text.strip())
    seen: dict[str, int] = {}
    edges = [texts[:_RUNNING_EDGE_LINES] + texts[-_RUNNING_EDGE_LINES:] for texts in by_page.values()]
    for edge in edges:
        # compared squeezed: a justified header OCR spaces apart differently on each page
        # ("การปร ะเมินคุณธ รรม…" / "…คุณธ รรมและคว าม…")
        for key in {squeezed(text) for text in edge}:
            seen[key] = seen.get(key, 0) + 1
    running = {text for edge in edges for text in edge if text and seen[squeezed(text)] >= 2}
    # the same line as OCR misread it on one page ("รายงานผลการประเมิน โค ประจำปี…
    # WA. ๒๕๖๖"): as like one of them as that, with the same numbers (a title of
    # another year is another title)
    misread = {text for edge in edges for text in edge
               if text and text not in running and any(_same_running(text, r) for r in running)}
    return running | misread


_RUNNING_LIKE = 0.85


def _same_running(text: str, running: str) -> bool:
    def digits(t: str) -> list[int]:
        return [unicodedata.digit(c) for c in t if unicodedata.category(c) == "Nd"]
    if digits(text) != digits(running) or abs(len(text) - len(running)) > 0.2 * len(running):
        return False
    return SequenceMatcher(None, text, running, autojunk=False).ratio() >= _RUNNING_LIKE


def split_documents(pages: list[PageResult]) -> list[Document]:
    lines = page_lines(pages)
    running = running_lines(lines)
    starts = [0] if lines else []
    for i, line in enumerate(lines):
        if i - starts[-1] < _MIN_LINES_BEFORE_SPLIT and not (
            _memo_head(line.text) and _content_lines(lines[starts[-1]:i], running) >= 3
            and not _under_page_head(lines, starts[-1], i)
        ):
            continue
        if _memo_head(line.text) or _opens_report(lines, i, running):
            starts.append(i)
    bounds = zip(starts, starts[1:] + [len(lines)])
    return [
        Document(k, classify(lines[a:b], running), tuple(lines[a:b])) for k, (a, b) in enumerate(bounds)
    ]


def _content_lines(lines: list[Line], running: set[str]) -> int:
    """Lines that could be a document before a memo's head: not a running header or
    footer (a browser's date and file name on every page), not a scan's emblem junk."""
    return sum(1 for line in lines
               if line.text.strip() not in running and len(line.text.strip()) > _EMBLEM_JUNK_CHARS)


def _under_page_head(lines: list[Line], start: int, i: int) -> bool:
    """The lines from `start` (a page's first) to the memo head at `i` are only that
    page's head (a browser's print header, a heading, an emblem): they open no
    document of their own."""
    first_on_page = start == 0 or lines[start - 1].page_no != lines[start].page_no
    return (first_on_page and i - start <= _RUNNING_EDGE_LINES and lines[i].page_no == lines[start].page_no
            and all(_head_line(line.text) for line in lines[start:i]))


def _opens_report(lines: list[Line], i: int, running: set[str] = frozenset()) -> bool:
    text = lines[i].text
    if "\t" in text or len(text) > 120 or text.strip() in running:
        return False
    # a form attached to a memo opens its own document (a procurement title does not:
    # a procurement report repeats its title on its pages, and is one document)
    form = not _LIST_ITEM.match(text) and not_ita_kind(text) == PUBLICATION_FORM
    if not (_REPORT_TITLE.match(text) or form or _garbled_title(text)):
        return False
    # the year or agency printed under the title on its page: a section heading at a
    # page's foot ("มาตรการส่งเสริมคุณธรรม…" over a table that goes on overleaf) is not
    # opened by the next page's running header, even one OCR misread
    ahead = [line for line in lines[i : i + _TITLE_LOOKAHEAD] if line.page_no == lines[i].page_no]
    return any(_is_title_block(line.text) or _letterhead(line.text)
               for line in ahead if line.text.strip() not in running)


def _garbled_title(text: str) -> bool:
    start = re.sub(r"^\W+", "", text).replace(" ", "")
    # OCR of a large bold title drops its upper marks ("รายงานการวเคราะหผลการประเมน"):
    # compared once more with the marks left out of both
    bare = _UPPER_MARKS.sub("", start)

    def like(word: str) -> bool:
        head = start[:len(word)]
        ratio = SequenceMatcher(None, head, word, autojunk=False).ratio()
        bare_word = _UPPER_MARKS.sub("", word)
        return (ratio >= _TITLE_LIKE
                or SequenceMatcher(None, bare[:len(bare_word)], bare_word, autojunk=False).ratio() >= _TITLE_LIKE
                or (ratio >= _TITLE_LIKE_GARBLED and re.search(r"[0-9A-Za-z]", head) is not None
                    and word[-_TITLE_END_CHARS:] in start[:len(word) + 2]))

    return any(like(word) for word in _TITLE_WORDS if len(word) >= _TITLE_LIKE_MIN_CHARS)


_UPPER_MARKS = re.compile("[\u0e31\u0e34-\u0e37\u0e47-\u0e4e]")


def _is_title_block(text: str) -> bool:
    """A short line naming the year or the agency, as under a report's title. A long
    or numbered line is prose ("๑. จากปีงบประมาณ พ.ศ.๒๕๖๖ …"), and a section heading
    followed by prose (การวิเคราะห์ผลการประเมิน) opens no new document."""
    return (
        len(text) <= _TITLE_BLOCK_MAX_CHARS
        # a table's row, not a title: its period cell says "ปีงบประมาณ พ.ศ."
        and sum(1 for cell in text.split("\t") if cell.strip()) < _TABLE_ROW_CELLS
        and not _LIST_ITEM.match(text)
        and not _SIGNATURE.match(text)
        and bool(_OPENING_EVIDENCE.search(squeezed(text)))
    )


# A scan's emblem (ครุฑ) above the heading comes out of OCR as a line or two of junk
_EMBLEM_JUNK_CHARS = 10


# a browser's print header: its date and time, then the page's title ("12/7/26, 1:09 AM 0011_memo")
_PRINT_HEADER = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\s*(?:[AP]M)?\b")


def _opens_with_memo_head(lines, running: set[str] = frozenset()) -> bool:
    """บันทึกข้อความ opens the document, under at most a page's head: a scan's emblem
    (junk), a browser's print header, a heading printed on this page alone, the
    agency's name alone (a letterhead), or the file's running header."""
    for line in lines[:_RUNNING_EDGE_LINES + 1]:
        if _memo_head(line.text):
            return line.page_no == lines[0].page_no
        if not (_head_line(line.text) or _PRINT_HEADER.match(line.text) or _letterhead(line.text)
                or line.text.strip() in running):
            return False  # a real line before it: the heading is quoted
    return False


def _letterhead(text: str) -> bool:
    from normalizers.agencies import find_agencies

    text = text.strip()
    named = find_agencies(text)
    return len(named) == 1 and named[0].start == 0 and named[0].end >= len(text) - 1


# a page's heading that names the assessment and its year, nothing more: the line a web
# page prints once above its memo ("การประเมินคุณธรรมและความโปร่งใส (ITA) 2565")
_ASSESSMENT_HEADING = re.compile(r"^\W*(?:การประเมิน|ITA\b)")
_BE_YEAR = re.compile(r"(?<![0-9๐-๙])[๒2][๕5][0-9๐-๙]{2}(?![0-9๐-๙])")
_ASSESSMENT_HEADING_MAX_CHARS = 60


def _head_line(text: str) -> bool:
    """A line of a page's head: junk, a browser's print header (its date, a tab, the
    page's title), a short heading naming the year or the agency, or the assessment
    and its year."""
    return (len(text.strip()) <= _EMBLEM_JUNK_CHARS or "\t" in text
            or (len(text) <= _TITLE_BLOCK_MAX_CHARS and bool(_OPENING_EVIDENCE.search(text)))
            or _assessment_heading(text))


def _assessment_heading(text: str) -> bool:
    text = squeezed(text.strip())
    return (len(text) <= _ASSESSMENT_HEADING_MAX_CHARS and bool(_ASSESSMENT_HEADING.match(text))
            and bool(_topics()["ita"].search(text)) and bool(_BE_YEAR.search(text)))


# a memo's subject: "เรื่อง ..." (OCR drops the tone mark of the bold label: เรอง), not
# the เรื่องเดิม heading (the background) that follows it in many memos
_SUBJECT = re.compile(r"^\W*เร[\u0e37\u0e48]*อง(?!\s*เดิม)\s*(.*)$")
_ADDRESSEE = re.compile(r"^\W*เรียน")
_TITLE_LINES = 4  # a report's title block: its first lines that are not scan junk
_MIN_SUBJECT_QUALITY = 0.8  # a subject read this well is trusted to say what the memo is not
_MIN_SUBJECT_CHARS = 15  # and one this long: a few words say too little


def memo_subject(lines) -> str | None:
    """The subject of a memo (its เรื่อง line and the lines it wraps onto, up to
    เรียน), or None when the head has no subject line."""
    for i, line in enumerate(lines[:10]):
        m = _SUBJECT.match(line.text)
        if not m:
            continue
        parts = [m.group(1)]
        for nxt in lines[i + 1 : i + 3]:
            if _ADDRESSEE.match(nxt.text) or "\t" in nxt.text:
                break
            parts.append(nxt.text)
        return " ".join(p.strip() for p in parts if p.strip())
    return None


def title_text(lines) -> str:
    """A report's title block: its first few lines, less the junk a scan's emblem or
    stamps become (short lines, tab-separated specks)."""
    title = [line.text for line in lines[:12]
             if len(line.text.strip()) > _EMBLEM_JUNK_CHARS and "\t" not in line.text]
    return " ".join(title[:_TITLE_LINES])


def _about_something_else(subject: str) -> bool:
    """A memo subject, read well, that names no ITA result, the assessment, or an
    O42/O43 report: the memo is about something else."""
    from normalizers.thai import text_quality

    topics = _topics()
    if topics["result"].search(subject) or topics["ita"].search(subject):
        return False
    if any(pattern.search(subject) for pattern, _ in _TYPE_HINTS):
        return False
    return len(subject) >= _MIN_SUBJECT_CHARS and text_quality(subject).score >= _MIN_SUBJECT_QUALITY


def classify(lines: list[Line] | tuple[Line, ...], running: set[str] = frozenset()) -> DocType:
    """doc_type of a document from its opening and its content; `running`: the file's
    running headers and footers (running_lines), which may stand above a memo's head."""
    if not lines:
        return OTHER
    head = "\n".join(line.text for line in lines[:15])
    body = "\n".join(line.text for line in lines)
    memo = _opens_with_memo_head(lines, running)
    subject = memo_subject(lines) if memo else None
    title = title_text(lines)
    kind = not_ita_kind(subject if subject is not None else title)
    if kind is not None:
        return kind
    if subject is not None and _about_something_else(subject):
        return OTHER_MEMO
    if memo:
        # A memo that reports scores is a score memo; one that forwards a progress
        # report or an analysis takes that type only when it carries no scores.
        if re.search(r"คะแนน", body):
            return MEMO
    # the title as read (its words OCR spaced apart: "รายงานก า รวิ เคราะห์ผล…")
    title = squeezed(title)
    # a title that names an analysis first: a tick OCR made of a tool's name in the scores
    # under it ("ภายใน ( ☑ 7)" for IIT) is no O43 status
    if _ANALYSIS_TITLE.search(title) and not _TYPE_HINTS[0][0].search(title):
        return O42
    for pattern, doc_type in _TYPE_HINTS:
        if pattern.search(head) or pattern.search(title):
            return doc_type
    # a browser's print puts its date line and the page's title above the heading
    opening = squeezed("\n".join(line.text for line in lines[:_OPENING_LINES]))
    if _ANNOUNCED.search(opening) and re.search(r"คะแนน|ระดับ", head):
        return ANNOUNCEMENT
    for pattern, doc_type in _TYPE_HINTS:
        if len(pattern.findall(body)) >= 3:
            return doc_type
    return MEMO if re.search(r"คะแนน", head) else OTHER
