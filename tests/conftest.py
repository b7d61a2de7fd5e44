from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest

from herbkb import Catalogue
from herbkb.records import HerbRecord
from loaders import load_paths

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "herbs"


def children(pid: int) -> set[int]:
    """The processes `pid` has started that are still running (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid_, rest = stat.read_text().split(" (", 1)
        except OSError:
            continue  # ended while we looked
        state, ppid = rest.rsplit(") ", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.add(int(pid_))
    return found


def running(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie has ended; only its exit status is left)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def ended_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while running(pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def herb(slug: str = "cam-thao", **fields: object) -> HerbRecord:
    """A small valid record, with any field overridden."""
    base: dict[str, object] = {
        "slug": slug,
        "names": [
            {"text": "Cam thảo", "lang": "vi"},
            {"text": "甘草", "lang": "zh-Hans"},
            {"text": "gān cǎo", "lang": "zh-Latn-pinyin"},
            {"text": "Glycyrrhizae Radix et Rhizoma", "lang": "la"},
        ],
        "sources": [
            {
                "species": "Glycyrrhiza uralensis Fisch.",
                "family": "Fabaceae",
                "part": "root-and-rhizome",
            }
        ],
        "nature": "neutral",
        "flavours": ["sweet"],
        "provenance": "test data",
    }
    base.update(fields)
    return HerbRecord.model_validate(base)


@pytest.fixture
def cat(tmp_path: Path) -> Catalogue:
    """An empty catalogue in a real SQLite file."""
    return Catalogue.open(tmp_path / "herbkb.db", create=True)


@pytest.fixture(scope="session")
def bundled_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data loaded once into a SQLite file; tests copy nothing into it."""
    path = tmp_path_factory.mktemp("bundled") / "herbkb.db"
    catalogue = Catalogue.open(path, create=True)
    loaded = load_paths([DATA])
    report = catalogue.import_records(loaded.items, author="test", references=loaded.references)
    rejected = [r for r in report.rows if r.outcome == "rejected"]
    assert not rejected, rejected[:5]
    return path


@pytest.fixture(scope="session")
def bundled(bundled_path: Path) -> Catalogue:
    return Catalogue.open(bundled_path)


def health(port: int) -> str | None:
    """What the app's health endpoint on this computer's `port` answers, if anything."""
    try:
        with urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
            return answer.read().decode()
    except OSError:
        return None


@contextmanager
def served(
    herbkb: list[str], db: str, log_dir: Path, *options: str, cwd: Path | None = None
) -> Iterator[tuple[int, str]]:
    """`herbkb serve` (the command given) on a free port, up to its health endpoint: yields
    (port, what it printed). Always stopped, and its port checked free, when the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = log_dir / f"serve-{port}.log"
    env = {k: v for k, v in os.environ.items() if k not in ("HERBKB_DB", "PYTHONPATH")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*herbkb, "serve", "--db", db, "--port", str(port), *options],
            stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while health(port) != "ok" and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert health(port) == "ok", f"the app did not start: {log.read_text()}"
        yield port, log.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        finally:
            proc.kill()
    # stopping serve stops the web server: nothing is left holding the port
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
