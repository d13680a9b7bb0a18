"""Read a Word file (DOCX, Office Open XML) into pages (method "text").

Agencies write their ITA reports in Word and publish the .docx as often as its PDF.
The file holds the text as typed, so nothing is OCR'd: paragraphs and tables are read
in document order (python-docx opens the package; the body's XML is walked here,
because python-docx's own `.text` leaves out content controls, where Word keeps
checkboxes and form fields) and written in the page text convention of
pipeline/pages.py: a paragraph is a line (a line break inside it starts another), a
table row is one line with its cells separated by tabs (a cell's paragraphs joined
with spaces; a cell merged over several columns fills the first, the others stay
empty, as the PDF reader writes them), a checkbox is ☑/☐ in front of its label.

A Word file has no pages of its own: Word lays them out when it prints. The pages
here are those the file marks: a page break, a paragraph set to start a page, a
section that starts on a new page, and the page breaks Word recorded where it last
laid the document out (`w:lastRenderedPageBreak`; a paragraph stays whole on the page
it starts on). Running headers and footers (page furniture), footnotes, comments and
deleted text are not read.
"""

from __future__ import annotations

import io
import zipfile

from normalizers.thai import normalize, text_quality
from pipeline.pages import TEXT, TEXT_FILE, PageResult, Read, ReadError
from pipeline.readers.text import CHECKED, UNCHECKED, tab_lines_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


