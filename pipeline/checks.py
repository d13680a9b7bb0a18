"""Consistency checks: which reports not to trust, and why.

Each check is a small pure function from a report's records to flags. A flag says
what is wrong in Thai and English, shows the evidence (the values as stated), and
points at the page. Tolerances follow the ITA reference (../shared/ita §6): tool
scores vs the mean of their indicators ±0.015 (the reference says ±0.02; two-decimal
rounding of the indicators and of the tool bounds the honest difference at 0.01, and a
misread first decimal of one of five IIT indicators moves the mean by exactly 0.02); the
overall vs tool scores that are
themselves rounded to two decimals ±0.05.
"""

from __future__ import annotations

import re
from statistics import mean
from typing import Callable, Iterable, Sequence

from normalizers import thai
from normalizers.indicators import INDICATOR_WORD
from normalizers.numbers import to_thai_digits
from pipeline.extract import Extraction
from pipeline.extract.context import ReportFacts
from pipeline.flags import new_flag
from pipeline.pages import PageResult
from schemas.catalog import TOOLS, load_catalog
from schemas.records import (
    FlagRecord,
    IndicatorScoreRecord,
    ReportRecord,
    ToolScoreRecord,
)

# A tool's mean of indicators published with two decimals is at most 0.005 (the
# indicators' rounding) + 0.005 (the tool's own) off: beyond ROUNDING_BOUND the report is
# inconsistent. Up to the tolerance it is a warning (../shared/ita suggests ±0.02, in case
# some agency truncates instead of rounding); beyond it an error.
ROUNDING_BOUND = 0.0101
TOOL_VS_INDICATORS_TOLERANCE = 0.015
OVERALL_VS_TOOLS_TOLERANCE = 0.05
# mean Tesseract word confidence under which an OCR'd page is not to be trusted: generated
# clean and noisy scans read at 90–94 (and digits can be wrong even then: DESIGN §2)
OCR_CONFIDENCE_BELOW = 75.0
# page text quality (normalizers.thai.text_quality) under which text is garbled: clean
# generated pages score ≥ 0.79 (lists of codes and short names), noisy OCR ≥ 0.77
GARBLED_BELOW = 0.70
MAX_EVIDENCE_ITEMS = 12

_TOOL_THAI = {"IIT": "ภายใน", "EIT": "ภายนอก", "OIT": "การเปิดเผยข้อมูลสาธารณะ"}


def _flag(facts: ReportFacts, kind: str, message: str, evidence: str | None,
          page: int | None, severity: str | None = None) -> FlagRecord:
    """A flag on the report (its first page where the rule has none); severity: the kind's
    default (pipeline/data/flag_kinds.json) unless given."""
    r = facts.report
    return new_flag(kind, message, file_id=r.file_id, report_id=r.report_id, evidence=evidence,
                    page=page if page is not None else r.first_page, severity=severity)


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _span(numbers: Sequence[int]) -> str:
    """Indicator numbers as the messages write them: '1–5', '9–10'."""
    return f"{numbers[0]}–{numbers[-1]}"


def one_digit_apart(stated: float, computed: float) -> tuple[str, str] | None:
    """(stated digit, computed digit) when the two values, written with two decimals,
    differ in exactly one digit: an OCR misread (๙/๘) explains the mismatch."""
    a, b = _fmt(stated), _fmt(computed)
    if len(a) != len(b):
        return None
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diffs) != 1 or not all(c.isdigit() for c in diffs[0]):
        return None
    return to_thai_digits(diffs[0][0]), to_thai_digits(diffs[0][1])


def indicator_digit_fixes(stated: float, scores: dict[int, float],
                          max_fixes: int = 3) -> list[tuple[int, float, float]]:
    """(indicator, printed, corrected) for each single-digit change of one indicator that
    makes the tool's mean round to the stated value; [] when none or more than
    `max_fixes` do (then the hint would not help)."""
    fixes = []
    total, n = sum(scores.values()), len(scores)
    for number, score in scores.items():
        text = _fmt(score)
        for pos, ch in enumerate(text):
            if not ch.isdigit():
                continue
            for d in "0123456789":
                if d == ch:
                    continue
                fixed = float(text[:pos] + d + text[pos + 1:])
                if fixed > 100.0:
                    continue
                if abs((total - score + fixed) / n - stated) <= ROUNDING_BOUND:
                    fixes.append((number, score, fixed))
    return fixes if len(fixes) <= max_fixes else []


