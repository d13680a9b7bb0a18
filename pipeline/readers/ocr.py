"""OCR of one page image with Tesseract (pytesseract, `tha+eng`) into a PageResult.

    ocr_page(image, page_no, settings) -> PageResult      # never raises

Steps (DESIGN §1, §2):
1. the image becomes 8-bit grey (alpha flattened on white; CMYK, palette, 16-bit and
   1-bit images converted); a page with no ink is an empty page without calling
   Tesseract; a page over `max_pixels` is downscaled;
2. ruled-table lines are found (long horizontal / vertical runs of dark pixels) and
   erased before OCR: Tesseract reads borders as `|` `[` `¦` and loses rows across
   them; the lines are kept to rebuild the table's cells afterwards;
3. `image_to_data` gives word boxes, from the Tesseract library loaded once per worker
   (pipeline/readers/tesseract_api.py: the models are not reloaded for every page) or
   the `tesseract` command through pytesseract (engine "command"; where the library
   is missing; a crashed file's retry); one OpenMP thread (the pool gives each page
   its own core); a per-page timeout; results cached on disk (see
   `OcrCache`) keyed by the hash of the exact image sent to Tesseract, the Tesseract
   version, language and page segmentation mode;
4. when the text is poor, Tesseract's orientation detection (OSD) is asked; a page it
   finds rotated is turned and read again (the better reading is kept);
5. `pipeline.ocr_digits.repair_numbers(image, words)`, when that module exists,
   re-reads numbers (stock Thai Tesseract cannot emit ๔ ๖ ๗ ๘ ๙);
6. lines are rebuilt from word boxes: Tesseract returns Thai as one "word" per
   letter, so letters closer than a word space are joined; a wide gap becomes a tab;
   words inside a ruled table become one tab row per table row (a cell's lines joined
   with spaces), the page text convention of pipeline/pages.py;
7. the text is normalised (normalizers.thai.normalize), scores that OCR garbled in a
   way that allows one reading are repaired in score cells and after score cues
   (normalizers.numbers.repair_score_text: ๗๙..๔๔ → ๗๙.๔๔), and scored (text_quality).

Problems never raise: a timeout, a Tesseract crash or unreadable output becomes a page
with method "none", empty text and an error naming the page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import statistics
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from normalizers.numbers import repair_score_text
from normalizers.thai import normalize, text_quality
from pipeline.pages import NONE, OCR, PageError, PageResult, ReadError, page_box, page_error
from pipeline.readers import registry, tesseract_api
from pipeline.readers.paragraphs import TextLine, join_wrapped
from pipeline.readers.tesseract_api import EngineError, EngineTimeout, InProcessTesseract
from schemas.vocab import ErrorKind

try:  # the Thai-digit step is built separately; OCR works without it
    from pipeline.ocr_digits import repair_numbers
except ImportError:  # pragma: no cover - depends on the checkout
    repair_numbers = None

# Bump when preprocessing (the image sent to Tesseract) or the cached record changes.
CACHE_FORMAT = 2

DEFAULT_LANG = "tha+eng"
# Page segmentation mode, measured on generated scans (docs/architecture.md, OCR):
# psm 4 (one column of variable-size text) reads prose as well as psm 3 and keeps
# ruled-table rows; psm 3 splits tables into blocks, psm 6 merges headings.
DEFAULT_PSM = 4
DEFAULT_DPI = 300
STRIP_PSM = 6  # for the strip of table cells Tesseract skipped (_read_missed_cells)
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_PIXELS = 60_000_000

# A page with fewer dark pixels than this share has no text (a blank page, a scanner's
# empty back side); Tesseract is not called.
BLANK_INK_SHARE = 0.0005
# OSD is asked when the first reading is this poor (text_quality score / mean word
# confidence) or has fewer than MIN_OSD_CHARS letters.
OSD_BELOW_QUALITY = 0.35
OSD_BELOW_CONFIDENCE = 55.0
MIN_OSD_CHARS = 20
# Pages skewed by at least this much (measured on their table rules) are levelled
# before OCR; more than MAX_DESKEW_DEG is not a scan's skew but a misreading. Below
# ~250 dpi (an A4 page's long side under LOW_RES_LONG_SIDE px) re-sampling blurs the
# strokes more than a small skew costs: Tesseract follows a slightly slanted line
# itself. Such pages are levelled only from MIN_DESKEW_DEG_LOW_RES. Measured on noisy
# 200-dpi scans skewed up to 1° (9 generated sets): Thai CER 5.3 -> 4.1%, numbers
# 98.0 -> 98.5%, Tesseract 17% faster; skewed 1-2.5°, levelling still reads more
# numbers (98.4 against 97.3%). At 300 dpi levelling helps from small skews on
# (0.3-1°: numbers 99.3 against 98.9%).
MIN_DESKEW_DEG = 0.15
MIN_DESKEW_DEG_LOW_RES = 1.0
LOW_RES_LONG_SIDE = 2900
MAX_DESKEW_DEG = 5.0
# Rules are found as pieces joined along the line: pieces closer than CHAIN_GAP px
# chain directly; a rule must be at least RULE_MIN_INK ink over its length; RULE_BAND
# px either side of a rule are erased (its thickness on a 300-dpi scan is 2-5 px).
CHAIN_GAP = 8
RULE_MIN_INK = 0.75
RULE_BAND = 4
# Rule detection is skipped on images larger than this (memory: a few int32 copies).
MAX_RULE_PIXELS = 40_000_000

# Gaps between word boxes, in units of the line's median box height: Thai letters of
# one word are mostly < 0.3 apart, word spaces ~0.6-0.9, table columns without rules
# > 3. SPACE_GAP measured on 5 generated scans (CER counting spaces): 0.45 6.6%,
# 0.55 5.7%, 0.6 5.9%, 0.75 6.9%.
SPACE_GAP = 0.55
# A "digit" box at most this share of the page's median word height is a dot.
DOT_MAX_HEIGHT = 0.3
DOT_MAX_WIDTH = 0.3  # (a Thai digit is ~0.7 as wide as the median box is high)
TAB_GAP = 3.0

ENGINE_LIBRARY, ENGINE_COMMAND = "library", "command"


@dataclass(frozen=True)
class OcrSettings:
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    dpi: int = DEFAULT_DPI  # rasterisation of PDF pages that are not one scanned image
    native_dpi: bool = True  # a scanned PDF page is rendered at its image's resolution
    timeout_s: float = DEFAULT_TIMEOUT_S  # per page, all Tesseract calls together
    max_pixels: int = DEFAULT_MAX_PIXELS  # larger pages are downscaled to this
    osd: bool = True  # detect orientation when the first reading is poor
    remove_rules: bool = True  # erase ruled-table lines before OCR
    cache_dir: str | None = None  # None: $ITA_OCR_CACHE or ~/.cache/ita-ocr; "off": none
    # "library": Tesseract loaded in the worker (the command where the library is
    # missing); "command": one `tesseract` process per call, so a crash costs a page
    engine: str = "library"


@dataclass(frozen=True)
class OcrWord:
    """One word of `image_to_data` (Thai: often one letter). Boxes are pixels of the
    image given to Tesseract (and to repair_numbers)."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int
    word: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


