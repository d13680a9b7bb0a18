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
from dataclasses import dataclass, field

from pydantic import ValidationError

from normalizers import numbers
from normalizers.dates import parse_date
from normalizers.indicators import INDICATOR_WORD, match_indicator, match_question_code
from pipeline.extract.context import DocContext, DocRecords
from pipeline.pages import Box, union_box
from pipeline.segment import Document, Line
from schemas.catalog import load_catalog
from schemas.records import FlagRecord, MeasureRecord

CHECKED, UNCHECKED = "☑", "☐"

# ---------------------------------------------------------------- column roles

# (role, pattern on the header cell with spaces removed), first match wins.
_ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("row_no", re.compile(r"^(?:ลำดับ(?:ที่)?|ที่|no\.?)$", re.I)),
    ("codes", re.compile(r"^(?:ข้อ(?:ที่)?|ข้ออ้อ|ข้อคำถาม.*|รหัส.*|ชุด|code|ตัวชี้วัดย่อย)$", re.I)),
    # a column named for the question ("ตัวชี้วัด/ข้อคำถาม", "ประเด็นการประเมิน (ข้อคำถาม)")
    # holds its code; named for the issue too ("ประเด็น/ข้อคำถาม") it is the issue (its
    # code is read from it)
    ("codes", re.compile(r"^(?!.*(?:ประเด็น(?!การประเมิน)|ข้อบกพร่อง|ปัญหา|ข้อค้นพบ)).*(?:ข้อคำถาม|รหัสข้อ)")),
    # one column for the measure and its steps ("มาตรการ/วิธีการปฏิบัติ"): split by content
    ("measure_steps", re.compile(r"^มาตรการ.*(?:ขั้นตอน|วิธี)")),
    # how a measure is carried out ("แนวทางปฏิบัติ"), not the measure (แนวทางการพัฒนา)
    ("steps", re.compile(r"^แนวทาง(?:การ)?ปฏิบัติ")),
    # "ปัญหา/อุปสรรค" of a progress report is neither the issue nor the measure
    ("obstacles", re.compile(r"อุปสรรค")),
    ("status", re.compile(r"สถานะ|ความก้าวหน้า|ผลการดำเนิน|ผลการปฏิบัติ")),
    ("result", re.compile(r"ผลลัพธ์|ความสำเร็จ|สรุปผล|ตามมาตร")),
    ("period", re.compile(r"ระยะเวลา|ช่วงเวลา|กำหนดเวลา|ห้วงเวลา")),
    ("responsible", re.compile(r"รับผิดชอบ")),
    ("indicator", re.compile(r"^(?:ประเด็น)?ตัวชี้วัด")),  # "ประเด็นตัวชี้วัด" too
    ("issue", re.compile(r"ประเด็น|ข้อบกพร่อง|ปัญหา|จุดอ่อน|ข้อค้นพบ|วิเคราะห์")),
    ("measure", re.compile(r"มาตรการ|มาตรฐาน|กิจกรรม|แนวทาง|โครงการ")),
    ("steps", re.compile(r"วิธี|ขั้นตอน|ดำเนินการ|รายละเอียด")),
]
# Roles that make a header a measures (or OIT checklist) table header.
_TABLE_ROLES = {"codes", "status", "result", "period", "responsible", "issue", "measure", "steps",
                "measure_steps"}
_MAX_HEADER_CELL = 80
_MAX_SUBHEADER_CELL = 40
_MAX_VERTICAL_HEADER_CELL = 45
_NUMBERED = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)]|[-•*])")
_INDICATOR_REF = re.compile(INDICATOR_WORD + r"\s*[0-9๐-๙]")
_LIST_INSIDE = re.compile(r"\S\s+[0-9๐-๙]{1,2}[.)]\s*\S")


def header_role(cell: str) -> str | None:
    key = re.sub(r"\s+", "", cell or "")
    if not key or len(key) > _MAX_HEADER_CELL:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(key):
            return role
    return None


