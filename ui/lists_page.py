"""Lists (`?list=ID`): a conference's herbs. Build a list from pasted names, settling by hand
every line that is not sure; order it and note its herbs; choose what an export carries,
preview it and download it as Excel, CSV, JSON, Markdown or a printable handout."""

from typing import get_args

import pandas as pd
import streamlit as st

from herbkb import lists, vocab
from herbkb.export import (
    FORMATS,
    MEDIA_TYPES,
    NAME_FIELDS,
    ExportOptions,
    Property,
    list_bytes,
    list_table,
    warnings,
)
from herbkb.lists import Candidate, HerbListView, PastedLine
from herbkb.records import SECTION_LANGS
from ui import strings, urlstate
from ui.list_widgets import change, file_name, flash, show_flash
from ui.shared import author_input, can_write, catalogue, lang, t, term_lang
from ui.widgets import (
    TITLE_LANGS,
    explain,
    lookalike_badges,
    plain,
    title_line,
    toxicity_badge,
)

ORDERS = ["vi", "pinyin", "la"]


def language(tag: str) -> str:
    found = vocab.LANGUAGE.lookup(tag)
    return found.label(term_lang()) if found else tag


def herb_label(names: dict[str, str]) -> str:
    """A herb's names as plain text, for a choice's options (which are not Markdown)."""
    return " · ".join(names[k] for k in TITLE_LANGS if names.get(k))


def why(candidate: Candidate) -> str:
    """How a candidate matched, and its warnings (short names: a phone's width holds them)."""
    shown = (
        plain(explain(candidate.matched)),
        toxicity_badge(candidate.toxicity),
        lookalike_badges(candidate.lookalikes, ("vi", "zh-Hans")),
    )
    return " ".join(x for x in shown if x)


def show_list(list_id: int) -> None:
    urlstate.seed("list", str(list_id))
    urlstate.publish("list")


# --- changes (widget callbacks: they run before the page is drawn again) ----------------------


def create() -> None:
    title = st.session_state.get("new_title", "")
    done, new = change(
        lists.create, title, note=st.session_state.get("new_note"),
        done=t("lists.created", title=title),
    )  # fmt: skip
    if done:
        show_list(new)
        st.session_state["new_title"] = st.session_state["new_note"] = ""


def paste(list_id: int) -> None:
    """Add the sure lines at once; keep the others for the organiser to settle."""
    resolved = lists.resolve(catalogue(), st.session_state.get(f"paste_{list_id}", ""))
    sure = [line.slug for line in resolved if line.slug]
    pending = [line for line in resolved if line.status != "sure"]
    done, result = change(lists.add, list_id, sure)
    if not done:
        return
    st.session_state[f"pending_{list_id}"] = pending
    st.session_state[f"paste_{list_id}"] = ""
    flash(
        "success",
        t(
            "lists.pasted",
            added=len(result.added),
            already=len(result.already),
            choose=sum(line.status == "choose" for line in pending),
            unknown=sum(line.status == "unknown" for line in pending),
        ),
    )


def add_chosen(list_id: int) -> None:
    """Add what the organiser chose; a skipped line goes, an undecided one stays."""
    pending: list[PastedLine] = st.session_state.get(f"pending_{list_id}", [])
    picks = {line.line: st.session_state.get(f"pick_{list_id}_{line.line}") for line in pending}
    if change(lists.add, list_id, [slug for slug in picks.values() if slug])[0]:
        st.session_state[f"pending_{list_id}"] = [
            line for line in pending if line.status == "unknown" or picks[line.line] is None
        ]


def save_item(list_id: int, slug: str, keys: tuple[str, str], position: int, note: str) -> None:
    moved, noted = (st.session_state.get(k) for k in keys)
    if moved != position and not change(lists.move, list_id, slug, moved)[0]:
        return
    if (noted or "") != note:
        change(lists.set_item_note, list_id, slug, noted)


def delete(view: HerbListView) -> None:
    if change(lists.delete_list, view.id, done=t("lists.deleted", title=view.title))[0]:
        del st.query_params["list"]


def copy(list_id: int) -> None:
    done, new = change(lists.copy, list_id, st.session_state.get(f"copy_{list_id}", ""))
    if done:
        show_list(new)


# --- the page -----------------------------------------------------------------------------------


def choose_list(found: list[lists.ListSummary]) -> int:
    """The list shown: the URL's, else the one shown last, else the latest changed."""
    by_id = {str(x.id): x for x in found}
    linked = urlstate.from_url("list", list(by_id))
    if linked:
        urlstate.seed("list", linked[0])
    elif st.session_state.get(urlstate.widget_key("list")) not in by_id:
        urlstate.seed("list", next(iter(by_id)))
    chosen = st.selectbox(
        t("lists.choose"),
        list(by_id),
        format_func=lambda i: t("lists.option", title=by_id[i].title, count=by_id[i].count),
        key=urlstate.widget_key("list"),
        on_change=urlstate.publish,
        args=("list",),
    )
    urlstate.publish("list")
    return int(chosen)


