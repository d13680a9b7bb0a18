"""An overall score that nothing bears out and the report's other numbers make unlikely
is flagged (pipeline/checks.uncorroborated_overall, statements.implausible_overall)."""

from __future__ import annotations

from pipeline.checks import ReportFacts, uncorroborated_overall
from pipeline.extract.statements import implausible_overall, level_fits
from schemas.records import ReportRecord, ToolScoreRecord, YearResultRecord


def _report(overall, level=None, fy=2566):
    return ReportRecord(report_id="r-0", file_id="f" * 64, doc_index=0, doc_type="score_announcement",
                        fiscal_year=fy, overall_score=overall, level=level, first_page=1, last_page=1)


def _quoted(fy, score):
    return YearResultRecord(report_id="r-0", fiscal_year=fy, quoted=True, overall_score=score, page=1)


def test_a_digit_lost_with_no_level_beside_it_is_flagged():
    # a noisy scan read ๙๐.๒๘ as 8.83; the page states no level
    flags = uncorroborated_overall(ReportFacts(_report(8.83), year_results=(_quoted(2565, 88.1),)))
    assert [f.kind for f in flags] == ["weak_evidence"]


def test_far_below_the_reports_other_scores():
    facts = ReportFacts(_report(41.5), year_results=(_quoted(2564, 90.2), _quoted(2565, 92.4)))
    assert [f.kind for f in uncorroborated_overall(facts)] == ["weak_evidence"]


def test_a_level_that_fits_or_tools_corroborate_it():
    # a low score with the level its scale gives it: the two statements bear each other out
    assert uncorroborated_overall(ReportFacts(_report(41.5, "F", fy=2563), year_results=(_quoted(2565, 90.2),))) == []
    tools = tuple(ToolScoreRecord(report_id="r-0", fiscal_year=2566, tool=t, score=s)
                  for t, s in (("IIT", 40.0), ("EIT", 42.0), ("OIT", 42.0)))
    assert uncorroborated_overall(ReportFacts(_report(41.4), tools=tools, year_results=(_quoted(2565, 90.2),))) == []


def test_a_plain_result_is_not_flagged():
    assert uncorroborated_overall(ReportFacts(_report(86.17))) == []
    assert uncorroborated_overall(ReportFacts(_report(72.3), year_results=(_quoted(2565, 88.0),))) == []
    assert implausible_overall(55.0, [80.0, 90.0]) is None


def test_level_fits_the_years_scale():
    assert level_fits(90.28, "A", 2565, {}) and not level_fits(8.83, "A", 2565, {})
    assert level_fits(86.5, "สูงมาก", 2561, {})
