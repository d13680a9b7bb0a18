"""Results as agencies and the press write them, and the numbers beside them that are
not the agency's own result (pipeline/extract/statements.py through the headline).

The sentences are written for these tests after the patterns of agencies' news pages and
NACC announcements of ITA results (none copied); each distractor has its own case.
"""

from __future__ import annotations

import pytest

from pipeline.extract.headline import (
    extract_headlines,
    find_fiscal_year,
    find_level,
    find_overall,
    find_quoted_results,
)
from pipeline.segment import Document, Line


def doc(*lines: str, doc_type: str = "other") -> Document:
    return Document(0, doc_type, tuple(Line(1, t) for t in lines))


def head(*lines: str):
    (h,) = extract_headlines("f" * 64, [doc(*lines)])
    return h


def overall(*lines: str, fy: int | None = 2566):
    got = find_overall(doc(*lines), fy)
    return got[0] if got else None


# ------------------------------------------------------------- the own score, as written


@pytest.mark.parametrize("lines, want", [
    # news page of a department: "ทำคะแนนได้" and the rank after it
    (["กรมส่งเสริมสหกรณ์ทำคะแนนได้ 86.48 อยู่ในอันดับที่ 14 จาก 26 หน่วยงาน"], 86.48),
    # the score first, the level after it, no unit
    (["ผลการประเมิน ITA ประจำปี 2566 มหาวิทยาลัยราชภัฏสุรินทร์ ได้คะแนน 98.32 ระดับ AA"], 98.32),
    # a share: "เท่ากับร้อยละ" is the score's own wording before 2562
    (["โดยภาพรวมได้คะแนน เท่ากับร้อยละ 86.50 ถือว่ามีคุณธรรมและความโปร่งใสอยู่ในระดับ “สูงมาก”"], 86.50),
    (["ผ่านการประเมิน (ITA) ด้วยคะแนนเฉลี่ย 91.07 คะแนน"], 91.07),
    (["ผลคะแนน ITA ของ อบต.นาโพธิ์ ปีนี้ได้ ๙๔.๒๕ คะแนน"], 94.25),
    # a place whose name holds ร้อยละ (ตำบลสร้อยละคร, นครสวรรค์) is no share before the score
    (["ผลการประเมิน ITA ของอบต.สร้อยละคร คะแนน ๗๔.๓๐ ระดับ C"], 74.30),
])
def test_the_own_score_in_the_words_people_use(lines, want):
    assert overall(*lines) == want


@pytest.mark.parametrize("lines", [
    # a list marker "1)" under a line that names the ITA result (it once became 1.0)
    ["ผลการประเมิน ITA ของสำนักงานฯ ประจำปี 2565 สรุปได้ดังนี้", "1) ดัชนีความโปร่งใส"],
    ["ผลการประเมิน ITA ของสำนักงานฯ ประจำปี 2565 สรุปได้ดังนี้", "๒. การปฏิบัติหน้าที่"],
    # a page counter under the heading
    ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567", "หน้า 1/3"],
    ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567", "- 2 -"],
    # the national average, in two wordings
    ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ค่าเฉลี่ยระดับประเทศอยู่ที่ 87.55 คะแนน"],
    ["ผลการประเมิน ITA ปีนี้ คะแนนเฉลี่ยของหน่วยงานทั่วประเทศ 88.46 คะแนน"],
    # counts of agencies and of people
    ["ผลการประเมิน ITA มีหน่วยงานเข้ารับการประเมินทั้งสิ้น 8,303 หน่วยงาน"],
    ["ผลการประเมิน ITA ปีนี้มีผู้ตอบแบบสอบถามจำนวน 96 คน"],
    # a difference, not a score
    ["ผลการประเมิน ITA ของหน่วยงานเพิ่มขึ้น 3.25 คะแนน"],
    # one of the five indices of the pre-2562 framework
    ["1) ดัชนีความโปร่งใส ได้คะแนนเท่ากับร้อยละ 87.62 อยู่ในระดับสูงมาก"],
])
def test_numbers_that_are_not_the_own_score(lines):
    assert overall(*lines) is None


def test_the_national_average_beside_the_own_score_is_not_taken():
    lines = ["ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ค่าเฉลี่ยระดับประเทศอยู่ที่ 87.55 คะแนน",
             "ส่วนองค์การบริหารส่วนตำบลโคกสูงได้รับผลการประเมิน 93.10 คะแนน ซึ่งสูงกว่าค่าเฉลี่ย"]
    assert overall(*lines) == 93.10


def test_a_national_average_wrapped_to_the_next_line_is_not_the_own_score():
    # the country's words end one line, its average opens the next (a scan's wrapped prose)
    lines = ["สำนักงานพัฒนารัฐบาลดิจิทัล ได้รับคะแนนประเมิน ITA ประจำปีงบประมาณ ๒๕๖๔ ได้ ๘๖.๕๔ คะแนน",
             "สรุปผลการประเมินภาพรวมระดับประเทศโดยมีคะแนนเฉลี่ยภาพรวม",
             "๘๓.๗๘ คะแนน มีหน่วยงานภาครัฐร่วมประเมินทั้งสิ้น ๘,๓๙๖ หน่วยงาน"]
    assert overall(*lines, fy=2564) == 86.54
    assert overall(*lines[1:], fy=2564) is None  # and alone it is no one's overall


def test_a_list_marker_is_not_the_score_that_follows_it():
    lines = ["ผลการประเมิน ITA ของสำนักงานฯ ประจำปี 2565 สรุปได้ดังนี้",
             "1) คะแนนภาพรวม 91.82 คะแนน อยู่ในระดับ A"]
    assert overall(*lines, fy=2565) == 91.82


def test_another_agencys_score_is_not_the_own():
    h = head(
        "เทศบาลตำบลบ้านดู่ อำเภอเมืองเชียงราย จังหวัดเชียงราย",
        "ประกาศผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565",
        "ในอำเภอเมืองเชียงราย เทศบาลตำบลนางแล ได้ 96.20 คะแนน สูงสุดในอำเภอ",
        "เทศบาลตำบลบ้านดู่ ได้ 91.45 คะแนน อยู่ในระดับ A",
    )
    assert (h.report.agency_name, h.report.overall_score, h.report.level) == ("เทศบาลตำบลบ้านดู่", 91.45, "A")


# ------------------------------------------------------------- years


def test_a_quoted_earlier_year_is_not_this_years_score():
    # no fiscal year phrase: the latest year a result is stated for is the own
    h = head("เทศบาลเมืองบ้านไผ่ได้รับผลการประเมิน ITA ปี 2560 ได้ 77.57 คะแนน",
             "และปี 2561 ได้ 88.12 คะแนน")
    assert (h.report.fiscal_year, h.report.overall_score) == (2561, 88.12)
    quoted = [(y.fiscal_year, y.overall_score) for y in h.year_results if y.quoted]
    assert quoted == [(2560, 77.57)]
    assert any(f.kind == "weak_evidence" for f in h.flags)  # the year was not stated as such


