"""Dates and periods as ITA documents write them, in Thai or Arabic digits:

    ๑๙ ธันวาคม ๒๕๖๗            one day
    21 มี.ค. 65                 abbreviated month, 2-digit Buddhist year
    1/10/2566, 31.4.66          numeric day/month/year (31.4.66 is an error)
    ตุลาคม 2566                 a whole month
    1 ตุลาคม 2566 ถึง 30 กันยายน 2567, ต.ค. 65 ถึง ก.ย. 66, 1 - 30 ก.ย. 67
                                 ranges (ถึง or a dash)
    ปีงบประมาณ พ.ศ.๒๕๖๘          a fiscal year (1 Oct 2567 – 30 Sep 2568)
    ไตรมาสที่ ๑                 a fiscal quarter (needs the fiscal year)

Years are Buddhist Era (B.E.) unless they look Christian (19xx–21xx); two-digit
years mean 25xx B.E. A date that cannot exist gives a DateParse with `error`
set, never an exception. pythainlp.util.thai_strptime is not used: it fails on
Thai digits, 2-digit years and พ.ศ. (DESIGN §2); its month tables are.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from pythainlp.util import convert_years
from pythainlp.util.date import thai_abbr_months, thai_full_months

_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_D = "[0-9๐-๙]"

# B.E. years we accept as such; outside both ranges a year is an error.
_BE_RANGE = (2400, 2700)
_CE_RANGE = (1900, 2157)  # 2157 C.E. = 2700 B.E.


@dataclass(frozen=True)
class DateParse:
    """A date or period found in text. A single day has start == end; a month,
    fiscal year or quarter spans its first to its last day. `error` says why
    a date-like text could not be read (then start/end may be None).
    `offset` is where `raw` starts in the text searched."""

    start: date | None
    end: date | None
    raw: str
    error: str | None
    offset: int = 0


def be_to_ce(year: int) -> int:
    """Buddhist Era → Christian Era (2567 → 2024)."""
    return int(convert_years(str(year), src="be", target="ad"))


def ce_to_be(year: int) -> int:
    """Christian Era → Buddhist Era (2024 → 2567)."""
    return int(convert_years(str(year), src="ad", target="be"))


def fiscal_year_of(d: date) -> int:
    """The Thai fiscal year (B.E.) that contains d: it runs 1 Oct – 30 Sep and
    is named after the year it ends in (1 Oct 2023 → 2567)."""
    return ce_to_be(d.year) + (1 if d.month >= 10 else 0)


def fiscal_year_span(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a fiscal year (B.E.)."""
    end_year = be_to_ce(fiscal_year_be)
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def quarter_span(fiscal_year_be: int, quarter: int) -> tuple[date, date]:
    """First and last day of quarter 1–4 of a fiscal year: Q1 is Oct–Dec of the
    previous calendar year, Q4 is Jul–Sep."""
    first_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    year = be_to_ce(fiscal_year_be) - (1 if quarter == 1 else 0)
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, _days_in(year, last_month))


# --------------------------------------------------------------------------
# Month names
# --------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    return re.sub(f"[{_MARKS}]", "", text)


def _full_month_pattern(name: str) -> str:
    # OCR drops tone marks and upper vowels (DESIGN §2), so each mark is optional.
    return "".join(f"{ch}?" if re.match(f"[{_MARKS}]", ch) else re.escape(ch) for ch in name)


def _abbr_month_pattern(abbr: str) -> str:
    # "มี.ค." also written "มี.ค", "มี. ค.": dots after the last part optional.
    first, second = [part for part in abbr.split(".") if part]
    return f"{re.escape(first)}\\.\\s?{re.escape(second)}\\.?"


_FULL_BY_KEY = {_strip_marks(name): i + 1 for i, name in enumerate(thai_full_months)}
_ABBR_BY_KEY = {abbr.replace(".", ""): i + 1 for i, abbr in enumerate(thai_abbr_months)}

_MONTH = (
    "(?:"
    + "|".join(_full_month_pattern(n) for n in sorted(thai_full_months, key=len, reverse=True))
    + "|(?<![ก-ฮ.])(?:"
    + "|".join(_abbr_month_pattern(a) for a in thai_abbr_months)
    + "))"
)


_MONTH_FIRST = re.compile(_MONTH)


