"""A word the code step took for a code (`11` → I1, its first glyph judged a capital I)
that the digit model reads as another number (`17`, OIT ข้อ 17): the number stands."""

from pipeline.ocr.page import _code_or_number
from pipeline.ocr.settings import OcrWord


def _w(text):
    return OcrWord(text, 60.0, 1202, 492, 65, 94, 2, 2, 1, 1)


def test_the_digit_models_other_number_beats_a_code_made_of_a_misread_digit():
    assert _code_or_number((_w("11"), _w("I1")), _w("17")).text == "17"
    assert _code_or_number((_w("11"), _w("I1")), _w("๑๗")).text == "๑๗"


def test_a_code_the_digit_model_agrees_with_is_kept():
    # I20 read 120: the digit model reads the same digits after the first, or drops the I
    assert _code_or_number((_w("120"), _w("I20")), _w("120")).text == "I20"
    assert _code_or_number((_w("120"), _w("I20")), _w("I0")).text == "I20"
    # a code the eng model read from letters (E12 read £12): the digit step does not decide
    assert _code_or_number((_w("£12"), _w("E12")), _w("612")).text == "E12"