def _header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row's columns, or None when the row is not a header."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2 or any(len(c.strip()) > _MAX_HEADER_CELL or CHECKED in c or UNCHECKED in c for c in filled):
        return None
    if any(_CODE_ONLY.match(c) or _NUMBERED.match(c) or match_question_code(c.strip())
           or _INDICATOR_REF.search(c) for c in filled):
        return None  # a data row with short cells ("04.2\tไม่มีมาตรการ\t…", "ตัวชี้วัดที่ 6 …")
    if any(_LIST_INSIDE.search(c) for c in filled):
        return None  # a data row's cell holding numbered items ("… 2. รายงานผล")
    roles = [header_role(c) for c in cells]
    kinds = {r for r in roles if r in _TABLE_ROLES}
    # half of a header's cells name a role (OCR garbles the others: "บ ขอ", "ข้อม = ล");
    # the rest of a row broken by a page (its first cell empty) may mention two role
    # words ("ดำเนินการตามมาตรการ…") among cells that name none: there, more than half
    named = sum(1 for r in roles if r) * 2
    if len(kinds) < 2 or named < len(filled) or (named == len(filled) and not cells[0].strip()):
        return None
    return roles


# ---------------------------------------------------------------- rows of a document


@dataclass
class TableRow:
    """One data row of a measures or OIT table: its cells and their roles."""

    cells: list[str]
    roles: list[str | None]
    page: int
    raw: str
    layout: str = "rows"  # 'rows' or 'cells' (cell-per-line)
    lines: list[Line] = field(default_factory=list)  # the lines it was read from

    @property
    def pages(self) -> list[int]:
        return list(dict.fromkeys(ln.page_no for ln in self.lines))

    @property
    def bbox(self) -> Box | None:
        """Where the row stands on its (first) page."""
        return union_box(ln.bbox for ln in self.lines if ln.page_no == self.page)

    def by_role(self, role: str) -> str | None:
        parts = [c.strip() for c, r in zip(self.cells, self.roles) if r == role and c.strip()]
        return "\n".join(parts) if parts else None

    @property
    def has_boxes(self) -> bool:
        return any(CHECKED in c or UNCHECKED in c for c in self.cells)


_BARE_ITEM_NO = re.compile(r"^\s*([0-9๐-๙]{1,2})\s*$")
_CODE_ONLY = re.compile(r"^\s*[(\[]?\s*(?:[OoIiEe]\s?|[0๐])?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?\s*[)\]]?\s*$")


def oit_code_of(row: TableRow) -> str | None:
    """The O-code of a row that is an OIT checklist item: its first filled cell (not a
    row-number column) holds only an O-code ('O12', '05', '04.2'), and the row has
    checkboxes or its table has no measure column."""
    for cell, role in zip(row.cells, row.roles):
        if not cell.strip():
            continue
        if role == "row_no" or not _CODE_ONLY.match(cell):
            return None
        code = match_question_code(cell.strip())
        bare = _BARE_ITEM_NO.match(cell)
        if code is None and bare and role == "codes" and row.has_boxes and not _MEASURE_ROLES & set(row.roles):
            # a checklist's ข้อ column where OCR dropped the O ("1", "2", …): the item number
            code = f"O{int(numbers.to_arabic_digits(bare.group(1)))}"
        if code is None or not code.startswith("O"):
            return None
        if row.has_boxes or "measure" not in row.roles:
            return code
        return None
    return None


def table_rows(doc: Document) -> list[TableRow]:
    """Every data row of the document's measures / OIT tables, in reading order."""
    try:
        return _row_tables(doc) + _cell_tables(doc)
    except Exception:  # never let one odd document stop the file
        return []


