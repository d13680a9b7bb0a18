"""A value's own box: the ink of the characters an extractor took, not its line's.

Readers give each page its glyphs (pipeline/pages.py Glyph: pdfium's characters on a
PDF text layer, Tesseract's words on a scan) beside one box per line; segmentation
hands every Line its page's glyphs. An extractor that took a value from
`line.text[a:b]` asks `value_box(line, (a, b))` (or, where it kept only the value as
printed, `value_box(line, text=raw)`) and stores the box with its kind:

- VALUE: the union of the glyphs that print the value (with the marks above and below
  them); a Tesseract word that holds more than the value is cut by its share of letters.
- LINE: the line's (or table row's) box, where the value's glyphs could not be told
  apart: no glyphs, the value not among them, or among them another number of times
  than in the text with no single one of them between the letters the text has around
  it (which occurrence is meant is then unknown).

The line's text is the reader's after normalising and repairs, the glyphs are as drawn
or recognised; the two are compared by a key both keep: letters and digits without
spaces, combining marks (repairs move them) or checkboxes, Thai digits as Arabic, ำ as
า. Where OCR text was repaired (๗๙..๔๔ read as ๗๙.๔๔) a second key without
punctuation is tried. Pure functions: the same line and span give the same box."""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache
from typing import Sequence

from pipeline.pages import Box, Glyph

VALUE = "value"  # the box holds the value's own glyphs
LINE = "line"  # the box is the line's or table row's: the value's glyphs were not told apart

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_CONTEXT = 3  # key letters each side that tell one occurrence of a value from another
_SLACK = 0.002  # of the page: a glyph's centre this far outside its line's box is still in it


@lru_cache(maxsize=4096)  # a page's values are keyed over and over from few characters
def _key_char(ch: str, punctuation: bool) -> str:
    if ch.isspace() or ch in "☑☐" or unicodedata.category(ch) in ("Mn", "Cf", "Cc"):
        return ""
    if ch == "\u0e33":  # sara am: drawn as nikhahit + sara aa, or one glyph
        return "\u0e32"
    if not punctuation and not ch.isalnum():
        return ""
    return ch.translate(_THAI_DIGITS).casefold()[:1]


def keyed(text: str, punctuation: bool = True) -> tuple[str, list[int]]:
    """The comparison key of `text` and, for each of its characters, the index in
    `text` it came from."""
    key, where = [], []
    for i, ch in enumerate(text):
        k = _key_char(ch, punctuation)
        if k:
            key.append(k)
            where.append(i)
    return "".join(key), where


def _occurrences(hay: str, needle: str) -> list[int]:
    out, at = [], hay.find(needle)
    while at >= 0:
        out.append(at)
        at = hay.find(needle, at + len(needle))
    return out


def _inside(glyphs: Sequence[Glyph], box: Box) -> list[Glyph]:
    """The glyphs whose centre lies in `box`, _SLACK around it, in the glyphs' order.
    A page's glyphs (~1,500) are asked for each value on it: those of a page's tuple
    are found by the heights of their centres (_by_height), those of a line's band
    then tested across; a list (which may change) is tested glyph by glyph."""
    x0, x1, y0, y1 = box[0] - _SLACK, box[2] + _SLACK, box[1] - _SLACK, box[3] + _SLACK
    if type(glyphs) is not tuple:
        return [g for g in glyphs
                if x0 <= (g[1][0] + g[1][2]) / 2 <= x1 and y0 <= (g[1][1] + g[1][3]) / 2 <= y1]
    heights, order = _by_height(glyphs)
    band = sorted(order[bisect.bisect_left(heights, y0):bisect.bisect_right(heights, y1)])
    return [g for g in map(glyphs.__getitem__, band) if x0 <= (g[1][0] + g[1][2]) / 2 <= x1]


# the last page's glyphs (a tuple, so unchanged), with their centres' heights sorted
# and the glyphs' indexes in that order: the values of a page are asked one after another
_BY_HEIGHT: tuple = ((), ([], []))


def _by_height(glyphs: tuple) -> tuple[list[float], list[int]]:
    """The heights of the glyphs' centres, sorted, and the glyphs' indexes in that order.
    A centre that is NaN is in no box (a comparison with NaN is false): left out."""
    global _BY_HEIGHT
    known, index = _BY_HEIGHT
    if known is not glyphs:
        middles = sorted((m, i) for i, m in enumerate((g[1][1] + g[1][3]) / 2 for g in glyphs) if m == m)
        index = ([m for m, _ in middles], [i for _, i in middles])
        _BY_HEIGHT = (glyphs, index)
    return index


