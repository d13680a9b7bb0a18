"""Issue 17, numbers on Word and noisy scans (branch scannums): where a number stands
that Tesseract read as Latin or Thai letters, and the words it read twice."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import lines as ocr_lines
from pipeline.ocr import runs as ocr_runs
from tests.test_ocr_digits import FONT, Word, needs_fonts, one_word, render_line


def _letters(text: str, x: int, top: int = 100, h: int = 27, start: int = 1) -> list[Word]:
    """Tesseract's one word per Thai letter, 20 px apart."""
    return [Word(ch, 93.0, x + 20 * k, top, 16, h, word=start + k) for k, ch in enumerate(text)]


def _run_texts(words) -> list[list[str]]:
    return [[words[i].text for i in r] for r in ocr_runs.find_runs(words)]


def test_a_latin_garble_after_a_count_word_is_a_run():
    """'โดยมีผู้ตอบแบบสอบถามจำนวน me AU' (s9984 0004, scan 200 dpi: ๓๙ คน) and
    'จาก ad แห่ง' (๗๖ แห่ง): the garble is read again; after another Thai word it is not."""
    words = _letters("จํานวน", 100) + [Word("me", 48.0, 240, 100, 54, 27, word=10),
                                       Word("AU", 90.0, 310, 100, 48, 27, word=11)]
    assert _run_texts(words) == [["me"]]
    words = _letters("จาก", 100) + [Word("ad", 64.0, 180, 100, 54, 28, word=5)] + _letters("แห่ง", 250, start=6)
    assert _run_texts(words) == [["ad"]]
    words = _letters("ทาง", 100) + [Word("ad", 64.0, 180, 100, 54, 28, word=5)] + _letters("ของ", 250, start=6)
    assert _run_texts(words) == []


def test_a_short_latin_cell_between_cells_is_a_run():
    """A period cell's '๓๐' read 'so' on a Tesseract line that runs on through the row's
    other cells (o9983 0005, scan 200 dpi: 'ให้ทราบทั่วกัน | so | ดำเนินการ'), no digit on
    that line: a run. 'and' opening a line is none."""
    words = _letters("ทั่วกัน", 100) + [Word("so", 56.0, 986, 126, 46, 18, word=20)] + _letters("ดำเนิน", 1161, start=21)
    assert _run_texts(words) == [["so"]]
    words = [Word("and", 90, 0, 0, 30, 20, word=1), Word("on.", 90, 40, 0, 9, 20, word=2)]
    assert ocr_runs.find_runs(words) == []


def test_a_page_number_whose_digit_reads_as_thai_letters_is_a_run():
    """'- 5 -' read 'ะ' 'ธิ' '-' (s9984 0008 page 5, scan 200 dpi): the whole line is a run;
    a short Thai line without a dash is none."""
    words = [Word("ะ", 50.0, 822, 165, 10, 2, word=1), Word("ธิ", 35.0, 839, 150, 48, 27, word=2),
             Word("-", 84.0, 869, 135, 21, 48, word=3)]
    assert _run_texts(words) == [["ะ", "ธิ", "-"]]
    assert ocr_runs.find_runs(_letters("ธิดา", 100)) == []


