"""How `make eval` scores one rendering against its truth (samples/evaluate.py runs it and prints
the tables): precision/recall per record type, headline fields, measures matched by content,
question codes, numbers read exactly, Thai CER, flags, and the statements of announcements
with wrong values and whether a flag questions them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from . import engines, thaifmt as tf

HEADLINE = ("doc_type", "agency_name", "province", "fiscal_year", "overall_score", "level")

EXTRA_FIELDS = ("district", "rank", "doc_date", "doc_number", "agency_type")

# flags that report what could not be read rather than an inconsistency in the report
STATUS_FLAGS = {"ocr_required", "missing_field", "parse_error"}

RECORD_TYPES = ("reports", "tool_scores", "indicator_scores", "measures", "oit_items")

# measures rows scored by what they say rather than by their indicator key
MEASURE_VIEWS = ("measures_by_content", "question_codes")

# announcements and news (samples/announcements.py): the statements scored apart
STATEMENT_FIELDS = ("overall_score", "level", "fiscal_year", "agency_name", "quoted_years", "ranks",
                    "index_scores")

# flags that question a stored value: a wrong value carrying one of these is not silent
# (unknown_place and agency_name_variants question the agency's name)
VALUE_FLAGS = {"value_conflict", "weak_evidence", "level_score_mismatch", "score_arithmetic",
               "rank_conflict", "year_inconsistency", "out_of_range", "unknown_place",
               "agency_name_variants"}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "PRF") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision or 0.0, self.recall
        if r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _r(self.precision),
                "recall": _r(self.recall), "f1": _r(self.f1)}


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(x, nd)


@dataclass
class KindResult:
    docs: int = 0
    files: int = 0
    pages: int = 0
    prf: dict = field(default_factory=lambda: {t: PRF() for t in RECORD_TYPES + MEASURE_VIEWS})
    fields: dict = field(default_factory=lambda: {f: PRF() for f in HEADLINE + EXTRA_FIELDS})
    numbers_total: int = 0
    numbers_exact: int = 0
    cer_edits: int = 0
    cer_chars: int = 0
    flags_expected: int = 0
    flags_found: int = 0
    flags_by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    clean_reports: int = 0
    clean_reports_flagged: int = 0
    clean_reports_with_error: int = 0  # the bar: no error-severity flag on a clean report
    false_flags: Counter = field(default_factory=Counter)
    details: list = field(default_factory=list)  # (doc, what went wrong), for --details
    status_flags: Counter = field(default_factory=Counter)
    file_status: Counter = field(default_factory=Counter)
    statements: dict = field(default_factory=lambda: {f: [0, 0] for f in STATEMENT_FIELDS})  # right, total
    statement_docs: int = 0
    wrong_values: int = 0  # headline values, quoted years and ranks stored wrong
    wrong_unflagged: int = 0  # … of which with no flag that questions a value

    def as_dict(self) -> dict:
        return {
            "docs": self.docs, "files": self.files, "pages": self.pages,
            "file_status": dict(self.file_status),
            **{t: self.prf[t].as_dict() for t in RECORD_TYPES + MEASURE_VIEWS},
            "report_fields": {f: self.fields[f].as_dict() for f in HEADLINE + EXTRA_FIELDS},
            "statements": {"docs": self.statement_docs,
                           **{f: {"right": r, "total": t, "accuracy": _r(r / t if t else None)}
                              for f, (r, t) in self.statements.items()},
                           "wrong_values": self.wrong_values, "wrong_without_flag": self.wrong_unflagged},
            "numbers": {"total": self.numbers_total, "exact": self.numbers_exact,
                        "share_exact": _r(self.numbers_exact / self.numbers_total
                                          if self.numbers_total else None)},
            "cer": {"edits": self.cer_edits, "chars": self.cer_chars,
                    "cer": _r(self.cer_edits / self.cer_chars if self.cer_chars else None)},
            "flags": {"expected": self.flags_expected, "found": self.flags_found,
                      "recall": _r(self.flags_found / self.flags_expected
                                   if self.flags_expected else None),
                      "by_kind": {k: {"expected": e, "found": f}
                                  for k, (e, f) in sorted(self.flags_by_kind.items())},
                      "clean_reports": self.clean_reports,
                      "clean_reports_flagged": self.clean_reports_flagged,
                      "false_positive_rate": _r(self.clean_reports_flagged / self.clean_reports
                                                if self.clean_reports else None),
                      "clean_reports_with_error": self.clean_reports_with_error,
                      "error_false_positive_rate": _r(self.clean_reports_with_error / self.clean_reports
                                                      if self.clean_reports else None),
                      "unexpected_kinds": dict(self.false_flags),
                      "status_flags": dict(self.status_flags)},
        }


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 0.005
    return unicodedata.normalize("NFC", str(a)).strip() == unicodedata.normalize("NFC", str(b)).strip()


def _score_field(prf: PRF, truth_v, pred_v, miss: list | None = None, what: str = "") -> None:
    """One field: right (tp), wrong or unexpected value (fp, and fn when the truth had
    a value), missing (fn)."""
    if pred_v is not None and _same(truth_v, pred_v):
        prf.tp += 1
        return
    if miss is not None and (truth_v is not None or pred_v is not None):
        miss.append(f"{what}: truth {truth_v!r}, got {pred_v!r}")
    if pred_v is not None:
        prf.fp += 1
    if truth_v is not None:
        prf.fn += 1


def _score_keyed(prf: PRF, truth: dict, pred: dict, miss: list | None = None,
                 what: str = "") -> None:
    """Rows keyed alike: a predicted row is right when its key is in the truth with an
    equal value."""
    for k, v in pred.items():
        if k in truth and _same(truth[k], v):
            prf.tp += 1
        else:
            prf.fp += 1
            if miss is not None:
                miss.append(f"{what} {k}: truth {truth.get(k, '(no row)')!r}, got {v!r}")
    for k, v in truth.items():
        if not (k in pred and _same(v, pred[k])):
            prf.fn += 1
            if miss is not None and k not in pred:
                miss.append(f"{what} {k}: truth {v!r}, not extracted")


def _flat(text: str) -> str:
    """Page text for CER: the pipeline's normalisation (NFC, sara am, mark order), then
    no whitespace."""
    from normalizers.thai import normalize

    return re.sub(r"\s+", "", normalize(text or ""))


def _numbers(text: str) -> Counter:
    out: Counter = Counter()
    for tok in tf.number_tokens(text or ""):
        try:
            out[round(tf.parse_number(tok), 4)] += 1
        except ValueError:
            pass
    return out


def _rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


class Db:
    """The pipeline's output, indexed by file path."""

    def __init__(self, con):
        self.file_by_path = {r["path"]: r for r in _rows(con, "SELECT * FROM files")}
        for r in _rows(con, "SELECT file_id, path FROM file_paths"):
            if r["path"] not in self.file_by_path:  # the same content at another path
                f = next((x for x in self.file_by_path.values() if x["file_id"] == r["file_id"]), None)
                if f:
                    self.file_by_path[r["path"]] = f
        self.pages = defaultdict(dict)
        for r in _rows(con, "SELECT file_id, page_no, text FROM pages"):
            self.pages[r["file_id"]][r["page_no"]] = r["text"]
        self.reports = defaultdict(list)
        self.report_by_id = {}
        for r in _rows(con, "SELECT * FROM reports ORDER BY file_id, doc_index"):
            self.reports[r["file_id"]].append(r)
            self.report_by_id[r["report_id"]] = r
        self.tables = {}
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for t in ("tool_scores", "indicator_scores", "measures", "oit_items", "year_results", "ranks",
                  "index_scores"):
            by_report = defaultdict(list)
            if t not in have:  # a database of an older pipeline
                self.tables[t] = by_report
                continue
            for r in _rows(con, f"SELECT * FROM {t}"):
                by_report[r["report_id"]].append(r)
            self.tables[t] = by_report
        self.flags = defaultdict(list)
        for r in _rows(con, "SELECT * FROM flags"):
            self.flags[r["file_id"]].append(r)


