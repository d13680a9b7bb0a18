"""A scan's skew read from its text's rows where it has no ruled table, or where the
rules of a page fed in 3-4° crooked are missed (pipeline/ocr/tables.text_skew_angle)."""

import numpy as np
from PIL import Image, ImageDraw

from pipeline.ocr.tables import Rules, deskew_angle, find_rules, text_skew_angle


def _prose_page(skew: float, size=(2480, 3508), seed: int = 1) -> Image.Image:
    """A 300-dpi page of ragged lines of word-like strokes (no rules), turned `skew`
    degrees counter-clockwise as a crooked feed turns it: levelled by turning it back,
    -skew."""
    rng = np.random.default_rng(seed)
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    w, h = size
    y = int(h * 0.08)
    while y < h * 0.85:
        x = int(w * 0.1) + int(rng.integers(0, 120))
        end = int(w * rng.uniform(0.55, 0.9))
        while x < end:
            for _ in range(int(rng.integers(2, 9))):  # a word: letters of strokes
                draw.rectangle([x, y, x + 4, y + 28], fill=0)
                draw.rectangle([x, y + 24, x + 16, y + 28], fill=0)
                draw.rectangle([x + 12, y + 8, x + 16, y + 28], fill=0)
                if rng.random() < 0.3:  # an upper mark
                    draw.rectangle([x + 6, y - 14, x + 14, y - 8], fill=0)
                x += 24
            x += int(rng.integers(18, 40))
        y += int(rng.integers(70, 90))
    return page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)


def test_skew_of_a_page_without_rules_is_read_from_its_text():
    for skew in (3.6, -2.2, 1.7):
        page = _prose_page(skew)
        assert find_rules(page).horizontal == ()
        assert abs(text_skew_angle(page) + skew) < 0.15


def test_level_page_is_left_as_it_is():
    page = _prose_page(0.0)
    assert abs(text_skew_angle(page)) < 0.1
    assert deskew_angle(Rules((), ()), page.size, page) == 0.0


def test_text_decides_where_rules_give_no_angle():
    page = _prose_page(-3.1)
    angle = deskew_angle(Rules((), ()), page.size, page)
    assert abs(angle - 3.1) < 0.15
    # without the page the old way: nothing to go by, read as it is
    assert deskew_angle(Rules((), ()), page.size) == 0.0


def test_low_resolution_page_keeps_its_threshold():
    # a 200-dpi page under 1° is read as it is (re-sampling costs more than the skew)
    page = _prose_page(0.7, size=(1654, 2339))
    assert abs(text_skew_angle(page) + 0.7) < 0.15
    assert deskew_angle(Rules((), ()), page.size, page) == 0.0


def test_blank_page_has_no_skew():
    assert text_skew_angle(Image.new("L", (1654, 2339), 255)) == 0.0
