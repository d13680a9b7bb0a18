"""Question codes (I14, E12, O42) re-read by the Latin model where the page's reading
garbled them.

Thai Tesseract (`tha+eng`) reads a code's capital I as the digit 1 or drops it
(`I20 I22` → `120` `122`, `I14` → `14`), an E as 5 or 6 (`E14` → `514`) and an O as 0
(`O42` → `042`): the digits step and the measures reader then see numbers. The eng
model alone reads the same ink right. A word that could be such a code (short,
Latin letters and digits only, a digit in it) is cut from the page, the cuts stacked
into one strip read once (psm 6), and a reading replaces the word only where it is a
code whose number is the word's own number or that number with one leading character
read as the letter (`120` → I20, `514` → E14, `14` → I14): the ink says which letter,
the page's reading said which number. Anything else keeps the page's reading.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from pipeline.ocr.engine import tesseract_words
from pipeline.ocr.settings import STRIP_PSM

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings, OcrWord

CODE_LANG = "eng"

# a word that may be a code read wrong: 2-4 Latin letters or digits, a digit among them
# (Tesseract's look-alikes of I, E, O included); list markers ("12.") and Thai are not
_CANDIDATE = re.compile(r"[0-9A-Za-z|!£€]{2,4}")

# what the eng model must give back: one code, letter and number (I up to 60, E 40, O 60)
_READ_CODE = re.compile(r"([IEO])([0-9]{1,2})")

_LIMITS = {"I": 60, "E": 40, "O": 60}

# left of a word the eng model may see a letter the page's reading dropped (`I14` read
# as `14`): the cut reaches this share of the word's height further left, never into
# the word before it
LEFT_REACH = 0.6

PAD = 4  # pixels of white around each cut


# a code whose digits are all 1s, each read as l (e1 -> "el", I11 -> "Ill")
_ONES_AS_L = re.compile(r"[EeIiOo][lI|!]{1,2}")


def _is_candidate(text: str) -> bool:
    t = text.strip()
    if _ONES_AS_L.fullmatch(t):
        return True
    if not _CANDIDATE.fullmatch(t) or not any(ch.isdigit() for ch in t):
        return False
    if _READ_CODE.fullmatch(t):
        return False  # read as a code already
    return not (t.isdigit() and len(t) > 3)  # a year, an amount


def accepted(original: str, reading: str) -> str | None:
    """The code `reading` (the eng model's) stands for, where it agrees with the page's
    reading `original`: the same number, with nothing before it (the letter was
    dropped) or one character the letter is misread as (`120` → I20, `514` → E14,
    `El2` → E12); else None."""
    m = _READ_CODE.fullmatch(reading.strip())
    if m is None:
        return None
    letter, num = m.group(1), m.group(2)
    if num.startswith("0") or not 1 <= int(num) <= _LIMITS[letter]:
        return None
    own = original.strip()
    rest = own[1:].translate(_AS_DIGIT)
    if own.translate(_AS_DIGIT) == num or (rest == num and own[0] in _LOOKALIKES[letter]):
        return letter + num
    return None


# what Thai Tesseract makes of a code's letter, and of the digit 1 after it
_LOOKALIKES = {"I": "Il1i|!", "E": "Ee563£€F", "O": "Oo0QD"}

_AS_DIGIT = str.maketrans("lI|!", "1111")


INK = 128


def _first_glyph(dark: np.ndarray, w: OcrWord) -> np.ndarray | None:
    """The ink of a word's first letter (its first run of inked columns), cut to its
    height; None where the word's box holds no ink."""
    cut = dark[max(0, w.top - 2):w.bottom + 2, max(0, w.left - 2):w.right + 2]
    cols = cut.any(axis=0)
    xs = np.flatnonzero(cols)
    if not len(xs):
        return None
    x1 = xs[0]
    while x1 + 1 < cut.shape[1] and cols[x1 + 1]:
        x1 += 1
    glyph = cut[:, xs[0]:x1 + 1]
    ys = np.flatnonzero(glyph.any(axis=1))
    return glyph[ys[0]:ys[-1] + 1]


def capital_i(glyph: np.ndarray | None) -> bool:
    """Whether a letter's ink is a capital I rather than the digit 1: a stem whose top is
    a bar reaching as far left as right of it (a serif I) or nothing beside it (a sans
    I); a 1's top is a flag reaching left only."""
    if glyph is None or glyph.shape[0] < 8:
        return False
    h = glyph.shape[0]
    middle = glyph[int(0.35 * h):int(0.65 * h) + 1]
    stem = np.flatnonzero(middle.mean(axis=0) >= 0.6)
    if not len(stem) or np.any(np.diff(stem) > 1):
        return False  # no single upright stroke
    s0, s1 = stem[0], stem[-1]
    width = s1 - s0 + 1
    if width > 0.35 * h:
        return False  # a wide letter, not a stroke
    top = np.flatnonzero(glyph[:max(1, int(0.15 * h))].any(axis=0))
    left, right = s0 - top[0], top[-1] - s1
    if left <= 1 and right <= 1:
        return bool(glyph.shape[1] <= width + 2)  # a plain bar, nothing at its foot either
    least = max(2, width // 2)
    return bool(left >= least and right >= least and abs(left - right) <= max(2, 0.5 * max(left, right)))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-d array."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    d = np.diff(padded)
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def capital_e(glyph: np.ndarray | None) -> bool:
    """Whether a letter's ink (cut to it) is a capital E: an upright stroke down its left
    side, and right of it three arms — at its top, its middle and its foot — with blank
    rows between them (Thai Tesseract reads an E before a Thai digit as 5 or 6, and the
    digit model calls it 'other')."""
    if glyph is None or glyph.shape[0] < 10 or glyph.shape[1] < 4:
        return False
    h, w = glyph.shape
    cols = glyph.mean(axis=0)
    stem = np.flatnonzero(cols >= 0.85)
    if not len(stem) or stem[0] > 0.2 * w or stem[-1] > 0.45 * w or np.any(np.diff(stem) > 1):
        return False
    right = glyph[:, stem[-1] + 1:]
    if right.shape[1] < 0.35 * w:
        return False
    arms = [(a, b) for a, b in _runs(right.any(axis=1)) if b - a >= 1]
    if len(arms) != 3:
        return False
    (t0, t1), (m0, m1), (b0, b1) = arms
    # a real E: arms at the top, the middle and the foot, each reaching well right of the stem
    reach = [right[a:b].any(axis=0).sum() / right.shape[1] for a, b in arms]
    return bool(t0 <= 0.1 * h and b1 >= 0.9 * h and 0.3 * h <= (m0 + m1) / 2 <= 0.7 * h
                and min(reach) >= 0.5)


def line_indexes(words: list[OcrWord]) -> dict[tuple, list[int]]:
    """The indexes of each Tesseract line's words that hold text, left to right (the
    re-reads of levels and memo codes look along a line from a word)."""
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        if w.text.strip():
            lines.setdefault((w.block, w.par, w.line), []).append(i)
    for idx in lines.values():
        idx.sort(key=lambda i: words[i].left)
    return lines


def read_crops(image: Image.Image, cuts: list[tuple[int, int, int, int]], settings: OcrSettings,
               deadline: float, lang: str = CODE_LANG) -> list[list[OcrWord]]:
    """The words of each crop of `image` (left, top, right, bottom), read by the English
    model (or `lang`) in one Tesseract call: the crops stacked into one strip with a margin each."""
    width = max(c[2] - c[0] for c in cuts) + 2 * 20
    heights = [c[3] - c[1] + 2 * 20 for c in cuts]
    strip = Image.new("L", (width, sum(heights)), 255)
    slots, y = [], 0
    for cut, h in zip(cuts, heights):
        strip.paste(image.crop(cut).convert("L"), (20, y + 20))
        slots.append((y, y + h))
        y += h
    found = tesseract_words(strip, dataclasses.replace(settings, lang=lang, psm=STRIP_PSM), deadline)
    readings: list[list[OcrWord]] = [[] for _ in cuts]
    for f in found:
        cy = f.top + f.height / 2
        for k, (s0, s1) in enumerate(slots):
            if s0 <= cy < s1:
                readings[k].append(f)
                break
    return readings


def reread_codes(image: Image.Image, words: list[OcrWord], settings: OcrSettings,
                 deadline: float) -> list[OcrWord]:
    """`words` with garbled question codes re-read (see the module docstring); one
    Tesseract call for the page, none where no word could be a code."""
    todo = [i for i, w in enumerate(words) if _is_candidate(w.text) and w.height > 0]
    todo = sorted(todo + _long_i_codes(words, todo))
    todo = [i for i in todo if i not in _after_item_word(words, todo)]
    if not todo:
        return _reread_column(image, words, settings, deadline)
    cuts = []
    for i in todo:
        w = words[i]
        left = w.left - LEFT_REACH * w.height
        before = [v.right for v in words if v is not w and v.right <= w.left
                  and v.top < w.bottom and w.top < v.bottom]
        if before:
            left = max(left, max(before) + 1)
        cuts.append((max(0, int(left)), max(0, w.top - PAD), min(image.width, w.right + PAD),
                     min(image.height, w.bottom + PAD)))
    readings = read_crops(image, cuts, settings, deadline)
    out = list(words)
    arr = np.asarray(image.convert("L")) < INK
    for k, i in enumerate(todo):
        w = words[i]
        own = w.text.strip()
        if own[0] in "1l|" and own[1:].isdigit() and capital_i(_first_glyph(arr, w)):
            code = f"I{own[1:]}"  # the eng model reads a serif I as 1 too: the shape says
            if accepted(own, code):
                out[i] = dataclasses.replace(w, text=code)
                continue
        texts = [f.text for f in sorted(readings[k], key=lambda f: f.left) if f.text.strip()]
        if not texts:
            continue
        if _LONG_I.fullmatch(own):
            code = _long_i_code(own, texts[-1], capital_i(_first_glyph(arr, w)))
            if code is not None:
                out[i] = dataclasses.replace(w, text=code)
            continue
        # a speck of the neighbouring cell may come as a word of its own: the code is the last
        code = accepted(words[i].text, texts[-1])
        if code is not None:
            out[i] = dataclasses.replace(words[i], text=code)
    return _reread_column(image, _ones_beside_codes(out), settings, deadline)


# the word for an item's number (`OIT ข้อ 14`): what follows it is a number, not a code
ITEM_WORD = "ข้อ"


def _after_item_word(words: list[OcrWord], todo: list[int]) -> set[int]:
    """Of the candidates `todo`, the digit words right after ข้อ on their line (`ข้อ 14`,
    which the eng model reads as I4 and a flagless 1 passes for a capital I): an item's
    number, kept as read."""
    want = set(todo)
    out: set[int] = set()
    for idx in line_indexes(words).values():
        for pos, j in enumerate(idx):
            if j in want and words[j].text.strip().isdigit():
                before = "".join(words[k].text for k in idx[max(0, pos - 3):pos]).replace(" ", "")
                if before.endswith(ITEM_WORD):
                    out.add(j)
    return out


# a code I10-I60 whose I Thai Tesseract read as two digits (`I30` -> `1330`): four
# digits, the first a 1; among a line's codes it is read again (_long_i_codes)
_LONG_I = re.compile(r"1[0-9]{3}")


def _long_i_codes(words: list[OcrWord], candidates: list[int]) -> list[int]:
    """Words of four digits opening with 1 (`1330`) on a line that holds a question code
    or a word that may be one (`I25 I27 I30` read as `125 127 1330`): a code list, where
    such a word is a code whose I came as two digits rather than a year or an amount."""
    maybe = set(candidates)
    out = []
    for idx in line_indexes(words).values():
        near = [j for j in idx if j in maybe or _READ_CODE.fullmatch(words[j].text.strip())]
        if not near:
            continue
        out += [j for j in idx if j not in maybe and words[j].height > 0
                and _LONG_I.fullmatch(words[j].text.strip())]
    return out


def _long_i_code(own: str, reading: str, is_i: bool) -> str | None:
    """The code a four-digit word (`1330`) stands for: where the ink's first letter is a
    capital I (`capital_i`) and the eng model reads the word as that I (or a 1) and two
    digits the word ends with (`130`, `I30`), I and those digits (I30) in range; else None."""
    m = re.fullmatch(r"[I1l|]([1-9][0-9])", reading.strip())
    if not is_i or m is None or not own.endswith(m.group(1)):
        return None
    return "I" + m.group(1) if int(m.group(1)) <= _LIMITS["I"] else None


def _reread_column(image: Image.Image, words: list[OcrWord], settings: OcrSettings,
                   deadline: float) -> list[OcrWord]:
    """Words a code column's codes say are garbled codes (_garbled_in_code_column) read
    again by the eng model, replaced where that reads a code of the column's letter; one
    Tesseract call, none where there is no such word."""
    column = _garbled_in_code_column(words)
    if not column:
        return words
    todo = sorted(column)
    cuts = []
    for i in todo:
        w = words[i]
        cuts.append((max(0, w.left - PAD), max(0, w.top - PAD), min(image.width, w.right + PAD),
                     min(image.height, w.bottom + PAD)))
    readings = read_crops(image, cuts, settings, deadline)
    out = list(words)
    for k, i in enumerate(todo):
        texts = [f.text for f in sorted(readings[k], key=lambda f: f.left) if f.text.strip()]
        if len(texts) == 1 and (code := _column_code(texts[0], column[i])) is not None:
            out[i] = dataclasses.replace(words[i], text=code)
    return out


# a code Thai Tesseract read as Latin letters alone ("a" for I14, "BO" for I30)
_LETTERS_ONLY = re.compile(r"[A-Za-z|!£€]{1,3}")

# how far (in the word's heights) a code of its column may stand above or below it
COLUMN_REACH = 3.5


def _garbled_in_code_column(words: list[OcrWord]) -> dict[int, str]:
    """Words of one to three Latin letters, no digit, that start where a question code
    starts a few lines above or below them (a narrow code cell: "I14" read as "a" over
    "I16" and "I18"): index -> the letter of that code."""
    codes = [(w, m.group(1)) for w in words if (m := _READ_CODE.fullmatch(w.text.strip()))]
    out: dict[int, str] = {}
    if not codes:
        return out
    for i, w in enumerate(words):
        t = w.text.strip()
        if w.height <= 0 or not _LETTERS_ONLY.fullmatch(t) or _ONES_AS_L.fullmatch(t):
            continue
        near = [letter for c, letter in codes if abs(c.left - w.left) <= 0.5 * w.height
                and 0 < abs(c.top - w.top) <= COLUMN_REACH * w.height]
        if near and len(set(near)) == 1:
            out[i] = near[0]
    return out


def _column_code(reading: str, letter: str) -> str | None:
    """The code the eng model read for a word in a code column: the column's letter, or
    a 1 where the letter is I (`114` for I14: the eng model reads a serif I as 1), and a
    number in range."""
    t = reading.strip()
    m = _READ_CODE.fullmatch(t)
    if m is None and letter == "I" and re.fullmatch(r"[1lI|][0-9]{1,2}", t):
        m = _READ_CODE.fullmatch("I" + t[1:])
    if m is None or m.group(1) != letter:
        return None
    num = m.group(2)
    if num.startswith("0") or not 1 <= int(num) <= _LIMITS[letter]:
        return None
    return letter + num


def _ones_beside_codes(words: list[OcrWord]) -> list[OcrWord]:
    """A code whose digits are 1s that both models read as l ("el" for e1: a serif 1 and
    l differ by a hair) where the word beside it on its line is a code of the same
    letter ("el E2" → E1 E2): a code list, not a word."""
    out = list(words)
    for i, w in enumerate(words):
        t = w.text.strip()
        if not _ONES_AS_L.fullmatch(t):
            continue
        letter = "I" if t[0] in "Ii" else t[0].upper()
        near = [words[j].text.strip() for j in (i - 1, i + 1) if 0 <= j < len(words)
                and (words[j].block, words[j].par, words[j].line) == (w.block, w.par, w.line)]
        if any((m := _READ_CODE.fullmatch(n)) and m.group(1) == letter for n in near):
            out[i] = dataclasses.replace(w, text=letter + "1" * (len(t) - 1))
    return out


# a code whose digits are 1s read as l-like strokes ("ell" and "el]" for e11)
_ONES_AS_STROKES = re.compile(r"([EeIiOo])([lI|!\]]{1,2})")
# ตัวชี้วัดที่ as OCR writes it, marks lost or a space inside (pipeline/ocr/indicator_numbers.py too)
INDICATOR_CUE = r"ตัวช[ีิ]?้?\s?วัดท[ีิ]?่?"
# the indicator cue and its number opening a measures row's cell ("ตัวชี้วัดที่ 8")
_INDICATOR_CUE = re.compile(INDICATOR_CUE + r"\s*([0-9๐-๙]{1,2})(?![0-9๐-๙.])")


def ones_after_indicator(text: str) -> str:
    """Page text with the question codes of 1s that OCR read as strokes ("ell" for e11,
    "el]") written as codes, where they stand in a measures row's indicator cell (or the
    cell after it) whose indicator number's tool has that letter (`ตัวชี้วัดที่ 8
    การปรับปรุงระบบการทำงาน ell`: indicator 8 is EIT's, so e11). A word of the same
    strokes elsewhere, or of another tool's letter, is kept as read."""
    from normalizers.numbers import to_arabic_digits
    from schemas.catalog import load_catalog

    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        for k, cell in enumerate(cells):
            m = _INDICATOR_CUE.search(cell)
            if m is None:
                continue
            number = int(to_arabic_digits(m.group(1)))
            tool = load_catalog().tool_of(number)
            if tool is None:
                continue
            for j in (k, k + 1):
                if j < len(cells):
                    cells[j] = _fix_strokes(cells[j], tool[0], m.end() if j == k else 0)
        out.append("\t".join(cells))
    return "\n".join(out)


def _fix_strokes(cell: str, letter: str, start: int) -> str:
    def one(m: re.Match) -> str:
        word = m.group(0)
        s = _ONES_AS_STROKES.fullmatch(word)
        if s is None or s.group(1).upper() != letter:
            return word
        return s.group(1) + "1" * len(s.group(2))

    return cell[:start] + re.sub(r"(?<!\S)\S+(?!\S)", one, cell[start:])
