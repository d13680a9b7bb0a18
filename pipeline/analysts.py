"""Tables and views for analysts (README § Views for analysts).

- catalog tables: the ITA catalog (schemas/ita_catalog.json) in the database, so a
  query can join indicator, OIT-item and level names of each fiscal year;
- `report_facts`: one row per report with its agency key, its province stated,
  inferred or explicitly unknown, and a normalised `passed`;
- `tool_scores_all`: `tool_scores` plus EIT computed from its two parts where a report
  states only the parts (`computed` = true; weights from `catalog_weights`);
- `agency_year`: one row per agency and fiscal year, each value the best-supported one,
  with `conflicts` naming what disagreed and where;
- `agency_indicators`: one row per agency, year and indicator (best-supported score)
  with the indicator's name for that year.

The SQL lives here; `pipeline.load.create_schema` calls `create(con)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # the catalog is loaded only when tables are made (`ita query` needs none of it)
    from schemas.catalog import Catalog

# The one place an agency is told apart from another: its `agencies` row (the same key
# for every OCR spelling, normalizers.agencies.agency_key); a report whose agency was not
# recognised as one falls back to its canonical name and province (stated or inferred,
# see report_facts).
AGENCY_KEY = "coalesce(agency_id, coalesce(agency_name, '') || '|' || coalesce(province_resolved, ''))"

UNKNOWN_PROVINCE = "ไม่ทราบจังหวัด"

CATALOG_DDL = {
    "catalog_indicators": "fiscal_year INTEGER, indicator INTEGER, name_th VARCHAR, tool VARCHAR, "
    "confidence VARCHAR",
    "catalog_oit_items": "fiscal_year INTEGER, code VARCHAR, name_th VARCHAR, sub_indicator VARCHAR, "
    "confidence VARCHAR",
    # band_order 1 = best; passed: the band's lowest score reaches the pass mark (NULL
    # before 2562: the five-index framework had levels, no pass mark)
    "catalog_levels": "fiscal_year INTEGER, scale VARCHAR, band_order INTEGER, label VARCHAR, "
    "min_score DOUBLE, max_score DOUBLE, requires_each_tool_min DOUBLE, passed BOOLEAN, "
    "confidence VARCHAR",
    # target = part_1·weight_1 + …: the overall from IIT/EIT/OIT, EIT from its two parts
    "catalog_weights": "fiscal_year INTEGER, target VARCHAR, part VARCHAR, weight DOUBLE",
    # the five indices of the framework before 2562
    "catalog_indices": "fiscal_year INTEGER, code VARCHAR, name_th VARCHAR, name_en VARCHAR, "
    "confidence VARCHAR",
}


def catalog_rows(cat: Catalog) -> dict[str, list[tuple]]:
    """Rows of the catalog tables (pure; tests compare them with the catalog)."""
    rows: dict[str, list[tuple]] = {t: [] for t in CATALOG_DDL}
    pass_min = cat.pass_mark.overall_min
    for fy, yc in sorted(cat.years.items()):
        for ind in yc.indicators:
            rows["catalog_indicators"].append((fy, ind.number, ind.name_th, ind.tool, ind.confidence))
        for it in yc.oit_items:
            rows["catalog_oit_items"].append((fy, it.code, it.name_th, it.sub_indicator, it.confidence))
        if yc.levels:
            has_pass = yc.levels.kind != "five_index"
            for i, b in enumerate(yc.levels.bands, 1):
                rows["catalog_levels"].append(
                    (fy, yc.levels.kind, i, b.label, b.min, b.max, b.requires_each_tool_min,
                     b.min >= pass_min if has_pass else None, b.confidence)
                )
        for idx in yc.indices:
            rows["catalog_indices"].append((fy, idx.code, idx.name_th, idx.name_en, idx.confidence))
        if yc.weights:
            w = yc.weights
            for tool in ("IIT", "EIT", "OIT"):
                rows["catalog_weights"].append((fy, "overall", tool, getattr(w, tool)))
            for part, weight in (w.eit_part_weights or {}).items():
                rows["catalog_weights"].append((fy, "EIT", part, weight))
    return rows


_VIEWS: dict[str, str] = {}

# Province: as the report states it; else the one province that other reports of the
# same file and agency, or of the same agency name anywhere, state (when they agree);
# else explicitly unknown. `passed` from the level's band in that year's scale; a level
# the scale does not name (e.g. ไม่ผ่าน in 2566, whose scale has no label below 85)
# falls back to the overall score against the pass mark.
_VIEWS["report_facts"] = f"""
WITH by_file AS (
  SELECT file_id, agency_name, min(province) AS p, count(DISTINCT province) AS n
  FROM reports WHERE province IS NOT NULL AND agency_name IS NOT NULL GROUP BY ALL),
