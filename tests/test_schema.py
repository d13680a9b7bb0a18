"""The DuckDB tables match the pydantic models and the DESIGN §4 contract."""

from __future__ import annotations

import duckdb

from pipeline.load import create_schema
from schemas.records import TABLES

# DESIGN §4: the columns analysts' queries and acceptance checks rely on (copied by hand).
CONTRACT = {
    "files": "file_id path size_bytes media_type n_pages status error pipeline_version ingested_at",
    "pages": "file_id page_no method text quality ocr_confidence",
    "reports": "report_id file_id doc_index doc_type agency_name agency_name_raw agency_type "
    "district province fiscal_year doc_date doc_number overall_score level rank first_page last_page",
    "tool_scores": "report_id fiscal_year tool score page",
    "indicator_scores": "report_id fiscal_year indicator name_raw match_score score page",
    "measures": "report_id row_no question_code question_codes indicator issue measure steps "
    "responsible period status page",
    "oit_items": "report_id code name_raw status page",
    "flags": "file_id report_id kind severity message evidence page",
}


def columns(con, table):
    return {
        name: dtype
        for name, dtype in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
            [table],
        ).fetchall()
    }


def test_tables_hold_the_contract_columns_and_match_the_models():
    con = duckdb.connect()
    create_schema(con)
    for table, cols in CONTRACT.items():
        have = columns(con, table)
        assert set(cols.split()) <= set(have), (table, set(cols.split()) - set(have))
        assert list(have) == list(TABLES[table].model_fields), table


def test_column_types():
    con = duckdb.connect()
    create_schema(con)
    assert columns(con, "reports")["fiscal_year"] == "INTEGER"
    assert columns(con, "reports")["overall_score"] == "DOUBLE"
    assert columns(con, "reports")["doc_date"] == "DATE"
    assert columns(con, "measures")["question_codes"] == "VARCHAR[]"
    assert columns(con, "files")["size_bytes"] == "BIGINT"


def test_schema_creation_is_idempotent():
    con = duckdb.connect()
    create_schema(con)
    create_schema(con)
    assert con.execute("SELECT count(*) FROM report_trust").fetchone() == (0,)


def test_vocabularies_have_one_type_stored_as_its_strings():
    import pydantic
    import pytest

    from pipeline import pages, segment
    from schemas import records, vocab

    assert pages.METHOD_REASONS == tuple(vocab.MethodReason)
    assert pages.OCR is vocab.PageMethod.OCR and segment.MEMO is vocab.DocType.MEMO
    assert segment.NOT_ITA_RESULTS <= set(vocab.DocType)
    assert records.PageRecord.model_fields["method"].annotation is vocab.PageMethod
    assert records.FileRecord.model_fields["status"].annotation is vocab.FileStatus
    assert records.ToolScoreRecord.model_fields["tool"].annotation is vocab.Tool
    page = records.PageRecord(file_id="f", page_no=1, method=vocab.PageMethod.OCR, text="",
                              method_reason="layer_good")
    # a member is kept as the plain string the table stores
    assert type(page.method) is str and page.method == "ocr" and page.method_reason == "layer_good"
    with pytest.raises(pydantic.ValidationError):
        records.PageRecord(file_id="f", page_no=1, method="tesseract", text="")
    assert records.ReportRecord.model_validate({**_report_fields(), "doc_type": "other_memo"}).doc_type == "other_memo"
    with pytest.raises(pydantic.ValidationError):
        records.ReportRecord.model_validate({**_report_fields(), "doc_type": "memo"})


def _report_fields() -> dict:
    return {"report_id": "r", "file_id": "f", "doc_index": 0, "first_page": 1, "last_page": 1}
