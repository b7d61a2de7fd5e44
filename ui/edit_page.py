"""Edit a herb (`?herb=SLUG`) or add a new one: the whole record in one page, checked by the
loaders' gate before anything is saved, saved as one revision with its author and reason."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from herbkb import CatalogueError, ConflictError, vocab
from herbkb.db import BusyError
from herbkb.diff import Change
from herbkb.editing import Problem, check_form, proposals
from herbkb.records import SECTION_LANGS, HerbRecord, propose_slug
from ui import pages, strings
from ui.shared import author_input, can_write, catalogue, t, term_lang
from ui.shared import lang as ui_lang
from ui.widgets import changes_table, plain

NEW_NAMES = ("vi", "zh-Hans", "la", "en")
TABLES = {
    "names": ("text", "lang", "kind"),
    "sources": ("species", "family", "part", "synonyms"),
    "confusable_with": ("slug", "note"),
}

cat = catalogue()
if not can_write():
    st.info(t("mode.read_only"), icon=":material/lock:")
    st.stop()
if saved := st.session_state.pop("edit_saved", None):
    st.switch_page(pages.HERB, query_params={"herb": saved})

slug = st.query_params.get("herb", "").strip()
try:
    current = cat.record(slug) if slug else None
    version = cat.herb(slug).version if slug else 0
except CatalogueError:
    st.error(t("herb.missing", slug=slug), icon=":material/search_off:")
    st.stop()


def seed(record: HerbRecord | None, at_version: int) -> None:
    """Load a record into the form (a new form, or the latest version loaded)."""
    data = record.model_dump(mode="json") if record else {}
    state = st.session_state
    state["edit_of"] = slug
    state["edit_version"] = at_version
    for table, columns in TABLES.items():
        rows = data.get(table, [])
        if record is None and table == "names":
            # a new herb: a line for each name it should have (empty lines are dropped)
            rows = [{"text": "", "lang": lang, "kind": "primary"} for lang in NEW_NAMES]
        if table == "sources":
            rows = [r | {"synonyms": "; ".join(r.get("synonyms", []))} for r in rows]
        frame = pd.DataFrame(rows, columns=list(columns)).astype(object)
        state[f"base_{table}"] = frame.where(frame.notna(), None)
        state[f"gen_{table}"] = state.get(f"gen_{table}", 0) + 1
    review = data.get("review", {})
    state["edit_form"] = {
        "slug": data.get("slug", ""),
        "nature": data.get("nature"),
        "toxicity": data.get("toxicity"),
        **{field: data.get(field, [])
           for field in ("flavours", "meridians", "categories", "references")},
        **{f"sec_{section}_{lang}": next(
               (s["text"] for s in data.get("sections", [])
                if s["section"] == section and s["lang"] == lang), "")
           for section in vocab.SECTION.ids for lang in SECTION_LANGS},
        "review_status": review.get("status", "unreviewed"),
        "review_by": review.get("by") or "",
        "review_on": date.fromisoformat(review["on"]) if review.get("on") else None,
        "review_reference": review.get("reference"),
        "provenance": data.get("provenance") or "",
    }  # fmt: skip
    state["edit_gen"] = state.get("edit_gen", 0) + 1
    state["edit_problems"] = []
    state.pop("edit_conflict", None)


# Each field is a widget whose default is the loaded record's value, never a value put into
# session state: Streamlit drops a widget's state when a run does not draw it (another page
# visited, or a run cut short by the next one while the page still loads), and the form then
# came back empty, so that saving it would have emptied the herb. Loading a record makes new
# widgets (the generation in their keys); `persist_state` keeps what was typed across pages.
def key(field: str) -> str:
    return f"f_{field}@{st.session_state['edit_gen']}"


def initial(field: str) -> object:
    return st.session_state["edit_form"][field]


def value(field: str) -> object:
    """The form's value of a field; the loaded one while its widget is not drawn (the review's
    details of an unreviewed herb, a monograph section in preview)."""
    return st.session_state.get(key(field), initial(field))


# a form is filled once for its herb; a save by someone else meanwhile must not wipe what this
# editor typed (their save will say so, and offer to save on top or load the latest)
if st.session_state.get("edit_of") != slug:
    seed(current, version)


def filled(table: str) -> list[tuple[int, dict[str, object]]]:
    """The rows of an editable table as the editor left them, each with its place in the
    table; a row whose first column (the name, the species, the other herb) is empty is
    dropped."""
    frame = st.session_state.get(f"now_{table}", st.session_state[f"base_{table}"])
    out = []
    for place, row in enumerate(frame.to_dict("records")):
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        row = {k: v for k, v in row.items() if v not in (None, "") and not pd.isna(v)}
        if row.get(TABLES[table][0]):
            out.append((place, row))
    return out


def rows(table: str) -> list[dict[str, object]]:
    return [row for _, row in filled(table)]


def form_data() -> dict[str, object]:
    names = [{"kind": "primary"} | r for r in rows("names")]
    sources = [
        r | {"synonyms": [x.strip() for x in str(r.get("synonyms", "")).split(";") if x.strip()]}
        for r in rows("sources")
    ]
    sections = [
        {"section": section, "lang": lang, "text": value(f"sec_{section}_{lang}").strip()}
        for section in vocab.SECTION.ids
        for lang in SECTION_LANGS
        if value(f"sec_{section}_{lang}").strip()
    ]
    review = {"status": value("review_status")}
    if value("review_by").strip():
        review["by"] = value("review_by").strip()
    if value("review_on"):
        review["on"] = value("review_on").isoformat()
    if value("review_reference"):
        review["reference"] = value("review_reference")
    data = {
        "slug": value("slug").strip() or propose_slug(names) or "",
        "names": names,
        "sources": sources,
        "nature": value("nature"),
        "flavours": value("flavours"),
        "meridians": value("meridians"),
        "toxicity": value("toxicity"),
        "categories": value("categories"),
        "sections": sections,
        "references": value("references"),
        "confusable_with": rows("confusable_with"),
        "review": review,
        "provenance": value("provenance").strip() or None,
    }
    if current is not None and current.retired:
        data["retired"] = current.retired.model_dump(mode="json")
    return data


def save() -> None:
    """Check the form; save it as one revision when nothing blocks it."""
    state = st.session_state
    author = state.get("author", "").strip()
    checked = check_form(form_data(), cat)
    problems = list(checked.problems)
    if (
        checked.record
        and checked.record.review.status == "reviewed"
        and not (checked.record.review.on and checked.record.review.reference)
    ):
        problems.append(_problem("review", t("edit.review_needs")))
    if not author:
        problems.append(_problem("author", t("edit.author_needed")))
    state["edit_problems"] = [p.model_dump() for p in problems]
    blocking = [p for p in problems if p.level == "error"]
    if blocking or (checked.warnings and not state.get("f_accept_warnings")):
        return
    comment = state.get("f_comment", "").strip() or None
    try:
        if current is None:
            cat.add(checked.record, author=author, comment=comment or "added")
        else:
            cat.update(
                checked.record,
                expected_version=state["edit_version"],
                author=author,
                comment=comment,
            )
    except ConflictError as exc:
        merged, clashes = exc.on_top()
        state["edit_conflict"] = {
            "version": exc.version,
            "since": [r.model_dump(mode="json") for r in exc.since],
            "merged": merged.model_dump(mode="json"),
            "clashes": clashes,
        }
        return
    except BusyError:
        state["edit_problems"] = [_problem("record", t("edit.busy")).model_dump()]
        return
    except CatalogueError as exc:
        state["edit_problems"] = [_problem("record", str(exc)).model_dump()]
        return
    state.pop("edit_of", None)
    state.pop("edit_conflict", None)
    state["edit_saved"] = checked.record.slug


def _problem(field: str, message: str) -> Problem:
    return Problem(field=field, level="error", message=message)


def problems_for(field: str) -> None:
    """The problems of one field, right under it."""
    for p in st.session_state.get("edit_problems", []):
        if p["field"] == field:
            show = st.error if p["level"] == "error" else st.warning
            # `3.text` is the fourth name kept: said as the row the editor sees it in, empty
            # rows between counted
            row, _, column = p["where"].partition(".")
            where = p["where"]
            if row.isdigit() and field in TABLES:
                places = [place for place, _ in filled(field)]
                shown = places[int(row)] if int(row) < len(places) else int(row)
                where = t("edit.row", n=shown + 1) + (f" · {column}" if column else "")
            text = strings.problem(ui_lang(), p["message"], p["code"], p["values"], where)
            show(plain(text), icon=":material/error:")


def table_editor(table: str, column_config: dict[str, object]) -> None:
    frame = st.data_editor(
        st.session_state[f"base_{table}"],
        key=f"f_{table}_{st.session_state[f'gen_{table}']}",
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config,
        width="stretch",
    )
    st.session_state[f"now_{table}"] = frame


def accept(proposal: dict[str, str]) -> None:
    """Add a proposed name to the names table (it is written only when the form is saved)."""
    frame = st.session_state.get("now_names", st.session_state["base_names"])
    st.session_state["base_names"] = pd.concat([frame, pd.DataFrame([proposal])], ignore_index=True)
    st.session_state["gen_names"] += 1


def reload_latest() -> None:
    seed(cat.record(slug), cat.herb(slug).version)


def apply_on_top(conflict: dict[str, object]) -> None:
    """Refill the form with the editor's changes applied to the newer version, to check and
    save; where both changed one field, the editor's value is the one in the form."""
    seed(HerbRecord.model_validate(conflict["merged"]), conflict["version"])
    if conflict["clashes"]:
        st.session_state["edit_notice"] = t("edit.clashes", fields=", ".join(conflict["clashes"]))


