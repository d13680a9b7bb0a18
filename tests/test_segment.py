"""Document types by what a title or a memo's subject says (pipeline/segment.py,
pipeline/data/doc_types.json): evidence that is not about ITA results is typed so and
yields no score, indicator, measure or OIT item."""

from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.pages import TEXT, PageResult
from pipeline.segment import (
    MEMO,
    O42,
    OTHER_MEMO,
    PROCUREMENT,
    PUBLICATION_FORM,
    Line,
    _opens_with_memo_head,
    classify,
    memo_subject,
    split_documents,
)


def lines(*texts: str) -> list[Line]:
    return [Line(1, t) for t in texts]


MEMO_HEAD = ("บันทึกข้อความ", "ส่วนราชการ สำนักงานสาธารณสุขอำเภอหนองใหญ่ อำเภอหนองใหญ่ จังหวัดชลบุรี",
             "ที่ ชบ ๐๘๓๒.๑/๔๖๖ วันที่ ๙ ธันวาคม ๒๕๖๓")
# the body of a memo that is about publishing an order, though it speaks of the ITA
# criteria and of "มาตรการ" (the real memo in ../shared/real came out as an O42 analysis)
PUBLISH_BODY = (
    "เรียน สาธารณสุขอำเภอหนองใหญ่",
    "อ้างถึงเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
    "ประจำปีงบประมาณ ๒๕๖๔ ซึ่งกระทรวงสาธารณสุขมีการขับเคลื่อนการดำเนินการตามมาตรการ ๓ ป ๑ ค",
    "จึงเรียนมาเพื่อโปรดพิจารณา",
)


def test_a_memo_about_something_else_is_an_other_memo():
    doc = lines(*MEMO_HEAD,
                "เรื่อง ขออนุญาตเผยแพร่คำสั่งมอบหมายการดำเนินการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซด์ของสำนักงาน",
                "สาธารณสุขอำเภอหนองใหญ่", *PUBLISH_BODY)
    assert memo_subject(doc) == ("ขออนุญาตเผยแพร่คำสั่งมอบหมายการดำเนินการเผยแพร่ข้อมูลต่อสาธารณะ"
                                 "ผ่านเว็บไซด์ของสำนักงาน สาธารณสุขอำเภอหนองใหญ่")
    assert classify(doc) == OTHER_MEMO


@pytest.mark.parametrize("subject", [
    "รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปี ๒๕๖๗",
    "รายงานผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    "ขออนุญาตเผยแพร่ผลการประเมิน ITA ของหน่วยงาน",
])
def test_a_memo_about_an_ita_result_stays_a_score_memo(subject):
    body = ("เรียน ผู้อำนวยการ", "หน่วยงานได้คะแนน ๙๓.๗๑ คะแนน อยู่ในระดับ A")
    assert classify(lines(*MEMO_HEAD, "เรื่อง " + subject, *body)) == MEMO


def test_the_background_heading_is_no_subject():
    # the subject line lost to OCR; the เรื่องเดิม heading below it says nothing of the topic
    doc = lines(*MEMO_HEAD, "เรียน นายกองค์การบริหารส่วนตำบลคอน", "เรื่องเดิม",
                "ได้คะแนนรวม 88.46 คะแนน อยู่ในระดับ ผ่าน")
    assert memo_subject(doc) is None and classify(doc) == MEMO


def test_a_subject_ocr_could_not_read_decides_nothing():
    # the scores in the body decide, as before
    doc = lines(*MEMO_HEAD, "เรอง ร ๅยงๅนผลกๅรปร ะ เมิน lTA ปร ะจำปี", "เรียน นายก",
                "ได้คะแนนรวม 88.46 คะแนน อยู่ในระดับ ผ่าน")
    assert classify(doc) == MEMO


