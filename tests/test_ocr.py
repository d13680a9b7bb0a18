"""The OCR reader (pipeline/ocr/) and its wiring into ingest.

Fast tests use small crops rendered with a TLWG font, hand-made or cached Tesseract
output, and fault doubles (pytesseract monkeypatched to crash, time out or return bad
UTF-8). One full generated page is OCR'd in the slow suite (`make test-slow`).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
import pytesseract
from PIL import Image, ImageDraw, ImageFont

from normalizers.thai import normalize
from pipeline.pages import NONE, OCR
from pipeline.ocr import engine as ocr_engine, lines as ocr_lines, page as ocr_reader, tesseract_api
from pipeline.ocr import settings as ocr_settings, tables as ocr_tables, tesseract_api
from pipeline.ocr.settings import OcrSettings, OcrWord
from pipeline.ocr.lines import build_text
from pipeline.ocr.page import ocr_page

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
LINES = [
    "รายงานผลการประเมินคุณธรรมและความโปร่งใส",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ได้คะแนน ๙๓.๕๘",
    "องค์การบริหารส่วนตำบลหนองบัว อำเภอโนนสูง",
]

pytestmark = pytest.mark.skipif(
    not (FONT_DIR / "Laksaman.ttf").exists(), reason="fonts-thai-tlwg not installed"
)


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path, monkeypatch) -> Path:
    cache = tmp_path / "ocr-cache"
    monkeypatch.setenv("ITA_OCR_CACHE", str(cache))
    return cache


def font(size: int = 48, name: str = "Laksaman.ttf") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / name), size)


def text_image(lines=LINES, size=48, width=1400) -> Image.Image:
    im = Image.new("L", (width, 40 + 90 * len(lines)), 255)
    d = ImageDraw.Draw(im)
    for i, line in enumerate(lines):
        d.text((30, 20 + i * 90), line, font=font(size), fill=0)
    return im


def fake_tesseract(monkeypatch, fake) -> None:
    """Tesseract replaced by `fake` (a double of pytesseract.image_to_data): the
    `tesseract` command path, with no Tesseract library loaded in-process."""
    monkeypatch.setattr(tesseract_api.InProcessTesseract, "get", classmethod(lambda cls, lang: None))
    monkeypatch.setattr(pytesseract, "image_to_data", fake)


def cer(truth: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref = re.sub(r"\s+", "", normalize(truth))
    hyp = re.sub(r"\s+", "", normalize(got))
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


@pytest.fixture(scope="module")
def lines_reading():
    """One real Tesseract reading of the three-line crop, shared by several tests."""
    return ocr_page(text_image(), 1, OcrSettings(cache_dir="off"))


def fake_data(words: list[tuple[str, int, int, int, int, int]], conf: float = 91.0) -> dict:
    """image_to_data's dict for (text, left, top, width, height, line) words."""
    d = {k: [] for k in ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                         "left", "top", "width", "height", "conf", "text")}
    for i, (text, left, top, width, height, line) in enumerate(words):
        for k, v in (("level", 5), ("page_num", 1), ("block_num", 1), ("par_num", 1),
                     ("line_num", line), ("word_num", i + 1), ("left", left), ("top", top),
                     ("width", width), ("height", height), ("conf", conf), ("text", text)):
            d[k].append(v)
    return d


def letters(text: str, x: int, top: int, line: int, step: int = 30, h: int = 40):
    """A Thai word as Tesseract gives it: one box per letter, 2-6 px apart."""
    return [(ch, x + i * step, top, step - 4, h, line) for i, ch in enumerate(text)]


# ---------------------------------------------------------------- real Tesseract, small crops


def test_reads_thai_lines(lines_reading):
    page = lines_reading
    assert page.method == OCR and page.page_no == 1 and not page.needs_ocr
    assert page.errors == ()
    assert cer("\n".join(LINES), page.text) < 0.15
    assert len(page.text.splitlines()) == 3
    assert page.raw_text and page.quality is not None and page.quality > 0.5
    assert 50 < page.ocr_confidence <= 100
    # OCR-spaced Thai is joined: most words come out whole
    assert "องค์การบริหารส่วนตำบลหนองบัว" in page.text


def test_ruled_table_becomes_tab_rows():
    cells = [["ตัวชี้วัด", "ผู้รับผิดชอบ", "ระยะเวลา"], ["การปฏิบัติหน้าที่", "กองช่าง", "ตุลาคม"]]
    xs = [20, 420, 760, 1100]
    im = Image.new("L", (1120, 260), 255)
    d = ImageDraw.Draw(im)
    for y in (20, 130, 240):
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x in xs:
        d.line([(x, 20), (x, 240)], fill=0, width=3)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            d.text((xs[c] + 20, 45 + r * 110), text, font=font(44), fill=0)
    page = ocr_page(im, 3, OcrSettings(cache_dir="off"))
    rows = page.text.splitlines()
    assert len(rows) == 2, page.text
    for row, want in zip(rows, cells):
        got = row.split("\t")
        assert len(got) == 3, row
        for g, w in zip(got, want):
            assert cer(w, g) < 0.3, (g, w)
    assert "|" not in page.text  # the borders were erased, not read as letters


@pytest.mark.parametrize("angle", [180, 90])
def test_upside_down_or_sideways_page_is_turned(angle, lines_reading):
    page = ocr_page(text_image().rotate(angle, expand=True), 1, OcrSettings(cache_dir="off"))
    assert page.method == OCR
    assert cer("\n".join(LINES), page.text) < 0.15
    assert page.quality == pytest.approx(lines_reading.quality, abs=0.15)


def test_cached_output_is_replayed(ocr_cache, monkeypatch):
    im = text_image(LINES[:1], width=1200)
    first = ocr_page(im, 1)
    assert first.method == OCR and any(ocr_cache.rglob("*.json"))

    def no_tesseract(*a, **k):
        raise AssertionError("Tesseract called despite a cached result")

    fake_tesseract(monkeypatch, no_tesseract)
    again = ocr_page(im, 1)
    assert again == first
    # other settings are another key: Tesseract would be called
    other = ocr_page(im, 1, OcrSettings(psm=6))
    assert other.method == NONE and "AssertionError" in other.errors[0]


