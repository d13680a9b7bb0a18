"""Issue 23's scan goal: our OCR of a page against the `tesseract` command on the same
page image, in CPU seconds per page (`python -m samples.bench_scans [SET]`, and part of
`make bench`'s goals).

For each scanned kind of the set (scan300, scan200, png, jpeg, photo, ...), the pages
of its first documents (at least --pages) are taken as the pipeline's readers give
them to OCR (a scanned PDF page's stored image, a photo's frame), written as PNG for
the command. Then, page by page and taking turns:

- ours: `ocr_page` in this process with the OCR cache off (Tesseract's library loaded
  once, as in a worker), CPU seconds of this process plus any child it starts (the
  orientation check runs the command);
- the reference: `tesseract PAGE.png - -l tha+eng --psm 4` with OMP_THREAD_LIMIT=1, its
  CPU seconds (user + system, from the child's rusage).

CPU seconds, not wall time: on a shared machine the same page's wall time varies by a
factor of two, its CPU time by a few per cent. The ratio is tesseract's CPU-s/page over
ours (goal >= 1.5), with both readings' CER and share of numbers read exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCAN_KINDS = ("scan300", "scan200", "png", "jpeg", "photo", "docx_scan300", "html_scan300")
GOAL = 1.5


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def scan_pages(folder: Path, kind: str, min_pages: int, tmp: Path) -> list[tuple[Path, dict, int]]:
    """(PNG of the page as OCR gets it, truth, page number) for whole documents of this
    kind, in the set's order, until at least min_pages pages."""
    from pipeline.discover import hash_and_sniff
    from pipeline.ocr.settings import OcrSettings
    from pipeline.readers import registry

    from .evaluate import input_files, load_set

    out: list[tuple[Path, dict, int]] = []
    for t in load_set(folder):
        names = input_files(t, (kind,)).get(kind)
        if not names:
            continue
        for i, name in enumerate(names):
            media = hash_and_sniff(str(folder / name))[1]
            pdf = media == "application/pdf"
            for page in (range(1, t["n_pages"] + 1) if pdf else [i + 1]):
                image = registry.reader(media).page_image(str(folder / name), page if pdf else 1, OcrSettings())
                if image is None:
                    continue
                png = tmp / f"{kind}-{t['doc']}-{page}.png"
                image.save(png)
                out.append((png, t, page))
        if len(out) >= min_pages:
            break
    return out


def bench_kind(pages, repeat: int) -> dict:
    from PIL import Image

    from pipeline.ocr import OcrSettings, ocr_page
    from pipeline.ocr.settings import DEFAULT_PSM

    from .bench import Accuracy

    settings = OcrSettings(cache_dir="off")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    ours_runs, tess_runs = [], []
    acc_ours, acc_tess = Accuracy(), Accuracy()
    for k in range(repeat):
        ours = tess = 0.0
        for png, truth, page in pages:
            with Image.open(png) as im:
                im.load()
                c0, k0 = time.process_time(), _children_cpu()
                result = ocr_page(im, page, settings)
                ours += time.process_time() - c0 + _children_cpu() - k0
            k0 = _children_cpu()
            cmd = subprocess.run(["tesseract", str(png), "-", "-l", "tha+eng", "--psm", str(DEFAULT_PSM)],
                                 capture_output=True, env=env, check=False)
            tess += _children_cpu() - k0
            if k == 0:
                acc_ours.add(truth, page, result.text)
                acc_tess.add(truth, page, cmd.stdout.decode("utf-8", "replace"))
        ours_runs.append(ours / len(pages))
        tess_runs.append(tess / len(pages))
    ratios = [t / o for t, o in zip(tess_runs, ours_runs)]
    return {"pages": len(pages), "ours_cpu_s_per_page": _spread(ours_runs),
            "tesseract_cpu_s_per_page": _spread(tess_runs), "ratio": _spread(ratios),
            "ours": acc_ours.as_dict(), "tesseract": acc_tess.as_dict(), "goal": GOAL}


def _spread(xs: list[float]) -> dict:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "runs": [round(x, 3) for x in xs]}


def bench_scans(folder: Path, min_pages: int = 6, repeat: int = 1, kinds=SCAN_KINDS,
                log=sys.stderr) -> dict:
    """{kind: figures} for every scanned kind the set has (see the module's doc)."""
    from PIL import Image

    from pipeline.ocr import OcrSettings, ocr_page

    os.environ["PYTHAINLP_OFFLINE"] = "1"
    folder = folder.resolve()
    out = {}
    with tempfile.TemporaryDirectory(prefix="ita-bench-scans-") as d:
        tmp = Path(d)
        warm = False
        for kind in kinds:
            pages = scan_pages(folder, kind, min_pages, tmp)
            if not pages:
                continue
            if not warm:  # the models, the dictionary and the digit model load once a worker
                with Image.open(pages[0][0]) as im:
                    ocr_page(im, pages[0][2], OcrSettings(cache_dir="off"))
                warm = True
            print(f"bench scans: {kind}: {len(pages)} pages", file=log, flush=True)
            out[kind] = bench_kind(pages, repeat)
    return out


def scans_rows(scans: dict) -> list[tuple[str, ...]]:
    """Rows for bench_goals' table: (goal, ours, reference, reference value, ratio, target)."""
    rows = []
    for kind, r in scans.items():
        o, t = r["ours"], r["tesseract"]
        rows.append((f"{kind} ({r['pages']} p), CPU-s/page; CER, numbers",
                     f"{r['ours_cpu_s_per_page']['median']:.2f}; {_pct(o['cer'])}, {_pct(o['numbers_exact'])}",
                     "tesseract -l tha+eng --psm 4",
                     f"{r['tesseract_cpu_s_per_page']['median']:.2f}; {_pct(t['cer'])}, {_pct(t['numbers_exact'])}",
                     f"{r['ratio']['median']:.2f}× ({r['ratio']['min']:.2f}–{r['ratio']['max']:.2f})",
                     f"≥ {GOAL}×"))
    return rows


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", nargs="?", default=str(ROOT / "samples" / "corpus"))
    ap.add_argument("--pages", type=int, default=6, help="at least this many pages a kind")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(SCAN_KINDS))
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    scans = bench_scans(Path(a.set), a.pages, a.repeat, tuple(a.kinds.split(",")))
    for row in scans_rows(scans):
        print("  ".join(row))
    if a.json:
        Path(a.json).write_text(json.dumps(scans, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
