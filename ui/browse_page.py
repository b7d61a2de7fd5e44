"""Browse: every herb in one table, in Vietnamese, pinyin or Latin order, narrowed by facets."""

import streamlit as st

from herbkb.collation import Order
from ui import filters, pages, urlstate
from ui.list_widgets import add_to_list
from ui.shared import herbs_or_stop, lang, t
from ui.widgets import term_label

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
view = table.view(filters.requested(), Order(order))
filters.sidebar(view.facets)
st.caption(t("browse.count", shown=len(view.table), total=view.total))
add_to_list("browse", t("lists.add_shown", count=len(view.table)), view.table.slug.tolist())

shown = view.table.fillna("").assign(
    toxicity=[term_label("toxicity", x) if x else "" for x in view.table.toxicity]
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
if event.selection.rows:
    slug = view.table.slug.iloc[event.selection.rows[0]]
    st.switch_page(pages.HERB, query_params={"herb": slug, "lang": lang()})
