"""Documents delivered as several page images (pipeline/groups.py): which images make
one document, and how a group is loaded, re-run and replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import db_rows as rows
from pipeline.readers import registry
from pipeline import groups, stages, workers
from pipeline.cli import main
from pipeline.errors import ExitCode
from pipeline.pages import OCR, PageResult


def _m(path: str, size=(1240, 1754), media=registry.JPEG) -> groups.Member:
    return groups.Member(path, "id-" + path, media, size)


def _names(gs) -> list[list[str]]:
    return [[Path(m.path).name for m in g.members] for g in gs]


def test_named_pages_group_by_folder_and_stem_in_page_order():
    entries = [_m("a/report_p2.jpg"), _m("a/report_p1.jpg"), _m("a/report_p10.jpg"),
               _m("a/scan-2.png", media=registry.PNG), _m("a/scan-1.png", media=registry.PNG),
               _m("a/memo.jpg"), _m("a/memo (2).jpg"),
               _m("a/alone_p1.jpg"),  # a lone image stays a document of its own
               _m("b/report_p3.jpg"),  # another folder: not page 3 of a/report
               _m("a/report_p4.pdf", media=registry.PDF)]  # a PDF is a document already
    assert _names(groups.plan(entries)) == [
        ["memo.jpg", "memo (2).jpg"],
        ["report_p1.jpg", "report_p2.jpg", "report_p10.jpg"],
        ["scan-1.png", "scan-2.png"],
    ]


def test_camera_sequences_group_only_when_consecutive_and_alike():
    portrait, landscape = (3024, 4032), (4032, 3024)
    entries = [_m("d/IMG_0001.jpg", portrait), _m("d/IMG_0002.jpg", portrait),
               _m("d/IMG_0003.jpg", (3030, 4030)),  # within the tolerance: same camera
               _m("d/IMG_0005.jpg", portrait),  # 0004 is missing: a new run
               _m("d/IMG_0006.jpg", portrait),
               _m("d/IMG_0007.jpg", landscape),  # turned: not the same document's page
               _m("d/IMG_0009.jpg", portrait),
               _m("d/รายงาน 2566.jpg", portrait), _m("d/รายงาน 2567.jpg", portrait),  # years
               _m("d/ITA_2566.jpg", portrait), _m("d/ITA_2567.jpg", portrait),
               _m("d/DSC_2566.jpg", portrait), _m("d/DSC_2567.jpg", portrait)]  # a camera's
    gs = groups.plan(entries)
    assert _names(gs) == [["DSC_2566.jpg", "DSC_2567.jpg"],
                          ["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"],
                          ["IMG_0005.jpg", "IMG_0006.jpg"]]
    assert all(g.camera for g in gs)


def test_a_camera_sequence_is_cut_where_a_page_opens_a_new_memo():
    g = groups.Group((_m("IMG_0001.jpg"), _m("IMG_0002.jpg"), _m("IMG_0003.jpg")), camera=True)
    pages = {
        "id-IMG_0001.jpg": [PageResult(1, OCR, "บันทึกข้อความ\nส่วนราชการ อบต.ดอน")],
        "id-IMG_0002.jpg": [PageResult(1, OCR, "ตัวชี้วัด\tคะแนน\n๑. การปฏิบัติหน้าที่\t๙๐.๐๐")],
        # the emblem read as junk above the heading
        "id-IMG_0003.jpg": [PageResult(1, OCR, "~@\nบันทึกข้อความ\nส่วนราชการ อบต.นา")],
    }
    assert _names(groups.split(g, pages)) == [["IMG_0001.jpg", "IMG_0002.jpg"], ["IMG_0003.jpg"]]
    # named pages are one delivery: a memo heading on page 3 is the attachment's cover
    named = groups.Group(g.members, camera=False)
    assert len(groups.split(named, pages)) == 1
    # the heading quoted in a page's prose starts nothing
    assert not groups.opens_new_document(
        PageResult(1, OCR, "ตามที่ได้เสนอบันทึกข้อความฉบับก่อน\nบันทึกข้อความ"))


def test_group_id_is_keyed_by_its_members_in_order():
    assert groups.group_id(["a", "b"]) == groups.group_id(["a", "b"])
    assert groups.group_id(["a", "b"]) != groups.group_id(["b", "a"])
    assert groups.group_id(["a", "b"]) != groups.group_id(["a", "c"])


# --- end to end, with the OCR replaced by the text each image "shows" -----------------

HALF_1 = """บันทึกข้อความ
ส่วนราชการ องค์การบริหารส่วนตำบลหนองบัว สำนักปลัด
ที่ นม ๗๑๒๐๑/๑๒๓ วันที่ ๑๕ มกราคม ๒๕๖๘
เรื่อง รายงานผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
เรียน นายกองค์การบริหารส่วนตำบลหนองบัว
องค์การบริหารส่วนตำบลหนองบัว อำเภอโนนสูง จังหวัดนครราชสีมา ได้รับผลการประเมิน ITA ๘๙.๕๐ คะแนน ระดับผลการประเมิน : ผ่านดี
๑. การปฏิบัติหน้าที่\tได้รับคะแนน\t๙๐.๐๐\tคะแนน"""
HALF_2 = """๒. การใช้งบประมาณ\tได้รับคะแนน\t๘๘.๐๐\tคะแนน
๓. การใช้อำนาจ\tได้รับคะแนน\t๘๗.๐๐\tคะแนน
จึงเรียนมาเพื่อโปรดทราบ"""


_TEXTS: dict[tuple, str] = {}  # colour of an image -> the text its "OCR" reads


def _fake_ocr_task(task, page_no):
    """OCR that returns the text stored for the image's colour (the nearest: JPEG shifts
    colours a little). Module-level, so that forked pool workers can run it."""
    with Image.open(task.path) as im:
        colour = im.convert("RGB").getpixel((5, 5))
    near = min(_TEXTS, key=lambda c: sum(abs(a - b) for a, b in zip(c, colour)), default=None)
    return PageResult(page_no, OCR, _TEXTS.get(near, ""), quality=0.9)


@pytest.fixture
def fake_ocr(monkeypatch):
    _TEXTS.clear()
    monkeypatch.setattr(stages, "ocr_task", _fake_ocr_task)
    monkeypatch.setattr(workers, "ocr_task", _fake_ocr_task)
    return _TEXTS


def _image(path: Path, colour: tuple, texts: dict, text: str) -> None:
    Image.new("RGB", (60, 80), colour).save(path)
    texts[colour] = text


def ingest(*args: str) -> int:
    return main(["ingest", *args, "--jobs", "1"])


def test_page_images_of_one_document_are_read_as_one(tmp_path: Path, fake_ocr):
    d = tmp_path / "in"
    d.mkdir()
    _image(d / "memo_p1.png", (10, 0, 0), fake_ocr, HALF_1)
    _image(d / "memo_p2.png", (20, 0, 0), fake_ocr, HALF_2)
    _image(d / "other.png", (30, 0, 0), fake_ocr, "")  # a lone image: its own document
    db = tmp_path / "ita.duckdb"
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    (rep,) = rows(db, "SELECT report_id, file_group, first_page, last_page, overall_score FROM reports "
                      "WHERE file_group IS NOT NULL")
    gid = rep[1]
    members = rows(db, "SELECT f.path, g.member_no, g.page_no FROM file_groups g JOIN files f "
                       "USING (file_id) WHERE group_id = ? ORDER BY member_no".replace("?", f"'{gid}'"))
    assert [(Path(p).name, m, pg) for p, m, pg in members] == [("memo_p1.png", 1, 1), ("memo_p2.png", 2, 2)]
    assert rep[2:] == (1, 2, 89.5)
    # the table that ran onto the second image keeps its rows, with the group's pages
    assert rows(db, f"SELECT indicator, score, page FROM indicator_scores WHERE report_id = '{rep[0]}' "
                    "ORDER BY indicator") == [(1, 90.0, 1), (2, 88.0, 2), (3, 87.0, 2)]
    assert rows(db, "SELECT count(*) FROM file_groups JOIN files USING (file_id) "
                    "WHERE path LIKE '%other.png'") == [(0,)]
    # every image keeps its own files and pages rows
    assert rows(db, "SELECT count(*) FROM files") == [(3,)]
    assert rows(db, "SELECT count(*) FROM pages") == [(3,)]

    before = rows(db, "SELECT * FROM reports ORDER BY report_id")
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK  # a re-run changes nothing
    assert rows(db, "SELECT * FROM reports ORDER BY report_id") == before
    assert rows(db, "SELECT count(*) FROM file_groups") == [(2,)]
    assert ingest(str(d), "--db", str(db), "--reextract") == ExitCode.OK  # from stored pages
    assert rows(db, "SELECT * FROM reports ORDER BY report_id") == before

    # a member changes: the group is another group, extracted again, the old one gone
    _image(d / "memo_p2.png", (40, 0, 0), fake_ocr, HALF_2.replace("๘๗.๐๐", "๘๖.๐๐"))
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    groups_now = rows(db, "SELECT DISTINCT group_id FROM file_groups")
    assert len(groups_now) == 1 and groups_now[0][0] != gid
    assert rows(db, "SELECT indicator, score FROM indicator_scores i JOIN reports r USING (report_id) "
                    "WHERE r.file_group IS NOT NULL ORDER BY indicator") == [(1, 90.0), (2, 88.0), (3, 86.0)]
    assert rows(db, "SELECT count(*) FROM reports WHERE file_group IS NOT NULL") == [(1,)]

    # a page removed: the first image, unchanged, is read on its own again
    (d / "memo_p2.png").unlink()
    assert ingest(str(d), "--db", str(db)) == ExitCode.OK
    assert rows(db, "SELECT count(*) FROM reports WHERE file_group IS NOT NULL") == [(0,)]
    p1 = rows(db, "SELECT r.last_page FROM reports r JOIN files f USING (file_id) "
                  "WHERE f.path LIKE '%memo_p1.png'")
    assert p1 == [(1,)]
    assert rows(db, "SELECT count(*) FROM file_groups") == [(0,)]


MEMO_2 = """บันทึกข้อความ
ส่วนราชการ องค์การบริหารส่วนตำบลหนองแวง สำนักปลัด
เรื่อง รายงานผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
องค์การบริหารส่วนตำบลหนองแวง อำเภอโนนสูง จังหวัดนครราชสีมา ได้รับผลการประเมิน ITA ๗๕.๒๕ คะแนน"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_camera_sequence_splits_where_a_new_memo_starts(tmp_path: Path, fake_ocr, jobs):
    d = tmp_path / "in"
    d.mkdir()
    _image(d / "IMG_0101.JPG", (0, 0, 0), fake_ocr, HALF_1)
    _image(d / "IMG_0102.JPG", (100, 0, 0), fake_ocr, HALF_2)
    _image(d / "IMG_0103.JPG", (200, 0, 0), fake_ocr, MEMO_2)  # another memo photographed next
    db = tmp_path / "ita.duckdb"
    assert main(["ingest", str(d), "--db", str(db), "--jobs", jobs]) == ExitCode.OK
    got = rows(db, "SELECT f.path, r.overall_score, r.file_group IS NOT NULL, r.last_page "
                   "FROM reports r JOIN files f USING (file_id) ORDER BY f.path")
    assert [(Path(p).name, s, g, last) for p, s, g, last in got] == [
        ("IMG_0101.JPG", 89.5, True, 2), ("IMG_0103.JPG", 75.25, False, 1)]
    assert rows(db, "SELECT count(*) FROM file_groups") == [(2,)]
    before = rows(db, "SELECT * FROM reports ORDER BY report_id")
    assert main(["ingest", str(d), "--db", str(db), "--jobs", jobs]) == ExitCode.OK
    assert rows(db, "SELECT * FROM reports ORDER BY report_id") == before
