"""Search over the bundled catalogue: the right herb first, explained, with warnings."""

import csv
from pathlib import Path

import pytest

from herbkb import Catalogue
from herbkb.records import NameRecord, SectionRecord
from tests.conftest import herb


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("cam thao", "cam-thao"),
        ("Cam thảo", "cam-thao"),
        ("甘草", "cam-thao"),
        ("gancao", "cam-thao"),
        ("gān cǎo", "cam-thao"),
        ("Radix Glycyrrhizae", "cam-thao"),
        ("Glycyrrhizae Radix et Rhizoma", "cam-thao"),
        ("Glycyrrhiza uralensis", "cam-thao"),
        ("G. uralensis", "cam-thao"),
        ("當歸", "duong-quy"),
        ("duong qui", "duong-quy"),
        ("黃耆", "hoang-ky"),
        ("Hoàng kì", "hoang-ky"),
        ("mac hoi", "dai-hoi"),  # Tày, as Lạng Sơn growers call star anise
        ("Gypsum Rubrum", "han-thuy-thach"),  # not Gypsum Fibrosum (Thạch cao)
    ],
)
def test_any_name_finds_the_right_herb_first(bundled: Catalogue, query: str, slug: str) -> None:
    hits = bundled.search(query, limit=5)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].slug == slug


def test_hit_says_which_name_matched_and_how(bundled: Catalogue) -> None:
    hit = bundled.search("gancao", limit=1)[0]
    assert hit.names["zh-Hans"] == "甘草"
    assert hit.names["vi"] == "Cam thảo"
    assert hit.matched.lang in ("zh-Latn-pinyin", "zh-Hans")
    assert "gancao" not in hit.matched.explain  # it names the stored name, not the query
    assert hit.matched.kind in ("exact", "folded")


def test_one_hit_per_herb(bundled: Catalogue) -> None:
    slugs = [h.slug for h in bundled.search("cam", limit=20)]
    assert len(slugs) == len(set(slugs))


def test_a_typo_still_finds_the_herb(bundled: Catalogue) -> None:
    hit = bundled.search("cam thoa", limit=1)[0]
    assert (hit.slug, hit.matched.kind) == ("cam-thao", "fuzzy")


def test_a_prefix_finds_the_herb_while_typing(bundled: Catalogue) -> None:
    assert bundled.search("ganc", limit=3)[0].slug == "cam-thao"


def test_empty_query_finds_nothing(bundled: Catalogue) -> None:
    assert bundled.search("   ") == []


def test_toxic_and_confusable_herbs_carry_warnings(cat: Catalogue) -> None:
    cat.add(
        herb(
            "phong-ky",
            names=[{"text": "Phòng kỷ", "lang": "vi"}, {"text": "防己", "lang": "zh-Hans"}],
            sources=[],
            confusable_with=[{"slug": "quang-phong-ky", "note": "Aristolochia root sold as 防己"}],
        ),
        author="t",
    )
    cat.add(
        herb(
            "quang-phong-ky",
            names=[{"text": "Quảng phòng kỷ", "lang": "vi"}, {"text": "广防己", "lang": "zh-Hans"}],
            sources=[],
            toxicity="toxic",
        ),
        author="t",
    )
    hits = {h.slug: h for h in cat.search("防己", limit=5)}
    assert list(hits) == ["phong-ky", "quang-phong-ky"]
    assert any("Quảng phòng kỷ" in w for w in hits["phong-ky"].warnings)
    assert any("Phòng kỷ" in w for w in hits["quang-phong-ky"].warnings)
    assert any(w.startswith("Toxic") for w in hits["quang-phong-ky"].warnings)


def test_search_sees_an_edit_without_a_restart(cat: Catalogue) -> None:
    cat.add(herb(), author="t")
    assert cat.search("Quốc lão") == [] or cat.search("Quốc lão")[0].matched.kind == "fuzzy"
    record = cat.record("cam-thao")
    synonym = NameRecord(text="Quốc lão", lang="vi", kind="synonym")
    cat.update(
        record.model_copy(update={"names": [*record.names, synonym]}),
        expected_version=1,
        author="t",
    )
    hit = cat.search("Quốc lão", limit=1)[0]
    assert (hit.slug, hit.matched.kind) == ("cam-thao", "exact")


def test_a_pair_linked_both_ways_warns_once_with_each_herbs_own_note(bundled: Catalogue) -> None:
    hits = {h.slug: h for h in bundled.search("防己", limit=5)}
    warnings = [w for w in hits["phong-ky"].warnings if "Quảng phòng kỷ" in w]
    assert len(warnings) == 1
    assert any(w.startswith("Toxic · có độc") for w in hits["quang-phong-ky"].warnings)


