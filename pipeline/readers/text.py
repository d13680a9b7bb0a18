"""Read a text file (.txt, .md, .html, OCR exports) into pages (method "text").

Real ITA text files mix several shapes in one file: plain paragraphs, markdown pipe
tables, tab-separated rows whose cells run over several lines, HTML fragments
(<p>, <ul style=...>, <ol>, <input type="checkbox"/>) inside table cells or on their
own, and long runs of blank lines. This module turns all of them into the page text
convention of pipeline.pages: lines, tab rows, "☑"/"☐" before a checkbox label.

Encodings seen in Thai files: UTF-8 (with or without BOM), UTF-16 (Windows
"Unicode" saves, with or without BOM), TIS-620/cp874 (older Thai Windows), and
files stitched together from both. decode_text() says which one it used.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from normalizers.thai import normalize, text_quality
from pipeline.pages import TEXT, TEXT_FILE, PageResult, Read, ReadError


CHECKED = "☑"
UNCHECKED = "☐"

# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes (NUL included) that do not occur in text files (tab, LF, VT, FF, CR
# and ESC do).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
# More than this share of such bytes in the sample: binary, not text. Compressed or
# image data has ~10%; a text file with a stray NUL or two stays far below 1%.
MAX_CONTROL_SHARE = 0.01
# A UTF-16 file without BOM has a NUL in (nearly) every other byte: ASCII text has
# NUL high bytes, Thai (U+0E00-U+0E7F) has 0x0E high bytes; at least this share of
# the high-byte positions must be NUL or 0x0E.
MIN_UTF16_HIGH_SHARE = 0.9
_SAMPLE = 64 * 1024


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name).

    Encoding names: "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le",
    "utf-32-be", "cp874" (TIS-620 plus Windows extras), "utf-8+cp874" (lines in
    both). Raises ReadError("not text: binary content") for binary data. Empty data
    decodes to ("", "utf-8")."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name.replace("-sig", ""), errors="replace"), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if _looks_binary(data):
        raise ReadError("not text: binary content")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_mixed(data)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 2]  # a cut-off last byte is not evidence
    if len(sample) < 4:
        return None
    for name, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        share = (high.count(0x00) + high.count(0x0E)) / len(high)
        if share >= MIN_UTF16_HIGH_SHARE and high.count(0) > 0:
            try:
                sample.decode(name)
            except UnicodeDecodeError:  # e.g. unpaired surrogates: not UTF-16 after all
                continue
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if not sample:
        return False
    control = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    return control / len(sample) > MAX_CONTROL_SHARE


def _decode_mixed(data: bytes) -> tuple[str, str]:
    """Line by line: UTF-8 where the line is valid UTF-8, cp874 otherwise (a TIS-620
    file, or one where somebody pasted TIS-620 lines into a UTF-8 file)."""
    parts, used = [], set()
    for line in data.splitlines(keepends=True):
        try:
            parts.append(line.decode("utf-8"))
            if not line.isascii():
                used.add("utf-8")
        except UnicodeDecodeError:
            parts.append(line.decode("cp874", errors="replace"))
            used.add("cp874")
    name = "utf-8+cp874" if used == {"utf-8", "cp874"} else "cp874"
    return "".join(parts), name


# ---------------------------------------------------------------- reading


def pages(data: bytes, limits) -> Read:
    """The reader interface (pipeline/readers/registry.py): a text or HTML file's pages,
    with its encoding. Pages past limits.max_pages, and the tail of a page over
    limits.max_page_chars, are cut before they are normalised or scored (the page
    carries the note)."""
    text, encoding = decode_text(data)
    if not text.strip():  # like a 0-byte file (a byte-order mark alone decodes to "")
        raise ReadError("empty file (" + ("only a byte-order mark)" if not text else "only white space)"))
    segments = text.split("\f")
    notes = {}
    for i, seg in enumerate(segments[: limits.max_pages]):
        note = limits.chars_note(i + 1, len(seg))
        if note:
            segments[i], notes[i + 1] = seg[: limits.max_page_chars], note
    read = pages_from_text("\f".join(segments[: limits.max_pages]))
    read = [replace(p, errors=p.errors + (notes[p.page_no],)) if p.page_no in notes else p
            for p in read]
    return Read(read, len(segments), encoding)


def read_text(data: bytes) -> list[PageResult]:
    """Pages of a text file: one page per form-feed ("\\f") segment.

    Empty data gives one empty page (the lead fails zero-byte files before calling
    us; an empty page keeps "every file has >= 1 page" true for anything else).
    Raises ReadError for binary content."""
    decoded, _encoding = decode_text(data)
    return pages_from_text(decoded)


def pages_from_text(decoded: str) -> list[PageResult]:
    """read_text after decoding: for a caller that wants decode_text's encoding name
    without decoding twice."""
    segments = decoded.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    return [_page(no, segment) for no, segment in enumerate(segments, start=1)]


def _page(page_no: int, raw: str) -> PageResult:
    text = page_text(raw)
    quality = float(text_quality(text).score)  # 0.0 for an empty page
    return PageResult(page_no=page_no, method=TEXT, text=text, raw_text=raw, quality=quality,
                      method_reason=TEXT_FILE)


def page_text(raw: str) -> str:
    """Raw page text -> convention text: tables as tab rows, HTML as lines,
    checkboxes as ☑/☐, each line normalised, blank-line runs collapsed."""
    lines: list[str] = []
    for kind, block in _blocks(raw.split("\n")):
        if kind == "pipe":
            lines.extend(_pipe_rows(block))
        else:
            lines.extend(_text_lines(block))
    return _collapse_blank_runs([_clean(line) for line in lines])


def tab_lines_text(lines: list[str]) -> str:
    """Lines already in the convention's shape (paragraphs, tab rows: a Word file's) as
    page text: each cell normalised, blank-line runs collapsed."""
    return _collapse_blank_runs([_clean(line) for line in lines])


def _clean(line: str) -> str:
    """Normalise each cell; spaces collapsed; a whitespace-only line is blank."""
    if not line.strip():
        return ""
    cells = [_SPACES.sub(" ", normalize(_task_boxes(cell))).strip() for cell in line.split("\t")]
    return "\t".join(cells)


_SPACES = re.compile(r"[ \u00a0]+")
# markdown task-list boxes ("- [x] ดำเนินการ", "[ ] ยังไม่ได้ดำเนินการ") as in OCR'd markdown
_TASK_BOX = re.compile(r"(?<![\w\]])\[([ xX✓✔])\](?=\s|$)")


def _task_boxes(cell: str) -> str:
    return _TASK_BOX.sub(lambda m: UNCHECKED if m.group(1) == " " else CHECKED, cell)


def _collapse_blank_runs(lines: list[str]) -> str:
    """No blank lines at the start or end; a run of blank lines inside becomes one
    (a single blank line separates paragraphs, more says nothing)."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------- markdown