def _row_tables(doc: Document) -> list[TableRow]:
    out: list[TableRow] = []
    roles: list[str | None] | None = None
    rows_since_header = 0
    last: TableRow | None = None
    sub_headers: set[str] = set()
    for line in doc.lines:
        cells = line.text.split("\t")
        filled = [c for c in cells if c.strip()]
        if len(cells) < 2 or (len(cells) == 2 and not cells[0].strip()):
            # a line (or a cell-per-line cell): prose ends the table, a short line
            # (a page number, a running heading) does not
            if roles is not None and len(line.text.strip()) > 60:
                roles, last = None, None
            continue
        new_roles = _header_roles(cells)
        if new_roles is not None:
            if roles is not None and _same_header(roles, new_roles):
                new_roles = roles  # repeated on a new page, perhaps misread: the same table
            else:
                last, sub_headers = None, set()  # a different table
            roles, rows_since_header = new_roles, 0
            continue
        if roles is None or not filled:
            continue
        first_empty = not cells[0].strip()
        key = "\t".join(c.strip() for c in cells).strip()
        if first_empty and rows_since_header == 0 and (key in sub_headers or last is None) and all(
            len(c.strip()) <= _MAX_SUBHEADER_CELL and CHECKED not in c and UNCHECKED not in c for c in filled
        ):
            sub_headers.add(key)
            continue  # a sub-header row ("\t\tรายละเอียด\tดำเนินการ"), also when repeated
        if last is not None and ((first_empty and not _has_own_id(cells, roles))
                                 or _continues_across_page(last, cells, line, out)):
            _merge(last, cells, line)  # the rest of a row broken by a page
            rows_since_header += 1
            continue
        row_roles = list(roles) + [None] * max(0, len(cells) - len(roles))
        last = TableRow(cells=[c.strip() for c in cells], roles=row_roles, page=line.page_no,
                        raw=line.text, lines=[line])
        out.append(last)
        rows_since_header += 1
    return out


# Two rows of one table stand within this share of the page width of each other's
# left and right edges (the table's frame), when the reader knows their boxes.
_SAME_FRAME = 0.03
_ID_ROLES = ("row_no", "codes")


def _continues_across_page(last: TableRow, cells: list[str], line: Line,
                           before: list[TableRow] | None = None) -> bool:
    """The first row of a page that is the rest of the row the page before ended with
    (Word breaks a row across pages, and repeats the header above it or not): the same
    table (as many cells; the same frame where the boxes are known), and the row lacks
    what a row of its own has: the row number or question code the row before it has,
    or most of the cells the row before it filled."""
    prev = last.lines[-1]
    if line.page_no == prev.page_no or len(cells) != len(last.cells):
        return False
    if any(ln.page_no == line.page_no for ln in last.lines):
        return False  # a row of this page already: this one starts no page
    if line.bbox is not None and prev.bbox is not None and (
        abs(line.bbox[0] - prev.bbox[0]) > _SAME_FRAME or abs(line.bbox[2] - prev.bbox[2]) > _SAME_FRAME
    ):
        return False
    texts = [c.strip() for c in cells]
    ids = [i for i, r in enumerate(last.roles[: len(cells)]) if r in _ID_ROLES and last.cells[i].strip()]
    if ids:
        # its number or code cell empty; or holding only the codes the row above still
        # lacks (a code cell "ตัวชี้วัดที่ 6 คุณภาพ…" whose codes wrapped onto this page)
        if all(not texts[i] or (_only_codes(texts[i]) and not _holds_id(last.cells[i])) for i in ids):
            return True
    if _lacks_a_row_head(last, texts, before or []):
        return True
    if ids:
        return False
    had = [i for i, c in enumerate(last.cells) if c.strip()]
    return len(had) >= 3 and sum(1 for i in had if not texts[i]) * 2 >= len(had)


def _row_head(cell: str) -> bool:
    """A cell that starts as a row of its own starts it: a number, a code, "ตัวชี้วัดที่ N"."""
    return bool(_OWN_ID.match(cell) or _INDICATOR_HEAD.match(cell.strip()) or _ANY_CODE.match(cell.strip()))


def _lacks_a_row_head(last: TableRow, texts: list[str], before: list[TableRow]) -> bool:
    """A column where the row above and the rows before it (two at least) all start with
    a row's head ("ตัวชี้วัดที่ 6", "I4 …", "3") and this row does not: every cell of the
    row broke at the page ("ตัวชี้วัดที่ 6" / "คุณภาพการดำเนินงาน", "ตัวชี้วัดที่ 5 การ" /
    "แก้ไขปัญหาการทุจริต I25"). A row of its own would start so too."""
    earlier = [r for r in before if r is not last and len(r.cells) == len(texts)][-3:]
    if len(earlier) < 2:
        return False
    heads = [i for i in range(len(texts)) if all(_row_head(r.cells[i]) for r in (*earlier, last))]
    return bool(heads) and not any(_row_head(texts[i]) for i in heads)


