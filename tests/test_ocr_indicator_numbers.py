"""An indicator number that Thai OCR read as a letter (๗ as ๆ, ข or ฆ where it touches
ตัวชี้วัดที่): the digit again only where the name after it is that indicator's."""

import pytest

from pipeline.ocr.indicator_numbers import repair_indicator_numbers


@pytest.mark.parametrize("line, expected", [
    # indicator 7 is ประสิทธิภาพการสื่อสาร (ITA catalog): ๆ ข ฆ are Tesseract's ๗
    ("ตัวชี้วัดที่ๆ ประสิทธิภา พการ สื่อสาร\te๖ E๘\tหน่วยงาน",
     "ตัวชี้วัดที่ ๗ ประสิทธิภา พการ สื่อสาร\te๖ E๘\tหน่วยงาน"),
    ("ตัวชี้วัดที่ฆ ประสิทธิภาพการสื่อสาร eo E๘ 10\tจัดทำ",
     "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร eo E๘ 10\tจัดทำ"),
    ("ตัวชีวัดที่ข ประสิทธิภาพการสื่อสาร\tจัดทำ", "ตัวชีวัดที่ ๗ ประสิทธิภาพการสื่อสาร\tจัดทำ"),
])
def test_a_lookalike_before_its_indicators_name_is_the_digit(line, expected):
    assert repair_indicator_numbers(line) == expected


@pytest.mark.parametrize("line", [
    "ตัวชี้วัดที่ๆ การใช้อำนาจ\tx",  # indicator 3's name: ๆ is no 3, kept as read
    "ตัวชี้วัดที่ก ประสิทธิภาพการสื่อสาร",  # ก is no look-alike of a digit
    "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร",  # read right
    "ตัวชี้วัดที่ การใช้อำนาจ",  # no ink read at all: nothing is made up
    "ตัวชี้วัดที่ๆ ข้อมูลอื่น ๆ",  # no indicator's name after it
])
def test_anything_else_is_kept_as_read(line):
    assert repair_indicator_numbers(line) == line
