"""Agencies of every ITA group, the gazetteer check of local administrations, and the
`agencies` table every report links to."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizers import gazetteer
from normalizers.agencies import agency_key, check_place, find_agencies, is_assessor
from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def names(text: str) -> list[tuple[str, str]]:
    return [(a.name, a.type) for a in find_agencies(text) if not is_assessor(a)]


# ------------------------------------------------------------ every kind, as people write


@pytest.mark.parametrize("text, expected", [
    ("หน่วยงานที่มีผลการประเมินสูงสุด คือ “กรมการปกครอง” มีผลการประเมิน 99.12 คะแนน",
     [("กรมการปกครอง", "DEPARTMENT")]),
    ("มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน ได้ผลคะแนนรวม 86.63 คะแนน",
     [("มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน", "UNIVERSITY")]),
    ("จะเห็นได้ว่า มทร.อีสาน มีผลคะแนนสูงขึ้น", [("มหาวิทยาลัยเทคโนโลยีราชมงคลอีสาน", "UNIVERSITY")]),
    ("สสวท. คว้าระดับ AA", [("สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี", "PUBLIC_ORGANIZATION")]),
    ("ผลการประเมินของสพฐ.", [("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "DEPARTMENT")]),
    ("สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) ได้รับผลการประเมิน",
     [("สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)", "PUBLIC_ORGANIZATION")]),
    ("มหาวิทยาลัยราชภัฏอุดรธานีได้รับผลการประเมิน", [("มหาวิทยาลัยราชภัฏอุดรธานี", "UNIVERSITY")]),
    ("การประปาส่วนภูมิภาค (กปภ.)", [("การประปาส่วนภูมิภาค", "STATE_ENTERPRISE")] * 2),
    ("ส่วนราชการ สำนักงานสาธารณสุขอำเภอหนองใหญ่ จังหวัดชลบุรี",
     [("สำนักงานสาธารณสุขอำเภอหนองใหญ่", "DISTRICT_OFFICE")]),
    ("สำนักงานสาธารณสุขจังหวัดลำปางประจำปีงบประมาณ", [("สำนักงานสาธารณสุขจังหวัดลำปาง", "PROVINCIAL_OFFICE")]),
    ("ศาลจังหวัดเชียงใหม่", [("ศาลจังหวัดเชียงใหม่", "COURT")]),
    ("สำนักงานการตรวจเงินแผ่นดิน (สตง.)", [("สำนักงานการตรวจเงินแผ่นดิน", "INDEPENDENT_ORGAN")] * 2),
    ("โรงพยาบาลพิชัย อำเภอพิชัย จังหวัดอุตรดิตถ์", [("โรงพยาบาลพิชัย", "HOSPITAL")]),
    ("องค์การบริหารส่วนจังหวัดลำปาง", [("องค์การบริหารส่วนจังหวัดลำปาง", "PAO")]),
    ("เทศบาลตำบลท่าเดื่อ-มืดกา อำเภอดอยเต่า", [("เทศบาลตำบลท่าเดื่อ-มืดกา", "TAMBON_MUNICIPALITY")]),
    ("ทน.นครราชสีมา", [("เทศบาลนครนครราชสีมา", "CITY_MUNICIPALITY")]),
    ("กรุงเทพมหานคร ได้รับผลการประเมิน", [("กรุงเทพมหานคร", "BANGKOK")]),
    ("เมืองพัทยาได้รับผลการประเมิน", [("เมืองพัทยา", "PATTAYA")]),
])
def test_every_agency_group_is_recognised(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "ส่งเสริมให้ทุกองค์กรมีส่วนร่วมและเทิดทูนสถาบันพระมหากษัตริย์",
    "โครงการธนาคารขยะ ณ สำนักงานปลัดเทศบาล",
    "ถนนพระราม ๔ เขตปทุมวัน กรุงเทพมหานคร ๑๐๓๓๐",
    "หน่วยงานประเภทส่วนราชการระดับกรม และสถาบันอุดมศึกษา",
    "อยู่ในลำดับที่ ๒ ของหน่วยงานประเภทกรุงเทพมหานครและเมืองพัทยา",
])
def test_prose_is_not_an_agency(text):
    assert names(text) == []


def test_the_assessor_is_found_but_marked():
    found = find_agencies("ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (ป.ป.ช.) ได้ประเมิน")
    assert found and all(is_assessor(a) for a in found)
    # its name cut by a wrapped line the text did not join (a browser's PDF) is still it
    cut = find_agencies("ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการ")
    assert cut and all(is_assessor(a) for a in cut)
    # a short office name that an assessor's starts with is no assessor
    assert not any(is_assessor(a) for a in find_agencies("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน ได้รับผล"))


# ------------------------------------------------------------ gazetteer (real place names)


def test_gazetteer_knows_real_places_and_resolves_ocr_variants():
    # ต.ดอน is a sub-district of อ.ปักธงชัย, นครราชสีมา (DOPA 301407)
    assert gazetteer.resolve_place("ดอน", "ปักธงชัย", "นครราชสีมา").code == "301407"
    for ocr in ("คอน", "ตอน"):  # no such sub-district there: OCR's reading of ดอน
        place = gazetteer.resolve_place(ocr, "ปักธงชัย", "นครราชสีมา")
        assert place is not None and place.name == "ดอน" and place.corrected
    # a tone mark lost by OCR, no district or province stated: the only such name in
    # the country (ต.ดอนกระเบื้อง, อ.บ้านโป่ง, ราชบุรี)
    place = gazetteer.resolve_place("ดอนกระเบือง")
    assert (place.name, place.district, place.province) == ("ดอนกระเบื้อง", "บ้านโป่ง", "ราชบุรี")
    # ท่าเดื่อ and มืดกา are both sub-districts of อ.ดอยเต่า, เชียงใหม่
    ag = find_agencies("เทศบาลตำบลท่าเดื่อ-มืดกา")[0]
    check = check_place(ag, "ดอยเต่า", "เชียงใหม่")
    assert check.unknown is None and check.code.count("-") == 1


def test_a_place_that_exists_nowhere_is_reported():
    ag = find_agencies("องค์การบริหารส่วนตำบลทุ่งสะแบง")[0]  # invented: no such ตำบล in อ.ฝาง
    assert check_place(ag, "ฝาง", "เชียงใหม่").unknown == "ทุ่งสะแบง"
    ag = find_agencies("องค์การบริหารส่วนตำบลดอน")[0]  # real, but not in อ.ฝาง
    assert check_place(ag, "ฝาง", "เชียงใหม่").unknown == "ดอน"
    # a district the province lacks (สือล้อ: none in นราธิวาส) does not let a place of
    # another province through (โพนทอง is in ลพบุรี and elsewhere, not in นราธิวาส)
    ag = find_agencies("องค์การบริหารส่วนตำบลโพนทอง")[0]
    assert check_place(ag, "สือล้อ", "นราธิวาส").unknown == "โพนทอง"
    assert check_place(ag, None, None).unknown is None  # no province: known somewhere


def test_ocr_spellings_of_one_agency_give_one_key():
    keys = set()
    for spelling in ("องค์การบริหารส่วนตำบลดอน", "องค์การบริหารส่วนตำบลคอน", "อบต.ตอน",
                     "องค์กรบริหารส่วนตำบลดอน"):
        check = check_place(find_agencies(spelling)[0], "ปักธงชัย", "นครราชสีมา")
        keys.add(agency_key(check.agency.type, check.agency.name, "นครราชสีมา", check.code))
    assert len(keys) == 1
    # a non-local name: tone marks dropped by OCR
    a = agency_key("UNIVERSITY", "มหาวิทยาลัยราชภัฏเชียงใหม่", None, None)
    assert a == agency_key("UNIVERSITY", "มหาวิทยาลัยราชภฏเชียงใหม", None, None)
    assert a != agency_key("UNIVERSITY", "มหาวิทยาลัยราชภัฏเชียงราย", None, None)
    # a university with and without the province a document states is one agency
    assert a == agency_key("UNIVERSITY", "มหาวิทยาลัยราชภัฏเชียงใหม่", "เชียงใหม่", None)
    # two provincial offices of one province are two agencies
    assert (agency_key("PROVINCIAL_OFFICE", "สำนักงานสาธารณสุขจังหวัดลำปาง", "ลำปาง", "52")
            != agency_key("PROVINCIAL_OFFICE", "ที่ทำการปกครองจังหวัดลำปาง", "ลำปาง", "52"))
    # the อบต. and the เทศบาลตำบล of one place are two agencies
    ag = check_place(find_agencies("เทศบาลตำบลดอน")[0], "ปักธงชัย", "นครราชสีมา")
    assert agency_key(ag.agency.type, ag.agency.name, "นครราชสีมา", ag.code) not in keys


# ------------------------------------------------------------ the agencies table

_MEMO = """บันทึกข้อความ
ส่วนราชการ {agency} สำนักปลัด อำเภอปักธงชัย จังหวัดนครราชสีมา
ที่ นม ๗๐๐๐๑/๑๒๓ วันที่ ๑๙ ธันวาคม ๒๕๖๗
เรื่อง รายงานผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
{agency} ได้รับผลการประเมิน ITA ๘๘.๕๐ คะแนน อยู่ในระดับ A
"""


def _rows(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_files_naming_one_agency_share_one_row_with_spellings_merged(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(_MEMO.format(agency="องค์การบริหารส่วนตำบลดอน"), encoding="utf-8")
    (d / "b.txt").write_text(_MEMO.format(agency="องค์การบริหารส่วนตำบลคอน"), encoding="utf-8")
    (d / "c.txt").write_text(_MEMO.format(agency="องค์การบริหารส่วนตำบลทุ่งสะแบง"), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    ingest([str(d)], str(db), jobs=1, out=io.StringIO())
    agencies = _rows(db, "SELECT agency_id, name, spellings, gazetteer_code, agency_group "
                         "FROM agencies ORDER BY name")
    assert len(agencies) == 2
    don = next(a for a in agencies if a[1] == "องค์การบริหารส่วนตำบลดอน")
    assert set(don[2]) >= {"องค์การบริหารส่วนตำบลดอน", "องค์การบริหารส่วนตำบลคอน"}
    assert don[3] == "301407" and don[4] == "องค์การบริหารส่วนตำบล"
    linked = _rows(db, "SELECT count(*) FROM reports r JOIN agencies a USING (agency_id)")[0][0]
    assert linked == _rows(db, "SELECT count(*) FROM reports")[0][0] == 3
    flagged = _rows(db, "SELECT r.agency_name FROM flags f JOIN reports r USING (report_id) "
                        "WHERE f.kind = 'unknown_place'")
    assert flagged == [("องค์การบริหารส่วนตำบลทุ่งสะแบง",)]
    # a second run keeps one row per agency
    (d / "a.txt").write_text(_MEMO.format(agency="อบต.ดอน") + "\n", encoding="utf-8")
    ingest([str(d)], str(db), jobs=1, out=io.StringIO())
    assert _rows(db, "SELECT count(*) FROM agencies")[0][0] == 2


def test_every_report_of_the_corpus_and_the_seeds_links_to_one_agency(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    files = sorted((ROOT / "samples" / "corpus").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    assert files
    for f in files:
        shutil.copy(f, d / f"{f.parent.name}_{f.name}")
    db = tmp_path / "x.duckdb"
    ingest([str(d)], str(db), jobs=1, out=io.StringIO())
    n_reports = _rows(db, "SELECT count(*) FROM reports")[0][0]
    assert n_reports >= len(files)
    unlinked = _rows(db, "SELECT r.report_id, r.agency_name FROM reports r "
                         "LEFT JOIN agencies a USING (agency_id) WHERE a.agency_id IS NULL")
    assert unlinked == []
    assert _rows(db, "SELECT count(*) - count(DISTINCT agency_id) FROM agencies")[0][0] == 0


@pytest.mark.skipif(not (SHARED / "real" / "nysso_eb1-1.4_memo_ita2564.pdf").exists(),
                    reason="the real documents are not here")
def test_a_real_memo_of_a_district_health_office(tmp_path):
    """A memo another agency made (its text layer breaks sara am: "ส านักงาน"); the
    agency a correct reading gives is in shared/real/README.md."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SHARED / "real" / "nysso_eb1-1.4_memo_ita2564.pdf", d)
    db = tmp_path / "x.duckdb"
    ingest([str(d)], str(db), jobs=1, out=io.StringIO())
    assert _rows(db, "SELECT r.agency_name, a.agency_type, r.district, r.province "
                     "FROM reports r JOIN agencies a USING (agency_id)") == [
        ("สำนักงานสาธารณสุขอำเภอหนองใหญ่", "DISTRICT_OFFICE", "หนองใหญ่", "ชลบุรี")]


