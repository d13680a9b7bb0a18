"""The regular-expression tokenizer (pipeline/readers/pdf_tokens.py) reads a content
stream exactly as pdfminer's own tokenizer does, or declines: every case below is
compared with pdfminer's reading, token by token (value and position), and through
pdfminer's stack parser (arrays, dictionaries) object by object."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

import pdfgen
from pipeline.readers import pdf_chars
from pipeline.readers.pdf_tokens import FastContentParser, tokens

BUF = 4096


def _streams(*datas: bytes) -> list[PDFStream]:
    return [PDFStream({}, d) for d in datas]


def _drain(parser, step) -> list:
    out = []
    while True:
        try:
            out.append(step(parser))
        except PSEOF:
            return out


def _pdfminer_tokens(datas) -> list:
    try:
        return _drain(PDFContentParser(_streams(*datas)), lambda p: p.nexttoken())
    except PSEOF:
        return []


def _same(datas) -> bool | None:
    """None where the fast tokenizer declines, else whether it agrees with pdfminer
    (tokens and the stack parser's objects)."""
    got = tokens(_streams(*datas))
    if got is None:
        return None
    want = _pdfminer_tokens(datas)
    if [(p, repr(t)) for p, t in got] != [(p, repr(t)) for p, t in want]:
        return False
    objs = [_drain(cls(_streams(*datas)), lambda p: p.nextobject())
            for cls in (FastContentParser, PDFContentParser)]
    return repr(objs[0]) == repr(objs[1])


# streams the fast tokenizer must read itself, and read as pdfminer does
READ = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"q 1 0 0 1 -3.5 +.25 cm 0.5 w 1. 2 -.75 re f Q",
    b"1.2.3 -0 +7 00012 1.50",  # "1.2.3" is 1.2 then .3
    b"[(A) -120 (B) 5.5 <0E330E32>] TJ",
    b"<48 65\n6c 6C6f> Tj <ABC> Tj <> Tj",  # spaces in hex, an odd last digit, empty
    b"/Span<</ActualText<FEFF0E33>>>BDC (x) Tj EMC",  # LibreOffice's marked content
    b"<< /A 1 /B [1 2 3] /C << /D (e) >> >> BDC",
    b"(a\\(b\\)c \\\\ \\n\\r\\t\\b\\f) Tj",
    b"(\\101\\1012\\0053\\7) Tj (\\q\\\nz) Tj",  # octal of 1-3 digits, unknown escape, continuation
    b"(\x00\x12\xff binary\x00) Tj",  # fpdf2's two-byte glyph ids, NULs inside a string
    b"/Name/Other/\xe0\xb8\x81 /N\xff",  # names: back to back, UTF-8, not UTF-8
    b"true false null T* ' \" d0 d1",
    b"% a comment\n1 0 0 RG % another\r0 0 m 10 10 l S",
    b"{ 1 2 add } 3",
    b"0 0 m 5 5 l S >",  # a lone >
    b"Tj",  # a keyword at the very end
    # arrays of plain tokens are built without pdfminer's stack parser: empty, of every
    # plain kind, one holding an array or an operator, one inside a dictionary
    b"[] TJ [(a)] TJ [<0041> -12.5 <0042>]TJ [1 [2] 3] 4",
    b"[/A true false 1.5 -2 <41> (b)] 5 [(x) Tj] 6 [<< /K 1 >>] 7",
    b"<< /A [1 2] >> BDC [3 4] TJ << /B [[5]] >> 8",
]

# streams it may decline; where it reads one, it must read it as pdfminer does
EDGE = [
    b"/A#20B 1 Tf",  # escape in a name
    b"(a(b)c) Tj",  # nested parentheses
    b"(\\777) Tj",  # octal over 255: pdfminer fails
    b"(a\\\r\nb) Tj",
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",  # an inline image
    b"- 5 . 1",  # a sign or dot alone: pdfminer drops them
    b"1 2 \x00 3",  # a NUL outside a string
    b"\x01 1",
    b"<41>>> 1",
    b"(unterminated",
    b"<4142",
    b"[(a) 1 2",  # an array never closed
    b"[(a) 1 2 ] ]",  # one closed twice
]


