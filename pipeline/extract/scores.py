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

from pydantic import ValidationError

from normalizers import numbers
from normalizers.indicators import match_indicator
from normalizers.thai import wrap_splits_word
from pipeline.extract.context import DocContext, DocRecords
from pipeline.extract.score_rows import (
    GARBLED_YEAR_CELL, HEADING_REACH, LABEL_TAIL, MAX_NAME_CHARS, MIN_ORDERED_ROWS, TOOL_CODE_PAREN,
    TOOL_FORM, YEAR, YEAR_CELL, Row, Value, cell_number, is_continuation, is_indicator_table,
    is_sub_heading, name_number, numbered_name, row_value_box, tab_row, text_row, tool_of,
)
from pipeline.pages import union_box
from pipeline.segment import Line
from pipeline.valuebox import value_box
from schemas.catalog import load_catalog
from schemas.records import FlagRecord, IndicatorScoreRecord, ToolScoreRecord


class _Collector:
    """Records of one document, one per (year, indicator) and (year, tool)."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.file_id, self.report_id = ctx.file_id, ctx.report_id
        self.tools: dict[tuple, tuple[ToolScoreRecord, str]] = {}
        self.indicators: dict[tuple, tuple[IndicatorScoreRecord, str]] = {}
        self.flags: list[FlagRecord] = []
        # rows of indicator tables whose name decided nothing, with their (year, value)s
        self.unresolved: list[tuple[Row, list[tuple[int | None, Value]]]] = []

    def flag(self, kind: str, message: str, evidence: str, page: int, severity: str | None = None):
        self.flags.append(self.ctx.flag(kind, message, evidence=evidence[:500], page=page, severity=severity))

    def _score(self, value: Value, what: str, page: int) -> float | None:
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

    def add_tool(self, tool: str, year: int | None, value: Value, label: str, at: Line):
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
                                     label_raw=label, page=page, **row_value_box(at, value))
        except ValidationError as exc:
            self.flag("parse_error", f"บันทึกคะแนน{what}ไม่ได้ (invalid tool score)", f"{value.raw}: {exc}", page)
            return
        self.tools[key] = (record, f"{label} {value.raw}")

    def add_indicator(self, number: int, year: int | None, value: Value, row: Row, at: Line):
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
                score=score, page=page, **row_value_box(at, value),
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


def _year_columns(header: Row | None) -> dict[int, int]:
    if header is None:
        return {}
    cols = {}
    for i, cell in enumerate(header.cells):
        m = YEAR_CELL.match(cell.strip())
        if m:
            cols[i] = int(numbers.to_arabic_digits(m.group(1)))
    if len(cols) == 1:
        # a two-year table whose other year OCR garbled: years stand side by side,
        # the earlier on the left
        (i, year), = cols.items()
        for j, other in ((i - 1, year - 1), (i + 1, year + 1)):
            if 0 <= j < len(header.cells) and GARBLED_YEAR_CELL.match(header.cells[j].strip()):
                cols[j] = other
                break
    return cols


def _score_column(header: Row | None) -> int | None:
    if header is None:
        return None
    cols = [i for i, c in enumerate(header.cells) if re.fullmatch(r"\s*(?:ผล)?คะแนน\s*(?:ที่ได้)?\s*", c)]
    return cols[0] if len(cols) == 1 else None


def _plausible_year(year: int | None, fy: int | None) -> bool:
    return year is not None and (fy is None or fy - 6 <= year <= fy + 1)


def _table_year(header: Row | None, before: list[Line], fy: int | None) -> int | None:
    """The one year a table's header, or a short line just above it ("ปี 2566"), names."""
    texts = [" ".join(header.cells)] if header is not None else []
    texts += [line.text for line in reversed(before[-2:]) if len(line.text) <= 40]
    for text in texts:
        years = {int(numbers.to_arabic_digits(y)) for y in YEAR.findall(text)}
        if len(years) == 1 and _plausible_year(next(iter(years)), fy):
            return years.pop()
    return fy


