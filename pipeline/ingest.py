"""Orchestration: discover → read pages → extract → load, one transaction per file.

`process_file` is pure and picklable (it runs in worker processes); only the main
process touches DuckDB. A file that cannot be read becomes a `failed` files row with
the reason; the run goes on.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, TextIO

from pipeline import discover as disc, groups, load
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.pages import PageError, PageResult
from pipeline.readers import registry
from pipeline.run_summary import Progress, Summary
from pipeline.stages import FileTask, _failed, finish_file, to_records
from pipeline.version import PIPELINE_VERSION
from pipeline.workers import IDLE_S, LaterPool, run_tasks, stop_on_signals, worker_pool
from schemas.vocab import ErrorKind, FileStatus, MethodReason, PageMethod

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings
    from pipeline.stages import FileResult


def ingest(
    paths: list[str],
    db_path: str,
    jobs: int | None = None,
    out: TextIO | None = None,
    reextract: bool = False,
    ocr: OcrSettings | None = None,
    limits: Limits | None = None,
    rehash: bool = False,
    runner: Callable | None = None,
) -> Summary:
    """Ingest every file under `paths` into `db_path`. Returns the run's summary.
    With `reextract`, files already loaded are extracted again from their stored page
    text (after a change to the extraction code) without being read or OCR'd again.
    A file whose path was loaded before with the same size and mtime is skipped
    without hashing it; `rehash` hashes every file.

    `runner`, when given, processes the tasks instead of the local pool (the signature
    of `run_tasks`, called with no pool: pipeline/ray_ingest.py); discovery, skips,
    groups and loading stay here."""
    started = time.monotonic()
    summary = Summary()
    jobs = 1 if runner else jobs or os.cpu_count() or 1
    with stop_on_signals(), ExitStack() as pools:
        # the workers are forked once there is something for them to read (worker_pool)
        start_pool = (lambda: pools.enter_context(worker_pool(jobs))) if jobs > 1 else None
        _ingest(paths, db_path, start_pool, summary, out, reextract, ocr, limits, rehash, runner or run_tasks,
                jobs)
    summary.seconds = time.monotonic() - started
    return summary


class _Database:
    """The run's connection to the database, held only while there is something to
    read or write: let go while the run waits for OCR, so that an analyst's `ita query`
    (which waits up to cli.READ_WAIT_S) gets in; taken again for the next file,
    waiting as long as WRITE_WAIT_S for a reader to finish."""

    WRITE_WAIT_S = 600.0

    # Files are loaded in batches: one transaction for up to BATCH_FILES files, or for
    # what arrived within BATCH_S (each file whole or absent, as with a transaction
    # each; a statement costs DuckDB more than a small file's rows). A file's progress
    # line is printed once its batch is committed. The batch is committed before the
    # run waits (OCR, an idle pool) and before the run's last steps. A batch costs
    # ~60 ms of CPU in statements whatever its size (13 tables, the commit): on a busy
    # machine 1 s held ~120 small files, and 5,000 files' rows cost 2.1 CPU s in
    # batches of 120 against 0.7 in batches of 500 (docs/measurements.md).
    BATCH_FILES = 1000
    BATCH_S = 2.0

    def __init__(self, path: str):
        self.path, self.con = path, load.connect(path)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._pending: list[tuple[dict, str, tuple[int, int] | None, Callable[[], None]]] = []
        self._batch_started = 0.0

    def __call__(self):
        """The connection (the batch not yet committed stays pending: flush)."""
        with self._lock:
            return self._connection()

    def _connection(self):
        if self._timer:
            self._timer.cancel()
            self._timer = None
        if self.con is None:
            self.con = load.connect_waiting(self.path, self.WRITE_WAIT_S)
        return self.con

    def load(self, records: dict, path: str, stat: tuple[int, int] | None,
             done: Callable[[], None]) -> None:
        """Load one file's records in the current batch; `done` once it is committed."""
        with self._lock:
            if not self._pending:
                self._batch_started = time.monotonic()
            self._pending.append((records, path, stat, done))
            if (len(self._pending) >= self.BATCH_FILES
                    or time.monotonic() - self._batch_started >= self.BATCH_S):
                self._flush()

    def flush(self) -> None:
        with self._lock:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        con = self._connection()
        try:
            load.load_files(con, [(recs, path, stat) for recs, path, stat, _ in batch])
        except Exception:
            if len(batch) == 1:
                raise
            # the batch was rolled back: each file again in its own transaction, so a
            # file that cannot be stored fails alone, the files before it kept
            for recs, path, stat, done in batch:
                load.load_files(con, [(recs, path, stat)])
                done()
            return
        for *_, done in batch:
            done()

    def discard(self) -> None:
        """Forget the files not yet committed (the run is ending on an error): they are
        not loaded and were not reported as loaded."""
        with self._lock:
            self._pending = []

    def release(self) -> None:
        with self._lock:
            self._flush()
            if self.con is not None:
                con, self.con = self.con, None
                con.close()

    def release_soon(self) -> None:
        """Let go in IDLE_S unless used again before (OCR in this process: a page
        from the OCR cache takes milliseconds, reopening ~0.2 s)."""
        with self._lock:
            self._flush()
            if self.con is not None and self._timer is None:
                self._timer = threading.Timer(IDLE_S, self._release_idle)
                self._timer.daemon = True
                self._timer.start()

    def _release_idle(self) -> None:
        with self._lock:
            if self._timer is not None and self.con is not None:
                con, self.con = self.con, None
                con.close()
            self._timer = None


