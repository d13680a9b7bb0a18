"""Regenerate tests/data/matcher_cases.jsonl (labelled cases for normalizers.indicators).

    python tests/data/make_matcher_cases.py        # deterministic (seeded)

Three kinds of case:
- real: short strings seen in the real reports /work/shared/seeds (file prefix and
  place recorded in `source`); the seed files themselves are not in this project;
- synthetic: an official name with 1–3 OCR-style edits (look-alike letters, dropped
  or reordered marks, decomposed / lost ำ, inserted spaces, truncation, trailing
  scores and words, headings with Thai/Arabic digits, rank numbers that disagree);
- unmatchable: names that carry no evidence (expect None or not confident).

expect: 'match' = must be confident and right; 'none' = must not be confident;
'hint' = plausible either way, but if confident it must be right.

A corruption that makes a name closer (plain ratio of Thai letters) to another
indicator's name than to its own is dropped, not labelled.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from normalizers.indicators import thai_key  # noqa: E402
from schemas.catalog import load_catalog  # noqa: E402

OUT = Path(__file__).with_name("matcher_cases.jsonl")
SEED = 20251121
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

S000 = "seed 000 (FY2567 memo + analysis)"
S001 = "seed 001 (FY2566 measures)"
S002 = "seed 002 (FY2566 memo, OCR'd)"

# (text, expect, indicator, fiscal_year, where seen)
REAL = [
    ("๑. การเปิดเผยข้อมูล\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน", "match", 9, 2567, S000 + " ranked list: number is rank"),
    ("๒. การป้องกันการทุจริต\tได้รับคะแนน\t๑๐๐.๐๐\tคะแนน", "match", 10, 2567, S000 + " ranked list"),
    ("๓. การใช้อำนาจ\tได้รับคะแนน\t๙๗.๗๘\tคะแนน", "match", 3, 2567, S000 + " ranked list"),
    ("๔. คุณภาพการดำเนินงาน\tได้รับคะแนน\t๙๓.๔๘\tคะแนน", "match", 6, 2567, S000 + " ranked list"),
    ("๕. การใช้งบประมาณ\tได้รับคะแนน\t๙๓.๐๖\tคะแนน", "match", 2, 2567, S000 + " ranked list"),
    ("๖. ประสิทธิภาพการสื่อสาร\tได้รับคะแนน\t๙๒.๘๒\tคะแนน", "match", 7, 2567, S000 + " ranked list"),
    ("๗. การใช้ทรัพย์สินของราชการ\tได้รับคะแนน\t๘๘.๘๙\tคะแนน", "match", 4, 2567, S000 + " ranked list"),
    ("๘. การแก้ไขปัญหาการทุจริต\tได้รับคะแนน\t๘๘.๓๓\tคะแนน", "match", 5, 2567, S000 + " ranked list"),
    ("๙. การปฏิบัติหน้าที่\tได้รับคะแนน\t๘๔.๑๗\tคะแนน", "match", 1, 2567, S000 + " ranked list"),
    ("๑๐. การปรับปรุงการทำงาน\tได้รับคะแนน\t๗๙.๔๔\tคะแนน", "match", 8, 2567, S000 + " ranked list (variant name)"),
    ("- ตัวชี้วัดที่ ๓ การใช้อำนาจ", "match", 3, 2567, S000 + " IIT description"),
    ("- ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน", "match", 8, 2567, S000 + " EIT description"),
    ("- ๑. ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล โดยตัวชี้วัดย่อย ได้แก่", "match", 9, 2567, S000 + " OIT description"),
    ("- ๒. ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต มีตัวชี้วัดย่อย ดังนี้", "match", 10, 2567, S000 + " OIT description"),
    ("1\tการปฏิบัติหน้าที่\t84.17", "match", 1, 2567, S000 + " summary table (wrong names)"),
    ("2\tการใช้งบประมาณ\t93.06", "match", 2, 2567, S000 + " summary table"),
    ("3\tการใช้จ่ายเงิน\t97.78", "none", None, 2567, S000 + " summary table: row 3 (score = indicator 3), name wrong"),
    ("4\tการให้บริการประชาชน\t88.89", "none", None, 2567, S000 + " summary table: wrong name"),
    ("5\tการให้บริการทางวิชาการ\t88.33", "none", None, 2567, S000 + " summary table: wrong name"),
    ("6\tการปฏิบัติงาน\t93.48", "none", None, 2567, S000 + " summary table: wrong name"),
    ("7\tประสิทธิภาพการสื่อสาร\t92.82", "match", 7, 2567, S000 + " summary table"),
    ("8\tการปรับปรุงการดำเนินงาน\t79.44", "match", 8, 2567, S000 + " summary table (score = indicator 8)"),
    ("9\tการเปิดเผยข้อมูล\t100.00", "match", 9, 2567, S000 + " summary table"),
    ("10\tการป้องกันและการทุจริต\t100.00", "match", 10, 2567, S000 + " summary table (score = indicator 10)"),
    ("IIT\t๑. การปฏิบัติหน้าที่\t๙๑.๔๓\t๘๔.๑๗\tลดลง", "match", 1, 2567, S000 + " 2566-vs-2567 table"),
    ("\t๔. การใช้ทรัพย์สินของราชการ\t๗๓.๙๕\t๘๘.๘๙\tเพิ่มขึ้น", "match", 4, 2567, S000 + " 2566-vs-2567 table"),
    ("EIT\t๖. คุณภาพการดำเนินงาน\t๘๔.๘๐\t๙๓.๔๘\tเพิ่มขึ้น", "match", 6, 2567, S000 + " 2566-vs-2567 table"),
    ("\t๘. การปรับปรุงระบบการทำงาน\t๗๓.๘๔\t๗๙.๔๔\tเพิ่มขึ้น", "match", 8, 2567, S000 + " 2566-vs-2567 table"),
    ("OIT\t๙. การดำเนินการเพื่อป้องกันการทุจริต\t๑๐๐\t๑๐๐\tเท่าเดิม", "none", None, 2567,
     S000 + " 2566-vs-2567 table: sub-indicator 10.1 name in row 9"),
    ("\t๑๐. มาตรการส่งเสริมคุณธรรมและความโปร่งใส\t๑๐๐\t๑๐๐\tเท่าเดิม", "none", None, 2567,
     S000 + " 2566-vs-2567 table: sub-indicator 10.2 name in row 10"),
    ("๔.๑ ตัวชี้วัดที่ ๒ การใช้งบประมาณ", "match", 2, 2567, S000 + " strengths list"),
    ("๕.๑ ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "match", 1, 2567, S000 + " weaknesses list"),
    ("๓.๑ ตัวชี้วัดย่อยที่ ๑๐.๑ การดำเนินการเพื่อป้องกันการทุจริต", "none", None, 2567, S000 + " sub-indicator heading"),
    (" - ตัวชี้วัดย่อยที่ ๙.๒ การบริหารเงิน", "none", None, 2567, S000 + " sub-indicator list"),
    (" - ตัวชี้วัดย่อยที่ ๙.๕ การเสริมสร้างความโปร่งใส", "none", None, 2567, S000 + " sub-indicator list"),
    ("EIT ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน</p> <p>ข้อคำถามที่", "match", 8, 2567, S000 + " measures table HTML"),
    ("| 1 | การปฏิบัติหน้าที่ | 100.00 |", "match", 1, 2566, S002 + " summary table"),
    ("| 2 | การใช้บุคลากร | 98.16 |", "none", None, 2566, S002 + " summary table: wrong name"),
    ("| 3 | การใช้เวลาทำงาน | 99.82 |", "none", None, 2566, S002 + " summary table: wrong name"),
    ("| 4 | การใช้ทรัพยากรัฐบาล | 99.45 |", "match", 4, 2566, S002 + " summary table: word garble"),
    ("| 5 | การแก้ไขปัญหาการคุกคาม | 100.00 |", "match", 5, 2566, S002 + " summary table: คุกคาม for ทุจริต"),
    ("| 6 | คุณภาพการดำเนินงาน | 82.98 |", "match", 6, 2566, S002 + " summary table"),
    ("| 7 | ประสิทธิภาพการติดตาม | 86.70 |", "match", 7, 2566, S002 + " summary table: word garble"),
    ("| 8 | การปรับปรุงการทำงาน | 83.51 |", "match", 8, 2566, S002 + " summary table (variant name)"),
    ("| 9 | การเปิดเผยข้อมูล | 75.00 |", "match", 9, 2566, S002 + " summary table"),
    ("| 10 | การป้องกันการคุกคาม | 80.00 |", "match", 10, 2566, S002 + " summary table: คุกคาม for ทุจริต"),
    ("| ตัวชี้วัดที่ 3 การใช้งาน | 1. มีการรอมอบหมายงานอย่างต่อเนื่อง", "hint", 3, 2566,
     S002 + " measures table: name garbled, heading 3"),
    ("| ตัวชี้วัดที่ 4 การใช้ทรัพยากรัฐวิสาหกิจเพื่อยืนักในการให้บริการสิ่งแวดล้อมและการอนุรักษ์", "match", 4, 2566,
     S002 + " measures table: garble + trailing words"),
    ("| ตัวชี้วัดที่ 5 การแก้ไขปัญหาภัยคุกคามที่อาจก่อให้เกิดภัยคุกคามทางเศรษฐกิจ | 1. มีการกำหนดนโยบาย", "match", 5,
     2566, S002 + " measures table: คุกคาม + trailing words"),
    ("| ตัวชี้วัดที่ 7 ประสิทธิภาพ การสื่อสาร | <p>1. มีการเผยแพร่ข้อมูล", "match", 7, 2566, S002 + " measures table"),
    ("| ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน | <p>1.", "match", 8, 2566, S002 + " measures table"),
    ("ตัวชี้วัดที่ 4 การบริหารและพัฒนา ทรัพยากรบุคคล ประเมิน", "none", None, 2566,
     S002 + " measures: sub-indicator 9.4 name under heading 4"),
    ("ตัวชี้วัดที่ 8 การปรับปรุงการดำเนิน ประดิ่น การให้ข้อมูล", "match", 8, 2566, S002 + " measures: garble + trailing"),
    ("ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ ประเมิน บุคลากร", "match", 4, 2566, S002 + " measures"),
    ("**ตัวชี้วัดอย่างที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต", "none", None, 2566, S002 + " garbled sub-indicator heading"),
    ("ตัวชี้วัดป้อมที่ 10.2 มาตรการส่งเสริมคุณธรรมและความโปร่งใส (ต่อ)", "none", None, 2566, S002 + " garbled sub-indicator heading"),
    ("ตัวชี้วัดอย่างที่ 9.5 การส่งเสริมความประจําใส่ (ต่อ)", "none", None, 2566, S002 + " garbled sub-indicator heading"),
    ("ตัวชี้วัดย่อที่ 9.1 ข้อมูลพื้นฐาน", "none", None, 2566, S002 + " sub-indicator heading"),
    ("หัวข้อที่ 9.2 การบริหารงานการดำเนินงาน", "none", None, 2566, S002 + " sub-indicator heading"),
    ("(4) กระบวนการกำกับดูแลการใช้ทรัพย์สินของราชการ", "hint", 4, 2566, S001 + " measure theme heading"),
    ("(6) กระบวนการควบคุม ตรวจสอบ การใช้อำนาจและการบริหารงานบุคคล", "hint", 3, 2566, S001 + " measure theme heading"),
    ("(1) กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ", "none", None, 2566, S001 + " measure theme heading"),
    ("(2) การให้บริการและระบบ e-service", "none", None, 2566, S001 + " measure theme heading"),
    ("(3) ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ", "none", None, 2566, S001 + " measure theme heading"),
    ("(7) กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน", "none", None, 2566, S001 + " measure theme heading"),
    ("O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "none", None, 2566, S001 + " OIT item row"),
    ("| O1 | โครงการสร้าง |", "none", None, 2566, S002 + " OIT item row"),
    ("| O11 | แผนดำเนินงานและ การใช้จ่ายงบประมาณประจำปี |", "none", None, 2566, S002 + " OIT item row"),
    ("| O36 | แผนปฏิบัติการป้องกัน การทุจริต |", "none", None, 2566, S002 + " OIT item row"),
]

UNMATCHABLE = [  # synthetic / generic: no indicator evidence
    "", " ", "\t", "😀", "😀 การ", "100.00", "๑๐๐.๐๐", "2566", "IIT", "OIT", "ITA", "การ", "การใช้", "ตัวชี้วัด",
    "รายละเอียดตัวชี้วัด", "คะแนน", "ได้รับคะแนน", "ผลการประเมิน", "ระดับผลการประเมิน ผ่านดี", "การดำเนินงาน",
    "การพัฒนา", "การบริหารงาน", "หน่วยงาน", "ข้อมูล", "ประเด็น", "มาตรการ", "องค์การบริหารส่วนตำบลคอน",
    "Integrity and Transparency Assessment", "การใช้บุคลากร", "การใช้บุคคลากร", "การใช้เวลา", "การใช้จ่าย",
    "การปฏิบัติงาน", "การปฏิบัติตาม", "การให้บริการ", "การบริการประชาชน", "ข้อมูลพื้นฐาน", "การจัดซื้อจัดจ้าง",
    "การบริหารและพัฒนาทรัพยากรบุคคล", "การส่งเสริมความโปร่งใส", "มาตรการภายในเพื่อป้องกันการทุจริต",
    "การดำเนินการเพื่อป้องกันการทุจริต", "การบริหารเงินงบประมาณ", "แผนการใช้จ่ายงบประมาณประจำปี",
    "อำนาจหน้าที่", "โครงสร้าง", "ข้อมูลผู้บริหาร", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "ช่องทางการรับฟังความคิดเห็น",
    "การปฏิบัติงาน ได้รับคะแนน ๙๓.๔๘", "ก า ร ป ฏิ บั ติ ง า น", "การใชบุคลากร", "การใช้งาน", "ตัวชี้วัดที่",
    "ตัวชี้วัดที่ ๑๑ การบริหารงาน", "ตัวชี้วัดที่ 4 การบริหารเงิน", "การประเมินคุณธรรมและความโปร่งใส",
    "ความโปร่งใส", "การทุจริต", "ทุจริต", "การแก้ไข", "การสื่อสารองค์กร", "ระบบ", "การทำงาน",
    "x" * 200, "ก" * 300, "การ" * 100,
]

HINTS = [  # plausible truncations: if confident, must be right
    ("การปฏิบัติ", 1), ("การเปิด", 9), ("การป้องกัน", 10), ("คุณภาพ", 6), ("ประสิทธิภาพ", 7),
    ("การปรับปรุง", 8), ("การแก้ไขปัญหา", 5), ("การใช้ทรัพย์", 4), ("การใช้งบ", 2),
]

CONFUSABLE = ["ดตค", "บป", "พผฟ", "ขช", "ฎฏ", "ทธ", "ถภ"]
MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
JUNK = ["\tได้รับคะแนน\t๙๓.๐๖\tคะแนน", "\t88.89", " ....... 100.00", " -", " (ต่อ)", "\t๗๓.๙๕\t๘๘.๘๙\tเพิ่มขึ้น",
        " คะแนน", " | 82.98 |", "........................"]


def _thai_num(n: int) -> str:
    return "".join(THAI_DIGITS[int(d)] for d in str(n))


def confuse(rng: random.Random, s: str) -> tuple[str, str]:
    spots = [i for i, ch in enumerate(s) if any(ch in g for g in CONFUSABLE)]
    if not spots:
        return s, ""
    i = rng.choice(spots)
    group = next(g for g in CONFUSABLE if s[i] in g)
    new = rng.choice([c for c in group if c != s[i]])
    return s[:i] + new + s[i + 1:], f"{s[i]}→{new}"


def drop_mark(rng: random.Random, s: str) -> tuple[str, str]:
    spots = [i for i, ch in enumerate(s) if ch in MARKS]
    if not spots:
        return s, ""
    i = rng.choice(spots)
    return s[:i] + s[i + 1:], "drop mark"


def swap_marks(rng: random.Random, s: str) -> tuple[str, str]:
    spots = [i for i in range(len(s) - 1) if s[i] in MARKS and s[i + 1] in MARKS]
    if not spots:
        return drop_mark(rng, s)
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:], "swap marks"


def lose_am(rng: random.Random, s: str) -> tuple[str, str]:
    if "ำ" not in s:
        return confuse(rng, s)
    return (s.replace("ำ", "\u0e4dา"), "decomposed ำ") if rng.random() < 0.5 else (s.replace("ำ", "า"), "ำ→า")


def delete_letter(rng: random.Random, s: str) -> tuple[str, str]:
    spots = [i for i, ch in enumerate(s) if "\u0e01" <= ch <= "\u0e2e"]
    if not spots:
        return s, ""
    i = rng.choice(spots[3:] or spots)
    return s[:i] + s[i + 1:], "delete letter"


def substitute_letter(rng: random.Random, s: str) -> tuple[str, str]:
    """Any consonant replaced by any other (an OCR error outside the look-alike groups)."""
    spots = [i for i, ch in enumerate(s) if "\u0e01" <= ch <= "\u0e2e"]
    if not spots:
        return s, ""
    i = rng.choice(spots[3:] or spots)
    new = chr(rng.randint(0x0E01, 0x0E2E))
    return s[:i] + new + s[i + 1:], f"{s[i]}→{new} (any letter)"


EDITS = [confuse, confuse, drop_mark, swap_marks, lose_am, delete_letter, substitute_letter]


def spaced(rng: random.Random, s: str) -> str:
    if rng.random() < 0.5:
        return " ".join(s)  # every character spaced (OCR one-char 'words')
    chars = list(s)
    for _ in range(rng.randint(1, 3)):
        chars.insert(rng.randint(1, len(chars) - 1), " ")
    return "".join(chars)


def heading(rng: random.Random, number: int) -> tuple[str, str]:
    kind = rng.choice(["th", "ar", "list_th", "list_ar", "dash", "rank"])
    if kind == "th":
        return f"ตัวชี้วัดที่ {_thai_num(number)} ", "heading ตัวชี้วัดที่ (Thai digits)"
    if kind == "ar":
        return f"ตัวชี้วัดที่ {number} ", "heading ตัวชี้วัดที่ (Arabic digits)"
    if kind == "list_th":
        return f"{_thai_num(number)}. ", "list number (Thai digits)"
    if kind == "list_ar":
        return f"{number}\t", "table row number"
    if kind == "dash":
        return f"- ตัวชี้วัดที่ {_thai_num(number)} ", "bullet + heading"
    rank = rng.choice([n for n in range(1, 11) if n != number])
    return f"{_thai_num(rank)}. ", "rank number that is not the indicator"


def closest_other(text: str, number: int, names: dict[int, str]) -> bool:
    """True when the corrupted text is at least as close to another indicator's name."""
    key = thai_key(text)
    own = fuzz.ratio(key, thai_key(names[number]))
    return any(fuzz.ratio(key, thai_key(n)) >= own for k, n in names.items() if k != number)


