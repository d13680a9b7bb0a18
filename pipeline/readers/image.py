"""Page images (PNG, JPEG, TIFF incl. multi-page). `read_image` lists the pages (each
needs OCR: pipeline/ocr/ reads them); `page_image` loads one of them. The
reader interface (pipeline/readers/registry.py): `pages`, `pages_to_ocr`, `page_image`."""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.pages import NO_TEXT_LAYER, NONE, PageResult, Read, ReadError

# Pillow's own guard against decompression bombs (~179 Mpx) turned into an error here.
MAX_PIXELS = 200_000_000


def read_image(data: bytes) -> list[PageResult]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                # every frame's size, before any is decoded (seeking reads a frame's
                # header only): Pillow's own check sees the first frame alone
                n = 0
                for n, frame in enumerate(ImageSequence.Iterator(im), 1):
                    _check_size(frame, n)
    except UnidentifiedImageError as e:
        raise ReadError(f"not a readable image: {_why_unidentified(data)}") from e
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ReadError(f"not a readable image: {_no_repr(e)}") from e
    except (OSError, SyntaxError, ValueError) as e:
        raise ReadError(f"corrupt image: {_no_repr(e)}") from e
    return [PageResult(page_no=i, method=NONE, text="", needs_ocr=True, method_reason=NO_TEXT_LAYER)
            for i in range(1, n + 1)]


_REPR = re.compile(r"<[^<>]* object at 0x[0-9a-fA-F]+>")


def _no_repr(e: BaseException) -> str:
    """Pillow's message without the repr of the buffer it read from."""
    return _REPR.sub("the image", str(e))


def _why_unidentified(data: bytes) -> str:
    """Why Pillow could identify no format: the error of the format the magic bytes
    name (a PNG with a bad header checksum), which Pillow's open() swallows."""
    from PIL import JpegImagePlugin, PngImagePlugin, TiffImagePlugin

    plugin = (PngImagePlugin.PngImageFile if data.startswith(b"\x89PNG") else
              JpegImagePlugin.JpegImageFile if data.startswith(b"\xff\xd8") else
              TiffImagePlugin.TiffImageFile if data[:2] in (b"II", b"MM") else None)
    if plugin is not None:
        try:
            plugin(io.BytesIO(data)).close()
        except Exception as e:
            return _no_repr(e)
    return "no image format recognised in its header"


def _check_size(im: Image.Image, page_no: int) -> None:
    if im.width * im.height > MAX_PIXELS:
        where = f"page {page_no}: " if page_no > 1 else ""
        raise ReadError(f"{where}image too large: {im.width}×{im.height} pixels, "
                        f"over {MAX_PIXELS // 1_000_000} Mpx (a decompression bomb?); not read")


def pages(data: bytes, limits) -> Read:
    """Every frame a page to OCR (ingest keeps the first limits.max_pages)."""
    read = read_image(data)
    return Read(read, len(read))


def pages_to_ocr(path: str, pages: list[PageResult], size_bytes: int | None) -> dict[int, float]:
    """Every frame, each weighed by the file's bytes per frame."""
    per_frame = float(size_bytes or 1) / max(1, len(pages))
    return {p.page_no: per_frame for p in pages if p.needs_ocr}


def page_image(source: bytes | str, page_no: int, settings=None) -> Image.Image:
    """Frame `page_no` (1-based) of an image file (bytes or a path), fully loaded.
    Raises ReadError when it cannot be decoded. Size was checked by read_image.
    (`settings`, the OCR settings, are not needed to load a frame.)"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            old, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_PIXELS
            try:
                src = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
                with Image.open(src) as im:
                    im.seek(page_no - 1)
                    _check_size(im, page_no)  # the file may have changed since read_image
                    im.load()
                    return im.copy()
            finally:
                Image.MAX_IMAGE_PIXELS = old
    except EOFError as e:
        raise ReadError(f"page {page_no}: no such page") from e
    except (UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise ReadError(f"page {page_no}: not a readable image: {_no_repr(e)}") from e
    except (OSError, SyntaxError, ValueError) as e:
        raise ReadError(f"page {page_no}: corrupt image: {_no_repr(e)}") from e
