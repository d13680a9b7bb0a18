"""normalizers.dates: Thai dates, ranges, fiscal years and quarters."""

from __future__ import annotations

from datetime import date

import pytest

from normalizers.dates import (
    DateParse,
    be_to_ce,
    ce_to_be,
    find_dates,
    find_fiscal_year,
    fiscal_year_of,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # memo date, real report
        ("ที่ ปบ ๘๐๐๐๑/ วันที่ ๑๙ ธันวาคม ๒๕๖๗", date(2024, 12, 19), date(2024, 12, 19)),
        ("เมื่อวันที่ ๓๐ กรกฎาคม ๒๕๖๗ ทั้งนี้", date(2024, 7, 30), date(2024, 7, 30)),
        ("19 ธันวาคม พ.ศ. 2567", date(2024, 12, 19), date(2024, 12, 19)),
        ("21 มี.ค. 65", date(2022, 3, 21), date(2022, 3, 21)),
        ("๓๐ ก.ย. ๖๗", date(2024, 9, 30), date(2024, 9, 30)),
        ("1 ม.ค.2567", date(2024, 1, 1), date(2024, 1, 1)),
        ("1/10/2566", date(2023, 10, 1), date(2023, 10, 1)),
        ("๑/๑๐/๖๖", date(2023, 10, 1), date(2023, 10, 1)),
        ("2 พฤศจิกายน 2023", date(2023, 11, 2), date(2023, 11, 2)),  # C.E. year
        # period column of a real measures table
        ("1 ตุลาคม 2566 ถึง 30 กันยายน 2567", date(2023, 10, 1), date(2024, 9, 30)),
        ("ต.ค. 65 ถึง ก.ย. 66", date(2022, 10, 1), date(2023, 9, 30)),
        ("ตุลาคม 2566 - กันยายน 2567", date(2023, 10, 1), date(2024, 9, 30)),
        ("มกราคม - มีนาคม 2567", date(2024, 1, 1), date(2024, 3, 31)),
        ("ตุลาคม – ธันวาคม 2566", date(2023, 10, 1), date(2023, 12, 31)),
        ("1 - 30 กันยายน 2567", date(2024, 9, 1), date(2024, 9, 30)),
        ("1 ต.ค. - 31 ธ.ค. 66", date(2023, 10, 1), date(2023, 12, 31)),
        ("1/10/2566 - 30/9/2567", date(2023, 10, 1), date(2024, 9, 30)),
        # month only
        ("ตุลาคม 2566", date(2023, 10, 1), date(2023, 10, 31)),
        ("ภายในเดือนกุมภาพันธ์ 2567", date(2024, 2, 1), date(2024, 2, 29)),
        # OCR dropped the marks of the month name
        ("กมภาพนธ 2567", date(2024, 2, 1), date(2024, 2, 29)),
        # fiscal year
        ("เพื่อยกระดับคะแนนในปีงบประมาณ พ.ศ.๒๕๖๘", date(2024, 10, 1), date(2025, 9, 30)),
        ("ประจำปีงบประมาณ 2566", date(2022, 10, 1), date(2023, 9, 30)),
        ("ไตรมาส 2/2567", date(2024, 1, 1), date(2024, 3, 31)),
        ("ไตรมาสที่ 4 ปีงบประมาณ 2567", date(2024, 7, 1), date(2024, 9, 30)),
    ],
)
def test_parse_date(text: str, start: date, end: date) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.error is None
    assert (parsed.start, parsed.end) == (start, end)
    assert parsed.raw in text
    assert text[parsed.offset : parsed.offset + len(parsed.raw)] == parsed.raw


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        ("ไตรมาสที่ ๑", date(2023, 10, 1), date(2023, 12, 31)),
        ("ไตรมาสที่ 2", date(2024, 1, 1), date(2024, 3, 31)),
        ("ไตรมาสที่ 3", date(2024, 4, 1), date(2024, 6, 30)),
        ("ไตรมาสที่ 4", date(2024, 7, 1), date(2024, 9, 30)),
    ],
)
def test_quarter_needs_fiscal_year(quarter: str, start: date, end: date) -> None:
    parsed = parse_date(quarter, fiscal_year=2567)
    assert parsed is not None and (parsed.start, parsed.end) == (start, end)
    without = parse_date(quarter)
    assert without is not None and without.start is None and without.error


