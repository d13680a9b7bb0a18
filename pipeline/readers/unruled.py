"""Tables drawn without rules (Word's plain table, cells aligned by tab stops), found
from geometry: the columns are the vertical strips of white that every line of a block
leaves free, the rows start at the lines whose first column holds a row number or a
question code.

A reader hands `find_blocks` its lines outside ruled tables (top to bottom), each as the
x-extents of its glyphs or words and its type size; it gets back the blocks that are
tables, each with its columns' edges and its rows (lists of line indexes). It builds the
cells' text itself (pdf.py from its chars; OCR does not use it yet, see find_blocks).

Only blocks of at least MIN_COLUMNS columns are taken: a measures table has 5-9; a
two- or three-column list of names and scores is read well as lines already.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

MIN_COLUMNS = 4
BRIDGE_LINES = 6
MIN_LINES = 3
# A white strip between columns is at least this wide (em): cell padding on both
# sides; word spaces inside a cell are narrower (0.2-0.35 em) and never line up.
MIN_GUTTER_EM = 0.35
# A row starts at a line whose anchor cell is, or starts with, a row number or a code
# ("1", "12.", "(3)", "I1", "ข้อ O42", "I4 บุคลากร…"; on a scan "4 บุคลากร…" where OCR
# lost the I, or the row-number column altogether), never a numbered sub-item ("2. …").
_ANCHOR = re.compile(
    r"^\s*(?:ข้อ\s*)?(?:\(?[0-9๐-๙]{1,3}[.)]?\s*$|[0-9๐-๙]{1,3}\s|"
    r"[IEOieo]\s?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙])?(?:\s|$))"
)


# A numbered list laid out in columns ("1. การป้องกันการทุจริต | ได้รับคะแนน | 97.50 | คะแนน",
# a ranked list of indicators): its items "N. …" anchor the rows when their numbers run
# on one by one down the block (a cell's numbered sub-items start again at 1 every row).
_NUMBERED_ITEM = re.compile(r"^\s*\(?([0-9๐-๙]{1,3})[.)]\s*\S")
MIN_NUMBERED_ROWS = 3


@dataclass(frozen=True)
class Block:
    start: int  # first line index
    end: int  # last line index (inclusive)
    edges: tuple[float, ...]  # column boundaries (x) between columns, left to right
    rows: tuple[tuple[int, ...], ...]  # line indexes of each row (the header first)
    anchor: int  # the column holding row numbers / codes
    numbered: bool = False  # rows anchored by a numbered list's items ("1. …")
    by_pitch: bool = False  # rows told apart by spacing: nothing marks a row on the next page


def column_of(x: float, edges: tuple[float, ...]) -> int:
    return sum(1 for e in edges if x >= e)


def fits(spans: list[tuple[float, float]], edges: tuple[float, ...]) -> bool:
    """No glyph of the line lies across a column edge: it can be a line of that table."""
    return bool(spans) and not any(x0 < e < x1 for x0, x1 in spans for e in edges)


# Beside a first column of text, the second holds a row's code ("I1", "ข้อ 12"), not a
# bare number: "แบบวัด…(EIT) ส่วนที่ | 1 | คะแนนรวม 78.83" is a part's number, and
# lines of a tab-stop list anchored so swallow the list's other lines and the prose below.
_CODE_ANCHOR = re.compile(r"^\s*(?:ข้อ\s*[0-9๐-๙]|[IEOieo]\s?[0-9๐-๙])")


def is_anchor(cells: list[str], anchor: int, numbered: bool = False) -> bool:
    if anchor >= len(cells):
        return False
    cell = cells[anchor] or ""
    if anchor > 0 and not _CODE_ANCHOR.match(cell):
        return False
    return bool(_ANCHOR.match(cell or "x") or numbered and _NUMBERED_ITEM.match(cell))


def _item_no(cell: str) -> int | None:
    m = _NUMBERED_ITEM.match(cell or "")
    if m is None:
        return None
    digits = m.group(1).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return int(digits)


def _numbered_hits(cells: list[list[str]]) -> list[int]:
    """Lines whose first cell is a numbered list's next item, when the items run on one
    by one (n, n+1, …) over at least MIN_NUMBERED_ROWS lines; else none."""
    hits = [(k, n) for k, c in enumerate(cells) if c and (n := _item_no(c[0])) is not None]
    numbers = [n for _, n in hits]
    if len(hits) < MIN_NUMBERED_ROWS or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return []
    return [k for k, _ in hits]


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _gutters(spans: list[list[tuple[float, float]]], min_width: float, bridge: bool = False) -> list[float]:
    """Middles of the white strips, inside the block's extent, that (almost) no line
    covers: on a block of BRIDGE_LINES lines or more, one line in BRIDGE_LINES may
    cross a strip (a scan's word box spanning two cells, a speck)."""
    lines = [_merged(line) for line in spans if line]
    if not lines:
        return []
    tolerance = len(lines) // BRIDGE_LINES if bridge else 0
    events = sorted([(x0, 1) for line in lines for x0, _ in line] + [(x1, -1) for line in lines for _, x1 in line])
    lo, hi = events[0][0], events[-1][0]
    out, depth, free_from = [], 0, None
    for x, step in events:
        depth += step
        if depth <= tolerance and free_from is None:
            free_from = x
        elif depth > tolerance and free_from is not None:
            if x - free_from >= min_width and lo < free_from and x < hi:
                out.append((free_from + x) / 2)
            free_from = None
    return out


def find_blocks(lines: list[tuple[list[tuple[float, float]], float]],
                cell_text=None, bridge: bool = False, min_columns: int = MIN_COLUMNS) -> list[Block]:
    """Blocks of consecutive lines laid out in MIN_COLUMNS or more columns.

    `lines`: for each line its glyph (or word) x-extents and its type size (and, where
    the reader knows it, its top: rows told apart by their spacing). `cell_text`
    (line index, column edges) -> list of the line's cell texts, used to find the anchors.
    `bridge`: word boxes of a scan, where a strip may be crossed by one line in
    BRIDGE_LINES (a PDF's glyphs are exact: none may). Not used by ocr.py yet: on the
    committed noisy scans it cost indicator rows (0.97 -> 0.93) for one unruled fixture's
    first page."""
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        best = None
        for j in range(i + 1, n):
            size = statistics.median(lines[k][1] for k in range(i, j + 1))
            edges = _gutters([lines[k][0] for k in range(i, j + 1)], MIN_GUTTER_EM * size, bridge)
            if len(edges) + 1 < min_columns:
                break
            best = (j, tuple(edges))
        if best is None or best[0] - i + 1 < MIN_LINES:
            i += 1
            continue
        j, edges = best
        size = statistics.median(lines[k][1] for k in range(i, j + 1))
        if len(_gutters([lines[k][0] for k in range(i + 1, j + 1)], MIN_GUTTER_EM * size, bridge)) > len(edges):
            i += 1  # line i crosses a column of the lines below: a line above the table
            continue
        block = _rows(i, j, edges, cell_text)
        if block is None:
            block = _rows_by_pitch(i, j, edges, lines)
        if block is not None and _body_columns(block, lines) + 1 < min_columns:
            block = None
        if block is None:
            i += 1
            continue
        block = _without_other_type(block, [line[1] for line in lines])
        block = _without_lines_after_a_gap(block, lines)
        blocks.append(block)
        i = block.end + 1
    return blocks


def _body_columns(block: Block, lines) -> int:
    """How many of the block's columns its rows under the header write in. A table's
    rows fill its columns but one at most (a remarks column left empty); a running head
    ("รายงาน… - 2 - | พ.ศ. | ๒๕๖๗") over a ranked list ("๒. | การป้องกัน… ได้รับคะแนน
    ๙๗.๕๐ คะแนน") makes columns only the head writes in: the list is lines, not a table."""
    body = block.rows if block.numbered or len(block.rows) < 2 else block.rows[1:]
    writers: dict[int, int] = {}
    for row in body:
        for col in {column_of((x0 + x1) / 2, block.edges) for k in row for x0, x1 in lines[k][0]}:
            writers[col] = writers.get(col, 0) + 1
    # among three rows or more, a column only one row writes in is no column: the longest
    # list item's last word ("๗๗.๓๕ | คะแนน"), past a word space as wide as a gutter
    least = 2 if len(body) >= 3 else 1
    return sum(1 for n in writers.values() if n >= least)


# A line whose type size differs from the table's by more than this share is not one
# of its cells' lines: the paragraph under a list set in the sheet's smaller table type
# ("จึงเรียนมาเพื่อโปรดทราบ" under a ranked list) fits its first column all the same.
OTHER_SIZE = 0.15


def _without_other_type(block: Block, sizes: list[float]) -> Block:
    """The block without the lines of another type size than its rows at its ends: its
    last row ends before the first such line after that row's first line (the lines
    after it are left to be read as lines), and its first row starts after the last such
    line that lines of the block's size follow in it (a heading between the lines above
    a table and its header: "ผลคะแนนรายตัวชี้วัด ปี ๒๕๖๘" over "ลำดับที่ | รายละเอียด…")."""
    size = statistics.median(sizes[k] for row in block.rows for k in row)
    other = [abs(s - size) > OTHER_SIZE * size for s in sizes]
    rows = list(block.rows)
    start, end = block.start, block.end
    first = rows[0]
    heads = [n for n, k in enumerate(first[:-1]) if other[k] and not other[first[-1]]]
    if heads and len(rows) > 1:
        rows[0] = first[heads[-1] + 1:]
        start = rows[0][0]
    last = rows[-1]
    cut = next((k for k in last[1:] if other[k]), None)
    if cut is not None:
        rows[-1] = tuple(k for k in last if k < cut)
        end = cut - 1
    if (start, end) == (block.start, block.end):
        return block
    return Block(start, end, block.edges, tuple(rows), block.anchor, block.numbered, block.by_pitch)


# A cell's wrapped lines follow at the table's line pitch: a line after a gap this much
# of the type size wider than any gap between the block's lines above its last row is
# not in that row.
GAP_SLACK_EM = 0.3


def _without_lines_after_a_gap(block: Block, lines) -> Block:
    """The block without what follows its last row after a wider gap than any above it:
    the closing paragraph and the signature under a ranked list in Word's plain table
    ("จึงเรียนมาเพื่อโปรดทราบ", "(นางสาว…)"), set in the table's own type and within its
    columns, are lines of the page, not the last item's cells. Only where the reader
    knows the lines' tops, and with three rows or more to measure the pitch by."""
    last = block.rows[-1]
    if len(block.rows) < 3 or len(last) < 2 or any(len(lines[k]) < 3 for k in range(block.start, block.end + 1)):
        return block
    above = range(block.start, last[0] + 1)
    gaps = [lines[b][2] - lines[a][2] for a, b in zip(above, above[1:])]
    if len(gaps) < 2:
        return block
    widest = max(gaps) + GAP_SLACK_EM * statistics.median(lines[k][1] for k in above)
    cut = next((k for k in last[1:] if lines[k][2] - lines[k - 1][2] > widest), None)
    if cut is None:
        return block
    rows = (*block.rows[:-1], tuple(k for k in last if k < cut))
    return Block(block.start, cut - 1, block.edges, rows, block.anchor, block.numbered, block.by_pitch)


# Cells' wrapped lines follow at the line pitch; a row's cell padding puts more space
# before the next row's first line: this much of the type size more than the block's
# tightest pitch starts a new row.
ROW_GAP_EM = 0.2
# A cell's next line follows within this many type sizes (Thai fonts' line heights run
# to about 2 em: Garuda's is 1.9).
MAX_PITCH_EM = 2.5


def _rows_by_pitch(i: int, j: int, edges: tuple[float, ...], lines) -> Block | None:
    """The rows of lines i..j told apart by spacing, for a table without row numbers or
    codes whose cells wrap (a CSS flex/grid table without rules, Chromium: "แบบวัด…ส่วนเสีย
    | คะแนนรวม | ๘๔.๔ | คะแน" over "ภายใน (IIT) | ๒ | น"): the lines are of one type size,
    the gaps between them of two kinds only, each alike (a cell's next line at the line
    pitch; the next row's first line ROW_GAP_EM further, its cells' padding; three rows
    or more), and a new row starts at each wide gap. Anything less regular (a spreadsheet's rows, each as
    tall as someone dragged it) says nothing about where rows end."""
    if any(len(lines[k]) < 3 for k in range(i, j + 1)):
        return None
    sizes = [lines[k][1] for k in range(i, j + 1)]
    size = statistics.median(sizes)
    if any(abs(s - size) > OTHER_SIZE * size for s in sizes):
        return None
    tops = [lines[k][2] for k in range(i, j + 1)]
    gaps = [b - a for a, b in zip(tops, tops[1:])]
    tight = min(gaps)
    alike = 0.1 * size
    wide = [g for g in gaps if g > tight + alike]
    if (len(wide) < 2 or tight > MAX_PITCH_EM * size or min(wide) < tight + ROW_GAP_EM * size
            or max(wide) - min(wide) > alike):
        return None
    starts = [0] + [k + 1 for k, g in enumerate(gaps) if g > tight + alike]
    if not _aligned([lines[i + k][0] for k in starts], edges, 0.15 * size):
        return None
    bounds = starts + [len(tops)]
    rows = tuple(tuple(range(i + a, i + b)) for a, b in zip(bounds, bounds[1:]))
    return Block(i, j, edges, rows, 0, by_pitch=True)


def _aligned(firsts: list[list[tuple[float, float]]], edges: tuple[float, ...], tolerance: float) -> bool:
    """Every row's first line fills half its columns or more, and each column's text
    starts, ends or centres at one x in all of them, as a table's cells do (left, right
    or centre aligned); a justified paragraph's words, whose wide spaces can leave
    white strips, do not."""
    for spans in firsts:  # a row's first line fills most of its columns
        if 2 * len({column_of((x0 + x1) / 2, edges) for x0, x1 in spans}) < len(edges) + 1:
            return False
    for col in range(len(edges) + 1):
        extents = []
        for spans in firsts:
            inside = [(x0, x1) for x0, x1 in spans if column_of((x0 + x1) / 2, edges) == col]
            if inside:
                extents.append((min(a for a, _ in inside), max(b for _, b in inside)))
        if len(extents) < 2:
            continue
        lefts, rights = [a for a, _ in extents], [b for _, b in extents]
        centres = [(a + b) / 2 for a, b in extents]
        if all(max(xs) - min(xs) > tolerance for xs in (lefts, rights, centres)):
            return False
    return True


def _rows(i: int, j: int, edges: tuple[float, ...], cell_text) -> Block | None:
    """The rows of lines i..j: an anchor column among the first two holding row numbers
    or codes on at least two lines; every anchored line starts a row, the lines before
    the first one are one row (the header, or the rest of a row from the page before)."""
    cells = [cell_text(k, edges) for k in range(i, j + 1)]
    numbered = False
    for anchor in (0, 1):
        # a number or code alone on its line, every other cell empty, starts no row: it
        # is the tail a narrow cell wrapped ("…(EIT) ส่วนที่" over "๑"); a row's first
        # line holds its cells' first lines (they are aligned to the top)
        hits = [k for k, c in enumerate(cells)
                if is_anchor(c, anchor) and any(x.strip() for n, x in enumerate(c) if n != anchor)]
        if len(hits) >= 2:
            break
    else:
        anchor, hits, numbered = 0, _numbered_hits(cells), True
        if not hits:
            return None
    if numbered:  # a list has no header: the lines above its first item are not in it
        i, cells, hits = i + hits[0], cells[hits[0]:], [k - hits[0] for k in hits]
    rows: list[list[int]] = []
    for k in range(len(cells)):
        if k in hits or not rows:
            rows.append([])
        rows[-1].append(i + k)
    return Block(i, j, edges, tuple(tuple(r) for r in rows), anchor, numbered)
