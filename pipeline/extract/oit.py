"""OIT checklist items of a progress report: one OitItemRecord per item row.

An item row is a table row whose first filled cell holds only an O-code — printed
right ("O12") or garbled as OCR and typists do ("05" for O5, "04.2" for O42, "039") —
with checkboxes in the row (or in a table that has no measures column). The tables are
read by pipeline/extract/measures.py (`table_rows`), which leaves these rows out of
the measures.

- name: the next filled cell after the code, as printed (`name_raw`);
- status: from the ticked box's label — "☑ ดำเนินการ" → done, "☑ ยังไม่ได้ดำเนินการ" →
  not_done; no box ticked → None. An unticked box in front of another cell (a
  responsible unit, seen in real reports) says nothing. Boxes ticked both ways make the
  status None and a `parse_error` flag; a ticked label OCR garbled is the other of two
  boxes whose unticked one reads done or not done;
- a code listed twice keeps its first row (a `parse_error` flag when the second
  disagrees).
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from normalizers import numbers

from pipeline.extract.context import DocContext, DocRecords
from pipeline.extract.table_rows import (
    CHECKED, MEASURE_ROLES, UNCHECKED, TableRow, oit_code_of, table_rows,
)
from schemas.records import FlagRecord, OitItemRecord


def _label_status(label: str) -> str | None:
    t = re.sub(r"\s+", "", label)
    # ยัง read without its mark or as Latin letters before ไม่ได้ดำเนิน ("ยง ไม่ได้…", "do ไม่ได้…"
    # on a 300-dpi CSS-grid scan)
    if re.match(r"ยังไม่|(?:ย[ัิ]?ง|[A-Za-z]{1,2})?ไม่(?:ได้)?[ดค]ำเน[ิ็ี]?น|ไม่มี", t):
        return "not_done"
    # ด read as ค ("คำเนินการ"), as measures._DAMNOEN; the vowel of เนิน lost or read as a
    # mark ("ดำเนนการ", "ดำเน็นการ")
    if re.match(r"(?:ได้)?[ดค]ำเน[ิ็ี]?นการ|มี(?!การ)|แล้วเสร็จ|เสร็จ|เผยแพร่แล้ว", t):
        return "done"
    return None


def checkbox_status(cells: list[str]) -> tuple[str | None, bool]:
    """(status, conflicting) from the row's ticked boxes."""
    text = "\t".join(cells)
    found = set()
    ticked = re.findall(f"{CHECKED}\\s*([^{CHECKED}{UNCHECKED}\\t]{{0,40}})", text)
    for label in ticked:
        status = _label_status(label)
        if status:
            found.add(status)
    if len(found) == 1:
        return found.pop(), False
    if not found and len(ticked) == 1:
        # the ticked box's label OCR garbled ("☑ .ดิ๊าเนินการ ☐ ยังไม่ได้ดำเนินการ"): of the
        # two boxes of a done / not done choice, it is the one the other's label is not
        blank = re.findall(f"{UNCHECKED}\\s*([^{CHECKED}{UNCHECKED}\\t]{{0,40}})", text)
        other = {_label_status(label) for label in blank}
        if len(blank) == 1 and other <= {"done", "not_done"} and None not in other:
            return ("done" if other == {"not_done"} else "not_done"), False
    return None, len(found) > 1


def _name(row: TableRow) -> str | None:
    seen_code = False
    for cell, role in zip(row.cells, row.roles):
        if not cell.strip() or role == "row_no":
            continue
        if not seen_code:
            seen_code = True
            continue
        name = re.sub(f"[{CHECKED}{UNCHECKED}]", "", cell).strip()
        return name[:500] or None
    return None


# a checklist's code cell whose O OCR garbled beside the item's Thai digits (`0 ๑๐`,
# `Oo ๒๒`, `เ @, ๑๕`, `6) ๒๕`): a few specks, then the item's number
_GARBLED_O = re.compile(r"^\s*(?:\S{1,3}\s+(?:\S{1,2}\s+)?)?([0-9๐-๙]{1,2})\s*$")


def _number_left(row: TableRow) -> int | None:
    """The item number a checklist row's garbled code cell still shows (None if none)."""
    for cell, role in zip(row.cells, row.roles):
        if not cell.strip() or role == "row_no":
            continue
        m = _GARBLED_O.match(cell)
        return int(numbers.to_arabic_digits(m.group(1))) if m else None
    return None


def _taken_before(out: list[tuple[TableRow, str | None, bool]], k: int) -> set[int]:
    """The numbers of the codes taken before row k."""
    return {int(c[1:]) for _, c, _ in out[:k] if c and c[1:].isdigit()}


