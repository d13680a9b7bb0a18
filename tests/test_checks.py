"""pipeline.checks: each rule on a real-looking example, and its clean twin.

The numbers come from the seed reports (worked out by hand in the comments) or from
the ITA reference's worked examples (../shared/ita §6).
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import checks
from pipeline.extract.context import ReportFacts
from pipeline.segment import Document, Line
from schemas.records import IndicatorScoreRecord, ReportRecord, ToolScoreRecord

RID = "r-0"


def report(**kw) -> ReportRecord:
    base = dict(report_id=RID, file_id="f", doc_index=0, doc_type="score_report_memo",
                agency_name="องค์การบริหารส่วนตำบลโพนทอง", fiscal_year=2566, first_page=1, last_page=1)
    return ReportRecord(**(base | kw))


def tools(**scores) -> tuple[ToolScoreRecord, ...]:
    """Tool scores of the report's own year (fiscal_year None: as the report)."""
    return tuple(ToolScoreRecord(report_id=RID, tool=t, score=s, page=1) for t, s in scores.items())


def indicators(*scores: float, fy: int = 2566) -> tuple[IndicatorScoreRecord, ...]:
    return tuple(IndicatorScoreRecord(report_id=RID, fiscal_year=fy, indicator=i, score=s, page=1)
                 for i, s in enumerate(scores, start=1))


# seed 002 memo: IIT 89.49, EIT 83.76 / 75.03, OIT 77.50, overall 86.17; indicators
# 100, 98.16, 99.82, 99.45, 100 | 82.98, 86.70, 83.51 | 75, 80.
SEED002_INDICATORS = indicators(100, 98.16, 99.82, 99.45, 100, 82.98, 86.70, 83.51, 75, 80)
SEED002_TOOLS = tools(IIT=89.49, EIT_PART1=83.76, EIT_PART2=75.03, OIT=77.50)


def kinds(flags) -> list[str]:
    return sorted(f.kind for f in flags)


def test_one_digit_apart():
    assert checks.one_digit_apart(89.49, 99.486) == ("๘", "๙")
    assert checks.one_digit_apart(89.49, 79.40) is None  # two digits differ
    assert checks.one_digit_apart(100.0, 99.99) is None


def test_iit_that_does_not_match_its_indicators_names_the_misread_digit():
    # mean(100, 98.16, 99.82, 99.45, 100) = 497.43 / 5 = 99.486 → 99.49 vs stated 89.49
    facts = ReportFacts(report(overall_score=86.17), SEED002_TOOLS, SEED002_INDICATORS)
    flags = checks.tool_indicator_mismatch(facts)
    iit = [f for f in flags if "IIT" in f.message]
    assert len(iit) == 1 and iit[0].severity == "error"
    assert "99.49" in iit[0].message and "(๘/๙)" in iit[0].message
    # OIT: mean(75, 80) = 77.50 = stated: no flag for OIT
    assert not [f for f in flags if f.message.startswith("คะแนน OIT")]


def test_iit_off_by_more_than_rounding_but_within_tolerance_is_a_warning():
    # generated 2567 memo: indicator 5 printed 67.88 for 67.98. mean(80.96, 72.97, 78.16,
    # 78.71, 67.88) = 378.68 / 5 = 75.736; stated 75.75: 0.014 apart, more than the 0.01
    # that two-decimal rounding of indicators and tool can explain, less than 0.015
    facts = ReportFacts(report(fiscal_year=2567), tools(IIT=75.75),
                        indicators(80.96, 72.97, 78.16, 78.71, 67.88, fy=2567))
    (flag,) = checks.tool_indicator_mismatch(facts)
    assert flag.severity == "warning" and "75.74" in flag.message and "rounding" in flag.message
    # with 67.98 the mean is 75.756: within rounding, no flag
    facts = ReportFacts(report(fiscal_year=2567), tools(IIT=75.75),
                        indicators(80.96, 72.97, 78.16, 78.71, 67.98, fy=2567))
    assert checks.tool_indicator_mismatch(facts) == []


