"""Cue words of announcements and news as OCR garbles them on scans (issue 18): a level cue
whose verb OCR misread (คว้า with another tone mark, its vowel read apart), a Latin label glued
to the next word read as Latin letters, a score whose cue OCR garbled past reading but whose
unit calls it a score. The lines are written for these tests after Tesseract's output and the
wording of real announcements; none is a copy of a generated file.
"""

from __future__ import annotations

import pytest

from pipeline.extract.headline import extract_headlines
from pipeline.segment import Document, Line


def head(*lines: str, doc_type: str = "score_announcement"):
    (h,) = extract_headlines("f" * 64, [Document(0, doc_type, tuple(Line(1, t) for t in lines))])
    return h


def weak(h) -> list[str]:
    return [f.message for f in h.flags if f.kind == "weak_evidence"]


def _announcement(fy: str, *body: str) -> tuple[str, ...]:
    return ("ประกาศเทศบาลตำบลยางขาว",
            f"เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {fy}",
            "เทศบาลตำบลยางขาว อำเภอพยุหะคีรี จังหวัดนครสวรรค์", *body)


# ------------------------------------------------------------- a level cue's verb garbled


@pytest.mark.parametrize("verb", ["คว๊า", "ค่วำ", "ควำ"])
def test_a_level_after_a_garbled_kwa_that_the_score_bears_out_is_read(verb):
    h = head(*_announcement("2564", f"ผลการประเมิน ITA ทต.ยางขาว{verb}ระดับ B ประจำปีงบประมาณ พ.ศ. 2564",
                            "โดยได้ผล 79.50 คะแนน"))
    assert (h.report.overall_score, h.report.level) == (79.50, "B")
    assert weak(h) == []  # the label and the score, read apart, bear each other out


def test_a_b_read_as_8_after_a_garbled_kwa_is_b_by_its_score():
    h = head(*_announcement("2564", "ผลการป ร ะ เมิน ITA ทต .ยางขาวค่วำระดับ 8 ปร ะจำปีงบประมาณ พ.ศ. 2564 "
                                    "โดยได้ผล 79.50 คะแนน"))
    assert h.report.level == "B"


def test_a_label_after_a_loose_radap_that_the_score_does_not_bear_out_is_not_stored():
    # 91.40 is A in 2564: the B said after a garbled verb is not taken, nor is anything else
    h = head(*_announcement("2564", "ผลการประเมิน ITA ทต.ยางขาวค่วำระดับ B ประจำปีงบประมาณ พ.ศ. 2564",
                            "โดยได้ผล 91.40 คะแนน"))
    assert (h.report.overall_score, h.report.level) == (91.40, None)


def test_a_loose_radap_with_no_score_gives_no_level():
    h = head(*_announcement("2564", "ทต.ยางขาวค่วำระดับ B ประจำปีงบประมาณ พ.ศ. 2564"))
    assert h.report.level is None


def test_a_loose_radap_of_a_group_or_the_country_gives_no_level():
    h = head(*_announcement("2566", "ผลการประเมิน ITA ทต.ยางขาว ได้ 86.76 คะแนน",
                            "หน่วยงานประเภทส่วนราชการระดับกรม", "ค่าเฉลี่ยระดับประเทศ 88.10 คะแนน"))
    assert h.report.level is None


# ------------------------------------------------------------- a Latin label glued to garbled letters


def test_a_latin_label_glued_to_a_word_read_as_latin_letters_is_read_and_questioned():
    h = head(*_announcement("2564", "ทต.ยางขาวคว้าระดับ Awa การประเมินคุณธรรมและความโปร่งใส (ITA) "
                                    "ด้วยคะแนน 89.03 คะแนน"))
    assert h.report.level == "A"
    assert any("level_cue_garbled" in m for m in weak(h))


def test_a_latin_word_after_a_level_cue_is_no_label():
    h = head(*_announcement("2564", "ทต.ยางขาวคว้าระดับ Excellent ด้วยคะแนน 89.03 คะแนน"))
    assert h.report.level in (None, "A")  # none read from the word; at most the score's, flagged
    assert h.report.level is None or weak(h)


# ------------------------------------------------------------- a score called one by its unit alone


def test_a_score_whose_cue_ocr_garbled_is_read_by_its_unit_and_the_itas_name_after_it():
    h = head(*_announcement("2568", "ทต.ยางขาวทำคะแนนไตด้79.30 คะแนน ในการ",
                            "ประเมินคุณธรรมและความโปร่งใส (ITA)"))
    assert h.report.overall_score == 79.30
    assert weak(h) == []


