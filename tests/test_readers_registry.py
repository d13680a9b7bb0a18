"""The readers' registry (pipeline/readers/registry.py): every input format is told by its
first bytes and read by the reader registered for its media type; ingest, discovery and
OCR name no format."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.limits import DEFAULT_LIMITS
from pipeline.pages import ReadError
from pipeline.readers import registry

ROOT = Path(__file__).resolve().parents[1]


def _zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, data)
    return buf.getvalue()


def _docx() -> bytes:
    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("head, media_type", [
    (b"", registry.EMPTY),
    (b"\r\n%PDF-1.7\n", registry.PDF),  # junk before the header, as some writers leave
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, registry.PNG),
    (b"\xff\xd8\xff\xe0", registry.JPEG),
    (b"II*\x00", registry.TIFF),
    (_docx()[:8192], registry.DOCX),
    (_zip("memo.txt", "บันทึกข้อความ".encode() * 50)[:8192], registry.ZIP),
    ("<p>รายงานผล</p>".encode(), registry.HTML),
    ("บันทึกข้อความ".encode("utf-16"), registry.TEXT),
    ("บันทึกข้อความ".encode("cp874"), registry.TEXT),
    (bytes(range(256)) * 4, registry.UNKNOWN),
])
def test_each_format_is_told_by_its_first_bytes(head, media_type):
    assert registry.sniff(head) == media_type


def test_a_type_no_reader_reads_is_refused_with_what_is_read():
    with pytest.raises(ReadError, match=r"unsupported file type \(not one of: PDF, .*Word \(DOCX\)"):
        registry.reader(registry.UNKNOWN).pages(b"\x00\x01", DEFAULT_LIMITS)
    with pytest.raises(ReadError, match="zip archive"):
        registry.reader(registry.ZIP).pages(b"PK\x03\x04", DEFAULT_LIMITS)
    # a format without pictures has no page to OCR
    assert registry.reader(registry.TEXT).pages_to_ocr("memo.txt", [], 10) == {}
    with pytest.raises(ReadError, match="page 2"):
        registry.reader(registry.TEXT).page_image("memo.txt", 2, None)


def test_ingest_discovery_and_ocr_name_no_format():
    media = {r.media_type for r in registry.READERS} | set(registry.IMAGE_TYPES)
    names = {n for n in dir(registry) if isinstance(getattr(registry, n), str) and getattr(registry, n) in media}
    for module in ("pipeline/ingest.py", "pipeline/discover.py", "pipeline/ocr/page.py"):
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        named = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} & names
        literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)} & media
        assert not named and not literals, (module, named, literals)
