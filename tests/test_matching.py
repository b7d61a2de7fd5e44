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
