"""Thai text normalisation and a text-quality score for page triage.

`normalize` turns what a PDF text layer or Tesseract gives us into one canonical
form (NFC, marks in order, sara am composed, OCR-spaced letters joined) while
keeping the page layout convention of pipeline/pages.py: "\\n" between lines and
"\\t" between table cells.

`text_quality` measures how much a text looks like real Thai, so the reader can
decide whether to trust a PDF text layer or OCR the page instead (DESIGN §2).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pythainlp.util import normalize as _pythainlp_normalize_reference

# the module, not the function pythainlp.util exports under the same name
_pn = importlib.import_module("pythainlp.util.normalize")

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")

# Thai letters that carry no mark of their own (consonants, ฤ ฦ, vowel letters
# that take a whole cell: ะ า ำ เ แ โ ใ ไ ๅ); ฯ and ๆ are left out on purpose.
_BASE = "\u0e01-\u0e2e\u0e30\u0e32\u0e33\u0e40-\u0e45"
# Combining marks: above/below vowels, tone marks, thanthakhat, nikhahit, ...
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_TONES = "\u0e48-\u0e4b"
# Any Thai letter or mark (not digits, not ฿).
_THAI_LETTER = "\u0e01-\u0e3a\u0e40-\u0e4e"

# Invisible characters that only break matching: ZWSP, ZWNJ, ZWJ, word joiner,
# BOM, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\u180e]")
# Every Unicode space except tab becomes a plain space; line/paragraph
# separators and form/vertical feeds become newlines.
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\u0085\x0b\x0c]")
_SPACES = re.compile("[^\\S\t\n]")

# Thai PDF fonts (the "C90" layout used by Windows/Adobe Thai fonts) put
# positional variants of marks in the private-use area U+F700–U+F71A: lowered or
# left-shifted tone marks, and ฐ/ญ without descender. Each is the same letter.
_PUA_THAI = {
    0xF700: "\u0e10",  # ฐ without descender
    0xF701: "\u0e34",  # sara i, shifted left
    0xF702: "\u0e35",  # sara ii, shifted left
    0xF703: "\u0e36",  # sara ue, shifted left
    0xF704: "\u0e37",  # sara uee, shifted left
    0xF705: "\u0e48",  # mai ek, low + left
    0xF706: "\u0e49",  # mai tho, low + left
    0xF707: "\u0e4a",  # mai tri, low + left
    0xF708: "\u0e4b",  # mai chattawa, low + left
    0xF709: "\u0e4c",  # thanthakhat, low + left
    0xF70A: "\u0e48",  # mai ek, lowered
    0xF70B: "\u0e49",  # mai tho, lowered
    0xF70C: "\u0e4a",  # mai tri, lowered
    0xF70D: "\u0e4b",  # mai chattawa, lowered
    0xF70E: "\u0e4c",  # thanthakhat, lowered
    0xF70F: "\u0e0d",  # ญ without descender
    0xF710: "\u0e31",  # mai han-akat, shifted left
    0xF711: "\u0e4d",  # nikhahit, shifted left
    0xF712: "\u0e47",  # maitaikhu, shifted left
    0xF713: "\u0e48",  # mai ek, shifted left
    0xF714: "\u0e49",  # mai tho, shifted left
    0xF715: "\u0e4a",  # mai tri, shifted left
    0xF716: "\u0e4b",  # mai chattawa, shifted left
    0xF717: "\u0e4c",  # thanthakhat, shifted left
    0xF718: "\u0e38",  # sara u, lowered
    0xF719: "\u0e39",  # sara uu, lowered
    0xF71A: "\u0e3a",  # phinthu, lowered
}
# Other private-use glyphs carry no recoverable meaning: drop them.
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_PUA_TABLE = str.maketrans({cp: ch for cp, ch in _PUA_THAI.items()})

# "ก ่" → "ก่": a space between a Thai letter and its mark is an extraction artefact.
_SPACE_BEFORE_MARK = re.compile(f"(?<=[{_THAI_LETTER}]) +(?=[{_MARKS}])")
# A mark with no Thai letter before it cannot be placed: drop it.
_ORPHAN_MARK = re.compile(f"(?<![{_THAI_LETTER}])[{_MARKS}]+")
# Decomposed sara am (nikhahit + sara aa), possibly split by a tone mark or a space.
_DECOMPOSED_AM = re.compile(f"\u0e4d *([{_TONES}]?) *\u0e32")
_MULTI_SPACE = re.compile(" {2,}")

# OCR-spaced Thai: "ร า ย ง า น". A cluster is one base letter plus its marks;
# a run is ≥3 clusters, each a whole space-delimited token.
_CLUSTER = f"[{_BASE}][{_MARKS}]*"
_SPACED_RUN = re.compile(
    f"(?<![{_THAI_LETTER}\u0e50-\u0e59A-Za-z0-9])"
    f"{_CLUSTER}(?: {_CLUSTER}){{2,}}"
    f"(?![{_THAI_LETTER}\u0e50-\u0e59A-Za-z0-9])"
)
_BARE_BASE = re.compile(f"(?<![^ ])[{_BASE}](?![^ ])")
_VOWEL_LETTER = re.compile("(?<![^ ])[\u0e30\u0e32\u0e33\u0e40-\u0e45](?![^ ])")


def thai_digits_to_arabic(text: str) -> str:
    """๐–๙ → 0–9; everything else unchanged."""
    return text.translate(_TO_ARABIC)


def _join_spaced_run(match: re.Match[str]) -> str:
    run = match.group(0)
    # Real text has single-cluster words too (ที่ ณ ก็ นี้), so only glue a run that
    # looks like letter-by-letter OCR: a standalone vowel letter, or at least two
    # bare letters with no mark.
    if _VOWEL_LETTER.search(run) or len(_BARE_BASE.findall(run)) >= 2:
        return run.replace(" ", "")
    return run


def _pythainlp_normalize(text: str) -> str:
    """pythainlp.util.normalize (zero-width characters, repeated spaces, spaces before
    marks, vowel and tone order, repeated vowels and tones, dangling marks) with the
    same result in less time: its ~25 substitutions by patterns compiled once, each
    skipped where a character it needs is absent (most cells have none of them).
    tests/test_startup_and_caches.py compares the two on the corpus and random text."""
    if not _FAST_NORMALIZE:
        return _pythainlp_normalize_reference(text)
    if "\u200b" in text or "\u200c" in text:
        text = text.replace("\u200b", "").replace("\u200c", "")
    text = _pn.remove_dup_spaces(text)
    text = _pn._RE_REMOVE_SPACES_BEFORE_NONBASE.sub(r"\1\2", text)
    for (pattern, repl), needs in zip(_REORDER, _REORDER_NEEDS):
        if any(ch in text for ch in needs):
            text = pattern.sub(repl, text)
    for ch, pattern in _NO_REPEAT:
        if text.count(ch) > 1:  # (ch[ ]*)+ch: ch at least twice
            text = pattern.sub(ch, text)
    text = _pn._RE_TONEMARKS.sub(_pn._last_char, text)
    return _pn.remove_dangling(text)


# pythainlp.util.normalize's rules, compiled, with the characters without which each of
# its vowel-order patterns cannot match; checked against pythainlp's own list: another
# version of pythainlp with other rules is called as it is
_REORDER_NEEDS = (
    "\u0e40",  # เเ -> แ
    _pn.tonemarks + "\u0e4c",  # ([tone ์]+)([above below]+)
    "\u0e4d",  # ํ[tone]*า -> ำ
    _pn.tonemarks,  # ([follow]+)([tone]+)
    "\u0e45",  # ([^ฤฦ])ๅ -> า
)
_REORDER_EXPECTED = (
    "\u0e40\u0e40",
    f"([{_pn.tonemarks}\u0e4c]+)([{_pn.above_v}{_pn.below_v}]+)",
    f"\u0e4d([{_pn.tonemarks}]*)\u0e32",
    f"([{_pn.follow_v}]+)([{_pn.tonemarks}]+)",
    "([^\u0e24\u0e26])\u0e45",
)
_FAST_NORMALIZE = (
    tuple(p for p, _ in _pn._REORDER_PAIRS) == _REORDER_EXPECTED
    and all(p == f"({ch}[ ]*)+{ch}" for p, ch in _pn._NOREPEAT_PAIRS)
)
_REORDER = tuple((re.compile(p), r) for p, r in _pn._REORDER_PAIRS)
_NO_REPEAT = tuple((ch, re.compile(p)) for p, ch in _pn._NOREPEAT_PAIRS)


# pure, and called twice per line (normalize checks that a second pass changes nothing):
# a second call and a table's repeated cells (headers, คะแนน, numbers) are looked up
@lru_cache(maxsize=1 << 16)
def _normalize_cell(cell: str) -> str:
    cell = _SPACE_BEFORE_MARK.sub("", cell)
    cell = _DECOMPOSED_AM.sub("\\1\u0e33", cell)
    cell = _ORPHAN_MARK.sub("", cell)
    cell = _MULTI_SPACE.sub(" ", cell).strip(" ")
    cell = _pythainlp_normalize(cell)
    return _SPACED_RUN.sub(_join_spaced_run, cell)


def _normalize_line(line: str) -> str:
    return "\t".join(_normalize_cell(cell) for cell in line.split("\t"))


def _normalize_line_stable(line: str) -> str:
    # A later step can (rarely) create input for an earlier one, e.g. dropping a
    # dangling mark exposes a spaced run; repeat until nothing changes. NFC after each
    # pass: pythainlp puts a tone after an upper vowel but leaves a phinthu behind it
    # (ก ิ ่ ฺ), an order NFC changes, so the next normalize would start elsewhere.
    for _ in range(4):
        new = unicodedata.normalize("NFC", _normalize_line(line))
        if new == line:
            break
        line = new
    return line


def normalize(text: str) -> str:
    """Canonical form of Thai page text. Never NFKC: it splits sara am (ำ).

    Steps: NFC; unify newlines and spaces (tabs kept: they separate table
    cells); drop invisible characters; map Thai PUA glyphs, drop other PUA;
    remove spaces before marks; compose sara am; pythainlp.util.normalize
    (mark order, repeats, dangling marks) per table cell; join OCR-spaced
    letters. Idempotent: normalize(normalize(x)) == normalize(x).
    """
    if not text:
        return ""
    if len(text) <= _SHORT_TEXT:
        return _normalize_short(text)
    return _normalize(text)


# A name, a cell or a line is normalised again and again (an agency's place name at each
# search of a line that names it, a heading by each matcher): short texts are looked up.
_SHORT_TEXT = 200


@lru_cache(maxsize=1 << 13)
def _normalize_short(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    # PUA glyphs map to marks in visual order (ก + PUA ่ + ฺ): NFC again puts them in
    # canonical order, or a second normalize would reorder them (not idempotent)
    text = unicodedata.normalize("NFC", _PUA.sub("", text.translate(_PUA_TABLE)))
    return "\n".join(_normalize_line_stable(line) for line in text.split("\n"))


# --------------------------------------------------------------------------
# Text-layer repair
# --------------------------------------------------------------------------

# A sara am whose nikhahit a PDF text layer lost, leaving a space before its sara aa:
# "ส านักงาน", "น้ ามัน". No Thai word starts with า, so the space is never a word
# space; whether ำ was there is for the dictionary to say (repair_split_sara_am).
_SPLIT_SARA_AM = re.compile(f"(?<=[\u0e01-\u0e2e])([{_TONES}]?) \u0e32")
_WORD_BEFORE, _WORD_AFTER = re.compile(r"\S*$"), re.compile(r"\S*")
_REPAIR_WINDOW = 30
# a text layer missing its nikhahits has tens of them on a page (the Word memo of
# ../shared/real: 35); past this many candidates a text is something else, left as is
_MAX_REPAIRS = 3000


def _unknown_chars(tokens: list[str]) -> int:
    """Characters in Thai tokens that are not dictionary words."""
    words = _thai_dictionary()
    return sum(len(t) for t in tokens if _HAS_THAI_LETTER.search(t) and not _is_known(t.strip(), words))


def _word_across(tokens: list[str], first: int, last: int) -> bool:
    """One token (of a text cut into `tokens`) spans the characters first..last and is a
    dictionary word."""
    token = _token_across(tokens, first, last)
    return token is not None and _is_known(token, _thai_dictionary())


def _token_across(tokens: list[str], first: int, last: int) -> str | None:
    """The token of `tokens` that spans the characters first..last, if one does."""
    start = 0
    for token in tokens:
        end = start + len(token)
        if start <= last < end:
            return token if start <= first else None
        start = end
    return None


@lru_cache(maxsize=4096)
def _sara_am_fits(left: str, tone: str, right: str) -> bool:
    """left + tone + ำ + right has a dictionary word across the gap (from the letter
    before it to the ำ) and fewer unknown letters than left + tone + " า" + right.
    Cached: a page repeats its words (สำนักงาน, อำเภอ, ประจำปี)."""
    joined = left + tone + "\u0e33" + right
    tokens = _tokenize(joined)  # no whitespace in it: offsets add up
    return _word_across(tokens, len(left) - 1, len(left) + len(tone)) and _unknown_chars(
        tokens) < _unknown_chars(_tokenize(left + tone + " \u0e32" + right))


# A sara am whose tone mark a LibreOffice text layer wrote as a stray "*", "%", "$" or a space,
# its nikhahit as ำ: "นำ*าขาว", "นำ%าขาว", "นำ าขาว" for น้ำขาว (Writer and Calc, Loma). ำ is never followed
# by า, so the three are one sara am with a tone mark; which tone is the dictionary's call.
_AM_TONE_LOST = re.compile("(?<=[\u0e01-\u0e2e])\u0e33[ *%$]\u0e32")
_TONE_MARKS = ("\u0e49", "\u0e48", "\u0e4a", "\u0e4b")


def _repair_am_tone_lost(text: str) -> tuple[str, int]:
    def fix(left: str, m: re.Match, right: str) -> str | None:
        tone = next((t for t in _TONE_MARKS if _sara_am_fits(left, t, right)), None)
        return None if tone is None else tone + "\u0e33"
    return _repair_each(text, _AM_TONE_LOST, fix)


# A tone mark before ำ that a text layer made of the sara am's own nikhahit glyph (Word
# PDFs in Umpush: "ด้ำเนิน", "ประจ้ำปี" for ดำเนิน, ประจำปี). น้ำ, ต่ำ, ซ้ำ are words:
# the mark goes only where the word without it reads and the word with it does not.
_AM_STRAY_TONE = re.compile("(?<=[\u0e01-\u0e2e])[\u0e48\u0e49](?=\u0e33)")


@lru_cache(maxsize=4096)
def _am_tone_spurious(left: str, tone: str, right: str) -> bool:
    """Without the mark: a dictionary word across the ำ that leaves fewer letters unread,
    or as few in a longer word ("ดำเนิน", not the rare "ด้ำ" + "เนิน")."""
    bare = _tokenize(left + right)
    word = _token_across(bare, len(left) - 1, len(left))
    if word is None or not _is_known(word, _thai_dictionary()):
        return False
    toned = _tokenize(left + tone + right)
    written = _token_across(toned, len(left) - 1, len(left) + 1) or ""
    n, n_toned = _unknown_chars(bare), _unknown_chars(toned)
    return n < n_toned or n == n_toned and len(word) > len(written) + 1


def _repair_am_stray_tone(text: str) -> tuple[str, int]:
    return _repair_each(text, _AM_STRAY_TONE,
                        lambda left, m, right: "" if _am_tone_spurious(left, m.group(), right) else None)


def repair_split_sara_am(text: str) -> tuple[str, int]:
    """(text with each split sara am put back, how many). A consonant (and its tone
    mark), a space, then า is repaired to ำ only on dictionary evidence: the word
    with ำ is a dictionary word that spans the gap and the words around it read no
    worse ("ส านักงาน" → "สำนักงาน"); spaces are never removed otherwise. The words
    around are read within _REPAIR_WINDOW characters on each side (no Thai word is
    longer), so a long line costs linear time, and only the first _MAX_REPAIRS gaps
    are examined. Pure; never raises."""
    if "\u0e33" in text:
        text, toned = _repair_am_tone_lost(text)
        text, untoned = _repair_am_stray_tone(text)
        toned += untoned
    else:
        toned = 0
    if " \u0e32" not in text:
        return text, toned
    out: list[str] = []
    tail = ""  # the output's last characters: the word before the gap, as repaired
    pos = repaired = examined = 0
    for m in _SPLIT_SARA_AM.finditer(text):
        if m.start() < pos:
            continue
        tail = (tail + text[pos : m.start()])[-_REPAIR_WINDOW:]
        left = _WORD_BEFORE.search(tail).group()
        right = _WORD_AFTER.match(text, m.end(), m.end() + _REPAIR_WINDOW).group()
        tone = m.group(1)
        if examined < _MAX_REPAIRS and _sara_am_fits(left, tone, right):
            piece = tone + "\u0e33"
            repaired += 1
        else:
            piece = m.group(0)
        examined += 1
        out.append(text[pos : m.start()] + piece)
        tail = (tail + piece)[-_REPAIR_WINDOW:]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), repaired + toned


# A tone mark a LibreOffice text layer wrote as "%", "*" or "$" (Calc with Loma: "ดังนี%",
# "ตัวชี%วัด" for ดังนี้, ตัวชี้วัด): after a consonant or a vowel mark, the tone mark
# that makes the word around it a dictionary word, where one does.
_STRAY_TONE = re.compile("(?<=[\u0e01-\u0e2e\u0e31\u0e34-\u0e39])[%*$]")
# … or as a space over an upper vowel (Writer with Loma: "ตัวชี วัด" for ตัวชี้วัด): a
# space is a word break far more often, so only where a tone makes one word across it
_SPACE_TONE = re.compile("(?<=[\u0e01-\u0e2e][\u0e31\u0e34-\u0e37]) (?=[\u0e01-\u0e2e\u0e40-\u0e44])")


def repair_stray_tone_glyphs(text: str) -> tuple[str, int]:
    """(text with each tone mark written as %, * or $ put back, how many); a mark no tone
    makes a word of stays as written. Pure; never raises."""
    text, spaced = _repair_each(text, _SPACE_TONE, lambda left, m, right: _tone_joins(left, right))
    if "%" not in text and "*" not in text and "$" not in text:
        return text, spaced
    text, marked = _repair_each(text, _STRAY_TONE, lambda left, m, right: _tone_fits(left, right))
    return text, spaced + marked


@lru_cache(maxsize=4096)
def _tone_joins(left: str, right: str) -> str | None:
    """The tone mark for a space between left and right where the text reads strictly
    better with it, fewer letters left unread ("ทั งหมด", "ฉบับนี ได้"): a longer word
    alone is no evidence here ("ในปี นี้" is not ปี้, "สี ขาว" is not สี่)."""
    tone = _tone_fits(left, right)
    if tone is None:
        return None
    return tone if _unknown_chars(_tokenize(left + tone + right)) < _unknown_chars(_tokenize(left + right)) else None


# A tone mark drawn high over an upper vowel whose glyph a text layer left unmapped
# ("ทั(cid:11)ง" for ทั้ง, a Word PDF in Umpush): the readers write UNMAPPED_MARK there.
UNMAPPED_MARK = "\ufffd"
_UNMAPPED_TONE = re.compile(f"(?<=[\u0e31\u0e34-\u0e37]){UNMAPPED_MARK}")


def repair_unmapped_tones(text: str) -> tuple[str, int]:
    """(text with each UNMAPPED_MARK replaced by the tone mark that makes the word around
    it a dictionary word, or dropped where none does, how many were put back). No
    UNMAPPED_MARK is left. Pure; never raises."""
    if UNMAPPED_MARK not in text:
        return text, 0
    text, n = _repair_each(text, _UNMAPPED_TONE, lambda left, m, right: _tone_fits(left, right))
    return text.replace(UNMAPPED_MARK, ""), n


@lru_cache(maxsize=4096)
def _tone_fits(left: str, right: str) -> str | None:
    """The tone mark between left and right that makes a dictionary word across the
    gap and reads better than no mark at all: fewer unknown letters, or as few with a
    longer word across the gap than the word there without it ("ชี้" of ตัวชี้วัด for
    "ชี"; "หมายเหตุ" stays, not "หมาย|เห|ตุ๊"); the best of them, else None."""
    bare_tokens = _tokenize(left + right)
    bare = _unknown_chars(bare_tokens)
    bare_word = _token_across(bare_tokens, len(left) - 1, len(left) - 1) or ""
    best, best_rank = None, None
    for tone in _TONE_MARKS:
        tokens = _tokenize(left + tone + right)
        word = _token_across(tokens, len(left) - 1, len(left))
        if word is None or not _is_known(word, _thai_dictionary()):
            continue
        n = _unknown_chars(tokens)
        rank = (n, len(tokens), -_word_frequencies().get(word, 0))
        better = n < bare or n == bare and len(word) > len(bare_word)
        if better and (best_rank is None or rank < best_rank):
            best, best_rank = tone, rank
    return best


# Below vowels and tone marks a PDF text layer wrote as one another: LibreOffice with TLWG
# fonts maps the glyph variants drawn at one height to the wrong mark (ุ as ่, ู as ้,
# ้ as ุ: "ค่ณภาพ", "ข้อม้ล", "ผ้", "ไดุ", "รับรุ้"). The marks after a consonant are a
# candidate; what was there is the dictionary's call.
_MARK_RUN = re.compile("(?<=[\u0e01-\u0e2e])([\u0e38\u0e39]?[\u0e48\u0e49]?)(?<=[\u0e38\u0e39\u0e48\u0e49])")
_MARK_RUNS = ("\u0e48", "\u0e49", "\u0e38", "\u0e39", "\u0e38\u0e48", "\u0e38\u0e49", "\u0e39\u0e48",
              "\u0e39\u0e49")


def repair_lowered_vowels(text: str) -> tuple[str, int]:
    """(text with each confused below vowel or tone mark put back, how many). The marks
    right after a consonant (ุ/ู and/or ่/้) become another of these only when the word
    around them is no dictionary word as written, is one with the other marks, and the
    words around read better ("ค่ณภาพ" → "คุณภาพ", "ข้อม้ล" → "ข้อมูล", "ไดุ" → "ได้";
    "ที่" and "ได้" stay). Words are read within _REPAIR_WINDOW characters on each side;
    at most _MAX_REPAIRS runs are examined. Pure; never raises."""
    return _repair_each(text, _MARK_RUN, lambda left, m, right: _other_marks_fit(left, m.group(1), right))


def _repair_each(text: str, pattern: re.Pattern[str], fix) -> tuple[str, int]:
    """(text with each match of `pattern` replaced by fix(word before, match, word
    after) where that gives a text (None: as written), how many). The words are read
    within _REPAIR_WINDOW characters on each side, so a long line costs linear time, and
    only the first _MAX_REPAIRS matches are examined."""
    out: list[str] = []
    pos = repaired = 0
    for examined, m in enumerate(pattern.finditer(text)):
        if examined >= _MAX_REPAIRS:
            break
        left = _WORD_BEFORE.search(text, max(0, m.start() - _REPAIR_WINDOW), m.start()).group()
        right = _WORD_AFTER.match(text, m.end(), m.end() + _REPAIR_WINDOW).group()
        piece = fix(left, m, right)
        if piece is None:
            continue
        out.append(text[pos : m.start()] + piece)
        pos, repaired = m.end(), repaired + 1
    out.append(text[pos:])
    return "".join(out), repaired


@lru_cache(maxsize=4096)
def _other_marks_fit(left: str, marks: str, right: str) -> str | None:
    """What stands for `marks` between left and right, or None to keep them (cached: a
    page repeats its words). Each text is tokenized once here: _marks_joining_words
    reads the same ones (a third of a LibreOffice PDF's tokenizing was repeats)."""
    known: dict[str, list[str]] = {}

    def tokenize(text: str) -> list[str]:
        got = known.get(text)
        if got is None:
            got = known[text] = _tokenize(text)
        return got

    as_written = tokenize(left + marks + right)
    # a below vowel before า/ำ/ะ is no Thai spelling (no syllable starts with them): the
    # tone mark's glyph drawn low ("หนูาที่", "หนุาที่" for หน้าที่), whatever word "หนู" makes
    impossible = _below_before_vowel(marks, right)
    written_unknown = _unknown_chars(as_written)
    # a word as written whose neighbours read too (ได้, ที่, ข้อ…) stays; one that leaves
    # letters around it unread ("ขู|อ|มูล" for ข้อมูล) is a candidate, repaired only where
    # other marks read strictly better and make a commoner word (a place's name, "ดุ|ง" of
    # บ้านดุง, is not the rare ด้ง)
    written = None
    if not impossible and _word_across(as_written, len(left) - 1, len(left) + len(marks) - 1):
        written = _token_across(as_written, len(left) - 1, len(left) + len(marks) - 1)
        if not written_unknown:
            return _marks_joining_words(left, marks, right, written, tokenize)
    best, best_rank = None, None
    for piece in _MARK_RUNS:
        if piece == marks or _typo_swap(marks, piece) or _below_before_vowel(piece, right):
            continue
        tokens = tokenize(left + piece + right)
        word = _token_across(tokens, len(left) - 1, len(left) + len(piece) - 1)
        if word is None or not _is_known(word, _thai_dictionary()):
            continue
        if written is not None and _word_frequencies().get(word, 0) <= _word_frequencies().get(written, 0):
            continue
        n = _unknown_chars(tokens)
        # fewest unknown letters, then fewest words (คุณภาพ, not คู่ ณ ภาพ); between words
        # that fit alike (ผุ / ผู้), the commoner
        rank = (n, len(tokens), -_word_frequencies().get(word, 0))
        if n < written_unknown and (best_rank is None or rank < best_rank):
            best, best_rank = piece, rank
    return best if best is not None or written is None else _marks_joining_words(
        left, marks, right, written, tokenize)


def _below_before_vowel(marks: str, right: str) -> bool:
    """A below vowel before า/ำ/ะ: no Thai spelling (no syllable starts with them)."""
    return any(m in marks for m in "\u0e38\u0e39") and right[:1] in ("\u0e32", "\u0e33", "\u0e30")


def _typo_swap(marks: str, piece: str) -> bool:
    """One lone mark for the other of its kind (ุ for ู, ่ for ้): no font's glyph
    variant does that (they confuse a below vowel with a tone mark, or ู with ุ under a
    tone), a writer's typo does ("ข้อมุล"), and a typo is the document's text, kept."""
    below, tones = "\u0e38\u0e39", "\u0e48\u0e49"
    return len(marks) == len(piece) == 1 and any(marks in kind and piece in kind for kind in (below, tones))


_THAI_TAIL = re.compile("[\u0e01-\u0e4e]{1,24}$")
_THAI_HEAD = re.compile("[\u0e01-\u0e4e]{1,24}")


def wrap_splits_word(before: str, after: str) -> bool:
    """Whether a line break between `before` and `after` fell inside a word: a narrow
    cell wraps Thai where the letters run out of room ("คะแน" / "น"), and the pieces
    read as known words joined but leave letters unread apart. Two words that read
    either way (ได้รับ / คะแนน) are two words. Pure."""
    left, right = _THAI_TAIL.search(before), _THAI_HEAD.match(after)
    return left is not None and right is not None and _pieces_join(left.group(), right.group())


@lru_cache(maxsize=4096)
def _pieces_join(left: str, right: str) -> bool:
    """wrap_splits_word's verdict on the two pieces (cached: a table repeats its wrapped
    cells, "คะแน" / "น" on every row, and every table cell of a page passes here)."""
    apart = _unknown_chars(_tokenize(left)) + _unknown_chars(_tokenize(right))
    return apart > 0 and _unknown_chars(_tokenize(left + right)) < apart


def _marks_joining_words(left: str, marks: str, right: str, written: str, tokenize=None) -> str | None:
    """Other marks where those written make short words that all read ("ปู|อง|กัน") but
    other marks make one dictionary word of them and their neighbours (ป้องกัน: a tone
    mark a Laksaman text layer wrote as ู), with no more letters left unread: two tokens
    fewer at least, and a word three letters longer. `tokenize`: _tokenize, or the
    caller's, which remembers the texts it has read."""
    tokenize = tokenize or _tokenize
    as_written = tokenize(left + marks + right)
    unknown = _unknown_chars(as_written)
    for piece in _MARK_RUNS:
        if piece == marks or _typo_swap(marks, piece):
            continue
        tokens = tokenize(left + piece + right)
        word = _token_across(tokens, len(left) - 1, len(left) + len(piece) - 1)
        if (word is not None and len(word) >= len(written) + 3 and len(tokens) <= len(as_written) - 2
                and _is_known(word, _thai_dictionary()) and _unknown_chars(tokens) <= unknown):
            return piece
    return None


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, int]:
    """Word counts of the Thai National Corpus, shipped with pythainlp (read once, when
    a repair has two dictionary words to choose from)."""
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


