"""DuckDB: schema, views, and loading one file's records in one transaction.

The tables are made from the pydantic models in schemas/records.py, so the DDL and
the models cannot drift apart. Only the main process writes (DuckDB has one writer).
"""

from __future__ import annotations

import enum
import functools
import os
import re
import time
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Literal

import duckdb
from pydantic import BaseModel

from pipeline import analysts
from pipeline.errors import DatabaseBusy, DatabaseLocked, UsageError
from schemas.records import TABLES, AgencyRecord, FileRecord

SCHEMA_VERSION = 1

# Columns that are wider than the Python type suggests.
_COLUMN_OVERRIDES = {("files", "size_bytes"): "BIGINT"}
_PRIMARY_KEYS = {"files": "file_id", "reports": "report_id", "agencies": "agency_id"}
# tables whose rows belong to a report (and through it to a file)
_REPORT_TABLES = tuple(
    t for t, m in TABLES.items() if "report_id" in m.model_fields and "file_id" not in m.model_fields
)

_VIEWS = {
    # One row per report with how many flags of each severity it has: sort by it to
    # see which reports not to trust first.
    "report_trust": """
        SELECT r.report_id, r.file_id, f.path, r.doc_type, r.agency_name, r.province,
               r.fiscal_year, r.overall_score,
               count(fl.kind) FILTER (WHERE fl.severity = 'error') AS n_errors,
               count(fl.kind) FILTER (WHERE fl.severity = 'warning') AS n_warnings,
               count(fl.kind) FILTER (WHERE fl.severity = 'info') AS n_info
        FROM reports r
        JOIN files f USING (file_id)
        LEFT JOIN flags fl ON fl.report_id = r.report_id
        GROUP BY ALL
    """,
}


def _sql_type(annotation: Any) -> str:
    """DuckDB type for a pydantic field annotation (Optional and Literal unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _sql_type(inner)
    if origin is Literal or (isinstance(annotation, type) and issubclass(annotation, enum.StrEnum)):
        return "VARCHAR"  # a vocabulary (schemas/vocab.py) is stored as its strings
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # a STRUCT
        fields = ", ".join(f"{n} {_sql_type(f.annotation)}" for n, f in annotation.model_fields.items())
        return f"STRUCT({fields})"
    if origin is list:
        return _sql_type(typing.get_args(annotation)[0]) + "[]"
    return {
        str: "VARCHAR",
        int: "INTEGER",
        float: "DOUBLE",
        bool: "BOOLEAN",
        date: "DATE",
        datetime: "TIMESTAMP",
    }[annotation]


def table_ddl(table: str, model: type[BaseModel]) -> str:
    cols = []
    for name, field in model.model_fields.items():
        sql_type = _COLUMN_OVERRIDES.get((table, name)) or _sql_type(field.annotation)
        pk = " PRIMARY KEY" if _PRIMARY_KEYS.get(table) == name else ""
        cols.append(f"{name} {sql_type}{pk}")
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)})"


_NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(db_path: str | Path, read_only: bool = False, ours: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database; a database held by another process is DatabaseLocked. Only a
    local DuckDB file is opened (never an extension fetched for a SQLite file or an
    `md:` name), and with `ours` only one made by `ita` (or a new one): another
    program's database is refused before anything is written to it."""
    _check_local_duckdb(str(db_path))
    try:
        con = duckdb.connect(str(db_path), read_only=read_only, config=_NO_EXTENSIONS)
    except duckdb.IOException as e:
        msg = str(e)
        if "lock" in msg.lower():
            held = re.search(r"held in (.+?)(?:\. See also|$)", msg)
            raise DatabaseBusy(
                f"{db_path}: the database is in use by another process"
                + (f" ({held.group(1)})" if held else "")
                + "; close it there (a notebook, a database browser, another `ita`) and try again"
            ) from e
        raise DatabaseLocked(f"{db_path}: cannot open the database: {msg}") from e
    if ours:
        try:
            _check_ours(con, str(db_path), new_ok=not read_only)
        except BaseException:
            con.close()
            raise
    if not read_only:
        create_schema(con)
    return con


