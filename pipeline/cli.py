"""`ita` command line (DESIGN §3). The only place exceptions become exit codes."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import replace

from pipeline.errors import ExitCode, ItaError, MissingDependency, UsageError
from pipeline.flags import kinds_help

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # everything we use ships with pythainlp
# Parallelism is the page pool's (--jobs). OpenBLAS's own threads (one per core) only
# compete with it: each small product of the digit model woke a second thread that spun,
# 115 ms of CPU a page in the digit step against 52 ms with one thread. Read when numpy
# loads, so before any import of it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ita",
        description="Turn Thai ITA reports (PDF, images, OCR'd text) into a DuckDB database.",
        epilog="Exit codes: 0 all files ok; 1 usage; 2 some files partial or failed; "
        "3 missing dependency; 4 database locked, unwritable, damaged or not ours; 130 interrupted.",
    )
    from pipeline.version import PIPELINE_VERSION

    p.add_argument("--version", action="version", version=f"ita {PIPELINE_VERSION}")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read files and folders into the database")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--db", default=_DEFAULT_DB, help=f"database file (default: $ITA_DB or ita.duckdb: {_DEFAULT_DB})")
    ing.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    ing.add_argument(
        "--reextract", action="store_true",
        help="extract files already loaded again from their stored page text (no re-reading or OCR)",
    )
    ing.add_argument(
        "--rehash", action="store_true",
        help="hash every file (by default a file whose size and mtime are those it had when "
        "it was loaded is skipped without reading it)",
    )
    ing.add_argument(
        "--ocr-timeout", type=float, default=None, metavar="S",
        help="seconds of OCR per page before the page is given up (default: 120)",
    )
    ing.add_argument(
        "--file-timeout", type=float, default=None, metavar="S",
        help="seconds of OCR per file, from its first page; pages not begun by then are "
        "not OCR'd (default: 3600)",
    )
    ing.add_argument(
        "--dpi", type=int, default=None, metavar="N",
        help="render scanned PDF pages at N dpi (default: the scan's own resolution, else 300)",
    )
    ing.add_argument(
        "--max-pages", type=int, default=None, metavar="N",
        help="read at most N pages of a file; the rest are reported, not read (default: 500)",
    )
    ing.add_argument(
        "--max-file-mb", type=float, default=None, metavar="N",
        help="files larger than N MB are reported and not read (default: 200)",
    )
    ing.add_argument(
        "--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
        help="read, OCR and extract on a Ray cluster: `auto`, ray://HOST:10001, or nothing for "
        "a cluster of this machine (needs the ray extra: pip install '.[ray]'; docs/scale-out.md)",
    )
    ing.add_argument(
        "--shards", default=None, metavar="DIR",
        help="with --ray: folder for the workers' Parquet shards, shared by every node "
        "(default: the database's path + .shards)",
    )

    q = sub.add_parser("query", help="run one read-only SQL query")
    q.add_argument("sql")
    q.add_argument("--db", default=_DEFAULT_DB)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument(
        "--timeout", type=float, default=300, metavar="S",
        help="stop the query after S seconds (default: 300)",
    )
    q.add_argument(
        "--allow-files", action="append", default=[], metavar="DIR",
        help="let the query read files under DIR (read_csv, read_parquet, …); "
        "no file outside the database is read otherwise (repeatable)",
    )

    fl = sub.add_parser("flags", help="list flags, grouped by report", epilog=kinds_help(),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    fl.add_argument("--db", default=_DEFAULT_DB)
    fl.add_argument("--severity", choices=["error", "warning", "info"])
    fl.add_argument("--kind")
    fl.add_argument("--province", help="only reports of this province")
    fl.add_argument("--year", type=int, help="only reports of this fiscal year (B.E.)")
    fl.add_argument("--file", help="only files whose path contains this, or whose file_id starts so")
    fl.add_argument("--limit", type=int, metavar="N", help="at most N flags")
    fl.add_argument("--summary", action="store_true", help="count flags by severity and kind")
    fl.add_argument("--format", choices=["table", "json"], default="table")

    ex = sub.add_parser("export", help="write every table to Parquet or CSV files")
    ex.add_argument("--db", default=_DEFAULT_DB)
    ex.add_argument("--format", choices=["parquet", "csv", "xlsx"], default="parquet")
    ex.add_argument("--out", required=True, metavar="DIR",
                    help="folder for <table>.parquet|csv (one per table and view) or ita.xlsx")

    rp = sub.add_parser("report", help="write a static site (overview, agencies, flag review)")
    rp.add_argument("--db", default=_DEFAULT_DB)
    rp.add_argument("--out", required=True, metavar="DIR", help="folder for the site (index.html)")
    return p


# ITA_DB names the database every command uses when --db is not given
_DEFAULT_DB = os.environ.get("ITA_DB") or "ita.duckdb"


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse: --help is 0, a usage error is 2: ours is 1
        return ExitCode.OK if e.code == 0 else ExitCode.USAGE
    try:
        return int(_COMMANDS[args.command](args))
    except ItaError as e:
        print(f"ita: {e}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("ita: interrupted; files loaded so far are kept", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `ita query … | head`: the reader took what it wanted
        _quiet_stdout()
        return ExitCode.OK
    except Exception as e:
        if not type(e).__module__.lstrip("_").startswith("duckdb"):
            raise
        # a write or read of the database failed (disk full, read-only folder, a
        # damaged file): its own error says why; what was committed before stays
        print(f"ita: {getattr(args, 'db', '')}: {_database_problem(e)}", file=sys.stderr)
        return ExitCode.DATABASE_LOCKED


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


_DAMAGE = ("Corrupt database", "Could not read enough bytes", "not a valid DuckDB")


def _database_problem(e: Exception) -> str:
    msg = str(e).strip()
    if any(k in msg for k in _DAMAGE):
        return (f"the database file is damaged ({msg}); restore a copy or give another --db "
                "(run `ita ingest` again into it)")
    return f"cannot write the database: {msg}; the files loaded before this are kept"


def _ingest(args) -> ExitCode:
    from pipeline.discover import shown_path
    from pipeline.ingest import ingest

    for p in args.paths:
        if not os.path.exists(p):
            raise UsageError(f"{shown_path(p)}: no such file or folder")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.ocr_timeout is not None and args.ocr_timeout <= 0:
        raise UsageError("--ocr-timeout must be positive")
    if args.dpi is not None and not 50 <= args.dpi <= 1200:
        raise UsageError("--dpi must be between 50 and 1200")
    if args.max_pages is not None and args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    if args.max_file_mb is not None and args.max_file_mb <= 0:
        raise UsageError("--max-file-mb must be positive")
    if args.file_timeout is not None and args.file_timeout <= 0:
        raise UsageError("--file-timeout must be positive")
    from pipeline.limits import MB, Limits

    limits = Limits()
    if args.max_pages is not None:
        limits = replace(limits, max_pages=args.max_pages)
    if args.max_file_mb is not None:
        limits = replace(limits, max_file_bytes=int(args.max_file_mb * MB))
    if args.file_timeout is not None:
        limits = replace(limits, max_file_seconds=args.file_timeout)
    ocr = None
    if args.ocr_timeout is not None or args.dpi is not None:
        from pipeline.ocr.settings import OcrSettings

        ocr = OcrSettings()
        if args.ocr_timeout is not None:
            ocr = replace(ocr, timeout_s=args.ocr_timeout)
        if args.dpi is not None:
            ocr = replace(ocr, dpi=args.dpi, native_dpi=False)
    runner = None
    if args.ray is not None:
        from pipeline import ray_ingest

        if not ray_ingest.available():
            raise MissingDependency("--ray needs Ray: pip install '.[ray]' (or make ray)")
        runner = ray_ingest.RayRunner(None if args.ray == "local" else args.ray,
                                      args.shards or ray_ingest.default_shards(args.db), args.jobs)
    elif args.shards is not None:
        raise UsageError("--shards goes with --ray")
    summary = ingest(args.paths, args.db, jobs=args.jobs, reextract=args.reextract, ocr=ocr,
                     limits=limits, rehash=args.rehash, runner=runner)
    print(summary.line(), file=sys.stderr)
    if summary.ok + summary.partial + summary.failed + summary.skipped == 0:
        print("ita: no files found", file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.SOME_FILES_FAILED if summary.partial or summary.failed else ExitCode.OK


# How long a reader waits for a running `ita ingest` to let go of the database (it
# does while it waits for OCR; tests/test_liveness.py measures the longest wait).
READ_WAIT_S = 15.0


def _open_read_only(db: str, ours: bool = True, needs_views: bool = False):
    from pipeline.analysts import VIEWS
    from pipeline.load import connect_waiting

    if not os.path.exists(db):
        raise UsageError(f"{db}: no such database (run `ita ingest` first)")
    con = connect_waiting(db, READ_WAIT_S, read_only=True, ours=ours)
    if needs_views:  # a database from before the analysts' views: any ingest adds them
        have = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        if not set(VIEWS) <= have:
            con.close()
            raise UsageError(f"{db}: made by an older version; run `ita ingest` on it once to add "
                             "the views this command reads")
    return con


# What `ita query` runs: a query, never a statement that writes, attaches, installs,
# loads or sets anything (DuckDB "Securing DuckDB": the connection below refuses those
# too; this refuses them before they reach it, with a message that says so).
_QUERY_TYPES = ("SELECT", "EXPLAIN", "PRAGMA", "CALL")


def _query(args) -> ExitCode:
    import signal
    import threading

    import duckdb

    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    allowed = []
    for d in args.allow_files:
        if not os.path.isdir(d):
            raise UsageError(f"--allow-files {d}: no such folder")
        allowed.append(os.path.join(os.path.realpath(d), ""))
    try:
        statements = duckdb.extract_statements(args.sql)
    except duckdb.Error as e:
        raise UsageError(f"query failed: {e}") from e
    if len(statements) != 1:
        raise UsageError(f"one statement at a time, not {len(statements)}")
    kind = statements[0].type.name
    if kind not in _QUERY_TYPES:
        raise UsageError(f"`ita query` only reads: a statement of type {kind} is refused "
                         "(it could write, attach, install, load or change a setting)")
    con = _open_read_only(args.db, ours=False)  # any DuckDB file may be read
    stop = {"why": None}

    def interrupt(why: str) -> None:
        stop["why"] = stop["why"] or why
        con.interrupt()

    # an interrupt that Python's handlers see between two chunks, or that DuckDB's
    # check for signals sees inside a query: either way the query stops, no traceback
    old = {sig: signal.signal(sig, lambda *_: interrupt("interrupted"))
           for sig in (signal.SIGINT, signal.SIGTERM)}
    timer = threading.Timer(args.timeout, interrupt, ["timeout"])
    timer.daemon = True
    try:
        try:
            _lock_down(con, allowed)
            timer.start()
            cur = con.execute(args.sql)
            if cur.description is not None:
                cols = [d[0] for d in cur.description]
                _print_rows(cols, _chunks(cur, stop), args.format)
        except duckdb.Error as e:
            if any(k in str(e) for k in _DAMAGE):
                raise  # the database's fault, not the query's: exit 4 (main)
            if stop["why"] is None:
                raise UsageError(f"query failed: {e}") from e
    finally:
        timer.cancel()
        for sig, handler in old.items():
            signal.signal(sig, handler)
        con.close()
    if stop["why"] == "timeout":
        raise UsageError(f"query stopped after {args.timeout:g} s (--timeout)")
    if stop["why"]:
        print("ita: query interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    return ExitCode.OK


def _lock_down(con, allowed_dirs: list[str]) -> None:
    """No file, network or extension beyond the database (and the folders given with
    --allow-files), and no setting changed afterwards (the connection is read-only)."""
    con.execute("SET allowed_directories = ?", [allowed_dirs])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _chunks(cur, stop: dict, size: int = 2000):
    """Rows as they come (a result is never held whole), until stopped."""
    while stop["why"] is None:
        rows = cur.fetchmany(size)
        if not rows:
            return
        yield from rows


def _flags(args) -> ExitCode:
    from pipeline import flagview
    from pipeline.discover import shown_path

    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    con = _open_read_only(args.db, needs_views=True)
    f = flagview.Filters(args.severity, args.kind, args.province, args.year, args.file)
    try:
        flagview.check_kind(con, args.kind)
        if args.summary:
            cols, rows = flagview.summary(con, f)
            _print_rows(cols, rows, args.format)
            return ExitCode.OK
        cols, rows = flagview.rows(con, f, args.limit)
        total = flagview.count(con, f)
    finally:
        con.close()
    if args.format == "json":
        _print_rows(cols, rows, "json")
        return ExitCode.OK
    from pipeline.table import cut

    # on a terminal a flag is one screen line (cut with …); piped, lines are whole
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    fit = (lambda line: cut(line.replace("\n", " "), width)) if width else (lambda line: line)
    last = None
    for agency, _prov, fy, doc_type, path, page, sev, kind, msg, evidence, report_id in rows:
        group = (path, report_id)
        if group != last:
            print(f"\n{shown_path(path)}" + (f" — {agency} {fy or ''} ({doc_type})" if report_id else ""))
            last = group
        where_ = f"p.{page}" if page else "-"
        print(fit(f"  {sev:<7} {kind:<26} {where_:<6} {msg}"))
        if evidence:
            print(fit(f"  {'':<7} {'':<26} {'':<6} evidence: {evidence[:200]}"))
    if len(rows) < total:
        print(f"\n({len(rows)} of {total} flags shown; --limit to change)")
    return ExitCode.OK


def _export(args) -> ExitCode:
    import duckdb

    from pipeline.export import export

    con = _open_read_only(args.db)
    try:
        for target in export(con, args.out, args.format):
            print(target, file=sys.stderr)
    except (OSError, duckdb.Error) as e:
        if any(k in str(e) for k in _DAMAGE):
            raise  # the database's fault: exit 4 (main)
        raise UsageError(f"cannot write to {args.out}: {e}") from e
    finally:
        con.close()
    return ExitCode.OK


def _report(args) -> ExitCode:
    from pipeline.report import build_site

    con = _open_read_only(args.db, needs_views=True)
    try:
        index = build_site(con, args.out)
    except OSError as e:
        raise UsageError(f"cannot write to {args.out}: {e}") from e
    finally:
        con.close()
    print(index, file=sys.stderr)
    return ExitCode.OK


def _print_rows(cols: list[str], rows, fmt: str) -> None:
    """Print rows as they come: column widths are those of the first rows."""
    rows = iter(rows)
    out = sys.stdout
    if fmt == "json":
        out.write("[")
        for i, r in enumerate(rows):
            out.write(("," if i else "") + "\n " + json.dumps(dict(zip(cols, r)), ensure_ascii=False, default=str))
        out.write("\n]\n")
        return
    if fmt == "csv":  # the convention of `ita export` (pipeline/export.py)
        from pipeline.export import write_csv

        write_csv(sys.stdout, cols, rows)
        return
    from pipeline.table import render

    for line in render(cols, rows):
        print(line)


_COMMANDS = {"ingest": _ingest, "query": _query, "flags": _flags, "export": _export,
             "report": _report}

def run() -> None:
    """The `ita` command: `main`, then an exit that skips the interpreter's teardown.
    Freeing every loaded module object by object takes ~0.15 s of each run after the
    work is done (~0.6 s before 0.12, when the Thai word trie was pythainlp's Python one). By then `main` has closed the database and joined
    the workers; the atexit handlers (temporary files, multiprocessing) still run."""
    import atexit

    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`ita query … | head`)
            pass
    os._exit(int(code))


if __name__ == "__main__":
    run()
