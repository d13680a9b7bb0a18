"""Question codes re-read where Thai OCR garbled them (pipeline/ocr/codes.py): the
capital I told from the digit 1 by its shape, and an eng reading kept only where it
agrees with the page's number."""

import numpy as np
import pytest

from pipeline.ocr.codes import _is_candidate, accepted, capital_i


def _glyph(rows: list[str]) -> np.ndarray:
    return np.array([[ch == "#" for ch in row] for row in rows])


def _stem(width: int, height: int, left_pad: int, right_pad: int) -> list[str]:
    return ["." * left_pad + "#" * width + "." * right_pad] * height


SERIF_I = ["#" * 15] * 4 + _stem(5, 26, 5, 5) + ["#" * 15] * 4
SANS_I = ["#" * 5] * 34
# a 1 with its flag reaching down to the left and a foot bar (DejaVu Sans)
ONE_WITH_FOOT = ([".........#####", "........######", ".......#######", ".....#########",
                  "...###########", ".#############", "#######..#####", "####.....#####"]
                 + [".........#####"] * 22 + ["##############"] * 4)
ONE_PLAIN = ONE_WITH_FOOT[:-4] + [".........#####"] * 4


@pytest.mark.parametrize("rows, expected", [
    (SERIF_I, True), (SANS_I, True), (ONE_WITH_FOOT, False), (ONE_PLAIN, False),
    (["#" * 20] * 30, False),  # a blot, no stroke
    (SERIF_I[:6], False),  # too small to tell
])
def test_capital_i_by_shape(rows, expected):
    assert capital_i(_glyph(rows)) is expected


def test_serif_i_with_one_sided_top_is_a_one():
    # the top bar reaching left only is a 1's flag, whatever its foot
    rows = ["##########....."] * 4 + _stem(5, 26, 5, 5) + ["#" * 15] * 4
    assert not capital_i(_glyph(rows))


@pytest.mark.parametrize("own, reading, code", [
    ("120", "I20", "I20"),  # the I read as 1
    ("514", "E14", "E14"),  # the E read as 5
    ("El2", "E12", "E12"),  # the 1 read as l
    ("14", "I14", "I14"),  # the letter dropped
    ("042", "O42", "O42"),
    ("120", "120", None),  # no letter in the ink
    ("25", "I2", None),  # another number
    ("65", "E6", None),
    ("514", "I14", None),  # 5 is no look-alike of I
    ("107", "I07", None),  # no code has a leading zero
    ("175", "I75", None),  # beyond any code
])
def test_accepted_only_where_the_number_agrees(own, reading, code):
    assert accepted(own, reading) == code


@pytest.mark.parametrize("text, candidate", [
    ("120", True), ("514", True), ("El2", True), ("14", True),
    ("2565", False),  # a year
    ("E12", False),  # a code already
    ("12.", False),  # a list number
    ("ab", False), ("๑๒", False), ("1", False),
])
def test_candidates(text, candidate):
    assert _is_candidate(text) is candidate


def test_a_code_read_as_letters_in_a_code_column_is_read_again():
    # a narrow code cell: I14 over I16 and I18; Thai OCR read the first as "a". The codes
    # under it say the column holds I-codes: the eng model reads the word's ink again
    import time

    from PIL import Image, ImageDraw, ImageFont

    from pipeline.ocr.codes import _reread_column
    from pipeline.ocr.settings import OcrSettings, OcrWord

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 40)
    im = Image.new("L", (900, 500), 255)
    d = ImageDraw.Draw(im)
    words = []
    for k, (text, read) in enumerate((("I14", "a"), ("I16", "I16"), ("I18", "I18"))):
        top = 50 + 100 * k
        d.text((100, top), text, font=font, fill=0)
        x0, y0, x1, y1 = d.textbbox((100, top), text, font=font)
        words.append(OcrWord(read, 80.0, x0, y0, x1 - x0, y1 - y0, 1, 1, k + 1, 1))
    # a word of letters alone elsewhere on the page: no code column beside it
    d.text((600, 50), "BO", font=font, fill=0)
    x0, y0, x1, y1 = d.textbbox((600, 50), "BO", font=font)
    words.append(OcrWord("BO", 80.0, x0, y0, x1 - x0, y1 - y0, 1, 1, 1, 2))
    got = _reread_column(im, words, OcrSettings(), time.time() + 60)
    assert [w.text for w in got] == ["I14", "I16", "I18", "BO"]


