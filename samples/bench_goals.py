"""Issue 23's speed goals, each measured beside its reference in the same run
(`python -m samples.bench` prints them after the per-kind tables; `--goals-only` alone).

- digital PDFs: our read + extract + load of the committed corpus's digital PDFs, in
  one process, in pages per CPU second (one core), against pdfplumber's extract_text on
  the same pages, taking turns; goal >= 40 pages/s; also each stage's CPU seconds (read
  with hashing, OCR, extract + checks, records + load) and the pages the triage sent to
  OCR, which are OCR'd in every run (the OCR cache off: a cached page would cost nothing);
  the records are loaded in transactions of the files read within 2 s, as `ita ingest`
  batches them (until 2026-12-07: a transaction per file, ~0.28 CPU s more for the 12);
- files: `ita ingest` of N new small text files (goal: 5,000 in <= 10 s), then again
  with nothing changed (goal <= 1 s), wall clock with start-up; the reference is the
  `sha256sum` command reading the same files (what hashing alone costs);
- loading: record rows per second into DuckDB (load.load_files: Arrow) against the
  multi-row INSERT … VALUES it replaced, same rows; goal >= 100,000 rows/s;
- scanned pages: our OCR against the `tesseract` command on the same page images, CPU
  seconds per page, with both readings' CER and numbers (samples/bench_scans.py); goal
  >= 1.5x;
- start-up: `ita query "SELECT 1"` and `ita ingest` of one small file, wall clock,
  against `python -c pass` (the interpreter alone); goal <= 0.5 s;
- memory: peak RSS of the main process and of the largest worker in the ingest runs
  (read from /proc while they run).

Every figure is the median of --repeat runs with its range: on a shared machine the
same work varies by a factor of two from run to run, and the ratio of two measures
taken in turns varies less than either.
"""

from __future__ import annotations

import glob
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"


