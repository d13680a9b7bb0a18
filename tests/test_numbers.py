"""normalizers.numbers: Thai/Arabic digits, thousands, decimals, dashes."""

from __future__ import annotations

import pytest

from normalizers.numbers import (
    Number,
    find_numbers,
    parse_number,
    parse_rank,
    parse_score,
    to_arabic_digits,
    to_thai_digits,
)


@pytest.mark.parametrize(
    ("token", "value", "is_integer"),
    [
        ("๙๓.๗๑", 93.71, False),  # overall score, real report
        ("๑๐๐.๐๐", 100.0, False),
        ("๑๐๐", 100.0, True),
        ("๒,๙๙๑", 2991.0, True),  # rank, real report
        ("2,551", 2551.0, True),
        ("1,234,567.89", 1234567.89, False),
        ("84.17", 84.17, False),
        (" 76.10 ", 76.10, False),
        ("๐", 0.0, True),
        ("-3.25", -3.25, False),
        ("99.00%", 99.0, False),
    ],
)
def test_parse_number(token: str, value: float, is_integer: bool) -> None:
    number = parse_number(token)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.is_integer is is_integer
    assert number.raw == token.strip().rstrip("%")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "   ",
        "-",
        "–",
        "—",
        "๓ว.๕@",  # Tesseract garble of ๓๖.๙ (DESIGN §2)
        "93,71",  # not a thousands grouping
        "1,2345",
        "31.4.66",
        "คะแนน",
        "E12",
        "1" * 50,
    ],
)
def test_parse_number_rejects(token: str) -> None:
    assert parse_number(token) is None


def test_find_numbers_spans_and_raw() -> None:
    # a real line from a memo
    text = "ผลการประเมินอยู่ในลำดับที่ ๒,๙๙๑ ของหน่วยงาน คะแนน ๙๓.๗๑"
    numbers = find_numbers(text)
    assert [(n.value, n.raw) for n in numbers] == [(2991.0, "๒,๙๙๑"), (93.71, "๙๓.๗๑")]
    for n in numbers:
        assert text[n.start : n.end] == n.raw


def test_find_numbers_table_row() -> None:
    # row of a real 2566-vs-2567 comparison table
    row = "IIT\t๑. การปฏิบัติหน้าที่\t๙๑.๔๓\t๘๔.๑๗\tลดลง"
    assert [n.value for n in find_numbers(row)] == [1.0, 91.43, 84.17]


def test_find_numbers_skips_codes_and_dotted_dates() -> None:
    assert find_numbers("E12 O42 i๒ I1") == []
    assert find_numbers("31.4.66") == []


def test_find_numbers_mixed() -> None:
    text = "พ.ศ.๒๕๖๗ 2566-2567 (IIT) 96.75 คะแนน\t-\t-3.5"
    assert [n.value for n in find_numbers(text)] == [2567.0, 2566.0, 2567.0, 96.75, -3.5]


def test_find_numbers_splits_comma_lists() -> None:
    assert [n.value for n in find_numbers("93,71")] == [93.0, 71.0]
    numbers = find_numbers("ข้อ 1,2,3")
    assert [(n.value, n.start) for n in numbers] == [(1.0, 4), (2.0, 6), (3.0, 8)]


@pytest.mark.parametrize(
    ("token", "expected"),
    [("๑๐๐.๐๐", 100.0), ("0", 0.0), ("๗๙.๔๔", 79.44), ("100.01", None), ("-1", None), ("-", None), ("", None)],
)
def test_parse_score(token: str, expected: float | None) -> None:
    assert parse_score(token) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("๒,๙๙๑", 2991), ("1", 1), ("7,850", 7850), ("0", None), ("-5", None), ("12.5", None), ("12.0", None), ("abc", None)],
)
def test_parse_rank(token: str, expected: int | None) -> None:
    assert parse_rank(token) == expected


def test_thai_digit_round_trip() -> None:
    assert to_thai_digits("93.71") == "๙๓.๗๑"
    assert to_thai_digits(2991) == "๒๙๙๑"
    assert to_arabic_digits("๒,๙๙๑") == "2,991"
    assert to_arabic_digits(to_thai_digits("0123456789")) == "0123456789"


def test_number_is_frozen() -> None:
    number = Number(1.0, "1", 0, 1, True)
    with pytest.raises(AttributeError):
        number.value = 2.0  # type: ignore[misc]