def test_a_score_called_one_by_its_unit_alone_is_read_and_questioned():
    h = head(*_announcement("2568", "ทต.ยางขาวทำคะแนนไตด้79.30 คะแนน"))
    assert h.report.overall_score == 79.30
    assert any("score_unit_only" in m for m in weak(h))


@pytest.mark.parametrize("line", [
    "โดยมีคะแนนเพิ่มขึ้น2.17 คะแนน",  # a change
    "ทังนีค่าเฉลียระดับประเทศอยู่ทิ82.49คะแนน",  # the country's average, its tones lost
    "ส่วนหน่วยงานที่ได้คะแนนสูงสุดในกลุ่ม ได้แก่ องค์การบริหารส่วนตำบลละอาย ไตด้70.51 คะแนน",  # another agency's
    "ทั้งนี้ ในปี 2566 ไตด้ 81.20 คะแนน",  # an earlier year's
])
def test_a_number_with_a_unit_that_other_words_make_another_number_is_no_own_score(line):
    h = head(*_announcement("2568", line))
    assert h.report.overall_score is None


# ------------------------------------------------------------- a year OCR read as Latin letters


def test_a_score_after_a_year_read_as_latin_letters_is_no_own_years_statement():
    h = head(*_announcement("๒๕๕๙", "ผลการประเมิน ITA ประจำปี๒๕๕๙ ทต.ยางขาว",
                            "ได้๗๑.๔๕ คะแนนถือว่าอยู่ในระดับ “สูง”", "ทั้งนี้ในปี weed ได้๖๖.๓๔คะแนน",
                            "ผลการประเมินอยู่ในอันดับ๖ ของอำเภอ"))
    assert h.report.overall_score == 71.45
    assert [f for f in h.flags if f.kind == "value_conflict"] == []  # 66.34 is of a year that cannot be read


def test_pho_sor_read_as_latin_before_a_year_still_names_it():
    h = head(*_announcement("2564", "ผลการประเมิน ITA ประจำปี wa. ๒๕๖๔ ทต.ยางขาว ได้ ๗๙.๕๐ คะแนน อยู่ในระดับ B"))
    assert (h.report.overall_score, h.report.level) == (79.50, "B")
    assert weak(h) == []


# ------------------------------------------------------------- the own agency's name garbled before a statement


def test_a_level_after_the_own_provincial_offices_name_with_its_province_word_garbled_is_the_own():
    h = head("ประกาศสำนักงานพัฒนาชุมชนจังหวัดพิษณุโลก",
             "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี2563",
             "สำนักงานพัฒนาซุมชุนจูงหวัดพิษณุโลกมีผลการประเมินอยู่ในระดับ B ด้วย",
             "คะแนน79.15ซึงเพิมขึ้นจากปีทีผ่านมา")
    assert (h.report.overall_score, h.report.level) == (79.15, "B")
    assert [f for f in h.flags if f.kind == "other_agency_named"] == []


def test_a_level_after_another_provinces_office_is_not_the_own():
    h = head("ประกาศสำนักงานพัฒนาชุมชนจังหวัดพิษณุโลก",
             "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี2563",
             "สำนักงานพัฒนาชุมชนจังหวัดพิษณุโลก ได้คะแนน 79.15 คะแนน",
             "รองลงมาคือ สำนักงานพัฒนาชุมชนจังหวัดพิจิตร มีผลการประเมินอยู่ในระดับ A")
    assert (h.report.overall_score, h.report.level) == (79.15, None)


# ------------------------------------------------------------- a quoted score out of line with the own


def test_a_quoted_score_far_below_the_own_is_questioned():
    h = head("ข่าวประชาสัมพันธ์๒๗พฤศจิกายน๒๕๖๗", "ทต.บางกุ้ง ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
             "ผลการประเมิน ITA ของเทศบาลตำบลบางกุ้ง คะแนน๘๐.๔๐ ระดับ ต้องปรับปรุง",
             "ทั้งนี้ในปี๒๕๖๖ได้๓๕.๑๐คะแนน")  # ๗๘ read as ๓๕
    assert any("35.1" in f.message for f in h.flags if f.kind == "weak_evidence")
    h = head("ข่าวประชาสัมพันธ์๒๗พฤศจิกายน๒๕๖๗", "ทต.บางกุ้ง ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
             "ผลการประเมิน ITA ของเทศบาลตำบลบางกุ้ง คะแนน๘๐.๔๐ ระดับ ต้องปรับปรุง",
             "ทั้งนี้ในปี๒๕๖๖ได้๗๘.๑๐คะแนน")
    assert not any("78.1" in f.message for f in h.flags if f.kind == "weak_evidence")


