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
   small marks off the digits' zone are skipped when reading. The strip around the run
   is widened while the number's glyphs reach within a digit gap of its edge (its first
   digits read as Thai letters lie outside the run's words).
3. **Classify.** Each glyph (a 20×20 aspect-kept mask plus its size and position
   against the line's baseline) goes through a small numpy MLP that knows the 20 digits
   (Thai ๐–๙, Arabic 0–9), '.', ',' and "other" (Thai and Latin letters, marks,
   punctuation). A token is written in the script its glyphs vote for. A glyph under
   the run the model calls 'other' and about two digits wide (touching digits) is cut
   at its thinnest middle columns; the cut is kept when both halves are sure digits.
   A closed ring the model calls 'other' right after a sure digit or point, within the
   number's spacing, is a zero (a typewriter font's ๐ is a plain ring, a Latin o).
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

The model (pipeline/ocr/glyphs.py loads it) is trained by samples/digit_model.py
(`make digits`); the weights are data: pipeline/data/digit_model.npz.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from pipeline.ocr.codes import capital_e, capital_i
from pipeline.ocr.glyphs import DIGITS, Glyph, I_OTHER, MIN_DIGIT_PROB, THAI_DIGITS, Token, _is_digit, _median, _trim, binarise, components, features, glyphs_in, load_model, read_tokens
from pipeline.ocr.slashes import cut_slash, is_slash
from pipeline.ocr.runs import _CODE_LETTER, _band, _box, _code_like, _digitlike, _has_digit, _has_latin, find_runs

if TYPE_CHECKING:
    from pipeline.ocr.glyphs import _Model


def repair_numbers(image: Image.Image, words: list, walls: tuple = ()) -> list:
    """Re-read the numeric tokens of a page (see the module docstring). Returns the
    words in their order (changed words are `dataclasses.replace`d copies), followed by
    new words for numbers Tesseract gave no word for. `walls`: the page's vertical
    table rules (x0, y0, x1, y1), erased from `image`, that no number crosses. Never
    raises: on any problem the words come back unchanged."""
    try:
        return _repair(image, words, walls)
    except Exception:  # the digit step must never cost a page
        return list(words) if isinstance(words, list) else words


def read_number(image: Image.Image, box: tuple[int, int, int, int], band: tuple[float, float],
                points: bool = False) -> str | None:
    """The number printed in `box` (x0, y0, x1, y1 pixels) whose digits stand between
    rows `band` (top, baseline) — a cell's first digits that Tesseract read as letters
    (`ซ่` for ๗) — when every glyph is a sure digit (or, with `points`, a decimal point);
    else None. Never raises."""
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
        if points:
            tokens = _spaced_point(tokens, ref_h)
        if len(tokens) != 1 or not tokens[0].numeric or tokens[0].prob < MIN_DIGIT_PROB:
            return None
        text = tokens[0].text
        return text if all(ch in DIGITS or (points and ch == ".") for ch in text) else None
    except Exception:  # the digit step must never cost a page
        return None


def _spaced_point(tokens: list[Token], ref_h: float) -> list[Token]:
    """A score set with its letters spaced out (a justified Word cell: `๘๖ . ๘๒`) comes
    as three tokens, digits, a lone point, digits: within a digit's height of each other
    they are one number; any other tokens as they are."""
    if len(tokens) != 3 or tokens[1].text != "." or not (tokens[0].numeric and tokens[2].numeric):
        return tokens
    a, dot, b = tokens
    if "." in a.text + b.text or dot.x0 - a.x1 > ref_h or b.x0 - dot.x1 > ref_h:
        return tokens
    return [dataclasses.replace(a, text=a.text + "." + b.text, x1=b.x1, y0=min(a.y0, b.y0), y1=max(a.y1, b.y1),
                                prob=min(a.prob, dot.prob, b.prob), n=a.n + dot.n + b.n)]


def _repair(image: Image.Image, words: list, walls: tuple = ()) -> list:
    out = list(words)
    if not out or image is None:
        return out
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))
    H, W = grey.shape[:2]
    if H < 4 or W < 4:
        return out
    model = load_model()
    _reread_runs(grey, out, model, walls)
    return out + _unboxed_numbers(image, grey, out, model)


