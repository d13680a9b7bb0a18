"""Lines of text rebuilt from Tesseract's word boxes: Thai letters joined into words, wide gaps
as tabs, words inside a ruled table as one tab row per table row (pipeline/pages.py's
convention), dot leaders and border junk dropped, known labels repaired.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from typing import TYPE_CHECKING

import numpy as np

from pipeline.ocr.tables import Rules
from pipeline.readers.paragraphs import TextLine, join_wrapped

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrWord
    from pipeline.ocr.tables import Rule

# Gaps between word boxes, in units of the line's median box height: Thai letters of
# one word are mostly < 0.3 apart, word spaces ~0.6-0.9, table columns without rules
# > 3. SPACE_GAP measured on 5 generated scans (CER counting spaces): 0.45 6.6%,
# 0.55 5.7%, 0.6 5.9%, 0.75 6.9%.
SPACE_GAP = 0.55

# A "digit" box at most this share of the page's median word height is a dot.
DOT_MAX_HEIGHT = 0.3

DOT_MAX_WIDTH = 0.3  # (a Thai digit is ~0.7 as wide as the median box is high)

TAB_GAP = 3.0


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"

_JOINABLE_PUNCT = set(".,/-:%()")


def _joinable(ch: str) -> bool:
    return _is_thai(ch) or ch.isdigit() or ch in _JOINABLE_PUNCT


def _thai_letter(ch: str) -> bool:
    return _is_thai(ch) and not "๐" <= ch <= "๙"


def _letters_body(words: list[OcrWord]) -> tuple[float, float] | None:
    """A line's letter body (baseline row, letter height): the median bottom and height
    of its Thai-letter words; None without any."""
    ws = [w for w in words if w.height > 0 and w.text and all(_thai_letter(ch) for ch in w.text)]
    if not ws:
        return None
    return statistics.median(w.bottom for w in ws), statistics.median(w.height for w in ws)


# A blank in the ink narrower than this many line units is a letter's spacing, never a
# word space (Chromium's Thai: 4-5 px at 300 dpi; a word space 15-25 px, a real scan's
# specks and serifs narrowing it to 20)
NO_SPACE_INK = 0.33


def _no_space_in_ink(a: OcrWord, b: OcrWord, dark: np.ndarray, body: tuple[float, float],
                     unit: float) -> bool:
    """Two Thai letters whose boxes stand a word space apart, but whose ink has no such
    gap near them: Tesseract's letter boxes drift off their glyphs by half a letter
    (Chromium's Thai font: `แน` 1733-1781 and `น` 1800-1818 over ink 1748-1781 and
    1785-1818, read `คะแน น`). The blank columns of the line's letter body are looked
    for between the boxes and a letter height into each box (no further than the
    pair's own boxes); where the widest is a letter's spacing (NO_SPACE_INK of the
    line's unit), the letters are one word."""
    base, height = body
    h, w = dark.shape
    top, bottom = max(0, int(base - height)), min(h, int(base))
    lo = max(0, a.left, int(a.right - height))
    hi = min(w, b.right, int(b.left + height))
    if bottom <= top or hi - lo < 2:
        return False
    blank = ~dark[top:bottom, lo:hi].any(axis=0)
    longest = run = 0
    for v in blank.tolist():
        run = run + 1 if v else 0
        longest = max(longest, run)
    return longest < NO_SPACE_INK * unit


def _join_words(words: list[OcrWord], tabs: bool = True, dark: np.ndarray | None = None) -> str:
    """One line's words, left to right: Thai letters closer than a word space are
    joined, a word space is " ", a wide gap "\\t". Given the page's ink (`dark`), a
    space between two Thai letters stands only where the ink has one (`_no_space_in_ink`)."""
    words = sorted(words, key=lambda w: w.left)
    if not words:
        return ""
    unit = max(1.0, statistics.median(w.height for w in words))
    body = _letters_body(words) if dark is not None else None
    out = [words[0].text]
    right = words[0].right
    last = words[0]
    for w in words[1:]:
        gap = w.left - right
        prev = out[-1]
        if prev[-1] == "." and w.text[0] == "." and gap < TAB_GAP * unit:
            pass  # a dot leader
        elif tabs and gap >= TAB_GAP * unit:
            out.append("\t")
        elif gap >= SPACE_GAP * unit and not (
                body is not None and _thai_letter(prev[-1]) and _thai_letter(w.text[0])
                and _no_space_in_ink(last, w, dark, body, unit)):
            out.append(" ")
        elif not (_joinable(prev[-1]) and _joinable(w.text[0])) or (
            not _is_thai(prev[-1]) and not _is_thai(w.text[0]) and not (prev[-1].isdigit() or w.text[0].isdigit())
        ):
            out.append(" ")
        out.append(w.text)
        right = max(right, w.right)
        last = w
    return "".join(out)

# Memo labels are set in bold, where stock Tesseract drops upper marks and tone marks
# (DESIGN §2: เรื่อง -> เรือง). Where a line (or a cell) starts with such a label, the
# reading is unambiguous: put the marks back.
_LABELS = [
    (re.compile(r"(^|\t)บ\s?น\s?ท\s?ก\s?ข\s?อ\s?ค\s?ว\s?า\s?ม(?=\s*$)", re.M), "\\1บันทึกข้อความ"),
    # "ที่ สร ๐๑๒๓/๔๕๖" (the document number): ที่ read as ท, ที or UA
    (re.compile(r"^(?:ท|ที|UA)\s*(?=[ก-ฮ]{0,3}\.?\s*[๐-๙0-9][๐-๙0-9.]*/)", re.M), "ที่ "),
    (re.compile(r"(^|\t)ท(?= )", re.M), "\\1ที่"),
    (re.compile(r"วันท(?:ี(?![่-๋]))?\s*(?=[๐-๙0-9])"), "วันที่ "),
    (re.compile(r"(^|\t)เรือง(?=[ \tเ]|$)", re.M), "\\1เรื่อง"),
    # the bold วันที่ of the memo's number line read as Latin, a day and a month after it
    (re.compile(r"(^|\t)(?:TUN|Tun|JUN|Jun)(?=\s+[๐-๙0-9]{1,2}\s*[ก-ฮ])", re.M), "\\1วันที่"),
    # a speck a column's gap after a line's last word, read as a sign of its own
    # ("86.79 คะแนน\t,"): no cell; it made a sentence's rest a table row
    (re.compile(r"(?<=\S)\t[,.'`‘’]$", re.M), ""),
    # a score label with a tone mark from the line above (รวม read as ร่วม)
    (re.compile(r"คะแนนร่วม"), "คะแนนรวม"),
    # its ค lost (Tesseract gives the first letter of a cell no word on a 200-dpi
    # Chromium scan): no Thai word starts with ะ
    (re.compile(r"(^|[\t ])ะแนน(?=รวม|เฉลี่ย)", re.M), "\\1คะแนน"),
    # the พ of พ.ศ. re-read as the digit it resembles (the digit step's one look-alike
    # that stands in a fixed abbreviation)
    (re.compile(r"(?<![๐-๙0-9])๗\.\s?ศ\."), "พ.ศ."),
    # a tool's code in a serif font, after the form's name that says which it is:
    # "(IIT)" read as "(DT)" or "( ☑ 1)" (the serifs of II look like a box), or its
    # closing parenthesis lost and the opening one doubled ("((11 คะแนนรวม": not a score)
    (re.compile(r"(ส่วนเสียภายใน\s*)\((?!IIT\))[^()\t]{1,5}\)"), "\\1(IIT)"),
    (re.compile(r"(ส่วนเสียภายนอก\s*)\((?!EIT\))[^()\t]{1,5}\)"), "\\1(EIT)"),
    (re.compile(r"(ส่วนเสียภายใน\s*)\(\(?(?!IIT\))[^()\t ]{1,3}(?=[ \t])"), "\\1(IIT)"),
    (re.compile(r"(ส่วนเสียภายนอก\s*)\(\(?(?!EIT\))[^()\t ]{1,3}(?=[ \t])"), "\\1(EIT)"),
]


def repair_labels(text: str) -> str:
    for pattern, repl in _LABELS:
        text = pattern.sub(repl, text)
    return text

_DOT_MISREADS = frozenset("๐๑0oO.")


def _dot_leaders(words: list[OcrWord]) -> list[OcrWord]:
    """Tesseract reads the dots of a leader ("ความเห็น..........") as ๑ and ๐; a
    "digit" a fifth of the height of the page's letters is a dot."""
    if len(words) < 5:
        return words
    unit = statistics.median(w.height for w in words)
    return [
        dataclasses.replace(w, text="." * len(w.text))
        if set(w.text) <= _DOT_MISREADS
        and (w.height <= DOT_MAX_HEIGHT * unit or w.width <= DOT_MAX_WIDTH * unit * len(w.text))
        else w
        for w in words
    ]

_BORDER_JUNK = frozenset("|¦")

# Punctuation-only words below this confidence are scanner speckle, not text.
NOISE_BELOW_CONF = 60.0


def _is_noise(w: OcrWord) -> bool:
    text = w.text.strip()
    if all(ch in _BORDER_JUNK for ch in text):
        return True
    return w.conf < NOISE_BELOW_CONF and not any(ch.isalnum() or _is_thai(ch) for ch in text)


def _visual_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Group words into lines by Tesseract's line ids, then put lines that stand side by
    side at one height back into one line; lines ordered top to bottom.

    Tesseract reads the columns of an unruled table as separate blocks ("๖", then
    "คุณภาพการดำเนินงาน", then "๗๒.๘๘", each its own line): kept apart, a row's number,
    name and score come out as lines in no reliable order."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    lines: list[tuple[float, float, list[OcrWord]]] = []  # (body top, body bottom, words)
    for group in sorted(groups.values(), key=_middle):
        top, bottom = _body(group)
        home = None
        for k in range(len(lines) - 1, -1, -1):
            if lines[k][1] < top - (bottom - top):
                break  # lines come by their middles: the ones before stand higher still
            if _side_by_side((top, bottom, group), lines[k]):
                home = k
                break
        if home is None:
            lines.append((top, bottom, list(group)))
        else:
            other_top, other_bottom, other = lines[home]
            lines[home] = (min(top, other_top), max(bottom, other_bottom), other + group)
    out = [ws for _, _, ws in lines]
    out.sort(key=_middle)
    return out

# A line whose median word is at most this share of the page's usual word height, lying
# inside another line's height, is that line's marks read a second time.
MARKS_HEIGHT = 0.5


def _drop_mark_lines(lines: list[list[OcrWord]], height: float) -> list[list[OcrWord]]:
    """Lines that are only the upper marks of the line they sit in (Tesseract reads the
    tone marks and upper vowels of a widely spaced line again as a line of their own:
    `๓๙ O๙ 0 เ๕๑ vt a` above แบบวัดการรับรู้ของผู้มีส่วนได้…, whose own reading has them)."""
    if height <= 0 or len(lines) < 2:
        return lines
    spans = [(min(w.top for w in ln), max(w.bottom for w in ln),
              min(w.left for w in ln), max(w.right for w in ln)) for ln in lines]
    sizes = [statistics.median(w.height for w in ln) for ln in lines]
    keep = []
    for i, line in enumerate(lines):
        top, bottom, left, right = spans[i]
        small = sizes[i] <= MARKS_HEIGHT * height
        mid = (top + bottom) / 2
        # sizes compared by the span or by the median word (as _without_mark_lines): one
        # tall misread box can stretch the marks' span to half their line's
        inside = small and any(
            j != i and t < mid < b and l <= left + 0.1 * (right - left) and right - 0.1 * (right - left) <= r
            and ((b - t) > 2 * (bottom - top) or sizes[j] > 2 * sizes[i])
            for j, (t, b, l, r) in enumerate(spans))
        if not inside and not _marks_on_letters(
                line, [other for j, other in enumerate(lines) if j != i], height):
            keep.append(line)
    return keep


# The upper marks of a line, cut off it by Tesseract as a line of their own just above it
# (a large bold head: `e๙ «cg 97` over บันทึกข้อความ; a table row's first line:
# `ม ซับ ร่ a` over ตัวชี้วัดที่ ๘ …): its words end where the letters under them begin
# (within MARKS_TOUCH of the page's word height), it is read without confidence, and it
# holds few Thai consonants (in under MARKS_THAI_WORDS of its words: `e๑ ๗๗ ล 394`) or is
# sparse (its words cover under MARKS_SPARSE of its width). A line of text above another
# ends a line gap higher, is dense and has consonants in most of its words.
MARKS_TOUCH = 0.4
MARKS_BELOW_CONF = 80.0
MARKS_SPARSE = 0.15
MARKS_THAI_WORDS = 0.5
MARKS_SITTING = 0.8  # the share of its words that sit on a letter just below
_THAI_CONSONANT = re.compile(r"[ก-ฮ]")


def _marks_on_letters(line: list[OcrWord], others: list[list[OcrWord]], unit: float) -> bool:
    """Whether `line` is the upper marks of the letters just below it: its words end
    at the body top (median word top) of another line, over a Thai letter of it."""
    if not line or unit <= 0 or statistics.mean(w.conf for w in line) >= MARKS_BELOW_CONF:
        return False
    left, right = min(w.left for w in line), max(w.right for w in line)
    coverage = sum(w.width for w in line) / max(1, right - left)
    thai = sum(1 for w in line if _THAI_CONSONANT.search(w.text))
    if thai >= MARKS_THAI_WORDS * len(line) and coverage >= MARKS_SPARSE:
        return False
    reach, slack = MARKS_TOUCH * unit, 0.5 * unit
    below = [(statistics.median(v.top for v in other), [v for v in other if _THAI_CONSONANT.search(v.text)])
             for other in others if other]

    def sits(w: OcrWord) -> bool:
        x = w.left + w.width / 2
        return any(w.top < body_top and abs(body_top - w.bottom) <= reach
                   and any(v.left - slack <= x <= v.right + slack for v in letters)
                   for body_top, letters in below)

    return sum(map(sits, line)) >= MARKS_SITTING * len(line)


def _without_mark_lines(words: list[OcrWord]) -> list[OcrWord]:
    """The words less the lines that are only another line's upper marks read twice
    (_drop_mark_lines), before the table's cells take them: in a bold header row the
    digit step reads those marks as digits (`๐ O๙ ลำดับ`, `O๙ ๙ ๙๙ ตัวชี้วัด…`) and
    the header no longer names its columns. Tesseract's own lines, as it ran them across
    the row."""
    if len(words) < 2:
        return words
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    height = statistics.median(w.height for w in words)
    lines = list(groups.values())
    spans = [(min(w.top for w in ln), max(w.bottom for w in ln), min(w.left for w in ln),
              max(w.right for w in ln), statistics.median(w.height for w in ln)) for ln in lines]
    drop = set()
    for i, (top, bottom, left, right, size) in enumerate(spans):
        if size > MARKS_HEIGHT * height:
            continue
        mid, slack = (top + bottom) / 2, 0.1 * (right - left)
        # sizes compared by the span or by the median word: a crooked page's line of
        # marks spans as many rows as the line it belongs to
        if any(j != i and t < mid < b and lt <= left + slack and right - slack <= rt
               and (s > 2 * size or b - t > 2 * (bottom - top))
               for j, (t, b, lt, rt, s) in enumerate(spans)):
            drop.add(i)
    for i, line in enumerate(lines):
        if i not in drop and _marks_on_letters(
                line, [other for j, other in enumerate(lines) if j != i], height):
            drop.add(i)
    return [w for i, ln in enumerate(lines) if i not in drop for w in ln]


def _middle(words: list[OcrWord]) -> float:
    return statistics.median(w.top + w.height / 2 for w in words)


def _body(words: list[OcrWord]) -> tuple[float, float]:
    """A line's body: its median word's top and bottom (the marks above and below Thai
    letters make single boxes taller)."""
    return statistics.median(w.top for w in words), statistics.median(w.bottom for w in words)

# Two Tesseract lines are one visual line when their bodies share at least this part of
# the shorter one's height: neighbouring lines of prose share at most their marks.
SAME_LINE_OVERLAP = 0.6


def _side_by_side(a: tuple[float, float, list[OcrWord]], b: tuple[float, float, list[OcrWord]]) -> bool:
    """Whether two lines (body top, body bottom, words) stand at one height, one beside
    the other: no word of one above or below a word of the other."""
    (a_top, a_bottom, a_words), (b_top, b_bottom, b_words) = a, b
    shared = min(a_bottom, b_bottom) - max(a_top, b_top)
    if not shared >= SAME_LINE_OVERLAP * min(a_bottom - a_top, b_bottom - b_top) > 0:
        return False
    return not any(x.left < y.right and y.left < x.right for x in a_words for y in b_words)


def _cells(words: list[OcrWord], rules: Rules, tol: float) -> list[tuple | None]:
    """For each word, the (above, below, left, right) rules around it, or None outside
    a table. All words against all rules at once (numpy): a table page has ~700 words."""
    if not words:
        return []
    cx = np.array([w.left + w.width / 2 for w in words], dtype=float)
    cy = np.array([w.top + w.height / 2 for w in words], dtype=float)
    above, below = _nearest_each_side(rules.horizontal, cx, cy, tol, horizontal=True)
    left, right = _nearest_each_side(rules.vertical, cy, cx, tol, horizontal=False)
    h, v = rules.horizontal, rules.vertical
    return [
        (h[a], h[b], v[lt], v[rt]) if min(a, b, lt, rt) >= 0 else None
        for a, b, lt, rt in zip(above.tolist(), below.tolist(), left.tolist(), right.tolist())
    ]


def _nearest_each_side(rules, along: np.ndarray, point: np.ndarray, tol: float, horizontal: bool):
    """Of the rules whose span (within tol) covers `along`, the nearest before and after
    `point` across them, as indexes into `rules` (-1: none): the rules above and below
    each word (horizontal rules: x along, y across), or left and right of it (vertical
    rules). Ties go to the earlier rule."""
    n = len(along)
    if not rules:
        return np.full(n, -1), np.full(n, -1)
    # a rule as (start, end) along it and (at start, at end) across it: Rule.y_at, x_at
    ends = np.array([(r.x0, r.x1, r.y0, r.y1) if horizontal else (r.y0, r.y1, r.x0, r.x1)
                     for r in rules], dtype=float)
    lo, hi, p0, p1 = ends.T
    length = hi - lo
    t = np.clip((along[:, None] - lo) / np.where(length == 0, 1.0, length), 0.0, 1.0)
    at = np.where(length == 0, p0, p0 + t * (p1 - p0))
    covers = (lo - tol <= along[:, None]) & (along[:, None] <= hi + tol)
    before = np.where(covers & (at < point[:, None]), at, -np.inf)
    after = np.where(covers & (at > point[:, None]), at, np.inf)
    i_before, i_after = before.argmax(axis=1), after.argmin(axis=1)
    rows = np.arange(n)
    return (np.where(np.isfinite(before[rows, i_before]), i_before, -1),
            np.where(np.isfinite(after[rows, i_after]), i_after, -1))


def build_text(words: list[OcrWord], rules: Rules | None = None) -> str:
    """Page text from word boxes (pipeline/pages.py convention): free lines in reading
    order, and one tab row per row of a ruled table."""
    return "\n".join(text for text, _ in build_lines(words, rules))


# Tesseract puts a "%" into a clean decimal number now and then (`%88.43`, `8%1.02`);
# a percent sign stands after its number, never before or inside it
_STRAY_PERCENT = re.compile(r"^([0-9๐-๙]{0,2})%([0-9๐-๙]{1,3}[.,][0-9๐-๙]{1,2})$")


def _without_stray_percent(w: OcrWord) -> OcrWord:
    m = _STRAY_PERCENT.match(w.text)
    return dataclasses.replace(w, text=m[1] + m[2]) if m and len(m[1] + m[2]) <= 6 else w


def build_lines(words: list[OcrWord], rules: Rules | None = None,
                page_width: int | None = None, dark: np.ndarray | None = None) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The lines of `build_text`, each with its box in pixels (left, top, right, bottom):
    the words' ink for a free line, the rules around the row for a table row. Given the
    page's width, prose wrapped at the margin is joined into one line
    (readers/paragraphs.py); a table cell's wrapped lines always are. Given the page's
    ink (`dark`), word spaces between Thai letters are checked against it (_join_words)."""
    rules = rules or Rules((), ())
    tol = 8.0
    words = [_without_stray_percent(w) for w in words]
    if rules.horizontal and rules.vertical:
        words = _without_mark_lines(words)
    free: list[OcrWord] = []
    rows: dict[tuple[Rule, Rule], dict[Rule, list[OcrWord]]] = {}
    if rules.horizontal and rules.vertical:
        for w, cell in zip(words, _cells(words, rules, tol)):
            if cell is None:
                free.append(w)
            else:
                above, below, left, _ = cell
                rows.setdefault((above, below), {}).setdefault(left, []).append(w)
    else:
        free = list(words)

    rows = _merged_into_first_row(rows)
    table_rows: list[tuple[float, str, tuple[int, int, int, int]]] = []
    laid: list[tuple[Rule, Rule, float, list[Rule], list[list[OcrWord]]]] = []
    for (above, below), cells in rows.items():
        ymid = (above.y_at((above.x0 + above.x1) / 2) + below.y_at((below.x0 + below.x1) / 2)) / 2
        edges = _row_edges(above, ymid, rules, tol)
        columns: dict[Rule, list[OcrWord]] = {edge: [] for edge in edges[:-1]}
        for left, cell_words in cells.items():
            # a left rule that is no column edge of this row (its top rule was found in
            # pieces, one ending inside the row) puts its words in the column holding
            # it; with no such column they are read as free text, never dropped
            x = left.x_at(ymid)
            inside = len(edges) >= 2 and edges[0].x_at(ymid) - tol <= x < edges[-1].x_at(ymid) - tol
            home = max((e for e in columns if e.x_at(ymid) <= x + tol), key=lambda e: e.x_at(ymid),
                       default=None) if inside else None
            (columns[home] if home is not None else free).extend(cell_words)
        laid.append((above, below, ymid, edges, list(columns.values())))
    for above, below, ymid, edges, cells in _split_fused_years(laid):
        texts = [_cell_text(cell_words, dark) if cell_words else "" for cell_words in cells]
        if any(t.strip() for t in texts):
            box = (round(edges[0].x_at(ymid)), round(above.y_at(above.x0)),
                   round(edges[-1].x_at(ymid)), round(below.y_at(below.x0)))
            table_rows.append((ymid - 0.001, "\t".join(texts), box))

    placed: list[tuple[float, str, tuple[int, int, int, int]]] = []
    height = statistics.median(w.height for w in words) if words else 0.0
    free_lines = [(line, text) for line in _drop_mark_lines(_visual_lines(free), height)
                  if (text := _join_words(line, dark=dark)).strip()]
    pieces = [_text_line(line, text) for line, text in free_lines]
    starts = {piece.box[1]: _middle(line) for piece, (line, _) in zip(pieces, free_lines)}
    for piece in join_wrapped(pieces, page_width=page_width) if page_width else pieces:
        box = tuple(round(v) for v in piece.box)
        placed.append((starts.get(piece.box[1], (piece.box[1] + piece.box[3]) / 2), piece.text, box))
    placed += table_rows
    placed.sort(key=lambda item: item[0])
    return [(text, box) for _, text, box in placed]


def _free_spans(words: list[OcrWord], x0: float) -> list[tuple[float, float]]:
    """The gaps between a cell's word boxes across x, relative to the cell's left edge
    `x0` (only gaps with boxes on both sides)."""
    spans = sorted((w.left - x0, w.right - x0) for w in words)
    out, right = [], spans[0][1]
    for left, r in spans[1:]:
        if left > right:
            out.append((right, left))
        right = max(right, r)
    return out


def _side_text(words: list[OcrWord]) -> str:
    return "".join(w.text for w in sorted(words, key=lambda w: w.left))


def _fused_cut(rows: list[tuple[float, list[OcrWord]]]) -> float | None:
    """Where a column that holds two year columns is to be cut (relative to its left
    edge), or None: `rows` are the column's cells, (left edge x, words), header first
    among them somewhere. A cell that is two years side by side (`๒๕๖๔ ๒๕๖๕`: the rule
    between two year columns lost) gives the gap between them; every other cell of the
    column must leave a gap that overlaps it, and two cells or more words on both
    sides of it (two numbers side by side). Ambiguous (a word across every possible
    cut, no two-year cell, two such cells that disagree): None."""
    gap = None
    for x0, words in rows:
        spans = _free_spans(words, x0) if len(words) >= 2 else []
        years = [s for s in spans
                 if _BE_YEAR.fullmatch(_side_text([w for w in words if w.right - x0 <= s[0]]))
                 and _BE_YEAR.fullmatch(_side_text([w for w in words if w.left - x0 >= s[1]]))]
        if len(years) == 1:
            if gap is not None:
                return None
            gap = years[0]
    if gap is None:
        return None
    lo, hi = gap
    both = 0
    for x0, words in rows:
        if not words:
            continue
        ends = [(w.left - x0, w.right - x0) for w in words]
        if all(r <= lo or left >= hi for left, r in ends):
            both += any(r <= lo for _, r in ends) and any(left >= hi for left, _ in ends)
            continue
        fits = [s for s in _free_spans(words, x0) if s[0] < hi and s[1] > lo]
        if len(fits) != 1:
            return None  # a word across the gap (or two gaps in it): no cut
        lo, hi = max(lo, fits[0][0]), min(hi, fits[0][1])
        both += 1
    return (lo + hi) / 2 if both >= 3 else None  # the two years and two rows at least


def _split_fused_years(laid: list) -> list:
    """Table rows (above, below, ymid, edges, cells), with a column whose rule between
    two year columns the scan lost cut in two where its words leave a gap lined up down
    the table under the header's two years (`_fused_cut`); every row of that table (the
    rows with the same column edges) gets the extra cell, empty where it has no words
    there. A cell is cut only by its words' boxes; nothing is read again or made up."""
    tables: dict[tuple, list[int]] = {}
    for i, (_, _, _, edges, _) in enumerate(laid):
        tables.setdefault(tuple(edges), []).append(i)
    out = [list(row) for row in laid]
    for edges, members in tables.items():
        for k in reversed(range(len(edges) - 1)):
            column = [(edges[k].x_at(laid[i][2]), laid[i][4][k]) for i in members]
            cut = _fused_cut(column)
            if cut is None:
                continue
            for i, (x0, words) in zip(members, column):
                cells = out[i][4] = list(out[i][4])
                cells[k:k + 1] = [[w for w in words if (w.left + w.right) / 2 - x0 < cut],
                                  [w for w in words if (w.left + w.right) / 2 - x0 >= cut]]
    return [tuple(row) for row in out]


def _row_edges(above: Rule, ymid: float, rules: Rules, tol: float) -> list[Rule]:
    """The column edges of the table row below rule `above`, left to right: every
    vertical rule crossing the row inside the rule's width, and the table's own edges
    beyond it. Under a merged cell (a tool spanning its indicators) the rules between
    the rows start at the merged cell's right edge; the rules left of it still bound
    this row's columns (else its cells would shift one column left, under the wrong
    year's heading). A rule is the table's when one of its ends meets a horizontal
    rule that overlaps `above`."""

    def touches_table(v: Rule) -> bool:
        x = v.x_at(ymid)
        return any(h.x0 - tol <= x <= h.x1 + tol and min(h.x1, above.x1) > max(h.x0, above.x0)
                   and min(abs(h.y_at(x) - v.y0), abs(h.y_at(x) - v.y1)) <= tol
                   for h in rules.horizontal)

    crossing = [v for v in rules.vertical if v.y0 - tol <= ymid <= v.y1 + tol]
    edges = [v for v in crossing
             if above.x0 - tol <= v.x_at(ymid) <= above.x1 + tol or touches_table(v)]
    return sorted(edges, key=lambda r: r.x_at(ymid))


def _merged_into_first_row(rows: dict) -> dict:
    """Words of a merged cell (bounded by rules further apart than any row's: the
    tool's name beside its indicators) go to the first row it spans, as the text
    file writes them, not to a row of their own between the rows it spans."""
    out = dict(rows)
    for (above, below), cells in rows.items():
        inner = [key for key in rows if key[0] is above and key[1] is not below
                 and key[1].y0 + key[1].y1 < below.y0 + below.y1]
        if not inner:
            continue
        first = min(inner, key=lambda key: key[1].y0 + key[1].y1)
        target = out[first] = {k: list(v) for k, v in out[first].items()}
        for left, words in cells.items():
            target.setdefault(left, []).extend(words)
        del out[(above, below)]
    return out


def _cell_text(words: list[OcrWord], dark: np.ndarray | None = None) -> str:
    """A table cell's words: its lines, wrapped lines joined (readers/paragraphs.py)."""
    lines = [_join_words(ln, tabs=False, dark=dark) for ln in _cell_lines(words)]
    whole = _wrapped_number(lines) or _wrapped_code(lines)
    if whole is not None:
        return whole
    return " ".join(t.text for t in join_wrapped([_text_line(ln, text)
                                                  for ln, text in zip(_cell_lines(words), lines)]))

_LEADING_DIGITS = re.compile(r"[0-9๐-๙]{1,2}")

_SCORE_REST = re.compile(r"[0-9๐-๙]{1,2}\.[0-9๐-๙]{1,2}")


def _wrapped_number(lines: list[str]) -> str | None:
    """A number that a narrow cell wrapped (Word breaks `๖๖.๘๕` into `๖` over `๖.๘๕`
    after its first digits; a browser's grid breaks `๗๗.๔๒` into `๗๗.๔` over `๒`
    inside its decimals, and a year heading `๒๕๖๖` into `๒๕๖` over `๖`; Calc breaks a
    budget's `20,000` into `20,0` over `00`): the one number again, where the cell
    holds nothing else, both lines are digits of one script and together a score
    (0-100, one or two decimals), a year 25xx or an amount in groups of three; else
    None. Two whole numbers stacked in a cell make none of these. An amount's last group
    that OCR gave as two lines (`20,` over `00` and `0`: one digit off the others'
    baseline) is joined the same way, in reading order."""
    parts = [ln.strip() for ln in lines]
    if not 2 <= len(parts) <= 3 or not all(_NUMBER_PIECE.fullmatch(p) for p in parts):
        return None
    joined = "".join(parts)
    if joined[:1] in ".," and _GROUPED_AMOUNT.fullmatch(joined[1:]):
        joined = joined[1:]  # a speck before an amount's first digit (`.5,00` over `0`)
    if len(parts) == 3 and not _GROUPED_AMOUNT.fullmatch(joined):
        return None
    if _THAI_DIGIT.search(joined) and _LATIN_DIGIT.search(joined):
        return None
    if _GROUPED_AMOUNT.fullmatch(joined) or _BE_YEAR.fullmatch(joined) and "." not in joined:
        return joined
    if not _WRAPPED_SCORE.fullmatch(joined):
        return None
    value = float(joined.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    return joined if value <= 100 else None


def _wrapped_code(lines: list[str]) -> str | None:
    """A question code that a narrow cell wrapped after its first digit (a browser's
    grid breaks `O๑๐` into `O๑` over `๐`): the one code again, where the cell holds
    nothing else and both digits are of one script; else None."""
    parts = [ln.strip() for ln in lines]
    if len(parts) != 2 or not _CODE_HEAD.fullmatch(parts[0]) or not _ONE_DIGIT.fullmatch(parts[1]):
        return None
    if _THAI_DIGIT.search(parts[0]) and _LATIN_DIGIT.search(parts[1]) or _LATIN_DIGIT.search(parts[0]) and _THAI_DIGIT.search(parts[1]):
        return None
    return parts[0] + parts[1]

_CODE_HEAD = re.compile(r"[OIE][0-9๐-๙]")
_ONE_DIGIT = re.compile(r"[0-9๐-๙]")
_NUMBER_PIECE = re.compile(r"[0-9๐-๙.,]*[0-9๐-๙][0-9๐-๙.,]*")
_BE_YEAR = re.compile(r"[๒2][๕5][0-9๐-๙]{2}")  # a year heading (๒๕๖ over ๖)
_GROUPED_AMOUNT = re.compile(r"[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]{2})?")
_WRAPPED_SCORE = re.compile(r"[0-9๐-๙]{1,3}\.[0-9๐-๙]{1,2}")
_THAI_DIGIT = re.compile(r"[๐-๙]")
_LATIN_DIGIT = re.compile(r"[0-9]")

# An OCR line's letters (a Thai consonant's box) are about this share of the type size.
LETTER_TO_EM = 0.6

# A gap this wide (em, as estimated from the letters) between a line's words is a tab
# stop or a column, not a space: measured on the committed noisy scans, word spaces
# 0.3-0.6, a tool's name and its score 1.25-1.6.
COLUMN_GAP_EM = 1.1


def _text_line(words: list[OcrWord], text: str) -> TextLine:
    """A line of words for readers/paragraphs.join_wrapped: its ink box, its type size
    (from its letters' height), and whether a tab (a wide gap) cuts it into columns."""
    box = (min(w.left for w in words), min(w.top for w in words),
           max(w.right for w in words), max(w.bottom for w in words))
    em = statistics.median(w.height for w in words) / LETTER_TO_EM
    columns = "\t" in text
    right = None
    for w in sorted(words, key=lambda w: w.left):
        if right is not None and w.left - right > COLUMN_GAP_EM * em:
            columns = True  # a name and its score set apart by a tab stop
        right = w.right if right is None else max(right, w.right)
    return TextLine(text, box, em, columns)


def _cell_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Lines of one table cell: Tesseract's line ids (its lines may run across cells,
    never across a cell's own lines), lines at the same height merged, ordered by
    their base line (the bottoms of Thai boxes; upper marks only make boxes taller)."""
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    lines = sorted(groups.values(), key=lambda ln: statistics.median(x.bottom for x in ln))
    merged: list[list[OcrWord]] = []
    for ln in lines:
        if merged:
            prev = merged[-1]
            unit = statistics.median(x.height for x in prev + ln)
            if abs(statistics.median(x.bottom for x in ln) - statistics.median(x.bottom for x in prev)) < 0.3 * unit:
                prev.extend(ln)
                continue
        merged.append(list(ln))
    return merged

# A word's box this far (px) over a vertical rule, with its ink on the other side, is
# placed by its ink.
RULE_OVERLAP = 2

# Less ink than this in a word's box is none: a letter fills 10-30% of its box; a box
# that drifted onto blank paper holds at most a speck (1 px of an erased rule's remnant
# beside a 200-dpi cell's first letter, 6 px of noise).
MIN_INK_PX = 8

MIN_INK_SHARE = 0.01


def _beside_its_ink(i: int, words: list[OcrWord], inks: list) -> int | None:
    """Of an inkless word's neighbours on its Tesseract line, the one whose ink is
    nearer (the box drifted into the gap on either side); None where neither is near
    (within a line height)."""
    word = words[i]
    line = (word.block, word.par, word.line)
    best = None
    for j in (i - 1, i + 1):
        if not 0 <= j < len(words) or inks[j] is None or (words[j].block, words[j].par, words[j].line) != line:
            continue
        dist = word.left - inks[j][1] if j < i else inks[j][0] - word.right
        if dist <= word.height and (best is None or dist < best[0]):
            best = (dist, j)
    if best is None:
        return None
    return best[1]


def place_by_ink(words: list[OcrWord], rules: Rules, dark: np.ndarray) -> list[OcrWord]:
    """Words of ruled tables placed where their ink is. Tesseract reads a table's row
    across its cells as one line, and the letter after a column gap often gets a box
    in the gap, left of the rule, with the ink in the next letter's box (`ค` 458-493
    over blank paper, `ู` 501-521 over the ค; the rule at 479): by its box the cell's
    first letter lands in the cell before it (`O๘ค | มือ…`, `… ส | ำนักปลัด`). A word
    whose box holds no ink is put at the ink of a neighbour on its Tesseract line (the
    letter it was read from); one whose box crosses a vertical rule is narrowed to its ink
    where the ink is on one side of the rule (a cell's last letter drifts right into
    the gap the same way, so an inkless word goes to the nearer neighbour). A consonant
    whose box crosses a rule before a word that opens with a following vowel or mark
    goes with that word: a spreadsheet prints its cells against the rules, and no cell
    opens with ั. `dark`: the page's ink (True), the image the words were read from."""
    if not rules.vertical or not words:
        return words
    h, w = dark.shape
    inks = []
    for word in words:
        box = dark[max(0, word.top):min(h, word.bottom), max(0, word.left):min(w, word.right)]
        if box.sum() < max(MIN_INK_PX, MIN_INK_SHARE * box.size):
            inks.append(None)  # blank, or a speck (a rule's remnant, scanner dust)
            continue
        cols = np.flatnonzero(box.sum(axis=0) >= 2)
        cols = cols if len(cols) else np.flatnonzero(box.any(axis=0))
        inks.append((max(0, word.left) + int(cols[0]), max(0, word.left) + int(cols[-1]) + 1))
    cells = _cells(words, rules, 8.0)
    out = list(words)
    after: dict[int, OcrWord] = {}  # the second half of a word cut at a rule (split_at_rule)
    for i, (word, ink, cell) in enumerate(zip(words, inks, cells)):
        if cell is None or not word.text.strip() or word.conf < 0:
            continue  # (conf -1: a checkbox, erased from the page, placed where it was)
        if ink is None and word.conf < INKLESS_JUNK_CONF:
            out[i] = dataclasses.replace(word, text="")  # read from blank paper: no letter
            continue
        if ink is None:
            j = _beside_its_ink(i, words, inks)
            if j is not None:
                # one pixel at the end of the word before, or at the start of the word
                # after (narrowed to its ink, so that it is read after this one)
                at = inks[j][1] - 1 if j < i else inks[j][0]
                out[i] = dataclasses.replace(word, left=at, width=1)
                if j > i and out[j].left != inks[j][0]:
                    out[j] = dataclasses.replace(out[j], left=inks[j][0], width=inks[j][1] - inks[j][0])
            continue
        cy = word.top + word.height / 2
        for rule in rules.vertical:
            if not rule.y0 - 8 <= cy <= rule.y1 + 8:
                continue
            x = rule.x_at(cy)
            if not word.left + RULE_OVERLAP < x < word.right - RULE_OVERLAP:
                continue
            if i + 1 < len(words) and inks[i + 1] is not None and inks[i + 1][0] >= x \
                    and words[i + 1].text[:1] in _FOLLOWING and _same_line(words[i], words[i + 1]):
                # the word after it, past the rule, starts with a vowel or mark that follows
                # a consonant and opens no cell: this word is its consonant, whatever ink
                # of the cell before its box holds (`๑` `ต` `ั`: the ต opens the cell)
                out[i] = dataclasses.replace(word, left=inks[i + 1][0], width=1)
                out[i + 1] = dataclasses.replace(out[i + 1], left=inks[i + 1][0] + 1,
                                                 width=max(1, inks[i + 1][1] - inks[i + 1][0] - 1))
                break
            if ink[0] >= x or ink[1] <= x:
                out[i] = dataclasses.replace(word, left=ink[0], width=ink[1] - ink[0])
                break
            if (halves := split_at_rule(word, x, ink)) is not None:
                out[i], after[i] = halves
                break
    return [v for i, w in enumerate(out) for v in (w, after.get(i)) if v is not None and v.text]


# a number and a Latin word with nothing between ("89.87A"): a score printed against a
# rule and the next cell's level printed against its other side, read as one word
_NUMBER_THEN_WORD = re.compile(r"([0-9๐-๙][0-9๐-๙.,]*)([A-Za-z][A-Za-z+\-]*)")


def split_at_rule(word: OcrWord, x: float, ink: tuple[int, int]) -> tuple[OcrWord, OcrWord] | None:
    """A word whose ink lies on both sides of a vertical rule at `x` and whose text is a
    number then a Latin word, cut at the rule into the two cells' words; else None
    (a Thai word's letters cannot be told apart by script)."""
    m = _NUMBER_THEN_WORD.fullmatch(word.text.strip())
    if m is None or not ink[0] < x < ink[1]:
        return None
    cut = int(round(x))
    left = dataclasses.replace(word, text=m.group(1), left=ink[0], width=max(1, cut - ink[0]))
    right = dataclasses.replace(word, text=m.group(2), left=cut + 1, width=max(1, ink[1] - cut - 1))
    return left, right


# A word in a table whose box holds no ink and that Tesseract read unsure is made of
# nothing (`ไ ]` before ๒๕๖๔ in a header cell, over blank paper); a sure one drifted off
# its letter (above) and is kept
INKLESS_JUNK_CONF = 70.0

# Thai vowels and marks that follow their consonant: no word or cell starts with one
_FOLLOWING = set("ะัาำิีึืฺุู็่้๊๋์ํ")


def _same_line(a: OcrWord, b: OcrWord) -> bool:
    return (a.block, a.par, a.line) == (b.block, b.par, b.line)


# a score wrapped in a borderless table's narrow cell: how far below its first piece
# (in that piece's heights, from its foot) the rest may start, how far the rest's left
# edge may stray from the first piece's, and how close (in heights) another word may
# stand beside either piece before it is a line of text, not a cell of its own
WRAP_BELOW = 3.0
WRAP_ALIGN = 0.5
WRAP_ALONE = 1.0


def join_free_wrapped_scores(words: list[OcrWord], rules: Rules | None = None) -> list[OcrWord]:
    """A score that a narrow cell of a borderless table wrapped after its first digits
    (Word: `๗` over `๖.๘๘` for ๗๖.๘๘ in a memo's unruled score table; a ruled cell's
    are joined by `_cell_text`): the first piece one or two digits, the rest digits, a
    point and decimals, each a cell of its own (no word within a height beside it), the
    rest the next ink under the first piece and starting at its left edge, and the two
    together one score (`_wrapped_number`: one script, 0-100). The first word then
    holds the whole number and the rest's word is emptied; anything else is kept as read."""
    rules = rules or Rules((), ())
    inside = (_cells(words, rules, 8.0) if rules.horizontal and rules.vertical
              else [None] * len(words))
    free = [i for i, w in enumerate(words) if inside[i] is None and w.text.strip() and w.height > 0]
    out = list(words)

    def alone(w: OcrWord) -> bool:
        for j in free:
            v = words[j]
            if v is w or v.bottom <= w.top or v.top >= w.bottom:
                continue
            if v.right > w.left - WRAP_ALONE * w.height and v.left < w.right + WRAP_ALONE * w.height:
                return False
        return True

    used: set[int] = set()
    for i in free:
        head = words[i]
        if i in used or not _LEADING_DIGITS.fullmatch(head.text.strip()) or not alone(head):
            continue
        below = [j for j in free if words[j].top >= head.bottom
                 and words[j].top - head.bottom <= WRAP_BELOW * head.height
                 and words[j].left < max(head.right, head.left + WRAP_ALIGN * head.height)
                 and words[j].right > head.left]
        if not below:
            continue
        j = min(below, key=lambda k: words[k].top)
        rest = words[j]
        if (j in used or abs(rest.left - head.left) > WRAP_ALIGN * head.height
                or not _SCORE_REST.fullmatch(rest.text.strip()) or not alone(rest)):
            continue
        whole = _wrapped_number([head.text, rest.text])
        if whole is None or "." not in whole:
            continue
        out[i] = dataclasses.replace(head, text=whole, width=max(head.right, rest.right) - head.left)
        out[j] = dataclasses.replace(rest, text="")
        used.update((i, j))
    return out
