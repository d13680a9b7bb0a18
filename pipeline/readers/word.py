"""Read a Word file (DOCX, Office Open XML) into pages (method "text").

Agencies write their ITA reports in Word and publish the .docx as often as its PDF.
The file holds the text as typed, so nothing is OCR'd: paragraphs and tables are read
in document order (python-docx opens the package; the body's XML is walked here,
because python-docx's own `.text` leaves out content controls, where Word keeps
checkboxes and form fields; automatic list numbers are counted here as Word counts
them) and written in the page text convention of
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
import json
import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normalizers.thai import text_quality
from pipeline.pages import NO_TEXT_LAYER, NONE, TEXT, TEXT_FILE, PageResult, Read, ReadError
from pipeline.readers.text import CHECKED, UNCHECKED, tab_lines_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


P, TBL, TR, TC, R, T, TAB, BR, CR = (_w(t) for t in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr"))
SYM = _w("sym")
SDT, SDT_CONTENT, CUSTOM_XML, SMART_TAG = (_w(t) for t in ("sdt", "sdtContent", "customXml", "smartTag"))
TXBX_CONTENT, SECT_PR, RENDERED_BREAK = _w("txbxContent"), _w("sectPr"), _w("lastRenderedPageBreak")
FALLBACK = f"{{{_MC}}}Fallback"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_R_EMBED, _R_ID = f"{{{_REL}}}embed", f"{{{_REL}}}id"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CHECKBOX = f"{{{_W14}}}checkbox"

# Word's document part, uncompressed, above this is not parsed (a zip bomb: the file
# limit, pipeline.limits, is on the compressed size). An ITA report is ~1 MB of XML.
MAX_XML_BYTES = 200 * 1024 * 1024
# the glyphs Word's checkbox content control and typists use for a ticked box
_TICKED = str.maketrans({"☒": CHECKED, "\u2611": CHECKED})


def pages(data: bytes, limits) -> Read:
    """The reader interface (pipeline/readers/registry.py): the file's pages as it marks
    them (ingest keeps the first limits.max_pages). A page that is a picture and next to
    no text (a scan pasted into Word) needs OCR: `page_image` gives its picture."""
    _, walked = _walk(data)
    out = []
    for no, (lines, images) in enumerate(walked, 1):
        text = tab_lines_text(lines)
        quality = float(text_quality(text).score)
        if _is_picture_page(text, images):
            out.append(PageResult(page_no=no, method=NONE, text=text, raw_text="\n".join(lines),
                                  quality=quality, needs_ocr=True, method_reason=NO_TEXT_LAYER))
        else:
            out.append(PageResult(page_no=no, method=TEXT, text=text, raw_text="\n".join(lines),
                                  quality=quality, method_reason=TEXT_FILE))
    return Read(out, len(out))


def pages_to_ocr(path: str, pages: list[PageResult], size_bytes: int | None) -> dict[int, float]:
    """Pages that are pictures, weighed by their picture's bytes."""
    todo = [p.page_no for p in pages if p.needs_ocr]
    if not todo:
        return {}
    doc, walked = _walk_file(path)
    return {n: float(max(1, len(_picture(doc, walked[n - 1][1])))) for n in todo if n <= len(walked)}


def page_image(path: str, page_no: int, settings):
    """The largest picture on page `page_no`, for OCR."""
    from pipeline.readers.image import page_image as frame

    doc, walked = _walk_file(path)
    if not 1 <= page_no <= len(walked) or not walked[page_no - 1][1]:
        raise ReadError(f"page {page_no}: no picture on this page")
    return frame(_picture(doc, walked[page_no - 1][1]), 1)


# A page is a picture (a scan pasted into Word) when a picture covers this share of the
# page and the page has no more text than this beside it (a caption, a stamp): as
# pipeline/readers/pdf.py tells a scanned page (SCAN_IMAGE_COVERAGE, SCAN_MAX_TEXT_CHARS).
# A picture whose drawn size is unknown (an old VML shape) counts on a page of at most
# PICTURE_ONLY_MAX_CHARS letters.
PICTURE_PAGE_COVERAGE = 0.25
PICTURE_PAGE_MAX_CHARS = 200
PICTURE_ONLY_MAX_CHARS = 40


def _is_picture_page(text: str, pictures: list["_Picture"]) -> bool:
    n_chars = len("".join(text.split()))
    return any((p.coverage is not None and p.coverage >= PICTURE_PAGE_COVERAGE and n_chars <= PICTURE_PAGE_MAX_CHARS)
               or (p.coverage is None and n_chars <= PICTURE_ONLY_MAX_CHARS) for p in pictures)


