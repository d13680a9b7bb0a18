"""A bold header row's upper marks, read a second time as a line of their own, do not
reach the table's cells (pipeline/ocr/lines.build_lines: _without_mark_lines)."""

import dataclasses

from pipeline.ocr.lines import build_lines
from pipeline.ocr.settings import OcrWord
from pipeline.ocr.tables import Rule, Rules

RULES = Rules(
    horizontal=(Rule(400, 2240, 1200, 2240), Rule(400, 2400, 1200, 2400)),
    vertical=(Rule(400, 2240, 400, 2400), Rule(520, 2240, 520, 2400), Rule(1200, 2240, 1200, 2400)),
)


def _w(text, left, top, width, height, line):
    return OcrWord(text, 90.0, left, top, width, height, 8, 1, line, 0)


def test_marks_line_dropped_from_header_cells():
    marks = [_w("๐ O๙", 418, 2258, 66, 10, 1), _w("O๙", 545, 2258, 21, 10, 1),
             _w("๙๙", 755, 2255, 20, 14, 1)]
    text = [_w("ลำดับ", 407, 2254, 100, 55, 2), _w("ตัวชี้วัด", 536, 2254, 160, 55, 2),
            _w("และ", 699, 2254, 45, 55, 2), _w("ข้อคำถาม", 757, 2254, 140, 55, 2)]
    lines = [t for t, _ in build_lines(marks + text, RULES)]
    assert lines == ["ลำดับ\tตัวชี้วัดและข้อคำถาม"]


def test_small_text_alone_in_a_cell_is_kept():
    # a short line in a row of its own (not inside another line's height) stays
    small = [_w("I7", 545, 2330, 30, 20, 3)]
    text = [_w("ลำดับ", 407, 2254, 100, 55, 2), _w("ตัวชี้วัด", 536, 2254, 160, 55, 2)]
    lines = [t for t, _ in build_lines(small + text, RULES)]
    assert lines == ["ลำดับ\tตัวชี้วัด I7"]


def test_marks_line_of_a_crooked_page_dropped():
    # a page read crooked: the marks line spans as many rows as its text line (tops
    # 118-153, one tall misread box), its words are small, the text line's are not
    marks = [_w("๓๙", 418, 150, 17, 9, 1), _w("au", 545, 140, 31, 18, 1), _w("ฆ", 700, 133, 12, 32, 1),
             _w("๙", 900, 136, 17, 8, 1), _w("a", 1100, 120, 16, 8, 1)]
    text = [_w("ลำดับ", 407, 162, 100, 21, 2), _w("ตัวชี้วัด", 536, 142, 160, 49, 2),
            _w("และ", 699, 155, 45, 21, 2), _w("ข้อคำถาม", 900, 140, 250, 21, 2)]
    rules = Rules(
        horizontal=(Rule(400, 100, 1200, 100), Rule(400, 250, 1200, 250)),
        vertical=(Rule(400, 100, 400, 250), Rule(520, 100, 520, 250), Rule(1200, 100, 1200, 250)),
    )
    lines = [t for t, _ in build_lines(marks + text, rules)]
    assert lines == ["ลำดับ\tตัวชี้วัดและ ข้อคำถาม"] or lines == ["ลำดับ\tตัวชี้วัดและข้อคำถาม"]


def test_marks_line_with_big_specks_dropped_by_its_span():
    # the marks' median box (14 px) is more than half the text's (25 px), but the marks
    # line spans 23 rows inside the text line's 60
    marks = [_w("๐ O๙", 418, 2258, 66, 10, 1), _w("O๙", 545, 2258, 21, 10, 1), _w("๙", 631, 2259, 11, 9, 1),
             _w("๙๙", 755, 2255, 20, 14, 1), _w("a", 800, 2249, 23, 19, 1), _w("๕", 850, 2252, 17, 17, 1),
             _w("wey", 900, 2255, 40, 14, 1), _w("War", 1000, 2255, 40, 14, 1)]
    text = [_w("ลำดับ", 407, 2272, 100, 25, 2), _w("ตัวชี้วัด", 536, 2254, 160, 55, 2),
            _w("และ", 699, 2272, 45, 25, 2), _w("ข้อคำถาม", 757, 2272, 400, 25, 2),
            _w("ข้อ", 1160, 2254, 30, 60, 2)]
    page = [_w("ก", 600 + 40 * k, 2340, 30, 30, 3) for k in range(12)]  # the page's usual letters
    lines = [t for t, _ in build_lines(marks + text + page, RULES)]
    assert lines[0].startswith("ลำดับ\tตัวชี้วัดและข้อคำถาม") and "๙" not in lines[0]


# A memo head in a large bold font, free text (no rules): Tesseract cuts its upper marks
# off as a line just above it, as tall as body text, read as junk (a CSS page's scan)
HEAD = [_w(ch, 1095 + 48 * k, 278, 40, 43, 3) for k, ch in enumerate("บนทกขอความ")]


