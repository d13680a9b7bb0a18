"""`ita query` runs untrusted SQL safely (issue 22 §2): it cannot write, attach,
install, load or set anything, runs one statement, stops at --timeout or Ctrl-C
(exit 130, no traceback), streams its rows, and reads files only under --allow-files."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, ita_command
from pipeline.cli import main
from pipeline.errors import ExitCode


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("q")
    (d / "in").mkdir()
    (d / "in" / "memo.txt").write_text(MEMO, encoding="utf-8")
    db = d / "ita.duckdb"
    assert main(["ingest", str(d / "in"), "--db", str(db), "--jobs", "1"]) == ExitCode.OK
    return db


def _query(db: Path, sql: str, *extra: str) -> int:
    return main(["query", sql, "--db", str(db), *extra])


def _files(db: Path) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT file_id, path FROM files ORDER BY 1").fetchall()
    finally:
        con.close()


def test_statements_that_write_attach_install_load_or_set_are_refused(db, tmp_path, capsys):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE files AS SELECT 1 AS x")
    con.close()
    before = _files(db)
    out = tmp_path / "x.csv"
    refused = [
        f"COPY (SELECT 1) TO '{out}'",
        f"EXPORT DATABASE '{tmp_path / 'exported'}'",
        f"ATTACH '{other}' AS v (READ_WRITE)",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET custom_extension_repository = 'http://127.0.0.1:9/'",
        "PRAGMA threads = 1",
        "DELETE FROM files",
        "CREATE TABLE t AS SELECT 1",
        # functions that would read or write outside the database
        "SELECT * FROM read_text('/etc/passwd')",
        f"SELECT * FROM read_csv('{other}')",
    ]
    for sql in refused:
        assert _query(db, sql) == ExitCode.USAGE, sql
        err = capsys.readouterr().err
        assert err.startswith("ita: ") and "Traceback" not in err, (sql, err)
    assert not out.exists() and not (tmp_path / "exported").exists()
    assert _files(db) == before
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT * FROM files").fetchall() == [(1,)]
    con.close()


def test_exactly_one_statement(db, capsys):
    assert _query(db, "SELECT 1; SELECT 2") == ExitCode.USAGE
    assert "one statement" in capsys.readouterr().err
    assert _query(db, "SELECT count(*) AS n FROM files") == ExitCode.OK
    assert "(1 row)" in capsys.readouterr().out
    assert _query(db, "PRAGMA table_info('files')") == ExitCode.OK  # a read is fine


def test_allow_files_reads_only_that_folder(db, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "targets.csv").write_text("agency,target\nอบต.หนองบัว,85\n", encoding="utf-8")
    sql = f"SELECT target FROM read_csv('{mine / 'targets.csv'}')"
    assert _query(db, sql) == ExitCode.USAGE  # not asked for: not read
    capsys.readouterr()
    assert _query(db, sql, "--allow-files", str(mine), "--format", "csv") == ExitCode.OK
    assert capsys.readouterr().out.splitlines() == ["target", "85"]
    # still nothing outside it, and still no writing into it
    assert _query(db, "SELECT * FROM read_text('/etc/hostname')", "--allow-files", str(mine)) == ExitCode.USAGE
    assert _query(db, f"COPY (SELECT 1) TO '{mine / 'w.csv'}'", "--allow-files", str(mine)) == ExitCode.USAGE
    assert not (mine / "w.csv").exists()
    assert _query(db, "SELECT 1", "--allow-files", str(tmp_path / "nowhere")) == ExitCode.USAGE


def _start(db: Path, sql: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*ita_command(), "query", sql, "--db", str(db), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_results_are_streamed_and_timeout_stops_the_query(db):
    # ten billion rows: fetched whole, nothing would ever be printed
    started = time.monotonic()
    p = _start(db, "SELECT range AS i FROM range(10000000000)", "--format", "csv", "--timeout", "3")
    out, err = p.communicate(timeout=60)
    took = time.monotonic() - started
    lines = out.splitlines()
    assert lines[0] == b"i" and len(lines) > 10_000, (len(lines), err)
    assert p.returncode == ExitCode.USAGE and b"--timeout" in err and b"Traceback" not in err
    assert took < 20, took
    # a query that returns nothing until it ends (one aggregate) is stopped too
    started = time.monotonic()
    p = _start(db, "SELECT count(*) FROM range(100000000000)", "--timeout", "1")
    _, err = p.communicate(timeout=60)
    assert p.returncode == ExitCode.USAGE and b"--timeout" in err, err
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("sql", ["SELECT count(*) FROM range(100000000000)",
                                 "SELECT range AS i FROM range(10000000000)"])
def test_ctrl_c_ends_the_query_with_130_and_no_traceback(db, sig, sql):
    p = _start(db, sql, "--format", "csv")
    time.sleep(2.5)  # the interpreter is up and the query running (or printing)
    stopped = time.monotonic()
    p.send_signal(sig)
    try:
        # keep reading stdout: a full pipe must not hold the process
        _, err = p.communicate(timeout=15)
    finally:
        p.kill()
    assert p.returncode == 130, (p.returncode, err)
    assert time.monotonic() - stopped < 5
    assert b"interrupted" in err and b"Traceback" not in err, err


def test_query_never_downloads_an_extension(tmp_path, capsys):
    # a SQLite file as --db would autoload (and download) sqlite_scanner
    import sqlite3

    lite = tmp_path / "other.sqlite"
    sqlite3.connect(lite).execute("CREATE TABLE files (x)").connection.commit()
    ext_dir = Path(os.path.expanduser("~/.duckdb/extensions"))
    before = sorted(ext_dir.rglob("*")) if ext_dir.exists() else []
    assert main(["query", "SELECT 1", "--db", str(lite)]) == ExitCode.DATABASE_LOCKED
    assert str(lite) in capsys.readouterr().err
    after = sorted(ext_dir.rglob("*")) if ext_dir.exists() else []
    assert after == before


def test_a_reader_that_goes_away_is_not_an_error(db):
    # `ita query … | head -1`: streamed rows meet a closed pipe
    p = _start(db, "SELECT range AS i FROM range(100000000)", "--format", "csv")
    assert p.stdout.readline().rstrip() == b"i"
    p.stdout.close()
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0 and b"Traceback" not in err, err
