"""Document types by what a title or a memo's subject says (pipeline/segment.py,
pipeline/data/doc_types.json): evidence that is not about ITA results is typed so and
yields no score, indicator, measure or OIT item."""

from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.pages import TEXT, PageResult
from pipeline.segment import (
    ANNOUNCEMENT,
    MEMO,
    O42,
    OTHER_MEMO,
    PROCUREMENT,
    PUBLICATION_FORM,
    Line,
    _opens_with_memo_head,
    classify,
    memo_subject,
    running_lines,
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


def test_a_browser_header_and_emblem_junk_before_a_memo_head_open_no_document():
    # a memo printed from a browser: its date-and-name header on every page, a banner
    # line, a scan's emblem junk, then บันทึกข้อความ: one memo, not a short "other" first
    header = "12/7/26, 1:26 AM\t0001_memo_2566"
    page1 = [header, "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", "e๙ «cg 97", *MEMO_HEAD,
             "เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๖", "ได้รับผลการประเมิน ITA ๘๗.๕๙ คะแนน"]
    page2 = [header, "(นายประเสริฐ สมบูรณ์ชัย)", "หัวหน้าสำนักปลัด"]
    docs = split_documents([PageResult(1, TEXT, "\n".join(page1)), PageResult(2, TEXT, "\n".join(page2))])
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs] == [(MEMO, 1, 2)]


def test_a_short_document_before_a_memo_head_is_still_its_own():
    page = ["ประกาศองค์การบริหารส่วนตำบลคอน", "เรื่อง การเปิดเผยข้อมูลสาธารณะ",
            "ประกาศ ณ วันที่ ๙ ธันวาคม ๒๕๖๓", *MEMO_HEAD, "เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๖"]
    docs = split_documents([PageResult(1, TEXT, "\n".join(page))])
    assert len(docs) == 2 and docs[1].lines[0].text == "บันทึกข้อความ"
def _pages(*pages: list[str]) -> list[PageResult]:
    return [PageResult(page_no=n, method="ocr", text="\n".join(t)) for n, t in enumerate(pages, 1)]


MEMO_BODY = ["ส่วนราชการ สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) สำนักผู้อำนวยการ",
             "ที่ ชย 84420/596 วันที่ 28 ตุลาคม 2568", "เรื่อง รายงานผลการประเมิน ITA ประจำปี พ.ศ. 2568",
             "เรียน ผู้อำนวยการสถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)",
             "ได้รับผลการประเมิน ITA 80.26 คะแนน ระดับผลการประเมิน : ต้องปรับปรุง"]


