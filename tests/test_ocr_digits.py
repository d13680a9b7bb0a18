"""The scanned-number step (pipeline/ocr_digits.py): the glyph classifier, locating
numeric tokens, and repair of Tesseract's Thai-digit misreads on rendered crops."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import ocr_digits as od

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
needs_fonts = pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg not installed")


@dataclasses.dataclass(frozen=True)
class Word:
    """Shaped like pipeline.readers.ocr.OcrWord (the fields repair_numbers reads)."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int = 1
    par: int = 1
    line: int = 1
    word: int = 1


def render_line(parts: list[str], size: int = 62, seed: int = 0, noisy: bool = False):
    """An image of `parts` separated by spaces (Laksaman, `size` px ≈ 15 pt at 300 dpi),
    and the true ink box of each part: [(part, (x0, y0, x1, y1))]."""
    font = ImageFont.truetype(str(FONT), size)
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
        img = od._damage(img, np.random.default_rng(seed))
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
    fonts = od._font_files(["Laksaman", "Kinnari", "Garuda"], styles=("",))
    X, y = od.make_dataset(fonts, per_font=30, seed=424242)
    assert len(y) > 200
    pred = od.load_model().proba(X).argmax(axis=1)
    digits = y < 20
    assert (pred[digits] == y[digits]).mean() >= 0.95
    assert (pred == y).mean() >= 0.93


def test_model_is_small_and_loads_once():
    assert od.MODEL_PATH.stat().st_size < 2_000_000
    assert od.load_model() is od.load_model()


# ---------------------------------------------------------------- locating


def test_runs_never_start_from_thai_words():
    words = [Word(t, 90, 10 * i, 0, 9, 20, word=i) for i, t in enumerate(
        ["ต", "ร", "ว", "จ", "ส", "อ", "บ", "ว", "ั", "ด", "ผ", "ล"])]
    assert od.find_runs(words) == []
    # misread digit stand-ins (ว @ «) count only between real digits; the image decides
    # about the ink beside a run
    words = [Word(t, 90, 10 * i, 0, 9, 20, word=i) for i, t in enumerate(
        ["ค", "ะ", "ว", "๑", "ว", "@", "๕", "ว", "น"])]
    runs = od.find_runs(words)
    assert [[words[i].text for i in r] for r in runs] == [["๑", "ว", "@", "๕"]]
    # a list number misread as Latin at the start of a line
    words = [Word("al.", 90, 0, 0, 30, 20, word=1), Word("ก", 90, 40, 0, 9, 20, word=2)]
    assert od.find_runs(words) == [[0]]
    words = [Word("and", 90, 0, 0, 30, 20, word=1), Word("on.", 90, 40, 0, 9, 20, word=2)]
    assert od.find_runs(words) == []


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
    fixed = od.repair_numbers(img, words)
    assert len(fixed) == len(words)
    for before, after in zip(words, fixed):
        if not od._digitlike(before.text):
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
    fixed = od.repair_numbers(img, words)
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
    fixed = od.repair_numbers(img, words)
    assert [w.text for w in fixed] == ["พ.ศ.", "๒๕๖๘", "ลำดับที่", "๒,๕๕๑", "2567"]


# ---------------------------------------------------------------- never raises


def test_odd_input_never_raises():
    img = Image.new("L", (200, 60), 255)
    assert od.repair_numbers(img, []) == []
    odd = [
        Word("๑๒", 90, 0, 0, 0, 0),  # zero-size box
        Word("๓", 90, 5000, 5000, 40, 40, word=2),  # outside the image
        Word("๔", 90, -50, -50, 10, 10, word=3),  # negative
        Word("", -1, 10, 10, 10, 10, word=4),
        Word("๕", 90, 190, 50, 100, 100, word=5),  # overhanging
    ]
    for image in (img, Image.new("L", (1, 1), 0), Image.new("RGBA", (50, 50)),
                  Image.new("1", (300, 80), 1), Image.new("CMYK", (40, 40)), None):
        out = od.repair_numbers(image, odd)
        assert len(out) == len(odd)
    # a black page: no crash, nothing invented
    out = od.repair_numbers(Image.new("L", (300, 100), 0), [Word("๑", 90, 10, 10, 20, 30)])
    assert len(out) == 1
