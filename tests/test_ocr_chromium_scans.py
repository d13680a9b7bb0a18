"""Scans of documents printed by headless Chromium (issue 17): what Tesseract does with
their Thai and Arabic numbers and their Thai letters, and the steps that undo it.

Every image is drawn here with a Thai font Chromium prints with (fonts-thai-tlwg); the
word boxes stand where Tesseract put them on such scans (shifted off their glyphs).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract.context import DocContext
from pipeline.extract.scores import extract_scores
from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import lines as ocr_lines
from pipeline.ocr.settings import OcrWord
from pipeline.segment import Document, Line

TLWG = Path("/usr/share/fonts/truetype/tlwg")
needs_fonts = pytest.mark.skipif(not (TLWG / "Loma.ttf").exists() or not (TLWG / "Sawasdee.ttf").exists(),
                                 reason="fonts-thai-tlwg not installed")


def _word(text, left, top, width, height, word, conf=90.0):
    return OcrWord(text, conf, int(left), int(top), int(width), int(height), 1, 1, 1, word)


def _draw(parts: list[str], font: ImageFont.FreeTypeFont, size=(1000, 140)):
    """The parts drawn a space apart on white: (image, each part's ink box)."""
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    x, boxes = 30, []
    for p in parts:
        draw.text((x, 40), p, font=font, fill=0)
        boxes.append(draw.textbbox((x, 40), p, font=font))
        x += font.getlength(p + " ")
    return img, boxes


def _letters(text: str, box, word0: int) -> list[OcrWord]:
    """A Thai word as Tesseract gives it: one word a letter, over the word's box."""
    a, b, c, d = box
    step = (c - a) / len(text)
    return [_word(ch, a + k * step, b, step * 0.8, d - b, word0 + k) for k, ch in enumerate(text)]


def _text(words: list[OcrWord]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.left) if w.text.strip())


# ------------------------------------------------- a second reading of a re-read number


