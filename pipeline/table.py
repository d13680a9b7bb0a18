"""A plain-text table that lines up Thai.

Widths are display columns (wcwidth), not characters: Thai vowel and tone marks take
none (ที่ is 3 characters, 1 column), so padding by `len` misaligns every Thai cell.
A value wider than the column limit is cut and ends in `…`, so a cut id is never
mistaken for a whole one.
"""

from __future__ import annotations

import itertools
from typing import Iterator

from wcwidth import wcswidth, wcwidth

from pipeline.export import cell

MAX_WIDTH = 72  # a 64-character sha256 file_id fits whole
ELLIPSIS = "…"


def width(text: str) -> int:
    w = wcswidth(text)
    if w >= 0:
        return w
    return sum(max(0, wcwidth(ch)) for ch in text)  # a control character counts 0


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` columns, ending in … when anything was cut."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = max(0, wcwidth(ch))
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    # a mark right after the cut belongs to the last letter kept
    return "".join(out) + ELLIPSIS


def pad(text: str, w: int) -> str:
    return text + " " * max(0, w - width(text))


def _display(value) -> str:
    text = cell(value)
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\t", " ")


def render(cols: list[str], rows, max_width: int = MAX_WIDTH, sample: int = 1000) -> Iterator[str]:
    """Lines of a table as the rows come (a result is never held whole): header, rule,
    rows, and a row count. Column widths are those of the first `sample` rows; a later,
    wider value is cut to its column with …."""
    rows = iter(rows)
    first = [[cut(_display(v), max_width) for v in r] for r in itertools.islice(rows, sample)]
    widths = [max([width(c)] + [width(r[i]) for r in first]) for i, c in enumerate(cols)]
    widths = [min(w, max_width) for w in widths]
    yield "  ".join(pad(cut(c, w), w) for c, w in zip(cols, widths)).rstrip()
    yield "  ".join("-" * w for w in widths)
    n = 0
    later = ([_display(v) for v in r] for r in rows)
    for r in itertools.chain(first, later):
        yield "  ".join(pad(cut(v, w), w) for v, w in zip(r, widths)).rstrip()
        n += 1
    yield f"({n} row{'s' if n != 1 else ''})"
