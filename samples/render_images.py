"""Image renderings of a digital PDF: image-only "scanned" PDFs and page images.

scan300: a clean 300 dpi black-and-white scan (bilevel pages, CCITT G4 in the PDF, as
office scanners write them; grey JPEG at 300 dpi would cost ~8x the bytes). scan200: a
200 dpi grey scan with the damage of a tired office scanner (slight rotation, blur, noise,
speckle, JPEG q≈60). png / jpeg: one image per page (doc_pN.png / doc_pN.jpg) at 200 dpi;
the png ones clean (8 grey levels), the jpeg ones with mild damage, like a fax-to-email.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageFilter

from .render_pdf import CREATION_DATE


def rasterise(pdf_path, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                for i in range(len(doc))]
    finally:
        doc.close()


def damage(img: Image.Image, rng: np.random.Generator, strength: float = 1.0) -> Image.Image:
    """Scanner damage: rotation within ±1°, blur, gaussian noise, speckle."""
    angle = float(rng.uniform(-1.0, 1.0)) * strength
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.5 + 0.3 * strength))
    a = np.asarray(img, dtype=np.float32)
    a = a * float(rng.uniform(0.88, 0.97)) + float(rng.uniform(4, 14))  # grey paper, weak toner
    a += rng.normal(0.0, 6.0 * strength, a.shape)
    speck = rng.random(a.shape)
    a[speck < 0.0006 * strength] = 30.0  # dust
    a[speck > 1 - 0.0015 * strength] = 255.0  # toner drop-outs
    a[a > 228] = 255.0  # the scanner's background suppression (and much smaller JPEGs)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def jpeg_bytes(img: Image.Image, quality: int, dpi: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return buf.getvalue()


def bilevel(img: Image.Image) -> Image.Image:
    return img.point(lambda v: 255 if v > 170 else 0).convert("1")


def image_pdf(images: list, title: str, path) -> None:
    """An image-only PDF, one A4 page per image (no text layer), like a scanner writes.
    JPEG bytes are embedded as they are (DCTDecode); bilevel images become CCITT G4."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(title)
    pdf.set_producer("samples.generate (scanner simulation)")
    for data in images:
        pdf.add_page()
        src = io.BytesIO(data) if isinstance(data, bytes) else data
        pdf.image(src, x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def render_images(pdf_path, out_dir, stem: str, kinds: set[str], seed: int) -> dict:
    """Write the requested image renderings; return {kind: file name or [file names]}."""
    files: dict = {}
    rng = np.random.default_rng(seed)
    if "scan300" in kinds:
        pages = rasterise(pdf_path, 300)
        image_pdf([bilevel(p) for p in pages], stem, out_dir / f"{stem}.scan300.pdf")
        files["scan300"] = f"{stem}.scan300.pdf"
    if kinds & {"scan200", "png", "jpeg"}:
        pages = rasterise(pdf_path, 200)
        if "scan200" in kinds:
            image_pdf([jpeg_bytes(damage(p, rng), 60, 200) for p in pages], stem,
                      out_dir / f"{stem}.scan200.pdf")
            files["scan200"] = f"{stem}.scan200.pdf"
        if "png" in kinds:
            files["png"] = []
            for i, p in enumerate(pages, 1):
                name = f"{stem}_p{i}.png"
                # 8 grey levels: anti-aliased text survives, the files stay small
                p.quantize(8, dither=Image.Dither.NONE).save(out_dir / name, optimize=True,
                                                             dpi=(200, 200))
                files["png"].append(name)
        if "jpeg" in kinds:
            files["jpeg"] = []
            for i, p in enumerate(pages, 1):
                name = f"{stem}_p{i}.jpg"
                (out_dir / name).write_bytes(jpeg_bytes(damage(p, rng, 0.4), 55, 200))
                files["jpeg"].append(name)
    return files