def starts_with_month(text: str) -> bool:
    """Whether `text` opens with a Thai month's name, full or abbreviated
    ("ตุลาคม๒๕๖๗", "ต.ค. ๖๗")."""
    return _MONTH_FIRST.match(text) is not None


def garbled_month(word: str) -> int | None:
    """The month a full month name garbled by OCR stands for ("จั้นวาคม", "ธินวาคม" for
    ธันวาคม): the one name, marks left out, within one letter (two for names of seven
    letters or more) of the word, and no other as close; else None. A reading of
    doubtful text: the caller flags what it gives."""
    from rapidfuzz.distance import Levenshtein

    bare = _strip_marks(re.sub(r"\s", "", word))
    if bare in _FULL_BY_KEY:
        return _FULL_BY_KEY[bare]
    scored = sorted((Levenshtein.distance(bare, key), month) for key, month in _FULL_BY_KEY.items())
    (best, month), (second, _) = scored[0], scored[1]
    limit = 2 if len(bare) >= 7 else 1
    return month if best <= limit and second > best else None


def _month_number(text: str) -> int | None:
    key = re.sub(r"[\s.]", "", text)
    return _ABBR_BY_KEY.get(key) or _FULL_BY_KEY.get(_strip_marks(key))


# --------------------------------------------------------------------------
# Date patterns
# --------------------------------------------------------------------------

_S = r"\s{0,3}"
_ERA = r"(?:(?:พ|ค)\.?\s?ศ\.?\s{0,3})"
_YEAR = f"(?:{_ERA}?{_D}{{4}}|{_ERA}?{_D}{{2}})(?!{_D})"
_DAY = f"(?<!{_D}){_D}{{1,2}}"
_FULL = f"{_DAY}{_S}{_MONTH}{_S}{_YEAR}"
_MONTH_YEAR = f"{_MONTH}{_S}{_YEAR}"
# d/m/y or d.m.y or d-m-y; not part of a longer dotted number ("1.2.3.4").
_NUMERIC = (
    f"(?<![0-9๐-๙.,/]){_D}{{1,2}}(?P<sep>[/.\\-]){_D}{{1,2}}(?P=sep)"
    f"(?:{_D}{{4}}|{_D}{{2}})(?![0-9๐-๙]|[.,/][0-9๐-๙])"
)
_NUMERIC_NOSEP = (
    f"(?<![0-9๐-๙.,/]){_D}{{1,2}}[/.\\-]{_D}{{1,2}}[/.\\-]"
    f"(?:{_D}{{4}}|{_D}{{2}})(?![0-9๐-๙]|[.,/][0-9๐-๙])"
)
_RANGE_SEP = r"\s{0,3}(?:จน)?(?:ถึง(?:วันที่)?|[-–—])\s{0,3}"

_SINGLE = f"(?:{_FULL}|{_NUMERIC_NOSEP})"
_RANGE = re.compile(f"(?P<a>{_SINGLE}){_RANGE_SEP}(?P<b>{_SINGLE})")
# "1 - 30 กันยายน 2567", "1 ต.ค. - 31 ธ.ค. 66": the left side borrows what it lacks.
_PARTIAL_RANGE = re.compile(
    f"(?P<a>{_DAY}(?:{_S}{_MONTH})?){_RANGE_SEP}(?P<b>{_FULL})"
)
# "ต.ค. 65 ถึง ก.ย. 66", "มกราคม - มีนาคม 2567"
_MONTH_RANGE = re.compile(
    f"(?P<a>{_MONTH}(?:{_S}{_YEAR})?){_RANGE_SEP}(?P<b>{_MONTH_YEAR})"
)
_FULL_RE = re.compile(_FULL)
_NUMERIC_RE = re.compile(_NUMERIC)
_MONTH_YEAR_RE = re.compile(_MONTH_YEAR)
_FISCAL_RE = re.compile(
    f"(?:ประจำ)?ปี\\s{{0,3}}งบ\\s?ประมาณ\\s{{0,3}}{_ERA}?(?P<year>{_D}{{4}}|{_D}{{2}})(?!{_D})"
)
_QUARTER_RE = re.compile(
    f"ไตรมาส(?:\\s?ที่)?\\s{{0,3}}(?P<q>{_D})(?!{_D})"
    f"(?:\\s{{0,3}}(?:/|(?:ประจำ)?ปี\\s{{0,3}}(?:งบ\\s?ประมาณ)?)\\s{{0,3}}{_ERA}?"
    f"(?P<year>{_D}{{4}}|{_D}{{2}})(?!{_D}))?"
)
# The year after ปีงบประมาณ / ประจำปีงบประมาณ พ.ศ. / ปี พ.ศ.
# OCR turns the พ.ศ. of a title into Latin junk ("ประจำปีงบประมาณ W. A, ๒๕๖๖", "พ. A,
# ๒๕๖๖"): after ปีงบประมาณ a few Latin letters, dots and the era's own letters stand for
# it, before a four-digit year only
_ERA_JUNK = f"(?:[พศA-Za-z.,:'\\s]{{1,8}}(?={_D}{{4}}))"
# ปี as OCR reads it before งบประมาณ, its sara ii bent or a tone added ("ประจำปิ่งบประมาณ",
# "ปังบประมาณ"); ปิ alone is a word (ปิด), so only before งบประมาณ
_FISCAL_YEAR_RE = re.compile(
    f"(?P<prefix>ประจำ)?(?:ปี\\s{{0,3}}(?:งบ\\s?ประมาณ\\s{{0,3}}(?:{_ERA}|{_ERA_JUNK})?|{_ERA})"
    f"|ป[\u0e31\u0e34\u0e35][\u0e48\u0e49]?\\s{{0,3}}งบ\\s?ประมาณ\\s{{0,3}}(?:{_ERA}|{_ERA_JUNK})?)"
    f"(?P<year>{_D}{{4}}|{_D}{{2}})(?!{_D})"
)

