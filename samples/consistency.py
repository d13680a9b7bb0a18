"""Arithmetic checks on a truth file: what a clean generated report must satisfy.

Published scores are rounded to two decimals, so every comparison allows the rounding
of the values involved (TOL). Used by tests/test_samples.py and handy when editing the
generator: `python -m samples.consistency samples/corpus`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.catalog import load_catalog

from .scores import year_model

TOL = 0.0105  # two published roundings (±0.005 each) and float noise


def report_problems(truth: dict, doc_index: int) -> list[str]:
    """Inconsistencies of one report: overall vs weighted tools, tools vs the mean of
    their indicators, EIT parts vs EIT, level vs the year's scale."""
    rep = next(r for r in truth["reports"] if r["doc_index"] == doc_index)
    fy, overall = rep["fiscal_year"], rep["overall_score"]
    weights, tool_inds = year_model(fy)
    tools = {t["tool"]: t["score"] for t in truth["tool_scores"]
             if t["doc_index"] == doc_index and t["fiscal_year"] == fy}
    out: list[str] = []
    if "EIT" not in tools and {"EIT_PART1", "EIT_PART2"} <= tools.keys():
        tools["EIT"] = (tools["EIT_PART1"] + tools["EIT_PART2"]) / 2
    by_year: dict[int, dict[int, float]] = {}
    for r in truth["indicator_scores"]:
        if r["doc_index"] == doc_index:
            by_year.setdefault(r["fiscal_year"], {})[r["indicator"]] = r["score"]
    for year, inds in by_year.items():
        if sorted(inds) != list(range(1, 11)):
            out.append(f"{year}: indicators {sorted(inds)} (expected 1..10)")
            continue
        _, y_tool_inds = year_model(year)
        means = {t: sum(inds[n] for n in ns) / len(ns) for t, ns in y_tool_inds.items()}
        if year == fy:
            for t, m in means.items():
                if t in tools and abs(tools[t] - m) > TOL:
                    out.append(f"{t} {tools[t]:.2f} ≠ mean of its indicators {m:.3f}")
            if not tools and overall is not None:
                w = sum(weights[t] * means[t] for t in weights)
                if abs(overall - w) > TOL:
                    out.append(f"overall {overall:.2f} ≠ weighted indicator means {w:.3f}")
    if overall is not None and {"IIT", "EIT", "OIT"} <= tools.keys():
        w = sum(weights[t] * tools[t] for t in weights)
        if abs(overall - w) > TOL:
            out.append(f"overall {overall:.2f} ≠ 0.3·IIT + 0.3·EIT + 0.4·OIT = {w:.3f}")
    if overall is not None:
        three = {t: tools[t] for t in ("IIT", "EIT", "OIT") if t in tools}
        inds = by_year.get(fy, {})
        if len(three) < 3 and sorted(inds) == list(range(1, 11)):  # tools not printed
            three = {t: round(sum(inds[n] for n in ns) / len(ns), 2) for t, ns in tool_inds.items()}
        expected = load_catalog().level_for(overall, fy, three if len(three) == 3 else None)
        scale = load_catalog().level_scale(fy)
        band = next((b for b in scale.bands if b.label == rep["level"]), None) if scale else None
        if expected is not None and rep["level"] != expected:
            out.append(f"level {rep['level']} for {overall:.2f} (scale gives {expected})")
        elif band is not None and not band.min <= overall <= band.max:
            out.append(f"level {rep['level']} for {overall:.2f} (band {band.min}-{band.max})")
    return out


def truth_problems(truth: dict) -> dict[int, list[str]]:
    """doc_index -> problems, for every report of a truth file that has any."""
    out = {}
    for rep in truth["reports"]:
        probs = report_problems(truth, rep["doc_index"])
        if probs:
            out[rep["doc_index"]] = probs
    return out


def main(argv: list[str]) -> int:
    bad = 0
    for folder in argv or ["samples/corpus"]:
        for p in sorted(Path(folder).glob("*.truth.json")):
            truth = json.loads(p.read_text(encoding="utf-8"))
            planted = {d["kind"] for d in truth["defects"]}
            for doc, probs in truth_problems(truth).items():
                bad += 1
                print(f"{p.name} doc {doc} (defects: {', '.join(sorted(planted)) or 'none'}): "
                      + "; ".join(probs))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