# --------------------------------------------------------------------------
# Foreign-script detection
# --------------------------------------------------------------------------

# Letters of a script other than Thai and Latin. Scanned Thai reports never
# contain them on purpose: OCR emits Khmer/Lao/Myanmar look-alikes for Thai.
_OTHER_SCRIPT_CHAR = re.compile(
    "[\u0370-\u0dff\u0e80-\u1fff\u2e80-\u2fdf\u3040-\u9fff\ua000-\ud7ff"
    "\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufefc\U00010000-\U0002ffff]"
)
_LATIN = "A-Za-z\u00c0-\u024f"
# Latin letters glued to a Thai letter ("พนทong"). Runs starting with a capital
# (ITA, OIT, Facebook) are left alone: acronyms and names typed without a space
# are ordinary; a lower-case tail on a Thai word is OCR reading Thai as Latin.
_GLUED_LATIN = re.compile(
    # (the lookbehind makes a match start only at the start of a Latin run: without it
    # a 100 kB run of Latin letters costs quadratic time)
    f"(?<=[{_THAI_LETTER}])[{_LATIN}]+|(?<![{_LATIN}])[{_LATIN}]+(?=[{_THAI_LETTER}])"
)


def _script_of(ch: str) -> str | None:
    """Script name of a letter or mark from its Unicode name; None for symbols,
    digits and punctuation (which belong to no script here)."""
    if unicodedata.category(ch)[0] not in "LM":
        return None
    name = unicodedata.name(ch, "")
    if not name:
        return None
    first = name.split()[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "IDEOGRAPHIC"):
        return "CJK"
    return first.title()