@needs_fonts
@pytest.mark.parametrize("junk", ["lace", "ส", "»>"])
def test_a_second_reading_of_a_number_over_its_ink_alone_is_dropped(junk):
    """'๖๘.๘๘' re-read by the digit step, and Tesseract's other word over part of the
    same ink ('lace' over its last digits, 'ส' or '»>' over its first one, the box half a
    digit off to the left): that word is no text of its own ('คะแนนรวม »> ๖๘.๘๘')."""
    font = ImageFont.truetype(str(TLWG / "Loma.ttf"), 46)
    img, (cue, num, unit) = _draw(["คะแนนรวม", "๖๘.๘๘", "คะแนน"], font)
    na, nb, nc, nd = num
    words = _letters("คะแนนรวม", cue, 1)
    words.append(_word("๖๘.๘๘", na, nb, nc - na, nd - nb, 20))
    if junk == "lace":  # over the last two digits
        words.append(_word(junk, (na + nc) // 2, nb - 10, (nc - na) // 2, nd - nb + 20, 21, 32.0))
    else:  # over the first digit and the paper left of it
        words.append(_word(junk, na - 25, nb - 10, 35, nd - nb + 20, 21, 63.0))
    words += _letters("คะแนน", unit, 30)
    fixed = ocr_digits.repair_numbers(img, words)
    assert _text(fixed) == "ค ะ แ น น ร ว ม ๖๘.๘๘ ค ะ แ น น"


def test_a_second_reading_over_a_number_and_a_mark_under_its_line_is_dropped():
    """'๙๒.๔๓' written, and Tesseract's '๓' over its last digit and over a mark of the
    next line whose middle hangs under the number's baseline (984-1000 under a number
    ending at row 990): the mark is no ink of the word's own, the word goes. A glyph
    on the number's line under the word keeps it."""
    from pipeline.ocr.glyphs import Token
    out = [_word("๙๒.๔๓", 1378, 945, 191, 45, 1), _word("๓", 1530, 957, 64, 43, 2)]
    written = [Token("๙๒.๔๓", 1378, 945, 1569, 990, 1.0, True, 5)]
    mark = (1571, 1594, 992.0)  # (x0, x1, middle row)
    assert ocr_digits._number_ink_words(out, [0, 1], {0}, written, [mark], (1300, 1800), 0, 0) == [1]
    letter = (1571, 1594, 970.0)
    assert ocr_digits._number_ink_words(out, [0, 1], {0}, written, [letter], (1300, 1800), 0, 0) == []


@needs_fonts
def test_a_letter_beside_a_number_keeps_its_word():
    """The unit after the number with its first letter's box drifted onto the number's
    last digit: it stands over ink of its own, a letter, and stays."""
    font = ImageFont.truetype(str(TLWG / "Loma.ttf"), 46)
    img, (cue, num, unit) = _draw(["คะแนนรวม", "๖๘.๘๘", "คะแนน"], font)
    na, nb, nc, nd = num
    words = _letters("คะแนนรวม", cue, 1) + [_word("๖๘.๘๘", na, nb, nc - na, nd - nb, 20)]
    ka, kb, kc, kd = unit
    words.append(_word("ค", nc - 8, kb, ka - nc + 30, kd - kb, 21))
    words += _letters("ะแนน", (ka + 30, kb, kc, kd), 22)
    fixed = ocr_digits.repair_numbers(img, words)
    assert _text(fixed) == "ค ะ แ น น ร ว ม ๖๘.๘๘ ค ะ แ น น"


# ------------------------------------------------- a tabular font's narrow 1


def _tokens(img: Image.Image, box, band) -> list[str]:
    """The digit model's tokens over `box` (its numbers and, as "", its letters)."""
    from pipeline.ocr import glyphs as G
    grey = np.asarray(img)
    a, b, c, d = (int(v) for v in box)
    crop = grey[max(0, b - 30):d + 30, max(0, a - 30):c + 30]
    gl, ref_h, baseline = G.glyphs_in(G.binarise(crop), (band[0] - b + 30, band[1] - b + 30))
    probs = G.load_model().proba(np.stack([G.features(g, ref_h, baseline) for g in gl]))
    return [t.text for t in G.read_tokens(gl, probs, ocr_digits._gap_threshold(gl, ref_h), ref_h, baseline)]


@needs_fonts
def test_a_tabular_fonts_ones_stay_one_number():
    """'75.11' in a font with tabular figures: each 1 stands in a full digit's cell, so
    the paper between the two 1s is wider than a word space measured on their ink
    (read '75.1 1' before, a score lost)."""
    font = ImageFont.truetype(str(TLWG / "Sawasdee.ttf"), 60)
    img, (box,) = _draw(["75.11"], font, size=(400, 160))
    a, b, c, d = box
    assert _tokens(img, box, (b, d)) == ["75.11"]


@needs_fonts
def test_two_ones_a_word_space_apart_stay_two_numbers():
    font = ImageFont.truetype(str(TLWG / "Sawasdee.ttf"), 60)
    img, (one, two) = _draw(["1", "1"], font, size=(400, 160))
    box = (one[0], one[1], two[2], two[3])
    assert _tokens(img, box, (one[1], one[3])) == ["1", "1"]


# ------------------------------------------------- word spaces by the ink


def _letter_height(font: ImageFont.FreeTypeFont) -> int:
    _, top, _, bottom = font.getbbox("ร")
    return int(bottom - top)


@needs_fonts
def test_letters_whose_boxes_drift_apart_are_one_word_where_the_ink_has_no_space():
    """'คะแนน' with the last น's box shrunk to its right half (Tesseract on Chromium's
    Thai): the boxes stand a word space apart, the ink does not: one word, not 'คะแน น'."""
    font = ImageFont.truetype(str(TLWG / "Loma.ttf"), 46)
    img, (word,) = _draw(["คะแนน"], font, size=(400, 140))
    a, b, c, d = word
    dark = np.asarray(img) < 128
    cols = np.flatnonzero(dark[b:d].any(axis=0))
    # the last glyph's ink: the columns after the last blank gap
    gaps = np.flatnonzero(np.diff(cols) > 1)
    last0 = cols[gaps[-1] + 1]
    h = _letter_height(font)  # a plain letter's box, as Tesseract gives it
    base = d
    words = [_word("คะแน", a, base - h, last0 - a - 14, h, 1),
             _word("น", last0 + 14, base - h, c - last0 - 14, h, 2)]
    assert words[1].left - words[0].right >= ocr_lines.SPACE_GAP * h  # a space by the boxes
    assert ocr_lines._join_words(words) == "คะแน น"
    assert ocr_lines._join_words(words, dark=dark) == "คะแนน"


@needs_fonts
def test_a_word_space_in_the_ink_stays_when_the_boxes_drift_right():
    """'เรื่อง รายงาน' with every box shifted right by most of a letter: the space is in
    the ink between them, and stays."""
    font = ImageFont.truetype(str(TLWG / "Loma.ttf"), 46)
    img, (w1, w2) = _draw(["เรือง", "ราย"], font, size=(500, 140))
    dark = np.asarray(img) < 128
    h, base, shift = _letter_height(font), w1[3], 20
    words = [_word("เรือง", w1[0] + shift, base - h, w1[2] - w1[0], h, 1),
             _word("ราย", w2[0] + shift, base - h, w2[2] - w2[0], h, 2)]
    assert ocr_lines._join_words(words, dark=dark) == "เรือง ราย"


# ------------------------------------------------- a browser's running header in a table


def test_a_browsers_running_header_does_not_head_the_rest_of_a_two_year_table():
    """A two-year table broken by a page: the page's footer and the next page's running
    header (Chromium prints the date and the title, OCR reads them as a row of two
    cells) stand between its rows; the rows after them keep the table's year columns."""
    head = "เครื่องมือ\tตัวชี้วัด\t2566\t2567\tการเปลี่ยนแปลง"
    rows1 = ["IIT\t1. การปฏิบัติหน้าที่\t83.14\t77.98\tลดลง",
             "\t2. การใช้งบประมาณ\t77.37\t74.19\tลดลง",
             "\t3. การใช้อำนาจ\t78.62\t74.13\tลดลง"]
    furniture = ["file:///tmp/report.html\t1 7", "12 7 26, 5 16 AM\t0003_memo+043_2567"]
    rows2 = ["OIT\t9. การเปิดเผยข้อมูล\t100.00\t87.50\tลดลง",
             "\t10. การป้องกันการทุจริต\t87.50\t70.00\tลดลง"]
    lines = [Line(1, t) for t in [head, *rows1, furniture[0]]] + [Line(2, t) for t in [furniture[1], *rows2]]
    doc = Document(0, "score_report_memo", tuple(lines))
    got = extract_scores(DocContext(doc, "f" * 64, "ffffffffffffffff-0", 2567))
    ind = {(r.fiscal_year, r.indicator): r.score for r in got.indicator_scores}
    assert ind[(2566, 9)] == 100.0 and ind[(2567, 9)] == 87.5
    assert ind[(2566, 10)] == 87.5 and ind[(2567, 10)] == 70.0
    assert ind[(2566, 1)] == 83.14 and ind[(2567, 1)] == 77.98
    # the footer as a noisy scan leaves it: no number, so a header-like line too
    lines[4] = Line(1, "file:///tmp/report.html\tบ7")
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2567))
    ind = {(r.fiscal_year, r.indicator): r.score for r in got.indicator_scores}
    assert ind[(2566, 9)] == 100.0 and ind[(2567, 10)] == 70.0