def connect_waiting(db_path: str | Path, wait_s: float, read_only: bool = False,
                    ours: bool = True) -> duckdb.DuckDBPyConnection:
    """`connect`, trying again for up to `wait_s` seconds while another process has the
    database open (`ita ingest` lets go of it while it waits for OCR)."""
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while True:
        try:
            return connect(db_path, read_only=read_only, ours=ours)
        except DatabaseBusy:
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(0.2, pause * 1.5)


# what identifies a database made by this pipeline (meta table), whatever its version
SCHEMA_ID = "ita-reports"


def _check_local_duckdb(db: str) -> None:
    if db == ":memory:" or db.startswith(":memory:"):
        raise UsageError("--db :memory: would keep nothing: give a database file")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", db):  # md:, motherduck:, s3://, http://
        raise UsageError(f"--db {db}: give a local database file, not a remote name")
    if os.path.isfile(db) and os.path.getsize(db) > 0:
        with open(db, "rb") as f:
            head = f.read(16)
        if head[8:12] != b"DUCK":  # DuckDB's magic bytes
            kind = "a SQLite database" if head.startswith(b"SQLite format 3") else "not a DuckDB database"
            raise DatabaseLocked(f"{db}: {kind}, not an `ita` database; left untouched (give another --db)")


def _check_ours(con: duckdb.DuckDBPyConnection, db: str, new_ok: bool) -> None:
    """A database with tables of its own and no `ita` meta table is not ours."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_schema = 'main'").fetchall()}
    if not tables and new_ok:
        return
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall()) if "meta" in tables else {}
    # before 0.13 the meta table held only schema_version
    if meta.get("schema_id") == SCHEMA_ID or "schema_version" in meta:
        return
    what = f"it holds tables of its own: {', '.join(sorted(tables)[:6])}" if tables else "it is empty"
    raise DatabaseLocked(f"{db}: not an `ita` database ({what}); left untouched (give another --db)")


def _schema_fingerprint() -> str:
    """What create_schema makes, as a hash: the tables' DDL, the views, the catalog file
    and the code that turns it into tables. A database whose meta holds it is current."""
    import hashlib

    from schemas.catalog import CATALOG_PATH

    h = hashlib.sha256(f"{SCHEMA_ID} {SCHEMA_VERSION}".encode())
    for table, model in TABLES.items():
        h.update(table_ddl(table, model).encode())
    for text in (*_VIEWS.values(), *analysts.CATALOG_DDL.values()):
        h.update(text.encode())
    h.update(Path(CATALOG_PATH).read_bytes())
    h.update(Path(analysts.__file__).read_bytes())  # its views and catalog_rows
    h.update(Path(__file__).read_bytes())  # this module: the statements below
    return h.hexdigest()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, views and the catalog tables; nothing is written when the database's
    meta says it has them as this version makes them (every `ita` run and every
    reconnection of an ingest opens the database: ~0.1-0.4 s each otherwise)."""
    fingerprint = _schema_fingerprint()
    try:
        current = con.execute(
            "SELECT count(*) FROM meta WHERE (key, value) IN "
            "(('schema_fingerprint', ?), ('schema_id', ?), ('schema_version', ?))",
            [fingerprint, SCHEMA_ID, str(SCHEMA_VERSION)]).fetchone()[0] == 3
    except duckdb.CatalogException:  # a new database: no meta table yet
        current = False
    if current:
        return
    con.execute("BEGIN")
    for table, model in TABLES.items():
        con.execute(table_ddl(table, model))
        _add_new_columns(con, table, model)
    # Every path a file's content was seen at (the same scan saved twice is loaded once).
    con.execute("CREATE TABLE IF NOT EXISTS file_paths (file_id VARCHAR, path VARCHAR PRIMARY KEY)")
    # the file's size and mtime when it was hashed: a re-run skips it unhashed (ingest)
    con.execute("ALTER TABLE file_paths ADD COLUMN IF NOT EXISTS size_bytes BIGINT")
    con.execute("ALTER TABLE file_paths ADD COLUMN IF NOT EXISTS mtime_ns BIGINT")
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('schema_id', ?)",
        [str(SCHEMA_VERSION), SCHEMA_ID],
    )
    for name, sql in _VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    analysts.create(con)  # catalog tables and the analysts' views (agency_year, …)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_fingerprint', ?)", [fingerprint])
    con.execute("COMMIT")


