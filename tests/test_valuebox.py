"""pipeline/valuebox.py: a value's span in its line mapped to its own glyphs' box."""

from __future__ import annotations

import pytest

from pipeline.segment import Line
from pipeline.valuebox import LINE, VALUE, cell_span, keyed, value_box


def glyphs_of(text: str, top: float = 0.10, bottom: float = 0.12, x: float = 0.10, w: float = 0.01):
    """One glyph per character, each w wide, left to right (spaces take room, no glyph);
    Thai marks sit above their letter, as pdfium draws them."""
    out = []
    for ch in text:
        if ch == " ":
            x += w
            continue
        if ch in "\u0e48\u0e49\u0e35\u0e34":  # tone marks and upper vowels: over the letter before
            out.append((ch, (x - w, top - 0.01, x, top)))
            continue
        out.append((ch, (x, top, x + w, bottom)))
        x += w
    return tuple(out)


def test_a_number_in_running_text_gets_its_own_glyphs():
    text = "ได้คะแนน 99.15 คะแนน"
    line = Line(1, text, (0.10, 0.09, 0.30, 0.12), glyphs_of(text))
    start = text.index("99.15")
    box, kind = value_box(line, (start, start + 5))
    assert kind == VALUE
    # ได้คะแนน is 7 letters wide (its mark sits over ด), then a space
    assert box == pytest.approx((0.18, 0.10, 0.23, 0.12))


def test_thai_digits_in_the_text_match_arabic_glyphs_and_the_occurrence_counts():
    # the line's text (normalised) has Thai digits, the glyphs as drawn Arabic ones;
    # the same number twice: the span says which
    text = "๘๐.๐๐\t๙๐.๕๐\t๘๐.๐๐"
    drawn = "80.00  90.50  80.00"
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs_of(drawn))
    second = text.rindex("๘๐.๐๐")
    box, kind = value_box(line, (second, second + 5))
    assert kind == VALUE
    assert abs(box[0] - (0.10 + 0.01 * 14)) < 1e-9 and abs(box[2] - (0.10 + 0.01 * 19)) < 1e-9


def test_marks_go_with_thai_letters_and_not_with_numbers():
    text = "ระดับ ผ่าน 88.5"
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs_of(text))
    start = text.index("ผ่าน")
    box, kind = value_box(line, (start, start + 4))
    assert kind == VALUE and box[1] == pytest.approx(0.09)  # the tone mark over ผ is in
    # a mark of the line above standing over a number is not the number's
    above = (("\u0e49", (0.21, 0.07, 0.22, 0.095)),)
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs_of(text) + above)
    start = text.index("88.5")
    assert value_box(line, (start, start + 4)) == (pytest.approx((0.20, 0.10, 0.24, 0.12)), VALUE)


def test_marks_on_the_wrong_side_belong_to_the_lines_above_and_below():
    text = "ระดับ ต้องปรับปรุง"
    start = text.index("ต้อง")
    glyphs = glyphs_of(text)
    # under ร of ปรุง (drawn below the line's box); the line above's low vowel and the
    # line below's tone mark, over the same letters
    own_u = ("\u0e38", (0.235, 0.121, 0.24, 0.127))
    above_u = ("\u0e38", (0.19, 0.080, 0.195, 0.086))
    below_tone = ("\u0e49", (0.20, 0.123, 0.21, 0.128))
    line = Line(1, text, (0.0, 0.09, 1.0, 0.12), glyphs + (own_u, above_u, below_tone))
    box, kind = value_box(line, (start, len(text)))
    assert kind == VALUE and box[3] == pytest.approx(0.127)  # its own sara u
    assert box[1] == pytest.approx(0.09)  # the tone mark over ต, not the line above's vowel


def test_a_value_its_glyphs_do_not_show_keeps_the_line_box():
    text = "คะแนน 77.24"
    line = Line(1, text, (0.1, 0.1, 0.4, 0.12), glyphs_of("คะแนน 77.2"))  # the last digit not drawn
    assert value_box(line, (6, 11)) == ((0.1, 0.1, 0.4, 0.12), LINE)
    # no glyphs at all (a text file has no boxes: nothing to say)
    assert value_box(Line(1, text, (0.1, 0.1, 0.4, 0.12)), (6, 11)) == ((0.1, 0.1, 0.4, 0.12), LINE)
    assert value_box(Line(1, text, None), (6, 11)) == (None, None)


