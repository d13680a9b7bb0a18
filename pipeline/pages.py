"""What a reader hands to the rest of the pipeline: one immutable result per page.

Readers (pipeline/readers/*) turn a file into a list of PageResult; everything after
them (segmentation, extraction, checks, loading) works on PageResult only, so a page
read from a text file, a PDF text layer or OCR looks the same downstream.

Page text convention (the one obvious representation every reader produces):
- lines separated by "\n";
- a table row is one line with its cells separated by "\t" (a cell's own line breaks
  become spaces), so pipe tables, tab tables, HTML tables and ruled PDF tables all
  arrive in one shape;
- a checkbox is written as "☑" (checked) or "☐" (unchecked) in front of its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from schemas.vocab import ErrorKind, MethodReason, PageMethod

# Page read methods (pages.method) and why (pages.method_reason): one vocabulary each,
# schemas/vocab.py; the short names below are its members.
TEXT, PDF_TEXT, OCR, NONE = PageMethod.TEXT, PageMethod.PDF_TEXT, PageMethod.OCR, PageMethod.NONE
TEXT_FILE, LAYER_GOOD, LAYER_REPAIRED, LAYER_POOR = (
    MethodReason.TEXT_FILE, MethodReason.LAYER_GOOD, MethodReason.LAYER_REPAIRED, MethodReason.LAYER_POOR)
NO_TEXT_LAYER, SCAN, OCR_BETTER, LAYER_NO_WORSE = (
    MethodReason.NO_TEXT_LAYER, MethodReason.SCAN, MethodReason.OCR_BETTER, MethodReason.LAYER_NO_WORSE)
METHOD_REASONS = tuple(MethodReason)


# Where a line stands on its page: (x0, top, x1, bottom) as fractions of the page's width
# and height, origin top left. Fractions, not points or pixels, so a box means the same
# for a PDF text layer (points) and an OCR'd image at any resolution.
Box = tuple[float, float, float, float]

# A piece of ink the reader knows the place of: its text and Box. A PDF text layer's
# glyphs are pdfium's characters (their glyph boxes); an OCR'd page's are Tesseract's
# words (in Thai often one letter each). pipeline/valuebox.py finds a value's own
# pieces among its line's, so a record's box is the value's ink, not its line's.
Glyph = tuple[str, Box]


def page_box(x0: float, top: float, x1: float, bottom: float, width: float, height: float) -> Box | None:
    """A box in page units (points, pixels) as fractions of the page, 4 decimals."""
    if width <= 0 or height <= 0:
        return None

    def frac(v: float, size: float) -> float:
        return round(min(max(v / size, 0.0), 1.0), 4)

    return (frac(x0, width), frac(top, height), frac(x1, width), frac(bottom, height))


def union_box(boxes) -> Box | None:
    """The smallest box around the given ones (None ignored); None when there are none."""
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


class PageError(str):
    """A problem with a page (or, `page` None, with the file as a whole): its kind, its
    page and its message, so that what a limit cut or what OCR could not read is told
    by its kind, never by matching words. It is its message as a string too (printed,
    compared with text as before). Stored one by one in pages.errors; pages.error and
    files.error hold the messages joined by "; " for reading."""

    kind: ErrorKind
    page: int | None

    def __new__(cls, kind: ErrorKind, page: int | None, message: str) -> "PageError":
        self = super().__new__(cls, message)
        self.kind, self.page = ErrorKind(kind), page
        return self

    @property
    def message(self) -> str:
        """Human-readable; a page's names it ("page 3: OCR timed out after 120 s")."""
        return str.__str__(self)

    def __reduce__(self):  # pickled whole (to and from worker processes)
        return (PageError, (self.kind, self.page, self.message))

    def __repr__(self) -> str:
        return f"PageError({self.kind.value!r}, {self.page!r}, {self.message!r})"

    @classmethod
    def of(cls, error: str) -> "PageError":
        """An error as a PageError; plain text (from code that does not type its
        errors) is kind OTHER."""
        return error if isinstance(error, PageError) else cls(ErrorKind.OTHER, None, error)


