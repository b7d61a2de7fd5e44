"""The facet filters in the sidebar: chosen in the URL (`?nature=warm&flavour=bitter`), each
option with its count in the current results."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from herbkb import vocab
from herbkb.facets import FacetValue
from herbkb.records import BCP47
from herbkb.search import SearchFilters
from ui import urlstate
from ui.shared import t
from ui.widgets import term_label

SHOWN = ("nature", "flavour", "meridian", "part", "family", "toxicity", "category")
# a facet's URL parameter; `lang` is the interface language's
PARAM = {"lang": "match"}


def _known(facet: str, term: str) -> bool:
    if facet == "family":
        return term.isalpha()
    if facet == "lang":
        return bool(BCP47.match(term))
    vocabulary = vocab.PART if facet == "part" else vocab.PROPERTY_VOCABS[facet]
    return term in vocabulary


def requested(facets: tuple[str, ...] = SHOWN) -> SearchFilters:
    """The filters in the URL; values the catalogue cannot know are named and dropped."""
    chosen: dict[str, list[str]] = {}
    unknown: list[str] = []
    for facet in facets:
        param = PARAM.get(facet, facet)
        raw = st.query_params.get_all(param)
        chosen[facet] = [v for v in raw if _known(facet, v)]
        unknown += [f"{param}={v}" for v in raw if not _known(facet, v)]
    if unknown:
        st.warning(t("filters.unknown", values=", ".join(unknown)), icon=":material/filter_alt:")
    return SearchFilters(**chosen)


def sidebar(counts: dict[str, list[FacetValue]], facets: tuple[str, ...] = SHOWN) -> None:
    """The filters in the sidebar, one multiselect a facet."""
    with st.sidebar:
        st.subheader(t("filters.title"))
        _multiselects(counts, facets)


def panel(
    counts: dict[str, list[FacetValue]], facets: tuple[str, ...], chosen: SearchFilters
) -> None:
    """The filters folded above the results, saying how many are chosen; open while any is."""
    n = sum(len(getattr(chosen, facet)) for facet in facets)
    label = t("filters.title") + (f" ({n})" if n else "")
    folder = st.expander(
        label, expanded=bool(n), key="filters", icon=":material/filter_alt:", on_change="rerun"
    )
    # folded, its eight lists are not drawn at all: a keystroke redraws only the results
    if folder.open:
        with folder:
            _multiselects(counts, facets, st.columns(4))


def _multiselects(
    counts: dict[str, list[FacetValue]],
    facets: tuple[str, ...],
    columns: list[DeltaGenerator] | None = None,
) -> None:
    """One multiselect a facet: its options the terms found, each with its count."""
    for i, facet in enumerate(facets):
        param = PARAM.get(facet, facet)
        labels = {v.term: f"{term_label(facet, v.term)} ({v.count})" for v in counts.get(facet, [])}
        widget = urlstate.widget_key(param, list(labels.values()))
        urlstate.seed(param, urlstate.from_url(param, list(labels)), widget)
        # in order down each column, so that a phone, stacking the columns, keeps the order
        where = columns[i * len(columns) // len(facets)] if columns else st
        where.multiselect(
            t(f"facet.{facet}"),
            options=list(labels),
            format_func=labels.__getitem__,
            placeholder=t("filters.any"),
            key=widget,
            on_change=urlstate.publish,
            args=(param, None, widget),
        )
