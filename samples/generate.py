r"""Generate a corpus of synthetic ITA reports with ground truth.

    python -m samples.generate --out samples/corpus --n 12 --seed 20261121 \
        [--defects 0.5] [--kinds text,pdf,scan300,scan200,png,jpeg] [--jobs 1] [--every-kind]

Each document (one file's worth of content: one or two logical reports) is written as
every requested rendering plus `<doc>.truth.json`, shaped like the DuckDB tables
(DESIGN §4). `manifest.json` lists the corpus. The same seed gives the same corpus.

Kinds (a kind is a family `make eval` reports on its own), laid out by our fpdf2 engine:
text (OCR-service .txt), pdf (digital), scan300 (clean 300 dpi bilevel), scan200 (noisy
200 dpi grey), png / jpeg (a file a page), skew (300 dpi bilevel, fed 1.5-4 deg crooked),
fax (1-bit fax), photo (a phone's JPEG of each printed page). Laid out by engines the
project does not control (samples/engines.py), ENGINE_RENDERING: docx_pdf (Word file
written by python-docx, PDF by LibreOffice), html_pdf (HTML printed by headless
Chromium), and docx_/html_ + scan300, scan200, skew, fax, photo: the scans and photos of
those PDFs; docx: the Word file itself; xlsx_pdf (a spreadsheet printed by LibreOffice
Calc), css_pdf (tables as CSS grid/flex divs, printed by Chromium) and their _scan300,
_scan200. Page-image kinds take turns between documents unless --every-kind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import defects as dft
from . import engines
from . import thaifmt as tf
from .agencies import draw_agency
from .announcements import build_announcement
from .builders import Ctx, build_report, join_reports, memo_date
from .layout import page_strings, paginate, tag_pages
from .render_images import render_images
from .render_pdf import render_pdf
from .render_text import plain_page, render_text
from .scores import draw_year, previous_year

IMAGE_KINDS = ("scan300", "scan200", "png", "jpeg", "skew", "fax", "photo")
ALL_KINDS = ("text", "pdf", *IMAGE_KINDS, *engines.KINDS, *engines.SOURCE_KINDS)
DEFAULT_KINDS = ("text", "pdf", "scan300", "scan200", "png", "jpeg")
# Grey page images cost ~300 KB a page: unless --every-kind, each document gets one of
# these in turn (half the documents a noisy scan), so a 12-document corpus stays small.
ROTATED = ("scan200", "png", "scan200", "jpeg")
YEARS = (2564, 2565, 2566, 2567, 2568)
# which logical documents a file holds (a memo often carries its attachment)
PLANS = [
    (("score_report_memo",), 0.30),
    (("o42_analysis_measures",), 0.20),
    (("o43_implementation_report",), 0.20),
    (("score_report_memo", "o42_analysis_measures"), 0.18),
    (("score_report_memo", "o43_implementation_report"), 0.12),
]
SHORT = {"score_report_memo": "memo", "o42_analysis_measures": "o42",
         "o43_implementation_report": "o43"}
TRUTH_VERSION = 2  # 2: page_text, agency_type as the pipeline's codes


def doc_rng(seed: int, index: int) -> random.Random:
    # str seeds hash with SHA-512 inside random: stable across runs and PYTHONHASHSEED
    return random.Random(f"ita-samples:{seed}:{index}")


def _clean(row: dict, pages: dict[str, int]) -> dict:
    """Drop helper keys, turning the row's tag into its page."""
    out = {k: v for k, v in row.items() if not k.startswith("_")}
    if "_tag" in row:
        out["page"] = pages.get(row["_tag"])
    return out


def _offers(rep, kind: str) -> bool:
    """Whether a report has the place a defect kind needs (a rough test)."""
    if kind == "rank_conflict":
        return rep.report.get("rank") is not None
    if kind in ("digit_misread", "indicator_name_garbled"):
        return bool(rep.indicator_scores or (kind == "digit_misread" and rep.tool_scores))
    if kind == "heading_wrong_number":
        return bool(rep.measures)
    return True


def _conflict_flag(defect: dict, target, reports) -> None:
    """A changed value that another report of the same file prints unchanged (the memo's
    overall vs its attachment's) is also a value_conflict."""
    others = [r for r in reports if r is not target]
    kind = defect["kind"]
    if not others:
        return
    if kind == "digit_misread":
        what = defect["target"].split()  # 'indicator 7' / 'tool EIT'
        table = "indicator_scores" if what[0] == "indicator" else "tool_scores"
        key = "indicator" if what[0] == "indicator" else "tool"
        value = int(what[1]) if key == "indicator" else what[1]
        fy = target.report["fiscal_year"]
        if not any(row[key] == value and row["fiscal_year"] == fy
                   for r in others for row in getattr(r, table)):
            return
    elif kind not in ("arithmetic_error", "level_mismatch"):
        return
    defect["flags"].append(dft._flag("value_conflict", defect["_tag"],
                                     f"{kind}: another report in this file prints the intended "
                                     f"value {defect.get('intended')}"))


