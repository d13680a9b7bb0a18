"""Documents laid out by LibreOffice (DOCX) and Chromium (HTML), and the new page-image
renderings (samples/engines.py, restyle.py, render_docx.py, render_html.py,
render_images.py). The conversions need `soffice` / `chromium`: those tests skip, saying
so, where they are absent (`scripts/bootstrap-system.sh samples` installs them)."""

from __future__ import annotations

import json
import random
import re
import shutil
import unicodedata

import numpy as np
import pytest
from PIL import Image

from samples import engines, generate as gen
from samples.builders import join_reports
from samples.scoring import PRF, _score_by_content, _score_codes, truth_for_kind
from samples.layout import Para
from samples.render_docx import render_docx
from samples.render_html import render_html
from samples.render_images import fax, photo, skewed
from samples.restyle import Look, XTable, restyle

SEED = 5151
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) not installed: run "
                                          "scripts/bootstrap-system.sh samples")
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="chromium not installed: run "
                                           "scripts/bootstrap-system.sh samples")


def _flat(s: str) -> str:
    # question codes may be printed with Thai digits (O๓๔ for the truth's O34)
    s = s.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s))


def _o42_doc():
    """The first document of SEED that holds an o42 measures table."""
    for i in range(1, 40):
        stem, reports, *_ = gen.build_document(SEED, i, 0.0)
        if any(r.measures and r.doc_type == "o42_analysis_measures" for r in reports):
            return reports
    raise AssertionError("no o42 in 40 documents")


def test_restyled_measures_tables_keep_every_truth_cell():
    """However the columns are reordered, merged or added to, each truth row's fields are
    printed in that row, and the table has 5-9 columns."""
    reports = _o42_doc()
    rep = next(r for r in reports if r.doc_type == "o42_analysis_measures")
    widths, headers = set(), set()
    for k in range(30):
        _, blocks = restyle(join_reports(reports), random.Random(k), "x", 2566)
        t = next(b for b in blocks if isinstance(b, XTable) and any(
            rep.measures[0]["measure"] in c for r in b.rows for c in r))
        widths.add(len(t.header[0]))
        headers.add(tuple(t.header[0]))
        assert len(t.rows) == len(rep.measures)
        for truth, row in zip(rep.measures, t.rows):
            printed = _flat(" ".join(row))
            for fld in ("issue", "measure", "steps", "period", "responsible"):
                assert _flat(truth[fld]) in printed, (k, fld)
            assert all(_flat(c) in printed for c in truth["question_codes"] if c.startswith("O"))
    assert min(widths) >= 5 and max(widths) <= 9 and len(widths) >= 3
    assert len(headers) >= 10  # the wording varies


def test_report_pages_follow_each_reports_first_line():
    texts = ["บันทึกข้อความ\nเรื่อง", "ต่อ", "รายงานการวิเคราะห์ ผล\nตาราง", "ตาราง"]
    keys = [engines._key("บันทึกข้อความ"), engines._key("รายงานการวิเคราะห์ผล")]
    assert engines.report_pages(texts, keys) == [(1, 2), (3, 4)]
    # a start that cannot be found leaves its pages unknown, not wrong
    assert engines.report_pages(texts, keys[:1] + ["ไม่มี"]) == [(1, 4), (None, None)]


def test_page_image_damage():
    rng = np.random.default_rng(1)
    page = Image.new("L", (420, 594), 255)
    page.paste(0, (100, 100, 320, 130))  # a black bar: "text"
    ph = photo(page, rng)
    assert ph.mode == "RGB" and ph.size == page.size
    corner, middle = np.asarray(ph)[2, 2], np.asarray(ph)[300, 210]
    assert corner.mean() < 150 < middle.mean()  # the table round the sheet, the paper
    fx = fax(page, rng)
    assert fx.mode == "1" and np.asarray(fx.convert("L"))[110, 200] == 0
    sk = np.asarray(skewed(page, rng).convert("L"))
    rows = np.where((sk[:, 100:320] == 0).any(axis=1))[0]
    assert rows.max() - rows.min() > 30 + 5  # the 30-pixel bar now spans more rows


def test_measures_scored_by_content_not_by_key():
    truth = [{"doc_index": 0, "indicator": 1, "measure": "จัดทำคู่มือการปฏิบัติงาน",
              "question_codes": ["I1", "I3"]},
             {"doc_index": 0, "indicator": 2, "measure": "เปิดโอกาสให้บุคลากรมีส่วนร่วม",
              "question_codes": ["I7"]}]
    got = [  # indicator misread, steps merged into the measure: still the first row
        {"doc_index": 0, "indicator": 9, "issue": None, "steps": None,
         "measure": "จัดทำคู่มือการปฏิบัติงาน 1. ประชุม", "question_codes": ["I1"]},
        # the second row split by a page break: half of it matches nothing
        {"doc_index": 0, "indicator": 2, "issue": None, "steps": None,
         "measure": "เปิดโอกาสให้", "question_codes": ["I7", "I8"]}]
    prf, codes, miss = PRF(), PRF(), []
    _score_by_content(prf, truth, got, miss)
    _score_codes(codes, truth, got, miss)
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 1)
    assert (codes.tp, codes.fp, codes.fn) == (2, 1, 1)


