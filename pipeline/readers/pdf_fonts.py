"""What an embedded font says its Thai glyphs are, for text layers whose ToUnicode map lies.

A PDF maps each glyph to text through the font's ToUnicode map, which the producer
writes; the embedded TrueType program maps characters to glyphs through its own cmap
table, which the font's maker wrote. Word (2007, 2013) writes wrong Thai ToUnicode maps
(measured on ../shared/real, four Word PDFs with TH Sarabun fonts):
- the nikhahit glyph of a shaped sara am (ำ = ํ + า) is mapped to a space, so
  สำนักงาน reads "ส านักงาน" (glyph 286; the font's cmap: U+0E4D, uni0E4D);
- in a second font of the same file the sara aa glyph is mapped to sara am, so
  การ reads "กำร" and คำนำ "ค ำน ำ" (glyph 263; the font's cmap: U+0E32).
Where the font's own cmap (or, for a glyph it does not map, the glyph's name: uni0E48,
maiekthai) gives a Thai character and the ToUnicode map gives a space, nothing, a
private-use code or another single Thai character, the font is right: that is what
the glyph draws. Anything else (Latin, digits, a ligature mapped to several letters,
a glyph the font does not name) is left as the ToUnicode map says.

Only CID-keyed TrueType fonts (Type0 / CIDFontType2 with FontFile2) are looked at:
that is what Word and LibreOffice embed for Thai.
"""

from __future__ import annotations

import io
import logging
import sys
from array import array

from pdfminer.pdffont import PDFCIDFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral

log = logging.getLogger(__name__)

_THAI = range(0x0E01, 0x0E5C)


def _is_thai(text: str) -> bool:
    return len(text) == 1 and ord(text) in _THAI


def _is_pua(text: str) -> bool:
    return any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)


def _may_name_thai(name: str) -> bool:
    """Whether fontTools' toUnicode could read a glyph name as one Thai character: every
    Thai name of the Adobe Glyph List ends in "thai" (kokaithai, maiekthai), and a
    uniXXXX or uXXXX[XX] name of a Thai character holds 0E. Most glyphs of a font
    (Chromium embeds whole ones: ~1,700 names each) are neither, and their toUnicode
    cost ~6% of reading a browser's PDF."""
    low = name.lower()
    return "thai" in low or "0e" in low


def thai_glyphs(font_program: bytes, cid_to_gid: bytes | None = None) -> dict[int, tuple[str, ...]]:
    """{cid: the Thai characters the font maps to that glyph} of a TrueType program
    (cid = gid unless `cid_to_gid`, a CIDToGIDMap stream: 2 bytes per cid). The font's
    cmap first; a glyph it does not map is known by its name where that is a Unicode
    or AGL name. Empty when the program cannot be read. Never raises."""
    try:
        from fontTools.agl import toUnicode
        from fontTools.ttLib import TTFont

        tt = TTFont(io.BytesIO(font_program), lazy=True)
        order = tt.getGlyphOrder()
        by_name: dict[str, set[str]] = {}
        if "cmap" in tt:
            for table in tt["cmap"].tables:
                if not table.isUnicode():
                    continue
                for cp, name in table.cmap.items():
                    if cp in _THAI:
                        by_name.setdefault(name, set()).add(chr(cp))
        by_gid: dict[int, tuple[str, ...]] = {}
        for gid, name in enumerate(order):
            chars = by_name.get(name)
            if not chars and _may_name_thai(name):
                named = toUnicode(name)
                chars = {named} if _is_thai(named) else None
            if chars:
                by_gid[gid] = tuple(sorted(chars))
    except Exception as exc:  # a broken or exotic font program: keep the ToUnicode map
        log.debug("font program unreadable: %s", exc)
        return {}
    if cid_to_gid is None:
        return by_gid
    return by_cid(cid_to_gid, by_gid)


