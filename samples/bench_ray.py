"""The Ray path beside the local pool on scanned pages (`make bench` runs it when Ray is
installed; docs/scale-out.md).

    python -m samples.bench_ray SET... [--kinds scan200,scan300] [--pages 200] [--jobs N]
                                [--repeat 1] [--seed 20001] [--json FILE]

Takes whole scanned PDFs of the given kinds from the SET folders until at least --pages
pages (when the SETs hold fewer, generates the rest as noisy 200-dpi scans with
samples.generate --seed, not timed), copies them to a temporary folder and times, taking turns --repeat times,
`ita ingest DIR --jobs N` (the local pool) and `ita ingest DIR --ray --jobs N` (a Ray
cluster of this machine, started by the run), each into a fresh database with the OCR
cache off. The wall clock is the command's, start-up included (Python, the cluster,
Ray's workers importing the pipeline). Prints pages/s of both, the ratio, pages per
core-hour and the hours one million such pages take on 100 and 500 cores at that rate,
with the load average before and after (the machine may be shared).
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
from pathlib import Path

MILLION = 1_000_000


def scanned_files(sets: list[Path], kinds: tuple[str, ...], pages: int) -> list[tuple[Path, int]]:
    """Whole files of the kinds, in name order, until at least `pages` pages."""
    import pypdfium2

    out, total = [], 0
    for s in sets:
        for p in sorted(s.iterdir()):
            if not any(p.name.endswith(f".{k}.pdf") for k in kinds):
                continue
            n = len(pypdfium2.PdfDocument(str(p)))
            out.append((p, n))
            total += n
            if total >= pages:
                return out
    return out


def timed_ingest(src: Path, db: Path, jobs: int, ray: bool) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(src), "--db", str(db), "--jobs", str(jobs)]
    if ray:
        cmd += ["--ray", "--shards", str(db) + ".shards"]
    env = {**os.environ, "ITA_OCR_CACHE": "off", "PYTHAINLP_OFFLINE": "1"}
    started = time.monotonic()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    return wall, r.returncode, last


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--kinds", default="scan200,scan300")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=20001, help="for scans generated to make up --pages")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    try:
        import ray  # noqa: F401
    except ImportError:
        print("bench_ray: Ray is not installed (make ray): skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="ita-bench-ray-") as tmp:
        files = scanned_files(args.sets, tuple(args.kinds.split(",")), args.pages)
        n_pages = sum(n for _, n in files)
        if n_pages < args.pages:
            gen = Path(tmp, "generated")
            n_docs = -(-(args.pages - n_pages) // 3)  # ~3.2 pages a document
            print(f"bench_ray: {n_pages} scanned pages in the set; generating {n_docs} more "
                  f"documents as scan200 (seed {args.seed})", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(gen), "--n", str(n_docs),
                            "--seed", str(args.seed), "--kinds", "scan200"], check=True,
                           stdout=subprocess.DEVNULL)
            files += scanned_files([gen], ("scan200",), args.pages - n_pages)
            n_pages = sum(n for _, n in files)
        load_before = os.getloadavg()
        best = {"local": float("inf"), "ray": float("inf")}
        runs = []
        src = Path(tmp, "in")
        src.mkdir()
        for i, (p, _) in enumerate(files):  # numbered: a generated name may repeat the set's
            shutil.copy(p, src / f"{i:04d}-{p.name}")
        for i in range(args.repeat):
            for name in ("local", "ray"):
                db = Path(tmp, f"{name}{i}.duckdb")
                wall, rc, line = timed_ingest(src, db, args.jobs, name == "ray")
                runs.append({"path": name, "seconds": round(wall, 1), "exit": rc, "summary": line})
                print(f"{name:>5}: {wall:7.1f} s, exit {rc}: {line}", file=sys.stderr)
                if rc in (0, 2):  # 2: some pages partial (a timeout on a loaded machine)
                    best[name] = min(best[name], wall)
        load_after = os.getloadavg()
    rate = {k: n_pages / v for k, v in best.items() if v < float("inf")}
    per_core_hour = {k: r * 3600 / args.jobs for k, r in rate.items()}
    result = {
        "files": len(files), "pages": n_pages, "kinds": args.kinds, "jobs": args.jobs,
        "cpus": os.cpu_count(), "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in load_after], "runs": runs,
        "pages_per_s": {k: round(v, 3) for k, v in rate.items()},
        "pages_per_core_hour": {k: round(v) for k, v in per_core_hour.items()},
        "ray_over_local": round(rate["ray"] / rate["local"], 2) if len(rate) == 2 else None,
        "hours_for_1M_pages": {k: {str(c): round(MILLION / (v * c), 1) for c in (100, 500)}
                               for k, v in per_core_hour.items()},
    }
    print(f"{n_pages} scanned pages ({args.kinds}) in {len(files)} files, --jobs {args.jobs} on "
          f"{os.cpu_count()} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    for k in rate:
        h = result["hours_for_1M_pages"][k]
        print(f"  {k:>5}: {rate[k]:.3f} pages/s ({per_core_hour[k]:.0f} pages per core-hour); "
              f"1M pages: {h['100']} h on 100 cores, {h['500']} h on 500 cores")
    if result["ray_over_local"] is not None:
        print(f"  ray / local: {result['ray_over_local']:.2f}x (goal >= 0.8x)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
