"""Orchestration: discover → read pages → extract → load, one transaction per file.

`process_file` is pure and picklable (it runs in worker processes); only the main
process touches DuckDB. A file that cannot be read becomes a `failed` files row with
the reason; the run goes on.
"""

from __future__ import annotations

import heapq
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from queue import Empty, SimpleQueue
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Iterator, TextIO

from normalizers import thai
from pipeline import checks
from pipeline import discover as disc
from pipeline import groups, load
from pipeline.extract import Extraction, extract
from pipeline.flags import new_flag
from pipeline.limits import DEFAULT_LIMITS, LIMIT_FLAG, Limits, limit_hits
from pipeline.pages import (
    LAYER_NO_WORSE, NO_TEXT_LAYER, NONE, OCR, OCR_BETTER, PDF_TEXT, SCAN, PageError, PageResult, ReadError,
    page_error,
)
from pipeline.ocr import tesseract_api
from pipeline.readers import registry
from pipeline.version import PIPELINE_VERSION
from schemas.records import ErrorItem, FileRecord, PageRecord
from schemas.vocab import ErrorKind, FileStatus, MethodReason, PageMethod

if TYPE_CHECKING:  # the OCR modules (numpy, PIL) load when a page is OCR'd or a pool starts
    from pipeline.ocr.settings import OcrSettings


@dataclass(frozen=True)
class FileTask:
    path: str
    file_id: str
    media_type: str
    size_bytes: int | None
    ocr: OcrSettings | None = None  # None: the defaults
    limits: Limits | None = None  # None: pipeline.limits defaults


@dataclass(frozen=True)
class FileResult:
    task: FileTask
    status: FileStatus  # OK, PARTIAL or FAILED
    error: str | None
    pages: tuple[PageResult, ...] = ()
    encoding: str | None = None
    extraction: Extraction = field(default_factory=Extraction)
    messages: tuple[PageError, ...] = ()  # what to tell the user (the pages' errors, the file's)


def read_pages(task: FileTask) -> tuple[list[PageResult], str | None]:
    """Pages of a file, by the reader of its media type (pipeline/readers/registry.py);
    (pages, text encoding if a text file). Limits (pipeline.limits): a file over the
    size limit is not read (ReadError); pages beyond the page limit are not read, and
    the last page read says so."""
    limits = task.limits or DEFAULT_LIMITS
    reader = registry.reader(task.media_type)
    with open(task.path, "rb") as f:
        too_large = limits.too_large(os.fstat(f.fileno()).st_size)
        if too_large:
            raise ReadError(too_large, ErrorKind.LIMIT)
        data = f.read()
    read = reader.pages(data, limits)
    return _cut(read.pages, read.n_pages, limits), read.encoding


def _cut(pages: list[PageResult], n_pages: int, limits: Limits) -> list[PageResult]:
    """The first `limits.max_pages` pages; when the file has more, the last one kept
    carries the reason (so it reaches files.error, the page's error and a flag)."""
    out = []
    for p in pages[: limits.max_pages]:
        note = limits.chars_note(p.page_no, len(p.text))
        if note and note not in p.errors:
            p = replace(p, text=p.text[: limits.max_page_chars], errors=p.errors + (note,))
        out.append(p)
    note = limits.page_note(n_pages)
    if note is None:
        return out
    kept = out
    if kept:
        kept[-1] = replace(kept[-1], errors=kept[-1].errors + (note,))
    return kept


def process_file(task: FileTask, before_ocr: Callable[[], None] | None = None) -> FileResult:
    """Read, OCR (pages that need it, one after another) and extract one file.
    Never raises: every problem ends in the result. `before_ocr` is called when
    there are pages to OCR (the run lets go of the database then)."""
    read = read_file(task)
    if isinstance(read, FileResult):
        return read
    pages, encoding, todo = read
    return finish_file(task, merge_ocr(pages, ocr_in_turn(task, todo, before_ocr)), encoding)