def _plan(rng: random.Random) -> tuple[str, ...]:
    return rng.choices([p for p, _ in PLANS], weights=[w for _, w in PLANS])[0]


# share of documents that are an agency's announcement or a news item of its result
# (samples/announcements.py); drawn from a stream of its own, so the other documents of a
# seed stay what they were
ANNOUNCEMENTS = 0.25


def build_document(seed: int, index: int, defect_rate: float, announcements: float = ANNOUNCEMENTS):
    """Everything about one document except its renderings: (stem, reports, pages, defects)."""
    rng = doc_rng(seed, index)
    if random.Random(f"ita-announce:{seed}:{index}").random() < announcements:
        rep = build_announcement(rng)
        stem = f"{index:04d}_{rep.extra['family']}_{rep.report['fiscal_year']}"
        return stem, [rep], paginate(join_reports([rep])), [], rng
    agency = draw_agency(rng)
    fy = rng.choice(YEARS)
    plan = _plan(rng)
    # A national agency comes up in several files of a corpus: its result for a year is
    # drawn once for the agency and year, so that files about it agree (as real ones do).
    srng = rng if agency.local else random.Random(f"ita-samples:{seed}:{agency.full_name}:{fy}")
    quality = srng.uniform(68, 97)
    eit_parts = fy == 2566 and srng.random() < 0.5
    scores = draw_year(srng, fy, quality, eit_parts)
    prev = previous_year(srng, scores) if srng.random() < 0.5 else None
    rank = srng.randint(1, agency.category_size) if srng.random() < 0.5 else None
    date = memo_date(rng, fy)
    reports = []
    for i, doc_type in enumerate(plan):
        # memos are mostly typed with Thai digits, attachments mostly with Arabic ones
        thai = rng.random() < (0.7 if doc_type == "score_report_memo" else 0.3)
        ctx = Ctx(rng, agency, fy, scores, prev if doc_type == "score_report_memo" else None,
                  thai, rank if doc_type == "score_report_memo" else None)
        reports.append(build_report(ctx, i, doc_type, date))
    planted: list[dict] = []
    if rng.random() < defect_rate:
        first = dft.KINDS[index % len(dft.KINDS)]
        # a report the first kind can apply to, where the document has a choice
        fits = [r for r in reports if _offers(r, first)] or reports
        target = rng.choice(fits)
        planted = dft.plant(target, rng, agency, rng.choice([1, 1, 2]), first)
        for d in planted:
            _conflict_flag(d, target, reports)
    stem = f"{index:04d}_{'+'.join(SHORT[d] for d in plan)}_{fy}"
    pages = paginate(join_reports(reports))
    return stem, reports, pages, planted, rng


def truth_for(stem: str, reports, pages, planted) -> dict:
    where = tag_pages(pages)
    truth: dict = {"version": TRUTH_VERSION, "doc": stem, "n_pages": len(pages),
                   "reports": [], "tool_scores": [], "indicator_scores": [], "measures": [],
                   "oit_items": [], "expected_flags": [], "defects": [], "notes": []}
    # One agency per file: a memo that does not state its district and province has
    # them from the attachment that does (the pipeline decides on the whole file).
    placed = next((r.report for r in reports if r.report.get("province")), None)
    for rep in reports:
        row = dict(rep.report)
        if placed and not row.get("province"):
            row.update(district=placed["district"], province=placed["province"])
        row["first_page"] = where[rep.tag("start")]
        row["last_page"] = where[rep.tag("end")]
        truth["reports"].append(row)
        for table in ("tool_scores", "indicator_scores", "measures", "oit_items"):
            for r in getattr(rep, table):
                truth[table].append({"doc_index": rep.doc_index, **_clean(r, where)})
        truth["notes"] += [f"doc {rep.doc_index}: {n}" for n in rep.notes]
    for d in planted:
        for f in d["flags"]:
            truth["expected_flags"].append({"doc_index": d["doc_index"], **_clean(f, where)})
        truth["defects"].append(_clean({k: v for k, v in d.items() if k != "flags"}, where))
    for rep in reports:  # announcements: ranks with their groups, results by year
        if hasattr(rep, "truth"):
            more = rep.truth()
            truth["expected_flags"] += [_clean(f, where) for f in more.pop("expected_flags")]
            truth.update(more)
    truth["page_text"] = [{"page": p.number, "text": plain_page(p)} for p in pages]
    truth["numbers"] = [
        {"page": p.number, "text": tok, "value": tf.parse_number(tok)}
        for p in pages for s in page_strings(p) for tok in tf.number_tokens(s)
    ]
    return truth


def doc_kinds(kinds: tuple[str, ...], index: int, every_kind: bool) -> tuple[str, ...]:
    """The renderings document `index` gets: all requested kinds, except that the heavy
    page-image kinds take turns (see ROTATED) unless every_kind."""
    turn = [k for k in ROTATED if k in kinds]
    if every_kind or len(set(turn)) <= 1:
        return kinds
    mine = turn[(index - 1) % len(turn)]
    return tuple(k for k in kinds if k not in ROTATED or k == mine)