def test_a_quoted_year_beside_the_stated_fiscal_year():
    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2561",
            "องค์การบริหารส่วนตำบลหนองบัว ปี 2560 ได้ 77.57 คะแนน")
    assert find_overall(d, 2561) is None
    assert [(q.fiscal_year, q.overall_score) for q in find_quoted_results(d, 2561)] == [(2560, 77.57)]


def test_a_year_named_after_the_score_and_the_year_before():
    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 ได้ 95.40 คะแนน",
            "ผลการประเมิน ITA เดิมได้ 89.10 คะแนน ในปี 2566",
            "ผลการประเมิน ITA จากเดิม 80.20 คะแนน")
    assert overall(*[line.text for line in d.lines], fy=2567) == 95.40
    got = [(q.fiscal_year, q.overall_score) for q in find_quoted_results(d, 2567)]
    assert got == [(2566, 89.10)]  # "จากเดิม" without its year: the year before, already stated


def test_a_table_of_past_results():
    d = doc("ผลการประเมิน ITA ย้อนหลัง ประจำปีงบประมาณ พ.ศ. 2566",
            "ปีงบประมาณ\tคะแนน\tระดับ",
            "2564\t85.20\tB", "2565\t90.11\tA", "2566\t95.32\tAA")
    assert overall(*[line.text for line in d.lines]) == 95.32
    got = [(q.fiscal_year, q.overall_score, q.level) for q in find_quoted_results(d, 2566)]
    assert got == [(2564, 85.20, "B"), (2565, 90.11, "A")]


def test_a_table_of_past_results_by_column():
    d = doc("ผลการประเมิน ITA ย้อนหลัง ๓ ปี",
            "ปีงบประมาณ\t๒๕๖๓\t๒๕๖๔\t๒๕๖๕",
            "คะแนน ITA\t๘๐.๕๐\t๘๘.๒๕\t๙๒.๐๐",
            "ระดับ\tB\tA\tAA")
    got = [(q.fiscal_year, q.overall_score, q.level) for q in find_quoted_results(d, 2565)]
    assert got == [(2563, 80.50, "B"), (2564, 88.25, "A")]
    assert find_level(d, 2565)[0] == "AA"


@pytest.mark.parametrize("lines, want", [
    (["ผลการประเมิน ITA ประจำปี 2564", "มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน"], 2564),
    (["ข่าวประชาสัมพันธ์", "ผลการประเมินคุณธรรมและความโปร่งใส ประจำปี พ.ศ. ๒๕๖๓"], 2563),
    (["ประจำปีงบประมาณ พ.ศ. 2567"], 2567),
])
def test_fiscal_year_without_the_word_budget(lines, want):
    assert find_fiscal_year(doc(*lines)) == want


# ------------------------------------------------------------- levels


@pytest.mark.parametrize("line, fy, want", [
    ("เทศบาลเมืองกาฬสินธุ์ คว้าระดับ AA ผลการประเมิน ITA ประจำปี 2564", 2564, "AA"),
    ("ผลการประเมิน ITA ได้คะแนน 98.32 ระดับ AA", 2564, "AA"),
    ("ได้รับผลการประเมิน ITA 92.10 คะแนน (ระดับ A)", 2565, "A"),
    ("โดยภาพรวมได้คะแนนเท่ากับร้อยละ 86.50 อยู่ในระดับ “สูงมาก”", 2561, "สูงมาก"),
    ("ผลการประเมินอยู่ในระดับ สูง", 2560, "สูง"),
    # not levels: a threshold, a count of agencies at a level, senior staff
    ("หน่วยงานต้องได้คะแนน 85 คะแนน ระดับ A ขึ้นไป", 2565, None),
    ("ผลการประเมินระดับ AA มีจำนวน 135 หน่วยงาน", 2564, None),
    ("ผู้บริหารระดับสูงได้ร่วมประชุม", 2561, None),
    ("มีความพึงพอใจอยู่ในระดับสูง", 2566, None),  # สูง is no level on the 2566 scale
])
def test_levels_as_written(line, fy, want):
    got = find_level(doc(line), fy)
    assert (got[0] if got else None) == want


# ------------------------------------------------------------- ranks with their group


def _ranks(*lines, fy=2563):
    from pipeline.extract import extract
    from pipeline.pages import TEXT, PageResult

    ex = extract("a" * 64, [PageResult(1, TEXT, "\n".join(lines))])
    return ex, sorted((r.rank, r.rank_of, r.scope) for r in ex.ranks if not r.quoted)


def test_a_rank_within_its_group_and_in_the_country():
    ex, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563 กรมประชาสัมพันธ์ทำคะแนนได้ 86.48 "
                       "อยู่ในอันดับที่ 14 จาก 26 หน่วยงานสังกัดสำนักนายกรัฐมนตรี และเป็นอันดับที่ 908 ของประเทศ")
    assert ranks == [(14, 26, "group"), (908, None, "country")]
    report = ex.reports[0]
    assert (report.rank, report.rank_of, report.rank_scope) == (14, 26, "group")
    assert not [f for f in ex.flags if f.kind == "rank_conflict"]


def test_a_group_named_after_a_kind_of_agency_is_a_group_not_a_province():
    # "จังหวัด" inside the name of the kind of agency (อบจ.) does not make it a province rank
    _, ranks = _ranks("องค์การบริหารส่วนจังหวัดขอนแก่น ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563 ได้ 88.10 คะแนน",
                      "อยู่ในอันดับที่ ๖๘ จาก ๗๖ หน่วยงานประเภทองค์การบริหารส่วนจังหวัด")
    assert ranks == [(68, 76, "group")]


def test_two_true_ranks_in_different_groups_are_no_conflict():
    from pipeline.checks import check_extraction

    ex, ranks = _ranks("เทศบาลตำบลท่าเดื่อ อำเภอดอยเต่า จังหวัดเชียงใหม่",
                       "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 95.12 คะแนน "
                       "อยู่ในอันดับ 2 ของอำเภอ และ 76 ของจังหวัด")
    assert ranks == [(2, None, "district"), (76, None, "province")]
    assert not [f for f in check_extraction(ex, []) if f.kind == "rank_conflict"]


def test_two_ranks_in_the_same_group_are_a_conflict():
    from pipeline.checks import check_extraction

    ex, _ = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ผลการประเมินอยู่ในลำดับที่ 120 ของประเทศ",
                   "ทั้งนี้ ผลการประเมินอยู่ในลำดับที่ 908 ของประเทศ")
    assert [f.kind for f in check_extraction(ex, []) if f.kind == "rank_conflict"] == ["rank_conflict"]


def test_a_bare_rank_and_another_agencys_rank():
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ลำดับที่ 908",
                      "ผลการประเมิน ITA อันดับ 1 ได้แก่ กองทัพบก")
    assert ranks == [(908, None, None)]


# ------------------------------------------------------------- evidence and flags


