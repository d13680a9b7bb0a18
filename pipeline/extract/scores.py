"""Tool scores (IIT, EIT, EIT part 1 / 2, OIT) and indicator scores (1–10) of one document.

Shapes handled (all seen in ../shared/seeds):

- a tool's heading, then its total on the next line ("แบบวัด…(IIT)" / "คะแนนรวม ๘๙.๔๙
  คะแนน"), or both in one tab row ("แบบวัด… (EIT) ส่วนที่ 1\\t\\tคะแนนรวม 95.08 คะแนน").
  The code in parentheses decides the tool (reports call every tool ภายใน); the label
  as printed is kept in `label_raw`;
- numbered lists ranked by score ("๑. การเปิดเผยข้อมูล\\tได้รับคะแนน\\t๑๐๐.๐๐\\tคะแนน"):
  the number is the rank, the name decides the indicator (DESIGN §2);
- tables "1\\tการปฏิบัติหน้าที่\\t84.17" under a header naming ตัวชี้วัด: when the name
  is garbled (the matcher is not confident) and the rows are numbered 1…N in order, the
  row number is the indicator;
- two-year comparison tables ("เครื่องมือ\\tตัวชี้วัด\\t๒๕๖๖\\t๒๕๖๗\\tการเปลี่ยนแปลง"):
  the year columns of the header give each value its fiscal year;
- prose under an indicator heading ("๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ" / "(ปี พ.ศ. ๒๕๖๖
  ได้คะแนน ๗๖.๓๙ / ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๐๖)"); sub-indicator headings (ตัวชี้วัดย่อย,
  9.x / 10.x) are skipped.

One row per (fiscal year, indicator) and per (fiscal year, tool): a value stated again
with the same number is dropped (the first page is kept); a different value is dropped
too and reported as a `value_conflict` flag. A score outside 0–100 or a cell that should
be a score but is not a number becomes an `out_of_range` / `parse_error` flag, never an
exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from normalizers import numbers
from normalizers.indicators import IndicatorMatch, match_indicator
from pipeline.extract.context import DocContext, DocRecords
from pipeline.pages import union_box
from pipeline.segment import Document, Line
from pipeline.valuebox import cell_span, value_box
from schemas.catalog import load_catalog
from schemas.records import FlagRecord, IndicatorScoreRecord, ToolScoreRecord
from schemas.vocab import Tool


# ---------------------------------------------------------------- patterns

_D = "[0-9๐-๙]"
_YEAR = re.compile(f"(?<!{_D})([๒2][๕5]{_D}{{2}})(?!{_D})")
_YEAR_CELL = re.compile(
    f"^(?:คะแนน\\s*)?(?:ปี\\s*)?(?:งบประมาณ\\s*)?(?:พ\\.\\s*ศ\\.\\s*)?([๒2][๕5]{_D}{{2}})"
    # OCR leaves specks or letters of the next cell after it ("2565 .", "2565 ก", "๒๕๖๘ ก .")
    f"(?:\\s+[^0-9๐-๙\\s]{{1,2}}){{0,2}}$"
)
# a score cell with one stray letter or mark before the score, or a mark after it, where OCR
# read a speck on a scan ("ฆ๗๕.๙๔", "ส๘๓.๐๘", "# ๘๒.๒๘", "89.20 '"), and after it a short
# Thai word: the next cell's start run into this one ("82.02 เพ") or a garbled unit
# ("๗๗.๖๖ ' คะแน่น"); only a two-decimal score, so a code (ข้อ5) is never a number. A
# comma before the two decimals is the point read or typed as one ("๘๒,๘๑"): no grouping
# of thousands leaves two digits.
_SPECK_AROUND_SCORE = re.compile(
    f"^(?:[ก-ฮ#*'\"`~^|:;]\\s?)?({_D}{{1,3}}[.,]{_D}{{2}})(?:\\s?[#*'\"`~^|:;,.])?(?:\\s+[ก-ฺเ-๎]{{1,7}})?$")
# a header cell OCR garbled from a year ("764" for 2564): a few digits, nothing else
_GARBLED_YEAR_CELL = re.compile(f"^{_D}{{2,4}}\\W?$")
# Words around a number in a score cell; removed before the cell is read as a number.
# OCR drops or bends their marks and letters: "เด้รับคะแนน", "ด้รับคะแนน", "ค ะแนน", "ะแนน"
_SCORE_WORDS = re.compile(
    r"[ไเ]?ด้?\s?รับ\s?ค?\s?ะแนน|ได้คะแนน|คะแนนรวม|คะแนนเฉลี่ย|ค?\s?ะ\s?แนน|เท่ากับ|[=:]")
# A cue right before a number in running text says "this is a score".
_CUE_BEFORE = re.compile(
    r"(?:ได้(?:รับ)?(?:ผล)?คะแนน(?:รวม|เฉลี่ย)?|คะแนน(?:รวม|เฉลี่ย)?|เท่ากับ|[=:])\s*(?:คือ\s*)?$"
)
_SCORE_AFTER = re.compile(r"\s*คะแนน(?!ขึ้นไป)")
# … and these words before it say it is not one (a threshold, a rank, a share, a code,
# a tool's part: "(EIT) ส่วนที่ 1 คะแนนรวม 78.83" where the label and score share a line).
_NOT_SCORE_BEFORE = re.compile(
    r"(?:น้อยกว่า|มากกว่า|ไม่ต่ำกว่า|ไม่น้อยกว่า|เกณฑ์|ร้อยละ|เป้าหมาย|ข้อ|(?:ลำดับ|ตัวชี้วัด|ข้อ|ครั้ง)ที่"
    r"|ส่?วนท[ีิ]่?)\s*$"
)
_LIST_NO = re.compile(f"^\\s*[-•*]?\\s*({_D}{{1,2}})\\s*[.)]?(?:\\s+|(?=[^\\d๐-๙.]))(?!{_D})")
_SUB_HEADING = re.compile(
    r"ตัวชี้วัดย่อย|ตัวชี้วัดที่\s*\d{1,2}\s*\.\s*\d|^\W*(?:9|10)\s*\.\s*\d{1,2}\s+(?!ตัวชี้วัดที่)"
)
_TOOL_CODE = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])")
_TOOL_CODE_PAREN = re.compile(r"\(\s*(IIT|EIT|OIT)\s*\)")
_TOOL_FORM = re.compile(r"แบบวัด|แบบตรวจ|แบบสำรวจ")
# "ส่วนที่ 1"; OCR drops the marks of bold labels (ส่วนที / สวนที 1)
_PART_WORD = "ส่?วนท[ีิ]่?"
_EIT_PART = re.compile(f"{_PART_WORD}\\s*([12๑๒])(?!{_D})")
# What may stand in a line that only continues a heading: years, ปี, พ.ศ., cue words.
_CONTINUATION_NOISE = re.compile(
    f"{_D}+|ปีงบประมาณ|ปี|พ\\.\\s*ศ\\.|ได้รับ|ได้|คะแนนรวม|คะแนน|ผลการประเมิน|[\\s()/,:;=\\-–.]"
)
_LETTER = re.compile("[\u0e01-\u0e2eA-Za-z]")
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")

_MAX_NAME_CHARS = 90  # a list item's or heading's name; a longer text is prose
_HEADING_REACH = 2  # a heading's scores stand within this many lines below it
_MIN_ORDERED_ROWS = 3


# ---------------------------------------------------------------- rows


@dataclass
class _Value:
    col: int  # cell index (tab rows) or -1 (a number in running text)
    number: numbers.Number | None  # None: the cell should be a score but is no number
    raw: str
    year: int | None = None  # a year the text names for this value ("ปี พ.ศ. ๒๕๖๖ ได้คะแนน")


@dataclass
class _Row:
    line: Line
    tab: bool
    cells: list[str]
    row_no: int | None = None  # a leading number: a rank or a row number, only a hint
    tool_label: str | None = None  # a cell / text naming a tool
    name: str | None = None  # the indicator-name cell / text
    values: list[_Value] = field(default_factory=list)
    match: IndicatorMatch | None = None

    @property
    def header_like(self) -> bool:
        if not self.tab or sum(1 for c in self.cells if c.strip()) < 2:
            return False
        if not self.values:
            # "๓. การใช้อำนาจ\tdees\tcolon": a numbered row whose scores OCR garbled
            return _numbered_name(self.cells) is None
        # a year header as OCR leaves it: "2565 ก", and "764" beside it for 2564
        years = [i for i, c in enumerate(self.cells) if _YEAR_CELL.match(c.strip())]
        return bool(years) and all(
            v.col in years or abs(v.col - years[0]) == 1 and _GARBLED_YEAR_CELL.match(self.cells[v.col].strip())
            for v in self.values
        )


def _value_box(at: Line, value: _Value) -> dict:
    """bbox and box_kind of a value read from the line `at` (pipeline/valuebox.py): the
    number in its cell, or in running text the number where it was found."""
    span = None
    n = value.number
    if value.col >= 0:
        span = cell_span(at.text, value.col)
        if span and n is not None and (k := at.text.find(n.raw, *span)) >= 0:
            span = (k, k + len(n.raw))
    elif n is not None and at.text[n.start:n.end] == n.raw:
        span = (n.start, n.end)
    box, kind = value_box(at, span, None if span else value.raw)
    return {"bbox": box, "box_kind": kind}


def _cell_number(cell: str) -> tuple[str, numbers.Number | None]:
    """(kind, number) of a table cell: kind 'empty' (blank, a dash or only score
    words), 'num' (one number, score words allowed around it), 'junk' (short and
    mostly digits, but no number: "๓ว.๕@"), 'text'."""
    s = cell.strip()
    core = _SCORE_WORDS.sub("", s).strip()
    if not core or core in {"-", "–", "—"}:
        return "empty", None
    number = numbers.parse_number(core)
    if number is not None:
        return "num", number
    speck = _SPECK_AROUND_SCORE.match(core)  # "ฆ๗๕.๙๔": a speck read as a letter
    if speck and (number := numbers.parse_number(speck.group(1).replace(",", "."))) is not None:
        return "num", number
    digits = sum(ch.isdigit() or ch in ".," for ch in core)
    if len(core) <= 10 and digits * 2 >= len(core) and digits >= 2 and not _QUESTION_CODE.match(core):
        return "junk", None
    return "text", None


# a measures row's question-code cell ("I10", "E4", "O36"): text, not a garbled score
_QUESTION_CODE = re.compile(r"^[IEOieo]\s?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?(?:\s+[IEOieo]\s?[0-9๐-๙]{1,2})*$")


def _numbered_name(cells: list[str]) -> tuple[int, int] | None:
    """(cell index, number) of a row's name cell when it opens with a list number and a
    letter ("๓. การใช้อำนาจ"), after at most a tool label; a header never does."""
    filled = [i for i, c in enumerate(cells) if c.strip()][:2]
    for k, i in enumerate(filled):
        cell = cells[i].strip()
        m = _LIST_NO.match(cell)
        if m and _LETTER.match(cell[m.end():]):
            return i, int(numbers.to_arabic_digits(m.group(1)))
        if k == 0 and not (_tool_of(cell) or _garbled_tool_cell(cells, i)):
            return None
    return None


def _leading_list_no(text: str) -> int | None:
    m = _LIST_NO.match(text)
    return int(numbers.to_arabic_digits(m.group(1))) if m else None


def _tab_row(line: Line) -> _Row:
    cells = line.text.split("\t")
    row = _Row(line, True, cells)
    name_parts: list[str] = []
    seen_text_cells = 0
    first = True
    for i, cell in enumerate(cells):
        kind, number = _cell_number(cell)
        if kind == "empty":
            continue
        if kind == "num" and number.is_integer and _YEAR.fullmatch(numbers.to_arabic_digits(cell.strip())):
            first = False
            continue  # a year column header ("๒๕๖๖"), never a score
        if kind == "num" and first and number.is_integer and 1 <= number.value <= 99:
            row.row_no = int(number.value)  # "1\tการปฏิบัติหน้าที่\t84.17"
        elif kind == "text":
            if row.values:
                pass  # trailing words ("ลดลง", "คะแนน")
            elif row.tool_label is None and not name_parts and (_tool_of(cell) or _garbled_tool_cell(cells, i)):
                row.tool_label = cell.strip()
            else:
                seen_text_cells += 1
                name_parts.append(cell.strip())
        elif row.tool_label is not None or name_parts:
            row.values.append(_Value(i, number, cell.strip()))
        first = False
    if name_parts:
        row.name = " ".join(name_parts)
        if seen_text_cells > 2 or len(row.name) > _MAX_NAME_CHARS:
            row.name, row.values = None, []  # a measures/progress table row, not a score row
        elif row.row_no is None:
            row.row_no = _leading_list_no(row.name)
    return row


def _garbled_tool_cell(cells: list[str], i: int) -> bool:
    """'เท' 'วท' 'iT' '๐ท' in the tool column before a numbered indicator name ("๑.การ…"):
    IIT/OIT as OCR left them (the O of OIT read as a zero). A label, not a part of the
    indicator's name."""
    cell = cells[i].strip()
    letters = cell[1:] if cell[:1] in ("๐", "0") else cell  # an O read as a zero may open it
    # marks above and below count for nothing ("๐อทกั" for OIT on a noisy scan)
    if not 1 <= len(_THAI_MARKS.sub("", cell)) <= 4 or any(ch.isdigit() for ch in letters):
        return False
    rest = [c for c in cells[i + 1:] if c.strip()]
    return bool(rest) and _LIST_NO.match(rest[0]) is not None


