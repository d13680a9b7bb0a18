"""Scores re-read on scans (pipeline/ocr/glyphs.py, runs.py; readers/paragraphs.py):
ink hanging under the baseline is no digit, a decimal point the model cannot name is
known by its shape and place, garbles after ITA are re-read, and a wrapped cell does
not glue two question codes' numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import glyphs as G
from pipeline.ocr import runs as ocr_runs
from pipeline.ocr.settings import OcrWord
from pipeline.readers.paragraphs import joined_text

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
needs_fonts = pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg not installed")

REF_H, BASE = 30.0, 40.0  # a digit 30 px high standing on row 40


def _probs(*rows: dict) -> np.ndarray:
    """One probability row per glyph from {class: p} (the rest spread evenly)."""
    out = np.zeros((len(rows), G.N_CLASSES))
    for i, row in enumerate(rows):
        for ch, p in row.items():
            out[i, G.CLASSES.index(ch)] = p
        rest = 1.0 - out[i].sum()
        out[i][out[i] == 0] = rest / (out[i] == 0).sum()
    return out


def _digit(x: int) -> G.Glyph:
    return G.Glyph(x, int(BASE - REF_H), x + 22, int(BASE), np.ones((int(REF_H), 22), bool))


def _blob(x: int, y0: int, w: int, h: int) -> G.Glyph:
    return G.Glyph(x, y0, x + w, y0 + h, np.ones((h, w), bool))


def _read(glyphs, probs) -> list[str]:
    return [t.text for t in G.read_tokens(glyphs, probs, gap=12.0, ref_h=REF_H, baseline=BASE) if t.text]


def test_ink_hanging_under_the_baseline_is_no_digit():
    """๙๒.๕๐ with the ุ of the next line right after it, as tall as a digit and
    starting at the baseline: the model took it for ๑ (๙๒.๕๐๑ คะแนน)."""
    gl = [_digit(0), _digit(26), _blob(52, 36, 5, 5), _digit(60), _digit(86),
          _blob(110, int(BASE) + 1, 20, 28)]
    p = _probs({"๙": 1.0}, {"๒": 1.0}, {".": 0.95}, {"๕": 1.0}, {"๐": 1.0}, {"๑": 0.9})
    assert _read(gl, p) == ["๙๒.๕๐"]
    # a comma starts above the baseline and hangs under it: it stays a comma
    comma = _blob(25, int(BASE) - 4, 5, 12)
    gl2 = [_digit(0), comma, _digit(34), _digit(60), _digit(86)]
    p2 = _probs({"๒": 1.0}, {",": 0.95}, {"๕": 1.0}, {"๒": 1.0}, {"๔": 1.0})
    assert _read(gl2, p2) == ["๒,๕๒๔"]


def test_a_point_the_model_cannot_name_is_known_by_shape_and_place():
    """A noisy 200-dpi dot the model calls 'other' (0.51): ๙๖ ๓๖ became ๙๖๓๖."""
    dot = _blob(52, int(BASE) - 6, 6, 6)
    gl = [_digit(0), _digit(26), dot, _digit(66), _digit(92)]
    p = _probs({"๙": 1.0}, {"๖": 1.0}, {"other": 0.51}, {"๓": 1.0}, {"๖": 1.0})
    assert _read(gl, p) == ["๙๖.๓๖"]


def test_a_speck_is_no_point_off_the_baseline_or_in_a_digits_spacing():
    p = _probs({"๙": 1.0}, {"๖": 1.0}, {"other": 0.51}, {"๓": 1.0}, {"๖": 1.0})
    # at the digits' mid-height: a speck, not a point
    high = [_digit(0), _digit(26), _blob(52, int(BASE) - 18, 6, 6), _digit(66), _digit(92)]
    assert "๙๖.๓๖" not in _read(high, p)
    # in the ordinary spacing of a number (no room for a point): not one
    tight = [_digit(0), _digit(26), _blob(48, int(BASE) - 6, 3, 4), _digit(52), _digit(78)]
    assert "๙๖.๓๖" not in _read(tight, p)
    # an unsure digit beside it: nothing is made of it
    weak = _probs({"๙": 1.0}, {"๖": 0.4, "๒": 0.35}, {"other": 0.51}, {"๓": 1.0}, {"๖": 1.0})
    gl = [_digit(0), _digit(26), _blob(52, int(BASE) - 6, 6, 6), _digit(66), _digit(92)]
    assert "๙๖.๓๖" not in _read(gl, weak)


def test_latin_garble_with_a_symbol_is_a_garble():
    assert ocr_runs._latin_garble("o€") and ocr_runs._latin_garble("ele.")
    assert ocr_runs._latin_garble("efo.ole")  # both halves of ๗๖.๗๘, the point between
    assert not ocr_runs._latin_garble("efoxole")  # seven letters without one: a word
    assert not ocr_runs._latin_garble("€")  # a symbol alone is no garble
    assert not ocr_runs._latin_garble("ITA")


def _word(text, left, top, width, height, word):
    return OcrWord(text, 90.0, int(left), int(top), int(width), int(height), 1, 1, 1, word)


@needs_fonts
def test_a_score_after_ita_read_as_latin_is_read_again():
    """'ITA ele.o€ คะแนน' for ITA ๗๙.๐๕ คะแนน on a clean 300-dpi scan."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (900, 150), 255)
    draw = ImageDraw.Draw(img)
    parts, x, boxes = ["ITA", "๗๙.๐๕", "คะแนน"], 40, []
    for p in parts:
        draw.text((x, 46), p, font=font, fill=0)
        boxes.append(draw.textbbox((x, 46), p, font=font))
        x += font.getlength(p + " ")
    (ia, ib, ic, idd), (na, nb, nc, nd), (ka, kb, kc, kd) = boxes
    mid = (na + nc) // 2
    words = [_word("ITA", ia, ib, ic - ia, idd - ib, 1),
             _word("ele.", na, nb, mid - na, nd - nb, 2), _word("o€", mid + 2, nb, nc - mid - 2, nd - nb, 3)]
    step = (kc - ka) / 5
    words += [_word(ch, ka + k * step, kb, step * 0.8, kd - kb, 4 + k) for k, ch in enumerate("คะแนน")]
    fixed = ocr_digits.repair_numbers(img, words)
    assert "".join(w.text for w in fixed[1:3]) == "๗๙.๐๕"
    assert fixed[0].text == "ITA" and "".join(w.text for w in fixed[3:]) == "คะแนน"


