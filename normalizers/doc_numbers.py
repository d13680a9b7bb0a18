"""The letter code of a memo's number (ที่ นม ๘๘๑๖๙/๔๔๑) checked against the province.

A provincial or local government office writes its province's two-letter code before
its own number (normalizers/data/province_codes.tsv). The code is printed bold, and
OCR misreads bold Thai often: as Latin letters ("NUN ๘๘๑๖๙/๔๔๑"), with a stray mark
("ชูบ" for ชบ) or one letter changed ("ศร" for สร). These functions say what such a
reading may be taken as; the caller flags every value they give.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "province_codes.tsv"
_LOOKALIKES = Path(__file__).parent / "data" / "code_lookalikes.tsv"
_AGENCY_CODES = Path(__file__).parent / "data" / "agency_codes.tsv"
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """province name -> code."""
    out = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code = line.split("\t")
            out[name] = code
    return out


def province_code(province: str | None) -> str | None:
    """The code of a province (its official name), or None."""
    return _codes().get(province or "")


def is_province_code(code: str) -> bool:
    return code in set(_codes().values())


def code_without_marks(written: str) -> str | None:
    """A code read with a vowel or tone mark among its letters ("ชูบ"): the letters
    alone where they are a province's code (ชบ), else None (a misread code that
    names no province is no code to store)."""
    bare = _MARKS.sub("", written)
    return bare if bare != written and is_province_code(bare) else None


def code_of_province(written: str, province: str | None) -> str | None:
    """The province's own code where the code as read is no province's code and
    differs from it in one letter ("ศร" in a document of สุรินทร์, code สร) or has one
    letter more (a bold letter's ink read twice: "ชขย" in a document of ชัยภูมิ, code ชย),
    else None."""
    own = province_code(province)
    if own is None or written == own or is_province_code(written):
        return None
    if len(written) == len(own) + 1:
        return own if any(written[:i] + written[i + 1:] == own for i in range(len(written))) else None
    if len(written) != len(own):
        return None
    return own if sum(a != b for a, b in zip(written, own)) == 1 else None


@lru_cache(maxsize=1)
def _agency_codes() -> frozenset[str]:
    """The codes central agencies write (data/agency_codes.tsv)."""
    lines = _AGENCY_CODES.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _lookalikes() -> dict[str, set[str]]:
    """letter -> the letters OCR takes it for (both ways)."""
    out: dict[str, set[str]] = {}
    for line in _LOOKALIKES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
    return out


def code_by_lookalike(written: str) -> str | None:
    """A code as read that is no province's code ("สฏ", "สฏู" with a mark the Thai model
    made of ฎ's tail, "ปร"): the one province code that its letters without marks are, or
    that one look-alike letter swapped gives (data/code_lookalikes.tsv); None where there
    is none or more than one. The caller flags the value."""
    if is_province_code(written) or written in _agency_codes():
        return None
    bare = _MARKS.sub("", written)
    if is_province_code(bare):
        return bare
    found = {bare[:i] + other + bare[i + 1:] for i, ch in enumerate(bare)
             for other in _lookalikes().get(ch, ())}
    found = {c for c in found if is_province_code(c)}
    return found.pop() if len(found) == 1 else None
