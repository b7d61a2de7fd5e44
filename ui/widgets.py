"""What several pages show the same way: a herb's title line and link, name chips, toxicity and
look-alike badges, a revision's changes."""

from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st
from pydantic import JsonValue

from herbkb import vocab
from herbkb.diff import Change
from herbkb.search import Hit, LookAlike, Match
from ui import pages
from ui.shared import lang, t, term_lang

TITLE_LANGS = ("vi", "zh-Hans", "zh-Latn-pinyin", "la")
TOXICITY_COLOUR = {"slight": "orange", "toxic": "red", "high": "red"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Text shown as written inside Markdown: no emphasis, link or HTML can come from data."""
    return _MARKDOWN.sub(r"\\\1", text)


def title_line(
    names: dict[str, str], *, bold: bool = False, langs: tuple[str, ...] = TITLE_LANGS
) -> str:
    """Vietnamese · 中文 · pinyin · Latin, whichever the herb has (Markdown, data escaped)."""
    shown = [plain(names[k]) for k in langs if names.get(k)]
    if bold and shown:
        shown[0] = f"**{shown[0]}**"
    return " · ".join(shown) or plain(names.get("en", ""))


def herb_link(slug: str, names: dict[str, str], langs: tuple[str, ...] = TITLE_LANGS) -> None:
    """A link that opens the herb's page (also by middle-click, in a new tab)."""
    params = {"herb": slug} | ({"lang": lang()} if lang() != "vi" else {})
    label = title_line(names, bold=True, langs=langs) or plain(slug)
    st.page_link(pages.HERB, label=label, query_params=params)


def explain(match: Match) -> str:
    """How a hit matched, in the interface language."""
    language = vocab.LANGUAGE.lookup(match.lang)
    lang_label = language.label(term_lang()) if language else match.lang
    if match.kind == "confusable":
        return t("match.confusable", text=match.text)
    if match.kind == "text":
        return t("match.text", text=match.text)
    how = f"match.{match.kind}" if f"match.{match.kind}" in _KINDS else "match.exact"
    said = t(how, lang=lang_label, text=match.text)
    via = f"via.{match.via}"
    return f"{said} ({t(via)})" if via in _VIAS else said


_KINDS = {"match.exact", "match.folded", "match.prefix", "match.words", "match.fuzzy"}
_VIAS = {"via.pinyin", "via.hanviet", "via.abbrev", "via.species"}


def toxicity_badge(term: str | None) -> str:
    """A toxicity badge (Markdown), empty for a herb not known to be toxic."""
    if not term or term not in TOXICITY_COLOUR:
        return ""
    label = plain(vocab.TOXICITY.get(term).label(term_lang()))
    return f":{TOXICITY_COLOUR[term]}-badge[:material/warning: {label}]"


def lookalike_badges(lookalikes: list[LookAlike], langs: tuple[str, ...] = TITLE_LANGS) -> str:
    """One badge (Markdown) for each herb this one is confused with, named in `langs`."""
    badges = []
    for other in lookalikes:
        name = title_line(other.names, langs=langs) or plain(other.slug)
        badges.append(f":violet-badge[:material/compare_arrows: {t('badge.lookalike', name=name)}]")
    return " ".join(badges)


def hit_card(hit: Hit) -> None:
    """One search result: its names as a link; its Latin and English names, how it matched and
    its warnings in one line below (one element, not five: a keystroke redraws every card)."""
    with st.container(border=True):
        # the Latin name on the line below, so that a phone's width shows every name whole
        herb_link(hit.slug, hit.names, TITLE_LANGS[:3])
        other = [f"*{plain(hit.names['la'])}*"] if hit.names.get("la") else []
        other += [plain(hit.names["en"])] if hit.names.get("en") else []
        line = " · ".join(other) + (" — " if other else "") + plain(explain(hit.matched))
        badges = " ".join(
            b for b in (toxicity_badge(hit.toxicity), lookalike_badges(hit.lookalikes)) if b
        )
        st.caption(line + (f"  \n{badges}" if badges else ""))
        if hit.snippet:
            st.markdown(hit.snippet)


def name_chips(names: list[tuple[str, list[str]]]) -> None:
    """Names grouped by language: the language's label, then its names."""
    for language, texts in names:
        term = vocab.LANGUAGE.lookup(language)
        label = term.label(term_lang()) if term else language
        st.markdown(f"**{plain(label)}** — " + " · ".join(plain(x) for x in texts))


def term_label(facet: str, term: str) -> str:
    """A facet term in the interface language (families are names, shown capitalised)."""
    if facet == "family":
        return term.capitalize()
    if facet == "lang":
        found = vocab.LANGUAGE.lookup(term)
        return found.label(term_lang()) if found else term
    vocabulary = vocab.PART if facet == "part" else vocab.PROPERTY_VOCABS[facet]
    return vocabulary.get(term).label(term_lang()) if term in vocabulary else term


def changes_table(changes: list[Change]) -> None:
    """A revision's changes, field by field: before → after."""
    if not changes:
        st.caption(t("herb.no_changes"))
        return
    st.table(
        pd.DataFrame(
            {
                t("diff.field"): [c.label for c in changes],
                t("diff.old"): [_shown(c.old) for c in changes],
                t("diff.new"): [_shown(c.new) for c in changes],
            }
        ),
        hide_index=True,
    )


def _shown(value: JsonValue) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