EVAL = Path(__file__).resolve().parent / "search_eval.tsv"


def test_evaluation_set_accuracy(bundled: Catalogue) -> None:
    """400 queries of every kind, written from the herbs' recorded names, not from results."""
    with EVAL.open(encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh, delimiter="\t"))
    assert len(cases) >= 300
    top1 = top5 = 0
    misses = []
    for case in cases:
        want = set(case["slug"].split("|"))
        slugs = [h.slug for h in bundled.search(case["query"], limit=10)]
        if slugs and slugs[0] in want:
            top1 += 1
        else:
            misses.append((case["kind"], case["query"], case["slug"], slugs[:3]))
        found = want <= set(slugs) if len(want) > 1 else bool(want & set(slugs[:5]))
        top5 += found
    assert top1 / len(cases) >= 0.95, misses
    assert top5 / len(cases) >= 0.99, misses


def test_filters_narrow_hits_by_properties_family_and_language(bundled: Catalogue) -> None:
    from herbkb.search import SearchFilters

    warm = bundled.search("sam", limit=20, filters=SearchFilters(nature=["warm"]))
    assert warm and all(
        bundled.record(h.slug).nature == "warm" for h in warm if h.matched.kind != "confusable"
    )
    aralia = bundled.search("sam", limit=20, filters=SearchFilters(family=["Araliaceae"]))
    assert "nhan-sam" in {h.slug for h in aralia}
    assert "dan-sam" not in {h.slug for h in aralia}  # Lamiaceae
    old_name = bundled.search("sam", limit=20, filters=SearchFilters(family=["Leguminosae"]))
    assert all(
        "Fabaceae" in {s.family for s in bundled.record(h.slug).sources}
        for h in old_name
        if h.matched.kind != "confusable"
    )
    vi_only = bundled.search("cam thao", limit=5, filters=SearchFilters(lang=["vi"]))
    assert vi_only[0].matched.lang == "vi"


def test_full_text_finds_what_monographs_say_in_each_language(cat: Catalogue) -> None:
    sections = [
        {"section": "indications", "lang": "vi", "text": "Cảm mạo phong hàn, đau đầu, nghẹt mũi."},
        {"section": "indications", "lang": "en", "text": "Colds with headache and a blocked nose."},
        {"section": "indications", "lang": "zh-Hans", "text": "风寒感冒，偏头痛，鼻塞。"},
    ]
    cat.add(
        herb("bach-chi", names=[{"text": "Bạch chỉ", "lang": "vi"}], sections=sections), author="t"
    )
    cat.add(
        herb(
            "other",
            names=[{"text": "Khác", "lang": "vi"}],
            sections=[{"section": "indications", "lang": "vi", "text": "Ho có đờm."}],
        ),
        author="t",
    )
    for query, marked in (
        ("đau đầu", "**đau đầu**"),
        ("dau dau", "**đau đầu**"),
        ("头痛", "**头痛**"),
        ("Headache", "**headache**"),
    ):
        hits = cat.search(query, full_text=True)
        assert [h.slug for h in hits] == ["bach-chi"], query
        assert marked in hits[0].snippet and hits[0].matched.kind == "text"


def test_the_bundled_monographs_are_searchable_in_chinese(bundled: Catalogue) -> None:
    hits = bundled.search("头痛", limit=10, full_text=True)
    assert len(hits) >= 5 and all("**头痛**" in h.snippet for h in hits)
    assert "cuc-hoa" in {h.slug for h in hits}  # 菊花: 风热感冒，头痛眩晕…
    assert any("主治" in h.matched.explain for h in hits)


def test_full_text_sees_an_edit(cat: Catalogue) -> None:
    cat.add(herb(), author="t")
    assert cat.search("sốt rét", full_text=True) == []
    record = cat.record("cam-thao")
    section = SectionRecord(section="indications", lang="vi", text="Sốt rét.")
    changed = record.model_copy(update={"sections": [*record.sections, section]})
    cat.update(changed, expected_version=1, author="t")
    assert [h.slug for h in cat.search("sốt rét", full_text=True)] == ["cam-thao"]


