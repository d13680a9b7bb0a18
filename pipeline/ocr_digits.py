"""Re-reading the numbers of a scanned page (DESIGN §2: stock Tesseract Thai has no ๔ ๖ ๗ ๘ ๙).

    repair_numbers(image, words) -> words     # never raises; the input words in their
                                              # order (changed in place), then any new ones

Tesseract's Thai model reads ๒๕๖๗ as ๒๕๒๕ and ๓๖.๙ as ๓ว.๕@, with high confidence, and
its per-letter boxes are loose. This step does not trust either:

1. **Locate.** On each Tesseract line, a *run* is a stretch of consecutive words made of
   digit-like characters (Thai or Arabic digits, '.', ',', '/', and what Tesseract writes
   for unknown digits: ว ญ @ « : - ...) holding at least one real digit, or a short
   Latin word such as "al." or "on" that opens a line, or "ig." between Thai letters
   (a list or row number misread), a lower-case Latin word in a table cell of a row
   with numbers ("dame" for a score: a column's gap beside it), a symbol right after
   ที่ where Thai puts a number ("วันที « กันยายน"), lower-case Latin words after a
   score cue or before คะแนน ("ได้คะแนน cools", "ea. alo คะแนน" for ๙๗.๗๘, ๙๓.๗๑), a
   question code as Tesseract reads it ("Ooo" for O๑๓, "lag" for I๑๕), or the only
   word of a short line without Thai letters (a page number "- ๓ -" read as "ese"). A
   word with Thai letters other than those few misreads never starts a run.
2. **Segment.** The run's box (widened a little) is binarised (Otsu), split into
   connected components (run-length labelling, numpy), components that belong to the
   text line are merged into glyphs (broken strokes rejoined, touching glyphs split at
   the thinnest column), and glyphs are grouped into tokens at word-sized gaps. Dust
   far smaller than a printed dot is dropped; ink wholly under the baseline or over the
   digits' top (marks of the neighbour lines, blots) is never merged into a glyph, ink
   touching a glyph from under the baseline is cut off it (no digit goes below it), and
   small marks off the digits' zone are skipped when reading.
3. **Classify.** Each glyph (a 20×20 aspect-kept mask plus its size and position
   against the line's baseline) goes through a small numpy MLP that knows the 20 digits
   (Thai ๐–๙, Arabic 0–9), '.', ',' and "other" (Thai and Latin letters, marks,
   punctuation). A token is written in the script its glyphs vote for. A glyph under
   the run the model calls 'other' and about two digits wide (touching digits) is cut
   at its thinnest middle columns; the cut is kept when both halves are sure digits.
4. **Write back.** A token whose glyphs are all digits or separators (each confidently),
   with at least one digit, replaces the text of the run word it overlaps most (that
   word's box becomes the token's ink box, conf the weakest glyph's probability × 100);
   other run words that only covered the token's ink become "" (Tesseract often gives
   five per-letter words for a four-digit year). Words over letters ("other" glyphs) are
   left untouched: a Thai word is never turned into digits. A question code (one
   capital-height letter glyph directly followed by one or two digits) is written with
   its letter: Tesseract's when it wrote a code letter (0/o → O, l/| → I), else from the
   glyph's shape. A flat bar at mid-height is a dash, never a digit; a number alone on
   its line between two dashes is written "- ๓ -". A digit Tesseract boxed as a 1–2 px
   sliver ('ที่ ๔' as ที + '๕' or '.') is read from the ink around the sliver.
5. **Numbers without a word.** Tesseract often returns no word for an isolated page
   number. Ink outside every word box (a coarse, box-averaged copy of the page), of
   digit size for the page's x-height and with no word on its rows nearby, is read like
   a run; when it is one confident number (dashes allowed around it, dust ignored) it is
   appended as a new word with a (block, par, line) of its own. A line of one to three
   marks without digits over that ink ("=ส" for "- ๔ -") is emptied.

The model is trained by this module on glyphs rendered from the installed Thai fonts
(fonts-thai-tlwg) with scanner-like damage: `python -m pipeline.ocr_digits --train`
(`make digits`) writes pipeline/data/digit_model.npz, deterministic for its seed.
`--eval` measures accuracy on a font left out of training.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import math
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from normalizers.dates import starts_with_month

MODEL_PATH = Path(__file__).resolve().parent / "data" / "digit_model.npz"
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
CLASSES = list(THAI_DIGITS) + list(ARABIC_DIGITS) + [".", ",", "other"]
N_CLASSES = len(CLASSES)
I_DOT, I_COMMA, I_OTHER = 20, 21, 22

GRID = 20  # glyph mask side
N_SCALARS = 7
N_FEATURES = GRID * GRID + N_SCALARS

# Characters that may stand for a digit in Tesseract's Thai output next to real digits.
MISREADS = set("วญฐฉ@«»:;-–_'\"`|!?()[]{}~^*ๆฯ")
SEPARATORS = set(".,")
DIGITS = set(THAI_DIGITS) | set(ARABIC_DIGITS)
DIGITLIKE = DIGITS | SEPARATORS | MISREADS | {"/"}
# A list number "๗." misread as Latin letters at the start of a line: "al." "on," "a."
_LATIN_LIST = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@")

# Decision thresholds (measured on generated scans; see the module's --eval).
MIN_DIGIT_PROB = 0.6  # every glyph of a replaced token at least this sure


# ---------------------------------------------------------------- model


class _Model:
    def __init__(self, params: dict[str, np.ndarray]):
        self.w1 = params["w1"].astype(np.float32)
        self.b1 = params["b1"].astype(np.float32)
        self.w2 = params["w2"].astype(np.float32)
        self.b2 = params["b2"].astype(np.float32)
        self.mu = params["mu"].astype(np.float32)
        self.sd = params["sd"].astype(np.float32)

    def proba(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros((0, N_CLASSES), np.float32)
        h = np.maximum((x - self.mu) / self.sd @ self.w1 + self.b1, 0.0)
        z = h @ self.w2 + self.b2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


_model: _Model | None = None
_model_lock = threading.Lock()


def load_model(path: Path = MODEL_PATH) -> _Model:
    """The trained classifier, loaded once per process."""
    global _model
    if _model is None or path != MODEL_PATH:
        with _model_lock:
            if path != MODEL_PATH:
                with np.load(path) as z:
                    return _Model(dict(z))
            if _model is None:
                with np.load(path) as z:
                    _model = _Model(dict(z))
    return _model


# ---------------------------------------------------------------- segmentation


_LEVELS = np.arange(256)


def otsu(values: np.ndarray) -> float:
    """Otsu's threshold of uint8 values (ink below it)."""
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * _LEVELS) / total
    mu_t = mu[-1]
    # where omega is 0 or 1 the variance is 0/0: taken as 0
    den = omega * (1.0 - omega)
    between = np.zeros(256)
    np.divide((mu_t * omega - mu) ** 2, den, out=between, where=den != 0)
    return float(np.argmax(between)) + 0.5


def _label_runs(mask: np.ndarray):
    """Run-length labelling of a bool mask (8-connected): (runs, label, k) with runs =
    (row, start, end) arrays in row-major order and label[i] the component of run i,
    components numbered in the order of their last run (the order of the former
    union-find, whose root was always a component's last run). None when no ink.
    Vectorised: strips hold a few hundred runs, too many for a Python loop."""
    h, w = mask.shape
    if h == 0 or w == 0:
        return None
    stride = w + 2
    padded = np.zeros((h, stride), bool)
    padded[:, 1:-1] = mask
    flat = padded.ravel()
    # changes along the rows (blank margins keep the rows apart) alternate: a run's
    # start, its end, the next start ...; their flat positions are row-major keys
    edges = np.flatnonzero(flat[1:] != flat[:-1])
    n = len(edges) // 2
    if n == 0:
        return None
    starts, ends = edges[0::2], edges[1::2]
    sr = starts // stride
    sc = starts - sr * stride
    ec = ends - sr * stride
    # the runs of the row above touching a run ([s, e) ranges overlapping within one
    # column: 8-connectivity) are one index range [lo, hi)
    lo = np.searchsorted(ends, starts - stride, "left")
    hi = np.searchsorted(starts, ends - stride, "right")
    cnt = hi - lo
    b = np.repeat(np.arange(n), cnt)
    a = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(len(b))
    # union: each run hooked to the first run above it that it touches, then each root
    # to the smallest root it touches, flattened by pointer jumping after each round
    # (parents only go down, so a chain is shorter than n: log2(n) jumps flatten it)
    jumps = int(n).bit_length()
    parent = np.where(cnt > 0, lo, np.arange(n))
    while len(a):
        for _ in range(jumps):
            parent = parent[parent]
        pa, pb = parent[a], parent[b]
        differ = pa != pb
        if not differ.any():
            break
        pa, pb = pa[differ], pb[differ]
        np.minimum.at(parent, np.maximum(pa, pb), np.minimum(pa, pb))
    # components named by their last run, numbered in that order
    last = np.zeros(n, np.intp)
    np.maximum.at(last, parent, np.arange(n))
    last = last[parent]
    rank = np.cumsum(last == np.arange(n)) - 1
    return (sr, sc, ec), rank[last], int(rank[-1]) + 1


def components(mask: np.ndarray) -> list[tuple[int, int, int, int, int, np.ndarray]]:
    """8-connected components of a bool mask by run-length labelling:
    [(x0, y0, x1, y1, n_pixels, run_ids)], boxes end-exclusive. `run_ids` index the runs
    returned alongside in `components.runs` (row, start, end)."""
    labelled = _label_runs(mask)
    if labelled is None:
        return []
    runs, label, k = labelled
    components.runs = runs  # type: ignore[attr-defined]
    return _boxes(mask.shape, runs, label, k)