def _ingest(paths, db_path, start_pool, summary, out, reextract, ocr, limits, rehash=False,
            run_tasks=None, jobs=1) -> None:
    db = _Database(db_path)
    con = db()  # for the files already loaded (discovery); let go of while OCR runs
    finished = False
    try:
        candidates = disc.discover(paths, skip={db_path, db_path + ".wal"})
        tasks: list[FileTask] = []
        dup_paths: list[tuple[str, str]] = []  # (file_id, path) seen again in this run
        seen: set[str] = set()
        stats: dict[str, tuple[int, int]] = {}  # path -> (size, mtime_ns) as hashed
        loading: list[bool] = []  # [True] once the run has begun loading files
        results: list[FileResult] = []
        again: list[FileTask] = []  # --reextract: loaded files, extracted from stored pages
        entries: list[groups.Member] = []  # page images may be one document's pages
        sidecars: list[str] = []
        # A path loaded before whose size and mtime are those it had when it was hashed
        # holds the same content: skipped unhashed, unless --rehash or --reextract.
        unchanged = {} if rehash or reextract else load.path_stats(
            con, [disc.stored_path(c.path) for c in candidates if c.mtime_ns is not None])
        hashed: dict[str, tuple[str, str]] = {}  # path -> (file_id, media type)
        for c in candidates:
            if c.skipped or c.error or (limits or DEFAULT_LIMITS).too_large(c.size_bytes):
                continue
            was = unchanged.get(disc.stored_path(c.path))
            if was and (was[1], was[2]) == (c.size_bytes, c.mtime_ns):
                continue
            hashed_ns = time.time_ns()
            try:
                hashed[c.path] = disc.hash_and_sniff(c.path)
            except OSError as e:
                hashed[c.path] = (None, f"cannot read: {e.strerror or e}")
                continue
            stat = disc.stable_stat(c.size_bytes, c.mtime_ns, hashed_ns)
            if stat:
                stats[c.path] = stat
        known_ids = load.known_files(con, sorted({v[0] for v in hashed.values() if v[0]}))
        seen_paths: list[tuple[str, str, tuple[int, int] | None]] = []  # known content, path to record
        for c in candidates:
            if c.skipped:
                sidecars.append(f"skipped: {c.path}: {c.skipped}")
                continue
            if c.error:
                results.append(_unreadable(c.path, c.error))
                continue
            too_large = (limits or DEFAULT_LIMITS).too_large(c.size_bytes)
            if too_large:  # not even hashed: reading it is what the limit is against
                results.append(_unreadable(c.path, too_large, ErrorKind.LIMIT))
                continue
            if c.path in hashed:
                file_id, media_type = hashed[c.path]
                if file_id is None:
                    results.append(_unreadable(c.path, media_type))
                    continue
                known = known_ids.get(file_id)
            else:  # unchanged since it was hashed
                file_id, _, _, status, version, error, media_type = unchanged[disc.stored_path(c.path)]
                known = (status, version, error)
            if file_id in seen:
                dup_paths.append((file_id, c.path))
                continue
            seen.add(file_id)
            entries.append(groups.Member(c.path, file_id, media_type))
            if known and reextract and known[0] != FileStatus.FAILED:
                again.append(FileTask(c.path, file_id, media_type, c.size_bytes, ocr, limits))
                continue
            if known and known[1] == PIPELINE_VERSION and not _may_pass(known[0], known[2]):
                if c.path in hashed:  # (an unchanged path's row is as it was)
                    seen_paths.append((file_id, disc.stored_path(c.path), stats.get(c.path)))
                summary.count(FileStatus.SKIPPED)
                continue
            if known and known[1] == PIPELINE_VERSION:
                summary.retried += 1
            tasks.append(FileTask(c.path, file_id, media_type, c.size_bytes, ocr, limits))
        load.record_paths(con, seen_paths)
        pool = None
        if tasks and start_pool:  # not before: a run with nothing to read forks no worker
            def fork():
                db.release()  # DuckDB's threads end with the connection: the moment to fork
                return start_pool()

            pool = LaterPool(fork, jobs)
            if len(tasks) > 1:  # (one file is read in this process: run_tasks)
                pool.started()
                con = db()

        progress = Progress(len(tasks) + len(results) + len(again), out)
        summary.sidecars = len(sidecars)
        for msg in sidecars:
            progress.note(msg)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        grouping = groups.for_run(
            con, entries, {t.file_id for t in tasks + again},
            lambda m: _reextract(db(), FileTask(m.path, m.file_id, m.media_type,
                                                load.stored_size(db(), m.file_id), ocr, limits)))

        def loaded(result: FileResult) -> None:
            for unit in grouping.take(result):
                load_unit(unit)

        def load_unit(unit: groups.Unit) -> None:
            if not loading:
                load.mark_cross_flags_stale(db())
                loading.append(True)
            if unit.via_group:
                members, group = groups.records(unit, now)
                members = [(recs, disc.stored_path(path)) for recs, path in members]
                db.flush()  # files load in the order they are done
                load.load_group(db(), members, group,
                                {disc.stored_path(r.task.path): stats[r.task.path]
                                 for r in unit.members if r.task.path in stats})
                loaded_unit(unit, [fl for recs, _ in members for fl in recs["flags"]] + list(group.get("flags", ())))
            else:
                (result,) = unit.members
                records = to_records(result, now)
                db.load(records, disc.stored_path(result.task.path), stats.get(result.task.path),
                        lambda: loaded_unit(unit, records["flags"]))

        def loaded_unit(unit: groups.Unit, flags) -> None:
            for fl in flags:
                summary.flags[fl.severity] += 1
            summary.reports += unit.n_reports
            for result in unit.members:
                if result.task.file_id in unit.arrived:
                    summary.count(result.status)
                    summary.pages += len(result.pages)
                    progress.file_done(result)

        def read_and_loaded(result: FileResult) -> None:
            loaded(_unless_changed(result))

        for r in results:
            loaded(r)
        for t in again:
            loaded(_reextract(db(), t))
        (run_tasks or run_tasks)(tasks, pool, read_and_loaded, on_idle=db.release, before_ocr=db.release_soon)
        for unit in grouping.flush():
            load_unit(unit)
        db.flush()
        con = db()
        for file_id, p in dup_paths:
            load.record_path(con, file_id, disc.stored_path(p), stats.get(p))
            progress.note(f"duplicate: {disc.shown_path(p)} has the same content as a file already loaded")
        progress.close()
        # reports of different files that disagree (recomputed over the whole database,
        # when a file was loaded by this run or by one that ended before this step)
        if loading or load.cross_flags_stale(con):
            from pipeline import checks

            cross = checks.cross_report_flags(con)
            for fl in cross:
                summary.flags[fl.severity] += 1
            load.replace_database_flags(con, cross)
        finished = True
    finally:
        if not finished:
            db.discard()
        try:
            db.release()  # (a pending release_soon finds nothing to close)
        except Exception:
            if finished:  # no earlier error: this one is the news
                raise

