"""Lines of prose wrapped at the page width put back into one line each, from geometry.

A word processor breaks a paragraph wherever the next word does not fit; a text file
holds the same paragraph on one line. Extraction reads lines, so a sentence cut in two
("… ได้รับผลการประเมิน" / "๙๓.๗๑ คะแนน") must be one line again, whatever engine laid
the page out. Two lines are one paragraph when, by their boxes:

- the first ends near the right edge of the text (the second's first word would not
  have fitted after it: a line ends early only where its paragraph ends);
- the second stands right below it (no paragraph gap) in the same size of type, and
  starts no further right than the first (a new paragraph's first-line indent), or
  under the text of a list item whose first line starts with the item's number;
- the second does not start a list item or a memo label, and neither line is laid out
  in columns (a wide gap: a label and its value, a score after its name).

Thai has no spaces between words: Thai joined to Thai takes none; anything else a space.
Readers call `join_wrapped` on the lines outside tables (pdf.py on text-layer lines,
ocr.py on OCR lines); table cells are joined by the readers themselves.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from normalizers.thai import first_word

# Baseline to baseline, the lines of one paragraph stand the page's usual line pitch
# apart (the median over lines closer than MAX_STEP type sizes: Thai fonts' own line
# height is 1.4-2 em), within STEP_TOLERANCE of it; a paragraph gap is more.
MAX_STEP = 2.6
STEP_TOLERANCE = 1.2
# Where the first line may end: within this share of the text width from its right edge
# (a paragraph's last line ending later is rare; one ending earlier is never wrapped).
MAX_SLACK = 0.25
# On a page, the right edge of wrapped text lies beyond this share of the page's width
# (A4 with 2-3 cm margins: 0.86-0.9; landscape 0.93).
MIN_RIGHT_EDGE = 0.75
# A paragraph's first line starts at most this share of the text width in (a memo's
# indent is 2.5 cm of ~16): a line that starts further in and reaches the margin is set
# right or centred (Word's running head "รายงานผล… พ.ศ. 2567"), complete as it stands.
MAX_INDENT = 0.3
# Line heights of the two lines (type size) differ by less than this share.
SIZE_TOLERANCE = 0.25

# (a score with two decimals opening the line, "๘๕.๖๑ ซึ่ง…", is no list number "๘๕.")
_LIST_START = re.compile(
    r"^\s*(?:\(?(?![0-9๐-๙]{1,3}\.[0-9๐-๙]{2}(?![0-9๐-๙.]))[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})*[.)]|\([0-9๐-๙ก-ฮ]{1,2}\)|[ก-ฮ][.)]\s|[-•*●○▪–]\s?|[☐☑])"
)
# Lines that open a field of a memo or a report, never a paragraph's continuation
# (ที่ with its mark lost by OCR, "ที พล ๘๙๑๐๖/๒๐๐": a word of its own before a space).
_LABEL_START = re.compile(
    r"^\s*(?:เรื่อง|เรียน|ท[ีิ]่?\s|วันที่|ส่วนราชการ|สิ่งที่ส่งมาด้วย|อ้างถึง|ลงชื่อ|หมายเหตุ|ตารางที่|ภาพที่)"
)
# A memo's body opens with these words ("ตามที่สำนักงาน ป.ป.ช. …", "ด้วย…"): under a field
# line (เรียน …) set without a first-line indent, as a browser lays out a memo, such a line
# starts the body, however near the margin the addressee's line ends.
_BODY_START = re.compile(r"^\s*(?:ตามที่|ตามหนังสือ|อนุสนธิ|ด้วย|จึงเรียน)")
# An assessment tool's name on a line of its own, its code closing it ("แบบวัดการรับรู้…
# ภายใน (IIT)", its score on the line below): the heading of a list's row, never the rest of
# the paragraph above, however near the margin that paragraph ends.
# (or with its score after it on the line: "…ภายใน (IIT) คะแนนรวม 75.64 คะแนน")
_TOOL_LABEL = re.compile(r"^\s*แบบ(?:วัด|ตรวจ)\S*(?:\s\S+){0,4}\s*\((?:IIT|EIT|OIT)\)(?:\s*ส่วนที่\s*[0-9๐-๙])?"
                         r"(?:\s*(?:คะแนน|ได้|[0-9๐-๙]).*)?\s*$")
_THAI = re.compile(r"[\u0e01-\u0e4f]")  # letters and marks, not digits


@dataclass(frozen=True)
class TextLine:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in page units
    height: float  # the type's size (font size, or an OCR line's letter height)
    columns: bool = False  # a wide gap inside: laid out in columns, never joined


# Thai marks stand above or below their letter and take no width of their own
_NO_ADVANCE = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _first_word_width(line: TextLine) -> float:
    """About how wide the line's first word is: its share of the line's letters that
    take width (marks take none: counted, a word without them in a line full of them
    came out too narrow, and a wrapped name "…ทัว" / "หนอง" looked like a line break)."""
    text = line.text.strip()
    spacing = len(_NO_ADVANCE.sub("", text))
    if not spacing:
        return 0.0
    return (line.box[2] - line.box[0]) * len(_NO_ADVANCE.sub("", first_word(text))) / spacing


# Two lines that start with the same this-many characters are parallel rows (a tool's
# score under another's), not a sentence and its wrapped rest; justified text ends them
# both at the margin, so the geometry alone cannot tell.
_PARALLEL_START = 12
# A line that ends with a number and its unit (… 79.31 คะแนน) has said what it had to
# say; a next line with a score of its own is the next row of a list, though it starts
# otherwise ("แบบวัด…(EIT) … คะแนน" over "แบบตรวจ…(OIT) … คะแนน", justified to the margin).
_SCORE_END = re.compile(r"[0-9๐-๙]\s*คะแนน\s*$")
_OWN_SCORE = re.compile(r"[0-9๐-๙]\s*คะแนน")


def continues(a: TextLine, b: TextLine, left: float, right: float, pitch: float) -> bool:
    """Whether line b is the wrapped rest of line a's paragraph (text between left and
    right, lines `pitch` apart, baseline to baseline, inside paragraphs)."""
    if a.columns or b.columns or not a.text.strip() or not b.text.strip():
        return False
    width = right - left
    if width <= 0:
        return False
    ha, hb = a.height, b.height
    if ha <= 0 or hb <= 0 or abs(ha - hb) > SIZE_TOLERANCE * max(ha, hb):
        return False
    step = b.box[3] - a.box[3]
    if step < 0.5 * ha or step > min(MAX_STEP * ha, STEP_TOLERANCE * pitch):
        return False  # not below, or a paragraph gap
    if a.box[2] < right - MAX_SLACK * width:
        return False  # ended early: its paragraph ends there
    if a.box[2] + min(_first_word_width(b), MAX_SLACK * width) < right:
        return False  # the next word would have fitted: a line break, not a wrap
    if _LIST_START.match(b.text) or _LABEL_START.match(b.text) or _TOOL_LABEL.match(b.text):
        return False
    if _LABEL_START.match(a.text) and _BODY_START.match(b.text):
        return False  # "เรียน อธิการบดี…" over "ตามที่สำนักงาน…": the body starts
    if _PARALLEL_START and a.text.lstrip()[:_PARALLEL_START] == b.text.lstrip()[:_PARALLEL_START]:
        return False  # rows of a list that start alike ("แบบวัดการรับรู้…(IIT)" / "…(EIT)")
    if _SCORE_END.search(a.text) and _OWN_SCORE.search(b.text):
        return False  # a score stated whole, then another line with its own: rows of a list
    if b.box[0] > left + 4 * ha:
        return False  # centred or right-aligned (a signature block), not body text
    if a.box[0] > left + MAX_INDENT * width:
        return False  # set right or centred to the margin (a running head), no paragraph's first line
    indent = b.box[0] - a.box[0]
    if indent > 0.5 * ha and not (_LIST_START.match(a.text) and indent <= 4 * ha):
        return False
    return True


# A line ending in a whole number and its point, and a next line of only a number's
# decimals: one number a narrow column broke after the point.
_DECIMAL_HEAD = re.compile(r"(?:^|\s)[0-9๐-๙]{1,3}\.$")
_DECIMAL_TAIL = re.compile(r"[0-9๐-๙]{1,3}")
_GROUP_HEAD = re.compile(r"(?:^|\s)[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})*,$")
_GROUP_TAIL = re.compile(r"[0-9๐-๙]{3}(?![0-9๐-๙])")

# a line that ends in a question code (O35, I๑): digits on the next line that would
# make its number longer than two are another code's whose letter OCR lost ("O35 O" /
# "42" read "O35" / "42"), not the rest of this one ("E1" / "4" is E14)
_CODE_END = re.compile(r"(?:^|[\s,(])[A-Z]([0-9๐-๙]{1,2})$")
_LEADING_DIGITS = re.compile(r"[0-9๐-๙]+")


def _another_code(a: str, b: str) -> bool:
    m = _CODE_END.search(a)
    return m is not None and len(m[1]) + len(_LEADING_DIGITS.match(b)[0]) > 2


def joined_text(a: str, b: str) -> str:
    a, b = a.rstrip(), b.lstrip()
    if a[-1:] and b[:1] and _THAI.match(a[-1]) and _THAI.match(b[0]):
        return a + b
    if a[-1:].isdigit() and b[:1].isdigit() and not _another_code(a, b):
        return a + b  # a number broken where it did not fit a narrow column ("๒๕๖" / "๗")
    if _DECIMAL_HEAD.search(a) and _DECIMAL_TAIL.fullmatch(b):
        return a + b  # … or after its decimal point ("84." / "42")
    if _GROUP_HEAD.search(a) and _GROUP_TAIL.match(b):
        return a + b  # … or after a thousands comma ("10," / "000")
    if a.endswith("-") and not a.endswith(" -"):
        return a + b  # a word hyphenated at the break ("E-" / "Service")
    return f"{a} {b}"


def _right_edge(lines: list[TextLine]) -> float | None:
    """The right edge of the text: where at least two lines end (within a type size).
    One line ending furthest right proves nothing (a title, the one line of a short
    page); None when no two lines end together."""
    ends = sorted(((ln.box[2], ln.height) for ln in lines), reverse=True)
    for i, (end, height) in enumerate(ends[:-1]):
        if end - ends[i + 1][0] <= 1.5 * height:
            return end
    return None


def join_wrapped(lines: list[TextLine], page_width: float | None = None) -> list[TextLine]:
    """Lines (top to bottom) with each wrapped paragraph made one line; its box is the
    union of its lines' boxes. With `page_width` (lines of a page, not of a table
    cell), the text's right edge must lie in the page's last quarter: lines that end
    together short of it are a title block or a list, not a paragraph cut by the margin."""
    if len(lines) < 2:
        return list(lines)
    plain = [ln for ln in lines if not ln.columns and ln.text.strip()]
    if not plain:
        return list(lines)
    left = min(ln.box[0] for ln in plain)
    right = _right_edge(plain)
    if right is None or (page_width and right < MIN_RIGHT_EDGE * page_width):
        return list(lines)
    steps = [b.box[3] - a.box[3] for a, b in zip(lines, lines[1:])
             if 0.5 * a.height <= b.box[3] - a.box[3] <= MAX_STEP * a.height]
    pitch = statistics.median(steps) if steps else 0.0
    out: list[TextLine] = [lines[0]]
    last_piece = lines[0]  # the last physical line of out[-1]
    for line in lines[1:]:
        if continues(last_piece, line, left, right, pitch):
            head = out[-1]
            box = (min(head.box[0], line.box[0]), head.box[1], max(head.box[2], line.box[2]), line.box[3])
            out[-1] = TextLine(joined_text(head.text, line.text), box, head.height, False)
        else:
            out.append(line)
        last_piece = line
    return out
