"""An HTML page whose tables are not <table>s, as web CMSs and page builders write them,
printed by headless Chromium (samples/engines.py).

Tables are CSS layouts of <div>s: either one CSS grid per table (cells placed in order,
a tool cell spanning its indicators with `grid-row: span N`), or a flex row a table row
(cells sized by `flex-basis`), ruled by cell borders or not at all. Nothing repeats a
header on the next page (a div has no <thead>), and a row may be cut by the page break
unless the look keeps it whole. Prose is exported the way word-processor-to-HTML tools
write it: class-styled <p>s with <span>s, a heading as <h2>/<h3>, line breaks as <br>,
sizes in pt; Thai distributed justification where the look asks for it.
"""

from __future__ import annotations

import random

from .layout import Para
from .render_html import SIZE, _text, page_css, placement_css, write_html
from .restyle import Look, XTable


def _para(p: Para, look: Look, break_before: bool) -> str:
    css = [f"margin-top:{p.space_before:.1f}mm"]
    css += placement_css(p, look, break_before, indent_mm=12.7, signature_left="45%")
    tag = {"title": "h2", "heading": "h3"}.get(p.style, "p")
    size = look.size + SIZE.get(p.style, 0.0)
    return (f'<{tag} class="c{p.style}" style="{";".join(css)}">'
            f'<span style="font-size:{size}pt">{_text(p.text)}</span></{tag}>')


def _cell(text: str, cls: str, extra: str = "") -> str:
    return f'<div class="{cls}"{extra}>{_text(text)}</div>'


def _grid(t: XTable, size: float) -> str:
    total = sum(t.widths)
    cols = " ".join(f"{w / total:.4f}fr" for w in t.widths)
    spans = {(r, c): n for r, c, n in t.merges}
    covered = {(r + k, c) for r, c, n in t.merges for k in range(1, n)}
    keep = "" if t.allow_split else " keep"
    out = [f'<div class="grid{" ruled" if t.ruled else ""}" '
           f'style="grid-template-columns:{cols};font-size:{size}pt">']
    out += [_cell(c, "cell head") for r in t.header for c in r]
    for i, row in enumerate(t.rows):
        for j, c in enumerate(row):
            if (i, j) in covered:
                continue
            n = spans.get((i, j))
            out.append(_cell(c, "cell" + keep, f' style="grid-row:span {n}"' if n else ""))
    out.append("</div>")
    return "\n".join(out)


def _flex(t: XTable, size: float) -> str:
    total = sum(t.widths)
    basis = [f"{100 * w / total:.2f}%" for w in t.widths]
    keep = "" if t.allow_split else " keep"
    out = [f'<div class="flex{" ruled" if t.ruled else ""}" style="font-size:{size}pt">']
    for k, row in enumerate(t.header + t.rows):
        head = k < len(t.header)
        cells = "".join(_cell(c, "cell head" if head else "cell",
                              f' style="flex:0 0 {b}"') for c, b in zip(row, basis))
        out.append(f'<div class="row{keep}">{cells}</div>')
    out.append("</div>")
    return "\n".join(out)


def _table(t: XTable, look: Look, rng: random.Random) -> str:
    size = look.size + t.size_delta
    # a merged tool cell needs the grid; otherwise either, as the CMS's theme has it
    html = _grid(t, size) if t.merges or rng.random() < 0.5 else _flex(t, size)
    return f'<div class="wide">{html}</div>' if t.landscape else html


def render_css(look: Look, blocks: list, path, title: str, rng: random.Random) -> None:
    css = page_css(look, 1.3) + f"""
p, h2, h3 {{ margin: 0; font-size: inherit; }}
h2, h3 {{ font-weight: bold; }}
.grid {{ display: grid; margin-top: 2mm; }}
.flex {{ display: flex; flex-direction: column; margin-top: 2mm; }}
.row {{ display: flex; }}
.cell {{ padding: 0.8mm 1.5mm; overflow-wrap: anywhere; min-width: 0; box-sizing: border-box; }}
.head {{ font-weight: bold; text-align: center; }}
.keep {{ break-inside: avoid; }}
.ruled {{ border-top: 0.6pt solid #000; border-left: 0.6pt solid #000; }}
.ruled .cell {{ border-right: 0.6pt solid #000; border-bottom: 0.6pt solid #000; }}
.running {{ text-align: right; font-size: {look.size - 2}pt; color: #444; }}
"""
    write_html(path, title, css, look, blocks, _para, lambda t, look: _table(t, look, rng))
