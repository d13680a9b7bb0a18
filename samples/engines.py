"""Documents laid out by engines the project does not control: Word files converted by
LibreOffice, HTML printed by Chromium, and the scans and photos of their PDFs.

Kinds are named ENGINE_RENDERING: `docx_pdf`, `docx_scan300`, `docx_scan200`,
`docx_skew`, `docx_fax`, `docx_photo`, and the same with `html_`; `xlsx_` (a workbook
printed by LibreOffice Calc, render_xlsx.py) and `css_` (tables as CSS grid/flex divs,
printed by Chromium, render_css.py) have pdf, scan300 and scan200. (The project's own
fpdf2 engine keeps its unprefixed names: pdf, scan300, …, skew, fax, photo.) The kind
`docx` is the Word file itself, as an agency publishes it (its truth's pages are still
LibreOffice's: a Word file has no pages until it is printed).

The truth stays the document model's (builders.py): rows, headline, flags. What depends
on the engine's layout is recorded per engine under the truth's `layouts`: the pages
each report starts and ends on (found in the PDF's text), the number of pages, the text
and numbers the restyled document prints (document-wide: the engine, not we, decides
what falls on which page), and the look drawn (font, size, justification…).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from . import thaifmt as tf
from .builders import join_reports
from .render_css import render_css
from .render_docx import render_docx
from .render_html import render_html
from .render_images import render_images
from .render_xlsx import render_xlsx
from .restyle import number_tokens, plain_text, restyle

ENGINES = ("docx", "html", "xlsx", "css")
RENDERINGS = ("pdf", "scan300", "scan200", "skew", "fax", "photo")
# families added after the pipeline was tuned (issue 17): their digital PDF and two scans
NEW_RENDERINGS = {"xlsx": ("pdf", "scan300", "scan200"), "css": ("pdf", "scan300", "scan200")}
KINDS = tuple(f"{e}_{r}" for e in ENGINES for r in NEW_RENDERINGS.get(e, RENDERINGS))
SUFFIX = {"docx": "docx", "html": "html", "xlsx": "xlsx", "css": "grid.html"}  # source file
SOURCE_KINDS = ("docx",)  # an engine's own source file, ingested as it is
# page-image kinds of every engine: unless --every-kind, each document gets one of those
# requested, in turn (OCR is what makes a corpus slow to evaluate)
ROTATED = ("docx_scan300", "html_scan300", "docx_scan200", "html_scan200", "docx_photo",
           "html_photo", "docx_skew", "html_skew", "docx_fax", "html_fax", "skew", "fax", "photo",
           "xlsx_scan300", "css_scan300", "xlsx_scan200", "css_scan200")
TOOLS = {"docx": "soffice", "html": "chromium", "xlsx": "soffice", "css": "chromium"}
INSTALL = "scripts/bootstrap-system.sh samples"


def engine_of(kind: str) -> str | None:
    if kind in SOURCE_KINDS:
        return kind
    head = kind.split("_", 1)[0]
    return head if head in ENGINES and "_" in kind else None


def rendering_of(kind: str) -> str:
    """What a kind of an engine is: "source" (the engine's own file) or a rendering."""
    return "source" if kind in SOURCE_KINDS else kind.split("_", 1)[1]


def missing_tools(kinds) -> list[str]:
    """The converters the requested kinds need that are not on PATH."""
    need = {TOOLS[e] for e in map(engine_of, kinds) if e}
    return sorted(t for t in need if shutil.which(t) is None)


def rotate(kinds: tuple[str, ...], index: int, every_kind: bool) -> tuple[str, ...]:
    turn = [k for k in ROTATED if k in kinds]
    if every_kind or len(turn) <= 1:
        return kinds
    mine = turn[(index - 1) % len(turn)]
    return tuple(k for k in kinds if k not in ROTATED or k == mine)


def write_sources(out: Path, stem: str, reports, seed: int, index: int, kinds) -> dict:
    """Write the DOCX/HTML of a document for each engine the kinds name; return the
    truth's `layouts` (pages filled in by `finish`)."""
    layouts = {}
    first = reports[0].report
    for engine in ENGINES:
        wanted = [rendering_of(k) for k in kinds if engine_of(k) == engine]
        if not wanted:
            continue
        rng = random.Random(f"ita-layout:{seed}:{index}:{engine}")
        look, blocks = restyle(join_reports(reports), rng, first["agency_name"],
                               first["fiscal_year"])
        source = f"{stem}.{SUFFIX[engine]}"
        if engine == "docx":
            render_docx(look, blocks, out / source)
        elif engine == "xlsx":
            render_xlsx(look, blocks, out / source)
        elif engine == "css":
            render_css(look, blocks, out / source, stem, rng)
        else:
            render_html(look, blocks, out / source, stem)
        layouts[engine] = {
            "source": source, "renderings": wanted, "look": look.__dict__,
            "text": plain_text(blocks),
            "numbers": [{"text": t, "value": tf.parse_number(t)} for t in number_tokens(blocks)],
            "starts": [_key(rep.blocks[0].text) for rep in reports],
        }
    return layouts


def _key(text: str) -> str:
    """A report's first line, as searched for in a PDF's text: NFC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))[:14]


def _soffice(sources: list[Path], dest: Path) -> None:
    """One LibreOffice run converts the whole batch (it is slow to start)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-samples-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(dest), *map(str, sources)],
                       check=True, capture_output=True, timeout=120 + 20 * len(sources))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def chromium_pdf(source: Path, pdf: Path, furniture: bool = False) -> None:
    """`source` (an HTML file) printed to `pdf` by headless Chromium, in a throwaway profile."""
    profile = tempfile.mkdtemp(prefix="chromium-samples-")
    try:
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}"]
        if not furniture:  # the browser's date / title / URL / page x of y lines
            cmd.append("--no-pdf-header-footer")
        subprocess.run(cmd + [source.resolve().as_uri()], check=True, capture_output=True,
                       timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


# a document's defects garble a code or two on purpose (samples/defects.py); more missing
# from the PDF's text means the layout engine lost rows
MAX_CODES_GARBLED = 2


def lost_rows(texts: list[str], truth: dict) -> list[str]:
    """Question codes of the truth's OIT items and measures rows that the PDF's text does
    not hold (whitespace and case ignored, Thai digits as Arabic): rows the layout engine
    lost."""
    flat = re.sub(r"\s+", "", tf.to_arabic("".join(texts))).upper()
    codes = [o["code"] for o in truth.get("oit_items", [])]
    codes += [c for m in truth.get("measures", []) for c in (m.get("question_codes") or [])]
    return [c for c in dict.fromkeys(codes) if c.upper() not in flat]


def drop_header_repeat(docx: Path) -> None:
    """Rewrite a DOCX without repeated header rows (w:tblHeader)."""
    from docx import Document

    doc = Document(str(docx))
    for table in doc.tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            for el in list(tr_pr) if tr_pr is not None else []:
                if el.tag.endswith("}tblHeader"):
                    tr_pr.remove(el)
    doc.save(str(docx))


def report_pages(texts: list[str], starts: list[str]) -> list[tuple[int | None, int | None]]:
    """(first, last) page of each report: report k starts on the first page after report
    k-1's start whose text holds its first line (each report starts a new page)."""
    flat = [re.sub(r"\s+", "", unicodedata.normalize("NFC", t)) for t in texts]
    firsts: list[int | None] = []
    after = 0
    for k, key in enumerate(starts):
        if k == 0:
            found = 1
        else:
            found = next((p for p in range(after + 1, len(texts) + 1) if key in flat[p - 1]), None)
        firsts.append(found)
        after = found or after
    out = []
    for k, f in enumerate(firsts):
        nxt = next((x for x in firsts[k + 1:] if x), None)
        out.append((f, (nxt - 1) if nxt else (len(texts) if f else None)))
    return out


def finish(out: Path, docs: list[dict], seed: int, log=None) -> None:
    """Convert every document's sources to PDF (one LibreOffice run for all DOCX), find
    its reports' pages, render the scans and photos asked for; update truth and files."""
    pending = [d for d in docs if d.get("_layouts")]
    if not pending:
        return
    with tempfile.TemporaryDirectory(prefix="ita-engines-") as tmp:
        tmp = Path(tmp)
        for engine in ("docx", "xlsx"):  # a folder each: both print NAME.pdf
            batch = [out / d["_layouts"][engine]["source"] for d in pending
                     if engine in d["_layouts"]]
            if batch:
                _soffice(batch, tmp / engine)
        for n, d in enumerate(pending, 1):
            truth_path = out / d["truth"]
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            index = d.pop("_index")
            for engine, lay in d.pop("_layouts").items():
                pdf = out / f"{d['doc']}.{engine}.pdf"
                if engine in ("docx", "xlsx"):
                    made = tmp / engine / (Path(lay["source"]).stem + ".pdf")
                    if not made.exists():  # soffice exits 0 when it lacks the module
                        raise SystemExit(f"{lay['source']}: LibreOffice made no PDF (an xlsx "
                                         f"needs Calc, a docx Writer): run `{INSTALL}`")
                    shutil.move(made, pdf)
                    if engine == "docx" and len(lost_rows(page_texts(pdf), truth)) > MAX_CODES_GARBLED:
                        # LibreOffice drops the rest of a table whose rows may not split
                        # and whose header row repeats, at a page break: the PDF would not
                        # show what the truth says. Laid out again without the repeat.
                        drop_header_repeat(out / lay["source"])
                        again = tmp / "again"
                        _soffice([out / lay["source"]], again)
                        shutil.move(again / (Path(lay["source"]).stem + ".pdf"), pdf)
                        lay["header_repeat_dropped"] = True
                else:
                    chromium_pdf(out / lay["source"], pdf, lay["look"]["page_numbers"] is not None)
                texts = page_texts(pdf)
                lay["n_pages"] = len(texts)
                lay["reports"] = [{"doc_index": r["doc_index"], "first_page": f, "last_page": la}
                                  for r, (f, la) in zip(truth["reports"],
                                                        report_pages(texts, lay.pop("starts")))]
                kinds = set(lay["renderings"]) - {"pdf", "source"}
                files = {f"{engine}_{k}": v for k, v in render_images(
                    pdf, out, f"{d['doc']}.{engine}", kinds,
                    seed * 100003 + index * 7 + len(engine)
                    + 100 * max(0, ENGINES.index(engine) - 1)).items()}
                if "pdf" in lay["renderings"]:
                    files[f"{engine}_pdf"] = pdf.name
                else:
                    pdf.unlink()
                files[f"{engine}_source"] = lay["source"]
                if "source" in lay["renderings"]:
                    files[engine] = lay["source"]
                truth.setdefault("layouts", {})[engine] = lay
                d.setdefault("engine_pages", {})[engine] = lay["n_pages"]  # manifest
                truth["files"].update(files)
                d["files"].update(files)
            truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                  encoding="utf-8")
            if log:
                print(f"\rengines {n}/{len(pending)} {d['doc']}", end="", file=log)
        if log:
            print(file=log)
