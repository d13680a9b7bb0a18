"""The three real reports in ../shared/seeds, ingested end to end.

Every expected value below was written by reading the seed files, not from the
program's output; the comment beside each says where a careful reader finds it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

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
def seed_reports(tmp_path_factory) -> dict[tuple[str, int], dict]:
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("seeds") / "ita.duckdb"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--jobs", "1"]) == ExitCode.OK
    con = duckdb.connect(str(db), read_only=True)
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
