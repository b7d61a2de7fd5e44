"""What every page shares: the open catalogue, cached for the life of the server process."""

from __future__ import annotations

import os

import streamlit as st

from herbkb import Catalogue


@st.cache_resource
def _open(db: str) -> Catalogue:
    return Catalogue.open(db)


def catalogue() -> Catalogue:
    """The catalogue named by HERBKB_DB; its search index refreshes itself after edits."""
    return _open(os.environ.get("HERBKB_DB", "herbkb.db"))
