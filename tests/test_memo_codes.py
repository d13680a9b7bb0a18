"""A memo number's bold code that the page's OCR read as Latin letters (issue 17): the
Thai model's re-read of that ink (pipeline/ocr/memo_codes.py), and what the headline
takes a misread code as (normalizers/doc_numbers.py, headline.repair_doc_number_and_date),
always with a flag."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from normalizers import doc_numbers
from pipeline.extract.headline import find_doc_number_and_date, repair_doc_number_and_date
from pipeline.ocr import memo_codes
from pipeline.ocr.settings import OcrSettings, OcrWord
from pipeline.segment import Document, Line


def _word(text, left, top=400, width=40, height=46, line=1, word=1):
    return OcrWord(text, 90.0, left, top, width, height, 1, 1, line, word)


# the ที่ line of a memo on a 300-dpi scan as tha+eng read it: the label's ท and ี apart,
# the bold code สฎ as "ag", then the office's number and the date
_LINE = [_word("ท", 282, width=26), _word("ี", 308, width=20), _word("ag", 342, width=60),
         _word("85879/395", 437, width=258), _word("วันที่", 760, width=100)]


def test_the_words_before_an_office_number_are_cut_where_they_hold_a_latin_letter():
    assert memo_codes._candidates(_LINE, 3500) == [([0, 1, 2], 437)]
    # the code read as Thai: nothing to re-read
    thai = [_word("ที่", 282, width=46), _word("บร", 342, width=60), _word("๗๗๑๖๗/๙๒๙", 437, width=258)]
    assert memo_codes._candidates(thai, 3500) == []
    # the same line low on the page is no memo's head; a number far from the words before it is no office number's
    assert memo_codes._candidates([_word(w.text, w.left, top=2500, width=w.width) for w in _LINE], 3500) == []
    far = _LINE[:3] + [_word("85879/395", 900, width=258)]
    assert memo_codes._candidates(far, 3500) == []
    # a speck among the office number's digits still marks the line
    specked = _LINE[:3] + [_word("๗,๑๔๒๔/๔๑๓", 437, width=258)]
    assert memo_codes._candidates(specked, 3500) == [([0, 1, 2], 437)]
    # the label and one letter of the code ("ที่ย๗๘๔๙๕/๒๕๔": ล of ยล lost) are less than a code
    short = [_word("ท", 155, width=25), _word("ี", 174, width=20), _word("่", 200, width=18),
             _word("ย", 224, width=21), _word("๗๘๔๙๕/๒๕๔", 264, width=258)]
    assert memo_codes._candidates(short, 3500) == [([0, 1, 2, 3], 264)]
    whole = short[:4] + [_word("ล", 246, width=18), _word("๗๘๔๙๕/๒๕๔", 270, width=258)]
    assert memo_codes._candidates(whole, 3500) == []


@pytest.mark.parametrize("readings, want", [
    (["ที", "สฏู"], "ที่ สฏู"),  # the mark the Thai model made of ฎ's tail is kept for the headline
    (["ซ้", "ท", "ชร"], "ที่ ชร"),  # the label's bold letters garbled, the code a word of its own
    (["ซ่", "ท", "น", "ศ"], "ที่ นศ"),
    (["ฆี่สฏ"], "ที่ สฏ"),
    (["มค"], "มค"),
    (["ag"], None),  # still Latin
    (["บันทึกข้อ"], None),  # more than a label and a code
])
def test_the_thai_models_reading_is_a_code_or_nothing(readings, want):
    assert memo_codes.code_of(readings) == want


def test_a_latin_code_is_replaced_by_the_thai_reading(monkeypatch):
    calls = []

    def read_crops(image, cuts, settings, deadline, lang="eng"):
        calls.append((cuts, lang))
        return [[_word("ที", 0), _word("สฏู", 50)]]

    monkeypatch.setattr(memo_codes, "read_crops", read_crops)
    out = memo_codes.reread_memo_codes(Image.new("L", (2480, 3500), 255), _LINE, OcrSettings(), 0.0)
    assert [w.text for w in out] == ["ที่ สฏู", "", "", "85879/395", "วันที่"]
    assert calls and calls[0][1] == "tha" and calls[0][0][0][0] <= 282 and calls[0][0][0][2] >= 402

    # a reading that is no code leaves the page's words as they were
    monkeypatch.setattr(memo_codes, "read_crops", lambda *a, **k: [[_word("ag", 0)]])
    assert memo_codes.reread_memo_codes(Image.new("L", (2480, 3500), 255), _LINE, OcrSettings(), 0.0) == _LINE


def test_a_code_one_lookalike_off_a_province_code():
    assert doc_numbers.code_by_lookalike("สฏ") == "สฎ"  # ฏ for ฎ
    assert doc_numbers.code_by_lookalike("สฏู") == "สฎ"  # and the tail read as a mark
    assert doc_numbers.code_by_lookalike("ปร") == "บร"
    assert doc_numbers.code_by_lookalike("บร") is None  # a province's code as read
    assert doc_numbers.code_by_lookalike("มท") is None  # a ministry's code as read
    assert doc_numbers.code_by_lookalike("ปช") is None  # the NACC's, though ปข is a province's
    assert doc_numbers.code_by_lookalike("กข") is None  # no swap gives one


def _memo(line: str) -> Document:
    return Document(0, "score_report_memo", (Line(1, "บันทึกข้อความ"), Line(1, line)))


@pytest.mark.parametrize("line, local, want", [
    ("ที่ สฏ 85879/395\tวันที่ 3ธันวาคม2567", False, "สฎ 85879/395"),
    ("ที่ สฏู 85879/395\tวันที่3 ธันวาคม 2567", False, "สฎ 85879/395"),
    # a local administration of an unknown province: its code ปร is no province's
    ("ที่ ปร ๗๗๑๖๗/๙๒๙\tวันที่ ๒๔ สิงหาคม ๒๕๖๗", True, "บร ๗๗๑๖๗/๙๒๙"),
    # a speck after the office number's first digit, with or without วันที่ read
    ("ที่ นศ๗.๑๔๒๔/๔๑๓ วันที่ ๕ธันวาคม๒๕๖๕", False, "นศ ๗๑๔๒๔/๔๑๓"),
    ("ที่ นศ ๗,๑๔๒๔/๔๑๓ Jun ๕ ธันวาคม ๒๕๖๕", False, "นศ ๗๑๔๒๔/๔๑๓"),
])
def test_a_misread_number_is_mended_and_flagged(line, local, want):
    d = _memo(line)
    number, day = find_doc_number_and_date(d)
    number, day, doubts = repair_doc_number_and_date(d, number, day, None, local)
    assert number == want and doubts and day is not None


def test_a_number_read_right_is_kept_without_a_flag():
    for line in ("ที่ มท ๐๘๐๘.๓/ว ๑๒๓ วันที่ ๙ พฤศจิกายน ๒๕๖๘", "ที่ บร ๗๗๑๖๗/๙๒๙\tวันที่ ๒๔ สิงหาคม ๒๕๖๗",
                 "ที่ ปช ๐๐๐๔/๑๒๓ วันที่ ๙ พฤศจิกายน ๒๕๖๘"):
        d = _memo(line)
        number, day = find_doc_number_and_date(d)
        got = repair_doc_number_and_date(d, number, day, None, line.startswith("ที่ บร"))
        assert got == (number, day, []) and number and day


def test_a_local_administrations_code_that_is_no_provinces_is_flagged():
    d = _memo("ที่ กข ๗๗๑๖๗/๙๒๙\tวันที่ ๒๔ สิงหาคม ๒๕๖๗")
    number, day = find_doc_number_and_date(d)
    number, day, doubts = repair_doc_number_and_date(d, number, day, None, True)
    assert number == "กข ๗๗๑๖๗/๙๒๙" and day == date(2024, 8, 24)
    assert len(doubts) == 1 and doubts[0][0].startswith("ที่ กข")


def test_a_local_administrations_code_of_another_province_is_flagged():
    # a local administration in นครราชสีมา (code นม) writes นม; นบ (นนทบุรี) is a misread
    d = _memo("ที่ นบ ๘๘๑๖๙/๔๔๑\tวันที่ ๒๙ กันยายน ๒๕๖๖")
    number, day = find_doc_number_and_date(d)
    number, day, doubts = repair_doc_number_and_date(d, number, day, "นครราชสีมา", True)
    assert number == "นบ ๘๘๑๖๙/๔๔๑" and len(doubts) == 1 and "นม" in doubts[0][1]
    d = _memo("ที่ นม ๘๘๑๖๙/๔๔๑\tวันที่ ๒๙ กันยายน ๒๕๖๖")
    assert repair_doc_number_and_date(d, *find_doc_number_and_date(d), "นครราชสีมา", True)[2] == []


def test_a_latin_month_between_a_day_and_a_year_is_read_again_by_the_thai_model(monkeypatch):
    # "ที่ บร ๘๙๓๕๕/๕๔๔ วันที่ ๑ SUTIAN ๒๕๖๖": ธันวาคม printed bold-ish, read as Latin
    line = [_word("ที่", 150, width=40), _word("บร", 200, width=40), _word("๘๙๓๕๕/๕๔๔", 250, width=200),
            _word("วันที่", 500, width=80), _word("๑", 590, width=20), _word("SUTIAN", 620, width=150),
            _word("๒๕๖๖", 780, width=90)]
    assert memo_codes._month_candidates(line, 3500) == [5]
    assert memo_codes._month_candidates(line[:6], 3500) == []  # no year after it: no date's month
    monkeypatch.setattr(memo_codes, "read_crops", lambda *a, **k: [[_word("ธันวาคม", 0)]])
    out = memo_codes.reread_memo_codes(Image.new("L", (2480, 3500), 255), line, OcrSettings(), 0.0)
    assert [w.text for w in out] == ["ที่", "บร", "๘๙๓๕๕/๕๔๔", "วันที่", "๑", "ธันวาคม", "๒๕๖๖"]
    # a reading that is no month's name leaves the word as it was
    monkeypatch.setattr(memo_codes, "read_crops", lambda *a, **k: [[_word("ลงชื่อ", 0)]])
    assert memo_codes.reread_memo_codes(Image.new("L", (2480, 3500), 255), line, OcrSettings(), 0.0) == line