def _eit_from_parts(facts: ReportFacts) -> float | None:
    """EIT from its stated parts by the year's part weights in the catalog (½ each: the
    mean); None unless every part is stated."""
    weights = load_catalog().eit_part_weights(facts.report.fiscal_year)
    parts = [facts.tool(part) for part in weights]
    if not weights or not all(parts):
        return None
    return sum(w * p.score for w, p in zip(weights.values(), parts))


def _eit_of(facts: ReportFacts) -> tuple[float, str] | None:
    """EIT as stated, else from its two parts: (value, how it was obtained)."""
    eit = facts.tool("EIT")
    if eit:
        return eit.score, "EIT"
    from_parts = _eit_from_parts(facts)
    if from_parts is None:
        return None
    weights = load_catalog().eit_part_weights(facts.report.fiscal_year)
    how = ("mean of EIT parts 1 and 2" if len(set(weights.values())) == 1
           else " + ".join(f"{w:g}·{part}" for part, w in weights.items()))
    return from_parts, how


def _indicator_means(facts: ReportFacts) -> dict[str, float]:
    """Tool -> mean of its indicators (the catalog's for the report's year), for tools
    whose indicators are all given."""
    by_number = {i.indicator: i.score for i in facts.own_indicators() if i.score is not None}
    return {
        tool: mean(by_number[n] for n in numbers)
        for tool, numbers in load_catalog().tool_indicators(facts.report.fiscal_year).items()
        if all(n in by_number for n in numbers)
    }


def _weighted(facts: ReportFacts, scores: dict[str, float]) -> float:
    """The overall score the year's tool weights (catalog) give these tool scores."""
    w = load_catalog().weights_for(facts.report.fiscal_year)
    return sum(getattr(w, tool) * scores[tool] for tool in TOOLS)


def _formula(facts: ReportFacts, terms: dict[str, str]) -> str:
    """'0.3·IIT + 0.3·EIT + 0.4·OIT' with the year's weights, each tool written as `terms` says."""
    w = load_catalog().weights_for(facts.report.fiscal_year)
    return " + ".join(f"{getattr(w, tool):g}·{terms[tool]}" for tool in TOOLS)


# --------------------------------------------------------------------------- rules


def score_arithmetic(facts: ReportFacts) -> list[FlagRecord]:
    """The overall score is the tools weighted by the year's weights in the catalog
    (0.3·IIT + 0.3·EIT + 0.4·OIT in 2563-2568; EIT = mean of its two parts when only the
    parts are given); a stated EIT is the mean of its stated parts."""
    out = []
    r = facts.report
    iit, oit, eit = facts.tool("IIT"), facts.tool("OIT"), _eit_of(facts)
    p1, p2, eit_stated = facts.tool("EIT_PART1"), facts.tool("EIT_PART2"), facts.tool("EIT")
    parts = _eit_from_parts(facts)
    if eit_stated and p1 and p2 and parts is not None:
        if abs(parts - eit_stated.score) > OVERALL_VS_TOOLS_TOLERANCE:
            out.append(_flag(
                facts, "score_arithmetic",
                f"คะแนน EIT {_fmt(eit_stated.score)} ไม่เท่ากับค่าเฉลี่ยของส่วนที่ 1 และ 2 ({_fmt(parts)}) "
                f"(EIT {_fmt(eit_stated.score)} is not the mean of its parts, {_fmt(parts)})",
                f"EIT={_fmt(eit_stated.score)}; part 1={_fmt(p1.score)}; part 2={_fmt(p2.score)}",
                eit_stated.page,
            ))
    if r.overall_score is None:
        return out
    if not (iit and oit and eit):
        return out + _overall_vs_indicators(facts)
    computed = _weighted(facts, {"IIT": iit.score, "EIT": eit[0], "OIT": oit.score})
    if abs(computed - r.overall_score) <= OVERALL_VS_TOOLS_TOLERANCE:
        return out
    evidence = (f"overall={_fmt(r.overall_score)}; IIT={_fmt(iit.score)}; "
                f"EIT={_fmt(eit[0])} ({eit[1]}); OIT={_fmt(oit.score)}")
    message = (f"คะแนนรวม {_fmt(r.overall_score)} ไม่ตรงกับ {_formula(facts, dict(zip(TOOLS, TOOLS)))} = {_fmt(computed)} "
               f"(overall {_fmt(r.overall_score)} ≠ weighted tools {_fmt(computed)})")
    # Would the tool scores recomputed from the indicators explain the overall?
    means = _indicator_means(facts)
    if means.keys() >= set(TOOLS):
        from_indicators = _weighted(facts, means)
        if abs(from_indicators - r.overall_score) <= OVERALL_VS_TOOLS_TOLERANCE:
            message += (f"; tools recomputed from the indicators give {_fmt(from_indicators)}, which fits: "
                        "the stated tool scores are the suspect values")
    return out + [_flag(facts, "score_arithmetic", message, evidence, iit.page)]


