"""Page photographs made flat before OCR (OpenCV).

    flatten_photo(image) -> grey page image | None

A phone's picture of a printed page shows the sheet as a quadrilateral on a darker
surface, lit unevenly (light falling off across the page, a hand's shadow). Tesseract
reads such a page poorly: the lines of a table converge, so its rows and columns no
longer line up with the rules, and a global threshold loses the text under the shadow.

1. The sheet is found where it meets the surface: the surface is the smooth region
   (colour gradient below `EDGE_GRADIENTS`, a finer one where a faint edge let the
   surface in) joined to the frame's border; the sheet is
   what it encloses. The page's own white margin is smooth too, so a scan (paper to
   the frame's edge) is told apart by brightness: a surface region must be clearly
   darker than the paper (`SURFACE_DARKER`), and all of it cover at least
   `MIN_SURFACE` of the frame.
2. The sheet's four corners are mapped to a rectangle of the sheet's own size (the
   resolution stays the photo's), slightly inside its edge so no surface is left.
3. Uneven light is divided out: the paper's brightness is estimated by a grey closing
   (text and rules are narrower than the kernel), smoothed, and each pixel divided
   by it, so the paper is white everywhere and ink keeps its contrast to it.

Anything else (a scan, a screenshot, a crop of a page) gives None and is read as it is.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

try:  # OpenCV is a dependency; a checkout without it reads photos unflattened
    import cv2
except ImportError:  # pragma: no cover - depends on the environment
    cv2 = None

WORK_SIDE = 800  # the long side of the copy the sheet is looked for in
# colour step per pixel (0-255, after a slight blur: a sharp step of ~8) that is an edge;
# the second, finer one where the first let the surface in through a faint edge (the
# sheet's edge in a shadow, where paper and surface are alike)
EDGE_GRADIENTS = (2.5, 1.0)
MIN_SURFACE = 0.02  # share of the frame the surface must cover to be a photo at all
MIN_SHEET = 0.30  # share of the frame the sheet must cover
SURFACE_DARKER = 0.8  # a surface region's mean grey is under this share of the paper's
MIN_SOLIDITY = 0.93  # the sheet's area over its convex hull's: a quadrilateral, not a blob
INSET = 0.004  # of the sheet's size, cut from each side after the warp
LIGHT_KERNEL = 0.012  # the closing kernel, a share of the page's long side (~1.5 letters)


def flatten_photo(image: Image.Image) -> Image.Image | None:
    """The sheet of a page photograph, warped to a rectangle and evenly lit, as an
    8-bit grey image; None when the image does not look like a photo of a sheet."""
    if cv2 is None:
        return None
    corners = find_sheet(image)
    if corners is None:
        return None
    grey = np.asarray(image.convert("L"))
    flat = _warp(grey, corners)
    return Image.fromarray(even_light(flat), "L")


def find_sheet(image: Image.Image) -> np.ndarray | None:
    """The sheet's corners (4×2, full-resolution pixels: top-left, top-right,
    bottom-right, bottom-left), or None."""
    w, h = image.size
    if min(w, h) < 200:
        return None
    scale = WORK_SIDE / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # shrunk before converting (the same pixels for grey and RGB, a third of the cost);
    # a grey scan's three channels would be equal: its gradient is taken once
    if image.mode in ("L", "RGB"):
        small = image.resize(size, Image.Resampling.BILINEAR)
    else:
        small = image.convert("RGB").resize(size, Image.Resampling.BILINEAR)
    pixels = cv2.GaussianBlur(np.asarray(small, dtype=np.float32), (5, 5), 1.2)
    gx = cv2.Sobel(pixels, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(pixels, cv2.CV_32F, 0, 1, ksize=3) / 8
    grad = np.sqrt(gx * gx + gy * gy)
    if grad.ndim == 3:
        grad = grad.max(axis=2)
    grey = np.asarray(small.convert("L"), dtype=np.float32)
    for edge in EDGE_GRADIENTS:
        corners = _sheet_corners(grad < edge, grey)
        if corners is not None:
            return corners / scale
    return None


def _sheet_corners(smooth: np.ndarray, grey: np.ndarray) -> np.ndarray | None:
    """The corners (work-copy pixels) of the sheet that the smooth surface joined to the
    frame's border encloses, or None."""
    smooth = smooth.astype(np.uint8)
    paper = float(np.percentile(grey, 95))
    # the smooth regions that touch the frame's border and are clearly darker than the
    # paper: the surface the sheet lies on (the page's own margin, where the sheet runs
    # off the frame, is smooth and touches the border too, but is paper-bright)
    n, labels = cv2.connectedComponents(smooth, connectivity=4)
    size = np.bincount(labels.ravel(), minlength=n).astype(np.float64)
    mean = np.bincount(labels.ravel(), weights=grey.ravel(), minlength=n) / np.maximum(size, 1)
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    keep = np.zeros(n, bool)
    keep[[b for b in border if b != 0 and mean[b] < SURFACE_DARKER * paper]] = True
    surface = keep[labels]
    sh, sw = surface.shape
    if surface.mean() < MIN_SURFACE:
        return None  # no surface: a scan, or a photo cropped to the page
    sheet = (~surface).astype(np.uint8)
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(sheet, connectivity=4)
    if n < 2:
        return None
    big = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    sheet = (labels == big).astype(np.uint8)
    area = float(sheet.sum())
    if area < MIN_SHEET * sw * sh:
        return None
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    if area / max(1.0, cv2.contourArea(hull)) < MIN_SOLIDITY:
        return None
    return _quad(hull.reshape(-1, 2).astype(np.float64))


def _quad(points: np.ndarray) -> np.ndarray:
    """Four corners of a roughly upright quadrilateral's hull: the points furthest
    towards each corner of the frame (top-left, top-right, bottom-right, bottom-left)."""
    s, d = points.sum(axis=1), points[:, 0] - points[:, 1]
    return np.array([points[np.argmin(s)], points[np.argmax(d)],
                     points[np.argmax(s)], points[np.argmin(d)]])


def _warp(grey: np.ndarray, corners: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    dx, dy = INSET * width, INSET * height
    out_w, out_h = int(round(width - 2 * dx)), int(round(height - 2 * dy))
    target = np.array([[-dx, -dy], [out_w + dx, -dy], [out_w + dx, out_h + dy],
                       [-dx, out_h + dy]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(grey, m, (out_w, out_h), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def even_light(grey: np.ndarray) -> np.ndarray:
    """Each pixel divided by the paper's brightness around it (white paper, ink kept)."""
    k = max(3, int(LIGHT_KERNEL * max(grey.shape)) | 1)
    paper = cv2.morphologyEx(grey, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2).astype(np.float32)
    out = grey.astype(np.float32) / np.maximum(paper, 1.0) * 255.0
    return np.clip(out, 0, 255).astype(np.uint8)