def _row_values(row: Row, header: Row | None, default_year: int | None) -> list[tuple[int | None, Value]]:
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
                if col not in taken and cell_number(cell)[0] != "empty":
                    by_pos.append((year, Value(col, None, cell)))
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


def _unreadable_score_row(row: Row, header: Row | None) -> Row | None:
    """A numbered row under a year header whose every year cell OCR garbled beyond a
    number ("\t๓. การใช้อำนาจ\tdees\tcolon" under "…\t๒๕๖๗\t๒๕๖๘"): the row with each
    year's cell as an unreadable score, so the indicator is flagged, not silently lost."""
    cols = sorted(_year_columns(header))
    named = numbered_name(row.cells)
    if not cols or row.values or named is None or named[0] >= cols[0]:
        return None
    cells = [row.cells[c].strip() if c < len(row.cells) else "" for c in cols]
    if not all(cells):
        return None
    at, number = named
    label = row.cells[at - 1].strip() if at > 0 and row.cells[at - 1].strip() else None
    return Row(row.line, True, row.cells, row_no=number, tool_label=label, name=row.cells[at].strip(),
                values=[Value(c, None, cell) for c, cell in zip(cols, cells)])


def _resolve_rows(rows: list[Row], header: Row | None, fy: int | None) -> dict[int, int]:
    """Indicator number of each row (by list index) that has enough evidence."""
    ordered = is_indicator_table(header, rows)
    out: dict[int, int] = {}
    for k, row in enumerate(rows):
        number = name_number(row)
        if number is None and ordered and row.row_no is not None and not is_sub_heading(row.name):
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

_FURNITURE_LINES = 4  # lines a page's footer and the next one's running header may take


def _carried_header(block: list[Row], carry: dict) -> Row | None:
    """The header of the table the page before ended with, for a block that continues it
    on the next page without a header of its own (a two-year table's years): its first
    row is no header, stands on the next page and has as many cells. Running headers,
    footers and page numbers between the two parts end a block, not the table."""
    header, page = carry.get("header"), carry.get("page")
    first = block[0]
    if header is None or page is None or not first.tab:
        return None
    # a header-like first row is another header, unless the page before ended with the
    # header and this is its rest, the break cut the row (Word: "เครื่อง…๒๕๖๕\t๒๕๖๖\tการ" /
    # "มือ\t\t\t\tเปลี่ยนแปลง"), naming no year
    if first.header_like and (_year_columns(first) or not carry.get("at_foot")):
        return None
    if first.line.page_no != page + 1 or len(first.cells) != len(header.cells):
        return None
    return header


def _page_furniture(row: Row, header: Row | None, rows: list[Row], after: Row | None) -> bool:
    """A header-like line inside a table that goes on over a page break, with fewer
    than half the header's cells and no year: the old page's footer or the new page's
    running header (a browser's "file:///…\t1/7" and "12/7/26, 5:16 AM\t<title>"),
    not the header of the rows after it, which stay under the table's own."""
    if header is None or not rows or not row.header_like or _year_columns(row):
        return False
    at_break = row.line.page_no != rows[-1].line.page_no or (
        after is not None and after.line.page_no != row.line.page_no)
    return at_break and 2 * sum(1 for c in row.cells if c.strip()) < len(header.cells)


