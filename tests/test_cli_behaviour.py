"""The command line's manners: --version, broken pipes, the Thai-aware table, flags
filters and summary, exports (CSV with BOM, XLSX, Parquet), sidecar files, absolute
paths, ITA_DB."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import table
from pipeline.cli import main
from pipeline.export import cell, relations
from tests.conftest import MEMO, db_rows, ita_command
from tests.test_analysts import build

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1"}


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "t.duckdb"
    build(path).close()
    return path


def test_version(capsys):
    from pipeline.version import PIPELINE_VERSION

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ita {PIPELINE_VERSION}"


def test_table_aligns_thai_by_display_width():
    lines = list(table.render(["name", "n"], [("ที่น้ำ", 1), ("abcd", 22)]))
    # ที่น้ำ is 6 characters, 3 columns: the second column starts at one place on every row
    starts = {table.width(line[: line.rindex(" ") + 1]) for line in lines[2:4]}
    assert len(starts) == 1
    assert table.width("ที่น้ำ") == 3 and table.width("องค์การ") == 6


def test_a_cut_value_ends_in_an_ellipsis_and_an_id_fits_whole():
    sha = "a" * 64
    assert table.cut(sha, table.MAX_WIDTH) == sha
    long = "ก" * 100
    got = table.cut(long, 10)
    assert got.endswith("…") and table.width(got) == 10
    assert table.cut("ที่" * 20, 5) == "ที่" * 4 + "…"  # marks stay with their letter


def test_query_csv_and_export_share_one_convention(db, tmp_path, capsys):
    assert main(["query", "SELECT true AS t, false AS f, NULL AS n, [1, 2] AS l, 'ไทย' AS s", "--db", str(db),
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out == 't,f,n,l,s\ntrue,false,,"[1, 2]",ไทย\n'
    assert cell(True) == "true" and cell(None) == ""


def test_csv_export_has_a_bom_and_the_database_s_thai(db, tmp_path):
    out = tmp_path / "csv"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", "csv"]) == 0
    raw = (out / "agency_year.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    with open(out / "agency_year.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    names = sorted(r["agency_name"] for r in rows)
    assert names == sorted(r[0] for r in db_rows(db, "SELECT agency_name FROM agency_year"))
    assert {r["passed"] for r in rows} <= {"true", "false", ""}
    for name in ("file_paths", "report_trust", "report_facts", "catalog_indicators", "reports", "flags"):
        assert (out / f"{name}.csv").exists(), name


def test_xlsx_export_has_a_sheet_per_table_and_view_with_the_same_thai(db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "x"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", "xlsx"]) == 0
    wb = load_workbook(out / "ita.xlsx", read_only=True)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert set(wb.sheetnames) == {n[:31] for n in relations(con)}
    finally:
        con.close()
    rows = list(wb["reports"].iter_rows(values_only=True))
    col = rows[0].index("agency_name")
    assert sorted(r[col] for r in rows[1:]) == sorted(r[0] for r in db_rows(db, "SELECT agency_name FROM reports"))


def test_parquet_export_reads_back_with_pandas(db, tmp_path):
    import pandas as pd

    out = tmp_path / "p"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    df = pd.read_parquet(out / "agency_year.parquet")
    assert len(df) == 3 and df["passed"].dtype == bool


def test_flags_filters_summary_and_unknown_kind(db, capsys):
    assert main(["flags", "--db", str(db), "--kind", "nosuchkind"]) == 1
    assert "no such flag kind" in capsys.readouterr().err
    assert main(["flags", "--db", str(db), "--summary", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == [{"severity": "warning", "kind": "missing_field", "flags": 1, "reports": 1, "files": 1}]
    for args, n in ((["--year", "2567"], 1), (["--year", "2566"], 0), (["--file", "z.txt"], 1),
                    (["--file", "y.pdf"], 0), (["--province", "ไม่ทราบจังหวัด"], 1), (["--limit", "0"], 0)):
        assert main(["flags", "--db", str(db), "--format", "json", *args]) == 0
        assert len(json.loads(capsys.readouterr().out)) == n, args


def test_a_broken_pipe_ends_quietly(db):
    sql = "SELECT range AS n FROM range(200000)"
    for fmt in ("table", "csv"):
        p = subprocess.run(f"{' '.join(ita_command())} query '{sql}' --db {db} --format {fmt} | head -2",
                           shell=True, capture_output=True, text=True, env=ENV, cwd=ROOT)
        assert p.stderr == "" and len(p.stdout.splitlines()) == 2, p.stderr


def test_sidecars_are_skipped_with_a_message_paths_are_absolute_and_ita_db_is_the_default(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "memo.txt").write_text(MEMO, encoding="utf-8")
    (docs / "memo.truth.json").write_text('{"reports": []}', encoding="utf-8")
    (docs / "scores.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (docs / "NOTES.md").write_text("checked by hand\n", encoding="utf-8")
    db = tmp_path / "env.duckdb"
    p = subprocess.run([*ita_command(), "ingest", "docs", "--jobs", "1"], capture_output=True, text=True,
                       env={**ENV, "ITA_DB": str(db)}, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stderr.count("skipped:") == 3 and "memo.truth.json" in p.stderr
    assert "3 sidecar(s) skipped" in p.stderr and "flags: 0 error" in p.stderr
    assert db_rows(db, "SELECT path FROM files") == [(str(docs / "memo.txt"),)]
    assert db_rows(db, "SELECT path FROM file_paths") == [(str(docs / "memo.txt"),)]


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise():
    import io

    from pipeline.run_summary import Progress
    from pipeline.stages import FileResult, FileTask

    class Tty(io.StringIO):
        def isatty(self):
            return True

    result = FileResult(FileTask("/d/a.txt", "f" * 64, "text/plain", 10), "ok", None)
    plain, tty = io.StringIO(), Tty()
    for out in (plain, tty):
        p = Progress(2, out)
        p.file_done(result)
        p.note("skipped: /d/x.csv")
        p.close()
    assert plain.getvalue().splitlines() == ["[1/2] ok      /d/a.txt: 0 page(s), 0 report(s)", "skipped: /d/x.csv"]
    assert "1/2" in tty.getvalue() and "\r" in tty.getvalue() and "[1/2] ok" not in tty.getvalue()


def test_a_database_without_the_views_is_told_to_ingest_once(tmp_path, capsys):
    import duckdb

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    # ours, from before the views: its meta table (schema_version only, as before 0.13)
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("CREATE TABLE flags (kind VARCHAR)")
    con.close()
    assert main(["flags", "--db", str(db)]) == 1
    assert "run `ita ingest` on it once" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "s")]) == 1
