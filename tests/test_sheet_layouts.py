"""Spreadsheet printouts (LibreOffice Calc) and <div> tables (CSS grid, Chromium) read
from their geometry (issue 17's `xlsx_pdf` and `css_pdf` families).

The PDFs in tests/data/tables were made by make_css_span.py and make_calc_sheet.py (the
truth is what those scripts wrote, imported from them, not anything read back).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.extract.context import DocContext
from pipeline.extract.oit import extract_oit_items
from pipeline.extract.scores import extract_scores
from pipeline.readers import unruled
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_lines import line_text
from pipeline.readers.table_rules import closing_rules, open_table_edges
from pipeline.segment import split_documents
from samples.engines import chromium_pdf

DATA = Path(__file__).resolve().parent / "data" / "tables"
sys.path.insert(0, str(DATA))


def h(x0, x1, y):
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y}


def v(x, top, bottom):
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def tab_rows(pages) -> list[list[str]]:
    return [line.split("\t") for p in pages for line in p.text.split("\n") if "\t" in line]


# ---------------------------------------------------------------- a short cell's open border


def _grid_fragment(merged_foot: bool = False) -> list[dict]:
    # a tool column 72-130 whose cell (top of the page to 78.7) ends above the first
    # row line (83.6); columns 130-346-526; rows 60.7-83.6-108
    edges = [v(72, 60.7, 131), v(130, 60.7, 79.5), v(130, 84.0, 131), v(346, 60.7, 84), v(346, 84, 108),
             v(526, 60.7, 84), v(526, 84, 108), h(72, 130, 78.7), h(130, 346, 83.6), h(346, 526, 83.6),
             h(130, 346, 108), h(346, 526, 108)]
    if merged_foot:  # the rule below the gap runs on across the border: a merged row
        edges = [e for e in edges if not (e["orientation"] == "h" and e["top"] == 83.6)]
        edges.append(h(72, 526, 84.0))
    return edges


def test_a_cell_shorter_than_its_row_gets_its_border_closed():
    vertical, horizontal = closing_rules(_grid_fragment())
    assert [(round(e["x0"]), round(e["top"], 1), round(e["bottom"], 1)) for e in vertical] == [(130, 79.5, 84.0)]
    # the short cell's bottom is carried down to the row line of the other columns
    assert [(round(e["x0"]), round(e["x1"]), round(e["top"], 1)) for e in horizontal] == [(72, 130, 83.6)]


def test_a_merged_rows_gap_stays_open():
    assert closing_rules(_grid_fragment(merged_foot=True)) == ([], [])


def test_a_cell_merged_down_over_the_page_break_gets_a_top():
    # Calc: five side rules start at the page's table top; the top rule covers all but
    # the merged first column
    edges = [v(x, 54.2, 73.9) for x in (68.4, 128.4, 348.6, 408.6, 548.7)] + [h(128.2, 549, 54.2)]
    (line,) = open_table_edges(edges)
    assert (round(line["x0"], 1), round(line["x1"], 1), round(line["top"], 1)) == (68.4, 548.7, 54.0)
    # closed already, or rules running on above it (the middle of a table): nothing
    assert open_table_edges(edges + [h(68, 130, 54.2)]) == []
    assert open_table_edges(edges + [v(68.4, 20, 54.2)]) == []


def test_css_grid_cells_spanning_a_page_break_keep_every_row():
    from make_css_span import ROWS

    rows = tab_rows(read_pdf(DATA / "css_span_split.pdf"))
    assert rows[0] == ["เครื่องมือ", "ตัวชี้วัด", "2566", "2567"]
    got = [tuple(r) for r in rows[1:]]
    assert [r[1:] for r in got] == [r[1:] for r in ROWS]
    assert [r[0] for r in got] == [r[0] for r in ROWS]  # each tool label on its first row


def test_css_grid_two_year_table_gives_every_indicator_both_years():
    from make_css_span import ROWS

    doc = split_documents(read_pdf(DATA / "css_span_split.pdf"))[0]
    got = extract_scores(DocContext(doc, "f", "r", 2567)).indicator_scores
    want = {(int(name.split(".")[0]), year, float(score))
            for _, name, a, b in ROWS for year, score in ((2566, a), (2567, b))}
    assert {(s.indicator, s.fiscal_year, s.score) for s in got} == want


# ---------------------------------------------------------------- a spreadsheet's printout


def test_calc_table_merged_over_the_break_keeps_its_columns():
    from make_calc_sheet import HEADER, ROWS

    rows = tab_rows(read_pdf(DATA / "calc_sheet.pdf"))
    table = rows[rows.index(HEADER) + 1:][: len(ROWS)]
    # the row on page 2 has the merged tool column too (its cell has no top rule there)
    assert [r[1:] for r in table] == [list(r[1:]) for r in ROWS]


def test_calc_status_boxes_stand_beside_their_labels():
    from make_calc_sheet import OIT, status

    rows = tab_rows(read_pdf(DATA / "calc_sheet.pdf"))
    items = {r[0]: r[-1] for r in rows if r[0] in {code for code, _, _ in OIT}}
    assert items == {code: " ".join(status(done).split()) for code, _, done in OIT}
    doc = split_documents(read_pdf(DATA / "calc_sheet.pdf"))[0]
    got = extract_oit_items(DocContext(doc, "f", "r", 2567)).oit_items
    assert {(i.code, i.status) for i in got} == {(code, "done" if done else "not_done") for code, _, done in OIT}


def test_fallback_glyphs_written_after_the_line_go_where_they_stand():
    # LibreOffice writes the line's Thai text, then the boxes (DejaVu) at their own x
    marks = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e48\u0e49\u0e4a\u0e4b"

    def word(text, x):
        out = []
        for ch in text:
            w = 0.0 if ch in marks else 5.0
            out.append({"text": ch, "x0": x, "x1": x + w, "size": 10.0})
            x += w
        return out

    chars = word(" ดำเนินการ ", 397) + word(" ยังไม่ได้", 452) + word("☑", 389) + word("☐", 447)
    assert line_text(chars) == "☑ ดำเนินการ ☐ ยังไม่ได้"


def test_sara_aa_glyph_left_unmapped_is_read_from_its_sara_am():
    from make_calc_sheet import TITLE

    pages = read_pdf(DATA / "calc_sheet.pdf")
    assert pages[0].text.split("\n")[0] == TITLE
    # page 2's bold header has no ำ of its own: the glyph is known from page 1
    assert ["ตัวชี้วัดย่อย", "รายการข้อมูล", "สถานะ"] in tab_rows(pages)


def test_a_list_ends_before_a_paragraph_in_another_type_size():
    from make_calc_sheet import AFTER_LIST, RANKED

    lines = read_pdf(DATA / "calc_sheet.pdf")[0].text.split("\n")
    assert AFTER_LIST in lines
    listed = [ln for ln in lines if ln.startswith(tuple(name for name, _ in RANKED))]
    assert len(listed) == len(RANKED) and all("\t" in ln and AFTER_LIST not in ln for ln in listed)


def test_unruled_block_leaves_a_line_of_another_size_after_its_last_row():
    # four columns; rows anchored by their numbers; the last line fits the first column
    # but is set larger (a paragraph under the list)
    cols = [(0, 40), (60, 100), (120, 160), (180, 220)]
    row = (cols, 8.4)
    lines = [row, row, row, ([(0, 30)], 9.9)]
    cells = [["1", "a", "b", "c"], ["2", "a", "b", "c"], ["3", "a", "b", "c"], ["จึงเรียน", "", "", ""]]
    (block,) = unruled.find_blocks(lines, lambda k, edges: cells[k])
    assert block.end == 2 and block.rows == ((0,), (1,), (2,))
    same = lines[:3] + [([(0, 30)], 8.4)]  # the same size: a wrapped line of the last row
    (block,) = unruled.find_blocks(same, lambda k, edges: cells[k])
    assert block.end == 3 and block.rows[-1] == (2, 3)


def test_unruled_block_leaves_the_lines_after_a_wider_gap_than_its_rows_have():
    # a ranked list in Word's plain table: rows 20 pt apart, the last row's cell wraps
    # onto a line 20 pt down, then the closing paragraph and a signature 30 pt down,
    # in the same type and within the first two columns
    cols = [(0, 40), (60, 100), (120, 160), (180, 220)]
    cells = [["1", "a", "b", "c"], ["2", "a", "b", "c"], ["3", "a", "b", "c"], ["", "aa", "", ""],
             ["จึงเรียน", "", "", ""], ["", "(นาย…)", "", ""]]
    spans = [cols, cols, cols, [(60, 90)], [(10, 35)], [(62, 95)]]
    tops = [0, 20, 40, 60, 90, 110]
    lines = [(sp, 14.0, top) for sp, top in zip(spans, tops)]
    (block,) = unruled.find_blocks(lines, lambda k, edges: cells[k])
    assert block.end == 3 and block.rows == ((0,), (1,), (2, 3))
    # the same lines at the rows' pitch are the last row's wrapped lines
    even = [(sp, 14.0, 20 * k) for k, sp in enumerate(spans)]
    (block,) = unruled.find_blocks(even, lambda k, edges: cells[k])
    assert block.end == 5 and block.rows[-1] == (2, 3, 4, 5)


def test_unmapped_sara_aa_is_learnt_from_the_sara_am_it_ends():
    from pipeline.readers.pdf_fonts import read_unmapped_sara_aa

    def g(text, font="B", width=5.0):
        return {"text": text, "fontname": font, "x0": 0.0, "x1": width}

    # ร(cid:3)ยง(cid:3)น … ส ำ (cid:3) … ; another font's (cid:3) is another glyph
    chars = [g("ร"), g("(cid:3)"), g("ย"), g("ง"), g("(cid:3)"), g("น"), g("ส"), g("ำ", width=0), g("(cid:3)"),
             g("(cid:3)", font="R")]
    assert read_unmapped_sara_aa(chars) == 2
    assert [c["text"] for c in chars] == ["ร", "า", "ย", "ง", "า", "น", "ส", "ำ", "(cid:3)", "(cid:3)"]
    # what page 1 taught reads page 2, which has no ำ
    known: set = set()
    read_unmapped_sara_aa([g("ส"), g("ำ", width=0), g("(cid:3)")], known)
    page2 = [g("ก"), g("(cid:3)"), g("ร")]
    assert read_unmapped_sara_aa(page2, known) == 1 and page2[1]["text"] == "า"
    # no ำ before any unmapped glyph: nothing is guessed
    alone = [g("ก"), g("(cid:3)")]
    assert read_unmapped_sara_aa(alone) == 0 and alone[1]["text"] == "(cid:3)"


def test_unanchored_table_rows_told_apart_by_their_spacing():
    # a CSS table without rules or row numbers, cells wrapping onto a second line at the
    # line pitch (24); the next row starts 4.5 pt further down (its cells' padding)
    cols = [(80, 240), (260, 330), (350, 400), (420, 460)]
    second = [(80, 150), (350, 360), (420, 425)]
    lines = [(cols, 16.0, 297.5), (second, 16.0, 321.5), (cols, 16.0, 350.0), (second, 16.0, 373.3),
             (cols, 16.0, 401.8), (second, 16.0, 425.8)]
    (block,) = unruled.find_blocks(lines, lambda k, edges: ["แบบวัด", "คะแนนรวม", "84.4", "คะแน"])
    assert block.by_pitch and block.rows == ((0, 1), (2, 3), (4, 5))


def test_spacing_alone_makes_no_rows_of_irregular_or_unaligned_lines():
    cols = [(80, 240), (260, 330), (350, 400), (420, 460)]
    cells = lambda k, edges: ["ก", "ข", "ค", "ง"]  # noqa: E731
    # a spreadsheet's rows, each as tall as someone set it: no two kinds of gap
    irregular = [(cols, 10.0, t) for t in (185.3, 238.6, 258.6, 296.2)]
    assert unruled.find_blocks(irregular, cells) == []
    # justified prose whose wide spaces leave strips: the rows' words do not line up
    shifted = [[(x0 + 9 * k, x1 + 9 * k) for x0, x1 in cols] for k in range(3)]
    prose = [(shifted[0], 16.0, 100), (shifted[0], 16.0, 124), (shifted[1], 16.0, 152.5),
             (shifted[1], 16.0, 176.5), (shifted[2], 16.0, 205), (shifted[2], 16.0, 229)]
    assert unruled.find_blocks(prose, cells) == []


def test_css_flex_table_without_rules_gives_tool_scores(tmp_path):
    # a flex table of label | คะแนนรวม | score | คะแนน whose narrow cells wrap (Chromium)
    import shutil

    import pytest

    if shutil.which("chromium") is None:
        pytest.skip("chromium not installed")
    rows = [("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "84.42", "IIT"),
            ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "78.48", "EIT"),
            ("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "93.75", "OIT")]
    cell = '<div class="cell" style="flex:0 0 {}">{}</div>'
    body = "".join('<div class="row">' + cell.format("50%", label) + cell.format("20%", "คะแนนรวม")
                   + cell.format("8%", score) + cell.format("9%", "คะแนน") + "</div>" for label, score, _ in rows)
    src = tmp_path / "flex.html"
    src.write_text(f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; }} body {{ font-family: 'Garuda', sans-serif; font-size: 16pt; margin: 0; }}
.row {{ display: flex; }} .cell {{ padding: 0.8mm 1.5mm; overflow-wrap: anywhere; min-width: 0; box-sizing: border-box; }}
</style></head><body><p>รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565</p>
<div style="display:flex;flex-direction:column">{body}</div></body></html>""", encoding="utf-8")
    pdf = tmp_path / "flex.pdf"
    chromium_pdf(src, pdf)
    doc = split_documents(read_pdf(pdf))[0]
    got = extract_scores(DocContext(doc, "f", "r", 2565)).tool_scores
    assert {(t.tool, t.score) for t in got} == {(tool, float(score)) for _, score, tool in rows}


