"""A new ITA year is data only: a catalog file with one more year changes what the
checks compute, with no code edited. The fictitious year 2569 is a copy of 2568 with the
tool weights 0.2 / 0.2 / 0.6 instead of 0.3 / 0.3 / 0.4, and EIT stated as two parts
weighted 0.6 / 0.4 (2566's are ½ each)."""

from __future__ import annotations

import copy
import json

import pytest

from pipeline import checks
from pipeline.extract.context import ReportFacts
from schemas.catalog import CATALOG_PATH, load_catalog
from schemas.records import IndicatorScoreRecord, ReportRecord, ToolScoreRecord

RID = "r-0"
# IIT 80, EIT 90, OIT 100: 0.2·80 + 0.2·90 + 0.6·100 = 16 + 18 + 60 = 94.00 in 2569;
# 0.3·80 + 0.3·90 + 0.4·100 = 24 + 27 + 40 = 91.00 by 2568's weights.
TOOL_SCORES = {"IIT": 80.0, "EIT": 90.0, "OIT": 100.0}
INDICATOR_SCORES = (80, 80, 80, 80, 80, 90, 90, 90, 100, 100)  # the same tools as means


@pytest.fixture
def year_2569(tmp_path, monkeypatch):
    data = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    year = copy.deepcopy(data["years"]["2568"])
    year["fiscal_year"] = 2569
    year["weights"].update(IIT=0.2, EIT=0.2, OIT=0.6, eit_part_weights={"EIT_PART1": 0.6, "EIT_PART2": 0.4})
    data["years"]["2569"] = year
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ITA_CATALOG", str(path))
    return path


def facts(fy: int, overall: float, with_tools: bool = True) -> ReportFacts:
    report = ReportRecord(report_id=RID, file_id="f", doc_index=0, doc_type="score_report_memo",
                          agency_name="องค์การบริหารส่วนตำบลโพนทอง", fiscal_year=fy,
                          overall_score=overall, first_page=1, last_page=1)
    tools = tuple(ToolScoreRecord(report_id=RID, tool=t, score=s, page=1) for t, s in TOOL_SCORES.items())
    inds = tuple(IndicatorScoreRecord(report_id=RID, fiscal_year=fy, indicator=n, score=s, page=1)
                 for n, s in enumerate(INDICATOR_SCORES, start=1))
    return ReportFacts(report, tools if with_tools else (), inds)


def arithmetic(f: ReportFacts) -> list:
    return [x for x in checks.check_report(f) if x.kind == "score_arithmetic"]


def test_the_catalog_file_is_read_from_the_environment(year_2569):
    w = load_catalog().year(2569).weights
    assert (w.IIT, w.EIT, w.OIT) == (0.2, 0.2, 0.6)


@pytest.mark.parametrize("with_tools", [True, False])
def test_checks_use_the_new_years_weights(year_2569, with_tools):
    assert arithmetic(facts(2569, 94.00, with_tools)) == []
    wrong = arithmetic(facts(2569, 91.00, with_tools))
    assert len(wrong) == 1 and "94.00" in wrong[0].message
    assert ("0.2·IIT + 0.2·EIT + 0.6·OIT" if with_tools else "0.2·mean(1–5)") in wrong[0].message
    # 2568 keeps its own weights in the same catalog
    assert arithmetic(facts(2568, 91.00, with_tools)) == []
    assert len(arithmetic(facts(2568, 94.00, with_tools))) == 1


def test_checks_use_the_new_years_eit_part_weights(year_2569):
    # parts 90 and 85: 0.6·90 + 0.4·85 = 54 + 34 = 88.00 in 2569; their mean 87.50 by 2566's ½ / ½
    def eit_flags(fy: int, eit: float) -> list:
        f = facts(fy, 0.2 * 80 + 0.2 * eit + 0.6 * 100)
        parts = tuple(ToolScoreRecord(report_id=RID, tool=t, score=s, page=1)
                      for t, s in (("EIT_PART1", 90.0), ("EIT_PART2", 85.0)))
        tools = tuple(t for t in f.tools if t.tool != "EIT") + parts
        stated = (ToolScoreRecord(report_id=RID, tool="EIT", score=eit, page=1),)
        return [x for x in checks.score_arithmetic(ReportFacts(f.report, tools + stated)) if "part 1=" in x.evidence]

    assert eit_flags(2569, 88.00) == []
    (flag,) = eit_flags(2569, 87.50)
    assert "88.00" in flag.message
    assert len(eit_flags(2567, 88.00)) == 1  # 2567 states no parts: the nearest year that does, 2566: mean 87.50


def test_without_the_year_the_nearest_years_weights_apply(monkeypatch):
    monkeypatch.delenv("ITA_CATALOG", raising=False)
    assert load_catalog().year(2569) is None
    assert arithmetic(facts(2569, 91.00)) == []  # checked by 2568's 0.3 / 0.3 / 0.4
    assert len(arithmetic(facts(2569, 94.00))) == 1


def test_weights_of_a_year_without_them_are_the_nearest_years():
    cat = load_catalog()
    assert cat.year(2562).weights is None
    assert cat.weights_for(2562) == cat.year(2563).weights
    assert cat.weights_for(None) == cat.year(max(cat.years)).weights
    assert cat.tool_indicators(2566) == {"IIT": (1, 2, 3, 4, 5), "EIT": (6, 7, 8), "OIT": (9, 10)}
    assert cat.tool_of(10, 2564) == "OIT" and cat.tool_of(5) == "IIT"
