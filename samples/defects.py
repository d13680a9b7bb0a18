"""Planted defects: the inconsistencies real ITA reports show, each with the flag the
pipeline's checks should raise. A defect edits a report's blocks and truth rows in place
and returns its record; `None` when the report offers no place for it."""

from __future__ import annotations

import random
import re

from normalizers import thai
from schemas.catalog import load_catalog

from . import thaifmt as tf
from .agencies import draw_agency, load
from .builders import Report
from .layout import Para, Table

SEVERITY = {
    "score_arithmetic": "error", "tool_indicator_mismatch": "error",
    "level_score_mismatch": "error", "rank_conflict": "warning", "value_conflict": "error",
    "agency_name_variants": "warning", "other_agency_named": "warning",
    "indicator_name_mismatch": "warning", "indicator_heading_mismatch": "warning",
    "foreign_script": "warning",
}


def _flag(kind: str, tag: str, note: str) -> dict:
    return {"kind": kind, "severity": SEVERITY[kind], "_tag": tag, "note": note}


def _tagged(rep: Report, tag: str):
    """(block, row index or None) for every block/row carrying `tag`."""
    for b in rep.blocks:
        if isinstance(b, Para) and tag in b.tags:
            yield b, None
        elif isinstance(b, Table):
            for i, tags in enumerate(b.row_tags):
                if tag in tags:
                    yield b, i


def _replace(rep: Report, tag: str, old: str, new: str) -> int:
    n = 0
    for b, i in _tagged(rep, tag):
        if i is None:
            if old in b.text:
                b.text, n = b.text.replace(old, new, 1), n + 1
        else:
            row = b.rows[i]
            for j, cell in enumerate(row):
                if old in cell:
                    row[j], n = cell.replace(old, new, 1), n + 1
                    break
    return n


def digit_misread(rep: Report, rng: random.Random) -> dict | None:
    """One printed score with a 9 read as 8 (๙→๘), in the integer part or the first
    decimal, so that the arithmetic visibly breaks."""
    fy = rep.report["fiscal_year"]
    rows = [r for r in rep.indicator_scores if r["fiscal_year"] == fy] + rep.tool_scores
    def spot(printed: str) -> int | None:
        """Where to misread: a 9 in the integer part, else in the first decimal (a
        change of 0.1 still shows in the tool means); never the second decimal."""
        whole = printed.split(".")[0]
        for i, c in enumerate(printed[: len(whole) + 2]):
            if c in "9๙":
                return i
        return None

    cands = [r for r in rows if spot(r["_printed"]) is not None
             # a comparison row printing the same value for both years: ambiguous, skip
             and not any(o is not r and o["_printed"] == r["_printed"]
                         and o.get("indicator") == r.get("indicator") for o in rep.indicator_scores)]
    if not cands:
        return None
    row = rng.choice(cands)
    old = row["_printed"]
    pos = spot(old)
    new = old[:pos] + ("๘" if old[pos] == "๙" else "8") + old[pos + 1:]
    tools = {r["tool"] for r in rep.tool_scores}
    inds = {r["indicator"] for r in rep.indicator_scores if r["fiscal_year"] == fy}
    flags = []
    if "indicator" in row:
        what = f"indicator {row['indicator']}"
        flags.append(_flag("tool_indicator_mismatch" if tools else "score_arithmetic", row["_tag"],
                           f"{what} printed {new}, intended {old}"))
    else:
        what = f"tool {row['tool']}"
        # a tool 0.1 off moves the weighted overall by 0.04 at most: within the ±0.05 the
        # framework allows for rounded tool scores (../shared/ita), so no check can say
        # the overall is wrong; a whole point off moves it 0.3 or more
        if pos < len(old.split(".")[0]) and rep.report.get("overall_score") is not None:
            flags.append(_flag("score_arithmetic", row["_tag"], f"{what} printed {new}, intended {old}"))
        if inds:
            flags.append(_flag("tool_indicator_mismatch", row["_tag"],
                               f"{what} printed {new} ≠ mean of its indicators"))
    if not flags or _replace(rep, row["_tag"], old, new) != 1:
        return None  # nothing would tell this misread from the truth
    row["_printed"], row["score"] = new, tf.parse_number(new)
    return {"kind": "digit_misread", "_tag": row["_tag"], "target": what, "printed": new,
            "intended": old, "flags": flags}