by_name AS (
  SELECT agency_name, min(province) AS p, count(DISTINCT province) AS n
  FROM reports WHERE province IS NOT NULL AND agency_name IS NOT NULL GROUP BY ALL),
resolved AS (
  SELECT r.*,
         coalesce(r.province, CASE WHEN bf.n = 1 THEN bf.p END, CASE WHEN bn.n = 1 THEN bn.p END)
           AS province_resolved
  FROM reports r
  LEFT JOIN by_file bf ON bf.file_id = r.file_id AND bf.agency_name = r.agency_name
  LEFT JOIN by_name bn ON bn.agency_name = r.agency_name),
trust AS (
  SELECT report_id, count(*) FILTER (WHERE severity = 'error') AS n_errors,
         count(*) FILTER (WHERE severity = 'warning') AS n_warnings
  FROM flags WHERE report_id IS NOT NULL GROUP BY ALL)
SELECT r.report_id, r.file_id, f.path, r.doc_index, r.doc_type,
       {AGENCY_KEY} AS agency_key,
       r.agency_name, r.agency_type, r.district,
       coalesce(r.province_resolved, '{UNKNOWN_PROVINCE}') AS province,
       CASE WHEN r.province IS NOT NULL THEN 'stated'
            WHEN r.province_resolved IS NOT NULL THEN 'inferred' ELSE 'unknown' END AS province_status,
       r.fiscal_year, r.doc_date, r.overall_score, r.level,
       coalesce(lv.passed,
                CASE WHEN r.level LIKE 'ไม่ผ่าน%' THEN false END,
                r.overall_score >= (SELECT min(c.min_score) FROM catalog_levels c
                                    WHERE c.passed AND c.fiscal_year = r.fiscal_year))
         AS passed,
       r.rank, r.first_page, r.last_page,
       coalesce(t.n_errors, 0) AS n_errors, coalesce(t.n_warnings, 0) AS n_warnings
FROM resolved r
JOIN files f USING (file_id)
LEFT JOIN catalog_levels lv ON lv.fiscal_year = r.fiscal_year AND lv.label = r.level
LEFT JOIN trust t USING (report_id)
"""

# EIT from EIT_PART1/2 where a report states both parts and no EIT for that year.
_VIEWS["tool_scores_all"] = """
SELECT report_id, fiscal_year, tool, score, label_raw, page, bbox, false AS computed
FROM tool_scores
UNION ALL
SELECT p.report_id, p.fiscal_year, 'EIT' AS tool, round(sum(p.score * w.weight), 2) AS score,
       NULL AS label_raw, min(p.page) AS page, NULL AS bbox, true AS computed
FROM tool_scores p
JOIN catalog_weights w ON w.fiscal_year = p.fiscal_year AND w.target = 'EIT' AND w.part = p.tool
WHERE NOT EXISTS (SELECT 1 FROM tool_scores e WHERE e.report_id = p.report_id AND e.tool = 'EIT'
                  AND e.fiscal_year IS NOT DISTINCT FROM p.fiscal_year)
GROUP BY p.report_id, p.fiscal_year
HAVING count(DISTINCT p.tool) = (SELECT count(*) FROM catalog_weights w2
                                 WHERE w2.fiscal_year = p.fiscal_year AND w2.target = 'EIT')