def ocr_in_turn(task: FileTask, todo, before_ocr: Callable[[], None] | None = None) -> dict[int, PageResult]:
    """OCR pages one after another, within the file's time budget."""
    if todo and before_ocr:
        before_ocr()
    started, done, over = time.monotonic(), {}, False
    for n in todo:
        t = page_task(task, started)
        if t is None:
            done[n], over = over_budget(task, n, first=not over), True
        else:
            done[n] = ocr_task(t, n)
    return done


def page_task(task: FileTask, started: float) -> FileTask | None:
    """The task for one more page of OCR of a file whose first page began at `started`:
    its page timeout cut to what is left of the file's time budget (Limits), or None
    when the budget is spent."""
    left = (task.limits or DEFAULT_LIMITS).max_file_seconds - (time.monotonic() - started)
    if left <= 0:
        return None
    from pipeline.ocr.settings import OcrSettings

    ocr = task.ocr or OcrSettings()
    return replace(task, ocr=replace(ocr, timeout_s=left)) if left < ocr.timeout_s else task


_OVER_BUDGET = "not OCR'd (the file's time budget is spent)"


def over_budget(task: FileTask, page_no: int, first: bool) -> PageResult:
    """A page left out by the file's time budget; the first one carries the limit note
    (one limit_exceeded flag per file)."""
    note = ((task.limits or DEFAULT_LIMITS).time_note(),) if first else ()
    return PageResult(page_no, NONE, "", needs_ocr=True,
                      errors=(page_error(ErrorKind.OCR_SKIPPED, page_no, _OVER_BUDGET),) + note)



def read_file(task: FileTask) -> FileResult | tuple[list[PageResult], str | None, dict[int, float]]:
    """First stage: the file's pages and those to OCR (page number: expected work), or
    a failed FileResult. Never raises."""
    try:
        pages, encoding = read_pages(task)
    except ReadError as e:
        return _failed(task, str(e), e.kind)
    except (OSError, MemoryError) as e:
        return _failed(task, f"cannot read: {e}")
    except Exception as e:  # a reader bug must not stop the run
        return _failed(task, f"reader error: {type(e).__name__}: {e}")
    return pages, encoding, ocr_pages(task, pages)


def _failed(task: FileTask, reason: str, kind: ErrorKind = ErrorKind.UNREADABLE) -> FileResult:
    """A file that could not be read at all."""
    return FileResult(task, FileStatus.FAILED, reason, messages=(PageError(kind, None, reason),))


def ocr_pages(task: FileTask, pages: list[PageResult]) -> dict[int, float]:
    """Pages to OCR (those without usable text), each with the work it is likely to take
    (the reader's estimate), so that the pool starts the heaviest first and a run does
    not end with one worker on a big page while the others wait."""
    return registry.reader(task.media_type).pages_to_ocr(task.path, pages, task.size_bytes)


def ocr_task(task: FileTask, page_no: int) -> PageResult:
    """OCR one page of a file (picklable: runs in a worker). Never raises."""
    from pipeline.ocr.page import ocr_file_page

    try:
        return ocr_file_page(task.path, task.media_type, page_no, task.ocr)
    except Exception as e:  # ocr_file_page should not raise; a bug costs the page only
        return PageResult(page_no, NONE, "", needs_ocr=True,
                          errors=(page_error(ErrorKind.OCR_FAILED, page_no, f"OCR error: {type(e).__name__}: {e}"),))


def merge_ocr(pages: list[PageResult], done: dict[int, PageResult]) -> list[PageResult]:
    """Pages with their OCR results in place. A page whose OCR failed keeps what the
    reader had (a poor text layer is better than nothing), still marked needs_ocr,
    with the OCR error added. A limit note stays on its page whatever OCR gives; a
    reader error stays when OCR found the page blank (a content stream that neither
    pdfminer nor pdfium could decode must not pass for a blank page)."""
    out = []
    for p in pages:
        o = done.get(p.page_no)
        if o is None:
            out.append(p)
            continue
        keep = tuple(limit_hits(p.errors))
        if o.method == OCR and not o.text.strip() and p.method == NONE:
            keep = p.errors
        if o.method == OCR and _text_layer_is_better(p, o):
            # the layer was fine after all
            out.append(replace(p, needs_ocr=False, errors=keep, method_reason=LAYER_NO_WORSE))
        elif o.method == OCR:
            # a layer that OCR read better than keeps its score beside OCR's; a scan or a
            # page with no text layer keeps its reason: OCR was all there was
            reason = OCR_BETTER if p.method == PDF_TEXT and p.method_reason not in (SCAN, NO_TEXT_LAYER) else (
                p.method_reason or NO_TEXT_LAYER)
            out.append(replace(o, errors=o.errors + keep, method_reason=reason,
                               layer_quality=p.layer_quality, layer_repairs=p.layer_repairs))
        else:
            out.append(replace(p, needs_ocr=True, errors=p.errors + o.errors))
    return out


