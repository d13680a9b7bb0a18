"""What extractors take and give, and what extraction hands the checks.

Every document extractor is an `Extractor`: a `DocContext` (one logical document of a
file, with the report it belongs to) in, `DocRecords` (records and flags) out.
`pipeline/extract/__init__.py` runs the list `DOCUMENT_EXTRACTORS` over each document, as
`pipeline/checks.py` runs `REPORT_CHECKS` over each report's `ReportFacts`. Flags are
made with `DocContext.flag` / `row_flag` (pipeline/flags.py's `new_flag` underneath).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from pipeline.flags import new_flag
from pipeline.segment import Document
from schemas.records import (
    FlagRecord,
    IndexScoreRecord,
    IndicatorScoreRecord,
    MeasureRecord,
    OitItemRecord,
    ReportRecord,
    ToolScoreRecord,
    YearResultRecord,
)

if TYPE_CHECKING:
    from pipeline.extract.table_rows import TableRow


@dataclass(frozen=True)
class DocContext:
    """One document, as every extractor gets it."""

    doc: Document
    file_id: str
    report_id: str
    fiscal_year: int | None = None  # the report's own year (headline), None: not stated
    rows: Sequence[TableRow] | None = None  # its table rows, read once for all (None: not read yet)

    def flag(self, kind: str, message: str, *, evidence: str | None = None, page: int | None = None,
             severity: str | None = None, bbox: Sequence[float] | None = None) -> FlagRecord:
        """A flag on this document's report (severity: the kind's default unless given)."""
        return new_flag(kind, message, file_id=self.file_id, report_id=self.report_id, evidence=evidence,
                        page=page, severity=severity, bbox=bbox)

    def row_flag(self, message: str, row: TableRow, kind: str = "parse_error") -> FlagRecord:
        """A flag on a table row that could not be read, the row's text as evidence."""
        return self.flag(kind, message, evidence=row.raw[:500], page=row.page)


@dataclass(frozen=True)
class DocRecords:
    """What an extractor gives for one document; the fields it does not fill stay empty."""

    tool_scores: tuple[ToolScoreRecord, ...] = ()
    indicator_scores: tuple[IndicatorScoreRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    oit_items: tuple[OitItemRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()

    @staticmethod
    def merge(parts: Iterable[DocRecords]) -> DocRecords:
        """The parts together, each field in the parts' order."""
        parts = list(parts)
        return DocRecords(**{f.name: tuple(r for p in parts for r in getattr(p, f.name)) for f in fields(DocRecords)})


Extractor = Callable[[DocContext], DocRecords]


@dataclass(frozen=True)
class ReportFacts:
    """What the checks look at for one report (its own fiscal year's values)."""

    report: ReportRecord
    tools: tuple[ToolScoreRecord, ...] = ()
    indicators: tuple[IndicatorScoreRecord, ...] = ()
    document: Document | None = None
    agency_variants: tuple[str, ...] = ()  # spellings of the report's own agency
    other_agencies: tuple[str, ...] = ()  # other agencies named inside the report
    ranks: tuple[tuple, ...] = ()  # (rank, page[, group]) every time a rank is stated
    year_results: tuple[YearResultRecord, ...] = ()  # own year and quoted earlier years
    index_scores: tuple[IndexScoreRecord, ...] = ()  # the five indices of 2557-2561
    unknown_place: str | None = None  # the agency's place name, where the gazetteer has none
    ocr_pages: frozenset[int] = frozenset()  # the pages whose text OCR read (marks lost, letters confused)

    def _own_year(self, fy: int | None) -> bool:
        return fy is None or self.report.fiscal_year is None or fy == self.report.fiscal_year

    def tool(self, name: str) -> ToolScoreRecord | None:
        """The tool's score for the report's own year (a comparison column is not it)."""
        return next(
            (t for t in self.tools if t.tool == name and t.score is not None and self._own_year(t.fiscal_year)),
            None,
        )

    def own_indicators(self) -> list[IndicatorScoreRecord]:
        return [i for i in self.indicators if self._own_year(i.fiscal_year)]
