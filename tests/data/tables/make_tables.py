"""Make the Word-made measures-table fixtures of tests/test_tables.py.

    python tests/data/tables/make_tables.py [OUT_DIR] [--all]   (default: this folder)

Each document is written with python-docx the way agencies write them (a Word table
whose rows may break across pages, cells holding line breaks and numbered sub-items,
prose paragraphs wrapped at the page width), converted to PDF by LibreOffice headless,
and rendered as a clean 300-dpi bilevel scan and a noisy 200-dpi grey scan (the damage
of samples/render_images.py, re-implemented here so that the fixtures do not depend on
samples/). The truth of each document's measures rows is written by hand below, beside
the content: `NAME.truth.json` holds it.

Needs `soffice` (LibreOffice) on the PATH; the committed PDFs make tests independent of it.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------- content (the truth)

PROSE = (
    "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้ดำเนินการประเมิน"
    "คุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ และหน่วยงานได้รับผล"
    "การประเมินแล้ว จึงได้วิเคราะห์ผลการประเมินรายข้อคำถามเพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    "ภายในหน่วยงาน ให้ผู้บริหารและบุคลากรทุกระดับนำไปปฏิบัติอย่างเป็นรูปธรรม ดังรายละเอียดในตารางต่อไปนี้"
)

# (codes cell, issue, measure, steps (numbered, one per line), responsible, period, status)
ROWS_A = [
    ("I1", "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่บุคคลภายนอกไม่เป็นไปตามขั้นตอนและระยะเวลาที่กำหนดไว้ในคู่มือ",
     "จัดทำคู่มือการปฏิบัติงานและเผยแพร่ขั้นตอนการให้บริการ",
     ["ทบทวนคู่มือการปฏิบัติงานทุกกอง", "เผยแพร่คู่มือบนเว็บไซต์ของหน่วยงาน", "ติดตามผลทุกไตรมาส"],
     "สำนักปลัด", "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"),
    ("I2", "การให้บริการแก่ผู้มาติดต่อยังไม่เท่าเทียมกันในบางภารกิจ",
     "พัฒนาช่องทางการให้บริการออนไลน์ (E-Service)",
     ["สำรวจภารกิจที่ให้บริการ", "เปิดช่องทางยื่นคำขอออนไลน์"],
     "กองคลัง", "ตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘"),
    ("I4", "บุคลากรบางส่วนยังไม่มีส่วนร่วมในการจัดทำแผนการใช้จ่ายงบประมาณประจำปี",
     "เปิดโอกาสให้บุคลากรมีส่วนร่วมในการจัดทำแผนการใช้จ่ายงบประมาณ",
     ["จัดประชุมรับฟังความคิดเห็นของบุคลากร", "เผยแพร่แผนการใช้จ่ายงบประมาณ", "รายงานผลการใช้จ่ายรายไตรมาส"],
     "กองคลัง", "ตลอดปีงบประมาณ ๒๕๖๘"),
    ("I7", "การจัดซื้อจัดจ้างยังไม่เปิดเผยข้อมูลให้บุคลากรตรวจสอบได้ครบถ้วน",
     "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างให้ตรวจสอบได้",
     ["จัดทำรายงานสรุปผลการจัดซื้อจัดจ้างรายเดือน", "เผยแพร่บนเว็บไซต์"],
     "กองคลัง", "ทุกเดือน"),
    ("I12", "เจ้าหน้าที่ขาดการกำกับดูแลการใช้ทรัพย์สินของราชการเพื่อป้องกันการนำไปใช้ประโยชน์ส่วนตัว",
     "กำหนดแนวปฏิบัติการยืมและการใช้ทรัพย์สินของราชการ",
     ["จัดทำแนวปฏิบัติการยืมทรัพย์สิน", "ตรวจสอบวัสดุครุภัณฑ์เป็นระยะ", "ประชาสัมพันธ์แนวปฏิบัติให้บุคลากรทราบ"],
     "กองช่าง", "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"),
    ("I15", "บุคลากรยังขาดความเชื่อมั่นในกระบวนการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
     "ทบทวนแนวปฏิบัติการจัดการเรื่องร้องเรียนและคุ้มครองผู้ร้องเรียน",
     ["ทบทวนแนวปฏิบัติ", "เผยแพร่ช่องทางร้องเรียน"],
     "สำนักปลัด", "ไตรมาส ๑-๒"),
    ("I17", "การเฝ้าระวังการทุจริตภายในหน่วยงานยังไม่ต่อเนื่อง",
     "จัดทำแผนปฏิบัติการป้องกันการทุจริตและติดตามผล",
     ["จัดทำแผนปฏิบัติการป้องกันการทุจริต", "ติดตามผลการดำเนินงานทุกหกเดือน"],
     "หน่วยตรวจสอบภายใน", "ตลอดปีงบประมาณ ๒๕๖๘"),
    ("E1", "ผู้รับบริการเห็นว่าการให้บริการของเจ้าหน้าที่ไม่เป็นไปตามขั้นตอนและระยะเวลา",
     "ประกาศขั้นตอนและระยะเวลาการให้บริการ ณ จุดบริการ",
     ["ติดป้ายขั้นตอนการให้บริการ", "จัดทำแบบประเมินความพึงพอใจ"],
     "ทุกกอง", "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"),
    ("E5", "ผู้รับบริการบางรายเห็นว่าเจ้าหน้าที่เรียกรับสิ่งของหรือประโยชน์ตอบแทน",
     "ประกาศเจตนารมณ์ไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy)",
     ["ประกาศนโยบาย No Gift Policy", "อบรมบุคลากรเรื่องผลประโยชน์ทับซ้อน"],
     "สำนักปลัด", "ตุลาคม ๒๕๖๗"),
    ("E9", "ข้อมูลที่เผยแพร่บนเว็บไซต์ของหน่วยงานเข้าถึงได้ยากและไม่เป็นปัจจุบัน",
     "ปรับปรุงเว็บไซต์ให้ค้นหาข้อมูลได้ง่ายและเป็นปัจจุบัน",
     ["ปรับปรุงโครงสร้างเว็บไซต์", "มอบหมายผู้ดูแลข้อมูลแต่ละกอง", "ตรวจสอบความเป็นปัจจุบันทุกเดือน"],
     "สำนักปลัด", "ทุกเดือน"),
    ("E12", "ช่องทางการรับฟังความคิดเห็นของผู้รับบริการยังมีน้อย",
     "เพิ่มช่องทางรับฟังความคิดเห็นและตอบกลับผู้ร้องเรียน",
     ["เปิดช่องทางไลน์และเฟซบุ๊กของหน่วยงาน", "ตอบกลับภายในเจ็ดวัน"],
     "สำนักปลัด", "ตลอดปีงบประมาณ ๒๕๖๘"),
    ("E14", "การปรับปรุงคุณภาพการให้บริการยังไม่เห็นผลชัดเจน",
     "นำเทคโนโลยีมาใช้ลดขั้นตอนการให้บริการ",
     ["จัดทำระบบนัดหมายออนไลน์", "ประเมินผลการให้บริการ"],
     "กองช่าง", "มกราคม - มิถุนายน ๒๕๖๘"),
    ("O12", "การเผยแพร่ข้อมูลการให้บริการผ่านระบบ E-Service ยังไม่ครบถ้วน",
     "เผยแพร่ข้อมูลการให้บริการผ่านระบบออนไลน์ให้ครบทุกภารกิจ",
     ["รวบรวมภารกิจที่ให้บริการออนไลน์", "เผยแพร่บนเว็บไซต์"],
     "สำนักปลัด", "ไตรมาส ๒"),
    ("O33", "รายงานผลการดำเนินการป้องกันการทุจริตยังไม่ได้เผยแพร่ตามกำหนด",
     "รายงานผลการดำเนินงานตามแผนป้องกันการทุจริตรอบหกเดือน",
     ["สรุปผลการดำเนินงาน", "เสนอผู้บริหาร", "เผยแพร่รายงาน"],
     "หน่วยตรวจสอบภายใน", "เมษายน ๒๕๖๘"),
    ("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสยังไม่ได้นำไปปฏิบัติอย่างเป็นรูปธรรม",
     "ติดตามการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
     ["มอบหมายผู้รับผิดชอบแต่ละมาตรการ", "รายงานความก้าวหน้าทุกไตรมาส"],
     "ทุกกอง", "ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘"),
]

STATUSES = ["ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ"]
STATUS_KEYS = {"ดำเนินการแล้ว": "done", "อยู่ระหว่างดำเนินการ": "in_progress", "ยังไม่ได้ดำเนินการ": "not_started"}


def _steps(items: list[str]) -> str:
    return "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1))


# ---------------------------------------------------------------- the documents

def _font(doc, name: str, size: int) -> None:
    style = doc.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), str(size * 2))
    rpr.append(szcs)
    style.paragraph_format.space_after = Pt(0)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _set_cell(cell, text: str) -> None:
    """Cell text; "\n" starts a new paragraph (as typing Enter in Word)."""
    parts = text.split("\n")
    cell.text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float], repeat: bool,
           ruled: bool = True):
    table = doc.add_table(rows=1, cols=len(header))
    if ruled:
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        _set_cell(cell, text)
    if repeat:
        _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            _set_cell(cell, text)
    table.autofit = False
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)
    return table


def doc_a():
    """An O42 analysis: 7 columns, header repeated on every page, rows broken by pages."""
    doc = Document()
    _font(doc, "Laksaman", 14)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2)
    doc.add_paragraph("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")
    doc.add_paragraph("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดขอนแก่น")
    doc.add_paragraph(PROSE)
    header = ["ลำดับ", "ข้อคำถาม", "ประเด็นที่ต้องพัฒนา", "มาตรการ/แนวทาง", "ขั้นตอน/วิธีการปฏิบัติ",
              "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    rows, truth = [], []
    for i, (code, issue, measure, steps, resp, period) in enumerate(ROWS_A, 1):
        rows.append([str(i), code, issue, measure, _steps(steps), resp, period])
        truth.append({"codes": [code], "issue": issue, "measure": measure, "steps": _steps(steps),
                      "responsible": resp, "period": period, "status": None})
    _table(doc, header, rows, [1.0, 1.5, 3.6, 3.4, 3.8, 2.0, 2.4], repeat=True)
    doc.add_paragraph("")
    doc.add_paragraph("ลงชื่อ ผู้จัดทำรายงาน")
    return doc, truth


def doc_b():
    """An O43 progress report: 8 columns in another order and wording, no row numbers,
    header NOT repeated, the question codes inside the issue cell, a status column."""
    doc = Document()
    _font(doc, "Garuda", 12)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21)
    sec.left_margin = sec.right_margin = Cm(1.5)
    doc.add_paragraph("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (O43)")
    doc.add_paragraph("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ เทศบาลตำบลบ้านใหม่ อำเภอเมือง จังหวัดนครราชสีมา")
    doc.add_paragraph(PROSE + " " + PROSE)
    header = ["ข้อบกพร่อง/ประเด็นที่ต้องแก้ไข", "ตัวชี้วัด/ข้อคำถาม", "แนวทางการพัฒนา (มาตรการ)",
              "วิธีการดำเนินการ", "หน่วยงานผู้รับผิดชอบ", "ห้วงเวลา", "ผลการดำเนินงาน",
              "ปัญหา/อุปสรรค"]
    rows, truth = [], []
    for i, (code, issue, measure, steps, resp, period) in enumerate(ROWS_A[:12]):
        status = STATUSES[i % 3]
        detail = f"{status}\nรายละเอียด: ได้ดำเนินการตามแผนรอบที่ {i % 2 + 1}" if i % 3 != 2 else status
        rows.append([issue, f"ข้อ {code}", measure, _steps(steps), resp, period, detail,
                     "-" if i % 2 else "งบประมาณจำกัด"])
        truth.append({"codes": [code], "issue": issue, "measure": measure, "steps": _steps(steps),
                      "responsible": resp, "period": period, "status": STATUS_KEYS[status]})
    _table(doc, header, rows, [4.6, 2.0, 4.0, 4.6, 2.4, 2.6, 3.4, 3.0], repeat=False)
    return doc, truth


def doc_c():
    """An unruled table (Word's plain table: no borders), row numbers in the first
    column, cells wrapped over several lines, 6 columns."""
    doc = Document()
    _font(doc, "Norasi", 14)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2)
    doc.add_paragraph("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    doc.add_paragraph("ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ องค์การบริหารส่วนตำบลหนองบัว จังหวัดขอนแก่น")
    doc.add_paragraph(PROSE)
    header = ["ที่", "ประเด็น/ข้อคำถาม", "มาตรการ", "ขั้นตอนการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    rows, truth = [], []
    for i, (code, issue, measure, steps, resp, period) in enumerate(ROWS_A[:10], 1):
        rows.append([str(i), f"{code} {issue}", measure, _steps(steps), resp, period])
        truth.append({"codes": [code], "issue": f"{code} {issue}", "measure": measure, "steps": _steps(steps),
                      "responsible": resp, "period": period, "status": None})
    _table(doc, header, rows, [1.0, 4.4, 3.6, 4.2, 2.2, 1.6], repeat=False, ruled=False)
    return doc, truth


DOCS = {"word_o42_repeat": doc_a, "word_o43_norepeat": doc_b, "word_o42_unruled": doc_c}


# ---------------------------------------------------------------- rendering

def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    profile = Path(tempfile.gettempdir()) / "lo-tables-fixtures"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / (docx_path.stem + ".pdf")


def rasterise(pdf_path: Path, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def damage(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A tired office scanner (as samples/render_images.damage): a slight turn, blur,
    grey paper, noise, dust and drop-outs, background suppression."""
    img = img.rotate(float(rng.uniform(-1.0, 1.0)), resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.8))
    a = np.asarray(img, dtype=np.float32)
    a = a * float(rng.uniform(0.88, 0.97)) + float(rng.uniform(4, 14))
    a += rng.normal(0.0, 6.0, a.shape)
    speck = rng.random(a.shape)
    a[speck < 0.0006] = 30.0
    a[speck > 1 - 0.0015] = 255.0
    a[a > 228] = 255.0
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def image_pdf(images: list[Image.Image], path: Path, dpi: int, jpeg: bool) -> None:
    """An image-only PDF, one page per image at `dpi` (1-bit CCITT G4 or grey JPEG)."""
    frames = []
    for img in images:
        if jpeg:
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=40, dpi=(dpi, dpi))
            frames.append(Image.open(io.BytesIO(buf.getvalue())))
        else:
            frames.append(img.point(lambda v: 255 if v > 170 else 0).convert("1"))
    frames[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=frames[1:])


# The files committed beside this script (tests read them); `--all` also writes the
# other scans (for measuring: tests/data/tables/score_tables.py DIR).
COMMITTED_SCANS = {("word_o42_repeat", "scan300")}


def make(out_dir: Path, seed: int = 17, all_scans: bool = False) -> None:
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) is needed to make these fixtures")
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in DOCS.items():
            doc, truth = build()
            docx_path = Path(tmp) / f"{name}.docx"
            doc.save(docx_path)
            pdf = to_pdf(docx_path, Path(tmp))
            shutil.copy(pdf, out_dir / f"{name}.pdf")
            noisy = [damage(p, rng) for p in rasterise(pdf, 200)]  # drawn always: the same noise
            if all_scans or (name, "scan300") in COMMITTED_SCANS:
                image_pdf(rasterise(pdf, 300), out_dir / f"{name}.scan300.pdf", 300, jpeg=False)
            if all_scans or (name, "scan200") in COMMITTED_SCANS:
                image_pdf(noisy, out_dir / f"{name}.scan200.pdf", 200, jpeg=True)
            (out_dir / f"{name}.truth.json").write_text(
                json.dumps({"measures": truth}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all"]
    make(Path(args[0]) if args else HERE, all_scans="--all" in sys.argv)