def by_cid(cid_to_gid: bytes, by_gid: dict[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """{cid: by_gid[gid]} through a CIDToGIDMap stream (2 big-endian bytes a cid)."""
    data = cid_to_gid[: len(cid_to_gid) // 2 * 2]
    if 0 not in by_gid:
        # the map has 65,536 entries and a subset font's cids come first: the rest send
        # to glyph 0 (measured: 66-232 of 131,072 bytes not zero), no Thai glyph here,
        # so the entries after the last glyph number that is not 0 are not read one by one
        data = data.rstrip(b"\0")
        data += b"\0" * (len(data) % 2)  # a last glyph number whose low byte is 0
    gids = array("H", data)
    if sys.byteorder == "little":
        gids.byteswap()  # the map is big-endian
    return {cid: by_gid[gid] for cid, gid in enumerate(gids) if gid in by_gid}


SARA_AM, NIKHAHIT, SARA_AA = "\u0e33", "\u0e4d", "\u0e32"


def _glyphs_in(text: str) -> int:
    """How many glyphs a text is drawn with, at least: ำ is two (ํ and า)."""
    return len(text) + text.count(SARA_AM)


class GlyphReader:
    """The text of a font's glyphs, one glyph after another in stream order: the
    ToUnicode map's, or the font's Thai character where the map's cannot be what the
    glyph draws. Stateful, because a producer may map a whole cluster to its first
    glyph and leave the others unmapped (fpdf2: น้ำ = น, "้ำ", unmapped ํ, unmapped
    า): those followers are already in the text and must not be added again."""

    def __init__(self, truth: dict[int, tuple[str, ...]]):
        self.truth = truth
        self.covered = 0  # following unmapped glyphs that the last text already holds
        self.repaired = 0

    def read(self, cid: int, text: str | None) -> str | None:
        true = self.truth.get(cid)
        if text is None:  # unmapped
            if self.covered:
                self.covered -= 1
                return None
            return self._fix(true[0]) if true else None
        self.covered = _glyphs_in(text) - 1  # a cluster's text on its first glyph
        if not true or text in true:
            return text
        if text == SARA_AM and true[0] == NIKHAHIT:
            self.covered = 1  # ำ on its nikhahit: the sara aa glyph that follows is in it
            return text
        if not text.strip() or _is_pua(text) or (text == SARA_AM and true[0] == SARA_AA):
            # a space or private-use code on a Thai glyph; sara am on the sara aa glyph
            # (Word: การ read กำร). Other Thai letters are left: a producer may spread
            # a cluster's letters over its glyphs in another order (fpdf2: ผู้ as ผ,
            # "ู" on the tone glyph, "้" on the vowel glyph), which is still right
            self.covered = 0
            return self._fix(true[0])
        return text

    def _fix(self, text: str) -> str:
        self.repaired += 1
        return text


class FontAwareResourceManager(PDFResourceManager):
    """pdfminer's resource manager whose CID TrueType fonts read Thai glyphs by the
    embedded font where its ToUnicode map is wrong (module docstring). `repaired`
    counts the glyphs read differently, so a reader can say how many it repaired."""

    def __init__(self) -> None:
        super().__init__()
        self._readers: list[GlyphReader] = []

    @property
    def repaired(self) -> int:
        return sum(reader.repaired for reader in self._readers)

    def get_font(self, objid, spec):
        font = super().get_font(objid, spec)
        if isinstance(font, PDFCIDFont) and not getattr(font, "_ita_checked", False):
            font._ita_checked = True
            truth = self._truth(font, spec)
            if truth:
                self._patch(font, truth)
        return font

    @staticmethod
    def _truth(font: PDFCIDFont, spec) -> dict[int, tuple[str, ...]]:
        fontfile = getattr(font, "fontfile", None)  # set by pdfminer for FontFile2 only
        if fontfile is None:
            return {}
        try:
            mapping = resolve1(spec.get("CIDToGIDMap")) if hasattr(spec, "get") else None
            if isinstance(mapping, PDFStream):
                cid_to_gid = mapping.get_data()
            elif mapping is None or (isinstance(mapping, PSLiteral) and mapping.name == "Identity"):
                cid_to_gid = None
            else:
                return {}
            return thai_glyphs(fontfile.get_data(), cid_to_gid)
        except Exception as exc:
            log.debug("font %s: %s", getattr(font, "basefont", "?"), exc)
            return {}

    def _patch(self, font: PDFCIDFont, truth: dict[int, tuple[str, ...]]) -> None:
        original = font.to_unichr
        reader = GlyphReader(truth)
        self._readers.append(reader)

        # the ToUnicode map's text of a cid, once a font (pdfminer's lookup is pure; the
        # reader, which is not, still sees every glyph)
        mapped: dict[int, str | None] = {}

        def to_unichr(cid: int) -> str:
            try:
                text = mapped[cid]
            except KeyError:
                try:
                    text = original(cid)
                except PDFUnicodeNotDefined:
                    text = None
                mapped[cid] = text
            text = reader.read(cid, text)
            if text is None:
                raise PDFUnicodeNotDefined(font.cidcoding, cid)
            return text

        font.to_unichr = to_unichr


_CID_TEXT = "(cid:"


def read_unmapped_sara_aa(chars: list[dict], known: set[tuple[str, str]] | None = None) -> int:
    """Read as า the glyph a font leaves unmapped where it is also the tail of a sara am.
    LibreOffice (Calc's and Writer's subset fonts, Kinnari Bold, Laksaman) maps a sara am
    cluster to ำ on its first glyph and leaves the sara aa glyph, its second, unmapped;
    when า and ำ share that glyph, every า of the font comes out as "(cid:N)" (รยงน for
    รายงาน). The unmapped glyph right after a ำ of the same font names the sara aa
    glyph; elsewhere (not after ำ, with an advance of its own) it is read as า. `chars`
    are pdfplumber's (text, fontname, x0, x1), in stream order; `known` (one set for a
    file's pages, in order) keeps what earlier pages taught. Returns how many were read."""
    known = set() if known is None else known
    for prev, c in zip(chars, chars[1:]):
        if (c["text"].startswith(_CID_TEXT) and prev["text"].endswith(SARA_AM)
                and prev.get("fontname") == c.get("fontname")):
            known.add((c.get("fontname") or "", c["text"]))
    if not known:
        return 0
    fixed = 0
    after_am = False
    for c in chars:
        text = c["text"]
        if ((c.get("fontname") or "", text) in known and not after_am
                and c["x1"] - c["x0"] > 0.01):
            c["text"] = SARA_AA
            fixed += 1
        after_am = text.endswith(SARA_AM)
    return fixed
