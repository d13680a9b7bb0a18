"""pipeline.extract.headline: which number is the overall score, which label the level."""

from __future__ import annotations

import pytest

from pipeline.extract.headline import find_level, find_overall, find_quoted_results, find_ranks
from pipeline.segment import Document, Line


def doc(*lines: str) -> Document:
    return Document(0, "score_report_memo", tuple(Line(1, t) for t in lines))


@pytest.mark.parametrize(
    "lines, want",
    [
        (["ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน ระดับผลการประเมิน : ผ่านดี"], 93.71),
        # a tool's total under its heading, then the overall in prose
        (["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "คะแนนรวม ๘๙.๔๙ คะแนน",
          "ขององค์การบริหารส่วนตำบลหนองบัว มี คะแนน ๘๖.๑๗ คะแนน อยู่ในระดับ ผ่าน"], 86.17),
        # the previous year's result is quoted first
        (["จากปีงบประมาณ พ.ศ.๒๕๖๖ ได้รับผลการประเมินอยู่ในระดับ B (๘๗.๔๐ คะแนน) และในปีงบประมาณ "
          "พ.ศ.๒๕๖๗ มีคะแนนเพิ่มขึ้น ที่ได้รับผลการประเมินอยู่ ๙๓.๗๑ คะแนน"], 93.71),
        # a threshold is not a score; no คะแนน after the number but a level cue
        (["เครื่องมือใดมีผลคะแนนน้อยกว่า ๘๕ คะแนน", "โดยภาพรวมได้คะแนน 86.17 อยู่ในระดับ ผ่าน"], 86.17),
        # a ranked indicator list is not the overall
        (["๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน"], None),
        (["คะแนนภาพรวม\t๙๑.๒๕"], 91.25),
        (["ลำดับที่ ๒,๙๙๑ ของหน่วยงาน"], None),
    ],
)
def test_find_overall(lines, want):
    got = find_overall(doc(*lines), 2567 if "๒๕๖๗" in "".join(lines) else 2566)
    assert (got[0] if got else None) == want


@pytest.mark.parametrize(
    "line, fy, want",
    [
        ("มี คะแนน ๘๖.๑๗ คะแนน อยู่ในระดับ A หรือ ผ่าน", 2566, "ผ่าน"),  # ผ่าน is on the 2566 scale
        ("มี คะแนน ๘๖.๑๗ คะแนน อยู่ในระดับ A หรือ ผ่าน", 2565, "A"),  # A on the 2565 scale
        ("ระดับผลการประเมิน คือ ผ่านดีเยี่ยม", 2567, "ผ่านดีเยี่ยม"),  # longest label, not ผ่าน
        ("ระดับการประเมิน\t\tผ่านดี", 2567, "ผ่านดี"),
        ("ปี พ.ศ. ๒๕๖๖ อยู่ในระดับ B", 2567, None),  # another year's level
        ("การประเมินผลการประเมินระดับคุณธรรม", 2567, None),
        # a level letter OCR read as the digit it looks like, alone after the cue
        ("ได้คะแนน ๘๔.๓๙ คะแนนอยู่ในระดับ 8 ดังรายละเอียดต่อไปนี้", 2565, "B"),
        ("คะแนน ระดับผลการประเมิน : 0", 2564, "D"),
        ("อยู่ในระดับ 8 หรือ ผ่าน", 2566, "ผ่าน"),  # the alternative on the 2566 scale
        ("อยู่ในระดับ 80 คะแนนขึ้นไป", 2565, None),  # a number, not a letter
        ("อยู่ในระดับ 8.5", 2565, None),
        ("อยู่ในระดับ 3 ดาว", 2565, None),  # only the look-alikes of level letters
        # a bold B read as 3 on a CSS-grid print's scan, the sentence going on with a word
        ("โดยภาพรวมได้คะแนน 76.37 คะแนนอยู่ในระดับ 3 หน่วยงานได้ดำเนินการตามมาตรการ", 2565, "B"),
        ("อยู่ในระดับ 3 ปี ติดต่อกัน", 2565, None),
        # a Chromium print's scan: ประเมิน's เมิ and อยู่ใน garbled by OCR
        ("ได้รับผลการประเมิน ITA ๘๗.๖๗ คะแนน ระดับผลการประ18น ผ่านดี", 2567, "ผ่านดี"),
        ("ได้คะแนน ๘๗.๖๗ คะแนน agi lu ระดับ ผ่านดี ดังรายละเอียดต่อไปนี้", 2567, "ผ่านดี"),
    ],
)
def test_find_level(line, fy, want):
    got = find_level(doc(line), fy)
    assert (got[0] if got else None) == want


