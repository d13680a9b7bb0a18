"""The resolution a page is read at, chosen from its measured text height rather than
its scan's dpi.

    text_height(grey) -> median letter height in px, or None (too few letters)
    text_scale(grey, target_px) -> the factor (<= 1) that brings the text to target_px
    shrink(grey, scale) -> the page at that scale

Tesseract scales every text line to its network's own height, so reading a 300-dpi
page costs hardly more than a 200-dpi one in Tesseract; what costs is everything the
pipeline does per pixel around it (rules, erasing, checkboxes, the photo check, the
digit model's crops). Letters are measured as the ink's connected components on a
half-size copy: their median height is the height of a Thai consonant's body (tone
marks and vowels above are smaller, and fewer), whatever the font size or dpi.

Off by default (OcrSettings.text_height_px = 0): on the corpus's clean 300-dpi scans a
22-px target saved 18% of the CPU time but raised CER 2.5 -> 3.4% (docs/measurements.md).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

try:  # OpenCV is a dependency; without it pages are read at their own resolution
    import cv2
except ImportError:  # pragma: no cover - depends on the environment
    cv2 = None

# Fewer letter-sized components than this: not a page of text (a photo, a stamp, a
# near-blank page); its resolution is kept.
MIN_LETTERS = 30

# A page is shrunk only when it saves at least this much of its side: a small
# shrink costs its resampling and a little sharpness for next to no time (a 200-dpi
# scan of 16-pt text, 22-26 px, is read as it is).
MAX_SCALE = 0.8

# Where the text is measured: a copy this many times smaller (a 300-dpi page's
# letters are ~17 px there, enough for the median).
MEASURE_REDUCE = 2


def text_height(grey: Image.Image) -> float | None:
    """Median height in pixels of the page's letter-sized ink components (a Thai
    consonant's body, a Latin lower-case letter's x-height and ascender), or None
    where fewer than MIN_LETTERS are found."""
    if cv2 is None or grey.mode != "L":
        return None
    small = grey.reduce(MEASURE_REDUCE) if min(grey.size) >= 200 * MEASURE_REDUCE else grey
    factor = grey.height / small.height
    arr = np.asarray(small)
    ink = (arr < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    # letters: taller than specks, shorter than a twentieth of the page (rules, logos,
    # a table's frame), not long runs (rules, underlines, dot leaders joined up)
    letter = (h >= 3) & (h <= arr.shape[0] / 20) & (w <= 3 * h) & (w >= 2)
    if int(letter.sum()) < MIN_LETTERS:
        return None
    return float(np.median(h[letter])) * factor


def text_scale(grey: Image.Image, target_px: float) -> float:
    """The factor that brings the page's text height to target_px; 1.0 where the text
    is not taller than that by enough (MAX_SCALE), cannot be measured, or target_px
    is 0 (off). Never enlarges."""
    if not target_px:
        return 1.0
    height = text_height(grey)
    if not height:
        return 1.0
    scale = target_px / height
    return scale if scale <= MAX_SCALE else 1.0


def shrink(grey: Image.Image, scale: float) -> Image.Image:
    """The page at `scale` (<= 1); the image itself at 1.0."""
    if scale >= 1.0:
        return grey
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    return grey.resize(size, Image.Resampling.BILINEAR)
