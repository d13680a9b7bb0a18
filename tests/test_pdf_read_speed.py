"""Issue 23's shortcuts in reading and loading a digital PDF give what the long way gives:
the glyphs of pdfminer's own text rendering, a CIDToGIDMap read entry by entry,
pdfium's typed calls, a page row bound as VALUES."""

from __future__ import annotations

import io
import random
from datetime import datetime

import pdfplumber
import pytest
from pdfminer.pdfdevice import PDFTextDevice

from pipeline import load
from pipeline.readers import pdf_chars
from pipeline.readers.pdf_fonts import by_cid
from schemas.records import PageRecord

KEYS = ("text", "size", "matrix", "fontname", "x0", "x1", "top", "bottom")


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (Helvetica, a Type1 font: one byte a glyph, so a space is cid 32
    and word spacing applies) whose page draws `content`; offsets computed."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# every text state the rendering reads: character and word spacing, horizontal scaling,
# rise, kerning numbers inside TJ, a scaled and a rotated text matrix, a cm before BT
TEXT_STATES = (
    b"BT /F1 12 Tf 50 250 Td (Plain words here) Tj ET\n"
    b"BT /F1 11 Tf 1.5 Tc 4 Tw 50 220 Td (Spaced out words) Tj ET\n"
    b"BT /F1 10 Tf 80 Tz 3 Ts 50 190 Td [(Ke) -120 (rn) 250.5 (ed words)] TJ ET\n"
    b"q 1 0 0 1 10 -5 cm BT /F1 9 Tf 2 0 0 1.5 50 160 Tm (Scaled matrix) Tj "
    b"0 14 Td (next line) ' ET Q\n"
    b"BT /F1 10 Tf 0.7071 0.7071 -0.7071 0.7071 200 60 Tm (Rotated 45) Tj ET\n"
)


def test_fused_text_rendering_gives_pdfminers_glyphs():
    """_CharDevice.render_string (render_char inlined) gives the glyphs, numbers and order
    that pdfminer's own render_string and render_char give, and pdfplumber's page.chars."""
    data = _pdf(TEXT_STATES)
    fused = pdf_chars._CharDevice.render_string
    runs = []
    for render in (fused, PDFTextDevice.render_string):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            try:
                pdf_chars._CharDevice.render_string = render
                runs.append(pdf_chars.layout_objects(pdf.pages[0]).chars)
            finally:
                pdf_chars._CharDevice.render_string = fused
            plumber = [{k: c[k] for k in KEYS} for c in pdf.pages[0].chars if c["text"]]
    assert runs[0] == runs[1] == plumber
    assert "".join(c["text"] for c in runs[0]).startswith("Plain words hereSpaced out words")
    assert len(runs[0]) == 76  # the six strings' letters and spaces
    # the text state was applied: after a space, word and character spacing (line 2)
    # leave a wider gap than on line 1; a TJ kerning number moves the next glyph
    def gap_after_space(line_top: float) -> float:
        line = [c for c in runs[0] if abs(c["top"] - line_top) < 0.5]
        i = next(i for i, c in enumerate(line) if c["text"] == " ")
        return line[i + 1]["x0"] - line[i]["x1"]
    tops = sorted({round(c["top"]) for c in runs[0] if c["matrix"][1] == 0})
    assert gap_after_space(tops[1]) > gap_after_space(tops[0]) + 3


def test_cid_to_gid_map_with_zero_tail_reads_like_every_entry():
    """A subset font's map sends its few cids to glyphs and the other ~65,000 to glyph 0:
    reading only up to the last glyph that is not 0 gives the dict that reading every
    entry gives, also where the last glyph number's low byte is 0 (0x0100) and where
    glyph 0 is one the caller asks about."""
    rnd = random.Random(23)

    def every_entry(data: bytes, by_gid: dict) -> dict:
        gids = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) // 2 * 2, 2)]
        return {cid: by_gid[g] for cid, g in enumerate(gids) if g in by_gid}

    for trial in range(200):
        used = [rnd.choice([rnd.randrange(1, 600), 0x0100, 0x0200, 0]) for _ in range(rnd.randrange(0, 120))]
        data = b"".join(g.to_bytes(2, "big") for g in used) + b"\x00\x00" * rnd.choice([0, 1, 65000])
        data += b"\x00" * (trial % 2)  # an odd trailing byte is ignored
        by_gid = {g: (chr(0x0E01 + g % 40),) for g in rnd.sample(range(600), 60) + [0x0100, 0x0200]}
        if trial % 7 == 0:
            by_gid[0] = ("\u0e01",)
        want = every_entry(data, by_gid)
        got = by_cid(data, by_gid)
        assert got == want
        assert list(got) == sorted(got)