def _overall_vs_indicators(facts: ReportFacts) -> list[FlagRecord]:
    """With no tool scores stated, the overall is checked against the tools' means of
    the indicators (±0.015, as for tools)."""
    r = facts.report
    means = _indicator_means(facts)
    if not means.keys() >= set(TOOLS):
        return []
    computed = _weighted(facts, means)
    if abs(computed - r.overall_score) <= TOOL_VS_INDICATORS_TOLERANCE:
        return []
    scores = {i.indicator: i.score for i in facts.own_indicators()}
    groups = load_catalog().tool_indicators(r.fiscal_year)
    formula = _formula(facts, {t: f"mean({_span(ns)})" for t, ns in groups.items()})
    return [_flag(
        facts, "score_arithmetic",
        f"คะแนนรวม {_fmt(r.overall_score)} ไม่ตรงกับคะแนนที่คำนวณจากตัวชี้วัด {_fmt(computed)} "
        f"(overall {_fmt(r.overall_score)} ≠ {formula} = {_fmt(computed)})",
        f"overall={_fmt(r.overall_score)}; " + ", ".join(f"{n}: {_fmt(scores[n])}" for n in sorted(scores)),
        None,
    )]


def tool_indicator_mismatch(facts: ReportFacts) -> list[FlagRecord]:
    """Each tool score is the mean of its indicators (the catalog's for the year: IIT of
    1–5, EIT of 6–8, OIT of 9–10 in 2563-2568). When one misread digit explains the
    difference, the message says which."""
    out = []
    means = _indicator_means(facts)
    for tool, expected in means.items():
        stated = facts.tool(tool)
        value = stated.score if stated else None
        label = tool
        if tool == "EIT" and stated is None and _eit_of(facts):
            value, label = _eit_of(facts)[0], "EIT (mean of parts 1 and 2)"
        if value is None or abs(value - expected) <= ROUNDING_BOUND:
            continue
        severity = "error" if abs(value - expected) > TOOL_VS_INDICATORS_TOLERANCE else "warning"
        numbers = load_catalog().tool_indicators(facts.report.fiscal_year)[tool]
        message = (f"คะแนน {label} {_fmt(value)} ไม่เท่ากับค่าเฉลี่ยตัวชี้วัดที่ {_span(numbers)} "
                   f"({_fmt(expected)}) ({label} stated {_fmt(value)}; the mean of indicators "
                   f"{_span(numbers)} is {_fmt(expected)}"
                   f"{'' if severity == 'error' else ', more than two-decimal rounding explains'})")
        scores = {i.indicator: i.score for i in facts.own_indicators()}
        digits = one_digit_apart(value, expected)
        if digits:
            message += f": ต่างกันหนึ่งหลัก ({digits[0]}/{digits[1]}) — one digit differs, likely a misread"
        elif fixes := indicator_digit_fixes(value, {n: scores[n] for n in numbers}):
            message += ": " + "; ".join(
                f"ตัวชี้วัดที่ {n} {to_thai_digits(_fmt(was))} → {to_thai_digits(_fmt(fix))}"
                for n, was, fix in fixes
            ) + " would make it add up — one digit of an indicator is likely misread"
        evidence = f"{label}={_fmt(value)}; " + ", ".join(
            f"{n}: {_fmt(scores[n])}" for n in numbers
        )
        out.append(_flag(facts, "tool_indicator_mismatch", message, evidence,
                         stated.page if stated else None, severity=severity))
    return out


