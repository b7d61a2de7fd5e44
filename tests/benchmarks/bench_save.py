"""Save benchmark: one editor's save (`Catalogue.update`) on the bundled catalogue, and 8 editors
saving different herbs at once from threads and from processes; beside the plain alternative,
the same change written by hand with sqlite3 (one UPDATE of the herb row and one revision INSERT
in one transaction: the floor of any durable save in this file).

    .venv/bin/python -m tests.benchmarks.bench_save --saves 30

Prints the median and range of one save, the search right after it (the index patched), and
the wall time and slowest save of 8 concurrent editors (median of 3 rounds).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from herbkb import Catalogue
from herbkb.records import HerbRecord
from loaders import load_paths

DATA = Path(__file__).resolve().parents[2] / "data" / "herbs"
EDITORS = 8


def _bundled(folder: Path) -> Path:
    path = folder / "herbkb.db"
    cat = Catalogue.open(path, create=True)
    loaded = load_paths([DATA])
    cat.import_records(loaded.items, author="bench", references=loaded.references)
    return path


def _edited(record: HerbRecord, n: int) -> HerbRecord:
    return record.model_copy(update={"provenance": f"benchmark edit {n}"})


def _save(cat: Catalogue, slug: str, n: int) -> float:
    record = _edited(cat.record(slug), n)
    version = cat.herb(slug).version
    start = time.perf_counter()
    cat.update(record, expected_version=version, author="bench", comment=f"edit {n}")
    return time.perf_counter() - start


def _plain_save(path: Path, slug: str, n: int) -> float:
    record = _edited(Catalogue.open(path).record(slug), n).model_dump_json()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE herb SET provenance = ?, version = version + 1 WHERE slug = ?", (n, slug))
    conn.execute(
        "INSERT INTO revision (entity, entity_id, version, author, at, comment, after) "
        "VALUES ('herb', ?, 0, 'bench', datetime('now'), 'plain', ?)",
        (slug, record),
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _summary(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1e3 for s in seconds)
    print(f"{label:46} median {statistics.median(ms):7.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f})")


def _threads(path: Path, slugs: list[str], n: int) -> tuple[float, float]:
    cat = Catalogue.open(path)  # one catalogue shared by every session, as in the app
    records = {slug: _edited(cat.record(slug), n) for slug in slugs}
    versions = {slug: cat.herb(slug).version for slug in slugs}
    start = threading.Barrier(len(slugs))

    def one(slug: str) -> tuple[float, float]:
        start.wait()
        began = time.perf_counter()
        cat.update(records[slug], expected_version=versions[slug], author="bench")
        return began, time.perf_counter()

    with ThreadPoolExecutor(len(slugs)) as pool:
        spans = list(pool.map(one, slugs))
    return _wall_and_slowest(spans)


def _child(path: Path, slug: str, n: int, start, spans) -> None:
    cat = Catalogue.open(path)
    record, version = _edited(cat.record(slug), n), cat.herb(slug).version
    start.wait()
    began = time.perf_counter()
    cat.update(record, expected_version=version, author="bench")
    spans.put((began, time.perf_counter()))


def _processes(path: Path, slugs: list[str], n: int) -> tuple[float, float]:
    ctx = multiprocessing.get_context("fork")
    start, spans = ctx.Barrier(len(slugs)), ctx.Queue()
    children = [ctx.Process(target=_child, args=(path, s, n, start, spans)) for s in slugs]
    for child in children:
        child.start()
    results = [spans.get(timeout=120) for _ in children]
    for child in children:
        child.join()
    return _wall_and_slowest(results)


def _wall_and_slowest(spans: list[tuple[float, float]]) -> tuple[float, float]:
    wall = max(end for _, end in spans) - min(began for began, _ in spans)
    return wall, max(end - began for began, end in spans)


def _rounds(label: str, run: Callable[[int], tuple[float, float]]) -> None:
    walls, slowest = zip(*(run(n) for n in range(3)), strict=True)
    print(
        f"{label:46} all saved in {statistics.median(walls) * 1e3:7.1f} ms, "
        f"slowest save {statistics.median(slowest) * 1e3:.1f} ms (median of 3 rounds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = _bundled(Path(folder))
        cat = Catalogue.open(path)
        slugs = cat.slugs()
        print(f"bundled catalogue: {len(slugs)} herbs")
        cat.search("cam thao")  # the index built once, as in a running app
        saves, searches = [], []
        for n in range(args.saves):
            saves.append(_save(cat, "cam-thao", n))
            start = time.perf_counter()
            cat.search("cam thao")
            searches.append(time.perf_counter() - start)
        _summary("save (Catalogue.update)", saves)
        _summary("next search (index patched)", searches)
        plain = [_plain_save(path, "duong-quy", n) for n in range(args.saves)]
        _summary("plain: sqlite3 UPDATE + INSERT, one transaction", plain)
        editors = slugs[:EDITORS]
        _rounds(
            f"{EDITORS} editors, different herbs, threads", lambda n: _threads(path, editors, n)
        )
        _rounds(
            f"{EDITORS} editors, different herbs, processes", lambda n: _processes(path, editors, n)
        )


if __name__ == "__main__":
    main()