def test_a_memo_under_a_browsers_print_header_a_heading_and_an_emblem_is_one_memo():
    # a browser's print header (date, tab, title), a heading printed on page 1 alone
    # and the emblem's junk above บันทึกข้อความ open no document of their own
    page = ["12 7 6,2 27 AM\t0003 ๓ O๐ 25686", "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            "O๙ . Vy", "บันทึกข้อความ", *MEMO_BODY]
    docs = split_documents(_pages(page, ["12 7 26,2 27 AM\t0003_memo_2568", "(นายเอกชัย วงศ์ใหญ่)"]))
    assert [d.doc_type for d in docs] == [MEMO]


def test_a_report_title_ocr_garbled_by_a_letter_still_opens_the_report():
    memo = ["บันทึกข้อความ", *MEMO_BODY] + [f"ข้อความของบันทึก บรรทัดที่ {i}" for i in range(8)]
    report = ["รายงานลการดำเนินการตามมา ทรการส่งเสริม", "คุณธรรมและความโปร่งใสภายในหน่วยงาน",
              "ประจำปีงบประมาณ พ.ศ. 2568", "เทศบาลตำบลหัวช้าง",
              "ตัวชี้วัด\tมาตรการ\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ"]
    docs = split_documents(_pages(memo, report))
    assert len(docs) == 2 and docs[1].lines[0].page_no == 2
    # a word a letter off in a short title word is another word: no split
    other = ["รายงานการประชุมประจำเดือน", *report[1:]]
    assert len(split_documents(_pages(memo, other))) == 1
    # two letters off on a noisy 200-dpi scan of a browser's print (ผ read 5, ต lost)
    noisy = ["รายงาม5 ลการดำเนินการตามมาทรการส่งเสริม", *report[1:]]
    assert len(split_documents(_pages(memo, noisy))) == 2
    # a title that names the result, not one of the report titles, opens nothing; nor does
    # a clean title of other words that opens like one (a procurement analysis's, 0.89 like
    # รายงานการวิเคราะห์): only a garbled one is read that loosely
    result = ["รายงานผลการประเมินคุณธรรมและความโปร่งใส", *report[1:]]
    assert len(split_documents(_pages(memo, result))) == 1
    procurement = ["รายงานผลการวิเคราะห์ผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ ๒๕๖๗", *report[2:]]
    assert len(split_documents(_pages(memo, procurement))) == 1
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


# Word documents scanned: a running header on every page, Thai distributed justification
# that OCR reads with spaces inside words, a title wrapped over two lines
RUNNING = "การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๖"
SCAN_MEMO = [RUNNING, "บันทึกข้อความ", "ส่วนราชการ ฝ่ายกำกับดูแลกิจการที่ดี การไฟฟ้าส่วนภูมิภาค",
             "ที่ กฟ ๑๒๓๔/๕๖๗\tวันที่ ๑ ธันวาคม ๒๕๖๖",
             "เรื่อง รายงานผลคะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
             "เรียน ผู้ว่าการการไฟฟ้าส่วนภูมิภาค", "ได้คะแนนรวม ๘๖.๗๘ คะแนน อยู่ในระดับ ผ่าน"] + [
             f"{n}\tตัวชี้วัดที่ {n}\t๘{n}.๐๐" for n in "๑๒๓๔๕๖๗๘๙"]
SCAN_O42 = ["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเน็น", "งานของหน่วยงานภาครัฐ (ITA)",
            "ประจำปิงบประมาณ พ .ศ. 2566", "การไฟฟ้าส่วนภูมิภาค",
            "ได้คะแนน 86.78 คะแนน อยู่ในระดับ ผ่าน ดังรายละเอียดต่อไปนี้",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "ข้อคำถาม ITA\tประเด็นที่ต้องพัฒนา\tมาตรการ/แนวทาง\tผู้รับผิดชอบ"]


@pytest.mark.parametrize("year_line", [
    "ประจำปิงบประมาณ พ .ศ. 2566",  # ปี read as ปิ, พ.ศ. spaced
    "ประจำ 1ปี 9 งบ",  # the year unreadable: the agency's name alone under the title says it
])
def test_a_memo_under_a_running_header_and_its_analysis_with_a_garbled_year_are_two(year_line):
    o42 = [SCAN_O42[0], SCAN_O42[1], year_line, *SCAN_O42[3:]]
    docs = split_documents(_pages(SCAN_MEMO, [RUNNING, "(นายสมศักดิ์ ศรีสุข)", "หัวหน้าสำนักปลัด"], [RUNNING, *o42]))
    assert [(d.doc_type, d.first_page) for d in docs] == [(MEMO, 1), (O42, 3)]


def test_words_ocr_spaced_apart_still_say_what_a_document_is():
    # an analysis whose title OCR spaced apart, its scores above its measures (beyond the head)
    title = ["รายงานก า รวิ เคราะห์ผลการปร ะเมินคุณธร รมและความโป ร่งใสในการ", "ดำเนินงานของหน่วยงานภาค รัฐ (ITA)",
             "ประจำปีงบประมาณ พ.ศ. ๒๕๖๔", "องค์การบริหารส่วนตำบลคอน อำเภอเมือง จังหวัดปัตตานี"]
    scores = [f"{n}\tตัวชี้วัดที่ {n}\t๙{n}.๐๐ คะแนน" for n in "๑๒๓๔๕๖๗๘๙"]
    assert classify(lines(*title, *scores, "มาตรก ารส่ง เสริมคุณธร รม")) == O42
    # a news heading spaced apart under the running header (the agency's name)
    news = ["องค์การบริหารส่วนตำบลคอน", "ประกา ศอง ค์การบริหารส่วนตำบลคอน",
            "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปี ๒๕๖๗",
            "องค์การบริหารส่วนตำบลคอน ได้คะแนน ๙๗.๒๖ คะแนน ระดับ ผ่านดี"]
    assert classify(lines(*news)) == ANNOUNCEMENT
    # and a memo's head
    assert _opens_with_memo_head(lines("บันทึก ข้อความ", *MEMO_BODY))


def test_a_section_heading_at_a_pages_foot_opens_nothing_under_the_next_pages_header():
    # "มาตรการส่งเสริมคุณธรรม…" (a report title word) ends page 1; the running header that
    # opens page 2, its พ.ศ. misread, names the year: still one analysis
    header = "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566"
    page1 = [header, *SCAN_O42[:5]] + [f"{n}\tตัวชี้วัดที่ {n}\t๙{n}.๐๐" for n in "๑๒๓๔๕๖๗๘๙"] + [
             "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "หน้า 1 จาก 3"]
    page2 = ["รายงานผลการประเมิน ITA ประจำปีงบประมาณ 14.ศ. 2566", SCAN_O42[-1],
             "ตัวชี้วัดที่ 2 การใช้งบประมาณ I10\tบุคลากรยังมีส่วนร่วมน้อย\tเผยแพร่แผน\tกองคลัง", "หน้า 2 จาก 3"]
    page3 = [header, "(นายเอกชัย ชัยมงคล)", "ผู้จัดทำ", "หน้า 3 จาก 3"]
    docs = split_documents(_pages(page1, page2, page3))
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs] == [(O42, 1, 3)]


def test_a_section_heading_over_a_table_whose_first_row_names_the_year_opens_nothing():
    # a browser print: "มาตรการส่งเสริมคุณธรรม…" heads the measures table on the report's
    # first page, and the table's first row has "ปีงบประมาณ พ.ศ." in its period cell; a
    # row is no title block, so the table stays in the analysis
    head = ["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
            "ประจำปีงบประมาณ พ.ศ. 2568", "สำนักงานศาลยุติธรรม",
            "ได้คะแนน 85.79 คะแนน อยู่ในระดับ ผ่าน ดังรายละเอียดต่อไปนี้"]
    scores = [f"{n}\tตัวชี้วัดที่ {n}\t8{n}.00" for n in range(1, 10)]
    table = ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
             "ข้อคำถาม ITA\tข้อบกพร่อง/ จุดอ่อน\tมาตรการ\tวิธีการดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ",
             "ตัวชี้วัดที่ 2 การใช้งบ\tบุคลากรภายในยังรับรู้\tเผยแพร่แผน\t1. แต่งตั้งคณะ\tปีงบประมาณ พ.ศ.\tกองคลัง"]
    docs = split_documents(_pages(head + scores + table, ["2569\tกองคลัง", "(นายเอกชัย ชัยมงคล)", "ผู้จัดทำ"]))
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs] == [(O42, 1, 2)]


