"""OCR-style text rendering, like the .txt files OCR services return for real reports:
markdown pipe tables, tab-separated rows, <p> fragments, HTML checkboxes, and a form feed
between pages."""

from __future__ import annotations

from .layout import Page, Para, Table

BOX_STYLES = {
    # how a checked / unchecked box comes out of the OCR service
    "html": ('<input checked="" type="checkbox"/>', '<input type="checkbox"/>'),
    "glyph": ("☑", "☐"),
    "ascii": ("[x]", "[ ]"),
}


def _boxes(text: str, style: str) -> str:
    on, off = BOX_STYLES[style]
    return text.replace("☑", on).replace("☐", off)


def _cell(text: str, table_style: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if table_style == "html" and len(lines) > 1:
        return " ".join(f"<p>{ln}</p>" for ln in lines)
    return " ".join(lines)


def _table(t: Table) -> list[str]:
    if t.text_style == "pipe":
        out = []
        rows = t.header + t.rows
        for i, r in enumerate(rows):
            out.append("| " + " | ".join(_cell(c, "pipe") for c in r) + " |")
            if i == len(t.header) - 1 or (not t.header and i == 0):
                out.append("|" + "|".join("-" * max(3, len(c) // 3) for c in r) + "|")
        return out
    return ["\t".join(_cell(c, t.text_style) for c in r) for r in t.header + t.rows]


def render_page(page: Page, box_style: str) -> str:
    out: list[str] = []
    for b in page.blocks:
        if isinstance(b, Para):
            text = f"**{b.text}**" if b.style == "title" else b.text
            out.extend(["", text])
        else:
            out.append("")
            out.extend(_table(b))
    return _boxes("\n".join(out).strip("\n") + "\n", box_style)


def render_text(pages: list[Page], box_style: str) -> str:
    return "\f".join(render_page(p, box_style) for p in pages)


def plain_page(page: Page) -> str:
    """A page's text in the pipeline's page-text convention (pipeline/pages.py): one line
    per paragraph, a table row per line with its cells joined by tabs (a cell's own line
    breaks become spaces), checkboxes as ☑/☐. The truth's `page_text`, for CER."""
    out: list[str] = []
    for b in page.blocks:
        if isinstance(b, Para):
            out.append(b.text)
        else:
            out.extend("\t".join(" ".join(c.split()) for c in r) for r in b.header + b.rows)
    return "\n".join(out)
