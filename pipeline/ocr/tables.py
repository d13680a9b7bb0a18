"""Ruled tables on a page image: rules found as long runs of ink, the page's skew from them
(or from its text's rows),
rules erased before OCR, the cells they bound, cells Tesseract skipped, and checkboxes.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from pipeline.ocr.engine import tesseract_words
from pipeline.ocr.settings import OcrWord, STRIP_PSM

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings

# Pages skewed by at least this much (measured on their table rules) are levelled
# before OCR; more than MAX_DESKEW_DEG is not a scan's skew but a misreading. Below
# ~250 dpi (an A4 page's long side under LOW_RES_LONG_SIDE px) re-sampling blurs the
# strokes more than a small skew costs: Tesseract follows a slightly slanted line
# itself. Such pages are levelled only from MIN_DESKEW_DEG_LOW_RES. Measured on noisy
# 200-dpi scans skewed up to 1° (9 generated sets): Thai CER 5.3 -> 4.1%, numbers
# 98.0 -> 98.5%, Tesseract 17% faster; skewed 1-2.5°, levelling still reads more
# numbers (98.4 against 97.3%). At 300 dpi levelling helps from small skews on
# (0.3-1°: numbers 99.3 against 98.9%).
MIN_DESKEW_DEG = 0.15

MIN_DESKEW_DEG_LOW_RES = 1.0

LOW_RES_LONG_SIDE = 2900

MAX_DESKEW_DEG = 5.0

# Rules are found as pieces joined along the line: pieces closer than CHAIN_GAP px
# chain directly; a rule must be at least RULE_MIN_INK ink over its length; RULE_BAND
# px either side of a rule are erased (its thickness on a 300-dpi scan is 2-5 px).
CHAIN_GAP = 8

RULE_MIN_INK = 0.75

RULE_BAND = 4

# Rule detection is skipped on images larger than this (memory: a few int32 copies).
MAX_RULE_PIXELS = 40_000_000


@dataclass(frozen=True)
class Rule:
    """A straight line: horizontal rules have y0/y1 at their ends x0/x1; vertical ones
    x0/x1 at their ends y0/y1 (scans are slightly skewed)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def y_at(self, x: float) -> float:  # horizontal rules
        if self.x1 == self.x0:
            return self.y0
        t = min(1.0, max(0.0, (x - self.x0) / (self.x1 - self.x0)))
        return self.y0 + t * (self.y1 - self.y0)

    def x_at(self, y: float) -> float:  # vertical rules
        if self.y1 == self.y0:
            return self.x0
        t = min(1.0, max(0.0, (y - self.y0) / (self.y1 - self.y0)))
        return self.x0 + t * (self.x1 - self.x0)


@dataclass(frozen=True)
class Rules:
    horizontal: tuple[Rule, ...]
    vertical: tuple[Rule, ...]
    masks: tuple = ()  # (horizontal mask, vertical mask) as numpy arrays, for erasing

    def __bool__(self) -> bool:
        return bool(self.horizontal or self.vertical)


