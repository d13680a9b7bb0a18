"""Speed of the pipeline on a generated corpus, next to raw Tesseract and OCRmyPDF
(`make bench [SET=samples/corpus]`).

    python -m samples.bench [SET] [--pages 20] [--jobs 2] [--repeat 2] [--json FILE]
                            [--no-tesseract] [--no-ocrmypdf]

For each input kind it takes a subset of the set's documents (whole documents, at least
--pages pages) and measures:

- `ita ingest` on those files into a fresh temporary DuckDB, --jobs workers: pages/s
  (wall clock, process start included) and peak memory (largest ru_maxrss of the
  process tree, from wait4);
- the stages, in one process, file by file, on the subset's smallest document: read
  (pdfplumber, text decoding, image sniffing), OCR (where the pipeline has it), extract
  (segment + extraction), load (DuckDB transaction), in ms/page;
- for the page-image kinds (scan300, scan200, png, jpeg): the raw `tesseract IMG - -l
  tha+eng --psm 4` CLI (the pipeline's language and page segmentation mode) with
  OMP_THREAD_LIMIT=1, --jobs processes at a time, on the same
  page images (scanned PDFs rasterised at their native 300/200 dpi first, not timed),
  and `ocrmypdf --sidecar -l tha` (-j --jobs) on the same scanned PDFs; both with their
  CER and share of numbers read exactly against the truth, so speed and accuracy can be
  read together. OCRmyPDF is pip-installed into the running venv on first use; when it
  cannot be, the reason is printed and the rest goes on.

`ita ingest` and the tesseract command run --repeat times each, taking turns, and each
is timed by its fastest run: on a shared machine the same work took from 0.70 to 0.86
pages/s in three runs of the command, and taking turns gives both the same conditions.

The pipeline's on-disk OCR cache is switched off for the run (ITA_OCR_CACHE=off).
Our CER and numbers are measured the same way from the page text `ita ingest` stored.
While the pipeline has no OCR, scan kinds are marked "no OCR yet" and get no ratio; once
pages come back with method 'ocr', the ratio ours/tesseract (pages/s) is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.ocr.settings import DEFAULT_PSM

from .evaluate import KIND_LABELS, KINDS, input_files, load_set
from .scoring import _flat, _numbers

OCR_KINDS = ("scan300", "scan200", "png", "jpeg")
SCAN_DPI = {"scan300": 300, "scan200": 200}


# --- running things -----------------------------------------------------------------

# A small launcher measures the command's process tree. Measuring it from here would
# not work: Linux hands a child the high-water RSS of the process it was forked from
# (this one, with pythainlp and DuckDB loaded), so every child would read >= ours.
_LAUNCHER = """
import os, signal, subprocess, sys
rss_file, timeout, cmd = sys.argv[1], int(float(sys.argv[2])), sys.argv[3:]
p = subprocess.Popen(cmd)
if timeout > 0:
    signal.signal(signal.SIGALRM, lambda *_: p.kill())
    signal.alarm(timeout)
_, status, usage = os.wait4(p.pid, 0)
with open(rss_file, "w") as f:
    f.write(str(usage.ru_maxrss))