def test_every_headline_value_keeps_its_words_and_rule():
    from pipeline.extract import extract
    from pipeline.pages import TEXT, PageResult

    ex = extract("b" * 64, [PageResult(1, TEXT, "\n".join([
        "องค์การบริหารส่วนตำบลนาโพธิ์ อำเภอนาโพธิ์ จังหวัดบุรีรัมย์",
        "ผลการประเมิน ITA ประจำปี 2564 ได้คะแนน 91.35 คะแนน อยู่ในระดับ A",
        "อยู่ในลำดับที่ 152 จาก 5,300 แห่ง ของหน่วยงานประเภทองค์การบริหารส่วนตำบล",
    ]))])
    ev = {e.field: e for e in ex.evidence if e.chosen}
    assert set(ev) == {"overall_score", "level", "rank", "fiscal_year", "agency"}
    assert ev["overall_score"].value == "91.35" and "91.35" in ev["overall_score"].words
    assert ev["overall_score"].rule == "named_overall"
    assert ev["level"].value == "A" and ev["fiscal_year"].value == "2564"
    assert ev["fiscal_year"].rule == "per_year_head" and "ประจำปี 2564" in ev["fiscal_year"].words
    assert ev["rank"].value == "152"


def test_two_own_scores_that_disagree_are_flagged_not_silently_preferred():
    h = head("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566",
             "องค์การบริหารส่วนตำบลหนองแวง ได้รับผลการประเมิน ITA 91.20 คะแนน",
             "สรุปผลการประเมิน ITA ได้ 92.10 คะแนน")
    assert h.report.overall_score == 91.20
    conflicts = [f for f in h.flags if f.kind == "value_conflict"]
    assert conflicts and "92.1" in conflicts[0].message
    assert [e.value for e in h.evidence if e.field == "overall_score" and not e.chosen] == ["92.1"]


def test_a_score_read_from_weak_words_carries_a_flag():
    h = head("ประจำปีงบประมาณ พ.ศ. 2566", "หน่วยงานมีคะแนน 88.00 คะแนน")
    assert h.report.overall_score == 88.0
    assert [f.kind for f in h.flags] == ["missing_field", "weak_evidence"]


def test_a_list_of_the_tools_before_a_quoted_year():
    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 ได้ 95.40 คะแนน",
            "การประเมินประกอบด้วยเครื่องมือ ดังนี้",
            "3) แบบตรวจการเปิดเผยข้อมูลสาธารณะ",
            "ทั้งนี้ ในปี 2566 ได้ 89.54 คะแนน")
    assert [(q.fiscal_year, q.overall_score) for q in find_quoted_results(d, 2567)] == [(2566, 89.54)]
    # a tool's total under its heading stays a tool's
    assert overall("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "คะแนนรวม 89.54 คะแนน") is None


def test_the_five_indices_before_2562_are_stored_beside_the_overall():
    from pipeline.extract import extract
    from pipeline.pages import TEXT, PageResult

    ex = extract("d" * 64, [PageResult(1, TEXT, "\n".join([
        "เทศบาลตำบลหนองหาน อำเภอหนองหาน จังหวัดอุดรธานี",
        "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. 2561 โดยภาพรวมได้คะแนน "
        "เท่ากับร้อยละ 86.50 อยู่ในระดับ “สูงมาก” ซึ่งประกอบด้วยผลคะแนนจากดัชนีทั้ง 5 ดัชนี ได้แก่",
        "1) ดัชนีความโปร่งใส",
        "ได้คะแนนเท่ากับร้อยละ 87.62 อยู่ในระดับสูงมาก",
        "๒) ดัชนีความพร้อมรับผิด ได้คะแนนเท่ากับร้อยละ ๙๒.๒๗ อยู่ในระดับสูงมาก",
        "5) ดัชนีคุณธรรมการทำงานในหน่วยงาน ได้คะแนนเท่ากับร้อยละ 66.79 อยู่ในระดับสูง",
    ]))])
    report = ex.reports[0]
    assert (report.fiscal_year, report.overall_score, report.level) == (2561, 86.50, "สูงมาก")
    got = [(i.index_no, i.score, i.level, i.fiscal_year) for i in ex.index_scores]
    assert got == [(1, 87.62, "สูงมาก", 2561), (2, 92.27, "สูงมาก", 2561), (5, 66.79, "สูง", 2561)]


def test_an_index_level_on_its_own_line_is_not_the_overall_level():
    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2561 ได้คะแนน 61.70 คะแนน อยู่ในระดับสูง",
            "๓) ดัชนีความปลอดจากการทุจริตในการปฏิบัติงาน",
            "ได้คะแนนเท่ากับร้อยละ ๕๕.๐๙ อยู่ในระดับปานกลาง")
    from pipeline.extract import statement_levels

    assert [c.value for c in statement_levels.level_claims(d, 2561)] == ["สูง"]


def test_phrases_cut_by_a_line_break():
    # the rank's number on the next line (a PDF wraps "… และเป็นอันดับที่" / "5,543 ของประเทศ")
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 อยู่ในอันดับที่ 34 จาก 78 หน่วยงาน"
                      "ในกลุ่มเทศบาลนคร และเป็นอันดับที่", "5,543 ของประเทศ")
    assert ranks == [(34, 78, "group"), (5543, None, "country")]
    # the ITA named on the next line: not a weak statement
    h = head("ประจำปีงบประมาณ 2567", "เทศบาลนครรัตนบุรีทำคะแนนได้ 93.09 คะแนน ในการประเมินคุณธรรมและ",
             "ความโปร่งใส (ITA)")
    assert h.report.overall_score == 93.09 and "weak_evidence" not in [f.kind for f in h.flags]
    # the rank phrase's verb at the end of the line before
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2560 อยู่ในอันดับที่ ๖ จาก ๖๑ หน่วยงานในกลุ่ม"
                      "องค์การบริหารส่วนตำบล และเป็น", "อันดับที่ ๒,๔๔๑ ของประเทศ")
    assert ranks == [(6, 61, "group"), (2441, None, "country")]


@pytest.mark.parametrize("lines, fy, want_overall, want_level", [
    # as a clean scan came out of Tesseract: spaces inside words, a level wrapped
    (["ผลคะแนน ITA ของทต.เขาบัวแก้ว ปีนี้ได้ 93.00 คะแนน ผ่านการประ เมินใน", "ระดับ A"], 2563, 93.00, "A"),
    (["เทศบาลตำบลสระหินลาดผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย๗๕.๔๗", "คะแนน",
      "ซึ่งอย่ในระดับ ต้องปรับปรุง"], 2568, 75.47, "ต้องปรับปรุง"),
])
def test_statements_as_ocr_reads_them(lines, fy, want_overall, want_level):
    d = doc(*lines)
    assert overall(*lines, fy=fy) == want_overall
    assert find_level(d, fy)[0] == want_level


def test_a_rank_whose_word_ocr_misread():
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2566", "อยู่ในอันดับุที ๙๗ จาก ๑๙๕ หน่วยงา นประเภทเทศบาลเมือง")
    assert [(r, n) for r, n, _ in ranks] == [(97, 195)]
    # the group's word split by OCR
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2566", "อยู่ในอันดับที่ ๙๗ จาก ๑๙๕ หน่วยงา นประเภทเทศบาลเมือง")
    assert ranks == [(97, 195, "group")]


