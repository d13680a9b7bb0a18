"""Statements of announcements and news as OCR breaks them on scans of other engines' prints
and photos (issue 18): a rank whose wrapped line OCR joined to another agency's score, its
thousands comma read as a space before its total, its จาก glued and misread, a speck cell
after it; a Latin level read as one Thai letter or a sign, a level with no score beside it,
ระดับ split or after a speck; a table of past years whose level cell OCR emptied. The lines
are written for these tests after Tesseract's output and the wording of real announcements;
none is a copy of a generated file.
"""

from __future__ import annotations

import pytest

from pipeline.extract.headline import extract_headlines
from pipeline.segment import Document, Line


def head(*lines: str, doc_type: str = "score_announcement"):
    (h,) = extract_headlines("f" * 64, [Document(0, doc_type, tuple(Line(1, t) for t in lines))])
    return h


def ranks(h) -> set[tuple]:
    return {(r.rank, r.rank_of, r.scope) for r in h.rank_rows if not r.quoted}


def quoted(h) -> set[tuple]:
    return {(y.fiscal_year, y.overall_score, y.level) for y in h.year_results if y.quoted}


def weak(h) -> list[str]:
    return [f.message for f in h.flags if f.kind == "weak_evidence"]


_HEAD = ("ข่าวประชาสัมพันธ์ ๕ ตุลาคม ๒๕๖๕",
         "ทต.หนองบัว ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
         "เทศบาลตำบลหนองบัว อำเภอเมืองจันทบุรี จังหวัดจันทบุรี",
         "เทศบาลตำบลหนองบัวได้รับคะแนน (ITA) ประจำปีงบประมาณ ๒๕๖๕ ได้ ๘๙.๕๓ คะแนน อยู่ในระดับ A")


# ------------------------------------------------------------- ranks


def test_a_rank_joined_to_another_agencys_score_whose_group_is_not_that_agencys_kind_is_the_own_flagged():
    # the rank's own line, wrapped under the other agency's score, OCR joined to it
    h = head(*_HEAD, "รองลงมาคือ สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) ได้๘๙.๙๕ คะแนนอยู่ในอันดับที่ "
                     "๒,๑๓๓ จาก ๒,๒๔๐ หน่วยงานประเภทเทศบาลตำบล")
    assert ranks(h) == {(2133, 2240, "group")}
    assert any("2,133" in m for m in weak(h))


@pytest.mark.parametrize("group", ["หน่วยงานประเภทองค์การมหาชน", "หน่วยงาน"])
def test_a_rank_after_another_agencys_score_in_that_agencys_group_or_no_group_is_that_agencys(group):
    h = head(*_HEAD, "รองลงมาคือ สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) ได้๘๙.๙๕ คะแนนอยู่ในอันดับที่ "
                     f"๒๑ จาก ๖๐ {group}")
    assert ranks(h) == set()


def test_a_rank_whose_thousands_comma_ocr_read_as_a_space_keeps_its_total_and_group():
    h = head(*_HEAD, "อยู่ในอันดับที ๒ ๑๓๓ จาก ๒,๒๔๐ หน่วยงานประเภทเทศบาลตำบล")
    assert ranks(h) == {(2133, 2240, "group")}
    assert any("2133" in m for m in weak(h))  # the digits joined: flagged


def test_a_rank_whose_jak_ocr_glued_to_it_and_misread_keeps_its_total_flagged():
    h = head(*_HEAD, "อยู่ในอันดับที่ ๑๐๐จำก ๑๔๖ หน่วยงานประเภทส่วนราชการระดับกรม")
    assert ranks(h) == {(100, 146, "group")}
    assert any("จำก" in m for m in weak(h))


def test_a_short_rank_line_with_a_cell_of_specks_is_read():
    h = head(*_HEAD, "สำหรับในอำเภอเดียวกัน เทศบาลตำบลแม่ระกา ได้๘๔.๓๒ คะแนน", "ได้ลำดับที๕,๓๑๑\tเษ")
    assert {r for r, _, _ in ranks(h)} == {5311}
    # a Latin cell is no speck: a table row, not read as prose
    h = head(*_HEAD, "ได้ลำดับที๕,๓๑๑\tAA")
    assert ranks(h) == set()


# ------------------------------------------------------------- levels


