"""The Tesseract engine: settings, the C API or the `tesseract` command (pytesseract), one
OpenMP thread, per-page deadlines, orientation detection, and Tesseract's words as OcrWord.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
import unicodedata
from typing import TYPE_CHECKING

from PIL import Image

from pipeline.ocr.cache import OcrCache, _cached_words
from pipeline.ocr.settings import ENGINE_LIBRARY, OcrFailure, OcrWord
from pipeline.ocr.tesseract_api import EngineError, EngineTimeout, InProcessTesseract

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings


class _ThreadLimit:
    """OMP_THREAD_LIMIT=1 for the Tesseract child process (pytesseract passes our
    environment on): parallelism comes from the page pool, not from OpenMP."""

    def __enter__(self):
        self.old = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"

    def __exit__(self, *exc):
        if self.old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = self.old


def _remaining(deadline: float, timeout_s: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrFailure(f"OCR timed out after {timeout_s:g} s")
    return left


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or "timeout" in str(exc).lower()


def tesseract_words(image: Image.Image, settings: OcrSettings, deadline: float) -> list[OcrWord]:
    """Words of image_to_data (cached). Raises OcrFailure."""
    cache = OcrCache.for_settings(settings)
    key = cache.key(image, "data", settings.lang, str(settings.psm)) if cache else None
    if cache and (hit := cache.get(key)) is not None and (words := _cached_words(hit)) is not None:
        return words
    left = _remaining(deadline, settings.timeout_s)
    try:
        data = tesseract_data(image, settings, left)
    except UnicodeDecodeError as exc:
        raise OcrFailure(f"OCR output is not valid UTF-8: {exc}") from exc
    except OcrFailure:
        raise
    except Exception as exc:  # TesseractError, RuntimeError (timeout), OSError, ...
        if _is_timeout(exc):
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        raise OcrFailure(f"Tesseract failed: {type(exc).__name__}: {_short(exc)}") from exc
    words = words_from_data(data)
    if cache:
        cache.put(key, {"words": [dataclasses.asdict(w) for w in words]})
    return words


def tesseract_data(image: Image.Image, settings: OcrSettings, left_s: float) -> dict:
    """image_to_data's dict for the image: from the Tesseract library loaded in this
    process (pipeline/readers/tesseract_api.py; the same words, without reloading the
    models for every page) or, with engine "command" or without the library, from the
    `tesseract` command through pytesseract."""
    import pytesseract

    engine = InProcessTesseract.get(settings.lang) if settings.engine == ENGINE_LIBRARY else None
    if engine is not None:
        try:
            raw = engine.tsv(image, settings.psm, left_s)
        except EngineTimeout as exc:
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        except EngineError as exc:
            raise OcrFailure(f"Tesseract failed: {exc}") from exc
        # the command's output goes through the same parser (conf as whole numbers)
        return pytesseract.pytesseract.file_to_dict(raw.decode("utf-8"), "\t", -1)
    with _ThreadLimit():
        return pytesseract.image_to_data(
            _uncompressed(image), lang=settings.lang, config=f"--psm {settings.psm}",
            output_type=pytesseract.Output.DICT, timeout=max(1, int(left_s + 0.999)),
        )


def _uncompressed(image: Image.Image) -> Image.Image:
    """The image as pytesseract will hand it over: pytesseract writes a temporary file in
    `image.format`, PNG when unset, and PNG-compressing a 300-dpi page costs ~0.3 s (plus
    Tesseract's decoding) against ~0.01 s for PGM; Tesseract reads the same pixels."""
    if image.mode not in ("L", "RGB", "1"):
        return image
    image = image.copy()
    image.format = "PPM"  # Pillow's PPM writer: binary PGM for grey, PPM for colour
    return image


def _short(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text[:limit] + ("…" if len(text) > limit else "")

_SURROGATES = re.compile("[\ud800-\udfff\ufffd]")


def words_from_data(data) -> list[OcrWord]:
    """OcrWords from image_to_data's dict (level-5 rows with text). Raises OcrFailure
    when the dict is not what Tesseract writes."""
    try:
        n = len(data["text"])
        cols = ("conf", "left", "top", "width", "height", "block_num", "par_num", "line_num", "word_num")
        if any(len(data[c]) != n for c in cols):
            raise OcrFailure("OCR output is malformed: columns of different lengths")
        words = []
        for i in range(n):
            text = data["text"][i]
            if not isinstance(text, str):
                text = "" if text is None else str(text)
            text = _SURROGATES.sub("", unicodedata.normalize("NFC", text)).strip()
            if not text or "level" in data and int(data["level"][i]) != 5:
                continue
            words.append(OcrWord(
                text=text, conf=float(data["conf"][i]),
                left=int(data["left"][i]), top=int(data["top"][i]),
                width=int(data["width"][i]), height=int(data["height"][i]),
                block=int(data["block_num"][i]), par=int(data["par_num"][i]),
                line=int(data["line_num"][i]), word=int(data["word_num"][i]),
            ))
        return words
    except OcrFailure:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise OcrFailure(f"OCR output is malformed: {type(exc).__name__}: {exc}") from exc

_ROTATE = re.compile(r"Rotate:\s*(\d+)")


def _orientation(image: Image.Image, settings: OcrSettings, deadline: float) -> int:
    """Degrees to turn the page clockwise (0, 90, 180, 270) by Tesseract OSD; 0 when
    OSD cannot tell (too few letters) or fails."""
    cache = OcrCache.for_settings(settings)
    key = cache.key(image, "osd") if cache else None
    if cache and (hit := cache.get(key)) is not None and hit.get("rotate") in (0, 90, 180, 270):
        return hit["rotate"]
    import pytesseract

    left = _remaining(deadline, settings.timeout_s)
    try:
        with _ThreadLimit():
            out = pytesseract.image_to_osd(_uncompressed(image), config="--psm 0", timeout=max(1, int(left + 0.999)))
    except Exception as exc:
        if _is_timeout(exc):
            raise OcrFailure(f"OCR timed out after {settings.timeout_s:g} s") from exc
        return 0  # "Too few characters", no osd data: keep the page as it is
    m = _ROTATE.search(out if isinstance(out, str) else "")
    angle = int(m.group(1)) % 360 if m else 0
    if cache:
        cache.put(key, {"rotate": angle})
    return angle