@dataclass
class Rendering:
    """What the pipeline made of one rendering of one document: pages by truth page
    number; reports as (doc_index they stand for, or None for an extra one, report);
    rows and flags tagged with the doc_index of their report."""
    files: list
    pages: dict
    reports: list
    rows: dict
    flags: list


def rendering(db: Db, folder: Path, names: list[str], truth: dict) -> Rendering:
    """One file: reports keep the pipeline's doc_index. Page images (one file a page):
    a page's rows belong to the truth report whose pages hold it; the first report read
    from a report's first page stands for it, any other report is an extra. A report of
    a group of page images (`file_group`) counts its pages from the group's first image."""
    files, pages, reports, flags = [], {}, [], []
    rows = {t: [] for t in ("tool_scores", "indicator_scores", "measures", "oit_items", "year_results", "ranks",
                                  "index_scores")}
    per_page = len(names) > 1
    owner = {p: r["doc_index"] for r in truth["reports"]
             for p in range(r["first_page"], r["last_page"] + 1)}
    starts = {r["first_page"]: r["doc_index"] for r in truth["reports"]}
    doc_of, taken = {}, set()
    found = []
    for i, name in enumerate(names, 1):
        f = db.file_by_path.get(str(folder / name))
        if f is not None:
            found.append((i, f))
    for i, f in found:
        files.append(f)
        fid = f["file_id"]
        for no, text in db.pages[fid].items():
            pages[i if per_page else no] = text
        for rep in db.reports[fid]:
            if not per_page:
                doc = rep["doc_index"]
            else:
                page = i + (rep["first_page"] - 1 if rep.get("file_group") else 0)
                doc = owner.get(page)
                if page not in starts or doc in taken:
                    doc_of[rep["report_id"]] = doc  # its rows count for the page's report
                    reports.append((None, rep))
                    continue
                taken.add(doc)
            doc_of[rep["report_id"]] = doc
            reports.append((doc, rep))
    for t in rows:
        for rid, doc in doc_of.items():
            rows[t] += [dict(r, doc_index=doc) for r in db.tables[t].get(rid, [])]
    for i, f in found:
        flags += [dict(fl, doc_index=doc_of.get(fl["report_id"], owner.get(i) if per_page else None))
                  for fl in db.flags[f["file_id"]]]
    return Rendering(files, pages, reports, rows, flags)