def synthetic(rng: random.Random, names: dict[int, str], per_name: int) -> list[dict]:
    cases = []
    for number, name in names.items():
        made = 0
        attempts = 0
        while made < per_name and attempts < per_name * 20:
            attempts += 1
            text, notes = name, []
            for edit in rng.sample(EDITS, rng.randint(1, 3)):
                text, note = edit(rng, text)
                if note:
                    notes.append(note)
            if rng.random() < 0.15:  # truncation: keep 75–90 % (a line/cell cut)
                cut = max(int(len(text) * rng.uniform(0.75, 0.9)), 6)
                text, notes = text[:cut], notes + ["truncated"]
            if rng.random() < 0.3:
                text, notes = spaced(rng, text), notes + ["OCR spaces"]
            if closest_other(text, number, names) or text == name:
                continue
            if rng.random() < 0.5:
                prefix, note = heading(rng, number)
                text, notes = prefix + text, notes + [note]
            if rng.random() < 0.4:
                junk = rng.choice(JUNK)
                text, notes = text + junk, notes + ["trailing junk"]
            cases.append({"text": text, "expect": "match", "indicator": number,
                          "fiscal_year": rng.choice([None, 2563, 2564, 2565, 2566, 2567, 2568]),
                          "source": "synthetic: " + ", ".join(notes)})
            made += 1
    return cases


