"""samples/bench_scans.py, the scan goal's measure (slow: real OCR and the `tesseract`
command on a corpus page; `make test-slow`). The speed target itself lives in
`make bench`, not here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samples import bench_scans

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed")]


def test_one_corpus_scan_ours_against_the_command(tmp_path):
    # whole documents until 2 pages: the one-page announcement, then a ruled table's 2
    pages = bench_scans.scan_pages(CORPUS, "scan300", 2, tmp_path)
    assert [page for _, _, page in pages] == [1, 1, 2]
    assert all(p.suffix == ".png" and p.exists() for p, _, _ in pages)
    r = bench_scans.bench_kind(pages[-1:], repeat=1)  # the table's second page
    ours, tess = r["ours_cpu_s_per_page"]["median"], r["tesseract_cpu_s_per_page"]["median"]
    # both did real work (a page of Thai is over a tenth of a CPU second either way)
    assert ours > 0.1 and tess > 0.1
    assert r["ratio"]["median"] == pytest.approx(tess / ours)
    # on a ruled table the pipeline's text (rules erased, rows rebuilt, numbers re-read)
    # is closer to the truth than the command's on the same pixels
    assert r["ours"]["cer"] < r["tesseract"]["cer"]
    (row,) = bench_scans.scans_rows({"scan300": r})
    assert row[0].startswith("scan300 (1 p)") and row[-1] == "≥ 1.5×"