class OcrFailure(Exception):
    """A page could not be OCR'd; the message is the page's error (without 'page N')."""


# ---------------------------------------------------------------- a page of a file


def ocr_file_page(path: str, media_type: str, page_no: int, settings: OcrSettings | None = None) -> PageResult:
    """OCR page `page_no` of a file, as its reader renders it (pipeline/readers/registry.py:
    a PDF page rasterised with pypdfium2 at the scan's own resolution, else settings.dpi;
    a frame of PNG/JPEG/TIFF). Pure and picklable, for a worker pool. Never raises."""
    settings = settings or OcrSettings()
    try:
        image = registry.reader(media_type).page_image(path, page_no, settings)
        if image is None:  # a blank page: nothing to render or read
            return PageResult(page_no=page_no, method=OCR, text="", raw_text="")
    except Exception as exc:  # ReadError names the page already
        reason = str(exc) if isinstance(exc, ReadError) else f"{type(exc).__name__}: {exc}"
        if not reason.startswith(f"page {page_no}"):
            reason = f"page {page_no}: {reason}"
        return PageResult(page_no=page_no, method=NONE, text="", needs_ocr=True,
                          errors=(PageError(ErrorKind.UNREADABLE, page_no, reason),))
    return ocr_page(image, page_no, settings)


# ---------------------------------------------------------------- the page


def ocr_page(image: Image.Image, page_no: int, settings: OcrSettings | None = None) -> PageResult:
    """OCR one page image. Never raises: failures become an empty page with an error."""
    settings = settings or OcrSettings()
    deadline = time.monotonic() + settings.timeout_s
    try:
        grey = to_grey(image)
    except Exception as exc:  # a truncated or exotic image
        return _failed(page_no, f"image cannot be converted: {type(exc).__name__}: {exc}")
    notes: list[PageError] = []
    if grey.width * grey.height > settings.max_pixels:
        scale = (settings.max_pixels / (grey.width * grey.height)) ** 0.5
        size = (max(1, int(grey.width * scale)), max(1, int(grey.height * scale)))
        # not an error: the text is still read (a 10,000-pixel-wide page is ~800 dpi)
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    if is_blank(grey):
        return PageResult(page_no=page_no, method=OCR, text="", raw_text="", errors=tuple(notes))
    try:
        reading = _read(grey, settings, deadline)
        if settings.osd and _poor(reading):
            angle = _orientation(reading.image, settings, deadline)
            if angle:
                turned = _read(grey.rotate(-angle, expand=True, fillcolor=255), settings, deadline)
                if _better(turned, reading):
                    reading = turned
    except OcrFailure as exc:
        return _failed(page_no, str(exc), notes)
    return PageResult(
        page_no=page_no,
        method=OCR,
        text=reading.text,
        raw_text=reading.raw_text,
        quality=reading.quality,
        ocr_confidence=reading.confidence,
        line_boxes=reading.line_boxes,
        errors=tuple(notes + [page_error(ErrorKind.OCR_NOTE, page_no, n) for n in reading.notes]),
        glyphs=word_glyphs(reading.words, reading.image.size) if reading.line_boxes else (),
    )


def word_glyphs(words: list[OcrWord], size: tuple[int, int]) -> tuple:
    """The words the lines were built from as the page's glyphs (pipeline/pages.py
    Glyph: text, box as fractions of the image), for the values' own boxes."""
    out = []
    for w in words:
        box = page_box(w.left, w.top, w.right, w.bottom, *size)
        if w.text.strip() and box is not None:
            out.append((w.text, box))
    return tuple(out)


def _failed(page_no: int, reason: str, notes: list[PageError] | None = None) -> PageResult:
    return PageResult(
        page_no=page_no, method=NONE, text="", needs_ocr=True,
        errors=tuple(notes or ()) + (page_error(ErrorKind.OCR_FAILED, page_no, reason),),
    )


@dataclass
class _Reading:
    image: Image.Image  # what Tesseract saw (rules erased)
    words: list[OcrWord]
    raw_text: str
    text: str
    quality: float | None
    confidence: float | None
    notes: list[str]
    line_boxes: tuple = ()  # one per line of text, fractions of the page (pipeline.pages.Box)


def _read(grey: Image.Image, settings: OcrSettings, deadline: float) -> _Reading:
    rules = find_rules(grey) if settings.remove_rules else Rules((), ())
    angle = deskew_angle(rules, grey.size)
    if angle:
        # a skewed scan: straight rules make clean cells and let erasing catch them
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        rules = find_rules(grey)
    clean = erase_rules(grey, rules) if rules else grey
    boxes = find_checkboxes(clean) if settings.remove_rules else []
    clean = erase_checkboxes(clean, boxes)
    words = tesseract_words(clean, settings, deadline)
    if rules.horizontal and rules.vertical:
        words += _read_missed_cells(clean, rules, words, settings, deadline)
    words = _dot_leaders(words)
    notes: list[str] = []
    if repair_numbers is not None and words:
        try:
            repaired = repair_numbers(clean, words)
            # the words in their order, changed in place, then any it found that
            # Tesseract gave no word for (a lone page number "- ๓ -")
            if isinstance(repaired, list) and len(repaired) >= len(words):
                words = repaired
            else:
                notes.append("number repair returned an unexpected result; Tesseract's numbers kept")
        except Exception as exc:  # the digit step must not cost the page
            notes.append(f"number repair failed: {type(exc).__name__}: {exc}")
    # the digit step may empty words whose ink became part of a re-read number;
    # speckle and border remnants come back as low-confidence punctuation
    words = [w for w in words if w.text.strip() and not _is_noise(w)]
    words += checkbox_words(boxes, words)
    lines = build_lines(words, rules, clean.width)
    raw = "\n".join(t for t, _ in lines)
    # garbled scores (๗๙..๔๔, ๑๐.๐.๐๐, ๙๒ ๘๒.) where the layout says "score"
    text = repair_score_text(repair_labels(normalize(raw)))
    line_boxes = tuple(page_box(*box, clean.width, clean.height) for _, box in lines)
    if len(line_boxes) != len(text.split("\n")):  # normalising never joins lines; if it did
        line_boxes = ()
    quality = float(text_quality(text).score) if text.strip() else None
    confs = [w.conf for w in words if w.conf >= 0 and w.text.strip()]
    confidence = float(sum(confs) / len(confs)) if confs else None
    return _Reading(clean, words, raw, text, quality, confidence, notes, line_boxes)


def _poor(r: _Reading) -> bool:
    """Worth asking OSD: a page with ink (not blank) that gave little or poor text
    (sideways Thai often gives no words at all, upside-down Thai garbage)."""
    letters = sum(ch.isalpha() for ch in r.text)
    if letters < MIN_OSD_CHARS:
        return True
    return (r.quality or 0.0) < OSD_BELOW_QUALITY or (r.confidence or 0.0) < OSD_BELOW_CONFIDENCE


def _better(a: _Reading, b: _Reading) -> bool:
    return ((a.quality or 0.0), (a.confidence or 0.0)) > ((b.quality or 0.0), (b.confidence or 0.0))