def _text_layer_is_better(layer: PageResult, ocr: PageResult) -> bool:
    """A text layer sent to OCR only for a middling quality score (a page of codes and
    short names) is kept when OCR reads no better: as much text, at least as good.
    A scan with a stamped page number (little text) or a broken layer is not."""
    if layer.method != PDF_TEXT or layer.quality is None or ocr.quality is None:
        return False
    as_long = len("".join(layer.text.split())) >= 0.8 * len("".join(ocr.text.split()))
    return as_long and layer.quality >= ocr.quality


def finish_file(task: FileTask, pages: list[PageResult], encoding: str | None) -> FileResult:
    """Extraction and the file's status from its pages (freshly read, or stored ones
    for --reextract). Never raises."""
    if not pages:
        return FileResult(task, FileStatus.FAILED, "no pages", encoding=encoding)
    messages = [err for p in pages for err in p.errors]
    need_ocr = [p.page_no for p in pages if p.needs_ocr]
    if need_ocr:
        messages.append(PageError(ErrorKind.NEEDS_OCR, None,
                                  f"{len(need_ocr)} page(s) need OCR: {_page_list(need_ocr)}"))
    try:
        extraction = extract(task.file_id, pages)
    except Exception as e:  # an extractor bug costs the records, not the pages
        extraction = Extraction()
        messages.append(PageError(ErrorKind.EXTRACTION, None, f"extraction error: {type(e).__name__}: {e}"))
    try:
        flags = extraction.flags + checks.check_extraction(extraction, pages)
    except Exception as e:  # a check bug costs its flags, not the records
        flags = extraction.flags
        messages.append(PageError(ErrorKind.EXTRACTION, None, f"check error: {type(e).__name__}: {e}"))
    # the evidence behind the checks is not loaded (nor sent back from a worker)
    extraction = replace(extraction, flags=flags, facts=())
    status = FileStatus.PARTIAL if messages else FileStatus.OK
    if all(p.method == NONE for p in pages) and not need_ocr:
        status = FileStatus.FAILED
    return FileResult(
        task, status, _joined(messages), tuple(pages), encoding, extraction, tuple(messages),
    )


def _joined(errors) -> str | None:
    """Errors as one line to read (files.error, pages.error): their messages, "; "."""
    return "; ".join(errors) or None


def _page_list(nums: list[int]) -> str:
    return ", ".join(map(str, nums[:20])) + (" …" if len(nums) > 20 else "")


def _no_nul(text: str | None) -> str | None:
    """Text without NUL characters (a text file may hold a few; they break every tool
    an analyst reads pages.text with)."""
    return text.replace("\x00", "") if text else text


