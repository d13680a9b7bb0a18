"""Scans of tables laid out by Word and browsers (pipeline/ocr/): a table cut
by the page break, a merged tool cell beside its indicators, a score wrapped in a
narrow cell, and the upper marks of a line that Tesseract reads a second time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import lines as ocr_lines
from pipeline.ocr import page as ocr_reader
from pipeline.ocr import tables as ocr_tables
from pipeline.ocr.settings import OcrWord
from pipeline.ocr.lines import build_text


def letters(text: str, x: int, top: int, line: int, step: int = 30, h: int = 40, block: int = 1):
    """A Thai word as Tesseract gives it: one box per letter."""
    return [OcrWord(ch, 90.0, x + i * step, top, step - 4, h, block, 1, line, i + 1)
            for i, ch in enumerate(text)]


def _grid(size, ys, xs, vertical_to=None, horizontal_spans=None) -> Image.Image:
    """Rules at ys (full width, or the spans given) and xs (from ys[0] to vertical_to)."""
    im = Image.new("L", size, 255)
    d = ImageDraw.Draw(im)
    for i, y in enumerate(ys):
        x0, x1 = (horizontal_spans or {}).get(i, (xs[0], xs[-1]))
        d.line([(x0, y), (x1, y)], fill=0, width=3)
    for x in xs:
        d.line([(x, ys[0]), (x, vertical_to or ys[-1])], fill=0, width=3)
    return im


def test_a_table_cut_by_the_page_edge_keeps_its_last_row():
    # Chromium and Word draw no rule where the page cuts a row: the verticals run on
    # to the cut. The cut row's cells must still be one row, not a line per text line.
    im = _grid((1000, 700), ys=(50, 150), xs=(50, 300, 650, 950), vertical_to=600)
    rules = ocr_tables.close_open_tables(ocr_tables.find_rules(im))
    assert len(rules.horizontal) == 3
    words = (letters("หนึ่ง", 70, 80, 1) + letters("สอง", 70, 200, 2) + letters("สาม", 320, 200, 2)
             + letters("ต่อ", 320, 280, 3) + letters("สี่", 670, 200, 2))
    assert build_text(words, rules).split("\n")[-1] == "สอง\tสามต่อ\tสี่"  # Thai wrapped to Thai: no space
    # without the added rule, the cut row's words are loose lines
    assert "\t" not in build_text(words, ocr_tables.find_rules(im)).split("\n")[-1]


def test_a_closed_table_gets_no_extra_rule():
    im = _grid((1000, 700), ys=(50, 150, 600), xs=(50, 300, 650, 950))
    rules = ocr_tables.find_rules(im)
    assert ocr_tables.close_open_tables(rules).horizontal == rules.horizontal


def test_rows_beside_a_merged_cell_keep_their_columns():
    # a tool cell (x 50-200) spans two indicator rows: the rule between those rows
    # starts at x 200. Both rows have four columns; the tool's name is the first row's.
    ys, xs = (50, 150, 250, 350), (50, 200, 600, 780, 950)
    spans = {2: (200, 950)}
    im = _grid((1000, 400), ys, xs, horizontal_spans=spans)
    rules = ocr_tables.find_rules(im)
    words = ([OcrWord("IIT", 90.0, 70, 170, 60, 40, 1, 1, 1, 0)] + letters("หนึ่ง", 220, 170, 1) + letters("๖๖", 620, 170, 1)
             + letters("๖๗", 800, 170, 1)
             + letters("สอง", 220, 270, 2) + letters("๔๖", 620, 270, 2) + letters("๖๘", 800, 270, 2))
    lines = build_text(words, rules).split("\n")
    assert lines == ["IIT\tหนึ่ง\t๖๖\t๖๗", "\tสอง\t๔๖\t๖๘"]


def test_a_score_wrapped_in_its_cell_is_one_number():
    assert ocr_lines._wrapped_number(["๖", "๖.๘๕"]) == "๖๖.๘๕"
    assert ocr_lines._wrapped_number(["1", "00.00"]) == "100.00"
    assert ocr_lines._wrapped_number(["๙", "๙.๕๐"]) == "๙๙.๕๐"
    assert ocr_lines._wrapped_number(["๒", "๕.๐๐ ก"]) is None  # more than the number
    assert ocr_lines._wrapped_number(["๓", "๕๐.๐๐"]) is None  # 350: no score
    assert ocr_lines._wrapped_number(["ข้อ ๓", "๕.๐๐"]) is None


def test_a_score_wrapped_inside_its_decimals_is_one_number():
    # a browser's CSS grid breaks a narrow cell's ๗๗.๔๒ after any digit: ๗๗.๔ over ๒
    assert ocr_lines._wrapped_number(["๗๗.๔", "๒"]) == "๗๗.๔๒"
    assert ocr_lines._wrapped_number(["๘๐.", "๖๘"]) == "๘๐.๖๘"
    assert ocr_lines._wrapped_number(["93.2", "6"]) == "93.26"
    assert ocr_lines._wrapped_number(["๗๗.๔", "2"]) is None  # two scripts: not one number
    assert ocr_lines._wrapped_number(["๗๗.๔", "๒๕"]) is None  # three decimals: no score
    assert ocr_lines._wrapped_number(["๗๗.๔", "ก"]) is None
    assert ocr_lines._wrapped_number(["๗๗.", ".๔๒"]) is None
    # a year heading the grid wraps: ๒๕๖ over ๖
    assert ocr_lines._wrapped_number(["๒๕๖", "๖"]) == "๒๕๖๖"
    assert ocr_lines._wrapped_number(["๓๕๖", "๖"]) is None  # no year, no score
    assert ocr_lines._wrapped_number(["๒๕๖", "ซ"]) is None
    # Calc wraps a right-aligned budget cell: 20,0 over 00
    assert ocr_lines._wrapped_number(["20,0", "00"]) == "20,000"
    assert ocr_lines._wrapped_number(["๑๐,๐๐", "๐.๕๐"]) == "๑๐,๐๐๐.๕๐"
    assert ocr_lines._wrapped_number(["20,0", "0"]) is None  # no group of three
    assert ocr_lines._wrapped_number(["20,0", "00 บาท"]) is None
    # the cell's two lines in a ruled row come out as one number
    im = _grid((1000, 300), ys=(50, 250), xs=(50, 500, 700, 950))
    rules = ocr_tables.find_rules(im)
    words = (letters("หนึ่ง", 70, 80, 1) + [OcrWord("๗๗.๔", 95.0, 520, 80, 150, 40, 1, 1, 1, 1),
                                             OcrWord("๒", 95.0, 520, 150, 35, 40, 1, 1, 2, 1),
                                             OcrWord("๘๖.๘๒", 95.0, 720, 80, 190, 40, 1, 1, 1, 2)])
    assert build_text(words, rules).split("\n")[-1] == "หนึ่ง\t๗๗.๔๒\t๘๖.๘๒"


def test_a_code_wrapped_in_its_cell_is_one_code():
    # the grid breaks O๑๐ in a narrow item cell: O๑ over ๐
    assert ocr_lines._wrapped_code(["O๑", "๐"]) == "O๑๐"
    assert ocr_lines._wrapped_code(["I1", "5"]) == "I15"
    assert ocr_lines._wrapped_code(["O๑", "0"]) is None  # two scripts
    assert ocr_lines._wrapped_code(["O๑", "๐๑"]) is None  # no code has three digits
    assert ocr_lines._wrapped_code(["O๑", "ข้อมูล"]) is None
    im = _grid((1000, 300), ys=(50, 250), xs=(50, 200, 950))
    rules = ocr_tables.find_rules(im)
    words = ([OcrWord("O๑", 95.0, 70, 80, 80, 40, 1, 1, 1, 1), OcrWord("๐", 95.0, 70, 150, 35, 30, 1, 1, 2, 1)]
             + letters("ข้อมูล", 220, 80, 1))
    assert build_text(words, rules).split("\n")[-1] == "O๑๐\tข้อมูล"


def _font(size: int):
    return ImageFont.truetype("/usr/share/fonts/truetype/tlwg/Laksaman.ttf", size)


def test_a_wrapped_scores_first_digit_read_as_a_letter_is_read_again():
    # Word wraps ๗๔.๔๒ in a narrow cell as ๗ over ๔.๔๒; Tesseract's Thai model has no
    # ๗ and gives `ซ่` for it
    im = _grid((1600, 300), ys=(20, 280), xs=(20, 400))  # wide: no digit stroke is a rule
    d = ImageDraw.Draw(im)
    d.text((40, 40), "๗", font=_font(60), fill=0)
    d.text((40, 140), "๔.๔๒", font=_font(60), fill=0)
    glyph = np.argwhere(np.asarray(im)[30:130, 30:200] < 128)
    top, left = glyph.min(axis=0) + (30, 30)
    bottom, right = glyph.max(axis=0) + (30, 30)
    rest = np.argwhere(np.asarray(im)[130:260, 30:390] < 128)
    rtop, rleft = rest.min(axis=0) + (130, 30)
    rbottom, rright = rest.max(axis=0) + (130, 30)
    words = [OcrWord("ซ่", 80.0, int(left), int(top), int(right - left), int(bottom - top), 1, 1, 1, 1),
             OcrWord("๔.๔๒", 95.0, int(rleft), int(rtop), int(rright - rleft), int(rbottom - rtop),
                     1, 1, 2, 1)]
    rules = ocr_tables.find_rules(im)
    fixed = ocr_reader.reread_wrapped_scores(ocr_tables.erase_rules(im, rules), words, rules)
    assert [w.text for w in fixed] == ["๗", "๔.๔๒"]
    assert build_text([w for w in fixed if w.text], rules) == "๗๔.๔๒"


def test_a_cell_of_words_is_not_read_as_digits():
    im = _grid((1600, 300), ys=(20, 280), xs=(20, 400))  # wide: no digit stroke is a rule
    d = ImageDraw.Draw(im)
    d.text((40, 40), "ก", font=_font(60), fill=0)
    d.text((40, 140), "๔.๔๒", font=_font(60), fill=0)
    words = [OcrWord("ก", 90.0, 40, 60, 40, 40, 1, 1, 1, 1),
             OcrWord("๔.๔๒", 95.0, 40, 160, 150, 40, 1, 1, 2, 1)]
    rules = ocr_tables.find_rules(im)
    fixed = ocr_reader.reread_wrapped_scores(ocr_tables.erase_rules(im, rules), words, rules)
    assert [w.text for w in fixed] == ["ก", "๔.๔๒"]


def test_upper_marks_read_again_as_a_line_are_dropped():
    # the marks of แบบวัด… come back as a line of small boxes inside its height
    body = letters("แบบวัดการรับรู้", 400, 1038, 2, h=34)
    body += [OcrWord("ว", 93.0, 850, 1006, 23, 86, 1, 1, 2, 99)]  # a box with marks above and below
    marks = [OcrWord(t, 80.0, x, 1019, 20, 14, 1, 1, 1, i)
             for i, (t, x) in enumerate((("๓๙", 500), ("O๙", 646), ("vt", 700)))]
    prose = letters("ข้อความ", 400, 900, 3, h=36)
    text = build_text(marks + body + prose)
    assert text.split("\n") == ["ข้อความ", "แบบวัดการรับรู้ว"]
    # a line of small print standing on its own is kept
    small = [OcrWord(t, 80.0, x, 1200, 20, 14, 1, 1, 5, i) for i, (t, x) in enumerate((("๑", 500), ("๒", 540)))]
    assert "๑ ๒" in build_text(body + small) or "๑๒" in build_text(body + small)


DATA = Path(__file__).resolve().parent / "data"


def test_serif_letters_are_no_checkbox_but_a_box_is():
    # "(IIT)" of an HTML report in a serif font, cut from its 300-dpi scan: the serifs
    # of II run into one bar over and under both letters, like a box's top and bottom
    im = Image.new("L", (2480, 200), 255)
    im.paste(Image.open(DATA / "serif_iit_scan300.png").convert("L"), (1100, 40))
    d = ImageDraw.Draw(im)
    d.rectangle([600, 60, 632, 92], outline=0, width=3)  # ☐, 33 px at 300 dpi
    boxes = ocr_tables.find_checkboxes(im)
    assert [(b.left, b.top) for b in boxes] == [(600, 60)]


def test_a_tool_code_garbled_after_its_form_name_is_restored():
    assert ocr_lines.repair_labels("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (DT)\tคะแนนรวม") == \
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\tคะแนนรวม"
    assert ocr_lines.repair_labels("ผู้มีส่วนได้ส่วนเสียภายใน ( ☑ 1)") == "ผู้มีส่วนได้ส่วนเสียภายใน (IIT)"
    assert ocr_lines.repair_labels("ผู้มีส่วนได้ส่วนเสียภายนอก (ETT)") == "ผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"
    # elsewhere a code in parentheses is left alone
    assert ocr_lines.repair_labels("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (DT)") == "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (DT)"


def test_the_column_edges_of_one_short_row_are_rules():
    # a header row alone at the foot of a 200-dpi page (its table goes on over the
    # page): its inner column edges are shorter than a rule must be, one broken by noise
    im = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(im)
    for y in (2000, 2078):
        d.line([(200, y), (1500, y)], fill=0, width=2)
    for x in (200, 1500):
        d.line([(x, 2000), (x, 2078)], fill=0, width=2)
    d.line([(800, 2002), (800, 2066)], fill=0, width=2)  # 64 of the row's 78 pixels
    d.line([(1000, 2012), (1000, 2050)], fill=0, width=3)  # a letter's stem: no edge
    xs = sorted(round(v.x0) for v in ocr_tables.find_rules(im).vertical)
    assert xs == [200, 800, 1500]


def test_a_landscape_page_finds_the_boxes_a_portrait_page_finds():
    # ☐ of 30 px at 300 dpi (an A4 page 2481 px wide upright): on the page turned
    # landscape (3508 px wide) the box is as small as before, and found as before
    for size in ((2481, 3508), (3508, 2481)):
        im = Image.new("L", size, 255)
        d = ImageDraw.Draw(im)
        d.rectangle([600, 600, 630, 630], outline=0, width=3)
        assert [(b.left, b.top) for b in ocr_tables.find_checkboxes(im)] == [(600, 600)], size


def test_a_small_box_glyph_is_a_checkbox():
    # ☐ printed from a spreadsheet's 10-point font: 25 px at 300 dpi (2.1 mm)
    im = Image.new("L", (2481, 600), 255)
    d = ImageDraw.Draw(im)
    d.rectangle([600, 300, 624, 324], outline=0, width=2)
    assert [(b.left, b.top) for b in ocr_tables.find_checkboxes(im)] == [(600, 300)]


def test_a_merged_cell_running_over_the_page_gets_its_bottom_edge():
    # a tool cell (x 50-200) merged over the indicator rows runs on to the next page:
    # the rows beside it are closed at the page's foot (y 600), the merged cell is not.
    # Its name belongs to the first row it spans, not a line of its own between rows.
    im = _grid((1000, 700), ys=(50, 150, 380, 600), xs=(50, 200, 650, 950),
               horizontal_spans={2: (200, 950), 3: (200, 950)})
    rules = ocr_tables.close_open_tables(ocr_tables.find_rules(im))
    words = (letters("ชื่อ", 60, 80, 1) + letters("คะแนน", 220, 80, 1)
             + letters("ตัวหนึ่ง", 220, 200, 2) + letters("สอง", 670, 200, 2)
             + letters("ตัวสอง", 220, 450, 4) + letters("สาม", 670, 450, 4)
             + letters("ไอที", 60, 330, 3))
    lines = build_text(words, rules).split("\n")
    assert lines[1:] == ["ไอที\tตัวหนึ่ง\tสอง", "\tตัวสอง\tสาม"]
    # a closed table, its edge ruled all along, gets no piece
    closed = ocr_tables.find_rules(_grid((1000, 700), ys=(50, 150, 600), xs=(50, 300, 650, 950)))
    assert ocr_tables.close_open_tables(closed).horizontal == closed.horizontal


def test_box_sides_stacked_in_a_column_are_no_rule():
    # a checklist column: every row's cell opens with ☑ whose left side, with the stem
    # of the letter under it, lines up row over row (x 630): strokes, not a column edge
    ys = [200 + 184 * k for k in range(15)]
    im = _grid((2481, 3508), ys=ys, xs=(300, 600, 1400))
    d = ImageDraw.Draw(im)
    for y in ys[:-1]:
        d.rectangle([630, y + 36, 675, y + 81], outline=0, width=3)  # ☑, 45 px
        d.line([(631, y + 96), (631, y + 156)], fill=0, width=4)  # ไ's stem under it
    xs = sorted(round(v.x0) for v in ocr_tables.find_rules(im).vertical)
    assert all(abs(x - 630) > 10 for x in xs), xs
    assert len(xs) == 3


def test_a_table_side_the_scan_lost_is_closed_along_its_rules_ends():
    # the left border of a skewed scan's table was not found: its horizontal rules run
    # on a column's width (180 px) left of the first vertical rule found; a side line is
    # added along their ends so that column's words are cells again
    R = ocr_tables.Rule
    tilt = 0.015  # the page's skew: y grows 1.5 px per 100 px to the right, x shrinks down the page
    hs = tuple(R(120 - tilt * y, y, 900 - tilt * y, y + tilt * 780) for y in (100, 400, 700, 1000))
    vs = tuple(R(x - tilt * 100, 100 + tilt * (x - 120), x - tilt * 1000, 1000 + tilt * (x - 120))
               for x in (300, 600, 900))
    rules = ocr_tables.Rules(hs, vs)
    added = [v for v in ocr_tables.close_open_sides(rules).vertical if v not in vs]
    assert len(added) == 1
    side = added[0]
    assert abs(side.x_at(100) - (120 - tilt * 100)) < 2 and abs(side.x_at(1000) - (120 - tilt * 1000)) < 2
    assert side.y0 == 100 and abs(side.y1 - 1000) < 1
    # a ruled side, or rules ending within less than a column of the last vertical rule:
    # nothing added
    ruled = ocr_tables.Rules(hs, vs + (R(120 - tilt * 100, 100, 120 - tilt * 1000, 1000),))
    assert ocr_tables.close_open_sides(ruled) == ruled
    short = ocr_tables.Rules(hs, tuple(R(v.x0 - 170, v.y0, v.x1 - 170, v.y1) for v in vs[:1]) + vs[1:])
    assert ocr_tables.close_open_sides(short) == short
    # two rules only (an underline and a box) are no table
    two = ocr_tables.Rules(hs[:2], vs)
    assert ocr_tables.close_open_sides(two) == two


def test_a_header_row_cut_by_the_page_is_a_row_of_cells_though_no_rule_crosses_it():
    # the first line of a header row that Word cut at the page's foot (300 dpi): the box
    # is one text line high, every side shorter than a rule must be, the outer ones too
    im = Image.new("L", (2481, 3508), 255)
    d = ImageDraw.Draw(im)
    for y in (3182, 3290):
        d.line([(300, y), (2182, y)], fill=0, width=3)
    for x in (300, 621, 992, 1586, 2180):
        d.line([(x, 3182), (x, 3290)], fill=0, width=3)
    d.line([(1200, 3200), (1200, 3240)], fill=0, width=3)  # a letter's stem: no edge
    xs = sorted(round(v.x0) for v in ocr_tables.find_rules(im).vertical)
    assert len(xs) == 5 and all(abs(a - b) <= 3 for a, b in zip(xs, (300, 621, 992, 1586, 2180)))
    # a boxed line whose sides alone are drawn (a framed heading) gets no columns
    im = Image.new("L", (2481, 3508), 255)
    d = ImageDraw.Draw(im)
    for y in (3182, 3290):
        d.line([(300, y), (2182, y)], fill=0, width=3)
    for x in (300, 2180):
        d.line([(x, 3182), (x, 3290)], fill=0, width=3)
    assert not ocr_tables.find_rules(im).vertical


def test_checkboxes_beside_a_skewed_column_edge_keep_their_sides():
    # a 200-dpi page skewed 0.8° (left unlevelled under 1°): the status column's left edge
    # runs from x 1125 down to 1099; each row's first box stands 18 px right of it, so
    # the staircase of box sides touches the edge's rows, up to a letter's stem. The edge
    # must stay on its own line: set aslant through them, erasing it cut the boxes' sides
    im = Image.new("L", (1654, 2339), 255)
    d = ImageDraw.Draw(im)
    top, bottom, x_top, x_bottom = 222, 2114, 1125, 1099

    def edge_x(y: float) -> float:
        return x_top + (x_bottom - x_top) * (y - top) / (bottom - top)

    d.line([(x_top, top), (x_bottom, bottom)], fill=0, width=2)
    d.line([(edge_x(458), 458), (edge_x(482), 482)], fill=255, width=4)  # a faded stretch
    d.line([(1142, 452), (1142, 486)], fill=0, width=2)  # a letter's stem in the cell
    tops = list(range(383, 1900, 135))
    for y in tops:
        x = round(edge_x(y)) + 18
        d.rectangle([x, y, x + 28, y + 28], outline=0, width=2)
    rules = ocr_tables.find_rules(im)
    edges = [v for v in rules.vertical if abs(v.x_at(1000) - edge_x(1000)) <= 15]
    assert len(edges) == 1 and all(abs(edges[0].x_at(y) - edge_x(y)) <= 2 for y in (400, 1000, 1900))
    boxes = ocr_tables.find_checkboxes(ocr_tables.erase_rules(im, rules))
    assert sorted(b.top for b in boxes) == tops


def _year_table(rows):
    """A ruled table (x 100-900; columns at 250 and 700, none between 400 and 550
    where the two year columns meet: that rule lost) and its words: each row's cells
    as (text, left, line) pieces, one OcrWord each, 40 px high."""
    R = ocr_tables.Rule
    ys = [100 + 100 * k for k in range(len(rows) + 1)]
    hs = tuple(R(100, y, 900, y) for y in ys)
    vs = tuple(R(x, ys[0], x, ys[-1]) for x in (100, 250, 700, 900))
    words = []
    for r, cells in enumerate(rows):
        for text, left, line in cells:
            words.append(OcrWord(text, 90.0, left, ys[r] + 15 + 45 * (line - 1), 22 * len(text), 40,
                                 1, 1, 10 * r + line, 1))
    return ocr_tables.Rules(hs, vs), words


def test_two_year_columns_whose_rule_was_lost_are_cut_where_their_words_leave_a_gap():
    # the header's two years and each row's two scores stand in one cell (x 250-700);
    # their boxes leave a gap at x 420-460 down the whole table: two columns. A score
    # wrapped in its half (๑๐ over ๐.๐๐) is one number again in its own column
    rules, words = _year_table([
        [("ตัวชี้วัด", 120, 1), ("๒๕๖๔", 300, 1), ("๒๕๖๕", 480, 1), ("ผล", 720, 1)],
        [("หนึ่ง", 120, 1), ("๘๓.๔๑", 290, 1), ("๗๘.๑๒", 470, 1), ("ลดลง", 720, 1)],
        [("สอง", 120, 1), ("๑๐", 310, 1), ("๐.๐๐", 300, 2), ("๙๑.๖๗", 470, 1), ("ลดลง", 720, 1)],
        [("สาม", 120, 1), ("๗๕.๐๐", 290, 1), ("ลดลง", 720, 1)],
    ])
    assert build_text(words, rules).split("\n") == [
        "ตัวชี้วัด\t๒๕๖๔\t๒๕๖๕\tผล", "หนึ่ง\t๘๓.๔๑\t๗๘.๑๒\tลดลง",
        "สอง\t๑๐๐.๐๐\t๙๑.๖๗\tลดลง", "สาม\t๗๕.๐๐\t\tลดลง"]


def test_a_cell_of_two_years_is_left_whole_where_a_word_crosses_every_gap():
    # one row's words cover the gap the header's years leave (a long text across the
    # cell): no cut anywhere, the cells stay as read
    rules, words = _year_table([
        [("ตัวชี้วัด", 120, 1), ("๒๕๖๔", 300, 1), ("๒๕๖๕", 480, 1), ("ผล", 720, 1)],
        [("หนึ่ง", 120, 1), ("๘๓.๔๑", 290, 1), ("๗๘.๑๒", 470, 1), ("ลดลง", 720, 1)],
        [("สอง", 120, 1), ("ไม่มีข้อมูลปีนี้", 290, 1), ("ลดลง", 720, 1)],
        [("สาม", 120, 1), ("๗๕.๐๐", 290, 1), ("๘๑.๐๐", 470, 1), ("ลดลง", 720, 1)],
    ])
    lines = build_text(words, rules).split("\n")
    assert lines[0] == "ตัวชี้วัด\t๒๕๖๔ ๒๕๖๕\tผล"
    assert all(line.count("\t") == 2 for line in lines)
    # no two years over the cell (a score and its level side by side): no cut either
    rules, words = _year_table([
        [("ตัวชี้วัด", 120, 1), ("คะแนน", 300, 1), ("ผล", 720, 1)],
        [("หนึ่ง", 120, 1), ("๘๓.๔๑", 290, 1), ("๗๘.๑๒", 470, 1), ("ลดลง", 720, 1)],
        [("สอง", 120, 1), ("๗๕.๐๐", 290, 1), ("๘๑.๐๐", 470, 1), ("ลดลง", 720, 1)],
    ])
    assert all(line.count("\t") == 2 for line in build_text(words, rules).split("\n"))


def _status_table_page():
    """A 300-dpi page's ruled table of five rows and four columns (a CSS grid's scan)."""
    im = Image.new("L", (2481, 3508), 255)
    d = ImageDraw.Draw(im)
    for y in (1631, 1911, 2106, 2303, 2496, 2693):
        d.line([(331, y), (2273, y)], fill=0, width=4)
    for x in (331, 497, 1398, 1730, 2271):
        d.line([(x, 1631), (x, 2693)], fill=0, width=4)
    return im, d


def test_a_box_side_over_a_letter_stem_in_a_two_line_cell_is_no_rule():
    # a 300-dpi CSS-grid scan: a status cell 193 px high holds two lines; the side of a
    # ☐ at the end of the first line (39 px) stands over the stem of a letter in the
    # second (66 px), 18 px apart: joined, 123 px, mostly ink, but meeting neither of
    # the row's rules. Each is one line's stroke: no column edge (taken for one, it cut
    # the cell in two and mixed its lines)
    im, d = _status_table_page()
    d.line([(1895, 2349), (1895, 2388)], fill=0, width=4)
    d.line([(1893, 2406), (1893, 2472)], fill=0, width=3)
    xs = sorted(round(v.x0) for v in ocr_tables.find_rules(im).vertical)
    assert all(abs(x - 1894) > 10 for x in xs), xs
    assert len(xs) == 5
    # a column edge the scan broke in the middle of a row, each piece over half the row
    # and both ends at its rules, stays an edge
    im, d = _status_table_page()
    d.line([(1894, 2303), (1894, 2390)], fill=0, width=4)
    d.line([(1894, 2405), (1894, 2496)], fill=0, width=4)
    xs = sorted(round(v.x0) for v in ocr_tables.find_rules(im).vertical)
    assert any(abs(x - 1894) <= 3 for x in xs), xs
