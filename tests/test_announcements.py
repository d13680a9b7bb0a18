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