# A markdown table row starts with "|" and has at least one more "|" (the closing
# pipe is optional in markdown and often lost in OCR output).
_PIPE_ROW = re.compile(r"^\s*\|.*\|")
_PIPE_SEPARATOR = re.compile(r"^\s*\|[\s:|-]*-[\s:|-]*$")
# markdown bold; "__" is left alone: runs of underscores are signature/fill-in lines
_BOLD = re.compile(r"\*\*")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split lines into runs of markdown pipe-table rows ("pipe") and other text."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        kind = "pipe" if _PIPE_ROW.match(line) else "text"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return blocks


def _pipe_rows(block: list[str]) -> list[str]:
    """| a | b | rows -> "a\\tb"; the |---|---| separator rows dropped; HTML in a
    cell flattened to one line (a cell's line breaks become spaces)."""
    rows = []
    for line in block:
        if _PIPE_SEPARATOR.match(line):
            continue
        body = line.strip()[1:]
        if body.endswith("|") and not body.endswith("\\|"):
            body = body[:-1]
        cells = re.split(r"(?<!\\)\|", body)
        rows.append("\t".join(_inline(cell.replace("\\|", "|")) for cell in cells))
    return rows


def _inline(fragment: str) -> str:
    """A cell's content as one line."""
    text = _from_markup(fragment)
    text = _BOLD.sub("", text)
    return " ".join(text.split())


def _text_lines(block: list[str]) -> list[str]:
    """Ordinary text lines: HTML converted if there is any, markdown emphasis and
    heading marks dropped; tab rows kept as they are."""
    text = _from_markup("\n".join(block))
    lines = text.split("\n")
    return [_HEADING.sub("", _BOLD.sub("", line)) for line in lines]


# ---------------------------------------------------------------- HTML


def _from_markup(text: str) -> str:
    """HTML converted where there is any; entities unescaped where there are any."""
    if _HAS_TAG.search(text):
        return html_to_text(text)
    if _ENTITY.search(text):
        return html.unescape(text)
    return text


_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