def test_a_species_finds_every_herb_made_from_it(bundled: Catalogue) -> None:
    slugs = {h.slug for h in bundled.search("Morus alba", limit=10)}
    assert {"tang-diep", "tang-bach-bi", "tang-chi"} <= slugs


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ("Quốc lão", "exact match on vi synonym “Quốc lão”"),
        ("Radix Glycyrrhizae", "exact match on la former “Radix Glycyrrhizae”"),
        ("tích tuyết thảo", "on vi hanviet “Tích tuyết thảo”"),
        ("Glycyrrhiza glabra", "on la species “Glycyrrhiza glabra L.”"),
        ("积雪草", "exact match on zh-Hans “积雪草”"),
        ("積雪草", "exact match on zh-Hant “積雪草”"),
    ],
)
def test_each_hit_says_which_kind_of_name_matched(
    bundled: Catalogue, query: str, explained: str
) -> None:
    assert explained in bundled.search(query, limit=1)[0].matched.explain


def test_an_edit_patches_the_index_instead_of_rebuilding_it(cat: Catalogue, monkeypatch) -> None:
    from herbkb import keyspace

    monkeypatch.setattr(keyspace, "SCAN_MAX", 2)  # the trigram path even in a small catalogue
    cat.add(herb(), author="t")
    cat.add(herb("ha-thu-o", names=[{"text": "Hà thủ ô đỏ", "lang": "vi"}], sources=[]), author="t")
    cat.add(herb("phong-ky", names=[{"text": "Phòng kỷ", "lang": "vi"}], sources=[]), author="t")
    index = cat.index()
    record = cat.record("cam-thao")
    renamed = [n for n in record.names if n.text != "Cam thảo"]
    renamed.append(NameRecord(text="Quốc lão", lang="vi"))
    cat.update(record.model_copy(update={"names": renamed}), expected_version=1, author="t")
    cat.add(
        herb(
            "quang-phong-ky",
            names=[{"text": "Quảng phòng kỷ", "lang": "vi"}],
            sources=[],
            toxicity="toxic",
            confusable_with=[{"slug": "phong-ky", "note": "Aristolochia"}],
        ),
        author="t",
    )
    assert cat.search("Quốc lão")[0].slug == "cam-thao"
    assert cat.index() is index  # patched, not rebuilt
    assert all(h.matched.text != "Cam thảo" for h in cat.search("cam thao"))
    assert cat.search("quoc la")[0].slug == "cam-thao"  # prefix on a patched key
    assert cat.search("quoc laoo")[0].matched.kind == "fuzzy"  # fuzzy on a patched key
    partner = {h.slug: h for h in cat.search("Phòng kỷ")}
    assert "quang-phong-ky" in partner and partner["phong-ky"].warnings


def test_a_large_change_rebuilds_the_index(cat: Catalogue, monkeypatch) -> None:
    from herbkb import search

    monkeypatch.setattr(search, "PATCH_MAX", 1)
    cat.add(herb(), author="t")
    index = cat.index()
    cat.add(herb("a", names=[{"text": "Cây A", "lang": "vi"}], sources=[]), author="t")
    cat.add(herb("b", names=[{"text": "Cây B", "lang": "vi"}], sources=[]), author="t")
    assert cat.search("Cây B")[0].slug == "b"
    assert cat.index() is not index


def test_a_retired_herb_is_not_found_whether_the_index_is_patched_or_built(
    cat: Catalogue,
) -> None:
    dosage = {"section": "dosage", "lang": "en", "text": "Boil 6 g in water."}
    cat.add(herb(sections=[dosage]), author="t")
    look_alike = {"slug": "cam-thao", "note": "roots alike"}
    vine = herb(
        "cam-thao-day",
        names=[{"text": "Cam thảo dây", "lang": "vi"}],
        sources=[],
        confusable_with=[look_alike],
    )
    cat.add(vine, author="t")
    assert cat.search("甘草")[0].slug == "cam-thao"
    cat.retire("cam-thao", author="t", reason="withdrawn")
    for catalogue in (cat, Catalogue.open(cat.where)):  # patched, then built afresh
        assert [h.slug for h in catalogue.search("cam thao")] == ["cam-thao-day"]
        assert catalogue.search("甘草") == []
        assert catalogue.search("in water", full_text=True) == []
    cat.unretire("cam-thao", author="t")
    assert cat.search("甘草")[0].slug == "cam-thao"
    assert cat.search("in water", full_text=True)[0].slug == "cam-thao"


def test_whole_words_find_names_that_contain_them_in_any_order(bundled: Catalogue) -> None:
    for query in ("peony", "peony root", "ROOT Peony"):
        hits = bundled.search(query, limit=5)
        assert {h.slug for h in hits[:2]} == {"bach-thuoc", "xich-thuoc"}, query
        assert hits[0].matched.kind == "words"
        assert "peony root" in hits[0].matched.explain.casefold()


