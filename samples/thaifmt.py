"""Formatting of numbers, dates and names the way Thai official documents print them."""

from __future__ import annotations

import re
from datetime import date

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
               "พ.ย.", "ธ.ค."]

# A printed number: digits (Thai or Arabic) with inner separators; '2,551' and '93.71' are one token.
NUMBER_TOKEN = re.compile(r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*")


def digits(text: str, thai: bool) -> str:
    """Write every digit of `text` in Thai (thai=True) or Arabic digits."""
    return text.translate(_TO_THAI) if thai else text.translate(_TO_ARABIC)


def to_arabic(text: str) -> str:
    return text.translate(_TO_ARABIC)


def score(value: float, thai: bool) -> str:
    """A published score: always two decimals ('93.71', '๑๐๐.๐๐')."""
    return digits(f"{value:.2f}", thai)


def integer(value: int, thai: bool, grouped: bool = True) -> str:
    return digits(f"{value:,}" if grouped else str(value), thai)


def be_date(d: date, thai: bool, abbr: bool = False) -> str:
    """'19 ธันวาคม 2567' (Buddhist Era year)."""
    month = (MONTHS_ABBR if abbr else MONTHS)[d.month - 1]
    return digits(f"{d.day} {month} {d.year + 543}", thai)


def fiscal_period(fy_be: int, thai: bool, style: int) -> tuple[str, date, date]:
    """The fiscal year fy_be (B.E.) as a printed period, with its C.E. start and end dates."""
    start, end = date(fy_be - 544, 10, 1), date(fy_be - 543, 9, 30)
    if style == 0:
        text = f"1 ตุลาคม {fy_be - 1} ถึง 30 กันยายน {fy_be}"
    elif style == 1:
        text = f"ต.ค. {str(fy_be - 1)[2:]} ถึง ก.ย. {str(fy_be)[2:]}"
    else:
        text = f"ปีงบประมาณ พ.ศ. {fy_be}"
    return digits(text, thai), start, end


def parse_number(token: str) -> float:
    return float(to_arabic(token).replace(",", ""))


def number_tokens(text: str) -> list[str]:
    return NUMBER_TOKEN.findall(text)
