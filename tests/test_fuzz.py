"""Fuzzing the per-file boundary (hypothesis): whatever text or bytes a file holds,
reading, extraction and the checks never let an exception out; the result is a
FileResult. The default run is short; `-m slow` runs a long one, and
ITA_FUZZ_EXAMPLES=N sets its size (the 10-minute run reported in issue 8 used it)."""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline import discover as disc
from pipeline.readers import registry
from pipeline.stages import FileResult, FileTask, finish_file, process_file
from pipeline.readers.text import pages_from_text

THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable() or 0x0E31 <= c <= 0x0E4E)
ALPHABET = THAI + "๐๑๒๓๔๕๖๗๘๙0123456789 .,:/()-%\t\n\f|☑☐ABCDEIOT" + "\u200b\ufeff\ue000"
FRAGMENTS = [
    "บันทึกข้อความ", "องค์การบริหารส่วนตำบล", "จังหวัด", "อำเภอ", "ปีงบประมาณ พ.ศ. ๒๕๖๗",
    "ได้รับผลการประเมิน", "คะแนน", "ระดับผลการประเมิน", "ผ่านดี", "ตัวชี้วัดที่", "ลำดับที่",
    "IIT", "EIT", "OIT", "O42", "I1", "E12", "การปฏิบัติหน้าที่", "๙๓.๗๑", "100.00", "๑๐๐",
    "<table><tr><td>", "</td><td>", "</td></tr></table>", "<p>", "<br>", "<li>", "<input type=checkbox checked>",
    "| ลำดับ | ตัวชี้วัด | คะแนน |", "|---|---|---|", "☑ ดำเนินการแล้ว", "☐ ยังไม่ดำเนินการ",
    "วันที่ ๑๕ มกราคม ๒๕๖๘", "ที่ นม ๗๑๒๐๑/๑๒๓", "\n", "\t", "\f", "(cid:17)",
]
texts = st.lists(
    st.one_of(st.text(ALPHABET, max_size=40), st.sampled_from(FRAGMENTS)), max_size=60
).map("".join)

TASK = FileTask("fuzz.txt", "0" * 64, registry.TEXT, None)
SHORT = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=int(os.environ.get("ITA_FUZZ_EXAMPLES", "3000")), deadline=None,
                suppress_health_check=list(HealthCheck))


def _text_through_finish(text: str) -> None:
    result = finish_file(TASK, pages_from_text(text), "utf-8")
    assert isinstance(result, FileResult)
    assert result.status in ("ok", "partial", "failed")


def _bytes_through_process(data: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
        f.write(data)
    try:
        file_id, media_type = disc.hash_and_sniff(f.name)
        result = process_file(FileTask(f.name, file_id, media_type, len(data)))
        assert isinstance(result, FileResult)
        assert result.status in ("ok", "partial", "failed")
    finally:
        os.unlink(f.name)


# bytes that look like the file kinds we sniff, so every reader is reached
byte_inputs = st.one_of(
    st.binary(max_size=2000),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("utf-16")),
    texts.map(lambda t: t.encode("cp874", errors="ignore")),
    st.tuples(st.sampled_from([b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00",
                                     b"PK\x03\x04word/document.xml"]),
              st.binary(max_size=2000)).map(b"".join),
)


@SHORT
@given(texts)
def test_any_text_through_extraction_never_raises(text):
    _text_through_finish(text)


@SHORT
@given(byte_inputs)
def test_any_bytes_through_process_file_never_raise(data):
    _bytes_through_process(data)


@pytest.mark.slow
@LONG
@given(texts)
def test_any_text_long(text):
    _text_through_finish(text)


@pytest.mark.slow
@LONG
@given(byte_inputs)
def test_any_bytes_long(data):
    _bytes_through_process(data)
