"""A PDF page's glyphs as the reader uses them, each source read once a page (issue #23):
upright ones only, LibreOffice's raised tone marks read back.

- pdfminer's interpreter gives the text (content-stream order, through the font-aware
  resource manager of readers/pdf_fonts.py) and each glyph's box from the font's metrics.
  `layout_objects` makes the reader's char dicts in the device's render_string (render_char
  inlined for horizontal fonts), with the numbers pdfplumber's `page.chars` has (LTChar's
  float operations, the same order):
  pdfplumber's page.layout built an LTChar object per glyph (colour space, graphic
  state, an "upright" test) that the reader then walked to copy seven values out of.
  Images and rules stay pdfminer's objects.
- pdfium gives the glyphs' ink (their outlines' boxes): one text page a page serves both
  the line boxes' ink (`add_ink`) and the values' glyphs (`PdfiumPage.glyphs`,
  pipeline/valuebox.py), which were two passes that each loaded the page and its text.

Why not pdfium for the text too: on each of 173 pages (the committed corpus and a
generated set of every digital family) pdfium's characters differ from pdfminer's in
text or order (it maps private-use marks, merges a shaped sara am, drops overlapping
duplicates and spaces, reorders stacked marks), and the reader's Thai repairs were
measured on pdfminer's stream. pdfminer's interpreter runs on readers/pdf_tokens.py's
tokenizer (the same tokens, cut by one regular expression).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.utils import mult_matrix
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.readers.pdf_tokens import FastInterpreter

if TYPE_CHECKING:
    from pipeline.readers.pdf import PdfSource

log = logging.getLogger(__name__)


@contextmanager
def pdfium_or_none(source: PdfSource):
    """The same PDF opened by pdfium, for its glyph boxes (read_pdfium_page); None when
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
class Laid:
    chars: list[dict]
    images: list[dict]
    rules: list  # pdfminer's lines, rectangles and curves (what the table finder uses)


class _CharDevice(PDFPageAggregator):
    """pdfminer's page aggregator whose glyphs become the reader's char dicts as they
    are drawn (in drawing order, which is the order of a depth-first walk of the layout
    tree) instead of LTChar objects in the tree. Images and paths stay in the tree."""

    def __init__(self, rsrcmgr, pageno: int, height: float, mb_x0: float, mb_top: float) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.chars: list[dict] = []
        self._height, self._mb_x0, self._mb_top = height, mb_x0, mb_top

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        """pdfminer's PDFTextDevice.render_string and render_string_horizontal with
        render_char's work for a horizontal font inlined (the same float operations in
        the same order, so the same numbers): per glyph, the calls between them cost
        as much as the glyph's own arithmetic. A vertical font goes pdfminer's way."""
        font = textstate.font
        if font is None or font.is_vertical():
            super().render_string(textstate, seq, ncs, graphicstate)
            return
        matrix = mult_matrix(textstate.matrix, self.ctm)
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = textstate.wordspace * scaling
        rise = textstate.rise
        if font.is_multibyte():
            wordspace = 0
        dxscale = 0.001 * fontsize * scaling
        (x, y) = textstate.linematrix
        a, b, c, d, e0, f0 = matrix
        # LTChar.__init__'s box, per glyph: only adv and the origin (e, f) change
        descent = font.get_descent() * fontsize
        by0 = descent + rise
        by1 = descent + rise + fontsize
        to_unichr, char_width, fontname = font.to_unichr, font.char_width, font.fontname
        chars, height, mb_x0, mb_top = self.chars, self._height, self._mb_x0, self._mb_top
        # an unrotated, unskewed matrix (almost every glyph): with b = c = 0 the box's
        # four corners are two x and two y values, the same floats as below wherever
        # the origin is off both axes (e, f nonzero: then the zero terms cannot change
        # a sum, not even a zero's sign), and min/max of the pairs scan as of the four
        level = b == 0 and c == 0 and math.isfinite(by0) and math.isfinite(by1)
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    # utils.translate_matrix(matrix, (x, y))
                    e, f = x * a + y * c + e0, x * b + y * d + f0
                    try:
                        text = to_unichr(cid)
                        assert isinstance(text, str), str(type(text))
                    except PDFUnicodeNotDefined:
                        text = self.handle_undefined_char(font, cid)
                    adv = char_width(cid) * fontsize * scaling
                    if text:
                        if level and e and f:
                            right, low, high = a * adv + e, d * by0 + f, d * by1 + f
                            x0, x1 = min(e, right), max(e, right)
                            y0, y1 = min(low, high), max(low, high)
                        else:
                            xs = (a * 0 + c * by0 + e, a * adv + c * by0 + e, a * adv + c * by1 + e,
                                  a * 0 + c * by1 + e)
                            ys = (b * 0 + d * by0 + f, b * adv + d * by0 + f, b * adv + d * by1 + f,
                                  b * 0 + d * by1 + f)
                            x0 = min(xs[0], xs[3], xs[1], xs[2])
                            x1 = max(xs[0], xs[3], xs[1], xs[2])
                            y0 = min(ys[0], ys[1], ys[2], ys[3])
                            y1 = max(ys[0], ys[1], ys[2], ys[3])
                        chars.append({
                            "text": text, "size": y1 - y0, "matrix": (a, b, c, d, e, f),
                            "fontname": fontname,
                            "x0": x0 + mb_x0 if mb_x0 != 0 else x0,
                            "x1": x1 + mb_x0 if mb_x0 != 0 else x1,
                            "top": (height - y1) + mb_top, "bottom": (height - y0) + mb_top,
                        })
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                log.warning("Cannot render horizontal string because %r is not a valid int, float or bytes.",
                            obj)
        textstate.linematrix = (x, y)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        if font.is_vertical():  # rare: pdfminer's own object, its own box rules
            item = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid),
                          font.char_disp(cid), ncs, graphicstate)
            self._add(text, item.size, matrix, item.x0, item.y0, item.x1, item.y1, font.fontname)
            return item.adv
        # LTChar.__init__, horizontal, with apply_matrix_rect inlined
        adv = font.char_width(cid) * fontsize * scaling
        descent = font.get_descent() * fontsize
        by0 = descent + rise
        by1 = descent + rise + fontsize
        a, b, c, d, e, f = matrix
        xs = (a * 0 + c * by0 + e, a * adv + c * by0 + e, a * adv + c * by1 + e, a * 0 + c * by1 + e)
        ys = (b * 0 + d * by0 + f, b * adv + d * by0 + f, b * adv + d * by1 + f, b * 0 + d * by1 + f)
        # apply_matrix_rect's min/max order: left1, left2, right1, right2
        x0 = min(xs[0], xs[3], xs[1], xs[2])
        x1 = max(xs[0], xs[3], xs[1], xs[2])
        y0 = min(ys[0], ys[1], ys[2], ys[3])
        y1 = max(ys[0], ys[1], ys[2], ys[3])
        self._add(text, y1 - y0, matrix, x0, y0, x1, y1, font.fontname)
        return adv

    def _add(self, text: str, size: float, matrix, x0: float, y0: float, x1: float, y1: float,
             fontname: str) -> None:
        if not text:
            return
        mb_x0 = self._mb_x0
        self.chars.append({
            "text": text, "size": size, "matrix": matrix, "fontname": fontname,
            "x0": x0 + mb_x0 if mb_x0 != 0 else x0,
            "x1": x1 + mb_x0 if mb_x0 != 0 else x1,
            "top": (self._height - y1) + self._mb_top, "bottom": (self._height - y0) + self._mb_top,
        })


