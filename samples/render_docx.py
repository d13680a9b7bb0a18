"""A Word file (python-docx) of a restyled document, as an agency types its report.

Word lays the pages out, not us: LibreOffice converts the file to PDF (samples/engines.py),
so where a page breaks, where a table row splits and how prose wraps is the word
processor's doing. What this writes: Thai fonts as complex-script fonts (w:cs, w:szCs,
th-TH), Thai distributed justification (w:jc thaiDistribute), ruled tables ("Table
Grid") with a repeated header row or not and rows allowed to split or not, a tool cell
merged down over its indicators, cells holding line breaks and numbered sub-items as
paragraphs, unruled tables aligned by tab stops, landscape sections for wide tables,
a running header and PAGE fields.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .layout import PageBreak, Para
from .restyle import Look, XTable

ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER,
         "R": WD_ALIGN_PARAGRAPH.RIGHT, "J": WD_ALIGN_PARAGRAPH.JUSTIFY}
SIZE = {"title": 3.0, "heading": 1.0, "body": 0.0, "small": -2.0}


def _fonts(rpr, font: str, size: float | None, bold: bool = False) -> None:
    """Latin and complex-script (Thai) font, size and weight on a run's or style's rPr."""
    rfonts = rpr.get_or_add_rFonts()
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), font)
    if bold:
        for tag in ("w:b", "w:bCs"):
            rpr.append(OxmlElement(tag))
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(round(size * 2)))
            rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def _run(par, text: str, look: Look, size: float, bold: bool = False) -> None:
    for i, line in enumerate(text.split("\n")):
        r = par.add_run()
        if i:
            r.add_break()
        r.add_text(line)
        _fonts(r._r.get_or_add_rPr(), look.font, size, bold)


def _field(par, instr: str, look: Look, size: float) -> None:
    """A Word field (PAGE, NUMPAGES): Word and LibreOffice fill it in per page."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("num", "1"),
                       ("end", None)):
        r = par.add_run()
        _fonts(r._r.get_or_add_rPr(), look.font, size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "num":
            r.text = text
            continue
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


def _page(section, look: Look, landscape: bool) -> None:
    w, h = (297, 210) if landscape else (210, 297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(w), Mm(h)
    left, right, top, bottom = look.margins
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.header_distance = section.footer_distance = Mm(min(top, bottom) / 2)


def _furniture(section, look: Look) -> None:
    """Running header and page numbers; Thai official style numbers pages from 2 at the top."""
    small = look.size - 2
    section.different_first_page_header_footer = look.page_numbers == "top"
    head = section.header.paragraphs[0]
    if look.running_header:
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(head, look.running_header, look, small)
    if look.page_numbers == "top":
        par = section.header.add_paragraph() if look.running_header else head
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(par, "- ", look, small)
        _field(par, "PAGE", look, small)
        _run(par, " -", look, small)
        if look.running_header:  # the first page carries the running header too
            first = section.first_page_header.paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(first, look.running_header, look, small)
    elif look.page_numbers == "bottom":
        par = section.footer.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(par, "หน้า ", look, small)
        _field(par, "PAGE", look, small)
        _run(par, " จาก ", look, small)
        _field(par, "NUMPAGES", look, small)


def _content_w(look: Look, landscape: bool) -> float:
    return (297 if landscape else 210) - look.margins[0] - look.margins[1]


def _para(doc, p: Para, look: Look, break_before: bool) -> None:
    par = doc.add_paragraph()
    fmt = par.paragraph_format
    fmt.space_before = Pt(p.space_before * 2.83)
    fmt.space_after = Pt(0)
    fmt.line_spacing = look.line_spacing
    fmt.page_break_before = break_before
    long_body = p.style == "body" and p.align == "L" and len(p.text) > 80
    if long_body and look.justify != "left":
        par.alignment = (WD_ALIGN_PARAGRAPH.THAI_JUSTIFY if look.justify == "thai"
                         else WD_ALIGN_PARAGRAPH.JUSTIFY)
        fmt.first_line_indent = Mm(15)
    else:
        par.alignment = ALIGN[p.align]
    if p.indent:
        fmt.left_indent = Mm(p.indent)
    if p.align == "C" and p.style == "body" and look.signature_right:
        fmt.left_indent = Mm(_content_w(look, False) * 0.4)
    _run(par, p.text, look, look.size + SIZE.get(p.style, 0.0),
         bold=p.style in ("title", "heading"))


def _row_props(row, header: bool, repeat: bool, allow_split: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if not allow_split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header and repeat:
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _tabbed(doc, t: XTable, look: Look) -> None:
    """An unruled table typed as one paragraph a row, cells separated by tabs."""
    total, width = sum(t.widths), _content_w(look, False)
    stops, x = [], 0.0
    for w in t.widths[:-1]:
        x += width * w / total
        stops.append(x)
    for r in t.header + t.rows:
        par = doc.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        for s in stops:
            par.paragraph_format.tab_stops.add_tab_stop(Mm(s))
        _run(par, "\t".join(" ".join(c.split()) for c in r), look, look.size + t.size_delta)


def _table(doc, t: XTable, look: Look) -> None:
    if t.tabbed:
        _tabbed(doc, t, look)
        return
    if t.landscape:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), look, True)
    n_head, cols = len(t.header), len(t.widths)
    tbl = doc.add_table(rows=n_head + len(t.rows), cols=cols)
    if t.ruled:
        tbl.style = "Table Grid"
    tbl.autofit = False
    width, total = _content_w(look, t.landscape), sum(t.widths)
    size = look.size + t.size_delta
    for j, col in enumerate(tbl.columns):  # the grid: LibreOffice lays columns out by it
        col.width = Mm(width * t.widths[j] / total)
    for i, (row, cells) in enumerate(zip(tbl.rows, t.header + t.rows)):
        _row_props(row, i < n_head, t.repeat_header, t.allow_split)
        for j, (cell, text) in enumerate(zip(row.cells, cells)):
            cell.width = Mm(width * t.widths[j] / total)
            lines = text.split("\n") if text else [""]
            for k, line in enumerate(lines):
                par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                par.paragraph_format.space_after = Pt(0)
                if i < n_head:
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(par, line, look, size, bold=i < n_head)
    for r, c, span in t.merges:
        tbl.cell(n_head + r, c).merge(tbl.cell(n_head + r + span - 1, c))
    if t.landscape:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), look, False)


def render_docx(look: Look, blocks: list, path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), look.font, look.size)
    doc.core_properties.author = ""
    section = doc.sections[0]
    _page(section, look, False)
    _furniture(section, look)
    pending_break = False
    for b in blocks:
        if isinstance(b, PageBreak):
            pending_break = True
        elif isinstance(b, Para):
            _para(doc, b, look, pending_break)
            pending_break = False
        else:
            _table(doc, b, look)
    doc.save(str(path))