def test_cache_can_be_switched_off(ocr_cache, monkeypatch):
    fake_tesseract(monkeypatch, lambda *a, **k: fake_data(letters("กขค", 10, 10, 1)))
    ocr_page(text_image(LINES[:1]), 1, OcrSettings(cache_dir="off"))
    assert not ocr_cache.exists()


# ---------------------------------------------------------------- lines from word boxes


def test_thai_letters_are_joined_and_gaps_become_spaces_and_tabs():
    words = letters("การ", 0, 100, 1) + letters("ประเมิน", 120, 100, 1)
    words += letters("ผล", 600, 100, 1)  # a gap of ~6 line heights: a table column
    words += letters("ท", 0, 200, 2) + [("ITA", 50, 200, 90, 40, 2), ("2567", 160, 200, 100, 40, 2)]
    page_words = [OcrWord(t, 90.0, x, y, w, h, 1, 1, ln, i) for i, (t, x, y, w, h, ln) in enumerate(words)]
    assert build_text(page_words) == "การ ประเมิน\tผล\nท ITA 2567"


def test_each_line_has_the_box_of_its_words():
    words = letters("การ", 10, 100, 1) + letters("ผล", 600, 104, 1) + letters("ท", 20, 200, 2)
    page_words = [OcrWord(t, 90.0, x, y, w, h, 1, 1, ln, i) for i, (t, x, y, w, h, ln) in enumerate(words)]
    # "การ": x 10..10+2*30+26 = 96; "ผล" ends at 600+30+26 = 656; tops 100/104, bottoms 140/144
    assert ocr_lines.build_lines(page_words) == [("การ\tผล", (10, 100, 656, 144)), ("ท", (20, 200, 46, 240))]


def test_ocr_page_boxes_are_fractions_of_the_image(monkeypatch, ocr_cache):
    words = letters("กขค", 100, 50, 1)  # x 100..186, y 50..90 on a 400x200 image
    fake_tesseract(monkeypatch, lambda *a, **k: fake_data(words))
    im = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(im).rectangle([100, 50, 186, 90], fill=0)  # ink, so the page is not blank
    page = ocr_page(im, 1, OcrSettings(remove_rules=False, osd=False))
    assert page.text.split("\n") == ["กขค"]
    assert page.line_boxes == ((0.25, 0.25, 0.465, 0.45),)


def test_an_unruled_table_read_as_column_blocks_comes_back_as_rows():
    """Tesseract reads the columns of an unruled table as blocks of their own (row
    numbers, names, scores; seen on a memo's second page): each row's pieces, side by
    side at one height, make one line again, in page order."""
    def block(b, items):
        return [OcrWord(t, 90.0, x, y, w, 40, b, 1, ln, 0) for ln, (t, x, y, w) in enumerate(items, 1)]

    # scores first, then row numbers, then names, as the blocks came; rows 60 px apart,
    # the names' boxes taller (marks above the letters) and a few pixels off
    words = (block(3, [("๗๒.๘๘", 900, 100, 120), ("๗๖.๙๐", 900, 160, 120)])
             + block(1, [("๖", 60, 102, 25), ("๗", 60, 161, 25)])
             + [OcrWord(t, 90.0, 300, y, 300, h, 2, 1, ln, 0)
                for ln, (t, y, h) in enumerate([("คุณภาพการดำเนินงาน", 92, 52), ("ประสิทธิภาพการสื่อสาร", 154, 48)], 1)])
    assert build_text(words) == "๖\tคุณภาพการดำเนินงาน\t๗๒.๘๘\n๗\tประสิทธิภาพการสื่อสาร\t๗๖.๙๐"
    # a line beside another that shares less than SAME_LINE_OVERLAP of its height stays
    # apart, and so does one above another, however much they share (a word over a word)
    def one(t, x, y, b):
        return OcrWord(t, 90.0, x, y, 200, 40, b, 1, 1, 0)

    assert build_text([one("ก", 0, 0, 1), one("ข", 600, 17, 2)]) == "ก\nข"  # share 23 of 40 px
    assert build_text([one("ก", 0, 0, 1), one("ข", 600, 15, 2)]) == "ก\tข"  # share 25 of 40 px
    assert build_text([one("ก", 0, 0, 1), one("ข", 150, 10, 2)]) == "ก\nข"


def test_digit_runs_are_joined():
    words = [("๒", 0, 0, 26, 40, 1), ("๕", 30, 0, 26, 40, 1), ("๖", 60, 0, 26, 40, 1), (".", 88, 0, 6, 40, 1),
             ("๕", 98, 0, 26, 40, 1), ("ค", 170, 0, 26, 40, 1)]
    page_words = [OcrWord(t, 90.0, x, y, w, h, 1, 1, ln, i) for i, (t, x, y, w, h, ln) in enumerate(words)]
    assert build_text(page_words) == "๒๕๖.๕ ค"


def test_words_in_ruled_cells_make_one_row_per_table_row():
    im = Image.new("L", (1000, 400), 255)
    d = ImageDraw.Draw(im)
    for y in (50, 250):
        d.line([(50, y), (950, y)], fill=0, width=3)
    for x in (50, 500, 950):
        d.line([(x, 50), (x, 250)], fill=0, width=3)
    rules = ocr_tables.find_rules(im)
    assert len(rules.horizontal) == 2 and len(rules.vertical) == 3
    # a cell with two lines, whose Tesseract line ids run across the row
    words = letters("ตัว", 70, 80, 1) + letters("อักษร", 520, 80, 1) + letters("ชี้วัด", 70, 160, 2)
    words += letters("ท้ายตาราง", 70, 300, 3)
    page_words = [OcrWord(t, 90.0, x, y, w, h, 1, 1, ln, i) for i, (t, x, y, w, h, ln) in enumerate(words)]
    assert build_text(page_words, rules) == "ตัว ชี้วัด\tอักษร\nท้ายตาราง"
    # the row's box is the cell frame: rules drawn at x 50..950, y 50..250 (3 px thick)
    (_, row_box), (_, free_box) = ocr_lines.build_lines(page_words, rules)
    assert all(abs(got - want) <= 3 for got, want in zip(row_box, (50, 50, 950, 250)))
    assert free_box == (70, 300, 70 + 8 * 30 + 26, 340)  # "ท้ายตาราง": 9 letter boxes


