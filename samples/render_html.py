"""An HTML page of a restyled document, as a report exported from a web system and printed
from the browser: headless Chromium lays it out and prints it to PDF (samples/engines.py).

CSS tables (ruled or not; the header row repeats on every page as browsers print
<thead>; rows may break inside or not), a tool cell spanning its indicators (rowspan),
line breaks inside cells, prose wrapped at the page width the margins leave, Thai
distributed justification (text-justify: inter-character), landscape pages for wide
tables (a named @page), a header line on the first page; on documents whose look numbers
pages, the browser's own header and footer (date, title, file URL, page x/y) are left on,
as users print them.
"""

from __future__ import annotations

from html import escape

from .layout import PageBreak, Para
from .restyle import Look, XTable

SIZE = {"title": 3.0, "heading": 1.0, "body": 0.0, "small": -2.0}


def _text(s: str) -> str:
    return "<br>".join(escape(line) for line in s.split("\n"))


def _para(p: Para, look: Look, break_before: bool) -> str:
    css = [f"font-size:{look.size + SIZE.get(p.style, 0.0)}pt",
           f"margin:{p.space_before:.1f}mm 0 0 0"]
    if p.style in ("title", "heading"):
        css.append("font-weight:bold")
    css += placement_css(p, look, break_before, indent_mm=15, signature_left="40%")
    return f'<p style="{";".join(css)}">{_text(p.text)}</p>'


def placement_css(p: Para, look: Look, break_before: bool, indent_mm: float, signature_left: str) -> list[str]:
    """A paragraph's alignment, indents and page break as CSS (long body paragraphs
    justified as the look says; a right-hand signature block); the engines that write
    HTML differ in the first-line indent and where the signature starts."""
    css = []
    align = {"L": "left", "C": "center", "R": "right", "J": "justify"}[p.align]
    if p.style == "body" and p.align == "L" and len(p.text) > 80 and look.justify != "left":
        align = "justify"
        css.append(f"text-indent:{indent_mm}mm")
        if look.justify == "thai":
            css.append("text-justify:inter-character")
    css.append(f"text-align:{align}")
    if p.indent:
        css.append(f"margin-left:{p.indent}mm")
    if p.align == "C" and p.style == "body" and look.signature_right:
        css.append(f"margin-left:{signature_left}")
    if break_before:
        css.append("break-before:page")
    return css


def _table(t: XTable, look: Look) -> str:
    total = sum(t.widths)
    size = look.size + t.size_delta
    cls = "ruled" if t.ruled else "plain"
    row_css = "" if t.allow_split else ' style="break-inside:avoid"'
    out = [f'<table class="{cls}" style="font-size:{size}pt">', "<colgroup>"]
    out += [f'<col style="width:{100 * w / total:.1f}%">' for w in t.widths]
    out.append("</colgroup>")
    if t.header:
        # a <thead> repeats on every printed page; rows of a <tbody> do not
        out.append("<thead>" if t.repeat_header else "<tbody>")
        out += ["<tr>" + "".join(f"<th>{_text(c)}</th>" for c in r) + "</tr>" for r in t.header]
        out.append("</thead>" if t.repeat_header else "</tbody>")
    spans = {(r, c): n for r, c, n in t.merges}
    covered = {(r + k, c) for r, c, n in t.merges for k in range(1, n)}
    out.append("<tbody>")
    for i, row in enumerate(t.rows):
        cells = []
        for j, c in enumerate(row):
            if (i, j) in covered:
                continue
            span = f' rowspan="{spans[(i, j)]}"' if (i, j) in spans else ""
            cells.append(f"<td{span}>{_text(c)}</td>")
        out.append(f"<tr{row_css}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    table = "\n".join(out)
    return f'<div class="wide">{table}</div>' if t.landscape else table


def page_css(look: Look, line_height: float) -> str:
    """The page box (A4, the look's margins, a landscape page named `wide`) and the body's
    font, at `line_height` times the look's line spacing."""
    left, right, top, bottom = look.margins
    return f"""
@page {{ size: A4; margin: {top:.1f}mm {right:.1f}mm {bottom:.1f}mm {left:.1f}mm; }}
@page wide {{ size: A4 landscape; }}
.wide {{ page: wide; }}
body {{ font-family: "{look.font}", sans-serif; font-size: {look.size}pt;
        line-height: {line_height * look.line_spacing:.2f}; margin: 0; }}"""


def render_html(look: Look, blocks: list, path, title: str) -> None:
    css = page_css(look, 1.25) + f"""
p {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 2mm; table-layout: fixed; }}
td, th {{ vertical-align: top; padding: 1mm 1.5mm; overflow-wrap: anywhere; }}
table.ruled td, table.ruled th {{ border: 0.6pt solid #000; }}
th {{ font-weight: bold; text-align: center; }}
.running {{ text-align: right; font-size: {look.size - 2}pt; }}
"""
    write_html(path, title, css, look, blocks, _para, _table)


def write_html(path, title: str, css: str, look: Look, blocks: list, para, table) -> None:
    """The document as one HTML file with `css`: its running header, then its blocks, a page
    break made the next paragraph's break-before (`para(p, look, break_before)`, `table(t, look)`)."""
    body = []
    if look.running_header:
        body.append(f'<div class="running">{escape(look.running_header)}</div>')
    pending = False
    for b in blocks:
        if isinstance(b, PageBreak):
            pending = True
        elif isinstance(b, Para):
            body.append(para(b, look, pending))
            pending = False
        else:
            body.append(table(b, look))
    html = (f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{css}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