def test_level_cue_wrapped_by_the_pdf():
    d = doc("หน่วยงานภาครัฐ (ITA) ของเทศบาลนครลตึก ได้คะแนน 82.44 คะแนน อยู่ใน", "ระดับ B ดังรายละเอียดต่อไปนี้")
    assert find_level(d, 2565)[0] == "B"
    d = doc("หน่วยงานภาครัฐ (ITA) ของเทศบาลเมืองวังทอง ได้คะแนน 89.49 คะแนน อยู่", "ในระดับ A ดังรายละเอียด")
    assert find_level(d, 2565)[0] == "A"
    d = doc("ผลการประเมินอยู่ในระดับ", "ผ่านดี")  # the label wrapped, the cue whole: read once
    level, line = find_level(d, 2567)
    assert (level, line.text) == ("ผ่านดี", "ผลการประเมินอยู่ในระดับ")
    assert find_level(doc("ข้อมูลทั่วไป", "ระดับ B ดังรายละเอียด"), 2565) is None  # no cue, no level


def test_find_ranks_reads_thousands_and_skips_other_years():
    assert find_ranks(doc("ผลการประเมินอยู่ในลำดับที่ ๒,๙๙๑ ของหน่วยงานประเภท อบต."), 2567) == [(2991, 1)]
    assert find_ranks(doc("ปี พ.ศ. ๒๕๖๖ ผลการประเมินอยู่ในลำดับที่ ๑๒"), 2567) == []


def test_quoted_earlier_results_need_their_year_named():
    d = doc("๑. จากปีงบประมาณ พ.ศ.๒๕๖๖ ได้รับผลการประเมินอยู่ในระดับ B (๘๗.๔๐ คะแนน) และในปีงบประมาณ "
            "พ.ศ.๒๕๖๗ มีคะแนนเพิ่มขึ้น ที่ได้รับผลการประเมินอยู่ ๙๓.๗๑ คะแนน ระดับ ผ่านดี",
            "ปี 2564 ได้คะแนน 70.00 คะแนน")  # bare "ได้คะแนน" with a year: quoted too
    got = [(q.fiscal_year, q.overall_score, q.level) for q in find_quoted_results(d, 2567)]
    assert got == [(2564, 70.0, None), (2566, 87.40, "B")]
    overall, line = find_overall(d, 2567)
    assert (overall, line.page_no) == (93.71, 1)
    assert find_quoted_results(doc("ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน"), 2567) == []


def test_a_name_cut_by_a_line_break_is_the_same_agency():
    from normalizers.agencies import parse_agency
    from pipeline.extract.headline import _same_agency

    whole, cut = parse_agency("องค์การบริหารส่วนตำบลทุ่งสะแบง"), parse_agency("องค์การบริหารส่วนตำบลทุ่ง")
    assert _same_agency(whole, cut)
    assert not _same_agency(whole, parse_agency("องค์การบริหารส่วนตำบลวังซ้าย"))


def test_agencies_of_different_types_are_never_the_same():
    from normalizers.agencies import parse_agency
    from pipeline.extract.headline import _same_agency

    sao = parse_agency("องค์การบริหารส่วนตำบลนาตาเณร")
    assert _same_agency(sao, parse_agency("อบต.นาตาเณร"))
    assert _same_agency(sao, parse_agency("องค์การบริหารส่วนตำบลนาตาเนร"))  # one OCR slip
    # two letters from the same place name, but a municipality: another agency
    assert not _same_agency(sao, parse_agency("ทต.ลำตาเณร"))
    assert not _same_agency(sao, parse_agency("เทศบาลตำบลนาตาเณร"))  # same place, other body