def _row_text(r: dict) -> str:
    return _flat(" ".join(r.get(k) or "" for k in ("issue", "measure", "steps")))


def _score_by_content(prf: PRF, truth_rows: list, pred_rows: list, miss: list) -> None:
    """Measures rows matched one to one by content, within a report: a row read is right
    when a truth row's measure text is in its issue/measure/steps (cells may be merged or
    reordered) or nearly equal to its measure (OCR). Rows a page break split or rows
    folded together find no partner."""
    from rapidfuzz import fuzz

    left = [(r["doc_index"], _row_text(r), _flat(r.get("measure") or "")) for r in pred_rows]
    used: set[int] = set()
    for t in truth_rows:
        want = _flat(t["measure"] or "")
        hit = next((i for i, (d, text, measure) in enumerate(left) if i not in used
                    and d == t["doc_index"] and want
                    and (want in text or fuzz.ratio(want, measure) >= 90)), None)
        if hit is None:
            prf.fn += 1
            miss.append(f"measure row (doc {t['doc_index']}, indicator {t['indicator']}) "
                        f"not read by content: {t['measure'][:40]!r}")
        else:
            used.add(hit)
            prf.tp += 1
    prf.fp += len(left) - len(used)


def _score_codes(prf: PRF, truth_rows: list, pred_rows: list, miss: list) -> None:
    """Question codes (I1, E12, O42…) over all measures rows of a report, as multisets."""
    def codes(rows):
        return Counter((r["doc_index"], c) for r in rows
                       for c in (r.get("question_codes") or
                                 ([r["question_code"]] if r.get("question_code") else [])))
    want, have = codes(truth_rows), codes(pred_rows)
    tp = sum((want & have).values())
    prf.tp += tp
    prf.fp += sum(have.values()) - tp
    prf.fn += sum(want.values()) - tp
    lost = want - have
    if lost:
        miss.append(f"question codes not read: {sorted(c for _, c in lost)}")


def truth_for_kind(truth: dict, kind: str) -> dict:
    """The truth as a kind sees it: for a kind laid out by another engine, its pages are
    the engine's (truth `layouts`), and text and numbers are one document-wide page 0."""
    engine = engines.engine_of(kind)
    lay = truth.get("layouts", {}).get(engine) if engine else None
    if lay is None:
        return truth
    pages = {r["doc_index"]: r for r in lay["reports"]}
    return {**truth, "n_pages": lay["n_pages"],
            "reports": [{**r, "first_page": pages[r["doc_index"]]["first_page"],
                         "last_page": pages[r["doc_index"]]["last_page"]}
                        for r in truth["reports"]],
            "page_text": [{"page": 0, "text": lay["text"]}],
            "numbers": [{**n, "page": 0} for n in lay["numbers"]], "_whole": True}


def score_rendering(res: KindResult, truth: dict, got: Rendering, kind: str = "") -> None:
    if truth.get("_whole"):  # compare the document's text as one page
        got = Rendering(got.files, {0: "\n".join(got.pages[k] for k in sorted(got.pages))},
                        got.reports, got.rows, got.flags)
    miss: list[str] = []
    _score_rendering(res, truth, got, miss, kind in ("text", "pdf", "docx"))
    res.details += [(truth["doc"], m) for m in miss]