def test_a_running_header_ocr_spaced_apart_differently_on_each_page_is_still_running():
    # a Word memo's header (no year word, no agency: only ITA and the year) that Thai
    # distributed justification leaves spaced apart, differently on each page: the memo
    # head under it still opens a score memo
    page1 = ["การปร ะเมินคุณธ รรมและความโปร่ง ใส (ITA) ๒๕๖๔", *SCAN_MEMO[1:]]
    page2 = ["การปร ะเมินคุณธ รรมและคว าม โปร่งใส (ITA) ๒๕๖๔", "(นายสมศักดิ์ ศรีสุข)", "หัวหน้าสำนักปลัด"]
    docs = split_documents(_pages(page1, page2))
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs] == [(MEMO, 1, 2)]
    assert _opens_with_memo_head(docs[0].lines, running_lines(list(docs[0].lines)))
    # a header of another year on the second page is another text: not running
    other = ["การปร ะเมินคุณธ รรมและคว าม โปร่งใส (ITA) ๒๕๖๕", *page2[1:]]
    assert running_lines([Line(1, page1[0]), Line(2, other[0])]) == set()


def test_an_analysis_title_wins_over_a_tick_ocr_made_of_a_tool_name_under_it():
    # a 200-dpi Word scan: "(IIT)" under the title read as "( ☑ 7)"
    title = ["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
             "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", "องค์การบริหารส่วนตำบลเขานิพันธ์ อำเภอเวียงสระ จังหวัด"]
    scores = ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย\tคะแนนรวม ๙๔.๕๖ คะแนน", "ภายใน ( ☑ 7)"]
    assert classify(lines(*title, *scores)) == O42
    # a progress report's title still says O43 whatever follows
    o43 = ["รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรม", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"]
    assert classify(lines(*o43, "ดำเนินการแล้ว ☑")) != O42


def test_an_announcement_whose_first_letter_ocr_read_as_a_digit():
    # ป of ประกาศ read as "1 " (and ประเมิน as "1ระเมิน" further down)
    ann = ["12/7/26, 4 29 PM\t0004_announcement_2563", ",\t1 ระกาศองค์การบริหารส่วนตำบลสวนกล้วย",
           "เรืองผลการ1ระเมินคุณธรรมและคว “มโปร่ใสในการดำเนินงานของหน่วย", "งานภาครัฐ (ITA) บระจำปี พ.ศ. 2563",
           "องค์การบริหารส่วนตำบลสวนกล้วย ได้รับผลการประเมิน ITA ได้คะแนน 75.21", "คแนนอยู่ในระ au B"]
    assert classify(lines(*ann)) == ANNOUNCEMENT


# --- squeezed_map: the squeezed text and where each of its characters stands ------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.segment import squeezed, squeezed_map  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="กขคาำ่้์ ab1.\n\t", max_size=40))
def test_squeezed_map_reads_every_character_back_where_it_stands(text):
    """Its text is squeezed(text), and each of its characters is the one written at the
    position the map gives: a span found squeezed is read back as written."""
    tight, at = squeezed_map(text)
    assert tight == squeezed(text)
    assert len(at) == len(tight) + 1 and at[-1] == len(text)
    assert [text[i] for i in at[:-1]] == list(tight)
    assert at[:-1] == sorted(set(at[:-1]))  # in order, none twice
    # what was left out is exactly the spaces between two Thai letters
    dropped = set(range(len(text))) - set(at[:-1])
    assert all(text[i] == " " for i in dropped)
    assert "ก ข" not in tight and ("ก ข" not in text or dropped)


def test_squeezed_map_of_a_spaced_ocr_heading():
    text = "ประกา ศอง ค์การ 12 ab"
    tight, at = squeezed_map(text)
    assert tight == "ประกาศองค์การ 12 ab"
    start = tight.index("องค์")
    assert text[at[start]:at[start + 4]] == "อง ค์"  # read back as written, space and all


def test_a_memo_under_a_web_pages_heading_of_the_assessment_and_its_year_is_a_memo():
    # a CSS-grid page prints "การประเมินคุณธรรมและความโปร่งใส (ITA) 2565" once above its
    # memo, under the browser's print header (its time's colon lost by OCR)
    lines = ["12/7/26, 7 10 PM\t0002_memo+042_2565", "การประเมินคุณธรรมและความโปร่งใส (ITA) 2565",
             "บันทึกข้อความ", "ส่วนราชการ กลุ่มงานคุ้มครองจริยธรรมสำนักงานปลัดกระทรวงการอุดมศึกษา",
             "ที่ บร ๘๘๙๒๐/๑๕๗ วันที่ ๒ ตุลาคม ๒๕๖๕",
             "เรื่อง รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
             "เรียน อธิบดี", "ได้คะแนนรวม ๘๘.๓๑ คะแนนอยู่ในระดับ A"]
    assert _opens_with_memo_head(tuple(Line(1, t) for t in lines))
    assert classify(tuple(Line(1, t) for t in lines)) == MEMO
    # a sentence that names the assessment and a year is prose, not a heading
    lines[1] = "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน ITA 2565"
    assert not _opens_with_memo_head(tuple(Line(1, t) for t in lines))
    # nor is a heading of the assessment without its year
    lines[1] = "การประเมินคุณธรรมและความโปร่งใส (ITA) ของหน่วยงาน"
    assert not _opens_with_memo_head(tuple(Line(1, t) for t in lines))
