"""Search (home): one box finds a herb from any of its names, in any script, as you type."""

import streamlit as st

from herbkb import CatalogueError
from herbkb.facets import faceted_search
from ui import filters
from ui.shared import catalogue, search_index, t
from ui.widgets import hit_card, plain

# as-you-type: the best twenty, and the facets of what the search found
SHOWN_HITS = 20
SEARCH_FACETS = (*filters.SHOWN, "lang")

cat = catalogue()
st.title("HerbKB")
st.caption(t("app.tagline"))


@st.fragment
def search() -> None:
    """The box, its filters and what it finds. A keystroke reruns this alone, not the page's
    frame (menu, language switch), which is what keeps typing fast; so the filters are here,
    above the results, and not in the sidebar, which a fragment cannot draw in."""
    # Streamlit's own box commits while the user types (after a pause of `live`) and keeps the
    # text in the URL (`?q=`), so a search can be shared and the back button returns to it
    query = st.text_input(
        t("search.box"),
        key="q",
        live="60ms",
        bind="query-params",
        placeholder="cam thảo · 甘草 · gancao · Radix Glycyrrhizae",
    )
    full_text = st.toggle(t("search.fulltext"), key="text", bind="query-params")
    chosen = filters.requested(SEARCH_FACETS)
    if not query or not query.strip():
        st.info(t("search.hint"), icon=":material/keyboard:")
        return
    try:
        search_index(cat)  # an index built since the last search (an import) is frozen first
        found = faceted_search(cat, query, chosen, full_text=full_text, limit=SHOWN_HITS)
    except CatalogueError as exc:
        st.error(t("search.failed", error=plain(str(exc))), icon=":material/error:")
        return
    filters.panel(found.facets, SEARCH_FACETS, chosen)
    # the summary names the query, so a reader (and the benchmark) can tell these results
    # are this query's and not the previous keystroke's
    with st.container(key="search-summary"):
        if not found.hits:
            key = "search.filtered_out" if found.found else "search.none"
            st.info(t(key, count=found.found, query=plain(query)), icon=":material/search_off:")
            return
        st.caption(t("search.count", count=len(found.hits), query=plain(query)))
    for hit in found.hits:
        hit_card(hit)


search()