def _only_codes(text: str) -> bool:
    tokens = [t for t in re.split(r"[\s,;/]+", text) if t]
    return bool(tokens) and all(match_question_code(t) for t in tokens)


def _holds_id(cell: str) -> bool:
    """A number or code cell that has its row's number or a question code."""
    return bool(_OWN_ID.match(cell) or codes_in(cell, code_column=True))


_OWN_ID = re.compile(r"^\s*(?:ข้อ\s*)?(?:[IEOieo]\s?)?[0-9๐-๙]{1,2}(?:\s|$)")


def _has_own_id(cells: list[str], roles: list[str | None]) -> bool:
    """A row whose number or code column (or its issue cell's start: "I4 …", "4 …" where
    a scan lost the I) holds its own: a row of its own, whatever its first cell."""
    return any(role in ("row_no", "codes", "issue") and _OWN_ID.match(cell)
               for cell, role in zip(cells, roles))


def _same_header(old: list[str | None], new: list[str | None]) -> bool:
    """A header row that repeats the table's header: the same roles, or (as OCR reads a
    repeated header differently on each page: "ข้อ คำถา" for ข้อคำถาม) as many columns
    with most of the roles both name the same."""
    if [r for r in new if r] == [r for r in old if r]:
        return True
    if len(old) != len(new):
        return False
    both = [(a, b) for a, b in zip(old, new) if a and b]
    agree = sum(1 for a, b in both if a == b)
    return agree >= 2 and agree * 3 >= 2 * len(both) and agree * 2 >= sum(1 for a in old if a)


def _merge(row: TableRow, cells: list[str], line: Line) -> None:
    row.lines.append(line)
    for i, cell in enumerate(cells):
        text = cell.strip()
        if not text:
            continue
        if i < len(row.cells):
            row.cells[i] = f"{row.cells[i]} {text}".strip()
        else:
            row.cells.append(text)
            row.roles.append(None)
    row.raw += "\n" + line.text


# --- cell-per-line tables

_ISSUE_HEAD = re.compile(r"^\s*\([0-9๐-๙]{1,2}\)\s*\S")


def _vertical_header(text: str) -> bool:
    t = text.strip()
    return (
        0 < len(t) <= _MAX_VERTICAL_HEADER_CELL
        and not _NUMBERED.match(t)
        and match_question_code(t) is None
        and header_role(t) is not None
    )


def _cell_tables(doc: Document) -> list[TableRow]:
    cells: list[tuple[list[str], list[Line]]] = []  # (texts, lines) of the current run of data cells
    groups: list[list[tuple[list[str], list[Line]]]] = []
    in_header = False
    header_cells = 0
    active = False
    for line in doc.lines:
        parts = line.text.split("\t")
        if len(parts) == 2 and not parts[0].strip():
            text = parts[1].strip()
            if _vertical_header(text):
                header_cells += 1
                if header_cells >= 3:
                    active = True
                if cells:
                    _drop_header_tail(cells[-1][0])
                    groups.append(cells)
                    cells = []
                in_header = True
                continue
            header_cells = 0
            in_header = False
            if active:
                cells.append(([text], [line]))
            continue
        if "\t" in line.text:
            continue  # a row of another table
        if in_header or not active or not cells:
            continue  # "(แนวทาง/มาตรการ)" under a header cell; text before any table
        cells[-1][0].append(line.text.strip())
        cells[-1][1].append(line)
    if cells:
        groups.append(cells)
    rows: list[TableRow] = []
    for group in groups:
        for row_cells in _split_vertical_rows(group):
            rows.append(_vertical_row(row_cells))
    return rows


def _drop_header_tail(lines: list[str]) -> None:
    """A header cell's wrapped second line ("(แนวทาง/มาตรการ)") that ended up under the
    last data cell before a repeated header."""
    while len(lines) > 1 and len(lines[-1]) <= 30 and header_role(lines[-1]) is not None:
        lines.pop()


def _is_code_cell(text: str) -> bool:
    return match_question_code(text) is not None