def _text_row(line: Line) -> _Row:
    """A line without tabs: the numbers that read as scores, and the text before them."""
    text = line.text
    row = _Row(line, False, [text])
    found = []
    for n in numbers.find_numbers(text):
        if n.is_integer and _YEAR.fullmatch(n.raw):
            continue
        before = text[max(0, n.start - 30) : n.start]
        after = text[n.end :]
        cued = bool(_CUE_BEFORE.search(before)) or bool(_SCORE_AFTER.match(after))
        at_end = not n.is_integer and re.match(r"\s*\)?\s*$", after) is not None
        if any(a <= n.start < b for a, b, _ in numbers.unreadable_scores(text)):
            continue  # "๙๒ ๘๒" for ๙๒.๘๒: neither half is a score (flagged by _garbled_flags)
        if (cued or at_end) and not _NOT_SCORE_BEFORE.search(before):
            found.append(n)
    head = text[: found[0].start] if found else text
    prev = 0
    for n in found:
        years = _YEAR.findall(text, prev, n.start)
        year = int(numbers.to_arabic_digits(years[-1])) if years else None
        row.values.append(_Value(-1, n, n.raw, year))
        prev = n.end
    head = _CUE_BEFORE.sub("", head.rstrip()).strip()
    if found:
        # a label's wrapped tail joined after its score ("แบบวัด…ภายนอก คะแนนรวม 78.83
        # คะแนน (EIT) ส่วนที่ 1": the label's cell wrapped beside the score's)
        tail = re.sub(r"^\s*คะแนน", "", text[found[-1].end:]).strip()
        if tail and _LABEL_TAIL.match(tail):
            head = f"{head} {tail}"
    if len(head) <= _MAX_NAME_CHARS:
        row.name = head or None
        row.row_no = _leading_list_no(head) if head else None
        if _tool_of(head):
            row.tool_label = head
    return row


