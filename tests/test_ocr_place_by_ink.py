"""Words of a ruled table placed by their ink, not by Tesseract's drifting letter boxes
(pipeline/ocr/lines.place_by_ink)."""

import numpy as np

from pipeline.ocr.lines import build_lines, place_by_ink
from pipeline.ocr.settings import OcrWord
from pipeline.ocr.tables import Rule, Rules

# one table row between y 100 and 200, columns 300 | 479 | 900
RULES = Rules(
    horizontal=(Rule(300, 100, 900, 100), Rule(300, 200, 900, 200)),
    vertical=(Rule(300, 100, 300, 200), Rule(479, 100, 479, 200), Rule(900, 100, 900, 200)),
)


def _word(text, left, width, n, top=130, height=36):
    return OcrWord(text, 95.0, left, top, width, height, 1, 1, 1, n)


def _page(*inks):
    dark = np.zeros((300, 1000), bool)
    for x0, x1 in inks:
        dark[135:160, x0:x1] = True
    return dark


def test_first_letter_of_a_cell_drifted_into_the_gap():
    # "O8 | คู่มือ": the ค's box (458-493) lies over blank paper left of the rule, its
    # ink is in the ู's box (501-521)
    words = [_word("O8", 335, 90, 1), _word("ค", 458, 35, 2), _word("ู", 501, 20, 3),
             _word("มือ", 525, 60, 4)]
    dark = _page((335, 424), (501, 521), (525, 585))
    placed = place_by_ink(words, RULES, dark)
    assert placed[1].left == 501  # at the ink it was read from
    texts = [t for t, _ in build_lines(placed, RULES)]
    assert texts == ["O8\tคู่มือ"] or texts == ["O8\tคูมือ"]
    assert [t for t, _ in build_lines(words, RULES)] == ["O8 ค\tูมือ"]  # as it was


def test_last_letter_of_a_cell_drifted_right_stays_in_its_cell():
    # "ปลัด | ☑": the ด's box (700-740) lies in the blank right of ปลั's ink, left of
    # the next cell's ink: it goes to the nearer ink, the word before it
    rules = Rules(horizontal=RULES.horizontal,
                  vertical=(Rule(300, 100, 300, 200), Rule(800, 100, 800, 200), Rule(900, 100, 900, 200)))
    words = [_word("ปลั", 600, 90, 1), _word("ด", 700, 40, 2), _word("☑", 820, 30, 3)]
    dark = _page((600, 690), (820, 850))
    placed = place_by_ink(words, rules, dark)
    assert placed[1].left == 689
    assert [t for t, _ in build_lines(placed, rules)] == ["ปลัด\t☑"]


def test_box_across_a_rule_narrowed_to_its_ink():
    words = [_word("ข้", 452, 72, 1)]  # box 452-524 over the rule at 479, ink 501-523
    placed = place_by_ink(words, RULES, _page((501, 523)))
    assert (placed[0].left, placed[0].right) == (501, 523)


def test_words_outside_tables_and_inked_boxes_unchanged():
    words = [_word("ก", 100, 30, 1, top=20), _word("ข", 520, 30, 2)]
    dark = _page((520, 550))
    dark[20:50, :] = False  # the free word has no ink: still left alone
    assert place_by_ink(words, RULES, dark) == words


def test_checkbox_words_stay_where_the_box_was():
    # ☑/☐ come from boxes erased before OCR (conf -1): no ink, and not moved
    box = OcrWord("☑", -1.0, 520, 130, 30, 30, 1, 1, 1, 0)
    words = [box, _word("ยัง", 600, 60, 2)]
    assert place_by_ink(words, RULES, _page((600, 660)))[0] == box


def test_a_mark_moved_to_the_next_letter_is_read_before_it():
    # ยัง: the ั's box drifted over blank paper, nearer the ง, whose box starts left of
    # its ink; the ั must still come before the ง
    words = [_word("ย", 560, 40, 1), _word("ั", 606, 7, 2), _word("ง", 606, 44, 3)]
    placed = place_by_ink(words, RULES, _page((560, 600), (615, 650)))
    assert [t for t, _ in build_lines(placed, RULES)] == ["\tยัง"]


def test_a_speck_is_no_ink():
    # "๓ | ตัวชี้วัด" at 200 dpi: the ต's box holds one pixel left of an erased rule
    words = [_word("๓", 330, 23, 1), _word("ต", 440, 25, 2), _word("ั", 464, 29, 3)]
    dark = _page((330, 353), (490, 493))
    dark[140, 460] = True  # the speck, in the ต's box
    placed = place_by_ink(words, RULES, dark)
    assert placed[1].left == 490


def test_a_cells_first_consonant_whose_box_reaches_back_over_the_number_before():
    # a spreadsheet's cells printed against the rule (479): "๑|ตัวชี้วัด"; the ต's box
    # (466-488) holds the end of the ๑'s ink (466-474) and the start of the ั's box,
    # its own ink is in the ั's box: the ต opens the cell after the rule, because the ั
    # cannot open one
    words = [_word("๑", 449, 25, 1), _word("ต", 466, 22, 2), _word("ั", 487, 22, 3), _word("ว", 518, 14, 4)]
    dark = _page((449, 476), (487, 509), (518, 532))
    placed = place_by_ink(words, RULES, dark)
    assert [t for t, _ in build_lines(placed, RULES)] == ["๑\tตัว"]
    assert [t for t, _ in build_lines(words, RULES)] == ["๑ต\tัว"]  # by the boxes


def test_a_consonant_before_a_consonant_past_the_rule_is_not_moved():
    # "๑ต|กา": the word after the rule opens with a consonant, so it can open the cell
    # itself; the box crossing the rule with ink on both sides stays where it is
    words = [_word("๑", 449, 15, 1), _word("ต", 466, 22, 2), _word("ก", 487, 22, 3), _word("า", 512, 14, 4)]
    dark = _page((449, 464), (466, 476), (484, 488), (487, 509), (512, 526))
    placed = place_by_ink(words, RULES, dark)
    assert placed[1] == words[1]


def test_an_unsure_word_over_blank_paper_is_dropped():
    # "ไ ]" that Tesseract read before "๒๕๖๔" in a header cell where the paper is blank
    words = [OcrWord("ไ", 56.0, 500, 130, 29, 36, 1, 1, 1, 1), OcrWord("]", 63.0, 530, 130, 8, 36, 1, 1, 1, 2),
             _word("๒๕๖๔", 540, 140, 3)]
    dark = _page((540, 680))
    placed = place_by_ink(words, RULES, dark)
    assert [w.text for w in placed] == ["๒๕๖๔"]
    assert [t for t, _ in build_lines(placed, RULES)] == ["\t๒๕๖๔"]
