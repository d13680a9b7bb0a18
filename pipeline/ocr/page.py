"""OCR of one page image (pipeline/ocr/page.py) with Tesseract (pytesseract, `tha+eng`) into a PageResult.

    ocr_page(image, page_no, settings) -> PageResult      # never raises

Steps (DESIGN §1, §2):
0. a page photograph (the sheet on a darker surface) is warped square and evenly lit
   (pipeline/ocr/photo.py); anything else is read as it is;
1. the image becomes 8-bit grey (alpha flattened on white; CMYK, palette, 16-bit and
   1-bit images converted); a page with no ink is an empty page without calling
   Tesseract; a page over `max_pixels` is downscaled;
2. ruled-table lines are found (long horizontal / vertical runs of dark pixels) and
   erased before OCR: Tesseract reads borders as `|` `[` `¦` and loses rows across
   them; the lines are kept to rebuild the table's cells afterwards;
3. `image_to_data` gives word boxes, from the Tesseract library loaded once per worker
   (pipeline/ocr/tesseract_api.py: the models are not reloaded for every page) or
   the `tesseract` command through pytesseract (engine "command"; where the library
   is missing; a crashed file's retry); one OpenMP thread (the pool gives each page
   its own core); a per-page timeout; results cached on disk (see
   `OcrCache`) keyed by the hash of the exact image sent to Tesseract, the Tesseract
   version, language and page segmentation mode;
4. when the text is poor, Tesseract's orientation detection (OSD) is asked; a page it
   finds rotated is turned and read again (the better reading is kept);
5. `pipeline.ocr.digits.repair_numbers(image, words)`, when that module exists,
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
import re
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageOps

from normalizers.numbers import repair_score_text, to_arabic_digits
from normalizers.thai import normalize, text_quality
from pipeline.ocr.codes import ones_after_indicator, reread_codes
from pipeline.ocr.indicator_numbers import repair_indicator_numbers
from pipeline.ocr.levels import reread_levels
from pipeline.ocr.memo_codes import reread_memo_codes
from pipeline.ocr.engine import _orientation, tesseract_words
from pipeline.ocr.lines import _LEADING_DIGITS, _NUMBER_PIECE, _SCORE_REST, _wrapped_number, _cell_lines, _cells, _dot_leaders, _is_noise, _is_thai, _join_words, build_lines, join_free_wrapped_scores, place_by_ink, repair_labels
from pipeline.ocr.settings import OcrFailure, OcrSettings
from pipeline.ocr.tables import Rules, _read_missed_cells, checkbox_words, close_open_tables, deskew_angle, erase_checkboxes, erase_rules, find_checkboxes, find_rules
from pipeline.pages import NONE, OCR, PageError, PageResult, ReadError, page_box, page_error
from pipeline.readers import registry
from pipeline.ocr.photo import flatten_photo
from pipeline.ocr.scale import shrink, text_scale
from schemas.vocab import ErrorKind

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrWord

try:  # the Thai-digit step is built separately; OCR works without it
    from pipeline.ocr.digits import read_number, repair_numbers
except ImportError:  # pragma: no cover - depends on the checkout
    read_number = repair_numbers = None

# A page with fewer dark pixels than this share has no text (a blank page, a scanner's
# empty back side); Tesseract is not called.
BLANK_INK_SHARE = 0.0005

# OSD is asked when the first reading is this poor (text_quality score / mean word
# confidence) or has fewer than MIN_OSD_CHARS letters.
OSD_BELOW_QUALITY = 0.35

OSD_BELOW_CONFIDENCE = 55.0

MIN_OSD_CHARS = 20


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


def ocr_page(image: Image.Image, page_no: int, settings: OcrSettings | None = None) -> PageResult:
    """OCR one page image. Never raises: failures become an empty page with an error."""
    settings = settings or OcrSettings()
    deadline = time.monotonic() + settings.timeout_s
    try:
        grey = _within(to_grey(image), settings.max_pixels)
    except Exception as exc:  # a truncated or exotic image
        return _failed(page_no, f"image cannot be converted: {type(exc).__name__}: {exc}")
    notes: list[PageError] = []
    if is_blank(grey):
        return PageResult(page_no=page_no, method=OCR, text="", raw_text="", errors=tuple(notes))
    flat = flat_photo(image)
    if flat is not None:
        grey = _within(flat, settings.max_pixels)
    scale = text_scale(grey, settings.text_height_px)
    try:
        reading = _read(grey, settings, deadline, scale)
        if settings.osd and _poor(reading):
            angle = _orientation(reading.image, settings, deadline)
            if angle:
                turned = _read(grey.rotate(-angle, expand=True, fillcolor=255), settings, deadline, scale)
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
        glyph_confs=word_confs(reading.words, reading.image.size) if reading.line_boxes else (),
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


def word_confs(words: list[OcrWord], size: tuple[int, int]) -> tuple:
    """The confidence of each of word_glyphs's words, in its order (a value's digits read
    with low confidence are flagged where it is stored: statement_ranks)."""
    return tuple(round(float(w.conf), 1) for w in words
                 if w.text.strip() and page_box(w.left, w.top, w.right, w.bottom, *size) is not None)


def _within(grey: Image.Image, max_pixels: int) -> Image.Image:
    """Downscaled to max_pixels: not an error, the text is still read (a
    10,000-pixel-wide page is ~800 dpi)."""
    if grey.width * grey.height <= max_pixels:
        return grey
    scale = (max_pixels / (grey.width * grey.height)) ** 0.5
    size = (max(1, int(grey.width * scale)), max(1, int(grey.height * scale)))
    return grey.resize(size, Image.Resampling.LANCZOS)


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


def _read(full: Image.Image, settings: OcrSettings, deadline: float, scale: float = 1.0) -> _Reading:
    """The page read at `scale` (scale.py: its text shrunk to settings.text_height_px);
    a skewed page is levelled at its own resolution, as its size decides (deskew_angle),
    and shrunk after."""
    grey = shrink(full, scale)
    rules = find_rules(grey) if settings.remove_rules else Rules((), ())
    angle = deskew_angle(rules, full.size, grey)
    if angle:
        # a skewed scan: straight rules make clean cells and let erasing catch them
        grey = shrink(full.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), scale)
        rules = find_rules(grey, turned=True)
    clean = erase_rules(grey, rules) if rules else grey
    rules = close_open_tables(rules)
    boxes = find_checkboxes(clean) if settings.remove_rules else []
    clean = erase_checkboxes(clean, boxes)
    words = tesseract_words(clean, settings, deadline)
    if rules.horizontal and rules.vertical:
        words += _read_missed_cells(clean, rules, words, settings, deadline)
    coded = reread_codes(clean, words, settings, deadline)
    # the digit step reads a code's digits as a number again (I20 -> I0): codes kept
    codes = {i: (v, w) for i, (v, w) in enumerate(zip(words, coded)) if v.text != w.text}
    words = coded
    words = _dot_leaders(words)
    notes: list[str] = []
    if repair_numbers is not None and words:
        try:
            walls = tuple((r.x0, r.y0, r.x1, r.y1) for r in rules.vertical) if rules.horizontal else ()
            # (the table's rules only where it has them: the hook's interface is (image, words))
            repaired = repair_numbers(clean, words, walls=walls) if walls else repair_numbers(clean, words)
            # the words in their order, changed in place, then any it found that
            # Tesseract gave no word for (a lone page number "- ๓ -")
            if isinstance(repaired, list) and len(repaired) >= len(words):
                words = repaired
            else:
                notes.append("number repair returned an unexpected result; Tesseract's numbers kept")
        except Exception as exc:  # the digit step must not cost the page
            notes.append(f"number repair failed: {type(exc).__name__}: {exc}")
    words = [_code_or_number(codes[i], w) if i in codes else w for i, w in enumerate(words)]
    if read_number is not None and rules.horizontal and rules.vertical:
        words = reread_wrapped_scores(clean, words, rules)
        words = reread_score_cells(clean, words, rules)
    words = reread_levels(clean, words, settings, deadline)
    words = reread_memo_codes(clean, words, settings, deadline)
    words = join_free_wrapped_scores(words, rules)
    # the digit step may empty words whose ink became part of a re-read number;
    # speckle and border remnants come back as low-confidence punctuation
    words = [w for w in words if w.text.strip() and not _is_noise(w)]
    words = level_letters(clean, words)
    words += checkbox_words(boxes, words)
    dark = np.asarray(clean) < 128
    if rules.horizontal and rules.vertical:
        words = place_by_ink(words, rules, dark)
    lines = build_lines(words, rules, clean.width, dark=dark)
    raw = "\n".join(t for t, _ in lines)
    # garbled scores (๗๙..๔๔, ๑๐.๐.๐๐, ๙๒ ๘๒.) where the layout says "score"
    text = ones_after_indicator(repair_indicator_numbers(repair_score_text(repair_labels(normalize(raw)))))
    line_boxes = tuple(page_box(*box, clean.width, clean.height) for _, box in lines)
    if len(line_boxes) != len(text.split("\n")):  # normalising never joins lines; if it did
        line_boxes = ()
    quality = float(text_quality(text).score) if text.strip() else None
    confs = [w.conf for w in words if w.conf >= 0 and w.text.strip()]
    confidence = float(sum(confs) / len(confs)) if confs else None
    return _Reading(clean, words, raw, text, quality, confidence, notes, line_boxes)


def _code_or_number(code: tuple[OcrWord, OcrWord], repaired: OcrWord) -> OcrWord:
    """A word the code step made a code of, after the digit step: the code, unless the
    digit model read the word's ink as digits, as many as Tesseract's, whose tail is not
    the tail the code was made of (`ข้อ 17` read `11`, taken for I1, the digit model's
    `17`): the code stood on a misread digit, the number is the digit model's."""
    original, coded = code
    own, read = to_arabic_digits(original.text.strip()), to_arabic_digits(repaired.text.strip())
    if (own.isascii() and own.isdigit() and read.isascii() and read.isdigit()
            and len(read) == len(own) and read[1:] != own[1:]):
        return repaired
    return coded