def term_options(vocabulary: vocab.Vocabulary) -> dict[str, object]:
    # an empty box shows a dash, not Streamlit's English "Choose options"
    return {"options": vocabulary.ids, "placeholder": "—",
            "format_func": lambda i: " · ".join((vocabulary.get(i).vi, vocabulary.get(i).zh,
                                                 vocabulary.get(i).en))}  # fmt: skip


def field_args(field: str, options: list[str] | None = None) -> dict[str, object]:
    """A form widget's key and starting value (a selectbox starts at an index of `options`)."""
    start = initial(field)
    if options is not None:
        at = options.index(start) if start in options else None
        return {"key": key(field), "index": at, "persist_state": "session"}
    default = "default" if isinstance(start, list) else "value"
    return {"key": key(field), default: start, "persist_state": "session"}


def conflict_box(conflict: dict[str, object]) -> None:
    """Someone saved this herb since the form was loaded: who, what they changed, and what
    to do. Drawn by the Save button, where the editor is looking when it is refused."""
    with st.container(border=True):
        st.error(t("edit.conflict", version=conflict["version"]), icon=":material/sync_problem:")
        for revision in conflict["since"]:
            st.markdown(
                f"**{plain(revision['author'])}** · {revision['at'][:16].replace('T', ' ')}"
                + (f" — *{plain(revision['comment'])}*" if revision.get("comment") else "")
            )
            changes_table([Change.model_validate(c) for c in revision["changes"]])
        st.caption(t("edit.conflict_kept"))
        left, right = st.columns(2)
        left.button(t("edit.apply_on_top"), on_click=apply_on_top, args=(conflict,), type="primary")
        right.button(t("edit.load_latest"), on_click=reload_latest)