# --- measuring a command's process tree ------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def run_tree(cmd: list[str], env: dict | None = None) -> tuple[int, float, int, int, float]:
    """(exit code, wall seconds, main process peak RSS KB, largest worker's peak RSS KB,
    CPU seconds of the process tree). Peaks are the processes' own high-water marks
    (VmHWM), read every 20 ms while they run: a worker's is read before it ends."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_kb = worker_kb = 0
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(status)
            break
        main_kb = max(main_kb, _rss_kb(p.pid))
        todo, seen = _children(p.pid), set()
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            worker_kb = max(worker_kb, _rss_kb(c))
            todo += _children(c)
        time.sleep(0.02)
    return p.returncode, time.monotonic() - t0, main_kb, worker_kb, usage.ru_utime + usage.ru_stime


def _ita() -> list[str]:
    return [sys.executable, "-m", "pipeline.cli"]


def _env() -> dict:
    return dict(os.environ, PYTHAINLP_OFFLINE="1", ITA_OCR_CACHE="off",
                PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


def _spread(xs: list[float]) -> dict:
    xs = [x for x in xs if x is not None]
    if not xs:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs),
            "runs": [round(x, 4) for x in xs]}


# --- (a) digital PDFs -------------------------------------------------------------------

def digital_pdfs() -> list[str]:
    return sorted(p for p in glob.glob(str(CORPUS / "*.pdf")) if ".scan" not in p)


def bench_pdfs(repeat: int, tmp: Path) -> dict:
    import pdfplumber

    from pipeline import discover, ingest, load, stages

    files = digital_pdfs()
    now = datetime.now()

    stage_cpu: dict[str, list[float]] = {}
    ocr_pages: list[int] = []

    def ours(k: int) -> tuple[int, float]:
        from normalizers import agencies, indicators, thai

        # a text's normalised form, a line's dictionary hits, a name part's indicator
        # scores and a text's agencies are cached: each run starts as a new process would
        for cached in (thai._normalize_cell, getattr(thai, "_line_hits", None),
                       getattr(thai, "_normalize_short", None),
                       getattr(indicators, "_score_all", None),
                       getattr(agencies, "_find_agencies", None)):
            getattr(cached, "cache_clear", lambda: None)()
        con = load.connect(tmp / f"pdfs-{k}.duckdb")
        # a page the triage sends to OCR is OCR'd in every run, not read from the cache
        cache, os.environ["ITA_OCR_CACHE"] = os.environ.get("ITA_OCR_CACHE"), "off"
        spent = dict.fromkeys(("read", "ocr", "extract_check", "load"), 0.0)
        # loaded as `ita ingest` loads: a transaction for the files that arrive within
        # BATCH_S, or for BATCH_FILES of them (pipeline/ingest.py)
        batch_files, batch_s = ingest._Database.BATCH_FILES, ingest._Database.BATCH_S
        pending: list = []
        batch_started = time.monotonic()

        def flush() -> None:
            nonlocal batch_started
            if pending:
                load.load_files(con, pending)
                pending.clear()
            batch_started = time.monotonic()

        try:
            t0, pages, ocred = time.process_time(), 0, 0
            for path in files:
                # stages.process_file, a stage at a time (the same calls), each timed
                c0 = time.process_time()
                file_id, media_type = discover.hash_and_sniff(path)
                task = stages.FileTask(path, file_id, media_type, os.path.getsize(path))
                read = stages.read_file(task)
                c1 = time.process_time()
                spent["read"] += c1 - c0
                if isinstance(read, stages.FileResult):
                    result = read
                else:
                    pages_read, encoding, todo = read
                    done = stages.ocr_in_turn(task, todo)
                    c2 = time.process_time()
                    result = stages.finish_file(task, stages.merge_ocr(pages_read, done), encoding)
                    spent["ocr"] += c2 - c1
                    spent["extract_check"] += time.process_time() - c2
                    ocred += len(todo)
                c3 = time.process_time()
                pending.append((stages.to_records(result, now), path, None))
                if (len(pending) >= batch_files
                        or time.monotonic() - batch_started >= batch_s):
                    flush()
                spent["load"] += time.process_time() - c3
                pages += len(result.pages)
            c4 = time.process_time()
            flush()
            spent["load"] += time.process_time() - c4
            took = time.process_time() - t0
            if k >= 0:
                for stage, cpu in spent.items():
                    stage_cpu.setdefault(stage, []).append(cpu)
                ocr_pages.append(ocred)
            return pages, took
        finally:
            con.close()
            if cache is None:
                os.environ.pop("ITA_OCR_CACHE", None)
            else:
                os.environ["ITA_OCR_CACHE"] = cache

    def reference() -> tuple[int, float]:
        t0, pages = time.process_time(), 0
        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    pages += 1
        return pages, time.process_time() - t0

    ours(-1)  # warm-up: imports, the dictionary, fonts
    mine, ref, ratios = [], [], []
    for k in range(repeat):
        n, s = ours(k)
        rn, rs = reference()
        mine.append(n / s)
        ref.append(rn / rs)
        ratios.append((n / s) / (rn / rs))
    return {"files": len(files), "pages": n, "ours_pages_per_cpu_s": _spread(mine),
            "pdfplumber_pages_per_cpu_s": _spread(ref), "ratio": _spread(ratios), "goal": 40.0,
            "stage_cpu_s": {stage: _spread(v) for stage, v in stage_cpu.items()},
            "ocr_pages": max(ocr_pages, default=0)}


# --- (b, c) many small files ---------------------------------------------------------------

def small_text_files(folder: Path, n: int, seed: int = 23001) -> None:
    """n one-page announcements, each of another sub-district (the gazetteer's), so that
    no two files are one agency's reports that the cross-file check would compare."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for line in (ROOT / "normalizers" / "data" / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name = line.split("\t")
        names[code] = name.split("|")[0]
    subs = sorted(c for c in names if len(c) == 6 and c[:4] in names and c[:2] in names)
    rng = random.Random(seed)
    rng.shuffle(subs)
    for i in range(n):
        c = subs[i % len(subs)]
        tambon, amphoe, province = names[c], names[c[:4]], names[c[:2]]
        score, year = rng.uniform(60, 99), rng.choice([2565, 2566, 2567, 2568])
        text = (f"ประกาศองค์การบริหารส่วนตำบล{tambon}\n"
                "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
                f"ประจำปีงบประมาณ พ.ศ. {year}\n"
                f"องค์การบริหารส่วนตำบล{tambon} อำเภอ{amphoe} จังหวัด{province} ได้คะแนน {score:.2f} คะแนน "
                f"อยู่ในระดับ {'ผ่าน' if score >= 85 else 'ไม่ผ่าน'}\n"
                f"ประกาศ ณ วันที่ {1 + i % 28} มกราคม พ.ศ. {year + 1}\n")
        (folder / f"f{i:05d}.txt").write_text(text, encoding="utf-8")
    past = time.time_ns() - 10 * 10**9  # not "racily" new (discover.stable_stat)
    for p in folder.iterdir():
        os.utime(p, ns=(past, past))


def bench_files(n: int, repeat: int, jobs: int, tmp: Path) -> dict:
    folder = tmp / "small"
    small_text_files(folder, n)
    env = _env()
    fresh, rerun, sha, rss_main, rss_worker, fresh_cpu, rerun_cpu = [], [], [], [], [], [], []
    for k in range(repeat):
        db = tmp / f"small-{k}.duckdb"
        rc, s, m, w, cpu = run_tree(_ita() + ["ingest", str(folder), "--db", str(db), "--jobs", str(jobs)], env)
        fresh.append(s if rc == 0 else None)
        fresh_cpu.append(cpu)
        rss_main.append(m)
        rss_worker.append(w)
        rc, s, m, w, cpu = run_tree(_ita() + ["ingest", str(folder), "--db", str(db), "--jobs", str(jobs)], env)
        rerun.append(s if rc == 0 else None)
        rerun_cpu.append(cpu)
        t0 = time.monotonic()
        files = sorted(str(p) for p in folder.iterdir())
        subprocess.run(["sha256sum", *files], stdout=subprocess.DEVNULL, check=False)
        sha.append(time.monotonic() - t0)
    return {"files": n, "jobs": jobs, "fresh_s": _spread(fresh), "rerun_s": _spread(rerun),
            "fresh_cpu_s": _spread(fresh_cpu), "rerun_cpu_s": _spread(rerun_cpu),
            "sha256sum_s": _spread(sha), "goal_fresh_s": 10.0 * n / 5000, "goal_rerun_s": 1.0 * n / 5000,
            "peak_main_mb": round(max(rss_main) / 1024, 1), "peak_worker_mb": round(max(rss_worker) / 1024, 1)}


# --- (d) loading ---------------------------------------------------------------------------

def _rows(n: int, seed: int) -> dict[str, list]:
    from schemas.records import FileRecord, FlagRecord, MeasureRecord

    rng = random.Random(seed)
    files = [FileRecord(file_id=f"bench-{seed}", path=f"/bench/{seed}.txt", size_bytes=1, media_type="text/plain",
                        n_pages=1, status="ok", pipeline_version="bench", ingested_at=datetime.now())]
    measures = [MeasureRecord(report_id=f"r{seed}-{i // 20}", row_no=1 + i % 20, question_code=f"I{rng.randint(1, 30)}",
                              question_codes=[f"I{rng.randint(1, 30)}"], indicator=1 + i % 10,
                              issue="ประเด็นที่ต้องพัฒนา " * 3, measure="มาตรการส่งเสริมคุณธรรม",
                              steps="ขั้นตอน", responsible="สำนักปลัด", period="ต.ค. 2567 - ก.ย. 2568",
                              status=rng.choice(["done", "in_progress", None]), page=1 + i % 9)
                for i in range(n // 2)]
    flags = [FlagRecord(file_id=f"bench-{seed}", report_id=f"r{seed}-{i // 20}", kind="value_conflict",
                        severity="warning", message="ค่าไม่ตรงกัน (values differ)", evidence=f"{rng.random():.4f}",
                        page=1 + i % 9)
             for i in range(n - n // 2)]
    return {"files": files, "measures": measures, "flags": flags}


def bench_loading(n: int, repeat: int, tmp: Path) -> dict:
    from pipeline import load

    import pyarrow  # noqa: F401  (imported once per run: start-up, not rows/s)

    ours, ours_cpu, ref, ratios = [], [], [], []
    n_ref = max(1000, n // 20)  # the old path runs ~2,000 rows/s: fewer rows, same rate
    for k in range(repeat):
        con = load.connect(tmp / f"load-{k}.duckdb")
        try:
            recs = _rows(n, 2 * k)
            t0, c0 = time.perf_counter(), time.process_time()
            load.load_files(con, [(recs, f"/bench/{2 * k}.txt", None)])
            s, cpu = time.perf_counter() - t0, time.process_time() - c0
            recs = _rows(n_ref, 2 * k + 1)
            t0 = time.perf_counter()
            con.execute("BEGIN")
            for table, rows in recs.items():
                load._insert_values(con, table, rows)
            con.execute("COMMIT")
            rs = time.perf_counter() - t0
        finally:
            con.close()
        rows_ours = sum(len(v) for v in _rows(n, 0).values())
        ours.append(rows_ours / s)
        ours_cpu.append(rows_ours / cpu)
        ref.append((n_ref + 1) / rs)
        ratios.append((rows_ours / s) / ((n_ref + 1) / rs))
    return {"rows": n, "ours_rows_per_s": _spread(ours), "ours_rows_per_cpu_s": _spread(ours_cpu),
            "values_rows_per_s": _spread(ref),
            "ratio": _spread(ratios), "goal": 100_000.0}


# --- (e) start-up -----------------------------------------------------------------------------

def bench_startup(repeat: int, tmp: Path) -> dict:
    env = _env()
    # the project's bytecode as a user's machine keeps it (make's `bytecode` step; Python
    # writes none itself where PYTHONDONTWRITEBYTECODE is set, as on this machine)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "pipeline", "schemas", "normalizers"],
                   cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL, check=False)
    one = tmp / "one"
    small_text_files(one, 1, seed=23002)
    db = tmp / "startup.duckdb"
    subprocess.run(_ita() + ["ingest", str(one), "--db", str(db), "--jobs", "1"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    runs: dict[str, list] = {}
    for k in range(repeat):
        for name, cmd in (
            ("python", [sys.executable, "-c", "pass"]),
            ("query", _ita() + ["query", "SELECT 1", "--db", str(db)]),
            # nothing to do: the fixed start-up of an ingest (imports, database, discovery)
            ("ingest_unchanged", _ita() + ["ingest", str(one), "--db", str(db)]),
            # a first file: also the extraction's data (dictionary, gazetteer, patterns)
            ("ingest_one", _ita() + ["ingest", str(one), "--db", str(tmp / f"startup-{k}.duckdb"), "--jobs", "1"]),
        ):
            _, wall, _, _, cpu = run_tree(cmd, env)
            runs.setdefault(name + "_s", []).append(wall)
            runs.setdefault(name + "_cpu_s", []).append(cpu)
    return {**{k: _spread(v) for k, v in runs.items()}, "goal_s": 0.5}


# --- the run -----------------------------------------------------------------------------------

def goals(repeat: int = 3, n_files: int = 5000, n_rows: int = 100_000, jobs: int = 2,
          log=sys.stderr) -> dict:
    out = {"repeat": repeat, "load_average": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="ita-goals-") as d:
        tmp = Path(d)
        print("bench goals: digital PDFs…", file=log, flush=True)
        out["pdfs"] = bench_pdfs(repeat, tmp)
        print("bench goals: loading…", file=log, flush=True)
        out["loading"] = bench_loading(n_rows, repeat, tmp)
        print("bench goals: start-up…", file=log, flush=True)
        out["startup"] = bench_startup(repeat, tmp)
        if shutil.which("sha256sum"):
            print(f"bench goals: {n_files} small files…", file=log, flush=True)
            out["files"] = bench_files(n_files, repeat, jobs, tmp)
        if shutil.which("tesseract"):
            from .bench_scans import bench_scans

            out["scans"] = bench_scans(CORPUS, repeat=repeat, log=log)
    out["load_average_after"] = os.getloadavg()[0]
    return out


def _r(s: dict, fmt: str = "{:.2f}") -> str:
    if s.get("median") is None:
        return "–"
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"


def goals_table(g: dict) -> str:
    lines = [f"issue 23 goals: median (min–max) of {g['repeat']} runs; load average "
             f"{g['load_average']:.1f} before, {g['load_average_after']:.1f} after "
             "(re-run on a quiet machine for final figures)", ""]
    rows = []
    p = g.get("pdfs")
    if p:
        rows.append((f"digital PDFs ({p['files']} files, {p['pages']} p), pages/CPU-s",
                     _r(p["ours_pages_per_cpu_s"], "{:.1f}"), "pdfplumber extract_text",
                     _r(p["pdfplumber_pages_per_cpu_s"], "{:.1f}"), _r(p["ratio"]) + "×", "≥ 40 p/s"))
        if p.get("stage_cpu_s"):
            split = ", ".join(f"{stage} {v['median']:.2f}" for stage, v in p["stage_cpu_s"].items())
            rows.append((f"  the same, CPU s by stage ({p['ocr_pages']} p OCR'd)", split, "", "", "", ""))
    f = g.get("files")
    if f:
        rows.append((f"{f['files']} new small files, s (jobs {f['jobs']})", _r(f["fresh_s"]),
                     "sha256sum of them", _r(f["sha256sum_s"]), "", f"≤ {f['goal_fresh_s']:.1f} s"))
        rows.append(("  the same, CPU s (all processes)", _r(f["fresh_cpu_s"]), "", "", "", ""))
        rows.append(("the same, re-run unchanged, s", _r(f["rerun_s"]), "sha256sum of them",
                     _r(f["sha256sum_s"]), "", f"≤ {f['goal_rerun_s']:.1f} s"))
        rows.append(("  the same, CPU s", _r(f["rerun_cpu_s"]), "", "", "", ""))
        rows.append(("peak RSS: main / largest worker, MB", f"{f['peak_main_mb']:.0f} / {f['peak_worker_mb']:.0f}",
                     "", "", "", "report"))
    lo = g.get("loading")
    if lo:
        rows.append((f"loading {lo['rows']:,} rows, rows/s", _r(lo["ours_rows_per_s"], "{:,.0f}"),
                     "INSERT … VALUES", _r(lo["values_rows_per_s"], "{:,.0f}"), _r(lo["ratio"], "{:.0f}") + "×",
                     "≥ 100,000"))
        rows.append(("  the same, rows per CPU second (all threads)", _r(lo["ours_rows_per_cpu_s"], "{:,.0f}"),
                     "", "", "", ""))
    s = g.get("startup")
    if s:
        for key, label in (("query", "ita query SELECT 1"), ("ingest_unchanged", "ita ingest, file unchanged"),
                           ("ingest_one", "ita ingest, one new file")):
            rows.append((f"start-up: {label}, s (CPU s)", f"{_r(s[key + '_s'])} ({s[key + '_cpu_s']['median']:.2f})",
                         "python -c pass", _r(s["python_s"]), "", "≤ 0.5 s" if key != "ingest_one" else ""))
    if g.get("scans"):
        from .bench_scans import scans_rows

        rows += scans_rows(g["scans"])
    head = ("goal", "ours", "reference", "reference value", "ratio", "target")
    ws = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, ws)).rstrip()  # noqa: E731
    return "\n".join(lines + [fmt(head), "-" * len(fmt(head)), *(fmt(r) for r in rows)])