def _reading_order(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Glyphs in visual rows (top to bottom) and left to right in a row. Rows are made
    of the letter-sized glyphs (one joins the row whose band holds half its height);
    a small one (a point, a comma, a mark) then goes to the row nearest its middle, so
    a comma hanging below the digits stays between them."""
    if not glyphs:
        return []
    heights = sorted(g[1][3] - g[1][1] for g in glyphs)
    small_below = 0.6 * heights[len(heights) // 2]
    big = [g for g in glyphs if g[1][3] - g[1][1] >= small_below] or list(glyphs)
    rows: list[list] = []  # [top, bottom, glyphs]
    for g in sorted(big, key=lambda g: (g[1][1], g[1][0])):
        top, bottom = g[1][1], g[1][3]
        half = max(bottom - top, 1e-6) / 2
        for row in rows:
            if min(bottom, row[1]) - max(top, row[0]) >= half:
                row[0], row[1] = min(row[0], top), max(row[1], bottom)
                row[2].append(g)
                break
        else:
            rows.append([top, bottom, [g]])
    taken = {id(g) for g in big}
    for g in glyphs:
        if id(g) not in taken:
            middle = (g[1][1] + g[1][3]) / 2
            min(rows, key=lambda r: max(r[0] - middle, middle - r[1], 0.0))[2].append(g)
    rows.sort(key=lambda r: r[0])
    return [g for r in rows for g in sorted(r[2], key=lambda g: g[1][0])]


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def locate(text: str, span: tuple[int, int], box: Box | None, glyphs: Sequence[Glyph]) -> Box | None:
    """The box of the glyphs that print `text[span[0]:span[1]]` among the glyphs lying
    in `box` (the line's), or None where they cannot be told apart."""
    if box is None or not glyphs or not 0 <= span[0] < span[1] <= len(text):
        return None
    inside = _inside(glyphs, box)
    for punctuation in (True, False):
        found = _locate(text, span, inside, punctuation)
        if found is not None:
            return _with_marks(found, glyphs) if _has_thai(text[span[0]:span[1]]) else found
    return None


_BELOW = "\u0e38\u0e39\u0e3a"  # sara u, sara uu, phinthu: under their letter; other marks over it


def _has_thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e2e" for ch in text)


def _with_marks(found: Box, glyphs: Sequence[Glyph]) -> Box:
    """`found` (Thai letters) with the marks drawn over or under them, from all the
    page's glyphs (a low vowel's ink may hang below the line's box): a mark over the
    letters sits on them, one under them hangs from them; the low vowel of the line
    above or the tone mark of the line below is on the wrong side, and a mark level
    with another line's letters is theirs. A mark whose box is its letter's (Chromium's
    PDFs box a mark as its whole cluster) tells nothing of its ink: it is taken to rise
    (or hang) a quarter of a letter beyond the letters."""
    h = found[3] - found[1]
    letters = [b for ch, b in glyphs if keyed(ch)[0] and not _within(b, found)]
    grown = list(found)
    for ch, b in glyphs:
        kind = unicodedata.category(ch[0]) if ch else ""
        if kind not in ("Mn", "Co") or not found[0] <= (b[0] + b[2]) / 2 <= found[2]:
            continue
        middle = (b[1] + b[3]) / 2
        if any(o[0] < b[2] and b[0] < o[2] and o[1] <= middle <= o[3] for o in letters):
            continue  # level with another line's letters
        under = ch[0] in _BELOW or kind == "Co"
        over = ch[0] not in _BELOW or kind == "Co"
        if b[1] >= found[1] - 0.1 * h and b[3] <= found[3] + 0.1 * h and kind == "Mn":
            if over:  # boxed as its letter
                grown[1] = min(grown[1], found[1] - 0.25 * h)
            if under:
                grown[3] = max(grown[3], found[3] + 0.25 * h)
            continue
        if (under and found[3] - 0.5 * h <= b[1] <= found[3] + 0.35 * h and b[3] <= found[3] + h
                or over and found[1] - 0.8 * h <= b[3] <= found[1] + 0.5 * h and b[1] >= found[1] - h):
            grown = [min(grown[0], b[0]), min(grown[1], b[1]), max(grown[2], b[2]), max(grown[3], b[3])]
    return tuple(grown)


def _within(b: Box, box: Box) -> bool:
    return box[0] - 1e-9 <= b[0] and b[2] <= box[2] + 1e-9 and box[1] - 1e-9 <= b[1] and b[3] <= box[3] + 1e-9


def _locate(text: str, span: tuple[int, int], inside: list[Glyph], punctuation: bool) -> Box | None:
    needle, _ = keyed(text[span[0]:span[1]], punctuation)
    if not needle:
        return None
    line_key, _ = keyed(text, punctuation)
    before = len(keyed(text[:span[0]], punctuation)[0])
    in_text = _occurrences(line_key, needle)
    if before not in in_text:
        return None
    base, pieces = [], []  # glyphs with a key, and their keys
    for g in _reading_order(inside):
        k, _ = keyed(g[0], punctuation)
        if k:
            base.append(g)
            pieces.append(k)
    owner = [i for i, k in enumerate(pieces) for _ in k]  # key char -> glyph
    offset = [j for k in pieces for j in range(len(k))]  # its place in the glyph's key
    glyph_key = "".join(pieces)
    in_glyphs = _occurrences(glyph_key, needle)
    if len(in_glyphs) == len(in_text):
        start = in_glyphs[in_text.index(before)]
    else:
        # another line's glyphs reach into the box (or the line's are misread): the one
        # occurrence with the letters around it that the text has, else none
        after = before + len(needle)
        ahead, behind = line_key[max(0, before - _CONTEXT):before], line_key[after:after + _CONTEXT]
        fits = [g for g in in_glyphs
                if (ahead or behind) and glyph_key[max(0, g - len(ahead)):g] == ahead
                and glyph_key[g + len(needle):g + len(needle) + len(behind)] == behind]
        if len(fits) != 1:
            return None  # which one is meant cannot be told
        start = fits[0]
    end = start + len(needle) - 1
    first, last = owner[start], owner[end]
    boxes = [list(base[i][1]) for i in range(first, last + 1)]
    # a word that holds more than the value (OCR: "คะแนน๙๙.๑๕"): its share of letters,
    # widened by half a letter for letters of unequal width
    for i, edge in ((first, 0), (last, -1)):
        n = len(pieces[i])
        if n > 1:
            x0, _, x1, _ = base[i][1]
            step = (x1 - x0) / n
            b = boxes[0] if edge == 0 else boxes[-1]
            if i == first:
                b[0] = max(x0, x0 + step * (offset[start] - 0.5))
            if i == last:
                b[2] = min(x1, x0 + step * (offset[end] + 1.5))
    return _union([tuple(b) for b in boxes])


def value_box(line, span: tuple[int, int] | None = None, text: str | None = None) -> tuple[Box | None, str | None]:
    """(box, kind) for a value read from `line` (a pipeline.segment.Line): its own
    glyphs' box (VALUE) where they can be told apart, else the line's (LINE), else
    (None, None). `span`: where in line.text the value was read; without it, `text`
    (the value as printed) is looked for, and must be in the line once."""
    if line is None or line.bbox is None:
        return None, None
    if span is None and text:
        key, where = keyed(text)
        line_key, line_where = keyed(line.text)
        hits = [h for h in (_occurrences(line_key, key) if key else [])
                if _whole(line_key, h, h + len(key))]
        if len(hits) == 1:
            span = (line_where[hits[0]], line_where[hits[0] + len(key) - 1] + 1)
    if span is not None:
        found = locate(line.text, span, line.bbox, getattr(line, "glyphs", ()))
        if found is not None:
            return found, VALUE
    return tuple(line.bbox), LINE


def _whole(key: str, start: int, end: int) -> bool:
    """key[start:end] is a whole number or word: no digit (or a point and a digit, or a
    letter next to a letter) goes on either side of it."""
    def joins(inner: str, outer: str, further: str) -> bool:
        if outer.isdigit() and inner.isdigit():
            return True
        if outer in ".," and inner.isdigit() and further.isdigit():
            return True
        return outer.isalpha() and inner.isalpha() and outer.isascii() and inner.isascii()

    before = key[start - 1] if start else ""
    after = key[end] if end < len(key) else ""
    return not (before and joins(key[start], before, key[start - 2] if start > 1 else "")
                or after and joins(key[end - 1], after, key[end + 1] if end + 1 < len(key) else ""))


def cell_span(text: str, col: int, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Where the col-th tab cell of a row stands in it, spaces around it left out;
    `within`: a span inside the cell (as split from the row) instead of all of it."""
    start = 0
    for _ in range(col):
        start = text.find("\t", start) + 1
        if start == 0:
            return None
    end = text.find("\t", start)
    end = len(text) if end < 0 else end
    if within is not None:
        return (start + within[0], start + within[1]) if start + within[1] <= end else None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
