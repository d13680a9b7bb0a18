"""Validated records, one model per DuckDB table (DESIGN §4).

pipeline/load.py creates the tables from these models (see `DDL_TYPES` there), and
tests/test_schema.py checks that the two agree column by column.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# the closed vocabularies (files.status, pages.method and method_reason, reports.doc_type,
# tool_scores.tool): one StrEnum each, stored as their strings
from schemas.vocab import DocType, ErrorKind, FileStatus, MethodReason, PageMethod, Tool

Score = Field(default=None, ge=0, le=100)

Severity = Literal["error", "warning", "info"]
MeasureStatus = Literal["done", "in_progress", "not_started"]


# Where a value stands on its page: [x0, top, x1, bottom] as fractions of the page's
# width and height, origin top left (pipeline/pages.py Box); None where the reader has
# no geometry (text files) or the value was put together from several places.
BBox = list[float]
# what a record's bbox is the box of (pipeline/valuebox.py): 'value' the value's own
# glyphs; 'line' the line or table row it was read from (its glyphs not told apart)
BoxKind = Literal["value", "line"]


class _Record(BaseModel):
    # use_enum_values: a vocabulary member (schemas/vocab.py) is kept as its string
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _box_kind(cls, data):
        # a box stored without its kind is the box of the line or row the value was read
        # from (extraction says 'value' where it found the value's own glyphs)
        if (isinstance(data, dict) and "box_kind" in cls.model_fields
                and data.get("bbox") is not None and data.get("box_kind") is None):
            data = {**data, "box_kind": "line"}
        return data


class FileRecord(_Record):
    file_id: str  # sha256 of the content (of the path, for a file that could not be read)
    path: str
    size_bytes: int | None = None
    media_type: str | None = None
    n_pages: int = 0
    status: FileStatus
    error: str | None = None
    encoding: str | None = None  # text files: the encoding they were decoded from
    pipeline_version: str
    ingested_at: datetime


class ErrorItem(BaseModel):
    """One error of a page (pipeline/pages.py PageError), a STRUCT in pages.errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)
    kind: ErrorKind
    page: int | None = None  # None: about the whole file (a limit on its pages)
    message: str


class PageRecord(_Record):
    file_id: str
    page_no: int = Field(ge=1)
    method: PageMethod
    text: str
    raw_text: str | None = None
    quality: float | None = Field(default=None, ge=0, le=1)
    ocr_confidence: float | None = Field(default=None, ge=0, le=100)
    error: str | None = None
    needs_ocr: bool = False  # no usable text layer (kept so --reextract knows without re-reading)
    # one [x0, top, x1, bottom] (fractions of the page, origin top left) per line of
    # `text`, where the reader knows the geometry (PDF text layer, OCR); kept for --reextract
    line_boxes: list[BBox | None] | None = None
    # why `method` (pipeline/pages.py METHOD_REASONS); a PDF text layer's quality after
    # repair (also when OCR replaced it) and the number of glyphs/words repaired in it
    method_reason: MethodReason | None = None
    layer_quality: float | None = Field(default=None, ge=0, le=1)
    layer_repairs: int | None = Field(default=None, ge=0)
    # the page's errors one by one (`error` is their messages joined by "; ")
    errors: list[ErrorItem] | None = None
    # the page's glyphs (pdfium's characters; OCR: Tesseract's words) and their boxes,
    # in the reader's order, from which a value's own box is found (pipeline/valuebox.py);
    # kept for --reextract
    glyph_texts: list[str] | None = None
    glyph_boxes: list[BBox] | None = None
    glyph_confs: list[float] | None = None  # OCR: each glyph's confidence, 0–100


class ReportRecord(_Record):
    report_id: str
    file_id: str
    doc_index: int = Field(ge=0)
    doc_type: DocType
    agency_name: str | None = None
    agency_name_raw: str | None = None
    agency_type: str | None = None
    district: str | None = None
    province: str | None = None
    fiscal_year: int | None = Field(default=None, ge=2540, le=2600)
    doc_date: date | None = None
    doc_number: str | None = None
    overall_score: float | None = Score
    level: str | None = None
    rank: int | None = Field(default=None, ge=1)
    # the group `rank` is within: 'country', 'province', 'district', 'group' (a type,
    # ministry or other named group; its words in `ranks.scope_raw`) or NULL; and its size
    rank_scope: str | None = None
    rank_of: int | None = Field(default=None, ge=1)
    first_page: int = Field(ge=1)
    last_page: int = Field(ge=1)
    agency_id: str | None = None  # agencies.agency_id
    # documents delivered as several page images (pipeline/groups.py): the group's id;
    # the report's pages (first_page, last_page, its rows' page) count over the group
    file_group: str | None = None


class AgencyRecord(_Record):
    """One agency, whatever files name it: upserted by `agency_id` (pipeline/load.py),
    its spellings merged. The key is the same in every run and for every OCR spelling
    (normalizers.agencies.agency_key)."""

    agency_id: str
    agency_type: str  # SAO, TAMBON_MUNICIPALITY, …, DEPARTMENT, UNIVERSITY, … (agency_types.json)
    agency_group: str | None = None  # the ITA agency group, in Thai
    name: str  # canonical
    abbreviations: list[str] = Field(default_factory=list)
    spellings: list[str] = Field(default_factory=list)  # as written in the files, merged
    district: str | None = None
    province: str | None = None
    gazetteer_code: str | None = None  # DOPA code of the place it is named after


