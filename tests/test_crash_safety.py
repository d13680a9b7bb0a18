"""Killing `ita ingest` at any moment leaves only whole files loaded, and a rerun
completes the rest without duplicates (one transaction per file)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, ita_command

TABLES_SQL = {
    "files": "SELECT file_id, path, status, n_pages FROM files ORDER BY path",
    "pages": "SELECT file_id, page_no, text FROM pages ORDER BY file_id, page_no",
    "reports": "SELECT report_id, agency_name, overall_score FROM reports ORDER BY report_id",
}


def snapshot(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(q).fetchall() for t, q in TABLES_SQL.items()}
    finally:
        con.close()


def only_whole_files(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"files", "pages"} <= tables:
            return  # killed before the schema was committed: the file opens and holds nothing
        half = con.execute(
            "SELECT f.path FROM files f LEFT JOIN pages p USING (file_id) "
            "GROUP BY f.path, f.n_pages HAVING count(p.page_no) <> f.n_pages"
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM pages WHERE file_id NOT IN (SELECT file_id FROM files)"
        ).fetchone()[0]
    finally:
        con.close()
    assert half == [] and orphans == 0


def run_ingest(src: Path, db: Path, jobs: int = 1) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ita_command(), "ingest", str(src), "--db", str(db), "--jobs", str(jobs)],
        capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    places = ["หนองบัว", "โคกสูง", "ดอนแก้ว", "นาคำ", "บ้านใหม่", "ท่าช้าง", "หัวนา", "ป่าไผ่"]
    for i in range(40):
        text = MEMO.replace("หนองบัว", places[i % len(places)] + "ก" * (i // len(places)))
        (d / f"memo_{i:02d}.txt").write_text("\f".join([text] * (1 + i % 3)), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> dict[str, list]:
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    assert run_ingest(corpus, db).returncode == 0
    return snapshot(db)


def kill_trials(corpus: Path, reference: dict, tmp_path: Path, trials: int, seed: int, jobs: int = 1) -> None:
    rng = random.Random(seed)
    for trial in range(trials):
        db = tmp_path / f"t{trial}.duckdb"
        proc = subprocess.Popen(
            [*ita_command(), "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(rng.uniform(0.3, 4.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if db.exists():
            only_whole_files(db)  # the database opens and holds no half file
        done = run_ingest(corpus, db, jobs)
        assert done.returncode == 0, done.stderr
        assert snapshot(db) == reference, f"trial {trial}: rows differ from an uninterrupted run"


def test_killed_ingest_leaves_whole_files(corpus: Path, reference: dict, tmp_path: Path):
    kill_trials(corpus, reference, tmp_path, trials=4, seed=1)


def test_killed_ingest_with_workers_leaves_whole_files(corpus: Path, reference: dict, tmp_path: Path):
    # --jobs 2: files from the pool's workers, loaded up to 1,000 to a transaction
    kill_trials(corpus, reference, tmp_path, trials=4, seed=3, jobs=2)


@pytest.mark.slow
def test_killed_ingest_leaves_whole_files_20_trials(corpus: Path, reference: dict, tmp_path: Path):
    kill_trials(corpus, reference, tmp_path, trials=20, seed=2)
