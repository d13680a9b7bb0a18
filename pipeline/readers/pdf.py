"""Read a PDF's text layer into pages (method "pdf_text"), repairing the ways
pdfplumber's own extract_text() garbles Thai.

Why not page.extract_text(): it sorts characters by x. Thai tone marks and upper
vowels are zero-width glyphs stacked at (almost) the same x as the consonant before
or after them, so sorting puts them on the wrong consonant or after a space, and
HarfBuzz-shaped sara am arrives as two glyphs, the second one unmapped ("(cid:17)").
The content stream, though, holds the glyphs in logical (typing) order. So we keep
that order, only grouping characters into lines by their vertical position, and put
spaces where the gap between glyphs is wider than a fraction of the font size.

Ruled tables (page.find_tables) come back as tab rows (pipeline.pages convention),
placed among the ordinary lines by their vertical position.

Repair before triage: Thai glyphs whose ToUnicode map is wrong are read by the
embedded font's own cmap (pipeline.readers.pdf_fonts: Word's "ส านักงาน" and "กำร"),
and a sara am still split by a space is put back on dictionary evidence
(normalizers.thai.repair_split_sara_am); the page's `layer_repairs` counts both.

Triage: a page with no usable text, or text whose quality score (after repair) is
low, is marked needs_ocr; its text is kept (raw_text too) so OCR can be compared with
it later (pipeline.ingest.merge_ocr keeps the layer where OCR reads no better).
`method_reason` says which (pipeline.pages.METHOD_REASONS).
"""

from __future__ import annotations

import io
import os
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from normalizers.thai import normalize, repair_lowered_vowels, repair_split_sara_am, text_quality
from pipeline.pages import (
    LAYER_GOOD, LAYER_POOR, LAYER_REPAIRED, NO_TEXT_LAYER, NONE, PDF_TEXT, SCAN, PageResult, Read,
    ReadError, page_box, page_error,
)
from pipeline.readers import unruled
from pipeline.readers.paragraphs import TextLine, join_wrapped
from pipeline.readers.pdf_fonts import FontAwareResourceManager
from schemas.vocab import ErrorKind

if TYPE_CHECKING:
    from PIL import Image


PdfSource = bytes | str | os.PathLike

# A gap wider than this (in em of the font size) between two glyphs is a word space.
# Thai word spacing in TLWG/Sarabun fonts is 0.25-0.33 em; kerning gaps are < 0.05 em.
SPACE_GAP_EM = 0.2
# Glyphs whose bottoms differ by less than this (em) are on one line; line spacing in
# memos is >= 1.2 em, and mixed sizes on one line differ by well under 0.35 em.
LINE_TOLERANCE_EM = 0.35
# A gap this wide (em) inside a line is a tab stop or a column, not a word space.
COLUMN_GAP_EM = 2.0
# Inside one line, a glyph that starts this far (em) left of the previous consonant
# starts a new run (the producer wrote the line out of order); marks never go that
# far back, so they stay with their consonant.
BACKWARD_JUMP_EM = 0.1
# More unmapped glyphs ("(cid:N)" that are not the tail of a split sara am) than this
# share of a page's glyphs: the text layer is missing letters -> OCR the page.
MAX_JUNK_CID_SHARE = 0.05
# Quality score (normalizers.thai.text_quality) below which a page is sent to OCR.
# Measured 2026-11-21 (tests/test_reader_pdf.py::test_quality_threshold_* keeps the
# synthetic half of it honest):
#   good  - the fixture memo read by read_pdf, five TLWG fonts: 1.00; real OCR'd ITA
#           text (3 reports) in page-sized 1500-char chunks: min 0.96, in 600-char
#           chunks: 1st percentile 0.88;
#   bad   - the memo with the producer bugs of DESIGN.md section 2: every sara aa as
#           sara am 0.11 (half of them 0.46, a quarter 0.65); 20% of letters as
#           (cid:N) 0.16; all upper/lower marks lost 0.70;
#   (raw pdfplumber extract_text of the memo: 0.82-0.92 -- garbled but readable,
#   and read_pdf repairs that kind anyway).
# 0.8 sends every "bad" case to OCR and no page-sized good text; short pages (a
# signature block) may be OCR'd needlessly, which costs time, not text.
NEEDS_OCR_BELOW = 0.8

# A page mostly covered by images (a scan) with only a few text glyphs on top (a
# page number, a stamp, a digital signature line) is a scan: its body needs OCR.
# Pages of "sandwich" PDFs (scan + invisible OCR layer) have a full text layer and
# are kept.
SCAN_IMAGE_COVERAGE = 0.5
SCAN_MAX_TEXT_CHARS = 200

_CID = re.compile(r"\(cid:\d+\)")
# Thai characters that sit above/below a consonant (no advance of their own).
_THAI_MARKS = frozenset("\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F))))
_SPACES = re.compile(r"[ \u00a0]{2,}")
# LibreOffice maps both glyphs of a shaped sara am (nikhahit + sara aa) to text: the
# first to ำ, the second to า. No Thai word has ำ followed by า.
_AM_AA = "\u0e33\u0e32"
# LibreOffice's simple-font sara am cluster with the tone glyph between its pieces, the
# tone written as '"', '1', ')', '-' or '.' by the font subset (น้ำ as นำ"า, นำ)า in a Word
# PDF's text layer): mai tho + ำ
_AM_JUNK_TONE_AA = re.compile('\u0e33["1).-]\u0e32')
# … and with the tone mark drawn between the two glyphs (น้ำ as น, ำ, ้, า)
_AM_TONE_AA = re.compile("\u0e33([\u0e48-\u0e4b])\u0e32")


# ---------------------------------------------------------------- opening the file


def _as_stream(source: PdfSource) -> io.BufferedIOBase:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source))
    return open(source, "rb")


