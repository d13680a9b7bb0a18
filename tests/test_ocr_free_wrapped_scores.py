"""A score that a narrow cell of a borderless (unruled) table wrapped after its first
digit: Word lays a memo's `คะแนนรวม ๗๖.๘๘ คะแนน` row out as `๗` over `๖.๘๘`, the row's
label wrapping beside them (`(IIT)`). The page text must hold ๗๖.๘๘ once, not ๗ and ๖.๘๘."""

from __future__ import annotations

from pipeline.ocr.lines import build_lines, join_free_wrapped_scores
from pipeline.ocr.settings import OcrWord


def W(text, left, top, right, bottom, line=1, block=1):
    return OcrWord(text, 95.0, left, top, right - left, bottom - top, block, 1, line, 1)


def _memo_rows(rest_left=1750, rest="๖.๘๘", head="๗"):
    # boxes as Tesseract gave them on a 300-dpi scan (text 38 px high, lines 113 px apart)
    return [
        W("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", 380, 2967, 1295, 3005, block=3),
        W("คะแนนรวม", 1415, 2971, 1666, 3005, block=3),
        W(head, 1751, 2967, 1785, 3005, block=3),
        W("คะแนน", 1969, 2971, 2134, 3005, block=3),
        W("(IIT)", 379, 3079, 487, 3129, block=4),
        W(rest, rest_left, 3080, rest_left + 130, 3119, block=4),
    ]


def _text(words):
    return "\n".join(t for t, _ in build_lines([w for w in words if w.text.strip()]))


def test_a_score_wrapped_under_its_first_digit_is_one_number():
    text = _text(join_free_wrapped_scores(_memo_rows()))
    assert text.splitlines()[0].endswith("คะแนนรวม ๗๖.๘๘ คะแนน")
    assert "๖.๘๘" not in text.replace("๗๖.๘๘", "")
    assert text.splitlines()[1].strip() == "(IIT)"


def test_pieces_that_are_not_one_score_stay_apart():
    # the rest not under the first digit (another column), a sum over 100, two scripts
    for words in (_memo_rows(rest_left=1900), _memo_rows(head="๑", rest="๒๐.๕๐"),
                  _memo_rows(rest="6.88")):
        out = join_free_wrapped_scores(words)
        assert [w.text for w in out] == [w.text for w in words]


def test_a_digit_inside_a_line_of_text_is_not_a_cell():
    words = _memo_rows()
    # a word right beside the digit: it is part of a sentence, not a cell of its own
    words.insert(3, W("ข้อ", 1790, 2967, 1830, 3005, block=3))
    assert [w.text for w in join_free_wrapped_scores(words)] == [w.text for w in words]