def _word(text, left, line=1):
    from pipeline.ocr.settings import OcrWord
    return OcrWord(text, 90.0, left, 100, 80, 43, 2, 6, line, 1)


def test_a_four_digit_word_among_codes_is_read_again():
    # `I25 I27 I30` that Thai Tesseract read as `125 127 1330` (the I of I30 as "13")
    from pipeline.ocr.codes import _is_candidate, _long_i_codes
    words = [_word("125", 315), _word("127", 418), _word("1330", 521),
             _word("1330", 315, line=2), _word("บาท", 420, line=2)]
    todo = [i for i, w in enumerate(words) if _is_candidate(w.text)]
    assert todo == [0, 1]
    # on the code list's line it is read again; beside a word of Thai (an amount) it is not
    assert _long_i_codes(words, todo) == [2]


@pytest.mark.parametrize("own, reading, is_i, code", [
    ("1330", "130", True, "I30"),  # the ink's I, the eng model's 1 and 30 that ends the word
    ("1330", "I30", True, "I30"),
    ("1330", "130", False, None),  # the first letter a 1 by its shape: an amount
    ("1330", "133", True, None),  # digits the word does not end with
    ("1175", "175", True, None),  # no code I75
])
def test_a_four_digit_code_needs_the_i_shape_and_its_own_digits(own, reading, is_i, code):
    from pipeline.ocr.codes import _long_i_code
    assert _long_i_code(own, reading, is_i) == code


@pytest.mark.parametrize("line, expected", [
    # indicator 8 (การปรับปรุงระบบการทำงาน) is an EIT indicator: "ell" is its code e11
    ("ตัวชี้วัดที่8 การปรับปรุงระบบ. การทำงาน ell\tผู้รับบริการ",
     "ตัวชี้วัดที่8 การปรับปรุงระบบ. การทำงาน e11\tผู้รับบริการ"),
    ("ตัวชีวัดที่8 การปรับปรุงระบบการทำงาน el]\tพัฒนาระบบ",
     "ตัวชีวัดที่8 การปรับปรุงระบบการทำงาน e11\tพัฒนาระบบ"),
    # the codes in a cell of their own after the indicator's (a row number before it)
    ("4\tตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่\tIl\tกำชับ", "4\tตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่\tI1\tกำชับ"),
    # indicator 2 is IIT's: an e-word there is no code of it; kept as read
    ("ตัวชี้วัดที่ 2 การใช้งบประมาณ ell\tบุคลากร", "ตัวชี้วัดที่ 2 การใช้งบประมาณ ell\tบุคลากร"),
    # no indicator cue: a line of prose keeps its words
    ("Hello ell Ill", "Hello ell Ill"),
])
def test_ones_read_as_strokes_in_an_indicator_cell(line, expected):
    from pipeline.ocr.codes import ones_after_indicator
    assert ones_after_indicator(line) == expected


def test_a_number_after_the_item_word_is_no_code():
    # `OIT ข้อ 14`: Thai Tesseract gives ข้อ as letters, then 14, which the eng model
    # reads as I4; after ข้อ it is an item's number
    from pipeline.ocr.codes import _after_item_word, _is_candidate
    words = [_word("OIT", 900), _word("ข้", 1072), _word("อ", 1143), _word("14", 1202),
             _word("125", 315, line=2), _word("127", 418, line=2)]
    todo = [i for i, w in enumerate(words) if _is_candidate(w.text)]
    assert 3 in todo
    assert _after_item_word(words, todo) == {3}
