"""The scanned-number step (pipeline/ocr/glyphs.py, runs.py, digits.py): the glyph classifier, locating
numeric tokens, and repair of Tesseract's Thai-digit misreads on rendered crops."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import glyphs as ocr_glyphs
from pipeline.ocr import runs as ocr_runs
from samples import digit_model
from pipeline.ocr.settings import OcrWord

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
needs_fonts = pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg not installed")


def Word(text: str, conf: float, left: int, top: int, width: int, height: int,
         block: int = 1, par: int = 1, line: int = 1, word: int = 1) -> OcrWord:
    """A Tesseract word as the OCR reader hands it to repair_numbers, on line 1 by default."""
    return OcrWord(text, conf, left, top, width, height, block, par, line, word)


def render_line(parts: list[str], size: int = 62, seed: int = 0, noisy: bool = False, font_file: Path = FONT):
    """An image of `parts` separated by spaces (Laksaman unless told, `size` px ≈ 15 pt
    at 300 dpi), and the true ink box of each part: [(part, (x0, y0, x1, y1))]."""
    font = ImageFont.truetype(str(font_file), size)
    text = " ".join(parts)
    pad = size
    width = int(font.getlength(text)) + 2 * pad
    img = Image.new("L", (width, 3 * size), 255)
    draw = ImageDraw.Draw(img)
    draw.text((pad, size), text, font=font, fill=0)
    boxes = []
    x = pad
    for p in parts:
        bb = draw.textbbox((x, size), p, font=font)
        boxes.append((p, bb))
        x += font.getlength(p + " ")
    if noisy:
        img = digit_model._damage(img, np.random.default_rng(seed))
    return img, boxes


def per_letter_words(text: str, box, line: int = 1, start: int = 1) -> list[Word]:
    """Tesseract's habit: one 'word' per letter, with loose, shifted boxes."""
    x0, y0, x1, y1 = box
    n = len(text)
    step = (x1 - x0) / max(n, 1)
    out = []
    for i, ch in enumerate(text):
        left = int(x0 + i * step + 0.25 * step)  # shifted right, narrower than the glyph
        out.append(Word(ch, 93.0, left, y0 - 3, max(1, int(0.5 * step)), y1 - y0 + 6,
                        line=line, word=start + i))
    return out


def joined(words) -> str:
    return "".join(w.text for w in words)


# ---------------------------------------------------------------- classifier


@needs_fonts
def test_classifier_accuracy_on_fresh_renders():
    """Glyphs rendered with a seed the model never saw, with scanner damage. Measured
    (model of `make digits`): ≈ 99% of digits right on these fonts; the held-out-font
    figure (Kinnari left out of training, `--eval`) is ≈ 97%."""
    fonts = digit_model._font_files(["Laksaman", "Kinnari", "Garuda"], styles=("",))
    X, y = digit_model.make_dataset(fonts, per_font=30, seed=424242)
    assert len(y) > 200
    pred = ocr_glyphs.load_model().proba(X).argmax(axis=1)
    digits = y < 20
    assert (pred[digits] == y[digits]).mean() >= 0.95
    assert (pred == y).mean() >= 0.93


def test_model_is_small_and_loads_once():
    assert ocr_glyphs.MODEL_PATH.stat().st_size < 2_000_000
    assert ocr_glyphs.load_model() is ocr_glyphs.load_model()


# ---------------------------------------------------------------- locating


def test_runs_never_start_from_thai_words():
    words = [Word(t, 90, 10 * i, 0, 9, 20, word=i) for i, t in enumerate(
        ["ต", "ร", "ว", "จ", "ส", "อ", "บ", "ว", "ั", "ด", "ผ", "ล"])]
    assert ocr_runs.find_runs(words) == []
    # misread digit stand-ins (ว @ «) count only between real digits; the image decides
    # about the ink beside a run
    words = [Word(t, 90, 10 * i, 0, 9, 20, word=i) for i, t in enumerate(
        ["ค", "ะ", "ว", "๑", "ว", "@", "๕", "ว", "น"])]
    runs = ocr_runs.find_runs(words)
    assert [[words[i].text for i in r] for r in runs] == [["๑", "ว", "@", "๕"]]
    # a list number misread as Latin at the start of a line
    words = [Word("al.", 90, 0, 0, 30, 20, word=1), Word("ก", 90, 40, 0, 9, 20, word=2)]
    assert ocr_runs.find_runs(words) == [[0]]
    words = [Word("and", 90, 0, 0, 30, 20, word=1), Word("on.", 90, 40, 0, 9, 20, word=2)]
    assert ocr_runs.find_runs(words) == []


@needs_fonts
def test_thai_words_next_to_numbers_stay_thai():
    parts = ["ปีงบประมาณ", "พ.ศ.", "๒๕๖๗", "ตรวจ", "ได้รับคะแนน", "๙๓.๗๑", "คะแนน"]
    img, boxes = render_line(parts)
    words, k = [], 1
    for text, box in boxes:
        # Tesseract's reading: Thai digits it cannot emit come out as misreads
        read = {"๒๕๖๗": "๒๕๒๕", "๙๓.๗๑": "๓ว.๕@"}.get(text, text)
        ws = per_letter_words(read, box, start=k)
        k += len(ws)
        words.extend(ws)
    fixed = ocr_digits.repair_numbers(img, words)
    assert len(fixed) == len(words)
    for before, after in zip(words, fixed):
        if not ocr_runs._digitlike(before.text):
            assert after == before, (before.text, after.text)
    text = joined(fixed)
    assert "๒๕๖๗" in text and "๙๓.๗๑" in text
    assert "ตรวจ" in text and "ปีงบประมาณ" in text


# ---------------------------------------------------------------- repair


@needs_fonts
@pytest.mark.parametrize("noisy", [False, True])
def test_score_misread_is_repaired(noisy):
    """๙๓.๗๑ at 300 dpi (Laksaman 15 pt); stock Tesseract writes ๓ว.๕@ (DESIGN §2)."""
    img, boxes = render_line(["คะแนน", "๙๓.๗๑"], seed=3, noisy=noisy)
    (_, kbox), (_, nbox) = boxes
    words = per_letter_words("คะแนน", kbox) + per_letter_words("๓ว.๕@", nbox, start=6)
    fixed = ocr_digits.repair_numbers(img, words)
    assert len(fixed) == len(words)
    assert joined(fixed[5:]) == "๙๓.๗๑"
    assert joined(fixed[:5]) == "คะแนน"
    carrier = next(w for w in fixed[5:] if w.text)
    x0, y0, x1, y1 = nbox
    assert abs(carrier.left - x0) <= 4 and abs(carrier.left + carrier.width - x1) <= 4


