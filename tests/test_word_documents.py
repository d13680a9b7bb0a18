"""Word files ingest: generated documents of every type, written as DOCX the way
samples/engines.py writes them for LibreOffice (python-docx: Thai fonts, ruled and
tab-aligned tables, merged cells, landscape sections), read by `ita ingest` and
compared with the generator's ground truth."""

from __future__ import annotations

import duckdb

from pipeline.ingest import ingest
from samples import engines, generate

SEED = 2101
# documents of seed 2101: a memo with its O42 attachment, a memo with its O43 report,
# an announcement of a result (every doc_type the generator writes)
INDEXES = (6, 7, 1)


def _rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def test_generated_word_files_of_every_type_ingest_as_their_truth(tmp_path):
    truths = {}
    for index in INDEXES:
        stem, reports, pages, planted, _ = generate.build_document(SEED, index, 0.0)
        engines.write_sources(tmp_path, stem, reports, SEED, index, ("docx",))
        truths[f"{stem}.docx"] = generate.truth_for(stem, reports, pages, planted)
    assert {r["doc_type"] for t in truths.values() for r in t["reports"]} == {
        "score_report_memo", "o42_analysis_measures", "o43_implementation_report", "score_announcement"}
    db = str(tmp_path / "ita.duckdb")
    summary = ingest([str(tmp_path)], db, jobs=1)
    assert (summary.ok, summary.partial, summary.failed) == (3, 0, 0)
    con = duckdb.connect(db, read_only=True)
    for name, truth in truths.items():
        (file_id, media_type), = _rows(con, "SELECT file_id, media_type FROM files WHERE path LIKE ?", f"%{name}")
        assert media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert _rows(con, "SELECT DISTINCT method FROM pages WHERE file_id = ?", file_id) == [("text",)]
        got = {r[0]: r[1:] for r in _rows(
            con, "SELECT doc_index, report_id, doc_type, agency_name, fiscal_year, overall_score, level "
                 "FROM reports WHERE file_id = ?", file_id)}
        assert sorted(got) == [r["doc_index"] for r in truth["reports"]], name
        for t in truth["reports"]:
            report_id, *headline = got[t["doc_index"]]
            assert headline == [t["doc_type"], t["agency_name"], t["fiscal_year"], t["overall_score"],
                                t["level"]], name
            want = sorted((r["fiscal_year"], r["indicator"], r["score"]) for r in truth["indicator_scores"]
                          if r["doc_index"] == t["doc_index"])
            assert sorted(_rows(con, "SELECT fiscal_year, indicator, score FROM indicator_scores "
                                     "WHERE report_id = ?", report_id)) == want, name
            want = sorted((r["fiscal_year"], r["tool"], r["score"]) for r in truth["tool_scores"]
                          if r["doc_index"] == t["doc_index"])
            assert sorted(_rows(con, "SELECT fiscal_year, tool, score FROM tool_scores "
                                     "WHERE report_id = ?", report_id)) == want, name
            want = sorted((r["code"], r["status"]) for r in truth["oit_items"] if r["doc_index"] == t["doc_index"])
            assert sorted(_rows(con, "SELECT code, status FROM oit_items WHERE report_id = ?",
                                report_id)) == want, name
            want = sorted((r["indicator"], r["question_code"], r["status"]) for r in truth["measures"]
                          if r["doc_index"] == t["doc_index"])
            assert sorted(_rows(con, "SELECT indicator, question_code, status FROM measures "
                                     "WHERE report_id = ?", report_id)) == want, name
