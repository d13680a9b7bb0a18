"""Build schemas/ita_catalog.json from the team's ITA reference (../shared/ita).

Run by hand or with `make catalog`:

    python -m schemas.build_catalog [--ita-dir ../shared/ita] [--out schemas/ita_catalog.json]

The pipeline never reads ../shared at run time: this script copies the facts into
schemas/ita_catalog.json, which is committed. The output is deterministic (same input,
same bytes), so a diff of the JSON shows exactly what a reference update changed.

What is copied, and from where:
- facts (names, tools, codes, level bands, weights) come from ita_framework.json,
  which holds only sourced content;
- confidence tags that the JSON does not carry per fact come from
  schemas/data/ita_reference_tags.json, transcribed from ita_framework.md (section named
  in each entry). Nothing marked [G] in the reference is copied: it is recorded as
  unknown (null / empty) instead;
- the years of the five-index ITA (2557-2561) from schemas/data/ita_2557_2561.json.

This script holds no facts of its own: a new year is a change to those data files (or the
reference), then a rebuild.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ITA_DIR = HERE.parent.parent / "shared" / "ita"
DEFAULT_OUT = HERE / "ita_catalog.json"
# The five-index ITA before 2562: not in ../shared/ita, so the project keeps its own
# sourced reference for it.
FIVE_INDEX_REFERENCE = HERE / "data" / "ita_2557_2561.json"

# The confidence tags ita_framework.json does not carry, transcribed from ita_framework.md.
REFERENCE_TAGS = HERE / "data" / "ita_reference_tags.json"


def _tags(path: Path = REFERENCE_TAGS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _indicators(year: int, raw: dict, tags: dict) -> list[dict]:
    if not raw["indicators"]:
        return []
    ind_tags, sub_tags = tags["indicators"], tags["sub_indicators"]
    sub_conf = sub_tags["by_year"].get(str(year))
    overrides = {(o["fiscal_year"], o["code"]): o for o in sub_tags["overrides"]}
    out = []
    for ind in raw["indicators"]:
        subs = []
        for sub in ind["sub_indicators"]:
            conf = overrides.get((year, sub["code"]), sub_conf)
            subs.append({"code": sub["code"], "name_th": sub["name_th"],
                         "confidence": conf["confidence"], "source": conf["source"]})
        out.append({
            "number": ind["number"],
            "name_th": ind["name_th"],
            "tool": ind["tool"],
            "confidence": ind_tags["confidence"][str(year)],
            "source": ind_tags["source"],
            "tool_confidence": ind_tags["tool_confidence"],
            "sub_indicators": subs,
        })
    return out


def _oit_items(year: int, raw: dict, tags: dict) -> list[dict]:
    oit = tags["oit_lists"][str(year)]
    conf, src = oit["confidence"], oit["source"]
    seen: set[str] = set()
    out = []
    for item in raw["items"]["oit"]:
        if item["code"] in seen:  # the reference lists 2567 O19/O20 twice
            continue
        seen.add(item["code"])
        out.append({
            "code": item["code"],
            "name_th": item["name_th"],
            "sub_indicator": item.get("sub_indicator"),
            "confidence": conf,
            "source": item.get("evidence") or src,
        })
    return sorted(out, key=lambda it: int(it["code"][1:]))


def _iit_items(year: int, raw: dict) -> list[dict]:
    out = []
    for item in raw["items"]["iit"]:
        out.append({
            "code": item["code"].upper(),
            "text_th": item.get("text_th"),  # i10 is null: the replica repeats i9
            "indicator": item.get("indicator"),
            "confidence": "S1" if item.get("text_th") else "unknown",
            "source": "sdu_iit2564" + (f" ({item['note']})" if item.get("note") else ""),
        })
    return out


def _tool_indicators(raw: dict) -> dict[str, list[int]]:
    """Tool -> its indicators' numbers, from each indicator's tool in the reference."""
    out: dict[str, list[int]] = {}
    for ind in raw["indicators"]:
        out.setdefault(ind["tool"], []).append(ind["number"])
    return out


def _weights(raw: dict) -> dict | None:
    w = raw["weights"]
    if not w:
        return None
    if not raw["indicators"]:
        raise ValueError("weights without indicators: cannot tell which indicators make each tool")
    return {
        "IIT": w["IIT"], "EIT": w["EIT"], "OIT": w["OIT"],
        "tool_indicators": _tool_indicators(raw),
        "tool_from_indicators": w["tool_from_indicators"],
        "indicator_from_subindicators": w["indicator_from_subindicators"],
        "eit_parts": w["eit_parts"],
        "eit_part_weights": _eit_part_weights(w["eit_parts"]),
        "confidence": w["confidence"],
        "source": "ita_framework.json weights; md §1",
    }


_EIT_PARTS_MEAN = re.compile(r"EIT\s*=\s*\(EIT part 1 \+ EIT part 2\)\s*/\s*2")


def _eit_part_weights(text: str | None) -> dict | None:
    """The reference states the EIT-from-parts rule as prose; the one form it uses
    ("EIT = (EIT part 1 + EIT part 2)/2") becomes weights. Another wording is a build
    error, so a changed rule is read by a person, not guessed."""
    if not text:
        return None
    if not _EIT_PARTS_MEAN.search(text):
        raise ValueError(f"eit_parts: cannot read weights from {text!r}")
    return {"EIT_PART1": 0.5, "EIT_PART2": 0.5}


def _levels(year: int, raw: dict, tags: dict) -> dict | None:
    if not raw["levels"]:
        return None
    scale = tags["level_scales"][str(year)]
    kind, conf, src = scale["kind"], scale["confidence"], scale["source"]
    by_label = scale.get("band_confidence")
    bands = []
    for band in raw["levels"]:
        label = band["label"]
        if by_label:
            band_conf = by_label.get(label, by_label["*"])
        elif label is None:
            band_conf = "unknown"
        else:
            band_conf = conf.split(" ")[0]
        bands.append({
            "label": label,
            "min": band["min"],
            "max": band["max"],
            "requires_each_tool_min": band.get("requires_each_tool_min"),
            "confidence": band_conf,
            "note": band.get("note"),
        })
    return {"kind": kind, "confidence": conf, "source": src, "bands": bands}


def _five_index_years(path: Path = FIVE_INDEX_REFERENCE) -> dict[str, dict]:
    """The years of the five-index framework: indices and levels, no tools, indicators,
    items or weights (no source gave the indices' weights)."""
    ref = json.loads(path.read_text(encoding="utf-8"))
    levels = ref["levels"]
    out = {}
    for year in ref["years"]:
        out[str(year)] = {
            "fiscal_year": year,
            "indicators": [],
            "iit_items": [],
            "eit_items": [],
            "oit_items": [],
            "oit_list_status": "unknown",
            "oit_list_source": "no OIT before 2562",
            "weights": None,
            "levels": {"kind": levels["kind"], "confidence": levels["confidence"], "source": levels["source"],
                       "bands": [{**b, "requires_each_tool_min": None, "note": None} for b in levels["bands"]]},
            "notes": [f"five-index framework ({ref['years_confidence']})"],
            "indices": ref["indices"],
        }
    return out


def build(ita_dir: Path) -> dict:
    ref = json.loads((ita_dir / "ita_framework.json").read_text(encoding="utf-8"))
    meta = ref["_meta"]
    tags = _tags()
    years = _five_index_years()
    for year in sorted(int(k) for k in ref if k.isdigit()):
        raw = ref[str(year)]
        oit = tags["oit_lists"][str(year)]
        years[str(year)] = {
            "fiscal_year": year,
            "indicators": _indicators(year, raw, tags),
            "iit_items": _iit_items(year, raw),
            "eit_items": [],  # md §3.2: no source found, only [G] memory: not copied
            "oit_items": _oit_items(year, raw, tags),
            "oit_list_status": oit["status"],
            "oit_list_source": oit["source"],
            "weights": _weights(raw),
            "levels": _levels(year, raw, tags),
            "notes": list(raw["notes"]),
            "indices": [],
        }
    return {
        "description": "Thai NACC ITA catalog per fiscal year (B.E.), generated by schemas/build_catalog.py "
                       "from ../shared/ita (ita_framework.json + confidence tags of ita_framework.md). Do not edit by hand.",
        "generated_from": ["ita_framework.json", "ita_framework.md", "schemas/data/ita_2557_2561.json"],
        "confidence_tags": tags["confidence_tags"],
        "sources": {**meta["sources"], **json.loads(FIVE_INDEX_REFERENCE.read_text(encoding="utf-8"))["sources"]},
        "pass_mark": {"overall_min": meta["pass_mark"]["overall_min"], "confidence": meta["pass_mark"]["confidence"]},
        "not_nacc_ita": meta["not_nacc_ita"],
        "years": years,
    }


def render(catalog: dict) -> str:
    return json.dumps(catalog, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ita-dir", type=Path, default=DEFAULT_ITA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.ita_dir / "ita_framework.json").is_file():
        print(f"reference not found: {args.ita_dir / 'ita_framework.json'}", file=sys.stderr)
        return 1
    args.out.write_text(render(build(args.ita_dir)), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
