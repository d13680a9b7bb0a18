"""An indicator's number that page OCR read as a Thai letter (`ตัวชี้วัดที่ๆ
ประสิทธิภาพการสื่อสาร` for ตัวชี้วัดที่ ๗): stock Thai Tesseract cannot write ๔ ๖ ๗ ๘ ๙,
and where the digit touches `ที่` it has no word box of its own, so the digit step
(pipeline/ocr/digits.py) never reads it again.

The letter is taken for the digit only on two witnesses: it is one Tesseract writes for
that digit (pipeline/data/digit_lookalikes.tsv), and the indicator name after it in the
cell is that indicator's, surely (normalizers.indicators.match_indicator, confident).
Anything else — another letter, a name that is not sure, no letter at all — is kept
as read: the measures reader then goes by the name, and nothing is made up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from normalizers.indicators import match_indicator
from pipeline.ocr.codes import INDICATOR_CUE

DATA = Path(__file__).resolve().parent.parent / "data" / "digit_lookalikes.tsv"

# the cue, then one letter glued to it or a space away, then the name
_CUE_AND_LETTER = re.compile(f"({INDICATOR_CUE})" + r"\s*([\u0e01-\u0e2e\u0e46])(?=\s)")

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, str]:
    """letter -> the Thai digit it stands for (data file)."""
    out: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        digit, letters = line.split("\t")
        for ch in letters.strip():
            out[ch] = digit
    return out


def repair_indicator_numbers(text: str) -> str:
    """Page text with each indicator number read as its look-alike letter written as
    the digit, where the name after it in its cell is that indicator's (see module)."""
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        for k, cell in enumerate(cells):
            cells[k] = _CUE_AND_LETTER.sub(lambda m: _digit_for(m, cell), cell)
        out.append("\t".join(cells))
    return "\n".join(out)


def _digit_for(m: re.Match, cell: str) -> str:
    digit = lookalikes().get(m.group(2))
    if digit is None:
        return m.group(0)
    match = match_indicator(cell[m.end():])
    if match is None or not match.confident or match.number != _THAI_DIGITS.index(digit):
        return m.group(0)
    return f"{m.group(1)} {digit}"