def to_records(result: FileResult, now: datetime) -> dict[str, list]:
    """The rows of every table for one processed file."""
    t = result.task
    file_rec = FileRecord(
        file_id=t.file_id,
        path=disc.stored_path(t.path),
        size_bytes=t.size_bytes,
        media_type=t.media_type,
        n_pages=len(result.pages),
        status=result.status,
        error=result.error,
        encoding=result.encoding,
        pipeline_version=PIPELINE_VERSION,
        ingested_at=now,
    )
    pages = [
        PageRecord(
            file_id=t.file_id,
            page_no=p.page_no,
            method=p.method,
            text=_no_nul(p.text),
            raw_text=_no_nul(p.raw_text) if p.raw_text != p.text else None,
            quality=p.quality,
            ocr_confidence=p.ocr_confidence,
            error=_joined(p.errors),
            errors=[ErrorItem(kind=e.kind, page=e.page, message=e.message)
                    for e in map(PageError.of, p.errors)] or None,
            needs_ocr=p.needs_ocr,
            line_boxes=[list(b) if b else None for b in p.line_boxes] or None,
            method_reason=p.method_reason,
            layer_quality=p.layer_quality,
            layer_repairs=p.layer_repairs,
            glyph_texts=[_no_nul(t) for t, _ in p.glyphs] or None,
            glyph_boxes=[list(b) for _, b in p.glyphs] or None,
        )
        for p in result.pages
    ]
    flags = list(result.extraction.flags)
    for p in result.pages:
        if p.needs_ocr:
            flags.append(
                new_flag(
                    "ocr_required",
                    "หน้านี้ไม่มีข้อความที่อ่านได้ ต้องใช้ OCR "
                    "(page has no usable text layer; OCR needed)",
                    file_id=t.file_id,
                    evidence=f"text quality {p.quality:.2f}" if p.quality is not None else None,
                    page=p.page_no,
                )
            )
    for hit in limit_hits(result.messages):
        flags.append(
            new_flag(LIMIT_FLAG, hit.message, file_id=t.file_id,
                     severity="error" if result.status == FileStatus.FAILED else None)
        )
    if result.status == FileStatus.FAILED:
        flags.append(
            new_flag("parse_error", f"file could not be read: {result.error}", file_id=t.file_id,
                     severity="error")
        )
    ex = result.extraction
    return {
        "files": [file_rec],
        "pages": pages,
        "reports": list(ex.reports),
        "agencies": list(ex.agencies),
        "year_results": list(ex.year_results),
        "ranks": list(ex.ranks),
        "index_scores": list(ex.index_scores),
        "evidence": list(ex.evidence),
        "tool_scores": list(ex.tool_scores),
        "indicator_scores": list(ex.indicator_scores),
        "measures": list(ex.measures),
        "oit_items": list(ex.oit_items),
        "flags": flags,
    }


@dataclass
class Summary:
    # files by status (FileStatus): read in this run, or skipped as loaded (count())
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    reports: int = 0
    seconds: float = 0.0
    sidecars: int = 0  # files skipped as not reports (ground truth, tables, notes)
    retried: int = 0  # of ok + partial + failed: files partial or failed before, read again
    # flags of the files loaded in this run and of the cross-file check, by severity
    flags: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def count(self, status: FileStatus) -> None:
        """One more file of `status`."""
        match FileStatus(status):
            case FileStatus.OK:
                self.ok += 1
            case FileStatus.PARTIAL:
                self.partial += 1
            case FileStatus.FAILED:
                self.failed += 1
            case FileStatus.SKIPPED:
                self.skipped += 1

    def line(self) -> str:
        flags = ", ".join(f"{n} {sev}" for sev, n in self.flags.items())
        again = (f" ({self.retried} partial or failed before, read again)"
                 if self.retried else "")
        return (
            f"ita ingest: {self.ok} ok, {self.partial} partial, {self.failed} failed{again}, "
            f"{self.skipped} unchanged"
            + (f", {self.sidecars} sidecar(s) skipped" if self.sidecars else "")
            + f"; {self.pages} pages, {self.reports} reports; flags: {flags} "
            f"in {self.seconds:.1f} s"
        )


