"""A PDF page as an image for OCR: the scan stored in it when it holds one at a usable resolution,
otherwise rendered by pdfium; the scan's dpi; and each page's weight for scheduling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.pages import ReadError
from pipeline.readers.pdf_chars import open_pdfium

if TYPE_CHECKING:
    from PIL import Image
    from pipeline.readers.pdf import PdfSource

# A page whose largest image covers at least this share of it is a scan: it is rendered
# at the image's own resolution (measured: a 200-dpi scan rendered at 300 dpi gave
# 29% CER, at its native 200 dpi 10%, and 2x faster), kept within these bounds.
NATIVE_MIN_COVERAGE = 0.5

NATIVE_DPI_RANGE = (150, 400)


def render_page(data: PdfSource, page_no: int, dpi: int, max_pixels: int | None = None) -> "Image.Image":
    """Page `page_no` (1-based) rasterised by pypdfium2 at `dpi` (lower if the bitmap
    would exceed `max_pixels`: a poster-sized page), 8-bit grey.
    Raises ReadError when the page cannot be rendered."""
    try:
        pdf = open_pdfium(data)
    except Exception as exc:
        raise ReadError(f"PDF cannot be rendered: {type(exc).__name__}: {exc}") from exc
    try:
        return _render(_page(pdf, page_no), page_no, dpi, max_pixels)
    finally:
        pdf.close()


def _page(pdf, page_no: int):
    """Page `page_no` (1-based) of a pdfium document. Raises ReadError."""
    if not 1 <= page_no <= len(pdf):
        raise ReadError(f"page {page_no}: no such page")
    try:
        return pdf[page_no - 1]
    except Exception as exc:
        raise ReadError(f"page {page_no} cannot be rendered: {type(exc).__name__}: {exc}") from exc


def _render(page, page_no: int, dpi: int, max_pixels: int | None) -> "Image.Image":
    try:
        scale = dpi / 72
        if max_pixels:
            w_pt, h_pt = page.get_size()
            if w_pt * h_pt * scale * scale > max_pixels:
                scale = 0.99 * (max_pixels / max(1.0, w_pt * h_pt)) ** 0.5  # pdfium rounds up
        bitmap = page.render(scale=scale, grayscale=True)
        return bitmap.to_pil().copy()
    except Exception as exc:
        raise ReadError(f"page {page_no} cannot be rendered: {type(exc).__name__}: {exc}") from exc


def page_for_ocr(data: PdfSource, page_no: int, dpi: int, native_dpi: bool = True,
                 max_pixels: int | None = None) -> "Image.Image | None":
    """What OCR reads of page `page_no`: None for a blank page (nothing drawn), else
    the page in 8-bit grey, rendered at its scan's own resolution (scan_dpi; `dpi`
    where the page is not a scan or native_dpi is off). A page that is one 8-bit grey
    image over the whole page is that image as stored, pixel for pixel: decoding it
    takes ~10 ms against ~65 ms for pdfium's rendering pass of a 200-dpi page, which
    gave the same pixels on the generated scans (and may shift them by a row where the
    page is a fraction of a pixel larger than the image). Opens the PDF once. Raises
    ReadError."""
    try:
        pdf = open_pdfium(data)
    except Exception as exc:
        raise ReadError(f"PDF cannot be rendered: {type(exc).__name__}: {exc}") from exc
    try:
        page = _page(pdf, page_no)
        if _is_empty(page):
            return None
        native = _scan_dpi(page) if native_dpi else None
        if native:
            stored = _stored_grey_scan(page, native, max_pixels)
            if stored is not None:
                return stored
        return _render(page, page_no, native or dpi, max_pixels)
    finally:
        pdf.close()


def _stored_grey_scan(page, dpi: int, max_pixels: int | None) -> "Image.Image | None":
    """The page's only object, an 8-bit grey image drawn upright over the whole page
    at about `dpi` (within a pixel), decoded as stored; None for any other page, and for
    1-bit scans (rendering smooths their edges into grey, which OCR was measured on).
    Never raises."""
    import pypdfium2.raw as pdfium_c

    try:
        if page.get_rotation() or pdfium_c.FPDFPage_GetAnnotCount(page.raw):
            return None
        objs = list(page.get_objects(max_depth=2))
        if len(objs) != 1 or objs[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objs[0]
        meta = image.get_metadata()
        if meta.bits_per_pixel != 8 or meta.colorspace != pdfium_c.FPDF_COLORSPACE_DEVICEGRAY:
            return None
        pw, ph = page.get_size()
        m = image.get_matrix()
        if (m.b, m.c, m.e, m.f) != (0, 0, 0, 0) or abs(m.a - pw) > 0.01 or abs(m.d - ph) > 0.01:
            return None
        px_w, px_h = image.get_px_size()
        if abs(px_w - pw * dpi / 72) > 1 or abs(px_h - ph * dpi / 72) > 1:
            return None  # drawn at another resolution: rendering scales it to `dpi`
        if max_pixels and px_w * px_h > max_pixels:
            return None
        stored = image.get_bitmap(render=False).to_pil()
        return stored.copy() if stored.mode == "L" and stored.size == (px_w, px_h) else None
    except Exception:
        return None


def _is_empty(page) -> bool:
    """The page draws nothing at all (no page objects, no annotations): a blank page,
    which needs no rendering or OCR. False when unsure."""
    import pypdfium2.raw as pdfium_c

    try:
        return (pdfium_c.FPDFPage_CountObjects(page.raw) == 0
                and pdfium_c.FPDFPage_GetAnnotCount(page.raw) == 0)
    except Exception:
        return False


def page_weights(data: PdfSource, page_nos: list[int]) -> dict[int, float]:
    """The OCR work each page is likely to take, for ordering the page pool: the bytes
    of the images drawn on it as stored (a scan's compressed size grows with its ink;
    it tracked Tesseract's time per page with r = 0.98 on the generated scans). 1 for a
    page without images or when the PDF cannot tell. Never raises."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    weights = {n: 1.0 for n in page_nos}
    try:
        pdf = pdfium.PdfDocument(data if not isinstance(data, (bytearray, memoryview)) else bytes(data))
    except Exception:
        return weights
    try:
        for n in page_nos:
            try:
                page = pdf[n - 1]
                size = sum(pdfium_c.FPDFImageObj_GetImageDataRaw(obj.raw, None, 0)
                           for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
                weights[n] = float(max(1, size))
            except Exception:
                pass
        return weights
    finally:
        pdf.close()


def scan_dpi(data: PdfSource, page_no: int) -> int | None:
    """The resolution of the scanned image that covers page `page_no`, or None when
    the page is not (mostly) one image. Never raises."""
    try:
        pdf = open_pdfium(data)
    except Exception:
        return None
    try:
        return _scan_dpi(pdf[page_no - 1])
    except Exception:
        return None
    finally:
        pdf.close()


def _scan_dpi(page) -> int | None:
    import pypdfium2.raw as pdfium_c

    try:
        pw, ph = page.get_size()
        best = None
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            w_pt, h_pt = right - left, top - bottom
            if w_pt <= 0 or h_pt <= 0 or w_pt * h_pt < NATIVE_MIN_COVERAGE * pw * ph:
                continue
            px_w, px_h = obj.get_px_size()
            dpi = min(px_w / (w_pt / 72), px_h / (h_pt / 72))
            if best is None or w_pt * h_pt > best[0]:
                best = (w_pt * h_pt, dpi)
        if best is None:
            return None
        lo, hi = NATIVE_DPI_RANGE
        return int(min(hi, max(lo, round(best[1] / 10) * 10)))
    except Exception:
        return None
