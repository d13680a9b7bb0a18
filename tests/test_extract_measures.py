"""Measures rows and OIT checklist items: golden tests per table shape, and the seeds.

Seed expectations below were written by reading ../shared/seeds/*.txt line by line
(line numbers cited), not from this code's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.extract.context import DocContext
from pipeline.extract.measures import extract_measures, parse_status
from pipeline.extract.oit import extract_oit_items
from pipeline.readers.text import read_text
from pipeline.segment import Document, Line

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def doc_of(*pages: str, doc_type: str = "o43_implementation_report") -> Document:
    lines = tuple(Line(no, text) for no, page in enumerate(pages, 1) for text in page.split("\n") if text.strip())
    return Document(0, doc_type, lines)


def measures(*pages: str, fy: int | None = 2566):
    return extract_measures(DocContext(doc_of(*pages), "f1", "r1", fy))


def oit(*pages: str, fy: int | None = 2566):
    return extract_oit_items(DocContext(doc_of(*pages), "f1", "r1", fy))


# ---------------------------------------------------------------- shapes

def test_tab_table_one_row_per_measure_with_codes_period_and_responsible():
    res = measures(
        "ประเด็นที่ต้องพัฒนา\tมาตรการ/ขั้นตอน/วิธีการปฏิบัติ\tการดำเนินการ/รายงาน\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\n"
        "i๑ ประเด็น เจ้าหน้าที่ไม่เป็นไปตามขั้นตอน\tจัดทำคู่มือ (อ้างอิงจาก ๐๑๐)\tประชุมชี้แจง\tทุกกอง\tปีงบประมาณ พ.ศ.๒๕๖๘\n"
        "ประเด็นที่ต้องพัฒนา\tมาตรการ/ขั้นตอน/วิธีการปฏิบัติ\tการดำเนินการ/รายงาน\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\n"
        "E๔ e๕ ประเด็น เข้าถึงข้อมูลยาก\tปรับปรุงเว็บไซต์\tเผยแพร่\tสำนักปลัด\t1 ตุลาคม 2566 ถึง 30 กันยายน 2567"
    )
    assert [m.row_no for m in res.measures] == [1, 2]
    first, second = res.measures
    assert first.question_code == "I1" and first.question_codes == ["I1", "O10"]
    assert first.issue.startswith("i๑ ประเด็น") and first.measure.startswith("จัดทำคู่มือ")
    assert first.steps == "ประชุมชี้แจง" and first.responsible == "ทุกกอง"
    assert (first.period_start, first.period_end) == (date(2024, 10, 1), date(2025, 9, 30))
    assert second.question_codes == ["E4", "E5"]
    assert (second.period_start, second.period_end) == (date(2023, 10, 1), date(2024, 9, 30))
    assert res.flags == ()


def test_pipe_table_via_text_reader_with_checkboxes_and_indicator():
    text = (
        "| ตัวชี้วัด | แนวทางในการยกระดับการประเมิน | ผู้รับผิดชอบ | ระยะเวลา | ความก้าวหน้าและผลการดำเนินการ |\n"
        "|---|---|---|---|---|\n"
        "| ตัวชี้วัดที่ 2 การใช้งบประมาณ | เผยแพร่แผนการใช้จ่าย | กองคลัง | ต.ค. 65 ถึง ก.ย. 66 |"
        ' <input type="checkbox"/> ยังไม่ได้ดำเนินการ <input checked="" type="checkbox"/> ดำเนินการ |\n'
        "| ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร | เปิดช่องทางรับฟัง | สำนักปลัด | ไตรมาสที่ ๑ |"
        ' <input checked="" type="checkbox"/> ยังไม่ได้ดำเนินการ <input type="checkbox"/> ดำเนินการ |\n'
    )
    pages = read_text(text.encode("utf-8"))
    doc = Document(0, "o43_implementation_report",
                   tuple(Line(p.page_no, t) for p in pages for t in p.text.split("\n") if t.strip()))
    res = extract_measures(DocContext(doc, "f1", "r1", 2566))
    assert [(m.indicator, m.status) for m in res.measures] == [(2, "done"), (7, "not_started")]
    assert res.measures[0].issue == "ตัวชี้วัดที่ 2 การใช้งบประมาณ"
    assert res.measures[0].question_codes == [] and res.measures[0].question_code is None
    assert (res.measures[1].period_start, res.measures[1].period_end) == (date(2022, 10, 1), date(2022, 12, 31))


def test_multi_code_cells_and_garbled_codes():
    res = measures(
        "ข้อคำถาม\tประเด็น\tมาตรการ\tผู้รับผิดชอบ\n"
        "I1, I2\tไม่เป็นไปตามขั้นตอน\tทบทวนคู่มือ\tสำนักปลัด\n"
        "O10 O11\tคู่มือไม่ครบ\tจัดทำคู่มือ\tสำนักปลัด\n"
        "04.2\tไม่มีมาตรการ\tวิเคราะห์ผล\tสำนักปลัด\n"
        "039\tประมวลจริยธรรม\tเผยแพร่\tสำนักปลัด"
    )
    assert [m.question_codes for m in res.measures] == [["I1", "I2"], ["O10", "O11"], ["O42"], ["O39"]]
    assert [m.question_code for m in res.measures] == ["I1", "O10", "O42", "O39"]


def test_issue_number_without_letter_takes_the_letter_of_the_row_above():
    res = measures(
        "ประเด็นที่ต้องพัฒนา\tมาตรการ\tผู้รับผิดชอบ\n"
        "i๑๒ ประเด็น การใช้ทรัพย์สิน\tตรวจสอบวัสดุ\tทุกกอง\n"
        "๑๕ ประเด็น เรื่องร้องเรียน\tทบทวนแนวปฏิบัติ\tทุกกอง"
    )
    assert [m.question_codes for m in res.measures] == [["I12"], ["I15"]]


def test_row_continued_on_the_next_page_is_merged():
    res = measures(
        "ลำดับ\tมาตรการ/กิจกรรม\tวิธีดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\tสถานะ\n"
        "1\tส่งเสริมคุณธรรม\t1. จัดอบรม\tต.ค. 65 ถึง ก.ย. 66\tสำนักปลัด\t",
        "-2-\n"
        "ลำดับ\tมาตรการ/กิจกรรม\tวิธีดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\tสถานะ\n"
        "\t\t2. ติดตามผล\t\tกองคลัง\tดำเนินการแล้ว\n"
        "2\tเปิดเผยข้อมูล\tเผยแพร่บนเว็บไซต์\tไตรมาสที่ ๒\tสำนักปลัด\tอยู่ระหว่างดำเนินการ",
    )
    assert len(res.measures) == 2
    first, second = res.measures
    assert first.steps == "1. จัดอบรม 2. ติดตามผล"
    assert first.responsible == "สำนักปลัด กองคลัง"
    assert first.status == "done" and first.page == 1
    assert second.row_no == 2 and second.status == "in_progress" and second.page == 2


def test_the_tops_of_a_line_cut_at_the_pages_foot_are_no_row():
    # a browser print cuts a row at the page's foot; the text layer keeps the upper glyphs
    # of its next line ("ไ็"), and the row's rest on the next page belongs to the row
    res = measures(
        "ลำดับ\tมาตรการ/กิจกรรม\tวิธีดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\n"
        "1\tแต่งตั้งผู้รับผิดชอบปรับปรุงข้อมูลบน\t1. เผยแพร่ประกาศ\tต.ค. 65 ถึง ก.ย. 66\tกองคลัง กอง\n"
        "ไ็\t\tไ็\t\t",
        "\tเว็บไซต์ให้เป็นปัจจุบันทุกเดือน\t2. ติดตามผล\t\tสาธารณสุข",
    )
    (row,) = res.measures
    assert row.measure == "แต่งตั้งผู้รับผิดชอบปรับปรุงข้อมูลบน เว็บไซต์ให้เป็นปัจจุบันทุกเดือน"
    assert row.steps == "1. เผยแพร่ประกาศ 2. ติดตามผล"


def test_a_rows_box_is_its_lines_on_its_first_page():
    header = "ลำดับ\tมาตรการ/กิจกรรม\tวิธีดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\tสถานะ"
    lines = (
        Line(1, header, (0.1, 0.20, 0.9, 0.25)),
        Line(1, "1\tส่งเสริมคุณธรรม\t1. จัดอบรม\tต.ค. 65\tสำนักปลัด\t", (0.1, 0.25, 0.9, 0.40)),
        Line(2, header, (0.1, 0.10, 0.9, 0.15)),
        Line(2, "\t\t2. ติดตามผล\t\tกองคลัง\tดำเนินการแล้ว", (0.1, 0.15, 0.9, 0.22)),
        Line(2, "2\tเปิดเผยข้อมูล\tเผยแพร่บนเว็บไซต์\tไตรมาสที่ ๒\tสำนักปลัด\t", (0.1, 0.22, 0.8, 0.30)),
        Line(2, "\t\tต่อ\t\t\t", (0.12, 0.30, 0.85, 0.33)),  # the same row's second line
    )
    res = extract_measures(DocContext(Document(0, "o43_implementation_report", lines), "f1", "r1", 2566))
    first, second = res.measures
    # continued on page 2, but the row is on page 1: its box is its page-1 line's
    assert (first.page, first.bbox) == (1, [0.1, 0.25, 0.9, 0.40])
    assert (second.page, second.bbox) == (2, [0.1, 0.22, 0.85, 0.33])
    # text has no geometry: no box
    assert measures(header + "\n1\tส่งเสริมคุณธรรม\t1. จัดอบรม\tต.ค. 65\tสำนักปลัด\t").measures[0].bbox is None


def test_sub_header_row_is_not_a_continuation():
    res = measures(
        "ลำดับ\tมาตรการ/กิจกรรม\tวิธีดำเนินการ\t\tผู้รับผิดชอบ\n"
        "\t\tรายละเอียด\tดำเนินการ\t\n"
        "1\tจัดอบรม\tอบรมบุคลากร\tสิงหาคม 2566\tสำนักปลัด"
    )
    assert len(res.measures) == 1 and res.measures[0].measure == "จัดอบรม"


def test_cell_per_line_table():
    res = measures(
        "\tประเด็น\n\tวิเคราะห์ผลการประเมิน\n\tวิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ\n(แนวทาง/มาตรการ)\n"
        "\tขั้นตอน / วิธีการปฏิบัติ\n\tระยะเวลาดำเนินการ\n\tหน่วยงานผู้รับผิดชอบ\n\tข้อคำถาม ITA\n"
        "\t(1) กระบวนการปฏิบัติงาน\n\tI1 เจ้าหน้าที่ปฏิบัติตามขั้นตอน\nI2 อย่างเท่าเทียม\ne1 หน่วยงานให้บริการ\n"
        "\tผู้รับบริการประเมินต่ำ\n\t๑. ทบทวนคู่มือ\n2. ปฏิบัติตามคู่มือ\n\t1. ถ่ายทอดตัวชี้วัด\n"
        "\t1 ตุลาคม 2566 ถึง 30 กันยายน 2567\n\tสำนักปลัด\nกองคลัง\n"
        "\t(2) การใช้ทรัพย์สิน\n\tI20 การยืมทรัพย์สิน\n\tไม่ทราบกระบวนการ\n\t๑. มีคู่มือ\n\t1. ทบทวน\n"
        "\t1 ตุลาคม 2566 ถึง 30 กันยายน 2567",
        fy=2566,
    )
    assert [m.question_codes for m in res.measures] == [["I1", "I2", "E1"], ["I20"]]
    first = res.measures[0]
    assert first.issue == "(1) กระบวนการปฏิบัติงาน\nผู้รับบริการประเมินต่ำ"
    assert first.measure == "๑. ทบทวนคู่มือ\n2. ปฏิบัติตามคู่มือ"
    assert first.steps == "1. ถ่ายทอดตัวชี้วัด" and first.responsible == "สำนักปลัด\nกองคลัง"
    assert res.measures[1].responsible is None


@pytest.mark.parametrize("text,status", [
    ("อยู่ระหว่างดำเนินการ", "in_progress"),
    ("ดำเนินการแล้ว", "done"),
    ("☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ - เผยแพร่แล้ว", "done"),
    ("☑ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ", "not_started"),
    ("ยังไม่ดำเนินการ", "not_started"),
    ("☐ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ", None),
    ("☑ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ", None),
    ("มีการประชุม", None),
    ("", None),
    # as OCR leaves them on scans: the ด of ดำเนิน dropped after a word, a space inside,
    # ไม่ without its mark
    ("อยู่ระหว่างำเนินการ -จัดประชุมชีแจง บุคลากรเรียบร้อย แล้ว", "in_progress"),
    ("อยู่ระหว่าง ดำเนินการ - ประชาสัมพันธ์ผ่าน Facebook", "in_progress"),
    ("☑ ยังไมได้ำเนินการ ☐ ดำเนินการ", "not_started"),
    ("☐ ยังไมได้ำเนินการ ☑ ดำเนินการ, -เผยแพร่ข้อมูลบน เว็บไซต์", "done"),
    # its ด read as ค (a 300-dpi Word scan): no Thai word starts คำเนิน
    ("☐ ยังไม่ได้ คำเนินการ ☑ คำเนินการ - จัดประชุมชีแจงบุคลากร", "done"),
    ("อยู่ระหว่าง คำเนินการ", "in_progress"),
])
def test_status_words_and_boxes(text, status):
    assert parse_status(text) == status


def test_score_tables_are_not_measures():
    res = measures(
        "ลำดับที่\tรายละเอียดตัวชี้วัด\tคะแนน\n1\tการปฏิบัติหน้าที่\t100.00\n"
        "เครื่องมือ\tตัวชี้วัด\t๒๕๖๖\t๒๕๖๗\tการเปลี่ยนแปลง\nIIT\t๑. การปฏิบัติหน้าที่\t๙๑.๔๓\t๘๔.๑๗\tลดลง"
    )
    assert res.measures == () and res.flags == ()


def test_unreadable_row_becomes_a_flag_and_the_rest_loads():
    res = measures(
        "ประเด็น\tมาตรการ\tผู้รับผิดชอบ\tหมายเหตุ\n"
        "\t\t\tเห็นควรติดตาม\n"  # right after the header, short: a sub-header, skipped
        "I1 ขั้นตอน\tทบทวนคู่มือ\tสำนักปลัด\t\n"
        "-\t\t\tหมายเหตุท้ายตาราง ที่ไม่ใช่มาตรการ"
    )
    assert [m.question_code for m in res.measures] == ["I1"]
    assert len(res.flags) == 1
    flag = res.flags[0]
    assert flag.kind == "parse_error" and flag.severity == "warning" and flag.page == 1
    assert "measures row" in flag.message and "มาตรการ" in flag.message
    assert "หมายเหตุท้ายตาราง" in flag.evidence


@pytest.mark.parametrize("junk", ["", "\t\t\t", "ประเด็น\tมาตรการ\n\t\t\t\t\t\t\t\n" * 3, "|||\t☑\t☐", "\x00\t\x00"])
def test_odd_input_never_raises(junk):
    extract_measures(DocContext(doc_of(junk), "f1", "r1", None))
    extract_oit_items(DocContext(doc_of(junk), "f1", "r1", None))


# ---------------------------------------------------------------- OIT checklists

def test_oit_items_codes_names_and_statuses():
    res = oit(
        "ข้อ\tข้อมูล\tองค์ประกอบด้านข้อมูล\tผู้รับผิดชอบ\tความก้าวหน้าผลการดำเนินการ\n"
        "O1\tโครงสร้าง\t- แผนผัง\tสำนักปลัด\t☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ - เผยแพร่แล้ว\n"
        "05\tข้อมูลการติดต่อ\t- ที่อยู่\t☐ สำนักปลัด\t☑ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ\n"
        "04.2\tมาตรการส่งเสริมคุณธรรม\t- วิเคราะห์\tสำนักปลัด\t☐ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ\n"
        "039\tประมวลจริยธรรม\t- แสดงประมวล\tสำนักปลัด\t☑ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ"
    )
    assert [(i.code, i.name_raw, i.status) for i in res.oit_items] == [
        ("O1", "โครงสร้าง", "done"),
        ("O5", "ข้อมูลการติดต่อ", "not_done"),
        ("O42", "มาตรการส่งเสริมคุณธรรม", None),
        ("O39", "ประมวลจริยธรรม", None),  # ticked both ways: left empty, flagged
    ]
    assert [f.kind for f in res.flags] == ["parse_error"]
    assert "O39" in res.flags[0].message
    # OIT rows are not measures
    assert extract_measures(DocContext(doc_of(
        "ข้อ\tข้อมูล\tผู้รับผิดชอบ\tความก้าวหน้า\nO1\tโครงสร้าง\tสำนักปลัด\t☑ ดำเนินการ"), "f", "r", 2566)).measures == ()


# ---------------------------------------------------------------- seeds

# Measures rows per seed, read from the files (line numbers of the seed file).
# Codes: the row's own codes in order of appearance, then the OIT codes its text refers
# to ("(อ้างอิงจาก ๐๑๐)" → O10), each once.
SEED_MEASURES = {
    "000_cdfbe1510e658d34.txt": [  # O42 analysis, doc 1: a header row repeated before every row
        ["I1", "O10", "O11"],  # l.261 "… ตัวชี้วัดที่ ๑ … i๑ ประเด็น …" refs ๐๑๐ ๐๑๑
        ["I2", "O13", "O10", "O11"],  # l.264 "i๒ ประเด็น" refs ๐๑๓ ๐๑๐ ๐๑๑
        ["I4", "O8"],  # l.267 "i๔" ref ๐๘
        ["I12", "O10"],  # l.270 "i๑๒" ref ๐๑๐
        ["I15", "O22", "O23"],  # l.273 "๑๕ ประเด็น" — letter lost in the file; I15 after the i-rows
        ["E1", "O10", "O11"],  # l.276 "(EIT Public) E๑ ประเด็น"
        ["E4"],  # l.279 "E๔ e๔" (the same code twice); refs are ตัวชี้วัดที่ ๙.x, not codes
        ["E7"],  # l.280 own row, responsible and period cells empty
        ["E8", "O25"],  # l.283
        ["E9", "O18"],  # l.284
        ["E1", "O10", "O11"],  # l.287 "(EIT Survey) E๑ ประเด็น"
        ["E2", "O13"],  # l.288
        ["E4", "E5", "O10", "O11"],  # l.291 "E๔ e๕"
        ["E8", "O25"],  # l.294
        ["E9", "O18"],  # l.295
    ],
    "001_4b81200ece022bbc.txt": [  # O42 analysis, one cell per line, rows (1)…(7)
        ["I1", "I2", "E1", "E2"],  # l.45-48 "I1 … I2 … e1 … e2 …"
        ["E12", "E13"],  # l.101, 104
        ["E6", "E7"],  # l.169-170
        ["I20"],  # l.209 (row (4) has no responsible cell)
        ["I8"],  # l.232
        ["I14"],  # l.286
        ["O42"],  # l.307
    ],
    "002_ad2d60b5a456bb61.txt": [  # O43 progress report: no question codes in its measures tables
        [], [], [],  # l.96, 100, 104: ลำดับ 1-3 (มาตรการ/กิจกรรม tables)
        [], [], [],  # l.108-110: ตัวชี้วัดที่ 1-3
        [], [],  # l.114-115: ตัวชี้วัดที่ 4-5
        [], [], [],  # l.119-121: ตัวชี้วัดที่ 6-8 (header's first cell garbled "ผ้าชีวภาพ")
    ],
}
# 002 l.108-121: every indicator row ticks "☑ ดำเนินการ"; rows 1-3 carry no status.
SEED_002_STATUSES = [None] * 3 + ["done"] * 8
SEED_002_INDICATORS_OF_ROWS_4_TO_11 = [1, 2, 3, 4, 5, 6, 7, 8]
# 002 l.127-251: OIT checklist O1…O43; codes printed 05-08 (l.134-137) and 04.2/04.3
# (l.250-251); every row ticks "ดำเนินการ". Ambiguities in the file itself: O12 (l.155)
# has two box pairs (both ticked "ดำเนินการ"); O13-O15 (l.156-158) have a stray unticked
# box in front of the responsible unit; the box column moves between tables.
SEED_002_OIT = {f"O{n}": "done" for n in range(1, 44)}


def _seed(name: str):
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not available")
    return extract(name, read_text(path.read_bytes()))


def test_seed_measures_recall_and_codes():
    expected_rows = found_rows = exact = 0
    for name, expected in SEED_MEASURES.items():
        got = [list(m.question_codes) for m in _seed(name).measures]
        expected_rows += len(expected)
        found_rows += min(len(got), len(expected))
        exact += sum(1 for e, g in zip(expected, got) if e == g)
        assert len(got) == len(expected), (name, got)
    recall = found_rows / expected_rows
    print(f"\nseed measures: {found_rows}/{expected_rows} rows (recall {recall:.3f}), "
          f"{exact}/{expected_rows} with exact question codes")
    assert recall >= 0.95 and exact / expected_rows >= 0.95


def test_seed_measures_fields():
    ex = _seed("002_ad2d60b5a456bb61.txt")
    assert [m.status for m in ex.measures] == SEED_002_STATUSES
    assert [m.indicator for m in ex.measures[3:]] == SEED_002_INDICATORS_OF_ROWS_4_TO_11
    assert [m.row_no for m in ex.measures] == list(range(1, 12))
    ex1 = _seed("001_4b81200ece022bbc.txt")
    first = ex1.measures[0]
    assert first.period == "1 ตุลาคม 2566 ถึง 30 กันยายน 2567"  # l.65
    assert (first.period_start, first.period_end) == (date(2023, 10, 1), date(2024, 9, 30))
    assert first.responsible == "สำนักปลัด\nกองคลัง\nกองช่าง"  # l.66-68
    assert ex1.measures[-1].responsible.startswith("คณะกรรมการประเมินคุณธรรม")  # l.335
    assert "(แนวทาง/มาตรการ)" not in ex1.measures[2].responsible  # l.185: the header's second line


def test_seed_oit_items():
    ex = _seed("002_ad2d60b5a456bb61.txt")
    got = {i.code: i.status for i in ex.oit_items}
    found = len(set(got) & set(SEED_002_OIT))
    right = sum(1 for c, s in SEED_002_OIT.items() if got.get(c) == s)
    print(f"\nseed 002 OIT items: {found}/43 found, {right}/43 statuses right, {len(got)} extracted")
    assert got == SEED_002_OIT
    names = {i.code: i.name_raw for i in ex.oit_items}
    assert names["O1"] == "โครงการสร้าง" and names["O5"] == "ปัจจุบันการติดต่อ"  # l.127, l.134
    for name in ("000_cdfbe1510e658d34.txt", "001_4b81200ece022bbc.txt"):
        assert _seed(name).oit_items == ()



def test_a_data_row_that_names_an_indicator_is_not_a_header():
    from pipeline.extract.table_rows import _header_roles

    header = ["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ผู้รับผิดชอบ", "ระยะเวลา", "ความก้าวหน้าผลการดำเนินการ"]
    assert _header_roles(header) is not None
    row = ["ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", "ปรับปรุงมาตรฐานการให้บริการ", "กองคลัง",
           "ต.ค. 67 ถึง ก.ย. 68", "ดำเนินการแล้ว"]
    assert _header_roles(row) is None


@pytest.mark.parametrize("text, status", [
    ("ดำเนินการแล้ว - อยู่ระหว่างจัดทำคู่มือและรวบรวมข้อมูล", "done"),
    ("อยู่ระหว่างดำเนินการ (ดำเนินการแล้ว 2 ใน 4 กิจกรรม)", "in_progress"),
    ("ยังไม่ได้ดำเนินการ", "not_started"),
])
def test_the_status_stated_first_wins(text, status):
    from pipeline.extract.measures import parse_status

    assert parse_status(text) == status


def test_unreadable_checklist_codes_are_one_oit_flag_per_page_not_broken_measures():
    from pipeline.extract.measures import extract_measures
    from pipeline.extract.oit import extract_oit_items
    from pipeline.segment import Document, Line

    doc = Document(0, "o43_implementation_report", tuple(Line(2, t) for t in (
        "ข้อ\tข้อมูล\tผู้รับผิดชอบ\tผลการดำเนินการ",
        "O1\tโครงสร้าง\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",
        "Od\tข้อมูลผู้บริหาร\tกองช่าง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",  # O๖ as OCR reads it
        "Oo\tอำนาจหน้าที่\tกองคลัง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",
    )))
    measures = extract_measures(DocContext(doc, "f", "r", 2567))
    assert measures.measures == () and measures.flags == ()
    oit = extract_oit_items(DocContext(doc, "f", "r", 2567))
    assert [i.code for i in oit.oit_items] == ["O1"]  # nothing after Oo to bound the run
    assert [(f.kind, f.page) for f in oit.flags] == [("parse_error", 2)] and "2 OIT" in oit.flags[0].message
    # bounded by O1 and O4, the two garbled rows are O2 and O3
    closed = Document(0, doc.doc_type, doc.lines + (Line(2, "O4\tข่าวประชาสัมพันธ์\tกองช่าง\t☐ ดำเนินการ ☑ ยังไม่ได้ดำเนินการ"),))
    oit = extract_oit_items(DocContext(closed, "f", "r", 2567))
    assert [(i.code, i.status) for i in oit.oit_items] == [
        ("O1", "done"), ("O2", "done"), ("O3", "done"), ("O4", "not_done")]
    assert [(f.kind, f.severity) for f in oit.flags] == [("parse_error", "info")]


def test_checklist_item_numbers_without_the_o():
    from pipeline.extract.oit import extract_oit_items
    from pipeline.segment import Document, Line

    doc = Document(0, "o43_implementation_report", tuple(Line(2, t) for t in (
        "ข้อ\tข้อมูล\tผู้รับผิดชอบ\tผลการดำเนินการ",
        "1\tโครงสร้าง\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",  # OCR dropped the O
        "๒\tข้อมูลผู้บริหาร\tกองช่าง\t☐ ดำเนินการ ☑ ยังไม่ได้ดำเนินการ",
    )))
    oit = extract_oit_items(DocContext(doc, "f", "r", 2567))
    assert [(i.code, i.status) for i in oit.oit_items] == [("O1", "done"), ("O2", "not_done")]



def test_question_numbers_without_their_letter_take_the_indicators_tool():
    from pipeline.extract.measures import _codes_from_tail

    assert _codes_from_tail("ตัวชีวัดที๕ การใช้ ทรัพย์สิน ของราชการ ๒๐ ๒๑ 22", 4) == ["I20", "I21", "I22"]
    assert _codes_from_tail("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร 6", 7) == ["E6"]
    assert _codes_from_tail("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร", 7) == []



def test_indicator_heading_with_marks_dropped_by_ocr():
    from pipeline.extract.measures import indicator_of
    from pipeline.extract.table_rows import TableRow

    src = "ตัวชีวัดที๕ การใช้ ทรัพย์สิน ของราชการ ๒๐ ๒๑ 22"  # ๔ misread ๕: the name decides
    assert indicator_of(TableRow(cells=[src, "ขั้นตอน"], roles=["codes", "issue"], page=4, raw=src), 2566) == 4
    # ที่ with its vowel and tone mark both dropped (a clean 300-dpi scan)
    src = "ตัวชีวัดท2 การใช้ งบประมาณ I7 I9 I11"
    assert indicator_of(TableRow(cells=[src, "ขั้นตอน"], roles=["codes", "issue"], page=1, raw=src), 2564) == 2


def test_a_row_whose_number_ocr_misread_is_no_continuation_where_its_indicator_heads_it():
    # an O42 table over pages; the last row of page 1 lost the ต of its head
    # ("วชี้วัดที่ 7"), the first row of page 2 its number (๕ read as ะ): it still
    # starts with "ตัวชี้วัดที่ 8" as the rows before it did, and is a row of its own
    header = "ลำดับที่\tตัวชี้วัดและข้อคำถาม\tมาตรการ/วิธีการปฏิบัติ\tประเด็น/ข้อค้นพบ\tผู้รับผิดชอบ"
    res = measures(
        header + "\n"
        "๑\tตัวชี้วัดที่ 3 การใช้อำนาจ I13\tประกาศหลักเกณฑ์การคัดเลือก\tยังไม่เปิดเผย\tสำนักปลัด\n"
        "๒\tตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ I21\tจัดทำแนวปฏิบัติการยืม\tไม่ทราบแนวปฏิบัติ\tกองคลัง\n"
        "๓\tตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน E4\tปรับปรุงมาตรฐานการให้บริการ\tข้อมูลไม่ครบ\tกองช่าง\n"
        "๔\tวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร E8\tจัดทำช่องทางถาม-ตอบ\tเข้าถึงยาก\tกองคลัง",
        "ะ\tตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน E11\tลดขั้นตอนการให้บริการ\tมีผู้ใช้น้อย\tกองช่าง\n"
        "๖\tตัวชี้วัดที่ 10 การป้องกันการทุจริต O35\tประชุมคณะทำงาน\tไม่ครอบคลุม\tสำนักปลัด",
    )
    assert [m.measure for m in res.measures] == [
        "ประกาศหลักเกณฑ์การคัดเลือก", "จัดทำแนวปฏิบัติการยืม", "ปรับปรุงมาตรฐานการให้บริการ",
        "จัดทำช่องทางถาม-ตอบ", "ลดขั้นตอนการให้บริการ", "ประชุมคณะทำงาน"]
    assert res.measures[4].indicator == 8 and res.measures[4].question_codes == ["E11"]


def test_a_bold_header_whose_upper_marks_ocr_lost_still_names_its_columns():
    # a spreadsheet's bold header read without its tone marks and upper vowels
    header = ("ข้อคาถาม ITA\tข้อบกพรอง/จุดออน\tมาตรการสงเสรมคุณธรรมและความ โปร่งใส\tขันตอน/วิธีการ ปฏิบัติ"
              "\tผู้รบผดชอบ/ผู้กำกับติดตาม\tระยะเวลา")
    res = measures(
        header + "\n"
        "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน E3\tการให้ข้อมูลยังไม่ครบถ้วน\tอบรมจิตบริการให้แก่เจ้าหน้าที่"
        "\t1. สำรวจปัญหา\tกองคลัง\t1 ตุลาคม 2566 ถึง 30 กันยายน 2567")
    [m] = res.measures
    assert (m.question_codes, m.issue, m.measure, m.responsible) == (
        ["E3"], "การให้ข้อมูลยังไม่ครบถ้วน", "อบรมจิตบริการให้แก่เจ้าหน้าที่", "กองคลัง")


def test_a_cell_without_marks_is_not_a_role_it_does_not_name():
    from pipeline.extract.table_rows import header_role

    assert header_role("หมาย เหตุ") is None and header_role("งบประมาณ (บาท)") is None
    assert header_role("ผู้รบผดชอบ") == "responsible" and header_role("ข้อคาถาม") == "codes"
def test_header_ocr_stripped_of_upper_marks_and_led_by_noise_still_opens_the_table():
    # a bold header on a noisy 200-dpi scan: upper marks and the nikhahit lost
    # (ตวชวดและขอ คาถาม, ขนตอนการ ดาเนนการ, ผู้รบผดชอบ) and a cell led by specks
    # read as "-="; the rows under it are measures
    res = measures(
        "wv aw ตวชวดและขอ คาถาม\t-= oy ประเด็น/ข้อค้นพบ\tมาตรการ\tขนตอนการ ดาเนนการ\tระยะเวลา\tผู้รบผดชอบ\n"
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ I๔\tบุคลากรบางส่วนให้บริการไม่เท่าเทียม\tจัดทำคู่มือการปฏิบัติงาน"
        "\t๑. สำรวจปัญหา ๒. ปรับปรุงขั้นตอน\t๑ ตุลาคม ๒๕๖๖ ถึง ๓๐ กันยายน ๒๕๖๗\tสำนักปลัด\n"
    )
    assert [m.question_code for m in res.measures] == ["I4"]
    (m,) = res.measures
    assert m.measure.startswith("จัดทำคู่มือ") and m.responsible == "สำนักปลัด"


def test_a_bulleted_cell_is_still_a_data_row_not_a_header():
    # "- ประเด็น…" is an item of a data row, not a header cell naming the issue column
    res = measures(
        "ประเด็นที่ต้องพัฒนา\tมาตรการ\tผู้รับผิดชอบ\n"
        "- ประเด็น การเปิดเผยข้อมูล\t- มาตรการ ปรับปรุงเว็บไซต์\tสำนักปลัด\n"
    )
    assert len(res.measures) == 1 and res.measures[0].responsible == "สำนักปลัด"


def test_header_cells_led_by_ocr_specks_keep_their_roles():
    # "a ที่" (a speck read as a letter) is still the row-number column, so the row
    # numbers under it are no question codes
    res = measures(
        "a ท\t7 au ตวชวด\tแนวทางในการยกระดับ\tระยะเวลา\tหน่วยงานที่รับผิดชอบ\tสถานะการดำเนินการ\n"
        "1\tตัวชี้วัดที่ 1 การปฏิบัติหน้าที่\tกำชับให้เจ้าหน้าที่ให้บริการเท่าเทียม\tปีงบประมาณ พ.ศ. 2566"
        "\tกองช่าง\t☑ ดำเนินการแล้ว\n"
    )
    (m,) = res.measures
    assert m.question_codes == [] and m.status == "done" and m.responsible == "กองช่าง"


@pytest.mark.parametrize("cell, status", [
    ("☑ .ดิ๊าเนินการ ☐ ยังไม่ ได้ดำเนินการ", "done"),      # the ticked label garbled
    ("☐ ดิ๊าเนินการ ☑ ยังไม่ได้ดำเนินการ", "not_done"),
    ("☑ .ติ้เนินการ", None),                                # no other box to go by
    ("☑ .ติ้เนินการ ☐ กองช่าง", None),                      # an unticked box before a unit says nothing
    ("☐ ยังไม่ได้ คำเนินการ ☑ คำเนินการ", "done"),          # ด read as ค
    # a 300-dpi CSS-grid scan: เนิน's vowel lost or read as a mark, ยัง as ยง or Latin letters
    ("☑ ดำเนนการ ☐ ยง ไม่ได้ดำเนินการ", "done"),
    ("☑ ดำเน็นการ ☐ do ไม่ได้ดำเนินการ", "done"),
    ("☐ ดำเนนการ ☑ ยง ไม่ได้ดำเนินการ", "not_done"),
    ("☐ ดำเนินการ ☑ do ไม่ได้ดำเนินการ", "not_done"),
])
def test_a_garbled_ticked_label_is_the_other_of_two_boxes(cell, status):
    from pipeline.extract.oit import checkbox_status

    assert checkbox_status(["O6", "ข้อมูลตามแบบตรวจ OIT ข้อ 6", "กองช่าง", cell]) == (status, False)


def test_specks_read_as_a_code_before_a_header_cell_leave_it_a_header():
    # a bold header's upper marks read "O๙" before its words: no data row's code
    res = measures(
        "O๙ do ,ข ตัวชีวัด/ข้อ คำถาม\tข้อบกพรอง/ จุดอ่อน\tมาตรการ/ แนวทาง\tระยะ เวลา ดำเนิน การ\tผูรบผดชอบ\n"
        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ I11\tบุคลากรมีส่วนร่วมน้อย\tเปิดโอกาสให้บุคลากรตรวจสอบ"
        "\tปีงบประมาณ พ.ศ. ๒๕๖๕\tกองคลัง\n", fy=2565,
    )
    assert [m.question_codes for m in res.measures] == [["I11"]]
    # a data cell that holds its code after the words stays a data row
    res = measures("ข้อคำถาม I1 บุคลากร\tประเด็น ก\tมาตรการ ข\n")
    assert res.measures == ()


def test_a_rows_rest_whose_wrapped_cells_name_header_words_is_no_new_header():
    # a browser print's scan: row 5 goes on overleaf with its indicator's wrapped words
    # ("ปัญหาการ ทุจริต") and a status cell ("ดำเนินการ - …"), two role words among three
    # filled cells of six; read as a header it took the measure column from the rows after
    res = measures(
        "ตัวชี้วัด\tมาตรการ/ แนวทางการดำเนินการ\tผู้รับผิดชอบ\tกำหนดเวลาแล้วเสร็จ\tความก้าวหน้าผลการดำเนินการ\tหมายเหตุ\n"
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ\tจัดทำแนวปฏิบัติการยืม\tกองคลัง\tต.ค. ๖๖ ถึง ก.ย. ๖๗\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ\t-\n"
        "ตัวชี้วัดที่ ๕ การแก้ไข\tประชาสัมพันธ์ ช่องทางร้อง\tกองคลัง\tต.ค. ๖๖ ถึง ก.ย. ๖๗\t☑ ดำเนินการ ☐ ยังไม่ได้\t",
        "ปัญหาการ ทุจริต\tเรียนการทุจริต ให้บุคลากร ทราบ\t\t\tดำเนินการ - ประชาสัมพันธ์ ผ่าน Facebook ของหน่วยงาน\t\n"
        "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน\tปรับปรุงมาตรฐานการให้บริการ\tสำนักปลัด\tต.ค. ๖๖ ถึง ก.ย. ๖๗\tอยู่ระหว่างดำเนินการ\t",
    )
    assert [(m.indicator, m.measure) for m in res.measures] == [
        (4, "จัดทำแนวปฏิบัติการยืม"), (5, "ประชาสัมพันธ์ ช่องทางร้อง เรียนการทุจริต ให้บุคลากร ทราบ"),
        (6, "ปรับปรุงมาตรฐานการให้บริการ")]


def test_a_checklist_goes_on_past_a_browsers_long_footer_to_its_rows_on_the_next_page():
    # A CSS grid printed by Chromium repeats no header: page 6 starts with O3. The page's
    # foot holds the file's address and the page counter, longer than a line of prose
    # (d10001 0005 css_pdf: every row after the break was lost)
    page1 = "\n".join([
        "ข้อ\tข้อมูล\tหน่วยงานรับผิดชอบ\tผลการดำเนินการ",
        "O1\tโครงสร้าง\tสำนักปลัด\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",
        "O2\tข้อมูลผู้บริหาร\tกองช่าง\t☐ ดำเนินการ ☑ ยังไม่ได้ดำเนินการ",
        "file:///work/reports/d10001/0005_memo%2Bo43_2564_with_a_longer_name.grid.html 5/7",
    ])
    page2 = "\n".join([
        "12/7/26, 11:38 PM 0005_memo+o43_2564",
        "O3\tอำนาจหน้าที่\tกองช่าง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",
        "O4\tแผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน\tสำนักปลัด\t☐ ดำเนินการ ☑ ยังไม่ได้ดำเนินการ",
    ])
    got = oit(page1, page2)
    assert [(i.code, i.status, i.page) for i in got.oit_items] == [
        ("O1", "done", 1), ("O2", "not_done", 1), ("O3", "done", 2), ("O4", "not_done", 2)]
    # a paragraph of prose inside a page still ends the table
    prose = "หน่วยงานได้ดำเนินการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงานครบทุกรายการแล้ว และจะติดตามต่อไป"
    cut = page1.replace("O2\t", prose + "\nO2\t", 1)
    assert [i.code for i in oit(cut).oit_items] == ["O1"]
