"""The ITA catalog (schemas/ita_catalog.json) loads, is internally consistent, and
still says what the team reference (../shared/ita) says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import build_catalog
from schemas.catalog import TOOLS, load_catalog

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "ita" / "ita_framework.json"
MUST_LOAD = range(2563, 2569)


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.is_file():
        pytest.skip("../shared/ita reference not available")
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fy", MUST_LOAD)
def test_year_loads_with_ten_indicators(cat, fy):
    yc = cat.year(fy)
    assert yc is not None
    assert [ind.number for ind in yc.indicators] == list(range(1, 11))
    assert all(ind.tool == cat.tool_of(ind.number) for ind in yc.indicators)


def test_unknown_year_is_none(cat):
    assert cat.year(2540) is None
    assert cat.indicator_name(4, 2567) == "การใช้ทรัพย์สินของราชการ"
    assert cat.tool_of(8) == "EIT" and cat.tool_of(11) is None


def test_2562_is_recorded_unknown_not_guessed(cat):
    yc = cat.year(2562)
    assert yc.indicators == () and yc.oit_items == () and yc.levels is None and yc.weights is None
    assert yc.oit_list_status == "unknown"
    assert cat.level_for(90, 2562) is None


@pytest.mark.parametrize("fy", MUST_LOAD)
def test_weights_sum_to_one_and_cover_all_indicators(cat, fy):
    w = cat.year(fy).weights
    assert w is not None and w.confidence
    assert w.IIT + w.EIT + w.OIT == pytest.approx(1.0)
    assert sorted(n for tool in TOOLS for n in w.tool_indicators[tool]) == list(range(1, 11))


@pytest.mark.parametrize("fy", MUST_LOAD)
def test_level_bands_ordered_and_within_0_100(cat, fy):
    scale = cat.year(fy).levels
    assert scale is not None and scale.confidence and scale.source
    mins = [b.min for b in scale.bands]
    assert mins == sorted(mins, reverse=True)
    for band in scale.bands:
        assert 0.0 <= band.min <= band.max <= 100.0
    # the bands cover 0..100 from the bottom
    assert min(mins) == 0.0 and max(b.max for b in scale.bands) == 100.0


def test_every_fact_has_confidence(cat):
    for yc in cat.years.values():
        for ind in yc.indicators:
            assert ind.confidence and ind.source and ind.tool_confidence
            for sub in ind.sub_indicators:
                assert sub.confidence and sub.source
        for item in (*yc.oit_items, *yc.iit_items):
            assert item.confidence and item.source
        if yc.levels:
            assert all(b.confidence for b in yc.levels.bands)
    assert "G" not in {ind.confidence for yc in cat.years.values() for ind in yc.indicators}


@pytest.mark.parametrize(
    "score, fy, tools, expected",
    [
        (95.21, 2564, None, "AA"),  # md §6 sample
        (86.17, 2565, None, "A"),
        (49.99, 2563, None, "F"),
        (94.30, 2566, None, "ผ่าน"),  # seed 001 (2566): 94.30 ผ่าน
        (95.81, 2566, None, "ผ่านดี"),  # thaipbs2566
        (80.00, 2566, None, None),  # label below 85 unknown in 2566
        (93.71, 2567, {"IIT": 90.446, "EIT": 88.58, "OIT": 100.0}, "ผ่านดี"),  # seed 000 (2567)
        (93.71, 2567, None, None),  # needs tool scores to tell ผ่าน / ผ่านดี apart
        (90.00, 2568, {"IIT": 80.0, "EIT": 95.0, "OIT": 95.0}, "ผ่าน"),
        (97.00, 2568, {"IIT": 96.0, "EIT": 96.0, "OIT": 99.0}, "ผ่านดีเยี่ยม"),
        (75.00, 2567, None, "ต้องปรับปรุง"),
        (40.00, 2567, None, "ต้องปรับปรุงโดยด่วน"),
        (101.0, 2567, None, None),
    ],
)
def test_level_for(cat, score, fy, tools, expected):
    assert cat.level_for(score, fy, tools) == expected


def test_level_labels(cat):
    assert cat.level_labels(2564) == ("AA", "A", "B", "C", "D", "E", "F")
    assert cat.level_labels(2566) == ("ผ่านดี", "ผ่าน")
    assert cat.level_labels(2567)[0] == "ผ่านดีเยี่ยม"
    assert cat.level_labels(2562) == ()


# --- agreement with the reference ---------------------------------------------------


@pytest.mark.parametrize("fy", range(2562, 2569))
def test_indicators_match_reference(cat, reference, fy):
    ref = reference[str(fy)]
    ours = cat.year(fy)
    assert [(i["number"], i["name_th"], i["tool"]) for i in ref["indicators"]] == [
        (i.number, i.name_th, i.tool) for i in ours.indicators
    ]
    for ref_ind, ind in zip(ref["indicators"], ours.indicators):
        assert [(s["code"], s["name_th"]) for s in ref_ind["sub_indicators"]] == [
            (s.code, s.name_th) for s in ind.sub_indicators
        ]


@pytest.mark.parametrize("fy", range(2562, 2569))
def test_items_match_reference(cat, reference, fy):
    ref = reference[str(fy)]["items"]
    ours = cat.year(fy)
    ref_oit = {(i["code"], i["name_th"], i.get("sub_indicator")) for i in ref["oit"]}
    assert ref_oit == {(i.code, i.name_th, i.sub_indicator) for i in ours.oit_items}
    assert [(i["code"].upper(), i.get("text_th"), i.get("indicator")) for i in ref["iit"]] == [
        (i.code, i.text_th, i.indicator) for i in ours.iit_items
    ]
    assert ours.eit_items == ()  # the reference has only [G] memory for EIT items


@pytest.mark.parametrize("fy", range(2562, 2569))
def test_weights_and_levels_match_reference(cat, reference, fy):
    ref = reference[str(fy)]
    ours = cat.year(fy)
    if ref["weights"] is None:
        assert ours.weights is None
    else:
        assert (ours.weights.IIT, ours.weights.EIT, ours.weights.OIT) == (
            ref["weights"]["IIT"], ref["weights"]["EIT"], ref["weights"]["OIT"])
    ref_levels = [(b["label"], b["min"], b["max"], b.get("requires_each_tool_min")) for b in ref["levels"]]
    ours_levels = [(b.label, b.min, b.max, b.requires_each_tool_min) for b in ours.levels.bands] if ours.levels else []
    assert ref_levels == ours_levels


def test_catalog_file_is_what_the_builder_writes(reference):
    """The committed JSON is reproducible from the reference (run `make catalog` if not)."""
    built = build_catalog.render(build_catalog.build(REFERENCE.parent))
    assert built == build_catalog.DEFAULT_OUT.read_text(encoding="utf-8")