def test_iit_mismatch_names_the_indicator_digit_that_would_fix_it():
    # indicator 5 printed 37.98 for 67.98: mean 69.756 vs stated 75.75. Changing the ๓ of
    # 37.98 to ๖ gives 75.756 (rounds within 0.01 of 75.75); no other single digit does.
    facts = ReportFacts(report(fiscal_year=2567), tools(IIT=75.75),
                        indicators(80.96, 72.97, 78.16, 78.71, 37.98, fy=2567))
    (flag,) = checks.tool_indicator_mismatch(facts)
    assert flag.severity == "error"
    assert "ตัวชี้วัดที่ 5 ๓๗.๙๘ → ๖๗.๙๘" in flag.message
    assert checks.indicator_digit_fixes(75.75, {1: 80.96, 2: 72.97, 3: 78.16, 4: 78.71, 5: 37.98}) \
        == [(5, 37.98, 67.98)]


def test_overall_arithmetic_points_at_the_suspect_tool_scores():
    # stated tools: 0.3·89.49 + 0.3·(83.76+75.03)/2 + 0.4·77.5 = 81.67 ≠ 86.17, but from the
    # indicators: 0.3·99.486 + 0.3·84.3967 + 0.4·77.5 = 29.8458 + 25.3190 + 31 = 86.1648 → fits
    # (86.16; with the tools rounded first, 0.3·99.49 + 0.3·84.40 + 31 = 86.167 → 86.17).
    facts = ReportFacts(report(overall_score=86.17), SEED002_TOOLS, SEED002_INDICATORS)
    (flag,) = checks.score_arithmetic(facts)
    assert flag.kind == "score_arithmetic" and "81.67" in flag.message
    assert "recomputed from the indicators give 86.16" in flag.message


def test_consistent_report_gets_no_arithmetic_flags():
    # seed 001 (2566): 0.3·96.75 + 0.3·(95.08+76.10)/2 + 0.4·99.00 = 94.302 → 94.30
    facts = ReportFacts(report(overall_score=94.30, level="ผ่าน"),
                        tools(IIT=96.75, EIT_PART1=95.08, EIT_PART2=76.10, OIT=99.00))
    assert checks.score_arithmetic(facts) == []
    assert checks.level_score_mismatch(facts) == []
    # reference §6, 2567: indicators → IIT 90.446, EIT 88.58, OIT 100 → 93.708 → 93.71 ผ่านดี
    ind = indicators(84.17, 93.06, 97.78, 88.89, 88.33, 93.48, 92.82, 79.44, 100, 100, fy=2567)
    facts = ReportFacts(report(overall_score=93.71, fiscal_year=2567, level="ผ่านดี"),
                        tools(IIT=90.45, EIT=88.58, OIT=100.0), ind)
    assert checks.check_report(facts) == []


def test_stated_eit_must_be_the_mean_of_its_parts():
    facts = ReportFacts(report(), tools(EIT=85.0, EIT_PART1=95.08, EIT_PART2=76.10))
    (flag,) = checks.score_arithmetic(facts)
    assert "85.59" in flag.message


@pytest.mark.parametrize(
    "fy, overall, level, tool_scores, bad",
    [
        (2566, 94.30, "ผ่าน", {}, False),
        (2566, 96.00, "ผ่าน", {}, True),  # ≥ 95 is ผ่านดี in 2566
        (2566, 80.00, "ผ่าน", {}, False),  # label below 85 unknown in 2566: not checked
        (2567, 93.71, "ผ่านดี", {}, False),  # tools unknown: ผ่าน or ผ่านดี both possible
        (2567, 93.71, "ผ่านดีเยี่ยม", {}, True),  # needs ≥ 95
        (2567, 93.71, "ผ่านดี", {"IIT": 96.0, "EIT": 80.0, "OIT": 100.0}, True),  # EIT < 85 → ผ่าน
        (2567, 93.71, "B", {}, True),  # a letter grade is not on the 2567 scale
        (2565, 87.40, "B", {}, True),  # 87.40 is A in 2565
        (2565, 87.40, "A", {}, False),
    ],
)
def test_level_against_the_years_scale(fy, overall, level, tool_scores, bad):
    facts = ReportFacts(report(fiscal_year=fy, overall_score=overall, level=level), tools(**tool_scores))
    flags = checks.level_score_mismatch(facts)
    assert bool(flags) == bad, flags