def _boxes(shape, runs, label: np.ndarray, k: int) -> list[tuple[int, int, int, int, int, np.ndarray]]:
    """components()'s list from labelled runs."""
    sr, sc, ec = runs
    order = np.argsort(label, kind="stable")  # runs by component, each in row-major order
    bounds = np.searchsorted(label[order], np.arange(k + 1))
    first = bounds[:-1]
    x0 = np.minimum.reduceat(sc[order], first)
    x1 = np.maximum.reduceat(ec[order], first)
    y0 = sr[order[first]]
    y1 = sr[order[bounds[1:] - 1]] + 1
    npx = np.add.reduceat((ec - sc)[order], first)
    bounds = bounds.tolist()
    return [(a, b, c, d, e, order[bounds[i]:bounds[i + 1]]) for i, (a, b, c, d, e) in
            enumerate(zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist(), npx.tolist()))]


@dataclasses.dataclass
class Glyph:
    x0: int
    y0: int
    x1: int
    y1: int
    mask: np.ndarray  # bool, (y1-y0, x1-x0)

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0


def _paint(runs, run_ids, x0, y0, x1, y1) -> np.ndarray:
    """The mask of a component's runs in its box: +1 where a run starts, -1 where it
    ends, summed along the rows (a component's runs on one row never touch)."""
    sr, sc, ec = runs
    edges = np.zeros((y1 - y0, x1 - x0 + 1), np.int8)
    rows = sr[run_ids] - y0
    edges[rows, sc[run_ids] - x0] = 1
    edges[rows, ec[run_ids] - x0] = -1
    return np.cumsum(edges, axis=1, dtype=np.int8)[:, :-1] > 0


def _component_mask(mask: np.ndarray, runs, run_ids, x0, y0, x1, y1, npx: int) -> np.ndarray:
    """A component's mask in its box: the box's ink when that is all its own (the usual
    case, a plain copy), else painted from its runs."""
    box = mask[y0:y1, x0:x1]
    if np.count_nonzero(box) == npx:  # no other component's ink in the box
        return box.astype(bool)
    return _paint(runs, run_ids, x0, y0, x1, y1)


def _merge(a: Glyph, b: Glyph) -> Glyph:
    x0, y0 = min(a.x0, b.x0), min(a.y0, b.y0)
    x1, y1 = max(a.x1, b.x1), max(a.y1, b.y1)
    m = np.zeros((y1 - y0, x1 - x0), bool)
    m[a.y0 - y0:a.y1 - y0, a.x0 - x0:a.x1 - x0] |= a.mask
    m[b.y0 - y0:b.y1 - y0, b.x0 - x0:b.x1 - x0] |= b.mask
    return Glyph(x0, y0, x1, y1, m)


def _trim(g: Glyph) -> Glyph | None:
    ys = np.nonzero(g.mask.any(axis=1))[0]
    xs = np.nonzero(g.mask.any(axis=0))[0]
    if len(ys) == 0 or len(xs) == 0:
        return None
    m = g.mask[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]
    return Glyph(g.x0 + int(xs[0]), g.y0 + int(ys[0]), g.x0 + int(xs[-1]) + 1, g.y0 + int(ys[-1]) + 1, m)


def _median(values) -> float:
    """np.median of a short list of numbers (the same float: the middle value, or the
    mean of the two middle ones) without numpy's overhead."""
    return float(statistics.median(values))


def _percentile90(values) -> float:
    """np.percentile(values, 90) (method 'linear') of a short list of numbers, computed
    the way numpy does it (its two-sided lerp), for the same float."""
    s = sorted(values)
    v = (len(s) - 1) * 0.9
    if v >= len(s) - 1:
        return float(s[-1])
    i = math.floor(v)
    t = v - i
    a, b = float(s[i]), float(s[i + 1])
    d = b - a
    return b - d * (1 - t) if t >= 0.5 else a + d * t


def glyphs_in(mask: np.ndarray, band: tuple[float, float]) -> tuple[list[Glyph], float, float]:
    """Glyphs of a binarised strip whose text line lies in rows `band` (top, bottom):
    (glyphs left to right, digit height, baseline row)."""
    labelled = _label_runs(mask)
    if labelled is None:
        return [], 0.0, 0.0
    runs, label, k = labelled
    comps = _boxes(mask.shape, runs, label, k)
    b0, b1 = band
    bh = max(1.0, b1 - b0)
    glyphs: list[Glyph] = []
    for x0, y0, x1, y1, npx, ids in comps:
        cy = (y0 + y1) / 2
        w, h = x1 - x0, y1 - y0
        if npx < 2 and h < 3:
            continue
        low = 0.35 if h < 0.4 * bh else 0.1  # a dot or comma sits on the baseline
        if cy < b0 - 0.1 * bh or cy > b1 + low * bh:
            continue  # a neighbour line's marks
        if w > 4 * bh and h < 0.25 * bh:
            continue  # a table rule
        if h > 2.5 * bh and w < 0.25 * bh:
            continue
        glyphs.append(Glyph(x0, y0, x1, y1, _component_mask(mask, runs, ids, x0, y0, x1, y1, npx)))
    if not glyphs:
        return [], 0.0, 0.0
    # dust and JPEG blotches: far smaller than a printed dot (≈ 0.18 of a digit's height)
    hs = [g.h for g in glyphs]
    top = _percentile90(hs)
    unit = _median([v for v in hs if v >= 0.45 * top])
    speck = max(2.0, 0.11 * unit)
    glyphs = [g for g in glyphs if g.w > speck or g.h > speck]
    if not glyphs:
        return [], 0.0, 0.0
    # the line's baseline before merging: ink wholly under it (marks of the next line,
    # blots) or wholly over the digits' top (the line above) is never part of a digit
    base0 = _median([g.y1 for g in glyphs if g.h >= 0.45 * top] or [b1])

    def apart(p: Glyph, g: Glyph) -> bool:
        under = [q.y0 >= base0 - 0.05 * unit for q in (p, g)]
        over = [q.y1 <= base0 - 1.15 * unit for q in (p, g)]
        return under[0] != under[1] or over[0] != over[1]
    glyphs.sort(key=lambda g: g.x0)
    # rejoin pieces that share columns (broken strokes, a mark over its letter)
    merged: list[Glyph] = []
    for g in glyphs:
        if merged:
            p = merged[-1]
            ov = min(p.x1, g.x1) - max(p.x0, g.x0)
            if apart(p, g):
                pass
            elif ov > 0.5 * min(p.w, g.w) or (ov > 0 and min(p.w, g.w) > 0 and ov >= 0.3 * max(p.w, g.w)):
                merged[-1] = _merge(p, g)
                continue
        merged.append(g)
    heights = [g.h for g in merged]
    top = _percentile90(heights)
    big = [v for v in heights if v >= 0.45 * top]
    ref_h = _median(big) if big else top
    ref_h = max(ref_h, 1.0)
    bottoms = [g.y1 for g in merged if g.h >= 0.45 * top]
    baseline = _median(bottoms) if bottoms else b1
    # split glyphs far wider than a digit (touching digits) at their thinnest column
    out: list[Glyph] = []
    for g in merged:
        out.extend(_split(_cut_below(g, ref_h, baseline), ref_h))
    return out, ref_h, baseline


def _cut_below(g: Glyph, ref_h: float, baseline: float) -> Glyph:
    """A glyph standing on the baseline and reaching well under it: a digit touched by
    a mark of the next line (the ั of ขั้น under a ๒ makes it a ๖). No digit goes under
    the baseline, so the ink there is cut off; a letter's tail (ฐ ญ) cut off leaves a
    letter, still no digit."""
    if not (g.y1 > baseline + 0.1 * ref_h and baseline - 1.4 * ref_h <= g.y0 < baseline - 0.5 * ref_h):
        return g
    floor = int(round(baseline + 0.06 * ref_h))
    return _trim(Glyph(g.x0, g.y0, g.x1, floor, g.mask[:floor - g.y0])) or g


def _split(g: Glyph, ref_h: float, depth: int = 0) -> list[Glyph]:
    if g.w <= 1.45 * ref_h or depth > 3 or g.h < 0.6 * ref_h:
        return [g]
    prof = g.mask.sum(axis=0).astype(float)
    lo, hi = int(0.3 * ref_h), g.w - int(0.3 * ref_h)
    if hi <= lo:
        return [g]
    cut = lo + int(np.argmin(prof[lo:hi]))
    left = _trim(Glyph(g.x0, g.y0, g.x0 + cut, g.y1, g.mask[:, :cut]))
    right = _trim(Glyph(g.x0 + cut, g.y0, g.x1, g.y1, g.mask[:, cut:]))
    parts = []
    for p in (left, right):
        if p is not None:
            parts.extend(_split(p, ref_h, depth + 1))
    return parts


def features(g: Glyph, ref_h: float, baseline: float) -> np.ndarray:
    """Glyph → feature vector: GRID×GRID aspect-kept mask and size/position scalars."""
    h, w = g.h, g.w
    side = max(h, w)
    sq = np.zeros((side, side), np.uint8)
    oy, ox = (side - h) // 2, (side - w) // 2
    sq[oy:oy + h, ox:ox + w] = g.mask * 255
    im = Image.fromarray(sq, "L").resize((GRID, GRID), Image.BOX if side >= GRID else Image.BILINEAR)
    pix = np.asarray(im, np.float32).ravel() / 255.0
    r = max(ref_h, 1.0)
    scal = np.array([
        w / r, h / r, (g.y1 - baseline) / r, (g.y0 - baseline) / r,
        float(g.mask.mean()), math.log((h + 1) / (w + 1)), math.log(r) / 4.0,
    ], np.float32)
    return np.concatenate([pix, scal])


def binarise(grey: np.ndarray) -> np.ndarray:
    t = otsu(grey)
    lo, hi = int(grey.min()), int(grey.max())
    if hi - lo < 40:  # no contrast: nothing (or everything) is ink
        return np.zeros(grey.shape, bool)
    return grey < t


