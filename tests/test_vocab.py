"""Vocabulary terms are found by any of their labels, in any language."""

import pytest

from herbkb import vocab


@pytest.mark.parametrize(
    ("label", "term"),
    [("ôn", "warm"), ("温", "warm"), ("Warm", "warm"), ("hơi hàn", "slightly-cold")],
)
def test_nature_by_any_label(label: str, term: str) -> None:
    assert vocab.NATURE.lookup(label).id == term


@pytest.mark.parametrize(
    ("label", "term"), [("Tỳ", "spleen"), ("tì", "spleen"), ("脾", "spleen"), ("Can", "liver")]
)
def test_meridian_by_any_label(label: str, term: str) -> None:
    assert vocab.MERIDIAN.lookup(label).id == term


def test_every_term_has_three_labels_and_unique_ids() -> None:
    for v in (*vocab.PROPERTY_VOCABS.values(), vocab.PART, vocab.SECTION):
        assert len(set(v.ids)) == len(v.ids), v.name
        for term in v.terms:
            assert term.vi and term.zh and term.en, term


def test_unknown_term_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="not a flavour term"):
        vocab.FLAVOUR.get("umami")
