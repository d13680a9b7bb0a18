"""Make html_split_row.pdf: a ruled measures table printed by headless Chromium, whose
second row runs from the foot of page 1 onto page 2 (Chromium draws the row's cells
open at the break: side rules, no closing rule). No header repeated.

    PYTHONPATH=. python tests/data/tables/make_html_split.py [OUT_DIR]   (default: this folder)

Needs `chromium` on the PATH; the committed PDF makes tests independent of it. The
truth (what the HTML holds) is ROWS below: tests/test_tables.py reads it from here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = ["ข้อคำถาม", "ประเด็นที่ต้องพัฒนา", "มาตรการ", "ขั้นตอนการดำเนินการ", "ผู้รับผิดชอบ"]
ROWS = [
    ["I1", "ผู้รับบริการบางรายเห็นว่าการปฏิบัติงานยังไม่เป็นไปตามขั้นตอน",
     "จัดทำคู่มือการปฏิบัติงานและเผยแพร่ให้บุคลากรถือปฏิบัติ",
     "1. ประชุมชี้แจงบุคลากร 2. จัดทำคู่มือและประกาศใช้", "สำนักปลัด"],
    ["I11", "บุคลากรภายในยังรับรู้แผนการใช้จ่ายงบประมาณประจำปีไม่ทั่วถึง",
     "เปิดโอกาสให้บุคลากรมีส่วนร่วมตรวจสอบการใช้จ่ายงบประมาณ",
     " ".join(f"{n}. ขั้นตอนที่ {n} ของการเปิดเผยข้อมูลการใช้จ่ายงบประมาณให้บุคลากรทราบ" for n in range(1, 13)),
     "กองคลัง"],
    ["E4", "การให้ข้อมูลแก่ผู้รับบริการยังไม่ครบถ้วน", "อบรมจิตบริการให้แก่เจ้าหน้าที่ผู้ให้บริการ",
     "1. สำรวจปัญหาการให้บริการ 2. ประเมินความพึงพอใจ", "กองช่าง"],
]


def html() -> str:
    cells = lambda row, tag: "".join(f"<{tag}>{escape(c)}</{tag}>" for c in row)  # noqa: E731
    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in ROWS)
    return f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: 'Laksaman', 'Garuda', sans-serif; font-size: 15pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid black; vertical-align: top; padding: 3pt; }}
td:nth-child(4) {{ width: 40%; }}
</style></head><body>
<p style="height: 15cm">รายงานผลการดำเนินการตามมาตรการ</p>
<table><tr>{cells(HEADER, 'td')}</tr>{body}</table></body></html>"""


def main(out: Path) -> None:
    from samples.engines import chromium_pdf  # run from the repository root

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "split.html"
        src.write_text(html(), encoding="utf-8")
        chromium_pdf(src, out / "html_split_row.pdf")


if __name__ == "__main__":
    if shutil.which("chromium") is None:
        raise SystemExit("needs chromium")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