def test_pdfium_calls_without_declared_types_leave_pypdfium2s_alone():
    import pypdfium2.raw as pdfium_c

    calls = pdf_chars._text_calls()
    typed = (pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharBox)
    for call, original in zip(calls, typed):
        assert original.argtypes  # pypdfium2's still convert their arguments
        assert call.restype == original.restype


def test_a_page_with_many_glyphs_is_stored_as_the_values_insert_stores_it(tmp_path):
    """A page row whose glyph lists are long goes in by Arrow; the stored row is the one
    the multi-row VALUES insert stores (boxes, texts, a None line box, Thai)."""
    rnd = random.Random(5)
    glyphs = [rnd.choice("กขค0.5") for _ in range(400)]
    boxes = [sorted(round(rnd.random(), 4) for _ in range(4)) for _ in glyphs]
    page = PageRecord(file_id="f", page_no=1, method="pdf_text", text="ข้อความ\nบรรทัด",
                      line_boxes=[[0.1, 0.2, 0.3, 0.4], None], glyph_texts=glyphs, glyph_boxes=boxes,
                      quality=0.9, needs_ocr=False)
    small = PageRecord(file_id="g", page_no=1, method="pdf_text", text="x", glyph_texts=["x"],
                       glyph_boxes=[[0.0, 0.0, 1.0, 1.0]])
    used = []
    arrow = load._insert_arrow
    snaps = []
    for name in ("chosen", "values"):
        con = load.connect(tmp_path / f"{name}.duckdb")
        if name == "chosen":
            load._insert_arrow = lambda con_, table, rows: (used.append(len(rows)), arrow(con_, table, rows))
            try:
                load._insert(con, "pages", [page, small])
            finally:
                load._insert_arrow = arrow
        else:
            load._insert_values(con, "pages", [page, small])
        snaps.append(con.execute("SELECT * FROM pages ORDER BY file_id").fetchall())
        con.close()
    assert used == [2]
    assert snaps[0] == snaps[1]
    assert snaps[0][0][list(PageRecord.model_fields).index("glyph_boxes")] == boxes


def _page_record(glyphs, line_boxes=()):
    """The pages row to_records makes of one page holding these glyphs and line boxes."""
    from pipeline.pages import PDF_TEXT, PageResult
    from pipeline.stages import FileResult, FileTask, to_records
    from schemas.vocab import FileStatus

    page = PageResult(page_no=1, method=PDF_TEXT, text="ก\nข", glyphs=tuple(glyphs),
                      line_boxes=tuple(line_boxes))
    result = FileResult(FileTask("x.pdf", "f" * 64, "application/pdf", 10), FileStatus.OK, None, (page,))
    (row,) = to_records(result, datetime(2026, 1, 1))["pages"]
    return row


def test_glyph_texts_and_boxes_reach_the_record_as_lists_without_nuls():
    """to_records hands pydantic the glyphs' box tuples and texts as they are: the
    record holds lists of floats, and a NUL in one glyph's text is still dropped
    (only that glyph's text changes)."""
    glyphs = [("ก", (0.1, 0.2, 0.3, 0.4)), ("\x00ข", (0.5, 0.25, 0.75, 1.0)), ("", (0.0, 0.0, 0.0, 0.0))]
    row = _page_record(glyphs, [(0.1, 0.2, 0.3, 0.4), None])
    assert row.glyph_texts == ["ก", "ข", ""]
    assert row.glyph_boxes == [[0.1, 0.2, 0.3, 0.4], [0.5, 0.25, 0.75, 1.0], [0.0, 0.0, 0.0, 0.0]]
    assert all(type(b) is list for b in row.glyph_boxes)
    assert row.line_boxes == [[0.1, 0.2, 0.3, 0.4], None]
    clean = _page_record(glyphs[:1] + glyphs[2:])
    assert clean.glyph_texts == ["ก", ""] and clean.line_boxes is None


def test_a_lines_size_is_statistics_median_of_its_glyphs():
    """build_lines' median (pdf_lines._median) is statistics.median: odd and even
    counts, ties, the mean of the middle two."""
    import statistics

    from pipeline.readers.pdf_lines import _median

    rnd = random.Random(7)
    for n in range(1, 40):
        sizes = [rnd.choice([8.0, 9.96, 10.0, 12.0, 14.04, 16.0, rnd.uniform(1, 30)]) for _ in range(n)]
        assert _median(list(sizes)) == statistics.median(sizes)
    assert _median([10.0, 12.0]) == 11.0