def level_problem(fy: int, overall: float | None, level: str, tools: dict[str, float]) -> str | None:
    """What is wrong with `level` for `overall` on the scale of `fy` (None: nothing, or
    the catalog is not sure: no scale, 2566 below 85, 2567+ per-tool conditions with the
    tool scores unknown)."""
    cat = load_catalog()
    labels = cat.level_labels(fy)
    if not labels:
        return None
    if level not in labels:
        return (f"ระดับ '{level}' ไม่อยู่ในเกณฑ์ของปี {fy} ({', '.join(labels)}) "
                f"(level '{level}' is not on the {fy} scale)")
    if overall is None:
        return None
    expected = cat.level_for(overall, fy, tools)
    possible = {expected} if expected else cat.possible_levels(overall, fy)
    if not possible or level in possible:
        return None
    want = " / ".join(sorted(possible))
    return (f"ระดับ '{level}' ไม่ตรงกับคะแนน {_fmt(overall)} ตามเกณฑ์ปี {fy} (ควรเป็น {want}) "
            f"(level does not fit the score on the {fy} scale: expected {want})")


def level_score_mismatch(facts: ReportFacts) -> list[FlagRecord]:
    """The stated level must be the one the fiscal year's scale gives the overall
    score, for the report's own year and for each earlier year it quotes — checked
    only where the catalog knows the scale (see level_problem)."""
    out = []
    r = facts.report
    if r.level is not None and r.fiscal_year is not None:
        tools = {t: facts.tool(t).score for t in ("IIT", "OIT") if facts.tool(t)}
        if _eit_of(facts):
            tools["EIT"] = _eit_of(facts)[0]
        problem = level_problem(r.fiscal_year, r.overall_score, r.level, tools)
        if problem:
            evidence = f"level={r.level}; overall={_fmt(r.overall_score) if r.overall_score is not None else '?'}"
            out.append(_flag(facts, "level_score_mismatch", problem,
                             evidence + (f"; tools={tools}" if tools else ""), None))
    # quoted earlier years, and the five indices of 2557-2561 on the same five-band scale
    # ("ร้อยละ ๕๕.๕๕ อยู่ในระดับสูงมาก": OCR read ๘๔ as ๕๕): warnings
    stated = [(f"ผลปี {q.fiscal_year} ที่อ้างถึง", f"quoted {q.fiscal_year}", "overall", q.fiscal_year,
               q.overall_score, q.level, q.page) for q in facts.year_results if q.quoted]
    stated += [(x.index_name, f"index {x.index_no} {x.fiscal_year}", "score", x.fiscal_year, x.score, x.level,
                x.page) for x in facts.index_scores]
    for label, what, field, fy, score, level, page in stated:
        if level is None or fy is None:
            continue
        problem = level_problem(fy, score, level, {})
        if problem:
            out.append(_flag(
                facts, "level_score_mismatch", f"{label}: {problem}",
                f"{what}: level={level}; {field}={_fmt(score) if score is not None else '?'}",
                page, severity="warning",
            ))
    return out


def tool_label_mismatch(facts: ReportFacts) -> list[FlagRecord]:
    """A tool printed under another tool's name, e.g. the external (EIT) or open-data
    (OIT) tool called ผู้มีส่วนได้ส่วนเสียภายใน (internal)."""
    out = []
    for t in facts.tools:
        label = t.label_raw or ""
        base = "EIT" if t.tool.startswith("EIT") else t.tool
        says_internal = "ภายใน" in label
        says_external = "ภายนอก" in label
        wrong = (base != "IIT" and says_internal) or (base == "IIT" and says_external)
        if wrong:
            out.append(_flag(
                facts, "tool_label_mismatch",
                f"ชื่อเครื่องมือไม่ตรงกับรหัส: {t.tool} ถูกเรียกว่า "
                f"'{'ภายใน' if says_internal else 'ภายนอก'}' (should be {_TOOL_THAI[base]}) "
                f"(tool {t.tool} is labelled as another tool; the value is kept under {t.tool})",
                label[:200], t.page,
            ))
    return out