def _add_new_columns(con: duckdb.DuckDBPyConnection, table: str, model: type[BaseModel]) -> None:
    """A database made by an older version gets the columns added since (additive
    migration: columns are only ever added, so old rows read as NULL)."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }
    for name, field in model.model_fields.items():
        if name not in have:
            sql_type = _COLUMN_OVERRIDES.get((table, name)) or _sql_type(field.annotation)
            con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")


def stored_pages(con: duckdb.DuckDBPyConnection, file_id: str) -> list[tuple]:
    """(page_no, method, text, raw_text, quality, ocr_confidence, needs_ocr, error, line_boxes,
    method_reason, layer_quality, layer_repairs, errors, glyph_texts, glyph_boxes, glyph_confs) of a
    loaded file, in page order: what --reextract works from instead of re-reading."""
    return con.execute(
        "SELECT page_no, method, text, raw_text, quality, ocr_confidence, needs_ocr, error, line_boxes, "
        "method_reason, layer_quality, layer_repairs, errors, glyph_texts, glyph_boxes, glyph_confs "
        "FROM pages WHERE file_id = ? ORDER BY page_no",
        [file_id],
    ).fetchall()


def stored_file(con: duckdb.DuckDBPyConnection, file_id: str) -> tuple[str | None, str | None]:
    """(media_type, encoding) recorded for a loaded file."""
    row = con.execute("SELECT media_type, encoding FROM files WHERE file_id = ?", [file_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def known_file(con: duckdb.DuckDBPyConnection, file_id: str) -> tuple[str, str] | None:
    """(status, pipeline_version) of a loaded file, or None."""
    row = con.execute(
        "SELECT status, pipeline_version FROM files WHERE file_id = ?", [file_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


def stored_error(con: duckdb.DuckDBPyConnection, file_id: str) -> str | None:
    """files.error of a loaded file (why it is partial or failed)."""
    row = con.execute("SELECT error FROM files WHERE file_id = ?", [file_id]).fetchone()
    return row[0] if row else None


def record_path(con: duckdb.DuckDBPyConnection, file_id: str, path: str,
                stat: tuple[int, int] | None = None) -> None:
    """The file's content `file_id` is at `path`; `stat` (size, mtime_ns), taken before
    the content was hashed, lets the next run skip the file without hashing it."""
    record_paths(con, [(file_id, path, stat)])


def record_paths(con: duckdb.DuckDBPyConnection,
                  rows: list[tuple[str, str, tuple[int, int] | None]]) -> None:
    if not rows:
        return
    con.execute(
        "INSERT OR REPLACE INTO file_paths (file_id, path, size_bytes, mtime_ns) "
        "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[]), unnest(?::BIGINT[])",
        [[r[0] for r in rows], [r[1] for r in rows],
         [r[2][0] if r[2] else None for r in rows], [r[2][1] if r[2] else None for r in rows]],
    )


def path_stats(con: duckdb.DuckDBPyConnection, paths: list[str]) -> dict[str, tuple]:
    """path -> (file_id, size, mtime_ns, status, pipeline_version, error, media_type) for
    the given paths that were loaded with their stat (see record_path)."""
    rows = con.execute(
        "SELECT p.path, p.file_id, p.size_bytes, p.mtime_ns, f.status, f.pipeline_version, "
        "f.error, f.media_type FROM file_paths p JOIN files f USING (file_id) "
        "WHERE p.mtime_ns IS NOT NULL AND p.path IN (SELECT unnest(?::VARCHAR[]))", [paths]).fetchall()
    return {r[0]: r[1:] for r in rows}


def known_files(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> dict[str, tuple[str, str, str | None]]:
    """file_id -> (status, pipeline_version, error) of the given files that are loaded."""
    rows = con.execute(
        "SELECT file_id, status, pipeline_version, error FROM files "
        "WHERE file_id IN (SELECT unnest(?::VARCHAR[]))",
        [file_ids]).fetchall()
    return {r[0]: r[1:] for r in rows}


def _delete_file_rows(con: duckdb.DuckDBPyConnection, file_id: str) -> None:
    for table in _REPORT_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE report_id IN "
            "(SELECT report_id FROM reports WHERE file_id = ?)",
            [file_id],
        )
    for table in ("flags", "reports", "pages", "files", "file_groups"):
        con.execute(f"DELETE FROM {table} WHERE file_id = ?", [file_id])


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after an error, never hiding it: a COMMIT that failed (disk full, no
    room for the WAL) has ended the transaction already, and ROLLBACK's own error
    ("no transaction is active") would replace the real cause."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def mark_cross_flags_stale(con: duckdb.DuckDBPyConnection) -> None:
    """Files are about to be loaded: the flags across files must be made again, by
    this run or, if it ends first, by the next (ingest skips them when nothing changed)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES ('cross_flags', 'stale')")