def reread_wrapped_scores(image: Image.Image, words: list[OcrWord], rules: Rules) -> list[OcrWord]:
    """A narrow score cell that wraps its number (`๗` over `๔.๔๒`, Word's tables): the
    first line is one or two digits alone, which Tesseract reads as letters (`ซ่`,
    `al`, `ง`) and the digit step cannot tell from a word. Where a cell's second and
    last line is the rest of a score, its first line is re-read as digits
    (digits.read_number); kept only when every glyph is a sure digit. Stray
    punctuation beside a digit there (`» ๖`) is dropped. The cell's text then joins
    the two (`_wrapped_number`)."""
    by_cell: dict[tuple, list[int]] = {}
    for i, cell in enumerate(_cells(words, rules, 8.0)):
        if cell is not None:
            by_cell.setdefault(cell, []).append(i)
    out = list(words)
    index = {id(w): i for i, w in enumerate(words)}
    for members in by_cell.values():
        lines = _cell_lines([words[i] for i in members if words[i].text.strip()])
        if len(lines) == 2 and _NUMBER_PIECE.fullmatch(_join_words(lines[0], tabs=False).strip()):
            _reread_number_tail(image, lines, out, index)
            continue
        if len(lines) != 2 or not _SCORE_REST.fullmatch(_join_words(lines[1], tabs=False).strip()):
            continue
        first = sorted(lines[0], key=lambda w: w.left)
        text = _join_words(first, tabs=False).strip()
        if _LEADING_DIGITS.fullmatch(text) or len(text.replace(" ", "")) > 3:
            continue
        digits = [w for w in first if _LEADING_DIGITS.fullmatch(w.text.strip())]
        if len(digits) == 1 and all(not any(ch.isalnum() or _is_thai(ch) for ch in w.text)
                                    for w in first if w is not digits[0]):
            read = digits[0].text.strip()  # the digit was read; the rest is specks
        else:
            height = statistics.median(w.height for w in lines[1])
            base = statistics.median(w.bottom for w in first)
            box = (min(w.left for w in first), min(w.top for w in first),
                   max(w.right for w in first), max(w.bottom for w in first))
            read = read_number(image, box, (base - height, base))
            if read is None or not _LEADING_DIGITS.fullmatch(read):
                continue
        out[index[id(first[0])]] = dataclasses.replace(
            first[0], text=read, left=box_left(first), width=box_right(first) - box_left(first))
        for w in first[1:]:
            out[index[id(w)]] = dataclasses.replace(w, text="")
    return out


