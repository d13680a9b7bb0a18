"""Generate a corpus of bad inputs (and a few good files) into a folder, no downloads.

    python tests/badinputs.py OUT_DIR      # then: ita ingest OUT_DIR

`make_corpus(folder)` returns {relative path: Case}: what `ita ingest` must make of
each file (tests/test_bad_inputs.py checks every one). Cases that tests/test_ingest.py
already covers the same way (an empty `.pdf`, a PDF cut after its header, HTML named
`.pdf`, bytes 0-255 named `.txt`, a PNG named `.pdf`, an unreadable file, a memo copied
under a Thai name with spaces, TIS-620 text) are not repeated here; these extend them.
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdfgen  # noqa: E402
from conftest import MEMO  # noqa: E402


@dataclass(frozen=True)
class Case:
    status: str  # ok / partial / failed; "" where the file has no files row of its own
    reason: str = ""  # a word files.error must contain (case-insensitive)
    note: str = ""


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from raw object bodies (1-based numbers), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def corrupt_page_pdf() -> bytes:
    """Two pages; page 2's content stream has a filter no reader knows, so pdfminer
    fails on it and pdfium renders it blank: the page cannot be read either way."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 7 0 R >> >> >>"
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        page % 5,
        page % 6,
        _stream(b"BT /F1 24 Tf 72 720 Td (Integrity and Transparency Assessment) Tj ET"),
        _stream(b"\x00garbage\xff" * 20, b"/Filter /NoSuchFilter"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def broken_page_tree_pdf() -> bytes:
    """A page whose MediaBox holds a keyword where a number must be: pdfminer cannot
    even list the pages (before the fix, its error on close hid the reason)."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 -5 nan] /Contents 4 0 R >>",
        _stream(b"BT ET"),
    ])


def blank_pages_pdf(n: int = 2000) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(n):
        pdf.add_page()
    return bytes(pdf.output())


def docx_document():
    """A one-page Word memo (python-docx)."""
    from docx import Document

    doc = Document()
    for line in MEMO.replace("หนองบัว", "หนองคำ").splitlines():
        doc.add_paragraph(line)
    return doc


def bomb_png(side: int = 20_000) -> bytes:
    """A 20,000 x 20,000 grey PNG (400 Mpx) of a few hundred KB: a decompression bomb."""
    row = b"\x00" + b"\xff" * side  # filter byte + white pixels
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def tiff_with_huge_frame(side: int = 15_000) -> bytes:
    """A TIFF of 11 KB: a 100 x 100 first frame, then a 15,000 x 15,000 16-bit one
    (225 Mpx, 450 MB decoded; its deflate strip is cut short, as a bomb's would not be)."""
    def ifd(w: int, h: int, bits: int, compression: int, strip_off: int, strip_len: int, next_off: int) -> bytes:
        entries = [(256, 4, w), (257, 4, h), (258, 3, bits), (259, 3, compression), (262, 3, 1),
                   (273, 4, strip_off), (277, 3, 1), (278, 4, h), (279, 4, strip_len)]
        out = struct.pack("<H", len(entries))
        for tag, typ, value in entries:  # SHORT values left-justified in the 4-byte field
            out += struct.pack("<HHI", tag, typ, 1) + struct.pack("<HH" if typ == 3 else "<I", *((value, 0) if typ == 3 else (value,)))
        return out + struct.pack("<I", next_off)

    small = b"\xff" * 100 * 100
    big = zlib.compress(b"\x00" * 1_000_000)
    ifd_len = 2 + 9 * 12 + 4
    off_ifd0 = 8 + len(small)
    off_big = off_ifd0 + ifd_len
    off_ifd1 = off_big + len(big)
    return (b"II*\x00" + struct.pack("<I", off_ifd0) + small
            + ifd(100, 100, 8, 1, 8, len(small), off_ifd1) + big
            + ifd(side, side, 16, 8, off_big, len(big), 0))


def make_corpus(d: Path) -> dict[str, Case]:
    d.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Case] = {}

    def put(name: str, data: bytes | str, case: Case) -> None:
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[name] = case

    memo_pdf = pdfgen.memo_pdf()
    # good files: loaded whatever is around them
    put("good/memo.txt", MEMO, Case("ok"))
    put("good/memo.pdf", memo_pdf, Case("ok"))
    put("good/สำเนา รายงาน ITA ปี ๒๕๖๗.pdf", memo_pdf,  # the same PDF twice, Thai name with spaces
        Case("", note="duplicate of good/memo.pdf: loaded once, both paths in file_paths"))

    put("zero_bytes.txt", b"", Case("failed", "empty"))
    put("truncated_memo.pdf", pdfgen.truncated(memo_pdf), Case("failed", "PDF"))
    put("encrypted_password.pdf", pdfgen.encrypted_pdf("secret"), Case("failed", "password"))
    put("encrypted_empty_password.pdf", pdfgen.encrypted_pdf(""),
        Case("ok", note="encrypted against editing only: opens with the empty password"))
    put("broken_page_tree.pdf", broken_page_tree_pdf(), Case("failed", "corrupt PDF"))
    put("blank_2000_pages.pdf", blank_pages_pdf(), Case("partial", "too many pages"))
    put("bomb.png", bomb_png(), Case("failed", "decompression bomb"))
    put("second_frame_bomb.tiff", tiff_with_huge_frame(), Case("failed", "page 2: image too large"))
    put("html_404.pdf", pdfgen.HTML_NOT_PDF,
        Case("ok", note="an HTML error page named .pdf is read as the HTML it is"))
    put("corrupt_page.pdf", corrupt_page_pdf(), Case("partial", "page 2"))
    # text encodings: hard, not bad -- decoded and loaded
    put("utf16.txt", MEMO.replace("หนองบัว", "หนองกุง").encode("utf-16"), Case("ok"))
    lines = MEMO.replace("หนองบัว", "หนองแสง").splitlines(keepends=True)
    mixed = "".join(lines[:8]).encode("utf-8") + "".join(lines[8:]).encode("cp874")
    put("mixed_encoding.txt", mixed, Case("ok"))
    put("tis620_only.txt", MEMO.replace("หนองบัว", "หนองโน").encode("tis-620"), Case("ok"))
    put("bom_only.txt", b"\xef\xbb\xbf", Case("failed", "empty"))
    nul = MEMO.replace("หนองบัว", "หนองนุล").replace("\n", "\x00\n", 3)
    put("nul_chars.txt", nul, Case("ok", note="NULs dropped from pages.text"))
    stored = io.BytesIO()  # a zip of uncompressed text: its bytes look like text
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        z.writestr("memo.txt", MEMO * 3)
    put("reports.zip", stored.getvalue(), Case("failed", "zip archive"))
    word = io.BytesIO()
    docx_document().save(word)  # cut in half: the parts' headers are there, the zip's index is not
    put("truncated.docx", word.getvalue()[: len(word.getvalue()) // 2], Case("failed", "Word file"))
    bad_crc = bytearray(bomb_png(50))
    bad_crc[29] ^= 0xFF  # the IHDR chunk's CRC
    put("bad_crc.png", bytes(bad_crc), Case("failed", "bad header checksum"))
    put("random_junk.txt", random.Random(8).randbytes(50_000), Case("failed", "unsupported"))
    # one 10 MB line: read up to the page character limit, never hangs
    line = MEMO.replace("\n", " ").replace("หนองบัว", "หนองยาว")
    big = (line * (10_000_000 // len(line.encode()) + 1)).encode()[:10_000_000]
    put("one_line_10mb.txt", big.decode("utf-8", "ignore").encode(), Case("partial", "too many characters"))
    # over the file size limit (200 MB): a sparse file, so it costs no disk
    huge = d / "huge_scan.pdf"
    with open(huge, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(201 * 1024 * 1024)
    cases["huge_scan.pdf"] = Case("failed", "too large")
    # a symlink loop (two links to each other) and a folder link to its parent
    os.symlink("loop_b.pdf", d / "loop_a.pdf")
    os.symlink("loop_a.pdf", d / "loop_b.pdf")
    cases["loop_a.pdf"] = Case("failed", "symbolic links")
    cases["loop_b.pdf"] = Case("failed", "symbolic links")
    os.symlink(".", d / "folder_loop")
    # a name in TIS-620/cp874 bytes (a Windows zip unpacked on Linux): not UTF-8, so
    # stored with its bytes escaped (ร า ย ง า น = c3 d2 c2 a7 d2 b9 in cp874)
    (d / os.fsdecode("รายงาน.txt".encode("cp874"))).write_bytes(
        MEMO.replace("หนองบัว", "หนองหิน").encode("utf-8"))
    cases["\\xc3\\xd2\\xc2\\xa7\\xd2\\xb9.txt"] = Case("ok", note="cp874 bytes in the name")
    # a newline and a terminal escape in a name: stored as they are, printed escaped
    put("new\nline\x1b[31m.txt", MEMO.replace("หนองบัว", "หนองขาม"), Case("ok"))
    # a folder named like a file: walked into, its files read
    put("x.pdf/inside.txt", MEMO.replace("หนองบัว", "หนองใน"), Case("ok"))
    return cases


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_inputs")
    for name, case in make_corpus(out).items():
        print(f"{case.status or '-':<8} {name}")
