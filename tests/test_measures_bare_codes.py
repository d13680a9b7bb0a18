"""Question numbers OCR left bare in a code column take the letter of the row's
indicator's tool (pipeline/extract/measures._with_bare_tail), never the indicator's
own number."""

from pipeline.extract.context import DocContext
from pipeline.extract.measures import extract_measures
from pipeline.segment import Document, Line

HEADER = "ตัวชี้วัด\tข้อคำถาม\tข้อบกพร่อง/จุดอ่อน\tมาตรการ\tผู้รับผิดชอบ"


def _extract(*lines: str, fy: int = 2565):
    """The measures and flags of an O42 document of these lines (a table: tab-separated)."""
    doc = Document(0, "o42_analysis_measures", tuple(Line(1, t) for t in lines))
    return extract_measures(DocContext(doc, "f1", "r1", fy))


def _codes(*rows: str, fy: int = 2565) -> list[list[str]]:
    return [m.question_codes for m in _extract(HEADER, *rows, fy=fy).measures]


def test_bare_numbers_take_the_indicators_letter():
    assert _codes(
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\t20 22\tบุคลากรไม่ทราบแนวปฏิบัติ\tจัดทำทะเบียน\tกองคลัง",
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tE12 14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
    ) == [["I20", "I22"], ["E12", "E14"]]


def test_a_code_of_another_tool_keeps_the_bare_number_out():
    # I12 under an EIT indicator: the cell is not one tool's, the bare 14 stays unread
    assert _codes(
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tI12 14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
    ) == [["I12"]]


def test_an_o_code_under_an_eit_indicator_is_its_e_code():
    # OCR reads a code's e as o, O, 0 or ๐; an EIT indicator's questions are E-questions
    assert _codes(
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tO12 14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
        "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน\t๐3\tบริการไม่เท่าเทียม\tอบรมจิตบริการ\tกองช่าง",
        "ตัวชี้วัดที่ 10 การป้องกันการทุจริต\tO34 O41\tความเสี่ยงไม่ครอบคลุม\tประชุม\tกองช่าง",
        "ตัวชี้วัดที่ 2 การใช้งบประมาณ\tO12\tบุคลากรยังรับรู้แผนไม่ทั่วถึง\tเผยแพร่แผน\tกองคลัง",
    ) == [["E12", "E14"], ["E3"], ["O34", "O41"], ["O12"]]


def test_letters_ocr_misread_in_the_tail_take_the_tools_letter():
    # เ/โ/อ for the letter, a letter read as 1 before two digits, two codes run together
    assert _codes(
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต\tI25 เ28 130\tไม่นำผลมาปรับปรุง\tประกาศเจตจำนง\tกองคลัง",
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tE11 ๑14 E15\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
        "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร\tE8 ๐9๐10\tเข้าถึงได้ยาก\tเพิ่มช่องทาง\tกองช่าง",
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต\t12627\tไม่นำผลมาปรับปรุง\tประกาศเจตจำนง\tกองคลัง",
    ) == [["I25", "I28", "I30"], ["E11", "E14", "E15"], ["E8", "E9", "E10"], ["I26", "I27"]]


def test_a_year_or_a_word_is_no_code():
    # a Buddhist-era year is not two codes run together; a Thai word ends the tail
    assert _codes(
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต\tปี 2560\tไม่นำผลมาปรับปรุง\tประกาศเจตจำนง\tกองคลัง",
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต\tการทุจริต\tไม่นำผลมาปรับปรุง\tประกาศเจตจำนง\tกองคลัง",
    ) == [[], []]


def test_codes_under_a_garbled_code_header_are_read_from_the_heading_cell():
    # "ข้อคำถาม ITA" read as "JOMIM ITA": the cell that starts ตัวชี้วัดที่ N holds the codes
    text = "\n".join((
        "JOMIM ITA\tผลการวิเคราะห์\tมาตรการ/แนวทาง\tวิธีการดำเนินการ\tผู้รับผิดชอบ",
        "ตัวชี้วัดที่ 3 การใช้อำนาจ I18\tการมอบหมายงานไม่ชัดเจน\tกำหนดหลักเกณฑ์\t1. สำรวจ\tกองช่าง",
        "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต I25 เ28 i30\tไม่นำผลมาปรับปรุง\tประกาศ\t1. สำรวจ\tกองคลัง",
        "วชีวัดที่9 การเปิดเผย ข้อมูล O8\tข้อมูลบนเว็บไซต์ไม่เป็นปัจจุบัน\tตรวจสอบ\t1. สำรวจ\tกองคลัง",
    ))
    got = [(m.indicator, m.question_codes) for m in _extract(*text.split("\n"), fy=2566).measures]
    assert got == [(3, ["I18"]), (5, ["I25", "I28", "I30"]), (9, ["O8"])]