@needs_fonts
def test_one_loose_word_for_a_year_and_a_rank():
    img, boxes = render_line(["พ.ศ.", "๒๕๖๘", "ลำดับที่", "๒,๕๕๑", "2567"], size=42)
    words = []
    for i, (text, (x0, y0, x1, y1)) in enumerate(boxes):
        read = {"๒๕๖๘": "๒๕๒๐๕", "๒,๕๕๑": "๒,๕๕๑", "2567": "2567"}.get(text, text)
        # one word for the whole token, box a little off
        words.append(Word(read, 90, x0 + 3, y0 - 2, x1 - x0 - 8, y1 - y0 + 4, word=i + 1))
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed] == ["พ.ศ.", "๒๕๖๘", "ลำดับที่", "๒,๕๕๑", "2567"]


# ---------------------------------------------------------------- never raises


def test_odd_input_never_raises():
    img = Image.new("L", (200, 60), 255)
    assert ocr_digits.repair_numbers(img, []) == []
    odd = [
        Word("๑๒", 90, 0, 0, 0, 0),  # zero-size box
        Word("๓", 90, 5000, 5000, 40, 40, word=2),  # outside the image
        Word("๔", 90, -50, -50, 10, 10, word=3),  # negative
        Word("", -1, 10, 10, 10, 10, word=4),
        Word("๕", 90, 190, 50, 100, 100, word=5),  # overhanging
    ]
    for image in (img, Image.new("L", (1, 1), 0), Image.new("RGBA", (50, 50)),
                  Image.new("1", (300, 80), 1), Image.new("CMYK", (40, 40)), None):
        out = ocr_digits.repair_numbers(image, odd)
        assert len(out) == len(odd)
    # a black page: no crash, nothing invented
    out = ocr_digits.repair_numbers(Image.new("L", (300, 100), 0), [Word("๑", 90, 10, 10, 20, 30)])
    assert len(out) == 1


# ---------------------------------------------------------------- damage and codes


def one_word(text: str, box, word: int = 1, line: int = 1) -> Word:
    """Tesseract's box for a whole token, a little loose."""
    x0, y0, x1, y1 = box
    return Word(text, 90.0, x0 - 2, y0 - 3, x1 - x0 + 4, y1 - y0 + 6, line=line, word=word)


def draw_texts(parts: list[tuple[str, int]], width: int, size: int = 46):
    """An image of each text drawn at its x on one line (Laksaman, `size` px) and each
    text's ink box."""
    font = ImageFont.truetype(str(FONT), size)
    img = Image.new("L", (width, 3 * size), 255)
    draw = ImageDraw.Draw(img)
    boxes = []
    for text, x in parts:
        draw.text((x, size), text, font=font, fill=0)
        boxes.append(draw.textbbox((x, size), text, font=font))
    return img, boxes


def glyph_boxes(text: str, x: int, size: int = 46) -> list[tuple[int, int, int, int]]:
    """The ink box of each character of `text` as draw_texts places it at x."""
    font = ImageFont.truetype(str(FONT), size)
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    out = []
    for ch in text:
        out.append(draw.textbbox((x, size), ch, font=font))
        x += font.getlength(ch)
    return out


@needs_fonts
def test_touching_digits_are_cut_not_dropped():
    """'8' and '4' printed so that they touch (a heavy or blurred scan) make one glyph
    the model calls 'other'; it is cut where it is thinnest, and the number kept whole
    (the step once wrote '14' over Tesseract's right '84.14')."""
    font = ImageFont.truetype(str(FONT), 42)
    img = Image.new("L", (360, 130), 255)
    draw = ImageDraw.Draw(img)
    x = 60
    for ch, kern in (("8", -5), ("4", 0), (".", 0), ("1", 0), ("4", 0)):
        draw.text((x, 40), ch, font=font, fill=0)
        x += font.getlength(ch) + kern
    ink = np.asarray(img) < 128
    ys, xs = np.nonzero(ink)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    # the two first digits really touch: no blank column across the pair
    pair = int(font.getlength("8") + font.getlength("4")) - 10
    assert ink[:, box[0]:box[0] + pair].any(axis=0).all()
    fixed = ocr_digits.repair_numbers(img, [one_word("84.14", box)])
    assert fixed[0].text == "84.14"


