"""Each normalisation rule, with real herb names."""

import unicodedata

import pytest

from herbkb.normalize import (
    fold,
    hanviet_of,
    latin_abbrev_key,
    latin_key,
    latin_variants,
    name_keys,
    nfc,
    pinyin_key,
    pinyin_of,
    query_text,
    reductions,
    split_binomial,
    vi_exact,
    vi_key,
    zh_key,
)


def test_vietnamese_nfc_and_nfd_input_give_one_key() -> None:
    decomposed = unicodedata.normalize("NFD", "Đương quy")
    assert decomposed != "Đương quy"
    assert vi_key(decomposed) == vi_key("Đương quy")
    assert vi_exact(decomposed) == vi_exact("Đương quy")


@pytest.mark.parametrize(
    ("old", "new"), [("Hoè hoa", "Hòe hoa"), ("hoà", "hòa"), ("Thuỷ xương bồ", "Thủy xương bồ")]
)
def test_vietnamese_old_and_new_tone_placement_agree(old: str, new: str) -> None:
    assert vi_exact(old) == vi_exact(new)
    assert vi_key(old) == vi_key(new)


def test_vietnamese_diacritics_and_d_fold() -> None:
    assert vi_key("Cam thảo") == vi_key("cam thao")
    assert vi_key("Đương quy") == "duong qui"
    assert vi_key("ĐẠI HỒI") == vi_key("dai hoi")


def test_vietnamese_i_y_spellings_fold_together() -> None:
    assert vi_key("Hoàng kỳ") == vi_key("Hoàng kì")
    assert vi_key("Đương quy") == vi_key("duong qui")


def test_exact_form_keeps_diacritics() -> None:
    assert vi_exact("Cam Thảo") == "cam thảo"
    assert vi_exact("cam thao") != vi_exact("cam thảo")


def test_stored_form_is_nfc_and_keeps_what_was_written() -> None:
    written = unicodedata.normalize("NFD", "  Hoà   thuỷ ")
    assert nfc(written) == unicodedata.normalize("NFC", "Hoà thuỷ")


def test_chinese_traditional_and_variants_become_simplified() -> None:
    assert zh_key("當歸") == "当归"
    assert zh_key("黃耆") == "黄芪"  # OpenCC gives 黄耆; the herb table makes it 黄芪
    assert zh_key("白朮") == "白术"
    assert zh_key("甘 草") == "甘草"


def test_chinese_fullwidth_forms_are_nfkc_normalised() -> None:
    assert zh_key("甘草（炙）") == "甘草炙"


@pytest.mark.parametrize(
    ("chinese", "expected"),
    [
        ("川芎", "chuān xiōng"),
        ("白术", "bái zhú"),
        ("苍术", "cāng zhú"),
        ("莪术", "é zhú"),
        ("重楼", "chóng lóu"),
        ("厚朴", "hòu pò"),
        ("黄柏", "huáng bò"),
        ("甘草", "gān cǎo"),
    ],
)
def test_pinyin_of_herb_heteronyms(chinese: str, expected: str) -> None:
    assert pinyin_of(chinese) == expected


def test_pinyin_of_traditional_input() -> None:
    assert pinyin_of("當歸") == "dāng guī"


@pytest.mark.parametrize(
    "written", ["gān cǎo", "gan1 cao3", "Gan Cao", "gancao", "Gān-cǎo", "gan'cao"]
)
def test_pinyin_keys_ignore_tones_spaces_case_and_hyphens(written: str) -> None:
    assert pinyin_key(written) == "gancao"


def test_pinyin_keys_fold_u_umlaut_and_v() -> None:
    assert pinyin_key("lǜ dòu") == pinyin_key("lv dou") == pinyin_key("lu dou")


@pytest.mark.parametrize(
    ("chinese", "reading"),
    [
        ("人参", "nhân sâm"),
        ("丹参", "đan sâm"),
        ("党参", "đảng sâm"),
        ("积雪草", "tích tuyết thảo"),
        ("甘草", "cam thảo"),
    ],
)
def test_hanviet_reading_with_herb_overrides(chinese: str, reading: str) -> None:
    assert hanviet_of(chinese) == reading


