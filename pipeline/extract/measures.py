"""Measures (มาตรการ) of O42 analyses and O43 progress reports: one record per table row.

Two table layouts are read (both seen in ../shared/seeds):

- **row tables** — a header row ("ประเด็นที่ต้องพัฒนา\\tมาตรการ/ขั้นตอน/วิธีการปฏิบัติ\\t…"),
  then one tab row per measure (pipe, tab and HTML tables all arrive so, see
  pipeline/pages.py). The header's wording decides each column's role; a header
  repeated before every row (or on every page) continues the table; a sub-header row
  right after the header ("\\t\\tรายละเอียด\\tดำเนินการ") is skipped; a row whose first
  cells are empty continues the row above it (a row broken by a page break) and is
  merged into it.
- **cell-per-line tables** — a Word table dumped one cell per line: each cell starts
  with a tab ("\\tI1 เจ้าหน้าที่…"), the lines after it without a tab continue it. The
  header block ("\\tประเด็น", "\\tวิเคราะห์ผลการประเมิน", …) starts the table; the cells
  of a row are told apart by what they hold: the numbered issue heading "(1) …", the
  question-code cell, the period ("1 ตุลาคม 2566 ถึง …") and the responsible units after it.

Question codes come from the code column (or the issue cell when there is none),
anywhere in it ("… ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ i๑ ประเด็น …" → I1), in every
garbled form match_question_code knows (e๑, 04.2, 039); codes a row refers to
("(อ้างอิงจาก ๐๑๐)" → O10) follow them. An issue numbered without its letter
("๑๕ ประเด็น …") takes the letter of the row above (I15 after I12).

Rows that are OIT checklist items (a cell holding only an O-code, with checkboxes)
are left to pipeline/extract/oit.py, which reads them from the same tables.

Never raises on odd input: a row that cannot be read becomes a `parse_error` flag.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from normalizers import numbers
from normalizers.dates import parse_date
from normalizers.indicators import INDICATOR_WORD, match_indicator, match_question_code
from pipeline.extract.context import DocContext, DocRecords
from pipeline.extract.table_rows import (
    BARE_NUMBER, CHECKED, GARBLED_HEAD, INDICATOR_HEAD, MEASURE_ROLES, REFERENCE, UNCHECKED, codes_in,
    is_period, oit_code_of, only_codes, table_rows,
)
from schemas.catalog import load_catalog
from schemas.records import FlagRecord, MeasureRecord

if TYPE_CHECKING:
    from pipeline.extract.table_rows import TableRow


def referenced_codes(text: str) -> list[str]:
    out: list[str] = []
    for m in REFERENCE.finditer(text or ""):
        code = match_question_code(m.group(1))
        if code and code not in out:
            out.append(code)
    return out


def parse_status(text: str | None) -> str | None:
    """'done' / 'in_progress' / 'not_started' from a status cell: the ticked box's
    label decides ("☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ" → done); without boxes, the
    wording. None when nothing (or two contradicting boxes) is ticked."""
    if not text:
        return None
    checked = re.findall(f"{CHECKED}\\s*([^{CHECKED}{UNCHECKED}]{{0,40}})", text)
    if checked:
        found = {s for s in (_status_words(label, boxed=True) for label in checked) if s}
        return found.pop() if len(found) == 1 else None
    if UNCHECKED in text:
        return None
    return _status_words(text, boxed=False)

# OCR drops the ด of ดำเนิน after a word ("อยู่ระหว่างำเนินการ") and the marks of ไม่ / ได้,
# and reads its ด as ค ("☑ คำเนินการ": no Thai word starts คำเนิน)
_DAMNOEN = "[ดค]?ำเนิน"

_STATUS_PHRASES = (
    ("in_progress", re.compile(f"อยู่ระหว่าง(?:การ)?{_DAMNOEN}")),
    ("not_started", re.compile(f"ยังไม่?(?:ได้?)?(?:มีการ)?(?:{_DAMNOEN}|เริ่ม)")),
    ("done", re.compile(f"{_DAMNOEN}การแล้ว|แล้วเสร็จ|เสร็จสิ้น|{_DAMNOEN}การเรียบร้อย")),
)


def _status_words(text: str, boxed: bool) -> str | None:
    t = re.sub(r"\s+", "", text)
    if boxed:
        for status, pattern in _STATUS_PHRASES[:2]:
            if pattern.search(t):
                return status
        return "done" if re.match(f"(?:ได้)?{_DAMNOEN}การ|แล้วเสร็จ|เสร็จ", t) else None
    # the status stated first wins: "ดำเนินการแล้ว - อยู่ระหว่างจัดทำคู่มือ…" is done,
    # the rest is the narrative
    found = [(m.start(), status) for status, pattern in _STATUS_PHRASES if (m := pattern.search(t))]
    return min(found)[1] if found else None


def indicator_of(row: TableRow, fiscal_year: int | None) -> int | None:
    """The indicator a row names: a confident name after "ตัวชี้วัดที่ N" (or in the
    indicator column), or a bare "ตัวชี้วัดที่ N" cell. None when unsure."""
    order = sorted(range(len(row.cells)), key=lambda i: (row.roles[i] != "indicator", i))
    for i in order:
        cell = row.cells[i]
        for m in INDICATOR_HEAD.finditer(cell):
            text = re.split(r"[\t\n]", cell[m.start():])[0][:120]
            match = match_indicator(text, fiscal_year)
            if match is None:
                continue
            if match.confident:
                return match.number
            rest = text[m.end() - m.start():].strip()
            if match.heading_kind == "indicator" and match.heading_number and len(rest) <= 2:
                return match.heading_number
            if match.heading_agrees and match.score >= _AGREEING_NAME:
                return match.heading_number  # a garbled name ("ที๒ MIF งบประมาณ") nearest its heading's number
            return None
        if row.roles[i] == "indicator" and cell.strip():
            match = match_indicator(cell, fiscal_year)
            if match is not None and match.confident:
                return match.number
    for i in order:  # a heading OCR garbled ("ตัวชี่วัดที่2", "ตัวขี้วัดที๙", "ตัวชี้วัดที่ การใช้…")
        cell = row.cells[i]
        m = GARBLED_HEAD.search(cell[:_HEAD_REACH]) if row.roles[i] in ("indicator", "codes", None) else None
        if m is None and row.roles[i] in ("indicator", "codes"):
            m = _BARE_HEAD.match(cell)  # the word lost, its number left: "๑ การปฏิบัติหน้าที่ I2"
        if m is None or INDICATOR_HEAD.match(cell.strip()) or re.search(r"[\u0e01-\u0e2e]{3}", cell[:m.start()]):
            continue  # (a word before it: the heading is not the cell's start)
        rest = _SPECK_TOKENS.sub("", re.split(r"[\t\n]", cell[m.end():])[0])
        rest = _GLUED_SPECKS.sub("", rest)
        match = match_indicator(rest[:120], fiscal_year)
        if match is not None and match.confident:
            return match.number  # by its name alone: the number OCR read may be wrong too
    for i in order:  # the indicator column's heading OCR left no Thai letter of ("mai ๓ ประสิทธิภาพ…")
        m = _NO_THAI_HEAD.match(row.cells[i]) if row.roles[i] == "indicator" else None
        match = match_indicator(row.cells[i][m.end():][:120], fiscal_year) if m else None
        if match is not None and match.confident:
            return match.number
    return None


# tokens with no Thai letter at a cell's start: what OCR made of a heading's word and number
_NO_THAI_HEAD = re.compile(r"^\s*(?:[^\s\u0e01-\u0e4e]+\s+)+(?=[\u0e01-\u0e2e\u0e40-\u0e44])")


def _after_specks(cell: str | None) -> str | None:
    """A cell from its "ตัวชี้วัดที่ N" heading on, where only specks stand before it (a
    bold line's upper marks read as "e๙ ๘ e๙ a"): no code is read from them."""
    m = INDICATOR_HEAD.search(cell or "")
    if m is None or not m.start() or re.search(r"[\u0e01-\u0e2e]", cell[:m.start()]):
        return cell
    return cell[m.start():]


# specks OCR read between a heading and its name, in place of its number ("ตัวชี้วัดที่ «๑ การ
# เปิดเผยข้อมูล"): tokens with no Thai letter that are not a number alone
_SPECK_TOKENS = re.compile(r"^\s*(?:(?=[^\s]*[^\s0-9๐-๙\u0e01-\u0e4e])[^\s\u0e01-\u0e4e]+\s+)+")

# how far into a cell a garbled heading (GARBLED_HEAD) may start: specks may stand before
# it ("๙ สณั๑ส่ตวชวดท ๑")
_HEAD_REACH = 24

# how near a garbled name must be to the indicator its heading numbers, to take that number
_AGREEING_NAME = 60

# a garbled number glued to the name after a heading ("ตัวชีวัดที «๕การ ปรับปรุง…" for
# ที่ ๘ การ…): what stands before the name's first Thai letter is no part of it
_GLUED_SPECKS = re.compile(r"^[^\u0e01-\u0e2e\u0e40-\u0e44]+(?=[\u0e01-\u0e2e\u0e40-\u0e44])")

# a heading's word lost, its number left ("๑ การปฏิบัติหน้าที่ I2")
_BARE_HEAD = re.compile(r"^\s*[0-9๐-๙]{1,2}\s+(?=\S)")

# where a cell's numbered steps begin: "1." / "๑)" after a space or at a line's start
_FIRST_STEP = re.compile(r"(?:^|(?<=\s))[1๑] ?[.)](?![0-9๐-๙])\s*\S", re.M)  # OCR spaces a point off: "1 ."


def split_steps(text: str) -> tuple[str | None, str | None]:
    """A cell holding a measure and its steps ("จัดทำคู่มือ… 1. ประชุม… 2. …"): the
    measure (before the first numbered step) and the steps. A cell that starts with its
    steps, or has none, is all measure."""
    m = _FIRST_STEP.search(text)
    if m is None or not text[: m.start()].strip():
        return text.strip() or None, None
    return text[: m.start()].strip(), text[m.start():].strip()


def period_dates(text: str | None, fiscal_year: int | None):
    """(start, end) when the period reads as a span; a partial read of a range
    ("ต.ศ. 65 ถึง ก.ย. 66" read as September only) gives none."""
    if not text:
        return None, None
    dp = parse_date(text, fiscal_year)
    if dp is None or dp.error or dp.start is None or dp.end is None:
        return None, None
    if re.search(r"ถึง|[-–—]", text) and not re.search(r"ถึง|[-–—]", dp.raw):
        return None, None
    if dp.start == dp.end:
        return None, dp.end  # a deadline
    return dp.start, dp.end

_CONTENT = re.compile(r"[0-9A-Za-z\u0e01-\u0e2e\u0e50-\u0e59]")


def _text(value: str | None) -> str | None:
    """The cell's text; None for an empty cell or one holding only a dash."""
    if value is None:
        return None
    value = value.strip()
    return value[:4000] if _CONTENT.search(value) else None


def extract_measures(ctx: DocContext) -> DocRecords:
    """One MeasureRecord per measures-table row of the document, numbered in order."""
    doc, fiscal_year, report_id, rows = ctx.doc, ctx.fiscal_year, ctx.report_id, ctx.rows
    measures: list[MeasureRecord] = []
    flags: list[FlagRecord] = []

    if rows is None:
        rows = table_rows(doc)
    prev_letter: str | None = None
    unreadable: dict[int, list[TableRow]] = {}  # page -> rows with nothing a measure has
    for row in rows:
        try:
            if oit_code_of(row) is not None:
                continue
            if not MEASURE_ROLES & set(row.roles):
                continue  # a checklist row whose code OCR garbled: the OIT reader reports it
            if _specks_only(row):
                continue  # a scanner's specks under the table read as a row ("0\t1\tง\tว ร ง4<4161")
            record, prev_letter = _measure(row, len(measures) + 1, fiscal_year, report_id, prev_letter)
        except ValidationError as exc:
            flags.append(ctx.row_flag(
                f"อ่านแถวมาตรการไม่ได้: ค่าไม่ถูกต้อง (measures row: invalid value: {exc.errors()[0]['msg']})", row))
            continue
        except Exception as exc:  # an odd row must not stop the document
            flags.append(ctx.row_flag(
                f"อ่านแถวมาตรการไม่ได้ (measures row could not be read: {type(exc).__name__})", row))
            continue
        if record is None:
            unreadable.setdefault(row.page, []).append(row)
            continue
        measures.append(record)
    for page, bad in unreadable.items():  # one flag per page, not one per row
        flags.append(ctx.flag(
            "parse_error",
            f"อ่านแถวมาตรการไม่ได้ {len(bad)} แถว: ไม่พบประเด็น มาตรการ หรือรหัสข้อคำถาม "
            f"({len(bad)} measures row(s) have no issue, measure, steps or question code)",
            evidence="\n".join(r.raw[:200] for r in bad[:3]), page=page,
        ))
    return DocRecords(measures=tuple(measures), flags=tuple(flags))


# a measures row says what it is about in words: fewer Thai letters than this in all its
# cells, and no code, is specks. Letters of tokens with digits among them do not count:
# no Thai word holds a digit, and a browser's footer (its file URL) read by OCR comes out
# as letters and digits mixed ("๗๗๐ทฟ๗นทร6๕อท5")
_MIN_ROW_LETTERS = 8


def _specks_only(row: TableRow) -> bool:
    text = " ".join(row.cells)
    words = " ".join(t for t in text.split() if not re.search(r"[0-9๐-๙]", t))
    return len(re.findall(r"[\u0e01-\u0e2e]", words)) < _MIN_ROW_LETTERS and not codes_in(text)


def _measure(row: TableRow, row_no: int, fy: int | None, report_id: str,
             prev_letter: str | None) -> tuple[MeasureRecord | None, str | None]:
    issue = row.by_role("issue")
    indicator_cell = row.by_role("indicator")
    code_cell = row.by_role("codes")
    if code_cell is None:
        # a header OCR garbled over the code column ("JOMIM ITA" for ข้อคำถาม ITA): the
        # unnamed cell that starts "ตัวชี้วัดที่ N" holds the row's codes after its name
        code_cell = next((c for c, r in zip(row.cells, row.roles)
                          if r is None and (INDICATOR_HEAD.match(c.strip()) or GARBLED_HEAD.match(c.strip()))), None)
    if code_cell is None:
        # a code column whose header OCR lost altogether ("ฆ ข ค"): an unnamed cell of codes only
        code_cell = next((c for c, r in zip(row.cells, row.roles) if r is None and only_codes(c)), None)
    first_text = next((c for c, r in zip(row.cells, row.roles) if c.strip() and r != "row_no"), "")
    code_cell = _after_specks(code_cell)
    source = code_cell or _after_specks(issue or indicator_cell or first_text)
    codes = codes_in(source, code_column=source is code_cell)
    if not codes and prev_letter:
        m = BARE_NUMBER.match(numbers.to_arabic_digits(source or ""))
        if m:  # "๑๕ ประเด็น …" under I-rows: the letter was lost
            code = match_question_code(f"{prev_letter}{m.group(1)}")
            if code:
                codes = [code]
    indicator = indicator_of(row, fy)
    if source is code_cell and indicator is not None:
        codes = _with_bare_tail(code_cell, _tool_letter(codes, indicator), indicator)
    if not codes and source is code_cell:
        codes = _garbled_code(code_cell, prev_letter)
    if not codes and indicator is not None:
        codes = _codes_from_tail(source, indicator)
    for cell in row.cells:
        for code in referenced_codes(cell):
            if code not in codes:
                codes.append(code)
    issue, indicator_cell = _text(issue), _text(indicator_cell)
    measure = _text(row.by_role("measure"))
    steps = _text(row.by_role("steps"))
    both = _text(row.by_role("measure_steps"))
    if both:
        head, items = split_steps(both)
        measure = "\n".join(t for t in (measure, head) if t) or None
        steps = "\n".join(t for t in (steps, items) if t) or None
    if indicator_cell is None:  # a garbled header over the indicator column ("ผ้าชีวภาพ")
        indicator_cell = next((c for c, r in zip(row.cells, row.roles)
                               if r is None and INDICATOR_HEAD.match(c.strip())), None)
    if not issue and indicator_cell:
        issue = indicator_cell
    if not any((issue, measure, steps, codes)):
        return None, prev_letter
    status_cell = row.by_role("status")
    if status_cell is None:
        boxed = [c for c in row.cells if CHECKED in c or UNCHECKED in c]
        status_cell = "\n".join(boxed) or None
    period = _text(_undouble(row.by_role("period")))
    responsible = _text(_undouble(row.by_role("responsible")))
    if period and not is_period(period):
        # a column shifted in a garbled table: a unit's name under ระยะเวลา
        if _UNIT.search(period) and len(period) <= 60 and not (responsible and _UNIT.match(responsible)):
            responsible = period
        period = None
    start, end = period_dates(period, fy)
    record = MeasureRecord(
        report_id=report_id,
        row_no=row_no,
        question_code=codes[0] if codes else None,
        question_codes=codes,
        indicator=indicator,
        issue=_text(issue),
        measure=_text(measure),
        steps=_text(steps),
        responsible=responsible,
        period=period,
        period_start=start,
        period_end=end,
        status=parse_status(status_cell),
        page=row.page,
        bbox=row.bbox,
    )
    own = codes_in(source, code_column=source is code_cell) or (codes[:1] if source is code_cell else [])
    return record, own[0][0] if own else prev_letter

# Letters OCR makes of a code's E, I or O in a narrow code cell ("£9" for E9)
_LETTER_MISREADS = {"£": "E", "€": "E", "F": "E", "l": "I", "|": "I", "!": "I", "Q": "O", "D": "O"}

_GARBLED_CODE = re.compile(r"^\s*(?:ข้อ\s*)?([^\s0-9๐-๙]?)\s*([0-9๐-๙]{1,2})(?![0-9๐-๙.])\s*(\S{0,2})\s*$")


def _garbled_code(cell: str | None, prev_letter: str | None) -> list[str]:
    """The code of a code-column cell OCR garbled: a misread letter ("£9" → E9), or
    none left ("14", "5 ค" under E12 → E14, E5): the letter of the row above. Only a
    short cell (a code and a speck at most)."""
    m = _GARBLED_CODE.match(cell or "")
    if m is None:
        return []
    head, num = m.group(1), numbers.to_arabic_digits(m.group(2))
    letter = _LETTER_MISREADS.get(head) if head else prev_letter
    if letter is None and head and not head.isascii():
        letter = prev_letter  # a speck before the number
    code = match_question_code(f"{letter}{int(num)}") if letter else None
    return [code] if code else []


def _codes_from_tail(cell: str | None, indicator: int) -> list[str]:
    """Question numbers that OCR left without their letter at the end of a code cell
    ("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ ๒๐ ๒๑ 22"): the indicator's tool gives
    the letter (1–5 IIT → I, 6–8 EIT → E, 9–10 OIT → O)."""
    if re.search(INDICATOR_WORD + r"\s*[0-9๐-๙]{1,2}\s*$", cell or ""):
        return []  # the number is the indicator's own ("ตัวชี้วัดที่ 2")
    tail: list[str] = []
    for token in reversed((cell or "").split()):
        if not re.fullmatch(r"[0-9๐-๙]{1,2}", token):
            break
        tail.append(numbers.to_arabic_digits(token))
    letter = load_catalog().tool_of(indicator)[0]  # the catalog's tool: IIT → I, …
    codes = [match_question_code(f"{letter}{int(n)}") for n in reversed(tail)]
    return list(dict.fromkeys(c for c in codes if c))

def _tool_letter(codes: list[str], indicator: int) -> list[str]:
    """O-codes under an EIT indicator read as E-codes: OCR reads a code's E (a lower-case
    e above all) as O, o, 0 or ๐ ("O8", "๐3" under ตัวชี้วัดที่ 7), and an EIT
    indicator's questions are E-questions; other letters stay as read."""
    if load_catalog().tool_of(indicator) != "EIT":
        return codes
    out = [match_question_code("E" + c[1:]) or c if c[0] == "O" else c for c in codes]
    return list(dict.fromkeys(out))


def _with_bare_tail(cell: str, codes: list[str], indicator: int) -> list[str]:
    """A code column's codes with the numbers whose letter OCR dropped or misread among
    the codes that end it ("I20 22", "20 I22", "20 22", "เ29", "128" under ตัวชี้วัดที่ 4
    → I20, I22, I29, I28; see _tail_numbers), in the cell's order: the indicator's tool
    gives their letter, where every code read in the cell has that letter (so it is not
    another tool's)."""
    if re.search(INDICATOR_WORD + r"\s*[0-9๐-๙]{1,2}\s*$", cell):
        return codes  # the number is the indicator's own ("ตัวชี้วัดที่ 2")
    letter = load_catalog().tool_of(indicator)[0]
    if any(c[0] != letter for c in codes):
        return codes
    run: list[str] = []  # the codes and bare numbers the cell ends with, last first
    bare = False  # a number among them whose letter the tool gave
    for token in reversed([t for t in re.split(r"[\s,;/]+", cell) if t]):
        if not re.search(r"[0-9A-Za-z\u0e01-\u0e2e\u0e50-\u0e59]", token):
            continue  # a speck between the codes (")]")
        found = _tool_letter(codes_in(token, code_column=True), indicator)
        if len(found) == 1 and found[0][0] == letter:
            got = found
        else:
            nums = _tail_numbers(token)
            got = [match_question_code(f"{letter}{n}") for n in nums or []]
            if not got or None in got:
                break
            bare = True
        run.extend(reversed(got))  # type: ignore[arg-type]
    if not bare:
        return codes  # no bare number among them
    return list(dict.fromkeys([c for c in codes if c not in run] + run[::-1]))


# one glyph OCR made of a code's letter (Thai เ โ อ for I or E, a speck), or none
# (a letter read as I, E or O is that letter: its code is read as such)
_LETTERISH = r"[^\sIEOieo0-9๐-๙\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"


def _tail_numbers(token: str) -> list[int] | None:
    """The question numbers of one token of a code cell's tail whose letter OCR dropped or
    misread: "22", "เ29", "อ9" (one glyph for the letter), "128", "๑14" (a letter read
    as 1 before two digits), "๐9๐10" (two codes run together, each letter read as ๐),
    "2627" (two letterless codes run together, in order; never a year 25xx). None where
    the token is not such a code."""
    mixed = re.fullmatch(r"[๐๑]([1-9][0-9]?)", token)
    if mixed:  # a Thai digit before Arabic ones is no digit of that number: the letter ("๑3": e3)
        return [int(mixed.group(1))]
    t = numbers.to_arabic_digits(token)
    if re.fullmatch(r"[1-9][0-9]?", t):
        return [int(t)]
    m = re.fullmatch(_LETTERISH + r"?([1-9][0-9]?)", t) or re.fullmatch(r"[10]([1-9][0-9])", t)
    if m:
        return [int(m.group(1))]
    pieces = re.fullmatch(r"(?:" + _LETTERISH + r"|0)([1-9][0-9]?)(?:" + _LETTERISH + r"|0)([1-9][0-9]?)", t)
    if pieces:
        return [int(pieces.group(1)), int(pieces.group(2))]
    run = re.fullmatch(r"[10]?([1-9][0-9])([1-9][0-9])", t)  # "12627": I26 I27, the first I read as 1
    if run and run.group(1) != "25" and run.group(1) < run.group(2):  # 25xx: a year
        return [int(run.group(1)), int(run.group(2))]
    return None


_UNIT = re.compile(r"^\s*(?:สำนัก|กอง|ส่วน|งาน|ฝ่าย|คณะ|ทุก|นาย|นาง|ผู้)")


def _undouble(text: str | None) -> str | None:
    """"X X" → "X": a cell whose two paragraphs repeat each other."""
    if not text:
        return text
    t = text.strip()
    half = (len(t) - 1) // 2
    if len(t) % 2 == 1 and t[half] in " \n" and t[:half] == t[half + 1:]:
        return t[:half]
    return t