# ------------------------------------------------- Chromium's ๗ touching the next digit


def _touching(font, first: str, rest: str, overlap: int, size=(400, 140)):
    """`first`'s glyphs drawn each `overlap` px into the next (Chromium's ๗ touches the
    digit after it), then `rest` at the font's own spacing: (image, ink box)."""
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    x = 30.0
    for ch in first:
        draw.text((x, 40), ch, font=font, fill=0)
        x += font.getlength(ch) - overlap
    x += overlap
    draw.text((x, 40), rest, font=font, fill=0)
    ink = np.argwhere(np.asarray(img) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0)
    return img, (int(x0), int(y0), int(x1) + 1, int(y1) + 1)


@needs_fonts
@pytest.mark.parametrize("font_name", ["Loma.ttf", "Garuda.ttf"])
def test_two_touching_sevens_are_two_digits_not_three(font_name):
    """๗๗.๕๐ with the first ๗'s tall stroke touching the second: the ink is one glyph
    two digits wide, whose thinnest column lies inside the first ๗'s loop. It is cut
    where both halves are digits (read ๗๗๗.๕๐ before, or lost)."""
    font = ImageFont.truetype(str(TLWG / font_name), 40)
    img, box = _touching(font, "๗๗", ".๕๐", 4)
    mask = np.asarray(img)[box[1]:box[3], box[0]:box[2]] < 128
    from pipeline.ocr import glyphs as G
    first = G.components(mask)[0]
    assert first[2] - first[0] > 1.45 * (box[3] - box[1])  # the two ๗ are one glyph
    _, top, _, bottom = box
    assert _tokens(img, box, (top, bottom)) == ["๗๗.๕๐"]


# ------------------------------------------------- a thin font's point, a mark under a digit


def _solid(x0, y0, w, h):
    """A glyph of solid ink at (x0, y0), w × h px."""
    from pipeline.ocr import glyphs as G

    return G.Glyph(x0, y0, x0 + w, y0 + h, np.ones((h, w), bool))