def _is_continuation(row: _Row) -> bool:
    """A line that only carries values for the heading above it ("คะแนนรวม ๘๙.๔๙ คะแนน",
    "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน ๗๖.๓๙ / ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๐๖)")."""
    if not row.values or row.tab:
        return False
    head = row.line.text[: row.values[0].number.start] if row.values[0].number else ""
    return not _LETTER.search(_CONTINUATION_NOISE.sub("", head))


# ---------------------------------------------------------------- tools


def _tool_of(label: str) -> str | None:
    """The tool a label names. The code decides ("(EIT) ส่วนที่ 1" is EIT part 1 even
    when the Thai says ภายใน); the Thai form name only when no code is printed."""
    if not label or len(label) > 160:
        return None
    t = numbers.to_arabic_digits(label)
    codes = _TOOL_CODE_PAREN.findall(t) or _TOOL_CODE.findall(t)
    if codes:
        if len(set(codes)) > 1:
            return None
        code = codes[0]
    elif _TOOL_FORM.search(t):
        if "ภายใน" in t:
            code = Tool.IIT
        elif "ภายนอก" in t:
            code = Tool.EIT
        elif "สาธารณะ" in t or "แบบตรวจ" in t:
            code = Tool.OIT
        else:
            return None
    else:
        return None
    if code == Tool.EIT:
        part = _EIT_PART.search(t)
        if part:
            return f"EIT_PART{numbers.to_arabic_digits(part.group(1))}"
    return code


