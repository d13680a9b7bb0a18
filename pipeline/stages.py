"""One file's work, as the worker processes do it (pure and picklable: no DuckDB here):
read its pages, OCR the pages that need it (a page a task, heaviest first), keep the text
layer where OCR reads no better, extract, check, and turn it all into records.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from pipeline import discover as disc
from pipeline.flags import new_flag
from pipeline.limits import DEFAULT_LIMITS, LIMIT_FLAG, Limits, limit_hits
from pipeline.pages import (
    LAYER_NO_WORSE, NO_TEXT_LAYER, NONE, OCR, OCR_BETTER, PDF_TEXT, SCAN, PageError, PageResult,
    ReadError, page_error,
)
from pipeline.readers import registry
from pipeline.version import PIPELINE_VERSION
from schemas.records import ErrorItem, FileRecord, PageRecord
from schemas.vocab import ErrorKind, FileStatus

if TYPE_CHECKING:  # the extraction (pythainlp, rapidfuzz, the catalog) loads with the first file
    from pipeline.extract import Extraction
    from pipeline.ocr.settings import OcrSettings


@dataclass(frozen=True)
class FileTask:
    path: str
    file_id: str
    media_type: str
    size_bytes: int | None
    ocr: OcrSettings | None = None  # None: the defaults
    limits: Limits | None = None  # None: pipeline.limits defaults


@dataclass(frozen=True)
class FileResult:
    task: FileTask
    status: FileStatus  # OK, PARTIAL or FAILED
    error: str | None
    pages: tuple[PageResult, ...] = ()
    encoding: str | None = None
    extraction: Extraction = field(default_factory=lambda: _no_extraction())
    messages: tuple[PageError, ...] = ()  # what to tell the user (the pages' errors, the file's)


def _no_extraction() -> Extraction:
    from pipeline.extract import Extraction

    return Extraction()


def load_extraction() -> None:
    """Import the extraction and the checks now (a process about to fork its workers:
    they start with them loaded, instead of each importing them, ~0.3 s)."""
    import pipeline.checks  # noqa: F401
    import pipeline.extract  # noqa: F401


def read_pages(task: FileTask) -> tuple[list[PageResult], str | None]:
    """Pages of a file, by the reader of its media type (pipeline/readers/registry.py);
    (pages, text encoding if a text file). Limits (pipeline.limits): a file over the
    size limit is not read (ReadError); pages beyond the page limit are not read, and
    the last page read says so."""
    limits = task.limits or DEFAULT_LIMITS
    reader = registry.reader(task.media_type)
    with open(task.path, "rb") as f:
        too_large = limits.too_large(os.fstat(f.fileno()).st_size)
        if too_large:
            raise ReadError(too_large, ErrorKind.LIMIT)
        data = f.read()
    read = reader.pages(data, limits)
    return _cut(read.pages, read.n_pages, limits), read.encoding


def _cut(pages: list[PageResult], n_pages: int, limits: Limits) -> list[PageResult]:
    """The first `limits.max_pages` pages; when the file has more, the last one kept
    carries the reason (so it reaches files.error, the page's error and a flag)."""
    out = []
    for p in pages[: limits.max_pages]:
        note = limits.chars_note(p.page_no, len(p.text))
        if note and note not in p.errors:
            p = replace(p, text=p.text[: limits.max_page_chars], errors=p.errors + (note,))
        out.append(p)
    note = limits.page_note(n_pages)
    if note is None:
        return out
    kept = out
    if kept:
        kept[-1] = replace(kept[-1], errors=kept[-1].errors + (note,))
    return kept


def process_file(task: FileTask, before_ocr: Callable[[], None] | None = None) -> FileResult:
    """Read, OCR (pages that need it, one after another) and extract one file.
    Never raises: every problem ends in the result. `before_ocr` is called when
    there are pages to OCR (the run lets go of the database then)."""
    read = read_file(task)
    if isinstance(read, FileResult):
        return read
    pages, encoding, todo = read
    return finish_file(task, merge_ocr(pages, ocr_in_turn(task, todo, before_ocr)), encoding)


def ocr_in_turn(task: FileTask, todo, before_ocr: Callable[[], None] | None = None) -> dict[int, PageResult]:
    """OCR pages one after another, within the file's time budget."""
    if todo and before_ocr:
        before_ocr()
    started, done, over = time.monotonic(), {}, False
    for n in todo:
        t = page_task(task, started)
        if t is None:
            done[n], over = over_budget(task, n, first=not over), True
        else:
            done[n] = ocr_task(t, n)
    return done


def page_task(task: FileTask, started: float) -> FileTask | None:
    """The task for one more page of OCR of a file whose first page began at `started`:
    its page timeout cut to what is left of the file's time budget (Limits), or None
    when the budget is spent."""
    left = (task.limits or DEFAULT_LIMITS).max_file_seconds - (time.monotonic() - started)
    if left <= 0:
        return None
    from pipeline.ocr.settings import OcrSettings

    ocr = task.ocr or OcrSettings()
    return replace(task, ocr=replace(ocr, timeout_s=left)) if left < ocr.timeout_s else task

_OVER_BUDGET = "not OCR'd (the file's time budget is spent)"


def over_budget(task: FileTask, page_no: int, first: bool) -> PageResult:
    """A page left out by the file's time budget; the first one carries the limit note
    (one limit_exceeded flag per file)."""
    note = ((task.limits or DEFAULT_LIMITS).time_note(),) if first else ()
    return PageResult(page_no, NONE, "", needs_ocr=True,
                      errors=(page_error(ErrorKind.OCR_SKIPPED, page_no, _OVER_BUDGET),) + note)


def read_file(task: FileTask) -> FileResult | tuple[list[PageResult], str | None, dict[int, float]]:
    """First stage: the file's pages and those to OCR (page number: expected work), or
    a failed FileResult. Never raises."""
    try:
        pages, encoding = read_pages(task)
    except ReadError as e:
        return _failed(task, str(e), e.kind)
    except (OSError, MemoryError) as e:
        return _failed(task, f"cannot read: {e}")
    except Exception as e:  # a reader bug must not stop the run
        return _failed(task, f"reader error: {type(e).__name__}: {e}")
    return pages, encoding, ocr_pages(task, pages)


def _failed(task: FileTask, reason: str, kind: ErrorKind = ErrorKind.UNREADABLE) -> FileResult:
    """A file that could not be read at all."""
    return FileResult(task, FileStatus.FAILED, reason, messages=(PageError(kind, None, reason),))


def ocr_pages(task: FileTask, pages: list[PageResult]) -> dict[int, float]:
    """Pages to OCR (those without usable text), each with the work it is likely to take
    (the reader's estimate), so that the pool starts the heaviest first and a run does
    not end with one worker on a big page while the others wait."""
    return registry.reader(task.media_type).pages_to_ocr(task.path, pages, task.size_bytes)


def ocr_task(task: FileTask, page_no: int) -> PageResult:
    """OCR one page of a file (picklable: runs in a worker). Never raises."""
    from pipeline.ocr.page import ocr_file_page

    try:
        return ocr_file_page(task.path, task.media_type, page_no, task.ocr)
    except Exception as e:  # ocr_file_page should not raise; a bug costs the page only
        return PageResult(page_no, NONE, "", needs_ocr=True,
                          errors=(page_error(ErrorKind.OCR_FAILED, page_no, f"OCR error: {type(e).__name__}: {e}"),))


def merge_ocr(pages: list[PageResult], done: dict[int, PageResult]) -> list[PageResult]:
    """Pages with their OCR results in place. A page whose OCR failed keeps what the
    reader had (a poor text layer is better than nothing), still marked needs_ocr,
    with the OCR error added. A limit note stays on its page whatever OCR gives; a
    reader error stays when OCR found the page blank (a content stream that neither
    pdfminer nor pdfium could decode must not pass for a blank page)."""
    out = []
    for p in pages:
        o = done.get(p.page_no)
        if o is None:
            out.append(p)
            continue
        keep = tuple(limit_hits(p.errors))
        if o.method == OCR and not o.text.strip() and p.method == NONE:
            keep = p.errors
        if o.method == OCR and _text_layer_is_better(p, o):
            # the layer was fine after all
            out.append(replace(p, needs_ocr=False, errors=keep, method_reason=LAYER_NO_WORSE))
        elif o.method == OCR:
            # a layer that OCR read better than keeps its score beside OCR's; a scan or a
            # page with no text layer keeps its reason: OCR was all there was
            reason = OCR_BETTER if p.method == PDF_TEXT and p.method_reason not in (SCAN, NO_TEXT_LAYER) else (
                p.method_reason or NO_TEXT_LAYER)
            out.append(replace(o, errors=o.errors + keep, method_reason=reason,
                               layer_quality=p.layer_quality, layer_repairs=p.layer_repairs))
        else:
            out.append(replace(p, needs_ocr=True, errors=p.errors + o.errors))
    return out


def _text_layer_is_better(layer: PageResult, ocr: PageResult) -> bool:
    """A text layer sent to OCR only for a middling quality score (a page of codes and
    short names) is kept when OCR reads no better: as much text, at least as good.
    A scan with a stamped page number (little text) or a broken layer is not."""
    if layer.method != PDF_TEXT or layer.quality is None or ocr.quality is None:
        return False
    as_long = len("".join(layer.text.split())) >= 0.8 * len("".join(ocr.text.split()))
    return as_long and layer.quality >= ocr.quality


def finish_file(task: FileTask, pages: list[PageResult], encoding: str | None) -> FileResult:
    """Extraction and the file's status from its pages (freshly read, or stored ones
    for --reextract). Never raises."""
    if not pages:
        return FileResult(task, FileStatus.FAILED, "no pages", encoding=encoding)
    messages = [err for p in pages for err in p.errors]
    need_ocr = [p.page_no for p in pages if p.needs_ocr]
    if need_ocr:
        messages.append(PageError(ErrorKind.NEEDS_OCR, None,
                                  f"{len(need_ocr)} page(s) need OCR: {_page_list(need_ocr)}"))
    from pipeline import checks
    from pipeline.extract import Extraction, extract

    try:
        extraction = extract(task.file_id, pages)
    except Exception as e:  # an extractor bug costs the records, not the pages
        extraction = Extraction()
        messages.append(PageError(ErrorKind.EXTRACTION, None, f"extraction error: {type(e).__name__}: {e}"))
    try:
        flags = extraction.flags + checks.check_extraction(extraction, pages)
    except Exception as e:  # a check bug costs its flags, not the records
        flags = extraction.flags
        messages.append(PageError(ErrorKind.EXTRACTION, None, f"check error: {type(e).__name__}: {e}"))
    # the evidence behind the checks is not loaded (nor sent back from a worker)
    extraction = replace(extraction, flags=flags, facts=())
    status = FileStatus.PARTIAL if messages else FileStatus.OK
    if all(p.method == NONE for p in pages) and not need_ocr:
        status = FileStatus.FAILED
    return FileResult(
        task, status, _joined(messages), tuple(pages), encoding, extraction, tuple(messages),
    )


def _joined(errors) -> str | None:
    """Errors as one line to read (files.error, pages.error): their messages, "; "."""
    return "; ".join(errors) or None


def _page_list(nums: list[int]) -> str:
    return ", ".join(map(str, nums[:20])) + (" …" if len(nums) > 20 else "")


def _no_nul(text: str | None) -> str | None:
    """Text without NUL characters (a text file may hold a few; they break every tool
    an analyst reads pages.text with)."""
    return text.replace("\x00", "") if text else text


def _glyph_texts(glyphs: tuple) -> list[str]:
    """The glyphs' characters, without NULs (_no_nul), which a PDF's glyph seldom holds:
    looked for once in all of them, not glyph by glyph (~1,500 a page)."""
    texts = [t for t, _ in glyphs]
    return [_no_nul(t) for t in texts] if "\x00" in "".join(texts) else texts


def to_records(result: FileResult, now: datetime) -> dict[str, list]:
    """The rows of every table for one processed file."""
    t = result.task
    file_rec = FileRecord(
        file_id=t.file_id,
        path=disc.stored_path(t.path),
        size_bytes=t.size_bytes,
        media_type=t.media_type,
        n_pages=len(result.pages),
        status=result.status,
        error=result.error,
        encoding=result.encoding,
        pipeline_version=PIPELINE_VERSION,
        ingested_at=now,
    )
    pages = [
        PageRecord(
            file_id=t.file_id,
            page_no=p.page_no,
            method=p.method,
            text=_no_nul(p.text),
            raw_text=_no_nul(p.raw_text) if p.raw_text != p.text else None,
            quality=p.quality,
            ocr_confidence=p.ocr_confidence,
            error=_joined(p.errors),
            errors=[ErrorItem(kind=e.kind, page=e.page, message=e.message)
                    for e in map(PageError.of, p.errors)] or None,
            needs_ocr=p.needs_ocr,
            line_boxes=[b if b else None for b in p.line_boxes] or None,
            method_reason=p.method_reason,
            layer_quality=p.layer_quality,
            layer_repairs=p.layer_repairs,
            glyph_texts=_glyph_texts(p.glyphs) or None,
            # (pydantic makes each box tuple a list)
            glyph_boxes=[b for _, b in p.glyphs] or None,
        )
        for p in result.pages
    ]
    flags = list(result.extraction.flags)
    for p in result.pages:
        if p.needs_ocr:
            flags.append(
                new_flag(
                    "ocr_required",
                    "หน้านี้ไม่มีข้อความที่อ่านได้ ต้องใช้ OCR "
                    "(page has no usable text layer; OCR needed)",
                    file_id=t.file_id,
                    evidence=f"text quality {p.quality:.2f}" if p.quality is not None else None,
                    page=p.page_no,
                )
            )
    for hit in limit_hits(result.messages):
        flags.append(
            new_flag(LIMIT_FLAG, hit.message, file_id=t.file_id,
                     severity="error" if result.status == FileStatus.FAILED else None)
        )
    if result.status == FileStatus.FAILED:
        flags.append(
            new_flag("parse_error", f"file could not be read: {result.error}", file_id=t.file_id,
                     severity="error")
        )
    ex = result.extraction
    return {
        "files": [file_rec],
        "pages": pages,
        "reports": list(ex.reports),
        "agencies": list(ex.agencies),
        "year_results": list(ex.year_results),
        "ranks": list(ex.ranks),
        "index_scores": list(ex.index_scores),
        "evidence": list(ex.evidence),
        "tool_scores": list(ex.tool_scores),
        "indicator_scores": list(ex.indicator_scores),
        "measures": list(ex.measures),
        "oit_items": list(ex.oit_items),
        "flags": flags,
    }
