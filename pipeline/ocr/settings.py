"""What OCR is asked to do and what it gives back: the settings of a reading (language,
page segmentation, resolution, deadlines, engine), Tesseract's word with its box, and the
failure a page's reading ends in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.ocr import tesseract_api

DEFAULT_LANG = "tha+eng"

# Page segmentation mode, measured on generated scans (docs/architecture.md, OCR):
# psm 4 (one column of variable-size text) reads prose as well as psm 3 and keeps
# ruled-table rows; psm 3 splits tables into blocks, psm 6 merges headings.
DEFAULT_PSM = 4

DEFAULT_DPI = 300

# Off (0): a page is read at its own resolution. With a height (px, median letter
# component: pipeline/ocr/scale.py) a page whose letters are taller is shrunk to it,
# never enlarged (a 200-dpi A4 scan's text measures ~22 px, a 300-dpi one's ~33 px).
# Measured on the corpus's 12 clean 300-dpi scans (docs/architecture.md, OCR): 22 px
# read 18% faster but CER 2.5 -> 3.4%, measures F1 0.98 -> 0.93; 28 px 6% faster,
# CER 3.5%: not worth it.
TEXT_HEIGHT_PX = 0

STRIP_PSM = 6  # for the strip of table cells Tesseract skipped (_read_missed_cells)

DEFAULT_TIMEOUT_S = 120.0

DEFAULT_MAX_PIXELS = 60_000_000

ENGINE_LIBRARY, ENGINE_COMMAND = "library", "command"


@dataclass(frozen=True)
class OcrSettings:
    lang: str = DEFAULT_LANG
    psm: int = DEFAULT_PSM
    dpi: int = DEFAULT_DPI  # rasterisation of PDF pages that are not one scanned image
    native_dpi: bool = True  # a scanned PDF page is rendered at its image's resolution
    text_height_px: int = TEXT_HEIGHT_PX  # pages with taller text are shrunk to it (0: off)
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


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    """The Tesseract that reads pages: the library's version where it loads (the
    command runs the same library), else the command's."""
    import pytesseract

    return tesseract_api.version() or str(pytesseract.get_tesseract_version())