def test_a_quoted_year_stated_twice_differently_is_flagged():
    h = head("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 95.32 คะแนน",
             "ผลการประเมิน ITA ปี 2565 ได้ 88.00 คะแนน",
             "ปีงบประมาณ\tคะแนน\tระดับ", "2565\t89.00\tA", "2566\t95.32\tAA")
    assert [f.kind for f in h.flags if f.kind == "value_conflict"] == ["value_conflict"]
    # the first statement is kept, the table's other value is evidence not chosen
    assert [(y.fiscal_year, y.overall_score) for y in h.year_results if y.quoted] == [(2565, 88.0)]
    assert [(e.fiscal_year, e.value) for e in h.evidence if not e.chosen] == [(2565, "89.0")]


def test_the_agency_keeps_the_words_it_was_read_from():
    h = head("เทศบาลตำบลบ้านดู่ อำเภอเมืองเชียงราย จังหวัดเชียงราย",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565 ได้ 91.45 คะแนน")
    (ev,) = [e for e in h.evidence if e.field == "agency"]
    assert ev.value == "เทศบาลตำบลบ้านดู่" and "อำเภอเมืองเชียงราย" in ev.words


def test_a_level_whose_marks_a_text_layer_swapped():
    # LibreOffice's lowered glyphs as a Word PDF's text layer gives them: สูง as ส่ง, ต้อง as ตุอง
    assert find_level(doc("ได้คะแนน 68.20 คะแนน อยู่ในระดับส่ง"), 2561)[0] == "สูง"
    assert find_level(doc("ปีนี้ได้ 80.60 คะแนนผ่านการประเมินในระดับ ตุองปรับปรุง"), 2567)[0] == "ต้องปรับปรุง"
    # in a table of past years too
    got = find_quoted_results(doc("ผลการประเมิน ITA ย้อนหลัง", "ปีงบประมาณ\tคะแนน\tระดับ", "2559\t69.14\tส่งมาก",
                                  "2561\t68.20\tส่ง"), 2561)
    assert [(q.fiscal_year, q.level) for q in got] == [(2559, "สูงมาก")]
    # a word that is no level stays no level ("ส่งผล" after ระดับ is prose)
    assert find_level(doc("ผลการประเมินอยู่ในระดับส่งผลต่อการพัฒนา"), 2561) is None


def test_a_rank_after_a_group_glued_to_and():
    # a wrapped line joined Thai to Thai without a space: "…ตำบลและเป็นอันดับที่ …"
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2563 ได้ 78.59 คะแนน",
                      "อยู่ในอันดับที่ ๒๗ จาก ๑๑๓ หน่วยงานในกลุ่มองค์การบริหารส่วนตำบลและเป็นอันดับที่ ๓,๔๖๙ ของประเทศ")
    assert ranks == [(27, 113, "group"), (3469, None, "country")]


def test_a_rank_on_a_line_of_its_own():
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 เทศบาลตำบลท่าเดื่อได้ 91.20 คะแนน",
                      "อันดับที่ 14 จาก 26 หน่วยงานประเภทเทศบาลตำบล")
    assert ranks == [(14, 26, "group")]
    # the group after the total on the next line
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 91.20 คะแนน อยู่ในอันดับที่ 14 จาก 26",
                      "หน่วยงานประเภทเทศบาลตำบล")
    assert ranks == [(14, 26, "group")]
    # the total on the next line
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 91.20 คะแนน อยู่ในอันดับที่ 14",
                      "จาก 26 หน่วยงานประเภทเทศบาลตำบล")
    assert ranks == [(14, 26, "group")]
    # the group after the total's unit, and a second rank after "และ", on the next line
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 91.20 คะแนน อยู่ในอันดับที่ 14 จาก 26 หน่วยงาน",
                      "ประเภทเทศบาลตำบล")
    assert ranks == [(14, 26, "group")]
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 95.12 คะแนน อยู่ในอันดับ 2 ของอำเภอ และ",
                      "76 ของจังหวัด")
    assert ranks == [(2, None, "district"), (76, None, "province")]
    # a bare rank at the end of a line and a sentence of its own under it
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ลำดับที่ 908",
                      "ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น 8,300 หน่วยงาน")
    assert ranks == [(908, None, None)]
    # the group's word alone on the next line
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 อยู่ในอันดับที่๓๕ จาก ๖๖ หน่วยงานในกลุ่มเทศบาลตำบล "
                      "และเป็นอันดับที่๒,๕๕๓ ของ", "ประเทศ")
    assert ranks == [(35, 66, "group"), (2553, None, "country")]


def test_a_fiscal_year_ocr_misread_out_of_the_itas_years_is_not_stored():
    # Tesseract reads ๒๕๖๗ as ๒๕๒๕: the report is about no such year (and the record refuses it)
    h = head("ข่าวประชาสัมพันธ์ ๓ ตุลาคม ๒๕๒๕", "ผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๒๕ ของเทศบาลตำบลปะโค คะแนน ๙๔.๕๙ ระดับผ่านดี")
    assert h.report.fiscal_year is None and h.report.overall_score == 94.59


@pytest.mark.parametrize("lines, fy, want_overall, want_level", [
    # "ได้" read as "ได9": the 9 is no one-digit score
    (["ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ โดยภาพรวมได9คะแนน๙๔.๔๗ คะแนนอยู่ในระดับ A"], 2565, 94.47, "A"),
    # ITA split by OCR, and C read as 6
    (["มหาวิทยาลัยแม่โจ้คว้าระดับ 6 ผลการประเมินคุณธรรมและความโปร่งใส", "(IT A) ดวยคะแนน๗๙.๕๙ คะแนน"],
     2565, 79.59, "C"),
    # the ITA named by its Thai name after the score, ITA itself misread
    (["เทศบาลตำบลที่วังทำคะแนนได้ ๙๔.๐๔ คะแนน ในการประเมินคุณธรรมและความ", "โปร่งใส(TA) ,",
      "สำหรับในอำเภอเดียวกันได้๗๘.๒๘ คะแนน"], 2566, 94.04, None),
])
def test_statements_as_noisy_scans_read_them(lines, fy, want_overall, want_level):
    assert overall(*lines, fy=fy) == want_overall
    got = find_level(doc(*lines), fy)
    assert (got[0] if got else None) == want_level


def test_a_list_of_past_results_whose_year_word_ocr_misread():
    got = find_quoted_results(doc("ผลการประเมิน ITA ย้อนหลังของหน่วยงาน", "รี๒๕๖๓ ได้ ๗๗.๓๑ คะแนนระดับ 8",
                                  "ธี ๒๕๖๔ ได้ ๗๒.๓๙ คะแนน ระดับ 6"), 2565)
    assert [(q.fiscal_year, q.overall_score, q.level) for q in got] == [(2563, 77.31, "B"), (2564, 72.39, "C")]


def test_a_fiscal_year_whose_words_ocr_split():
    assert find_fiscal_year(doc("ประกาศมหาวิทยาลัยแม่โจ้", "หน่วยงานภาครัฐ (ITA) ประจำปีงบประมา ณ ๒๕๖๕")) == 2565


