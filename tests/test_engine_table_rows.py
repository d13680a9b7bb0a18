"""Table rows on scans of documents other engines made (issue 17): numbers a narrow cell
broke after their point or inside a year, a tool cell merged over rows that the page cuts,
OIT checklist codes whose O OCR garbled, and a code the page break split."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract.context import DocContext
from pipeline.extract.oit import _checklist_codes
from pipeline.extract.scores import extract_scores
from pipeline.extract.table_rows import TableRow, _row_tables
from pipeline.ocr import lines as ocr_lines
from pipeline.ocr import page as ocr_reader
from pipeline.ocr import tables as ocr_tables
from pipeline.ocr.lines import build_text
from pipeline.ocr.settings import OcrWord
from pipeline.segment import O43, Document, Line


def letters(text: str, x: int, top: int, line: int, step: int = 30, h: int = 40):
    return [OcrWord(ch, 90.0, x + i * step, top, step - 4, h, 1, 1, line, i + 1) for i, ch in enumerate(text)]


def _font(size: int):
    return ImageFont.truetype("/usr/share/fonts/truetype/tlwg/Laksaman.ttf", size)


def test_a_number_broken_after_its_point_or_inside_a_year_is_one_number():
    # Chromium breaks Thai digits anywhere in a narrow cell: ๘๗.๓ over ๙, ๒๕๖ over ๖
    assert ocr_lines._wrapped_number(["๘๗.๓", "๙"]) == "๘๗.๓๙"
    assert ocr_lines._wrapped_number(["๘๗.", "๓๙"]) == "๘๗.๓๙"
    assert ocr_lines._wrapped_number(["๒๕๖", "๖"]) == "๒๕๖๖"
    assert ocr_lines._wrapped_number(["25", "67"]) == "2567"
    # two whole numbers stacked in one cell stay two
    assert ocr_lines._wrapped_number(["๘๗.๓๙", "๖๕.๔๕"]) is None
    assert ocr_lines._wrapped_number(["2566", "2567"]) is None
    assert ocr_lines._wrapped_number(["85", "50"]) is None  # neither a score with decimals nor a year
    assert ocr_lines._wrapped_number(["๙๗.๓", "๙๙"]) is None  # 97.399: no score
    assert ocr_lines._wrapped_number(["๒๕๖", "ซ"]) is None


def test_cells_of_a_broken_year_and_score_read_as_one_number_each():
    im = Image.new("L", (1000, 400), 255)
    d = ImageDraw.Draw(im)
    for y in (50, 200, 350):
        d.line([(50, y), (950, y)], fill=0, width=3)
    for x in (50, 500, 950):
        d.line([(x, 50), (x, 350)], fill=0, width=3)
    rules = ocr_tables.find_rules(im)
    # a cell's first line filling the narrow cell, the rest short under it
    words = (letters("๒๕๖", 70, 70, 1, step=45) + letters("๖", 70, 130, 2)
             + letters("๘๗.๓", 70, 220, 3, step=45) + letters("๙", 70, 280, 4)
             + letters("๖๕.๔", 520, 220, 3, step=45) + letters("๕", 520, 280, 4))
    assert build_text(words, rules).split("\n") == ["๒๕๖๖\t", "๘๗.๓๙\t๖๕.๔๕"]


def test_a_broken_numbers_last_digit_read_as_a_letter_is_read_again():
    # a two-year table's header cell: ๒๕๖ over ๗, and Tesseract (no ๗ in its Thai
    # model) gives ซ for the ๗
    im = Image.new("L", (1600, 300), 255)
    d = ImageDraw.Draw(im)
    for y in (20, 280):
        d.line([(20, y), (400, y)], fill=0, width=3)
    for x in (20, 400):
        d.line([(x, 20), (x, 280)], fill=0, width=3)
    d.text((40, 40), "๒๕๖", font=_font(60), fill=0)
    d.text((40, 140), "๗", font=_font(60), fill=0)

    def ink_box(y0, y1):
        pts = np.argwhere(np.asarray(im)[y0:y1, 30:390] < 128)
        (top, left), (bottom, right) = pts.min(axis=0) + (y0, 30), pts.max(axis=0) + (y0, 30)
        return int(left), int(top), int(right - left), int(bottom - top)

    head, tail = ink_box(30, 130), ink_box(130, 260)
    words = [OcrWord("๒๕๖", 92.0, *head, 1, 1, 1, 1), OcrWord("ซ", 70.0, *tail, 1, 1, 2, 1)]
    rules = ocr_tables.find_rules(im)
    fixed = ocr_reader.reread_wrapped_scores(ocr_tables.erase_rules(im, rules), words, rules)
    assert [w.text for w in fixed] == ["๒๕๖", "๗"]
    assert build_text([w for w in fixed if w.text], rules) == "๒๕๖๗"
    # a word that is no digit's stays as read
    im2 = Image.new("L", (1600, 300), 255)
    d2 = ImageDraw.Draw(im2)
    for y in (20, 280):
        d2.line([(20, y), (400, y)], fill=0, width=3)
    for x in (20, 400):
        d2.line([(x, 20), (x, 280)], fill=0, width=3)
    d2.text((40, 40), "๒๕๖", font=_font(60), fill=0)
    d2.text((40, 140), "ก", font=_font(60), fill=0)
    fixed = ocr_reader.reread_wrapped_scores(ocr_tables.erase_rules(im2, rules), words, rules)
    assert [w.text for w in fixed] == ["๒๕๖", "ซ"]


def _cut_grid() -> Image.Image:
    """A CSS grid cut by the page at y 600: the tool cell (x 50-200) merged over the
    indicator rows runs on to the cut, the rows beside it end at y 300 (the next row's
    cells are drawn on the next page): two vertical rules alone reach the cut."""
    im = Image.new("L", (1000, 700), 255)
    d = ImageDraw.Draw(im)
    d.line([(50, 50), (950, 50)], fill=0, width=3)
    d.line([(50, 150), (950, 150)], fill=0, width=3)
    d.line([(200, 300), (950, 300)], fill=0, width=3)
    for x in (50, 200):
        d.line([(x, 50), (x, 600)], fill=0, width=3)
    for x in (650, 950):
        d.line([(x, 50), (x, 300)], fill=0, width=3)
    return im


def test_a_merged_cell_alone_at_the_pages_cut_is_closed():
    im = _cut_grid()
    rules = ocr_tables.close_open_tables(ocr_tables.find_rules(im))
    words = (letters("ชื่อ", 60, 80, 1) + letters("คะแนน", 220, 80, 1) + letters("ปี", 670, 80, 1)
             + letters("ไอที", 60, 170, 2) + letters("ตัวหนึ่ง", 220, 170, 2) + letters("สอง", 670, 170, 2))
    assert build_text(words, rules).split("\n") == ["ชื่อ\tคะแนน\tปี", "ไอที\tตัวหนึ่ง\tสอง"]
    # without the closing rule the tool's name is a loose line that breaks the table
    assert build_text(words, ocr_tables.find_rules(im)).split("\n")[1] == "ไอที"


def test_two_rules_of_no_table_get_no_closing_rule():
    # a frame's two sides ending together under one rule: no table of three columns
    im = Image.new("L", (1000, 700), 255)
    d = ImageDraw.Draw(im)
    d.line([(50, 150), (950, 150)], fill=0, width=3)
    for x in (50, 950):
        d.line([(x, 150), (x, 600)], fill=0, width=3)
    rules = ocr_tables.find_rules(im)
    assert ocr_tables.close_open_tables(rules).horizontal == rules.horizontal


def _row(code: str) -> TableRow:
    cells = [code, "ข้อมูลตามแบบตรวจ", "กองคลัง", "☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ"]
    return TableRow(cells=cells, roles=["codes", None, "responsible", "status"], page=1, raw="\t".join(cells))


def test_checklist_codes_whose_o_ocr_garbled_follow_the_numbering():
    # the list's last rows: no code after them to fill a gap from
    rows = [_row(c) for c in ("O๘", "O๙", "0 ๑๐", "Oo ๑๑", "เ @, ๑๒", "6) ๑๓")]
    got = [(code, inferred) for _, code, inferred in _checklist_codes(rows)]
    assert got == [("O8", False), ("O9", False), ("O10", True), ("O11", True), ("O12", True), ("O13", True)]
    # its first rows, read back from the first code OCR read whole
    rows = [_row(c) for c in ("๐ ๑", "Oo ๒", "O๓")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O1", "O2", "O3"]
    # a code with no number left between two taken ones fills its gap
    rows = [_row(c) for c in ("O๑๓", "ว", "๑ ๑๕")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O13", "O14", "O15"]
    # a number that does not go on from the code before it is not taken
    rows = [_row(c) for c in ("O๘", "O๙", "0 ๓๐")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O8", "O9", None]
    # nor one with no code decided on either side
    assert [code for _, code, _ in _checklist_codes([_row("0 ๑๐"), _row("Oo ๑๑")])] == [None, None]


def _line(text: str, page: int, top: float) -> Line:
    return Line(page_no=page, text=text, bbox=(0.1, top, 0.9, top + 0.02))


def test_a_code_broken_by_the_page_is_one_row():
    lines = [
        _line("ตัวชี้วัดย่อย\tรายการข้อมูล\tผู้รับผิดชอบ\tสถานะ", 3, 0.1),
        _line("O๙\tข้อมูลตามแบบตรวจ ข้อ 9\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", 3, 0.2),
        _line("O๑๐\tข้อมูลตามแบบตรวจ ข้อ 10\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", 3, 0.3),
        _line("๐\tข้อมูลตามแบบตรวจ ข้อ 11\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้", 3, 0.9),
        _line("ตัวชี้วัดย่อย\tรายการข้อมูล\tผู้รับผิดชอบ\tสถานะ", 4, 0.1),
        _line("๑๑\t\t\tดำเนินการ", 4, 0.15),
        _line("O๑๒\tข้อมูลตามแบบตรวจ ข้อ 12\tกองคลัง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", 4, 0.2),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["O๙", "O๑๐", "๐ ๑๑", "O๑๒"]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O9", "O10", "O11", "O12"]
    # a row of its own on the next page (its code whole above) is not merged
    lines[3] = _line("O๑๑\tข้อมูลตามแบบตรวจ ข้อ 11\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้", 3, 0.9)
    lines[5] = _line("๑๒\t\t\tดำเนินการ", 4, 0.15)
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["O๙", "O๑๐", "O๑๑", "๑๒", "O๑๒"]


def test_letter_stems_stacked_inside_a_cell_are_no_column_edge():
    # a three-line header cell at 200 dpi: the stems of ร over ร join into one stroke of
    # 90 px that meets neither rule of its row; snapped to them it split the cell in two
    im = Image.new("L", (1000, 600), 255)
    d = ImageDraw.Draw(im)
    for y in (50, 300, 550):
        d.line([(50, y), (950, y)], fill=0, width=3)
    for x in (50, 500, 950):
        d.line([(x, 50), (x, 550)], fill=0, width=3)
    d.line([(250, 120), (250, 210)], fill=0, width=2)  # the stems, inside the cell
    d.line([(700, 300), (700, 420)], fill=0, width=3)  # a column edge that faded below
    xs = sorted(round((v.x0 + v.x1) / 2) for v in ocr_tables.find_rules(im).vertical)
    assert not any(240 <= x <= 260 for x in xs)
    assert any(690 <= x <= 710 for x in xs)


def test_a_tool_score_whose_last_digit_wrapped_with_the_label_is_one_number():
    # a borderless row: the label's cell wraps "…ส่วนเสีย" / "ภายนอก(EIT)", the narrow
    # score cell ๘๕.๘ / ๑ and คะแน / น; OCR gives each text line as a line
    doc = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม ๘๕.๘ คะแน",
        "ภายนอก(EIT)\t๑ น",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม ๘๑.๒๓ คะแน",
        "ภายใน (IIT)\t\tน",
    )))
    got = extract_scores(DocContext(doc, "f" * 64, "ffffffffffffffff-0", 2565))
    assert {t.tool: t.score for t in got.tool_scores} == {"EIT": 85.81, "IIT": 81.23}
    # digits that would make no score of two decimals are not joined: no value is made up
    doc = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม ๘๕.๘ คะแน", "ภายนอก(EIT)\t๑๒ น")))
    got = extract_scores(DocContext(doc, "f" * 64, "ffffffffffffffff-0", 2565))
    assert not [t for t in got.tool_scores if t.score not in (85.8,)]


def test_a_misread_number_in_a_run_of_garbled_codes_keeps_the_count():
    # ๓๖ read as ๓๐ in the middle of the list's last rows: the rows after it still count on
    rows = [_row(c) for c in ("O๓๕", "0 ๓๐", "๐0 ๓๗", "0 ๓๘")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O35", "O36", "O37", "O38"]
    # a row lost between them shifts the count: the numbers no longer fit and are not taken
    rows = [_row(c) for c in ("O๓๕", "0 ๓๗", "0 ๓๙")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O35", None, None]


def test_a_row_numbered_after_the_row_above_starts_a_row_on_the_next_page():
    # its indicator's heading OCR garbled ("วชีวัดที๔", its ตั lost): still a row of its
    # own, for its row number follows the one above (the first row's read "๑-")
    header = "ลำดับ\tตัวชี้วัด\tมาตรการ\tกำหนดเวลา\tหน่วยงานที่รับผิดชอบ\tสถานะการดำเนินการ"
    lines = [
        _line(header, 1, 0.1),
        _line("๑-\tตัวชี้วัดที่๑ การปฏิบัติหน้าที่\tกำชับเจ้าหน้าที่\tต.ค. ๖๖\tกองช่าง\tดำเนินการแล้ว", 1, 0.2),
        _line("๒\tตัวชี้วัดที่๒ การใช้งบประมาณ\tเปิดโอกาสให้ตรวจสอบ\tต.ค. ๖๖\tกองคลัง\tดำเนินการแล้ว", 1, 0.4),
        _line("๓\tตัวชี้วัดที่๓ การใช้อำนาจ\tประกาศหลักเกณฑ์\tต.ค. ๖๖\tกองคลัง\tดำเนินการแล้ว", 1, 0.7),
        _line(header, 2, 0.1),
        _line("๔\tวชีวัดที๔ การใช้ ทรัพย์สินของราชการ\tจัดทำแนวปฏิบัติ\tต.ค. ๖๖\tกองช่าง\tดำเนินการแล้ว", 2, 0.2),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["๑-", "๒", "๓", "๔"]


def test_an_indicator_cell_whose_heading_ocr_left_no_thai_letter_of_is_named_by_its_name():
    from pipeline.extract.measures import indicator_of

    def row(cell: str) -> TableRow:
        return TableRow(cells=["7", cell, "เพิ่มช่องทางเผยแพร่ข้อมูล"], roles=["row_no", "indicator", "measure"],
                        page=1, raw="")

    # "ตัวชี้วัดที่ ๗" read as "mai ๓": the name decides, not the misread number
    assert indicator_of(row("mai ๓ ประสิทธิภาพ การสือสาร"), 2567) == 7
    assert indicator_of(row("xx ๓ คุณภาพ"), 2567) is None  # too little of a name to be sure


def test_specks_before_a_header_cell_do_not_change_its_role():
    from pipeline.extract.table_rows import header_role

    # a bold header's upper marks read as "๗" before แนวทางปฏิบัติ: still the steps
    # column, not a second measure column (its steps were glued to the measure)
    assert header_role("๗ แนวทางปฏิบัติ") == "steps"
    assert header_role("แนวทางการพัฒนา") == "measure"
    assert header_role("a ที่") == "row_no"


def test_a_row_whose_heading_lost_its_number_goes_on_over_the_page():
    # "ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต" broke at the page as "ตัวชีวัดที การแก้ไข" (its
    # number lost to OCR) / "ปัญหาการ ทุจริต": one row, not a row with no indicator
    header = "ตัวชี้วัด\tมาตรการ\tผู้รับผิดชอบ\tกำหนดเวลา\tความก้าวหน้าผลการดำเนินการ\tหมายเหตุ"
    lines = [
        _line(header, 1, 0.1),
        _line("ตัวชีวัดที๓ การใช้อำนาจ\tประกาศหลักเกณฑ์\tกองคลัง\tต.ค. ๖๖\t☑ ดำเนินการ\t", 1, 0.3),
        _line("ตัวชีวัดท๔ การใช้ ทรัพย์สิน\tจัดทำแนวปฏิบัติ\tกองช่าง\tต.ค. ๖๖\t☑ ดำเนินการ\t", 1, 0.5),
        _line("ตัวชีวัดที การแก้ไข\tประชาสัมพันธ์ ช่องทางร้อง\tกองคลัง\tต.ค. ๖๖\t☑ ดำเนินการ ☐ ยังไม่ได้\t", 1, 0.9),
        _line("ปัญหาการ ทุจริต\tเรียนการทุจริต\t\t\tดำเนินการ\t", 2, 0.1),
        _line("ตัวชีวัดที๖ คุณภาพการดำเนินงาน\tปรับปรุงมาตรฐาน\tสำนักปลัด\tต.ค. ๖๖\t☑ ดำเนินการ\t", 2, 0.3),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["ตัวชีวัดที๓ การใช้อำนาจ", "ตัวชีวัดท๔ การใช้ ทรัพย์สิน",
                                          "ตัวชีวัดที การแก้ไข ปัญหาการ ทุจริต", "ตัวชีวัดที๖ คุณภาพการดำเนินงาน"]
    # a row whose own heading lost its number too starts a row of its own
    lines[4] = _line("ตัวชีวัดที คุณภาพการดำเนินงาน\tติดประกาศเวลาให้บริการ\tสำนักปลัด\tต.ค. ๖๖\t☑ ดำเนินการ\t", 2, 0.1)
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert len(rows) == 5


def test_a_row_with_a_whole_period_of_its_own_is_no_rest_of_the_row_above():
    # the first row of a page whose heading OCR garbled ("AIM IAN 8" for ตัวชี้วัดที่ 8):
    # its period runs from start to end, as the row above's does: two rows
    header = "ตัวชี้วัดการประเมิน\tแนวทางในการยกระดับ\tระยะเวลาดำเนินการ\tผู้รับผิดชอบ\tสถานะการดำเนินการ"
    lines = [
        _line(header, 2, 0.1),
        _line("ตัวชีวัดที5 การแก้ไข ปัญหาการทุจริต\tประกาศเจตจำนงสุจริต\tต .ค. 63 ถึง ก.ย. 64\tกองคลัง\t☑ ดำเนินการ", 2, 0.3),
        _line("ตัวชีวัดที6คุณภาพการ ดำเนินงาน\tปรับปรุงการให้บริการ\t1 ตุลาคม 2563 ถึง 30 กันยายน 2564\tกองคลัง\t☑ ดำเนินการ", 2, 0.5),
        _line("ตัวชี้วัดที7 ประสิทธิภาพ การสือสาร\tเพิ่มช่องทางเผยแพร่\tต.ค. 63 ถึง ก.ย. 64\tกองช่าง\t☑ ดำเนินการ", 2, 0.8),
        _line("AIM IAN 8 การปรับปรุง ระบบการทำงาน\tพัฒนาระบบ E-Service\t1 ตุลาคม 2563 ถึง 30 กันยายน 2564\tกองคลัง\tดำเนินการแล้ว", 3, 0.1),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert len(rows) == 4
    # a period the page broke ("1 ตุลาคม 2563 ถึง" / "30 กันยายน 2564") still joins its row
    lines[3] = _line("ตัวชี้วัดที7 ประสิทธิภาพ การสือสาร\tเพิ่มช่องทางเผยแพร่\t1 ตุลาคม 2563 ถึง\tกองช่าง\t☑ ดำเนินการ", 2, 0.8)
    lines[4] = _line("การสื่อสาร\t\t30 กันยายน 2564\t\t", 3, 0.1)
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert len(rows) == 3 and rows[-1].cells[2] == "1 ตุลาคม 2563 ถึง 30 กันยายน 2564"


def test_a_measure_cells_first_step_with_its_point_spaced_off_starts_the_steps():
    from pipeline.extract.measures import split_steps

    # one column "มาตรการ/วิธีการปฏิบัติ": OCR read "1." as "1 ."
    assert split_steps("ประชุมคณะทำงานวิเคราะห์ผล 1 . เผยแพร่ประกาศ 2. กำกับติดตาม") == (
        "ประชุมคณะทำงานวิเคราะห์ผล", "1 . เผยแพร่ประกาศ 2. กำกับติดตาม")
    assert split_steps("จัดสรรงบประมาณ 1.5 ล้านบาท") == ("จัดสรรงบประมาณ 1.5 ล้านบาท", None)


def test_a_header_row_cut_by_the_page_break_is_one_header():
    # Word breaks the header row itself: the upper line of every header cell ends page 1,
    # the rest opens page 2 under the running header; neither part names enough roles
    lines = [
        _line("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", 1, 0.85),
        _line("ตัวชี้วัด/ข้อ\tประเด็นที่\tแนวทางการ\tขั้น\tผลผ\tกำหนด\tผู้รั", 1, 0.93),
        _line("การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๗", 2, 0.02),
        _line("คำถาม\tต้องพัฒนา\tพัฒนา\tตอน/ วิธีการปฏิบัติ\tลิต/ ผลลัพธ์\tเวลาแล้ว เสร็จ\tบ ผิดชอบ/ผู้กำกับติดตาม", 2, 0.1),
        _line("ตัวชี้วัดที่ 4 การใช้ทรัพย์สิน I21\tขั้นตอนการขอยืมยังไม่สะดวก\tจัดทำแนวปฏิบัติการยืม"
              "\t1. แต่งตั้งคณะทำงาน\tผ่านเกณฑ์\t1 ตุลาคม 2567 ถึง 30 กันยายน 2568\tกองคลัง", 2, 0.2),
        _line("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร E9 E10\tยังชี้แจงได้ไม่ชัดเจน\tเพิ่มช่องทางเผยแพร่"
              "\t1. เผยแพร่ประกาศ\tผ่านเกณฑ์\tปีงบประมาณ พ.ศ. 2568\tสำนักปลัด", 2, 0.4),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.roles for r in rows] == [["codes", "issue", "measure", "steps", "result", "period", "responsible"]] * 2
    assert [r.by_role("issue") for r in rows] == ["ขั้นตอนการขอยืมยังไม่สะดวก", "ยังชี้แจงได้ไม่ชัดเจน"]
    # a whole header at a page's foot keeps the data row that opens the next page, short
    # cells and all
    lines[1] = _line("ตัวชี้วัด/ข้อคำถาม\tประเด็นที่ต้องพัฒนา\tแนวทางการพัฒนา\tขั้นตอน/วิธีการปฏิบัติ"
                     "\tผลผลิต/ผลลัพธ์\tกำหนดเวลาแล้วเสร็จ\tผู้รับผิดชอบ", 1, 0.93)
    lines[3] = _line("การใช้ทรัพย์สิน\tยืมไม่สะดวก\tทำแนวปฏิบัติ\tแต่งตั้งคณะทำงาน\tผ่านเกณฑ์\tทั้งปี\tกองคลัง", 2, 0.1)
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[1] for r in rows] == ["ยืมไม่สะดวก", "ขั้นตอนการขอยืมยังไม่สะดวก", "ยังชี้แจงได้ไม่ชัดเจน"]


def test_the_last_codes_of_a_heading_cell_wrapped_onto_the_page_are_its_row():
    header = "ตัวชี้วัด/ข้อคำถาม\tประเด็นที่ต้องพัฒนา\tแนวทางการพัฒนา\tขั้นตอน/วิธีการปฏิบัติ\tผู้รับผิดชอบ"
    lines = [
        _line(header, 3, 0.1),
        _line("ตัวชี้วัดที่ 8 การปรับปรุง E11 E14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\t1. สำรวจ\tกองสวัสดิการ", 3, 0.3),
        _line("ตัวชี้วัดที่ 10 การป้องกันการทุจริต O38 O40\tยังไม่ครอบคลุม\tประเมินความ\t1. เผยแพร่\tกองสวัสดิการ", 3, 0.8),
        _line("O43\t\tเสี่ยง\t2. กำกับติดตาม\tสังคม", 4, 0.1),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["ตัวชี้วัดที่ 8 การปรับปรุง E11 E14",
                                          "ตัวชี้วัดที่ 10 การป้องกันการทุจริต O38 O40 O43"]
    # a row of its own (its issue cell filled anew) under a code column is not merged
    lines[3] = _line("O43\tไม่มีแผน\tจัดทำแผน\t1. ประชุม\tสำนักปลัด", 4, 0.1)
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows][-1] == "O43"


def test_a_garbled_checklist_code_counts_under_a_header_ocr_garbled_too():
    # the code column's header read "aos วัดย่อย" (ตัวชี้วัดย่อย): no column is named codes,
    # yet the rows' codes go on O๒๔, ว ๒๕ (its O read as ว), O ๒๖
    def row(code: str) -> TableRow:
        cells = [code, "ข้อมูลตามแบบตรวจ", "กองคลัง", "☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ"]
        return TableRow(cells=cells, roles=[None, None, "responsible", "status"], page=1, raw="\t".join(cells))

    rows = [row(c) for c in ("O ๒๔", "ว ๒๕", "O ๒๖", "ว ๒๗")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O24", "O25", "O26", "O27"]
    # a row without boxes or number is no checklist item
    rows = [row("O ๒๔"), TableRow(cells=["ว ๒๕", "หมายเหตุ", "", ""], roles=[None, None, "responsible", "status"],
                                  page=1, raw=""), row("O ๒๖")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O24", "O26"]


def test_a_code_read_whole_but_out_of_the_lists_order_takes_its_place():
    # O๘ read "O6" between O๗ and O๙: a second O6, dropped; its place says O8
    rows = [_row(c) for c in ("O๕", "O๖", "O๗", "O6", "O๙")]
    got = [(code, inferred) for _, code, inferred in _checklist_codes(rows)]
    assert got == [("O5", False), ("O6", False), ("O7", False), ("O8", True), ("O9", False)]
    # a list that skips items keeps what it says: no single place between its neighbours
    rows = [_row(c) for c in ("O๕", "O๖", "O๙", "O๑๒")]
    assert [code for _, code, _ in _checklist_codes(rows)] == ["O5", "O6", "O9", "O12"]


def test_a_data_row_at_a_pages_foot_is_no_header_cut_in_two():
    # the last row of page 4 over the header Word repeats at page 5's top: joined cell by
    # cell they name roles as a header would ("4 ที่", "… ประเด็นตัวชี้วัด"); the row stays
    header = "ที่\tประเด็นตัวชี้วัด\tมาตรการส่งเสริม คุณธรรม\tผู้รับผิดชอบ\tกำหนดเวลา แล้วเสร็จ\tผลการดำเนินงาน"
    lines = [
        _line(header, 4, 0.1),
        _line("3\tตัวชี้วัดที่ 3 การใช้อำนาจ\tกำหนดหลักเกณฑ์การมอบหมายงาน\tกองสวัสดิการสังคม"
              "\tต.ค. 67 ถึง ก.ย. 68\tอยู่ระหว่างดำเนินการ", 4, 0.5),
        _line("4\tตัวชี่วัดที ๔ การใช้\tจัดทำทะเบียนควบคุม\tหน่วยตรวจ สอบภายใน"
              "\t๑ ตุลาคม ๒๕๖๗ ถึง๓๐-\tอยู่ระหว่างดำเนินการ", 4, 0.9),
        _line(header, 5, 0.1),
        _line("\tทรัพย์สินของราชการ\tการยืมทรัพย์สิน\t\tกันยายน ๒๕๖๘\t", 5, 0.2),
    ]
    rows = _row_tables(Document(0, O43, tuple(lines)))
    assert [r.cells[0] for r in rows] == ["3", "4"]
    assert rows[1].cells[1] == "ตัวชี่วัดที ๔ การใช้ ทรัพย์สินของราชการ"
