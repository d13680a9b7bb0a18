"""Extraction: from a file's pages to validated records (reports and their scores),
plus the evidence the checks (pipeline/checks.py) judge them on.

The headline (agency, year, overall, level, …) is read over the whole file first
(`headline.extract_headlines`: the agency is decided on every document's evidence); then
each document that states an ITA result goes through `DOCUMENT_EXTRACTORS`, each an
`Extractor` (context.py): a `DocContext` in, `DocRecords` out."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.context import DocContext, DocRecords, Extractor, ReportFacts
from pipeline.extract.headline import extract_headlines
from pipeline.extract.measures import extract_measures
from pipeline.extract.table_rows import table_rows
from pipeline.extract.oit import extract_oit_items
from pipeline.extract.scores import extract_scores
from pipeline.segment import NOT_ITA_RESULTS, split_documents
from schemas.records import (
    AgencyRecord,
    EvidenceRecord,
    FlagRecord,
    IndexScoreRecord,
    IndicatorScoreRecord,
    MeasureRecord,
    OitItemRecord,
    RankRecord,
    ReportRecord,
    ToolScoreRecord,
    YearResultRecord,
)
from schemas.vocab import PageMethod


@dataclass(frozen=True)
class Extraction:
    reports: tuple[ReportRecord, ...] = ()
    agencies: tuple[AgencyRecord, ...] = ()
    year_results: tuple[YearResultRecord, ...] = ()
    tool_scores: tuple[ToolScoreRecord, ...] = ()
    indicator_scores: tuple[IndicatorScoreRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    oit_items: tuple[OitItemRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()
    ranks: tuple[RankRecord, ...] = ()
    index_scores: tuple[IndexScoreRecord, ...] = ()
    evidence: tuple[EvidenceRecord, ...] = ()
    facts: tuple[ReportFacts, ...] = ()  # for the checks; not loaded


# what is read from each document that states an ITA result, in this order
DOCUMENT_EXTRACTORS: tuple[Extractor, ...] = (extract_scores, extract_measures, extract_oit_items)


def extract_document(ctx: DocContext) -> DocRecords:
    """Every document extractor's records and flags for one document."""
    return DocRecords.merge(extractor(ctx) for extractor in DOCUMENT_EXTRACTORS)


def extract(file_id: str, pages) -> Extraction:
    docs = split_documents(pages)
    ocr_pages = frozenset(p.page_no for p in pages if p.method == PageMethod.OCR)
    reports, years, tools, indicators, flags, facts = [], [], [], [], [], []
    measures, oit_items, ranks, evidence, index_scores, agencies = [], [], [], [], [], []
    for doc, head in zip(docs, extract_headlines(file_id, docs)):
        report = head.report
        if doc.doc_type in NOT_ITA_RESULTS:
            # a procurement table's percentages or a form's list numbers are no scores
            got = DocRecords()
        else:
            got = extract_document(DocContext(doc, file_id, report.report_id, report.fiscal_year,
                                              rows=table_rows(doc)))
        measures += got.measures
        oit_items += got.oit_items
        reports.append(report)
        if head.agency_record is not None:
            agencies.append(head.agency_record)
        years += head.year_results
        ranks += head.rank_rows
        index_scores += head.index_scores
        evidence += head.evidence
        tools += got.tool_scores
        indicators += got.indicator_scores
        flags += head.flags + got.flags
        facts.append(ReportFacts(
            report=report,
            tools=got.tool_scores,
            indicators=got.indicator_scores,
            document=doc,
            agency_variants=head.agency.variants,
            other_agencies=head.agency.others,
            ranks=head.ranks,
            year_results=head.year_results,
            index_scores=head.index_scores,
            unknown_place=head.unknown_place,
            ocr_pages=ocr_pages,
        ))
    return Extraction(
        reports=tuple(reports), agencies=tuple(agencies), year_results=tuple(years),
        tool_scores=tuple(tools), indicator_scores=tuple(indicators),
        index_scores=tuple(index_scores), measures=tuple(measures), oit_items=tuple(oit_items),
        flags=tuple(flags), ranks=tuple(ranks), evidence=tuple(evidence), facts=tuple(facts),
    )
