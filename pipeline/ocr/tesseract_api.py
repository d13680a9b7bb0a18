"""Tesseract in-process: the system's libtesseract through its C API (ctypes).

    engine = InProcessTesseract.get("tha+eng")     # None where libtesseract is missing
    tsv = engine.tsv(grey_image, psm=4, timeout_s=120)   # what `tesseract … tsv` prints

Why: the `tesseract` command (what pytesseract runs) loads the `tha+eng` models for
every page (~0.2 s) and reads the page from a temporary file. One engine per worker
process keeps the models loaded; the page goes over as pixels. It is the same library
the command uses (Debian's libtesseract5 is what `tesseract-ocr` runs), so the words
are the same as pytesseract's, byte for byte (tests/test_ocr.py checks a crop) and
the OCR cache stays valid. tesserocr would do this too, but its wheel bundles another
Tesseract build (5.5 against Debian's 5.3), and building it from source needs the -dev
packages and a compiler on every machine.

A crash inside the library kills the process it runs in, not just the page: the
ingest pool retries a crashed file in a fresh process with the `tesseract` command
(OcrSettings.engine = "command"), where a crash is one page's error.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
import time

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported when a page is read: `ita` loads this module at start
    from PIL import Image

# The header `tesseract … tsv` writes before the rows (GetTSVText gives only rows).
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"

_P = ctypes.c_void_p


class EngineError(Exception):
    """The library could not read the page (not a timeout)."""


class EngineTimeout(Exception):
    """The page ran past its deadline; Tesseract stopped recognising it."""


def _load() -> ctypes.CDLL | None:
    # OpenMP reads its thread limit when the library loads: one thread per worker,
    # parallelism comes from the page pool (as OMP_THREAD_LIMIT=1 does for the command)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    sig = {
        "TessVersion": ([], ctypes.c_char_p),
        "TessBaseAPICreate": ([], _P),
        "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
        "TessBaseAPISetImage": ([_P, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
        "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], _P),
        "TessBaseAPIClear": ([_P], None),
        "TessBaseAPIEnd": ([_P], None),
        "TessBaseAPIDelete": ([_P], None),
        "TessDeleteText": ([_P], None),
        "TessMonitorCreate": ([], _P),
        "TessMonitorDelete": ([_P], None),
        "TessMonitorSetDeadlineMSecs": ([_P, ctypes.c_int], None),
        "TessMonitorSetCancelFunc": ([_P, _P], None),
    }
    try:
        for fn, (args, res) in sig.items():
            f = getattr(lib, fn)
            f.argtypes, f.restype = args, res
    except AttributeError:  # a Tesseract 3 library, or something else by that name
        return None
    return lib


class _Cancel:
    """Stopping the page being recognised, for Ctrl-C and SIGTERM. A Python signal
    handler cannot run while the library works, except in a callback the library
    calls: Tesseract asks its monitor's cancel function after each word, and that
    function runs the pending handler (ingest's), which calls `cancel()` instead of
    raising inside the callback (where the exception would be lost). The library then
    stops within a word or two and `tsv` raises KeyboardInterrupt."""

    enabled = False  # set by whoever installs such a handler (pipeline.ingest)
    running = False  # a page is in TessBaseAPIRecognize now
    requested = False


def cancel() -> bool:
    """Stop the page being recognised in this process, if one is; True when one was
    (the caller must then return from its signal handler, not raise)."""
    if _Cancel.running:
        _Cancel.requested = True
        return True
    return False


def enable_cancel(on: bool) -> None:
    _Cancel.enabled = on


@ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_int)
def _should_cancel(_this, _words) -> bool:
    return _Cancel.requested


_lib: ctypes.CDLL | None | bool = False  # False: not tried yet
_lock = threading.Lock()


def library() -> ctypes.CDLL | None:
    global _lib
    with _lock:
        if _lib is False:
            _lib = _load()
        return _lib


def version() -> str | None:
    """The library's version ("5.3.0"), None without the library."""
    lib = library()
    return lib.TessVersion().decode() if lib else None


class InProcessTesseract:
    """One loaded Tesseract (one language set) in this process. Not thread-safe: a
    worker process reads one page at a time."""

    _engines: dict[str, "InProcessTesseract | None"] = {}

    @classmethod
    def get(cls, lang: str) -> "InProcessTesseract | None":
        """The process's engine for `lang`; None where the library is missing or the
        language cannot be loaded (the caller then runs the command, which says why)."""
        if lang not in cls._engines:
            lib = library()
            handle = lib.TessBaseAPICreate() if lib else None
            if handle and lib.TessBaseAPIInit3(handle, None, lang.encode()) != 0:
                lib.TessBaseAPIDelete(handle)
                handle = None
            cls._engines[lang] = cls(lib, lang, handle) if handle else None
        return cls._engines[lang]

    def __init__(self, lib: ctypes.CDLL, lang: str, handle):
        """`handle`: a TessBaseAPI initialised for `lang` (see get)."""
        self.lib, self.lang, self.handle = lib, lang, handle
        # Tesseract's notes ("Estimating resolution as 434") went to the command's
        # stderr, which pytesseract swallows; in-process they would reach the analyst's
        lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
        atexit.register(self.close)

    def close(self) -> None:
        if self.handle:
            self.lib.TessBaseAPIEnd(self.handle)
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None

    def tsv(self, image: Image.Image, psm: int, timeout_s: float) -> bytes:
        """The page's TSV rows (UTF-8 bytes, header first), as `tesseract IMG - tsv`
        prints them. Raises EngineTimeout past timeout_s, EngineError otherwise."""
        if not self.handle:
            raise EngineError("Tesseract engine is closed")
        if image.mode not in ("L", "RGB"):
            image = image.convert("L")
        import numpy as np

        pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
        height, width = pixels.shape[:2]
        depth = 1 if pixels.ndim == 2 else pixels.shape[2]
        lib, api = self.lib, self.handle
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessBaseAPISetPageSegMode(api, int(psm))
            lib.TessBaseAPISetImage(api, pixels.ctypes.data, width, height, depth, width * depth)
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout_s * 1000)))
            if _Cancel.enabled:
                lib.TessMonitorSetCancelFunc(monitor, ctypes.cast(_should_cancel, _P))
            started = time.monotonic()
            _Cancel.running, _Cancel.requested = True, False
            try:
                failed = lib.TessBaseAPIRecognize(api, monitor) != 0
            finally:
                _Cancel.running = False
            if _Cancel.requested:
                raise KeyboardInterrupt
            if failed:
                if time.monotonic() - started >= 0.9 * timeout_s:
                    raise EngineTimeout()
                raise EngineError("Tesseract could not recognise the page")
            text = lib.TessBaseAPIGetTsvText(api, 0)
            if not text:
                raise EngineError("Tesseract returned no output")
            try:
                rows = ctypes.string_at(text)
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessBaseAPIClear(api)
            lib.TessMonitorDelete(monitor)
        return TSV_HEADER.encode() + b"\n" + rows
