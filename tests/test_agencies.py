"""normalizers.agencies: agency names and types, districts, provinces."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import pytest

from normalizers.agencies import Agency, find_agencies, parse_agency
from normalizers.places import Province, canonical_province, find_district, find_province

TYPES = {"SAO", "TAMBON_MUNICIPALITY", "TOWN_MUNICIPALITY", "CITY_MUNICIPALITY", "PAO"}


def test_type_table_is_data() -> None:
    path = Path(__file__).parents[1] / "normalizers" / "data" / "agency_types.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {entry["type"] for entry in data["types"]} == TYPES


@pytest.mark.parametrize(
    ("text", "name", "agency_type", "base", "raw"),
    [
        # lines from real memos
        (
            "ส่วนราชการ องค์การบริหารส่วนตำบลคอน สำนักปลัด โทร.๐-๗๓๕๖-๖๑๓๔",
            "องค์การบริหารส่วนตำบลคอน",
            "SAO",
            "คอน",
            "องค์การบริหารส่วนตำบลคอน",
        ),
        (
            "นายกองค์การบริหารส่วนตำบลดอน",
            "องค์การบริหารส่วนตำบลดอน",
            "SAO",
            "ดอน",
            "องค์การบริหารส่วนตำบลดอน",
        ),
        (
            "องค์การบริหารส่วนตำบลวังซ้าย  อำเภอวังเหนือ จังหวัดลำปาง",
            "องค์การบริหารส่วนตำบลวังซ้าย",
            "SAO",
            "วังซ้าย",
            "องค์การบริหารส่วนตำบลวังซ้าย",
        ),
        # the common garble องค์กร… for องค์การ…
        (
            "หัวหน้าสำนักปลัดองค์กรบริหารส่วนตำบลโพนทอง",
            "องค์การบริหารส่วนตำบลโพนทอง",
            "SAO",
            "โพนทอง",
            "องค์กรบริหารส่วนตำบลโพนทอง",
        ),
        ("เว็บไซต์ อบต.ทุ่งฮั้ว แต่", "องค์การบริหารส่วนตำบลทุ่งฮั้ว", "SAO", "ทุ่งฮั้ว", "อบต.ทุ่งฮั้ว"),
        ("ปลัดอบต. ดอน", "องค์การบริหารส่วนตำบลดอน", "SAO", "ดอน", "อบต. ดอน"),
        ("เว็บไซต์ของอบต.ดอน", "องค์การบริหารส่วนตำบลดอน", "SAO", "ดอน", "อบต.ดอน"),
        ("นายกทต.บ้านดู่", "เทศบาลตำบลบ้านดู่", "TAMBON_MUNICIPALITY", "บ้านดู่", "ทต.บ้านดู่"),
        ("เทศบาลตำบลบ้านดู่ อำเภอเมือง", "เทศบาลตำบลบ้านดู่", "TAMBON_MUNICIPALITY", "บ้านดู่", "เทศบาลตำบลบ้านดู่"),
        ("ทต.บ้านดู่", "เทศบาลตำบลบ้านดู่", "TAMBON_MUNICIPALITY", "บ้านดู่", "ทต.บ้านดู่"),
        ("เทศบาลเมืองลำพูน", "เทศบาลเมืองลำพูน", "TOWN_MUNICIPALITY", "ลำพูน", "เทศบาลเมืองลำพูน"),
        ("ทม.ลำพูน", "เทศบาลเมืองลำพูน", "TOWN_MUNICIPALITY", "ลำพูน", "ทม.ลำพูน"),
        ("(เทศบาลนครเชียงใหม่)", "เทศบาลนครเชียงใหม่", "CITY_MUNICIPALITY", "เชียงใหม่", "เทศบาลนครเชียงใหม่"),
        ("ทน.เชียงใหม่", "เทศบาลนครเชียงใหม่", "CITY_MUNICIPALITY", "เชียงใหม่", "ทน.เชียงใหม่"),
        # the mayor's title names the municipality
        ("เรียน นายกเทศมนตรีตำบลบึงมะค่า", "เทศบาลตำบลบึงมะค่า", "TAMBON_MUNICIPALITY", "บึงมะค่า",
         "เทศมนตรีตำบลบึงมะค่า"),
        ("นายกเทศมนตรีเมืองลำพูน", "เทศบาลเมืองลำพูน", "TOWN_MUNICIPALITY", "ลำพูน", "เทศมนตรีเมืองลำพูน"),
        ("องค์การบริหารส่วนจังหวัดลำปาง", "องค์การบริหารส่วนจังหวัดลำปาง", "PAO", "ลำปาง", "องค์การบริหารส่วนจังหวัดลำปาง"),
        ("อบจ.ลำปาง", "องค์การบริหารส่วนจังหวัดลำปาง", "PAO", "ลำปาง", "อบจ.ลำปาง"),
        # decomposed sara am in the type name; prose glued after the name
        ("องค์การบริหารส่วนตําบลดอนประจำปี", "องค์การบริหารส่วนตำบลดอน", "SAO", "ดอน", "องค์การบริหารส่วนตําบลดอน"),
        ("องค์การบริหารส่วนตำบลดอนอำเภอปะนาเระ", "องค์การบริหารส่วนตำบลดอน", "SAO", "ดอน", "องค์การบริหารส่วนตำบลดอน"),
        # OCR lost the space before the score ("…หัวโพธิ์เงิน ได้คะแนน ๘๑.๒๐" on a scan)
        ("เทศบาลตำบลหัวโพธิ์เงินได้คะแนน ๘๑.๒๐", "เทศบาลตำบลหัวโพธิ์เงิน", "TAMBON_MUNICIPALITY", "หัวโพธิ์เงิน",
         "เทศบาลตำบลหัวโพธิ์เงิน"),
        # OCR dropped marks in the type name
        ("องคการบริหารสวนตำบลคอน", "องค์การบริหารส่วนตำบลคอน", "SAO", "คอน", "องคการบริหารสวนตำบลคอน"),
    ],
)
def test_parse_agency(text: str, name: str, agency_type: str, base: str, raw: str) -> None:
    agency = parse_agency(text)
    assert agency is not None
    assert (agency.name, agency.type, agency.base, agency.raw) == (name, agency_type, base, raw)
    assert text[agency.start : agency.end] == agency.raw


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ของหน่วยงานประเภทองค์การบริหารส่วนตำบล",
        "ผลการประเมินอยู่ในลำดับที่ ๒,๕๕๑ ของหน่วยงานประเภท องค์การบริหารส่วนตำบล",
        "องค์กรปกครองส่วนท้องถิ่น",
        "องค์กรบริหารส่วนตำบลในหน้าที่",  # real OCR prose, not a name
        "องค์กรบริหารส่วนตำบลและชุมชน",
        "อบตัวเลข",  # อบต without a dot is not the abbreviation
        "ผู้แทน.ดอน",  # a word ending in ทน. is not เทศบาลนคร
    ],
)
def test_no_agency(text: str) -> None:
    assert parse_agency(text) is None


def test_find_agencies_in_order() -> None:
    text = (
        "เรียน นายกองค์การบริหารส่วนตำบลโพนทอง\n"
        "ปลัดอบต.ดอน\tเทศบาลเมืองลำพูน อำเภอเมือง"
    )
    agencies = find_agencies(text)
    assert [a.name for a in agencies] == [
        "องค์การบริหารส่วนตำบลโพนทอง",
        "องค์การบริหารส่วนตำบลดอน",
        "เทศบาลเมืองลำพูน",
    ]
    assert all(isinstance(a, Agency) and a.type in TYPES for a in agencies)
    assert [a.start for a in agencies] == sorted(a.start for a in agencies)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("องค์การบริหารส่วนตำบลดอน\nอำเภอปะนาเระ จังหวัดปัตตานี", "ปะนาเระ"),
        ("อำเภอวังเหนือ จังหวัดลำปาง", "วังเหนือ"),
        ("ตำบลพนหอง อำเภอ สือล้อ จังหวัดนราธิวาส", "สือล้อ"),
        ("ต.ดอน อ.ปะนาเระ จ.ปัตตานี", "ปะนาเระ"),
        ("อำเภอเมืองลำปางจังหวัดลำปาง", "เมืองลำปาง"),
        ("ผอ.กอง/หัวหน้าฝ่าย", None),  # ผอ. is a title, not อ.
        ("", None),
    ],
)
def test_find_district(text: str, district: str | None) -> None:
    assert find_district(text) == district


@pytest.mark.parametrize(
    ("text", "province", "corrected"),
    [
        ("**องค์การบริหารส่วนตำบลดอน\nอำเภอปะนาเระ จังหวัดปัตตานี**", "ปัตตานี", False),
        ("อำเภอวังเหนือ จังหวัดลำปาง", "ลำปาง", False),
        ("ต.ดอน อ.ปะนาเระ จ.ปัตตานี", "ปัตตานี", False),
        ("จังหวัดลำปางประจำปี", "ลำปาง", False),
        ("อำเภอสือล้อ จังหวัดนราธวาส", "นราธิวาส", True),  # OCR dropped sara i
        ("จังหวัดปตตาน", "ปัตตานี", True),
        ("เขตพระนคร กรุงเทพมหานคร", "กรุงเทพมหานคร", False),
        ("สำนักงานเขต กทม.", "กรุงเทพมหานคร", True),
    ],
)
def test_find_province(text: str, province: str, corrected: bool) -> None:
    found = find_province(text)
    assert isinstance(found, Province)
    assert found.name == province
    assert found.corrected is corrected


@pytest.mark.parametrize("text", ["", "จังหวัดที่อยู่อาศัยของผู้รับบริการ", "ไม่มีจังหวัด"])
def test_find_province_none(text: str) -> None:
    assert find_province(text) is None


@pytest.mark.parametrize(
    ("name", "canonical", "corrected"),
    [
        ("ปัตตานี", "ปัตตานี", False),
        ("จังหวัดลำปาง", "ลำปาง", False),
        ("จ.ลำปาง", "ลำปาง", False),
        ("ลำปง", "ลำปาง", True),
        ("ปัตตาน", "ปัตตานี", True),
        ("กรุงเทพฯ", "กรุงเทพมหานคร", True),
        ("กรุงเทพมหานคร", "กรุงเทพมหานคร", False),
        ("Lampang", "ลำปาง", True),
        ("ตาก", "ตาก", False),
        ("น่าน", "น่าน", False),
        ("ปัตตานี\u0e4d\u0e32"[:7], "ปัตตานี", False),
    ],
)
def test_canonical_province(name: str, canonical: str, corrected: bool) -> None:
    found = canonical_province(name)
    assert found is not None
    assert (found.name, found.corrected) == (canonical, corrected)
    assert found.raw == name
    assert 0 < found.score <= 100


@pytest.mark.parametrize("name", ["", "   ", "xyz", "ตาด", "สำนักปลัด", "🙂", "ก" * 200])
def test_canonical_province_rejects(name: str) -> None:
    assert canonical_province(name) is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("สำนักปลัดเทศบาลเมืองจะนะ อำเภอจะนะ จังหวัดสงขลา", "เทศบาลเมืองจะนะ"),  # a place named จะ…
        ("เทศบาลตำบลจะแนะ", "เทศบาลตำบลจะแนะ"),
        ("องค์การบริหารส่วนตำบลจะดำเนินการตามมาตรการ", None),  # prose after a bare type name
    ],
)
def test_place_names_that_start_like_prose(text, name):
    found = find_agencies(text)
    assert (found[0].name if found else None) == name


def test_a_misread_national_name_reads_as_fewer_words_with_one_letter_changed():
    from normalizers.agencies import find_agencies, misread_name

    def misread(text):
        return misread_name(find_agencies(text)[0])

    assert misread("กรมส่งเสริมการบกครองท้องถิ่น") == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert misread("มหาวิทยาลัยขอมแก่น") == "มหาวิทยาลัยขอนแก่น"
    assert misread("มหาวิทยาลัยขอนแก่น") is None
    assert misread("สำนักงานคณะกรรมการอาหารและยา") is None
    assert misread("องค์การบริหารส่วนตำบลดอน") is None  # local: the gazetteer's job


def test_same_district_is_no_district_name():
    from normalizers.places import find_district

    assert find_district("สำหรับในอำเภอเดียวกัน เทศบาลตำบลหนองแก ได้ 95.99 คะแนน") is None
    assert find_district("เทศบาลตำบลที่วัง อำเภอทุ่งสง จังหวัดนครศรีธรรมราช") == "ทุ่งสง"


def test_a_local_name_glued_to_the_verb_of_its_result():
    from normalizers.agencies import find_agencies

    for text in ("องค์การบริหารส่วนตำบลนครชุมผ่านการประเมิน ITA ด้วยคะแนนเฉลี่ย 84.52 คะแนน",
                 "องค์การบริหารส่วนตำบลนครชุมคว้าระดับ A", "องค์การบริหารส่วนตำบลนครชุมทำคะแนนได้ 86.48"):
        assert [a.name for a in find_agencies(text)] == ["องค์การบริหารส่วนตำบลนครชุม"]


def test_a_hospital_named_after_a_real_place_is_no_misread():
    # วารินชำราบ is a district of อุบลราชธานี: the name reads as a place, not as damaged words
    from normalizers import agencies

    (hospital,) = find_agencies("โรงพยาบาลวารินชำราบ")
    assert agencies.misread_name(hospital) is None
    # a national name with a look-alike letter swapped is still questioned
    (uni,) = find_agencies("มหาวิทยาลัยเทคโมโลยีสุรนารี")
    assert agencies.misread_name(uni) is not None


def test_a_ranks_group_is_no_district():
    # "อันดับ 2 ของอำเภอ และ 76 ของจังหวัด": และ follows อำเภอ, and is no district
    from normalizers import places

    assert places.find_district("ผลการประเมินอยู่ในอันดับ 2 ของอำเภอ และ 76 ของจังหวัด") is None
    assert places.find_district("เทศบาลตำบลท่าเดื่อ อำเภอดอยเต่า จังหวัดเชียงใหม่") == "ดอยเต่า"


def test_a_public_organisations_name_that_ocr_spaced_reaches_its_suffix():
    # a Calc sheet's scan: OCR put spaces inside the name and its "(องค์การมหาชน)"; the
    # name was cut at the first space ("สถาบันวิจัย"), which names no agency in particular
    for text in ("ส่วนราชก าร สำนักผู้อำนวยการสถาบันวิจัย ดาราศา สตร์แห่ง ชาติ (องค์ก ารมหาชน )",
                 "สถาบันวิจัยดาราศา สตร์แห่งชาติ (องค์การมหาชน ) ได้คะแนน 84.27 คะแนน"):
        (found,) = find_agencies(text)
        assert (found.name, found.type) == ("สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)", "PUBLIC_ORGANIZATION")
    # prose between a name and another's suffix is not taken into the name
    names = [a.name for a in find_agencies("สถาบันวิจัย ได้รับ รางวัล (องค์การมหาชน)")]
    assert not any("รางวัล" in n for n in names)


def test_a_telephone_label_glued_to_a_name_is_no_part_of_it():
    # "…สำนักงานเลขานุการกรมโทร. ๐-๗๒๔๖-๑๐๗๗" on a photographed memo was read as an agency "กรมโทร"
    assert find_agencies("สำนักงานเลขานุการกรมโทร. ๐-๗๒๔๖-๑๐๗๗") == []
    assert [a.name for a in find_agencies("กรมประชาสัมพันธ์โทรศัพท์ ๐๒")] == ["กรมประชาสัมพันธ์"]
    # names that hold โทร as a word keep it
    assert [a.name for a in find_agencies("กรมโทรคมนาคม ได้คะแนน")] == ["กรมโทรคมนาคม"]