@pytest.mark.parametrize("data", READ)
def test_reads_as_pdfminer(data):
    assert _same([data]) is True


@pytest.mark.parametrize("data", EDGE)
def test_edge_cases_declined_or_read_as_pdfminer(data):
    assert _same([data]) in (None, True)


def _at_boundary(piece: bytes, offset: int) -> bytes:
    """`piece` placed so that its byte at `offset` is the last of pdfminer's first 4 KiB."""
    return b" " * (BUF - 1 - offset) + piece + b" 1 2 re"


@pytest.mark.parametrize("piece, offset", [
    (b"(ab\\101cd) Tj", 3), (b"(ab\\101cd) Tj", 4), (b"(ab\\101cd) Tj", 6),
    (b"(ab\\(cd) Tj", 3), (b"(ab\\(cd) Tj", 4),
    (b"<< /A 1 >>", 0), (b"<< /A 1 >>", 1), (b"<< /A 1 >>", 8), (b"<< /A 1 >>", 9),
    (b"<41> Tj", 0), (b"<41> Tj", 3), (b"<FEFF0E33>>>", 9), (b"<FEFF0E33>>>", 10),
    (b"123.456 Tm", 2), (b"/Name 1", 2), (b"BDC (x) Tj", 1), (b"(x y z) Tj", 2),
])
def test_pdfminers_4k_buffer(piece, offset):
    """pdfminer reads 4 KiB at a time and goes on with a token cut by a buffer's end in
    the next: the one regular expression over the whole stream reads the same."""
    assert _same([_at_boundary(piece, offset)]) is True


def test_backslash_cr_lf_across_pdfminers_buffer_is_declined():
    """pdfminer drops the LF of an escaped CR LF only when both are in one buffer."""
    # the CR the last byte of the buffer: pdfminer keeps the LF
    assert _pdfminer_tokens([_at_boundary(b"(a\\\r\nb) Tj", 3)])[0][1] == b"a\nb"
    assert tokens(_streams(_at_boundary(b"(a\\\r\nb) Tj", 3))) is None


@pytest.mark.parametrize("datas", [
    [b"BT /F1 12 Tf", b"ET"],
    [b"BT /F1 12 Tf ", b" 72 700 Td (a) Tj ET"],
    [b"1 0 0 1 0 0 c", b"m 1 2 l S"],  # a keyword ends with its stream
    [b"q 12", b"34 Q"],  # a number too
    [b"(a) Tj", b"", b"(b) Tj"],  # an empty stream between
    [b"q /", b"F1 12 Tf Q"],  # a bare "/": pdfminer reads the name on into the next stream
    [b"(ab", b"cd) Tj"],  # a string across streams
])
def test_several_streams(datas):
    assert _same(datas) in (None, True)
    if not datas[0].endswith((b"/", b"(ab")):
        assert _same(datas) is True


def test_pages_read_alike(tmp_path):
    """A whole page (fpdf2's Thai memo with its table) gives the same glyphs by either
    tokenizer, and the fast one read it."""
    data = pdfgen.memo_pdf(pdfgen.FONT)
    with pdfplumber.open(io.BytesIO(data)) as a, pdfplumber.open(io.BytesIO(data)) as b:
        for page_a, page_b in zip(a.pages, b.pages):
            got = pdf_chars.layout_objects(page_a)
            assert tokens(page_a.page_obj.contents if isinstance(page_a.page_obj.contents, list)
                          else [page_a.page_obj.contents]) is not None
            want = [{k: c[k] for k in ("text", "size", "x0", "x1", "top", "bottom")}
                    for c in page_b.chars if c["text"]]
            assert [{k: c[k] for k in want[0]} for c in got.chars] == want
            assert len(got.rules) == len(page_b.lines) + len(page_b.rects) + len(page_b.curves) > 0