# Causes of a `partial` or `failed` file that may have passed by the next run (a busy
# machine, a file being copied, a crash): such a file is read again, not skipped as
# unchanged. Other causes (a corrupt PDF, an unsupported type) would only repeat.
_PASSING_CAUSES = ("OCR timed out", "Tesseract failed", "OCR error", "crashed",
                   "cannot read:", "changed while it was being read")


def _may_pass(status: str, error: str | None) -> bool:
    if status == FileStatus.OK:
        return False
    return any(cause in (error or "") for cause in _PASSING_CAUSES)


def _reextract(con, task: FileTask) -> FileResult:
    pages = [
        PageResult(
            page_no=no, method=PageMethod(method), text=text, raw_text=raw if raw is not None else text,
            quality=quality, ocr_confidence=conf, needs_ocr=bool(needs_ocr),
            errors=_stored_errors(no, error, errors),
            line_boxes=tuple(tuple(b) if b else None for b in boxes or ()),
            method_reason=MethodReason(reason) if reason else None, layer_quality=layer_quality,
            layer_repairs=repairs,
            glyphs=tuple(zip(glyph_texts or (), (tuple(b) for b in glyph_boxes or ()))),
            glyph_confs=tuple(glyph_confs or ()),
        )
        for (no, method, text, raw, quality, conf, needs_ocr, error, boxes,
             reason, layer_quality, repairs, errors, glyph_texts, glyph_boxes, glyph_confs) in load.stored_pages(con, task.file_id)
    ]
    _, encoding = load.stored_file(con, task.file_id)
    return finish_file(task, pages, encoding)


