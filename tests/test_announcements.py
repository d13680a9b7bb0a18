"""samples/announcements.py: the truth it writes is what its text says."""

from __future__ import annotations

import random

from samples import thaifmt as tf
from samples.announcements import build_announcement, level_of
from samples.render_text import plain_page
from samples.layout import paginate


def _text(rep) -> str:
    return tf.to_arabic("\n".join(plain_page(p) for p in paginate(rep.blocks)))


def test_every_truth_value_is_printed_and_the_distractors_are_there():
    seen = set()
    for k in range(40):
        rep = build_announcement(random.Random(f"t:{k}"))
        text, r = _text(rep), rep.report
        assert f"{r['overall_score']:.2f}" in text and str(r["fiscal_year"]) in text
        assert r["level"] and r["level"] in text
        for y in rep.extra["year_results"]:
            assert f"{y['overall_score']:.2f}" in text
        for rank in rep.extra["ranks"]:
            assert f"{rank['rank']:,}" in text
        assert "หน้า 1/1" in text  # the page counter
        seen.update(rep.extra["distractors"])
    assert seen >= {"national_average", "other_agency", "counter", "list_markers", "difference",
                    "quoted_years", "page_counter"}


def test_pre_2562_levels_follow_the_five_band_scale():
    assert [level_of(s, 2560) for s in (85.0, 79.99, 40.0, 19.5)] == ["สูงมาก", "สูง", "ปานกลาง", "ต่ำมาก"]


def test_the_lines_that_go_on_from_the_result_stay_under_it_unindented():
    """A rank or level line names no subject: it goes on from the result, so it follows
    it with no first-line indent; a paragraph of its own (a quoted year, a distractor)
    starts with one. Otherwise a rank line under a quoted year's sentence would belong,
    as Thai prose, to that year, while the truth says the report's own."""
    from samples.layout import Para

    checked = 0
    for k in range(40):
        rep = build_announcement(random.Random(f"t:{k}"))
        paras = [b for b in rep.blocks if isinstance(b, Para) and b.style == "body" and b.align == "L"]
        texts = [p.text for p in paras]
        result = next(i for i, t in enumerate(texts) if f"{rep.report['overall_score']:.2f}" in tf.to_arabic(t))
        assert paras[result].first_indent > 0
        for rank in rep.extra["ranks"]:
            at = next(i for i, t in enumerate(texts)
                      if f"{rank['rank']:,}" in tf.to_arabic(t) and ("อันดับ" in t or "ลำดับ" in t))
            assert paras[at].first_indent == 0
            assert all(p.first_indent == 0 for p in paras[result + 1: at + 1])  # nothing between
            checked += 1
    assert checked >= 10


def test_a_first_line_indent_is_drawn_in_the_pdf():
    from samples.layout import Para, make_pdf
    from samples.render_pdf import _para
    import pypdfium2 as pdfium

    text = "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ แล้ว นั้น"
    lefts = []
    for indent in (0.0, 15.0):
        pdf = make_pdf()
        pdf.add_page()
        _para(pdf, Para(text, first_indent=indent))
        _para(pdf, Para(text))
        page = pdfium.PdfDocument(bytes(pdf.output()))[0]
        tp = page.get_textpage()
        boxes = [tp.get_charbox(i) for i in range(tp.count_chars()) if not tp.get_text_range(i, 1).isspace()]
        lefts.append(min(b[0] for b in boxes[:5]))
    moved_mm = (lefts[1] - lefts[0]) * 25.4 / 72  # PDF points to mm
    assert 14.0 < moved_mm < 16.0
