"""The letter code of a memo's number (ที่ สฎ ๘๕๘๗๙/๓๙๕) re-read by the Thai model where
the page's reading made Latin letters of it.

The code and its ที่ label are printed bold; `tha+eng` Tesseract reads bold Thai letters
as Latin ones often ("ag" for สฎ, "NUT" for ที่ บร, "AN US"), and then no reader can
tell which code it was. The Thai model alone reads the same ink as Thai letters. Where
the office's number (four or five digits, a slash, the running number) stands near the
top of the page and the short words just before it on its line hold a Latin letter,
those words are cut out, stacked and read once by the Thai model; a reading replaces
them only where it is a code (two or three Thai letters, perhaps with the label before
them). Marks the Thai model put among the letters are kept as read: the headline
(`headline.repair_doc_number_and_date`, `normalizers/doc_numbers.py`) decides what a
code so read may be taken as, and flags it.

The month of the memo's date beside it, printed in the same line, comes as Latin letters
too ("๓๐ AVIAN ๒๕๖๗" for สิงหาคม): a Latin word between a day and a year in the page's
top part is read the same way and replaced where the Thai reading is a month's name or
one OCR garbled (`dates.garbled_month`; the headline flags a garbled one).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from PIL import Image

from normalizers.dates import garbled_month
from pipeline.ocr.codes import PAD, line_indexes, read_crops

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings, OcrWord

THAI_LANG = "tha"

# the office's number and the running number after its slash (a date may be glued after)
# (a speck may stand among its digits: "๗,๑๔๒๔/๔๑๓")
_OFFICE_NUMBER = re.compile(r"(?:[0-9๐-๙][,.]?){3,4}[0-9๐-๙]\s?/\s?[0-9๐-๙]{1,4}(?![0-9๐-๙])")
# a word that may be the bold label or code misread: a few Latin letters or marks, or
# the label's own Thai pieces (ท, ี, ที่ read apart)
_HEAD_WORD = re.compile(r"[A-Za-z()\[\]|.,'\"!]{1,4}|ท[ีิึื]?่?|[\u0e34-\u0e3a\u0e47-\u0e4e]|[ก-ฮ]")
_MAX_WORDS = 4
# the number's line in the memo's head: its top part
_HEAD_SHARE = 0.45
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# what the Thai model must give back: the label perhaps, its bold letters garbled or not
# ("ที", "ฆี่", "ซ่ท"), then the code, its last two letters (marks it misread kept: "สฏู")
_READ_CODE = re.compile(rf"([\u0e01-\u0e4e]{{1,4}}?)?([ก-ฮ][{_MARKS}]*[ก-ฮ][{_MARKS}]*)\.?")


def _candidates(words: list[OcrWord], height: int) -> list[tuple[list[int], int]]:
    """(word indexes, the number's left edge): the short words just before an office number
    on its line in the page's top part, where one of them holds a Latin letter or they hold
    less than a code."""
    lines = line_indexes(words)
    out = []
    for i, w in enumerate(words):
        if not _OFFICE_NUMBER.match(w.text.strip()) or w.top > _HEAD_SHARE * height or w.height <= 0:
            continue
        line = [j for j in lines[(w.block, w.par, w.line)] if words[j].right <= w.left]
        group: list[int] = []
        right = w.left
        for j in reversed(line):
            v = words[j]
            # the label and code stand close before the number (a gap of a few letters at most)
            if len(group) == _MAX_WORDS or not _HEAD_WORD.fullmatch(v.text.strip()) or right - v.right > 3 * w.height:
                break
            group.insert(0, j)
            right = v.left
        if group and (any(re.search("[A-Za-z]", words[j].text) for j in group) or _code_short(
                "".join(words[j].text.strip() for j in group))):
            out.append((group, w.left))
    return out


_DAY_END = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{1,2}$")
_YEAR = re.compile(r"[๒2][๕5][0-9๐-๙]{2}(?![0-9๐-๙])")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,9}")


def _month_candidates(words: list[OcrWord], height: int) -> list[int]:
    """Indexes of Latin words between a day and a year on their line, in the page's top part."""
    lines = line_indexes(words)
    out = []
    for i, w in enumerate(words):
        if not _LATIN_WORD.fullmatch(w.text.strip()) or w.top > _HEAD_SHARE * height or w.height <= 0:
            continue
        line = lines[(w.block, w.par, w.line)]
        k = line.index(i)
        if 0 < k < len(line) - 1 and _DAY_END.search(words[line[k - 1]].text.strip()) \
                and _YEAR.match(words[line[k + 1]].text.strip()):
            out.append(i)
    return out


def _code_short(text: str) -> bool:
    """Whether Thai words read before an office number hold the ที่ label and one letter
    of a code at most ("ที่ย๗๘๔๙๕/๒๕๔": a letter of ยล lost)."""
    return len(re.findall("[ก-ฮ]", re.sub(r"^ท[ีิึื]?่?", "", text))) < 2


def code_of(readings: list[str]) -> str | None:
    """The label and code the Thai model's words say ("ที่ สฏู"), or None where they are
    not a code."""
    words = [t.strip() for t in readings if t.strip()]
    text = "".join(words)
    m = _READ_CODE.fullmatch(text)
    if m is None:
        return None
    return f"ที่ {m.group(2)}" if m.group(1) else m.group(2)


def reread_memo_codes(image: Image.Image, words: list[OcrWord], settings: OcrSettings,
                      deadline: float) -> list[OcrWord]:
    """`words` with a memo number's code re-read (see the module docstring); one Tesseract
    call for the page, none where no number has such words before it."""
    groups = _candidates(words, image.height)
    months = _month_candidates(words, image.height)
    if not groups and not months:
        return words
    cuts = []
    for g, number_left in groups:
        ws = [words[i] for i in g]
        # (up to the number: a letter OCR lost stands between the words and it)
        cuts.append((max(0, min(w.left for w in ws) - PAD), max(0, min(w.top for w in ws) - PAD),
                     min(image.width, max(max(w.right for w in ws) + PAD, number_left - 1)),
                     min(image.height, max(w.bottom for w in ws) + PAD)))
    groups = [g for g, _ in groups]
    for i in months:
        w = words[i]
        cuts.append((max(0, w.left - PAD), max(0, w.top - PAD), min(image.width, w.right + PAD),
                     min(image.height, w.bottom + PAD)))
    readings = read_crops(image, cuts, settings, deadline, lang=THAI_LANG)
    out = list(words)
    for i, got in zip(months, readings[len(groups):]):
        month = "".join(f.text.strip() for f in sorted(got, key=lambda f: f.left))
        if re.fullmatch(r"[\u0e01-\u0e4e]{4,12}", month) and garbled_month(month) is not None:
            out[i] = dataclasses.replace(words[i], text=month)
    for g, got in zip(groups, readings):
        code = code_of([f.text for f in sorted(got, key=lambda f: f.left)])
        if code is None:
            continue
        ws = [words[i] for i in g]
        if not code.startswith("ที่") and re.match("ท", ws[0].text.strip()):
            code = f"ที่ {code}"  # the label read apart on the page, the code alone in the cut
        left, right = min(w.left for w in ws), max(w.right for w in ws)
        out[g[0]] = dataclasses.replace(words[g[0]], text=code, left=left, width=right - left)
        for i in g[1:]:
            out[i] = dataclasses.replace(words[i], text="")
    return out