def layout_objects(page) -> Laid:
    """A pdfplumber page's glyphs (as `page.chars` gives them, with only the keys the
    reader uses, in the same order and coordinates), images and rules, from one run of
    pdfminer's interpreter. Glyphs with no text are left out. Raises PdfminerException
    where page.layout would."""
    mb_x0, mb_top = page.mediabox[:2]
    device = _CharDevice(page.pdf.rsrcmgr, page.page_number, page.height, mb_x0, mb_top)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc)
    height = page.height
    images: list[dict] = []
    rules: list = []

    def walk(objs) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTImage):
                images.append({
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top,
                })
            elif isinstance(obj, LTCurve):  # LTLine and LTRect are curves too
                rules.append(obj)

    walk(device.get_result()._objs)
    return Laid(device.chars, images, rules)


# ---------------------------------------------------------------- pdfium's glyphs


@dataclass
class PdfiumPage:
    """What pdfium draws of a page's characters, read in one pass: `ink`, each glyph's
    ink top and bottom keyed by (character, rounded left edge of its loose box) for
    add_ink; `glyphs`, (character, box as fractions of the page) for the values' boxes
    (pipeline/pages.py Glyph). Spaces pdfium makes up between words are left out."""

    ink: dict[tuple[str, int], list[tuple[float, float, float]]]
    glyphs: tuple


def read_pdfium_page(ink_doc, page_no: int) -> PdfiumPage:
    """Page `page_no` (1-based) of a pdfium document. Raises what pdfium raises."""
    import pypdfium2.raw as pdfium_c

    page = ink_doc[page_no - 1]
    try:
        tp = page.get_textpage()
        width, height = page.get_width(), page.get_height()
        # pdfium's C calls directly: the Python wrappers cost ~18 ms a page, these ~3
        raw = tp.raw
        get_unicode, get_loose, get_box = _text_calls()
        loose = pdfium_c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        refs = tuple(ctypes.byref(v) for v in (left, right, bottom, top))
        loose_ref = ctypes.byref(loose)
        ink: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
        boxes = []  # (character, left, top, right, bottom) in PDF points, for the glyphs
        keep: dict[int, str | None] = {}  # code point -> its character; None: a space or
        # unprintable (pdfium's made-up breaks)
        for i in range(tp.count_chars()):
            u = get_unicode(raw, i)
            try:
                ch = keep[u]
            except KeyError:
                ch = chr(u)
                ch = keep[u] = None if ch.isspace() or not ch.isprintable() else ch
            if ch is None:
                continue
            get_loose(raw, i, loose_ref)
            boxed = get_box(raw, i, *refs)  # on failure the last glyph's values stay, as they did
            t, b = top.value, bottom.value
            x = loose.left
            key = (ch, round(x))
            found = ink.get(key)
            if found is None:
                ink[key] = [(x, height - t, height - b)]
            else:
                found.append((x, height - t, height - b))
            if boxed:
                boxes.append((ch, left.value, t, right.value, b))
        return PdfiumPage(ink, _page_fractions(boxes, width, height) if width > 0 and height > 0 else ())
    finally:
        page.close()


