"""The app's pages, one module each, named once so that links and the router agree.

Streamlit knows a page by its URL path, so the router's pages (titled in the reader's language)
and the link targets below are the same pages.
"""

from collections.abc import Callable
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

# module, URL path, icon, title string, shown in the menu
_PAGES = {
    "search": ("search_page.py", "search", ":material/search:", "nav.search", True),
    "browse": ("browse_page.py", "browse", ":material/table_rows:", "nav.browse", True),
    "overview": ("overview_page.py", "overview", ":material/bar_chart:", "nav.overview", True),
    "lists": ("lists_page.py", "lists", ":material/list_alt:", "nav.lists", True),
    "herb": ("herb_page.py", "herb", ":material/eco:", "nav.herb", False),
    "edit": ("edit_page.py", "edit", ":material/edit_note:", "nav.new", True),
    "import": ("import_page.py", "import", ":material/upload_file:", "nav.import", True),
}
# pages that change the catalogue: not offered at all when the app is read-only
WRITING = {"edit", "import"}


def _page(name: str, title: str | None = None) -> st.Page:
    module, url_path, icon, _, shown = _PAGES[name]
    return st.Page(
        HERE / module,
        title=title,
        url_path=url_path,
        icon=icon,
        default=name == "search",
        visibility="visible" if shown else "hidden",
    )


def navigation(t: Callable[[str], str], *, writable: bool) -> list[st.Page]:
    """Every page this app offers, titled in the interface language."""
    return [
        _page(name, t(spec[3])) for name, spec in _PAGES.items() if writable or name not in WRITING
    ]


BROWSE = _page("browse")
HERB = _page("herb")
EDIT = _page("edit")