def foreign_script_fragments(text: str) -> list[tuple[str, str]]:
    """(fragment, script) for every run of non-Thai-script letters that looks
    like OCR garbage: any Khmer, Lao, Myanmar, CJK, Arabic, ... run, and Latin
    runs glued to Thai letters unless they start with a capital ("พนทong" →
    ("ong", "Latin"); "ITA", "(IIT)", "ผ่านFacebook" are not reported). In
    text order."""
    found: list[tuple[int, str, str]] = []
    run_start, run_script, run_chars = -1, None, []
    last_end = -2
    for m in _OTHER_SCRIPT_CHAR.finditer(text):
        script = _script_of(m.group())
        if script is None:
            continue
        if script == run_script and m.start() == last_end:
            run_chars.append(m.group())
        else:
            if run_script is not None:
                found.append((run_start, "".join(run_chars), run_script))
            run_start, run_script, run_chars = m.start(), script, [m.group()]
        last_end = m.end()
    if run_script is not None:
        found.append((run_start, "".join(run_chars), run_script))
    for m in _GLUED_LATIN.finditer(text):
        fragment = m.group()
        if not fragment[0].isupper():
            found.append((m.start(), fragment, "Latin"))
    found.sort(key=lambda item: item[0])
    return [(fragment, script) for _, fragment, script in found]


