"""Headline fields of scanned Word documents: OCR's spaces inside Thai words (distributed
justification), and a memo's number and date whose bold code or month OCR garbled.
The texts are written here as Tesseract reads such pages; the names are made up."""

from __future__ import annotations

from datetime import date

import pytest

from normalizers import dates, doc_numbers
from pipeline.extract.headline import extract_headlines
from pipeline.segment import ANNOUNCEMENT, MEMO, Document, Line

FILE = "e" * 64


def _one(doc_type: str, *lines: str):
    (h,) = extract_headlines(FILE, [Document(0, doc_type, tuple(Line(1, t) for t in lines))])
    return h


SPACED = (
    "องค์ การบริหารส่ วนตำบลโนนพะยอมท อง",
    "ประกาศอง ค์การบริหารส่วนตำบลโนนพะยอมทอง",
    "เรื่อง ผล การปร ะเมินคุณ ธรรมและความโปร่งใสในการ ดำ เนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี๒๕๖๗",
    "องค์การบริ หาร ส่วนตำบลโนนพะยอมทอง อำ เภอสีคิ้ว จัง หวัดนครราชสีมา",
    "ได้รับผลการประเมิน ITA ด้ว ยคะแนน ๙๗.๒๖ คะแนน",
    "อันดับ ๑ ของจังหวัด ได้แก่ องค์การบริหารส่วนตำบลหัวสะพาน ได้ ๙๘.๒๘ คะแนน",
    "(นายสมชาย ใจดี)",
    "นายกอ งค์การ บริหาร ส่วนตำ บลโนนพะยอมทอง",
)


def test_an_agency_spelled_with_ocr_spaces_is_the_agency_not_the_one_named_once():
    h = _one(ANNOUNCEMENT, *SPACED)
    assert h.report.agency_name == "องค์การบริหารส่วนตำบลโนนพะยอมทอง"
    assert h.report.agency_type == "SAO"
    assert "องค์การบริหารส่วนตำบลหัวสะพาน" in h.agency.others


def test_district_and_province_with_ocr_spaces():
    h = _one(ANNOUNCEMENT, *SPACED)
    assert (h.report.district, h.report.province) == ("สีคิ้ว", "นครราชสีมา")


