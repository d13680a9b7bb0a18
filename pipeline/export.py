"""`ita export` and the CSV convention shared with `ita query --format csv`.

One convention everywhere: booleans `true`/`false`, NULL an empty cell, lists and
boxes as JSON, lines ending in LF. CSV files start with a UTF-8 BOM so that Excel on a
Thai Windows opens them as UTF-8 (without it, it reads them as cp874 and shows
`เธญเธ‡เธ„`); XLSX has one sheet per table and view; Parquet one file each.
"""

from __future__ import annotations

import csv
import json
import os
import re
from datetime import date, datetime
from typing import IO, Iterable

import duckdb

from pipeline import analysts
from schemas.records import TABLES

FORMATS = ("parquet", "csv", "xlsx")
# what is exported: every table, the path table, and every view an analyst reads
EXTRA_TABLES = ("file_paths",)
VIEWS = ("report_trust",) + analysts.VIEWS
CATALOG = tuple(analysts.CATALOG_DDL)
# machine data left out of CSV and XLSX (kept in Parquet): the pages' glyphs, what
# --reextract finds the values' own boxes among (~1,000 a page; a page's list as one
# JSON cell would be ~40 kB, past Excel's cell limit)
NOT_IN_SHEETS = {"pages": ("glyph_texts", "glyph_boxes", "glyph_confs")}
XLSX_CELL_MAX = 32767  # Excel's limit on the characters of one cell
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control bytes XML cannot hold


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the tables and views to export that this database has, in order."""
    have = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    return [n for n in (*TABLES, *EXTRA_TABLES, *VIEWS, *CATALOG) if n in have]


def cell(value) -> str:
    """A value as one CSV cell, by the one convention."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(out: IO[str], cols: list[str], rows: Iterable[tuple]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([cell(v) for v in r])


def _fetch(con, name: str) -> tuple[list[str], list[tuple]]:
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]).fetchall()}
    left_out = [c for c in NOT_IN_SHEETS.get(name, ()) if c in have]
    cur = con.execute(f"SELECT * EXCLUDE ({', '.join(left_out)}) FROM {name}" if left_out else f"SELECT * FROM {name}")
    cols = [d[0] for d in cur.description]
    return cols, cur.fetchall()


def _xlsx_value(value):
    if value is None or isinstance(value, (bool, int, float, datetime, date)):
        return value
    text = _XLSX_ILLEGAL.sub("", cell(value))
    if len(text) > XLSX_CELL_MAX:  # a page's text can be longer: cut, and say so
        text = text[: XLSX_CELL_MAX - 1] + "…"
    return text


def export(con: duckdb.DuckDBPyConnection, out_dir: str, fmt: str) -> list[str]:
    """Write every table and view to `out_dir`; returns the paths written."""
    os.makedirs(out_dir, exist_ok=True)
    names = relations(con)
    written: list[str] = []
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for name in names:
            ws = wb.create_sheet(title=name[:31])
            cols, rows = _fetch(con, name)
            ws.append(cols)
            for r in rows:
                ws.append([_xlsx_value(v) for v in r])
        target = os.path.join(out_dir, "ita.xlsx")
        wb.save(target)
        return [target]
    for name in names:
        target = os.path.join(out_dir, f"{name}.{fmt}")
        if fmt == "parquet":
            con.execute(f"COPY (SELECT * FROM {name}) TO '{target.replace(chr(39), chr(39) * 2)}' "
                        "(FORMAT parquet)")
        else:
            cols, rows = _fetch(con, name)
            with open(target, "w", encoding="utf-8-sig", newline="") as f:
                write_csv(f, cols, rows)
        written.append(target)
    return written