"""

# Every value any report gives for an agency's year, one row each: a report's own
# year (quoted = false) and the earlier years it quotes.
_CLAIMS = """
claims AS (
  SELECT rf.agency_key, y.fiscal_year, q.quantity, q.value, q.num, rf.report_id, rf.file_id,
         rf.path, y.page, y.quoted, false AS computed, rf.n_errors, rf.doc_type
  FROM year_results y JOIN report_facts rf USING (report_id),
  LATERAL (VALUES ('overall_score', CAST(round(y.overall_score, 2) AS VARCHAR), y.overall_score),
                  ('level', y.level, NULL),
                  ('rank', CAST(y.rank AS VARCHAR), CAST(y.rank AS DOUBLE))) q(quantity, value, num)
  WHERE rf.agency_name IS NOT NULL AND q.value IS NOT NULL
  UNION ALL
  SELECT rf.agency_key, t.fiscal_year, t.tool, CAST(round(t.score, 2) AS VARCHAR), round(t.score, 2),
         rf.report_id, rf.file_id, rf.path, t.page, t.fiscal_year <> rf.fiscal_year, t.computed,
         rf.n_errors, rf.doc_type
  FROM tool_scores_all t JOIN report_facts rf USING (report_id)
  WHERE rf.agency_name IS NOT NULL AND t.score IS NOT NULL AND t.fiscal_year IS NOT NULL
),
values_ AS (  -- one row per distinct value, with its support
  SELECT c.agency_key, c.fiscal_year, c.quantity, c.value, any_value(c.num) AS num,
         count(DISTINCT c.report_id) FILTER (WHERE NOT c.quoted) AS own_support,
         count(DISTINCT c.report_id) AS support, min(c.n_errors) AS min_errors,
         count(*) FILTER (WHERE p.method IS DISTINCT FROM 'ocr') AS n_not_ocr,
         count(*) FILTER (WHERE c.doc_type = 'score_report_memo') AS n_memo,
         bool_and(c.computed) AS computed,
         string_agg(DISTINCT regexp_extract(c.path, '[^/]+$') || ' p.'
                    || coalesce(CAST(c.page AS VARCHAR), '?')
                    || CASE WHEN c.quoted THEN ' (quoted)' ELSE '' END
                    || CASE WHEN c.computed THEN ' (computed)' ELSE '' END, ', ') AS places
  FROM claims c LEFT JOIN pages p ON p.file_id = c.file_id AND p.page_no = c.page
  GROUP BY ALL),
ranked AS (  -- best-supported first: most reports of that year, then most reports
             -- quoting it, then the reports with fewest errors, then the memo (whose
             -- purpose is to state the result), then not read by OCR
  SELECT *, row_number() OVER (PARTITION BY agency_key, fiscal_year, quantity
            ORDER BY own_support DESC, support DESC, min_errors, n_memo DESC, n_not_ocr DESC,
                     value) AS pick,
         count(*) OVER (PARTITION BY agency_key, fiscal_year, quantity) AS n_values
  FROM values_),
conflicts AS (
  SELECT agency_key, fiscal_year,
         string_agg(quantity || ': ' || vals, '; ' ORDER BY quantity) AS conflicts
  FROM (SELECT agency_key, fiscal_year, quantity,
               string_agg(value || ' [' || places || ']', ' vs ' ORDER BY pick) AS vals
        FROM ranked WHERE n_values > 1 GROUP BY ALL)
  GROUP BY ALL)
"""

# One row per agency and fiscal year that some report is about (own year). Reports
# with no agency name or no fiscal year are not in it (they are in report_trust).
_VIEWS["agency_year"] = f"""
WITH {_CLAIMS},
own AS (
  SELECT agency_key, fiscal_year, any_value(agency_name) AS agency_name,
         any_value(agency_type) AS agency_type, any_value(province) AS province,
         any_value(province_status) AS province_status,
         count(*) AS n_reports, list(report_id ORDER BY report_id) AS report_ids
  FROM report_facts WHERE agency_name IS NOT NULL AND fiscal_year IS NOT NULL GROUP BY ALL),
