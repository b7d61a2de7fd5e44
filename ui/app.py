"""HerbKB's Streamlit app, started by `herbkb serve` (which says who may change the catalogue).
The router and frame: page config, the interface-language switch, one module a page."""

import streamlit as st

from ui import pages, strings, urlstate
from ui.shared import can_write, mode_banner, t

st.set_page_config(page_title="HerbKB", page_icon="🌿", layout="wide")
# a link's `?lang=` wins; a page change through the menu drops the URL's parameters, and then
# the reader's last choice stays and goes back into the URL
linked = urlstate.from_url("lang", strings.LANGS)
if linked or urlstate.widget_key("lang") not in st.session_state:
    urlstate.seed("lang", linked[0] if linked else "vi")
urlstate.publish("lang", default="vi")
with st.sidebar:
    # in the entrypoint, so the choice survives page changes
    st.segmented_control(
        t("lang.label"),
        options=strings.LANGS,
        format_func=strings.LANG_NAMES.get,
        required=True,
        key=urlstate.widget_key("lang"),
        on_change=urlstate.publish,
        args=("lang", "vi"),
    )
mode_banner()
page = st.navigation(pages.navigation(t, writable=can_write()))
urlstate.mend_back_step(page.url_path)
page.run()
