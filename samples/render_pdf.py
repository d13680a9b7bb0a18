"""Digital PDF rendering (fpdf2 + HarfBuzz shaping, Laksaman) of paginated blocks."""

from __future__ import annotations

from datetime import datetime, timezone

from fpdf.fonts import FontFace

from .layout import (CELL_PAD, MARGIN_B, PAGE_H, STYLES, Page, Para, Table, col_widths,
                     make_pdf, wrap)

# Fixed so that the same seed gives the same bytes.
CREATION_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


class LayoutOverflow(RuntimeError):
    """A page's content ran past the bottom margin: pagination and rendering disagree."""


def _set_style(pdf, style: str) -> None:
    size, bold, _ = STYLES[style]
    pdf.set_font("th", "B" if bold else "", size)


def _para(pdf, p: Para) -> None:
    _set_style(pdf, p.style)
    if p.space_before:
        pdf.ln(p.space_before)
    lines = wrap(p.text, p.style, pdf.epw - p.indent, p.first_indent)
    if p.first_indent:  # the first line on its own, set in by first_indent
        pdf.set_x(pdf.l_margin + p.indent + p.first_indent)
        pdf.multi_cell(pdf.epw - p.indent - p.first_indent, STYLES[p.style][2], lines[0], align=p.align,
                       new_x="LMARGIN", new_y="NEXT")
        lines = lines[1:]
        if not lines:
            return
    pdf.set_x(pdf.l_margin + p.indent)
    pdf.multi_cell(pdf.epw - p.indent, STYLES[p.style][2], "\n".join(lines), align=p.align,
                   new_x="LMARGIN", new_y="NEXT")


def _table(pdf, t: Table) -> None:
    pdf.ln(t.space_before)
    _set_style(pdf, "table")
    head_size, _, line_h = STYLES["table_head"]
    with pdf.table(
        col_widths=col_widths(t),
        width=pdf.epw,
        line_height=line_h,
        padding=CELL_PAD,
        borders_layout="ALL" if t.ruled else "NONE",
        headings_style=FontFace(emphasis="BOLD", size_pt=head_size),
        num_heading_rows=len(t.header),
        text_align="LEFT",
        v_align="TOP",
        first_row_as_headings=bool(t.header),
    ) as table:
        widths = col_widths(t)
        for i, r in enumerate(t.header + t.rows):
            style = "table_head" if i < len(t.header) else "table"
            row = table.row()
            for cell, w in zip(r, widths):
                row.cell("\n".join(wrap(cell or " ", style, w - 2 * CELL_PAD)))


def render_pdf(pages: list[Page], title: str, path) -> None:
    pdf = make_pdf()
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(title)
    pdf.set_producer("samples.generate (fpdf2)")
    for page in pages:
        pdf.add_page()
        for block in page.blocks:
            (_para if isinstance(block, Para) else _table)(pdf, block)
        if pdf.page_no() != page.number or pdf.get_y() > PAGE_H - MARGIN_B + 0.5:
            raise LayoutOverflow(f"{title}: page {page.number} overflows (y={pdf.get_y():.1f})")
    pdf.output(str(path))