def arithmetic_error(rep: Report, rng: random.Random) -> dict | None:
    """The overall score printed ≠ 0.3·IIT + 0.3·EIT + 0.4·OIT (same level, so only the
    arithmetic is wrong)."""
    r = rep.report
    if r.get("overall_score") is None or not (rep.tool_scores or rep.indicator_scores):
        return None
    thai = any(c in tf.THAI_DIGITS for c in next(_tagged(rep, rep.tag("overall")))[0].text)
    old_v = r["overall_score"]
    old = tf.score(old_v, thai)
    for _ in range(20):
        new_v = round(old_v + rng.choice([-1, 1]) * rng.uniform(0.4, 3.0), 2)
        if 0 < new_v <= 100 and _level(new_v, rep) == r["level"]:
            break
    else:
        return None
    new = tf.score(new_v, thai)
    if not _replace(rep, rep.tag("overall"), old, new):
        return None
    r["overall_score"] = new_v
    tag = rep.tag("overall")
    return {"kind": "arithmetic_error", "_tag": tag, "printed": new, "intended": old,
            "flags": [_flag("score_arithmetic", tag, f"overall printed {new}, weighted tools give {old}")]}


def _level(score: float, rep: Report) -> str | None:
    fy = rep.report["fiscal_year"]
    tools = {t["tool"]: t["score"] for t in rep.tool_scores if t["fiscal_year"] == fy}
    if "EIT" not in tools and "EIT_PART1" in tools:
        tools["EIT"] = (tools["EIT_PART1"] + tools["EIT_PART2"]) / 2
    return load_catalog().level_for(score, fy, tools or None) or rep.report["level"]


def level_mismatch(rep: Report, rng: random.Random) -> dict | None:
    """A level label that does not fit the printed overall score."""
    r = rep.report
    if not r.get("level"):
        return None
    right, score = r["level"], r["overall_score"]
    scale = load_catalog().level_scale(r["fiscal_year"])
    # only a label whose band cannot hold the score: ผ่านดี for 96 (some tool under 95)
    # differs from ผ่านดีเยี่ยม by the tools alone, which a report may not print
    others = [b.label for b in scale.bands
              if b.label and b.label != right and not (b.min <= score <= b.max)]
    if not others:
        return None
    wrong = rng.choice(others)
    pat = re.compile(rf"(?<=[\s:(]){re.escape(right)}(?=[\s)]|$)")
    n = 0
    for b, _ in _tagged(rep, rep.tag("level")):
        b.text, k = pat.subn(wrong, b.text)
        n += k
    if not n:
        return None
    r["level"] = wrong
    tag = rep.tag("level")
    return {"kind": "level_mismatch", "_tag": tag, "printed": wrong, "intended": right,
            "flags": [_flag("level_score_mismatch", tag,
                            f"level {wrong} printed for {r['overall_score']:.2f} (scale gives {right})")]}


def rank_conflict(rep: Report, rng: random.Random) -> dict | None:
    """The rank stated twice with different values."""
    r = rep.report
    if r.get("rank") is None:
        return None
    first = next(_tagged(rep, rep.tag("rank")))[0]
    thai = any(c in tf.THAI_DIGITS for c in first.text)
    other = max(1, r["rank"] + rng.choice([-1, 1]) * rng.randint(40, 900))
    cat = first.text.split("ของหน่วยงานประเภท")[-1]
    tag = rep.tag("rank2")
    text = f"ทั้งนี้ ผลการประเมินอยู่ในลำดับที่ {tf.integer(other, thai)} ของหน่วยงานประเภท{cat}"
    idx = max([i for i, b in enumerate(rep.blocks) if isinstance(b, Table)]
              + [i for i, b in enumerate(rep.blocks) if isinstance(b, Para) and rep.tag("rank") in b.tags])
    rep.blocks.insert(idx + 1, Para(text, tags=(tag,)))
    return {"kind": "rank_conflict", "_tag": tag, "printed": other, "intended": r["rank"],
            "flags": [_flag("rank_conflict", tag, f"rank {r['rank']} and {other}")]}