def _walls_across(walls: tuple, top: float, bot: float) -> list[float]:
    """x of each vertical rule that crosses the rows top..bot (at their middle)."""
    mid = (top + bot) / 2
    out = []
    for x0, y0, x1, y1 in walls:
        if min(y0, y1) <= top and bot <= max(y0, y1):
            out.append(x0 + (x1 - x0) * ((mid - y0) / (y1 - y0) if y1 != y0 else 0.0))
    return sorted(out)


def _split_at_walls(out: list, runs: list[list[int]], walls: tuple,
                    grey: np.ndarray | None = None) -> list[tuple[list[int], float, float]]:
    """Each run cut where a table rule stands between its words (a spreadsheet prints a
    right-aligned score against the rule and the next cell's level against its other
    side: ๘๓.๖๖|B read as one number ๘๓.๖๖๘), with the x-span its strip may take: from
    the rule left of it to the rule right of it (the whole page without rules). A word
    is on the side of the rule where its ink begins: Tesseract boxes a number printed
    against a rule across it, with the next cell's word ("77.98" over 77.98|ลดลง)."""
    res = []
    for run in runs:
        if not walls:
            res.append((run, -np.inf, np.inf))
            continue
        top = min(out[i].top for i in run)
        bot = max(out[i].top + out[i].height for i in run)
        xs = _walls_across(walls, top, bot)
        part: list[int] = []
        side = None
        for i in run:
            cx = _ink_start(grey, out[i]) if grey is not None else out[i].left + out[i].width / 2
            k = sum(1 for x in xs if x < cx)
            if part and k != side:
                res.append((part, xs[side - 1] if side else -np.inf, xs[side] if side < len(xs) else np.inf))
                part = []
            part.append(i)
            side = k
        if part:
            res.append((part, xs[side - 1] if side else -np.inf, xs[side] if side < len(xs) else np.inf))
    return res


def _ink_start(grey: np.ndarray, w) -> float:
    """The first column of a word's box that holds ink (its box's middle where none)."""
    box = grey[max(0, w.top):max(0, w.top + w.height), max(0, w.left):max(0, w.left + w.width)]
    cols = np.flatnonzero((box < 128).sum(axis=0) >= 2) if box.size else []
    return float(w.left + cols[0]) + 0.5 if len(cols) else w.left + w.width / 2


def _blank_box(grey: np.ndarray, w) -> bool:
    """Whether a word's box holds next to no ink: under a quarter of its columns have two
    dark pixels or more (Tesseract's digit written beside the number's ink)."""
    box = grey[max(0, int(w.top)):max(0, int(w.top + w.height)), max(0, int(w.left)):max(0, int(w.left + w.width))]
    if box.size == 0:
        return False
    return int(((box < 128).sum(axis=0) >= 2).sum()) < 0.25 * box.shape[1]