def test_the_indicators_own_number_is_no_code():
    # a code column holding only the indicator's heading: no code invented from its 2
    rows = _codes(
        "ตัวชี้วัดที่ 2 การใช้งบประมาณ\tตัวชี้วัดที่ 2\tบุคลากรยังรับรู้แผนไม่ทั่วถึง\tเผยแพร่แผน\tกองคลัง",
    )
    assert rows == [[]]


def test_bare_number_before_a_code():
    assert _codes(
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\t20 I22\tบุคลากรไม่ทราบแนวปฏิบัติ\tจัดทำทะเบียน\tกองคลัง",
    ) == [["I20", "I22"]]


def test_a_thai_digit_before_arabic_ones_is_the_codes_letter_and_specks_are_skipped():
    # "๑3": OCR read e3's e as ๑ (no number mixes Thai and Arabic digits); ")]" is a speck
    assert _codes(
        "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน\t๑3\tบริการไม่เท่าเทียม\tอบรมจิตบริการ\tกองช่าง",
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\t๒๑ )] ๒๓ I24\tขั้นตอนการยืมไม่สะดวก\tจัดทำทะเบียน\tกองคลัง",
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\t๒๑\tขั้นตอนการยืมไม่สะดวก\tจัดทำทะเบียน\tกองคลัง",
    ) == [["E3"], ["I21", "I23", "I24"], ["I21"]]


def test_a_garbled_heading_gives_the_indicator_by_its_name():
    # ตัวชี่วัดที่ (่ for ้), ตัวขี้วัด (ข for ช), a heading without its number: the name says
    text = "\n".join((
        "ข้อคำถาม ITA\tผลการวิเคราะห์\tมาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ",
        "ตัวชี่วัดที่2 การใช้งบประมาณ I10\tรับรู้แผนไม่ทั่วถึง\tเผยแพร่แผน\t1. ประชุม\tกองคลัง",
        "ตัวขี้วัดที๙ การเปิดเผย ข้อมูล O4 O15\tเผยแพร่ไม่ครบ\tแต่งตั้งผู้รับผิดชอบ\t1. สำรวจ\tกองคลัง",
        "ตัวชี้วัดที่ การปรับปรุงระบบการทำงาน 11 14\tผู้ใช้น้อย\tพัฒนาระบบ\t1. สำรวจ\tกองช่าง",
    ))
    got = _extract(*text.split("\n"), fy=2566).measures
    assert [(m.indicator, m.question_codes) for m in got] == [
        (2, ["I10"]), (9, ["O4", "O15"]), (8, ["E11", "E14"])]


def test_specks_before_a_heading_give_no_code():
    # a bold line's upper marks read as "e๙ ๘ e๙ a" before ตัวชี้วัดที่ 3: no E9
    text = "\n".join((
        "ลำดับที่\tตัวชี้วัด\tมาตรการ/แนวทางการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา",
        "3\te๙ ๘ e๙ a ตัวชีวัดที 3 การใช้อำนาจ\tกำหนดหลักเกณฑ์\tกองคลัง\tปีงบประมาณ 2565",
        "5\tตัิวชวดท 5 การแก้ไขปัญหาการทุจริต\tประชาสัมพันธ์ช่องทาง\tกองคลัง\tปีงบประมาณ 2565",
    ))
    doc = Document(0, "o43_implementation_report", tuple(Line(1, t) for t in text.split("\n")))
    got = extract_measures(DocContext(doc, "f1", "r1", 2565)).measures
    assert [(m.indicator, m.question_codes) for m in got] == [(3, []), (5, [])]


def test_specks_under_a_table_are_no_row_and_a_heading_in_specks_still_names_its_indicator():
    text = "\n".join((
        "ข้อคำถาม ITA\tประเด็นที่ต้องพัฒนา\tมาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ",
        # specks before a garbled heading; its code's letter lost ("๓" under indicator 1: I3)
        "๙ สณั๑ส่ตวชวดท ๑ การปฏิบัติ หน้าที่ ๓\tผู้รับบริการเห็นว่าไม่เป็นไปตามขั้นตอน\tกำชับ\t1. ประชุม\tสำนักปลัด",
        # the heading word lost, its number left
        "๒ การใช้งบประมาณ I11\tบุคลากรรับรู้แผนไม่ทั่วถึง\tเผยแพร่แผน\t1. ประชุม\tกองคลัง",
        "0\t1\tง\tว ร ง4<4161\t. ..",  # a scanner's specks below the table
    ))
    result = _extract(*text.split("\n"), fy=2567)
    assert [(m.indicator, m.question_codes) for m in result.measures] == [(1, ["I3"]), (2, ["I11"])]
    assert not result.flags
