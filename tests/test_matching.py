"""Which herb a record describes: the one rule imports and `herbkb check` share."""

from herbkb import Catalogue
from herbkb.matching import Matcher
from herbkb.prepared import prepare
from tests.conftest import herb

AKEBIA = {"species": "Akebia quinata (Houtt.) Decne.", "family": "Lardizabalaceae"}
ARISTOLOCHIA = {"species": "Aristolochia manshuriensis Kom.", "family": "Aristolochiaceae"}


def names(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": text, "lang": lang} for text, lang in pairs]


def knowing(*records) -> Matcher:
    matcher = Matcher()
    for record in records:
        matcher.remember(prepare(record))
    return matcher


def test_a_primary_chinese_name_in_either_script_finds_the_herb() -> None:
    matcher = knowing(herb())
    traditional = herb("x", names=names(("Khác", "vi"), ("甘草", "zh-Hant")), sources=[])
    assert matcher.match(prepare(traditional)) == {"cam-thao"}


def test_a_pharmaceutical_latin_name_finds_the_herb_in_either_word_order() -> None:
    matcher = knowing(herb())
    older = herb("x", names=names(("Khác", "vi"), ("Radix et Rhizoma Glycyrrhizae", "la")))
    assert matcher.match(prepare(older)) == {"cam-thao"}


def test_a_vietnamese_name_finds_the_herb_only_with_one_of_its_species() -> None:
    matcher = knowing(herb("moc-thong", names=names(("Mộc thông", "vi")), sources=[AKEBIA]))
    same = herb("a", names=names(("Mộc thông", "vi")), sources=[AKEBIA])
    other_plant = herb("b", names=names(("Mộc thông", "vi")), sources=[ARISTOLOCHIA])
    assert matcher.match(prepare(same)) == {"moc-thong"}
    assert matcher.match(prepare(other_plant)) == set()


def test_a_species_synonym_given_with_a_herb_finds_it() -> None:
    reynoutria = {
        "species": "Reynoutria multiflora (Thunb.) Moldenke",
        "synonyms": ["Fallopia multiflora (Thunb.) Haraldson"],
    }
    matcher = knowing(herb("ha-thu-o", names=names(("Hà thủ ô đỏ", "vi")), sources=[reynoutria]))
    fallopia = {"species": "Fallopia multiflora (Thunb.) Haraldson"}
    record = herb("x", names=names(("Hà thủ ô đỏ", "vi")), sources=[fallopia])
    assert matcher.match(prepare(record)) == {"ha-thu-o"}


def test_the_catalogue_matcher_knows_stored_herbs_and_frees_slugs(cat: Catalogue) -> None:
    cat.add(herb(), author="t")
    with cat.session() as s:
        matcher = Matcher.of_catalogue(s)
    assert matcher.match(prepare(herb("x"))) == {"cam-thao"}
    assert matcher.free_slug("cam-thao") == "cam-thao-2"
    assert matcher.free_slug("hoang-ky") == "hoang-ky"


def test_generic_words_are_seen_through_with_the_same_species_and_part() -> None:
    houttuynia = {"species": "Houttuynia cordata Thunb.", "part": "aerial-parts"}
    matcher = knowing(herb("diep-ca", names=names(("Diếp cá", "vi")), sources=[houttuynia]))
    row = herb("x", names=names(("Cây Diếp Cá", "vi")), sources=[{"species": "Houttuynia cordata"}])
    assert matcher.match(prepare(row)) == {"diep-ca"}
    root = herb("y", names=names(("Cây Diếp Cá", "vi")), sources=[{**houttuynia, "part": "root"}])
    assert matcher.match(prepare(root)) == set()  # another part is another herb


def test_a_probable_herb_that_misses_the_rule_is_a_possible_match() -> None:
    matcher = knowing(herb("moc-thong", names=names(("Mộc thông", "vi")), sources=[AKEBIA]))
    other_name = herb("a", names=names(("Dây mộc thông", "vi")), sources=[AKEBIA])
    no_species = herb("b", names=names(("Mộc thông", "vi")), sources=[])
    own_chinese = herb("c", names=names(("Tam diệp mộc thông", "vi"), ("三叶木通", "zh-Hans")))
    other_plant = herb("d", names=names(("Mộc thông", "vi")), sources=[ARISTOLOCHIA])
    assert matcher.match(prepare(other_name)) == set()
    assert matcher.possible(prepare(other_name)) == {"moc-thong"}
    assert matcher.possible(prepare(no_species)) == {"moc-thong"}
    assert matcher.possible(prepare(own_chinese)) == set()
    assert matcher.possible(prepare(other_plant)) == set()  # same name, another plant


def test_a_herb_known_by_a_name_alone_is_found_by_that_name_alone() -> None:
    matcher = knowing(herb("bach-thao-suong", names=names(("Bách thảo sương", "vi")), sources=[]))
    again = herb("x", names=names(("Bách thảo sương", "vi")), sources=[])
    assert matcher.match(prepare(again)) == {"bach-thao-suong"}