def _check_header(stream: io.BufferedIOBase) -> None:
    """A PDF starts with %PDF- (within the first KiB, per the Acrobat tolerance);
    an HTML error page or a renamed Word file does not, and pdfminer's error for
    it ("No /Root object!") would mislead the analyst."""
    head = stream.read(1024)
    stream.seek(0)
    if b"%PDF-" not in head:
        raise ReadError("not a PDF: no %PDF header")


def _reason(exc: BaseException) -> str:
    """pdfplumber wraps pdfminer's exceptions; name the underlying one."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, BaseException):
        text = str(inner) or type(inner).__name__
        return f"{type(inner).__name__}: {text}" if text != type(inner).__name__ else text
    return str(inner)


@contextmanager
def _open_pdf(source: PdfSource) -> Iterator[pdfplumber.PDF]:
    stream = _as_stream(source)
    try:
        _check_header(stream)
        try:
            # password "" opens files that are encrypted only against editing
            pdf = pdfplumber.open(stream, password="")
            # before any page is read: Thai glyphs whose ToUnicode map lies are read
            # by the embedded font (pipeline.readers.pdf_fonts)
            pdf.rsrcmgr = FontAwareResourceManager()
        except PdfminerException as exc:
            inner = exc.args[0] if exc.args else exc
            if isinstance(inner, PDFPasswordIncorrect):
                raise ReadError("encrypted PDF: a password is required") from exc
            if isinstance(inner, PDFEncryptionError):
                raise ReadError(f"encrypted PDF: {inner}") from exc
            raise ReadError(f"corrupt PDF: {_reason(exc)}") from exc
        except Exception as exc:  # pdfminer raises bare errors on some garbage
            raise ReadError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
        try:
            yield pdf
        finally:
            try:
                pdf.close()
            except Exception:  # close() walks the page tree again: a broken one raises
                pass  # here and would hide the ReadError that says what is wrong
    finally:
        stream.close()


def _pages(pdf: pdfplumber.PDF) -> list:
    try:
        return pdf.pages
    except Exception as exc:  # a broken page tree: no page can be found
        raise ReadError(f"corrupt PDF: {_reason(exc)}") from exc


def pdf_page_count(source: PdfSource) -> int:
    """Number of pages; raises ReadError like read_pdf."""
    with _open_pdf(source) as pdf:
        return len(_pages(pdf))


def read_pdf(source: PdfSource) -> list[PageResult]:
    """One PageResult per page of the PDF's text layer (bytes or a path).

    Raises ReadError when the file as a whole cannot be read (not a PDF, encrypted
    with a password, truncated/corrupt). A page that fails alone becomes an empty
    page with an error and needs_ocr=True; the others are still read."""
    return read_pdf_pages(source)[0]


def read_pdf_pages(source: PdfSource, max_pages: int | None = None) -> tuple[list[PageResult], int]:
    """Like read_pdf, but only the first `max_pages` pages are read (pipeline.limits);
    returns (those pages, the file's page count)."""
    results = []
    carry: dict = {}  # what a page's tables hand the next page (an unruled table's columns)
    with _open_pdf(source) as pdf, _pdfium_or_none(source) as ink_doc:
        pages = _pages(pdf)
        for page in pages[:max_pages] if max_pages is not None else pages:
            try:
                results.append(read_page(page, ink_doc, carry))
            except Exception as exc:
                results.append(_failed_page(page.page_number, _reason(exc)))
            finally:
                page.close()  # drop the page's layout and char caches: bounded memory
        return results, len(pages)


@contextmanager
def _pdfium_or_none(source: PdfSource):
    """The same PDF opened by pdfium, for its glyph boxes (see _add_ink); None when
    pdfium cannot open it (the boxes are then pdfminer's)."""
    try:
        doc = _open_pdfium(source if not isinstance(source, (bytearray, memoryview)) else bytes(source))
    except Exception:
        doc = None
    try:
        yield doc
    finally:
        if doc is not None:
            doc.close()


def _add_ink(chars: list[dict], ink_doc, page_no: int) -> None:
    """Give each char the top and bottom of its glyph's ink ("ink_top", "ink_bottom",
    points from the page top), from pdfium's glyph boxes. pdfminer's character boxes
    come from the font's declared metrics and on some PDFs sit about half a line low
    (measured on the generated corpus: a digit's ink from 6.3 pt above pdfminer's top to
    4.7 pt below it, at 15 pt, so a line's box held a third of its ink); pdfium's are
    the glyph outlines. A char is matched to pdfium's by its text, its x (which both
    agree on) and a vertical distance under two font sizes; unmatched chars keep
    pdfminer's box."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = ink_doc[page_no - 1]
    try:
        tp = page.get_textpage()
        height = page.get_height()
        by_pos: dict[tuple[str, int], list[tuple]] = {}
        # pdfium's C calls directly: the Python wrappers cost ~18 ms a page, these ~3
        loose = pdfium_c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for i in range(tp.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i))
            if ch.isspace() or not ch.isprintable():
                continue
            pdfium_c.FPDFText_GetLooseCharBox(tp.raw, i, loose)
            pdfium_c.FPDFText_GetCharBox(tp.raw, i, left, right, bottom, top)
            by_pos.setdefault((ch, round(loose.left)), []).append(
                (loose.left, height - top.value, height - bottom.value))
        for c in chars:
            x0 = c["x0"]
            middle = (c["top"] + c["bottom"]) / 2
            for key in ((c["text"], round(x0)), (c["text"], round(x0) - 1), (c["text"], round(x0) + 1)):
                hit = next((b for b in by_pos.get(key, ()) if abs(b[0] - x0) < 1.0
                            and abs((b[1] + b[2]) / 2 - middle) < 2 * c["size"] and b[2] > b[1]), None)
                if hit:
                    c["ink_top"], c["ink_bottom"] = hit[1], hit[2]
                    break
    finally:
        page.close()


def page_glyphs(ink_doc, page_no: int) -> tuple:
    """The page's characters as pdfium draws them: (text, box as fractions of the page)
    from their glyph boxes (pipeline/pages.py Glyph), for the values' own boxes
    (pipeline/valuebox.py). Spaces pdfium makes up between words are left out."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = ink_doc[page_no - 1]
    try:
        tp = page.get_textpage()
        width, height = page.get_width(), page.get_height()
        if width <= 0 or height <= 0:
            return ()
        raw, get_unicode, get_box = tp.raw, pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharBox
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        refs = tuple(ctypes.byref(v) for v in (left, right, bottom, top))
        out = []
        for i in range(tp.count_chars()):
            ch = chr(get_unicode(raw, i))
            if ch.isspace() or not ch.isprintable() or not get_box(raw, i, *refs) or right.value <= left.value:
                continue
            # fractions of the page, origin top left (pipeline.pages.page_box, inlined: ~1,500 a page)
            out.append((ch, (round(min(max(left.value / width, 0.0), 1.0), 4),
                             round(min(max(1.0 - top.value / height, 0.0), 1.0), 4),
                             round(min(max(right.value / width, 0.0), 1.0), 4),
                             round(min(max(1.0 - bottom.value / height, 0.0), 1.0), 4))))
        return tuple(out)
    finally:
        page.close()


def _failed_page(page_no: int, reason: str) -> PageResult:
    return PageResult(
        page_no=page_no, method=NONE, text="", needs_ocr=True,
        errors=(page_error(ErrorKind.UNREADABLE, page_no, reason),)
    )


# ---------------------------------------------------------------- one page


def read_page(page, ink_doc=None, carry: dict | None = None) -> PageResult:
    """Text of one pdfplumber page, lines and tables in reading order, repaired where
    the layer can be repaired (module docstring), triaged. `ink_doc`: the same PDF in
    pdfium, whose glyph boxes make the line boxes. `carry` (one dict for the pages of a
    file, in order) takes an unruled table running off the foot of this page to the next."""
    page_no = page.page_number
    fonts = getattr(page.pdf, "rsrcmgr", None)
    before = getattr(fonts, "repaired", 0)
    laid_out = _layout_objects(page)
    chars = _upright_chars([c for c in laid_out.chars if c.get("text")])
    font_repairs = getattr(fonts, "repaired", 0) - before  # glyphs read by the font, not ToUnicode
    font_repairs += _high_tone_marks(chars)
    if not chars:
        # nothing drawn as text: a scan (images) or vector outlines; either way OCR
        return PageResult(page_no=page_no, method=NONE, text="", needs_ocr=True,
                          method_reason=NO_TEXT_LAYER)
    if ink_doc is not None:
        try:
            _add_ink(chars, ink_doc, page_no)
        except Exception:  # pdfium cannot read this page: pdfminer's boxes stay
            pass
    try:
        glyphs = page_glyphs(ink_doc, page_no) if ink_doc is not None else ()
    except Exception:  # no glyphs: values keep their lines' boxes
        glyphs = ()

    tables = [t for t in _find_tables(page, laid_out.rules) if _is_real_table(t)]
    in_table = [False] * len(chars)
    placed: list[tuple[float, str, tuple | None]] = []  # (top, raw line, box in points)
    for table in tables:
        rows, used = _table_rows(table, chars)
        placed.extend(rows)
        for i in used:
            in_table[i] = True
    loose = [c for c, used in zip(chars, in_table) if not used]
    lines, unruled_rows = _unruled_tables(build_lines(loose), carry if carry is not None else {})
    placed.extend(unruled_rows)
    placed.extend((line.top, line.text, line.bbox) for line in join_wrapped_lines(lines, page.width))
    placed.sort(key=lambda item: item[0])

    raw_lines = [text for _, text, _ in placed]
    raw_text = "\n".join(raw_lines)
    kept = [(clean_line(line), box) for _, line, box in placed]
    kept = [(line, box) for line, box in kept if line]
    text = "\n".join(line for line, _ in kept)
    # clean_line keeps a line one line; should it ever split one, the boxes are dropped
    boxes = tuple(page_box(*box, page.width, page.height) if box else None for _, box in kept)
    if len(boxes) != len(text.split("\n")):
        boxes = ()
    if not text.strip():
        return PageResult(page_no=page_no, method=NONE, text="", raw_text=raw_text, needs_ocr=True,
                          method_reason=NO_TEXT_LAYER)
    # what the fonts could not tell: a sara am split by a space, on dictionary evidence
    text, word_repairs = repair_split_sara_am(text)
    # and a below vowel written as the tone mark drawn at its height (LibreOffice, TLWG fonts)
    text, vowel_repairs = repair_lowered_vowels(text)
    repairs = font_repairs + word_repairs + vowel_repairs

    verdict = text_quality(text)
    quality = float(verdict.score)
    errors = []
    scan = _image_coverage(page, laid_out.images) >= SCAN_IMAGE_COVERAGE and len(text) < SCAN_MAX_TEXT_CHARS
    if scan:
        errors.append(page_error(ErrorKind.NEEDS_OCR, page_no,
                                 f"a scanned image with only {len(text)} characters of text"))
    junk = junk_cid_share(chars)
    if junk > MAX_JUNK_CID_SHARE:
        errors.append(page_error(ErrorKind.NEEDS_OCR, page_no, f"{junk:.0%} of glyphs have no Unicode mapping"))
    # text_quality scores text with no Thai words 0; a page of plain ASCII (an
    # English annex, a table of codes and numbers) is fine as it is, while Latin-1
    # look-alikes (legacy Thai fonts, TIS-620 read as Latin-1: "¡ÒÃ") are not
    poor = quality < NEEDS_OCR_BELOW and not (verdict.n_tokens == 0 and _mostly_ascii(text))
    if poor:
        repaired = f" after {repairs} repairs" if repairs else ""
        errors.append(page_error(ErrorKind.NEEDS_OCR, page_no,
                                 f"text layer quality {quality:.2f}{repaired} < {NEEDS_OCR_BELOW}"))
    if scan:
        reason = SCAN
    elif poor or junk > MAX_JUNK_CID_SHARE:
        reason = LAYER_POOR
    else:
        reason = LAYER_REPAIRED if repairs else LAYER_GOOD
    return PageResult(
        page_no=page_no,
        method=PDF_TEXT,
        text=text,
        raw_text=raw_text,
        quality=quality,
        needs_ocr=poor or scan or junk > MAX_JUNK_CID_SHARE,
        errors=tuple(errors),
        line_boxes=boxes,
        method_reason=reason,
        layer_quality=quality,
        layer_repairs=repairs,
        glyphs=glyphs if boxes else (),
    )


# Upper vowels (and the nikhahit of ำ) a tone mark stands over.
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d\u0e33")


def _high_tone_marks(chars: list[dict]) -> int:
    """A glyph with no advance that the text layer calls a digit, right after an upper
    vowel, is the tone mark drawn high over it: LibreOffice maps Laksaman's raised
    mai tho to "0" ("ชี0แจง" for ชี้แจง, "ขั0นตอน", "นำ0าพอง"); a digit always advances.
    Returns how many were read so."""
    fixed = 0
    for prev, c in zip(chars, chars[1:]):
        if (len(c["text"]) == 1 and c["text"].isdigit() and c["text"].isascii()
                and abs(c["x1"] - c["x0"]) < 0.01 and prev["text"][-1:] in _UPPER_VOWELS):
            c["text"] = "\u0e49"
            fixed += 1
    return fixed


def _upright_chars(chars: list[dict]) -> list[dict]:
    """Drop rotated glyphs (a diagonal "สำเนา" watermark, a sideways column heading)
    when most of the page is upright: each would otherwise become a one-letter line.
    A page that is mostly rotated keeps them all, and its quality score decides."""
    level = [c for c in chars if _is_level(c)]
    return level if len(level) * 2 >= len(chars) else chars


def _is_level(c: dict) -> bool:
    """Drawn left to right on a horizontal baseline (pdfminer's "upright" is also
    True for text at 45 degrees, so look at the text matrix itself)."""
    a, b, cc, d = c.get("matrix", (1, 0, 0, 1))[:4]
    return a > 0 and d > 0 and abs(b) <= 0.01 * a and abs(cc) <= 0.01 * d


@dataclass
class _Laid:
    chars: list[dict]
    images: list[dict]
    rules: list  # pdfminer's lines, rectangles and curves (what the table finder uses)


def _find_tables(page, rules: list) -> list:
    """pdfplumber's ruled tables (lines strategy), which it finds from the page's rules
    alone: none on a page that draws none, and otherwise found with only the rules
    turned into pdfplumber's objects (its own process_object), not every glyph. They
    are put in the page's object cache (`_objects`, what `page.objects` returns once
    read); the reader reads glyphs from _layout_objects, never from the cache."""
    if not rules:
        return []
    objects: dict[str, list] = {}
    for obj in rules:
        attrs = page.process_object(obj)
        objects.setdefault(attrs["object_type"], []).append(attrs)
    page._objects = objects
    return page.find_tables(_table_settings(page))


def _layout_objects(page) -> _Laid:
    """The page's glyphs and images as pdfplumber's `page.chars` and `page.images` give
    them (same order, same coordinates: pdfplumber's process_object), with only the
    keys the reader uses, straight from pdfminer's layout. pdfplumber turns every
    object into a dict of all its attributes, each resolved recursively: a third of
    the time of reading a Word PDF."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    chars: list[dict] = []
    images: list[dict] = []
    rules: list = []

    def walk(objs) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                chars.append({
                    "text": obj.get_text(), "size": obj.size, "matrix": obj.matrix,
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top,
                })
            elif isinstance(obj, LTImage):
                images.append({
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top,
                })
            elif isinstance(obj, LTCurve):  # LTLine and LTRect are curves too
                rules.append(obj)

    walk(page.layout._objs)
    return _Laid(chars, images, rules)


def _image_coverage(page, images: list[dict] | None = None) -> float:
    """Share of the page area under images (overlaps counted twice, capped at 1)."""
    x0, top, x1, bottom = page.bbox
    area = (x1 - x0) * (bottom - top)
    if area <= 0:
        return 0.0
    covered = 0.0
    for im in page.images if images is None else images:
        w = min(im["x1"], x1) - max(im["x0"], x0)
        h = min(im["bottom"], bottom) - max(im["top"], top)
        if w > 0 and h > 0:
            covered += w * h
    return min(1.0, covered / area)


def _mostly_ascii(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    return bool(visible) and sum(ch.isascii() for ch in visible) / len(visible) >= 0.95


def clean_line(raw: str) -> str:
    """Drop unmapped glyphs; NFC + Thai normalisation (which also removes spaces
    before marks and maps Thai private-use glyphs); single spaces; tabs kept."""
    text = _AM_JUNK_TONE_AA.sub("\u0e49\u0e33", _CID.sub("", raw))
    text = _AM_TONE_AA.sub("\\1\u0e33", text.replace(_AM_AA, "\u0e33"))
    cells = [_SPACES.sub(" ", normalize(cell)).strip() for cell in text.split("\t")]
    line = "\t".join(cells)
    return line if line.strip() else ""


def junk_cid_share(chars: Sequence[dict]) -> float:
    """Share of glyphs that are "(cid:N)" with no Unicode, not counting the pieces of
    a sara am that a shaper split (nikhahit, sara aa) right after a glyph already
    mapped to the whole ำ: those are harmless, the letter is there."""
    junk = counted = 0
    after_sara_am = False
    for c in chars:
        text = c["text"]
        if text.isspace():
            continue
        counted += 1
        if _CID.fullmatch(text):
            if not after_sara_am:
                junk += 1
            continue  # stays "after sara am" across its 1-2 unmapped pieces
        after_sara_am = text.endswith("\u0e33")
    return junk / counted if counted else 0.0


# ---------------------------------------------------------------- lines from chars


@dataclass
class Line:
    top: float
    text: str  # raw: "(cid:N)" kept, not normalised
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points
    size: float = 0.0  # the type size (median of its glyphs')
    columns: bool = False  # a gap wider than COLUMN_GAP_EM inside: laid out in columns
    chars: list = field(default_factory=list, repr=False)  # its glyphs (pdfplumber chars)


def _is_mark(text: str) -> bool:
    return text[:1] in _THAI_MARKS


def build_lines(chars: Iterable[dict]) -> list[Line]:
    """Group chars (in content-stream order) into lines by vertical position, keeping
    stream order inside a line; lines sorted top to bottom."""
    groups: list[list[dict]] = []
    bottoms: list[float] = []
    bands: list[tuple[float, float]] = []  # (top, bottom) of each line's first glyph
    for c in chars:
        tol = LINE_TOLERANCE_EM * max(c["size"], 1.0)
        middle = (c["top"] + c["bottom"]) / 2
        # the current line is almost always the last one: search backwards. A glyph
        # from a fallback font (☑ in DejaVu beside Thai in Laksaman) has another
        # baseline, but its middle still lies within the line's band.
        for i in range(len(groups) - 1, -1, -1):
            if abs(bottoms[i] - c["bottom"]) <= tol or bands[i][0] < middle < bands[i][1]:
                groups[i].append(c)
                break
        else:
            groups.append([c])
            bottoms.append(c["bottom"])
            bands.append((c["top"], c["bottom"]))
    lines = [Line(top=min(c["top"] for c in g), text=line_text(g), bbox=_chars_box(g),
                  size=statistics.median(c["size"] for c in g), columns=_has_column_gap(g), chars=g)
             for g in groups]
    lines = [line for line in lines if line.text.strip()]
    return sorted(lines, key=lambda line: line.top)


def _has_column_gap(chars: Sequence[dict]) -> bool:
    """A gap wider than COLUMN_GAP_EM between neighbouring glyphs: a label and its value,
    a name and its score (tab stops), not one run of prose."""
    xs = sorted((c["x0"], c["x1"], c["size"]) for c in chars if not c["text"].isspace())
    right = None
    for x0, x1, size in xs:
        if right is not None and x0 - right > COLUMN_GAP_EM * max(size, 1.0):
            return True
        right = x1 if right is None else max(right, x1)
    return False


def join_wrapped_lines(lines: list[Line], page_width: float | None = None) -> list[Line]:
    """Prose lines wrapped at the page width (or a cell's: page_width None) made one
    line each (readers/paragraphs.py)."""
    if len(lines) < 2 or any(line.bbox is None for line in lines):
        return lines
    joined = join_wrapped([TextLine(line.text, line.bbox, line.size, line.columns) for line in lines],
                          page_width)
    return [Line(top=t.box[1], text=t.text, bbox=t.box, size=t.height, columns=t.columns) for t in joined]


def _chars_box(chars: Sequence[dict]) -> tuple[float, float, float, float]:
    """x from pdfminer; top and bottom from the glyphs' ink where pdfium gave it."""
    inked = [c for c in chars if "ink_top" in c]
    if inked:
        top, bottom = min(c["ink_top"] for c in inked), max(c["ink_bottom"] for c in inked)
    else:
        top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    return (min(c["x0"] for c in chars), top, max(c["x1"] for c in chars), bottom)


def _runs(chars: Sequence[dict]) -> list[list[dict]]:
    """Split a line into runs written left to right; a jump back to the left of the
    previous consonant starts a new run. Runs are then put in x order, which keeps
    marks with their consonant but still fixes lines written out of order."""
    runs: list[list[dict]] = []
    base_x0 = None
    for c in chars:
        mark = _is_mark(c["text"])
        if runs and not mark and base_x0 is not None and c["x0"] < base_x0 - BACKWARD_JUMP_EM * c["size"]:
            runs.append([c])
        elif runs:
            runs[-1].append(c)
        else:
            runs.append([c])
        if not mark:
            base_x0 = c["x0"]
    return sorted(_interleaved(runs), key=lambda run: run[0]["x0"])


def _interleaved(runs: list[list[dict]]) -> list[list[dict]]:
    """Runs with a later run that starts inside an earlier one's span cut there, so that
    x order puts it where it stands: LibreOffice writes a fallback font's glyphs (☑ in
    DejaVu inside a Thai line) after the line's other text, at their own x. The cut
    falls before a consonant (never between a consonant and its marks)."""
    out = [runs[0]] if runs else []
    for run in runs[1:]:
        x = run[0]["x0"]
        for k, earlier in enumerate(out):
            if not (earlier[0]["x0"] < x < max(c["x1"] for c in earlier)):
                continue
            cut = next((i for i, c in enumerate(earlier) if i and not _is_mark(c["text"]) and c["x0"] >= x), None)
            if cut is not None:
                out[k:k + 1] = [earlier[:cut], earlier[cut:]]
            break
        out.append(run)
    return out


def line_text(chars: Sequence[dict]) -> str:
    """Text of one line's chars: stream order inside runs, a space for each wide gap."""
    out: list[str] = []
    right = None  # right edge of the last glyph with an advance
    for run in _runs(chars):
        for c in run:
            text = c["text"]
            if _is_mark(text):
                out.append(text)  # never a space before a mark, whatever its x
                continue
            if text.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                right = c["x1"] if right is None else max(right, c["x1"])
                continue
            if right is not None and out and out[-1] != " " and c["x0"] - right > SPACE_GAP_EM * c["size"]:
                out.append(" ")
            out.append(text)
            right = c["x1"] if right is None else max(right, c["x1"])
    return "".join(out).strip()


# ---------------------------------------------------------------- tables


# A row cut by the page's foot (or head) in a browser's PDF has its cells' side rules
# but no rule closing it there: at least this many vertical rules end at one height
# where no horizontal rule runs (a table of two columns has three).
OPEN_ROW_MIN_RULES = 3


def _table_settings(page) -> dict | None:
    """pdfplumber's table settings for the page: a closing rule added where a table's
    row runs off the foot of the page or comes in at its head without one (Chromium
    draws a split row's cells open there; LibreOffice closes them). Without it the
    row's cells are not cells and its text is read as loose lines."""
    try:
        edges = page.edges
    except Exception:
        return None
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    ruled = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 3]
    ends: dict[int, list[float]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append(e["x0"])
    lines = []
    for y, xs in sorted(ends.items()):
        xs = sorted(set(round(x) for x in xs))
        if len(xs) < OPEN_ROW_MIN_RULES:
            continue
        x0, x1 = xs[0], xs[-1]
        covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in ruled
                      if abs(h["top"] - y) <= 1.5 and h["x1"] > x0 and h["x0"] < x1)
        if covered < 0.5 * (x1 - x0):
            lines.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                          "orientation": "h", "object_type": "line"})
    return {"explicit_horizontal_lines": lines} if lines else None