def generate_one(args: tuple) -> dict:
    seed, index, defect_rate, kinds, out, every_kind, *share = args
    out = Path(out)
    kinds = engines.rotate(doc_kinds(kinds, index, every_kind), index, every_kind)
    stem, reports, pages, planted, rng = build_document(seed, index, defect_rate, *share)
    truth = truth_for(stem, reports, pages, planted)
    files: dict = {}
    box_style = rng.choice(["html", "html", "glyph", "ascii"])
    if "text" in kinds:
        (out / f"{stem}.txt").write_text(render_text(pages, box_style), encoding="utf-8")
        files["text"] = f"{stem}.txt"
    image_kinds = set(kinds) & set(IMAGE_KINDS)
    if "pdf" in kinds or image_kinds:
        pdf_path = out / f"{stem}.pdf"
        render_pdf(pages, stem, pdf_path)
        if "pdf" in kinds:
            files["pdf"] = f"{stem}.pdf"
        files.update(render_images(pdf_path, out, stem, image_kinds, seed * 100003 + index))
        if "pdf" not in kinds:
            pdf_path.unlink()
    truth["files"] = files
    truth["text_checkbox_style"] = box_style
    (out / f"{stem}.truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    layouts = engines.write_sources(out, stem, reports, seed, index, kinds)  # see finish()
    return {"doc": stem, "truth": f"{stem}.truth.json", "n_pages": len(pages),
            "doc_types": [r["doc_type"] for r in truth["reports"]],
            "fiscal_year": truth["reports"][0]["fiscal_year"],
            "defects": [d["kind"] for d in truth["defects"]], "files": files,
            **({"_layouts": layouts, "_index": index} if layouts else {})}


def _remove_previous(out: Path) -> None:
    """Delete the files an earlier run listed in out/manifest.json (and nothing else), so
    a regenerated corpus holds no stale renderings."""
    manifest = out / "manifest.json"
    if not manifest.exists():
        return
    try:
        docs = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
    except (ValueError, OSError):
        return
    for d in docs:
        for name in d.get("sha256", {}):
            if "/" not in name and (out / name).is_file():
                (out / name).unlink()
    manifest.unlink()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--defects", type=float, default=0.5, help="probability of defects per document")
    ap.add_argument("--kinds", default=",".join(DEFAULT_KINDS),
                    help=f"comma-separated, of: {', '.join(ALL_KINDS)} (see above)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--announcements", type=float, default=ANNOUNCEMENTS,
                    help="share of documents that are announcements or news of a result "
                         f"(default {ANNOUNCEMENTS})")
    ap.add_argument("--every-kind", action="store_true",
                    help="render every requested kind of every document (by default the "
                         "page-image kinds other than scan300 take turns, to keep corpora "
                         "small)")
    a = ap.parse_args(argv)
    kinds = tuple(k for k in a.kinds.split(",") if k)
    bad = set(kinds) - set(ALL_KINDS)
    if bad:
        ap.error(f"unknown kinds: {', '.join(sorted(bad))}")
    if engines.missing_tools(kinds):
        ap.error(f"kinds {a.kinds} need {', '.join(engines.missing_tools(kinds))}: "
                 f"run `{engines.INSTALL}` (as root) or drop the docx_/html_/xlsx_/css_ kinds")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    a.out.mkdir(parents=True, exist_ok=True)
    _remove_previous(a.out)
    t0 = time.monotonic()
    tasks = [(a.seed, i, a.defects, kinds, str(a.out), a.every_kind, a.announcements)
             for i in range(1, a.n + 1)]
    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs) as pool:
            docs = list(pool.map(generate_one, tasks, chunksize=4))
    else:
        docs = []
        for t in tasks:
            docs.append(generate_one(t))
            print(f"\r{len(docs)}/{a.n} {docs[-1]['doc']}", end="", file=sys.stderr)
        print(file=sys.stderr)
    engines.finish(a.out, docs, a.seed, None if a.jobs > 1 else sys.stderr)
    for d in docs:  # checksums let a consumer see a corpus changed
        names = [d["truth"]] + [f for v in d["files"].values() for f in (v if isinstance(v, list) else [v])]
        d["sha256"] = {n: _sha256(a.out / n) for n in names}
    manifest = {"generator": "samples.generate", "truth_version": TRUTH_VERSION, "seed": a.seed,
                "n": a.n, "defect_rate": a.defects, "announcements": a.announcements, "kinds": list(kinds),
                "every_kind": a.every_kind, "documents": docs}
    (a.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    size = sum(p.stat().st_size for p in a.out.iterdir() if p.is_file())
    print(f"{a.n} documents, {sum(d['n_pages'] for d in docs)} pages, {size / 1e6:.1f} MB "
          f"in {time.monotonic() - t0:.1f} s -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
