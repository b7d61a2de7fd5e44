"""`herbkb check`: each rule catches the mistake it is for."""

from herbkb.check import check, namesakes
from tests.conftest import herb

REFS = {"cp-2020"}


def errors(*records) -> list[str]:
    return [f.message for f in check(list(records), REFS).errors]


def named(*names: tuple[str, str, str] | tuple[str, str], **fields: object):
    return herb(
        names=[
            {"text": n[0], "lang": n[1], "kind": n[2] if len(n) > 2 else "primary"} for n in names
        ],
        **fields,
    )


def test_a_correct_record_passes() -> None:
    assert errors(herb()) == []


def test_pinyin_that_does_not_read_the_characters_is_an_error() -> None:
    (message,) = errors(named(("甘草", "zh-Hans"), ("gān cáo", "zh-Latn-pinyin")))
    assert "does not read 甘草" in message and "gān cǎo" in message


def test_heteronyms_follow_the_herb_phrase_table() -> None:
    assert errors(named(("川芎", "zh-Hans"), ("chuān xiōng", "zh-Latn-pinyin"))) == []


def test_traditional_must_convert_to_the_simplified() -> None:
    (message,) = errors(named(("当归", "zh-Hans"), ("黃耆", "zh-Hant")))
    assert "黃耆 converts to 黄芪" in message


def test_hanviet_name_must_be_the_reading() -> None:
    good = named(("Rau má", "vi"), ("Tích tuyết thảo", "vi", "hanviet"), ("积雪草", "zh-Hans"))
    assert errors(good) == []
    bad = named(("Rau má", "vi"), ("Tích tuyết hoa", "vi", "hanviet"), ("积雪草", "zh-Hans"))
    assert "is not the reading of 积雪草" in errors(bad)[0]


def test_malformed_binomial_and_family() -> None:
    record = herb(sources=[{"species": "glycyrrhiza Uralensis", "family": "Leguminosae family"}])
    messages = errors(record)
    assert any("not a well-formed binomial" in m for m in messages)
    assert any("is not a family name" in m for m in messages)


def test_two_herbs_sharing_a_primary_name_must_be_marked_confusable() -> None:
    a = named(("Mộc thông", "vi"), slug="moc-thong")
    b = named(("Mộc thông", "vi"), slug="quan-moc-thong")
    assert any("shares its primary vi name" in m for m in errors(a, b))
    marked = named(
        ("Mộc thông", "vi"),
        slug="quan-moc-thong",
        sources=[{"species": "Aristolochia manshuriensis Kom.", "family": "Aristolochiaceae"}],
        confusable_with=[{"slug": "moc-thong", "note": "Aristolochia"}],
    )
    assert errors(a, marked) == []


def test_herbs_an_import_would_merge_into_one_are_an_error() -> None:
    # same Vietnamese name and same species: loading both would give one herb
    a = named(("Mộc thông", "vi"), slug="moc-thong")
    b = named(("Mộc thông", "vi"), slug="quan-moc-thong", confusable_with=[{"slug": "moc-thong"}])
    assert any("would be merged into moc-thong on load" in m for m in errors(a, b))
    # a pharmaceutical Latin name of one herb given to another as a synonym
    gypsum = named(("Thạch cao", "vi"), ("Gypsum Fibrosum", "la"), slug="thach-cao", sources=[])
    other = named(
        ("Hàn thủy thạch", "vi"),
        ("Calcitum", "la"),
        ("Gypsum Fibrosum", "la", "synonym"),
        slug="han-thuy-thach",
        sources=[],
    )
    assert any("would be merged into han-thuy-thach" in m for m in errors(gypsum, other))


def test_mineral_drug_names_differing_in_the_second_word_are_different_herbs() -> None:
    gypsum = named(("Thạch cao", "vi"), ("Gypsum Fibrosum", "la"), slug="thach-cao", sources=[])
    red = named(
        ("Hàn thủy thạch", "vi"), ("Gypsum Rubrum", "la"), slug="han-thuy-thach", sources=[]
    )
    assert errors(gypsum, red) == []


def test_dangling_references_and_confusables() -> None:
    record = herb(references=["no-book"], confusable_with=[{"slug": "ghost", "note": "x"}])
    messages = errors(record)
    assert any("'no-book' is not in references.yaml" in m for m in messages)
    assert any("'ghost': no such herb" in m for m in messages)


def test_every_record_says_where_it_comes_from() -> None:
    assert any("provenance" in m for m in errors(herb(provenance=None)))


def test_summary_counts_filled_fields_and_folk_herbs() -> None:
    folk = named(("Cà gai leo", "vi"), slug="ca-gai-leo")
    report = check([herb(), folk], REFS)
    assert report.herbs == 2
    assert report.folk_without_chinese == 1
    assert report.filled["species"] == 2
    assert report.share("pinyin", of_chinese=True) == 1.0
    # a folk herb's Latin name does not make up for a Chinese herb that lacks one
    no_latin = named(("Cam thảo", "vi"), ("甘草", "zh-Hans"), ("gān cǎo", "zh-Latn-pinyin"))
    folk_latin = named(("Cà gai leo", "vi"), ("Herba Solani", "la"), slug="ca-gai-leo")
    report = check([no_latin, folk_latin], REFS)
    assert report.share("la") == 0.5 and report.share("la", of_chinese=True) == 0.0