P, TBL, TR, TC, R, T, TAB, BR, CR = (_w(t) for t in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr"))
SDT, SDT_CONTENT, CUSTOM_XML, SMART_TAG = (_w(t) for t in ("sdt", "sdtContent", "customXml", "smartTag"))
TXBX_CONTENT, SECT_PR, RENDERED_BREAK = _w("txbxContent"), _w("sectPr"), _w("lastRenderedPageBreak")
FALLBACK = f"{{{_MC}}}Fallback"
CHECKBOX = f"{{{_W14}}}checkbox"

# Word's document part, uncompressed, above this is not parsed (a zip bomb: the file
# limit, pipeline.limits, is on the compressed size). An ITA report is ~1 MB of XML.
MAX_XML_BYTES = 200 * 1024 * 1024
# the glyphs Word's checkbox content control and typists use for a ticked box
_TICKED = str.maketrans({"☒": CHECKED, "\u2611": CHECKED})


def pages(data: bytes, limits) -> Read:
    """The reader interface (pipeline/readers/registry.py): the file's pages as it marks
    them (ingest keeps the first limits.max_pages)."""
    body = _body(data)
    walker = _Walker(list(body.iter(SECT_PR)))
    walker.blocks(body)
    raw_pages = walker.finish()
    out = []
    for no, lines in enumerate(raw_pages, 1):
        text = tab_lines_text(lines)
        out.append(PageResult(page_no=no, method=TEXT, text=text, raw_text="\n".join(lines),
                              quality=float(text_quality(text).score), method_reason=TEXT_FILE))
    return Read(out, len(out))


def _body(data: bytes):
    """The document body's XML element. Raises ReadError when the file is no readable
    Word document."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist() if i.filename.startswith("word/document"))
        if size > MAX_XML_BYTES:
            raise ReadError(f"Word document too large: {size / 2**20:.0f} MB of XML unpacked, "
                            f"over {MAX_XML_BYTES // 2**20} MB; not read")
        return Document(io.BytesIO(data)).element.body
    except ReadError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise ReadError(f"not a readable Word file: {type(e).__name__}: {e}") from e
    except Exception as e:  # lxml's XMLSyntaxError and the like: a damaged part
        raise ReadError(f"corrupt Word file: {type(e).__name__}: {e}") from e


def _on(el, tag: str) -> bool:
    """A Word on/off property (w:pageBreakBefore, w:vanish) present and not switched off."""
    found = el.find(tag) if el is not None else None
    return found is not None and found.get(_w("val"), "true") not in ("false", "0", "off")


class _Walker:
    """Walks the body in document order, collecting lines page by page."""

    def __init__(self, sections: list):
        self.pages: list[list[str]] = [[]]
        # a section's break type is on the properties of the section that follows it
        self.next_type = {id(s): (sections[i + 1].find(_w("type")).get(_w("val"))
                                  if i + 1 < len(sections) and sections[i + 1].find(_w("type")) is not None
                                  else "nextPage")
                          for i, s in enumerate(sections)}

    def new_page(self) -> None:
        """Start a page, unless nothing has been written on this one yet (a page break
        and Word's rendered break at the same place are one break)."""
        if any(line.strip() for line in self.pages[-1]):
            self.pages.append([])

    def finish(self) -> list[list[str]]:
        while len(self.pages) > 1 and not any(line.strip() for line in self.pages[-1]):
            self.pages.pop()
        return self.pages

    def blocks(self, parent) -> None:
        for el in parent:
            if el.tag == P:
                self.paragraph(el)
            elif el.tag == TBL:
                self.table(el)
            elif el.tag in (SDT, CUSTOM_XML):  # block-level content controls, custom XML
                self.blocks(el.find(SDT_CONTENT) if el.tag == SDT and el.find(SDT_CONTENT) is not None else el)

    def paragraph(self, p) -> None:
        ppr = p.find(_w("pPr"))
        if _on(ppr, _w("pageBreakBefore")):
            self.new_page()
        pieces: list = []
        boxes: list = []
        _inline(p, pieces, boxes)
        lines = [""]
        break_after = False
        for piece in pieces:
            if piece is _PAGE:
                self.pages[-1].extend(_strip_tabs(lines))
                lines = [""]
                self.new_page()
            elif piece is _RENDERED:
                if "".join(lines).strip():
                    break_after = True  # the paragraph stays whole on its first page
                else:
                    self.new_page()
            else:
                parts = piece.split("\n")
                lines[-1] += parts[0]
                lines.extend(parts[1:])
        self.pages[-1].extend(_strip_tabs(lines))
        for box in boxes:  # text boxes anchored here: their paragraphs after it
            self.blocks(box)
        sect = ppr.find(SECT_PR) if ppr is not None else None
        if break_after or (sect is not None and self.next_type.get(id(sect)) != "continuous"):
            self.new_page()

    def table(self, tbl) -> None:
        for tr in tbl.iter(TR):
            if _owner(tr, TBL) is not tbl:
                continue  # a row of a table nested in a cell: read with its cell
            if any(_owner(b, TR) is tr for b in tr.iter(RENDERED_BREAK)):
                self.new_page()  # Word began a page at this row
            cells: list[str] = []
            trpr = tr.find(_w("trPr"))
            before = trpr.find(_w("gridBefore")) if trpr is not None else None
            if before is not None:
                cells += [""] * int(before.get(_w("val"), "0") or 0)
            for tc in tr:
                if tc.tag == SDT:  # a content control around cells
                    tcs = [c for c in tc.iter(TC) if _owner(c, TR) is tr]
                elif tc.tag == TC:
                    tcs = [tc]
                else:
                    continue
                for c in tcs:
                    cells += _cell(c)
            if any(c.strip() for c in cells):
                self.pages[-1].append("\t".join(cells))


def _strip_tabs(lines: list[str]) -> list[str]:
    """A tab that indents a paragraph or ends it is no cell separator."""
    return [line.strip("\t ") for line in lines]


def _owner(el, tag: str):
    """The nearest ancestor of `el` with `tag`."""
    up = el.getparent()
    while up is not None and up.tag != tag:
        up = up.getparent()
    return up


def _cell(tc) -> list[str]:
    """A table cell as the cells of the grid it covers: its text (paragraphs, nested
    tables and text boxes joined with spaces; a cell continuing a vertical merge is
    empty), then an empty cell for each further column it spans."""
    tcpr = tc.find(_w("tcPr"))
    span = 1
    merged_on = False
    if tcpr is not None:
        gs = tcpr.find(_w("gridSpan"))
        span = max(1, int(gs.get(_w("val"), "1") or 1)) if gs is not None else 1
        vm = tcpr.find(_w("vMerge"))
        merged_on = vm is not None and vm.get(_w("val"), "continue") != "restart"
    text = ""
    if not merged_on:
        pieces: list = []
        for p in tc.iter(P):
            if _inside_fallback(p, tc):
                continue
            _inline(p, pieces, [], nested=True)
            pieces.append(" ")
        text = " ".join("".join(x for x in pieces if isinstance(x, str)).split())
    return [text] + [""] * (span - 1)


def _inside_fallback(el, stop) -> bool:
    up = el.getparent()
    while up is not None and up is not stop:
        if up.tag == FALLBACK:
            return True
        up = up.getparent()
    return False


class _Mark:
    pass


_PAGE, _RENDERED = _Mark(), _Mark()  # a page break; where Word last broke the page


def _inline(p, out: list, boxes: list, nested: bool = False) -> None:
    """The runs of paragraph `p` in order, into `out`: text ("\\n" for a line break),
    _PAGE and _RENDERED marks. Text boxes go to `boxes` (read as paragraphs of their
    own), or, with `nested` (inside a table cell), are left to the cell's reading."""
    for el in p:
        tag = el.tag
        if tag == R:
            _run(el, out, boxes, nested)
        elif tag == SDT:
            content = el.find(SDT_CONTENT)
            box = el.find(f"{_w('sdtPr')}/{CHECKBOX}")
            if box is not None:
                checked = box.find(f"{{{_W14}}}checked")
                on = checked is not None and checked.get(f"{{{_W14}}}val", "1") in ("1", "true")
                out.append((CHECKED if on else UNCHECKED) + " ")
            elif content is not None:
                _inline(content, out, boxes, nested)
        elif tag == FALLBACK or tag == _w("del") or tag == _w("pPr"):
            continue
        elif len(el):  # hyperlinks, insertions, fields, smart tags, alternate content
            _inline(el, out, boxes, nested)


def _run(r, out: list, boxes: list, nested: bool) -> None:
    if _on(r.find(_w("rPr")), _w("vanish")):
        return  # hidden text
    for el in r:
        tag = el.tag
        if tag == T:
            out.append((el.text or "").translate(_TICKED))
        elif tag == TAB:
            out.append("\t")
        elif tag == BR:
            kind = el.get(_w("type"))
            out.append(_PAGE if kind == "page" else "\n" if kind != "column" else " ")
        elif tag == CR:
            out.append("\n")
        elif tag == RENDERED_BREAK:
            out.append(_RENDERED)
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        elif tag in (FALLBACK, _w("instrText"), _w("delText"), _w("rPr")):
            continue
        elif not nested:  # drawings and VML shapes: text boxes inside
            boxes += [b for b in el.iter(TXBX_CONTENT) if not _inside_fallback(b, r)]
