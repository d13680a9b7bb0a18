"""samples/compare_databases.py: the check that a speed change stores the same rows."""

from __future__ import annotations

import io
import shutil

import duckdb

from conftest import MEMO
from pipeline import ingest as ing
from samples.compare_databases import compare


def test_equal_loads_compare_equal_and_one_changed_value_does_not(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "memo.txt").write_text(MEMO, encoding="utf-8")
    a, b, c = (str(tmp_path / f"{n}.duckdb") for n in "abc")
    ing.ingest([str(src)], a, jobs=1)
    ing.ingest([str(src)], b, jobs=1)  # loaded at another time: ingested_at differs
    assert compare(a, b, out=io.StringIO())
    shutil.copy(a, c)
    con = duckdb.connect(c)
    con.execute("UPDATE reports SET overall_score = overall_score + 0.01")
    con.close()
    report = io.StringIO()
    assert not compare(a, c, out=report)
    assert "DIFFERENT  reports" in report.getvalue()
