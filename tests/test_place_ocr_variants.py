"""Place names as Tesseract misreads them on other engines' scans (issues 17 and 18): sara am
read as sara aa or its tone mark lost (น้ำ → น้า, นำ), ม read as น, จังหวัด glued to the
district before it with its first letters doubled. Real names from the gazetteer."""

from __future__ import annotations

from normalizers import gazetteer, places
from normalizers.agencies import check_place, find_agencies
from pipeline.extract.headline import _place, choose_agencies
from pipeline.segment import Document, Line


def _doc(*lines: str) -> Document:
    return Document(0, "score_report_memo", tuple(Line(1, t) for t in lines))


def test_a_short_name_misread_by_the_commonest_slips_resolves_to_the_only_such_place():
    # ต.น้ำอ้อม (four of them: กันทรลักษ์, ยโสธร's ค้อวัง, กระนวน, เกษตรวิสัย), no district
    # or province stated: each OCR reading is that name, and says it was corrected
    for ocr in ("น้าอ้อม", "นำอ้อม", "น้าอ้อน", "นำอ้อน"):
        place = gazetteer.resolve_place(ocr)
        assert place is not None and (place.name, place.corrected) == ("น้ำอ้อม", True), ocr
    # ต.เมยวดี (อ.เมยวดี, ร้อยเอ็ด) with ม read as น
    assert gazetteer.resolve_place("เนยวดี").name == "เมยวดี"
    # a look-alike outside the commonest slips (ด read as ต) does not correct a name this
    # short without a district or province: ลำดวน is a real name, ลำตวน stays unknown
    assert gazetteer.resolve_place("ลำดวน") is not None
    assert gazetteer.resolve_place("ลำตวน") is None
    # nor does a slip of a name too short to be told apart (นา, ดอน: one of hundreds)
    assert gazetteer.resolve_place("นน") is None


def test_a_municipality_whose_place_starts_like_prose_is_found_when_the_place_exists():
    # นำ begins prose after ตำบล ("ตำบลนำเสนอ"): kept only where the gazetteer has the place
    for text in ("ส่วนราชการ กองยุทธศาสตร์และงบประมาณเทศบาลตำบลนำอ้อม",
                 "ได้ประกาศผลการประเมินแล้ว เทศบาลตำบลนำอ้อน ได้รับผลการประเมิน ITA 86.81 คะแนน"):
        found = find_agencies(text)
        assert [a.type for a in found] == ["TAMBON_MUNICIPALITY"], text
        assert check_place(found[0], None, None).agency.name == "เทศบาลตำบลน้ำอ้อม"
    assert find_agencies("องค์การบริหารส่วนตำบลนำเสนอผลการประเมิน") == []


def test_ocr_spellings_of_one_place_are_one_agency_flagged_as_variants():
    d = _doc("บันทึกข้อความ", "ส่วนราชการ กองยุทธศาสตร์และงบประมาณเทศบาลตำบลนำอ้อม",
             "เรียน นายกเทศมนตรีตำบลน้าอ้อน",
             "บัดนี้ สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินแล้ว เทศบาลตำบลน้าอ้อน ได้รับผลการประเมิน ITA 86.81 คะแนน")
    choice = choose_agencies([d])[0]
    assert choice.others == ()  # นำอ้อม and น้าอ้อน: two readings of one name, no other agency
    assert set(choice.variants) == {"เทศบาลตำบลนำอ้อม", "เทศบาลตำบลน้าอ้อน"}


def test_a_province_word_glued_to_the_district_and_garbled_is_cut_off():
    cases = [
        ("องค์การบริหารส่วนตำบลเมืองปัก อำเภอปักธงชัยจัจ:งหวัดนครราชสีมา", "ปักธงชัย", "นครราชสีมา"),
        ("เทศบาลนครราษีไศล อำเภอราษีไศลจัจ:งหวัดศรีสะเกษ", "ราษีไศล", "ศรีสะเกษ"),
        ("องค์การบริหารส่วนตำบล อำเภอพยัคฆภูมิพิสัยจจั:งหวัดมหาสารคาม", "พยัคฆภูมิพิสัย", "มหาสารคาม"),
        ("อำเภอประโคนชัย จัจั:งหวัดบุรีรัมย์", "ประโคนชัย", "บุรีรัมย์"),
        ("อำเภอเสนาจังหวัดพระนครศรีอยุธยา", "เสนา", "พระนครศรีอยุธยา"),  # unharmed
    ]
    for text, district, province in cases:
        assert places.find_district(text) == district, text
        assert places.find_province(text).name == province, text
    # through the headline: the district's sara am misread too (โป่งน้ำร้อน, จันทบุรี)
    d = _doc("องค์การบริหารส่วนตำบลเทพนิมิต อำเภอโป่งน้าร้อนจัจ:งหวัดจันทบรี")
    district, province = _place(d, [d])
    assert (gazetteer.read_district(district, province.name).name, province.name) == ("โป่งน้ำร้อน", "จันทบุรี")


def test_a_section_name_glued_after_a_hospitals_name_is_no_part_of_it():
    # a memo's ส่วนราชการ line with the space before its section lost (a 200-dpi Word scan)
    found = find_agencies("ส่วนราชการ โรงพยาบาลน้าพองกลุ่มงานบริหารทั่วไป โทร. ๐-๕๔๙๕-๖๓๙๙")
    assert [(a.type, a.name) for a in found] == [("HOSPITAL", "โรงพยาบาลน้าพอง")]
    # and named after its district (อ.น้ำพอง, ขอนแก่น), it takes the district's spelling
    from pipeline.extract.headline import _named_after_district

    assert _named_after_district(found[0], "น้ำพอง", "ขอนแก่น").name == "โรงพยาบาลน้ำพอง"
