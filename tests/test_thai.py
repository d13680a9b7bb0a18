"""normalizers.thai: normalisation, foreign-script detection, text quality."""

from __future__ import annotations

import os
import time

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import pytest

from normalizers.thai import (
    TextQuality,
    foreign_script_fragments,
    normalize,
    text_quality,
    thai_digits_to_arabic,
)

# A paragraph from a real ITA memo (seed report), used as "clean Thai prose".
CLEAN_PROSE = (
    "ตามที่สำนักงานคณะกรรมการการป้องกันและปราบปรามการทุจริตแห่งชาติ (ป.ป.ช.) "
    "เป็นผู้รับผิดชอบดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
    "องค์กรปกครองส่วนท้องถิ่น ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ผ่านระบบ ITAS "
    "โดยให้องค์กรปกครองส่วนท้องถิ่นดำเนินการนำเข้าข้อมูล จำนวนผู้มีส่วนได้ส่วนเสียภายใน "
    "ข้อมูลผู้มีส่วนได้ส่วนเสียภายนอก และการยืนยันข้อมูลโดย ผู้บริหาร "
    "องค์การบริหารส่วนตำบลคอน ได้รับผลการประเมิน ITA ๙๓.๗๑ คะแนน ระดับผลการประเมิน : ผ่านดี "
    "การประเมิน ITA ถือเป็นเครื่องมือที่หน่วยงานภาครัฐได้สำรวจตนเอง "
    "เพื่อให้ได้รับทราบข้อมูลอันส่งผลให้เกิดความตระหนักและปรับปรุงการบริหารงาน"
)


class TestNormalize:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("", ""),
            ("รายงาน", "รายงาน"),
            # decomposed sara am, with and without a stray space (PDF text layers)
            ("กํา", "กำ"),
            ("ก ํา", "กำ"),
            ("ความประจําใส่", "ความประจำใส่"),  # real garble from a seed report
            ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # nikhahit + tone + sara aa
            # space before a combining mark
            ("ก ่", "ก่"),
            ("ผู ้บริหาร", "ผู้บริหาร"),
            # zero-width characters and soft hyphens
            ("\ufeffราย\u200bงาน\u00ad", "รายงาน"),
            # Thai PUA glyphs (lowered mai ek, shifted sara i) become the real marks
            ("ก\uf70aา", "ก่า"),
            ("ท\uf701", "ทิ"),
            ("ญ\uf70fา", "ญญา"),
            # unknown private-use glyphs are dropped
            ("ก\ue123ข", "กข"),
            # OCR-spaced letters are joined
            ("ร า ย ง า น", "รายงาน"),
            ("ผลการ ร า ย ง า น ผล", "ผลการ รายงาน ผล"),
            ("ค รั บ", "ครับ"),
            # tabs (table cells) and newlines (lines) are kept; spaces collapsed
            ("ก\t ข  ค \t\tง\n\n\nจ", "ก\tข ค\t\tง\n\n\nจ"),
            ("\tประเด็น\t", "\tประเด็น\t"),
            ("ก\r\nข\rค", "ก\nข\nค"),
            ("ก\u00a0\u3000ข", "ก ข"),
        ],
    )
    def test_normalize(self, raw: str, expected: str) -> None:
        assert normalize(raw) == expected

    @pytest.mark.parametrize(
        "text",
        [
            # real separate words made of single clusters must not be glued
            "ณ ที่ นี้",
            "ก็ ที่ ผู้",
            # two letters are not a run
            "ก ข",
            # digits are not letters
            "๑ ๒ ๓",
            "1 2 3",
            # English
            "Integrity and Transparency Assessment : ITA",
        ],
    )
    def test_normalize_keeps_separate_words(self, text: str) -> None:
        assert normalize(text) == text

    def test_never_nfkc(self) -> None:
        # NFKC would split sara am into nikhahit + sara aa
        assert "\u0e4d" not in normalize("การดำเนินงาน")
        assert normalize("การดำเนินงาน") == "การดำเนินงาน"

    def test_idempotent_on_garbles(self) -> None:
        for text in ["ก ํา ร", " ่ก ข ค", "เ เ ก", "ร า ย ง า น  ผ ล", "ก ่ ่ ข"]:
            once = normalize(text)
            assert normalize(once) == once

    def test_long_single_line_is_fast(self) -> None:
        text = "ก ่" * 30_000 + "a" * 10_000
        start = time.perf_counter()
        normalize(text)
        assert time.perf_counter() - start < 2.0


