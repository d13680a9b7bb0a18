"""samples/pdfium_chars.py: pdfium's characters, put in content-stream order by their text
objects, against the glyphs the PDF reader reads (issue 23: why pdfium does not give the
reader its text)."""

from __future__ import annotations

import pdfgen
from samples import pdfium_chars


def _compare(tmp_path, data: bytes, name: str = "page.pdf") -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    (result,) = pdfium_chars.compare([str(path)]).values()
    return result


def test_ordered_by_text_object_pdfium_has_the_readers_glyphs_but_for_runs_of_spaces(tmp_path):
    """An fpdf2 Thai memo (stacked marks, an unmapped sara aa glyph read (cid:N)): in
    content-stream order pdfium's characters are the reader's, except that pdfium keeps
    one space of a run."""
    got = _compare(tmp_path, pdfgen.memo_pdf())
    assert got["pages"] == 1 and got["equal"] == 0 and got["equal_but_dropped_spaces"] == 1
    assert [kind for kind, _ in got["differences"]] == ["spaces dropped"]


def test_pdfium_reads_a_lying_tounicode_map_where_the_reader_reads_the_font(tmp_path):
    """Word's ToUnicode map gives the nikhahit of สำ a space; the reader reads the glyph by
    the embedded font (readers/pdf_fonts.py), pdfium as the map says."""
    got = _compare(tmp_path, pdfgen.word_tounicode_pdf())
    assert got["equal"] == 0 and got["equal_but_dropped_spaces"] == 0
    assert dict(got["differences"]) == {"replace 'ํ' -> ' '": 3}


def test_families_by_suffix():
    assert pdfium_chars.family("/x/0001_o43_2568.docx.pdf") == "docx_pdf"
    assert pdfium_chars.family("/x/0001_o43_2568.css.pdf") == "css_pdf"
    assert pdfium_chars.family("/x/memo.pdf") == "pdf"