def _sure(n, classes):
    """Class probabilities of n glyphs, those in `classes` ({glyph: class}) sure."""
    from pipeline.ocr import glyphs as G

    probs = np.zeros((n, G.N_CLASSES), np.float32)
    for i, c in classes.items():
        probs[i, c] = 1.0
    return probs


def test_a_point_the_model_is_unsure_of_is_known_by_shape_and_place():
    """A thin font's 4×6 px point the model calls '.' at 0.53 (and 'other' at 0.44): by
    its shape and place between two sure digits, a point (๗๙.๔๕ lost before)."""
    from pipeline.ocr import glyphs as G

    gl = [_solid(0, 0, 36, 36), _solid(39, 0, 33, 36), _solid(78, 30, 4, 6), _solid(88, 0, 34, 36), _solid(125, 0, 34, 36)]
    probs = _sure(5, {0: 7, 1: 9, 3: 4, 4: 5})
    probs[2, G.I_DOT], probs[2, G.I_OTHER], probs[2, G.I_COMMA] = 0.532, 0.455, 0.013
    toks = G.read_tokens(gl, probs, 12.0, 36.0, 36.0)
    assert [(t.text, t.prob >= G.MIN_DIGIT_PROB) for t in toks] == [("๗๙.๔๕", True)]


def test_a_mark_under_a_digit_is_no_comma():
    """Ink of a neighbour line under ๒'s left loop, which the model calls ',' (unsure):
    a comma follows its digit, never stands under it (๒๕๖๔ read ๕๖๔ before)."""
    from pipeline.ocr import glyphs as G

    gl = [_solid(0, 0, 40, 47), _solid(3, 47, 4, 12), _solid(46, 0, 44, 46), _solid(91, 0, 40, 46), _solid(136, 3, 44, 43)]
    probs = _sure(5, {0: 2, 2: 5, 3: 6, 4: 4})
    probs[1, G.I_COMMA], probs[1, G.I_OTHER] = 0.52, 0.48
    toks = G.read_tokens(gl, probs, 20.0, 47.0, 47.0)
    assert [t.text for t in toks] == ["๒๕๖๔"] and toks[0].prob >= G.MIN_DIGIT_PROB


def test_a_score_read_as_latin_and_digits_after_a_cue_is_a_run():
    """'คะแนนรวม wd.99 คะแนน' (๙๖.๑๑ on a clean scan): the garble holds Arabic digits
    too; the image decides what it is."""
    from pipeline.ocr import runs as R
    words = [_word(ch, 10 + 30 * k, 100, 25, 30, k) for k, ch in enumerate("คะแนนรวม")]
    words.append(_word("wd.99", 300, 100, 140, 32, 20))
    words += [_word(ch, 480 + 30 * k, 100, 25, 30, 30 + k) for k, ch in enumerate("คะแนน")]
    assert [[words[i].text for i in run] for run in R.find_runs(words)] == [["wd.99"]]


# ------------------------------------------------- repairs of a score cell's text


def test_a_score_cells_label_keeps_its_first_letter():
    """'ภายใน\\tะแนนรวม ๙๕.๗๖': Tesseract gave the cell's first letter no word; no Thai
    word starts with ะ, so the label is คะแนนรวม."""
    assert ocr_lines.repair_labels("ส่วนเสียภายใน\tะแนนรวม ๙๕.๗๖ คะแนน") == "ส่วนเสียภายใน\tคะแนนรวม ๙๕.๗๖ คะแนน"
    assert ocr_lines.repair_labels("ะแนนเฉลี่ย ๘๑.๒๐") == "คะแนนเฉลี่ย ๘๑.๒๐"
    assert ocr_lines.repair_labels("คะแนนรวม ๙๕.๗๖") == "คะแนนรวม ๙๕.๗๖"


def test_a_lone_speck_a_column_gap_after_a_line_is_no_cell():
    """'86.79 คะแนน\t,': a speck after the sentence's rest, read a tab away; not a cell."""
    assert ocr_lines.repair_labels("86.79 คะแนน\t,\nคะแนนรวม 91.23 คะแนน\t.") == "86.79 คะแนน\nคะแนนรวม 91.23 คะแนน"
    assert ocr_lines.repair_labels("ลำดับ\tชื่อ\t-") == "ลำดับ\tชื่อ\t-"  # a dash is an empty cell's mark


