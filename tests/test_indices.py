"""The ITA before 2562: five indices with their levels, in the catalog and read from reports."""

from __future__ import annotations

import pytest

from pipeline.extract.statement_indices import index_claims
from pipeline.segment import Document, Line
from schemas.catalog import load_catalog

CODE = {1: "transparency", 2: "accountability", 3: "corruption_free", 4: "integrity_culture",
        5: "work_integrity"}


def doc(*lines: str) -> Document:
    return Document(0, "score_report_memo", tuple(Line(1, t) for t in lines))


def scores(d: Document, fy: int | None = 2561) -> dict[str, tuple[float, str | None]]:
    return {CODE[c.number]: (c.score, c.level) for c in index_claims(d, fy)}


def test_catalog_knows_the_five_index_years():
    cat = load_catalog()
    for fy in range(2557, 2562):
        yc = cat.year(fy)
        assert yc is not None and len(yc.indices) == 5 and not yc.indicators
        assert cat.level_labels(fy) == ("สูงมาก", "สูง", "ปานกลาง", "ต่ำ", "ต่ำมาก")
    assert cat.year(2562).indices == ()
    # the two boundaries the 2561 scores support: 66.79 is สูง, 86.50 สูงมาก
    assert cat.level_for(66.79, 2561) == "สูง"
    assert cat.level_for(86.50, 2561) == "สูงมาก"
    assert {"สูงมาก", "AA", "ผ่านดีเยี่ยม"} <= set(cat.all_level_labels())


def test_list_with_scores_on_the_next_line():
    d = doc(
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๑ โดยภาพรวมได้คะแนนร้อยละ ๘๔.๑๒",
        "ประกอบด้วยคะแนนจากดัชนีทั้ง ๕ ดัชนี ได้แก่",
        "๑) ดัชนีความโปร่งใส",
        "ได้คะแนนเท่ากับร้อยละ ๘๑.๐๕ อยู่ในระดับสูงมาก",
        "๒) ดัชนีความพร้อมรับผิด",
        "ได้คะแนนเท่ากับร้อยละ ๙๐.๒๐ อยู่ในระดับสูงมาก",
        "๓) ดัชนีความปลอดจากการทุจริตในการปฏิบัติงาน",
        "ได้คะแนนเท่ากับร้อยละ ๙๕.๐๐ อยู่ในระดับสูงมาก",
        "๔) ดัชนีวัฒนธรรมคุณธรรมในองค์กร",
        "ได้คะแนนเท่ากับร้อยละ ๗๘.๔๓ อยู่ในระดับสูง",
        "๕) ดัชนีคุณธรรมการทำงานในหน่วยงาน",
        "ได้คะแนนเท่ากับร้อยละ ๖๒.๑๐ อยู่ในระดับ “สูง”",
    )
    assert scores(d) == {
        "transparency": (81.05, "สูงมาก"),
        "accountability": (90.20, "สูงมาก"),
        "corruption_free": (95.00, "สูงมาก"),
        "integrity_culture": (78.43, "สูง"),
        "work_integrity": (62.10, "สูง"),
    }


def test_a_level_phrase_wrapped_before_its_cue():
    # a PDF's line broke inside "อยู่ในระดับ": the level is on the next line with its cue
    d = doc(
        "4) ดัชนีวัฒนธรรมคุณธรรมในองค์กร ได้คะแนนเท่ากับร้อยละ 95.24 อยู่ในระดับสูงมาก",
        "5) ดัชนีคุณธรรมการทำงานในหน่วยงาน ได้คะแนนเท่ากับร้อยละ 99.95 อยู่",
        "ในระดับสูงมาก",
    )
    assert scores(d, 2559) == {"integrity_culture": (95.24, "สูงมาก"), "work_integrity": (99.95, "สูงมาก")}
    # the next item's number is not a cue: "อยู่" then "5) …ระดับ" names no level for 4
    d = doc("4) ดัชนีวัฒนธรรมคุณธรรมในองค์กร ได้คะแนนเท่ากับร้อยละ 95.24 อยู่",
            "5) ดัชนีคุณธรรมการทำงานในหน่วยงาน ได้คะแนนเท่ากับร้อยละ 99.95 อยู่ในระดับสูง")
    assert scores(d, 2559)["integrity_culture"] == (95.24, None)


def test_a_stray_pair_of_digits_after_an_index_score_does_not_hide_its_level():
    # o9934's noisy scan of a Chromium page: the decimals doubled after the score
    d = doc("๕) ดัชนีคุณธรรมการทำงานในหน่วยงาน", "ได้คะแนนเท่ากับร้๘๔.๕๕ ๕๕ อยู่ในระดับสูงมาก")
    assert scores(d, 2559) == {"work_integrity": (84.55, "สูงมาก")}


