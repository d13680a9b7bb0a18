"""Year-aware matching of ITA indicator names, question codes and OIT item names.

Downstream code trusts `confident=True`, so the rule is: a confident answer must be
right; when the text does not carry enough evidence, say so (confident=False or None).

How an indicator name is matched (match_indicator):
1. Split off a heading: "ตัวชี้วัดที่ ๔" is an explicit indicator number; a bare list
   number ("๔.", "4\t") is only a rank/row hint (ITA memos number lists by rank).
2. Cut trailing junk (scores, "ได้รับคะแนน", dots, table cells).
3. Compare two keys of the text with every candidate name of that fiscal year
   (official names from schemas/ita_catalog.json + aliases seen in real reports,
   normalizers/data/indicator_aliases.json):
   - `thai_key`: NFC + pythainlp normalize, only Thai/Latin letters and marks kept
     (OCR spaces, punctuation, digits gone);
   - `skeleton`: thai_key without tone marks / upper and lower vowels, look-alike
     letters folded (ด/ต/ค, บ/ป, พ/ผ/ฟ, ข/ช, ฎ/ฏ, ท/ธ, ถ/ภ …), so the usual OCR
     errors cost nothing.
   Sub-indicator and OIT item names are compared too: a text closer to one of them
   is not an indicator name.
4. Decide confidence from the best score, the margin to the second-best indicator,
   distinctive words (งบประมาณ, อำนาจ, …) and an explicit heading number.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz, process

from normalizers.thai import normalize, thai_digits_to_arabic

DATA_PATH = Path(__file__).with_name("data") / "indicator_aliases.json"

MAX_INPUT_CHARS = 400  # names sit at the start of a cell/line; the rest is never needed
MAX_KEY_CHARS = 120  # longest official name is ~60 letters

# --- result types ------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorMatch:
    number: int  # 1–10
    name: str  # canonical name for that fiscal year
    score: float  # 0–100 similarity of the name part
    confident: bool
    reason: str  # why (or why not) confident, e.g. "alias seen in real report"
    heading_number: int | None = None  # number the text itself gave, if any
    heading_kind: str | None = None  # 'indicator' (ตัวชี้วัดที่ N) or 'list' (N. – maybe a rank)
    heading_agrees: bool | None = None
    matched_text: str = ""  # the official name or alias that matched best

    @property
    def evidence(self) -> str:
        return self.reason


@dataclass(frozen=True)
class OitMatch:
    code: str  # 'O1' …
    name: str  # catalog name the text matched
    score: float
    confident: bool
    reason: str
    list_year: int | None = None  # fiscal year whose OIT list gave the code

    @property
    def evidence(self) -> str:
        return self.reason


# --- Thai-aware keys ----------------------------------------------------------------

_TONES_AND_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Look-alike letters OCR confuses, folded to one representative each.
_CONFUSABLE_GROUPS = ("ดตคฅ", "บป", "พผฟฬ", "ขชซฃ", "ฎฏฐ", "ทธฑ", "ถภฤ", "สศษ", "อฮ", "ไใ", "าๅ")
_FOLD = str.maketrans({ch: grp[0] for grp in _CONFUSABLE_GROUPS for ch in grp[1:]})
_NOT_LETTER = re.compile("[^\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4ea-z]")


def _safe_normalize(text: str) -> str:
    try:
        return normalize(text)
    except Exception:  # a normaliser bug must not stop a page; NFC is the floor
        return unicodedata.normalize("NFC", text)


def thai_key(text: str) -> str:
    """NFC + pythainlp normalize, then letters and marks only (Thai + lower-case Latin).
    Never NFKC (splits ำ) and never rapidfuzz default_process (drops Thai marks)."""
    text = _safe_normalize(text[: MAX_INPUT_CHARS * 2]).lower()
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("เเ", "แ")
    return _NOT_LETTER.sub("", text)[:MAX_KEY_CHARS]


def skeleton(key: str) -> str:
    """A thai_key with marks dropped and look-alike letters folded: what survives OCR."""
    return _TONES_AND_MARKS.sub("", key.replace("\u0e33", "า")).translate(_FOLD)


# --- heading and junk ---------------------------------------------------------------

_LEAD_JUNK = re.compile(r"^[\s\-–—•*#|>:;,.()\[\]\"'“”]+")
_TOOL_LABEL = re.compile(r"^(?:IIT|EIT|OIT)\b\s*", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)(?:\s*[.)]\s*|\s+|(?=[^\d.]))(?=\D|$)")
# "ตัวชี้วัดที่ ๔", tolerant of dropped marks ("ตัวชีวัดที") and OCR'd middles
# ("ตัวชี้วัดย่อยที่", seen garbled as "ตัวชี้วัดอย่างที่" / "ตัวชี้วัดป้อมที่" in seed 002).
_INDICATOR_HEADING = re.compile(
    r"^ต\s*ั?\s*ว\s*ช\s*[ีิ]?\s*[้๊]?\s*ว\s*ั?\s*ด\s*(?P<middle>[\u0e00-\u0e7f]{0,6}?)\s*"
    r"ท\s*[ีิ]?\s*[่้]?\s*(?P<num>\d{1,2}(?:\s*\.\s*\d{1,2})?)\s*[.:)]?\s*"
)
# "ตัวชี้วัดที่" inside a line, as OCR leaves it (marks dropped: ตัวชีวัดที๕, ตัวชีวัดท2), for
# finding headings in running text; `_INDICATOR_HEADING` parses one at the start of a name.
INDICATOR_WORD = r"ตัวช[ีิ]?้?\s?วัดท[ีิ]?่?"
_JUNK_CUT = re.compile(r"\d|ได้รับ|คะแนน|\.{2,}|…|\t|\||\(ต่อ\)|\s[-–—]+\s|_{2,}|\n")


@dataclass(frozen=True)
class _Parsed:
    name_part: str
    heading_number: int | None
    heading_kind: str | None
    sub_heading: bool  # "ตัวชี้วัดย่อยที่ 9.1" / a decimal number: not an indicator heading


def _parse(text: str) -> _Parsed:
    t = thai_digits_to_arabic(_safe_normalize(text.lstrip()[:MAX_INPUT_CHARS]))
    t = _LEAD_JUNK.sub("", t)
    t = _LEAD_JUNK.sub("", _TOOL_LABEL.sub("", t))
    number, kind, sub = None, None, False
    m = _LIST_NUMBER.match(t)
    if m:
        t = _LEAD_JUNK.sub("", t[m.end():])
        if "." not in m.group(1):
            number, kind = int(m.group(1)), "list"
    m = _INDICATOR_HEADING.match(t)
    if m:
        num = re.sub(r"\s", "", m.group("num"))
        t = t[m.end():]
        if "." in num or m.group("middle"):
            number, kind, sub = None, None, True
        else:
            number, kind = int(num), "indicator"
    if number is not None and not 1 <= number <= 10:
        number, kind = None, None
    name_part = _JUNK_CUT.split(t, maxsplit=1)[0]
    return _Parsed(name_part, number, kind, sub)


# --- candidates ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    number: int | None  # None for a non-indicator name (sub-indicator, OIT item)
    text: str
    key: str
    skel: str
    origin: str  # 'official' / 'alias: <seen>' / 'sub-indicator 9.1' / 'OIT item O5'
    key1: str = ""  # key and skel in one-byte letters (_one_byte): what rapidfuzz compares
    skel1: str = ""


def _candidate(number: int | None, text: str, origin: str) -> _Candidate:
    key = thai_key(text)
    skel = skeleton(key)
    return _Candidate(number, text, key, skel, origin, _one_byte(key), _one_byte(skel))


# rapidfuzz compares strings of one-byte characters faster than Thai ones (~0.6 against
# ~1.1 µs a ratio on a name): a key holds only Thai letters and a-z (_NOT_LETTER), so
# Thai moved to U+0080-U+00FF is one to one and every ratio stays the same
_ONE_BYTE = {c: c - 0x0E00 + 0x80 for c in range(0x0E00, 0x0E80)}


def _one_byte(key: str) -> str:
    return key.translate(_ONE_BYTE)


@lru_cache(maxsize=1)
def _aliases() -> dict:
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _catalog():
    from schemas.catalog import load_catalog  # late import: keeps this module cheap to import

    return load_catalog()


@lru_cache(maxsize=16)
def _indicator_candidates(fiscal_year: int | None) -> tuple[_Candidate, ...]:
    cat = _catalog()
    years = [cat.years[fiscal_year]] if fiscal_year in cat.years and cat.years[fiscal_year].indicators else [
        yc for yc in cat.years.values() if yc.indicators]
    seen: set[tuple[int, str]] = set()
    out = []
    for yc in years:
        for ind in yc.indicators:
            if (ind.number, ind.name_th) not in seen:
                seen.add((ind.number, ind.name_th))
                out.append(_candidate(ind.number, ind.name_th, "official"))
    for alias in _aliases()["name_aliases"]:
        out.append(_candidate(alias["indicator"], alias["text"], "alias seen in real report: " + alias["seen"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _distractors() -> tuple[_Candidate, ...]:
    """Names that are NOT indicators but share their words: sub-indicators, OIT items."""
    cat = _catalog()
    out: dict[str, _Candidate] = {}
    for yc in cat.years.values():
        for ind in yc.indicators:
            for sub in ind.sub_indicators:
                if sub.name_th:
                    out.setdefault(sub.name_th, _candidate(None, sub.name_th, f"sub-indicator {sub.code}"))
        for item in yc.oit_items:
            out.setdefault(item.name_th, _candidate(None, item.name_th, f"OIT item {item.code}"))
    for entry in _aliases()["not_indicator_names"]:
        out.setdefault(entry["text"], _candidate(None, entry["text"], entry["what"]))
    return tuple(c for c in out.values() if len(c.skel) >= 4)


@lru_cache(maxsize=1)
def _distinctive_skeletons() -> dict[int, tuple[str, ...]]:
    return {int(n): tuple(skeleton(thai_key(w)) for w in words)
            for n, words in _aliases()["distinctive_words"].items()}


# --- scoring ------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _prefixes(skel: str) -> tuple[str, ...]:
    """skel[:k] at index k (a text's skeleton is scored against ~100 candidates in a row)."""
    return tuple(skel[:k] for k in range(len(skel)))


def _similarity(key: str, skel: str, cand: _Candidate) -> tuple[float, str]:
    """Best of: whole-text ratio (key and skeleton), name followed by junk, truncated name.
    `key` and `skel` in one-byte letters (_one_byte), compared with the candidate's."""
    whole = max(fuzz.ratio(key, cand.key1), fuzz.ratio(skel, cand.skel1))
    return _beyond_whole(whole, key, skel, cand)


def _beyond_whole(whole: float, key: str, skel: str, cand: _Candidate,
                  by_skel: float = 100.0, floor: float = -1.0) -> tuple[float, str]:
    """The whole-text ratio `whole`, or better: the name followed by junk, or truncated.
    With `by_skel` (the skeletons' whole ratio) and `floor` (a score the caller keeps
    anyway, its best so far): the junk test is skipped where no prefix can score above
    `floor`, and the score is then `whole` (what the caller would have kept is the same)."""
    best, mode = whole, "full"
    n = len(cand.skel1)
    if len(skel) > n + 2 and _prefix_ceiling(by_skel, len(skel), n) > floor:
        # text = name + trailing words the junk cut did not catch
        # the best of skel[:k] for k in n-2 … n+2, by rapidfuzz in one call (ratio is symmetric)
        head = process.extractOne(cand.skel1, _prefixes(skel)[max(1, n - 2) : n + 3], scorer=fuzz.ratio)[1]
        if head > best:
            best, mode = head, "prefix"
    if len(skel) < n and len(skel) >= 5 and len(key) >= 0.6 * len(cand.key1) and cand.skel1.startswith(skel):
        if 100.0 > best:
            best, mode = 100.0, "truncated"
    return best, mode


def _prefix_ceiling(by_skel: float, len_skel: int, n: int) -> float:
    """At least the best ratio of a name's skeleton (n letters) with skel[:k], k >= n - 2,
    from the ratio `by_skel` of the name with the whole skel: a prefix has no more letters
    in common with the name than the whole has (ratio = 200 * common / (n + k)). A hair
    over, for float rounding."""
    return by_skel * (len_skel + n) / (n + max(1, n - 2)) + 1e-6


def _similarities(key: str, skel: str, cands: tuple[_Candidate, ...]) -> list[tuple[float, str]]:
    """[_similarity(key, skel, c) for c in cands], the same numbers, with the whole-text
    ratios of all candidates in one rapidfuzz call each (a third of the time)."""
    return [_beyond_whole(max(by_key, by_skel), key, skel, cand)
            for cand, by_key, by_skel in _whole_ratios(key, skel, cands)]


def _whole_ratios(key: str, skel: str, cands: tuple[_Candidate, ...]):
    """(candidate, ratio of the keys, ratio of the skeletons) for each candidate, each
    column in one rapidfuzz call."""
    keys, skels = _pool(cands)
    return zip(cands, _ratios(key, keys), _ratios(skel, skels))


_POOLS: dict[int, tuple[tuple[_Candidate, ...], list[str], list[str]]] = {}


def _pool(cands: tuple[_Candidate, ...]) -> tuple[list[str], list[str]]:
    """The candidates' one-byte keys and skeletons as lists (a pool is one of the cached
    tuples of _indicator_candidates and _distractors: kept by identity)."""
    got = _POOLS.get(id(cands))
    if got is None or got[0] is not cands:
        got = _POOLS[id(cands)] = (cands, [c.key1 for c in cands], [c.skel1 for c in cands])
    return got[1], got[2]


def _ratios(text: str, choices: list[str]) -> list[float]:
    """fuzz.ratio(text, c) for each choice, in order."""
    out = [0.0] * len(choices)
    for _, score, i in process.extract(text, choices, scorer=fuzz.ratio, limit=None):
        out[i] = score
    return out


def _variants(name_part: str) -> list[tuple[str, str]]:
    """The text itself, plus the text with known word garbles undone (คุกคาม → ทุจริต)."""
    out = [(name_part, "")]
    fixed = name_part
    notes = []
    for wa in _aliases()["word_aliases"]:
        if wa["seen_as"] in fixed:
            fixed = fixed.replace(wa["seen_as"], wa["meant"])
            notes.append(f"word alias {wa['seen_as']}→{wa['meant']} ({wa['seen']})")
    if fixed != name_part:
        out.append((fixed, "; ".join(notes)))
    return out


@dataclass(slots=True)  # ~10 per cached name part (_score_all): no __dict__ each
class _Best:
    score: float = 0.0
    mode: str = ""
    cand: _Candidate | None = None
    note: str = ""
    skel: str = ""  # skeleton of the text variant that scored best


# A report's lines repeat across files (a template's headings, "ประกาศ ณ วันที่ " before
# each date: the digits are cut off before scoring): the scores of a name part are kept.
# Callers read the result and never change it. A template's lines come back with every
# file and stay in the cache; the lines a file alone has (its agency's name) pass
# through: 1,024 entries (~1 MB) hit as often as 4,096 did on the bench's small files,
# and a worker's memory does not grow by ~8 MB of them.
@lru_cache(maxsize=1024)
def _score_all(name_part: str, fiscal_year: int | None) -> tuple[dict[int, _Best], _Best, str, str]:
    """Best score per indicator, best non-indicator name, and the text's key/skeleton."""
    per_indicator: dict[int, _Best] = {}
    distractor = _Best()
    key0 = thai_key(name_part)
    for text, note in _variants(name_part):
        key = thai_key(text)
        skel = skeleton(key)
        if len(skel) < 3:
            continue
        key1, skel1 = _one_byte(key), _one_byte(skel)
        # a candidate changes a best only by scoring above it: the best so far is the
        # floor below which its junk test is not run (_beyond_whole)
        # _beyond_whole is called only where one of its tests can apply (the test that
        # it runs first, inlined): most of a line's ~100 candidates need neither, and
        # the calls alone were ~5% of a small file's CPU
        length = len(skel1)
        cands = _indicator_candidates(fiscal_year)
        for cand, by_key, by_skel in _whole_ratios(key1, skel1, cands):
            best = per_indicator.setdefault(cand.number, _Best())
            n = len(cand.skel1)
            if (5 <= length < n or length > n + 2
                    and by_skel * (length + n) / (n + max(1, n - 2)) + 1e-6 > best.score):
                score, mode = _beyond_whole(max(by_key, by_skel), key1, skel1, cand, by_skel, best.score)
            else:
                score, mode = max(by_key, by_skel), "full"
            if score > best.score:
                best.score, best.mode, best.cand, best.note, best.skel = score, mode, cand, note, skel
        for cand, by_key, by_skel in _whole_ratios(key1, skel1, _distractors()):
            n = len(cand.skel1)
            if (5 <= length < n or length > n + 2
                    and by_skel * (length + n) / (n + max(1, n - 2)) + 1e-6 > distractor.score):
                score, mode = _beyond_whole(max(by_key, by_skel), key1, skel1, cand, by_skel, distractor.score)
            else:
                score, mode = max(by_key, by_skel), "full"
            if score > distractor.score:
                distractor.score, distractor.mode, distractor.cand = score, mode, cand
    return per_indicator, distractor, key0, skeleton(key0)


def _evidence_numbers(skel: str) -> set[int]:
    return {n for n, words in _distinctive_skeletons().items() if any(w in skel for w in words)}


def _rest_agrees(best: _Best, number: int) -> bool:
    """With the distinctive word taken out of both, does the rest of the text still look
    like the rest of the name? ("การปรับปรุงถนน" has ปรับปรุง but is not indicator 8.)"""
    text, name = best.skel, best.cand.skel
    if best.mode == "prefix":
        text = text[: len(name) + 2]
    for word in _distinctive_skeletons().get(number, ()):
        if word in text and word in name:
            text, name = text.replace(word, "", 1), name.replace(word, "", 1)
    text, name = text.replace("การ", ""), name.replace("การ", "")  # shared by most names
    if not text:  # nothing but the distinctive word: a truncated name
        return True
    return fuzz.ratio(text, name) >= 65


def _canonical_name(number: int, fiscal_year: int | None) -> str:
    # a year the catalog has no names for (2562) gets the name every known year agrees on
    return _catalog().indicator_name(number, fiscal_year) or _catalog().indicator_name(number) or ""


def match_indicator(text: str, fiscal_year: int | None = None) -> IndicatorMatch | None:
    """Which of the 10 ITA indicators `text` names (a heading, a table cell, a list
    line), for `fiscal_year` (B.E.; None = any year). None when nothing resembles an
    indicator name; `confident=False` when the best guess lacks evidence."""
    if not isinstance(text, str) or not text.strip():
        return None
    parsed = _parse(text)
    per, distractor, key, skel = _score_all(parsed.name_part, fiscal_year)
    heading = parsed.heading_number if parsed.heading_kind else None

    def result(number: int, score: float, confident: bool, reason: str, matched: str = "") -> IndicatorMatch:
        agrees = None if heading is None else heading == number
        return IndicatorMatch(number, _canonical_name(number, fiscal_year), round(score, 1), confident, reason,
                              heading, parsed.heading_kind, agrees, matched)

    ranked = sorted(per.items(), key=lambda kv: -kv[1].score)
    if not ranked or ranked[0][1].score < 50:
        if parsed.heading_kind == "indicator" and not parsed.sub_heading:
            return result(heading, ranked[0][1].score if ranked else 0.0, False,
                          "heading number only; the name carries no evidence")
        return None
    number, best = ranked[0]
    second = ranked[1][1].score if len(ranked) > 1 else 0.0
    margin = best.score - second

    if parsed.sub_heading:
        return result(number, best.score, False, "sub-indicator heading (ตัวชี้วัดย่อย / N.N), not an indicator")
    if distractor.cand and distractor.score >= 75 and distractor.score >= best.score - 3:
        return result(number, best.score, False,
                      f"closer to {distractor.cand.origin} '{distractor.cand.text}' ({distractor.score:.0f})")

    evidence = _evidence_numbers(skel) | _evidence_numbers(best.skel)
    heading_agrees = parsed.heading_kind == "indicator" and heading == number
    confident, reason = _decide(number, best, margin, evidence, heading_agrees, key)
    if best.mode == "prefix":
        reason += "; trailing words ignored"
    if best.note:
        reason += f"; {best.note}"
    if parsed.heading_kind == "indicator" and heading != number:
        confident = confident and best.score >= 90  # only a near-exact name outvotes the heading
        reason += f"; heading says {heading}, name says {number}"
    elif heading is not None and heading == number:
        reason += f"; {'heading' if parsed.heading_kind == 'indicator' else 'list'} number {heading} agrees"
    return result(number, best.score, confident, reason, best.cand.text)


def _decide(number: int, best: _Best, margin: float, evidence: set[int], heading_agrees: bool,
            key: str) -> tuple[bool, str]:
    """Is the best indicator a safe answer? Each rule needs two independent signals."""
    cand = best.cand
    others_named = bool(evidence - {number})  # a distinctive word of ANOTHER indicator
    if best.score >= 99.5 and margin > 0 and best.mode == "full":
        reason = "official name" if cand.origin == "official" else cand.origin
        if key != cand.key:
            reason += " (after OCR repair: marks / look-alike letters)"
        return True, reason
    if best.mode == "truncated" and margin > 0:
        return True, f"truncated name, unique prefix of '{cand.text}'"
    if best.score >= 85 and margin >= 15 and not others_named:
        return True, f"close to '{cand.text}' ({best.score:.0f}, margin {margin:.0f})"
    if best.score >= 70 and margin >= 10 and number in evidence and not others_named and _rest_agrees(best, number):
        return True, f"distinctive word of indicator {number} present ({best.score:.0f}, margin {margin:.0f})"
    if best.score >= 70 and margin >= 8 and heading_agrees and not others_named:
        return True, f"explicit heading number agrees ({best.score:.0f}, margin {margin:.0f})"
    return False, f"best {best.score:.0f}, margin {margin:.0f} over next indicator: not enough evidence"


# --- question codes -----------------------------------------------------------------

_CODE_PREFIX = re.compile(r"^(?:\s*<[a-zA-Z/][^>]{0,20}>)*[\s(\[•*\-–|]*(?:อ้างอิงจาก|ข้อคำถาม|ข้อที่|ข้อ)?\s*")
_CODE = re.compile(r"^(?P<letter>[IiEeOo])\s*(?P<num>\d{1,2}(?:\.\d)?)(?![\d.]*\d)(?![A-Za-z])")
_ZERO_AS_O = re.compile(r"^0(?P<num>\d(?:\.?\d)?)(?![\d.]*\d)(?![A-Za-z])")
_CODE_LIMITS = {"I": 60, "E": 40, "O": 60}


@lru_cache(maxsize=1)
def _max_oit_code() -> int:
    return max(int(it.code[1:]) for yc in _catalog().years.values() for it in yc.oit_items)


def match_question_code(text: str) -> str | None:
    """'E๑' → 'E1', 'i๑๒' → 'I12', '04.2' → 'O42' (O read as 0, dot inserted), '039' → 'O39',
    '(อ้างอิงจาก ๐๑๐)' → 'O10'. None when the text does not start with a code."""
    if not isinstance(text, str) or not text:
        return None
    t = thai_digits_to_arabic(unicodedata.normalize("NFC", text.lstrip()[:64]))
    t = _CODE_PREFIX.sub("", t, count=1)
    m = _CODE.match(t)
    if m:
        letter = m.group("letter").upper()
        num = int(m.group("num").replace(".", ""))
        return f"{letter}{num}" if 1 <= num <= _CODE_LIMITS[letter] else None
    m = _ZERO_AS_O.match(t)
    if m:  # a leading zero is O only where an O-code of that number exists
        num = int(m.group("num").replace(".", ""))
        return f"O{num}" if 1 <= num <= _max_oit_code() else None
    return None


# --- OIT items ----------------------------------------------------------------------

_OIT_CELL_END = re.compile(r"\t|\||\.{2,}|…|\n")  # item names may contain digits ("รอบ 6 เดือน")
_LEADING_CODE = re.compile(r"^[\s(\[|•*\-–]*(?:[OoIiEe]|0)\s*\d{1,2}(?:\.\d)?[\s.:)|\-–]*")


@lru_cache(maxsize=16)
def _oit_candidates(fiscal_year: int) -> tuple[tuple[_Candidate, int, bool], ...]:
    """(candidate, list year, is this year's own list) — other years' lists are kept so a
    name from an unknown part of this year's list is not forced onto a wrong code."""
    cat = _catalog()
    out = []
    for yc in cat.years.values():
        own = yc.fiscal_year == fiscal_year
        for item in yc.oit_items:
            out.append((_candidate(None, item.name_th, item.code), yc.fiscal_year, own))
    return tuple(out)


def match_oit_item(name: str, fiscal_year: int) -> OitMatch | None:
    """The OIT item code (O1 …) of `name` in `fiscal_year`. Numbering changed in 2566 and
    again by 2568, so the code comes from that year's list; not confident when the
    catalog does not know that year's list (2562, 2567) or the name fits it poorly."""
    if not isinstance(name, str) or not name.strip():
        return None
    t = _LEADING_CODE.sub("", thai_digits_to_arabic(_safe_normalize(name.lstrip()[:MAX_INPUT_CHARS])), count=1)
    t = _OIT_CELL_END.split(t.strip(" |\t"), maxsplit=1)[0]
    key = thai_key(t)
    skel = skeleton(key)
    if len(skel) < 2:
        return None
    yc = _catalog().year(fiscal_year)
    status = yc.oit_list_status if yc else "unknown"
    own: list[tuple[float, _Candidate]] = []
    other: list[tuple[float, int, _Candidate]] = []
    key1, skel1 = _one_byte(key), _one_byte(skel)
    for cand, list_year, is_own in _oit_candidates(fiscal_year):
        score, _ = _similarity(key1, skel1, cand)
        if is_own:
            own.append((score, cand))
        else:
            other.append((score, -abs(list_year - fiscal_year), cand, list_year))
    own.sort(key=lambda s: -s[0])
    other.sort(key=lambda s: (-s[0], -s[1]))
    own_best = own[0][0] if own else 0.0
    other_best = other[0][0] if other else 0.0
    # Numbering is per year: a good fit in this year's own list wins over an exact fit
    # in another year's list (the wording changed too, e.g. O23 2566 vs O25 2565).
    if own and own_best >= 60 and (own_best >= 85 or own_best >= other_best - 10):
        score, cand = own[0]
        rival = max((s for s, c in own[1:] if c.origin != cand.origin), default=0.0)
        margin = score - rival
        confident = status != "unknown" and score >= 85 and margin >= 8
        reason = f"{status} {fiscal_year} list: '{cand.text}' ({score:.0f}, margin {margin:.0f})"
        return OitMatch(cand.origin, cand.text, round(score, 1), confident, reason, fiscal_year)
    if other and other_best >= 60:
        score, _, cand, list_year = other[0]
        reason = f"not in the {fiscal_year} list in the catalog ({status}); code from the {list_year} list"
        return OitMatch(cand.origin, cand.text, round(score, 1), False, reason, list_year)
    return None


# --- evaluation ---------------------------------------------------------------------


def evaluate(cases: Iterable[dict]) -> dict:
    """Score the matcher on labelled cases (tests/data/matcher_cases.jsonl).

    expect='match': must come back confident with the right number; 'hint': if
    confident, must be right; 'none': must be None or not confident."""
    stats = {"cases": 0, "matchable": 0, "correct_confident": 0, "confident_wrong": 0,
             "unmatchable": 0, "unmatchable_not_confident": 0, "hint": 0, "failures": []}
    for case in cases:
        stats["cases"] += 1
        got = match_indicator(case["text"], case.get("fiscal_year"))
        conf = got is not None and got.confident
        right = got is not None and got.number == case.get("indicator")
        if conf and not right:
            stats["confident_wrong"] += 1
        expect = case["expect"]
        if expect == "match":
            stats["matchable"] += 1
            if conf and right:
                stats["correct_confident"] += 1
        elif expect == "none":
            stats["unmatchable"] += 1
            if not conf:
                stats["unmatchable_not_confident"] += 1
        else:
            stats["hint"] += 1
        ok = (expect == "match" and conf and right) or (expect == "none" and not conf) or \
             (expect == "hint" and (not conf or right))
        if not ok:
            stats["failures"].append({"id": case.get("id"), "text": case["text"], "expect": expect,
                                      "indicator": case.get("indicator"),
                                      "got": None if got is None else (got.number, got.confident, got.score, got.reason)})
    stats["correct_confident_pct"] = round(100.0 * stats["correct_confident"] / max(stats["matchable"], 1), 2)
    return stats


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "--eval":
        print("usage: python -m normalizers.indicators --eval tests/data/matcher_cases.jsonl", file=sys.stderr)
        return 1
    with open(argv[1], encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    stats = evaluate(cases)
    failures = stats.pop("failures")
    for f in failures:
        print("FAIL", json.dumps(f, ensure_ascii=False))
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