# --- the page ---------------------------------------------------------------------------------

st.title(
    t("edit.title_edit", name=current.primary("vi") or slug) if current else t("edit.title_new")
)
if notice := st.session_state.pop("edit_notice", None):
    st.warning(plain(notice), icon=":material/merge:")
problems_for("record")
st.subheader(t("herb.names"), divider="gray")
if current is None:
    st.text_input(t("edit.slug"), initial("slug"), key=key("slug"), help=t("edit.slug_help"),
                  persist_state="session")  # fmt: skip
    problems_for("slug")
table_editor(
    "names",
    {
        "text": st.column_config.TextColumn(t("edit.name"), width="large"),
        "lang": st.column_config.SelectboxColumn(
            t("edit.lang"), options=vocab.LANGUAGE.ids, required=True
        ),
        "kind": st.column_config.SelectboxColumn(t("edit.kind"), options=vocab.NAME_KIND.ids),
    },
)
problems_for("names")
proposed = None if current or value("slug").strip() else propose_slug(rows("names"))
if proposed:
    st.caption(t("edit.slug_will_be", slug=proposed))
for proposal in proposals(rows("names")):
    label = vocab.LANGUAGE.get(proposal.lang).label(term_lang())
    st.button(
        t("edit.accept", lang=label, text=proposal.text, source=proposal.source),
        key=f"accept_{proposal.lang}_{proposal.text}",
        on_click=accept,
        args=({"text": proposal.text, "lang": proposal.lang, "kind": proposal.kind},),
        icon=":material/add:",
    )