def test_a_rank_whose_total_ocr_could_not_read_is_stored_without_its_total():
    # the total is not stored and the rank and its group are read; the page states a size of
    # the group that the stored row lacks, so an info flag says so (issue 18: never a silent
    # wrong value: a rank row without its stated total is not the statement)
    h = head("ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ ปีนี้ได้๘๐.๘๖ คะแนน",
             "อยู่ในอันดับที่ ๓๐ จาก Ke หน่วยงานในกลุ่มส่วนราชการส่วนภูมิภาค")
    assert (h.report.rank, h.report.rank_scope, h.report.rank_of) == (30, "group", None)
    assert [(f.kind, f.severity) for f in h.flags if f.kind == "weak_evidence"] == [("weak_evidence", "info")]
    # a total with a digit and a sign no reading makes a number of: the same
    h = head("ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ ปีนี้ได้๘๐.๘๖ คะแนน",
             "อยู่ในอันดับที่ ๓๐ จาก ๙? หน่วยงานในกลุ่มส่วนราชการส่วนภูมิภาค")
    assert (h.report.rank, h.report.rank_of) == (30, None)
    assert [(f.kind, f.severity) for f in h.flags if f.kind == "weak_evidence"] == [("weak_evidence", "info")]
    # a total that was read raises nothing
    h = head("ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ ปีนี้ได้๘๐.๘๖ คะแนน",
             "อยู่ในอันดับที่ ๓๐ จาก ๙๕ หน่วยงานในกลุ่มส่วนราชการส่วนภูมิภาค")
    assert (h.report.rank, h.report.rank_of) == (30, 95) and not [f for f in h.flags if f.kind == "weak_evidence"]


def test_the_countrys_overall_named_before_the_own_overall_cue_is_not_the_own():
    # "ภาพรวม" names an overall, of the country: the national average, then the own result
    assert overall("สรุปผลการประเมินภาพรวมระดับประเทศ โดยมีคะแนนเฉลี่ยภาพรวม ๘๑.๒๕ คะแนน "
                   "มีหน่วยงานภาครัฐร่วมประเมินทั้งสิ้น ๘,๓๐๐ หน่วยงาน",
                   "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี คว้าระดับ AA โดยได้ผล ๙๕.๖๒ คะแนน", fy=2564) == 95.62
    assert overall("ผลการประเมินภาพรวมระดับประเทศอยู่ที่ 93.82 คะแนน เพิ่มขึ้นจากปีก่อน 0.77 คะแนน") is None


def test_a_rank_alone_on_its_line_under_a_distractor():
    # the line above says nothing of a result: the rank's group says it is one
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 เทศบาลตำบลท่าเดื่อได้ 91.20 คะแนน",
                      "ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น 8,300 หน่วยงาน",
                      "อันดับที่ 14 จาก 26 หน่วยงานประเภทเทศบาลตำบล")
    assert ranks == [(14, 26, "group")]
    # a ranked list of indicators is no rank of the agency
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 เทศบาลตำบลท่าเดื่อได้ 91.20 คะแนน",
                      "โดยมีผู้ตอบแบบสอบถามจำนวน 60 คน", "ลำดับที่ 1 การเปิดเผยข้อมูล")
    assert ranks == []


def test_a_national_agencys_name_with_ocr_damage_is_flagged():
    h = head("ประกาศมหาวิทยาลัยเทคโมโลยีสุรนารี", "ผลการประเมิน ITA ประจำปี 2565 ได้ 91.20 คะแนน ระดับ A")
    assert [f for f in h.flags if f.kind == "weak_evidence" and "เทคโนโลยี" in f.message]
    # a department listed in normalizers/data/agency_names.json is put right instead
    h = head("ประกาศกรมอุตุนิยมริทยา", "ผลการประเมิน ITA ประจำปี 2565 ได้ 91.20 คะแนน ระดับ A")
    assert h.report.agency_name == "กรมอุตุนิยมวิทยา"
    # the same name read right raises nothing; nor does a local administration (the gazetteer checks those)
    h = head("ประกาศกรมอุตุนิยมวิทยา", "ผลการประเมิน ITA ประจำปี 2565 ได้ 91.20 คะแนน ระดับ A")
    assert not [f for f in h.flags if f.kind == "weak_evidence"]


def test_news_printed_by_a_browser_is_an_announcement():
    from pipeline.segment import classify

    lines = ["12/6/26, 9:05 PM 0029_news", "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566",
             "ข่าวประชาสัมพันธ์ 21 กันยายน 2566", "อบต.นครชุม ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566",
             "องค์การบริหารส่วนตำบลนครชุมผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย 84.52 คะแนน"]
    assert classify(tuple(Line(1, t) for t in lines)) == "score_announcement"


def test_a_quoted_year_and_a_difference_as_ocr_reads_them():
    lines = ("องค์การบริหารส่วนตำบลหัวโทนผ่านการประเมิน ITA ด้วยคะแนนเฉลีย ๗๘.๘๔ คะแนน",
             "โดยมีคะแนนเพิมขึื้น๖.๙๕ คะแนน", "ซึ่งเมื่อปี wa. ๒๕๖๔ อบต.หัวโทนได้๗๐.๐๖ คะแนน")
    h = head("ประจำปีงบประมาณ ๒๕๖๕", *lines)
    assert h.report.overall_score == 78.84 and not [f for f in h.flags if f.kind == "value_conflict"]
    assert [(y.fiscal_year, y.overall_score) for y in h.year_results if y.quoted] == [(2564, 70.06)]


def test_a_prose_line_with_specks_ocr_put_in_a_cell_of_their_own():
    got = find_quoted_results(doc("ผลการประเมิน ITA ย้อนหลังของหน่วยงาน", "ปี๒๕๖๔ได้๘๔.๕๗ คะแนนระดับ 8",
                                  "ปี๒๕๖๕ได้๙๔.๔๕ คะแนน ระดับ A\tน"), 2566)
    assert [(q.fiscal_year, q.overall_score, q.level) for q in got] == [(2564, 84.57, "B"), (2565, 94.45, "A")]


def test_a_word_pdfs_sara_am_with_its_tone_between_the_pieces():
    # LibreOffice's text layer writes น้ำ as นำ"า: the agency's name and its district
    from pipeline.readers.pdf_lines import clean_line

    assert clean_line('เทศบาลตำบลกุดนำ"าใส อำเภอนำ"าพอง จังหวัดขอนแก่น') == "เทศบาลตำบลกุดน้ำใส อำเภอน้ำพอง จังหวัดขอนแก่น"
    assert clean_line('ระดับ "ผ่าน" ตามเกณฑ์') == 'ระดับ "ผ่าน" ตามเกณฑ์'
    # another font subset writes the tone as ')' or '-'
    assert clean_line("เทศบาลตำบลห้วยนำ)าหอม ของเทศบาลตำบลห้วยนำ-าหอม") == "เทศบาลตำบลห้วยน้ำหอม ของเทศบาลตำบลห้วยน้ำหอม"


