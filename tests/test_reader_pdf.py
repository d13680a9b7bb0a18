"""pipeline.readers.pdf on PDFs made like real Thai ITA memos (tests/pdfgen.py):
HarfBuzz-shaped TLWG fonts, ruled tables, a scanned page, encryption, broken files."""

from __future__ import annotations

import random
from pathlib import Path
import re

import pdfplumber
import pytest
from rapidfuzz.distance import Levenshtein

import pdfgen
from normalizers.thai import text_quality
from pipeline.pages import NONE, PDF_TEXT, ReadError
from pipeline.readers import pdf as pdf_reader
from pipeline.readers.pdf import NEEDS_OCR_BELOW, pdf_page_count, read_pdf
from pipeline.readers.pdf_lines import junk_cid_share, line_text

FONTS = ("Laksaman", "Garuda", "Norasi")


def cer(expected: str, got: str) -> float:
    """Character error rate, whitespace removed (line breaks and spaces are layout)."""
    a, b = "".join(expected.split()), "".join(got.split())
    return Levenshtein.distance(a, b) / len(a)


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    """Every test PDF, made once per session, as files."""
    folder = tmp_path_factory.mktemp("pdfs")
    made = {f"memo_{font}": pdfgen.memo_pdf(pdfgen.TLWG / f"{font}.ttf") for font in FONTS}
    memo = made["memo_Laksaman"]
    made.update(
        multiline=pdfgen.multiline_cell_table_pdf(),
        image_only=pdfgen.image_only_pdf(),
        scan_stamped=pdfgen.scan_with_page_number_pdf(),
        two_pages=pdfgen.two_page_pdf(),
        sara_am_bug=pdfgen.sara_am_bug_pdf(),
        watermarked=pdfgen.watermarked_pdf(),
        english=pdfgen.latin_pdf(pdfgen.ENGLISH_ANNEX),
        legacy_font=pdfgen.latin_pdf(pdfgen.THAI_AS_LATIN1),
        encrypted=pdfgen.encrypted_pdf("x"),
        encrypted_empty=pdfgen.encrypted_pdf(""),
        truncated=pdfgen.truncated(memo),
        html=pdfgen.HTML_NOT_PDF,
    )
    paths = {}
    for name, data in made.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(scope="session")
def memo_pages(fixtures):
    return {font: read_pdf(fixtures[f"memo_{font}"].read_bytes()) for font in FONTS}


# ---------------------------------------------------------------- Thai text


@pytest.mark.parametrize("font", FONTS)
def test_repaired_text_matches_source(memo_pages, font):
    pages = memo_pages[font]
    assert len(pages) == 1
    page = pages[0]
    assert page.method == PDF_TEXT and not page.needs_ocr and page.errors == ()
    assert cer(pdfgen.memo_source_text(), page.text) < 0.01
    assert page.quality is not None and page.quality >= NEEDS_OCR_BELOW


@pytest.mark.parametrize("font", FONTS)
def test_raw_extract_text_shows_the_hazards(fixtures, font):
    """The same file through pdfplumber's extract_text: sara am leaves "(cid:N)",
    marks land after a space or on the wrong consonant. If this ever passes < 1%,
    pdfplumber fixed Thai and read_pdf may be simplified."""
    with pdfplumber.open(fixtures[f"memo_{font}"]) as pdf:
        raw = pdf.pages[0].extract_text()
    assert "(cid:" in raw
    assert cer(pdfgen.memo_source_text(), raw) > 0.01


def test_hazard_words_come_back_whole(memo_pages):
    text = memo_pages["Laksaman"][0].text
    for word in ("ตำบล", "ที่", "ทั้งนี้", "ตัวชี้วัด", "เพื่อนำไปจัดทำ", "๙๓.๗๑", "๐-๗๓๕๖-๖๑๓๔"):
        assert word in text
    assert "(cid:" not in text
    assert not re.search(" [\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", text)  # no space before a mark


def test_raw_text_keeps_what_the_layer_said(memo_pages):
    page = memo_pages["Laksaman"][0]
    assert "(cid:" in page.raw_text  # the unmapped half of each sara am, for the record
    assert "(cid:" not in page.text


# ---------------------------------------------------------------- tables


def test_ruled_table_becomes_tab_rows_in_place(memo_pages):
    lines = memo_pages["Laksaman"][0].text.split("\n")
    rows = ["\t".join(row) for row in pdfgen.SCORE_TABLE]
    start = lines.index(rows[0])
    assert lines[start : start + len(rows)] == rows
    # between the paragraphs before and after it
    assert "ดังรายละเอียดที่แนบมาพร้อมนี้" in lines[start - 1]
    assert lines[start + len(rows)].startswith("จึงเรียนมา")


