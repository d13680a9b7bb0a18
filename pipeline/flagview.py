"""`ita flags`: which flags to show (filters), a summary, and the known kinds (pipeline/flags.py)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.errors import UsageError
from pipeline.flags import registry
SEVERITY_ORDER = "CASE fl.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


def known_kinds() -> tuple[str, ...]:
    """The registered flag kinds (pipeline/data/flag_kinds.json)."""
    return tuple(registry())


@dataclass(frozen=True)
class Filters:
    severity: str | None = None
    kind: str | None = None
    province: str | None = None
    year: int | None = None
    file: str | None = None  # a substring of the path, or a file_id (prefix)


def check_kind(con: duckdb.DuckDBPyConnection, kind: str | None) -> None:
    """An unknown kind is a usage error (a typo would otherwise print nothing, exit 0).
    Kinds in the database count as known (a database made by a newer version)."""
    if kind is None or kind in known_kinds():
        return
    if con.execute("SELECT 1 FROM flags WHERE kind = ? LIMIT 1", [kind]).fetchall():
        return
    raise UsageError(f"--kind {kind}: no such flag kind (known: {', '.join(known_kinds())})")


def _where(f: Filters) -> tuple[str, list]:
    where, params = [], []
    if f.severity:
        where.append("fl.severity = ?")
        params.append(f.severity)
    if f.kind:
        where.append("fl.kind = ?")
        params.append(f.kind)
    if f.province:
        where.append("rf.province = ?")
        params.append(f.province)
    if f.year is not None:
        where.append("rf.fiscal_year = ?")
        params.append(f.year)
    if f.file:
        where.append("(strpos(fp.path, ?) > 0 OR fl.file_id LIKE ? || '%')")
        params += [f.file, f.file]
    return (" WHERE " + " AND ".join(where)) if where else "", params


_FROM = """
    FROM flags fl JOIN files fp USING (file_id)
    LEFT JOIN report_facts rf ON rf.report_id = fl.report_id
"""


def rows(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> tuple[list[str], list[tuple]]:
    where, params = _where(f)
    sql = f"""
        SELECT coalesce(rf.agency_name, '?') AS agency, rf.province, rf.fiscal_year, rf.doc_type,
               fp.path, fl.page, fl.severity, fl.kind, fl.message, fl.evidence, fl.report_id
        {_FROM}{where}
        ORDER BY fp.path, fl.report_id NULLS FIRST, {SEVERITY_ORDER}, fl.page, fl.kind"""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cur = con.execute(sql, params)
    return [d[0] for d in cur.description], cur.fetchall()


def summary(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[list[str], list[tuple]]:
    """Flags counted by kind and severity, with how many reports and files they touch."""
    where, params = _where(f)
    cur = con.execute(f"""
        SELECT fl.severity, fl.kind, count(*) AS flags, count(DISTINCT fl.report_id) AS reports,
               count(DISTINCT fl.file_id) AS files
        {_FROM}{where}
        GROUP BY fl.severity, fl.kind ORDER BY {SEVERITY_ORDER}, flags DESC, fl.kind""", params)
    return [d[0] for d in cur.description], cur.fetchall()


def count(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    where, params = _where(f)
    return con.execute(f"SELECT count(*) {_FROM}{where}", params).fetchall()[0][0]