def build() -> list[dict]:
    rng = random.Random(SEED)
    cat = load_catalog()
    names = {ind.number: ind.name_th for ind in cat.year(2567).indicators}
    cases = []
    for text, expect, number, fy, seen in REAL:
        cases.append({"text": text, "expect": expect, "indicator": number, "fiscal_year": fy, "source": "real: " + seen})
    cases += synthetic(rng, names, per_name=14)
    # headings that disagree with a clean name: the name wins (recorded as a disagreement)
    for number, name in names.items():
        wrong = number % 10 + 1
        cases.append({"text": f"ตัวชี้วัดที่ {_thai_num(wrong)} {name}", "expect": "match", "indicator": number,
                      "fiscal_year": 2567, "source": "synthetic: heading number disagrees with the name"})
    for text in UNMATCHABLE:
        cases.append({"text": text, "expect": "none", "indicator": None, "fiscal_year": rng.choice([None, 2566, 2567]),
                      "source": "synthetic: no indicator evidence"})
    for text, number in HINTS:
        cases.append({"text": text, "expect": "hint", "indicator": number, "fiscal_year": None,
                      "source": "synthetic: short truncation, ambiguous"})
    for i, case in enumerate(cases):
        case["id"] = f"c{i:03d}"
    return cases


def main() -> None:
    cases = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
