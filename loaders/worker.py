"""A second process that parses a long table's rows while the importing process matches and
writes them.

The worker is a fresh interpreter running `main`, never a fork: forking copies the whole
importing program, and a program with threads (the Streamlit server) would be copied with its
locks in whatever state other threads held them. Its only links to the importer are
its standard input (batches of rows in) and a private copy of its standard output (parsed
records out), both pickles. The importer alone holds the other ends, so however the importer
ends — return, exception, Ctrl-C, SIGTERM, SIGKILL — the worker reads end of file or writes
into a closed pipe within one batch, and exits. It runs in its own process group: Ctrl-C at a
terminal reaches the importer, which decides what stopping means.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from herbkb.records import LoadedRecord
    from loaders.table import Batch, _Layout

ROOT = Path(__file__).resolve().parent.parent
READY = "ready"  # the worker's first message: libraries loaded, send rows
STOP_WAIT = 1.0  # seconds a worker has to exit after its input closes before it is killed


class WorkerError(RuntimeError):
    """The worker ended without sending what it was given."""


class Worker:
    """The importer's end: start the worker, send batches, receive their records in order."""

    def __init__(self, layout: _Layout) -> None:
        # the worker imports the same code as this process, wherever it was imported from
        path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from loaders.worker import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
            process_group=0,
        )
        self._results: queue.SimpleQueue[list[LoadedRecord] | None] = queue.SimpleQueue()
        self._ready = threading.Event()
        self._unread = 0
        # records are read by a thread, so the worker never waits on a full pipe while the
        # importer writes it the next batch
        self._reader = threading.Thread(target=self._receive, name="herbkb-worker", daemon=True)
        self._reader.start()
        self._send(layout)

    def _send(self, message: object) -> None:
        try:
            pickle.dump(message, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.flush()
        except BrokenPipeError as exc:
            raise WorkerError(self._gone()) from exc

    def _receive(self) -> None:
        try:
            if pickle.load(self.proc.stdout) == READY:
                self._ready.set()
            while True:
                self._results.put(pickle.load(self.proc.stdout))
        except (EOFError, OSError, pickle.UnpicklingError):
            self._results.put(None)

    def _gone(self) -> str:
        return f"the row-parsing worker stopped (exit code {self._end()})"

    def _end(self) -> int:
        """Its exit code, once it has exited; one that has not within STOP_WAIT is killed."""
        try:
            return self.proc.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    @property
    def unread(self) -> int:
        """Batches sent whose records have not been taken yet."""
        return self._unread

    def has_result(self) -> bool:
        return not self._results.empty()

    def send(self, batch: Batch) -> None:
        self._send(batch)
        self._unread += 1

    def take(self) -> list[LoadedRecord]:
        """The records of the oldest batch sent (waits for them)."""
        records = self._results.get()
        if records is None:
            raise WorkerError(self._gone())
        self._unread -= 1
        return records

    def close(self) -> None:
        """End the worker: its input closes, it exits; one that does not is killed."""
        with contextlib.suppress(BrokenPipeError):  # it had gone already
            self.proc.stdin.close()
        self._end()
        self._reader.join()
        self.proc.stdout.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read(rows_in: BinaryIO, arrived: queue.SimpleQueue[Batch | None]) -> None:
    try:
        while True:
            arrived.put(pickle.load(rows_in))
    except (EOFError, OSError, pickle.UnpicklingError):
        arrived.put(None)  # the importer is done, or gone


def _serve(rows_in: BinaryIO, records_out: BinaryIO) -> None:
    from herbkb.normalize import pinyin_of, vi_exact

    layout: _Layout = pickle.load(rows_in)
    # batches are read as they arrive, by a thread, so the importer's write of the next batch
    # never waits (with a full pipe) for this one to be parsed
    arrived: queue.SimpleQueue[Batch | None] = queue.SimpleQueue()
    threading.Thread(target=_read, args=(rows_in, arrived), daemon=True).start()
    vi_exact("a")  # dictionaries load on first use: before rows arrive, not while they wait
    pinyin_of("甘草")
    # the worker only makes records and sends them off: no garbage cycles for the collector to
    # hunt, as in the importer (herbkb.importer.cyclic_gc_paused)
    gc.disable()
    pickle.dump(READY, records_out)
    records_out.flush()
    while (batch := arrived.get()) is not None:
        pickle.dump(layout.parse_batch(batch), records_out, protocol=pickle.HIGHEST_PROTOCOL)
        records_out.flush()


def main() -> None:
    # records go out on a private copy of standard output; anything a library prints goes to
    # standard error, never into the stream of pickles
    records_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        _serve(sys.stdin.buffer, records_out)
    except (EOFError, BrokenPipeError):
        os._exit(0)  # the importer has gone: nobody wants these records, nothing to flush