def _emit_block(block: list[Row], before: list[Line], fy: int | None, out: _Collector,
                carry: dict | None = None):
    """A run of table rows (or of list lines): split at header rows, then each table.
    `carry` (one dict for a document's blocks, in order) hands the last table's header
    to a block that continues it on the next page."""
    carry = {} if carry is None else carry
    tables: list[tuple[Row | None, list[Row]]] = []
    header: Row | None = _carried_header(block, carry) if block else None
    rows: list[Row] = []
    for k, row in enumerate(block):
        if _page_furniture(row, header, rows, block[k + 1] if k + 1 < len(block) else None):
            continue
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
    if block and block[-1].header_like and not rows:
        # a header at a page's foot, every row of its table on the next page
        carry["header"] = header if header is not None and header.tab else None
        carry["page"] = block[-1].line.page_no
        carry["at_foot"] = True
    elif tables:
        last_header, last_rows = tables[-1]
        carry["header"] = last_header if last_header is not None and last_header.tab else None
        carry["page"] = last_rows[-1].line.page_no
        carry["at_foot"] = False
    for header, rows in tables:
        default_year = _table_year(header, before, fy)
        indicator_rows, tool_rows = [], []
        for row in rows:
            if row.name is None:
                tool_rows.append(row)  # "IIT\t89.49", "แบบวัด…(IIT)\t\tคะแนนรวม 96.75"
                continue
            row.match = match_indicator(row.name, fy)
            if not row.tab and tool_of(row.name) and name_number(row) is None:
                row.tool_label = row.name  # "แบบวัด IIT ได้คะแนน ๘๙.๔๙ คะแนน"
                tool_rows.append(row)
            elif row.tab and TOOL_FORM.search(row.tool_label or "") and name_number(row) is None:
                tool_rows.append(row)  # "แบบตรวจ…(OIT)\tfle แนนรวม\t๙๒.๕๐": its cue's cell garbled
            else:
                indicator_rows.append(row)
        numbers_of = _resolve_rows(indicator_rows, header, fy)
        resolved = len(numbers_of) + _part_before(indicator_rows, carry)
        for k, row in enumerate(indicator_rows):
            values = _row_values(row, header, default_year)
            if k in numbers_of:
                for year, value in values:
                    out.add_indicator(numbers_of[k], year, value, row, row.line)
            elif values and resolved >= MIN_ORDERED_ROWS and not is_sub_heading(row.name or ""):
                out.unresolved.append((row, values))
        if indicator_rows:
            carry["list"] = (indicator_rows[-1].line.page_no, indicator_rows[-1].row_no, resolved)
        for row in tool_rows:
            tool = tool_of(row.tool_label or "")
            for year, value in _row_values(row, header, default_year) if tool else ():
                out.add_tool(tool, year, value, row.tool_label, row.line)


def _part_before(rows: list[Row], carry: dict) -> int:
    """The resolved rows of the list these rows go on with: the last list of the page
    before, numbered up to one less than their first (a ranked list of ten cut after ๗.).
    Its rows count as the evidence that makes a row no name resolves part of a list."""
    page, last_no, resolved = carry.get("list") or (None, None, 0)
    first = rows[0] if rows else None
    if first is None or page is None or last_no is None or first.row_no != last_no + 1:
        return 0
    return resolved if first.line.page_no == page + 1 else 0


_TOTAL_CUE = re.compile(r"\s*คะแนน(?:รวม|เฉลี่ย)?\s*[0-9๐-๙]")


# the unit's cell wrapped beside the label's ("…ส่วนเสีย คะแนนรวม 65.65 คะแน" / "ภายใน (IIT)\tน"):
# the piece of คะแนน left in the tail line's last cell, or after a space where a text layer
# reads the borderless table as lines ("ภายใน (IIT) น", a Word PDF)
_WRAPPED_UNIT = re.compile(r"[\t ]\s*(?:ค?ะ?แ?น)?น\s*$")


# the score's last digits wrapped with them ("…ส่วนเสีย คะแนนรวม ๘๕.๘ คะแน" / "ภายนอก(EIT)\t๑ น":
# a narrow score cell broke ๘๕.๘๑ after its first decimal)
_WRAPPED_DIGITS = re.compile(r"[\t ]+([0-9๐-๙]{1,2})$")
_BROKEN_SCORE = re.compile(r"(?<![0-9๐-๙.])([0-9๐-๙]{1,3}\.[0-9๐-๙]?)(?=\s*(?:ค?ะ?แ?น?)?\s*$)")


