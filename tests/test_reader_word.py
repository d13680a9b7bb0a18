"""The Word (DOCX) reader: pipeline/readers/word.py, through the readers' registry."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from pipeline.limits import DEFAULT_LIMITS
from pipeline.pages import TEXT, ReadError
from pipeline.readers import registry

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _read(data: bytes):
    media = registry.sniff(data[:8192])
    assert media == registry.DOCX
    return registry.reader(media).pages(data, DEFAULT_LIMITS).pages


def _append_xml(doc, xml: str) -> None:
    """A paragraph written as Word writes it (python-docx has no API for it)."""
    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(xml))


def test_sniffed_as_word_not_as_a_zip():
    doc = Document()
    doc.add_paragraph("x")
    assert registry.sniff(_bytes(doc)[:8192]) == registry.DOCX
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("report.txt", "รายงาน")
    assert registry.sniff(other.getvalue()[:8192]) == registry.ZIP


def test_paragraphs_and_a_table_in_the_page_text_convention():
    doc = Document()
    doc.add_paragraph("บันทึกข้อความ")
    doc.add_paragraph("\tเรื่อง รายงานผลการประเมิน ITA")  # an indenting tab is no cell
    table = doc.add_table(rows=3, cols=3)
    for j, text in enumerate(("ตัวชี้วัด", "คะแนน", "หมายเหตุ")):
        table.cell(0, j).text = text
    table.cell(1, 0).text = "การปฏิบัติหน้าที่"
    table.cell(1, 1).text = "95.50"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "บรรทัดหนึ่ง\nบรรทัดสอง"  # merged down
    table.cell(2, 0).merge(table.cell(2, 1)).text = "รวม"  # merged across
    doc.add_paragraph("ลงชื่อ")
    (page,) = _read(_bytes(doc))
    assert page.method == TEXT and page.quality > 0.9
    assert page.text.split("\n") == [
        "บันทึกข้อความ",
        "เรื่อง รายงานผลการประเมิน ITA",
        "ตัวชี้วัด\tคะแนน\tหมายเหตุ",
        # a cell's paragraphs joined with a space, as the PDF reader writes a cell
        "การปฏิบัติหน้าที่\t95.50\tบรรทัดหนึ่ง บรรทัดสอง",
        # the merged-across cell fills its first column; the merged-down one is empty below
        "รวม\t\t",
        "ลงชื่อ",
    ]


def test_pages_are_the_breaks_the_file_marks():
    doc = Document()
    run = doc.add_paragraph("หน้าแรก").add_run()
    run.add_break(WD_BREAK.PAGE)
    run.add_text("หน้าสอง")
    doc.add_paragraph("ยังหน้าสอง")
    doc.add_paragraph("หน้าสาม").paragraph_format.page_break_before = True
    # Word's record of where it broke the page last time, inside a paragraph already
    # begun: the paragraph stays whole on its page, the next one starts page 4
    _append_xml(doc, f'<w:p {W}><w:r><w:t>ยาวจน</w:t><w:lastRenderedPageBreak/>'
                     f'<w:t>ข้ามหน้า</w:t></w:r></w:p>')
    doc.add_paragraph("หน้าสี่")
    pages = _read(_bytes(doc))
    assert [p.text for p in pages] == ["หน้าแรก", "หน้าสอง\nยังหน้าสอง", "หน้าสาม\nยาวจนข้ามหน้า",
                                       "หน้าสี่"]


def test_checkboxes_hidden_and_deleted_text_and_text_boxes():
    doc = Document()
    w14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    box = ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
           '<w:sdtContent><w:r><w:t>{g}</w:t></w:r></w:sdtContent></w:sdt>')
    _append_xml(doc, f'<w:p {W} {w14}>' + box.format(v=1, g="☒")
                + '<w:r><w:t xml:space="preserve"> ดำเนินการ </w:t></w:r>'
                + box.format(v=0, g="☐") + '<w:r><w:t xml:space="preserve"> ยังไม่ได้ดำเนินการ</w:t></w:r></w:p>')
    # a box typed as a glyph: ☒ is a ticked box
    doc.add_paragraph("☒ มี ☐ ไม่มี")
    # boxes inserted as symbols (Insert > Symbol, Wingdings): a w:sym, and a run in the font
    _append_xml(doc, f'<w:p {W}><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
                     f'<w:r><w:t xml:space="preserve"> เผยแพร่แล้ว </w:t></w:r>'
                     f'<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
                     f'<w:t>\uf0a8</w:t></w:r><w:r><w:t xml:space="preserve"> ยังไม่เผยแพร่</w:t></w:r></w:p>')
    _append_xml(doc, f'<w:p {W}><w:r><w:t>คะแนน</w:t></w:r>'
                     f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>ซ่อน</w:t></w:r>'
                     f'<w:del w:id="1" w:author="x"><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del>'
                     f'<w:ins w:id="2" w:author="x"><w:r><w:t xml:space="preserve"> 95.50</w:t></w:r></w:ins></w:p>')
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    # a text box as Word writes it: the drawing, and a VML copy for old readers
    _append_xml(doc, f'<w:p {W} {mc}><w:r><w:t>ก่อนกรอบ</w:t></w:r><w:r><mc:AlternateContent>'
                     f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>ในกรอบ</w:t>'
                     f'</w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
                     f'<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>ในกรอบ</w:t></w:r></w:p>'
                     f'</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    (page,) = _read(_bytes(doc))
    assert page.text.split("\n") == ["☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", "☑ มี ☐ ไม่มี",
                                     "☑ เผยแพร่แล้ว ☐ ยังไม่เผยแพร่", "คะแนน 95.50",
                                     "ก่อนกรอบ", "ในกรอบ"]


def test_a_damaged_word_file_is_a_read_error_naming_why():
    data = bytearray(_bytes(Document()))
    with pytest.raises(ReadError, match="Word file"):
        registry.reader(registry.DOCX).pages(bytes(data[: len(data) // 2]), DEFAULT_LIMITS)


def test_automatic_list_numbers_are_written_as_word_shows_them():
    doc = Document()
    for text in ("การเปิดเผยข้อมูล", "การป้องกันการทุจริต"):
        doc.add_paragraph(text, style="List Number")  # the template's "%1." decimal list
    # a list of Thai digits with a second level of Thai letters, as Thai memos number
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="thaiNumbers"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="thaiLetters"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def item(text: str, level: int) -> str:
        return (f'<w:p {W}><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr></w:pPr>'
                f'<w:r><w:t>{text}</w:t></w:r></w:p>')

    for text, level in (("ข้อแรก", 0), ("ย่อยหนึ่ง", 1), ("ย่อยสอง", 1), ("ข้อสอง", 0), ("ย่อยใหม่", 1)):
        _append_xml(doc, item(text, level))
    (page,) = _read(_bytes(doc))
    assert page.text.split("\n") == ["1. การเปิดเผยข้อมูล", "2. การป้องกันการทุจริต", "๑. ข้อแรก",
                                     "(ก) ย่อยหนึ่ง", "(ข) ย่อยสอง", "๒. ข้อสอง", "(ก) ย่อยใหม่"]


def test_a_scan_pasted_into_word_is_ocrd_and_the_typed_pages_are_not(tmp_path, monkeypatch):
    from pathlib import Path

    import duckdb
    from docx.shared import Mm
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.ingest import ingest

    font_file = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
    if not font_file.exists():
        pytest.skip("fonts-thai-tlwg not installed")
    monkeypatch.setenv("ITA_OCR_CACHE", str(tmp_path / "ocr-cache"))
    lines = ["รายงานผลการประเมินคุณธรรมและความโปร่งใส", "องค์การบริหารส่วนตำบลหนองบัว อำเภอโนนสูง"]
    scan = Image.new("L", (1240, 1754), 255)  # an A4 page at 150 dpi
    draw = ImageDraw.Draw(scan)
    for i, line in enumerate(lines):
        draw.text((30, 20 + i * 90), line, font=ImageFont.truetype(str(font_file), 48), fill=0)
    png = io.BytesIO()
    scan.save(png, format="PNG")
    doc = Document()
    doc.add_paragraph("สำเนา")  # a caption is not text enough to read the page by
    doc.add_picture(io.BytesIO(png.getvalue()), width=Mm(170))  # drawn over most of the page
    doc.add_paragraph("บันทึกข้อความ พิมพ์ไว้ในหน้าที่สอง").paragraph_format.page_break_before = True
    doc.add_picture(io.BytesIO(png.getvalue()), width=Mm(30))  # beside text: an illustration
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "pasted.docx").write_bytes(_bytes(doc))
    db = str(tmp_path / "ita.duckdb")
    ingest([str(folder)], db, jobs=1)
    con = duckdb.connect(db, read_only=True)
    (first, second) = con.execute("SELECT method, method_reason, text FROM pages ORDER BY page_no").fetchall()
    assert first[:2] == ("ocr", "no_text_layer") and "คุณธรรม" in first[2] and "หนองบัว" in first[2]
    assert second == ("text", "text_file", "บันทึกข้อความ พิมพ์ไว้ในหน้าที่สอง")
