"""`agency_year` on the committed corpus: exactly one row per agency and fiscal year
(issue 19), though every document is there several times (text, digital PDF, scans at
300 and 200 dpi, page images) and a memo and its attachment each state the result. The
expected agencies, years and overall scores are the corpus's ground truth
(`*.truth.json`), not the pipeline's output."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def truth() -> dict[tuple[str, int], float]:
    """(agency, fiscal year) -> overall score, from every truth file's reports."""
    out: dict[tuple[str, int], float] = {}
    for path in sorted(CORPUS.glob("*.truth.json")):
        for report in json.loads(path.read_text(encoding="utf-8"))["reports"]:
            key = (report["agency_name"], report["fiscal_year"])
            assert out.setdefault(key, report["overall_score"]) == report["overall_score"], key
    return out


def _agency_year(files: list[Path], tmp_path: Path) -> list[tuple]:
    db = tmp_path / "ay.duckdb"
    assert main(["ingest", *map(str, files), "--db", str(db), "--jobs", "1"]) in (0, 2)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT agency_name, fiscal_year, overall_score, n_reports FROM agency_year").fetchall()
    finally:
        con.close()


def _check(rows: list[tuple], copies: int) -> None:
    want = truth()
    assert len(want) == 12
    got = {(name, year): score for name, year, score, _ in rows}
    assert len(rows) == len(got)  # one row per agency and year
    assert got == want
    # every report of every copy is behind its row: a memo with its attachment is two
    n_reports = {(name, year): n for name, year, _, n in rows}
    assert sum(n_reports.values()) >= copies * len(want)


def test_one_row_per_agency_and_year_from_the_corpus_texts(tmp_path: Path):
    _check(_agency_year(sorted(CORPUS.glob("*.txt")), tmp_path), copies=1)


@pytest.mark.slow
def test_one_row_per_agency_and_year_from_the_whole_corpus(tmp_path: Path):
    # measured: 12 rows, 60 reports behind them (OCR'd pages come from ~/.cache/ita-ocr)
    _check(_agency_year([CORPUS], tmp_path), copies=4)
