"""Tables of a document's pages as rows with roles (pipeline/extract/measures.py and oit.py read
them): header roles by meaning, row tables and cell tables, vertical tables (one field a line),
a table continued on the next page joined, a row cut by the page break made whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from normalizers import numbers
from normalizers.dates import parse_date
from normalizers.indicators import INDICATOR_WORD, match_question_code
from pipeline.pages import Box, union_box
from pipeline.segment import Document, Line

CHECKED, UNCHECKED = "☑", "☐"

# (role, pattern on the header cell with spaces removed), first match wins.
_ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("row_no", re.compile(r"^(?:ลำดับ(?:ที่)?|ที่|no\.?)$", re.I)),
    ("codes", re.compile(r"^(?:ข้อ(?:ที่)?|ข้ออ้อ|ข้อคำถาม.*|รหัส.*|ชุด|code|ตัวชี้วัดย่อย)$", re.I)),
    # a column named for the question ("ตัวชี้วัด/ข้อคำถาม", "ประเด็นการประเมิน (ข้อคำถาม)")
    # holds its code; named for the issue too ("ประเด็น/ข้อคำถาม") it is the issue (its
    # code is read from it)
    ("codes", re.compile(r"^(?!.*(?:ประเด็น(?!การประเมิน)|ข้อบกพร่อง|ปัญหา|ข้อค้นพบ)).*(?:ข้อคำถาม|รหัสข้อ)")),
    # one column for the measure and its steps ("มาตรการ/วิธีการปฏิบัติ"): split by content;
    # OCR of a bold header drops ขั้นตอน's marks ("มาตรการและขันตอน…")
    ("measure_steps", re.compile(r"^มาตรการ.*(?:ข[\u0e31\u0e49]{0,2}นตอน|วิธี)")),
    # how a measure is carried out ("แนวทางปฏิบัติ"), not the measure (แนวทางการพัฒนา)
    ("steps", re.compile(r"^แนวทาง(?:การ)?ปฏิบัติ")),
    # "ปัญหา/อุปสรรค" of a progress report is neither the issue nor the measure
    ("obstacles", re.compile(r"อุปสรรค")),
    ("status", re.compile(r"สถานะ|ความก้าวหน้า|ผลการดำเนิน|ผลการปฏิบัติ")),
    ("result", re.compile(r"ผลลัพธ์|ความสำเร็จ|สรุปผล|ตามมาตร")),
    ("period", re.compile(r"ระยะเวลา|ช่วงเวลา|กำหนดเวลา|ห้วงเวลา")),
    ("responsible", re.compile(r"รับผิดชอบ")),
    # "ประเด็นตัวชี้วัด" too, and with the marks OCR drops from a bold header ("ตัวชีวัด",
    # "ประเด็นตัวชีวัด": not the issue; "ตัวชีวัดย่อย" is still the sub-indicators' codes, below)
    ("indicator", re.compile(r"^(?:ประเด็น)?ตัวช[\u0e34\u0e35\u0e49]{0,2}วัด(?!ย่?อย)")),
    ("issue", re.compile(r"ประเด็น|ข้อบกพร่อง|ปัญหา|จุดอ่อน|ข้อค้นพบ|วิเคราะห์")),
    ("measure", re.compile(r"มาตรการ|มาตรฐาน|กิจกรรม|แนวทาง|โครงการ")),
    ("steps", re.compile(r"วิธี|ขั้นตอน|ดำเนินการ|รายละเอียด")),
]

# OCR of a bold header on a noisy 200-dpi scan loses upper marks and the nikhahit
# ("ตวชวดและขอ คาถาม", "ขนตอนการ ดาเนนการ", "ผู้รบผดชอบ"): a cell no pattern names is
# compared again with the marks dropped from both (sara am as sara aa). Letters are
# not folded: role words differ by a letter ("ผล" / "ผู้").
_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _unmarked(text: str) -> str:
    return _MARK.sub("", unicodedata.normalize("NFC", text).replace("\u0e33", "\u0e32"))


_UNMARKED_PATTERNS = [(role, re.compile(_unmarked(p.pattern), p.flags)) for role, p in _ROLE_PATTERNS]

# Roles that make a header a measures (or OIT checklist) table header.
_TABLE_ROLES = {"codes", "status", "result", "period", "responsible", "issue", "measure", "steps",
                "measure_steps"}

_MAX_HEADER_CELL = 80

_MAX_SUBHEADER_CELL = 40

_MAX_VERTICAL_HEADER_CELL = 45

# a numbered or bulleted item; a dash before no word is OCR's noise ("-= oy ประเด็น")
_NUMBERED = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}[.)]|[-•*]\s*\w)")

_INDICATOR_REF = re.compile(INDICATOR_WORD + r"\s*[0-9๐-๙]")

_LIST_INSIDE = re.compile(r"\S\s+[0-9๐-๙]{1,2}[.)]\s*\S")


# specks OCR reads before a header's words: tokens without a Thai letter ("a ที่", "7 au ตัวชี้วัด")
_LEADING_NOISE = re.compile(r"^(?:[^\u0e01-\u0e4e\s]+\s+)+(?=\S*[\u0e01-\u0e4e])")


# a scan's specks read as lone Thai letters before a short header word ("ฆ ข้อ" for ข้อ,
# the code column): one consonant (and a mark) alone is no header word of its own
_LEADING_SPECKS = re.compile(r"^(?:(?:[^\u0e01-\u0e4e\s]+|[\u0e01-\u0e2e][\u0e31-\u0e4e]?)\s+)+(?=\S{3})")


def header_role(cell: str) -> str | None:
    key = re.sub(r"\s+", "", cell or "")
    if not key or len(key) > _MAX_HEADER_CELL:
        return None
    # specks before the words are no part of them: "๗ แนวทางปฏิบัติ" is the steps (its
    # pattern holds at the words' start), not a measure named by แนวทาง further in
    key = re.sub(r"\s+", "", _LEADING_NOISE.sub("", cell.strip()))
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(key):
            if role == "issue" and _bare_role(key) == "codes":
                return "codes"  # a stray mark ("ประเด็นการ่ประเมิน (ข้อคำถาม)") hid the question column
            return role
    keys = [key]
    for noise in (_LEADING_NOISE, _LEADING_SPECKS):
        if (rest := noise.sub("", cell.strip())) != cell.strip():
            keys.append(re.sub(r"\s+", "", rest))
    for key in keys:
        if (role := _bare_role(key)) is not None:
            return role
    return None


def _bare_role(key: str) -> str | None:
    bare = _unmarked(key)
    return next((role for role, pattern in _UNMARKED_PATTERNS if pattern.search(bare)), None)


def _repeated_header(cells: list[str], roles: list[str | None]) -> list[str | None] | None:
    """The table's header repeated on a page, where OCR read a bold cell's upper marks as
    a code ("O๙ ขนตอน การ ดำเนิน การ"): short cells, four roles or more named, agreeing
    with the table's header (_same_header)."""
    filled = [c for c in cells if c.strip()]
    if any(len(c.strip()) > _MAX_SPECKED_HEADER_CELL or CHECKED in c or UNCHECKED in c for c in filled):
        return None
    found = [header_role(c) for c in cells]
    if sum(1 for r in found if r) < 4 or sum(1 for r in found if r) * 2 < len(filled):
        return None
    return found if _same_header(roles, found) else None