def _score_rendering(res: KindResult, truth: dict, got: Rendering, miss: list,
                     text_kind: bool) -> None:
    res.docs += 1
    res.files += len(got.files)
    res.pages += truth["n_pages"]
    for f in got.files:
        res.file_status[f["status"]] += 1
    # reports and their headline fields, matched by doc_index
    pred_reports = {d: r for d, r in got.reports if d is not None}
    extra = [r for d, r in got.reports if d is None]
    for t in truth["reports"]:
        p = pred_reports.pop(t["doc_index"], None) or {}
        for fld in HEADLINE + EXTRA_FIELDS:
            pv = p.get(fld)
            if fld == "doc_date" and pv is not None:
                pv = str(pv)
            _score_field(res.fields[fld], t.get(fld), pv, miss, f"doc {t['doc_index']} {fld}")
            if fld in HEADLINE:
                _score_field(res.prf["reports"], t.get(fld), pv)
    for p in list(pred_reports.values()) + extra:  # reports the truth does not have
        miss.append(f"extra report ({p.get('doc_type')}, doc_index {p.get('doc_index')}, pages "
                    f"{p.get('first_page')}-{p.get('last_page')})")
        for fld in HEADLINE:
            if p.get(fld) is not None:
                res.prf["reports"].fp += 1
                res.fields[fld].fp += 1
    _score_statements(res, truth, got, {d: r for d, r in got.reports if d is not None}, miss)
    # score tables
    _score_keyed(res.prf["tool_scores"],
                 {(r["doc_index"], r["fiscal_year"], r["tool"]): r["score"] for r in truth["tool_scores"]},
                 {(r["doc_index"], r["fiscal_year"], r["tool"]): r["score"] for r in got.rows["tool_scores"]},
                 miss, "tool")
    _score_keyed(res.prf["indicator_scores"],
                 {(r["doc_index"], r["fiscal_year"], r["indicator"]): r["score"]
                  for r in truth["indicator_scores"]},
                 {(r["doc_index"], r["fiscal_year"], r["indicator"]): r["score"]
                  for r in got.rows["indicator_scores"]}, miss, "indicator")

    # a measures table names each indicator once: key rows by it, so that one row lost
    # or split does not shift every row after it
    _score_keyed(res.prf["measures"],
                 {(r["doc_index"], r["indicator"]): (r["question_code"], r["status"])
                  for r in truth["measures"]},
                 {(r["doc_index"], r["indicator"]): (r["question_code"], r["status"])
                  for r in got.rows["measures"]},
                 miss, "measure")
    _score_by_content(res.prf["measures_by_content"], truth["measures"], got.rows["measures"], miss)
    _score_codes(res.prf["question_codes"], truth["measures"], got.rows["measures"], miss)
    _score_keyed(res.prf["oit_items"],
                 {(r["doc_index"], r["code"]): r["status"] for r in truth["oit_items"]},
                 {(r["doc_index"], r["code"]): r["status"] for r in got.rows["oit_items"]},
                 miss, "oit")
    # numbers and CER, page by page
    for num_page in sorted({n["page"] for n in truth["numbers"]}):
        want = Counter(round(n["value"], 4) for n in truth["numbers"] if n["page"] == num_page)
        have = _numbers(got.pages.get(num_page, ""))
        res.numbers_total += sum(want.values())
        res.numbers_exact += sum((want & have).values())
    for pt in truth["page_text"]:
        ref, hyp = _flat(pt["text"]), _flat(got.pages.get(pt["page"], ""))
        res.cer_edits += Levenshtein.distance(ref, hyp)
        res.cer_chars += len(ref)
    # flags
    expected = Counter((f["kind"], f["doc_index"]) for f in truth["expected_flags"])
    raised = [f for f in got.flags if f["kind"] not in STATUS_FLAGS]
    for f in got.flags:
        if f["kind"] in STATUS_FLAGS:
            res.status_flags[f["kind"]] += 1
    for (kind, doc), n in expected.items():
        # a value_conflict is between two reports: either may carry it
        found = sum(1 for f in raised if f["kind"] == kind
                    and (f["doc_index"] in (doc, None) or kind == "value_conflict"))
        res.flags_expected += n
        res.flags_found += min(n, found)
        res.flags_by_kind[kind][0] += n
        res.flags_by_kind[kind][1] += min(n, found)
        if found < n:
            miss.append(f"doc {doc}: expected flag {kind} not raised")
    flagged_docs = {d for _, d in expected}
    conflict_docs = {r["doc_index"] for r in truth["reports"]} if any(
        k == "value_conflict" for k, _ in expected) else set()
    for t in truth["reports"]:
        if t["doc_index"] in flagged_docs | conflict_docs:
            continue
        res.clean_reports += 1
        mine = [f for f in raised if f["doc_index"] == t["doc_index"]
                or (f["doc_index"] is None and len(truth["reports"]) == 1)]
        if mine:
            res.clean_reports_flagged += 1
            res.clean_reports_with_error += any(f["severity"] == "error" for f in mine)
            res.false_flags.update(f["kind"] for f in mine)
            miss += [f"doc {t['doc_index']}: unexpected flag {f['kind']} (page {f['page']}): "
                     f"{f['message']}" for f in mine]
    for f in got.flags:
        if f["kind"] in STATUS_FLAGS and (f["kind"] != "ocr_required" or text_kind):
            miss.append(f"status flag {f['kind']} (page {f['page']}): {f['message']}")


