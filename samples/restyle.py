"""How another author lays out the same document: the choices a Word or browser user makes.

The document model (builders.py) says what a report prints; `restyle` draws how an agency
would typeset it for the DOCX and HTML engines (render_docx.py, render_html.py): font and
size, margins, justification (Thai distributed or not), running header, page numbers, and
per table: rules, repeated header row, rows allowed to split over a page break, a tool cell
merged over its indicators, landscape pages, measures tables with 5-9 columns in varying
order and header wording (samples/data/layouts.json). Cell contents stay the model's, so
the truth rows stay true; only the printed page differs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import thaifmt as tf
from .agencies import load
from .layout import Para, Table


@dataclass
class Look:
    """Document-wide choices."""
    font: str
    size: float  # body text, pt
    margins: tuple[float, float, float, float]  # left, right, top, bottom, mm
    justify: str  # "thai" (distributed), "both", "left"
    running_header: str | None
    page_numbers: str | None  # "top" (Thai official style '- 2 -'), "bottom" ('หน้า 2'), None
    line_spacing: float
    signature_right: bool  # signature lines centred on the right half, as memos place them


@dataclass
class XTable:
    """A table as a word processor holds it."""
    header: list[list[str]]
    rows: list[list[str]]
    widths: list[float]  # relative
    ruled: bool = True
    repeat_header: bool = True
    allow_split: bool = True  # a row may run across a page break
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (row, col, rows spanned)
    landscape: bool = False
    tabbed: bool = False  # unruled, aligned by tab stops in one paragraph a row
    size_delta: float = -1.0  # table text is set a point or two smaller than the body


def _pick(rng: random.Random, options: list[str]) -> str:
    return rng.choice(options)


def draw_look(rng: random.Random, agency: str, year: str) -> Look:
    data = load("layouts")
    fonts = data["fonts"]
    f = rng.choices(fonts, weights=[x["weight"] for x in fonts])[0]
    header = None
    if rng.random() < 0.5:
        header = rng.choice(data["running_headers"]).format(agency=agency, year=year)
    return Look(font=f["name"], size=float(rng.choice(f["sizes"])),
                margins=(rng.uniform(20, 32), rng.uniform(12, 25), rng.uniform(15, 28),
                         rng.uniform(15, 25)),
                justify=rng.choice(["thai", "thai", "both", "left"]),
                running_header=header,
                page_numbers=rng.choice(["top", "top", "bottom", None]),
                line_spacing=rng.choice([1.0, 1.0, 1.15]),
                signature_right=rng.random() < 0.6)


def _measures_o42(t: Table, rng: random.Random, thai: bool) -> XTable:
    """ข้อคำถาม | ประเด็น | มาตรการ | ขั้นตอน | ระยะเวลา | ผู้รับผิดชอบ, rearranged: 5-9
    columns."""
    h = load("layouts")["headers"]
    extras_data = load("layouts")["extra_columns"]
    # one column per content field; each entry: (header, function row -> cell)
    split_code = rng.random() < 0.35
    merge_steps = rng.random() < 0.25
    row_no = rng.random() < 0.4
    cols: list[tuple[str, object]] = []
    if row_no:
        cols.append((_pick(rng, h["row_no"]), lambda r, i: tf.integer(i, thai)))
    if split_code:
        cols.append((_pick(rng, h["indicator"]), lambda r, i: r[0].split("\n")[0]))
        cols.append((_pick(rng, h["codes"]), lambda r, i: "\n".join(r[0].split("\n")[1:])))
    else:
        cols.append((_pick(rng, h["code"]), lambda r, i: r[0]))
    middle = [(_pick(rng, h["issue"]), lambda r, i: r[1])]
    if merge_steps:
        middle.append((_pick(rng, h["measure_steps"]), lambda r, i: f"{r[2]}\n{r[3]}"))
    else:
        middle += [(_pick(rng, h["measure"]), lambda r, i: r[2]),
                   (_pick(rng, h["steps"]), lambda r, i: r[3])]
    tail = [(_pick(rng, h["period"]), lambda r, i: r[4]),
            (_pick(rng, h["responsible"]), lambda r, i: r[5])]
    if rng.random() < 0.4:
        tail.reverse()
    if rng.random() < 0.2:  # the findings after the measures, as some forms have them
        middle = middle[1:] + middle[:1]
    cols += middle + tail
    room = max(0, 9 - len(cols))
    extra = rng.sample(sorted(extras_data), k=min(room, rng.choice([0, 0, 1, 1, 2, 3])))
    for name in extra:
        spec = extras_data[name]
        values = [rng.choice(spec["values"]) for _ in t.rows]
        cols.insert(rng.randint(len(cols) - 2, len(cols)),
                    (rng.choice(spec["headers"]), lambda r, i, v=values: v[i - 1]))
    header = [[c[0] for c in cols]]
    rows = [[fn(r, i) for _, fn in cols] for i, r in enumerate(t.rows, 1)]
    widths = [_width(hd, [row[k] for row in rows]) for k, hd in enumerate(header[0])]
    return XTable(header, rows, widths, landscape=len(cols) >= 8 or rng.random() < 0.25)


def _measures_o43(t: Table, rng: random.Random, thai: bool) -> XTable:
    """ตัวชี้วัด | แนวทาง | ผู้รับผิดชอบ | ระยะเวลา | ความก้าวหน้า, rearranged: 5-8 columns."""
    h = load("layouts")["headers"]
    cols: list[tuple[str, object]] = []
    if rng.random() < 0.4:
        cols.append((_pick(rng, h["row_no"]), lambda r, i: tf.integer(i, thai)))
    cols += [(_pick(rng, h["o43_indicator"]), lambda r, i: r[0]),
             (_pick(rng, h["o43_measure"]), lambda r, i: r[1])]
    tail = [(_pick(rng, h["responsible"]), lambda r, i: r[2]),
            (_pick(rng, h["period"]), lambda r, i: r[3])]
    if rng.random() < 0.5:
        tail.reverse()
    cols += tail + [(_pick(rng, h["status"]), lambda r, i: r[4])]
    if rng.random() < 0.3:
        spec = load("layouts")["extra_columns"]["remark"]
        values = [rng.choice(spec["values"]) for _ in t.rows]
        cols.append((spec["headers"][0], lambda r, i, v=values: v[i - 1]))
    header = [[c[0] for c in cols]]
    rows = [[fn(r, i) for _, fn in cols] for i, r in enumerate(t.rows, 1)]
    widths = [_width(hd, [row[k] for row in rows]) for k, hd in enumerate(header[0])]
    return XTable(header, rows, widths, landscape=rng.random() < 0.2)


def _oit(t: Table, rng: random.Random) -> XTable:
    h = load("layouts")["headers"]
    header = [[_pick(rng, h["oit_code"]), _pick(rng, h["oit_name"]), _pick(rng, h["oit_resp"]),
               _pick(rng, h["oit_status"])]]
    return XTable(header, [list(r) for r in t.rows], list(t.widths))


def _width(head: str, cells: list[str]) -> float:
    """A relative column width from the longest line in it (as Word's autofit roughly does)."""
    longest = max([len(head) / 2] + [max((len(x) for x in c.split("\n")), default=0) for c in cells])
    return max(1.6, min(longest / 10, 4.5))


def _restyle_table(t: Table, rng: random.Random, thai: bool) -> XTable:
    if t.role == "measures_o42":
        x = _measures_o42(t, rng, thai)
    elif t.role == "measures_o43":
        x = _measures_o43(t, rng, thai)
    elif t.role == "oit":
        x = _oit(t, rng)
    else:
        x = XTable([list(r) for r in t.header], [list(r) for r in t.rows], list(t.widths),
                   ruled=t.ruled, tabbed=not t.ruled and rng.random() < 0.7)
        if t.role == "indicators_compare" and rng.random() < 0.7:
            # the tool's name once, in a cell spanning its indicators (rows 1-5, 6-8, 9-10)
            starts = [i for i, r in enumerate(x.rows) if r[0]] + [len(x.rows)]
            x.merges = [(a, 0, b - a) for a, b in zip(starts, starts[1:]) if b - a > 1]
    x.repeat_header = bool(x.header) and rng.random() < 0.5
    x.allow_split = rng.random() < 0.75
    x.size_delta = rng.choice([0.0, -1.0, -2.0])
    return x


def restyle(blocks: list, rng: random.Random, agency: str, fy: int):
    """(look, blocks) where tables are XTables; paragraphs and page breaks stay."""
    thai = rng.random() < 0.5  # digits of the numbers the layout adds (row numbers, header)
    look = draw_look(rng, agency, tf.digits(str(fy), thai))
    out: list = []
    for b in blocks:
        out.append(_restyle_table(b, rng, thai) if isinstance(b, Table) else b)
    return look, out


def plain_text(blocks: list) -> str:
    """The text the restyled document prints (the page-text convention: a paragraph a
    line, a table row a line with tab-joined cells), without running headers and page
    numbers, which are page furniture."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b.text)
        elif isinstance(b, XTable):
            out.extend("\t".join(" ".join(c.split()) for c in r) for r in b.header + b.rows)
    return "\n".join(out)


def number_tokens(blocks: list) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out += tf.number_tokens(b.text)
        elif isinstance(b, XTable):
            out += [tok for r in b.header + b.rows for c in r for tok in tf.number_tokens(c)]
    return out

