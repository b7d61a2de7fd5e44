"""App speed in headless Chromium, beside bare Streamlit measured in the same run:

- first render of the search page (cold, then fresh visits), beside a bare one-text-box page;
- keystroke → updated results on screen, typed letter by letter at a typist's pace, beside a
  bare page that echoes a live `st.text_input` with the same pause (the floor: the box's pause
  and Streamlit's round trip);
- a herb page opened from a permalink, and Browse's first render;
on the bundled catalogue and on one with 50,000 more herbs (`--herbs 0` skips it).

    .venv/bin/python -m tests.benchmarks.bench_render --visits 5 --herbs 50000

A keystroke's latency runs from the key press until the page's summary names the typed text
and the app has stopped running, plus one animation frame for the paint (see SETTLED). Needs
Debian's chromium.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIRST_RENDER = 2.0  # seconds, ARCHITECTURE section 6
KEYSTROKE = {"bundled": 0.3, "large": 0.5}
PERMALINK, BROWSE = 1.5, 2.0
BARE_APP = 'import streamlit as st\n\nst.text_input("Herb name", placeholder="cam thảo")\n'
# the search page's box: Streamlit's own, committing after a 60 ms pause; the summary names
# the query its results are for
BARE_LIVE = (
    "import streamlit as st\n\n"
    'q = st.text_input("Herb name", key="q", live="60ms", bind="query-params",\n'
    '                  placeholder="cam thảo · 甘草")\n'
    'with st.container(key="search-summary"):\n'
    '    st.write(f"“{q}”")\n'
)
# typed with key events (Chinese arrives whole from an input method, not a key at a time)
QUERIES = ("xuyen khung", "cam thao", "duong quy", "bach truat", "huang qi")
# ms from `since` until the summary names the typed query and the app has stopped running,
# polled once an animation frame. The URL is no sign: the box writes it before the rerun begins.
# Nor is the script state alone: a fast rerun can finish inside one React render and never flip it.
SETTLED = """async ([since, typed]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const summary = () => document.querySelector('.st-key-search-summary')?.innerText ?? '';
  const done = () => summary().includes('“' + typed + '”')
      && app.getAttribute('data-test-script-state') === 'notRunning';
  while (!done()) {
    await new Promise(requestAnimationFrame);
    if (performance.now() - since > 30000) return null;
  }
  await new Promise(requestAnimationFrame);
  return performance.now() - since;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(command: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{' '.join(command)}: no server after 120 s")


def _streamlit(script: Path, port: int) -> subprocess.Popen:
    return _serve(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port)],
        port,
    )  # fmt: skip


def _herbkb(db: Path, port: int) -> subprocess.Popen:
    return _serve(
        [sys.executable, "-m", "herbkb.cli", "serve", "--db", str(db), "--port", str(port)], port
    )


def _p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


class Browser:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.chromium = self._pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

    def page(self):
        return self.chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()

    def close(self) -> None:
        self.chromium.close()
        self._pw.stop()

    def opens(self, url: str, selector: str, visits: int) -> list[float]:
        """Seconds from navigation to `selector` on screen, each visit in a fresh context."""
        seconds = []
        for _ in range(visits):
            page = self.page()
            start = time.monotonic()
            page.goto(url)
            page.locator(selector).first.wait_for(timeout=60_000)
            seconds.append(time.monotonic() - start)
            page.context.close()
        return seconds

    def keystrokes(self, url: str) -> list[float]:
        """Seconds from each key press to its results on screen, over QUERIES."""
        seconds = []
        for query in QUERIES:
            page = self.page()
            page.goto(url)
            box = page.get_by_placeholder("cam thảo").first
            box.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)  # the first run's tail
            box.click()
            for typed in (query[: i + 1] for i in range(len(query))):
                since = page.evaluate("performance.now()")
                page.keyboard.type(typed[-1])
                settled = page.evaluate(SETTLED, [since, typed])
                if settled is None:
                    raise SystemExit(f"{url}: no results for {typed!r} after 30 s")
                seconds.append(settled / 1000)
                page.wait_for_timeout(150)  # a typist's pace
            page.context.close()
        return seconds


