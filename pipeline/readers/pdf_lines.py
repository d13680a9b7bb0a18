"""A PDF page's glyphs grouped into lines of text in their typing order (see pipeline/readers/pdf.py
for why not pdfplumber's extract_text): spaces from the gaps between glyphs, columns kept apart,
unmapped glyphs dropped, split sara am joined, wrapped lines joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from normalizers.thai import UNMAPPED_MARK, normalize
from pipeline.readers.paragraphs import TextLine, join_wrapped

# A gap wider than this (in em of the font size) between two glyphs is a word space.
# Thai word spacing in TLWG/Sarabun fonts is 0.25-0.33 em; kerning gaps are < 0.05 em.
SPACE_GAP_EM = 0.2

# Glyphs whose bottoms differ by less than this (em) are on one line; line spacing in
# memos is >= 1.2 em, and mixed sizes on one line differ by well under 0.35 em.
LINE_TOLERANCE_EM = 0.35

# A gap this wide (em) inside a line is a tab stop or a column, not a word space.
COLUMN_GAP_EM = 2.0

# Inside one line, a glyph that starts this far (em) left of the previous consonant
# starts a new run (the producer wrote the line out of order); marks never go that
# far back, so they stay with their consonant.
BACKWARD_JUMP_EM = 0.1

# More unmapped glyphs ("(cid:N)" that are not the tail of a split sara am) than this
# share of a page's glyphs: the text layer is missing letters -> OCR the page.
MAX_JUNK_CID_SHARE = 0.05

_CID = re.compile(r"\(cid:\d+\)")
# an unmapped glyph over an upper vowel: a tone mark drawn high (thai.repair_unmapped_tones)
_CID_OVER_VOWEL = re.compile("(?<=[\u0e31\u0e34-\u0e37])\\(cid:\\d+\\)")

# Thai characters that sit above/below a consonant (no advance of their own).
_THAI_MARKS = frozenset("\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F))))

_SPACES = re.compile(r"[ \u00a0]{2,}")

# LibreOffice maps both glyphs of a shaped sara am (nikhahit + sara aa) to text: the
# first to ำ, the second to า. No Thai word has ำ followed by า.
_AM_AA = "\u0e33\u0e32"

# LibreOffice's simple-font sara am cluster with the tone glyph between its pieces, the
# tone written as '"', '1', ')', '-' or '.' by the font subset (น้ำ as นำ"า, นำ)า in a Word
# PDF's text layer): mai tho + ำ
_AM_JUNK_TONE_AA = re.compile('\u0e33["1).-]\u0e32')

# … and with the tone mark drawn between the two glyphs (น้ำ as น, ำ, ้, า)
_AM_TONE_AA = re.compile("\u0e33([\u0e48-\u0e4b])\u0e32")


def clean_line(raw: str) -> str:
    """Drop unmapped glyphs; NFC + Thai normalisation (which also removes spaces
    before marks and maps Thai private-use glyphs); single spaces; tabs kept."""
    text = _AM_JUNK_TONE_AA.sub("\u0e49\u0e33", _CID.sub("", _CID_OVER_VOWEL.sub(UNMAPPED_MARK, raw)))
    text = _AM_TONE_AA.sub("\\1\u0e33", text.replace(_AM_AA, "\u0e33"))
    cells = [_SPACES.sub(" ", normalize(cell)).strip() for cell in text.split("\t")]
    line = "\t".join(cells)
    return line if line.strip() else ""


def junk_cid_share(chars: Sequence[dict]) -> float:
    """Share of glyphs that are "(cid:N)" with no Unicode, not counting the pieces of
    a sara am that a shaper split (nikhahit, sara aa) right after a glyph already
    mapped to the whole ำ: those are harmless, the letter is there."""
    junk = counted = 0
    after_sara_am = False
    for c in chars:
        text = c["text"]
        if text.isspace():
            continue
        counted += 1
        if _CID.fullmatch(text):
            if not after_sara_am:
                junk += 1
            continue  # stays "after sara am" across its 1-2 unmapped pieces
        after_sara_am = text.endswith("\u0e33")
    return junk / counted if counted else 0.0


@dataclass
class Line:
    top: float
    text: str  # raw: "(cid:N)" kept, not normalised
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points
    size: float = 0.0  # the type size (median of its glyphs')
    columns: bool = False  # a gap wider than COLUMN_GAP_EM inside: laid out in columns
    chars: list = field(default_factory=list, repr=False)  # its glyphs (pdfplumber chars)


def is_mark(text: str) -> bool:
    return text[:1] in _THAI_MARKS


def build_lines(chars: Iterable[dict]) -> list[Line]:
    """Group chars (in content-stream order) into lines by vertical position, keeping
    stream order inside a line; lines sorted top to bottom."""
    return lines_of(line_groups(chars))


def line_groups(chars: Iterable[dict]) -> list[list[dict]]:
    """build_lines' grouping: the chars of each line, lines in the order first met."""
    groups: list[list[dict]] = []
    bottoms: list[float] = []
    bands: list[tuple[float, float]] = []  # (top, bottom) of each line's first glyph
    for c in chars:
        tol = LINE_TOLERANCE_EM * max(c["size"], 1.0)
        middle = (c["top"] + c["bottom"]) / 2
        # the current line is almost always the last one: search backwards. A glyph
        # from a fallback font (☑ in DejaVu beside Thai in Laksaman) has another
        # baseline, but its middle still lies within the line's band.
        for i in range(len(groups) - 1, -1, -1):
            if abs(bottoms[i] - c["bottom"]) <= tol or bands[i][0] < middle < bands[i][1]:
                groups[i].append(c)
                break
        else:
            groups.append([c])
            bottoms.append(c["bottom"])
            bands.append((c["top"], c["bottom"]))
    return groups