def test_truth_for_kind_uses_the_engines_pages():
    truth = {"reports": [{"doc_index": 0, "first_page": 1, "last_page": 2}], "n_pages": 2,
             "numbers": [{"page": 2, "value": 1.0}], "page_text": [{"page": 1, "text": "a"}],
             "layouts": {"docx": {"n_pages": 5, "text": "b", "numbers": [{"value": 3.0}],
                                  "reports": [{"doc_index": 0, "first_page": 1,
                                               "last_page": 5}]}}}
    assert truth_for_kind(truth, "pdf") is truth
    view = truth_for_kind(truth, "docx_scan300")
    assert view["n_pages"] == 5 and view["reports"][0]["last_page"] == 5
    assert view["numbers"] == [{"value": 3.0, "page": 0}] and view["_whole"]


def _look(**kw) -> Look:
    base = dict(font="Laksaman", size=15.0, margins=(25, 20, 20, 20), justify="thai",
                running_header="หัวกระดาษ", page_numbers="top", line_spacing=1.0,
                signature_right=True)
    return Look(**{**base, **kw})


def _wide_table() -> XTable:
    rows = [["ZTOOL" if i == 0 else "", f"ตัวชี้วัดที่ {i + 1}", f"{70 + i}.25", "ข้อ\nบรรทัดสอง"]
            for i in range(30)]
    return XTable([["เครื่องมือ", "ตัวชี้วัด", "คะแนน", "หมายเหตุ"]], rows, [1, 4, 1, 2],
                  merges=[(0, 0, 30)], landscape=True, repeat_header=True, allow_split=True)


def _check_pdf(pdf):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert any(w > h for w, h in sizes) and any(w < h for w, h in sizes)  # landscape + portrait
    flat = _flat(text)
    assert all(f"{70 + i}.25" in flat for i in range(30))  # every row, over the page break
    assert flat.count("ZTOOL") == 1  # the merged tool cell prints once
    assert _flat("ย่อหน้าไทยกระจายแบบไทยยาวพอสมควร") in flat


def _blocks():
    return [Para("ย่อหน้าไทยกระจายแบบไทย ยาวพอสมควร " * 4), _wide_table(),
            XTable([], [["แบบวัด (IIT)", "คะแนนรวม", "71.43", "คะแนน"]], [8, 2, 2, 2],
                   ruled=False, tabbed=True)]


@needs_soffice
def test_docx_converted_by_libreoffice(tmp_path):
    render_docx(_look(), _blocks(), tmp_path / "a.docx")
    engines._soffice([tmp_path / "a.docx"], tmp_path)
    _check_pdf(tmp_path / "a.pdf")


@needs_chromium
def test_html_printed_by_chromium(tmp_path):
    render_html(_look(), _blocks(), tmp_path / "a.html", "t")
    engines.chromium_pdf(tmp_path / "a.html", tmp_path / "a.pdf", furniture=False)
    _check_pdf(tmp_path / "a.pdf")


@needs_soffice
@needs_chromium
def test_generate_one_document_per_engine(tmp_path):
    assert gen.main(["--out", str(tmp_path), "--n", "1", "--seed", str(SEED),
                     "--kinds", "docx_pdf,html_pdf"]) == 0
    truth = json.loads(next(tmp_path.glob("*.truth.json")).read_text(encoding="utf-8"))
    for engine in ("docx", "html"):
        lay = truth["layouts"][engine]
        pdf = tmp_path / truth["files"][f"{engine}_pdf"]
        texts = engines.page_texts(pdf)
        assert lay["n_pages"] == len(texts) >= 1
        assert lay["reports"][0]["first_page"] == 1
        flat = _flat("".join(texts))
        # the scores the truth says the engine prints are in its text layer (not every
        # number: a code such as O42 wrapped in a narrow cell comes out as "O4 … 2")
        found = [_flat(n["text"]) in flat for n in lay["numbers"] if "." in n["text"]]
        assert len(found) >= 3 and all(found), engine
        agency = truth["reports"][0]["agency_name"]
        assert _flat(agency) in flat
        # a cell's wrapped lines interleave with its neighbours' in the text layer (the
        # extraction problem these engines are for): its first few letters stay together
        assert all(_flat(m["measure"])[:5] in flat for m in truth["measures"])


def test_rows_a_layout_engine_lost_are_found_by_their_codes():
    truth = {"oit_items": [{"code": f"O{n}"} for n in range(1, 11)],
             "measures": [{"question_codes": ["I4", "E12"]}]}
    whole = ["ข้อ\tรายการ\nO๑ ข้อมูล\nO 2\n" + "\n".join(f"O{n}" for n in range(3, 11)), "i๔ … e๑๒"]
    assert engines.lost_rows(whole, truth) == []
    # LibreOffice kept the table's first row only (rows that may not split under a
    # repeated header): the truth's other codes are not in the PDF
    cut = ["ข้อ\tรายการ\nO๑ ข้อมูล", "i๔ … e๑๒"]
    assert len(engines.lost_rows(cut, truth)) == 9 > engines.MAX_CODES_GARBLED
