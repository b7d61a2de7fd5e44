"""Browse: every herb in one table, in Vietnamese, pinyin or Latin order, narrowed by facets,
a page of rows at a time (`?page=3`): the browser gets a hundred rows, not fifty thousand."""

import math

import streamlit as st

from herbkb.collation import Order
from ui import filters, pages, urlstate
from ui.list_widgets import add_to_list
from ui.shared import herbs_or_stop, lang, t
from ui.widgets import term_label

PAGE_ROWS = 100

cat, table = herbs_or_stop(t("nav.browse"))

orders = [o.value for o in Order]
urlstate.seed("sort", (urlstate.from_url("sort", orders) or [Order.VI.value])[0])
order = st.segmented_control(
    t("browse.order"),
    options=orders,
    format_func=lambda o: t(f"order.{o}"),
    required=True,
    key=urlstate.widget_key("sort"),
    on_change=urlstate.publish,
    args=("sort", Order.VI.value),
)
chosen = filters.requested()
view = table.view(chosen, Order(order))
filters.sidebar(view.facets)
st.caption(t("browse.count", shown=len(view.table), total=view.total))
add_to_list("browse", t("lists.add_shown", count=len(view.table)), view.table.slug.tolist())

# another filter or order starts again from the first page; a link's page is kept
pages_n = max(1, math.ceil(len(view.table) / PAGE_ROWS))
shown_view = (chosen.model_dump_json(), order)
asked = st.query_params.get("page", "1")
page = int(asked) if asked.isdigit() and 1 <= int(asked) <= pages_n else 1
if st.session_state.get("browse_view", shown_view) != shown_view:
    page = 1
st.session_state["browse_view"] = shown_view
if urlstate.widget_key("page") in st.session_state:
    urlstate.seed("page", page)  # a first page box starts from `default`, unseeded
rows = view.table.iloc[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]

shown = rows.fillna("").assign(
    toxicity=[term_label("toxicity", x) if x else "" for x in rows.toxicity]
)
columns = ["vi", "zh-Hans", "zh-Latn-pinyin", "la", "en", "toxicity", "lookalikes"]
event = st.dataframe(
    shown,
    column_order=columns,
    column_config={c: st.column_config.TextColumn(t(f"col.{c}")) for c in columns[:-1]}
    | {"lookalikes": st.column_config.NumberColumn(t("col.lookalikes"), format="%d")},
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="grid",
    height=640,
)
if pages_n > 1:
    st.pagination(
        pages_n,
        default=page,
        key=urlstate.widget_key("page"),
        on_change=urlstate.publish,
        args=("page", 1),
    )
    st.caption(
        t("browse.rows", first=(page - 1) * PAGE_ROWS + 1, last=(page - 1) * PAGE_ROWS + len(rows))
    )
urlstate.publish("page", default=1)
if event.selection.rows:
    slug = rows.slug.iloc[event.selection.rows[0]]
    st.switch_page(pages.HERB, query_params={"herb": slug, "lang": lang()})