def cross_flags_stale(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT 1 FROM meta WHERE key = 'cross_flags' AND value = 'stale'").fetchone() is not None


def replace_database_flags(con: duckdb.DuckDBPyConnection, flags: list[BaseModel]) -> None:
    """Swap the flags found across files for a fresh set, in one transaction."""
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM flags WHERE scope = 'database'")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('cross_flags', 'current')")
        _insert(con, "flags", flags)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _storable(value: Any) -> Any:
    """A string DuckDB can store: lone surrogates (undecodable bytes of a file name that
    reached a message) become `\\xNN` escapes instead of failing the file's transaction.
    A STRUCT (a pydantic model) goes in as a dict, its strings made storable too."""
    if isinstance(value, BaseModel):
        return {k: _storable(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return [_storable(v) for v in value]
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


# From this many rows on, rows go to DuckDB as one Arrow table (one statement, columns
# converted in C); below it the multi-row INSERT is faster (registering a table costs
# about a millisecond). samples/bench.py measures both.
ARROW_MIN_ROWS = 32


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[BaseModel]) -> None:
    """Insert pydantic rows: as an Arrow table (_insert_arrow) when there are many,
    else multi-row INSERT … VALUES, a few hundred rows per statement (row-by-row
    executemany is ~650 rows/s in DuckDB)."""
    if not rows:
        return
    # a row's long list (a page's ~1,000 glyph boxes) costs as many bound values as rows
    # would: by Arrow too (pages of the corpus's 45 digital pages: ~0.15 CPU s less)
    if len(rows) >= ARROW_MIN_ROWS or any(
            type(v) is list and len(v) >= ARROW_MIN_ROWS for r in rows for v in r.__dict__.values()):
        _insert_arrow(con, table, rows)
        return
    _insert_values(con, table, rows)


def _insert_values(con: duckdb.DuckDBPyConnection, table: str, rows: list[BaseModel]) -> None:
    cols = list(type(rows[0]).model_fields)
    one = "(" + ", ".join("?" * len(cols)) + ")"
    chunk = max(1, 2000 // len(cols))
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        params = [_storable(getattr(r, c)) for r in part for c in cols]
        con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES " + ", ".join([one] * len(part)),
            params,
        )


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, rows: list[BaseModel]) -> None:
    """One INSERT … SELECT from an Arrow table built column by column: Arrow infers a
    column's type from its values and DuckDB casts it to the column's declared type (a
    column of only NULLs arrives as Arrow's null type). Strings pass through _storable
    as in the VALUES path, so both store the same rows (tests/test_load_batch.py)."""
    import pyarrow as pa

    model = type(rows[0])
    cols = list(model.model_fields)
    nested = _struct_columns(model)
    fields = [r.__dict__ for r in rows]  # a pydantic model's field values (faster than getattr)
    data = {}
    for c in cols:
        values = [f[c] for f in fields]
        if c in nested and any(isinstance(v, list) and v and isinstance(v[0], BaseModel) for v in values):
            # a list of structures (pages.errors): Arrow takes their fields as dicts
            values = [[x.model_dump(mode="json") for x in v] if v else v for v in values]
        try:
            data[c] = pa.array(values)
        except UnicodeEncodeError:  # a lone surrogate: escaped, as _insert_values does
            data[c] = pa.array([_storable(v) for v in values])
    name = f"_ita_rows_{table}"
    con.register(name, pa.table(data))
    try:
        names = ", ".join(cols)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {name}")
    finally:
        con.unregister(name)