def test_a_place_name_cut_by_an_ocr_space_is_read_whole_only_where_the_file_writes_it_whole():
    # "…หนอ งน้าใส" is the start of หนองน้าใส, written whole (its label spaced) below; the
    # word after a spaced name ("ง านนิติการ") is not part of it. (The gazetteer's
    # spelling หนองน้ำใส puts back the sara am OCR read as sara aa.)
    h = _one(MEMO,
             "ส่ว นราชการ อ งค์การบริหารส่วนตำบลหนอ งน้าใส ง านนิติการ สำนักปลัด",
             "เรียน นายก อ งค์การบริหารส่วนตำบลหนองน้าใส",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๔ ได้ ๙๑.๒๐ คะแนน")
    assert h.report.agency_name == "องค์การบริหารส่วนตำบลหนองน้ำใส"


def test_a_squeezed_phone_label_is_no_department():
    # "สำนักงานเลขานุการกรม โทร." squeezed reads กรมโทร: a type label never stands spaced
    h = _one(MEMO,
             "ส่วนราชการ สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน สำนักงานเลขานุการกรม โทร. 0-7554-2356",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 ได้ 91.20 คะแนน")
    assert not any("โทร" in name for name in h.agency.others)


MEMO_HEAD = "ส่วนราชการ กองคลัง องค์การบริหารส่วนตำบลโนนพะยอมทอง อำเภอสีคิ้ว จังหวัดนครราชสีมา"


def _memo(number_line: str, head: str = MEMO_HEAD):
    return _one(MEMO, "บันทึกข้อความ", head, number_line,
                "เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๔")


def _doubts(h) -> list[str]:
    return [f.message for f in h.flags if f.kind == "weak_evidence" and f.severity == "warning"]


@pytest.mark.parametrize("line, number", [
    # the bold code read as Latin letters: a local administration writes its province's code
    ("NUN ๘๙๘๒๙/๒๗\tวันที่ ๘ ธันวาคม ๒๕๖๔", "นม ๘๙๘๒๙/๒๗"),
    ("i wa 85005 409\tวันที่ 7 กันยายน 2564", "นม 85005/409"),
    # one letter of the code misread into another province's code (นบ is นนทบุรี's): kept as
    # read, and questioned, since a local administration writes its own province's code
    ("ที่ นบ ๘๘๑๖๙/๔๔๑\tวันที่ ๒๙ ตุลาคม ๒๕๖๔", "นบ ๘๘๑๖๙/๔๔๑"),
    ("ที่ ทม ๘๘๑๖๙/๔๔๑\tวันที่ ๒๙ ตุลาคม ๒๕๖๔", "นม ๘๘๑๖๙/๔๔๑"),
])
def test_a_local_memo_number_whose_code_ocr_misread_takes_the_province_code_with_a_flag(line, number):
    h = _memo(line)
    assert h.report.doc_number == number
    assert any("code" in m for m in _doubts(h))


def test_a_national_agency_memo_with_a_latin_code_has_no_number():
    # a ministry or department writes its own code, not a province's: nothing to infer
    h = _memo("NAY ๘๙๘๒๕/๗๙๒\tวันที่ ๒๗ พฤศจิกายน ๒๕๖๗",
              "ส่วนราชการ กรมการปกครอง สำนักงานเลขานุการกรม จังหวัดสงขลา")
    assert h.report.doc_number is None
    assert h.report.doc_date == date(2024, 11, 27)


def test_a_code_with_a_stray_mark_is_taken_only_where_its_letters_are_a_province_code():
    assert _memo("ทีชูบ๗๙๖๙๒/๑๕๑\tวันที่ ๑ กันยายน๒๕๖๕").report.doc_number == "ชบ ๗๙๖๙๒/๑๕๑"
    assert _memo("ทีชูป๗๙๖๙๒/๑๕๑\tวันที่ ๑ กันยายน๒๕๖๕").report.doc_number is None


@pytest.mark.parametrize("line, day", [
    ("NUN ๘๙๘๒๙/๒๗\tวันที่ ๘ จั้นวาคม๒๕๖๔", date(2021, 12, 8)),
    ("ที่ นม ๗๑๑๘๔/๔๘๑\tวนท ๑๑ ธินวาคม ๒๕๖๘", date(2025, 12, 11)),
])
def test_a_memo_date_whose_month_ocr_garbled_is_read_with_a_flag(line, day):
    h = _memo(line)
    assert h.report.doc_date == day
    assert any("month" in m for m in _doubts(h))


def test_a_memo_date_whose_month_is_unreadable_stays_empty():
    assert _memo("ที่ นม ๗๑๑๘๔/๔๘๑\tวันที่๑ HUNAN ๒๕๖๖").report.doc_date is None


@pytest.mark.parametrize("word, month", [
    ("จั้นวาคม", 12), ("ธินวาคม", 12), ("กนยายน", 9), ("ตุลาคน", 10), ("พฤศจิกายน", 11),
    ("คะแนน", None), ("ประจำปี", None), ("HUNAN", None),
])
def test_garbled_month(word, month):
    assert dates.garbled_month(word) == month


def test_province_codes():
    assert doc_numbers.province_code("นครราชสีมา") == "นม"
    assert doc_numbers.code_of_province("ศร", "สุรินทร์") == "สร"
    assert doc_numbers.code_of_province("กษ", "สุรินทร์") is None  # two letters off
    assert doc_numbers.code_of_province("ชม", "สุรินทร์") is None  # another province's code
    # one letter more: a bold letter's ink read twice ("ที่ชขย๗๕๘๘๔/๒๕", a Calc scan)
    assert doc_numbers.code_of_province("ชขย", "ชัยภูมิ") == "ชย"
    assert doc_numbers.code_of_province("ชขข", "ชัยภูมิ") is None  # not ชย with one letter added
    assert doc_numbers.code_of_province("ชขย", "สุรินทร์") is None


def test_a_fiscal_year_phrase_with_ocr_spaces():
    h = _memo("ที่ นม ๘๘๑๖๙/๔๔๑\tวันที่ ๒๙ ตุลาคม ๒๕๖๔")
    assert h.report.fiscal_year == 2564  # the subject line is clean
    h = _one(MEMO, "บันทึกข้อความ", MEMO_HEAD, "เรื่อง ร า ยงานผลการปร ะ เมิน ITA ป ระจำปี พ . ศ . ๒๕๖๓")
    assert h.report.fiscal_year == 2563


@pytest.mark.parametrize("text, district, province", [
    # อำเภอ with a nikhahit before its sara am, or sara aa; จังหวัด without its marks
    ("องค์การบริหารส่วนตำบลโนนพะยอมทอง ออํำเภอร่อนพิบูลย์ จังหวัด", "ร่อนพิบูลย์", None),
    ("เทศบาลตาบลโนนพะยอม อาเภอบนนงสตา จงหวดยะลา", "บนนงสตา", "ยะลา"),
    ("เทศบาลเมืองโนนพะยอม อำเกอสอยดาว จังหวัดจันทบุรี", "สอยดาว", "จันทบุรี"),
])
def test_place_words_as_ocr_garbles_them(text, district, province):
    from normalizers import places

    found = places.find_province(text)
    assert places.find_district(text) == district and (found.name if found else None) == province


def test_a_garbled_district_is_read_as_the_gazetteer_spells_it():
    h = _one(ANNOUNCEMENT, "ประกาศเทศบาลตำบลโนนพะยอม", "เทศบาลตาบลโนนพะยอม อาเภอบนนงสตา จงหวดยะลา",
             "ผลคะแนน ITA ของเทศบาลตำบลโนนพะยอม ประจำปี พ.ศ. ๒๕๖๔ ได้๙๒.๘๔ คะแนน")
    assert (h.report.district, h.report.province) == ("บันนังสตา", "ยะลา")


@pytest.mark.parametrize("line, number, day", [
    # the running number glued to วันที่: whole, not cut to the office's number
    ("i นม๘๘๑๖๙/๔๔๑วันที่ ๒๙ตุลาคม๒๕๖๔", "นม ๘๘๑๖๙/๔๔๑", date(2021, 10, 29)),
    # a comma OCR put among the office's digits, the code as Latin letters
    ("Had ๘๙,๓๕๕/๘๔๖วันที่๑๒ ตุลาคม๒๕๖๔", "นม ๘๙๓๕๕/๘๔๖", date(2021, 10, 12)),
])
def test_memo_numbers_as_ocr_joins_them(line, number, day):
    h = _memo(line)
    assert (h.report.doc_number, h.report.doc_date) == (number, day)


def test_a_memo_number_on_the_line_ocr_joined_it_to():
    h = _one(MEMO, "บันทึกข้อความ",
             MEMO_HEAD + " โทร. ๐ ๔๓๒๗-๖๙๓๔ NUN ๘๘๑๖๙/๔๔๑ TUN ๒๙ ตุลาคม ๒๕๖๔",
             "เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๔")
    assert (h.report.doc_number, h.report.doc_date) == ("นม ๘๘๑๖๙/๔๔๑", date(2021, 10, 29))
    assert any("code" in m for m in _doubts(h))


def test_the_fiscal_year_of_a_running_header_where_the_title_year_is_garbled():
    h = _one("o42_analysis_measures", "การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๖",
             "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการ",
             "ดำเนินงานของหน่วยงานภาครัฐ (ITA)", "ประจำปีงบประมาณ พ.ศ. ado", "การประปานครหลวง",
             "ตัวชี้วัดที่ ๑\tเผยแพร่ข้อมูล\tปีงบประมาณ พ.ศ. ๒๕๖๗")  # a measure's period: the next year
    assert (h.report.fiscal_year, [e.rule for e in h.evidence if e.field == "fiscal_year"]) == (2566, ["ita_year_head"])


def test_a_province_word_with_a_digit_for_its_mark():
    from normalizers import places

    assert places.find_province("อำเภอประโคนชัย จ4งหวัดบุรีรัมย์").name == "บุรีรัมย์"


def test_a_list_number_read_as_the_district_abbreviation_is_no_district():
    from normalizers import places

    assert places.find_district("อ. การใช้อำนาจ\tได้รับคะแนน ๘๓.๑๗\tคะแนน") is None  # "๓." misread
    assert places.find_district("ต.ดอน อ.แจ้ห่ม จ.ลำปาง") == "แจ้ห่ม"


@pytest.mark.parametrize("subject", ["เรื่อง รายงานผลการประเมิน ITA ประจำปีพ91. ๒๕๖๕",
                                     "ดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ11. 2565"])
def test_a_fiscal_year_after_a_garbled_era(subject):
    h = _one(MEMO, "บันทึกข้อความ", "ส่วนราชการ สำนักงานผู้ตรวจการแผ่นดิน", subject,
             "ตามที่ได้ดำเนินการในปีงบประมาณ พ.ศ. ๒๕๖๖")  # a later year, in the body
    assert h.report.fiscal_year == 2565


def test_a_province_in_another_agencys_name_is_not_the_documents():
    h = _one(ANNOUNCEMENT, "สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) ผ่านการประเมิน ITA ประจำปี ๒๕๖๖",
             "ได้คะแนน ๘๘.๒๐ คะแนน",
             "ส่วนหน่วยงานที่ได้คะแนนสูงสุดในกลุ่มได้แก่ องค์การบริหารส่วนจังหวัดนครสวรรค์ได้90.96 คะแนน")
    assert h.report.province is None
    pao = _one(ANNOUNCEMENT, "องค์การบริหารส่วนจังหวัดนครสวรรค์ ผ่านการประเมิน ITA ประจำปี ๒๕๖๖ ได้ ๙๐.๙๖ คะแนน")
    assert pao.report.province == "นครสวรรค์"  # its own name states it


def test_a_province_past_reading_is_the_one_its_district_lies_in():
    h = _one(ANNOUNCEMENT, "ประกาศองค์การบริหารส่วนตำบลโนนพะยอม",
             "องค์การบริหารส่วนตำบลโนนพะยอม อำเภอประโคนชัย จัจั:งหวัดบุรีรัมย์",
             "ผลการประเมิน ITA ประจำปี ๒๕๖๕ ได้ ๙๐.๑๐ คะแนน")
    assert (h.report.district, h.report.province) == ("ประโคนชัย", "บุรีรัมย์")
    h = _one(ANNOUNCEMENT, "ประกาศองค์การบริหารส่วนตำบลโนนพะยอม", "อำเภอเฉลิมพระเกียรติ จัจั:งหวัด",
             "ผลการประเมิน ITA ประจำปี ๒๕๖๕ ได้ ๙๐.๑๐ คะแนน")
    assert h.report.province is None  # a district name of several provinces
    h = _one(ANNOUNCEMENT, "ข่าวองค์การบริหารส่วนตำบลโนนพะยอม อำเภอประโคนชัย",
             "ผลการประเมิน ITA ประจำปี ๒๕๖๕ ได้ ๙๐.๑๐ คะแนน")
    assert h.report.province is None  # the document states no province


def test_a_memo_number_whose_slash_ocr_lost_or_whose_digit_it_misread():
    assert _memo("ที่ นม 77446 722\tวันที่ 5 กันยายน 2564").report.doc_number == "นม 77446/722"
    h = _memo("ที่ นม ๘๔๗๗๖9/๘๗\tวันที่ ๕ กันยายน ๒๕๖๔")
    assert h.report.doc_number == "นม ๘๔๗๗๖9/๘๗"  # as read, and questioned
    assert any("digits" in m for m in _doubts(h))
