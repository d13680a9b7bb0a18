"""OCR of page images with Tesseract (Thai), one module a concern:

- settings.py — OcrSettings, OcrWord, OcrFailure, the Tesseract version;
- tesseract_api.py — the Tesseract library through its C API (ctypes), loaded once a worker;
- engine.py — a reading: the C API or the `tesseract` command, one thread, deadlines, orientation;
- cache.py — the on-disk OCR cache, checksummed;
- tables.py — ruled tables: rules, skew, erasing, cells, checkboxes;
- lines.py — lines and table rows rebuilt from word boxes (the page-text convention);
- glyphs.py, runs.py, digits.py — numbers re-read by the digit model (inference only;
  training is samples/digit_model.py);
- photo.py — a page photograph made flat (OpenCV) before it is read;
- scale.py — the page's text height, and the page shrunk to a target one (a setting, off);
- page.py — `ocr_page` / `ocr_file_page`: one page from image to PageResult.
"""

import importlib

# Loaded when first asked for (PEP 562): `from pipeline.ocr import tesseract_api` (the run's
# Ctrl-C handling) must not load page.py's numpy, OpenCV and Pillow into a run that reads
# no image (`ita ingest` of text files, a re-run with nothing new).
_EXPORTS = {"ocr_file_page": "page", "ocr_page": "page", "ENGINE_COMMAND": "settings",
            "ENGINE_LIBRARY": "settings", "OcrSettings": "settings", "OcrWord": "settings"}

__all__ = ["ENGINE_COMMAND", "ENGINE_LIBRARY", "OcrSettings", "OcrWord", "ocr_file_page", "ocr_page"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"pipeline.ocr.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'pipeline.ocr' has no attribute {name!r}")