_PARTS = re.compile(f"(?P<day>{_D}{{1,2}})?{_S}(?P<month>{_MONTH})?{_S}(?P<year>{_YEAR})?")
_YEAR_DIGITS = re.compile(f"{_D}+$")


# --------------------------------------------------------------------------
# Building DateParse values
# --------------------------------------------------------------------------


class _Bad(ValueError):
    """A date-like text that names no real date; the message says why."""


def _to_int(digits: str) -> int:
    return int(digits.translate(_TO_ARABIC))


def _ce_year(year_text: str) -> int:
    """Christian year from a written year: 2-digit → 25xx B.E.; 4-digit B.E.
    or C.E. told apart by range."""
    digits = _YEAR_DIGITS.search(year_text.strip())
    if digits is None:
        raise _Bad(f"no year in {year_text!r}")
    year = _to_int(digits.group())
    if len(digits.group()) == 2:
        return be_to_ce(2500 + year)
    if _BE_RANGE[0] <= year <= _BE_RANGE[1]:
        return be_to_ce(year)
    if _CE_RANGE[0] <= year <= _CE_RANGE[1]:
        return year
    raise _Bad(f"implausible year {year}")


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _make_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _Bad(f"no month {month}")
    if not 1 <= day <= _days_in(year, month):
        raise _Bad(f"day {day} does not exist in month {month} of {ce_to_be(year)} B.E.")
    return date(year, month, day)


