"""The digit model's side of re-reading numbers (see pipeline/ocr/digits.py): the model and its
classes, a run's ink cut into glyphs (Otsu, run-length labelling, broken strokes rejoined,
touching glyphs split), each glyph's features, and glyphs grouped into tokens.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
import threading
from pathlib import Path

import numpy as np
from PIL import Image

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "digit_model.npz"

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
    cut = [q for g in merged for q in _dash_off(_cut_below(g, ref_h, baseline), ref_h, baseline)]
    shapes = _digit_shapes(cut, ref_h, baseline)
    for g in cut:
        out.extend(_split(g, ref_h, baseline=baseline, shapes=shapes))
    return out, ref_h, baseline


def _digit_shapes(glyphs: list[Glyph], ref_h: float, baseline: float) -> dict[int, list[np.ndarray]]:
    """The masks (features' pixel part) of the strip's glyphs of a digit's size that the
    model reads as sure digits, by digit: how this font prints each digit, for choosing
    where to cut two touching ones. Empty where no glyph needs cutting (the model is not
    run)."""
    if not any(1.45 * ref_h < g.w <= 2.6 * ref_h and g.h >= 0.6 * ref_h and not _one_tall_digit(g, ref_h)
               for g in glyphs):
        return {}
    single = [g for g in glyphs if g.h >= 0.6 * ref_h and g.w <= 1.45 * ref_h]
    if not single:
        return {}
    feats = np.stack([features(g, ref_h, baseline) for g in single])
    p = load_model().proba(feats)
    out: dict[int, list[np.ndarray]] = {}
    for f, row in zip(feats, p):
        c = int(np.argmax(row))
        if c < 20 and row[c] >= PAIR_MIN_PROB:
            out.setdefault(c % 10 if c < 10 else c, []).append(f[:GRID * GRID])
    return out


def _dash_off(g: Glyph, ref_h: float, baseline: float) -> list[Glyph]:
    """A dash touching a digit (a phone number's ๐-๗๒๔๐ at 200 dpi: '-๗' read ๗ and the
    two groups ran together): columns at the glyph's left or right end whose ink is only
    a flat bar at the digits' mid-height, a quarter of a digit long at least, are a glyph
    of their own (read_tokens' _is_dash), the rest another."""
    if ref_h <= 0 or g.w < 0.8 * ref_h or g.h < 0.6 * ref_h:
        return [g]
    m = g.mask
    rows = np.arange(g.y0, g.y1)[:, None]
    ink = m.any(axis=0)
    top = np.where(ink, np.where(m, rows, 10 ** 6).min(axis=0), 0)
    bot = np.where(ink, np.where(m, rows, -1).max(axis=0), 0)
    bar = (ink & (bot - top + 1 <= max(2.0, 0.22 * ref_h) + 1)
           & (top >= baseline - 0.8 * ref_h) & (bot <= baseline - 0.15 * ref_h))
    n = g.w
    left = int(np.argmin(bar)) if not bar.all() else n
    right = int(np.argmin(bar[::-1])) if not bar.all() else n
    for k, at_left in ((left, True), (right, False)):
        if k >= 0.25 * ref_h and n - k >= 0.5 * ref_h:
            c = k if at_left else n - k
            a = _trim(Glyph(g.x0, g.y0, g.x0 + c, g.y1, m[:, :c]))
            b = _trim(Glyph(g.x0 + c, g.y0, g.x1, g.y1, m[:, c:]))
            if a is not None and b is not None:
                return [a, b]
    return [g]


def _cut_below(g: Glyph, ref_h: float, baseline: float) -> Glyph:
    """A glyph standing on the baseline and reaching well under it: a digit touched by
    a mark of the next line (the ั of ขั้น under a ๒ makes it a ๖). No digit goes under
    the baseline, so the ink there is cut off; a letter's tail (ฐ ญ) cut off leaves a
    letter, still no digit."""
    if not (g.y1 > baseline + 0.1 * ref_h and baseline - 1.4 * ref_h <= g.y0 < baseline - 0.5 * ref_h):
        return g
    floor = int(round(baseline + 0.06 * ref_h))
    return _trim(Glyph(g.x0, g.y0, g.x1, floor, g.mask[:floor - g.y0])) or g


PAIR_MIN_PROB = 0.9  # both halves of two touching digits cut apart by the model
FIT_PAIR_MIN_PROB = 0.8  # … where a half is shaped as that digit elsewhere on the strip


def _two_digits(g: Glyph, ref_h: float, baseline: float,
                shapes: dict[int, list[np.ndarray]] | None = None) -> tuple[Glyph, Glyph] | None:
    """Two touching digits cut where the model reads both halves as sure digits. The
    thinnest column is no guide for Chromium's ๗, which touches the next digit with its
    tall right stroke, thicker than its own loop: cut there, ๗๗.๕๐ read ๗๗๗.๕๐. Cuts
    in the glyph's middle (30-70% of its width) are tried; the one whose weaker half is
    surest wins; None when no cut gives two digits at PAIR_MIN_PROB."""
    cands = []
    for c in range(int(0.3 * g.w), int(0.7 * g.w) + 1):
        left = _trim(Glyph(g.x0, g.y0, g.x0 + c, g.y1, g.mask[:, :c]))
        right = _trim(Glyph(g.x0 + c, g.y0, g.x1, g.y1, g.mask[:, c:]))
        if left is not None and right is not None and min(left.h, right.h) >= 0.75 * ref_h:
            cands.append((left, right))
    if not cands:
        return None
    feats = np.stack([features(q, ref_h, baseline) for pair in cands for q in pair])
    p = load_model().proba(feats)
    cls = p.argmax(axis=1)
    best, pick = (-9, 0.0), None
    for k, pair in enumerate(cands):
        a, b = 2 * k, 2 * k + 1
        if cls[a] >= 20 or cls[b] >= 20:
            continue
        sure = min(p[a, cls[a]], p[b, cls[b]])
        fit = _shape_fit(feats[a], int(cls[a]), shapes) + _shape_fit(feats[b], int(cls[b]), shapes)
        # a cut whose digit comes out shaped as the strip's own is taken a little less sure
        if (sure >= PAIR_MIN_PROB or (fit >= 1 and sure >= FIT_PAIR_MIN_PROB)) and (fit, sure) >= best:
            best, pick = (fit, sure), pair
    return pick


# A glyph up to this many line heights wide may be one wide digit: Chromium's ๗ with its
# tall stroke (1.48), a bold ๘ (1.46); two touching digits are 1.8 or more.
WIDE_DIGIT = 1.7
ONE_DIGIT_PROB = 0.98


def _one_sure_digit(g: Glyph, ref_h: float, baseline: float) -> bool:
    """The model reads the whole glyph as one digit, surely: cut in two, a ๗'s body and
    its stroke read ๗ ๗ (๗๐.๐๐ read ๗๗๐.๐๐), a ๘'s halves ๕ (๘๐.๐๐ read ๕๐.๐๐)."""
    p = load_model().proba(features(g, ref_h, baseline)[None, :])[0]
    c = int(np.argmax(p))
    return c < 20 and float(p[c]) >= ONE_DIGIT_PROB


SHAPE_SAME, SHAPE_OTHER = 0.8, 0.65  # cosine of two masks: one digit printed alike / not


def _shape_fit(f: np.ndarray, cls: int, shapes: dict[int, list[np.ndarray]] | None) -> int:
    """+1 where the strip holds that digit alone shaped like this half (cosine of the
    masks), -1 where its own of that digit look otherwise (the half is some other digit
    the model misnamed), 0 where it holds none of it. Garuda's ๗ touching ๐ (๗๐ read
    ๓๒ at 200 dpi, both cuts sure to the model) is cut where the ๐ comes out as the
    strip's other ๐; ๕๖ is not cut where the ๖'s half is read ๒ unlike the strip's ๒."""
    refs = (shapes or {}).get(cls % 10 if cls < 10 else cls)
    if not refs:
        return 0
    a = f[:GRID * GRID]
    na = float(np.linalg.norm(a)) or 1.0
    best = max(float(a @ r) / (na * (float(np.linalg.norm(r)) or 1.0)) for r in refs)
    return 1 if best >= SHAPE_SAME else -1 if best < SHAPE_OTHER else 0


def _one_tall_digit(g: Glyph, ref_h: float) -> bool:
    """A glyph wider than two short digits' height but no wider than its own: one tall
    digit (a Word font's ๗, 29×26 px beside ๐'s 20×18 at 300 dpi, was cut in two and
    read ๗๗). Two touching digits stand about as high as one and twice as wide."""
    return g.h > 1.2 * ref_h and g.w <= 1.3 * g.h


def _split(g: Glyph, ref_h: float, depth: int = 0, baseline: float | None = None,
           shapes: dict[int, list[np.ndarray]] | None = None) -> list[Glyph]:
    if g.w <= 1.45 * ref_h or depth > 3 or g.h < 0.6 * ref_h or _one_tall_digit(g, ref_h):
        return [g]
    if baseline is not None and depth == 0 and g.w <= WIDE_DIGIT * ref_h and _one_sure_digit(g, ref_h, baseline):
        return [g]
    if baseline is not None and depth == 0 and g.w <= 2.6 * ref_h:
        pair = _two_digits(g, ref_h, baseline, shapes)
        if pair is not None:
            return list(pair)
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
    the line above): no digit and no separator, whatever the model makes of it. So is
    ink of any size that starts at the baseline and hangs under it (the ุ ู of the next
    line under a score's end: ๙๒.๕๐ read ๙๒.๕๐๑): a digit stands on the baseline, a
    comma starts above it."""
    if g.y0 >= baseline - 0.05 * ref_h and (g.y0 + g.y1) / 2 >= baseline + 0.25 * ref_h:
        return True
    return g.h < 0.6 * ref_h and (g.y1 <= baseline - 0.45 * ref_h or g.y0 >= baseline + 0.15 * ref_h)


def _under_digit(g: Glyph, digit: Glyph, ref_h: float) -> bool:
    """A mark no taller than a comma whose columns lie within the digit before it (ink
    of a neighbour line under ๒'s left loop, read ',': ๒๕๖๔ lost as '๒,'). A point or a
    comma follows its digit; it never stands under it."""
    return g.h < 0.45 * ref_h and g.x0 >= digit.x0 and g.x1 <= digit.x1


def _mark_at_point(g: Glyph, point: Glyph, p_point: np.ndarray, p_mark: np.ndarray, ref_h: float) -> bool:
    """A mark the model calls 'other' within the columns of a sure point before it (a
    tone mark of the next line under the point of 85.24, read 85. 24): no part of the
    number. A comma's tail broken off its dot would be read as a comma, and stays."""
    return (int(np.argmax(p_point)) == I_DOT and p_point[I_DOT] >= MIN_DIGIT_PROB
            and int(np.argmax(p_mark)) == I_OTHER and _under_digit(g, point, ref_h))


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
            tokens.append(_token([glyphs[i] for i in cur], probs[cur], [i in slashes for i in cur]))
            cur.clear()

    prev_x1 = None
    prev = None  # the last glyph put into a token, when a sure digit
    last = None  # the last glyph put into a token
    probs = _points_by_shape(glyphs, probs, ref_h, baseline)
    probs = _zeros_by_context(glyphs, probs, gap, ref_h, baseline)
    digit_w = _digit_width(glyphs, ref_h)
    slashes = _slashes(glyphs, probs, gap, ref_h, baseline)
    for i, g in enumerate(glyphs):
        if ref_h > 0 and (_floating(g, ref_h, baseline) or (prev is not None and _under_digit(g, glyphs[prev], ref_h))
                          or (last is not None and _mark_at_point(g, glyphs[last], probs[last], probs[i], ref_h))):
            continue
        if _is_dash(g, ref_h, baseline):
            flush()
            tokens.append(Token("", g.x0, g.y0, g.x1, g.y1, 1.0, False, 1, True))
            prev_x1 = g.x1
            continue
        is_other = int(np.argmax(probs[i])) == I_OTHER
        space = g.x0 - prev_x1 if prev_x1 is not None else 0
        if prev is not None and _is_digit(probs[i]):
            space = _pitch_gap(glyphs[prev], g, digit_w, ref_h)
        if prev_x1 is not None and space > gap:
            flush()
        if i in slashes and cur:  # ๗๑๔๒๔/๔๑๓: one number
            cur.append(i)
            prev_x1, prev, last = g.x1, None, i
            continue
        if is_other and prev is not None and _rising_tail(g, glyphs[prev], int(np.argmax(probs[prev])), ref_h):
            prev_x1, prev = g.x1, None  # the digit's own stroke: no gap, no token
            continue
        if is_other:
            flush()
            tokens.append(_token([g], probs[i:i + 1]))
            prev_x1, prev, last = g.x1, None, None
            continue
        cur.append(i)
        prev_x1, prev, last = g.x1, (i if _is_digit(probs[i]) else None), i
    flush()
    tokens = _decimals_apart(tokens, ref_h)
    # a separator cannot open a number: ".๒๕๖๘" is a stray dot and a year
    out: list[Token] = []
    for t in tokens:
        out.extend(_split_leading(t))
    return out


# Thai digits whose stroke rises on the right above the others (๗ ๘ ๙)
_TAILED = (7, 8, 9)


def _rising_tail(g: Glyph, digit: Glyph, cls: int, ref_h: float) -> bool:
    """An 'other' glyph cut off the sure ๗, ๘ or ๙ it touches on the right, standing on
    the baseline and rising above the digits, upright: that digit's own tail (Chromium's
    ๗, its stroke cut from its body: `๗ ๐.๐๐` read for ๗๐.๐๐), not a mark or a letter.
    A slash leans: its top half a width or more right of its foot (๘๓๖๒๓/๙๒๑)."""
    if not (ref_h > 0 and cls in _TAILED and g.x0 - digit.x1 <= 1 and g.w < 0.9 * ref_h
            and g.y1 >= digit.y1 - 0.15 * ref_h and g.y0 <= digit.y0 - 0.25 * ref_h):
        return False
    q = max(1, g.h // 4)
    top, foot = g.mask[:q].any(0), g.mask[-q:].any(0)
    if not top.any() or not foot.any():
        return False
    xs = np.arange(g.w)
    return float(xs[top].mean() - xs[foot].mean()) < 0.4 * g.w


def _slashes(glyphs: list[Glyph], probs: np.ndarray, gap: float, ref_h: float,
             baseline: float) -> set[int]:
    """Glyphs that are a slash by their shape (pipeline/ocr/slashes.py) between two sure
    digits within the number's spacing: part of the number (๗๑๔๒๔/๔๑๓), whatever the
    model, which knows no slash, calls them."""
    from pipeline.ocr.slashes import is_slash  # it builds on this module's Glyph

    out = set()
    for i in range(1, len(glyphs) - 1):
        a, g, b = glyphs[i - 1], glyphs[i], glyphs[i + 1]
        # a glyph the model reads as a sure digit is none (an Arabic 7's stroke leans too)
        if (_is_digit(probs[i - 1]) and _is_digit(probs[i + 1]) and not _is_digit(probs[i])
                and g.x0 - a.x1 <= gap and b.x0 - g.x1 <= gap and is_slash(g, ref_h, baseline)):
            out.add(i)
    return out


def _decimals_apart(tokens: list[Token], ref_h: float) -> list[Token]:
    """A score whose point stands a word space from its whole part (a justified table
    cell on a 200-dpi scan: ๙๘ .๒๗, 8 px at a 14-px digit height): a token of one to
    three digits, then, within a digit's height, one of a point and one or two digits,
    is one number. Else the point would open a token and be dropped as a stray dot."""
    if ref_h <= 0 or len(tokens) < 2:
        return tokens
    out = [tokens[0]]
    for t in tokens[1:]:
        p = out[-1]
        if (p.numeric and t.numeric and not p.dash and not t.dash and 1 <= len(p.text) <= 3
                and all(ch in DIGITS for ch in p.text) and t.text[:1] == "."
                and 2 <= len(t.text) <= 3 and all(ch in DIGITS for ch in t.text[1:])
                and (p.text[0] in THAI_DIGITS) == (t.text[1] in THAI_DIGITS)
                and 0 <= t.x0 - p.x1 <= ref_h):
            out[-1] = Token(p.text + t.text, p.x0, min(p.y0, t.y0), t.x1, max(p.y1, t.y1),
                            min(p.prob, t.prob), True, p.n + t.n)
            continue
        out.append(t)
    return out


def _digit_width(glyphs: list[Glyph], ref_h: float) -> float:
    """The width of the strip's full-width digits (the median of its tall glyphs not
    narrow like a 1); 0 when it has none or no line height is known."""
    if ref_h <= 0:
        return 0.0
    ws = [g.w for g in glyphs if g.h >= 0.6 * ref_h and g.w >= 0.45 * ref_h]
    return _median(ws) if ws else 0.0


def _pitch_gap(a: Glyph, b: Glyph, digit_w: float, ref_h: float) -> float:
    """The space between two digits as their advance sets it: a tall narrow digit (a 1 in
    a tabular font: 75.11 printed with a 1's width of paper on each side) stands in a
    full digit's cell, so its ink gap counts less the paper its cell gives it beside
    the ink. Wide digits' gap is their ink gap."""
    gap = b.x0 - a.x1
    if digit_w <= 0:
        return gap
    for g in (a, b):
        if g.h >= 0.6 * ref_h and g.w < 0.45 * ref_h:
            gap -= max(0.0, (digit_w - g.w) / 2)
    return gap


SHAPE_POINT_PROB = 0.9  # a point known by its shape and place, not by the model


def _is_digit(row: np.ndarray) -> bool:
    c = int(np.argmax(row))
    return c < 20 and float(row[c]) >= MIN_DIGIT_PROB


def _points_by_shape(glyphs: list[Glyph], probs: np.ndarray, ref_h: float,
                     baseline: float) -> np.ndarray:
    """A decimal point the model calls 'other', or a point it is unsure of (a noisy
    200-dpi dot is a few pixels, a thin font's point 4×6 px at 300 dpi:
    ๙๖.๓๖ read ๙๖ ๓๖, then ๙๖๓๖) is one by shape and place: a blob a fifth of a
    digit high and wide, sitting on the baseline, alone in a gap wider than the
    digits' own spacing, with a sure digit on each side. Those rows become a point;
    a speck in a number's ordinary spacing, or off the baseline, stays what it was."""
    if ref_h <= 0 or len(glyphs) < 3:
        return probs
    out = probs
    for i in range(1, len(glyphs) - 1):
        g, a, b = glyphs[i], glyphs[i - 1], glyphs[i + 1]
        c = int(np.argmax(probs[i]))
        # 'other', or a separator the model is unsure of (a thin font's point: '.' 0.53)
        weak = c == I_OTHER or (c in (I_DOT, I_COMMA) and probs[i, I_DOT] + probs[i, I_COMMA] < MIN_DIGIT_PROB)
        if not weak or not (_is_digit(probs[i - 1]) and _is_digit(probs[i + 1])):
            continue
        if not (0.12 * ref_h <= max(g.w, g.h) and g.w <= 0.35 * ref_h and g.h <= 0.35 * ref_h):
            continue
        if not (abs(g.y1 - baseline) <= 0.15 * ref_h and g.mask.mean() >= 0.5):
            continue
        if b.x0 - a.x1 < 0.35 * ref_h or not (a.x1 <= g.x0 and g.x1 <= b.x0):
            continue
        if out is probs:
            out = probs.copy()
        out[i] = 0.0
        out[i, I_DOT] = SHAPE_POINT_PROB
        out[i, I_OTHER] = 1.0 - SHAPE_POINT_PROB
    return out


CONTEXT_ZERO_PROB = 0.9  # a zero known by its shape and its place, not by the model


def _zeros_by_context(glyphs: list[Glyph], probs: np.ndarray, gap: float, ref_h: float,
                      baseline: float) -> np.ndarray:
    """A zero the model calls 'other': in a typewriter font (TlwgTypo, Word's tracked
    tables) ๐ is a plain ring, a Latin o (๙๐.๗๐ read ๙ ๗: the zeros dropped, the number
    lost). Such a ring is a zero where its place says so: the model's best digit for it
    is ๐ or 0, it is a closed ring (_is_ring) standing on the baseline, and the glyph
    just before it, within the number's own spacing, is a sure digit or a point. A ring
    opening a number (a code's O in O๑๓) or after a letter stays what the model said."""
    if ref_h <= 0 or len(glyphs) < 2:
        return probs
    zero, out = (THAI_DIGITS.index("๐"), 10 + ARABIC_DIGITS.index("0")), probs
    for i in range(1, len(glyphs)):
        g, a = glyphs[i], glyphs[i - 1]
        row = out[i]
        if int(np.argmax(row)) != I_OTHER or int(np.argmax(row[:20])) not in zero:
            continue
        if not (0.6 * ref_h <= g.h <= 1.1 * ref_h and abs(g.y1 - baseline) <= 0.15 * ref_h and _is_ring(g)):
            continue
        left = out[i - 1]
        if g.x0 - a.x1 > gap or not (_is_digit(left) or int(np.argmax(left)) == I_DOT):
            continue
        if out is probs:
            out = probs.copy()
        d = int(np.argmax(row[:20]))
        out[i] = 0.0
        out[i, d] = CONTEXT_ZERO_PROB
        out[i, I_OTHER] = 1.0 - CONTEXT_ZERO_PROB
    return out


def _is_ring(g: Glyph) -> bool:
    """About as wide as high, blank at its middle, and ink on all four sides of the
    middle (a ring, not a ๑'s loop with its tail or a c)."""
    if not 0.75 <= g.w / max(g.h, 1) <= 1.33 or g.w < 5:
        return False
    m = g.mask.astype(bool)
    cy, cx = g.h // 2, g.w // 2
    if m[max(0, cy - 1):cy + 2, max(0, cx - 1):cx + 2].any():
        return False
    return bool(m[cy, :cx].any() and m[cy, cx:].any() and m[:cy, cx].any() and m[cy:, cx].any())


SLASH_PROB = 0.9  # a slash known by its shape and place, not by the model


def _token(gs: list[Glyph], p: np.ndarray, slash: list[bool] | None = None) -> Token:
    slash = slash or [False] * len(gs)
    cls = p.argmax(axis=1)
    x0 = min(g.x0 for g in gs)
    x1 = max(g.x1 for g in gs)
    y0 = min(g.y0 for g in gs)
    y1 = max(g.y1 for g in gs)
    if any(c == I_OTHER and not sl for c, sl in zip(cls, slash)):
        return Token("", x0, y0, x1, y1, float(p.max(axis=1).min()), False, len(gs))
    keep = [not sl for sl in slash]
    thai = p[keep, :10].sum()
    arab = p[keep, 10:20].sum()
    chars, conf, unsure = [], [], []
    for row, c, sl in zip(p, cls, slash):
        if sl:
            chars.append("/")
            conf.append(SLASH_PROB)
            unsure.append(False)
            continue
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