def test_thai_digits_to_arabic() -> None:
    assert thai_digits_to_arabic("๙๓.๗๑ คะแนน ๒,๙๙๑") == "93.71 คะแนน 2,991"


class TestForeignScript:
    def test_real_garbles(self) -> None:
        # fragments like these occur in a real OCR'd report
        text = "ปลัดองค์กรบริหารส่วนตำบลพนทong ช่องทาง電子 គางรื้อการปรับปรุง"
        assert foreign_script_fragments(text) == [
            ("ong", "Latin"),
            ("電子", "CJK"),
            ("គ", "Khmer"),
        ]

    def test_lao_and_myanmar(self) -> None:
        frags = foreign_script_fragments("ການ ทดสอบ ကခ")
        assert [script for _, script in frags] == ["Lao", "Myanmar"]

    @pytest.mark.parametrize(
        "text",
        [
            "การประเมิน ITA ประจำปี",
            "แบบวัด (IIT) และ (EIT)",
            "ระบบ E-Service ของหน่วยงาน",
            "เว็บไซต์และFacebook ของหน่วยงาน",  # capitalised name glued: ordinary
            "I1 เจ้าหน้าที่ E12 วิธีการ",
            "☑ ดำเนินการแล้ว ☐ ยังไม่ดำเนินการ",
            "",
        ],
    )
    def test_not_foreign(self, text: str) -> None:
        assert foreign_script_fragments(text) == []


class TestTextQuality:
    def test_empty(self) -> None:
        for text in ["", "   \n\t "]:
            q = text_quality(text)
            assert q.score == 0.0
            assert q.n_tokens == 0

    def test_clean_prose_scores_high(self) -> None:
        q = text_quality(CLEAN_PROSE)
        assert isinstance(q, TextQuality)
        assert q.score >= 0.9
        assert q.dict_hit_ratio >= 0.95
        assert q.cid_count == q.pua_count == q.stray_marks == q.foreign_script_count == 0
        assert q.n_tokens > 50

    def test_sara_am_producer_bug_scores_low(self) -> None:
        # DESIGN §2: a PDF producer writes every sara aa as sara am (การ → กำร)
        garbled = CLEAN_PROSE.replace("\u0e32", "\u0e33")
        q = text_quality(garbled)
        assert q.score < 0.6
        assert q.sara_am_ratio > 0.5
        assert any("sara am" in reason for reason in q.reasons)

    def test_cid_junk_lowers_score(self) -> None:
        clean = text_quality(CLEAN_PROSE).score
        junk = text_quality(CLEAN_PROSE + " (cid:123)(cid:45)" * 40)
        assert junk.cid_count == 80
        assert junk.score < clean - 0.2
        assert any("cid" in reason for reason in junk.reasons)

    def test_only_cid_is_zero(self) -> None:
        q = text_quality("(cid:12)(cid:13)(cid:14)")
        assert q.score == 0.0 and q.cid_count == 3

    def test_counts(self) -> None:
        q = text_quality("ก\uf70aา \u0e48ข ท\ue000 พนทong")
        assert q.pua_count == 2
        assert q.stray_marks == 1  # the mai ek after a space
        assert q.foreign_script_count == 3  # "ong"

    def test_no_thai(self) -> None:
        q = text_quality("Integrity and Transparency Assessment 93.71")
        assert q.score == 0.0
        assert "no Thai words" in q.reasons

    def test_no_blow_up_on_three_pages(self) -> None:
        # a guard against super-linear work, not a speed target (that is `make bench`):
        # ~16k characters take ~20 ms here; a loaded 2-core CI stays far below 2 s
        text = (CLEAN_PROSE + "\n") * 20
        text_quality(text)  # warm the dictionary
        start = time.perf_counter()
        text_quality(text)
        assert time.perf_counter() - start < 2.0

    def test_frozen(self) -> None:
        q = text_quality("ทดสอบ")
        with pytest.raises(AttributeError):
            q.score = 1.0  # type: ignore[misc]