_PERIOD_WORDS = re.compile(r"ตลอดปี|ปีงบประมาณ|ไตรมาส|[0-9๐-๙]\s*เดือน|ทุกเดือน")


def _is_period(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 80:
        return False
    return bool(_PERIOD_WORDS.search(t)) or parse_date(t) is not None


def _split_vertical_rows(group: list[tuple[list[str], list[Line]]]) -> list[list[tuple[str, list[Line]]]]:
    rows: list[list[tuple[str, list[Line]]]] = []
    current: list[tuple[str, list[Line]]] = []
    has_code = has_period = False
    for texts, lines in group:
        text = "\n".join(texts).strip()
        code = _is_code_cell(text)
        if current and (_ISSUE_HEAD.match(text) or (code and (has_code or has_period))):
            rows.append(current)
            current, has_code, has_period = [], False, False
        current.append((text, lines))
        has_code = has_code or code
        has_period = has_period or (has_code and _is_period(text))
    if current:
        rows.append(current)
    return rows


def _vertical_row(cells: list[tuple[str, list[Line]]]) -> TableRow:
    """Roles of a cell-per-line row, by content: issue heading, code cell, analysis,
    measure, steps, period, responsible units."""
    texts = [t for t, _ in cells]
    n = len(texts)
    roles: list[str | None] = [None] * n
    code_idx = next((i for i, t in enumerate(texts) if _is_code_cell(t)), None)
    start = 0 if code_idx is None else code_idx + 1
    if code_idx is not None:
        roles[code_idx] = "codes"
        for i in range(code_idx):
            roles[i] = "issue"
    elif n > 1:
        roles[0] = "issue"
        start = 1
    period_idx = next((i for i in range(n - 1, start - 1, -1) if _is_period(texts[i])), None)
    if period_idx is not None:
        roles[period_idx] = "period"
        for i in range(period_idx + 1, n):
            roles[i] = "responsible"
        middle = list(range(start, period_idx))
    else:
        middle = list(range(start, n))
        if len(middle) >= 4:
            for i in middle[3:]:
                roles[i] = "responsible"
            middle = middle[:3]
    if len(middle) == 1:
        roles[middle[0]] = "measure"
    elif len(middle) == 2:
        roles[middle[0]], roles[middle[1]] = "measure", "steps"
    elif len(middle) >= 3:
        roles[middle[0]] = "issue"  # the analysis / finding (ข้อค้นพบ)
        for i in middle[1:-1]:
            roles[i] = "measure"
        roles[middle[-1]] = "steps"
    lines = [ln for _, cell_lines in cells for ln in cell_lines]
    return TableRow(cells=texts, roles=roles, page=lines[0].page_no, raw="\n".join("\t" + t for t in texts),
                    layout="cells", lines=lines)


# ---------------------------------------------------------------- field readers

_ANY_CODE = re.compile(
    r"(?<![A-Za-z0-9๐-๙.])(?:[IEO]\s?|[iEeOo])[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?(?![0-9๐-๙A-Za-z])"
)
_REFERENCE = re.compile(r"อ้างอิง(?:จาก)?\s*(?:ข้อ\s*)?([OoO0๐]\s?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?)(?![0-9๐-๙.])")
_BARE_NUMBER = re.compile(r"^\s*(?:<[^>]{0,10}>)?\s*([0-9๐-๙]{1,2})\s*ประเด็น")


# in a code column a lower-case letter apart from its number is a code too ("i ๕": the
# word processor's font set the letter and the Thai digit apart)
_COLUMN_CODE = re.compile(
    r"(?<![A-Za-z0-9๐-๙.])[IEOieo]\s?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?(?![0-9๐-๙A-Za-z])"
)


def codes_in(text: str, code_column: bool = False) -> list[str]:
    """Question codes named anywhere in a cell, in order, without repeats. In a code
    column, a leading-zero form ("04.2", "039") counts too."""
    out: list[str] = []
    for m in (_COLUMN_CODE if code_column else _ANY_CODE).finditer(text or ""):
        code = match_question_code(m.group(0))
        if code and code not in out:
            out.append(code)
    if code_column and not out:
        for token in re.split(r"[\s,;/]+", text or ""):
            code = match_question_code(token) if _CODE_ONLY.match(token) else None
            if code and code not in out:
                out.append(code)
    return out


def referenced_codes(text: str) -> list[str]:
    out: list[str] = []
    for m in _REFERENCE.finditer(text or ""):
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


# OCR drops the ด of ดำเนิน after a word ("อยู่ระหว่างำเนินการ") and the marks of ไม่ / ได้
_DAMNOEN = "ด?ำเนิน"
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


_INDICATOR_HEAD = re.compile(INDICATOR_WORD + r"\s*[0-9๐-๙]{1,2}(?!\s*[.][0-9๐-๙])")


def indicator_of(row: TableRow, fiscal_year: int | None) -> int | None:
    """The indicator a row names: a confident name after "ตัวชี้วัดที่ N" (or in the
    indicator column), or a bare "ตัวชี้วัดที่ N" cell. None when unsure."""
    order = sorted(range(len(row.cells)), key=lambda i: (row.roles[i] != "indicator", i))
    for i in order:
        cell = row.cells[i]
        for m in _INDICATOR_HEAD.finditer(cell):
            text = re.split(r"[\t\n]", cell[m.start():])[0][:120]
            match = match_indicator(text, fiscal_year)
            if match is None:
                continue
            if match.confident:
                return match.number
            rest = text[m.end() - m.start():].strip()
            if match.heading_kind == "indicator" and match.heading_number and len(rest) <= 2:
                return match.heading_number
            return None
        if row.roles[i] == "indicator" and cell.strip():
            match = match_indicator(cell, fiscal_year)
            if match is not None and match.confident:
                return match.number
    return None


# where a cell's numbered steps begin: "1." / "๑)" after a space or at a line's start
_FIRST_STEP = re.compile(r"(?:^|(?<=\s))[1๑][.)](?![0-9๐-๙])\s*\S", re.M)


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


# ---------------------------------------------------------------- the extractor


_CONTENT = re.compile(r"[0-9A-Za-z\u0e01-\u0e2e\u0e50-\u0e59]")


def _text(value: str | None) -> str | None:
    """The cell's text; None for an empty cell or one holding only a dash."""
    if value is None:
        return None
    value = value.strip()
    return value[:4000] if _CONTENT.search(value) else None


# columns only a measures table has (an OIT checklist has codes, names, units, status)
_MEASURE_ROLES = {"measure", "issue", "steps", "indicator", "result", "measure_steps"}


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
            if not _MEASURE_ROLES & set(row.roles):
                continue  # a checklist row whose code OCR garbled: the OIT reader reports it
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


def _measure(row: TableRow, row_no: int, fy: int | None, report_id: str,
             prev_letter: str | None) -> tuple[MeasureRecord | None, str | None]:
    issue = row.by_role("issue")
    indicator_cell = row.by_role("indicator")
    code_cell = row.by_role("codes")
    first_text = next((c for c, r in zip(row.cells, row.roles) if c.strip() and r != "row_no"), "")
    source = code_cell or issue or indicator_cell or first_text
    codes = codes_in(source, code_column=source is code_cell)
    if not codes and prev_letter:
        m = _BARE_NUMBER.match(numbers.to_arabic_digits(source or ""))
        if m:  # "๑๕ ประเด็น …" under I-rows: the letter was lost
            code = match_question_code(f"{prev_letter}{m.group(1)}")
            if code:
                codes = [code]
    if not codes and source is code_cell:
        codes = _garbled_code(code_cell, prev_letter)
    indicator = indicator_of(row, fy)
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
                               if r is None and _INDICATOR_HEAD.match(c.strip())), None)
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
    if period and not _is_period(period):
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
    tail: list[str] = []
    for token in reversed((cell or "").split()):
        if not re.fullmatch(r"[0-9๐-๙]{1,2}", token):
            break
        tail.append(numbers.to_arabic_digits(token))
    letter = load_catalog().tool_of(indicator)[0]  # the catalog's tool: IIT → I, …
    codes = [match_question_code(f"{letter}{int(n)}") for n in reversed(tail)]
    return list(dict.fromkeys(c for c in codes if c))


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
