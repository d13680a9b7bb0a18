"""A slash between the digits of a number (a memo's number `ที่ นศ ๗๑๔๒๔/๔๑๓`), for the
digit step (pipeline/ocr/digits.py, glyphs.read_tokens).

The digit model knows digits, '.' and ','; a slash is 'other' to it, and Word's Thai fonts
set it against the digit before it: one glyph, `๔/` read ๙ and `๓/` read ๗ (Tesseract,
which reads a slash well, had boxed it). A slash is known by its shape: a thin straight
stroke leaning right, from the digits' top (or above) down to the baseline.

    is_slash(glyph, ref_h, baseline) -> bool
    cut_slash(glyph, ref_h, lo, hi) -> [glyphs] | None   # the stroke Tesseract boxed in
                                                        # columns lo..hi cut off its digit
"""

from __future__ import annotations

import numpy as np

from pipeline.ocr.glyphs import Glyph, _trim

# a slash leans right: its column moves left by 0.12-0.75 pixel a row going down
_SLOPES = np.linspace(0.12, 0.75, 22)


def _runs(row: np.ndarray) -> list[tuple[int, int]]:
    xs = np.flatnonzero(row)
    if len(xs) == 0:
        return []
    breaks = np.flatnonzero(np.diff(xs) > 1)
    starts = np.concatenate([[xs[0]], xs[breaks + 1]])
    ends = np.concatenate([xs[breaks], [xs[-1]]]) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def is_slash(g: Glyph, ref_h: float, baseline: float) -> bool:
    """One thin stroke a row, its middles on a straight line leaning right, standing on
    the baseline and as tall as a digit at least. A digit has a loop, a bar or a
    vertical stem (Arabic 1); a ๗'s slanted stem comes with its loop."""
    if ref_h <= 0 or g.h < 0.9 * ref_h or g.y1 < baseline - 0.15 * ref_h:
        return False
    ys, mids, widths, multi = [], [], [], 0
    for y, row in enumerate(g.mask):
        rs = _runs(row)
        if not rs:
            continue
        if len(rs) > 1:
            multi += 1
            continue
        ys.append(y)
        mids.append((rs[0][0] + rs[0][1]) / 2)
        widths.append(rs[0][1] - rs[0][0])
    stroke = float(np.median(widths)) if widths else 0.0
    if len(ys) < 0.85 * g.h or multi > 0.1 * g.h or stroke > 0.3 * ref_h + 1:
        return False
    # rows where the cut left a piece of the digit it touched on the stroke's foot: not
    # its line; a wide row in the upper half is a bar (an Arabic 7's), no slash's
    wide = [n for n, v in enumerate(widths) if v > 2 * stroke + 1]
    if len(wide) > 0.15 * g.h or any(ys[n] < g.h / 2 for n in wide):
        return False
    ys = [y for n, y in enumerate(ys) if n not in wide]
    mids = [m for n, m in enumerate(mids) if n not in wide]
    slope, icpt = np.polyfit(np.asarray(ys, float), np.asarray(mids, float), 1)
    resid = np.abs(np.asarray(mids) - (slope * np.asarray(ys) + icpt))
    return bool(-0.8 <= slope <= -0.1 and resid.max() <= max(1.5, 0.08 * ref_h))


def cut_slash(g: Glyph, ref_h: float, lo: float, hi: float) -> list[Glyph] | None:
    """The glyph of a digit and the slash touching it (either side, or both) as its
    pieces left to right, the slash one of them; None when no straight stroke leaning
    right runs down the glyph's height within columns lo..hi (Tesseract's box of the
    slash, glyph coordinates), alone beside the digit for half its height at least."""
    m = g.mask.astype(bool)
    h, w = m.shape
    if ref_h <= 0 or h < 0.9 * ref_h or w < 0.6 * ref_h:
        return None
    lengths = [b - a for row in m for a, b in _runs(row)]
    k = int(min(max(2.0, float(np.median(lengths)) if lengths else 2.0), 0.35 * ref_h + 1))
    cs = np.zeros((h, w + 1), np.int32)
    cs[:, 1:] = np.cumsum(m, axis=1)
    ys = np.arange(h)
    best = None  # (rows covered, slope, column at the bottom row)
    for s in _SLOPES:
        shift = np.round(s * (h - 1 - ys)).astype(int)  # the stroke's column, bottom row = u
        us = np.arange(-int(shift[0]), w)
        a = np.clip(us[None, :] + shift[:, None], 0, w)
        b = np.clip(a + k, 0, w)
        covered = ((cs[ys[:, None], b] - cs[ys[:, None], a]) > 0).sum(axis=0)
        mid = us + shift[h // 2] + k / 2  # the stroke's middle column at mid-height
        covered[(mid < lo - k) | (mid > hi + k)] = 0
        j = int(np.argmax(covered))
        if best is None or covered[j] > best[0]:
            best = (int(covered[j]), s, int(us[j]))
    if best is None or best[0] < 0.85 * h:
        return None
    _, s, u = best
    band0 = u + np.round(s * (h - 1 - ys)).astype(int)
    slash = np.zeros_like(m)
    left = np.zeros_like(m)
    right = np.zeros_like(m)
    alone = 0
    thin = k + 2
    for y in range(h):
        a, b = band0[y] - 1, band0[y] + k + 1
        for r0, r1 in _runs(m[y]):
            if r1 <= a:
                left[y, r0:r1] = True
            elif r0 >= b:
                right[y, r0:r1] = True
            elif r1 - r0 <= thin:  # the stroke alone on this row: all of it
                alone += 1
                slash[y, r0:r1] = True
            else:  # the stroke and the digit's ink it touches: the band's share
                slash[y, max(r0, a):min(r1, b)] = True
                left[y, r0:max(r0, a)] = True
                right[y, min(r1, b):r1] = True
    if alone < 0.5 * h:
        return None
    stroke = _trim(Glyph(g.x0, g.y0, g.x1, g.y1, slash))
    digits = [q for q in (_trim(Glyph(g.x0, g.y0, g.x1, g.y1, part)) for part in (left, right))
              if q is not None and max(q.w, q.h) >= 0.3 * ref_h]
    # specks the cut leaves beside the stroke are no glyph; a digit must remain
    if stroke is None or not any(q.h >= 0.5 * ref_h for q in digits):
        return None
    return sorted(digits + [stroke], key=lambda q: q.x0)
