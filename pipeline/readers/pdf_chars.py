"""A PDF page's glyphs as the reader uses them: straight from pdfminer's layout (pdfplumber's
coordinates, only the keys the reader needs), upright ones only, LibreOffice's raised tone
marks read back, and each glyph's ink top and bottom and the page's glyph boxes from pdfium.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.readers.pdf import PdfSource


@contextmanager
def pdfium_or_none(source: PdfSource):
    """The same PDF opened by pdfium, for its glyph boxes (see add_ink); None when
    pdfium cannot open it (the boxes are then pdfminer's)."""
    try:
        doc = open_pdfium(source if not isinstance(source, (bytearray, memoryview)) else bytes(source))
    except Exception:
        doc = None
    try:
        yield doc
    finally:
        if doc is not None:
            doc.close()


def add_ink(chars: list[dict], ink_doc, page_no: int) -> None:
    """Give each char the top and bottom of its glyph's ink ("ink_top", "ink_bottom",
    points from the page top), from pdfium's glyph boxes. pdfminer's character boxes
    come from the font's declared metrics and on some PDFs sit about half a line low
    (measured on the generated corpus: a digit's ink from 6.3 pt above pdfminer's top to
    4.7 pt below it, at 15 pt, so a line's box held a third of its ink); pdfium's are
    the glyph outlines. A char is matched to pdfium's by its text, its x (which both
    agree on) and a vertical distance under two font sizes; unmatched chars keep
    pdfminer's box."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = ink_doc[page_no - 1]
    try:
        tp = page.get_textpage()
        height = page.get_height()
        by_pos: dict[tuple[str, int], list[tuple]] = {}
        # pdfium's C calls directly: the Python wrappers cost ~18 ms a page, these ~3
        loose = pdfium_c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for i in range(tp.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i))
            if ch.isspace() or not ch.isprintable():
                continue
            pdfium_c.FPDFText_GetLooseCharBox(tp.raw, i, loose)
            pdfium_c.FPDFText_GetCharBox(tp.raw, i, left, right, bottom, top)
            by_pos.setdefault((ch, round(loose.left)), []).append(
                (loose.left, height - top.value, height - bottom.value))
        for c in chars:
            x0 = c["x0"]
            middle = (c["top"] + c["bottom"]) / 2
            for key in ((c["text"], round(x0)), (c["text"], round(x0) - 1), (c["text"], round(x0) + 1)):
                hit = next((b for b in by_pos.get(key, ()) if abs(b[0] - x0) < 1.0
                            and abs((b[1] + b[2]) / 2 - middle) < 2 * c["size"] and b[2] > b[1]), None)
                if hit:
                    c["ink_top"], c["ink_bottom"] = hit[1], hit[2]
                    break
    finally:
        page.close()


def page_glyphs(ink_doc, page_no: int) -> tuple:
    """The page's characters as pdfium draws them: (text, box as fractions of the page)
    from their glyph boxes (pipeline/pages.py Glyph), for the values' own boxes
    (pipeline/valuebox.py). Spaces pdfium makes up between words are left out."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = ink_doc[page_no - 1]
    try:
        tp = page.get_textpage()
        width, height = page.get_width(), page.get_height()
        if width <= 0 or height <= 0:
            return ()
        raw, get_unicode, get_box = tp.raw, pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharBox
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        refs = tuple(ctypes.byref(v) for v in (left, right, bottom, top))
        out = []
        for i in range(tp.count_chars()):
            ch = chr(get_unicode(raw, i))
            if ch.isspace() or not ch.isprintable() or not get_box(raw, i, *refs) or right.value <= left.value:
                continue
            # fractions of the page, origin top left (pipeline.pages.page_box, inlined: ~1,500 a page)
            out.append((ch, (round(min(max(left.value / width, 0.0), 1.0), 4),
                             round(min(max(1.0 - top.value / height, 0.0), 1.0), 4),
                             round(min(max(right.value / width, 0.0), 1.0), 4),
                             round(min(max(1.0 - bottom.value / height, 0.0), 1.0), 4))))
        return tuple(out)
    finally:
        page.close()

# Upper vowels (and the nikhahit of ำ) a tone mark stands over.
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d\u0e33")


def high_tone_marks(chars: list[dict]) -> int:
    """A glyph with no advance that the text layer calls a digit, right after an upper
    vowel, is the tone mark drawn high over it: LibreOffice maps Laksaman's raised
    mai tho to "0" ("ชี0แจง" for ชี้แจง, "ขั0นตอน", "นำ0าพอง"); a digit always advances.
    Returns how many were read so."""
    fixed = 0
    for prev, c in zip(chars, chars[1:]):
        if (len(c["text"]) == 1 and c["text"].isdigit() and c["text"].isascii()
                and abs(c["x1"] - c["x0"]) < 0.01 and prev["text"][-1:] in _UPPER_VOWELS):
            c["text"] = "\u0e49"
            fixed += 1
    return fixed


def upright_chars(chars: list[dict]) -> list[dict]:
    """Drop rotated glyphs (a diagonal "สำเนา" watermark, a sideways column heading)
    when most of the page is upright: each would otherwise become a one-letter line.
    A page that is mostly rotated keeps them all, and its quality score decides."""
    level = [c for c in chars if _is_level(c)]
    return level if len(level) * 2 >= len(chars) else chars


def _is_level(c: dict) -> bool:
    """Drawn left to right on a horizontal baseline (pdfminer's "upright" is also
    True for text at 45 degrees, so look at the text matrix itself)."""
    a, b, cc, d = c.get("matrix", (1, 0, 0, 1))[:4]
    return a > 0 and d > 0 and abs(b) <= 0.01 * a and abs(cc) <= 0.01 * d


@dataclass
class _Laid:
    chars: list[dict]
    images: list[dict]
    rules: list  # pdfminer's lines, rectangles and curves (what the table finder uses)


def layout_objects(page) -> _Laid:
    """The page's glyphs and images as pdfplumber's `page.chars` and `page.images` give
    them (same order, same coordinates: pdfplumber's process_object), with only the
    keys the reader uses, straight from pdfminer's layout. pdfplumber turns every
    object into a dict of all its attributes, each resolved recursively: a third of
    the time of reading a Word PDF."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    chars: list[dict] = []
    images: list[dict] = []
    rules: list = []

    def walk(objs) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                chars.append({
                    "text": obj.get_text(), "size": obj.size, "matrix": obj.matrix,
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top,
                })
            elif isinstance(obj, LTImage):
                images.append({
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top,
                })
            elif isinstance(obj, LTCurve):  # LTLine and LTRect are curves too
                rules.append(obj)

    walk(page.layout._objs)
    return _Laid(chars, images, rules)


def open_pdfium(data: PdfSource):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data if not isinstance(data, (bytearray, memoryview)) else bytes(data))