sys.stdout.flush()
os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def run_measured(cmd: list[str], env: dict | None = None, capture: bool = False,
                 timeout: float = 0) -> tuple[int, float, int, bytes]:
    """(exit code, seconds, peak RSS in KB of the command's largest process, stdout)."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss, tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        rc = subprocess.call([sys.executable, "-S", "-c", _LAUNCHER, rss.name, str(timeout), *cmd],
                             env=env, stdout=out if capture else subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - t0
        try:
            peak = int(Path(rss.name).read_text() or 0)
        except (OSError, ValueError):
            peak = 0
        out.seek(0)
        return rc, seconds, peak, out.read() if capture else b""


def _ita_cmd() -> list[str]:
    ita = Path(sys.executable).parent / "ita"
    return [str(ita)] if ita.exists() else [sys.executable, "-m", "pipeline.cli"]


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", **extra)
    return env


# --- choosing the subset ---------------------------------------------------------------

def subset(truths: list[dict], kind: str, min_pages: int) -> list[tuple[dict, list[str]]]:
    """Whole documents of this kind, in corpus order, until at least min_pages pages."""
    out, pages = [], 0
    for t in truths:
        files = input_files(t, (kind,)).get(kind)
        if not files:
            continue
        out.append((t, files))
        pages += t["n_pages"]
        if pages >= min_pages:
            break
    return out


# --- our pipeline ------------------------------------------------------------------------

def bench_ingest(folder: Path, docs, jobs: int, tmp: Path) -> dict:
    paths = [str(folder / n) for _, names in docs for n in names]
    db = tmp / f"bench-{len(list(tmp.iterdir()))}.duckdb"
    rc, seconds, rss, _ = run_measured(_ita_cmd() + ["ingest", *paths, "--db", str(db),
                                                     "--jobs", str(jobs)], env=_env())
    pages = sum(t["n_pages"] for t, _ in docs)
    out = {"exit_code": rc, "files": len(paths), "pages": pages, "seconds": round(seconds, 2),
           "pages_per_s": round(pages / seconds, 2) if seconds else None,
           "peak_rss_mb": round(rss / 1024, 1)}
    out.update(_our_accuracy(db, folder, docs))
    return out


def _our_accuracy(db: Path, folder: Path, docs) -> dict:
    """How our pipeline read the pages (methods) and, like the baselines, CER and numbers
    read exactly against the truth."""
    from pipeline import load

    try:
        con = load.connect(str(db), read_only=True)
    except Exception as e:  # noqa: BLE001 - a failed run leaves no database
        return {"methods": {}, "error": str(e)}
    try:
        ids = dict(con.execute("SELECT path, file_id FROM file_paths").fetchall())
        ids.update(con.execute("SELECT path, file_id FROM files").fetchall())
        rows = con.execute("SELECT file_id, page_no, method, text FROM pages").fetchall()
    finally:
        con.close()
    text = {(fid, no): (method, txt) for fid, no, method, txt in rows}
    acc, methods = Accuracy(), Counter()
    for t, names in docs:
        for i, name in enumerate(names, 1):
            fid = ids.get(str(folder / name))
            pages = range(1, t["n_pages"] + 1) if len(names) == 1 else [i]
            for page in pages:
                method, txt = text.get((fid, 1 if len(names) > 1 else page), ("missing", ""))
                methods[method] += 1
                acc.add(t, page, txt or "")
    return {"methods": dict(methods), **acc.as_dict()}


def bench_stages(folder: Path, docs, tmp: Path) -> dict:
    """read / OCR / extract / load times, in this process, one file after another, on
    the subset's smallest document (OCR makes more too slow for a default run)."""
    from pipeline import discover, ingest as ing, load, stages

    db = tmp / "stages.duckdb"
    if db.exists():
        db.unlink()
    con = load.connect(str(db))
    t = Counter()
    pages = 0
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    staged = hasattr(ing, "read_file") and hasattr(ing, "ocr_task")  # OCR as its own stage

    def read(task):
        if not staged:
            return (*stages.read_pages(task), [])
        got = stages.read_file(task)
        if isinstance(got, stages.FileResult):
            raise RuntimeError(f"{task.path}: {got.error}")
        return got

    docs = [min(docs, key=lambda d: d[0]["n_pages"])]  # the smallest: OCR is slow
    first = str(folder / docs[0][1][0])
    try:
        # warm-up, not timed (and not OCR'd): imports, the Thai dictionary, DuckDB
        _, mt = discover.hash_and_sniff(first)
        warm = stages.FileTask(first, "warm-up", mt, None)
        pgs, enc, _ = read(warm)
        load.load_file(con, stages.to_records(stages.finish_file(warm, pgs, enc), now), first)
        for n in docs[0][1]:
            path = str(folder / n)
            file_id, media_type = discover.hash_and_sniff(path)
            task = stages.FileTask(path, file_id, media_type, os.path.getsize(path))
            t0 = time.perf_counter()
            pgs, enc, todo = read(task)
            t1 = time.perf_counter()
            if todo:
                pgs = stages.merge_ocr(pgs, {p: stages.ocr_task(task, p) for p in todo})
            t2 = time.perf_counter()
            result = stages.finish_file(task, pgs, enc)
            t3 = time.perf_counter()
            load.load_file(con, stages.to_records(result, now), path)
            t4 = time.perf_counter()
            t["read"] += t1 - t0
            t["ocr"] += t2 - t1
            t["extract"] += t3 - t2
            t["load"] += t4 - t3
            pages += len(pgs)
    finally:
        con.close()
    out = {f"{k}_ms_per_page": round(1000 * v / max(pages, 1), 1) for k, v in t.items()}
    total = sum(t.values())
    out["pages"] = pages
    out["pages_per_s"] = round(pages / total, 2) if total else None
    return out


# --- baselines ---------------------------------------------------------------------------