def _picture(doc, pictures: list["_Picture"]) -> bytes:
    """The largest of the pictures as stored; b"" when none resolves."""
    blobs = []
    for rid in (p.rid for p in pictures):
        try:
            blobs.append(doc.part.related_parts[rid].blob)
        except (KeyError, AttributeError):
            continue
    return max(blobs, key=len, default=b"")


def _walk_file(path: str) -> tuple:
    """_walk of a file, kept for the next page of the same file (a worker OCRs the
    pictures of one file one after another)."""
    st = os.stat(path)
    return _walk_cached(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=2)
def _walk_cached(path: str, mtime_ns: int, size: int) -> tuple:
    with open(path, "rb") as f:
        return _walk(f.read())


def _walk(data: bytes) -> tuple:
    """(document, [(lines, picture relationship ids) per page])."""
    doc = _document(data)
    body = doc.element.body
    sections = list(body.iter(SECT_PR))
    walker = _Walker(sections, _Numbering(doc), _page_area(sections[-1] if sections else None))
    walker.blocks(body)
    return doc, walker.finish()


def _page_area(sect) -> float:
    """The page's area in EMU² (the last section's page size; A4 where it says none)."""
    size = sect.find(_w("pgSz")) if sect is not None else None
    w = _int(size.get(_w("w")), 11906) if size is not None else 11906  # twentieths of a point
    h = _int(size.get(_w("h")), 16838) if size is not None else 16838
    return max(1, w) * 635.0 * max(1, h) * 635.0


def _document(data: bytes):
    """The python-docx Document. Raises ReadError when the file is no readable Word
    document."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist() if i.filename.startswith("word/document"))
        if size > MAX_XML_BYTES:
            raise ReadError(f"Word document too large: {size / 2**20:.0f} MB of XML unpacked, "
                            f"over {MAX_XML_BYTES // 2**20} MB; not read")
        return Document(io.BytesIO(data))
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

    def __init__(self, sections: list, numbering: "_Numbering", page_area: float):
        self.pages: list[list[str]] = [[]]
        self.images: list[list[_Picture]] = [[]]  # per page
        self.page_area = page_area
        self.numbering = numbering
        # a section's break type is on the properties of the section that follows it
        self.next_type = {id(s): (sections[i + 1].find(_w("type")).get(_w("val"))
                                  if i + 1 < len(sections) and sections[i + 1].find(_w("type")) is not None
                                  else "nextPage")
                          for i, s in enumerate(sections)}

    def _blank(self, i: int) -> bool:
        return not self.images[i] and not any(line.strip() for line in self.pages[i])

    def new_page(self) -> None:
        """Start a page, unless nothing has been put on this one yet (a page break and
        Word's rendered break at the same place are one break)."""
        if not self._blank(-1):
            self.pages.append([])
            self.images.append([])

    def finish(self) -> list[tuple[list[str], list[str]]]:
        """(lines, pictures) of each page."""
        while len(self.pages) > 1 and self._blank(-1):
            self.pages.pop()
            self.images.pop()
        return list(zip(self.pages, self.images))

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
        lines = [self.numbering.label(ppr)]
        break_after = False
        for piece in pieces:
            if piece is _PAGE:
                self.pages[-1].extend(_strip_tabs(lines))
                lines = [""]
                self.new_page()
            elif isinstance(piece, _Picture):
                self.images[-1].append(_Picture(piece.rid, piece.emu2,
                                                piece.emu2 / self.page_area if piece.emu2 else None))
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
                    cells += _cell(c, self.numbering)
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


def _cell(tc, numbering: "_Numbering") -> list[str]:
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
            pieces.append(numbering.label(p.find(_w("pPr"))))
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


# ---------------------------------------------------------------- list numbers

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int, alphabet: str) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "thaiNumbers": lambda n: str(n).translate(_THAI_DIGITS),
    "thaiLetters": lambda n: _letters(n, _THAI_LETTERS),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(),
}