def test_latin_authority_is_dropped() -> None:
    assert latin_key("Glycyrrhiza uralensis Fisch.") == "glycyrrhiza uralensis"
    assert latin_key("Angelica sinensis (Oliv.) Diels") == "angelica sinensis"
    assert latin_key("Panax notoginseng (Burkill) F.H.Chen ex C.H.Chow") == "panax notoginseng"


def test_latin_capitalised_second_word_is_not_taken_for_an_authority() -> None:
    # mineral and animal drug names have no part word; old texts capitalise epithets
    assert latin_key("Gypsum Fibrosum") != latin_key("Gypsum Rubrum")
    assert latin_key("Panax Ginseng") == latin_key("Panax ginseng C.A.Mey.")
    assert latin_key("Stephania Lour.") == "stephania"


def test_latin_infraspecific_rank_is_kept() -> None:
    key = latin_key("Astragalus membranaceus (Fisch.) Bunge var. mongholicus (Bunge) P.K.Hsiao")
    assert key == "astragalus membranaceus var mongholicus"


def test_latin_genus_abbreviation() -> None:
    assert latin_abbrev_key("Glycyrrhiza uralensis Fisch.") == latin_key("G. uralensis")


def test_pharmaceutical_latin_word_order_and_case() -> None:
    assert latin_key("Radix Glycyrrhizae") == latin_key("glycyrrhizae radix")
    assert latin_key("Radix et Rhizoma Glycyrrhizae") == latin_key("Glycyrrhizae Radix et Rhizoma")
    assert latin_abbrev_key("Glycyrrhizae Radix") is None


def test_split_binomial_separates_authority() -> None:
    assert split_binomial("Morus alba L.") == ("Morus alba", "L.")
    assert split_binomial("Reynoutria multiflora (Thunb.) Moldenke") == (
        "Reynoutria multiflora",
        "(Thunb.) Moldenke",
    )


def test_chinese_name_yields_pinyin_and_hanviet_keys() -> None:
    keys = {(k.space, k.key, k.via) for k in name_keys("當歸", "zh-Hant")}
    assert keys == {
        ("zh", "当归", "text"),
        ("py", "danggui", "pinyin"),
        ("vi", "duong qui", "hanviet"),
    }


def test_zhuang_name_in_han_transcription_is_found_by_its_characters_only() -> None:
    # 棵共现 spells the Zhuang sound of 一枝黄花; its Mandarin reading would be a false key
    keys = {(k.space, k.key, k.via) for k in name_keys("棵共現", "za")}
    assert keys == {("zh", "棵共现", "text")}
    assert {k.space for k in name_keys("Go gungq", "za")} == {"vi"}


def test_fold_is_script_neutral() -> None:
    assert fold("Liquorice-root ") == "liquorice root"


@pytest.mark.parametrize(
    ("text", "reduced", "parts"),
    [
        ("vỏ quế", ["quế"], {"bark"}),
        ("Cây Diếp Cá", ["Diếp Cá"], set()),
        ("cay diep ca", ["diep ca"], set()),
        ("vỏ rễ dâu", ["rễ dâu", "dâu"], {"root-bark"}),
        ("cải củ", [], set()),  # typed with marks, cải is not cây
        ("Hoa", [], set()),  # a part word alone is a name
        ("薄荷叶", ["薄荷"], {"leaf"}),
        ("桑叶", [], set()),  # one character would be left: 桑叶 is the herb's own name
    ],
)
def test_part_and_generic_words_come_off_a_name(text: str, reduced: list[str], parts: set) -> None:
    found = reductions(text)
    assert [r.text for r in found] == reduced
    assert parts <= set(found[-1].parts if found else ())


def test_latin_variants_cover_genitive_and_nominative_endings() -> None:
    assert "arisaematis rhizoma" in latin_variants(latin_key("Rhizoma Arisaemae"))
    assert "coptidis rhizoma" in latin_variants(latin_key("Coptis Rhizoma"))
    assert "glycyrrhizae radix" in latin_variants(latin_key("Radix Glycyrrhiza"))
    assert latin_variants(latin_key("Glycyrrhiza uralensis")) == ()  # a binomial is exact


def test_a_query_loses_control_and_invisible_characters() -> None:
    assert query_text("cam\x00thao\u200b ") == "cam thao"
    assert query_text("\ufeff甘草\t") == "甘草"