@functools.lru_cache(maxsize=1)
def _text_calls() -> tuple:
    """FPDFText_GetUnicode, _GetLooseCharBox and _GetCharBox without the argument types
    pypdfium2 declares (ctypes converts each argument through them: 1.3 against 0.4 us
    a box call, measured; ~50,000 glyphs on the corpus's 45 pages, three calls each).
    The arguments passed are already C values (the text page's pointer, an int, the
    boxes' references), so nothing is lost; pypdfium2's own calls where the library
    is not found where pypdfium2 keeps it."""
    import pypdfium2.raw as pdfium_c

    try:
        from pypdfium2_raw.bindings import _libs

        lib = _libs["pdfium"]
        calls = (lib["FPDFText_GetUnicode"], lib["FPDFText_GetLooseCharBox"], lib["FPDFText_GetCharBox"])
    except Exception:
        return pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharBox
    for call, typed in zip(calls, (pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox,
                                   pdfium_c.FPDFText_GetCharBox)):
        call.restype = typed.restype  # a fresh function object: pypdfium2's is untouched
    return calls


def _page_fractions(boxes: list, width: float, height: float) -> tuple:
    """(character, box as fractions of the page, origin top left, rounded to 4 places)
    for the boxes with a width: pipeline.pages.page_box inlined (~1,500 a page), its
    min(max(v, 0), 1) written out (NaN stays NaN as there)."""
    out = []
    for ch, l, t, r, b in boxes:
        if r > l:
            fl, ft, fr, fb = l / width, 1.0 - t / height, r / width, 1.0 - b / height
            out.append((ch, (round(0.0 if fl < 0.0 else 1.0 if fl > 1.0 else fl, 4),
                             round(0.0 if ft < 0.0 else 1.0 if ft > 1.0 else ft, 4),
                             round(0.0 if fr < 0.0 else 1.0 if fr > 1.0 else fr, 4),
                             round(0.0 if fb < 0.0 else 1.0 if fb > 1.0 else fb, 4))))
    return tuple(out)


# How far (in font sizes, middle to middle) a glyph's ink may stand from pdfminer's box
# of its char: pdfminer's boxes sit up to about half a line off (a digit's ink 8.8 pt from
# its box's middle at 15 pt, a mark's up to ~13), while the line below is a line's pitch
# away (1.2-1.6 sizes): within two sizes, a mark pdfium read as another letter's (fpdf2
# spreads a cluster over its glyphs) took a lower line's, and its line's box grew into it.
_INK_REACH_EM = 1.25


def add_ink(chars: list[dict], ink: dict) -> None:
    """Give each char the top and bottom of its glyph's ink ("ink_top", "ink_bottom",
    points from the page top), from pdfium's glyph boxes. pdfminer's character boxes
    come from the font's declared metrics and on some PDFs sit about half a line low
    (measured on the generated corpus: a digit's ink from 6.3 pt above pdfminer's top to
    4.7 pt below it, at 15 pt, so a line's box held a third of its ink); pdfium's are
    the glyph outlines. A char is matched to pdfium's by its text, its x (which both
    agree on: pdfium's loose box starts at the glyph's origin) and the nearest vertical
    distance under _INK_REACH_EM font sizes: the same letter at the same x a line above (two rows
    that open alike, a running head over a title) is in reach too, and taking it put
    a line above the one before it. Unmatched chars keep pdfminer's box."""
    get = ink.get
    for c in chars:
        text, x0 = c["text"], c["x0"]
        rx = round(x0)
        middle = (c["top"] + c["bottom"]) / 2
        best, nearest = None, _INK_REACH_EM * c["size"]
        for key in ((text, rx), (text, rx - 1), (text, rx + 1)):
            for left, top, bottom in get(key, ()):
                away = abs((top + bottom) / 2 - middle)
                if abs(left - x0) < 1.0 and away < nearest and bottom > top:
                    best, nearest = (top, bottom), away
        if best is not None:
            c["ink_top"], c["ink_bottom"] = best


def open_pdfium(data: PdfSource):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data if not isinstance(data, (bytearray, memoryview)) else bytes(data))
