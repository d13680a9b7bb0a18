"""`ita ingest --ray [ADDRESS]`: the same run with a Ray cluster doing the work.

The driver (this process) does what `ingest` does around the work: discovery, hashing,
skipping what the database holds, image groups, loading (DuckDB keeps one writer).
Only the processing of files moves: `workers._run_pool` schedules the same three kinds
of task (read a file, OCR one page, extract a file) through `RayExecutor`, whose
`submit` starts them as Ray tasks instead of in the local process pool, so a big scan
is spread page by page over the cluster's cores, heaviest pages first.

The extract task writes the file's result as a Parquet shard (`shards/<file_id>.parquet`,
see `write_shard`) and returns its path; the driver reads the shard, loads it in one
transaction and deletes it. A shard left by a run that died before loading it is loaded
by the next run without recomputing it (same file, pipeline version and settings).

A task whose worker dies is retried by Ray (`_RETRIES`); a file whose tasks keep
failing is read once more in one task with Tesseract as a command (as after a crash in
the local pool) and, failing that, is a `failed` file with the reason.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import typing
import uuid
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Callable

from pipeline import stages, workers
from pipeline.extract import Extraction
from pipeline.stages import FileResult, FileTask
from pipeline.pages import PageError, PageResult
from pipeline.version import PIPELINE_VERSION
from schemas.vocab import FileStatus, MethodReason, PageMethod

# Ray retries a task whose worker process or node died this many times
_RETRIES = 3
# what a worker needs from the driver's environment (one OCR cache for every node
# when it names shared storage; one maths thread: parallelism is the cluster's)
_WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "PYTHAINLP_OFFLINE": "1", "OMP_THREAD_LIMIT": "1"}
_PASSED_ENV = ("ITA_OCR_CACHE", "TESSDATA_PREFIX")
CRASHED = "the reader crashed on this file"


def default_shards(db_path: str) -> str:
    """Shards beside the database: `ita.duckdb` → `ita.duckdb.shards/`."""
    return os.fspath(db_path) + ".shards"


def available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


# --- shards -----------------------------------------------------------------------
# One Parquet file per ingested file, one row per record: the table it belongs to, its
# order, and the record as JSON (pydantic's own dump). One file, written under a
# temporary name and renamed, is the commit: a shard is whole or absent. JSON rather
# than a column per field keeps a shard readable while the schema grows by columns;
# ASCII JSON (\uXXXX escapes) keeps a lone surrogate (an undecodable file name quoted
# in a message) as it was, where Parquet's UTF-8 strings could not hold it.

_EXTRACTION_MODELS = {
    f.name: typing.get_args(typing.get_type_hints(Extraction)[f.name])[0]
    for f in dataclasses.fields(Extraction) if f.name != "facts"
}


def shard_path(shards: str, task: FileTask) -> str:
    return os.path.join(shards, task.file_id + ".parquet")


def _settings(task: FileTask) -> str:
    """What besides the content decides a file's result: a shard is reused only for it."""
    return repr((task.ocr, task.limits))


