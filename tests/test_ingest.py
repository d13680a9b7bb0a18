"""End-to-end: `ita ingest` over folders of good and bad files, re-runs, exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, ita_command, db_rows as rows
from pipeline.cli import main
from pipeline.errors import ExitCode




def ingest(*args: str) -> int:
    return main(["ingest", *args, "--jobs", "1"])


@pytest.fixture
def good_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "memo.txt").write_text(MEMO, encoding="utf-8")
    (d / "sub").mkdir()
    # the same memo in TIS-620, as older Thai files are saved: a different file (bytes differ)
    (d / "sub" / "memo_tis620.dat").write_bytes(
        MEMO.replace("หนองบัว", "หนองแวง").encode("cp874")
    )
    return d


def test_ingest_loads_files_pages_reports(good_dir: Path, tmp_path: Path, capsys):
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    err = capsys.readouterr().err
    assert "2 ok, 0 partial, 0 failed" in err  # the one-line summary
    files = rows(db, "SELECT path, status, media_type, encoding FROM files ORDER BY path")
    assert [(Path(p).name, s) for p, s, _, _ in files] == [("memo.txt", "ok"), ("memo_tis620.dat", "ok")]
    assert {f[3] for f in files} == {"utf-8", "cp874"}
    assert rows(db, "SELECT count(*) FROM pages WHERE method = 'text'") == [(2,)]
    reports = rows(
        db,
        "SELECT agency_name, province, fiscal_year, overall_score, level, doc_type "
        "FROM reports ORDER BY agency_name",
    )
    assert reports == [
        ("องค์การบริหารส่วนตำบลหนองบัว", "นครราชสีมา", 2567, 89.5, "ผ่านดี", "score_report_memo"),
        ("องค์การบริหารส่วนตำบลหนองแวง", "นครราชสีมา", 2567, 89.5, "ผ่านดี", "score_report_memo"),
    ]


def test_reingest_adds_nothing_and_changed_file_is_replaced(good_dir: Path, tmp_path: Path, capsys):
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    before = rows(db, "SELECT count(*) FROM files"), rows(db, "SELECT count(*) FROM reports")
    capsys.readouterr()
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    assert "2 unchanged" in capsys.readouterr().err
    assert (rows(db, "SELECT count(*) FROM files"), rows(db, "SELECT count(*) FROM reports")) == before

    # the file changes on disk: its old rows go, the new ones come
    (good_dir / "memo.txt").write_text(MEMO.replace("๘๙.๕๐", "๙๑.๒๕"), encoding="utf-8")
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    assert rows(db, "SELECT count(*) FROM files") == [(2,)]
    assert sorted(rows(db, "SELECT overall_score FROM reports")) == [(89.5,), (91.25,)]


def test_same_content_under_two_names_is_loaded_once(good_dir: Path, tmp_path: Path, capsys):
    shutil.copy(good_dir / "memo.txt", good_dir / "สำเนา รายงาน ITA.txt")  # Thai name with spaces
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    assert "same content" in capsys.readouterr().err
    assert rows(db, "SELECT count(*) FROM files") == [(2,)]
    assert rows(db, "SELECT count(*) FROM file_paths") == [(3,)]


def _bad_inputs(d: Path) -> dict[str, str]:
    """file name -> a word the failure reason must contain."""
    (d / "empty.pdf").write_bytes(b"")
    pdf_head = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    (d / "truncated.pdf").write_bytes(pdf_head)
    (d / "really_html.pdf").write_text("<html><body><p>not a pdf</p></body></html>")
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    png = d / "picture.pdf"  # a PNG named .pdf: sniffed as an image, and OCR'd
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(png, format="PNG")
    return {"empty.pdf": "empty", "truncated.pdf": "PDF", "junk.txt": "unsupported"}


def test_bad_inputs_fail_clearly_and_the_run_goes_on(good_dir: Path, tmp_path: Path, capsys):
    expected = _bad_inputs(good_dir)
    unreadable = good_dir / "locked.txt"
    unreadable.write_text(MEMO.replace("หนองบัว", "หนองหิน"))  # not a duplicate of memo.txt
    unreadable.chmod(0)
    db = tmp_path / "ita.duckdb"
    code = ingest(str(good_dir), "--db", str(db))
    err = capsys.readouterr().err
    assert code == ExitCode.SOME_FILES_FAILED
    status = {Path(p).name: (s, e) for p, s, e in rows(db, "SELECT path, status, error FROM files")}
    for name, word in expected.items():
        assert status[name][0] == "failed", name
        assert word.lower() in status[name][1].lower(), (name, status[name][1])
        assert name in err  # the message names the file
    # HTML named .pdf is read as the text it is
    assert status["really_html.pdf"][0] == "ok"
    assert status["picture.pdf"][0] == "ok"  # an image, OCR'd: a blank page
    assert rows(db, "SELECT count(*) FROM flags WHERE kind = 'ocr_required'") == [(0,)]
    if os.geteuid() != 0:  # root reads anything
        assert status["locked.txt"][0] == "failed"
    # the good files are unaffected
    assert status["memo.txt"] == ("ok", None)
    assert rows(db, "SELECT count(*) FROM reports WHERE agency_name LIKE '%หนองบัว'")[0][0] >= 1


def test_no_files_and_missing_path_are_usage_errors(tmp_path: Path):
    assert ingest(str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")) == ExitCode.USAGE
    (tmp_path / "empty_dir").mkdir()
    assert ingest(str(tmp_path / "empty_dir"), "--db", str(tmp_path / "x.duckdb")) == ExitCode.USAGE


def test_database_in_use_exits_4(good_dir: Path, tmp_path: Path):
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,sys,time; c=duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run(
            [*ita_command(), "ingest", str(good_dir), "--db", str(db)],
            capture_output=True, text=True, timeout=120,
        )
        assert proc.returncode == ExitCode.DATABASE_LOCKED, proc.stderr
        assert "in use by another process" in proc.stderr
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_the_command_exits_with_main_s_code_and_all_of_its_output(good_dir: Path, tmp_path: Path):
    """`ita` skips the interpreter's teardown at exit (pipeline.cli.run): the exit code
    is still main's, and what it printed reaches a pipe whole."""
    db = tmp_path / "ita.duckdb"
    proc = subprocess.run([*ita_command(), "ingest", str(good_dir), "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == ExitCode.OK and "ita ingest:" in proc.stderr.splitlines()[-1]
    proc = subprocess.run([*ita_command(), "query", "SELECT range AS n FROM range(2000)", "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == ExitCode.OK and proc.stdout.rstrip().endswith("(2000 rows)")
    proc = subprocess.run([*ita_command(), "query", "SELEC nothing", "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == ExitCode.USAGE


def test_query_is_read_only(good_dir: Path, tmp_path: Path, capsys):
    db = tmp_path / "ita.duckdb"
    ingest(str(good_dir), "--db", str(db))
    capsys.readouterr()
    assert main(["query", "SELECT count(*) AS n FROM reports", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "2"]
    assert main(["query", "DELETE FROM reports", "--db", str(db)]) == ExitCode.USAGE
    assert rows(db, "SELECT count(*) FROM reports") == [(2,)]


def test_parallel_run_gives_the_same_rows_as_serial(good_dir: Path, tmp_path: Path):
    for i in range(4):
        (good_dir / f"copy{i}.txt").write_text(MEMO.replace("หนองบัว", f"หนองบัว{'ก' * (i + 1)}"))
    serial, parallel = tmp_path / "s.duckdb", tmp_path / "p.duckdb"
    assert main(["ingest", str(good_dir), "--db", str(serial), "--jobs", "1"]) == 0
    assert main(["ingest", str(good_dir), "--db", str(parallel), "--jobs", "2"]) == 0
    q = "SELECT agency_name, overall_score FROM reports ORDER BY 1"
    assert rows(serial, q) == rows(parallel, q)


def test_reextract_works_from_stored_page_text(good_dir: Path, tmp_path: Path):
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    # Change the stored text only: a re-extraction must see it, a plain re-run must not.
    con = duckdb.connect(str(db))
    con.execute("UPDATE pages SET text = replace(text, '๘๙.๕๐', '๙๐.๒๕')")
    con.close()
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    assert rows(db, "SELECT DISTINCT overall_score FROM reports") == [(89.5,)]
    assert ingest(str(good_dir), "--db", str(db), "--reextract") == ExitCode.OK
    assert rows(db, "SELECT DISTINCT overall_score FROM reports") == [(90.25,)]
    assert rows(db, "SELECT count(*) FROM files") == [(2,)]


def test_values_from_a_pdf_carry_their_box_also_after_reextract(tmp_path: Path):
    import pdfplumber

    import pdfgen

    d = tmp_path / "in"
    d.mkdir()
    (d / "memo.pdf").write_bytes(pdfgen.memo_pdf())
    db = tmp_path / "ita.duckdb"
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    sql = "SELECT indicator, score, page, bbox, box_kind FROM indicator_scores ORDER BY indicator"
    got = rows(db, sql)
    assert [(n, s) for n, s, *_ in got] == [(1, 98.37), (2, 95.5), (3, 97.78), (4, 96.15), (5, 100.0)]
    # each row's box is that score's own (its glyphs' ink: within the advance of the word
    # pdfplumber sees, not its row's width) at the word's height (pdfminer's boxes sit
    # low on these PDFs: tests/test_value_boxes.py measures the ink itself)
    with pdfplumber.open(d / "memo.pdf") as pdf:
        page = pdf.pages[0]
        words = {w["text"]: w for w in page.extract_words()}
        width, height = page.width, page.height
    for (number, _, page_no, box, kind), row in zip(got, pdfgen.SCORE_TABLE[1:]):
        w = words[row[2]]
        x0, top, x1, bottom = box
        assert page_no == 1 and kind == "value"
        assert w["x0"] / width - 0.002 <= x0 < x1 <= w["x1"] / width + 0.002, number
        assert top < w["bottom"] / height and w["top"] / height < bottom, number
        assert bottom - top <= (w["bottom"] - w["top"]) / height, number
    # the overall score's line is boxed too, in year_results
    ((year_box,),) = rows(db, "SELECT bbox FROM year_results WHERE NOT quoted")
    assert year_box is not None and 0 < year_box[1] < year_box[3] < 1
    # --reextract works from the stored page text and boxes
    assert ingest(str(d), "--db", str(db), "--reextract") == ExitCode.OK
    assert rows(db, sql) == got


def test_database_from_an_older_version_gets_new_columns(tmp_path: Path):
    from pipeline.load import connect

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE pages (file_id VARCHAR, page_no INTEGER, method VARCHAR, text VARCHAR)")
    con.execute("INSERT INTO pages VALUES ('f', 1, 'text', 'x')")
    # every version since the first wrote its schema_version there (a database
    # without it is not ours: tests/test_database_safety.py)
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    connect(db).close()
    cols = [r[0] for r in rows(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pages'")]
    assert "needs_ocr" in cols and "quality" in cols
    assert rows(db, "SELECT text, needs_ocr FROM pages") == [("x", None)]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table(good_dir: Path, tmp_path: Path, fmt: str):
    db = tmp_path / "ita.duckdb"
    assert ingest(str(good_dir), "--db", str(db)) == ExitCode.OK
    out = tmp_path / "export"
    assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == ExitCode.OK
    con = duckdb.connect()
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    assert con.execute(f"SELECT count(*) FROM {reader}('{out / ('reports.' + fmt)}')").fetchone() == (2,)
    assert (out / f"flags.{fmt}").exists()
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)]) == ExitCode.USAGE


def test_reports_of_different_files_are_reconciled_after_loading(tmp_path: Path):
    d = tmp_path / "in"
    d.mkdir()
    # the 2567 memo quotes its 2566 result; the agency's own 2566 memo says otherwise
    quoting = MEMO.replace(
        "จึงเรียนมา", "จากปีงบประมาณ พ.ศ.๒๕๖๖ ได้รับผลการประเมินอยู่ในระดับ ผ่าน (๘๗.๔๐ คะแนน)\nจึงเรียนมา"
    )
    (d / "2567.txt").write_text(quoting, encoding="utf-8")
    own_2566 = (MEMO.replace("๒๕๖๗", "๒๕๖๖").replace("๒๕๖๘", "๒๕๖๗")
                .replace("๘๙.๕๐", "๘๖.๐๐").replace(": ผ่านดี", ": ผ่าน"))
    (d / "2566.txt").write_text(own_2566, encoding="utf-8")
    db = tmp_path / "ita.duckdb"
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    sql = ("SELECT f.path, fl.evidence FROM flags fl JOIN files f USING (file_id) "
           "WHERE fl.kind = 'value_conflict' AND fl.scope = 'database'")
    got = rows(db, sql)
    assert [Path(p).name for p, _ in got] == ["2567.txt"]
    assert "87.4" in got[0][1] and "86.0" in got[0][1]
    # the 2566 memo is corrected: the conflict goes on the next run, and is not duplicated before
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    assert len(rows(db, sql)) == 1
    (d / "2566.txt").write_text(own_2566.replace("๘๖.๐๐", "๘๗.๔๐"), encoding="utf-8")
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    assert rows(db, sql) == []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_the_command_runs_numpy_with_one_thread():
    """Parallelism is the page pool's: `ita` loads numpy's BLAS with one thread, whose
    spare threads otherwise spin beside the other workers (the digit step took 115 ms
    of CPU a page with them, 52 ms without)."""
    code = ("import os, pipeline.cli, numpy, pipeline.ocr.glyphs as od; "
            "od.load_model().proba(numpy.ones((64, od.N_FEATURES), numpy.float32)); "
            "print(len(os.listdir('/proc/self/task')))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1"
