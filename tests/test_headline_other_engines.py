"""Headline fields of memos and analyses on scans of pages other engines laid out (issue 17):
Word's distributed justification spaces letters apart, bold words come garbled."""

from __future__ import annotations

from pipeline.extract.headline import find_level, read_fiscal_year
from pipeline.segment import Document, Line


def _doc(*lines: str, doc_type: str = "score_report_memo") -> Document:
    return Document(0, doc_type, tuple(Line(1, t) for t in lines))


def test_a_spaced_per_year_phrase_wins_over_a_compared_year_as_written():
    # the subject's ประจำปี lost its vowel; the body's ประจำปีงบประมาณ is spaced apart, and the
    # table's title compares with the year before ("เทียบกับปีงบประมาณ พ . ศ ." / "๒๕๖๖")
    d = _doc("บันทึกข้อความ", "เร อ ง รายงานผลการประเมิน ITA ปร ะ จำป พศ. ๒๕๖๗",
             "ตามประก าศสำนักงาน ป . ป . ช . เรื่อง ผลการปร ะเมินคุณธร รม ปร ะจำปีงบปร ะ มาณ พ . ศ . ๒๕๖๗ซึ่ง",
             "ตารางสรุปผลการปร ะเมิน ประจำปีงบป ระมาณ พ . ศ . ๒๕๖๗ (เทียบกับปีงบประมาณ พ . ศ .", "๒๕๖๖")
    assert read_fiscal_year(d)[0] == 2567


def test_an_era_whose_letter_ocr_read_as_digits():
    d = _doc("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ 14.ศ. ๒๕๖๗",
             "มหาวิทยาลัยราชภัฏอุดรธานี", doc_type="o42_analysis_measures")
    assert read_fiscal_year(d)[:2] == (2567, "per_year_head")
    # a number that is no era stays no year
    assert read_fiscal_year(_doc("ประจำปีงบประมาณ 14.25 ๒๕๖๗"))[0] is None


def test_a_level_cue_whose_letters_ocr_spaced_apart():
    got = find_level(_doc("การปร ะเมิน ITA ๘๔.๒๗ คะแนน ร ะดับผลการปร ะเมิน : ต้องปรับปรุง"), 2568)
    assert got is not None and got[0] == "ต้องปรับปรุง"
    got = find_level(_doc("ได้ ๘๔.๒๗ คะแนน อยู่ใน ร ะดับ ผ่าน"), 2568)
    assert got is not None and got[0] == "ผ่าน"


def test_a_year_word_whose_vowel_ocr_misread_or_doubled():
    # a Chromium grid page's bold title: ปี read with two vowels (ปีิ) or the wrong one (ปิ, ปื)
    for year_line in ("ประจำปีิงบประมาณ พ .ศ. 2567", "ประจำปิงบประมาณ พ .ศ. 2567", "ประจำปืงบประมาณ พ.ศ. 2567"):
        d = _doc("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนิน", "งานของหน่วยงานภาครัฐ (ITA)",
                 year_line, "องค์การบริหารส่วนตำบลบางหมาก อำเภอกันตัง จังหวัดตรัง", doc_type="o42_analysis_measures")
        assert read_fiscal_year(d)[0] == 2567, year_line
    # a ปิ that is no year word (ปิด) is no year
    assert read_fiscal_year(_doc("ประจำปิดงบประมาณ 2567"))[0] is None
