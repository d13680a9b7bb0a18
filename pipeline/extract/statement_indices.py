"""Index scores of the ITA before 2562 (five indices: ดัชนีความโปร่งใส, ดัชนีความพร้อมรับผิด, …),
read from prose or a list: the index named, its score and its level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers import numbers, thai
from pipeline.extract.statements import (
    FEWEST_PLAUSIBLE, LAST_FIVE_INDEX_YEAR, LONGEST_LABEL, claim_year, labels_at, level_labels, not_own_score,
)
from pipeline.segment import Document, Line
from schemas.catalog import IndexDef, load_catalog


def _letters(text: str) -> str:
    return re.sub(r"[^\u0e01-\u0e4e]", "", text)


@dataclass(frozen=True)
class IndexClaim:
    number: int
    name_raw: str
    score: float | None
    level: str | None
    year: int | None
    line: Line
    span: tuple[int, int] | None = None  # where in line.text the score was read

# (not a number whose decimals OCR set apart after its point: "59. 1 ☐" is no 59)
_INDEX_NUMBER = re.compile(r"(?<![0-9๐-๙.,/])([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)(?![0-9๐-๙]|[.,/]\s?[0-9๐-๙])")

# a number is an index's score where its context says so: a score word before it, a
# level or คะแนน after it, or a table cell of its own ("๔ ตัวชี้วัด", "ตัวชี้วัดที่ ๑.๑" are not)
_INDEX_SCORE_BEFORE = re.compile(r"(?:คะแนน|ร้อยละ|เท่ากับ|ได้)[^0-9๐-๙\t]{0,12}$")

_INDEX_SCORE_AFTER = re.compile(r"\s*(?:คะแนน|%|อยู่ใน|ระดับ)")

# a short name without ดัชนี ("ความโปร่งใส") is an index only where a list item or a
# table cell starts with it: "คุณธรรมและความโปร่งใส" in a title names no index
_ITEM_START = re.compile(r"(?:^|\t)\W*(?:[0-9๐-๙]{1,2}\W{0,3})?\s*$")

# words this close before a number make it no score of the index (a national average,
# a change from the year before: statements.json's not_own_score)
_NOT_OWN_WINDOW = 45

_NEXT_LINE_MAX = 80  # a score on the line after the name stands on a short line of its own


def _index_named(text: str) -> tuple[IndexDef, int] | None:
    """The index a line names and the position in `text` just after the name."""
    indices = load_catalog().indices()
    key = _letters(thai.normalize(text))
    for ix in indices:
        at = key.find(_letters(ix.name_th))
        if at >= 0:
            return ix, _after_letters(text, at + len(_letters(ix.name_th)))
    for ix in indices:
        for alias in sorted(ix.aliases, key=len, reverse=True):
            for m in re.finditer(re.escape(alias), text):
                if _ITEM_START.search(text[: m.start()]):
                    return ix, m.end()
    return None


def _after_letters(text: str, n_letters: int) -> int:
    """The position in `text` after its first `n_letters` Thai letters."""
    seen = 0
    for i, ch in enumerate(text):
        if "\u0e01" <= ch <= "\u0e4e":
            seen += 1
            if seen == n_letters:
                return i + 1
    return len(text)


# the level cue after an index score, with at most a few words between
# (a stray pair of digits OCR doubled after the score is passed: "๘๔.๕๕ ๕๕ อยู่ในระดับสูงมาก")
# (ระดับ wrapped with its ร lost: "… ร้อยละ 95.21 oglu" / "ะดับสูงมาก", อยู่ใน read as Latin letters)
_LEVEL_AFTER = re.compile(r"(?:\s[0-9๐-๙]{1,2}(?=\s))?[^0-9๐-๙]{0,30}?(?:ร?ะดับ|\t)\s*[“\"']?")


def _index_score_and_level(rest: str, labels: list[str], following: str = "") -> tuple[float, str | None, int] | None:
    """(score, level, where the score starts) in `rest`; `following`, the next line, may
    hold the rest of a level label wrapped at the line's end (สูง / มาก)."""
    for m in _INDEX_NUMBER.finditer(rest):
        before = rest[: m.start()]
        cell = re.search(r"(?:^|\t)\s*$", before) and re.match(r"\s*(?:\t|$)", rest[m.end():])
        if not (cell or _INDEX_SCORE_BEFORE.search(before) or _INDEX_SCORE_AFTER.match(rest, m.end())):
            continue
        if not_own_score().search(before[-_NOT_OWN_WINDOW:]):
            continue  # "ผลการประเมินภาพรวมระดับประเทศอยู่ที่ ๘๔.๘๘": the country's, no index's
        value = numbers.parse_score(m.group(1))
        if value is None or value < FEWEST_PLAUSIBLE:
            continue  # "ร้อยละ 1 ๒. ๒อยู่ใน": digits OCR scattered, no index score of 1 or 2
        after = rest[m.end():]
        lv = re.match(_LEVEL_AFTER, after)
        if not lv and following and "\t" not in after and len(after.strip()) < 30:
            # the phrase wrapped before its cue: "… ร้อยละ 99.95 อยู่" / "ในระดับสูงมาก"
            after = after.rstrip() + following.strip()
            following = ""
            lv = re.match(_LEVEL_AFTER, after)
        found = labels_at(after[lv.end():], labels) if lv else []
        if lv and following and len(after[lv.end():].strip()) < LONGEST_LABEL and "\t" not in after:
            wrapped = labels_at(after[lv.end():].strip() + following.strip(), labels)
            if wrapped and (not found or len(wrapped[0]) > len(found[0])):
                found = wrapped
        return value, (found[0] if found else None), m.start()
    return None


def index_claims(doc: Document, fy: int | None) -> list[IndexClaim]:
    """Scores of the five indices of the 2557-2561 framework, as a list ("๑) ดัชนีความโปร่งใส"
    with "ได้คะแนนเท่ากับร้อยละ 87.62 อยู่ในระดับสูงมาก" on the same or the next line) or as
    table rows ("ดัชนีความโปร่งใส <tab> 87.62 <tab> สูงมาก"); none for a report of 2562 or
    later (it can only quote the old framework)."""
    if fy is not None and fy > LAST_FIVE_INDEX_YEAR:
        return []
    labels = level_labels(LAST_FIVE_INDEX_YEAR)
    out = []
    lines = doc.lines
    for i, line in enumerate(lines):
        hit = _index_named(line.text)
        if hit is None:
            continue
        ix, end = hit
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        after_next = lines[i + 2].text if i + 2 < len(lines) else ""
        at, text, start = line, line.text, end
        read = _index_score_and_level(line.text[end:], labels, "" if _index_named(nxt) else nxt)
        if read is None and nxt and len(nxt) <= _NEXT_LINE_MAX and _index_named(nxt) is None:
            at, text, start = lines[i + 1], nxt, 0
            read = _index_score_and_level(text, labels, "" if _index_named(after_next) else after_next)
        if read is None:
            continue
        score, level, pos = read
        number = _INDEX_NUMBER.match(text, start + pos)
        out.append(IndexClaim(ix.number, ix.name_th, score, level,
                              claim_year(text, start + pos, start + pos, fy), at,
                              span=number.span(1) if number else None))
    return out
