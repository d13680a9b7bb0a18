"""The pipeline's closed vocabularies, one type each.

Each is a `StrEnum`: a member is the very string stored in DuckDB (`PageMethod.OCR ==
"ocr"`), so the tables (DESIGN §4) are unchanged; the pipeline passes members around
and the pydantic models (schemas/records.py) take these types for their columns.
"""

from __future__ import annotations

from enum import StrEnum


class FileStatus(StrEnum):
    """files.status: how far a file was read."""

    OK = "ok"
    PARTIAL = "partial"  # loaded, with pages or records missing (files.error says which)
    FAILED = "failed"  # nothing loaded but the files row
    SKIPPED = "skipped"  # already loaded by this pipeline version (counted, not stored)


class PageMethod(StrEnum):
    """pages.method: where a page's text came from."""

    TEXT = "text"  # a text/markdown/HTML or Word file, as written
    PDF_TEXT = "pdf_text"  # a PDF text layer
    OCR = "ocr"  # Tesseract
    NONE = "none"  # nothing usable read (page needs OCR, or failed)


class MethodReason(StrEnum):
    """pages.method_reason: why a page's text came from where it did. A PDF page's
    reader sets the first six (before any OCR); pipeline.stages.merge_ocr the two
    comparisons once OCR has read the page. The quality compared is
    normalizers.thai.text_quality (dictionary hit ratio, junk counts)."""

    TEXT_FILE = "text_file"  # a text/markdown/HTML or Word file: its text as written
    LAYER_GOOD = "layer_good"  # the PDF text layer scored well as stored
    LAYER_REPAIRED = "layer_repaired"  # scored well once repaired (pages.layer_repairs)
    LAYER_POOR = "layer_poor"  # scored below the threshold, repaired or not: OCR compared
    NO_TEXT_LAYER = "no_text_layer"  # nothing drawn as text (a scan, an image file, outlines)
    SCAN = "scan"  # a page-sized image with a few glyphs on top (a stamped page number)
    OCR_BETTER = "ocr_better_than_layer"  # OCR read better than the (repaired) layer
    LAYER_NO_WORSE = "layer_no_worse_than_ocr"  # a poor-scoring layer kept: OCR read no better


class DocType(StrEnum):
    """reports.doc_type: what a logical document is (pipeline/segment.py decides)."""

    MEMO = "score_report_memo"
    O42 = "o42_analysis_measures"
    O43 = "o43_implementation_report"
    ANNOUNCEMENT = "score_announcement"  # an agency's announcement or a news item of its result
    OTHER = "other"
    # evidence that holds no ITA result (NOT_ITA_RESULTS): only its headline is read
    PROCUREMENT = "procurement_report"  # procurement plans, results, analyses (จัดซื้อจัดจ้าง)
    PUBLICATION_FORM = "publication_form"  # a form asking to publish information on the website
    OTHER_MEMO = "other_memo"  # a memo (บันทึกข้อความ) about something other than ITA results


# documents that hold no ITA result: nothing but the headline is read from them
NOT_ITA_RESULTS = frozenset({DocType.PROCUREMENT, DocType.PUBLICATION_FORM, DocType.OTHER_MEMO})


class Tool(StrEnum):
    """tool_scores.tool: the ITA's assessment tools (EIT in two parts in 2566)."""

    IIT = "IIT"
    EIT = "EIT"
    EIT_PART1 = "EIT_PART1"
    EIT_PART2 = "EIT_PART2"
    OIT = "OIT"


class ErrorKind(StrEnum):
    """What went wrong with a page or a file (pages.errors[].kind; files.error and
    pages.error hold the messages joined)."""

    UNREADABLE = "unreadable"  # the file or page could not be read or rendered
    NEEDS_OCR = "needs_ocr"  # the text layer is not usable (why), or pages still need OCR
    OCR_FAILED = "ocr_failed"  # OCR gave nothing: a timeout, an engine error
    OCR_NOTE = "ocr_note"  # OCR read the page; a step of it did not work (digit repair)
    OCR_SKIPPED = "ocr_skipped"  # not OCR'd: the file's time budget was spent
    LIMIT = "limit"  # a limit (pipeline/limits.py) refused the file or cut it short
    EXTRACTION = "extraction"  # extraction or a check failed on the file's pages
    STORED = "stored"  # read back from a database written before errors had kinds
    OTHER = "other"  # given as plain text by code that does not type its errors