def test_a_name_cannot_be_one_species_synonym_and_another_herbs_species() -> None:
    chuanxiong = herb(
        "xuyen-khung",
        sources=[
            {
                "species": "Conioselinum anthriscoides (H.Boissieu) Pimenov & Kljuykov",
                "family": "Apiaceae",
                "synonyms": ["Ligusticum sinense Oliv."],
            }
        ],
    )
    gaoben = herb(
        "cao-ban",
        names=[{"text": "Cảo bản", "lang": "vi"}],
        sources=[{"species": "Ligusticum sinense Oliv.", "family": "Apiaceae"}],
    )
    (message,) = errors(chuanxiong, gaoben)
    assert "Ligusticum sinense Oliv. is given as a synonym" in message and "cao-ban" in message


def test_a_dose_that_changed_in_translation_is_flagged() -> None:
    def dosed(vi: str, other: str, lang: str = "en"):
        sections = [
            {"section": "dosage", "lang": "vi", "text": vi},
            {"section": "dosage", "lang": lang, "text": other},
        ]
        return check([herb(sections=sections)], REFS).warnings

    (changed,) = dosed("6–12 g mỗi ngày, sắc uống.", "6–10 g a day in decoction.")
    assert "dosage: the vi and en texts differ in numbers (10, 12)" in changed.message
    assert dosed("1–1,5 g, ngày 2–3 lần.", "1–1.5 g two or three times a day.") == []
    assert dosed("6–12 g mỗi ngày.", "每日6～12 g，煎服。", "zh-Hans") == []


def plant(slug: str, species: str, *names: tuple[str, ...], **fields: object):
    return named(*names, slug=slug, sources=[{"species": species}], **fields)


def look_alike_warnings(*records) -> list[str]:
    return [w.message for w in check(list(records), REFS).warnings if "shares the" in w.message]


def test_one_name_for_two_species_is_a_look_alike_to_mark() -> None:
    annua = plant("thanh-hao-hoa-vang", "Artemisia annua L.", ("Thanh hao hoa vàng", "vi"))
    baeckea = plant(
        "choi-xue",
        "Baeckea frutescens L.",
        ("Chổi xuể", "vi"),
        ("Cây thanh hao", "vi", "vernacular"),  # the generic "Cây" and the case set aside
    )
    carvifolia = plant("thanh-cao", "Artemisia carvifolia Buch.-Ham.", ("Thanh Hao", "vi"))
    (pair,) = namesakes([annua, baeckea, carvifolia])
    assert {pair.a, pair.b} == {"choi-xue", "thanh-cao"} and pair.lang == "vi"
    assert not pair.marked
    (warning,) = look_alike_warnings(annua, baeckea, carvifolia)
    assert "shares the vi name" in warning
    marked = plant(
        "thanh-cao",
        "Artemisia carvifolia Buch.-Ham.",
        ("Thanh hao", "vi"),
        confusable_with=[{"slug": "choi-xue", "note": "Baeckea is a myrtle, not a wormwood"}],
    )
    assert look_alike_warnings(baeckea, marked) == []
    assert [n.marked for n in check([baeckea, marked], REFS).namesakes] == [True]


def test_a_shared_chinese_name_counts_but_one_plant_under_two_names_does_not() -> None:
    raw = plant("cam-thao", "Glycyrrhiza uralensis Fisch.", ("甘草", "zh-Hans"))
    # a processed form and a variety come from the plant itself
    roasted = plant("chich-cam-thao", "Glycyrrhiza uralensis Fisch. ex DC.", ("甘草", "zh-Hant"))
    scoparia = plant("cam-thao-nam", "Scoparia dulcis L.", ("甘草", "zh-Hans"))
    found = namesakes([raw, roasted, scoparia])
    assert {frozenset((n.a, n.b)) for n in found} == {
        frozenset(("cam-thao", "cam-thao-nam")),
        frozenset(("chich-cam-thao", "cam-thao-nam")),
    }
    assert {n.lang for n in found} == {"zh"}


def test_names_differing_in_a_tone_or_a_part_word_are_different_names() -> None:
    bean = plant("dau-den", "Vigna unguiculata (L.) Walp.", ("Ô đậu", "vi"))
    aconite = plant("xuyen-o", "Aconitum carmichaelii Debeaux", ("Ô đầu", "vi"))
    asarum = plant("hoa-tien", "Asarum glabrum Merr.", ("Hoa tiên", "vi"))
    clematis = plant("tien", "Clematis armandii Franch.", ("Tiên", "vi"))
    assert namesakes([bean, aconite, asarum, clematis]) == []
