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
it later (pipeline.stages.merge_ocr keeps the layer where OCR reads no better).
`method_reason` says which (pipeline.pages.METHOD_REASONS).
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from normalizers.thai import (
    repair_lowered_vowels, repair_split_sara_am, repair_stray_tone_glyphs, repair_unmapped_tones, text_quality,
)
from pipeline.pages import (
    LAYER_GOOD, LAYER_POOR, LAYER_REPAIRED, NO_TEXT_LAYER, NONE, PDF_TEXT, SCAN, PageResult, Read,
    ReadError, page_box, page_error,
)
from pipeline.readers.pdf_chars import (
    add_ink, high_tone_marks, layout_objects, pdfium_or_none, read_pdfium_page, upright_chars,
)
from pipeline.readers.pdf_fonts import FontAwareResourceManager, read_unmapped_sara_aa
from pipeline.readers.pdf_images import page_for_ocr, page_weights
from pipeline.readers.pdf_lines import (
    MAX_JUNK_CID_SHARE, build_lines, clean_line, join_wrapped_lines, junk_cid_share,
)
from pipeline.readers.pdf_tables import find_tables, is_real_table, table_rows, unruled_tables
from schemas.vocab import ErrorKind

if TYPE_CHECKING:
    from PIL import Image

PdfSource = bytes | str | os.PathLike

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
    with _open_pdf(source) as pdf, pdfium_or_none(source) as ink_doc:
        pages = _pages(pdf)
        for page in pages[:max_pages] if max_pages is not None else pages:
            with _collector_paused():
                try:
                    results.append(read_page(page, ink_doc, carry))
                except Exception as exc:
                    results.append(_failed_page(page.page_number, _reason(exc)))
                finally:
                    # the page's layout and char caches dropped (bounded memory) before
                    # the collector runs again: freed by their counts, not walked by it
                    page.close()
        return results, len(pages)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a page is read: a page allocates some 100,000
    objects (pdfminer's tokens, the glyph dicts, pdfium's boxes), which set off
    collections that walk every object the process holds, to find no cycle among
    the page's objects that outlives it. What cycles a page leaves are collected after
    it, so memory stays bounded by one page."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _failed_page(page_no: int, reason: str) -> PageResult:
    return PageResult(
        page_no=page_no, method=NONE, text="", needs_ocr=True,
        errors=(page_error(ErrorKind.UNREADABLE, page_no, reason),)
    )


def read_page(page, ink_doc=None, carry: dict | None = None) -> PageResult:
    """Text of one pdfplumber page, lines and tables in reading order, repaired where
    the layer can be repaired (module docstring), triaged. `ink_doc`: the same PDF in
    pdfium, whose glyph boxes make the line boxes. `carry` (one dict for the pages of a
    file, in order) takes an unruled table running off the foot of this page to the next."""
    page_no = page.page_number
    fonts = getattr(page.pdf, "rsrcmgr", None)
    before = getattr(fonts, "repaired", 0)
    laid_out = layout_objects(page)
    chars = upright_chars([c for c in laid_out.chars if c.get("text")])
    font_repairs = getattr(fonts, "repaired", 0) - before  # glyphs read by the font, not ToUnicode
    font_repairs += high_tone_marks(chars)
    # LibreOffice's unmapped sara aa glyph, known from the ำ it ends (on this file's pages)
    font_repairs += read_unmapped_sara_aa(chars, carry.setdefault("sara_aa", set()) if carry is not None else None)
    if not chars:
        # nothing drawn as text: a scan (images) or vector outlines; either way OCR
        return PageResult(page_no=page_no, method=NONE, text="", needs_ocr=True,
                          method_reason=NO_TEXT_LAYER)
    glyphs: tuple = ()
    if ink_doc is not None:
        try:  # one pdfium pass: the lines' ink and the values' glyphs (readers/pdf_chars.py)
            drawn = read_pdfium_page(ink_doc, page_no)
            glyphs = drawn.glyphs
            add_ink(chars, drawn.ink)
        except Exception:  # pdfium cannot read this page: pdfminer's boxes stay, and
            pass  # without glyphs values keep their lines' boxes

    tables = [t for t in find_tables(page, laid_out.rules) if is_real_table(t)]
    in_table = [False] * len(chars)
    placed: list[tuple[float, str, tuple | None]] = []  # (top, raw line, box in points)
    for table in tables:
        rows, used = table_rows(table, chars)
        placed.extend(rows)
        for i in used:
            in_table[i] = True
    loose = [c for c, used in zip(chars, in_table) if not used]
    lines, unruled_rows = unruled_tables(build_lines(loose), carry if carry is not None else {})
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
    # a tone mark written as %, * or $ or as a space (Writer, Calc: Loma), or left
    # unmapped over a vowel (Umpush)
    text, tone_repairs = repair_stray_tone_glyphs(text)
    text, unmapped_repairs = repair_unmapped_tones(text)
    tone_repairs += unmapped_repairs
    # and a below vowel written as the tone mark drawn at its height (LibreOffice, TLWG fonts)
    text, vowel_repairs = repair_lowered_vowels(text)
    repairs = font_repairs + word_repairs + tone_repairs + vowel_repairs

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