def _stored_errors(page_no: int, error: str | None, errors: list[dict] | None) -> tuple[PageError, ...]:
    """A stored page's errors (pages.errors). A page stored before errors had kinds has
    only their joined text: one error of kind STORED, never split at "; " (a message
    may hold one)."""
    if errors is not None:
        return tuple(PageError(ErrorKind(e["kind"]), e["page"], e["message"]) for e in errors)
    return (PageError(ErrorKind.STORED, page_no, error),) if error else ()


def _unless_changed(result: FileResult) -> FileResult:
    """The result, or a `failed` one when the file's content is no longer the one hashed
    before it was read (rewritten while the run read or OCR'd it): what was parsed may
    be the new content, so it must not be stored under the old content's sha256 (a real
    copy of the old content would then be skipped as loaded). Stored under the path's
    id instead; the next run reads the file as it is then."""
    t = result.task
    try:
        now_id = disc.sha256_of(t.path)  # (its type is not asked again: ~0.05 ms a file)
    except OSError as e:
        now_id = f"unreadable: {e}"
    if now_id == t.file_id:
        return result
    return _unreadable(t.path, "the file changed while it was being read; run `ita ingest` again")


def _unreadable(path: str, reason: str, kind: ErrorKind = ErrorKind.UNREADABLE) -> FileResult:
    return _failed(FileTask(path, disc.path_id(path), registry.UNKNOWN, None), reason, kind)