class Progress:
    """Plain progress lines on stderr (one per file), so logs and terminals both work."""

    def __init__(self, total: int, out: TextIO | None = None):
        # sys.stderr is looked up now, not at import: it may have been replaced since
        self.total, self.done, self.out = total, 0, out or sys.stderr
        self.pages = 0
        self.bar = None  # on a terminal a bar (files, pages, time left); plain lines otherwise
        if total and getattr(self.out, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.out, unit="file", dynamic_ncols=True)

    def file_done(self, result: FileResult) -> None:
        self.done += 1
        t = result.task
        detail = f"{len(result.pages)} page(s), {len(result.extraction.reports)} report(s)"
        n_ocr = sum(p.method == OCR for p in result.pages)
        if n_ocr:
            detail += f", {n_ocr} page(s) OCR'd"
        line = f"[{self.done}/{self.total}] {result.status:<7} {disc.shown_path(t.path)}: {detail}"
        if result.error:  # it may quote the path (an OSError's message)
            line += f" — {disc.shown_path(result.error)}"
        if self.bar is None:
            print(line, file=self.out, flush=True)
            return
        self.pages += len(result.pages)
        if result.status != FileStatus.OK:
            self.bar.write(line, file=self.out)
        self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)
        self.bar.update(1)

    def note(self, msg: str) -> None:
        if self.bar is not None:
            self.bar.write(msg, file=self.out)
        else:
            print(msg, file=self.out, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


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
    of `_run_tasks`, called with no pool: pipeline/ray_ingest.py); discovery, skips,
    groups and loading stay here."""
    started = time.monotonic()
    summary = Summary()
    jobs = 1 if runner else jobs or os.cpu_count() or 1
    with _stop_on_signals(), _worker_pool(jobs) as pool:  # pool: before DuckDB starts its threads
        _ingest(paths, db_path, pool, summary, out, reextract, ocr, limits, rehash, runner or _run_tasks)
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
    # run waits (OCR, an idle pool) and before the run's last steps.
    BATCH_FILES = 500
    BATCH_S = 1.0

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
        """Let go in _IDLE_S unless used again before (OCR in this process: a page
        from the OCR cache takes milliseconds, reopening ~0.2 s)."""
        with self._lock:
            self._flush()
            if self.con is not None and self._timer is None:
                self._timer = threading.Timer(_IDLE_S, self._release_idle)
                self._timer.daemon = True
                self._timer.start()

    def _release_idle(self) -> None:
        with self._lock:
            if self._timer is not None and self.con is not None:
                con, self.con = self.con, None
                con.close()
            self._timer = None


def _ingest(paths, db_path, pool, summary, out, reextract, ocr, limits, rehash=False,
            run_tasks=None) -> None:
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
        (run_tasks or _run_tasks)(tasks, pool, read_and_loaded, on_idle=db.release, before_ocr=db.release_soon)
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
            # else the error on its way (which may have invalidated the database) says why


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
        )
        for (no, method, text, raw, quality, conf, needs_ocr, error, boxes,
             reason, layer_quality, repairs, errors, glyph_texts, glyph_boxes) in load.stored_pages(con, task.file_id)
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
        now_id, _ = disc.hash_and_sniff(t.path)
    except OSError as e:
        now_id = f"unreadable: {e}"
    if now_id == t.file_id:
        return result
    return _unreadable(t.path, "the file changed while it was being read; run `ita ingest` again")


def _unreadable(path: str, reason: str, kind: ErrorKind = ErrorKind.UNREADABLE) -> FileResult:
    return _failed(FileTask(path, disc.path_id(path), registry.UNKNOWN, None), reason, kind)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM end the run at once as KeyboardInterrupt (the CLI: exit 130,
    "interrupted; files loaded so far are kept"): the file being loaded is rolled back,
    the workers and any `tesseract` this process started are killed, not waited for
    (a page of OCR takes up to --ocr-timeout). In-process Tesseract is stopped through
    its cancel callback (ocr/tesseract_api.py). Only in the main thread, where
    Python runs signal handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopped = []

    def handler(signum, frame):
        stopped.append(signum)
        if not tesseract_api.cancel():  # inside the library: it raises once it has stopped
            raise KeyboardInterrupt

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    tesseract_api.enable_cancel(True)
    try:
        yield
    except BaseException:
        _kill(pid for pid in _descendants(os.getpid()) if _command(pid) == "tesseract")
        if stopped:  # whatever it surfaced as (DuckDB turns it into "Query interrupted")
            raise KeyboardInterrupt from None
        raise
    finally:
        tesseract_api.enable_cancel(False)
        for sig, h in old.items():
            signal.signal(sig, h)


def _descendants(root: int) -> list[int]:
    """Processes below `root` (from /proc; none where there is no /proc)."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for e in entries:
        try:
            with open(f"/proc/{e}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])  # after "pid (comm) state"
        children.setdefault(ppid, []).append(int(e))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            out.append(child)
            todo.append(child)
    return out


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def _kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:  # gone already
            pass


@contextmanager
def _killed_on_error(executor: ProcessPoolExecutor) -> Iterator[ProcessPoolExecutor]:
    """An executor whose workers (and what they started) are killed, not waited for,
    when the run ends early: its shutdown would wait for the page being OCR'd."""
    try:
        yield executor
    except BaseException:
        workers = list((executor._processes or {}).keys())  # no public way before 3.14
        _kill([d for w in workers for d in _descendants(w)] + workers)
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _worker_pool(jobs: int) -> Iterator[_Pool | None]:
    """The run's worker processes (None for jobs <= 1: all in this process). They are
    forked at once, before DuckDB is opened: a forked worker starts with this process's
    modules loaded (a spawned one spent ~0.9 s importing them again), and forking
    before the database's threads exist is the safe moment. Workers never touch DuckDB."""
    if jobs <= 1:
        yield None
        return
    thai.load_dictionary()  # forked workers share it; each would load it again (~0.2 s)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    with _killed_on_error(pool):
        pool.submit(int).result()  # with fork the executor starts every worker at its first task
        yield _Pool(pool, jobs)


@dataclass
class _Pool:
    executor: ProcessPoolExecutor
    jobs: int


def _run_tasks(tasks: list[FileTask], pool: _Pool | None, on_result: Callable[[FileResult], None],
               on_idle: Callable[[], None] | None = None,
               before_ocr: Callable[[], None] | None = None) -> None:
    """Process files, in the worker pool when there is one. The pool works on pages: a
    file is read in one task, each page that needs OCR is a task of its own (so one big
    scan uses every worker), and extraction is one more task once its pages are in. A
    worker that dies (a segfault in a native library) costs only the file it was
    working on: the files in flight are retried one at a time."""
    if pool is None:
        for t in tasks:
            on_result(process_file(t, before_ocr))
        return
    jobs = pool.jobs
    pre: list[tuple[_Pending, list[int]]] = []
    if len(tasks) == 1:
        # one file: read it here (no pool task for a text file), OCR in the pool
        read = read_file(tasks[0])
        if isinstance(read, FileResult):
            on_result(read)
            return
        pages, encoding, todo = read
        if len(todo) <= 1:
            on_result(finish_file(tasks[0], merge_ocr(pages, ocr_in_turn(tasks[0], todo, before_ocr)), encoding))
            return
        pre, tasks, jobs = [(_Pending(tasks[0], pages, encoding), todo)], [], min(jobs, len(todo))
    crashed = _run_pool(tasks, jobs, pool.executor, on_result, pre, on_idle)
    # A dead worker breaks every task in flight: retry those files one at a time, each
    # in a fresh process, so only the file that really kills its reader fails; OCR
    # there runs the `tesseract` command, so a crash in Tesseract costs only its page.
    # (Spawned, not forked: DuckDB's threads are running by now.)
    for t in crashed:
        with _killed_on_error(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))) as one:
            try:
                result = one.submit(process_file, crash_retry(t)).result()
            except BrokenProcessPool:
                result = FileResult(t, FileStatus.FAILED, "the reader crashed on this file")
        on_result(result)