@pytest.mark.parametrize("make", ["memo", "multiline_cells"])
def test_a_cells_text_read_the_short_way_is_the_long_ways(make):
    """pdf_tables._cell_lines (one line: its text alone) gives the text _cell_text
    gave from join_wrapped_lines(build_lines(...)), for cells of one line and of
    several (wrapped, with a number broken across lines) cut from generated pages
    (fpdf2, Thai with tone marks), and for every ruled cell those pages hold."""
    import pdfgen
    from pipeline.readers import pdf_chars, pdf_tables
    from pipeline.readers.pdf_fonts import FontAwareResourceManager
    from pipeline.readers.pdf_lines import build_lines, join_wrapped_lines, line_groups, lines_of

    data = pdfgen.memo_pdf() if make == "memo" else pdfgen.multiline_cell_table_pdf()
    rnd = random.Random(3)
    singles = multis = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pdf.rsrcmgr = FontAwareResourceManager()
        for page in pdf.pages:
            laid = pdf_chars.layout_objects(page)
            chars = laid.chars
            cells = [chars[a:a + n] for a in range(0, len(chars), 7) for n in (1, 5, 30, 90)]
            cells += [rnd.sample(chars, min(len(chars), 12)) for _ in range(20)]
            for table in pdf_tables.find_tables(page, laid.rules):
                for row in table.rows:
                    for box in row.cells:
                        if box is not None:
                            cells.append([c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
                                          and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]])
            for cell in cells:
                assert build_lines(cell) == lines_of(line_groups(cell))
                want = pdf_tables._cell_text(join_wrapped_lines(build_lines(cell)))
                assert pdf_tables._cell_text(pdf_tables._cell_lines(cell)) == want
                n = len(line_groups(cell))
                singles += n == 1
                multis += n > 1
    assert singles > 20 and multis > 20


# level text drawn every way the two-corner box of an unrotated glyph must agree with the
# four-corner one: mirrored and flipped matrices, a glyph at the page's own origin (x or
# y of 0, where the general formula is used), a negative rise, a negative font size
LEVEL_STATES = (
    b"BT /F1 12 Tf 50 250 Td (Level words) Tj ET\n"
    b"BT /F1 12 Tf -1 0 0 1 300 230 Tm (Mirrored) Tj ET\n"
    b"BT /F1 12 Tf 1 0 0 -1 50 200 Tm (Flipped) Tj ET\n"
    b"BT /F1 10 Tf 0 0 Td (At origin) Tj ET\n"
    b"BT /F1 10 Tf 1 0 0 1 0 120 Tm (On the y axis) Tj ET\n"
    b"BT /F1 10 Tf -4 Ts 60 100 Td (Risen low) Tj ET\n"
    b"BT /F1 -9 Tf 60 80 Td (Negative size) Tj ET\n"
    b"BT /F1 10 Tf 0.5 0 0 2 60 40 Tm [(Sc) 300 (aled)] TJ ET\n"
)


def test_level_glyph_boxes_equal_pdfminers_to_the_bit():
    """The level-matrix shortcut in _CharDevice.render_string gives pdfminer's own boxes,
    compared as exact floats (repr), on each kind of level matrix."""
    data = _pdf(LEVEL_STATES)
    fused = pdf_chars._CharDevice.render_string
    runs = []
    for render in (fused, PDFTextDevice.render_string):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            try:
                pdf_chars._CharDevice.render_string = render
                runs.append(pdf_chars.layout_objects(pdf.pages[0]).chars)
            finally:
                pdf_chars._CharDevice.render_string = fused
    assert repr(runs[0]) == repr(runs[1])
    assert len(runs[0]) == len(b"LevelwordsMirroredFlippedAtoriginOntheyaxisRisenlowNegativesizeScaled") + 7
    level = [c for c in runs[0] if c["matrix"][1] == c["matrix"][2] == 0]
    assert len(level) == len(runs[0])
    # both ways were taken: glyphs off both axes, and the first one at x = 0 or y = 0
    assert any(c["matrix"][4] == 0 or c["matrix"][5] == 0 for c in level)
    assert sum(c["matrix"][4] != 0 and c["matrix"][5] != 0 for c in level) > 40
    # a mirrored matrix draws leftwards: its boxes are still left < right
    assert all(c["x0"] <= c["x1"] and c["top"] <= c["bottom"] for c in runs[0])
