"""normalizers.indicators: indicator names, question codes and OIT items.

The acceptance numbers are measured on tests/data/matcher_cases.jsonl (real strings
from the seed reports + seeded synthetic OCR corruptions + unmatchable names); quote
them with `python -m normalizers.indicators --eval tests/data/matcher_cases.jsonl`.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.indicators import (
    DATA_PATH,
    evaluate,
    match_indicator,
    match_oit_item,
    match_question_code,
    skeleton,
    thai_key,
)
from schemas.catalog import load_catalog

CASES_PATH = Path(__file__).parent / "data" / "matcher_cases.jsonl"


@pytest.fixture(scope="module")
def cases():
    return [json.loads(line) for line in CASES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- acceptance on the labelled cases -------------------------------------------------


def test_case_file_is_big_enough_and_labelled(cases):
    assert len(cases) >= 150
    assert all(c["expect"] in {"match", "none", "hint"} and c["source"] for c in cases)
    assert sum(c["source"].startswith("real:") for c in cases) >= 40
    assert sum(c["expect"] == "none" for c in cases) >= 40


def test_acceptance_numbers(cases):
    stats = evaluate(cases)
    detail = json.dumps(stats["failures"], ensure_ascii=False, indent=1)
    assert stats["confident_wrong"] == 0, detail
    assert stats["unmatchable_not_confident"] == stats["unmatchable"], detail
    assert stats["correct_confident"] >= 0.97 * stats["matchable"], detail
    # 'hint' cases: plausible either way, but a confident answer must be right
    assert not [f for f in stats["failures"] if f["expect"] == "hint"], detail


# --- behaviour the extractor relies on -------------------------------------------------


def test_heading_number_that_disagrees_is_recorded():
    m = match_indicator("ตัวชี้วัดที่ ๓ การใช้ทรัพย์สินของราชการ", 2567)
    assert (m.number, m.confident, m.heading_number, m.heading_kind, m.heading_agrees) == (4, True, 3, "indicator", False)
    assert "heading says 3" in m.reason


def test_rank_number_is_only_a_hint():
    # seed 000 memo: "๑. การเปิดเผยข้อมูล ได้รับคะแนน ๑๐๐.๐๐ คะแนน" – 1 is the rank
    m = match_indicator("๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน", 2567)
    assert (m.number, m.confident, m.heading_kind, m.heading_agrees) == (9, True, "list", False)


@pytest.mark.parametrize(
    "text",
    [
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
        "๔. การใช้ทรัพย์สินของราชการ",
        "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ",
        "การใช้ทรัพย์สินของราชการ ได้รับคะแนน ๘๘.๘๙ คะแนน",
        "ก า ร ใ ช้ ท รั พ ย์ สิ น ข อ ง ร า ช ก า ร",
        "การใช้ทรัพย์สินของราชการ.........",
        "การใช้ทรัพย์สินของราช",
        "การใช้ทรัพยากรัฐบาล",  # seed 002 summary table (FY2566)
    ],
)
def test_indicator_4_forms(text):
    m = match_indicator(text, 2566)
    assert m is not None and m.number == 4 and m.confident, m
    assert m.name == "การใช้ทรัพย์สินของราชการ"


def test_decomposed_sara_am_and_look_alike_letters():
    assert match_indicator("การใช้อ\u0e4d\u0e32นาจ").number == 3  # ํ + า
    m = match_indicator("คุณภาพการดาเนินงาน")  # ำ lost (Tesseract cannot emit it)
    assert m.number == 6 and m.confident
    m = match_indicator("การบฏิบัคิหน้าที")
    assert m.number == 1 and m.confident


def test_text_layer_that_writes_every_sara_aa_as_sara_am():
    # DESIGN §2: some PDF producers extract การ as กำร
    m = match_indicator("กำรใช้ทรัพย์สินของรำชกำร", 2567)
    assert m.number == 4 and m.confident


def test_year_without_catalog_names_still_gets_a_name():
    m = match_indicator("การใช้อำนาจ", 2562)
    assert m.number == 3 and m.name == "การใช้อำนาจ"


def test_aliases_carry_where_they_were_seen():
    m = match_indicator("| 5 | การแก้ไขปัญหาการคุกคาม | 100.00 |", 2566)
    assert m.number == 5 and m.confident and "seed 002" in m.evidence
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    for alias in data["name_aliases"]:
        assert alias["seen"] and 1 <= alias["indicator"] <= 10
    for alias in data["word_aliases"]:
        assert alias["seen"]


def test_word_alias_with_trailing_words():
    # seed 002 measures table: "ตัวชี้วัดที่ 5 การแก้ไขปัญหาภัยคุกคามที่อาจก่อให้เกิด…"
    m = match_indicator("| ตัวชี้วัดที่ 5 การแก้ไขปัญหาภัยคุกคามที่อาจก่อให้เกิดภัยคุกคามทางเศรษฐกิจ | 1.", 2566)
    assert m.number == 5 and m.confident


@pytest.mark.parametrize(
    "text",
    [
        "การใช้บุคลากร",  # seed 002 summary table row 2
        "การปฏิบัติงาน",  # seed 000 summary table row 6
        "การดำเนินการเพื่อป้องกันการทุจริต",  # sub-indicator 10.1 (seed 000 row "๙.")
        "ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "การปรับปรุงถนน",
        "การแก้ไขปัญหาน้ำท่วม",
        "การป้องกันโรค",
        "การ",
        "",
        "😀",
    ],
)
def test_no_evidence_is_never_confident(text):
    m = match_indicator(text, 2567)
    assert m is None or not m.confident


def test_name_follows_the_catalog_for_the_year():
    cat = load_catalog()
    for fy in (2563, 2566, 2567, 2568):
        m = match_indicator("การปรับปรุงการทำงาน", fy)  # variant wording seen in seeds 000/002
        assert m.number == 8 and m.confident and m.name == cat.indicator_name(8, fy)


def test_thai_key_keeps_sara_am_and_drops_spaces_and_digits():
    assert thai_key("ก า ร ใ ช้ อ ํ า น า จ ๑๒ 3.") == "การใช้อำนาจ"
    assert "\u0e33" in thai_key("อำนาจ") and unicodedata.is_normalized("NFC", thai_key("อำนาจ"))
    assert skeleton(thai_key("การใช้อำนาจ")) == skeleton(thai_key("การใซ้อานาจ"))


# --- question codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("E๑", "E1"),
        ("i๑๒", "I12"),
        ("04.2", "O42"),  # O read as 0, dot inserted
        ("039", "O39"),  # seed 002: "ตามที่ขอ 039"
        ("05", "O5"),  # seed 002 OIT table
        ("(อ้างอิงจาก ๐๑๐)", "O10"),  # seed 000 measures
        ("(อ้างอิงจาก ๐๘)", "O8"),
        ("e1", "E1"),
        ("I1", "I1"),
        ("E๔ e๔ ประเด็น", "E4"),  # seed 000: first code of the row
        ("<p>i๑๒ ประเด็น เจ้าหน้าที่", "I12"),  # seed 000 HTML cell
        ("O42 มาตรการส่งเสริมคุณธรรม", "O42"),  # seed 001
        ("o10", "O10"),
        ("  E 13 ", "E13"),
        ("ข้อ O5", "O5"),
        ("2566", None),
        ("100.00", None),
        ("1.", None),
        ("0", None),
        ("O0", None),
        ("E-Service", None),
        ("IIT", None),
        ("01.00", None),
        ("๑๕ ประเด็น", None),  # seed 000: letter lost, cannot tell I15 from E15
        ("I12a", None),
        ("", None),
        ("😀", None),
    ],
)
def test_match_question_code(text, code):
    assert match_question_code(text) == code


# --- OIT items -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fy, code, confident",
    [
        ("โครงการสร้าง", 2564, "O1", True),  # seed 002 garble of โครงสร้าง
        ("ข้อมูลการติดต่อ", 2565, "O5", True),
        ("ข้อมูลการติดต่อ", 2568, "O3", True),  # compact 2568 list
        ("E-Service", 2564, "O17", True),
        ("E-Service", 2566, "O18", True),  # numbering changed in 2566
        ("E-Service", 2568, "O10", True),
        ("| O12 | รายงานการกำกับ ติดตามการดำเนินงาน และการใช้งบประมาณประจำปี รอบ ๖ เดือน |", 2566, "O12", True),
        ("นโยบายการบริหารทรัพยากรบุคคล", 2565, "O25", True),
        ("นโยบายการบริหารทรัพยากรบุคคล", 2566, "O23", True),  # 2566 wording/number
        ("แผนปฏิบัติการป้องกัน การทุจริต", 2566, "O36", True),  # seed 002
        ("แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", 2567, "O19", True),  # one of the two known 2567 items
        ("การขับเคลื่อนจริยธรรม", 2567, "O40", False),  # 2567 list not established
        ("โครงสร้าง", 2562, "O1", False),  # 2562 list unknown
        ("กฎหมายที่เกี่ยวข้อง", 2568, "O6", False),  # 2568 O5–O7 unknown
    ],
)
def test_match_oit_item(name, fy, code, confident):
    m = match_oit_item(name, fy)
    assert m is not None and (m.code, m.confident) == (code, confident), m


@pytest.mark.parametrize("name", ["", "😀", "การปฏิบัติหน้าที่", "100.00"])
def test_match_oit_item_not_confident_on_non_items(name):
    m = match_oit_item(name, 2566)
    assert m is None or not m.confident


# --- robustness ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from([None, 2562, 2566, 2567, 2568, 1999]))
def test_any_unicode_never_raises(text, fy):
    m = match_indicator(text, fy)
    assert m is None or 1 <= m.number <= 10
    match_question_code(text)
    match_oit_item(text, fy or 2566)


@pytest.mark.parametrize("text", ["ก" * 100_000, "การใช้อำนาจ " * 9_000, "😀" * 100_000, " " * 100_000 + "การใช้อำนาจ",
                                  "\u0e48" * 100_000, "1" * 100_000])
def test_long_input_is_fast(text):
    start = time.process_time()
    match_indicator(text, 2567)
    match_question_code(text)
    match_oit_item(text, 2566)
    assert time.process_time() - start < 0.5
