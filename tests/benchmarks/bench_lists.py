"""Herb-list benchmark on the bundled catalogue: a 500-herb list exported to XLSX and to print
HTML, beside openpyxl writing the same cells bare and pandas' plain `to_html`; and resolving
500 pasted names, beside a bare top-1 search of each line.

    .venv/bin/python -m tests.benchmarks.bench_lists

Each figure is the median of --runs runs (alternating ours and the plain one), with the range;
ours include reading the list and its herbs' records from the catalogue, shown on its own too.
Budget (ARCHITECTURE section 6): each of ours under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from herbkb import Catalogue, lists
from herbkb.export import ExportOptions, list_table, write_list
from loaders import load_paths

HERBS = Path(__file__).resolve().parents[2] / "data" / "herbs"
SIZE = 500
RICH = ExportOptions(
    names=["vi", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "la", "en"],
    properties=["nature", "flavour", "meridian", "toxicity", "part"],
    sections=["actions", "indications"],
    section_langs=["vi", "zh-Hans"],
)
# the pasted names rotate through every way a delegate writes a herb
PASTE_LANGS = ("vi", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "la", "en")


def _time(run: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def _show(label: str, seconds: list[float]) -> None:
    print(
        f"  {label:46} {statistics.median(seconds):7.3f} s"
        f"  (range {min(seconds):.3f}–{max(seconds):.3f})"
    )


def _bare_xlsx(rows: list[list[object]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cat = Catalogue.open(tmp / "bench.db", create=True)
        loaded = load_paths([HERBS])
        cat.import_records(loaded.items, author="bench", references=loaded.references)
        slugs = cat.slugs()[:SIZE]
        list_id = lists.create(cat, "Benchmark 500", author="bench")
        lists.add(cat, list_id, slugs, author="bench")
        cat.index()

        table = list_table(cat, list_id, RICH)
        cells = [list(table.frame.columns)] + [
            [None if v != v else v for v in row]
            for row in table.frame.itertuples(index=False, name=None)
        ]
        count = len(cells) * len(cells[0])
        print(f"{len(table.items)} herbs × {len(table.frame.columns)} columns ({count} cells)")

        ours_t, ours_x, bare_x, ours_h, plain_h = [], [], [], [], []
        for _ in range(args.runs):
            ours_t += _time(lambda: list_table(cat, list_id, RICH), 1)
            ours_x += _time(
                lambda: write_list(list_table(cat, list_id, RICH), "xlsx", tmp / "l.xlsx"), 1
            )
            bare_x += _time(lambda: _bare_xlsx(cells, tmp / "bare.xlsx"), 1)
            ours_h += _time(
                lambda: write_list(list_table(cat, list_id, RICH), "html", tmp / "l.html"), 1
            )
            plain_h += _time(lambda: (tmp / "plain.html").write_text(table.frame.to_html()), 1)
            for path in ("l.xlsx", "l.html"):
                (tmp / path).unlink()
        print("export, the list read from the catalogue each time:")
        _show("  of which: list → table (records read)", ours_t)
        _show("ours: XLSX (styled, widths, marks)", ours_x)
        _show("openpyxl, the same cells bare", bare_x)
        _show("ours: print HTML", ours_h)
        _show("pandas to_html of the same frame", plain_h)

        records = cat.records(slugs)
        pasted = [
            r.primary(PASTE_LANGS[n % len(PASTE_LANGS)]) or r.primary("vi") or r.slug
            for n, r in enumerate(records)
        ]
        text = "\n".join(pasted)
        index = cat.index()
        ours_r = _time(lambda: lists.resolve(cat, text), args.runs)
        bare_r = _time(lambda: [index.search(line, limit=1) for line in pasted], args.runs)
        resolved = lists.resolve(cat, text)
        counts = {s: sum(r.status == s for r in resolved) for s in ("sure", "choose", "unknown")}
        print(f"resolve {len(pasted)} pasted names ({counts}):")
        _show("ours: resolve (candidates, look-alikes)", ours_r)
        _show("bare top-1 search of each line", bare_r)


if __name__ == "__main__":
    main()