def rank_conflict(facts: ReportFacts) -> list[FlagRecord]:
    """The report states its rank in one group more than once, with different values.
    Ranks in different groups ("อันดับ 2 ของอำเภอ และ 76 ของจังหวัด") are both true."""
    by_group: dict = {}
    for rank, page, *group in facts.ranks:
        by_group.setdefault(group[0] if group else None, []).append((rank, page))
    out = []
    for group, stated in by_group.items():
        values = {rank for rank, _ in stated}
        if len(values) < 2:
            continue
        evidence = "; ".join(f"ลำดับที่ {rank:,} (p.{page})" for rank, page in stated)
        out.append(_flag(
            facts, "rank_conflict",
            f"ระบุลำดับที่ไม่ตรงกัน {len(values)} ค่า (the rank{f' in {group}' if group else ''} is stated "
            f"with different values: {', '.join(f'{v:,}' for v in sorted(values))})",
            evidence, stated[1][1],
        ))
    return out


def agency_name_variants(facts: ReportFacts) -> list[FlagRecord]:
    """The agency's own name is spelled several ways (OCR garbles of one name) that differ
    in their letters, not only in marks or by a cut (agencies.spellings_apart)."""
    from normalizers.agencies import spellings_apart

    if len(facts.agency_variants) < 2 or len(spellings_apart(list(facts.agency_variants))) < 2:
        return []
    return [_flag(
        facts, "agency_name_variants",
        f"ชื่อหน่วยงานสะกดได้ {len(facts.agency_variants)} แบบ ใช้ '{facts.report.agency_name}' "
        f"(the agency's name is spelled {len(facts.agency_variants)} ways)",
        " | ".join(facts.agency_variants[:MAX_EVIDENCE_ITEMS]), None,
    )]


def other_agency_named(facts: ReportFacts) -> list[FlagRecord]:
    """Another agency is named inside the report (a copied template, or a mix-up)."""
    if not facts.other_agencies:
        return []
    return [_flag(
        facts, "other_agency_named",
        f"รายงานกล่าวถึงหน่วยงานอื่น: {', '.join(facts.other_agencies[:3])} "
        f"(another agency is named in this report of {facts.report.agency_name})",
        " | ".join(facts.other_agencies[:MAX_EVIDENCE_ITEMS]), None,
    )]


def unknown_place(facts: ReportFacts) -> list[FlagRecord]:
    """A local administration named after a place that exists nowhere in its district or
    province (normalizers/gazetteer.py): a misread name, or a district/province misread."""
    if not facts.unknown_place:
        return []
    r = facts.report
    where = " ".join(x for x in (r.district and "อำเภอ" + r.district, r.province and "จังหวัด" + r.province) if x)
    return [_flag(
        facts, "unknown_place",
        f"ไม่พบตำบล/เมือง '{facts.unknown_place}' ของ {r.agency_name} ในทำเนียบพื้นที่ {where} "
        f"(no such place in the gazetteer for this district/province)",
        f"{r.agency_name_raw or r.agency_name} | {where}", r.first_page,
    )]


def foreign_script(facts: ReportFacts) -> list[FlagRecord]:
    """Letters of other scripts (Khmer, Lao, CJK, Arabic, a Latin tail on a Thai word)
    inside Thai text: OCR misreads. One flag per page, with each fragment in context."""
    if facts.document is None:
        return []
    by_page: dict[int, list[str]] = {}
    for line in facts.document.lines:
        for fragment, script in thai.foreign_script_fragments(line.text):
            at = line.text.find(fragment)
            context = line.text[max(0, at - 8) : at + len(fragment) + 4].strip()
            by_page.setdefault(line.page_no, []).append(f"{script}: {context}")
    return [
        _flag(
            facts, "foreign_script",
            f"พบอักษรต่างภาษาปนในข้อความภาษาไทย {len(items)} แห่ง "
            f"({len(items)} fragment(s) of other scripts inside Thai text: OCR misreads)",
            " | ".join(list(dict.fromkeys(items))[:MAX_EVIDENCE_ITEMS]),
            page,
        )
        for page, items in by_page.items()
    ]


def year_inconsistency(facts: ReportFacts) -> list[FlagRecord]:
    """A report on fiscal year X is written in X or X+1 (results come out in the
    second half of X): a document date outside that is a wrong year somewhere."""
    r = facts.report
    if r.fiscal_year is None or r.doc_date is None:
        return []
    from normalizers.dates import fiscal_year_of

    written = fiscal_year_of(r.doc_date)
    if r.fiscal_year <= written <= r.fiscal_year + 1:
        return []
    return [_flag(
        facts, "year_inconsistency",
        f"รายงานปีงบประมาณ {r.fiscal_year} ลงวันที่ในปีงบประมาณ {written} "
        f"(a report on fiscal year {r.fiscal_year} dated in fiscal year {written})",
        f"fiscal_year={r.fiscal_year}; doc_date={r.doc_date.isoformat()}", None,
    )]


