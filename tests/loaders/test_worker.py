"""The row-parsing worker: a fresh process (never a fork), whose records are those parsed here."""

import os
import signal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from herbkb import Catalogue
from loaders.table import TableOptions, _layout
from loaders.worker import Worker, WorkerError
from tests.benchmarks.synthetic import rows
from tests.conftest import children, running


def test_the_worker_parses_rows_as_this_process_does_and_ends_when_closed() -> None:
    frame = rows(60)
    frame.loc[7, "中文名"] = "not chinese"  # a rejected row comes back with its reasons
    header = list(frame.columns)
    layout = _layout(header, "list.csv", TableOptions())
    numbered = [(n, list(values)) for n, values in enumerate(frame.values.tolist(), start=2)]
    batches = [numbered[:25], numbered[25:50], numbered[50:]]
    with Worker(layout) as worker:
        (pid,) = children(os.getpid())
        for batch in batches:
            worker.send(batch)
        parsed = [worker.take() for _ in batches]
    assert not running({pid})
    here = [item for batch in batches for item in layout.parse_batch(batch)]
    there = [item for batch in parsed for item in batch]
    assert [i.origin for i in there] == [i.origin for i in here]
    assert [(i.record, i.rows, i.errors, i.raw) for i in there] == [
        (i.record, i.rows, i.errors, i.raw) for i in here
    ]
    assert sum(1 for item in there if not item.valid) == 1


def test_an_import_from_a_thread_of_a_streamlit_app_runs_a_fresh_worker_and_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "list.csv"
    rows(1500).to_csv(path, index=False)
    Catalogue.open(tmp_path / "app.db", create=True)
    monkeypatch.setenv("HERBKB_IMPORT", str(path))
    monkeypatch.setenv("HERBKB_DB", str(tmp_path / "app.db"))
    before = children(os.getpid())
    at = AppTest.from_file(str(Path(__file__).parent / "import_in_thread.py"), default_timeout=60)
    at.run()
    assert not at.exception
    summary = at.session_state.summary
    assert sum(summary.values()) == 1500 and summary["rejected"] == 0
    (command,) = at.session_state.commands  # the worker, seen while it parsed rows
    assert "from loaders.worker import main" in command  # not a copy of this process
    assert not running(children(os.getpid()) - before)


def test_a_worker_killed_midway_is_an_error_that_says_so_not_a_hang() -> None:
    frame = rows(20)
    layout = _layout(list(frame.columns), "list.csv", TableOptions())
    batch = [(n, list(values)) for n, values in enumerate(frame.values.tolist(), start=2)]
    with Worker(layout) as worker:
        os.kill(worker.proc.pid, signal.SIGKILL)  # as the out-of-memory killer does
        with pytest.raises(WorkerError, match="worker stopped \\(exit code -9\\)"):
            worker.send(batch)
            worker.take()
