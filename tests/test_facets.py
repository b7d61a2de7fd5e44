"""Facet counts: each term with how many herbs have it, a facet's own choice left out."""

from herbkb import Catalogue
from herbkb.facets import count_facets, faceted_search
from herbkb.search import SearchFilters

HERBS = [
    {"nature": frozenset({"warm"}), "flavour": frozenset({"acrid", "sweet"})},
    {"nature": frozenset({"warm"}), "flavour": frozenset({"bitter"})},
    {"nature": frozenset({"cold"}), "flavour": frozenset({"bitter"})},
    {"flavour": frozenset({"sweet"})},
]


def counts(faceted: dict, facet: str) -> dict[str, int]:
    return {v.term: v.count for v in faceted[facet]}


def test_without_filters_every_herb_is_counted_once_per_term() -> None:
    result = count_facets(HERBS, SearchFilters())
    assert result.admitted == [True] * 4
    assert counts(result.facets, "nature") == {"warm": 2, "cold": 1}
    assert counts(result.facets, "flavour") == {"sweet": 2, "bitter": 2, "acrid": 1}


def test_choosing_a_term_still_counts_the_other_terms_of_its_facet() -> None:
    result = count_facets(HERBS, SearchFilters(flavour=["bitter"]))
    assert result.admitted == [False, True, True, False]
    # what choosing another flavour too would add
    assert counts(result.facets, "flavour") == {"sweet": 2, "bitter": 2, "acrid": 1}
    assert counts(result.facets, "nature") == {"warm": 1, "cold": 1}
    assert [v.term for v in result.facets["flavour"] if v.selected] == ["bitter"]


def test_a_chosen_term_no_herb_has_is_listed_with_zero() -> None:
    result = count_facets(HERBS, SearchFilters(nature=["hot"]))
    assert result.total == 0
    assert {"term": "hot", "count": 0, "selected": True} in [
        v.model_dump() for v in result.facets["nature"]
    ]


def test_faceted_search_counts_what_the_query_found(bundled: Catalogue) -> None:
    everything = faceted_search(bundled, "cam thao", SearchFilters())
    warm = faceted_search(bundled, "cam thao", SearchFilters(nature=["neutral"]))
    neutral = counts(everything.facets, "nature")["neutral"]
    main_hits = [h for h in warm.hits if h.matched.kind != "confusable"]
    assert len(main_hits) == neutral
    assert warm.found == everything.found


def test_a_look_alike_stays_beside_its_herb_whatever_the_filters(bundled: Catalogue) -> None:
    found = faceted_search(bundled, "ban ha", SearchFilters(toxicity=["toxic"]))
    slugs = [h.slug for h in found.hits]
    assert slugs[:2] == ["ban-ha", "ban-ha-nam"] or {"ban-ha", "ban-ha-nam"} <= set(slugs)


def test_match_language_is_a_facet_too(bundled: Catalogue) -> None:
    found = faceted_search(bundled, "甘草", SearchFilters(lang=["zh-Hans"]))
    assert found.hits[0].slug == "cam-thao"
    assert all(h.matched.lang == "zh-Hans" for h in found.hits if h.matched.kind != "confusable")
    assert {v.term for v in found.facets["lang"]} >= {"zh-Hans"}