@needs_fonts
def test_specks_and_marks_off_the_line_do_not_change_a_number():
    """Dust between digits, a blot under one, and the tail of a letter of the line above
    over another: no extra digit, no token split ('76.5 3', '๒๕๙๖๓' before)."""
    img, boxes = render_line(["๒๕๖๓", "76.53"], size=42)
    a = np.asarray(img).copy()
    (x0, y0, x1, y1), (u0, v0, u1, v1) = [tuple(int(v) for v in b) for _, b in boxes]
    h = y1 - y0
    a[v1 - h // 3:v1 - h // 3 + 2, u1 - 24:u1 - 22] = 0  # dust between '5' and '3'
    a[v1 + 6:v1 + 9, u0 + 8:u0 + 12] = 0  # a blot under '7'
    mid = (x0 + x1) // 2
    a[y0 - h // 2:y0 - 4, mid - 4:mid + 4] = 0  # ink over the year, off its line
    img = Image.fromarray(a)
    words = [one_word("๒๕๒๓", (x0, y0, x1, y1)), one_word("76.53", (u0, v0, u1, v1), word=2)]
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed] == ["๒๕๖๓", "76.53"]


@needs_fonts
@pytest.mark.parametrize("code, read", [("O๑๓", "Ooo"), ("O๗", "Od"), ("O17", "0"), ("I๑๕", "lag")])
def test_question_code_keeps_its_letter(code, read):
    """Tesseract reads an item code with Thai digits as Latin ('O๑๓' → 'Ooo'); the
    digits are re-read and the code letter kept."""
    img, boxes = render_line([code, "ข้อมูล"], size=46)
    (_, cbox), (_, tbox) = boxes
    words = [one_word(read, cbox)] + per_letter_words("ข้อมูล", tbox, start=2)
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[0].text == code
    assert joined(fixed[1:]) == "ข้อมูล"


@needs_fonts
@pytest.mark.parametrize("font", ["Garuda.ttf", "Umpush.ttf", "Loma.ttf", "Sawasdee.ttf", "Waree.ttf"])
def test_a_wide_code_letter_is_still_a_code_letter(font):
    """A capital O stands 1.5-1.8 times as tall as a Thai digit and about as wide as it
    is tall: O๓๑ read as 'One' (a clean 300-dpi scan) is still a code, in every font."""
    img, boxes = render_line(["O๓๑", "ข้อมูล"], size=46, font_file=FONT.parent / font)
    (_, cbox), (_, tbox) = boxes
    fixed = ocr_digits.repair_numbers(img, [one_word("One", cbox)] + per_letter_words("ข้อมูล", tbox, start=2))
    assert fixed[0].text == "O๓๑"


def test_code_like_words_and_lone_lines():
    assert ocr_runs._code_like("Ooo") and ocr_runs._code_like("lag") and ocr_runs._code_like("O7")
    assert not ocr_runs._code_like("ITA") and not ocr_runs._code_like("Social") and not ocr_runs._code_like("O")
    assert ocr_runs._lone(["-q-"]) and ocr_runs._lone(["ese"])
    assert not ocr_runs._lone(["ข้อ"]) and not ocr_runs._lone(["ITA", "and", "OIT"])


@needs_fonts
def test_lone_page_number_is_read():
    """A page number '- ๓ -' alone on its line, read by Tesseract as 'ese'."""
    img, boxes = render_line(["-", "๓", "-"], size=46)
    x0 = boxes[0][1][0]
    x1 = boxes[-1][1][2]
    y0 = min(b[1] for _, b in boxes)
    y1 = max(b[3] for _, b in boxes)
    fixed = ocr_digits.repair_numbers(img, [one_word("ese", (x0, y0, x1, y1))])
    assert "๓" in fixed[0].text and not set(fixed[0].text) - set("๓- ")


def text_page(number: str | None, size: int = 46, specks: bool = False):
    """A page strip: `number` alone on the top line (no Tesseract word for it) over a
    line of plain Thai letters, each its own word with its ink box (Tesseract's habit)."""
    font = ImageFont.truetype(str(FONT), size)
    img = Image.new("L", (1400, 360), 255)
    draw = ImageDraw.Draw(img)
    if number:
        draw.text((620, 40), number, font=font, fill=0)
    words = []
    x = 100
    for i, ch in enumerate("กคงจดตนบมรวสอกคงจดตน"):
        bb = draw.textbbox((x, 220), ch, font=font)
        draw.text((x, 220), ch, font=font, fill=0)
        words.append(Word(ch, 93.0, bb[0], bb[1], bb[2] - bb[0], bb[3] - bb[1], block=1, line=1, word=i + 1))
        x = bb[2] + 6
    if specks:
        rng = np.random.default_rng(3)
        a = np.asarray(img).copy()
        for _ in range(60):
            yy, xx = int(rng.integers(0, 180)), int(rng.integers(0, 1390))
            a[yy:yy + 2, xx:xx + 2] = 0
        img = Image.fromarray(a)
    return img, words


@needs_fonts
def test_page_number_without_a_word_is_added():
    """Tesseract often returns no word for an isolated page number: the step appends one,
    on a line of its own, after the words it was given (those unchanged)."""
    img, words = text_page("- 3 -")
    out = ocr_digits.repair_numbers(img, words)
    assert out[:len(words)] == words and len(out) == len(words) + 1
    new = out[-1]
    assert new.text == "- 3 -"
    assert (new.block, new.par, new.line) not in {(w.block, w.par, w.line) for w in words}
    assert 600 <= new.left and new.left + new.width <= 760 and 40 <= new.top + new.height <= 120
    img, words = text_page("๑๒", specks=True)
    assert [w.text for w in ocr_digits.repair_numbers(img, words)[len(words):]] == ["๑๒"]


@needs_fonts
def test_margin_marks_are_not_numbers():
    """Dust, a lone dash or a Thai letter in the margin never becomes a number."""
    for mark in (None, "-", "ณ", "ข้อ"):
        img, words = text_page(mark, specks=True)
        assert ocr_digits.repair_numbers(img, words) == words, mark


@needs_fonts
def test_page_number_misread_as_marks_is_replaced():
    """'- 4 -' read as the words '=' and 'ส': emptied, and the number added."""
    img, words = text_page("- 4 -")
    words = words + [Word("=", 40.0, 622, 70, 14, 3, block=2, word=1),
                     Word("ส", 60.0, 650, 52, 20, 30, block=2, word=2)]
    out = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in out[len(words) - 2:]] == ["", "", "- 4 -"]


@needs_fonts
@pytest.mark.parametrize("digit, read", [("๔", "๕"), ("๗", "ซ")])
def test_digit_boxed_as_a_sliver_is_read(digit, read):
    """'ที่ ๔' where Tesseract gives the digit a 2-px box at its right edge, read '๕' (or
    '๗' read as the letter ซ)."""
    img, boxes = render_line(["ที่", digit])
    (_, b0), (_, b1) = boxes
    words = [one_word("ที่", b0, word=1), Word(read, 93.0, b1[2] - 3, b1[1], 2, b1[3] - b1[1], word=2)]
    out = ocr_digits.repair_numbers(img, words)
    assert out[0].text == "ที่" and out[1].text == digit


def test_list_number_inside_a_thai_line_is_a_run():
    """'ig.' between Thai letters: a list number mid-cell (… บริการ ๒. ปรับปรุง);
    between Latin words it is a word."""
    thai = [Word("ร", 90, 0, 0, 9, 20, word=1), Word("ig.", 90, 20, 0, 20, 20, word=2),
            Word("ป", 90, 50, 0, 9, 20, word=3)]
    assert ocr_runs.find_runs(thai) == [[1]]
    latin = [Word("the", 90, 0, 0, 29, 20, word=1), Word("ig.", 90, 40, 0, 20, 20, word=2),
             Word("and", 90, 70, 0, 29, 20, word=3)]
    assert ocr_runs.find_runs(latin) == []


