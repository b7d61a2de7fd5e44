"""What the Lists page and the pages that add to a list share: running a change in the name
the session gave and saying how it went, a download's file name, and the "add to a list"
button."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from herbkb import CatalogueError, lists
from ui.shared import author_input, can_write, catalogue, t

T = TypeVar("T")
_FLASH = "lists_flash"
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def change(
    action: Callable[..., T], *args: object, done: str = "", **kwargs: object
) -> tuple[bool, T | None]:
    """Run `action(catalogue, *args, author=…, **kwargs)` in a widget's callback: whether it
    was done, and what it returned. How it went is said on the next run (`show_flash`).
    Without an author nothing is changed."""
    who = st.session_state.get("author", "").strip()
    if not who:
        flash("error", t("edit.author_needed"))
        return False, None
    try:
        result = action(catalogue(), *args, author=who, **kwargs)
    except CatalogueError as exc:
        flash("error", t("lists.failed", error=exc))
        return False, None
    flash("success", done or t("lists.saved"))
    return True, result


def flash(kind: str, text: str) -> None:
    st.session_state[_FLASH] = (kind, text)


def show_flash() -> None:
    """The message the last change left, once."""
    if found := st.session_state.pop(_FLASH, None):
        kind, text = found
        (st.success if kind == "success" else st.error)(text)


def file_name(title: str, fmt: str) -> str:
    """A download's file name from the list's title (any script; no path separators)."""
    return f"{_UNSAFE_IN_FILE_NAME.sub('-', title).strip('-.') or 'list'}.{fmt}"


def add_to_list(key: str, label: str, slugs: list[str]) -> bool:
    """A button opening "add these herbs to a list"; whether it is open (it then asks who is
    changing the catalogue, so a page must not ask again). Nothing is shown when the app is
    read-only."""
    if not can_write():
        return False
    box = st.popover(label, icon=":material/playlist_add:", key=f"{key}_popover",
                     on_change="rerun")  # fmt: skip
    # closed, nothing in it is drawn or read: Browse redraws it at every filter or page turned
    if box.open:
        with box:
            found = lists.all_lists(catalogue())
            if not found:
                st.caption(t("lists.none_yet"))
                return True
            titles = {x.id: t("lists.option", title=x.title, count=x.count) for x in found}
            st.selectbox(t("lists.choose"), list(titles), format_func=titles.get,
                         key=f"{key}_list")  # fmt: skip
            author_input()
            st.button(t("lists.add"), key=f"{key}_add", on_click=_add, args=(key, slugs))
            show_flash()  # under the button pressed, not hidden behind the open popover
    return bool(box.open)


def _add(key: str, slugs: list[str]) -> None:
    list_id = st.session_state[f"{key}_list"]
    done, result = change(lists.add, list_id, slugs)
    if done:
        title = lists.get(catalogue(), list_id).title
        flash(
            "success",
            t("lists.added", added=len(result.added), already=len(result.already), title=title),
        )
