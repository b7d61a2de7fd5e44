"""HerbKB's Streamlit app: `streamlit run ui/app.py` (or `herbkb serve`)."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="HerbKB", page_icon="🌿", layout="wide")
page = st.navigation(
    [
        st.Page(
            HERE / "search_page.py",
            title="Tra cứu · Search",
            icon=":material/search:",
            default=True,
        )
    ]
)
page.run()
