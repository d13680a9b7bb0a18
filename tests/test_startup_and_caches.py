"""Issue 23's per-file speed-ups must not change a result, and the start-up of a run
must not load what it does not use (checked by the modules loaded, not by timing)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from normalizers import agencies, indicators, thai
from pipeline.readers import registry

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"


def _pages() -> list[str]:
    pages = []
    for path in sorted(CORPUS.glob("*.txt")):
        pages += [thai.normalize(p) for p in path.read_text(encoding="utf-8").split("\f")]
    return [p for p in pages if p.strip()]


def test_dictionary_hits_by_line_are_those_of_the_whole_text():
    """A page is counted line by line (each line's count cached): newmm never joins
    across a newline, so the counts are those of tokenising the page whole."""
    pages = _pages()
    assert pages
    lines = [line for p in pages for line in p.split("\n")]
    rng = random.Random(23)
    # pages as they are, and lines shuffled together with cut ends and stray marks
    texts = pages + ["\n".join(rng.choice(lines)[rng.randint(0, 4):] + rng.choice(["", " ", "่", "ก", "x1"])
                               for _ in range(rng.randint(1, 30))) for _ in range(300)]
    for text in texts:
        assert thai._dictionary_hits(text) == thai._chunk_hits(text), text[:80]


def test_dictionary_hits_of_a_text_longer_than_a_chunk_are_counted_whole():
    line = "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    text = "\n".join([line] * (thai._CHUNK // len(line) + 2))
    assert len(text) > thai._CHUNK
    thai._line_hits.cache_clear()
    hits, n = thai._dictionary_hits(text)
    assert thai._line_hits.cache_info().currsize == 0  # not split into lines
    assert n > 0 and hits == thai._chunk_hits(text)[0]


def test_indicator_match_is_the_same_when_its_scores_come_from_the_cache():
    texts = ["ตัวชี้วัดที่ ๒ การใช้งบประมาณ", "๒. การใช้อำนาจ ๘๗.๕๐", "ประกาศ ณ วันที่ ๕ มกราคม",
             "การปรับปรุงระบบการทำงาน", "องค์การบริหารส่วนตำบลดอน"]
    indicators._score_all.cache_clear()
    first = [indicators.match_indicator(t, 2567) for t in texts]
    assert indicators._score_all.cache_info().misses == len(texts)
    again = [indicators.match_indicator(t, 2567) for t in texts]
    assert indicators._score_all.cache_info().hits >= len(texts)
    assert again == first
    assert first[0] is not None and first[0].number == 2 and first[0].confident


def _is_text_by_generator(head: bytes) -> bool:
    """registry._is_text as it was written before it counted in C."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    sample = head[:4096]
    nuls_even, nuls_odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if max(nuls_even, nuls_odd) > 0.3 * half and min(nuls_even, nuls_odd) < 0.05 * half:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control <= 0.01 * len(sample)


def test_text_sniffing_counts_control_bytes_as_before():
    rng = random.Random(7)
    heads = [p.read_bytes()[:8192] for p in sorted(CORPUS.iterdir()) if p.is_file()]
    for _ in range(3000):
        alphabet = rng.choice([bytes(range(256)), b"abc\n\t\x01\x02 ", bytes(range(32)) + b"abcdefgh" * 4])
        heads.append(bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 200))) + b"x" * rng.randint(0, 5000))
    verdicts = {registry._is_text(h) for h in heads}
    assert verdicts == {True, False}  # both kinds were tried
    for h in heads:
        assert registry._is_text(h) == _is_text_by_generator(h)


# what a run that reads no image, PDF or Word file must not load
_HEAVY = ("cv2", "PIL", "numpy", "pdfplumber", "pdfminer", "pypdfium2", "docx", "pandas")


def _loaded_after(code: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_OFFLINE="1")
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"],
                         env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_ingest_command_loads_no_image_or_pdf_library():
    loaded = _loaded_after("import pipeline.cli, pipeline.ingest")
    assert not loaded & set(_HEAVY), sorted(loaded & set(_HEAVY))


