"""The scanner simulation puts a landscape page image on a landscape page, as a scanner
writes it (samples/render_images.image_pdf); squeezed onto portrait A4 its letters
were half as wide for their height."""

import pypdfium2 as pdfium
from PIL import Image

from samples.render_images import image_pdf, jpeg_bytes


def test_landscape_and_portrait_pages_keep_their_shape(tmp_path):
    portrait = Image.new("L", (1654, 2339), 255)
    landscape = Image.new("L", (2339, 1654), 255)
    path = tmp_path / "scan.pdf"
    image_pdf([portrait, jpeg_bytes(landscape, 60, 200)], "t", path)
    doc = pdfium.PdfDocument(str(path))
    try:
        sizes = [(round(doc[i].get_width()), round(doc[i].get_height())) for i in range(len(doc))]
    finally:
        doc.close()
    assert sizes == [(595, 842), (842, 595)]  # A4 portrait, A4 landscape (points)