def test_a_wrapped_cell_does_not_glue_two_codes_numbers():
    """'O34 O35 O' over '42' in a narrow cell, the lone O lost: O35 and 42, not O3542."""
    assert joined_text("O34 O35", "42") == "O34 O35 42"
    assert joined_text("I๑๒", "๑๓") == "I๑๒ ๑๓"
    assert joined_text("O34 E1", "4") == "O34 E14"  # a code broken after its first digit
    # a number broken by a narrow column is still one number
    assert joined_text("ปี ๒๕๖", "๗") == "ปี ๒๕๖๗"
    assert joined_text("เลขที่ 12", "34") == "เลขที่ 1234"


def _outline(a: np.ndarray, x: int, y: int, w: int, h: int, t: int = 2) -> None:
    a[y:y + t, x:x + w] = 0
    a[y + h - t:y + h, x:x + w] = 0
    a[y:y + h, x:x + t] = 0
    a[y:y + h, x + w - t:x + w] = 0


def test_a_letters_bowl_is_no_checkbox():
    """A noisy 200-dpi "B" (ระดับผลการประเมิน : B) is two square bowls one on the other:
    the upper one was taken for ☐ and the level lost. A box's sides end at its bars."""
    from PIL import Image as _Image

    from pipeline.ocr.tables import find_checkboxes

    a = np.full((400, 1654), 255, np.uint8)
    _outline(a, 300, 100, 16, 16)  # "B": an upper bowl ...
    _outline(a, 300, 114, 16, 17)  # ... on a lower one, the middle bar shared
    _outline(a, 800, 100, 26, 26)  # a printed ☐
    boxes = find_checkboxes(_Image.fromarray(a))
    assert [(b.left, b.top) for b in boxes] == [(800, 100)]


def test_tesseracts_well_formed_arabic_separators_stand_where_the_digits_agree():
    """Two readings of one number: Tesseract's '2,524' and the digit model's '2 524'
    (the comma's ink not seen) agree on the digits; the separator is Tesseract's."""
    kept = ocr_digits._separators_kept
    assert kept("2,524", "2 524") == "2,524"
    assert kept("66.92", "6692") == "66.92"
    assert kept("79..44", "79.44") == "79.44"  # Tesseract's is no well-formed number
    assert kept("9836", "98.36") == "98.36"  # nor a number without its point
    assert kept("98.75", "98.754") == "98.754"  # digits differ: not this rule's to choose
    assert kept("2,524", "๒ ๕๒๔") == "๒ ๕๒๔"  # Thai digits: Tesseract's Thai is no witness


class _Answers:
    """A digit model stand-in that gives every glyph it is asked about the same row."""

    def __init__(self, row: dict):
        self.row = _probs(row)[0]
        self.asked = 0

    def proba(self, feats):
        self.asked += len(feats)
        return np.tile(self.row, (len(feats), 1))