def _is_real_table(table) -> bool:
    """A frame around a paragraph (one cell per row) is a box, not a table."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


def _inside(c: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _table_rows(table, chars: Sequence[dict]) -> tuple[list[tuple[float, str, tuple]], set[int]]:
    """Tab rows for a ruled table: each cell read like a small page (stream order,
    its own lines joined with spaces). Returns (top, row, row box) and the indexes of
    the chars used, so they are not read again as ordinary lines."""
    # (pdfplumber computes a table's and a row's bbox anew at every access)
    table_bbox = table.bbox
    candidates = [i for i, c in enumerate(chars) if _inside(c, table_bbox)]
    candidates = _without_lines_across(candidates, chars, table_bbox)
    used: set[int] = set(candidates)
    rows = []
    for row in table.rows:
        cells = []
        # a cell lies within its row: look for its glyphs among the row's only
        row_bbox = row.bbox
        in_row = [chars[i] for i in candidates if _inside(chars[i], row_bbox)]
        for bbox in row.cells:
            if bbox is None:  # covered by a merged cell
                cells.append("")
                continue
            cell_chars = [c for c in in_row if _inside(c, bbox)]
            cells.append(_cell_text(join_wrapped_lines(build_lines(cell_chars))))
        if any(cell.strip() for cell in cells):
            rows.append((row_bbox[1], "\t".join(cells), tuple(row_bbox)))
    return rows, used


def _cell_text(lines: list[Line]) -> str:
    """A cell's lines as one text: a space between them, none inside a number that broke
    where it did not fit the narrow column ("๗" / "๒.๗๙" is ๗๒.๗๙)."""
    out, last = "", ""
    for line in lines:
        text = line.text.strip()
        if (out and text and out[-1].isdigit() and text[0].isdigit()
                and (_DIGITS.fullmatch(last) or _NUMBER_REST.fullmatch(text))):
            out += text
        else:
            out = f"{out} {text}" if out else text
        last = text
    return out


_DIGITS = re.compile("[0-9๐-๙]+")
_NUMBER_REST = re.compile("[0-9๐-๙][0-9๐-๙.,]*")


def _without_lines_across(candidates: list[int], chars: Sequence[dict], bbox) -> list[int]:
    """The chars inside a table's frame less those on a line that runs out of the frame
    on the left or right: a browser's footer ("file:///… 1/4") printed across the open
    foot of a row cut by the page is page furniture, not the row's text."""
    x0, top, x1, bottom = bbox
    outside = [(c["bottom"], c["size"]) for c in chars
               if top <= (c["top"] + c["bottom"]) / 2 <= bottom and not c["text"].isspace()
               and ((c["x0"] + c["x1"]) / 2 < x0 or (c["x0"] + c["x1"]) / 2 > x1)]
    if not outside:
        return candidates
    return [i for i in candidates
            if not any(abs(chars[i]["bottom"] - b) <= LINE_TOLERANCE_EM * max(size, 1.0) and
                       abs(chars[i]["size"] - size) <= 0.25 * size for b, size in outside)]