def _junk(conf):
    return [OcrWord("e๙", conf, 1113, 255, 38, 17, 2, 1, 2, 1),
            OcrWord("«cg", conf, 1194, 253, 37, 23, 2, 1, 2, 2),
            OcrWord("97", conf, 1289, 251, 33, 22, 2, 1, 2, 3)]


def test_marks_cut_off_a_bold_head_are_dropped():
    body = [_w("ส่วนราชการ", 340, 371, 300, 31, 4)]
    lines = [t for t, _ in build_lines(_junk(50.0) + HEAD + body)]
    assert lines == ["บนทกขอความ", "ส่วนราชการ"]


def test_a_confident_latin_line_above_a_head_is_kept():
    # the same boxes read with confidence are text (a code or a year above a heading)
    lines = [t for t, _ in build_lines(_junk(95.0) + HEAD)]
    assert len(lines) == 2 and lines[1] == "บนทกขอความ"


def test_a_thai_line_just_above_is_kept():
    small = [OcrWord("ครุฑ", 50.0, 1113, 251, 80, 22, 2, 1, 2, 1)]
    lines = [t for t, _ in build_lines(small + HEAD)]
    assert lines == ["ครุฑ", "บนทกขอความ"]


def test_junk_far_above_a_head_is_not_taken_for_its_marks():
    far = [dataclasses.replace(w, top=w.top - 60) for w in _junk(50.0)]
    lines = [t for t, _ in build_lines(far + HEAD)]
    assert len(lines) == 2


def test_marks_cut_off_a_row_across_its_cells_are_dropped():
    # a row's first line of text (ตัวชี้วัดที่ ๘ …, one Tesseract line across three
    # cells); the marks above it read as a sparse line, some as Thai letters (`ม ร่`),
    # some as tall boxes reaching into the letters; none of it reaches the cells
    rules = Rules(
        horizontal=(Rule(268, 1857, 1600, 1857), Rule(268, 2066, 1600, 2066)),
        vertical=(Rule(268, 1857, 268, 2066), Rule(884, 1857, 884, 2066), Rule(1200, 1857, 1200, 2066),
                  Rule(1600, 1857, 1600, 2066)),
    )
    text = ([_w(ch, 293 + 20 * k, 1891, 18, 24, 31) for k, ch in enumerate("ตวชวดท")]
            + [_w(ch, 912 + 20 * k, 1891, 18, 24, 31) for k, ch in enumerate("ลดขนตอน")]
            + [_w(ch, 1230 + 20 * k, 1891, 18, 24, 31) for k, ch in enumerate("กองชาง")])
    marks = [OcrWord(t, c, x, top, 16, h, 2, 1, 30, k) for k, (t, c, x, top, h) in enumerate(
        [("ม", 90.0, 302, 1881, 8), ("ร่", 32.0, 330, 1867, 31), ("[ว", 55.0, 360, 1867, 31),
         ("yo", 23.0, 930, 1879, 10), ("..", 77.0, 990, 1867, 31), ("=", 88.0, 1250, 1880, 9)])]
    lines = [t for t, _ in build_lines(marks + text, rules)]
    assert lines == ["ตวชวดท\tลดขนตอน\tกองชาง"]


def test_a_sure_line_over_a_row_is_kept():
    # the same words read with confidence stay in their cells
    rules = Rules(
        horizontal=(Rule(268, 1857, 1600, 1857), Rule(268, 2066, 1600, 2066)),
        vertical=(Rule(268, 1857, 268, 2066), Rule(884, 1857, 884, 2066), Rule(1600, 1857, 1600, 2066)),
    )
    text = [_w(ch, 293 + 20 * k, 1891, 18, 24, 31) for k, ch in enumerate("ตวชวดท")]
    sure = [OcrWord("ม", 96.0, 302, 1858, 15, 24, 2, 1, 30, 0), OcrWord("I8", 96.0, 900, 1858, 30, 24, 2, 1, 30, 1)]
    lines = [t for t, _ in build_lines(sure + text, rules)]
    assert lines == ["ม ตวชวดท\tI8"] or lines == ["มตวชวดท\tI8"]


def test_a_percent_sign_inside_a_number_is_dropped():
    words = [_w("ได้รับคะแนน", 100, 100, 200, 40, 1), _w("%88.43", 700, 100, 110, 40, 1),
             _w("คะแนน", 1000, 100, 120, 40, 1)]
    assert [t for t, _ in build_lines(words)] == ["ได้รับคะแนน\t88.43\tคะแนน"]
    glued = [_w("คะแนนรวม", 100, 100, 200, 40, 1), _w("8%1.02", 330, 100, 110, 40, 1)]
    assert [t for t, _ in build_lines(glued)] == ["คะแนนรวม 81.02"]
    # after its number it is a percent: kept
    after = [_w("ร้อยละ", 100, 100, 120, 40, 1), _w("88.43%", 250, 100, 130, 40, 1)]
    assert [t for t, _ in build_lines(after)] == ["ร้อยละ 88.43%"]
