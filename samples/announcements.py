"""Announcements and news of an agency's ITA result, with the numbers beside it that are
not its result (national averages, page counters, list markers, quoted earlier years,
other agencies' scores, counts of agencies), and their truth.

The templates are this project's own, written after the patterns of agencies' news
pages and NACC announcements (how the score, level, year and rank are said); wording,
order, digits (Thai or Arabic) and Buddhist-Era years vary. samples/generate.py builds
a share of its documents here (`--announcements`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from schemas.catalog import load_catalog, pre_2562, pre_2562_level

from . import thaifmt as tf
from .agencies import Agency, draw_agency, person
from .builders import Report
from .layout import Para, Table
from .scores import draw_year

SCORE_TYPE = "score_announcement"
PARA_INDENT_MM = 15.0  # a paragraph's first-line indent (Word's, in samples/render_docx.py)
# own fiscal years: mostly the 2562+ framework, some of the five-index one before it
OWN_YEARS = (2559, 2560, 2561, 2563, 2564, 2565, 2566, 2567, 2568)
OWN_WEIGHTS = (1, 1, 2, 2, 3, 3, 3, 3, 2)


@dataclass
class Announcement(Report):
    """A report whose truth has more than a memo's: its ranks with their groups, the
    results it states by year (own and quoted) and the distractors planted in it."""

    extra: dict = field(default_factory=dict)

    def truth(self) -> dict:
        """Its extra truth; expected flags carry the tag of the paragraph they are about
        (generate.truth_for turns it into the page)."""
        flags = [{"kind": "other_agency_named", "severity": "warning", "doc_index": self.doc_index,
                  "_tag": self.tag("other_agency"), "note": "another agency's score is quoted beside the own"}] \
            if "other_agency_named" in self.extra["distractors"] else []
        return {**self.extra, "expected_flags": flags}


def level_of(score: float, fy: int) -> str | None:
    """The level the year's scale gives a score (pre-2562: the five-band scale)."""
    if fy < 2562:
        return pre_2562_level(score)
    return load_catalog().level_for(score, fy, {})


def _earlier_result(rng: random.Random, fy: int, base: float) -> tuple[float, str | None]:
    score = round(min(99.5, max(45.0, base - rng.uniform(-3, 9))), 2)
    return score, level_of(score, fy)


def _fy_phrase(rng: random.Random, fy: int) -> str:
    return rng.choice([f"ประจำปีงบประมาณ พ.ศ. {fy}", f"ประจำปี {fy}", f"ประจำปี พ.ศ. {fy}",
                       f"ประจำปีงบประมาณ {fy}"])


def _name(rng: random.Random, a: Agency) -> str:
    return a.full_name if rng.random() < 0.7 else a.short_name


def _own_sentence(rng: random.Random, a: Agency, fy: int, score: str, level: str | None,
                  pre: bool) -> tuple[str, bool]:
    """(sentence, whether it states the level) for the own year's result."""
    name = _name(rng, a)
    fy_text = _fy_phrase(rng, fy)
    if pre:
        return rng.choice([
            f"โดยภาพรวม{name}ได้คะแนนเท่ากับร้อยละ {score} ถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงาน"
            f"อยู่ในระดับ “{level}”",
            f"ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของ{name} ได้คะแนน {score} คะแนน อยู่ในระดับ{level}",
            f"ผลการประเมิน ITA {fy_text} {name}ได้ {score} คะแนน ถือว่าอยู่ในระดับ “{level}”",
        ]), True
    options = [
        (f"{name} ได้รับผลการประเมิน ITA ได้คะแนน {score} คะแนน อยู่ในระดับ {level}", True),
        (f"{name}คว้าระดับ {level} ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ด้วยคะแนน {score} คะแนน", True),
        (f"ผลการประเมิน ITA ของ{name} คะแนน {score} ระดับ {level}", True),
        (f"{name}ทำคะแนนได้ {score} คะแนน ในการประเมินคุณธรรมและความโปร่งใส (ITA)", False),
        (f"ผลคะแนน ITA ของ{name} ปีนี้ได้ {score} คะแนน ผ่านการประเมินในระดับ {level}", True),
        (f"{name}ผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย {score} คะแนน", False),
        # the level first, the score after it, a comparison with no number after that
        (f"{name}มีผลการประเมินอยู่ในระดับ {level} ด้วยคะแนน {score} ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา", True),
        # the year between the cue and the score
        (f"{name}ได้รับคะแนนประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) {fy_text} "
         f"ได้ {score} คะแนน อยู่ในระดับ{level}", True),
        (f"ผลการประเมิน ITA {name}คว้าระดับ {level} {fy_text} โดยได้ผล {score} คะแนน", True),
    ]
    return rng.choice(options)