# ---------------------------------------------------------------- indicators


def _is_sub_heading(text: str) -> bool:
    return bool(_SUB_HEADING.search(numbers.to_arabic_digits(text or "")))


def _explicit_number(m: IndicatorMatch | None, text: str) -> int | None:
    """The indicator an explicit "ตัวชี้วัดที่ N" heading names (never a sub-indicator)."""
    if m is None or m.heading_kind != "indicator" or _is_sub_heading(text):
        return None
    return m.heading_number


def _name_number(row: _Row) -> int | None:
    """The indicator the row's own text supports: a confident name, else an explicit
    "ตัวชี้วัดที่ N" heading."""
    m = row.match
    if m is None or _is_sub_heading(row.name):
        return None
    if m.confident:
        return m.number
    return _explicit_number(m, row.name)


def _is_indicator_table(header: _Row | None, rows: list[_Row]) -> bool:
    """Rows numbered 1…N in order, under a header that names ตัวชี้วัด (or whose confident
    names all agree with their row numbers): then a row number is the indicator."""
    if len(rows) < _MIN_ORDERED_ROWS:
        return False
    for k, r in enumerate(rows, 1):
        # a row number OCR lost ("& การแก้ไขปัญหาการทุจริต" for ๕.) is in order where the
        # row's own name says so
        lost_in_order = r.row_no is None and r.match is not None and r.match.confident and r.match.number == k
        if r.row_no != k and not lost_in_order:
            return False
    confident = [(k, r) for k, r in enumerate(rows, 1) if r.match is not None and r.match.confident]
    agree = sum(1 for k, r in confident if r.match.number == k)
    disagree = len(confident) - agree
    names_indicators = header is not None and any("ตัวชี้วัด" in c for c in header.cells)
    if names_indicators:  # one misprinted name is tolerated in a long, otherwise ordered table
        return disagree == 0 or (disagree == 1 and agree >= 5)
    return disagree == 0 and agree >= 5


