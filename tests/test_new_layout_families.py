"""The layout families added after the pipeline was tuned (issue 17): `xlsx` (an openpyxl
workbook printed by LibreOffice Calc, samples/render_xlsx.py) and `css` (HTML whose
tables are CSS grid/flex <div>s, printed by Chromium, samples/render_css.py). Their PDFs
must print what their truth says; the conversions skip where soffice/chromium (and
LibreOffice Calc) are absent (`scripts/bootstrap-system.sh samples` installs them)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest
from openpyxl import load_workbook

from samples import engines
from samples import generate as gen
from samples.builders import join_reports
from samples.layout import PageBreak, Para
from samples.render_css import render_css
from samples.render_xlsx import render_xlsx
from samples.restyle import Look, XTable, restyle

SEED = 17101  # this branch's seeds: 17xxx


def _has_calc() -> bool:
    if shutil.which("soffice") is None:
        return False
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "libreoffice-calc-nogui"],
                         capture_output=True, text=True)
    return "installed" in out.stdout or shutil.which("localc") is not None


needs_calc = pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc not installed: run "
                                "scripts/bootstrap-system.sh samples")
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="chromium not installed: run "
                                           "scripts/bootstrap-system.sh samples")


def _flat(s: str) -> str:
    # pdfium returns a hyphen the line broke after ("E-Service") as U+FFFE
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s)).replace("\ufffe", "-")


def _look(**kw) -> Look:
    base = dict(font="Laksaman", size=15.0, margins=(25, 20, 20, 20), justify="thai",
                running_header="หัวกระดาษ", page_numbers="bottom", line_spacing=1.0,
                signature_right=True)
    return Look(**{**base, **kw})


def _blocks():
    rows = [["ZTOOL" if i == 0 else "", f"ตัวชี้วัดที่ {i + 1}", f"{70 + i}.50", "ข้อ\nบรรทัดสอง"]
            for i in range(30)]
    wide = XTable([["เครื่องมือ", "ตัวชี้วัด", "คะแนน", "หมายเหตุ"]], rows, [1, 4, 1, 2],
                  merges=[(0, 0, 30)], landscape=True)
    return [Para("บันทึกข้อความ", style="title", align="C"),
            Para("ย่อหน้าไทยกระจายแบบไทย ยาวพอสมควร " * 6), wide,
            PageBreak(),
            XTable([], [["แบบวัด (IIT)", "คะแนนรวม", "71.40", "คะแนน"]], [8, 2, 2, 2],
                   ruled=False, tabbed=True)]


def _check_printed(pdf, text: str, merged_prints: int) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    got = _flat("".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    doc.close()
    assert any(w > h for w, h in sizes) and any(w < h for w, h in sizes)  # landscape + portrait
    # every row over the page break, the trailing zero kept ("70.50", not 70.5)
    assert all(f"{70 + i}.50" in got for i in range(30))
    # a merged tool cell prints once in a browser; Calc prints it on every page it spans
    assert got.count("ZTOOL") == merged_prints
    assert "71.40" in got
    assert not Counter(_flat(text)) - Counter(got)  # no letter clipped away
    return got


def test_xlsx_workbook_is_typeset_as_a_spreadsheet(tmp_path):
    render_xlsx(_look(), _blocks(), tmp_path / "a.xlsx")
    wb = load_workbook(tmp_path / "a.xlsx")
    # title+prose sheet, the wide table's landscape sheet, the sheet after the page break
    assert [ws.page_setup.orientation for ws in wb.worksheets] == ["portrait", "landscape",
                                                                   "portrait"]
    prose, wide, last = wb.worksheets
    assert prose["A1"].value == "บันทึกข้อความ" and "A1:X1" in prose.merged_cells
    assert prose.row_dimensions[2].height > 2 * prose.row_dimensions[1].height * 0.9  # wrapped
    cells = [c.value for row in wide.iter_rows() for c in row if c.value]
    assert "70.50" in cells and cells.count("ZTOOL") == 1  # typed as text, not 70.5
    assert any(r.min_row + 29 == r.max_row for r in wide.merged_cells.ranges)  # ZTOOL spans 30
    assert wide.print_area and last.oddFooter.right.text == "หน้า &P จาก &N"


@needs_calc
def test_xlsx_printed_by_calc(tmp_path):
    blocks = _blocks()
    render_xlsx(_look(), blocks, tmp_path / "a.xlsx")
    engines._soffice([tmp_path / "a.xlsx"], tmp_path)
    from samples.restyle import plain_text
    got = _check_printed(tmp_path / "a.pdf", plain_text(blocks), 3)
    assert "หน้า1จาก" in got and "หัวกระดาษ" in got  # Calc's own header and footer


@needs_chromium
def test_css_tables_are_divs_printed_by_chromium(tmp_path):
    blocks = _blocks()
    render_css(_look(), blocks, tmp_path / "a.html", "t", random.Random(1))
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<table" not in html and "grid-row:span 30" in html
    engines.chromium_pdf(tmp_path / "a.html", tmp_path / "a.pdf", furniture=False)
    from samples.restyle import plain_text
    _check_printed(tmp_path / "a.pdf", plain_text(blocks), 1)


@pytest.mark.slow  # ~11 s: building the document model
def test_same_seed_same_sources(tmp_path):
    """The layout drawn for a document, and the files written, depend on the seed only."""
    stem, reports, *_ = gen.build_document(SEED, 2, 0.0)
    kinds = ("xlsx_pdf", "css_pdf")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    la = engines.write_sources(a, stem, reports, SEED, 2, kinds)
    lb = engines.write_sources(b, stem, reports, SEED, 2, kinds)
    assert la == lb and set(la) == {"xlsx", "css"}
    assert (a / la["css"]["source"]).read_bytes() == (b / lb["css"]["source"]).read_bytes()

    def cells(p):
        return [[(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value]
                + sorted(map(str, ws.merged_cells.ranges)) for ws in load_workbook(p).worksheets]
    assert cells(a / la["xlsx"]["source"]) == cells(b / lb["xlsx"]["source"])
    other = engines.write_sources(tmp_path, stem, reports, SEED + 1, 2, kinds)
    assert other["xlsx"]["look"] != la["xlsx"]["look"] or other["css"]["look"] != la["css"]["look"]


def _check_truth_printed(out, truth: dict, engine: str) -> None:
    lay = truth["layouts"][engine]
    texts = engines.page_texts(out / truth["files"][f"{engine}_pdf"])
    assert lay["n_pages"] == len(texts) >= 1
    assert all(r["first_page"] and r["last_page"] >= r["first_page"] for r in lay["reports"])
    got = _flat("".join(texts))
    # every letter the document prints is in the text layer (none clipped by a cell) ...
    assert not Counter(_flat(lay["text"])) - Counter(got), engine
    # ... every number token as often as printed, and every truth score among them
    for tok, n in Counter(x["text"] for x in lay["numbers"]).items():
        assert got.count(_flat(tok)) >= n, (engine, tok)
    values = {x["value"] for x in lay["numbers"]}
    for s in truth["indicator_scores"] + truth["tool_scores"]:
        assert s["score"] is None or s["score"] in values, (engine, s)
    assert _flat(truth["reports"][0]["agency_name"]) in got


@pytest.mark.slow  # ~30 s
@needs_calc
@needs_chromium
def test_generate_one_document_per_new_engine(tmp_path):
    assert gen.main(["--out", str(tmp_path), "--n", "1", "--seed", str(SEED),
                     "--kinds", "xlsx_pdf,css_pdf"]) == 0
    truth = json.loads(next(tmp_path.glob("*.truth.json")).read_text(encoding="utf-8"))
    for engine in ("xlsx", "css"):
        _check_truth_printed(tmp_path, truth, engine)
    assert truth["files"]["xlsx_source"].endswith(".xlsx")
    assert truth["files"]["css_source"].endswith(".grid.html")


@pytest.mark.slow  # ~75 s
@needs_calc
@needs_chromium
def test_new_families_print_their_truth_with_scans(tmp_path):
    kinds = "xlsx_pdf,css_pdf,xlsx_scan300,css_scan300,xlsx_scan200,css_scan200"
    assert gen.main(["--out", str(tmp_path), "--n", "4", "--seed", str(SEED + 1),
                     "--kinds", kinds, "--every-kind"]) == 0
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.truth.json")]
    assert len(truths) == 4
    for truth in truths:
        for engine in ("xlsx", "css"):
            _check_truth_printed(tmp_path, truth, engine)
            for scan in ("scan300", "scan200"):
                assert (tmp_path / truth["files"][f"{engine}_{scan}"]).stat().st_size > 10_000