def pasting(list_id: int) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('lists.paste')}**")
        st.text_area(t("lists.paste_box"), key=f"paste_{list_id}", height=140)
        st.button(
            t("lists.resolve"), on_click=paste, args=(list_id,), type="primary",
            icon=":material/playlist_add_check:",
        )  # fmt: skip
        pending: list[PastedLine] = st.session_state.get(f"pending_{list_id}", [])
        unsure = [line for line in pending if line.status == "choose"]
        if unsure:
            st.markdown(f"**{t('lists.to_choose')}**")
            for line in unsure:
                candidates = {c.slug: c for c in line.candidates}
                st.radio(
                    plain(t("lists.line", line=line.line, text=line.query,
                            reason=t(f"cause.{line.cause}"))),
                    ["", *candidates],
                    index=None,
                    format_func=lambda s, c=candidates: (
                        title_line(c[s].names) if s else t("lists.skip")
                    ),
                    captions=["", *map(why, candidates.values())],
                    key=f"pick_{list_id}_{line.line}",
                )  # fmt: skip
            st.button(t("lists.add_chosen"), on_click=add_chosen, args=(list_id,))
        unknown = [line for line in pending if line.status == "unknown"]
        if unknown:
            lines = "; ".join(f"{line.line}: “{line.query}”" for line in unknown)
            st.warning(plain(t("lists.unknown", lines=lines)), icon=":material/search_off:")


def items_table(view: HerbListView) -> None:
    header = lang()
    st.dataframe(
        pd.DataFrame(
            {
                "#": [i.position for i in view.items],
                **{t(f"col.{k}"): [i.names.get(k, "") for i in view.items] for k in TITLE_LANGS},
                t("lists.warnings"): ["\n".join(warnings(i, header)) for i in view.items],
                t("lists.note"): [i.note or "" for i in view.items],
            }
        ),
        hide_index=True,
    )


def item_editor(view: HerbListView) -> None:
    by_slug = {i.slug: i for i in view.items}
    with st.container(border=True):
        slug = st.selectbox(
            t("lists.item"),
            list(by_slug),
            format_func=lambda s: f"{by_slug[s].position}. {herb_label(by_slug[s].names) or s}",
            key=f"item_{view.id}",
        )
        item = by_slug[slug]
        # keyed by version: after any change the boxes show the list as it now is
        keys = (f"pos_{view.id}_{slug}_{view.version}", f"note_{view.id}_{slug}_{view.version}")
        left, right = st.columns([1, 3])
        left.number_input(t("lists.position"), 1, len(view.items), value=item.position, key=keys[0])
        right.text_input(t("lists.item_note"), value=item.note or "", key=keys[1])
        left, right = st.columns(2)
        left.button(
            t("lists.save_item"), on_click=save_item,
            args=(view.id, slug, keys, item.position, item.note or ""), icon=":material/save:",
        )  # fmt: skip
        right.button(
            t("lists.remove"), on_click=change, args=(lists.remove, view.id, [slug]),
            icon=":material/remove_circle:",
        )  # fmt: skip
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    order = left.selectbox(
        t("lists.sort_by"), ORDERS, format_func=lambda o: t(f"order.{o}"), key=f"sort_{view.id}"
    )
    right.button(
        t("lists.sort"), on_click=change, args=(lists.sort, view.id, order),
        icon=":material/sort:",
    )  # fmt: skip


def managing(view: HerbListView) -> None:
    with st.expander(t("lists.manage"), icon=":material/edit:"):
        key = f"{view.id}_{view.version}"
        st.text_input(t("lists.title"), value=view.title, key=f"rename_{key}")
        st.button(
            t("lists.rename"), on_click=lambda: change(
                lists.rename, view.id, st.session_state[f"rename_{key}"]),
        )  # fmt: skip
        st.text_area(t("lists.note"), value=view.note or "", key=f"list_note_{key}", height=80)
        st.button(
            t("lists.save_note"), on_click=lambda: change(
                lists.set_note, view.id, st.session_state[f"list_note_{key}"]),
        )  # fmt: skip
        st.divider()
        st.text_input(t("lists.copy_title"), key=f"copy_{view.id}")
        st.button(t("lists.copy"), on_click=copy, args=(view.id,), icon=":material/content_copy:")
        st.divider()
        sure = st.checkbox(t("lists.confirm_delete"), key=f"confirm_{view.id}")
        st.button(
            t("lists.delete"), on_click=delete, args=(view,), disabled=not sure,
            icon=":material/delete:",
        )  # fmt: skip


