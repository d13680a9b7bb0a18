"""Every document extractor has one shape (DocContext in, DocRecords out), and extraction
does not import the checks (the checks import extraction's types)."""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline.extract import DOCUMENT_EXTRACTORS, extract_document
from pipeline.extract.context import DocContext, DocRecords
from pipeline.segment import Document, Line

ROOT = Path(__file__).resolve().parents[1]


def _doc(*texts: str) -> Document:
    return Document(0, "score_report_memo", tuple(Line(1, t) for t in texts))


# a tool score and an OIT checklist row with both boxes ticked (a flag)
TEXTS = ("คะแนน IIT\t๘๙.๔๙", "ข้อ\tข้อมูล\tผู้รับผิดชอบ\tสถานะ",
         "O1\tโครงสร้าง\tสำนักปลัด\t☑ ดำเนินการ ☑ ยังไม่ได้ดำเนินการ")


def test_each_extractor_takes_a_context_and_gives_records():
    ctx = DocContext(_doc(*TEXTS), "f", "r", 2566)
    for extractor in DOCUMENT_EXTRACTORS:
        got = extractor(ctx)
        assert isinstance(got, DocRecords), extractor.__name__
        assert all(f.file_id == "f" and f.report_id == "r" for f in got.flags)


def test_extract_document_is_the_extractors_records_in_order():
    ctx = DocContext(_doc(*TEXTS), "f", "r", 2566)
    parts = [extractor(ctx) for extractor in DOCUMENT_EXTRACTORS]
    got = extract_document(ctx)
    assert got.tool_scores == sum((p.tool_scores for p in parts), ())
    assert got.oit_items == sum((p.oit_items for p in parts), ())
    assert got.flags == sum((p.flags for p in parts), ())
    assert [t.tool for t in got.tool_scores] == ["IIT"] and [i.code for i in got.oit_items] == ["O1"]
    assert [f.kind for f in got.flags] == ["parse_error"]  # the OIT row ticked both ways


def test_extraction_does_not_import_the_checks():
    for path in (ROOT / "pipeline" / "extract").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert "pipeline.checks" not in names, path.name
