"""pipeline.readers.text: encodings, page breaks and every text shape seen in real
OCR'd ITA reports (pipe tables, tab rows, HTML fragments, checkboxes)."""

from __future__ import annotations

import random
import re
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.pages import TEXT, ReadError
from pipeline.readers.text import decode_text, html_to_text, page_text, pages_from_text, read_text

MEMO_LINE = "องค์การบริหารส่วนตำบลคอน ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน ระดับผลการประเมิน : ผ่านดี"


def one_page(text: str) -> str:
    pages = read_text(text.encode("utf-8"))
    assert len(pages) == 1
    return pages[0].text


# ---------------------------------------------------------------- encodings


def test_utf8_plain():
    text, enc = decode_text(MEMO_LINE.encode("utf-8"))
    assert (text, enc) == (MEMO_LINE, "utf-8")


def test_utf8_bom_is_dropped():
    text, enc = decode_text(b"\xef\xbb\xbf" + MEMO_LINE.encode("utf-8"))
    assert (text, enc) == (MEMO_LINE, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    data = ("\ufeff" + MEMO_LINE).encode(codec)
    text, enc = decode_text(data)
    assert text == MEMO_LINE
    assert enc == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_detected_by_nul_pattern(codec):
    source = "บันทึกข้อความ\r\nเรื่อง รายงานผล ITA ปี 2567\r\nคะแนน 93.71\r\n"
    text, enc = decode_text(source.encode(codec))
    assert text == source
    assert enc == codec


def test_tis620_file():
    source = "บันทึกข้อความ\nส่วนราชการ องค์การบริหารส่วนตำบลคอน\nคะแนน ๙๓.๗๑\n"
    text, enc = decode_text(source.encode("cp874"))
    assert text == source
    assert enc == "cp874"
    assert read_text(source.encode("cp874"))[0].text == source.strip()


def test_mixed_utf8_and_tis620_lines_decode_line_by_line():
    data = (
        "เรื่อง รายงานผลการประเมิน\n".encode("utf-8")
        + "ส่วนราชการ สำนักปลัด\n".encode("cp874")
        + "คะแนน 93.71\n".encode("utf-8")
    )
    text, enc = decode_text(data)
    assert text == "เรื่อง รายงานผลการประเมิน\nส่วนราชการ สำนักปลัด\nคะแนน 93.71\n"
    assert enc == "utf-8+cp874"


def test_binary_junk_is_not_text():
    junk = bytes(range(256)) * 20
    with pytest.raises(ReadError, match="not text: binary content"):
        read_text(junk)


def test_compressed_data_is_binary():
    # a .docx/.zip renamed .txt: a header and deflated bytes
    body = zlib.compress(bytes(random.Random(3).randrange(256) for _ in range(4000)))
    with pytest.raises(ReadError, match="binary"):
        decode_text(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + body)


def test_a_stray_nul_in_a_text_file_is_still_text():
    data = ("บันทึกข้อความ เรื่อง รายงานผลการประเมิน\n" * 20).encode("utf-8") + b"\x00"
    text, enc = decode_text(data)
    assert enc == "utf-8" and text.startswith("บันทึกข้อความ")


def test_utf16_with_odd_trailing_byte():
    data = "เรื่อง รายงานผล ITA\n".encode("utf-16-le") * 3 + b"\x0e"
    text, enc = decode_text(data)
    assert enc == "utf-16-le" and text.startswith("เรื่อง รายงานผล ITA\n")


def test_pages_from_text_matches_read_text():
    data = "หน้าหนึ่ง\fหน้าสอง".encode("cp874")
    text, enc = decode_text(data)
    assert enc == "cp874"
    assert pages_from_text(text) == read_text(data)


def test_empty_bytes_give_one_empty_page():
    # Documented choice: the lead fails zero-byte files before calling us.
    pages = read_text(b"")
    assert len(pages) == 1
    assert pages[0].text == "" and pages[0].method == TEXT and pages[0].page_no == 1


# ---------------------------------------------------------------- pages, lines


def test_form_feed_splits_pages():
    pages = read_text("หน้าหนึ่ง\n\fหน้าสอง\n\fหน้าสาม".encode("utf-8"))
    assert [p.text for p in pages] == ["หน้าหนึ่ง", "หน้าสอง", "หน้าสาม"]
    assert [p.page_no for p in pages] == [1, 2, 3]
    assert all(p.method == TEXT for p in pages)


def test_page_keeps_raw_text_and_quality():
    raw = "\n\n\nบันทึกข้อความ\n\nส่วนราชการ   สำนักปลัด\n"
    page = read_text(raw.encode("utf-8"))[0]
    assert page.raw_text == raw
    assert page.text == "บันทึกข้อความ\n\nส่วนราชการ สำนักปลัด"
    assert page.quality is not None and page.quality > 0.8


def test_blank_line_runs_collapse_to_one():
    text = one_page("\n\n\n\nบันทึกข้อความ\n\n\n\n\nเรื่องเดิม\nข้อเท็จจริง\n\n\n\n")
    assert text == "บันทึกข้อความ\n\nเรื่องเดิม\nข้อเท็จจริง"


def test_crlf_and_whitespace_only_lines():
    text = one_page("เรื่องเดิม\r\n \t \r\n\t\r\nข้อเท็จจริง\r\n")
    assert text == "เรื่องเดิม\n\nข้อเท็จจริง"


def test_lines_are_normalised_sara_am_composed():
    # nikhahit + sara aa (as PDF-to-text tools write sara am) becomes sara am
    text = one_page("ส่วนราชการ องค์การบริหารส่วนต\u0e4d\u0e32บลคอน")
    assert text == "ส่วนราชการ องค์การบริหารส่วนตำบลคอน"


# ---------------------------------------------------------------- tables


def test_markdown_pipe_table_becomes_tab_rows():
    text = one_page(
        "| ลำดับที่ | รายละเอียดตัวชี้วัด | คะแนน |\n"
        "|----------|------------------------|--------|\n"
        "| 1 | การปฏิบัติหน้าที่ | 100.00 |\n"
        "| 2 | การใช้บุคลากร | 98.16 |\n"
    )
    assert text.split("\n") == [
        "ลำดับที่\tรายละเอียดตัวชี้วัด\tคะแนน",
        "1\tการปฏิบัติหน้าที่\t100.00",
        "2\tการใช้บุคลากร\t98.16",
    ]


def test_pipe_table_odd_separators_and_empty_cells():
    text = one_page(
        "| ข้อ | ชื่อมาต | องค์ประกอบ | | ผู้รับผิดชอบ |\n"
        "|-----|--|:--:|--|--------------|\n"
        "| | | องค์ประกอบ | องค์ประกอบ | |\n"
        "| O9 | Social Network | - แสดงช่องทาง | | สำนักปลัด |\n"
    )
    assert text.split("\n") == [
        "ข้อ\tชื่อมาต\tองค์ประกอบ\t\tผู้รับผิดชอบ",
        "\t\tองค์ประกอบ\tองค์ประกอบ\t",
        "O9\tSocial Network\t- แสดงช่องทาง\t\tสำนักปลัด",
    ]


def test_pipe_row_without_closing_pipe():
    assert one_page("| O1 | โครงสร้าง | สำนักปลัด") == "O1\tโครงสร้าง\tสำนักปลัด"


def test_html_inside_pipe_cells_stays_on_one_row():
    row = (
        '| O3 | อำนาจหน้าที่ | <ul style="list-style-type: none"> - แสดงหน้าที่และอำนาจของหน่วยงาน | '
        'สำนักปลัด | <input type="checkbox"/> ยังไม่ได้ดำเนินการ <input checked="" type="checkbox"/> '
        'ดำเนินการ <ul style="list-style-type: none"> - เผยแพร่ผ่านเว็บไซต์ |'
    )
    text = one_page(row)
    assert text == (
        "O3\tอำนาจหน้าที่\t- แสดงหน้าที่และอำนาจของหน่วยงาน\tสำนักปลัด\t"
        "☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ - เผยแพร่ผ่านเว็บไซต์"
    )


def test_paragraphs_inside_pipe_cell_join_with_spaces():
    text = one_page(
        "| ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน | <p>1. กำหนดขั้นตอนอย่างชัดเจน</p> <p>2. สร้างจิตสำนึก</p> | สำนักปลัด |"
    )
    assert text == "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน\t1. กำหนดขั้นตอนอย่างชัดเจน 2. สร้างจิตสำนึก\tสำนักปลัด"


def test_tab_rows_are_kept_as_they_are():
    source = (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\t\t\tคะแนนรวม  96.75   คะแนน\n"
        "\tประเด็น\n"
        "\tวิเคราะห์ผลการประเมิน\n"
        "(แนวทาง/มาตรการ)\n"
        "๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน\n"
    )
    assert one_page(source).split("\n") == [
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\t\t\tคะแนนรวม 96.75 คะแนน",
        "\tประเด็น",
        "\tวิเคราะห์ผลการประเมิน",
        "(แนวทาง/มาตรการ)",
        "๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน",
    ]


def test_paragraph_cells_in_a_tab_row_do_not_break_the_row():
    source = (
        "<p>i๑๒ ประเด็น เจ้าหน้าที่ขาดการกำกับดูแล</p>\t<p>จัดทำมาตรการ</p>\t"
        "<p>ทุกกอง/ทุกส่วนงาน</p>\t<p>ปีงบประมาณ พ.ศ.๒๕๖๘</p>"
    )
    assert one_page(source) == (
        "i๑๒ ประเด็น เจ้าหน้าที่ขาดการกำกับดูแล\tจัดทำมาตรการ\tทุกกอง/ทุกส่วนงาน\tปีงบประมาณ พ.ศ.๒๕๖๘"
    )


def test_html_table_becomes_tab_rows():
    source = (
        "ตารางคะแนน\n"
        "<table>\n  <tr><th>ตัวชี้วัด</th><th>คะแนน</th></tr>\n"
        "  <tr><td>การเปิดเผย<br>ข้อมูล</td><td>๑๐๐.๐๐</td></tr>\n"
        "</table>\n"
        "จึงเรียนมาเพื่อโปรดทราบ"
    )
    assert one_page(source).split("\n") == [
        "ตารางคะแนน",
        "ตัวชี้วัด\tคะแนน",
        "การเปิดเผย ข้อมูล\t๑๐๐.๐๐",
        "จึงเรียนมาเพื่อโปรดทราบ",
    ]


# ---------------------------------------------------------------- HTML fragments


def test_p_tags_become_lines():
    text = one_page("<p>ข้อเสนอแนะสำหรับการประเมิน</p><p>E๔ ประเด็น ช่องทางเผยแพร่</p>\nท้ายหน้า")
    assert text.split("\n") == ["ข้อเสนอแนะสำหรับการประเมิน", "E๔ ประเด็น ช่องทางเผยแพร่", "ท้ายหน้า"]


def test_unclosed_p_ends_at_its_line():
    text = one_page("<p>E๘ ประเด็น ไม่มีช่องทาง\n<p>E๙ ประเด็น ไม่เคยใช้ระบบ")
    assert text.split("\n") == ["E๘ ประเด็น ไม่มีช่องทาง", "E๙ ประเด็น ไม่เคยใช้ระบบ"]


def test_lists_become_lines_ordered_lists_numbered():
    text = one_page(
        "มาตรการ<ul><li>ทบทวนคู่มือ</li><li>กำชับเจ้าหน้าที่</li></ul>"
        "ขั้นตอน<ol><li>จัดทำแผน</li><li>รายงานผล</li></ol>"
        '<ol style="list-style-type: none"> (1) ผลการดำเนินโครงการ (2) ผลการใช้จ่ายงบประมาณ</ol>'
    )
    assert text.split("\n") == [
        "มาตรการ",
        "ทบทวนคู่มือ",
        "กำชับเจ้าหน้าที่",
        "ขั้นตอน",
        "1. จัดทำแผน",
        "2. รายงานผล",
        "(1) ผลการดำเนินโครงการ (2) ผลการใช้จ่ายงบประมาณ",
    ]


def test_checkboxes_before_their_labels():
    text = one_page(
        '<input type="checkbox"/> ยังไม่ได้ดำเนินการ<br>'
        '<input checked="" type="checkbox"/> ดำเนินการ<br/>'
        '<INPUT TYPE="checkbox" CHECKED> อยู่ระหว่างดำเนินการ'
    )
    assert text.split("\n") == ["☐ ยังไม่ได้ดำเนินการ", "☑ ดำเนินการ", "☑ อยู่ระหว่างดำเนินการ"]


def test_entities_unescaped_and_unknown_tags_stripped():
    text = one_page("<p><span class='x'>Q&amp;A</span> &lt;ช่องทาง&gt; &#3585;</p>")
    assert text == "Q&A <ช่องทาง> ก"


def test_entities_unescaped_without_tags():
    assert one_page("R&amp;D ถาม&ตอบ") == "R&D ถาม&ตอบ"


def test_prose_with_less_than_is_not_html():
    assert one_page("คะแนน <80 ต้องปรับปรุง a<b") == "คะแนน <80 ต้องปรับปรุง a<b"


def test_full_html_document_whitespace_is_insignificant():
    source = (
        "<!DOCTYPE html><html><head><title>x</title><style>p {color: red}</style></head>\n"
        "<body>\n  <h1>บันทึกข้อความ</h1>\n  <p>ส่วนราชการ\n     สำนักปลัด</p>\n"
        "  <table><tr><td>O1</td><td>โครงสร้าง</td></tr></table>\n</body></html>"
    )
    assert one_page(source).split("\n") == ["บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "O1\tโครงสร้าง"]


def test_unclosed_head_does_not_swallow_the_body():
    assert one_page("<html><head><title>x</title><body><p>บันทึกข้อความ</p></body></html>") == "บันทึกข้อความ"


def test_markdown_bold_and_headings_dropped():
    text = one_page("**แบบรายงานผลการประเมิน\n(ITA)**\n## ตัวชี้วัดที่ 9")
    assert text.split("\n") == ["แบบรายงานผลการประเมิน", "(ITA)", "ตัวชี้วัดที่ 9"]


def test_underscore_fill_in_lines_are_kept():
    assert one_page("ลงชื่อ ________ ผู้รายงาน") == "ลงชื่อ ________ ผู้รายงาน"


def test_html_to_text_fragment_keeps_source_lines():
    assert html_to_text("บรรทัดหนึ่ง\n<b>บรรทัดสอง</b>") == "บรรทัดหนึ่ง\nบรรทัดสอง"


# ---------------------------------------------------------------- robustness


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_pages_or_read_error(data):
    try:
        pages = read_text(data)
    except ReadError as exc:
        assert str(exc) == "not text: binary content"
        return
    assert pages and all(p.method == TEXT for p in pages)
    assert [p.page_no for p in pages] == list(range(1, len(pages) + 1))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("กขำ่้ีัา |-\t\n<>p/ul&;\f๑2")), max_size=120))