def _score_rest(prev: str, tail: str) -> tuple[str, str] | None:
    """(previous line, tail) with the score's digits that wrapped into the tail put back
    after its point, where the previous line ends in a score cut after its point or its
    first decimal (cue before it) and the two make a score of two decimals; else None."""
    m, b = _WRAPPED_DIGITS.search(tail), _BROKEN_SCORE.search(prev)
    if not m or not b or not _TOTAL_CUE.search(prev[: b.end()]):
        return None
    whole = b.group(1) + m.group(1)
    if not re.fullmatch(r"[0-9๐-๙]{1,3}\.[0-9๐-๙]{2}", whole):
        return None
    return prev[: b.start()] + whole + prev[b.end():], tail[: m.start()].strip()


def _rejoin_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Put a wrapped tool code back into its row's label, before the score."""
    out: list[Line] = []
    for line in lines:
        tail = _WRAPPED_UNIT.sub("", line.text).strip()
        if out and line.page_no == out[-1].page_no and (rest := _score_rest(out[-1].text, tail)) is not None \
                and LABEL_TAIL.match(rest[1]):
            out[-1] = Line(out[-1].page_no, rest[0], out[-1].bbox, out[-1].glyphs)
            tail = rest[1]
        if out and "\t" in out[-1].text and LABEL_TAIL.match(tail):
            prev = out[-1]
            first, rest = prev.text.split("\t", 1)
            if TOOL_FORM.search(first) and not TOOL_CODE_PAREN.search(first) and prev.page_no == line.page_no:
                # a tab row whose label cell wrapped: "แบบวัด…ภายนอก\tคะแนนรวม\t85.36" / "(EIT) ส่วนที่ 2";
                # the score in the label's cell where OCR lost the tab before its cue
                # ("แบบวัด…ภายนอก คะแนนรวม 80.91\tคะแนน"): the code goes before the cue
                cue = _TOTAL_CUE.search(first)
                label = f"{first[:cue.start()]} {tail}\t{first[cue.start():].strip()}" if cue else f"{first} {tail}"
                out[-1] = Line(prev.page_no, f"{label}\t{rest}", union_box([prev.bbox, line.bbox]), prev.glyphs)
                continue
        cue = _TOTAL_CUE.search(out[-1].text) if out and LABEL_TAIL.match(tail) else None
        if cue and "\t" not in out[-1].text and not TOOL_CODE_PAREN.search(out[-1].text[: cue.start()]):
            prev = out[-1]
            # as a tab row, the shape of a ruled table ("…(EIT) ส่วนที่ 1\tคะแนนรวม 95.08 คะแนน")
            out[-1] = Line(prev.page_no, f"{prev.text[: cue.start()]} {tail}\t{prev.text[cue.start():].strip()}",
                           union_box([prev.bbox, line.bbox]) if line.page_no == prev.page_no else prev.bbox,
                           prev.glyphs)
            continue
        out.append(line)
    return out


def _years_named(cells: list[str]) -> int:
    return sum(1 for c in cells if YEAR_CELL.match(c))


def _join_cut_year_header(lines: list[Line]) -> list[Line]:
    """Lines where a two-year table's header row that the page break cut through its
    years is one row again, cell by cell, on the upper page: Word breaks a tall header
    row inside its cells ("เครื่อง\tตัวชี้วัด\t๒๕๖\t๒๕๖\tการ" at page 1's foot,
    "มือ\t\t๖\t๗\tเปลี่ยนแปลง" atop page 2), and neither part names a year. Taken only
    where the next tab row stands on the next page after no more than the page's
    furniture, has as many cells, and joining the digits split between the two makes
    years that neither part had."""
    tabbed = [i for i, ln in enumerate(lines) if "\t" in ln.text]
    out, dropped = list(lines), set()
    for a, b in zip(tabbed, tabbed[1:]):
        upper, lower = lines[a], lines[b]
        if lower.page_no != upper.page_no + 1 or b - a > _FURNITURE_LINES + 1 or a in dropped:
            continue
        up, low = upper.text.split("\t"), lower.text.split("\t")
        if len(up) != len(low) or len(up) < 3:
            continue
        joined = []
        for u, w in zip((c.strip() for c in up), (c.strip() for c in low)):
            if u[-1:].isdigit() and w[:1].isdigit() or u and w and wrap_splits_word(u, w):
                joined.append(u + w)
            else:
                joined.append(f"{u} {w}".strip())
        if _years_named(joined) < 2 or _years_named(joined) <= max(_years_named(up), _years_named(low)):
            continue
        out[a] = Line(upper.page_no, "\t".join(joined), upper.bbox, upper.glyphs)
        dropped.add(b)
    return [ln for i, ln in enumerate(out) if i not in dropped]


