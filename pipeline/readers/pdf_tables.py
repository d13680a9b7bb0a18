"""A PDF page's tables as tab rows (pipeline.pages convention): ruled tables found by pdfplumber
from the page's rules alone, rows left open at the page's foot, cells' text in typing order,
and unruled tables aligned by spaces (pipeline/readers/unruled.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from normalizers.thai import wrap_splits_word
from pipeline.readers import table_rules, unruled
from pipeline.readers.pdf_lines import (
    LINE_TOLERANCE_EM, Line, chars_box, is_mark, clean_line, join_wrapped_lines, line_groups, line_text,
    lines_of,
)


def find_tables(page, rules: list) -> list:
    """pdfplumber's ruled tables (lines strategy), which it finds from the page's rules
    alone: none on a page that draws none, and otherwise found with only the rules
    turned into pdfplumber's objects (its own process_object), not every glyph. They
    are put in the page's object cache (`_objects`, what `page.objects` returns once
    read); the reader reads glyphs from layout_objects, never from the cache."""
    if not rules:
        return []
    objects: dict[str, list] = {}
    for obj in rules:
        attrs = page.process_object(obj)
        objects.setdefault(attrs["object_type"], []).append(attrs)
    page._objects = objects
    return page.find_tables(_table_settings(page))

# A row cut by the page's foot (or head) in a browser's PDF has its cells' side rules
# but no rule closing it there: at least this many vertical rules end at one height
# where no horizontal rule runs (a table of two columns has three).
OPEN_ROW_MIN_RULES = 3


def _table_settings(page) -> dict | None:
    """pdfplumber's table settings for the page: a closing rule added where a table's
    row runs off the foot of the page or comes in at its head without one (Chromium
    draws a split row's cells open there; LibreOffice closes them). Without it the
    row's cells are not cells and its text is read as loose lines."""
    try:
        edges = page.edges
    except Exception:
        return None
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    ruled = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 3]
    ends: dict[int, list[float]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append(e["x0"])
    lines = []
    for y, xs in sorted(ends.items()):
        xs = sorted(set(round(x) for x in xs))
        if len(xs) < OPEN_ROW_MIN_RULES:
            continue
        x0, x1 = xs[0], xs[-1]
        covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in ruled
                      if abs(h["top"] - y) <= 1.5 and h["x1"] > x0 and h["x0"] < x1)
        if covered < 0.5 * (x1 - x0):
            lines.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                          "orientation": "h", "object_type": "line"})
    # a short cell's open border (Chromium's grid), a merged column's open top (Calc)
    add_v, add_h = table_rules.closing_rules(edges)
    lines += add_h + table_rules.open_table_edges(edges)
    settings = {"explicit_horizontal_lines": lines} if lines else {}
    if add_v:
        settings["explicit_vertical_lines"] = add_v
    return settings or None