def _reread_runs(grey: np.ndarray, out: list, model: _Model, walls: tuple = ()) -> None:
    runs = find_runs(out, blank=lambda i: _blank_box(grey, out[i]))
    if not runs:
        return
    H, W = grey.shape[:2]
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(out):
        lines.setdefault((w.block, w.par, w.line), []).append(i)

    jobs = []  # (line words, selected glyphs, ref_h, gap threshold, crop origin)
    feats = []
    done: dict[tuple, list[tuple[int, int]]] = {}  # page x-spans already read, per line
    for run, lo, hi in _split_at_walls(out, runs, walls, grey):
        w0 = out[run[0]]
        key = (w0.block, w0.par, w0.line)
        boxes = [_box(out[i]) for i in run]
        rx0, rx1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
        top, bot, _ = _band(out, run, lines[key], rx0, rx1)
        bh = max(bot - top, 4.0)
        if rx1 - rx0 > 60 * bh or any(a <= rx0 and rx1 <= b for a, b in done.get(key, [])):
            continue
        # within its cell: the glyphs between the rules beside it (the strip itself is cut
        # as without rules, so that it is binarised alike)
        lo, hi = (int(lo) + 2 if lo > -np.inf else 0), (int(hi) - 1 if hi < np.inf else W)
        x0, x1 = max(0, int(rx0 - 2.5 * bh)), min(W, int(rx1 + 2.5 * bh))
        y0, y1 = max(0, int(top - 0.8 * bh)), min(H, int(bot + 0.8 * bh))
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        for _ in range(4):
            gl, ref_h, baseline = glyphs_in(binarise(grey[y0:y1, x0:x1]), (top - y0, bot - y0))
            gl = [g for g in gl if lo <= x0 + (g.x0 + g.x1) / 2 <= hi]
            gl = _slashes_cut(gl, _slash_spans(out, lines[key], x0), ref_h, baseline, model)
            sel, gap = _select(gl, [(b[0] - x0, b[2] - x0) for b in boxes], ref_h) if gl else ([], 0.0)
            # the number's ink runs on past the strip (its first digits read as letters,
            # outside the run's words): widen the strip that way and read it again
            left = bool(sel) and x0 > max(0, lo) and sel[0].x0 <= max(1.0, gap)
            right = bool(sel) and x1 < min(W, hi) and sel[-1].x1 >= x1 - x0 - max(1.0, gap)
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
        jobs.append((lines[key], run, rest, sel, gap, x0, y0, ref_h, baseline, x1))
    if not jobs:
        return
    probs = model.proba(np.stack(feats))
    jobs, probs = _split_touching(model, jobs, probs)
    jobs, probs = _join_broken(model, jobs, probs)
    k = 0
    for line_words, run, rest, sel, gap, x0, y0, ref_h, baseline, x1 in jobs:
        p = probs[k:k + len(sel)]
        k += len(sel)
        _write_back(out, line_words, run, rest, read_tokens(sel, p, gap, ref_h, baseline), x0, y0,
                    ref_h, gap, strip=(x0, x1), glyphs=sel)

def _slash_spans(out: list, line_words: list[int], ox: int) -> list[tuple[float, float]]:
    """Columns (strip coordinates) of the slashes Tesseract read on the line: a word
    '/', or a slash inside a word, placed by its share of the word's characters."""
    spans = []
    for i in line_words:
        w, t = out[i], out[i].text.strip()
        for k, ch in enumerate(t):
            if ch == "/":
                step = w.width / len(t)
                spans.append((w.left + k * step - ox, w.left + (k + 1) * step - ox))
    return spans


SLASH_CUT_MIN_PROB = 0.75  # each digit a cut leaves (a ๗'s loop without its stem: ๓ at 0.50)


def _slashes_cut(gl: list[Glyph], spans: list[tuple[float, float]], ref_h: float, baseline: float,
                 model: _Model) -> list[Glyph]:
    """A glyph under a slash Tesseract read, where no glyph there is a slash alone: the
    slash touching its digit (Word's fonts: `๔/` read ๙, `๓/` read ๗) cut off it
    (slashes.cut_slash), kept where what is left is sure digits (a ๗'s slanted stem
    beside a loop looks like a slash too)."""
    if not spans or ref_h <= 0:
        return gl

    def under(g, span):
        return min(span[1], g.x1) - max(span[0], g.x0) > 0

    spans = [sp for sp in spans if not any(under(g, sp) and is_slash(g, ref_h, baseline) for g in gl)]
    res = []
    for g in gl:
        hit = [sp for sp in spans if under(g, sp)]
        pieces = None
        if hit and g.w >= 0.6 * ref_h:
            a, b = hit[0]
            pieces = cut_slash(g, ref_h, a - g.x0, b - g.x0)
        if pieces:
            digits = [q for q in pieces if not is_slash(q, ref_h, baseline)]
            p = model.proba(np.stack([features(q, ref_h, baseline) for q in digits])) if digits else None
            if p is None or len(digits) == len(pieces) or (p[:, :20].max(axis=1) < SLASH_CUT_MIN_PROB).any():
                pieces = None
        res.extend(pieces or [g])
    return res


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

# A glyph read as a digit of the other script than its number's other digits, and this
# many times their median width, is two digits touching (a 200-dpi scan's `90` and `96`
# of a Latin score read as one Thai ๒: 90.00 written 2.00).
ODD_WIDE = 1.5


def _script(c: int) -> int:
    return 0 if c < 10 else 1  # the model's classes: Thai ๐-๙, then Arabic 0-9