def test_any_text_reads_without_crashing(text):
    pages = read_text(text.encode("utf-8"))
    assert len(pages) == text.count("\f") + 1
    for page in pages:
        assert "\n\n\n" not in page.text
        assert page.text == page.text.strip("\n")


def test_real_ocr_reports_leave_no_markup(seeds_dir):
    """The shared real reports (read in place, never copied): every tag converted,
    every checkbox kept, no pipe-table syntax left."""
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_bytes()
        (page,) = read_text(raw)
        source = raw.decode("utf-8")
        assert not re.search(r"</?(p|ul|ol|li|input)\b", page.text), path.name
        assert page.text.count("☑") == source.count('<input checked="" type="checkbox"/>'), path.name
        assert page.text.count("☐") == source.count('<input type="checkbox"/>'), path.name
        assert not any(line.startswith("|") for line in page.text.split("\n")), path.name
        assert "\n\n\n" not in page.text
        assert page.quality > 0.9


def test_markdown_task_boxes_become_checkboxes():
    text = page_text("| O1 | โครงสร้าง | [x] ดำเนินการ [ ] ยังไม่ได้ดำเนินการ |\n- [X] เผยแพร่แล้ว\nดู [1] และ a[ ]b")
    assert text.split("\n") == [
        "O1\tโครงสร้าง\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ",
        "- ☑ เผยแพร่แล้ว",
        "ดู [1] และ a[ ]b",
    ]