def _reread_number_tail(image: Image.Image, lines: list[list[OcrWord]], out: list[OcrWord],
                        index: dict[int, int]) -> None:
    """The last digit or two of a number a narrow cell broke after them (Chromium: `๒๕๖`
    over `๗` in a two-year table's header, `๘๗.๓` over `๙`), read by Tesseract as a
    letter (`ซ` for ๗): read again as digits, kept where every glyph is a sure digit and
    the two pieces make one score or year (`lines._wrapped_number`)."""
    head = _join_words(lines[0], tabs=False).strip()
    tail = sorted(lines[1], key=lambda w: w.left)
    text = _join_words(tail, tabs=False).strip()
    if not text or len(text.replace(" ", "")) > 2 or any(ch.isdigit() for ch in text):
        return
    height = statistics.median(w.height for w in lines[0])
    base = statistics.median(w.bottom for w in tail)
    box = (box_left(tail), min(w.top for w in tail), box_right(tail), max(w.bottom for w in tail))
    read = read_number(image, box, (base - height, base))
    if read is None or _wrapped_number([head, read]) is None:
        return
    out[index[id(tail[0])]] = dataclasses.replace(tail[0], text=read, left=box[0], width=box[2] - box[0])
    for w in tail[1:]:
        out[index[id(w)]] = dataclasses.replace(w, text="")


