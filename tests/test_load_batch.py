"""Re-runs skip unchanged files by their stat, files load in batched transactions, and
many rows go to DuckDB as Arrow tables (issue 23): each path gives the rows the slow
path gave, and a file is still whole or absent."""

from __future__ import annotations

import contextlib
import io
import os
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, db_rows as rows
from pipeline import discover as disc, ingest as ing, load, stages
from pipeline.cli import main
from pipeline.errors import ExitCode
from samples.compare_databases import table_rows
from schemas.records import AgencyRecord, FlagRecord, PageRecord

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def _run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


def _memo(i: int, note: str = "ก") -> str:
    """The memo with a note whose letter changes the content, not the size (ก and ข are
    both three bytes in UTF-8)."""
    return MEMO.replace("หนองบัว", f"หนองบัว{i}") + f"\nหมายเหตุ {note}\n"


def _has_note(db: Path, note: str) -> bool:
    return any(f"หมายเหตุ {note}" in text for (text,) in rows(db, "SELECT text FROM pages"))


def _snapshot(db: Path) -> dict[str, list]:
    """Every table's rows, sorted, without the load time."""
    return table_rows(str(db))


# --- stat-based skip ----------------------------------------------------------------


def _touch_back(path: Path, st: os.stat_result) -> None:
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_unchanged_size_and_mtime_is_skipped_unhashed_and_rehash_reads_it(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    memo = src / "memo.txt"
    memo.write_text(_memo(1, "ก"), encoding="utf-8")
    old = memo.stat()
    os.utime(memo, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not "racily" new
    old = memo.stat()
    db = tmp_path / "ita.duckdb"
    assert _run("ingest", str(src), "--db", str(db), "--jobs", "1")[0] == ExitCode.OK
    assert rows(db, "SELECT size_bytes, mtime_ns FROM file_paths") == [(old.st_size, old.st_mtime_ns)]
    first_id = rows(db, "SELECT file_id FROM files")[0][0]

    # same size, same mtime, other content: the stat says unchanged, so it is not read
    memo.write_text(_memo(1, "ข"), encoding="utf-8")
    assert memo.stat().st_size == old.st_size
    _touch_back(memo, old)
    code, err = _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert code == ExitCode.OK and "1 unchanged" in err, err
    assert rows(db, "SELECT file_id FROM files") == [(first_id,)] and _has_note(db, "ก")

    # --rehash reads every file: the new content replaces the old
    code, err = _run("ingest", str(src), "--db", str(db), "--jobs", "1", "--rehash")
    assert code == ExitCode.OK and "1 ok" in err, err
    (new_id,) = rows(db, "SELECT file_id FROM files")[0]
    assert new_id != first_id and new_id == disc.hash_and_sniff(str(memo))[0]
    assert _has_note(db, "ข") and not _has_note(db, "ก")


def test_same_size_with_a_new_mtime_is_hashed_again(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    memo = src / "memo.txt"
    memo.write_text(_memo(2, "ก"), encoding="utf-8")
    st = memo.stat()
    os.utime(memo, ns=(st.st_atime_ns, st.st_mtime_ns - 10**10))
    db = tmp_path / "ita.duckdb"
    assert _run("ingest", str(src), "--db", str(db), "--jobs", "1")[0] == ExitCode.OK
    before = memo.stat()
    memo.write_text(_memo(2, "ข"), encoding="utf-8")  # same size
    assert memo.stat().st_size == before.st_size
    os.utime(memo, ns=(before.st_atime_ns, before.st_mtime_ns + 1))  # one nanosecond later
    code, err = _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert code == ExitCode.OK and "1 ok" in err, err
    assert _has_note(db, "ข") and not _has_note(db, "ก")
    # and an untouched re-run after that skips it
    code, err = _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert "0 ok" in err and "1 unchanged" in err, err


def test_a_file_hashed_right_after_it_changed_keeps_no_stat():
    s = 10**9
    # changed 10 ms before it was hashed: a change within the same clock tick could hide
    assert disc.stable_stat(100, 5 * s + 123, 5 * s + 10_000_123) is None
    assert disc.stable_stat(100, 5 * s + 123, 6 * s) == (100, 5 * s + 123)
    # whole-second mtimes (FAT, some network file systems): two seconds
    assert disc.stable_stat(100, 5 * s, 6 * s) is None
    assert disc.stable_stat(100, 5 * s, 8 * s) == (100, 5 * s)
    assert disc.stable_stat(None, 5 * s, 8 * s) is None


# --- batched transactions ---------------------------------------------------------------


def _corpus_records(now: datetime) -> list[tuple[dict, str]]:
    out = []
    for name in ("0001_announcement_2568.txt", "0006_news_2559.txt", "0007_memo_2565.txt",
                 "0010_memo_2567.txt"):
        path = str(CORPUS / name)
        file_id, media_type = disc.hash_and_sniff(path)
        task = stages.FileTask(path, file_id, media_type, os.path.getsize(path))
        out.append((stages.to_records(stages.process_file(task), now), path))
    return out


def test_a_batch_stores_what_one_transaction_per_file_stores(tmp_path):
    now = datetime(2026, 12, 6, 12, 0)
    files = _corpus_records(now)
    one, batch = tmp_path / "one.duckdb", tmp_path / "batch.duckdb"
    con = load.connect(one)
    for recs, path in files:
        load.load_file(con, recs, path, (1, 2))
    con.close()
    con = load.connect(batch)
    load.load_files(con, [(recs, path, (1, 2)) for recs, path in files])
    con.close()
    a, b = _snapshot(one), _snapshot(batch)
    assert a == b
    assert len(a["files"]) == 4 and len(a["reports"]) >= 4 and len(a["file_paths"]) == 4

    # loading the same files again (as after an upgrade) replaces them in both
    con = load.connect(batch)
    load.load_files(con, [(recs, path, (1, 2)) for recs, path in files])
    con.close()
    assert _snapshot(batch) == a


def test_a_batch_with_a_file_that_cannot_be_stored_keeps_the_files_before_it(tmp_path):
    now = datetime(2026, 12, 6, 12, 0)
    (good, good_path), (bad, bad_path), (later, later_path) = _corpus_records(now)[:3]
    db = tmp_path / "ita.duckdb"
    con = load.connect(db)
    # a report row already there under the bad file's report id: its insert fails
    load.load_file(con, {"files": [next(iter(later["files"]))], "reports": list(bad["reports"])[:1]},
                   "/elsewhere/x.txt")
    con.close()
    database = ing._Database(str(db))
    done = []
    try:
        with pytest.raises(duckdb.ConstraintException):
            database.load(good, good_path, None, lambda: done.append(good_path))
            database.load(bad, bad_path, None, lambda: done.append(bad_path))
            database.flush()
    finally:
        database.discard()
        database.release()
    # the file before the bad one is loaded and reported, the bad one is neither
    assert done == [good_path]
    ids = {r[0] for r in rows(db, "SELECT path FROM files")}
    assert disc.stored_path(good_path) in ids and disc.stored_path(bad_path) not in ids


def test_files_are_committed_before_the_run_waits_for_ocr(tmp_path):
    """jobs 1: a text file's batch is committed (and its line printed) before a scan's
    OCR begins, so a reader sees it and an interrupt keeps it (test_interrupt)."""
    now = datetime(2026, 12, 6, 12, 0)
    (recs, path), = _corpus_records(now)[:1]
    db = tmp_path / "ita.duckdb"
    database = ing._Database(str(db))
    done = []
    try:
        database.load(recs, path, None, lambda: done.append(path))
        assert done == []  # pending in its batch
        database.release_soon()  # what process_file calls before OCR
        assert done == [path]
    finally:
        database.release()
    assert rows(db, "SELECT count(*) FROM files") == [(1,)]


# --- Arrow ---------------------------------------------------------------------------------


def test_arrow_insert_stores_the_rows_the_values_insert_stores(tmp_path):
    now = datetime(2026, 12, 6, 12, 0)
    files = _corpus_records(now)
    extra = {
        # a lone surrogate (an undecodable file name in a message), None in every column
        # that allows it, a list of lists with a None, Thai text
        "flags": [FlagRecord(file_id="x", kind="parse_error", severity="error",
                             message="cannot read /data/\udce0\udcb9.pdf", page=None)],
        "pages": [PageRecord(file_id="x", page_no=1, method="ocr", text="ข้อความ",
                             line_boxes=[[0.1, 0.2, 0.3, 0.4], None], needs_ocr=False)],
        "agencies": [AgencyRecord(agency_id="a1", agency_type="SAO", name="องค์การบริหารส่วนตำบลหนองบัว",
                                  spellings=["หนองบัว", "หนองบัว "], abbreviations=[])],
    }
    snaps = []
    for name, insert in (("values", load._insert_values), ("arrow", load._insert_arrow)):
        con = load.connect(tmp_path / f"{name}.duckdb")
        con.execute("BEGIN")
        for recs, _ in [*files, (extra, "")]:
            for table, rows_ in recs.items():
                if rows_:
                    insert(con, table, list(rows_))
        con.execute("COMMIT")
        con.close()
        snaps.append(_snapshot(tmp_path / f"{name}.duckdb"))
    assert snaps[0] == snaps[1]
    assert sum(len(v) for v in snaps[0].values()) > 50
    assert any("xe0" in r and "xb9" in r for r in snaps[0]["flags"])


# --- flags across files ------------------------------------------------------------------


def test_cross_file_flags_are_made_again_only_after_a_run_that_loaded_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # one agency's result for one year, stated differently in two files
    (src / "a.txt").write_text(MEMO, encoding="utf-8")
    (src / "b.txt").write_text(MEMO.replace("๘๙.๕๐", "๗๙.๕๐"), encoding="utf-8")
    db = tmp_path / "ita.duckdb"
    _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    cross = "SELECT count(*) FROM flags WHERE scope = 'database'"
    (n,) = rows(db, cross)[0]
    assert n >= 1 and rows(db, "SELECT value FROM meta WHERE key = 'cross_flags'") == [("current",)]
    # a run that loads nothing leaves them as they are (even if someone removed them)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM flags WHERE scope = 'database'")
    con.close()
    _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert rows(db, cross) == [(0,)]
    # a run that ended after loading files and before this step marks them stale: the
    # next run makes them again though it loads nothing
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = 'stale' WHERE key = 'cross_flags'")
    con.close()
    _run("ingest", str(src), "--db", str(db), "--jobs", "1")
    assert rows(db, cross) == [(n,)]
    assert rows(db, "SELECT value FROM meta WHERE key = 'cross_flags'") == [("current",)]
