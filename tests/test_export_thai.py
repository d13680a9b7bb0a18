"""Every text cell of every exported table and view, read back, is the database's text
(issue 19: a CSV read with utf-8-sig and an XLSX read with openpyxl give the same Thai
as the database), on a database loaded from the committed corpus (a memo with its
measures table as text, an analysis as a digital PDF): page texts, names, measures,
flags, evidence words, with their marks."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.export import NOT_IN_SHEETS, XLSX_CELL_MAX, relations

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("export") / "ita.duckdb"
    files = [CORPUS / "0008_memo+o43_2564.txt", CORPUS / "0002_o42_2564.pdf"]
    assert main(["ingest", *map(str, files), "--db", str(db), "--jobs", "1"]) in (0, 2)
    return db


def _texts(db: Path) -> dict[str, tuple[list[str], Counter]]:
    """Per relation: its exported columns and the multiset of its rows' text cells
    (column name, text), straight from DuckDB."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for name in relations(con):
            cur = con.execute(f"SELECT * FROM {name}")
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c not in NOT_IN_SHEETS.get(name, ())]
            cells = Counter((cols[i], v) for row in cur.fetchall() for i in keep if isinstance(v := row[i], str))
            out[name] = ([cols[i] for i in keep], cells)
        return out
    finally:
        con.close()


def test_csv_read_with_utf8_sig_gives_the_databases_thai(loaded: Path, tmp_path: Path):
    want = _texts(loaded)
    thai = sum(1 for _, cells in want.values() for (_, v) in cells if any("\u0e01" <= ch <= "\u0e5b" for ch in v))
    assert thai > 200  # page texts, names, measures, flags, words
    out = tmp_path / "csv"
    assert main(["export", "--db", str(loaded), "--out", str(out), "--format", "csv"]) == 0
    for name, (cols, cells) in want.items():
        with open(out / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == cols, name
        got = Counter((c, v) for row in rows[1:] for c, v in zip(cols, row))
        missing = cells - got
        assert not missing, f"{name}: {list(missing)[:3]}"


def test_xlsx_read_with_openpyxl_gives_the_databases_thai(loaded: Path, tmp_path: Path):
    from openpyxl import load_workbook

    want = _texts(loaded)
    out = tmp_path / "x"
    assert main(["export", "--db", str(loaded), "--out", str(out), "--format", "xlsx"]) == 0
    wb = load_workbook(out / "ita.xlsx", read_only=True)
    for name, (cols, cells) in want.items():
        rows = list(wb[name[:31]].iter_rows(values_only=True))
        assert list(rows[0]) == cols, name
        got = Counter((c, v) for row in rows[1:] for c, v in zip(cols, row) if isinstance(v, str))
        # a text longer than Excel's cell limit is cut and ends in "…" (none on this corpus)
        assert all(len(v) <= XLSX_CELL_MAX for _, v in cells)
        missing = cells - got
        assert not missing, f"{name}: {list(missing)[:3]}"