class TestTokenizerDictionary:
    """text_quality tokenises with its own MARISA trie of pythainlp's word list (fast to
    build); newmm must cut exactly as with pythainlp's default dictionary."""

    TEXTS = [
        CLEAN_PROSE,
        # a 56-letter dictionary word: the trie's walk must not be cut short
        "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติแจ้งผล",
        # OCR garble: broken words, Latin, digits, stray marks
        "การใช้ทรัพยากรัฐบาล ๙๓.๗๑ คะแนน ตัวชีวัดท ๒ dees colon ่ข กํา ร ะ ดับ",
        "",
    ]

    @pytest.mark.parametrize("text", TEXTS)
    def test_same_words_as_pythainlp(self, text: str) -> None:
        from pythainlp.tokenize import word_tokenize

        from normalizers.thai import _tokenize

        assert _tokenize(text) == word_tokenize(text, engine="newmm", keep_whitespace=False)

    def test_longest_words_are_found(self) -> None:
        from pythainlp.corpus import thai_words

        from normalizers.thai import _word_trie

        longest = sorted(thai_words(), key=len)[-3:]
        trie = _word_trie()
        for word in longest:
            assert trie.prefixes("ก" + word + "ครับ", 1)[-1] == word


class TestSplitSaraAm:
    """A sara am whose nikhahit a PDF text layer lost as a space (Word, ../shared/real:
    "ส านักงาน") is put back only where the dictionary says the word is one."""

    @pytest.mark.parametrize("broken, repaired, n", [
        ("ส่วนราชการ ส านักงานสาธารณสุขอ าเภอหนองใหญ่ อ าเภอหนองใหญ่",
         "ส่วนราชการ สำนักงานสาธารณสุขอำเภอหนองใหญ่ อำเภอหนองใหญ่", 3),
        ("จัดท า โดย งานพัสดุ", "จัดทำ โดย งานพัสดุ", 1),
        ("ลดค่าใช้จ่ายน้ ามันเชื่อเพลิง", "ลดค่าใช้จ่ายน้ำมันเชื่อเพลิง", 1),  # a tone mark kept
        ("ต าแหน่ง นักวิชาการสาธารณสุขช านาญการ", "ตำแหน่ง นักวิชาการสาธารณสุขชำนาญการ", 2),
        ("ค าสั่ง\tประจ าปีงบประมาณ", "คำสั่ง\tประจำปีงบประมาณ", 2),  # table cells
        # Word (LibreOffice, Loma): the nikhahit written as ำ, the tone as "*" or a space
        ("องค์การบริหารส่วนตำบลนำ*าขาว อำเภอจะนะ", "องค์การบริหารส่วนตำบลน้ำขาว อำเภอจะนะ", 1),
        ("ตำบลนำ าขาว ประจำปี", "ตำบลน้ำขาว ประจำปี", 1),
    ])
    def test_repaired(self, broken: str, repaired: str, n: int) -> None:
        from normalizers.thai import repair_split_sara_am

        assert repair_split_sara_am(broken) == (repaired, n)
        assert repair_split_sara_am(repaired) == (repaired, 0)

    @pytest.mark.parametrize("text", [
        "นา ามา",  # no word with ำ there: the space stays
        "ป่า าไม้",
        "ITA า",  # not after a Thai letter
        "การประเมิน ๙๓.๗๑ คะแนน",  # nothing to repair
        "ค ำน ำ",  # a space before ำ is another defect
        "ฮำ*าฮ",  # no tone makes a word there: left as written
    ])
    def test_left_alone(self, text: str) -> None:
        from normalizers.thai import repair_split_sara_am

        assert repair_split_sara_am(text) == (text, 0)


