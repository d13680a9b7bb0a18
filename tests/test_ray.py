"""`ita ingest --ray`: the same database as the local pool's, on a Ray cluster of two
nodes on this machine; shards that survive a dead driver; a worker killed mid-run.

The shard tests need only pyarrow; the cluster tests are skipped without Ray
(`make ray` installs it)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from conftest import MEMO, ita_command
from pipeline import ray_ingest, stages
from pipeline.ingest import ingest
from pipeline.stages import FileTask, process_file
from schemas.records import TABLES

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"
needs_ray = pytest.mark.skipif(not ray_ingest.available(),
                               reason="Ray is not installed (make ray, or pip install '.[ray]')")


def tables(db: Path) -> dict[str, list]:
    """Every table's rows in a stable order, the load time aside."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in dict.fromkeys(TABLES):
            cols = [c for c in TABLES[t].model_fields if c != "ingested_at"]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def corpus_files(dest: Path, names) -> Path:
    dest.mkdir()
    for n in names:
        shutil.copy(CORPUS / n, dest / n)
    return dest


def _small_set(dest: Path) -> Path:
    # text files (one per kind of document) and digital PDFs: no OCR, a fast test
    txt = sorted(p.name for p in CORPUS.glob("*.txt"))
    pdf = sorted(p.name for p in CORPUS.glob("*.pdf") if ".scan" not in p.name)
    return corpus_files(dest, txt[:4] + pdf[:2])


# --- shards (no Ray needed) -------------------------------------------------------

@pytest.fixture
def memo_task(tmp_path: Path) -> FileTask:
    from pipeline import discover as disc

    p = tmp_path / "memo.txt"
    p.write_text(MEMO, encoding="utf-8")
    file_id, media = disc.hash_and_sniff(str(p))
    return FileTask(str(p), file_id, media, p.stat().st_size)


def test_a_shard_gives_back_the_file_result(memo_task: FileTask, tmp_path: Path):
    result = process_file(memo_task)
    assert result.extraction.reports and result.pages  # something worth carrying
    path = ray_ingest.write_shard(str(tmp_path / "shards"), result)
    assert path.endswith(memo_task.file_id + ".parquet")
    assert ray_ingest.read_shard(path, memo_task) == result
    assert [p.name for p in (tmp_path / "shards").iterdir()] == [memo_task.file_id + ".parquet"]


def test_a_shard_of_other_settings_or_version_is_not_used(memo_task: FileTask, tmp_path: Path, monkeypatch):
    from pipeline.limits import Limits

    path = ray_ingest.write_shard(str(tmp_path), process_file(memo_task))
    other = FileTask(memo_task.path, memo_task.file_id, memo_task.media_type, memo_task.size_bytes,
                     limits=Limits(max_pages=1))
    assert ray_ingest.read_shard(path, other) is None
    monkeypatch.setattr(ray_ingest, "PIPELINE_VERSION", "0.0.0-other")
    assert ray_ingest.read_shard(path, memo_task) is None


def test_a_cut_shard_is_computed_again(memo_task: FileTask, tmp_path: Path):
    path = ray_ingest.write_shard(str(tmp_path), process_file(memo_task))
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    assert ray_ingest.read_shard(path, memo_task) is None


def test_shards_left_by_a_dead_driver_are_loaded_without_recomputing(tmp_path: Path, monkeypatch):
    """A run that died after its workers wrote every shard: the next run loads them and
    starts no cluster (the runner's connect fails if called), equal to the local pool."""
    src = _small_set(tmp_path / "in")
    ingest([str(src)], str(tmp_path / "local.duckdb"), jobs=1, out=open(os.devnull, "w"))
    shards = tmp_path / "shards"
    # the shards a cluster would have written, made here by the same stage functions
    from pipeline import discover as disc

    for c in disc.discover([str(src)]):
        file_id, media = disc.hash_and_sniff(c.path)
        task = FileTask(c.path, file_id, media, c.size_bytes)
        read = stages.read_file(task)
        pages, encoding, todo = read
        assert not todo
        ray_ingest.finish_to_shard(str(shards), task, pages, encoding)

    def no_cluster(*a, **k):
        raise AssertionError("a cluster was started for files whose shards were written")

    monkeypatch.setattr(ray_ingest, "_connect", no_cluster)
    summary = ingest([str(src)], str(tmp_path / "ray.duckdb"), out=open(os.devnull, "w"),
                     runner=ray_ingest.RayRunner("local", str(shards)))
    assert summary.ok == 6
    assert tables(tmp_path / "ray.duckdb") == tables(tmp_path / "local.duckdb")
    assert list(shards.iterdir()) == []  # loaded, then removed


def test_cli_ray_without_ray_is_a_missing_dependency(memo_task: FileTask, tmp_path: Path, monkeypatch, capsys):
    from pipeline import cli

    monkeypatch.setattr(ray_ingest, "available", lambda: False)
    assert cli.main(["ingest", memo_task.path, "--db", str(tmp_path / "x.duckdb"), "--ray"]) == 3
    assert "pip install '.[ray]'" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()
    assert cli.main(["ingest", memo_task.path, "--db", str(tmp_path / "x.duckdb"),
                     "--shards", str(tmp_path / "s")]) == 1