# a score as a table prints it, and how many of a column's cells must hold one before
# its other short cells are taken for scores Tesseract read as letters (a table of past
# years has two or three)
_CELL_SCORE = re.compile(r"[0-9๐-๙]{1,3}\.[0-9๐-๙]{2}")
SCORE_COLUMN_MIN = 2
_SHORT_CELL = 8  # characters, spaces left out: "ส ต. ด", "ฒซ๕ O๐๐"
# a column of row numbers (ลำดับ): cells of one or two digits; a cell of it read as a
# sign or a letter or two (๖ read as `>`) is read again as a number
_CELL_ORDINAL = re.compile(r"[0-9๐-๙]{1,2}")
ORDINAL_COLUMN_MIN = 3
_SHORT_ORDINAL_CELL = 2
_DIGIT = re.compile(r"[0-9๐-๙]")


def reread_score_cells(image: Image.Image, words: list[OcrWord], rules: Rules) -> list[OcrWord]:
    """A score cell Tesseract read as Thai letters (๘๗.๙๗ as `ส ต. ด`, ๗๙.๓๙ as `ตา`)
    that no digit run starts from: in a column (cells between the same two vertical
    rules) where two cells or more hold a score, a short cell of one line without one
    is read again as a number (digits.read_number), and kept only when every glyph is a
    sure digit and the whole is a score. So is a row number read as a sign (๖ as `>` on a
    300-dpi CSS-grid scan) in a column where three cells or more hold one or two digits:
    kept where the ink is one or two sure digits."""
    by_cell: dict[tuple, list[int]] = {}
    for i, cell in enumerate(_cells(words, rules, 8.0)):
        if cell is not None and words[i].text.strip():
            by_cell.setdefault(cell, []).append(i)
    columns: dict[tuple, list[tuple]] = {}
    for cell in by_cell:
        columns.setdefault((id(cell[2]), id(cell[3])), []).append(cell)
    out = list(words)
    kinds = ((_CELL_SCORE, SCORE_COLUMN_MIN, _SHORT_CELL, True),
             (_CELL_ORDINAL, ORDINAL_COLUMN_MIN, _SHORT_ORDINAL_CELL, False))
    for cells in columns.values():
        text = {c: "".join(words[i].text for i in sorted(by_cell[c], key=lambda i: words[i].left)).replace(" ", "")
                for c in cells}
        for pattern, least, short, points in kinds:
            _reread_column(image, words, out, cells, by_cell, text, pattern, least, short, points)
    return out


