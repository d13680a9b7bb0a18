"""Scans of Word-made reports (LibreOffice Writer, issue 17): numbers its Thai fonts set
in ways the digit step misread — a slash against the digit before it (a memo's number
`ที่ นศ ๗๑๔๒๔/๔๑๓`), a tall ๗ wider than the short digits are high, list numbers and
a score Tesseract read as a symbol, a Thai letter or Latin capitals.

The images are drawn here with the Thai fonts Writer falls back on (fonts-thai-tlwg);
the word boxes stand where Tesseract puts them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import runs as ocr_runs
from pipeline.ocr.glyphs import Glyph
from pipeline.ocr.settings import OcrWord
from pipeline.ocr.slashes import cut_slash, is_slash

TLWG = Path("/usr/share/fonts/truetype/tlwg")
needs_fonts = pytest.mark.skipif(not (TLWG / "Garuda.ttf").exists() or not (TLWG / "Loma.ttf").exists(),
                                 reason="fonts-thai-tlwg not installed")


def _word(text, left, top, width, height, word, line=1, conf=90.0):
    return OcrWord(text, conf, int(left), int(top), int(width), int(height), 1, 1, line, word)


def _texts(words) -> list[str]:
    return [w.text for w in words if w.text.strip()]


def _stroke(h: int, slope: float, width: int = 3, pad: int = 0) -> np.ndarray:
    """A straight stroke `h` rows high leaning right by `slope` columns a row."""
    w = int(slope * h) + width + pad
    m = np.zeros((h, w), bool)
    for y in range(h):
        x = int(round(slope * (h - 1 - y)))
        m[y, x:x + width] = True
    return m


# ------------------------------------------------------------------ a slash by its shape


def test_a_thin_stroke_leaning_right_is_a_slash():
    m = _stroke(34, 0.3)
    g = Glyph(100, 6, 100 + m.shape[1], 40, m)
    assert is_slash(g, ref_h=28.0, baseline=40.0)


@pytest.mark.parametrize("why", ["upright", "leaning left", "short", "thick"])
def test_what_is_not_a_slash(why):
    """A vertical bar (an Arabic 1, a ๑'s stem), a stroke leaning the other way (a
    backslash), one far shorter than a digit, or a blot are no slash."""
    if why == "upright":
        m = _stroke(34, 0.0)
    elif why == "leaning left":
        m = _stroke(34, 0.3)[:, ::-1]
    elif why == "short":
        m = _stroke(14, 0.3)
    else:
        m = _stroke(34, 0.3, width=16)
    h = m.shape[0]
    assert not is_slash(Glyph(100, 40 - h, 100 + m.shape[1], 40, m), ref_h=28.0, baseline=40.0)


def test_a_slash_touching_a_digit_is_cut_off_it():
    """A digit's block of ink with a slash standing against its right side (touching it
    over its lowest rows): cut into the digit and the slash, the slash a slash alone."""
    h = 34
    slash = _stroke(h, 0.3, width=3)
    m = np.zeros((h, 24 + slash.shape[1]), bool)
    m[10:, 0:22] = True  # the digit, its bottom rows against the slash's foot
    m[:, 20:20 + slash.shape[1]] |= slash
    g = Glyph(0, 6, m.shape[1], 40, m)
    pieces = cut_slash(g, 28.0, 20, m.shape[1])
    assert pieces is not None and len(pieces) == 2
    digit, stroke = pieces
    assert digit.x1 <= stroke.x1 and is_slash(stroke, 28.0, 40.0) and not is_slash(digit, 28.0, 40.0)


# ------------------------------------------------------------ numbers on a drawn page


def _slashed(font_name: str, size: int, left: str, right: str):
    """`left`/`right` drawn with a slash leaning against the last digit of `left`, as
    Writer sets it; the words as Tesseract gives them: one over the number, '/' apart."""
    font = ImageFont.truetype(str(TLWG / font_name), size)
    img = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), left, font=font, fill=0)
    a = draw.textbbox((40, 40), left, font=font)
    top, bot = a[1] - 0.12 * size, a[3] + 1
    x0 = a[2] - 3
    x1 = x0 + 0.3 * (bot - top)
    draw.line([(x0, bot), (x1, top)], fill=0, width=max(2, size // 12))
    draw.text((x1 + 2, 40), right, font=font, fill=0)
    b = draw.textbbox((x1 + 2, 40), right, font=font)
    words = [_word("๕", a[0], a[1], b[2] - a[0], a[3] - a[1], 1),
             _word("/", x0 - 2, top, x1 - x0 + 4, bot - top, 2)]
    return img, words


@needs_fonts
@pytest.mark.parametrize("font_name,left,right", [("Garuda.ttf", "๗๑๔๒๔", "๔๑๓"),
                                                  ("Loma.ttf", "๘๓๖๒๓", "๙๒๑")])
@pytest.mark.parametrize("size", [40, 60])
def test_a_memo_number_keeps_its_slash(font_name, left, right, size):
    """The slash Tesseract read stays between the two numbers, and the digit it touches
    is that digit (๔/ was read ๙, ๓/ ๗; or the slash was left after both numbers)."""
    img, words = _slashed(font_name, size, left, right)
    assert _texts(ocr_digits.repair_numbers(img, words)) == [f"{left}/{right}"]


@needs_fonts
@pytest.mark.parametrize("size", [30, 40, 60])
def test_a_tall_seven_is_one_digit(size):
    """Garuda's ๗ stands taller than ๐ and is wider than ๐ is high: it is one digit, not
    two touching ones (๗๐.๐๐ was read ๗๗๐.๐๐)."""
    font = ImageFont.truetype(str(TLWG / "Garuda.ttf"), size)
    img = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "๗๐.๐๐", font=font, fill=0)
    a = draw.textbbox((40, 40), "๗๐.๐๐", font=font)
    words = [_word("๕", a[0], a[1], a[2] - a[0], a[3] - a[1], 1)]
    assert _texts(ocr_digits.repair_numbers(img, words)) == ["๗๐.๐๐"]


# -------------------------------------------------------- words the digit step looks at


def _run_texts(words) -> list[list[str]]:
    return [[words[i].text for i in run] for run in ocr_runs.find_runs(words)]


def test_a_list_number_read_as_a_guillemet_is_looked_at():
    """'».' opening a line (Garuda's ๖. as Tesseract reads it) is a list number."""
    words = [_word("».", 290, 2805, 30, 27, 1), _word("การ", 330, 2805, 60, 27, 2)]
    assert _run_texts(words) == [["»."]]


def test_a_list_number_read_as_a_thai_letter_is_looked_at_beside_numbered_lines():
    """'ษ' '.' opening a line, under a line opening with '๕.' at the same left edge
    (Loma's ๖. as Tesseract reads it); a Thai letter and a point with no numbered line
    near it is a lettered list's and stays a word."""
    numbered = [_word("๕.", 242, 2136, 31, 29, 1, line=1), _word("การ", 290, 2140, 60, 25, 2, line=1),
                _word("ษ", 243, 2225, 30, 27, 1, line=2), _word(".", 259, 2245, 8, 6, 2, line=2),
                _word("การ", 295, 2227, 60, 25, 3, line=2)]
    assert ["ษ", "."] in _run_texts(numbered)
    alone = [_word("ษ", 243, 2225, 30, 27, 1), _word(".", 259, 2245, 8, 6, 2), _word("การ", 295, 2227, 60, 25, 3)]
    assert _run_texts(alone) == []


def test_capitals_with_a_point_in_a_numbered_row_are_a_score_to_read():
    """'WO.' alone in a cell of a row with a year (๙๓.๘๓ in a table of past results) is
    looked at; capitals without a point (a tool's name, a level) are not."""
    row = [_word("๒๕๖๓", 359, 1828, 156, 45, 1), _word("WO.", 1018, 1828, 173, 45, 2),
           _word("A", 1700, 1828, 30, 45, 3)]
    assert any("WO." in run for run in _run_texts(row))
    row[1] = _word("OIT", 1018, 1828, 173, 45, 2)
    assert not any("OIT" in run for run in _run_texts(row))


def test_a_point_the_model_read_as_a_comma_is_tesseracts_point():
    """The digit model's '93,75' (a 200-dpi point a pixel taller than wide) is no number;
    Tesseract's '93.75' with the same digits is. A well-formed reading of the model's
    stands: the rule only settles a separator that makes no number."""
    kept = ocr_digits._separators_kept
    assert kept("93.75", "93,75") == "93.75"
    assert kept("1.234", "1,234") == "1,234"
    assert kept("93.75", "98,75") == "98,75"  # other digits: not this rule's to choose


def test_a_score_whose_point_stands_a_space_off_its_whole_part_is_one_number():
    """๙๘ .๒๗ as glyphs (the point 8 px after ๘ at a 14-px digit height, the token gap
    7.5 px): one number ๙๘.๒๗, not ๙๘ and a stray point before ๒๗. A year after a
    point (.๒๕๖๘) stays a year."""
    from pipeline.ocr import glyphs as G

    def blob(x, y0, w, h):
        return G.Glyph(x, y0, x + w, y0 + h, np.ones((h, w), bool))

    def probs(*chars):
        out = np.full((len(chars), G.N_CLASSES), 0.001)
        for i, ch in enumerate(chars):
            out[i, G.CLASSES.index(ch)] = 0.98
        return out

    gl = [blob(50, 18, 14, 14), blob(67, 18, 13, 14), blob(88, 27, 5, 5), blob(99, 18, 13, 14), blob(115, 18, 14, 14)]
    read = [t.text for t in G.read_tokens(gl, probs("๙", "๘", ".", "๒", "๗"), 7.5, 14.0, 32.0) if t.text]
    assert read == ["๙๘.๒๗"]
    gl.append(blob(132, 18, 14, 14))
    read = [t.text for t in G.read_tokens(gl, probs("๙", "๘", ".", "๒", "๕", "๖"), 7.5, 14.0, 32.0) if t.text]
    assert read == ["๙๘", "๒๕๖"]


def test_a_number_wrapped_after_its_thousands_comma_is_one_number():
    """A narrow budget cell wraps 10,000 as '10,' over '000': one number again; a comma
    in prose, or digits that are no group of three, are not glued."""
    from pipeline.readers.paragraphs import joined_text

    assert joined_text("10,", "000") == "10,000"
    assert joined_text("๑,๒๓๔,", "๕๖๗ บาท") == "๑,๒๓๔,๕๖๗ บาท"
    assert joined_text("ข้อ 1,", "2345") == "ข้อ 1, 2345"
    assert joined_text("10,", "00") == "10, 00"


@needs_fonts
def test_the_dashes_of_a_phone_number_stay():
    """โทร. ๐-๕๙๐๙-๘๕๔๓: Tesseract gives each group a word and each dash one; the groups
    re-read by the digit step, the dashes between them stay (they were emptied as
    words over no ink the run read, and the two groups ran into one number)."""
    font = ImageFont.truetype(str(TLWG / "Garuda.ttf"), 44)
    img = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(img)
    x, words = 40, []
    for k, part in enumerate(["๐", "-", "๕๙๐๙", "-", "๘๕๔๓"]):
        draw.text((x, 40), part, font=font, fill=0)
        a = draw.textbbox((x, 40), part, font=font)
        words.append(_word(part if part == "-" else "๕", a[0], a[1], a[2] - a[0], a[3] - a[1], k + 1))
        x = a[2] + 6
    assert _texts(ocr_digits.repair_numbers(img, words)) == ["๐", "-", "๕๙๐๙", "-", "๘๕๔๓"]


def test_a_cut_is_judged_by_how_the_strip_prints_each_digit():
    """Two touching digits cut where a half comes out shaped as that digit stands alone
    on the strip (+1), not where the model names it a digit the strip prints otherwise
    (-1: a ๖ read ๒ beside a ๒ of its own); a digit the strip does not hold alone says
    nothing (0). Garuda's ๗ touching ๐ at 200 dpi: the cut giving ๓|๒ and the one giving
    ๗|๐ are both sure to the model; only the second gives a ๐ like the strip's ๐."""
    from pipeline.ocr import glyphs as G

    zero, two = G.THAI_DIGITS.index("๐"), G.THAI_DIGITS.index("๒")
    ring = np.zeros((G.GRID, G.GRID))
    ring[2:18, 2:5] = ring[2:18, 15:18] = ring[2:5, 2:18] = ring[15:18, 2:18] = 1.0
    bar = np.zeros((G.GRID, G.GRID))
    bar[:, 8:12] = 1.0
    shapes = {zero: [ring.ravel()], two: [ring.ravel()]}

    def feats(mask):
        return np.concatenate([mask.ravel(), np.zeros(G.N_SCALARS)])

    assert G._shape_fit(feats(ring), zero, shapes) == 1
    assert G._shape_fit(feats(bar), two, shapes) == -1
    assert G._shape_fit(feats(ring), G.THAI_DIGITS.index("๗"), shapes) == 0
    assert G._shape_fit(feats(ring), zero, None) == 0


def test_a_sure_number_away_from_what_the_step_read_stays():
    """'ตัวชี้วัดที่ 2' then the codes cell's 'I8' on one Tesseract line: the run holds
    '2' (read at 96, its box twice the line's height, so its ink lies off the strip's
    band) and 'I8'; the step reads I8 only. The '2' is no phantom digit beside the
    number read: it stays. A digit-like word of the run over nothing read and read
    unsure is still emptied."""
    from pipeline.ocr.glyphs import Token

    def run_words(conf):
        return [_word("2", 568, 1340, 33, 87, 1, conf=conf), _word("I8", 674, 1360, 41, 38, 2)]

    tokens = [Token("", 674, 1360, 690, 1398, 1.0, False), Token("8", 693, 1360, 715, 1398, 1.0, True)]
    out = run_words(96.0)
    ocr_digits._write_back(out, [0, 1], [0, 1], [], list(tokens), 0, 0, ref_h=37.0, gap=20.0)
    assert out[0].text == "2"
    out = run_words(40.0)
    ocr_digits._write_back(out, [0, 1], [0, 1], [], list(tokens), 0, 0, ref_h=37.0, gap=20.0)
    assert out[0].text == ""


def test_a_dash_touching_a_digit_is_cut_off_it():
    """A flat bar at mid-height running into a digit's left side (๐-๗๒๔๐ at 200 dpi, the
    dash touching ๗): the bar is a glyph of its own, a dash to read_tokens; a digit
    whose own stroke reaches out at mid-height but not as a bar alone stays whole."""
    from pipeline.ocr import glyphs as G

    ref_h, base = 19.0, 35.0
    m = np.zeros((19, 30), bool)
    m[9:12, 0:10] = True  # the dash, 3 px high
    m[:, 10:30] = True  # the digit
    g = G.Glyph(100, 16, 130, 35, m)
    dash, digit = G._dash_off(g, ref_h, base)
    assert (dash.x0, dash.x1, digit.x0, digit.x1) == (100, 110, 110, 130)
    assert G._is_dash(dash, ref_h, base) and not G._is_dash(digit, ref_h, base)
    ring = np.zeros((19, 20), bool)
    ring[:3, :] = ring[-3:, :] = True
    ring[:, :3] = ring[:, -3:] = True
    assert len(G._dash_off(G.Glyph(100, 16, 120, 35, ring), ref_h, base)) == 1


def test_a_rank_read_as_a_latin_letter_after_its_word_is_looked_at():
    """'อันดับ d ของอำเภอ' (๖ read as d right after the rank's word, no ที่ before it) is
    looked at by the digit model; a Latin word after other Thai words is not."""
    words = [_word(ch, 100 + 20 * k, 500, 18, 30, k + 1) for k, ch in enumerate("อันดับ")]
    words.append(_word("d", 240, 500, 18, 30, 10))
    words += [_word(ch, 280 + 20 * k, 500, 18, 30, 20 + k) for k, ch in enumerate("ของ")]
    assert ["d"] in _run_texts(words)
    words[:6] = [_word(ch, 100 + 20 * k, 500, 18, 30, k + 1) for k, ch in enumerate("ตามแบบ")]
    assert ["d"] not in _run_texts(words)


@pytest.mark.skipif(not (TLWG / "Norasi.ttf").exists(), reason="fonts-thai-tlwg not installed")
@pytest.mark.parametrize("size", [24, 40])
def test_a_zero_broken_into_its_two_arcs_is_one_digit(size):
    """A serif 0 whose thin top and bottom strokes a 200-dpi scan lost stands as two arcs
    side by side, neither a digit to the model: 30 was read 3. Together they are one 0."""
    font = ImageFont.truetype(str(TLWG / "Norasi.ttf"), size)
    img = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(img)
    draw.text((30, 30), "30", font=font, fill=0)
    three = draw.textbbox((30, 30), "3", font=font)
    both = draw.textbbox((30, 30), "30", font=font)
    pixels = np.array(img)
    mid = (three[2] + both[2]) // 2
    pixels[:, mid - 1:mid + 1] = 255  # the ring cut at its top and bottom
    img = Image.fromarray(pixels)
    words = [_word("30", both[0], both[1], both[2] - both[0], both[3] - both[1], 1)]
    assert _texts(ocr_digits.repair_numbers(img, words)) == ["30"]


@needs_fonts
@pytest.mark.parametrize("font_name", ["Garuda.ttf", "Norasi.ttf"])
def test_an_arabic_seven_is_no_slash(font_name):
    """An Arabic 7 leans like a slash under its bar; it is a digit the model reads sure,
    and its bar is no slash's (75726 was written 75/26)."""
    font = ImageFont.truetype(str(TLWG / font_name), 44)
    img = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "75726", font=font, fill=0)
    a = draw.textbbox((40, 40), "75726", font=font)
    words = [_word("75726", a[0], a[1], a[2] - a[0], a[3] - a[1], 1)]
    assert _texts(ocr_digits.repair_numbers(img, words)) == ["75726"]