class TestUmpushLayer:
    """A Word PDF in Umpush: the sara am's nikhahit glyph mapped to a tone mark before ำ
    ("ด้ำเนิน"), and the tone drawn high over an upper vowel left unmapped ("ทั(cid:11)ง",
    which the reader writes as UNMAPPED_MARK)."""

    @pytest.mark.parametrize("broken, repaired", [
        ("การด้ำเนินงาน", "การดำเนินงาน"),  # ด้ำ is a rare word: ดำเนิน, longer, decides
        ("ประจ้ำปีงบประมาณ", "ประจำปีงบประมาณ"),
        ("ส้ำนักงาน อ้ำเภอ", "สำนักงาน อำเภอ"),
        ("องค์การบริหารส่วนต้ำบลรังแร้ง", "องค์การบริหารส่วนตำบลรังแร้ง"),
    ])
    def test_stray_tone_before_sara_am(self, broken: str, repaired: str) -> None:
        from normalizers.thai import repair_split_sara_am

        assert repair_split_sara_am(broken)[0] == repaired

    @pytest.mark.parametrize("text", ["กรมทรัพยากรน้ำ", "ต่ำกว่าเกณฑ์", "ซ้ำซ้อน", "ค่ำคืน", "นำเสนอ"])
    def test_real_tones_before_sara_am_stay(self, text: str) -> None:
        from normalizers.thai import repair_split_sara_am

        assert repair_split_sara_am(text) == (text, 0)

    def test_tone_written_as_a_dollar_sign(self) -> None:
        # Writer with another TLWG face: น้ำใส as "นำ$าใส", ทั้งนี้ as "ทั$งนี$"
        from normalizers.thai import repair_split_sara_am, repair_stray_tone_glyphs

        assert repair_split_sara_am("ตำบลกุดนำ$าใส")[0] == "ตำบลกุดน้ำใส"
        assert repair_stray_tone_glyphs("ทั$งนี$ ค่าเฉลี่ย") == ("ทั้งนี้ ค่าเฉลี่ย", 2)
        assert repair_stray_tone_glyphs("ราคา 500$ ต่อปี")[0] == "ราคา 500$ ต่อปี"

    def test_tone_written_as_a_space_over_a_vowel(self) -> None:
        # put back only where the text reads strictly better with it: a space is a word
        # break far more often ("ในปี นี้" is not ปี้, "สี ขาว" is not สี่)
        from normalizers.thai import repair_stray_tone_glyphs

        assert repair_stray_tone_glyphs("ฉบับนี ได้ ทั้งนี ขึ้นอยู่กับ") == ("ฉบับนี้ได้ ทั้งนี้ขึ้นอยู่กับ", 2)
        for text in ("ในปี นี้", "สี ขาว", "แม่ชี ที่วัด", "ประจำปี งบประมาณ", "มี ผล"):
            assert repair_stray_tone_glyphs(text) == (text, 0)

    def test_unmapped_tone_over_a_vowel(self) -> None:
        from normalizers.thai import UNMAPPED_MARK as X, repair_unmapped_tones

        text = f"ดัชนีทั{X}ง 5 ดัชนี แล้ว นั{X}น ดังนี{X} เพิ่มขึ{X}น"
        assert repair_unmapped_tones(text) == ("ดัชนีทั้ง 5 ดัชนี แล้ว นั้น ดังนี้ เพิ่มขึ้น", 4)
        # where no tone makes a word, the glyph is dropped as before; no mark is ever left
        assert repair_unmapped_tones(f"อุตสาหกรรม{X}") == ("อุตสาหกรรม", 0)
        assert X not in repair_unmapped_tones(f"ข{X}อ ทั{X}งหมด")[0]

    def test_the_reader_marks_an_unmapped_glyph_over_a_vowel_only(self) -> None:
        from normalizers.thai import UNMAPPED_MARK as X
        from pipeline.readers.pdf_lines import clean_line

        assert clean_line("ดัชนีทั(cid:11)ง") == f"ดัชนีทั{X}ง"
        assert clean_line("กรมทรัพยากรน้ำ(cid:14)า") == "กรมทรัพยากรน้ำ"  # a sara am's piece: dropped


