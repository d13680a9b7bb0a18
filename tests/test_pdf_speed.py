"""The digital PDF reader's cheaper sources (issue #23) give what the costlier ones gave:
pdfminer's glyphs straight from its interpreter (pipeline/readers/pdf_chars.py) equal
pdfplumber's `page.chars`; pdfium's one pass gives the glyph boxes pypdfium2's own API
gives; and a page of "ดำเนินการ" items is not sent to OCR for its many sara am."""

from __future__ import annotations

import random

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

import pdfgen
from normalizers.thai import text_quality
from pipeline.pages import page_box
from pipeline.readers import pdf_chars
from pipeline.readers.pdf import NEEDS_OCR_BELOW
from pipeline.readers.pdf_fonts import FontAwareResourceManager

KEYS = ("text", "size", "matrix", "fontname", "x0", "x1", "top", "bottom")


def _crafted() -> dict[str, bytes]:
    return {
        # HarfBuzz-shaped Thai: tone marks and upper vowels stacked on their consonant
        "memo": pdfgen.memo_pdf(pdfgen.FONT),
        "memo_norasi": pdfgen.memo_pdf(pdfgen.TLWG / "Norasi.ttf"),
        # a diagonal watermark: rotated text matrices
        "watermarked": pdfgen.watermarked_pdf(),
        # Word's lying ToUnicode map, read by the embedded font (pdf_fonts.py)
        "word": pdfgen.word_tounicode_pdf(aa_as_am=True),
    }


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed")
    paths = {}
    for name, data in _crafted().items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def _open(path):
    pdf = pdfplumber.open(path)
    pdf.rsrcmgr = FontAwareResourceManager()
    return pdf


@pytest.mark.parametrize("name", ["memo", "memo_norasi", "watermarked", "word"])
def test_interpreter_chars_equal_pdfplumbers(crafted, name):
    """Same glyphs, same order, same numbers as pdfplumber's page.chars (its own
    LTChar objects walked), with the same font repairs."""
    with _open(crafted[name]) as a, _open(crafted[name]) as b:
        for page_a, page_b in zip(a.pages, b.pages):
            want = [{k: c[k] for k in KEYS} for c in page_a.chars if c["text"]]
            got = pdf_chars.layout_objects(page_b).chars
            assert [c["text"] for c in got] == [c["text"] for c in want]
            assert got == want
            assert len(want) > 20
            assert any("\u0e48" <= c["text"] <= "\u0e4b" for c in got) or name == "word"
        assert a.rsrcmgr.repaired == b.rsrcmgr.repaired
        assert (a.rsrcmgr.repaired > 0) == (name == "word")


def test_interpreter_keeps_rules_and_images():
    """The table finder's rules (the memo's score table) and a scan's image come out
    as the layout tree has them."""
    with pdfplumber.open(pdfgen.io.BytesIO(pdfgen.memo_pdf(pdfgen.FONT))) as pdf:
        page = pdf.pages[0]
        laid = pdf_chars.layout_objects(page)
        assert len(laid.rules) == len(page.lines) + len(page.rects) + len(page.curves) > 0
    with pdfplumber.open(pdfgen.io.BytesIO(pdfgen.scan_with_page_number_pdf())) as pdf:
        page = pdf.pages[0]
        laid = pdf_chars.layout_objects(page)
        assert [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in laid.images] == \
            [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]


@pytest.mark.parametrize("name", ["memo", "word"])
def test_pdfium_pass_gives_pypdfium2s_glyph_boxes(crafted, name):
    """The one pass's glyphs are pypdfium2's tight char boxes as page fractions, every
    visible glyph once, Thai marks included; each pdfminer char matched to one of them
    takes its ink top and bottom."""
    doc = pdfium.PdfDocument(crafted[name])
    try:
        got = pdf_chars.read_pdfium_page(doc, 1)
        page = doc[0]
        tp = page.get_textpage()
        w, h = page.get_size()
        want = []
        for i in range(tp.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i))
            if ch.isspace() or not ch.isprintable():
                continue
            left, bottom, right, top = tp.get_charbox(i)
            if right > left:
                want.append((ch, page_box(left, h - top, right, h - bottom, w, h)))
        assert [g[0] for g in got.glyphs] == [g[0] for g in want]
        for (_, a), (_, b) in zip(got.glyphs, want):
            assert all(abs(x - y) <= 1e-4 for x, y in zip(a, b))
        assert any(g[0] in "\u0e49\u0e48\u0e35" for g in got.glyphs)
        with _open(crafted[name]) as pdf:
            chars = pdf_chars.layout_objects(pdf.pages[0]).chars
        pdf_chars.add_ink(chars, got.ink)
        inked = [c for c in chars if "ink_top" in c]
        # marks drawn without advance are not matched (pdfium boxes them by their outline)
        assert len(inked) >= 0.6 * len([c for c in chars if not c["text"].isspace()])
        for c in inked:
            # the ink box is one of pdfium's boxes for that character, near the char
            assert c["ink_top"] < c["ink_bottom"]
            assert abs((c["ink_top"] + c["ink_bottom"]) / 2 - (c["top"] + c["bottom"]) / 2) < 2 * c["size"]
            assert any(abs(left - c["x0"]) < 1.0 and (top, bottom) == (c["ink_top"], c["ink_bottom"])
                       for r in (-1, 0, 1) for left, top, bottom in got.ink.get((c["text"], round(c["x0"]) + r), ()))
    finally:
        doc.close()


