"""Search (home): one box finds a herb from any of its names, in any script, as you type."""

import streamlit as st
from st_keyup import st_keyup

from herbkb import CatalogueError
from herbkb.facets import faceted_search
from herbkb.search import FACETS
from ui import filters
from ui.shared import catalogue, t
from ui.widgets import hit_card, plain

# as-you-type: the best twenty, and the facets of what the search found
SHOWN_HITS = 20

cat = catalogue()
st.title("HerbKB")
st.caption(t("app.tagline"))

typed = st.query_params.get("q", "")
# keyup reads its `value` once; when the URL's query moved by itself (back, forward, a pasted
# link), a new key makes a new box that starts from the URL
if typed != st.session_state.get("q_written", typed):
    st.session_state["q_box_generation"] = st.session_state.get("q_box_generation", 0) + 1
query = st_keyup(
    t("search.box"),
    value=typed,
    key=f"q_box_{st.session_state.get('q_box_generation', 0)}",
    debounce=120,
    placeholder="cam thảo · 甘草 · gancao · Radix Glycyrrhizae",
)
if query != typed:
    # the URL carries the search, so it can be shared and the back button returns to it
    if query:
        st.query_params["q"] = query
    else:
        del st.query_params["q"]
st.session_state["q_written"] = query
full_text = st.toggle(t("search.fulltext"), key="text", bind="query-params")

chosen = filters.requested((*FACETS, "lang"))
if not query.strip():
    st.info(t("search.hint"), icon=":material/keyboard:")
    st.stop()
try:
    found = faceted_search(cat, query, chosen, full_text=full_text, limit=SHOWN_HITS)
except CatalogueError as exc:
    st.error(t("search.failed", error=plain(str(exc))), icon=":material/error:")
    st.stop()
filters.sidebar(found.facets, (*filters.SHOWN, "lang"))

if not found.hits:
    if found.found:
        st.info(t("search.filtered_out", count=found.found, query=plain(query)))
    else:
        st.info(t("search.none", query=plain(query)), icon=":material/search_off:")
    st.stop()
st.caption(t("search.count", count=len(found.hits)))
for hit in found.hits:
    hit_card(hit)