# ---------------------------------------------------------------- reading a strip


@dataclasses.dataclass
class Token:
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    prob: float  # weakest glyph
    numeric: bool  # all glyphs digits/separators, at least one digit
    n: int = 1  # glyphs
    dash: bool = False  # a lone '-' (never a digit; the page number's "- ๓ -")


def _floating(g: Glyph, ref_h: float, baseline: float) -> bool:
    """A small mark off the digits' zone (a speck, a tone mark, the tail of a letter of
    the line above): no digit and no separator, whatever the model makes of it."""
    return g.h < 0.6 * ref_h and (g.y1 <= baseline - 0.45 * ref_h or g.y0 >= baseline + 0.15 * ref_h)


def _is_dash(g: Glyph, ref_h: float, baseline: float) -> bool:
    """A flat bar at the digits' mid-height: a hyphen or the dashes of "- ๓ -". No digit
    is that flat; the model, which sees few of them, must not call it one."""
    if ref_h <= 0:
        return False
    cy = (g.y0 + g.y1) / 2
    return (g.h <= max(2.0, 0.22 * ref_h) and 0.2 * ref_h <= g.w <= 1.2 * ref_h
            and g.w >= 2.5 * g.h and baseline - 0.75 * ref_h <= cy <= baseline - 0.2 * ref_h)


def read_tokens(glyphs: list[Glyph], probs: np.ndarray, gap: float, ref_h: float = 0.0,
                baseline: float = 0.0) -> list[Token]:
    """Glyphs with class probabilities → tokens split at gaps and at non-digit glyphs.
    Small 'other' marks floating off the baseline (specks) are skipped when `ref_h` is
    given."""
    tokens: list[Token] = []
    cur: list[int] = []

    def flush():
        if cur:
            tokens.append(_token([glyphs[i] for i in cur], probs[cur]))
            cur.clear()

    prev_x1 = None
    for i, g in enumerate(glyphs):
        if ref_h > 0 and _floating(g, ref_h, baseline):
            continue
        if _is_dash(g, ref_h, baseline):
            flush()
            tokens.append(Token("", g.x0, g.y0, g.x1, g.y1, 1.0, False, 1, True))
            prev_x1 = g.x1
            continue
        is_other = int(np.argmax(probs[i])) == I_OTHER
        if prev_x1 is not None and g.x0 - prev_x1 > gap:
            flush()
        if is_other:
            flush()
            tokens.append(_token([g], probs[i:i + 1]))
            prev_x1 = g.x1
            continue
        cur.append(i)
        prev_x1 = g.x1
    flush()
    # a separator cannot open a number: ".๒๕๖๘" is a stray dot and a year
    out: list[Token] = []
    for t in tokens:
        out.extend(_split_leading(t))
    return out


def _token(gs: list[Glyph], p: np.ndarray) -> Token:
    cls = p.argmax(axis=1)
    x0 = min(g.x0 for g in gs)
    x1 = max(g.x1 for g in gs)
    y0 = min(g.y0 for g in gs)
    y1 = max(g.y1 for g in gs)
    if (cls == I_OTHER).any():
        return Token("", x0, y0, x1, y1, float(p.max(axis=1).min()), False, len(gs))
    thai = p[:, :10].sum()
    arab = p[:, 10:20].sum()
    chars, conf, unsure = [], [], []
    for row, c in zip(p, cls):
        if c >= 20:
            # a separator: a 200-dpi dot is a few pixels and the model often cannot
            # tell it from a comma; that it is one of the two is what the token's
            # confidence needs (_separators_by_context picks which where unsure)
            chars.append(CLASSES[c])
            conf.append(row[I_DOT] + row[I_COMMA])
            unsure.append(max(row[I_DOT], row[I_COMMA]) < MIN_DIGIT_PROB)
            continue
        both = row[:10] + row[10:20]
        d = int(np.argmax(both))
        chars.append(THAI_DIGITS[d] if thai >= arab else ARABIC_DIGITS[d])
        conf.append(both[d])
        unsure.append(False)
    text = _separators_by_context(chars, unsure)
    numeric = any(ch in DIGITS for ch in text)
    return Token(text, x0, y0, x1, y1, float(min(conf)), numeric, len(gs))


def _separators_by_context(chars: list[str], unsure: list[bool]) -> str:
    """The token's text, each separator the model was unsure of made what its place
    says: after a digit and followed by exactly three digits, then the end or another
    separator, a thousands comma (๔,๗๗๕); followed by one or two digits and then the
    end, a decimal point (๘๗.๔๓). Elsewhere the model's pick stands."""
    out = list(chars)
    for i, ch in enumerate(out):
        if ch not in SEPARATORS or not unsure[i] or i == 0 or out[i - 1] not in DIGITS:
            continue
        j = i + 1
        while j < len(out) and out[j] in DIGITS:
            j += 1
        after = j - i - 1
        if after == 3 and (j == len(out) or out[j] in SEPARATORS):
            out[i] = ","
        elif after in (1, 2) and j == len(out):
            out[i] = "."
    return "".join(out)


def _split_leading(t: Token) -> list[Token]:
    if t.numeric and t.text and t.text[0] in SEPARATORS:
        k = len(t.text) - len(t.text.lstrip(".,"))
        # the stray separators keep no box of their own worth having
        return [Token(t.text[k:], t.x0, t.y0, t.x1, t.y1, t.prob, True, t.n)]
    return [t]


# ---------------------------------------------------------------- locating runs


def _has_digit(text: str) -> bool:
    return any(ch in DIGITS for ch in text)


def _has_thai(text: str) -> bool:
    """A Thai letter, vowel or mark (not a Thai digit)."""
    return any("\u0e01" <= ch <= "\u0e4e" for ch in text)


def _has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def _digitlike(text: str) -> bool:
    return bool(text) and all(ch in DIGITLIKE for ch in text)


def _latin_list_number(text: str, first: bool) -> bool:
    """'al.' 'on,' 'a.' or 'on' 'ol' opening a line: a list or row number (๗. ๓)
    Tesseract read as Latin."""
    if not first:
        return False
    if 2 <= len(text) <= 4 and text[-1] in ".,":
        return all(ch in _LATIN_LIST or ch in DIGITS for ch in text[:-1])
    return 1 <= len(text) <= 2 and all(ch in _LATIN_LIST for ch in text)


def _inline_list_number(words, idx: list[int], pos: int) -> bool:
    """'ig.' 'lg,' between Thai letters: a list number inside a cell ("… ๑. สำรวจ …
    ๒. ปรับปรุง") Tesseract read as Latin. Thai text has no Latin abbreviation glued to its words."""
    t = words[idx[pos]].text.strip()
    if pos == 0 or pos + 1 >= len(idx) or not 2 <= len(t) <= 3 or t[-1] not in ".,":
        return False
    if not all(ch in _LATIN_LIST for ch in t[:-1]):
        return False
    return _has_thai(words[idx[pos - 1]].text) and _has_thai(words[idx[pos + 1]].text)


def _after_ordinal(words, idx: list[int], pos: int) -> bool:
    """'วันที « กันยายน', 'ลำดับที่ ERE จาก': a number Tesseract wrote as symbols or
    Latin letters right after ที่ (วันที่ ๙, ลำดับที่ ๔๙๔, ตัวชี้วัดที่ ๒), where Thai
    puts a number. The image decides."""
    t = words[idx[pos]].text.strip()
    if pos == 0 or not 1 <= len(t) <= 4:
        return False
    if not (len(t) <= 3 and all(ch in MISREADS or ch in SEPARATORS for ch in t)
            or all(ch in _LATIN_LIST for ch in t)):
        return False
    before = "".join(words[i].text.strip() for i in idx[max(0, pos - 3):pos])
    return before.endswith(("ที่", "ที"))


def _before_month(words, idx: list[int], pos: int) -> bool:
    """'TUN mo ตุลาคม' 'Jun ac ตุลาคม': a day Tesseract wrote as Latin letters or symbols
    right before a month's name, where Thai puts the day (the bold วันที่ before it was
    misread too, so `_after_ordinal` has no ที่ to go by). The image decides."""
    t = words[idx[pos]].text.strip()
    if not 1 <= len(t) <= 3 or pos + 1 >= len(idx):
        return False
    if not all(ch in _LATIN_LIST or ch in MISREADS or ch in SEPARATORS for ch in t):
        return False
    after = "".join(words[i].text.strip() for i in idx[pos + 1:pos + 12])
    return starts_with_month(after)


def _latin_cell(words, idx: list[int], pos: int) -> bool:
    """'dame' 'coe' in a table cell of a row that has numbers: a score Tesseract read
    as Latin. In a cell: a column's gap (1.5 line heights, three word spaces) on one
    side at least. Capitals (IIT, EIT) are the tool column, not a misread. The row's
    number may itself be Latin ("on." for ๓., then "dees colon" for ๗๙.๕๘ ๙๐.๒๖)."""
    w = words[idx[pos]]
    t = w.text.strip()
    if not 2 <= len(t) <= 6 or t.isupper() or not all(ch in _LATIN_LIST or ch in ".,’'" for ch in t):
        return False
    numbered = pos > 0 and _latin_list_number(words[idx[0]].text.strip(), True)
    if w.height <= 0 or not (numbered or any(_has_digit(words[i].text) for i in idx)):
        return False
    gap = 1.5 * w.height
    before = pos == 0 or w.left - (words[idx[pos - 1]].left + words[idx[pos - 1]].width) > gap
    after = pos + 1 == len(idx) or words[idx[pos + 1]].left - (w.left + w.width) > gap
    return before or after