@needs_fonts
def test_mark_of_the_next_line_touching_a_digit_is_cut_off():
    """'… บริการ ๒. ปรับปรุง' read as 'ig.', with a mark of the next line (the ั of
    ขั้น) touching the ๒ from below: the ๒ is read, not ๖ or nothing."""
    img, boxes = render_line(["บริการ", "๒.", "ปรับปรุง"], size=46)
    (_, abox), (_, nbox), (_, cbox) = boxes
    a = np.asarray(img).copy()
    x0, y0, x1, y1 = (int(v) for v in nbox)
    h = y1 - y0
    a[y1 - 2:y1 + h // 4, x0 + 3:x0 + 3 + h // 3] = 0
    img = Image.fromarray(a)
    words = (per_letter_words("บริการ", abox) + [one_word("ig.", nbox, word=7)]
             + per_letter_words("ปรับปรุง", cbox, start=8))
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[6].text == "๒."
    assert joined(fixed[:6]) == "บริการ" and joined(fixed[7:]) == "ปรับปรุง"


def test_latin_word_in_a_number_cell_is_a_run():
    """A score cell read as 'dame': a column gap beside it and numbers in the row.
    Capitals (the tool column's IIT) and Latin words in prose are not runs."""
    def row(texts_lefts):
        return [Word(t, 90, x, 0, 20 * len(t), 20, word=k) for k, (t, x) in enumerate(texts_lefts)]

    cell = row([("ก", 0), ("า", 20), ("dame", 200), ("๓๕.๕๕", 320)])
    assert [[cell[i].text for i in r] for r in ocr_runs.find_runs(cell)] == [["dame", "๓๕.๕๕"]]
    assert ocr_runs.find_runs(row([("IIT", 0), ("ก", 200), ("๓๕.๕๕", 320)])) == [[2]]
    prose = row([("ITA", 0), ("and", 70), ("ก", 140), ("๒๕๖๖", 170)])
    assert [[prose[i].text for i in r] for r in ocr_runs.find_runs(prose)] == [["๒๕๖๖"]]
    no_numbers = row([("ก", 0), ("า", 20), ("dame", 200)])
    assert ocr_runs.find_runs(no_numbers) == []
    # the row's number read as Latin too ("on." for ๓.: a clean scan's row with no
    # digit left in it); the row number alone, then its cells
    latin_row = row([("on.", 0), ("ก", 80), ("า", 100), ("dees", 300), ("colon", 500), ("เพ", 700)])
    assert [[latin_row[i].text for i in r] for r in ocr_runs.find_runs(latin_row)] == [["on."], ["dees", "colon"]]


def test_latin_letters_before_a_month_are_a_day():
    """'TUN mo ตุลาคม๒๕๖๗': the day ๓๐ read as Latin after a misread วันที่ is a run;
    Latin letters before any other word are not."""
    def row(texts_lefts):
        return [Word(t, 90, x, 0, 20 * len(t), 20, word=k) for k, (t, x) in enumerate(texts_lefts)]

    # a word space (half a line height) between the words, as on the memo's number line
    month = [(ch, 122 + 20 * k) for k, ch in enumerate("ตุลาคม")]
    line = row([("TUN", 0), ("mo", 70)] + month + [("๒๕๖๗", 242)])
    assert [[line[i].text for i in r] for r in ocr_runs.find_runs(line)] == [["mo"], ["๒๕๖๗"]]
    no_month = row([("TUN", 0), ("mo", 70)] + [(ch, 122 + 20 * k) for k, ch in enumerate("ตุลการ")]
                   + [("๒๕๖๗", 242)])
    assert [[no_month[i].text for i in r] for r in ocr_runs.find_runs(no_month)] == [["๒๕๖๗"]]


def test_a_year_read_as_latin_after_an_abbreviated_month_is_a_run():
    """A Word table's period cell 'ต.ค. ๖๖ ถึง ก.ย. ๖๗': Tesseract reads the point of
    ก.ย. as ุ ('ก.ุย.', 'กุย.') and the years as 'dev' or as round capitals ('OO'): the
    years are runs for the glyph model; the same words after other Thai text are not."""
    def row(texts):
        out, x = [], 0
        for k, t in enumerate(texts):
            out.append(Word(t, 90, x, 0, 20 * len(t), 20, word=k))
            x += 20 * len(t) + (12 if t in ("dev", "OO", "bel", "ถึง") or t.endswith(".") and len(t) > 1 else 2)
        return out

    def in_runs(line):  # the words in runs (a point before a year may join it)
        return [line[i].text for r in ocr_runs.find_runs(line) for i in r if line[i].text != "."]

    assert in_runs(row(["ต.ค.", "OO", "ถึง", "ก", ".", "ุ", "ย", ".", "dev"])) == ["OO", "dev"]
    assert in_runs(row(["ถึง", "ก", "ุ", "ย", ".", "bel"])) == ["bel"]
    assert in_runs(row(["ผล", "ก", "ุ", "ย", "bel"])) == []  # no point: a word, not ก.ย.
    assert in_runs(row(["ผล", "การ", "OO"])) == []


def test_the_last_point_of_a_month_abbreviation_is_not_the_numbers():
    """'ก.ย. ๖๗' as Tesseract boxes it: ก ุ ย, the point a word of its own, then the year.
    Read with the year, the point drew ย into the number (ก0.๖๗); a point after Thai
    letters that are no abbreviation (a score's first digits read ฆญ) stays in it."""
    def row(texts_lefts):
        return [Word(t, 90, x, 0, 6 if t == "." else 18, 40, word=k) for k, (t, x) in enumerate(texts_lefts)]

    month = row([("ก", 0), ("ุ", 20), ("ย", 40), (".", 60), ("๑", 110), ("๕", 130)])
    assert [[month[i].text for i in r] for r in ocr_runs.find_runs(month)] == [["๑", "๕"]]
    score = row([("ฆ", 0), ("ญ", 20), (".", 40), ("๗", 50), ("๒", 70)])
    assert [[score[i].text for i in r] for r in ocr_runs.find_runs(score)] == [[".", "๗", "๒"]]


def test_a_lone_thai_letter_before_a_month_is_a_run():
    """'ข่าวประชาสัมพันธ์ ฆ พฤศจิกายน': the day ๗ read as a Thai letter, a word of its
    own before the month, is a run; a letter that ends a word (เดือนพฤศจิกายน) is not."""
    def row(texts_lefts):
        return [Word(t, 90, x, 0, 18, 40, word=k) for k, (t, x) in enumerate(texts_lefts)]

    month = [(ch, 200 + 20 * k) for k, ch in enumerate("พฤศจิกายน")]
    lone = row([("ข่", 0), ("า", 20), ("ว", 40), ("ฆ", 120)] + month)
    assert [[lone[i].text for i in r] for r in ocr_runs.find_runs(lone)] == [["ฆ"]]
    glued = row([("เ", 100), ("ด", 120), ("ื", 140), ("อ", 160), ("น", 180)] + month)
    assert ocr_runs.find_runs(glued) == []
    elsewhere = row([("ข่", 0), ("า", 20), ("ว", 40), ("ฆ", 120)] + [(ch, 200 + 20 * k) for k, ch in enumerate("ประกาศ")])
    assert ocr_runs.find_runs(elsewhere) == []


@needs_fonts
def test_a_day_read_as_a_thai_letter_before_a_month_is_repaired():
    img, boxes = render_line(["ข่าว", "๗", "พฤศจิกายน"], size=46)
    (_, abox), (_, dbox), (_, mbox) = boxes
    words = (per_letter_words("ข่าว", abox) + [one_word("ฆ", dbox, word=10)]
             + per_letter_words("พฤศจิกายน", mbox, start=11))
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[4].text == "๗" and joined(fixed[5:]) == "พฤศจิกายน" and joined(fixed[:4]) == "ข่าว"


@needs_fonts
def test_a_day_read_as_latin_before_a_month_is_repaired():
    img, boxes = render_line(["วันที่", "๓๐", "ตุลาคม"], size=46)
    (_, lbox), (_, dbox), (_, mbox) = boxes
    words = [one_word("TUN", lbox), one_word("mo", dbox, word=2)] + per_letter_words("ตุลาคม", mbox, start=3)
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[1].text == "๓๐" and joined(fixed[2:]) == "ตุลาคม"


@needs_fonts
def test_score_cell_read_as_latin_is_repaired():
    img, boxes = draw_texts([("การปฏิบัติหน้าที่", 40), ("๘๙.๓๙", 700), ("๗๕.๙๔", 1000)], 1400)
    words = (per_letter_words("การปฏิบัติหน้าที่", boxes[0])
             + [one_word("dame", boxes[1], word=40), one_word("๓๕.๕๕", boxes[2], word=41)])
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed[-2:]] == ["๘๙.๓๙", "๗๕.๙๔"]
    assert joined(fixed[:-2]) == "การปฏิบัติหน้าที่"


