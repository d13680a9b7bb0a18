"""Make small test PDFs the way real Thai ITA memos are made: a TrueType Thai font,
HarfBuzz shaping (so marks are positioned glyphs, sara am is split into nikhahit +
sara aa, and pdfplumber's extract_text shows the real hazards), ruled tables, an
image-only "scan", encryption and broken files.

Each maker returns the PDF as bytes, so tests can write it wherever they like.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from fpdf import FPDF

TLWG = Path("/usr/share/fonts/truetype/tlwg")
FONT = TLWG / "Laksaman.ttf"

# A memo in the shape of a real ITA score report: tone marks stacked on upper vowels
# (ที่ นี้ ปั่น), sara am in many words (ตำบล ดำเนินการ น้ำ), Thai digits and scores.
MEMO_PARAGRAPHS = (
    "บันทึกข้อความ",
    "ส่วนราชการ องค์การบริหารส่วนตำบลคอน สำนักปลัด โทร. ๐-๗๓๕๖-๖๑๓๔",
    "ที่ ปบ ๘๐๐๐๑/๒๕๖๗ วันที่ ๑๙ ธันวาคม ๒๕๖๗",
    "เรื่อง รายงานผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    " ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    "เรียน นายกองค์การบริหารส่วนตำบลคอน",
    "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.)"
    " ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    " ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ผ่านระบบ ITAS นั้น บัดนี้ได้มีประกาศผลคะแนนแล้ว"
    " องค์การบริหารส่วนตำบลคอนได้รับผลการประเมิน ๙๓.๗๑ คะแนน ระดับผลการประเมิน ผ่านดี",
    "ทั้งนี้ เจ้าหน้าที่ผู้รับผิดชอบได้วิเคราะห์ผลการประเมินรายตัวชี้วัด เพื่อนำไปจัดทำ"
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ซึ่งต้องเผยแพร่ภายในกำหนด"
    " และให้ผู้บริหารพิจารณาสั่งการต่อไป ดังรายละเอียดที่แนบมาพร้อมนี้",
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณา หากเห็นชอบโปรดลงนามในประกาศที่แนบมาพร้อมนี้",
)

SCORE_TABLE = (
    ("ลำดับ", "ตัวชี้วัด", "คะแนน"),
    ("๑", "การปฏิบัติหน้าที่", "๙๘.๓๗"),
    ("๒", "การใช้งบประมาณ", "๙๕.๕๐"),
    ("๓", "การใช้อำนาจ", "๙๗.๗๘"),
    ("๔", "การใช้ทรัพย์สินของราชการ", "๙๖.๑๕"),
    ("๕", "การแก้ไขปัญหาการทุจริต", "๑๐๐.๐๐"),
)


def _thai_pdf(font: Path = FONT) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Thai", "", str(font))
    # table headings are set in bold, as in real memos
    pdf.add_font("Thai", "B", str(font.with_name(font.stem + "-Bold.ttf")))
    pdf.set_font("Thai", size=15)
    # HarfBuzz shaping: the only way to get correctly stacked Thai marks (and the
    # way real producers -- Word, LibreOffice -- write them).
    pdf.set_text_shaping(True)
    return pdf


def _to_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def memo_pdf(font: Path = FONT, with_table: bool = True) -> bytes:
    """One page of memo paragraphs, then (optionally) a ruled score table, then a
    closing paragraph -- so the table sits between ordinary lines."""
    pdf = _thai_pdf(font)
    pdf.add_page()
    for para in MEMO_PARAGRAPHS[:-1]:
        pdf.multi_cell(0, 9, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if with_table:
        with pdf.table(col_widths=(20, 110, 40), text_align=("CENTER", "LEFT", "RIGHT")) as table:
            for row in SCORE_TABLE:
                r = table.row()
                for cell in row:
                    r.cell(cell)
        pdf.ln(4)
    pdf.multi_cell(0, 9, MEMO_PARAGRAPHS[-1], new_x="LMARGIN", new_y="NEXT")
    return _to_bytes(pdf)


def memo_source_text(with_table: bool = True) -> str:
    """The text memo_pdf drew, in reading order (table rows tab-joined)."""
    parts = list(MEMO_PARAGRAPHS[:-1])
    if with_table:
        parts += ["\t".join(row) for row in SCORE_TABLE]
    parts.append(MEMO_PARAGRAPHS[-1])
    return "\n".join(parts)


def multiline_cell_table_pdf() -> bytes:
    """A ruled table whose second cell wraps onto several lines."""
    pdf = _thai_pdf()
    pdf.add_page()
    pdf.multi_cell(0, 9, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(30, 60, 40)) as table:
        for row in MEASURE_TABLE:
            r = table.row()
            for cell in row:
                r.cell(cell)
    return _to_bytes(pdf)


MEASURE_TABLE = (
    ("ข้อคำถาม", "มาตรการ", "ผู้รับผิดชอบ"),
    (
        "I1",
        "ทบทวนคู่มือการปฏิบัติงานตามภารกิจหลักที่ให้บริการบุคคลภายนอก และกำชับเจ้าหน้าที่ให้ปฏิบัติตามอย่างเคร่งครัด",
        "สำนักปลัด",
    ),
)


def sara_am_bug_pdf() -> bytes:
    """The producer bug of DESIGN.md section 2: a text layer where every sara aa
    comes out as sara am (การ -> กำร), though the page looks right when printed."""
    pdf = _thai_pdf()
    pdf.add_page()
    for para in MEMO_PARAGRAPHS:
        pdf.multi_cell(0, 9, para.replace("\u0e32", "\u0e33"), new_x="LMARGIN", new_y="NEXT")
    return _to_bytes(pdf)


WORD_LINE = "สำนักงาน การ ประจำปี จัดทำ"


def word_tounicode_pdf(nikhahit_as_space: bool = True, aa_as_am: bool = False) -> bytes:
    """WORD_LINE with the ToUnicode map Word writes for Thai (../shared/real, Word
    2007/2013 with TH Sarabun): the nikhahit glyph of a shaped sara am mapped to a
    space and the sara aa glyph after it to า ("ส านักงาน"); with `aa_as_am`, in
    another font, the plain sara aa glyph mapped to ำ ("กำร"). fpdf2 maps a sara am
    cluster to its nikhahit glyph and leaves the sara aa glyph after it unmapped; the
    map is edited in place, entry for entry of the same length, so the file's offsets
    still hold. The glyphs drawn are unchanged."""
    pdf = _thai_pdf()
    pdf.compress = False
    pdf.add_page()
    pdf.multi_cell(0, 9, WORD_LINE)
    data = _to_bytes(pdf)
    entries = dict(re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", data))
    by_text = {v: k for k, v in entries.items()}
    nikhahit = by_text[b"0E33"]  # the glyph fpdf2 maps the cluster to
    aa_piece = b"%04X" % (int(nikhahit, 16) + 1)  # the unmapped glyph after it
    assert aa_piece not in entries
    if nikhahit_as_space:
        data = data.replace(b"<%s> <0E33>" % nikhahit, b"<%s> <0020>" % nikhahit)
        data = data.replace(b"<0000> <0000>", b"<%s> <0E32>" % aa_piece)  # .notdef's entry reused
    if aa_as_am:
        aa = by_text[b"0E32"]
        data = data.replace(b"<%s> <0E32>" % aa, b"<%s> <0E33>" % aa)
    return data


def _scan_png() -> io.BytesIO:
    """A grey-barred A4-shaped image standing in for a scanned page."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for y in range(60, 760, 40):  # grey bars where scanned lines of text would be
        draw.rectangle((50, y, 550, y + 14), fill=40)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return buf


