"""Make calc_sheet.pdf: a workbook typed the way agencies lay a report out in a spreadsheet
(openpyxl), printed by LibreOffice Calc headless. Page 1: a bold title (Kinnari Bold,
whose subset Calc writes with the sara aa glyph unmapped after its first use inside ำ),
a ranked list of indicators in a smaller type without rules, then a paragraph in the
body type; a ruled two-year table whose tool cell is merged down over its rows, with a
manual page break inside the last tool's rows (Calc prints the merged cell on page 2
with side rules and no top). Page 2 also holds an OIT checklist whose status cell has
both boxes on one line ("☑ ดำเนินการ   ☐ ยังไม่ได้ดำเนินการ": Calc writes the boxes,
a fallback font's glyphs, after the line's Thai text).

    python tests/data/tables/make_calc_sheet.py [OUT_DIR]   (default: this folder)

Needs `soffice` with Calc; the committed PDF makes tests independent of it. The truth
is below: tests/test_sheet_layouts.py reads it from here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

TITLE = "สำนักงานศาลยุติธรรม รายงานการวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. 2567"
RANKED = [("๑. การเปิดเผยข้อมูล", "๙๗.๕๐"), ("๒. การป้องกันการทุจริต", "๙๓.๗๕"),
          ("๓. การแก้ไขปัญหาการทุจริต", "๙๐.๑๖"), ("๔. การปรับปรุงระบบการทำงาน", "๘๕.๐๒")]
AFTER_LIST = "จึงเรียนมาเพื่อโปรดทราบและพิจารณา"
HEADER = ["เครื่องมือ", "ตัวชี้วัด", "2566", "2567"]
# (tool, indicator, 2566, 2567); a tool's cell is merged down over its indicators
ROWS = [
    ("EIT", "6. คุณภาพการดำเนินงาน", "70.06", "87.87"),
    ("", "7. ประสิทธิภาพการสื่อสาร", "73.86", "76.87"),
    ("", "8. การปรับปรุงระบบการทำงาน", "69.52", "62.66"),
    ("OIT", "9. การเปิดเผยข้อมูล", "93.75", "80.00"),
    ("", "10. การป้องกันการทุจริต", "62.50", "85.00"),
]
SPANS = {0: 3, 3: 2}
BREAK_AFTER = 4  # table rows on page 1 (the page breaks inside OIT's merged cell)
# (code, item, done?)
OIT = [("O1", "โครงสร้างและอำนาจหน้าที่", True), ("O2", "ข้อมูลผู้บริหาร", False),
       ("O3", "ข้อมูลการติดต่อ", True)]


def status(done: bool) -> str:
    yes, no = ("☑", "☐") if done else ("☐", "☑")
    return f"{yes} ดำเนินการ   {no} ยังไม่ได้ดำเนินการ"


def workbook(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break

    wb = Workbook()
    ws = wb.active
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    for col, width in zip("ABCDEF", (12, 34, 12, 10, 18, 18)):
        ws.column_dimensions[col].width = width
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, small = Font(name="Kinnari", size=14), Font(name="Kinnari", size=11)
    top = Alignment(vertical="top", wrap_text=True)
    r = 1

    def put(row: int, col: int, text: str, font, border: bool = False) -> None:
        cell = ws.cell(row=row, column=col, value=text)
        cell.data_type = "s"
        cell.font, cell.alignment = font, top
        if border:
            cell.border = box

    put(r, 1, TITLE, Font(name="Kinnari", size=16, bold=True))
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    ws.row_dimensions[r].height = 48
    r += 2
    for name, score in RANKED:  # no rules: a list set in the table type
        put(r, 1, name, small)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        put(r, 4, "ได้รับคะแนน", small)
        put(r, 5, score, small)
        ws.cell(row=r, column=5).alignment = Alignment(horizontal="right", vertical="top")
        put(r, 6, "คะแนน", small)
        ws.row_dimensions[r].height = 24
        r += 1
    r += 1
    put(r, 1, AFTER_LIST, body)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    r += 2
    ws.row_dimensions[r - 1].height = 250  # the table's first rows near the page's foot
    for c, text in enumerate(HEADER, 1):
        put(r, c, text, Font(name="Kinnari", size=14, bold=True), border=True)
    r += 1
    first = r
    for i, row in enumerate(ROWS):
        for c, text in enumerate(row, 1):
            put(r, c, text, body, border=True)
        ws.row_dimensions[r].height = 26
        if i == BREAK_AFTER - 1:
            ws.row_breaks.append(Break(id=r))
        r += 1
    for i, n in SPANS.items():
        ws.merge_cells(start_row=first + i, start_column=1, end_row=first + i + n - 1, end_column=1)
    r += 1
    for c, text in enumerate(["ตัวชี้วัดย่อย", "รายการข้อมูล", "", "", "สถานะ"], 1):
        put(r, c, text, Font(name="Kinnari", size=14, bold=True), border=True)
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=6)
    r += 1
    for code, item, done in OIT:
        put(r, 1, code, body, border=True)
        put(r, 2, item, body, border=True)
        put(r, 5, status(done), body, border=True)
        for c in (3, 4, 6):
            ws.cell(row=r, column=c).border = box
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=6)
        ws.row_dimensions[r].height = 26
        r += 1
    ws.print_area = f"A1:F{r - 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(str(path))


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "calc_sheet.xlsx"
        workbook(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(src)],
                       check=True, capture_output=True, timeout=180)


if __name__ == "__main__":
    if shutil.which("soffice") is None:
        sys.exit("soffice is not installed")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