def page_images(folder: Path, kind: str, docs, tmp: Path) -> list[tuple[Path, dict, int]]:
    """(image, truth, page number) for every page: page-image files as they are, scanned
    PDFs rasterised at their native resolution."""
    out = []
    if kind in SCAN_DPI:
        import pypdfium2 as pdfium

        for t, (name,) in docs:
            pdf = pdfium.PdfDocument(str(folder / name))
            try:
                for i in range(len(pdf)):
                    img = tmp / f"{kind}-{t['doc']}-p{i + 1}.png"
                    bitmap = pdf[i].render(scale=SCAN_DPI[kind] / 72, grayscale=True)
                    bitmap.to_pil().convert("L").save(img, dpi=(SCAN_DPI[kind],) * 2)
                    out.append((img, t, i + 1))
            finally:
                pdf.close()
    else:
        for t, names in docs:
            out += [(folder / n, t, i) for i, n in enumerate(names, 1)]
    return out


class Accuracy:
    def __init__(self):
        self.edits = self.chars = self.nums = self.nums_exact = 0

    def add(self, truth: dict, page: int, text: str) -> None:
        ref = next(p["text"] for p in truth["page_text"] if p["page"] == page)
        a, b = _flat(ref), _flat(text)
        self.edits += Levenshtein.distance(a, b)
        self.chars += len(a)
        want = Counter(round(n["value"], 4) for n in truth["numbers"] if n["page"] == page)
        self.nums += sum(want.values())
        self.nums_exact += sum((want & _numbers(text)).values())

    def as_dict(self) -> dict:
        return {"cer": round(self.edits / self.chars, 4) if self.chars else None,
                "numbers_exact": round(self.nums_exact / self.nums, 4) if self.nums else None}


def bench_tesseract(images, jobs: int) -> dict:
    if not shutil.which("tesseract"):
        return {"skipped": "tesseract not found (apt-get install tesseract-ocr tesseract-ocr-tha)"}
    env = _env(OMP_THREAD_LIMIT="1")

    def one(item):
        img, _, _ = item
        return run_measured(["tesseract", str(img), "-", "-l", "tha+eng", "--psm", str(DEFAULT_PSM)],
                            env=env, capture=True, timeout=300)

    t0 = time.monotonic()
    with ThreadPoolExecutor(jobs) as pool:
        runs = list(pool.map(one, images))
    seconds = time.monotonic() - t0
    acc = Accuracy()
    failed = 0
    for (img, truth, page), (rc, _, _, out) in zip(images, runs):
        failed += rc != 0
        acc.add(truth, page, out.decode("utf-8", "replace"))
    return {"pages": len(images), "seconds": round(seconds, 2),
            "pages_per_s": round(len(images) / seconds, 3) if seconds else None,
            "peak_rss_mb": round(max((r[2] for r in runs), default=0) / 1024, 1),
            "failed": failed, **acc.as_dict()}


def ensure_ocrmypdf() -> tuple[list[str] | None, str | None]:
    """The ocrmypdf command, pip-installing it into this venv on first use."""
    exe = Path(sys.executable).parent / "ocrmypdf"
    if exe.exists():
        return [str(exe)], None
    if shutil.which("ocrmypdf"):
        return [shutil.which("ocrmypdf")], None
    print("bench: installing ocrmypdf into the venv (first use)…", file=sys.stderr)
    try:
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "ocrmypdf"],
                           capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"pip install ocrmypdf failed: {e}"
    if r.returncode != 0 or not exe.exists():
        tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["?"]
        return None, f"pip install ocrmypdf failed: {tail[0]}"
    return [str(exe)], None


def bench_ocrmypdf(folder: Path, docs, jobs: int, tmp: Path) -> dict:
    cmd, why = ensure_ocrmypdf()
    if cmd is None:
        return {"skipped": why}
    env = _env(OMP_THREAD_LIMIT="1")
    acc = Accuracy()
    seconds, rss, failed, pages = 0.0, 0, 0, 0
    errors = []
    for t, (name,) in docs:
        sidecar, out_pdf = tmp / f"{t['doc']}.ocr.txt", tmp / f"{t['doc']}.ocr.pdf"
        rc, s, r, _ = run_measured(cmd + ["-q", "-l", "tha", "--sidecar", str(sidecar),
                                          "--output-type", "pdf", "--optimize", "0",
                                          "-j", str(jobs), str(folder / name), str(out_pdf)],
                                   env=env, timeout=600)
        seconds, rss, pages = seconds + s, max(rss, r), pages + t["n_pages"]
        if rc != 0 or not sidecar.exists():
            failed += 1
            errors.append(f"{name}: exit {rc}")
            continue
        texts = sidecar.read_text(encoding="utf-8", errors="replace").split("\f")
        for page in range(1, t["n_pages"] + 1):
            acc.add(t, page, texts[page - 1] if page <= len(texts) else "")
    if failed == len(docs):
        return {"skipped": "ocrmypdf failed on every file: " + "; ".join(errors[:3])}
    return {"pages": pages, "seconds": round(seconds, 2),
            "pages_per_s": round(pages / seconds, 3) if seconds else None,
            "peak_rss_mb": round(rss / 1024, 1), "failed": failed, **acc.as_dict()}


