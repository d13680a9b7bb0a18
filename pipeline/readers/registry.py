"""Input formats, registered by media type: the one place that knows them.

A file's type is told by its first bytes (`sniff`), never by its extension; the
`Reader` registered for that media type reads it. Ingest and discovery ask this module
and name no format themselves, so a new format is a backend module plus one entry in
READERS.

A backend is a module under pipeline/readers with these functions (the reader
interface; imported only when a file of its type is read, so a run of text files
does not load pdfplumber):

- `pages(data: bytes, limits: Limits) -> pipeline.pages.Read` — the file's pages in
  the page text convention (pipeline/pages.py) and how many it has; it may stop at
  `limits.max_pages` (ingest cuts the rest and notes it). Raises ReadError when the
  file cannot be read at all.
- `pages_to_ocr(path: str, pages, size_bytes) -> dict[int, float]` (optional) — the
  pages that need OCR, each with the work it is likely to take (the pool starts the
  heaviest first). Without it, no page is OCR'd.
- `page_image(path: str, page_no: int, settings: OcrSettings) -> PIL image | None`
  (optional) — the page as an image for OCR; None for a page that draws nothing.
  Raises ReadError (naming the page) when it cannot be rendered.

The sniffers stay here: they run on every file and must not import a backend.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from pipeline.pages import ReadError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
UNKNOWN = "application/octet-stream"
EMPTY = "inode/x-empty"

# files that are each one page image (or a few, TIFF): pipeline/groups.py may join
# several into one document
IMAGE_TYPES = (PNG, JPEG, TIFF)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_MARKERS = (b"<p", b"<ul", b"<ol", b"<li", b"<input", b"<table", b"<html", b"<div", b"<br")


@dataclass(frozen=True)
class Reader:
    """One input format: how to recognise it and the backend that reads it. A reader
    with no backend refuses its files with `refusal` (a zip archive, an empty file)."""

    name: str  # as a user calls the format, in messages ("PDF", "Word (DOCX)")
    media_type: str  # stored in files.media_type
    sniff: Callable[[bytes], bool]  # the file's first bytes (8 KiB) are of this format
    backend: str | None = None  # module implementing the reader interface (above)
    refusal: str | None = None  # why files of this type are not read (backend None)

    def _module(self):
        if self.backend is None:
            raise ReadError(self.refusal or f"unsupported file type ({self.name})")
        return importlib.import_module(self.backend)

    def pages(self, data: bytes, limits):
        """The file's pages (pipeline.pages.Read)."""
        return self._module().pages(data, limits)

    def pages_to_ocr(self, path: str, pages, size_bytes: int | None) -> dict[int, float]:
        """Pages to OCR, page number: expected work (none for a format without OCR)."""
        fn = getattr(self._module(), "pages_to_ocr", None)
        return fn(path, pages, size_bytes) if fn else {}

    def page_image(self, path: str, page_no: int, settings):
        """Page `page_no` as an image for OCR (None: the page draws nothing)."""
        fn = getattr(self._module(), "page_image", None)
        if fn is None:
            raise ReadError(f"page {page_no}: a {self.name} page has no image to read")
        return fn(path, page_no, settings)


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # some writers put junk before the header


def _is_docx(head: bytes) -> bool:
    """A zip whose first entries include the Word part (`word/document.xml`): Word,
    LibreOffice and python-docx all write it within the first few KiB."""
    return head[:4] in _ZIP_MAGIC and b"word/" in head


def _is_text(head: bytes) -> bool:
    """UTF-8, UTF-16 or a single-byte Thai encoding: few control bytes other than
    whitespace (UTF-16 has NULs in a regular pattern, so BOM or alternating NULs)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    sample = head[:4096]
    nuls_even = sample[0::2].count(0)
    nuls_odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if max(nuls_even, nuls_odd) > 0.3 * half and min(nuls_even, nuls_odd) < 0.05 * half:
        return True  # UTF-16 without BOM
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C
    return control <= 0.01 * len(sample)


# control bytes that text does not hold (tab, newline, form feed and CR it does)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _is_html(head: bytes) -> bool:
    lowered = head.lower()
    return _is_text(head) and any(m in lowered for m in _HTML_MARKERS)


# In sniffing order: the first whose sniff accepts the bytes names the type (a DOCX is
# a zip, so before the zip; HTML is text, so before text; a zip of stored text would
# pass for text, so the zip before both).
READERS: tuple[Reader, ...] = (
    Reader("empty file", EMPTY, lambda head: not head, refusal="empty file (0 bytes)"),
    Reader("PDF", PDF, _is_pdf, "pipeline.readers.pdf"),
    Reader("PNG image", PNG, lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "pipeline.readers.image"),
    Reader("JPEG image", JPEG, lambda head: head.startswith(b"\xff\xd8\xff"), "pipeline.readers.image"),
    Reader("TIFF image", TIFF, lambda head: head[:4] in (b"II*\x00", b"MM\x00*"), "pipeline.readers.image"),
    Reader("Word (DOCX)", DOCX, _is_docx, "pipeline.readers.word"),
    Reader("zip archive", ZIP, lambda head: head[:4] in _ZIP_MAGIC,
           refusal="unsupported file type: a zip archive (archives are not opened: unpack it "
                   "and ingest the folder)"),
    Reader("HTML", HTML, _is_html, "pipeline.readers.text"),
    Reader("text", TEXT, _is_text, "pipeline.readers.text"),
)
_BY_TYPE = {r.media_type: r for r in READERS}


def sniff(head: bytes) -> str:
    """Media type from the first bytes of a file (UNKNOWN when no reader knows them)."""
    return next((r.media_type for r in READERS if r.sniff(head)), UNKNOWN)


def reader(media_type: str) -> Reader:
    """The reader of a media type. A type no reader reads gets one that refuses it."""
    found = _BY_TYPE.get(media_type)
    if found is not None:
        return found
    readable = ", ".join(r.name for r in READERS if r.backend)
    return Reader(media_type, media_type, lambda head: False,
                  refusal=f"unsupported file type (not one of: {readable})")