# ---------------------------------------------------------------- the extractor


class _Collector:
    """Records of one document, one per (year, indicator) and (year, tool)."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.file_id, self.report_id = ctx.file_id, ctx.report_id
        self.tools: dict[tuple, tuple[ToolScoreRecord, str]] = {}
        self.indicators: dict[tuple, tuple[IndicatorScoreRecord, str]] = {}
        self.flags: list[FlagRecord] = []
        # rows of indicator tables whose name decided nothing, with their (year, value)s
        self.unresolved: list[tuple[_Row, list[tuple[int | None, _Value]]]] = []

    def flag(self, kind: str, message: str, evidence: str, page: int, severity: str | None = None):
        self.flags.append(self.ctx.flag(kind, message, evidence=evidence[:500], page=page, severity=severity))

    def _score(self, value: _Value, what: str, page: int) -> float | None:
        if value.number is None:
            self.flag("parse_error", f"อ่านคะแนน{what}ไม่ได้ ({what.strip()}: score is not a number)",
                      value.raw, page)
            return None
        if not 0.0 <= value.number.value <= 100.0:
            self.flag("out_of_range", f"คะแนน{what}อยู่นอกช่วง 0–100 ({what.strip()}: score outside 0–100)",
                      value.raw, page)
            return None
        return value.number.value

    def _conflict(self, what: str, year: int | None, first: tuple, second_raw: str, second: float, page: int):
        record, first_raw = first
        self.flag(
            "value_conflict",
            f"คะแนน{what}ปี {year} ระบุสองค่าไม่ตรงกัน: {record.score:g} และ {second:g} "
            f"({what.strip()}, {year}: two different values in one report; the first is kept)",
            f"{first_raw} (page {record.page}) | {second_raw} (page {page})",
            page,
        )

    def add_tool(self, tool: str, year: int | None, value: _Value, label: str, at: Line):
        """`at`: the line the value stands on (its page and box)."""
        page = at.page_no
        what = f" {tool} "
        score = self._score(value, what, page)
        if score is None:
            return
        key = (year, tool)
        if key in self.tools:
            if self.tools[key][0].score != score:
                self._conflict(what, year, self.tools[key], value.raw, score, page)
            return
        try:
            record = ToolScoreRecord(report_id=self.report_id, fiscal_year=year, tool=tool, score=score,
                                     label_raw=label, page=page, **_value_box(at, value))
        except ValidationError as exc:
            self.flag("parse_error", f"บันทึกคะแนน{what}ไม่ได้ (invalid tool score)", f"{value.raw}: {exc}", page)
            return
        self.tools[key] = (record, f"{label} {value.raw}")

    def add_indicator(self, number: int, year: int | None, value: _Value, row: _Row, at: Line):
        page = at.page_no
        what = f"ตัวชี้วัดที่ {number} "
        score = self._score(value, what, page)
        if score is None:
            return
        key = (year, number)
        raw = f"{row.name} {value.raw}" if row.name else row.line.text
        if key in self.indicators:
            if self.indicators[key][0].score != score:
                self._conflict(what, year, self.indicators[key], raw, score, page)
            return
        try:
            record = IndicatorScoreRecord(
                report_id=self.report_id, fiscal_year=year, indicator=number, name_raw=row.name,
                match_score=row.match.score if row.match else None,
                name_indicator=row.match.number if row.match and row.match.confident else None,
                score=score, page=page, **_value_box(at, value),
            )
        except ValidationError as exc:
            self.flag("parse_error", f"บันทึกคะแนน{what}ไม่ได้ (invalid indicator score)", f"{raw}: {exc}", page)
            return
        self.indicators[key] = (record, raw)

    def result(self) -> DocRecords:
        return DocRecords(
            tool_scores=tuple(r for r, _ in self.tools.values()),
            indicator_scores=tuple(r for r, _ in self.indicators.values()),
            flags=tuple(self.flags),
        )


def _year_columns(header: _Row | None) -> dict[int, int]:
    if header is None:
        return {}
    cols = {}
    for i, cell in enumerate(header.cells):
        m = _YEAR_CELL.match(cell.strip())
        if m:
            cols[i] = int(numbers.to_arabic_digits(m.group(1)))
    if len(cols) == 1:
        # a two-year table whose other year OCR garbled: years stand side by side,
        # the earlier on the left
        (i, year), = cols.items()
        for j, other in ((i - 1, year - 1), (i + 1, year + 1)):
            if 0 <= j < len(header.cells) and _GARBLED_YEAR_CELL.match(header.cells[j].strip()):
                cols[j] = other
                break
    return cols


def _score_column(header: _Row | None) -> int | None:
    if header is None:
        return None
    cols = [i for i, c in enumerate(header.cells) if re.fullmatch(r"\s*(?:ผล)?คะแนน\s*(?:ที่ได้)?\s*", c)]
    return cols[0] if len(cols) == 1 else None


def _plausible_year(year: int | None, fy: int | None) -> bool:
    return year is not None and (fy is None or fy - 6 <= year <= fy + 1)


def _table_year(header: _Row | None, before: list[Line], fy: int | None) -> int | None:
    """The one year a table's header, or a short line just above it ("ปี 2566"), names."""
    texts = [" ".join(header.cells)] if header is not None else []
    texts += [line.text for line in reversed(before[-2:]) if len(line.text) <= 40]
    for text in texts:
        years = {int(numbers.to_arabic_digits(y)) for y in _YEAR.findall(text)}
        if len(years) == 1 and _plausible_year(next(iter(years)), fy):
            return years.pop()
    return fy