best AS (
  SELECT agency_key, fiscal_year,
         any_value(num) FILTER (WHERE quantity = 'overall_score') AS overall_score,
         any_value(value) FILTER (WHERE quantity = 'level') AS level,
         CAST(any_value(num) FILTER (WHERE quantity = 'rank') AS INTEGER) AS rank,
         any_value(num) FILTER (WHERE quantity = 'IIT') AS iit,
         any_value(num) FILTER (WHERE quantity = 'EIT') AS eit,
         any_value(computed) FILTER (WHERE quantity = 'EIT') AS eit_computed,
         any_value(num) FILTER (WHERE quantity = 'OIT') AS oit,
         any_value(num) FILTER (WHERE quantity = 'EIT_PART1') AS eit_part1,
         any_value(num) FILTER (WHERE quantity = 'EIT_PART2') AS eit_part2
  FROM ranked WHERE pick = 1 GROUP BY ALL)
SELECT o.agency_key, o.agency_name, o.agency_type, o.province, o.province_status, o.fiscal_year,
       b.overall_score, b.level,
       coalesce(lv.passed, CASE WHEN b.level LIKE 'ไม่ผ่าน%' THEN false END,
                b.overall_score >= (SELECT min(c.min_score) FROM catalog_levels c
                                    WHERE c.passed AND c.fiscal_year = o.fiscal_year)) AS passed,
       b.rank, b.iit, b.eit, b.eit_computed, b.oit, b.eit_part1, b.eit_part2,
       o.n_reports, c.conflicts, o.report_ids
FROM own o
LEFT JOIN best b USING (agency_key, fiscal_year)
LEFT JOIN conflicts c USING (agency_key, fiscal_year)
LEFT JOIN catalog_levels lv ON lv.fiscal_year = o.fiscal_year AND lv.label = b.level
"""

# One row per agency, year and indicator: the score most reports give (ties: the
# report with fewer errors), with the indicator's name and tool for that year.
_VIEWS["agency_indicators"] = """
WITH v AS (
  SELECT rf.agency_key, any_value(rf.agency_name) AS agency_name, any_value(rf.province) AS province,
         i.fiscal_year, i.indicator, round(i.score, 2) AS score,
         count(DISTINCT i.report_id) AS support, min(rf.n_errors) AS min_errors
  FROM indicator_scores i JOIN report_facts rf USING (report_id)
  WHERE rf.agency_name IS NOT NULL AND i.fiscal_year IS NOT NULL AND i.score IS NOT NULL
  GROUP BY rf.agency_key, i.fiscal_year, i.indicator, round(i.score, 2)),
r AS (
  SELECT *, row_number() OVER (PARTITION BY agency_key, fiscal_year, indicator
                               ORDER BY support DESC, min_errors, score) AS pick,
         count(*) OVER (PARTITION BY agency_key, fiscal_year, indicator) AS n_values
  FROM v)
SELECT r.agency_key, r.agency_name, r.province, r.fiscal_year, r.indicator, c.name_th AS name,
       c.tool, r.score, r.n_values > 1 AS conflicting
FROM r LEFT JOIN catalog_indicators c USING (fiscal_year, indicator)
WHERE r.pick = 1
"""

VIEWS = tuple(_VIEWS)


def create(con: duckdb.DuckDBPyConnection, cat: Catalog | None = None) -> None:
    """(Re)create the catalog tables and the analysts' views, inside the caller's
    transaction. The catalog tables are rewritten every time: they follow the catalog
    of the installed version."""
    from schemas.catalog import load_catalog

    for table, rows in catalog_rows(cat or load_catalog()).items():
        con.execute(f"CREATE OR REPLACE TABLE {table} ({CATALOG_DDL[table]})")
        if rows:
            one = "(" + ", ".join("?" * len(rows[0])) + ")"
            con.execute(
                f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rows)),
                [v for row in rows for v in row],
            )
    for name, sql in _VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