# ------------------------------------------------------------- cue words spaced apart, garbled labels


def test_a_score_after_cue_words_whose_letters_ocr_spaced_apart_is_read():
    h = head("ข่าวประชาสัมพันธ์ ๑๓ ธันวาคม ๒๕๖๕", "อบต .บ้านดอน ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
             "องค์การบริหารส่ วนตำบลบ้านดอน อำ เภอภู เขียว จังหวัดชัยภูมิ",
             "องค์การบริหารส่ วนตำบลบ้านดอนมีผลการปร ะเมินอยู่ในระดับ A ด้ วยค ะ แนน ๘๗.๒๗ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา")
    assert (h.report.overall_score, h.report.level) == (87.27, "A")


def test_a_year_after_prajampi_whose_era_ocr_read_as_latin_on_the_next_line_is_the_fiscal_year():
    h = head("ข่าวประชาสัมพันธ์", "อบต .บ้านดอน ผ่านการประเมิน ITA ประจำปี wia. were",
             "องค์การบริหารส่ วนตำบลบ้านดอน อำ เภอภู เขียว จังหวัดชัยภูมิ",
             "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปี",
             "wid. ๒๕๖๕แล้ว du")
    assert h.report.fiscal_year == 2565


def test_radap_read_as_latin_capitals_after_the_score_before_a_thai_label_is_a_cue():
    h = head("ข่าวประชาสัมพันธ์", "ทต.บางกุ้ง ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
             "ผลการประเมิน ITA ของเทศบาลตำบลบางกุ้ง คะแนน ๘๐.๔๐ IHU ต้อง", "ปรับปรุง",
             "โดยมีคะแนนเพิ่มขึ้ ๘.๑๒ คะแนน")
    assert (h.report.overall_score, h.report.level) == (80.40, "ต้องปรับปรุง")


def test_a_double_letter_label_read_as_two_digits_is_the_scores_level_questioned():
    h = head("ข่าวประชาสัมพันธ์", "ทต.น้ำตก ผ่านการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๓",
             "เทศบาลตำบลน้ำตกได้รับคะแนนประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
             "ประจำปีงบประมาณ ๒๕๖๓ ได้ ๙๘.๑๕ คะแนนอยู่ในระดับ 22")
    assert h.report.level == "AA"
    assert any("AA" in m for m in weak(h))
    # a two-digit count after ระดับ is no label ("ระดับ 22 หน่วยงาน")
    h = head("ข่าวประชาสัมพันธ์", "ทต.น้ำตก ผ่านการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๓",
             "ทต.น้ำตก ได้ ๙๘.๑๕ คะแนน มีหน่วยงานในระดับ 22 หน่วยงาน")
    assert h.report.level is None


# ------------------------------------------------------------- quoted years


def test_a_quoted_year_after_an_era_whose_sor_ocr_lost_is_read():
    h = head("ข่าวประชาสัมพันธ์", "กรมพัฒนาที่ดิน ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๓",
             "กรมพัฒนาที่ดินผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย ๗๙.๖๔ คะแนน",
             "ซึ่งเมื่อปี พ.. ๒๕๖๒ กรมพัฒนาที่ดินได้๗๓.๐๕ คะแนน")
    assert {(y.fiscal_year, y.overall_score) for y in h.year_results if y.quoted} == {(2562, 73.05)}


@pytest.mark.parametrize("cell, want", [("1", "A"), ("", "A"), ("-", None), ("=", None), ("_", None)])
def test_a_past_years_level_cell_read_as_a_digit_is_the_scores_level_questioned(cell, want):
    h = head("ข่าวประชาสัมพันธ์25 พฤศจิกายน2567", "อบจ.นครศรีธรรมราช ผ่านการประเมิน ITA ประจำปี2567",
             "ผลการประเมิน ITA ของอบจ.นครศรีธรรมราช คะแนน 87.06 ระดับ ผ่าน",
             "ปีงบประมาณ\tคะแนน\tระดับ", f"2565\t85.75\t{cell}", "2566\t89.04\tผ่าน", "2567\t87.06\tผ่าน")
    got = {y.fiscal_year: y.level for y in h.year_results if y.quoted}
    assert got[2565] == want
    if want:
        assert any("2565" in m for m in weak(h))


# ------------------------------------------------------------- distractors' words with their tone marks garbled


