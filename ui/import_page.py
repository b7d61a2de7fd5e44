"""Import a file: see how its columns are read, run the dry run and read its report, then
commit it all-or-nothing or without the bad rows. Only our loaders ever parse the upload."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from herbkb import CatalogueError
from herbkb.importer import OUTCOMES, ImportReport
from loaders import SUFFIXES, load_paths
from loaders.columns import MAPPABLE
from loaders.table import TableError, TableOptions, headers
from ui.shared import author_input, can_write, catalogue, t
from ui.widgets import plain

UPLOAD_LIMIT_MB = 50  # herbkb serve's server.maxUploadSize
TABLES = (".csv", ".tsv", ".txt", ".xlsx")
NOTE, IGNORE = "(ghi chú · 备注 · note)", "-"

cat = catalogue()
st.title(t("nav.import"))
if not can_write():
    st.info(t("mode.read_only"), icon=":material/lock:")
    st.stop()
st.caption(t("import.hint", suffixes=", ".join(SUFFIXES), limit=UPLOAD_LIMIT_MB))

upload = st.file_uploader(
    t("import.file"), type=[s.lstrip(".") for s in SUFFIXES], key="import_upload"
)
if upload is not None:
    # kept in the session: the uploader forgets its file when the reader changes page
    st.session_state["import_file"] = (upload.name, upload.getvalue())
if "import_file" not in st.session_state:
    st.stop()
name, data = st.session_state["import_file"]
digest = hashlib.sha256(data).hexdigest()
if st.session_state.get("import_digest") != digest:
    folder = Path(tempfile.mkdtemp(prefix="herbkb-upload-"))
    (folder / Path(name).name).write_bytes(data)
    st.session_state.update(import_digest=digest, import_path=folder / Path(name).name)
    for stale in ("import_report", "import_committed", "import_version"):
        st.session_state.pop(stale, None)
path: Path = st.session_state["import_path"]
st.markdown(f"**{plain(name)}** · {len(data) / 1024:,.0f} KB")

options = TableOptions()
if path.suffix.lower() in TABLES:
    st.subheader(t("import.columns"), divider="gray")
    try:
        read = headers(path, TableOptions())
    except (TableError, OSError) as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        st.stop()
    choices = [NOTE, IGNORE, *MAPPABLE]
    columns = st.data_editor(
        pd.DataFrame({"column": [h for h, _ in read], "field": [f or NOTE for _, f in read]}),
        column_config={
            "column": st.column_config.TextColumn(t("import.column"), disabled=True),
            "field": st.column_config.SelectboxColumn(
                t("import.field"), options=choices, required=True
            ),
        },
        hide_index=True,
        key=f"import_map_{digest[:12]}",
    )
    chosen = dict(zip(columns["column"], columns["field"], strict=True))
    options = TableOptions(
        mapping={c: f for c, f in chosen.items() if f != NOTE and f != dict(read).get(c)}
    )


def run(*, dry_run: bool, skip_bad: bool = False) -> ImportReport | None:
    """Load the file through our loaders, with a progress bar; any click meanwhile (Cancel)
    stops the run, and an unfinished import writes nothing."""
    loaded = load_paths([path], TableOptions(mapping=options.mapping, parallel=True))
    total = max(loaded.count(), 1)
    bar = st.progress(0.0, text=t("import.reading"))
    st.button(t("import.cancel"), icon=":material/stop_circle:", key="import_cancel")
    st.session_state["import_running"] = True
    try:
        report = cat.import_records(
            loaded.items,
            author=st.session_state.get("author", "").strip() or "dry run",
            references=loaded.references,
            dry_run=dry_run,
            skip_bad=skip_bad,
            progress=lambda done: bar.progress(
                min(done / total, 1.0), text=t("import.rows", n=done, total=total)
            ),
        )
    except CatalogueError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return None
    finally:
        bar.empty()
    st.session_state["import_running"] = False
    return report


if st.session_state.pop("import_running", False):
    # the last run ended before it finished: Cancel, or the reader left the page
    st.warning(t("import.stopped"), icon=":material/stop_circle:")
st.subheader(t("import.dry_run"), divider="gray")
if st.button(t("import.run_dry"), icon=":material/fact_check:"):
    report = run(dry_run=True)
    if report is not None:
        st.session_state.update(import_report=report, import_version=cat.data_version())
        st.session_state.pop("import_committed", None)

report: ImportReport | None = st.session_state.get("import_report")
if report is None:
    st.stop()
counts = report.summary()
for column, outcome in zip(st.columns(len(OUTCOMES)), OUTCOMES, strict=True):
    column.metric(t(f"outcome.{outcome}"), counts[outcome])
frame = pd.DataFrame(
    [
        {
            "outcome": t(f"outcome.{r.outcome}"),
            "file": Path(r.file).name,
            "row": r.row,
            "herb": r.herb or "",
            "names": " · ".join(r.names.values()),
            "why": "; ".join(r.reasons + r.notes),
        }
        for r in report.rows
    ]
)
for outcome in ("rejected", "conflict", "review", "added", "updated"):
    shown = frame[frame.outcome == t(f"outcome.{outcome}")]
    if len(shown):
        with st.expander(f"{t(f'outcome.{outcome}')} ({len(shown)})", expanded=outcome != "added"):
            st.dataframe(shown.drop(columns="outcome"), hide_index=True, width="stretch")
st.download_button(
    t("import.download_report"),
    frame.to_csv(index=False).encode("utf-8-sig"),
    file_name=f"{Path(name).stem}-report.csv",
    mime="text/csv",
)

if st.session_state.get("import_committed"):
    st.success(t("import.committed", **report.summary()), icon=":material/check_circle:")
    if report.count("rejected"):
        rejects = path.with_name(f"{path.stem}-rejected.csv")
        report.write_rejected(rejects)
        st.download_button(
            t("import.download_rejects"), rejects.read_bytes(), file_name=rejects.name,
            mime="text/csv",
        )  # fmt: skip
    st.stop()

st.subheader(t("import.commit"), divider="gray")
author = author_input()
skip_bad = st.toggle(t("import.skip_bad"), key="import_skip_bad") if counts["rejected"] else False
if counts["rejected"] and not skip_bad:
    st.warning(t("import.all_or_nothing", n=counts["rejected"]), icon=":material/block:")
blocked = not author or (counts["rejected"] and not skip_bad)
if st.button(t("import.do_commit"), type="primary", disabled=bool(blocked)):
    if cat.data_version() != st.session_state.get("import_version"):
        # the catalogue changed since the dry run: what it reported may no longer be true
        st.warning(t("import.changed_since"), icon=":material/sync_problem:")
        st.session_state.pop("import_report")
        st.stop()
    done = run(dry_run=False, skip_bad=skip_bad)
    if done is not None and done.committed:
        st.session_state.update(import_report=done, import_committed=True)
        st.rerun()
    elif done is not None:
        st.session_state["import_report"] = done
        st.rerun()