def test_wrapped_level_and_province():
    from pipeline.extract.headline import _place

    d = doc("ได้รับผลการประเมิน ITA ๘๑.๔๑ คะแนน ระดับผลการประเมิน : ต้อง", "ปรับปรุง หน่วยงานได้ดำเนินการ")
    level, line = find_level(d, 2568)
    assert (level, line.page_no) == ("ต้องปรับปรุง", 1)
    d = doc("องค์การบริหารส่วนตำบลบางยางคำ อำเภอเสนา จังหวัด", "พระนครศรีอยุธยา")
    district, province = _place(d, [d])
    assert (district, province.name) == ("เสนา", "พระนครศรีอยุธยา")


def test_a_name_wrapped_by_the_pdf_is_read_whole_when_written_whole_elsewhere():
    from pipeline.extract.headline import choose_agencies

    d = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "บันทึกข้อความ",
        "ส่วนราชการ สำนักปลัดเทศบาลเมืองลำพะยอม อำเภอเมือง จังหวัดพัทลุง",
        "ด้วยสำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินของเทศบาลเมืองลำ",
        "พะยอม ได้รับผลการประเมิน ITA ๙๐.๑๒ คะแนน",
    )))
    choice = choose_agencies([d])[0]
    assert choice.agency.name == "เทศบาลเมืองลำพะยอม"
    assert choice.variants == ("เทศบาลเมืองลำพะยอม",) and choice.others == ()


def test_a_section_heading_before_a_signature_opens_no_document():
    from pipeline.pages import TEXT, PageResult
    from pipeline.segment import split_documents

    text = "\n".join(
        ["รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ พ.ศ. 2567",
         "องค์การบริหารส่วนตำบลนายาวงาม อำเภอพานทอง จังหวัดชลบุรี"]
        + [f"ข้อความประกอบการวิเคราะห์ บรรทัดที่ {i} ของรายงาน" for i in range(14)]
        + ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
           "ข้อคำถาม ITA\tประเด็น/ข้อค้นพบ\tมาตรการ/แนวทาง",
           "(นายอนุชา บุญมาก)", "ปลัดองค์การบริหารส่วนตำบลนายาวงาม"]
    )
    assert len(split_documents([PageResult(1, TEXT, text)])) == 1


def test_a_scanned_memo_with_its_emblem_read_as_junk_is_still_a_memo():
    from pipeline.segment import MEMO, OTHER, classify

    # the score comes after the first 15 lines, as on 0001's first page: only the
    # heading can tell this is a memo
    body = ["ส่วนราชการ กองยุทธศาสตร์และงบประมาณองค์การบริหารส่วนตำบลทุ่ง"]
    body += [f"ข้อความของบันทึก บรรทัดที่ {i}" for i in range(15)]
    body += ["ได้คะแนนรวม 88.46 คะแนน อยู่ในระดับ ผ่าน"]
    # the first page of 0001's clean scan, as Tesseract read it: the ครุฑ became "aw\ty"
    assert classify([Line(1, t) for t in ["aw\ty", "บันทึกข้อความ", *body]]) == MEMO
    # a real line before the heading: the heading is quoted, not this document's own
    assert classify([Line(1, t) for t in ["ตามที่ได้ส่งบันทึกข้อความมาพร้อมนี้", "บันทึกข้อความ", *body]]) == OTHER