class TestLoweredVowels:
    """LibreOffice's text layer with TLWG fonts writes ุ as ่, ู as ้, ้ as ุ (glyph variants
    drawn at one height): put back only where the dictionary says so."""

    @pytest.mark.parametrize("broken, repaired, n", [
        ("ค่ณภาพการดำเนินงาน", "คุณภาพการดำเนินงาน", 1),
        ("การเปิดเผยข้อม้ล", "การเปิดเผยข้อมูล", 1),
        ("การแก้ไขปัญหาการท่จริต", "การแก้ไขปัญหาการทุจริต", 1),
        ("ผ้รับผิดชอบ\tการปรับปร่งระบบการทำงาน", "ผู้รับผิดชอบ\tการปรับปรุงระบบการทำงาน", 2),  # cells
        # another font: ู and ้ written as ุ
        ("แบบวัดการรับรุ้ของผุ้มีส่วนไดุส่วนเสียภายใน (IIT)", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", 3),
        ("อย่ระหว่างดำเนินการ", "อยู่ระหว่างดำเนินการ", 1),
    ])
    def test_repaired(self, broken: str, repaired: str, n: int) -> None:
        from normalizers.thai import repair_lowered_vowels

        assert repair_lowered_vowels(broken) == (repaired, n)
        assert repair_lowered_vowels(repaired) == (repaired, 0)

    @pytest.mark.parametrize("text", [
        "ได้รับคะแนน ที่ ไม่ ข้อ ค่าเฉลี่ย",  # words as written
        "ท่านผู้อ่าน น้ำ แม่งอน",
        "ITA ๙๓.๗๑ คะแนน",
        # a writer's typo, one lone mark for the other of its kind, is the document's text:
        # "repaired", the indicator_name_mismatch it deserves would never be raised
        "การเปิดเผยข้อมุล",
        "ได่รับคะแนน",
    ])
    def test_left_alone(self, text: str) -> None:
        from normalizers.thai import repair_lowered_vowels

        assert repair_lowered_vowels(text) == (text, 0)


@pytest.mark.parametrize("broken, repaired, n", [
    # Calc with Loma writes the tone mark's raised glyph as "%"
    ("ดังนี%", "ดังนี้", 1),
    ("ตัวชี%วัดที่ ๑ ผู%รับผิดชอบ", "ตัวชี้วัดที่ ๑ ผู้รับผิดชอบ", 2),
    ("ไม่ได%รับ", "ไม่ได้รับ", 1),
    # a per cent, a footnote star, a mark no tone makes a word of: as written
    ("ร้อยละ 80%", "ร้อยละ 80%", 0),
    ("หมายเหตุ*", "หมายเหตุ*", 0),
    ("ฮฮ%ฮ", "ฮฮ%ฮ", 0),
])
def test_stray_tone_glyphs_repaired(broken: str, repaired: str, n: int) -> None:
    from normalizers.thai import repair_stray_tone_glyphs

    assert repair_stray_tone_glyphs(broken) == (repaired, n)
    assert repair_stray_tone_glyphs(repaired) == (repaired, 0)