_SPECK_CELLS = {"", ",", ".", "'", "`", "‘", "’"}


def extract_scores(ctx: DocContext) -> DocRecords:
    """Tool and indicator scores of one logical document, each with its page.

    Lines are read in order: runs of table rows (or of list lines with a score) form
    blocks, read as tables; a line without scores may head the next lines' scores (a
    tool's form name, an indicator heading); a line that only carries scores
    ("คะแนนรวม ๘๙.๔๙ คะแนน") gives them to that heading."""
    doc, fiscal_year = ctx.doc, ctx.fiscal_year
    out = _Collector(ctx)
    lines = _rejoin_wrapped_labels(_join_cut_year_header(list(doc.lines)))
    block: list[Row] = []
    block_start = 0
    pending: tuple[str, object, Row, int] | None = None  # (kind, tool/indicator, heading row, line index)
    # the last table's header and the line after it: for the table's rest on the next
    # page, after no more than the page's furniture (footer, running header)
    carry: dict = {}

    def flush() -> None:
        nonlocal block
        if block:
            if block_start - carry.get("end", block_start) > _FURNITURE_LINES:
                carry.pop("header", None)  # prose between: a new table, not the rest
            _emit_block(block, lines[max(0, block_start - 2) : block_start], fiscal_year, out, carry)
            carry["end"] = block_start + len(block)
            block = []

    for i, line in enumerate(lines):
        if _tool_group_row(line.text):
            continue  # a tool's merged cell on a line of its own, inside the table: no break in it
        # a "row" with one non-empty cell is a line ("แบบวัด…(IIT)\t" heads the next line)
        # (a speck OCR put in a cell of its own, "คะแนนรวม 91.23 คะแนน\t,", fills none)
        tab = sum(1 for cell in line.text.split("\t") if cell.strip() not in _SPECK_CELLS) > 1
        row = tab_row(line) if tab else text_row(line)
        if pending is not None and i - pending[3] > HEADING_REACH:
            pending = None
        if not tab and is_continuation(row):
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


def _tool_group_row(text: str) -> bool:
    """A table's row of three or more cells holding a tool's code alone ("EIT\t\t\t\t": the
    tool's merged cell where its indicators' rows begin on a new line). Read as a line of
    its own it would end the table, and the rows after it would lose the header's years."""
    cells = text.split("\t")
    return len(cells) >= 3 and [c.strip() for c in cells if c.strip()] in (["IIT"], ["EIT"], ["OIT"])


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


def _heading(row: Row, fy: int | None) -> tuple[str, object, Row] | None:
    """A line without scores that heads scores on the next lines: a tool's form name
    ("แบบวัด…(IIT)") or an indicator ("๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ"). A
    sub-indicator heading heads nothing."""
    text = row.line.text.strip()
    if not text or len(text) > 160 or is_sub_heading(text):
        return None
    tool = tool_of(text)
    if tool and TOOL_FORM.search(text) or tool and len(text) <= 20:
        return ("tool", tool, row)
    if len(text) > MAX_NAME_CHARS:
        return None
    row.name = text
    row.match = match_indicator(text, fy)
    number = name_number(row)
    return ("indicator", number, row) if number is not None else None


# ---------------------------------------------------------------- scores OCR left unreadable
def _garbled_flags(lines: list[Line], out: _Collector) -> None:
    """A score in running text that OCR left unreadable (numbers.unreadable_scores:
    "ได้คะแนน cools คะแนน", "๙๒ ๘๒"): flagged with the line's page and box, never taken
    as a value. (In a table such a cell is a value its row flags: cell_number's 'junk',
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