@pytest.mark.parametrize("score, level, bad", [
    (84.55, "สูงมาก", False),
    (55.55, "สูงมาก", True),  # OCR read ๘๔.๕๕ as ๕๕.๕๕ (an HTML news page scanned at 300 dpi)
    (65.00, "สูง", False),
])
def test_an_index_level_against_its_score(score, level, bad):
    from schemas.records import IndexScoreRecord

    x = IndexScoreRecord(report_id=RID, fiscal_year=2559, index_no=5, index_name="ดัชนีคุณธรรมการทำงานในหน่วยงาน",
                         score=score, level=level, page=1)
    facts = ReportFacts(report(fiscal_year=2559, overall_score=91.92, level="สูงมาก"), index_scores=(x,))
    flags = checks.level_score_mismatch(facts)
    assert bool(flags) == bad, flags
    assert all(f.page == 1 and "55.55" in f.evidence for f in flags)


def test_external_tool_called_internal():
    # seed 001: every tool line reads "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (EIT) ส่วนที่ 1"
    t = ToolScoreRecord(report_id=RID, tool="EIT_PART1", score=95.08, page=1,
                        label_raw="แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (EIT) ส่วนที่ 1")
    ok = ToolScoreRecord(report_id=RID, tool="IIT", score=96.75, page=1,
                         label_raw="แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)")
    flags = checks.tool_label_mismatch(ReportFacts(report(), (t, ok)))
    assert kinds(flags) == ["tool_label_mismatch"] and "EIT_PART1" in flags[0].message


def test_rank_given_twice():
    # seed 000 attachment: ลำดับที่ ๒,๙๙๑ in the text, ๒,๕๕๑ on the dashboard
    (flag,) = checks.rank_conflict(ReportFacts(report(), ranks=((2991, 1), (2551, 2))))
    assert "2,551" in flag.message and "2,991" in flag.message and flag.page == 2
    assert checks.rank_conflict(ReportFacts(report(), ranks=((2991, 1), (2991, 2)))) == []


def test_agency_spellings_and_other_agency():
    facts = ReportFacts(report(agency_name="องค์การบริหารส่วนตำบลดอน"),
                        agency_variants=("องค์การบริหารส่วนตำบลดอน", "องค์การบริหารส่วนตำบลคอน",
                                         "องค์การบริหารส่วนตำบลตอน", "องค์การบริหารส่วนตำบลดอย"),
                        other_agencies=("องค์การบริหารส่วนตำบลทุ่งฮั้ว",))
    assert kinds(checks.agency_name_variants(facts)) == ["agency_name_variants"]
    assert "4" in checks.agency_name_variants(facts)[0].message
    assert kinds(checks.other_agency_named(facts)) == ["other_agency_named"]
    single = ReportFacts(report(), agency_variants=("องค์การบริหารส่วนตำบลโพนทอง",))
    assert checks.agency_name_variants(single) == [] and checks.other_agency_named(single) == []


def test_foreign_script_fragments_are_shown_in_context():
    doc = Document(0, "score_report_memo", (
        Line(1, "หัวหน้าสำนักปลัดองค์กรบริหารส่วนตำบลพนทong"),
        Line(2, "การเปิดเผยข้อมูลผ่านระบบ電子และการประเมิน"),
        Line(2, "ผลการประเมิน ITA (Integrity and Transparency Assessment)"),  # Latin words: fine
    ))
    flags = checks.foreign_script(ReportFacts(report(), document=doc))
    assert [(f.kind, f.page) for f in flags] == [("foreign_script", 1), ("foreign_script", 2)]
    assert "ong" in flags[0].evidence and "電子" in flags[1].evidence


def test_year_inconsistency():
    # seed 000: memo on FY2567 dated ๑๙ ธันวาคม ๒๕๖๗ (FY2568): normal
    assert checks.year_inconsistency(ReportFacts(report(fiscal_year=2567, doc_date=date(2024, 12, 19)))) == []
    flags = checks.year_inconsistency(ReportFacts(report(fiscal_year=2567, doc_date=date(2021, 5, 1))))
    assert kinds(flags) == ["year_inconsistency"]


def test_memo_and_attachment_disagreeing():
    a = report(overall_score=93.71, level="ผ่านดี")
    b = report(report_id="r-1", doc_index=1, overall_score=93.17, level="ผ่านดี", first_page=2)
    flags = checks.value_conflicts([a, b])
    assert [(f.kind, f.report_id) for f in flags] == [("value_conflict", "r-1")]
    assert checks.value_conflicts([a, report(report_id="r-1", doc_index=1, overall_score=93.71)]) == []