@pytest.mark.parametrize("line", [
    "โดยค่ะแนนเฉลียของหน่วยงานทัวประเทศ ๘๙.๙๓ คะแนน",  # tones lost and one added
    "ทังนีค่าเฉลียระดับประเทศอยู่ที ๘๙.๙๓ คะแนน",
    "โดยมีคะแนนเพิมขึน ๘.๒๘ คะแนน",
])
def test_a_distractor_whose_words_ocr_lost_tone_marks_on_is_no_own_score(line):
    h = head("ข่าวประชาสัมพันธ์๑๒ตุลาคม๒๕๖๐", "อบต.นาไม้ไผ่ผ่านการประเมิน ITA ประจำปี๒๕๖๐",
             line, "ผลการประเมิน ITA ประจำปีงบประมาณ๒๕๖๐ อบต.นาไม้ไผ่ได้๖๖.๓๑ คะแนนถือว่าอยู่ในระดับ “สูง ”")
    assert h.report.overall_score == 66.31
    assert [f for f in h.flags if f.kind == "value_conflict"] == []


# ------------------------------------------------------------- letters OCR slips in every statement's words


_HEAD = ("ข่าวประชาสัมพันธ์", "ทต.หนองบัว ผ่านการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565",
         "เทศบาลตำบลหนองบัว อำเภอเมืองจันทบุรี จังหวัดจันทบุรี")


@pytest.mark.parametrize("line", [
    "เทศบาลตำบลหนองบัว ได้รับผลการประเมิน ITA ได้คะแนน 87.27 คะเเนน อยู่ในระดับ A",  # แ as two sara e
    "ผลการประเมิน ITA ทต.หนองบัวคว้าระดับ A ประจำปีงบประมาณ พ.ศ. 2565 โดยได้ผล 87.27 คะเเนน",
    "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระตับ A",  # ด read as ต
    "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระดบ A",  # its vowel lost
    "เทศบาลตำบลหนองบัวมีผลการประเมินอยู่ในระตับ A ด้วยคะเเนน 87.27 ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา",
])
def test_statements_whose_letters_ocr_slipped_are_read(line):
    h = head(*_HEAD, line)
    assert (h.report.overall_score, h.report.level) == (87.27, "A")
    assert weak(h) == []


def test_a_national_average_with_its_unit_slipped_stays_a_distractor():
    h = head(*_HEAD, "ทั้งนี้ ค่าเฉลี่ยระดับประเทศอยู่ที่ 88.10 คะเเนน",
             "เทศบาลตำบลหนองบัวผ่านการประเมิน ITA ด้วยคะเเนนเฉลี่ย 87.27 คะเเนน")
    assert h.report.overall_score == 87.27
    assert [f for f in h.flags if f.kind == "value_conflict"] == []


def test_a_national_average_wrapped_after_the_countrys_words_is_no_own_score():
    h = head(*_HEAD, "สรุปผลการประเมินภาพรวมระดับประเทศ", "โดยมีคะแนนเฉลี่ยภาพรวม 82.34 คะแนน",
             "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระดับ A")
    assert h.report.overall_score == 87.27
    assert [f for f in h.flags if f.kind == "value_conflict"] == []
    # the own result in a line that goes on after the country's words is still read
    h = head(*_HEAD, "เทศบาลตำบลหนองบัวผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย", "87.27 คะแนน ซึ่งอยู่ในระดับ A")
    assert h.report.overall_score == 87.27


def test_an_index_level_wrapped_with_the_r_of_radap_lost_is_read():
    h = head("ข่าวประชาสัมพันธ์", "ทต.วัง ผ่านการประเมิน ITA ประจำปีงบประมาณ 2561",
             "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของเทศบาลตำบลวัง ได้คะแนน 96.81 คะแนน อยู่ในระดับสูงมาก",
             "ซึ่งประกอบด้วยผลคะแนนจากดัชนีทั้ง5ดัชนีได้แก่",
             "a)ดัชนีวัฒนธรรมคุณธรรมในองค์กร ได้คะแนนเท่ากับร้อยละ 95.21 oglu", "ะดับสูงมาก")
    assert {(x.index_no, x.score, x.level) for x in h.index_scores} == {(4, 95.21, "สูงมาก")}


# ------------------------------------------------------------- ranks and lists of past years


@pytest.mark.parametrize("line, want", [
    ("' ด้ลำดับที๘,๐๘๙", {8089}),  # ได้ with its ไ lost, a speck before it
    ("ไดลำดับที๘,๐๘๙", {8089}),  # its tone lost
    ("กำหนดลำดับที่ 3 การเปิดเผยข้อมูล", set()),  # a word ending ด is no ได้
])
def test_a_rank_after_a_garbled_dai_is_read(line, want):
    h = head(*_HEAD, line, "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระดับ A")
    assert {r.rank for r in h.rank_rows} == want