class YearResultRecord(_Record):
    """An overall result a report states for one fiscal year: its own (as in `reports`)
    and any earlier year it quotes, so year-on-year changes can be read from one report."""

    report_id: str
    fiscal_year: int = Field(ge=2540, le=2600)
    overall_score: float | None = Score
    level: str | None = None
    rank: int | None = Field(default=None, ge=1)
    quoted: bool  # False: the report's own year; True: an earlier year it quotes
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None
    words: str | None = None  # the words the result was read from


class RankRecord(_Record):
    """A rank a report states, with the group it is a rank in: one report may state
    several true ranks ("อันดับ 2 ของอำเภอ และ 76 ของจังหวัด")."""

    report_id: str
    fiscal_year: int | None = None
    quoted: bool = False  # True: a rank of an earlier year the report quotes
    rank: int = Field(ge=1)
    rank_of: int | None = Field(default=None, ge=1)  # "จาก 26 หน่วยงาน"
    scope: str | None = None  # 'country', 'province', 'district', 'group' or NULL (not said)
    scope_raw: str | None = None  # the group as written ("หน่วยงานสังกัดสำนักนายกรัฐมนตรี")
    words: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class IndexScoreRecord(_Record):
    """A score of one of the five indices of the 2557-2561 framework (ดัชนีความโปร่งใส, …;
    the catalog's years 2557-2561), beside tools and indicators of the 2562+ one."""

    report_id: str
    fiscal_year: int | None = None
    index_no: int = Field(ge=1, le=5)
    index_name: str
    score: float | None = Score
    level: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class EvidenceRecord(_Record):
    """Where a headline value of `reports` (overall_score, level, rank, fiscal_year) was
    read: the words and the rule that took it. `chosen` false: another statement of the
    same value for the same year that disagrees (with a value_conflict flag)."""

    report_id: str
    field: str
    value: str
    fiscal_year: int | None = None
    rule: str | None = None
    words: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None
    chosen: bool = True


class ToolScoreRecord(_Record):
    report_id: str
    fiscal_year: int | None = None
    tool: Tool
    score: float | None = Score
    label_raw: str | None = None  # the label as printed (it is sometimes the wrong tool's)
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class IndicatorScoreRecord(_Record):
    report_id: str
    fiscal_year: int | None = None
    indicator: int = Field(ge=1, le=10)
    name_raw: str | None = None
    match_score: float | None = Field(default=None, ge=0, le=100)
    # the indicator the printed name is, when the matcher is sure; NULL when the name is
    # no indicator's (it differs from `indicator` in a row that carries another's name)
    name_indicator: int | None = Field(default=None, ge=1, le=10)
    score: float | None = Score
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class MeasureRecord(_Record):
    report_id: str
    row_no: int = Field(ge=1)
    question_code: str | None = None
    question_codes: list[str] = Field(default_factory=list)
    indicator: int | None = Field(default=None, ge=1, le=10)
    issue: str | None = None
    measure: str | None = None
    steps: str | None = None
    responsible: str | None = None
    period: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    status: MeasureStatus | None = None
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class OitItemRecord(_Record):
    report_id: str
    code: str
    name_raw: str | None = None
    status: Literal["done", "not_done"] | None = None
    page: int | None = None
    bbox: BBox | None = None
    box_kind: BoxKind | None = None


class FlagRecord(_Record):
    file_id: str
    report_id: str | None = None
    kind: str
    severity: Severity
    message: str
    evidence: str | None = None
    page: int | None = None
    # 'file': found in one file's records; 'database': found by comparing reports of
    # several files after loading (recomputed at the end of every ingest run)
    scope: Literal["file", "database"] = "file"
    bbox: BBox | None = None  # where on the page, when the reader knows (a garbled score)
    box_kind: BoxKind | None = None


class FileGroupRecord(_Record):
    """One member of a document delivered as several page images (pipeline/groups.py)."""

    group_id: str  # sha256 of the members' file_ids in page order
    file_id: str
    member_no: int = Field(ge=1)  # the member's place in the group
    page_no: int | None = None  # the group page its first page is (None: no page read)


# table name -> model, in load order (files first: the others refer to it)
TABLES: dict[str, type[_Record]] = {
    "files": FileRecord,
    "pages": PageRecord,
    "reports": ReportRecord,
    "agencies": AgencyRecord,
    "year_results": YearResultRecord,
    "ranks": RankRecord,
    "index_scores": IndexScoreRecord,
    "evidence": EvidenceRecord,
    "tool_scores": ToolScoreRecord,
    "indicator_scores": IndicatorScoreRecord,
    "index_scores": IndexScoreRecord,
    "measures": MeasureRecord,
    "oit_items": OitItemRecord,
    "flags": FlagRecord,
    "file_groups": FileGroupRecord,
}