# a header cell, with specks before its words; a data row's cells are longer
_MAX_SPECKED_HEADER_CELL = 40


def _holds_code(cell: str) -> bool:
    """A question code in the cell, but not specks OCR read as one before a header's
    words ("O๙ do ,ข ตัวชีวัด/ข้อ คำถาม": a bold header's upper marks)."""
    if match_question_code(cell.strip()) is None:
        return False
    return header_role(cell) != "codes" or match_question_code(_LEADING_NOISE.sub("", cell.strip())) is not None


def _header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row's columns, or None when the row is not a header."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2 or any(len(c.strip()) > _MAX_HEADER_CELL or CHECKED in c or UNCHECKED in c for c in filled):
        return None
    if _row_no_misread(cells):
        return ["row_no"] + [header_role(c) for c in cells[1:]]
    if any(_CODE_ONLY.match(c) or _NUMBERED.match(c) or _holds_code(c)
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


# what OCR makes of a bold "ที่" heading a row-number column: one or two characters
# without a Thai letter ("7", "vi")
_MISREAD_ROW_NO = re.compile(r"^[^\u0e01-\u0e2e\s]{1,2}$")


def _row_no_misread(cells: list[str]) -> bool:
    """A header whose first cell (ที่) OCR read as a digit: it looks like a data row's
    row number, so only a row whose every other cell names a role, four of them or more,
    of three kinds, none holding a code or an indicator's number, is taken for it."""
    if len(cells) < 5 or not _MISREAD_ROW_NO.match(cells[0].strip()):
        return False
    rest = [c for c in cells[1:] if c.strip()]
    if len(rest) < 4 or any(_holds_code(c) or _INDICATOR_REF.search(c) or _NUMBERED.match(c)
                            or _LIST_INSIDE.search(c) for c in rest):
        return False
    roles = [header_role(c) for c in rest]
    return all(roles) and len({r for r in roles if r in _TABLE_ROLES}) >= 3


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
        if code is None and bare and role == "codes" and row.has_boxes and not MEASURE_ROLES & set(row.roles):
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


# a Thai consonant, a digit or a Latin letter: what any real row holds
_LEGIBLE = re.compile(r"[\u0e01-\u0e2e0-9๐-๙A-Za-z]")


def _page_edges(lines) -> set[int]:
    """The indexes of each page's first and last line."""
    edges: set[int] = set()
    for k, line in enumerate(lines):
        if k == 0 or lines[k - 1].page_no != line.page_no:
            edges.add(k)
        if k == len(lines) - 1 or lines[k + 1].page_no != line.page_no:
            edges.add(k)
    return edges


def _row_tables(doc: Document) -> list[TableRow]:
    out: list[TableRow] = []
    roles: list[str | None] | None = None
    rows_since_header = 0
    last: TableRow | None = None
    sub_headers: set[str] = set()
    lines = join_cut_headers(doc.lines)
    edges = _page_edges(lines)
    for k, line in enumerate(lines):
        cells = line.text.split("\t")
        filled = [c for c in cells if c.strip()]
        if len(cells) < 2 or (len(cells) == 2 and not cells[0].strip()):
            # a line (or a cell-per-line cell): prose ends the table, a short line
            # (a page number, a running heading) does not, nor a page's first or last
            # line (a browser's footer "file:///…/report.html 5/7", however long its path)
            if roles is not None and len(line.text.strip()) > 60 and k not in edges:
                roles, last = None, None
            continue
        new_roles = _header_roles(cells)
        if new_roles is None and roles is not None:
            new_roles = _repeated_header(cells, roles)
        elif (new_roles is not None and roles is not None and last is not None and line.page_no != last.page
              and not _same_header(roles, new_roles) and len(filled) * 2 <= len(cells)):
            # the rest of a row broken by the page, its wrapped cells naming roles ("ปัญหาการ
            # ทุจริต" of การแก้ไขปัญหาการทุจริต, "ดำเนินการ - …"): another table's header fills
            # most of its cells
            new_roles = None
        if new_roles is not None:
            if roles is not None and _same_header(roles, new_roles):
                new_roles = roles  # repeated on a new page, perhaps misread: the same table
            else:
                last, sub_headers = None, set()  # a different table
            roles, rows_since_header = new_roles, 0
            continue
        if roles is None or not filled:
            continue
        if not _LEGIBLE.search(line.text):
            continue  # the tops of a line that the page's foot cut ("ไ็\t\tไ็"): no letter, digit or code
        if len(cells) * 2 < len(roles):
            # a line of two cells under a table of six is none of its rows (a browser's
            # running header read by OCR: "12 6 26, 11 38 PM\t0018 42 2567"); a reader
            # gives a row as many cells as its table has columns, merged ones empty
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

def join_cut_headers(lines) -> list[Line]:
    """Lines where a header row the page break cut in two (Word breaks a row across pages:
    "ตัวชี้วัด/ข้อ\tประเด็นที่\tแนวทางการ\tขั้น…" as its page's last table line,
    "คำถาม\tต้องพัฒนา\tพัฒนา\tตอน/ วิธีการปฏิบัติ…" the next page's first) is one line
    again, cell by cell, on the upper page. Neither part alone names enough roles to be a
    header, so the table was never found. Taken only where the parts have as many cells,
    stand in one frame (boxes known), hold short cells, neither starts a row (no code,
    number or indicator heading: a data row broken by the page is table_rows' to join)
    and joined they name more roles than the upper part."""
    lines = list(lines)
    tabbed = [i for i, ln in enumerate(lines) if ln.text.count("\t") >= 1]
    out = lines[:]
    dropped: set[int] = set()
    for a, b in zip(tabbed, tabbed[1:]):
        upper, lower = lines[a], lines[b]
        if lower.page_no != upper.page_no + 1 or a in dropped:
            continue
        up, low = upper.text.split("\t"), lower.text.split("\t")
        if len(up) != len(low) or len(up) < 3 or any(len(c.strip()) > _MAX_SUBHEADER_CELL for c in up + low):
            continue
        if upper.bbox is not None and lower.bbox is not None and (
            abs(upper.bbox[0] - lower.bbox[0]) > _SAME_FRAME or abs(upper.bbox[2] - lower.bbox[2]) > _SAME_FRAME
        ):
            continue
        first = next((c for c in up if c.strip()), "")
        if _row_head(first) or any(_row_head(c) or _HEADING_WORD.search(c) or _holds_code(c) for c in low if c.strip()) \
                or any(_HEADING_WORD.search(c) or _holds_code(c) for c in up):
            # a data row (its number, code or heading) and the rest of it; specks a bold
            # header's last cell became ("๙ e๑ Wi" for ผู้รั) are no row's number
            continue
        joined = [f"{u.strip()} {w.strip()}".strip() for u, w in zip(up, low)]
        roles = _header_roles(joined)
        if roles is None:
            continue
        alone = _header_roles(up)
        if alone is not None and sum(1 for r in roles if r) <= sum(1 for r in alone if r):
            continue  # a whole header at the foot, a data row of short cells under it
        out[a] = replace(upper, text="\t".join(joined))
        dropped.add(b)
    return [ln for i, ln in enumerate(out) if i not in dropped]


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
    if any(last.roles[i] == "row_no" and _next_number(last.cells[i], texts[i]) for i in ids):
        return False  # numbered one after the row above ("๓" / "๔"): a row of its own, however garbled its cells
    if any(role == "period" and _whole_period(last.cells[i]) and _whole_period(texts[i])
           for i, role in enumerate(last.roles[: len(texts)])):
        return False  # a period from its start to its end in both: two rows (a heading OCR garbled: "AIM IAN 8 …")
    if ids:
        # its number or code cell empty; or holding only the codes the row above still
        # lacks (a code cell "ตัวชี้วัดที่ 6 คุณภาพ…" whose codes wrapped onto this page)
        if all(not texts[i] or (not _holds_id(last.cells[i])
                                and (only_codes(texts[i]) or _rest_of_heading(last.cells[i], texts[i])))
               for i in ids):
            return True
    if _lacks_a_row_head(last, texts, before or []):
        return True
    # the indicator's name goes on from the heading the row above broke off ("ตัวชี้วัดที่ 10" /
    # "การป้องกันการทุจริต"), its code cell holding only the codes that wrapped with it
    # ("O37" / "O40 O43"): the same row, though a code cell starts it
    # (no cell but the code cell starts a row: a row number, a heading however garbled)
    heads = [i for i, c in enumerate(last.cells[: len(texts)]) if INDICATOR_HEAD.match(c.strip())]
    if heads and all(texts[i] and _rest_of_heading(last.cells[i], texts[i]) and not GARBLED_HEAD.search(texts[i])
                     for i in heads) and all(not texts[i] or only_codes(texts[i]) for i in ids) and not any(
        _row_head(t) for i, t in enumerate(texts) if i not in ids
    ):
        return True
    had = [i for i, c in enumerate(last.cells) if c.strip()]
    # the last codes of a heading's code cell wrapped onto the page ("ตัวชี้วัดที่ 10 … O38
    # O40" / "O43"), cells the row above filled left empty, no other cell starting a row
    if ids and any(not texts[i] for i in had) and all(
        (INDICATOR_HEAD.match(last.cells[i].strip()) or _HEADING_WORD.match(last.cells[i].strip()))
        and texts[i] and only_codes(texts[i]) for i in ids
    ) and not any(_row_head(t) or _HEADING_WORD.search(t) for i, t in enumerate(texts) if i not in ids):
        return True
    lacks_most = len(had) >= 3 and sum(1 for i in had if not texts[i]) * 2 >= len(had)
    if ids:
        # a code the page broke ("๐" / "๑๑" for O๑๑, OCR reading the O as a zero): the
        # cell above holds no whole code or row number, this one only the number's rest,
        # and the row lacks most of what the row above filled
        return lacks_most and all(not texts[i] or (_broken_id(last.cells[i]) and _BARE_NUMBER.fullmatch(texts[i]))
                                  for i in ids)
    return lacks_most


_BARE_NUMBER = re.compile(r"[0-9๐-๙]{1,2}")


def _next_number(above: str, cell: str) -> bool:
    """A row-number cell holding the number after the one above it."""
    a, b = above.strip(), cell.strip()
    return bool(_BARE_NUMBER.fullmatch(a) and _BARE_NUMBER.fullmatch(b)
                and int(numbers.to_arabic_digits(b)) == int(numbers.to_arabic_digits(a)) + 1)


def _broken_id(cell: str) -> bool:
    """A number or code cell that holds no whole code or row number, only what OCR made
    of a code's letter (`ว`, `๐`, `Oo`)."""
    t = cell.strip()
    if len(t.replace(" ", "")) > 3 or match_question_code(t) is not None:
        return False
    return not (_BARE_NUMBER.fullmatch(t) and int(numbers.to_arabic_digits(t)) > 0)


# "ตัวชี้วัดที่" as OCR may garble it (ตัวธีวัดที): a cell naming an indicator starts a row
_HEADING_WORD = re.compile(r"ต[ัว]{0,2}.{0,3}ว[ั]?ดท")



def _rest_of_heading(above: str, cell: str) -> bool:
    """A code cell that goes on with the heading the row above broke off ("ตัวชี้วัดที่ 4
    การใช้ทรัพย์สิน" / "ของราชการ I24"): the cell above names its indicator but no code
    yet, and this one names none."""
    return bool(INDICATOR_HEAD.match(above.strip())) and not _row_head(cell) and not _HEADING_WORD.search(cell)


def _row_head(cell: str) -> bool:
    """A cell that starts as a row of its own starts it: a number, a code, "ตัวชี้วัดที่ N"."""
    return bool(_OWN_ID.match(cell) or INDICATOR_HEAD.match(cell.strip()) or _ANY_CODE.match(cell.strip()))


def _lacks_a_row_head(last: TableRow, texts: list[str], before: list[TableRow]) -> bool:
    """A column where the row above and the rows before it (two at least) all start with
    a row's head ("ตัวชี้วัดที่ 6", "I4 …", "3") and this row does not: every cell of the
    row broke at the page ("ตัวชี้วัดที่ 6" / "คุณภาพการดำเนินงาน", "ตัวชี้วัดที่ 5 การ" /
    "แก้ไขปัญหาการทุจริต I25"). A row of its own would start so too."""
    earlier = [r for r in before if r is not last and len(r.cells) == len(texts)][-3:]
    if len(earlier) < 2:
        return False
    heads = [i for i in range(len(texts)) if all(_row_head(r.cells[i]) for r in (*earlier, last))]
    # a column the rows before start with a head, the row above only lost to OCR (its
    # ต read into the cell before: "วชี้วัดที่7"), still tells a row of its own
    usual = [i for i in range(len(texts)) if all(_row_head(r.cells[i]) for r in earlier)]
    # … or whose heading OCR left without its number ("ตัวชีวัดที การแก้ไข" / "ปัญหาการ ทุจริต")
    heads += [i for i in usual if i not in heads and _HEADING_WORD.match(last.cells[i].strip())]
    return bool(heads) and not any(_row_head(texts[i]) or _HEADING_WORD.match(texts[i])
                                   for i in set(heads) | set(usual))


def only_codes(text: str) -> bool:
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
    if len(new) == len(old) - 1:
        # OCR lost the header's first or last cell (a narrow "ลำดับที่"): the rest agrees,
        # three roles at least and none differing (an OIT checklist's header after a
        # measures table agrees on its unit and status columns only)
        return any(_agrees_fully(part, new) for part in (old[1:], old[:-1]))
    if len(old) != len(new):
        return False
    both = [(a, b) for a, b in zip(old, new) if a and b]
    agree = sum(1 for a, b in both if a == b)
    return agree >= 2 and agree * 3 >= 2 * len(both) and agree * 2 >= sum(1 for a in old if a)


def _agrees_fully(old: list[str | None], new: list[str | None]) -> bool:
    both = [(a, b) for a, b in zip(old, new) if a and b]
    return len(both) >= 3 and all(a == b for a, b in both)


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


# a period with its start and its end ("1 ตุลาคม 2563 ถึง 30 กันยายน 2564", "ต.ค. 63 - ก.ย. 64"),
# or a whole fiscal year: not a piece of one a page broke
_WHOLE_PERIOD = re.compile(r"[0-9๐-๙].*(?:ถึง|\s[-–]\s).*[0-9๐-๙]|ปีงบประมาณ\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*[0-9๐-๙]{4}")


def _whole_period(text: str) -> bool:
    return is_period(text) and bool(_WHOLE_PERIOD.search(text))


def is_period(text: str) -> bool:
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
        has_period = has_period or (has_code and is_period(text))
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
    period_idx = next((i for i in range(n - 1, start - 1, -1) if is_period(texts[i])), None)
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

_ANY_CODE = re.compile(
    r"(?<![A-Za-z0-9๐-๙.])(?:[IEO]\s?|[iEeOo])[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?(?![0-9๐-๙A-Za-z])"
)

REFERENCE = re.compile(r"อ้างอิง(?:จาก)?\s*(?:ข้อ\s*)?([OoO0๐]\s?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?)(?![0-9๐-๙.])")

BARE_NUMBER = re.compile(r"^\s*(?:<[^>]{0,10}>)?\s*([0-9๐-๙]{1,2})\s*ประเด็น")

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

INDICATOR_HEAD = re.compile(INDICATOR_WORD + r"\s*[0-9๐-๙]{1,2}(?!\s*[.][0-9๐-๙])")

# "ตัวชี้วัดที่" with a mark or letter OCR misread or added before its วัด ("ตัวชี่วัดที่2",
# "ตัจวชี้วัดที่8"), its first letters lost too ("วชีวัดที่9"), its number (if any) after it
GARBLED_HEAD = re.compile(r"(?:ต\S{0,3})?ว\S{1,4}วั?ดท\S{0,2}\s*(?:[0-9๐-๙]{1,2}(?![0-9๐-๙]))?")

# columns only a measures table has (an OIT checklist has codes, names, units, status)
MEASURE_ROLES = {"measure", "issue", "steps", "indicator", "result", "measure_steps"}
