"""Split a file's pages into logical documents and say what kind each is.

One file often holds several documents: a cover memo (บันทึกข้อความ) and its attached
analysis, or a memo and a progress report. A new document starts at a memo heading,
or at a report title followed soon by the fiscal year or the agency — a title
repeated inside a document (as table headers often are) starts nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.pages import Box, PageResult

MEMO = "score_report_memo"
O42 = "o42_analysis_measures"
O43 = "o43_implementation_report"
ANNOUNCEMENT = "score_announcement"  # an agency's announcement or a news item of its result
OTHER = "other"


@dataclass(frozen=True)
class Line:
    page_no: int
    text: str
    bbox: Box | None = None  # where the line stands on its page, when the reader knows


@dataclass(frozen=True)
class Document:
    index: int
    doc_type: str
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
# Titles that open a report (not a memo). Matched at the start of a short line.
_REPORT_TITLE = re.compile(
    r"^\W*(แบบรายงาน|รายงานการวิเคราะห์|รายงานผลการดำเนิน|รายงานความก้าวหน้า|"
    r"การวิเคราะห์ผลการประเมิน|มาตรการส่งเสริมคุณธรรม)"
)
_OPENING_EVIDENCE = re.compile(
    r"ปีงบประมาณ|พ\.ศ\.|องค์การบริหารส่วน|องค์กรบริหารส่วน|เทศบาล|อบต\.|จังหวัด"
)
_MIN_LINES_BEFORE_SPLIT = 12  # a document shorter than this is still its own title block
_TITLE_LOOKAHEAD = 8  # the year or agency must follow a report title within this many lines
_TITLE_BLOCK_MAX_CHARS = 130  # a title with the year in it, or "agency, district, province"
_LIST_ITEM = re.compile(r"^\W*[0-9๐-๙]{1,2}[.)]")
# a signature block names the agency too, but under a name, not under a title
_SIGNATURE = re.compile(r"^\W*(?:ปลัด|รองปลัด|นายก|รองนายก|หัวหน้า|ผู้อำนวยการ|\()")

# doc_type keywords, strongest first: (pattern, doc_type)
_TYPE_HINTS = [
    (re.compile(r"O\s*43|ความก้าวหน้า|รายงานผลการดำเนินการ|รายงานผลการดำเนินงานตามมาตรการ"
                r"|ดำเนินการแล้ว|อยู่ระหว่างดำเนินการ|☑"), O43),
    (re.compile(r"O\s*42|การวิเคราะห์ผลการประเมิน|มาตรการส่งเสริมคุณธรรม|มาตรการ"), O42),
]


_ANNOUNCED = re.compile(r"^\W*(?:ประกาศ|ข่าว|ประชาสัมพันธ์)", re.M)


def page_lines(pages: list[PageResult]) -> list[Line]:
    out = []
    for p in pages:
        texts = p.text.split("\n")
        boxes = p.line_boxes if len(p.line_boxes) == len(texts) else (None,) * len(texts)
        out += [Line(p.page_no, text, box) for text, box in zip(texts, boxes) if text.strip()]
    return out


def split_documents(pages: list[PageResult]) -> list[Document]:
    lines = page_lines(pages)
    starts = [0] if lines else []
    for i, line in enumerate(lines):
        if i - starts[-1] < _MIN_LINES_BEFORE_SPLIT and not (
            _MEMO_HEAD.match(line.text) and i - starts[-1] >= 3
        ):
            continue
        if _MEMO_HEAD.match(line.text) or _opens_report(lines, i):
            starts.append(i)
    bounds = zip(starts, starts[1:] + [len(lines)])
    return [
        Document(k, classify(lines[a:b]), tuple(lines[a:b])) for k, (a, b) in enumerate(bounds)
    ]


def _opens_report(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    if "\t" in text or len(text) > 120 or not _REPORT_TITLE.match(text):
        return False
    ahead = lines[i : i + _TITLE_LOOKAHEAD]
    return any(_is_title_block(line.text) for line in ahead)


def _is_title_block(text: str) -> bool:
    """A short line naming the year or the agency, as under a report's title. A long
    or numbered line is prose ("๑. จากปีงบประมาณ พ.ศ.๒๕๖๖ …"), and a section heading
    followed by prose (การวิเคราะห์ผลการประเมิน) opens no new document."""
    return (
        len(text) <= _TITLE_BLOCK_MAX_CHARS
        and not _LIST_ITEM.match(text)
        and not _SIGNATURE.match(text)
        and bool(_OPENING_EVIDENCE.search(text))
    )


# A scan's emblem (ครุฑ) above the heading comes out of OCR as a line or two of junk
_EMBLEM_JUNK_CHARS = 10


def _opens_with_memo_head(lines) -> bool:
    for line in lines[:3]:
        if _MEMO_HEAD.match(line.text):
            return True
        if len(line.text.strip()) > _EMBLEM_JUNK_CHARS:
            return False
    return False


def classify(lines: list[Line] | tuple[Line, ...]) -> str:
    """doc_type of a document from its opening and its content."""
    if not lines:
        return OTHER
    head = "\n".join(line.text for line in lines[:15])
    body = "\n".join(line.text for line in lines)
    if _opens_with_memo_head(lines):
        # A memo that reports scores is a score memo; one that forwards a progress
        # report or an analysis takes that type only when it carries no scores.
        if re.search(r"คะแนน", body):
            return MEMO
    for pattern, doc_type in _TYPE_HINTS:
        if pattern.search(head):
            return doc_type
    opening = "\n".join(line.text for line in lines[:3])
    if _ANNOUNCED.search(opening) and re.search(r"คะแนน|ระดับ", head):
        return ANNOUNCEMENT
    for pattern, doc_type in _TYPE_HINTS:
        if len(pattern.findall(body)) >= 3:
            return doc_type
    return MEMO if re.search(r"คะแนน", head) else OTHER
