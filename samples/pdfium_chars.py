"""How far pdfium's characters are from the ones the PDF reader reads (pdfminer's), page by
page: the measurement behind issue 23's lever "pypdfium2 for characters where pdfminer's
layout pass is the cost" (docs/measurements.md, 2026-12-07, branch pdfchars, third round).

    python -m samples.pdfium_chars PDF_OR_FOLDER... [--json FILE]

For every page of every digital PDF given (files named *.scan*.pdf are skipped), the
reader's glyph texts in drawing order (readers/pdf_chars.layout_objects, what the page's
text is built from) against pdfium's text page. pdfium's own character order is not the
content stream's: it moves a tone mark stacked over an upper vowel to the end of its line.
Ordered by the text object each character belongs to (FPDFText_GetTextObject; objects
numbered depth first through form XObjects, which is content-stream order), and by
pdfium's index within one object, it is. pdfium's made-up spaces and line breaks
(FPDFText_IsGenerated) are left out; a glyph with no Unicode mapping
(FPDFText_HasUnicodeMapError: pdfium gives its character code) is written (cid:N) as
pdfminer writes it.

Prints per family (the generator's suffix: .docx.pdf, .html.pdf, .xlsx.pdf, .css.pdf; other
PDFs "pdf") the pages, the pages whose glyph texts are equal, those equal but for spaces
pdfium dropped (it keeps one of a run of spaces), the commonest differences, and the CPU
seconds of pdfminer's pass and of pdfium's text page with the calls the comparison makes.
"""

from __future__ import annotations

import argparse
import ctypes
import difflib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

FAMILIES = re.compile(r"\.(docx|html|xlsx|css)\.pdf$")


def family(path: str) -> str:
    m = FAMILIES.search(path)
    return f"{m.group(1)}_pdf" if m else "pdf"


def _calls():
    """pdfium's C functions used here, without pypdfium2's declared argument types (the
    object handles pass as plain addresses)."""
    from pypdfium2_raw.bindings import _libs

    lib = _libs["pdfium"]
    calls = {name: lib[name] for name in (
        "FPDFText_CountChars", "FPDFText_GetUnicode", "FPDFText_IsGenerated",
        "FPDFText_HasUnicodeMapError", "FPDFText_GetTextObject", "FPDFPage_CountObjects",
        "FPDFPage_GetObject", "FPDFPageObj_GetType", "FPDFFormObj_CountObjects",
        "FPDFFormObj_GetObject")}
    for name in ("FPDFText_GetTextObject", "FPDFPage_GetObject", "FPDFFormObj_GetObject"):
        calls[name].restype = ctypes.c_void_p
    return calls


def object_order(page, calls) -> dict[int, int]:
    """Each page object's address -> its place in content-stream order (depth first
    through form XObjects)."""
    import pypdfium2.raw as pdfium_c

    order: dict[int, int] = {}

    def walk(handle, count, get) -> None:
        for k in range(count(handle)):
            obj = get(handle, k)
            if obj is None:
                continue
            order[obj] = len(order)
            if calls["FPDFPageObj_GetType"](ctypes.c_void_p(obj)) == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(ctypes.c_void_p(obj), calls["FPDFFormObj_CountObjects"], calls["FPDFFormObj_GetObject"])

    walk(page.raw, calls["FPDFPage_CountObjects"], calls["FPDFPage_GetObject"])
    return order


def pdfium_glyph_texts(page, calls) -> list[str]:
    """pdfium's characters of a page in content-stream order, as the reader would write
    them (module docstring)."""
    textpage = page.get_textpage()
    try:
        raw, order = textpage.raw, object_order(page, calls)
        out = []
        for i in range(calls["FPDFText_CountChars"](raw)):
            if calls["FPDFText_IsGenerated"](raw, i):
                continue
            code = calls["FPDFText_GetUnicode"](raw, i)
            text = f"(cid:{code})" if calls["FPDFText_HasUnicodeMapError"](raw, i) == 1 else chr(code)
            out.append((order.get(calls["FPDFText_GetTextObject"](raw, i), -1), i, text))
        out.sort(key=lambda item: item[:2])
        return [text for _, _, text in out]
    finally:
        textpage.close()


def differences(ours: list[str], theirs: list[str]) -> list[tuple[str, str, str]]:
    """(operation, ours, theirs) where the two glyph sequences differ."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return [(op, "".join(ours[i1:i2]), "".join(theirs[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def compare(paths: list[str]) -> dict:
    import pypdfium2 as pdfium

    from pipeline.readers.pdf import _open_pdf, _pages
    from pipeline.readers.pdf_chars import layout_objects

    calls = _calls()
    pages: Counter = Counter()
    kinds: Counter = Counter()
    cpu = Counter()
    for path in paths:
        fam = family(path)
        try:
            doc = pdfium.PdfDocument(path)
        except Exception as exc:  # noqa: BLE001 - a file pdfium cannot open is reported, not fatal
            print(f"{path}: pdfium cannot open it ({exc})", file=sys.stderr)
            continue
        try:
            with _open_pdf(path) as pdf:
                for page in _pages(pdf):
                    try:
                        t0 = time.process_time()
                        ours = [c["text"] for c in layout_objects(page).chars]
                        t1 = time.process_time()
                        pd_page = doc[page.page_number - 1]
                        theirs = pdfium_glyph_texts(pd_page, calls)
                        pd_page.close()
                        t2 = time.process_time()
                    except Exception as exc:  # noqa: BLE001
                        print(f"{path} page {page.page_number}: {exc}", file=sys.stderr)
                        continue
                    finally:
                        page.close()
                    cpu[fam, "pdfminer"] += t1 - t0
                    cpu[fam, "pdfium"] += t2 - t1
                    pages[fam, "pages"] += 1
                    if ours == theirs:
                        pages[fam, "equal"] += 1
                        continue
                    diff = differences(ours, theirs)
                    if all(op == "delete" and not a.strip() for op, a, _ in diff):
                        pages[fam, "equal but for dropped spaces"] += 1
                    for op, a, b in diff:
                        kinds[fam, "spaces dropped" if op == "delete" and not a.strip()
                              else f"{op} {a[:8]!r} -> {b[:8]!r}"] += 1
        except Exception as exc:  # noqa: BLE001 - pdfminer cannot open it: reported
            print(f"{path}: {exc}", file=sys.stderr)
        finally:
            doc.close()
    fams = sorted({f for f, _ in pages})
    return {fam: {"pages": pages[fam, "pages"], "equal": pages[fam, "equal"],
                  "equal_but_dropped_spaces": pages[fam, "equal but for dropped spaces"],
                  "cpu_s": {"pdfminer": round(cpu[fam, "pdfminer"], 3), "pdfium": round(cpu[fam, "pdfium"], 3)},
                  "differences": [[k, n] for (f, k), n in kinds.most_common() if f == fam][:12]}
            for fam in fams}


def _pdfs(args: list[str]) -> list[str]:
    out = []
    for a in args:
        p = Path(a)
        out += sorted(str(q) for q in p.glob("*.pdf")) if p.is_dir() else [str(p)]
    return [p for p in out if ".scan" not in Path(p).name]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    result = compare(_pdfs(args.paths))
    for fam, r in result.items():
        print(f"{fam}: {r['pages']} pages, glyph texts equal on {r['equal']}, equal but for spaces "
              f"pdfium dropped on {r['equal_but_dropped_spaces']}; CPU s pdfminer {r['cpu_s']['pdfminer']}, "
              f"pdfium {r['cpu_s']['pdfium']}")
        for kind, n in r["differences"][:6]:
            print(f"    {n:6d}  {kind}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