def test_the_analysts_views_load_the_catalog_only_to_make_its_tables(tmp_path):
    """`ita query` needs the views' names, not the catalog (its pydantic models and JSON)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_OFFLINE="1")
    code = ("import sys, duckdb\nfrom pipeline import analysts\nprint('schemas.catalog' in sys.modules)\n"
            "from pipeline import load\ncon = duckdb.connect()\nload.create_schema(con)\n"
            "print(con.execute('SELECT count(*) > 0 FROM catalog_indicators').fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]


def test_the_ocr_package_still_exports_its_names_when_asked():
    loaded = _loaded_after("from pipeline.ocr import tesseract_api")
    assert "cv2" not in loaded and "numpy" not in loaded
    from pipeline.ocr import OcrSettings, ocr_file_page
    from pipeline.ocr.page import ocr_file_page as direct

    assert ocr_file_page is direct and OcrSettings().timeout_s > 0
    with pytest.raises(AttributeError):
        __import__("pipeline.ocr", fromlist=["x"]).no_such_name


def _similarity_by_calls(key: str, skel: str, cand) -> tuple[float, str]:
    """indicators._similarity as it was written before the prefixes went to rapidfuzz in
    one call and Thai letters to one-byte ones."""
    from rapidfuzz import fuzz

    best, mode = max(fuzz.ratio(key, cand.key), fuzz.ratio(skel, cand.skel)), "full"
    n = len(cand.skel)
    if len(skel) > n + 2:
        head = max(fuzz.ratio(skel[:k], cand.skel) for k in range(max(1, n - 2), n + 3))
        if head > best:
            best, mode = head, "prefix"
    if len(skel) < n and len(skel) >= 5 and len(key) >= 0.6 * len(cand.key) and cand.skel.startswith(skel):
        if 100.0 > best:
            best, mode = 100.0, "truncated"
    return best, mode


def test_indicator_similarity_is_the_same_as_one_call_per_prefix():
    cells = sorted({c.strip()[:200] for p in _pages() for line in p.split("\n") for c in line.split("\t")
                    if c.strip()})
    rng = random.Random(11)
    texts = cells[:400] + [c[: rng.randint(1, len(c))] for c in cells[:200]]
    pools = [indicators._indicator_candidates(fy) + indicators._distractors() for fy in (None, 2564, 2567)]
    pools.append(tuple(c for c, _, _ in indicators._oit_candidates(2568)))
    modes = set()
    for text in texts:
        key = indicators.thai_key(text)
        skel = indicators.skeleton(key)
        key1, skel1 = indicators._one_byte(key), indicators._one_byte(skel)
        for pool in pools:
            # _similarity compares one-byte letters; the reference, the Thai text
            expected = [_similarity_by_calls(key, skel, cand) for cand in pool]
            assert [indicators._similarity(key1, skel1, cand) for cand in pool] == expected, text
            assert indicators._similarities(key1, skel1, pool) == expected, text  # a pool at once
            modes.update(m for _, m in expected)
    assert {"full", "prefix", "truncated"} <= modes  # every branch was taken


def _score_all_unpruned(name_part: str, fiscal_year):
    """indicators._score_all as it was written before a candidate's junk test was skipped
    below the best so far: every candidate scored in full (_similarities)."""
    per, distractor = {}, indicators._Best()
    key0 = indicators.thai_key(name_part)
    for text, note in indicators._variants(name_part):
        key = indicators.thai_key(text)
        skel = indicators.skeleton(key)
        if len(skel) < 3:
            continue
        key1, skel1 = indicators._one_byte(key), indicators._one_byte(skel)
        cands = indicators._indicator_candidates(fiscal_year)
        for cand, (score, mode) in zip(cands, indicators._similarities(key1, skel1, cands)):
            best = per.setdefault(cand.number, indicators._Best())
            if score > best.score:
                best.score, best.mode, best.cand, best.note, best.skel = score, mode, cand, note, skel
        cands = indicators._distractors()
        for cand, (score, mode) in zip(cands, indicators._similarities(key1, skel1, cands)):
            if score > distractor.score:
                distractor.score, distractor.mode, distractor.cand = score, mode, cand
    return per, distractor, key0, indicators.skeleton(key0)


def test_indicator_scores_are_the_same_with_the_junk_test_skipped_below_the_best():
    """A prefix of a text has no more letters in common with a name than the whole text:
    the junk test is skipped where even that could not beat the best so far, and every
    indicator's best (score, mode, name, note) and the best non-indicator stay the same."""
    cells = sorted({c.strip()[:200] for p in _pages() for line in p.split("\n") for c in line.split("\t")
                    if c.strip()})
    rng = random.Random(29)
    names = [c.text for c in indicators._indicator_candidates(None) + indicators._distractors()]
    texts = cells[:500] + [rng.choice(names) + rng.choice(cells[:300])[: rng.randint(0, 40)] for _ in range(300)]
    skipped = 0
    for text in texts:
        part = indicators._parse(text).name_part
        for fy in (None, 2567):
            indicators._score_all.cache_clear()
            got = indicators._score_all(part, fy)
            assert got == _score_all_unpruned(part, fy), text
    # the skip was taken (else this test would compare the code with itself)
    key1 = indicators._one_byte(indicators.skeleton(indicators.thai_key(texts[-1])))
    for cand, _, by_skel in indicators._whole_ratios(key1, key1, indicators._distractors()):
        if len(key1) > len(cand.skel1) + 2:
            skipped += indicators._beyond_whole(0.0, key1, key1, cand, by_skel, 100.0) == (0.0, "full")
    assert skipped