# --------------------------------------------------------------------------
# Text quality
# --------------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d*\)?")
# A text whose Thai tokens are (nearly) all dictionary words has no sara am where sara
# aa belongs (กำร, จำก are no words): many ำ are then just the words' own (a list of
# "ดำเนินการ" items: 44% ำ at a hit ratio of 1.0, sent to OCR for nothing). Measured
# with the producer bug put into a share of the sara aa of the memo fixture and of
# tests' clean prose: hit ratio 0.76-0.78 (all), 0.83-0.84 (half), 0.89-0.91 (a
# quarter), 0.94 (a tenth); clean prose 0.98-1.0.
AM_TRUSTED_HIT_RATIO = 0.97
_ANY_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# A mark at the start, after whitespace or after a non-Thai character.
_STRAY_MARK = re.compile(f"(?<![{_THAI_LETTER}])[{_MARKS}]")
_HAS_THAI_LETTER = re.compile(f"[{_THAI_LETTER}]")
# Thai abbreviations count as words: พ.ศ. ป.ป.ช. อบต. ร.
_THAI_ABBREVIATION = re.compile(f"^(?:[{_THAI_LETTER}]{{1,4}}\\.)+[{_THAI_LETTER}]{{0,4}}$")
# newmm is fast but has no need to see 100 kB at once: tokenise in chunks.
_CHUNK = 4000


