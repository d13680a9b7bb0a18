"""Numbers as ITA reports write them: Thai or Arabic digits, thousands commas
(๒,๙๙๑ → 2991), decimals (๙๓.๗๑), and a dash for "no value".

A dash (-, –, —) in a score cell means "empty", so it parses to None, never 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, _ARABIC_DIGITS)
_TO_THAI = str.maketrans(_ARABIC_DIGITS, _THAI_DIGITS)

_D = "[0-9๐-๙]"
# A numeric run: digits joined by single commas or dots ("2,991", "93.71",
# "31.4.66"). Which of those is one number is decided afterwards.
_RUN = re.compile(
    # a sign counts only when it stands at the start of a token ("\t-3.25")
    f"(?:(?<![^\\s(\\[])[-+\u2212])?"
    # no digits or Latin letters glued on the left: "E12", "O42" are codes
    f"(?<![0-9๐-๙A-Za-z])(?<![0-9๐-๙][.,])"
    f"{_D}+(?:[.,]{_D}+)*"
)
_THOUSANDS = re.compile(f"[-+\u2212]?{_D}{{1,3}}(?:,{_D}{{3}})+(?:\\.{_D}+)?")
_PLAIN = re.compile(f"[-+\u2212]?{_D}+(?:\\.{_D}+)?")
_DASHES = {"-", "–", "—", "\u2212", "--"}
# Anything longer is a serial number or garbage, not a quantity.
_MAX_DIGITS = 30


@dataclass(frozen=True)
class Number:
    """A number found in text. `raw` is the text as written (Thai digits kept),
    `start`/`end` its span in the text searched; `is_integer` is True when it
    was written without a decimal part ("100" yes, "100.00" no)."""

    value: float
    raw: str
    start: int
    end: int
    is_integer: bool


def to_arabic_digits(s: str) -> str:
    """๐–๙ → 0–9; everything else unchanged."""
    return s.translate(_TO_ARABIC)


def to_thai_digits(s: str | int | float) -> str:
    """0–9 → ๐–๙; everything else unchanged (exact inverse of to_arabic_digits
    on digits)."""
    return str(s).translate(_TO_THAI)


def _value_of(raw: str) -> float | None:
    """The value of one well-formed number, or None."""
    if _THOUSANDS.fullmatch(raw) is None and _PLAIN.fullmatch(raw) is None:
        return None
    digits = to_arabic_digits(raw).replace(",", "").replace("\u2212", "-")
    if sum(ch.isdigit() for ch in digits) > _MAX_DIGITS:
        return None
    value = float(digits)
    return value if math.isfinite(value) else None


def _make(raw: str, start: int) -> Number | None:
    value = _value_of(raw)
    if value is None:
        return None
    return Number(value, raw, start, start + len(raw), "." not in raw)


def parse_number(token: str) -> Number | None:
    """One number written alone ("๒,๙๙๑", " 93.71 ", "100%"); None for a dash,
    an empty cell or anything that is not exactly one number. Spans are
    positions in `token`."""
    stripped = token.strip()
    if not stripped or stripped in _DASHES:
        return None
    if stripped.endswith("%"):
        stripped = stripped[:-1].rstrip()
    start = token.find(stripped)
    return _make(stripped, start)


def _split_run(raw: str, start: int) -> list[Number]:
    """A numeric run that is not one number: "93,71" or "1,2,3" are lists, so
    split at commas; dotted runs like "31.4.66" (dates, section numbers) are
    not quantities and are skipped."""
    numbers: list[Number] = []
    offset = 0
    for part in raw.split(","):
        number = _make(part, start + offset)
        if number is not None:
            numbers.append(number)
        offset += len(part) + 1
    return numbers


def find_numbers(text: str) -> list[Number]:
    """Every numeric token in text order, with its span and raw text.
    Digits glued to Latin letters (question codes E12, O42) are not numbers."""
    numbers: list[Number] = []
    for match in _RUN.finditer(text):
        number = _make(match.group(), match.start())
        if number is not None:
            numbers.append(number)
        else:
            numbers.extend(_split_run(match.group(), match.start()))
    return numbers


def parse_score(token: str) -> float | None:
    """An ITA score: a number from 0 to 100 inclusive, else None."""
    number = parse_number(token)
    if number is None or not 0.0 <= number.value <= 100.0:
        return None
    return number.value


def parse_rank(token: str) -> int | None:
    """A rank (ลำดับที่): a positive whole number, thousands commas allowed
    ("๒,๙๙๑" → 2991); None otherwise."""
    number = parse_number(token)
    if number is None or not number.is_integer or number.value < 1:
        return None
    return int(number.value)


# ---------------------------------------------------------------- OCR repairs of scores

# What OCR does to a two-decimal score on a noisy scan, and the one reading each allows
# (all digits kept, only the decimal point moved, doubled or dropped):
#   ๗๙..๔๔    the point doubled                  → ๗๙.๔๔
#   ๑๐.๐.๐๐   a point inserted into the digits   → ๑๐๐.๐๐ (a date, d.m.yy, is left alone)
#   ๙๒ ๘๒.    the point slipped behind a space   → ๙๒.๘๒  (also "๙๒ .๘๒", "๙๒. ๘๒")
#   ๗๕.๐๑ -   a speck after it read as a dash    → ๗๕.๐๑
#   8,9.69    a speck between its digits read as a comma (no thousands group: one digit
#             after it)                          → 89.69
_DOUBLED_POINT = re.compile(f"^({_D}{{1,3}})(?=[.,]*\\.)[.,]{{2,3}}({_D}{{2}})$")
_INSERTED_POINT = re.compile(f"^({_D}{{1,2}})\\.({_D}{{1,2}})\\.({_D}{{2}})$")
_SLIPPED_POINT = re.compile(f"^({_D}{{1,3}})(?: +\\.? *| *\\. +)({_D}{{2}})(\\.?)$")
# a speck after the score read as a dash, a word space away ("๗๕.๐๑ -" in a 200-dpi cell)
_TRAILING_DASH = re.compile(f"^({_D}{{1,3}}\\.{_D}{{2}}) +[-–]$")
_SPECK_COMMA = re.compile(f"^({_D}),({_D}\\.{_D}{{2}})$")
# a score repaired only where the layout says "score": a table cell, or the words around
_CUE = re.compile(r"(?:ได้(?:รับ)?(?:ผล)?คะแนน(?:รวม|เฉลี่ย)?|คะแนน(?:รวม|เฉลี่ย)?|ITA|เท่ากับ|[=:])\s*$")
_UNIT = re.compile(r"^\s*(?:คะแนน|\)|$)")
# spaces OCR puts between Thai letters of a justified Word line ("ได้รับค ะแนน ๗๓. ๙๗ คะแนน"):
# taken out before the cue and the unit are looked for
_SPACE_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])")
# a garbled score in running text: digits, points and spaces between a cue and the unit
_PROSE_SCORE = re.compile(f"(?<![0-9๐-๙.,])({_D}[0-9๐-๙., ]*[0-9๐-๙.])(?![0-9๐-๙])")


def repair_score(token: str) -> str | None:
    """The score a garbled token can only have been (same digits, same script), or None
    when it is not one of the garbles above or could be read two ways. The value must
    lie in 0–100: a repair never makes a number that is not a score."""
    s = token.strip()
    if not s or (any(ch in _THAI_DIGITS for ch in s) and any(ch in _ARABIC_DIGITS for ch in s)):
        return None
    fixed = None
    if m := _DOUBLED_POINT.match(s):
        fixed = f"{m[1]}.{m[2]}"
    elif m := _INSERTED_POINT.match(s):
        day, month = int(to_arabic_digits(m[1])), int(to_arabic_digits(m[2]))
        if not (1 <= day <= 31 and 1 <= month <= 12):  # "๑.๑๐.๖๖" is a date
            fixed = f"{m[1]}{m[2]}.{m[3]}"
    elif (m := _SLIPPED_POINT.match(s)) and ("." in s):
        fixed = f"{m[1]}.{m[2]}"
    elif m := _TRAILING_DASH.match(s):
        fixed = m[1]
    elif m := _SPECK_COMMA.match(s):
        fixed = f"{m[1]}{m[2]}"
    if fixed is None:
        return None
    value = _value_of(fixed)
    return fixed if value is not None and 0.0 <= value <= 100.0 else None


def repair_score_text(text: str) -> str:
    """Page text (OCR) with garbled scores repaired where the layout says "score": a
    table cell that is nothing but the garbled number (score words allowed), or the
    number between a score cue (ได้คะแนน, ITA, =) and its unit (คะแนน) or the line's end.
    Lines and cells keep their number; anything else is left as read."""
    return "\n".join(_repair_line(line) for line in text.split("\n"))


_CELL_WORDS = re.compile(r"^(\s*(?:ได้รับคะแนน|ได้คะแนน|คะแนนรวม|คะแนน)?\s*)(.*?)(\s*(?:คะแนน)?\s*)$")


def _repair_line(line: str) -> str:
    if "\t" in line:
        cells = line.split("\t")
        for i, cell in enumerate(cells):
            m = _CELL_WORDS.match(cell)
            fixed = repair_score(m[2]) if m and m[2] else None
            if fixed is not None:
                cells[i] = m[1] + fixed + m[3]
        return "\t".join(cells)
    out, last = [], 0
    for m in _PROSE_SCORE.finditer(line):
        fixed = repair_score(m[1])
        before, after = line[max(0, m.start() - 30):m.start()], line[m.end():]
        if fixed is None or not (_CUE.search(_SPACE_IN_THAI.sub("", before))
                                 and _UNIT.match(_SPACE_IN_THAI.sub("", after))):
            continue
        out += [line[last:m.start()], fixed]
        last = m.end()
    return "".join(out) + line[last:] if out else line


# What OCR leaves of a score where no repair is sure (repair_score above, and the digit
# step's re-read of Latin words, come first): Latin letters for the digits ("cools" for
# ๙๗.๗๘, "ea. alo" for ๙๓.๗๑), or two halves with the point lost ("๙๒ ๘๒" for ๙๒.๘๒).
# Between a score cue and its unit in running text they are a score that cannot be read.
_LATIN_GARBLE = r"[a-z][a-z.,'’]{0,6}(?: [a-z][a-z.,'’]{0,6})?"
_THAI_CUE = r"(?:ได้(?:รับ)?(?:ผล)?คะแนน(?:รวม|เฉลี่ย)?|คะแนน(?:รวม|เฉลี่ย)?|เท่ากับ)"
_UNREADABLE = re.compile(
    # after a cue (ITA counts here), up to the unit or the line's end
    rf"(?:{_THAI_CUE}|ITA)\s*(?P<g>(?<![A-Za-z]){_LATIN_GARBLE}|{_D}{{1,3}} {_D}{{2}})(?![A-Za-z0-9๐-๙.,])"
    r"(?=\s*(?:คะแนน|$))"
    # after a Thai cue, Latin letters and a space (no unit)
    rf"|{_THAI_CUE}\s*(?P<h>(?<![A-Za-z])[a-z][a-z.,'’]{{1,6}}(?: [a-z][a-z.,'’]{{0,6}})?)(?=\s|$)"
    # after ได้ alone, two halves before the unit ("ในปี2563ได้7 02 คะแนน" for 71.02)
    rf"|ได้\s*(?P<i>(?<![0-9๐-๙]){_D}{{1,3}} {_D}{{2}})(?![0-9๐-๙.,])(?=\s*คะแนน)"
)


def unreadable_scores(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each score in a line of running text that OCR left
    unreadable: neither it nor its parts are a value (flag it, never store it)."""
    out = []
    for m in _UNREADABLE.finditer(text):
        g = next(k for k in "ghi" if m.group(k) is not None)
        out.append((m.start(g), m.end(g), m.group(g)))
    return out
