"""What every page shares: the open catalogue and the browse table (cached for the server
process), and the reader's interface language."""

from __future__ import annotations

import os

import streamlit as st

from herbkb import Catalogue, CatalogueError
from herbkb.browse import Browser
from herbkb.search import SearchIndex
from ui import strings, urlstate


@st.cache_resource
def _open(db: str) -> Catalogue:
    return Catalogue.open(db)


def catalogue() -> Catalogue:
    """The catalogue named by HERBKB_DB, or the page stops with a message saying why not."""
    try:
        return _open(os.environ.get("HERBKB_DB", "herbkb.db"))
    except CatalogueError as exc:
        st.error(t("error.catalogue", error=exc), icon=":material/error:")
        st.stop()


@st.cache_resource(max_entries=2)
def _browser(where: str, data_version: int, _index: SearchIndex) -> Browser:
    return Browser(_index)


def browser(cat: Catalogue) -> Browser:
    """The browse table of the catalogue as it is now (rebuilt when its data version moves)."""
    index = cat.index()
    return _browser(cat.where, index.data_version, index)


def lang() -> str:
    """The interface language: vi (default), zh or en, as chosen in the sidebar (`?lang=`)."""
    chosen = st.session_state.get(urlstate.widget_key("lang"))
    return chosen if chosen in strings.LANGS else "vi"


def term_lang() -> str:
    return strings.TERM_LANG[lang()]


def t(key: str, /, **values: object) -> str:
    return strings.t(lang(), key, **values)
