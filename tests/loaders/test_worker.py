"""The row-parsing worker: a fresh process whose records are those parsed here, in order."""

import os

from loaders.table import TableOptions, _layout
from loaders.worker import Worker
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
