"""An analyst can query while a long `ita ingest` runs (issue 22 §10): the writer lets
go of the database while it waits for OCR, and a reader waits for it briefly
(cli.READ_WAIT_S) instead of failing at once."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import MEMO
from pipeline.cli import main
from pipeline.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]

# `ita ingest` whose OCR takes 1 s a page and reads nothing (forked workers inherit it)
SLOW_INGEST = """
import sys, time
from pipeline import stages, workers
from pipeline.pages import OCR, PageResult

def slow_ocr(task, page_no):
    time.sleep(1.0)
    return PageResult(page_no, OCR, "ข้อความ", quality=1.0)

stages.ocr_task = workers.ocr_task = slow_ocr  # called in stages with --jobs 1, submitted by workers
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    from PIL import Image

    d = tmp_path_factory.mktemp("live")
    for i in range(3):
        (d / f"memo_{i}.txt").write_text(MEMO.replace("หนองบัว", f"หนองบัว{i}"), encoding="utf-8")
        frames = [Image.new("L", (120 + i, 120), 255) for _ in range(4)]
        frames[0].save(d / f"scan_{i}.tiff", save_all=True, append_images=frames[1:])
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_queries_get_in_while_a_long_ingest_runs(scans, tmp_path, jobs):
    script = tmp_path / "slow_ingest.py"
    script.write_text(SLOW_INGEST, encoding="utf-8")
    db = tmp_path / "ita.duckdb"
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    p = subprocess.Popen([sys.executable, str(script), "ingest", str(scans), "--db", str(db), "--jobs", jobs],
                         stderr=subprocess.PIPE, text=True, env=env)
    err: list[str] = []
    started = threading.Event()

    def read():
        for line in p.stderr:
            err.append(line)
            if "memo_" in line:
                started.set()

    threading.Thread(target=read, daemon=True).start()
    waits, counts = [], []
    try:
        assert started.wait(60), "".join(err)
        while p.poll() is None:
            out = io.StringIO()
            t = time.monotonic()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as qerr:
                code = main(["query", "SELECT count(*) FROM files", "--db", str(db), "--format", "csv"])
            waits.append(time.monotonic() - t)
            assert code == ExitCode.OK, qerr.getvalue()
            counts.append(int(out.getvalue().split()[-1]))
            time.sleep(0.2)
        p.wait(timeout=120)
    finally:
        p.kill()
    assert p.returncode == ExitCode.OK, "".join(err)
    # 12 pages of 1 s: the run takes 12 s with one job, 6 s with two; queries got in
    # all along, each within a second or two, and saw the files arrive
    assert len(waits) >= 5, (waits, "".join(err))
    assert max(waits) < 3.0, sorted(waits)[-3:]
    assert counts == sorted(counts) and counts[-1] >= 3, counts
    print(f"jobs {jobs}: {len(waits)} queries, longest wait {max(waits):.2f} s, "
          f"median {sorted(waits)[len(waits) // 2]:.2f} s")
