"""One line or tab row of a score table or list, read as a score row (pipeline/extract/scores.py
puts the rows together): its name and number, its values and their boxes, the tool it names, or
why it is a heading, a sub-heading or a wrapped name's continuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers import numbers
from normalizers.indicators import IndicatorMatch
from pipeline.extract.statements import not_own_score
from pipeline.segment import Line
from pipeline.valuebox import cell_span, value_box
from schemas.vocab import Tool

_D = "[0-9๐-๙]"

YEAR = re.compile(f"(?<!{_D})([๒2][๕5]{_D}{{2}})(?!{_D})")

YEAR_CELL = re.compile(
    f"^(?:คะแนน\\s*)?(?:ปี\\s*)?(?:งบประมาณ\\s*)?(?:พ\\.\\s*ศ\\.\\s*)?"
    # a scan's rule remnant or speck read as a letter before it ("ไ๒๕๖๕")
    f"(?:[^0-9๐-๙\\s(]\\s?)?([๒2][๕5]{_D}{{2}})"
    # OCR leaves specks or letters of the next cell after it ("2565 .", "2565 ก", "๒๕๖๘ ก .")
    f"(?:\\s+[^0-9๐-๙\\s]{{1,2}}){{0,2}}$"
)

# a score cell with one stray letter or mark before the score, or a mark after it, where OCR
# read a speck on a scan ("ฆ๗๕.๙๔", "ส๘๓.๐๘", "# ๘๒.๒๘", "89.20 '"), and after it a short
# Thai word: the next cell's start run into this one ("82.02 เพ") or a garbled unit
# ("๗๗.๖๖ ' คะแน่น", or as capitals: "65.65 ALU"); only a two-decimal score, so a code (ข้อ5) is never a number. A
# comma before the two decimals is the point read or typed as one ("๘๒,๘๑"): no grouping
# of thousands leaves two digits. A letter before a score of one digit is that score's first
# digit misread ("อ๒.๕๒" for ๖๒.๔๒ on a 200-dpi Word scan), not a speck: no number.
_SPECK_AROUND_SCORE = re.compile(
    f"^(?:[ก-ฮ]\\s?(?={_D}{{2}})|[#*'\"`~^|:;]\\s?)?({_D}{{1,3}}[.,]{_D}{{2}})(?:\\s?[#*'\"`~^|:;,.])?(?:\\s+(?:[ก-ฺเ-๎]{{1,7}}|[A-Z]{{2,4}}))?$")

# a header cell OCR garbled from a year ("764" for 2564): a few digits, nothing else
GARBLED_YEAR_CELL = re.compile(f"^{_D}{{2,4}}\\W?$")

# Words around a number in a score cell; removed before the cell is read as a number.
# OCR drops or bends their marks and letters: "เด้รับคะแนน", "ด้รับคะแนน", "ค ะแนน", "ะแนน",
# "ได้รับพะแนน" (its ค read as another consonant); the verb alone before the number
# ("ได้รับ 75.20 คะแนน" in a ranked list's score column)
_SCORE_WORDS = re.compile(
    r"[ไเ]?ด้?\s?รับ\s?[ก-ฮ]?\s?ะแนน|ได้คะแนน|คะแนนรวม|คะแนนเฉลี่ย|ค?\s?ะ\s?แนน|เท่ากับ|ได้(?:\s?รับ)?|[=:]")

# A cue right before a number in running text says "this is a score".
_CUE_BEFORE = re.compile(
    r"(?:ได้(?:รับ)?(?:ผล)?คะแนน(?:รวม|เฉลี่ย)?|คะแนน(?:รวม|เฉลี่ย)?|เท่ากับ|[=:])\s*(?:คือ\s*)?$"
)

# (or its first four letters ending the line: a narrow unit cell wrapped "คะแน|น", its
# "น" on the row's next line)
_SCORE_AFTER = re.compile(r"\s*คะแนน(?!ขึ้นไป)|\s*คะแน\s*$")

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

TOOL_CODE_PAREN = re.compile(r"\(\s*(IIT|EIT|OIT)\s*\)")

TOOL_FORM = re.compile(r"แบบวัด|แบบตรวจ|แบบสำรวจ")

# "ส่วนที่ 1"; OCR drops the marks of bold labels (ส่วนที / สวนที 1)
_PART_WORD = "ส่?วนท[ีิ]่?"

_EIT_PART = re.compile(f"{_PART_WORD}\\s*([12๑๒])(?!{_D})")

# What may stand in a line that only continues a heading: years, ปี, พ.ศ., cue words.
_CONTINUATION_NOISE = re.compile(
    f"{_D}+|ปีงบประมาณ|ปี|พ\\.\\s*ศ\\.|ได้รับ|ได้|คะแนนรวม|คะแนน|ผลการประเมิน|[\\s()/,:;=\\-–.]"
)

_LETTER = re.compile("[\u0e01-\u0e2eA-Za-z]")

_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")

MAX_NAME_CHARS = 90  # a list item's or heading's name; a longer text is prose

HEADING_REACH = 2  # a heading's scores stand within this many lines below it

MIN_ORDERED_ROWS = 3


@dataclass
class Value:
    col: int  # cell index (tab rows) or -1 (a number in running text)
    number: numbers.Number | None  # None: the cell should be a score but is no number
    raw: str
    year: int | None = None  # a year the text names for this value ("ปี พ.ศ. ๒๕๖๖ ได้คะแนน")


@dataclass
class Row:
    line: Line
    tab: bool
    cells: list[str]
    row_no: int | None = None  # a leading number: a rank or a row number, only a hint
    tool_label: str | None = None  # a cell / text naming a tool
    name: str | None = None  # the indicator-name cell / text
    values: list[Value] = field(default_factory=list)
    match: IndicatorMatch | None = None

    @property
    def header_like(self) -> bool:
        if not self.tab or sum(1 for c in self.cells if c.strip()) < 2:
            return False
        if not self.values:
            # "๓. การใช้อำนาจ\tdees\tcolon": a numbered row whose scores OCR garbled
            return numbered_name(self.cells) is None
        # a year header as OCR leaves it: "2565 ก", and "764" beside it for 2564
        years = [i for i, c in enumerate(self.cells) if YEAR_CELL.match(c.strip())]
        return bool(years) and all(
            v.col in years or abs(v.col - years[0]) == 1 and GARBLED_YEAR_CELL.match(self.cells[v.col].strip())
            for v in self.values
        )


def row_value_box(at: Line, value: Value) -> dict:
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


# a page's counter that a sheet printed on the last row's line ("๙๓.๗๕คะแนน หน้า 1 จาก 2"):
# the page's, never the cell's number
_PAGE_COUNTER = re.compile(r"\s*หน้า\s*(?:ที่\s*)?[0-9๐-๙]{1,3}\s*(?:จาก|/)\s*[0-9๐-๙]{1,3}\s*$")


def cell_number(cell: str) -> tuple[str, numbers.Number | None]:
    """(kind, number) of a table cell: kind 'empty' (blank, a dash or only score
    words), 'num' (one number, score words allowed around it), 'junk' (short and
    mostly digits, but no number: "๓ว.๕@"), 'text'."""
    s = _PAGE_COUNTER.sub("", cell).strip()
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


def numbered_name(cells: list[str]) -> tuple[int, int] | None:
    """(cell index, number) of a row's name cell when it opens with a list number and a
    letter ("๓. การใช้อำนาจ"), after at most a tool label; a header never does."""
    filled = [i for i, c in enumerate(cells) if c.strip()][:2]
    for k, i in enumerate(filled):
        cell = cells[i].strip()
        m = _LIST_NO.match(cell)
        if m and _LETTER.match(cell[m.end():]):
            return i, int(numbers.to_arabic_digits(m.group(1)))
        if k == 0 and not (tool_of(cell) or _garbled_tool_cell(cells, i)):
            return None
    return None


def _leading_list_no(text: str) -> int | None:
    m = _LIST_NO.match(text)
    return int(numbers.to_arabic_digits(m.group(1))) if m else None


TRAILING_WORDS_CHARS = 20


def tab_row(line: Line) -> Row:
    cells = line.text.split("\t")
    row = Row(line, True, cells)
    name_parts: list[str] = []
    seen_text_cells = 0
    first = True
    for i, cell in enumerate(cells):
        kind, number = cell_number(cell)
        if kind == "empty":
            continue
        if kind == "num" and number.is_integer and YEAR.fullmatch(numbers.to_arabic_digits(cell.strip())):
            first = False
            continue  # a year column header ("๒๕๖๖"), never a score
        if kind == "num" and first and number.is_integer and 1 <= number.value <= 99:
            row.row_no = int(number.value)  # "1\tการปฏิบัติหน้าที่\t84.17"
        elif kind == "text":
            if row.values:
                # trailing words ("ลดลง", "คะแนน"); a long text after the number is a
                # measures row's issue or measure (its number a question's: "I7" read "7")
                seen_text_cells += len(cell.strip()) > TRAILING_WORDS_CHARS
            elif row.tool_label is None and not name_parts and (tool_of(cell) or _garbled_tool_cell(cells, i)):
                row.tool_label = cell.strip()
            else:
                seen_text_cells += 1
                name_parts.append(cell.strip())
        elif row.tool_label is not None or name_parts:
            row.values.append(Value(i, number, cell.strip()))
        first = False
    if name_parts:
        row.name = " ".join(name_parts)
        if seen_text_cells > 2 or len(row.name) > MAX_NAME_CHARS:
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


def text_row(line: Line) -> Row:
    """A line without tabs: the numbers that read as scores, and the text before them."""
    text = line.text
    row = Row(line, False, [text])
    found = []
    for n in numbers.find_numbers(text):
        if n.is_integer and YEAR.fullmatch(n.raw):
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
        years = YEAR.findall(text, prev, n.start)
        year = int(numbers.to_arabic_digits(years[-1])) if years else None
        row.values.append(Value(-1, n, n.raw, year))
        prev = n.end
    head = _CUE_BEFORE.sub("", head.rstrip()).strip()
    if found:
        # a label's wrapped tail joined after its score ("แบบวัด…ภายนอก คะแนนรวม 78.83
        # คะแนน (EIT) ส่วนที่ 1": the label's cell wrapped beside the score's)
        tail = re.sub(r"^\s*คะแนน", "", text[found[-1].end:]).strip()
        if tail and LABEL_TAIL.match(tail):
            head = f"{head} {tail}"
    if len(head) <= MAX_NAME_CHARS:
        row.name = head or None
        row.row_no = _leading_list_no(head) if head else None
        if tool_of(head) and found and not_own_score().search(head):
            # "๓) แบบตรวจการเปิดเผยข้อมูลสาธารณะ โดยมีคะแนนเพิ่มขึ้น ๑.๘๐ คะแนน": a list of the
            # tools with the next sentence joined to its last item; the number is a change
            # (or the country's average), no tool's score
            row.values = []
        elif tool_of(head):
            row.tool_label = head
    return row


def is_continuation(row: Row) -> bool:
    """A line that only carries values for the heading above it ("คะแนนรวม ๘๙.๔๙ คะแนน",
    "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน ๗๖.๓๙ / ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๐๖)")."""
    if not row.values or row.tab:
        return False
    head = row.line.text[: row.values[0].number.start] if row.values[0].number else ""
    return not _LETTER.search(_CONTINUATION_NOISE.sub("", head))


def tool_of(label: str) -> str | None:
    """The tool a label names. The code decides ("(EIT) ส่วนที่ 1" is EIT part 1 even
    when the Thai says ภายใน); the Thai form name only when no code is printed."""
    if not label or len(label) > 160:
        return None
    t = numbers.to_arabic_digits(label)
    codes = TOOL_CODE_PAREN.findall(t) or _TOOL_CODE.findall(t)
    if codes:
        if len(set(codes)) > 1:
            return None
        code = codes[0]
    elif TOOL_FORM.search(t):
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


def is_sub_heading(text: str) -> bool:
    return bool(_SUB_HEADING.search(numbers.to_arabic_digits(text or "")))


def _explicit_number(m: IndicatorMatch | None, text: str) -> int | None:
    """The indicator an explicit "ตัวชี้วัดที่ N" heading names (never a sub-indicator)."""
    if m is None or m.heading_kind != "indicator" or is_sub_heading(text):
        return None
    return m.heading_number


def name_number(row: Row) -> int | None:
    """The indicator the row's own text supports: a confident name, else an explicit
    "ตัวชี้วัดที่ N" heading."""
    m = row.match
    if m is None or is_sub_heading(row.name):
        return None
    if m.confident:
        return m.number
    return _explicit_number(m, row.name)


def is_indicator_table(header: Row | None, rows: list[Row]) -> bool:
    """Rows numbered 1…N in order, under a header that names ตัวชี้วัด (or whose confident
    names all agree with their row numbers): then a row number is the indicator."""
    if len(rows) < MIN_ORDERED_ROWS:
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

# A tool's code or part number wrapped onto its own line under an unruled table row:
# "แบบวัด…ภายนอก คะแนนรวม 90.03 คะแนน" / "(EIT) ส่วนที่ 1"
# (or with the form name's last word: "ภายใน (IIT)" under "แบบวัด…ส่วนได้ส่วนเสีย คะแนนรวม …")
# (the code OCR garbled, `ภายใน(IT)`: the Thai word decides, as in tool_of)
LABEL_TAIL = re.compile(f"^(?:ภายใน|ภายนอก|สาธารณะ)?\\s*\\(?(?:IIT|EIT|OIT)\\)?(?:\\s*{_PART_WORD}\\s*[0-9๐-๙])?$"
                         f"|^(?:ภายใน|ภายนอก)\\s*\\(\\s*[A-Za-z1|!]{{1,3}}\\s*\\)$"
                         f"|^{_PART_WORD}\\s*[0-9๐-๙]$")
