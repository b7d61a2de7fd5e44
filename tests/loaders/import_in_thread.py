"""A Streamlit script that imports a long table from a thread, as the app's import page will:
the worker that parses its rows must be a fresh interpreter, never a fork of this server."""

import os
import threading
from pathlib import Path

import streamlit as st

from herbkb import Catalogue
from loaders import load_paths
from loaders.table import TableOptions
from tests.conftest import children

commands: set[str] = set()  # of this server's child processes, seen while rows were read
summaries: list[dict[str, int]] = []


def watch(rows_done: int) -> None:
    for pid in children(os.getpid()):
        commands.add(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())


def run() -> None:
    loaded = load_paths([Path(os.environ["HERBKB_IMPORT"])], TableOptions(parallel=True))
    catalogue = Catalogue.open(os.environ["HERBKB_DB"])
    report = catalogue.import_records(loaded.items, author="app", progress=watch)
    summaries.append(report.summary())


thread = threading.Thread(target=run)
thread.start()
thread.join()
st.session_state.commands, st.session_state.summary = commands, summaries[0]
st.write(summaries[0])