@pytest.mark.parametrize("line, number, day", [
    ("ที่ นบ.๘๓๗๐๑ /- วันที่ ๒๙ กันยายน ๒๕๖๖", "นบ.๘๓๗๐๑", (2023, 9, 29)),  # seed 002
    ("ที่ สข๘๔๑๓๒/๖๔๓\tวันที่ ๒ กันยายน ๒๕๖๘", "สข ๘๔๑๓๒/๖๔๓", (2025, 9, 2)),  # OCR lost the space
    ("ที่ชย ๗๒๒๒๕/๓๐๘ วันที่ ๓ ตุลาคม๒๕๖๔", "ชย ๗๒๒๒๕/๓๐๘", (2021, 10, 3)),  # ที่ glued to it
    ("ที่สข๘๔๑๓๒/๖๔๓ จวันที่ ๒๓ตุลาคม๒๕๖๘", "สข ๘๔๑๓๒/๖๔๓", (2025, 10, 23)),
    ("n ชม 76835 127\tJun 4 กันยายน 2566", "ชม 76835/127", (2023, 9, 4)),  # OCR lost ที่ / วันที่ and /
    ("ข้อความ 12345 ไม่มีวันที่", None, None),
    # clean 300-dpi scans (seed 99): the bold วันที่ read as Latin, ที่ without its
    # tone mark, the slash lost
    ("ที่รป ๗๖๓๗๓/๑๕๔\tTUN ๒๗ พฤศจิกายน ๒๕๖๘", "รป ๗๖๓๗๓/๑๕๔", (2025, 11, 27)),
    ("ที่ชูป๗๓๑๙๖/๘๖๕\tTUN ๗ พฤศจิกายน ๒๕๖๗", None, (2024, 11, 7)),  # ชูป: a misread code
    ("ทีชย 81367 317\tวันที่ 13 กันยายน2566", "ชย 81367/317", (2023, 9, 13)),
    ("ทีมค79331 747 วันที่ 15 พฤศจิกายน2567", "มค 79331/747", (2024, 11, 15)),
    ("ที่ จบ๘๘๔๔๖/๓๗๐\tTUN mo ตุลาคม๒๕๖๗", "จบ ๘๘๔๔๖/๓๗๐", None),  # the day unread: no date
    ("ที่ ๒๕ ตุลาคม ๒๕๖๗ ได้ประชุม", None, None),  # a sentence, not a number line
    # noisy 200-dpi scans: ที่ read as ทิ; the label and the code read as Latin keep the date
    ("ทิรอ๘๙๕๙๖/๕๒๙\tวันที่ ๑๒ พฤศจิกายน๒๕๖๘", "รอ ๘๙๕๙๖/๕๒๙", (2025, 11, 12)),
    ("NAT ๗๕๐๗๘/๕๕๕\tJUN ๓๐ สิงหาคม๒๕๖๔", None, (2021, 8, 30)),
    ("ที่ YU ๗๖๐๕๙/๖๖๔\tTUN ๒ ตุลาคม ๒๕๖๘", None, (2025, 10, 2)),
    # a clean scan (seed 101): the labels read, the code ขก read as Latin: no number
    ("ที่ UN ๘๗๗๔๓/๘๗๓\tวันที่ ๑๕ ตุลาคม ๒๕๖๕", None, (2022, 10, 15)),
    # scans of other engines' pages (o9934): the slash lost or a digit doubled, วันที่ as
    # Latin or glued: the number only where its shape is whole, the date kept
    ("ที นว 83346 408\tun 18 ตุลาคม 2567", "นว 83346/408", (2024, 10, 18)),
    ("ที จบ๗๒๐๓๓๖๖๔ TUN ๒๘ กันยายน ๒๕๖๕", None, (2022, 9, 28)),
    ("fl สฏ ๗๗๘๙๒๐/๕๘๔ TUN ๑๔ ตุลาคม ๒๕๖๘", None, (2025, 10, 14)),
    ("ที่นว83346 408วันที่18 ตุลาคม 2567", "นว 83346/408", (2024, 10, 18)),
    # a Chromium print's scan: the office's number read as letters and two digits, ที่ without
    # its mark, วันที่ as Latin: the date after the number line's slash and running number
    ("ที พล ส่ต ๐๒/๒๐๐ TUN ๒๐ สิงหาคม ๒๕๖๕", None, (2022, 8, 20)),
])
def test_doc_number_and_date(line, number, day):
    from datetime import date

    from pipeline.extract.headline import find_doc_number_and_date

    got_number, got_date = find_doc_number_and_date(doc("บันทึกข้อความ", line))
    assert got_number == number and got_date == (date(*day) if day else None)


