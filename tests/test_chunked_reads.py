"""Small text files go to the pool several to a task (workers.CHUNK_FILES): each file's
result stands alone, a crashed task's files are retried without loss or duplicates,
and what is stored is what one file a task (or --jobs 1) stores."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from conftest import MEMO
from pipeline import ingest as ing, workers
from pipeline.load import TABLES
from pipeline.stages import FileTask
from schemas.vocab import FileStatus

PLACES = ["หนองบัว", "โคกสูง", "ดอนแก้ว", "นาคำ", "บ้านใหม่", "ท่าช้าง", "หัวนา", "ป่าไผ่"]


def _memos(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"memo_{i:02d}.txt"
        p.write_text(MEMO.replace("หนองบัว", PLACES[i % len(PLACES)] + "ก" * (i // len(PLACES))), encoding="utf-8")
        out.append(p)
    past = 1_700_000_000  # not "racily" new: every file keeps its stat
    for p in out:
        os.utime(p, (past, past))
    return out


def _snapshot(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in [*TABLES, "file_paths"]:
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall() if c != "ingested_at"]
            out[table] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()))
        return out
    finally:
        con.close()


def test_small_text_files_share_a_task_and_other_files_go_alone():
    small = [FileTask(f"/x/{i}.txt", f"id{i}", "text/plain", 900) for i in range(20)]
    big = FileTask("/x/big.txt", "big", "text/plain", workers.CHUNK_MAX_BYTES + 1)
    pdf = FileTask("/x/a.pdf", "pdf", "application/pdf", 900)
    html = FileTask("/x/a.html", "html", "text/html", 900)
    parts = workers._chunks(small[:10] + [big, pdf] + small[10:] + [html], 16)
    assert parts == [[big], [pdf], small[:16], small[16:] + [html]]
    # one file a task where chunks are off (the Ray executor's tasks)
    assert workers._chunks(small[:3] + [pdf], 1) == [[small[0]], [small[1]], [small[2]], [pdf]]


def test_a_file_whose_stage_raises_fails_alone_in_its_task(tmp_path, monkeypatch):
    paths = _memos(tmp_path, 3)
    tasks = [FileTask(str(p), f"id{i}", "text/plain", p.stat().st_size) for i, p in enumerate(paths)]
    real = workers.read_or_finish

    def flaky(task):
        if task.file_id == "id1":
            raise RuntimeError("a reader bug")
        return real(task)

    monkeypatch.setattr(workers, "read_or_finish", flaky)
    a, b, c = workers.read_or_finish_each(tasks)
    assert (a.status, c.status) == (FileStatus.OK, FileStatus.OK)
    assert a.task is tasks[0] and c.task is tasks[2] and a.extraction.reports and c.extraction.reports
    assert b.status == FileStatus.FAILED and b.task is tasks[1] and "a reader bug" in b.error


def test_a_worker_crash_in_a_shared_task_loses_and_duplicates_no_file(tmp_path, monkeypatch):
    """A worker that dies in the middle of a task of several files: every file of the
    task is retried alone (in a fresh process, where this one reads fine), each stored
    once, the rows those of a run of one process."""
    src = tmp_path / "src"
    paths = _memos(src, 5)
    one = tmp_path / "one.duckdb"
    ing.ingest([str(src)], str(one), jobs=1)
    crasher = str(paths[2])
    real = workers.read_or_finish

    died = tmp_path / "died"

    def dies(task):  # the forked workers inherit this
        if task.path == crasher:
            died.touch()
            os._exit(1)
        return real(task)

    monkeypatch.setattr(workers, "read_or_finish", dies)
    pool = tmp_path / "pool.duckdb"
    summary = ing.ingest([str(src)], str(pool), jobs=2)
    assert died.exists()  # the crash happened (in a task with the other files)
    assert (summary.ok, summary.failed) == (5, 0)
    got, want = _snapshot(pool), _snapshot(one)
    assert len(got["files"]) == 5 and len(got["reports"]) == 5
    assert got == want
