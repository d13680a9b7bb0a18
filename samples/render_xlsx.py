"""A workbook (openpyxl) of a restyled document, as agencies make their tables in Excel and
attach the printout: LibreOffice Calc prints it to PDF (samples/engines.py).

How people typeset a report in a spreadsheet: a fine grid of narrow columns, each table
column a run of grid columns merged across, the memo's prose in rows merged across the
whole print width with wrapped text, a tool cell merged down over its indicators, borders
on ruled tables only, numbers right-aligned. Every page break of the document starts a
new sheet; a wide table gets a landscape sheet of its own whose header rows repeat as
print titles where the look repeats them. Sheets print at the page width (fit to width),
with the print area set, a header line and a "- &P -" or "หน้า &P จาก &N" footer as
Calc's own page furniture.

Calc does not grow a merged cell's row to fit wrapped text, so row heights are set here
from the text measured in the font (PIL) — generously, so nothing printed is clipped: a
spreadsheet's rows are often taller than their text.
"""

from __future__ import annotations

import math
import re
import subprocess
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from PIL import ImageFont

from .layout import PageBreak, Para
from .restyle import Look, XTable

GRID = 24  # narrow columns a sheet is typeset on
MM_PER_UNIT = 1.9  # an Excel column-width unit (one digit of the default font), roughly
PT_MM = 0.3528
SIZE = {"title": 3.0, "heading": 1.0, "body": 0.0, "small": -2.0}
H_ALIGN = {"L": "left", "C": "center", "R": "right", "J": "justify"}
_NUMBER = re.compile(r"^[\s\d๐-๙.,%-]+$")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@lru_cache(maxsize=None)
def _font(name: str, bold: bool):
    """The font file Calc will use, at 100 pt (measures scale with the size)."""
    pattern = f"{name}:bold" if bold else name
    path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                          text=True, check=True).stdout.strip()
    return ImageFont.truetype(path, 100)


def _lines(text: str, width_mm: float, look: Look, size: float, bold: bool) -> int:
    """Lines a cell's text wraps to in a column width_mm wide (over-estimated: Thai
    breaks only between words, and Calc's padding is a guess)."""
    font = _font(look.font, bold)
    avail = max(width_mm - 2.0, 3.0)
    n = 0
    for line in (text or "").split("\n"):
        w = font.getlength(line) / 100 * size * PT_MM * 1.05
        n += max(1, math.ceil(w / avail))
    return n


def _line_pt(look: Look, size: float) -> float:
    asc, desc = _font(look.font, False).getmetrics()
    return (asc + desc) / 100 * size


def _spans(widths: list[float], grid: int) -> list[tuple[int, int]]:
    """Grid columns (first, last; 1-based) of each table column, at least one each."""
    total, cum, out, start = sum(widths), 0.0, [], 1
    for j, w in enumerate(widths):
        cum += w
        left = len(widths) - j - 1  # columns still to place need a grid column each
        end = min(max(start, round(grid * cum / total)), grid - left)
        out.append((start, end))
        start = end + 1
    return out