# ---------------------------------------------------------------- the image


def to_grey(image: Image.Image) -> Image.Image:
    """8-bit grey: alpha composed on white, EXIF rotation applied, every mode (1, P,
    CMYK, I;16, I, F, LA, RGBA, ...) converted."""
    image.load()
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block: keep the pixels as stored
        pass
    mode = image.mode
    if mode == "L":
        return image
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        scaled = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.full(arr.shape, 255.0)
        return Image.fromarray(scaled.astype(np.uint8), "L")
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if mode == "CMYK":
        return image.convert("RGB").convert("L")
    return image.convert("L")


def is_blank(grey: Image.Image) -> bool:
    if grey.width < 8 or grey.height < 8:
        return True
    small = grey if grey.width * grey.height <= 4_000_000 else grey.reduce(4)
    arr = np.asarray(small)
    return float((arr < 128).mean()) < BLANK_INK_SHARE


# ---------------------------------------------------------------- ruled tables


@dataclass(frozen=True)
class Rule:
    """A straight line: horizontal rules have y0/y1 at their ends x0/x1; vertical ones
    x0/x1 at their ends y0/y1 (scans are slightly skewed)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def y_at(self, x: float) -> float:  # horizontal rules
        if self.x1 == self.x0:
            return self.y0
        t = min(1.0, max(0.0, (x - self.x0) / (self.x1 - self.x0)))
        return self.y0 + t * (self.y1 - self.y0)

    def x_at(self, y: float) -> float:  # vertical rules
        if self.y1 == self.y0:
            return self.x0
        t = min(1.0, max(0.0, (y - self.y0) / (self.y1 - self.y0)))
        return self.x0 + t * (self.x1 - self.x0)


@dataclass(frozen=True)
class Rules:
    horizontal: tuple[Rule, ...]
    vertical: tuple[Rule, ...]
    masks: tuple = ()  # (horizontal mask, vertical mask) as numpy arrays, for erasing

    def __bool__(self) -> bool:
        return bool(self.horizontal or self.vertical)


def _run_segments(dark: np.ndarray, n: int, n_max: int | None = None) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of dark pixels n (to n_max) long,
    sorted by row."""
    h, w = dark.shape
    # only rows that can hold such a run: one n long covers two neighbouring columns of
    # every (n // 2)-th column (a third to a half of a text page's rows)
    k = n // 2
    sample = dark[:, ::k] if k else dark
    rows = np.flatnonzero((sample[:, :-1] & sample[:, 1:]).any(axis=1)) if k and sample.shape[1] > 1 else np.arange(h)
    if not len(rows):
        return []
    padded = np.zeros((len(rows), w + 2), bool)
    padded[:, 1:-1] = dark[rows]
    # every change along a row, in row order: a padded row starts and ends light, so
    # its changes alternate start, end (one boolean pass; half the time of np.diff)
    ys, xs = np.nonzero(padded[:, 1:] != padded[:, :-1])
    ys, starts, ends = rows[ys[0::2]], xs[0::2], xs[1::2]
    length = ends - starts
    keep = length >= n if n_max is None else (length >= n) & (length <= n_max)
    return list(zip(ys[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _paint(shape: tuple[int, int], segments: list[tuple[int, int, int]]) -> np.ndarray:
    mask = np.zeros(shape, bool)
    for y, s, e in segments:
        mask[y, s:e] = True
    return mask


def _chain(segments: list[tuple[int, int, int]], min_len: int) -> list[tuple[Rule, float]]:
    """Merge row segments of one line (its thickness, and the staircase of a skewed
    line) into pieces: (rule, inked length), as if horizontal (x along the row)."""
    open_: list[list] = []  # [last_y, x0, y_at_x0, x1, y_at_x1, min_x, max_x]
    done: list[list] = []
    for y, s, e in sorted(segments):
        hit = None
        for r in open_:
            if y - r[0] <= 2 and s <= r[6] + CHAIN_GAP and e >= r[5] - CHAIN_GAP:
                hit = r
                break
        if hit is None:
            open_.append([y, s, y, e, y, s, e])
        else:
            hit[0] = y
            if s < hit[5]:
                hit[5], hit[1], hit[2] = s, s, y
            if e > hit[6]:
                hit[6], hit[3], hit[4] = e, e, y
        still = []
        for r in open_:
            (still if y - r[0] <= 2 else done).append(r)
        open_ = still
    done.extend(open_)
    return [(Rule(r[5], r[2], r[6], r[4]), float(r[6] - r[5])) for r in done if r[6] - r[5] >= min_len]


def _merge_collinear(pieces: list[tuple[Rule, float]], max_gap: int, min_len: int,
                     min_ink: float = RULE_MIN_INK, max_offset: float = 6.0) -> list[Rule]:
    """Join pieces of one line (broken by noise, a faint scan, a text stroke crossing
    it) so that a table row is bounded by one rule, not by several. A rule must be
    min_len long and mostly ink (strokes of letters on one baseline are not)."""
    out: list[list] = []  # [rule, inked]
    for r, ink in sorted(pieces, key=lambda p: p[0].x0):
        for item in out:
            o = item[0]
            gap = r.x0 - o.x1  # < 0: the pieces overlap, compared where o ends
            if (gap <= max_gap and r.x1 > o.x1
                    and abs(o.y_at(o.x1) - r.y_at(max(r.x0, o.x1))) <= max_offset + 0.02 * max(0, gap)):
                item[0] = Rule(o.x0, o.y0, r.x1, r.y1)
                item[1] += ink
                break
            if o.x0 <= r.x0 and r.x1 <= o.x1 and abs(o.y_at(r.x0) - r.y0) <= max_offset:
                break  # inside a longer piece (a thick line's second trace)
        else:
            out.append([r, ink])
    return [r for r, ink in out if r.x1 - r.x0 >= min_len and ink >= min_ink * (r.x1 - r.x0)]


def _snap(horizontal: list[Rule], vertical: list[Rule], reach: int) -> tuple[list[Rule], list[Rule]]:
    """Extend rule ends that stop short of a crossing rule (a faded corner, a gap the
    detector missed) up to it, so every cell is closed on all four sides."""

    def extend(lo: float, hi: float, at: float, crossing: list[Rule], pos) -> tuple[float, float]:
        ps = []
        for c in crossing:
            p, c_lo, c_hi = pos(c, at)
            if c_lo - reach <= at <= c_hi + reach:
                ps.append(p)
        # an end already at a crossing rule stays; otherwise it goes to the nearest one
        if ps and not any(abs(p - lo) <= 12 for p in ps):
            lo = max((p for p in ps if lo - reach <= p < lo), default=lo)
        if ps and not any(abs(p - hi) <= 12 for p in ps):
            hi = min((p for p in ps if hi < p <= hi + reach), default=hi)
        return lo, hi

    new_v = []
    for v in vertical:
        x = (v.x0 + v.x1) / 2
        y0, y1 = extend(v.y0, v.y1, x, horizontal, lambda hr, x: (hr.y_at(x), hr.x0, hr.x1))
        new_v.append(Rule(v.x_at(y0), y0, v.x_at(y1), y1))
    new_h = []
    for hr in horizontal:
        y = (hr.y0 + hr.y1) / 2
        x0, x1 = extend(hr.x0, hr.x1, y, new_v, lambda v, y: (v.x_at(y), v.y0, v.y1))
        new_h.append(Rule(x0, hr.y_at(x0), x1, hr.y_at(x1)))
    return new_h, new_v


def _band(shape: tuple[int, int], rules: list[Rule], half: int) -> np.ndarray:
    """Pixels within `half` rows of horizontal rules (as if horizontal)."""
    band = np.zeros(shape, bool)
    h, w = shape
    for r in rules:
        xs = np.arange(max(0, int(r.x0)), min(w, int(r.x1) + 1))
        if not len(xs):
            continue
        ys = np.rint(r.y0 + (xs - r.x0) * ((r.y1 - r.y0) / max(1.0, r.x1 - r.x0))).astype(int)
        for dy in range(-half, half + 1):
            yy = np.clip(ys + dy, 0, h - 1)
            band[yy, xs] = True
    return band


def find_rules(grey: Image.Image) -> Rules:
    """Horizontal and vertical ruled lines (table borders) of a page. Lines are found
    as pieces (runs of dark pixels, cut by scanner noise) joined along their length."""
    w, h = grey.size
    if w * h > MAX_RULE_PIXELS or w < 50 or h < 50:
        return Rules((), ())
    arr = np.asarray(grey)
    dark = arr < 140
    min_h, min_v = max(40, w // 20), max(40, h // 30, w // 30)  # longer than a letter's stem
    piece_h, piece_v = max(20, w // 60), max(20, h // 90)
    hsegs = _run_segments(dark, piece_h)
    dark_t = np.ascontiguousarray(dark.T)
    vsegs = _run_segments(dark_t, piece_v)
    # pieces of one rule are cut by small holes (speckle, a faded stretch); text
    # strokes on one baseline or in one column are further apart
    horizontal = _merge_collinear(_chain(hsegs, piece_h), max(12, piece_h // 2), min_h)
    vertical_t = _merge_collinear(_chain(vsegs, piece_v), max(12, piece_v // 2), min_v)
    # then rules (long, so surely lines) broken by a wider gap are one line
    horizontal = _merge_collinear([(r, r.x1 - r.x0) for r in horizontal], w // 8, 0, 0.0, 4.0)
    vertical_t = _merge_collinear([(r, r.x1 - r.x0) for r in vertical_t], h // 8, 0, 0.0, 4.0)
    vertical = [Rule(r.y0, r.x0, r.y1, r.x1) for r in vertical_t]
    if not horizontal and not vertical:
        return Rules((), ())
    # what to erase: the runs that make up the rules found, not other strokes
    hmask = _paint(dark.shape, hsegs) & _band(dark.shape, horizontal, RULE_BAND)
    vmask = (_paint(dark_t.shape, vsegs) & _band(dark_t.shape, vertical_t, RULE_BAND)).T
    horizontal, vertical = _snap(horizontal, vertical, reach=max(20, min(w, h) // 15))
    return Rules(tuple(horizontal), tuple(vertical), (hmask, vmask))


def skew_angle(rules: Rules) -> float:
    """The page's skew in degrees (counter-clockwise turn that levels it), from the
    slope of its long horizontal rules; 0 without them."""
    slopes = []
    for r in rules.horizontal:
        length = r.x1 - r.x0
        if length > 0:
            slopes.extend([math.degrees(math.atan2(r.y1 - r.y0, length))] * max(1, int(length // 100)))
    if len(slopes) < 3:
        return 0.0
    angle = statistics.median(slopes)
    return angle if abs(angle) <= MAX_DESKEW_DEG else 0.0


def deskew_angle(rules: Rules, size: tuple[int, int]) -> float:
    """The turn (degrees, counter-clockwise) that levels a page of `size` pixels before
    OCR; 0 where it is read as it is (see MIN_DESKEW_DEG)."""
    angle = skew_angle(rules)
    least = MIN_DESKEW_DEG if max(size) >= LOW_RES_LONG_SIDE else MIN_DESKEW_DEG_LOW_RES
    return angle if abs(angle) >= least else 0.0


def erase_rules(grey: Image.Image, rules: Rules) -> Image.Image:
    """The page with rule pixels (and a 1-pixel fringe) painted white."""
    if not rules.masks:
        return grey
    hmask, vmask = rules.masks
    mask = hmask | vmask
    grown = mask.copy()
    for _ in range(2):  # a 2-pixel fringe: the anti-aliased edge of the line
        step = grown.copy()
        step[1:, :] |= grown[:-1, :]
        step[:-1, :] |= grown[1:, :]
        step[:, 1:] |= grown[:, :-1]
        step[:, :-1] |= grown[:, 1:]
        grown = step
    arr = np.array(grey)
    arr[grown] = 255
    return Image.fromarray(arr, "L")


def table_cells(rules: Rules) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the cells of ruled tables, inside their borders."""
    tol = 8.0
    hs = sorted(rules.horizontal, key=lambda r: (r.y0 + r.y1) / 2)
    cells = []
    for i, a in enumerate(hs):
        ya = (a.y0 + a.y1) / 2
        below = [b for b in hs[i + 1:] if (b.y0 + b.y1) / 2 > ya + 10
                 and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)]
        if not below:
            continue
        b = below[0]
        yb = (b.y0 + b.y1) / 2
        ymid = (ya + yb) / 2
        edges = sorted(
            r.x_at(ymid) for r in rules.vertical
            if r.y0 - tol <= ymid <= r.y1 + tol and a.x0 - tol <= r.x_at(ymid) <= a.x1 + tol
        )
        for x0, x1 in zip(edges, edges[1:]):
            if x1 - x0 > 12 and yb - ya > 12:
                cells.append((int(x0) + 5, int(ya) + 5, int(x1) - 5, int(yb) - 5))
    return cells


def _read_missed_cells(image: Image.Image, rules: Rules, words: list[OcrWord],
                       settings: OcrSettings, deadline: float) -> list[OcrWord]:
    """Tesseract skips short text alone in a narrow cell (an item code "O๖" in a
    column of its own). Cells with ink but no word are stacked into one strip, read in
    one more call, and their words mapped back to the page."""
    arr = np.asarray(image)
    centers = [(w.left + w.width / 2, w.top + w.height / 2) for w in words]
    todo = []
    for x0, y0, x1, y1 in table_cells(rules):
        if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centers):
            continue
        ink = arr[y0:y1, x0:x1] < 128
        if ink.sum() < 30:
            continue
        ys, xs = np.nonzero(ink)
        todo.append((x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1))
    if not todo:
        return []
    pad = 20
    width = max(b[2] - b[0] for b in todo) + 2 * pad
    height = sum(b[3] - b[1] + 2 * pad for b in todo)
    strip = Image.new("L", (width, height), 255)
    slots = []  # (strip y0, strip y1, page box)
    y = 0
    for box in todo:
        strip.paste(image.crop(box), (pad, y + pad))
        slots.append((y, y + box[3] - box[1] + 2 * pad, box))
        y += box[3] - box[1] + 2 * pad
    # psm 6 (one uniform block): psm 4 skipped the first cells of a narrow strip
    found = tesseract_words(strip, dataclasses.replace(settings, psm=STRIP_PSM), deadline)
    out = []
    for w in found:
        cy = w.top + w.height / 2
        for i, (s0, s1, box) in enumerate(slots):
            if s0 <= cy < s1:
                out.append(dataclasses.replace(
                    w, left=w.left - pad + box[0], top=w.top - s0 - pad + box[1], block=10_000 + i,
                ))
                break
    return out


# ---------------------------------------------------------------- checkboxes

CHECKED, UNCHECKED = "\u2611", "\u2610"  # ☑ ☐ (pipeline/pages.py convention)


@dataclass(frozen=True)
class Checkbox:
    left: int
    top: int
    size: int
    checked: bool


def _bars(segments: list[tuple[int, int, int]], lo: int, hi: int) -> list[list[int]]:
    """Horizontal bars [top, bottom, x0, x1] from row runs whose length is lo..hi:
    runs of consecutive rows with the same ends (±2 px) are one bar."""
    bars: list[list[int]] = []
    active: dict[int, list[int]] = {}  # x0 bucket -> bar
    for y, x0, x1 in segments:  # sorted by row
        if not lo <= x1 - x0 <= hi:
            continue
        bar = None
        for k in (x0 // 4 - 1, x0 // 4, x0 // 4 + 1):
            b = active.get(k)
            if b is not None and b[1] >= y - 1 and abs(b[2] - x0) <= 2 and abs(b[3] - x1) <= 2:
                bar = b
                break
        if bar is None:
            bar = [y, y, x0, x1]
            bars.append(bar)
        bar[1] = y
        active[x0 // 4] = bar
    return bars


def find_checkboxes(grey: Image.Image) -> list[Checkbox]:
    """Square boxes the size of a letter (☐, ☑): a top and a bottom bar of the same
    span joined by two straight sides. Tesseract reads them as "[7" "17" "O" "0]"."""
    w, h = grey.size
    if w * h > MAX_RULE_PIXELS or w < 50 or h < 20:
        return []
    arr = np.asarray(grey)
    dark = arr < 140
    s_min, s_max = max(8, w // 90), max(16, w // 40)  # at A4 width: 2.3-5.3 mm
    bars = _bars(_run_segments(dark, s_min, s_max), s_min, s_max)
    by_x: dict[int, list[list[int]]] = {}
    for b in bars:
        by_x.setdefault(b[2] // 4, []).append(b)
    found: list[Checkbox] = []
    taken: set[tuple[int, int]] = set()
    for top in bars:
        t_top, t_bot, x0, x1 = top
        size = x1 - x0
        thick = t_bot - t_top + 1
        if thick > max(3, size // 5):
            continue
        for k in (x0 // 4 - 1, x0 // 4, x0 // 4 + 1):
            for bot in by_x.get(k, ()):
                height = bot[1] - t_top + 1
                if bot is top or abs(bot[2] - x0) > 3 or abs(bot[3] - x1) > 3:
                    continue
                if not 0.8 * size <= height <= 1.25 * size or bot[1] - bot[0] + 1 > max(3, size // 5):
                    continue
                side = dark[t_top:bot[1] + 1, :]
                left = side[:, max(0, x0 - 1):x0 + thick + 1].any(axis=1).mean()
                right = side[:, max(0, x1 - thick - 1):x1 + 1].any(axis=1).mean()
                if left < 0.9 or right < 0.9 or (t_top, x0) in taken:
                    continue
                m = max(thick + 2, size // 6)
                inner = dark[t_top + m:bot[1] + 1 - m, x0 + m:x1 - m]
                if inner.size == 0:
                    continue
                # the ring around the box must be mostly clear: not part of a letter
                outer = dark[max(0, t_top - 5):bot[1] + 6, max(0, x0 - 5):x1 + 6]
                box = dark[max(0, t_top - 1):bot[1] + 2, max(0, x0 - 1):x1 + 2]
                if (outer.sum() - box.sum()) / max(1, outer.size - box.size) > 0.1:
                    continue
                taken.add((t_top, x0))
                found.append(Checkbox(x0, t_top, max(size, height), bool(inner.mean() > 0.06)))
    return found


def erase_checkboxes(grey: Image.Image, boxes: list[Checkbox]) -> Image.Image:
    if not boxes:
        return grey
    arr = np.array(grey)
    for b in boxes:
        arr[max(0, b.top - 2):b.top + b.size + 3, max(0, b.left - 2):b.left + b.size + 3] = 255
    return Image.fromarray(arr, "L")


def checkbox_words(boxes: list[Checkbox], words: list[OcrWord]) -> list[OcrWord]:
    """☑/☐ as words on the line of the nearest word beside them (conf -1: they do not
    count towards the page's OCR confidence)."""
    out = []
    for i, b in enumerate(boxes):
        cy = b.top + b.size / 2
        beside = [w for w in words if w.top <= cy <= w.bottom]
        near = min(beside, key=lambda w: min(abs(w.left - (b.left + b.size)), abs(b.left - w.right)), default=None)
        ids = (near.block, near.par, near.line) if near is not None else (-1, 0, i)
        out.append(OcrWord(CHECKED if b.checked else UNCHECKED, -1.0, b.left, b.top, b.size, b.size,
                           ids[0], ids[1], ids[2], 0))
    return out


# ---------------------------------------------------------------- Tesseract


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    """The Tesseract that reads pages: the library's version where it loads (the
    command runs the same library), else the command's."""
    import pytesseract

    return tesseract_api.version() or str(pytesseract.get_tesseract_version())


class _ThreadLimit:
    """OMP_THREAD_LIMIT=1 for the Tesseract child process (pytesseract passes our
    environment on): parallelism comes from the page pool, not from OpenMP."""

    def __enter__(self):
        self.old = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"

    def __exit__(self, *exc):
        if self.old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = self.old


def _remaining(deadline: float, timeout_s: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrFailure(f"OCR timed out after {timeout_s:g} s")
    return left


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or "timeout" in str(exc).lower()


def tesseract_words(image: Image.Image, settings: OcrSettings, deadline: float) -> list[OcrWord]:
    """Words of image_to_data (cached). Raises OcrFailure."""
    cache = OcrCache.for_settings(settings)
    key = cache.key(image, "data", settings.lang, str(settings.psm)) if cache else None
    if cache and (hit := cache.get(key)) is not None and (words := _cached_words(hit)) is not None:
        return words
    left = _remaining(deadline, settings.timeout_s)
    try:
        data = tesseract_data(image, settings, left)
    except UnicodeDecodeError as exc:
        raise OcrFailure(f"OCR output is not valid UTF-8: {exc}") from exc
    except OcrFailure:
        raise
    except Exception as exc:  # TesseractError, RuntimeError (timeout), OSError, ...
        if _is_timeout(exc):
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        raise OcrFailure(f"Tesseract failed: {type(exc).__name__}: {_short(exc)}") from exc
    words = words_from_data(data)
    if cache:
        cache.put(key, {"words": [dataclasses.asdict(w) for w in words]})
    return words


def tesseract_data(image: Image.Image, settings: OcrSettings, left_s: float) -> dict:
    """image_to_data's dict for the image: from the Tesseract library loaded in this
    process (pipeline/readers/tesseract_api.py; the same words, without reloading the
    models for every page) or, with engine "command" or without the library, from the
    `tesseract` command through pytesseract."""
    import pytesseract

    engine = InProcessTesseract.get(settings.lang) if settings.engine == ENGINE_LIBRARY else None
    if engine is not None:
        try:
            raw = engine.tsv(image, settings.psm, left_s)
        except EngineTimeout as exc:
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        except EngineError as exc:
            raise OcrFailure(f"Tesseract failed: {exc}") from exc
        # the command's output goes through the same parser (conf as whole numbers)
        return pytesseract.pytesseract.file_to_dict(raw.decode("utf-8"), "\t", -1)
    with _ThreadLimit():
        return pytesseract.image_to_data(
            _uncompressed(image), lang=settings.lang, config=f"--psm {settings.psm}",
            output_type=pytesseract.Output.DICT, timeout=max(1, int(left_s + 0.999)),
        )


def _uncompressed(image: Image.Image) -> Image.Image:
    """The image as pytesseract will hand it over: pytesseract writes a temporary file in
    `image.format`, PNG when unset, and PNG-compressing a 300-dpi page costs ~0.3 s (plus
    Tesseract's decoding) against ~0.01 s for PGM; Tesseract reads the same pixels."""
    if image.mode not in ("L", "RGB", "1"):
        return image
    image = image.copy()
    image.format = "PPM"  # Pillow's PPM writer: binary PGM for grey, PPM for colour
    return image


def _short(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text[:limit] + ("…" if len(text) > limit else "")


_SURROGATES = re.compile("[\ud800-\udfff\ufffd]")


def words_from_data(data) -> list[OcrWord]:
    """OcrWords from image_to_data's dict (level-5 rows with text). Raises OcrFailure
    when the dict is not what Tesseract writes."""
    try:
        n = len(data["text"])
        cols = ("conf", "left", "top", "width", "height", "block_num", "par_num", "line_num", "word_num")
        if any(len(data[c]) != n for c in cols):
            raise OcrFailure("OCR output is malformed: columns of different lengths")
        words = []
        for i in range(n):
            text = data["text"][i]
            if not isinstance(text, str):
                text = "" if text is None else str(text)
            text = _SURROGATES.sub("", unicodedata.normalize("NFC", text)).strip()
            if not text or "level" in data and int(data["level"][i]) != 5:
                continue
            words.append(OcrWord(
                text=text, conf=float(data["conf"][i]),
                left=int(data["left"][i]), top=int(data["top"][i]),
                width=int(data["width"][i]), height=int(data["height"][i]),
                block=int(data["block_num"][i]), par=int(data["par_num"][i]),
                line=int(data["line_num"][i]), word=int(data["word_num"][i]),
            ))
        return words
    except OcrFailure:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise OcrFailure(f"OCR output is malformed: {type(exc).__name__}: {exc}") from exc


_ROTATE = re.compile(r"Rotate:\s*(\d+)")


def _orientation(image: Image.Image, settings: OcrSettings, deadline: float) -> int:
    """Degrees to turn the page clockwise (0, 90, 180, 270) by Tesseract OSD; 0 when
    OSD cannot tell (too few letters) or fails."""
    cache = OcrCache.for_settings(settings)
    key = cache.key(image, "osd") if cache else None
    if cache and (hit := cache.get(key)) is not None and hit.get("rotate") in (0, 90, 180, 270):
        return hit["rotate"]
    import pytesseract

    left = _remaining(deadline, settings.timeout_s)
    try:
        with _ThreadLimit():
            out = pytesseract.image_to_osd(_uncompressed(image), config="--psm 0", timeout=max(1, int(left + 0.999)))
    except Exception as exc:
        if _is_timeout(exc):
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        return 0  # "Too few characters", no osd data: keep the page as it is
    m = _ROTATE.search(out if isinstance(out, str) else "")
    angle = int(m.group(1)) % 360 if m else 0
    if cache:
        cache.put(key, {"rotate": angle})
    return angle


# ---------------------------------------------------------------- cache


class OcrCache:
    """Tesseract output on disk, one JSON file per (image, engine, settings) key, so a
    re-run (a changed database, --reextract of another version) does not OCR again."""

    def __init__(self, root: Path):
        self.root = root

    @staticmethod
    def for_settings(settings: OcrSettings) -> "OcrCache | None":
        where = settings.cache_dir if settings.cache_dir is not None else os.environ.get("ITA_OCR_CACHE")
        if where is not None and where.strip().lower() in ("", "off", "0", "none"):
            return None
        root = Path(where) if where else Path.home() / ".cache" / "ita-ocr"
        return OcrCache(root)

    def key(self, image: Image.Image, *parts: str) -> str:
        h = hashlib.sha256()
        h.update(f"{CACHE_FORMAT}|{tesseract_version()}|{image.mode}|{image.size}|{'|'.join(parts)}|".encode())
        h.update(image.tobytes())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The entry stored under `key`, or None: missing, not JSON, or its checksum
        not that of its content and key (an entry edited, cut short, or copied under
        another key; one from before checksums). The caller checks the content's shape
        and reads the page again on None; put() then replaces the entry."""
        try:
            with open(self._path(key), encoding="utf-8") as f:
                value = json.load(f)
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or value.pop(_CHECK, None) != _checksum(key, value):
            return None
        return value

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({**value, _CHECK: _checksum(key, value)}, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:  # a read-only or full cache costs time, not results
            if tmp is not None:  # nor a half-written file left behind
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


_CHECK = "sha256"  # beside the entry's own fields, so older readers still find "words"


def _checksum(key: str, value: dict) -> str:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{key}|{body}".encode("utf-8", "surrogatepass")).hexdigest()


_WORD_FIELDS = {f.name: f.type for f in dataclasses.fields(OcrWord)}


def _cached_words(hit: dict) -> list[OcrWord] | None:
    """The words of a cache entry, or None when they are not what put() wrote (a list
    of whole OcrWords, each field of its type): the page is then read again."""
    words = hit.get("words")
    if not isinstance(words, list):
        return None
    out = []
    for w in words:
        if not isinstance(w, dict) or w.keys() != _WORD_FIELDS.keys():
            return None
        for name, kind in _WORD_FIELDS.items():
            v = w[name]
            if isinstance(v, bool) or not (isinstance(v, str) if kind == "str" else
                                           isinstance(v, (int, float)) if kind == "float" else
                                           isinstance(v, int)):
                return None
        if not w["text"]:
            return None
        out.append(OcrWord(**w))
    return out


# ---------------------------------------------------------------- lines from words


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


_JOINABLE_PUNCT = set(".,/-:%()")


def _joinable(ch: str) -> bool:
    return _is_thai(ch) or ch.isdigit() or ch in _JOINABLE_PUNCT


def _join_words(words: list[OcrWord], tabs: bool = True) -> str:
    """One line's words, left to right: Thai letters closer than a word space are
    joined, a word space is " ", a wide gap "\\t"."""
    words = sorted(words, key=lambda w: w.left)
    if not words:
        return ""
    unit = max(1.0, statistics.median(w.height for w in words))
    out = [words[0].text]
    right = words[0].right
    for w in words[1:]:
        gap = w.left - right
        prev = out[-1]
        if prev[-1] == "." and w.text[0] == "." and gap < TAB_GAP * unit:
            pass  # a dot leader
        elif tabs and gap >= TAB_GAP * unit:
            out.append("\t")
        elif gap >= SPACE_GAP * unit:
            out.append(" ")
        elif not (_joinable(prev[-1]) and _joinable(w.text[0])) or (
            not _is_thai(prev[-1]) and not _is_thai(w.text[0]) and not (prev[-1].isdigit() or w.text[0].isdigit())
        ):
            out.append(" ")
        out.append(w.text)
        right = max(right, w.right)
    return "".join(out)


# Memo labels are set in bold, where stock Tesseract drops upper marks and tone marks
# (DESIGN §2: เรื่อง -> เรือง). Where a line (or a cell) starts with such a label, the
# reading is unambiguous: put the marks back.
_LABELS = [
    (re.compile(r"(^|\t)บ\s?น\s?ท\s?ก\s?ข\s?อ\s?ค\s?ว\s?า\s?ม(?=\s*$)", re.M), "\\1บันทึกข้อความ"),
    # "ที่ สร ๐๑๒๓/๔๕๖" (the document number): ที่ read as ท, ที or UA
    (re.compile(r"^(?:ท|ที|UA)\s*(?=[ก-ฮ]{0,3}\.?\s*[๐-๙0-9][๐-๙0-9.]*/)", re.M), "ที่ "),
    (re.compile(r"(^|\t)ท(?= )", re.M), "\\1ที่"),
    (re.compile(r"วันท(?:ี(?![่-๋]))?\s*(?=[๐-๙0-9])"), "วันที่ "),
    (re.compile(r"(^|\t)เรือง(?=[ \tเ]|$)", re.M), "\\1เรื่อง"),
    # the bold วันที่ of the memo's number line read as Latin, a day and a month after it
    (re.compile(r"(^|\t)(?:TUN|Tun|JUN|Jun)(?=\s+[๐-๙0-9]{1,2}\s*[ก-ฮ])", re.M), "\\1วันที่"),
    # a score label with a tone mark from the line above (รวม read as ร่วม)
    (re.compile(r"คะแนนร่วม"), "คะแนนรวม"),
    # the พ of พ.ศ. re-read as the digit it resembles (the digit step's one look-alike
    # that stands in a fixed abbreviation)
    (re.compile(r"(?<![๐-๙0-9])๗\.\s?ศ\."), "พ.ศ."),
]


def repair_labels(text: str) -> str:
    for pattern, repl in _LABELS:
        text = pattern.sub(repl, text)
    return text


_DOT_MISREADS = frozenset("๐๑0oO.")


def _dot_leaders(words: list[OcrWord]) -> list[OcrWord]:
    """Tesseract reads the dots of a leader ("ความเห็น..........") as ๑ and ๐; a
    "digit" a fifth of the height of the page's letters is a dot."""
    if len(words) < 5:
        return words
    unit = statistics.median(w.height for w in words)
    return [
        dataclasses.replace(w, text="." * len(w.text))
        if set(w.text) <= _DOT_MISREADS
        and (w.height <= DOT_MAX_HEIGHT * unit or w.width <= DOT_MAX_WIDTH * unit * len(w.text))
        else w
        for w in words
    ]


_BORDER_JUNK = frozenset("|¦")
# Punctuation-only words below this confidence are scanner speckle, not text.
NOISE_BELOW_CONF = 60.0


def _is_noise(w: OcrWord) -> bool:
    text = w.text.strip()
    if all(ch in _BORDER_JUNK for ch in text):
        return True
    return w.conf < NOISE_BELOW_CONF and not any(ch.isalnum() or _is_thai(ch) for ch in text)


def _visual_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Group words into lines by Tesseract's line ids, then put lines that stand side by
    side at one height back into one line; lines ordered top to bottom.

    Tesseract reads the columns of an unruled table as separate blocks ("๖", then
    "คุณภาพการดำเนินงาน", then "๗๒.๘๘", each its own line): kept apart, a row's number,
    name and score come out as lines in no reliable order."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    lines: list[tuple[float, float, list[OcrWord]]] = []  # (body top, body bottom, words)
    for group in sorted(groups.values(), key=_middle):
        top, bottom = _body(group)
        home = None
        for k in range(len(lines) - 1, -1, -1):
            if lines[k][1] < top - (bottom - top):
                break  # lines come by their middles: the ones before stand higher still
            if _side_by_side((top, bottom, group), lines[k]):
                home = k
                break
        if home is None:
            lines.append((top, bottom, list(group)))
        else:
            other_top, other_bottom, other = lines[home]
            lines[home] = (min(top, other_top), max(bottom, other_bottom), other + group)
    out = [ws for _, _, ws in lines]
    out.sort(key=_middle)
    return out


def _middle(words: list[OcrWord]) -> float:
    return statistics.median(w.top + w.height / 2 for w in words)


def _body(words: list[OcrWord]) -> tuple[float, float]:
    """A line's body: its median word's top and bottom (the marks above and below Thai
    letters make single boxes taller)."""
    return statistics.median(w.top for w in words), statistics.median(w.bottom for w in words)


# Two Tesseract lines are one visual line when their bodies share at least this part of
# the shorter one's height: neighbouring lines of prose share at most their marks.
SAME_LINE_OVERLAP = 0.6


def _side_by_side(a: tuple[float, float, list[OcrWord]], b: tuple[float, float, list[OcrWord]]) -> bool:
    """Whether two lines (body top, body bottom, words) stand at one height, one beside
    the other: no word of one above or below a word of the other."""
    (a_top, a_bottom, a_words), (b_top, b_bottom, b_words) = a, b
    shared = min(a_bottom, b_bottom) - max(a_top, b_top)
    if not shared >= SAME_LINE_OVERLAP * min(a_bottom - a_top, b_bottom - b_top) > 0:
        return False
    return not any(x.left < y.right and y.left < x.right for x in a_words for y in b_words)


def _cells(words: list[OcrWord], rules: Rules, tol: float) -> list[tuple | None]:
    """For each word, the (above, below, left, right) rules around it, or None outside
    a table. All words against all rules at once (numpy): a table page has ~700 words."""
    if not words:
        return []
    cx = np.array([w.left + w.width / 2 for w in words], dtype=float)
    cy = np.array([w.top + w.height / 2 for w in words], dtype=float)
    above, below = _nearest_each_side(rules.horizontal, cx, cy, tol, horizontal=True)
    left, right = _nearest_each_side(rules.vertical, cy, cx, tol, horizontal=False)
    h, v = rules.horizontal, rules.vertical
    return [
        (h[a], h[b], v[lt], v[rt]) if min(a, b, lt, rt) >= 0 else None
        for a, b, lt, rt in zip(above.tolist(), below.tolist(), left.tolist(), right.tolist())
    ]


def _nearest_each_side(rules, along: np.ndarray, point: np.ndarray, tol: float, horizontal: bool):
    """Of the rules whose span (within tol) covers `along`, the nearest before and after
    `point` across them, as indexes into `rules` (-1: none): the rules above and below
    each word (horizontal rules: x along, y across), or left and right of it (vertical
    rules). Ties go to the earlier rule."""
    n = len(along)
    if not rules:
        return np.full(n, -1), np.full(n, -1)
    # a rule as (start, end) along it and (at start, at end) across it: Rule.y_at, x_at
    ends = np.array([(r.x0, r.x1, r.y0, r.y1) if horizontal else (r.y0, r.y1, r.x0, r.x1)
                     for r in rules], dtype=float)
    lo, hi, p0, p1 = ends.T
    length = hi - lo
    t = np.clip((along[:, None] - lo) / np.where(length == 0, 1.0, length), 0.0, 1.0)
    at = np.where(length == 0, p0, p0 + t * (p1 - p0))
    covers = (lo - tol <= along[:, None]) & (along[:, None] <= hi + tol)
    before = np.where(covers & (at < point[:, None]), at, -np.inf)
    after = np.where(covers & (at > point[:, None]), at, np.inf)
    i_before, i_after = before.argmax(axis=1), after.argmin(axis=1)
    rows = np.arange(n)
    return (np.where(np.isfinite(before[rows, i_before]), i_before, -1),
            np.where(np.isfinite(after[rows, i_after]), i_after, -1))


def build_text(words: list[OcrWord], rules: Rules | None = None) -> str:
    """Page text from word boxes (pipeline/pages.py convention): free lines in reading
    order, and one tab row per row of a ruled table."""
    return "\n".join(text for text, _ in build_lines(words, rules))


def build_lines(words: list[OcrWord], rules: Rules | None = None,
                page_width: int | None = None) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The lines of `build_text`, each with its box in pixels (left, top, right, bottom):
    the words' ink for a free line, the rules around the row for a table row. Given the
    page's width, prose wrapped at the margin is joined into one line
    (readers/paragraphs.py); a table cell's wrapped lines always are."""
    rules = rules or Rules((), ())
    tol = 8.0
    free: list[OcrWord] = []
    rows: dict[tuple[Rule, Rule], dict[Rule, list[OcrWord]]] = {}
    if rules.horizontal and rules.vertical:
        for w, cell in zip(words, _cells(words, rules, tol)):
            if cell is None:
                free.append(w)
            else:
                above, below, left, _ = cell
                rows.setdefault((above, below), {}).setdefault(left, []).append(w)
    else:
        free = list(words)

    table_rows: list[tuple[float, str, tuple[int, int, int, int]]] = []
    for (above, below), cells in rows.items():
        ymid = (above.y_at((above.x0 + above.x1) / 2) + below.y_at((below.x0 + below.x1) / 2)) / 2
        # every vertical rule crossing the row inside the table's width is a column edge
        edges = sorted(
            (r for r in rules.vertical
             if r.y0 - tol <= ymid <= r.y1 + tol and above.x0 - tol <= r.x_at(ymid) <= above.x1 + tol),
            key=lambda r: r.x_at(ymid),
        )
        columns: dict[Rule, list[OcrWord]] = {edge: [] for edge in edges[:-1]}
        for left, cell_words in cells.items():
            # a left rule that is no column edge of this row (its top rule was found in
            # pieces, one ending inside the row) puts its words in the column holding
            # it; with no such column they are read as free text, never dropped
            x = left.x_at(ymid)
            inside = len(edges) >= 2 and edges[0].x_at(ymid) - tol <= x < edges[-1].x_at(ymid) - tol
            home = max((e for e in columns if e.x_at(ymid) <= x + tol), key=lambda e: e.x_at(ymid),
                       default=None) if inside else None
            (columns[home] if home is not None else free).extend(cell_words)
        texts = [_cell_text(cell_words) if cell_words else "" for cell_words in columns.values()]
        if any(t.strip() for t in texts):
            box = (round(edges[0].x_at(ymid)), round(above.y_at(above.x0)),
                   round(edges[-1].x_at(ymid)), round(below.y_at(below.x0)))
            table_rows.append((ymid - 0.001, "\t".join(texts), box))

    placed: list[tuple[float, str, tuple[int, int, int, int]]] = []
    free_lines = [(line, text) for line in _visual_lines(free) if (text := _join_words(line)).strip()]
    pieces = [_text_line(line, text) for line, text in free_lines]
    starts = {piece.box[1]: _middle(line) for piece, (line, _) in zip(pieces, free_lines)}
    for piece in join_wrapped(pieces, page_width=page_width) if page_width else pieces:
        box = tuple(round(v) for v in piece.box)
        placed.append((starts.get(piece.box[1], (piece.box[1] + piece.box[3]) / 2), piece.text, box))
    placed += table_rows
    placed.sort(key=lambda item: item[0])
    return [(text, box) for _, text, box in placed]


def _cell_text(words: list[OcrWord]) -> str:
    """A table cell's words: its lines, wrapped lines joined (readers/paragraphs.py)."""
    return " ".join(t.text for t in join_wrapped([_text_line(ln, _join_words(ln, tabs=False))
                                                  for ln in _cell_lines(words)]))


# An OCR line's letters (a Thai consonant's box) are about this share of the type size.
LETTER_TO_EM = 0.6
# A gap this wide (em, as estimated from the letters) between a line's words is a tab
# stop or a column, not a space: measured on the committed noisy scans, word spaces
# 0.3-0.6, a tool's name and its score 1.25-1.6.
COLUMN_GAP_EM = 1.1


def _text_line(words: list[OcrWord], text: str) -> TextLine:
    """A line of words for readers/paragraphs.join_wrapped: its ink box, its type size
    (from its letters' height), and whether a tab (a wide gap) cuts it into columns."""
    box = (min(w.left for w in words), min(w.top for w in words),
           max(w.right for w in words), max(w.bottom for w in words))
    em = statistics.median(w.height for w in words) / LETTER_TO_EM
    columns = "\t" in text
    right = None
    for w in sorted(words, key=lambda w: w.left):
        if right is not None and w.left - right > COLUMN_GAP_EM * em:
            columns = True  # a name and its score set apart by a tab stop
        right = w.right if right is None else max(right, w.right)
    return TextLine(text, box, em, columns)


def _cell_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Lines of one table cell: Tesseract's line ids (its lines may run across cells,
    never across a cell's own lines), lines at the same height merged, ordered by
    their base line (the bottoms of Thai boxes; upper marks only make boxes taller)."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    lines = sorted(groups.values(), key=lambda ln: statistics.median(x.bottom for x in ln))
    merged: list[list[OcrWord]] = []
    for ln in lines:
        if merged:
            prev = merged[-1]
            unit = statistics.median(x.height for x in prev + ln)
            if abs(statistics.median(x.bottom for x in ln) - statistics.median(x.bottom for x in prev)) < 0.3 * unit:
                prev.extend(ln)
                continue
        merged.append(list(ln))
    return merged
