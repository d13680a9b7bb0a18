"""pipeline.extract.scores: tool scores and indicator scores from every shape in the seeds.

The golden inputs are small copies of lines from ../shared/seeds (same wording, same
digits), or real-looking variants of them. The seed test at the end compares with
expectations written by reading the seed files, not from the program's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.extract.context import DocContext
from pipeline.extract.scores import extract_scores
from pipeline.readers.text import read_text
from pipeline.segment import Document, Line

FILE_ID = "f" * 64
RID = "ffffffffffffffff-0"


def run(fy, *lines, page_of=None):
    """Scores of a one-document file made of `lines` (page 1 unless page_of says)."""
    page_of = page_of or (lambda k: 1)
    doc = Document(0, "score_report_memo", tuple(Line(page_of(k), t) for k, t in enumerate(lines)))
    return extract_scores(DocContext(doc, FILE_ID, RID, fy))


def tools(result):
    return {(t.fiscal_year, t.tool): t.score for t in result.tool_scores}


def indicators(result):
    return {(r.fiscal_year, r.indicator): r.score for r in result.indicator_scores}


def kinds(result):
    return [f.kind for f in result.flags]


# ---------------------------------------------------------------- tool scores


def test_tool_heading_then_total_on_next_line():
    # seed 002 memo: the form name, then "คะแนนรวม … คะแนน" on its own line (Thai digits)
    got = run(
        2566,
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "คะแนนรวม ๘๙.๔๙ คะแนน",
        "แบบวัดการรับรู้ผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ ๑",
        "คะแนนรวม ๘๓.๗๖ คะแนน",
        "แบบวัดการรับรู้ผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ส่วนที่ ๒",
        "คะแนนรวม ๗๕.๐๓ คะแนน",
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
        "คะแนนรวม ๗๗.๕๐ คะแนน",
    )
    assert tools(got) == {
        (2566, "IIT"): 89.49, (2566, "EIT_PART1"): 83.76, (2566, "EIT_PART2"): 75.03, (2566, "OIT"): 77.50,
    }
    assert got.indicator_scores == () and got.flags == ()
    assert all(t.page == 1 and t.report_id == RID for t in got.tool_scores)


def test_tool_rows_with_the_wrong_label_go_by_the_code():
    # seed 001: every form is called ภายใน (internal), EIT and OIT included
    got = run(
        2566,
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)\t\t\tคะแนนรวม 96.75 คะแนน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (EIT) ส่วนที่ 1\t\tคะแนนรวม 95.08 คะแนน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (EIT) ส่วนที่ 2\t\tคะแนนรวม 76.10 คะแนน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (OIT)\t\t\tคะแนนรวม 99.00 คะแนน",
    )
    assert tools(got) == {
        (2566, "IIT"): 96.75, (2566, "EIT_PART1"): 95.08, (2566, "EIT_PART2"): 76.10, (2566, "OIT"): 99.00,
    }
    labels = {t.tool: t.label_raw for t in got.tool_scores}
    assert labels["OIT"] == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (OIT)"  # kept for tool_label_mismatch
    assert "ภายใน (EIT) ส่วนที่ 2" in labels["EIT_PART2"]


def test_tool_without_code_is_read_from_the_thai_form_name():
    got = run(2567, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", "คะแนนรวม ๙๐.๐๐ คะแนน",
              "แบบตรวจการเปิดเผยข้อมูลสาธารณะ", "คะแนนรวม ๘๐.๐๐ คะแนน")
    assert tools(got) == {(2567, "EIT"): 90.0, (2567, "OIT"): 80.0}


def test_tool_scores_in_prose_and_in_a_two_year_table():
    got = run(2567, "แบบวัด IIT ได้คะแนน ๘๙.๔๙ คะแนน", "EIT ได้คะแนน 85.20")
    assert tools(got) == {(2567, "IIT"): 89.49, (2567, "EIT"): 85.20}
    got = run(2567, "เครื่องมือ\t๒๕๖๖\t๒๕๖๗", "IIT\t90.10\t91.20", "EIT\t85.00\t86.00", "OIT\t70.00\t72.50")
    assert tools(got) == {
        (2566, "IIT"): 90.10, (2567, "IIT"): 91.20, (2566, "EIT"): 85.0, (2567, "EIT"): 86.0,
        (2566, "OIT"): 70.0, (2567, "OIT"): 72.5,
    }


def test_tool_descriptions_without_scores_give_nothing():
    # seed 000 attachment: the tools are described, with counts that are not scores
    got = run(
        2567,
        "๑. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment : IIT) หรือแบบวัด IIT",
        "โดยเปิดโอกาสให้บุคลากรภาครัฐทุกระดับที่ปฏิบัติงานไม่น้อยกว่า ๑ ปี ได้มีโอกาสสะท้อน ใน ๕ ตัวชี้วัด ได้แก่",
        "- ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
        "เครื่องมือใดมีผลคะแนนน้อยกว่า ๘๕ คะแนน",
    )
    assert got.tool_scores == () and got.indicator_scores == () and got.flags == ()


# ---------------------------------------------------------------- indicator lists and tables

SEED000_RANKED = [  # seed 000 memo: ranked by score, numbered by rank
    "๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน",
    "๒. การป้องกันการทุจริต\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน",
    "๓. การใช้อำนาจ\tได้รับคะแนน\t๙๗.๗๘\tคะแนน",
    "๔. คุณภาพการดำเนินงาน\tได้รับคะแนน\t๙๓.๔๘\tคะแนน",
    "๕. การใช้งบประมาณ\tได้รับคะแนน\t๙๓.๐๖\tคะแนน",
    "๖. ประสิทธิภาพการสื่อสาร\tได้รับคะแนน\t๙๒.๘๒\tคะแนน",
    "๗. การใช้ทรัพย์สินของราชการ\tได้รับคะแนน\t๘๘.๘๙\tคะแนน",
    "๘. การแก้ไขปัญหาการทุจริต\tได้รับคะแนน\t๘๘.๓๓\tคะแนน",
    "๙. การปฏิบัติหน้าที่\tได้รับคะแนน\t๘๔.๑๗\tคะแนน",
    "๑๐. การปรับปรุงการทำงาน\tได้รับคะแนน\t๗๙.๔๔\tคะแนน",
]
SEED000_2567 = {1: 84.17, 2: 93.06, 3: 97.78, 4: 88.89, 5: 88.33, 6: 93.48, 7: 92.82, 8: 79.44, 9: 100.0, 10: 100.0}


def test_ranked_list_the_name_decides_not_the_number():
    got = run(2567, *SEED000_RANKED)
    assert indicators(got) == {(2567, k): v for k, v in SEED000_2567.items()}
    first = got.indicator_scores[0]
    assert (first.indicator, first.name_raw, first.match_score) == (9, "๑. การเปิดเผยข้อมูล", 100.0)


def test_ranked_list_as_plain_lines():
    # DESIGN §2: "๑. การเปิดเผยข้อมูล ๑๐๐.๐๐", no tabs
    got = run(2567, "๑. การเปิดเผยข้อมูล ๑๐๐.๐๐", "๒. การใช้อำนาจ ได้คะแนน ๙๗.๗๘ คะแนน", "๓. การปฏิบัติหน้าที่ ๘๔.๑๗ คะแนน")
    assert indicators(got) == {(2567, 9): 100.0, (2567, 3): 97.78, (2567, 1): 84.17}
    assert got.indicator_scores[1].name_raw == "๒. การใช้อำนาจ"


def test_full_ranked_list_with_one_garbled_name_takes_the_missing_indicator():
    lines = list(SEED000_RANKED)
    lines[4] = "๕. การใช้งบปร\tได้รับคะแนน\t๙๓.๐๖\tคะแนน"  # OCR lost the end of การใช้งบประมาณ
    got = run(2567, *lines)
    assert indicators(got)[(2567, 2)] == 93.06
    assert len(got.indicator_scores) == 10


def test_ranked_list_cut_by_a_page_break_still_places_its_one_unnamed_row():
    # The generator's worst case: row ๕ names no indicator at all (a name from another
    # framework) and the list's 10th row is on the next page, so neither part is a full list.
    lines = list(SEED000_RANKED)
    lines[4] = "๕. การให้บริการทางวิชาการ\tได้รับคะแนน\t๙๓.๐๖\tคะแนน"
    got = run(2567, *lines[:9], "- ๒ -", lines[9], page_of=lambda k: 1 if k < 9 else 2)
    assert indicators(got)[(2567, 2)] == 93.06  # the one indicator the other rows leave
    assert len(got.indicator_scores) == 10
    row = next(r for r in got.indicator_scores if r.indicator == 2)
    assert row.name_raw == "๕. การให้บริการทางวิชาการ"  # kept for indicator_name_mismatch
    assert row.name_indicator is None  # the name is no indicator's
    # the other rows: the name decided, and says so
    assert all(r.name_indicator == r.indicator for r in got.indicator_scores if r.indicator != 2)
    # two unnamed rows: which is which cannot be told, so neither is placed
    lines[5] = "๖. การบริหารจัดการ\tได้รับคะแนน\t๙๒.๘๒\tคะแนน"
    got = run(2567, *lines[:9], "- ๒ -", lines[9], page_of=lambda k: 1 if k < 9 else 2)
    assert len(got.indicator_scores) == 8 and (2567, 2) not in indicators(got)


def test_ranked_list_whose_unnamed_row_is_in_the_short_part_after_the_page_break():
    # cut after ๗.: the next page holds ๘.–๑๐., its last naming no indicator. Three rows
    # alone are too few to place a row no name resolves; the seven before them, numbered
    # on up to ๗., make them one list, and the row is the one indicator left.
    lines = list(SEED000_RANKED)
    lines[9] = lines[9].split("\t", 1)[0].split(" ", 1)[0] + " การใช้บุคลากร\t" + lines[9].split("\t", 1)[1]
    got = run(2567, *lines[:7], "- ๒ -", *lines[7:], page_of=lambda k: 1 if k < 7 else 2)
    assert len(got.indicator_scores) == 10
    row = next(r for r in got.indicator_scores if r.name_raw.endswith("การใช้บุคลากร"))
    assert row.name_indicator is None  # kept for indicator_name_mismatch
    placed = {r.indicator for r in got.indicator_scores if r is not row}
    assert {row.indicator} == set(range(1, 11)) - placed
    # the page's rows numbered afresh (๑.–๓.) continue no list: nothing is placed
    renumbered = [f"{'๑๒๓'[k]}." + line.split(".", 1)[1] for k, line in enumerate(lines[7:])]
    got = run(2567, *lines[:7], "- ๒ -", *renumbered, page_of=lambda k: 1 if k < 7 else 2)
    assert len(got.indicator_scores) == 9


def test_ranked_list_whose_unit_cell_wrapped():
    # a browser's borderless table of narrow cells: "ได้รับ|คะแนน" and "คะแน|น" wrapped,
    # so the row's line ends in the unit's first four letters and the rest is a line of
    # its own under it
    got = run(2568, "โดยได้รับคะแนนรายตัวชี้วัด เรียงตามลำดับคะแนน ดังนี้",
              "1. การปรับปรุงระบบการทำงาน ได้รับ 98.97 คะแน", "คะแนน น",
              "2. การปฏิบัติหน้าที่ ได้รับ 96.19 คะแน", "คะแนน น")
    assert indicators(got) == {(2568, 8): 98.97, (2568, 1): 96.19}
    # a number with no unit and no cue stays no score
    assert indicators(run(2568, "1. การปรับปรุงระบบการทำงาน ได้รับ 98.97 ครั้ง")) == {}


def test_two_year_table_whose_header_row_the_page_break_cut():
    # Word broke the header row across the page: the years stay on page 1 with the first
    # line of each cell ("เครื่อง", "การ"), page 2 opens with the rest ("มือ", "เปลี่ยนแปลง")
    # and every data row. The years are the page before's header's, not lost.
    names = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
             "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
             "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]
    before = [100.0, 100.0, 91.98, 96.95, 97.88, 89.93, 89.19, 90.64, 75.0, 97.5]
    now = [94.91, 84.82, 91.05, 88.85, 92.2, 92.11, 98.06, 91.31, 91.67, 100.0]
    rows = [f"{'IIT' if n == 1 else ''}\t{n}. {name}\t{a:.2f}\t{b:.2f}\t{'ลดลง' if b < a else 'เพิ่มขึ้น'}"
            for n, (name, a, b) in enumerate(zip(names, before, now), 1)]
    page1 = ["ตารางสรุปผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ (เทียบกับปีงบประมาณ พ.ศ. ๒๕๖๕)",
             "เครื่อง\tตัวชี้วัด\t๒๕๖๕\t๒๕๖๖\tการ"]
    page2 = ["- 2 -", "มือ\t\t\t\tเปลี่ยนแป ลง", *rows]
    got = run(2566, *page1, *page2, page_of=lambda k: 1 if k < 2 else 2)
    assert indicators(got) == {**{(2565, n): v for n, v in enumerate(before, 1)},
                               **{(2566, n): v for n, v in enumerate(now, 1)}}


def test_two_year_table_whose_header_row_the_page_break_cut_through_its_years():
    # the break fell inside the year cells too: "๒๕๖" at page 1's foot, "๖" and "๗" atop
    # page 2 (Word, seed 9991): the years are the two parts' digits joined
    names = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ"]
    before, now = [88.77, 82.14, 77.75], [75.99, 85.85, 92.99]
    rows = [f"{'IIT' if n == 1 else ''}\t{n}. {name}\t{a:.2f}\t{b:.2f}\t{'ลดลง' if b < a else 'เพิ่มขึ้น'}"
            for n, (name, a, b) in enumerate(zip(names, before, now), 1)]
    page1 = ["ตารางสรุปผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (เทียบกับปีงบประมาณ พ.ศ. ๒๕๖๖)",
             "เครื่อง\tตัวชี้วัด\t๒๕๖\t๒๕๖\tการ", "หน้า 1 จาก 7"]
    page2 = ["การประเมินคุณธรรมและความโปร่งใส (ITA) ๒๕๖๗", "มือ\t\t๖\t๗\tเปลี่ยนแป ลง", *rows]
    got = run(2567, *page1, *page2, page_of=lambda k: 1 if k < 3 else 2)
    assert indicators(got) == {**{(2566, n): v for n, v in enumerate(before, 1)},
                               **{(2567, n): v for n, v in enumerate(now, 1)}}


def test_ranked_list_in_columns_with_the_verb_alone_before_the_score():
    # "3. ประสิทธิภาพการสื่อสาร | ได้รับ 75.20 คะแนน | คะแนน": a ranked list laid out in
    # columns whose score cell has the verb without its noun (Word, seed 9991)
    got = run(2565, "3. ประสิทธิภาพการสื่อสาร\t\tได้รับ 75.20 คะแนน\tคะแนน",
              "4. การป้องกันการทุจริต\t\tได้รับ 75.00 คะแนน\tคะแนน",
              "5. คุณภาพการดำเนินงาน\t\tได้รับ 72.83 คะแนน\tคะแนน")
    assert indicators(got) == {(2565, 7): 75.2, (2565, 10): 75.0, (2565, 6): 72.83}


SEED000_SUMMARY = [  # seed 000 attachment, "สรุปผลการประเมินรายตัวชี้วัด": names 3–6 are wrong
    "ตัวชี้วัด\tรายละเอียดตัวชี้วัด\tคะแนน",
    "1\tการปฏิบัติหน้าที่\t84.17",
    "2\tการใช้งบประมาณ\t93.06",
    "3\tการใช้จ่ายเงิน\t97.78",
    "4\tการให้บริการประชาชน\t88.89",
    "5\tการให้บริการทางวิชาการ\t88.33",
    "6\tการปฏิบัติงาน\t93.48",
    "7\tประสิทธิภาพการสื่อสาร\t92.82",
    "8\tการปรับปรุงการดำเนินงาน\t79.44",
    "9\tการเปิดเผยข้อมูล\t100.00",
    "10\tการป้องกันและการทุจริต\t100.00",
]


def test_table_numbered_by_indicator_keeps_garbled_rows_by_row_number():
    got = run(2567, *SEED000_SUMMARY)
    assert indicators(got) == {(2567, k): v for k, v in SEED000_2567.items()}
    row3 = next(r for r in got.indicator_scores if r.indicator == 3)
    assert row3.name_raw == "การใช้จ่ายเงิน" and row3.match_score < 90  # kept for indicator_name_mismatch


def test_ranked_table_does_not_lend_its_row_numbers_to_garbled_names():
    # numbered 1…3 but ranked: row 1 is indicator 9 by its name, so "2" says nothing
    got = run(2567, "ลำดับ\tตัวชี้วัด\tคะแนน", "1\tการเปิดเผยข้อมูล\t100", "2\tการใช้จ่ายเงิน\t99", "3\tการใช้อำนาจ\t97.78")
    assert indicators(got) == {(2567, 9): 100.0, (2567, 3): 97.78}


def test_pipe_table_year_from_the_line_above():
    # seed 002 memo: "ปี 2566" above a pipe table (read as tab rows)
    pages = read_text("ปี 2566\n\n| ลำดับที่ | รายละเอียดตัวชี้วัด | คะแนน |\n|---|---|---|\n"
                      "| 1 | การปฏิบัติหน้าที่ | 100.00 |\n| 2 | การใช้บุคลากร | 98.16 |\n"
                      "| 3 | การใช้เวลาทำงาน | 99.82 |\n".encode())
    lines = [t for p in pages for t in p.text.split("\n") if t.strip()]
    got = run(2567, *lines)  # the document's year is 2567; the table says 2566
    assert indicators(got) == {(2566, 1): 100.0, (2566, 2): 98.16, (2566, 3): 99.82}


SEED000_COMPARISON = [  # seed 000 attachment, 2566 vs 2567
    "เครื่องมือ\tตัวชี้วัด\t๒๕๖๖\t๒๕๖๗\tการเปลี่ยนแปลง",
    "IIT\t๑. การปฏิบัติหน้าที่\t๙๑.๔๓\t๘๔.๑๗\tลดลง",
    "\t๒. การใช้งบประมาณ\t๗๖.๓๙\t๙๓.๐๖\tเพิ่มขึ้น",
    "\t๓. การใช้อำนาจ\t๘๐.๙๘\t๙๗.๗๘\tเพิ่มขึ้น",
    "\t๔. การใช้ทรัพย์สินของราชการ\t๗๓.๙๕\t๘๘.๘๙\tเพิ่มขึ้น",
    "\t๕. การแก้ไขปัญหาการทุจริต\t๗๐.๒๐\t๘๘.๓๓\tเพิ่มขึ้น",
    "EIT\t๖. คุณภาพการดำเนินงาน\t๘๔.๘๐\t๙๓.๔๘\tเพิ่มขึ้น",
    "\t๗. ประสิทธิภาพการสื่อสาร\t๗๙.๖๐\t๙๒.๘๒\tเพิ่มขึ้น",
    "\t๘. การปรับปรุงระบบการทำงาน\t๗๓.๘๔\t๗๙.๔๔\tเพิ่มขึ้น",
    # rows 9 and 10 carry sub-indicator 10.1 / OIT item names: the row number decides
    "OIT\t๙. การดำเนินการเพื่อป้องกันการทุจริต\t๑๐๐\t๑๐๐\tเท่าเดิม",
    "\t๑๐. มาตรการส่งเสริมคุณธรรมและความโปร่งใส\t๑๐๐\t๑๐๐\tเท่าเดิม",
    "ระดับการประเมิน\t\tผ่านดี\t\t",
]
SEED000_2566 = {1: 91.43, 2: 76.39, 3: 80.98, 4: 73.95, 5: 70.20, 6: 84.80, 7: 79.60, 8: 73.84, 9: 100.0, 10: 100.0}


def test_two_year_comparison_table_gives_both_years():
    got = run(2567, *SEED000_COMPARISON)
    want = {(2566, k): v for k, v in SEED000_2566.items()} | {(2567, k): v for k, v in SEED000_2567.items()}
    assert indicators(got) == want
    assert got.tool_scores == ()  # "IIT" heads indicator rows here, it is no tool total


def test_prose_under_indicator_headings_and_not_under_sub_indicators():
    got = run(
        2567,
        "๓. จุดแข็ง : ตัวชี้วัดที่ได้รับผลการประเมินมากที่สุด คือ ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต",
        "๓.๑ ตัวชี้วัดย่อยที่ ๑๐.๑ การดำเนินการเพื่อป้องกันการทุจริต",
        "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน ๙๐.๐๐ / ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๕.๐๐)",  # a sub-indicator's: skipped
        "๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ",
        "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน ๗๖.๓๙ / ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๐๖)",
    )
    assert indicators(got) == {(2566, 2): 76.39, (2567, 2): 93.06}
    assert got.indicator_scores[0].name_raw == "๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ"


def test_one_line_prose_with_explicit_heading():
    got = run(2567, "ตัวชี้วัดที่ ๒ การใช้งบประมาณ ได้คะแนน ๙๓.๐๖ คะแนน",
              "ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน ได้คะแนน ๑๐๐ คะแนน")
    assert indicators(got) == {(2567, 2): 93.06}


def test_measures_and_progress_tables_give_no_scores():
    # seed 002 progress report / seed 001 measures: indicator names beside long text, dates, codes
    got = run(
        2566,
        "ตัวชี้วัด\tแนวทางในการยกระดับการประเมิน\tผู้รับผิดชอบ\tระยะเวลา\tความก้าวหน้าหลักการดำเนินการ",
        "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่\tหน่วยงานต้องปฏิบัติงานให้บริการ\tทุกส่วนราชการ\tต.ศ. 65 ถึง ก.ย. 66\t☑ ดำเนินการ",
        "05\tปัจจุบันการติดต่อ\t- แสดงข้อมูลการติดต่อ\tสำนักปลัด\t☐ ยังไม่ได้ดำเนินการ",
        "3\tมาตรฐานการกำกับดูแล\tจางผู้เสียประโยชน์ ITA ตัวชี้วัดที่ 4\t6เดือน\tนางประมวล พากล",
        "1. ถ่ายทอดตัวชี้วัดจากผู้บริหาร ถึงเจ้าหน้าที่ในหน่วยงาน",
    )
    assert got.indicator_scores == () and got.tool_scores == () and got.flags == ()


# ---------------------------------------------------------------- duplicates, conflicts, bad values


def test_same_value_twice_is_one_row_from_the_first_page():
    # the summary table (page 3) and the prose (page 5) state indicator 2 alike
    got = run(2567, "ตัวชี้วัด\tรายละเอียดตัวชี้วัด\tคะแนน", "1\tการปฏิบัติหน้าที่\t84.17", "2\tการใช้งบประมาณ\t93.06",
              "3\tการใช้อำนาจ\t97.78", "๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ", "(ปี พ.ศ. ๒๕๖๗ ได้คะแนน ๙๓.๐๖)",
              page_of=lambda k: 3 if k < 4 else 5)
    rows = [r for r in got.indicator_scores if r.indicator == 2]
    assert len(rows) == 1 and rows[0].page == 3 and got.flags == ()


def test_different_values_keep_the_first_and_flag_the_conflict():
    got = run(2567, "ตัวชี้วัดที่ ๓ การใช้อำนาจ ได้คะแนน ๙๗.๗๘ คะแนน", "ตัวชี้วัดที่ ๓ การใช้อำนาจ ได้คะแนน ๙๖.๐๐ คะแนน",
              page_of=lambda k: k + 1)
    assert indicators(got) == {(2567, 3): 97.78}
    (flag,) = got.flags
    assert (flag.kind, flag.severity, flag.page, flag.report_id) == ("value_conflict", "warning", 2, RID)
    assert "๙๗.๗๘" in flag.evidence and "๙๖.๐๐" in flag.evidence
    assert "ไม่ตรงกัน" in flag.message and "two different values" in flag.message
    # tools too
    got = run(2567, "IIT\t89.49", "IIT\t88.00")
    assert tools(got) == {(2567, "IIT"): 89.49} and kinds(got) == ["value_conflict"]


def test_out_of_range_and_unparsable_scores_become_flags():
    got = run(
        2567,
        "ตัวชี้วัด\tคะแนน",
        "การปฏิบัติหน้าที่\t84.17",
        "การใช้งบประมาณ\t193.06",  # out of range
        "การใช้อำนาจ\t๙ว.๗๘",  # OCR junk where the score stands
        "การใช้ทรัพย์สินของราชการ\t-",  # a dash: no value, no flag
        "OIT คะแนน 120.5",
    )
    assert indicators(got) == {(2567, 1): 84.17}
    assert sorted(kinds(got)) == ["out_of_range", "out_of_range", "parse_error"]
    assert {f.evidence for f in got.flags} == {"193.06", "๙ว.๗๘", "120.5"}


def test_no_fiscal_year_still_extracts():
    got = run(None, "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "คะแนนรวม ๘๙.๔๙ คะแนน")
    assert tools(got) == {(None, "IIT"): 89.49}


# ---------------------------------------------------------------- the seeds

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# (seed prefix, doc_index, fiscal_year, indicator) -> score, written by reading the files.
EXPECTED_INDICATORS: dict[tuple[str, int, int, int], float] = {}
# 000 doc 0 (memo "บันทึกข้อความ", FY ๒๕๖๗): the list after "ได้รับคะแนนสูงสุดรายตัวชี้วัด ดังนี้",
# numbered by rank; the names give the indicators (๑. การเปิดเผยข้อมูล = 9, …, ๑๐. การปรับปรุงการทำงาน = 8).
EXPECTED_INDICATORS |= {("000", 0, 2567, k): v for k, v in SEED000_2567.items()}
# 000 doc 1 (attachment "แบบรายงานผลการประเมิน…", FY ๒๕๖๗): "สรุปผลการประเมินรายตัวชี้วัด" table
# rows 1–10 (names 3–6 garbled, values equal the memo's), and the comparison table's ๒๕๖๗ column.
EXPECTED_INDICATORS |= {("000", 1, 2567, k): v for k, v in SEED000_2567.items()}
# 000 doc 1: comparison table, ๒๕๖๖ column (๙๑.๔๓ ๗๖.๓๙ ๘๐.๙๘ ๗๓.๙๕ ๗๐.๒๐ ๘๔.๘๐ ๗๙.๖๐ ๗๓.๘๔ ๑๐๐ ๑๐๐);
# the prose "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน … / ปี พ.ศ. ๒๕๖๗ ได้คะแนน …)" under ๔.๑–๕.๑ repeats them.
EXPECTED_INDICATORS |= {("000", 1, 2566, k): v for k, v in SEED000_2566.items()}
# 002 doc 0 (memo, FY ๒๕๖๖): the pipe table under "ปี 2566", rows 1–10 by indicator number
# (names 2, 3 garbled: การใช้บุคลากร / การใช้เวลาทำงาน).
EXPECTED_INDICATORS |= {
    ("002", 0, 2566, k): v
    for k, v in {1: 100.00, 2: 98.16, 3: 99.82, 4: 99.45, 5: 100.00, 6: 82.98, 7: 86.70, 8: 83.51,
                 9: 75.00, 10: 80.00}.items()
}
# 001 (one analysis document) and 002 doc 1 (progress report) state no indicator scores.

EXPECTED_TOOLS = {
    # 001 doc 0, FY 2566: four tab rows "แบบวัด…ภายใน (XXX) … คะแนนรวม NN.NN คะแนน" (all labelled ภายใน)
    ("001", 0, 2566, "IIT"): 96.75,
    ("001", 0, 2566, "EIT_PART1"): 95.08,
    ("001", 0, 2566, "EIT_PART2"): 76.10,
    ("001", 0, 2566, "OIT"): 99.00,
    # 002 doc 0, FY ๒๕๖๖: form name line, then "คะแนนรวม ๘๙.๔๙ คะแนน" etc. on the next line
    ("002", 0, 2566, "IIT"): 89.49,
    ("002", 0, 2566, "EIT_PART1"): 83.76,
    ("002", 0, 2566, "EIT_PART2"): 75.03,
    ("002", 0, 2566, "OIT"): 77.50,
    # 000 names the tools but prints no tool totals.
}


def _seed_results():
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        prefix = path.name[:3]
        result = extract(FILE_ID[:-3] + prefix, read_text(path.read_bytes()))
        out[prefix] = result
    return out


@pytest.fixture(scope="module")
def seed_results():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return _seed_results()


def _f1(got: set, want: set) -> tuple[float, float, float]:
    tp = len(got & want)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def test_seed_indicator_rows_f1(seed_results):
    got = set()
    for prefix, result in seed_results.items():
        doc_of = {r.report_id: r.doc_index for r in result.reports}
        for r in result.indicator_scores:
            got.add((prefix, doc_of[r.report_id], r.fiscal_year, r.indicator, round(r.score, 2)))
    want = {(p, d, y, k, round(v, 2)) for (p, d, y, k), v in EXPECTED_INDICATORS.items()}
    precision, recall, f1 = _f1(got, want)
    print(f"seed indicator rows: {len(got)} found, {len(want)} expected, "
          f"precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    assert f1 >= 0.98, sorted(got ^ want)


def test_seed_tool_scores(seed_results):
    got = {}
    for prefix, result in seed_results.items():
        doc_of = {r.report_id: r.doc_index for r in result.reports}
        for t in result.tool_scores:
            got[(prefix, doc_of[t.report_id], t.fiscal_year, t.tool)] = t.score
    assert got == EXPECTED_TOOLS
    labels = {t.tool: t.label_raw for t in seed_results["001"].tool_scores}
    assert all("ภายใน" in label for label in labels.values())  # the wrong label is kept


def test_seed_scores_raise_no_conflicts(seed_results):
    # 000 repeats its 2566/2567 values in prose; they all agree with its tables
    for result in seed_results.values():
        assert not [f for f in result.flags if f.kind in ("value_conflict", "out_of_range", "parse_error")]
        keys = [(r.report_id, r.fiscal_year, r.indicator) for r in result.indicator_scores]
        assert len(keys) == len(set(keys))


def test_extract_puts_scores_under_the_headline_reports(seed_results):
    result = seed_results["000"]
    years = {r.report_id: r.fiscal_year for r in result.reports}
    assert {r.report_id for r in result.indicator_scores} <= set(years)
    assert {r.report_id for r in result.reports} == set(years)
    assert all(r.page == 1 for r in result.indicator_scores)  # a text file is one page


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["\t\t\t", "|", "คะแนนรวม", "คะแนนรวม คะแนน", "(ปี พ.ศ. ๒๕๖๖ ได้คะแนน / ปี พ.ศ. ได้คะแนน)"],
        ["ตัวชี้วัดที่ ๙๙ การใช้อำนาจ ได้คะแนน ๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙ คะแนน"],
        ["IIT/EIT\t1e309\t-0\tNaN", "1\t\t\t\t99.99", "๑.\tได้รับคะแนน\t๑๐๐\tคะแนน"],
        ["ตัวชี้วัดที่ " + "ก" * 5000 + " ได้คะแนน ๑๐"],
    ],
)
def test_junk_never_raises(lines):
    got = run(2567, *lines)
    assert all(0 <= r.score <= 100 for r in got.indicator_scores + got.tool_scores)



def test_tool_codes_wrapped_under_an_unruled_row():
    from pipeline.extract.scores import extract_scores
    from pipeline.segment import Document, Line

    doc = Document(0, "score_report_memo", tuple(Line(1, t) for t in (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) คะแนนรวม 78.97 คะแนน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก คะแนนรวม 90.03 คะแนน",
        "(EIT) ส่วนที่ 1",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก คะแนนรวม 85.36 คะแนน",
        "(EIT) ส่วนที่ 2",
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) คะแนนรวม 97.50 คะแนน",
    )))
    got = extract_scores(DocContext(doc, "f", "r", 2566))
    assert sorted((t.tool, t.score) for t in got.tool_scores) == [
        ("EIT_PART1", 90.03), ("EIT_PART2", 85.36), ("IIT", 78.97), ("OIT", 97.5)]


def test_eit_part_with_the_mark_of_ti_dropped_by_ocr():
    from pipeline.extract.scores import extract_scores
    from pipeline.segment import Document, Line

    doc = Document(0, "o42_analysis_measures", tuple(Line(3, t) for t in (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)ส่วนที๑", "คะแนนรวม ๙๐.๐๓ คะแนน",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)ส่วนที๒", "คะแนนรวม ๘๕.๓๖ คะแนน",
    )))
    got = extract_scores(DocContext(doc, "f", "r", 2566))
    assert sorted((t.tool, t.score) for t in got.tool_scores) == [("EIT_PART1", 90.03), ("EIT_PART2", 85.36)]


def test_wrapped_tool_codes_on_a_noisy_scan():
    # a 200-dpi scan of the rows above: ส่วน lost its mark, one row came out as a tab row,
    # the code wrapped under both
    got = run(2566,
              "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก- คะแนนรวม 90.03 คะแนน",
              "(EIT) สวนที 1",
              "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก\tคะแนนรวม\t85.36\tคะแนน",
              "(EIT)สวนที 2")
    assert tools(got) == {(2566, "EIT_PART1"): 90.03, (2566, "EIT_PART2"): 85.36}


def test_two_year_table_whose_header_years_ocr_garbled():
    # a noisy 200-dpi scan of a comparison table: "2564" read as "764", specks after 2565
    got = run(2565,
              "เครื่องมือ\tตัวชีวัด\t764\t2565 ก\tารเปลี่ยนแ ปลง",
              "IIT\t1.การปฏิบัติหน้าที่\t73.65\t72.49\tลดลง",
              "\t2. การใช้งบประมาณ\t73.14\t68.38\tลดลง",
              "\t3. การใช้อำนาจ\t68.11\t64.42\tลดลง",
              "เครื่องมือต\tวชีวัด\t2564\t2565 .\tการเปลี่ยนแ ปลง",
              "\t5. การแก้ไขปัญหากำรทุจริต\t67.21\t73.18\tเพิ่มขึ้น")
    assert indicators(got) == {
        (2564, 1): 73.65, (2565, 1): 72.49, (2564, 2): 73.14, (2565, 2): 68.38,
        (2564, 3): 68.11, (2565, 3): 64.42, (2564, 5): 67.21, (2565, 5): 73.18}
    # two specks of the next header cell after the year ("๒๕๖๘ ก .")
    got = run(2568, "เครื่องมือ\tตัวชี้วัด\t๒๕๖๗\t๒๕๖๘ ก .\tารเปลี่ย นแ ปลง",
              "IIT\t๑.การปฏิบัติหน้าที่\t๘๔.๑๙\t๘๘.๗๘\tเพิ่มขึ้น")
    assert indicators(got) == {(2567, 1): 84.19, (2568, 1): 88.78}
    # a lone number beside a year is not taken for the other year unless it is next to it
    got = run(2565, "ตัวชี้วัด\t2565\tหมายเหตุ\t12", "1.การปฏิบัติหน้าที่\t72.49\t\t")
    assert indicators(got) == {(2565, 1): 72.49}


def test_noisy_scan_comparison_table_header_on_two_lines_and_specks_before_scores():
    got = run(2566,
              "\t\t๒๕๖๕\t๒๕๖๖ ก\tารเปลี่ยนแ ปลง",  # the header's years, printed a line above
              "เครื่องมือ\tตัวชี้วัด\t\t\t",
              "IIT\t๑.การปฏิบัติหน้าที่\t๘๙.๓๙\tฆ๗๕.๙๔\tลดลง",  # a speck read as ฆ
              "\t๓. การใช้อำนาจ\t๘๘.๐๑\t๘๓.๒๑\tลดลง",
              "\t๘. การปรับปรุงระบบการทำงาน ส\t๘๓.๕๗\tส๘๓.๐๘\tลดลง")
    assert indicators(got) == {(2565, 1): 89.39, (2566, 1): 75.94, (2565, 3): 88.01, (2566, 3): 83.21,
                               (2565, 8): 83.57, (2566, 8): 83.08}
    # a letter before a bare number is not a speck: a code stays text
    from pipeline.extract.score_rows import cell_number
    assert cell_number("ข5")[0] != "num" and cell_number("ก12.5")[0] != "num"
    # the next cell's first letters run into a score, a garbled unit after one
    assert cell_number("82.02 เพ") == ("num", cell_number("82.02")[1])
    assert cell_number("ได้รับคะแนน ๗๗.๖๖ ' คะแน่น")[1].value == 77.66
    assert cell_number("82 เพ")[0] != "num" and cell_number("82.02 เพิ่มขึ้นมาก")[0] != "num"
    # a sheet's page counter printed on the last row's line (seed 9961, a Calc PDF)
    assert cell_number("๙๓.๗๕คะแนน หน้า 1 จาก 2")[1].value == 93.75
    assert cell_number("หน้า 1 จาก 2")[0] == "empty"


def test_tool_cell_garbled_by_ocr_is_a_label_not_part_of_the_name():
    """IIT read as 'เท' and OIT as 'วท' in the tool column, a speck read as '#' before a
    score (a clean scan of a comparison table, fiscal 2564)."""
    got = run(2564,
              "เครื่องมือ\tตัวชีวัด\t๒๕๖๓\t๒๕๖๔\tการเปลี่ยนแ ปลง",
              "เท\t๑.การปฏิบัติหน้าที่\t๗๗.๓๓\t๘๘.๘๖\tเพิ่มขึ้น",
              "\t๔. การใช้ทรัพย์สินของราชการ\t๘๔.๕๘\t# ๘๒.๒๘\tลดลง",
              "วท\t๙. การเปิดเผยข้อมูล\t๘๗.๕๐\t๙๓.๗๕\tเพิมขื้น")
    assert indicators(got) == {(2563, 1): 77.33, (2564, 1): 88.86, (2563, 4): 84.58, (2564, 4): 82.28,
                               (2563, 9): 87.5, (2564, 9): 93.75}
    assert "parse_error" not in kinds(got)
    # a short first cell that is not before a numbered name stays part of the name
    from pipeline.extract.score_rows import _garbled_tool_cell
    assert not _garbled_tool_cell(["ด้าน", "การใช้อำนาจ", "๘๘.๐๑"], 0)
    assert _garbled_tool_cell(["iT", "๑.การปฏิบัติหน้าที่", "๘๘.๐๑"], 0)
    # the O of OIT read as a zero; a digit anywhere else is no tool label
    got = run(2564,
              "เครื่องมือ\tตัวชีวัด\t๒๕๖๓\t๒๕๖๔\tการเปลี่ยนแ ปลง",
              "๐อทั\t๙. การเปิดเผยข้อมูล\t๘๗.๕๐\t๙๓.๗๕\tเพิ่มขึ้น",
              "๐ท\t10. การป้องกันการทุจริต\t70.00\t95.00\tเพิ่มขึ้น")
    assert indicators(got) == {(2563, 9): 87.5, (2564, 9): 93.75, (2563, 10): 70.0, (2564, 10): 95.0}
    assert not _garbled_tool_cell(["ท๑", "๑.การปฏิบัติหน้าที่", "๘๘.๐๑"], 0)
    assert not _garbled_tool_cell(["๑ท", "๑.การปฏิบัติหน้าที่", "๘๘.๐๑"], 0)


def test_a_year_cell_garbled_by_ocr_costs_that_year_only():
    """A comparison row whose 2564 cell OCR turned into 'no :' keeps its 2563 score and
    flags the unreadable one; an empty cell is just missing; a mark after a score is a
    speck."""
    header = "เครื่องมือ\tตัวชี้วัด\t๒๕๖๓\t๒๕๖๔\tการเปลี่ยนแปลง"
    got = run(2564, header,
              "\t๓. การใช้อำนาจ ๑ 4 .\t๘๔.๓๐\tno :\tลดลง",
              "\t๔. การใช้ทรัพย์สินของราชการ\t\t๘๒.๒๘\tลดลง",
              "\t๕. การแก้ไขปัญหาการทุจริต\t89.20 '\t๗๘.๕๐\tลดลง")
    assert indicators(got) == {(2563, 3): 84.3, (2564, 4): 82.28, (2563, 5): 89.2, (2564, 5): 78.5}
    errors = [f for f in got.flags if f.kind == "parse_error"]
    assert len(errors) == 1 and errors[0].evidence == "no :" and "ตัวชี้วัดที่ 3" in errors[0].message


def test_a_row_whose_every_year_cell_ocr_garbled_is_flagged_and_splits_nothing():
    """'dees\\tcolon' for both years of indicator 3 (a clean 300-dpi scan, fiscal 2568):
    the row was taken for a header, so the rows under it lost their year columns and
    read the 2567 score as the only one. Now the rows below keep both years and each
    unreadable cell is a parse_error naming indicator 3."""
    got = run(2568,
              "เครื่องมือ\tตัวชี้วัด\t๒๕๖๗\t๒๕๖๘\tการเปลี่ยนแ ปลง",
              "\t๒. การใช้งบประมาณ\t๘๑.๑๖\t๗๙.๒๗\tลดลง",
              "\t๓. การใช้อำนาจ\tdees\tcolon\tเพิ่มขึ้น",
              "\t๔. การใช้ทรัพย์สินของราชการ\t๘๑.๒๘\tต๗๕.๗๐\tลดลง",
              "EIT\t๖. คุณภาพการดำเนินงาน\t๘๐.๙๑\t๘๒.๘๑\tเพิ่มขึ้น")
    assert indicators(got) == {(2567, 2): 81.16, (2568, 2): 79.27, (2567, 4): 81.28, (2568, 4): 75.7,
                               (2567, 6): 80.91, (2568, 6): 82.81}
    errors = sorted(f.evidence for f in got.flags if f.kind == "parse_error")
    assert errors == ["colon", "dees"]
    assert all("ตัวชี้วัดที่ 3" in f.message for f in got.flags if f.kind == "parse_error")
    # a header row is still a header: its first cell is no numbered name
    from pipeline.extract.score_rows import numbered_name
    assert numbered_name(["เครื่องมือ", "ตัวชี้วัด", "๒๕๖๗", "๒๕๖๘"]) is None
    assert numbered_name(["", "๓. การใช้อำนาจ", "dees"]) == (1, 3)
    assert numbered_name(["IIT", "๑.การปฏิบัติหน้าที่", "x"]) == (1, 1)
    assert numbered_name(["ตัวชี้วัด", "๑.การปฏิบัติหน้าที่"]) is None  # a header word comes first


def test_noisy_comparison_table_with_a_lost_row_number_a_comma_point_and_a_garbled_oit():
    """A noisy 200-dpi scan of a 2567-vs-2568 table (fiscal 2568): row 5's number read
    as '&', a point read as a comma ('๘๒,๘๑'), row 6 printed with a wrong name, and OIT
    read as '๐อทกั' in the tool column. Row 6 is placed by its row number (the table
    is still numbered in order: row 5's own name stands where its number was lost)."""
    got = run(2568,
              "เครื่องมือ\tตัวชีวัด\t๒๕๖๗\t๒๕๖๘\tการเปลี่ยนแ ปลง",
              "IIT\t๑.การปฏิบัติหน้าที่\t๙๔.๗๗\t๘๗.๐๖\tลดลง",
              "\t๒. การใช้งบประมาณ\t๘๑.๑๖\t๗๙.๒๗\tลดลง",
              "\t๓. การใช้อำนาจ\t๗๙.๕๘\t๙๐.๒๖\tเพิ่มขึ้น",
              "\t๔. การใช้ทรัพย์สินของราชการ\t๘๑.๒๘\t๗๕.๗๐\tลดลง",
              "\t& การแก้ไขปัญหาการทุจริต\t๙๑.๘๐\tส๙๖.๓๖\tเพิ่มขึ้น",
              "EIT\t๖. การปฏิบัติงาน\t๘๐.๙๑\t๘๒,๘๑\tเพิ่มขึ้น",
              "\t๗. ประสิทธิภาพการสื่อสาร\t๘๐.๖๔\t๘๓.๒๔\tเพิ่มขึ้น",
              "\t๘. การปรับปรุงระบบการทำงาน\t๘๗.๙๖\t๘๙.๕๗\tเพิ่มขึ้น",
              "เครื่องมือ\tตัวชี้วัด\t๒๕๖๗\t๒๕๖๘\tการเปลี่ยนแ ปลง",  # the header again, on page 2
              "๐อทกั\t๙. การเปิดเผยข้อมูล\t๙๐.๐๐\t๘๗.๕๐\tลดลง")
    got_rows = indicators(got)
    assert got_rows[(2568, 6)] == 82.81 and got_rows[(2567, 6)] == 80.91
    assert got_rows[(2567, 5)] == 91.8 and got_rows[(2568, 5)] == 96.36
    assert got_rows[(2567, 9)] == 90.0 and got_rows[(2568, 9)] == 87.5
    assert len(got_rows) == 18 and "parse_error" not in kinds(got)
    # the comma stands for a point only before exactly two decimals
    from pipeline.extract.score_rows import cell_number
    assert cell_number("๘๒,๘๑")[1].value == 82.81
    assert cell_number("1,234")[1].value == 1234 and cell_number("82,8")[0] != "num"


def test_rows_out_of_order_are_not_numbered_by_position():
    """A lost row number is in order only where the row's name agrees: a ranked list
    with one number lost keeps going by names."""
    got = run(2567,
              "ลำดับ\tตัวชี้วัด\tคะแนน",
              "๑\tการเปิดเผยข้อมูล\t๙๘.๐๐",
              "\tการใช้งบประมาณ\t๙๕.๐๐",  # no number: its name says 2, not the 2nd place
              "๓\tการปฏิบัติหน้าที่\t๙๓.๐๐",
              "๔\tการป้องกันการทุจริต\t๙๑.๐๐")
    assert indicators(got) == {(2567, 9): 98.0, (2567, 2): 95.0, (2567, 1): 93.0, (2567, 10): 91.0}


def test_a_ranked_list_whose_score_words_ocr_bent():
    """A page image's ranked list (seed 8643 PNG): ได้รับคะแนน read as เด้รับคะแนน or
    ด้รับคะแนน, คะแนน as ะแนน or ค ะแนน, sometimes in a cell of its own."""
    got = run(2568,
              "องค์การบริหารส่วนตำบลลุ่มลำซี ได้คะแนนรวม 92.66 คะแนน",
              "โดยได้รับคะแนนรายตัวชี้วัดเรียงตามลำดับค่ะแนนดังนี้",
              "1. การใช้งบ ประมาณ\tเด้รับคะแนน 100.00 คะแนน",
              "2. คุณภาพการดำเนินงาน\tเด้รับคะแนน 100.00 ค ะแนน",
              "5. การใช้อำนาจ\tเด้รับคะแนน 92.71\tะแนน",
              "7. การปรับปรุงระบบการทำงาน\tด้รับคะแนน 90.47\tะแนน")
    assert indicators(got) == {(2568, 2): 100.0, (2568, 6): 100.0, (2568, 3): 92.71, (2568, 8): 90.47}


def test_a_two_year_table_going_on_over_the_page_keeps_its_years():
    # a scan's pages are read one by one: the table's rest on page 2 has no header row
    lines = ("ตารางสรุปผลการประเมิน",
             "เครื่องมือ\tตัวชี้วัด\t๒๕๖๔\t๒๕๖๕\tการเปลี่ยนแปลง",
             "IIT\t๑. การปฏิบัติหน้าที่\t๖๖.๘๕\t๖๗.๔๙\tเพิ่มขึ้น",
             "หน้า 1 จาก 2",
             "\t๒. การใช้งบประมาณ\t๔๖.๙๑\t๖๘.๖๘\tเพิ่มขึ้น",
             "\t๓. การใช้อำนาจ\t๖๖.๓๕\t๗๒.๖๓\tเพิ่มขึ้น")
    got = indicators(run(2565, *lines, page_of=lambda k: 1 if k < 4 else 2))
    assert got == {(2564, 1): 66.85, (2565, 1): 67.49, (2564, 2): 46.91, (2565, 2): 68.68,
                   (2564, 3): 66.35, (2565, 3): 72.63}


def test_a_two_year_header_at_the_foot_of_a_page_gives_its_years_to_the_rows_on_the_next():
    # Word puts a table's header as page 1's last line and every row on page 2, after
    # the running header and the page number (unseen seed 9931, Word → PDF): the rows'
    # first number is 2567's, not the report year's
    lines = ("ตารางสรุปผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (เทียบกับปีงบประมาณ พ.ศ. ๒๕๖๗)",
             "เครื่อง มือ\tตัวชี้วัด\t๒๕๖๗\t๒๕๖๘\tการ เปลี่ยนแปล ง",
             "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568", "- 2 -",
             "IIT\t๑. การปฏิบัติหน้าที่\t๘๑.๘๔\t๘๗.๔๑\tเพิ่มขึ้น",
             "\t๒. การใช้งบประมาณ\t๙๐.๐๒\t๘๔.๔๔\tลดลง")
    got = indicators(run(2568, *lines, page_of=lambda k: 1 if k < 2 else 2))
    assert got == {(2567, 1): 81.84, (2568, 1): 87.41, (2567, 2): 90.02, (2568, 2): 84.44}


def test_a_table_after_prose_on_the_next_page_does_not_take_an_old_header():
    lines = ("เครื่องมือ\tตัวชี้วัด\t๒๕๖๔\t๒๕๖๕\tการเปลี่ยนแปลง",
             "IIT\t๑. การปฏิบัติหน้าที่\t๖๖.๘๕\t๖๗.๔๙\tเพิ่มขึ้น",
             "ข้อความหนึ่ง", "ข้อความสอง", "ข้อความสาม", "ข้อความสี่", "ข้อความห้า", "ข้อความหก",
             "\t๒. การใช้งบประมาณ\t๔๖.๙๑\t๖๘.๖๘\tเพิ่มขึ้น")
    got = indicators(run(2565, *lines, page_of=lambda k: 1 if k < 5 else 2))
    assert (2564, 2) not in got


@pytest.mark.parametrize("after", ["โดยมีคะแนนเพิ่มขึ้น ๑.๘๐ คะแนน", "ซึ่งสูงกว่าค่าเฉลี่ยระดับประเทศ (87.99 คะแนน)"])
def test_a_change_or_the_national_average_under_a_list_of_the_tools_is_no_tools_score(after):
    # an announcement lists the three tools by name, then says how much the score rose,
    # or how it compares with the country's average: neither number is OIT's
    got = run(2567,
              "การประเมินประกอบด้วยเครื่องมือ ดังนี้",
              "๑) แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
              "๒) แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
              "๓) แบบตรวจการเปิดเผยข้อมูลสาธารณะ",
              after)
    assert tools(got) == {}


def test_a_tools_total_under_its_name_is_still_its_score():
    got = run(2567, "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "คะแนนรวม ๘๗.๕๐ คะแนน")
    assert tools(got) == {(2567, "OIT"): 87.5}


@pytest.mark.parametrize("last", ["๓) แบบตรวจการเปิดเผยข้อมูลสาธารณะ โดยมีคะแนนเพิ่มขึ้น ๑.๘๐ คะแนน",
                                  "3. แบบตรวจการเปิดเผยข้อมูลสาธารณะ ซึ่งสูงกว่าค่าเฉลี่ยระดับประเทศ (87.99 คะแนน)"])
def test_the_sentence_after_a_list_of_the_tools_joined_to_its_last_item_gives_no_tool_score(last):
    # a browser's or spreadsheet's print joins the next sentence to the list's last line
    got = run(2567, "การประเมินประกอบด้วยเครื่องมือ ดังนี้",
              "๑) แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", "๒) แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", last)
    assert tools(got) == {}


def test_a_tools_label_on_a_row_of_its_own_keeps_the_two_year_table_on_the_next_page():
    # a CSS grid's scan: the comparison table goes on overleaf without its header; the
    # EIT cell that spans its indicators stands on a line of its own among the rows.
    # The rows after it keep the header's years (2566 was stored as 2567 before).
    got = run(2567,
              "เครื่องมือ\tตัวชี้วัด\t2566\t2567\tการเปลี่ยนแปลง",
              "IIT\t1.การปฏิบัติหน้าที่\t72.65\t76.35\tเพิ่มขึ้น",
              "\t2. การใช้งบประมาณ\t98.24\t75.86\tลดลง",
              "EIT\t\t\t\t",
              "\t7. ประสิทธิภาพการสื่อสาร\t79.95\t82.60\tเพิ่มขึ้น",
              "OIT\t9. การเปิดเผยข้อมูล\t90.00\t75.00\tลดลง",
              page_of=lambda k: 1 if k < 2 else 2)
    assert indicators(got) == {(2566, 1): 72.65, (2567, 1): 76.35, (2566, 2): 98.24, (2567, 2): 75.86,
                               (2566, 7): 79.95, (2567, 7): 82.6, (2566, 9): 90.0, (2567, 9): 75.0}


def test_a_letter_before_a_one_digit_score_is_its_first_digit_misread():
    # a 200-dpi Word scan read ๖๒.๔๒ as "อ๒.๕๒": the letter is no speck before a score of
    # 2.52 but the first digit lost; the cell is an unreadable score, flagged, nothing stored
    got = run(2567, "ลำดับที่\tรายละเอียดตัวชี้วัด\tคะแนน",
              "๑\tการปฏิบัติหน้าที่\t๘๑.๕๐", "๒\tการใช้งบประมาณ\tอ๒.๕๒", "๓\tการใช้อำนาจ\t๗๕.๙๒")
    assert indicators(got) == {(2567, 1): 81.5, (2567, 3): 75.92}
    assert "parse_error" in kinds(got)
    from pipeline.extract.score_rows import cell_number
    assert cell_number("อ๒.๕๒")[0] == "junk"
    # a speck before a two-digit score is still a speck
    assert cell_number("ฆ๗๕.๙๔")[1].value == 75.94 and cell_number("# ๘.๕๐")[1].value == 8.5