def test_every_line_has_its_box_in_page_fractions(memo_pages, fixtures):
    page = memo_pages["Laksaman"][0]
    lines = page.text.split("\n")
    assert len(page.line_boxes) == len(lines)
    with pdfplumber.open(fixtures["memo_Laksaman"]) as pdf:
        p = pdf.pages[0]
        words = p.extract_words()
        width, height = p.width, p.height
    for text, box in zip(lines, page.line_boxes):
        x0, top, x1, bottom = box
        assert 0 <= x0 < x1 <= 1 and 0 <= top < bottom <= 1, text
    # lines go down the page in order
    tops = [b[1] for b in page.line_boxes]
    assert tops == sorted(tops)
    # a table row's box spans the table's width and holds the row's words
    rows = ["\t".join(row) for row in pdfgen.SCORE_TABLE]
    k = lines.index(rows[1])
    x0, top, x1, bottom = page.line_boxes[k]
    assert x1 - x0 > 0.5  # the ruled table is most of the text width
    first_cell = pdfgen.SCORE_TABLE[1][0]
    hit = [w for w in words if w["text"] == first_cell]
    assert any(top <= (w["top"] + w["bottom"]) / 2 / height <= bottom and x0 <= w["x0"] / width <= x1
               for w in hit)


def test_table_text_is_not_repeated_as_lines(memo_pages):
    text = memo_pages["Laksaman"][0].text
    assert text.count("การใช้ทรัพย์สินของราชการ") == 1
    assert text.count("๙๖.๑๕") == 1


def test_multiline_cell_is_one_cell(fixtures):
    page = read_pdf(fixtures["multiline"])[0]
    lines = page.text.split("\n")
    assert lines[0] == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert lines[1] == "\t".join(pdfgen.MEASURE_TABLE[0])
    code, measure, who = lines[2].split("\t")
    assert (code, who) == ("I1", "สำนักปลัด")
    # the cell wrapped over several lines: they come back joined by spaces
    assert cer(pdfgen.MEASURE_TABLE[1][1], measure) < 0.01
    assert len(lines) == 3


# ---------------------------------------------------------------- triage


def test_image_only_page_needs_ocr(fixtures):
    (page,) = read_pdf(fixtures["image_only"])
    assert page.needs_ocr and page.method == NONE and page.text == ""


def test_scan_with_a_stamped_page_number_needs_ocr(fixtures):
    (page,) = read_pdf(fixtures["scan_stamped"])
    assert page.needs_ocr
    assert page.text == "หน้า ๑ จาก ๓"  # kept: OCR output can be checked against it
    assert any("scanned image" in e for e in page.errors)


def test_text_pages_are_not_taken_for_scans(memo_pages):
    assert not any(p.needs_ocr for pages in memo_pages.values() for p in pages)


def test_blank_page_needs_ocr_and_file_goes_on(fixtures):
    pages = read_pdf(fixtures["two_pages"])
    assert [p.page_no for p in pages] == [1, 2]
    assert pages[0].text == "บันทึกข้อความ" and not pages[0].needs_ocr
    assert pages[1].needs_ocr and pages[1].method == NONE


def test_sara_am_producer_bug_is_sent_to_ocr_with_text_kept(fixtures):
    (page,) = read_pdf(fixtures["sara_am_bug"])
    assert page.needs_ocr
    assert page.method == PDF_TEXT  # there is text: keep it for comparison with OCR
    assert "กำร" in page.text and page.raw_text
    assert page.quality < NEEDS_OCR_BELOW
    assert any("quality" in e for e in page.errors)


def test_rotated_watermark_is_left_out(fixtures):
    (page,) = read_pdf(fixtures["watermarked"])
    assert page.text.split("\n") == list(pdfgen.MEMO_PARAGRAPHS[:2])


def test_english_page_is_kept_as_text(fixtures):
    (page,) = read_pdf(fixtures["english"])
    assert not page.needs_ocr and page.method == PDF_TEXT
    assert page.text.split("\n")[1] == "IIT 96.75 EIT 95.08 OIT 99.00"


def test_legacy_font_mojibake_is_sent_to_ocr(fixtures):
    (page,) = read_pdf(fixtures["legacy_font"])
    assert page.needs_ocr and page.quality < NEEDS_OCR_BELOW


def garbled_variants(source: str) -> dict[str, str]:
    rnd = random.Random(7)
    return {
        "sara aa as sara am": source.replace("\u0e32", "\u0e33"),
        "marks lost": re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", source),
        "20% (cid:N)": "".join(
            f"(cid:{rnd.randint(3, 99)})" if "\u0e01" <= ch <= "\u0e4e" and rnd.random() < 0.2 else ch
            for ch in source
        ),
    }