def test_twice_among_the_glyphs_but_once_in_the_text_is_not_guessed():
    # a glyph of another line reaches into the line's box: which 5 is the value? After
    # ข้อ, as the text says; a 5 with ข้อ before it twice cannot be told
    text = "ข้อ 5"
    glyphs = glyphs_of(text) + (("5", (0.5, 0.10, 0.51, 0.12)),)
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs)
    assert value_box(line, (4, 5)) == (pytest.approx((0.13, 0.10, 0.14, 0.12)), VALUE)
    glyphs = glyphs_of(text) + glyphs_of(text, x=0.5)
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs)
    assert value_box(line, (4, 5))[1] == LINE


def test_another_lines_number_in_the_box_is_told_apart_by_the_letters_around_it():
    # a row's box that reaches the row above's score: the text has 100.00 once, the glyphs
    # twice; the one after the indicator's name is the row's
    text = "๑๐ การป้องกัน ๑๐๐.๐๐"
    above = tuple((ch, (b[0] + 0.3, b[1] - 0.015, b[2] + 0.3, b[3] - 0.015)) for ch, b in glyphs_of("100.00"))
    line = Line(1, text, (0.0, 0.08, 1.0, 0.2), glyphs_of("10 การป้องกัน 100.00") + above)
    start = text.index("๑๐๐")
    box, kind = value_box(line, (start, start + 6))
    assert kind == VALUE and box[1] == pytest.approx(0.10)
    # with nothing around it to tell (the value alone in its cell), no guess
    line = Line(1, "๑๐๐.๐๐", (0.0, 0.08, 1.0, 0.2), glyphs_of("100.00") + above)
    assert value_box(line, (0, 6))[1] == LINE


def test_only_glyphs_inside_the_line_box_count():
    text = "คะแนน 81.50"
    other = tuple((ch, (b[0], b[1] + 0.05, b[2], b[3] + 0.05)) for ch, b in glyphs_of("81.50", x=0.5))
    line = Line(1, text, (0.05, 0.09, 0.40, 0.125), glyphs_of(text) + other)
    box, kind = value_box(line, (6, 11))
    assert kind == VALUE and box[2] < 0.40


def test_an_ocr_word_holding_more_than_the_value_is_cut_by_its_letters():
    text = "ได้คะแนน๙๙.๑๕"
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), (("ได้คะแนน๙๙.๑๕", (0.10, 0.10, 0.22, 0.12)),))
    box, kind = value_box(line, (8, 13))
    assert kind == VALUE
    # 12 key letters (marks dropped) over 0.12: the value is the last 5, half a letter more
    assert abs(box[0] - (0.10 + 0.01 * 6.5)) < 1e-9 and box[2] == 0.22


def test_a_repaired_ocr_number_is_found_without_its_punctuation():
    # OCR drew ๗๙..๔๔, the text says ๗๙.๔๔ (normalizers.numbers.repair_score_text)
    text = "ได้คะแนน ๗๙.๔๔"
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), (("ได้คะแนน", (0.1, 0.1, 0.2, 0.12)), ("๗๙..๔๔", (0.21, 0.1, 0.27, 0.12))))
    assert value_box(line, (9, 14)) == ((0.21, 0.1, 0.27, 0.12), VALUE)


def test_without_a_span_the_value_as_printed_must_be_a_whole_number_once():
    text = "ปี 2566 ได้ 66.5 และ 66.50"
    line = Line(1, text, (0.0, 0.0, 1.0, 0.2), glyphs_of(text))
    assert value_box(line, text="66.50")[1] == VALUE
    assert value_box(line, text="66.5")[1] == VALUE  # not the start of 66.50
    assert value_box(line, text="6")[1] == LINE  # only inside other numbers


def test_keys_and_cells():
    assert keyed("๙๙.๑๕ คะแนน")[0] == "99.15คะแนน"
    assert keyed("ผ่าน ☑ทำ")[0] == "ผานทา"  # marks and boxes out, sara am as sara aa
    row = "ตัวชี้วัด\t  85.20 \tB"
    assert cell_span(row, 1) == (12, 17) and row[12:17] == "85.20"
    assert cell_span(row, 3) is None
    assert cell_span(row, 1, (2, 7)) == (12, 17)