def _between_digits(words, idx: list[int], pos: int, cur: list[int]) -> bool:
    """One Thai letter inside a number: digits right before it (in the run so far) and
    right after it, no word space on either side ('๘๓.|ต|๕' for ๘๓.๓๘). Thai puts no
    letter inside a number; the glyph model reads it."""
    if not cur or pos + 1 >= len(idx):
        return False
    prev, w, nxt = words[cur[-1]], words[idx[pos]], words[idx[pos + 1]]
    if not any(_has_digit(words[j].text) for j in cur) or not (_has_digit(nxt.text) and _digitlike(nxt.text.strip())):
        return False
    space = 0.5 * max(w.height, 1)  # under a word space
    return w.left - (prev.left + prev.width) <= space and nxt.left - (w.left + w.width) <= space


def _row_number_cell(words, idx: list[int]) -> int:
    """How many words open the line as a table row's number Tesseract read as letters
    (ต or ตา for ๓, อ for ๖, ส่ for ๘, én): at most three characters with a letter and
    no digit, no wider than two digits, alone in their cell (the next word a column
    away); 0 when the line opens otherwise. The glyph model decides; a real short word
    (ณ) is read as a letter there."""
    first = words[idx[0]]
    h = first.height
    if h <= 0 or len(idx) < 2:
        return 0
    text, right = "", first.left
    for n, i in enumerate(idx):
        w = words[i]
        if n > 0 and w.left - right > 2.5 * h:  # a column's gap: the cell ends here
            break
        text += w.text.strip()
        right = max(right, w.left + w.width)
        if len(text) > 3:
            return 0
    else:
        return 0  # the whole line is one cell
    if not any(ch.isalpha() for ch in text) or _has_digit(text) or right - first.left > 1.5 * h:
        return 0
    return n


# A score cue in running text (Thai letters come one per word: joined before matching)
_SCORE_CUES = ("ได้คะแนน", "ได้รับคะแนน", "คะแนนรวม", "คะแนนเฉลี่ย", "คะแนน", "เท่ากับ", "=", ":")
_SCORE_UNIT = "คะแนน"


def _latin_garble(text: str) -> bool:
    """'cools' 'ea.' 'alo': a short lower-case Latin word (points allowed) as Tesseract
    writes a Thai score on a noisy scan; capitals (ITA, IIT) are real words."""
    letters = text.strip(".,'’")
    return (1 <= len(letters) <= 6 and not letters.isupper()
            and all(ch in _LATIN_LIST or ch in ".,'’" for ch in text) and letters.isascii())


def _after_score_cue(words, idx: list[int], pos: int) -> bool:
    """Latin garbles where the text says "a score stands here": after a Thai score cue
    (ได้คะแนน 'cools'), or before the unit ('ea. alo' คะแนน), the garble's neighbours
    that are garbles too counted with it ("ea. alo" for ๙๓.๗๑). The image decides."""
    if not _latin_garble(words[idx[pos]].text.strip()):
        return False
    a = pos
    while a > 0 and _latin_garble(words[idx[a - 1]].text.strip()):
        a -= 1
    b = pos + 1
    while b < len(idx) and _latin_garble(words[idx[b]].text.strip()):
        b += 1
    before = "".join(words[i].text.strip() for i in idx[max(0, a - 12):a])
    after = "".join(words[i].text.strip() for i in idx[b:b + 6])
    return before.endswith(_SCORE_CUES) or after.startswith(_SCORE_UNIT)


def _lone(texts: list[str]) -> bool:
    """A line of one or two short words with no Thai letter: a page number (- ๓ -) or a
    row number Tesseract read as "-q-", "ese", "«Di"."""
    joined = "".join(texts)
    return (len(texts) <= 2 and 1 <= len(joined) <= 5 and not any("\u0e01" <= ch <= "\u0e4f" and ch not in DIGITLIKE for ch in joined))


# What Tesseract writes for the letter of a question code (O๑๓ → "Ooo", I๑๕ → "lag").
_CODE_LETTER = {"O": "O", "0": "O", "o": "O", "๐": "O", "Q": "O", "D": "O",
                "I": "I", "l": "I", "|": "I", "!": "I", "i": "i", "E": "E", "e": "e"}


def _code_like(text: str) -> bool:
    """'Ooo' 'O7' 'lag' 'Ew': a question code (O๑๓, I15, E๙) as Tesseract may read it;
    the image decides whether it is one."""
    if not 2 <= len(text) <= 4 or text[0] not in _CODE_LETTER or text[-1] in ".,":
        return False
    # 'ITA' 'OIT': capitals after the letter are a word, not a misread digit
    return all(ch in DIGITLIKE or ch.isascii() and ch.islower() or ch in "’'" for ch in text[1:])


def _sliver(w) -> bool:
    """One character boxed as a sliver ('.', 'ฯ', 'ซ' 1-3 px wide): Tesseract's box for a
    glyph it could not place, often a Thai digit after 'ที่' (ที่ ๗ read as ทีซ)."""
    t = w.text.strip()
    return len(t) == 1 and t not in "-–_" and w.height > 0 and w.width <= max(2, 0.12 * w.height)


# Thai letters, vowels and marks that Tesseract does not write for a digit
_PLAIN_THAI = frozenset(chr(c) for c in range(0x0E01, 0x0E50)) - DIGITLIKE


def find_runs(words) -> list[list[int]]:
    """Indices of words forming candidate numeric runs, per Tesseract line."""
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault((w.block, w.par, w.line), []).append(i)
    runs: list[list[int]] = []
    cells: set[int] = set()  # Latin words read in place of a number cell: kept at run ends
    for idx in lines.values():
        idx.sort(key=lambda i: (words[i].left, words[i].word))
        cur: list[int] = []
        anchored = False
        lone = _lone([words[i].text.strip() for i in idx if words[i].text.strip()])
        row_no = _row_number_cell(words, idx)
        cells.update(idx[:row_no])
        for pos, i in enumerate(idx):
            t = words[i].text.strip()
            plain = pos >= row_no and _PLAIN_THAI.issuperset(t)
            if pos < row_no:
                anchor = True
            elif plain:
                # most words: Thai letters only (not digit-like), where of the cues below
                # only a sliver box can hold; the others want digits, misreads, Latin or ".,"
                anchor = len(t) == 1 and (_sliver(words[i]) or _between_digits(words, idx, pos, cur))
            else:
                anchor = (_has_digit(t) and _digitlike(t) or _latin_list_number(t, pos == 0)
                          or _code_like(t) or (lone and bool(t)) or _sliver(words[i])
                          or _inline_list_number(words, idx, pos) or _after_ordinal(words, idx, pos))
                if not anchor and (_latin_cell(words, idx, pos) or _before_month(words, idx, pos)
                                   or _after_score_cue(words, idx, pos)):
                    anchor = True
                    cells.add(i)
                elif anchor and _has_latin(t) and _after_ordinal(words, idx, pos):
                    cells.add(i)  # Latin letters for a number: kept at the run's end
            if anchor or not plain and _digitlike(t):
                cur.append(i)
                anchored = anchored or anchor
                continue
            if cur and anchored:
                runs.append(cur)
            cur, anchored = [], False
        if cur and anchored:
            runs.append(cur)
    # a run must hold a real digit or a list number; trim pure-misread ends far from it
    return [_trim_run(words, r, cells) for r in runs]


def _trim_run(words, run: list[int], keep: set[int] = frozenset()) -> list[int]:
    def key(i):
        t = words[i].text
        return _has_digit(t) or t[-1:] in ".," or _latin_list_number(t, True) or _code_like(t) or i in keep

    a, b = 0, len(run)
    while a < b and not key(run[a]) and words[run[a]].text not in {".", ","}:
        a += 1
    while b > a and not key(run[b - 1]) and words[run[b - 1]].text not in {".", ","}:
        b -= 1
    return run[a:b] if a < b else run


# ---------------------------------------------------------------- the step


def _box(w) -> tuple[int, int, int, int]:
    return int(w.left), int(w.top), int(w.left) + int(w.width), int(w.top) + int(w.height)


