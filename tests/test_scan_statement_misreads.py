"""Statements of a result as OCR misreads them on scans and photos (issue 18): ได้ with its
tone mark lost, a year split by a space or with the vowel of ปี lost, ระดับ cut, an
unreadable label far from its score or cut at a line's end, a year-table row whose year
cell OCR cut to two digits, an agency's place misread in one of its spellings. The lines
are written for these tests after Tesseract's output on generated scans and the wording of
real announcements; none is a copy of a generated file.
"""

from __future__ import annotations

import pytest

from pipeline.extract.headline import extract_headlines
from pipeline.segment import Document, Line


def head(*lines: str, doc_type: str = "score_announcement"):
    (h,) = extract_headlines("f" * 64, [Document(0, doc_type, tuple(Line(1, t) for t in lines))])
    return h


def quoted(h) -> set[tuple]:
    return {(y.fiscal_year, y.overall_score, y.level) for y in h.year_results if y.quoted}


def kinds(h) -> set[str]:
    return {f.kind for f in h.flags}


_OWN_2564 = "เทศบาลตำบลหนองบัวได้รับคะแนนประเมิน (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๔ ได้ ๘๘.๑๐ คะแนน"


# ------------------------------------------------------------- quoted years


@pytest.mark.parametrize("line", [
    "เมื่อเทียบกับปี๒๕๖๓ที่ได๗๖.๔๐คะแนน",      # ได้ with its tone mark lost, glued to the score
    "เมื่อเทียบกับปี 25 63 ที่ได 76.40 คะแนน",  # and the year split by a space
    "ทั้งนี้ในป๒๕๖๓ได้๗๖.๔๐คะแนน",              # the vowel of ปี lost, the year glued to it
])
def test_a_quoted_year_ocr_misread_in_its_words_is_still_read(line):
    h = head(_OWN_2564, "โดยมีผู้ตอบแบบสอบถามจำนวน ๙๐ คน", line)
    assert h.report.overall_score == 88.1
    assert (2563, 76.4, None) in quoted(h)


def test_a_year_with_a_digit_lost_beside_its_split_quotes_nothing():
    h = head(_OWN_2564, "โดยมีผู้ตอบแบบสอบถามจำนวน ๙๐ คน", "เมื่อเทียบกับปี 25 6 ที่ได 76.40 คะแนน")  # ๒๕๖๓ with a digit lost
    assert h.report.overall_score == 88.1
    assert not any(y == 2563 for y, _, _ in quoted(h))


def test_a_past_years_row_whose_year_cell_is_cut_to_two_digits_takes_the_year_between_its_neighbours():
    table = ("ปีงบประมาณ\tคะแนน\tระดับ", "2562\t70.15\t-")
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๕"), *table, "63\t71.30\t6", "2564\t72.45\tC")
    assert (2563, 71.3, "C") in quoted(h)  # 6 read as C: 71.30 lies in C's band of 2563
    # the two digits are not the year between: nothing read for the row
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๕"), *table, "68\t71.30\tC", "2564\t72.45\tC")
    assert not any(y == 2563 for y, _, _ in quoted(h))
    # no row after it to bear it out: nothing guessed
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๕"), *table, "63\t71.30\tC")
    assert not any(y == 2563 for y, _, _ in quoted(h))


# ------------------------------------------------------------- levels


@pytest.mark.parametrize("cut", ["ระดั บ8", "ระดั 8"])
def test_radap_broken_by_ocr_before_a_look_alike_letter_is_read(cut):
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๕"), f"ปี2564ได้80.58 คะแนน {cut}\tเม")
    assert (2564, 80.58, "B") in quoted(h)  # 2564: B is 75.00-84.99


def test_radap_with_its_first_letter_lost_at_a_line_start_after_its_score_is_read():
    h = head("ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลหนองบัว ประจำปี พ.ศ. ๒๕๖๖ คะแนน๘๗.๒๐", "ะดับ ผ่าน")
    assert (h.report.overall_score, h.report.level) == (87.2, "ผ่าน")


def test_a_mark_ocr_put_after_radap_does_not_hide_the_label():
    h = head("โดยภาพรวมสำนักงานหนองบัวได้คะแนนเท่ากับร้อยละ 91.20 ประจำปี พ.ศ. 2560",
             "ถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับู “สูงมาก ”")
    assert h.report.level == "สูงมาก"


_PRE_2562 = ("ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใส ประจำปี พ.ศ. ๒๕๖๐ แล้วนั้น",
             "โดยภาพรวมองค์การบริหารส่วนตำบลหนองบัวได้คะแนนเท่ากับร้อยละ")
_FAR = "ถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ"  # 43 letters between score and label


def test_an_unreadable_label_in_closed_quotes_far_from_its_score_is_the_scores_level_flagged():
    h = head(*_PRE_2562, f"๖๘.๔๐{_FAR} “Ua”")
    assert (h.report.overall_score, h.report.level) == (68.4, "สูง")  # 2560: สูง is 60-79.99
    assert "weak_evidence" in kinds(h)
    h = head(*_PRE_2562, f"{_FAR} “Ua”")  # no score beside it: no level
    assert h.report.level is None