def test_a_list_of_past_years_level_read_as_a_digit_is_the_scores_level():
    h = head("ข่าวประชาสัมพันธ์2 ธันวาคม2566", "กปน. ผ่านการประเมิน ITA ประจำปี2566", "การประปานครหลวง",
             "ผลค่ะแนน ITA ของการประปานครหลวงปีนี้ได้93.30 คะแนนผ่าน", "การประเมินในระดับ ผ่าน",
             "ซึ่งสูงกว่าค่าเฉลี่ยระดับประเทศ 90.80 คะแนน)", "โดยมีคะแนนเพิ่มขึ้น3.52 คะแนน",
             "ในปีนี้มีหน่วยงานภาครัฐเข้ารับการประเมินทั้งสิ้น 8,309 หน่วยงาน", "ผลการประเมิน ITA ย้อนหลังของหน่วยงาน",
             "ปี2563ได้86.23 คะแนนระดับ A", "ปี2564ได้93.07 คะแนนระดับ A", "ปี2565ได้90.89 คะแนนระดับ1")
    assert {(y.fiscal_year, y.overall_score, y.level) for y in h.year_results if y.quoted} == {
        (2563, 86.23, "A"), (2564, 93.07, "A"), (2565, 90.89, "A")}
    assert any("2565" in m for m in weak(h))  # the level taken from the score is questioned


# ------------------------------------------------------------- a scanned Word page's spaced letters, specks


def test_the_own_score_with_spaced_cue_words_wins_over_another_agencys_after_spaced_words():
    h = head("ประกาศ เทศบา ลเมืองบ้านบึง",
             "(ITA) ประจำปีงบประมาณ พ . ศ . 2567", "เทศบาลเมืองบ้านบึง อำเภอบ้านบึง จังหวัดชลบุรี",
             "ผลการปร ะเมิน ITA ของ เทศบ า ลเมืองบ้านบึง ค ะแนน 90.05 ระ ดับ ผ่านดี",
             "ทั้งนี้ในปี2566 ได้ 90.54 คะแนน",
             "รองลงม าคือ อ งค์การบริหารส่วนจังหวัดราชบุรี ได้ 77.24 คะแนน",
             "ผลการปร ะ เมินภาพรวมร ะดับประ เท ศอยู่ที่85.02 คะ แนนเพิ่มขึ้นจากปีก่อน 0.47 คะแนน")
    assert (h.report.overall_score, h.report.level) == (90.05, "ผ่านดี")
    assert [f for f in h.flags if f.kind == "value_conflict"] == []


@pytest.mark.parametrize("line, want", [
    ("ซึ่งอยู่ในระ au A", "A"),  # ระดับ cut, its end read as Latin letters, before a Latin label
    ("ผลการประเมิน ITA ทต.หนองบัวคว้าระดับ ภ ประจำปีงบประมาณ พ.ศ. 2565", "A"),  # A read as ภ
])
def test_a_level_whose_cue_or_label_ocr_garbled_is_read(line, want):
    h = head(*_HEAD, "เทศบาลตำบลหนองบัวผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย", "86.79 คะแนน", line)
    assert h.report.level == want


def test_a_quoted_level_read_as_a_sign_and_a_letter_before_its_score_is_the_scores():
    h = head(*_HEAD, "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระดับ A",
             "จากปีงบประมาณ พ .ศ. 2564ได้รับผลการประเมินอยู่ในระดับ /เ 90.69", "คะแนน)")
    assert {(y.fiscal_year, y.overall_score, y.level) for y in h.year_results if y.quoted} == {(2564, 90.69, "A")}


def test_a_score_and_its_unit_with_a_speck_cell_after_it_is_prose():
    h = head(*_HEAD, "เทศบาลตำบลหนองบัวผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย", "86.79 คะแนน\tน")
    assert h.report.overall_score == 86.79


def test_a_quoted_level_read_as_one_thai_letter_before_its_score_is_the_scores():
    h = head(*_HEAD, "ผลการประเมิน ITA ของเทศบาลตำบลหนองบัว คะแนน 87.27 ระดับ A",
             "จากปีงบประมาณ พ.ศ. ๒๕๖๔ได้รับผลการประเมินอยู่ในระดับ ก ๙๐.๖๙", "คะแนน)")
    assert {(y.fiscal_year, y.overall_score, y.level) for y in h.year_results if y.quoted} == {(2564, 90.69, "A")}
    assert any("2564" in m for m in weak(h))
