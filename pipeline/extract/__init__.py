"""Extraction: from a file's pages to validated records (reports and their scores)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.records import (
    FlagRecord,
    IndicatorScoreRecord,
    MeasureRecord,
    OitItemRecord,
    ReportRecord,
    ToolScoreRecord,
)


@dataclass(frozen=True)
class Extraction:
    reports: tuple[ReportRecord, ...] = ()
    tool_scores: tuple[ToolScoreRecord, ...] = ()
    indicator_scores: tuple[IndicatorScoreRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    oit_items: tuple[OitItemRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()


def extract(file_id: str, pages) -> Extraction:
    from pipeline.extract.headline import extract_headlines

    return extract_headlines(file_id, pages)
