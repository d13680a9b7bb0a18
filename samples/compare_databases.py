"""Are two `ita` databases the same, table by table? For a speed change that must store
exactly what it stored before: ingest the same files with both versions, then

    python -m samples.compare_databases before.duckdb after.duckdb

Every base table's rows are compared as sorted lists (order of loading aside), without
`ingested_at` (the load time) and `meta.schema_fingerprint` (a hash of load.py). Exit 0
when every table is equal, 1 otherwise, with a few rows that differ."""

from __future__ import annotations

import sys

import duckdb

_SKIPPED_COLUMNS = {"ingested_at"}
_SKIPPED_META = {"schema_fingerprint"}


def table_rows(path: str) -> dict[str, list[str]]:
    con = duckdb.connect(path, read_only=True)
    try:
        out = {}
        tables = con.execute("SELECT table_name FROM information_schema.tables "
                             "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()
        for (table,) in tables:
            cols = [c for (c, *_) in con.execute(f"DESCRIBE {table}").fetchall() if c not in _SKIPPED_COLUMNS]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            if table == "meta":
                rows = [r for r in rows if r[0] not in _SKIPPED_META]
            out[table] = sorted(map(repr, rows))
        return out
    finally:
        con.close()


def compare(a: str, b: str, out=sys.stdout) -> bool:
    ra, rb = table_rows(a), table_rows(b)
    same = True
    for table in sorted(set(ra) | set(rb)):
        x, y = ra.get(table, []), rb.get(table, [])
        if x == y:
            print(f"same       {table}: {len(x)} rows", file=out)
            continue
        same = False
        only_a, only_b = sorted(set(x) - set(y)), sorted(set(y) - set(x))
        print(f"DIFFERENT  {table}: {len(x)} vs {len(y)} rows; {len(only_a)} only in the first, "
              f"{len(only_b)} only in the second", file=out)
        for r in only_a[:2]:
            print(f"  first:  {r[:300]}", file=out)
        for r in only_b[:2]:
            print(f"  second: {r[:300]}", file=out)
    print("identical" if same else "different", file=out)
    return same


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m samples.compare_databases A.duckdb B.duckdb")
    sys.exit(0 if compare(sys.argv[1], sys.argv[2]) else 1)