def lines_of(groups: list[list[dict]]) -> list[Line]:
    """build_lines' lines of line_groups' groups: the empty ones left out, top to bottom."""
    lines = [Line(top=min(c["top"] for c in g), text=line_text(g), bbox=chars_box(g),
                  size=_median([c["size"] for c in g]), columns=_has_column_gap(g), chars=g)
             for g in groups]
    lines = [line for line in lines if line.text.strip()]
    return sorted(lines, key=lambda line: line.top)


def _median(values: list[float]) -> float:
    """statistics.median's value (the same arithmetic) without its checks and generic
    sorting: a line of a table cell is built ~15,000 times a corpus."""
    values.sort()
    n = len(values)
    if n % 2:
        return values[n // 2]
    return (values[n // 2 - 1] + values[n // 2]) / 2


def _has_column_gap(chars: Sequence[dict]) -> bool:
    """A gap wider than COLUMN_GAP_EM between neighbouring glyphs: a label and its value,
    a name and its score (tab stops), not one run of prose."""
    xs = sorted((c["x0"], c["x1"], c["size"]) for c in chars if not c["text"].isspace())
    right = None
    for x0, x1, size in xs:
        if right is not None and x0 - right > COLUMN_GAP_EM * max(size, 1.0):
            return True
        right = x1 if right is None else max(right, x1)
    return False


def join_wrapped_lines(lines: list[Line], page_width: float | None = None) -> list[Line]:
    """Prose lines wrapped at the page width (or a cell's: page_width None) made one
    line each (readers/paragraphs.py)."""
    if len(lines) < 2 or any(line.bbox is None for line in lines):
        return lines
    joined = join_wrapped([TextLine(line.text, line.bbox, line.size, line.columns) for line in lines],
                          page_width)
    return [Line(top=t.box[1], text=t.text, bbox=t.box, size=t.height, columns=t.columns) for t in joined]


def chars_box(chars: Sequence[dict]) -> tuple[float, float, float, float]:
    """x from pdfminer; top and bottom from the glyphs' ink where pdfium gave it."""
    inked = [c for c in chars if "ink_top" in c]
    if inked:
        top, bottom = min(c["ink_top"] for c in inked), max(c["ink_bottom"] for c in inked)
    else:
        top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    return (min(c["x0"] for c in chars), top, max(c["x1"] for c in chars), bottom)


def _runs(chars: Sequence[dict]) -> list[list[dict]]:
    """Split a line into runs written left to right; a jump back to the left of the
    previous consonant starts a new run. Runs are then put in x order, which keeps
    marks with their consonant but still fixes lines written out of order."""
    runs: list[list[dict]] = []
    base_x0 = None
    for c in chars:
        mark = is_mark(c["text"])
        if runs and not mark and base_x0 is not None and c["x0"] < base_x0 - BACKWARD_JUMP_EM * c["size"]:
            runs.append([c])
        elif runs:
            runs[-1].append(c)
        else:
            runs.append([c])
        if not mark:
            base_x0 = c["x0"]
    return sorted(_interleaved(runs), key=lambda run: run[0]["x0"])


def _interleaved(runs: list[list[dict]]) -> list[list[dict]]:
    """Runs with a later run that starts inside an earlier one's span cut there, so that
    x order puts it where it stands: LibreOffice writes a fallback font's glyphs (☑ in
    DejaVu inside a Thai line) after the line's other text, at their own x. The cut
    falls before a consonant (never between a consonant and its marks)."""
    out = [runs[0]] if runs else []
    for run in (piece for later in runs[1:] for piece in _apart(later, out)):
        x = run[0]["x0"]
        for k, earlier in enumerate(out):
            if not (earlier[0]["x0"] < x < max(c["x1"] for c in earlier)):
                continue
            cut = next((i for i, c in enumerate(earlier) if i and not is_mark(c["text"]) and c["x0"] >= x), None)
            if cut is not None:
                out[k:k + 1] = [earlier[:cut], earlier[cut:]]
            break
        out.append(run)
    return out


def _apart(run: list[dict], earlier: list[list[dict]]) -> list[list[dict]]:
    """A run written after others, cut where another run's glyph stands between two of
    its glyphs: LibreOffice writes a line's fallback-font glyphs after its text, one run
    for all of them however far apart (☑ … ☐ around ดำเนินการ in a Calc cell)."""
    starts = [c["x0"] for other in earlier for c in other if not c["text"].isspace()]
    pieces = [[run[0]]]
    right = run[0]["x1"]
    for c in run[1:]:
        if not is_mark(c["text"]) and not c["text"].isspace() and any(right <= x < c["x0"] for x in starts):
            pieces.append([c])
        else:
            pieces[-1].append(c)
        right = max(right, c["x1"])
    return pieces


def line_text(chars: Sequence[dict]) -> str:
    """Text of one line's chars: stream order inside runs, a space for each wide gap."""
    out: list[str] = []
    right = None  # right edge of the last glyph with an advance
    for run in _runs(chars):
        for c in run:
            text = c["text"]
            if is_mark(text):
                out.append(text)  # never a space before a mark, whatever its x
                continue
            if text.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                right = c["x1"] if right is None else max(right, c["x1"])
                continue
            if right is not None and out and out[-1] != " " and c["x0"] - right > SPACE_GAP_EM * c["size"]:
                out.append(" ")
            out.append(text)
            right = c["x1"] if right is None else max(right, c["x1"])
    return "".join(out).strip()