def _unruled_tables(lines: list[Line], carry: dict) -> tuple[list[Line], list[tuple[float, str, tuple]]]:
    """Tables drawn without rules among the page's lines (readers/unruled.py): their
    rows as tab rows (top, row, box), and the lines that are not in them. The lines at
    the top of the page that fit the columns of a table that ran off the page before
    (carry["unruled"]) are the rest of its last row."""
    previous = carry.pop("unruled", None)
    rows: list[tuple[float, str, tuple]] = []
    taken: set[int] = set()

    def add_row(row: list[int], edges) -> None:
        cols: list[list[dict]] = [[] for _ in range(len(edges) + 1)]
        for k in row:
            taken.add(k)
            for c in lines[k].chars:
                cols[unruled.column_of((c["x0"] + c["x1"]) / 2, edges)].append(c)
        texts = [_cell_text(join_wrapped_lines(build_lines(col))) for col in cols]
        box = _chars_box([c for k in row for c in lines[k].chars])
        rows.append((lines[row[0]].top, "\t".join(texts), box))

    def glyph_spans(line: Line) -> list[tuple[float, float]]:
        return [(c["x0"], c["x1"]) for c in line.chars if not c["text"].isspace() and not _is_mark(c["text"])]

    def cells_of(k: int, edges) -> list[str]:
        cols: list[list[dict]] = [[] for _ in range(len(edges) + 1)]
        for c in lines[k].chars:
            cols[unruled.column_of((c["x0"] + c["x1"]) / 2, edges)].append(c)
        return [clean_line(line_text(col)) if col else "" for col in cols]

    spans = [(glyph_spans(ln), ln.size) for ln in lines]
    start = 0
    if previous is not None:
        edges, anchor, numbered = previous
        while (start < len(lines) and unruled.fits(spans[start][0], edges)
               and not unruled.is_anchor(cells_of(start, edges), anchor, numbered)):
            start += 1
        if start:
            add_row(list(range(start)), edges)
    blocks = unruled.find_blocks(spans[start:], lambda k, edges: cells_of(start + k, edges))
    for block in blocks:
        for row in block.rows:
            add_row([start + k for k in row], block.edges)
    if blocks:
        last = blocks[-1]
        after = lines[start + last.end + 1:]
        if all(len(ln.text.strip()) <= 12 for ln in after):  # nothing but a page number below
            carry["unruled"] = (last.edges, last.anchor, last.numbered)
    return [ln for k, ln in enumerate(lines) if k not in taken], rows


