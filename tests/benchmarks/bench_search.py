"""Search benchmark: the bundled catalogue plus N synthetic herbs (about ten names each), side by
side with a full rapidfuzz WRatio scan, SQLite LIKE and SQLite FTS5 trigram over the same names.

    .venv/bin/python -m tests.benchmarks.bench_search --herbs 50000

Prints index build time and memory, query latency (p50 / p95), and top-1 / top-5 on the
evaluation set (tests/search_eval.tsv) for ours and for the full scan.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from herbkb import Catalogue

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent / "search_eval.tsv"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1e3, ordered[int(len(ordered) * 0.95)] * 1e3


def _timed(
    run: Callable[[str], list[str]], queries: list[str]
) -> tuple[list[list[str]], list[float]]:
    results, seconds = [], []
    for query in queries:
        start = time.perf_counter()
        results.append(run(query))
        seconds.append(time.perf_counter() - start)
    return results, seconds


def _accuracy(results: list[list[str]], wanted: list[set[str]]) -> tuple[float, float]:
    top1 = sum(bool(r) and r[0] in w for r, w in zip(results, wanted, strict=True))
    top5 = sum(bool(w & set(r[:5])) for r, w in zip(results, wanted, strict=True))
    return 100 * top1 / len(wanted), 100 * top5 / len(wanted)


def _build(db: Path) -> None:
    """Build the index of `db` in this (fresh) process; print its time and resident memory."""
    from herbkb import Catalogue
    from herbkb.search import SearchIndex

    cat = Catalogue.open(db)
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    index = SearchIndex.build(cat)
    seconds = time.perf_counter() - start
    gc.collect()
    print(json.dumps({"seconds": seconds, "mb": _rss_mb() - before, "names": len(index.name_norm)}))


# queries no name can match, of every length and script a user can paste
LONG_QUERIES = ["甘草" * 2500, "cam thao " * 600, "x" * 5000, "Radix " * 800, "đau\x00 đầu " * 400]


def _cases() -> list[dict[str, str]]:
    with EVAL.open(encoding="utf-8") as fh:
        return [c for c in csv.DictReader(fh, delimiter="\t") if "|" not in c["slug"]]


def _bundled_latency(cat: Catalogue) -> None:
    """Latency over the bundled catalogue alone, and the slowest of LONG_QUERIES (names and
    full text, three times each, after a first pass)."""
    from herbkb.search import SearchIndex

    index = SearchIndex.build(cat)
    queries = [c["query"] for c in _cases()]
    _timed(lambda q: index.search(q, limit=10), queries)  # first calls load the normalisers
    _, seconds = _timed(lambda q: index.search(q, limit=10), queries)
    p50, p95 = _percentiles(seconds)
    for full_text in (False, True):  # once, so each word is normalised before it is timed
        _timed(lambda q, f=full_text: cat.search(q, limit=10, full_text=f), LONG_QUERIES)
    _, long_names = _timed(lambda q: cat.search(q, limit=10), LONG_QUERIES * 3)
    _, long_text = _timed(lambda q: cat.search(q, limit=10, full_text=True), LONG_QUERIES * 3)
    print(f"bundled catalogue: p50 {p50:.2f} ms, p95 {p95:.2f} ms (budget 5 ms); slowest of "
          f"{len(LONG_QUERIES)} queries of up to 5,000 characters: names "
          f"{max(long_names) * 1e3:.1f} ms, full text {max(long_text) * 1e3:.1f} ms "
          f"(budget 50 ms)")  # fmt: skip


def _by_kind(cases: list[dict[str, str]], results: list[list[str]]) -> None:
    kinds: dict[str, list[tuple[list[str], set[str]]]] = {}
    for case, result in zip(cases, results, strict=True):
        kinds.setdefault(case["kind"], []).append((result, {case["slug"]}))
    print(f"\n{'kind':26}{'queries':>9}{'top-1 %':>9}{'top-5 %':>9}")
    for kind, pairs in sorted(kinds.items()):
        t1, t5 = _accuracy([r for r, _ in pairs], [w for _, w in pairs])
        print(f"{kind:26}{len(pairs):9}{t1:9.1f}{t5:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--herbs", type=int, default=50_000)
    parser.add_argument("--scan-queries", type=int, default=100, help="queries for the slow scans")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        _build(args.build)
        return

    from herbkb import Catalogue
    from herbkb.normalize import fold
    from herbkb.records import LoadedRecord, Origin
    from herbkb.search import SearchIndex
    from loaders import load_paths
    from tests.benchmarks.synthetic import HERBS, records

    work = Path(tempfile.mkdtemp(prefix="herbkb-bench-"))
    cat = Catalogue.open(work / "big.db", create=True)
    bundled = load_paths([HERBS])
    cat.import_records(bundled.items, author="bench", references=bundled.references)
    _bundled_latency(cat)
    start = time.perf_counter()
    synthetic = records(args.herbs)
    items = (
        LoadedRecord(origin=Origin(file="synthetic", row=i), record=r)
        for i, r in enumerate(synthetic)
    )
    report = cat.import_records(items, author="bench", skip_bad=True)
    print(f"synthetic import: {report.summary()}")
    print(f"catalogue: {cat.stats()['herbs']:,} herbs, {cat.stats()['names']:,} names "
          f"(made in {time.perf_counter() - start:.0f} s)")  # fmt: skip
    del synthetic, items

    # built in a fresh process, so its memory is its own and not the records' just freed
    child = [sys.executable, "-m", "tests.benchmarks.bench_search", "--build", str(work / "big.db")]
    build = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
    print(f"index build: {build['seconds']:.1f} s, {build['mb']:.0f} MB resident "
          f"(budget 10 s, 500 MB)")  # fmt: skip
    index = SearchIndex.build(cat)

    cases = _cases()
    queries = [c["query"] for c in cases]
    wanted = [{c["slug"]} for c in cases]

    ours, ours_s = _timed(lambda q: [h.slug for h in index.search(q, limit=10)], queries)

    # the plain alternatives, over the same names (folded, as a user would want them compared)
    with cat.engine.connect() as conn:
        rows = list(
            conn.exec_driver_sql(
                "SELECT h.slug, n.text FROM herbname n JOIN herb h ON h.id = n.herb_id"
            )
        )
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE names_trigram "
            "USING fts5(slug UNINDEXED, name, tokenize='trigram')"
        )
        conn.exec_driver_sql(
            "INSERT INTO names_trigram SELECT h.slug, n.norm "
            "FROM herbname n JOIN herb h ON h.id = n.herb_id"
        )
        conn.commit()
    slugs = [slug for slug, _ in rows]
    folded = [fold(text) for _, text in rows]

    def best_per_herb(pairs: list[tuple[int, float]]) -> list[str]:
        seen: dict[str, None] = {}
        for i, _ in pairs:
            seen.setdefault(slugs[i], None)
        return list(seen)[:10]

    def wratio(q: str) -> list[str]:
        found = process.extract(fold(q), folded, scorer=fuzz.WRatio, limit=50)
        return best_per_herb([(i, s) for _, s, i in found])

    def like(q: str) -> list[str]:
        with cat.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT DISTINCT h.slug FROM herbname n JOIN herb h ON h.id = n.herb_id "
                "WHERE n.norm LIKE ? LIMIT 10", (f"%{q.strip().casefold()}%",))  # fmt: skip
            return [r[0] for r in found]

    def trigram(q: str) -> list[str]:
        term = q.strip().casefold().replace('"', "")
        if len(term) < 3:
            return []
        with cat.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT DISTINCT slug FROM names_trigram WHERE name MATCH ? LIMIT 10",
                (f'"{term}"',),
            )
            return [r[0] for r in found]

    sample = slice(0, args.scan_queries)
    print(f"\n{len(queries)} evaluation queries ({args.scan_queries} for the slow scans)")
    print(f"{'':26}{'p50 ms':>9}{'p95 ms':>9}{'top-1 %':>9}{'top-5 %':>9}")
    p50, p95 = _percentiles(ours_s)
    t1, t5 = _accuracy(ours, wanted)
    print(f"{'herbkb index':26}{p50:9.2f}{p95:9.2f}{t1:9.1f}{t5:9.1f}")
    ours_sample = _accuracy(ours[sample], wanted[sample])
    for label, run in (
        ("full WRatio scan", wratio),
        ("SQLite LIKE", like),
        ("SQLite FTS5 trigram", trigram),
    ):
        results, seconds = _timed(run, queries[sample])
        p50, p95 = _percentiles(seconds)
        t1, t5 = _accuracy(results, wanted[sample])
        print(f"{label:26}{p50:9.2f}{p95:9.2f}{t1:9.1f}{t5:9.1f}")
    print(f"{'herbkb on the same sample':26}{'':18}{ours_sample[0]:9.1f}{ours_sample[1]:9.1f}")
    _by_kind(cases, ours)


if __name__ == "__main__":
    main()