_OWN_2564 = ("ข่าวประชาสัมพันธ์ ๗ พฤศจิกายน ๒๕๖๔", "ทม.หนองบัว ผ่านการประเมิน ITA ประจำปี๒๕๖๔")


@pytest.mark.parametrize("line", [
    "ทม.หนองบัวคว้าระดับค ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ด้วยคะแนน ๘๘.๙๓ คะแนน",  # A read as ค
    "ได้รับคะแนน (ITA) ประจำปีงบประมาณ ๒๕๖๔ ได้ ๘๘.๙๓ คะแนน อยู่ในระดับค",  # at the line's end
])
def test_a_latin_level_read_as_one_thai_letter_is_the_scores_level_flagged(line):
    h = head(*_OWN_2564, line)
    assert (h.report.overall_score, h.report.level) == (88.93, "A")  # 2564: A is 85-94.99
    assert any("level A" in m for m in weak(h))


def test_a_thai_word_after_radap_is_no_unreadable_label():
    h = head(*_OWN_2564, "ได้รับคะแนน (ITA) ประจำปีงบประมาณ ๒๕๖๔ ได้ ๘๘.๙๓ คะแนน อยู่ในระดับดี ผลการประเมินนี้")
    assert h.report.level is None


def test_a_quoted_level_read_as_a_sign_and_a_letter_glued_to_its_score_is_the_scores_level_flagged():
    h = head("ประกาศเทศบาลตำบลหนองบัว", "ประจำปี พ.ศ. ๒๕๖๖",
             "เทศบาลตำบลหนองบัวคว้าระดับ ผ่าน ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ด้วยคะแนน ๘๕.๔๕ คะแนน",
             "จากปีงบประมาณ พ.ศ. ๒๕๖๕ได้รับผลการประเมินอยู่ในระดับ /เ๘๘.๔๒", "คะแนน)")
    assert (2565, 88.42, "A") in quoted(h)
    assert any("2565" in m for m in weak(h))


_SCORE_FAR = ("ประกาศกรมหนองบัว", "ประจำปี พ.ศ. ๒๕๖๔",
              "กรมหนองบัวผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย ๗๔.๗๙ คะแนน",
              "ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น ๘,๑๘๙ หน่วยงาน")


def test_an_unreadable_label_with_no_score_beside_it_is_the_level_of_the_one_score_the_document_states():
    h = head(*_SCORE_FAR, "และได้รับผลการประเมิ่นระดับ @")
    assert (h.report.overall_score, h.report.level) == (74.79, "C")  # 2564: C is 65-74.99
    assert any("level C" in m for m in weak(h))


def test_an_unreadable_label_with_no_score_beside_it_gives_nothing_where_the_document_states_two():
    h = head(*_SCORE_FAR, "ผลการประเมิน ITA ได้ 86.10 คะแนน", "และได้รับผลการประเมิ่นระดับ @")
    assert h.report.level is None


def test_radap_after_a_speck_after_the_score_unit_and_a_speck_before_the_label_are_read():
    h = head("ผลการประเมิน ITA ประจำปี2561 ทม.หนองบัวได้86.28 คะแนน อยู่ในระดับ “สูงมาก”",
             "ปี2560ได้78.24 คะแนน:ระดับสูง")
    assert (2560, 78.24, "สูง") in quoted(h)
    h = head("องค์การบริหารส่วนจังหวัดหนองบัวทำคะแนนได้89.18 คะแนนใน", "การประเมินคุณธรรมและความโปร่งใส (ITA) ปี 2568",
             "ซึ่งอยู่ในระดับ ! ผ่าน")
    assert h.report.level == "ผ่าน"


def test_radap_split_after_its_first_letter_and_an_increase_with_its_khuen_misread_are_read():
    h = head("ข่าวประชาสัมพันธ์๙ กันยายน ๒๕๖๗", "ผลการประเมิน ITA ของกรมหนองบัว คะแนน๗๑.๓๖ร ะดับ ต้องปรับปรุง",
             "โดยมีคะแนนเพิ่มขืน๐.๗๙ คะแนน")
    assert (h.report.overall_score, h.report.level) == (71.36, "ต้องปรับปรุง")
    assert not any(f.kind == "value_conflict" for f in h.flags)


# ------------------------------------------------------------- tables of past years


