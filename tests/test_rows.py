"""Records ↔ rows: species named as the catalogue names them, records read back whole."""

from sqlmodel import Session

from herbkb import Catalogue, rows
from herbkb.prepared import SourceRow
from tests.conftest import herb

REYNOUTRIA = {
    "species": "Reynoutria multiflora (Thunb.) Moldenke",
    "family": "Polygonaceae",
    "part": "root-tuber",
    "synonyms": ["Fallopia multiflora (Thunb.) Haraldson"],
}


def book(s: Session) -> rows.SpeciesBook:
    return rows.SpeciesBook(s.connection(), rows.Ids(s.connection()))


def test_a_synonym_is_read_as_the_accepted_species_and_kept(cat: Catalogue) -> None:
    cat.add(herb("ha-thu-o", sources=[REYNOUTRIA]), author="t")
    fallopia = "Fallopia multiflora (Thunb.) Haraldson"
    with cat.session() as s:
        source, conflict = book(s).canonical(SourceRow.of(fallopia, "Polygonaceae", None, ()))
        assert conflict is None and source.species == REYNOUTRIA["species"]
        assert fallopia in source.synonyms
        source, conflict = book(s).canonical(SourceRow.of(fallopia, "Rosaceae", None, ()))
        assert source.family == "Polygonaceae"
        assert "family is 'Polygonaceae' in the catalogue, 'Rosaceae' in this record" in conflict
        unknown = SourceRow.of("Polygonum multiflorum Thunb.", None, None, ())
        assert book(s).canonical(unknown) == (unknown, None)


def test_many_records_read_at_once_equal_one_by_one(cat: Catalogue) -> None:
    cat.add(herb(), author="t")
    cat.add(
        herb("ha-thu-o", names=[{"text": "Hà thủ ô đỏ", "lang": "vi"}], sources=[REYNOUTRIA]),
        author="t",
    )
    assert cat.records() == [cat.record("cam-thao"), cat.record("ha-thu-o")]
