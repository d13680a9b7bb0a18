"""Statements of a result as OCR garbles them on scans and photos (issue 18): a Latin level
label read as Thai letters or a sign before ด้วย / ดัง, a label's first word read as Latin
letters, ranks whose digits OCR may have misread, quoted years. The lines are written for
these tests after Tesseract's output on generated scans and the wording of real
announcements; none is a copy of a generated file.
"""

from __future__ import annotations

import pytest

from pipeline.extract.headline import extract_headlines
from pipeline.segment import Document, Line


def doc(*lines: str, doc_type: str = "score_announcement") -> Document:
    return Document(0, doc_type, tuple(Line(1, t) for t in lines))


def head(*lines: str, doc_type: str = "score_announcement"):
    (h,) = extract_headlines("f" * 64, [doc(*lines, doc_type=doc_type)])
    return h


def kinds(h) -> set[str]:
    return {f.kind for f in h.flags}


_OPEN = "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใส ประจำปี 2564"


# ------------------------------------------------------------- levels


@pytest.mark.parametrize("lines", [
    # A read as Thai letters glued to ด้วย, the score on the next line
    ("องค์การบริหารส่วนตำบลหนองบัวมีผลการประเมินอยู่ในระดับ “กเด้วยคะแนน", "90.55 ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา"),
    # ด้วย split by OCR
    ("องค์การบริหารส่วนตำบลหนองบัวมีผลการประเมินอยู่ในระดับ “เด้ วยคะแนน", "90.55 ซึ่งเพิ่มขึ้นจากปีที่ผ่านมา"),
    # a digit and a quote before the Thai letter, the score after ด้วยคะแนน
    ("เทศบาลเมืองหนองบัวมีผลการประเมินอยู่ในระดับ1“ เด้วยคะแนน ๙๐.๕๕ซึ่ง",),
    # a sign before ดังรายละเอียด, the score before the cue
    ("ผลการประเมิน (ITA) ของเทศบาลเมืองหนองบัว ได้คะแนน ๙๐.๕๕ คะแนน อยู่ในระดับ / ดังรายละเอียดต่อไปนี้",),
    # a digit for A before ดัง
    ("เทศบาลเมืองหนองบัว ได้คะแนน ๙๐.๕๕", "คะแนนอยู่ในระดับ 2 ดังรายละเอียดต่อไปนี้"),
    # คว้าระดับ A with A read as a sign and a vowel, the score after the result's name
    ("องค์การบริหารส่วนตำบลหนองบัวคว้าระดับ/เผลการประเมินคุณธรรมและความโปร่งใส (ITA) ด้วยคะแนน ๙๐.๕๕ คะแนน",),
])
def test_a_latin_level_ocr_could_not_read_is_the_level_of_the_score_beside_it(lines):
    h = head(_OPEN, *lines)
    assert (h.report.overall_score, h.report.level) == (90.55, "A")  # 2564: 85.00-94.99 is A only


def test_a_level_cue_whose_label_is_cut_to_two_letters_before_a_word_gives_no_level_without_a_score():
    h = head(_OPEN, "องค์การบริหารส่วนตำบลหนองบัวมีผลการประเมินอยู่ในระดับ “กเด้วยความร่วมมือของทุกฝ่าย")
    assert h.report.level is None


def test_kwa_radap_cut_by_ocr_into_two_runs_still_reads_the_latin_label():
    h = head("ผลการประเมิน ITA อบต.หนองบัวคว้าระ au A ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ โดยได้ผล ๘๗.๙๘ คะแนน")
    assert (h.report.fiscal_year, h.report.level) == (2565, "A")


@pytest.mark.parametrize("garble", ["dos ", "doo ", "ต๊อง"])
def test_tong_prap_prung_with_its_first_word_garbled_reads_as_the_label(garble):
    h = head("สำนักงานเขตพื้นที่การศึกษาหนองบัว จึงขอรายงานผลการประเมินฯ ประจำปี2567",
             f"ได้คะแนนรวม 77.83 คะแนนอยู่ในระดับ {garble}ปรับปรุง", doc_type="score_report_memo")
    assert h.report.level == "ต้องปรับปรุง"


# ------------------------------------------------------------- ranks


def _rank_doc(doubtful: frozenset[str]) -> Document:
    lines = (_OPEN, "เทศบาลเมืองหนองบัวมีผลการประเมินอยู่ในระดับ A ด้วยคะแนน ๙๐.๕๗",
             "อยู่ในอันดับที่ ๓๒ จาก ๕๗ หน่วยงานในกลุ่มเทศบาลเมือง และเป็นอันดับที่ ๔,๙๙๑ ของประเทศ")
    return Document(0, "score_announcement", tuple(Line(1, t, doubtful=doubtful) for t in lines))


def _rank_flags(h) -> list[str]:
    return [f.message for f in h.flags if f.kind == "weak_evidence" and "4,991" in f.message]


def test_a_rank_whose_digits_ocr_read_with_low_confidence_is_flagged():
    (h,) = extract_headlines("f" * 64, [_rank_doc(frozenset({"4991"}))])
    assert {(r, scope) for r, _, scope in h.ranks} >= {(32, "group"), (4991, "country")}
    assert len(_rank_flags(h)) == 1
    assert not [f for f in h.flags if f.kind == "weak_evidence" and "32" in f.message.split(":")[0]]


def test_a_rank_read_with_confidence_carries_no_doubt():
    (h,) = extract_headlines("f" * 64, [_rank_doc(frozenset())])
    assert 4991 in {r for r, _, _ in h.ranks} and not _rank_flags(h)


def test_the_numbers_ocr_read_with_low_confidence_reach_the_page_lines():
    from pipeline.pages import OCR, PageResult, doubtful_numbers
    from pipeline.segment import page_lines

    box = (0.1, 0.1, 0.2, 0.12)
    glyphs = (("๔,๙๙๑", box), ("๙๐.๕๗", box), ("๓", box), ("ของ", box))
    confs = (73.7, 99.7, 12.0, 40.0)
    # a lone digit (a list marker) and words are no numbers of a value
    assert doubtful_numbers(glyphs, confs) == {"4991"}
    assert doubtful_numbers(glyphs, confs[:2]) == set()  # confidences that do not fit the glyphs: none
    page = PageResult(1, OCR, "อันดับที่ ๔,๙๙๑ ของประเทศ", glyphs=glyphs, glyph_confs=confs)
    assert page_lines([page])[0].doubtful == {"4991"}