def test_a_number_broken_after_its_point_is_joined_again():
    from pipeline.readers.paragraphs import joined_text

    assert joined_text("84.", "42") == "84.42"
    assert joined_text("คะแนน ๙๓.", "๗๕") == "คะแนน ๙๓.๗๕"
    # a sentence's full stop before a line that is a number, or a longer text: a space
    assert joined_text("ข้อ ก.", "42") == "ข้อ ก. 42" and joined_text("84.", "42 คน") == "84. 42 คน"


def test_unruled_block_starts_after_a_heading_in_another_type_size():
    # tool rows (4 columns), a larger heading that fits the strips, then a numbered table
    cols = [(0, 40), (60, 100), (120, 160), (180, 220)]
    lines = [(cols, 10.0), ([(0, 90)], 13.0), (cols, 10.0), (cols, 10.0), (cols, 10.0), (cols, 10.0)]
    cells = [["(OIT)", "คะแนนรวม", "80.00", "คะแนน"], ["ผลคะแนน", "", "", ""], ["ลำดับที่", "ชื่อ", "", "คะแนน"],
             ["1", "ก", "", "79.37"], ["2", "ข", "", "82.55"], ["3", "ค", "", "80.32"]]
    (block,) = unruled.find_blocks(lines, lambda k, edges: cells[k])
    assert block.start == 2 and block.rows == ((2,), (3,), (4,), (5,))


def test_a_number_alone_on_its_line_starts_no_row():
    # "…(EIT) ส่วนที่" over "๑": the part number a narrow label cell wrapped, not a row
    cols = [(0, 40), (60, 100), (120, 160), (180, 220)]
    tail = [(0, 6)]
    lines = [(cols, 10.0, 310.2), (cols, 10.0, 327.4), (tail, 10.0, 340.2), (cols, 10.0, 358.2),
             (tail, 10.0, 370.9), (cols, 10.0, 388.2)]
    cells = [["(IIT)", "คะแนนรวม", "90.23", "คะแนน"], ["(EIT) ส่วนที่", "คะแนนรวม", "86.25", "คะแนน"],
             ["๑", "", "", ""], ["(EIT) ส่วนที่", "คะแนนรวม", "96.74", "คะแนน"], ["๒", "", "", ""],
             ["(OIT)", "คะแนนรวม", "87.50", "คะแนน"]]
    (block,) = unruled.find_blocks(lines, lambda k, edges: cells[k])
    assert block.rows == ((0,), (1, 2), (3, 4), (5,))
