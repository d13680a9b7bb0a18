"""A worker that dies costs no other file: the files in flight are retried alone, each
stored once, and the database holds what a run in one process stores (with the
batched transactions of ingest._Database)."""

from __future__ import annotations

import os
from pathlib import Path


from conftest import MEMO
from pipeline import ingest as ing, workers
from samples.compare_databases import table_rows

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
    """Every table's rows, sorted, without the load time."""
    return table_rows(str(db))


def test_a_worker_crash_loses_and_duplicates_no_file(tmp_path, monkeypatch):
    """A worker dies reading one file while others are in flight: each is retried alone
    (in a fresh process, where this one reads fine), each stored once, the rows those
    of a run of one process."""
    src = tmp_path / "src"
    paths = _memos(src, 5)
    one = tmp_path / "one.duckdb"
    ing.ingest([str(src)], str(one), jobs=1)
    crasher = str(paths[2])
    real = workers.read_file
    died = tmp_path / "died"

    def dies(task):  # the forked workers inherit this (read_or_finish calls it)
        if task.path == crasher:
            died.touch()
            os._exit(1)
        return real(task)

    monkeypatch.setattr(workers, "read_file", dies)
    pool = tmp_path / "pool.duckdb"
    summary = ing.ingest([str(src)], str(pool), jobs=2)
    assert died.exists()  # the crash happened
    assert (summary.ok, summary.failed) == (5, 0)
    got, want = _snapshot(pool), _snapshot(one)
    assert len(got["files"]) == 5 and len(got["reports"]) == 5
    assert got == want


def test_a_worker_killed_while_writing_its_result_leaves_nothing_for_exit_to_wait_for():
    """The run ends on an error (a full disk) while a worker is writing its result: the
    worker is killed, and half a message stays in the result pipe. The pool's manager
    thread must not wait for the rest of it, or the interpreter waits for that thread at
    exit (the suite once passed and then never ended)."""
    import multiprocessing
    import struct
    import time
    from concurrent.futures import ProcessPoolExecutor

    import pytest

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()
    manager = pool._executor_manager_thread
    # a message's length, then only part of it: what a worker killed mid-write leaves
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 100) + b"x" * 10)
    time.sleep(0.5)  # the manager is reading the rest by now
    with pytest.raises(RuntimeError):
        with workers._killed_on_error(pool):
            raise RuntimeError("no space left on device")
    manager.join(10)
    assert not manager.is_alive()
