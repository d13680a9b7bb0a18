"""Scans of spreadsheet-made reports (LibreOffice Calc prints cells against their rules, codes
in Thai digits, bold headers): the readings that lost question codes, rows, levels and scores,
each on a small synthetic input (issue #17)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract.context import DocContext
from pipeline.extract.measures import extract_measures
from pipeline.extract.table_rows import header_role
from pipeline.ocr import codes as ocr_codes
from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import runs as ocr_runs
from pipeline.ocr import lines as ocr_lines
from pipeline.ocr.settings import OcrWord
from pipeline import segment
from pipeline.segment import Document, Line

TLWG = Path("/usr/share/fonts/truetype/tlwg")
FONT = TLWG / "Laksaman.ttf"
needs_fonts = pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg not installed")


def _word(text, left, top, right, bottom, word=1, line=1, conf=90.0):
    return OcrWord(text, conf, int(left), int(top), int(right - left), int(bottom - top), 1, 1, line, word)


def _render(text: str, size: int = 40, font: Path = FONT, pad: int = 30):
    """`text` on white, and a function giving the ink box (page pixels) of text[a:b]."""
    f = ImageFont.truetype(str(font), size)
    img = Image.new("L", (int(f.getlength(text)) + 2 * pad, 3 * size), 255)
    draw = ImageDraw.Draw(img)
    draw.text((pad, size), text, font=f, fill=0)

    def box(a: int, b: int):
        x = pad + f.getlength(text[:a])
        return draw.textbbox((x, size), text[a:b], font=f)
    return img, box


def _ink(img: Image.Image) -> np.ndarray:
    a = np.asarray(img) < 128
    ys, xs = np.flatnonzero(a.any(axis=1)), np.flatnonzero(a.any(axis=0))
    return a[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]


# ------------------------------------------------------------ a code's letter by its shape


@needs_fonts
@pytest.mark.parametrize("font", ["Laksaman.ttf", "Garuda.ttf", "Loma.ttf", "Kinnari.ttf"])
def test_capital_e_by_its_shape(font):
    path = TLWG / font
    if not path.exists():
        pytest.skip(f"{font} not installed")
    for ch, want in [("E", True), ("F", False), ("5", False), ("6", False), ("B", False),
                     ("O", False), ("ฮ", False), ("๕", False), ("ร", False)]:
        img, _ = _render(ch, size=48, font=path)
        assert ocr_codes.capital_e(_ink(img)) is want, (font, ch)


@needs_fonts
def test_an_e_before_thai_digits_keeps_its_letter():
    # Thai Tesseract reads E๒ as "6" "๒": the digit step wrote ๒ alone over both glyphs
    img, box = _render("E๒ E๕")
    e1, d1, e2, d2 = box(0, 1), box(1, 2), box(3, 4), box(4, 5)
    words = [_word("6", *e1, word=1), _word("๒", *d1, word=2), _word("5", e2[0], e2[1], d2[2], d2[3], word=3)]
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed if w.text] == ["E๒", "E๕"]


@needs_fonts
def test_an_i_before_thai_digits_read_as_a_thai_letter_keeps_its_letter():
    # I๕ read as "เ" (over the I and half the digit) and "๕": the run is the ๕ alone
    img, box = _render("I๕")
    i, d = box(0, 1), box(1, 2)
    words = [_word("เ", i[0], d[1], (d[0] + d[2]) // 2, d[3], word=1), _word("๕", *d, word=2)]
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed if w.text] == ["I๕"]


@needs_fonts
def test_a_thai_letter_before_thai_digits_is_no_code():
    # เ is no taller than the digits and no plain bar: "ที่ ๕" stays a word and a number
    img, box = _render("เ๕")
    e, d = box(0, 1), box(1, 2)
    words = [_word("เ", *e, word=1), _word("๕", *d, word=2)]
    fixed = ocr_digits.repair_numbers(img, words)
    assert "".join(w.text for w in fixed) == "เ๕"


def test_two_codes_read_as_one_latin_word_are_a_run():
    # "igloo" for i๘ I๑๑ is re-read by the digit step; an English word stays a word there
    assert ocr_runs._codes_like("igloo") and not ocr_runs._codes_like("ITAS")
    words = [_word("ตัว", 0, 0, 60, 30, word=1), _word("igloo", 100, 0, 200, 30, word=2)]
    assert ocr_runs.find_runs(words) == [[1]]


def test_a_letter_right_after_a_codes_digits_makes_no_code():
    # E-Service's "e" then "rv" read as ๗ then "ice": the digits are inside a word
    from pipeline.ocr.glyphs import Token
    tokens = [Token("", 0, 0, 16, 20, 1.0, False), Token("๗", 20, 4, 46, 20, 0.98, True),
              Token("", 48, 0, 52, 20, 1.0, False)]
    assert ocr_digits._letter_follows(tokens, 2, tokens[1], gap=9.0)
    assert not ocr_digits._letter_follows(tokens[:2], 2, tokens[1], gap=9.0)


def test_a_code_of_ones_read_as_l_beside_a_code_of_its_letter():
    words = [_word("el", 0, 0, 40, 30, word=1), _word("E2", 60, 0, 110, 30, word=2),
             _word("el", 0, 100, 40, 130, word=1, line=2), _word("I2", 60, 100, 110, 130, word=2, line=2)]
    assert [w.text for w in ocr_codes._ones_beside_codes(words)] == ["E1", "E2", "el", "I2"]


# ------------------------------------------------------------ numbers within their cells


@needs_fonts
def test_a_number_printed_against_a_rule_does_not_take_the_next_cells_digit():
    # Calc prints a right-aligned score against the rule and the next cell's text against
    # its other side (๘๓.๖๖|๕, a score then a count; ๘๓.๖๖|B, a level read as ๘): with the
    # rule's place known, each cell's number is read on its own
    f = ImageFont.truetype(str(FONT), 44)
    img = Image.new("L", (400, 132), 255)
    draw = ImageDraw.Draw(img)
    draw.text((30, 44), "๘๓.๖๖", font=f, fill=0)
    num = draw.textbbox((30, 44), "๘๓.๖๖", font=f)
    wall_x = num[2] + 2  # the rule, erased before OCR
    draw.text((wall_x + 2, 44), "๕", font=f, fill=0)
    nxt = draw.textbbox((wall_x + 2, 44), "๕", font=f)
    words = [_word("๘๓.๖๖", *num, word=1), _word("๕", *nxt, word=2)]
    fixed = ocr_digits.repair_numbers(img, words, ((wall_x, 0, wall_x, img.height),))
    assert [w.text for w in fixed] == ["๘๓.๖๖", "๕"]
    assert fixed[0].left + fixed[0].width <= wall_x + 1


def test_a_number_and_a_level_read_as_one_word_are_cut_at_the_rule():
    w = _word("89.87A", 100, 0, 250, 40)
    left, right = ocr_lines.split_at_rule(w, 220.0, (100, 250))
    assert (left.text, right.text) == ("89.87", "A")
    assert left.left + left.width <= 220 < right.left
    assert ocr_lines.split_at_rule(_word("การใช้", 100, 0, 250, 40), 220.0, (100, 250)) is None
    assert ocr_lines.split_at_rule(w, 260.0, (100, 250)) is None  # the rule is not inside its ink


def test_a_score_read_as_dotted_latin_in_a_row_with_numbers_is_a_run():
    words = [_word("๒๕๖๓", 0, 0, 120, 30, word=1), _word("even.csen", 400, 0, 540, 30, word=2),
             _word("A", 560, 0, 590, 30, word=3)]
    assert any(1 in r for r in ocr_runs.find_runs(words))


# ------------------------------------------------------------ tables and documents


def _measures(*lines: str, fy: int = 2565):
    doc = Document(0, "o42_analysis_measures", tuple(Line(1, t) for t in lines))
    return extract_measures(DocContext(doc, "f1", "r1", fy)).measures


def test_a_header_whose_row_number_cell_ocr_read_as_a_digit():
    # the bold ที่ over the row numbers read as "7": still the table's header
    rows = _measures(
        "7\tประเด็นการ ประเมิน (ข้อ คำถาม)\tประเด็น/ข้อค้น พบ\tมาตรการส่งเสริมคุณธรรม\tขันตอน/วิธีการปฏิบัติ"
        "\tระยะเวลาดำเนินการ\tหน่วยงานที รับผิดชอบ",
        "1\tตัวชี้วัดที่ 6 การปฏิบัติหน้าที่ I3 I4\tบุคลากรบางส่วนให้บริการไม่เท่าเทียม\tกำชับให้เจ้าหน้าที่ให้บริการ"
        "\t1. แต่งตั้งคณะทำงาน\t1 ตุลาคม 2565 ถึง 30 กันยายน 2566\tกองช่าง",
        "2\tตัวชี้วัดที่ 2 การใช้งบประมาณ I8 I10\tบุคลากรมีส่วนร่วมน้อย\tเปิดโอกาสให้บุคลากรตรวจสอบ"
        "\t1. เผยแพร่ประกาศ\t1 ตุลาคม 2565 ถึง 30 กันยายน 2566\tกองคลัง",
    )
    assert [m.question_codes for m in rows] == [["I3", "I4"], ["I8", "I10"]]


def test_a_data_row_of_short_cells_is_no_header():
    from pipeline.extract.table_rows import _header_roles
    assert _header_roles(["1", "การปฏิบัติหน้าที่", "กองช่าง", "1 ตุลาคม 2565", "ดำเนินการแล้ว"]) is None


def test_header_words_with_the_marks_ocr_dropped():
    assert header_role("มาตรการและขันตอนการดำเนินการ") == "measure_steps"
    assert header_role("ประเด็นตัวชีวัด") == "indicator"
    assert header_role("ประเด็นการประเมิน") == "issue"


def test_an_indicator_named_after_a_garbled_number():
    rows = _measures(
        "ตัวชี้วัด\tข้อคำถาม\tผลการวิเคราะห์\tมาตรการ\tผู้รับผิดชอบ",
        # ที่ ๘ read as ที «๕ glued to the name: the name says 8
        "ตัวชีวัดที «๕การ ปรับปรุงระบบการทำงาน\tE๑๔\tระบบออนไลน์มีผู้ใช้น้อย\tลดขั้นตอนการให้บริการ\tกองช่าง",
        # the name garbled (การใช้ read MIF), nearest the indicator its heading numbers
        "ตัวชี้วัดที๒ MIF งบประมาณ\tI๑๒\tบุคลากรมีส่วนร่วมน้อย\tเผยแพร่แผนการใช้จ่าย\tกองคลัง",
        fy=2564,
    )
    assert [(m.indicator, m.question_codes) for m in rows] == [(8, ["E14"]), (2, ["I12"])]


def test_a_report_title_read_without_its_upper_marks():
    assert segment._garbled_title("รายงานการวเคราะหผลการประเมนคุณธรรมและความโปร่งใส")
    assert not segment._garbled_title("รายการวัสดุครุภัณฑ์ที่จัดซื้อ")


@needs_fonts
def test_a_score_cell_read_as_thai_letters_in_a_column_of_scores():
    # ๘๗.๙๗ read as "ส ต. ด" where the cells above it hold scores Tesseract read right
    from pipeline.ocr.page import reread_score_cells
    from pipeline.ocr.tables import Rule, Rules
    f = ImageFont.truetype(str(FONT), 40)
    scores = ["๘๒.๙๐", "๗๘.๙๕", "๙๘.๘๗", "๘๗.๙๗"]
    row_h, x0, x1 = 80, 40, 300
    img = Image.new("L", (340, row_h * len(scores) + 40), 255)  # the rules already erased
    draw = ImageDraw.Draw(img)
    words = []
    for k, s in enumerate(scores):
        y = 20 + k * row_h + 15
        draw.text((x0 + 60, y), s, font=f, fill=0)
        b = draw.textbbox((x0 + 60, y), s, font=f)
        if k < 3:
            words.append(_word(s, *b, word=1, line=k + 1))
        else:  # Tesseract's reading: three Thai "words"
            w3 = (b[2] - b[0]) // 3
            words += [_word(t, b[0] + i * w3, b[1], b[0] + (i + 1) * w3, b[3], word=i + 1, line=k + 1)
                      for i, t in enumerate(["ส", "ต.", "ด"])]
    horizontal = tuple(Rule(x0, 20 + k * row_h, x1, 20 + k * row_h) for k in range(len(scores) + 1))
    vertical = (Rule(x0, 20, x0, 20 + len(scores) * row_h), Rule(x1, 20, x1, 20 + len(scores) * row_h))
    fixed = [w.text for w in reread_score_cells(img, words, Rules(horizontal, vertical)) if w.text]
    assert fixed == scores
    # a column of words keeps them: no score cells above, nothing is read as one
    words[:3] = [_word("กองคลัง", w.left, w.top, w.right, w.bottom, line=w.line) for w in words[:3]]
    kept = [w.text for w in reread_score_cells(img, words, Rules(horizontal, vertical)) if w.text]
    assert kept == ["กองคลัง"] * 3 + ["ส", "ต.", "ด"]


def test_a_row_of_a_footers_letters_and_digits_is_no_measure():
    # a browser's footer (the file's URL) read as Thai letters with digits among them
    rows = _measures(
        "ตัวชี้วัด\tข้อคำถาม\tผลการวิเคราะห์\tมาตรการ\tผู้รับผิดชอบ",
        "ตัวชี้วัดที่ 2 การใช้งบประมาณ\tI12\tบุคลากรมีส่วนร่วมน้อย\tเผยแพร่แผนการใช้จ่าย\tกองคลัง",
        "กิไละ ๗๗๐ทฟ๗นทร6๕อท5 09953 0006 ๓ ๓๐ 2 73\t\t\t8 8\t",
    )
    assert [m.question_codes for m in rows] == [["I12"]]


@needs_fonts
def test_a_number_boxed_across_a_rule_stays_in_the_cell_where_its_ink_begins():
    # Tesseract boxed "77.98" over 77.98|ลดลง (the number against the rule): the number is
    # the left cell's, and is re-read there
    f = ImageFont.truetype(str(FONT), 40)
    img = Image.new("L", (600, 120), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "๗๗.๙๘", font=f, fill=0)
    num = draw.textbbox((40, 40), "๗๗.๙๘", font=f)
    wall_x = num[2] + 2
    draw.text((wall_x + 3, 40), "ลดลงจากปีก่อน", font=f, fill=0)
    tail = draw.textbbox((wall_x + 3, 40), "ลดลงจากปีก่อน", font=f)
    assert (num[0] + tail[2]) / 2 > wall_x  # the box's middle is in the next cell
    words = [_word("๗๗.๕๘", num[0], num[1], tail[2], num[3], word=1)]
    fixed = ocr_digits.repair_numbers(img, words, ((wall_x, 0, wall_x, img.height),))
    assert fixed[0].text == "๗๗.๙๘" and fixed[0].left + fixed[0].width <= wall_x + 1


@needs_fonts
@pytest.mark.parametrize("printed, read, want", [("C", "๐", "C"), ("C", "0", "C"), ("๐", "๐", "๐"), ("O", "O", "O")])
def test_a_level_c_read_as_a_ring_after_its_cue(printed, read, want):
    from pipeline.ocr.page import level_letters
    text = f"ระดับ {printed}"
    img, box = _render(text, size=44)
    cue = [_word(ch, *box(k, k + 1), word=k + 1) for k, ch in enumerate("ระดับ")]
    ring = _word(read, *box(6, 7), word=7)
    got = level_letters(img, cue + [ring])
    assert got[-1].text == want
    # without the cue, a ring stays what Tesseract read
    assert level_letters(img, [ring])[0].text == read


def test_a_rank_whose_ti_lost_its_marks():
    # ลำดับที่ read as ลำดับท (a bold scan's upper marks lost)
    from pipeline.extract import statement_ranks
    d = Document(0, "score_report_memo", (Line(1, "ผลการประเมินอยู่ในลำดับท ๑๕๐ ของหน่วยงานประเภทเทศบาลเมือง"),))
    assert [c.value for c in statement_ranks.rank_claims(d, 2567)] == [150]


def test_a_province_named_after_its_district_with_its_cue_misread():
    from pipeline.extract.headline import extract_headlines
    lines = ["บันทึกข้อความ",
             "ส่วนราชการ งานนิติการ สำนักปลัดองค์การบริหารส่วนตำบลริมโขง อำเภอเชียงของ Fonda เชียงราย",
             "เรื่อง รายงานผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"]
    (h,) = extract_headlines("f" * 64, [Document(0, "score_report_memo", tuple(Line(1, t) for t in lines))])
    assert h.report.province == "เชียงราย"
    # a province the district does not lie in is not taken so
    lines[1] = "ส่วนราชการ สำนักปลัดองค์การบริหารส่วนตำบลริมโขง อำเภอเชียงของ Fonda ลำปาง"
    (h,) = extract_headlines("f" * 64, [Document(0, "score_report_memo", tuple(Line(1, t) for t in lines))])
    assert h.report.province != "เชียงราย"


def test_levels_after_scores_are_the_candidates_for_the_latin_model():
    from pipeline.ocr.levels import _candidates, level_of
    words = [_word("๒๕๖๔", 0, 0, 100, 30, word=1), _word("๘๕.๖๘", 200, 0, 300, 30, word=2),
             _word("ภิ", 320, 0, 340, 30, word=3),
             _word("๒๕๖๕", 0, 50, 100, 80, word=1, line=2), _word("๙๖.๔๗", 200, 50, 300, 80, word=2, line=2),
             _word("AA", 320, 50, 360, 80, word=3, line=2),
             _word("ได้", 0, 100, 40, 130, word=1, line=3), _word("๙๓.๙๓", 60, 100, 160, 130, word=2, line=3),
             _word("คะแนน", 180, 100, 260, 130, word=3, line=3)]
    # a level read right, or a word after the score (คะแนน), is left alone
    assert _candidates(words) == [[2]]
    assert level_of(["iA"]) == "A" and level_of(["AA"]) == "AA" and level_of(["Al"]) == "A"
    assert level_of(["ABC"]) is None and level_of(["ok"]) is None


def test_a_quoted_years_score_whose_cue_lost_its_mark():
    from pipeline.extract.headline import extract_headlines
    lines = ["ประกาศสถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี",
             "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี๒๕๖๓",
             "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยีคว้าระดับ A ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ โดยได้ผล ๘๙.๔๘ คะแนน",
             "เมื่อเทียบกับปี๒๕๖๒ที่ได๘๗.๔๙ คะแนน"]  # ที่ได้ with its mai tho lost
    (h,) = extract_headlines("f" * 64, [Document(0, "score_announcement", tuple(Line(1, t) for t in lines))])
    assert (2562, 87.49) in [(y.fiscal_year, y.overall_score) for y in h.year_results]


@needs_fonts
def test_a_row_number_read_as_a_sign_in_a_column_of_row_numbers():
    # the ลำดับ column of a scores table: ๖ read as ">" where the cells above and below
    # hold row numbers Tesseract read right; read again by the digit model
    from pipeline.ocr.page import reread_score_cells
    from pipeline.ocr.tables import Rule, Rules
    f = ImageFont.truetype(str(FONT), 40)
    numbers = ["๔", "๕", "๖", "๗"]
    row_h, x0, x1 = 80, 40, 160
    img = Image.new("L", (200, row_h * len(numbers) + 40), 255)  # the rules already erased
    draw = ImageDraw.Draw(img)
    words = []
    for k, s in enumerate(numbers):
        y = 20 + k * row_h + 15
        draw.text((x0 + 40, y), s, font=f, fill=0)
        b = draw.textbbox((x0 + 40, y), s, font=f)
        words.append(_word(s if k != 2 else ">", *b, word=1, line=k + 1))
    horizontal = tuple(Rule(x0, 20 + k * row_h, x1, 20 + k * row_h) for k in range(len(numbers) + 1))
    vertical = (Rule(x0, 20, x0, 20 + len(numbers) * row_h), Rule(x1, 20, x1, 20 + len(numbers) * row_h))
    rules = Rules(horizontal, vertical)
    assert [w.text for w in reread_score_cells(img, words, rules)] == numbers
    # two row numbers only are no column of them: the sign stays
    assert [w.text for w in reread_score_cells(img, words[1:3], rules)] == ["๕", ">"]
    # a cell with a digit in it (read right or not) is the digit step's, not read again
    words[2] = dataclasses.replace(words[2], text="๘")
    assert [w.text for w in reread_score_cells(img, words, rules)] == ["๔", "๕", "๘", "๗"]