@needs_fonts
def test_symbol_after_thi_is_read_even_boxed_over_half_the_digit():
    """'วันที่ ๙ กันยายน' read as 'วันที « กันยายน', the « boxed over the right half of
    the ๙ only."""
    img, boxes = render_line(["วันที่", "๙", "กันยายน"], size=46)
    (_, abox), (_, nbox), (_, cbox) = boxes
    x0, y0, x1, y1 = nbox
    half = Word("«", 85.0, (x0 + x1) // 2 + 2, y0 - 2, (x1 - x0) // 3, y1 - y0 + 4, word=7)
    words = per_letter_words("วันที", abox) + [half] + per_letter_words("กันยายน", cbox, start=8)
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[5].text == "๙"
    assert joined(fixed[:5]) == "วันที" and joined(fixed[6:]) == "กันยายน"
    # the symbol is a candidate only after ที่ / ที
    other = [Word(t, 90, 10 * i, 0, 9, 20, word=i) for i, t in enumerate(["ก", "า", "ร", "«", "ก"])]
    assert ocr_runs.find_runs(other) == []


@needs_fonts
def test_slash_between_two_numbers_is_kept():
    """A document number ๗๙๖๗๗/๓๘ read digit by digit with Thai misreads: the slash
    Tesseract read stays between the two re-read numbers (it became a 'code letter'
    of ๓๘ before, and the numbers ran together)."""
    img, boxes = render_line(["ลป", "๗๙๖๗๗/๓๘"], size=46)
    (_, lbox), (_, nbox) = boxes
    words = per_letter_words("ลป", lbox) + per_letter_words("๓๓๕๒๐/๕๓", nbox, start=3)
    fixed = ocr_digits.repair_numbers(img, words)
    assert joined(fixed[2:]) == "๗๙๖๗๗/๓๘"


# ---------------------------------------------------------------- fast paths = references


def _flood_components(mask: np.ndarray):
    """8-connected components by flood fill, ordered by their last pixel (row-major),
    as (x0, y0, x1, y1, n_pixels, pixel set)."""
    h, w = mask.shape
    seen = np.zeros_like(mask)
    comps = []
    for y, x in zip(*np.nonzero(mask)):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack, pixels = [(y, x)], []
        while stack:
            cy, cx = stack.pop()
            pixels.append((cy, cx))
            for ny in range(max(0, cy - 1), min(h, cy + 2)):
                for nx in range(max(0, cx - 1), min(w, cx + 2)):
                    if mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys, xs = zip(*pixels)
        comps.append((max(y * w + x for y, x in pixels),
                       (min(xs), min(ys), max(xs) + 1, max(ys) + 1, len(pixels), set(pixels))))
    return [c for _, c in sorted(comps, key=lambda c: c[0])]


def test_components_match_a_flood_fill():
    rng = np.random.default_rng(5)
    spiral = np.zeros((21, 21), bool)
    spiral[::4] = True
    for i in range(0, 17, 4):
        spiral[i:i + 4, 20 if i % 8 == 0 else 0] = True
    masks = [np.zeros((4, 4), bool), np.ones((3, 5), bool), spiral, spiral.T, spiral[::-1]]
    masks += [rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 50)))) < rng.random() for _ in range(60)]
    for mask in masks:
        got = ocr_glyphs.components(mask)
        ref = _flood_components(mask)
        assert [c[:5] for c in got] == [c[:5] for c in ref]
        for (x0, y0, x1, y1, _, ids), (*_, pixels) in zip(got, ref):
            sr, sc, ec = ocr_glyphs.components.runs
            assert {(r, c) for i in ids.tolist() for r in [sr[i]] for c in range(sc[i], ec[i])} == pixels
            assert np.array_equal(ocr_glyphs._component_mask(mask, ocr_glyphs.components.runs, ids, x0, y0, x1, y1, len(pixels)),
                                  ocr_glyphs._paint(ocr_glyphs.components.runs, ids, x0, y0, x1, y1))