# --- the run -------------------------------------------------------------------------------

def _fastest(runs: list[dict]) -> dict:
    """The fastest of repeated runs, with every run's seconds."""
    best = dict(min(runs, key=lambda r: r.get("seconds") or float("inf")))
    best["runs_seconds"] = [r.get("seconds") for r in runs]
    return best


def bench(folder: Path, min_pages: int, jobs: int, kinds=KINDS, tesseract=True,
          ocrmypdf=True, log=sys.stderr, repeat: int = 2) -> dict:
    folder = folder.resolve()
    truths = load_set(folder)
    result = {"set": str(folder), "measured_at": time.strftime("%Y-%m-%d %H:%M"),
              "cpus": os.cpu_count(), "jobs": jobs, "min_pages": min_pages, "repeat": repeat,
              "kinds": {}}
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for kind in kinds:
            docs = subset(truths, kind, min_pages)
            if not docs:
                continue
            print(f"bench: {KIND_LABELS[kind]}: {len(docs)} documents, "
                  f"{sum(t['n_pages'] for t, _ in docs)} pages", file=log, flush=True)
            images = None
            if kind in OCR_KINDS and tesseract:
                work = tmp / kind
                work.mkdir()
                images = page_images(folder, kind, docs, work)
            # ours and the tesseract command take turns, `repeat` times; each is timed by
            # its fastest run (the runs differ by the machine's other load, not by work)
            ours, tess = [], []
            for _ in range(repeat):
                ours.append(bench_ingest(folder, docs, jobs, tmp))
                if images:
                    tess.append(bench_tesseract(images, jobs))
            r = {"label": KIND_LABELS[kind], "ingest": _fastest(ours),
                 "stages": bench_stages(folder, docs, tmp)}
            if tess:
                r["tesseract"] = _fastest(tess)
            if kind in OCR_KINDS:
                ocr = r["ingest"].get("methods", {}).get("ocr", 0)
                r["ours_note"] = f"OCR on {ocr}/{r['ingest']['pages']} pages" if ocr else "no OCR yet"
                if ocrmypdf and kind in SCAN_DPI:
                    work = tmp / f"{kind}-ocrmypdf"
                    work.mkdir()
                    r["ocrmypdf"] = bench_ocrmypdf(folder, docs, jobs, work)
            result["kinds"][kind] = r
    return result