def test_words_rank_below_exact_and_prefix_matches(cat: Catalogue) -> None:
    cat.add(herb("a", names=[{"text": "Peony", "lang": "en"}], sources=[]), author="t")
    cat.add(herb("b", names=[{"text": "Peonyroot", "lang": "en"}], sources=[]), author="t")
    cat.add(herb("c", names=[{"text": "White peony root", "lang": "en"}], sources=[]), author="t")
    assert [(h.slug, h.matched.kind) for h in cat.search("peony")] == [
        ("a", "exact"),
        ("b", "prefix"),
        ("c", "words"),
    ]


def test_a_part_word_finds_the_herb_made_from_that_part(bundled: Catalogue) -> None:
    hits = bundled.search("vỏ quế", limit=3)
    assert hits[0].slug == "que"  # the bark, before Quế chi (the twig)
    assert hits[0].matched.text == "Quế" and "without “vỏ”" in hits[0].matched.explain
    assert bundled.search("rễ phòng kỷ", limit=1)[0].slug == "phong-ky"
    assert bundled.search("防己根", limit=1)[0].slug == "phong-ky"


def test_a_generic_word_is_dropped_before_matching(bundled: Catalogue) -> None:
    for query, kind in (
        ("cây diếp cá", "exact"),
        ("Cây Diếp Cá", "exact"),
        ("cay diep ca", "folded"),
    ):
        hit = bundled.search(query, limit=1)[0]
        assert (hit.slug, hit.matched.kind, hit.guess) == ("diep-ca", kind, False)
    assert bundled.search("薄荷叶", limit=1)[0].slug == "bac-ha"


def test_a_name_that_begins_with_a_part_word_is_still_itself(bundled: Catalogue) -> None:
    hit = bundled.search("Lá lốt", limit=1)[0]
    assert (hit.matched.text, hit.matched.kind) == ("Lá lốt", "exact")


def test_a_near_miss_is_a_guess_with_the_toxic_look_alike_beside_it(cat: Catalogue) -> None:
    for slug, name, toxicity in (
        ("lac-tien", "Lạc tiên", "none"),
        ("lac-tiem", "Lạc tiêm", "none"),
        ("ma-tien", "Mã tiền", "high"),
    ):
        cat.add(
            herb(slug, names=[{"text": name, "lang": "vi"}], sources=[], toxicity=toxicity),
            author="t",
        )
    hits = cat.search("lac tienn")
    # Mã tiền is further from the query than Lạc tiêm, yet it is shown right beside the guess
    assert [h.slug for h in hits] == ["lac-tien", "ma-tien", "lac-tiem"]
    assert all(h.guess and h.matched.kind == "fuzzy" for h in hits)
    assert hits[0].matched.explain.startswith("did you mean “Lạc tiên”?")
    assert any(w.startswith("Highly toxic") for w in hits[1].warnings)
    # and the reverse: a typed deadly seed is never shown only as a harmless herb
    assert [h.slug for h in cat.search("ma tienn")][:2] == ["ma-tien", "lac-tien"]
    assert cat.search("Lạc tiên")[0].guess is False


def test_latin_is_found_in_either_order_and_with_other_endings(bundled: Catalogue) -> None:
    for query in ("Rhizoma Arisaemae", "Arisaemae Rhizoma", "rhizoma arisaematis"):
        assert bundled.search(query, limit=1)[0].slug == "thien-nam-tinh", query
    hit = bundled.search("Rhizoma Coptis", limit=1)[0]
    assert (hit.slug, hit.matched.text) == ("hoang-lien", "Coptidis Rhizoma")
    assert "Latin variant" in hit.matched.explain


def test_control_characters_in_a_query_are_not_an_error(bundled: Catalogue) -> None:
    assert bundled.search("cam\x00thao", limit=1)[0].slug == "cam-thao"
    assert bundled.search("\x00", limit=1) == []
    found = bundled.search("đau\x00 đầu", limit=3, full_text=True)
    assert found and all("**" in h.snippet for h in found)


def test_a_query_longer_than_any_name_finds_nothing_and_no_error(bundled: Catalogue) -> None:
    for query in ("甘草" * 2500, "cam thao " * 600, "Radix " * 800):
        assert bundled.search(query) == []
    assert isinstance(bundled.search("甘草" * 2500, full_text=True), list)