def image_only_pdf() -> bytes:
    """A "scanned" page: one embedded PNG, no text layer."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(_scan_png(), x=10, y=10, w=190)
    return _to_bytes(pdf)


def scan_with_page_number_pdf() -> bytes:
    """A scanned page with a digital page number stamped on it (a few real glyphs)."""
    pdf = _thai_pdf()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(_scan_png(), x=10, y=10, w=190)
    pdf.set_xy(90, 280)
    pdf.cell(30, 8, "หน้า ๑ จาก ๓")
    return _to_bytes(pdf)


def encrypted_pdf(user_password: str) -> bytes:
    """The memo (no table), encrypted; an empty user password opens without asking."""
    pdf = _thai_pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    for para in MEMO_PARAGRAPHS[:3]:
        pdf.multi_cell(0, 9, para, new_x="LMARGIN", new_y="NEXT")
    return _to_bytes(pdf)


def two_page_pdf(second_page_blank: bool = True) -> bytes:
    """Page 1 text; page 2 blank (no chars, no images)."""
    pdf = _thai_pdf()
    pdf.add_page()
    pdf.multi_cell(0, 9, MEMO_PARAGRAPHS[0], new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    if not second_page_blank:
        pdf.multi_cell(0, 9, MEMO_PARAGRAPHS[1], new_x="LMARGIN", new_y="NEXT")
    return _to_bytes(pdf)


def latin_pdf(lines: tuple[str, ...]) -> bytes:
    """A page in a core (Latin-1) font: an English annex, or -- fed mojibake -- what
    a legacy non-Unicode Thai font's text layer looks like."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return _to_bytes(pdf)


ENGLISH_ANNEX = (
    "Integrity and Transparency Assessment (ITA) 2024",
    "IIT 96.75  EIT 95.08  OIT 99.00",
    "O1 Structure  O2 Executives  O3 Authority",
)
# TIS-620 bytes of Thai memo lines read as Latin-1 ("¡ÒÃ»ÃÐàÁÔ¹...")
THAI_AS_LATIN1 = tuple(p.encode("cp874").decode("latin-1") for p in MEMO_PARAGRAPHS[3:6])


def truncated(data: bytes) -> bytes:
    """A download cut off half way."""
    return data[: len(data) // 2]


HTML_NOT_PDF = (
    "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    "<body><h1>ไม่พบไฟล์</h1></body></html>"
).encode("utf-8")


def watermarked_pdf() -> bytes:
    """Memo lines with a diagonal "สำเนา" (copy) watermark drawn over them."""
    pdf = _thai_pdf()
    pdf.add_page()
    for para in MEMO_PARAGRAPHS[:2]:
        pdf.multi_cell(0, 9, para, new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(45, x=100, y=100):
        pdf.set_xy(60, 100)
        pdf.cell(80, 20, "สำเนาถูกต้อง")
    return _to_bytes(pdf)