def _row_values(row: _Row, header: _Row | None, default_year: int | None) -> list[tuple[int | None, _Value]]:
    """(fiscal year, value) of a data row: by the header's year columns, else the one
    score (under a คะแนน column when the header has one)."""
    if not row.values:
        return []
    cols = _year_columns(header)
    if cols:
        by_pos = [(cols[v.col], v) for v in row.values if v.col in cols]
        if len(by_pos) == len(cols):
            return by_pos
        if by_pos and len(by_pos) == len(row.values):
            # every value under a year: the other years still stand; a year's cell
            # that OCR garbled beyond a number ("no :") is an unreadable score
            taken = {v.col for _, v in by_pos}
            for col, year in sorted(cols.items()):
                cell = row.cells[col].strip() if col < len(row.cells) else ""
                if col not in taken and _cell_number(cell)[0] != "empty":
                    by_pos.append((year, _Value(col, None, cell)))
            return by_pos
        years = [y for _, y in sorted(cols.items())]
        if len(row.values) >= len(years):
            return list(zip(years, row.values[: len(years)]))
        return []
    if not row.tab:
        return [(v.year if _plausible_year(v.year, default_year) else default_year, v) for v in row.values]
    col = _score_column(header)
    chosen = next((v for v in row.values if v.col == col), row.values[0])
    return [(default_year, chosen)]


def _unreadable_score_row(row: _Row, header: _Row | None) -> _Row | None:
    """A numbered row under a year header whose every year cell OCR garbled beyond a
    number ("\t๓. การใช้อำนาจ\tdees\tcolon" under "…\t๒๕๖๗\t๒๕๖๘"): the row with each
    year's cell as an unreadable score, so the indicator is flagged, not silently lost."""
    cols = sorted(_year_columns(header))
    named = _numbered_name(row.cells)
    if not cols or row.values or named is None or named[0] >= cols[0]:
        return None
    cells = [row.cells[c].strip() if c < len(row.cells) else "" for c in cols]
    if not all(cells):
        return None
    at, number = named
    label = row.cells[at - 1].strip() if at > 0 and row.cells[at - 1].strip() else None
    return _Row(row.line, True, row.cells, row_no=number, tool_label=label, name=row.cells[at].strip(),
                values=[_Value(c, None, cell) for c, cell in zip(cols, cells)])


def _resolve_rows(rows: list[_Row], header: _Row | None, fy: int | None) -> dict[int, int]:
    """Indicator number of each row (by list index) that has enough evidence."""
    ordered = _is_indicator_table(header, rows)
    out: dict[int, int] = {}
    for k, row in enumerate(rows):
        number = _name_number(row)
        if number is None and ordered and row.row_no is not None and not _is_sub_heading(row.name):
            number = row.row_no  # a garbled name in a table numbered by indicator
        if number is not None:
            out[k] = number
    # A full list with one row left unresolved: it is the one indicator not named.
    expected = _indicator_numbers(fy)
    if expected and len(rows) == len(expected) and len(out) == len(rows) - 1:
        missing = set(expected) - set(out.values())
        if len(missing) == 1:
            k = next(k for k in range(len(rows)) if k not in out)
            out[k] = missing.pop()
    return out


def _indicator_numbers(fy: int | None) -> tuple[int, ...]:
    yc = load_catalog().year(fy) if fy else None
    return tuple(ind.number for ind in yc.indicators) if yc else ()


def _carried_header(block: list[_Row], carry: dict) -> _Row | None:
    """The header of the table the page before ended with, for a block that continues it
    on the next page without a header of its own (a two-year table's years): its first
    row is no header, stands on the next page and has as many cells. Running headers,
    footers and page numbers between the two parts end a block, not the table."""
    header, page = carry.get("header"), carry.get("page")
    first = block[0]
    if header is None or page is None or first.header_like or not first.tab:
        return None
    if first.line.page_no != page + 1 or len(first.cells) != len(header.cells):
        return None
    return header