def test_a_rank_and_a_quoted_year_as_a_noisy_scan_reads_them():
    # a speck read as a comma after the rank; พ.ศ. with a space before its point; "ระดับ." a speck
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 93.65 คะแนน",
                      "ผลการประเมินอยู่ในอันดับ 1, ของอำเภอ และ 104 ของจังหวัด")
    assert ranks == [(1, None, "district"), (104, None, "province")]
    d = doc("ประจำปีงบประมาณ พ.ศ. 2566 โรงพยาบาลไชยาทำคะแนนได้ 93.65 คะแนน ในการประเมิน ITA",
            "จากปีงบประมาณ พ .ศ. 2565ได้รับผลการประเมินอยู่ในระดับ A 88.29", "คะแนน)",
            "และได้รับผลการประเมินระดับ.ผ่าน")
    assert find_level(d, 2566)[0] == "ผ่าน"
    assert [(q.fiscal_year, q.level) for q in find_quoted_results(d, 2566)] == [(2565, "A")]


def test_an_agency_named_as_another_is_not_the_documents_agency():
    # the title's name garbled past reading; the only other mentions: a distractor and the signature
    h = head("ประกาศการประปาส่วนภูมิมภาค", "ผลการประเมิน ITA ประจำปี พ.ศ. 2564 มีผลการประเมินอยู่ในระดับ C ด้วยคะแนน 74.61",
             "สำหรับในอำเภอเดียวกัน เทศบาลนครบ้านแพน ได้71.16 คะแนน", "(นางกาญจนา จันทร์หอม)",
             "ผู้ว่าการการประปาส่วนภูมิภาค")
    assert h.report.agency_name == "การประปาส่วนภูมิภาค"


def test_an_index_level_wrapped_at_the_lines_end():
    from pipeline.extract import statement_indices

    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ ๒๕๕๙ เทศบาลตำบลสะกาดได้ ๙๔.๖๓ คะแนน",
            "๒) ดัชนีความพร้อมรับผิด ได้คะแนนเท่ากับร้อยละ๑๐๐.๐๐ อยู่ในระดับสูง", "มาก",
            "๓)ดัชนีความปลอดจากการทุจริตในการปฏิบัติงาน ได้คะแนนเท่ากับร้อยละ", "๙๑.๔๐อยู่ในระดับสูงมาก")
    assert [(c.number, c.score, c.level) for c in statement_indices.index_claims(d, 2559)] == [
        (2, 100.0, "สูงมาก"), (3, 91.40, "สูงมาก")]


def test_a_rank_whose_from_ocr_read_as_latin():
    h = head("ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ปีนี้ได้๗๙.๕๔ คะแนน",
             "อันดับที๔,๐๐๓ VIN ๕,๓๐๐ หน่วยงานประเภทองค์การบริหารส่วนตำบล")
    assert (h.report.rank, h.report.rank_of, h.report.rank_scope) == (4003, 5300, "group")
    assert [f.kind for f in h.flags if "its group" in f.message] == ["weak_evidence"]


def test_a_level_whose_vowel_ocr_misread():
    # a clean scan's ผ่านดิ: ผ่านดี, not ผ่าน followed by a stray word
    d = doc("จึงขอรายงานผลการประเมินฯ ประจำปี2566ดังนีได้คะแนนรวม 88.19 คะแนนอยู่ในระดับ ผ่านดิ")
    assert find_level(d, 2566)[0] == "ผ่านดี"


def test_news_whose_heading_follows_the_pages_title_on_one_line_is_an_announcement():
    # a browser's print set the page's title and the news heading on one line
    from pipeline.segment import classify

    lines = ["12/7/26, 1:09 AM 0002_news", "การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๕ ข่าวประชาสัมพันธ์ ๙ ธันวาคม ๒๕๖๕",
             "กรมการข้าว ผ่านการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๕", "กรมการข้าว",
             "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและ",
             "กรมการข้าวได้รับคะแนนประเมินคุณธรรมและความโปร่งใส ๙๑.๒๐ คะแนน"]
    assert classify(tuple(Line(1, t) for t in lines)) == "score_announcement"
    lines[1] = lines[1].replace("ข่าว", "ขาว")  # the tone mark lost on a scan
    assert classify(tuple(Line(1, t) for t in lines)) == "score_announcement"
    # a memo's body that says an announcement was made stays a memo
    memo = ["บันทึกข้อความ", "ส่วนราชการ กองคลัง", "ที่ ลป ๕๕๐๐๑/๑๒ วันที่ ๓ ตุลาคม ๒๕๖๕",
            "เรื่อง รายงานผลการประเมิน ITA", "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผล ได้ ๙๑.๒๐ คะแนน"]
    assert classify(tuple(Line(1, t) for t in memo)) == "score_report_memo"


def test_a_group_word_with_a_mark_ocr_added_is_still_the_group():
    # "ประเภท" read with a stray sara u below its first letter
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2565 ของสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน คะแนน 86.62 ระดับ A",
                      "อยู่ในอันดับที่ 92 จาก 146 หน่วยงานปุระเภทส่วนราชการระดับกรม")
    assert ranks == [(92, 146, "group")]


@pytest.mark.parametrize("rank_line, bad", [
    # a digit OCR doubled: more than the agencies the ITA grades in a year
    ("อยู่ในอันดับที่ 38 จาก 67 หน่วยงานในกลุ่มองค์การมหาชน และเป็นอันดับที่ 29045 ของประเทศ", 29045),
    # a rank above its group's stated size
    ("อยู่ในอันดับที่ 192 จาก 146 หน่วยงานประเภทส่วนราชการระดับกรม", 192),
])
def test_a_rank_that_cannot_be_right_is_questioned(rank_line, bad):
    h = head("ผลการประเมิน ITA ประจำปี 2563 ได้ 87.80 คะแนน ระดับ A", rank_line)
    assert [f.severity for f in h.flags if f.kind == "weak_evidence" and f"{bad:,}" in f.message] == ["warning"]


def test_a_plausible_rank_is_not_questioned():
    h = head("ผลการประเมิน ITA ประจำปี 2563 ได้ 87.80 คะแนน ระดับ A",
             "อยู่ในอันดับที่ 38 จาก 67 หน่วยงานในกลุ่มองค์การมหาชน และเป็นอันดับที่ 2,905 ของประเทศ")
    assert [(r.rank, r.scope) for r in h.rank_rows] == [(38, "group"), (2905, "country")]
    assert not [f for f in h.flags if f.kind == "weak_evidence"]


def test_an_agency_name_cut_short_is_questioned():
    # a skewed scan cut the name under the signature and in the prose at different places
    h = head("ข่าวประชาสัมพันธ์ 20 พฤศจิกายน 2565",
             "ผลการประเมิน ITA ของสำนักงานคณะกรร", "86.62 ระดับ A",
             "(นางรัชนี สมบูรณ์ชัย)", "อธิบดีสำนักงานคณ")
    assert [f.severity for f in h.flags if f.kind == "weak_evidence" and "อาจถูกตัด" in f.message] == ["warning"]
    # a name the data lists, read whole, raises nothing
    h = head("ข่าวประชาสัมพันธ์ 20 พฤศจิกายน 2565",
             "ผลการประเมิน ITA ของสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน 86.62 ระดับ A",
             "อธิบดีสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน")
    assert not [f for f in h.flags if f.kind == "weak_evidence"]


