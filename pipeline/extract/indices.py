"""Index scores of the ITA before 2562: five indices (ดัชนีความโปร่งใส, ดัชนีความพร้อมรับผิด,
…), each with a score and a level (สูงมาก … ต่ำมาก), instead of tools and indicators.

Reports write them as a list ("1) ดัชนีความโปร่งใส" with "ได้คะแนนเท่ากับร้อยละ 87.62
อยู่ในระดับสูงมาก" on the same or the next line) or as a table row ("ดัชนีความโปร่งใส
<tab> 87.62 <tab> สูงมาก"). The names come from the catalog (schemas/data/ita_2557_2561.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers import numbers
from normalizers.thai import normalize
from pipeline.segment import Document, Line
from schemas.catalog import IndexDef, load_catalog
from schemas.records import FlagRecord, IndexScoreRecord

# the framework changed in 2562: a report of a later year that names an index quotes
# the old framework at most, and its numbers are not this year's index scores
LAST_FIVE_INDEX_YEAR = 2561
_SCORE = re.compile(r"(?<![0-9๐-๙.,/])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙]|[.,/][0-9๐-๙])")
# a number is the index's score where its context says so: a score word before it, a
# level or คะแนน after it, or a table cell of its own ("๔ ตัวชี้วัด" is a count)
_SCORE_BEFORE = re.compile(r"(?:คะแนน|ร้อยละ|เท่ากับ|ได้)[^0-9๐-๙\t]{0,12}$")
_SCORE_AFTER = re.compile(r"\s*(?:คะแนน|%|อยู่ใน|ระดับ)")
# a short name without ดัชนี ("ความโปร่งใส") is an index only where a list item or a
# table cell starts with it: "คุณธรรมและความโปร่งใส" in a title names no index
_ITEM_START = re.compile(r"(?:^|\t)\W*(?:[0-9๐-๙]{1,2}\W{0,3})?\s*$")
_NEXT_LINE_MAX = 80  # a score on the line after the name is on a short line of its own


@dataclass(frozen=True)
class IndexExtraction:
    index_scores: tuple[IndexScoreRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()


def _key(text: str) -> str:
    """Letters only: spaces, marks of punctuation and OCR's stray spaces do not matter."""
    return re.sub(r"[^\u0e01-\u0e4e]", "", normalize(text))


def _find_index(text: str, indices: tuple[IndexDef, ...]) -> tuple[IndexDef, int] | None:
    """The index the line names and the position in `text` just after the name."""
    key = _key(text)
    for ix in indices:
        at = key.find(_key(ix.name_th))
        if at >= 0:
            return ix, _position_after(text, at + len(_key(ix.name_th)))
    for ix in indices:
        for alias in sorted(ix.aliases, key=len, reverse=True):
            for m in re.finditer(re.escape(alias), text):
                if _ITEM_START.search(text[: m.start()]):
                    return ix, m.end()
    return None


def _position_after(text: str, n_letters: int) -> int:
    """The position in `text` after its first `n_letters` Thai letters."""
    seen = 0
    for i, ch in enumerate(text):
        if "\u0e01" <= ch <= "\u0e4e":
            seen += 1
            if seen == n_letters:
                return i + 1
    return len(text)


def _score_and_level(rest: str, labels: tuple[str, ...]) -> tuple[float, str | None] | None:
    for m in _SCORE.finditer(rest):
        cell = re.search(r"(?:^|\t)\s*$", rest[: m.start()]) and re.match(r"\s*(?:\t|$)", rest[m.end():])
        if not (cell or _SCORE_BEFORE.search(rest[: m.start()]) or _SCORE_AFTER.match(rest, m.end())):
            continue
        value = numbers.parse_score(m.group(1))
        if value is None:
            continue
        after = rest[m.end():]
        level = next((lab for lab in labels if re.match(rf"[^0-9๐-๙]{{0,30}}?{lab}", after)), None)
        return value, level
    return None


def extract_index_scores(doc: Document, fiscal_year: int | None, report_id: str,
                         file_id: str) -> IndexExtraction:
    """The five-index scores a report of 2561 or earlier states (none for later years,
    nor for a document whose year is unknown and that names no index)."""
    if fiscal_year is not None and fiscal_year > LAST_FIVE_INDEX_YEAR:
        return IndexExtraction()
    cat = load_catalog()
    indices = cat.indices()
    labels = tuple(sorted((lab for fy in cat.years if cat.year(fy).indices for lab in cat.level_labels(fy)),
                          key=len, reverse=True))  # สูงมาก before สูง
    found: dict[str, tuple[IndexScoreRecord, Line]] = {}
    flags: list[FlagRecord] = []
    lines = doc.lines
    for i, line in enumerate(lines):
        hit = _find_index(line.text, indices)
        if hit is None:
            continue
        ix, end = hit
        at, read = line, _score_and_level(line.text[end:], labels)
        if read is None and i + 1 < len(lines) and len(lines[i + 1].text) <= _NEXT_LINE_MAX \
                and _find_index(lines[i + 1].text, indices) is None:
            at, read = lines[i + 1], _score_and_level(lines[i + 1].text, labels)
        if read is None:
            continue
        score, level = read
        record = IndexScoreRecord(report_id=report_id, fiscal_year=fiscal_year, index_code=ix.code,
                                  index_name=ix.name_th, name_raw=line.text.strip()[:200], score=score,
                                  level=level, page=at.page_no, bbox=at.bbox)
        if ix.code not in found:
            found[ix.code] = (record, at)
        elif found[ix.code][0].score != score:
            first, first_at = found[ix.code]
            flags.append(FlagRecord(
                file_id=file_id, report_id=report_id, kind="value_conflict", severity="warning",
                message=(f"{ix.name_th}: {first.score:g} (หน้า {first_at.page_no}) และ {score:g} "
                         f"(หน้า {at.page_no}) ({ix.name_en} stated twice with different scores)"),
                evidence=f"{first_at.text.strip()[:120]} | {at.text.strip()[:120]}", page=at.page_no))
    return IndexExtraction(tuple(r for r, _ in found.values()), tuple(flags))