def write_shard(shards: str, result: FileResult) -> str:
    """Write `result` as its file's shard; returns the shard's path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: list[tuple[str, str]] = [("file", json.dumps({
        "status": result.status, "error": result.error, "encoding": result.encoding,
        "messages": [_error(e) for e in result.messages]}))]
    rows += [("page", json.dumps({**dataclasses.asdict(p), "errors": [_error(e) for e in p.errors]}))
             for p in result.pages]
    for name in _EXTRACTION_MODELS:
        rows += [(name, json.dumps(r.model_dump(mode="json"))) for r in getattr(result.extraction, name)]
    t = result.task
    n = len(rows)
    table = pa.table({
        "pipeline_version": [PIPELINE_VERSION] * n, "file_id": [t.file_id] * n,
        "settings": [_settings(t)] * n, "table": [r[0] for r in rows],
        "row_no": list(range(n)), "record": [r[1] for r in rows],
    })
    os.makedirs(shards, exist_ok=True)
    path = shard_path(shards, t)
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def read_shard(path: str, task: FileTask) -> FileResult | None:
    """The FileResult a shard holds for `task`, or None when there is no shard, or it
    is of another pipeline version, other settings or unreadable (computed again)."""
    import pyarrow.parquet as pq

    try:
        # ParquetFile, not read_table: its dataset layer cost ~0.25 s a shard on a busy machine
        with pq.ParquetFile(path) as f:
            table = f.read(use_threads=False).to_pydict()
    except (OSError, ValueError):
        return None
    n = len(table["record"])
    if not n or set(table["pipeline_version"]) != {PIPELINE_VERSION} or \
            set(table["file_id"]) != {task.file_id} or set(table["settings"]) != {_settings(task)}:
        return None
    by: dict[str, list] = {}
    for i in sorted(range(n), key=lambda i: table["row_no"][i]):
        by.setdefault(table["table"][i], []).append(table["record"][i])
    if len(by.get("file", ())) != 1:
        return None
    head = json.loads(by["file"][0])
    pages = tuple(_page(json.loads(s)) for s in by.get("page", ()))
    extraction = Extraction(**{name: tuple(model.model_validate(json.loads(s)) for s in by.get(name, ()))
                               for name, model in _EXTRACTION_MODELS.items()})
    return FileResult(task, FileStatus(head["status"]), head["error"], pages, head["encoding"], extraction,
                      tuple(PageError(*e) for e in head["messages"]))


def _error(e: str) -> list:
    """A page error as JSON, its kind and page kept (a PageError is also a str)."""
    e = PageError.of(e)
    return [e.kind.value, e.page, e.message]


def _page(d: dict) -> PageResult:
    d["method"] = PageMethod(d["method"])
    d["method_reason"] = MethodReason(d["method_reason"]) if d.get("method_reason") else None
    d["errors"] = tuple(PageError(*e) for e in d["errors"])
    d["line_boxes"] = tuple(tuple(b) if b is not None else None for b in d["line_boxes"])
    d["glyphs"] = tuple((t, tuple(b)) for t, b in d.get("glyphs", ()))
    d["glyph_confs"] = tuple(d.get("glyph_confs", ()))
    return PageResult(**d)


def drop_shard(shards: str, task: FileTask) -> None:
    try:
        os.remove(shard_path(shards, task))
    except FileNotFoundError:
        pass


# --- the remote stages ------------------------------------------------------------

def finish_to_shard(shards: str, task: FileTask, pages: list[PageResult], encoding: str | None) -> str:
    """Extraction of a file (stages.finish_file) in a worker, written as its shard."""
    return write_shard(shards, stages.finish_file(task, pages, encoding))


def read_or_finish_to_shard(shards: str, task: FileTask):
    """The pool's first stage (workers.read_or_finish): a file with no page to OCR is
    finished in the same task, into its shard."""
    read = stages.read_file(task)
    if isinstance(read, FileResult) or read[2]:
        return read
    return write_shard(shards, stages.finish_file(task, read[0], read[1]))


def process_to_shard(shards: str, task: FileTask) -> str:
    """A whole file in one task (the retry of a file whose tasks kept failing)."""
    return write_shard(shards, stages.process_file(task))


def _worker_task(task: FileTask) -> FileTask:
    """The task as sent to a worker: an absolute path (a worker's working directory is
    not the driver's)."""
    return replace(task, path=os.path.abspath(task.path))


class RayExecutor:
    """What `workers._run_pool` needs of an executor (`submit(fn, *args) -> Future`), with
    each stage run as a Ray task. A stage whose task is lost (its worker died more than
    `_RETRIES` times) fails its Future with BrokenProcessPool, as a dead pool worker
    does, so the file goes to the crash retry."""

    def __init__(self, ray, shards: str, tasks: list[FileTask]):
        self.ray, self.shards = ray, shards
        self.originals = {t.file_id: t for t in tasks}
        opts = {"num_cpus": 1, "max_retries": _RETRIES}
        self.stages = {
            stages.read_file: (ray.remote(**opts)(stages.read_file), None),
            workers.read_or_finish: (ray.remote(**opts)(read_or_finish_to_shard), shards),
            stages.ocr_task: (ray.remote(**opts)(stages.ocr_task), None),
            stages.finish_file: (ray.remote(**opts)(finish_to_shard), shards),
            stages.process_file: (ray.remote(**{**opts, "max_retries": 1})(process_to_shard), shards),
        }

    def submit(self, fn: Callable, task: FileTask, *args) -> Future:
        remote, shards = self.stages[fn]
        lead = (shards,) if shards else ()
        ref = remote.remote(*lead, _worker_task(task), *args)
        out: Future = Future()
        original = self.originals[task.file_id]

        def settle(done: Future) -> None:
            try:
                value = done.result()
                if isinstance(value, str):  # a shard's path: the result is what the driver reads there
                    value = read_shard(value, original)
                    if value is None:
                        raise BrokenProcessPool("the shard written for this file cannot be read")
                elif isinstance(value, FileResult):
                    value = replace(value, task=original)
                out.set_result(value)
            except Exception as e:  # the task or its worker died: the file is retried
                out.set_exception(e if isinstance(e, BrokenProcessPool) else BrokenProcessPool(str(e)))

        ref.future().add_done_callback(settle)
        return out


def _connect(address: str | None, jobs: int | None):
    import ray

    env = dict(_WORKER_ENV)
    env.update({k: os.environ[k] for k in _PASSED_ENV if os.environ.get(k)})
    kwargs: dict = {"runtime_env": {"env_vars": env}, "logging_level": logging.WARNING,
                    "log_to_driver": False, "ignore_reinit_error": True}
    if address in (None, "", "local"):
        # a cluster of this machine alone, started for the run
        kwargs.update(include_dashboard=False, num_cpus=jobs or os.cpu_count() or 1)
    else:
        kwargs["address"] = address
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as e:  # no cluster there, a bad address
        from pipeline.errors import UsageError

        raise UsageError(f"--ray {address or ''}: cannot start or join a Ray cluster: {e}") from e
    return ray


class RayRunner:
    """The `runner` of `ingest.ingest` (same signature as `workers.run_tasks`)."""

    def __init__(self, address: str | None = None, shards: str = "ita.duckdb.shards",
                 jobs: int | None = None):
        self.address, self.shards, self.jobs = address, shards, jobs

    def __call__(self, tasks: list[FileTask], pool, on_result: Callable[[FileResult], None],
                 on_idle: Callable[[], None] | None = None, before_ocr=None) -> None:
        def deliver(result: FileResult) -> None:
            on_result(result)
            drop_shard(self.shards, result.task)  # loaded (or held for its group)

        todo = []
        for t in tasks:  # shards a run that died left behind: loaded, not recomputed
            done = read_shard(shard_path(self.shards, t), t)
            if done is not None:
                deliver(done)
            else:
                todo.append(t)
        if not todo:
            return
        ray = _connect(self.address, self.jobs)
        try:
            cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            executor = RayExecutor(ray, self.shards, todo)
            crashed = workers._run_pool(todo, cpus, executor, deliver, (), on_idle)
            for t in crashed:
                try:
                    result = executor.submit(stages.process_file, workers.crash_retry(t)).result()
                except BrokenProcessPool:
                    result = FileResult(t, "failed", CRASHED)
                deliver(result)
        finally:
            ray.shutdown()
