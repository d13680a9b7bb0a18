"""Training of the digit model (pipeline/ocr/glyphs.py, pipeline/data/digit_model.npz) on glyphs
rendered from the installed Thai fonts (fonts-thai-tlwg) with scanner-like damage:
`python -m samples.digit_model --train` (`make digits`), deterministic for its seed;
`--eval` measures accuracy on a font left out of training.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr.glyphs import ARABIC_DIGITS, CLASSES, DIGITS, FONT_DIR, I_COMMA, I_DOT, I_OTHER, MODEL_PATH, N_CLASSES, THAI_DIGITS, _Model, binarise, features, glyphs_in


def _font_files(families: list[str], styles=("", "-Bold")) -> list[Path]:
    out = []
    for fam in families:
        for st in styles:
            p = FONT_DIR / f"{fam}{st}.ttf"
            if p.exists():
                out.append(p)
    return out

TRAIN_FAMILIES = ["Laksaman", "Garuda", "Loma", "Norasi", "Umpush", "Sawasdee", "TlwgTypo",
                  "TlwgTypist", "TlwgMono", "Waree", "Purisa", "Kinnari"]

HELD_OUT = "Kinnari"

THAI_LETTERS = "กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"

THAI_WORDS = ["คะแนน", "ลำดับที่", "พ.ศ.", "ปี", "ร้อยละ", "ที่", "วันที่", "ข้อ", "ตัวชี้วัด",
              "ระดับ", "ผ่าน", "ได้รับ", "ดีเยี่ยม", "ธันวาคม", "ก.ย.", "ต.ค.", "หมู่", "เล่ม",
              "จำนวน", "คน", "บาท", "เดือน", "ครั้ง", "ส่วน", "ภาค", "อำเภอ", "ตำบล", "กิจกรรม"]

LATIN_WORDS = ["ITA", "IIT", "EIT", "OIT", "O42", "I12", "E3", "and", "of", "on", "at", "al",
               "ITAS", "(OIT)", "a", "Score", "no", "l", "I", "Oo", "Sg"]

PUNCT = list("/()-:%[]|+*=\"'–")

# marks next to numbers that are not digits: repetition/abbreviation signs, dashes
OTHER_MARKS = ["ฯลฯ", "ต่างๆ", "กรุงเทพฯ", "ๆ", "ฯ", "-", "–", "--", "ปีๆ"]


def _number_string(rng: np.random.Generator) -> str:
    kind = rng.integers(0, 10)
    if kind >= 8:  # the pairs most often confused on scans: ๒/๖ and ๑/๗
        s = "".join("2617"[i] for i in rng.integers(0, 4, rng.integers(1, 6)))
    elif kind == 0:
        s = f"{rng.uniform(0, 100):.2f}"
    elif kind == 1:
        s = str(rng.integers(2540, 2575))
    elif kind == 2:
        s = f"{rng.integers(1000, 99999):,}"
    elif kind == 3:
        s = str(rng.integers(0, 1000))
    elif kind == 4:
        s = f"{rng.integers(1, 40)}."
    elif kind == 5:
        s = f"{rng.uniform(0, 100):.1f}"
    elif kind == 6:
        s = "".join(str(d) for d in rng.integers(0, 10, rng.integers(1, 7)))
    else:
        s = f"{rng.integers(1, 31)}/{rng.integers(1, 13)}"
    return s


def _sample_string(rng: np.random.Generator) -> str:
    thai = rng.random() < 0.6
    parts = [_number_string(rng) for _ in range(rng.integers(1, 3))]
    if thai:
        parts = [p.translate(str.maketrans(ARABIC_DIGITS, THAI_DIGITS)) for p in parts]
    text = " ".join(parts)
    r = rng.random()
    if r < 0.35:
        w = THAI_WORDS[rng.integers(len(THAI_WORDS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    elif r < 0.5:
        w = LATIN_WORDS[rng.integers(len(LATIN_WORDS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    elif r < 0.65:
        letters = "".join(THAI_LETTERS[i] for i in rng.integers(0, len(THAI_LETTERS), rng.integers(1, 5)))
        text = letters + " " + text
    elif r < 0.72:
        text = text + PUNCT[rng.integers(len(PUNCT))]
    elif r < 0.84:  # question codes: a Latin letter glued to digits (O๑๓, I7, i17)
        code = f"{'OIEi'[rng.integers(4)]}{rng.integers(1, 44)}"
        if thai:
            code = code.translate(str.maketrans(ARABIC_DIGITS, THAI_DIGITS))
        text = code + " " + text if rng.random() < 0.5 else code
    elif r < 0.88:
        text = text + " " + "." * int(rng.integers(3, 12))  # dot leaders
    elif r < 0.93:  # a page number between dashes: "- ๓ -"
        text = f"- {parts[0]} -" if rng.random() < 0.7 else f"-{parts[0]}-"
    elif r < 0.98:
        w = OTHER_MARKS[rng.integers(len(OTHER_MARKS))]
        text = w + " " + text if rng.random() < 0.5 else text + " " + w
    return text


def _damage(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Scanner-like damage (compare samples/render_images.py)."""
    img = img.rotate(float(rng.uniform(-1.3, 1.3)), resample=Image.BICUBIC, expand=False, fillcolor=255)
    if rng.random() < 0.75:
        img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.2, 1.1))))
    a = np.asarray(img, np.float32)
    a = a * float(rng.uniform(0.82, 1.0)) + float(rng.uniform(0, 22))
    a += rng.normal(0, float(rng.uniform(0, 9)), a.shape)
    if rng.random() < 0.5:
        sp = rng.random(a.shape)
        a[sp < 0.0008] = 30
        a[sp > 0.998] = 255
    a[a > float(rng.uniform(215, 245))] = 255
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    r = rng.random()
    if r < 0.12:
        img = img.filter(ImageFilter.MinFilter(3))  # thicker strokes
    elif r < 0.2:
        img = img.filter(ImageFilter.MaxFilter(3))  # thinner strokes
    if rng.random() < 0.5:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(45, 90)))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if rng.random() < 0.3:  # a bilevel scan (scan300)
        t = float(rng.uniform(120, 200))
        img = img.point(lambda v: 255 if v > t else 0)
    return img