def test_only_the_reports_own_year_is_checked():
    # a 2566 comparison column under a 2567 report is not the 2567 IIT
    old = ToolScoreRecord(report_id=RID, fiscal_year=2566, tool="IIT", score=50.0, page=1)
    ind = indicators(84.17, 93.06, 97.78, 88.89, 88.33, 93.48, 92.82, 79.44, 100, 100, fy=2567)
    facts = ReportFacts(report(fiscal_year=2567, overall_score=93.71), (old,), ind)
    assert checks.tool_indicator_mismatch(facts) == []


def test_indicator_name_mismatch():
    # name_indicator: what the matcher said of the printed name at extraction
    def rec(n, name, named, fy=2566):
        return IndicatorScoreRecord(report_id=RID, fiscal_year=fy, indicator=n, name_raw=name,
                                    name_indicator=named, score=90.0, page=1)

    facts = ReportFacts(report(), indicators=(
        rec(4, "การใช้ทรัพยากรัฐบาล", 4),  # a garble the matcher is sure is 4 (seed 002): fine
        rec(2, "การใช้บุคลากร", None),  # seed 002 row 2: no indicator's name
        rec(3, "การใช้งบประมาณ", 2),  # indicator 2's name in row 3
    ))
    flags = checks.indicator_name_mismatch(facts)
    assert [(f.kind, f.severity) for f in flags] == [
        ("indicator_name_mismatch", "info"),  # the garble: noted, the value stands
        ("indicator_name_mismatch", "warning"),
        ("indicator_name_mismatch", "warning"),
    ]
    assert "not its name" in flags[1].message and "indicator 2's name" in flags[2].message
    assert "การใช้ทรัพย์สินของราชการ" in flags[0].message  # the official name, to compare
    official = ReportFacts(report(), indicators=(
        rec(9, "๑. การเปิดเผยข้อมูล", 9), rec(5, "การแก้ไขปัญหาการทุจริต", 5),
        rec(7, "ol ประสิทธิภาพการสื่อสาร", 7)))
    assert checks.indicator_name_mismatch(official) == []


def test_indicator_name_ocr_garble_is_no_mismatch():
    # OCR of a scanned memo drops marks and confuses look-alikes (s9932's scans: ที่ read
    # as ที, การ as กำร, สื่อ as สือ): on an OCR'd page no flag; the same printed in a
    # text layer is still noted, and a name of another indicator or none still warned
    def rec(n, name, named, page=1):
        return IndicatorScoreRecord(report_id=RID, fiscal_year=2566, indicator=n, name_raw=name,
                                    name_indicator=named, score=90.0, page=page)

    rows = (rec(1, "๑.การปฏิบัติหน้าที", 1), rec(3, "๓. กำรใช้อำนาจ", 3),
            rec(7, "ประสิทธิภาพการสือสาร", 7), rec(5, "การแก้ไขปัญาการทุจริต", 5),
            rec(2, "การใช้บุคลากร", None), rec(3, "การใช้งบประมาณ", 2))
    scanned = checks.indicator_name_mismatch(ReportFacts(report(), indicators=rows, ocr_pages=frozenset({1})))
    # ปัญา lost a letter (ห), which is no mark: still noted; the two wrong names warned
    assert [(f.severity, f.evidence.split(" = ")[1].split(" (")[0]) for f in scanned] == [
        ("info", "การแก้ไขปัญาการทุจริต"), ("warning", "การใช้บุคลากร"), ("warning", "การใช้งบประมาณ")]
    typed = checks.indicator_name_mismatch(ReportFacts(report(), indicators=rows))
    assert [f.severity for f in typed] == ["info"] * 4 + ["warning"] * 2