# --- the pool: workers forked only for work -------------------------------------------

from conftest import MEMO  # noqa: E402


def _memos(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(n):
        p = folder / f"memo_{i:02d}.txt"
        p.write_text(MEMO.replace("หนองบัว", f"หนองบัว{i}"), encoding="utf-8")
        paths.append(p)
    return paths


def test_a_run_with_nothing_new_forks_no_worker_and_loads_no_extraction(tmp_path):
    """A re-run over loaded files opens the database, finds nothing to read and ends:
    no worker process, no extraction modules (checked in the modules of the process)."""
    _memos(tmp_path / "in", 3)
    db = tmp_path / "ita.duckdb"
    code = f"""
import os, sys, io
from pipeline.ingest import ingest
first = ingest([{str(tmp_path / 'in')!r}], {str(db)!r}, jobs=2, out=io.StringIO())
assert first.ok == 3, first.line()
for m in [m for m in sys.modules if m.startswith(('pipeline.extract', 'pipeline.checks', 'pythainlp', 'rapidfuzz'))]:
    del sys.modules[m]
forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))
again = ingest([{str(tmp_path / 'in')!r}], {str(db)!r}, jobs=2, out=io.StringIO())
assert again.skipped == 3 and again.ok == 0, again.line()
assert not forks, forks
"""
    loaded = _loaded_after(code)
    assert not loaded & {"pythainlp", "rapidfuzz"}, sorted(loaded & {"pythainlp", "rapidfuzz"})


def test_thai_normalize_gives_what_pythainlp_normalize_gives():
    """thai._pythainlp_normalize (pythainlp's rules compiled once, each skipped where a
    character it needs is absent) against pythainlp.util.normalize itself."""
    from pythainlp.util import normalize as reference

    assert thai._FAST_NORMALIZE  # this pythainlp's rules are the ones it was written for
    texts = [cell for path in sorted(CORPUS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").split("\n") for cell in line.split("\t")]
    rng = random.Random(5)
    # every Thai code point, spaces and the characters the rules rewrite, more often
    alphabet = [chr(c) for c in range(0x0E00, 0x0E60)] + list("  \u200b\u200cab\n") + list(
        "\u0e40\u0e4d\u0e32\u0e45\u0e48\u0e49\u0e4c\u0e34\u0e38\u0e33\u0e24")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(30_000)]
    changed = 0
    for text in texts:
        got = thai._pythainlp_normalize(text)
        assert got == reference(text), repr(text)
        changed += got != text
    assert changed > 1000  # the rules did rewrite many of them


def test_the_content_check_hashes_as_discovery_does():
    """ingest._unless_changed hashes a file again without asking its type: the same hash."""
    from pipeline import discover

    files = [p for p in sorted(CORPUS.iterdir()) if p.is_file()]
    assert len(files) > 20
    for p in files:
        assert discover.sha256_of(str(p)) == discover.hash_and_sniff(str(p))[0], p.name


def test_small_text_files_go_to_the_pool_in_groups_in_their_order():
    """A group task per run of small text files (a task's overhead is an eighth of such a
    file's work); any other file, and a text file over GROUP_BYTES, in a task of its own."""
    from pipeline import workers
    from pipeline.stages import FileTask

    def task(name: str, media: str = registry.TEXT, size: int = 400) -> FileTask:
        return FileTask(f"/x/{name}", name, media, size)

    tasks = ([task(f"a{i}") for i in range(20)] + [task("p", "application/pdf", 300)]
             + [task(f"b{i}") for i in range(3)] + [task("big", size=workers.GROUP_BYTES + 1)]
             + [task(f"c{i}", size=workers.GROUP_BYTES // 2 + 1) for i in range(3)] + [task("d", size=None)])
    groups = workers._groups(tasks)
    assert [t for g in groups for t in g] == tasks  # every file once, in order
    assert [len(g) for g in groups] == [workers.GROUP_FILES, 20 - workers.GROUP_FILES, 1, 3, 1, 1, 1, 1, 1]
    assert all(sum(t.size_bytes or 0 for t in g) <= workers.GROUP_BYTES for g in groups if len(g) > 1)


def test_the_first_stop_word_is_found_in_one_scan_as_by_each_word_in_turn():
    """agencies._first_of: the first match of one pattern of the words is where the
    earliest of them begins (the least of their str.find), from any start."""
    from normalizers import agencies

    rng = random.Random(31)
    for words in (agencies._table().stop_words, agencies._named_table().stop_words):
        pattern = agencies._first_of(words)
        pieces = list(words) + ["ก", "บ้าน", "หนอง", "-", " ", "นา", "ได้", "อำเภอ"]
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            for start in (0, 1):
                finds = [k for k in (text.find(w, start) for w in words) if k >= 0]
                m = pattern.search(text, start) if start <= len(text) else None
                assert (m.start() if m else None) == (min(finds) if finds else None), (text, start)
    assert agencies._first_of(()).search("abc") is None


def test_named_agencies_pattern_finds_the_same_with_its_first_letter_check():
    """The named agencies' pattern checks a position's letter against the letters a match
    can begin with before its look-behinds and trie: the same matches as without it."""
    import json
    import re

    from normalizers import agencies

    new = agencies._named_table().pattern
    assert new.pattern.startswith("(?=[")  # the check is there (else nothing to compare)
    old = re.compile(new.pattern[new.pattern.index("])") + 2:])
    data = json.loads(agencies.DATA.read_text(encoding="utf-8"))
    names = ([e["name"] for e in data["fixed_names"]] + [a for e in data["fixed_names"] for a in e["abbreviations"]]
             + [p for k in data["named_kinds"] for p in k["prefixes"]] + list(data["prefix_abbreviations"]))
    lines = [line for p in _pages() for line in p.split("\n")]
    rng = random.Random(37)
    texts = lines + [rng.choice(lines)[: rng.randint(0, 40)] + rng.choice(["", " ", "ของ", "องค์", "ปลัด"])
                     + rng.choice(names) + rng.choice(lines)[: rng.randint(0, 40)] for _ in range(4000)]
    found = 0
    for text in texts:
        want = [(m.span(), m["full"], m["abbr"]) for m in old.finditer(text)]
        assert [(m.span(), m["full"], m["abbr"]) for m in new.finditer(text)] == want, text
        found += len(want)
    assert found > 1000


def test_agencies_of_a_text_are_the_same_when_they_come_from_the_cache():
    """find_agencies keeps a text's agencies (issue 23: a template's lines come back in
    every file): the same mentions again, in a list of the caller's own."""
    text = "ประกาศองค์การบริหารส่วนตำบลดอน อำเภอเมือง จังหวัดลำปาง และเทศบาลตำบลคอน"
    agencies._find_agencies.cache_clear()
    first = agencies.find_agencies(text)
    assert [(a.name, a.start) for a in first] == [("องค์การบริหารส่วนตำบลดอน", 6),
                                                  ("เทศบาลตำบลคอน", text.index("เทศบาลตำบลคอน"))]
    first.append("a caller's own")
    again = agencies.find_agencies(text)
    assert agencies._find_agencies.cache_info().hits == 1
    assert again == first[:2] and again is not first