_TABLE_HEAD = ("ผลคะแนน ITA ของกรมหนองบัว ปีงบประมาณ 2564 ปีนี้ได้93.53 คะแนนผ่านการประเมินในระดับ A",
               "ปีงบประมาณ\tคะแนน\tระดับ")


def test_a_past_years_row_whose_level_cell_ocr_emptied_takes_the_scores_level_flagged():
    h = head(*_TABLE_HEAD, "2562\t91.05\t-", "2563\t94.92\t", "2564\t93.53\tA")
    assert (2563, 94.92, "A") in quoted(h)  # 2563: A is 85-94.99
    assert (2562, 91.05, None) in quoted(h)  # a dash: no level stated
    assert any("2563" in m for m in weak(h))


def test_an_empty_last_cell_gives_no_level_where_the_table_has_no_level_column():
    h = head(_TABLE_HEAD[0], "ปีงบประมาณ\tคะแนน\tหมายเหตุ", "2563\t94.92\t", "2564\t93.53\t")
    assert (2563, 94.92, None) in quoted(h)


def test_a_rank_before_dai_kae_with_its_tone_misread_is_the_agency_named_after_it():
    h = head("ประกาศสถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบัง", "ประจำปี พ.ศ. 2560",
             "โดยภาพรวมสถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบังได้คะแนน ITA เท่ากับร้อยละ 94.78",
             "อยู่ในอันดับที่ 47 จาก 82 หน่วยงานประเภทสถาบันอุดมศึกษา",
             "อันดับ 1 ของจังหวัด ได้แก้เทศบาลตำบลคูหาใต้ได้89.34 คะแนน")  # ได้แก่ read as ได้แก้, glued
    assert ranks(h) == {(47, 82, "group")}


@pytest.mark.parametrize("cell, score, want", [
    ("A A", "89.87", "A"),    # 2565: A is 85-94.99, so the letter read twice
    ("A A", "96.10", "AA"),   # AA with a space OCR put inside
    ("B B", "89.87", None),   # neither B nor BB is the score's level: nothing read
])
def test_a_latin_level_cell_read_with_a_space_inside_is_the_one_its_score_has(cell, score, want):
    h = head("ซึ่งอยู่ในระดับผ่านดี ผลการประเมิน ITA ประจำปี พ.ศ. 2568 ได้ 93.02 คะแนน",
             "ปีงบประมาณ\tคะแนน\tระดับ", f"2565\t{score}\t{cell}", "2566\t87.25\tผ่าน")
    assert (2565, float(score), want) in quoted(h)


def test_a_district_word_with_its_pho_read_as_to_patak_is_a_ranks_district():
    h = head(*_HEAD, "ผลการประเมินอยู่ในอันดับ 12 ของอำเฏอ และ 44ของจังหวัด")
    assert ranks(h) == {(12, None, "district"), (44, None, "province")}


def test_a_quoted_score_with_a_digit_lost_is_flagged():
    h = head("องค์การบริหารส่วนตำบลหนองบัวทำคะแนนได้76.42 คะแนน ในการประเมิน (ITA) ประจำปีงบประมาณ พ.ศ. 2564",
             "ทั้งนี้ในปี2563ได้7.02 คะแนน")  # 71.02 with its 1 lost
    assert (2563, 7.02, None) in quoted(h)
    assert any("7.02" in m for m in weak(h))
    h = head("องค์การบริหารส่วนตำบลหนองบัวทำคะแนนได้76.42 คะแนน ในการประเมิน (ITA) ประจำปีงบประมาณ พ.ศ. 2564",
             "ทั้งนี้ในปี2563ได้71.02 คะแนน")
    assert not weak(h)


def test_a_score_before_a_speck_read_as_a_letter_at_its_lines_end_is_read():
    h = head("ประกาศเทศบาลเมืองหนองบัว ประจำปี พ.ศ. ๒๕๖๔",
             "เทศบาลเมืองหนองบัวมีผลการประเมินอยู่ในระดับ1“ เด้วยคะแนน๙๐.๕๗ F")
    assert (h.report.overall_score, h.report.level) == (90.57, "A")  # the label unreadable: the score's, flagged
    assert any("level A" in m for m in weak(h))


