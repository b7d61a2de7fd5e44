"""One box finds a herb from any of its names, in any script."""

import streamlit as st

from herbkb import CatalogueError, vocab
from ui.shared import catalogue

st.title("HerbKB")
st.caption("Tra cứu dược liệu · 药材检索 · Herb search — Việt · 中文 · pinyin · Latin · English")

try:
    cat = catalogue()
except CatalogueError as exc:
    st.error(str(exc))
    st.stop()

query = st.text_input(
    "Tên dược liệu · 药名 · Herb name",
    placeholder="cam thảo · 甘草 · gancao · Radix Glycyrrhizae",
    key="query",
)
full_text = st.toggle(
    "Tìm trong nội dung chuyên luận · 全文检索 · Search monograph text (đau đầu, 头痛, headache)",
    key="full_text",
)
if query:
    hits = cat.search(query, limit=20, full_text=full_text)
    if not hits:
        st.info(f"Không tìm thấy · 未找到 · Nothing found for “{query}”.")
    for hit in hits:
        with st.container(border=True):
            names = hit.names
            title = " · ".join(
                n for n in (names.get("vi"), names.get("zh-Hans"), names.get("zh-Latn-pinyin")) if n
            )
            st.markdown(f"**{title}**  \n*{names.get('la', '')}*")
            st.caption(hit.matched.explain)
            if hit.snippet:
                st.markdown(hit.snippet)
            for warning in hit.warnings:
                st.warning(warning, icon="⚠️")
            with st.expander("Chi tiết · 详情 · Details"):
                record = cat.record(hit.slug)
                by_lang: dict[str, list[str]] = {}
                for name in record.names:
                    by_lang.setdefault(name.lang, []).append(name.text)
                lines = []
                for lang, texts in by_lang.items():
                    term = vocab.LANGUAGE.lookup(lang)
                    lines.append(f"**{term.vi if term else lang}**: {', '.join(texts)}")
                st.markdown("  \n".join(lines))
                for source in record.sources:
                    part = vocab.PART.get(source.part).vi if source.part else ""
                    st.markdown(f"- *{source.species}* ({source.family or ''}) — {part}")
                # the monograph in one language at a time, each in its own tab
                texts: dict[str, list[str]] = {}
                for section in record.sections:
                    label = vocab.SECTION.get(section.section).label(section.lang)
                    texts.setdefault(section.lang, []).append(f"**{label}** — {section.text}")
                if texts:
                    tab_names = [vocab.LANGUAGE.get(lang).label(lang) for lang in texts]
                    for tab, paragraphs in zip(st.tabs(tab_names), texts.values(), strict=True):
                        tab.markdown("\n\n".join(paragraphs))
                status = vocab.REVIEW_STATUS.get(record.review.status)
                reviewed = f" ({record.review.by}, {record.review.on})" if record.review.by else ""
                st.caption(
                    f"{status.vi} · {status.zh} · {status.en}{reviewed} — {record.provenance or ''}"
                )
