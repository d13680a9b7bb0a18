"""Levels (AA, A, B … F) that Thai Tesseract read as Thai letters where the layout says
"level": the cell after a score in a table of past years (`๘๕.๖๘ | ภิ` for A, `คิภิ` for
AA). The words after a score on its line, when they are a few letters without a digit,
are cut out, stacked and read once by the Latin model (psm 6), as codes.py does for
question codes; a reading replaces them only where it is a level, whole.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from PIL import Image

from pipeline.ocr.codes import PAD, line_indexes, read_crops

if TYPE_CHECKING:
    from pipeline.ocr.settings import OcrSettings, OcrWord

_SCORE = re.compile(r"[0-9๐-๙]{1,3}\.[0-9๐-๙]{2}")
_LEVEL = re.compile(r"AA|A|B|C|D|E|F")
# what a level's cell holds when it is read right, or a level word Thai
# Tesseract reads well: nothing to re-read
_READ_RIGHT = re.compile(r"AA|A|B|C|D|E|F|ผ่าน\S*|ดี\S*|สูง\S*|ต้อง\S*|ไม่\S*|-")
_MAX_CHARS = 4


def _candidates(words: list[OcrWord]) -> list[list[int]]:
    """Groups of word indexes: the words after a score to the end of its line, where
    they hold at most four characters, no digit and are not a level already."""
    out = []
    for idx in line_indexes(words).values():
        for k, i in enumerate(idx):
            if not _SCORE.fullmatch(words[i].text.strip()):
                continue
            rest = idx[k + 1:]
            text = "".join(words[j].text.strip() for j in rest)
            if rest and len(text) <= _MAX_CHARS and not re.search(r"[0-9๐-๙]", text) \
                    and not _READ_RIGHT.fullmatch(text) and words[rest[0]].height > 0:
                out.append(rest)
    return out


def level_of(readings: list[str]) -> str | None:
    """The level the Latin model's words say, or None: its capitals only (a speck over a
    letter comes back as i or a mark: "iA")."""
    text = re.sub(r"[^A-Z]", "", "".join(readings))
    return text if _LEVEL.fullmatch(text) else None


def reread_levels(image: Image.Image, words: list[OcrWord], settings: OcrSettings,
                  deadline: float) -> list[OcrWord]:
    """`words` with the levels after scores re-read (see the module docstring); one
    Tesseract call for the page, none where no score has such words after it."""
    groups = _candidates(words)
    if not groups:
        return words
    cuts = []
    for g in groups:
        ws = [words[i] for i in g]
        cuts.append((max(0, min(w.left for w in ws) - PAD), max(0, min(w.top for w in ws) - PAD),
                     min(image.width, max(w.right for w in ws) + PAD), min(image.height, max(w.bottom for w in ws) + PAD)))
    readings = read_crops(image, cuts, settings, deadline)
    out = list(words)
    for g, got in zip(groups, readings):
        text = level_of([f.text for f in sorted(got, key=lambda f: f.left)])
        if text is None:
            continue
        ws = [words[i] for i in g]
        left, right = min(w.left for w in ws), max(w.right for w in ws)
        out[g[0]] = dataclasses.replace(words[g[0]], text=text, left=left, width=right - left)
        for i in g[1:]:
            out[i] = dataclasses.replace(words[i], text="")
    return out
