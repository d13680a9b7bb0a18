"""Question numbers OCR left bare in a code column take the letter of the row's
indicator's tool (pipeline/extract/measures._with_bare_tail), never the indicator's
own number."""

from pipeline.extract.context import DocContext
from pipeline.extract.measures import extract_measures
from pipeline.segment import Document, Line

HEADER = "ตัวชี้วัด\tข้อคำถาม\tข้อบกพร่อง/จุดอ่อน\tมาตรการ\tผู้รับผิดชอบ"


def _codes(*rows: str, fy: int = 2565) -> list[list[str]]:
    text = "\n".join((HEADER,) + rows)
    doc = Document(0, "o42_analysis_measures", tuple(Line(1, t) for t in text.split("\n")))
    return [m.question_codes for m in extract_measures(DocContext(doc, "f1", "r1", fy)).measures]


def test_bare_numbers_take_the_indicators_letter():
    assert _codes(
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\t20 22\tบุคลากรไม่ทราบแนวปฏิบัติ\tจัดทำทะเบียน\tกองคลัง",
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tE12 14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
    ) == [["I20", "I22"], ["E12", "E14"]]


def test_a_code_of_another_tool_keeps_the_bare_number_out():
    # O12 under an EIT indicator: the cell is not one tool's, the bare 14 stays unread
    assert _codes(
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน\tO12 14\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอน\tกองช่าง",
    ) == [["O12"]]


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