@pytest.mark.parametrize("title, doc_type", [
    (("รายงานผลการวิเคราะห์ผลการจัดซื้อการจัดจ้าง", "และการจัดหาพัสดุ", "ประจำปีงบประมาณ พ.ศ. 2567"),
     PROCUREMENT),
    # a scan: the emblem read as specks, ซื้อ read as ซื่อ
    (("๒ แ ๑9.9?", "๐\t๕\tล\t๙", "ผลการดำเนินการตามแผนการจัดซื่อจัดจ้างและการจัดหาพัสดุ งบดำเนินงาน",
      "หน่วยงานโรงพยาบาลพิชัยจังหวัดอุตรดิตถ์"), PROCUREMENT),
    (("แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงานในราชการบริหารส่วนภูมิภาค",
      "โรงพยาบาลพิชัย สำนักงานสาธารณสุขจังหวัดอุตรดิตถ์"), PUBLICATION_FORM),
    # an ITA analysis whose title speaks of procurement is still an ITA analysis
    (("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ด้านการจัดซื้อจัดจ้าง",
      "ประจำปีงบประมาณ พ.ศ. 2567", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"), O42),
])
def test_report_titles(title, doc_type):
    body = ("โรงพยาบาลพิชัย ได้จัดทำรายงานฉบับนี้เพื่อเป็นข้อมูลในการวางแผน",) * 3
    assert classify(lines(*title, *body)) == doc_type


def test_a_publication_form_after_a_memo_is_a_document_of_its_own():
    memo = [*MEMO_HEAD, "เรื่อง ขออนุญาตนำข้อมูลพื้นฐานของโรงพยาบาลพิชัย เผยแพร่ผ่านทางเว็บไซต์",
            *PUBLISH_BODY] + [f"๑.{i} ข้อมูลที่จะเผยแพร่ รายการที่ {i}" for i in range(1, 10)]
    form = ["แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงานในราชการบริหารส่วนภูมิภาค",
            "โรงพยาบาลพิชัย สำนักงานสาธารณสุขจังหวัดอุตรดิตถ์", "หัวข้อ: เปิดเผยข้อมูลข่าวสารที่เป็นปัจจุบัน"]
    docs = split_documents([PageResult(1, TEXT, "\n".join(memo)), PageResult(2, TEXT, "\n".join(form))])
    assert [(d.doc_type, d.first_page) for d in docs] == [(OTHER_MEMO, 1), (PUBLICATION_FORM, 2)]


# the same scores and indicator list under two titles: only the ITA one is read
SCORED_BODY = (
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    "องค์การบริหารส่วนตำบลคอน อำเภอเมือง จังหวัดปัตตานี",
    "ผลการประเมินภาพรวม ๙๓.๗๑ คะแนน ระดับ A",
    "๑. การปฏิบัติหน้าที่ ๙๘.๓๗",
    "๒. การใช้งบประมาณ ๙๕.๕๐",
    "๓. การใช้อำนาจ ๙๗.๗๘",
)


@pytest.mark.parametrize("title, scored", [
    ("รายงานผลการประเมินคุณธรรมและความโปร่งใส (ITA)", True),
    ("รายงานสรุปผลการจัดซื้อจัดจ้าง", False),
])
def test_no_score_from_a_document_that_holds_no_ita_result(title, scored):
    ex = extract("f" * 64, [PageResult(1, TEXT, "\n".join((title, *SCORED_BODY)))])
    (report,) = ex.reports
    got = (report.overall_score, len(ex.indicator_scores), len(ex.year_results))
    if scored:
        assert got[0] == 93.71 and got[1] == 3 and got[2] >= 1
    else:
        assert report.doc_type == PROCUREMENT and got == (None, 0, 0)
        assert not ex.tool_scores and not ex.measures and not ex.oit_items
        assert report.fiscal_year == 2567 and report.province == "ปัตตานี"  # the headline still read


def test_a_memo_printed_by_a_browser_under_its_letterhead_is_a_memo():
    # the browser's date line, then the agency's name above บันทึกข้อความ
    lines = ["12/7/26, 1:09 AM 0011_memo_2566", "สำนักงานสาธารณสุขจังหวัดร้อยเอ็ด", "บันทึกข้อความ",
             "ส่วนราชการ สำนักงานสาธารณสุขจังหวัดร้อยเอ็ด กลุ่มงานบริหารทั่วไป",
             "ที่ รอ ๘๒๔๐๒/๔๐ วันที่ ๑๒ ตุลาคม ๒๕๖๖",
             "เรื่อง รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
             "เรียน นายแพทย์สาธารณสุขจังหวัด", "เรื่องเดิม"]
    lines += ["ตามที่สำนักงาน ป.ป.ช. ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"] * 8
    lines += ["ประจำปี ๒๕๖๖ ดังนี้ ได้คะแนนรวม ๘๙.๕๕ คะแนน อยู่ในระดับ ผ่าน"]  # its score below the 15th line
    assert _opens_with_memo_head(tuple(Line(1, t) for t in lines))
    assert classify(tuple(Line(1, t) for t in lines)) == "score_report_memo"
    # a line of prose above it is no letterhead
    lines[1] = "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน"
    assert not _opens_with_memo_head(tuple(Line(1, t) for t in lines))
