"""Builders for the three report families: blocks to print plus the truth rows they carry.

Every printed value that the truth records is tagged (`d{doc}:...`) on the block or table
row that prints it; after pagination the tag gives the value's page. Builders print clean,
consistent documents; defects.py damages them afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from schemas.catalog import load_catalog

from . import thaifmt as tf
from .agencies import Agency, load, person
from .layout import PageBreak, Para, Table
from .scores import YearScores, year_model

TOOL_LABELS = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    "EIT_PART1": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ 1",
    "EIT_PART2": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ 2",
    "OIT": "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
}
CHECKED, UNCHECKED = "☑", "☐"


@dataclass
class Report:
    """One logical document: its blocks and its truth rows (with _tag/_printed helpers)."""
    doc_index: int
    doc_type: str
    blocks: list = field(default_factory=list)
    report: dict = field(default_factory=dict)
    tool_scores: list = field(default_factory=list)
    indicator_scores: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    oit_items: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def tag(self, name: str) -> str:
        return f"d{self.doc_index}:{name}"


@dataclass
class Ctx:
    rng: random.Random
    agency: Agency
    fy: int
    scores: YearScores
    prev: YearScores | None
    thai: bool
    rank: int | None


def _d(ctx: Ctx, text: str) -> str:
    return tf.digits(text, ctx.thai)


def _ind_name(n: int, fy: int) -> str:
    return load_catalog().indicator_name(n, fy)


def _signature(ctx: Ctx, rep: Report, roles: list[str]) -> None:
    for i, role in enumerate(roles):
        if i and ctx.rng.random() < 0.5:
            rep.blocks.append(Para("ความเห็น" + "." * 60, space_before=4))
        rep.blocks.append(Para(f"({person(ctx.rng)})", align="C", space_before=12))
        rep.blocks.append(Para(role, align="C"))


def _tool_rows(ctx: Ctx, rep: Report, fy: int, ys: YearScores, parts: bool) -> list[tuple]:
    """(label, printed score, tag) for the tool lines, recording the truth rows."""
    pub = ys.published_tools()
    tools = ["IIT", "EIT_PART1", "EIT_PART2", "OIT"] if parts else ["IIT", "EIT", "OIT"]
    out = []
    for t in tools:
        label = _d(ctx, TOOL_LABELS[t])
        printed = tf.score(pub[t], ctx.thai)
        tag = rep.tag(f"tool:{fy}:{t}")
        rep.tool_scores.append({"fiscal_year": fy, "tool": t, "score": pub[t], "label_raw": label,
                                "_tag": tag, "_printed": printed})
        out.append((label, printed, tag))
    return out


def _add_tool_block(ctx: Ctx, rep: Report, parts: bool) -> None:
    rows = _tool_rows(ctx, rep, ctx.fy, ctx.scores, parts)
    if ctx.rng.random() < 0.4:  # one paragraph per line, as many memos are typed
        for label, printed, tag in rows:
            rep.blocks.append(Para(label, "body"))
            rep.blocks.append(Para(f"คะแนนรวม {printed} คะแนน", indent=10, tags=(tag,)))
    else:
        rep.blocks.append(Table([], [[lab, "คะแนนรวม", p, "คะแนน"] for lab, p, _ in rows],
                                [8, 2.6, 1.7, 1.7], "tab", ruled=False,
                                row_tags=[(tag,) for *_, tag in rows], role="tools"))


def _record_indicator(rep: Report, fy: int, n: int, name: str, score: float, printed: str,
                      tag: str) -> None:
    rep.indicator_scores.append({"fiscal_year": fy, "indicator": n, "name_raw": name,
                                 "score": score, "_tag": tag, "_printed": printed})


def _indicator_block(ctx: Ctx, rep: Report, style: str) -> None:
    """The year's 10 indicators: a list ranked by score, a numbered table, or a two-year
    comparison table (then the previous year's scores are truth rows too)."""
    fy, pub = ctx.fy, ctx.scores.published_indicators()
    if style == "ranked":
        order = sorted(pub, key=lambda n: (-pub[n], n))
        rows, tags = [], []
        for rank, n in enumerate(order, 1):
            printed, tag = tf.score(pub[n], ctx.thai), rep.tag(f"ind:{fy}:{n}")
            name = _ind_name(n, fy)
            rows.append([_d(ctx, f"{rank}.") + " " + name, "ได้รับคะแนน", printed, "คะแนน"])
            tags.append((tag,))
            _record_indicator(rep, fy, n, name, pub[n], printed, tag)
        rep.blocks.append(Para("โดยได้รับคะแนนรายตัวชี้วัด เรียงตามลำดับคะแนน ดังนี้"))
        rep.blocks.append(Table([], rows, [8, 2.4, 1.8, 1.4], "tab", ruled=False, row_tags=tags,
                                role="indicators"))
        rep.notes.append("indicator list numbered by rank, not by indicator number")
        return
    if style == "table":
        rows, tags = [], []
        for n in range(1, 11):
            printed, tag = tf.score(pub[n], ctx.thai), rep.tag(f"ind:{fy}:{n}")
            name = _ind_name(n, fy)
            rows.append([_d(ctx, str(n)), name, printed])
            tags.append((tag,))
            _record_indicator(rep, fy, n, name, pub[n], printed, tag)
        rep.blocks.append(Para(_d(ctx, f"ผลคะแนนรายตัวชี้วัด ปี {fy}"), "heading", space_before=3))
        rep.blocks.append(Table([["ลำดับที่", "รายละเอียดตัวชี้วัด", "คะแนน"]], rows, [1.3, 6, 1.6],
                                ctx.rng.choice(["pipe", "tab"]), ruled=ctx.rng.random() < 0.8,
                                row_tags=tags, role="indicators"))
        return
    # comparison with the previous year
    prev, ppub = ctx.prev, ctx.prev.published_indicators()
    rows, tags = [], []
    for n in range(1, 11):
        tool = next(t for t, ns in year_model(fy)[1].items() if n in ns)
        name = _ind_name(n, fy)
        p_now, p_prev = tf.score(pub[n], ctx.thai), tf.score(ppub[n], ctx.thai)
        t_now, t_prev = rep.tag(f"ind:{fy}:{n}"), rep.tag(f"ind:{prev.fiscal_year}:{n}")
        change = "เพิ่มขึ้น" if pub[n] > ppub[n] else "ลดลง" if pub[n] < ppub[n] else "เท่าเดิม"
        rows.append([tool if n in (1, 6, 9) else "", _d(ctx, f"{n}. ") + name, p_prev, p_now, change])
        tags.append((t_now, t_prev))
        _record_indicator(rep, fy, n, name, pub[n], p_now, t_now)
        _record_indicator(rep, prev.fiscal_year, n, name, ppub[n], p_prev, t_prev)
    rep.blocks.append(Para(_d(ctx, f"ตารางสรุปผลการประเมิน ประจำปีงบประมาณ พ.ศ. {fy} "
                                   f"(เทียบกับปีงบประมาณ พ.ศ. {prev.fiscal_year})"), space_before=3))
    rep.blocks.append(Table([["เครื่องมือ", "ตัวชี้วัด", _d(ctx, str(prev.fiscal_year)),
                              _d(ctx, str(fy)), "การเปลี่ยนแปลง"]], rows, [1.6, 6, 1.5, 1.5, 2],
                            ctx.rng.choice(["pipe", "tab"]), ruled=True, row_tags=tags,
                            role="indicators_compare"))


def _rank_sentence(ctx: Ctx, rank: int, with_total: bool) -> str:
    a = ctx.agency
    text = f"ผลการประเมินอยู่ในลำดับที่ {tf.integer(rank, ctx.thai)}"
    if with_total:
        text += f" จาก {tf.integer(a.category_size, ctx.thai)} แห่ง"
    return text + f" ของหน่วยงานประเภท{a.category}"


def _header_fields(ctx: Ctx, rep: Report, doc_date: date) -> None:
    a, rng = ctx.agency, ctx.rng
    unit = rng.choice(["สำนักปลัด", "งานนิติการ สำนักปลัด", "กองยุทธศาสตร์และงบประมาณ"])
    phone = _d(ctx, f"0-{rng.randint(4200, 7799)}-{rng.randint(1000, 9999)}")
    office = f"{a.full_name} {unit} โทร. {phone}" if rng.random() < 0.6 else f"{unit}{a.full_name}"
    placed = rng.random() < 0.5  # some offices write the district and province too
    if placed:
        office += f" อำเภอ{a.district} จังหวัด{a.province}"
    number = _d(ctx, f"{a.province_code} {rng.randint(7, 8)}{rng.randint(1000, 9999)}/"
                     f"{rng.randint(1, 999)}")
    date_text = tf.be_date(doc_date, ctx.thai)
    rep.blocks += [
        Para("บันทึกข้อความ", "title", "C", tags=(rep.tag("start"),)),
        Para(f"ส่วนราชการ {office}", space_before=2, tags=(rep.tag("agency_raw"),)),
        Para(f"ที่ {number}        วันที่ {date_text}"),
    ]
    rep.report.update(doc_number=number, doc_date=doc_date.isoformat(), agency_name_raw=a.full_name)
    if not placed:  # the truth holds what the document states
        rep.report.update(district=None, province=None)


def build_memo(ctx: Ctx, rep: Report, doc_date: date) -> None:
    a, rng, fy, texts = ctx.agency, ctx.rng, ctx.fy, load("texts")
    ys = ctx.scores
    overall = tf.score(ys.published_overall, ctx.thai)
    level = ys.level()
    fill = dict(agency=a.full_name, year=_d(ctx, str(fy)), overall=overall, level=level)
    _header_fields(ctx, rep, doc_date)
    rep.blocks.append(Para("เรื่อง " + rng.choice(texts["memo_subjects"]).format(**fill)))
    rep.blocks.append(Para("เรียน " + a.head_title, space_before=2))
    if rng.random() < 0.5:
        rep.blocks.append(Para("เรื่องเดิม", "heading", space_before=2))
    rep.blocks.append(Para(rng.choice(texts["memo_background"]).format(**fill), indent=0))
    if rng.random() < 0.5:
        rep.blocks.append(Para("ข้อเท็จจริง", "heading", space_before=2))
    rep.blocks.append(Para(rng.choice(texts["memo_facts"]).format(**fill) + " ",
                           tags=(rep.tag("overall"), rep.tag("level"))))
    if ctx.rank is not None:
        rep.blocks.append(Para(_rank_sentence(ctx, ctx.rank, rng.random() < 0.6),
                               tags=(rep.tag("rank"),)))
    parts = fy == 2566 and ys.eit_split != 0.0
    if rng.random() < 0.85:
        _add_tool_block(ctx, rep, parts)
    style = rng.choice(["ranked", "table", "compare"] if ctx.prev else ["ranked", "table"])
    _indicator_block(ctx, rep, style)
    rep.blocks.append(Para(rng.choice(texts["memo_closing"]), space_before=3, indent=15))
    _signature(ctx, rep, ["หัวหน้าสำนักปลัด", a.clerk_title, a.head_title][: rng.randint(1, 3)])
    rep.report.update(overall_score=ys.published_overall, level=level, rank=ctx.rank)


def _question_codes(rng: random.Random, n: int, fy: int) -> list[str]:
    """Question codes that belong to indicator n (IIT i-items by the 2564 six-per-indicator
    layout, EIT e-items five per indicator, OIT O-items by sub-indicator)."""
    if n <= 5:
        pool = [f"I{k}" for k in range(6 * n - 5, 6 * n + 1)]
    elif n <= 8:
        pool = [f"E{k}" for k in range(5 * (n - 6) + 1, 5 * (n - 6) + 6)]
    else:
        items = [it for it in (load_catalog().year(fy).oit_items if load_catalog().year(fy) else [])
                 if it.sub_indicator and it.sub_indicator.startswith(f"{n}.")]
        pool = [it.code for it in items] or ([f"O{k}" for k in range(1, 34)] if n == 9 else
                                             [f"O{k}" for k in range(34, 44)])
    k = rng.choice([1, 1, 1, 2, 3])
    return sorted(rng.sample(pool, min(k, len(pool))), key=lambda c: int(c[1:]))


def _print_code(ctx: Ctx, code: str) -> str:
    """Question codes as typed: 'I1', 'i๑', 'e4', 'E๑๒'."""
    letter = code[0].lower() if ctx.rng.random() < 0.25 and code[0] != "O" else code[0]
    return letter + (tf.digits(code[1:], True) if ctx.thai and ctx.rng.random() < 0.6 else code[1:])


def _measure_indicators(rng: random.Random, k: int) -> list[int]:
    return sorted(rng.sample(range(1, 11), k))


def _period(ctx: Ctx, fy: int) -> tuple[str, date, date]:
    return tf.fiscal_period(fy, ctx.thai, ctx.rng.choice([0, 0, 1, 2]))


def _title_block(ctx: Ctx, rep: Report, title: str) -> None:
    a = ctx.agency
    rep.blocks.append(Para(title, "title", "C", tags=(rep.tag("start"),)))
    rep.blocks.append(Para(_d(ctx, f"ประจำปีงบประมาณ พ.ศ. {ctx.fy}"), "heading", "C"))
    rep.blocks.append(Para(f"{a.full_name} อำเภอ{a.district} จังหวัด{a.province}", "heading", "C",
                           tags=(rep.tag("agency_raw"),)))
    rep.report.update(agency_name_raw=a.full_name)


def build_o42(ctx: Ctx, rep: Report, doc_date: date) -> None:
    a, rng, fy, texts = ctx.agency, ctx.rng, ctx.fy, load("texts")
    ys = ctx.scores
    overall, level = tf.score(ys.published_overall, ctx.thai), ys.level()
    _title_block(ctx, rep, "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
                           "ของหน่วยงานภาครัฐ (ITA)")
    rep.blocks.append(Para(texts["o42_intro"].format(agency=a.full_name, overall=overall,
                                                     level=level) + " ",
                           space_before=3, tags=(rep.tag("overall"), rep.tag("level"))))
    _add_tool_block(ctx, rep, fy == 2566 and ys.eit_split != 0.0)
    if rng.random() < 0.4:
        _indicator_block(ctx, rep, "table")
    rep.blocks.append(Para("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "heading",
                           space_before=4))
    header = [["ข้อคำถาม ITA", "ประเด็น/ข้อค้นพบ", "มาตรการ/แนวทาง", "ขั้นตอน/วิธีการปฏิบัติ",
               "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ"]]
    rows, tags = [], []
    units = load("people")["units"]
    for row_no, n in enumerate(_measure_indicators(rng, rng.randint(3, 6)), 1):
        codes = _question_codes(rng, n, fy)
        printed_codes = " ".join(_print_code(ctx, c) for c in codes)
        issue = rng.choice(texts["issues"][str(n)])
        measure = rng.choice(texts["measures"][str(n)])
        steps = _d(ctx, rng.choice(texts["steps"]))
        period, start, end = _period(ctx, fy + 1)  # the measures run in the next fiscal year
        resp = "\n".join(rng.sample(units, rng.randint(1, 2)))
        heading = _d(ctx, f"ตัวชี้วัดที่ {n} {_ind_name(n, fy)}")
        tag = rep.tag(f"measure:{row_no}")
        rows.append([f"{heading}\n{printed_codes}", issue, measure, steps, period, resp])
        tags.append((tag,))
        rep.measures.append({"row_no": row_no, "question_code": codes[0], "question_codes": codes,
                             "indicator": n, "issue": issue, "measure": measure, "steps": steps,
                             "responsible": resp, "period": period,
                             "period_start": start.isoformat(), "period_end": end.isoformat(),
                             "status": None, "_tag": tag, "_heading": heading})
    rep.blocks.append(Table(header, rows, [2.6, 3, 3.2, 3.4, 2.2, 2],
                            rng.choice(["pipe", "tab", "html"]), ruled=True, row_tags=tags,
                            role="measures_o42"))
    _signature(ctx, rep, ["ผู้จัดทำ", a.clerk_title, a.head_title][rng.randint(0, 1): 3])
    rep.report.update(overall_score=ys.published_overall, level=level, rank=None,
                      doc_date=None, doc_number=None)


def _status_text(rng: random.Random, status: str) -> str:
    if status == "in_progress":
        return "อยู่ระหว่างดำเนินการ"
    if status == "done" and rng.random() < 0.3:
        return "ดำเนินการแล้ว"
    done = status == "done"
    a = f"{CHECKED if done else UNCHECKED} ดำเนินการ"
    b = f"{UNCHECKED if done else CHECKED} ยังไม่ได้ดำเนินการ"
    return f"{b} {a}" if rng.random() < 0.5 else f"{a} {b}"


def oit_checklist(fy: int) -> tuple[list[tuple[str, str, str | None]], bool]:
    """(code, name, sub-indicator) for the year's OIT items and whether the names are all
    the catalog's. Where the catalog does not know an item, a generic name is used."""
    yc = load_catalog().year(fy)
    known = {it.code: it for it in (yc.oit_items if yc else [])}
    count = 26 if fy >= 2568 else 43  # 2568's list is compact (md §3.3(d))
    out = []
    for k in range(1, count + 1):
        it = known.get(f"O{k}")
        out.append((f"O{k}", it.name_th if it else f"ข้อมูลตามแบบตรวจ OIT ข้อ {k}",
                    it.sub_indicator if it else None))
    return out, len(known) >= count


def build_o43(ctx: Ctx, rep: Report, doc_date: date) -> None:
    a, rng, fy, texts = ctx.agency, ctx.rng, ctx.fy, load("texts")
    ys = ctx.scores
    overall, level = tf.score(ys.published_overall, ctx.thai), ys.level()
    _title_block(ctx, rep, "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                           "ภายในหน่วยงาน")
    rep.blocks.append(Para(texts["o43_intro"].format(agency=a.full_name, overall=overall,
                                                     level=level, prev_year=_d(ctx, str(fy)))
                           + " ", space_before=3, tags=(rep.tag("overall"), rep.tag("level"))))
    header = [["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ผู้รับผิดชอบ", "ระยะเวลา",
               "ความก้าวหน้าผลการดำเนินการ"]]
    rows, tags = [], []
    units = load("people")["units"]
    for row_no, n in enumerate(range(1, 9), 1):
        status = rng.choices(["done", "in_progress", "not_started"], [0.7, 0.2, 0.1])[0]
        measure = rng.choice(texts["measures"][str(n)])
        period, start, end = _period(ctx, fy)
        resp = rng.choice(units)
        heading = _d(ctx, f"ตัวชี้วัดที่ {n} {_ind_name(n, fy)}")
        note = rng.choice(texts["progress_notes"]) if status != "not_started" else ""
        tag = rep.tag(f"measure:{row_no}")
        rows.append([heading, measure, resp, period,
                     _status_text(rng, status) + (f"\n- {note}" if note else "")])
        tags.append((tag,))
        rep.measures.append({"row_no": row_no, "question_code": None, "question_codes": [],
                             "indicator": n, "issue": None, "measure": measure, "steps": None,
                             "responsible": resp, "period": period,
                             "period_start": start.isoformat(), "period_end": end.isoformat(),
                             "status": status, "_tag": tag, "_heading": heading})
    rep.blocks.append(Table(header, rows, [3, 5, 2, 2.2, 4], rng.choice(["pipe", "html"]),
                            ruled=True, row_tags=tags, role="measures_o43"))
    items, complete = oit_checklist(fy)
    if not complete:
        rep.notes.append(f"OIT list for {fy} only partly known in the catalog: items it lacks "
                         "carry generic names ('ข้อมูลตามแบบตรวจ OIT ข้อ N')")
    rep.blocks.append(Para("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "heading", space_before=4))
    rows, tags = [], []
    for code, name, _sub in items:
        done = rng.random() < 0.88
        tag = rep.tag(f"oit:{code}")
        box = f"{CHECKED} ดำเนินการ {UNCHECKED} ยังไม่ได้ดำเนินการ" if done else \
              f"{UNCHECKED} ดำเนินการ {CHECKED} ยังไม่ได้ดำเนินการ"
        rows.append([_d(ctx, code), name, rng.choice(units[:3]), box])
        tags.append((tag,))
        rep.oit_items.append({"code": code, "name_raw": name, "status": "done" if done else "not_done",
                              "_tag": tag})
    rep.blocks.append(Table([["ข้อ", "ข้อมูล", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]], rows,
                            [1.1, 6, 2.2, 3.6], rng.choice(["pipe", "html"]), ruled=True,
                            row_tags=tags, role="oit"))
    _signature(ctx, rep, ["ผู้รายงาน", a.head_title])
    rep.report.update(overall_score=ys.published_overall, level=level, rank=None,
                      doc_date=None, doc_number=None)


BUILDERS = {"score_report_memo": build_memo, "o42_analysis_measures": build_o42,
            "o43_implementation_report": build_o43}


def memo_date(rng: random.Random, fy: int) -> date:
    """Results come out in August of the fiscal year; memos follow within four months."""
    return date(fy - 543, 8, 15) + timedelta(days=rng.randint(0, 120))


def build_report(ctx: Ctx, doc_index: int, doc_type: str, doc_date: date) -> Report:
    rep = Report(doc_index, doc_type)
    a = ctx.agency
    rep.report = {"doc_index": doc_index, "doc_type": doc_type, "agency_name": a.full_name,
                  "agency_type": a.type_code, "district": a.district, "province": a.province,
                  "fiscal_year": ctx.fy}
    BUILDERS[doc_type](ctx, rep, doc_date)
    rep.blocks[-1].tags += (rep.tag("end"),)
    return rep


def join_reports(reports: list[Report]) -> list:
    """One file's blocks: each logical document starts on a new page."""
    blocks: list = []
    for i, rep in enumerate(reports):
        if i:
            blocks.append(PageBreak())
        blocks.extend(rep.blocks)
    return blocks