def _catalogue(path: Path, herbs: int) -> Path:
    from herbkb import Catalogue
    from herbkb.records import LoadedRecord, Origin
    from loaders import load_paths
    from tests.benchmarks.synthetic import records

    cat = Catalogue.open(path, create=True)
    loaded = load_paths([REPO / "data" / "herbs"])
    cat.import_records(loaded.items, author="bench", references=loaded.references)
    if herbs:
        items = (
            LoadedRecord(origin=Origin(file="synthetic", row=i), record=r)
            for i, r in enumerate(records(herbs))
        )
        cat.import_records(items, author="bench", skip_bad=True)
    return path


def _line(label: str, values: list[float], scale: float, budget: float | None = None) -> str:
    line = f"{label:40}{scale * statistics.median(values):9.2f}{scale * _p95(values):9.2f}"
    line += f"{scale * max(values):9.2f}"
    if budget is not None:
        verdict = "meets" if _p95(values) < budget else "MISSES"
        line += f"   budget {scale * budget:g}: {verdict}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--herbs", type=int, default=50_000, help="synthetic herbs; 0 to skip")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="herbkb-render-"))
    (work / "bare.py").write_text(BARE_APP, encoding="utf-8")
    (work / "live.py").write_text(BARE_LIVE, encoding="utf-8")
    catalogues = {"bundled": _catalogue(work / "bundled.db", 0)}
    if args.herbs:
        start = time.monotonic()
        catalogues["large"] = _catalogue(work / "large.db", args.herbs)
        print(f"catalogue with {args.herbs:,} more herbs built in {time.monotonic() - start:.0f} s")

    browser = Browser()
    lines = []
    try:
        port = _free_port()
        proc = _streamlit(work / "bare.py", port)
        try:
            first = browser.opens(f"http://127.0.0.1:{port}", "input", args.visits + 1)
            lines.append(("first render, s", _line("bare text box (floor), cold", first[:1], 1)))
            lines.append(("first render, s", _line("bare text box (floor), warm", first[1:], 1)))
        finally:
            proc.terminate()
        port = _free_port()
        proc = _streamlit(work / "live.py", port)
        try:
            floor = browser.keystrokes(f"http://127.0.0.1:{port}")
            lines.append(("keystroke → results, ms", _line("bare live box (floor)", floor, 1000)))
        finally:
            proc.terminate()
        for label, db in catalogues.items():
            port = _free_port()
            proc = _herbkb(db, port)
            url = f"http://127.0.0.1:{port}"
            try:
                first = browser.opens(url, "input", args.visits + 1)
                keys = browser.keystrokes(url)
                herb = browser.opens(
                    f"{url}/herb?herb=xuyen-khung", "h1:has-text('Xuyên khung')", args.visits
                )
                grid = browser.opens(f"{url}/browse", ".hk-browse td a", args.visits)
            finally:
                proc.terminate()
            lines += [
                ("first render, s", _line(f"herbkb {label}, cold", first[:1], 1, FIRST_RENDER)),
                ("first render, s", _line(f"herbkb {label}, warm", first[1:], 1)),
                ("keystroke → results, ms", _line(f"herbkb {label}", keys, 1000, KEYSTROKE[label])),
                ("page from its URL, s", _line(f"herb page, {label}", herb, 1, PERMALINK)),
                ("page from its URL, s", _line(f"Browse, {label}", grid, 1, BROWSE)),
            ]
    finally:
        browser.close()
    for heading in dict.fromkeys(h for h, _ in lines):
        print(f"\n{heading:40}{'p50':>9}{'p95':>9}{'max':>9}")
        print("\n".join(line for h, line in lines if h == heading))


if __name__ == "__main__":
    main()
