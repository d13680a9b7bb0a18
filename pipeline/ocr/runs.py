"""Where a Tesseract line holds a number to re-read: runs of digit-like words, and the Latin,
symbol and code misreads that stand where a number belongs (after a score cue, a row's
number cell, ที่ before a month ...).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pythainlp.util.date import thai_abbr_months

from normalizers.dates import starts_with_month
from pipeline.ocr.glyphs import DIGITLIKE, DIGITS, MISREADS, SEPARATORS, _LATIN_LIST


def _has_digit(text: str) -> bool:
    return any(ch in DIGITS for ch in text)


def _has_thai(text: str) -> bool:
    """A Thai letter, vowel or mark (not a Thai digit)."""
    return any("\u0e01" <= ch <= "\u0e4e" for ch in text)


def _has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def _digitlike(text: str) -> bool:
    return bool(text) and all(ch in DIGITLIKE for ch in text)


def _latin_list_number(text: str, first: bool) -> bool:
    """'al.' 'on,' 'a.' '».' or 'on' 'ol' opening a line: a list or row number (๗. ๓)
    Tesseract read as Latin."""
    if not first:
        return False
    if 2 <= len(text) <= 4 and text[-1] in ".,":
        # and guillemets: a Word font's ๖. read '».'
        return all(ch in _LATIN_LIST or ch in DIGITS or ch in "«»" for ch in text[:-1])
    return 1 <= len(text) <= 2 and all(ch in _LATIN_LIST for ch in text)


def _opens_cell(words, idx: list[int], pos: int) -> bool:
    """The word opens a table cell: a column's gap (1.5 line heights) before it ('OIT' then
    '«.' for the row number ๙. of the next cell)."""
    w = words[idx[pos]]
    prev = words[idx[pos - 1]] if pos > 0 else None
    return prev is not None and w.height > 0 and w.left - (prev.left + prev.width) > 1.5 * w.height


def _inline_list_number(words, idx: list[int], pos: int) -> bool:
    """'ig.' 'lg,' between Thai letters: a list number inside a cell ("… ๑. สำรวจ …
    ๒. ปรับปรุง") Tesseract read as Latin. Thai text has no Latin abbreviation glued to its words."""
    t = words[idx[pos]].text.strip()
    if pos == 0 or pos + 1 >= len(idx) or not 2 <= len(t) <= 3 or t[-1] not in ".,":
        return False
    if not all(ch in _LATIN_LIST for ch in t[:-1]):
        return False
    return _has_thai(words[idx[pos - 1]].text) and _has_thai(words[idx[pos + 1]].text)


def _after_ordinal(words, idx: list[int], pos: int) -> bool:
    """'วันที « กันยายน', 'ลำดับที่ ERE จาก', 'อันดับ d ของ': a number Tesseract wrote
    as symbols or Latin letters right after ที่ (วันที่ ๙, ลำดับที่ ๔๙๔, ตัวชี้วัดที่ ๒) or
    a rank's word, where Thai puts a number. The image decides."""
    t = words[idx[pos]].text.strip()
    if pos == 0 or not 1 <= len(t) <= 4:
        return False
    if not (len(t) <= 3 and all(ch in MISREADS or ch in SEPARATORS for ch in t)
            or all(ch in _LATIN_LIST for ch in t)):
        return False
    before = "".join(words[i].text.strip() for i in idx[max(0, pos - 6):pos])
    # a rank needs no ที่ ('อันดับ d ของอำเภอ' for ๖)
    return before.endswith(("ที่", "ที", "อันดับ", "ลำดับ"))


def _before_month(words, idx: list[int], pos: int) -> bool:
    """'TUN mo ตุลาคม' 'Jun ac ตุลาคม': a day Tesseract wrote as Latin letters or symbols
    right before a month's name, where Thai puts the day (the bold วันที่ before it was
    misread too, so `_after_ordinal` has no ที่ to go by). The image decides."""
    t = words[idx[pos]].text.strip()
    if not 1 <= len(t) <= 3 or pos + 1 >= len(idx):
        return False
    if not all(ch in _LATIN_LIST or ch in MISREADS or ch in SEPARATORS for ch in t):
        return False
    after = "".join(words[i].text.strip() for i in idx[pos + 1:pos + 12])
    return starts_with_month(after)


def _letter_before_month(words, idx: list[int], pos: int) -> bool:
    """'ข่าวประชาสัมพันธ์ ฆ พฤศจิกายน': a day of one digit that Tesseract read as a
    Thai letter (ฆ ซ for ๗), a word on its own (a word space on both sides, where a
    word's letters touch) right before a month's name. The image decides: a real
    letter stays one to the glyph model."""
    w = words[idx[pos]]
    t = w.text.strip()
    if len(t) != 1 or not "ก" <= t <= "ฮ" or pos == 0 or pos + 1 >= len(idx) or w.height <= 0:
        return False
    prev, nxt = words[idx[pos - 1]], words[idx[pos + 1]]
    space = 0.35 * w.height
    if w.left - (prev.left + prev.width) < space or nxt.left - (w.left + w.width) < space:
        return False
    return starts_with_month("".join(words[i].text.strip() for i in idx[pos + 1:pos + 12]))


# a score Tesseract read as two Latin words joined by its point ("even.csen" for ๙๓.๘๓)
_DOTTED_LATIN = re.compile(r"[a-z]{2,5}\.[a-z]{2,5}")


def _latin_cell(words, idx: list[int], pos: int) -> bool:
    """'dame' 'coe' in a table cell of a row that has numbers: a score Tesseract read
    as Latin. In a cell: a column's gap (1.5 line heights, three word spaces) on one
    side at least. Capitals (IIT, EIT) are the tool column, not a misread, unless a point
    is among them ("OE." for ๖๔.๙๘ on a Chromium print's scan). The row's
    number may itself be Latin ("on." for ๓., then "dees colon" for ๗๙.๕๘ ๙๐.๒๖), and a
    score with its point may mix Latin letters and Arabic digits ("v0.06" for ๙๐.๑๘)."""
    w = words[idx[pos]]
    t = w.text.strip()
    digits = "0123456789" if "." in t and any(ch in _LATIN_LIST for ch in t) else ""
    # a capital word with a point in it is no tool name: ๙๓.๘๓ read 'WO.'
    capitals = t.isupper() and not any(ch in ".," for ch in t)
    if (not (2 <= len(t) <= 6 or _DOTTED_LATIN.fullmatch(t)) or capitals
            or not all(ch in _LATIN_LIST or ch in ".,’'" or ch in digits for ch in t)):
        return False
    numbered = pos > 0 and _latin_list_number(words[idx[0]].text.strip(), True)
    # two or three lower-case letters alone in a cell are no Thai table's word: a number
    # ('so' for ๓๐ in a period cell whose Tesseract line runs on through other columns)
    short = len(t) <= 3 and t.isascii() and t.isalpha() and t.islower()
    if w.height <= 0 or not (numbered or short or any(_has_digit(words[i].text) for i in idx)):
        return False
    gap = 1.5 * w.height
    before = pos == 0 or w.left - (words[idx[pos - 1]].left + words[idx[pos - 1]].width) > gap
    after = pos + 1 == len(idx) or words[idx[pos + 1]].left - (w.left + w.width) > gap
    if short and not numbered and not any(_has_digit(words[i].text) for i in idx):
        # no number in the row to go by: a cell between two others, gaps on both sides
        return 0 < pos < len(idx) - 1 and before and after
    return before or after


def _numbered_lines(words, lines: dict) -> list[tuple[int, int]]:
    """(left, top) of the lines that open with a list number ('๕.' '12.', the point
    Tesseract's next word or not)."""
    out = []
    for idx in lines.values():
        first = min(idx, key=lambda i: (words[i].left, words[i].word))
        t = words[first].text.strip()
        if 1 <= len(t.rstrip(".")) <= 2 and all(ch in DIGITS for ch in t.rstrip(".")):
            out.append((words[first].left, words[first].top))
    return out


def _list_letter(words, idx: list[int], numbered: list[tuple[int, int]]) -> bool:
    """A Thai letter and a point opening a line, where a line near it (four line heights)
    opens with a list number at its left edge: the list's number read as a letter (a Word
    font's ๖. ๗. ๙. read 'ษ.' 'ซ.' 'ฒ.'). The image decides; a lettered list (ก. ข.)
    stays letters to the digit model."""
    first = min(idx, key=lambda i: (words[i].left, words[i].word))
    w = words[first]
    t = w.text.strip()
    letter = t.rstrip(".")
    if not (1 <= len(letter) <= 2 and _has_thai(letter)) or w.height <= 0:
        return False
    after = sorted((i for i in idx if i != first), key=lambda i: words[i].left)
    if not (t.endswith(".") or (after and words[after[0]].text.strip() == ".")):
        return False
    h = w.height
    return any(abs(x - w.left) <= 0.5 * h and 0 < abs(y - w.top) <= 4 * h for x, y in numbered)


def _between_digits(words, idx: list[int], pos: int, cur: list[int]) -> bool:
    """One Thai letter inside a number: digits right before it (in the run so far) and
    right after it, no word space on either side ('๘๓.|ต|๕' for ๘๓.๓๘). Thai puts no
    letter inside a number; the glyph model reads it."""
    if not cur or pos + 1 >= len(idx):
        return False
    prev, w, nxt = words[cur[-1]], words[idx[pos]], words[idx[pos + 1]]
    if not any(_has_digit(words[j].text) for j in cur) or not (_has_digit(nxt.text) and _digitlike(nxt.text.strip())):
        return False
    space = 0.5 * max(w.height, 1)  # under a word space
    return w.left - (prev.left + prev.width) <= space and nxt.left - (w.left + w.width) <= space


def _row_number_cell(words, idx: list[int]) -> int:
    """How many words open the line as a table row's number Tesseract read as letters
    (ต or ตา for ๓, อ for ๖, ส่ for ๘, én): at most three characters with a letter and
    no digit, no wider than two digits, alone in their cell (the next word a column
    away); 0 when the line opens otherwise. The glyph model decides; a real short word
    (ณ) is read as a letter there."""
    first = words[idx[0]]
    h = first.height
    if h <= 0 or len(idx) < 2:
        return 0
    text, right = "", first.left
    for n, i in enumerate(idx):
        w = words[i]
        if n > 0 and w.left - right > 2.5 * h:  # a column's gap: the cell ends here
            break
        text += w.text.strip()
        right = max(right, w.left + w.width)
        if len(text) > 3:
            return 0
    else:
        return 0  # the whole line is one cell
    # guillemets too: a Word font's ๖ read '»'
    # (and "<" ">": ๖ on a noisy 200-dpi scan)
    if not any(ch.isalpha() or ch in "«»<>" for ch in text) or _has_digit(text) or right - first.left > 1.5 * h:
        return 0
    return n

# A score cue in running text (Thai letters come one per word: joined before matching)
_SCORE_CUES = ("ได้คะแนน", "ได้รับคะแนน", "คะแนนรวม", "คะแนนเฉลี่ย", "คะแนน", "เท่ากับ", "=", ":")

_SCORE_UNIT = "คะแนน"


# symbols Tesseract writes inside such a garble for a round Thai digit ('o€' for ๐๕, '«aol' for ๙๘.๗๕)
_GARBLE_SYMBOLS = "€£¢©°«»"


def _latin_garble(text: str) -> bool:
    """'cools' 'ea.' 'alo' 'o€' 'efo.ole' 'wd.99': a short lower-case Latin word (points and
    Arabic digits allowed: ๙๖.๑๑ read 'wd.99' on a clean Chromium scan) as Tesseract
    writes a Thai score; capitals (ITA, IIT) are real words."""
    letters = text.strip(".,'’")
    # a score's point inside makes one word of both halves: 'efo.ole' for ๗๖.๗๘
    longest = 8 if "." in letters else 6
    return (1 <= len(letters) <= longest and not letters.isupper() and any(ch in _LATIN_LIST for ch in letters)
            and all(ch in _LATIN_LIST or ch in ".,'’" or ch in _GARBLE_SYMBOLS or ch in "0123456789"
                    for ch in text)
            and letters.strip(_GARBLE_SYMBOLS).isascii())


def _after_score_cue(words, idx: list[int], pos: int) -> bool:
    """Latin garbles where the text says "a score stands here": after a Thai score cue
    (ได้คะแนน 'cools'), or before the unit ('ea. alo' คะแนน), the garble's neighbours
    that are garbles too counted with it ("ea. alo" for ๙๓.๗๑). The image decides."""
    if not _latin_garble(words[idx[pos]].text.strip()):
        return False
    a = pos
    while a > 0 and _latin_garble(words[idx[a - 1]].text.strip()):
        a -= 1
    b = pos + 1
    while b < len(idx) and _latin_garble(words[idx[b]].text.strip()):
        b += 1
    before = "".join(words[i].text.strip() for i in idx[max(0, a - 12):a])
    after = "".join(words[i].text.strip() for i in idx[b:b + 6])
    return before.endswith(_SCORE_CUES) or after.startswith(_SCORE_UNIT)


_ERA = ("พ.ศ.", "พ.ศ", "ค.ศ.")

_NUMBER_WORDS = json.loads((Path(__file__).resolve().parents[1] / "data" / "number_words.json")
                           .read_text(encoding="utf-8"))
_COUNT_BEFORE = tuple(_NUMBER_WORDS["before"])
_COUNT_AFTER = tuple(_NUMBER_WORDS["after"])


def _between_count_words(words, idx: list[int], pos: int) -> bool:
    """A Latin garble where Thai prose puts a count: right after a word a number follows
    (จำนวน 'me' for ๓๙, จาก 'ad' for ๗๖, ปี) or right before a unit ('ad' แห่ง, คน); the
    garble's neighbours that are garbles too counted with it. Word lists:
    pipeline/data/number_words.json. The image decides (a Latin word stays one to the
    glyph model)."""
    t = words[idx[pos]].text.strip()
    if not _latin_garble(t) or len(t.strip(".,'’")) > 4 and "." not in t:
        return False
    a, b = pos, pos + 1
    while a > 0 and _latin_garble(words[idx[a - 1]].text.strip()):
        a -= 1
    while b < len(idx) and _latin_garble(words[idx[b]].text.strip()):
        b += 1
    # Tesseract's Thai writes ำ as nikhahit and sara aa
    before = "".join(words[i].text.strip() for i in idx[max(0, a - 12):a]).replace("\u0e4d\u0e32", "\u0e33")
    after = "".join(words[i].text.strip() for i in idx[b:b + 8]).replace("\u0e4d\u0e32", "\u0e33")
    return before.endswith(_COUNT_BEFORE) or after.startswith(_COUNT_AFTER)


def _after_era(words, idx: list[int], pos: int) -> bool:
    """A Latin garble right after พ.ศ., where a year stands ("พ.ศ. ado" for a bold
    ๒๕๖๖ in a report's title). The image decides."""
    if not _latin_garble(words[idx[pos]].text.strip()):
        return False
    before = "".join(words[i].text.strip() for i in idx[max(0, pos - 6):pos])
    return before.endswith(_ERA)


# an abbreviated month at the end of a line's text so far, its point read as a
# lower vowel or lost beside one ("ก.ุย." "กุย." for ก.ย.)
_ABBR_TAIL = re.compile(r"([ก-ฮ][\u0e34-\u0e37]?)[.\u0e38\u0e39]{1,3}([ก-ฮ])\.?$")
_ABBR_KEYS = frozenset(abbr.replace(".", "") for abbr in thai_abbr_months)

# capitals Tesseract writes for a year's two round Thai digits (๖๖ read "OO", "OD")
_ROUND_CAPITALS = frozenset("OQDCG")


def _after_month(words, idx: list[int], pos: int) -> bool:
    """A Latin garble right after a month's name, where a year stands ("กันยายน bebe",
    "ก.ย. be" for ๒๕๖๘, ๖๘ in a Word table's period cell; "กุย. dev" for ก.ย. ๖๗, the
    abbreviation's point read as ุ; "ต.ค. OO" for ๖๖, round capitals). The image decides."""
    t = words[idx[pos]].text.strip()
    if not (_latin_garble(t) or 1 <= len(t) <= 3 and _ROUND_CAPITALS.issuperset(t)):
        return False
    before = "".join(words[i].text.strip() for i in idx[max(0, pos - 12):pos])
    if any(starts_with_month(before[k:]) for k in range(max(0, len(before) - 10), len(before) - 2)):
        return True
    m = _ABBR_TAIL.search(before)
    return m is not None and m[1] + m[2] in _ABBR_KEYS and "." in m[0]


def _lone(texts: list[str]) -> bool:
    """A line of one or two short words with no Thai letter: a page number (- ๓ -) or a
    row number Tesseract read as "-q-", "ese", "«Di"."""
    joined = "".join(texts)
    return (len(texts) <= 2 and 1 <= len(joined) <= 5 and not any("\u0e01" <= ch <= "\u0e4f" and ch not in DIGITLIKE for ch in joined))


def _dashed_page_number(texts: list[str]) -> bool:
    """A line of at most three short words, a dash at one end, at most three other
    characters: a page number (- ๕ -) whose digit Tesseract read as Thai letters
    ("ะ ธิ -", its first dash a vowel). The image decides: the digit step writes digits
    only where every glyph is one."""
    joined = "".join(texts)
    body = joined.strip("-–—_ ")
    return (1 <= len(texts) <= 3 and joined[:1] + joined[-1:] != "" and (joined[0] in "-–—" or joined[-1] in "-–—")
            and 1 <= len(body) <= 3 and not any(ch in "-–—" for ch in body))

# What Tesseract writes for the letter of a question code (O๑๓ → "Ooo", I๑๕ → "lag").
_CODE_LETTER = {"O": "O", "0": "O", "o": "O", "๐": "O", "Q": "O", "D": "O",
                "I": "I", "l": "I", "|": "I", "!": "I", "i": "i", "E": "E", "e": "e"}


def _code_like(text: str) -> bool:
    """'Ooo' 'O7' 'lag' 'Ew': a question code (O๑๓, I15, E๙) as Tesseract may read it;
    the image decides whether it is one."""
    if not 2 <= len(text) <= 4 or text[0] not in _CODE_LETTER or text[-1] in ".,":
        return False
    # 'ITA' 'OIT': capitals after the letter are a word, not a misread digit
    return all(ch in DIGITLIKE or ch.isascii() and ch.islower() or ch in "’'" for ch in text[1:])


def _codes_like(text: str) -> bool:
    """'igloo': two question codes side by side (i๘ I๑๑) that Tesseract read as one Latin
    word: a code letter, then lower-case letters only; the image decides."""
    return (5 <= len(text) <= 8 and text[0] in _CODE_LETTER and text.isascii()
            and text[1:].isalpha() and text[1:].islower())


def _sliver(w) -> bool:
    """One character boxed as a sliver ('.', 'ฯ', 'ซ' 1-3 px wide): Tesseract's box for a
    glyph it could not place, often a Thai digit after 'ที่' (ที่ ๗ read as ทีซ)."""
    t = w.text.strip()
    return len(t) == 1 and t not in "-–_" and w.height > 0 and w.width <= max(2, 0.12 * w.height)

# Thai letters, vowels and marks that Tesseract does not write for a digit
_PLAIN_THAI = frozenset(chr(c) for c in range(0x0E01, 0x0E50)) - DIGITLIKE


def find_runs(words, blank=None) -> list[list[int]]:
    """Indices of words forming candidate numeric runs, per Tesseract line. `blank(i)`
    (the digit step's, from the page image): whether word i's box holds next to no ink."""
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault((w.block, w.par, w.line), []).append(i)
    runs: list[list[int]] = []
    cells: set[int] = set()  # Latin words read in place of a number cell: kept at run ends
    numbered = _numbered_lines(words, lines)
    for idx in lines.values():
        idx.sort(key=lambda i: (words[i].left, words[i].word))
        cur: list[int] = []
        anchored = False
        texts = [words[i].text.strip() for i in idx if words[i].text.strip()]
        lone = _lone(texts)
        paged = not lone and _dashed_page_number(texts)
        row_no = _row_number_cell(words, idx)
        cells.update(idx[:row_no])
        for pos, i in enumerate(idx):
            t = words[i].text.strip()
            plain = pos >= row_no and _PLAIN_THAI.issuperset(t)
            if pos < row_no or paged and t:
                anchor = True
                if paged:
                    cells.add(i)  # the whole line is read: no end trimmed
            elif pos == 0 and _list_letter(words, idx, numbered):
                anchor = True
                cells.add(i)  # a letter: kept at the run's end
            elif plain:
                # most words: Thai letters only (not digit-like), where of the cues below
                # only a sliver box can hold; the others want digits, misreads, Latin or ".,"
                anchor = len(t) == 1 and (_sliver(words[i]) or _between_digits(words, idx, pos, cur))
                if not anchor and _letter_before_month(words, idx, pos):
                    anchor = True
                    cells.add(i)  # a letter: kept at the run's end
            else:
                anchor = (_has_digit(t) and _digitlike(t) or _latin_list_number(t, pos == 0 or _opens_cell(words, idx, pos))
                          or _code_like(t) or _codes_like(t) or (lone and bool(t)) or _sliver(words[i])
                          or _inline_list_number(words, idx, pos) or _after_ordinal(words, idx, pos))
                if not anchor and (_latin_cell(words, idx, pos) or _before_month(words, idx, pos)
                                   or _after_score_cue(words, idx, pos) or _after_era(words, idx, pos)
                                   or _after_month(words, idx, pos) or _between_count_words(words, idx, pos)):
                    anchor = True
                    cells.add(i)
                elif anchor and _has_latin(t) and _after_ordinal(words, idx, pos):
                    cells.add(i)  # Latin letters for a number: kept at the run's end
            if lone and t:
                cells.add(i)  # a page number's line is read whole ('sey ee' for - 2 -)
            if anchor or not plain and _digitlike(t):
                cur.append(i)
                anchored = anchored or anchor
                continue
            if cur and anchored:
                runs.append(cur)
            cur, anchored = [], False
        if cur and anchored:
            runs.append(cur)
    # a run must hold a real digit or a list number; trim pure-misread ends far from it
    runs = [_after_abbreviation(words, lines, r) for r in runs]
    runs = [_trim_run(words, r, cells) for r in runs if r]
    if blank is None:
        return runs
    return [_with_body_mark(words, lines, r) if blank(r[0]) else r for r in runs]


# Thai marks written above or below a letter: never at the letters' height on their own
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")


def _with_body_mark(words, lines: dict, run: list[int]) -> list[int]:
    """A run whose first word lies over blank paper, right after a word Tesseract read as
    a mark alone (่) whose box reaches down past the number's middle: the mark's box is
    the number's ink ('ตัวชี้วัดที่ ๘' read ที + '่' over the ๘ + '๕' over the blank
    beside it). The mark's word joins the run; the image decides (a real mark is no digit
    to the model)."""
    w = words[run[0]]
    line = lines[(w.block, w.par, w.line)]
    at = line.index(run[0])
    if at == 0 or not (_has_digit(w.text) or _digitlike(w.text.strip())):
        return run
    m = words[line[at - 1]]
    if m.text.strip() not in _MARKS or m.height <= 0:
        return run
    letters = sorted(words[i].height for i in line if words[i].height > 0
                     and len(words[i].text.strip()) == 1 and "ก" <= words[i].text.strip() <= "ฮ")
    unit = letters[len(letters) // 2] if letters else m.height
    gap = w.left - (m.left + m.width)
    # down past the number's middle (a real mark ends above the letters), not far below it
    bottom = m.top + m.height
    if w.top + 0.5 * w.height <= bottom <= w.top + w.height + 0.6 * unit and m.width >= 0.25 * unit and gap <= unit:
        return [line[at - 1]] + run
    return run


def _after_abbreviation(words, lines: dict, run: list[int]) -> list[int]:
    """A run without the points it opens with that end a month's abbreviation (ก.ย. ๖๗:
    its last point, Tesseract's word of its own): read with the number, the
    abbreviation's last letter joined it (ก.ย. ๖๗ came out ก0.๖๗). พ.ศ.'s point stays:
    read with it, a year's glyphs are measured against the era's (s9962: 2567 read
    25 67 without it)."""
    k = 0
    while k < len(run) and words[run[k]].text.strip() == ".":
        k += 1
    if k == 0 or k == len(run):
        return run
    w = words[run[0]]
    line = lines[(w.block, w.par, w.line)]
    at = line.index(run[0])
    before = "".join(words[i].text.strip() for i in line[max(0, at - 8):at]) + "."
    m = _ABBR_TAIL.search(before)
    return run[k:] if m is not None and m[1] + m[2] in _ABBR_KEYS else run


def _trim_run(words, run: list[int], keep: set[int] = frozenset()) -> list[int]:
    def key(i):
        t = words[i].text
        return (_has_digit(t) or t[-1:] in ".," or _latin_list_number(t, True) or _code_like(t)
                or _codes_like(t) or i in keep)

    a, b = 0, len(run)
    while a < b and not key(run[a]) and words[run[a]].text not in {".", ","}:
        a += 1
    while b > a and not key(run[b - 1]) and words[run[b - 1]].text not in {".", ","}:
        b -= 1
    return run[a:b] if a < b else run


def _box(w) -> tuple[int, int, int, int]:
    return int(w.left), int(w.top), int(w.left) + int(w.width), int(w.top) + int(w.height)


def _band(words, run: list[int], line_words: list[int], rx0: int, rx1: int) -> tuple[float, float, float]:
    """(top, bottom, unit) of the text line near the run from Tesseract's boxes: medians
    are robust to the per-letter boxes that swallow marks above and below; only nearby
    words count (a page turned by 1° drifts 35 px across a 300-dpi line)."""
    hs = sorted(words[i].height for i in run if words[i].height > 0) or [1]
    reach = 8 * hs[len(hs) // 2]
    ws = [words[i] for i in line_words if words[i].height > 0
          and rx0 - reach <= words[i].left + words[i].width / 2 <= rx1 + reach]
    ws = ws or [words[i] for i in run]
    # a dash's or a point's flat box says nothing of the line's height (a page number
    # '23' '2' for - ๓ -: the right dash's 3-px box made the digit twice the line's height)
    mid_h = sorted(w.height for w in ws)[len(ws) // 2]
    ws = [w for w in ws if w.height >= 0.4 * mid_h] or ws
    tops = sorted(w.top for w in ws)
    bots = sorted(w.top + w.height for w in ws)
    hs = sorted(w.height for w in ws)
    unit = float(hs[len(hs) // 2]) if hs else 1.0
    return float(tops[len(tops) // 2]), float(bots[len(bots) // 2]), max(unit, 1.0)