def test_quality_threshold_separates_good_from_garbled(memo_pages):
    """The measurement behind NEEDS_OCR_BELOW, on the synthetic half (see its comment)."""
    for font in FONTS:
        assert text_quality(memo_pages[font][0].text).score >= NEEDS_OCR_BELOW
    for name, text in garbled_variants(pdfgen.memo_source_text()).items():
        assert text_quality(text).score < NEEDS_OCR_BELOW, name


def test_junk_cid_share_ignores_split_sara_am():
    def chars(*texts):
        return [{"text": t} for t in texts]

    # fpdf2/HarfBuzz: "น้ำ" = น, (้ำ), (cid nikhahit), (cid sara aa): the letter is there
    assert junk_cid_share(chars("น", "\u0e49\u0e33", "(cid:44)", "(cid:17)", "ใ", "จ")) == 0
    # a font without ToUnicode: every glyph unmapped
    assert junk_cid_share(chars("(cid:3)", "(cid:4)", " ", "(cid:5)")) == 1


# ---------------------------------------------------------------- line building


def glyph(text, x0, width, top=100.0, size=16.0):
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "size": size}


def test_marks_keep_stream_order_even_at_the_same_x():
    # ที่: the marks sit at the x where the next consonant starts; x-sorting would
    # move them; stream order does not.
    line = [glyph("ท", 10, 10), glyph("\u0e35", 20, 0), glyph("\u0e48", 20, 0), glyph("น", 20, 10)]
    assert line_text(line) == "ท\u0e35\u0e48น"


def test_gap_without_space_glyph_becomes_a_space():
    line = [glyph("ก", 10, 9), glyph("ข", 19, 9), glyph("ค", 33, 9)]  # 5 pt gap at 16 pt
    assert line_text(line) == "กข ค"


def test_line_written_out_of_order_is_put_in_x_order():
    line = [glyph("ค", 100, 9), glyph("ะ", 109, 6), glyph("ก", 10, 9), glyph("า", 19, 6)]
    assert line_text(line) == "กา คะ"


# ---------------------------------------------------------------- broken files


def test_truncated_pdf_is_a_read_error(fixtures):
    with pytest.raises(ReadError, match="corrupt PDF"):
        read_pdf(fixtures["truncated"].read_bytes())


def test_password_protected_pdf_is_a_read_error(fixtures):
    with pytest.raises(ReadError, match="encrypted PDF: a password is required"):
        read_pdf(fixtures["encrypted"])


def test_pdf_encrypted_with_empty_password_is_readable(fixtures):
    (page,) = read_pdf(fixtures["encrypted_empty"])
    assert page.text.startswith("บันทึกข้อความ")
    assert "องค์การบริหารส่วนตำบลคอน" in page.text


def test_html_saved_as_pdf_is_a_read_error(fixtures):
    with pytest.raises(ReadError, match="not a PDF"):
        read_pdf(fixtures["html"].read_bytes())
    with pytest.raises(ReadError, match="not a PDF"):
        pdf_page_count(fixtures["html"])


def test_a_failing_page_degrades_alone(fixtures, monkeypatch):
    real = pdf_reader.read_page

    def flaky(page, *args):
        if page.page_number == 1:
            raise ValueError("bad content stream")
        return real(page, *args)

    monkeypatch.setattr(pdf_reader, "read_page", flaky)
    pages = read_pdf(fixtures["two_pages"])
    assert pages[0].method == NONE and pages[0].needs_ocr
    assert pages[0].errors == ("page 1: ValueError: bad content stream",)
    assert pages[1].page_no == 2


def test_page_count_and_path_inputs(fixtures):
    assert pdf_page_count(fixtures["two_pages"]) == 2
    assert pdf_page_count(str(fixtures["memo_Laksaman"])) == 1
    assert pdf_page_count(fixtures["two_pages"].read_bytes()) == 2
    assert len(read_pdf(str(fixtures["two_pages"]))) == 2


def test_bytes_and_path_read_the_same(fixtures):
    path = fixtures["multiline"]
    assert read_pdf(path) == read_pdf(path.read_bytes())



def test_checkboxes_from_a_fallback_font_stay_with_their_labels():
    # samples/corpus (generated by samples/): ☑/☐ are DejaVu glyphs beside Laksaman text,
    # on another baseline; each must stay in front of its own label
    corpus_pdf = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "0004_o43_2567.pdf"
    page = read_pdf(corpus_pdf.read_bytes())[3]
    assert "O25\tข้อมูลตามแบบตรวจ OIT ข้อ 25\tกองคลัง\t☑ ดำเนินการ ☐ ยังไม่ ได้ดำเนินการ" in page.text