def history(view: HerbListView) -> None:
    with st.expander(t("lists.history"), icon=":material/history:"):
        for c in reversed(lists.history(catalogue(), view.id)):
            when = c.at.strftime("%Y-%m-%d %H:%M")
            st.caption(plain(f"{c.version} · {when} · {c.author} — {c.comment}"))


def exporting(view: HerbListView) -> None:
    st.subheader(t("lists.export"), divider="gray")
    defaults = ExportOptions()
    # the whole width: every chosen language stays in sight
    names = st.multiselect(
        t("lists.names"), NAME_FIELDS, default=defaults.names, format_func=language, key="x_names"
    )
    left, right = st.columns(2)
    with left:
        species = st.checkbox(t("lists.species"), value=defaults.species, key="x_species")
        properties = st.multiselect(
            t("lists.properties"), get_args(Property), default=defaults.properties,
            format_func=lambda p: t(f"facet.{p}"), key="x_properties",
        )  # fmt: skip
        sections = st.multiselect(
            t("lists.sections"), vocab.SECTION.ids,
            format_func=lambda s: vocab.SECTION.get(s).label(term_lang()), key="x_sections",
            placeholder=t("lists.no_sections"),
        )  # fmt: skip
        section_langs = st.multiselect(
            t("lists.section_langs"), SECTION_LANGS, default=defaults.section_langs,
            format_func=language, key="x_section_langs", disabled=not sections,
        )  # fmt: skip
    with right:
        header = st.segmented_control(
            t("lists.header"), strings.LANGS, default=lang(), required=True,
            format_func=strings.LANG_NAMES.get, key="x_header",
        )  # fmt: skip
        order = st.selectbox(
            t("lists.order"), ["list", *ORDERS], format_func=lambda o: t(f"order.{o}"),
            key="x_sort",
        )  # fmt: skip
        layout = st.radio(
            t("lists.layout"), ["table", "cards"], horizontal=True,
            format_func=lambda x: t(f"layout.{x}"), key="x_layout",
        )  # fmt: skip
        notes = st.checkbox(t("lists.item_notes"), value=defaults.notes, key="x_notes")
        with_warnings = st.toggle(
            t("lists.with_warnings"), value=defaults.warnings, key="x_warnings"
        )
    if not with_warnings:
        st.warning(t("lists.warnings_off"), icon=":material/warning:")
    options = ExportOptions(
        names=names, species=species, properties=list(properties), sections=sections,
        section_langs=section_langs, header=header, sort=order, warnings=with_warnings,
        notes=notes, layout=layout,
    )  # fmt: skip
    table = list_table(catalogue(), view.id, options)
    st.markdown(f"**{t('lists.preview')}**")
    st.dataframe(table.frame, hide_index=True)
    # a radio, not a segmented control: its options wrap on a phone instead of going off-screen
    fmt = st.radio(
        t("lists.format"), FORMATS, horizontal=True, format_func=lambda f: t(f"format.{f}"),
        key="x_format",
    )  # fmt: skip
    st.download_button(
        t("lists.download", format=t(f"format.{fmt}")),
        list_bytes(table, fmt),
        file_name=file_name(view.title, fmt),
        mime=MEDIA_TYPES[fmt],
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
    if fmt == "html":
        st.caption(t("lists.print_hint"))


cat = catalogue()
st.title(t("nav.lists"))
show_flash()
writer = can_write()
if writer:
    author_input()
found = lists.all_lists(cat)
if writer:
    with st.expander(t("lists.new"), expanded=not found, icon=":material/add:"):
        st.text_input(t("lists.title"), key="new_title")
        st.text_input(t("lists.note"), key="new_note")
        st.button(t("lists.create"), on_click=create, type="primary")
if not found:
    st.info(t("lists.none"), icon=":material/list_alt:")
    st.stop()

view = lists.get(cat, choose_list(found))
st.subheader(plain(view.title))
if view.note:
    st.markdown(plain(view.note))
changed = view.changed_at.strftime("%Y-%m-%d %H:%M")
st.caption(plain(t("lists.changed", count=len(view.items), at=changed, author=view.changed_by)))
if writer:
    pasting(view.id)
st.subheader(t("lists.items"), divider="gray")
if view.items:
    items_table(view)
    if writer:
        item_editor(view)
else:
    st.info(t("lists.empty"), icon=":material/playlist_add:")
if writer:
    managing(view)
history(view)
if view.items:
    exporting(view)