def test_indicator_heading_mismatch():
    doc = Document(0, "o42_analysis_measures", (
        Line(1, "ตัวชี้วัดที่ ๖ การปรับปรุงการทำงาน"),  # 8's name under 6's number
        Line(2, "๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ"),  # agrees
        Line(2, "ตัวชี้วัดย่อยที่ ๑๐.๑ การดำเนินการเพื่อป้องกันการทุจริต"),  # a sub-indicator
        Line(3, "๓. จุดแข็ง : ตัวชี้วัดที่ได้รับผลการประเมินมากที่สุด"),  # no number
        # a scan: OCR dropped the marks and split the name (7's name under 6's number)
        Line(4, "ตัวชีวัดที6 ประสิทธิภา พการสื่อสาร ๐6 9 ด10\tช่องทาง เผยแพร่ข้อมูล"),
        Line(4, "ตัวชีวัดที่2 การใช้ งบประมาณ ใ\tเปิดโอกาสให้บุคลากร"),  # agrees
        # a Writer PDF in Loma writes the tone over ชี as a space (7's name under 8's number)
        Line(5, "๗\tตัวชี วัดที่ ๘ ประสิทธิภาพการ สื่อสาร\tจัดทำช่องทางถาม-ตอบ (Q&A) บนเว็บไซต์"),
    ))
    flags = checks.indicator_heading_mismatch(ReportFacts(report(fiscal_year=2567), document=doc))
    assert [(f.kind, f.page) for f in flags] == [("indicator_heading_mismatch", 1),
                                                 ("indicator_heading_mismatch", 4),
                                                 ("indicator_heading_mismatch", 5)]
    assert "indicator 6" in flags[1].message and "indicator 7" in flags[1].message
    assert "indicator 6" in flags[0].message and "indicator 8" in flags[0].message


def test_page_flags_low_ocr_confidence_and_garble():
    from pipeline.pages import OCR, TEXT, PageResult

    pages = [
        PageResult(1, OCR, "บันทึกข้อความ", quality=0.95, ocr_confidence=92.0),  # a normal scan
        PageResult(2, OCR, "ก ข ค", quality=0.95, ocr_confidence=41.0),
        PageResult(3, TEXT, "ฟหกด่าสว", quality=0.30),
    ]
    flags = checks.page_flags("f", pages, lambda page: RID)
    assert [(f.kind, f.page) for f in flags] == [("ocr_low_confidence", 2), ("garbled_text", 3)]


def test_overall_against_indicators_when_no_tool_is_stated():
    # seed 000 memo (2567): the ranked list gives 93.708 → 93.71 as stated
    ind = indicators(84.17, 93.06, 97.78, 88.89, 88.33, 93.48, 92.82, 79.44, 100, 100, fy=2567)
    assert checks.score_arithmetic(ReportFacts(report(fiscal_year=2567, overall_score=93.71), (), ind)) == []
    # the same list with indicator 6 misread 93.48 → 83.48: EIT mean -3.33, overall -1.00
    bad = indicators(84.17, 93.06, 97.78, 88.89, 88.33, 83.48, 92.82, 79.44, 100, 100, fy=2567)
    (flag,) = checks.score_arithmetic(ReportFacts(report(fiscal_year=2567, overall_score=93.71), (), bad))
    assert "92.71" in flag.message


def test_memo_and_attachment_disagreeing_on_an_indicator():
    memo = report(fiscal_year=2567)
    att = report(report_id="r-1", doc_index=1, fiscal_year=2567, first_page=3)
    ind = [
        IndicatorScoreRecord(report_id=RID, fiscal_year=2567, indicator=3, score=69.27, page=1),
        IndicatorScoreRecord(report_id="r-1", fiscal_year=2567, indicator=3, score=68.27, page=3),
        IndicatorScoreRecord(report_id="r-1", fiscal_year=2566, indicator=3, score=60.00, page=3),
    ]
    flags = checks.value_conflicts([memo, att], (), ind)
    assert [(f.kind, f.report_id, f.page) for f in flags] == [("value_conflict", "r-1", 3)]
    assert "indicator 3 2567" in flags[0].message


def test_agency_spellings_that_differ_only_in_marks_or_by_a_cut_are_one_spelling():
    # a scan's OCR dropped marks, read sara am as sara aa, or cut the name: no other spelling
    for variants in [("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "สำนักงานคณะกรรมการการศึกษาขันพิ่นฐาน"),
                     ("กรมทรัพยากรน้ำ", "กรมทรัพยากรน้า"),
                     ("สำนักงานศาลปกครอง", "สำนักงานศาลปกคร"),
                     ("สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)", "สถาบันวิจัยดาราศาสตร์แห่งชาติ")]:
        facts = ReportFacts(report(agency_name=variants[0]), agency_variants=variants)
        assert checks.agency_name_variants(facts) == [], variants
    # a letter changed is another spelling
    facts = ReportFacts(report(agency_name="เทศบาลตำบลป่าชิง"),
                        agency_variants=("เทศบาลตำบลป่าชิง", "เทศบาลตำบลป่าซิง"))
    assert kinds(checks.agency_name_variants(facts)) == ["agency_name_variants"]