def test_small_medians_and_percentiles_are_numpys():
    rng = np.random.default_rng(3)
    for n in range(1, 30):
        for vals in (rng.integers(0, 90, n).tolist(), (rng.random(n) * 50).tolist()):
            assert ocr_glyphs._median(vals) == float(np.median(vals))
            assert ocr_glyphs._percentile90(vals) == float(np.percentile(np.array(vals, float), 90))


def test_clearing_word_boxes_as_slices_do():
    rng = np.random.default_rng(8)
    for _ in range(200):
        mark = rng.random((int(rng.integers(1, 40)), int(rng.integers(1, 40)))) < 0.6
        dh = float(rng.integers(6, 40))
        bs, pad = max(2, int(dh / 4)), 0.15 * dh
        x0, y0 = rng.integers(-30, 200, 8), rng.integers(-30, 200, 8)
        boxes = np.stack([x0, y0, x0 + rng.integers(0, 90, 8), y0 + rng.integers(0, 90, 8)], 1)
        boxes = np.concatenate([boxes, [(-9, -9, -9, -9)]]).astype(np.int64)
        ref = mark.copy()
        for bx0, by0, bx1, by1 in boxes.tolist():
            ref[max(0, int((by0 - pad) // bs)):int((by1 + pad) // bs) + 1,
                max(0, int((bx0 - pad) // bs)):int((bx1 + pad) // bs) + 1] = False
        ocr_digits._clear_boxes(mark, boxes, pad, bs)
        assert np.array_equal(mark, ref)


@needs_fonts
@pytest.mark.parametrize("digit, read", [("๓", "ตา"), ("๘", "ส่"), ("๓", "én"), ("๖", "อ")])
def test_row_number_read_as_letters_is_read_again(digit, read):
    """A table row's number alone in its cell, which Tesseract wrote as one to three
    letters; the name and score a column away keep their reading."""
    img, boxes = draw_texts([(digit, 40), ("การใช้อำนาจ", 300), ("๗๘.๐๑", 900)], 1200)
    words = ([one_word(read, boxes[0], word=1)] + per_letter_words("การใช้อำนาจ", boxes[1], start=2)
             + [one_word("๗๘.๐๑", boxes[2], word=40)])
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[0].text == digit
    assert joined(fixed[1:-1]) == "การใช้อำนาจ" and fixed[-1].text == "๗๘.๐๑"


def test_a_short_word_opening_a_line_is_a_row_number_cell_only_alone_and_narrow():
    def row(texts_lefts, h=20):
        return [Word(t, 90, x, 0, w, h, word=k) for k, (t, x, w) in enumerate(texts_lefts)]

    assert ocr_runs._row_number_cell(row([("ต", 0, 12), ("า", 12, 10), ("การ", 200, 40)]), [0, 1, 2]) == 2
    assert ocr_runs._row_number_cell(row([("ตา", 0, 22), ("การ", 30, 40)]), [0, 1]) == 0  # no column gap
    assert ocr_runs._row_number_cell(row([("ตาก", 0, 50), ("การ", 200, 40)]), [0, 1]) == 0  # wider than two digits
    assert ocr_runs._row_number_cell(row([("ตำบล", 0, 25), ("การ", 200, 40)]), [0, 1]) == 0  # four letters
    assert ocr_runs._row_number_cell(row([("-", 0, 10), ("การ", 200, 40)]), [0, 1]) == 0  # no letter
    assert ocr_runs._row_number_cell(row([("ตา", 0, 22)]), [0]) == 0  # nothing after it


@needs_fonts
def test_a_letter_inside_a_number_joins_its_run():
    """'๘๓.๓๘' as Tesseract boxed it: ๕ ๓ . ต ๕, a Thai letter for the second ๓. Read as
    two runs, either side of the letter, the ๓ was written twice (๘๓.๓๓๘); read as one
    it is the number. A letter after a word space stays a letter."""
    img, (name, (x0, y0, x1, y1)) = draw_texts([("คะแนน", 40), ("๘๓.๓๘", 400)], 900)
    step = (x1 - x0) / 5
    parts = [("๕", 0), ("๓", 1), (".", 2), ("ต", 3), ("๕", 4)]
    number = [Word(t, 80.0, int(x0 + k * step), y0, int(step) - 2, y1 - y0, word=10 + k) for t, k in parts]
    words = per_letter_words("คะแนน", name) + number
    runs = ocr_runs.find_runs(words)
    assert [[words[i].text for i in r] for r in runs] == [["๕", "๓", ".", "ต", "๕"]]
    fixed = ocr_digits.repair_numbers(img, words)
    assert joined(fixed) == "คะแนน๘๓.๓๘"
    spaced = [Word(t, 80.0, x, 0, 20, 40, word=k) for k, (t, x) in enumerate([("๘", 0), ("๓", 22), ("ต", 80), ("๕", 102)])]
    assert [[spaced[i].text for i in r] for r in ocr_runs.find_runs(spaced)] == [["๘", "๓"], ["๕"]]


@needs_fonts
def test_a_number_longer_than_the_strip_is_read_whole():
    """Only the last digit of '๗๗.๘๒' came out as a digit (the rest as letters ฒ ฒ . ส,
    not run words), so the strip read around it stops inside the number: it is widened
    until the number's ink ends, and the leading ๗ is not left behind as 'ฒ'."""
    img, (name, _) = draw_texts([("คะแนน", 40), ("๗๗.๘๒", 400)], 900)
    glyphs = glyph_boxes("๗๗.๘๒", 400)
    read_as = ["ฒ", "ฒ", ".", "ส", "๒"]
    number = [Word(t, 60.0, b[0], b[1], b[2] - b[0], b[3] - b[1], word=10 + k)
              for k, (t, b) in enumerate(zip(read_as, glyphs))]
    words = per_letter_words("คะแนน", name) + number
    assert [[words[i].text for i in r] for r in ocr_runs.find_runs(words)] == [["๒"]]
    assert joined(ocr_digits.repair_numbers(img, words)) == "คะแนน๗๗.๘๒"


@needs_fonts
def test_rank_read_as_latin_capitals_after_thi_is_read():
    """'ลำดับที่ ERE จาก': a rank (๔๙๔) Tesseract read as Latin capitals right after ที่."""
    img, boxes = draw_texts([("ลำดับที่", 40), ("๔๙๔", 330), ("จาก", 520)], 1100)
    words = (per_letter_words("ลำดับที่", boxes[0]) + [one_word("ERE", boxes[1], word=30)]
             + per_letter_words("จาก", boxes[2], start=40))
    fixed = ocr_digits.repair_numbers(img, words)
    assert joined(fixed) == "ลำดับที่๔๙๔จาก"


@needs_fonts
def test_dashes_of_a_phone_number_stay():
    """'0-6129-8251' boxed by Tesseract as '0-' '6129-' '8251': the digit step reads
    the digits again and keeps the dashes it had, which the image shows."""
    font = ImageFont.truetype(str(FONT), 46)
    parts = [("โทร.", 40), ("0-", 250), ("6129-", 250 + int(font.getlength("0-"))),
             ("8251", 250 + int(font.getlength("0-6129-")))]
    img, boxes = draw_texts(parts, 1000)
    words = per_letter_words("โทร.", boxes[0]) + [one_word(t, b, word=20 + k) for k, ((t, _), b)
                                                  in enumerate(zip(parts[1:], boxes[1:]))]
    fixed = ocr_digits.repair_numbers(img, words)
    assert [w.text for w in fixed[-3:]] == ["0-", "6129-", "8251"]


def _probs(*rows: dict) -> np.ndarray:
    """One probability row per glyph from {class: p} (the rest spread evenly)."""
    out = np.zeros((len(rows), ocr_glyphs.N_CLASSES))
    for i, row in enumerate(rows):
        for ch, p in row.items():
            out[i, ocr_glyphs.CLASSES.index(ch)] = p
        rest = 1.0 - out[i].sum()
        out[i][out[i] == 0] = rest / (out[i] == 0).sum()
    return out


def _glyphs(n: int) -> list:
    return [ocr_glyphs.Glyph(30 * i, 0, 30 * i + 20, 28, np.ones((28, 20), bool)) for i in range(n)]


def test_a_separator_the_model_cannot_tell_is_placed_by_the_digits_after_it():
    # ๘๗.๔๓ with its 200-dpi dot split between '.', ',' and 'other' (seen: 0.38 / 0.30 / 0.32)
    unsure_dot = {".": 0.38, ",": 0.30, "other": 0.32}
    score = ocr_glyphs._token(_glyphs(5), _probs({"๘": 1.0}, {"๗": 1.0}, unsure_dot, {"๔": 1.0}, {"๓": 1.0}))
    assert (score.text, score.numeric) == ("๘๗.๔๓", True)
    assert score.prob >= ocr_glyphs.MIN_DIGIT_PROB  # dot or comma: a separator for sure
    unsure_comma = {",": 0.38, ".": 0.30, "other": 0.32}
    score = ocr_glyphs._token(_glyphs(5), _probs({"๘": 1.0}, {"๗": 1.0}, unsure_comma, {"๔": 1.0}, {"๓": 1.0}))
    assert score.text == "๘๗.๔๓"  # two digits after it: a decimal point
    rank = ocr_glyphs._token(_glyphs(5), _probs({"๔": 1.0}, unsure_dot, {"๗": 1.0}, {"๗": 1.0}, {"๕": 1.0}))
    assert rank.text == "๔,๗๗๕"  # three: a thousands comma
    sure_comma = {",": 0.9, ".": 0.05}
    kept = ocr_glyphs._token(_glyphs(4), _probs({"๑": 1.0}, sure_comma, {"๒": 1.0}, {"๓": 1.0}))
    assert kept.text == "๑,๒๓"  # the model was sure: its pick stands


def test_separators_by_context_needs_a_digit_before_and_a_clear_count_after():
    assert ocr_glyphs._separators_by_context(list(".๔๓"), [True, False, False]) == ".๔๓"  # nothing before
    assert ocr_glyphs._separators_by_context(list("๑.๒๓๔๕"), [False, True] + [False] * 4) == "๑.๒๓๔๕"  # 4 after
    assert ocr_glyphs._separators_by_context(list("๑.๒๓๔,๕๖๗"), [False, True] + [False] * 7) == "๑,๒๓๔,๕๖๗"
    assert ocr_glyphs._separators_by_context(list("๑,๒๓๔,๕"), [False, False, False, False, False, True, False]) == "๑,๒๓๔.๕"


TYPO = Path("/usr/share/fonts/truetype/tlwg/TlwgTypo.ttf")


def typewriter_number(text: str, size: int = 48, space: int = 10):
    """`text` drawn one character at a time with `space` px between the glyphs, as Word
    tracks a typewriter font (TlwgTypo) in a table cell; its ๐ drawn as the thin plain
    ring a 300-dpi scan of that font shows. Returns the image and each glyph's ink box."""
    font = ImageFont.truetype(str(TYPO), size)
    img = Image.new("L", (60 + len(text) * (size + space), 3 * size), 255)
    d = ImageDraw.Draw(img)
    base = d.textbbox((0, size), "๗", font=font)[3]
    x, boxes = 40, []
    for ch in text:
        if ch == "๐":
            box = (x, base - 19, x + 18, base)
            d.ellipse(box, outline=0, width=2)
        else:  # placed by its ink, not by the font's advance box
            scratch = Image.new("L", img.size, 0)
            ImageDraw.Draw(scratch).text((0, size), ch, font=font, fill=255)
            x0, y0, x1, y1 = scratch.getbbox()
            d.text((x - x0, size), ch, font=font, fill=0)
            box = (x, y0, x + x1 - x0, y1)
        boxes.append(box)
        x = box[2] + space
    return img, boxes


@pytest.mark.skipif(not TYPO.exists(), reason="fonts-thai-tlwg not installed")
def test_a_typewriter_zero_after_a_digit_is_read_as_a_zero():
    """๙๐.๗๐ in a tracked typewriter font: the model calls its plain-ring ๐ 'other' (a
    Latin o), so the number was cut at each ring and its point lost (๙ ๐ ๗ ๐). A closed
    ring on the baseline right after a sure digit or a point is a zero."""
    img, boxes = typewriter_number("๙๐.๗๐")
    words = [Word(t, 70.0, b[0], b[1], b[2] - b[0], b[3] - b[1], word=k)
             for k, (t, b) in enumerate(zip(["ฒ", "๐", ".", "ญ", "๐"], boxes))]
    assert joined(ocr_digits.repair_numbers(img, words)) == "๙๐.๗๐"


def test_a_ring_opening_a_number_or_after_a_letter_stays_what_the_model_said():
    ring = np.zeros((20, 20), np.uint8)
    yy, xx = np.ogrid[:20, :20]
    ring[(np.hypot(yy - 9.5, xx - 9.5) <= 9.5) & (np.hypot(yy - 9.5, xx - 9.5) >= 7.5)] = 1
    bar = np.ones((20, 4), np.uint8)
    glyphs = [ocr_glyphs.Glyph(0, 0, 20, 20, ring), ocr_glyphs.Glyph(30, 0, 34, 20, bar),
              ocr_glyphs.Glyph(44, 0, 64, 20, ring)]
    other = np.zeros(ocr_glyphs.N_CLASSES)
    other[ocr_glyphs.I_OTHER], other[0] = 0.85, 0.15  # a ring: 'other', ๐ next
    one = np.zeros(ocr_glyphs.N_CLASSES)
    one[1] = 0.99  # ๑
    probs = np.stack([other, one, other])
    got = ocr_glyphs._zeros_by_context(glyphs, probs, 12.0, 20.0, 20.0)
    assert got[0].argmax() == ocr_glyphs.I_OTHER  # opens the number: a code's O
    assert got[2].argmax() == 0  # after ๑, within its spacing: ๐
    letter = np.zeros(ocr_glyphs.N_CLASSES)
    letter[ocr_glyphs.I_OTHER] = 1.0
    got = ocr_glyphs._zeros_by_context(glyphs, np.stack([other, letter, other]), 12.0, 20.0, 20.0)
    assert got[2].argmax() == ocr_glyphs.I_OTHER  # after a letter
    far = [glyphs[0], glyphs[1], ocr_glyphs.Glyph(60, 0, 80, 20, ring)]
    got = ocr_glyphs._zeros_by_context(far, probs, 12.0, 20.0, 20.0)
    assert got[2].argmax() == ocr_glyphs.I_OTHER  # a word space after the digit


@pytest.mark.skipif(not TYPO.exists(), reason="fonts-thai-tlwg not installed")
def test_a_number_whose_first_digits_were_read_as_letters_is_read_from_its_start():
    """'ต่อ.ฒ๕' for ๙๖.๗๕: the run starts at the ๕ (Thai letters never open one), the
    strip around it (2.5 line heights) ends in the gap between the ๖ and the point, so
    no ink touched its edge and it was not widened: the number came out as ๗๕. A
    selection reaching within a digit gap of the edge widens the strip, so the number is
    read from its first digit, point kept."""
    img, boxes = typewriter_number("๙๖.๗๕", space=12)
    (a, b, p, c, d) = boxes
    words = [Word("ต", 81.0, a[0], a[1], a[2] - a[0], a[3] - a[1], word=0),
             Word("อ", 72.0, b[0], b[1] - 20, b[2] - b[0], b[3] - b[1] + 20, word=1),
             Word(".", 86.0, p[0], p[1], p[2] - p[0], p[3] - p[1], word=2),
             Word("ฒ", 51.0, c[0], c[1], c[2] - c[0], c[3] - c[1], word=3),
             Word("๕", 50.0, d[0], d[1], d[2] - d[0], d[3] - d[1], word=4)]
    assert joined(ocr_digits.repair_numbers(img, words)) == "๙๖.๗๕"


@pytest.mark.parametrize("tesseract, read, want", [
    ("1,630", "630", "1,630"),  # the 1 (a speck under it) lost by the glyph model: Tesseract's groups stand
    ("12,345", "345", "12,345"),
    ("1,630", "1630", None),  # same digits: _separators_kept's case
    ("1,630", "631", None),  # the readings differ in a digit: the model's stands
    ("1,630", "1,630", None),
    ("630", "63", None),  # no groups to bear Tesseract out
    ("๑,๖๓๐", "๖๓๐", None),  # Tesseract's Thai digits are what the model exists to re-read
])
def test_a_grouped_number_whose_first_digits_the_model_lost_keeps_tesseract_reading(tesseract, read, want):
    assert ocr_digits._grouped_number_kept(tesseract, read) == want


@needs_fonts
def test_a_cells_score_with_its_letters_spaced_out_is_read():
    """A justified Word cell spreads ๘๖.๘๒ as `๘๖ . ๘๒`: the point stands a word space
    from its digits, so the glyphs come as three tokens. Inside a score cell (`points`)
    they are the one number; two numbers without a point between them are not."""
    img, boxes = render_line(["๘๖", ".", "๘๒"])
    x0, y0 = boxes[0][1][0], min(b[1] for _, b in boxes)
    x1, y1 = boxes[-1][1][2], boxes[0][1][3]
    band = (boxes[0][1][1], boxes[0][1][3])
    assert ocr_digits.read_number(img, (x0, y0, x1, y1), band, points=True) == "๘๖.๘๒"
    assert ocr_digits.read_number(img, (x0, y0, x1, y1), band) is None  # a point wanted only in a score cell
    img, boxes = render_line(["๘๖", "๘๒"])
    x1 = boxes[-1][1][2]
    assert ocr_digits.read_number(img, (x0, y0, x1, y1), band, points=True) is None


@needs_fonts
@pytest.mark.parametrize("font", ["Kinnari.ttf", "Norasi.ttf"])
@pytest.mark.parametrize("code, read", [("e๖", "ed"), ("e๖", "eo")])
def test_a_lower_case_e_code_keeps_its_letter(code, read, font):
    """A code printed with a lower-case e (`e๖`): Thai Tesseract reads it as `ed` or `eo`;
    in a serif font the e stands at x-height, two thirds of the digit's, yet it is the
    code's letter."""
    img, boxes = render_line([code, "ข้อมูล"], size=46, font_file=FONT.parent / font)
    (_, cbox), (_, tbox) = boxes
    words = [one_word(read, cbox)] + per_letter_words("ข้อมูล", tbox, start=2)
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[0].text == code


@needs_fonts
def test_a_short_glyph_that_tesseract_did_not_read_as_e_is_no_code_letter():
    # `a๖` (a short letter, read `ad`): no code, the word is not turned into `e๖` or `O๖`
    img, boxes = render_line(["a๖", "ข้อมูล"], size=46, font_file=FONT.parent / "Kinnari.ttf")
    (_, cbox), (_, tbox) = boxes
    words = [one_word("ad", cbox)] + per_letter_words("ข้อมูล", tbox, start=2)
    fixed = ocr_digits.repair_numbers(img, words)
    assert fixed[0].text[:1] not in ("e", "E", "O", "I")