def _touching_pair(x: int) -> G.Glyph:
    """Two digits 18 px wide joined by a 2-px bridge at mid-height: one glyph 40 px wide."""
    h = int(REF_H)
    m = np.zeros((h, 40), bool)
    m[:, :18] = m[:, 22:] = True
    m[h // 2 - 1:h // 2 + 1, 18:22] = True
    return G.Glyph(x, int(BASE) - h, x + 40, int(BASE), m)


def _job(sel):
    return ([], [], [], sel, 12.0, 0, 0, REF_H, BASE, 200)


def test_a_wide_digit_of_the_other_script_is_two_touching_digits():
    """90.00 on a 200-dpi scan: 9 and 0 touch, and the model reads the pair as one Thai
    ๒ (0.93) among Arabic digits: the number came out 2.00. The pair is cut where both
    halves are sure Arabic digits; where they are not, the number is not read at all."""
    sel = [_touching_pair(0), _blob(44, int(BASE) - 4, 4, 4), _digit(52), _digit(78)]
    p = _probs({"๒": 0.93}, {".": 0.99}, {"0": 1.0}, {"0": 1.0})
    jobs, probs = ocr_digits._split_touching(_Answers({"0": 0.99}), [_job(sel)], p)
    assert len(jobs[0][3]) == 5 and [G.CLASSES[int(np.argmax(r))] for r in probs] == ["0", "0", ".", "0", "0"]
    # halves the model cannot read as the number's script: no digit at all, not ๒
    jobs, probs = ocr_digits._split_touching(_Answers({"๐": 0.99}), [_job(sel)], p)
    assert len(jobs[0][3]) == 4 and G.CLASSES[int(np.argmax(probs[0]))] == "other"
    assert _read(jobs[0][3], probs) != ["2.00"] and "๒" not in "".join(_read(jobs[0][3], probs))


def test_a_wide_digit_beside_numbers_of_the_other_script_is_left_alone():
    # 'I1 2 I๕' in a measures cell: the ๕ of one code a word gap from Arabic digits
    sel = [_blob(0, int(BASE) - 30, 8, 30), _blob(30, int(BASE) - 30, 18, 30), _digit(80)]
    p = _probs({"1": 1.0}, {"2": 1.0}, {"๕": 1.0})
    model = _Answers({"0": 0.99})
    jobs, probs = ocr_digits._split_touching(model, [_job(sel)], p)
    assert jobs[0][3] == sel and np.array_equal(probs, p)


def test_a_wide_digit_of_its_numbers_script_is_left_alone():
    # 10.11: a 0 is twice as wide as the 1s beside it, and of their script
    sel = [_blob(0, int(BASE) - 30, 8, 30), _blob(12, int(BASE) - 30, 20, 30), _blob(36, int(BASE) - 4, 4, 4),
           _blob(44, int(BASE) - 30, 8, 30), _blob(56, int(BASE) - 30, 8, 30)]
    p = _probs({"1": 1.0}, {"0": 1.0}, {".": 0.99}, {"1": 1.0}, {"1": 1.0})
    model = _Answers({"0": 0.99})
    jobs, probs = ocr_digits._split_touching(model, [_job(sel)], p)
    assert jobs[0][3] == sel and np.array_equal(probs, p) and model.asked == 0


def test_a_thai_two_broken_into_overlapping_pieces_is_one_digit():
    """๘,๒๘๔ on a 200-dpi scan: the ๒ came apart into its stem (9 px) and its loop
    (18 px), the loop starting 2 px left of the stem's end; neither piece a digit to the
    model. Together they are the ๒ the model reads; pieces a word space apart are not."""
    h = int(REF_H)
    stem = G.Glyph(30, int(BASE) - h, 39, int(BASE), np.ones((h, 9), bool))
    loop = G.Glyph(37, int(BASE) - 20, 55, int(BASE), np.ones((20, 18), bool))
    sel = [_digit(0), stem, loop, _digit(60)]
    p = _probs({"๘": 1.0}, {"other": 0.99}, {"other": 0.99}, {"๔": 1.0})
    jobs, probs = ocr_digits._join_broken(_Answers({"๒": 0.99}), [_job(sel)], p)
    assert [G.CLASSES[int(np.argmax(r))] for r in probs] == ["๘", "๒", "๔"]
    apart = G.Glyph(52, int(BASE) - 20, 70, int(BASE), np.ones((20, 18), bool))
    jobs, probs = ocr_digits._join_broken(_Answers({"๒": 0.99}), [_job([_digit(0), stem, apart])], p[:3])
    assert len(jobs[0][3]) == 3
