"""Score the measures rows the pipeline reads from the Word-made fixtures of this folder.

    python tests/data/tables/score_tables.py [DIR] [--kinds pdf,scan300,scan200]

A truth row is found when a row read has the same issue and measure text (whitespace
removed, similarity >= MIN_SIMILARITY, each read row used once); rows F1 counts those,
question codes the truth rows whose found row has the same first code.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

HERE = Path(__file__).resolve().parent
MIN_SIMILARITY = 0.8


def _key(*parts) -> str:
    return re.sub(r"\s+", "", "".join(p or "" for p in parts))


def read_measures(path: Path) -> list:
    """The measures the pipeline reads from one file (OCR where its pages need it)."""
    from pipeline.stages import FileTask, process_file

    task = FileTask(path=str(path), file_id="fixture", media_type="application/pdf", size_bytes=path.stat().st_size)
    return list(process_file(task).extraction.measures)


def score(measures, truth: list[dict]) -> dict:
    pairs = []
    for t_i, t in enumerate(truth):
        tk = _key(t["issue"], t["measure"])
        for m_i, m in enumerate(measures):
            sim = Levenshtein.normalized_similarity(tk, _key(m.issue, m.measure))
            if sim >= MIN_SIMILARITY:
                pairs.append((sim, t_i, m_i))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, t_i, m_i in sorted(pairs, reverse=True):
        if t_i not in matched and m_i not in used:
            matched[t_i] = m_i
            used.add(m_i)
    tp = len(matched)
    fp, fn = len(measures) - tp, len(truth) - tp
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    codes = sum(1 for t_i, m_i in matched.items()
                if measures[m_i].question_code == truth[t_i]["codes"][0])
    return {"tp": tp, "fp": fp, "fn": fn, "f1": round(f1, 3), "codes": round(codes / len(truth), 3),
            "matched": matched}


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv and not argv[0].startswith("--") else HERE
    kinds = ["pdf", "scan300", "scan200"]
    if "--kinds" in argv:
        kinds = argv[argv.index("--kinds") + 1].split(",")
    for truth_path in sorted(folder.glob("*.truth.json")):
        name = truth_path.name[: -len(".truth.json")]
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["measures"]
        for kind in kinds:
            path = folder / (f"{name}.pdf" if kind == "pdf" else f"{name}.{kind}.pdf")
            if not path.exists():
                continue
            s = score(read_measures(path), truth)
            print(f"{name:22} {kind:8} rows F1 {s['f1']:.3f} (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
                  f"  codes {s['codes']:.3f}", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    main(sys.argv[1:])