def _emit_block(block: list[_Row], before: list[Line], fy: int | None, out: _Collector,
                carry: dict | None = None):
    """A run of table rows (or of list lines): split at header rows, then each table.
    `carry` (one dict for a document's blocks, in order) hands the last table's header
    to a block that continues it on the next page."""
    carry = {} if carry is None else carry
    tables: list[tuple[_Row | None, list[_Row]]] = []
    header: _Row | None = _carried_header(block, carry) if block else None
    rows: list[_Row] = []
    for row in block:
        if row.header_like:
            if rows:
                tables.append((header, rows))
                rows = []
            elif header is not None and _year_columns(header) and not _year_columns(row):
                # a header printed on two lines ("\t\t2565\t2566" over "เครื่องมือ\tตัวชี้วัด"):
                # the years stay
                continue
            header = row
        elif row.values and (row.name or row.tool_label):
            rows.append(row)
        elif (garbled := _unreadable_score_row(row, header)) is not None:
            rows.append(garbled)
    if rows:
        tables.append((header, rows))
    if tables:
        last_header, last_rows = tables[-1]
        carry["header"] = last_header if last_header is not None and last_header.tab else None
        carry["page"] = last_rows[-1].line.page_no
    for header, rows in tables:
        default_year = _table_year(header, before, fy)
        indicator_rows, tool_rows = [], []
        for row in rows:
            if row.name is None:
                tool_rows.append(row)  # "IIT\t89.49", "แบบวัด…(IIT)\t\tคะแนนรวม 96.75"
                continue
            row.match = match_indicator(row.name, fy)
            if not row.tab and _tool_of(row.name) and _name_number(row) is None:
                row.tool_label = row.name  # "แบบวัด IIT ได้คะแนน ๘๙.๔๙ คะแนน"
                tool_rows.append(row)
            else:
                indicator_rows.append(row)
        numbers_of = _resolve_rows(indicator_rows, header, fy)
        for k, row in enumerate(indicator_rows):
            values = _row_values(row, header, default_year)
            if k in numbers_of:
                for year, value in values:
                    out.add_indicator(numbers_of[k], year, value, row, row.line)
            elif values and len(numbers_of) >= _MIN_ORDERED_ROWS and not _is_sub_heading(row.name or ""):
                out.unresolved.append((row, values))
        for row in tool_rows:
            tool = _tool_of(row.tool_label or "")
            for year, value in _row_values(row, header, default_year) if tool else ():
                out.add_tool(tool, year, value, row.tool_label, row.line)


# A tool's code or part number wrapped onto its own line under an unruled table row:
# "แบบวัด…ภายนอก คะแนนรวม 90.03 คะแนน" / "(EIT) ส่วนที่ 1"
# (or with the form name's last word: "ภายใน (IIT)" under "แบบวัด…ส่วนได้ส่วนเสีย คะแนนรวม …")
_LABEL_TAIL = re.compile(f"^(?:ภายใน|ภายนอก|สาธารณะ)?\\s*\\(?(?:IIT|EIT|OIT)\\)?(?:\\s*{_PART_WORD}\\s*[0-9๐-๙])?$"
                         f"|^{_PART_WORD}\\s*[0-9๐-๙]$")
_TOTAL_CUE = re.compile(r"\s*คะแนน(?:รวม|เฉลี่ย)?\s*[0-9๐-๙]")


def _rejoin_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Put a wrapped tool code back into its row's label, before the score."""
    out: list[Line] = []
    for line in lines:
        tail = line.text.strip()
        if out and "\t" in out[-1].text and _LABEL_TAIL.match(tail):
            prev = out[-1]
            first, rest = prev.text.split("\t", 1)
            if _TOOL_FORM.search(first) and not _TOOL_CODE_PAREN.search(first) and prev.page_no == line.page_no:
                # a tab row whose label cell wrapped: "แบบวัด…ภายนอก\tคะแนนรวม\t85.36" / "(EIT) ส่วนที่ 2"
                out[-1] = Line(prev.page_no, f"{first} {tail}\t{rest}", union_box([prev.bbox, line.bbox]), prev.glyphs)
                continue
        cue = _TOTAL_CUE.search(out[-1].text) if out and _LABEL_TAIL.match(tail) else None
        if cue and "\t" not in out[-1].text and not _TOOL_CODE_PAREN.search(out[-1].text[: cue.start()]):
            prev = out[-1]
            # as a tab row, the shape of a ruled table ("…(EIT) ส่วนที่ 1\tคะแนนรวม 95.08 คะแนน")
            out[-1] = Line(prev.page_no, f"{prev.text[: cue.start()]} {tail}\t{prev.text[cue.start():].strip()}",
                           union_box([prev.bbox, line.bbox]) if line.page_no == prev.page_no else prev.bbox,
                           prev.glyphs)
            continue
        out.append(line)
    return out


