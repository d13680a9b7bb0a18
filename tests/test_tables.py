"""Tables and prose laid out by a word processor, read from geometry.

The PDFs in tests/data/tables were made by tests/data/tables/make_tables.py: python-docx
documents converted by LibreOffice (a Word table whose rows break across pages, its
header repeated or not, cells with numbered sub-items, prose wrapped at the margin), and
a clean 300-dpi scan of one. The truth (`*.truth.json`) is the content the script wrote,
not anything read back.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from pipeline.extract.context import DocContext
from pipeline.extract.measures import extract_measures
from pipeline.readers.paragraphs import TextLine, join_wrapped
from pipeline.readers.pdf import read_pdf
from pipeline.segment import Document, Line, split_documents

DATA = Path(__file__).resolve().parent / "data" / "tables"
sys.path.insert(0, str(DATA))
from score_tables import read_measures, score  # noqa: E402


def truth(name: str) -> list[dict]:
    return json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))["measures"]


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def similar(a: str | None, b: str | None) -> float:
    return Levenshtein.normalized_similarity(squash(a), squash(b))


# ---------------------------------------------------------------- digital: Word via LibreOffice


@pytest.mark.parametrize("name", ["word_o42_repeat", "word_o43_norepeat", "word_o42_unruled"])
def test_word_measures_table_across_pages_gives_every_row(name):
    rows = truth(name)
    got = read_measures(DATA / f"{name}.pdf")
    s = score(got, rows)
    assert (s["tp"], s["fp"], s["fn"]) == (len(rows), 0, 0)
    assert s["codes"] == 1.0
    for t_i, m_i in s["matched"].items():
        m, t = got[m_i], rows[t_i]
        # a row broken by the page is whole: its issue, measure and steps, not a part
        # (LibreOffice maps ู to a tone mark in its text layer: 0.9, not 1)
        assert similar(m.issue, t["issue"]) > 0.9 and similar(m.measure, t["measure"]) > 0.9
        assert similar(m.steps, t["steps"]) > 0.9
        assert squash(m.responsible) == squash(t["responsible"])
        # LibreOffice's text layer maps the glyph of ู to ้ (อยู่ → อย้่): repaired on
        # dictionary evidence (normalizers.thai.repair_lowered_vowels), so in_progress reads
        assert m.status == t["status"]


def test_rows_split_by_the_page_keep_their_first_page():
    got = read_measures(DATA / "word_o43_norepeat.pdf")
    i2 = next(m for m in got if m.question_code == "I2")
    # the I2 row starts at the foot of page 1 and ends on page 2 (no header repeated)
    assert i2.page == 1 and "ในบางภารกิจ" in i2.issue


def test_unruled_table_rows_are_its_numbered_rows():
    pages = read_pdf(DATA / "word_o42_unruled.pdf")
    rows = [ln for p in pages for ln in p.text.split("\n") if "\t" in ln]
    # (a cell of two lines keeps a space: no second line shows where its edge is)
    assert [squash(c) for c in rows[0].split("\t")] == [
        "ที่", "ประเด็น/ข้อคำถาม", "มาตรการ", "ขั้นตอนการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]  # ู repaired
    numbered = [r.split("\t")[0] for r in rows[1:] if r.split("\t")[0]]
    assert numbered == [str(n) for n in range(1, 11)]
    assert all(len(r.split("\t")) == 6 for r in rows)
    first = rows[1].split("\t")
    # a cell's wrapped lines are one cell, Thai joined without a space, digits whole
    assert first[4] == "สำนักปลัด" and first[5] == "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"


def test_wrapped_prose_is_one_line_again():
    page = read_pdf(DATA / "word_o42_repeat.pdf")[0]
    lines = page.text.split("\n")
    # make_tables.PROSE: one paragraph, wrapped over six lines by LibreOffice
    prose = [ln for ln in lines if ln.startswith("ตามที่สำนักงาน")]
    assert len(prose) == 1 and prose[0].endswith("ดังรายละเอียดในตารางต่อไปนี้")
    assert "ได้ดำเนินการประเมินคุณธรรม" in prose[0]
    # the title and the line under it stay apart (the title ends short of the margin)
    assert lines[0].startswith("รายงานการวิเคราะห์") and lines[1].startswith("ประจำปีงบประมาณ")
    assert len(page.line_boxes) == len(lines)


# ---------------------------------------------------------------- scans (real Tesseract)


def test_scanned_word_table_rows_are_its_ruled_rows():
    from pipeline.ocr.settings import OcrSettings
    from pipeline.ocr.page import ocr_file_page

    path = DATA / "word_o42_repeat.scan300.pdf"
    pages = [ocr_file_page(str(path), "application/pdf", n, OcrSettings()) for n in (1, 2)]
    doc = split_documents(pages)[0]
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    rows = truth("word_o42_repeat")
    # rows 1-6 start on pages 1-2; row 3 runs from page 1 into page 2 under a
    # repeated header, row 6 from page 2 onto page 3 (not read here)
    assert [m.question_code for m in got] == ["I1", "I2", "I4", "I7", "I12", "I15"]
    i4 = got[2]
    assert similar(i4.issue, rows[2]["issue"]) > 0.8 and i4.page == 1
    assert similar(i4.steps, rows[2]["steps"]) > 0.8  # sub-items on two pages, one cell


# ---------------------------------------------------------------- measures from page text


def doc_of(pages: list[list[tuple[str, tuple | None]]]) -> Document:
    lines = tuple(Line(no, text, box) for no, page in enumerate(pages, 1) for text, box in page)
    return Document(0, "o42_analysis_measures", lines)


HEADER = "ข้อบกพร่อง\tตัวชี้วัด/ข้อคำถาม\tแนวทางการพัฒนา (มาตรการ)\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tห้วงเวลา"
FRAME = (0.05, 0.2, 0.95, 0.3)


def test_first_row_of_a_page_without_its_code_continues_the_row_above():
    doc = doc_of([
        [(HEADER, FRAME),
         ("ผู้รับบริการเห็นว่า\tข้อ E1\tประกาศขั้นตอน\t1. ติดป้าย\tทุกกอง\tตุลาคม 2567", FRAME),
         ("การให้บริการแก่ผู้มา\tข้อ I2\tพัฒนาช่องทาง\t1. สำรวจ\tกองคลัง\tตุลาคม 2567", FRAME)],
        [("ติดต่อยังไม่เท่าเทียมกัน\t\tออนไลน์\t2. เปิดช่องทาง\t\t", (0.05, 0.1, 0.95, 0.2)),
         ("ข้อมูลเข้าถึงยาก\tข้อ E9\tปรับปรุงเว็บไซต์\t1. ปรับปรุง\tสำนักปลัด\tทุกเดือน", (0.05, 0.2, 0.95, 0.3))],
    ])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.question_code for m in got] == ["E1", "I2", "E9"]
    assert got[1].issue == "การให้บริการแก่ผู้มา ติดต่อยังไม่เท่าเทียมกัน"
    assert got[1].steps == "1. สำรวจ 2. เปิดช่องทาง" and got[1].page == 1


def test_a_row_of_another_frame_or_with_its_own_code_starts_a_row():
    other_frame = (0.2, 0.1, 0.7, 0.2)
    for first in [("ข้อมูลไม่ครบ\t\tเผยแพร่\t1. เผยแพร่\tกองคลัง\tทุกเดือน", other_frame),
                  ("ข้อมูลไม่ครบ\tข้อ O12\tเผยแพร่\t1. เผยแพร่\tกองคลัง\tทุกเดือน", FRAME)]:
        doc = doc_of([[(HEADER, FRAME), ("ผู้รับบริการเห็นว่า\tข้อ E1\tประกาศ\t1. ติดป้าย\tทุกกอง\tตุลาคม", FRAME)],
                      [first]])
        got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
        assert len(got) == 2


def test_a_data_row_with_two_role_words_is_not_a_header():
    # the rest of a row on the next page: short cells, two of them naming a role
    doc = doc_of([
        [("ลำดับ\tข้อคำถาม\tประเด็นที่ต้องพัฒนา\tมาตรการ/แนวทาง\tขั้นตอน/วิธีการ\tผู้รับผิดชอบ\tระยะเวลา", None),
         ("15\tO42\tมาตรการส่ง\tติดตามการ\t1. มอบหมายผู้รับ\tทุกกอง\tตุลาคม", None)],
        [("\t\tเสริมคุณธรรมยังไม่ได้นำไปปฏิบัติ\tดำเนินการตามมาตรการ\tผิดชอบ 2. รายงานผลการดำเนินงาน\t\t2568", None)],
    ])
    (m,) = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert m.question_code == "O42" and m.issue == "มาตรการส่ง เสริมคุณธรรมยังไม่ได้นำไปปฏิบัติ"


def test_repeated_header_misread_by_ocr_continues_the_table():
    head = "ลำดับ\tข้อคำถาม\tประเด็นที่ต้องพัฒนา\tมาตรการ/แนวทาง\tขั้นตอน/วิธีการ\tผู้รับผิดชอบ\tระยะเวลา"
    misread = "ลำ ดับ\tข้อ คำถา\tประเด็นทีต้อง พัฒนา\tมาตรการ/ แนวทาง\tขันตอน/วิธีการ\tผู้รับผิด ชอบ\tระยะเวลา"
    doc = doc_of([
        [(head, None), ("10\tE9\tข้อมูลเข้าถึงยาก\tปรับปรุงเว็บไซต์\t1. ปรับปรุง\tสำนักปลัด\tทุกเดือน", None)],
        [(misread, None), ("\t\t\t\t3. ตรวจสอบทุกเดือน\t\t", None),
         ("11\tE12\tช่องทางน้อย\tเพิ่มช่องทาง\t1. เปิดช่องทาง\tสำนักปลัด\tทุกเดือน", None)],
    ])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.question_code for m in got] == ["E9", "E12"]
    assert got[0].steps == "1. ปรับปรุง 3. ตรวจสอบทุกเดือน"


@pytest.mark.parametrize("cell, code", [("£9", "E9"), ("14", "E14"), ("5 ค", "E5"), ("ข้อ 7", "E7")])
def test_code_cell_garbled_by_ocr_takes_the_letter_of_the_row_above(cell, code):
    head = "ลำดับ\tข้อคำถาม\tประเด็นที่ต้องพัฒนา\tมาตรการ/แนวทาง\tผู้รับผิดชอบ"
    doc = doc_of([[(head, None), ("1\tE1\tผู้รับบริการเห็นว่า\tประกาศขั้นตอน\tทุกกอง", None),
                   (f"2\t{cell}\tข้อมูลเข้าถึงยาก\tปรับปรุงเว็บไซต์\tสำนักปลัด", None)]])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.question_code for m in got] == ["E1", code]


def test_obstacles_column_is_not_the_issue():
    doc = doc_of([[("ประเด็น\tมาตรการ\tผลการดำเนินงาน\tปัญหา/อุปสรรค", None),
                   ("ข้อมูลเข้าถึงยาก\tปรับปรุงเว็บไซต์\tดำเนินการแล้ว\tงบประมาณจำกัด", None)]])
    (m,) = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert m.issue == "ข้อมูลเข้าถึงยาก" and m.status == "done"


# ---------------------------------------------------------------- wrapped prose, by geometry


def ln(text: str, x0: float, top: float, x1: float, height: float = 14.0, columns: bool = False) -> TextLine:
    return TextLine(text, (x0, top, x1, top + height), height, columns)


def test_paragraph_wrapped_at_the_margin_is_joined_thai_without_a_space():
    lines = [ln("ตามที่สำนักงานได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนิน", 72, 100, 520),
             ln("งานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ และหน่วยงานได้รับผล", 72, 124, 518),
             ln("การประเมินแล้ว", 72, 148, 160)]
    (one,) = join_wrapped(lines, page_width=595)
    assert one.text == ("ตามที่สำนักงานได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
                        " ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ และหน่วยงานได้รับผลการประเมินแล้ว")
    assert one.box == (72, 100, 520, 162)


@pytest.mark.parametrize("second", [
    ln("2. เผยแพร่คู่มือบนเว็บไซต์ของหน่วยงานและติดตามผลการดำเนินงาน", 72, 124, 518),  # a list item
    ln("เรื่อง รายงานผลการประเมินคุณธรรมและความโปร่งใส", 72, 124, 400),  # a memo label
    ln("ที พล ส่ต ๐๒/๒๐๐ TUN ๒๐ สิงหาคม ๒๕๖๕", 72, 124, 400),  # ที่ with its mark lost by OCR
    ln("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", 72, 150, 300),  # after a paragraph gap
    ln("งานของหน่วยงานภาครัฐ ประจำปีงบประมาณ", 108, 124, 400),  # a new paragraph's indent
    ln("งานของหน่วยงานภาครัฐ ประจำปีงบประมาณ", 72, 124, 400, height=20),  # another size
])
def test_line_breaks_that_are_not_wraps_stay(second):
    first = ln("ตามที่สำนักงานได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนิน", 72, 100, 520)
    third = ln("สำนักงานได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินการ", 72, 200, 519)
    assert len(join_wrapped([first, second, third], page_width=595)) == 3


def test_a_memos_body_under_its_addressee_set_without_an_indent_is_a_paragraph_of_its_own():
    # Chromium's memo (d9991 0013 html_pdf): the addressee's line ends near the margin and
    # the body's first line starts under it, unindented; joined, the agency read as
    # "…ลาดกระบังตามที่สำนักงาน…" and its name looked cut short
    to = ln("เรียน อธิการบดีสถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบัง", 72, 100, 518)
    body = ln("ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", 72, 124, 520)
    assert [line.text for line in join_wrapped([to, body], page_width=595)] == [to.text, body.text]
    # an addressee that wraps still takes its rest, and the body under it starts anew
    to = ln("เรียน ผู้อำนวยการสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติประจำ", 72, 100, 520)
    rest = ln("จังหวัดนครราชสีมา", 72, 124, 160)
    body = ln("ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", 72, 148, 518)
    assert [line.text for line in join_wrapped([to, rest, body], page_width=595)] == [
        to.text + rest.text, body.text]


def test_a_running_head_set_right_does_not_take_the_first_row_below():
    # Word's running head, set to the right margin in a smaller type (12 pt over 14),
    # over a page whose first line is a ranked table's row (seed 9982's Word memo: the
    # head took "๗ ประสิทธิภาพการสื่อสาร ๑๐๐.๐๐" and indicator 7 was misnamed)
    head = ln("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567", 237, 28.6, 545, height=12.0)
    row = ln("๗ ประสิทธิภาพการสื่อสาร ๑๐๐.๐๐", 61, 55.9, 300)
    para = [ln("๘ การปรับปรุงระบบการทำงาน ๘๙.๓๙ ตามที่สำนักงานได้ดำเนินการประเมินคุณธรรม", 61, 82, 545),
            ln("๙ การเปิดเผยข้อมูล ๑๐๐.๐๐", 61, 108, 300)]
    assert [line.text for line in join_wrapped([head, row, *para], page_width=595)][:2] == [head.text, row.text]
    # a paragraph's first line indented as memos are (2.5 cm) still takes its rest
    first = ln("ตามที่สำนักงานได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนิน", 132, 80, 545)
    rest = [ln("งานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ และหน่วยงานได้รับผล", 61, 104, 544),
            ln("การประเมินแล้ว", 61, 128, 160)]
    assert len(join_wrapped([first, *rest], page_width=595)) == 1


def test_lines_ending_short_of_the_margin_or_in_columns_stay():
    title = [ln("รายงานผลการประเมินคุณธรรมและความโปร่งใส", 72, 100, 300),
             ln("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๕๘", 72, 124, 310),
             ln("องค์การบริหารส่วนตำบลหนองบัว", 72, 148, 305)]
    assert len(join_wrapped(title, page_width=595)) == 3  # they end together, mid-page
    scores = [ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)  คะแนนรวม 96.75", 72, 100, 520, columns=True),
              ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)  คะแนนรวม 95.08", 72, 124, 520, columns=True)]
    assert len(join_wrapped(scores, page_width=595)) == 2
    # the same rows justified to the margin with no wide gap left (a Word PDF, seed 8642):
    # they start alike, so they are rows, not a sentence wrapped
    justified = [ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) คะแนนรวม 65.71 คะแนน", 72, 100, 520),
                 ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) คะแนนรวม 70.83 คะแนน", 72, 124, 520)]
    assert len(join_wrapped(justified, page_width=595)) == 2
    # rows that start otherwise, each with its own score (a Writer memo, seed 9943)
    # (a paragraph above, after a gap, ends at the margin too: the text's right edge)
    para = ln("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน จึงขอรายงานผลการประเมิน ดังนี้", 72, 40, 519)
    rows = [para, ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) คะแนนรวม 79.31 คะแนน", 72, 100, 520),
            ln("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) คะแนนรวม 78.75 คะแนน", 72, 124, 430)]
    assert len(join_wrapped(rows, page_width=595)) == 3
    # a sentence wrapped after its score's unit still joins the rest that has none
    prose = [para, ln("ตามที่สำนักงานได้ดำเนินการประเมินและได้คะแนน 79.31 คะแนน", 72, 100, 520),
             ln("งานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ และหน่วยงานได้รับผล", 72, 124, 518)]
    assert len(join_wrapped(prose, page_width=595)) == 2
    # a tool's name on its own line, its score below (a browser's print, seed 9961): a
    # paragraph that happens to end at the margin above it does not take it
    named = [para, ln("องค์การบริหารส่วนตำบลริมโขง ได้คะแนน ๙๓.๔๙ คะแนน อยู่ในระดับ ผ่าน ดังรายละเอียดต่อไปนี้", 72, 100, 519),
             ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", 72, 124, 330),
             ln("คะแนนรวม ๙๓.๒๘ คะแนน", 72, 160, 200),
             ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ ๑", 72, 196, 360)]
    assert [line.text[:6] for line in join_wrapped(named, page_width=595)] == ["สำนักง", "องค์กา", "แบบวัด", "คะแนนร", "แบบวัด"]


def test_a_name_word_wraps_where_its_first_word_would_not_have_fitted():
    # Word wrapped a name in the middle ("…ส่วนตำบลทัว" / "หนอง"), 27 pt short of the
    # margin: the next line's first word, "หนอง", is wider than that, counting only the
    # letters that take width (its line is full of marks, which take none)
    # (a paragraph above ends at the margin: the text's right edge)
    para = ln("ตามที่สำนักงาน ป.ป.ช. ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน", 75.6, 300, 553.6)
    lines = [para, ln("บัดนี้ สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินแล้ว องค์การบริหารส่วนตำบลทัว", 75.6, 343, 526.1),
             ln("หนอง ได้รับผลการประเมิน ITA ๘๓.๑๕ คะแนน ระดับผลการประเมิน : B", 75.6, 365, 474.0),
             ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) คะแนนรวม ๘๑.๗๙ คะแนน", 75.6, 387, 553.0)]
    joined = join_wrapped(lines, page_width=595)
    assert len(joined) == 3 and joined[1].text.endswith("ส่วนตำบลทัวหนอง ได้รับผลการประเมิน ITA ๘๓.๑๕ คะแนน ระดับผลการประเมิน : B")
    # a tool's label with its score on its line opens a row of its own, never a wrap
    rows = [para, ln("บัดนี้ ได้รับผลการประเมิน ITA 80.51 คะแนน ระดับผลการประเมิน : ต้องปรับปรุง", 75.6, 343, 540),
            ln("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) คะแนนรวม 75.64 คะแนน", 75.6, 365, 470)]
    assert len(join_wrapped(rows, page_width=595)) == 3


def test_a_line_opening_with_a_score_goes_on_the_sentence_above():
    # "…อยู่ในระดับ A ด้วยคะแนน" / "๘๕.๖๑ ซึ่งเพิ่มขึ้น…": a score with two decimals is no
    # list number "๘๕."; the sentence is one line, its level beside its score
    para = ln("ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน", 58.9, 100, 546.0)
    lines = [para, ln("องค์การบริหารส่วนตำบลกุดน้ำใสมีผลการประเมินอยู่ในระดับ A ด้วยคะแนน", 101.4, 148.5, 546.0, 11.7),
             ln("๘๕.๖๑ ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา", 58.9, 171.4, 237.0, 9.5)]
    joined = join_wrapped(lines, page_width=595)
    assert joined[-1].text == "องค์การบริหารส่วนตำบลกุดน้ำใสมีผลการประเมินอยู่ในระดับ A ด้วยคะแนน ๘๕.๖๑ ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา"
    # a numbered item still opens a line of its own
    item = ln("๘. การปรับปรุงระบบการทำงาน ได้รับคะแนน ๘๕.๖๑ คะแนน", 58.9, 171.4, 300.0, 9.5)
    assert len(join_wrapped([para, lines[1], item], page_width=595)) == 3


# ---------------------------------------------------------------- unruled tables, by geometry


def test_unruled_block_columns_and_numbered_rows():
    from pipeline.readers import unruled

    # x-extents of glyph runs: a prose line, then a 5-column table (columns at
    # 0-20, 40-200, 220-380, 400-480, 500-560) whose cells wrap over two lines
    cols = [(0, 20), (40, 200), (220, 380), (400, 480), (500, 560)]
    texts = {}

    def line(k, filled, text):
        texts[k] = text
        return ([cols[c] for c in filled], 14.0)

    lines = [([(0, 300), (310, 560)], 14.0),  # prose across the columns
             line(1, [0, 1, 2, 3, 4], ["ที่", "ประเด็น", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"]),
             line(2, [0, 1, 2, 3, 4], ["1", "I1 เจ้าหน้าที่", "จัดทำ", "กองคลัง", "ตุลาคม"]),
             line(3, [1, 2], ["", "ปฏิบัติงาน", "คู่มือ", "", ""]),
             line(4, [0, 1, 2, 3, 4], ["2", "E5 ผู้รับบริการ", "ประกาศ", "ทุกกอง", "ทุกเดือน"]),
             line(5, [1], ["", "เห็นว่า", "", "", ""])]
    texts[0] = ["ตามที่สำนักงาน…"]
    (block,) = unruled.find_blocks(lines, lambda k, edges: texts[k])
    assert (block.start, block.end, len(block.edges) + 1) == (1, 5, 5)
    assert block.rows == ((1,), (2, 3), (4, 5)) and block.anchor == 0


def test_a_row_with_its_own_code_is_no_continuation_of_the_row_above():
    # a scan lost the row-number column's digits: the first cell is empty, the code is not
    head = "ลำดับ\tประเด็น/ข้อคำถาม\tมาตรการ\tผู้รับผิดชอบ\tระยะเวลา"
    doc = doc_of([[(head, None), ("1\tI1 เจ้าหน้าที่ปฏิบัติงาน\tจัดทำคู่มือ\tสำนักปลัด\tทุกเดือน", None),
                   ("\tไม่เป็นไปตามขั้นตอน\tและเผยแพร่\t\t", None),
                   ("\t4 บุคลากรบางส่วน\tเปิดโอกาส\tกองคลัง\tทุกเดือน", None)]])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.issue for m in got] == ["I1 เจ้าหน้าที่ปฏิบัติงาน ไม่เป็นไปตามขั้นตอน", "4 บุคลากรบางส่วน"]


def test_without_number_or_code_columns_a_row_missing_most_cells_continues():
    head = "ประเด็นที่ต้องพัฒนา\tมาตรการ\tขั้นตอน\tผู้รับผิดชอบ\tระยะเวลา"
    frame = (0.05, 0.1, 0.95, 0.2)
    last = ("การให้บริการไม่เท่าเทียม\tพัฒนาช่องทาง\t1. สำรวจ\tกองคลัง\tตุลาคม 2567", frame)
    rest = ("กันในบางภารกิจ\tออนไลน์\t\t\t", frame)  # 3 of the 5 cells the row above filled are empty
    own = ("ข้อมูลเข้าถึงยาก\tปรับปรุงเว็บไซต์\t1. ปรับปรุง\tสำนักปลัด\t", frame)  # only one empty
    for first, n in ((rest, 1), (own, 2)):
        got = extract_measures(DocContext(doc_of([[(head, frame), last], [first]]), "f", "r", 2567)).measures
        assert len(got) == n
    (merged,) = extract_measures(DocContext(doc_of([[(head, frame), last], [rest]]), "f", "r", 2567)).measures
    assert merged.issue == "การให้บริการไม่เท่าเทียม กันในบางภารกิจ" and merged.measure == "พัฒนาช่องทาง ออนไลน์"


# ---------------------------------------------------------------- layouts of other engines


def test_row_cut_open_by_a_browser_page_break_is_one_row():
    # Chromium draws a row that runs off the page with side rules and no closing rule
    # (tests/data/tables/make_html_split.py): the open cells are still cells
    from make_html_split import ROWS

    pages = read_pdf(DATA / "html_split_row.pdf")
    tab_rows = [ln for p in pages for ln in p.text.split("\n") if "\t" in ln]
    assert len(tab_rows) == 5  # the header, I1, I11 on page 2, its rest on page 3, E4
    doc = split_documents(pages)[0]
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.question_code for m in got] == ["I1", "I11", "E4"]
    assert similar(got[1].steps, ROWS[1][3]) > 0.95 and got[1].responsible == "กองคลัง"


@pytest.mark.parametrize("header, role", [
    ("ผลการวิเคราะห์", "issue"),
    ("ประเด็นการประเมิน (ข้อคำถาม)", "codes"),
    ("ประเด็นตัวชี้วัด", "indicator"),
    ("ประเด็นตัวชีวัด", "indicator"),  # its mark lost by OCR: not the issue
    ("ตัวชีวัดย่อย", "codes"),  # an OIT checklist's code column, its mark lost
    ("แนวทางปฏิบัติ", "steps"),
    ("แนวทางการพัฒนา", "measure"),
    ("มาตรการ/วิธีการปฏิบัติ", "measure_steps"),
    ("มาตรการและขั้นตอนการดำเนินการ", "measure_steps"),
    ("ตัวชี้วัดย่อย", "codes"),
    ("ตัวชี้วัดความสำเร็จ", "result"),
])
def test_header_wordings_of_other_authors(header, role):
    from pipeline.extract.table_rows import header_role

    assert header_role(header) == role


def test_measure_and_steps_in_one_column_are_told_apart():
    doc = doc_of([[("ตัวชี้วัด/ข้อคำถาม\tประเด็น/ข้อค้นพบ\tมาตรการ/วิธีการปฏิบัติ\tผู้รับผิดชอบ", None),
                   ("ตัวชี้วัดที่ 2 การใช้งบประมาณ I11\tบุคลากรรับรู้แผนไม่ทั่วถึง\t"
                    "เผยแพร่แผนการใช้จ่ายงบประมาณ 1. ประชุมชี้แจง 2. รายงานผล\tกองคลัง", None),
                   ("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร E10\tช่องทางเข้าถึงยาก\tจัดทำช่องทางถาม-ตอบ\tสำนักปลัด", None)]])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [(m.measure, m.steps) for m in got] == [
        ("เผยแพร่แผนการใช้จ่ายงบประมาณ", "1. ประชุมชี้แจง 2. รายงานผล"), ("จัดทำช่องทางถาม-ตอบ", None)]
    assert [m.question_codes for m in got] == [["I11"], ["E10"]]
    assert got[0].issue == "บุคลากรรับรู้แผนไม่ทั่วถึง"  # the code column is not the issue


def test_codes_that_wrapped_onto_the_next_page_belong_to_the_row_above():
    head = "ประเด็นการประเมิน (ข้อคำถาม)\tประเด็น/ข้อค้นพบ\tมาตรการ\tระยะเวลาดำเนินการ"
    doc = doc_of([
        [(head, FRAME), ("ตัวชี้วัดที่ 2 การใช้งบประมาณ I11\tรับรู้ไม่ทั่วถึง\tเผยแพร่แผน\tตุลาคม 2567", FRAME),
         ("ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน\tให้ข้อมูลไม่ครบ\tปรับปรุงมาตรฐานการให้\tตุลาคม 2567", FRAME)],
        [(head, FRAME), ("E2 E4 E5\t\tบริการ\t", FRAME),
         ("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร E10\tเข้าถึงยาก\tจัดทำช่องทาง\tตุลาคม 2567", FRAME)],
    ])
    got = extract_measures(DocContext(doc, "f", "r", 2567)).measures
    assert [m.question_codes for m in got] == [["I11"], ["E2", "E4", "E5"], ["E10"]]
    assert got[1].measure == "ปรับปรุงมาตรฐานการให้ บริการ" and got[1].page == 1


def test_a_running_header_opens_no_new_document():
    from pipeline.pages import PageResult

    running = "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    first = [running, "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ พ.ศ. 2566",
             "องค์การบริหารส่วนตำบลท่ากระเสริม"] + [f"{n}\tการปฏิบัติหน้าที่\t71.64" for n in range(1, 11)]
    first.append("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")  # a section heading at the foot
    second = [running, "- 2 -", "ข้อคำถาม\tประเด็นที่ต้องพัฒนา\tมาตรการ", "I1\tบุคลากรบางส่วน\tจัดทำคู่มือ"]
    pages = [PageResult(page_no=n, method="pdf_text", text="\n".join(t)) for n, t in ((1, first), (2, second))]
    assert len(split_documents(pages)) == 1


def test_a_fallback_font_glyph_written_after_its_line_stands_where_it_is_drawn():
    # LibreOffice writes ☑ (DejaVu, inside a Thai line) after the line's other glyphs
    from pipeline.readers.pdf_lines import line_text

    def glyphs(text, x0, step=6.0):
        return [{"text": ch, "x0": x0 + i * step, "x1": x0 + (i + 1) * step, "size": 12.0}
                for i, ch in enumerate(text)]

    chars = glyphs("ดำเนินการ", 100) + glyphs("ยังไม่ได้", 170) + glyphs("☑", 158)
    assert line_text(chars).replace(" ", "") == "ดำเนินการ☑ยังไม่ได้"


def test_unruled_numbered_list_in_columns_anchors_its_rows_by_its_item_numbers():
    from pipeline.readers import unruled

    # a ranked list laid out in 4 columns ("1. การป้องกันการทุจริต | ได้รับคะแนน | 97.50 |
    # คะแนน"), the narrow cells wrapped onto a second line ("ได้รับ" / "คะแนน")
    cols = [(0, 200), (220, 280), (300, 340), (360, 400)]
    texts, lines = {}, []
    for n, name in enumerate(["การป้องกันการทุจริต", "การแก้ไขปัญหาการทุจริต", "การใช้อำนาจ"], 1):
        texts[len(lines)] = [f"{n}. {name}", "ได้รับ", f"9{n}.50", "คะแน"]
        lines.append(([c for c in cols], 14.0))
        texts[len(lines)] = ["", "คะแนน", "", "น"]
        lines.append(([cols[1], cols[3]], 14.0))
    (block,) = unruled.find_blocks(lines, lambda k, edges: texts[k])
    assert block.rows == ((0, 1), (2, 3), (4, 5)) and block.numbered
    # sub-items of a cell start again at 1 on every row: no list, no rows from them
    texts[2][0], texts[4][0] = "1. การแก้ไขปัญหา", "2. การใช้อำนาจ"
    assert unruled.find_blocks(lines, lambda k, edges: texts[k]) == []


def test_a_two_year_table_continued_on_the_next_page_keeps_its_years():
    from pipeline.extract.scores import extract_scores

    names = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
             "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
             "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]
    rows = [f"\t{n}. {name}\t{80 + n}.00\t{90 + n}.00\tเพิ่มขึ้น" for n, name in enumerate(names, 1)]
    page1 = ["ตารางสรุปผลการประเมิน", "เครื่องมือ\tตัวชี้วัด\t๒๕๖๓\t๒๕๖๔\tการเปลี่ยนแปลง"] + rows[:8] + ["file:///x.html 1/2"]
    page2 = ["12/6/26, 9:04 PM x", *rows[8:], "จึงเรียนมาเพื่อโปรดทราบ"]
    doc = doc_of([[(t, None) for t in page1], [(t, None) for t in page2]])
    got = {(s.fiscal_year, s.indicator): s.score for s in extract_scores(DocContext(doc, "f", "r", 2564)).indicator_scores}
    assert got[(2564, 9)] == 99.0 and got[(2563, 9)] == 89.0 and got[(2564, 10)] == 100.0
    assert len(got) == 20


@pytest.mark.parametrize("lines, want", [
    # the part's number beside its score is no score
    (["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ 1 คะแนนรวม 78.83 คะแนน",
      "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ 2 คะแนนรวม 95.95 คะแนน"],
     {"EIT_PART1": 78.83, "EIT_PART2": 95.95}),
    # a label cell wrapped beside its score's cell, its tail joined after the score
    (["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก คะแนนรวม 78.83 คะแนน (EIT) ส่วนที่ 1",
      "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก คะแนนรวม 95.95 คะแนน (EIT) ส่วนที่ 2"],
     {"EIT_PART1": 78.83, "EIT_PART2": 95.95}),
    # … or left on a line of its own with the form name's last word
    (["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม ๘๗.๘๗ คะแนน", "ภายใน (IIT)",
      "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม ๙๓.๙๙ คะแนน", "ภายนอก (EIT)"],
     {"IIT": 87.87, "EIT": 93.99}),
])
def test_tool_labels_laid_out_around_their_scores(lines, want):
    from pipeline.extract.scores import extract_scores

    doc = doc_of([[(t, None) for t in lines]])
    got = {s.tool: s.score for s in extract_scores(DocContext(doc, "f", "r", 2566)).tool_scores}
    assert got == want


def test_a_numbered_list_block_starts_at_its_first_item():
    from pipeline.readers import unruled

    cols = [(0, 200), (220, 280), (300, 340), (360, 400)]
    texts = {0: ["แบบวัด…(IIT)", "คะแนนรวม", "75.36", "คะแนน"], 1: ["แบบวัด…(EIT)", "คะแนนรวม", "66.64", "คะแนน"]}
    lines = [(cols, 14.0), (cols, 14.0)]
    for n in (1, 2, 3):
        texts[len(lines)] = [f"{n}. ตัวชี้วัด", "ได้รับคะแนน", f"9{n}.00", "คะแนน"]
        lines.append((cols, 14.0))
    (block,) = unruled.find_blocks(lines, lambda k, edges: texts[k])
    assert block.rows == ((2,), (3,), (4,))


def test_a_bare_number_beside_text_anchors_no_rows():
    from pipeline.readers import unruled

    # "แบบวัด…(EIT) ส่วนที่ | 1 | คะแนนรวม 78.83 | คะแนน": a part's number, not a row's
    assert not unruled.is_anchor(["แบบวัด…(EIT) ส่วนที่", "1", "คะแนนรวม 78.83", "คะแนน"], 1)
    assert unruled.is_anchor(["ตัวชี้วัดที่ 1", "I4 บุคลากร", "มาตรการ"], 1)
    assert unruled.is_anchor(["1", "I4 บุคลากร", "มาตรการ"], 0)


def test_a_row_whose_every_cell_broke_at_the_page_is_one_row():
    # no number or code column: every row starts "ตัวชี้วัดที่ N", the rest of a row
    # broken by the page does not, though each of its cells holds text
    head = "ตัวชี้วัดการประเมิน\tมาตรการ/แนวทางการดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินงาน"
    doc = doc_of([
        [(head, FRAME),
         ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่\tกำชับเจ้าหน้าที่\tต.ค. 63 ถึง ก.ย. 64\tสำนักปลัด\tดำเนินการแล้ว", FRAME),
         ("ตัวชี้วัดที่ 2 การใช้งบประมาณ\tเผยแพร่แผน\tต.ค. 63 ถึง ก.ย. 64\tกองคลัง\tดำเนินการแล้ว", FRAME),
         ("ตัวชี้วัดที่ 6\tอบรมจิตบริการให้แก่\tต.ค. 63 ถึง\tกอง\tอยู่ระหว่างดำเนินการ", FRAME)],
        [("คุณภาพการดำเนินงาน\tเจ้าหน้าที่ผู้ให้บริการ\tก.ย. 64\tสาธารณสุข\t- จัดทำคู่มือ", FRAME),
         ("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร\tเพิ่มช่องทาง\tต.ค. 63 ถึง ก.ย. 64\tสำนักปลัด\tดำเนินการแล้ว", FRAME)],
    ])
    got = extract_measures(DocContext(doc, "f", "r", 2564)).measures
    assert [m.measure for m in got] == ["กำชับเจ้าหน้าที่", "เผยแพร่แผน", "อบรมจิตบริการให้แก่ เจ้าหน้าที่ผู้ให้บริการ",
                                        "เพิ่มช่องทาง"]
    assert got[2].indicator == 6 and got[2].status == "in_progress" and got[2].page == 1


def test_a_code_letter_set_apart_from_its_number_in_the_code_column():
    from pipeline.extract.table_rows import codes_in

    assert codes_in("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ I ๒ I3 i ๕", code_column=True) == ["I2", "I3", "I5"]


def test_a_footer_printed_across_a_table_frame_is_not_table_text():
    from pipeline.readers.pdf_tables import _without_lines_across

    def ch(text, x0, bottom, size):
        return {"text": text, "x0": x0, "x1": x0 + size / 2, "top": bottom - size, "bottom": bottom, "size": size}

    # a table from x 60 to 550; its cut row holds "งาน" at 812; Chromium's footer
    # ("file:///… 1/4", 8 pt) runs from x 30 to 570 at 827, across the frame
    chars = [ch("ง", 100, 812, 11), ch("า", 106, 812, 11), ch("น", 112, 812, 11),
             ch("f", 30, 827, 8), ch("p", 200, 827, 8), ch("/", 300, 827, 8), ch("4", 570, 827, 8)]
    kept = _without_lines_across([0, 1, 2, 4, 5], chars, (60, 700, 550, 830))
    assert kept == [0, 1, 2]


@pytest.mark.parametrize("garbled, repaired", [
    ("การปฏิบัติหนูาที่", "การปฏิบัติหน้าที่"),  # ู before า: no Thai spelling
    ("การปฏิบัติหนุาที่", "การปฏิบัติหน้าที่"),
    ("การเปิดเผยขูอมูล", "การเปิดเผยข้อมูล"),  # ขู is a word, but leaves อ unread
    ("หนูอยู่บ้าน", "หนูอยู่บ้าน"),  # a word as written, its neighbours read: kept
    ("อำเภอบ้านดุง จังหวัดอุดรธานี", "อำเภอบ้านดุง จังหวัดอุดรธานี"),  # not the rarer ด้ง
    # ปู|อง|กัน all read, but ้ makes one word of them (unseen seed 9931's Word PDFs)
    ("การปูองกันการทุจริต", "การป้องกันการทุจริต"),
    ("คณะกรรมการปูองกันและปราบปรามการทุจริตแห่งชาติ", "คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"),
    ("ชาวบ้านจับปูนาในทุ่ง", "ชาวบ้านจับปูนาในทุ่ง"),  # ปู of a word that reads, nothing joined
    ("ครูอนงค์สอนหนังสือ", "ครูอนงค์สอนหนังสือ"),
])
def test_tone_mark_drawn_low_by_libreoffice_laksaman(garbled, repaired):
    from normalizers.thai import repair_lowered_vowels

    assert repair_lowered_vowels(garbled)[0] == repaired


def test_a_raised_tone_mark_the_text_layer_calls_a_digit_is_the_tone_mark():
    from pipeline.readers.pdf_chars import high_tone_marks
    from pipeline.readers.pdf_lines import clean_line, line_text

    def glyphs(text, x0):
        out, x = [], x0
        for ch in text:
            # a mark ("ี", the raised "0") has no advance; a digit of the number does
            width = 0.0 if ch in "\u0e35\u0e49\u0e33" or ch == "0" and out and out[-1]["text"] == "\u0e35" else 6.0
            out.append({"text": ch, "x0": x, "x1": x + width, "size": 12.0})
            x += width
        return out

    chars = glyphs("ชี0แจง", 100) + glyphs(" 100.00", 160)
    assert high_tone_marks(chars) == 1
    assert line_text(chars) == "ชี้แจง 100.00"
    assert clean_line("อำเภอนำ\u0e49าพอง") == "อำเภอน้ำพอง"  # the tone between ำ's two glyphs


def test_a_measures_row_question_code_is_no_unreadable_score():
    from pipeline.extract.scores import extract_scores

    head = "ลำดับที่\tตัวชี้วัด\tข้อ\tประเด็น/ข้อค้นพบ\tมาตรการ\tระยะเวลาดำเนินการ"
    rows = ["1\tตัวชี้วัดที่ 2 การใช้งบประมาณ\tI10\tบุคลากรมีส่วนร่วมน้อย\tเผยแพร่แผน\t1 ตุลาคม 2564",
            "2\tตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต\tI30\tช่องทางร้องเรียน\tประชาสัมพันธ์\t1 ตุลาคม 2564"]
    got = extract_scores(DocContext(doc_of([[(t, None) for t in [head, *rows]]]), "f", "r", 2565))
    assert got.flags == () and got.indicator_scores == ()


def test_a_number_broken_in_a_narrow_cell_is_one_number():
    from pipeline.readers.pdf_lines import Line
    from pipeline.readers.pdf_tables import _cell_text

    def cell(*texts):
        return _cell_text([Line(top=i, text=t) for i, t in enumerate(texts)])

    assert cell("๗", "๒.๗๙") == "๗๒.๗๙" and cell("ปีงบประมาณ 25", "66") == "ปีงบประมาณ 2566"
    assert cell("1. ประชุม 2566", "2. รายงานผล") == "1. ประชุม 2566 2. รายงานผล"
    assert cell("กองคลัง", "กองช่าง") == "กองคลัง กองช่าง"


def test_a_word_broken_in_a_narrow_cell_is_one_word():
    # a browser's narrow unit cell wraps คะแนน as "คะแน" over "น": read apart, the page's
    # text lost a dictionary word a row, a short page fell under the layer's quality bar
    # and went to OCR, which misread a score
    from pipeline.readers.pdf_lines import Line
    from pipeline.readers.pdf_tables import _cell_text

    def cell(*texts):
        return _cell_text([Line(top=i, text=t) for i, t in enumerate(texts)])

    assert cell("คะแน", "น") == "คะแนน" and cell("หน่วยงานที่รั", "บผิดชอบ") == "หน่วยงานที่รับผิดชอบ"
    # words that read either way keep their space
    assert cell("ได้รับ", "คะแนน") == "ได้รับ คะแนน" and cell("กองการ", "ศึกษา") == "กองการ ศึกษา"
    assert cell("ผ่านเกณฑ์การ", "ประเมิน") == "ผ่านเกณฑ์การ ประเมิน"


def test_a_running_header_ocr_misread_on_one_page_opens_no_document():
    from pipeline.pages import PageResult

    running = "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    memo = [running, "บันทึกข้อความ", "ส่วนราชการ องค์การบริหารส่วนตำบลหนองแวง",
            "ที่ รอ ๗๗๒๒๐/๗๓๑ วันที่ ๒๔ พฤศจิกายน ๒๕๖๖", "เรื่อง รายงานผลการประเมิน ITA ประจำปี ๒๕๖๖",
            "เรียน นายกองค์การบริหารส่วนตำบลหนองแวง"] + [f"{n}. การปฏิบัติหน้าที่\tได้รับคะแนน ๙๖.๕๐" for n in range(1, 6)]
    memo2 = [running, "- 2 -"] + [f"{n}. การใช้อำนาจ\tได้รับคะแนน ๙๓.๓๔" for n in range(6, 11)]
    memo2.append("จึงเรียนมาเพื่อโปรดทราบและพิจารณา")
    # page 3: the analysis' own title, a section heading at its foot; page 4 opens with
    # the running header as OCR read it (a space lost), which is no title block under that heading
    report = ["รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", "- 3 -",
              "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
              "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
              "องค์การบริหารส่วนตำบลหนองแวง อำเภอเกษตรวิสัย จังหวัดร้อยเอ็ด",
              "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
              "ขององค์การบริหารส่วนตำบลหนองแวง ได้คะแนน ๙๔.๐๙ คะแนน อยู่ในระดับ ผ่าน",
              "ดังรายละเอียดต่อไปนี้",
              "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "คะแนนรวม ๙๕.๘๐ คะแนน",
              "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "คะแนนรวม ๙๓.๗๒ คะแนน",
              "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "คะแนนรวม ๙๑.๘๘ คะแนน",
              "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]
    table = ["รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.๒๕๖๖",
             "ที่\tตัวชี้วัดและข้อคำถาม\tประเด็น/ข้อค้นพบ\tแนวทางการพัฒนา\tผู้รับผิดชอบ",
             "๑\tตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ I๔\tบุคลากรบางส่วน\tจัดทำคู่มือ\tสำนักปลัด"]
    pages = [PageResult(page_no=n, method="ocr", text="\n".join(t))
             for n, t in ((1, memo), (2, memo2), (3, report), (4, table))]
    docs = split_documents(pages)
    assert len(docs) == 2
    assert docs[1].lines[0].text.startswith("รายงานการวิเคราะห์")
    assert docs[1].lines[-1].page_no == 4
    # a title of another year on a page's head is not the running header misread
    from pipeline.segment import page_lines, running_lines

    assert table[0] in running_lines(page_lines(pages))
    other = list(table)
    other[0] = "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
    pages[3] = PageResult(page_no=4, method="ocr", text="\n".join(other))
    assert other[0] not in running_lines(page_lines(pages))


def test_a_heading_cell_broken_by_the_page_goes_on_in_the_next_pages_first_row():
    # Word broke the row: "ตัวชี้วัดที่ 4 การใช้ทรัพย์สิน" (no code yet) / "ของราชการ I24";
    # a next row naming its indicator, even garbled (ตัวธีวัดที 5), starts a row of its own
    head = "ข้อคำถาม ITA\tมาตรการ\tแนวทางปฏิบัติ\tผลการวิเคราะห์\tระยะเวลา\tหน่วยงานที่รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    first = ("ตัวชี้วัดที่ 4 การใช้ทรัพย์สิน\tจัดทำทะเบียน\t1. สำรวจ\tไม่ทราบแนวปฏิบัติ\tตุลาคม 2564\tกองคลัง", frame)
    rest = ("ของราชการ I24\tควบคุมการยืม\t2. ปรับปรุง\tที่ถูกต้อง\t\t", frame)
    own = ("ตัวธีวัดที 5 การแก้ไขปัญหาการทุจริต I29\tประกาศเจตจำนง\t1. แต่งตั้ง\tไม่นำผลมาปรับปรุง\tตุลาคม 2564\tกองช่าง",
           frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), first], [rest, own]]), "f", "r", 2564)).measures
    assert [m.question_codes for m in got] == [["I24"], ["I29"]]
    assert got[0].measure == "จัดทำทะเบียน ควบคุมการยืม" and got[0].page == 1
    # a heading cell that has its code already: the next page's first row is its own
    done = ("ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ I24\tจัดทำทะเบียน\t1. สำรวจ\tไม่ทราบ\tตุลาคม 2564\tกองคลัง", frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), done], [rest]]), "f", "r", 2564)).measures
    assert len(got) == 2


def test_a_stray_mark_in_a_question_column_header_keeps_its_role():
    from pipeline.extract.table_rows import header_role

    assert header_role("ประเด็นการ่ประเมิน (ข้อ คำถาม)") == "codes"  # OCR's ่ after การ
    assert header_role("ประเด็นการประเมิน (ข้อคำถาม)") == "codes"
    assert header_role("ประเด็น/ข้อคำถาม") == "issue"  # named for the issue too
    assert header_role("ประเด็นที่ต้องพัฒนา") == "issue"


def test_a_repeated_header_that_lost_its_first_cell_keeps_the_tables_columns():
    # OCR dropped the narrow "ลำดับที่" of the header repeated on page 2: the rows still
    # have every column, so the table's roles stay (the code cell stays the code cell)
    head = "ลำดับที่\tประเด็นการประเมิน (ข้อคำถาม)\tข้อบกพร่อง/จุดอ่อน\tแนวทางการพัฒนา\tผู้รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    doc = doc_of([
        [(head, frame), ("1\tตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ I2\tไม่เป็นไปตามขั้นตอน\tกำชับเจ้าหน้าที่\tสำนักปลัด", frame)],
        [(head.split("\t", 1)[1], frame),
         ("5\tตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต ๒๙\tไม่นำผลมาปรับปรุง\tประชาสัมพันธ์ช่องทาง\tกองคลัง", frame)],
    ])
    got = extract_measures(DocContext(doc, "f", "r", 2568)).measures
    assert [(m.indicator, m.question_codes, m.issue) for m in got] == [
        (1, ["I2"], "ไม่เป็นไปตามขั้นตอน"), (5, ["I29"], "ไม่นำผลมาปรับปรุง")]


def test_a_repeated_header_with_specks_read_as_a_code_is_still_a_header():
    # a 200-dpi scan's bold header: upper marks read as "O๙" before ขั้นตอน…; no data row
    head = "ตัวชี้วัดและข้อคำถาม\tประเด็น/ข้อค้นพบ\tมาตรการส่งเสริมคุณธรรม\tขั้นตอนการดำเนินการ\tผู้รับผิดชอบ\tกำหนดเวลาแล้วเสร็จ"
    again = "ฆ ae ตัวชีวัดและ ข้อคำถาม\tS เว ประเด็น/ข้อ ค้นพบ\tมาตรการส่งเสริมคุณธรรม\tO๙ ขนตอน การ ดำเนิน การ\tVo = ผูรบผด ชอบ\t๐ กาหนด เวลาแล้ว เสร็จ"
    row = "ตัวชี้วัดที่ {} {} I{}\tบุคลากรบางส่วนไม่ทราบแนวปฏิบัติ\tจัดทำแนวปฏิบัติ\t1. ประชุม\tกองคลัง\tตุลาคม 2568"
    frame = (0.05, 0.1, 0.95, 0.2)
    doc = doc_of([[(head, frame), (row.format(3, "การใช้อำนาจ", 13), frame)],
                  [(again, frame), (row.format(4, "การใช้ทรัพย์สินของราชการ", 23), frame)]])
    got = extract_measures(DocContext(doc, "f", "r", 2568)).measures
    assert [(m.indicator, m.question_codes) for m in got] == [(3, ["I13"]), (4, ["I23"])]


def test_an_oit_checklist_header_after_a_measures_table_starts_its_own_table():
    # one cell fewer than the measures header, agreeing on unit and status only: a new table
    head = "ลำดับที่\tตัวชี้วัด\tมาตรการ/แนวทาง\tหน่วยงานที่รับผิดชอบ\tผลการดำเนินการ"
    frame = (0.05, 0.1, 0.95, 0.2)
    doc = doc_of([[(head, frame), ("1\tตัวชี้วัดที่ 1 การปฏิบัติหน้าที่\tจัดทำคู่มือการปฏิบัติงาน\tกองคลัง\t☑ ดำเนินการ", frame)],
                  [("ตัวชี้วัดย่อย\tข้อมูล\tหน่วยงานรับผิดชอบ\tผลการดำเนินการ", frame),
                   ("0ง1\tข้อมูลตามแบบตรวจ OIT ข้อ 1\tกองคลัง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", frame)]])
    got = extract_measures(DocContext(doc, "f", "r", 2566)).measures
    assert [m.indicator for m in got] == [1]


def test_a_code_column_header_behind_a_speck_keeps_its_role():
    # a scan's speck read as a lone Thai letter before the narrow column's "ข้อ": the
    # column still holds the codes (without it every row's code was lost)
    from pipeline.extract.table_rows import header_role

    assert header_role("ฆ ข้อ") == "codes" and header_role("มู ป ประเด็น/ข้อค้น พบ") == "issue"
    assert header_role("ฆ ข ค") is None and header_role("ปี 2567") is None
    head = "ต1วชีชิ้ววัด\tฆ ข้อ\tมู ป ประเด็น/ข้อค้น พบ\tแนวทางการ พัฒนา\t๕ ขั้นตอน/ วิธีการปฏิบัติ\tง หน่วยงา น ที่รับผิด ชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    rows = [("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่\tI4 I5\tเจ้าหน้าที่ยังไม่เป็นไปตามขั้นตอน\tกำชับเจ้าหน้าที่\t1. เผยแพร่ประกาศ\tกองช่าง", frame),
            ("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล\tO21\tรายงานยังเผยแพร่ไม่ครบ\tแต่งตั้งผู้รับผิดชอบ\t1. เผยแพร่ประกาศ\tสำนักปลัด", frame)]
    got = extract_measures(DocContext(doc_of([[(head, frame), *rows]]), "f", "r", 2568)).measures
    assert [m.question_codes for m in got] == [["I4", "I5"], ["O21"]]


def test_codes_wrapped_with_a_heading_across_the_page_stay_in_its_row():
    # Word broke the last row: "ตัวชี้วัดที่ 10" | "O37" / "การป้องกันการ ทุจริต" | "O40 O43":
    # the code cell holds only the codes that wrapped with the heading's name
    head = "ตัวชี้วัด\tข้อ\tประเด็น/ข้อค้นพบ\tแนวทางการพัฒนา\tขั้นตอน/วิธีการปฏิบัติ\tหน่วยงานที่รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    before = [("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร\tE9\tชี้แจงไม่ชัดเจน\tเพิ่มช่องทาง\t1. ประชุม\tกองคลัง", frame),
              ("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล\tO21\tเผยแพร่ไม่ครบ\tแต่งตั้งผู้รับผิดชอบ\t1. เผยแพร่\tสำนักปลัด", frame),
              ("ตัวชี้วัดที่ 10\tO37\tการวิเคราะห์ผลการ\tประเมินความเสี่ยง\t1. ประชุม\tกองการ", frame)]
    rest = ("การป้องกันการ ทุจริต\tO40 O43\tประเมินในปีที่ผ่านมา\tการทุจริตประจำปี\t2. จัดทำคู่มือ\tศึกษา", frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), *before], [rest]]), "f", "r", 2568)).measures
    assert [m.question_codes for m in got] == [["E9"], ["O21"], ["O37", "O40", "O43"]]
    assert got[2].indicator == 10 and got[2].page == 1
    # a next page's row that names its own indicator is a row of its own
    own = ("ตัวชี้วัดที่ 10 การป้องกันการทุจริต\tO40 O43\tประเมินไม่ครบ\tจัดทำแผน\t1. ประชุม\tกองคลัง", frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), *before], [own]]), "f", "r", 2568)).measures
    assert [m.question_codes for m in got] == [["E9"], ["O21"], ["O37"], ["O40", "O43"]]


def test_a_code_column_whose_header_ocr_lost_is_known_by_its_codes():
    # the narrow column's header read as specks only: no role, but its cells hold codes alone
    head = "ตัวชี้วัด\tฆ ข ค\tประเด็น/ข้อค้นพบ\tแนวทางการพัฒนา\tขั้นตอน/วิธีการปฏิบัติ\tหน่วยงานที่รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    rows = [("ตัวชี้วัดที่ 3 การใช้อำนาจ\tI15 I17\tการคัดเลือกยังไม่เปิดเผย\tกำหนดหลักเกณฑ์\t1. สำรวจ\tกองช่าง", frame),
            ("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร\tงบ 10,000\tชี้แจงไม่ชัดเจน\tเพิ่มช่องทาง\t1. ประชุม\tกองคลัง", frame)]
    got = extract_measures(DocContext(doc_of([[(head, frame), *rows]]), "f", "r", 2568)).measures
    assert [m.question_codes for m in got] == [["I15", "I17"], []]  # no code made of an amount


def test_a_heading_whose_number_ocr_read_as_specks_names_its_indicator():
    # "ตัวชี้วัดที่ «๑ การ เปิดเผยข้อมูล O๒๖": the number read as specks; the name says 9
    head = "ข้อคำถาม ITA\tประเด็นที่ต้องพัฒนา\tมาตรการ/แนวทาง\tแนวทาง ปฏิบัติ\tผู้รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    rows = [("ตัวชี้วัดที่ «๑ การ เปิดเผยข้อมูล O๒๖\tรายงานยังเผยแพร่ไม่ครบ\tแต่งตั้งผู้รับผิดชอบ\t๑. สำรวจ\tกองคลัง", frame),
            ("ตัวชี้วัดที่ ๑๐ การ ป้องกันการทุจริต O34 O35\tวิเคราะห์ไม่ครบ\tประเมินความเสี่ยง\t๑. ประชุม\tกองคลัง", frame)]
    got = extract_measures(DocContext(doc_of([[(head, frame), *rows]]), "f", "r", 2566)).measures
    assert [(m.indicator, m.question_codes) for m in got] == [(9, ["O26"]), (10, ["O34", "O35"])]


def test_a_next_pages_row_with_its_own_number_or_a_garbled_heading_is_its_own():
    # the rule that joins a heading's wrapped name must not swallow the next indicator's row
    # whose heading OCR garbled ("ตัจวชี้วัดที่8") under a row-number column OCR misread
    head = "ลำด ui\tประเด็นตัวชี้วัด\tมาตรการส่งเสริมคุณธรรม\tระยะเวลา\tหน่วยงานที่รับผิดชอบ"
    frame = (0.05, 0.1, 0.95, 0.2)
    before = [("๖\tตัวชี้วัดที่6 คุณภาพการดำเนินงาน\tปรับปรุงมาตรฐานการให้บริการ\tต.ค. 63 ถึง ก.ย. 64\tกองช่าง", frame),
              ("๗\tตัวชี้วัดที่7 ประสิทธิภาพ การสื่อสาร\tจัดทำช่องทางถาม-ตอบ\t1 ตุลาคม 2563\tสำนักปลัด", frame)]
    nxt = ("๘\tตัจวชี้วัดที่8 การปรับปรุง ระบบการทำงาน\tพัฒนาระบบ และประชาสัมพันธ์\t1 ตุลาคม 2563\tกองคลัง", frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), *before], [nxt]]), "f", "r", 2564)).measures
    assert len(got) == 3 and got[2].page == 2
    unnumbered = ("ฯ\tตัจวชี้วัดที่8 การปรับปรุง ระบบการทำงาน\tพัฒนาระบบ และประชาสัมพันธ์\t1 ตุลาคม 2563\tกองคลัง", frame)
    got = extract_measures(DocContext(doc_of([[(head, frame), *before], [unnumbered]]), "f", "r", 2564)).measures
    assert len(got) == 3 and got[2].page == 2


def test_a_running_head_over_a_ranked_list_with_one_long_item_makes_no_table():
    from pipeline.readers import unruled

    # Word's running head set at the right ("เทศบาลตำบลหินตั้ง") over a ranked list's
    # items "5.<tab>การใช้งบประมาณ ได้รับคะแนน 78.76 คะแนน", the longest of which reaches
    # past the others with a word space as wide as a gutter ("77.35 | คะแนน"): four
    # white-separated strips, the third one item's last word and the fourth the head's
    # alone; the items are lines (a memo's indicators 5-7 were lost)
    head = ([(430.0, 520.0)], 14.0)
    texts = {0: ["", "", "", "เทศบาลตำบลหินตั้ง"]}
    lines = [head]
    items = [("5.", "การใช้งบประมาณ ได้รับคะแนน 78.76 คะแนน", ""),
             ("6.", "การปรับปรุงระบบการทำงาน ได้รับคะแนน 77.35", "คะแนน"),
             ("7.", "การใช้อำนาจ ได้รับคะแนน 76.42 คะแนน", "")]
    # the items' word spaces (0.36 em) fall at other places on each line
    words = [[(40.0, 120.0), (125.0, 200.0), (205.0, 300.0)], [(40.0, 150.0), (155.0, 250.0), (255.0, 300.0)],
             [(40.0, 120.0), (125.0, 200.0), (205.0, 300.0)]]
    for (number, text, unit), spans in zip(items, words):
        texts[len(lines)] = [number, text, unit, ""]
        lines.append(([(0.0, 10.0), *spans] + ([(330.0, 360.0)] if unit else []), 14.0))
    assert unruled.find_blocks(lines, lambda k, edges: texts[k]) == []
    # the same items whose units all stand apart write in three columns: a table
    for k in range(1, len(lines)):
        lines[k] = ([(0.0, 10.0), *words[k - 1], (330.0, 360.0)], 14.0)
    (block,) = unruled.find_blocks(lines, lambda k, edges: texts[k])
    assert len(block.edges) == 3


def test_a_running_head_over_a_ranked_list_makes_no_table():
    from pipeline.readers import unruled

    # Word's running head "รายงาน… - 2 - | พ.ศ. | ๒๕๖๗" over a ranked list whose items
    # ("๒. | ประสิทธิภาพการติดตาม ได้รับคะแนน ๑๐๐.๐๐ คะแนน") write in two columns only:
    # the strips right of the items are white only because the items are short
    head = ([(40.0, 300.0), (350.0, 380.0), (420.0, 460.0)], 14.0)
    texts = {0: ["", "รายงานผลการประเมิน ITA ประจำปีงบประมาณ - 2 -", "พ.ศ.", "๒๕๖๗"]}
    lines = [head]
    for n, name in enumerate(["ประสิทธิภาพการติดตาม", "การป้องกันการทุจริต", "คุณภาพการดำเนินงาน"], 2):
        texts[len(lines)] = [f"{n}.", f"{name} ได้รับคะแนน 9{n}.00 คะแนน", "", ""]
        lines.append(([(0.0, 10.0), (40.0, 250.0)], 14.0))
    assert unruled.find_blocks(lines, lambda k, edges: texts[k]) == []
    # the same list whose items write in every column is a table
    for k in range(1, len(lines)):
        lines[k] = ([(0.0, 10.0), (40.0, 250.0), (355.0, 375.0), (425.0, 455.0)], 14.0)
    (block,) = unruled.find_blocks(lines, lambda k, edges: texts[k])
    assert block.rows == ((0,), (1,), (2,), (3,))
