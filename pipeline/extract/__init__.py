"""Extraction: from a file's pages to validated records (reports and their scores),
plus the evidence the checks (pipeline/checks.py) judge them on."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.checks import ReportFacts
from schemas.records import (
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


@dataclass(frozen=True)
class Extraction:
    reports: tuple[ReportRecord, ...] = ()
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


def extract(file_id: str, pages) -> Extraction:
    from pipeline.extract.headline import extract_headlines
    from pipeline.extract.measures import extract_measures, table_rows
    from pipeline.extract.oit import extract_oit_items
    from pipeline.extract.scores import extract_scores
    from pipeline.segment import split_documents

    docs = split_documents(pages)
    reports, years, tools, indicators, flags, facts = [], [], [], [], [], []
    measures, oit_items, ranks, evidence, index_scores = [], [], [], [], []
    for doc, head in zip(docs, extract_headlines(file_id, docs)):
        report = head.report
        scores = extract_scores(doc, report.fiscal_year, report.report_id, file_id)
        rows = table_rows(doc)
        doc_measures = extract_measures(doc, report.fiscal_year, report.report_id, file_id, rows)
        doc_oit = extract_oit_items(doc, report.fiscal_year, report.report_id, file_id, rows)
        measures += doc_measures.measures
        oit_items += doc_oit.items
        reports.append(report)
        years += head.year_results
        ranks += head.rank_rows
        index_scores += head.index_scores
        evidence += head.evidence
        tools += scores.tool_scores
        indicators += scores.indicator_scores
        flags += head.flags + scores.flags + doc_measures.flags + doc_oit.flags
        facts.append(ReportFacts(
            report=report,
            tools=scores.tool_scores,
            indicators=scores.indicator_scores,
            document=doc,
            agency_variants=head.agency.variants,
            other_agencies=head.agency.others,
            ranks=head.ranks,
            year_results=head.year_results,
        ))
    return Extraction(
        reports=tuple(reports), year_results=tuple(years), tool_scores=tuple(tools),
        indicator_scores=tuple(indicators), measures=tuple(measures), oit_items=tuple(oit_items),
        flags=tuple(flags), ranks=tuple(ranks), index_scores=tuple(index_scores), evidence=tuple(evidence), facts=tuple(facts),
    )
