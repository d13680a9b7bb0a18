"""Two ruled tables one under the other, their columns in line, a heading between
them: their sides stay two rules each (pipeline/ocr/tables.find_rules), while a rule
broken by a speck of noise inside a table is still one."""

from PIL import Image, ImageDraw

from pipeline.ocr.tables import find_rules


def _page(gap_at_rules: bool) -> Image.Image:
    page = Image.new("L", (1653, 2339), 255)
    draw = ImageDraw.Draw(page)
    xs = (200, 600, 1500)
    tables = [(200, 1000), (1100, 1800)] if gap_at_rules else [(200, 1800)]
    for top, bottom in tables:
        for y in range(top, bottom + 1, 200):
            draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
        for x in xs:
            draw.line([(x, top), (x, bottom)], fill=0, width=3)
    if not gap_at_rules:  # a faded stretch of every side, mid-cell
        draw.rectangle([0, 1050, 1653, 1150], fill=255)
        draw.line([(xs[0], 1000), (xs[-1], 1000)], fill=0, width=3)
        draw.line([(xs[0], 1200), (xs[-1], 1200)], fill=0, width=3)
    draw.text((300, 1040), "heading", fill=0)
    return page


def _spans(rules) -> list[tuple[int, int]]:
    return sorted({(round(min(v.y0, v.y1) / 10), round(max(v.y0, v.y1) / 10)) for v in rules.vertical})


def test_tables_one_under_the_other_keep_their_own_sides():
    assert _spans(find_rules(_page(True))) == [(20, 100), (110, 180)]


def test_rule_broken_mid_cell_is_one():
    assert _spans(find_rules(_page(False))) == [(20, 180)]
