"""What OCR does to announcements of ITA results on scans, and what the pipeline makes of
it: a misread district or agency name resolved against the gazetteer (or flagged), a level
label cut or garbled (never silently a shorter label), ranks and quoted years whose cue
words OCR broke. The lines are written for these tests after OCR output of generated scans
(Tesseract tha+eng at 200 and 300 dpi) and the wording of real announcements; the place
names are real (DOPA gazetteer, vendored from geothai).
"""

from __future__ import annotations

import pytest

from normalizers import gazetteer
from pipeline.extract.headline import extract_headlines
from pipeline.segment import Document, Line


def doc(*lines: str, doc_type: str = "score_announcement") -> Document:
    return Document(0, doc_type, tuple(Line(1, t) for t in lines))


def head(*lines: str):
    (h,) = extract_headlines("f" * 64, [doc(*lines)])
    return h


def kinds(h) -> set[str]:
    return {f.kind for f in h.flags}


# ------------------------------------------------------------- districts


@pytest.mark.parametrize("written, province, official, how", [
    ("สติก", "บุรีรัมย์", "สตึก", "variant"),  # an upper vowel read as another
    ("แมริม", "เชียงใหม่", "แม่ริม", "variant"),  # a tone mark lost
    ("กันทรุลักษ์", "ศรีสะเกษ", "กันทรลักษ์", "variant"),  # a speck read as a lower vowel
    ("ร์ตภูมิ", "สงขลา", "รัตภูมิ", "variant"),  # mai han-akat read as thanthakhat
    ("หนองหทาน", "อุดรธานี", "หนองหาน", "slip"),  # a letter added
    ("รัตภูมิ", "สงขลา", "รัตภูมิ", "exact"),
    ("เมือง", "ยะลา", "เมือง", "exact"),  # อำเภอเมือง, as people write it
])
def test_a_misread_district_reads_as_the_district_of_that_province(written, province, official, how):
    got = gazetteer.read_district(written, province)
    assert (got.name, got.how) == (official, how)


@pytest.mark.parametrize("written, province", [
    ("หนอง", "อุดรธานี"),  # cut: หนองหาน, หนองวัวซอ, หนองแสง — which one cannot be told
    ("ไม่มีจริง", "ยะลา"),  # exists nowhere
    ("สตึก", "ยะลา"),  # a real district, of another province
])
def test_a_district_that_fits_no_single_district_of_the_province_is_unknown(written, province):
    assert gazetteer.read_district(written, province) == gazetteer.DistrictReading(None, "unknown")


def test_a_district_cut_short_reads_as_the_only_district_it_starts():
    # จังหวัดสงขลา has one district starting รัตภู (รัตภูมิ)
    assert gazetteer.read_district("รัตภู", "สงขลา") == gazetteer.DistrictReading("รัตภูมิ", "cut")


def test_the_report_stores_the_gazetteer_spelling_of_a_misread_district():
    h = head("ประกาศองค์การบริหารส่วนตำบลโป่งแยง",
             "องค์การบริหารส่วนตำบลโป่งแยง อำเภอแมริม จังหวัดเชียงใหม่",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564 ได้ 78.65 คะแนน")
    assert h.report.district == "แม่ริม"
    assert "unknown_place" not in kinds(h)


def test_a_district_that_exists_nowhere_in_the_province_is_flagged():
    h = head("ประกาศกรมพัฒนาที่ดิน อำเภอหนอง จังหวัดอุดรธานี",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2564 ได้ 78.65 คะแนน")
    assert "unknown_place" in kinds(h)


# ------------------------------------------------------------- agencies named after their district


@pytest.mark.parametrize("written", ["โรงพยาบาลพ่ยุหะคีรี", "โรงพยาบาลพยุหะคคีรี"])
def test_a_hospital_named_after_its_district_is_spelled_as_the_district(written):
    h = head(f"ประกาศ{written}",
             f"{written} อำเภอพยุหะคีรี จังหวัดนครสวรรค์",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568 ด้วยคะแนน 78.40 คะแนน")
    assert h.report.agency_name == "โรงพยาบาลพยุหะคีรี"


def test_a_hospital_not_named_after_its_district_keeps_its_name():
    h = head("ประกาศโรงพยาบาลสมเด็จพระยุพราชสว่างแดนดิน",
             "โรงพยาบาลสมเด็จพระยุพราชสว่างแดนดิน อำเภอสว่างแดนดิน จังหวัดสกลนคร",
             "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568 ด้วยคะแนน 78.40 คะแนน")
    assert h.report.agency_name == "โรงพยาบาลสมเด็จพระยุพราชสว่างแดนดิน"