def indicator_name_mismatch(facts: ReportFacts) -> list[FlagRecord]:
    """A score row whose printed name is not its indicator's: the name is another
    indicator's (number and name disagree), or no indicator's at all (a wrong or
    sub-indicator name in a numbered table): warnings. A garbled name the matcher is
    sure of (การใช้ทรัพยากรัฐบาล for 4) is noted as info: the value stands, the
    report's text is not the official one. The matcher's verdict on each name was
    taken at extraction (`name_indicator`). On a page OCR read, a name that differs from
    the official one only in what OCR loses or confuses (marks, look-alike letters:
    การปฏิบัติหน้าที as การปฏิบัติหน้าที่) is not flagged: the page image cannot be told
    from a misread by its text, and the value stands either way."""
    from normalizers.indicators import skeleton, thai_key

    cat = load_catalog()
    out = []
    for rec in facts.indicators:
        if not rec.name_raw:
            continue
        fy = rec.fiscal_year or facts.report.fiscal_year
        if rec.name_indicator == rec.indicator:
            # the official name with OCR junk around it ("ol ประสิทธิภาพการสื่อสาร") is not a garble
            key = thai_key(rec.name_raw)
            names = cat.indicator_names(rec.indicator)
            if rec.page in facts.ocr_pages and any(skeleton(thai_key(n)) in skeleton(key) for n in names):
                continue
            if not any(thai_key(name) in key for name in names):
                official = cat.indicator_name(rec.indicator, fy) or "?"
                out.append(_flag(
                    facts, "indicator_name_mismatch",
                    f"ชื่อตัวชี้วัดที่ {rec.indicator} พิมพ์ไม่ตรงชื่อทางการ: '{rec.name_raw}' ({official}) "
                    f"(indicator {rec.indicator}'s name is garbled or reworded; recognised as {official})",
                    f"{rec.fiscal_year}: {rec.indicator} = {rec.name_raw}", rec.page, severity="info",
                ))
            continue
        official = cat.indicator_name(rec.indicator, fy) or "?"
        if rec.name_indicator is not None:
            what = (f"ชื่อ '{rec.name_raw}' เป็นชื่อตัวชี้วัดที่ {rec.name_indicator} แต่คะแนนอยู่ในแถวตัวชี้วัดที่ "
                    f"{rec.indicator} ({official}) (the row of indicator {rec.indicator} carries "
                    f"indicator {rec.name_indicator}'s name)")
        else:
            what = (f"ชื่อ '{rec.name_raw}' ไม่ใช่ชื่อตัวชี้วัดที่ {rec.indicator} ({official}) "
                    f"(the name printed for indicator {rec.indicator} is not its name)")
        out.append(_flag(
            facts, "indicator_name_mismatch", what,
            f"{rec.fiscal_year}: {rec.indicator} = {rec.name_raw} ({_fmt(rec.score) if rec.score is not None else '-'})",
            rec.page,
        ))
    return out


_INDICATOR_HEADING = re.compile(INDICATOR_WORD + r"\s*[0-9๐-๙]{1,2}(?![0-9๐-๙]|\.[0-9๐-๙])")


def indicator_heading_mismatch(facts: ReportFacts) -> list[FlagRecord]:
    """A heading "ตัวชี้วัดที่ 6 …" followed by another indicator's name (that of 8):
    either the number or the name is wrong, and the scores under it are in doubt."""
    from normalizers.indicators import match_indicator

    if facts.document is None:
        return []
    out = []
    for line in facts.document.lines:
        for m in _INDICATOR_HEADING.finditer(line.text):
            heading = line.text[m.start() : m.start() + 120]
            got = match_indicator(heading, facts.report.fiscal_year)
            if got is None or not got.confident or got.heading_kind != "indicator" or got.heading_agrees:
                continue
            out.append(_flag(
                facts, "indicator_heading_mismatch",
                f"หัวข้อตัวชี้วัดที่ {got.heading_number} ใช้ชื่อของตัวชี้วัดที่ {got.number} "
                f"(heading says indicator {got.heading_number}, the name is indicator {got.number}'s)",
                heading.strip(), line.page_no,
            ))
    return out