def _odd_wide(sel: list[Glyph], p: np.ndarray, gap: float) -> dict[int, int]:
    """{glyph index: script of the number} for the glyphs that `ODD_WIDE` describes: at
    least two other sure digits of its number (no word gap between them), all of one
    script, and this glyph a sure digit of the other script, wider than ODD_WIDE × their
    median width. Numbers of both scripts side by side (`I1 2 I๕`) are left alone."""
    group, n = [], 0
    for i, g in enumerate(sel):
        n += i > 0 and g.x0 - sel[i - 1].x1 > gap
        group.append(n)
    sure = [i for i in range(len(sel)) if _is_digit(p[i])]
    out = {}
    for i in sure:
        others = [n for n in sure if n != i and group[n] == group[i]]
        scripts = {_script(int(np.argmax(p[n]))) for n in others}
        if len(others) < 2 or len(scripts) != 1 or _script(int(np.argmax(p[i]))) in scripts:
            continue
        if sel[i].w > ODD_WIDE * _median([sel[n].w for n in others]):
            out[i] = scripts.pop()
    return out


def _split_touching(model: _Model, jobs: list, probs: np.ndarray):
    """Digits that touch (blur, JPEG, a heavy scan) form one glyph the model calls
    'other', or, now and then, a sure digit of the other script, too wide for one
    (`_odd_wide`). Such a glyph under the run's words, about two digits wide, is cut at
    its thinnest columns; a cut is kept when both halves are confidently digits (of
    the number's script, for an odd one). An odd glyph no cut reads is 'other': its
    number is not written (Tesseract's text stays), never read as one digit."""
    cand = []  # (job index, glyph index, cut, left, right)
    feats = []
    odd: dict[tuple[int, int], tuple[int, Glyph]] = {}
    k = 0
    for j, (_, _, _, sel, gap, _, _, ref_h, baseline, _) in enumerate(jobs):
        p = probs[k:k + len(sel)]
        k += len(sel)
        wide = _odd_wide(sel, p, gap)
        odd.update({(j, i): (script, sel[i]) for i, script in wide.items()})
        for i, g in enumerate(sel):
            c = int(np.argmax(p[i]))
            if i not in wide and ((c != I_OTHER and p[i, c] >= MIN_DIGIT_PROB) or g.w < 0.75 * ref_h
                                  or g.h < 0.6 * ref_h):
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
    pp = model.proba(np.stack(feats)) if feats else np.zeros((0, probs.shape[1]), probs.dtype)
    best: dict[tuple[int, int], tuple[float, Glyph, Glyph, np.ndarray, np.ndarray]] = {}
    for n, (j, i, cut, left, right) in enumerate(cand):
        pl, pr = pp[2 * n], pp[2 * n + 1]
        cl, cr = int(np.argmax(pl)), int(np.argmax(pr))
        if cl >= 20 or cr >= 20:
            continue
        if (j, i) in odd and not _script(cl) == _script(cr) == odd[(j, i)][0]:
            continue
        score = min(pl[cl], pr[cr])
        if score < SPLIT_MIN_PROB:
            continue
        if (j, i) not in best or score > best[(j, i)][0]:
            best[(j, i)] = (score, left, right, pl, pr)
    replace = {key: ([left, right], [pl, pr], 1) for key, (_, left, right, pl, pr) in best.items()}
    other = np.zeros(probs.shape[1], probs.dtype)
    other[I_OTHER] = 1.0
    for key, (_, g) in odd.items():
        replace.setdefault(key, ([g], [other], 1))
    if not replace:
        return jobs, probs
    return _replaced(jobs, probs, replace)


def _replaced(jobs: list, probs: np.ndarray, replace: dict) -> tuple[list, np.ndarray]:
    """`jobs` and their glyphs' probability rows, where replace[(job, i)] = (glyphs, rows, n)
    puts those glyphs and rows in place of the job's glyph i and the n - 1 after it."""
    new_jobs, new_probs = [], []
    k = 0
    for j, job in enumerate(jobs):
        sel = job[3]
        p = probs[k:k + len(sel)]
        k += len(sel)
        gs, ps, i = [], [], 0
        while i < len(sel):
            if (j, i) in replace:
                glyphs, rows, n = replace[(j, i)]
                gs += glyphs
                ps += rows
                i += n
                continue
            gs.append(sel[i])
            ps.append(p[i])
            i += 1
        new_jobs.append(job[:3] + (gs,) + job[4:])
        new_probs += ps
    return new_jobs, np.stack(new_probs)


