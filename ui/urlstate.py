"""Widgets whose value lives in the URL (`?lang=zh&nature=warm&nature=cool`), so a page can be
shared and the back button returns to it.

Streamlit's own `bind="query-params"` writes an option's *label* into the URL, and our labels
carry counts and the reader's language (`ôn (132)`); these helpers keep the term ids there.
A widget keyed `url_<key>` is seeded from the URL before it is drawn and writes back on change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st


def widget_key(key: str, labels: Sequence[str] = ()) -> str:
    """The session key of the widget for URL parameter `key`.

    Streamlit keeps a multiselect's value as its options' labels, and ours change as the
    counts and the reader's language do: a label of the last run then names no option, and
    comes back as the raw label (`bình (3)`). Pass the labels, and new labels make a new
    widget, seeded from the URL."""
    if not labels:
        return f"url_{key}"
    digest = hashlib.blake2s("\x1f".join(labels).encode(), digest_size=4).hexdigest()
    return f"url_{key}_{digest}"


def from_url(key: str, options: Sequence[str]) -> list[str]:
    """The URL's values for `key` that are among `options`."""
    return [v for v in st.query_params.get_all(key) if v in options]


def seed(key: str, value: str | list[str], widget: str | None = None) -> None:
    """Show `value` in the widget for `key` (call before the widget is drawn)."""
    widget = widget or widget_key(key)
    if st.session_state.get(widget) != value:
        st.session_state[widget] = value


def publish(key: str, default: str | None = None, widget: str | None = None) -> None:
    """Write the widget's value for `key` to the URL (a default or empty value leaves it out)."""
    value = st.session_state.get(widget or widget_key(key))
    if value in (None, [], default):
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != [str(v) for v in _listed(value)]:
        # written only when it changes: each write is a step in the browser's history
        st.query_params[key] = value


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def mend_back_step(page: str) -> None:
    """Undo the stray history step Streamlit makes when a link carries query parameters.

    Following `st.page_link(HERB, query_params={"herb": …})` from Search pushes two entries, the
    Search page with the herb's parameters and then the herb page (streamlit/streamlit#9049), so
    Back from the herb lands on a Search page that lost its query. That stray step is this page
    showing the parameters of the different page just run, which are not its own (a page that
    links another with its own parameters, Edit to the herb, is no stray step): put back the
    parameters this page had when it last ran, and run again. Call before the page runs.
    """
    params, last = _params(), st.session_state.get("url_last_run")
    mine = st.session_state.setdefault("url_of_page", {})
    stray = last and last[0] != page and params and params == last[1]
    if stray and page in mine and mine[page] != params:
        st.query_params.from_dict(mine[page])
        st.session_state["url_last_run"] = (page, mine[page])
        st.rerun()
    mine[page] = params
    st.session_state["url_last_run"] = (page, params)