def test_a_dash_after_a_score_in_its_cell_is_a_speck():
    from normalizers.numbers import repair_score, repair_score_text
    assert repair_score_text("๙. การปรับปรุงระบบการทำงาน\tได้รับคะแนน ๗๕.๐๑ - คะแนน") == \
        "๙. การปรับปรุงระบบการทำงาน\tได้รับคะแนน ๗๕.๐๑ คะแนน"
    assert repair_score("๗๕.๐๑ - ๘๐") is None  # a range stays as read
    assert repair_score("๒๕๖๗.๐๑ -") is None


def test_a_year_read_as_latin_after_the_era_is_a_run():
    """'ประจำปีงบประมาณ พ.ศ. ado' (a bold ๒๕๖๖ in a report's title): a run for the
    digit model; a Latin word elsewhere in the line is none."""
    from pipeline.ocr import runs as R
    words = [_word(ch, 10 + 30 * k, 100, 25, 30, k) for k, ch in enumerate("ปีงบ")]
    words += [_word(ch, 200 + 20 * k, 100, 15, 30, 10 + k) for k, ch in enumerate("พ.ศ.")]
    words.append(_word("ado", 300, 100, 140, 36, 20))
    assert any(words[i].text == "ado" for run in R.find_runs(words) for i in run)
    words[6] = _word("ก", 240, 100, 15, 30, 16)  # "พ.ก.": no era before it
    assert not any(words[i].text == "ado" for run in R.find_runs(words) for i in run)


def test_a_mark_under_a_point_is_no_part_of_the_number():
    """A tone mark of the next line hanging under the point of 85.24 (the model: 'other'):
    85.24, not '85.' and '24'."""
    from pipeline.ocr import glyphs as G

    gl = [_solid(0, 0, 22, 35), _solid(25, 1, 22, 34), _solid(53, 30, 5, 4), _solid(54, 37, 3, 9),
          _solid(63, 1, 22, 34), _solid(87, 2, 23, 33)]
    probs = _sure(6, {0: 18, 1: 15, 4: 12, 5: 14})
    probs[2, G.I_DOT] = 0.998
    probs[3, G.I_OTHER], probs[3, G.I_COMMA] = 0.76, 0.24
    assert [t.text for t in G.read_tokens(gl, probs, 15.0, 33.5, 35.0)] == ["85.24"]
    probs[3, G.I_OTHER], probs[3, G.I_COMMA] = 0.24, 0.76  # a comma's broken tail: not dropped
    assert [t.text for t in G.read_tokens(gl, probs, 15.0, 33.5, 35.0)] != ["85.24"]


def test_a_wrapped_tool_code_goes_before_a_score_left_in_the_label_cell():
    """'แบบวัด…ภายนอก คะแนนรวม 80.91\\tคะแนน' over '(EIT)': OCR lost the tab before the
    cue, so the score stands in the label's cell; the wrapped code joins the label, not
    the score (EIT lost before)."""
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน คะแนนรวม 78.74 คะแนน"),
             Line(1, "(IIT)"),
             Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก คะแนนรวม 80.91\tคะแนน"),
             Line(1, "(EIT)"),
             Line(1, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)\tคะแนนรวม\t77.50\tคะแนน")]
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2567))
    assert {(t.fiscal_year, t.tool): t.score for t in got.tool_scores} == {
        (2567, "IIT"): 78.74, (2567, "EIT"): 80.91, (2567, "OIT"): 77.5}


def test_a_wrapped_form_name_with_its_code_misread_and_the_unit_wrapped():
    """A two-column unruled tools table whose label and unit cells both wrapped:
    'แบบวัด…ส่วนเสีย คะแนนรวม 65.65 คะแน' over 'ภายใน(IT)\\tน' (IIT read as IT, the last น
    of คะแนน on the tail's line): the Thai word names the tool."""
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม 65.65 คะแน"),
             Line(1, "ภายใน(IT)\tน"),
             Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย\tคะแนนรวม ๖๙.๑๖ คะแนน"),
             Line(1, "ภายนอก (EIT)"),
             Line(1, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ คะแนนรวม 81.25 คะแน"),
             Line(1, "(OIT)\tน")]
    got = extract_scores(DocContext(Document(0, "o42_analysis_measures", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2565))
    assert {(t.fiscal_year, t.tool): t.score for t in got.tool_scores} == {
        (2565, "IIT"): 65.65, (2565, "EIT"): 69.16, (2565, "OIT"): 81.25}


def test_a_wrapped_label_and_unit_read_as_lines_of_a_text_layer():
    """The same borderless table in a Word PDF's text layer: the cells' wrapped pieces are
    read after a space, not a tab ('ภายใน (IIT) น'; seed 9961)."""
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม 78.55 คะแน"),
             Line(1, "ภายใน (IIT) น"),
             Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม 85.96 คะแน"),
             Line(1, "ภายนอก (EIT) น"),
             Line(1, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ คะแนนรวม 87.50 คะแน"),
             Line(1, "(OIT) น")]
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2564))
    assert {(t.fiscal_year, t.tool): t.score for t in got.tool_scores} == {
        (2564, "IIT"): 78.55, (2564, "EIT"): 85.96, (2564, "OIT"): 87.5}