class _Numbering:
    """Word's automatic list numbers ("1.", "๑)", "ก."), which the file does not hold as
    text: each numbered paragraph's label, counted as Word counts (a level's counter
    goes up, the deeper levels start again). Bullets are left out (a symbol-font glyph);
    an unknown number format is written in Arabic digits."""

    def __init__(self, doc):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id: ilvl: (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int], bool]] = {}  # num id: (abstract, starts, restarts)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style id: (num id, ilvl)
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # no numbering part
            root = None
        if root is not None:
            self._read(root)
        try:
            styles = doc.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read(self, root) -> None:
        for a in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in a.iter(_w("lvl")):
                fmt, text, start = (lvl.find(_w(t)) for t in ("numFmt", "lvlText", "start"))
                levels[_int(lvl.get(_w("ilvl")))] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    _int(start.get(_w("val"))) if start is not None else 1)
            self.levels[a.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            starts = {}
            for over in num.iter(_w("lvlOverride")):
                start = over.find(_w("startOverride"))
                if start is not None:
                    starts[_int(over.get(_w("ilvl")))] = _int(start.get(_w("val")))
            self.nums[num.get(_w("numId"))] = (ref.get(_w("val")) if ref is not None else "", starts,
                                               bool(starts))

    def _read_styles(self, root) -> None:
        for style in root.iter(_w("style")):
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None and num_pr.find(_w("numId")) is not None:
                ilvl = num_pr.find(_w("ilvl"))
                self.style_num[style.get(_w("styleId"))] = (
                    num_pr.find(_w("numId")).get(_w("val")), _int(ilvl.get(_w("val"))) if ilvl is not None else 0)

    def label(self, ppr) -> str:
        """The paragraph's list label and a space, or "" for a paragraph not numbered."""
        if ppr is None:
            return ""
        num_pr = ppr.find(_w("numPr"))
        style = ppr.find(_w("pStyle"))
        num_id, ilvl = self.style_num.get(style.get(_w("val")) if style is not None else None, (None, 0))
        if num_pr is not None:
            nid, lvl = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
            num_id = nid.get(_w("val")) if nid is not None else num_id
            ilvl = _int(lvl.get(_w("val"))) if lvl is not None else ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, starts, restarts = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        # a num that restarts its list counts on its own; others share their abstract list
        key = num_id if restarts else abstract
        starts_at = {i: starts.get(i, levels.get(i, ("", "", 1))[2]) for i in range(9)}
        counts = self.counters.setdefault(key, [starts_at[i] - 1 for i in range(9)])
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = starts_at[deeper] - 1
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def number(m) -> str:
            i = int(m.group(1)) - 1
            n = max(counts[i], starts_at[i]) if 0 <= i < 9 else 0
            f = levels.get(i, (fmt, "", 1))[0]
            return _FORMATS.get(f, str)(n)

        return re.sub(r"%([1-9])", number, text) + " "


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@lru_cache(maxsize=1)
def _symbols() -> dict[str, dict[str, str]]:
    """pipeline/data/word_symbols.json: font name: {character code: box}."""
    path = Path(__file__).resolve().parents[1] / "data" / "word_symbols.json"
    return json.loads(path.read_text(encoding="utf-8"))["fonts"]


class _Mark:
    pass


@dataclass(frozen=True)
class _Picture:
    """A picture drawn in the text: its relationship id, its drawn area (EMU², None
    when unknown) and the share of the page it covers."""

    rid: str
    emu2: float | None = None
    coverage: float | None = None


def _drawn_area(blip) -> float | None:
    """The area a DrawingML picture is drawn at (wp:extent of its inline or anchor)."""
    up = blip.getparent()
    while up is not None and up.tag not in (_WP + "inline", _WP + "anchor"):
        up = up.getparent()
    extent = up.find(_WP + "extent") if up is not None else None
    if extent is None:
        return None
    return float(_int(extent.get("cx"))) * float(_int(extent.get("cy"))) or None


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
    rpr = r.find(_w("rPr"))
    if _on(rpr, _w("vanish")):
        return  # hidden text
    fonts = rpr.find(_w("rFonts")) if rpr is not None else None
    symbols = _symbols().get(fonts.get(_w("ascii")) if fonts is not None else None)
    for el in r:
        tag = el.tag
        if tag == T:
            text = el.text or ""
            if symbols:  # a box typed in a symbol font: its character is no letter
                text = "".join(symbols.get(f"{ord(c):04X}", c) for c in text)
            out.append(text.translate(_TICKED))
        elif tag == SYM:
            box = _symbols().get(el.get(_w("font")), {}).get((el.get(_w("char")) or "").upper())
            if box:
                out.append(box)
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
        elif not nested:  # drawings and VML shapes: pictures, text boxes inside
            boxes += [b for b in el.iter(TXBX_CONTENT) if not _inside_fallback(b, r)]
            out += [_Picture(b.get(_R_EMBED), _drawn_area(b)) for b in el.iter(BLIP)
                    if b.get(_R_EMBED) and not _inside_fallback(b, r)]
            out += [_Picture(v.get(_R_ID)) for v in el.iter(VML_IMAGE)
                    if v.get(_R_ID) and not _inside_fallback(v, r)]