def test_a_label_cut_at_its_lines_end_before_latin_letters_is_told_by_its_score():
    h = head(*_PRE_2562, f"๙๕.๓๐{_FAR} “สูง", "NIA”,")  # สูงมาก, its มาก read as Latin letters
    assert h.report.level == "สูงมาก" and "weak_evidence" in kinds(h)
    h = head(*_PRE_2562, f"๗๐.๑๐{_FAR} “สูง", "NIA”,")  # the score's level is the label read
    assert h.report.level == "สูง"
    # a label that ends its line before Thai words is the label printed, not changed by its score
    h = head(*_PRE_2562, f"๙๕.๓๐{_FAR} “สูง”", "ในปีนี้มีหน่วยงานเข้ารับการประเมิน")
    assert h.report.level == "สูง"


# ------------------------------------------------------------- agency


def test_a_local_administrations_spelling_whose_place_exists_nowhere_gives_way_to_one_that_exists():
    h = head("ข่าวประชาสัมพันธ์ 22 พฤศจิกายน 2563",
             "อบจ .ลำปาง ผ่านการประเมิน ITA ประจำปี พ.ศ. 2563",  # (OCR's space in its abbreviation)
             "องค์การบริหารส่วนจังหวัดลำปฎง",  # ป read as ฎ: no province, no place so named
             "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใส",
             "ประจำปี พ.ศ. 2563 แล้วนั้นองค์การบริหารส่วนจังหวัดลำปางทำคะแนนได้ 88.12 คะแนนในการประเมิน (ITA)",
             "นายกองค์การบริหารส่วนจังหวัดลำปาง")
    assert h.report.agency_name == "องค์การบริหารส่วนจังหวัดลำปาง"


def test_a_quoted_year_whose_pi_ocr_gave_a_tone_mark_is_that_years_not_the_own():
    h = head(_OWN_2564, "โดยมีผู้ตอบแบบสอบถามจำนวน ๙๐ คน", "เมื่อเทียบกับปี่2563ที่ได้76.40 คะแนน")
    assert h.report.overall_score == 88.1 and (2563, 76.4, None) in quoted(h)
    assert "value_conflict" not in kinds(h)


def test_a_level_after_pramoen_with_a_speck_tone_is_read():
    h = head("องค์การบริหารส่วนตำบลหนองบัวทำคะแนนได้ 89.20 คะแนนในการประเมิน (ITA) ประจำปี พ.ศ. 2567",
             "และได้รับผลการประเมิ่นระดับ ผ่าน")
    assert h.report.level == "ผ่าน"


@pytest.mark.parametrize("row, want", [
    ("2565 ice\t71.54\tC", (2565, 71.54, "C")),  # specks beside the year
    ("2565\t71.54\tC ว", (2565, 71.54, "C")),    # a speck beside a Latin level
    ("2565\t71.54\tเซ", (2565, 71.54, "C")),     # C read as Thai letters: the score's level (2565: C is 65-74.99)
])
def test_a_past_years_row_with_specks_is_read(row, want):
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๗"), "ปีงบประมาณ\tคะแนน\tระดับ", "2564\t70.36\tC", row)
    assert want in quoted(h)


def test_thai_letters_in_a_latin_level_cell_give_no_level_where_the_score_gives_two():
    # 2567+: ผ่าน and ผ่านดี share a range, a Thai cell is read only as the label it spells
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๘"), "ปีงบประมาณ\tคะแนน\tระดับ", "2566\t78.23\tC", "2567\t90.10\tเซ")
    assert (2567, 90.1, None) in quoted(h)


@pytest.mark.parametrize("read", [
    "สำนักงานปลัดกระทรวงการอุดมศึกษาวิวิทยาศาสตร์",  # spaces lost, a syllable doubled, cut at a later space
    "สำนักงานปลัดกระทรวงการอุด้มศึกษาววิทยาศาสตร์วิจัยและนวัตกรรม",  # a mark added, a vowel lost
])
def test_a_listed_name_with_spaces_read_with_its_spaces_lost_and_slips_is_that_name(read):
    from normalizers import agencies

    (found, *_) = agencies.find_named(read)
    assert agencies.canonical_name(found).name == "สำนักงานปลัดกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม"


def test_a_name_that_only_shares_a_listed_spaced_names_first_word_is_not_that_name():
    from normalizers import agencies

    (found, *_) = agencies.find_named("สำนักงานปลัดกระทรวงการอุดมศึกษาเอกชนภาคเหนือ")
    assert agencies.canonical_name(found).name == "สำนักงานปลัดกระทรวงการอุดมศึกษาเอกชนภาคเหนือ"



def test_radap_after_a_score_unit_with_a_speck_tone_or_with_its_vowel_misread_is_read():
    h = head(_OWN_2564.replace("๒๕๖๔", "๒๕๖๓"), "ปี๒๕๖๑ได้๖๗.๔๕ค่ะแนนระดับสูง")
    assert (2561, 67.45, "สูง") in quoted(h)
    h = head("ผลคะแนน ITA ของเทศบาลตำบลหนองบัว ประจำปีงบประมาณ 2565 ปีนี้ได้89.56 คะแนนผ่าน", "การประเมินในระดู้บ A")
    assert h.report.level == "A"