def test_a_code_tail_with_neither_thai_word_nor_code_names_no_tool():
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม 65.65 คะแน"),
             Line(1, "(IT)\tน")]
    got = extract_scores(DocContext(Document(0, "o42_analysis_measures", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2565))
    assert not got.tool_scores


def test_a_bold_heads_marks_read_as_a_line_of_few_thai_letters_are_dropped():
    """`e๑ ๗๗ ล 394` over บันทึกข้อความ: the bold head's upper marks cut off as a line of
    their own, read unsure, ending at the head's body top; one of its words is a Thai
    consonant. A line of Thai text there keeps its words."""
    head = [_word(ch, 900 + 40 * k, 250, 34, 30, 10 + k, conf=95) for k, ch in enumerate("บนทกขอความ")]
    marks = [_word("e๑", 905, 234, 30, 14, 1, conf=62), _word("๗๗", 960, 234, 30, 15, 2, conf=74),
             _word("ล", 990, 230, 20, 20, 3, conf=91), _word("394", 1020, 232, 28, 14, 4, conf=40)]
    marks = [OcrWord(w.text, w.conf, w.left, w.top, w.width, w.height, 1, 1, 1, w.word) for w in marks]
    head = [OcrWord(w.text, w.conf, w.left, w.top, w.width, w.height, 1, 1, 2, w.word) for w in head]
    assert ocr_lines._marks_on_letters(marks, [head], 30)
    text = [OcrWord(t, 70, 905 + 40 * k, 216, 30, 30, 1, 1, 1, k) for k, t in enumerate(["ส", "ว", "น", "ร", "า"])]
    assert not ocr_lines._marks_on_letters(text, [head], 30)


def test_a_score_read_as_guillemet_and_latin_after_a_cue_is_a_run():
    """'คะแนนรวม «aol คะแนน' (๙๘.๗๕ on a clean CSS-grid print's scan): « is what
    Tesseract wrote for the round ๙; the image decides what the word is."""
    from pipeline.ocr import runs as R
    words = [_word(ch, 10 + 30 * k, 100, 25, 30, k) for k, ch in enumerate("คะแนนรวม")]
    words.append(_word("«aol", 300, 100, 140, 32, 20, conf=45))
    words += [_word(ch, 480 + 30 * k, 100, 25, 30, 30 + k) for k, ch in enumerate("คะแนน")]
    assert [[words[i].text for i in run] for run in R.find_runs(words)] == [["«aol"]]


def test_a_reading_on_blank_paper_right_before_a_written_number_is_dropped():
    """'ฆ' then '๙๖.๓๙' (a CSS-grid print's scan): Tesseract's reading of the first ๙ with
    its box drifted left off the ink, ending where the number's ink begins; no ink under
    it. A word over ink of its own there, or standing further off, stays."""
    from pipeline.ocr.glyphs import Token
    out = [_word("๙๖.๓๙", 1819, 1540, 121, 30, 1), _word("ฆ", 1797, 1530, 22, 50, 2)]
    written = [Token("๙๖.๓๙", 1819, 1540, 1940, 1570, 1.0, True, 5)]
    assert ocr_digits._number_ink_words(out, [0, 1], {0}, written, [], (1777, 1980), 0, 0) == [1]
    ink = (1800, 1812, 1555.0)  # a glyph the step did not read, under the word
    assert ocr_digits._number_ink_words(out, [0, 1], {0}, written, [ink], (1777, 1980), 0, 0) == []
    far = [out[0], _word("ฆ", 1760, 1530, 22, 50, 2)]  # 37 px off: more than half its height
    assert ocr_digits._number_ink_words(far, [0, 1], {0}, written, [], (1700, 1980), 0, 0) == []
    after = [out[0], _word("อ", 1944, 1530, 22, 50, 2)]  # a letter after it, its box drifted right
    assert ocr_digits._number_ink_words(after, [0, 1], {0}, written, [], (1777, 2000), 0, 0) == []
    mark = [out[0], _word("ี", 1797, 1515, 22, 20, 2)]  # ปี๒๕๖๕: the vowel over the letter before it
    assert ocr_digits._number_ink_words(mark, [0, 1], {0}, written, [], (1777, 1980), 0, 0) == []
    high = [out[0], _word("ปี", 1797, 1500, 22, 45, 2)]  # standing above the digits' band
    assert ocr_digits._number_ink_words(high, [0, 1], {0}, written, [], (1777, 1980), 0, 0) == []


def test_a_score_cell_read_as_latin_and_arabic_digits_is_a_run():
    """'๗ | ประสิทธิภาพการสื่อสาร | v0.06' (๙๐.๑๘ in a ruled table on a Chromium print's
    scan): the cell alone in its column, Latin and digits around a point; the image decides.
    Without the point ('v006') it is no score's garble."""
    from pipeline.ocr import runs as R
    words = [_word("๗", 388, 100, 36, 40, 0)]
    words += [_word(ch, 657 + 30 * k, 100, 25, 40, 1 + k) for k, ch in enumerate("ประสิทธิภาพ")]
    words.append(_word("v0.06", 1897, 100, 162, 40, 30, conf=37))
    assert any(words[i].text == "v0.06" for run in R.find_runs(words) for i in run)
    words[-1] = _word("v006", 1897, 100, 162, 40, 30, conf=37)
    assert not any(words[i].text == "v006" for run in R.find_runs(words) for i in run)
    words[-1] = _word("OE.", 1907, 100, 164, 40, 30, conf=34)  # capitals with a point: ๖๔.๙๘
    assert any(words[i].text == "OE." for run in R.find_runs(words) for i in run)
    words[-1] = _word("EIT", 1907, 100, 164, 40, 30, conf=90)  # capitals alone: a tool's code
    assert not any(words[i].text == "EIT" for run in R.find_runs(words) for i in run)


def test_a_sevens_tail_cut_off_its_body_is_no_gap():
    """๗๐.๐๐ on a Chromium print's scan: the ๗'s rising stroke cut off its body as a
    glyph of its own (touching it, on the baseline, above the digits), 'other' to the
    model; it is the ๗'s, not a space (`๗ ๐.๐๐` before). A mark that does not touch the
    digit still ends the number."""
    from pipeline.ocr import glyphs as G

    def glyphs(tail_x0):
        return [_solid(65, 36, 19, 22), _solid(tail_x0, 27, 17, 31), _solid(107, 36, 26, 22),
                _solid(140, 52, 6, 6), _solid(153, 36, 26, 22), _solid(185, 36, 27, 22)]
    probs = _sure(6, {0: 7, 2: 0, 3: G.I_DOT, 4: 0, 5: 0})
    probs[1, G.I_OTHER] = 0.97
    assert [t.text for t in G.read_tokens(glyphs(84), probs, 15.0, 22.0, 58.0) if t.text] == ["๗๐.๐๐"]
    assert [t.text for t in G.read_tokens(glyphs(89), probs, 15.0, 22.0, 58.0) if t.text] == ["๗", "๐.๐๐"]
    # a slash against the digit (๘๓๖๒๓/๙๒๑, ๗/๙): it leans, its top right of its foot; it is
    # no tail (the number would read ๓๙) but the slash of a memo number (glyphs._slashes)
    slash = np.zeros((40, 15), bool)
    for r in range(40):
        c = int((39 - r) * 14 / 39)
        slash[r, max(0, c - 1):c + 2] = True
    gl = [_solid(206, 38, 30, 24), G.Glyph(237, 22, 252, 62, slash), _solid(255, 28, 29, 34)]
    for first in (3, 7):
        probs = _sure(3, {0: first, 2: 9})
        probs[1, G.I_OTHER] = 0.99
        assert [t.text for t in G.read_tokens(gl, probs, 15.0, 33.5, 62.0) if t.text] == [G.CLASSES[first] + "/๙"]


def test_a_score_cell_whose_cue_lost_its_first_letter_is_a_score():
    """'ได้รับพะแนน ๑๐๐.๐๐ คะแน' (คะแนน's ค read as พ, the unit's last น wrapped under it):
    the cell holds the score."""
    lines = [Line(1, "๑. การใช้ทรัพย์สินของราชการ\tได้รับพะแนน ๑๐๐.๐๐ คะแน"), Line(1, "น"),
             Line(1, "๒. การปฏิบัติหน้าที่\tได้รับคะแนน ๘๗.๒๕ คะแน"), Line(1, "น")]
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2568))
    assert {(r.fiscal_year, r.indicator): r.score for r in got.indicator_scores} == {
        (2568, 4): 100.0, (2568, 1): 87.25}