# ---------------------------------------------------------------- page images (for OCR)

# A page whose largest image covers at least this share of it is a scan: it is rendered
# at the image's own resolution (measured: a 200-dpi scan rendered at 300 dpi gave
# 29% CER, at its native 200 dpi 10%, and 2x faster), kept within these bounds.
NATIVE_MIN_COVERAGE = 0.5
NATIVE_DPI_RANGE = (150, 400)


def _open_pdfium(data: PdfSource):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data if not isinstance(data, (bytearray, memoryview)) else bytes(data))


def render_page(data: PdfSource, page_no: int, dpi: int, max_pixels: int | None = None) -> "Image.Image":
    """Page `page_no` (1-based) rasterised by pypdfium2 at `dpi` (lower if the bitmap
    would exceed `max_pixels`: a poster-sized page), 8-bit grey.
    Raises ReadError when the page cannot be rendered."""
    try:
        pdf = _open_pdfium(data)
    except Exception as exc:
        raise ReadError(f"PDF cannot be rendered: {type(exc).__name__}: {exc}") from exc
    try:
        return _render(_page(pdf, page_no), page_no, dpi, max_pixels)
    finally:
        pdf.close()


def _page(pdf, page_no: int):
    """Page `page_no` (1-based) of a pdfium document. Raises ReadError."""
    if not 1 <= page_no <= len(pdf):
        raise ReadError(f"page {page_no}: no such page")
    try:
        return pdf[page_no - 1]
    except Exception as exc:
        raise ReadError(f"page {page_no} cannot be rendered: {type(exc).__name__}: {exc}") from exc


