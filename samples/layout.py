"""Document blocks and pagination.

A document is a list of blocks (paragraphs, tables, forced page breaks). `paginate` lays
them out on A4 pages once, measuring text with the same fonts the PDF uses, so every
rendering (text, PDF, scans, images) has the same pages and the truth can name them.
Tables split between rows; a continuation repeats the heading rows, as real reports do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from fpdf import FPDF
from pythainlp.tokenize import word_tokenize

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 25.0, 20.0, 18.0, 18.0
CONTENT_W = PAGE_W - MARGIN_L - MARGIN_R
# Keep a reserve under the bottom margin: fpdf's table may round row heights up.
USABLE_H = PAGE_H - MARGIN_T - MARGIN_B - 6.0
CELL_PAD = 1.2

FONT_DIR = "/usr/share/fonts/truetype"
FONTS = {
    ("th", ""): f"{FONT_DIR}/tlwg/Laksaman.ttf",
    ("th", "B"): f"{FONT_DIR}/tlwg/Laksaman-Bold.ttf",
    ("sym", ""): f"{FONT_DIR}/dejavu/DejaVuSans.ttf",  # ☐ ☑ and Lao: Laksaman has neither
}

# style -> (font size pt, bold, line height mm)
STYLES = {
    "title": (18, True, 8.5),
    "heading": (15, True, 7.0),
    "body": (15, False, 7.0),
    "small": (13, False, 6.0),
    "table": (13, False, 5.8),
    "table_head": (13, True, 5.8),
}


@dataclass
class Para:
    text: str
    style: str = "body"
    align: str = "L"  # L C R J
    indent: float = 0.0
    first_indent: float = 0.0  # the first line's further indent (mm), as official letters set a paragraph
    space_before: float = 0.0
    tags: tuple[str, ...] = ()


@dataclass
class Table:
    header: list[list[str]]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    text_style: str = "pipe"  # how the text rendering writes it: pipe | tab | html
    ruled: bool = True
    row_tags: list[tuple[str, ...]] = field(default_factory=list)
    space_before: float = 2.0
    # what the table holds (tools, indicators, indicators_compare, measures_o42,
    # measures_o43, oit): other layout engines restyle by it (samples/restyle.py)
    role: str = ""


@dataclass
class PageBreak:
    pass


@dataclass
class Page:
    number: int
    blocks: list  # Para | Table (a table chunk holds only this page's rows)


def make_pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_L, MARGIN_T, MARGIN_R)
    pdf.set_auto_page_break(False)
    for (family, style), path in FONTS.items():
        pdf.add_font(family, style, path)
    pdf.set_fallback_fonts(["sym"])
    pdf.set_text_shaping(True)
    pdf.c_margin = 0  # the measurer and the renderer must wrap identically
    return pdf


@lru_cache(maxsize=1)
def _measurer() -> FPDF:
    pdf = make_pdf()
    pdf.add_page()
    return pdf


def _split_long(token: str, fits) -> list[str]:
    """Break a token wider than a line between characters, never before a combining mark."""
    parts, cur = [], ""
    for ch in token:
        if cur and fits(cur + ch) is False and not _is_mark(ch):
            parts.append(cur)
            cur = ch
        else:
            cur += ch
    return parts + [cur]


def _is_mark(ch: str) -> bool:
    return ch in "\u0e31\u0e33" or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"


@lru_cache(maxsize=20000)
def wrap(text: str, style: str, width: float, first_indent: float = 0.0) -> tuple[str, ...]:
    """Break `text` into lines that fit `width` mm (the first `first_indent` mm less),
    between Thai words (newmm), as a word processor does; fpdf alone would cut Thai
    words anywhere."""
    size, bold, _ = STYLES[style]
    pdf = _measurer()
    pdf.set_font("th", "B" if bold else "", size)
    limit = width * 0.97  # slack: fallback-font glyphs (☑, Lao) are measured approximately
    out: list[str] = []

    def fits(s: str) -> bool:
        return pdf.get_string_width(s) <= (limit - first_indent if not out else limit)

    for para in text.split("\n"):
        line = ""
        for tok in word_tokenize(para, engine="newmm", keep_whitespace=True):
            if fits(line + tok):
                line += tok
                continue
            if line.strip():
                out.append(line.rstrip())
            tok = tok.lstrip()
            pieces = _split_long(tok, fits) if not fits(tok) else [tok]
            out.extend(pieces[:-1])
            line = pieces[-1]
        out.append(line.rstrip())
    return tuple(out)


def text_lines(text: str, style: str, width: float, first_indent: float = 0.0) -> int:
    """How many lines `text` takes in `style` within `width` mm (the first `first_indent` less)."""
    return max(1, len(wrap(text, style, width, first_indent)))


def para_height(p: Para) -> float:
    line_h = STYLES[p.style][2]
    return p.space_before + text_lines(p.text, p.style, CONTENT_W - p.indent, p.first_indent) * line_h


def col_widths(t: Table) -> list[float]:
    total = sum(t.widths)
    return [CONTENT_W * w / total for w in t.widths]


def row_height(cells: list[str], widths: list[float], style: str) -> float:
    line_h = STYLES[style][2]
    lines = max(text_lines(c or " ", style, w - 2 * CELL_PAD) for c, w in zip(cells, widths))
    return lines * line_h + 2 * CELL_PAD


def page_header_height() -> float:
    return STYLES["small"][2] + 2.0


def paginate(blocks: list) -> list[Page]:
    """Lay blocks out on pages. Page 2+ starts with a page-number line ('- 2 -')."""
    pages: list[Page] = [Page(1, [])]
    used = 0.0

    def new_page():
        nonlocal used
        n = len(pages) + 1
        pages.append(Page(n, [Para(f"- {n} -", "small", "C", tags=("page_number",))]))
        used = page_header_height()

    for block in blocks:
        if isinstance(block, PageBreak):
            new_page()
            continue
        if isinstance(block, Para):
            h = para_height(block)
            if used + h > USABLE_H and used > page_header_height() + 0.1:
                new_page()
            pages[-1].blocks.append(block)
            used += h
            continue
        widths = col_widths(block)
        head_h = sum(row_height(r, widths, "table_head") for r in block.header)
        tags = block.row_tags or [()] * len(block.rows)
        chunk = None
        for row, rtags in zip(block.rows, tags):
            h = row_height(row, widths, "table")
            need = h + (head_h + block.space_before if chunk is None else 0)
            if used + need > USABLE_H:
                new_page()
                chunk = None
                need = h + head_h + block.space_before
            if chunk is None:
                chunk = Table(block.header, [], block.widths, block.text_style, block.ruled, [],
                              block.space_before)
                pages[-1].blocks.append(chunk)
            chunk.rows.append(row)
            chunk.row_tags.append(rtags)
            used += need
    return pages


def page_strings(page: Page) -> list[str]:
    """Every visible string on a page, in reading order (for the truth's number list)."""
    out: list[str] = []
    for b in page.blocks:
        if isinstance(b, Para):
            out.append(b.text)
        else:
            for r in b.header + b.rows:
                out.extend(r)
    return out


def tag_pages(pages: list[Page]) -> dict[str, int]:
    """tag -> first page it appears on."""
    found: dict[str, int] = {}
    for page in pages:
        for b in page.blocks:
            tag_lists = [b.tags] if isinstance(b, Para) else b.row_tags
            for tags in tag_lists:
                for t in tags:
                    found.setdefault(t, page.number)
    return found
