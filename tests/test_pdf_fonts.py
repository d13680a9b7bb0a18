"""Text layers repaired before they are thrown away: Thai glyphs read by the embedded
font where the ToUnicode map lies (pipeline.readers.pdf_fonts), a split sara am put
back on dictionary evidence, and what the page records about it."""

from __future__ import annotations

import io

import pdfplumber
import pytest

import pdfgen
from pipeline.pages import LAYER_GOOD, LAYER_POOR, LAYER_REPAIRED, PDF_TEXT
from pipeline.readers import pdf_fonts
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_fonts import GlyphReader, thai_glyphs

SPACE, NIKHAHIT, AA, AM = " ", "\u0e4d", "\u0e32", "\u0e33"


def test_word_nikhahit_mapped_to_a_space_is_read_as_the_font_draws_it():
    data = pdfgen.word_tounicode_pdf()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "ส านักงาน" in pdf.pages[0].extract_text()  # what the layer says
    (page,) = read_pdf(data)
    assert page.text == pdfgen.WORD_LINE
    assert page.method == PDF_TEXT and not page.needs_ocr
    assert page.method_reason == LAYER_REPAIRED and page.layer_repairs == 3  # สำ ประจำ จัดทำ
    assert page.layer_quality == page.quality == 1.0


def test_word_sara_aa_mapped_to_sara_am_is_read_as_sara_aa():
    (page,) = read_pdf(pdfgen.word_tounicode_pdf(nikhahit_as_space=False, aa_as_am=True))
    assert page.text == pdfgen.WORD_LINE  # not "กำร", "สำนักงำน"
    assert page.layer_repairs == 2


def test_without_the_font_the_dictionary_puts_a_split_sara_am_back(monkeypatch):
    """A font program that cannot be read (or names no glyph): the space where the
    nikhahit was is repaired on dictionary evidence alone."""
    monkeypatch.setattr(pdf_fonts, "thai_glyphs", lambda *a: {})
    (page,) = read_pdf(pdfgen.word_tounicode_pdf())
    assert page.text == pdfgen.WORD_LINE and page.layer_repairs == 3
    # sara am for every sara aa has no dictionary repair: still sent to OCR
    (page,) = read_pdf(pdfgen.word_tounicode_pdf(aa_as_am=True))
    assert "กำร" in page.text and page.needs_ocr and page.method_reason == LAYER_POOR


def test_a_correct_layer_is_left_as_it_is():
    (page,) = read_pdf(pdfgen.memo_pdf(with_table=False))
    assert page.method_reason == LAYER_GOOD and page.layer_repairs == 0


def test_thai_glyphs_of_a_tlwg_font():
    font = (pdfgen.TLWG / "Laksaman.ttf").read_bytes()
    glyphs = thai_glyphs(font)
    from fontTools.ttLib import TTFont

    tt = TTFont(str(pdfgen.TLWG / "Laksaman.ttf"))
    gid = tt.getGlyphID(tt.getBestCmap()[0x0E4D])
    assert glyphs[gid] == (NIKHAHIT,)
    # a glyph the cmap does not map is known by its name (ง with a cut descender)
    assert "uni0E07.uline" not in tt.getBestCmap().values()
    assert glyphs[tt.getGlyphID("uni0E07.uline")] == ("ง",)
    assert all(len(v) == 1 and "\u0e01" <= v[0] <= "\u0e5b" for vs in glyphs.values() for v in vs)
    # a CIDToGIDMap (2 bytes per cid, big-endian): cid 1 draws that glyph
    assert thai_glyphs(font, b"\x00\x00" + gid.to_bytes(2, "big")) == {1: (NIKHAHIT,)}
    assert thai_glyphs(b"not a font") == {}


def test_only_glyph_names_that_can_read_as_thai_are_looked_up():
    """thai_glyphs asks fontTools' toUnicode only for names _may_name_thai lets through:
    every name toUnicode reads as one Thai character must be among them (the Adobe Glyph
    List's, uniXXXX and uXXXX[XX] forms, with suffixes and ligature parts), and the
    names of a font's Latin glyphs are not."""
    from fontTools.agl import LEGACY_AGL2UV, toUnicode

    names = list(LEGACY_AGL2UV)
    for cp in range(0x0E00, 0x0E60):
        for form in (f"uni{cp:04X}", f"uni{cp:04x}", f"u{cp:04X}", f"u{cp:05X}", f"u{cp:06X}"):
            names += [form, form + ".alt1", form + ".uline", f"space_{form}", f"{form}_zerowidthspace"]
    thai = [n for n in names if len(toUnicode(n)) == 1 and 0x0E01 <= ord(toUnicode(n)) <= 0x0E5B]
    assert len(thai) > 500
    assert all(pdf_fonts._may_name_thai(n) for n in thai), [n for n in thai if not pdf_fonts._may_name_thai(n)]
    assert not any(pdf_fonts._may_name_thai(n) for n in ("A", "uni0041", "space", "f_i", "eacute", "g123"))


def test_thai_glyphs_through_a_full_cid_to_gid_map():
    """A map of all 65,536 cids (what LibreOffice and Word write), glyphs shuffled and
    shared by several cids, an odd trailing byte ignored: every cid whose glyph is Thai
    has that glyph's characters, and no other cid is in the result."""
    import random

    font = (pdfgen.TLWG / "Laksaman.ttf").read_bytes()
    by_gid = thai_glyphs(font)
    rnd = random.Random(7)
    n_glyphs = max(by_gid) + 50
    gids = [rnd.randrange(n_glyphs) for _ in range(65536)]
    cid_to_gid = b"".join(g.to_bytes(2, "big") for g in gids) + b"\x01"
    got = thai_glyphs(font, cid_to_gid)
    want = {cid: by_gid[g] for cid, g in enumerate(gids) if g in by_gid}
    assert len(want) > 1000
    assert got == want
    assert all(type(cid) is int for cid in got)


@pytest.mark.parametrize("stream, expected", [
    # Word: nikhahit glyph (cid 2) mapped to a space, sara aa glyph (3) to า
    ([(1, "ส"), (2, SPACE), (3, AA)], ["ส", NIKHAHIT, AA]),
    # Word, another font: the sara aa glyph mapped to ำ wherever it stands
    ([(1, "ก"), (3, AM), (4, "ร")], ["ก", AA, "ร"]),
    ([(1, "ส"), (2, SPACE), (3, AM)], ["ส", NIKHAHIT, AA]),
    # fpdf2: a cluster mapped to its first glyph, the others unmapped: left alone
    ([(1, "น"), (2, "\u0e49" + AM), (2, None), (3, None)], ["น", "\u0e49" + AM, None, None]),
    ([(1, "ส"), (2, AM), (3, None)], ["ส", AM, None]),
    # an unmapped glyph that nothing before covers: the font names it
    ([(1, "ก"), (5, None)], ["ก", "\u0e48"]),
    # a private-use code on a Thai glyph
    ([(1, "ก"), (5, "\uf70a")], ["ก", "\u0e48"]),
    # a real space, Latin, digits, a Thai letter mapped otherwise: as mapped
    ([(9, SPACE), (10, "A"), (1, "ข")], [SPACE, "A", "ข"]),
])
def test_glyph_reader(stream, expected):
    truth = {1: ("ก",), 2: (NIKHAHIT,), 3: (AA,), 4: ("ร",), 5: ("\u0e48",)}
    reader = GlyphReader(truth)
    assert [reader.read(cid, text) for cid, text in stream] == expected