JOIN_MIN_PROB = 0.9  # a digit rejoined from two pieces the model could not name
JOIN_MAX_PIECE = 0.75  # the wider piece at most this share of the digits' height


def _join_broken(model: _Model, jobs: list, probs: np.ndarray):
    """A digit whose thin strokes a 200-dpi scan lost comes apart into pieces side by side
    (a serif 0 as its two arcs: 30 read 3; a Thai ๒ as its loop and its stem, the two
    overlapping a pixel or two: ๘,๒๘๔ read ๘, ,๒๘๔). Two neighbouring glyphs the model
    cannot name as digits, a pixel or two apart or overlapping, together no wider than
    a digit and as high as one, are one glyph where the model reads the two together as
    a sure digit."""
    cand = []  # (job, index of the first piece, merged glyph)
    k = 0
    for j, job in enumerate(jobs):
        sel, ref_h = job[3], job[7]
        p = probs[k:k + len(sel)]
        k += len(sel)
        for i in range(len(sel) - 1):
            a, b = sel[i], sel[i + 1]
            if _is_digit(p[i]) or _is_digit(p[i + 1]):
                continue
            # side by side, or overlapping a pixel or two (a Thai ๒'s loop and stem)
            reach = max(2.0, 0.1 * ref_h)
            if not (-reach <= b.x0 - a.x1 <= reach and max(a.w, b.w) <= JOIN_MAX_PIECE * ref_h
                    and b.x1 - a.x0 <= 1.1 * ref_h and min(a.h, b.h) >= 0.6 * ref_h):
                continue
            cand.append((j, i, _merge_two(a, b)))
    if not cand:
        return jobs, probs
    feats = [features(m, jobs[j][7], jobs[j][8]) for j, _, m in cand]
    pp = model.proba(np.stack(feats))
    joined: dict[tuple[int, int], tuple[Glyph, np.ndarray]] = {}
    for (j, i, m), row in zip(cand, pp):
        c = int(np.argmax(row))
        if c < 20 and row[c] >= JOIN_MIN_PROB and (j, i - 1) not in joined:
            joined[(j, i)] = (m, row)
    if not joined:
        return jobs, probs
    return _replaced(jobs, probs, {key: ([m], [row], 2) for key, (m, row) in joined.items()})


def _merge_two(a: Glyph, b: Glyph) -> Glyph:
    x0, y0, x1, y1 = min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)
    m = np.zeros((y1 - y0, x1 - x0), bool)
    m[a.y0 - y0:a.y1 - y0, a.x0 - x0:a.x1 - x0] |= a.mask
    m[b.y0 - y0:b.y1 - y0, b.x0 - x0:b.x1 - x0] |= b.mask
    return Glyph(x0, y0, x1, y1, m)


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
           gap: float, glyphs: list[Glyph] | None = None) -> list[Token]:
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
                and not _letter_follows(tokens, i + 2, nxt, gap)
                and 0 <= nxt.x0 - t.x1 <= gap
                and (t.y1 - t.y0 >= 0.85 * (nxt.y1 - nxt.y0) or _small_e(t, nxt))
                # a capital stands taller than Thai digits, and an O is as wide as it is tall
                and t.x1 - t.x0 <= 1.2 * max(ref_h, t.y1 - t.y0)):
            a, b = t.x0 + ox, t.x1 + ox
            over = [j for j in run if min(out[j].left + out[j].width, b) - max(out[j].left, a) > 0]
            shaped = _letter_by_shape(t, nxt, glyphs)
            letter = None
            if over:
                j = max(over, key=lambda j: min(out[j].left + out[j].width, b) - max(out[j].left, a))
                txt = out[j].text.strip()
                # the character over the glyph: words are often one letter each
                frac = (t.x0 + ox - out[j].left) / max(1, out[j].width)
                ch = txt[min(len(txt) - 1, max(0, int(frac * len(txt))))] if txt else ""
                # a slash Tesseract read between numbers (๗๙๖๗๗/๓๘) is no code letter
                if t.y1 - t.y0 < 0.85 * (nxt.y1 - nxt.y0):
                    # a glyph shorter than the digits is a code's letter only where
                    # Tesseract saw an e there (e๖ read as `ed`)
                    letter = "e" if ch == "e" else None
                elif ch != "/" and (_code_like(txt) or _digitlike(txt) or ch in _CODE_LETTER or shaped):
                    letter = _CODE_LETTER.get(ch) or _CODE_LETTER.get(txt[:1], "") or shaped
                    if not letter:
                        w = (t.x1 - t.x0) / max(1.0, t.y1 - t.y0)
                        letter = _i_touching_digit(txt, nxt.text) if w > 0.7 else ""
                        letter = letter or ("I" if w < 0.3 else "O" if w > 0.7 else "")
            elif shaped and t.y1 - t.y0 >= 0.85 * (nxt.y1 - nxt.y0):
                letter = shaped  # Tesseract read the letter as a Thai one, outside the run (I๕: เ ๕)
            if letter is not None:
                res.append(Token(letter + nxt.text, t.x0, min(t.y0, nxt.y0), nxt.x1,
                                 max(t.y1, nxt.y1), nxt.prob, True, t.n + nxt.n))
                i += 2
                continue
        res.append(t)
        i += 1
    return res


