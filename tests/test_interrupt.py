"""Ctrl-C and SIGTERM stop `ita ingest` within about a second, even in the middle of a
page of OCR (issue 22 §7): exit 130, "interrupted; files loaded so far are kept", the
files loaded before kept, and no worker or Tesseract process left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, ita_command

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")

pytestmark = pytest.mark.skipif(
    not FONT.exists() or not shutil.which("tesseract"), reason="needs Tesseract and fonts-thai-tlwg"
)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                stat = Path(f"/proc/{e}/stat").read_bytes()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(b")") + 2:].split()[1]), []).append(int(e))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), ()):
            out += [c]
            todo.append(c)
    return out


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    """A memo (loads first) and a 3-page A4 scan full of text (each page takes Tesseract
    many seconds)."""
    from PIL import Image, ImageDraw, ImageFont

    d = tmp_path_factory.mktemp("scans")
    (d / "a_memo.txt").write_text(MEMO, encoding="utf-8")
    font = ImageFont.truetype(str(FONT), 40)
    lines = [line[:70] for line in MEMO.splitlines() if line.strip()] * 6
    frames = []
    for k in range(3):
        im = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(im)
        for i, line in enumerate(lines[k: k + 60]):
            draw.text((100, 100 + i * 55), line, font=font, fill=0)
        frames.append(im)
    frames[0].save(d / "b_scan.tiff", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return d


@pytest.mark.parametrize("jobs,sig", [(1, signal.SIGINT), (2, signal.SIGTERM), (2, signal.SIGINT)])
def test_interrupt_during_ocr_stops_at_once_and_leaves_nothing_running(scans, tmp_path, jobs, sig):
    db = tmp_path / "ita.duckdb"
    env = dict(os.environ, ITA_OCR_CACHE="off")  # a cached page would not be OCR'd
    p = subprocess.Popen([*ita_command(), "ingest", str(scans), "--db", str(db), "--jobs", str(jobs),
                          "--ocr-timeout", "100"], stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    memo_loaded = threading.Event()

    def read():
        for line in p.stderr:
            lines.append(line)
            if "a_memo.txt" in line:
                memo_loaded.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert memo_loaded.wait(60), "".join(lines)
        time.sleep(3)  # well into the scan's first page (each takes Tesseract > 5 s here)
        assert p.poll() is None, "".join(lines)
        below = _descendants(p.pid)
        sent = time.monotonic()
        os.kill(p.pid, sig)  # to the main process alone: it must stop its workers itself
        p.wait(timeout=60)
        took = time.monotonic() - sent
    finally:
        p.kill()
    reader.join(5)
    err = "".join(lines)
    assert p.returncode == 130, err
    assert took < 2.0, (took, err)
    assert "interrupted; files loaded so far are kept" in err and "Traceback" not in err, err
    time.sleep(0.5)
    assert [pid for pid in below if _running(pid)] == []
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT status FROM files WHERE path LIKE '%a_memo.txt'").fetchall() == [("ok",)]
        assert con.execute("SELECT count(*) FROM files WHERE path LIKE '%b_scan.tiff'").fetchall() == [(0,)]
    finally:
        con.close()