def page_error(kind: ErrorKind, page_no: int, what: str) -> PageError:
    """An error about page `page_no`, its message starting "page N: "."""
    return PageError(kind, page_no, f"page {page_no}: {what}")


@dataclass(frozen=True)
class PageResult:
    page_no: int  # 1-based
    method: PageMethod
    text: str  # normalised text (see module docstring)
    raw_text: str = ""  # what the reader saw before normalisation
    quality: float | None = None  # 0–1, normalizers.thai.text_quality
    ocr_confidence: float | None = None  # 0–100, mean Tesseract word confidence
    needs_ocr: bool = False  # no usable text layer: OCR would be needed
    errors: tuple[PageError, ...] = field(default_factory=tuple)
    # one Box (or None) per line of `text` (text.split("\n")) where the reader knows
    # the geometry (PDF text layer, OCR); empty for text files
    line_boxes: tuple[Box | None, ...] = field(default_factory=tuple)
    method_reason: MethodReason | None = None
    # a PDF text layer's own quality score after its repairs (kept when OCR replaces
    # it, so the two can be compared) and how many glyphs or words were repaired
    layer_quality: float | None = None
    layer_repairs: int | None = None
    # the page's pieces of ink (Glyph), in the reader's order; empty where unknown
    glyphs: tuple[Glyph, ...] = field(default_factory=tuple)
    # OCR: Tesseract's (or the digit model's) confidence in each glyph, 0–100, one per
    # glyph; empty where the reader has none (text layers, text files)
    glyph_confs: tuple[float, ...] = field(default_factory=tuple)


# a number OCR read with less confidence than this may have a digit misread (Tesseract
# gives the numbers it reads right 96–100 on generated scans; ๔,๙๑๑ read as ๔,๙๙๑: 74)
DOUBTFUL_NUMBER_CONF = 90.0
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


_NUMBER_PIECE = re.compile(r"[0-9๐-๙.,]+")


def _next_in_row(a: Box, b: Box) -> bool:
    """Whether b stands right after a on its line (the next piece of one number)."""
    height = min(a[3] - a[1], b[3] - b[1])
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * height and -0.002 <= b[0] - a[2] <= 2 * height


def doubtful_numbers(glyphs: tuple[Glyph, ...], confs: tuple[float, ...]) -> frozenset[str]:
    """The digits (Arabic, separators dropped) of the page's numbers of two digits or more
    that OCR read with low confidence: a number's least sure piece counts (Tesseract may
    give each digit of "๕,๐๑๓" a word of its own)."""
    if len(confs) != len(glyphs):
        return frozenset()
    out = set()
    run: list[tuple[str, Box, float]] = []

    def close() -> None:
        digits = "".join(t for t, _, _ in run).translate(_DIGITS)
        digits = "".join(ch for ch in digits if ch.isdigit())
        if len(digits) >= 2 and 0 <= min(c for _, _, c in run) < DOUBTFUL_NUMBER_CONF:
            out.add(digits)
        run.clear()

    for (text, box), conf in zip(glyphs, confs):
        if not _NUMBER_PIECE.fullmatch(text):
            close()
            continue
        if run and not _next_in_row(run[-1][1], box):
            close()
        run.append((text, box, conf))
    close()
    return frozenset(out)


class Read(NamedTuple):
    """What a reader makes of a whole file (pipeline/readers/registry.py)."""

    pages: list[PageResult]
    n_pages: int  # pages in the file, also those past Limits.max_pages it did not read
    encoding: str | None = None  # a text file's encoding (files.encoding)


class ReadError(Exception):
    """A whole file could not be read; the message names the reason (not the path:
    the caller adds that); `kind` is ErrorKind.LIMIT where a limit refused it."""

    def __init__(self, message: str, kind: ErrorKind = ErrorKind.UNREADABLE):
        super().__init__(message)
        self.kind = kind

    def __reduce__(self):  # keeps the kind when sent from a worker process
        return (type(self), (str(self), self.kind))