def _cell_of_reference(w: OcrWord, rules, tol: float):
    """The plain statement of ocr_lines._cells for one word: the nearest rule on each side
    among those whose span (within tol) covers the word's centre; the first on ties."""
    def nearest(rs, along, point, span, position):
        before = after = None
        for r in rs:
            lo, hi = span(r)
            if lo - tol <= along <= hi + tol:
                p = position(r, along)
                if p < point and (before is None or p > position(before, along)):
                    before = r
                elif p > point and (after is None or p < position(after, along)):
                    after = r
        return before, after

    cx, cy = w.left + w.width / 2, w.top + w.height / 2
    above, below = nearest(rules.horizontal, cx, cy, lambda r: (r.x0, r.x1), ocr_tables.Rule.y_at)
    left, right = nearest(rules.vertical, cy, cx, lambda r: (r.y0, r.y1), ocr_tables.Rule.x_at)
    return None if None in (above, below, left, right) else (above, below, left, right)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_cells_agree_with_the_plain_search(data):
    """Word-to-cell assignment (vectorised over all words) is the per-word search."""
    # a coarse plane, so that words sit on rules, between equal rules, at their ends
    coord = st.integers(0, 6).map(lambda v: 10.0 * v)
    rule = st.builds(ocr_tables.Rule, coord, coord, coord, coord)  # skewed, reversed, points
    across = st.builds(lambda a, b: ocr_tables.Rule(0.0, a, 60.0, b), coord, coord)  # a table's, slightly skewed
    down = st.builds(lambda a, b: ocr_tables.Rule(a, 0.0, b, 60.0), coord, coord)
    rules = ocr_tables.Rules(tuple(data.draw(st.lists(st.one_of(across, rule), max_size=6))),
                      tuple(data.draw(st.lists(st.one_of(down, rule), max_size=6))))
    at, size = st.integers(0, 12).map(lambda v: 5 * v), st.integers(0, 4).map(lambda v: 10 * v)
    words = data.draw(st.lists(st.builds(lambda x, y, w, h: OcrWord("ก", 90.0, x, y, w, h, 1, 1, 1, 1),
                                         at, at, size, size), max_size=12))
    assert ocr_lines._cells(words, rules, 8.0) == [_cell_of_reference(w, rules, 8.0) for w in words]


def test_a_rule_found_in_overlapping_pieces_is_one_rule():
    """Pieces of one line that overlap (a noisy scan's rule, found twice from two
    starts) join, as pieces with a gap do; a line at another height stays apart."""
    R = ocr_tables.Rule
    pieces = [(R(176, 1053, 866, 1053), 690.0), (R(378, 1054, 1478, 1053), 1100.0),
              (R(176, 988, 1478, 988), 1302.0)]
    got = ocr_tables._merge_collinear(pieces, 206, 0, 0.0, 4.0)
    assert sorted((r.x0, r.x1, round(r.y0)) for r in got) == [(176, 1478, 988), (176, 1478, 1053)]
    assert len(ocr_tables._merge_collinear([(R(0, 100, 600, 100), 600.0), (R(300, 120, 900, 120), 600.0)],
                                    206, 0, 0.0, 4.0)) == 2


