"""Page images (PNG, JPEG, TIFF incl. multi-page). Until the OCR reader lands, every
page of an image is recorded as needing OCR."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.pages import NONE, PageResult, ReadError

# Pillow's own guard against decompression bombs (~179 Mpx) turned into an error here.
MAX_PIXELS = 200_000_000


def read_image(data: bytes) -> list[PageResult]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                if im.width * im.height > MAX_PIXELS:
                    raise ReadError(f"image too large: {im.width}×{im.height} pixels")
                n = sum(1 for _ in ImageSequence.Iterator(im))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ReadError(f"not a readable image: {e}") from e
    except (OSError, SyntaxError, ValueError) as e:
        raise ReadError(f"corrupt image: {e}") from e
    return [PageResult(page_no=i, method=NONE, text="", needs_ocr=True) for i in range(1, n + 1)]