def _band(words, run: list[int], line_words: list[int], rx0: int, rx1: int) -> tuple[float, float, float]:
    """(top, bottom, unit) of the text line near the run from Tesseract's boxes: medians
    are robust to the per-letter boxes that swallow marks above and below; only nearby
    words count (a page turned by 1° drifts 35 px across a 300-dpi line)."""
    hs = sorted(words[i].height for i in run if words[i].height > 0) or [1]
    reach = 8 * hs[len(hs) // 2]
    ws = [words[i] for i in line_words if words[i].height > 0
          and rx0 - reach <= words[i].left + words[i].width / 2 <= rx1 + reach]
    ws = ws or [words[i] for i in run]
    tops = sorted(w.top for w in ws)
    bots = sorted(w.top + w.height for w in ws)
    hs = sorted(w.height for w in ws)
    unit = float(hs[len(hs) // 2]) if hs else 1.0
    return float(tops[len(tops) // 2]), float(bots[len(bots) // 2]), max(unit, 1.0)


def repair_numbers(image: Image.Image, words: list) -> list:
    """Re-read the numeric tokens of a page (see the module docstring). Returns the
    words in their order (changed words are `dataclasses.replace`d copies), followed by
    new words for numbers Tesseract gave no word for. Never raises: on any problem the
    words come back unchanged."""
    try:
        return _repair(image, words)
    except Exception:  # the digit step must never cost a page
        return list(words) if isinstance(words, list) else words


def read_number(image: Image.Image, box: tuple[int, int, int, int], band: tuple[float, float]) -> str | None:
    """The number printed in `box` (x0, y0, x1, y1 pixels) whose digits stand between
    rows `band` (top, baseline) — a cell's first digits that Tesseract read as letters
    (`ซ่` for ๗) — when every glyph is a sure digit; else None. Never raises."""
    try:
        grey = np.asarray(image if image.mode == "L" else image.convert("L"))
        H, W = grey.shape[:2]
        top, bot = band
        bh = max(bot - top, 4.0)
        x0, x1 = max(0, int(box[0] - 0.5 * bh)), min(W, int(box[2] + 0.5 * bh))
        y0, y1 = max(0, int(top - 0.8 * bh)), min(H, int(bot + 0.8 * bh))
        if x1 - x0 < 3 or y1 - y0 < 3:
            return None
        gl, ref_h, baseline = glyphs_in(binarise(grey[y0:y1, x0:x1]), (top - y0, bot - y0))
        sel = [g for g in gl if box[0] - x0 <= (g.x0 + g.x1) / 2 <= box[2] - x0]
        if not sel:
            return None
        probs = load_model().proba(np.stack([features(g, ref_h, baseline) for g in sel]))
        tokens = [t for t in read_tokens(sel, probs, _gap_threshold(sel, ref_h), ref_h, baseline)
                  if t.text or not t.dash]
        if len(tokens) != 1 or not tokens[0].numeric or tokens[0].prob < MIN_DIGIT_PROB:
            return None
        text = tokens[0].text
        return text if all(ch in DIGITS for ch in text) else None
    except Exception:  # the digit step must never cost a page
        return None


def _repair(image: Image.Image, words: list) -> list:
    out = list(words)
    if not out or image is None:
        return out
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))
    H, W = grey.shape[:2]
    if H < 4 or W < 4:
        return out
    model = load_model()
    _reread_runs(grey, out, model)
    return out + _unboxed_numbers(image, grey, out, model)


def _reread_runs(grey: np.ndarray, out: list, model: _Model) -> None:
    runs = find_runs(out)
    if not runs:
        return
    H, W = grey.shape[:2]
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(out):
        lines.setdefault((w.block, w.par, w.line), []).append(i)

    jobs = []  # (line words, selected glyphs, ref_h, gap threshold, crop origin)
    feats = []
    done: dict[tuple, list[tuple[int, int]]] = {}  # page x-spans already read, per line
    for run in runs:
        w0 = out[run[0]]
        key = (w0.block, w0.par, w0.line)
        boxes = [_box(out[i]) for i in run]
        rx0, rx1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
        top, bot, _ = _band(out, run, lines[key], rx0, rx1)
        bh = max(bot - top, 4.0)
        if rx1 - rx0 > 60 * bh or any(a <= rx0 and rx1 <= b for a, b in done.get(key, [])):
            continue
        x0, x1 = max(0, int(rx0 - 2.5 * bh)), min(W, int(rx1 + 2.5 * bh))
        y0, y1 = max(0, int(top - 0.8 * bh)), min(H, int(bot + 0.8 * bh))
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        for _ in range(4):
            gl, ref_h, baseline = glyphs_in(binarise(grey[y0:y1, x0:x1]), (top - y0, bot - y0))
            sel, gap = _select(gl, [(b[0] - x0, b[2] - x0) for b in boxes], ref_h) if gl else ([], 0.0)
            # the number's ink runs on past the strip (its first digits read as letters,
            # outside the run's words): widen the strip that way and read it again
            left = bool(sel) and x0 > 0 and sel[0].x0 <= 1
            right = bool(sel) and x1 < W and sel[-1].x1 >= x1 - x0 - 1
            if not (left or right):
                break
            x0, x1 = (max(0, int(x0 - 2.5 * bh)) if left else x0), (min(W, int(x1 + 2.5 * bh)) if right else x1)
        if not sel:
            continue
        done.setdefault(key, []).append((sel[0].x0 + x0, sel[-1].x1 + x0))
        for g in sel:
            feats.append(features(g, ref_h, baseline))
        chosen = {id(g) for g in sel}
        rest = [(g.x0 + x0, g.x1 + x0) for g in gl if id(g) not in chosen]
        jobs.append((lines[key], run, rest, sel, gap, x0, y0, ref_h, baseline))
    if not jobs:
        return
    probs = model.proba(np.stack(feats))
    jobs, probs = _split_touching(model, jobs, probs)
    k = 0
    for line_words, run, rest, sel, gap, x0, y0, ref_h, baseline in jobs:
        p = probs[k:k + len(sel)]
        k += len(sel)
        _write_back(out, line_words, run, rest, read_tokens(sel, p, gap, ref_h, baseline), x0, y0,
                    ref_h, gap)


UNBOXED_MIN_PROB = 0.9  # every glyph of a number Tesseract gave no word for


_XHEIGHT_LETTERS = set("กคงจดตนบมรวสอาะ")  # Thai letters with neither ascender nor tail


def _x_height(words: list) -> float:
    """The page's x-height from Tesseract's boxes of plain letters (ร ก น ...: one word
    a letter), their lower quartile (some boxes take the whole line's height); 0 when
    the page has too few. Thai digits stand about that high, Arabic ones 1.2 times."""
    hs = sorted(w.height for w in words if w.height > 0 and len(w.text) == 1 and w.text in _XHEIGHT_LETTERS)
    return float(hs[len(hs) // 4]) if len(hs) >= 10 else 0.0


def _clear_boxes(mark: np.ndarray, boxes: np.ndarray, pad: float, bs: int) -> None:
    """mark[max(0, (y0 - pad) // bs):(y1 + pad) // bs + 1, (same for x)] = False for each
    box (x0, y0, x1, y1), slice bounds taken as Python takes them, all boxes at once: their
    rectangles are summed on the grid through corner differences."""
    h, w = mark.shape

    def span(lo, hi, n):
        start = np.minimum(np.maximum(0, np.floor_divide(lo - pad, bs).astype(np.int64)), n)
        stop = np.floor_divide(hi + pad, bs).astype(np.int64) + 1
        stop = np.where(stop < 0, np.maximum(stop + n, 0), np.minimum(stop, n))
        return start, stop

    r0, r1 = span(boxes[:, 1], boxes[:, 3], h)
    c0, c1 = span(boxes[:, 0], boxes[:, 2], w)
    ok = (r1 > r0) & (c1 > c0)
    r0, r1, c0, c1 = r0[ok], r1[ok], c0[ok], c1[ok]
    cover = np.zeros((h + 1, w + 1), np.int32)
    np.add.at(cover, (r0, c0), 1)
    np.add.at(cover, (r0, c1), -1)
    np.add.at(cover, (r1, c0), -1)
    np.add.at(cover, (r1, c1), 1)
    mark[np.cumsum(np.cumsum(cover, axis=0), axis=1)[:h, :w] > 0] = False


def _unboxed_numbers(image: Image.Image, grey: np.ndarray, words: list, model: _Model) -> list:
    """Numbers alone on the page that Tesseract gave no word for (it often drops an
    isolated page number "- ๓ -"): ink of digit height outside every word's box, far
    from any word on its line, read as one confident number (dashes allowed around it).
    Returns new words, each on a line of its own."""
    dh = _x_height(words)
    H, W = grey.shape[:2]
    if dh < 6:
        return []
    bs = max(2, int(dh / 4))
    small = np.asarray(image.reduce(bs) if image.mode == "L" else image.convert("L").reduce(bs), np.float32)
    bg = float(np.percentile(small, 90))
    fg = float(grey[::4, ::4].min())
    if bg - fg < 40:
        return []
    mark = small < bg - 0.18 * (bg - fg)
    # a line of one to three marks and no digit ("=ส" for "- ๔ -") is Tesseract's
    # misreading of such a number: its words do not hide the ink, and go if it is read
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault((w.block, w.par, w.line), []).append(i)
    weak = set()
    for idx in lines.values():
        text = "".join(words[i].text.strip() for i in idx)
        x0 = min(words[i].left for i in idx)
        x1 = max(words[i].left + words[i].width for i in idx)
        if len(text) <= 3 and not _has_digit(text) and not _has_latin(text) and x1 - x0 <= 4 * dh:
            weak.update(idx)
    keep = [i for i in range(len(words)) if i not in weak]
    boxes = np.array([_box(words[i]) for i in keep] or [(-9, -9, -9, -9)], np.int64)
    pad = 0.15 * dh
    _clear_boxes(mark, boxes, pad, bs)
    if not mark.any():
        return []
    seeds = []
    for cx0, cy0, cx1, cy1, _, _ in components(mark):
        h, w = (cy1 - cy0) * bs, (cx1 - cx0) * bs
        if 0.7 * dh <= h <= 1.6 * dh + bs and w <= 4 * dh:
            seeds.append((cx0 * bs, cy0 * bs, cx1 * bs, cy1 * bs))
    if not seeds or len(seeds) > 200:  # a photo or a stamp, not a page of text
        return []
    found: list = []
    taken: list[tuple[int, int, int, int]] = []
    block = max(int(w.block) for w in words) + 1
    for sx0, sy0, sx1, sy1 in seeds:
        if any(a <= (sx0 + sx1) / 2 <= c and b <= (sy0 + sy1) / 2 <= d for a, b, c, d in taken):
            continue
        x0, x1 = max(0, int(sx0 - 3 * dh)), min(W, int(sx1 + 3 * dh))
        y0, y1 = max(0, int(sy0 - 0.6 * dh)), min(H, int(sy1 + 0.6 * dh))
        # alone on its line: no word box on these rows near it
        near = ((boxes[:, 0] < x1) & (boxes[:, 2] > x0) & (boxes[:, 1] < sy1 - 0.2 * dh)
                & (boxes[:, 3] > sy0 + 0.2 * dh))
        if near.any():
            continue
        gl, ref_h, baseline = glyphs_in(binarise(grey[y0:y1, x0:x1]), (sy0 - y0, sy1 - y0))
        if not gl:
            continue
        p = model.proba(np.stack([features(g, ref_h, baseline) for g in gl]))
        toks = read_tokens(gl, p, _gap_threshold(gl, ref_h), ref_h, baseline)
        # dust beside a page number is no letter
        nums = [t for t in toks if not t.dash and (t.text or max(t.x1 - t.x0, t.y1 - t.y0) > 0.25 * ref_h)]
        if len(nums) != 1 or not nums[0].numeric or nums[0].n > 8:
            continue
        t = nums[0]
        lo, hi = (0.8, 1.25) if t.text[:1] in THAI_DIGITS else (1.0, 1.5)  # the page's digits' size
        if not lo * dh <= ref_h <= hi * dh:
            continue
        need = UNBOXED_MIN_PROB if t.n > 1 else 0.97
        if t.prob < need or t.text[-1:] == "," or any(ch not in DIGITS and ch not in ".," for ch in t.text):
            continue
        ts, text = _with_dashes([t], t.text, [d for d in toks if d.dash], max(ref_h, 1.0))
        bx0, by0 = min(q.x0 for q in ts) + x0, min(q.y0 for q in ts) + y0
        bx1, by1 = max(q.x1 for q in ts) + x0, max(q.y1 for q in ts) + y0
        taken.append((bx0, by0, bx1, by1))
        for i in weak:
            w = words[i]
            if w.left < bx1 and w.left + w.width > bx0 and w.top < by1 and w.top + w.height > by0:
                words[i] = dataclasses.replace(w, text="")
        found.append(dataclasses.replace(words[0], text=text, conf=round(100.0 * t.prob, 2),
                                         left=bx0, top=by0, width=bx1 - bx0, height=by1 - by0,
                                         block=block + len(found), par=1, line=1, word=1))
    return found


def _cuts(g: Glyph, ref_h: float, n: int = 4) -> list[int]:
    """Up to `n` columns where a glyph of two touching characters is thinnest (in its
    middle: round digits are thin at their own edges too)."""
    lo, hi = int(max(0.25 * ref_h, 0.3 * g.w)), int(min(g.w - 0.25 * ref_h, 0.7 * g.w)) + 1
    if hi <= lo:
        return []
    prof = g.mask[:, lo:hi].sum(axis=0)
    out: list[int] = []
    for c in np.argsort(prof, kind="stable").tolist():
        if all(abs(c - o) > 2 for o in out):
            out.append(c)
        if len(out) == n:
            break
    return [lo + c for c in out]


def _halves(g: Glyph, cut: int) -> tuple[Glyph | None, Glyph | None]:
    left = _trim(Glyph(g.x0, g.y0, g.x0 + cut, g.y1, g.mask[:, :cut]))
    right = _trim(Glyph(g.x0 + cut, g.y0, g.x1, g.y1, g.mask[:, cut:]))
    return left, right


SPLIT_MIN_PROB = 0.85  # both halves of a cut glyph at least this sure to be digits


def _split_touching(model: _Model, jobs: list, probs: np.ndarray):
    """Digits that touch (blur, JPEG, a heavy scan) form one glyph the model calls
    'other'. Such a glyph under the run's words, about two digits wide, is cut at its
    thinnest columns; a cut is kept when both halves are confidently digits."""
    cand = []  # (job index, glyph index, cut, left, right)
    feats = []
    k = 0
    for j, (_, _, _, sel, _, _, _, ref_h, baseline) in enumerate(jobs):
        p = probs[k:k + len(sel)]
        k += len(sel)
        for i, g in enumerate(sel):
            c = int(np.argmax(p[i]))
            if (c != I_OTHER and p[i, c] >= MIN_DIGIT_PROB) or g.w < 0.75 * ref_h or g.h < 0.6 * ref_h:
                continue
            if g.w > 2.6 * ref_h:
                continue
            for cut in _cuts(g, ref_h):
                left, right = _halves(g, cut)
                if left is None or right is None:
                    continue
                cand.append((j, i, cut, left, right))
                feats.append(features(left, ref_h, baseline))
                feats.append(features(right, ref_h, baseline))
    if not cand:
        return jobs, probs
    pp = model.proba(np.stack(feats))
    best: dict[tuple[int, int], tuple[float, Glyph, Glyph, np.ndarray, np.ndarray]] = {}
    for n, (j, i, cut, left, right) in enumerate(cand):
        pl, pr = pp[2 * n], pp[2 * n + 1]
        cl, cr = int(np.argmax(pl)), int(np.argmax(pr))
        if cl >= 20 or cr >= 20:
            continue
        score = min(pl[cl], pr[cr])
        if score < SPLIT_MIN_PROB:
            continue
        if (j, i) not in best or score > best[(j, i)][0]:
            best[(j, i)] = (score, left, right, pl, pr)
    if not best:
        return jobs, probs
    new_jobs, new_probs = [], []
    k = 0
    for j, job in enumerate(jobs):
        sel = job[3]
        p = probs[k:k + len(sel)]
        k += len(sel)
        gs, ps = [], []
        for i, g in enumerate(sel):
            if (j, i) in best:
                _, left, right, pl, pr = best[(j, i)]
                gs += [left, right]
                ps += [pl, pr]
            else:
                gs.append(g)
                ps.append(p[i])
        new_jobs.append(job[:3] + (gs,) + job[4:])
        new_probs += ps
    return new_jobs, np.stack(new_probs)


def _gap_threshold(gl: list[Glyph], ref_h: float) -> float:
    """Pixels of gap that end a token: a word space, not the spacing of digits (wider in
    monospaced fonts, so measured on the strip itself)."""
    gaps = sorted(max(0, b.x0 - a.x1) for a, b in zip(gl, gl[1:]))
    small = gaps[: max(1, (len(gaps) + 1) // 2)] if gaps else [0]
    med = _median(small)
    return max(0.45 * ref_h, min(1.0 * ref_h, 2.5 * med))


def _select(gl: list[Glyph], spans: list[tuple[int, int]], ref_h: float):
    """The glyphs under the run's words, extended left and right to the ink that joins
    them without a word space (Tesseract's letter boxes are loose and often miss a
    digit or give it to a misread Thai letter)."""
    gap = _gap_threshold(gl, ref_h)
    core = []
    for i, g in enumerate(gl):
        cx = (g.x0 + g.x1) / 2
        # Tesseract sometimes boxes a digit as a sliver at its edge ('๕' 2 px wide), or
        # a narrow box over part of it ('«' over the right half of a ๙)
        if any(a - 1 <= cx <= b + 1 or (b - a < 0.25 * ref_h and g.x0 - 0.2 * ref_h <= b and a <= g.x1 + 0.2 * ref_h)
               or 0 < b - a < 0.5 * ref_h and min(g.x1, b) - max(g.x0, a) >= 0.8 * (b - a)
               for a, b in spans):
            core.append(i)
    if not core:
        return [], gap
    a, b = core[0], core[-1]
    while a > 0 and gl[a].x0 - gl[a - 1].x1 <= gap:
        a -= 1
    while b < len(gl) - 1 and gl[b + 1].x0 - gl[b].x1 <= gap:
        b += 1
    return gl[a:b + 1], gap


def _codes(out: list, run: list[int], tokens: list[Token], ox: int, ref_h: float,
           gap: float) -> list[Token]:
    """A question code: one letter glyph (O, I, i, E: 'other' to the model) directly
    followed by one or two digits, under a run word Tesseract read as Latin or digits
    ("Ooo", "0", "613"). The letter is Tesseract's when it wrote a code letter, else
    guessed from the glyph's shape (narrow: I, round: O)."""
    if ref_h <= 0:
        return tokens
    res: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (t.text == "" and t.n == 1 and nxt is not None and nxt.numeric
                and nxt.text.isdigit() and len(nxt.text) <= 2 and nxt.prob >= MIN_DIGIT_PROB
                and 0 <= nxt.x0 - t.x1 <= gap and t.y1 - t.y0 >= 0.85 * (nxt.y1 - nxt.y0)
                # a capital stands taller than Thai digits, and an O is as wide as it is tall
                and t.x1 - t.x0 <= 1.2 * max(ref_h, t.y1 - t.y0)):
            a, b = t.x0 + ox, t.x1 + ox
            over = [j for j in run if min(out[j].left + out[j].width, b) - max(out[j].left, a) > 0]
            if over:
                j = max(over, key=lambda j: min(out[j].left + out[j].width, b) - max(out[j].left, a))
                txt = out[j].text.strip()
                # the character over the glyph: words are often one letter each
                frac = (t.x0 + ox - out[j].left) / max(1, out[j].width)
                ch = txt[min(len(txt) - 1, max(0, int(frac * len(txt))))] if txt else ""
                # a slash Tesseract read between numbers (๗๙๖๗๗/๓๘) is no code letter
                if ch != "/" and (_code_like(txt) or _digitlike(txt) or ch in _CODE_LETTER):
                    letter = _CODE_LETTER.get(ch) or _CODE_LETTER.get(txt[:1], "")
                    if not letter:
                        w = (t.x1 - t.x0) / max(1.0, t.y1 - t.y0)
                        letter = "I" if w < 0.3 else "O" if w > 0.7 else ""
                    res.append(Token(letter + nxt.text, t.x0, min(t.y0, nxt.y0), nxt.x1,
                                     max(t.y1, nxt.y1), nxt.prob, True, t.n + nxt.n))
                    i += 2
                    continue
        res.append(t)
        i += 1
    return res


def _join_tokens(ts: list[Token], dashes: list[Token]) -> str:
    """Tokens given to one word, left to right: a dash between two keeps its place
    (๒๕๖๗-๒๕๖๘), else a space."""
    parts = [ts[0].text]
    for a, b in zip(ts, ts[1:]):
        dash = any(a.x1 <= d.x0 and d.x1 <= b.x0 for d in dashes)
        parts += ["-" if dash else " ", b.text]
    return "".join(parts)


def _with_dashes(ts: list[Token], text: str, dashes: list[Token], reach: float):
    """A number alone on its line between two dashes (a page number) keeps them."""
    a, b = ts[0], ts[-1]
    left = [d for d in dashes if d.x1 <= a.x0 and a.x0 - d.x1 <= reach]
    right = [d for d in dashes if d.x0 >= b.x1 and d.x0 - b.x1 <= reach]
    if left and right:
        return [left[-1]] + ts + [right[0]], f"- {text} -"
    return ts, text


def _word_dashes(read: str, span: tuple[int, int], text: str, x0: int, x1: int,
                 dashes: list[Token], ox: int) -> tuple[str, int, int]:
    """A dash Tesseract read at the end (or start) of the word ('6129-' of the phone
    number 0-6129-8251), with a dash in the image there, inside the word's box, stays:
    without it the number runs into the next one ('061298251')."""
    a, b = span
    for d in sorted(dashes, key=lambda d: d.x0):
        d0, d1 = d.x0 + ox, d.x1 + ox
        if read.rstrip().endswith(("-", "–")) and d0 >= x1 - 1 and d1 <= b + 2 and not text.endswith("-"):
            text, x1 = text + "-", d1
        elif read.lstrip().startswith(("-", "–")) and d1 <= x0 + 1 and d0 >= a - 2 and not text.startswith("-"):
            text, x0 = "-" + text, d0
    return text, x0, x1


def _write_back(out: list, line_words: list[int], run: list[int], rest: list[tuple[int, int]],
                tokens: list[Token], ox: int, oy: int, ref_h: float = 0.0, gap: float = 0.0) -> None:
    """Give each confidently numeric token to the word it overlaps most (a word of the
    run first). Words whose box lies mostly over a written token (Tesseract's per-letter
    pieces of it), and digit-like words of the run over no ink at all (phantom letters
    Tesseract adds beside a number), are emptied. Words over letters, and words with
    Latin letters (question codes such as O14), are never changed."""
    # Latin words in a run are there as codes, list numbers or a lone page number
    usable = [i for i in line_words if not _has_latin(out[i].text) or i in run]
    spans = {i: (int(out[i].left), int(out[i].left) + int(out[i].width)) for i in usable}
    in_run = set(run)

    def overlap(i, a, b):
        bx0, bx1 = spans[i]
        return min(bx1, b) - max(bx0, a)

    tokens = _codes(out, run, tokens, ox, ref_h, gap)

    dashes = [t for t in tokens if t.dash]
    tokens = [t for t in tokens if not t.dash]
    letters = set()
    for t in tokens:
        if not t.text:
            for i in spans:
                if overlap(i, t.x0 + ox, t.x1 + ox) > 0.3 * max(1, spans[i][1] - spans[i][0]):
                    letters.add(i)
    winners: dict[int, list[Token]] = {}
    pieces: dict[int, set[int]] = {}
    for t in tokens:
        # numbers, and runs of dots or commas (dot leaders Tesseract reads as ๑ ๐)
        if not t.text or t.prob < MIN_DIGIT_PROB:
            continue
        a, b = t.x0 + ox, t.x1 + ox
        ovs = {i: overlap(i, a, b) for i in spans}
        pool = [i for i in ovs if ovs[i] > 0 and i in in_run] or [i for i in ovs if ovs[i] > 0]
        if not pool:
            continue
        best = max(pool, key=lambda i: ovs[i])
        w = out[best]
        if best in letters and not _digitlike(w.text):
            # the word also covers letters (or ink the model cannot read) and Tesseract
            # read it as letters, or as Arabic digits (which it reads well): leave it
            continue
        if not t.numeric and not _digitlike(w.text):
            continue  # dots alone never replace a word with letters
        winners.setdefault(best, []).append(t)
        pieces.setdefault(best, set()).update(
            i for i in ovs if i != best and ovs[i] >= 0.5 * max(1, spans[i][1] - spans[i][0]))
    whole_line = len(winners) == 1 and set(line_words) <= in_run
    for i, ts in winners.items():
        ts = sorted(ts, key=lambda t: t.x0)
        text = _join_tokens(ts, dashes)
        if whole_line:  # a page number: "- ๓ -"
            ts, text = _with_dashes(ts, text, dashes, max(gap, ref_h))
        x0 = min(t.x0 for t in ts) + ox
        x1 = max(t.x1 for t in ts) + ox
        y0 = min(t.y0 for t in ts) + oy
        y1 = max(t.y1 for t in ts) + oy
        text, x0, x1 = _word_dashes(out[i].text, spans[i], text, x0, x1, [d for d in dashes if d not in ts], ox)
        out[i] = dataclasses.replace(out[i], text=text,
                                     conf=round(100.0 * min(t.prob for t in ts), 2),
                                     left=x0, top=y0, width=x1 - x0, height=y1 - y0)
    emptied = set().union(*pieces.values()) if pieces else set()
    for i in emptied - set(winners) - letters:
        if len(out[i].text) <= 3 or _digitlike(out[i].text):
            out[i] = dataclasses.replace(out[i], text="")
    if not winners:
        return
    for i in run:
        if i in winners or i in letters or i not in spans or not _digitlike(out[i].text):
            continue
        bx0, bx1 = spans[i]
        width = max(1, bx1 - bx0)
        if any(min(bx1, b) - max(bx0, a) > 0.3 * width for a, b in rest):
            continue  # over ink this run did not read
        out[i] = dataclasses.replace(out[i], text="")


# ---------------------------------------------------------------- training data


def _font_files(families: list[str], styles=("", "-Bold")) -> list[Path]:
    out = []
    for fam in families:
        for st in styles:
            p = FONT_DIR / f"{fam}{st}.ttf"
            if p.exists():
                out.append(p)
    return out


TRAIN_FAMILIES = ["Laksaman", "Garuda", "Loma", "Norasi", "Umpush", "Sawasdee", "TlwgTypo",
                  "TlwgTypist", "TlwgMono", "Waree", "Purisa", "Kinnari"]
HELD_OUT = "Kinnari"

THAI_LETTERS = "กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
THAI_WORDS = ["คะแนน", "ลำดับที่", "พ.ศ.", "ปี", "ร้อยละ", "ที่", "วันที่", "ข้อ", "ตัวชี้วัด",
              "ระดับ", "ผ่าน", "ได้รับ", "ดีเยี่ยม", "ธันวาคม", "ก.ย.", "ต.ค.", "หมู่", "เล่ม",
              "จำนวน", "คน", "บาท", "เดือน", "ครั้ง", "ส่วน", "ภาค", "อำเภอ", "ตำบล", "กิจกรรม"]
LATIN_WORDS = ["ITA", "IIT", "EIT", "OIT", "O42", "I12", "E3", "and", "of", "on", "at", "al",
               "ITAS", "(OIT)", "a", "Score", "no", "l", "I", "Oo", "Sg"]
PUNCT = list("/()-:%[]|+*=\"'–")
# marks next to numbers that are not digits: repetition/abbreviation signs, dashes
OTHER_MARKS = ["ฯลฯ", "ต่างๆ", "กรุงเทพฯ", "ๆ", "ฯ", "-", "–", "--", "ปีๆ"]


def _number_string(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 10)
    if kind >= 8:  # the pairs most often confused on scans: ๒/๖ and ๑/๗
        s = "".join("2617"[i] for i in rng.integers(0, 4, rng.integers(1, 6)))
    elif kind == 0:
        s = f"{rng.uniform(0, 100):.2f}"
    elif kind == 1:
        s = str(rng.integers(2540, 2575))
    elif kind == 2:
        s = f"{rng.integers(1000, 99999):,}"
    elif kind == 3:
        s = str(rng.integers(0, 1000))
    elif kind == 4:
        s = f"{rng.integers(1, 40)}."
    elif kind == 5:
        s = f"{rng.uniform(0, 100):.1f}"
    elif kind == 6:
        s = "".join(str(d) for d in rng.integers(0, 10, rng.integers(1, 7)))
    else:
        s = f"{rng.integers(1, 31)}/{rng.integers(1, 13)}"
    return s


def _sample_string(rng: np.random.Generator) -> str:
    thai = rng.random() < 0.6
    parts = [_number_string(rng) for _ in range(rng.integers(1, 3))]
    if thai:
        parts = [p.translate(str.maketrans(ARABIC_DIGITS, THAI_DIGITS)) for p in parts]
    text = " ".join(parts)
    r = rng.random()
    if r < 0.35:
        w = THAI_WORDS[rng.integers(len(THAI_WORDS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    elif r < 0.5:
        w = LATIN_WORDS[rng.integers(len(LATIN_WORDS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    elif r < 0.65:
        letters = "".join(THAI_LETTERS[i] for i in rng.integers(0, len(THAI_LETTERS), rng.integers(1, 5)))
        text = letters + " " + text
    elif r < 0.72:
        text = text + PUNCT[rng.integers(len(PUNCT))]
    elif r < 0.84:  # question codes: a Latin letter glued to digits (O๑๓, I7, i17)
        code = f"{'OIEi'[rng.integers(4)]}{rng.integers(1, 44)}"
        if thai:
            code = code.translate(str.maketrans(ARABIC_DIGITS, THAI_DIGITS))
        text = code + " " + text if rng.random() < 0.5 else code
    elif r < 0.88:
        text = text + " " + "." * int(rng.integers(3, 12))  # dot leaders
    elif r < 0.93:  # a page number between dashes: "- ๓ -"
        text = f"- {parts[0]} -" if rng.random() < 0.7 else f"-{parts[0]}-"
    elif r < 0.98:
        w = OTHER_MARKS[rng.integers(len(OTHER_MARKS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    return text


def _damage(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Scanner-like damage (compare samples/render_images.py)."""
    img = img.rotate(float(rng.uniform(-1.3, 1.3)), resample=Image.BICUBIC, expand=False, fillcolor=255)
    if rng.random() < 0.75:
        img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.2, 1.1))))
    a = np.asarray(img, np.float32)
    a = a * float(rng.uniform(0.82, 1.0)) + float(rng.uniform(0, 22))
    a += rng.normal(0, float(rng.uniform(0, 9)), a.shape)
    if rng.random() < 0.5:
        sp = rng.random(a.shape)
        a[sp < 0.0008] = 30
        a[sp > 0.998] = 255
    a[a > float(rng.uniform(215, 245))] = 255
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    r = rng.random()
    if r < 0.12:
        img = img.filter(ImageFilter.MinFilter(3))  # thicker strokes
    elif r < 0.2:
        img = img.filter(ImageFilter.MaxFilter(3))  # thinner strokes
    if rng.random() < 0.5:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(45, 90)))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if rng.random() < 0.3:  # a bilevel scan (scan300)
        t = float(rng.uniform(120, 200))
        img = img.point(lambda v: 255 if v > t else 0)
    return img


def _damage_200(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A 200-dpi grey scan of a tired office scanner, or a mildly damaged JPEG photo of a
    page (samples/render_images.py's scan200 and jpeg): blur, weak toner, noise, dust and
    drop-outs after the blur, background suppression, JPEG at quality about 60. Some
    renders stay clean and get 8 grey levels (the png kind)."""
    if rng.random() < 0.15:
        return img.quantize(8, dither=Image.Dither.NONE).convert("L")
    st = float(rng.uniform(0.3, 1.3))
    img = img.rotate(float(rng.uniform(-1.0, 1.0)) * st, resample=Image.BICUBIC, expand=False,
                     fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.5 + 0.3 * st + float(rng.uniform(-0.1, 0.15))))
    a = np.asarray(img, np.float32)
    a = a * float(rng.uniform(0.86, 0.98)) + float(rng.uniform(2, 16))
    a += rng.normal(0, 6.0 * st, a.shape)
    sp = rng.random(a.shape)
    a[sp < 0.0006 * st * float(rng.uniform(0.5, 2.5))] = 30  # dust
    a[sp > 1 - 0.0015 * st] = 255  # toner drop-outs
    a[a > float(rng.uniform(222, 234))] = 255
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(rng.integers(45, 76)))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


_FONTS: dict = {}


def _font(path: str, size: int):
    key = (path, size)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(path, size)
    return _FONTS[key]


def render_sample(text: str, font_path: Path, size: int, rng: np.random.Generator,
                  damage=None):
    """Render `text`, damage it, segment it the way repair_numbers does.
    Returns (features [n, F], labels [n]) for glyphs whose label is certain."""
    font = _font(str(font_path), size)
    asc, desc = font.getmetrics()
    pad = size // 4
    width = int(font.getlength(text)) + 2 * pad
    height = asc + desc + 2 * pad
    img = Image.new("L", (width, height), 255)
    ImageDraw.Draw(img).text((pad, pad), text, font=font, fill=0)
    # character x-ranges, for labelling
    spans = []
    for i, ch in enumerate(text):
        a = pad + font.getlength(text[:i])
        b = pad + font.getlength(text[:i + 1])
        spans.append((a, b, ch))
    img = (damage or _damage)(img, rng)
    grey = np.asarray(img)
    mask = binarise(grey)
    # the line band: where the digits' ink sits (as Tesseract's word boxes would say)
    probe = font.getbbox("0๐", anchor="ls")
    base_y = pad + asc
    band = (base_y + probe[1], base_y + 1)
    gl, ref_h, baseline = glyphs_in(mask, band)
    X, y = [], []
    for g in gl:
        cx = (g.x0 + g.x1) / 2
        hits = [ch for a, b, ch in spans if a - 1 <= cx <= b + 1]
        inside = [ch for a, b, ch in spans if g.x0 - 1 <= (a + b) / 2 <= g.x1 + 1 and ch.strip()]
        if len(hits) != 1 or not hits[0].strip():
            continue
        ch = hits[0]
        if ch in THAI_DIGITS or ch in ARABIC_DIGITS or ch in ".,":
            # a digit glyph must hold exactly that character (no touching neighbour)
            if len([c for c in inside if c not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"]) != 1:
                continue
            label = CLASSES.index(ch)
        else:
            if any(c in DIGITS for c in inside):
                continue
            label = I_OTHER
        X.append(features(g, ref_h, baseline))
        y.append(label)
    return X, y


def make_dataset(fonts: list[Path], per_font: int, seed: int):
    rng = np.random.default_rng(seed)
    X, y = [], []
    for f in fonts:
        for _ in range(per_font):
            if rng.random() < SHARE_200:  # 13-18 pt at 200 dpi
                size = int(rng.integers(28, 56))
                xs, ys = render_sample(_sample_string(rng), f, size, rng, _damage_200)
            else:
                size = int(rng.integers(24, 84))
                xs, ys = render_sample(_sample_string(rng), f, size, rng)
            X.extend(xs)
            y.extend(ys)
    return np.array(X, np.float32), np.array(y, np.int64)


def train_mlp(X: np.ndarray, y: np.ndarray, seed: int, hidden: int = 160, epochs: int = 24,
              lr: float = 2e-3, batch: int = 256) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mu = X.mean(axis=0)
    sd = X.std(axis=0) + 0.05
    Xn = (X - mu) / sd
    F = X.shape[1]
    w1 = rng.normal(0, math.sqrt(2.0 / F), (F, hidden)).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = rng.normal(0, math.sqrt(2.0 / hidden), (hidden, N_CLASSES)).astype(np.float32)
    b2 = np.zeros(N_CLASSES, np.float32)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1_, b2_, eps, wd = 0.9, 0.999, 1e-8, 1e-4
    # class weights: 'other' and separators are plentiful
    counts = np.bincount(y, minlength=N_CLASSES).astype(np.float32)
    cw = (counts.sum() / (N_CLASSES * np.maximum(counts, 1))) ** 0.5
    t = 0
    n = len(X)
    for ep in range(epochs):
        order = rng.permutation(n)
        rate = lr * (0.5 * (1 + math.cos(math.pi * ep / epochs)))
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = Xn[idx], y[idx]
            hpre = xb @ w1 + b1
            h = np.maximum(hpre, 0)
            z = h @ w2 + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            g = p
            g[np.arange(len(yb)), yb] -= 1
            g *= cw[yb][:, None] / len(yb)
            gw2 = h.T @ g + wd * w2
            gb2 = g.sum(axis=0)
            gh = (g @ w2.T) * (hpre > 0)
            gw1 = xb.T @ gh + wd * w1
            gb1 = gh.sum(axis=0)
            t += 1
            for j, (pp, gg) in enumerate(zip(params, (gw1, gb1, gw2, gb2))):
                m[j] = b1_ * m[j] + (1 - b1_) * gg
                v[j] = b2_ * v[j] + (1 - b2_) * gg * gg
                mh = m[j] / (1 - b1_ ** t)
                vh = v[j] / (1 - b2_ ** t)
                pp -= (rate * mh / (np.sqrt(vh) + eps)).astype(np.float32)
    return {"w1": w1, "b1": b1, "w2": w2, "b2": b2, "mu": mu.astype(np.float32),
            "sd": sd.astype(np.float32)}


def _accuracy(params, X, y) -> dict:
    p = _Model(params).proba(X)
    pred = p.argmax(axis=1)
    ok = pred == y
    dig = y < 20
    # a digit's value and script both right
    return {"all": float(ok.mean()), "digits": float(ok[dig].mean()) if dig.any() else None,
            "separators": float(ok[(y == I_DOT) | (y == I_COMMA)].mean()),
            "other": float(ok[y == I_OTHER].mean()), "n": int(len(y))}


SEED = 20260601
PER_FONT = 320
SHARE_200 = 0.3  # renders with 200-dpi scan damage (_damage_200)


def train(out: Path = MODEL_PATH, seed: int = SEED, per_font: int = PER_FONT, verbose=True):
    t0 = time.time()
    fonts = _font_files(TRAIN_FAMILIES)
    X, y = make_dataset(fonts, per_font, seed)
    if verbose:
        print(f"train: {len(y)} glyphs from {len(fonts)} fonts in {time.time() - t0:.1f}s", file=sys.stderr)
    params = train_mlp(X, y, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **{k: v.astype(np.float16) if k.startswith("w") else v
                                for k, v in params.items()}, classes=np.array(CLASSES))
    if verbose:
        print(f"train: {_accuracy(params, X, y)} ({time.time() - t0:.1f}s) -> {out}", file=sys.stderr)
    return params


def evaluate_held_out(seed: int = SEED, per_font: int = PER_FONT, held_out: str = HELD_OUT):
    """Train without `held_out`, test on it (fresh renders)."""
    t0 = time.time()
    fonts = _font_files([f for f in TRAIN_FAMILIES if f != held_out])
    X, y = make_dataset(fonts, per_font, seed)
    params = train_mlp(X, y, seed)
    Xt, yt = make_dataset(_font_files([held_out]), 400, seed + 1)
    acc = _accuracy(params, Xt, yt)
    print(f"held-out {held_out}: {acc} ({time.time() - t0:.1f}s)")
    pred = _Model(params).proba(Xt).argmax(axis=1)
    pairs = {}
    for a, b in zip(yt.tolist(), pred.tolist()):
        if a != b:
            pairs[(CLASSES[a], CLASSES[b])] = pairs.get((CLASSES[a], CLASSES[b]), 0) + 1
    print("confusions (true, predicted):", sorted(pairs.items(), key=lambda kv: -kv[1])[:15])
    return acc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ocr_digits", description=__doc__.split("\n")[0])
    ap.add_argument("--train", action="store_true", help=f"train and write {MODEL_PATH.name}")
    ap.add_argument("--eval", action="store_true", help=f"accuracy on a held-out font ({HELD_OUT})")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    if not (args.train or args.eval):
        ap.print_help()
        return 1
    if args.eval:
        evaluate_held_out()
    if args.train:
        train(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
