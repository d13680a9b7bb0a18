"""Limits on what one input file may cost, in one place (README "Limits").

Analysts point the tool at whatever agencies publish: a 2 GB scan, a PDF of 50,000
pages, a decompression bomb. Each limit has a safe default, can be changed on the
command line (`ita ingest --max-file-mb N --max-pages N`), and a file that hits one is
never dropped silently: it is `failed` (too large) or `partial` (pages beyond the limit
not read) with the reason in `files.error`, a `limit_exceeded` flag and a message on
stderr naming the file. A hit is a PageError of kind ErrorKind.LIMIT (page None where
it concerns the whole file), so it is known by its kind, not by its words.

OCR limits stay with the OCR settings (`pipeline.ocr.OcrSettings`): the
per-page timeout (`--ocr-timeout`, 120 s), the render resolution (`--dpi`) and the
largest page bitmap sent to Tesseract (60 Mpx; larger pages are downscaled). Images
over `pipeline.readers.image.MAX_PIXELS` (200 Mpx: decompression bombs) are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.pages import PageError
from schemas.vocab import ErrorKind

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 200
DEFAULT_MAX_PAGES = 500
# An ITA page holds a few thousand characters. Extraction looks back along a line for
# context, so one enormous line (a 10 MB file without a newline) costs time growing
# with its square: 1 MB took 10 s, 2 MB 37 s. A page is cut here.
DEFAULT_MAX_PAGE_CHARS = 200_000
# OCR of one file, beside the per-page --ocr-timeout (as Docling's document timeout):
# a 500-page scan of pages that each stop just short of the page timeout would
# otherwise hold a worker for hours. Wall time from the file's first page of OCR.
DEFAULT_MAX_FILE_SECONDS = 3600.0

# the flag kind a file gets when a limit cut it short or refused it
LIMIT_FLAG = "limit_exceeded"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * MB  # larger files are not read ('failed')
    max_pages: int = DEFAULT_MAX_PAGES  # pages beyond are not read ('partial')
    max_page_chars: int = DEFAULT_MAX_PAGE_CHARS  # the rest of a longer page is not read
    max_file_seconds: float = DEFAULT_MAX_FILE_SECONDS  # pages not begun by then are not OCR'd

    def too_large(self, size_bytes: int | None) -> str | None:
        """The reason a file of this size is refused, or None."""
        if size_bytes is None or size_bytes <= self.max_file_bytes:
            return None
        return (
            f"file too large: {size_bytes / MB:.1f} MB, over the limit of "
            f"{self.max_file_bytes / MB:g} MB (--max-file-mb); not read"
        )

    def page_note(self, n_pages: int) -> PageError | None:
        """The reason some pages of a file of `n_pages` pages are not read, or None."""
        if n_pages <= self.max_pages:
            return None
        return PageError(ErrorKind.LIMIT, None, (
            f"too many pages: {n_pages}, over the limit of {self.max_pages} (--max-pages); "
            f"pages {self.max_pages + 1}–{n_pages} not read"
        ))


    def chars_note(self, page_no: int, n_chars: int) -> PageError | None:
        """The reason page `page_no` of `n_chars` characters is cut, or None."""
        if n_chars <= self.max_page_chars:
            return None
        return PageError(ErrorKind.LIMIT, page_no, (
            f"page {page_no}: too many characters: {n_chars:,}, over the limit of "
            f"{self.max_page_chars:,}; the rest of the page not read"
        ))


    def time_note(self) -> PageError:
        """The reason the rest of a file's pages are not OCR'd."""
        return PageError(ErrorKind.LIMIT, None, (
            f"file time budget spent: {self.max_file_seconds:g} s of OCR (--file-timeout); "
            "the pages not begun by then are not OCR'd"
        ))


DEFAULT_LIMITS = Limits()

def limit_hits(errors) -> list[PageError]:
    """The errors (a page's or a file's) that report a limit hit."""
    return [e for e in map(PageError.of, errors) if e.kind == ErrorKind.LIMIT]
