"""A measures row whose question code OCR left as a bare number ("I7" read "7") is not
an indicator score row (pipeline/extract/score_rows.tab_row)."""

from pipeline.extract.score_rows import tab_row
from pipeline.segment import Line


def test_measures_row_with_a_bare_code_number_is_no_score_row():
    row = tab_row(Line(2, "1\tตัวชี้วัดที่ 2 การใช้งบประมาณ\t7\tบุคลากรภายในยังรับรู้แผนการใช้จ่ายงบประมาณไม่ทั่วถึง"
                          "\tเผยแพร่แผนการใช้จ่ายงบประมาณประจำปีบนเว็บไซต์\tสำนักปลัด"))
    assert row.name is None and row.values == []


def test_score_row_with_trailing_words_keeps_its_score():
    row = tab_row(Line(1, "๑\tการปฏิบัติหน้าที่\t๘๔.๑๗\tผ่านเกณฑ์"))
    assert row.name == "การปฏิบัติหน้าที่" and [v.number.value for v in row.values] == [84.17]