def _run_segments(dark: np.ndarray, n: int, n_max: int | None = None) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of dark pixels n (to n_max) long,
    sorted by row."""
    h, w = dark.shape
    # only rows that can hold such a run: one n long covers two neighbouring columns of
    # every (n // 2)-th column (a third to a half of a text page's rows)
    k = n // 2
    sample = dark[:, ::k] if k else dark
    rows = np.flatnonzero((sample[:, :-1] & sample[:, 1:]).any(axis=1)) if k and sample.shape[1] > 1 else np.arange(h)
    if not len(rows):
        return []
    padded = np.zeros((len(rows), w + 2), bool)
    padded[:, 1:-1] = dark[rows]
    # every change along a row, in row order: a padded row starts and ends light, so
    # its changes alternate start, end (one boolean pass; half the time of np.diff)
    ys, xs = np.nonzero(padded[:, 1:] != padded[:, :-1])
    ys, starts, ends = rows[ys[0::2]], xs[0::2], xs[1::2]
    length = ends - starts
    keep = length >= n if n_max is None else (length >= n) & (length <= n_max)
    return list(zip(ys[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _paint(shape: tuple[int, int], segments: list[tuple[int, int, int]]) -> np.ndarray:
    mask = np.zeros(shape, bool)
    for y, s, e in segments:
        mask[y, s:e] = True
    return mask


def _chain(segments: list[tuple[int, int, int]], min_len: int) -> list[tuple[Rule, float]]:
    """Merge row segments of one line (its thickness, and the staircase of a skewed
    line) into pieces: (rule, inked length), as if horizontal (x along the row)."""
    # [last_y, x0, y_at_x0, x1, y_at_x1, min_x, max_x, segments]
    open_: list[list] = []
    done: list[list] = []
    for y, s, e in sorted(segments):
        hit = None
        for r in open_:
            if y - r[0] <= 2 and s <= r[6] + CHAIN_GAP and e >= r[5] - CHAIN_GAP:
                hit = r
                break
        if hit is None:
            open_.append([y, s, y, e, y, s, e, [(y, s, e)]])
        else:
            hit[0] = y
            hit[7].append((y, s, e))
            if s < hit[5]:
                hit[5], hit[1], hit[2] = s, s, y
            if e > hit[6]:
                hit[6], hit[3], hit[4] = e, e, y
        still = []
        for r in open_:
            (still if y - r[0] <= 2 else done).append(r)
        open_ = still
    done.extend(open_)
    # (only a long piece is fitted: a stroke's few runs cannot stray, and fitting every
    # letter's stem cost a quarter of the time of finding the rules)
    return [(_on_its_line(Rule(r[5], r[2], r[6], r[4]), r[7]) if r[6] - r[5] >= 4 * min_len
             else Rule(r[5], r[2], r[6], r[4]), float(r[6] - r[5]))
            for r in done if r[6] - r[5] >= min_len]


def _merge_collinear(pieces: list[tuple[Rule, float]], max_gap: int, min_len: int,
                     min_ink: float = RULE_MIN_INK, max_offset: float = 6.0,
                     apart=None) -> list[Rule]:
    """Join pieces of one line (broken by noise, a faint scan, a text stroke crossing
    it) so that a table row is bounded by one rule, not by several. A rule must be
    min_len long and mostly ink (strokes of letters on one baseline are not)."""
    out: list[list] = []  # [rule, inked]
    for r, ink in sorted(pieces, key=lambda p: p[0].x0):
        for item in out:
            o = item[0]
            gap = r.x0 - o.x1  # < 0: the pieces overlap, compared where o ends
            if (gap <= max_gap and r.x1 > o.x1
                    and abs(o.y_at(o.x1) - r.y_at(max(r.x0, o.x1))) <= max_offset + 0.02 * max(0, gap)
                    and not (apart and gap > 0 and apart(o, r))):
                item[0] = Rule(o.x0, o.y0, r.x1, r.y1)
                item[1] += ink
                break
            if o.x0 <= r.x0 and r.x1 <= o.x1 and abs(o.y_at(r.x0) - r.y0) <= max_offset:
                break  # inside a longer piece (a thick line's second trace)
        else:
            out.append([r, ink])
    return [r for r, ink in out if r.x1 - r.x0 >= min_len and ink >= min_ink * (r.x1 - r.x0)]


# a piece whose end strays more than this (px) from the line its runs make is set on
# that line
MAX_END_STRAY = 2.0

MAX_SLOPE = math.tan(math.radians(MAX_DESKEW_DEG))


def _on_its_line(rule: Rule, segments: list[tuple[int, int, int]]) -> Rule:
    """The piece on the line its runs make, where an end strays off it. A piece chains
    every run that touches its last row, so a column edge on a skewed page takes in the
    checkboxes' sides and letters' stems that stand a few pixels off it, row after row,
    and the one that starts the piece gave its end: the rule lay aslant (0.9° on a 200-dpi
    scan) and erasing it cut the sides off the boxes down the column. The line: least
    squares through the ends of the runs at least half as long as the longest (the
    rule's own), weighted by their length squared; then of every run within 3 px of it.
    A straight piece keeps its ends as found."""
    if len(segments) < 2:
        return rule
    arr = np.array(segments, float)
    # both ends of each run: a level rule's rows all span its length, their middles one point
    w = np.repeat((arr[:, 2] - arr[:, 1]) ** 2, 2)
    mids, ys = arr[:, 1:3].reshape(-1), np.repeat(arr[:, 0], 2)
    keep = w >= w.max() / 4  # runs at least half the longest: the rule's own, to start
    line = None
    for _ in range(3):
        if keep.sum() < 2:
            break
        mx, my = np.average(mids[keep], weights=w[keep]), np.average(ys[keep], weights=w[keep])
        var = np.average((mids[keep] - mx) ** 2, weights=w[keep])
        if var <= 0:
            break
        b = np.average((mids[keep] - mx) * (ys[keep] - my), weights=w[keep]) / var
        line = (mx, my, b)
        keep = np.abs(ys - (my + b * (mids - mx))) <= 3
    if line is None or abs(line[2]) > MAX_SLOPE:
        return rule
    mx, my, b = line
    y0, y1 = my + b * (rule.x0 - mx), my + b * (rule.x1 - mx)
    if abs(y0 - rule.y0) <= MAX_END_STRAY and abs(y1 - rule.y1) <= MAX_END_STRAY:
        return rule
    return Rule(rule.x0, float(y0), rule.x1, float(y1))


# a vertical rule's end this close (px) to a horizontal rule ends at it
END_AT_RULE = 15  # (a crooked page's corners: 12 px seen at 200 dpi, 0.8 deg)


def _two_tables(upper: Rule, lower: Rule, horizontal: list[Rule]) -> bool:
    """Whether two collinear vertical pieces (transposed: x along the page's height) are
    two tables' sides, one under the other (a heading between them), not one rule
    broken by noise: the upper ends at a horizontal rule (its table's foot) and the
    lower starts at another (the next table's head). Joined, the heading between them
    became a row of cells, and the second table's header lost its columns."""

    def at_rule(y: float, x: float) -> bool:
        return any(h.x0 - END_AT_RULE <= x <= h.x1 + END_AT_RULE and abs(h.y_at(x) - y) <= END_AT_RULE
                   for h in horizontal)

    foot, head = upper.x1, lower.x0
    return (head - foot > 2 * END_AT_RULE and at_rule(foot, upper.y_at(foot))
            and at_rule(head, lower.y_at(head)))


def _snap(horizontal: list[Rule], vertical: list[Rule], reach: int) -> tuple[list[Rule], list[Rule]]:
    """Extend rule ends that stop short of a crossing rule (a faded corner, a gap the
    detector missed) up to it, so every cell is closed on all four sides."""

    def extend(lo: float, hi: float, at: float, crossing: list[Rule], pos) -> tuple[float, float]:
        ps = []
        for c in crossing:
            p, c_lo, c_hi = pos(c, at)
            if c_lo - reach <= at <= c_hi + reach:
                ps.append(p)
        # an end already at a crossing rule stays; otherwise it goes to the nearest one
        if ps and not any(abs(p - lo) <= 12 for p in ps):
            lo = max((p for p in ps if lo - reach <= p < lo), default=lo)
        if ps and not any(abs(p - hi) <= 12 for p in ps):
            hi = min((p for p in ps if hi < p <= hi + reach), default=hi)
        return lo, hi

    new_v = []
    for v in vertical:
        x = (v.x0 + v.x1) / 2
        y0, y1 = extend(v.y0, v.y1, x, horizontal, lambda hr, x: (hr.y_at(x), hr.x0, hr.x1))
        new_v.append(Rule(v.x_at(y0), y0, v.x_at(y1), y1))
    new_h = []
    for hr in horizontal:
        y = (hr.y0 + hr.y1) / 2
        x0, x1 = extend(hr.x0, hr.x1, y, new_v, lambda v, y: (v.x_at(y), v.y0, v.y1))
        new_h.append(Rule(x0, hr.y_at(x0), x1, hr.y_at(x1)))
    return new_h, new_v


def _band(shape: tuple[int, int], rules: list[Rule], half: int) -> np.ndarray:
    """Pixels within `half` rows of horizontal rules (as if horizontal)."""
    band = np.zeros(shape, bool)
    h, w = shape
    for r in rules:
        xs = np.arange(max(0, int(r.x0)), min(w, int(r.x1) + 1))
        if not len(xs):
            continue
        ys = np.rint(r.y0 + (xs - r.x0) * ((r.y1 - r.y0) / max(1.0, r.x1 - r.x0))).astype(int)
        for dy in range(-half, half + 1):
            yy = np.clip(ys + dy, 0, h - 1)
            band[yy, xs] = True
    return band


# A pixel darker than this is ink. On a low-resolution page turned level (bicubic) a
# 1-pixel rule is smeared over two or three columns of grey, most of it lighter than
# INK: there TURNED_INK. Measured on four 200-dpi scans of Word tables skewed 0-1.5 deg:
# vertical rules found 761 px long in all at 140, 8683 at 160 (8010 before the turn).
INK = 140

TURNED_INK = 160


def find_rules(grey: Image.Image, turned: bool = False) -> Rules:
    """Horizontal and vertical ruled lines (table borders) of a page. Lines are found
    as pieces (runs of dark pixels, cut by scanner noise) joined along their length.
    `turned`: the page was levelled by a smooth turn (see TURNED_INK)."""
    w, h = grey.size
    if w * h > MAX_RULE_PIXELS or w < 50 or h < 50:
        return Rules((), ())
    arr = np.asarray(grey)
    dark = arr < (TURNED_INK if turned and max(w, h) < LOW_RES_LONG_SIDE else INK)
    min_h, min_v = max(40, w // 20), max(40, h // 30, w // 30)  # longer than a letter's stem
    piece_h, piece_v = max(20, w // 60), max(20, h // 90)
    hsegs = _run_segments(dark, piece_h)
    dark_t = np.ascontiguousarray(dark.T)
    vsegs = _run_segments(dark_t, piece_v)
    # pieces of one rule are cut by small holes (speckle, a faded stretch); text
    # strokes on one baseline or in one column are further apart
    horizontal = _merge_collinear(_chain(hsegs, piece_h), max(12, piece_h // 2), min_h)
    vertical_pieces = _chain(vsegs, piece_v)
    vertical_t = _merge_collinear(vertical_pieces, max(12, piece_v // 2), min_v)
    # then rules (long, so surely lines) broken by a wider gap are one line
    horizontal = _merge_collinear([(r, r.x1 - r.x0) for r in horizontal], w // 8, 0, 0.0, 4.0)
    pieces_t = vertical_t
    vertical_t = _merge_collinear([(r, r.x1 - r.x0) for r in vertical_t], h // 8, 0, 0.0, 4.0,
                                  apart=lambda o, r: _two_tables(o, r, horizontal))
    vertical_t = [r for r in vertical_t if not _stacked_strokes(r, pieces_t, dark_t)
                  and not _inside_a_cell(r, horizontal, [p for p, _ in vertical_pieces])]
    vertical_t += _row_height_sides(vertical_pieces, horizontal, vertical_t, piece_v, min_v)
    vertical = [Rule(r.y0, r.x0, r.y1, r.x1) for r in vertical_t]
    if not horizontal and not vertical:
        return Rules((), ())
    # what to erase: the runs that make up the rules found, not other strokes
    hmask = _paint(dark.shape, hsegs) & _band(dark.shape, horizontal, RULE_BAND)
    vmask = (_paint(dark_t.shape, vsegs) & _band(dark_t.shape, vertical_t, RULE_BAND)).T
    horizontal, vertical = _snap(horizontal, vertical, reach=max(20, min(w, h) // 15))
    return Rules(tuple(horizontal), tuple(vertical), (hmask, vmask))

# A "rule" joined from three pieces or more that leaves more than this share of its
# length blank is strokes stacked in a column, one per row, not a line: the left sides
# of the ☑ that open a checklist column's cells, each with the stem of the letter under
# it (58% ink; a rule broken by noise or a stamp keeps 80% and more)
STACKED_MAX_INK = 0.7


def _stacked_strokes(rule: Rule, pieces: list[Rule], dark_t: np.ndarray) -> bool:
    """Whether a joined vertical rule (transposed: x along the page's height) is
    strokes stacked row over row rather than one line broken by gaps."""
    inside = sum(1 for p in pieces if rule.x0 - 1 <= p.x0 and p.x1 <= rule.x1 + 1
                 and abs(p.y_at(p.x0) - rule.y_at(p.x0)) <= 6)
    if inside < 3:
        return False
    y = int(round((rule.y0 + rule.y1) / 2))
    band = dark_t[max(0, y - 2):y + 3, max(0, int(rule.x0)):int(rule.x1) + 1]
    return band.size > 0 and float(band.any(axis=0).mean()) < STACKED_MAX_INK


# A stroke no longer than this share of its row's height is one text line's letter.
LINE_STROKE_SHARE = 0.4


def _inside_a_cell(rule: Rule, horizontal: list[Rule], pieces: list[Rule] = ()) -> bool:
    """Whether a vertical rule (transposed: x along the page's height) is letters' stems
    inside one cell, not a column edge: it meets neither the horizontal rule above it nor
    the one below, and covers under half the height between them (the stems of ร over ร
    in a three-line header cell at 200 dpi, joined into one 77 px stroke: snapped to the
    row's rules, it split the header "มาตรการส่งเสริม…" into two columns), or is joined
    from `pieces` (the runs chained, before any joining) none of which is longer than a
    text line (LINE_STROKE_SHARE of the row): a checkbox's side over a letter's stem in
    the line under it, 123 px of a 193-px two-line status cell of a 300-dpi CSS-grid scan,
    cut the cell in two and mixed its lines (`☑ ดำยังไม่ | เนินการ ☐ ด้ดำเนินการ`)."""
    x = (rule.y0 + rule.y1) / 2
    ys = [h.y_at(x) for h in horizontal if h.x0 - END_AT_RULE <= x <= h.x1 + END_AT_RULE]
    top = max((y for y in ys if y <= rule.x0 + END_AT_RULE), default=None)
    bottom = min((y for y in ys if y >= rule.x1 - END_AT_RULE), default=None)
    if top is None or bottom is None:
        return False
    if rule.x0 - top <= END_AT_RULE or bottom - rule.x1 <= END_AT_RULE:
        return False
    if rule.x1 - rule.x0 < 0.5 * (bottom - top):
        return True
    own = [p.x1 - p.x0 for p in pieces if rule.x0 - 1 <= p.x0 and p.x1 <= rule.x1 + 1
           and abs(p.y_at(p.x0) - rule.y_at(p.x0)) <= 6]
    return bool(own) and max(own) <= LINE_STROKE_SHARE * (bottom - top)


# A table cut by the page's edge (Word and browsers draw no rule where a row breaks):
# its vertical rules end together this far beyond the last horizontal rule.
OPEN_END_MIN = 25  # pixels: more than a rule's width, less than a row of text

OPEN_END_TOL = 15  # pixels: ends "together"


def close_open_tables(rules: Rules) -> Rules:
    """A table cut by the page break has no rule along the cut: the words of its last
    (or, on the next page, first) row would be no cell's and come out as loose lines,
    one per text line of each cell. Where three or more vertical rules of a table end
    together beyond its last horizontal rule (or start together before its first), a
    rule is added across their ends, so the cut row is a row (pipeline.extract.measures
    joins it to the rest of the row on the other page)."""
    rules = close_open_sides(rules)
    if len(rules.vertical) < 3 or not rules.horizontal:
        return rules
    # a page read crooked (under 1 deg at 200 dpi is not levelled) has the ends of one
    # cut at heights that drift along it: they are compared levelled by its skew
    slope = math.tan(math.radians(skew_angle(rules)))
    added = []
    for end in ("bottom", "top"):
        tip = (lambda v: max(v.y0, v.y1)) if end == "bottom" else (lambda v: min(v.y0, v.y1))

        def at(v, tip=tip):
            return tip(v) - slope * v.x_at(tip(v))

        for group in _aligned(sorted(rules.vertical, key=at), at, 2):
            xs = [v.x_at(tip(v)) for v in group]
            x0, x1 = min(xs), max(xs)
            level = statistics.median(at(v) for v in group)
            y = level + slope * (x0 + x1) / 2
            across = [h for h in rules.horizontal if min(h.x1, x1) - max(h.x0, x0) > 0.8 * (x1 - x0)]
            inside = [h for h in across if (h.y_at((x0 + x1) / 2) < y if end == "bottom" else h.y_at((x0 + x1) / 2) > y)]
            if not inside:
                continue  # no table there
            if len(group) == 2:
                # two rules alone run on to the cut: the sides of a cell merged over the rows
                # (a CSS grid's tool cell beside its indicators, the rows beside it ended
                # above), only where the rule across them nearest the cut is a table's,
                # crossed by three vertical rules or more (a frame's two sides are no table)
                nearest = (max if end == "bottom" else min)(inside, key=lambda h: h.y_at((x0 + x1) / 2))
                if _crossings(nearest, rules.vertical) < 3:
                    continue
            across = [h.y_at((x0 + x1) / 2) for h in across]
            if any(abs(hy - y) < OPEN_END_MIN for hy in across):
                # its edge is ruled, but maybe not under a cell merged over the rows that
                # runs on over the page (a tool's name beside its indicators): that piece
                # is added, so the cell's words are the first row's
                added += _open_pieces(rules.horizontal, x0, x1, y, level, slope)
                continue
            added.append(Rule(x0, level + slope * x0, x1, level + slope * x1))
    if not added:
        return rules
    return Rules(rules.horizontal + tuple(added), rules.vertical, rules.masks)


def close_open_sides(rules: Rules) -> Rules:
    """A table whose left or right border the scan lost (a faint or broken side line, or
    a table drawn without side borders): its horizontal rules run on together a column's
    width beyond its outermost vertical rule, and the words of that column would be no
    cell's: loose lines outside the rows. Where three or more horizontal rules, each
    crossed by two vertical rules at least, end together (levelled by the page's skew)
    OPEN_PIECE_MIN beyond the vertical rules crossing them, a vertical rule is added along
    their ends."""
    if len(rules.vertical) < 2 or len(rules.horizontal) < 3:
        return rules
    slope = math.tan(math.radians(skew_angle(rules)))
    added = []
    for left in (True, False):
        def end(h, left=left):
            return h.x0 if left else h.x1

        def at(h, end=end):  # the end's x levelled: a side line leans by -slope
            return end(h) + slope * h.y_at(end(h))

        ruled = []
        for h in rules.horizontal:
            crossing = []  # where the vertical rules cross this one
            for v in rules.vertical:
                y = h.y_at(v.x0)
                x = v.x_at(y)
                if (min(v.y0, v.y1) - OPEN_END_TOL <= y <= max(v.y0, v.y1) + OPEN_END_TOL
                        and h.x0 - OPEN_END_TOL <= x <= h.x1 + OPEN_END_TOL):
                    crossing.append(x)
            if len(crossing) >= 2:
                ruled.append((h, min(crossing) if left else max(crossing)))
        groups: list[list[tuple[Rule, float]]] = []
        for h, outer in sorted(ruled, key=lambda p: at(p[0])):
            if groups and at(h) - at(groups[-1][0][0]) <= OPEN_END_TOL:
                groups[-1].append((h, outer))
            else:
                groups.append([(h, outer)])
        for group in groups:
            if len(group) < 3:
                continue
            if any(abs(outer - end(h)) < OPEN_PIECE_MIN for h, outer in group):
                continue  # its side is ruled (or the column too narrow to be one)
            top = min((h for h, _ in group), key=lambda h: h.y_at(end(h)))
            bottom = max((h for h, _ in group), key=lambda h: h.y_at(end(h)))
            added.append(Rule(end(top), top.y_at(end(top)), end(bottom), bottom.y_at(end(bottom))))
    if not added:
        return rules
    return Rules(rules.horizontal, rules.vertical + tuple(added), rules.masks)


def _open_pieces(horizontal, x0: float, x1: float, y: float, level: float, slope: float) -> list[Rule]:
    """Rules over the stretches of a table's edge (x0-x1 at height y) that no horizontal
    rule along it covers, at either end, where a stretch is a column wide at least."""
    along = [h for h in horizontal if abs(h.y_at((max(h.x0, x0) + min(h.x1, x1)) / 2) - y) < OPEN_END_MIN
             and min(h.x1, x1) > max(h.x0, x0)]
    if not along:
        return []
    left, right = min(h.x0 for h in along), max(h.x1 for h in along)
    out = []
    for a, b in ((x0, left), (right, x1)):
        if b - a >= OPEN_PIECE_MIN:
            out.append(Rule(a, level + slope * a, b, level + slope * b))
    return out


# the shortest stretch of a table's edge left open that is a cell's (a narrow column)
OPEN_PIECE_MIN = 60


def _aligned(vertical: list[Rule], at, least: int = 3) -> list[list[Rule]]:
    """Runs of at least `least` rules (sorted by `at`) whose ends lie within OPEN_END_TOL."""
    groups: list[list[Rule]] = []
    for v in vertical:
        if groups and at(v) - at(groups[-1][0]) <= OPEN_END_TOL:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [g for g in groups if len(g) >= least]


def _crossings(h: Rule, vertical) -> int:
    """How many vertical rules cross (or end on) horizontal rule `h`."""
    n = 0
    for v in vertical:
        y = h.y_at(v.x0)
        x = v.x_at(y)
        if (min(v.y0, v.y1) - OPEN_END_TOL <= y <= max(v.y0, v.y1) + OPEN_END_TOL
                and h.x0 - OPEN_END_TOL <= x <= h.x1 + OPEN_END_TOL):
            n += 1
    return n


def _row_height_sides(pieces: list[tuple[Rule, float]], horizontal: list[Rule],
                      vertical_t: list[Rule], piece: int, min_len: int) -> list[Rule]:
    """Vertical rules shorter than a rule must be (`min_len`) that fill most of the
    height between two neighbouring horizontal rules crossed by at least two vertical
    rules already: the column edges of a table of one short row (a header row alone at
    a page's foot, whose table goes on over the page). Where no rule crosses the row
    (all of its sides short: Word cut the header row itself, one line of it above the
    break), the row's own short edges count when two of them stand at both rules' ends
    and one more between them. Transposed, as find_rules keeps vertical rules (x along
    the rule); each spans the row's full height."""
    rows: dict[tuple[float, float], list[Rule]] = {}
    for r in _merge_collinear(pieces, max(12, piece // 2), piece, 0.9):
        if r.x1 - r.x0 >= min_len:
            continue
        x = (r.y0 + r.y1) / 2
        ys = sorted((h.y_at(x), i) for i, h in enumerate(horizontal) if h.x0 - 4 <= x <= h.x1 + 4)
        top = max((y for y in ys if y[0] <= r.x0 + 6), default=None)
        bottom = min((y for y in ys if y[0] >= r.x1 - 6), default=None)
        if top is None or bottom is None or r.x1 - r.x0 < 0.8 * (bottom[0] - top[0]):
            continue
        rows.setdefault((top[1], bottom[1]), []).append(Rule(top[0], r.y0, bottom[0], r.y1))
    out = []
    for (upper, lower), edges in rows.items():
        top, bottom = min(e.x0 for e in edges), max(e.x1 for e in edges)
        sides = sum(1 for v in vertical_t if v.x0 - 6 <= top and bottom <= v.x1 + 6)
        if sides >= 2 or _own_sides(edges, horizontal[upper], horizontal[lower]):
            out += edges
    return out


def _own_sides(edges: list[Rule], upper: Rule, lower: Rule) -> bool:
    """A row boxed by two horizontal rules of one width whose own short edges (transposed)
    stand at both rules' ends, with a column edge between: a table of one row."""
    if len(edges) < 3:
        return False
    reach = END_AT_RULE
    if abs(upper.x0 - lower.x0) > reach or abs(upper.x1 - lower.x1) > reach:
        return False
    xs = [(e.y0 + e.y1) / 2 for e in edges]
    left, right = max(upper.x0, lower.x0), min(upper.x1, lower.x1)
    return any(abs(x - left) <= reach for x in xs) and any(abs(x - right) <= reach for x in xs)


def skew_angle(rules: Rules) -> float:
    """The page's skew in degrees (counter-clockwise turn that levels it), from the
    slope of its long horizontal rules; 0 without them."""
    slopes = []
    for r in rules.horizontal:
        length = r.x1 - r.x0
        if length > 0:
            slopes.extend([math.degrees(math.atan2(r.y1 - r.y0, length))] * max(1, int(length // 100)))
    if len(slopes) < 3:
        return 0.0
    angle = statistics.median(slopes)
    return angle if abs(angle) <= MAX_DESKEW_DEG else 0.0


# Skew from the text itself (a page without rules, or one whose rules were missed: at
# 3-4° a rule's runs of ink are too short to be found): the turn under which the ink's
# rows fall into the fewest, fullest lines (the sum of squares of the row profile),
# searched in TEXT_SKEW_STEP steps then TEXT_SKEW_FINE around the best. Measured on
# 30 pages of 300-dpi scans fed 1.5-4° crooked: within 0.1° of the rules' slope where
# the page has rules; level pages read 0.0-0.1°. The rules' angle is kept where the two
# agree within TEXT_RULES_AGREE (the text's rows are ragged, a rule is straight).
TEXT_SKEW_STEP = 0.25

TEXT_SKEW_FINE = 0.025

TEXT_RULES_AGREE = 0.5

# A low-resolution page levelled by its text only from this skew: noisy 200-dpi scans
# without rules turned by 1.0-1.1° read worse (an overall score and four indicator
# rows lost on unseen2's scan200 set); fed 1.5° crooked or more, a page is read
# crooked worse than blurred.
MIN_TEXT_DESKEW_DEG_LOW_RES = 1.5

TEXT_SKEW_MIN_INK = 2000  # pixels (at the reduced size): fewer is no text to go by

TEXT_SKEW_SAMPLE = 150_000  # ink pixels used, at most: the profile needs no more


def text_skew_angle(grey: Image.Image) -> float:
    """The page's skew in degrees (the counter-clockwise turn that levels it) from the
    rows of its ink; 0 for a page with too little ink to tell."""
    arr = np.asarray(grey)
    f = 2 if max(arr.shape) < LOW_RES_LONG_SIDE else 3  # ~100 dpi: a line is still a line
    h, w = arr.shape[0] // f * f, arr.shape[1] // f * f
    small = arr[:h, :w].reshape(h // f, f, w // f, f).min(axis=(1, 3))
    ys, xs = np.nonzero(small < INK)
    if len(ys) < TEXT_SKEW_MIN_INK:
        return 0.0
    if len(ys) > TEXT_SKEW_SAMPLE:
        pick = np.random.default_rng(0).choice(len(ys), TEXT_SKEW_SAMPLE, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.shape[1] / 2

    def sharpness(deg: float) -> float:
        rows = np.round(ys - xs * math.tan(math.radians(deg))).astype(np.int64)
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        return float(profile @ profile)

    coarse = np.arange(-MAX_DESKEW_DEG, MAX_DESKEW_DEG + 1e-9, TEXT_SKEW_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - TEXT_SKEW_STEP, best + TEXT_SKEW_STEP + 1e-9, TEXT_SKEW_FINE)
    return round(float(max(fine, key=sharpness)), 3)


def deskew_angle(rules: Rules, size: tuple[int, int], grey: Image.Image | None = None) -> float:
    """The turn (degrees, counter-clockwise) that levels a page of `size` pixels before
    OCR; 0 where it is read as it is (see MIN_DESKEW_DEG). With the page's `grey`, the
    skew of its text decides where its rules give none or disagree with it."""
    angle, least = skew_angle(rules), MIN_DESKEW_DEG_LOW_RES
    if grey is not None:
        text = text_skew_angle(grey)
        if abs(text - angle) > TEXT_RULES_AGREE:
            angle, least = text, MIN_TEXT_DESKEW_DEG_LOW_RES
    if max(size) >= LOW_RES_LONG_SIDE:
        least = MIN_DESKEW_DEG
    return angle if abs(angle) >= least else 0.0


def erase_rules(grey: Image.Image, rules: Rules) -> Image.Image:
    """The page with rule pixels (and a 1-pixel fringe) painted white."""
    if not rules.masks:
        return grey
    hmask, vmask = rules.masks
    mask = hmask | vmask
    grown = mask.copy()
    for _ in range(2):  # a 2-pixel fringe: the anti-aliased edge of the line
        step = grown.copy()
        step[1:, :] |= grown[:-1, :]
        step[:-1, :] |= grown[1:, :]
        step[:, 1:] |= grown[:, :-1]
        step[:, :-1] |= grown[:, 1:]
        grown = step
    arr = np.array(grey)
    arr[grown] = 255
    return Image.fromarray(arr, "L")


def table_cells(rules: Rules) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the cells of ruled tables, inside their borders."""
    tol = 8.0
    hs = sorted(rules.horizontal, key=lambda r: (r.y0 + r.y1) / 2)
    cells = []
    for i, a in enumerate(hs):
        ya = (a.y0 + a.y1) / 2
        below = [b for b in hs[i + 1:] if (b.y0 + b.y1) / 2 > ya + 10
                 and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)]
        if not below:
            continue
        b = below[0]
        yb = (b.y0 + b.y1) / 2
        ymid = (ya + yb) / 2
        edges = sorted(
            r.x_at(ymid) for r in rules.vertical
            if r.y0 - tol <= ymid <= r.y1 + tol and a.x0 - tol <= r.x_at(ymid) <= a.x1 + tol
        )
        for x0, x1 in zip(edges, edges[1:]):
            if x1 - x0 > 12 and yb - ya > 12:
                cells.append((int(x0) + 5, int(ya) + 5, int(x1) - 5, int(yb) - 5))
    return cells


def _read_missed_cells(image: Image.Image, rules: Rules, words: list[OcrWord],
                       settings: OcrSettings, deadline: float) -> list[OcrWord]:
    """Tesseract skips short text alone in a narrow cell (an item code "O๖" in a
    column of its own). Cells with ink but no word are stacked into one strip, read in
    one more call, and their words mapped back to the page."""
    arr = np.asarray(image)
    centers = [(w.left + w.width / 2, w.top + w.height / 2) for w in words]
    todo = []
    for x0, y0, x1, y1 in table_cells(rules):
        if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centers):
            continue
        ink = arr[y0:y1, x0:x1] < 128
        if ink.sum() < 30:
            continue
        ys, xs = np.nonzero(ink)
        box = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        if _ink_read(box, words):
            continue
        todo.append(box)
    if not todo:
        return []
    pad = 20
    width = max(b[2] - b[0] for b in todo) + 2 * pad
    height = sum(b[3] - b[1] + 2 * pad for b in todo)
    strip = Image.new("L", (width, height), 255)
    slots = []  # (strip y0, strip y1, page box)
    y = 0
    for box in todo:
        strip.paste(image.crop(box), (pad, y + pad))
        slots.append((y, y + box[3] - box[1] + 2 * pad, box))
        y += box[3] - box[1] + 2 * pad
    # psm 6 (one uniform block): psm 4 skipped the first cells of a narrow strip
    found = tesseract_words(strip, dataclasses.replace(settings, psm=STRIP_PSM), deadline)
    out = []
    for w in found:
        cy = w.top + w.height / 2
        for i, (s0, s1, box) in enumerate(slots):
            if s0 <= cy < s1:
                out.append(dataclasses.replace(
                    w, left=w.left - pad + box[0], top=w.top - s0 - pad + box[1], block=10_000 + i,
                ))
                break
    return out

def _ink_read(ink: tuple[int, int, int, int], words: list[OcrWord]) -> bool:
    """A cell's ink already under one word's box: Tesseract read it with its
    neighbour's (a spreadsheet prints a number against the rule and the next cell's
    text right after it; `77.98` boxed across the rule into `ลดลง`'s cell, its centre
    past the rule). Reading the cell again would give the number twice (`77.9877.98`)."""
    x0, y0, x1, y1 = ink
    mid = (y0 + y1) / 2
    for w in words:
        if not w.text.strip() or not w.top <= mid <= w.top + w.height:
            continue
        if min(x1, w.left + w.width) - max(x0, w.left) >= 0.8 * (x1 - x0):
            return True
    return False


CHECKED, UNCHECKED = "\u2611", "\u2610"  # ☑ ☐ (pipeline/pages.py convention)


@dataclass(frozen=True)
class Checkbox:
    left: int
    top: int
    size: int
    checked: bool


def _bars(segments: list[tuple[int, int, int]], lo: int, hi: int) -> list[list[int]]:
    """Horizontal bars [top, bottom, x0, x1] from row runs whose length is lo..hi:
    runs of consecutive rows with the same ends (±2 px) are one bar."""
    bars: list[list[int]] = []
    active: dict[int, list[int]] = {}  # x0 bucket -> bar
    for y, x0, x1 in segments:  # sorted by row
        if not lo <= x1 - x0 <= hi:
            continue
        bar = None
        for k in (x0 // 4 - 1, x0 // 4, x0 // 4 + 1):
            b = active.get(k)
            if b is not None and b[1] >= y - 1 and abs(b[2] - x0) <= 2 and abs(b[3] - x1) <= 2:
                bar = b
                break
        if bar is None:
            bar = [y, y, x0, x1]
            bars.append(bar)
        bar[1] = y
        active[x0 // 4] = bar
    return bars


LANDSCAPE_RATIO = 1.6  # A4 and Letter lie at 1.41 and 1.29


def find_checkboxes(grey: Image.Image) -> list[Checkbox]:
    """Square boxes the size of a letter (☐, ☑): a top and a bottom bar of the same
    span joined by two straight sides. Tesseract reads them as "[7" "17" "O" "0]"."""
    w, h = grey.size
    if w * h > MAX_RULE_PIXELS or w < 50 or h < 20:
        return []
    arr = np.asarray(grey)
    dark = arr < 140
    # sized by the paper's width: a landscape page's (as wide as 1.6 times its height)
    # is its height, its boxes no bigger than a portrait page's; a strip keeps its width
    paper = h if h < w <= LANDSCAPE_RATIO * h else w
    # at A4 width: 1.8-5.3 mm (a ☐ glyph of a 10-point font prints at 2.1 mm)
    s_min, s_max = max(8, paper // 115), max(16, paper // 40)
    bars = _bars(_run_segments(dark, s_min, s_max), s_min, s_max)
    by_x: dict[int, list[list[int]]] = {}
    for b in bars:
        by_x.setdefault(b[2] // 4, []).append(b)
    found: list[Checkbox] = []
    taken: set[tuple[int, int]] = set()
    for top in bars:
        t_top, t_bot, x0, x1 = top
        size = x1 - x0
        thick = t_bot - t_top + 1
        if thick > max(3, size // 5):
            continue
        for k in (x0 // 4 - 1, x0 // 4, x0 // 4 + 1):
            for bot in by_x.get(k, ()):
                height = bot[1] - t_top + 1
                if bot is top or abs(bot[2] - x0) > 3 or abs(bot[3] - x1) > 3:
                    continue
                if not 0.8 * size <= height <= 1.25 * size or bot[1] - bot[0] + 1 > max(3, size // 5):
                    continue
                side = dark[t_top:bot[1] + 1, :]
                left = side[:, max(0, x0 - 1):x0 + thick + 1].any(axis=1).mean()
                right = side[:, max(0, x1 - thick - 1):x1 + 1].any(axis=1).mean()
                if left < 0.9 or right < 0.9 or (t_top, x0) in taken:
                    continue
                if _stem_sides(dark, t_top, bot[1], x0, x1, thick) or _sides_run_on(dark, t_top, bot[1], x0, x1, thick):
                    continue
                if _round_under(dark, bot[1], x0, x1):
                    continue
                m = max(thick + 2, size // 6)
                inner = dark[t_top + m:bot[1] + 1 - m, x0 + m:x1 - m]
                if inner.size == 0:
                    continue
                # the ring around the box must be mostly clear: not part of a letter
                outer = dark[max(0, t_top - 5):bot[1] + 6, max(0, x0 - 5):x1 + 6]
                box = dark[max(0, t_top - 1):bot[1] + 2, max(0, x0 - 1):x1 + 2]
                if (outer.sum() - box.sum()) / max(1, outer.size - box.size) > 0.1:
                    continue
                taken.add((t_top, x0))
                found.append(Checkbox(x0, t_top, max(size, height), bool(inner.mean() > 0.06)))
    return found


def _round_under(dark: np.ndarray, bottom: int, x0: int, x1: int) -> bool:
    """Whether ink goes on under the "bottom bar" in the middle of the span: a ring's
    round bottom (a 200-dpi ๐ of Loma, its blurred top and a lower row flat enough to
    be the bars: ๘๕.๐๐ read ๘๕. ☐ ๐). A printed box ends at its bottom bar; the
    rows of a blurred bar of its width are the bar itself."""
    if bottom + 3 > dark.shape[0]:
        return False
    n = x1 - x0
    # under a ring's "bar" its curve goes on for rows, in the middle; under a box's
    # bar at most one more row of the bar itself (a noisy scan), then nothing
    mid = dark[bottom + 1:bottom + 3, x0 + n // 3:x1 - n // 3]
    return bool(mid.size and mid.mean(axis=1).min() >= 0.5)


def _sides_run_on(dark: np.ndarray, top: int, bottom: int, x0: int, x1: int, thick: int) -> bool:
    """Whether a side goes on past the bars: a letter's bowl, not a box (the upper
    bowl of a noisy 200-dpi "B", its middle bar taken for the bottom: the level B
    read as ☐). A printed box's sides end at its bars."""
    n = max(3, (x1 - x0) // 3)
    for rows in (dark[bottom + 1:bottom + 1 + n], dark[max(0, top - n):top]):
        if len(rows) < n:
            continue
        for cols in (rows[:, max(0, x0 - 1):x0 + thick + 1], rows[:, max(0, x1 - thick - 1):x1 + 1]):
            if cols.size and cols.any(axis=1).mean() >= 0.8:
                return True
    return False


def _stem_sides(dark: np.ndarray, top: int, bottom: int, x0: int, x1: int, thick: int) -> bool:
    """Whether the "box" is two serif letters side by side (`II` of "(IIT)" in a serif
    font: the serifs make the top and bottom bars, the stems the sides). A stem stands
    inside its serif's end and is thicker than the serif; a printed box's side is its
    bar's end and as thin as the bar."""
    mid = dark[top + (bottom - top) // 3:bottom - (bottom - top) // 3 + 1]
    if mid.size == 0:
        return False
    reach = max(thick + 3, (x1 - x0) // 3)

    def side(cols: np.ndarray) -> tuple[float, float]:  # (inset, width) of the ink, medians
        insets, widths = [], []
        for row in cols:
            xs = np.flatnonzero(row)
            if len(xs):
                gaps = np.flatnonzero(np.diff(xs) > 1)
                insets.append(int(xs[0]))
                widths.append(int((xs[gaps[0]] if len(gaps) else xs[-1]) - xs[0] + 1))
        return (float(np.median(insets)), float(np.median(widths))) if widths else (0.0, 0.0)

    lo, hi = max(0, x0 - 1), min(dark.shape[1], x1 + 1)  # x1: the bar's end, exclusive
    left = side(mid[:, lo:x0 + reach])
    right = side(mid[:, max(0, x1 - reach):hi][:, ::-1])
    # both sides inside the bars' ends (a crooked box has one a pixel or two off)
    inset = min(left[0] - (x0 - lo), right[0] - (hi - x1) - 1)
    return inset > max(2, thick // 2) or max(left[1], right[1]) > max(1.6 * thick, thick + 2)


def erase_checkboxes(grey: Image.Image, boxes: list[Checkbox]) -> Image.Image:
    if not boxes:
        return grey
    arr = np.array(grey)
    for b in boxes:
        arr[max(0, b.top - 2):b.top + b.size + 3, max(0, b.left - 2):b.left + b.size + 3] = 255
    return Image.fromarray(arr, "L")


def checkbox_words(boxes: list[Checkbox], words: list[OcrWord]) -> list[OcrWord]:
    """☑/☐ as words on the line of the nearest word beside them (conf -1: they do not
    count towards the page's OCR confidence)."""
    out = []
    for i, b in enumerate(boxes):
        cy = b.top + b.size / 2
        beside = [w for w in words if w.top <= cy <= w.bottom]
        near = min(beside, key=lambda w: min(abs(w.left - (b.left + b.size)), abs(b.left - w.right)), default=None)
        ids = (near.block, near.par, near.line) if near is not None else (-1, 0, i)
        out.append(OcrWord(CHECKED if b.checked else UNCHECKED, -1.0, b.left, b.top, b.size, b.size,
                           ids[0], ids[1], ids[2], 0))
    return out
