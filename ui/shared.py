"""What every page shares: the open catalogue and the browse table (cached for the server
process), whether this app may change the catalogue (the mode `herbkb serve` started it in),
and the reader's interface language."""

from __future__ import annotations

import functools
import gc
import os
import threading

import streamlit as st

from herbkb import Catalogue, CatalogueError
from herbkb.browse import Browser
from herbkb.search import SearchFilters, SearchIndex
from herbkb.serving import ServeMode, current_mode
from ui import strings, urlstate

# one catalogue and one browse table for the whole server process, shared by every session;
# plain caches, not Streamlit's, so that `warm` can fill them before anyone visits
_opening = threading.Lock()


@functools.cache
def _opened(db: str, read_only: bool) -> Catalogue:
    return Catalogue.open(db, read_only=read_only)


def _open(db: str, read_only: bool) -> Catalogue:
    with _opening:
        return _opened(db, read_only)


def _opening_args() -> tuple[str, bool]:
    """The catalogue file `herbkb serve` named, and whether this app may only read it."""
    return os.environ.get("HERBKB_DB", "herbkb.db"), not can_write()


def can_write() -> bool:
    """Whether pages that change the catalogue (edit, new herb, import…) are shown at all.
    Hiding them is for the reader; the read-only catalogue is what refuses the writes."""
    return current_mode().can_write


def catalogue() -> Catalogue:
    """The catalogue named by HERBKB_DB, read-only unless this app may write, or the page
    stops with a message saying why not."""
    try:
        return _open(*_opening_args())
    except CatalogueError as exc:
        st.error(t("error.catalogue", error=exc), icon=":material/error:")
        st.stop()


# one table only: a second entry kept the index an import replaced (440 MB at 50,000 herbs)
@functools.lru_cache(maxsize=1)
def _browser(where: str, data_version: int, index: SearchIndex) -> Browser:
    return Browser(index)


@functools.lru_cache(maxsize=1)
def _frozen(index: SearchIndex) -> None:
    """Once for each index built (at start, after an import): it then lives
    as long as the server, and left to the collector, each full collection walked it again
    (0.2 s at 50,000 herbs), a pause in whichever keystroke or page it fell on. An edit
    patches the index in place and freezes nothing."""
    gc.collect()
    gc.freeze()


def search_index(cat: Catalogue) -> SearchIndex:
    """The catalogue's name index as it is now, each one built frozen once. Asked for by the
    pages that use it, not by every page: a page that does not need it must not wait while
    it is built (6 s at 50,000 herbs, after start or an import)."""
    index = cat.index()
    _frozen(index)
    return index


def browser(cat: Catalogue) -> Browser:
    """The browse table of the catalogue as it is now (rebuilt when its data version moves)."""
    index = search_index(cat)
    return _browser(cat.where, index.data_version, index)


def warm() -> None:
    """Build what each page's first visitor would otherwise wait for: the search index (seconds
    at 50,000 herbs), the browse table and its first view, and the modules only some pages
    import (Altair alone takes half a second). `herbkb serve` runs this beside the server."""
    import altair  # noqa: F401

    import herbkb.diff
    import herbkb.overview  # noqa: F401

    browser(_open(*_opening_args())).view(SearchFilters())


def herbs_or_stop(title: str) -> tuple[Catalogue, Browser]:
    """A page over every herb: its title, then the catalogue and its table, or a word on how
    to fill an empty catalogue."""
    cat = catalogue()
    table = browser(cat)
    st.title(title)
    if not len(table):
        st.info(t("error.empty"), icon=":material/inventory_2:")
        st.stop()
    return cat, table


def lang() -> str:
    """The interface language: vi (default), zh or en, as chosen in the sidebar (`?lang=`)."""
    chosen = st.session_state.get(urlstate.widget_key("lang"))
    return chosen if chosen in strings.LANGS else "vi"


def term_lang() -> str:
    return strings.TERM_LANG[lang()]


def t(key: str, /, **values: object) -> str:
    return strings.t(lang(), key, **values)


def mode_banner() -> None:
    """Say so when this app is read-only, or when anyone on the network may edit."""
    mode = current_mode()
    if mode is ServeMode.READ_ONLY:
        st.info(t("mode.read_only"), icon=":material/lock:")
    elif mode is ServeMode.ANONYMOUS_EDITS:
        st.warning(t("mode.anonymous_edits"), icon=":material/warning:")


def author_input() -> str:
    """Who is changing the catalogue: asked once, remembered for the session."""
    # kept when another page without this box is shown: one name for the whole session
    st.text_input(
        t("edit.author"), key="author", help=t("edit.author_help"), persist_state="session"
    )
    return st.session_state.get("author", "").strip()
