"""The OCR cache is checked, not trusted (issue 22 §6): an entry edited into other
valid JSON, emptied, wrongly typed or from before checksums is read again (Tesseract
called once more) and replaced; a full disk leaves no temporary file behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import mounted_tmpfs
from pipeline.pages import OCR
from pipeline.ocr import page as ocr_reader
from pipeline.ocr import cache as ocr_disk_cache
from pipeline.ocr.cache import OcrCache
from pipeline.ocr.page import ocr_page
from test_ocr import fake_data, fake_tesseract, letters, ocr_cache, text_image  # noqa: F401 (fixture)


def _entry(cache: Path) -> Path:
    (entry,) = [p for p in cache.rglob("*.json")]
    return entry


def _edit(entry: Path, change) -> None:
    value = json.loads(entry.read_text(encoding="utf-8"))
    change(value)
    entry.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _other_words(v):
    v["words"] = [dict(w, text="ฮ") for w in v["words"]]


def _no_words(v):
    v["words"] = []


def _wrong_type(v):
    v["words"][0]["left"] = "12"


def _cut_field(v):
    del v["words"][0]["conf"]


def _before_checksums(v):
    del v["sha256"]


def _forged_checksum_of_other_key(v):
    v["words"] = [dict(w, text="ฮ") for w in v["words"]]
    v["sha256"] = ocr_disk_cache._checksum("0" * 64, {"words": v["words"]})


@pytest.mark.parametrize("damage", [_other_words, _no_words, _wrong_type, _cut_field,
                                    _before_checksums, _forged_checksum_of_other_key])
def test_a_bad_cache_entry_is_read_again_and_replaced(ocr_cache, monkeypatch, damage):
    calls = []

    def tesseract(*a, **k):
        calls.append(1)
        return fake_data(letters("ประเมิน", 40, 40, 1) + letters("คุณธรรม", 40, 120, 2))

    fake_tesseract(monkeypatch, tesseract)
    monkeypatch.setattr(ocr_reader, "_orientation", lambda *a, **k: 0)
    im = text_image(["ประเมินคุณธรรม"], width=900)
    first = ocr_page(im, 1)
    assert first.method == OCR and "ประเมิน" in first.text and len(calls) == 1
    entry = _entry(ocr_cache)
    _edit(entry, damage)
    again = ocr_page(im, 1)
    assert len(calls) == 2, "a damaged entry was trusted"
    assert again == first
    # replaced by a good entry: the next run reads it without Tesseract
    third = ocr_page(im, 1)
    assert len(calls) == 2 and third == first
    assert "sha256" in json.loads(entry.read_text(encoding="utf-8"))


def test_a_good_entry_is_still_replayed(ocr_cache, monkeypatch):
    calls = []
    fake_tesseract(monkeypatch, lambda *a, **k: calls.append(1) or fake_data(letters("ความโปร่งใส", 40, 40, 1)))
    monkeypatch.setattr(ocr_reader, "_orientation", lambda *a, **k: 0)
    im = text_image(["ความโปร่งใส"], width=900)
    assert ocr_page(im, 1) == ocr_page(im, 1) and len(calls) == 1


@pytest.fixture
def full_disk(tmp_path):
    yield from mounted_tmpfs(tmp_path, "256k")


def test_a_full_cache_disk_costs_time_not_results_and_leaves_no_temp_file(full_disk):
    cache = OcrCache(full_disk / "cache")
    cache.put("ab" + "0" * 62, {"words": []})  # fits
    big = {"words": [{"text": "ก" * 200, "conf": 90.0, "left": i, "top": 0, "width": 1, "height": 1,
                      "block": 1, "par": 1, "line": 1, "word": i} for i in range(2000)]}  # ~1.3 MB
    cache.put("ab" + "1" * 62, big)  # does not fit: no error
    assert sorted(p.name for p in (full_disk / "cache").rglob("*")) == ["ab", "ab" + "0" * 62 + ".json"]
    assert cache.get("ab" + "1" * 62) is None and cache.get("ab" + "0" * 62) == {"words": []}