@needs_fonts
def test_a_page_number_read_as_letters_is_written_with_its_dashes_alone():
    """The page number's line comes back as one word '- ๕ -', the pieces Tesseract made
    of its dashes emptied."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (400, 150), 255)
    draw = ImageDraw.Draw(img)
    bb = draw.textbbox((150, 50), "๓", font=font)
    draw.text((150, 50), "๓", font=font, fill=0)
    mid = (bb[1] + bb[3]) // 2
    draw.rectangle((bb[0] - 26, mid - 1, bb[0] - 8, mid + 1), fill=0)  # thin dashes, a space away
    draw.rectangle((bb[2] + 8, mid - 1, bb[2] + 26, mid + 1), fill=0)
    words = [Word("ะ", 50.0, bb[0] - 26, mid - 1, 19, 3, word=1),
             Word("ธิ", 35.0, bb[0] - 2, bb[1] - 3, bb[2] - bb[0] + 4, bb[3] - bb[1] + 6, word=2),
             Word("-", 84.0, bb[2] + 8, mid - 12, 19, 24, word=3)]
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed if w.text] == ["- ๓ -"]


def test_an_amount_wrapped_over_two_lines_of_its_cell_is_one_number():
    """A narrow cell's '20,000' printed '20,' over '000', OCR giving the last group as two
    lines ('00', then '0' off their baseline; s9984 0013, Word scan 300 dpi): 20,000. Three
    whole numbers stacked stay three."""
    assert ocr_lines._wrapped_number(["20,", "00", "0"]) == "20,000"
    assert ocr_lines._wrapped_number(["๑", "๒", "๓"]) is None
    assert ocr_lines._wrapped_number(["20,", "000"]) == "20,000"
    # a speck before the amount's first digit (a 200-dpi scan of a browser's grid)
    assert ocr_lines._wrapped_number([".5,00", "0"]) == "5,000"
    assert ocr_lines._wrapped_number([".5", "0"]) is None


def test_a_page_numbers_line_is_read_whole():
    """'- 2 -' read 'sey' 'ee' (o9983 0002 page 2, scan 200 dpi): both words are the run,
    the first not trimmed off as a word without digits."""
    words = [Word("sey", 19.0, 814, 149, 65, 27, word=1), Word("ee", 21.0, 858, 134, 24, 48, word=2)]
    assert _run_texts(words) == [["sey", "ee"]]


def test_a_dash_box_does_not_set_the_lines_height():
    """'- ๓ -' read '23' (the left dash and the digit) and '2' (the right dash, a 3-px
    box; o9983 0005 page 3): the line's band is the digit's (149–177), not the dash's."""
    words = [Word("23", 24.0, 805, 149, 40, 28, word=1), Word("2", 24.0, 860, 164, 10, 3, word=2)]
    top, bottom, _ = ocr_runs._band(words, [0, 1], [0, 1], 805, 870)
    assert (top, bottom) == (149.0, 177.0)


def test_a_mark_at_the_letters_height_before_a_number_is_its_ink():
    """'ตัวชี้วัดที่ ๘' read ท ี ่ ๕ (o9983 0009 page 2, scan 200 dpi): Tesseract boxed the
    ๘ as the tone mark, down past the number's middle, and wrote '๕' over blank paper
    beside it. The mark's word joins the run; not where the '๕' box holds ink of its own
    (ลำดับที่ ๓๑: s9984 0014 came out ลํ๓๑ ๓๑), nor after a tone mark above the letters;
    '«' for the digit counts like one."""
    def line(mark_top: int, mark_h: int, digit: str = "๕") -> list[Word]:
        return [Word("ด", 96.0, 291, 825, 13, 24, word=1), Word("ท", 93.0, 303, 825, 12, 24, word=2),
                Word("ี", 93.0, 314, 801, 12, 20, word=3), Word("่", 92.0, 326, mark_top, 15, mark_h, word=4),
                Word(digit, 95.0, 354, 801, 20, 59, word=5), Word("ล", 94.0, 432, 825, 16, 24, word=6),
                Word("ด", 96.0, 454, 826, 12, 22, word=7)]

    def runs(words, blank_word: int | None = 4) -> list[list[str]]:
        return [[words[i].text for i in r] for r in ocr_runs.find_runs(words, blank=lambda i: i == blank_word)]

    assert runs(line(824, 24)) == [["่", "๕"]]
    assert runs(line(824, 24, "«")) == [["่", "«"]]
    assert runs(line(824, 24), blank_word=None) == [["๕"]]
    assert runs(line(790, 14)) == [["๕"]]


def test_a_list_number_read_as_symbols_opening_a_cell_is_a_run():
    """'OIT | «. การเปิดเผยข้อมูล' (s9984 0020 page 2, scan 200 dpi: the row number ๙.):
    the word opens its cell, a column's gap after the tool's; beside a word it is none."""
    words = [Word("OIT", 48.0, 181, 532, 54, 28, word=1), Word("«.", 74.0, 346, 535, 29, 23, word=2)]
    words += _letters("การ", 392, top=534, h=23, start=3)
    assert _run_texts(words) == [["«."]]
    words[1] = Word("«.", 74.0, 240, 535, 29, 23, word=2)
    assert _run_texts(words) == []


def test_a_row_number_read_as_an_angle_bracket_is_a_run():
    """'> | คุณภาพการดำเนินงาน' (s9984 0023 page 1, scan 200 dpi: the row number ๖ alone in
    its cell): a run; '-' there (an empty cell's dash) is none."""
    words = [Word(">", 49.0, 180, 1776, 22, 24, word=1)] + _letters("คุณภาพ", 369, top=1779, h=24, start=2)
    assert _run_texts(words) == [[">"]]
    words[0] = Word("-", 49.0, 180, 1776, 22, 24, word=1)
    assert _run_texts(words) == []
