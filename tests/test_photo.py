"""Page photographs made flat before OCR (pipeline/ocr/photo.py): the sheet found on
the surface it lies on, warped to a rectangle, the uneven light divided out; scans and
page images cut to the page left as they are."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

cv2 = pytest.importorskip("cv2")

from pipeline.ocr.photo import find_sheet, flatten_photo  # noqa: E402

W, H = 840, 1188  # an A4 page at 100 dpi


def _page() -> Image.Image:
    """A white page with a ruled table (5 rows) and lines of 'text' (dark bars)."""
    page = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(page)
    for i in range(6):  # the table's horizontal rules
        d.line([(100, 400 + 60 * i), (740, 400 + 60 * i)], fill=0, width=2)
    for x in (100, 300, 740):
        d.line([(x, 400), (x, 700)], fill=0, width=2)
    for i in range(5):  # text
        d.rectangle([120, 120 + 40 * i, 620, 132 + 40 * i], fill=30)
    return page


def _photo(page: Image.Image, corners) -> Image.Image:
    """The page seen in perspective on a blue-grey table, light falling off towards
    the bottom right, a soft shadow over its lower edge."""
    a = np.asarray(page.convert("RGB"), dtype=np.float32) * np.array([1.0, 0.96, 0.88])
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    a *= (1.0 - 0.35 * (xx / W + yy / H) / 2)[..., None]
    shade = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shade).ellipse([200, 900, 700, 1400], fill=110)
    a *= (1 - np.asarray(shade.filter(ImageFilter.GaussianBlur(30)), np.float32) / 255)[..., None]
    lit = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")
    src = np.array([(0, 0), (W, 0), (W, H), (0, H)], np.float32)
    m = cv2.getPerspectiveTransform(np.array(corners, np.float32), src)  # photo -> page
    out = lit.transform((W, H), Image.PERSPECTIVE, tuple((m / m[2, 2]).ravel()[:8]),
                        Image.BICUBIC, fillcolor=(90, 110, 125))
    return out.filter(ImageFilter.GaussianBlur(0.6))


CORNERS = [(50, 40), (800, 70), (770, 1150), (30, 1120)]


def test_the_sheet_is_found_at_its_corners():
    found = find_sheet(_photo(_page(), CORNERS))
    assert found is not None
    assert np.abs(found - np.array(CORNERS)).max() < 8  # pixels, of an 840-pixel-wide frame


def test_a_photo_becomes_a_flat_evenly_lit_page():
    flat = np.asarray(flatten_photo(_photo(_page(), CORNERS)))
    h, w = flat.shape
    assert abs(w / h - W / H) < 0.02
    # the table's rules are straight again: each dark row of the rule band is one row
    rows = np.where((flat < 128).sum(axis=1) > 0.68 * w)[0]  # rules: 640 of 840 pixels; text 500
    assert len(rows) >= 6
    runs = np.split(rows, np.where(np.diff(rows) > 1)[0] + 1)
    assert len(runs) == 6 and all(len(r) <= 5 for r in runs)
    # the paper is white under the shadow and in the dim corner alike
    paper = flat[(flat > 128)]
    assert np.percentile(paper, 5) > 200
    bottom, top = flat[int(0.85 * h):int(0.95 * h), 50:-50], flat[60:100, 50:-50]
    assert abs(float(np.median(bottom)) - float(np.median(top))) < 15


def test_an_unflattened_photo_has_dark_paper_and_slanted_rules():
    """The test photo is hard enough that flattening has something to do."""
    grey = np.asarray(_photo(_page(), CORNERS).convert("L"))
    assert np.percentile(grey[1000:1100, 300:600], 50) < 150  # the paper in the shadow


@pytest.mark.parametrize("frame", ["scan", "dark_scan_text", "small"])
def test_scans_and_cut_pages_are_left_alone(frame):
    if frame == "scan":
        img = _page()
    elif frame == "dark_scan_text":  # a grey scan, paper to the frame's edge
        img = Image.fromarray((np.asarray(_page(), np.float32) * 0.8 + 20).astype(np.uint8))
    else:
        img = Image.new("RGB", (150, 150), (90, 110, 125))
    assert find_sheet(img) is None
    assert flatten_photo(img) is None


def test_ocr_reads_the_flattened_sheet(monkeypatch):
    from pipeline.ocr import page as ocr_reader
    from pipeline.ocr import tables as ocr_tables

    seen = []
    monkeypatch.setattr(ocr_reader, "tesseract_words", lambda image, settings, deadline: seen.append(image) or [])
    monkeypatch.setenv("ITA_OCR_CACHE", "off")
    ocr_reader.ocr_page(_photo(_page(), CORNERS), 1)
    sheet = np.asarray(seen[0])
    # the sheet only, lit evenly: no table-top around it, no shadow on it
    assert np.percentile(sheet[:20], 50) > 200 and np.percentile(sheet[-60:-20], 50) > 200
    # a scan goes to Tesseract as it is
    seen.clear()
    ocr_reader.ocr_page(_page(), 1)
    assert np.array_equal(np.asarray(seen[0]), np.asarray(ocr_tables.erase_rules(_page(), ocr_tables.find_rules(_page()))))
