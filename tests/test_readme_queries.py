"""Every `ita query` example in README.md runs, and the first one gives what README
says on the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from tests.test_analysts import CM, build

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r'```sh\nita query "\n(.*?)"\n```', README, flags=re.S)
# "the first query" of README's Example queries section (the tables section has others)
FIRST = re.findall(r'```sh\nita query "\n(.*?)"\n```', README.split("## Example queries", 1)[1], flags=re.S)[0]


def test_readme_has_its_examples():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("sql", QUERIES, ids=[q.splitlines()[0][:40] for q in QUERIES])
def test_readme_query_runs(sql, tmp_path):
    con = build(tmp_path / "t.duckdb")
    try:
        con.execute(sql).fetchall()
    finally:
        con.close()


def test_first_readme_query_counts_each_agency_once(tmp_path):
    con = build(tmp_path / "t.duckdb")
    try:
        got = con.execute(FIRST).fetchall()
    finally:
        con.close()
    # by hand (tests/test_analysts.py): X 90.24 (its attachment's 88.46 not counted), Y 80.00
    assert (CM, 2566, 2, 85.12) in got


def test_first_readme_query_on_the_seeds_gives_readme_s_table(seeds_dir, tmp_path, capsys):
    db = tmp_path / "seeds.duckdb"
    assert main(["ingest", str(seeds_dir), "--db", str(db), "--jobs", "1"]) in (0, 2)
    capsys.readouterr()
    assert main(["query", FIRST, "--db", str(db), "--format", "csv"]) == 0
    got = capsys.readouterr().out.splitlines()[1:]
    table = README.split("the first query gives:\n\n```\n", 1)[1].split("```", 1)[0].splitlines()[1:]
    want = [",".join(line.split()) for line in table if line.strip()]
    assert got == want


# queries written inline in README's prose (`SELECT … FROM report_trust …`) and its
# notebook line (`duckdb.connect("ita.duckdb", …).sql("…").df()`)
_INLINE = re.findall(r"(?<!`)`([^`\n]*(?:\n[^`\n]*)?)`(?!`)", README)
INLINE_SQL = [s for s in _INLINE if re.match(r"(?:SELECT|WITH)\s+\S+\s", s)]
INLINE_PY = [s.replace("\n", "") for s in _INLINE if s.startswith("duckdb.connect(")]


def test_readme_inline_queries_run(tmp_path):
    assert INLINE_SQL and INLINE_PY
    con = build(tmp_path / "t.duckdb")
    try:
        for sql in INLINE_SQL:
            assert con.execute(sql).fetchall(), sql
    finally:
        con.close()
    db = str(tmp_path / "t.duckdb")
    for snippet in INLINE_PY:
        df = eval(snippet.replace('"ita.duckdb"', repr(db)), {"duckdb": duckdb})  # README's own line
        assert len(df) == 3 and "agency_name" in df.columns  # the three agency-years of build()


def test_readme_means_on_the_seeds_are_the_reports_scores_read_by_hand():
    """README's table for the first query on ../shared/seeds, recomputed from the scores
    the three seed documents print (read by hand): one agency per province and year, so
    each mean is that agency's overall score."""
    by_hand = {  # (province, fiscal year): overall scores printed in the seed files
        ("นราธิวาส", 2566): [86.17],  # 002_…: "มี คะแนน ๘๖.๑๗ คะแนน อยู่ในระดับ A หรือ ผ่าน", ปี ๒๕๖๖
        ("ปัตตานี", 2567): [93.71],  # 000_…: "ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน", พ.ศ. ๒๕๖๗
        ("ลำปาง", 2566): [94.30],  # 001_…: "มีคะแนน 94.30 คะแนน", ปีงบประมาณ พ.ศ. 2566
    }
    table = README.split("the first query gives:\n\n```\n", 1)[1].split("```", 1)[0].splitlines()
    assert table[0].split() == ["province", "fiscal_year", "agencies", "mean_overall"]
    got = {}
    for line in table[1:]:
        if line.strip():
            province, year, n, mean = line.split()
            got[(province, int(year))] = (int(n), float(mean))
    assert got == {k: (len(v), round(sum(v) / len(v), 2)) for k, v in by_hand.items()}


@pytest.mark.slow
def test_readme_means_on_generated_seed_918273_match_its_truth(tmp_path):
    """README's means per province and agency group on the generated set it names
    (seed 918273, 60 text documents), recomputed from the set's ground truth: agencies
    counted once, every report's overall score in the mean; and the query gives them."""
    import json
    import subprocess
    import sys
    from collections import defaultdict

    root = Path(__file__).resolve().parents[1]
    sentence = README.split("Agencies and their reports' mean overall score per province and group", 1)[1]
    said = re.findall(r"`(\S+) (\S+) (\d+) ([\d.]+)`", sentence.split("## ", 1)[0])
    assert len(said) >= 3
    out = tmp_path / "set"
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(out), "--n", "60", "--seed", "918273",
                    "--kinds", "text"], check=True, cwd=root, capture_output=True)
    groups = json.loads((root / "normalizers" / "data" / "agency_types.json").read_text(encoding="utf-8"))["type_groups"]
    agencies, scores = defaultdict(set), defaultdict(list)
    for path in out.glob("*.truth.json"):
        for r in json.loads(path.read_text(encoding="utf-8"))["reports"]:
            key = (r["province"] or "NULL", groups[r["agency_type"]])
            agencies[key].add(r["agency_name"])
            if r["overall_score"] is not None:
                scores[key].append(r["overall_score"])
    for province, group, n, mean in said:
        key = (province, group)
        assert (len(agencies[key]), round(sum(scores[key]) / len(scores[key]), 2)) == (int(n), float(mean)), key
    db = tmp_path / "set.duckdb"
    assert main(["ingest", str(out), "--db", str(db), "--jobs", "1"]) in (0, 2)
    query = re.findall(r'```sh\nita query "\n(.*?)"\n```', sentence, flags=re.S)[0]
    with duckdb.connect(str(db), read_only=True) as con:
        got = {(p or "NULL", g): (n, m) for p, g, n, m in con.execute(query).fetchall()}
    for province, group, n, mean in said:
        assert got[(province, group)] == (int(n), float(mean))