_PIECES = st.sampled_from([
    "กรม", "การปกครอง", "สำนักงาน", "คณะกรรมการ", "สถาบัน", "มหาวิทยาลัย", "ราชภัฏ", "มทร.", "อีสาน",
    "สสวท.", "สพฐ.", "ป.ป.ช.", "(องค์การมหาชน)", "จังหวัด", "อำเภอ", "ลำปาง", "หนองใหญ่",
    "เทศบาลตำบล", "ท่าเดื่อ", "-", "มืดกา", "อบต.", "ดอน", "คอน", "กรุงเทพมหานคร", "เมืองพัทยา",
    "ธนาคาวออมสิน", "การยางแห่งประเทศไทย", "โรงพยาบาล", "ศาล", "ได้รับ", " ", "\n", "๑๐๓๓๐", "่", "ํา",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_PIECES, max_size=10).map("".join), st.text(max_size=60)))
def test_agency_reading_never_raises(text):
    for ag in find_agencies(text):
        assert text[ag.start : ag.end] == ag.raw and ag.name.endswith(ag.base)
        check = check_place(ag, "ดอยเต่า", "เชียงใหม่")
        assert len(agency_key(check.agency.type, check.agency.name, None, check.code)) == 16
    gazetteer.resolve_place(text, text, text, ("subdistrict", "district", "province"))