def extract_scores(ctx: DocContext) -> DocRecords:
    """Tool and indicator scores of one logical document, each with its page.

    Lines are read in order: runs of table rows (or of list lines with a score) form
    blocks, read as tables; a line without scores may head the next lines' scores (a
    tool's form name, an indicator heading); a line that only carries scores
    ("คะแนนรวม ๘๙.๔๙ คะแนน") gives them to that heading."""
    doc, fiscal_year = ctx.doc, ctx.fiscal_year
    out = _Collector(ctx)
    lines = _rejoin_wrapped_labels(list(doc.lines))
    block: list[_Row] = []
    block_start = 0
    pending: tuple[str, object, _Row, int] | None = None  # (kind, tool/indicator, heading row, line index)
    carry: dict = {}  # the last table's header, for its rest on the next page

    def flush() -> None:
        nonlocal block
        if block:
            _emit_block(block, lines[max(0, block_start - 2) : block_start], fiscal_year, out, carry)
            block = []

    for i, line in enumerate(lines):
        # a "row" with one non-empty cell is a line ("แบบวัด…(IIT)\t" heads the next line)
        tab = sum(1 for cell in line.text.split("\t") if cell.strip()) > 1
        row = _tab_row(line) if tab else _text_row(line)
        if pending is not None and i - pending[3] > _HEADING_REACH:
            pending = None
        if not tab and _is_continuation(row):
            flush()
            if pending is not None:
                kind, what, head, _ = pending
                for v in row.values:
                    year = v.year if _plausible_year(v.year, fiscal_year) else fiscal_year
                    if kind == "tool":
                        out.add_tool(what, year, v, head.line.text.strip(), line)
                    else:
                        out.add_indicator(what, year, v, head, line)
                pending = None
            continue
        if not tab and not row.values:
            flush()
            heading = _heading(row, fiscal_year)
            pending = (*heading, i) if heading is not None else None
            continue
        if block and block[-1].tab != tab:
            flush()
        if not block:
            block_start = i
        block.append(row)
        pending = None
    flush()
    _eliminate(out, fiscal_year)
    _garbled_flags(lines, out)
    return out.result()


def _eliminate(out: _Collector, fy: int | None) -> None:
    """A list cut by a page break holds its one unnamed row in a part too short for
    `_resolve_rows` to see the whole list: when the document has exactly one such row and
    its year lacks exactly one indicator, the row is that indicator (the name, kept in
    name_raw, is left for the indicator_name_mismatch check)."""
    expected = _indicator_numbers(fy)
    if len(out.unresolved) != 1 or not expected:
        return
    row, values = out.unresolved[0]
    for year, value in values:
        have = {n for (y, n) in out.indicators if y == year}
        missing = set(expected) - have
        if len(missing) == 1 and len(have) == len(expected) - 1:
            out.add_indicator(missing.pop(), year, value, row, row.line)


def _heading(row: _Row, fy: int | None) -> tuple[str, object, _Row] | None:
    """A line without scores that heads scores on the next lines: a tool's form name
    ("แบบวัด…(IIT)") or an indicator ("๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ"). A
    sub-indicator heading heads nothing."""
    text = row.line.text.strip()
    if not text or len(text) > 160 or _is_sub_heading(text):
        return None
    tool = _tool_of(text)
    if tool and _TOOL_FORM.search(text) or tool and len(text) <= 20:
        return ("tool", tool, row)
    if len(text) > _MAX_NAME_CHARS:
        return None
    row.name = text
    row.match = match_indicator(text, fy)
    number = _name_number(row)
    return ("indicator", number, row) if number is not None else None


# ---------------------------------------------------------------- scores OCR left unreadable
def _garbled_flags(lines: list[Line], out: _Collector) -> None:
    """A score in running text that OCR left unreadable (numbers.unreadable_scores:
    "ได้คะแนน cools คะแนน", "๙๒ ๘๒"): flagged with the line's page and box, never taken
    as a value. (In a table such a cell is a value its row flags: _cell_number's 'junk',
    _Collector._score.)"""
    for line in lines:
        if "\t" in line.text:
            continue  # a table's unreadable score cells are flagged by their row (_Collector._score)
        for a, b, raw in numbers.unreadable_scores(line.text):
            box, kind = value_box(line, (a, b))
            out.flags.append(FlagRecord(
                file_id=out.file_id, report_id=out.report_id, kind="parse_error", severity="warning",
                message=f"อ่านคะแนนไม่ได้: '{raw}' (a score OCR could not read; not repaired, not stored)",
                evidence=line.text[:500], page=line.page_no, bbox=box, box_kind=kind))
