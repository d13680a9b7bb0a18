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