def test_a_fiscal_year_read_from_the_body_alone_is_questioned():
    # a title whose year OCR could not read: the year comes from the measures' period
    from pipeline.extract.headline import extract_headlines
    from pipeline.segment import Document, Line

    lines = [Line(1, "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"), Line(1, "เทศบาลตำบลเทพนิมิต")]
    lines += [Line(1, f"บรรทัดที่ {i}") for i in range(20)]
    lines += [Line(2, "มาตรการทั้งหมดดำเนินการภายในปีงบประมาณ พ.ศ. 2567")]
    (h,) = extract_headlines("f" * 64, [Document(0, "o42_analysis_measures", tuple(lines))])
    assert h.report.fiscal_year == 2567
    assert [f.severity for f in h.flags if f.kind == "weak_evidence" and "2567" in f.message] == ["info"]


def test_a_measures_period_in_a_table_row_is_no_fiscal_year():
    # an O42 attachment whose title year OCR lost: its table's "ปีงบประมาณ พ.ศ. 2567"
    # is when a measure runs, the next year; no year is better than that one
    from pipeline.extract.headline import read_fiscal_year
    from pipeline.segment import Document, Line

    lines = (Line(1, "รายงานการวิเคราะห์ผลการประเมิน"),
             Line(1, "1\tตัวชี้วัดที่ 2 การใช้งบประมาณ I10\tเปิดโอกาสให้บุคลากรตรวจสอบ\tปีงบประมาณ พ.ศ. 2567"))
    assert read_fiscal_year(Document(0, "o42_analysis_measures", lines))[0] is None
    prose = lines + (Line(1, "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2566"),)
    assert read_fiscal_year(Document(0, "o42_analysis_measures", prose))[0] == 2566


@pytest.mark.parametrize("subject", [
    "เรื่อง ร า ยงานผลการปร ะ เมิน ITA ป ระจำปี พ . ศ . ๒๕๖๔",  # a tracked font, noisy 200-dpi scan
    "หน่วยงานภาครัฐ ปร ะจำปีงบป ระมาณ พ . ศ . ๒๕๖๔ ผ่านระบบ ITAS",
    "ประจำปีงบประ มาณ wia. ๒๕๖๔",  # พ.ศ. itself garbled
])
def test_the_year_after_a_tracked_prachampi_is_the_fiscal_year(subject):
    # Word's typewriter font sets its letters apart; Tesseract puts a space between any
    # two of them, so ประจำปี and พ.ศ. come with spaces inside
    from pipeline.extract.headline import read_fiscal_year
    from pipeline.segment import Document, Line

    lines = (Line(1, "บันทึกข้อความ"), Line(1, subject))
    assert read_fiscal_year(Document(0, "memo", lines))[0] == 2564


def test_a_year_after_another_number_is_not_taken_for_a_garbled_pho_so():
    from pipeline.extract.headline import read_fiscal_year
    from pipeline.segment import Document, Line

    lines = (Line(1, "ประจำปีงบประมาณ ๒๕๖๓. ๒๕๖๔"),)
    assert read_fiscal_year(Document(0, "memo", lines))[0] == 2563


def test_a_public_organisation_read_once_without_its_suffix_keeps_its_whole_name():
    # the memo head's "(องค์การมหาชน)" garbled by OCR ("ไองค์การมหาชน)"), the body's twice whole
    from pipeline.extract.headline import extract_headlines
    from pipeline.segment import Document, Line

    lines = (Line(1, "บันทึกข้อความ"),
             Line(1, "ส่วนราชการ สถาบันวิจัยดาราศาสตร์แห่งชาติ ไองค์การมหาชน) ฝ่ายบริหารกลาง"),
             Line(1, "เรียน ผู้อำนวยการสถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)"),
             Line(1, "สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน) ได้รับผลการประเมิน ITA 90.14 คะแนน"))
    (h,) = extract_headlines("f" * 64, [Document(0, "score_report_memo", lines)])
    assert h.report.agency_name == "สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)"