def test_a_mark_boxed_as_its_letter_is_taken_to_rise_above_it():
    # Chromium's PDFs box a tone mark as its whole cluster: nothing says where its ink is
    glyphs = (("ต", (0.10, 0.10, 0.11, 0.12)), ("\u0e49", (0.10, 0.10, 0.11, 0.12)),
              ("อ", (0.11, 0.10, 0.12, 0.12)), ("ง", (0.12, 0.10, 0.13, 0.12)))
    line = Line(1, "ต้อง", (0.0, 0.09, 1.0, 0.13), glyphs)
    assert value_box(line, (0, 4)) == (pytest.approx((0.10, 0.095, 0.13, 0.12)), VALUE)


def test_a_mark_level_with_another_lines_letters_is_theirs():
    # OCR: the line above's upper vowel, boxed low, over the value's first letter
    glyphs = glyphs_of("สูงมาก", top=0.10, bottom=0.12) + (("บ", (0.095, 0.075, 0.105, 0.095)),
                                                          ("\u0e31", (0.10, 0.08, 0.11, 0.099)))
    line = Line(1, "สูงมาก", (0.0, 0.098, 1.0, 0.13), glyphs)
    box, kind = value_box(line, (0, 6))
    assert kind == VALUE and box[1] == pytest.approx(0.10)


def test_glyphs_inside_a_box_are_those_whose_centre_is_within_the_slack():
    """valuebox._inside (the test inlined for speed) keeps exactly the glyphs whose
    centre lies in the box widened by _SLACK on every side, edges included, in order;
    a glyph with a NaN coordinate is never inside."""
    import random

    from pipeline import valuebox

    rnd = random.Random(11)
    box = (0.2, 0.3, 0.6, 0.5)
    glyphs = []
    for k in range(2000):
        x, y = rnd.uniform(0.15, 0.65), rnd.uniform(0.25, 0.55)
        w, h = rnd.uniform(0, 0.02), rnd.uniform(0, 0.02)
        glyphs.append((str(k), (x - w, y - h, x + w, y + h)))
    glyphs.append(("edge", (0.2 - valuebox._SLACK, 0.4, 0.2 - valuebox._SLACK, 0.4)))
    glyphs.append(("nan", (float("nan"), 0.4, 0.3, 0.4)))
    want = [g for g in glyphs
            if box[0] - valuebox._SLACK <= (g[1][0] + g[1][2]) / 2 <= box[2] + valuebox._SLACK
            and box[1] - valuebox._SLACK <= (g[1][1] + g[1][3]) / 2 <= box[3] + valuebox._SLACK]
    got = valuebox._inside(glyphs, box)
    assert got == want
    assert 0 < len(got) < len(glyphs)
    assert ("edge", glyphs[-2][1]) in got and all(t != "nan" for t, _ in got)


def test_a_pages_glyphs_are_found_by_height_as_by_testing_each():
    """_inside takes a page's glyph tuple by the heights of their centres (issue 23): the
    glyphs in the box, in the page's order, as testing every one gives; a centre that is
    NaN is in no box; another page's tuple gets its own index."""
    from pipeline import valuebox

    nan = float("nan")
    page = (("a", (0.10, 0.50, 0.12, 0.52)),   # centre (0.11, 0.51): in
            ("b", (0.10, 0.10, 0.12, 0.12)),   # a line above: out
            ("c", (0.40, 0.505, 0.42, 0.515)),  # centre (0.41, 0.51): in
            ("d", (0.90, 0.50, 0.92, 0.52)),   # the same height, right of the box: out
            ("e", (0.20, nan, 0.22, 0.52)),    # no height: out
            ("f", (0.30, 0.49, 0.32, 0.51)))   # centre (0.31, 0.50): in, on the box's edge
    box = (0.05, 0.50, 0.50, 0.52)
    assert [ch for ch, _ in valuebox._inside(page, box)] == ["a", "c", "f"]
    assert [ch for ch, _ in valuebox._inside(list(page), box)] == ["a", "c", "f"]
    heights, order = valuebox._by_height(page)
    assert heights == sorted(heights) and sorted(order) == [0, 1, 2, 3, 5]
    other = (("x", (0.10, 0.50, 0.12, 0.52)),)
    assert valuebox._inside(other, box) == [other[0]]
    assert valuebox._inside(page, (0.0, 0.09, 1.0, 0.13)) == [page[1]]
