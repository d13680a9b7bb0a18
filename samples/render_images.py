"""Image renderings of a digital PDF: image-only "scanned" PDFs and page images.

scan300: a clean 300 dpi black-and-white scan (bilevel pages, CCITT G4 in the PDF, as
office scanners write them; grey JPEG at 300 dpi would cost ~8x the bytes). scan200: a
200 dpi grey scan with the damage of a tired office scanner (slight rotation, blur, noise,
speckle, JPEG q≈60). png / jpeg: one image per page (doc_pN.png / doc_pN.jpg) at 200 dpi;
the png ones clean (8 grey levels), the jpeg ones with mild damage, like a fax-to-email.
skew: a 300 dpi bilevel scan of a page fed in crooked (1.5-4°). fax: a 1-bit fax
(fine mode 200x200 dpi, or standard 200x100 stretched back), with streaks and specks.
photo: one JPEG a page (doc.photo_pN.jpg), a phone's picture of the printed page: page
corners off square (perspective), light falling off across the page, a soft shadow, a
table-top around the sheet, colour, JPEG q 60-80.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter

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
    """An image-only PDF, one A4 page per image (portrait or landscape as the image is;
    no text layer), like a scanner writes.
    JPEG bytes are embedded as they are (DCTDecode); bilevel images become CCITT G4."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(title)
    pdf.set_producer("samples.generate (scanner simulation)")
    for data in images:
        src = io.BytesIO(data) if isinstance(data, bytes) else data
        # a landscape page is scanned as landscape: a portrait A4 page would squeeze it
        # to 0.7 of its width and stretch it 1.4 times in height
        w, h = Image.open(src).size if isinstance(data, bytes) else data.size
        landscape = w > h
        pdf.add_page(orientation="L" if landscape else "P")
        if isinstance(data, bytes):
            src.seek(0)
        pdf.image(src, x=0, y=0, w=297 if landscape else 210, h=210 if landscape else 297)
    pdf.output(str(path))


def _perspective_coeffs(src: list, dst: list) -> list[float]:
    """PIL's PERSPECTIVE coefficients mapping output points `dst` to input points `src`."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, float), np.array(b, float)).tolist()


def skewed(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    angle = float(rng.uniform(1.5, 4.0)) * (1 if rng.random() < 0.5 else -1)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    return bilevel(img)


def fax(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A received fax: 1 bit, thresholded hard, in standard mode every other line lost."""
    w, h = img.size
    if rng.random() < 0.35:  # standard resolution: 100 lines an inch, stretched back
        img = img.resize((w, h // 2), Image.BILINEAR).resize((w, h), Image.NEAREST)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    a = np.asarray(img, dtype=np.float32) + rng.normal(0, 18, (h, w))
    cut = float(rng.uniform(140, 185))
    out = a > cut
    for _ in range(int(rng.integers(0, 4))):  # a dirty scanner line: a streak down the page
        x = int(rng.integers(0, w))
        out[:, x:x + int(rng.integers(1, 3))] = False
    out[rng.random((h, w)) < 0.0008] = False  # specks
    return Image.fromarray((out * 255).astype(np.uint8), "L").convert("1")


def photo(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A phone's picture of a printed page lying on a table."""
    w, h = img.size
    page = img.convert("RGB")
    tint = np.array([rng.uniform(0.93, 1.0), rng.uniform(0.9, 0.98), rng.uniform(0.8, 0.92)])
    a = np.asarray(page, dtype=np.float32) * tint
    # light falling off across the page, from a random side
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, 2)
    ramp = (gx * (xx / w - 0.5) + gy * (yy / h - 0.5))
    a *= (float(rng.uniform(0.8, 0.95)) + 0.25 * ramp)[..., None]
    # a soft shadow (the photographer's hand or phone) over one edge
    shade = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(shade)
    cx, cy = float(rng.uniform(0, w)), float(rng.uniform(0.6, 1.2) * h)
    r = float(rng.uniform(0.25, 0.45) * w)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=int(rng.uniform(70, 120)))
    shade = np.asarray(shade.filter(ImageFilter.GaussianBlur(w / 25)), dtype=np.float32) / 255
    a *= (1 - shade)[..., None]
    page = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")
    # perspective: the sheet's corners seen off square, on a darker table
    m = 0.07
    jitter = lambda: float(rng.uniform(0.0, m))  # noqa: E731
    dst = [(w * jitter(), h * jitter()), (w * (1 - jitter()), h * jitter()),
           (w * (1 - jitter()), h * (1 - jitter())), (w * jitter(), h * (1 - jitter()))]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(src, dst)
    table = tuple(int(v) for v in rng.uniform(60, 140, 3))
    out = page.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=table)
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.9))))
    n = np.asarray(out, dtype=np.float32) + rng.normal(0, 4, (h, w, 1))
    return Image.fromarray(np.clip(n, 0, 255).astype(np.uint8), "RGB")


def render_images(pdf_path, out_dir, stem: str, kinds: set[str], seed: int) -> dict:
    """Write the requested image renderings; return {kind: file name or [file names]}."""
    files: dict = {}
    rng = np.random.default_rng(seed)
    if "scan300" in kinds:
        pages = rasterise(pdf_path, 300)
        image_pdf([bilevel(p) for p in pages], stem, out_dir / f"{stem}.scan300.pdf")
        files["scan300"] = f"{stem}.scan300.pdf"
    if "skew" in kinds:
        pages = rasterise(pdf_path, 300)
        image_pdf([skewed(p, rng) for p in pages], stem, out_dir / f"{stem}.skew.pdf")
        files["skew"] = f"{stem}.skew.pdf"
    if kinds & {"scan200", "png", "jpeg", "fax", "photo"}:
        pages = rasterise(pdf_path, 200)
        if "fax" in kinds:
            image_pdf([fax(p, rng) for p in pages], stem, out_dir / f"{stem}.fax.pdf")
            files["fax"] = f"{stem}.fax.pdf"
        if "photo" in kinds:
            files["photo"] = []
            for i, p in enumerate(pages, 1):
                name = f"{stem}.photo_p{i}.jpg"
                img = photo(p, rng)
                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=int(rng.integers(60, 81)), dpi=(200, 200))
                (out_dir / name).write_bytes(buf.getvalue())
                files["photo"].append(name)
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