def uncorroborated_overall(facts: ReportFacts) -> list[FlagRecord]:
    """An overall score that neither a fitting level nor the tool scores bear out, and
    that is implausible against the report's other numbers (statements.implausible_overall):
    a noisy scan's 8.83 read for 90.28 with no level beside it."""
    from pipeline.extract.statements import implausible_overall, level_fits

    r = facts.report
    if r.overall_score is None or (facts.tool("IIT") and facts.tool("OIT") and _eit_of(facts)):
        return []  # the tools check it (score_arithmetic)
    tools = {t.tool: t.score for t in facts.tools if t.score is not None and facts._own_year(t.fiscal_year)}
    if level_fits(r.overall_score, r.level, r.fiscal_year, tools):
        return []
    others = list(tools.values()) + [i.score for i in facts.own_indicators() if i.score is not None]
    others += [q.overall_score for q in facts.year_results if q.quoted and q.overall_score is not None]
    why = implausible_overall(r.overall_score, others)
    if why is None:
        return []
    return [_flag(facts, "weak_evidence",
                  f"คะแนนรวม {_fmt(r.overall_score)} ไม่มีค่าอื่นยืนยันและไม่น่าเป็นไปได้ "
                  f"(overall {_fmt(r.overall_score)} is borne out by no level or tool score, and {why})",
                  f"overall={_fmt(r.overall_score)}; level={r.level}; others={sorted(round(x, 2) for x in others)[:12]}",
                  None, severity="warning")]


REPORT_CHECKS = (
    score_arithmetic,
    uncorroborated_overall,
    tool_indicator_mismatch,
    level_score_mismatch,
    tool_label_mismatch,
    indicator_name_mismatch,
    indicator_heading_mismatch,
    rank_conflict,
    agency_name_variants,
    other_agency_named,
    unknown_place,
    foreign_script,
    year_inconsistency,
)


def check_report(facts: ReportFacts) -> list[FlagRecord]:
    return [flag for check in REPORT_CHECKS for flag in check(facts)]


def value_conflicts(
    reports: Sequence[ReportRecord],
    tools: Sequence[ToolScoreRecord] = (),
    indicators: Sequence[IndicatorScoreRecord] = (),
) -> list[FlagRecord]:
    """Documents of one file about the same agency and year (a memo and its
    attachment) that state a quantity differently: the overall score, the level, a
    tool's or an indicator's score for the same year."""
    by_id = {r.report_id: r for r in reports}
    # (agency, report's year, quantity) -> [(report, value, page)]
    stated: dict[tuple, list[tuple[ReportRecord, object, int | None]]] = {}

    def add(r: ReportRecord | None, quantity: str, value, page: int | None) -> None:
        if r is not None and r.agency_name and r.fiscal_year and value is not None:
            stated.setdefault((r.agency_name, r.fiscal_year, quantity), []).append((r, value, page))

    for r in reports:
        add(r, "overall_score", r.overall_score, r.first_page)
        add(r, "level", r.level, r.first_page)
    for t in tools:
        add(by_id.get(t.report_id), f"{t.tool} {t.fiscal_year}", t.score, t.page)
    for i in indicators:
        add(by_id.get(i.report_id), f"indicator {i.indicator} {i.fiscal_year}", i.score, i.page)
    out = []
    for (_, _, quantity), values in stated.items():
        if len({r.report_id for r, _, _ in values}) < 2 or len({v for _, v, _ in values}) < 2:
            continue  # one document, or all agree
        evidence = "; ".join(f"doc {r.doc_index} ({r.doc_type}, p.{page}): {v}" for r, v, page in values)
        first = values[0][1]
        for r, v, page in values[1:]:
            if v != first and r.report_id != values[0][0].report_id:
                out.append(new_flag(
                    "value_conflict",
                    f"ค่า {quantity} ไม่ตรงกันระหว่างเอกสารในไฟล์เดียวกัน "
                    f"({quantity} differs between documents of one file about the same agency and year)",
                    file_id=r.file_id, report_id=r.report_id, evidence=evidence, page=page, severity="error",
                ))
    return out