@functools.lru_cache(maxsize=None)
def _struct_columns(model: type[BaseModel]) -> frozenset[str]:
    """Columns whose values may hold pydantic models (a list of STRUCTs): only these are
    looked at value by value (the others are most of a page's columns)."""
    def has_model(annotation) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return True
        return any(has_model(a) for a in typing.get_args(annotation))

    return frozenset(n for n, f in model.model_fields.items() if has_model(f.annotation))


def upsert_agencies(con: duckdb.DuckDBPyConnection, rows: list[AgencyRecord]) -> None:
    """Agencies are shared by files: a row is kept by its key, its spellings and short
    forms merged with those already stored, a place filled where it was missing. A
    file's re-load or deletion leaves its agencies (what was seen stays seen)."""
    if not rows:
        return
    cur = con.execute("SELECT * FROM agencies WHERE agency_id IN (SELECT unnest(?::VARCHAR[]))",
                      [list({row.agency_id: None for row in rows})])
    cols = [d[0] for d in cur.description]
    stored = {r.agency_id: r for r in (AgencyRecord(**dict(zip(cols, values))) for values in cur.fetchall())}
    merged: dict[str, AgencyRecord] = {}
    for row in rows:
        old = merged.get(row.agency_id) or stored.get(row.agency_id)
        merged[row.agency_id] = _merge_agency(old, row) if old else row
    if merged:
        replaced = [key for key in merged if key in stored]  # no statement for new agencies
        if replaced:
            con.execute("DELETE FROM agencies WHERE agency_id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
        _insert(con, "agencies", list(merged.values()))


def _merge_agency(old: AgencyRecord, new: AgencyRecord) -> AgencyRecord:
    def union(a: list[str], b: list[str]) -> list[str]:
        # sorted: the row is the same whichever file was loaded first (a pool or a
        # cluster finishes files in any order)
        return sorted({*(a or []), *(b or [])})

    def pick(a: str | None, b: str | None) -> str | None:
        # the same whichever came first; a name cut short (หนอง of หนองใหญ่) loses
        return max((v for v in (a, b) if v), key=lambda v: (len(v), v), default=None)

    return old.model_copy(update={
        "abbreviations": union(old.abbreviations, new.abbreviations),
        "spellings": union(old.spellings, new.spellings),
        "district": pick(old.district, new.district),
        "province": pick(old.province, new.province),
        "gazetteer_code": pick(old.gazetteer_code, new.gazetteer_code),
        "agency_group": pick(old.agency_group, new.agency_group),
    })


def load_file(
    con: duckdb.DuckDBPyConnection,
    records: dict[str, Iterable[BaseModel]],
    path: str,
    stat: tuple[int, int] | None = None,
) -> None:
    """Replace everything known about this file (and about an older version of the
    file at the same path) with `records`, in one transaction: a crash leaves either
    the old rows or the new ones, never half of a file. `stat`: (size, mtime_ns) of
    the file as it was hashed (record_path)."""
    load_files(con, [(records, path, stat)])


def load_files(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[dict[str, Iterable[BaseModel]], str, tuple[int, int] | None]],
) -> None:
    """load_file for several files in one transaction: each file is whole or absent,
    as with one transaction each (readers see the database only between
    transactions), and the rows of all of them go in with one statement per table.
    The files' file_ids and paths are distinct (ingest dedups by content). Every file's
    old rows are deleted before any new row is inserted: a file's stale content can
    only be one not loaded in this batch, or one the batch loads again whole."""
    if not files:
        return
    con.execute("BEGIN")
    try:
        paths = [path for _, path, _ in files]
        ids = [_file_record(recs).file_id for recs, _, _ in files]
        by_path = dict(con.execute(
            "SELECT path, list(file_id) FROM file_paths WHERE path IN (SELECT unnest(?::VARCHAR[])) "
            "GROUP BY path",
            [paths]).fetchall())
        present = {r[0] for r in con.execute(
            "SELECT file_id FROM files WHERE file_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
        for (recs, path, _), file_id in zip(files, ids):
            if path in by_path:
                _forget_path(con, path, [old for old in by_path[path] if old != file_id])
            # a file's rows are loaded with its `files` row, in one transaction: without
            # that row there is nothing to delete (each DELETE scans its whole table)
            if file_id in present:
                _delete_file_rows(con, file_id)
        merged: dict[str, list] = {}
        for recs, _, _ in files:
            for table in TABLES:
                merged.setdefault(table, []).extend(recs.get(table, ()))
        _insert_records(con, merged)
        record_paths(con, [(file_id, path, stat) for (_, path, stat), file_id in zip(files, ids)])
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _file_record(records: dict[str, Iterable[BaseModel]]) -> FileRecord:
    (file_rec,) = records["files"]
    assert isinstance(file_rec, FileRecord)
    return file_rec


def _forget_path(con: duckdb.DuckDBPyConnection, path: str, stale: list[str]) -> None:
    """The path's row goes; an older content seen only at this path goes with its rows."""
    con.execute("DELETE FROM file_paths WHERE path = ?", [path])
    for old_id in stale:
        still_seen = con.execute(
            "SELECT count(*) FROM file_paths WHERE file_id = ?", [old_id]
        ).fetchone()[0]
        if not still_seen:  # the old content is not at any other path
            _delete_file_rows(con, old_id)


def _replace_file(con: duckdb.DuckDBPyConnection, records: dict[str, Iterable[BaseModel]],
                  path: str, stat: tuple[int, int] | None = None) -> None:
    file_id = _file_record(records).file_id
    stale = con.execute(
        "SELECT file_id FROM file_paths WHERE path = ? AND file_id <> ?", [path, file_id]
    ).fetchall()
    _forget_path(con, path, [old for (old,) in stale])
    if con.execute("SELECT 1 FROM files WHERE file_id = ?", [file_id]).fetchone():
        _delete_file_rows(con, file_id)
    _insert_records(con, records)
    record_path(con, file_id, path, stat)


def _insert_records(con: duckdb.DuckDBPyConnection, records: dict[str, Iterable[BaseModel]]) -> None:
    """Every table's new rows; agencies are shared by files, so upserted."""
    for table in TABLES:
        if table == "agencies":
            upsert_agencies(con, list(records.get(table, ())))
        else:
            _insert(con, table, list(records.get(table, ())))


def load_group(
    con: duckdb.DuckDBPyConnection,
    members: list[tuple[dict[str, Iterable[BaseModel]], str]],
    group: dict[str, Iterable[BaseModel]],
    stats: dict[str, tuple[int, int]] | None = None,
) -> None:
    """A document delivered as several page images (pipeline/groups.py), in one
    transaction: each member file's own rows (as load_file), the rows of any older
    group that held one of them deleted, then the group's reports and rows. `stats`:
    path -> (size, mtime_ns) as hashed (record_path)."""
    ids = [next(iter(recs["files"])).file_id for recs, _ in members]
    con.execute("BEGIN")
    try:
        old = [r[0] for r in con.execute(
            "SELECT DISTINCT group_id FROM file_groups WHERE list_contains(?, file_id)", [ids]
        ).fetchall()]
        for recs, path in members:
            _replace_file(con, recs, path, (stats or {}).get(path))
        if old:
            reports = "(SELECT report_id FROM reports WHERE list_contains(?, file_group))"
            for table in (*_REPORT_TABLES, "flags"):
                con.execute(f"DELETE FROM {table} WHERE report_id IN {reports}", [old])
            con.execute("DELETE FROM reports WHERE list_contains(?, file_group)", [old])
            con.execute("DELETE FROM file_groups WHERE list_contains(?, group_id)", [old])
        _insert_records(con, group)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def group_is_current(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> bool:
    """Whether these page images, all unchanged, were loaded as a group (or as the
    groups a camera sequence splits into) of exactly these files: no stored group of
    theirs holds another file. A group none of them is in is not current."""
    rows = con.execute(
        "SELECT g.file_id FROM file_groups g WHERE g.group_id IN "
        "(SELECT group_id FROM file_groups WHERE list_contains(?, file_id))", [file_ids]
    ).fetchall()
    return bool(rows) and {r[0] for r in rows} <= set(file_ids)


def in_a_group(con: duckdb.DuckDBPyConnection, file_id: str) -> bool:
    return con.execute("SELECT 1 FROM file_groups WHERE file_id = ? LIMIT 1", [file_id]).fetchone() is not None


def stored_size(con: duckdb.DuckDBPyConnection, file_id: str) -> int | None:
    row = con.execute("SELECT size_bytes FROM files WHERE file_id = ?", [file_id]).fetchone()
    return row[0] if row else None