def _score_statements(res: KindResult, truth: dict, got: Rendering, pred: dict, miss: list) -> None:
    """Announcements and news: own result, level, year, agency, quoted years and ranks
    with their group; and, for every report, the values stored wrong and whether a flag
    questions them."""
    flagged = {f["doc_index"] for f in got.flags if f["kind"] in VALUE_FLAGS}
    stmt = "family" in truth
    if stmt:
        res.statement_docs += 1
    for t in truth["reports"]:
        p = pred.get(t["doc_index"]) or {}
        wrong = []
        for fld in ("overall_score", "level", "fiscal_year", "agency_name", "rank"):
            pv = p.get(fld)
            if stmt and fld != "rank" and t.get(fld) is not None:
                res.statements[fld][1] += 1
                res.statements[fld][0] += pv is not None and _same(t.get(fld), pv)
            if pv is not None and not _same(t.get(fld), pv):
                wrong.append(f"{fld} {pv!r} (truth {t.get(fld)!r})")
        if stmt:
            doc = t["doc_index"]
            want_q = {y["fiscal_year"]: y for y in truth["year_results"] if y["quoted"]}
            got_q = {y["fiscal_year"]: y for y in got.rows["year_results"]
                     if y["doc_index"] == doc and y["quoted"]}
            for y, w in want_q.items():
                g = got_q.get(y)
                ok = g is not None and _same(w["overall_score"], g["overall_score"]) and (
                    w["level"] is None or _same(w["level"], g["level"]))
                res.statements["quoted_years"][1] += 1
                res.statements["quoted_years"][0] += ok
                if not ok:
                    miss.append(f"quoted {y}: truth {w['overall_score']} {w['level']}, got "
                                f"{(g['overall_score'], g['level']) if g else 'nothing'}")
            for y, g in got_q.items():
                w = want_q.get(y)
                if w is None or (g["overall_score"] is not None and not _same(w["overall_score"], g["overall_score"])) \
                        or (g["level"] is not None and not _same(w["level"], g["level"])):
                    wrong.append(f"quoted {y}: {g['overall_score']} {g['level']} (truth "
                                 f"{(w['overall_score'], w['level']) if w else 'none'})")
            want_r = Counter((r["rank"], r["scope"], r["rank_of"]) for r in truth["ranks"])
            got_r = Counter((r["rank"], r["scope"], r["rank_of"]) for r in got.rows["ranks"]
                            if r["doc_index"] == doc and not r["quoted"])
            res.statements["ranks"][1] += sum(want_r.values())
            res.statements["ranks"][0] += sum((want_r & got_r).values())
            for r in (got_r - want_r):
                wrong.append(f"rank {r} (truth {sorted(want_r)})")
            if want_r - got_r:
                miss.append(f"ranks missed: {sorted(want_r - got_r)}")
            want_i = {(r["index_no"], r["score"], r["level"]) for r in truth.get("index_scores", [])}
            got_i = {(r["index_no"], r["score"], r["level"]) for r in got.rows["index_scores"]
                     if r["doc_index"] == doc}
            res.statements["index_scores"][1] += len(want_i)
            res.statements["index_scores"][0] += len(want_i & got_i)
            wrong += [f"index score {r}" for r in got_i - want_i]
        res.wrong_values += len(wrong)
        if wrong and t["doc_index"] not in flagged:
            res.wrong_unflagged += len(wrong)
            miss += [f"doc {t['doc_index']}: WRONG WITHOUT FLAG {w}" for w in wrong]