def _reread_column(image, words, out, cells, by_cell, text, pattern, least, short, points) -> None:
    """reread_score_cells for one column and one kind of number (`pattern`): where
    `least` cells or more hold one, a cell of one line and at most `short` characters
    that holds none (for row numbers: no digit at all) is read again; `out` updated."""
    numbers = [c for c in cells if pattern.fullmatch(text[c])]
    if len(numbers) >= least:
        height = statistics.median(words[i].height for c in numbers for i in by_cell[c])
        for c in cells:
            members = [words[i] for i in by_cell[c]]
            if c in numbers or len(text[c]) > short or len(_cell_lines(members)) != 1:
                continue
            if not points and _DIGIT.search(text[c]):
                continue  # a row number the digit step read already, right or not
            base = statistics.median(w.bottom for w in members)
            box = (box_left(members), min(w.top for w in members), box_right(members), max(w.bottom for w in members))
            read = read_number(image, box, (base - height, base), points=points)
            if read is None or not pattern.fullmatch(read):
                continue
            first, *rest = sorted(by_cell[c], key=lambda i: words[i].left)
            out[first] = dataclasses.replace(words[first], text=read, left=box[0], width=box[2] - box[0])
            for i in rest:
                out[i] = dataclasses.replace(words[i], text="")


# ระดับ before a level; its marks may be lost (ระดบ)
_LEVEL_CUE = re.compile(r"ระด[\u0e31]?บ$")


def level_letters(image: Image.Image, words: list[OcrWord]) -> list[OcrWord]:
    """A level C that Thai Tesseract read as a ring (`ระดับ ๐`, also 0 or O): a ring alone
    right after ระดับ whose ink is open on its right side is the letter C (๐, 0 and O
    are closed rings)."""
    out = list(words)
    dark = None
    for i, w in enumerate(words):
        if w.text.strip() not in ("๐", "0", "O", "o") or w.height < 8:
            continue
        before = "".join(v.text for v in words[max(0, i - 8):i]
                         if (v.block, v.par, v.line) == (w.block, w.par, w.line)).replace(" ", "")
        if not _LEVEL_CUE.search(before):
            continue
        if dark is None:
            dark = np.asarray(image.convert("L") if image.mode != "L" else image) < 128
        ink = dark[max(0, w.top):w.bottom, max(0, w.left):w.right]
        ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        if len(ys) < 8 or len(xs) < 6:
            continue
        ring = ink[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]
        h, wd = ring.shape
        middle = ring[int(0.35 * h):int(0.65 * h) + 1, int(0.75 * wd):]
        if not middle.any():
            out[i] = dataclasses.replace(w, text="C")
    return out


def box_left(words: list[OcrWord]) -> int:
    return min(w.left for w in words)


def box_right(words: list[OcrWord]) -> int:
    return max(w.right for w in words)


def _poor(r: _Reading) -> bool:
    """Worth asking OSD: a page with ink (not blank) that gave little or poor text
    (sideways Thai often gives no words at all, upside-down Thai garbage)."""
    letters = sum(ch.isalpha() for ch in r.text)
    if letters < MIN_OSD_CHARS:
        return True
    return (r.quality or 0.0) < OSD_BELOW_QUALITY or (r.confidence or 0.0) < OSD_BELOW_CONFIDENCE


def _better(a: _Reading, b: _Reading) -> bool:
    return ((a.quality or 0.0), (a.confidence or 0.0)) > ((b.quality or 0.0), (b.confidence or 0.0))


def flat_photo(image: Image.Image) -> Image.Image | None:
    """A page photograph's sheet, warped square and evenly lit (pipeline/ocr/photo.py);
    None for anything else (scans, page images cut to the page), which is read as it is."""
    try:
        image.load()
        return flatten_photo(ImageOps.exif_transpose(image))
    except Exception:  # a broken EXIF block or an exotic mode: read the image as it is
        return None


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