# Only these tags make us treat a block as HTML, so "a<b" in prose stays prose.
_KNOWN_TAGS = (
    "a|b|big|blockquote|body|br|caption|center|code|dd|div|dl|dt|em|font|h[1-6]|head|hr|html|i|img|input|"
    "label|li|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|u|ul|"
    "meta|link|style|script|!doctype|!--"
)
_HAS_TAG = re.compile(rf"<(/?({_KNOWN_TAGS})\b[^>]*|!--.*?--)>", re.IGNORECASE | re.DOTALL)
# Tags that end a line before and after themselves.
_BLOCK_TAGS = frozenset(
    "p div ul ol li br h1 h2 h3 h4 h5 h6 blockquote pre dl dt dd hr caption title table thead tbody tfoot body".split()
)
_SKIP_TAGS = frozenset(("script", "style", "head"))


def html_to_text(fragment: str) -> str:
    """HTML (a whole page or a fragment inside OCR text) -> lines in the page
    convention. In a fragment, the source's own line breaks are kept (they are the
    OCR's lines); in a full document (<html>/<body>) whitespace is insignificant, as
    browsers treat it. Tables become tab rows. A tab in a source line marks a tab
    row: block tags inside it (<p>a</p>\\t<p>b</p>) do not break the row."""
    document = bool(re.search(r"<(html|body|!doctype)\b", fragment, re.IGNORECASE))
    parser = _TextBuilder(fragment, document)
    parser.feed(fragment)
    parser.close()
    return parser.result()


class _TextBuilder(HTMLParser):
    def __init__(self, source: str, document: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        # 1-based source line numbers holding a tab outside tags: tab rows
        self.tab_lines = {no for no, line in enumerate(source.split("\n"), 1) if "\t" in _TAGS.sub("", line)}
        self.lines: list[str] = [""]
        self.skip = 0
        self.lists: list[list] = []  # per open list: [kind, counter, numbered]
        self.table_depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        # a tag just ended the line: the source newline right after it is the same break
        self.just_broke = False

    # -- output helpers
    def _write(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
            return
        if self.just_broke and text:
            text = _BLANK_TO_EOL.sub("", text, count=1)
            self.just_broke = False
        parts = text.split("\n")
        self.lines[-1] += parts[0]
        for part in parts[1:]:
            self.lines.append(part)

    def _break(self) -> None:
        """End the current line, unless it is empty or a tab row continues."""
        if self.cell is not None:
            self.cell.append(" ")
            return
        if self.getpos()[0] in self.tab_lines and not self.document:
            self._write(" ")
            return
        if self.lines[-1].strip():
            self.lines.append("")
            self.just_broke = True

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "body":
            self.skip = 0  # a <head> nobody closed ends here
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "input":
            self._checkbox(attrs)
        elif tag in ("table",):
            self._break()
            self.table_depth += 1
        elif tag == "tr" and self.table_depth:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in ("ul", "ol"):
            self._break()
            numbered = tag == "ol" and "none" not in (attrs.get("style") or "").replace(" ", "")
            self.lists.append([tag, 0, numbered])
        elif tag == "li":
            self._break()
            self._write(self._bullet())
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("input", "br", "hr", "img", "meta", "link"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._end_row()
        elif tag == "table" and self.table_depth:
            self._end_row()
            self.table_depth -= 1
            self._break()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break()
        elif tag in _BLOCK_TAGS and tag != "br":
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.table_depth and self.cell is None:
            return  # whitespace between <tr>/<td> tags
        if self.document:
            data = re.sub(r"\s+", " ", data)
        self._write(data)

    def _checkbox(self, attrs: dict) -> None:
        if (attrs.get("type") or "").lower() not in ("checkbox", "radio"):
            return
        self._write((CHECKED if "checked" in attrs else UNCHECKED) + " ")

    def _bullet(self) -> str:
        if not self.lists:
            return ""
        current = self.lists[-1]
        current[1] += 1
        return f"{current[1]}. " if current[2] else ""

    def _end_row(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        if self.row:
            if self.lines[-1].strip():
                self.lines.append("")
            self.lines[-1] = "\t".join(self.row)
            self.lines.append("")
            self.just_broke = True
        self.row = None

    def result(self) -> str:
        if self.cell is not None or self.row:
            self._end_row()
        return "\n".join(line.strip(" ") for line in self.lines)


_TAGS = re.compile(r"<[^>]*>")
_BLANK_TO_EOL = re.compile(r"^[ \t]*\n")
