"""How complete the catalogue's data is, counted."""

from herbkb import Catalogue
from herbkb.overview import completeness
from tests.conftest import herb


def test_each_measure_counts_herbs_that_have_it(cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="test")
    cat.add(herb("sam", names=[{"text": "Sâm", "lang": "vi"}], sources=[]), author="test")
    coverage = {(c.measure, c.lang): c for c in completeness(cat)}
    assert coverage[("name", "vi")].herbs == 2
    assert coverage[("name", "zh-Hans")].herbs == 1
    assert coverage[("name", "zh-Hans")].share == 0.5
    assert coverage[("species", None)].herbs == 1
    assert coverage[("reviewed", None)].herbs == 0
    assert coverage[("monograph", "vi")].total == 2


def test_an_empty_catalogue_has_no_share_to_divide(cat: Catalogue) -> None:
    assert all(c.share == 0 for c in completeness(cat))
