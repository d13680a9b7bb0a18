"""Accuracy of the pipeline on a generated corpus (`make eval [SET=samples/corpus]`).

    python -m samples.evaluate [SET] [--json FILE] [--jobs N] [--db FILE]

Ingests every rendering listed in SET/manifest.json into a temporary DuckDB with the real
pipeline (pipeline.ingest.ingest), then compares the tables with the truth JSON, per
input kind (text, digital PDF, clean scan, noisy scan, PNG and JPEG page images) and per
record type:

- reports: the headline fields (doc_type, agency_name, province, fiscal_year,
  overall_score, level) of the report with the same (file, doc_index); district, rank,
  doc_date and doc_number are scored separately (JSON `report_fields`);
- tool_scores, indicator_scores (key: doc_index, fiscal_year, tool/indicator; right when
  the score is equal), measures (doc_index, indicator — a generated measures table names
  each indicator once; right when the first question code and the status agree),
  oit_items (doc_index, code; right when the status agrees);
- flags: recall of the expected flags (kind, doc_index), and the false-positive rate:
  the share of reports with no planted defect that got a flag anyway. `ocr_required`,
  `missing_field` and `parse_error` say what the pipeline could not read, not what is
  wrong in a report: they are counted apart, not as false positives;
- numbers read exactly: the share of the numbers printed on a page (truth `numbers`)
  found with the same value on the same page of the pipeline's page text;
- Thai CER: character error rate of the pipeline's page text against the truth's
  `page_text`, whitespace removed (line breaks and cell order are layout, not reading).

Per family (input kind; the kinds of samples/engines.py, `docx_pdf`, `html_scan300`…,
are documents laid out by LibreOffice or Chromium, `docx` the Word file itself) a
summary comes first, with the
measures of issue 17: headline fields right, indicator rows F1, measures rows matched by
content (F1: a row read is right when its measure text is a truth row's of the same
report, whatever its indicator or column order), question codes (F1 over the codes of
every measures row), OIT items F1, expected flag kinds found, numbers read exactly.
For the external engines the numbers and CER are taken over the whole document (the
engine, not the generator, decides what falls on which page) and reports' pages come
from the truth's `layouts`.

Precision is "–" where the pipeline produced nothing of a type (0/0); recall is then 0:
a record type the pipeline does not extract yet shows as such, it is not left out.
Page images (png/jpeg) are one file per page: a document's page files are taken
together (the pipeline groups them, pipeline/groups.py); the first report read from a
truth report's first page stands for it, rows read from any of its pages count for it,
and other reports are extras (false positives).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from . import engines
from samples.scoring import (
    EXTRA_FIELDS, HEADLINE, MEASURE_VIEWS, RECORD_TYPES, STATEMENT_FIELDS, Db, KindResult,
    rendering, score_rendering, truth_for_kind,
)

KINDS = ("text", "pdf", "scan300", "scan200", "png", "jpeg")

ALL_KINDS = KINDS + ("skew", "fax", "photo") + engines.KINDS + engines.SOURCE_KINDS

KIND_LABELS = {"text": "text", "pdf": "digital PDF", "scan300": "clean scan",
               "scan200": "noisy scan", "png": "PNG pages", "jpeg": "JPEG pages",
               "skew": "skewed scan", "fax": "fax", "photo": "page photos",
               **{k: k for k in engines.KINDS + engines.SOURCE_KINDS}}


def load_set(folder: Path) -> list[dict]:
    manifest = folder / "manifest.json"
    if manifest.exists():
        docs = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
        names = [d["truth"] for d in docs]
    else:
        names = sorted(p.name for p in folder.glob("*.truth.json"))
    truths = [json.loads((folder / n).read_text(encoding="utf-8")) for n in names]
    if not truths:
        raise SystemExit(f"{folder}: no manifest.json and no *.truth.json (run `make samples`)")
    old = [t["doc"] for t in truths if t.get("version", 1) < 2]
    if old:
        raise SystemExit(f"{folder}: truth files of an older generator ({old[0]}…): regenerate")
    return truths


def input_files(truth: dict, kinds=KINDS) -> dict[str, list[str]]:
    out = {}
    for kind, names in truth["files"].items():
        if kind in kinds:
            out[kind] = names if isinstance(names, list) else [names]
    return out


def evaluate(folder: Path, jobs: int | None = None, db_path: str | None = None,
             kinds=ALL_KINDS, log=None) -> dict:
    from pipeline import load
    from pipeline.ingest import ingest
    from pipeline.version import PIPELINE_VERSION

    folder = folder.resolve()
    truths = load_set(folder)
    results = {k: KindResult() for k in kinds}
    n_files, seconds, lines = 0, 0.0, []
    # one database per input kind: the renderings of one document are different files,
    # and in one database the cross-file checks would compare them with each other
    with tempfile.TemporaryDirectory(prefix="ita-eval-") as tmp:
        for kind in kinds:
            paths = [str(folder / n) for t in truths for n in input_files(t, (kind,)).get(kind, ())]
            if not paths:
                continue
            db = (f"{db_path.removesuffix('.duckdb')}.{kind}.duckdb" if db_path
                  else os.path.join(tmp, f"eval-{kind}.duckdb"))
            t0 = time.monotonic()
            summary = ingest(paths, db, jobs=jobs, out=log or io.StringIO())
            seconds += time.monotonic() - t0
            n_files += len(paths)
            lines.append(f"{KIND_LABELS[kind]}: {summary.line()}")
            con = load.connect(db, read_only=True)
            try:
                got = Db(con)
            finally:
                con.close()
            for t in truths:
                names = input_files(t, (kind,)).get(kind)
                if names:
                    view = truth_for_kind(t, kind)
                    score_rendering(results[kind], view, rendering(got, folder, names, view), kind)
    return {
        "set": str(folder), "pipeline_version": PIPELINE_VERSION,
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "ingest": {"files": n_files, "seconds": round(seconds, 1), "summary": "; ".join(lines)},
        "kinds": {k: {"label": KIND_LABELS[k], **r.as_dict()} for k, r in results.items()
                  if r.docs},
        "details": {k: r.details for k, r in results.items() if r.docs},
    }


def _f(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f}%" if pct else f"{x:.2f}"


def _prf_cell(d: dict) -> str:
    if d["tp"] + d["fn"] == 0 and d["fp"] == 0:
        return "n/a"
    p = "–" if d["precision"] is None else f"{d['precision']:.2f}"
    return f"{p}/{_f(d['recall'])}/{_f(d['f1'])}"


def summary(result: dict) -> str:
    """The issue-17 measures, one column a family."""
    kinds = result["kinds"]
    cols = list(kinds)
    rows = [
        ("documents / pages", [f"{kinds[k]['docs']} / {kinds[k]['pages']}" for k in cols]),
        ("headline fields right", [_f(kinds[k]["reports"]["recall"]) for k in cols]),
        ("indicator rows F1", [_f(kinds[k]["indicator_scores"]["f1"]) for k in cols]),
        ("measures rows by content F1", [_f(kinds[k]["measures_by_content"]["f1"]) for k in cols]),
        ("measures question codes F1", [_f(kinds[k]["question_codes"]["f1"]) for k in cols]),
        ("OIT items F1", [_f(kinds[k]["oit_items"]["f1"]) for k in cols]),
        ("expected flag kinds found", [_f(kinds[k]["flags"]["recall"]) for k in cols]),
        ("numbers read exactly", [_f(kinds[k]["numbers"]["share_exact"], True) for k in cols]),
    ]
    # issue 18: announcements and news, and stored values that are wrong with no flag
    st = {k: kinds[k]["statements"] for k in cols}
    if any(st[k]["docs"] for k in cols):
        rows += [
            ("announcements: overall/level/year", ["/".join(_f(st[k][f]["accuracy"]) for f in
                                                            ("overall_score", "level", "fiscal_year")) for k in cols]),
            ("announcements: agency/quoted/ranks", ["/".join(_f(st[k][f]["accuracy"]) for f in
                                                             ("agency_name", "quoted_years", "ranks")) for k in cols]),
        ]
    rows.append(("wrong values (without a flag)", [f"{st[k]['wrong_values']} ({st[k]['wrong_without_flag']})"
                                                   for k in cols]))
    return _grid(["", *[kinds[k]["label"] for k in cols]], rows)


def _grid(head: list[str], rows: list[tuple[str, list[str]]]) -> str:
    w0 = max(len(r[0]) for r in rows)
    ws = [max(len(head[i + 1]), *(len(r[1][i]) for r in rows)) for i in range(len(head) - 1)]
    lines = ["  ".join([head[0].ljust(w0), *(h.rjust(w) for h, w in zip(head[1:], ws))])]
    lines.append("-" * len(lines[0]))
    for name, cells in rows:
        lines.append("  ".join([name.ljust(w0), *(c.rjust(w) for c, w in zip(cells, ws))]))
    return "\n".join(lines)


def table(result: dict) -> str:
    kinds = result["kinds"]
    cols = list(kinds)
    rows: list[tuple[str, list[str]]] = [
        ("documents / pages", [f"{kinds[k]['docs']} / {kinds[k]['pages']}" for k in cols]),
        ("files ok/partial/failed", ["/".join(str(kinds[k]["file_status"].get(s, 0))
                                              for s in ("ok", "partial", "failed")) for k in cols]),
    ]
    for t in RECORD_TYPES + MEASURE_VIEWS:
        rows.append((f"{t} P/R/F1", [_prf_cell(kinds[k][t]) for k in cols]))
    for fld in HEADLINE + EXTRA_FIELDS:
        rows.append((f"  {fld} recall", [_f(kinds[k]["report_fields"][fld]["recall"]) for k in cols]))
    rows += [
        ("numbers read exactly", [_f(kinds[k]["numbers"]["share_exact"], True) for k in cols]),
        ("Thai CER (page text)", [_f(kinds[k]["cer"]["cer"], True) for k in cols]),
        ("flag recall", [f"{_f(kinds[k]['flags']['recall'])} ({kinds[k]['flags']['found']}/"
                         f"{kinds[k]['flags']['expected']})" for k in cols]),
        ("flag false-positive rate", [f"{_f(kinds[k]['flags']['false_positive_rate'])} "
                                      f"({kinds[k]['flags']['clean_reports_flagged']}/"
                                      f"{kinds[k]['flags']['clean_reports']})" for k in cols]),
        ("  of which with an error flag", [f"{_f(kinds[k]['flags']['error_false_positive_rate'])} "
                                           f"({kinds[k]['flags']['clean_reports_with_error']}/"
                                           f"{kinds[k]['flags']['clean_reports']})" for k in cols]),
        ("ocr_required flags", [str(kinds[k]["flags"]["status_flags"].get("ocr_required", 0))
                                for k in cols]),
        ("announcements and news", [str(kinds[k]["statements"]["docs"]) for k in cols]),
    ]
    for fld in STATEMENT_FIELDS:
        rows.append((f"  {fld.replace('_', ' ')} accuracy",
                     [f"{_f(kinds[k]['statements'][fld]['accuracy'])} ({kinds[k]['statements'][fld]['right']}/"
                      f"{kinds[k]['statements'][fld]['total']})" for k in cols]))
    rows.append(("wrong stored values (all reports)", [str(kinds[k]["statements"]["wrong_values"]) for k in cols]))
    rows.append(("  of which without a flag", [str(kinds[k]["statements"]["wrong_without_flag"]) for k in cols]))
    flag_kinds = sorted({fk for k in cols for fk in kinds[k]["flags"]["by_kind"]})
    for fk in flag_kinds:
        cells = []
        for k in cols:
            got = kinds[k]["flags"]["by_kind"].get(fk)
            cells.append(f"{got['found']}/{got['expected']}" if got else "–")
        rows.append((f"  flags found: {fk}", cells))
    return _grid(["", *[kinds[k]["label"] for k in cols]], rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.evaluate",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("set", nargs="?", default="samples/corpus", type=Path)
    ap.add_argument("--json", type=Path, help="also write the result as JSON here")
    ap.add_argument("--jobs", type=int, default=None, help="ingest worker processes")
    ap.add_argument("--db", help="keep the databases: DB.<kind>.duckdb, one per input kind "
                                 "(default: temporary files)")
    ap.add_argument("--kinds", default=",".join(ALL_KINDS),
                    help=f"comma-separated, of: {', '.join(ALL_KINDS)} (those in SET)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show ingest progress")
    ap.add_argument("--details", action="store_true",
                    help="list every mismatch, per kind and document")
    a = ap.parse_args(argv)
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    kinds = tuple(k for k in a.kinds.split(",") if k)
    if set(kinds) - set(ALL_KINDS):
        ap.error(f"unknown kinds: {', '.join(sorted(set(kinds) - set(ALL_KINDS)))}")
    taken = [f"{a.db.removesuffix('.duckdb')}.{k}.duckdb" for k in kinds] if a.db else []
    if any(os.path.exists(p) for p in taken):
        ap.error(f"{a.db}: a database of that name exists: give a new path (the evaluation "
                 "needs fresh databases)")
    result = evaluate(a.set, a.jobs, a.db, kinds, sys.stderr if a.verbose else None)
    print(f"eval of {result['set']} (pipeline {result['pipeline_version']}, "
          f"{result['measured_at']}): {result['ingest']['summary']}")
    print(summary(result))
    print()
    print(table(result))
    print("P/R/F1: precision/recall/F1 (P '–': nothing extracted); recall per headline field; "
          "CER on whitespace-free page text")
    if a.details:
        for kind, lines in result["details"].items():
            print(f"\n{KIND_LABELS[kind]}: {len(lines)} mismatches")
            for doc, what in lines:
                print(f"  {doc}: {what}")
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {a.json}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