def _checklist_codes(rows: list[TableRow]) -> list[tuple[TableRow, str | None, bool]]:
    """(row, code, inferred) for every checklist row in order. OCR garbles some codes
    (O๖ read as "Od", O๑๐ as "0 ๑๐"); checklists are numbered, so a garbled code whose
    number is still legible is taken where it goes on from the code before it (or leads
    to the one after it), and a run of unreadable codes between O(a) and O(b) that fills
    the gap exactly (b - a - 1 rows) takes O(a+1)… in order."""
    out: list[tuple[TableRow, str | None, bool]] = []
    for row in rows:
        code = oit_code_of(row)
        if code is not None:
            out.append((row, code, False))
        elif row.has_boxes and not MEASURE_ROLES & set(row.roles) and (
            "codes" in row.roles or _number_left(row) is not None
        ):
            # a checklist row whose code OCR garbled; its column unnamed too where OCR
            # garbled the header ("aos วัดย่อย" for ตัวชี้วัดย่อย), its number still tells
            out.append((row, None, False))

    def number(code: str | None) -> int | None:
        return int(code[1:]) if code and code[1:].isdigit() else None

    # a code read whole but wrong, that repeats one taken before it or leaves the order
    # where its neighbours leave room for one number only (O๘ read "O6" between O๗ and O๙:
    # as O6 it was the list's second O6, dropped): the number the order gives, inferred
    for k in range(1, len(out) - 1):
        before, here, after = (number(out[k + d][1]) for d in (-1, 0, 1))
        if (before is not None and after is not None and here is not None and after - before == 2
                and here != before + 1 and (here in _taken_before(out, k) or not before < here < after)):
            out[k] = (out[k][0], f"O{before + 1}", True)

    left = [_number_left(row) if code is None else None for row, code, _ in out]
    for order in (range(len(out)), range(len(out) - 1, -1, -1)):
        near = None  # (row index, number) of the last code decided, walking this way
        for k in order:
            if out[k][1] is not None:
                near = (k, number(out[k][1])) if number(out[k][1]) is not None else None
            elif near is not None and near[1] is not None and left[k] == near[1] + (k - near[0]):
                # one row further, one number further (a row misread between them keeps the count)
                out[k] = (out[k][0], f"O{left[k]}", True)
                near = (k, left[k])

    i = 0
    while i < len(out):
        if out[i][1] is not None:
            i += 1
            continue
        j = i
        while j < len(out) and out[j][1] is None:
            j += 1
        before = number(out[i - 1][1]) if i > 0 else None
        after = number(out[j][1]) if j < len(out) else None
        if before is not None and after is not None and after - before - 1 == j - i:
            for k in range(i, j):
                out[k] = (out[k][0], f"O{before + 1 + k - i}", True)
        i = j
    return out


def extract_oit_items(ctx: DocContext) -> DocRecords:
    """One OitItemRecord per OIT checklist row of the document (its code, name, status)."""
    doc, report_id, rows = ctx.doc, ctx.report_id, ctx.rows
    items: dict[str, OitItemRecord] = {}
    flags: list[FlagRecord] = []

    if rows is None:
        rows = table_rows(doc)
    garbled: dict[int, list[TableRow]] = {}  # page -> checklist rows whose code is unreadable
    inferred = 0
    for row, code, from_sequence in _checklist_codes(rows):
        try:
            if code is None:
                garbled.setdefault(row.page, []).append(row)
                continue
            inferred += from_sequence
            status, conflicting = checkbox_status(row.cells)
            if conflicting:
                flags.append(ctx.row_flag(
                    f"สถานะรายการ {code} ขัดกัน: ทำเครื่องหมายทั้ง 'ดำเนินการ' และ 'ยังไม่ได้ดำเนินการ' "
                    f"(OIT item {code}: boxes ticked both ways; status left empty)", row))
            record = OitItemRecord(report_id=report_id, code=code, name_raw=_name(row), status=status,
                                   page=row.page, bbox=row.bbox)
        except ValidationError as exc:
            flags.append(ctx.row_flag(
                f"อ่านรายการ OIT ไม่ได้ (OIT item row: invalid value: {exc.errors()[0]['msg']})", row))
            continue
        except Exception as exc:  # an odd row must not stop the document
            flags.append(ctx.row_flag(
                f"อ่านรายการ OIT ไม่ได้ (OIT item row could not be read: {type(exc).__name__})", row))
            continue
        if code in items:
            if items[code].status != record.status:
                flags.append(ctx.row_flag(
                    f"รายการ {code} ปรากฏสองครั้ง สถานะไม่ตรงกัน (OIT item {code} listed twice with "
                    f"different statuses; the first is kept)", row))
            continue
        items[code] = record
    if inferred:
        flags.append(ctx.flag(
            "parse_error",
            f"รหัสรายการ OIT {inferred} รายการอ่านไม่ออก อนุมานจากลำดับรายการก่อนและหลัง "
            f"({inferred} OIT item code(s) unreadable, taken from the codes before and after)",
            severity="info",
        ))
    for page, bad in garbled.items():
        flags.append(ctx.flag(
            "parse_error",
            f"อ่านรหัสรายการ OIT ไม่ได้ {len(bad)} แถว "
            f"({len(bad)} OIT checklist row(s) with an unreadable item code; not loaded)",
            evidence="\n".join(r.raw[:200] for r in bad[:3]), page=page,
        ))
    return DocRecords(oit_items=tuple(items.values()), flags=tuple(flags))