@pytest.mark.parametrize(
    ("text", "error_word"),
    [
        ("31.4.66", "day 31"),  # April has 30 days
        ("30 กุมภาพันธ์ 2567", "day 30"),
        ("29/2/2566", "day 29"),  # 2023 is not a leap year
        ("1/13/2566", "month"),
        ("1 มกราคม 1200", "year"),
        ("30 กันยายน 2567 ถึง 1 ตุลาคม 2566", "before"),
    ],
)
def test_impossible_dates_give_errors(text: str, error_word: str) -> None:
    parsed = parse_date(text)
    assert isinstance(parsed, DateParse)
    assert parsed.error is not None and error_word in parsed.error
    assert parsed.start is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "ไม่มีวันที่", "คะแนน ๙๓.๗๑", "9.1.2 ข้อมูล", "ปี 2566", "1.2.3.4", "🙂"],
)
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_prefers_the_range() -> None:
    dates = find_dates("ระยะเวลา\t1 ตุลาคม 2566 ถึง 30 กันยายน 2567\tสำนักปลัด")
    assert len(dates) == 1
    assert dates[0].raw == "1 ตุลาคม 2566 ถึง 30 กันยายน 2567"


def test_find_dates_in_order() -> None:
    text = "วันที่ ๒๙ กันยายน ๒๕๖๖ ... ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ... 17 สิงหาคม 2566"
    assert [d.start for d in find_dates(text)] == [
        date(2023, 9, 29),
        date(2022, 10, 1),
        date(2023, 8, 17),
    ]


def test_be_ce() -> None:
    assert be_to_ce(2567) == 2024
    assert ce_to_be(2024) == 2567
    assert be_to_ce(ce_to_be(1999)) == 1999


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2023, 10, 1), 2567),
        (date(2023, 9, 30), 2566),
        (date(2024, 9, 30), 2567),
        (date(2024, 1, 15), 2567),
        (date(2024, 12, 19), 2568),
    ],
)
def test_fiscal_year_of(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", 2567),
        ("ปีงบประมาณ พ.ศ.๒๕๖๘", 2568),
        ("ประจำปี พ.ศ. ๒๕๖๖", 2566),  # real memo subject line
        ("ในปีงบประมาณ พ.ศ. 2566", 2566),
        ("ปีงบประมาณ  2566", 2566),
        ("ปี งบประมาณ 66", 2566),
        ("ปี พ.ศ.2567", 2567),
        # the title's ประจำปี… wins over an earlier passing mention
        ("จากปีงบประมาณ พ.ศ.๒๕๖๖ ... ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", 2567),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๖ และ ๒๕๖๗", 2566),
        # a noisy scan's title: OCR read พ.ศ. as Latin junk
        ("ประจำปีงบประมาณ W. A, ๒๕๖๖", 2566),
        ("ประจำปีงบประมาณ พ. A, ๒๕๖๖", 2566),  # its พ kept
        # ปี's vowel bent by OCR before งบประมาณ (a spreadsheet's title scanned at 300 dpi);
        # the title still wins over the measures' period of the next year
        ("ประจำปิ่งบประมาณ พ.ศ. 2566 … ปังบประมาณ พ.ศ. 2567", 2566),
        ("ปังบประมาณ พ.ศ. 2567", 2567),
    ],
)
def test_find_fiscal_year(text: str, year: int) -> None:
    assert find_fiscal_year(text) == year


def test_latin_junk_stands_for_the_era_only_briefly_and_before_four_digits():
    assert find_fiscal_year("ปีงบประมาณ abc def ghi 2566") is None  # too long to be พ.ศ.
    assert find_fiscal_year("ปีงบประมาณ W. 66 คน") is None  # a two-digit number is no year here


@pytest.mark.parametrize("text", ["", "ปี 2566", "ข้อค้นพบ ปี 2566", "พ.ศ. 2567", "ปีงบประมาณ พ.ศ. 1999",
                                  "ปิดประกาศ 2566"])
def test_find_fiscal_year_none(text: str) -> None:
    assert find_fiscal_year(text) is None
