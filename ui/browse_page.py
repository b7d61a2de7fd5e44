"""Browse: every herb in one table, in Vietnamese, pinyin or Latin order, narrowed by facets,
a page of rows at a time (`?page=3`): the browser gets a hundred rows, not fifty thousand.

The table is plain HTML, each herb's name a link: it draws with the page (Streamlit's data grid
loads a megabyte of script first, the larger part of Browse's first render), a reader can open
a herb in a new tab, select and copy text, and find a name with the browser's own search.
"""

import html
import math

import pandas as pd
import streamlit as st

from herbkb.collation import Order
from ui import filters, urlstate
from ui.list_widgets import add_to_list
from ui.shared import herbs_or_stop, lang, t
from ui.widgets import term_label

PAGE_ROWS = 100
COLUMNS = ("vi", "zh-Hans", "zh-Latn-pinyin", "la", "en", "toxicity", "lookalikes")
STYLE = """<style>
.hk-browse { overflow-x: auto; }
.hk-browse table { border-collapse: collapse; width: 100%; min-width: 46rem; font-size: 0.9rem; }
.hk-browse th { text-align: left; white-space: nowrap; border-bottom: 2px solid #8888; }
.hk-browse th, .hk-browse td { padding: .3rem .6rem; vertical-align: top; }
.hk-browse td { border-bottom: 1px solid #8884; }
.hk-browse td:nth-child(-n+3), .hk-browse td:nth-child(6) { white-space: nowrap; }
.hk-browse tr.toxic td { background: rgba(255,43,43,.09); }
.hk-browse td.num { text-align: right; }
.hk-browse a { font-weight: 600; }
</style>"""


def _cell(column: str, value: object) -> str:
    text = html.escape(value) if isinstance(value, str) else ""
    match column:
        case "zh-Hans":
            return f'<td lang="zh-Hans">{text}</td>'
        case "la":
            return f"<td><i>{text}</i></td>"
        case "toxicity":
            return f"<td>{html.escape(term_label('toxicity', value)) if text else ''}</td>"
        case "lookalikes":
            return f'<td class="num">{value or ""}</td>'
    return f"<td>{text}</td>"


def herb_table(rows: pd.DataFrame) -> str:
    """The rows as an HTML table, every value escaped; the first name links the herb's page."""
    suffix = f"&lang={lang()}" if lang() != "vi" else ""
    head = "".join(f"<th>{html.escape(t(f'col.{c}'))}</th>" for c in COLUMNS)
    body = []
    for row in rows.to_dict("records"):
        href = html.escape(f"herb?herb={row['slug']}{suffix}")
        name = html.escape(row["vi"] or row["zh-Hans"] or row["la"] or row["slug"])
        cells = "".join(_cell(column, row[column]) for column in COLUMNS[1:])
        toxic = ' class="toxic"' if row["toxicity"] in ("toxic", "high") else ""
        body.append(f'<tr{toxic}><td lang="vi"><a href="{href}">{name}</a></td>{cells}</tr>')
    return (
        f'{STYLE}<div class="hk-browse"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


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
first = (page - 1) * PAGE_ROWS
rows = view.table.iloc[first : first + PAGE_ROWS]

st.html(herb_table(rows))
if pages_n > 1:
    st.pagination(
        pages_n,
        default=page,
        key=urlstate.widget_key("page"),
        on_change=urlstate.publish,
        args=("page", 1),
    )
    st.caption(t("browse.rows", first=first + 1, last=first + len(rows)))
urlstate.publish("page", default=1)