def _small_e(t: Token, nxt: Token) -> bool:
    """Whether a letter glyph before a code's digits has a lower-case e's place: x-height
    (from half to 0.85 of the digits' height), its foot on their baseline (`e๖`, which
    Thai Tesseract reads as `ed`); whether it is an e, Tesseract's word says."""
    h, d = t.y1 - t.y0, nxt.y1 - nxt.y0
    return d > 0 and 0.5 * d <= h < 0.85 * d and abs(t.y1 - nxt.y1) <= 0.15 * d


def _letter_follows(tokens: list[Token], k: int, nxt: Token, gap: float) -> bool:
    """A letter glyph right after a code's digits, closer than half a word gap: the
    letter and the digits are inside a word (E-Service's 'e', 'rv' read as ๗, 'ice'), no code."""
    after = tokens[k] if k < len(tokens) else None
    return after is not None and after.text == "" and not after.dash and after.x0 - nxt.x1 < 0.5 * gap


def _letter_by_shape(t: Token, nxt: Token, glyphs: list[Glyph] | None) -> str:
    """'E' or 'I' where the letter glyph before a code's digits is plainly that capital
    by its shape (codes.capital_e, codes.capital_i), whatever Tesseract wrote over it
    (E๒ read as 6 ๒, I๕ as เ ๕); an I only where it stands taller than Thai digits after
    it, as a capital does (a Thai letter stands no taller). '' otherwise."""
    g = next((g for g in glyphs or () if g.x0 == t.x0 and g.x1 == t.x1 and g.y0 == t.y0), None)
    if g is None or t.n != 1:
        return ""
    if capital_e(g.mask):
        return "E"
    thai = nxt.text[:1] in THAI_DIGITS
    if thai and t.y1 - t.y0 >= 1.08 * (nxt.y1 - nxt.y0) and capital_i(g.mask):
        return "I"
    return ""


def _i_touching_digit(tesseract: str, digits: str) -> str:
    """A code's wide letter glyph that Tesseract read as a 1 and a digit ("121" for I21:
    a serif I printed against the 2, one glyph as wide as an O): the I and that digit,
    where Tesseract's word is that 1, that digit and the digits read after the glyph.
    An O Tesseract reads as O or 0, never as a 1."""
    if (len(tesseract) == len(digits) + 2 and tesseract[0] in "1l|!" and tesseract[1].isdigit()
            and tesseract[1].isascii() and len(digits) == 1):
        return "I" + tesseract[1]
    return ""


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


# an Arabic number as Tesseract writes one when it reads it well: thousands grouped, or a
# decimal point between digits
_ARABIC_WELL_FORMED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+\.[0-9]+")


def _digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# below the confidence (90) under which a number read is questioned (a rank's weak_evidence)
DOUBTED_CONF = 50.0
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def _grouped_number_kept(tesseract: str, read: str) -> str | None:
    """Tesseract's number with thousands groups (1,630), where the digit model read only its
    last digits (630: the 1 with a speck under it taken for hanging ink): the groups bear
    Tesseract's reading out, and the two readings disagree, so it is kept as doubtful (the
    caller lowers its confidence). None where the readings do not differ so."""
    t = tesseract.strip()
    if not _GROUPED.fullmatch(t) or not read.isascii():
        return None
    whole, part = _digits_of(t), _digits_of(read)
    return t if part and len(part) < len(whole) and whole.endswith(part) and "," not in read else None