def _damage_200(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A 200-dpi grey scan of a tired office scanner, or a mildly damaged JPEG photo of a
    page (samples/render_images.py's scan200 and jpeg): blur, weak toner, noise, dust and
    drop-outs after the blur, background suppression, JPEG at quality about 60. Some
    renders stay clean and get 8 grey levels (the png kind)."""
    if rng.random() < 0.15:
        return img.quantize(8, dither=Image.Dither.NONE).convert("L")
    st = float(rng.uniform(0.3, 1.3))
    img = img.rotate(float(rng.uniform(-1.0, 1.0)) * st, resample=Image.BICUBIC, expand=False,
                     fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.5 + 0.3 * st + float(rng.uniform(-0.1, 0.15))))
    a = np.asarray(img, np.float32)
    a = a * float(rng.uniform(0.86, 0.98)) + float(rng.uniform(2, 16))
    a += rng.normal(0, 6.0 * st, a.shape)
    sp = rng.random(a.shape)
    a[sp < 0.0006 * st * float(rng.uniform(0.5, 2.5))] = 30  # dust
    a[sp > 1 - 0.0015 * st] = 255  # toner drop-outs
    a[a > float(rng.uniform(222, 234))] = 255
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(rng.integers(45, 76)))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")

_FONTS: dict = {}


def _font(path: str, size: int):
    key = (path, size)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(path, size)
    return _FONTS[key]


def render_sample(text: str, font_path: Path, size: int, rng: np.random.Generator,
                  damage=None):
    """Render `text`, damage it, segment it the way repair_numbers does.
    Returns (features [n, F], labels [n]) for glyphs whose label is certain."""
    font = _font(str(font_path), size)
    asc, desc = font.getmetrics()
    pad = size // 4
    width = int(font.getlength(text)) + 2 * pad
    height = asc + desc + 2 * pad
    img = Image.new("L", (width, height), 255)
    ImageDraw.Draw(img).text((pad, pad), text, font=font, fill=0)
    # character x-ranges, for labelling
    spans = []
    for i, ch in enumerate(text):
        a = pad + font.getlength(text[:i])
        b = pad + font.getlength(text[:i + 1])
        spans.append((a, b, ch))
    img = (damage or _damage)(img, rng)
    grey = np.asarray(img)
    mask = binarise(grey)
    # the line band: where the digits' ink sits (as Tesseract's word boxes would say)
    probe = font.getbbox("0๐", anchor="ls")
    base_y = pad + asc
    band = (base_y + probe[1], base_y + 1)
    gl, ref_h, baseline = glyphs_in(mask, band)
    X, y = [], []
    for g in gl:
        cx = (g.x0 + g.x1) / 2
        hits = [ch for a, b, ch in spans if a - 1 <= cx <= b + 1]
        inside = [ch for a, b, ch in spans if g.x0 - 1 <= (a + b) / 2 <= g.x1 + 1 and ch.strip()]
        if len(hits) != 1 or not hits[0].strip():
            continue
        ch = hits[0]
        if ch in THAI_DIGITS or ch in ARABIC_DIGITS or ch in ".,":
            # a digit glyph must hold exactly that character (no touching neighbour)
            if len([c for c in inside if c not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"]) != 1:
                continue
            label = CLASSES.index(ch)
        else:
            if any(c in DIGITS for c in inside):
                continue
            label = I_OTHER
        X.append(features(g, ref_h, baseline))
        y.append(label)
    return X, y


def make_dataset(fonts: list[Path], per_font: int, seed: int):
    rng = np.random.default_rng(seed)
    X, y = [], []
    for f in fonts:
        for _ in range(per_font):
            if rng.random() < SHARE_200:  # 13-18 pt at 200 dpi
                size = int(rng.integers(28, 56))
                xs, ys = render_sample(_sample_string(rng), f, size, rng, _damage_200)
            else:
                size = int(rng.integers(24, 84))
                xs, ys = render_sample(_sample_string(rng), f, size, rng)
            X.extend(xs)
            y.extend(ys)
    return np.array(X, np.float32), np.array(y, np.int64)


def train_mlp(X: np.ndarray, y: np.ndarray, seed: int, hidden: int = 160, epochs: int = 24,
              lr: float = 2e-3, batch: int = 256) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mu = X.mean(axis=0)
    sd = X.std(axis=0) + 0.05
    Xn = (X - mu) / sd
    F = X.shape[1]
    w1 = rng.normal(0, math.sqrt(2.0 / F), (F, hidden)).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = rng.normal(0, math.sqrt(2.0 / hidden), (hidden, N_CLASSES)).astype(np.float32)
    b2 = np.zeros(N_CLASSES, np.float32)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1_, b2_, eps, wd = 0.9, 0.999, 1e-8, 1e-4
    # class weights: 'other' and separators are plentiful
    counts = np.bincount(y, minlength=N_CLASSES).astype(np.float32)
    cw = (counts.sum() / (N_CLASSES * np.maximum(counts, 1))) ** 0.5
    t = 0
    n = len(X)
    for ep in range(epochs):
        order = rng.permutation(n)
        rate = lr * (0.5 * (1 + math.cos(math.pi * ep / epochs)))
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = Xn[idx], y[idx]
            hpre = xb @ w1 + b1
            h = np.maximum(hpre, 0)
            z = h @ w2 + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            g = p
            g[np.arange(len(yb)), yb] -= 1
            g *= cw[yb][:, None] / len(yb)
            gw2 = h.T @ g + wd * w2
            gb2 = g.sum(axis=0)
            gh = (g @ w2.T) * (hpre > 0)
            gw1 = xb.T @ gh + wd * w1
            gb1 = gh.sum(axis=0)
            t += 1
            for j, (pp, gg) in enumerate(zip(params, (gw1, gb1, gw2, gb2))):
                m[j] = b1_ * m[j] + (1 - b1_) * gg
                v[j] = b2_ * v[j] + (1 - b2_) * gg * gg
                mh = m[j] / (1 - b1_ ** t)
                vh = v[j] / (1 - b2_ ** t)
                pp -= (rate * mh / (np.sqrt(vh) + eps)).astype(np.float32)
    return {"w1": w1, "b1": b1, "w2": w2, "b2": b2, "mu": mu.astype(np.float32),
            "sd": sd.astype(np.float32)}


def _accuracy(params, X, y) -> dict:
    p = _Model(params).proba(X)
    pred = p.argmax(axis=1)
    ok = pred == y
    dig = y < 20
    # a digit's value and script both right
    return {"all": float(ok.mean()), "digits": float(ok[dig].mean()) if dig.any() else None,
            "separators": float(ok[(y == I_DOT) | (y == I_COMMA)].mean()),
            "other": float(ok[y == I_OTHER].mean()), "n": int(len(y))}

SEED = 20260601

PER_FONT = 320

SHARE_200 = 0.3  # renders with 200-dpi scan damage (_damage_200)


def train(out: Path = MODEL_PATH, seed: int = SEED, per_font: int = PER_FONT, verbose=True):
    t0 = time.time()
    fonts = _font_files(TRAIN_FAMILIES)
    X, y = make_dataset(fonts, per_font, seed)
    if verbose:
        print(f"train: {len(y)} glyphs from {len(fonts)} fonts in {time.time() - t0:.1f}s", file=sys.stderr)
    params = train_mlp(X, y, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **{k: v.astype(np.float16) if k.startswith("w") else v
                                for k, v in params.items()}, classes=np.array(CLASSES))
    if verbose:
        print(f"train: {_accuracy(params, X, y)} ({time.time() - t0:.1f}s) -> {out}", file=sys.stderr)
    return params


def evaluate_held_out(seed: int = SEED, per_font: int = PER_FONT, held_out: str = HELD_OUT):
    """Train without `held_out`, test on it (fresh renders)."""
    t0 = time.time()
    fonts = _font_files([f for f in TRAIN_FAMILIES if f != held_out])
    X, y = make_dataset(fonts, per_font, seed)
    params = train_mlp(X, y, seed)
    Xt, yt = make_dataset(_font_files([held_out]), 400, seed + 1)
    acc = _accuracy(params, Xt, yt)
    print(f"held-out {held_out}: {acc} ({time.time() - t0:.1f}s)")
    pred = _Model(params).proba(Xt).argmax(axis=1)
    pairs = {}
    for a, b in zip(yt.tolist(), pred.tolist()):
        if a != b:
            pairs[(CLASSES[a], CLASSES[b])] = pairs.get((CLASSES[a], CLASSES[b]), 0) + 1
    print("confusions (true, predicted):", sorted(pairs.items(), key=lambda kv: -kv[1])[:15])
    return acc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.digit_model", description=__doc__.split("\n")[0])
    ap.add_argument("--train", action="store_true", help=f"train and write {MODEL_PATH.name}")
    ap.add_argument("--eval", action="store_true", help=f"accuracy on a held-out font ({HELD_OUT})")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    if not (args.train or args.eval):
        ap.print_help()
        return 1
    if args.eval:
        evaluate_held_out()
    if args.train:
        train(args.out)
    return 0

if __name__ == "__main__":
    sys.exit(main())
