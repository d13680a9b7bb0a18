"""Make css_span_split.pdf: a two-year score table laid out as a CSS grid of <div>s (no
<table>), ruled by cell borders (right and bottom sides; the grid draws the top and
left), whose tool cells span their indicators (`grid-row: span N`), printed by headless
Chromium so that the page break falls inside the first tool's span. On the next page
Chromium draws that cell only as tall as it needs: its bottom rule ends above the row
line and the next column's cell is left without a rule on its left.

    PYTHONPATH=. python tests/data/tables/make_css_span.py [OUT_DIR]   (default: this folder)

Needs `chromium` on the PATH; the committed PDF makes tests independent of it. The
truth is ROWS below: tests/test_sheet_layouts.py reads it from here.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = ["เครื่องมือ", "ตัวชี้วัด", "2566", "2567"]
# (tool, indicator, 2566, 2567); the tool cell spans its indicators
ROWS = [
    ("IIT", "1. การปฏิบัติหน้าที่", "81.07", "64.18"),
    ("", "2. การใช้งบประมาณ", "77.41", "77.77"),
    ("", "3. การใช้อำนาจ", "74.13", "78.51"),
    ("", "4. การใช้ทรัพย์สินของราชการ", "70.54", "70.30"),
    ("", "5. การแก้ไขปัญหาการทุจริต", "68.31", "68.47"),
    ("EIT", "6. คุณภาพการดำเนินงาน", "70.06", "87.87"),
    ("", "7. ประสิทธิภาพการสื่อสาร", "73.86", "76.87"),
    ("", "8. การปรับปรุงระบบการทำงาน", "69.52", "62.66"),
    ("OIT", "9. การเปิดเผยข้อมูล", "93.75", "80.00"),
    ("", "10. การป้องกันการทุจริต", "62.50", "85.00"),
]
SPANS = {0: 5, 5: 3, 8: 2}


def html() -> str:
    cells = [f'<div class="cell head">{escape(h)}</div>' for h in HEADER]
    for i, (tool, name, a, b) in enumerate(ROWS):
        if i in SPANS:
            cells.append(f'<div class="cell" style="grid-row: span {SPANS[i]}">{escape(tool)}</div>')
        cells += [f'<div class="cell">{escape(v)}</div>' for v in (name, a, b)]
    return f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: 'Garuda', 'Laksaman', sans-serif; font-size: 13pt; margin: 0; }}
.grid {{ display: grid; grid-template-columns: 0.14fr 0.5fr 0.18fr 0.18fr;
         border-top: 0.6pt solid #000; border-left: 0.6pt solid #000; }}
.cell {{ padding: 0.8mm 1.5mm; border-right: 0.6pt solid #000; border-bottom: 0.6pt solid #000; }}
.head {{ font-weight: bold; text-align: center; }}
</style></head><body>
<p style="height: 21.6cm; margin: 0">ตารางสรุปผลการประเมิน (เทียบกับปีงบประมาณ พ.ศ. 2566)</p>
<div class="grid">{"".join(cells)}</div>
<p>จึงเรียนมาเพื่อโปรดทราบ</p></body></html>"""


def main(out: Path) -> None:
    from samples.engines import chromium_pdf  # run from the repository root

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "grid.html"
        src.write_text(html(), encoding="utf-8")
        chromium_pdf(src, out / "css_span_split.pdf")


if __name__ == "__main__":
    if shutil.which("chromium") is None:
        sys.exit("chromium is not installed")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
