"""`ita report`: the static site, opened from file:// in Debian's Chromium (headless,
driven by Playwright with the system browser; Playwright's own browser download is
not used). Every page must load without a console error, every image must load, and
the counts shown must equal the database's.

Screenshots of each kind of page go to $ITA_SCREENSHOTS (default: the test's tmp dir)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import db_rows

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _browser():
    pw = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    return pw


def _site(tmp_path: Path, files: list[Path]) -> tuple[Path, Path]:
    db = tmp_path / "ita.duckdb"
    assert main(["ingest", *map(str, files), "--db", str(db), "--jobs", "1"]) in (0, 2)
    out = tmp_path / "site"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    return db, out


def _visit_all(out: Path, db: Path, shots: Path) -> dict:
    pw = _browser()
    pages = sorted(out.rglob("*.html"))
    seen = {"pages": 0, "images": 0, "flags_shown": 0, "review": 0, "agency": 0}
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            # no network: the context is offline, and every request must be for a file
            context = browser.new_context(viewport={"width": 1280, "height": 1600}, offline=True)
            page = context.new_page()
            errors: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                    else errors.append(f"not a file: {r.url}"))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
            shot_taken = set()
            for html in pages:
                errors.clear()
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                kind = html.parent.name if html.parent != out else "index"
                assert not errors, f"{html}: {errors}"
                n_img = page.evaluate("document.images.length")
                assert page.evaluate(
                    "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"), html
                seen["images"] += n_img
                seen["pages"] += 1
                if kind == "review":
                    seen["review"] += 1
                    seen["flags_shown"] += page.locator("div.flag").count()
                    assert int(page.inner_text(".n-flags")) == page.locator("div.flag").count()
                elif kind == "agency":
                    seen["agency"] += 1
                else:
                    seen["index_agencies"] = int(page.inner_text("#n-agencies"))
                    seen["index_flags"] = int(page.inner_text("#n-flags"))
                    seen["index_links"] = page.locator("a.agency").count()
                    assert page.locator(".chart .plotly").count() >= 4  # the charts drew
                # one screenshot per kind (a review page with an image, where there is one)
                if kind not in shot_taken and (kind != "review" or n_img):
                    page.screenshot(path=str(shots / f"{kind}.png"), full_page=True)
                    shot_taken.add(kind)
        finally:
            browser.close()
    return seen


def _check_counts(db: Path, seen: dict) -> None:
    (n_agencies,), = db_rows(db, "SELECT count(DISTINCT agency_key) FROM agency_year")
    (n_flags,), = db_rows(db, "SELECT count(*) FROM flags")
    (n_flagged,), = db_rows(db, "SELECT count(DISTINCT coalesce(report_id, file_id)) FROM flags")
    assert seen["index_agencies"] == seen["index_links"] == seen["agency"] == n_agencies
    assert seen["index_flags"] == seen["flags_shown"] == n_flags
    assert seen["review"] == n_flagged


def test_site_from_a_corpus_pdf_opens_in_chromium(tmp_path: Path):
    _browser()
    files = [CORPUS / "0002_o42_2564.pdf"]  # an analysis with two flags
    db, out = _site(tmp_path, files)
    shots = Path(os.environ.get("ITA_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    seen = _visit_all(out, db, shots)
    _check_counts(db, seen)
    assert seen["images"] > 0  # page crops were drawn
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000  # inlined, no CDN
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, html


@pytest.mark.slow
def test_site_from_the_corpus_opens_in_chromium(tmp_path: Path):
    # the whole committed corpus: texts, digital PDFs, scans, page images (OCR from the cache)
    _browser()
    db, out = _site(tmp_path, [CORPUS])
    shots = Path(os.environ.get("ITA_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    _check_counts(db, _visit_all(out, db, shots))


def test_a_flag_points_at_the_line_of_its_evidence_or_of_the_value_it_names(tmp_path: Path):
    from pipeline import load
    from pipeline.report.crops import locate
    from schemas.records import PageRecord
    from tests.test_analysts import _file, _own, _report

    con = load.connect(tmp_path / "t.duckdb")
    boxes = [[0.1, 0.10, 0.9, 0.12], [0.1, 0.20, 0.9, 0.22], [0.1, 0.30, 0.9, 0.32]]
    text = "บันทึกข้อความ\n๓. การปรับปรุงระบบการทำงาน ได้คะแนน ๘๐.๐๐\nได้คะแนนรวม 88.46 คะแนน"
    load.load_file(con, {
        "files": [_file("d" * 64, "/d/m.pdf")],
        "pages": [PageRecord(file_id="d" * 64, page_no=1, method="pdf_text", text=text, line_boxes=boxes)],
        "reports": [_report("d-0", "d" * 64, 0, "score_report_memo", "x", None, 2566, 88.46)],
        "year_results": [_own("d-0", 2566, 88.46).model_copy(update={"bbox": boxes[2]})],
    }, "/d/m.pdf")
    base = {"file_id": "d" * 64, "report_id": "d-0", "page": 1}
    # the evidence's words (after its "2566: 8 = " prefix) are on the second line
    got = locate(con, {**base, "evidence": "2566: 8 = ๓. การปรับปรุงระบบการทำงาน", "message": "m"})
    assert got.boxes == (tuple(boxes[1]),)
    # a summary "overall=88.46; …" is not the page's words: the record whose value it names
    got = locate(con, {**base, "evidence": "overall=88.46; IIT=90.00", "message": "คะแนนรวม 88.46"})
    assert got.boxes == (tuple(boxes[2]),) and "88.46" in got.line
    assert locate(con, {**base, "evidence": None, "message": "nothing", "page": 2}).boxes == ()
    con.close()


def test_a_flag_is_drawn_on_the_values_own_box(tmp_path: Path):
    """Value boxes (pipeline/valuebox.py) are drawn as they are, inside their line; a
    flag that has its own box (a score OCR could not read) is drawn on it."""
    from PIL import Image

    from pipeline import load
    from pipeline.report.crops import crop, locate
    from schemas.records import PageRecord
    from tests.test_analysts import _file, _own, _report

    con = load.connect(tmp_path / "t.duckdb")
    line_box, value = [0.1, 0.30, 0.9, 0.32], [0.40, 0.301, 0.46, 0.319]
    text = "บันทึกข้อความ\nได้คะแนนรวม 88.46 คะแนน"
    load.load_file(con, {
        "files": [_file("d" * 64, "/d/m.pdf")],
        "pages": [PageRecord(file_id="d" * 64, page_no=1, method="pdf_text", text=text,
                             line_boxes=[[0.1, 0.10, 0.9, 0.12], line_box])],
        "reports": [_report("d-0", "d" * 64, 0, "score_report_memo", "x", None, 2566, 88.46)],
        "year_results": [_own("d-0", 2566, 88.46).model_copy(update={"bbox": value, "box_kind": "value"})],
    }, "/d/m.pdf")
    base = {"file_id": "d" * 64, "report_id": "d-0", "page": 1}
    got = locate(con, {**base, "evidence": "ได้คะแนนรวม 88.46 คะแนน", "message": "คะแนนรวม 88.46"})
    assert got.boxes == (tuple(value),) and "88.46" in got.line
    own = [0.2, 0.101, 0.25, 0.119]
    assert locate(con, {**base, "bbox": own, "evidence": "x", "message": "m"}).boxes == (tuple(own),)
    con.close()
    # the red frame is drawn around the value, a few pixels out, and nowhere else
    page = Image.new("RGB", (1000, 1000), "white")
    drawn = crop(page, [tuple(value)])
    red = [(x, y) for x in range(drawn.width) for y in range(drawn.height) if drawn.getpixel((x, y))[1] < 100]
    top = int((0.30 - 0.06) * 1000)  # the crop starts MARGIN above the box
    xs, ys = [x for x, _ in red], [y + top for _, y in red]
    assert 390 <= min(xs) < 400 and 460 < max(xs) <= 470 and 295 <= min(ys) < 301 and 319 < max(ys) <= 325
