"""Page errors are structured (kind, page, message) and stored one by one (pages.errors),
so a message holding "; " stays one error, and a limit hit is known by its kind."""

from __future__ import annotations

import pickle

import duckdb

from conftest import MEMO
from pipeline.ingest import ingest
from pipeline.limits import Limits, limit_hits
from pipeline.pages import PageError, page_error
from schemas.vocab import ErrorKind


def _errors(db: str) -> list:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("SELECT page_no, error, errors FROM pages ORDER BY page_no").fetchall()
    finally:
        con.close()


def _flags(db: str, kind: str) -> list:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("SELECT severity, message FROM flags WHERE kind = ?", [kind]).fetchall()
    finally:
        con.close()


def test_a_page_error_is_its_message_and_keeps_its_kind_across_processes():
    e = page_error(ErrorKind.OCR_FAILED, 5, "OCR timed out after 120 s")
    assert e == "page 5: OCR timed out after 120 s" and (e.kind, e.page) == (ErrorKind.OCR_FAILED, 5)
    back = pickle.loads(pickle.dumps(e))
    assert (back.kind, back.page, back.message) == (ErrorKind.OCR_FAILED, 5, e.message)
    # a limit is told by its kind, not its words
    assert limit_hits([e, PageError(ErrorKind.LIMIT, None, "x"), "file too large: 300 MB"]) == ["x"]


def test_a_message_with_a_semicolon_stays_one_error_through_reextract(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "memo.txt").write_text(MEMO + "\f" + MEMO, encoding="utf-8")
    db = str(tmp_path / "ita.duckdb")
    limits = Limits(max_page_chars=200)  # each page is cut: "…over the limit of 200; the rest…"
    ingest([str(folder)], db, jobs=1, limits=limits)
    first = _errors(db)
    assert [no for no, _, _ in first] == [1, 2]
    for no, error, errors in first:
        assert len(errors) == 1 and "; " in errors[0]["message"]
        assert errors[0]["kind"] == "limit" and errors[0]["page"] == no
        assert error == errors[0]["message"]  # the joined column reads as before
    assert len(_flags(db, "limit_exceeded")) == 2
    ingest([str(folder)], db, jobs=1, reextract=True, limits=limits)
    assert _errors(db) == first  # not split at "; " into two errors
    assert len(_flags(db, "limit_exceeded")) == 2


def test_a_file_over_the_size_limit_is_one_limit_error_and_flag(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "memo.txt").write_text(MEMO * 40, encoding="utf-8")
    db = str(tmp_path / "ita.duckdb")
    ingest([str(folder)], db, jobs=1, limits=Limits(max_file_bytes=1000))
    ((severity, message),) = _flags(db, "limit_exceeded")
    assert severity == "error" and message.startswith("file too large:")


def test_errors_stored_before_they_had_kinds_are_read_back_whole(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "memo.txt").write_text(MEMO, encoding="utf-8")
    db = str(tmp_path / "ita.duckdb")
    ingest([str(folder)], db, jobs=1, limits=Limits(max_page_chars=200))
    con = duckdb.connect(db)
    con.execute("UPDATE pages SET errors = NULL")  # as an older pipeline stored the page
    con.close()
    ingest([str(folder)], db, jobs=1, reextract=True, limits=Limits(max_page_chars=200))
    ((_, error, errors),) = _errors(db)
    assert errors == [{"kind": "stored", "page": 1, "message": error}] and "; " in error