def test_an_increase_whose_last_letter_ocr_lost_is_no_score():
    h = head("ผลคะแนน ITA ขององค์การบริหารส่วนตำบลหนองบัว ประจำปีงบประมาณ ๒๕๖๗ ได้ ๘๘.๑๐ คะแนน",
             "สรุปผลการประเมินภาพรวมระดับประเทศ มีหน่วยงานภาครัฐร่วมประเมินทั้งสิ้น ๘,๒๔๔ หน่วยงาน",
             "โดยมีคะแนนเพิ่มขึ้ ๗.๕๕ คะแนน")
    assert h.report.overall_score == 88.1
    assert not any(f.kind == "value_conflict" for f in h.flags)


_OWN_2568 = "อบต.หนองบัว ได้รับคะแนน (ITA) ประจำปีงบประมาณ พ.ศ. 2568 ได้ 82.11 คะแนน อยู่ในระดับต้องปรับปรุง"


def test_a_quoted_score_after_the_end_of_its_wrapped_label_is_that_years():
    h = head(_OWN_2568, "จากปีงบประมาณ พ.ศ. 2567ได้รับผลการประเมินอยู่ในระดับตต้อง", "ปรับปรุง 81.19 คะแนน)")
    assert (2567, 81.19, "ต้องปรับปรุง") in quoted(h)
    assert h.report.overall_score == 82.11 and not any(f.kind == "value_conflict" for f in h.flags)
    # other words before the number: not the end of a label, no year taken from the line before
    h = head(_OWN_2568, "จากปีงบประมาณ พ.ศ. 2567ได้รับผลการประเมินอยู่ในระดับตต้อง", "รวมทั้ง 81.19 คะแนน)")
    assert (2567, 81.19, "ต้องปรับปรุง") not in quoted(h)


def test_pramoen_with_its_no_read_as_one_still_names_the_result():
    h = head(_OWN_2568, "จากปีงบประมาณ พ.ศ. ๒๕๖๗ได้รับผลการประเมิ1อยู่ในระดับ ต้องปรับปรุง", "๘๐.๖๓ คะแนน)")
    assert (2567, 80.63, "ต้องปรับปรุง") in quoted(h)


@pytest.mark.parametrize("row, want", [
    ("2563\t77.18\t5", (2563, 77.18, "B")),   # B read as 5: 77.18 lies in B's band (75-84.99)
    ("2563\t88.14\t4", (2563, 88.14, "A")),   # A read as 4
    ("2563\t77.18\t4", (2563, 77.18, None)),  # 4 beside a score outside A's band: no level
])
def test_a_past_years_level_cell_read_as_4_or_5_counts_inside_that_levels_band(row, want):
    h = head("ผลคะแนน ITA ขององค์การบริหารส่วนตำบลหนองบัว ปีนีได้ ๘๕.๘๓ คะแนน ผ่านการประเมินในระดับ A ปีงบประมาณ ๒๕๖๕",
             "ปีงบประมาณ\tคะแนน\tระดับ", "2562\t82.11\t-", row)
    assert want in quoted(h)


def test_radap_read_as_latin_capitals_before_a_latin_label_is_a_weak_cue():
    h = head("ผลคะแนน ITA ของอบต.หนองบัว ปีงบประมาณ ๒๕๖๗ ได้ ๘๘.๑๐ คะแนนผ่านการประเมินในระดับผ่าน",
             "ปี๒๕๖๕ได้ ๙๐.๘๐ คะแนน WAU A")
    assert (2565, 90.8, "A") in quoted(h)
    assert any("2565" in m for m in weak(h))
    h = head("ผลคะแนน ITA ของอบต.หนองบัว ปีงบประมาณ ๒๕๖๗ ได้ ๘๘.๑๐ คะแนน ITA A")  # ITA is no garbled ระดับ
    assert h.report.level is None


def test_a_score_with_a_tab_before_its_unit_is_prose_not_a_table_row():
    h = head("ผลการประเมิน ITA ประจำปีงบประม่าณ พ.ศ. 2560ที่ทำการปกครองจังหวัด",
             "นครราชสีม 87.50\tคะแนน ถือว่าอยู่ในระดับ “สูงมาก ”",
             "ส่วนหน่วยงานที่ได้คะแนนสูงสุดในกลุ่มได้แก่ องค์การบริหารส่วนตำบลฉมัน", "ได้93.56 คะแนน")
    assert h.report.overall_score == 87.5
