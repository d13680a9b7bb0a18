"""The three real reports in ../shared/seeds, ingested end to end.

Every expected value below was written by reading the seed files, not from the
program's output; the comment beside each says where a careful reader finds it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import db_rows as query

from pipeline.cli import main
from pipeline.errors import ExitCode

# (file prefix, doc_index) -> expected headline fields
EXPECTED = {
    # 000: cover memo (บันทึกข้อความ) + attached analysis "แบบรายงานผลการประเมิน…".
    # The agency is spelled คอน/ดอน/ตอน/ดอย by the OCR; the title block and the
    # signature say ดอน. "อำเภอปะนาเระ จังหวัดปัตตานี" stands under the attachment's title.
    ("000", 0): dict(
        doc_type="score_report_memo",
        agency_name="องค์การบริหารส่วนตำบลดอน",
        province="ปัตตานี",  # stated in the attachment of the same file
        fiscal_year=2567,  # เรื่อง … ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
        overall_score=93.71,  # "ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน"
        level="ผ่านดี",  # "ระดับผลการประเมิน : ผ่านดี"
    ),
    ("000", 1): dict(
        doc_type="o42_analysis_measures",
        agency_name="องค์การบริหารส่วนตำบลดอน",
        province="ปัตตานี",
        district="ปะนาเระ",
        fiscal_year=2567,
        overall_score=93.71,  # "มีผลคะแนนการประเมิน ๙๓.๗๑ คะแนน"; 87.40 is the 2566 result
        level="ผ่านดี",  # "ระดับผลการประเมิน คือ ผ่านดี"; "ระดับ B" is 2566's
    ),
    # 001: one analysis document (no memo).
    ("001", 0): dict(
        doc_type="o42_analysis_measures",
        agency_name="องค์การบริหารส่วนตำบลวังซ้าย",
        district="วังเหนือ",
        province="ลำปาง",
        fiscal_year=2566,
        overall_score=94.30,  # "มีคะแนน 94.30 คะแนน และ อยู่ในระดับ ผ่าน"; 96.75 is IIT's total
        level="ผ่าน",
    ),
    # 002: memo (agency garbled โพนทอง/พนหอง/พนทong) + an O43 progress report.
    ("002", 0): dict(
        doc_type="score_report_memo",
        agency_name="องค์การบริหารส่วนตำบลโพนทอง",
        fiscal_year=2566,
        overall_score=86.17,  # "มี คะแนน ๘๖.๑๗ คะแนน"; ๘๙.๔๙ is the IIT total under its heading
        level="ผ่าน",  # "อยู่ในระดับ A หรือ ผ่าน": ผ่าน is the label on the 2566 scale
    ),
    ("002", 1): dict(
        doc_type="o43_implementation_report",
        agency_name="องค์การบริหารส่วนตำบลโพนทอง",
        district="สือล้อ",
        province="นราธิวาส",  # "อำเภอสือล้อ จังหวัดนราธิวาส" under the title
        fiscal_year=2566,
        overall_score=86.17,  # "โดยภาพรวมได้คะแนน 86.17 อยู่ในระดับ ผ่าน"
        level="ผ่าน",
    ),
}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    """The seeds ingested once for every test of this module."""
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("seeds") / "ita.duckdb"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--jobs", "1"]) == ExitCode.OK
    return db




@pytest.fixture(scope="module")
def seed_reports(seed_db) -> dict[tuple[str, int], dict]:
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        cur = con.execute(
            "SELECT f.path, r.* FROM reports r JOIN files f USING (file_id) ORDER BY f.path, r.doc_index"
        )
        names = [d[0] for d in cur.description]
        out = {}
        for row in cur.fetchall():
            rec = dict(zip(names, row))
            out[(Path(rec["path"]).name[:3], rec["doc_index"])] = rec
        return out
    finally:
        con.close()


def test_each_seed_splits_into_the_documents_a_reader_sees(seed_reports):
    assert sorted(seed_reports) == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=[f"{p}-doc{i}" for p, i in sorted(EXPECTED)])
def test_seed_headline_fields(seed_reports, key):
    got = seed_reports[key]
    for field, want in EXPECTED[key].items():
        if isinstance(want, float):
            assert got[field] == pytest.approx(want), field
        else:
            assert got[field] == want, field


# What a careful reader of the seeds finds wrong (written by reading the files):
# (file prefix, doc_index) -> {kind: how many flags at least}
EXPECTED_FLAGS = {
    ("000", 0): {"agency_name_variants": 1},  # คอน in the text, ดอน under the signature
    ("000", 1): {
        "agency_name_variants": 1,  # ดอน / คอน / ตอน / ดอย
        "rank_conflict": 1,  # ลำดับที่ ๒,๙๙๑ in the text, ๒,๕๕๑ on the dashboard
        "level_score_mismatch": 1,  # 2566 quoted as "ระดับ B (๘๗.๔๐ คะแนน)": 2566 had no letter grades
        # summary table rows 3 การใช้จ่ายเงิน, 4 การให้บริการประชาชน, 5 การให้บริการทางวิชาการ,
        # 6 การปฏิบัติงาน; comparison rows 9/10 carry sub-indicator names
        "indicator_name_mismatch": 6,
    },
    ("001", 0): {
        "tool_label_mismatch": 3,  # EIT part 1, part 2 and OIT all called ภายใน
        "other_agency_named": 1,  # เว็บไซต์ อบต.ทุ่งฮั้ว in a report of วังซ้าย
    },
    ("002", 0): {
        "tool_indicator_mismatch": 2,  # IIT 89.49 vs mean 99.49 (๘/๙); EIT parts 79.40 vs 84.40
        "score_arithmetic": 1,  # stated tools give 81.67, not 86.17
        "indicator_name_mismatch": 2,  # rows 2 การใช้บุคลากร, 3 การใช้เวลาทำงาน
        "agency_name_variants": 1,  # โพนทอง / พนทong
        "foreign_script": 1,  # ong glued to Thai
    },
    ("002", 1): {
        "agency_name_variants": 1,  # พนหอง / โพนทอง / โพหนอง
        "other_agency_named": 1,  # เว็บไซต์องค์กรบริหารส่วนตำบลพูนหลวง in the OIT table
        "foreign_script": 1,  # Khmer, Lao, CJK, Arabic fragments
    },
}


@pytest.fixture(scope="module")
def seed_flags(seed_db):
    rows = query(seed_db, "SELECT f.path, r.doc_index, fl.kind, fl.severity, fl.message FROM flags fl "
                          "JOIN files f USING (file_id) JOIN reports r USING (report_id)")
    return [(Path(p).name[:3], i, kind, sev, msg) for p, i, kind, sev, msg in rows]


@pytest.mark.parametrize("key", sorted(EXPECTED_FLAGS), ids=[f"{p}-doc{i}" for p, i in sorted(EXPECTED_FLAGS)])
def test_seed_inconsistencies_are_flagged(seed_flags, key):
    got = [kind for p, i, kind, _, _ in seed_flags if (p, i) == key]
    for kind, at_least in EXPECTED_FLAGS[key].items():
        assert got.count(kind) >= at_least, (kind, got)


def test_seed_flags_name_the_misread_digit_and_spare_consistent_reports(seed_flags):
    iit = [m for p, i, kind, _, m in seed_flags if (p, i, kind) == ("002", 0, "tool_indicator_mismatch") and "IIT" in m]
    assert iit and "(๘/๙)" in iit[0]
    # 000 and 001 add up (overall = 0.3·IIT + 0.3·EIT + 0.4·OIT; level fits): no errors
    assert not [f for f in seed_flags if f[0] in ("000", "001") and f[3] == "error"]


def test_seed_quoted_earlier_year_result(seed_db):
    # 000 attachment: "จากปีงบประมาณ พ.ศ.๒๕๖๖ … ได้รับผลการประเมินอยู่ในระดับ B (๘๗.๔๐ คะแนน)"
    rows = query(seed_db, "SELECT f.path, r.doc_index, y.fiscal_year, y.overall_score, y.level "
                          "FROM year_results y JOIN reports r USING (report_id) JOIN files f USING (file_id) "
                          "WHERE y.quoted")
    assert [(Path(p).name[:3], i, fy, score, level) for p, i, fy, score, level in rows] == [
        ("000", 1, 2566, 87.40, "B")
    ]
