"""The worker pool that runs the stages (pipeline/stages.py): a process pool with a time
budget per page, heaviest pages first, a crashed worker's files retried one at a time,
child processes killed on Ctrl-C or SIGTERM, and the scheduler that ingest and the Ray
path (pipeline/ray_ingest.py) share.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from queue import Empty, SimpleQueue
from typing import TYPE_CHECKING, Callable, Iterator

from pipeline.ocr import tesseract_api
from pipeline.pages import PageResult
from pipeline.readers import registry
from pipeline.stages import (
    FileResult, finish_file, merge_ocr, ocr_in_turn, ocr_task, over_budget, page_task, process_file,
    read_file,
)
from schemas.vocab import FileStatus

if TYPE_CHECKING:
    from pipeline.stages import FileTask


@contextmanager
def stop_on_signals() -> Iterator[None]:
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
        _end_result_pipe(executor)
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True, cancel_futures=True)


def _end_result_pipe(executor: ProcessPoolExecutor) -> None:
    """Close this process's end of the pool's result pipe, once its workers are killed. A
    worker killed while it wrote a result leaves half a message in the pipe, and the
    executor's manager thread waits for the rest of it for ever; the interpreter joins
    that thread at exit, so `ita ingest` (and the test suite: a full disk with --jobs 2)
    never ended. With every writing end closed the read ends, the thread sees a broken
    pool and stops."""
    queue = getattr(executor, "_result_queue", None)  # private, as _processes
    writer = getattr(queue, "_writer", None)
    if writer is not None:
        writer.close()


@contextmanager
def worker_pool(jobs: int) -> Iterator[_Pool | None]:
    """The run's worker processes (None for jobs <= 1: all in this process). They are
    forked when the run knows it has files to read, while it holds no database
    connection (DuckDB's threads end with it: forking then is as safe as before it was
    opened), and with the extraction and the dictionary loaded: a forked worker starts
    with them (a spawned one spent ~0.9 s importing them again). Workers never touch
    DuckDB."""
    if jobs <= 1:
        yield None
        return
    from normalizers import thai
    from pipeline.stages import load_extraction

    load_extraction()
    thai.load_dictionary()  # forked workers share it; each would load it again (~0.2 s)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    with _killed_on_error(pool):
        # what the workers inherit (modules, the dictionary, the catalog) put out of the
        # cycle collector's reach while they fork (Python's gc.freeze advice for fork):
        # a worker's full collections then walk only what it made itself (on the bench's
        # small files ~0.1 CPU s less each 1,000), and do not write into the pages it
        # shares with this process. Here, they are collected as before once all are forked.
        gc.freeze()
        try:
            pool.submit(int).result()  # with fork the executor starts every worker at its first task
        finally:
            gc.unfreeze()
        yield _Pool(pool, jobs)


@dataclass
class _Pool:
    executor: ProcessPoolExecutor
    jobs: int


@dataclass
class LaterPool:
    """The run's pool, forked by `start` when its executor is first asked for: a run of
    one file reads it in this process (run_tasks) and forks workers only for its pages
    to OCR, so one text file is loaded as with --jobs 1 (no fork, and the database not
    let go of and reopened before it: on a nearly full disk that checkpoint alone can
    fill it)."""

    start: Callable[[], _Pool]
    jobs: int
    _pool: _Pool | None = None

    @property
    def executor(self) -> ProcessPoolExecutor:
        return self.started()._pool.executor

    def started(self) -> LaterPool:
        if self._pool is None:
            self._pool = self.start()
        return self


def run_tasks(tasks: list[FileTask], pool: _Pool | LaterPool | None, on_result: Callable[[FileResult], None],
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
    crashed = _run_pool(tasks, jobs, pool.executor, on_result, pre, on_idle, grouped=True)
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

# A pool that has given no result for this long while it OCRs is busy with OCR: the
# run lets go of the database (on_idle) until the next result (reopening costs ~0.2 s).
# Without OCR in flight the pool is reading or extracting, and results come soon: the
# run lets go only after BUSY_IDLE_S (a big digital PDF), not between small files.
IDLE_S = 0.5
BUSY_IDLE_S = 5.0


def read_or_finish(task: FileTask) -> FileResult | tuple[list[PageResult], str | None, dict[int, float]]:
    """The pool's first stage: read_file, and for a file with no page to OCR (text,
    a digital PDF) its extraction too, in the same task: its pages do not travel to
    the main process and back."""
    read = read_file(task)
    if isinstance(read, FileResult) or read[2]:
        return read
    return finish_file(task, read[0], read[1])


# Small text files are read in groups, a task each group (`grouped`): a task costs the
# two processes ~0.4 ms of CPU in pickling, pipes and futures, an eighth of a small
# file's own work. Only text files (no reader of theirs loads a native library that a
# file could crash: a crash would cost the group, retried a file at a time) and small
# ones (a group stays as short as one small PDF).
GROUP_FILES = 16
GROUP_BYTES = 64 * 1024


def read_or_finish_group(tasks: list[FileTask]) -> list:
    """read_or_finish of each file of a group, in one task."""
    return [read_or_finish(t) for t in tasks]


def _groups(tasks: list[FileTask]) -> list[list[FileTask]]:
    """The files in their order, consecutive small text files together (GROUP_FILES,
    GROUP_BYTES), each other file alone."""
    out: list[list[FileTask]] = []
    size = 0
    for t in tasks:
        small = t.media_type == registry.TEXT and t.size_bytes is not None and t.size_bytes <= GROUP_BYTES
        if small and out and out[-1][0].media_type == registry.TEXT and len(out[-1]) < GROUP_FILES \
                and size + t.size_bytes <= GROUP_BYTES:
            out[-1].append(t)
            size += t.size_bytes
        else:
            out.append([t])
            size = t.size_bytes if small else GROUP_BYTES + 1  # a big file starts no group
    return out


def _run_pool(tasks, jobs, pool, on_result, pre=(), on_idle=None, grouped=False) -> list[FileTask]:
    """Run read → OCR pages → finish for every file in one pool; returns the files
    whose tasks were lost to a crashed worker. With `grouped` (an executor that runs
    any function: not Ray's), small text files are read a group a task. Pages to OCR wait in a queue, heaviest
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

    def read_done(pend: _Pending, out) -> None:
        if isinstance(out, FileResult):
            on_result(out)
            return
        pend.pages, pend.encoding, todo = out
        start_ocr(pend, todo)

    for pend, todo in pre:  # files already read
        start_ocr(pend, todo)
    for group in (_groups(tasks) if grouped else [[t] for t in tasks]):
        if len(group) == 1:
            submit("read", _Pending(group[0]), 0, read_or_finish, group[0])
            continue
        pends = [_Pending(t) for t in group]
        try:
            fut = pool.submit(read_or_finish_group, group)
        except (BrokenProcessPool, RuntimeError):
            for pend in pends:
                lose(pend)
            continue
        futures[fut] = ("group", pends, 0)
        fut.add_done_callback(done.put)
    pump()
    while futures:
        # futures report to `done` as they end: concurrent.futures.wait() walks every
        # future in flight at each call (5,000 files: seconds of this process)
        try:
            ready = [done.get(timeout=(IDLE_S if ocr_running or queue else BUSY_IDLE_S) if on_idle else None)]
        except Empty:
            on_idle()
            ready = [done.get()]
        while not done.empty():
            ready.append(done.get())
        for fut in ready:
            stage, pend, page_no = futures.pop(fut)
            if stage == "group":
                try:
                    outs = fut.result()
                except BrokenProcessPool:
                    for one in pend:
                        lose(one)
                    continue
                for one, out in zip(pend, outs):
                    if one.task.file_id not in lost:
                        read_done(one, out)
                continue
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
                read_done(pend, out)
            elif stage == "ocr":
                pend.done[page_no] = out
                pend.waiting -= 1
                if pend.waiting == 0:
                    finish(pend)
            else:
                on_result(out)
        pump()
    return crashed