def indicator_name_garbled(rep: Report, rng: random.Random) -> dict | None:
    """One or two indicator names replaced by wrong/garbled ones (real OCR'd memos)."""
    fy = rep.report["fiscal_year"]
    rows = [r for r in rep.indicator_scores if r["fiscal_year"] == fy]
    if not rows:
        return None
    garbles = load("garbles")["indicator_names"]
    flags, changed = [], []
    for row in rng.sample(rows, rng.randint(1, 2)):
        old, new = row["name_raw"], rng.choice(garbles[str(row["indicator"])])
        if not _replace(rep, row["_tag"], old, new):
            continue
        for r2 in rep.indicator_scores:  # a comparison row prints one name for both years
            if r2["_tag"] in {t for b, i in _tagged(rep, row["_tag"])
                              for t in (b.row_tags[i] if i is not None else b.tags)}:
                r2["name_raw"] = new
        changed.append({"indicator": row["indicator"], "printed": new, "intended": old,
                        "_tag": row["_tag"]})
        # การทํางาน (sara am as two code points) is the official name in another encoding:
        # the reader sees the same words and the pipeline's normaliser composes it, so
        # nothing is to be flagged; the row still tests that normalisation
        if thai.normalize(new) != thai.normalize(old):
            flags.append(_flag("indicator_name_mismatch", row["_tag"],
                               f"indicator {row['indicator']} printed as '{new}'"))
    if not changed:
        return None
    # the defect's place is its first changed row, flagged or not: a name that only differs
    # in encoding (sara am as two code points) plants a defect with no flag
    tag = changed[0].pop("_tag")
    for c in changed[1:]:
        c.pop("_tag")
    return {"kind": "indicator_name_garbled", "_tag": tag, "rows": changed, "flags": flags}


def heading_wrong_number(rep: Report, rng: random.Random) -> dict | None:
    """A 'ตัวชี้วัดที่ N …' heading whose number does not match its name."""
    if not rep.measures:
        return None
    row = rng.choice(rep.measures)
    n = row["indicator"]
    wrong = rng.choice([k for k in (n - 1, n + 1, n + 5) if 1 <= k <= 10])
    head = row["_heading"]
    thai = any(c in tf.THAI_DIGITS for c in head)
    new_head = head.replace(f"ที่ {tf.digits(str(n), thai)} ", f"ที่ {tf.digits(str(wrong), thai)} ", 1)
    if new_head == head or not _replace(rep, row["_tag"], head, new_head):
        return None
    row["_heading"] = new_head
    return {"kind": "indicator_heading_mismatch", "_tag": row["_tag"], "printed": new_head,
            "intended": head,
            "flags": [_flag("indicator_heading_mismatch", row["_tag"],
                            f"heading numbered {wrong} names indicator {n}")]}


def _body_paras(rep: Report, containing: str) -> list[Para]:
    return [b for b in rep.blocks if isinstance(b, Para) and containing in b.text
            and rep.tag("agency_raw") not in b.tags and b.style != "title"]


def agency_variants(rep: Report, rng: random.Random, place: str, prefix: str) -> dict | None:
    """The agency's name spelled differently in places (a letter swapped, องค์กร…)."""
    paras = _body_paras(rep, place)
    if not paras:
        return None
    swaps = load("garbles")["letter_swaps"]
    idx = [i for i, c in enumerate(place) if c in swaps and swaps[c] != c]
    if not idx:
        return None
    i = rng.choice(idx)
    variant = place[:i] + swaps[place[i]] + place[i + 1:]
    variants = []
    for k, p in enumerate(rng.sample(paras, min(len(paras), 2))):
        v = variant
        if k == 1 and prefix == "องค์การบริหารส่วนตำบล" and prefix + place in p.text:
            v, p.text = place, p.text.replace(prefix + place, "องค์กรบริหารส่วนตำบล" + place, 1)
            variants.append("องค์กรบริหารส่วนตำบล" + place)
        else:
            p.text = p.text.replace(place, v, 1)
            variants.append(v)
        p.tags += (rep.tag(f"variant{k}"),)
    tag = rep.tag("variant0")
    return {"kind": "agency_name_variants", "_tag": tag, "variants": variants,
            "flags": [_flag("agency_name_variants", tag, "name also written " + ", ".join(variants))]}