def page_flags(file_id: str, pages: Iterable[PageResult],
               report_of_page: Callable[[int], str | None]) -> list[FlagRecord]:
    """Pages whose OCR Tesseract itself was unsure of, and pages whose text reads as
    garble (few dictionary words, junk glyphs)."""
    out = []
    for p in pages:
        if p.method == "ocr" and p.ocr_confidence is not None and p.ocr_confidence < OCR_CONFIDENCE_BELOW:
            out.append(new_flag(
                "ocr_low_confidence",
                f"OCR ไม่มั่นใจในหน้านี้ (ความมั่นใจเฉลี่ย {p.ocr_confidence:.0f}) "
                f"(OCR is unsure of this page: mean word confidence {p.ocr_confidence:.0f} < "
                f"{OCR_CONFIDENCE_BELOW:.0f}); check its values against the scan",
                file_id=file_id, report_id=report_of_page(p.page_no), page=p.page_no,
            ))
        if p.quality is None or p.quality >= GARBLED_BELOW or not p.text.strip():
            continue
        q = thai.text_quality(p.text)
        out.append(new_flag(
            "garbled_text",
            f"ข้อความหน้านี้อ่านได้ไม่ดี (คุณภาพ {p.quality:.2f}) "
            f"(page text is garbled: quality {p.quality:.2f} < {GARBLED_BELOW})",
            file_id=file_id, report_id=report_of_page(p.page_no), evidence="; ".join(q.reasons) or None,
            page=p.page_no,
        ))
    return out


def check_extraction(extraction: Extraction, pages: Sequence[PageResult]) -> tuple[FlagRecord, ...]:
    """Every check on one file's extraction: REPORT_CHECKS on each report's facts, the
    documents of the file against each other, its pages."""
    flags = [flag for facts in extraction.facts for flag in check_report(facts)]
    flags += value_conflicts(extraction.reports, extraction.tool_scores, extraction.indicator_scores)
    if extraction.reports:
        file_id = extraction.reports[0].file_id

        def report_of_page(page_no: int) -> str | None:
            return next((r.report_id for r in extraction.reports
                         if r.first_page <= page_no <= r.last_page), None)

        flags += page_flags(file_id, pages, report_of_page)
    return tuple(flags)


# Reports of different files about the same agency and year that disagree: a result
# quoted for an earlier year vs that year's own report, or two own-year reports.
_CROSS_REPORT_SQL = """
WITH results AS (
    SELECT r.report_id, r.file_id, r.agency_name, r.province, y.fiscal_year,
           y.overall_score, y.level, y.quoted, y.page
    FROM year_results y JOIN reports r USING (report_id)
    WHERE r.agency_name IS NOT NULL
)
SELECT a.file_id, a.report_id, a.page, a.fiscal_year, a.quoted,
       a.overall_score, a.level, b.overall_score, b.level, fb.path, b.page
FROM results a
JOIN results b
  ON a.agency_name = b.agency_name AND a.province IS NOT DISTINCT FROM b.province
 AND a.fiscal_year = b.fiscal_year AND a.file_id <> b.file_id AND NOT b.quoted
JOIN files fb ON fb.file_id = b.file_id
WHERE (abs(a.overall_score - b.overall_score) > 0.005 OR a.level <> b.level)
  AND (a.quoted OR a.report_id > b.report_id)  -- own vs own: flag one side only
ORDER BY a.report_id, b.report_id
"""


def cross_report_flags(con) -> list[FlagRecord]:
    """value_conflict between reports of different files (DESIGN §4: a previous-year
    column vs that year's own report). Runs on the loaded database."""
    out = []
    for (file_id, report_id, page, fy, quoted, score_a, level_a, score_b, level_b,
         other_path, other_page) in con.execute(_CROSS_REPORT_SQL).fetchall():
        what = "ผลปีก่อนที่อ้างถึง" if quoted else "ผลของปีเดียวกัน"
        out.append(new_flag(
            "value_conflict",
            f"{what} ({fy}) ไม่ตรงกับรายงานอีกฉบับของหน่วยงานเดียวกัน "
            f"(the {fy} result {'quoted here' if quoted else 'stated here'} differs from another "
            f"report of the same agency for {fy})",
            file_id=file_id, report_id=report_id,
            evidence=f"here: {score_a if score_a is not None else '-'} {level_a or ''}; "
            f"{other_path} p.{other_page}: {score_b if score_b is not None else '-'} {level_b or ''}",
            page=page, scope="database",
        ))
    return out