st.subheader(t("herb.sources"), divider="gray")
table_editor(
    "sources",
    {
        "species": st.column_config.TextColumn(t("edit.species"), required=True, width="large"),
        "family": st.column_config.TextColumn(t("facet.family")),
        "part": st.column_config.SelectboxColumn(t("facet.part"), options=vocab.PART.ids),
        "synonyms": st.column_config.TextColumn(t("edit.synonyms"), width="large"),
    },
)
problems_for("sources")

st.subheader(t("herb.properties"), divider="gray")
left, right = st.columns(2)
left.selectbox(t("facet.nature"), **term_options(vocab.NATURE),
               **field_args("nature", vocab.NATURE.ids))  # fmt: skip
left.multiselect(t("facet.flavour"), **term_options(vocab.FLAVOUR), **field_args("flavours"))
left.multiselect(t("facet.meridian"), **term_options(vocab.MERIDIAN), **field_args("meridians"))
right.selectbox(t("facet.toxicity"), **term_options(vocab.TOXICITY),
                **field_args("toxicity", vocab.TOXICITY.ids))  # fmt: skip
right.multiselect(t("facet.category"), **term_options(vocab.CATEGORY), **field_args("categories"))
for field in ("nature", "flavours", "meridians", "toxicity", "categories"):
    problems_for(field)

st.subheader(t("herb.monograph"), divider="gray")
preview = st.toggle(t("edit.preview"), key="f_preview")
for tab, lang in zip(
    st.tabs([vocab.LANGUAGE.get(lang).label(lang) for lang in SECTION_LANGS]),
    SECTION_LANGS,
    strict=True,
):
    with tab:
        for section in vocab.SECTION.ids:
            field = f"sec_{section}_{lang}"
            label = vocab.SECTION.get(section).label(lang)
            if preview:
                if value(field).strip():
                    st.markdown(f"##### {label}")
                    st.markdown(value(field))
            else:
                st.text_area(label, height=90, **field_args(field))
problems_for("sections")

st.subheader(t("herb.references"), divider="gray")
citations = cat.references()
st.multiselect(
    t("herb.references"),
    options=list(citations),
    format_func=lambda key: f"{key} — {citations[key][:90]}",
    label_visibility="collapsed",
    placeholder="—",
    **field_args("references"),
)
problems_for("references")

st.subheader(t("herb.lookalikes"), divider="gray")
table_editor(
    "confusable_with",
    {
        "slug": st.column_config.SelectboxColumn(
            t("edit.other_herb"), options=cat.slugs(), required=True
        ),
        "note": st.column_config.TextColumn(t("edit.how_told_apart"), width="large"),
    },
)
problems_for("confusable_with")

st.subheader(t("herb.review"), divider="gray")
status = st.segmented_control(
    t("herb.review"),
    options=vocab.REVIEW_STATUS.ids,
    format_func=lambda s: vocab.REVIEW_STATUS.get(s).label(term_lang()),
    required=True,
    default=initial("review_status"),
    key=key("review_status"),
    persist_state="session",
    label_visibility="collapsed",
)
if status == "reviewed":
    a, b, c = st.columns(3)
    a.text_input(t("edit.reviewer"), **field_args("review_by"))
    b.date_input(t("edit.reviewed_on"), max_value=date.today(), **field_args("review_on"))
    c.selectbox(t("edit.checked_against"), options=list(citations), placeholder="—",
                **field_args("review_reference", list(citations)))  # fmt: skip
problems_for("review")
st.text_area(t("herb.provenance"), height=80, **field_args("provenance"))
problems_for("provenance")

st.divider()
author_input()
problems_for("author")
st.text_input(t("edit.comment"), key="f_comment", placeholder=t("edit.comment_hint"))
if any(p["level"] == "warning" for p in st.session_state.get("edit_problems", [])):
    st.checkbox(t("edit.accept_warnings"), key="f_accept_warnings")
st.button(t("edit.save"), type="primary", on_click=save, icon=":material/save:")
if conflict := st.session_state.get("edit_conflict"):
    conflict_box(conflict)
if st.session_state.get("edit_problems"):
    st.caption(t("edit.not_saved", count=len(st.session_state["edit_problems"])))
if current is not None:
    st.caption(t("edit.version", version=st.session_state["edit_version"]))