def test_a_word_glued_after_a_real_place_is_cut_off_only_on_gazetteer_evidence():
    from normalizers.agencies import find_agencies

    # แม่งอน (อ.ฝาง, เชียงใหม่) exists, แม่งอนได้ does not: the glued ได้ is the next word
    assert [a.name for a in find_agencies("ซึ่งเมื่อปี พ.ศ. 2567 อบต.แม่งอนได้ 75.87 คะแนน")] == \
        ["องค์การบริหารส่วนตำบลแม่งอน"]
    # a place whose real name ends in ที่ is kept whole, and so is a name nobody knows
    assert [a.name for a in find_agencies("องค์การบริหารส่วนตำบลที่วัง")] == ["องค์การบริหารส่วนตำบลที่วัง"]
    assert [a.name for a in find_agencies("อบต.บึงหญ้าปล้องได้ 80.1")] == ["องค์การบริหารส่วนตำบลบึงหญ้าปล้องได้"]


def test_a_place_and_its_district_misread_alike_resolve_through_the_district():
    from normalizers import agencies
    from normalizers.agencies import find_agencies

    # a broken text layer wrote อู่ทอง as อุทอง in the name and in the district
    (a,) = find_agencies("องค์การบริหารส่วนตำบลอุทอง")
    got = agencies.check_place(a, "อุทอง", "สุพรรณบุรี")
    assert (got.agency.name, got.code, got.unknown) == ("องค์การบริหารส่วนตำบลอู่ทอง", "720901", None)