def _separators_kept(tesseract: str, read: str) -> str:
    """Two readings of one number agreeing on its digits: where Tesseract wrote a
    well-formed Arabic number (it reads Arabic digits well) and the digit model lost
    a separator whose ink it did not see (2,524 read 2 524), or read one so that the
    number is no number (93,75), Tesseract's stands."""
    t = tesseract.strip()
    if not _ARABIC_WELL_FORMED.fullmatch(t) or read == t or not read.isascii():
        return read
    if _digits_of(read) != _digits_of(t):
        return read
    seps = sum(ch in ".," for ch in read) - sum(ch in ".," for ch in t)
    # a separator lost, or one of the model's that makes no number (a 200-dpi point
    # read as a comma: 93,75 where Tesseract wrote 93.75)
    if seps < 0 or (seps == 0 and not _ARABIC_WELL_FORMED.fullmatch(read)):
        return t
    return read


def _number_ink_words(out: list, line_words: list[int], winners: set[int], written: list[Token],
                      unread: list[tuple[int, int, float | None]], strip: tuple[int, int], ox: int,
                      oy: int) -> list[int]:
    """Words of the line that are Tesseract's second reading of a number the digit step
    wrote to another word: their box (often shifted by half a digit off the ink:
    Chromium's Thai digits) covers part of the written number and no other ink of the
    strip ("๗๗.๒๙" then "lace" over its last digits, "»>" over the first one,
    "เตา." over the whole number), a mark hanging under the number's line aside (`unread`:
    (x0, x1, middle row or None)). Only words inside the strip read, whose ink is known."""
    found = []
    for i in line_words:
        w = out[i]
        if i in winners or not w.text.strip():
            continue
        a, b = int(w.left), int(w.left) + int(w.width)
        if a < strip[0] or b > strip[1] or b <= a:
            continue
        mid = w.top + w.height / 2
        over = [t for t in written if min(b, t.x1 + ox) - max(a, t.x0 + ox) > 0
                and t.y0 + oy - 0.5 * (t.y1 - t.y0) <= mid <= t.y1 + oy + 0.5 * (t.y1 - t.y0)]
        if not over:
            if _phantom_beside(w, a, b, mid, written, unread, ox, oy):
                found.append(i)
            continue
        # other ink under the box (a letter, a dash, a glyph the step did not read); a
        # mark whose middle is under the number's baseline (the next line's) is none
        bottom = max(t.y1 + oy for t in over)
        if any(min(b, d) - max(a, c) > 0.3 * max(1, d - c) and (cy is None or cy <= bottom)
               for c, d, cy in unread):
            continue
        found.append(i)
    return found


def _phantom_beside(w, a: int, b: int, mid: float, written: list[Token],
                    unread: list[tuple[int, int, float | None]], ox: int, oy: int) -> bool:
    """A short word whose box stands on blank paper right before a written number (ending
    within half the number's height of its ink): Tesseract's reading of the number's first
    digit with its box drifted left off the ink (Chromium's Thai digits: `ฆ` then ๙๖.๓๙,
    `ต ส` then ๙๑.๘๖, the boxes ending where the number's ink begins). Not over any ink.
    Tesseract's Thai boxes drift right: a letter after a number (๖๔๑๒อำเภอ) may stand on
    blank paper beside it and is kept."""
    text = w.text.strip()
    if (len(text) > 2 or not any(unicodedata.category(ch) != "Mn" for ch in text)
            or any(min(b, d) - max(a, c) > 0 for c, d, _ in unread)):
        return False  # (a vowel or tone mark above its letter stands off the digits' band)
    # a letter's whole height beside the digits: a mark over the letter before the
    # number (ที่๑๔, ปี๒๕๖๕) is not one
    return any(0 <= (t.x0 + ox) - b <= 0.5 * (t.y1 - t.y0) and a < t.x0 + ox
               and w.top <= t.y0 + oy + 0.25 * (t.y1 - t.y0) and w.bottom >= t.y1 + oy - 0.25 * (t.y1 - t.y0)
               for t in written)


