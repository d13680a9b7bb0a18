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

from dataclasses import dataclass, field

# Page read methods, as stored in pages.method.
TEXT = "text"  # a text/markdown/HTML file
PDF_TEXT = "pdf_text"  # a PDF text layer
OCR = "ocr"  # Tesseract
NONE = "none"  # nothing usable read (page needs OCR, or failed)

# Why a page's text came from where it did, as stored in pages.method_reason. A PDF
# page's reader sets the first four (before any OCR); pipeline.ingest.merge_ocr the
# two comparisons once OCR has read the page. The quality compared is
# normalizers.thai.text_quality (dictionary hit ratio, junk counts).
TEXT_FILE = "text_file"  # a text/markdown/HTML file: its text as written
LAYER_GOOD = "layer_good"  # the PDF text layer scored well as stored
LAYER_REPAIRED = "layer_repaired"  # scored well once repaired (pages.layer_repairs)
LAYER_POOR = "layer_poor"  # scored below the threshold, repaired or not: OCR compared
NO_TEXT_LAYER = "no_text_layer"  # nothing drawn as text (a scan, an image file, outlines)
SCAN = "scan"  # a page-sized image with a few glyphs on top (a stamped page number)
OCR_BETTER = "ocr_better_than_layer"  # OCR read better than the (repaired) layer
LAYER_NO_WORSE = "layer_no_worse_than_ocr"  # a poor-scoring layer kept: OCR read no better
METHOD_REASONS = (TEXT_FILE, LAYER_GOOD, LAYER_REPAIRED, LAYER_POOR, NO_TEXT_LAYER, SCAN,
                  OCR_BETTER, LAYER_NO_WORSE)


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


@dataclass(frozen=True)
class PageResult:
    page_no: int  # 1-based
    method: str  # one of TEXT, PDF_TEXT, OCR, NONE
    text: str  # normalised text (see module docstring)
    raw_text: str = ""  # what the reader saw before normalisation
    quality: float | None = None  # 0–1, normalizers.thai.text_quality
    ocr_confidence: float | None = None  # 0–100, mean Tesseract word confidence
    needs_ocr: bool = False  # no usable text layer: OCR would be needed
    errors: tuple[str, ...] = field(default_factory=tuple)  # human-readable, per page
    # one Box (or None) per line of `text` (text.split("\n")) where the reader knows
    # the geometry (PDF text layer, OCR); empty for text files
    line_boxes: tuple[Box | None, ...] = field(default_factory=tuple)
    method_reason: str | None = None  # one of METHOD_REASONS
    # a PDF text layer's own quality score after its repairs (kept when OCR replaces
    # it, so the two can be compared) and how many glyphs or words were repaired
    layer_quality: float | None = None
    layer_repairs: int | None = None
    # the page's pieces of ink (Glyph), in the reader's order; empty where unknown
    glyphs: tuple[Glyph, ...] = field(default_factory=tuple)


class ReadError(Exception):
    """A whole file could not be read; the message names the reason (not the path:
    the caller adds that)."""