def test_an_index_score_whose_decimals_ocr_set_apart_is_not_read():
    # a noisy scan of a Word page (seed 3001): 59.91 read "59. 1 ☐": not stored as 59
    d = doc("2 ดัชนีความพร้อมรับผิด", "ได้คะแนนเท่ากับร้อยละ 59. 1 ☐ อยู่ในระดับปานกลา ง")
    assert scores(d, 2560) == {}


def test_table_rows_and_ocr_spacing():
    d = doc(
        "ดัชนี\tคะแนน\tระดับ",
        "ดัชนีความ โปร่งใส\t72.5\tสูง",  # OCR split the name
        "ดัชนีความพร้อมรับผิด (Accountability Index)\t88.00\tสูงมาก",
    )
    assert scores(d, 2560) == {"transparency": (72.5, "สูง"), "accountability": (88.0, "สูงมาก")}


def test_item_numbers_and_counts_are_not_scores():
    # "ดัชนีที่ 1" and "5 ดัชนี" are not index scores; the score comes after the name
    d = doc("ดัชนีที่ ๑ ดัชนีความโปร่งใส ประกอบด้วย ๔ ตัวชี้วัด", "ตัวชี้วัดที่ ๑.๑ การเปิดเผยข้อมูล")
    assert scores(d) == {}


def test_later_years_have_no_index_scores():
    d = doc("ดัชนีความโปร่งใส ได้คะแนน ๘๘.๐๐ ระดับสูงมาก")
    assert scores(d, 2566) == {}
    assert scores(d, None) == {"transparency": (88.0, "สูงมาก")}


def test_one_index_stated_twice_differently_is_flagged():
    from pipeline.extract.headline import extract_headlines
    d = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๑", "ดัชนีความโปร่งใส ได้คะแนน ๘๘.๐๐", "สรุป",
        "ดัชนีความโปร่งใส ได้คะแนน ๘๓.๐๐")))
    head = extract_headlines("f1", [d])[0]
    assert [(r.index_no, r.score) for r in head.index_scores] == [(1, 88.0)]
    assert "value_conflict" in [f.kind for f in head.flags]


@pytest.mark.parametrize("level", ["สูงมาก", "ปานกลาง"])
def test_headline_reads_five_index_levels(level):
    from pipeline.extract.headline import find_level
    got = find_level(doc(f"ผลการประเมินโดยภาพรวม ๘๖.๕๐ อยู่ในระดับ{level}"), 2561)
    assert got is not None and got[0] == level


def test_a_title_naming_transparency_is_no_index():
    d = doc("รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลำปาง เขต ๑",
            "ความโปร่งใส\t๘๘.๕๐\tสูงมาก")
    assert scores(d) == {"transparency": (88.5, "สูงมาก")}


def test_an_index_score_before_an_overall_cue_is_not_the_overall():
    # the last index's score, then the rank sentence naming ผลการประเมิน: not a second overall
    from pipeline.extract.statement_overall import overall_claims
    d = doc("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๕๙ โดยภาพรวมได้คะแนนเท่ากับร้อยละ ๗๙.๑๖",
            "๕) ดัชนีคุณธรรมการทำงานในหน่วยงาน",
            "ได้คะแนนเท่ากับร้อยละ ๗๘.๐๑ อยู่ในระดับสูง",
            "ผลการประเมินอยู่ในอันดับ ๑๐ ของอำเภอ")
    assert [c.value for c in overall_claims(d, 2559) if c.strength == 2] == [79.16]


def test_a_wrapped_line_naming_transparency_takes_no_national_average():
    # "…มีคุณธรรมและ" / "ความโปร่งใสในการดำเนินงานอยู่ในระดับ “สูงมาก”" wraps prose at a
    # short index name; the country's score on the next line is no index's
    d = doc("โดยภาพรวมเทศบาลเมืองสุวรรณภูมิได้คะแนนเท่ากับร้อยละ ๘๔.๕๘ ถือว่ามีคุณธรรมและ",
            "ความโปร่งใสในการดำเนินงานอยู่ในระดับ “สูงมาก”",
            "ผลการประเมินภาพรวมระดับประเทศอยู่ที่ ๘๔.๘๘ คะแนน เพิ่มขึ้นจากปีก่อน ๑.๓๔ คะแนน")
    assert scores(d) == {}
    # an index's own score on the next line is still read
    assert scores(doc("๑) ดัชนีความโปร่งใส", "ได้คะแนนเท่ากับร้อยละ ๘๗.๖๒ อยู่ในระดับสูงมาก")) == {
        "transparency": (87.62, "สูงมาก")}
