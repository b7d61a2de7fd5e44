"""Facet counts over a set of herbs, as Datasette shows them: each term with how many herbs have it.

Counts are disjunctive: a facet's own selection is left out when that facet is counted, so after
choosing `bitter` the other flavours still say how many herbs choosing them too would add. A herb
counts towards a facet when every *other* facet admits it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel

from herbkb.normalize import family_key
from herbkb.search import FACETS, Hit, SearchFilters

if TYPE_CHECKING:
    from herbkb.catalogue import Catalogue


class FacetValue(BaseModel):
    term: str  # a vocabulary id; a family by its folded name (`fabaceae`)
    count: int
    selected: bool = False


class Faceted(BaseModel):
    """Which herbs the filters admit (in the order given), and each facet's counts."""

    admitted: list[bool]
    facets: dict[str, list[FacetValue]]

    @property
    def total(self) -> int:
        return sum(self.admitted)


def selected_terms(filters: SearchFilters, facet: str) -> set[str]:
    wanted = getattr(filters, facet)
    return {family_key(f) for f in wanted} if facet == "family" else set(wanted)


def count_facets(herbs: Iterable[dict[str, frozenset[str]]], filters: SearchFilters) -> Faceted:
    """Filter herbs (each given by its facets) and count every facet's terms, in one pass."""
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
    admitted = []
    for facets in herbs:
        failed = filters.failing(facets)
        admitted.append(not failed)
        if len(failed) > 1:
            continue
        for facet in failed or FACETS:
            counts[facet].update(facets.get(facet, ()))
    result = {}
    for facet in FACETS:
        chosen = selected_terms(filters, facet)
        values = [
            FacetValue(term=term, count=n, selected=term in chosen)
            for term, n in sorted(counts[facet].items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        # a chosen term that no herb has still shows, with 0, so it can be unchosen
        missing = chosen - counts[facet].keys()
        values += [FacetValue(term=term, count=0, selected=True) for term in sorted(missing)]
        result[facet] = values
    return Faceted(admitted=admitted, facets=result)


class FacetedHits(BaseModel):
    """A search's hits narrowed by filters, with the facet counts of all it found."""

    hits: list[Hit]
    facets: dict[str, list[FacetValue]]  # FACETS and `lang`, the language of the match
    found: int  # herbs found before the filters


def faceted_search(
    catalogue: Catalogue,
    query: str,
    filters: SearchFilters,
    *,
    full_text: bool = False,
    limit: int = 200,
) -> FacetedHits:
    """Search, then filter and count facets over what was found (not over the first page).

    A look-alike of a herb that is shown stays beside it even when the filters would hide it:
    the warning is the point.
    """
    by_lang = SearchFilters(lang=filters.lang)
    hits = catalogue.search(query, limit=limit, full_text=full_text, filters=by_lang)
    index = catalogue.index()
    faceted = count_facets([index.facets_of(h.herb_id) for h in hits], filters)
    by_slug = {h.slug: h for h in hits}
    shown: dict[str, Hit] = {}
    for hit, admitted in zip(hits, faceted.admitted, strict=True):
        if admitted:
            shown.setdefault(hit.slug, hit)
            for other in hit.lookalikes:
                if other.slug in by_slug:
                    shown.setdefault(other.slug, by_slug[other.slug])
    facets = dict(faceted.facets)
    facets["lang"] = _match_langs(catalogue, query, filters, full_text=full_text, limit=limit)
    return FacetedHits(
        hits=list(shown.values()),
        facets=facets,
        found=len(hits),
    )


def _match_langs(
    catalogue: Catalogue, query: str, filters: SearchFilters, *, full_text: bool, limit: int
) -> list[FacetValue]:
    """How many hits matched in each language, with every filter but the language's own."""
    others = filters.model_copy(update={"lang": []})
    hits = catalogue.search(query, limit=limit, full_text=full_text, filters=others)
    counts = Counter(h.matched.lang for h in hits if h.matched.kind != "confusable")
    chosen = set(filters.lang)
    values = [
        FacetValue(term=term, count=n, selected=term in chosen)
        for term, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    missing = sorted(chosen - counts.keys())
    return values + [FacetValue(term=term, count=0, selected=True) for term in missing]