def _render(page, page_no: int, dpi: int, max_pixels: int | None) -> "Image.Image":
    try:
        scale = dpi / 72
        if max_pixels:
            w_pt, h_pt = page.get_size()
            if w_pt * h_pt * scale * scale > max_pixels:
                scale = 0.99 * (max_pixels / max(1.0, w_pt * h_pt)) ** 0.5  # pdfium rounds up
        bitmap = page.render(scale=scale, grayscale=True)
        return bitmap.to_pil().copy()
    except Exception as exc:
        raise ReadError(f"page {page_no} cannot be rendered: {type(exc).__name__}: {exc}") from exc


def page_for_ocr(data: PdfSource, page_no: int, dpi: int, native_dpi: bool = True,
                 max_pixels: int | None = None) -> "Image.Image | None":
    """What OCR reads of page `page_no`: None for a blank page (nothing drawn), else
    the page in 8-bit grey, rendered at its scan's own resolution (scan_dpi; `dpi`
    where the page is not a scan or native_dpi is off). A page that is one 8-bit grey
    image over the whole page is that image as stored, pixel for pixel: decoding it
    takes ~10 ms against ~65 ms for pdfium's rendering pass of a 200-dpi page, which
    gave the same pixels on the generated scans (and may shift them by a row where the
    page is a fraction of a pixel larger than the image). Opens the PDF once. Raises
    ReadError."""
    try:
        pdf = _open_pdfium(data)
    except Exception as exc:
        raise ReadError(f"PDF cannot be rendered: {type(exc).__name__}: {exc}") from exc
    try:
        page = _page(pdf, page_no)
        if _is_empty(page):
            return None
        native = _scan_dpi(page) if native_dpi else None
        if native:
            stored = _stored_grey_scan(page, native, max_pixels)
            if stored is not None:
                return stored
        return _render(page, page_no, native or dpi, max_pixels)
    finally:
        pdf.close()


