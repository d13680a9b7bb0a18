"""Rules a ruled table's drawing leaves open, closed from its geometry, so that
pdfplumber's table finder (which needs four joined rules around a cell) finds every cell.

A cell that spans rows and is cut by a page break (a CSS grid item with
`grid-row: span N`, printed by Chromium) is drawn on the next page only as tall as its
own content: its bottom rule ends at its right-hand neighbour's rule some way above the
row line, and that neighbour's left side has no rule below it (cells draw their right
and bottom sides; a cell's left side is its left neighbour's right side). Between the
short cell's bottom and the row line the rule on their border is missing, so the row's
next cell is not closed and its text belongs to no cell.

Such a gap in a vertical rule is closed, and the short cell's bottom is carried down to
the row line, where: a rule from the left ends at the gap's top (the short cell's
bottom; the other columns' row line may meet it there), no rule runs across the border
there, and below the gap a rule starts towards the right only (the row line of the
other columns; nothing closes the short cell's column there). A gap that a merged row
leaves (a cell spanning the columns) has the merged cell's bottom rule running across
the border at its foot, so it stays open.
"""

from __future__ import annotations

# Rules within this distance (points) are one rule: a border drawn as a thin filled
# rectangle gives two edges about 0.8 pt apart.
SAME = 1.5
# A rule "goes on" past the border when it runs at least this far (points) beyond it.
BEYOND = 3.0
# A gap shorter than this is pdfplumber's own to join (its join tolerance is 3 pt);
# one longer than this is no row's height.
MIN_GAP, MAX_GAP = 2.0, 120.0


def _columns(vertical: list[dict]) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """Vertical rules grouped by x: (x min, x max, joined segments top to bottom)."""
    groups: list[tuple[float, float, list[dict]]] = []
    for e in sorted(vertical, key=lambda e: e["x0"]):
        if groups and e["x0"] - groups[-1][1] <= SAME:
            lo, _, members = groups[-1]
            groups[-1] = (lo, e["x0"], members + [e])
        else:
            groups.append((e["x0"], e["x0"], [e]))
    out = []
    for lo, hi, members in groups:
        segments: list[tuple[float, float]] = []
        for e in sorted(members, key=lambda e: e["top"]):
            if segments and e["top"] <= segments[-1][1] + 0.5:
                segments[-1] = (segments[-1][0], max(segments[-1][1], e["bottom"]))
            else:
                segments.append((e["top"], e["bottom"]))
        out.append((lo, hi, segments))
    return out


def closing_rules(edges: list[dict]) -> tuple[list[dict], list[dict]]:
    """(vertical, horizontal) rules to add to a page's `edges` (pdfplumber's) where a
    short cell leaves its border open below it (module docstring). Pure."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 0.5]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > BEYOND]

    def at(y: float) -> list[dict]:
        return [h for h in horizontal if abs(h["top"] - y) <= SAME]

    add_v: list[dict] = []
    add_h: list[dict] = []
    for lo, hi, segments in _columns(vertical):
        x = (lo + hi) / 2
        for (_, g0), (g1, _) in zip(segments, segments[1:]):
            if not MIN_GAP < g1 - g0 <= MAX_GAP:
                continue
            above, below = at(g0), at(g1)
            from_left = [h for h in above if h["x1"] <= hi + SAME and h["x1"] >= lo - SAME
                         and h["x0"] < lo - BEYOND]
            to_right = [h for h in below if h["x0"] >= lo - SAME and h["x0"] <= hi + SAME
                        and h["x1"] > hi + BEYOND]
            crossing_above = any(h["x0"] < lo - BEYOND and h["x1"] > hi + BEYOND for h in above)
            from_left_below = any(h["x0"] < lo - BEYOND for h in below)
            if not from_left or not to_right or crossing_above or from_left_below:
                continue
            y = min(h["top"] for h in to_right)
            add_v.append({"x0": x, "x1": x, "top": g0, "bottom": g1, "width": 0, "height": g1 - g0,
                          "orientation": "v", "object_type": "line"})
            x0 = min(h["x0"] for h in from_left)
            add_h.append({"x0": x0, "x1": x, "top": y, "bottom": y, "width": x - x0, "height": 0,
                          "orientation": "h", "object_type": "line"})
    return add_v, add_h


def _clusters(values: list[float]) -> list[float]:
    """Values within SAME of the previous one are one (a rule drawn as a thin rectangle)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SAME:
            out.append(v)
    return out


def open_table_edges(edges: list[dict]) -> list[dict]:
    """Horizontal rules closing a table's top or bottom edge on this page where part of
    it is open: three or more vertical rules start (end) at one height, nothing ruled
    runs on above (below) it between them, and the horizontal rules there leave some of
    that width uncovered. LibreOffice Calc prints a cell merged down over rows cut by the
    page break with its side rules and no top on the next page; the other columns' top
    rule is there, so the merged column's cell would be no cell. Pure."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > BEYOND]
    out: list[dict] = []
    for key, beyond in (("top", lambda e, y: e["top"] < y - SAME), ("bottom", lambda e, y: e["bottom"] > y + SAME)):
        ends: dict[int, list[dict]] = {}
        for e in vertical:
            ends.setdefault(round(e[key]), []).append(e)
        for y, rules in ends.items():
            xs = _clusters([e["x0"] for e in rules])
            if len(xs) < 3:
                continue
            x0, x1 = xs[0], xs[-1]
            if any(beyond(e, y) and x0 - SAME <= e["x0"] <= x1 + SAME and e["top"] <= y + SAME
                   and e["bottom"] >= y - SAME for e in vertical):
                continue  # a rule runs on across this height: the table goes on there
            spans = sorted((max(h["x0"], x0), min(h["x1"], x1)) for h in horizontal
                           if abs(h["top"] - y) <= SAME and h["x1"] > x0 and h["x0"] < x1)
            covered, right = 0.0, x0
            for a, b in spans:
                if b > right:
                    covered += b - max(a, right)
                    right = b
            if 0.5 * (x1 - x0) <= covered < (x1 - x0) - BEYOND:  # under half: _table_settings' own case
                out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                            "orientation": "h", "object_type": "line"})
    return out