@pytest.mark.parametrize("a, b", [
    ("สำนักงานคณะกรรมการการศึกษาขันพิ่นฐาน", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),  # marks lost and changed
    ("สำนักงานศาลปกคร", "สำนักงานศาลปกครอง"),  # cut at a line's end
    ("สถาบันวิจัยดาราศาสตร์แห่งชาติ", "สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)"),
])
def test_ocr_spellings_of_the_own_national_name_are_not_another_agency(a, b):
    h = head("ข่าวประชาสัมพันธ์", f"ผลการประเมิน ITA ประจำปี 2566 ของ{b} ได้ 91.20 คะแนน ระดับ A", f"ผู้อำนวยการ{a}")
    assert h.agency.others == ()


def test_two_national_agencies_a_few_letters_apart_stay_two():
    h = head("ข่าวประชาสัมพันธ์", "ผลการประเมิน ITA ประจำปี 2566 ของมหาวิทยาลัยราชภัฏเชียงใหม่ ได้ 91.20 คะแนน",
             "รองลงมาคือ มหาวิทยาลัยราชภัฏเชียงราย ได้ 90.10 คะแนน")
    assert h.agency.others == ("มหาวิทยาลัยราชภัฏเชียงราย",)


def test_a_score_whose_unit_ocr_read_with_a_tone_mark():
    # "คะแนน" read "คะแน่น" right after the number, on a 300-dpi scan
    assert overall("ผลการประเมิน ITA สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยีคว้า",
                   "sea A ประจำปี2563โดยได้ผล87.80คะแน่น", fy=2563) == 87.80


def test_a_level_after_kwa_whose_word_ocr_garbled_is_read_and_questioned():
    h = head("ผลการประเมิน ITA สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยีคว้า",
             "sea A ประจำปี2563โดยได้ผล87.80 คะแนน")
    assert (h.report.level, h.report.overall_score) == ("A", 87.80)
    assert [f.kind for f in h.flags if "level_cue_garbled" in f.message] == ["weak_evidence"]
    h = head("ผลการประเมิน ITA ประจำปี 2565 มหาวิทยาลัยราชภัฏสุรินทร์ คว้า AA ด้วยคะแนน 98.32 คะแนน")
    assert h.report.level == "AA" and not [f for f in h.flags if f.kind == "weak_evidence"]


def test_a_score_in_a_sentence_ocr_split_into_cells():
    # a skewed scan: the heading of a table of past years and the sentence above it ran together
    assert overall("องค์การบริหารส่วนตำบลลีเล็ด", "คะแนน\tะเมิน ITA ด้วยคะแนน เฉลี่ย78.69", fy=2563) == 78.69
    # a table row whose first cell names no overall is still no overall
    assert overall("ตัวชี้วัดที่ 1\t78.69", fy=2563) is None


def test_a_rank_followed_by_another_agency_whose_words_ocr_garbled_is_that_agencys():
    # "ได้แก่" read as "Aun": the province's first place is another agency's
    _, ranks = _ranks("สำนักงานพัฒนาชุมชนจังหวัดลำปางมีผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564 อยู่ในระดับ B ด้วยคะแนน 76.61",
                      "อันดับ 1 ของจังหวัด Aun องค์การบริหารส่วนตำบลหนองไทร ได้78.95")
    assert ranks == []
    # the own rank in a group named after a kind of agency stays
    _, ranks = _ranks("องค์การบริหารส่วนตำบลลีเล็ด ผลการประเมิน ITA ประจำปี พ.ศ. 2563 ด้วยคะแนน 78.69 คะแนน",
                      "อยู่ในอันดับที่ 33 จาก 92 หน่วยงานในกลุ่มองค์การบริหารส่วนตำบล และเป็นอันดับที่ 2,198 ของประเทศ")
    assert ranks == [(33, 92, "group"), (2198, None, "country")]


def test_a_rank_followed_by_another_clause_naming_another_agency_is_the_own():
    # "…ของหน่วยงานประเภทเทศบาลตำบล และเผยแพร่บนเว็บไซต์ของอบต.ทุ่งกระบือ": the other
    # agency owns the website, not the rank (a memo that names another agency, seed 9991)
    _, ranks = _ranks("เทศบาลตำบลสะเดา ได้รับผลการประเมิน ITA 92.47 คะแนน ระดับผลการประเมิน : ผ่าน",
                      "ผลการประเมินอยู่ในลำดับที่ 1,321 จาก 2,240 แห่ง ของหน่วยงานประเภทเทศบาลตำบล "
                      "และเผยแพร่บนเว็บไซต์ของอบต.ทุ่งกระบือ")
    assert ranks == [(1321, 2240, "group")]


def test_a_score_followed_by_which_with_its_tone_lost():
    assert overall("สสวท.มีผลการประเมินอยู่ในระดับ A ด้วยคะแนน ๘๖.๑๙ซึงเพิ่มขึ้นจากปีทีผ่านมา", fy=2565) == 86.19


def test_overall_named_with_a_space_ocr_put_inside_its_word():
    h = head("ที่ทำการปกครองจังหวัดตรัง ผ่านการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๐",
             "โดยภาพ รวมที่ทำการปกครองจังหวัดตรังได้คะแนนเท่ากับร้อยละ",
             "๙๓.๔๙ถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ “สูงมาก”")
    assert h.report.overall_score == 93.49 and not [f for f in h.flags if f.kind == "weak_evidence"]


def test_a_level_followed_by_dang_with_a_mark_ocr_added_is_read_plainly():
    # "ผ่าน ดังรายละเอียด…" read "ผ่านดั้งรายละเอียด": ผ่าน, and no weak evidence
    h = head("ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปี 2567 ของการเคหะแห่งชาติ ได้คะแนน 87.02 คะแนนอยู่",
             "ในระดับผ่านดั้งรายละเอียดต่อไปนี้")
    assert h.report.level == "ผ่าน" and not [f for f in h.flags if f.kind == "weak_evidence"]
    # a longer label OCR cut is still read as garbled
    h = head("ผลการประเมิน ITA ประจำปี 2567 ได้คะแนน 97.02 คะแนน อยู่ในระดับผ่านดีเยียม")
    assert h.report.level == "ผ่านดีเยี่ยม"


def test_the_result_named_with_a_space_ocr_put_after_its_first_letter():
    h = head("องค์การบริหารส่วนตำบลบ้านยาง จึงขอรายงานผลการป ระเมินฯ ประจำปี ๒๕๖๕ ดังนี้ ได้คะแนนรวม ๙๓.๒๑ คะแนน "
             "อยู่ในระดับ A")
    assert h.report.overall_score == 93.21 and not [f for f in h.flags if f.kind == "weak_evidence"]


def test_the_own_name_cut_short_is_no_other_agency():
    h = head("ประกาศสำนักงานคณะกรรมการอาหารและยา", "ผลการประเมิน ITA ประจำปี 2563 ได้ 74.78 คะแนน ระดับ B",
             "ผู้อำนวยการสำนักงานคณ")
    assert h.report.agency_name == "สำนักงานคณะกรรมการอาหารและยา" and h.agency.others == ()