def test_a_rank_alone_on_its_line_takes_no_year_from_the_next_as_its_group():
    from pipeline.extract import statement_ranks

    # "จากปีงบประมาณ …" on the next line compares with an earlier year: no group, nothing unreadable
    d = doc("ได้ลำดับที่ ๒,๗๙๖", "จากปีงบประมาณ พ.ศ. ๒๕๖๐ ได้รับผลการประเมินอยู่ในระดับ สูงมาก (๘๗.๐๔ คะแนน)")
    (claim,) = statement_ranks.rank_claims(d, 2561)
    assert (claim.value, claim.rank_of, claim.scope_raw, claim.unreadable) == (2796, None, None, None)
    # a group on the next line is still the rank's
    (claim,) = statement_ranks.rank_claims(doc("ได้ลำดับที่ ๒,๗๙๖", "จาก ๔,๐๐๐ หน่วยงาน"), 2561)
    assert (claim.value, claim.rank_of) == (2796, 4000)


def test_overall_read_with_its_unit_spaced_by_ocr():
    # "คะ แนน": OCR put a space inside the unit after the score
    d = doc("องค์การบริหารส่วนตำบลก้ามปู ได้ รับผล การปร ะ เมิ น ITA ได้ค ะแนน 83.37 คะ แนน ag", "ในระดับ B")
    overall, _ = find_overall(d, 2565)
    assert overall == 83.37
    # a whole number is still a score only when called one: "คะ แนน" counts as calling it
    assert find_overall(doc("ผลการประเมิน ITA ปี 2565 ได้ 83 คะ แนน"), 2565)[0] == 83


def test_level_after_a_cue_whose_end_ocr_read_as_latin():
    # "ระดับ" cut after ระ, its end read as Latin letters, before a Thai label
    d = doc("ทต.บางหักมีผลการประเมินอยู่ในระ YAU ผ่านดี ด้วยคะแนน 91.68ซึ่งเพิ่มขืน")
    assert find_level(d, 2568)[0] == "ผ่านดี"
    # Latin letters before something that is no label give no level
    assert find_level(doc("มีผลการประเมินอยู่ในระ YAU ดีมาก ด้วยคะแนน 91.68"), 2568) is None


def test_a_national_name_cut_by_its_signatures_line_breaks_gives_way_to_the_whole():
    # a web page's narrow signature column wraps the ministry office's long name after
    # "กระทรวงการ" (three times, and its officials weigh more), while the memo's head and
    # its addressee write it whole
    from pipeline.extract.headline import choose_agencies

    whole = "สำนักงานปลัดกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม"
    d = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "บันทึกข้อความ",
        f"ส่วนราชการ กลุ่มงานคุ้มครองจริยธรรม{whole}",
        f"เรียน อธิบดี{whole}",
        "ได้คะแนนรวม ๘๘.๓๑ คะแนน",
        "(นางสาวกาญจนา พรหมวงศ์)", "เลขานุการสำนักงานปลัดกระทรวงการ", "อุดมศึกษา วิทยาศาสตร์ วิจัยและ", "นวัตกรรม",
        "(นางสาวพรทิพย์ ภูมิพันธ์)", "อธิบดีสำนักงานปลัดกระทรวงการ", "อุดมศึกษา วิทยาศาสตร์ วิจัยและ", "นวตกรรม",
        "(นายสมชาย ใจดี)", "ผู้อำนวยการสำนักงานปลัดกระทรวงการ", "อุดมศึกษา วิทยาศาสตร์ วิจัยและ", "นวัตกรรม",
    )))
    assert choose_agencies([d])[0].agency.name == whole
    # a longer spelling written once is the name with the next line's word glued on (a
    # signature over the ความเห็น heading): the name as written stays
    kmitl = "สถาบันเทคโนโลยีพระจอมเกล้าเจ้าคุณทหารลาดกระบัง"
    d = Document(0, "o42_analysis_measures", tuple(Line(1, t) for t in (
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", kmitl,
        f"การวิเคราะห์ผลการประเมินของ{kmitl} ได้คะแนน ๘๐.๑๒", f"ผู้อำนวยการ{kmitl}ความเห็น",
    )))
    assert choose_agencies([d])[0].agency.name == kmitl
