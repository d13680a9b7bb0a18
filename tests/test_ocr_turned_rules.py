"""A low-resolution scan levelled by a smooth turn keeps its 1-pixel rules
(pipeline/ocr/tables.find_rules(turned=True)): the turn smears them into grey."""

from PIL import Image, ImageDraw

from pipeline.ocr.tables import deskew_angle, find_rules


def _table_page(skew: float) -> Image.Image:
    """A 200-dpi A4 page with a ruled table of 1-pixel lines, scanned `skew` degrees
    crooked (bicubic, as a scanner's rotation)."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    xs = [100, 320, 560, 710, 900, 1140]
    ys = [160, 390, 700, 1080, 1380, 1610]
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=1)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=1)
    return page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _vertical_length(rules) -> float:
    return sum(abs(v.y1 - v.y0) for v in rules.vertical)


def test_levelled_low_res_page_keeps_its_vertical_rules():
    scanned = _table_page(-1.3)
    angle = deskew_angle(find_rules(scanned), scanned.size)
    assert abs(angle - 1.3) < 0.2  # levelled at 200 dpi: over the 1 deg threshold
    level = scanned.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    table_height = 1610 - 160
    found = find_rules(level, turned=True)
    assert len(found.horizontal) == 6
    assert _vertical_length(found) > 0.9 * 6 * table_height
    # the plain threshold loses most of them: the reason for `turned`
    assert _vertical_length(find_rules(level)) < _vertical_length(found)


def test_high_resolution_page_keeps_the_plain_threshold():
    # at 300 dpi rules are thick enough: `turned` changes nothing there
    page = Image.new("L", (2480, 3508), 255)
    ImageDraw.Draw(page).line([(200, 300), (2200, 300)], fill=150, width=3)  # grey: not ink
    ImageDraw.Draw(page).line([(200, 600), (2200, 600)], fill=0, width=3)
    for turned in (False, True):
        assert [abs(r.y0 - 600) <= 2 for r in find_rules(page, turned=turned).horizontal] == [True]