@pytest.mark.parametrize("tesseract, code", [("121", "I21"), ("01", "O1"), ("O1", "O1")])
def test_a_serif_i_printed_against_its_first_digit_is_an_i(tesseract, code):
    """I21 in a Chromium print's measures table: the serif I touches the 2, one glyph as
    wide as an O ('other' to the model), then a 1. Tesseract read '121': the I and the 2
    are that glyph (O21 and O1 read before). An O Tesseract read as 0 or O stays O."""
    from pipeline.ocr.glyphs import Token
    out = [_word(tesseract, 83, 27, 60, 33, 1, conf=80)]
    tokens = [Token("", 83, 27, 121, 60, 1.0, False, 1), Token("1", 128, 27, 141, 60, 1.0, True, 1)]
    got = ocr_digits._codes(out, [0], tokens, 0, 33.0, 14.85)
    assert [t.text for t in got] == [code]


def test_a_total_line_with_a_speck_in_a_cell_of_its_own_still_goes_with_its_heading():
    """'คะแนนรวม 91.23 คะแนน\\t,' under 'แบบวัด…(IIT)': the speck OCR read after the unit,
    a tab away, makes no table row of the line."""
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"), Line(1, "คะแนนรวม 91.23 คะแนน\t,"),
             Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)ส่วนที่1"), Line(1, "คะแนนรวม 99.49 คะแนน\t,"),
             Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)ส่วนที่2"), Line(1, "คะแนนรวม 92.59 คะแนน")]
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2566))
    assert {(t.fiscal_year, t.tool): t.score for t in got.tool_scores} == {
        (2566, "IIT"): 91.23, (2566, "EIT_PART1"): 99.49, (2566, "EIT_PART2"): 92.59}


