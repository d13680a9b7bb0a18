"""The OCR cache on disk: Tesseract's words keyed by the exact image, engine and settings,
checksummed so a damaged entry is a miss, never a wrong reading.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from pipeline.ocr.settings import OcrWord, tesseract_version

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings

# Bump when preprocessing (the image sent to Tesseract) or the cached record changes.
CACHE_FORMAT = 2


class OcrCache:
    """Tesseract output on disk, one JSON file per (image, engine, settings) key, so a
    re-run (a changed database, --reextract of another version) does not OCR again."""

    def __init__(self, root: Path):
        self.root = root

    @staticmethod
    def for_settings(settings: OcrSettings) -> "OcrCache | None":
        where = settings.cache_dir if settings.cache_dir is not None else os.environ.get("ITA_OCR_CACHE")
        if where is not None and where.strip().lower() in ("", "off", "0", "none"):
            return None
        root = Path(where) if where else Path.home() / ".cache" / "ita-ocr"
        return OcrCache(root)

    def key(self, image: Image.Image, *parts: str) -> str:
        h = hashlib.sha256()
        h.update(f"{CACHE_FORMAT}|{tesseract_version()}|{image.mode}|{image.size}|{'|'.join(parts)}|".encode())
        h.update(image.tobytes())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The entry stored under `key`, or None: missing, not JSON, or its checksum
        not that of its content and key (an entry edited, cut short, or copied under
        another key; one from before checksums). The caller checks the content's shape
        and reads the page again on None; put() then replaces the entry."""
        try:
            with open(self._path(key), encoding="utf-8") as f:
                value = json.load(f)
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or value.pop(_CHECK, None) != _checksum(key, value):
            return None
        return value

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({**value, _CHECK: _checksum(key, value)}, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:  # a read-only or full cache costs time, not results
            if tmp is not None:  # nor a half-written file left behind
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

_CHECK = "sha256"  # beside the entry's own fields, so older readers still find "words"


def _checksum(key: str, value: dict) -> str:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{key}|{body}".encode("utf-8", "surrogatepass")).hexdigest()

_WORD_FIELDS = {f.name: f.type for f in dataclasses.fields(OcrWord)}


def _cached_words(hit: dict) -> list[OcrWord] | None:
    """The words of a cache entry, or None when they are not what put() wrote (a list
    of whole OcrWords, each field of its type): the page is then read again."""
    words = hit.get("words")
    if not isinstance(words, list):
        return None
    out = []
    for w in words:
        if not isinstance(w, dict) or w.keys() != _WORD_FIELDS.keys():
            return None
        for name, kind in _WORD_FIELDS.items():
            v = w[name]
            if isinstance(v, bool) or not (isinstance(v, str) if kind == "str" else
                                           isinstance(v, (int, float)) if kind == "float" else
                                           isinstance(v, int)):
                return None
        if not w["text"]:
            return None
        out.append(OcrWord(**w))
    return out