def crash_retry(task: FileTask) -> FileTask:
    """The task as retried after a worker crash: Tesseract as a command, not in-process."""
    from pipeline.ocr.settings import ENGINE_COMMAND, OcrSettings

    return replace(task, ocr=replace(task.ocr or OcrSettings(), engine=ENGINE_COMMAND))


@dataclass
class _Pending:
    """A file between stages in the pool."""

    task: FileTask
    pages: list[PageResult] = field(default_factory=list)
    encoding: str | None = None
    waiting: int = 0
    done: dict[int, PageResult] = field(default_factory=dict)
    started: float | None = None  # when its first page of OCR began (the time budget)
    over: bool = False  # its time budget is spent


# A pool that has given no result for this long is busy with OCR: the run lets go of
# the database (on_idle) until the next result (reopening costs ~0.2 s).
_IDLE_S = 0.5


def read_or_finish(task: FileTask) -> FileResult | tuple[list[PageResult], str | None, dict[int, float]]:
    """The pool's first stage: read_file, and for a file with no page to OCR (text,
    a digital PDF) its extraction too, in the same task: its pages do not travel to
    the main process and back."""
    read = read_file(task)
    if isinstance(read, FileResult) or read[2]:
        return read
    return finish_file(task, read[0], read[1])


def _run_pool(tasks, jobs, pool, on_result, pre=(), on_idle=None) -> list[FileTask]:
    """Run read → OCR pages → finish for every file in one pool; returns the files
    whose tasks were lost to a crashed worker. Pages to OCR wait in a queue, heaviest
    first (ocr_pages), and at most `jobs` are handed to the pool at a time, so the
    order holds across files: the run ends on small pages, not on one big page while
    the other workers wait."""
    crashed: list[FileTask] = []
    lost: set[str] = set()  # file_ids already in `crashed`
    futures: dict[Future, tuple[str, _Pending, int]] = {}  # future -> (stage, file, page)
    queue: list[tuple[float, int, int, _Pending]] = []  # heap: (-weight, order, page, file)
    order = itertools.count()
    ocr_running = 0

    def lose(pend: _Pending) -> None:
        if pend.task.file_id not in lost:
            lost.add(pend.task.file_id)
            crashed.append(pend.task)

    done: SimpleQueue = SimpleQueue()

    def submit(stage: str, pend: _Pending, page_no: int, fn, *args) -> bool:
        try:
            fut = pool.submit(fn, *args)
            futures[fut] = (stage, pend, page_no)
            fut.add_done_callback(done.put)
            return True
        except (BrokenProcessPool, RuntimeError):
            lose(pend)
            return False

    def finish(pend: _Pending) -> None:
        pages = merge_ocr(pend.pages, pend.done)
        submit("finish", pend, 0, finish_file, pend.task, pages, pend.encoding)

    def start_ocr(pend: _Pending, todo: dict[int, float]) -> None:
        pend.waiting = len(todo)
        if not todo:
            finish(pend)
        for n, weight in todo.items():
            heapq.heappush(queue, (-weight, next(order), n, pend))

    def pump() -> None:
        nonlocal ocr_running
        while queue and ocr_running < jobs:
            _, _, n, pend = heapq.heappop(queue)
            if pend.task.file_id in lost:
                continue
            if pend.started is None:
                pend.started = time.monotonic()
            t = page_task(pend.task, pend.started)
            if t is None:  # the file's time budget is spent: the page is not begun
                pend.done[n] = over_budget(pend.task, n, first=not pend.over)
                pend.over = True
                pend.waiting -= 1
                if pend.waiting == 0:
                    finish(pend)
                continue
            if submit("ocr", pend, n, ocr_task, t, n):
                ocr_running += 1

    for pend, todo in pre:  # files already read
        start_ocr(pend, todo)
    for t in tasks:
        submit("read", _Pending(t), 0, read_or_finish, t)
    pump()
    while futures:
        # futures report to `done` as they end: concurrent.futures.wait() walks every
        # future in flight at each call (5,000 files: seconds of this process)
        try:
            ready = [done.get(timeout=_IDLE_S if on_idle else None)]
        except Empty:
            on_idle()
            ready = [done.get()]
        while not done.empty():
            ready.append(done.get())
        for fut in ready:
            stage, pend, page_no = futures.pop(fut)
            if stage == "ocr":
                ocr_running -= 1
            if pend.task.file_id in lost:
                continue
            try:
                out = fut.result()
            except BrokenProcessPool:
                lose(pend)
                continue
            if stage == "read":
                if isinstance(out, FileResult):
                    on_result(out)
                    continue
                pend.pages, pend.encoding, todo = out
                start_ocr(pend, todo)
            elif stage == "ocr":
                pend.done[page_no] = out
                pend.waiting -= 1
                if pend.waiting == 0:
                    finish(pend)
            else:
                on_result(out)
        pump()
    return crashed
