"""Widgets whose value lives in the URL (`?lang=zh&nature=warm&nature=cool`), so a page can be
shared and the back button returns to it.

Streamlit's own `bind="query-params"` writes an option's *label* into the URL, and our labels
carry counts and the reader's language (`ôn (132)`); these helpers keep the term ids there.
A widget keyed `url_<key>` is seeded from the URL before it is drawn and writes back on change.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def widget_key(key: str) -> str:
    return f"url_{key}"


def from_url(key: str, options: Sequence[str]) -> list[str]:
    """The URL's values for `key` that are among `options`."""
    return [v for v in st.query_params.get_all(key) if v in options]


def seed(key: str, value: str | list[str]) -> None:
    """Show `value` in the widget keyed for `key` (call before the widget is drawn)."""
    if st.session_state.get(widget_key(key)) != value:
        st.session_state[widget_key(key)] = value


def publish(key: str, default: str | None = None) -> None:
    """Write the widget's value for `key` to the URL (a default or empty value leaves it out)."""
    value = st.session_state.get(widget_key(key))
    if value in (None, [], default):
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value