def test_an_agency_row_is_the_same_whichever_file_was_loaded_first(tmp_path):
    """A pool or a cluster finishes files in any order: the merged row may not depend on
    it (found by the Ray test on the corpus: a scan's district cut to หนอง for หนองใหญ่)."""
    from pipeline import load
    from schemas.records import AgencyRecord

    one = AgencyRecord(agency_id="k", agency_type="TAMBON_MUNICIPALITY", name="เทศบาลตำบลหนองใหญ่",
                       spellings=["เทศมนตรีตำบลหนองใหญ่"], district="หนอง", province="ชลบุรี")
    two = AgencyRecord(agency_id="k", agency_type="TAMBON_MUNICIPALITY", name="เทศบาลตำบลหนองใหญ่",
                       abbreviations=["ทต.หนองใหญ่"], spellings=["เทศบาลตำบลหนองใหญ่"],
                       district="หนองใหญ่", province="ชลบุรี", gazetteer_code="2003")
    rows = []
    for first, second in ((one, two), (two, one)):
        con = duckdb.connect(str(tmp_path / f"{len(rows)}.duckdb"))
        load.create_schema(con)
        load.upsert_agencies(con, [first])
        load.upsert_agencies(con, [second])
        rows.append(con.execute("SELECT * FROM agencies").fetchall())
        con.close()
    assert rows[0] == rows[1]
    (row,) = rows[0]
    assert "หนองใหญ่" in row and "หนอง" not in row