def test_a_tool_row_whose_cue_cell_ocr_garbled_is_still_a_tool_row():
    """'แบบตรวจ…(OIT)\\tfle แนนรวม\\t๙๒.๕๐ คะแนน' (คะ of คะแนนรวม read as Latin): the garbled
    cue names no indicator; the form's row holds the tool's score. A two-year table's
    tool column before an indicator's name stays an indicator row."""
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\tคะแนนรวม\t๙๐.๑๒ คะแนน"),
             Line(1, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)\tfle แนนรวม\t๙๒.๕๐ คะแนน")]
    got = extract_scores(DocContext(Document(0, "score_report_memo", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2566))
    assert {t.tool: t.score for t in got.tool_scores} == {"IIT": 90.12, "OIT": 92.5}
    assert not got.indicator_scores


def test_a_wide_digit_the_model_reads_whole_is_not_cut_in_two(monkeypatch):
    """Chromium's ๗ with its tall stroke is 1.5 line heights wide: cut where both halves
    read as sure digits, its body and its stroke gave ๗ ๗ (๗๐.๐๐ read ๗๗๐.๐๐). Read whole
    as a sure digit, it stays one glyph; two touching digits, 1.8 heights or more, are
    still cut."""
    from pipeline.ocr import glyphs as G

    class Model:  # ๗, sure, for any glyph, whole or cut
        def proba(self, feats):
            p = np.zeros((len(feats), G.N_CLASSES), np.float32)
            p[:, 7] = 1.0
            return p

    monkeypatch.setattr(G, "load_model", lambda: Model())
    seven = G.Glyph(0, 14, 40, 49, np.ones((35, 40), bool))
    assert len(G._split(seven, 27.0, baseline=49.0)) == 1
    pair = G.Glyph(0, 14, 52, 49, np.ones((35, 52), bool))
    assert len(G._split(pair, 27.0, baseline=49.0)) == 2


def test_a_total_whose_unit_ocr_read_as_capitals_is_still_a_score():
    """'…ส่วนเสีย คะแนนรวม 65.65 ALU' over 'ภายใน (IIT)\\tน' (a noisy 200-dpi scan: คะแน read
    as Latin capitals): the two-decimal score stands; a whole number beside capitals
    ('65 ALU') is no score."""
    from pipeline.extract.score_rows import cell_number
    lines = [Line(1, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย คะแนนรวม 65.65 ALU"), Line(1, "ภายใน (IIT)\tน")]
    got = extract_scores(DocContext(Document(0, "o42_analysis_measures", tuple(lines)), "f" * 64, "ffffffffffffffff-0", 2565))
    assert {t.tool: t.score for t in got.tool_scores} == {"IIT": 65.65} and not got.flags
    assert cell_number("65 ALU")[0] == "text"
