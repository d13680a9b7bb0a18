from __future__ import annotations

import faulthandler
import multiprocessing
import os
import tempfile
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
# the suite's OCR cache stays out of the user's ~/.cache
os.environ.setdefault("ITA_OCR_CACHE", os.path.join(tempfile.gettempdir(), "ita-ocr-tests"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


# A test should not leave behind what the interpreter waits for when it exits: a thread
# that is not a daemon, or a multiprocessing child (ProcessPoolExecutor's workers are
# joined at exit). Either keeps `make test` from ending after its last test: CI at
# 46d5bee passed every test and then waited out its 90 minutes, printing nothing. Such a
# test gets a LeftRunning warning by name in the summary (LEFT_BEHIND_GRACE_S lets a
# pool's shutdown finish first), and the session's end is guarded below.
LEFT_BEHIND_GRACE_S = 10.0


class LeftRunning(UserWarning):
    """What a test left running that the interpreter would wait for at exit."""


def _waited_for_at_exit() -> tuple[set[threading.Thread], set]:
    threads = {t for t in threading.enumerate() if not t.daemon and t is not threading.main_thread()}
    return threads, set(multiprocessing.active_children())


@pytest.fixture(autouse=True)
def nothing_left_for_exit_to_wait_for():
    threads_before, children_before = _waited_for_at_exit()
    yield
    deadline = time.monotonic() + LEFT_BEHIND_GRACE_S
    while True:
        threads, children = _waited_for_at_exit()
        threads, children = threads - threads_before, children - children_before
        if not (threads or children) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if threads or children:
        warnings.warn(LeftRunning(
            "left running after the test, which the interpreter would wait for at exit: "
            + ", ".join([f"thread {t.name}" for t in threads] + [f"process {c.pid} {c.name}" for c in children])))


# Should the interpreter still not end once the session has, every thread's stack is
# printed after EXIT_GRACE_S and the process ends with the session's status (a Python
# thread); should Python threads no longer run by then (a wait in the interpreter's own
# finalisation), faulthandler's C-level timer prints the stacks and ends it with 1.
EXIT_GRACE_S = 60.0


def pytest_sessionfinish(session, exitstatus):
    def watchdog():
        time.sleep(EXIT_GRACE_S)
        print(f"\ntests/conftest.py: the test process did not end {EXIT_GRACE_S:.0f} s after its session; "
              "every thread's stack follows", file=sys.stderr, flush=True)
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        sys.stderr.flush()
        os._exit(int(exitstatus))

    threading.Thread(target=watchdog, name="exit-watchdog", daemon=True).start()
    faulthandler.dump_traceback_later(2 * EXIT_GRACE_S, exit=True, file=sys.__stderr__)


def mounted_tmpfs(tmp_path: Path, size: str):
    """A small tmpfs under tmp_path, unmounted afterwards (a generator for a fixture);
    the test is skipped where mounting is not allowed."""
    import subprocess

    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def ita_command() -> list[str]:
    """The installed console script when there is one, else the module."""
    exe = Path(sys.executable).with_name("ita")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


# A small memo in the shape of real ones (invented agency), used by the end-to-end tests.
MEMO = """บันทึกข้อความ

ส่วนราชการ องค์การบริหารส่วนตำบลหนองบัว สำนักปลัด โทร. ๐-๔๔๑๒-๓๔๕๖

ที่ นม ๗๑๒๐๑/๑๒๓ วันที่ ๑๕ มกราคม ๒๕๖๘

เรื่อง รายงานผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗

เรียน นายกองค์การบริหารส่วนตำบลหนองบัว

บัดนี้ สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน องค์การบริหารส่วนตำบลหนองบัว อำเภอโนนสูง จังหวัดนครราชสีมา ได้รับผลการประเมิน ITA ๘๙.๕๐ คะแนน ระดับผลการประเมิน : ผ่านดี

๑. การปฏิบัติหน้าที่\tได้รับคะแนน\t๙๐.๐๐\tคะแนน
๒. การใช้งบประมาณ\tได้รับคะแนน\t๘๘.๐๐\tคะแนน

จึงเรียนมาเพื่อโปรดทราบ
"""


def db_rows(db: Path, sql: str) -> list[tuple]:
    """Rows of a read-only query on a database file (closed again at once)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