# --- a cluster of two nodes on this machine ---------------------------------------

@pytest.fixture(scope="module")
def cluster():
    if not ray_ingest.available():
        pytest.skip("Ray is not installed (make ray, or pip install '.[ray]')")
    from ray.cluster_utils import Cluster

    # as `ray start --head --num-cpus 1` and `ray start --address HEAD --num-cpus 1`
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=1)
    c.wait_for_nodes()
    yield c
    c.shutdown()


@needs_ray
def test_two_node_cluster_equals_the_local_pool(cluster, tmp_path: Path):
    src = _small_set(tmp_path / "in")
    ingest([str(src)], str(tmp_path / "local.duckdb"), jobs=2, out=open(os.devnull, "w"))
    shards = tmp_path / "shards"
    summary = ingest([str(src)], str(tmp_path / "ray.duckdb"), out=open(os.devnull, "w"),
                     runner=ray_ingest.RayRunner(cluster.address, str(shards)))
    assert (summary.ok, summary.failed) == (6, 0)
    ref, got = tables(tmp_path / "local.duckdb"), tables(tmp_path / "ray.duckdb")
    assert len(got["files"]) == 6 and got["reports"] and got["pages"]
    assert got == ref
    assert list(shards.iterdir()) == []
    # a second run skips what the database holds: no task at all
    again = ingest([str(src)], str(tmp_path / "ray.duckdb"), out=open(os.devnull, "w"),
                   runner=ray_ingest.RayRunner(cluster.address, str(shards)))
    assert (again.ok, again.skipped) == (0, 6)


@needs_ray
@pytest.mark.slow
def test_two_node_cluster_equals_the_local_pool_on_the_whole_corpus(cluster, tmp_path: Path):
    """Every input kind, scans and page images included (OCR: minutes cold)."""
    src = corpus_files(tmp_path / "in", sorted(p.name for p in CORPUS.iterdir()))
    ingest([str(src)], str(tmp_path / "local.duckdb"), jobs=2, out=open(os.devnull, "w"))
    ingest([str(src)], str(tmp_path / "ray.duckdb"), out=open(os.devnull, "w"),
           runner=ray_ingest.RayRunner(cluster.address, str(tmp_path / "shards")))
    assert tables(tmp_path / "ray.duckdb") == tables(tmp_path / "local.duckdb")


def _ray_workers() -> dict[int, str]:
    """Ray worker processes of this machine and their titles (ray::read_file, …)."""
    out = {}
    for e in os.listdir("/proc"):
        if not e.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{e}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        if cmd.startswith("ray::"):
            out[int(e)] = cmd
    return out


def _ingest_proc(src: Path, db: Path, shards: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*ita_command(), "ingest", str(src), "--db", str(db), "--ray", address, "--shards", str(shards)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


@needs_ray
@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_nothing(cluster, tmp_path: Path):
    """A worker process killed while it works on a task: Ray runs the task again, the
    run completes, every file is loaded once and the rows are the local pool's."""
    src = _small_set(tmp_path / "in")
    ingest([str(src)], str(tmp_path / "local.duckdb"), jobs=2, out=open(os.devnull, "w"))
    db = tmp_path / "ray.duckdb"
    proc = _ingest_proc(src, db, tmp_path / "shards", cluster.address)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        busy = [pid for pid, title in _ray_workers().items()
                if any(s in title for s in ("read_file", "ocr_task", "finish_to_shard"))]
        if busy:
            os.kill(busy[0], signal.SIGKILL)
            killed = busy[0]
        time.sleep(0.02)
    _, err = proc.communicate(timeout=300)
    assert killed is not None, "no worker was seen at work"
    assert proc.returncode == 0, err
    got = tables(db)
    assert len({r[0] for r in got["files"]}) == len(got["files"]) == 6
    assert got == tables(tmp_path / "local.duckdb")


@needs_ray
@pytest.mark.slow
def test_a_killed_driver_is_completed_by_a_rerun(cluster, tmp_path: Path):
    """The driver killed once it has loaded a file: a re-run completes, with no file
    loaded twice and the local pool's rows."""
    src = _small_set(tmp_path / "in")
    ingest([str(src)], str(tmp_path / "local.duckdb"), jobs=2, out=open(os.devnull, "w"))
    db, shards = tmp_path / "ray.duckdb", tmp_path / "shards"
    proc = _ingest_proc(src, db, shards, cluster.address)
    line = ""
    while proc.poll() is None and "[1/" not in line:  # the first file is loaded
        line = proc.stderr.readline()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert "[1/" in line
    r = subprocess.run([*ita_command(), "ingest", str(src), "--db", str(db), "--ray", cluster.address,
                        "--shards", str(shards)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    got = tables(db)
    assert len({r[0] for r in got["files"]}) == len(got["files"]) == 6
    assert got == tables(tmp_path / "local.duckdb")
