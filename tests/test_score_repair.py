"""OCR repairs where the layout says "score" (issue 17, item 5): the strings Tesseract
left on noisy 200-dpi scans of reports laid out by another engine, what is repaired,
and what is flagged instead of guessed."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from normalizers.numbers import repair_score, repair_score_text
from pipeline.ocr import digits as ocr_digits
from pipeline.ocr import runs as ocr_runs
from pipeline.extract.context import DocContext
from pipeline.extract.scores import extract_scores
from pipeline.pages import OCR, PageResult
from pipeline.segment import split_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_ocr_digits import FONT, draw_texts, needs_fonts, one_word, per_letter_words  # noqa: E402


@pytest.mark.parametrize("read, score", [
    ("๗๙..๔๔", "๗๙.๔๔"),  # the point doubled
    ("๗๙.,๔๔", "๗๙.๔๔"),
    ("๑๐.๐.๐๐", "๑๐๐.๐๐"),  # a point inserted between the zeros of ๑๐๐.๐๐
    ("๙๒ ๘๒.", "๙๒.๘๒"),  # the point slipped behind the space
    ("๙๒ .๘๒", "๙๒.๘๒"),
    ("๙๒. ๘๒", "๙๒.๘๒"),
    ("79..44", "79.44"),
    ("8,9.69", "89.69"),  # a speck between the digits read as a comma (a CSS-grid print's scan)
    ("๘,๙.๖๙", "๘๙.๖๙"),
])
def test_a_garbled_score_with_one_reading_is_repaired(read, score):
    assert repair_score(read) == score


@pytest.mark.parametrize("read", [
    "๙๒ ๘๒",  # no point at all: one score or two?
    "๑.๑๐.๖๖",  # a date (1 Oct 66), not a score
    "๑๒๓..๔๕",  # 123.45 is no score
    "๕๐๐ ๐๐.",
    "๗๙.๔๔",  # already right: nothing to repair
    "cools", "ea. alo",  # letters: only the image can tell (the digit step)
    "๗๙..๔4",  # two scripts
    "1,234.56",  # a thousands group
    "",
])
def test_what_could_be_read_two_ways_is_left_alone(read):
    assert repair_score(read) is None


def test_repairs_only_where_the_layout_says_score():
    text = "\n".join([
        "ได้รับผลการประเมิน ITA ๗๙..๔๔ คะแนน อยู่ในระดับ B",
        "๑. การปฏิบัติหน้าที่\t๑๐.๐.๐๐\t๙๒ ๘๒. คะแนน",
        "ได้คะแนน ๙๒ ๘๒.",
        "ตามหนังสือ ข้อ ๙๒ ๘๒. ลงวันที่ ๑.๑๐.๖๖",  # no score cue: left as read
        "๑.๒.๓\tระยะเวลา ๑.๑๐.๖๖",  # a section number and a date
    ])
    assert repair_score_text(text).split("\n") == [
        "ได้รับผลการประเมิน ITA ๗๙.๔๔ คะแนน อยู่ในระดับ B",
        "๑. การปฏิบัติหน้าที่\t๑๐๐.๐๐\t๙๒.๘๒ คะแนน",
        "ได้คะแนน ๙๒.๘๒",
        "ตามหนังสือ ข้อ ๙๒ ๘๒. ลงวันที่ ๑.๑๐.๖๖",
        "๑.๒.๓\tระยะเวลา ๑.๑๐.๖๖",
    ]


def test_a_score_whose_cue_ocr_spaced_apart_is_repaired():
    # Word's distributed justification on a 300-dpi scan: the cue's letters spaced apart
    # and a space after the point ("ได้รับค ะแนน ๗๓. ๙๗ คะแนน" for 73.97)
    text = "\n".join([
        "๓. การ ปฏิบัติหน้าที่ ได้รับค ะแนน ๗๓. ๙๗ คะแนน",
        "ได้รับคะแนน ๗๓. ๙๗ ค ะแนน",
        "ได้รับค ะแนน ๗๓. ๙๗ คน",  # no score's unit after it: left as read
        "ข้อ ๗๓. ๙๗ คะแนน",  # no score cue before it
    ])
    assert repair_score_text(text).split("\n") == [
        "๓. การ ปฏิบัติหน้าที่ ได้รับค ะแนน ๗๓.๙๗ คะแนน",
        "ได้รับคะแนน ๗๓.๙๗ ค ะแนน",
        "ได้รับค ะแนน ๗๓. ๙๗ คน",
        "ข้อ ๗๓. ๙๗ คะแนน",
    ]


def _scores(*lines: str, fy: int = 2567):
    (doc,) = split_documents([PageResult(3, OCR, "\n".join(lines),
                                         line_boxes=tuple((0.1, 0.1 * i, 0.9, 0.1 * i + 0.05)
                                                          for i in range(len(lines))))])
    return extract_scores(DocContext(doc, "f" * 64, "r-0", fy))


def test_a_score_left_unreadable_is_flagged_with_page_and_box_never_guessed():
    got = _scores(
        "ผลการประเมินตามตัวชี้วัด",
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ได้คะแนน cools คะแนน",
        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ ได้คะแนน ea. alo คะแนน",
        "ตัวชี้วัดที่ ๓ การใช้อำนาจ ได้คะแนน ๙๒ ๘๒ คะแนน",  # 92 or 82 or 92.82: not stored
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ ได้คะแนน ๘๕.๒๐ คะแนน",
    )
    assert {(r.indicator, r.score) for r in got.indicator_scores} == {(4, 85.2)}
    errors = [f for f in got.flags if f.kind == "parse_error"]
    assert sorted(e.message.split("'")[1] for e in errors) == ["cools", "ea. alo", "๙๒ ๘๒"]
    assert {e.page for e in errors} == {3}
    assert sorted(round(e.bbox[1], 2) for e in errors) == [0.1, 0.2, 0.3]  # the lines the scores stand on


def test_a_good_score_in_prose_raises_no_flag():
    got = _scores("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ได้คะแนน ๙๒.๘๒ คะแนน",
                  "ITA and OIT are the tools of the assessment")
    assert [(r.indicator, r.score) for r in got.indicator_scores] == [(1, 92.82)]
    assert got.flags == ()


# --- the image: Latin letters over a score are read again by the digit model ----------

def _scan_200(img: Image.Image, seed: int) -> Image.Image:
    """The damage of samples/render_images (a tired office scanner at 200 dpi), JPEG q60."""
    from samples.render_images import damage

    img = damage(img.convert("L"), np.random.default_rng(seed))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


@needs_fonts
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_latin_letters_after_a_score_cue_are_read_from_the_image(seed):
    """'cools' for ๙๗.๗๘ after ได้คะแนน (15 pt at 200 dpi ≈ 42 px): the words were not a
    run of the digit step (no digit, no table cell), so the letters stayed."""
    size = 42
    img, boxes = draw_texts([("ได้คะแนน", 40), ("๙๗.๗๘", 40 + 5 * size), ("คะแนน", 40 + 8 * size)],
                            14 * size, size)
    words = (per_letter_words("ได้คะแนน", boxes[0]) + [one_word("cools", boxes[1], word=20)]
             + per_letter_words("คะแนน", boxes[2], start=30))
    fixed = ocr_digits.repair_numbers(_scan_200(img, seed), words)
    assert fixed[len("ได้คะแนน")].text == "๙๗.๗๘"
    assert "".join(w.text for w in fixed[len("ได้คะแนน") + 1:]) == "คะแนน"


@needs_fonts
@pytest.mark.parametrize("seed", [100, 101, 102])
def test_two_latin_words_before_the_unit_are_one_score(seed):
    """'ea. alo' for ๙๓.๗๑ between ITA and คะแนน."""
    size = 42
    img, boxes = draw_texts([("ITA", 40), ("๙๓.๗๑", 40 + 3 * size), ("คะแนน", 40 + 7 * size)],
                            14 * size, size)
    x0, y0, x1, y1 = boxes[1]
    mid = (x0 + x1) // 2
    words = ([one_word("ITA", boxes[0])]
             + [one_word("ea.", (x0, y0, mid, y1), word=2), one_word("alo", (mid + 1, y0, x1, y1), word=3)]
             + per_letter_words("คะแนน", boxes[2], start=4))
    fixed = ocr_digits.repair_numbers(_scan_200(img, seed), words)
    assert fixed[1].text + fixed[2].text == "๙๓.๗๑"
    assert fixed[0].text == "ITA"


def test_latin_words_in_prose_without_a_score_cue_are_not_runs():
    def row(texts_lefts):
        return [one_word(t, (x, 0, x + 20 * len(t), 20), word=k) for k, (t, x) in enumerate(texts_lefts)]

    prose = row([("ITA", 0), ("and", 70), ("the", 140), ("OIT", 210)])
    assert ocr_runs.find_runs(prose) == []
    cued = row([(ch, 20 * k) for k, ch in enumerate("ได้คะแนน")] + [("cools", 200)])
    assert [[cued[i].text for i in r] for r in ocr_runs.find_runs(cued)] == [["cools"]]


@needs_fonts
def test_a_speck_beside_the_point_never_gives_a_wrong_score():
    """Dust right after the decimal point of ๗๙.๔๔ (the escape this repair is for: the
    digit model reads the speck as a second point, "๗๙..๔๔", or loses the point,
    "๗๙ ๔๔"). Over specks of several sizes and places, what extraction stores is
    79.44 or nothing, and nothing comes with a parse_error: never 79, 44 or 7944."""
    from PIL import ImageDraw

    from test_ocr_digits import glyph_boxes

    size = 42
    stored = set()
    for dx in range(0, 12, 2):
        for r in (2, 3, 4):
            img, boxes = draw_texts([("ได้คะแนน", 40), ("๗๙.๔๔", 40 + 5 * size), ("คะแนน", 40 + 9 * size)],
                                    15 * size, size)
            _, py0, px1, py1 = glyph_boxes("๗๙.๔๔", 40 + 5 * size, size)[2]  # the point
            cx, cy = px1 + dx, (py0 + py1) // 2
            ImageDraw.Draw(img).ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=0)
            words = (per_letter_words("ได้คะแนน", boxes[0]) + [one_word("๗๙..๔๔", boxes[1], word=20)]
                     + per_letter_words("คะแนน", boxes[2], start=30))
            fixed = ocr_digits.repair_numbers(img, words)
            read = " ".join(w.text for w in fixed[len("ได้คะแนน"):-len("คะแนน")] if w.text)
            line = repair_score_text(f"ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ได้คะแนน {read} คะแนน")
            got = _scores(line)
            scores = {r.score for r in got.indicator_scores}
            assert scores <= {79.44}, (dx, r, read)
            assert scores or any(f.kind == "parse_error" for f in got.flags), (dx, r, read)
            stored |= scores
    assert stored == {79.44}


def test_an_overall_score_whose_point_ocr_lost_is_not_taken():
    """"ITA ๙๒ ๘๒ คะแนน" (๙๒.๘๒ with the point lost): neither 92 nor 82 is the overall."""
    from pipeline.extract.headline import find_overall

    (doc,) = split_documents([PageResult(1, OCR, "ได้รับผลการประเมิน ITA ๙๒ ๘๒ คะแนน อยู่ในระดับ A")])
    assert find_overall(doc, 2567) is None
    (doc,) = split_documents([PageResult(1, OCR, repair_score_text(
        "ได้รับผลการประเมิน ITA ๙๒ ๘๒. คะแนน อยู่ในระดับ A"))])
    assert find_overall(doc, 2567)[0] == 92.82