def _split_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, C.E. year) of a written date; missing parts are None."""
    numeric = _NUMERIC_RE.fullmatch(text.strip())
    if numeric:
        day, month, year = re.split(r"[/.\-]", numeric.group())
        return _to_int(day), _to_int(month), _ce_year(year)
    m = _PARTS.fullmatch(text.strip())
    if m is None:
        raise _Bad(f"cannot read {text!r}")
    day = _to_int(m["day"]) if m["day"] else None
    month = _month_number(m["month"]) if m["month"] else None
    year = _ce_year(m["year"]) if m["year"] else None
    return day, month, year


def _single(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    day, month, year = _split_parts(m.group())
    assert day is not None and month is not None and year is not None
    d = _make_date(year, month, day)
    return d, d


def _month_year(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    _, month, year = _split_parts(m.group())
    assert month is not None and year is not None
    return date(year, month, 1), date(year, month, _days_in(year, month))


def _ordered(start: date, end: date) -> tuple[date, date]:
    if end < start:
        raise _Bad("range ends before it starts")
    return start, end


def _range(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    a_day, a_month, a_year = _split_parts(m["a"])
    b_day, b_month, b_year = _split_parts(m["b"])
    assert None not in (a_day, a_month, a_year, b_day, b_month, b_year)
    return _ordered(_make_date(a_year, a_month, a_day), _make_date(b_year, b_month, b_day))  # type: ignore[arg-type]


def _partial_range(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    a_day, a_month, _ = _split_parts(m["a"])
    b_day, b_month, b_year = _split_parts(m["b"])
    assert a_day is not None and b_day is not None and b_month is not None and b_year is not None
    month = a_month or b_month
    # "1 ต.ค. - 31 ธ.ค. 66" stays in one year unless the months wrap (พ.ย. – ม.ค.).
    year = b_year - 1 if month > b_month else b_year
    return _ordered(_make_date(year, month, a_day), _make_date(b_year, b_month, b_day))


def _month_range(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    _, a_month, a_year = _split_parts(m["a"])
    _, b_month, b_year = _split_parts(m["b"])
    assert a_month is not None and b_month is not None and b_year is not None
    if a_year is None:  # "ตุลาคม - ธันวาคม 2566": the year is written once
        a_year = b_year - 1 if a_month > b_month else b_year
    start = date(a_year, a_month, 1)
    return _ordered(start, date(b_year, b_month, _days_in(b_year, b_month)))


def _fiscal(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    return fiscal_year_span(ce_to_be(_ce_year(m["year"])))


def _quarter(m: re.Match[str], fiscal_year: int | None) -> tuple[date, date]:
    quarter = _to_int(m["q"])
    if not 1 <= quarter <= 4:
        raise _Bad(f"no quarter {quarter}")
    if m["year"]:
        fiscal_year = ce_to_be(_ce_year(m["year"]))
    if fiscal_year is None:
        raise _Bad("quarter without a fiscal year")
    return quarter_span(fiscal_year, quarter)


_Builder = Callable[[re.Match[str], "int | None"], tuple[date, date]]
# Longest forms first; among overlapping matches the earliest, then longest wins.
_FORMS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_RANGE, _range),
    (_PARTIAL_RANGE, _partial_range),
    (_MONTH_RANGE, _month_range),
    (_FISCAL_RE, _fiscal),
    (_QUARTER_RE, _quarter),
    (_FULL_RE, _single),
    (_NUMERIC_RE, _single),
    (_MONTH_YEAR_RE, _month_year),
)


def _build(m: re.Match[str], builder: _Builder, fiscal_year: int | None) -> DateParse:
    raw = m.group()
    try:
        start, end = builder(m, fiscal_year)
    except (_Bad, ValueError, OverflowError) as exc:
        return DateParse(None, None, raw, str(exc) or "invalid date", m.start())
    return DateParse(start, end, raw, None, m.start())


def find_dates(text: str, fiscal_year: int | None = None) -> list[DateParse]:
    """Every date or period in `text`, in text order, without overlaps (the
    longest reading wins: a range, not its two ends). `fiscal_year` (B.E.)
    resolves ไตรมาสที่ N when the text does not name the year."""
    candidates: list[tuple[int, int, int, re.Match[str], _Builder]] = []
    for rank, (pattern, builder) in enumerate(_FORMS):
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), rank, m, builder))
    candidates.sort(key=lambda c: c[:3])
    found: list[DateParse] = []
    taken_until = -1
    for start, _, _, m, builder in candidates:
        if start < taken_until:
            continue
        found.append(_build(m, builder, fiscal_year))
        taken_until = m.end()
    return found


def parse_date(text: str, fiscal_year: int | None = None) -> DateParse | None:
    """The first date or period in `text`; None when there is nothing
    date-like at all. A date that cannot exist (31.4.66) comes back with
    `error` set."""
    dates = find_dates(text, fiscal_year)
    return dates[0] if dates else None


def find_fiscal_year(text: str) -> int | None:
    """The fiscal year (B.E.) a text is about: the year after ประจำปีงบประมาณ
    พ.ศ. / ปีงบประมาณ / ปี พ.ศ. A "ประจำปี…" phrase (the title's) wins over a
    passing mention; otherwise the first. Years outside 2500–2700 B.E. are
    ignored (Tesseract misreads ๒๕๖๗ as ๒๕๒๕, but not that far)."""
    first: int | None = None
    for m in _FISCAL_YEAR_RE.finditer(text):
        digits = m["year"]
        year = _to_int(digits)
        if len(digits) == 2:
            year += 2500
        if not 2500 <= year <= 2700:
            continue
        if m["prefix"]:
            return year
        if first is None:
            first = year
    return first