def test_a_b_grade_ocr_read_as_13_is_b_with_weak_evidence():
    h = head("สำนักงานพัฒนาชุมชนจังหวัดลำปาง ผลการประเมิน ITA ประจำปี 2564 ได้ 76.61 คะแนน อยู่ในระดับ 13 ด้วยคะแนนดังกล่าว")
    assert h.report.level == "B"
    assert [f.kind for f in h.flags if "level_cue_garbled" in f.message] == ["weak_evidence"]
    # 3 is no look-alike (other scales have a level 3: "ระดับ 3 ดาว"); a level cue whose label
    # is one digit at the line's end is unreadable, and the level is the one the score has
    h = head("ผลการประเมิน ITA ประจำปี 2564 ได้ 76.61 คะแนน ซึ่งอยู่ในระดับ3")
    assert h.report.level == "B" and [e.rule for e in h.evidence if e.field == "level"] == ["level_from_score"]
    assert head("ผลการประเมิน ITA ประจำปี 2564 ได้ 76.61 คะแนน ซึ่งอยู่ในระดับ 3 ดาว").report.level is None


def test_a_rank_whose_of_ocr_split():
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2563 ได้ 76.80 คะแนน",
                      "ผลการประเมินอยู่ในอันดับ4 ของอำเภอ และ 101 ขอ งจังหวัด")
    assert ranks == [(4, None, "district"), (101, None, "province")]


def test_an_earlier_year_named_by_a_misread_pho_so():
    # "ซึ่งเมื่อปี พ.ศ. ๒๕๕๙" read "Haat wa. ๒๕๕๙": the score is 2559's, not the own year's
    got = find_quoted_results(doc("ผลการประเมิน ITA ที่ทำการปกครองจังหวัดตรังได้คะแนนเท่ากับร้อยละ ๙๓.๔๙ อยู่ในระดับสูงมาก",
                                  "Haat wa. ๒๕๕๙ที่ทำการปกครองจังหวัดตรังได้๘๖.๓๑ คะแนน"), 2560)
    assert [(q.fiscal_year, q.overall_score) for q in got] == [(2559, 86.31)]


def test_the_next_pages_running_header_does_not_name_a_score_the_overall():
    lines = (Line(1, "ได้คะแนนรวม ๙๖.๖๙ คะแนน อยู่ในระดับ ผ่านดี"),
             Line(1, "๒. คุณภาพการดำเนินงาน ได้รับคะแนน ๑๐๐.๐๐ คะแนน"),
             Line(1, "๓. การเปิดเผยข้อมูล ได้รับคะแนน ๑๐๐.๐๐ คะแนน"),
             Line(2, "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"))
    (h,) = extract_headlines("f" * 64, [Document(0, "score_report_memo", lines)])
    assert h.report.overall_score == 96.69 and not [f for f in h.flags if f.kind == "value_conflict"]


def test_a_rank_in_a_group_named_after_a_kind_of_agency_is_the_own():
    # the group's kind of agency, run together with the next words, is no other agency ranked
    _, ranks = _ranks("องค์การบริหารส่วนตำบลแก้มอ้น ผลการประเมิน ITA ประจำปี 2565 ได้ 83.71 คะแนน ระดับ B",
                      "อยู่ในอันดับที่ 505 จาก 5,300 หน่วยงานประเภทองค์การบริหารส่วนตำบลโดยมีคะแนนเพิ่มขึ้น 5.97 คะแนน")
    assert ranks == [(505, 5300, "group")]


def test_a_running_header_is_no_sentence_the_next_line_ends():
    # Word repeats "การประเมิน… (ITA) ๒๕๖๕" at every page's head; page 2 opens with the
    # list's last indicator, whose score is no overall (unseen seed 9933, Word → PDF)
    header = "การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๕"
    lines = (Line(1, header), Line(1, "ได้คะแนนรวม ๗๘.๔๓ คะแนน อยู่ในระดับ B"),
             Line(1, "๙. การเปิดเผยข้อมูล ได้รับคะแนน ๗๐.๐๐ คะแนน"), Line(1, "หน้า 1 จาก 2"),
             Line(2, header), Line(2, "๑๐. การใช้งบประมาณ ได้รับคะแนน ๖๖.๔๙ คะแนน"),
             Line(2, "จึงเรียนมาเพื่อโปรดทราบ"), Line(2, "หน้า 2 จาก 2"))
    (h,) = extract_headlines("f" * 64, [Document(0, "score_report_memo", lines)])
    assert h.report.overall_score == 78.43 and not [f for f in h.flags if f.kind == "value_conflict"]


def test_a_year_quoted_after_a_list_of_the_tools_joined_to_it_is_still_quoted():
    # Word and Calc printed the sentence after the list on the list's last line
    got = find_quoted_results(doc(
        "กรมอุตุนิยมวิทยา ได้รับผลการประเมิน ITA ได้คะแนน 71.57 คะแนน อยู่ในระดับ C",
        "2. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
        "3. แบบตรวจการเปิดเผยข้อมูลสาธารณะ ซึ่งเมื่อปี พ.ศ. 2563 กรมอุตุนิยมวิทยาได้ 71.24 คะแนน"), 2564)
    assert [(q.fiscal_year, q.overall_score) for q in got] == [(2563, 71.24)]
    # a tool's own score after its name, with no time clause between, is still no overall
    assert overall("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ได้ 71.24 คะแนน", fy=2564) is None


def test_a_rank_after_a_speck_and_in_a_district_whose_name_ocr_garbled():
    # "ได้ลำดับที่.๓,๐๗๐": a speck between ที่ and the number; "อ้าเอ": อำเภอ with its ภ lost
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2566 ได้ ๘๕.๑๐ คะแนน", "ได้ลำดับที่.๓,๐๗๐")
    assert ranks == [(3070, None, None)]
    _, ranks = _ranks("ผลการประเมิน ITA ประจำปี 2565 ได้ 82.50 คะแนน",
                      "ผลการประเมินอยู่ในอันดับ 12ของอ้าเอ และ 44ของจังหวัด")
    assert ranks == [(12, None, "district"), (44, None, "province")]


def test_level_labels_are_worked_out_once_and_handed_out_as_new_lists():
    """level_labels (asked ~40 times a small file) is kept per catalog and year kind
    (issue 23): the same labels each time, longest first, and a caller that changes
    the list it got does not change the next caller's."""
    from pipeline.extract.statements import level_labels

    since_2562 = level_labels(2567)
    # ต้องปรับปรุง and ผ่านดีเยี่ยม are both 12 letters long: either may come first
    assert since_2562[0] == "ต้องปรับปรุงโดยด่วน"
    assert set(since_2562[1:3]) == {"ต้องปรับปรุง", "ผ่านดีเยี่ยม"}
    assert [len(lab) for lab in since_2562] == sorted(map(len, since_2562), reverse=True)
    assert "ไม่ผ่าน" in since_2562 and "สูงมาก" not in since_2562
    assert {"สูงมาก", "ปานกลาง", "ต่ำมาก"} <= set(level_labels(2560)) == set(level_labels())
    kept = list(since_2562)
    since_2562.clear()
    assert level_labels(2567) == kept
    from pipeline.extract import statements

    assert len(statements._LEVEL_LABELS) >= 2  # (catalog, old or not): kept
