"""The resolution a page is read at (pipeline/ocr/scale.py): its measured text height,
the factor that brings it to the target, and the page read at that factor."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import scale
from pipeline.ocr.settings import TEXT_HEIGHT_PX, OcrSettings

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
THAI = "องค์การบริหารส่วนตำบลหนองบัว ได้คะแนน ๙๓.๕๘ ประจำปีงบประมาณ"


def boxes_page(height: int, n: int = 200, size=(1600, 2200)) -> Image.Image:
    """n solid 'letters' of the given height (and half as wide) on white, in rows."""
    im = Image.new("L", size, 255)
    d = ImageDraw.Draw(im)
    x, y = 40, 40
    for _ in range(n):
        d.rectangle([x, y, x + height // 2 - 1, y + height - 1], fill=0)
        x += height
        if x + height > size[0] - 40:
            x, y = 40, y + 2 * height
    return im


def thai_page(font_size: int, lines: int = 12) -> Image.Image:
    f = ImageFont.truetype(str(FONT), font_size)
    im = Image.new("L", (int(font_size * 30), int(font_size * 2 * lines + 80)), 255)
    d = ImageDraw.Draw(im)
    for i in range(lines):
        d.text((30, 30 + i * 2 * font_size), THAI, font=f, fill=0)
    return im


@pytest.mark.parametrize("height", [20, 34, 50])
def test_text_height_of_solid_letters(height):
    # measured on a half-size copy: within a pixel of rounding either way
    assert scale.text_height(boxes_page(height)) == pytest.approx(height, abs=2)


def test_rules_specks_and_frames_are_not_letters():
    im = boxes_page(30)
    d = ImageDraw.Draw(im)
    for y in range(1000, 2100, 50):  # table rules: long, thin
        d.line([(40, y), (1560, y)], fill=0, width=3)
    d.rectangle([20, 20, 1580, 2180], outline=0, width=4)  # a frame round the page
    for i in range(300):  # scanner speckle, 1-2 px
        d.point((50 + (i * 37) % 1500, 1000 + (i * 53) % 1100), fill=0)
    assert scale.text_height(im) == pytest.approx(30, abs=2)


def test_too_few_letters_is_unmeasured():
    assert scale.text_height(boxes_page(30, n=scale.MIN_LETTERS // 2)) is None
    assert scale.text_height(Image.new("L", (1000, 1400), 255)) is None
    assert scale.text_scale(Image.new("L", (1000, 1400), 255), 22) == 1.0


@pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg not installed")
def test_thai_text_height_follows_the_font_size():
    # the same text at 1.5x the size (a 300-dpi scan of a 200-dpi page) measures 1.5x
    small, large = scale.text_height(thai_page(40)), scale.text_height(thai_page(60))
    assert small and large
    assert large / small == pytest.approx(1.5, rel=0.12)


def test_scale_brings_tall_text_to_the_target():
    # a 300-dpi page's text (~33 px) is read as a 200-dpi one's (22 px)
    assert scale.text_scale(boxes_page(34), 22) == pytest.approx(22 / 34, rel=0.07)


def test_scale_never_enlarges_nor_shrinks_by_a_little():
    assert scale.text_scale(boxes_page(16), 22) == 1.0  # small text: kept
    assert scale.text_scale(boxes_page(26), 22) == 1.0  # 22/26 > MAX_SCALE: not worth it
    assert scale.text_scale(boxes_page(40), 0) == 1.0  # off


def test_shrink():
    im = boxes_page(30)
    assert scale.shrink(im, 1.0) is im
    half = scale.shrink(im, 0.5)
    assert half.size == (800, 1100) and half.mode == "L"


def test_off_by_default_reads_the_page_as_it_is(monkeypatch):
    # shrinking cost accuracy on the corpus's scans: a page is read at its own size
    # unless a target is set, and then the text is not even measured
    assert OcrSettings().text_height_px == TEXT_HEIGHT_PX == 0
    monkeypatch.setattr(scale, "text_height", lambda grey: pytest.fail("measured"))
    assert scale.text_scale(boxes_page(40), OcrSettings().text_height_px) == 1.0