def test_no_word_in_a_table_is_dropped():
    """Where the rule between two rows was found in two pieces and the right one stops
    short of a column edge, the words of that row are still read: in their columns
    where the row has them, else as free text."""
    R = ocr_tables.Rule
    rules = ocr_tables.Rules((R(0, 50, 1000, 50), R(0, 250, 600, 250), R(420, 251, 1000, 251), R(0, 450, 1000, 450)),
                      (R(0, 50, 0, 450), R(400, 50, 400, 450), R(1000, 50, 1000, 450)))

    def word(text, x, y, i):
        return OcrWord(text, 90.0, x, y, 30, 40, 1, 1, 1 + y // 200, i)

    words = [word("ก", 20, 100, 0), word("ข", 500, 100, 1), word("ค", 20, 300, 2), word("ง", 500, 300, 3)]
    text = build_text(words, rules)
    assert sorted(text.split()) == ["ก", "ข", "ค", "ง"], text
    assert text.split("\n")[0] == "ก\tข"


def _skewed_table(size: tuple[int, int], ys, xs, angle: float) -> Image.Image:
    """A ruled table on a white page (3-px rules at rows ys and columns xs, each from
    the first to the last of the others), turned by `angle` degrees."""
    im = Image.new("L", size, 255)
    d = ImageDraw.Draw(im)
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    return im.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def test_skewed_table_is_levelled():
    skewed = _skewed_table((1600, 900), (100, 300, 500, 700), (100, 800, 1500), 0.8)
    rules = ocr_tables.find_rules(skewed)
    assert ocr_tables.skew_angle(rules) == pytest.approx(-0.8, abs=0.2)
    level = skewed.rotate(ocr_tables.skew_angle(rules), resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(ocr_tables.skew_angle(ocr_tables.find_rules(level))) < 0.15
    erased = ocr_tables.erase_rules(level, ocr_tables.find_rules(level))
    assert (Image.eval(erased, lambda v: 255 if v > 140 else 0).getextrema()[0]) == 255  # no ink left


def test_small_skew_is_levelled_at_300_dpi_only():
    """A 0.6° skew: a 300-dpi page (A4: 2480x3508) is levelled; a 200-dpi page is read as
    it is (re-sampling blurs its strokes more than the skew costs), until 1°."""
    def table(size, angle):
        w, h = size
        return _skewed_table(size, range(h // 4, 3 * h // 4 + 1, h // 8), (w // 10, w // 2, 9 * w // 10), angle)

    high = table((2480, 3508), 0.6)
    assert ocr_tables.deskew_angle(ocr_tables.find_rules(high), high.size) == pytest.approx(-0.6, abs=0.15)
    low = table((1654, 2339), 0.6)
    assert ocr_tables.skew_angle(ocr_tables.find_rules(low)) == pytest.approx(-0.6, abs=0.15)
    assert ocr_tables.deskew_angle(ocr_tables.find_rules(low), low.size) == 0.0
    steep = table((1654, 2339), 1.6)
    assert ocr_tables.deskew_angle(ocr_tables.find_rules(steep), steep.size) == pytest.approx(-1.6, abs=0.15)


def _checkbox_line() -> Image.Image:
    im = Image.new("L", (2480, 500), 255)  # page-sized (300 dpi): boxes and rules are scaled by it
    d = ImageDraw.Draw(im)
    d.rectangle([30, 35, 70, 75], outline=0, width=3)  # ☑: a box with a tick
    d.line([(38, 55), (48, 67), (64, 40)], fill=0, width=4)
    d.text((95, 20), "ดำเนินการ", font=font(48), fill=0)
    d.rectangle([440, 35, 480, 75], outline=0, width=3)  # ☐
    d.text((505, 20), "ยังไม่ได้ดำเนินการ", font=font(48), fill=0)
    return im


def test_checkboxes_are_read_as_ballot_boxes():
    im = _checkbox_line()
    boxes = ocr_tables.find_checkboxes(im)
    assert [(b.left, b.checked) for b in sorted(boxes, key=lambda b: b.left)] == [(30, True), (440, False)]
    page = ocr_page(im, 1, OcrSettings(cache_dir="off"))
    assert re.fullmatch(r"☑ \S+[ \t]☐ \S+", page.text), page.text
    assert cer("☑ ดำเนินการ ☐ ยังไม่ได้ดำเนินการ", page.text) < 0.15
    # letters are not boxes
    assert ocr_tables.find_checkboxes(text_image()) == []


# A Loma ๐ on a noisy 200-dpi scan (dark pixels): its top blurred flat, a lower row as
# wide as the top, and its round bottom going on for three rows under that row
_BLURRED_RING = """
111111111111111.
1111......11111.
111.........1111
11..........1111
11...........111
11...........111
11...........111
11...........111
11..........1111
111.........1111
11111.....11111.
11111111111111..
.111111111111...
...111111111....
......111.......
"""


def test_a_blurred_ring_is_no_checkbox():
    im = Image.new("L", (1654, 200), 255)
    px = im.load()
    for y, row in enumerate(_BLURRED_RING.split()):
        for x, ch in enumerate(row):
            if ch == "1":
                px[300 + x, 80 + y] = 0
    ImageDraw.Draw(im).rectangle([500, 80, 515, 95], outline=0, width=2)  # a printed ☐
    assert [b.left for b in ocr_tables.find_checkboxes(im)] == [500]


def test_cells_tesseract_skipped_are_read_again():
    im = Image.new("L", (900, 200), 255)
    d = ImageDraw.Draw(im)
    for y in (20, 180):
        d.line([(20, y), (880, y)], fill=0, width=3)
    for x in (20, 200, 880):
        d.line([(x, 20), (x, 180)], fill=0, width=3)
    d.text((40, 70), "กองช่าง", font=font(44), fill=0)
    rules = ocr_tables.find_rules(im)
    cells = ocr_tables.table_cells(rules)
    assert len(cells) == 2
    for got, want in zip(cells, [(25, 25, 195, 175), (205, 25, 875, 175)]):
        assert all(abs(a - b) <= 2 for a, b in zip(got, want)), cells
    clean = ocr_tables.erase_rules(im, rules)
    words = ocr_tables._read_missed_cells(clean, rules, [], OcrSettings(cache_dir="off"), time.monotonic() + 60)
    assert words and all(25 <= w.left and w.right <= 195 and 25 <= w.top and w.bottom <= 175 for w in words)
    assert cer("กองช่าง", build_text(words, rules)) < 0.2


def test_a_cell_read_with_its_neighbour_is_not_read_twice():
    # Calc prints a number against the cell's right rule and the next cell's text right
    # after it; Tesseract boxed the number across the rule (its centre in the next cell)
    im = Image.new("L", (900, 200), 255)
    d = ImageDraw.Draw(im)
    for y in (20, 180):
        d.line([(20, y), (880, y)], fill=0, width=3)
    for x in (20, 400, 880):
        d.line([(x, 20), (x, 180)], fill=0, width=3)
    x0, _, x1, _ = d.textbbox((0, 0), "77.98", font=font(44))
    d.text((396 - x1, 70), "77.98", font=font(44), fill=0)
    d.text((404, 70), "ลดลง", font=font(44), fill=0)
    rules = ocr_tables.find_rules(im)
    clean = ocr_tables.erase_rules(im, rules)
    ink = np.nonzero(np.asarray(clean)[25:175, 25:395] < 128)[1]
    left, right = 25 + int(ink.min()), 25 + int(ink.max())
    across = OcrWord("77.98", 93, left, 80, 2 * (400 - left) + 20, 40, 1, 1, 1, 1)
    assert across.left + across.width / 2 > 400  # its centre is past the rule
    read = [across, OcrWord("ลดลง", 95, 406, 70, 110, 50, 1, 1, 1, 2)]
    settings = OcrSettings(cache_dir="off")
    assert ocr_tables._read_missed_cells(clean, rules, read, settings, time.monotonic() + 60) == []
    # a box beside the ink, not over it, leaves the cell unread: it is read again
    beside = dataclasses.replace(across, left=right + 2, width=60)
    again = ocr_tables._read_missed_cells(clean, rules, [beside, read[1]], settings, time.monotonic() + 60)
    assert again and "".join(w.text for w in again).endswith(".98")


@pytest.mark.parametrize("ocr_text, repaired", [
    ("บนทกขอความ", "บันทึกข้อความ"),
    ("ท สร ๗๑๖๔๓/๖๑๓\tวันท ๒ ธันวาคม ๒๕๖๗", "ที่ สร ๗๑๖๔๓/๖๑๓\tวันที่ ๒ ธันวาคม ๒๕๖๗"),
    ("ที สร๗๑๖๔๓/๖๑๓ วันที ๒ จันวาคม", "ที่ สร๗๑๖๔๓/๖๑๓ วันที่ ๒ จันวาคม"),
    ("เรือง รายงานผล\nเรืองเดิม", "เรื่อง รายงานผล\nเรื่องเดิม"),
    ("วันที่ ๒ ธันวาคม", "วันที่ ๒ ธันวาคม"),  # already right
    ("ทหาร ท ก", "ทหาร ท ก"),  # not a label
    ("แบบวัด…ภายนอก\tคะแนนร่วม\t85.36", "แบบวัด…ภายนอก\tคะแนนรวม\t85.36"),  # 200-dpi scan
    ("ประจำปีงบประมาณ ๗.ศ. 2564", "ประจำปีงบประมาณ พ.ศ. 2564"),  # PNG page: พ re-read as ๗
    ("๑๗.ศ.", "๑๗.ศ."),  # a digit before it: not the abbreviation
    # the bold วันที่ read as Latin before a day and a month (clean 300-dpi scans)
    ("ที่ ชม ๘๒๘๖๙/๗๑๐\tTUN ๒ พฤศจิกายน ๒๕๖๗", "ที่ ชม ๘๒๘๖๙/๗๑๐\tวันที่ ๒ พฤศจิกายน ๒๕๖๗"),
    ("ที่ สศร ๗๕๐๗๘/๕๕๕\tJun ๓๐ สิงหาคม ๒๕๖๔", "ที่ สศร ๗๕๐๗๘/๕๕๕\tวันที่ ๓๐ สิงหาคม ๒๕๖๔"),
    ("in Jun 2024 we met", "in Jun 2024 we met"),  # English prose: not at a cell's start
    # (IIT) with its closing parenthesis lost, the opening one doubled (noisy 200-dpi Writer scan)
    ("ส่วนเสียภายใน((11 คะแนนรวม- ๗๙.๗๙ คะแนน", "ส่วนเสียภายใน(IIT) คะแนนรวม- ๗๙.๗๙ คะแนน"),
    ("ส่วนเสียภายนอก (EI คะแนนรวม ๘๑.๘๖", "ส่วนเสียภายนอก (EIT) คะแนนรวม ๘๑.๘๖"),
    ("ส่วนเสียภายใน (IIT) คะแนนรวม ๗๙.๗๙", "ส่วนเสียภายใน (IIT) คะแนนรวม ๗๙.๗๙"),
    ("ส่วนเสียภายใน (๗๙.๗๙ คะแนน)", "ส่วนเสียภายใน (๗๙.๗๙ คะแนน)"),  # a score in parentheses stays
])
def test_bold_memo_labels_get_their_marks_back(ocr_text, repaired):
    assert ocr_lines.repair_labels(ocr_text) == repaired


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("size", [(1, 1), (3, 500), (2000, 2000)])
def test_tiny_and_blank_pages_are_empty_pages(size, monkeypatch):
    fake_tesseract(monkeypatch, lambda *a, **k: pytest.fail("Tesseract called"))
    page = ocr_page(Image.new("RGB", size, "white"), 4)
    assert page.method == OCR and page.text == "" and page.errors == () and not page.needs_ocr


def _fake_tesseract(monkeypatch, seen: list):
    def fake(image, **k):
        seen.append(image)
        return fake_data(letters("กขค", 10, 10, 1))

    fake_tesseract(monkeypatch, fake)


def _ink_image(mode: str) -> Image.Image:
    base = text_image(LINES[:1], width=1200)
    if mode == "RGBA":  # black text on a transparent background: must not become all black
        im = Image.new("RGBA", base.size, (0, 0, 0, 0))
        im.putalpha(Image.eval(base, lambda v: 255 - v))
        return im
    if mode == "I;16":
        return Image.eval(base, lambda v: v).convert("I").point(lambda v: v * 256).convert("I;16")
    if mode == "P":
        return base.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)
    return base.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "CMYK", "P", "I;16", "1", "RGB"])
def test_every_image_mode_becomes_grey(mode, monkeypatch):
    seen: list = []
    _fake_tesseract(monkeypatch, seen)
    page = ocr_page(_ink_image(mode), 1, OcrSettings(cache_dir="off"))
    assert page.method == OCR and page.text == "กขค"
    (image,) = seen
    assert image.mode == "L"
    lo, hi = image.getextrema()
    assert lo < 100 and hi > 200  # dark text on a light page


def test_huge_page_is_downscaled(monkeypatch):
    seen: list = []
    _fake_tesseract(monkeypatch, seen)
    im = Image.new("L", (3000, 3000), 255)
    ImageDraw.Draw(im).text((100, 100), LINES[0], font=font(96), fill=0)
    page = ocr_page(im, 2, OcrSettings(max_pixels=1_000_000, cache_dir="off"))
    assert page.method == OCR and page.errors == ()
    assert seen[0].width * seen[0].height <= 1_000_000


# ---------------------------------------------------------------- fault doubles


def _raise(exc: BaseException):
    def fake(*a, **k):
        raise exc

    return fake


@pytest.mark.parametrize(
    "fault, words",
    [
        (RuntimeError("Tesseract process timeout"), "timed out"),
        (TimeoutError(), "timed out"),
        (pytesseract.TesseractError(-11, "Segmentation fault"), "Tesseract failed"),
        (RuntimeError("boom"), "Tesseract failed"),
        (OSError("tesseract not found"), "Tesseract failed"),
        (UnicodeDecodeError("utf-8", b"\xff\xfe", 0, 1, "invalid start byte"), "not valid UTF-8"),
    ],
)
def test_tesseract_faults_degrade_the_page(fault, words, monkeypatch):
    fake_tesseract(monkeypatch, _raise(fault))
    page = ocr_page(text_image(LINES[:1]), 7, OcrSettings(cache_dir="off"))
    assert page.method == NONE and page.text == "" and page.needs_ocr
    assert len(page.errors) == 1 and page.errors[0].startswith("page 7: ")
    assert words in page.errors[0]


def test_bad_output_degrades_the_page(monkeypatch):
    broken = fake_data(letters("กข", 0, 0, 1))
    broken["left"].pop()  # columns of different lengths
    fake_tesseract(monkeypatch, lambda *a, **k: broken)
    page = ocr_page(text_image(LINES[:1]), 2, OcrSettings(cache_dir="off"))
    assert page.method == NONE and "malformed" in page.errors[0]
    fake_tesseract(monkeypatch, lambda *a, **k: "not a dict")
    assert ocr_page(text_image(LINES[:1]), 2, OcrSettings(cache_dir="off")).method == NONE


def test_undecodable_characters_are_dropped(monkeypatch):
    data = fake_data([("ก\udcff", 0, 0, 26, 40, 1), ("\ufffd", 40, 0, 26, 40, 1), ("ข", 30, 0, 26, 40, 1)])
    fake_tesseract(monkeypatch, lambda *a, **k: data)
    page = ocr_page(text_image(LINES[:1]), 1, OcrSettings(cache_dir="off"))
    assert page.method == OCR and page.text == "กข"


# ---------------------------------------------------------------- Tesseract in-process


needs_library = pytest.mark.skipif(tesseract_api.InProcessTesseract.get("tha+eng") is None,
                                   reason="libtesseract with tha+eng not loadable")


@needs_library
def test_library_reads_the_same_words_as_the_command():
    im = text_image(LINES[1:], width=1400)
    library = ocr_engine.tesseract_data(im, OcrSettings(), 30)
    command = ocr_engine.tesseract_data(im, OcrSettings(engine=ocr_settings.ENGINE_COMMAND), 30)
    assert library == command
    assert "๒๕" in "".join(library["text"])  # a real reading, not two empty ones


@needs_library
def test_library_timeout_stops_the_page_and_leaves_the_engine_usable():
    engine = tesseract_api.InProcessTesseract.get("tha+eng")
    im = text_image(width=1400)
    with pytest.raises(tesseract_api.EngineTimeout):
        engine.tsv(im, 4, 0.001)
    assert b"\t" in engine.tsv(text_image(LINES[:1], width=1200), 4, 30).split(b"\n")[2]


@pytest.mark.parametrize("fault, words", [
    (tesseract_api.EngineTimeout(), "OCR timed out after 120 s"),
    (tesseract_api.EngineError("Tesseract returned no output"), "Tesseract failed: Tesseract returned no output"),
])
def test_library_faults_degrade_the_page(fault, words, monkeypatch):
    class Broken:
        def tsv(self, *a):
            raise fault

    monkeypatch.setattr(tesseract_api.InProcessTesseract, "get", classmethod(lambda cls, lang: Broken()))
    page = ocr_page(text_image(LINES[:1]), 3, OcrSettings(cache_dir="off"))
    assert page.method == NONE and page.errors == (f"page 3: {words}",)


def test_library_output_that_is_not_utf8_degrades_the_page(monkeypatch):
    class BadBytes:
        def tsv(self, *a):
            return tesseract_api.TSV_HEADER.encode() + b"\n5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t90\t\xff\xfe"

    monkeypatch.setattr(tesseract_api.InProcessTesseract, "get", classmethod(lambda cls, lang: BadBytes()))
    page = ocr_page(text_image(LINES[:1]), 4, OcrSettings(cache_dir="off"))
    assert page.method == NONE and "page 4: OCR output is not valid UTF-8" in page.errors[0]


def test_a_missing_library_falls_back_to_the_command(monkeypatch):
    monkeypatch.setattr(tesseract_api, "_lib", None)  # as if libtesseract were absent
    monkeypatch.setattr(tesseract_api.InProcessTesseract, "_engines", {})
    seen = []
    _fake_tesseract(monkeypatch, seen)
    monkeypatch.setattr(tesseract_api.InProcessTesseract, "get", tesseract_api.InProcessTesseract.__dict__["get"])
    page = ocr_page(text_image(LINES[:1]), 1, OcrSettings(cache_dir="off"))
    assert page.method == OCR and len(seen) == 1


def test_real_timeout_is_a_page_error():
    page = ocr_page(text_image(), 5, OcrSettings(timeout_s=0.001, cache_dir="off"))
    assert page.method == NONE
    assert page.errors == ("page 5: OCR timed out after 0.001 s",)


# ---------------------------------------------------------------- the Thai-digit hook


def test_number_repair_hook_gets_words_and_image(monkeypatch):
    fake_tesseract(monkeypatch,
                        lambda *a, **k: fake_data(letters("คะแนน", 0, 0, 1) + [("๒๕๒๕", 180, 0, 100, 40, 1)]))
    calls = []

    def repair(image, words):
        calls.append((image.mode, len(words)))
        assert all(isinstance(w, OcrWord) for w in words)
        return [dataclasses.replace(w, text="๒๕๖๗") if w.text == "๒๕๒๕" else w for w in words]

    monkeypatch.setattr(ocr_reader, "repair_numbers", repair)
    page = ocr_page(text_image(LINES[:1]), 1, OcrSettings(cache_dir="off"))
    assert page.text == "คะแนน ๒๕๖๗" and calls == [("L", 6)]

    monkeypatch.setattr(ocr_reader, "repair_numbers", _raise(ValueError("model missing")))
    page = ocr_page(text_image(LINES[:1]), 1, OcrSettings(cache_dir="off"))
    assert page.method == OCR and page.text == "คะแนน ๒๕๒๕"
    assert page.errors == ("page 1: number repair failed: ValueError: model missing",)


# ---------------------------------------------------------------- files and ingest


def _scanned_pdf(path: Path, pages: list[Image.Image], dpi: int = 200) -> None:
    pages[0].save(path, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)


def test_render_page_and_native_resolution(tmp_path):
    from pipeline.pages import ReadError
    from pipeline.readers.pdf_images import render_page, scan_dpi

    pdf = tmp_path / "scan.pdf"
    _scanned_pdf(pdf, [Image.new("L", (1654, 2339), 255), Image.new("L", (827, 1170), 255)])
    assert scan_dpi(str(pdf), 1) == 200 and scan_dpi(str(pdf), 2) == 200
    low = tmp_path / "low.pdf"
    _scanned_pdf(low, [Image.new("L", (827, 1170), 255)], dpi=100)
    assert scan_dpi(low.read_bytes(), 1) == 150  # 100 dpi, raised to the floor
    im = render_page(pdf.read_bytes(), 1, 100)
    assert im.mode == "L" and abs(im.width - 827) <= 1
    capped = render_page(str(pdf), 1, 300, max_pixels=100_000)  # a poster-sized page
    assert capped.width * capped.height <= 100_000
    with pytest.raises(ReadError, match="page 3"):
        render_page(str(pdf), 3, 100)


def test_page_for_ocr_reads_a_grey_scan_as_stored(tmp_path):
    """A grey scan is its stored pixels (no rendering pass); a bilevel scan, a page
    drawn at another resolution, a poster-sized one or native_dpi off are rendered."""
    import pypdfium2 as pdfium

    from pipeline.pages import ReadError
    from pipeline.readers.pdf_images import _stored_grey_scan, page_for_ocr, render_page
    from samples.render_images import image_pdf

    rng = np.random.default_rng(5)
    ink = rng.integers(0, 256, (1754, 1241), dtype=np.uint8)  # A4 at 150 dpi; every pixel matters
    grey = Image.fromarray(ink, "L")
    bilevel = grey.point(lambda v: 255 * (v > 128)).convert("1")
    pdf = tmp_path / "scan.pdf"  # as a scanner writes it: one image over the A4 page
    image_pdf([grey, bilevel], "scan", pdf)
    doc = pdfium.PdfDocument(str(pdf))
    assert np.array_equal(np.asarray(_stored_grey_scan(doc[0], 150, None)), ink)
    assert _stored_grey_scan(doc[0], 200, None) is None  # rendering would scale it
    assert _stored_grey_scan(doc[0], 150, max_pixels=100_000) is None
    assert _stored_grey_scan(doc[1], 150, None) is None  # 1-bit: pdfium smooths its edges
    doc.close()
    assert np.array_equal(np.asarray(page_for_ocr(str(pdf), 1, 300)), ink)
    got = page_for_ocr(str(pdf), 2, 300)
    assert got.mode == "L" and np.array_equal(np.asarray(got), np.asarray(render_page(str(pdf), 2, 150)))
    got = page_for_ocr(str(pdf), 1, 100, native_dpi=False)
    assert np.array_equal(np.asarray(got), np.asarray(render_page(str(pdf), 1, 100)))

    blank = tmp_path / "blank.pdf"
    empty = pdfium.PdfDocument.new()
    empty.new_page(595, 842)
    empty.save(str(blank))
    assert page_for_ocr(str(blank), 1, 300) is None
    with pytest.raises(ReadError, match="page 3"):
        page_for_ocr(str(pdf), 3, 300)


def test_ocr_file_page_reports_unrenderable_pages(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    page = ocr_reader.ocr_file_page(str(bad), "image/png", 1)
    assert page.method == NONE and page.errors[0].startswith("page 1: ")
    page = ocr_reader.ocr_file_page(str(tmp_path / "missing.pdf"), "application/pdf", 2)
    assert page.method == NONE and page.errors[0].startswith("page 2: ")


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_ocrs_scans_and_images(tmp_path, monkeypatch):
    """A scanned PDF (one page of text, one blank) and a two-page TIFF are OCR'd in the
    worker pool; replayed from the cache on a second database."""
    from pipeline.ingest import ingest

    d = tmp_path / "in"
    d.mkdir()
    _scanned_pdf(d / "scan.pdf", [text_image(LINES[:2]), Image.new("L", (1400, 300), 255)])
    frames = [text_image(LINES[2:]).convert("RGB"), text_image(LINES[:1]).convert("RGB")]
    frames[0].save(d / "pages.tiff", save_all=True, append_images=frames[1:])
    db = tmp_path / "ita.duckdb"
    summary = ingest([str(d)], str(db), jobs=2, out=io.StringIO())
    assert (summary.ok, summary.partial, summary.failed) == (2, 0, 0)
    pages = _rows(db, "SELECT f.path, p.page_no, p.method, p.text, p.ocr_confidence FROM pages p "
                      "JOIN files f USING (file_id) ORDER BY 1, 2")
    by = {(Path(p).name, n): (m, t, c) for p, n, m, t, c in pages}
    assert by[("scan.pdf", 1)][0] == "ocr" and cer("\n".join(LINES[:2]), by[("scan.pdf", 1)][1]) < 0.15
    assert by[("scan.pdf", 2)][:2] == ("ocr", "")
    assert cer(LINES[2], by[("pages.tiff", 1)][1]) < 0.15 and cer(LINES[0], by[("pages.tiff", 2)][1]) < 0.15
    assert _rows(db, "SELECT count(*) FROM flags WHERE kind = 'ocr_required'") == [(0,)]

    # a new database: every page comes from the OCR cache, Tesseract is not run
    def no_tesseract(*a, **k):
        raise AssertionError("Tesseract called")

    fake_tesseract(monkeypatch, no_tesseract)
    db2 = tmp_path / "again.duckdb"
    summary = ingest([str(d)], str(db2), jobs=1, out=io.StringIO())
    assert (summary.ok, summary.partial) == (2, 0)
    assert _rows(db2, "SELECT page_no, text FROM pages ORDER BY file_id, page_no") == \
        _rows(db, "SELECT page_no, text FROM pages ORDER BY file_id, page_no")


def test_a_crash_in_the_tesseract_library_costs_no_page(tmp_path, ocr_cache):
    """Tesseract dying inside a worker (here: abort() in place of the library call, in
    every process, through sitecustomize) breaks the pool; the file is read again in
    a fresh process with the `tesseract` command and loads whole."""
    from conftest import ita_command

    d = tmp_path / "in"
    d.mkdir()
    _scanned_pdf(d / "scan.pdf", [text_image(LINES[:1]), text_image(LINES[2:])])
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os\n"
        "from pipeline.ocr import tesseract_api\n"
        "tesseract_api.InProcessTesseract.tsv = lambda *a, **k: os.abort()\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hook), str(Path(__file__).parents[1])]))
    db = tmp_path / "ita.duckdb"
    run = subprocess.run(ita_command() + ["ingest", str(d), "--db", str(db), "--jobs", "2"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = _rows(db, "SELECT f.status, p.page_no, p.method, p.text FROM pages p JOIN files f USING (file_id) "
                     "ORDER BY p.page_no")
    assert [r[:3] for r in rows] == [("ok", 1, "ocr"), ("ok", 2, "ocr")]
    assert cer(LINES[0], rows[0][3]) < 0.15 and cer(LINES[2], rows[1][3]) < 0.15


def test_ingest_failed_ocr_makes_the_file_partial_and_the_run_goes_on(tmp_path, monkeypatch):
    from pipeline.ingest import ingest

    d = tmp_path / "in"
    d.mkdir()
    text_image(LINES[:1]).save(d / "page.png")
    (d / "memo.txt").write_text("\n".join(LINES), encoding="utf-8")
    fake_tesseract(monkeypatch, _raise(RuntimeError("Tesseract process timeout")))
    db = tmp_path / "ita.duckdb"
    summary = ingest([str(d)], str(db), jobs=1, out=io.StringIO())  # in-process: the fake holds
    assert (summary.ok, summary.partial, summary.failed) == (1, 1, 0)
    (row,) = _rows(db, "SELECT status, error FROM files WHERE path LIKE '%page.png'")
    assert row[0] == "partial" and "page 1: OCR timed out" in row[1]
    assert _rows(db, "SELECT method, needs_ocr FROM pages p JOIN files f USING (file_id) "
                     "WHERE f.path LIKE '%page.png'") == [("none", True)]
    assert _rows(db, "SELECT count(*) FROM flags WHERE kind = 'ocr_required'") == [(1,)]


def test_cli_ocr_flags(tmp_path):
    from pipeline.cli import main

    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--ocr-timeout", "0"]) == 1
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--dpi", "5"]) == 1


# ---------------------------------------------------------------- slow: a full generated page


@pytest.mark.slow
def test_full_generated_scan_page_cer(tmp_path):
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "samples.generate", "--out", str(tmp_path), "--n", "1", "--seed", "3",
         "--kinds", "scan300"],
        cwd=root, check=True, capture_output=True,
    )
    truth = json.loads(next(tmp_path.glob("*.truth.json")).read_text(encoding="utf-8"))
    page_text = {p["page"]: p["text"] for p in truth["page_text"]}
    page = ocr_reader.ocr_file_page(str(next(tmp_path.glob("*.scan300.pdf"))), "application/pdf", 1,
                             OcrSettings(cache_dir="off"))
    assert page.method == OCR
    assert cer(page_text[1], page.text) < 0.15


def test_a_middling_text_layer_is_kept_when_ocr_reads_no_better():
    from dataclasses import replace

    from pipeline.stages import merge_ocr
    from pipeline.pages import (
        LAYER_NO_WORSE, LAYER_POOR, OCR, OCR_BETTER, PDF_TEXT, SCAN, PageResult,
    )

    layer = PageResult(4, PDF_TEXT, "O25\tข้อมูลตามแบบตรวจ OIT ข้อ 25", quality=0.79, needs_ocr=True,
                       errors=("page 4: text layer quality 0.79 < 0.8",), method_reason=LAYER_POOR,
                       layer_quality=0.79, layer_repairs=2)
    worse = PageResult(4, OCR, "25\tข้อมูลตามแบบตรวจ CIT ข้อ 25", quality=0.75)
    better = PageResult(4, OCR, "O25\tข้อมูลตามแบบตรวจ OIT ข้อ 25", quality=0.95)
    assert merge_ocr([layer], {4: worse}) == [PageResult(
        4, PDF_TEXT, layer.text, quality=0.79, method_reason=LAYER_NO_WORSE, layer_quality=0.79,
        layer_repairs=2)]
    # OCR's text, with the layer's score beside OCR's: which was used and why
    assert merge_ocr([layer], {4: better}) == [
        replace(better, method_reason=OCR_BETTER, layer_quality=0.79, layer_repairs=2)]
    stamp = PageResult(1, PDF_TEXT, "- 1 -", quality=1.0, needs_ocr=True, method_reason=SCAN)
    full = PageResult(1, OCR, "บันทึกข้อความ ส่วนราชการ องค์การบริหารส่วนตำบลดอน", quality=0.9)
    assert merge_ocr([stamp], {1: full}) == [replace(full, method_reason=SCAN)]


def test_run_segments_match_a_plain_scan_of_every_row():
    """The row pre-filter (only rows where a long run is possible) loses no run: every
    run of a plain left-to-right scan of each row, on random masks of every density."""
    import numpy as np

    def plain(dark, n, n_max):
        out = []
        for y, row in enumerate(dark):
            x = 0
            while x < len(row):
                if row[x]:
                    s = x
                    while x < len(row) and row[x]:
                        x += 1
                    if x - s >= n and (n_max is None or x - s <= n_max):
                        out.append((y, s, x))
                else:
                    x += 1
        return out

    rng = np.random.default_rng(7)
    for _ in range(200):
        dark = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 50)))) < rng.random()
        for n in (1, 2, 3, 4, 7, 12):
            for n_max in (None, n + 4):
                assert ocr_tables._run_segments(dark, n, n_max) == plain(dark, n, n_max)


def test_pages_to_ocr_are_weighed_by_their_scanned_ink(tmp_path):
    """The pool starts the heaviest page first: a page of dense text weighs more than a
    page of one line (the scan's stored bytes); image files weigh their bytes a frame."""
    from pipeline import discover
    from pipeline.stages import FileTask, read_file

    pdf = tmp_path / "scan.pdf"
    _scanned_pdf(pdf, [text_image(LINES[:1]), text_image(LINES * 4)])
    file_id, media_type = discover.hash_and_sniff(str(pdf))
    pages, _, todo = read_file(FileTask(str(pdf), file_id, media_type, pdf.stat().st_size))
    assert set(todo) == {1, 2} and todo[2] > todo[1] > 1
    tiff = tmp_path / "pages.tiff"
    frames = [text_image(LINES[:1]).convert("RGB"), text_image(LINES[1:2]).convert("RGB")]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    file_id, media_type = discover.hash_and_sniff(str(tiff))
    _, _, todo = read_file(FileTask(str(tiff), file_id, media_type, tiff.stat().st_size))
    assert todo == {1: tiff.stat().st_size / 2, 2: tiff.stat().st_size / 2}