def test_each_char_takes_the_nearest_ink_of_its_letter():
    """Two lines that open alike ("แบบวัด… (IIT)" over "แบบวัด… (EIT)", 13.7 pt apart at
    11 pt) put the same letter at the same x within reach of both: each char takes its
    own glyph's ink, the nearest, whichever pdfium listed first. Taking the line above's
    put the EIT label above the IIT score, and the O42's tool scores were paired wrong."""
    def char(top: float) -> dict:
        return {"text": "\u0e49", "x0": 137.9, "x1": 141.0, "top": top, "bottom": top + 11.0, "size": 11.0}

    upper, lower = char(159.0), char(186.4)
    # pdfium's ink of each line's mark (a tone drawn low, below its line's middle), upper first
    ink = {("\u0e49", 138): [(137.9, 168.0, 172.0), (137.9, 195.4, 199.4)]}
    pdf_chars.add_ink([upper, lower], ink)
    assert (upper["ink_top"], lower["ink_top"]) == (168.0, 195.4)
    # a letter with no glyph of its own in reach keeps pdfminer's box
    far = char(300.0)
    pdf_chars.add_ink([far], ink)
    assert "ink_top" not in far
    # … nor the ink of its letter on the line below when its own is missing (fpdf2's tone
    # of ส่วน given ink 20 pt below: its line's box grew over the next line's)
    alone = char(90.5)
    pdf_chars.add_ink([alone], {("\u0e49", 138): [(137.9, 114.0, 117.0)]})
    assert "ink_top" not in alone


def _status_list() -> str:
    """An OIT checklist as agencies print it: every row "ดำเนินการ" twice (half the
    page's ำ/า are ำ), every word a dictionary word."""
    offices = ("สำนักปลัด", "กองคลัง", "กองช่าง")
    return "\n".join(f"O{n}\t{offices[n % 3]}\t☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ" for n in range(1, 16))


def test_many_sara_am_in_dictionary_words_is_a_good_layer():
    q = text_quality(_status_list())
    assert q.sara_am_ratio > 0.4 and q.dict_hit_ratio == 1.0
    assert q.score >= NEEDS_OCR_BELOW
    assert not any("sara am" in r for r in q.reasons)


@pytest.mark.parametrize("share", [1.0, 0.5, 0.25])
def test_sara_am_producer_bug_still_caught_in_a_status_list(share):
    """The producer bug (า written ำ) in the same list, in all or some of its sara aa:
    the non-words it makes (กำร, ตำม) keep the dictionary below trusting the ำ."""
    rnd = random.Random(3)
    text = "".join("\u0e33" if ch == "\u0e32" and rnd.random() < share else ch for ch in _status_list())
    q = text_quality(text)
    assert any("sara am" in r for r in q.reasons)
    assert q.score < text_quality(_status_list()).score - 0.3


def test_status_list_page_keeps_its_text_layer():
    """The list printed as a PDF (HarfBuzz-shaped, as producers write it) is read from
    its text layer, not queued for OCR."""
    from pipeline.readers.pdf import read_pdf

    pdf = pdfgen._thai_pdf()
    pdf.add_page()
    for line in _status_list().split("\n"):
        pdf.multi_cell(0, 9, line.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
    (page,) = read_pdf(pdfgen._to_bytes(pdf))
    assert "ยังไม่ได้ดำเนินการ" in page.text
    assert not page.needs_ocr and page.quality >= NEEDS_OCR_BELOW


def test_collector_paused_only_while_a_page_is_read():
    """read_pdf pauses Python's cycle collector for each page and leaves it as it found
    it: on after a run that had it on (also when a page fails), off where a caller had
    turned it off."""
    import gc

    from pipeline.readers import pdf as pdf_reader

    seen = []
    real = pdf_reader.read_page

    def spy(page, *args, **kwargs):
        seen.append(gc.isenabled())
        if len(seen) == 1:
            raise ValueError("a page that fails")
        return real(page, *args, **kwargs)

    data = pdfgen._to_bytes(_two_pages())
    assert gc.isenabled()
    pdf_reader.read_page, saved = spy, pdf_reader.read_page
    try:
        pages = pdf_reader.read_pdf(data)
        assert gc.isenabled()
        gc.disable()
        pdf_reader.read_pdf(data)
        assert not gc.isenabled()
    finally:
        gc.enable()
        pdf_reader.read_page = saved
    assert seen == [False] * 4
    assert pages[0].errors and pages[1].text


def _two_pages():
    pdf = pdfgen._thai_pdf()
    for line in ("หน้าแรก", "หน้าที่สอง"):
        pdf.add_page()
        pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return pdf
