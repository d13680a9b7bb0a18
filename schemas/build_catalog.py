"""Build schemas/ita_catalog.json from the team's ITA reference (../shared/ita).

Run by hand or with `make catalog`:

    python -m schemas.build_catalog [--ita-dir ../shared/ita] [--out schemas/ita_catalog.json]

The pipeline never reads ../shared at run time: this script copies the facts into
schemas/ita_catalog.json, which is committed. The output is deterministic (same input,
same bytes), so a diff of the JSON shows exactly what a reference update changed.

What is copied, and from where:
- facts (names, tools, codes, level bands, weights) come from ita_framework.json,
  which holds only sourced content;
- confidence tags that the JSON does not carry per fact are transcribed below from
  ita_framework.md (section named next to each constant). Nothing marked [G] in the
  reference is copied: it is recorded as unknown (null / empty) instead.
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

FISCAL_YEARS = (2562, 2563, 2564, 2565, 2566, 2567, 2568)
TOOL_INDICATORS = {"IIT": [1, 2, 3, 4, 5], "EIT": [6, 7, 8], "OIT": [9, 10]}

CONFIDENCE_TAGS = {
    "P": "confirmed by a primary/official source",
    "D": "derived arithmetically from primary data and checks out exactly",
    "S+": "several independent secondary sources agree",
    "S1": "single secondary source",
    "G": "guess, not verified (never copied into this catalog)",
    "unknown": "the reference has no source for this fact",
}

# md §2 "Indicators" table: names S+ (9/10 also P); stable 2562–2568, but the JSON
# leaves 2562 empty (no 2562 source read), so 2562 stays unknown here too.
INDICATOR_CONFIDENCE = {
    2563: "S+",
    2564: "S+",
    2565: "S+",
    2566: "S+ (names assumed unchanged; 10 indicators confirmed by 2567 sample, 2568 news)",
    2567: "S+ (names assumed unchanged; 10 indicators confirmed by 2567 sample)",
    2568: "S+ (10 indicators confirmed by nation2568; names assumed unchanged)",
}
INDICATOR_SOURCE = "ita_framework.md §2: sdu_iit2564, phayao_app, school_oit_classic, nacc2564_g6"
TOOL_CONFIDENCE = "D/S1 (md §1: tool = mean of its indicators; phayao_app, nacc2564_g6)"

# md §2 "Sub-indicators" table.
SUB_INDICATOR_CONFIDENCE = {
    2563: ("S1+D", "school_oit_classic; item counts verified against nacc2564_g6"),
    2564: ("S1+D", "school_oit_classic; item counts verified against nacc2564_g6"),
    2565: ("S1+D", "school_oit_classic (sme2565: framework continuous)"),
    2566: ("S1", "obec2566 (OBEC school pages; NACC wording not guaranteed)"),
}
SUB_INDICATOR_OVERRIDES = {(2566, "9.3"): ("S+", "obec2566: horwang.ac.th/oit66, dusitaram 2566")}

# md §3.3: confidence of each year's OIT list and how complete it is.
OIT_LIST = {
    2562: ("unknown", "unknown", "md §3.3(a): 2562 probably the classic list [G]; not copied"),
    2563: ("complete", "S1 (structure D)", "school_oit_classic; counts verified vs nacc2564_g6"),
    2564: ("complete", "S1 (structure D)", "school_oit_classic; counts verified vs nacc2564_g6"),
    2565: ("complete", "S1", "school_oit_classic + sme2565 'framework continuous' + OBEC 2565 O29"),
    2566: ("partial", "S+ numbering / S1 wording", "obec2566 + ssru; O1–O7 not seen ([G] classic O1–O7, not copied)"),
    2567: ("fragmentary", "S1", "anamai2567: only O19/O20; rest unknown (match by name vs 2566/2568)"),
    2568: ("partial", "S1", "rtrda2568 (+ tambontrakan, psu); O5–O7, O23, O25+ unknown"),
}

# md §4: confidence of each year's level scale.
LEVEL_SCALE = {
    2563: ("letter", "P", "md §4.1: nacc2564_g6 / group-9 report (AA existed in 2563); sme2565"),
    2564: ("letter", "P", "md §4.1: nacc2564_g6, group-9 report; sme2565; phayao_app"),
    2565: ("letter", "S+", "md §4.1: sme2565 7-level table; phayao_app"),
    2566: ("pass_2566", "D+S1 (hypothesis H2566; fits every 2566 data point seen)",
           "md §4.2: thaipbs2566, nation2566, sample reports 94.30 / 86.17"),
    2567: ("five_level", "S1 (phayao_app rule for year >= 2567; consistent with 2567 sample, D)",
           "md §4.3: phayao_app getRateNew"),
    2568: ("five_level", "S1 (assumed same as 2567: phayao_app treats all years >= 2567 alike)",
           "md §4.3: phayao_app getRateNew"),
}
LETTER_BAND_CONFIDENCE = {"AA": "P/S+", "A": "P/S+"}  # md §4.1; B–F are S+


def _indicators(year: int, raw: dict) -> list[dict]:
    if not raw["indicators"]:
        return []
    sub_conf = SUB_INDICATOR_CONFIDENCE.get(year)
    out = []
    for ind in raw["indicators"]:
        subs = []
        for sub in ind["sub_indicators"]:
            conf, src = SUB_INDICATOR_OVERRIDES.get((year, sub["code"]), sub_conf)
            subs.append({"code": sub["code"], "name_th": sub["name_th"], "confidence": conf, "source": src})
        out.append({
            "number": ind["number"],
            "name_th": ind["name_th"],
            "tool": ind["tool"],
            "confidence": INDICATOR_CONFIDENCE[year],
            "source": INDICATOR_SOURCE,
            "tool_confidence": TOOL_CONFIDENCE,
            "sub_indicators": subs,
        })
    return out


def _oit_items(year: int, raw: dict) -> list[dict]:
    _, conf, src = OIT_LIST[year]
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


def _weights(raw: dict) -> dict | None:
    w = raw["weights"]
    if not w:
        return None
    return {
        "IIT": w["IIT"], "EIT": w["EIT"], "OIT": w["OIT"],
        "tool_indicators": TOOL_INDICATORS,
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


def _levels(year: int, raw: dict) -> dict | None:
    if not raw["levels"]:
        return None
    kind, conf, src = LEVEL_SCALE[year]
    bands = []
    for band in raw["levels"]:
        label = band["label"]
        if kind == "letter":
            band_conf = LETTER_BAND_CONFIDENCE.get(label, "S+")
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
    years = _five_index_years()
    for year in FISCAL_YEARS:
        raw = ref[str(year)]
        status, _, _ = OIT_LIST[year]
        years[str(year)] = {
            "fiscal_year": year,
            "indicators": _indicators(year, raw),
            "iit_items": _iit_items(year, raw),
            "eit_items": [],  # md §3.2: no source found, only [G] memory: not copied
            "oit_items": _oit_items(year, raw),
            "oit_list_status": status,
            "oit_list_source": OIT_LIST[year][2],
            "weights": _weights(raw),
            "levels": _levels(year, raw),
            "notes": list(raw["notes"]),
            "indices": [],
        }
    return {
        "description": "Thai NACC ITA catalog per fiscal year (B.E.), generated by schemas/build_catalog.py "
                       "from ../shared/ita (ita_framework.json + confidence tags of ita_framework.md). Do not edit by hand.",
        "generated_from": ["ita_framework.json", "ita_framework.md", "schemas/data/ita_2557_2561.json"],
        "confidence_tags": CONFIDENCE_TAGS,
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
