"""Where a flag points on its page, and the page crop that shows it.

A flag carries its page and, where extraction knew it (a score OCR could not read),
its box. Else the box is found from what the flag says: the boxes of the report's
values on that page that the flag's message or evidence names (a score such as 90.24;
each value's own box, pipeline/valuebox.py), else the page line that holds the start of
its evidence. PDF pages are rendered with pypdfium2, images opened with PIL; text files have
no image, so the review page shows the matching text line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.readers import registry

RENDER_SCALE = 1.6  # 115 dpi: digits legible, a page ~100 kB as JPEG
MARGIN = 0.06  # of the page height, above and below the boxes
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+\.\d+")


@dataclass(frozen=True)
class Target:
    boxes: tuple[tuple[float, float, float, float], ...]  # fractions of the page
    line: str | None  # the page line the flag points at, where found


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def locate(con: duckdb.DuckDBPyConnection, flag: dict) -> Target:
    """The boxes (and text line) a flag points at on its page; empty when unknown."""
    if not flag.get("page"):
        return Target((), None)
    row = con.execute("SELECT text, line_boxes FROM pages WHERE file_id = ? AND page_no = ?",
                      [flag["file_id"], flag["page"]]).fetchall()
    if not row:
        return Target((), None)
    text, line_boxes = row[0]
    lines = (text or "").split("\n")
    boxes = list(line_boxes or [])
    evidence = _norm(flag.get("evidence") or "")

    def line_of(box) -> str | None:  # the page line whose box holds `box`
        return next((ln for ln, b in zip(lines, boxes) if b and b[0] <= box[0] + 1e-4 and b[1] <= box[1] + 1e-4
                     and b[2] >= box[2] - 1e-4 and b[3] >= box[3] - 1e-4), None)

    if flag.get("bbox"):
        return Target((tuple(flag["bbox"]),), line_of(flag["bbox"]))
    # 1. the report's values on that page that the flag names: their own boxes
    said = set(_NUMBER.findall((flag.get("message") or "") + " " + evidence))
    found: list[tuple] = []
    if said and flag.get("report_id"):
        for table, col in (("year_results", "overall_score"), ("tool_scores", "score"),
                           ("indicator_scores", "score"), ("index_scores", "score"),
                           ("evidence", "TRY_CAST(value AS DOUBLE)")):
            for value, bbox in con.execute(
                f"SELECT {col}, bbox FROM {table} WHERE report_id = ? AND page = ? AND bbox IS NOT NULL",
                [flag["report_id"], flag["page"]],
            ).fetchall():
                if value is not None and f"{value:.2f}" in said and tuple(bbox) not in found:
                    found.append(tuple(bbox))
    if found:
        return Target(tuple(found[:4]), line_of(found[0]))
    # 2. the line that holds the start of the evidence, or of one of its parts (quoted
    #    text: a heading, a row, the spellings of a name)
    for piece in [evidence, *re.split(r" \| |; | = |: ", evidence)]:
        head = piece[:24]
        if len(head) < 6 or "=" in head:  # "overall=90.24": a summary, not the page's words
            continue
        for i, line in enumerate(lines):
            if head in _norm(line):
                box = boxes[i] if i < len(boxes) else None
                return Target((tuple(box),) if box else (), line)
    # 3. text files have no boxes: the line that holds a number the flag names
    for line in lines:
        if any(n in line for n in said):
            return Target((), line)
    return Target((), None)


def render_page(path: str, media_type: str, page_no: int):
    """The page as a PIL image, or None when the file has no image (text) or is gone."""
    if not Path(path).is_file():
        return None
    if media_type == registry.PDF:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            if not 1 <= page_no <= len(pdf):
                return None
            return pdf[page_no - 1].render(scale=RENDER_SCALE).to_pil().convert("RGB")
        finally:
            pdf.close()
    if media_type in registry.IMAGE_TYPES:
        from PIL import Image

        with Image.open(path) as im:
            im.seek(page_no - 1)  # a multi-page TIFF; PNG/JPEG have page 1 only
            return im.convert("RGB")
    return None


def crop(image, boxes) -> object:
    """The page band that holds `boxes` (whole width), each box drawn in red; the
    top of the page when there is no box."""
    from PIL import ImageDraw

    w, h = image.size
    img = image.copy()
    draw = ImageDraw.Draw(img)
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 * w - 4, top * h - 3, x1 * w + 4, bottom * h + 3], outline=(220, 20, 20), width=3)
    if not boxes:
        return img.crop((0, 0, w, int(h * 0.5)))
    top = max(0.0, min(b[1] for b in boxes) - MARGIN)
    bottom = min(1.0, max(b[3] for b in boxes) + MARGIN)
    return img.crop((0, int(top * h), w, int(bottom * h)))