@dataclass(frozen=True)
class TextQuality:
    """How much a text looks like correct Thai (for triage: trust the text layer
    or OCR the page). `score` is 0–1, higher is better; the counts are the raw
    defects it was computed from; `reasons` says in words what lowered it."""

    score: float
    dict_hit_ratio: float
    cid_count: int
    pua_count: int
    stray_marks: int
    foreign_script_count: int
    n_tokens: int
    sara_am_ratio: float = 0.0
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


class _WordTrie:
    """The Thai word list as a MARISA trie, in the shape pythainlp's newmm asks of a
    dictionary (`prefixes(text, start)`, truthy). Built in ~0.07 s where pythainlp's
    own Python trie takes ~0.6 s of every run's start, and newmm finds the same words
    with it (tests/test_thai.py compares the tokens)."""

    def __init__(self, words: frozenset[str]):
        import marisa_trie

        self._trie = marisa_trie.Trie(words)
        self._longest = max(map(len, words), default=0)
        self._size = len(words)

    def __len__(self) -> int:
        return self._size

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        # the slice bounds marisa's walk and copy: no word is longer than _longest
        return self._trie.prefixes(text[start : start + self._longest])


@lru_cache(maxsize=1)
def _word_trie() -> _WordTrie:
    return _WordTrie(_thai_dictionary())