def other_agency(rep: Report, rng: random.Random, full_name: str) -> dict | None:
    """Another agency named in the text (a template copied from a neighbour)."""
    other = draw_agency(rng)
    if other.place in full_name or full_name in other.full_name:
        return None
    paras = [b for b in rep.blocks if isinstance(b, Para) and b.style == "body" and len(b.text) > 60]
    if not paras:
        return None
    p = rng.choice(paras)
    p.text = p.text.rstrip() + f" และเผยแพร่บนเว็บไซต์ของ{other.short_name} "
    tag = rep.tag("other_agency")
    p.tags += (tag,)
    return {"kind": "other_agency_named", "_tag": tag, "other": other.full_name,
            "printed": other.short_name,
            "flags": [_flag("other_agency_named", tag, f"mentions {other.short_name}")]}


def foreign_script(rep: Report, rng: random.Random) -> dict | None:
    """Lao look-alike letters inside Thai words (what some OCR engines emit)."""
    lookalike = load("garbles")["foreign"]
    paras = [b for b in rep.blocks if isinstance(b, Para) and b.style == "body"
             and len(b.text) > 40 and not tf.NUMBER_TOKEN.search(b.text)]
    if not paras:
        return None
    p = rng.choice(paras)
    spots = [i for i, c in enumerate(p.text) if c in lookalike and 0 < i < len(p.text) - 1
             and "\u0e01" <= p.text[i - 1] <= "\u0e4e"]
    if not spots:
        return None
    i = rng.choice(spots)
    word_start = max(0, p.text.rfind(" ", 0, i) + 1)
    char = lookalike[p.text[i]]
    before = p.text
    p.text = p.text[:i] + char + p.text[i + 1:]
    for row in rep.tool_scores:  # a tool label printed as its own paragraph
        if row.get("label_raw") == before:
            row["label_raw"] = p.text
    word = p.text[word_start:].split(" ")[0]
    tag = rep.tag("foreign")
    p.tags += (tag,)
    return {"kind": "foreign_script", "_tag": tag, "printed": word, "char": char,
            "flags": [_flag("foreign_script", tag, f"Lao letter in '{word}'")]}


KINDS = ["digit_misread", "arithmetic_error", "level_mismatch", "rank_conflict",
         "indicator_name_garbled", "heading_wrong_number", "agency_variants",
         "other_agency", "foreign_script"]


def plant(rep: Report, rng: random.Random, agency, how_many: int,
          first: str | None = None) -> list[dict]:
    """Plant up to `how_many` defects of different kinds in one report; `first` is
    tried first (documents take turns, so a small corpus still shows every kind)."""
    kinds = list(KINDS)
    rng.shuffle(kinds)
    if first in kinds:
        kinds.remove(first)
        kinds.insert(0, first)
    done: list[dict] = []
    for kind in kinds:
        if len(done) >= how_many:
            break
        # two arithmetic defects in one report would blur each other's expected flags
        if kind in ("digit_misread", "arithmetic_error", "level_mismatch") and any(
                d["kind"] in ("digit_misread", "arithmetic_error", "level_mismatch") for d in done):
            continue
        if kind == "agency_variants":
            d = agency_variants(rep, rng, agency.place, agency.prefix)
        elif kind == "other_agency":
            d = other_agency(rep, rng, agency.full_name)
        else:
            d = globals()[kind](rep, rng)
        if d:
            d["doc_index"] = rep.doc_index
            done.append(d)
    return done