def _rank_sentences(rng: random.Random, a: Agency, thai: bool) -> tuple[list[str], list[dict]]:
    """Rank statements and their truth rows (rank, rank_of, scope)."""
    d = lambda n: tf.integer(n, thai)  # noqa: E731
    style = rng.choice(["of_group", "country", "bare", "district_province", "group_and_country", "own_line"])
    if style == "of_group":
        r, n = rng.randint(1, a.category_size), a.category_size
        return ([f"อยู่ในอันดับที่ {d(r)} จาก {d(n)} หน่วยงานประเภท{a.category}"],
                [{"rank": r, "rank_of": n, "scope": "group"}])
    if style == "country":
        r = rng.randint(1, 8300)
        return [f"และเป็นอันดับที่ {d(r)} ของประเทศ"], [{"rank": r, "rank_of": None, "scope": "country"}]
    if style == "own_line":  # the rank alone on a line under the result, no verb before it
        r, n = rng.randint(1, a.category_size), a.category_size
        return ([f"อันดับที่ {d(r)} จาก {d(n)} หน่วยงานประเภท{a.category}"],
                [{"rank": r, "rank_of": n, "scope": "group"}])
    if style == "bare":
        r = rng.randint(1, 8300)
        return [f"ได้ลำดับที่ {d(r)}"], [{"rank": r, "rank_of": None, "scope": None}]
    if style == "district_province":
        r1, r2 = rng.randint(1, 12), rng.randint(1, 140)
        return ([f"ผลการประเมินอยู่ในอันดับ {d(r1)} ของอำเภอ และ {d(r2)} ของจังหวัด"],
                [{"rank": r1, "rank_of": None, "scope": "district"},
                 {"rank": r2, "rank_of": None, "scope": "province"}])
    r, n, c = rng.randint(1, 40), rng.randint(41, 120), rng.randint(200, 8300)
    return ([f"อยู่ในอันดับที่ {d(r)} จาก {d(n)} หน่วยงานในกลุ่ม{a.category} และเป็นอันดับที่ {d(c)} ของประเทศ"],
            [{"rank": r, "rank_of": n, "scope": "group"}, {"rank": c, "rank_of": None, "scope": "country"}])