def load_dictionary() -> None:
    """Load the Thai word list and its trie now (~0.2 s, once per process, otherwise
    at the first text scored): a process about to fork workers does it first, so that
    they share it instead of each loading its own."""
    _word_trie()


def _tokenize(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    words = _word_trie()
    tokens: list[str] = []
    for start in range(0, len(text), _CHUNK):
        chunk = text[start : start + _CHUNK]
        tokens.extend(word_tokenize(chunk, engine="newmm", custom_dict=words, keep_whitespace=False))
    return tokens


def first_word(text: str) -> str:
    """The first word of a line: up to its first space, or for Thai (written without
    spaces) its first dictionary word, as a word processor's line breaking finds it."""
    head = (text or "").strip().split(" ", 1)[0][:40]
    if not head or not ("\u0e01" <= head[0] <= "\u0e4f"):
        return head
    try:
        tokens = _tokenize(head)
    except Exception:  # a tokenizer failure costs the estimate, not the page
        return head
    return tokens[0] if tokens else head


def _is_known(token: str, words: frozenset[str]) -> bool:
    if token in ("ๆ", "ฯ"):
        return True
    if _THAI_ABBREVIATION.match(token):
        return True
    # A lone letter is a fragment of a broken word, not a word (ณ and ธ aside).
    if len(token) == 1:
        return token in ("ณ", "ธ")
    return token in words


def _dictionary_hits(text: str) -> tuple[int, int]:
    """(known Thai tokens, Thai tokens). Digits, Latin and punctuation are not
    counted at all: they say nothing about whether the Thai is intact."""
    if len(text) > _CHUNK:
        return _chunk_hits(text)
    # One chunk: newmm never joins across a newline (it is a token of its own, a break
    # for every path), so the lines are counted apart, and a line seen before (a
    # template's heading, a table's header row) is looked up, not tokenised again.
    hits = n_thai = 0
    for line in text.split("\n"):
        h, n = _line_hits(line)
        hits, n_thai = hits + h, n_thai + n
    return hits, n_thai


@lru_cache(maxsize=1 << 14)
def _line_hits(line: str) -> tuple[int, int]:
    return _chunk_hits(line)


def _chunk_hits(text: str) -> tuple[int, int]:
    words = _thai_dictionary()
    thai_tokens = [t for t in _tokenize(text) if _HAS_THAI_LETTER.search(t)]
    hits = sum(1 for t in thai_tokens if _is_known(t.strip(), words))
    return hits, len(thai_tokens)


def _sara_am_ratio(text: str) -> float:
    # In Thai prose sara aa (า) is ~5–10× as frequent as sara am (ำ); a PDF
    # producer bug writes every า as ำ (การ → กำร). Share of ำ among both.
    am, aa = text.count("\u0e33"), text.count("\u0e32")
    return am / (am + aa) if am + aa else 0.0


def text_quality(text: str) -> TextQuality:
    """Score how much `text` looks like correct Thai. Counts are taken on the
    text as given; the dictionary hit ratio on normalize(text), i.e. on what
    we would store. Empty or whitespace-only text scores 0."""
    cid_count = len(_CID.findall(text))
    pua_count = len(_ANY_PUA.findall(text))
    stray_marks = len(_STRAY_MARK.findall(unicodedata.normalize("NFC", text)))
    fragments = foreign_script_fragments(text)
    foreign_chars = sum(len(fragment) for fragment, _ in fragments)

    clean = normalize(_CID.sub(" ", text))
    hits, n_thai = _dictionary_hits(clean)
    ratio = hits / n_thai if n_thai else 0.0
    am_ratio = _sara_am_ratio(clean)
    reasons: list[str] = []

    if not text.strip():
        return TextQuality(0.0, 0.0, 0, 0, 0, 0, 0, 0.0, ("empty text",))

    if n_thai == 0:
        reasons.append("no Thai words")
        score = 0.0
    else:
        # Clean prose hits ~0.98; garbled text ~0.75: stretch that range to 0–1.
        score = min(1.0, max(0.0, (ratio - 0.5) / 0.45))
        if ratio < 0.9:
            reasons.append(f"low dictionary hit ratio {ratio:.2f}")

    # Unrecoverable junk (cid codes, foreign letters) counts against the Thai
    # tokens; PUA glyphs and stray marks are mostly repaired by normalize, so
    # they weigh half.
    junk = cid_count + len(fragments) + 0.5 * (pua_count + stray_marks)
    if junk:
        score *= n_thai / (n_thai + junk) if n_thai else 0.0
    if cid_count:
        reasons.append(f"{cid_count} (cid:) codes")
    if pua_count:
        reasons.append(f"{pua_count} private-use glyphs")
    if stray_marks:
        reasons.append(f"{stray_marks} stray marks")
    if fragments:
        scripts = sorted({script for _, script in fragments})
        reasons.append("foreign script: " + ", ".join(scripts))

    am_count = clean.count("\u0e33")
    if am_count >= 5 and am_ratio > 0.4 and ratio < AM_TRUSTED_HIT_RATIO:
        # Sara am where sara aa belongs: the whole layer is suspect.
        score *= max(0.2, 1.0 - (am_ratio - 0.3) * 1.5)
        reasons.append(f"sara am instead of sara aa ({am_ratio:.0%} ำ)")

    return TextQuality(
        score=round(min(1.0, max(0.0, score)), 4),
        dict_hit_ratio=round(ratio, 4),
        cid_count=cid_count,
        pua_count=pua_count,
        stray_marks=stray_marks,
        foreign_script_count=foreign_chars,
        n_tokens=n_thai,
        sara_am_ratio=round(am_ratio, 4),
        reasons=tuple(reasons),
    )
