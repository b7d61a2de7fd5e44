"""Overview: what the catalogue holds, in charts; choosing a bar opens Browse filtered to it."""

import altair as alt
import pandas as pd
import streamlit as st

from herbkb import vocab
from herbkb.overview import completeness
from herbkb.search import SearchFilters
from ui import pages
from ui.shared import herbs_or_stop, lang, t, term_lang
from ui.widgets import term_label

CHARTS = ("nature", "flavour", "meridian", "toxicity", "category", "part", "family")
TOP = 20

cat, table = herbs_or_stop(t("nav.overview"))
st.caption(t("overview.pick"))
facets = table.view(SearchFilters()).facets


def bars(frame: pd.DataFrame, x: str, x_title: str, *, pick: str | None = None) -> alt.Chart:
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=["label", x],
        )
        .properties(height=alt.Step(22))
    )
    return chart.add_params(alt.selection_point(fields=[pick], name="pick")) if pick else chart


columns = st.columns(2)
for i, facet in enumerate(CHARTS):
    values = facets[facet][:TOP]
    frame = pd.DataFrame(
        {"term": [v.term for v in values], "label": [term_label(facet, v.term) for v in values],
         t("overview.herbs"): [v.count for v in values]}
    )  # fmt: skip
    with columns[i % 2]:
        title = (
            t("overview.family_top")
            if facet == "family"
            else t("overview.by", facet=t(f"facet.{facet}").lower())
        )
        st.subheader(title)
        event = st.altair_chart(
            bars(frame, t("overview.herbs"), t("overview.herbs"), pick="term"),
            key=f"chart_{facet}",
            on_select="rerun",
            width="stretch",
        )
        picked = event.selection.get("pick") if event else None
        if picked:
            params = {facet: picked[0]["term"]} | ({"lang": lang()} if lang() != "vi" else {})
            st.switch_page(pages.BROWSE, query_params=params)

st.header(t("overview.completeness"), divider="gray")
coverage = completeness(cat)
labels = []
for c in coverage:
    language = vocab.LANGUAGE.get(c.lang).label(term_lang()) if c.lang else ""
    labels.append(t(f"measure.{c.measure}", lang=language) if c.lang else t(f"measure.{c.measure}"))
share = pd.DataFrame(
    {"label": labels, t("overview.share"): [round(100 * c.share, 1) for c in coverage],
     t("overview.herbs"): [c.herbs for c in coverage]}
)  # fmt: skip
st.altair_chart(bars(share, t("overview.share"), "%"), width="stretch")

st.header(t("overview.names_by_lang"), divider="gray")
by_lang = cat.stats()["names_by_language"]
names = pd.DataFrame(
    {"label": [term_label("lang", code) for code in by_lang],
     t("overview.names"): list(by_lang.values())}
)  # fmt: skip
st.altair_chart(bars(names, t("overview.names"), t("overview.names")), width="stretch")