def build_announcement(rng: random.Random) -> Announcement:
    """One announcement or news item: its blocks and its truth."""
    a = draw_agency(rng)
    fy = rng.choices(OWN_YEARS, OWN_WEIGHTS)[0]
    pre = fy < 2562
    if pre:
        score_v = round(rng.uniform(60, 98), 2)
    else:
        ys = draw_year(rng, fy, rng.uniform(70, 97), False)
        score_v = ys.published_overall
        level = ys.level()  # 2567+: the level needs the tool scores
    if pre:
        level = level_of(score_v, fy)
    thai = rng.random() < 0.4
    d = lambda text: tf.digits(text, thai)  # noqa: E731
    news = rng.random() < 0.5
    rep = Announcement(0, SCORE_TYPE)
    blocks = rep.blocks
    planted: list[str] = []
    fy_text = _fy_phrase(rng, fy)
    title_name = " ".join([a.full_name] + ([f"อำเภอ{a.district}"] if a.district else [])
                          + ([f"จังหวัด{a.province}"] if a.province and a.province not in a.full_name else []))
    if news:
        blocks.append(Para(d(f"ข่าวประชาสัมพันธ์ {tf.be_date(_news_date(rng, fy), False)}"), "small",
                           tags=(rep.tag("start"),)))
        blocks.append(Para(d(f"{a.short_name} ผ่านการประเมิน ITA {fy_text}"), "heading"))
        blocks.append(Para(title_name, "small"))
    else:
        blocks.append(Para(f"ประกาศ{a.full_name}", "title", "C", tags=(rep.tag("start"),)))
        blocks.append(Para(d(f"เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                             f"(ITA) {fy_text}"), "heading", "C"))
        blocks.append(Para(title_name, "small", "C"))
    paras: list[tuple[str, str]] = []  # (kind, text): own statements stay in order, distractors move
    lead = d(f"ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
             f"ของหน่วยงานภาครัฐ {fy_text} แล้ว นั้น")
    paras.append(("own", lead))
    own, said_level = _own_sentence(rng, a, fy, tf.score(score_v, thai), level, pre)
    paras.append(("own", d(own)))
    if not said_level and level:  # "cont": the own sentence goes on, on the next line
        paras.append(("cont", d(rng.choice([f"และได้รับผลการประเมินระดับ {level}",
                                            f"ซึ่งอยู่ในระดับ {level}"]))))
    index_scores: list[dict] = []
    if pre and rng.random() < 0.6:  # the five indices of the framework of those years
        lines = ["ซึ่งประกอบด้วยผลคะแนนจากดัชนีทั้ง 5 ดัชนี ได้แก่"]
        wrap = rng.random() < 0.5
        for ix in pre_2562()["indices"]:
            v = round(min(100.0, max(30.0, rng.gauss(score_v, 8))), 2)
            lv = level_of(v, fy)
            index_scores.append({"index_no": ix["number"], "score": v, "level": lv})
            said = f"ได้คะแนนเท่ากับร้อยละ {tf.score(v, thai)} อยู่ในระดับ{lv}"
            if wrap:
                lines += [d(f"{ix['number']}) {ix['name']}"), said]
            else:
                lines.append(d(f"{ix['number']}) {ix['name']} {said}"))
        paras.append(("own", lines))
        planted.append("index_scores")
    ranks: list[dict] = []
    if rng.random() < 0.6:
        texts, ranks = _rank_sentences(rng, a, thai)
        paras += [("cont", t) for t in texts]
    # quoted earlier years: in prose, as a list of lines, or as a table
    year_results = [{"fiscal_year": fy, "overall_score": score_v, "level": level, "quoted": False}]
    quoted_style = rng.choice(["none", "prose", "lines", "table"])
    if quoted_style != "none":
        n_years = 1 if quoted_style == "prose" else rng.randint(2, 3)
        earlier = []
        for k in range(n_years, 0, -1):
            y = fy - k
            s, lv = _earlier_result(rng, y, score_v)
            earlier.append((y, s, lv))
            year_results.append({"fiscal_year": y, "overall_score": s, "level": lv, "quoted": True})
        planted.append("quoted_years")
        if quoted_style == "prose":
            y, s, lv = earlier[0]
            with_level = lv is not None and rng.random() < 0.35
            if with_level:
                paras.append(("quoted", d(f"จากปีงบประมาณ พ.ศ. {y} ได้รับผลการประเมินอยู่ในระดับ {lv} "
                                          f"({tf.score(s, False)} คะแนน)")))
            else:
                paras.append(("quoted", d(rng.choice([
                    f"ทั้งนี้ ในปี {y} ได้ {tf.score(s, False)} คะแนน",
                    f"ซึ่งเมื่อปี พ.ศ. {y} {_name(rng, a)}ได้ {tf.score(s, False)} คะแนน",
                    f"เมื่อเทียบกับปี {y} ที่ได้ {tf.score(s, False)} คะแนน",
                ]))))
                year_results[-1]["level"] = None  # prose quotes the score only
        elif quoted_style == "lines":
            paras.append(("quoted", ["ผลการประเมิน ITA ย้อนหลังของหน่วยงาน"] + [
                d(f"ปี {y} ได้ {tf.score(s, False)} คะแนน" + (f" ระดับ {lv}" if lv else ""))
                for y, s, lv in earlier]))
        else:
            dash = rng.choice(["-", "–"])
            rows = [[d(str(y)), tf.score(s, thai), lv or dash] for y, s, lv in earlier]
            rows.append([d(str(fy)), tf.score(score_v, thai), level or "-"])
            paras.append(("table", rows))
    # distractors
    kinds = rng.sample(["national_average", "other_agency", "counter", "list_markers", "difference"],
                       rng.randint(2, 4))
    for kind in kinds:
        planted.append(kind)
        avg = tf.score(round(rng.uniform(82, 92), 2), thai)
        if kind == "national_average":
            paras.append(("dist", d(rng.choice([
                f"ทั้งนี้ ค่าเฉลี่ยระดับประเทศอยู่ที่ {avg} คะแนน",
                f"โดยคะแนนเฉลี่ยของหน่วยงานทั่วประเทศ {avg} คะแนน",
                f"ซึ่งสูงกว่าค่าเฉลี่ยระดับประเทศ ({avg} คะแนน)",
                f"สรุปผลการประเมินภาพรวมระดับประเทศ โดยมีคะแนนเฉลี่ยภาพรวม {avg} คะแนน "
                f"มีหน่วยงานภาครัฐร่วมประเมินทั้งสิ้น {tf.integer(rng.randint(8100, 8400), False)} หน่วยงาน",
                f"ผลการประเมินภาพรวมระดับประเทศอยู่ที่ {avg} คะแนน เพิ่มขึ้นจากปีก่อน "
                f"{tf.score(round(rng.uniform(0.2, 3), 2), thai)} คะแนน",
            ]))))
        elif kind == "other_agency":
            other = _other_agency(rng, a)
            s2 = tf.score(round(rng.uniform(70, 99), 2), thai)
            paras.append(("other_agency", d(rng.choice([
                f"สำหรับในอำเภอเดียวกัน {other.full_name} ได้ {s2} คะแนน",
                f"รองลงมาคือ {other.full_name} ได้ {s2} คะแนน",
                f"อันดับ 1 ของจังหวัด ได้แก่ {other.full_name} ได้ {s2} คะแนน",
                f"ส่วนหน่วยงานที่ได้คะแนนสูงสุดในกลุ่ม ได้แก่ {other.full_name} ได้ {s2} คะแนน",
            ]))))
            planted.append("other_agency_named")
        elif kind == "counter":
            paras.append(("dist", d(rng.choice([
                f"ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น {tf.integer(rng.randint(8100, 8400), False)} หน่วยงาน",
                f"โดยมีผู้ตอบแบบสอบถามจำนวน {rng.randint(30, 99)} คน",
            ]))))
        elif kind == "list_markers":
            marker = rng.choice(["{n})", "{n}."])
            paras.append(("dist", ["การประเมินประกอบด้วยเครื่องมือ ดังนี้"] + [
                d(marker.format(n=n) + " " + tool)
                for n, tool in enumerate(["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
                                          "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
                                          "แบบตรวจการเปิดเผยข้อมูลสาธารณะ"], 1)]))
        else:
            diff = tf.score(round(rng.uniform(0.5, 9), 2), thai)
            paras.append(("dist", d(f"โดยมีคะแนนเพิ่มขึ้น {diff} คะแนน")))
    # The own statements first, in order: the lead, the result and the lines that go on
    # from it (its level, its rank: they name no subject, so they stay under it); the
    # index scores after half the rest, shuffled. A paragraph starts with the first-line
    # indent of an official letter, a line that goes on from the one above with none:
    # without it, a rank line under a quoted year's sentence would read as that year's.
    own_part = [p for p in paras if p[0] in ("own", "cont")]
    rest = [p for p in paras if p[0] not in ("own", "cont")]
    rng.shuffle(rest)
    said = [p for p in own_part if not isinstance(p[1], list)]
    lists = [p for p in own_part if isinstance(p[1], list)]
    body = said + rest[: len(rest) // 2] + lists + rest[len(rest) // 2 :]
    for kind, content in body:
        if kind == "table":
            blocks.append(Table([["ปีงบประมาณ", "คะแนน", "ระดับ"]], content, [2, 2, 2],
                                rng.choice(["pipe", "tab"]), ruled=True))
        else:
            tags = (rep.tag("other_agency"),) if kind == "other_agency" else ()
            lines = [content] if isinstance(content, str) else content
            blocks += [Para(t, tags=tags, first_indent=PARA_INDENT_MM if i == 0 and kind != "cont" else 0.0)
                       for i, t in enumerate(lines)]
    blocks.append(Para(f"({person(rng)})", align="C", space_before=8))
    blocks.append(Para(a.head_title, align="C"))
    blocks.append(Para(d("หน้า 1/1"), "small", "R", tags=(rep.tag("end"),)))
    planted.append("page_counter")
    rep.report = {"doc_index": 0, "doc_type": SCORE_TYPE, "agency_name": a.full_name,
                  "agency_type": a.type_code, "district": a.district, "province": a.province,
                  "fiscal_year": fy, "overall_score": score_v, "level": level,
                  "rank": ranks[0]["rank"] if ranks else None, "doc_date": None, "doc_number": None,
                  "agency_name_raw": a.full_name}
    rep.extra = {"family": "news" if news else "announcement", "ranks": ranks, "index_scores": index_scores,
                 "year_results": year_results, "distractors": sorted(set(planted))}
    return rep


def _news_date(rng: random.Random, fy: int):
    from datetime import date, timedelta

    return date(fy - 543, 9, 1) + timedelta(days=rng.randint(0, 120))


def _other_agency(rng: random.Random, a: Agency) -> Agency:
    """Another agency: a local administration of the same district, or a national one
    (which keeps its own name)."""
    while True:
        other = draw_agency(rng)
        if other.full_name == a.full_name:
            continue
        if not other.local:
            return other
        if other.place != a.place:
            return Agency(other.kind, other.place, a.district, a.province, a.province_code)