class _Sheet:
    def __init__(self, wb: Workbook, look: Look, landscape: bool, n: int):
        self.ws = wb.create_sheet(f"s{n}-{len(wb.worksheets)}")
        self.look, self.landscape, self.row = look, landscape, 1
        left, right, top, bottom = look.margins
        self.width = (297 if landscape else 210) - left - right
        self.col_mm = self.width / GRID
        for c in range(1, GRID + 1):
            self.ws.column_dimensions[get_column_letter(c)].width = self.col_mm / MM_PER_UNIT
        ws = self.ws
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_margins.left, ws.page_margins.right = left / 25.4, right / 25.4
        ws.page_margins.top, ws.page_margins.bottom = top / 25.4, bottom / 25.4
        ws.page_margins.header = ws.page_margins.footer = min(top, bottom) / 2 / 25.4
        ws.print_options.gridLines = False
        small = int(look.size - 2)
        if look.running_header:
            ws.oddHeader.right.text = look.running_header
            ws.oddHeader.right.font, ws.oddHeader.right.size = look.font, small
        if look.page_numbers == "top":  # under the header line, which fills the top
            ws.oddFooter.center.text = "- &P -"
            ws.oddFooter.center.font, ws.oddFooter.center.size = look.font, small
        elif look.page_numbers == "bottom":
            ws.oddFooter.right.text = "หน้า &P จาก &N"
            ws.oddFooter.right.font, ws.oddFooter.right.size = look.font, small

    def _cell(self, first: int, last: int, text: str, size: float, bold: bool,
              align: str, border: bool, rows: int = 1) -> None:
        ws, r = self.ws, self.row
        cell = ws.cell(row=r, column=first)
        cell.value = text
        cell.data_type = "s"  # "85.40" stays as typed, not the number 85.4
        cell.font = Font(name=self.look.font, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
        if last > first or rows > 1:
            ws.merge_cells(start_row=r, start_column=first, end_row=r + rows - 1,
                           end_column=last)
        if border:
            for rr in range(r, r + rows):
                for c in range(first, last + 1):
                    ws.cell(row=rr, column=c).border = BOX

    def para(self, p: Para) -> None:
        size = self.look.size + SIZE.get(p.style, 0.0)
        bold = p.style in ("title", "heading")
        if p.space_before >= 2:  # a blank spacer row, as spreadsheet users make room
            self.ws.row_dimensions[self.row].height = p.space_before * 2.83
            self.row += 1
        first = 1 + min(GRID // 2, round(p.indent / self.col_mm)) if p.indent else 1
        if p.align == "C" and p.style == "body" and self.look.signature_right:
            first = 1 + round(GRID * 0.4)
        align = H_ALIGN[p.align]
        if p.style == "body" and p.align == "L" and len(p.text) > 80 and self.look.justify != "left":
            align = "justify"
        self._cell(first, GRID, p.text, size, bold, align, False)
        lines = _lines(p.text, (GRID - first + 1) * self.col_mm, self.look, size, bold)
        self.ws.row_dimensions[self.row].height = lines * _line_pt(self.look, size) + 2
        self.row += 1

    def table(self, t: XTable) -> None:
        size = self.look.size + t.size_delta
        spans = _spans(t.widths, GRID)
        ruled = t.ruled
        self.row += 1  # a blank row before a table
        head_first = self.row
        merged = {(r, c): n for r, c, n in t.merges}
        covered = {(r + k, c) for r, c, n in t.merges for k in range(1, n)}
        all_rows = [(True, r) for r in t.header] + [(False, r) for r in t.rows]
        for i, (is_head, cells) in enumerate(all_rows):
            body_i = i - len(t.header)
            lines = 1
            for j, ((a, b), text) in enumerate(zip(spans, cells)):
                if not is_head and (body_i, j) in covered:
                    continue
                n = 1 if is_head else merged.get((body_i, j), 1)
                align = "center" if is_head else ("right" if text and _NUMBER.match(text) else "left")
                self._cell(a, b, text, size, is_head, align, ruled, n)
                if n == 1:
                    lines = max(lines, _lines(text, (b - a + 1) * self.col_mm, self.look, size,
                                              is_head))
            self.ws.row_dimensions[self.row].height = lines * _line_pt(self.look, size) + 3
            self.row += 1
        if t.header and t.repeat_header and head_first == 2:  # the sheet holds this table only
            self.ws.print_title_rows = f"{head_first}:{head_first + len(t.header) - 1}"

    def close(self) -> None:
        if self.row > 1:
            self.ws.print_area = f"A1:{get_column_letter(GRID)}{self.row - 1}"


def render_xlsx(look: Look, blocks: list, path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    sheets: list[_Sheet] = []

    def new(landscape: bool) -> _Sheet:
        if sheets and sheets[-1].row == 1:  # an empty sheet is replaced, not left blank
            wb.remove(sheets.pop().ws)
        sheets.append(_Sheet(wb, look, landscape, len(wb.worksheets) + 1))
        return sheets[-1]

    cur = new(False)
    for b in blocks:
        if isinstance(b, PageBreak):
            cur = new(False) if cur.row > 1 else cur
        elif isinstance(b, Para):
            cur.para(b)
        elif b.landscape:
            new(True).table(b)
            cur = new(False)
        else:
            cur.table(b)
    if len(sheets) > 1 and sheets[-1].row == 1:
        wb.remove(sheets.pop().ws)
    for n, s in enumerate(sheets, 1):
        s.ws.title = f"แผ่นที่ {n}"
        s.close()
    wb.save(str(path))