def _stored_grey_scan(page, dpi: int, max_pixels: int | None) -> "Image.Image | None":
    """The page's only object, an 8-bit grey image drawn upright over the whole page
    at about `dpi` (within a pixel), decoded as stored; None for any other page, and for
    1-bit scans (rendering smooths their edges into grey, which OCR was measured on).
    Never raises."""
    import pypdfium2.raw as pdfium_c

    try:
        if page.get_rotation() or pdfium_c.FPDFPage_GetAnnotCount(page.raw):
            return None
        objs = list(page.get_objects(max_depth=2))
        if len(objs) != 1 or objs[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objs[0]
        meta = image.get_metadata()
        if meta.bits_per_pixel != 8 or meta.colorspace != pdfium_c.FPDF_COLORSPACE_DEVICEGRAY:
            return None
        pw, ph = page.get_size()
        m = image.get_matrix()
        if (m.b, m.c, m.e, m.f) != (0, 0, 0, 0) or abs(m.a - pw) > 0.01 or abs(m.d - ph) > 0.01:
            return None
        px_w, px_h = image.get_px_size()
        if abs(px_w - pw * dpi / 72) > 1 or abs(px_h - ph * dpi / 72) > 1:
            return None  # drawn at another resolution: rendering scales it to `dpi`
        if max_pixels and px_w * px_h > max_pixels:
            return None
        stored = image.get_bitmap(render=False).to_pil()
        return stored.copy() if stored.mode == "L" and stored.size == (px_w, px_h) else None
    except Exception:
        return None


def _is_empty(page) -> bool:
    """The page draws nothing at all (no page objects, no annotations): a blank page,
    which needs no rendering or OCR. False when unsure."""
    import pypdfium2.raw as pdfium_c

    try:
        return (pdfium_c.FPDFPage_CountObjects(page.raw) == 0
                and pdfium_c.FPDFPage_GetAnnotCount(page.raw) == 0)
    except Exception:
        return False


def page_weights(data: PdfSource, page_nos: list[int]) -> dict[int, float]:
    """The OCR work each page is likely to take, for ordering the page pool: the bytes
    of the images drawn on it as stored (a scan's compressed size grows with its ink;
    it tracked Tesseract's time per page with r = 0.98 on the generated scans). 1 for a
    page without images or when the PDF cannot tell. Never raises."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    weights = {n: 1.0 for n in page_nos}
    try:
        pdf = pdfium.PdfDocument(data if not isinstance(data, (bytearray, memoryview)) else bytes(data))
    except Exception:
        return weights
    try:
        for n in page_nos:
            try:
                page = pdf[n - 1]
                size = sum(pdfium_c.FPDFImageObj_GetImageDataRaw(obj.raw, None, 0)
                           for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
                weights[n] = float(max(1, size))
            except Exception:
                pass
        return weights
    finally:
        pdf.close()


def scan_dpi(data: PdfSource, page_no: int) -> int | None:
    """The resolution of the scanned image that covers page `page_no`, or None when
    the page is not (mostly) one image. Never raises."""
    try:
        pdf = _open_pdfium(data)
    except Exception:
        return None
    try:
        return _scan_dpi(pdf[page_no - 1])
    except Exception:
        return None
    finally:
        pdf.close()


def _scan_dpi(page) -> int | None:
    import pypdfium2.raw as pdfium_c

    try:
        pw, ph = page.get_size()
        best = None
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            w_pt, h_pt = right - left, top - bottom
            if w_pt <= 0 or h_pt <= 0 or w_pt * h_pt < NATIVE_MIN_COVERAGE * pw * ph:
                continue
            px_w, px_h = obj.get_px_size()
            dpi = min(px_w / (w_pt / 72), px_h / (h_pt / 72))
            if best is None or w_pt * h_pt > best[0]:
                best = (w_pt * h_pt, dpi)
        if best is None:
            return None
        lo, hi = NATIVE_DPI_RANGE
        return int(min(hi, max(lo, round(best[1] / 10) * 10)))
    except Exception:
        return None


# ---------------------------------------------------------------- the reader interface
# (pipeline/readers/registry.py)


def pages(data: bytes, limits) -> Read:
    """The text layer of the first `limits.max_pages` pages; pages without a usable
    layer are marked needs_ocr."""
    read, n_pages = read_pdf_pages(data, limits.max_pages)
    return Read(read, n_pages)


def pages_to_ocr(path: str, pages: list[PageResult], size_bytes: int | None) -> dict[int, float]:
    """Pages without a usable text layer, weighed by their images' stored bytes."""
    todo = [p.page_no for p in pages if p.needs_ocr]
    return page_weights(path, todo) if todo else {}


def page_image(path: str, page_no: int, settings) -> "Image.Image | None":
    """The page rendered for OCR (at a scan's own resolution); None for a blank page."""
    return page_for_ocr(path, page_no, settings.dpi, settings.native_dpi, settings.max_pixels)
