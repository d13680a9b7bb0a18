"""pipeline.analysts: catalog tables, report_facts, tool_scores_all, agency_year.

The database is built from hand-made records (no extraction involved), so every
expected value below is worked out by hand from the records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import analysts, load
from schemas.catalog import load_catalog
from schemas.records import FileRecord, FlagRecord, ReportRecord, ToolScoreRecord, YearResultRecord

NOW = datetime(2026, 12, 6)
CM = "เชียงใหม่"
X = "องค์การบริหารส่วนตำบลหนองบัว"
Y = "เทศบาลตำบลแม่ริม"
Z = "องค์การบริหารส่วนตำบลดอน"


def _file(fid: str, path: str) -> FileRecord:
    return FileRecord(file_id=fid, path=path, status="ok", pipeline_version="t", ingested_at=NOW, n_pages=3)


def _report(rid, fid, idx, doc_type, agency, province, fy, overall=None, level=None, first=1, last=1):
    return ReportRecord(report_id=rid, file_id=fid, doc_index=idx, doc_type=doc_type, agency_name=agency,
                        province=province, fiscal_year=fy, overall_score=overall, level=level,
                        first_page=first, last_page=last)


def _own(rid, fy, overall=None, level=None, page=1):
    return YearResultRecord(report_id=rid, fiscal_year=fy, overall_score=overall, level=level,
                            quoted=False, page=page)


def build(db: Path) -> duckdb.DuckDBPyConnection:
    con = load.connect(db)
    # X 2566: the memo says 90.24, its attachment 88.46 and names no province
    load.load_file(con, {
        "files": [_file("a" * 64, "/data/x_memo.pdf")],
        "reports": [_report("a-0", "a" * 64, 0, "score_report_memo", X, CM, 2566, 90.24, "ผ่าน"),
                    _report("a-1", "a" * 64, 1, "o42_analysis_measures", X, None, 2566, 88.46, first=3, last=4)],
        "year_results": [_own("a-0", 2566, 90.24, "ผ่าน"), _own("a-1", 2566, 88.46, page=3)],
    }, "/data/x_memo.pdf")
    # Y 2566: only the two EIT parts are stated (EIT = (90.03 + 85.36) / 2 = 87.695)
    load.load_file(con, {
        "files": [_file("b" * 64, "/data/y.pdf")],
        "reports": [_report("b-0", "b" * 64, 0, "score_report_memo", Y, CM, 2566, 80.00)],
        "year_results": [_own("b-0", 2566, 80.00)],
        "tool_scores": [ToolScoreRecord(report_id="b-0", fiscal_year=2566, tool=t, score=s, page=1)
                        for t, s in (("IIT", 70.0), ("EIT_PART1", 90.03), ("EIT_PART2", 85.36), ("OIT", 80.0))],
    }, "/data/y.pdf")
    # Z 2567: no province anywhere; a level of the five-level scale below the pass mark
    load.load_file(con, {
        "files": [_file("c" * 64, "/data/z.txt")],
        "reports": [_report("c-0", "c" * 64, 0, "score_report_memo", Z, None, 2567, 80.5, "ต้องปรับปรุง")],
        "year_results": [_own("c-0", 2567, 80.5, "ต้องปรับปรุง")],
        "flags": [FlagRecord(file_id="c" * 64, report_id="c-0", kind="missing_field", severity="warning",
                             message="m")],
    }, "/data/z.txt")
    return con


@pytest.fixture
def con(tmp_path):
    c = build(tmp_path / "t.duckdb")
    yield c
    c.close()


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_catalog_tables_hold_the_catalog():
    cat = load_catalog()
    got = analysts.catalog_rows(cat)
    ind = {(fy, n): name for fy, n, name, _, _ in got["catalog_indicators"]}
    assert ind[(2567, 4)] == cat.indicator_name(4, 2567)
    levels = {(fy, label): passed for fy, _, _, label, _, _, _, passed, _ in got["catalog_levels"]}
    # letters: AA and A reach the pass mark (85), B does not
    assert levels[(2564, "AA")] and levels[(2564, "A")] and not levels[(2564, "B")]
    assert levels[(2567, "ผ่าน")] and not levels[(2567, "ต้องปรับปรุง")]
    weights = {(fy, t, p): w for fy, t, p, w in got["catalog_weights"]}
    assert weights[(2566, "EIT", "EIT_PART1")] == weights[(2566, "EIT", "EIT_PART2")] == 0.5
    assert (2567, "EIT", "EIT_PART1") not in weights  # only 2566 states EIT in parts
    assert weights[(2567, "overall", "OIT")] == 0.4
    oit = [r for r in got["catalog_oit_items"] if r[0] == 2564]
    assert len(oit) == len(cat.year(2564).oit_items) == 43


def test_agency_year_has_one_row_per_agency_and_year_with_its_conflicts(con):
    got = rows(con, "SELECT agency_name, fiscal_year, overall_score, n_reports, conflicts FROM agency_year "
                    "ORDER BY agency_name")
    assert [(r[0], r[1]) for r in got] == sorted([(X, 2566), (Y, 2566), (Z, 2567)])
    x = next(r for r in got if r[0] == X)
    assert x[2] == 90.24 and x[3] == 2  # the memo's value; two reports of that year
    assert "overall_score: 90.24 [x_memo.pdf p.1] vs 88.46 [x_memo.pdf p.3]" == x[4]
    assert next(r for r in got if r[0] == Y)[4] is None


def test_attachment_without_province_takes_its_memo_s_and_an_unknown_one_says_so(con):
    got = dict(rows(con, "SELECT report_id, province || '/' || province_status FROM report_facts"))
    assert got["a-1"] == f"{CM}/inferred" and got["a-0"] == f"{CM}/stated"
    assert got["c-0"] == f"{analysts.UNKNOWN_PROVINCE}/unknown"


def test_eit_is_computed_from_its_parts_and_marked(con):
    assert rows(con, "SELECT tool, score, computed FROM tool_scores_all WHERE computed") == [("EIT", 87.7, True)]
    (eit, computed), = rows(con, f"SELECT eit, eit_computed FROM agency_year WHERE agency_name = '{Y}'")
    assert (eit, computed) == (87.7, True)


def test_passed_from_the_year_s_level_scale(con):
    got = dict(rows(con, "SELECT agency_name, passed FROM agency_year"))
    assert got == {X: True, Y: False, Z: False}  # ผ่าน 2566; no level and 80 < 85; ต้องปรับปรุง


def test_mean_by_province_counts_each_agency_once(con):
    # X (90.24, its attachment's 88.46 not counted again) and Y (80.00): (90.24 + 80.00) / 2
    got = rows(con, "SELECT province, fiscal_year, count(*), round(avg(overall_score), 2) FROM agency_year "
                    "GROUP BY ALL ORDER BY ALL")
    assert got == [(CM, 2566, 2, 85.12), (analysts.UNKNOWN_PROVINCE, 2567, 1, 80.5)]


def test_before_2562_levels_have_no_pass_mark_and_the_indices_are_listed():
    got = analysts.catalog_rows(load_catalog())
    old = [r for r in got["catalog_levels"] if r[0] == 2560]
    assert old and all(r[7] is None for r in old)  # สูงมาก … ต่ำมาก: no pass/fail then
    assert {r[1] for r in got["catalog_indices"] if r[0] == 2560} == {
        "transparency", "accountability", "corruption_free", "integrity_culture", "work_integrity"}