def _n(x, fmt="{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def tables(result: dict) -> str:
    k = result["kinds"]
    lines = [f"bench of {result['set']} ({result['measured_at']}, {result['cpus']} CPUs, "
             f"{result['jobs']} jobs)", "",
             "our pipeline: `ita ingest` into a fresh DB (pages/s: wall clock, start-up "
             "included; peak MB: largest process; CER and numbers read exactly vs the truth);",
             f"ours and the tesseract command ran {result.get('repeat', 1)}× each, taking turns; "
             "pages/s is the fastest run (every run's seconds are in the JSON);",
             "stages (ms/page): the smallest document, file by file, in one warm process:"]
    head = ("kind", "files", "pages", "pages/s", "peak MB", "CER", "numbers", "read ms/p",
            "OCR ms/p", "extract ms/p", "load ms/p", "note")
    rows = []
    for kind, r in k.items():
        i, s = r["ingest"], r["stages"]
        rows.append((r["label"], str(i["files"]), str(i["pages"]), _n(i["pages_per_s"]),
                     _n(i["peak_rss_mb"], "{:.0f}"), _pct(i.get("cer")), _pct(i.get("numbers_exact")),
                     *(_n(s.get(f"{k}_ms_per_page"), "{:.1f}") for k in ("read", "ocr", "extract", "load")),
                     r.get("ours_note", "")))
    lines += _grid(head, rows)
    ocr = {kind: r for kind, r in k.items() if "tesseract" in r or "ocrmypdf" in r}
    if ocr:
        lines += ["", "OCR baselines on the same pages (CER and numbers read exactly vs the truth):"]
        head = ("kind", "pages", "tesseract p/s", "peak MB", "CER", "numbers", "ocrmypdf p/s",
                "peak MB", "CER", "numbers", "ours/tesseract")
        rows = []
        for kind, r in ocr.items():
            t, o = r.get("tesseract", {}), r.get("ocrmypdf", {})
            ours = r["ingest"].get("pages_per_s")
            ratio = (f"{ours / t['pages_per_s']:.2f}×" if r.get("ours_note", "").startswith("OCR")
                     and ours and t.get("pages_per_s") else r.get("ours_note", ""))
            rows.append((r["label"], str(t.get("pages", o.get("pages", ""))),
                         _n(t.get("pages_per_s"), "{:.3f}") if "skipped" not in t else "skipped",
                         _n(t.get("peak_rss_mb"), "{:.0f}"), _pct(t.get("cer")),
                         _pct(t.get("numbers_exact")),
                         (_n(o.get("pages_per_s"), "{:.3f}") if "skipped" not in o else "skipped")
                         if o else "n/a",
                         _n(o.get("peak_rss_mb"), "{:.0f}"), _pct(o.get("cer")),
                         _pct(o.get("numbers_exact")), ratio))
        lines += _grid(head, rows)
        for kind, r in ocr.items():
            for name in ("tesseract", "ocrmypdf"):
                if "skipped" in r.get(name, {}):
                    lines.append(f"  {name} ({r['label']}): skipped: {r[name]['skipped']}")
        both = [(r["tesseract"], r["ocrmypdf"]) for r in ocr.values()
                if r.get("tesseract", {}).get("pages_per_s") and r.get("ocrmypdf", {}).get("pages_per_s")]
        if both:
            ratio = sum(o["pages_per_s"] / t["pages_per_s"] for t, o in both) / len(both)
            lines.append(f"  ocrmypdf runs at {ratio:.2f}× raw tesseract's pages/s on the scanned PDFs "
                         "(rasterising, PDF writing and its own page handling included)")
    return "\n".join(lines)


def _grid(head, rows) -> list[str]:
    ws = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    fmt = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                  for i, (c, w) in enumerate(zip(cells, ws))).rstrip()
    return [fmt(head), "-" * len(fmt(head)), *(fmt(r) for r in rows)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.bench", description=__doc__.split("\n")[0])
    ap.add_argument("set", nargs="?", default="samples/corpus", type=Path)
    # 20: enough pages that the fixed start-up (process and worker spawn, imports, the
    # Thai dictionary) weighs as it does on a real folder, not as on a handful of pages
    ap.add_argument("--pages", type=int, default=20, help="at least this many pages per kind")
    ap.add_argument("--jobs", type=int, default=2, help="parallel processes (all three tools)")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--json", type=Path, help="also write the result as JSON here")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs of ours and of the tesseract command, taking turns; the fastest counts")
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--no-ocrmypdf", action="store_true")
    ap.add_argument("--no-goals", action="store_true", help="leave out issue 23's goals (samples/bench_goals.py)")
    ap.add_argument("--goals-only", action="store_true", help="only issue 23's goals")
    ap.add_argument("--goal-files", type=int, default=5000, help="small text files for the files goals")
    a = ap.parse_args(argv)
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    # the pipeline caches OCR results on disk: a benchmark must not read them back
    os.environ["ITA_OCR_CACHE"] = "off"
    kinds = tuple(k for k in a.kinds.split(",") if k)
    if set(kinds) - set(KINDS):
        ap.error(f"unknown kinds: {', '.join(sorted(set(kinds) - set(KINDS)))}")
    t0 = time.monotonic()
    if a.goals_only:
        result = {"kinds": {}}
    else:
        result = bench(a.set, a.pages, a.jobs, kinds, not a.no_tesseract, not a.no_ocrmypdf,
                       repeat=max(1, a.repeat))
        print(tables(result))
    if not a.no_goals:
        from .bench_goals import goals, goals_table

        result["goals"] = goals(repeat=max(3, a.repeat), n_files=a.goal_files, jobs=a.jobs)
        print(("\n" if result["kinds"] else "") + goals_table(result["goals"]))
    result["seconds"] = round(time.monotonic() - t0, 1)
    print(f"\n(bench took {result['seconds']:.0f} s)")
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