def _sure_digits(w) -> bool:
    """A word Tesseract read as digits alone, sure of it (the indicator's number of
    'ตัวชี้วัดที่ 2' in a cell, its box twice the line's height with the marks above)."""
    t = w.text.strip()
    return w.conf >= 90 and t.isdigit()


def _text_dash(text: str) -> bool:
    return text.strip() in ("-", "–")


def _write_back(out: list, line_words: list[int], run: list[int], rest: list[tuple[int, int]],
                tokens: list[Token], ox: int, oy: int, ref_h: float = 0.0, gap: float = 0.0,
                strip: tuple[int, int] | None = None, glyphs: list[Glyph] | None = None) -> None:
    """Give each confidently numeric token to the word it overlaps most (a word of the
    run first). Words whose box lies mostly over a written token (Tesseract's per-letter
    pieces of it), digit-like words of the run over no ink at all (phantom letters
    Tesseract adds beside a number), and words whose only ink is a written number's
    (`_number_ink_words`) are emptied. Words over letters, and words with Latin letters
    (question codes such as O14) over ink of their own, are never changed."""
    # Latin words in a run are there as codes, list numbers or a lone page number
    usable = [i for i in line_words if not _has_latin(out[i].text) or i in run]
    spans = {i: (int(out[i].left), int(out[i].left) + int(out[i].width)) for i in usable}
    in_run = set(run)

    def overlap(i, a, b):
        bx0, bx1 = spans[i]
        return min(bx1, b) - max(bx0, a)

    tokens = _codes(out, run, tokens, ox, ref_h, gap, glyphs)

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
        conf = round(100.0 * min(t.prob for t in ts), 2)
        text = _separators_kept(out[i].text, text)
        if (whole := _grouped_number_kept(out[i].text, text)) is not None:
            text, conf = whole, min(conf, DOUBTED_CONF)
        out[i] = dataclasses.replace(out[i], text=text, conf=conf,
                                     left=x0, top=y0, width=x1 - x0, height=y1 - y0)
    emptied = set().union(*pieces.values()) if pieces else set()
    if whole_line:
        # a page number with its dashes: the line's other words were pieces of them
        # ('ะ' for the first dash's thin bar, '-' under the written one)
        (i_win,) = winners
        wx0, wx1 = out[i_win].left, out[i_win].left + out[i_win].width
        emptied |= {i for i in spans if i != i_win
                    and min(spans[i][1], wx1) - max(spans[i][0], wx0) >= 0.5 * max(1, spans[i][1] - spans[i][0])}
    if strip is not None:
        written = [t for ts in winners.values() for t in ts if not t.dash]
        unread = [(a, b, None) for a, b in rest] + [(t.x0 + ox, t.x1 + ox, (t.y0 + t.y1) / 2 + oy)
                                                    for t in tokens + dashes if not any(t is w for w in written)]
        for i in _number_ink_words(out, line_words, set(winners), written, unread, strip, ox, oy):
            out[i] = dataclasses.replace(out[i], text="")
    for i in emptied - set(winners) - letters:
        if len(out[i].text) <= 3 or _digitlike(out[i].text):
            out[i] = dataclasses.replace(out[i], text="")
    if not winners:
        return
    written = [(t.x0 + ox, t.x1 + ox) for ts in winners.values() for t in ts]
    for i in run:
        if i in winners or i in letters or i not in spans or not _digitlike(out[i].text):
            continue
        bx0, bx1 = spans[i]
        width = max(1, bx1 - bx0)
        if (_sure_digits(out[i]) and width >= 0.5 * ref_h
                and not any(min(bx1, b + gap) - max(bx0, a - gap) > 0 for a, b in written)):
            continue  # Tesseract's sure number away from what was read: ink off the strip's band
        if any(min(bx1, b) - max(bx0, a) > 0.3 * width for a, b in rest):
            continue  # over ink this run did not read
        if _text_dash(out[i].text) and any(min(bx1, d.x1 + ox) - max(bx0, d.x0 + ox) > 0.3 * width for d in dashes):
            continue  # a dash between two numbers (๐-๕๙๐๙-๘๕๔๓) that no token took
        out[i] = dataclasses.replace(out[i], text="")