def is_real_table(table) -> bool:
    """A frame around a paragraph (one cell per row) is a box, not a table."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


def table_rows(table, chars: Sequence[dict]) -> tuple[list[tuple[float, str, tuple]], set[int]]:
    """Tab rows for a ruled table: each cell read like a small page (stream order,
    its own lines joined with spaces). Returns (top, row, row box) and the indexes of
    the chars used, so they are not read again as ordinary lines."""
    # (pdfplumber computes a table's and a row's bbox anew at every access)
    table_bbox = table.bbox
    tx0, ttop, tx1, tbottom = table_bbox
    # a char is in a box (the table's, a row's, a cell's) when its middle is, edges
    # included: each char's middle (x, y) once for all the table's tests
    middle = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars]
    candidates = [i for i, (cx, cy) in enumerate(middle) if tx0 <= cx <= tx1 and ttop <= cy <= tbottom]
    candidates = _without_lines_across(candidates, chars, table_bbox)
    used: set[int] = set(candidates)
    # the candidates by the height of their middles, so that a row's are found by
    # bisection (testing every candidate for every row was half of the tables' time)
    by_middle = sorted((middle[i][1], i) for i in candidates)
    middles = [m for m, _ in by_middle]
    rows = []
    for row in table.rows:
        cells = []
        # a cell lies within its row: look for its glyphs among the row's only
        row_bbox = row.bbox
        x0, top, x1, bottom = row_bbox
        band = by_middle[bisect.bisect_left(middles, top):bisect.bisect_right(middles, bottom)]
        in_row = [(middle[i], chars[i]) for i in sorted(i for _, i in band) if x0 <= middle[i][0] <= x1]
        for bbox in row.cells:
            if bbox is None:  # covered by a merged cell
                cells.append("")
                continue
            cx0, ctop, cx1, cbottom = bbox
            cell_chars = [c for (cx, cy), c in in_row if cx0 <= cx <= cx1 and ctop <= cy <= cbottom]
            cells.append(_cell_text(_cell_lines(cell_chars)))
        if any(cell.strip() for cell in cells):
            rows.append((row_bbox[1], "\t".join(cells), tuple(row_bbox)))
    return rows, used


def _cell_lines(chars: Sequence[dict]) -> list[Line]:
    """join_wrapped_lines(build_lines(chars)) as _cell_text reads it: a cell of one line
    (most are) needs only that line's text, not its box, size and columns, which only
    joining lines reads."""
    groups = line_groups(chars)
    if len(groups) == 1:
        text = line_text(groups[0])
        return [Line(top=0.0, text=text)] if text.strip() else []
    return join_wrapped_lines(lines_of(groups))


def _cell_text(lines: list[Line]) -> str:
    """A cell's lines as one text: a space between them, none inside a number that broke
    where it did not fit the narrow column ("๗" / "๒.๗๙" is ๗๒.๗๙), nor inside a word
    that did not ("คะแน" / "น" is คะแนน, by the dictionary)."""
    out, last = "", ""
    for line in lines:
        text = line.text.strip()
        if (out and text and out[-1].isdigit() and text[0].isdigit()
                and (_DIGITS.fullmatch(last) or _NUMBER_REST.fullmatch(text))):
            out += text
        elif out and text and wrap_splits_word(out, text):
            out += text
        else:
            out = f"{out} {text}" if out else text
        last = text
    return out

_DIGITS = re.compile("[0-9๐-๙]+")

_NUMBER_REST = re.compile("[0-9๐-๙][0-9๐-๙.,]*")


def _without_lines_across(candidates: list[int], chars: Sequence[dict], bbox) -> list[int]:
    """The chars inside a table's frame less those on a line that runs out of the frame
    on the left or right: a browser's footer ("file:///… 1/4") printed across the open
    foot of a row cut by the page is page furniture, not the row's text."""
    x0, top, x1, bottom = bbox
    outside = [(c["bottom"], c["size"]) for c in chars
               if top <= (c["top"] + c["bottom"]) / 2 <= bottom and not c["text"].isspace()
               and ((c["x0"] + c["x1"]) / 2 < x0 or (c["x0"] + c["x1"]) / 2 > x1)]
    if not outside:
        return candidates
    return [i for i in candidates
            if not any(abs(chars[i]["bottom"] - b) <= LINE_TOLERANCE_EM * max(size, 1.0) and
                       abs(chars[i]["size"] - size) <= 0.25 * size for b, size in outside)]


def unruled_tables(lines: list[Line], carry: dict) -> tuple[list[Line], list[tuple[float, str, tuple]]]:
    """Tables drawn without rules among the page's lines (readers/unruled.py): their
    rows as tab rows (top, row, box), and the lines that are not in them. The lines at
    the top of the page that fit the columns of a table that ran off the page before
    (carry["unruled"]) are the rest of its last row."""
    previous = carry.pop("unruled", None)
    rows: list[tuple[float, str, tuple]] = []
    taken: set[int] = set()

    def add_row(row: list[int], edges) -> None:
        cols: list[list[dict]] = [[] for _ in range(len(edges) + 1)]
        for k in row:
            taken.add(k)
            for c in lines[k].chars:
                cols[unruled.column_of((c["x0"] + c["x1"]) / 2, edges)].append(c)
        texts = [_cell_text(_cell_lines(col)) for col in cols]
        box = chars_box([c for k in row for c in lines[k].chars])
        rows.append((lines[row[0]].top, "\t".join(texts), box))

    def glyph_spans(line: Line) -> list[tuple[float, float]]:
        return [(c["x0"], c["x1"]) for c in line.chars if not c["text"].isspace() and not is_mark(c["text"])]

    def cells_of(k: int, edges) -> list[str]:
        cols: list[list[dict]] = [[] for _ in range(len(edges) + 1)]
        for c in lines[k].chars:
            cols[unruled.column_of((c["x0"] + c["x1"]) / 2, edges)].append(c)
        return [clean_line(line_text(col)) if col else "" for col in cols]

    spans = [(glyph_spans(ln), ln.size, ln.top) for ln in lines]
    start = 0
    if previous is not None:
        edges, anchor, numbered = previous
        while (start < len(lines) and unruled.fits(spans[start][0], edges)
               and not unruled.is_anchor(cells_of(start, edges), anchor, numbered)):
            start += 1
        if start:
            add_row(list(range(start)), edges)
    blocks = unruled.find_blocks(spans[start:], lambda k, edges: cells_of(start + k, edges))
    for block in blocks:
        for row in block.rows:
            add_row([start + k for k in row], block.edges)
    if blocks and not blocks[-1].by_pitch:  # rows by spacing: nothing marks the next page's
        last = blocks[-1]
        after = lines[start + last.end + 1:]
        if all(len(ln.text.strip()) <= 12 for ln in after):  # nothing but a page number below
            carry["unruled"] = (last.edges, last.anchor, last.numbered)
    return [ln for k, ln in enumerate(lines) if k not in taken], rows
