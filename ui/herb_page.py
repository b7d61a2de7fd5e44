"""A herb's page (`?herb=SLUG`, a permalink): names, sources, properties, monograph, references,
look-alikes, review, and the history of who changed what."""

import json

import streamlit as st

from herbkb import CatalogueError, vocab
from herbkb.diff import diff_json, revision_changes
from herbkb.records import SECTION_LANGS
from ui import pages
from ui.list_widgets import add_to_list
from ui.shared import author_input, can_write, catalogue, search_index, t, term_lang
from ui.widgets import (
    changes_table,
    herb_link,
    name_chips,
    plain,
    title_line,
    toxicity_badge,
)

cat = catalogue()
slug = st.query_params.get("herb", "").strip()
if not slug:
    st.info(t("herb.choose"), icon=":material/eco:")
    st.stop()
try:
    record = cat.record(slug)
except CatalogueError:
    st.error(t("herb.missing", slug=slug), icon=":material/search_off:")
    st.stop()

names = record.display_names
asked_author = False
if can_write():
    edit, listed = st.columns([1, 3], vertical_alignment="center")
    edit.page_link(pages.EDIT, label=t("herb.edit"), icon=":material/edit:",
                   query_params={"herb": slug})  # fmt: skip
    with listed:
        asked_author = add_to_list("herb", t("lists.add_this"), [slug])
if record.retired:
    st.warning(
        t("herb.retired", on=record.retired.on, reason=record.retired.reason),
        icon=":material/inventory_2:",
    )
    if record.retired.merged_into:
        herb_link(record.retired.merged_into, cat.record(record.retired.merged_into).display_names)
st.title(plain(names["vi"]) if "vi" in names else title_line(names))
if "vi" in names:
    st.subheader(
        " · ".join(plain(names[k]) for k in ("zh-Hans", "zh-Latn-pinyin", "la") if k in names)
    )
if record.toxicity in ("slight", "toxic", "high"):
    label = vocab.TOXICITY.get(record.toxicity).label(term_lang())
    banner = st.error if record.toxicity != "slight" else st.warning
    banner(t("herb.toxic_banner", label=label.capitalize()), icon=":material/warning:")
index = search_index(cat)
herb_id = index.by_slug.get(slug)
lookalikes = index.lookalikes(herb_id) if herb_id is not None else []
if lookalikes:
    with st.container(border=True):
        st.markdown(f"**{t('herb.lookalikes')}**")
        for other in lookalikes:
            herb_link(other.slug, other.names)
            if other.note:
                st.caption(plain(other.note))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("herb.names"), divider="gray")
    by_lang: dict[str, list[str]] = {}
    for name in record.names:
        kind = (
            ""
            if name.kind == "primary"
            else f" ({vocab.NAME_KIND.get(name.kind).label(term_lang())})"
        )
        by_lang.setdefault(name.lang, []).append(name.text + kind)
    ordered = [lang for lang in vocab.LANGUAGE.ids if lang in by_lang]
    name_chips([(lang, by_lang[lang]) for lang in ordered + sorted(by_lang.keys() - set(ordered))])

    st.subheader(t("herb.monograph"), divider="gray")
    langs = [lang for lang in SECTION_LANGS if any(s.lang == lang for s in record.sections)]
    if not langs:
        st.caption(t("herb.no_monograph"))
    order = {term: i for i, term in enumerate(vocab.SECTION.ids)}
    tab_labels = [vocab.LANGUAGE.get(lang).label(lang) for lang in langs]
    for tab, lang in zip(st.tabs(tab_labels), langs, strict=True) if langs else ():
        with tab:
            for section in sorted(
                (s for s in record.sections if s.lang == lang), key=lambda s: order[s.section]
            ):
                st.markdown(f"##### {vocab.SECTION.get(section.section).label(lang)}")
                st.markdown(section.text)

