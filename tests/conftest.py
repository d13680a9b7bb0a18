from __future__ import annotations

import os
import tempfile
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
# the suite's OCR cache stays out of the user's ~/.cache
os.environ.setdefault("ITA_OCR_CACHE", os.path.join(tempfile.gettempdir(), "ita-ocr-tests"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


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