with right:
    st.subheader(t("herb.sources"), divider="gray")
    for source in record.sources:
        part = vocab.PART.get(source.part).label(term_lang()) if source.part else ""
        line = f"*{plain(source.species)}*" + (
            f" — {plain(source.family)}" if source.family else ""
        )
        st.markdown(line + (f"  \n{part}" if part else ""))
        if source.synonyms:
            st.caption(f"{t('herb.synonyms')}: " + ", ".join(plain(s) for s in source.synonyms))

    st.subheader(t("herb.properties"), divider="gray")
    properties = [
        ("nature", [record.nature] if record.nature else []),
        ("flavour", record.flavours),
        ("meridian", record.meridians),
        ("toxicity", [record.toxicity] if record.toxicity else []),
        ("category", record.categories),
    ]
    for facet, terms in properties:
        if terms:
            vocabulary = vocab.PROPERTY_VOCABS[facet]
            labels = ", ".join(
                " · ".join((term.vi, term.zh, term.en)) for term in map(vocabulary.get, terms)
            )
            st.markdown(f"**{t(f'facet.{facet}')}**: {labels}")
    if badge := toxicity_badge(record.toxicity):
        st.markdown(badge)

    if record.references:
        st.subheader(t("herb.references"), divider="gray")
        citations = cat.references()
        for key in record.references:
            st.markdown(f"- {plain(citations.get(key, key))}")

    st.subheader(t("herb.review"), divider="gray")
    status = vocab.REVIEW_STATUS.get(record.review.status).label(term_lang())
    review = record.review
    if review.by:
        st.markdown(
            plain(t("herb.reviewed_by", status=status, by=review.by, on=review.on or "",
                    reference=review.reference or ""))
        )  # fmt: skip
    else:
        st.markdown(plain(status))
    if record.provenance:
        st.caption(f"{t('herb.provenance')}: {plain(record.provenance)}")


def restore(version: int) -> None:
    try:
        cat.restore(slug, version, author=st.session_state.get("author", "").strip())
    except CatalogueError as exc:
        st.session_state["herb_error"] = str(exc)


def retire(undo: bool) -> None:
    author = st.session_state.get("author", "").strip()
    try:
        if undo:
            cat.unretire(slug, author=author)
        else:
            cat.retire(slug, author=author, reason=st.session_state.get("retire_reason", ""))
    except CatalogueError as exc:
        st.session_state["herb_error"] = str(exc)


st.subheader(t("herb.history"), divider="gray")
if can_write() and not asked_author:  # the open list button asked already
    author_input()
if error := st.session_state.pop("herb_error", None):
    st.error(plain(error), icon=":material/error:")
history = cat.history(slug)
revisions = revision_changes(history)
afters = {r.version: json.loads(r.after) for r in history if r.after}
now = record.model_dump(mode="json")
for revision in reversed(revisions):
    when = revision.at.strftime("%Y-%m-%d %H:%M")
    with st.expander(t("herb.revision", version=revision.version, at=when, author=revision.author)):
        if revision.comment:
            st.markdown(f"*{plain(revision.comment)}*")
        changes_table(revision.changes)
        if revision.version != revisions[-1].version:
            st.caption(t("herb.against_now"))
            changes_table(diff_json(afters.get(revision.version), now))
            if can_write():
                st.button(
                    t("herb.restore", version=revision.version),
                    key=f"restore_{revision.version}",
                    on_click=restore,
                    args=(revision.version,),
                    disabled=not st.session_state.get("author", "").strip(),
                )
if can_write():
    with st.expander(t("herb.unretire") if record.retired else t("herb.retire")):
        if not record.retired:
            st.text_input(t("herb.retire_reason"), key="retire_reason")
        ready = st.session_state.get("author", "").strip() and (
            record.retired or st.session_state.get("retire_reason", "").strip()
        )
        st.button(
            t("herb.unretire") if record.retired else t("herb.retire"),
            on_click=retire,
            args=(bool(record.retired),),
            disabled=not ready,
        )
